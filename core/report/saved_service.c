/* Saved records of every kind (reports, dashboards, groups) in the store: who sees which,
 * validation of the fields every kind shares (name, shared_with, role), and create / read /
 * update / delete with an audit record. The fields particular to each kind are checked, and
 * shown, by its crm__saved_kind_t. */
#include "report/saved-private.h"

#include "authz/authz-private.h"
#include "common/timefmt-private.h"
#include "entity/service-private.h"

#include <string.h>

#define NAME_MAX_BYTES 200

/* The caller's roles, read from their user record (the identity carries grants, not role
 * names), appended to ARRAY. */
static int
append_caller_roles(crm_store_t *store, const crm_identity_t *caller, bson_t *array, bool *any,
                    crm_error_t *error)
{
    const char *uid = crm_identity_user_id(caller);
    bson_t filter = BSON_INITIALIZER;
    bson_t user = BSON_INITIALIZER;
    bson_iter_t it, roles;
    bson_oid_t oid;
    char key[16];
    uint32_t i = 0;
    int rc = 0;

    *any = false;
    if (!uid || !bson_oid_is_valid(uid, strlen(uid)) || strlen(uid) != 24)
        goto done;
    bson_oid_init_from_string(&oid, uid);
    BSON_APPEND_OID(&filter, "_id", &oid);
    bson_destroy(&user);
    rc = crm_store_find_one(store, "users", &filter, NULL, &user, error);
    if (rc == CRM_ENOTFOUND) {
        crm_error_clear(error);
        bson_init(&user);
        rc = 0;
        goto done;
    }
    if (rc != 0) {
        bson_init(&user);
        goto done;
    }
    if (bson_iter_init_find(&it, &user, "roles") && BSON_ITER_HOLDS_ARRAY(&it) &&
        bson_iter_recurse(&it, &roles)) {
        while (bson_iter_next(&roles)) {
            if (!BSON_ITER_HOLDS_UTF8(&roles))
                continue;
            bson_snprintf(key, sizeof key, "%u", i++);
            BSON_APPEND_UTF8(array, key, bson_iter_utf8(&roles, NULL));
            *any = true;
        }
    }
done:
    bson_destroy(&filter);
    bson_destroy(&user);
    return rc;
}

int
crm__saved_visible_filter(crm_store_t *store, const crm_identity_t *caller, bson_t *filter,
                          crm_error_t *error)
{
    const char *unit = crm_identity_org_unit(caller);
    bson_t any_of, mine, unit_doc, role_doc, in, roles = BSON_INITIALIZER;
    bool have_roles = false;
    int rc = 0;

    if (crm_identity_is_system(caller))
        goto done;
    rc = append_caller_roles(store, caller, &roles, &have_roles, error);
    if (rc != 0)
        goto done;
    BSON_APPEND_ARRAY_BEGIN(filter, "$or", &any_of);
    BSON_APPEND_DOCUMENT_BEGIN(&any_of, "0", &mine);
    BSON_APPEND_UTF8(&mine, "owner_id", crm_identity_user_id(caller));
    bson_append_document_end(&any_of, &mine);
    if (unit) {
        BSON_APPEND_DOCUMENT_BEGIN(&any_of, "1", &unit_doc);
        BSON_APPEND_UTF8(&unit_doc, "shared_with", "unit");
        BSON_APPEND_UTF8(&unit_doc, "org_unit", unit);
        bson_append_document_end(&any_of, &unit_doc);
    }
    if (have_roles) {
        BSON_APPEND_DOCUMENT_BEGIN(&any_of, unit ? "2" : "1", &role_doc);
        BSON_APPEND_UTF8(&role_doc, "shared_with", "role");
        BSON_APPEND_DOCUMENT_BEGIN(&role_doc, "role", &in);
        BSON_APPEND_ARRAY(&in, "$in", &roles);
        bson_append_document_end(&role_doc, &in);
        bson_append_document_end(&any_of, &role_doc);
    }
    bson_append_array_end(filter, &any_of);
done:
    bson_destroy(&roles);
    return rc;
}

void
crm__saved_to_api(const bson_t *doc, const char *except, bson_t *out)
{
    bson_iter_t it;
    char hex[25];

    if (!bson_iter_init(&it, doc))
        return;
    while (bson_iter_next(&it)) {
        if (except && strcmp(bson_iter_key(&it), except) == 0)
            continue;
        if (strcmp(bson_iter_key(&it), "_id") == 0 && BSON_ITER_HOLDS_OID(&it)) {
            bson_oid_to_string(bson_iter_oid(&it), hex);
            BSON_APPEND_UTF8(out, "id", hex);
        } else {
            bson_append_value(out, bson_iter_key(&it), -1, bson_iter_value(&it));
        }
    }
}

/* The API form of DOC as KIND shows it to CALLER, appended to OUT. */
static int
present(crm_store_t *store, const crm_identity_t *caller, const crm__saved_kind_t *kind,
        const bson_t *doc, bool listed, bson_t *out, crm_error_t *error)
{
    if (kind->present)
        return kind->present(store, caller, doc, listed, out, error);
    crm__saved_to_api(doc, NULL, out);
    return 0;
}

static bool
blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

/* Checks INPUT as a whole record of KIND (after a patch: the merged record; CURRENT is the
 * stored one, NULL on create) and appends its fields to OUT in a fixed order. */
static int
validate(crm_store_t *store, const crm_identity_t *caller, const crm__saved_kind_t *kind,
         const bson_t *input, const bson_t *current, bson_t *out, crm_error_t *error)
{
    bson_iter_t it;
    const char *name = NULL, *shared = "private", *role = NULL;
    bool have_required = kind->required == NULL;

    if (!bson_iter_init(&it, input))
        return crm_error_set(error, CRM_EINVAL, "the body is not a document");
    while (bson_iter_next(&it)) {
        const char *key = bson_iter_key(&it);

        if (strcmp(key, "name") == 0) {
            if (!BSON_ITER_HOLDS_UTF8(&it) || blank(bson_iter_utf8(&it, NULL)))
                crm_error_add_field(error, "name", "must be a non-empty string");
            else if (strlen(bson_iter_utf8(&it, NULL)) > NAME_MAX_BYTES)
                crm_error_add_field(error, "name", "must be at most %d bytes", NAME_MAX_BYTES);
            else
                name = bson_iter_utf8(&it, NULL);
        } else if (strcmp(key, "shared_with") == 0) {
            shared = BSON_ITER_HOLDS_UTF8(&it) ? bson_iter_utf8(&it, NULL) : "";
            if (strcmp(shared, "private") != 0 && strcmp(shared, "unit") != 0 &&
                strcmp(shared, "role") != 0) {
                crm_error_add_field(error, "shared_with", "must be private, unit or role");
                shared = NULL;
            }
        } else if (strcmp(key, "role") == 0) {
            if (BSON_ITER_HOLDS_NULL(&it))
                continue;
            if (!BSON_ITER_HOLDS_UTF8(&it) || !crm__authz_role_exists(bson_iter_utf8(&it, NULL)))
                crm_error_add_field(error, "role", "no such role");
            else
                role = bson_iter_utf8(&it, NULL);
        } else if (kind->field(store, caller, &it, out, error)) {
            if (kind->required && strcmp(key, kind->required) == 0)
                have_required = true;
        } else {
            crm_error_add_field(error, key, "unknown field");
        }
    }
    if (kind->check)
        kind->check(store, caller, input, current, out, error);
    if (!name && !bson_has_field(input, "name"))
        crm_error_add_field(error, "name", "is required");
    if (!have_required && !bson_has_field(input, kind->required))
        crm_error_add_field(error, kind->required, "is required");
    if (shared && strcmp(shared, "role") == 0 && !role && !bson_has_field(input, "role"))
        crm_error_add_field(error, "role", "is required when shared_with is role");
    if (shared && strcmp(shared, "role") != 0 && role)
        crm_error_add_field(error, "role", "is only allowed when shared_with is role");
    if (shared && strcmp(shared, "unit") == 0 && !crm_identity_org_unit(caller) &&
        !crm_identity_is_system(caller))
        crm_error_add_field(error, "shared_with", "you belong to no org unit");
    if (error && error->code != 0)
        return error->code;
    BSON_APPEND_UTF8(out, "name", name);
    BSON_APPEND_UTF8(out, "shared_with", shared);
    if (role)
        BSON_APPEND_UTF8(out, "role", role);
    return 0;
}

static int
parse_id(const char *id, bson_oid_t *oid, crm_error_t *error)
{
    if (!id || strlen(id) != 24 || !bson_oid_is_valid(id, 24))
        return crm_error_set(error, CRM_ENOTFOUND, "no such record");
    bson_oid_init_from_string(oid, id);
    return 0;
}

/* Finds record ID of KIND that CALLER sees into OUT (initialised here on success). */
static int
find_visible(crm_store_t *store, const crm_identity_t *caller, const crm__saved_kind_t *kind,
             const char *id, bson_oid_t *oid, bson_t *out, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER;
    int rc = parse_id(id, oid, error);

    if (rc != 0)
        goto done;
    BSON_APPEND_OID(&filter, "_id", oid);
    rc = crm__saved_visible_filter(store, caller, &filter, error);
    if (rc != 0)
        goto done;
    rc = crm_store_find_one(store, kind->collection, &filter, NULL, out, error);
    if (rc == CRM_ENOTFOUND)
        crm_error_set(error, CRM_ENOTFOUND, "no such record");
done:
    bson_destroy(&filter);
    return rc;
}

int
crm__saved_list(crm_store_t *store, const crm_identity_t *caller, const crm__saved_kind_t *kind,
                bson_t *out, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, items, item;
    crm_cursor_t *cursor = NULL;
    const bson_t *doc = NULL;
    char key[16];
    uint32_t i = 0;
    int rc;

    bson_init(out);
    rc = crm__saved_visible_filter(store, caller, &filter, error);
    if (rc != 0)
        goto done;
    cursor = crm_store_find(store, kind->collection, &filter, NULL, error);
    if (!cursor) {
        rc = error && error->code ? error->code : CRM_ESTORE;
        goto done;
    }
    BSON_APPEND_ARRAY_BEGIN(out, "items", &items);
    while (rc == 0 && crm_cursor_next(cursor, &doc)) {
        bson_snprintf(key, sizeof key, "%u", i++);
        BSON_APPEND_DOCUMENT_BEGIN(&items, key, &item);
        rc = present(store, caller, kind, doc, true, &item, error);
        bson_append_document_end(&items, &item);
    }
    bson_append_array_end(out, &items);
    if (rc == 0 && crm_cursor_error(cursor, error))
        rc = error && error->code ? error->code : CRM_ESTORE;
done:
    crm_cursor_destroy(cursor);
    bson_destroy(&filter);
    return rc;
}

int
crm__saved_get(crm_store_t *store, const crm_identity_t *caller, const crm__saved_kind_t *kind,
               const char *id, bson_t *out, crm_error_t *error)
{
    bson_t doc;
    bson_oid_t oid;
    int rc;

    bson_init(out);
    rc = find_visible(store, caller, kind, id, &oid, &doc, error);
    if (rc != 0)
        return rc;
    rc = present(store, caller, kind, &doc, false, out, error);
    bson_destroy(&doc);
    return rc;
}

/* A write and its audit record, in one transaction. */
typedef struct write_ctx {
    const crm__saved_kind_t *kind;
    const crm_identity_t *caller;
    const char *action; /* "create", "update", "delete" */
    const bson_t *doc;  /* create, update */
    const bson_oid_t *oid;
} write_ctx_t;

static int
write_txn(crm_store_t *store, void *data, crm_error_t *error)
{
    write_ctx_t *ctx = data;
    bson_t filter = BSON_INITIALIZER;
    int64_t deleted = 0;
    int rc;

    if (strcmp(ctx->action, "create") == 0) {
        rc = crm_store_insert(store, ctx->kind->collection, ctx->doc, NULL, error);
    } else if (strcmp(ctx->action, "update") == 0) {
        rc = crm_store_replace(store, ctx->kind->collection, ctx->doc, error);
    } else {
        BSON_APPEND_OID(&filter, "_id", ctx->oid);
        rc = crm_store_delete(store, ctx->kind->collection, &filter, false, &deleted, error);
        if (rc == 0 && deleted == 0)
            rc = crm_error_set(error, CRM_ENOTFOUND, "no such record");
    }
    if (rc == 0)
        rc = crm__audit_write(store, ctx->caller, ctx->action, ctx->kind->collection, ctx->oid,
                              NULL, NULL, error);
    bson_destroy(&filter);
    return rc;
}

int
crm__saved_create(crm_store_t *store, const crm_identity_t *caller, const crm__saved_kind_t *kind,
                  const bson_t *input, bson_t *out, crm_error_t *error)
{
    bson_t doc = BSON_INITIALIZER;
    bson_oid_t oid;
    const char *unit = crm_identity_org_unit(caller);
    int64_t now = crm__now_ms();
    write_ctx_t ctx;
    int rc;

    bson_init(out);
    bson_oid_init(&oid, NULL);
    BSON_APPEND_OID(&doc, "_id", &oid);
    rc = validate(store, caller, kind, input, NULL, &doc, error);
    if (rc != 0)
        goto done;
    BSON_APPEND_UTF8(&doc, "owner_id", crm_identity_user_id(caller));
    if (unit)
        BSON_APPEND_UTF8(&doc, "org_unit", unit);
    else
        BSON_APPEND_NULL(&doc, "org_unit");
    BSON_APPEND_DATE_TIME(&doc, "created_at", now);
    BSON_APPEND_DATE_TIME(&doc, "updated_at", now);
    ctx = (write_ctx_t){kind, caller, "create", &doc, &oid};
    rc = crm_store_transaction(store, write_txn, &ctx, error);
    if (rc == 0)
        rc = present(store, caller, kind, &doc, false, out, error);
done:
    bson_destroy(&doc);
    return rc;
}

/* Record CURRENT's own fields (not the system ones) overlaid with PATCH, into MERGED. */
static void
merge(const bson_t *current, const bson_t *patch, bson_t *merged)
{
    static const char *const system_fields[] = {"_id", "owner_id", "org_unit", "created_at",
                                                "updated_at"};
    bson_iter_t it;

    bson_iter_init(&it, current);
    while (bson_iter_next(&it)) {
        const char *key = bson_iter_key(&it);
        bool skip = bson_has_field(patch, key);

        for (size_t i = 0; i < sizeof system_fields / sizeof system_fields[0]; i++)
            skip = skip || strcmp(key, system_fields[i]) == 0;
        if (!skip)
            bson_append_value(merged, key, -1, bson_iter_value(&it));
    }
    bson_concat(merged, patch);
}

/* Finds record ID and checks that CALLER owns it. */
static int
find_owned(crm_store_t *store, const crm_identity_t *caller, const crm__saved_kind_t *kind,
           const char *id, bson_oid_t *oid, bson_t *current, crm_error_t *error)
{
    bson_iter_t it;
    int rc = find_visible(store, caller, kind, id, oid, current, error);

    if (rc != 0)
        return rc;
    if (crm_identity_is_system(caller))
        return 0;
    if (!bson_iter_init_find(&it, current, "owner_id") || !BSON_ITER_HOLDS_UTF8(&it) ||
        strcmp(bson_iter_utf8(&it, NULL), crm_identity_user_id(caller)) != 0) {
        bson_destroy(current);
        return crm_error_set(error, CRM_EPERM, "only the owner may change this record");
    }
    return 0;
}

int
crm__saved_find(crm_store_t *store, const crm_identity_t *caller, const crm__saved_kind_t *kind,
                const char *id, bool owned, bson_t *out, crm_error_t *error)
{
    bson_oid_t oid;

    return owned ? find_owned(store, caller, kind, id, &oid, out, error)
                 : find_visible(store, caller, kind, id, &oid, out, error);
}

int
crm__saved_update(crm_store_t *store, const crm_identity_t *caller, const crm__saved_kind_t *kind,
                  const char *id, const bson_t *patch, bson_t *out, crm_error_t *error)
{
    bson_t current = BSON_INITIALIZER, merged = BSON_INITIALIZER, doc = BSON_INITIALIZER;
    bson_iter_t it;
    bson_oid_t oid;
    write_ctx_t ctx;
    int rc;

    bson_init(out);
    bson_destroy(&current);
    rc = find_owned(store, caller, kind, id, &oid, &current, error);
    if (rc != 0) {
        bson_init(&current);
        goto done;
    }
    merge(&current, patch, &merged);
    BSON_APPEND_OID(&doc, "_id", &oid);
    rc = validate(store, caller, kind, &merged, &current, &doc, error);
    if (rc != 0)
        goto done;
    if (bson_iter_init_find(&it, &current, "owner_id"))
        bson_append_value(&doc, "owner_id", -1, bson_iter_value(&it));
    if (bson_iter_init_find(&it, &current, "org_unit"))
        bson_append_value(&doc, "org_unit", -1, bson_iter_value(&it));
    if (bson_iter_init_find(&it, &current, "created_at"))
        bson_append_value(&doc, "created_at", -1, bson_iter_value(&it));
    BSON_APPEND_DATE_TIME(&doc, "updated_at", crm__now_ms());
    ctx = (write_ctx_t){kind, caller, "update", &doc, &oid};
    rc = crm_store_transaction(store, write_txn, &ctx, error);
    if (rc == 0)
        rc = present(store, caller, kind, &doc, false, out, error);
done:
    bson_destroy(&current);
    bson_destroy(&merged);
    bson_destroy(&doc);
    return rc;
}

int
crm__saved_delete(crm_store_t *store, const crm_identity_t *caller, const crm__saved_kind_t *kind,
                  const char *id, crm_error_t *error)
{
    bson_t current;
    bson_oid_t oid;
    write_ctx_t ctx;
    int rc = find_owned(store, caller, kind, id, &oid, &current, error);

    if (rc != 0)
        return rc;
    bson_destroy(&current);
    ctx = (write_ctx_t){kind, caller, "delete", NULL, &oid};
    return crm_store_transaction(store, write_txn, &ctx, error);
}
