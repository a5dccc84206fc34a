/* The example plugin: registers one entity, `prospect`, a person the bank would like as a
 * client. Everything else — REST endpoints, validation, search, export, import, audit, events —
 * the core derives from this table. docs/plugin-guide.md explains each part; test_example.c
 * tests what a user relies on through the harness. demo.c seeds its demo data. */
#include <crm/demo.h>
#include <crm/entity.h>
#include <crm/event.h>
#include <crm/log.h>
#include <crm/plugin.h>
#include <crm/report.h>

/* In i18n.c: the entity's and the report's labels in Polish, Ukrainian and Russian. */
extern const crm_translations_t example_prospect_translations[];
extern const crm_translations_t example_overview_translations[];

static const crm_field_t address_fields[] = {
    {.name = "street", .type = CRM_FIELD_STRING, .label = "Street"},
    {.name = "city", .type = CRM_FIELD_STRING, .label = "City", .flags = CRM_F_REQUIRED},
    {.name = "postcode", .type = CRM_FIELD_STRING, .label = "Postcode", .max_length = 16},
    {.name = NULL},
};

static const crm_field_t prospect_fields[] = {
    {.name = "name", .type = CRM_FIELD_STRING, .label = "Name",
     .flags = CRM_F_REQUIRED | CRM_F_SEARCHABLE | CRM_F_INDEXED, .max_length = 200},
    {.name = "email", .type = CRM_FIELD_STRING, .label = "E-mail", .flags = CRM_F_SEARCHABLE,
     .max_length = 254},
    {.name = "phone", .type = CRM_FIELD_STRING, .label = "Phone", .max_length = 32},
    {.name = "external_id", .type = CRM_FIELD_STRING, .label = "Core banking id",
     .max_length = 64},
    {.name = "segment", .type = CRM_FIELD_ENUM, .label = "Segment", .flags = CRM_F_INDEXED,
     .enum_values = CRM_VALUES("mass", "affluent", "private", "sme")},
    {.name = "expected_amount", .type = CRM_FIELD_MONEY, .label = "Expected amount"},
    {.name = "score", .type = CRM_FIELD_INT, .label = "Score", .min = 0, .max = 100},
    {.name = "interest_rate", .type = CRM_FIELD_DECIMAL, .label = "Offered rate"},
    {.name = "birth_date", .type = CRM_FIELD_DATE, .label = "Birth date"},
    {.name = "contacted_at", .type = CRM_FIELD_DATETIME, .label = "Last contacted",
     .flags = CRM_F_INDEXED},
    {.name = "vip", .type = CRM_FIELD_BOOL, .label = "VIP"},
    {.name = "tags", .type = CRM_FIELD_ARRAY, .label = "Tags", .item_type = CRM_FIELD_STRING},
    {.name = "address", .type = CRM_FIELD_OBJECT, .label = "Address", .fields = address_fields},
    {.name = "referred_by", .type = CRM_FIELD_REF, .label = "Referred by", .ref = "prospect"},
    {.name = "notes", .type = CRM_FIELD_TEXT, .label = "Notes", .flags = CRM_F_SEARCHABLE,
     .max_length = 4000},
    {.name = "national_id", .type = CRM_FIELD_STRING, .label = "National id",
     .flags = CRM_F_SENSITIVE | CRM_F_READONLY, .max_length = 32},
    {.name = NULL},
};

static const crm_entity_def_t prospect = {
    .size = sizeof(crm_entity_def_t),
    .name = "prospect",
    .label = "Prospect",
    .label_plural = "Prospects",
    .fields = prospect_fields,
    .external_key = "external_id",
    .title_field = "name",
    .default_sort = "-id",
    .translations = example_prospect_translations,
};

/* A declared report: prospects by segment and time, computed in the store. */
static const crm_report_dim_t overview_dims[] = {
    {.name = "segment", .field = "segment", .label = "Segment"},
    {.name = "vip", .field = "vip", .label = "VIP"},
    /* Dims of ids (people, units, records) come with their names in the result. */
    {.name = "owner", .field = "owner_id", .label = "Owner"},
    {.name = "unit", .field = "org_unit", .label = "Unit"},
    {.name = "referred_by", .field = "referred_by", .label = "Referred by"},
    {.name = "day", .field = "contacted_at", .bucket = CRM_BUCKET_DAY, .label = "Day"},
    {.name = "week", .field = "contacted_at", .bucket = CRM_BUCKET_WEEK, .label = "Week"},
    {.name = "month", .field = "contacted_at", .bucket = CRM_BUCKET_MONTH, .label = "Month"},
    {.name = "quarter", .field = "contacted_at", .bucket = CRM_BUCKET_QUARTER, .label = "Quarter"},
    {.name = "year", .field = "contacted_at", .bucket = CRM_BUCKET_YEAR, .label = "Year"},
    {.name = NULL},
};

static const crm_report_measure_t overview_measures[] = {
    {.name = "prospects", .kind = CRM_MEASURE_COUNT, .label = "Prospects"},
    {.name = "scores", .kind = CRM_MEASURE_COUNT_DISTINCT, .field = "score",
     .label = "Distinct scores"},
    {.name = "expected", .kind = CRM_MEASURE_SUM, .field = "expected_amount.amount",
     .money_currency_field = "expected_amount.currency", .label = "Expected"},
    {.name = "avg_score", .kind = CRM_MEASURE_AVG, .field = "score", .label = "Average score"},
    {.name = "min_score", .kind = CRM_MEASURE_MIN, .field = "score", .label = "Lowest score"},
    {.name = "max_score", .kind = CRM_MEASURE_MAX, .field = "score", .label = "Highest score"},
    {.name = "expected_each", .kind = CRM_MEASURE_RATIO, .numerator = "expected",
     .denominator = "prospects", .label = "Expected per prospect"},
    {.name = NULL},
};

static const crm_report_def_t overview = {
    .size = sizeof(crm_report_def_t),
    .id = "prospects_overview",
    .title = "Prospects overview",
    .description = "Prospects contacted, by segment and period",
    .entity = "prospect",
    .date_field = "contacted_at",
    .dims = overview_dims,
    .measures = overview_measures,
    .permission = "prospect.read",
    .default_dims = CRM_VALUES("segment"),
    .translations = example_overview_translations,
};

/* Logs every new prospect: an event handler, run after the write has committed. */
static int
on_prospect_created(const crm_event_t *event, void *data, crm_error_t *error)
{
    (void)data;
    (void)error;
    crm_log(CRM_LOG_INFO, "example.prospect_created", "id=%s", event->id);
    return 0;
}

/* In demo.c: prospects for `crmd seed-demo`. */
int example_demo_seed(crm_demo_t *demo, void *data, crm_error_t *error);

static int
example_init(crm_plugin_t *plugin, crm_error_t *error)
{
    int rc = crm_entity_register(plugin, &prospect, error);

    if (rc == 0)
        rc = crm_report_register(plugin, &overview, error);
    if (rc == 0)
        rc = crm_demo_register(plugin, example_demo_seed, NULL, error);

    if (rc == 0 && crm_config_bool(crm_plugin_config(plugin), "log_new", false))
        rc = crm_on(plugin, "prospect.created", on_prospect_created, NULL, error);
    return rc;
}

static const crm_config_key_t example_keys[] = {
    {"log_new", CRM_CONFIG_BOOL, "log a line for every new prospect"},
    {NULL, 0, NULL},
};

CRM_PLUGIN_DEFINE("example", "1.0.0", "Example: prospects, one entity with every field type",
                  NULL, example_init, NULL, example_keys);
