/* Opportunities over HTTP: creating one, its stages and their timestamps, the lost reason's
 * rules, and who sees what. */
#include "support.h"

#include <stdio.h>
#include <string.h>

static void
an_advisor_creates_an_opportunity_as_a_lead(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char id[25];

    retail_test_bank(*state, &b);
    retail_test_opportunity(b.anna, b.anna_client, b.deposit,
                            "\"amount\":{\"amount\":1000000,\"currency\":\"PLN\"}", id);
    retail_test_get(b.anna, "opportunity", id, &r);
    assert_string_equal(crm_test_json_string(&r, "stage"), "lead");
    assert_string_equal(crm_test_json_string(&r, "client_id"), b.anna_client);
    assert_int_equal(crm_test_json_int(&r, "amount.amount", -1), 1000000);
    assert_string_equal(crm_test_json_string(&r, "org_unit"), b.branch_a);
    crm_test_response_free(&r);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_advisor_creates_an_opportunity_as_a_lead),
    };

    return retail_test_main(argc, argv, "retail_opportunity", tests,
                            sizeof tests / sizeof tests[0]);
}
