/* crmd import [-c FILE] [--batch N] ENTITY FILE: bulk CSV/NDJSON import with a progress bar on
 * a terminal. Batches are all-or-nothing; problems are printed with their line. */
#include "cli/cli-private.h"
#include "entity/import-private.h"
#include "host/host-private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define READ_BYTES (256 * 1024)

static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
progress(off_t done, off_t total, int64_t records, double elapsed)
{
    int width = 30, filled = total > 0 ? (int)((double)done * width / (double)total) : 0;
    char bar[64];

    for (int i = 0; i < width; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\r[%s] %3d%%  %lld records  %.0f/s ", bar,
            total > 0 ? (int)(100.0 * (double)done / (double)total) : 0, (long long)records,
            elapsed > 0 ? (double)records / elapsed : 0.0);
}

static void
print_problem(int64_t line, const char *field, const char *message, void *data)
{
    const char *path = data;

    if (field && *field)
        fprintf(stderr, "%s:%lld: %s %s\n", path, (long long)line, field, message);
    else
        fprintf(stderr, "%s:%lld: %s\n", path, (long long)line, message);
}

int
crm__cli_import(int argc, char **argv)
{
    const char *config_path = crm__cli_config_path(&argc, &argv);
    const char *entity_name = NULL, *path = NULL;
    size_t batch = 1000;
    crm_error_t error = {0};
    crm__host_t *host = NULL;
    crm__import_t *imp = NULL;
    crm__import_stats_t stats = {0};
    const crm__entity_t *entity;
    FILE *in = NULL;
    char *buf = NULL;
    struct stat st;
    off_t done_bytes = 0;
    bool tty = isatty(STDERR_FILENO);
    double start, last_draw = 0;
    size_t n;
    int rc = 1, failed = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--batch") == 0 && i + 1 < argc) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 1 || v > 1000000) {
                fprintf(stderr, "crmd import: --batch takes a number from 1 to 1000000\n");
                return 2;
            }
            batch = (size_t)v;
        } else if (!entity_name) {
            entity_name = argv[i];
        } else if (!path) {
            path = argv[i];
        } else {
            entity_name = NULL;
            break;
        }
    }
    if (!entity_name || !path) {
        fprintf(stderr, "usage: crmd import [-c FILE] [--batch N] ENTITY FILE.csv|FILE.ndjson\n");
        return 2;
    }
    in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "crmd import: %s: %s\n", path, strerror(errno));
        return 1;
    }
    host = crm__host_open(config_path, &error);
    if (!host) {
        fprintf(stderr, "crmd import: %s\n", error.message);
        goto done;
    }
    entity = crm__entity_lookup(entity_name);
    if (!entity) {
        fprintf(stderr, "crmd import: unknown entity '%s' (is its plugin enabled?)\n", entity_name);
        goto done;
    }
    n = strlen(path);
    imp = crm__import_new(entity,
                          (n > 6 && strcmp(path + n - 6, ".jsonl") == 0) ||
                                  (n > 7 && strcmp(path + n - 7, ".ndjson") == 0)
                              ? CRM__IMPORT_NDJSON
                              : CRM__IMPORT_CSV,
                          crm_identity_system(), batch, &error);
    buf = malloc(READ_BYTES);
    if (!imp || !buf) {
        fprintf(stderr, "crmd import: %s\n", imp ? "out of memory" : error.message);
        goto done;
    }
    if (fstat(fileno(in), &st) != 0 || !S_ISREG(st.st_mode))
        st.st_size = 0;
    start = now_s();
    crm_error_clear(&error);
    while (failed == 0 && (n = fread(buf, 1, READ_BYTES, in)) > 0) {
        failed = crm__import_feed(imp, buf, n, &error);
        done_bytes += (off_t)n;
        if (tty && now_s() - last_draw > 0.2) {
            crm__import_stats(imp, &stats);
            progress(done_bytes, st.st_size, stats.records, now_s() - start);
            last_draw = now_s();
        }
    }
    if (failed == 0 && ferror(in))
        failed = crm_error_set(&error, CRM_EINVAL, "%s: read error", path);
    if (failed == 0)
        failed = crm__import_finish(imp, &error);
    crm__import_stats(imp, &stats);
    if (tty) {
        progress(done_bytes, st.st_size ? st.st_size : done_bytes, stats.records, now_s() - start);
        fputc('\n', stderr);
    }
    crm__import_foreach_error(imp, print_problem, (void *)path);
    if (stats.errors > 100)
        fprintf(stderr, "... and %lld more problems\n", (long long)stats.errors - 100);
    if (failed != 0)
        fprintf(stderr, "crmd import: %s: %s\n", path, error.message);
    printf("%s: %lld records read, %lld created, %lld updated, %lld rejected in %.1f s\n", path,
           (long long)stats.records, (long long)stats.created, (long long)stats.updated,
           (long long)stats.rejected, now_s() - start);
    rc = failed == 0 && stats.rejected == 0 ? 0 : 1;
done:
    free(buf);
    crm__import_destroy(imp);
    crm__host_close(host);
    if (in && in != stdin)
        fclose(in);
    return rc;
}
