/* Jobs: work a plugin wants done on a schedule (every N seconds, or a cron expression, in UTC).
 * A scheduler thread in every crmd runs due jobs under a lease kept in the store, so with
 * several instances on one MongoDB each run happens once, and a crashed holder's lease expires.
 * Runs are recorded (start, end, status, message, counts): GET /api/v1/jobs lists jobs and their
 * last runs; POST /api/v1/jobs/<id>/run (permission jobs.run) starts one now.
 *
 *   static int renew (crm_job_run_t *run, void *data, crm_error_t *error) {
 *       ... crm_job_count (run, "opportunities", 12); if (crm_job_stopping (run)) return 0; ...
 *   }
 *   static const crm_job_def_t renewals = {.size = sizeof(crm_job_def_t),
 *       .id = "retail_renewals", .title = "Renewal opportunities", .cron = "0 6 * * *",
 *       .run = renew};
 *   crm_job_register (plugin, &renewals, error); */
#ifndef CRM_JOB_H
#define CRM_JOB_H

#include <crm/common.h>
#include <crm/identity.h>
#include <crm/plugin.h>
#include <crm/store.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct crm_job_run crm_job_run_t;

/* A job's work. Return 0 (the run is recorded "ok") or a CRM_E* code with ERROR (recorded
 * "failed" with the message). Long work checks crm_job_stopping() at safe points. */
typedef int (*crm_job_fn)(crm_job_run_t *run, void *data, crm_error_t *error);

typedef struct crm_job_def {
    size_t size;            /* sizeof(crm_job_def_t) */
    const char *id;         /* [a-z][a-z0-9_]*, unique */
    const char *title;
    int64_t every_seconds;  /* run every N seconds (>= 1), or 0 when cron is given */
    const char *cron;       /* "min hour day-of-month month day-of-week" in UTC, or NULL */
    int64_t lease_seconds;  /* how long a run may hold the job before others may take it;
                               0: 10 minutes. Renewed while the run goes on. */
    crm_job_fn run;
    void *data;
} crm_job_def_t;

/* Registers DEF for PLUGIN (only during its init; DEF must outlive the plugin). CRM_EINVAL for a
 * bad id, schedule (the message names the cron field) or missing function. */
CRM_API int crm_job_register(crm_plugin_t *plugin, const crm_job_def_t *def, crm_error_t *error);

/* The identity a job runs as (the system identity, named after the job in audit records). */
CRM_API const crm_identity_t *crm_job_identity(const crm_job_run_t *run);

/* The store. */
CRM_API crm_store_t *crm_job_store(const crm_job_run_t *run);

/* Adds N to the run's counter NAME (shown in the run's record: {"created": 12}). */
CRM_API void crm_job_count(crm_job_run_t *run, const char *name, int64_t n);

/* Sets the run's message (one line; the last one set is kept). */
CRM_API void crm_job_message(crm_job_run_t *run, const char *fmt, ...) CRM_PRINTF(2, 3);

/* True when crmd is shutting down: the job should stop at the next safe point and return. */
CRM_API bool crm_job_stopping(const crm_job_run_t *run);

/* The time the run is for, in UTC ms (the scheduled time; now for a manual run). Jobs that
 * compute "due within N days" use it, so tests can run them on a fixed clock. */
CRM_API int64_t crm_job_now(const crm_job_run_t *run);

#ifdef __cplusplus
}
#endif

#endif
