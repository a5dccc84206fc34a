/* Placeholder until the loader and the configuration land. */
#include "host/host-private.h"
#include "cli/cli-private.h"
#include <stdlib.h>
int crm__plugins_load(crm__host_t *h, crm_error_t *e) { (void)h; (void)e; return 0; }
void crm__plugins_unload(crm__host_t *h) { (void)h; }
crm__config_t *crm__config_load(const char *path, crm__config_problems_t *p) { (void)path; (void)p; return NULL; }
void crm__config_free(crm__config_t *c) { (void)c; }
void crm__config_problems_free(crm__config_problems_t *p) { (void)p; }
int crm__plugin_record(crm_plugin_t *p, const char *k, const char *w, void (*u)(void *), void *c, crm_error_t *e)
{ (void)p; (void)k; (void)w; (void)u; (void)c; (void)e; return 0; }
crm_store_t *crm_plugin_store(const crm_plugin_t *p) { (void)p; return NULL; }
