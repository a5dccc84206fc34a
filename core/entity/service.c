/* The entity service: create, read, update and delete records with validation, system fields,
 * an audit record in the same transaction as the write, and events after it commits. */
#include "entity/service-private.h"
#include "common/timefmt-private.h"
#include "event/event-private.h"
#include "authz/authz-private.h"
#include "host/host-private.h"

#include <stdio.h>
#include <string.h>

crm_store_t *
crm__entity_store(void)
{
    crm__host_t *host = crm__host_get();

    return host ? host->store : NULL;
}

int
crm__entity_resolve(const char *name, const char *id, const crm__entity_t **entity,
                    bson_oid_t *oid, crm_error_t *error)
{
    *entity = name ? crm__entity_lookup(name) : NULL;
    if (!*entity)
        return crm_error_set(error, CRM_ENOTFOUND, "unknown entity '%s'", name ? name : "");
    if (oid && !crm__entity_parse_id(id, oid))
        return crm_error_set(error, CRM_EINVAL,
                             "invalid id '%.40s': an id is 24 hexadecimal characters", id ? id : "");
    if (!crm__entity_store())
        return crm_error_set(error, CRM_EUNAVAIL, "the store is not open");
    return 0;
}

void
crm__entity_permission(const crm__entity_t *e, const char *action, char *buf, size_t size)
{
    snprintf(buf, size, "%s.%s", e->def->name, action);
}

int
crm__entity_scoped_filter(const crm_identity_t *actor, const crm__entity_t *e, const char *action,
                          const bson_oid_t *oid, bson_t *out, crm_error_t *error)
{
    char permission[96];

    crm__entity_permission(e, action, permission, sizeof permission);
    if (oid)
        BSON_APPEND_OID(out, "_id", oid);
    return crm_identity_scope_filter(actor, permission, out, error);
}

/* The string at KEY of DOC, or NULL. */
static const char *
str_field(const bson_t *doc, const char *key)
{
    bson_iter_t it;

    return doc && bson_iter_init_find(&it, doc, key) && BSON_ITER_HOLDS_UTF8(&it)
               ? bson_iter_utf8(&it, NULL)
               : NULL;
}

/* True when UNIT is within the units a caller with SCOPE reaches. */
static bool
unit_within(const crm_identity_t *actor, crm_scope_t scope, const char *unit)
{
    const char *mine = crm_identity_org_unit(actor);
    char **ids = NULL;
    size_t n = 0;
    bool found = false;

    if (scope == CRM_SCOPE_ALL)
        return true;
    if (!unit || !mine)
        return unit == mine || (unit && mine && strcmp(unit, mine) == 0);
    if (scope != CRM_SCOPE_SUBTREE)
        return strcmp(unit, mine) == 0;
    if (crm__org_subtree(mine, &ids, &n, NULL) != 0)
        return false;
    for (size_t i = 0; i < n && !found; i++)
        found = strcmp(ids[i], unit) == 0;
    crm__strv_free(ids, n);
    return found;
}

/* Checks that the owner and unit a write leaves a record with (SET's values, else BEFORE's,
 * else the caller's) are within ACTOR's reach for ACTION, and that given ones exist. */
static int
check_assignment(const crm_identity_t *actor, const crm__entity_t *e, const char *action,
                 const bson_t *set, const bson_t *before, crm_error_t *error)
{
    const char *owner = str_field(set, "owner_id"), *unit = str_field(set, "org_unit");
    char permission[96];
    bson_t filter = BSON_INITIALIZER;
    bson_oid_t oid;
    int64_t n = 0;

    if (owner && crm__entity_parse_id(owner, &oid)) {
        BSON_APPEND_OID(&filter, "_id", &oid);
        if (crm_store_count(crm__entity_store(), "users", &filter, &n, error) != 0 || n == 0) {
            bson_destroy(&filter);
            return crm_error_add_field(error, "owner_id", "is not a user");
        }
    }
    bson_destroy(&filter);
    if (unit && !crm__org_unit_exists(unit))
        return crm_error_add_field(error, "org_unit", "is not an org unit");
    if (!owner)
        owner = before ? str_field(before, "owner_id") : crm_identity_user_id(actor);
    if (!unit)
        unit = before ? str_field(before, "org_unit") : crm_identity_org_unit(actor);
    crm__entity_permission(e, action, permission, sizeof permission);
    /* The owner: oneself with the own scope; the unit: the caller's own unit with the own and
     * unit scopes, a unit below it with subtree, any with all. */
    if (!crm_identity_reaches(actor, permission, owner, unit) ||
        !unit_within(actor, crm_identity_scope(actor, permission), unit))
        return crm_error_set(error, CRM_EPERM,
                             "you may not %s a %s for that owner or org unit: it is outside "
                             "your scope",
                             action, e->def->name);
    return 0;
}

static bool
field_sensitive(const crm__entity_t *e, const char *name)
{
    const crm_field_t *f = crm__entity_field(e, name);

    return f && (f->flags & CRM_F_SENSITIVE);
}

static bool
values_equal(const bson_iter_t *a, const bson_iter_t *b)
{
    const bson_value_t *va = bson_iter_value((bson_iter_t *)a);
    const bson_value_t *vb = bson_iter_value((bson_iter_t *)b);
    bson_t da = BSON_INITIALIZER, db = BSON_INITIALIZER;
    bool eq;

    bson_append_value(&da, "v", 1, va);
    bson_append_value(&db, "v", 1, vb);
    eq = da.len == db.len && memcmp(bson_get_data(&da), bson_get_data(&db), da.len) == 0;
    bson_destroy(&da);
    bson_destroy(&db);
    return eq;
}

/* Appends {"field": {"from": old, "to": new}} to CHANGES for each field of KEYS whose value
 * differs between BEFORE and AFTER (either may be NULL). Returns the number of changes. */
static int
diff(const crm__entity_t *e, const bson_t *keys, const bson_t *before, const bson_t *after,
     bson_t *changes)
{
    bson_iter_t k, b, a;
    int n = 0;

    if (!bson_iter_init(&k, keys))
        return 0;
    while (bson_iter_next(&k)) {
        const char *name = bson_iter_key(&k);
        bool hb = before && bson_iter_init_find(&b, before, name);
        bool ha = after && bson_iter_init_find(&a, after, name);
        bson_t child;

        if (!hb && !ha)
            continue;
        if (hb && ha && values_equal(&b, &a))
            continue;
        bson_append_document_begin(changes, name, -1, &child);
        if (field_sensitive(e, name)) {
            BSON_APPEND_BOOL(&child, "changed", true);
        } else {
            if (hb)
                bson_append_iter(&child, "from", 4, &b);
            if (ha)
                bson_append_iter(&child, "to", 2, &a);
        }
        bson_append_document_end(changes, &child);
        n++;
    }
    return n;
}

int
crm__audit_write(crm_store_t *store, const crm_identity_t *actor, const char *action,
                 const char *entity, const bson_oid_t *record, const bson_t *changes,
                 const bson_t *extra, crm_error_t *error)
{
    bson_t doc = BSON_INITIALIZER;
    int rc;

    BSON_APPEND_DATE_TIME(&doc, "at", crm__now_ms());
    BSON_APPEND_UTF8(&doc, "actor", crm_identity_user_id(actor));
    BSON_APPEND_UTF8(&doc, "actor_name", crm_identity_name(actor));
    BSON_APPEND_UTF8(&doc, "action", action);
    BSON_APPEND_UTF8(&doc, "entity", entity);
    if (record)
        BSON_APPEND_OID(&doc, "record_id", record);
    if (changes)
        BSON_APPEND_DOCUMENT(&doc, "changes", changes);
    if (extra)
        bson_concat(&doc, extra);
    rc = crm_store_insert(store, CRM__AUDIT_COLLECTION, &doc, NULL, error);
    bson_destroy(&doc);
    return rc;
}

void
crm__entity_publish(const crm__entity_t *e, const char *what, const bson_oid_t *oid, const bson_t *after,
        const bson_t *before, const crm_identity_t *actor)
{
    char name[128], id[25];
    bson_t api_after = BSON_INITIALIZER, api_before = BSON_INITIALIZER;
    crm_event_t ev;

    snprintf(name, sizeof name, "%s.%s", e->def->name, what);
    if (!crm__event_wanted(name))
        goto done;
    bson_oid_to_string(oid, id);
    if (after)
        crm__schema_to_api(e, after, &api_after);
    if (before)
        crm__schema_to_api(e, before, &api_before);
    ev = (crm_event_t){sizeof ev, name, e->def->name, id, after ? &api_after : NULL,
                       before ? &api_before : NULL, actor};
    crm__event_publish(&ev);
done:
    bson_destroy(&api_after);
    bson_destroy(&api_before);
}

void
crm__entity_append_created(bson_t *doc, const crm_identity_t *actor, int64_t now)
{
    const char *unit = crm_identity_org_unit(actor);

    /* The creator owns the record in their unit, unless the input assigned them. */
    if (!bson_has_field(doc, "owner_id"))
        BSON_APPEND_UTF8(doc, "owner_id", crm_identity_user_id(actor));
    if (!bson_has_field(doc, "org_unit")) {
        if (unit)
            BSON_APPEND_UTF8(doc, "org_unit", unit);
        else
            BSON_APPEND_NULL(doc, "org_unit");
    }
    BSON_APPEND_DATE_TIME(doc, "created_at", now);
    BSON_APPEND_UTF8(doc, "created_by", crm_identity_user_id(actor));
    BSON_APPEND_DATE_TIME(doc, "updated_at", now);
    BSON_APPEND_UTF8(doc, "updated_by", crm_identity_user_id(actor));
    BSON_APPEND_INT64(doc, "version", 1);
}

typedef struct create_ctx {
    const crm__entity_t *entity;
    const crm_identity_t *actor;
    const bson_t *doc;
    const bson_oid_t *oid;
    const bson_t *fields;
} create_ctx_t;

static int
create_txn(crm_store_t *store, void *data, crm_error_t *error)
{
    create_ctx_t *c = data;
    bson_t changes = BSON_INITIALIZER;
    int rc;

    rc = crm_store_insert(store, c->entity->def->name, c->doc, NULL, error);
    if (rc == 0) {
        diff(c->entity, c->fields, NULL, c->fields, &changes);
        rc = crm__audit_write(store, c->actor, "create", c->entity->def->name, c->oid, &changes,
                              NULL, error);
    }
    bson_destroy(&changes);
    return rc;
}

int
crm__entity_create(const crm_identity_t *actor, const char *entity, const bson_t *input,
                   bool from_plugin, bson_t *out, crm_error_t *error)
{
    const crm__entity_t *e;
    bson_t fields = BSON_INITIALIZER, unset = BSON_INITIALIZER, doc = BSON_INITIALIZER;
    bson_oid_t oid;
    create_ctx_t ctx;
    crm_store_t *store;
    int rc;

    if (out)
        bson_init(out);
    rc = crm__entity_resolve(entity, NULL, &e, NULL, error);
    if (rc != 0)
        goto done;
    store = crm__entity_store();
    actor = actor ? actor : crm_identity_system();
    rc = crm__schema_from_api(e, input,
                              CRM__SCHEMA_CREATE | (from_plugin ? CRM__SCHEMA_COMPUTED_OK : 0),
                              store, &fields, &unset, error);
    if (rc != 0)
        goto done;
    rc = check_assignment(actor, e, "create", &fields, NULL, error);
    if (rc == 0)
        rc = crm__entity_prepare(e, actor, NULL, &fields, &unset, store, error);
    if (rc != 0)
        goto done;
    bson_oid_init(&oid, NULL);
    BSON_APPEND_OID(&doc, "_id", &oid);
    bson_concat(&doc, &fields);
    crm__entity_append_created(&doc, actor, crm__now_ms());
    ctx = (create_ctx_t){e, actor, &doc, &oid, &fields};
    rc = crm_store_transaction(store, create_txn, &ctx, error);
    if (rc != 0)
        goto done;
    if (out)
        crm__entity_to_api(e, &doc, out);
    crm__entity_publish(e, "created", &oid, &doc, NULL, actor);
done:
    bson_destroy(&fields);
    bson_destroy(&unset);
    bson_destroy(&doc);
    return rc;
}

int
crm_entity_create(const crm_identity_t *actor, const char *entity, const bson_t *input, bson_t *out,
                  crm_error_t *error)
{
    return crm__entity_create(actor, entity, input, true, out, error);
}

int
crm_entity_get(const crm_identity_t *actor, const char *entity, const char *id, bson_t *out,
               crm_error_t *error)
{
    const crm__entity_t *e;
    bson_oid_t oid;
    bson_t filter = BSON_INITIALIZER, doc;
    int rc;

    bson_init(out);
    actor = actor ? actor : crm_identity_system();
    rc = crm__entity_resolve(entity, id, &e, &oid, error);
    if (rc == 0)
        rc = crm__entity_scoped_filter(actor, e, "read", &oid, &filter, error);
    if (rc != 0)
        goto done;
    /* A record outside the caller's scope is not found, like one that does not exist. */
    rc = crm_store_find_one(crm__entity_store(), e->def->name, &filter, NULL, &doc, error);
    if (rc == CRM_ENOTFOUND)
        crm_error_set(error, CRM_ENOTFOUND, "no %s with id %s", e->def->name, id);
    if (rc != 0)
        goto done;
    crm__entity_to_api(e, &doc, out);
    bson_destroy(&doc);
done:
    bson_destroy(&filter);
    return rc;
}

typedef struct update_ctx {
    const crm__entity_t *entity;
    const crm_identity_t *actor;
    const bson_oid_t *oid;
    const char *id;
    bson_t *set, *unset;
    int64_t expected_version;
    bson_t before, after;
    bool have_before, have_after;
    int changed;
} update_ctx_t;

void
crm__entity_append_touch(bson_t *update, const bson_t *set, const crm_identity_t *actor, int64_t now)
{
    bson_t child;

    bson_append_document_begin(update, "$set", 4, &child);
    bson_concat(&child, set);
    BSON_APPEND_DATE_TIME(&child, "updated_at", now);
    BSON_APPEND_UTF8(&child, "updated_by", crm_identity_user_id(actor));
    bson_append_document_end(update, &child);
    bson_append_document_begin(update, "$inc", 4, &child);
    BSON_APPEND_INT64(&child, "version", 1);
    bson_append_document_end(update, &child);
}

static int
update_txn(crm_store_t *store, void *data, crm_error_t *error)
{
    update_ctx_t *c = data;
    const char *coll = c->entity->def->name;
    bson_t filter = BSON_INITIALIZER, update = BSON_INITIALIZER, keys = BSON_INITIALIZER;
    bson_t changes = BSON_INITIALIZER;
    bson_iter_t it;
    crm_update_result_t result = {0};
    int rc;

    rc = crm__entity_scoped_filter(c->actor, c->entity, "update", c->oid, &filter, error);
    if (rc == 0)
        rc = crm_store_find_one(store, coll, &filter, NULL, &c->before, error);
    if (rc == CRM_ENOTFOUND)
        crm_error_set(error, CRM_ENOTFOUND, "no %s with id %s", coll, c->id);
    if (rc != 0)
        goto done;
    c->have_before = true;
    rc = crm__entity_prepare(c->entity, c->actor, &c->before, c->set, c->unset, store, error);
    if (rc != 0)
        goto done;
    if ((bson_has_field(c->set, "owner_id") || bson_has_field(c->set, "org_unit")) &&
        (rc = check_assignment(c->actor, c->entity, "update", c->set, &c->before, error)) != 0)
        goto done;
    if (c->expected_version >= 0 &&
        (!bson_iter_init_find(&it, &c->before, "version") ||
         bson_iter_as_int64(&it) != c->expected_version)) {
        rc = crm_error_set(error, CRM_ECONFLICT,
                           "the %s was changed by someone else (version %lld, you had %lld): "
                           "reload it and apply your change again",
                           coll, (long long)bson_iter_as_int64(&it),
                           (long long)c->expected_version);
        goto done;
    }
    /* Which fields would change: skip the write entirely when none. */
    bson_concat(&keys, c->set);
    bson_concat(&keys, c->unset);
    c->changed = diff(c->entity, &keys, &c->before, c->set, &changes);
    if (c->changed == 0) {
        bson_copy_to(&c->before, &c->after);
        c->have_after = true;
        goto done;
    }
    crm__entity_append_touch(&update, c->set, c->actor, crm__now_ms());
    if (!bson_empty(c->unset))
        BSON_APPEND_DOCUMENT(&update, "$unset", c->unset);
    rc = crm_store_update(store, coll, &filter, &update, 0, &result, error);
    if (rc != 0)
        goto done;
    rc = crm_store_find_one(store, coll, &filter, NULL, &c->after, error);
    if (rc != 0)
        goto done;
    c->have_after = true;
    rc = crm__audit_write(store, c->actor, "update", coll, c->oid, &changes, NULL, error);
done:
    bson_destroy(&filter);
    bson_destroy(&update);
    bson_destroy(&keys);
    bson_destroy(&changes);
    return rc;
}

int
crm__entity_update(const crm_identity_t *actor, const char *entity, const char *id,
                   const bson_t *patch, int64_t expected_version, bool from_plugin, bson_t *out,
                   crm_error_t *error)
{
    const crm__entity_t *e;
    bson_t set = BSON_INITIALIZER, unset = BSON_INITIALIZER;
    bson_oid_t oid;
    update_ctx_t ctx = {0};
    int rc;

    if (out)
        bson_init(out);
    actor = actor ? actor : crm_identity_system();
    rc = crm__entity_resolve(entity, id, &e, &oid, error);
    if (rc != 0)
        goto done;
    rc = crm__schema_from_api(e, patch,
                              CRM__SCHEMA_PATCH | (from_plugin ? CRM__SCHEMA_COMPUTED_OK : 0),
                              crm__entity_store(), &set, &unset, error);
    if (rc != 0)
        goto done;
    ctx.entity = e;
    ctx.actor = actor;
    ctx.oid = &oid;
    ctx.id = id;
    ctx.set = &set;
    ctx.unset = &unset;
    ctx.expected_version = expected_version;
    rc = crm_store_transaction(crm__entity_store(), update_txn, &ctx, error);
    if (rc != 0)
        goto done;
    if (out)
        crm__entity_to_api(e, &ctx.after, out);
    if (ctx.changed)
        crm__entity_publish(e, "updated", &oid, &ctx.after, &ctx.before, actor);
done:
    if (ctx.have_before)
        bson_destroy(&ctx.before);
    if (ctx.have_after)
        bson_destroy(&ctx.after);
    bson_destroy(&set);
    bson_destroy(&unset);
    return rc;
}

int
crm_entity_update(const crm_identity_t *actor, const char *entity, const char *id,
                  const bson_t *patch, bson_t *out, crm_error_t *error)
{
    return crm__entity_update(actor, entity, id, patch, -1, true, out, error);
}

typedef struct delete_ctx {
    const crm__entity_t *entity;
    const crm_identity_t *actor;
    const bson_oid_t *oid;
    const char *id;
    bson_t before;
    bool have_before;
} delete_ctx_t;

static int
delete_txn(crm_store_t *store, void *data, crm_error_t *error)
{
    delete_ctx_t *c = data;
    const char *coll = c->entity->def->name;
    bson_t filter = BSON_INITIALIZER, extra = BSON_INITIALIZER, snapshot = BSON_INITIALIZER;
    bson_iter_t it;
    int64_t deleted = 0;
    int rc;

    rc = crm__entity_scoped_filter(c->actor, c->entity, "delete", c->oid, &filter, error);
    if (rc == 0)
        rc = crm_store_find_one(store, coll, &filter, NULL, &c->before, error);
    if (rc == CRM_ENOTFOUND)
        crm_error_set(error, CRM_ENOTFOUND, "no %s with id %s", coll, c->id);
    if (rc != 0)
        goto done;
    c->have_before = true;
    rc = crm_store_delete(store, coll, &filter, false, &deleted, error);
    if (rc != 0)
        goto done;
    /* The audit keeps what was deleted, except sensitive fields. */
    if (bson_iter_init(&it, &c->before))
        while (bson_iter_next(&it))
            if (!field_sensitive(c->entity, bson_iter_key(&it)))
                bson_append_iter(&snapshot, bson_iter_key(&it), -1, &it);
    BSON_APPEND_DOCUMENT(&extra, "deleted", &snapshot);
    rc = crm__audit_write(store, c->actor, "delete", coll, c->oid, NULL, &extra, error);
done:
    bson_destroy(&filter);
    bson_destroy(&extra);
    bson_destroy(&snapshot);
    return rc;
}

int
crm_entity_delete(const crm_identity_t *actor, const char *entity, const char *id,
                  crm_error_t *error)
{
    const crm__entity_t *e;
    bson_oid_t oid;
    delete_ctx_t ctx = {0};
    int rc;

    actor = actor ? actor : crm_identity_system();
    rc = crm__entity_resolve(entity, id, &e, &oid, error);
    if (rc != 0)
        return rc;
    ctx.entity = e;
    ctx.actor = actor;
    ctx.oid = &oid;
    ctx.id = id;
    rc = crm_store_transaction(crm__entity_store(), delete_txn, &ctx, error);
    if (rc == 0)
        crm__entity_publish(e, "deleted", &oid, NULL, &ctx.before, actor);
    if (ctx.have_before)
        bson_destroy(&ctx.before);
    return rc;
}
