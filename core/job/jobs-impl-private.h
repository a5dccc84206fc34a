/* What the job module's files share: the registry of declared jobs, leases, run records. */
#ifndef CRM_JOBS_IMPL_PRIVATE_H
#define CRM_JOBS_IMPL_PRIVATE_H

#include "auth/identity-private.h"
#include "job/cron-private.h"

#include <crm/job.h>

#include <pthread.h>

#define CRM__JOB_LEASES "job_leases"
#define CRM__JOB_RUNS "job_runs"
#define CRM__JOB_DEFAULT_LEASE_S 600

/* A registered job. Immutable after registration except the fields marked as guarded by the
 * registry's lock. */
typedef struct crm__job {
    const crm_job_def_t *def;
    char *id;
    char *owner; /* the plugin's name */
    bool has_cron;
    crm__cron_t cron;
    int64_t lease_ms;
    struct crm__job *next;
    /* guarded by crm__jobs_lock */
    bool busy;             /* this instance holds its lease for a run (queued or going on) */
    bool checking;         /* the scheduler is asking the store whether the job is due */
    bool manual_pending;   /* a manual run waits for the scheduler thread */
    bson_oid_t manual_run; /* its record */
    int64_t manual_at;
    int64_t renewed_at; /* when this instance last took or renewed the lease */
    bool lease_ready;   /* its lease document is known to exist (scheduler thread only) */
} crm__job_t;

/* The run a job function sees. */
struct crm_job_run {
    crm__job_t *job;
    crm_store_t *store;
    crm_identity_t identity; /* the system identity, named after the job */
    char identity_name[80];
    bson_t counts; /* {name: n} */
    char message[512];
    int64_t now;
};

extern pthread_mutex_t crm__jobs_lock;

/* --- registry.c --- */
/* The job with ID, or NULL. Jobs are not removed while the scheduler runs. */
crm__job_t *crm__job_find(const char *id);
/* The first registered job (follow ->next). */
crm__job_t *crm__jobs_first(void);
/* The same, for a caller holding crm__jobs_lock. */
crm__job_t *crm__jobs_first_locked(void);
/* The first run time of JOB strictly after AFTER_MS: the next cron time, or the next multiple
 * of every_seconds since the epoch. -1 when the cron has none. */
int64_t crm__job_next_after(const crm__job_t *job, int64_t after_ms);
/* The time the run after one scheduled at SCHEDULED should happen, given NOW: the next time
 * after SCHEDULED, unless that is more than a minute behind NOW (crmd was down): then the next
 * time after NOW. */
int64_t crm__job_next_run(const crm__job_t *job, int64_t scheduled, int64_t now);

/* --- lease.c --- */
/* This process's instance id (24 hex). */
const char *crm__jobs_instance(void);
/* Creates JOB's lease document when missing (first run: the next time after NOW). */
int crm__lease_ensure(crm_store_t *store, const crm__job_t *job, int64_t now, crm_error_t *error);
/* Takes JOB's lease for its scheduled run when due and free: *ACQUIRED tells, *SCHEDULED gets
 * the run's time. One conditional update, so racing instances cannot both win. */
int crm__lease_acquire_due(crm_store_t *store, const crm__job_t *job, int64_t now, bool *acquired,
                           int64_t *scheduled, crm_error_t *error);
/* Takes JOB's lease for a manual run when no instance holds it. */
int crm__lease_acquire_free(crm_store_t *store, const crm__job_t *job, int64_t now, bool *acquired,
                            crm_error_t *error);
/* Extends this instance's lease on JOB to NOW + its lease time. */
int crm__lease_renew(crm_store_t *store, const crm__job_t *job, int64_t now, crm_error_t *error);
/* Releases this instance's lease on JOB, setting next_run to NEXT_RUN when >= 0. */
int crm__lease_release(crm_store_t *store, const crm__job_t *job, int64_t next_run,
                       crm_error_t *error);

/* --- runs.c --- */
/* Inserts a "running" record for JOB's run at SCHEDULED into *ID. CRM_ECONFLICT when that
 * time already has one. */
int crm__run_insert(crm_store_t *store, const crm__job_t *job, int64_t scheduled, bool manual,
                    bson_oid_t *id, crm_error_t *error);
/* Marks the "running" record of JOB at SCHEDULED "interrupted" with MESSAGE (its holder
 * vanished, or crmd stopped before a queued manual run began). */
int crm__run_mark_interrupted(crm_store_t *store, const crm__job_t *job, int64_t scheduled,
                              const char *message, crm_error_t *error);
/* Runs JOB's function for the record ID and records how it ended. */
void crm__run_execute(crm_store_t *store, crm__job_t *job, const bson_oid_t *id, int64_t scheduled);
/* True once crm__jobs_stop() began. */
bool crm__jobs_stopping(void);

/* --- routes.c --- */
int crm__jobs_routes_add(crm_error_t *error);

/* --- scheduler.c --- */
/* Starts a manual run of JOB now: 202 material in *RUN_ID, CRM_ECONFLICT when a run is going
 * on, CRM_EUNAVAIL when the scheduler is not running. */
int crm__jobs_run_now(crm__job_t *job, bson_oid_t *run_id, crm_error_t *error);

#endif
