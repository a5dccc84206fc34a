/* GET /api/v1/<entity>: filter, q, sort, keyset cursor, limit, and _count. The page it answers
 * with is also the answer of other lists of records (a group's members). */
#include "entity/query-private.h"
#include "entity/routes-private.h"
#include "entity/service-private.h"

#include <stdlib.h>
#include <string.h>

/* Appends to ITEMS the records of CURSOR until the page (LIMIT) is full; *N counts them. When
 * one more follows, *NEXT gets the cursor after the last. */
static int
read_page(crm_cursor_t *cursor, const crm__entity_t *e, const crm__sort_t *sort, int64_t skip,
          int64_t limit, bson_t *items, int64_t *n, char **next, crm_error_t *error)
{
    bson_t last = BSON_INITIALIZER, arr;
    const bson_t *doc;
    int rc = 0;

    while (crm_cursor_next(cursor, &doc)) {
        char idx[16];
        const char *key;
        if (*n == limit) {
            rc = crm__query_cursor_encode(sort, &last, skip + *n - 1, next);
            break;
        }
        bson_uint32_to_string((uint32_t)(*n)++, &key, idx, sizeof idx);
        bson_append_document_begin(items, key, -1, &arr);
        crm__entity_to_api(e, doc, &arr);
        bson_append_document_end(items, &arr);
        bson_reinit(&last);
        bson_concat(&last, doc);
    }
    if (rc == 0 && crm_cursor_error(cursor, error))
        rc = error ? error->code : CRM_ESTORE;
    bson_destroy(&last);
    return rc;
}

/* The records of E matching FILTER (and COND) in SORT order from SKIP, at most LIMIT + 1 of
 * them, into ITEMS as read_page() does. */
static int
find_page(const crm__entity_t *e, const crm__sort_t *sort, const bson_t *filter, const bson_t *cond,
          int64_t skip, int64_t limit, bson_t *items, int64_t *n, char **next, crm_error_t *error)
{
    bson_t full = BSON_INITIALIZER, sort_doc;
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
    crm_cursor_t *cursor;
    int rc;

    crm__filter_and(filter, cond, &full);
    crm__query_sort_doc(sort, &sort_doc);
    opts.sort = &sort_doc;
    opts.skip = skip;
    opts.limit = limit - *n + 1;
    cursor = crm_store_find(crm__entity_store(), e->def->name, &full, &opts, error);
    rc = cursor ? read_page(cursor, e, sort, skip, limit, items, n, next, error)
                : (error ? error->code : CRM_ESTORE);
    crm_cursor_destroy(cursor);
    bson_destroy(&full);
    bson_destroy(&sort_doc);
    return rc;
}

int
crm__entity_respond_list(crm_request_t *req, const crm__entity_t *e, const crm__sort_t *sort,
                         const bson_t *filter, crm_error_t *error)
{
    bson_t out = BSON_INITIALIZER, after = BSON_INITIALIZER, items;
    const char *cursor = crm_request_query(req, "cursor");
    const char *want_count = crm_request_query(req, "_count");
    int64_t limit, skip = 0, n = 0, count = 0;
    bool nulls_follow = false;
    char *next = NULL;
    int rc;

    rc = crm__query_limit(crm_request_query(req, "limit"), &limit, error);
    if (rc != 0)
        goto done;
    if (want_count && strcmp(want_count, "true") == 0) {
        rc = crm_store_count(crm__entity_store(), e->def->name, filter, &count, error);
        if (rc != 0)
            goto done;
    }
    /* The page: the filter AND after-the-cursor, one more than asked to know if more follow. */
    if (cursor) {
        rc = crm__query_cursor_filter(sort, cursor, &after, &skip, &nulls_follow, error);
        if (rc != 0)
            goto done;
    }
    bson_append_array_begin(&out, "items", 5, &items);
    if (limit)
        rc = find_page(e, sort, filter, &after, skip, limit, &items, &n, &next, error);
    if (rc == 0 && limit && !next && nulls_follow) {
        /* the values ran out within the page: the records without one come last */
        bson_t nulls = BSON_INITIALIZER;
        BSON_APPEND_NULL(&nulls, sort->path);
        rc = find_page(e, sort, filter, &nulls, 0, limit, &items, &n, &next, error);
        bson_destroy(&nulls);
    }
    bson_append_array_end(&out, &items);
    if (rc != 0)
        goto done;
    if (next)
        BSON_APPEND_UTF8(&out, "next_cursor", next);
    else
        BSON_APPEND_NULL(&out, "next_cursor");
    BSON_APPEND_INT64(&out, "limit", limit);
    BSON_APPEND_UTF8(&out, "sort", sort->spec);
    if (want_count && strcmp(want_count, "true") == 0)
        BSON_APPEND_INT64(&out, "count", count);
    rc = crm_respond_json(req, 200, &out);
done:
    free(next);
    bson_destroy(&out);
    bson_destroy(&after);
    return rc;
}

int
crm__entity_handle_list(crm_request_t *req, void *data, crm_error_t *error)
{
    const crm__entity_t *e;
    bson_t filter;
    crm__sort_t sort;
    int rc;

    (void)data;
    rc = crm__query_from_request(req, "read", &e, &sort, &filter, error);
    if (rc == 0)
        rc = crm__entity_respond_list(req, e, &sort, &filter, error);
    bson_destroy(&filter);
    return rc;
}
