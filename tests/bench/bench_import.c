/* Benchmark: importing N generated prospect records (default 1,000,000) through the core's
 * import path (CSV parsing, schema validation, external-key upsert, batches of 1000 with their
 * audit records, the SQLite driver with the entity's indexes and full-text index), against raw
 * SQLite inserting the same rows in one transaction — once into a bare table, once into a
 * table with the same indexes and full-text index. Each side runs ROUNDS times (default 3),
 * alternating, and the medians are compared: a shared machine's noise is larger than the
 * differences measured. Prints records/s and the ratios.
 *
 *   bench_import BUILD_DIR [N [ROUNDS]]
 */
#include "entity/import-private.h"
#include "bench-private.h"
#include "host/host-private.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const segments[] = {"mass", "affluent", "private", "sme"};

/* The values of row I, the same for both sides. */
static void
row(long i, char *ext, char *name, char *email, const char **segment, long *amount, long *score)
{
    sprintf(ext, "CB-%09ld", i);
    sprintf(name, "Client %ld Nowak", i);
    sprintf(email, "client%ld@example.com", i);
    *segment = segments[i % 4];
    *amount = (i * 7919) % 100000000;
    *score = i % 101;
}

static int
exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "sqlite: %s: %s\n", sql, err);
        sqlite3_free(err);
        return -1;
    }
    return 0;
}

/* Raw SQLite: the same rows in one transaction, WITH_INDEXES adding what the entity has. */
static double
raw_sqlite(const char *path, long n, bool with_indexes)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL, *fts = NULL;
    char ext[32], name[64], email[64];
    const char *segment;
    long amount, score;
    double t0, t;

    unlink(path);
    if (sqlite3_open(path, &db) != SQLITE_OK)
        return -1;
    exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
    exec(db, "CREATE TABLE prospect(id INTEGER PRIMARY KEY, oid BLOB, external_id TEXT, "
             "name TEXT, email TEXT, segment TEXT, amount INTEGER, currency TEXT, score INTEGER, "
             "owner_id TEXT, org_unit TEXT, contacted_at INTEGER, notes TEXT, created_at INTEGER, "
             "updated_at INTEGER, version INTEGER)");
    if (with_indexes) {
        /* The indexes the prospect entity has: its id, the external key, the indexed fields,
         * the system fields the core indexes, and the full-text fields. */
        exec(db, "CREATE UNIQUE INDEX p_oid ON prospect(oid);"
                 "CREATE UNIQUE INDEX p_ext ON prospect(external_id);"
                 "CREATE INDEX p_name ON prospect(name); CREATE INDEX p_segment ON prospect(segment);"
                 "CREATE INDEX p_contacted ON prospect(contacted_at);"
                 "CREATE INDEX p_owner ON prospect(owner_id); CREATE INDEX p_unit ON prospect(org_unit);"
                 "CREATE INDEX p_upd ON prospect(updated_at);"
                 "CREATE VIRTUAL TABLE prospect_fts USING fts5(name, email, notes, "
                 "tokenize='porter unicode61 remove_diacritics 2')");
        sqlite3_prepare_v2(db, "INSERT INTO prospect_fts(rowid, name, email, notes) VALUES(?,?,?,NULL)",
                           -1, &fts, NULL);
    }
    sqlite3_prepare_v2(db,
                       "INSERT INTO prospect(id, oid, external_id, name, email, segment, amount, "
                       "currency, score, owner_id, created_at, updated_at, version) "
                       "VALUES(?1,?10,?2,?3,?4,?5,?6,'PLN',?7,'system',?8,?9,1)",
                       -1, &ins, NULL);
    t0 = bench_now();
    exec(db, "BEGIN");
    for (long i = 0; i < n; i++) {
        row(i, ext, name, email, &segment, &amount, &score);
        sqlite3_bind_int64(ins, 1, i + 1);
        sqlite3_bind_text(ins, 2, ext, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, email, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 5, segment, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 6, amount);
        sqlite3_bind_int64(ins, 7, score);
        sqlite3_bind_int64(ins, 8, 1763800000000 + i);
        sqlite3_bind_int64(ins, 9, 1763800000000 + i);
        {
            /* A 12-byte id increasing like an ObjectId. */
            uint8_t oid[12] = {0x6b, 0x02, 0xad, 0x00};
            for (int b = 0; b < 8; b++)
                oid[11 - b] = (uint8_t)((unsigned long)i >> (8 * b));
            sqlite3_bind_blob(ins, 10, oid, sizeof oid, SQLITE_TRANSIENT);
        }
        sqlite3_step(ins);
        sqlite3_reset(ins);
        if (fts) {
            sqlite3_bind_int64(fts, 1, i + 1);
            sqlite3_bind_text(fts, 2, name, -1, SQLITE_STATIC);
            sqlite3_bind_text(fts, 3, email, -1, SQLITE_STATIC);
            sqlite3_step(fts);
            sqlite3_reset(fts);
        }
    }
    exec(db, "COMMIT");
    t = bench_now() - t0;
    sqlite3_finalize(ins);
    sqlite3_finalize(fts);
    sqlite3_close(db);
    return t;
}

/* The core: the same rows as CSV, through the import path into a fresh store. */
static double
crm_import(const char *build_dir, const char *dir, long n, crm__import_stats_t *stats)
{
    char cfg_path[700], csv_path[700], ext[32], name[64], email[64];
    const char *segment;
    long amount, score;
    FILE *f;
    crm_error_t error = {0};
    crm__host_t *host;
    crm__import_t *imp;
    char *buf = malloc(1 << 18);
    size_t got;
    int failed = 0;
    double t0, t = -1;

    snprintf(csv_path, sizeof csv_path, "%s/prospects.csv", dir);
    f = fopen(csv_path, "w");
    fprintf(f, "external_id,name,email,segment,expected_amount.amount,expected_amount.currency,score\n");
    for (long i = 0; i < n; i++) {
        row(i, ext, name, email, &segment, &amount, &score);
        fprintf(f, "%s,%s,%s,%s,%ld,PLN,%ld\n", ext, name, email, segment, amount, score);
    }
    fclose(f);
    snprintf(cfg_path, sizeof cfg_path, "%s/crmd.cfg", dir);
    f = fopen(cfg_path, "w");
    fprintf(f, "store = { driver = \"sqlite\"; path = \"%s/crm.db\"; };\n"
               "plugins = { dir = \"%s/plugins\"; enabled = [\"example\"]; };\n"
               "log = { level = \"warn\"; };\n",
            dir, build_dir);
    fclose(f);
    host = crm__host_open(cfg_path, &error);
    if (!host) {
        fprintf(stderr, "bench_import: %s\n", error.message);
        return -1;
    }
    imp = crm__import_new(crm__entity_lookup("prospect"), CRM__IMPORT_CSV, crm_identity_system(),
                          getenv("CRM_BENCH_BATCH") ? (size_t)atol(getenv("CRM_BENCH_BATCH")) : 1000,
                          &error);
    f = fopen(csv_path, "rb");
    t0 = bench_now();
    while (failed == 0 && (got = fread(buf, 1, 1 << 18, f)) > 0)
        failed = crm__import_feed(imp, buf, got, &error);
    if (failed == 0)
        failed = crm__import_finish(imp, &error);
    if (failed == 0)
        t = bench_now() - t0;
    else
        fprintf(stderr, "bench_import: %s\n", error.message);
    crm__import_stats(imp, stats);
    fclose(f);
    crm__import_destroy(imp);
    crm__host_close(host);
    free(buf);
    return t;
}

int
main(int argc, char **argv)
{
    char dir[] = "/tmp/crm-bench-XXXXXX", raw_path[600], cmd[700];
    long n = argc > 2 ? atol(argv[2]) : 1000000;
    int rounds = argc > 3 ? atoi(argv[3]) : 3;
    crm__import_stats_t stats = {0};
    double bare[9], indexed[9], ours[9];

    if (argc < 2 || n < 1 || rounds < 1 || rounds > 9 || !mkdtemp(dir)) {
        fprintf(stderr, "usage: bench_import BUILD_DIR [N [ROUNDS 1..9]]\n");
        return 2;
    }
    snprintf(raw_path, sizeof raw_path, "%s/raw.db", dir);
    for (int r = 0; r < rounds; r++) {
        char sub[600];
        snprintf(sub, sizeof sub, "%s/crm%d", dir, r);
        snprintf(cmd, sizeof cmd, "mkdir -p '%s'", sub);
        if (system(cmd) != 0)
            return 1;
        bare[r] = raw_sqlite(raw_path, n, false);
        indexed[r] = raw_sqlite(raw_path, n, true);
        ours[r] = crm_import(argv[1], sub, n, &stats);
        if (bare[r] <= 0 || indexed[r] <= 0 || ours[r] <= 0 || stats.created != n) {
            fprintf(stderr, "bench_import: a run failed (created %lld of %ld)\n",
                    (long long)stats.created, n);
            return 1;
        }
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", sub);
        if (system(cmd) != 0)
            return 1;
    }
    {
        double b = bench_median(bare, rounds), x = bench_median(indexed, rounds), o = bench_median(ours, rounds);
        printf("import of %ld records (SQLite, one file, WAL), median of %d alternating rounds\n", n,
               rounds);
        printf("  raw SQLite, bare table, one transaction:            %9.0f records/s  (%.2f s)\n",
               (double)n / b, b);
        printf("  raw SQLite, same indexes + FTS5, one transaction:   %9.0f records/s  (%.2f s)\n",
               (double)n / x, x);
        printf("  crm import (CSV, validation, upsert, batches 1000): %9.0f records/s  (%.2f s)\n",
               (double)n / o, o);
        printf("  ratio vs raw with the same indexes: %.2f   vs bare table: %.2f   (target >= 0.5)\n",
               x / o, b / o);
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}
