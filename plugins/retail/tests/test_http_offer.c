/* The next best offer and the client 360 over HTTP: the configured products for the client's
 * segment and phase, in order, without those held or no longer offered; the 360's retail
 * sections; a client outside the caller's scope is 404. */
#include "support.h"

#include <stdio.h>
#include <string.h>

#define RETAIL_CONFIG                                                                              \
    "retail = { next_best_offer = (\n"                                                             \
    "  { segment = \"mass\"; phase = \"potential\"; products = [\"ROR-STD\", \"CASH-LOAN\"]; },\n" \
    "  { segment = \"mass\"; products = [\"DEP-12M\", \"ROR-STD\", \"INS-LIFE\", \"CASH-LOAN\"]; " \
    "},\n"                                                                                         \
    "  { segment = \"private\"; products = [\"DEP-12M\"]; }\n"                                     \
    "); };\n"

static void
offers(crm_test_session_t *s, const char *client, crm_test_response_t *r)
{
    char path[128];

    snprintf(path, sizeof path, "/api/v1/retail/next-best-offer/%s", client);
    profile_get(s, path, r);
}

static void
the_offer_follows_segment_and_phase_in_order_without_what_is_held(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char active[25], path[96];

    retail_test_bank(*state, &b);
    /* A potential client of the mass segment. */
    offers(b.anna, b.anna_client, &r);
    assert_string_equal(crm_test_json_string(&r, "segment"), "mass");
    assert_string_equal(crm_test_json_string(&r, "lifecycle_phase"), "potential");
    assert_int_equal(clients_test_count(&r, "items"), 2);
    assert_string_equal(clients_test_item(&r, "items", 0, "code"), "ROR-STD");
    assert_string_equal(clients_test_item(&r, "items", 0, "product_id"), b.account);
    assert_string_equal(clients_test_item(&r, "items", 0, "name"), "Personal account");
    assert_int_equal(crm_test_json_int(&r, "items.0.rank", -1), 1);
    assert_string_equal(clients_test_item(&r, "items", 1, "code"), "CASH-LOAN");
    crm_test_response_free(&r);
    clients_test_create(b.anna, "account", NULL,
                        "{\"number\":\"PL1\",\"client_id\":\"%s\",\"product_id\":\"%s\"}",
                        b.anna_client, b.account);
    offers(b.anna, b.anna_client, &r);
    assert_int_equal(clients_test_count(&r, "items"), 1);
    assert_string_equal(clients_test_item(&r, "items", 0, "code"), "CASH-LOAN");
    assert_int_equal(crm_test_json_int(&r, "items.0.rank", -1), 1);
    crm_test_response_free(&r);

    /* An active client: the next row. DEP-12M is held; a closed account is not; INS-LIFE is
     * not in the catalogue; CASH-LOAN is no longer offered. */
    clients_test_create(b.anna, "client", active,
                        "{\"kind\":\"individual\",\"last_name\":\"Wolska\",\"status\":\"active\"}");
    clients_test_create(b.anna, "account", NULL,
                        "{\"number\":\"PL2\",\"client_id\":\"%s\",\"product_id\":\"%s\"}", active,
                        b.deposit);
    clients_test_create(b.anna, "account", NULL,
                        "{\"number\":\"PL3\",\"client_id\":\"%s\",\"product_id\":\"%s\","
                        "\"opened\":\"2020-01-01\",\"closed\":\"2021-01-01\"}",
                        active, b.account);
    offers(b.anna, active, &r);
    assert_string_equal(crm_test_json_string(&r, "lifecycle_phase"), "developing");
    assert_int_equal(clients_test_count(&r, "items"), 2);
    assert_string_equal(clients_test_item(&r, "items", 0, "code"), "ROR-STD");
    assert_string_equal(clients_test_item(&r, "items", 1, "code"), "CASH-LOAN");
    assert_int_equal(crm_test_json_int(&r, "items.1.rank", -1), 2);
    crm_test_response_free(&r);
    snprintf(path, sizeof path, "/api/v1/product/%s", b.loan);
    assert_int_equal(clients_test_send(b.admin, "PATCH", path, &r, "{\"active\":false}"), 200);
    crm_test_response_free(&r);
    offers(b.anna, active, &r);
    assert_int_equal(clients_test_count(&r, "items"), 1);
    assert_string_equal(clients_test_item(&r, "items", 0, "code"), "ROR-STD");
    crm_test_response_free(&r);
}

static void
the_client_360_shows_the_offer_and_open_opportunities_within_scope(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char open[25], lost[25], path[128];

    retail_test_bank(*state, &b);
    retail_test_opportunity(b.anna, b.anna_client, b.deposit, NULL, open);
    retail_test_opportunity(b.anna, b.anna_client, b.loan,
                            "\"stage\":\"lost\",\"lost_reason\":\"resigned\"", lost);
    snprintf(path, sizeof path, "/api/v1/clients/%s/360", b.anna_client);
    profile_get(b.anna, path, &r);
    assert_int_equal(clients_test_count(&r, "sections.opportunities.items"), 1);
    assert_string_equal(clients_test_item(&r, "sections.opportunities.items", 0, "id"), open);
    assert_int_equal(clients_test_count(&r, "sections.next_best_offer.items"), 2);
    assert_string_equal(clients_test_item(&r, "sections.next_best_offer.items", 0, "code"),
                        "ROR-STD");
    assert_int_equal(clients_test_count(&r, "sections.referrals.items"), 0);
    crm_test_response_free(&r);
    /* Another branch's advisor: not found, on either route. */
    assert_int_equal(crm_test_request(b.piotr, "GET", path, NULL, &r), 404);
    crm_test_response_free(&r);
    snprintf(path, sizeof path, "/api/v1/retail/next-best-offer/%s", b.anna_client);
    assert_int_equal(crm_test_request(b.piotr, "GET", path, NULL, &r), 404);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(b.zofia, "GET", path, NULL, &r), 404);
    crm_test_response_free(&r);
    /* Parameters it does not take are refused. */
    snprintf(path, sizeof path, "/api/v1/retail/next-best-offer/%s?limit=3", b.anna_client);
    assert_int_equal(crm_test_request(b.anna, "GET", path, NULL, &r), 400);
    crm_test_response_free(&r);
    assert_int_equal(
        crm_test_request(b.anna, "GET", "/api/v1/retail/next-best-offer/nope", NULL, &r), 400);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(b.anna, "GET",
                                      "/api/v1/retail/next-best-offer/65f0c1d2e3a4b5c6d7e8f901",
                                      NULL, &r),
                     404);
    crm_test_response_free(&r);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_offer_follows_segment_and_phase_in_order_without_what_is_held),
        cmocka_unit_test(the_client_360_shows_the_offer_and_open_opportunities_within_scope),
    };

    retail_test_config = RETAIL_CONFIG;
    return retail_test_main(argc, argv, "retail_offer", tests, sizeof tests / sizeof tests[0]);
}
