/* What the files of the retail plugin's reports share (reports.c, reports_targets.c,
 * i18n_reports.c): the labels of the reports in other languages and the compute callback of
 * targets against actuals. */
#ifndef RETAIL_REPORTS_PRIVATE_H
#define RETAIL_REPORTS_PRIVATE_H

#include <crm/report.h>

/* The declared report the actuals of targets come from: signed opportunities by signed_at. */
#define RETAIL_SALES_REPORT "retail_sales"

/* Targets against actuals (reports_targets.c): one row per sales target the caller may read
 * whose sales the caller may see, with what was signed in its period. */
int retail_targets_compute(const crm_identity_t *caller, crm_store_t *store, const bson_t *params,
                           bson_t *result, void *data, crm_error_t *error);

/* The reports' labels in Polish, Ukrainian and Russian (i18n_reports.c). */
extern const crm_translations_t retail_report_pipeline_translations[];
extern const crm_translations_t retail_report_conversion_translations[];
extern const crm_translations_t retail_report_sales_translations[];
extern const crm_translations_t retail_report_dynamics_translations[];
extern const crm_translations_t retail_report_renewals_translations[];
extern const crm_translations_t retail_report_referrals_translations[];
extern const crm_translations_t retail_report_targets_translations[];

#endif
