/* Looking users up for plugins: a user's org unit, and who heads a unit (crm/identity.h). */
#include "auth/users-private.h"
#include "authz/authz-private.h"
#include "common/timefmt-private.h"
#include "entity/service-private.h"
#include "host/host-private.h"

#include <string.h>

static crm_store_t *
users_store(crm_error_t *error)
{
    crm__host_t *host = crm__host_get();

    if (!host || !host->store)
        crm_error_set(error, CRM_EUNAVAIL, "the core is not running");
    return host ? host->store : NULL;
}

int
crm_user_org_unit(const char *user_id, char unit[25], crm_error_t *error)
{
    crm_store_t *store = users_store(error);
    const char *found;
    bson_oid_t oid;
    bson_t doc;
    int rc;

    unit[0] = '\0';
    if (!store)
        return CRM_EUNAVAIL;
    if (!user_id || !crm__entity_parse_id(user_id, &oid))
        return crm_error_set(error, CRM_ENOTFOUND, "no user with id %s",
                             user_id ? user_id : "(none)");
    rc = crm__user_find_by_id(store, &oid, &doc, error);
    if (rc != 0)
        return rc;
    found = crm__doc_str(&doc, "org_unit");
    if (found && strlen(found) == 24)
        memcpy(unit, found, 25);
    else
        rc = crm_error_set(error, CRM_ENOTFOUND, "user %s belongs to no org unit", user_id);
    bson_destroy(&doc);
    return rc;
}

/* True when USER holds one of ROLES. */
static bool
holds_role(const bson_t *user, const char *const *roles)
{
    bson_iter_t it, child;

    if (!bson_iter_init_find(&it, user, "roles") || !BSON_ITER_HOLDS_ARRAY(&it) ||
        !bson_iter_recurse(&it, &child))
        return false;
    while (bson_iter_next(&child))
        for (size_t i = 0; BSON_ITER_HOLDS_UTF8(&child) && roles[i]; i++)
            if (strcmp(bson_iter_utf8(&child, NULL), roles[i]) == 0)
                return true;
    return false;
}

/* The first usable user of UNIT holding one of ROLES, by user name, into USER_ID ("" when
 * none). */
static int
head_of(crm_store_t *store, const char *unit, const char *const *roles, char user_id[25],
        crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, sort = BSON_INITIALIZER;
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
    crm_cursor_t *cur;
    const bson_t *doc;
    int64_t now = crm__now_ms();
    bson_iter_t it;
    int rc = 0;

    user_id[0] = '\0';
    BSON_APPEND_UTF8(&filter, "org_unit", unit);
    BSON_APPEND_INT32(&sort, "username", 1);
    opts.sort = &sort;
    cur = crm_store_find(store, CRM__USERS, &filter, &opts, error);
    if (!cur)
        rc = error && error->code ? error->code : CRM_ESTORE;
    while (cur && !user_id[0] && crm_cursor_next(cur, &doc))
        if (holds_role(doc, roles) && crm__user_usable(doc, now) &&
            bson_iter_init_find(&it, doc, "_id") && BSON_ITER_HOLDS_OID(&it))
            bson_oid_to_string(bson_iter_oid(&it), user_id);
    if (cur && crm_cursor_error(cur, error))
        rc = error && error->code ? error->code : CRM_ESTORE;
    crm_cursor_destroy(cur);
    bson_destroy(&filter);
    bson_destroy(&sort);
    return rc;
}

int
crm_org_unit_head(const char *unit, const char *const *roles, char user_id[25],
                  crm_error_t *error)
{
    crm_store_t *store = users_store(error);
    char at[25], parent[25];
    int rc, depth;

    user_id[0] = '\0';
    if (!store)
        return CRM_EUNAVAIL;
    if (!unit || !roles || strlen(unit) != 24)
        return crm_error_set(error, CRM_ENOTFOUND, "no org unit with id %s",
                             unit ? unit : "(none)");
    memcpy(at, unit, 25);
    /* Up the tree; a corrupt tree with a cycle stops at a depth no bank reaches. */
    for (depth = 0; depth < 64; depth++) {
        rc = head_of(store, at, roles, user_id, error);
        if (rc != 0 || user_id[0])
            return rc;
        rc = crm__org_parent(at, parent, error);
        if (rc != 0 || !parent[0])
            break;
        memcpy(at, parent, 25);
    }
    return crm_error_set(error, CRM_ENOTFOUND, "no unit from %s up to the bank has a user in "
                                               "the roles asked for",
                         unit);
}
