/* What the benchmarks share: a monotonic clock, the median of rounds, a core opened in a
 * temporary folder with the plugins a benchmark needs, and the folder removed at the end.
 * Static functions: each benchmark is a program of its own. */
#ifndef CRM_BENCH_PRIVATE_H
#define CRM_BENCH_PRIVATE_H

#include "host/host-private.h"

#include <crm/report.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Seconds on the monotonic clock. */
static inline double
bench_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline int
bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* The median of the N values V (sorted in place). */
static inline double
bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    return v[n / 2];
}

/* Opens a core on a SQLite store in DIR with the plugins of BUILD_DIR/plugins named by
 * PLUGINS (libconfig list items: "\"example\""), authentication off; NULL after printing why
 * (NAME: the benchmark's). */
static inline crm__host_t *
bench_host_open(const char *name, const char *build_dir, const char *dir, const char *plugins)
{
    crm_error_t error = {0};
    crm__host_t *host;
    char cfg[600];
    FILE *f;

    snprintf(cfg, sizeof cfg, "%s/crmd.cfg", dir);
    f = fopen(cfg, "w");
    if (!f) {
        fprintf(stderr, "%s: cannot write %s\n", name, cfg);
        return NULL;
    }
    fprintf(f,
            "store = { driver = \"sqlite\"; path = \"%s/crm.db\"; };\n"
            "plugins = { dir = \"%s/plugins\"; enabled = [%s]; };\n"
            "log = { level = \"warn\"; };\nauth = { enabled = false; };\n",
            dir, build_dir, plugins);
    fclose(f);
    host = crm__host_open(cfg, &error);
    if (!host)
        fprintf(stderr, "%s: %s\n", name, error.message);
    return host;
}

/* Row I of a benchmark's data: binds its columns to the raw table's INSERT statement INS and
 * returns its document for the store (destroyed by the caller). */
typedef bson_t *(*bench_row_fn)(long i, sqlite3_stmt *ins, void *data);

/* Loads rows 0 to N-1 made by ROW into ENTITY of HOST's store (5000 a call) and, through INS,
 * into a raw SQLite table, whose transaction the caller opens and commits. 0, or -1 after
 * printing why (NAME: the benchmark's). */
static inline int
bench_load(const char *name, crm__host_t *host, const char *entity, sqlite3_stmt *ins, long n,
           bench_row_fn row, void *data)
{
    crm_error_t error = {0};

    for (long start = 0; start < n; start += 5000) {
        long end = start + 5000 < n ? start + 5000 : n;
        bson_t *docs[5000];
        int rc;

        for (long i = start; i < end; i++) {
            docs[i - start] = row(i, ins, data);
            sqlite3_step(ins);
            sqlite3_reset(ins);
        }
        rc = crm_store_insert_many(host->store, entity, (const bson_t *const *)docs,
                                   (size_t)(end - start), &error);
        for (long i = start; i < end; i++)
            bson_destroy(docs[i - start]);
        if (rc != 0) {
            fprintf(stderr, "%s: %s\n", name, error.message);
            return -1;
        }
    }
    return 0;
}

/* Runs report ID as the system identity with PARAMS into RESULT (initialised here; destroy
 * it), its seconds into *SECONDS and its number of rows into *ROWS. 0, or -1 after printing
 * why. */
static inline int
bench_report_run(const char *name, const char *id, const bson_t *params, bson_t *result,
                 double *seconds, long *rows)
{
    crm_error_t error = {0};
    double t0 = bench_now();
    bson_iter_t it, row;

    if (crm_report_run(crm_identity_system(), id, params, result, &error) != 0) {
        fprintf(stderr, "%s: %s\n", name, error.message);
        return -1;
    }
    *seconds = bench_now() - t0;
    *rows = 0;
    if (bson_iter_init_find(&it, result, "rows") && bson_iter_recurse(&it, &row))
        while (bson_iter_next(&row))
            (*rows)++;
    return 0;
}

/* The process's anonymous resident memory now (RssAnon: not the files it maps), in kB. */
static inline long
bench_anon_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[128];
    long kb = -1;

    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "RssAnon: %ld", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}

/* Removes DIR unless CRM_BENCH_KEEP is set (then says where it is); the exit status. */
static inline int
bench_finish(const char *dir)
{
    char cmd[700];

    if (getenv("CRM_BENCH_KEEP")) {
        printf("kept %s\n", dir);
        return 0;
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}

#endif
