/* Authorisation: roles, permissions, the org structure and the audit trail's read API. */
#ifndef CRM_AUTHZ_PRIVATE_H
#define CRM_AUTHZ_PRIVATE_H

#include "auth/identity-private.h"

#include <crm/common.h>

typedef struct crm__host crm__host_t;

/* Loads the built-in roles (the auth.roles file; problems name FILE:LINE) and the roles
 * administrators created in the store, ensures the collections' indexes, and registers the
 * routes: /api/v1/org_units, /api/v1/roles, /api/v1/permissions, /api/v1/audit. */
int crm__authz_open(crm__host_t *host, crm_error_t *error);
void crm__authz_close(void);

/* True when a role named NAME exists. */
bool crm__authz_role_exists(const char *name);

/* Adds to ID the grants of the roles named ROLES (N of them). Unknown names are skipped and
 * logged once. */
int crm__authz_grant_roles(crm_identity_t *id, const char *const *roles, size_t n,
                           crm_error_t *error);

/* True when org unit UNIT_ID (24 hex) exists. */
bool crm__org_unit_exists(const char *unit_id);

/* The parent of org unit UNIT_ID into PARENT ("" for the bank, the root). CRM_ENOTFOUND for
 * an unknown unit. */
int crm__org_parent(const char *unit_id, char parent[25], crm_error_t *error);

/* The ids of UNIT_ID and every unit below it, into *IDS (N of them); free with
 * crm__strv_free(). Served from an in-memory copy of the tree, reloaded when it changes. */
int crm__org_subtree(const char *unit_id, char ***ids, size_t *n, crm_error_t *error);
void crm__strv_free(char **v, size_t n);

/* Bumped whenever roles or the org tree change on this instance: the authentication cache
 * drops identities built under an older generation. */
uint64_t crm__authz_generation(void);

#endif
