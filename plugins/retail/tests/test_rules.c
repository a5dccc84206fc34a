/* The retail rules on a fixed clock: stage moves, commissions and weighted amounts and their
 * rounding, the periods of sales targets, the renewal window and outcome, the exact day an
 * opportunity gets stuck, and the next-best-offer matrix. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "rules-private.h"

#include <string.h>
#include <time.h>

#define DAY RETAIL_MS_PER_DAY
#define LIST(...) ((const char *const[]){__VA_ARGS__, NULL})

/* 2026-06-15T12:00:00Z */
static const int64_t now = INT64_C(1781524800000);
/* 2026-06-15T00:00:00Z */
static const int64_t today = INT64_C(1781481600000);

static void
the_clock_is_the_one_given(void **state)
{
    (void)state;
    assert_int_equal(now / DAY, 20619); /* days from 1970-01-01 to 2026-06-15 */
    assert_int_equal(retail_day_start(now), today);
    assert_int_equal(retail_day_start(today), today);
}

static void
stages_move_between_open_ones_and_end_in_signed_or_lost(void **state)
{
    (void)state;
    assert_int_equal(retail_stage_parse("application"), RETAIL_APPLICATION);
    assert_int_equal(retail_stage_parse("won"), -1);
    assert_string_equal(retail_stage_name(RETAIL_LOST), "lost");
    assert_null(retail_stage_move_refused(RETAIL_LEAD, RETAIL_APPLICATION));
    assert_null(retail_stage_move_refused(RETAIL_OFFER, RETAIL_QUALIFIED));
    assert_null(retail_stage_move_refused(RETAIL_LEAD, RETAIL_SIGNED));
    assert_null(retail_stage_move_refused(RETAIL_QUALIFIED, RETAIL_LOST));
    assert_null(retail_stage_move_refused(RETAIL_SIGNED, RETAIL_SIGNED));
    assert_non_null(retail_stage_move_refused(RETAIL_SIGNED, RETAIL_OFFER));
    assert_non_null(retail_stage_move_refused(RETAIL_SIGNED, RETAIL_LOST));
    assert_non_null(strstr(retail_stage_move_refused(RETAIL_LOST, RETAIL_LEAD), "reopened"));
    assert_int_equal(retail_whole_days(now - 3 * DAY - 1, now), 3);
    assert_int_equal(retail_whole_days(now - 3 * DAY + 1, now), 2);
    assert_int_equal(retail_whole_days(now, now - DAY), 0);
}

static void
rates_are_exact_decimals_from_0_to_1(void **state)
{
    int64_t r = -1;

    (void)state;
    assert_true(retail_rate_parse("0.0020", &r));
    assert_int_equal(r, 2000000);
    assert_true(retail_rate_parse("0.015", &r));
    assert_int_equal(r, 15000000);
    assert_true(retail_rate_parse("1", &r));
    assert_int_equal(r, RETAIL_RATE_SCALE);
    assert_true(retail_rate_parse("0.000000001", &r));
    assert_int_equal(r, 1);
    assert_true(retail_rate_parse("0", &r));
    assert_int_equal(r, 0);
    assert_false(retail_rate_parse("0.0000000001", &r)); /* ten decimals */
    assert_false(retail_rate_parse("1.5", &r));
    assert_false(retail_rate_parse("2", &r));
    assert_false(retail_rate_parse("-0.1", &r));
    assert_false(retail_rate_parse("0,2", &r));
    assert_false(retail_rate_parse("0.", &r));
    assert_false(retail_rate_parse(".5", &r));
    assert_false(retail_rate_parse("", &r));
    assert_false(retail_rate_parse(NULL, &r));
}

static void
a_commission_is_rounded_to_the_minor_unit_halves_up(void **state)
{
    int64_t rate, c = -1;

    (void)state;
    assert_true(retail_rate_parse("0.0020", &rate));
    /* 12 345.67 PLN x 0.2% = 24.69134 PLN -> 24.69 */
    assert_true(retail_commission(1234567, rate, &c));
    assert_int_equal(c, 2469);
    /* 2.50 PLN x 0.2% = 0.005 -> 0.01 (half up); 2.49 -> 0.00498 -> 0.00 */
    assert_true(retail_commission(250, rate, &c));
    assert_int_equal(c, 1);
    assert_true(retail_commission(249, rate, &c));
    assert_int_equal(c, 0);
    assert_true(retail_rate_parse("0.015", &rate));
    assert_true(retail_commission(3000000, rate, &c));
    assert_int_equal(c, 45000);
    /* Large amounts stay exact: 9e15 minor units x 1.5% */
    assert_true(retail_commission(INT64_C(9000000000000000), rate, &c));
    assert_int_equal(c, INT64_C(135000000000000));
    assert_true(retail_commission(INT64_MAX, RETAIL_RATE_SCALE, &c));
    assert_int_equal(c, INT64_MAX);
    assert_false(retail_commission(-1, rate, &c));
    assert_true(retail_commission(0, rate, &c));
    assert_int_equal(c, 0);
}

static void
a_weighted_amount_is_exact_and_rounded_halves_up(void **state)
{
    int64_t w = -1;

    (void)state;
    /* 1.50 x 25% = 0.375 -> 0.38; 1.49 x 50% = 0.745 -> 0.75; 0.01 x 49% -> 0.00 */
    assert_true(retail_weighted(150, 25, &w));
    assert_int_equal(w, 38);
    assert_true(retail_weighted(149, 50, &w));
    assert_int_equal(w, 75);
    assert_true(retail_weighted(1, 49, &w));
    assert_int_equal(w, 0);
    assert_true(retail_weighted(1, 50, &w));
    assert_int_equal(w, 1);
    /* The ends: all of it, none of it, and the largest amount, exactly. */
    assert_true(retail_weighted(1234567, 100, &w));
    assert_int_equal(w, 1234567);
    assert_true(retail_weighted(1234567, 0, &w));
    assert_int_equal(w, 0);
    assert_true(retail_weighted(INT64_MAX, 100, &w));
    assert_int_equal(w, INT64_MAX);
    assert_true(retail_weighted(INT64_MAX, 75, &w));
    assert_int_equal(w, INT64_C(6917529027641081855)); /* 9223372036854775807 x 3 / 4 */
    assert_false(retail_weighted(-1, 50, &w));
    assert_false(retail_weighted(100, 101, &w));
    assert_false(retail_weighted(100, -1, &w));
}

static void
a_products_own_rate_beats_its_lines(void **state)
{
    static const retail_rate_t rates[] = {
        {.line = "savings", .rate = 1000000},
        {.product = "DEP-12M", .rate = 2000000},
        {.line = "cash loans", .rate = 15000000},
        {.product = "DEP-12M", .rate = 9},
    };

    (void)state;
    assert_int_equal(retail_rate_find(rates, 4, "DEP-12M", "savings")->rate, 2000000);
    assert_int_equal(retail_rate_find(rates, 4, "DEP-3M", "savings")->rate, 1000000);
    assert_int_equal(retail_rate_find(rates, 4, NULL, "cash loans")->rate, 15000000);
    assert_null(retail_rate_find(rates, 4, "CARD", "cards"));
    assert_null(retail_rate_find(rates, 4, NULL, NULL));
}

/* UTC midnight of Y-M-D. */
static int64_t
date(int y, int m, int d)
{
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};

    return (int64_t)timegm(&tm) * 1000;
}

static void
a_period_starts_on_its_first_day_and_ends_on_its_last(void **state)
{
    int64_t end = 0;

    (void)state;
    assert_true(retail_period_end(RETAIL_MONTH, date(2028, 2, 1), &end));
    assert_int_equal(end, date(2028, 2, 29)); /* a leap year */
    assert_true(retail_period_end(RETAIL_MONTH, date(2026, 2, 1), &end));
    assert_int_equal(end, date(2026, 2, 28));
    assert_true(retail_period_end(RETAIL_MONTH, date(2026, 12, 1), &end));
    assert_int_equal(end, date(2026, 12, 31));
    assert_true(retail_period_end(RETAIL_QUARTER, date(2026, 10, 1), &end));
    assert_int_equal(end, date(2026, 12, 31));
    assert_true(retail_period_end(RETAIL_QUARTER, date(2026, 4, 1), &end));
    assert_int_equal(end, date(2026, 6, 30));
    assert_true(retail_period_end(RETAIL_YEAR, date(2027, 1, 1), &end));
    assert_int_equal(end, date(2027, 12, 31));
    assert_false(retail_period_end(RETAIL_MONTH, date(2026, 2, 2), &end));
    assert_false(retail_period_end(RETAIL_QUARTER, date(2026, 5, 1), &end));
    assert_false(retail_period_end(RETAIL_YEAR, date(2026, 4, 1), &end));
    assert_false(retail_period_end(RETAIL_MONTH, date(2026, 2, 1) + 3600000, &end));
}

static void
renewals_look_from_today_to_the_horizon(void **state)
{
    int64_t from, to;
    const char *reason;

    (void)state;
    retail_renewal_window(now, 60, &from, &to);
    assert_int_equal(from, today);
    assert_int_equal(to, date(2026, 8, 14));
    retail_renewal_window(today, 1, &from, &to);
    assert_int_equal(to, date(2026, 6, 16));
    assert_string_equal(retail_renewal_outcome(RETAIL_SIGNED, NULL, &reason), "extended");
    assert_null(reason);
    assert_string_equal(retail_renewal_outcome(RETAIL_LOST, "competitor", &reason), "expired");
    assert_string_equal(reason, "competitor");
    assert_string_equal(retail_renewal_outcome(RETAIL_OFFER, NULL, &reason), "expired");
    assert_string_equal(reason, "no decision by maturity");
}

static void
an_opportunity_is_stuck_only_after_more_than_its_stages_days(void **state)
{
    static const int after[RETAIL_OPEN_STAGES] = {14, 14, 10, 0};

    (void)state;
    assert_false(retail_stuck(after, RETAIL_LEAD, now - 14 * DAY, now));
    assert_true(retail_stuck(after, RETAIL_LEAD, now - 14 * DAY - 1, now));
    /* The same opportunity on a clock a day earlier is not stuck yet. */
    assert_false(retail_stuck(after, RETAIL_LEAD, now - 14 * DAY - 1, now - DAY));
    assert_false(retail_stuck(after, RETAIL_OFFER, now - 10 * DAY, now));
    assert_true(retail_stuck(after, RETAIL_OFFER, now - 10 * DAY - 1000, now));
    /* 0 days: that stage never makes anything stuck; closed stages neither. */
    assert_false(retail_stuck(after, RETAIL_APPLICATION, now - 400 * DAY, now));
    assert_false(retail_stuck(after, RETAIL_SIGNED, now - 400 * DAY, now));
    assert_false(retail_stuck(after, RETAIL_LOST, now - 400 * DAY, now));
}

static void
the_first_matching_row_of_the_offer_matrix_wins(void **state)
{
    const retail_offer_rule_t rules[] = {
        {.segment = "mass", .phase = "potential", .products = LIST("ROR-STD", "CARD")},
        {.segment = "mass", .products = LIST("DEP-3M")},
        {.phase = "dormant", .products = LIST("DEP-12M")},
        {.products = LIST("BIZ-ACC")},
    };

    (void)state;
    assert_ptr_equal(retail_offer_match(rules, 4, "mass", "potential"), &rules[0]);
    assert_ptr_equal(retail_offer_match(rules, 4, "mass", "developing"), &rules[1]);
    assert_ptr_equal(retail_offer_match(rules, 4, "mass", NULL), &rules[1]);
    assert_ptr_equal(retail_offer_match(rules, 4, "private", "dormant"), &rules[2]);
    assert_ptr_equal(retail_offer_match(rules, 4, NULL, NULL), &rules[3]);
    assert_null(retail_offer_match(rules, 3, "sme", "developed"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_clock_is_the_one_given),
        cmocka_unit_test(stages_move_between_open_ones_and_end_in_signed_or_lost),
        cmocka_unit_test(rates_are_exact_decimals_from_0_to_1),
        cmocka_unit_test(a_commission_is_rounded_to_the_minor_unit_halves_up),
        cmocka_unit_test(a_weighted_amount_is_exact_and_rounded_halves_up),
        cmocka_unit_test(a_products_own_rate_beats_its_lines),
        cmocka_unit_test(a_period_starts_on_its_first_day_and_ends_on_its_last),
        cmocka_unit_test(renewals_look_from_today_to_the_horizon),
        cmocka_unit_test(an_opportunity_is_stuck_only_after_more_than_its_stages_days),
        cmocka_unit_test(the_first_matching_row_of_the_offer_matrix_wins),
    };

    return cmocka_run_group_tests_name("retail_rules", tests, NULL, NULL);
}
