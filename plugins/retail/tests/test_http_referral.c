/* Referrals over HTTP: a teller passes a client's need to an advisor, who turns it into an
 * opportunity; the referral follows it to its outcome. */
#include "support.h"

#include <stdio.h>
#include <string.h>

static const char *
path_of(const char *entity, const char *id)
{
    static char path[2][96];
    static int i;

    i = !i;
    snprintf(path[i], sizeof path[i], "/api/v1/%s/%s", entity, id);
    return path[i];
}

/* Tomasz (a teller) refers anna's client to her; the referral's id into ID. */
static void
refer(const retail_test_bank_t *b, const char *extra, char id[25])
{
    clients_test_create(b->tomasz, "referral", id,
                        "{\"client_id\":\"%s\",\"need\":\"wants to borrow for a car\","
                        "\"owner_id\":\"%s\"%s}",
                        b->anna_client, crm_test_user_id(b->anna), extra ? extra : "");
}

static void
a_teller_refers_a_client_and_the_referral_follows_the_opportunity_to_signing(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char referral[25], opportunity[25], extra[64], closed_at[32];

    retail_test_bank(*state, &b);
    snprintf(extra, sizeof extra, ",\"product_id\":\"%s\"", b.loan);
    refer(&b, extra, referral);
    retail_test_get(b.anna, "referral", referral, &r);
    assert_string_equal(crm_test_json_string(&r, "status"), "new");
    assert_string_equal(crm_test_json_string(&r, "outcome"), "open");
    assert_string_equal(crm_test_json_string(&r, "product_type"), "loan");
    assert_string_equal(crm_test_json_string(&r, "created_by"), crm_test_user_id(b.tomasz));
    assert_string_equal(crm_test_json_string(&r, "owner_id"), crm_test_user_id(b.anna));
    crm_test_response_free(&r);
    /* The teller sees the unit's referrals; another branch's advisor does not. */
    retail_test_get(b.tomasz, "referral", referral, &r);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(b.piotr, "GET", path_of("referral", referral), NULL, &r),
                     404);
    crm_test_response_free(&r);

    retail_test_patch(b.anna, "referral", referral, "{\"status\":\"accepted\"}");
    snprintf(extra, sizeof extra, "\"referral_id\":\"%s\"", referral);
    retail_test_opportunity(b.anna, b.anna_client, b.loan, extra, opportunity);
    retail_test_get(b.anna, "opportunity", opportunity, &r);
    assert_string_equal(crm_test_json_string(&r, "source"), "referral");
    crm_test_response_free(&r);
    retail_test_get(b.anna, "referral", referral, &r);
    assert_string_equal(crm_test_json_string(&r, "status"), "converted");
    assert_string_equal(crm_test_json_string(&r, "opportunity_id"), opportunity);
    assert_string_equal(crm_test_json_string(&r, "outcome"), "open");
    assert_null(crm_test_json_string(&r, "outcome_at"));
    crm_test_response_free(&r);

    retail_test_patch(
        b.anna, "opportunity", opportunity,
        "{\"stage\":\"signed\",\"amount\":{\"amount\":3000000,\"currency\":\"PLN\"}}");
    retail_test_get(b.anna, "opportunity", opportunity, &r);
    snprintf(closed_at, sizeof closed_at, "%s", crm_test_json_string(&r, "closed_at"));
    crm_test_response_free(&r);
    retail_test_get(b.tomasz, "referral", referral, &r);
    assert_string_equal(crm_test_json_string(&r, "outcome"), "signed");
    assert_string_equal(crm_test_json_string(&r, "outcome_at"), closed_at);
    crm_test_response_free(&r);
    /* A converted referral is done with. */
    assert_int_equal(clients_test_send(b.anna, "PATCH", path_of("referral", referral), &r,
                                       "{\"status\":\"declined\"}"),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.status"),
                        "is final: a converted referral does not change");
    crm_test_response_free(&r);
}

static void
naming_the_opportunity_converts_a_referral_and_links_them_both_ways(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char referral[25], opportunity[25], body[64];

    retail_test_bank(*state, &b);
    refer(&b, NULL, referral);
    retail_test_opportunity(b.anna, b.anna_client, b.deposit, NULL, opportunity);
    snprintf(body, sizeof body, "{\"opportunity_id\":\"%s\"}", opportunity);
    retail_test_patch(b.anna, "referral", referral, body);
    retail_test_get(b.anna, "opportunity", opportunity, &r);
    assert_string_equal(crm_test_json_string(&r, "referral_id"), referral);
    crm_test_response_free(&r);
    retail_test_patch(b.anna, "opportunity", opportunity,
                      "{\"stage\":\"lost\",\"lost_reason\":\"not_interested\"}");
    retail_test_get(b.anna, "referral", referral, &r);
    assert_string_equal(crm_test_json_string(&r, "status"), "converted");
    assert_string_equal(crm_test_json_string(&r, "outcome"), "lost");
    assert_non_null(crm_test_json_string(&r, "outcome_at"));
    crm_test_response_free(&r);
}

static void
a_declined_referral_is_final_and_converting_needs_an_opportunity(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char referral[25];

    retail_test_bank(*state, &b);
    refer(&b, NULL, referral);
    assert_int_equal(clients_test_send(b.anna, "PATCH", path_of("referral", referral), &r,
                                       "{\"status\":\"converted\"}"),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.opportunity_id"),
                        "is required when the status is converted");
    crm_test_response_free(&r);
    retail_test_patch(b.anna, "referral", referral, "{\"status\":\"declined\"}");
    retail_test_get(b.anna, "referral", referral, &r);
    assert_string_equal(crm_test_json_string(&r, "outcome"), "declined");
    assert_non_null(crm_test_json_string(&r, "outcome_at"));
    crm_test_response_free(&r);
    assert_int_equal(clients_test_send(b.anna, "PATCH", path_of("referral", referral), &r,
                                       "{\"status\":\"accepted\"}"),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.status"),
                        "is final: a declined referral does not change");
    crm_test_response_free(&r);
    assert_int_equal(clients_test_send(b.anna, "POST", "/api/v1/opportunity", &r,
                                       "{\"client_id\":\"%s\",\"product_id\":\"%s\","
                                       "\"referral_id\":\"%s\"}",
                                       b.anna_client, b.deposit, referral),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.referral_id"), "was declined");
    crm_test_response_free(&r);
}

static void
a_teller_refers_within_the_unit_only_and_sells_nothing(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};

    retail_test_bank(*state, &b);
    /* Not to an advisor of another branch. */
    assert_int_equal(clients_test_send(b.tomasz, "POST", "/api/v1/referral", &r,
                                       "{\"client_id\":\"%s\",\"need\":\"a deposit\","
                                       "\"owner_id\":\"%s\",\"org_unit\":\"%s\"}",
                                       b.anna_client, crm_test_user_id(b.piotr), b.branch_b),
                     403);
    crm_test_response_free(&r);
    /* Not about a client of another branch. */
    assert_int_equal(clients_test_send(b.tomasz, "POST", "/api/v1/referral", &r,
                                       "{\"client_id\":\"%s\",\"need\":\"a deposit\","
                                       "\"owner_id\":\"%s\"}",
                                       b.piotr_client, crm_test_user_id(b.anna)),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.client_id"),
                        "refers to no client you can see");
    crm_test_response_free(&r);
    /* A product type that contradicts the product. */
    assert_int_equal(clients_test_send(b.tomasz, "POST", "/api/v1/referral", &r,
                                       "{\"client_id\":\"%s\",\"need\":\"a deposit\","
                                       "\"product_id\":\"%s\",\"product_type\":\"card\"}",
                                       b.anna_client, b.deposit),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.product_type"),
                        "does not match the product's type (deposit)");
    crm_test_response_free(&r);
    assert_int_equal(clients_test_send(b.tomasz, "POST", "/api/v1/referral", &r,
                                       "{\"client_id\":\"%s\"}", b.anna_client),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.need"), "is required");
    crm_test_response_free(&r);
    /* Selling is the advisor's. */
    assert_int_equal(clients_test_send(b.tomasz, "POST", "/api/v1/opportunity", &r,
                                       "{\"client_id\":\"%s\",\"product_id\":\"%s\"}",
                                       b.anna_client, b.deposit),
                     403);
    crm_test_response_free(&r);
    /* An advisor passes a need to a colleague of the unit. */
    clients_test_create(b.anna, "referral", NULL,
                        "{\"client_id\":\"%s\",\"need\":\"insurance\",\"owner_id\":\"%s\"}",
                        b.anna_client, crm_test_user_id(b.jan));
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            a_teller_refers_a_client_and_the_referral_follows_the_opportunity_to_signing),
        cmocka_unit_test(naming_the_opportunity_converts_a_referral_and_links_them_both_ways),
        cmocka_unit_test(a_declined_referral_is_final_and_converting_needs_an_opportunity),
        cmocka_unit_test(a_teller_refers_within_the_unit_only_and_sells_nothing),
    };

    return retail_test_main(argc, argv, "retail_referral", tests, sizeof tests / sizeof tests[0]);
}
