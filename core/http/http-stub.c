/* Placeholder until the HTTP layer lands. */
#include "http/server-private.h"
#define NS(...) crm_error_set(error, CRM_EUNSUPPORTED, "http not built")
crm__http_t *crm__http_start(const crm__http_opts_t *o, crm_error_t *error) { (void)o; NS(); return NULL; }
int crm__http_port(const crm__http_t *h) { (void)h; return 0; }
void crm__http_stop(crm__http_t *h) { (void)h; }
int crm__route_add_core(const crm_route_t *r, crm_error_t *error) { (void)r; (void)error; return 0; }
void crm__metrics_store_error(void) {}
int crm_route_add(crm_plugin_t *p, const crm_route_t *r, crm_error_t *error) { (void)p; (void)r; (void)error; return 0; }
