/* What the benchmarks share: a monotonic clock, the median of rounds, a core opened in a
 * temporary folder with the plugins a benchmark needs, and the folder removed at the end.
 * Static functions: each benchmark is a program of its own. */
#ifndef CRM_BENCH_PRIVATE_H
#define CRM_BENCH_PRIVATE_H

#include "host/host-private.h"

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
