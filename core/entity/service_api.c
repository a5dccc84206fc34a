/* The entity service for plugins beyond single records: listing and counting within the
 * caller's scope, and re-pointing references (a merge of two records). */
#include "common/timefmt-private.h"
#include "entity/query-private.h"
#include "entity/service-private.h"
#include "event/event-private.h"

#include <crm/http.h>

#include <stdio.h>
#include <string.h>

/* The store filter of FILTER (API form, may be NULL) within ACTOR's read scope on E. */
static int
scoped_filter(const crm_identity_t *actor, const crm__entity_t *e, const bson_t *filter,
              bson_t *out, crm_error_t *error)
{
    bson_string_t *json = NULL;
    int rc;

    if (filter && !bson_empty(filter)) {
        json = bson_string_new(NULL);
        crm_json_append(json, filter);
    }
    rc = crm__query_scoped(actor ? actor : crm_identity_system(), e, "read",
                           json ? json->str : NULL, NULL, out, error);
    if (json)
        bson_string_free(json, true);
    return rc;
}

int
crm_entity_list(const crm_identity_t *actor, const char *entity, const bson_t *filter,
                const char *sort, int64_t limit, crm_entity_each_fn fn, void *data,
                crm_error_t *error)
{
    const crm__entity_t *e;
    bson_t query = BSON_INITIALIZER, sort_doc = BSON_INITIALIZER;
    crm__sort_t s;
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
    crm_cursor_t *cursor = NULL;
    const bson_t *doc;
    int rc;

    if (!fn)
        return crm_error_set(error, CRM_EINVAL, "crm_entity_list: no callback");
    if (limit < 0 || limit > CRM__LIST_MAX_LIMIT)
        return crm_error_set(error, CRM_EINVAL, "limit must be between 1 and %d",
                             CRM__LIST_MAX_LIMIT);
    rc = crm__entity_resolve(entity, NULL, &e, NULL, error);
    if (rc == 0)
        rc = crm__query_sort(e, sort, &s, error);
    if (rc == 0)
        rc = scoped_filter(actor, e, filter, &query, error);
    if (rc != 0)
        goto done;
    crm__query_sort_doc(&s, &sort_doc);
    opts.sort = &sort_doc;
    opts.limit = limit ? limit : CRM__LIST_DEFAULT_LIMIT;
    cursor = crm_store_find(crm__entity_store(), e->def->name, &query, &opts, error);
    if (!cursor) {
        rc = error && error->code ? error->code : CRM_ESTORE;
        goto done;
    }
    while (rc == 0 && crm_cursor_next(cursor, &doc)) {
        bson_t api = BSON_INITIALIZER;

        crm__entity_to_api(e, doc, &api);
        rc = fn(&api, data, error);
        bson_destroy(&api);
    }
    if (rc == 0 && crm_cursor_error(cursor, error))
        rc = error && error->code ? error->code : CRM_ESTORE;
done:
    crm_cursor_destroy(cursor);
    bson_destroy(&query);
    bson_destroy(&sort_doc);
    return rc;
}

int
crm_entity_count(const crm_identity_t *actor, const char *entity, const bson_t *filter,
                 int64_t *count, crm_error_t *error)
{
    const crm__entity_t *e;
    bson_t query = BSON_INITIALIZER;
    int rc;

    *count = 0;
    rc = crm__entity_resolve(entity, NULL, &e, NULL, error);
    if (rc == 0)
        rc = scoped_filter(actor, e, filter, &query, error);
    if (rc == 0)
        rc = crm_store_count(crm__entity_store(), e->def->name, &query, count, error);
    bson_destroy(&query);
    return rc;
}

/* ---- re-pointing references ---- */

typedef struct repoint {
    const crm_identity_t *actor;
    const char *target;
    bson_oid_t from, to;
    const bson_t *only;
    bson_t *moved;
} repoint_t;

/* True when F refers to the entity TARGET (a reference, or an array of them). */
static bool
refers_to(const crm_field_t *f, const char *target)
{
    return f->ref && !strcmp(f->ref, target) &&
           (f->type == CRM_FIELD_REF ||
            (f->type == CRM_FIELD_ARRAY && f->item_type == CRM_FIELD_REF));
}

/* Appends to FILTER the records of E to look at: a reference field of E holding P->from, and,
 * with P->only, one of the records it lists for E. False when E has nothing to look at. */
static bool
repoint_filter(const repoint_t *p, const crm__entity_t *e, bson_t *filter)
{
    bson_t or, cond, ids;
    bson_iter_t it, list;
    uint32_t n = 0;
    char key[16];
    const char *k;

    if (p->only) {
        if (!bson_iter_init_find(&it, p->only, e->def->name) || !BSON_ITER_HOLDS_ARRAY(&it) ||
            !bson_iter_recurse(&it, &list))
            return false;
        bson_append_document_begin(filter, "_id", 3, &cond);
        bson_append_array_begin(&cond, "$in", 3, &ids);
        for (uint32_t i = 0; bson_iter_next(&list);) {
            bson_oid_t oid;

            if (BSON_ITER_HOLDS_UTF8(&list) &&
                crm__entity_parse_id(bson_iter_utf8(&list, NULL), &oid)) {
                bson_uint32_to_string(i++, &k, key, sizeof key);
                bson_append_oid(&ids, k, -1, &oid);
            }
        }
        bson_append_array_end(&cond, &ids);
        bson_append_document_end(filter, &cond);
    }
    bson_append_array_begin(filter, "$or", 3, &or);
    for (size_t i = 0; i < e->n_fields; i++) {
        const crm_field_t *f = &e->def->fields[i];

        if (!refers_to(f, p->target))
            continue;
        bson_uint32_to_string(n++, &k, key, sizeof key);
        bson_append_document_begin(&or, k, -1, &cond);
        bson_append_oid(&cond, f->name, -1, &p->from);
        bson_append_document_end(&or, &cond);
    }
    bson_append_array_end(filter, &or);
    return n > 0;
}

/* Appends to SET the new value of every reference field of E in DOC that holds P->from, and
 * to CHANGES the audit's {field: {from, to}}. */
static void
repoint_values(const repoint_t *p, const crm__entity_t *e, const bson_t *doc, bson_t *set,
               bson_t *changes)
{
    for (size_t i = 0; i < e->n_fields; i++) {
        const crm_field_t *f = &e->def->fields[i];
        bson_iter_t it, el;
        bson_t arr, ch;
        bool hit = false;
        uint32_t n = 0;

        if (!refers_to(f, p->target) || !bson_iter_init_find(&it, doc, f->name))
            continue;
        if (BSON_ITER_HOLDS_OID(&it)) {
            if (!bson_oid_equal(bson_iter_oid(&it), &p->from))
                continue;
            bson_append_oid(set, f->name, -1, &p->to);
            hit = true;
        } else if (BSON_ITER_HOLDS_ARRAY(&it) && bson_iter_recurse(&it, &el)) {
            bson_append_array_begin(set, f->name, -1, &arr);
            while (bson_iter_next(&el)) {
                char key[16];
                const char *k;

                bson_uint32_to_string(n++, &k, key, sizeof key);
                if (BSON_ITER_HOLDS_OID(&el) && bson_oid_equal(bson_iter_oid(&el), &p->from)) {
                    bson_append_oid(&arr, k, -1, &p->to);
                    hit = true;
                } else {
                    bson_append_iter(&arr, k, -1, &el);
                }
            }
            bson_append_array_end(set, &arr);
        }
        if (hit) {
            char from[25], to[25];

            bson_oid_to_string(&p->from, from);
            bson_oid_to_string(&p->to, to);
            bson_append_document_begin(changes, f->name, -1, &ch);
            BSON_APPEND_UTF8(&ch, "from", from);
            BSON_APPEND_UTF8(&ch, "to", to);
            bson_append_document_end(changes, &ch);
        }
    }
}

/* Re-points the records of E; appends their ids to MOVED_IDS. */
static int
repoint_entity(crm_store_t *store, const repoint_t *p, const crm__entity_t *e, bson_t *moved_ids,
               uint32_t *n_moved, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER;
    crm_cursor_t *cursor = NULL;
    const bson_t *doc;
    bson_t **befores = NULL;
    size_t n = 0, cap = 0;
    bool wanted;
    int rc = 0;

    if (!repoint_filter(p, e, &filter))
        goto done;
    /* Read first, then write: a cursor must not run over the records it changes. */
    cursor = crm_store_find(store, e->def->name, &filter, NULL, error);
    if (!cursor) {
        rc = error && error->code ? error->code : CRM_ESTORE;
        goto done;
    }
    while (crm_cursor_next(cursor, &doc)) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            befores = bson_realloc(befores, cap * sizeof *befores);
        }
        befores[n++] = bson_copy(doc);
    }
    if (crm_cursor_error(cursor, error)) {
        rc = error && error->code ? error->code : CRM_ESTORE;
        goto done;
    }
    {
        char event[128];

        snprintf(event, sizeof event, "%s.updated", e->def->name);
        wanted = crm__event_wanted(event); /* re-read a record only for someone listening */
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        bson_t set = BSON_INITIALIZER, changes = BSON_INITIALIZER, update = BSON_INITIALIZER;
        bson_t by_id = BSON_INITIALIZER, after;
        bson_iter_t it;
        const bson_oid_t *oid;
        char id[25], key[16];
        const char *k;

        bson_iter_init_find(&it, befores[i], "_id");
        oid = bson_iter_oid(&it);
        BSON_APPEND_OID(&by_id, "_id", oid);
        repoint_values(p, e, befores[i], &set, &changes);
        crm__entity_append_touch(&update, &set, p->actor, crm__now_ms());
        rc = crm_store_update(store, e->def->name, &by_id, &update, 0, NULL, error);
        if (rc == 0)
            rc = crm__audit_write(store, p->actor, "update", e->def->name, oid, &changes, NULL,
                                  error);
        if (rc == 0 && wanted &&
            crm_store_find_one(store, e->def->name, &by_id, NULL, &after, NULL) == 0) {
            crm__entity_publish(e, "updated", oid, &after, befores[i], p->actor);
            bson_destroy(&after);
        }
        bson_oid_to_string(oid, id);
        bson_uint32_to_string((*n_moved)++, &k, key, sizeof key);
        BSON_APPEND_UTF8(moved_ids, k, id);
        bson_destroy(&set);
        bson_destroy(&changes);
        bson_destroy(&update);
        bson_destroy(&by_id);
    }
done:
    for (size_t i = 0; i < n; i++)
        bson_destroy(befores[i]);
    bson_free(befores);
    crm_cursor_destroy(cursor);
    bson_destroy(&filter);
    return rc;
}

static int
repoint_txn(crm_store_t *store, void *data, crm_error_t *error)
{
    repoint_t *p = data;
    size_t n_entities;
    const crm__entity_t *const *all = crm__entity_all(&n_entities);
    int rc = 0;

    bson_reinit(p->moved);
    for (size_t i = 0; rc == 0 && i < n_entities; i++) {
        bson_t ids;
        uint32_t n_moved = 0;

        bson_init(&ids);
        rc = repoint_entity(store, p, all[i], &ids, &n_moved, error);
        if (rc == 0 && n_moved)
            bson_append_array(p->moved, all[i]->def->name, -1, &ids);
        bson_destroy(&ids);
    }
    return rc;
}

int
crm_entity_repoint(const crm_identity_t *actor, const char *target, const char *from_id,
                   const char *to_id, const bson_t *only, bson_t *moved, crm_error_t *error)
{
    repoint_t p = {.actor = actor ? actor : crm_identity_system(), .target = target, .only = only};
    bson_t local = BSON_INITIALIZER;
    const crm__entity_t *e;
    int rc;

    if (moved)
        bson_init(moved);
    p.moved = moved ? moved : &local;
    rc = crm__entity_resolve(target, NULL, &e, NULL, error);
    if (rc == 0 && (!from_id || !crm__entity_parse_id(from_id, &p.from) || !to_id ||
                    !crm__entity_parse_id(to_id, &p.to)))
        rc = crm_error_set(error, CRM_EINVAL, "re-pointing needs two %s ids (24 hex digits)",
                           target);
    if (rc == 0 && bson_oid_equal(&p.from, &p.to))
        rc = crm_error_set(error, CRM_EINVAL, "cannot re-point a %s to itself", target);
    if (rc == 0)
        rc = crm_store_transaction(crm__entity_store(), repoint_txn, &p, error);
    if (rc != 0 && moved)
        bson_reinit(moved);
    bson_destroy(&local);
    return rc;
}
