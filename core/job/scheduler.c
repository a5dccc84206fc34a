/* The scheduler: one thread per crmd that runs due jobs one at a time under their leases, and
 * a keeper thread that renews the leases this instance holds while their runs go on. */
#include "job/job-private.h"
#include "job/jobs-impl-private.h"

#include "common/timefmt-private.h"
#include "host/host-private.h"

#include <crm/log.h>

#include <errno.h>
#include <string.h>
#include <stdatomic.h>

static pthread_cond_t wake = PTHREAD_COND_INITIALIZER; /* with crm__jobs_lock */
static pthread_t scheduler_thread, keeper_thread;
static bool started;
static atomic_bool stopping;
static crm_store_t *store;

bool
crm__jobs_stopping(void)
{
    return atomic_load(&stopping);
}

/* Waits on WAKE until DEADLINE_MS (UTC) or a signal; called with crm__jobs_lock held. */
static void
wait_until(int64_t deadline_ms)
{
    struct timespec ts;

    ts.tv_sec = (time_t)(deadline_ms / 1000);
    ts.tv_nsec = (long)(deadline_ms % 1000) * 1000000L;
    pthread_cond_timedwait(&wake, &crm__jobs_lock, &ts);
}

static void
set_busy(crm__job_t *job, bool busy)
{
    pthread_mutex_lock(&crm__jobs_lock);
    job->busy = busy;
    job->renewed_at = crm__now_ms();
    pthread_mutex_unlock(&crm__jobs_lock);
}

static void
log_store_error(const char *event, const crm__job_t *job, const crm_error_t *error)
{
    crm_log(CRM_LOG_ERROR, event, "job=%s error=\"%s\"", job->id, error->message);
}

/* Runs JOB's scheduled run at SCHEDULED, whose lease this instance holds. */
static void
run_scheduled(crm__job_t *job, int64_t scheduled)
{
    crm_error_t error = {0};
    bson_oid_t id;
    int rc;

    rc = crm__run_insert(store, job, scheduled, false, &id, &error);
    if (rc == CRM_ECONFLICT) {
        /* That time has a record already: its holder vanished mid-run (the lease expired) or
         * after the run. Never run a scheduled time twice: move on to the next one. */
        crm_log(CRM_LOG_WARN, "job.taken_over", "job=%s instance=%s", job->id,
                crm__jobs_instance());
        if (crm__run_mark_interrupted(store, job, scheduled,
                                      "its instance stopped renewing the lease", &error) != 0)
            log_store_error("job.record_failed", job, &error);
    } else if (rc != 0) {
        log_store_error("job.record_failed", job, &error);
        if (crm__lease_release(store, job, -1, &error) != 0)
            log_store_error("job.lease_failed", job, &error);
        return;
    } else {
        crm_log(CRM_LOG_INFO, "job.started", "job=%s instance=%s", job->id, crm__jobs_instance());
        crm__run_execute(store, job, &id, scheduled);
    }
    if (crm__lease_release(store, job, crm__job_next_run(job, scheduled, crm__now_ms()), &error) !=
        0)
        log_store_error("job.lease_failed", job, &error);
}

/* Runs the queued manual run of JOB, if any. Returns true when there was one. */
static bool
run_manual(crm__job_t *job)
{
    crm_error_t error = {0};
    bson_oid_t id;
    int64_t at;
    bool pending;

    pthread_mutex_lock(&crm__jobs_lock);
    pending = job->manual_pending;
    job->manual_pending = false;
    id = job->manual_run;
    at = job->manual_at;
    pthread_mutex_unlock(&crm__jobs_lock);
    if (!pending)
        return false;
    if (crm__jobs_stopping()) {
        if (crm__run_mark_interrupted(store, job, at, "crmd stopped before the run began",
                                      &error) != 0)
            log_store_error("job.record_failed", job, &error);
    } else {
        crm_log(CRM_LOG_INFO, "job.started", "job=%s instance=%s manual=true", job->id,
                crm__jobs_instance());
        crm__run_execute(store, job, &id, at);
    }
    if (crm__lease_release(store, job, -1, &error) != 0)
        log_store_error("job.lease_failed", job, &error);
    set_busy(job, false);
    return true;
}

/* One pass: queued manual runs, then every due job whose lease this instance wins. */
static void
run_due(void)
{
    crm_error_t error = {0};

    for (crm__job_t *job = crm__jobs_first(); job && !crm__jobs_stopping(); job = job->next) {
        int64_t scheduled = 0, now = crm__now_ms();
        bool acquired = false, busy;

        if (run_manual(job))
            continue;
        if (!job->lease_ready) {
            if (crm__lease_ensure(store, job, now, &error) != 0) {
                log_store_error("job.lease_failed", job, &error);
                continue;
            }
            job->lease_ready = true;
        }
        pthread_mutex_lock(&crm__jobs_lock);
        busy = job->busy;
        if (!busy)
            job->checking = true; /* a manual run waits for the answer, then takes its turn */
        pthread_mutex_unlock(&crm__jobs_lock);
        if (busy)
            continue;
        if (crm__lease_acquire_due(store, job, now, &acquired, &scheduled, &error) != 0)
            log_store_error("job.lease_failed", job, &error);
        pthread_mutex_lock(&crm__jobs_lock);
        job->checking = false;
        job->busy = acquired;
        job->renewed_at = crm__now_ms();
        pthread_cond_broadcast(&wake);
        pthread_mutex_unlock(&crm__jobs_lock);
        if (acquired) {
            run_scheduled(job, scheduled);
            set_busy(job, false);
        }
    }
}

static void *
scheduler_main(void *arg)
{
    (void)arg;
    while (!crm__jobs_stopping()) {
        run_due();
        pthread_mutex_lock(&crm__jobs_lock);
        if (!crm__jobs_stopping()) {
            bool pending = false;
            for (crm__job_t *j = crm__jobs_first_locked(); j; j = j->next)
                pending = pending || j->manual_pending;
            /* Due times fall on whole seconds: wake just after the next one. */
            if (!pending)
                wait_until((crm__now_ms() / 1000 + 1) * 1000 + 5);
        }
        pthread_mutex_unlock(&crm__jobs_lock);
    }
    /* Manual runs queued but not begun are recorded as interrupted. */
    for (crm__job_t *job = crm__jobs_first(); job; job = job->next)
        run_manual(job);
    return NULL;
}

static void *
keeper_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&crm__jobs_lock);
    while (!crm__jobs_stopping()) {
        int64_t now = crm__now_ms();
        for (crm__job_t *job = crm__jobs_first_locked(); job; job = job->next) {
            crm_error_t error = {0};
            if (!job->busy || now < job->renewed_at + job->lease_ms / 3)
                continue;
            job->renewed_at = now;
            pthread_mutex_unlock(&crm__jobs_lock);
            if (crm__lease_renew(store, job, now, &error) != 0)
                log_store_error("job.lease_failed", job, &error);
            pthread_mutex_lock(&crm__jobs_lock);
        }
        wait_until(crm__now_ms() + 200);
    }
    pthread_mutex_unlock(&crm__jobs_lock);
    return NULL;
}

int
crm__jobs_open(crm__host_t *host, crm_error_t *error)
{
    static const char *const run_fields[] = {"job", "scheduled_at", NULL};
    static const crm_index_t run_index = {sizeof(crm_index_t), "job_scheduled_at", run_fields, true,
                                          false, false};
    int rc;

    if ((rc = crm_store_ensure_index(host->store, CRM__JOB_RUNS, &run_index, error)) != 0)
        return rc;
    return crm__jobs_routes_add(error);
}

int
crm__jobs_start(crm__host_t *host, crm_error_t *error)
{
    int err;

    if (started)
        return 0;
    store = host->store;
    atomic_store(&stopping, false);
    if ((err = pthread_create(&scheduler_thread, NULL, scheduler_main, NULL)) != 0)
        return crm_error_set(error, CRM_EINTERNAL, "cannot start the job scheduler: %s",
                             strerror(err));
    if ((err = pthread_create(&keeper_thread, NULL, keeper_main, NULL)) != 0) {
        atomic_store(&stopping, true);
        pthread_cond_broadcast(&wake);
        pthread_join(scheduler_thread, NULL);
        return crm_error_set(error, CRM_EINTERNAL, "cannot start the job scheduler: %s",
                             strerror(err));
    }
    started = true;
    crm_log(CRM_LOG_INFO, "jobs.started", "instance=%s", crm__jobs_instance());
    return 0;
}

void
crm__jobs_stop(void)
{
    if (!started)
        return;
    pthread_mutex_lock(&crm__jobs_lock);
    atomic_store(&stopping, true);
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&crm__jobs_lock);
    pthread_join(scheduler_thread, NULL);
    pthread_join(keeper_thread, NULL);
    started = false;
    store = NULL;
    crm_log(CRM_LOG_INFO, "jobs.stopped", NULL);
}

int
crm__jobs_run_now(crm__job_t *job, bson_oid_t *run_id, crm_error_t *error)
{
    int64_t now = crm__now_ms();
    bool busy, acquired = false;
    int rc;

    if (!started || crm__jobs_stopping())
        return crm_error_set(error, CRM_EUNAVAIL, "the job scheduler is not running here");
    pthread_mutex_lock(&crm__jobs_lock);
    /* The scheduler may be asking whether the job is due: wait for its answer (briefly). */
    for (int i = 0; job->checking && i < 50; i++)
        wait_until(crm__now_ms() + 100);
    busy = job->busy || job->checking;
    job->busy = true;
    job->renewed_at = now;
    pthread_mutex_unlock(&crm__jobs_lock);
    if (busy)
        return crm_error_set(error, CRM_ECONFLICT, "job '%s' is running", job->id);
    if ((rc = crm__lease_ensure(store, job, now, error)) != 0 ||
        (rc = crm__lease_acquire_free(store, job, now, &acquired, error)) != 0)
        goto fail;
    if (!acquired) {
        rc =
            crm_error_set(error, CRM_ECONFLICT, "job '%s' is running on another instance", job->id);
        goto fail;
    }
    if ((rc = crm__run_insert(store, job, now, true, run_id, error)) != 0) {
        crm_error_t ignored = {0};
        crm__lease_release(store, job, -1, &ignored);
        goto fail;
    }
    pthread_mutex_lock(&crm__jobs_lock);
    job->manual_pending = true;
    job->manual_run = *run_id;
    job->manual_at = now;
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&crm__jobs_lock);
    return 0;
fail:
    set_busy(job, false);
    return rc;
}
