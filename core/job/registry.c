/* The registry of jobs plugins declare: validation of ids and schedules, registration with
 * undo on unload, and the schedule arithmetic (when a job runs next). */
#include "job/jobs-impl-private.h"
#include "plugin/plugin-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pthread_mutex_t crm__jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static crm__job_t *jobs; /* newest first */

static bool
id_valid(const char *id)
{
    if (!id || !(id[0] >= 'a' && id[0] <= 'z') || strlen(id) > 64)
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return false;
    return true;
}

static void
job_free(crm__job_t *job)
{
    if (!job)
        return;
    free(job->id);
    free(job->owner);
    free(job);
}

/* Undo of a registration: the plugin is going away. */
static void
unregister(void *ctx)
{
    crm__job_t *job = ctx;

    pthread_mutex_lock(&crm__jobs_lock);
    for (crm__job_t **p = &jobs; *p; p = &(*p)->next) {
        if (*p == job) {
            *p = job->next;
            break;
        }
    }
    pthread_mutex_unlock(&crm__jobs_lock);
    job_free(job);
}

int
crm_job_register(crm_plugin_t *plugin, const crm_job_def_t *def, crm_error_t *error)
{
    crm__job_t *job = NULL;
    char what[128];
    int rc = CRM_EINVAL;

    if (!def || def->size < offsetof(crm_job_def_t, data) + sizeof(void *)) {
        crm_error_set(error, CRM_EINVAL, "job definition missing or too small (size)");
        goto done;
    }
    if (!id_valid(def->id)) {
        crm_error_set(error, CRM_EINVAL, "job id '%s' must match [a-z][a-z0-9_]* (at most 64)",
                      def->id ? def->id : "(null)");
        goto done;
    }
    if (!def->run) {
        crm_error_set(error, CRM_EINVAL, "job '%s': no run function", def->id);
        goto done;
    }
    if ((def->every_seconds != 0) == (def->cron != NULL)) {
        crm_error_set(error, CRM_EINVAL, "job '%s': give exactly one of every_seconds or cron",
                      def->id);
        goto done;
    }
    if (def->every_seconds < 0 || def->lease_seconds < 0) {
        crm_error_set(error, CRM_EINVAL, "job '%s': every_seconds and lease_seconds must be >= 1",
                      def->id);
        goto done;
    }
    job = calloc(1, sizeof *job);
    if (!job || !(job->id = strdup(def->id)) ||
        !(job->owner = strdup(plugin ? crm_plugin_name(plugin) : "core"))) {
        rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
        goto done;
    }
    job->def = def;
    job->lease_ms = (def->lease_seconds ? def->lease_seconds : CRM__JOB_DEFAULT_LEASE_S) * 1000;
    if (def->cron) {
        job->has_cron = true;
        if ((rc = crm__cron_parse(def->cron, &job->cron, error)) != 0) {
            char msg[sizeof error->message];
            if (error) {
                snprintf(msg, sizeof msg, "%s", error->message);
                crm_error_set(error, rc, "job '%s': %.300s", def->id, msg);
            }
            goto done;
        }
    }
    pthread_mutex_lock(&crm__jobs_lock);
    for (crm__job_t *j = jobs; j; j = j->next) {
        if (strcmp(j->id, def->id) == 0) {
            pthread_mutex_unlock(&crm__jobs_lock);
            rc = crm_error_set(error, CRM_ECONFLICT, "job '%s' is already registered by '%s'",
                               def->id, j->owner);
            goto done;
        }
    }
    job->next = jobs;
    jobs = job;
    pthread_mutex_unlock(&crm__jobs_lock);
    snprintf(what, sizeof what, "%s", def->id);
    rc = crm__plugin_record(plugin, "job", what, unregister, job, error);
    if (rc != 0) {
        unregister(job);
        job = NULL;
        goto done;
    }
    job = NULL;
    rc = 0;
done:
    job_free(job);
    return rc;
}

crm__job_t *
crm__job_find(const char *id)
{
    crm__job_t *found = NULL;

    pthread_mutex_lock(&crm__jobs_lock);
    for (crm__job_t *j = jobs; j && !found; j = j->next)
        if (strcmp(j->id, id) == 0)
            found = j;
    pthread_mutex_unlock(&crm__jobs_lock);
    return found;
}

crm__job_t *
crm__jobs_first(void)
{
    crm__job_t *first;

    pthread_mutex_lock(&crm__jobs_lock);
    first = jobs;
    pthread_mutex_unlock(&crm__jobs_lock);
    return first;
}

crm__job_t *
crm__jobs_first_locked(void)
{
    return jobs;
}

int64_t
crm__job_next_after(const crm__job_t *job, int64_t after_ms)
{
    int64_t every;

    if (job->has_cron)
        return crm__cron_next(&job->cron, after_ms);
    every = job->def->every_seconds * 1000;
    return (after_ms >= 0 ? after_ms / every + 1 : -((-after_ms) / every) + 1) * every;
}

int64_t
crm__job_next_run(const crm__job_t *job, int64_t scheduled, int64_t now)
{
    int64_t next = crm__job_next_after(job, scheduled);

    if (next >= 0 && next < now - 60000)
        next = crm__job_next_after(job, now);
    return next;
}
