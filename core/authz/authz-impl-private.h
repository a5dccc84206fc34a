/* What the files of the authorisation module share: the permission registry, the role table,
 * the org tree and their services (used by the route handlers and by the internal tests). */
#ifndef CRM_AUTHZ_IMPL_PRIVATE_H
#define CRM_AUTHZ_IMPL_PRIVATE_H

#include "authz/authz-private.h"
#include "config/config-private.h"
#include "entity/entity-private.h"

#include <crm/http.h>
#include <crm/store.h>

/* The collections this module keeps. */
#define CRM__ROLES_COLLECTION "roles"
#define CRM__ORG_COLLECTION "org_units"
#define CRM__USERS_COLLECTION "users"

/* The store the module was opened with, or NULL. */
crm_store_t *crm__authz_store(void);

/* Records that roles or the org tree changed on this instance. */
void crm__authz_bump_generation(void);

/* --- permissions.c --- */

/* Declares the core's own permissions (meta.read, audit.read, ...). */
int crm__permissions_open(crm_error_t *error);
/* Forgets every declared permission. */
void crm__permissions_close(void);
/* True when NAME is a well-formed permission name: [a-z0-9_.]+ with a dot inside. */
bool crm__permission_name_valid(const char *name);
/* True when PATTERN is a grantable pattern: a permission name, "*", "area.*" or "*.action". */
bool crm__permission_pattern_valid(const char *pattern);
/* GET /api/v1/permissions. */
int crm__permissions_handle_list(crm_request_t *req, void *data, crm_error_t *error);

/* --- roles.c: the role table --- */

typedef struct crm__role {
    char *name;
    char *label;
    char *description;
    crm__grant_t *grants;
    size_t n_grants;
    bool builtin; /* from the roles file: not changeable through the API */
} crm__role_t;

/* Parses the built-in roles file at PATH into *ROLES (N of them; free with
 * crm__roles_free()). Every problem goes to PROBLEMS as FILE:LINE: message; returns
 * CRM_ECONFIG when there was any (and *ROLES is then NULL). */
int crm__roles_parse_file(const char *path, crm__role_t **roles, size_t *n,
                          crm__config_problems_t *problems);
void crm__roles_free(crm__role_t *roles, size_t n);

/* Loads the built-in roles from PATH and the administrators' roles from the store. */
int crm__roles_open(const char *path, crm_error_t *error);
void crm__roles_close(void);
/* Reads the administrators' roles from the store again. */
int crm__roles_reload(crm_error_t *error);
/* Appends the role NAME in its API form to OUT (initialised by the caller): CRM_ENOTFOUND. */
int crm__role_describe(const char *name, bson_t *out, crm_error_t *error);
/* Appends every role in its API form to the array ARR, built-in ones first. */
void crm__roles_describe_all(bson_t *arr);
/* True when NAME is a role name: [a-z][a-z0-9_]{0,62}. */
bool crm__role_name_valid(const char *name);
/* True when NAME is a built-in role. */
bool crm__role_is_builtin(const char *name);

/* --- role_service.c: changes through the API, each audited --- */

/* Creates a role from INPUT ({name, label, description, grants}); the new role into OUT. */
int crm__role_create(const crm_identity_t *actor, const bson_t *input, bson_t *out,
                     crm_error_t *error);
/* Changes label, description or grants of role NAME. */
int crm__role_update(const crm_identity_t *actor, const char *name, const bson_t *patch,
                     bson_t *out, crm_error_t *error);
/* Deletes role NAME (409 for built-in roles and roles users hold). */
int crm__role_delete(const crm_identity_t *actor, const char *name, crm_error_t *error);
/* Reads and checks the grants array at IT into OUT (an array being built); per-field
 * messages under FIELD. */
int crm__role_grants_from_api(const bson_iter_t *it, bson_t *out, crm_error_t *error);

/* --- org.c: the org tree --- */

typedef enum crm__org_kind {
    CRM__ORG_BANK = 0,
    CRM__ORG_REGION,
    CRM__ORG_BRANCH,
    CRM__ORG_TEAM,
    CRM__ORG_KIND_INVALID
} crm__org_kind_t;

/* The kind named NAME, or CRM__ORG_KIND_INVALID. */
crm__org_kind_t crm__org_kind_parse(const char *name);
const char *crm__org_kind_name(crm__org_kind_t kind);
/* True when a unit of kind CHILD may sit directly under a unit of kind PARENT. */
bool crm__org_kind_may_nest(crm__org_kind_t parent, crm__org_kind_t child);
/* Drops the in-memory tree so the next read loads it from the store. */
void crm__org_invalidate(void);
void crm__org_close(void);
/* Appends every unit, parents before children, with its depth, to the array ARR. */
int crm__org_describe_all(bson_t *arr, crm_error_t *error);

/* --- org_service.c: changes through the API, each audited --- */

int crm__org_unit_get(const char *id, bson_t *out, crm_error_t *error);
int crm__org_unit_create(const crm_identity_t *actor, const bson_t *input, bson_t *out,
                         crm_error_t *error);
int crm__org_unit_update(const crm_identity_t *actor, const char *id, const bson_t *patch,
                         bson_t *out, crm_error_t *error);
int crm__org_unit_delete(const crm_identity_t *actor, const char *id, crm_error_t *error);

/* --- the route tables --- */
int crm__role_routes_open(crm_error_t *error);
int crm__org_routes_open(crm_error_t *error);
int crm__audit_routes_open(crm_error_t *error);

#endif
