/* The rules behind segments and lifecycle phases on a fixed clock: the exact day a client
 * turns dormant or lost, ages around birthdays, and the first matching segmentation rule. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "rules-private.h"

#include <string.h>

#define DAY CLIENTS_MS_PER_DAY

/* 2026-06-15T12:00:00Z */
static const int64_t now = INT64_C(1781524800000);

static const clients_lifecycle_criteria_t criteria = {
    .dormant_after_days = 90, .lost_after_days = 365, .developed_min_products = 3};

/* A client holding ACTIVE active accounts (of ACCOUNTS), last active IDLE ms before now. */
static clients_facts_t
holder(int active, int accounts, int64_t idle)
{
    clients_facts_t f;

    memset(&f, 0, sizeof f);
    f.status = "active";
    f.income_band = f.revenue_band = -1;
    f.have_products = true;
    f.active_accounts = active;
    f.accounts = accounts;
    f.last_activity = now - idle;
    return f;
}

static void
the_clock_is_the_one_given(void **state)
{
    (void)state;
    assert_int_equal(now % DAY, DAY / 2);
    assert_int_equal(now / DAY, 20619); /* days from 1970-01-01 to 2026-06-15 */
}

static void
a_client_turns_dormant_only_after_the_configured_days(void **state)
{
    clients_facts_t f;

    (void)state;
    f = holder(1, 1, 90 * DAY);
    assert_string_equal(clients_lifecycle_phase(&criteria, &f, now), "developing");
    f = holder(1, 1, 90 * DAY + 1);
    assert_string_equal(clients_lifecycle_phase(&criteria, &f, now), "dormant");
    /* The same client on a clock a day earlier is not dormant yet. */
    assert_string_equal(clients_lifecycle_phase(&criteria, &f, now - DAY), "developing");
}

static void
a_client_is_lost_only_after_the_configured_days(void **state)
{
    clients_facts_t f;

    (void)state;
    f = holder(3, 3, 365 * DAY);
    assert_string_equal(clients_lifecycle_phase(&criteria, &f, now), "dormant");
    f = holder(3, 3, 365 * DAY + 1);
    assert_string_equal(clients_lifecycle_phase(&criteria, &f, now), "lost");
    f.last_activity = 0; /* nothing ever */
    assert_string_equal(clients_lifecycle_phase(&criteria, &f, now), "lost");
}

static void
products_make_a_client_developed_and_their_absence_dormant(void **state)
{
    clients_facts_t f;

    (void)state;
    f = holder(2, 2, DAY);
    assert_string_equal(clients_lifecycle_phase(&criteria, &f, now), "developing");
    f = holder(3, 4, DAY);
    assert_string_equal(clients_lifecycle_phase(&criteria, &f, now), "developed");
    f = holder(0, 4, DAY); /* all closed, yet recently in touch */
    assert_string_equal(clients_lifecycle_phase(&criteria, &f, now), "dormant");
    f = holder(0, 0, DAY);
    assert_string_equal(clients_lifecycle_phase(&criteria, &f, now), "developing");
    f.status = "potential";
    assert_string_equal(clients_lifecycle_phase(&criteria, &f, now), "potential");
    f = holder(5, 5, DAY);
    f.status = "former";
    assert_string_equal(clients_lifecycle_phase(&criteria, &f, now), "lost");
}

static void
ages_turn_on_the_birthday(void **state)
{
    const int64_t born = INT64_C(-1000) * DAY; /* 1967-04-07 */
    const int64_t leap = INT64_C(11016) * DAY; /* 2000-02-29 */

    (void)state;
    assert_int_equal(clients_age_years(born, now), 59);
    assert_int_equal(clients_age_years(born, INT64_C(20549) * DAY), 58); /* 2026-04-06 */
    assert_int_equal(clients_age_years(born, INT64_C(20550) * DAY), 59); /* 2026-04-07 */
    assert_int_equal(clients_age_years(leap, INT64_C(20512) * DAY), 25); /* 2026-02-28 */
    assert_int_equal(clients_age_years(leap, INT64_C(20513) * DAY), 26); /* 2026-03-01 */
    assert_int_equal(clients_age_years(now, born), 0);
}

static int loads;

static bool
two_investments(clients_facts_t *facts, void *data)
{
    (void)data;
    loads++;
    facts->products[4] = 2; /* the fifth product type: investment */
    facts->active_accounts = 2;
    return true;
}

static void
the_first_matching_rule_gives_the_segment(void **state)
{
    clients_segment_rule_t rules[4];
    clients_facts_t f;

    (void)state;
    memset(rules, 0, sizeof rules);
    for (int i = 0; i < 4; i++)
        rules[i].min_age = rules[i].max_age = rules[i].min_products = -1;
    rules[0].segment = "private";
    rules[0].kind = CLIENTS_INDIVIDUAL;
    rules[0].products[4] = 3;
    rules[1].segment = "affluent";
    rules[1].products[4] = 1;
    rules[1].min_age = 30;
    rules[1].regions[0] = "Malopolska";
    rules[2].segment = "sme";
    rules[2].kind = CLIENTS_ORGANISATION;
    rules[3].segment = "mass";
    rules[3].income_bands = 1u << 0 | 1u << 1;

    memset(&f, 0, sizeof f);
    f.kind = CLIENTS_INDIVIDUAL;
    f.income_band = 1;
    f.region = "malopolska";
    f.have_born = true;
    f.born_ms = INT64_C(-1000) * DAY;
    loads = 0;
    /* Two investments: not private, affluent (products loaded once, for the first rule). */
    assert_string_equal(clients_segment_match(rules, 4, &f, now, two_investments, NULL)->segment,
                        "affluent");
    assert_int_equal(loads, 1);
    /* Too young for affluent: mass. */
    f.have_products = false;
    assert_string_equal(clients_segment_match(rules, 4, &f, INT64_C(-1000) * DAY + 29 * 366 * DAY,
                                              two_investments, NULL)
                            ->segment,
                        "mass");
    /* Products that cannot be read match no product rule. */
    f.have_products = false;
    assert_string_equal(clients_segment_match(rules, 4, &f, now, NULL, NULL)->segment, "mass");
    /* Nothing matches: no segment. */
    f.income_band = 5;
    f.region = "Slask";
    f.have_products = true;
    assert_null(clients_segment_match(rules, 4, &f, now, NULL, NULL));
    f.kind = CLIENTS_ORGANISATION;
    assert_string_equal(clients_segment_match(rules, 4, &f, now, NULL, NULL)->segment, "sme");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_clock_is_the_one_given),
        cmocka_unit_test(a_client_turns_dormant_only_after_the_configured_days),
        cmocka_unit_test(a_client_is_lost_only_after_the_configured_days),
        cmocka_unit_test(products_make_a_client_developed_and_their_absence_dormant),
        cmocka_unit_test(ages_turn_on_the_birthday),
        cmocka_unit_test(the_first_matching_rule_gives_the_segment),
    };

    return cmocka_run_group_tests_name("clients_rules", tests, NULL, NULL);
}
