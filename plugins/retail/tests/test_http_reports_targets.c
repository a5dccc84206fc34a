/* Targets against actuals (retail_targets): targets of a month, a quarter and a year, of an
 * advisor and of units with a team below, with sales signed on the last second of a period and
 * the first of the next among generated ones; each actual checked against a count made here
 * over the opportunities read back, and who sees which targets. */
#include "reports_world.h"

#include <stdio.h>
#include <string.h>

typedef struct target {
    char id[25];
    const char *employee; /* a user id, or NULL for the unit's */
    const char *unit;
    const char *period, *start, *end; /* "month", "2026-03-01", "2026-03-31" */
    const char *product, *line, *type;  /* at most one */
    bool amount;                        /* metric amount (PLN), else count */
} target_t;

/* Creates T as director S. */
static void
create_target(crm_test_session_t *s, target_t *t)
{
    char extra[160] = "";
    size_t n = 0;

    /* an employee's target is kept in the unit the employee works in */
    if (t->employee)
        n += (size_t)snprintf(extra + n, sizeof extra - n, ",\"employee_id\":\"%s\"", t->employee);
    n += (size_t)snprintf(extra + n, sizeof extra - n, ",\"org_unit\":\"%s\"", t->unit);
    if (t->product)
        n += (size_t)snprintf(extra + n, sizeof extra - n, ",\"product_id\":\"%s\"", t->product);
    if (t->line)
        n += (size_t)snprintf(extra + n, sizeof extra - n, ",\"product_line\":\"%s\"", t->line);
    if (t->type)
        snprintf(extra + n, sizeof extra - n, ",\"product_type\":\"%s\"", t->type);
    clients_test_create(s, "sales_target", t->id,
                        "{\"period\":\"%s\",\"period_start\":\"%s\",\"metric\":\"%s\",%s%s}",
                        t->period, t->start, t->amount ? "amount" : "count",
                        t->amount ? "\"target_amount\":{\"amount\":100000000,\"currency\":\"PLN\"}"
                                  : "\"target_count\":10",
                        extra);
}

/* What T's actual should be, counted over W's opportunities: signed from the first day
 * 00:00:00Z to the last 23:59:59Z, its product, its employee's or its unit's and the units'
 * below (UNITS, NULL-terminated). */
static int64_t
expected(const world_t *w, const target_t *t, const char *const *units)
{
    int64_t from = world_time(t->start), to = world_time(t->end) + MS_DAY, sum = 0;

    for (int i = 0; i < w->n; i++) {
        const opp_t *o = &w->o[i];
        bool mine = false;

        if (strcmp(o->stage, "signed") != 0 || o->signed_at < from || o->signed_at >= to)
            continue;
        if ((t->product && strcmp(o->product, t->product)) ||
            (t->line && strcmp(o->product_line, t->line)) ||
            (t->type && strcmp(o->product_type, t->type)) ||
            (t->amount && strcmp(o->currency, "PLN")))
            continue;
        if (t->employee)
            mine = !strcmp(o->owner, t->employee);
        for (const char *const *u = units; !t->employee && *u; u++)
            mine |= !strcmp(o->unit, *u);
        if (mine)
            sum += t->amount ? o->amount : 1;
    }
    return sum;
}

/* The row of target ID in R (a result with dims target,...), or -1. */
static int
row_of(const crm_test_response_t *r, const char *id)
{
    const char *dims[] = {id};

    return profile_row(r, dims, 1);
}

static int64_t
cell(const crm_test_response_t *r, int row, const char *name, const char *sub)
{
    char path[64];

    snprintf(path, sizeof path, "rows.%d.%d%s%s", row, profile_column(r, name), sub ? "." : "",
             sub ? sub : "");
    return crm_test_json_int(r, path, -1);
}

/* Asserts that report R holds exactly the targets T (N of them) with their counted actuals. */
static void
check(const world_t *w, const crm_test_response_t *r, const target_t *const *t, int n,
      const char *const *units_a, const char *const *units_b)
{
    assert_int_equal(profile_rows(r), n);
    for (int i = 0; i < n; i++) {
        int row = row_of(r, t[i]->id);
        const char *const *units = !strcmp(t[i]->unit, w->b.branch_b) ? units_b : units_a;
        int64_t want = expected(w, t[i], units);
        char path[64];

        if (row < 0)
            fail_msg("no row of target %s in %s", t[i]->id, r->body);
        if (t[i]->amount) {
            assert_int_equal(cell(r, row, "actual_amount", "amount"), want);
            assert_int_equal(cell(r, row, "target_amount", "amount"), 100000000);
            snprintf(path, sizeof path, "rows.%d.%d", row, profile_column(r, "actual_count"));
            assert_null(crm_test_json_string(r, path));
        } else {
            assert_int_equal(cell(r, row, "actual_count", NULL), want);
            assert_int_equal(cell(r, row, "target_count", NULL), 10);
        }
        snprintf(path, sizeof path, "rows.%d.%d", row, profile_column(r, "achievement"));
        assert_true(profile_number(r, path) > (double)want / (t[i]->amount ? 1e8 : 10) - 1e-12 &&
                    profile_number(r, path) < (double)want / (t[i]->amount ? 1e8 : 10) + 1e-12);
    }
}

#define QUERY "/api/v1/reports/retail_targets?dims=target,unit,employee,period_start"

static void
targets_meet_what_was_signed_in_their_periods_to_the_second(void **state)
{
    static world_t w;
    crm_test_response_t r = {0};
    target_t t[5];
    const char *units_a[3], *units_b[2];

    world_bank(*state, &w);
    world_generate(&w, 240, 7);
    units_a[0] = w.b.branch_a;
    units_a[1] = w.team;
    units_a[2] = NULL;
    units_b[0] = w.b.branch_b;
    units_b[1] = NULL;
    /* Anna's month, the branch's quarter of savings (its team's sales count), the branch's
     * year of loans, Marek's month of the cash loan, branch B's month. */
    t[0] = (target_t){.employee = crm_test_user_id(w.b.anna), .unit = w.b.branch_a,
                      .period = "month", .start = "2026-03-01", .end = "2026-03-31"};
    t[1] = (target_t){.unit = w.b.branch_a, .period = "quarter", .start = "2026-01-01",
                      .end = "2026-03-31", .line = "savings", .amount = true};
    t[2] = (target_t){.unit = w.b.branch_a, .period = "year", .start = "2026-01-01",
                      .end = "2026-12-31", .type = "loan"};
    t[3] = (target_t){.employee = crm_test_user_id(w.marek), .unit = w.team,
                      .period = "month", .start = "2026-03-01", .end = "2026-03-31",
                      .product = w.b.loan};
    t[4] = (target_t){.unit = w.b.branch_b, .period = "month", .start = "2026-03-01",
                      .end = "2026-03-31"};
    for (int i = 0; i < 4; i++)
        create_target(w.b.dorota, &t[i]);
    create_target(w.b.zofia, &t[4]);
    /* Sales on the edges: the last second before each period, its first, its last, the
     * first after it. */
    for (int i = 0; i < 2; i++) {
        world_signed(&w, w.b.anna, w.b.deposit, 1000, "2026-02-28T23:59:59Z");
        world_signed(&w, w.b.anna, w.b.deposit, 2000, "2026-03-01T00:00:00Z");
        world_signed(&w, w.b.anna, w.b.deposit, 4000, "2026-03-31T23:59:59Z");
        world_signed(&w, w.b.anna, w.b.deposit, 8000, "2026-04-01T00:00:00Z");
        world_signed(&w, w.marek, w.b.deposit, 16000, "2025-12-31T23:59:59Z");
        world_signed(&w, w.marek, w.b.deposit, 32000, "2026-01-01T00:00:00Z");
        world_signed(&w, w.marek, w.b.loan, 64000, "2026-03-31T23:59:59Z");
        world_signed(&w, w.b.jan, w.b.loan, 128000, "2026-12-31T23:59:59Z");
        world_signed(&w, w.b.jan, w.b.loan, 256000, "2027-01-01T00:00:00Z");
        world_signed(&w, w.b.piotr, w.b.account, 512000, "2026-03-01T00:00:00Z");
        world_signed(&w, w.b.piotr, w.b.account, 1024000, "2026-04-01T00:00:00Z");
    }
    world_read(&w);

    /* The director of branch A: the branch's targets and its people's. */
    profile_get(w.b.dorota, QUERY ",metric&measures=target_count,actual_count,target_amount,"
                            "actual_amount,achievement", &r);
    check(&w, &r, (const target_t *const[]){&t[0], &t[1], &t[2], &t[3]}, 4, units_a, units_b);
    /* The edges counted: Anna's March holds her 2 x (first and last second) and the quarter
     * the savings of both edges of the team's advisor; the year the loans of its last second. */
    assert_true(expected(&w, &t[0], units_a) >= 4);
    crm_test_response_free(&r);

    /* The other branch's director: hers only; the board: all, with the same actuals. */
    profile_get(w.b.zofia, QUERY ",metric&measures=target_count,actual_count,target_amount,"
                           "actual_amount,achievement", &r);
    check(&w, &r, (const target_t *const[]){&t[4]}, 1, units_a, units_b);
    crm_test_response_free(&r);
    profile_get(w.b.board, QUERY ",metric&measures=target_count,actual_count,target_amount,"
                           "actual_amount,achievement", &r);
    check(&w, &r, (const target_t *const[]){&t[0], &t[1], &t[2], &t[3], &t[4]}, 5, units_a,
          units_b);
    crm_test_response_free(&r);

    /* Anna reads her unit's targets, but sees only her own beside her sales. */
    profile_get(w.b.anna, QUERY ",metric&measures=target_count,actual_count,target_amount,"
                          "actual_amount,achievement", &r);
    check(&w, &r, (const target_t *const[]){&t[0]}, 1, units_a, units_b);
    crm_test_response_free(&r);

    /* from/to take the targets whose period overlaps them; filter= narrows them. */
    profile_get(w.b.board, QUERY "&from=2026-04-01&to=2026-06-30", &r);
    check(&w, &r, (const target_t *const[]){&t[2]}, 1, units_a, units_b);
    crm_test_response_free(&r);
    profile_get(w.b.dorota, QUERY "&filter=%7B%22period%22%3A%22quarter%22%7D", &r);
    check(&w, &r, (const target_t *const[]){&t[1]}, 1, units_a, units_b);
    crm_test_response_free(&r);

    /* The targets are read in pages of 500 after the last id read: the list's language. */
    {
        char path[200];

        snprintf(path, sizeof path,
                 "/api/v1/sales_target?sort=id&filter=%%7B%%22id%%22%%3A%%7B%%22%%24gt%%22%%3A%%22%s"
                 "%%22%%7D%%7D",
                 t[0].id);
        profile_get(w.b.board, path, &r);
        assert_int_equal(clients_test_count(&r, "items"), 4);
        crm_test_response_free(&r);
    }
    /* The default columns name the target's unit, employee, period and product. */
    profile_get(w.b.dorota, "/api/v1/reports/retail_targets", &r);
    assert_string_equal(crm_test_json_string(&r, "columns.0.name"), "unit");
    assert_string_equal(crm_test_json_string(&r, "columns.0.role"), "dim");
    assert_string_equal(crm_test_json_string(&r, "rows.0.3"), "2026-01-01");
    assert_string_equal(crm_test_json_string(&r, "report"), "retail_targets");
    /* The unit and the employee come with their names (the core adds them). */
    assert_string_equal(crm_test_json_string(&r, "columns.0.ref"), "org_units");
    assert_string_equal(crm_test_json_string(&r, "columns.1.ref"), "users");
    {
        char path[80];

        snprintf(path, sizeof path, "columns.1.names.%s", crm_test_user_id(w.b.anna));
        assert_string_equal(crm_test_json_string(&r, path), "anna");
    }
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(w.b.dorota, "GET",
                                      "/api/v1/reports/retail_targets?dims=segment", NULL, &r),
                     400);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(w.b.dorota, "GET",
                                      "/api/v1/reports/retail_targets?from=2026-01-01&"
                                      "to=2026-03-31&compare=prev",
                                      NULL, &r),
                     400);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(w.b.dorota, "GET",
                                      "/api/v1/reports/retail_targets?filter=%7Boops", NULL, &r),
                     400);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(w.b.tomasz, "GET", "/api/v1/reports/retail_targets", NULL,
                                      &r),
                     403);
    crm_test_response_free(&r);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(targets_meet_what_was_signed_in_their_periods_to_the_second),
    };

    retail_test_config = world_config;
    return retail_test_main(argc, argv, "retail_reports_targets", tests,
                            sizeof tests / sizeof tests[0]);
}
