/* A list query over an entity from request parameters: filter (JSON, API field names and value
 * forms) translated to the store's form, q (full text), sort (one field) and the keyset cursor
 * that keeps pagination fast and stable on millions of rows. Shared by list and export. */
#include "entity/query-private.h"
#include "entity/service-private.h"
#include "http/server-private.h"

#include <crm/http.h>

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define MAX_Q_LENGTH 200

/* The field a dotted API path names, for value conversion: the declared field of the last
 * segment that has one. *STORE_PATH gets the store's path (id → _id). False when the first
 * segment is neither a field nor a system field. */
static bool
resolve_path(const crm__entity_t *e, const char *path, const crm_field_t **field,
             char *store_path, size_t cap)
{
    static const crm_field_t system_datetime = {.name = "at", .type = CRM_FIELD_DATETIME};
    static const crm_field_t system_id = {.name = "id", .type = CRM_FIELD_REF, .ref = "self"};
    char first[64];
    const char *dot = strchr(path, '.');
    size_t n = dot ? (size_t)(dot - path) : strlen(path);
    const crm_field_t *f;

    if (n == 0 || n >= sizeof first || strlen(path) >= cap)
        return false;
    memcpy(first, path, n);
    first[n] = '\0';
    *field = NULL;
    if (strcmp(first, "id") == 0 || strcmp(first, "_id") == 0) {
        if (dot)
            return false;
        snprintf(store_path, cap, "_id");
        *field = &system_id;
        return true;
    }
    snprintf(store_path, cap, "%s", path);
    if (crm__entity_is_system_field(first)) {
        if (strcmp(first, "created_at") == 0 || strcmp(first, "updated_at") == 0)
            *field = &system_datetime;
        return !dot;
    }
    f = crm__entity_field(e, first);
    if (!f)
        return false;
    *field = f;
    while (dot && f && f->type == CRM_FIELD_OBJECT && f->fields) {
        const char *seg = dot + 1;
        const crm_field_t *sub = NULL;
        dot = strchr(seg, '.');
        n = dot ? (size_t)(dot - seg) : strlen(seg);
        for (const crm_field_t *g = f->fields; g->name; g++)
            if (strlen(g->name) == n && strncmp(g->name, seg, n) == 0)
                sub = g;
        f = sub;
        *field = sub;
    }
    if (dot)
        *field = NULL; /* inside a money value or a free object: values taken as given */
    return true;
}

static int translate(const crm__entity_t *e, bson_iter_t *it, bson_t *out, int depth,
                     crm_error_t *error);

static void
append_converted(const crm_field_t *f, const char *key, bson_iter_t *it, bson_t *out)
{
    bson_value_t v;

    if (f && !BSON_ITER_HOLDS_DOCUMENT(it) && !BSON_ITER_HOLDS_ARRAY(it)) {
        crm__schema_value_to_store(f, bson_iter_value(it), &v);
        bson_append_value(out, key, -1, &v);
        bson_value_destroy(&v);
    } else if (f && BSON_ITER_HOLDS_ARRAY(it)) {
        bson_iter_t sub;
        bson_t arr;
        bson_append_array_begin(out, key, -1, &arr);
        if (bson_iter_recurse(it, &sub))
            while (bson_iter_next(&sub))
                append_converted(f, bson_iter_key(&sub), &sub, &arr);
        bson_append_array_end(out, &arr);
    } else {
        bson_append_iter(out, key, -1, it);
    }
}

/* Translates the operator document at IT for field F: {"$gt": "2026-01-01", ...}. */
static int
translate_ops(const crm_field_t *f, bson_iter_t *it, bson_t *out, crm_error_t *error)
{
    bson_iter_t sub;

    if (!bson_iter_recurse(it, &sub))
        return crm_error_set(error, CRM_EINVAL, "filter: invalid operator document");
    while (bson_iter_next(&sub)) {
        const char *op = bson_iter_key(&sub);
        if (strcmp(op, "$not") == 0 && BSON_ITER_HOLDS_DOCUMENT(&sub)) {
            bson_t child;
            int rc;
            bson_append_document_begin(out, op, -1, &child);
            rc = translate_ops(f, &sub, &child, error);
            bson_append_document_end(out, &child);
            if (rc != 0)
                return rc;
        } else if (strcmp(op, "$regex") == 0 || strcmp(op, "$exists") == 0) {
            bson_append_iter(out, op, -1, &sub);
        } else {
            append_converted(f, op, &sub, out);
        }
    }
    return 0;
}

static bool
is_operator_doc(bson_iter_t *it)
{
    bson_iter_t sub;

    return BSON_ITER_HOLDS_DOCUMENT(it) && bson_iter_recurse(it, &sub) && bson_iter_next(&sub) &&
           bson_iter_key(&sub)[0] == '$';
}

static int
translate(const crm__entity_t *e, bson_iter_t *it, bson_t *out, int depth, crm_error_t *error)
{
    if (depth > CRM_FILTER_MAX_DEPTH)
        return crm_error_set(error, CRM_EINVAL, "filter is nested deeper than %d levels",
                             CRM_FILTER_MAX_DEPTH);
    while (bson_iter_next(it)) {
        const char *key = bson_iter_key(it);
        int rc = 0;

        if (key[0] == '$') {
            if ((strcmp(key, "$and") == 0 || strcmp(key, "$or") == 0) &&
                BSON_ITER_HOLDS_ARRAY(it)) {
                bson_iter_t arr, sub;
                bson_t child, item;
                bson_append_array_begin(out, key, -1, &child);
                bson_iter_recurse(it, &arr);
                while (rc == 0 && bson_iter_next(&arr)) {
                    if (!BSON_ITER_HOLDS_DOCUMENT(&arr) || !bson_iter_recurse(&arr, &sub)) {
                        rc = crm_error_set(error, CRM_EINVAL, "filter: %s takes an array of filters",
                                           key);
                        break;
                    }
                    bson_append_document_begin(&child, bson_iter_key(&arr), -1, &item);
                    rc = translate(e, &sub, &item, depth + 1, error);
                    bson_append_document_end(&child, &item);
                }
                bson_append_array_end(out, &child);
            } else if (strcmp(key, "$text") == 0) {
                bson_append_iter(out, key, -1, it);
            } else {
                /* Left for the store's check, which names what is refused. */
                bson_append_iter(out, key, -1, it);
            }
        } else {
            const crm_field_t *f;
            char path[256];

            if (!resolve_path(e, key, &f, path, sizeof path))
                return crm_error_set(error, CRM_EINVAL, "filter: '%s' is not a field of %s", key,
                                     e->def->name);
            if (is_operator_doc(it)) {
                bson_t child;
                bson_append_document_begin(out, path, -1, &child);
                rc = translate_ops(f, it, &child, error);
                bson_append_document_end(out, &child);
            } else {
                append_converted(f, path, it, out);
            }
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}

int
crm__query_filter(const crm__entity_t *e, const char *filter_json, const char *q, bson_t *out,
                  crm_error_t *error)
{
    bson_t parsed, translated = BSON_INITIALIZER;
    bson_iter_t it;
    bool have_filter = filter_json && *filter_json;
    int rc = 0;

    bson_init(out);
    if (have_filter) {
        rc = crm__json_parse_query(filter_json, strlen(filter_json), &parsed, error);
        if (rc != 0)
            goto done;
        bson_iter_init(&it, &parsed);
        rc = translate(e, &it, &translated, 0, error);
        bson_destroy(&parsed);
        if (rc != 0)
            goto done;
        rc = crm_filter_check(&translated, error);
        if (rc != 0)
            goto done;
    }
    if (q && *q) {
        if (!e->has_text) {
            rc = crm_error_set(error, CRM_EINVAL, "%s has no searchable fields: q is not available",
                               e->def->name);
            goto done;
        }
        if (strlen(q) > MAX_Q_LENGTH) {
            rc = crm_error_set(error, CRM_EINVAL, "q is longer than %d characters", MAX_Q_LENGTH);
            goto done;
        }
        if (!bson_utf8_validate(q, strlen(q), false)) {
            rc = crm_error_set(error, CRM_EINVAL, "q is not valid UTF-8");
            goto done;
        }
    }
    bson_concat(out, &translated);
    if (q && *q) {
        /* $text stays at the top level, beside the field conditions (an implicit and). */
        bson_t text;
        bson_append_document_begin(out, "$text", 5, &text);
        BSON_APPEND_UTF8(&text, "$search", q);
        bson_append_document_end(out, &text);
    }
done:
    bson_destroy(&translated);
    return rc;
}

int
crm__query_sort(const crm__entity_t *e, const char *sort, crm__sort_t *out, crm_error_t *error)
{
    const crm_field_t *f;
    const char *spec = sort && *sort ? sort : (e->default_sort ? e->default_sort : "-id");
    bool desc = spec[0] == '-';
    const char *name = desc || spec[0] == '+' ? spec + 1 : spec;

    if (strchr(name, ','))
        return crm_error_set(error, CRM_EINVAL, "sort takes one field, e.g. sort=-created_at");
    if (!resolve_path(e, name, &f, out->path, sizeof out->path))
        return crm_error_set(error, CRM_EINVAL, "sort: '%s' is not a field of %s", name,
                             e->def->name);
    out->desc = desc;
    out->relevance = false;
    snprintf(out->spec, sizeof out->spec, "%s%s", desc ? "-" : "", name);
    return 0;
}

void
crm__query_sort_doc(const crm__sort_t *sort, bson_t *out)
{
    bson_init(out);
    BSON_APPEND_INT32(out, sort->relevance ? "$text" : sort->path, sort->desc ? -1 : 1);
}

/* SORT for a search in its own order (q without a sort, or sort=relevance). */
static int
query_sort_relevance(const char *q, crm__sort_t *sort, crm_error_t *error)
{
    if (!q || !*q)
        return crm_error_set(error, CRM_EINVAL,
                             "sort=relevance orders the matches of a search: give q too");
    memset(sort, 0, sizeof *sort);
    snprintf(sort->spec, sizeof sort->spec, "relevance");
    sort->desc = true;
    sort->relevance = true;
    return 0;
}

/* --- the cursor: base64url of {"s": sort spec, "v": last sort value, "i": last _id}, or in
 * relevance order {"s": "relevance", "o": records before the next page} --- */

int
crm__query_cursor_encode(const crm__sort_t *sort, const bson_t *last, int64_t position, char **out)
{
    bson_t c = BSON_INITIALIZER;
    bson_iter_t it;
    size_t cap;
    int rc = CRM_ENOMEM;

    *out = NULL;
    BSON_APPEND_UTF8(&c, "s", sort->spec);
    if (sort->relevance) {
        BSON_APPEND_INT64(&c, "o", position + 1);
    } else if (strcmp(sort->path, "_id") != 0) {
        if (bson_iter_init(&it, last) && bson_iter_find_descendant(&it, sort->path, &it) &&
            !BSON_ITER_HOLDS_NULL(&it))
            bson_append_iter(&c, "v", 1, &it);
        else
            BSON_APPEND_NULL(&c, "v");
    }
    if (!sort->relevance && bson_iter_init_find(&it, last, "_id"))
        bson_append_iter(&c, "i", 1, &it);
    cap = sodium_base64_encoded_len(c.len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    *out = malloc(cap);
    if (*out) {
        sodium_bin2base64(*out, cap, bson_get_data(&c), c.len,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        rc = 0;
    }
    bson_destroy(&c);
    return rc;
}

/* Appends to OUT the condition "after the cursor" for SORT. */
int
crm__query_cursor_filter(const crm__sort_t *sort, const char *cursor, bson_t *out, int64_t *skip,
                         bool *nulls_follow, crm_error_t *error)
{
    uint8_t buf[1024];
    size_t len = 0;
    bson_t c, arr, a, b, cond, idc;
    bson_iter_t s, v, i;
    const char *gt = sort->desc ? "$lt" : "$gt";
    bool null_value;

    if (strlen(cursor) > 1300 ||
        sodium_base642bin(buf, sizeof buf, cursor, strlen(cursor), NULL, &len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        !bson_init_static(&c, buf, len) || !bson_validate(&c, BSON_VALIDATE_NONE, NULL) ||
        !bson_iter_init_find(&s, &c, "s") || !BSON_ITER_HOLDS_UTF8(&s))
        return crm_error_set(error, CRM_EINVAL, "invalid cursor: use next_cursor as returned");
    if (strcmp(bson_iter_utf8(&s, NULL), sort->spec) != 0)
        return crm_error_set(error, CRM_EINVAL,
                             "this cursor belongs to sort=%s: keep the sort while paging",
                             bson_iter_utf8(&s, NULL));
    if (sort->relevance) {
        if (!bson_iter_init_find(&v, &c, "o") || !BSON_ITER_HOLDS_INT64(&v) ||
            bson_iter_int64(&v) < 0)
            return crm_error_set(error, CRM_EINVAL, "invalid cursor: use next_cursor as returned");
        *skip = bson_iter_int64(&v);
        return 0;
    }
    if (!bson_iter_init_find(&i, &c, "i"))
        return crm_error_set(error, CRM_EINVAL, "invalid cursor: use next_cursor as returned");
    if (strcmp(sort->path, "_id") == 0) {
        bson_append_document_begin(out, "_id", 3, &cond);
        bson_append_iter(&cond, gt, -1, &i);
        bson_append_document_end(out, &cond);
        return 0;
    }
    if (!bson_iter_init_find(&v, &c, "v"))
        return crm_error_set(error, CRM_EINVAL, "invalid cursor: use next_cursor as returned");
    null_value = BSON_ITER_HOLDS_NULL(&v);
    /* Ascending: nulls first; descending: nulls last. Ties go by _id ascending. After a value,
     * the range from it lets the store walk the sort's index from there; it leaves out the
     * nulls, which the caller reads once the values run out (descending). */
    if (!null_value) {
        bson_append_document_begin(out, sort->path, -1, &cond);
        bson_append_iter(&cond, sort->desc ? "$lte" : "$gte", -1, &v);
        bson_append_document_end(out, &cond);
    }
    *nulls_follow = !null_value && sort->desc;
    bson_append_array_begin(out, "$or", 3, &arr);
    /* same value, later _id */
    bson_append_document_begin(&arr, "0", 1, &a);
    bson_append_iter(&a, sort->path, -1, &v);
    bson_append_document_begin(&a, "_id", 3, &idc);
    bson_append_iter(&idc, "$gt", 3, &i);
    bson_append_document_end(&a, &idc);
    bson_append_document_end(&arr, &a);
    if (!null_value) {
        /* strictly after the value */
        bson_append_document_begin(&arr, "1", 1, &b);
        bson_append_document_begin(&b, sort->path, -1, &cond);
        bson_append_iter(&cond, gt, -1, &v);
        bson_append_document_end(&b, &cond);
        bson_append_document_end(&arr, &b);
    } else if (!sort->desc) {
        /* after the nulls come all the values */
        bson_append_document_begin(&arr, "1", 1, &b);
        bson_append_document_begin(&b, sort->path, -1, &cond);
        BSON_APPEND_NULL(&cond, "$ne");
        bson_append_document_end(&b, &cond);
        bson_append_document_end(&arr, &b);
    }
    bson_append_array_end(out, &arr);
    return 0;
}

int
crm__query_limit(const char *s, int64_t *limit, crm_error_t *error)
{
    char *end = NULL;
    long long v;

    *limit = CRM__LIST_DEFAULT_LIMIT;
    if (!s)
        return 0;
    v = strtoll(s, &end, 10);
    if (end == s || *end || v < 0)
        return crm_error_set(error, CRM_EINVAL,
                             "limit must be a whole number from 0 (only the count) to %d",
                             CRM__LIST_MAX_LIMIT);
    *limit = v > CRM__LIST_MAX_LIMIT ? CRM__LIST_MAX_LIMIT : v;
    return 0;
}

/* Appends to OUT the top-level conditions of F except $text; returns F's $text in *TEXT. */
static bool
split_text(const bson_t *f, bson_t *out, bson_iter_t *text)
{
    bson_iter_t it;
    bool found = false;

    if (!bson_iter_init(&it, f))
        return false;
    while (bson_iter_next(&it)) {
        if (!strcmp(bson_iter_key(&it), "$text") && !found) {
            *text = it;
            found = true;
        } else {
            bson_append_iter(out, bson_iter_key(&it), -1, &it);
        }
    }
    return found;
}

void
crm__filter_and(const bson_t *a, const bson_t *b, bson_t *out)
{
    bson_t rest_a = BSON_INITIALIZER, rest_b = BSON_INITIALIZER, arr;
    bson_iter_t text_a, text_b;
    bool has_a = split_text(a, &rest_a, &text_a), has_b = split_text(b, &rest_b, &text_b);

    if (has_a || has_b)
        bson_append_iter(out, "$text", 5, has_a ? &text_a : &text_b);
    if (bson_empty(&rest_a) || bson_empty(&rest_b)) {
        bson_concat(out, bson_empty(&rest_a) ? &rest_b : &rest_a);
    } else {
        bson_append_array_begin(out, "$and", 4, &arr);
        bson_append_document(&arr, "0", 1, &rest_a);
        bson_append_document(&arr, "1", 1, &rest_b);
        bson_append_array_end(out, &arr);
    }
    bson_destroy(&rest_a);
    bson_destroy(&rest_b);
}

int
crm__query_scoped(const crm_identity_t *actor, const crm__entity_t *e, const char *action,
                  const char *filter_json, const char *q, bson_t *filter, crm_error_t *error)
{
    bson_t scope = BSON_INITIALIZER, asked;
    int rc;

    rc = crm__entity_scoped_filter(actor, e, action, NULL, &scope, error);
    if (rc == 0) {
        rc = crm__query_filter(e, filter_json, q, &asked, error);
        if (rc == 0)
            crm__filter_and(&asked, &scope, filter); /* what was asked, within the scope */
        bson_destroy(&asked);
    }
    bson_destroy(&scope);
    return rc;
}

int
crm__query_from_request(crm_request_t *req, const char *action, const crm__entity_t **e,
                        crm__sort_t *sort, bson_t *filter, crm_error_t *error)
{
    const char *asked = crm_request_query(req, "sort"), *q = crm_request_query(req, "q");
    int rc;

    bson_init(filter);
    rc = crm__entity_resolve(crm_request_param(req, "entity"), NULL, e, NULL, error);
    if (rc == 0 && ((q && *q && (!asked || !*asked)) || (asked && !strcmp(asked, "relevance"))))
        rc = query_sort_relevance(q, sort, error);
    else if (rc == 0)
        rc = crm__query_sort(*e, asked, sort, error);
    if (rc == 0)
        rc = crm__query_scoped(crm_request_identity(req), *e, action,
                               crm_request_query(req, "filter"), q, filter, error);
    return rc;
}
