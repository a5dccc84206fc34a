/* The administrators' user routes (permission "users.manage"): list, create, update, reset a
 * password, unlock; and who a user id is, for all staff (meta.read). Responses never carry a
 * password hash. */
#include "auth/routes-private.h"

#include "auth/sessions-private.h"
#include "auth/state-private.h"
#include "auth/users-private.h"
#include "authz/authz-private.h"
#include "http/server-private.h"

#include <sodium.h>

#include <string.h>

#define PERM_MANAGE "users.manage"

/* Parses path parameter "id" into OID (404 when not an id). */
static int
user_oid(crm_request_t *req, bson_oid_t *oid, crm_error_t *error)
{
    const char *id = crm_request_param(req, "id");

    if (!id || strlen(id) != 24 || !bson_oid_is_valid(id, 24))
        return crm_error_set(error, CRM_ENOTFOUND, "no such user");
    bson_oid_init_from_string(oid, id);
    return 0;
}

/* Collects the strings of array NAME of DOC into OUT (at most MAX); -1 when not such a list. */
static int
str_list(const bson_t *doc, const char *name, const char **out, size_t max)
{
    bson_iter_t it, child;
    int n = 0;

    if (!bson_iter_init_find(&it, doc, name))
        return 0;
    if (!BSON_ITER_HOLDS_ARRAY(&it) || !bson_iter_recurse(&it, &child))
        return -1;
    while (bson_iter_next(&child)) {
        if (!BSON_ITER_HOLDS_UTF8(&child) || (size_t)n == max)
            return -1;
        out[n++] = bson_iter_utf8(&child, NULL);
    }
    return n;
}

static int
respond_user(crm_request_t *req, int status, const bson_oid_t *oid, crm_error_t *error)
{
    bson_t user, out = BSON_INITIALIZER;
    int rc;

    if ((rc = crm__user_find_by_id(crm__authn_store(), oid, &user, error)) != 0)
        return rc;
    crm__user_to_api(&user, &out);
    rc = crm_respond_json(req, status, &out);
    bson_destroy(&user);
    bson_destroy(&out);
    return rc;
}

static int
list_users(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t sort = BSON_INITIALIZER;
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
    crm_cursor_t *cursor = NULL;
    int rc;

    (void)data;
    BSON_APPEND_INT32(&sort, "username", 1);
    opts.sort = &sort;
    cursor = crm_store_find(crm__authn_store(), CRM__USERS, NULL, &opts, error);
    if (!cursor) {
        rc = error->code;
        goto done;
    }
    rc = crm__respond_items(req, cursor, crm__user_to_api, error);
done:
    crm_cursor_destroy(cursor);
    bson_destroy(&sort);
    return rc;
}

static int
create_user(crm_request_t *req, void *data, crm_error_t *error)
{
    crm__user_input_t in = {0};
    const char *roles[64];
    bson_t body;
    bson_oid_t oid;
    int n, rc;

    (void)data;
    if ((rc = crm_request_json(req, &body, error)) != 0)
        return rc;
    in.username = crm__doc_str(&body, "username");
    in.display_name = crm__doc_str(&body, "display_name");
    in.email = crm__doc_str(&body, "email");
    in.org_unit = crm__doc_str(&body, "org_unit");
    n = str_list(&body, "roles", roles, 64);
    if (n < 0) {
        rc = crm_error_add_field(error, "roles", "must be a list of role names");
        goto done;
    }
    in.roles = roles;
    in.n_roles = (size_t)n;
    rc = crm__user_create(crm__authn_store(), crm_request_identity(req), &in,
                          crm__doc_str(&body, "password"), &oid, error);
    if (rc == 0)
        rc = respond_user(req, 201, &oid, error);
done:
    crm__doc_wipe(&body);
    return rc;
}

static int
update_user(crm_request_t *req, void *data, crm_error_t *error)
{
    static const char *const allowed[] = {"display_name", "email", "org_unit", "roles", "active"};
    crm_store_t *store = crm__authn_store();
    bson_t body, filter = BSON_INITIALIZER, update = BSON_INITIALIZER, set,
                 extra = BSON_INITIALIZER;
    crm_update_result_t result = {0};
    bool have_body = false;
    const char *roles[64], *s;
    bson_iter_t it;
    bson_oid_t oid;
    char id[25];
    int n, rc;

    (void)data;
    if ((rc = user_oid(req, &oid, error)) != 0 || (rc = crm_request_json(req, &body, error)) != 0)
        goto done;
    have_body = true;
    bson_iter_init(&it, &body);
    while (bson_iter_next(&it)) {
        bool ok = false;
        for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
            ok = ok || strcmp(bson_iter_key(&it), allowed[i]) == 0;
        if (!ok)
            crm_error_add_field(error, bson_iter_key(&it), "cannot be changed here");
    }
    if (bson_iter_init_find(&it, &body, "active") && !BSON_ITER_HOLDS_BOOL(&it))
        crm_error_add_field(error, "active", "must be true or false");
    if ((s = crm__doc_str(&body, "org_unit")) && !crm__org_unit_exists(s))
        crm_error_add_field(error, "org_unit", "no such org unit");
    n = str_list(&body, "roles", roles, 64);
    if (n < 0)
        crm_error_add_field(error, "roles", "must be a list of role names");
    for (int i = 0; i < n; i++)
        if (!crm__authz_role_exists(roles[i])) {
            crm_error_add_field(error, "roles", "no such role: %.100s", roles[i]);
            break;
        }
    if ((s = crm__doc_str(&body, "email")) && !strchr(s, '@'))
        crm_error_add_field(error, "email", "is not an e-mail address");
    if (error->n_fields > 0) {
        rc = CRM_EVALIDATION;
        goto done;
    }
    BSON_APPEND_OID(&filter, "_id", &oid);
    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
    bson_concat(&set, &body);
    bson_append_document_end(&update, &set);
    if ((rc = crm_store_update(store, CRM__USERS, &filter, &update, 0, &result, error)) != 0)
        goto done;
    if (result.matched == 0) {
        rc = crm_error_set(error, CRM_ENOTFOUND, "no such user");
        goto done;
    }
    /* Roles, unit or activity changed: identities built before are stale. */
    bson_oid_to_string(&oid, id);
    if (bson_iter_init_find(&it, &body, "active") && !bson_iter_bool(&it))
        crm__sessions_end_user(store, id, NULL, NULL);
    else
        crm__authn_cache_drop_user(id);
    BSON_APPEND_DOCUMENT(&extra, "fields", &body);
    crm__auth_audit(store, crm_request_identity(req), "user_update", "user", &oid, &extra);
    rc = respond_user(req, 200, &oid, error);
done:
    if (have_body)
        bson_destroy(&body);
    bson_destroy(&filter);
    bson_destroy(&update);
    bson_destroy(&extra);
    return rc;
}

static int
reset_password(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t body, user, out = BSON_INITIALIZER;
    bool have_body = false, have_user = false;
    bson_oid_t oid;
    int rc;

    (void)data;
    if ((rc = user_oid(req, &oid, error)) != 0 || (rc = crm_request_json(req, &body, error)) != 0)
        goto done;
    have_body = true;
    if ((rc = crm__user_find_by_id(crm__authn_store(), &oid, &user, error)) != 0)
        goto done;
    have_user = true;
    rc = crm__user_set_password(crm__authn_store(), crm_request_identity(req), &oid,
                                crm__doc_str(&user, "username"), crm__doc_str(&body, "password"),
                                "password_reset", NULL, error);
    if (rc != 0)
        goto done;
    BSON_APPEND_BOOL(&out, "reset", true);
    rc = crm_respond_json(req, 200, &out);
done:
    if (have_body) {
        crm__doc_wipe(&body);
    }
    if (have_user)
        bson_destroy(&user);
    bson_destroy(&out);
    return rc;
}

static int
unlock_user(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_oid_t oid;
    int rc;

    (void)data;
    if ((rc = user_oid(req, &oid, error)) != 0 ||
        (rc = crm__user_set_locked(crm__authn_store(), crm_request_identity(req), &oid, false,
                                   error)) != 0)
        return rc;
    return respond_user(req, 200, &oid, error);
}

/* GET /api/v1/users/{id} (meta.read): who a user id is, for any member of staff: the name,
 * the display name and the unit; nothing about roles, sign-ins or locks. */
static int
get_colleague(crm_request_t *req, void *data, crm_error_t *error)
{
    static const char *const shown[] = {"username", "display_name", "org_unit"};
    bson_t user, out = BSON_INITIALIZER;
    bson_iter_t it;
    bson_oid_t oid;
    char hex[25];
    int rc;

    (void)data;
    if ((rc = user_oid(req, &oid, error)) != 0 ||
        (rc = crm__user_find_by_id(crm__authn_store(), &oid, &user, error)) != 0)
        return rc;
    bson_oid_to_string(&oid, hex);
    BSON_APPEND_UTF8(&out, "id", hex);
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
        if (bson_iter_init_find(&it, &user, shown[i]))
            bson_append_iter(&out, shown[i], -1, &it);
    rc = crm_respond_json(req, 200, &out);
    bson_destroy(&user);
    bson_destroy(&out);
    return rc;
}

static const crm_route_t routes[] = {
    {sizeof(crm_route_t), "GET", "/api/v1/users/{id}", "meta.read", get_colleague, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/admin/users", PERM_MANAGE, list_users, NULL},
    {sizeof(crm_route_t), "POST", "/api/v1/admin/users", PERM_MANAGE, create_user, NULL},
    {sizeof(crm_route_t), "PATCH", "/api/v1/admin/users/{id}", PERM_MANAGE, update_user, NULL},
    {sizeof(crm_route_t), "POST", "/api/v1/admin/users/{id}/password", PERM_MANAGE, reset_password,
     NULL},
    {sizeof(crm_route_t), "POST", "/api/v1/admin/users/{id}/unlock", PERM_MANAGE, unlock_user,
     NULL},
};

int
crm__users_routes_add(crm_error_t *error)
{
    return crm__route_add_core_table(routes, sizeof routes / sizeof routes[0], error);
}
