/* The authorisation module's lifetime: opens the permission registry, the role table and the
 * org tree for the host's store, and registers their routes and the audit trail's. */
#include "authz/authz-impl-private.h"
#include "host/host-private.h"

#include <crm/log.h>

#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

static crm_store_t *authz_store;
static _Atomic uint64_t generation = 1;

crm_store_t *
crm__authz_store(void)
{
    return authz_store;
}

uint64_t
crm__authz_generation(void)
{
    return atomic_load(&generation);
}

void
crm__authz_bump_generation(void)
{
    atomic_fetch_add(&generation, 1);
}

void
crm__strv_free(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* The indexes the module's collections need. */
static int
ensure_indexes(crm_store_t *store, crm_error_t *error)
{
    static const char *const role_fields[] = {"name", NULL};
    static const char *const org_fields[] = {"parent_id", NULL};
    static const char *const audit_fields[] = {"at", NULL};
    const crm_index_t role_index = {sizeof role_index, "u_name", role_fields, true, false, false};
    const crm_index_t org_index = {sizeof org_index, "i_parent", org_fields, false, false, false};
    const crm_index_t audit_index = {sizeof audit_index, "i_at", audit_fields, false, false, false};
    int rc;

    if ((rc = crm_store_ensure_index(store, CRM__ROLES_COLLECTION, &role_index, error)) != 0)
        return rc;
    if ((rc = crm_store_ensure_index(store, CRM__ORG_COLLECTION, &org_index, error)) != 0)
        return rc;
    return crm_store_ensure_index(store, CRM__AUDIT_COLLECTION, &audit_index, error);
}

int
crm__authz_open(crm__host_t *host, crm_error_t *error)
{
    const char *roles = host && host->config ? host->config->auth_roles : NULL;
    int rc;

    authz_store = host ? host->store : NULL;
    /* With authentication off nobody's roles are read: a missing roles file is only noted. */
    if (roles && host->config && !host->config->auth_enabled && access(roles, R_OK) != 0) {
        crm_log(CRM_LOG_WARN, "roles.missing", "file=%s auth=disabled", roles);
        roles = NULL;
    }
    if (authz_store && (rc = ensure_indexes(authz_store, error)) != 0)
        goto fail;
    if ((rc = crm__permissions_open(error)) != 0)
        goto fail;
    if ((rc = crm__roles_open(roles, error)) != 0)
        goto fail;
    crm__org_invalidate();
    if ((rc = crm__role_routes_open(error)) != 0 || (rc = crm__org_routes_open(error)) != 0 ||
        (rc = crm__audit_routes_open(error)) != 0)
        goto fail;
    crm__authz_bump_generation();
    return 0;
fail:
    crm__authz_close();
    return rc;
}

void
crm__authz_close(void)
{
    crm__roles_close();
    crm__org_close();
    crm__permissions_close();
    authz_store = NULL;
    crm__authz_bump_generation();
}
