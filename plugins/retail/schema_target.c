/* The sales target: a number of signed opportunities, or their amount, that an org unit
 * (org_unit) or one employee of it (employee_id) should reach in a month, quarter or year,
 * for one product, a product line, a product type or everything (target.c checks it). */
#include "retail-private.h"

static const crm_field_t sales_target_fields[] = {
    {.name = "employee_id", .type = CRM_FIELD_STRING, .label = "Employee (user id)",
     .flags = CRM_F_INDEXED | CRM_F_USER, .max_length = 24},
    {.name = "product_id", .type = CRM_FIELD_REF, .label = "Product", .flags = CRM_F_INDEXED,
     .ref = "product"},
    {.name = "product_line", .type = CRM_FIELD_STRING, .label = "Product line",
     .flags = CRM_F_INDEXED, .max_length = 100},
    {.name = "product_type", .type = CRM_FIELD_ENUM, .label = "Product type",
     .flags = CRM_F_INDEXED, .enum_values = retail_product_types},
    {.name = "period", .type = CRM_FIELD_ENUM, .label = "Period",
     .flags = CRM_F_REQUIRED | CRM_F_INDEXED,
     .enum_values = CRM_VALUES("month", "quarter", "year")},
    {.name = "period_start", .type = CRM_FIELD_DATE, .label = "Period start",
     .flags = CRM_F_REQUIRED | CRM_F_INDEXED},
    {.name = "period_end", .type = CRM_FIELD_DATE, .label = "Period end",
     .flags = CRM_F_COMPUTED},
    {.name = "metric", .type = CRM_FIELD_ENUM, .label = "Measured in", .flags = CRM_F_REQUIRED,
     .enum_values = CRM_VALUES("count", "amount")},
    {.name = "target_count", .type = CRM_FIELD_INT, .label = "Target (signed opportunities)",
     .min = 0, .max = INT64_MAX},
    {.name = "target_amount", .type = CRM_FIELD_MONEY, .label = "Target (amount signed)"},
    {.name = NULL},
};

const crm_entity_def_t retail_sales_target_def = {
    .size = sizeof(crm_entity_def_t),
    .name = "sales_target",
    .label = "Sales target",
    .label_plural = "Sales targets",
    .fields = sales_target_fields,
    .default_sort = "-period_start",
    .prepare = retail_sales_target_prepare,
    .translations = retail_sales_target_translations,
};
