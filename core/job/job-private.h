/* The job scheduler's lifetime, driven by crmd serve. */
#ifndef CRM_JOB_PRIVATE_H
#define CRM_JOB_PRIVATE_H

#include <crm/job.h>

typedef struct crm__host crm__host_t;

/* Registers the job routes (GET /api/v1/jobs, POST /api/v1/jobs/{id}/run) and collections'
 * indexes. Called by the host when it opens. */
int crm__jobs_open(crm__host_t *host, crm_error_t *error);

/* Starts the scheduler thread (crmd serve only; the CLI subcommands do not run jobs). */
int crm__jobs_start(crm__host_t *host, crm_error_t *error);

/* Asks running jobs to stop (crm_job_stopping() turns true), waits for them to return, and
 * stops the scheduler thread. Accepts being called when not started. */
void crm__jobs_stop(void);

#endif
