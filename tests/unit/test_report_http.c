/* The report engine end to end: a real crmd with the example plugin and authentication, 300
 * generated prospects, and the prospects_overview report checked against brute-force
 * computations over the same data: every measure, every time bucket, the caller's scope,
 * period comparison (across a year end, over a leap day) and refused parameters. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "crmd_process.h"
#include "admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#define PASSWORD "Report-Passphrase-2026!"
#define N 300

static const char *const segments[] = {"mass", "affluent", "private", "sme"};

typedef struct rec {
    int segment, score, owner; /* owner: 0 advisor A, 1 advisor B (A's team), 2 elsewhere */
    int64_t amount;
    const char *currency;
    time_t at;
} rec_t;

typedef struct world {
    test_crmd_t crmd;
    test_session_t admin;
    char bank[25], branch[25], team[25], other[25], users[3][25];
    char ids[3][25]; /* of the prospects P0 to P2 */
    rec_t recs[N];
} world_t;

static int
setup(void **state)
{
    world_t *w = calloc(1, sizeof *w);
    char body[512], ignored[25];
    const char *units[3];
    unsigned seed = 20260301;

    if (!w || test_start_with_admin(&w->crmd, "\"example\"", NULL, PASSWORD, &w->admin) != 0)
        return -1;
    *state = w;
    test_org_unit(&w->admin, "Bank", "bank", NULL, w->bank);
    test_org_unit(&w->admin, "Krakow", "branch", w->bank, w->branch);
    test_org_unit(&w->admin, "Krakow team", "team", w->branch, w->team);
    test_org_unit(&w->admin, "Lviv", "branch", w->bank, w->other);
    test_user(&w->admin, "adva", "advisor", w->branch, PASSWORD, w->users[0]);
    test_user(&w->admin, "advb", "advisor", w->team, PASSWORD, w->users[1]);
    test_user(&w->admin, "advc", "advisor", w->other, PASSWORD, w->users[2]);
    test_user(&w->admin, "director", "branch_director", w->branch, PASSWORD, ignored);
    units[0] = w->branch;
    units[1] = w->team;
    units[2] = w->other;
    for (int i = 0; i < N; i++) {
        rec_t *r = &w->recs[i];
        struct tm tm;
        char at[32];

        r->segment = rand_r(&seed) % 4;
        r->score = rand_r(&seed) % 101;
        r->owner = rand_r(&seed) % 3;
        r->amount = 100 + rand_r(&seed) % 1000000;
        r->currency = rand_r(&seed) % 3 ? "PLN" : "EUR";
        /* 2023-01-01 .. 2024-12-31, plus a few on the leap day */
        r->at = (time_t)1672531200 + (time_t)(rand_r(&seed) % (731 * 86400));
        if (i % 50 == 0)
            r->at = (time_t)1709164800 + i; /* 2024-02-29 */
        gmtime_r(&r->at, &tm);
        strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
        snprintf(body, sizeof body,
                 "{\"name\":\"P%d\",\"segment\":\"%s\",\"score\":%d,\"owner_id\":\"%s\","
                 "\"org_unit\":\"%s\",\"contacted_at\":\"%s\",\"expected_amount\":"
                 "{\"amount\":%lld,\"currency\":\"%s\"}}",
                 i, segments[r->segment], r->score, w->users[r->owner], units[r->owner], at,
                 (long long)r->amount, r->currency);
        test_create(&w->admin, "/api/v1/prospect", body, i < 3 ? w->ids[i] : NULL);
    }
    return 0;
}

/* GET PATH as S into OUT; returns the status. */
static int
get(const test_session_t *s, const char *path, bson_t *out)
{
    return test_session_json(s, "GET", path, NULL, out);
}

static int64_t
int_at(const bson_t *doc, const char *path)
{
    bson_iter_t it;

    if (!bson_iter_init(&it, doc) || !bson_iter_find_descendant(&it, path, &it))
        fail_msg("no %s", path);
    return bson_iter_as_int64(&it);
}

static double
num_at(const bson_t *doc, const char *path)
{
    bson_iter_t it;

    if (!bson_iter_init(&it, doc) || !bson_iter_find_descendant(&it, path, &it))
        fail_msg("no %s", path);
    return bson_iter_as_double(&it);
}

static bool
is_null(const bson_t *doc, const char *path)
{
    bson_iter_t it;

    return bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, path, &it) &&
           BSON_ITER_HOLDS_NULL(&it);
}

static int64_t
count_rows(const bson_t *doc)
{
    bson_iter_t it, rows;
    int64_t n = 0;

    assert_true(bson_iter_init_find(&it, doc, "rows") && bson_iter_recurse(&it, &rows));
    while (bson_iter_next(&rows))
        n++;
    return n;
}

/* Every measure per segment and currency, against a brute-force computation. */
static void
every_measure_matches_brute_force(void **state)
{
    world_t *w = *state;
    bson_t j;
    int row = 0;
    char path[64];

    assert_int_equal(get(&w->admin,
                         "/api/v1/reports/prospects_overview?dims=segment&from=2023-01-01"
                         "&to=2024-12-31",
                         &j),
                     200);
    assert_string_equal(test_str_at(&j, "report"), "prospects_overview");
    assert_string_equal(test_str_at(&j, "columns.0.name"), "segment");
    assert_string_equal(test_str_at(&j, "columns.0.role"), "dim");
    assert_string_equal(test_str_at(&j, "columns.3.type"), "money");
    assert_string_equal(test_str_at(&j, "columns.7.type"), "double");
    assert_string_equal(test_str_at(&j, "params.from"), "2023-01-01");
    /* rows sorted by segment (binary order), then currency */
    static const int order[] = {1, 0, 2, 3};
    static const char *const curs[] = {"EUR", "PLN"};
    for (int si = 0; si < 4; si++) {
        for (int ci = 0; ci < 2; ci++) {
            int64_t n = 0, sum = 0, mn = 1000, mx = -1, ssum = 0;
            bool seen[101] = {false};
            int distinct = 0;

            for (int i = 0; i < N; i++) {
                const rec_t *r = &w->recs[i];

                if (r->segment != order[si] || strcmp(r->currency, curs[ci]) != 0)
                    continue;
                n++;
                sum += r->amount;
                ssum += r->score;
                mn = r->score < mn ? r->score : mn;
                mx = r->score > mx ? r->score : mx;
                if (!seen[r->score])
                    distinct++;
                seen[r->score] = true;
            }
            if (!n)
                continue;
            snprintf(path, sizeof path, "rows.%d.0", row);
            assert_string_equal(test_str_at(&j, path), segments[order[si]]);
            snprintf(path, sizeof path, "rows.%d.1", row);
            assert_int_equal(int_at(&j, path), n);
            snprintf(path, sizeof path, "rows.%d.2", row);
            assert_int_equal(int_at(&j, path), distinct);
            snprintf(path, sizeof path, "rows.%d.3.amount", row);
            assert_int_equal(int_at(&j, path), sum);
            snprintf(path, sizeof path, "rows.%d.3.currency", row);
            assert_string_equal(test_str_at(&j, path), curs[ci]);
            snprintf(path, sizeof path, "rows.%d.4", row);
            assert_true(num_at(&j, path) > (double)ssum / n - 1e-9 &&
                        num_at(&j, path) < (double)ssum / n + 1e-9);
            snprintf(path, sizeof path, "rows.%d.5", row);
            assert_int_equal(int_at(&j, path), mn);
            snprintf(path, sizeof path, "rows.%d.6", row);
            assert_int_equal(int_at(&j, path), mx);
            snprintf(path, sizeof path, "rows.%d.7", row);
            assert_true(num_at(&j, path) > (double)sum / n - 1e-6 &&
                        num_at(&j, path) < (double)sum / n + 1e-6);
            row++;
        }
    }
    assert_int_equal(count_rows(&j), row);
    /* totals: their own aggregation (distinct scores over everything, money null: 2 currencies) */
    {
        bool seen[101] = {false};
        int distinct = 0;

        for (int i = 0; i < N; i++)
            if (!seen[w->recs[i].score]) {
                seen[w->recs[i].score] = true;
                distinct++;
            }
        assert_true(is_null(&j, "totals.0"));
        assert_int_equal(int_at(&j, "totals.1"), N);
        assert_int_equal(int_at(&j, "totals.2"), distinct);
        assert_true(is_null(&j, "totals.3"));
    }
    bson_destroy(&j);
}

/* The bucket start of T for UNIT as "YYYY-MM-DD". */
static void
bucket_of(time_t t, const char *unit, char out[11])
{
    struct tm tm;

    gmtime_r(&t, &tm);
    if (!strcmp(unit, "week")) {
        t -= (time_t)((tm.tm_wday + 6) % 7) * 86400;
        gmtime_r(&t, &tm);
    } else if (!strcmp(unit, "month")) {
        tm.tm_mday = 1;
    } else if (!strcmp(unit, "quarter")) {
        tm.tm_mday = 1;
        tm.tm_mon = tm.tm_mon / 3 * 3;
    } else if (!strcmp(unit, "year")) {
        tm.tm_mday = 1;
        tm.tm_mon = 0;
    }
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Each time bucket: the count of every bucket equals the brute-force count. */
static void
every_time_bucket_matches_brute_force(void **state)
{
    world_t *w = *state;
    static const char *const units[] = {"day", "week", "month", "quarter", "year"};

    for (size_t u = 0; u < 5; u++) {
        bson_t j;
        bson_iter_t it, rows, row;
        char path[160];
        int64_t total = 0;

        snprintf(path, sizeof path, "/api/v1/reports/prospects_overview?dims=%s&measures=prospects",
                 units[u]);
        assert_int_equal(get(&w->admin, path, &j), 200);
        assert_true(bson_iter_init_find(&it, &j, "rows") && bson_iter_recurse(&it, &rows));
        while (bson_iter_next(&rows)) {
            const char *b;
            int64_t n, want = 0;
            bson_iter_t cell;

            assert_true(bson_iter_recurse(&rows, &row) && bson_iter_next(&row));
            b = bson_iter_utf8(&row, NULL);
            cell = row;
            assert_true(bson_iter_next(&cell));
            n = bson_iter_as_int64(&cell);
            for (int i = 0; i < N; i++) {
                char got[11];

                bucket_of(w->recs[i].at, units[u], got);
                want += !strcmp(got, b);
            }
            if (n != want)
                fail_msg("%s %s: %lld, want %lld", units[u], b, (long long)n, (long long)want);
            total += n;
        }
        assert_int_equal(total, N);
        bson_destroy(&j);
    }
}

/* An advisor's report holds only their records, a director's their subtree. */
static void
scope_limits_the_records(void **state)
{
    world_t *w = *state;
    static const struct {
        const char *name;
        int reach; /* bit per owner */
    } who[] = {{"adva", 1}, {"advb", 2}, {"director", 3}};

    for (size_t k = 0; k < 3; k++) {
        test_session_t s;
        bson_t j;
        int64_t want = 0;

        assert_int_equal(test_login(w->crmd.port, who[k].name, PASSWORD, &s), 200);
        for (int i = 0; i < N; i++)
            want += (who[k].reach >> w->recs[i].owner) & 1;
        assert_int_equal(get(&s, "/api/v1/reports/prospects_overview?measures=prospects", &j), 200);
        assert_int_equal(int_at(&j, "totals.1"), want);
        bson_destroy(&j);
        assert_int_equal(get(&s, "/api/v1/reports", &j), 200);
        assert_string_equal(test_str_at(&j, "items.0.id"), "prospects_overview");
        bson_destroy(&j);
    }
}

static int64_t
count_between(const world_t *w, time_t from, time_t to)
{
    int64_t n = 0;

    for (int i = 0; i < N; i++)
        n += w->recs[i].at >= from && w->recs[i].at < to;
    return n;
}

/* compare=prev across a year end, compare=yoy from a leap day. */
static void
comparison_adds_the_earlier_period(void **state)
{
    world_t *w = *state;
    bson_t j;
    int64_t cur, prev;

    /* 2024-01-01..2024-01-31 against 2023-12-01..2023-12-31 */
    assert_int_equal(get(&w->admin,
                         "/api/v1/reports/prospects_overview?dims=&measures=prospects"
                         "&from=2024-01-01&to=2024-01-31&compare=prev",
                         &j),
                     200);
    cur = count_between(w, 1704067200, 1706745600);
    prev = count_between(w, 1701388800, 1704067200);
    assert_string_equal(test_str_at(&j, "columns.1.name"), "prospects_prev");
    assert_string_equal(test_str_at(&j, "columns.1.role"), "compare");
    assert_string_equal(test_str_at(&j, "columns.2.role"), "change");
    assert_int_equal(int_at(&j, "totals.0"), cur);
    assert_int_equal(int_at(&j, "totals.1"), prev);
    assert_true(num_at(&j, "totals.2") > (double)(cur - prev) / prev - 1e-9 &&
                num_at(&j, "totals.2") < (double)(cur - prev) / prev + 1e-9);
    bson_destroy(&j);

    /* 2024-02-29..2024-03-31 against 2023-02-28..2023-03-31, by month */
    assert_int_equal(get(&w->admin,
                         "/api/v1/reports/prospects_overview?dims=month&measures=prospects"
                         "&from=2024-02-29&to=2024-03-31&compare=yoy",
                         &j),
                     200);
    assert_true(is_null(&j, "totals.0"));
    assert_int_equal(int_at(&j, "totals.1"), count_between(w, 1709164800, 1711929600));
    assert_int_equal(int_at(&j, "totals.2"), count_between(w, 1677542400, 1680307200));
    assert_string_equal(test_str_at(&j, "rows.0.0"), "2024-02-01");
    assert_int_equal(int_at(&j, "rows.0.1"), count_between(w, 1709164800, 1709251200));
    assert_int_equal(int_at(&j, "rows.0.2"), count_between(w, 1677542400, 1677628800));
    assert_string_equal(test_str_at(&j, "rows.1.0"), "2024-03-01");
    assert_int_equal(int_at(&j, "rows.1.2"), count_between(w, 1677628800, 1680307200));
    bson_destroy(&j);
}

/* compare=bucket: each month of 2024's first half beside the month before it (January beside
 * December 2023), by segment too; the totals beside the same span a month earlier. */
static void
each_bucket_beside_the_one_before(void **state)
{
    world_t *w = *state;
    /* 2023-12-01 and the first of each month to 2024-07-01 */
    static const time_t starts[] = {1701388800, 1704067200, 1706745600, 1709251200,
                                    1711929600, 1714521600, 1717200000, 1719792000};
    char path[40];
    bson_t j;

    assert_int_equal(get(&w->admin,
                         "/api/v1/reports/prospects_overview?dims=month&measures=prospects"
                         "&from=2024-01-01&to=2024-06-30&compare=bucket",
                         &j),
                     200);
    assert_string_equal(test_str_at(&j, "columns.2.role"), "compare");
    for (int m = 0; m < 6; m++) {
        snprintf(path, sizeof path, "rows.%d.1", m);
        assert_int_equal(int_at(&j, path), count_between(w, starts[m + 1], starts[m + 2]));
        snprintf(path, sizeof path, "rows.%d.2", m);
        assert_int_equal(int_at(&j, path), count_between(w, starts[m], starts[m + 1]));
    }
    assert_string_equal(test_str_at(&j, "rows.0.0"), "2024-01-01");
    assert_int_equal(int_at(&j, "totals.1"), count_between(w, starts[1], starts[7]));
    assert_int_equal(int_at(&j, "totals.2"), count_between(w, starts[0], starts[6]));
    bson_destroy(&j);

    /* By segment and month: each segment's month beside the same segment's month before. */
    assert_int_equal(get(&w->admin,
                         "/api/v1/reports/prospects_overview?dims=segment,month&measures=prospects"
                         "&from=2024-01-01&to=2024-06-30&compare=bucket",
                         &j),
                     200);
    {
        bson_iter_t it, row, cell;
        size_t checked = 0;

        assert_true(bson_iter_init_find(&it, &j, "rows") && bson_iter_recurse(&it, &row));
        while (bson_iter_next(&row)) {
            const char *seg, *month;
            int64_t got_cur, got_prev, want_cur = 0, want_prev = 0;
            int m;

            bson_iter_recurse(&row, &cell);
            bson_iter_next(&cell);
            seg = bson_iter_utf8(&cell, NULL);
            bson_iter_next(&cell);
            month = bson_iter_utf8(&cell, NULL);
            bson_iter_next(&cell);
            got_cur = bson_iter_as_int64(&cell);
            bson_iter_next(&cell);
            got_prev = BSON_ITER_HOLDS_NULL(&cell) ? 0 : bson_iter_as_int64(&cell);
            m = atoi(month + 5); /* 1..6 */
            for (int i = 0; i < N; i++) {
                if (strcmp(segments[w->recs[i].segment], seg) != 0)
                    continue;
                want_cur += w->recs[i].at >= starts[m] && w->recs[i].at < starts[m + 1];
                want_prev += w->recs[i].at >= starts[m - 1] && w->recs[i].at < starts[m];
            }
            assert_int_equal(got_cur, want_cur);
            assert_int_equal(got_prev, want_prev);
            checked++;
        }
        assert_int_equal(checked, 24); /* 4 segments x 6 months */
    }
    bson_destroy(&j);
}

/* Malformed parameters are 400 with a message; unknown reports 404. */
static void
bad_parameters_are_refused(void **state)
{
    world_t *w = *state;
    static const char *const bad[] = {
        "dims=nope",
        "measures=prospects,nope",
        "from=2024-13-01",
        "to=2024-02-30",
        "from=2024-03-01&to=2024-02-01",
        "compare=later&from=2024-01-01&to=2024-01-02",
        "compare=prev",
        "format=doc",
        "filter=%7Bnope",
        "filter=%7B%22nope%22%3A1%7D",
        "dims=segment,segment",
        "dims=segment,",
        "dims=segment&compare=bucket&from=2024-01-01&to=2024-02-01",
        "dims=month,week&compare=bucket&from=2024-01-01&to=2024-02-01",
    };
    char path[200];
    bson_t j;

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(path, sizeof path, "/api/v1/reports/prospects_overview?%s", bad[i]);
        if (get(&w->admin, path, &j) != 400)
            fail_msg("%s was not refused", bad[i]);
        assert_non_null(test_str_at(&j, "error.message"));
        bson_destroy(&j);
    }
    assert_int_equal(get(&w->admin, "/api/v1/reports/nope", &j), 404);
    bson_destroy(&j);
    /* a filter in API names narrows the records */
    assert_int_equal(get(&w->admin,
                         "/api/v1/reports/prospects_overview?dims=&measures=prospects&filter="
                         "%7B%22segment%22%3A%22sme%22%7D",
                         &j),
                     200);
    {
        int64_t want = 0;

        for (int i = 0; i < N; i++)
            want += w->recs[i].segment == 3;
        assert_int_equal(int_at(&j, "totals.0"), want);
    }
    bson_destroy(&j);
}

/* Dims of ids come with names: people and units (only those in the caller's rows), and
 * records by their title; the CSV shows the names. */
static void
ids_come_with_names(void **state)
{
    world_t *w = *state;
    test_session_t director;
    test_http_response_t csv = {0};
    char path[160], body[64];
    bson_t j;

    /* P1 and P2 were referred by P0 (the records' counts are unchanged). */
    snprintf(body, sizeof body, "{\"referred_by\":\"%s\"}", w->ids[0]);
    for (int i = 1; i < 3; i++) {
        snprintf(path, sizeof path, "/api/v1/prospect/%s", w->ids[i]);
        assert_int_equal(test_session_json(&w->admin, "PATCH", path, body, &j), 200);
        bson_destroy(&j);
    }
    assert_int_equal(test_login(w->crmd.port, "director", PASSWORD, &director), 200);
    /* Who a user id is, for any member of staff: names and unit, not roles or sign-ins. */
    snprintf(path, sizeof path, "/api/v1/users/%s", w->users[2]);
    assert_int_equal(get(&director, path, &j), 200);
    assert_string_equal(test_str_at(&j, "display_name"), "advc");
    assert_string_equal(test_str_at(&j, "org_unit"), w->other);
    assert_false(bson_has_field(&j, "roles") || bson_has_field(&j, "password_hash") ||
                 bson_has_field(&j, "locked"));
    bson_destroy(&j);
    assert_int_equal(get(&director, "/api/v1/users/0123456789abcdef01234567", &j), 404);
    bson_destroy(&j);
    assert_int_equal(get(&director, "/api/v1/users/nope", &j), 404);
    bson_destroy(&j);

    assert_int_equal(get(&director, "/api/v1/reports/prospects_overview?dims=owner", &j), 200);
    assert_string_equal(test_str_at(&j, "columns.0.ref"), "users");
    snprintf(path, sizeof path, "columns.0.names.%s", w->users[0]);
    assert_string_equal(test_str_at(&j, path), "adva");
    snprintf(path, sizeof path, "columns.0.names.%s", w->users[1]);
    assert_string_equal(test_str_at(&j, path), "advb");
    snprintf(path, sizeof path, "columns.0.names.%s", w->users[2]);
    assert_null(test_str_at(&j, path));            /* Lviv's advisor: none of the director's rows */
    assert_null(test_str_at(&j, "columns.1.ref")); /* a measure */
    bson_destroy(&j);

    assert_int_equal(get(&director, "/api/v1/reports/prospects_overview?dims=unit,segment", &j),
                     200);
    assert_string_equal(test_str_at(&j, "columns.0.ref"), "org_units");
    snprintf(path, sizeof path, "columns.0.names.%s", w->team);
    assert_string_equal(test_str_at(&j, path), "Krakow team");
    assert_null(test_str_at(&j, "columns.1.ref")); /* an enum */
    bson_destroy(&j);

    assert_int_equal(get(&w->admin, "/api/v1/reports/prospects_overview?dims=referred_by", &j),
                     200);
    assert_string_equal(test_str_at(&j, "columns.0.ref"), "prospect");
    snprintf(path, sizeof path, "columns.0.names.%s", w->ids[0]);
    assert_string_equal(test_str_at(&j, path), "P0");
    bson_destroy(&j);

    assert_int_equal(test_session_request(&director, "GET",
                                          "/api/v1/reports/prospects_overview?dims=owner&"
                                          "measures=prospects&format=csv",
                                          NULL, &csv),
                     200);
    assert_non_null(strstr(csv.body, "\nadva,"));
    assert_non_null(strstr(csv.body, "\nadvb,"));
    assert_null(strstr(csv.body, w->users[0]));
    test_http_response_free(&csv);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_measure_matches_brute_force),
        cmocka_unit_test(every_time_bucket_matches_brute_force),
        cmocka_unit_test(scope_limits_the_records),
        cmocka_unit_test(comparison_adds_the_earlier_period),
        cmocka_unit_test(each_bucket_beside_the_one_before),
        cmocka_unit_test(bad_parameters_are_refused),
        cmocka_unit_test(ids_come_with_names),
    };

    return cmocka_run_group_tests_name("reports over HTTP", tests, setup, test_crmd_teardown);
}
