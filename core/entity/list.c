/* GET /api/v1/<entity>: filter, q, sort, keyset cursor, limit, and _count. The page it answers
 * with is also the answer of other lists of records (a group's members). */
#include "entity/query-private.h"
#include "entity/routes-private.h"
#include "entity/service-private.h"

#include <stdlib.h>
#include <string.h>

int
crm__entity_respond_list(crm_request_t *req, const crm__entity_t *e, const crm__sort_t *sort,
                         const bson_t *filter, crm_error_t *error)
{
    bson_t full = BSON_INITIALIZER, sort_doc = BSON_INITIALIZER, out = BSON_INITIALIZER;
    bson_t items, arr;
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
    crm_cursor_t *cursor = NULL;
    const bson_t *doc;
    const char *after = crm_request_query(req, "cursor");
    const char *want_count = crm_request_query(req, "_count");
    int64_t limit, n = 0, count = 0;
    bson_t last = BSON_INITIALIZER;
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
    if (after) {
        bson_t c = BSON_INITIALIZER;
        rc = crm__query_cursor_filter(sort, after, &c, &opts.skip, error);
        if (rc == 0)
            crm__filter_and(filter, &c, &full);
        bson_destroy(&c);
        if (rc != 0)
            goto done;
    } else {
        bson_concat(&full, filter);
    }
    crm__query_sort_doc(sort, &sort_doc);
    opts.sort = &sort_doc;
    opts.limit = limit + 1;
    cursor = limit ? crm_store_find(crm__entity_store(), e->def->name, &full, &opts, error) : NULL;
    if (limit && !cursor) {
        rc = error ? error->code : CRM_ESTORE;
        goto done;
    }
    bson_append_array_begin(&out, "items", 5, &items);
    while (cursor && crm_cursor_next(cursor, &doc)) {
        char idx[16];
        const char *key;
        if (n == limit) {
            rc = crm__query_cursor_encode(sort, &last, opts.skip + n - 1, &next);
            break;
        }
        bson_uint32_to_string((uint32_t)n++, &key, idx, sizeof idx);
        bson_append_document_begin(&items, key, -1, &arr);
        crm__entity_to_api(e, doc, &arr);
        bson_append_document_end(&items, &arr);
        bson_reinit(&last);
        bson_concat(&last, doc);
    }
    bson_append_array_end(&out, &items);
    if (cursor && crm_cursor_error(cursor, error)) {
        rc = error ? error->code : CRM_ESTORE;
        goto done;
    }
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
    crm_cursor_destroy(cursor);
    free(next);
    bson_destroy(&full);
    bson_destroy(&sort_doc);
    bson_destroy(&out);
    bson_destroy(&last);
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
