/* Placeholder until the report engine lands. */
#include <crm/report.h>
int crm_report_register(crm_plugin_t *p, const crm_report_def_t *d, crm_error_t *e) { (void)p; (void)d; return crm_error_set(e, CRM_EUNSUPPORTED, "reports are not available yet"); }
int crm_report_run(const crm_identity_t *c, const char *id, const bson_t *p, bson_t *r, crm_error_t *e) { (void)c; (void)id; (void)p; bson_init(r); return crm_error_set(e, CRM_EUNSUPPORTED, "reports are not available yet"); }
