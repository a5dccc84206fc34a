/* Cron parsing and next-run computation, and what crm_job_register refuses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "common/timefmt-private.h"
#include "job/jobs-impl-private.h"

#include <stdio.h>
#include <string.h>

static int64_t
at(const char *iso)
{
    int64_t ms = 0;

    assert_true(crm__datetime_parse(iso, &ms));
    return ms;
}

/* Asserts that EXPR's next time after AFTER is EXPECTED (both ISO). */
static void
check_next(const char *expr, const char *after, const char *expected)
{
    crm__cron_t cron;
    crm_error_t error = {0};
    char got[25];
    int64_t next;

    assert_int_equal(crm__cron_parse(expr, &cron, &error), 0);
    next = crm__cron_next(&cron, at(after));
    crm__datetime_format(next, got);
    if (strcmp(got, expected) != 0)
        fail_msg("cron '%s' after %s: expected %s, got %s", expr, after, expected, got);
}

static void
check_refused(const char *expr, const char *message)
{
    crm__cron_t cron;
    crm_error_t error = {0};

    assert_int_equal(crm__cron_parse(expr, &cron, &error), CRM_EINVAL);
    if (!strstr(error.message, message))
        fail_msg("cron '%s': expected a message with \"%s\", got \"%s\"", expr, message,
                 error.message);
}

static void
cron_every_minute_is_the_next_whole_minute(void **state)
{
    (void)state;
    check_next("* * * * *", "2026-03-01T10:15:30Z", "2026-03-01T10:16:00.000Z");
    check_next("* * * * *", "2026-03-01T10:15:00Z", "2026-03-01T10:16:00.000Z");
}

static void
cron_daily_time_rolls_over_month_and_year_ends(void **state)
{
    (void)state;
    check_next("0 6 * * *", "2026-01-31T07:00:00Z", "2026-02-01T06:00:00.000Z");
    check_next("0 6 * * *", "2026-12-31T06:00:00Z", "2027-01-01T06:00:00.000Z");
    check_next("30 23 31 * *", "2026-04-01T00:00:00Z", "2026-05-31T23:30:00.000Z");
}

static void
cron_february_29_waits_for_a_leap_year(void **state)
{
    (void)state;
    check_next("0 0 29 2 *", "2025-03-01T00:00:00Z", "2028-02-29T00:00:00.000Z");
    check_next("0 0 29 feb *", "2024-02-28T12:00:00Z", "2024-02-29T00:00:00.000Z");
    /* 2100 is not a leap year. */
    check_next("0 0 29 2 *", "2096-03-01T00:00:00Z", "2104-02-29T00:00:00.000Z");
}

static void
cron_last_days_of_months_are_right(void **state)
{
    (void)state;
    check_next("0 12 30 * *", "2026-01-30T13:00:00Z", "2026-03-30T12:00:00.000Z");
    check_next("0 0 * * *", "2024-02-28T01:00:00Z", "2024-02-29T00:00:00.000Z");
    check_next("0 0 * * *", "2026-02-28T01:00:00Z", "2026-03-01T00:00:00.000Z");
}

static void
cron_day_of_week_alone_matches_weekdays(void **state)
{
    (void)state;
    /* 2026-11-22 is a Sunday. */
    check_next("0 9 * * mon", "2026-11-22T00:00:00Z", "2026-11-23T09:00:00.000Z");
    check_next("0 9 * * 1-5", "2026-11-21T10:00:00Z", "2026-11-23T09:00:00.000Z");
    check_next("0 9 * * 0", "2026-11-21T10:00:00Z", "2026-11-22T09:00:00.000Z");
    check_next("0 9 * * 7", "2026-11-21T10:00:00Z", "2026-11-22T09:00:00.000Z");
    check_next("0 9 * * SAT,sun", "2026-11-23T10:00:00Z", "2026-11-28T09:00:00.000Z");
}

static void
cron_both_day_fields_restricted_match_either(void **state)
{
    (void)state;
    /* The 13th or any Friday: 2026-11-13 is a Friday, 2026-11-20 the next one. */
    check_next("0 0 13 * 5", "2026-11-13T00:00:00Z", "2026-11-20T00:00:00.000Z");
    check_next("0 0 13 * 5", "2026-11-27T00:00:00Z", "2026-12-04T00:00:00.000Z");
    check_next("0 0 1 * mon", "2026-11-23T00:00:00Z", "2026-11-30T00:00:00.000Z");
    check_next("0 0 1 * mon", "2026-11-30T00:00:00Z", "2026-12-01T00:00:00.000Z");
}

static void
cron_lists_ranges_and_steps_expand(void **state)
{
    (void)state;
    check_next("*/15 * * * *", "2026-03-01T10:46:00Z", "2026-03-01T11:00:00.000Z");
    check_next("5-20/5 * * * *", "2026-03-01T10:16:00Z", "2026-03-01T10:20:00.000Z");
    check_next("5-20/5 * * * *", "2026-03-01T10:20:00Z", "2026-03-01T11:05:00.000Z");
    check_next("10/20 * * * *", "2026-03-01T10:31:00Z", "2026-03-01T10:50:00.000Z");
    check_next("0 8,12,18 * * *", "2026-03-01T12:00:00Z", "2026-03-01T18:00:00.000Z");
    check_next("0 0 1 */3 *", "2026-02-01T00:00:00Z", "2026-04-01T00:00:00.000Z");
    check_next("0 0 1 jan-mar,oct *", "2026-03-02T00:00:00Z", "2026-10-01T00:00:00.000Z");
}

static void
cron_bad_expressions_name_the_field(void **state)
{
    (void)state;
    check_refused("0 25 * * *", "cron '0 25 * * *': the hour field '25' is out of range 0..23");
    check_refused("60 * * * *", "the minute field '60' is out of range 0..59");
    check_refused("0 0 0 * *", "the day-of-month field '0' is out of range 1..31");
    check_refused("0 0 * 13 *", "the month field '13' is out of range 1..12");
    check_refused("0 0 * * 8", "the day-of-week field '8' is out of range 0..7");
    check_refused("0 0 * * fry", "the day-of-week field 'fry' is not a value, range, step or list");
    check_refused("x * * * *", "the minute field 'x' is not");
    check_refused("1,,2 * * * *", "the minute field '1,,2' is not");
    check_refused("*/0 * * * *", "the minute field '*/0' is out of range");
    check_refused("30-10 * * * *", "the minute field '30-10' is out of range");
    check_refused("* * * *", "expected 5 fields");
    check_refused("* * * * * *", "expected 5 fields");
    check_refused("0 0 30 2 *", "never occurs");
}

static int
noop(crm_job_run_t *run, void *data, crm_error_t *error)
{
    (void)run;
    (void)data;
    (void)error;
    return 0;
}

static void
register_refuses_bad_definitions(void **state)
{
    crm_job_def_t def = {.size = sizeof def, .id = "ok_job", .every_seconds = 1, .run = noop};
    crm_error_t error = {0};

    (void)state;
    def.id = "Bad";
    assert_int_equal(crm_job_register(NULL, &def, &error), CRM_EINVAL);
    assert_non_null(strstr(error.message, "job id 'Bad'"));
    def.id = "ok_job";
    def.cron = "0 0 * * *";
    assert_int_equal(crm_job_register(NULL, &def, &error), CRM_EINVAL);
    assert_non_null(strstr(error.message, "exactly one of"));
    def.every_seconds = 0;
    def.cron = NULL;
    assert_int_equal(crm_job_register(NULL, &def, &error), CRM_EINVAL);
    def.cron = "0 24 * * *";
    assert_int_equal(crm_job_register(NULL, &def, &error), CRM_EINVAL);
    assert_non_null(strstr(error.message, "job 'ok_job': cron '0 24 * * *': the hour field"));
    def.cron = "0 6 * * *";
    def.run = NULL;
    assert_int_equal(crm_job_register(NULL, &def, &error), CRM_EINVAL);
}

static void
register_accepts_once_and_refuses_a_duplicate(void **state)
{
    static const crm_job_def_t def = {
        .size = sizeof def, .id = "unit_job", .cron = "15 6 * * *", .run = noop};
    crm_error_t error = {0};

    (void)state;
    assert_int_equal(crm_job_register(NULL, &def, &error), 0);
    assert_non_null(crm__job_find("unit_job"));
    assert_int_equal(crm_job_register(NULL, &def, &error), CRM_ECONFLICT);
}

static void
next_run_follows_the_schedule_and_skips_long_outages(void **state)
{
    static const crm_job_def_t every = {
        .size = sizeof every, .id = "every7", .every_seconds = 7, .run = noop};
    crm__job_t job = {.def = &every, .id = "every7"};
    crm__job_t daily = {.id = "daily", .has_cron = true};
    crm_error_t error = {0};
    int64_t t = at("2026-03-01T10:00:00Z");

    (void)state;
    /* Interval jobs run on multiples of their interval since the epoch: every instance
     * computes the same times. */
    assert_int_equal(crm__job_next_after(&job, t) % 7000, 0);
    assert_true(crm__job_next_after(&job, t) > t);
    assert_true(crm__job_next_after(&job, t) <= t + 7000);
    /* A run finishing on time schedules the next interval... */
    assert_int_equal(crm__job_next_run(&job, 7000 * 1000, 7000 * 1000 + 300), 7000 * 1001);
    /* ... one a little late still keeps the missed time, so no time is skipped ... */
    assert_int_equal(crm__job_next_run(&job, 7000 * 1000, 7000 * 1002), 7000 * 1001);
    /* ... but after an outage the times missed are not made up. */
    assert_int_equal(crm__job_next_run(&job, 7000 * 1000, 7000 * 1000 + 3600000),
                     7000 * 1000 + 3600000 + 7000 - (3600000 % 7000));

    assert_int_equal(crm__cron_parse("0 6 * * *", &daily.cron, &error), 0);
    assert_int_equal(
        crm__job_next_run(&daily, at("2026-03-01T06:00:00Z"), at("2026-03-01T06:00:02Z")),
        at("2026-03-02T06:00:00Z"));
    /* A run late by hours (crmd was down at 06:00) is followed by tomorrow's. */
    assert_int_equal(
        crm__job_next_run(&daily, at("2026-03-01T06:00:00Z"), at("2026-03-01T09:00:00Z")),
        at("2026-03-02T06:00:00Z"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cron_every_minute_is_the_next_whole_minute),
        cmocka_unit_test(cron_daily_time_rolls_over_month_and_year_ends),
        cmocka_unit_test(cron_february_29_waits_for_a_leap_year),
        cmocka_unit_test(cron_last_days_of_months_are_right),
        cmocka_unit_test(cron_day_of_week_alone_matches_weekdays),
        cmocka_unit_test(cron_both_day_fields_restricted_match_either),
        cmocka_unit_test(cron_lists_ranges_and_steps_expand),
        cmocka_unit_test(cron_bad_expressions_name_the_field),
        cmocka_unit_test(register_refuses_bad_definitions),
        cmocka_unit_test(register_accepts_once_and_refuses_a_duplicate),
        cmocka_unit_test(next_run_follows_the_schedule_and_skips_long_outages),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
