/* Run records in job_runs ({_id, job, scheduled_at, started_at, ended_at, status, message,
 * counts, instance, manual}) and what a job function sees of its run. A unique index on
 * (job, scheduled_at) keeps any scheduled time from being run twice. */
#include "job/jobs-impl-private.h"

#include "common/timefmt-private.h"

#include <crm/log.h>

#include <stdio.h>
#include <string.h>

int
crm__run_insert(crm_store_t *store, const crm__job_t *job, int64_t scheduled, bool manual,
                bson_oid_t *id, crm_error_t *error)
{
    bson_t doc = BSON_INITIALIZER, counts;
    int rc;

    bson_oid_init(id, NULL);
    BSON_APPEND_OID(&doc, "_id", id);
    BSON_APPEND_UTF8(&doc, "job", job->id);
    BSON_APPEND_DATE_TIME(&doc, "scheduled_at", scheduled);
    BSON_APPEND_DATE_TIME(&doc, "started_at", crm__now_ms());
    BSON_APPEND_NULL(&doc, "ended_at");
    BSON_APPEND_UTF8(&doc, "status", "running");
    BSON_APPEND_UTF8(&doc, "message", "");
    BSON_APPEND_DOCUMENT_BEGIN(&doc, "counts", &counts);
    bson_append_document_end(&doc, &counts);
    BSON_APPEND_UTF8(&doc, "instance", crm__jobs_instance());
    BSON_APPEND_BOOL(&doc, "manual", manual);
    rc = crm_store_insert(store, CRM__JOB_RUNS, &doc, NULL, error);
    bson_destroy(&doc);
    return rc;
}

int
crm__run_mark_interrupted(crm_store_t *store, const crm__job_t *job, int64_t scheduled,
                          const char *message, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, update = BSON_INITIALIZER, set;
    int rc;

    BSON_APPEND_UTF8(&filter, "job", job->id);
    BSON_APPEND_DATE_TIME(&filter, "scheduled_at", scheduled);
    BSON_APPEND_UTF8(&filter, "status", "running");
    bson_append_document_begin(&update, "$set", -1, &set);
    BSON_APPEND_UTF8(&set, "status", "interrupted");
    BSON_APPEND_UTF8(&set, "message", message);
    BSON_APPEND_DATE_TIME(&set, "ended_at", crm__now_ms());
    bson_append_document_end(&update, &set);
    rc = crm_store_update(store, CRM__JOB_RUNS, &filter, &update, 0, NULL, error);
    bson_destroy(&filter);
    bson_destroy(&update);
    return rc;
}

void
crm__run_execute(crm_store_t *store, crm__job_t *job, const bson_oid_t *id, int64_t scheduled)
{
    crm_job_run_t run;
    crm_error_t error = {0}, serr = {0};
    bson_t filter = BSON_INITIALIZER, update = BSON_INITIALIZER, set;
    const char *status;
    int64_t started = crm__now_ms();
    int rc;

    memset(&run, 0, sizeof run);
    run.job = job;
    run.store = store;
    run.now = scheduled;
    bson_init(&run.counts);
    snprintf(run.identity_name, sizeof run.identity_name, "job:%s", job->id);
    run.identity.user_id = "system";
    run.identity.name = run.identity_name;
    run.identity.system = true;
    run.identity.kind = CRM__AUTH_SYSTEM;
    run.identity.is_static = true;

    rc = job->def->run(&run, job->def->data, &error);
    if (rc != 0) {
        status = "failed";
        snprintf(run.message, sizeof run.message, "%s",
                 error.message[0] ? error.message : crm_error_name(rc));
    } else if (crm__jobs_stopping()) {
        status = "interrupted";
        if (!run.message[0])
            snprintf(run.message, sizeof run.message, "stopped early: crmd is shutting down");
    } else {
        status = "ok";
    }
    crm_log(rc == 0 ? CRM_LOG_INFO : CRM_LOG_WARN, "job.finished", "job=%s status=%s ms=%lld",
            job->id, status, (long long)(crm__now_ms() - started));

    BSON_APPEND_OID(&filter, "_id", id);
    bson_append_document_begin(&update, "$set", -1, &set);
    BSON_APPEND_UTF8(&set, "status", status);
    BSON_APPEND_UTF8(&set, "message", run.message);
    BSON_APPEND_DOCUMENT(&set, "counts", &run.counts);
    BSON_APPEND_DATE_TIME(&set, "ended_at", crm__now_ms());
    bson_append_document_end(&update, &set);
    if (crm_store_update(store, CRM__JOB_RUNS, &filter, &update, 0, NULL, &serr) != 0)
        crm_log(CRM_LOG_ERROR, "job.record_failed", "job=%s error=\"%s\"", job->id, serr.message);
    bson_destroy(&filter);
    bson_destroy(&update);
    bson_destroy(&run.counts);
}

const crm_identity_t *
crm_job_identity(const crm_job_run_t *run)
{
    return run ? &run->identity : crm_identity_system();
}

crm_store_t *
crm_job_store(const crm_job_run_t *run)
{
    return run ? run->store : NULL;
}

void
crm_job_count(crm_job_run_t *run, const char *name, int64_t n)
{
    bson_t copy = BSON_INITIALIZER;
    bson_iter_t it;
    bool found = false;

    if (!run || !name)
        return;
    if (bson_iter_init(&it, &run->counts)) {
        while (bson_iter_next(&it)) {
            int64_t v = bson_iter_as_int64(&it);
            if (strcmp(bson_iter_key(&it), name) == 0) {
                v += n;
                found = true;
            }
            BSON_APPEND_INT64(&copy, bson_iter_key(&it), v);
        }
    }
    if (!found)
        BSON_APPEND_INT64(&copy, name, n);
    bson_destroy(&run->counts);
    bson_steal(&run->counts, &copy);
}

void
crm_job_message(crm_job_run_t *run, const char *fmt, ...)
{
    va_list ap;

    if (!run || !fmt)
        return;
    va_start(ap, fmt);
    vsnprintf(run->message, sizeof run->message, fmt, ap);
    va_end(ap);
    for (char *p = run->message; *p; p++) /* one line */
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

bool
crm_job_stopping(const crm_job_run_t *run)
{
    (void)run;
    return crm__jobs_stopping();
}

int64_t
crm_job_now(const crm_job_run_t *run)
{
    return run ? run->now : crm__now_ms();
}
