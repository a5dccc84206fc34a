/* The plugin's settings over HTTP: commissions at signing with the configured rates (exact,
 * rounded half up) and again when a signed opportunity's amount or product is corrected, the
 * configured default probabilities and the weighted amount they give, and settings that make
 * no sense stopping the start with the place they were written. */
#include "support.h"

#include <crm/entity.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RETAIL_CONFIG                                                                              \
    "retail = {\n"                                                                                 \
    "  probability = { lead = 5; offer = 40; };\n"                                                 \
    "  commission = ( { line = \"savings\"; rate = \"0.0010\"; },\n"                               \
    "                 { product = \"DEP-12M\"; rate = \"0.0020\"; },\n"                            \
    "                 { line = \"cash loans\"; rate = \"0.015\"; } );\n"                           \
    "};\n"

/* Signs a new opportunity of anna's for PRODUCT with AMOUNT minor units of CURRENCY, and
 * leaves the signed record in R. */
static void
sign(const retail_test_bank_t *b, const char *product, long long amount, const char *currency,
     crm_test_response_t *r)
{
    char extra[128], id[25], path[96];

    snprintf(extra, sizeof extra, "\"amount\":{\"amount\":%lld,\"currency\":\"%s\"}", amount,
             currency);
    retail_test_opportunity(b->anna, b->anna_client, product, extra, id);
    snprintf(path, sizeof path, "/api/v1/opportunity/%s", id);
    assert_int_equal(clients_test_send(b->anna, "PATCH", path, r, "{\"stage\":\"signed\"}"), 200);
}

static void
the_commission_at_signing_is_the_amount_times_the_products_rate(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char id[25];

    retail_test_bank(*state, &b);
    /* DEP-12M's own rate beats its line's: 12 345.67 x 0.2% = 24.69134 -> 24.69 */
    sign(&b, b.deposit, 1234567, "PLN", &r);
    assert_int_equal(crm_test_json_int(&r, "commission.amount", -1), 2469);
    assert_string_equal(crm_test_json_string(&r, "commission.currency"), "PLN");
    crm_test_response_free(&r);
    /* Half a minor unit goes up: 2.50 x 0.2% = 0.005 -> 0.01; 2.49 -> 0.00 */
    sign(&b, b.deposit, 250, "PLN", &r);
    assert_int_equal(crm_test_json_int(&r, "commission.amount", -1), 1);
    crm_test_response_free(&r);
    sign(&b, b.deposit, 249, "PLN", &r);
    assert_int_equal(crm_test_json_int(&r, "commission.amount", -1), 0);
    crm_test_response_free(&r);
    /* By the product line, in the amount's currency: 30 000.00 EUR x 1.5% */
    sign(&b, b.loan, 3000000, "EUR", &r);
    assert_int_equal(crm_test_json_int(&r, "commission.amount", -1), 45000);
    assert_string_equal(crm_test_json_string(&r, "commission.currency"), "EUR");
    crm_test_response_free(&r);
    /* No rate for the product: none earned. */
    sign(&b, b.account, 99999, "PLN", &r);
    assert_int_equal(crm_test_json_int(&r, "commission.amount", -1), 0);
    crm_test_response_free(&r);

    /* Nothing before signing, and nobody sets it by hand. */
    retail_test_opportunity(b.anna, b.anna_client, b.deposit,
                            "\"amount\":{\"amount\":100000,\"currency\":\"PLN\"}", id);
    retail_test_get(b.anna, "opportunity", id, &r);
    assert_null(crm_test_json_string(&r, "commission.currency"));
    assert_int_equal(crm_test_json_int(&r, "probability", -1), 5);
    crm_test_response_free(&r);
    assert_int_equal(clients_test_send(b.anna, "POST", "/api/v1/opportunity", &r,
                                       "{\"client_id\":\"%s\",\"product_id\":\"%s\","
                                       "\"commission\":{\"amount\":1,\"currency\":\"PLN\"}}",
                                       b.anna_client, b.deposit),
                     422);
    assert_non_null(crm_test_json_string(&r, "error.fields.commission"));
    crm_test_response_free(&r);
}

/* PATCHes opportunity ID as anna with BODY, asserts 200 and leaves the record in R. */
static void
patch(const retail_test_bank_t *b, const char *id, const char *body, crm_test_response_t *r)
{
    char path[96];
    int status;

    snprintf(path, sizeof path, "/api/v1/opportunity/%s", id);
    status = clients_test_send(b->anna, "PATCH", path, r, "%s", body);
    if (status != 200)
        print_error("PATCH %s %s: %d %s\n", path, body, status, r->body ? r->body : "");
    assert_int_equal(status, 200);
}

/* Asserts that R's commission is AMOUNT minor units of CURRENCY. */
static void
commission_is(crm_test_response_t *r, int64_t amount, const char *currency)
{
    assert_int_equal(crm_test_json_int(r, "commission.amount", -1), amount);
    assert_string_equal(crm_test_json_string(r, "commission.currency"), currency);
    crm_test_response_free(r);
}

static void
correcting_a_signed_amount_or_product_computes_the_commission_again(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    bson_t *fix;
    bson_t out;
    crm_error_t error = {0};
    char id[25], path[96];

    retail_test_bank(*state, &b);
    sign(&b, b.deposit, 1234567, "PLN", &r);
    snprintf(id, sizeof id, "%s", crm_test_json_string(&r, "id"));
    commission_is(&r, 2469, "PLN");
    /* The amount corrected: 10 000.00 x 0.2%; then its currency. */
    patch(&b, id, "{\"amount\":{\"amount\":1000000,\"currency\":\"PLN\"}}", &r);
    commission_is(&r, 2000, "PLN");
    patch(&b, id, "{\"amount\":{\"amount\":1000000,\"currency\":\"EUR\"}}", &r);
    commission_is(&r, 2000, "EUR");
    /* The product corrected: a cash loan, 1.5% by its line. */
    snprintf(path, sizeof path, "{\"product_id\":\"%s\"}", b.loan);
    patch(&b, id, path, &r);
    assert_string_equal(crm_test_json_string(&r, "product_type"), "loan");
    commission_is(&r, 15000, "EUR");
    /* Other writes leave it. */
    patch(&b, id, "{\"title\":\"Car loan\",\"expected_close\":\"2026-12-31\"}", &r);
    commission_is(&r, 15000, "EUR");
    /* A signed opportunity keeps its amount. */
    snprintf(path, sizeof path, "/api/v1/opportunity/%s", id);
    assert_int_equal(clients_test_send(b.anna, "PATCH", path, &r, "{\"amount\":null}"), 422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.amount"),
                        "is required for a signed opportunity and cannot be removed");
    crm_test_response_free(&r);
    retail_test_get(b.anna, "opportunity", id, &r);
    assert_int_equal(crm_test_json_int(&r, "amount.amount", -1), 1000000);
    commission_is(&r, 15000, "EUR");
    /* The plugin's own code may give the commission with the correction: it stands. */
    fix = BCON_NEW("amount", "{", "amount", BCON_INT64(2000000), "currency", "EUR", "}",
                   "commission", "{", "amount", BCON_INT64(12345), "currency", "EUR", "}");
    if (crm_entity_update(crm_identity_system(), "opportunity", id, fix, &out, &error) != 0)
        fail_msg("update: %s", error.message);
    bson_destroy(&out);
    bson_destroy(fix);
    retail_test_get(b.anna, "opportunity", id, &r);
    commission_is(&r, 12345, "EUR");
}

static void
a_commission_stays_the_rate_at_signing_when_another_rate_comes_to_apply(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char id[25], path[96];

    retail_test_bank(*state, &b);
    sign(&b, b.deposit, 1234567, "PLN", &r);
    snprintf(id, sizeof id, "%s", crm_test_json_string(&r, "id"));
    commission_is(&r, 2469, "PLN");
    /* The product's own rate no longer applies once its code changes: its line's 0.1% does.
     * What was signed keeps the rate of its signing, whatever else is written to it. */
    snprintf(path, sizeof path, "/api/v1/product/%s", b.deposit);
    assert_int_equal(clients_test_send(b.admin, "PATCH", path, &r, "{\"code\":\"DEP-12M-OLD\"}"),
                     200);
    crm_test_response_free(&r);
    retail_test_get(b.anna, "opportunity", id, &r);
    commission_is(&r, 2469, "PLN");
    patch(&b, id, "{\"probability\":100,\"campaign\":\"spring\"}", &r);
    commission_is(&r, 2469, "PLN");
    /* Until the amount is corrected: 12 345.68 x 0.1% = 12.34568 -> 12.35 */
    patch(&b, id, "{\"amount\":{\"amount\":1234568,\"currency\":\"PLN\"}}", &r);
    commission_is(&r, 1235, "PLN");
}

static void
the_weighted_amount_follows_the_amount_and_the_probability(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char id[25], path[96];

    retail_test_bank(*state, &b);
    /* A lead: 5% (configured) of 123.45 = 6.1725 -> 6.17 */
    retail_test_opportunity(b.anna, b.anna_client, b.deposit,
                            "\"amount\":{\"amount\":12345,\"currency\":\"PLN\"}", id);
    retail_test_get(b.anna, "opportunity", id, &r);
    assert_int_equal(crm_test_json_int(&r, "weighted_amount.amount", -1), 617);
    assert_string_equal(crm_test_json_string(&r, "weighted_amount.currency"), "PLN");
    crm_test_response_free(&r);
    /* An offer: 40% = 49.38 */
    patch(&b, id, "{\"stage\":\"offer\"}", &r);
    assert_int_equal(crm_test_json_int(&r, "weighted_amount.amount", -1), 4938);
    crm_test_response_free(&r);
    /* A probability given: 123.45 x 33% = 40.7385 -> 40.74 */
    patch(&b, id, "{\"probability\":33}", &r);
    assert_int_equal(crm_test_json_int(&r, "weighted_amount.amount", -1), 4074);
    crm_test_response_free(&r);
    /* Another amount and currency: 1.50 x 33% = 0.495 -> 0.50 EUR (half up) */
    patch(&b, id, "{\"amount\":{\"amount\":150,\"currency\":\"EUR\"}}", &r);
    assert_int_equal(crm_test_json_int(&r, "weighted_amount.amount", -1), 50);
    assert_string_equal(crm_test_json_string(&r, "weighted_amount.currency"), "EUR");
    crm_test_response_free(&r);
    /* No amount, no weighted amount; and back. */
    patch(&b, id, "{\"amount\":null}", &r);
    assert_null(crm_test_json_string(&r, "weighted_amount.currency"));
    crm_test_response_free(&r);
    patch(&b, id, "{\"amount\":{\"amount\":20000,\"currency\":\"PLN\"}}", &r);
    assert_int_equal(crm_test_json_int(&r, "weighted_amount.amount", -1), 6600);
    crm_test_response_free(&r);
    /* Signed: all of it; lost: none. */
    patch(&b, id, "{\"stage\":\"signed\"}", &r);
    assert_int_equal(crm_test_json_int(&r, "weighted_amount.amount", -1), 20000);
    crm_test_response_free(&r);
    retail_test_opportunity(b.anna, b.anna_client, b.loan,
                            "\"amount\":{\"amount\":50000,\"currency\":\"PLN\"}", id);
    patch(&b, id, "{\"stage\":\"lost\",\"lost_reason\":\"competitor\"}", &r);
    assert_int_equal(crm_test_json_int(&r, "weighted_amount.amount", -1), 0);
    crm_test_response_free(&r);
    /* It is the plugin's to keep. */
    snprintf(path, sizeof path, "/api/v1/opportunity/%s", id);
    assert_int_equal(clients_test_send(b.anna, "PATCH", path, &r,
                                       "{\"weighted_amount\":{\"amount\":1,\"currency\":\"PLN\"}}"),
                     422);
    assert_non_null(crm_test_json_string(&r, "error.fields.weighted_amount"));
    crm_test_response_free(&r);
}

/* Expects the start with the retail group GROUP to fail with a message naming the file and
 * line ("crmd.cfg:7: ") and containing WANTED. */
static void
refused(const char *group, const char *wanted)
{
    char *config, *said;

    assert_true(asprintf(&config, "retail = {\n%s\n};\n", group) > 0);
    said = profile_failed_start(config);
    if (!strstr(said, wanted))
        print_error("expected \"%s\" in:\n%s\n", wanted, said);
    assert_non_null(strstr(said, wanted));
    assert_non_null(strstr(said, "crmd.cfg:"));
    free(said);
    free(config);
}

static void
settings_that_make_no_sense_stop_the_start_at_their_line(void **state)
{
    (void)state;
    refused("commission = ( { product = \"DEP-12M\"; rate = \"0,2\"; } );",
            "retail.commission[0] rate must be a decimal from 0 to 1");
    refused("commission = ( { product = \"X\"; rate = \"1.5\"; } );",
            "retail.commission[0] rate must be a decimal");
    refused("commission = ( { product = \"X\"; line = \"y\"; rate = \"0.1\"; } );",
            "retail.commission[0] must name either a product (its code) or a product line");
    refused("commission = ( { product = \"X\"; rate = \"0.1\"; colour = 1; } );",
            "retail.commission[0] has a setting that is none of: product, line, rate");
    refused("stuck_after_days = { lead = 14; won = 3; };",
            "retail.stuck_after_days has a setting that is none of: lead, qualified, offer, "
            "application");
    refused("probability = { offer = 120; };",
            "retail.probability.offer must be a whole number from 0 to 100");
    refused("renewal_horizon_days = 0;",
            "retail.renewal_horizon_days must be a whole number of days from 1 to 3650");
    refused("renewal_product_types = [\"deposit\", \"car\"];",
            "retail.renewal_product_types [1] is none of: deposit, loan");
    refused("next_best_offer = ( { segment = \"rich\"; products = [\"DEP-12M\"]; } );",
            "retail.next_best_offer[0] segment is not a client segment");
    refused(
        "next_best_offer = ( { segment = \"mass\"; phase = \"asleep\"; products = [\"A\"]; } );",
        "retail.next_best_offer[0] phase is none of: potential");
    refused("next_best_offer = ( { segment = \"mass\"; } );",
            "retail.next_best_offer[0] must list the products to offer");
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_commission_at_signing_is_the_amount_times_the_products_rate),
        cmocka_unit_test(correcting_a_signed_amount_or_product_computes_the_commission_again),
        cmocka_unit_test(a_commission_stays_the_rate_at_signing_when_another_rate_comes_to_apply),
        cmocka_unit_test(the_weighted_amount_follows_the_amount_and_the_probability),
    };
    const struct CMUnitTest without_core[] = {
        cmocka_unit_test(settings_that_make_no_sense_stop_the_start_at_their_line),
    };
    int failed;

    retail_test_config = RETAIL_CONFIG;
    failed = retail_test_main(argc, argv, "retail_config", tests, sizeof tests / sizeof tests[0]);
    return failed + cmocka_run_group_tests_name("retail_config_refused", without_core, NULL, NULL);
}
