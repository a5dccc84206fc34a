/* The group kind of the saved-record service: a group's entity and kind, fixed at creation; a
 * dynamic group's filter, q and sort, checked by the code the entity's list uses; a static
 * group's record ids, each a record its owner may read. A group's ids are shown in full to its
 * owner only: others see those of records they may read themselves. */
#include "entity/groups-private.h"
#include "entity/query-private.h"
#include "entity/service-private.h"
#include "report/saved-private.h"

#include <stdlib.h>
#include <string.h>

static const char *const group_fields[] = {"entity", "kind", "filter", "q", "sort", "ids", NULL};

static int
oid_cmp(const void *a, const void *b)
{
    return bson_oid_compare(a, b);
}

/* An id with its place in the array it came from, to name the place of a repeated one. */
typedef struct placed_oid {
    bson_oid_t oid;
    size_t at;
} placed_oid_t;

static int
placed_cmp(const void *a, const void *b)
{
    const placed_oid_t *x = a, *y = b;
    int c = bson_oid_compare(&x->oid, &y->oid);

    return c ? c : (x->at > y->at) - (x->at < y->at);
}

void
crm__group_ids_clear(crm__group_ids_t *ids)
{
    bson_free(ids->oids);
    bson_free(ids->sorted);
    memset(ids, 0, sizeof *ids);
}

bool
crm__group_ids_has(const crm__group_ids_t *ids, const bson_oid_t *oid)
{
    return ids && ids->n && bsearch(oid, ids->sorted, ids->n, sizeof *oid, oid_cmp) != NULL;
}

/* Sets IDS->sorted from IDS->oids. */
static void
ids_sort(crm__group_ids_t *ids)
{
    ids->sorted = bson_malloc(ids->n ? ids->n * sizeof *ids->sorted : 1);
    if (ids->n)
        memcpy(ids->sorted, ids->oids, ids->n * sizeof *ids->sorted);
    qsort(ids->sorted, ids->n, sizeof *ids->sorted, oid_cmp);
}

/* Those of the N ids OIDS that are records of E within CALLER's read scope, into FOUND (zeroed
 * here). CRM_EPERM when CALLER may not read E at all. */
static int
readable(crm_store_t *store, const crm_identity_t *caller, const crm__entity_t *e,
         const bson_oid_t *oids, size_t n, crm__group_ids_t *found, crm_error_t *error)
{
    bson_t scope = BSON_INITIALIZER, wanted = BSON_INITIALIZER, filter = BSON_INITIALIZER;
    bson_t projection = BSON_INITIALIZER, in, list;
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
    crm_cursor_t *cursor = NULL;
    const bson_t *doc;
    bson_iter_t it;
    char key[16];
    const char *k;
    int rc;

    memset(found, 0, sizeof *found);
    found->oids = bson_malloc(n ? n * sizeof *found->oids : 1);
    rc = crm__entity_scoped_filter(caller, e, "read", NULL, &scope, error);
    if (rc != 0 || n == 0)
        goto done;
    BSON_APPEND_DOCUMENT_BEGIN(&wanted, "_id", &in);
    BSON_APPEND_ARRAY_BEGIN(&in, "$in", &list);
    for (size_t i = 0; i < n; i++) {
        bson_uint32_to_string((uint32_t)i, &k, key, sizeof key);
        bson_append_oid(&list, k, -1, &oids[i]);
    }
    bson_append_array_end(&in, &list);
    bson_append_document_end(&wanted, &in);
    crm__filter_and(&wanted, &scope, &filter);
    BSON_APPEND_INT32(&projection, "_id", 1);
    opts.projection = &projection;
    cursor = crm_store_find(store, e->def->name, &filter, &opts, error);
    if (!cursor) {
        rc = error && error->code ? error->code : CRM_ESTORE;
        goto done;
    }
    while (crm_cursor_next(cursor, &doc))
        if (found->n < n && bson_iter_init_find(&it, doc, "_id") && BSON_ITER_HOLDS_OID(&it))
            bson_oid_copy(bson_iter_oid(&it), &found->oids[found->n++]);
    if (crm_cursor_error(cursor, error))
        rc = error && error->code ? error->code : CRM_ESTORE;
done:
    ids_sort(found);
    crm_cursor_destroy(cursor);
    bson_destroy(&scope);
    bson_destroy(&wanted);
    bson_destroy(&filter);
    bson_destroy(&projection);
    return rc;
}

/* Refuses (as field errors) the ids of OUT that are given twice. Returns how many. */
static size_t
refuse_repeated(const crm__group_ids_t *ids, const char *field, crm_error_t *error)
{
    placed_oid_t *placed = bson_malloc(ids->n ? ids->n * sizeof *placed : 1);
    size_t bad = 0;
    char name[80];

    for (size_t i = 0; i < ids->n; i++)
        placed[i] = (placed_oid_t){ids->oids[i], i};
    qsort(placed, ids->n, sizeof *placed, placed_cmp);
    for (size_t i = 1; i < ids->n; i++) {
        if (bson_oid_equal(&placed[i].oid, &placed[i - 1].oid)) {
            snprintf(name, sizeof name, "%s.%zu", field, placed[i].at);
            crm_error_add_field(error, name, "is given twice");
            bad++;
        }
    }
    bson_free(placed);
    return bad;
}

/* Refuses (as field errors) the ids of IDS outside KNOWN that are no record of E CALLER may
 * read. Returns 0, CRM_EVALIDATION or the store's error. */
static int
refuse_unreadable(crm_store_t *store, const crm_identity_t *caller, const crm__entity_t *e,
                  const crm__group_ids_t *ids, const char *field, const crm__group_ids_t *known,
                  crm_error_t *error)
{
    crm__group_ids_t found = {0};
    bson_oid_t *fresh = bson_malloc(ids->n ? ids->n * sizeof *fresh : 1);
    crm_error_t failed = {0}; /* apart, so as not to lose the field errors already in ERROR */
    size_t n = 0, refused = 0;
    char name[80];
    int rc;

    for (size_t i = 0; i < ids->n; i++)
        if (!crm__group_ids_has(known, &ids->oids[i]))
            fresh[n++] = ids->oids[i];
    if (n == 0) {
        rc = 0; /* nothing new to look up */
        goto done;
    }
    rc = readable(store, caller, e, fresh, n, &found, &failed);
    if (rc == CRM_EPERM) {
        rc = crm_error_add_field(error, field, "you may not read %s records", e->def->name);
        goto done;
    }
    if (rc != 0 && error)
        *error = failed;
    for (size_t i = 0; rc == 0 && i < ids->n; i++) {
        if (crm__group_ids_has(known, &ids->oids[i]) || crm__group_ids_has(&found, &ids->oids[i]))
            continue;
        snprintf(name, sizeof name, "%s.%zu", field, i);
        crm_error_add_field(error, name, "no %s you may read has this id", e->def->name);
        refused++;
    }
    if (rc == 0 && refused)
        rc = CRM_EVALIDATION;
done:
    crm__group_ids_clear(&found);
    bson_free(fresh);
    return rc;
}

int
crm__group_ids_read(crm_store_t *store, const crm_identity_t *caller, const crm__entity_t *e,
                    const bson_iter_t *it, const char *field, const crm__group_ids_t *known,
                    crm__group_ids_t *out, crm_error_t *error)
{
    bson_iter_t items;
    size_t bad = 0, count = 0;
    char name[80];

    memset(out, 0, sizeof *out);
    if (!BSON_ITER_HOLDS_ARRAY(it) || !bson_iter_recurse(it, &items))
        return crm_error_add_field(error, field, "must be an array of record ids");
    while (bson_iter_next(&items))
        count++;
    if (count > CRM__GROUP_MAX_IDS)
        return crm_error_add_field(error, field, "a group holds at most %d records",
                                   CRM__GROUP_MAX_IDS);
    out->oids = bson_malloc(count ? count * sizeof *out->oids : 1);
    bson_iter_recurse(it, &items);
    while (bson_iter_next(&items)) {
        const char *hex = BSON_ITER_HOLDS_UTF8(&items) ? bson_iter_utf8(&items, NULL) : NULL;

        if (BSON_ITER_HOLDS_OID(&items)) {
            bson_oid_copy(bson_iter_oid(&items), &out->oids[out->n++]);
        } else if (hex && crm__entity_parse_id(hex, &out->oids[out->n])) {
            out->n++;
        } else {
            snprintf(name, sizeof name, "%s.%s", field, bson_iter_key(&items));
            crm_error_add_field(error, name, "must be a record id (24 hexadecimal characters)");
            bad++;
        }
    }
    ids_sort(out);
    if (bad)
        return CRM_EVALIDATION;
    if (refuse_repeated(out, field, error))
        return CRM_EVALIDATION;
    return e ? refuse_unreadable(store, caller, e, out, field, known, error) : 0;
}

/* True when DOC has KEY with a value other than null; IT then points to it. */
static bool
has_value(const bson_t *doc, const char *key, bson_iter_t *it)
{
    return bson_iter_init_find(it, doc, key) && !BSON_ITER_HOLDS_NULL(it);
}

const char *
crm__group_str(const bson_t *group, const char *key)
{
    bson_iter_t it;

    return bson_iter_init_find(&it, group, key) && BSON_ITER_HOLDS_UTF8(&it)
               ? bson_iter_utf8(&it, NULL)
               : NULL;
}

bool
crm__group_is_static(const bson_t *group)
{
    const char *kind = crm__group_str(group, "kind");

    return kind && strcmp(kind, "static") == 0;
}

/* Checks the string field KEY, which may not change after creation (CURRENT not NULL), and
 * appends it. Returns it, or NULL when refused. */
static const char *
check_fixed(const bson_t *input, const bson_t *current, const char *key, crm_error_t *error)
{
    bson_iter_t it;
    const char *value = crm__group_str(input, key),
               *was = current ? crm__group_str(current, key) : NULL;

    if (!has_value(input, key, &it)) {
        crm_error_add_field(error, key, "is required");
        return NULL;
    }
    if (current && (!value || !was || strcmp(value, was) != 0)) {
        crm_error_add_field(error, key, "cannot be changed: create another group");
        return NULL;
    }
    return value;
}

static const crm__entity_t *
check_entity(const crm_identity_t *caller, const bson_t *input, const bson_t *current, bson_t *out,
             crm_error_t *error)
{
    const char *name = check_fixed(input, current, "entity", error);
    const crm__entity_t *e = NULL;
    char permission[96];

    if (!name)
        return NULL;
    e = crm__entity_lookup(name);
    if (!e) {
        crm_error_add_field(error, "entity", "no such entity");
        return NULL;
    }
    crm__entity_permission(e, "read", permission, sizeof permission);
    if (!current && !crm_identity_can(caller, permission)) {
        crm_error_add_field(error, "entity", "you may not read %s records", name);
        return NULL;
    }
    BSON_APPEND_UTF8(out, "entity", name);
    return e;
}

static const char *
check_kind(const bson_t *input, const bson_t *current, bson_t *out, crm_error_t *error)
{
    const char *kind = check_fixed(input, current, "kind", error);

    if (kind && strcmp(kind, "dynamic") != 0 && strcmp(kind, "static") != 0) {
        crm_error_add_field(error, "kind", "must be dynamic or static");
        return NULL;
    }
    if (kind)
        BSON_APPEND_UTF8(out, "kind", kind);
    return kind;
}

/* Checks the string KEY (filter or q) of a dynamic group against E (not checked when NULL) as
 * the entity's list checks its parameters, and appends it unless empty. */
static void
check_query_part(const crm__entity_t *e, const bson_t *input, const char *key, bson_t *out,
                 crm_error_t *error)
{
    bool is_filter = strcmp(key, "filter") == 0;
    const char *value = crm__group_str(input, key);
    crm_error_t refused = {0};
    bson_t translated;
    bson_iter_t it;

    if (!has_value(input, key, &it))
        return;
    if (!value) {
        crm_error_add_field(error, key,
                            is_filter ? "must be a string: a filter as the list of %s takes it"
                                      : "must be a string: words to search %s for",
                            e ? e->def->name : "the entity");
        return;
    }
    if (is_filter && strlen(value) > CRM__GROUP_FILTER_MAX_BYTES) {
        crm_error_add_field(error, key, "must be at most %d bytes", CRM__GROUP_FILTER_MAX_BYTES);
        return;
    }
    if (!e)
        return;
    if (crm__query_filter(e, is_filter ? value : NULL, is_filter ? NULL : value, &translated,
                          &refused) != 0)
        crm_error_add_field(error, key, "%s", refused.message);
    else if (*value)
        BSON_APPEND_UTF8(out, key, value);
    bson_destroy(&translated);
}

static void
check_sort(const crm__entity_t *e, const bson_t *input, bson_t *out, crm_error_t *error)
{
    const char *value = crm__group_str(input, "sort");
    crm_error_t refused = {0};
    crm__sort_t sort;
    bson_iter_t it;

    if (!has_value(input, "sort", &it))
        return;
    if (!value)
        crm_error_add_field(error, "sort", "must be a string such as \"-created_at\"");
    else if (e && crm__query_sort(e, value, &sort, &refused) != 0)
        crm_error_add_field(error, "sort", "%s", refused.message);
    else if (e && *value)
        BSON_APPEND_UTF8(out, "sort", value);
}

static void
check_ids(crm_store_t *store, const crm_identity_t *caller, const crm__entity_t *e,
          const bson_t *input, const bson_t *current, bson_t *out, crm_error_t *error)
{
    crm__group_ids_t known = {0}, ids = {0};
    bson_iter_t it;
    bson_t list;
    char key[16];
    const char *k;

    if (current && bson_iter_init_find(&it, current, "ids"))
        crm__group_ids_read(store, caller, NULL, &it, "ids", NULL, &known, NULL);
    if (!has_value(input, "ids", &it)) {
        BSON_APPEND_ARRAY_BEGIN(out, "ids", &list);
        bson_append_array_end(out, &list);
    } else if (crm__group_ids_read(store, caller, e, &it, "ids", &known, &ids, error) == 0) {
        BSON_APPEND_ARRAY_BEGIN(out, "ids", &list);
        for (size_t i = 0; i < ids.n; i++) {
            bson_uint32_to_string((uint32_t)i, &k, key, sizeof key);
            bson_append_oid(&list, k, -1, &ids.oids[i]);
        }
        bson_append_array_end(out, &list);
    }
    crm__group_ids_clear(&known);
    crm__group_ids_clear(&ids);
}

/* A field that the other kind of group has. */
static void
refuse_other_kind(const bson_t *input, const char *key, const char *kind, crm_error_t *error)
{
    bson_iter_t it;

    if (has_value(input, key, &it))
        crm_error_add_field(error, key, "only %s groups have %s", kind, key);
}

static bool
group_field(crm_store_t *store, const crm_identity_t *caller, const bson_iter_t *it, bson_t *out,
            crm_error_t *error)
{
    (void)store;
    (void)caller;
    (void)out;
    (void)error;
    for (size_t i = 0; group_fields[i]; i++)
        if (strcmp(bson_iter_key(it), group_fields[i]) == 0)
            return true; /* checked together by group_check() */
    return false;
}

static void
group_check(crm_store_t *store, const crm_identity_t *caller, const bson_t *input,
            const bson_t *current, bson_t *out, crm_error_t *error)
{
    const crm__entity_t *e = check_entity(caller, input, current, out, error);
    const char *kind = check_kind(input, current, out, error);

    check_sort(e, input, out, error);
    if (kind && strcmp(kind, "dynamic") == 0) {
        refuse_other_kind(input, "ids", "static", error);
        check_query_part(e, input, "filter", out, error);
        check_query_part(e, input, "q", out, error);
    } else if (kind) {
        refuse_other_kind(input, "filter", "dynamic", error);
        refuse_other_kind(input, "q", "dynamic", error);
        check_ids(store, caller, e, input, current, out, error);
    }
}

/* The ids of DOC's records CALLER may read, in DOC's order, appended to OUT as "ids". */
static int
append_readable_ids(crm_store_t *store, const crm_identity_t *caller, const bson_t *doc,
                    const bson_iter_t *ids, bson_t *out, crm_error_t *error)
{
    const char *name = crm__group_str(doc, "entity");
    const crm__entity_t *e = name ? crm__entity_lookup(name) : NULL;
    crm__group_ids_t all = {0}, seen = {0};
    crm_error_t failed = {0};
    bson_t list;
    char key[16];
    const char *k;
    uint32_t n = 0;
    int rc = 0;

    crm__group_ids_read(store, caller, NULL, ids, "ids", NULL, &all, NULL);
    if (e)
        rc = readable(store, caller, e, all.oids, all.n, &seen, &failed);
    if (rc == CRM_EPERM)
        rc = 0; /* may read none of them */
    else if (rc != 0 && error)
        *error = failed;
    BSON_APPEND_ARRAY_BEGIN(out, "ids", &list);
    for (size_t i = 0; rc == 0 && i < all.n; i++) {
        if (!crm__group_ids_has(&seen, &all.oids[i]))
            continue;
        bson_uint32_to_string(n++, &k, key, sizeof key);
        bson_append_oid(&list, k, -1, &all.oids[i]);
    }
    bson_append_array_end(out, &list);
    crm__group_ids_clear(&all);
    crm__group_ids_clear(&seen);
    return rc;
}

/* Lists leave ids out (a group's members are a request of their own); a static group's ids are
 * shown in full to its owner and, to anyone else, only as far as they may read the records. */
static int
group_present(crm_store_t *store, const crm_identity_t *caller, const bson_t *doc, bool listed,
              bson_t *out, crm_error_t *error)
{
    const char *owner = crm__group_str(doc, "owner_id");
    bson_iter_t ids;

    crm__saved_to_api(doc, "ids", out);
    if (listed || !bson_iter_init_find(&ids, doc, "ids"))
        return 0;
    if (crm_identity_is_system(caller) ||
        (owner && strcmp(owner, crm_identity_user_id(caller)) == 0)) {
        bson_append_value(out, "ids", 3, bson_iter_value(&ids));
        return 0;
    }
    return append_readable_ids(store, caller, doc, &ids, out, error);
}

const crm__saved_kind_t crm__saved_group_kind = {.collection = "saved_groups",
                                                 .field = group_field,
                                                 .check = group_check,
                                                 .present = group_present};
