/* GET /api/v1/audit: the audit trail, newest first, filtered by entity, record, actor, action
 * and time, paged with a keyset cursor. The trail is append-only: no route changes it. */
#include "authz/authz-impl-private.h"
#include "common/timefmt-private.h"
#include "entity/query-private.h"
#include "http/server-private.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* A cursor is "<at ms>.<_id hex>" of the last record of the previous page. */
static int
cursor_filter(const char *cursor, bson_t *out, crm_error_t *error)
{
    char *end = NULL;
    long long at;
    bson_oid_t oid;
    bson_t or, a, b, lt;

    at = strtoll(cursor, &end, 10);
    if (end == cursor || *end != '.' || strlen(end + 1) != 24 || !bson_oid_is_valid(end + 1, 24))
        return crm_error_set(error, CRM_EINVAL, "cursor is not one this list gave");
    bson_oid_init_from_string(&oid, end + 1);
    bson_append_array_begin(out, "$or", -1, & or);
    bson_append_document_begin(& or, "0", -1, &a);
    bson_append_document_begin(&a, "at", -1, &lt);
    BSON_APPEND_DATE_TIME(&lt, "$lt", at);
    bson_append_document_end(&a, &lt);
    bson_append_document_end(& or, &a);
    bson_append_document_begin(& or, "1", -1, &b);
    BSON_APPEND_DATE_TIME(&b, "at", at);
    bson_append_document_begin(&b, "_id", -1, &lt);
    BSON_APPEND_OID(&lt, "$lt", &oid);
    bson_append_document_end(&b, &lt);
    bson_append_document_end(& or, &b);
    bson_append_array_end(out, & or);
    return 0;
}

/* Appends {"at": {OP: ms}} for the query parameter NAME when present. */
static int
time_condition(crm_request_t *req, const char *name, const char *op, bson_t *conds, uint32_t *n,
               crm_error_t *error)
{
    const char *s = crm_request_query(req, name);
    char idx[16];
    const char *key;
    int64_t ms;
    bson_t c, at;

    if (!s)
        return 0;
    if (!crm__datetime_parse(s, &ms) && !crm__date_parse(s, &ms))
        return crm_error_set(error, CRM_EINVAL,
                             "%s must be an ISO date or datetime, e.g. 2026-11-22T08:00:00Z", name);
    bson_uint32_to_string((*n)++, &key, idx, sizeof idx);
    bson_append_document_begin(conds, key, -1, &c);
    bson_append_document_begin(&c, "at", -1, &at);
    BSON_APPEND_DATE_TIME(&at, op, ms);
    bson_append_document_end(&c, &at);
    bson_append_document_end(conds, &c);
    return 0;
}

/* Builds the store filter from the request's parameters into FILTER. */
static int
build_filter(crm_request_t *req, bson_t *filter, crm_error_t *error)
{
    static const char *const equal[] = {"entity", "actor", "action"};
    const char *record = crm_request_query(req, "record_id");
    const char *cursor = crm_request_query(req, "cursor");
    bson_t conds, c;
    uint32_t n = 0;
    char idx[16];
    const char *key;
    int rc = 0;

    bson_append_array_begin(filter, "$and", -1, &conds);
    for (size_t i = 0; i < sizeof equal / sizeof equal[0]; i++) {
        const char *v = crm_request_query(req, equal[i]);
        if (!v)
            continue;
        bson_uint32_to_string(n++, &key, idx, sizeof idx);
        bson_append_document_begin(&conds, key, -1, &c);
        BSON_APPEND_UTF8(&c, equal[i], v);
        bson_append_document_end(&conds, &c);
    }
    if (record) {
        bson_oid_t oid;
        if (strlen(record) != 24 || !bson_oid_is_valid(record, 24)) {
            rc = crm_error_set(error, CRM_EINVAL, "record_id must be 24 hexadecimal digits");
            goto done;
        }
        bson_oid_init_from_string(&oid, record);
        bson_uint32_to_string(n++, &key, idx, sizeof idx);
        bson_append_document_begin(&conds, key, -1, &c);
        BSON_APPEND_OID(&c, "record_id", &oid);
        bson_append_document_end(&conds, &c);
    }
    if ((rc = time_condition(req, "from", "$gte", &conds, &n, error)) != 0 ||
        (rc = time_condition(req, "to", "$lte", &conds, &n, error)) != 0)
        goto done;
    if (cursor) {
        bson_uint32_to_string(n++, &key, idx, sizeof idx);
        bson_append_document_begin(&conds, key, -1, &c);
        rc = cursor_filter(cursor, &c, error);
        bson_append_document_end(&conds, &c);
    }
done:
    /* An empty $and is not accepted by every driver: match everything instead. */
    if (n == 0) {
        bson_t exists;
        bson_uint32_to_string(n++, &key, idx, sizeof idx);
        bson_append_document_begin(&conds, key, -1, &c);
        bson_append_document_begin(&c, "_id", -1, &exists);
        BSON_APPEND_BOOL(&exists, "$exists", true);
        bson_append_document_end(&c, &exists);
        bson_append_document_end(&conds, &c);
    }
    bson_append_array_end(filter, &conds);
    return rc;
}

static int
handle_list(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, sort = BSON_INITIALIZER, out = BSON_INITIALIZER, items;
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
    crm_store_t *store = crm_request_store(req);
    crm_cursor_t *cur = NULL;
    const bson_t *doc;
    int64_t limit = 0, count = 0, last_at = 0;
    char last_id[25] = "", idx[16], next[64];
    const char *key;
    int rc;

    (void)data;
    if ((rc = crm__query_limit(crm_request_query(req, "limit"), &limit, error)) != 0)
        goto done;
    if ((rc = build_filter(req, &filter, error)) != 0)
        goto done;
    BSON_APPEND_INT32(&sort, "at", -1);
    BSON_APPEND_INT32(&sort, "_id", -1);
    opts.sort = &sort;
    opts.limit = limit + 1;
    cur = crm_store_find(store, CRM__AUDIT_COLLECTION, &filter, &opts, error);
    if (!cur) {
        rc = error->code ? error->code : CRM_ESTORE;
        goto done;
    }
    bson_append_array_begin(&out, "items", -1, &items);
    while (count < limit && crm_cursor_next(cur, &doc)) {
        bson_iter_t it;
        bson_uint32_to_string((uint32_t)count++, &key, idx, sizeof idx);
        /* crm_json_append writes ids as hex and times as ISO strings. */
        bson_append_document(&items, key, -1, doc);
        if (bson_iter_init_find(&it, doc, "at") && BSON_ITER_HOLDS_DATE_TIME(&it))
            last_at = bson_iter_date_time(&it);
        if (bson_iter_init_find(&it, doc, "_id") && BSON_ITER_HOLDS_OID(&it))
            bson_oid_to_string(bson_iter_oid(&it), last_id);
    }
    bson_append_array_end(&out, &items);
    if (count == limit && crm_cursor_next(cur, &doc) && last_id[0]) {
        snprintf(next, sizeof next, "%" PRId64 ".%s", last_at, last_id);
        BSON_APPEND_UTF8(&out, "next_cursor", next);
    } else {
        BSON_APPEND_NULL(&out, "next_cursor");
    }
    if (crm_cursor_error(cur, error)) {
        rc = error->code;
        goto done;
    }
    rc = crm_respond_json(req, 200, &out);
done:
    crm_cursor_destroy(cur);
    bson_destroy(&filter);
    bson_destroy(&sort);
    bson_destroy(&out);
    return rc;
}

static const crm_route_t routes[] = {
    {sizeof(crm_route_t), "GET", "/api/v1/audit", "audit.read", handle_list, NULL},
};

int
crm__audit_routes_open(crm_error_t *error)
{
    return crm__route_add_core_table(routes, sizeof routes / sizeof routes[0], error);
}
