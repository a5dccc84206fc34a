/* What the tests of the client profile (completeness, segments, lifecycle phases, reports)
 * share beside support.h: running a job and waiting for its record, reading report rows,
 * reading the items of a list, and starting a core whose start is expected to fail. */
#ifndef CLIENTS_TEST_PROFILE_SUPPORT_H
#define CLIENTS_TEST_PROFILE_SUPPORT_H

#include "support.h"

#include <stdint.h>

/* Starts JOB as ADMIN (POST /api/v1/jobs/JOB/run), waits for its run to end, asserts it ended
 * "ok" and leaves the run record (GET /api/v1/jobs/JOB/runs?limit=1, item 0) in R. */
void profile_run_job(crm_test_session_t *admin, const char *job, crm_test_response_t *r);

/* The count NAME of the run record in R (0 when absent). */
int64_t profile_run_count(const crm_test_response_t *r, const char *name);

/* GETs PATH as S into R and asserts 200. */
void profile_get(crm_test_session_t *s, const char *path, crm_test_response_t *r);

/* The number at dotted PATH of R's JSON as a double; fails the test when it is not a number. */
double profile_number(const crm_test_response_t *r, const char *path);

/* The index of the column NAME of a report result in R; fails the test when absent. */
int profile_column(const crm_test_response_t *r, const char *name);

/* The index of the row of a report result in R whose first N cells are the strings DIMS (a
 * NULL item matches a null cell), or -1. */
int profile_row(const crm_test_response_t *r, const char *const *dims, int n);

/* The integer in row ROW, column NAME of a report result in R (ROW -1: the totals row); fails
 * the test when it is not an integer. */
int64_t profile_cell(const crm_test_response_t *r, int row, const char *name);

/* The number of rows of a report result in R. */
int profile_rows(const crm_test_response_t *r);

/* Starts a core with the plugin (or clients_test_plugins) and CONFIG (libconfig text, or
 * NULL); fails the test when it does not start. */
crm_test_core_t *profile_start(const char *config);

/* The time SECONDS before now (negative: after) as ISO 8601 UTC into OUT, or its date alone
 * ("2026-11-22") when DATE. */
void profile_ago(long seconds, bool date, char out[32]);

/* Starts a core with the plugin and CONFIG, expecting the start to fail, and returns what the
 * start wrote on stderr (free with free()). */
char *profile_failed_start(const char *config);

#endif
