/* Placeholder until the store lands. */
#include "store/store-private.h"
#define NS(...) crm_error_set(error, CRM_EUNSUPPORTED, "store not built")
crm_store_t *crm_store_open(const char *d, const char *l, const char *db, crm_error_t *error)
{ (void)d; (void)l; (void)db; NS(); return NULL; }
void crm_store_close(crm_store_t *s) { (void)s; }
const char *crm_store_driver(const crm_store_t *s) { (void)s; return "none"; }
int crm_filter_check(const bson_t *f, crm_error_t *error) { (void)f; return NS(); }
int crm_store_insert(crm_store_t *s, const char *c, const bson_t *d, bson_oid_t *o, crm_error_t *error)
{ (void)s; (void)c; (void)d; (void)o; return NS(); }
int crm_store_insert_many(crm_store_t *s, const char *c, const bson_t *const *d, size_t n, crm_error_t *error)
{ (void)s; (void)c; (void)d; (void)n; return NS(); }
crm_cursor_t *crm_store_find(crm_store_t *s, const char *c, const bson_t *f, const crm_find_opts_t *o, crm_error_t *error)
{ (void)s; (void)c; (void)f; (void)o; NS(); return NULL; }
int crm_store_find_one(crm_store_t *s, const char *c, const bson_t *f, const bson_t *p, bson_t *out, crm_error_t *error)
{ (void)s; (void)c; (void)f; (void)p; (void)out; return NS(); }
bool crm_cursor_next(crm_cursor_t *c, const bson_t **d) { (void)c; (void)d; return false; }
bool crm_cursor_error(crm_cursor_t *c, crm_error_t *error) { (void)c; (void)error; return true; }
void crm_cursor_destroy(crm_cursor_t *c) { (void)c; }
int crm_store_update(crm_store_t *s, const char *c, const bson_t *f, const bson_t *u, int fl, crm_update_result_t *r, crm_error_t *error)
{ (void)s; (void)c; (void)f; (void)u; (void)fl; (void)r; return NS(); }
int crm_store_replace(crm_store_t *s, const char *c, const bson_t *d, crm_error_t *error)
{ (void)s; (void)c; (void)d; return NS(); }
int crm_store_delete(crm_store_t *s, const char *c, const bson_t *f, bool m, int64_t *n, crm_error_t *error)
{ (void)s; (void)c; (void)f; (void)m; (void)n; return NS(); }
int crm_store_count(crm_store_t *s, const char *c, const bson_t *f, int64_t *n, crm_error_t *error)
{ (void)s; (void)c; (void)f; (void)n; return NS(); }
int crm_store_ensure_index(crm_store_t *s, const char *c, const crm_index_t *i, crm_error_t *error)
{ (void)s; (void)c; (void)i; return NS(); }
crm_cursor_t *crm_store_aggregate(crm_store_t *s, const char *c, const bson_t *p, crm_error_t *error)
{ (void)s; (void)c; (void)p; NS(); return NULL; }
int crm_store_transaction(crm_store_t *s, crm_store_txn_fn fn, void *d, crm_error_t *error)
{ (void)s; (void)fn; (void)d; return NS(); }
bool crm_store_in_transaction(const crm_store_t *s) { (void)s; return false; }
int crm_store_ping(crm_store_t *s, crm_error_t *error) { (void)s; return NS(); }
