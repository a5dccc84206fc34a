/* Test fixture: another bank plugin referring to clients, as retail or collection would. Its
 * loan applications name an applicant (a reference to a client) and co-applicants (an array of
 * them); a merge of clients must re-point both, and its undo must put them back. */
#include <crm/entity.h>
#include <crm/plugin.h>

static const crm_field_t loan_fields[] = {
    {.name = "title", .type = CRM_FIELD_STRING, .label = "Title", .flags = CRM_F_REQUIRED},
    {.name = "applicant_id", .type = CRM_FIELD_REF, .label = "Applicant",
     .flags = CRM_F_REQUIRED | CRM_F_INDEXED, .ref = "client"},
    {.name = "co_applicant_ids", .type = CRM_FIELD_ARRAY, .label = "Co-applicants",
     .item_type = CRM_FIELD_REF, .ref = "client"},
    {.name = NULL},
};

static const crm_entity_def_t loan_application = {
    .size = sizeof(crm_entity_def_t),
    .name = "loan_application",
    .label = "Loan application",
    .label_plural = "Loan applications",
    .fields = loan_fields,
    .title_field = "title",
};

static int
loans_init(crm_plugin_t *plugin, crm_error_t *error)
{
    return crm_entity_register(plugin, &loan_application, error);
}

CRM_PLUGIN_DEFINE("loans_fixture", "1.0.0", "Test fixture: loan applications naming clients",
                  CRM_REQUIRES("clients"), loans_init, NULL, NULL);
