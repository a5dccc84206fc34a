/* Benchmark: the board's sales dynamics (the retail plugin's retail_sales_dynamics) over N
 * generated opportunities (default 1,000,000, two years of them, 40% signed): contracts signed
 * and their value by month and product line over a year, each month against the same month a
 * year earlier (compare=yoy), run through the report engine (the aggregations pushed down into
 * the SQLite driver, the plugin's fixed filter stage = signed, the caller's scope) against the
 * equivalent hand-written SQL on raw SQLite over the same rows, in one run. Prints seconds
 * (median of ROUNDS runs each, default 3), the ratio and the peak resident memory.
 *
 *   bench_sales BUILD_DIR [N [ROUNDS]]
 *
 * CRM_BENCH_KEEP=1 keeps the folder of the stores; CRM_BENCH_REUSE=FOLDER runs the reports on
 * such a folder without loading (N must be the number it was loaded with).
 */
#include "bench-private.h"

#include <string.h>
#include <sys/resource.h>

static const char *const stages[] = {"lead", "qualified", "offer", "application", "lost"};
static const char *const lines[] = {"savings", "cash loans", "mortgages", "cards",
                                    "daily banking", "insurance", "investments"};
static const char *const types[] = {"deposit", "loan", "loan", "card",
                                    "account", "insurance", "investment"};
static const char *const kinds[] = {"new_client", "existing_client", "renewal"};
static const char *const currencies[] = {"PLN", "PLN", "PLN", "EUR"};
#define START_MS 1704067200000LL /* 2024-01-01T00:00:00Z */
#define SPAN_S (731LL * 86400)    /* 2024 and 2025 */

typedef struct opp {
    bool is_signed;
    const char *stage, *line, *type, *kind, *currency;
    int64_t lead_at, signed_at, amount;
    unsigned owner;
} opp_t;

/* Row I's values, the same for both sides. */
static void
row(long i, opp_t *o)
{
    unsigned long h = (unsigned long)i * 2654435761u;
    unsigned l = (unsigned)((h >> 8) % 7);

    o->is_signed = (h >> 3) % 10 < 4;
    o->stage = o->is_signed ? "signed" : stages[(h >> 5) % 5];
    o->line = lines[l];
    o->type = types[l];
    o->kind = kinds[(h >> 12) % 3];
    o->currency = currencies[(h >> 20) % 4];
    o->lead_at = START_MS + (int64_t)((h >> 4) % (unsigned long)SPAN_S) * 1000;
    o->signed_at = o->lead_at + (int64_t)((h >> 14) % 60) * 86400000;
    o->amount = (int64_t)((h >> 2) % 10000000);
    o->owner = (unsigned)((h >> 16) % 500);
}

/* Row I as the retail plugin stores an opportunity, its columns bound to the raw INSERT
 * statement INS; UNITS (7 ids) are the org units and products. */
static bson_t *
document(long i, sqlite3_stmt *ins, void *units_v)
{
    const bson_oid_t *units = units_v;
    bson_t *d = bson_new(), sub;
    bson_oid_t oid;
    char owner[25];
    opp_t opp, *o = &opp;

    row(i, o);
    sqlite3_bind_text(ins, 1, o->stage, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 2, o->line, -1, SQLITE_STATIC);
    if (o->is_signed)
        sqlite3_bind_int64(ins, 3, o->signed_at);
    else
        sqlite3_bind_null(ins, 3);
    sqlite3_bind_int64(ins, 4, o->amount);
    sqlite3_bind_text(ins, 5, o->currency, -1, SQLITE_STATIC);

    bson_oid_init(&oid, NULL);
    BSON_APPEND_OID(d, "_id", &oid);
    BSON_APPEND_UTF8(d, "title", o->line);
    BSON_APPEND_OID(d, "client_id", &oid);
    BSON_APPEND_OID(d, "product_id", &units[i % 7]);
    BSON_APPEND_UTF8(d, "product_type", o->type);
    BSON_APPEND_UTF8(d, "product_line", o->line);
    BSON_APPEND_DOCUMENT_BEGIN(d, "amount", &sub);
    BSON_APPEND_INT64(&sub, "amount", o->amount);
    BSON_APPEND_UTF8(&sub, "currency", o->currency);
    bson_append_document_end(d, &sub);
    BSON_APPEND_UTF8(d, "stage", o->stage);
    BSON_APPEND_UTF8(d, "source", "walk_in");
    BSON_APPEND_INT32(d, "probability", o->is_signed ? 100 : 25);
    BSON_APPEND_UTF8(d, "kind", o->kind);
    BSON_APPEND_DATE_TIME(d, "lead_at", o->lead_at);
    BSON_APPEND_DATE_TIME(d, "stage_changed_at", o->signed_at);
    if (o->is_signed) {
        BSON_APPEND_DATE_TIME(d, "signed_at", o->signed_at);
        BSON_APPEND_DATE_TIME(d, "closed_at", o->signed_at);
        BSON_APPEND_INT64(d, "days_to_sign", (o->signed_at - o->lead_at) / 86400000);
        BSON_APPEND_DOCUMENT_BEGIN(d, "commission", &sub);
        BSON_APPEND_INT64(&sub, "amount", o->amount / 500);
        BSON_APPEND_UTF8(&sub, "currency", o->currency);
        bson_append_document_end(d, &sub);
    }
    BSON_APPEND_BOOL(d, "stuck", false);
    snprintf(owner, sizeof owner, "%024x", o->owner);
    BSON_APPEND_UTF8(d, "owner_id", owner);
    bson_oid_to_string(&units[o->owner % 7], owner);
    BSON_APPEND_UTF8(d, "org_unit", owner);
    BSON_APPEND_DATE_TIME(d, "created_at", o->lead_at);
    return d;
}

/* The hand-written equivalent: months and lines of 2025 with their counts and sums per
 * currency, each beside the same month of 2024. */
static const char *const raw_sql =
    "WITH g AS (SELECT strftime('%Y-%m', signed_at / 1000, 'unixepoch') AS month, "
    "product_line, currency, count(*) AS n, sum(amount) AS v FROM opportunity "
    "WHERE stage = 'signed' AND signed_at >= ?1 AND signed_at < ?2 GROUP BY 1, 2, 3) "
    "SELECT c.month, c.product_line, c.currency, c.n, c.v, p.n, p.v FROM g c "
    "LEFT JOIN g p ON p.product_line = c.product_line AND p.currency = c.currency "
    "AND p.month = strftime('%Y-%m', c.month || '-01', '-1 year') "
    "WHERE c.month >= '2025-01' ORDER BY 1, 2, 3";

int
main(int argc, char **argv)
{
    char dir[600] = "/tmp/crm-bench-sales-XXXXXX", raw[700];
    const char *reuse = getenv("CRM_BENCH_REUSE");
    long n = argc > 2 ? atol(argv[2]) : 1000000;
    int rounds = argc > 3 ? atoi(argv[3]) : 3;
    double ours[9], theirs[9], t_load;
    crm__host_t *host = NULL;
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL, *q = NULL;
    bson_oid_t units[7];
    struct rusage usage;
    long groups_ours = 0, groups_raw = 0;
    int64_t contracts_ours = 0, contracts_raw = 0, earlier_ours = 0, earlier_raw = 0;

    if (reuse)
        snprintf(dir, sizeof dir, "%s", reuse);
    if (argc < 2 || n < 1 || rounds < 1 || rounds > 9 || (!reuse && !mkdtemp(dir))) {
        fprintf(stderr, "usage: bench_sales BUILD_DIR [N [ROUNDS 1..9]]\n");
        return 2;
    }
    host = bench_host_open("bench_sales", argv[1], dir, "\"clients\", \"retail\"");
    if (!host)
        return 1;
    for (int u = 0; u < 7; u++)
        bson_oid_init(&units[u], NULL);
    /* The same rows into the store (as documents) and into a raw SQLite table. */
    t_load = bench_now();
    snprintf(raw, sizeof raw, "%s/raw.db", dir);
    sqlite3_open(raw, &db);
    if (reuse)
        goto loaded;
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; CREATE TABLE opportunity(stage TEXT, "
                     "product_line TEXT, signed_at INTEGER, amount INTEGER, currency TEXT); BEGIN",
                 NULL, NULL, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO opportunity VALUES(?,?,?,?,?)", -1, &ins, NULL);
    if (bench_load("bench_sales", host, "opportunity", ins, n, document, units) != 0)
        return 1;
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_finalize(ins);
loaded:
    t_load = bench_now() - t_load;
    sqlite3_prepare_v2(db, raw_sql, -1, &q, NULL);
    for (int r = 0; r < rounds; r++) {
        bson_t params = BSON_INITIALIZER, result;
        bson_iter_t it, rows;
        double t0;

        BSON_APPEND_UTF8(&params, "dims", "month,product_line");
        BSON_APPEND_UTF8(&params, "measures", "contracts,value");
        BSON_APPEND_UTF8(&params, "from", "2025-01-01");
        BSON_APPEND_UTF8(&params, "to", "2025-12-31");
        BSON_APPEND_UTF8(&params, "compare", "yoy");
        if (bench_report_run("bench_sales", "retail_sales_dynamics", &params, &result, &ours[r],
                             &groups_ours) != 0)
            return 1;
        /* contracts and contracts_prev of the totals (after the two dims) */
        if (bson_iter_init(&it, &result) && bson_iter_find_descendant(&it, "totals.2", &rows))
            contracts_ours = bson_iter_as_int64(&rows);
        if (bson_iter_init(&it, &result) && bson_iter_find_descendant(&it, "totals.3", &rows))
            earlier_ours = bson_iter_as_int64(&rows);
        bson_destroy(&result);
        bson_destroy(&params);

        t0 = bench_now();
        sqlite3_bind_int64(q, 1, START_MS);
        sqlite3_bind_int64(q, 2, START_MS + 731LL * 86400000);
        groups_raw = contracts_raw = earlier_raw = 0;
        while (sqlite3_step(q) == SQLITE_ROW) {
            groups_raw++;
            contracts_raw += sqlite3_column_int64(q, 3);
            earlier_raw += sqlite3_column_int64(q, 5);
        }
        sqlite3_reset(q);
        theirs[r] = bench_now() - t0;
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    getrusage(RUSAGE_SELF, &usage);
    {
        double engine = bench_median(ours, rounds), raw_s = bench_median(theirs, rounds);

        printf("sales dynamics over %ld opportunities (loaded in %.0f s): contracts and value by "
               "month and product line of 2025 against the same month of 2024 (compare=yoy), "
               "median of %d\n",
               n, t_load, rounds);
        printf("  hand-written SQL on raw SQLite:  %.2f s  (%ld rows)\n", raw_s, groups_raw);
        printf("  report engine (SQLite driver):   %.2f s  (%ld rows)\n", engine, groups_ours);
        /* The store's file is read through mmap: its pages count as resident but are the
         * kernel's page cache; the process's own memory is the anonymous part. */
        printf("  ratio engine/raw: %.2f; peak resident memory of the process: %ld MB (%ld MB "
               "its own, the rest the store's file mapped)\n",
               engine / raw_s, usage.ru_maxrss / 1024, bench_anon_kb() / 1024);
        printf("  contracts signed in 2025 / in 2024: engine %lld / %lld, raw SQL %lld / %lld%s\n",
               (long long)contracts_ours, (long long)earlier_ours, (long long)contracts_raw,
               (long long)earlier_raw,
               contracts_ours == contracts_raw && earlier_ours == earlier_raw ? "" : "  DIFFER");
    }
    crm__host_close(host);
    return reuse ? 0 : bench_finish(dir);
}
