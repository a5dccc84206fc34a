/* Leases in the store: one document per job in job_leases, {_id: job id, holder: instance id
 * or "", until: datetime, next_run: datetime}. Whoever changes a lease from free to held with
 * one conditional update owns the job's next run; several crmd on one store cannot both win. */
#include "job/jobs-impl-private.h"

#include <string.h>

static pthread_once_t instance_once = PTHREAD_ONCE_INIT;
static char instance[25];

static void
instance_init(void)
{
    bson_oid_t oid;

    bson_oid_init(&oid, NULL); /* random per process, plus time and a counter */
    bson_oid_to_string(&oid, instance);
}

const char *
crm__jobs_instance(void)
{
    pthread_once(&instance_once, instance_init);
    return instance;
}

int
crm__lease_ensure(crm_store_t *store, const crm__job_t *job, int64_t now, crm_error_t *error)
{
    bson_t doc = BSON_INITIALIZER, filter = BSON_INITIALIZER;
    int64_t count = 0;
    int rc;

    BSON_APPEND_UTF8(&filter, "_id", job->id);
    if ((rc = crm_store_count(store, CRM__JOB_LEASES, &filter, &count, error)) != 0 || count > 0)
        goto done;
    BSON_APPEND_UTF8(&doc, "_id", job->id);
    BSON_APPEND_UTF8(&doc, "holder", "");
    BSON_APPEND_DATE_TIME(&doc, "until", 0);
    BSON_APPEND_DATE_TIME(&doc, "next_run", crm__job_next_after(job, now));
    rc = crm_store_insert(store, CRM__JOB_LEASES, &doc, NULL, error);
    if (rc == CRM_ECONFLICT) /* another instance created it first */
        rc = 0;
done:
    bson_destroy(&doc);
    bson_destroy(&filter);
    return rc;
}

/* {"$or": [{"until": {"$lt": now}}, {"holder": me}]} appended to FILTER, or only the first
 * alternative when MINE is false. */
static void
append_free_condition(bson_t *filter, int64_t now, bool mine)
{
    bson_t or, a, lt;

    bson_append_array_begin(filter, "$or", -1, & or);
    bson_append_document_begin(& or, "0", -1, &a);
    bson_append_document_begin(&a, "until", -1, &lt);
    BSON_APPEND_DATE_TIME(&lt, "$lt", now);
    bson_append_document_end(&a, &lt);
    bson_append_document_end(& or, &a);
    if (mine) {
        bson_append_document_begin(& or, "1", -1, &a);
        BSON_APPEND_UTF8(&a, "holder", crm__jobs_instance());
        bson_append_document_end(& or, &a);
    }
    bson_append_array_end(filter, & or);
}

static void
append_hold(bson_t *update, const crm__job_t *job, int64_t now)
{
    bson_t set;

    bson_append_document_begin(update, "$set", -1, &set);
    BSON_APPEND_UTF8(&set, "holder", crm__jobs_instance());
    BSON_APPEND_DATE_TIME(&set, "until", now + job->lease_ms);
    bson_append_document_end(update, &set);
}

int
crm__lease_acquire_due(crm_store_t *store, const crm__job_t *job, int64_t now, bool *acquired,
                       int64_t *scheduled, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, update = BSON_INITIALIZER, lte, doc;
    crm_update_result_t result = {0};
    bson_iter_t it;
    int rc;

    *acquired = false;
    BSON_APPEND_UTF8(&filter, "_id", job->id);
    bson_append_document_begin(&filter, "next_run", -1, &lte);
    BSON_APPEND_DATE_TIME(&lte, "$lte", now);
    bson_append_document_end(&filter, &lte);
    append_free_condition(&filter, now, true);
    append_hold(&update, job, now);
    if ((rc = crm_store_update(store, CRM__JOB_LEASES, &filter, &update, 0, &result, error)) != 0)
        goto done;
    if (result.matched == 0)
        goto done;
    /* Ours now: nobody else changes it before it expires. */
    bson_reinit(&filter);
    BSON_APPEND_UTF8(&filter, "_id", job->id);
    if ((rc = crm_store_find_one(store, CRM__JOB_LEASES, &filter, NULL, &doc, error)) != 0)
        goto done;
    if (bson_iter_init_find(&it, &doc, "next_run") && BSON_ITER_HOLDS_DATE_TIME(&it)) {
        *scheduled = bson_iter_date_time(&it);
        *acquired = true;
    } else {
        rc = crm_error_set(error, CRM_ESTORE, "job '%s': lease without next_run", job->id);
    }
    bson_destroy(&doc);
done:
    bson_destroy(&filter);
    bson_destroy(&update);
    return rc;
}

int
crm__lease_acquire_free(crm_store_t *store, const crm__job_t *job, int64_t now, bool *acquired,
                        crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, update = BSON_INITIALIZER;
    crm_update_result_t result = {0};
    int rc;

    *acquired = false;
    BSON_APPEND_UTF8(&filter, "_id", job->id);
    append_free_condition(&filter, now, false);
    append_hold(&update, job, now);
    rc = crm_store_update(store, CRM__JOB_LEASES, &filter, &update, 0, &result, error);
    if (rc == 0)
        *acquired = result.matched == 1;
    bson_destroy(&filter);
    bson_destroy(&update);
    return rc;
}

int
crm__lease_renew(crm_store_t *store, const crm__job_t *job, int64_t now, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, update = BSON_INITIALIZER;
    int rc;

    BSON_APPEND_UTF8(&filter, "_id", job->id);
    BSON_APPEND_UTF8(&filter, "holder", crm__jobs_instance());
    append_hold(&update, job, now);
    rc = crm_store_update(store, CRM__JOB_LEASES, &filter, &update, 0, NULL, error);
    bson_destroy(&filter);
    bson_destroy(&update);
    return rc;
}

int
crm__lease_release(crm_store_t *store, const crm__job_t *job, int64_t next_run, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, update = BSON_INITIALIZER, set;
    int rc;

    BSON_APPEND_UTF8(&filter, "_id", job->id);
    BSON_APPEND_UTF8(&filter, "holder", crm__jobs_instance());
    bson_append_document_begin(&update, "$set", -1, &set);
    BSON_APPEND_UTF8(&set, "holder", "");
    BSON_APPEND_DATE_TIME(&set, "until", 0);
    if (next_run >= 0)
        BSON_APPEND_DATE_TIME(&set, "next_run", next_run);
    bson_append_document_end(&update, &set);
    rc = crm_store_update(store, CRM__JOB_LEASES, &filter, &update, 0, NULL, error);
    bson_destroy(&filter);
    bson_destroy(&update);
    return rc;
}
