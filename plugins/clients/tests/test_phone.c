/* Phone numbers as people write them, and what the clients plugin stores for them (E.164), or
 * why it refuses them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "phone-private.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *in;
    const char *default_cc; /* NULL: international numbers only */
    const char *e164;       /* NULL: refused */
    const char *why;        /* part of the reason when refused */
} phone_case_t;

static const phone_case_t cases[] = {
    /* One Polish mobile number, written every common way. */
    {"+48 600-100-200", "48", "+48600100200", NULL},
    {"+48600100200", "48", "+48600100200", NULL},
    {"0048600100200", "48", "+48600100200", NULL},
    {"0048 600 100 200", "48", "+48600100200", NULL},
    {"600 100 200", "48", "+48600100200", NULL},
    {"600100200", "48", "+48600100200", NULL},
    {"48 600 100 200", "48", "+48600100200", NULL},
    {"  (+48) 600.100.200 ", "48", "+48600100200", NULL},
    {"+48 (0) 600 100 200", "48", "+48600100200", NULL},
    /* Landlines: area codes in parentheses, the old trunk zero. */
    {"(22) 555 12 34", "48", "+48225551234", NULL},
    {"0 22 555 12 34", "48", "+48225551234", NULL},
    {"22/555-12-34", "48", "+48225551234", NULL},
    /* Other countries, whatever the default. */
    {"+1 (415) 555-2671", "48", "+14155552671", NULL},
    {"+44 (0)20 7946 0958", "48", "+442079460958", NULL},
    {"+380 44 123 4567", "48", "+380441234567", NULL},
    {"07700 900123", "44", "+447700900123", NULL},
    {"06 1234 5678", "39", "+390612345678", NULL},
    /* Refused, with the reason. */
    {"+48 600 100 20", "48", NULL, "has 8 digits after +48, which needs 9"},
    {"600 100 2000", "48", NULL, "has 10 digits after +48, which needs 9"},
    {"600 100 200", NULL, NULL, "country code"},
    {"600 100 200", "", NULL, "country code"},
    {"12ab34", "48", NULL, "only digits"},
    {"600 100 200 ext. 5", "48", NULL, "only digits"},
    {"+0048600100200", "48", NULL, "country code"},
    {"", "48", NULL, "no digits"},
    {"  - ", "48", NULL, "no digits"},
    {"+", "48", NULL, "no digits"},
    {"+49 30 12", "48", NULL, "too short"},
    {"+49 3012 3456 7890 1234", "48", NULL, "more than 15 digits"},
    {"1234567890123456789012345678901234567890123456789012345678901234", "48", NULL, "too long"},
    {"++48600100200", "48", NULL, "only digits"},
    {"+48 600+100", "48", NULL, "only digits"},
};

static void
numbers_written_any_common_way_become_e164_or_are_refused_with_a_reason(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[CLIENTS_PHONE_MAX], why[CLIENTS_PHONE_WHY] = "";
        bool ok = clients_phone_normalise(cases[i].in, cases[i].default_cc, out, why);

        print_message("%-40s -> %s %s\n", cases[i].in, ok ? out : "refused", ok ? "" : why);
        if (cases[i].e164) {
            assert_true(ok);
            assert_string_equal(out, cases[i].e164);
        } else {
            assert_false(ok);
            assert_string_equal(out, "");
            assert_non_null(strstr(why, cases[i].why));
        }
    }
}

static void
a_refusal_without_room_for_the_reason_still_refuses(void **state)
{
    char out[CLIENTS_PHONE_MAX];

    (void)state;
    assert_false(clients_phone_normalise("abc", "48", out, NULL));
    assert_false(clients_phone_normalise(NULL, "48", out, NULL));
}

static void
calling_codes_are_one_to_three_digits_not_starting_with_zero(void **state)
{
    (void)state;
    assert_true(clients_phone_cc_valid("48"));
    assert_true(clients_phone_cc_valid("1"));
    assert_true(clients_phone_cc_valid("380"));
    assert_false(clients_phone_cc_valid(""));
    assert_false(clients_phone_cc_valid(NULL));
    assert_false(clients_phone_cc_valid("048"));
    assert_false(clients_phone_cc_valid("+48"));
    assert_false(clients_phone_cc_valid("4812"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers_written_any_common_way_become_e164_or_are_refused_with_a_reason),
        cmocka_unit_test(a_refusal_without_room_for_the_reason_still_refuses),
        cmocka_unit_test(calling_codes_are_one_to_three_digits_not_starting_with_zero),
    };

    return cmocka_run_group_tests_name("clients_phone", tests, NULL, NULL);
}
