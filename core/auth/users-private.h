/* Users: the "users" collection, creation, password changes, locking, and the identity a
 * user's document gives. */
#ifndef CRM_AUTH_USERS_PRIVATE_H
#define CRM_AUTH_USERS_PRIVATE_H

#include "auth/identity-private.h"

#include <crm/store.h>

#define CRM__USERS "users"

/* What creating a user takes; NULL strings are absent. */
typedef struct crm__user_input {
    const char *username;
    const char *display_name;
    const char *email;
    const char *org_unit; /* 24 hex */
    const char *const *roles;
    size_t n_roles;
} crm__user_input_t;

/* True when NAME is a valid user name: [a-z0-9._-]{3,64}. */
bool crm__username_valid(const char *name);

/* Copies into OUT (initialised here) the user whose FIELD ("username" or "_id" as OID)
 * matches. CRM_ENOTFOUND when none. */
int crm__user_find_by_name(crm_store_t *store, const char *username, bson_t *out,
                           crm_error_t *error);
int crm__user_find_by_id(crm_store_t *store, const bson_oid_t *oid, bson_t *out,
                         crm_error_t *error);

/* Appends USER's public fields to OUT (never the hash). */
void crm__user_to_api(const bson_t *user, bson_t *out);

/* The string field NAME of DOC, or NULL. */
const char *crm__doc_str(const bson_t *doc, const char *name);
/* Zeroes DOC's bytes (a request body that held a password) and destroys it. */
void crm__doc_wipe(bson_t *doc);

/* The datetime field NAME of DOC, or 0. */
int64_t crm__doc_time(const bson_t *doc, const char *name);

/* Creates a user with PASSWORD after checking the input (names, policy, roles, unit: 422 per
 * field; a taken name 409). ACTOR is audited ("user_create"). OID receives the new id. */
int crm__user_create(crm_store_t *store, const crm_identity_t *actor, const crm__user_input_t *in,
                     const char *password, bson_oid_t *oid, crm_error_t *error);

/* Sets the password of user OID (named USERNAME, for the policy) and ends their sessions
 * except KEEP (a session hash, or NULL). ACTION is "password_change" or "password_reset". */
int crm__user_set_password(crm_store_t *store, const crm_identity_t *actor, const bson_oid_t *oid,
                           const char *username, const char *password, const char *action,
                           const char *keep, crm_error_t *error);

/* Locks (until unlocked, ending their sessions) or unlocks user OID; audited "user_update". */
int crm__user_set_locked(crm_store_t *store, const crm_identity_t *actor, const bson_oid_t *oid,
                         bool locked, crm_error_t *error);

/* True when USER may log in now: active and not locked. */
bool crm__user_usable(const bson_t *user, int64_t now);

/* A new identity of KIND for USER, with the grants of the user's roles. */
crm_identity_t *crm__user_identity(const bson_t *user, crm__auth_kind_t kind, crm_error_t *error);

/* Writes an audit record of ACTION on the auth area AREA ("auth", "user", "api_token"),
 * RECORD may be NULL; EXTRA may be NULL. Failures are logged, not returned. */
void crm__auth_audit(crm_store_t *store, const crm_identity_t *actor, const char *action,
                     const char *area, const bson_oid_t *record, const bson_t *extra);

/* The datetime far enough ahead to mean "locked until an administrator unlocks". */
#define CRM__LOCKED_FOREVER 253402300799000LL /* 9999-12-31T23:59:59Z */

#endif
