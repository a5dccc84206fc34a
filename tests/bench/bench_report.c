/* Benchmark: a report over N generated prospects (default 1,000,000) grouped by three
 * dimensions (segment, city, VIP) and month, with count and sum of the expected amount, run
 * through the report engine (the aggregation pushed down into the SQLite driver, the caller's
 * scope applied) against the equivalent hand-written SQL on raw SQLite over the same data, in
 * one run. Prints seconds (median of ROUNDS runs each, default 3) and the ratio.
 *
 *   bench_report BUILD_DIR [N [ROUNDS]]
 */
#include "bench-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const segments[] = {"mass", "affluent", "private", "sme"};
static const char *const cities[] = {"Warsaw", "Krakow", "Gdansk", "Lviv", "Kyiv", "Wroclaw"};
static const char *const currencies[] = {"PLN", "EUR"};
#define START_MS 1704067200000LL /* 2024-01-01T00:00:00Z */
#define SPAN_MS (2LL * 366 * 86400000)

static const crm_report_dim_t dims[] = {
    {.name = "segment", .field = "segment", .label = "Segment"},
    {.name = "city", .field = "address.city", .label = "City"},
    {.name = "vip", .field = "vip", .label = "VIP"},
    {.name = "month", .field = "contacted_at", .bucket = CRM_BUCKET_MONTH, .label = "Month"},
    {.name = NULL}};
static const crm_report_measure_t measures[] = {
    {.name = "prospects", .kind = CRM_MEASURE_COUNT, .label = "Prospects"},
    {.name = "expected", .kind = CRM_MEASURE_SUM, .field = "expected_amount.amount",
     .money_currency_field = "expected_amount.currency", .label = "Expected"},
    {.name = NULL}};
static const crm_report_def_t report = {.size = sizeof(crm_report_def_t),
                                        .id = "bench_prospects",
                                        .title = "Prospects by segment, city, VIP and month",
                                        .entity = "prospect",
                                        .date_field = "contacted_at",
                                        .dims = dims,
                                        .measures = measures,
                                        .permission = "prospect.read"};

/* Row I's values, the same for both sides. */
static void
row(long i, const char **segment, const char **city, bool *vip, int64_t *at, int64_t *amount,
    const char **currency)
{
    unsigned long h = (unsigned long)i * 2654435761u;

    *segment = segments[h % 4];
    *city = cities[(h >> 8) % 6];
    *vip = (h >> 16) % 7 == 0;
    *at = START_MS + (int64_t)((h >> 4) % (unsigned long)(SPAN_MS / 1000)) * 1000;
    *amount = (int64_t)((h >> 3) % 10000000);
    *currency = currencies[(h >> 20) % 2];
}

/* Row I as a prospect document, its columns bound to the raw INSERT statement INS. */
static bson_t *
document(long i, sqlite3_stmt *ins, void *data)
{
    const char *segment, *city, *currency;
    bool vip;
    int64_t at, amount;
    bson_t *d = bson_new(), sub;
    bson_oid_t oid;

    (void)data;
    row(i, &segment, &city, &vip, &at, &amount, &currency);
    bson_oid_init(&oid, NULL);
    BSON_APPEND_OID(d, "_id", &oid);
    BSON_APPEND_UTF8(d, "name", "Bench");
    BSON_APPEND_UTF8(d, "segment", segment);
    BSON_APPEND_DOCUMENT_BEGIN(d, "address", &sub);
    BSON_APPEND_UTF8(&sub, "city", city);
    bson_append_document_end(d, &sub);
    BSON_APPEND_BOOL(d, "vip", vip);
    BSON_APPEND_DATE_TIME(d, "contacted_at", at);
    BSON_APPEND_DOCUMENT_BEGIN(d, "expected_amount", &sub);
    BSON_APPEND_INT64(&sub, "amount", amount);
    BSON_APPEND_UTF8(&sub, "currency", currency);
    bson_append_document_end(d, &sub);
    BSON_APPEND_UTF8(d, "owner_id", "system");
    BSON_APPEND_NULL(d, "org_unit");
    sqlite3_bind_text(ins, 1, segment, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 2, city, -1, SQLITE_STATIC);
    sqlite3_bind_int(ins, 3, vip);
    sqlite3_bind_int64(ins, 4, at);
    sqlite3_bind_int64(ins, 5, amount);
    sqlite3_bind_text(ins, 6, currency, -1, SQLITE_STATIC);
    return d;
}

int
main(int argc, char **argv)
{
    char dir[] = "/tmp/crm-bench-report-XXXXXX", raw[600];
    long n = argc > 2 ? atol(argv[2]) : 1000000;
    int rounds = argc > 3 ? atoi(argv[3]) : 3;
    double ours[9], theirs[9];
    crm_error_t error = {0};
    crm__host_t *host = NULL;
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL, *q = NULL;
    long groups_ours = 0, groups_raw = 0;

    if (argc < 2 || n < 1 || rounds < 1 || rounds > 9 || !mkdtemp(dir)) {
        fprintf(stderr, "usage: bench_report BUILD_DIR [N [ROUNDS 1..9]]\n");
        return 2;
    }
    host = bench_host_open("bench_report", argv[1], dir, "\"example\"");
    if (!host)
        return 1;
    if (crm_report_register(NULL, &report, &error) != 0) {
        fprintf(stderr, "bench_report: %s\n", error.message);
        return 1;
    }
    /* The same rows into the store (as documents) and into a raw SQLite table. */
    snprintf(raw, sizeof raw, "%s/raw.db", dir);
    sqlite3_open(raw, &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; CREATE TABLE prospect(segment TEXT, city TEXT, "
                     "vip INTEGER, contacted_at INTEGER, amount INTEGER, currency TEXT); BEGIN",
                 NULL, NULL, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO prospect VALUES(?,?,?,?,?,?)", -1, &ins, NULL);
    if (bench_load("bench_report", host, "prospect", ins, n, document, NULL) != 0)
        return 1;
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_finalize(ins);
    /* The hand-written equivalent: the same groups, count and sum per currency. */
    sqlite3_prepare_v2(db,
                       "SELECT segment, city, vip, strftime('%Y-%m', contacted_at / 1000, "
                       "'unixepoch') AS month, currency, count(*), sum(amount) FROM prospect "
                       "WHERE contacted_at >= ?1 AND contacted_at < ?2 "
                       "GROUP BY segment, city, vip, month, currency ORDER BY 1, 2, 3, 4, 5",
                       -1, &q, NULL);
    for (int r = 0; r < rounds; r++) {
        bson_t params = BSON_INITIALIZER, result;
        double t0;

        BSON_APPEND_UTF8(&params, "dims", "segment,city,vip,month");
        BSON_APPEND_UTF8(&params, "measures", "prospects,expected");
        BSON_APPEND_UTF8(&params, "from", "2024-01-01");
        BSON_APPEND_UTF8(&params, "to", "2025-12-31");
        if (bench_report_run("bench_report", "bench_prospects", &params, &result, &ours[r],
                             &groups_ours) != 0)
            return 1;
        bson_destroy(&result);
        bson_destroy(&params);

        t0 = bench_now();
        sqlite3_bind_int64(q, 1, START_MS);
        sqlite3_bind_int64(q, 2, START_MS + 731LL * 86400000);
        groups_raw = 0;
        while (sqlite3_step(q) == SQLITE_ROW)
            groups_raw++;
        sqlite3_reset(q);
        theirs[r] = bench_now() - t0;
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    {
        double engine = bench_median(ours, rounds), raw_s = bench_median(theirs, rounds);

        printf("report over %ld records: 3 dimensions and month, count and sum (median of %d)\n",
               n, rounds);
        printf("  hand-written SQL on raw SQLite:  %.2f s  (%ld groups)\n", raw_s, groups_raw);
        printf("  report engine (SQLite driver):   %.2f s  (%ld groups)\n", engine, groups_ours);
        printf("  ratio engine/raw: %.2f (target <= 1.5, and under 2 s)\n", engine / raw_s);
    }
    crm__host_close(host);
    return bench_finish(dir);
}
