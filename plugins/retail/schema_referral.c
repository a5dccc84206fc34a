/* The referral: one employee (a teller, say) passes a client's need to an advisor, who owns
 * it (owner_id); the referring employee is its creator (created_by). It is tracked to the
 * outcome of the opportunity it turned into (referral.c). */
#include "retail-private.h"

static const crm_field_t referral_fields[] = {
    {.name = "client_id", .type = CRM_FIELD_REF, .label = "Client",
     .flags = CRM_F_REQUIRED | CRM_F_INDEXED, .ref = "client"},
    {.name = "need", .type = CRM_FIELD_TEXT, .label = "Need",
     .flags = CRM_F_REQUIRED | CRM_F_SEARCHABLE, .max_length = 2000},
    {.name = "product_type", .type = CRM_FIELD_ENUM, .label = "Product type",
     .flags = CRM_F_INDEXED, .enum_values = retail_product_types},
    {.name = "product_id", .type = CRM_FIELD_REF, .label = "Product", .ref = "product"},
    {.name = "status", .type = CRM_FIELD_ENUM, .label = "Status", .flags = CRM_F_INDEXED,
     .enum_values = CRM_VALUES("new", "accepted", "converted", "declined")},
    {.name = "opportunity_id", .type = CRM_FIELD_REF, .label = "Opportunity",
     .flags = CRM_F_INDEXED, .ref = "opportunity"},
    {.name = "outcome", .type = CRM_FIELD_ENUM, .label = "Outcome",
     .flags = CRM_F_COMPUTED | CRM_F_INDEXED,
     .enum_values = CRM_VALUES("open", "signed", "lost", "declined")},
    {.name = "outcome_at", .type = CRM_FIELD_DATETIME, .label = "Outcome at",
     .flags = CRM_F_COMPUTED},
    {.name = NULL},
};

const crm_entity_def_t retail_referral_def = {
    .size = sizeof(crm_entity_def_t),
    .name = "referral",
    .label = "Referral",
    .label_plural = "Referrals",
    .fields = referral_fields,
    .title_field = "need",
    .default_sort = "-created_at",
    .prepare = retail_referral_prepare,
    .translations = retail_referral_translations,
};
