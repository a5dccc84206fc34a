/* What the files of the retail plugin share: the entity definitions, the settings read at
 * start-up, and the registration of each part. Nothing here is visible outside the plugin. */
#ifndef RETAIL_PRIVATE_H
#define RETAIL_PRIVATE_H

#include <crm/entity.h>
#include <crm/http.h>
#include <crm/plugin.h>

#include <bson/bson.h>

/* Entities (schema_*.c). */
extern const crm_entity_def_t retail_opportunity_def;
extern const crm_entity_def_t retail_referral_def;
extern const crm_entity_def_t retail_sales_target_def;

/* The values of the product_type enum, shared by the three entities. */
extern const char *const retail_product_types[];

/* The entities' prepare hooks (opportunity.c, referral.c, target.c). */
int retail_opportunity_prepare(const crm_identity_t *actor, const bson_t *record,
                               const bson_t *before, bson_t *changes, crm_error_t *error);
int retail_referral_prepare(const crm_identity_t *actor, const bson_t *record,
                            const bson_t *before, bson_t *changes, crm_error_t *error);
int retail_sales_target_prepare(const crm_identity_t *actor, const bson_t *record,
                                const bson_t *before, bson_t *changes, crm_error_t *error);

/* The entities' labels in Polish, Ukrainian and Russian (i18n.c). */
extern const crm_translations_t retail_opportunity_translations[];
extern const crm_translations_t retail_referral_translations[];
extern const crm_translations_t retail_sales_target_translations[];

/* The plugin's reports (reports.c). Called last in init. */
int retail_reports_register(crm_plugin_t *plugin, crm_error_t *error);

#endif
