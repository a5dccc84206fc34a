/* Placeholder until the scheduler lands. */
#include "job/job-private.h"
int crm__jobs_open(crm__host_t *h, crm_error_t *e) { (void)h; (void)e; return 0; }
int crm__jobs_start(crm__host_t *h, crm_error_t *e) { (void)h; (void)e; return 0; }
void crm__jobs_stop(void) {}
int crm_job_register(crm_plugin_t *p, const crm_job_def_t *d, crm_error_t *e) { (void)p; (void)d; return crm_error_set(e, CRM_EUNSUPPORTED, "jobs are not available yet"); }
const crm_identity_t *crm_job_identity(const crm_job_run_t *r) { (void)r; return crm_identity_system(); }
crm_store_t *crm_job_store(const crm_job_run_t *r) { (void)r; return NULL; }
void crm_job_count(crm_job_run_t *r, const char *n, int64_t v) { (void)r; (void)n; (void)v; }
void crm_job_message(crm_job_run_t *r, const char *f, ...) { (void)r; (void)f; }
bool crm_job_stopping(const crm_job_run_t *r) { (void)r; return false; }
int64_t crm_job_now(const crm_job_run_t *r) { (void)r; return 0; }
