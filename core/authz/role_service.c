/* Changes to the administrators' roles: validated, written to the "roles" collection with an
 * audit record in the same transaction, then the role table is reloaded. Built-in roles come
 * from the roles file and cannot be changed here. */
#include "authz/authz-impl-private.h"
#include "entity/service-private.h"

#include <string.h>

typedef struct role_txn {
    const crm_identity_t *actor;
    const char *name;
    const char *action; /* role_create, role_update, role_delete */
    const bson_t *doc;  /* create: the new document; update: the $set document */
    const bson_t *changes;
} role_txn_t;

int
crm__role_grants_from_api(const bson_iter_t *it, bson_t *out, crm_error_t *error)
{
    bson_iter_t arr, g;
    uint32_t i = 0;
    int rc = 0;

    if (!BSON_ITER_HOLDS_ARRAY(it) || !bson_iter_recurse(it, &arr))
        return crm_error_add_field(error, "grants",
                                   "must be an array of {\"pattern\": ..., \"scope\": ...}");
    while (bson_iter_next(&arr)) {
        const char *pattern = NULL, *scope_name = NULL;
        char field[64], idx[16];
        const char *key;
        crm_scope_t scope;
        bson_t doc;

        snprintf(field, sizeof field, "grants.%u", i);
        if (!BSON_ITER_HOLDS_DOCUMENT(&arr) || !bson_iter_recurse(&arr, &g)) {
            rc = crm_error_add_field(error, field, "must be {\"pattern\": ..., \"scope\": ...}");
            i++;
            continue;
        }
        while (bson_iter_next(&g)) {
            if (strcmp(bson_iter_key(&g), "pattern") == 0 && BSON_ITER_HOLDS_UTF8(&g))
                pattern = bson_iter_utf8(&g, NULL);
            else if (strcmp(bson_iter_key(&g), "scope") == 0 && BSON_ITER_HOLDS_UTF8(&g))
                scope_name = bson_iter_utf8(&g, NULL);
            else
                rc = crm_error_add_field(error, field, "unknown key %s", bson_iter_key(&g));
        }
        if (!crm__permission_pattern_valid(pattern))
            rc = crm_error_add_field(error, field,
                                     "pattern must be a permission, \"*\", \"area.*\" or "
                                     "\"*.action\"");
        else if (!crm__scope_parse(scope_name, &scope))
            rc = crm_error_add_field(error, field, "scope must be one of own, unit, subtree, all");
        else {
            bson_uint32_to_string(i, &key, idx, sizeof idx);
            bson_append_document_begin(out, key, -1, &doc);
            BSON_APPEND_UTF8(&doc, "pattern", pattern);
            BSON_APPEND_UTF8(&doc, "scope", scope_name);
            bson_append_document_end(out, &doc);
        }
        i++;
    }
    return rc;
}

/* Reads the fields of INPUT common to create and update into SET; NAME_ALLOWED for create. */
static int
fields_from_api(const bson_t *input, bool create, bson_t *set, const char **name,
                crm_error_t *error)
{
    bson_iter_t it;
    bool has_grants = false;
    int rc = 0;

    if (!bson_iter_init(&it, input))
        return crm_error_set(error, CRM_EINVAL, "the body is not a document");
    while (bson_iter_next(&it)) {
        const char *key = bson_iter_key(&it);

        if (strcmp(key, "name") == 0 && create) {
            if (!BSON_ITER_HOLDS_UTF8(&it) || !crm__role_name_valid(bson_iter_utf8(&it, NULL)))
                rc = crm_error_add_field(error, "name",
                                         "must be [a-z][a-z0-9_]* (at most 63 characters)");
            else
                *name = bson_iter_utf8(&it, NULL);
        } else if (strcmp(key, "label") == 0 || strcmp(key, "description") == 0) {
            uint32_t len = 0;
            if (!BSON_ITER_HOLDS_UTF8(&it) || (bson_iter_utf8(&it, &len), len > 500))
                rc = crm_error_add_field(error, key, "must be a string of at most 500 bytes");
            else
                BSON_APPEND_UTF8(set, key, bson_iter_utf8(&it, NULL));
        } else if (strcmp(key, "grants") == 0) {
            bson_t arr;
            has_grants = true;
            bson_append_array_begin(set, "grants", -1, &arr);
            if (crm__role_grants_from_api(&it, &arr, error) != 0)
                rc = CRM_EVALIDATION;
            bson_append_array_end(set, &arr);
        } else if (strcmp(key, "name") == 0 || strcmp(key, "builtin") == 0) {
            rc = crm_error_add_field(error, key, "cannot be changed");
        } else {
            rc = crm_error_add_field(error, key, "unknown field");
        }
    }
    if (create && !*name && rc == 0)
        rc = crm_error_add_field(error, "name", "is required");
    if (create && !has_grants && rc == 0)
        rc = crm_error_add_field(error, "grants", "is required");
    return rc;
}

static int
write_txn(crm_store_t *store, void *data, crm_error_t *error)
{
    role_txn_t *t = data;
    bson_t filter = BSON_INITIALIZER, update = BSON_INITIALIZER, extra = BSON_INITIALIZER;
    crm_update_result_t result = {0};
    int64_t deleted = 0;
    int rc;

    BSON_APPEND_UTF8(&filter, "name", t->name);
    BSON_APPEND_UTF8(&extra, "name", t->name);
    if (strcmp(t->action, "role_create") == 0) {
        rc = crm_store_insert(store, CRM__ROLES_COLLECTION, t->doc, NULL, error);
        if (rc == CRM_ECONFLICT)
            rc = crm_error_set(error, CRM_ECONFLICT, "a role named %s already exists", t->name);
    } else if (strcmp(t->action, "role_update") == 0) {
        BSON_APPEND_DOCUMENT(&update, "$set", t->doc);
        rc = crm_store_update(store, CRM__ROLES_COLLECTION, &filter, &update, 0, &result, error);
        if (rc == 0 && result.matched == 0)
            rc = crm_error_set(error, CRM_ENOTFOUND, "no role named %s", t->name);
    } else {
        rc = crm_store_delete(store, CRM__ROLES_COLLECTION, &filter, false, &deleted, error);
        if (rc == 0 && deleted == 0)
            rc = crm_error_set(error, CRM_ENOTFOUND, "no role named %s", t->name);
    }
    if (rc == 0)
        rc = crm__audit_write(store, t->actor, t->action, "role", NULL, t->changes, &extra, error);
    bson_value_destroy(&result.upserted_id);
    bson_destroy(&filter);
    bson_destroy(&update);
    bson_destroy(&extra);
    return rc;
}

/* {field: {"to": value}} for every field of SET, with "from" from BEFORE when given. */
static void
changes_of(const bson_t *set, const bson_t *before, bson_t *changes)
{
    bson_iter_t it, old;
    bson_t c;

    if (!bson_iter_init(&it, set))
        return;
    while (bson_iter_next(&it)) {
        bson_append_document_begin(changes, bson_iter_key(&it), -1, &c);
        if (before && bson_iter_init_find(&old, before, bson_iter_key(&it)))
            bson_append_value(&c, "from", -1, bson_iter_value(&old));
        bson_append_value(&c, "to", -1, bson_iter_value(&it));
        bson_append_document_end(changes, &c);
    }
}

/* Runs T in a transaction, then reloads the table and describes the role into OUT. */
static int
apply(role_txn_t *t, bson_t *out, crm_error_t *error)
{
    crm_store_t *store = crm__authz_store();
    int rc;

    if (!store)
        return crm_error_set(error, CRM_EUNAVAIL, "no store is open");
    rc = crm_store_transaction(store, write_txn, t, error);
    if (rc != 0)
        return rc;
    rc = crm__roles_reload(error);
    if (rc == 0 && out)
        rc = crm__role_describe(t->name, out, error);
    return rc;
}

int
crm__role_create(const crm_identity_t *actor, const bson_t *input, bson_t *out, crm_error_t *error)
{
    bson_t set = BSON_INITIALIZER, doc = BSON_INITIALIZER, changes = BSON_INITIALIZER;
    const char *name = NULL;
    role_txn_t t;
    int rc;

    rc = fields_from_api(input, true, &set, &name, error);
    if (rc != 0)
        goto done;
    if (crm__authz_role_exists(name)) {
        rc = crm_error_set(error, CRM_ECONFLICT, "a %srole named %s already exists",
                           crm__role_is_builtin(name) ? "built-in " : "", name);
        goto done;
    }
    BSON_APPEND_UTF8(&doc, "name", name);
    bson_concat(&doc, &set);
    BSON_APPEND_BOOL(&doc, "builtin", false);
    changes_of(&set, NULL, &changes);
    t = (role_txn_t){actor, name, "role_create", &doc, &changes};
    rc = apply(&t, out, error);
done:
    bson_destroy(&set);
    bson_destroy(&doc);
    bson_destroy(&changes);
    return rc;
}

int
crm__role_update(const crm_identity_t *actor, const char *name, const bson_t *patch, bson_t *out,
                 crm_error_t *error)
{
    bson_t set = BSON_INITIALIZER, before = BSON_INITIALIZER, changes = BSON_INITIALIZER;
    const char *unused = NULL;
    role_txn_t t;
    int rc;

    if (crm__role_is_builtin(name)) {
        rc = crm_error_set(error, CRM_ECONFLICT,
                           "%s is a built-in role from the roles file: it cannot be changed "
                           "through the API; create a role of your own instead",
                           name);
        goto done;
    }
    rc = crm__role_describe(name, &before, error);
    if (rc != 0)
        goto done;
    rc = fields_from_api(patch, false, &set, &unused, error);
    if (rc != 0)
        goto done;
    if (bson_empty(&set)) {
        rc = crm_error_set(error, CRM_EINVAL,
                           "nothing to change: give label, description or grants");
        goto done;
    }
    changes_of(&set, &before, &changes);
    t = (role_txn_t){actor, name, "role_update", &set, &changes};
    rc = apply(&t, out, error);
done:
    bson_destroy(&set);
    bson_destroy(&before);
    bson_destroy(&changes);
    return rc;
}

int
crm__role_delete(const crm_identity_t *actor, const char *name, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER;
    crm_store_t *store = crm__authz_store();
    int64_t holders = 0;
    role_txn_t t;
    int rc;

    if (crm__role_is_builtin(name)) {
        rc = crm_error_set(error, CRM_ECONFLICT,
                           "%s is a built-in role from the roles file: it cannot be deleted", name);
        goto done;
    }
    if (!crm__authz_role_exists(name)) {
        rc = crm_error_set(error, CRM_ENOTFOUND, "no role named %s", name);
        goto done;
    }
    if (!store) {
        rc = crm_error_set(error, CRM_EUNAVAIL, "no store is open");
        goto done;
    }
    BSON_APPEND_UTF8(&filter, "roles", name);
    rc = crm_store_count(store, CRM__USERS_COLLECTION, &filter, &holders, error);
    if (rc != 0)
        goto done;
    if (holders > 0) {
        rc = crm_error_set(error, CRM_ECONFLICT,
                           "role %s is held by %lld user(s): take it from them first", name,
                           (long long)holders);
        goto done;
    }
    t = (role_txn_t){actor, name, "role_delete", NULL, NULL};
    rc = apply(&t, NULL, error);
done:
    bson_destroy(&filter);
    return rc;
}
