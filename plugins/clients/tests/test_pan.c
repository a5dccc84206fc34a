/* Card numbers are never stored: which masked numbers a card accepts, and which free text is
 * refused for holding a full card number. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "pan-private.h"

#include <string.h>

static void
masked_numbers_are_accepted_and_full_ones_refused(void **state)
{
    static const char *const accepted[] = {"537512******1234", "5375 12** **** 1234",
                                           "****1234", "XXXX-XXXX-XXXX-1234", "4111 11## #### 1111"};
    static const struct {
        const char *in, *why;
    } refused[] = {
        {"5375123412341234", "full card number"},
        {"5375 1234 1234 1234", "full card number"},
        {"4111-1111-1111-1111", "full card number"},
        {"4111111111111", "full card number"},      /* 13 digits */
        {"4111111111111111111", "full card number"}, /* 19 digits */
        {"1234", "must be masked"},
        {"53751234****1234", "first six and the last four"},
        {"537512******1234 exp 12/29", "only digits"},
        {"537512*****************1234", "longer than a card number"},
    };
    char why[CLIENTS_PAN_WHY];

    (void)state;
    for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++)
        assert_true(clients_pan_masked_ok(accepted[i], why));
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        why[0] = '\0';
        assert_false(clients_pan_masked_ok(refused[i].in, why));
        assert_non_null(strstr(why, refused[i].why));
    }
    assert_false(clients_pan_masked_ok("5375123412341234", NULL));
}

static void
free_text_with_a_card_number_is_caught_and_ordinary_numbers_are_not(void **state)
{
    (void)state;
    assert_true(clients_pan_in_text("client read his card 4111 1111 1111 1111 over the phone"));
    assert_true(clients_pan_in_text("4111-1111-1111-1111"));
    assert_true(clients_pan_in_text("card:5555555555554444."));
    /* Phone numbers, account numbers (IBAN, 26 digits), dates and amounts pass. */
    assert_false(clients_pan_in_text("call back on +48 600 100 200 after 12:00"));
    assert_false(clients_pan_in_text("PL61 1090 1014 0000 0712 1981 2874"));
    assert_false(clients_pan_in_text("61109010140000071219812874"));
    assert_false(clients_pan_in_text("paid 1500 on 2026-03-01, ref 4111 1111 1111 1112"));
    assert_false(clients_pan_in_text("537512******1234"));
    assert_false(clients_pan_in_text(""));
    assert_false(clients_pan_in_text(NULL));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(masked_numbers_are_accepted_and_full_ones_refused),
        cmocka_unit_test(free_text_with_a_card_number_is_caught_and_ordinary_numbers_are_not),
    };

    return cmocka_run_group_tests_name("clients_pan", tests, NULL, NULL);
}
