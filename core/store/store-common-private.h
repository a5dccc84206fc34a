/* Helpers shared by store.c and the drivers: the checks of updates and pipelines, the
 * projection applied in C, and the regex-prefix parser. */
#ifndef CRM_STORE_COMMON_PRIVATE_H
#define CRM_STORE_COMMON_PRIVATE_H

#include <crm/store.h>

/* Checks UPDATE ($set $unset $inc $push over dotted paths, never _id). */
int crm__update_check(const bson_t *update, crm_error_t *error);

/* Checks PIPELINE against the stages store.h lists. */
int crm__pipeline_check(const bson_t *pipeline, crm_error_t *error);

/* Checks PROJECTION ({"a": 1} or {"a": 0}, not mixed except for _id). */
int crm__projection_check(const bson_t *projection, crm_error_t *error);

/* Writes into OUT (initialised by the caller) the fields of DOC that PROJECTION keeps. */
void crm__projection_apply(const bson_t *doc, const bson_t *projection, bson_t *out);

/* Parses an anchored-prefix regex ("^abc", "^a\\.b") into its literal prefix, written to
 * PREFIX (NUL-terminated, at most CAP bytes). Returns false when PATTERN is outside the
 * supported subset (not anchored, or an unescaped special character). */
bool crm__regex_prefix(const char *pattern, char *prefix, size_t cap);

/* Counts a store failure for /metrics when CODE is CRM_ESTORE or CRM_EUNAVAIL. */
int crm__store_note(int code);

#endif
