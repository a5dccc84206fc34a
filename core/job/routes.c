/* The job routes: GET /api/v1/jobs (each job, its schedule, lease and last runs),
 * GET /api/v1/jobs/{id}/runs (newest first, paged with a keyset cursor) and
 * POST /api/v1/jobs/{id}/run (a manual run now). */
#include "job/jobs-impl-private.h"

#include "common/timefmt-private.h"
#include "entity/query-private.h"
#include "http/server-private.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAST_RUNS 5

/* Appends the runs of JOB_ID newest first to OUT (an array being built): at most LIMIT of them,
 * after CURSOR ("<scheduled_at ms>.<_id hex>") when given. *NEXT gets the cursor of the last one
 * when more follow ("" otherwise). */
static int
append_runs(crm_store_t *store, const char *job_id, const char *cursor, int64_t limit, bson_t *out,
            char next[64], crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, sort = BSON_INITIALIZER;
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
    crm_cursor_t *cur = NULL;
    const bson_t *doc;
    int64_t count = 0, last_at = 0;
    char last_id[25] = "", idx[16];
    const char *key;
    int rc = 0;

    next[0] = '\0';
    BSON_APPEND_UTF8(&filter, "job", job_id);
    if (cursor) {
        char *end = NULL;
        long long at = strtoll(cursor, &end, 10);
        bson_oid_t oid;
        bson_t or, a, b, lt;

        if (end == cursor || *end != '.' || strlen(end + 1) != 24 ||
            !bson_oid_is_valid(end + 1, 24)) {
            rc = crm_error_set(error, CRM_EINVAL, "cursor is not one this list gave");
            goto done;
        }
        bson_oid_init_from_string(&oid, end + 1);
        bson_append_array_begin(&filter, "$or", -1, & or);
        bson_append_document_begin(& or, "0", -1, &a);
        bson_append_document_begin(&a, "scheduled_at", -1, &lt);
        BSON_APPEND_DATE_TIME(&lt, "$lt", at);
        bson_append_document_end(&a, &lt);
        bson_append_document_end(& or, &a);
        bson_append_document_begin(& or, "1", -1, &b);
        BSON_APPEND_DATE_TIME(&b, "scheduled_at", at);
        bson_append_document_begin(&b, "_id", -1, &lt);
        BSON_APPEND_OID(&lt, "$lt", &oid);
        bson_append_document_end(&b, &lt);
        bson_append_document_end(& or, &b);
        bson_append_array_end(&filter, & or);
    }
    BSON_APPEND_INT32(&sort, "scheduled_at", -1);
    BSON_APPEND_INT32(&sort, "_id", -1);
    opts.sort = &sort;
    opts.limit = limit + 1;
    cur = crm_store_find(store, CRM__JOB_RUNS, &filter, &opts, error);
    if (!cur) {
        rc = error && error->code ? error->code : CRM_ESTORE;
        goto done;
    }
    while (count < limit && crm_cursor_next(cur, &doc)) {
        bson_iter_t it;
        bson_uint32_to_string((uint32_t)count++, &key, idx, sizeof idx);
        bson_append_document(out, key, -1, doc);
        if (bson_iter_init_find(&it, doc, "scheduled_at") && BSON_ITER_HOLDS_DATE_TIME(&it))
            last_at = bson_iter_date_time(&it);
        if (bson_iter_init_find(&it, doc, "_id") && BSON_ITER_HOLDS_OID(&it))
            bson_oid_to_string(bson_iter_oid(&it), last_id);
    }
    if (count == limit && crm_cursor_next(cur, &doc) && last_id[0])
        snprintf(next, 64, "%" PRId64 ".%s", last_at, last_id);
    if (crm_cursor_error(cur, error))
        rc = error && error->code ? error->code : CRM_ESTORE;
done:
    crm_cursor_destroy(cur);
    bson_destroy(&filter);
    bson_destroy(&sort);
    return rc;
}

/* Appends JOB's API form to OUT under KEY. */
static int
append_job(crm_store_t *store, const crm__job_t *job, bson_t *out, const char *key,
           crm_error_t *error)
{
    bson_t j, schedule, runs, filter = BSON_INITIALIZER, lease;
    char next[64];
    bool have_lease = false;
    int rc;

    BSON_APPEND_UTF8(&filter, "_id", job->id);
    rc = crm_store_find_one(store, CRM__JOB_LEASES, &filter, NULL, &lease, error);
    if (rc == 0)
        have_lease = true;
    else if (rc != CRM_ENOTFOUND)
        goto done;
    rc = 0;
    bson_append_document_begin(out, key, -1, &j);
    BSON_APPEND_UTF8(&j, "id", job->id);
    BSON_APPEND_UTF8(&j, "title", job->def->title ? job->def->title : job->id);
    BSON_APPEND_UTF8(&j, "plugin", job->owner);
    bson_append_document_begin(&j, "schedule", -1, &schedule);
    if (job->has_cron)
        BSON_APPEND_UTF8(&schedule, "cron", job->def->cron);
    else
        BSON_APPEND_INT64(&schedule, "every_seconds", job->def->every_seconds);
    bson_append_document_end(&j, &schedule);
    BSON_APPEND_INT64(&j, "lease_seconds", job->lease_ms / 1000);
    if (have_lease) {
        bson_iter_t it;
        int64_t until = 0;
        const char *holder = "";

        if (bson_iter_init_find(&it, &lease, "next_run") && BSON_ITER_HOLDS_DATE_TIME(&it))
            BSON_APPEND_DATE_TIME(&j, "next_run", bson_iter_date_time(&it));
        else
            BSON_APPEND_NULL(&j, "next_run");
        if (bson_iter_init_find(&it, &lease, "until") && BSON_ITER_HOLDS_DATE_TIME(&it))
            until = bson_iter_date_time(&it);
        if (bson_iter_init_find(&it, &lease, "holder") && BSON_ITER_HOLDS_UTF8(&it))
            holder = bson_iter_utf8(&it, NULL);
        if (holder[0] && until >= crm__now_ms()) {
            BSON_APPEND_UTF8(&j, "lease_holder", holder);
            BSON_APPEND_DATE_TIME(&j, "lease_until", until);
        } else {
            BSON_APPEND_NULL(&j, "lease_holder");
            BSON_APPEND_NULL(&j, "lease_until");
        }
        bson_destroy(&lease);
    } else {
        BSON_APPEND_NULL(&j, "next_run");
        BSON_APPEND_NULL(&j, "lease_holder");
        BSON_APPEND_NULL(&j, "lease_until");
    }
    bson_append_array_begin(&j, "last_runs", -1, &runs);
    rc = append_runs(store, job->id, NULL, LAST_RUNS, &runs, next, error);
    bson_append_array_end(&j, &runs);
    bson_append_document_end(out, &j);
done:
    bson_destroy(&filter);
    return rc;
}

static int
handle_list(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t out = BSON_INITIALIZER, items;
    uint32_t n = 0;
    char idx[16];
    const char *key;
    int rc = 0;

    (void)data;
    bson_append_array_begin(&out, "items", -1, &items);
    for (crm__job_t *job = crm__jobs_first(); job && rc == 0; job = job->next) {
        bson_uint32_to_string(n++, &key, idx, sizeof idx);
        rc = append_job(crm_request_store(req), job, &items, key, error);
    }
    bson_append_array_end(&out, &items);
    if (rc == 0)
        rc = crm_respond_json(req, 200, &out);
    bson_destroy(&out);
    return rc;
}

static crm__job_t *
job_of(crm_request_t *req, crm_error_t *error)
{
    const char *id = crm_request_param(req, "id");
    crm__job_t *job = id ? crm__job_find(id) : NULL;

    if (!job)
        crm_error_set(error, CRM_ENOTFOUND, "no job '%s'", id ? id : "");
    return job;
}

static int
handle_runs(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t out = BSON_INITIALIZER, items;
    crm__job_t *job = NULL;
    int64_t limit = 0;
    char next[64];
    int rc;

    (void)data;
    if (!(job = job_of(req, error))) {
        rc = error->code;
        goto done;
    }
    if ((rc = crm__query_limit(crm_request_query(req, "limit"), &limit, error)) != 0)
        goto done;
    bson_append_array_begin(&out, "items", -1, &items);
    rc = append_runs(crm_request_store(req), job->id, crm_request_query(req, "cursor"), limit,
                     &items, next, error);
    bson_append_array_end(&out, &items);
    if (rc != 0)
        goto done;
    if (next[0])
        BSON_APPEND_UTF8(&out, "next_cursor", next);
    else
        BSON_APPEND_NULL(&out, "next_cursor");
    rc = crm_respond_json(req, 200, &out);
done:
    bson_destroy(&out);
    return rc;
}

static int
handle_run(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, run;
    crm__job_t *job = NULL;
    bson_oid_t id;
    bool have_run = false;
    int rc;

    (void)data;
    if (!(job = job_of(req, error))) {
        rc = error->code;
        goto done;
    }
    if ((rc = crm__jobs_run_now(job, &id, error)) != 0)
        goto done;
    BSON_APPEND_OID(&filter, "_id", &id);
    if ((rc = crm_store_find_one(crm_request_store(req), CRM__JOB_RUNS, &filter, NULL, &run,
                                 error)) != 0)
        goto done;
    have_run = true;
    rc = crm_respond_json(req, 202, &run);
done:
    if (have_run)
        bson_destroy(&run);
    bson_destroy(&filter);
    return rc;
}

static const crm_route_t routes[] = {
    {sizeof(crm_route_t), "GET", "/api/v1/jobs", "jobs.read", handle_list, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/jobs/{id}/runs", "jobs.read", handle_runs, NULL},
    {sizeof(crm_route_t), "POST", "/api/v1/jobs/{id}/run", "jobs.run", handle_run, NULL},
};

int
crm__jobs_routes_add(crm_error_t *error)
{
    return crm__route_add_core_table(routes, sizeof routes / sizeof routes[0], error);
}
