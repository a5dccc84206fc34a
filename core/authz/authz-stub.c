/* Placeholder until authorisation lands. */
#include "authz/authz-private.h"
#include <crm/permission.h>
int crm__authz_open(crm__host_t *h, crm_error_t *e) { (void)h; (void)e; return 0; }
void crm__authz_close(void) {}
bool crm__authz_role_exists(const char *n) { (void)n; return false; }
int crm__authz_grant_roles(crm_identity_t *id, const char *const *r, size_t n, crm_error_t *e) { (void)id; (void)r; (void)n; (void)e; return 0; }
bool crm__org_unit_exists(const char *u) { (void)u; return false; }
int crm__org_subtree(const char *u, char ***ids, size_t *n, crm_error_t *e) { (void)u; (void)e; *ids = NULL; *n = 0; return 0; }
void crm__strv_free(char **v, size_t n) { (void)v; (void)n; }
uint64_t crm__authz_generation(void) { return 0; }
int crm_permission_declare(crm_plugin_t *p, const char *n, const char *d, crm_error_t *e) { (void)p; (void)n; (void)d; (void)e; return 0; }
crm_scope_t crm_identity_scope(const crm_identity_t *id, const char *p) { (void)p; return id->system ? CRM_SCOPE_ALL : CRM_SCOPE_NONE; }
int crm_identity_scope_filter(const crm_identity_t *id, const char *p, bson_t *f, crm_error_t *e) { (void)f; return id->system ? 0 : crm_error_set(e, CRM_EPERM, "you lack the permission %s", p); }
bool crm_identity_reaches(const crm_identity_t *id, const char *p, const char *o, const char *u) { (void)p; (void)o; (void)u; return id->system; }
const char *crm_scope_name(crm_scope_t s) { static const char *const n[] = {"none", "own", "unit", "subtree", "all"}; return n[s]; }
