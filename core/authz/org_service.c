/* Changes to the org tree through the API: the kinds nest bank → region → branch → team, there
 * is exactly one root, a move never makes a cycle, and a unit still in use (children, users,
 * records of any entity) is not deleted. Each change is written with its audit record in one
 * transaction, then the in-memory tree is dropped. */
#include "authz/authz-impl-private.h"
#include "common/timefmt-private.h"
#include "entity/service-private.h"

#include <stdlib.h>
#include <string.h>

typedef struct org_txn {
    const crm_identity_t *actor;
    const char *action; /* org_unit_create, org_unit_update, org_unit_delete */
    const bson_oid_t *oid;
    const bson_t *doc; /* create: the document; update: the $set document */
    const bson_t *changes;
} org_txn_t;

/* The API form of stored unit DOC into OUT. */
static void
to_api(const bson_t *doc, bson_t *out)
{
    bson_iter_t it;
    char hex[25], at[25];

    if (bson_iter_init_find(&it, doc, "_id") && BSON_ITER_HOLDS_OID(&it)) {
        bson_oid_to_string(bson_iter_oid(&it), hex);
        BSON_APPEND_UTF8(out, "id", hex);
    }
    if (bson_iter_init_find(&it, doc, "name") && BSON_ITER_HOLDS_UTF8(&it))
        BSON_APPEND_UTF8(out, "name", bson_iter_utf8(&it, NULL));
    if (bson_iter_init_find(&it, doc, "kind") && BSON_ITER_HOLDS_UTF8(&it))
        BSON_APPEND_UTF8(out, "kind", bson_iter_utf8(&it, NULL));
    if (bson_iter_init_find(&it, doc, "parent_id") && BSON_ITER_HOLDS_OID(&it)) {
        bson_oid_to_string(bson_iter_oid(&it), hex);
        BSON_APPEND_UTF8(out, "parent_id", hex);
    } else {
        BSON_APPEND_NULL(out, "parent_id");
    }
    if (bson_iter_init_find(&it, doc, "created_at") && BSON_ITER_HOLDS_DATE_TIME(&it)) {
        crm__datetime_format(bson_iter_date_time(&it), at);
        BSON_APPEND_UTF8(out, "created_at", at);
    }
}

/* Reads the stored unit ID (hex) into DOC (initialised here on success). */
static int
find_unit(crm_store_t *store, const char *id, bson_oid_t *oid, bson_t *doc, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER;
    int rc;

    if (!id || strlen(id) != 24 || !bson_oid_is_valid(id, 24)) {
        bson_destroy(&filter);
        return crm_error_set(error, CRM_ENOTFOUND, "no org unit %s", id ? id : "");
    }
    bson_oid_init_from_string(oid, id);
    BSON_APPEND_OID(&filter, "_id", oid);
    rc = crm_store_find_one(store, CRM__ORG_COLLECTION, &filter, NULL, doc, error);
    if (rc == CRM_ENOTFOUND)
        crm_error_set(error, CRM_ENOTFOUND, "no org unit %s", id);
    bson_destroy(&filter);
    return rc;
}

static crm__org_kind_t
kind_of(const bson_t *doc)
{
    bson_iter_t it;

    if (bson_iter_init_find(&it, doc, "kind") && BSON_ITER_HOLDS_UTF8(&it))
        return crm__org_kind_parse(bson_iter_utf8(&it, NULL));
    return CRM__ORG_KIND_INVALID;
}

static int
store_or_fail(crm_store_t **store, crm_error_t *error)
{
    *store = crm__authz_store();
    return *store ? 0 : crm_error_set(error, CRM_EUNAVAIL, "no store is open");
}

int
crm__org_unit_get(const char *id, bson_t *out, crm_error_t *error)
{
    crm_store_t *store;
    bson_oid_t oid;
    bson_t doc;
    int rc;

    if ((rc = store_or_fail(&store, error)) != 0)
        return rc;
    rc = find_unit(store, id, &oid, &doc, error);
    if (rc != 0)
        return rc;
    to_api(&doc, out);
    bson_destroy(&doc);
    return 0;
}

static int
write_txn(crm_store_t *store, void *data, crm_error_t *error)
{
    org_txn_t *t = data;
    bson_t filter = BSON_INITIALIZER, update = BSON_INITIALIZER;
    int64_t deleted = 0;
    int rc;

    BSON_APPEND_OID(&filter, "_id", t->oid);
    if (strcmp(t->action, "org_unit_create") == 0) {
        rc = crm_store_insert(store, CRM__ORG_COLLECTION, t->doc, NULL, error);
    } else if (strcmp(t->action, "org_unit_update") == 0) {
        BSON_APPEND_DOCUMENT(&update, "$set", t->doc);
        rc = crm_store_update(store, CRM__ORG_COLLECTION, &filter, &update, 0, NULL, error);
    } else {
        rc = crm_store_delete(store, CRM__ORG_COLLECTION, &filter, false, &deleted, error);
    }
    if (rc == 0)
        rc = crm__audit_write(store, t->actor, t->action, "org_unit", t->oid, t->changes, NULL,
                              error);
    bson_destroy(&filter);
    bson_destroy(&update);
    return rc;
}

static int
apply(org_txn_t *t, crm_error_t *error)
{
    int rc = crm_store_transaction(crm__authz_store(), write_txn, t, error);

    crm__org_invalidate();
    return rc;
}

/* Checks that a unit of KIND may sit under PARENT_HEX (NULL: as the root); fills PARENT_OID. */
static int
check_place(crm_store_t *store, crm__org_kind_t kind, const char *parent_hex,
            bson_oid_t *parent_oid, crm_error_t *error)
{
    bson_t parent, filter = BSON_INITIALIZER;
    int64_t n = 0;
    int rc = 0;

    if (!parent_hex) {
        /* The root: only a bank, and only one. */
        if (kind != CRM__ORG_BANK)
            rc = crm_error_add_field(error, "parent_id",
                                     "only a bank is the root; a %s needs a parent",
                                     crm__org_kind_name(kind));
        else if ((rc = crm_store_count(store, CRM__ORG_COLLECTION, &filter, &n, error)) == 0 &&
                 n > 0)
            rc = crm_error_set(error, CRM_ECONFLICT, "the org tree already has its root bank");
        goto done;
    }
    if (find_unit(store, parent_hex, parent_oid, &parent, error) != 0) {
        crm_error_clear(error);
        rc = crm_error_add_field(error, "parent_id", "no org unit %s", parent_hex);
        goto done;
    }
    if (!crm__org_kind_may_nest(kind_of(&parent), kind))
        rc = crm_error_add_field(error, "parent_id",
                                 "a %s cannot sit under a %s (bank > region > branch > team)",
                                 crm__org_kind_name(kind), crm__org_kind_name(kind_of(&parent)));
    bson_destroy(&parent);
done:
    bson_destroy(&filter);
    return rc;
}

/* Reads name (when present) from INPUT; its length bounded. */
static int
read_name(const bson_iter_t *it, const char **name, crm_error_t *error)
{
    uint32_t len = 0;

    if (!BSON_ITER_HOLDS_UTF8(it) || (bson_iter_utf8(it, &len), len == 0 || len > 200))
        return crm_error_add_field(error, "name", "must be a string of 1 to 200 bytes");
    *name = bson_iter_utf8(it, NULL);
    return 0;
}

/* Reads parent_id: a 24-hex string, or null (*PARENT stays NULL). */
static int
read_parent(const bson_iter_t *it, const char **parent, crm_error_t *error)
{
    if (BSON_ITER_HOLDS_NULL(it))
        return 0;
    if (!BSON_ITER_HOLDS_UTF8(it) || !bson_oid_is_valid(bson_iter_utf8(it, NULL), 24) ||
        strlen(bson_iter_utf8(it, NULL)) != 24)
        return crm_error_add_field(error, "parent_id", "must be an org unit id or null");
    *parent = bson_iter_utf8(it, NULL);
    return 0;
}

int
crm__org_unit_create(const crm_identity_t *actor, const bson_t *input, bson_t *out,
                     crm_error_t *error)
{
    bson_t doc = BSON_INITIALIZER, changes = BSON_INITIALIZER, c;
    const char *name = NULL, *parent = NULL, *kind_name = NULL;
    crm__org_kind_t kind = CRM__ORG_KIND_INVALID;
    bson_oid_t oid, parent_oid;
    crm_store_t *store;
    bson_iter_t it;
    org_txn_t t;
    int rc = 0;

    if ((rc = store_or_fail(&store, error)) != 0)
        goto done;
    if (!bson_iter_init(&it, input)) {
        rc = crm_error_set(error, CRM_EINVAL, "the body is not a document");
        goto done;
    }
    while (bson_iter_next(&it)) {
        const char *key = bson_iter_key(&it);
        if (strcmp(key, "name") == 0)
            rc = read_name(&it, &name, error) ? CRM_EVALIDATION : rc;
        else if (strcmp(key, "parent_id") == 0)
            rc = read_parent(&it, &parent, error) ? CRM_EVALIDATION : rc;
        else if (strcmp(key, "kind") == 0) {
            kind_name = BSON_ITER_HOLDS_UTF8(&it) ? bson_iter_utf8(&it, NULL) : "";
            kind = crm__org_kind_parse(kind_name);
            if (kind == CRM__ORG_KIND_INVALID)
                rc = crm_error_add_field(error, "kind", "must be bank, region, branch or team");
        } else
            rc = crm_error_add_field(error, key, "unknown field");
    }
    if (!name)
        rc = crm_error_add_field(error, "name", "is required");
    if (!kind_name)
        rc = crm_error_add_field(error, "kind", "is required");
    if (rc != 0)
        goto done;
    rc = check_place(store, kind, parent, &parent_oid, error);
    if (rc != 0)
        goto done;
    bson_oid_init(&oid, NULL);
    BSON_APPEND_OID(&doc, "_id", &oid);
    BSON_APPEND_UTF8(&doc, "name", name);
    BSON_APPEND_UTF8(&doc, "kind", kind_name);
    if (parent)
        BSON_APPEND_OID(&doc, "parent_id", &parent_oid);
    else
        BSON_APPEND_NULL(&doc, "parent_id");
    BSON_APPEND_DATE_TIME(&doc, "created_at", crm__now_ms());
    BSON_APPEND_DOCUMENT_BEGIN(&changes, "name", &c);
    BSON_APPEND_UTF8(&c, "to", name);
    bson_append_document_end(&changes, &c);
    BSON_APPEND_DOCUMENT_BEGIN(&changes, "kind", &c);
    BSON_APPEND_UTF8(&c, "to", kind_name);
    bson_append_document_end(&changes, &c);
    BSON_APPEND_DOCUMENT_BEGIN(&changes, "parent_id", &c);
    if (parent)
        BSON_APPEND_UTF8(&c, "to", parent);
    else
        BSON_APPEND_NULL(&c, "to");
    bson_append_document_end(&changes, &c);
    t = (org_txn_t){actor, "org_unit_create", &oid, &doc, &changes};
    rc = apply(&t, error);
    if (rc == 0 && out)
        to_api(&doc, out);
done:
    bson_destroy(&doc);
    bson_destroy(&changes);
    return rc;
}

/* True when UNIT_HEX is ANCESTOR_HEX or below it, from a freshly loaded tree. */
static int
is_within(const char *ancestor_hex, const char *unit_hex, bool *within, crm_error_t *error)
{
    char **ids = NULL;
    size_t n = 0;
    int rc;

    crm__org_invalidate();
    rc = crm__org_subtree(ancestor_hex, &ids, &n, error);
    *within = false;
    for (size_t i = 0; rc == 0 && i < n && !*within; i++)
        *within = strcmp(ids[i], unit_hex) == 0;
    crm__strv_free(ids, n);
    return rc;
}

int
crm__org_unit_update(const crm_identity_t *actor, const char *id, const bson_t *patch, bson_t *out,
                     crm_error_t *error)
{
    bson_t before, set = BSON_INITIALIZER, changes = BSON_INITIALIZER, c;
    bool have_before = false, has_parent = false, within = false;
    const char *name = NULL, *parent = NULL;
    bson_oid_t oid, parent_oid;
    crm_store_t *store;
    bson_iter_t it, old;
    org_txn_t t;
    int rc;

    if ((rc = store_or_fail(&store, error)) != 0)
        goto done;
    if ((rc = find_unit(store, id, &oid, &before, error)) != 0)
        goto done;
    have_before = true;
    bson_iter_init(&it, patch);
    while (bson_iter_next(&it)) {
        const char *key = bson_iter_key(&it);
        if (strcmp(key, "name") == 0)
            rc = read_name(&it, &name, error) ? CRM_EVALIDATION : rc;
        else if (strcmp(key, "parent_id") == 0) {
            has_parent = true;
            rc = read_parent(&it, &parent, error) ? CRM_EVALIDATION : rc;
        } else if (strcmp(key, "kind") == 0 || strcmp(key, "id") == 0 ||
                   strcmp(key, "created_at") == 0)
            rc = crm_error_add_field(error, key, "cannot be changed");
        else
            rc = crm_error_add_field(error, key, "unknown field");
    }
    if (rc != 0)
        goto done;
    if (has_parent) {
        bool is_root =
            !bson_iter_init_find(&old, &before, "parent_id") || !BSON_ITER_HOLDS_OID(&old);
        if (!parent && !is_root) {
            rc = crm_error_add_field(error, "parent_id",
                                     "the tree has one root; a unit cannot be moved to the top");
            goto done;
        }
        if (parent && strcmp(parent, id) == 0) {
            rc = crm_error_add_field(error, "parent_id", "a unit cannot be its own parent");
            goto done;
        }
        if (parent && (rc = is_within(id, parent, &within, error)) == 0 && within)
            rc = crm_error_add_field(error, "parent_id",
                                     "%s is below this unit: moving there would make a cycle",
                                     parent);
        if (rc != 0)
            goto done;
        if (parent && (rc = check_place(store, kind_of(&before), parent, &parent_oid, error)) != 0)
            goto done;
        if (parent) {
            BSON_APPEND_OID(&set, "parent_id", &parent_oid);
            BSON_APPEND_DOCUMENT_BEGIN(&changes, "parent_id", &c);
            if (bson_iter_init_find(&old, &before, "parent_id") && BSON_ITER_HOLDS_OID(&old)) {
                char hex[25];
                bson_oid_to_string(bson_iter_oid(&old), hex);
                BSON_APPEND_UTF8(&c, "from", hex);
            }
            BSON_APPEND_UTF8(&c, "to", parent);
            bson_append_document_end(&changes, &c);
        }
    }
    if (name) {
        BSON_APPEND_UTF8(&set, "name", name);
        BSON_APPEND_DOCUMENT_BEGIN(&changes, "name", &c);
        if (bson_iter_init_find(&old, &before, "name"))
            bson_append_value(&c, "from", -1, bson_iter_value(&old));
        BSON_APPEND_UTF8(&c, "to", name);
        bson_append_document_end(&changes, &c);
    }
    if (!bson_empty(&set)) {
        t = (org_txn_t){actor, "org_unit_update", &oid, &set, &changes};
        if ((rc = apply(&t, error)) != 0)
            goto done;
    }
    if (out)
        rc = crm__org_unit_get(id, out, error);
done:
    if (have_before)
        bson_destroy(&before);
    bson_destroy(&set);
    bson_destroy(&changes);
    return rc;
}

/* Counts the documents of COLL matching {PATH: VALUE} into *N (VALUE a hex string or OID). */
static int
count_where(crm_store_t *store, const char *coll, const char *path, const char *hex,
            const bson_oid_t *oid, int64_t *n, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER;
    int rc;

    if (oid)
        BSON_APPEND_OID(&filter, path, oid);
    else
        BSON_APPEND_UTF8(&filter, path, hex);
    rc = crm_store_count(store, coll, &filter, n, error);
    bson_destroy(&filter);
    return rc;
}

int
crm__org_unit_delete(const crm_identity_t *actor, const char *id, crm_error_t *error)
{
    bson_t before;
    size_t n_entities = 0;
    const crm__entity_t *const *entities = crm__entity_all(&n_entities);
    bool have_before = false;
    crm_store_t *store;
    bson_oid_t oid;
    int64_t n = 0;
    org_txn_t t;
    int rc;

    if ((rc = store_or_fail(&store, error)) != 0)
        goto done;
    if ((rc = find_unit(store, id, &oid, &before, error)) != 0)
        goto done;
    have_before = true;
    if ((rc = count_where(store, CRM__ORG_COLLECTION, "parent_id", NULL, &oid, &n, error)) != 0)
        goto done;
    if (n > 0) {
        rc = crm_error_set(error, CRM_ECONFLICT,
                           "org unit %s has %lld unit(s) below it: move or delete them first", id,
                           (long long)n);
        goto done;
    }
    if ((rc = count_where(store, CRM__USERS_COLLECTION, "org_unit", id, NULL, &n, error)) != 0)
        goto done;
    if (n > 0) {
        rc = crm_error_set(error, CRM_ECONFLICT,
                           "org unit %s has %lld user(s) assigned: move them first", id,
                           (long long)n);
        goto done;
    }
    for (size_t i = 0; i < n_entities; i++) {
        const char *coll = entities[i]->def->name;
        if ((rc = count_where(store, coll, "org_unit", id, NULL, &n, error)) != 0)
            goto done;
        if (n > 0) {
            rc = crm_error_set(error, CRM_ECONFLICT,
                               "org unit %s still holds %lld %s record(s): reassign them first", id,
                               (long long)n, coll);
            goto done;
        }
    }
    t = (org_txn_t){actor, "org_unit_delete", &oid, NULL, NULL};
    rc = apply(&t, error);
done:
    if (have_before)
        bson_destroy(&before);
    return rc;
}
