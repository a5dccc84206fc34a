/* Segmentation: the configured rules, first match wins, give a client its segment when it is
 * written; the job recomputes every client, and is what brings product-based segments up to
 * date after accounts change. */
#include "profile_support.h"

#include <stdio.h>
#include <string.h>

static const char rules[] =
    "clients = { segmentation = (\n"
    "  { segment = \"corporate\"; kind = \"organisation\"; revenue_band = [\"large\"]; },\n"
    "  { segment = \"sme\"; kind = \"organisation\"; },\n"
    "  { segment = \"private\"; kind = \"individual\"; products = { investment = 2; }; },\n"
    "  { segment = \"private\"; kind = \"individual\"; income_band = [\"very_high\"];\n"
    "    region = [\"Malopolska\"]; },\n"
    "  { segment = \"affluent\"; kind = \"individual\"; min_age = 30;\n"
    "    products = { deposit = 1; }; },\n"
    "  { segment = \"affluent\"; kind = \"individual\"; income_band = [\"high\", \"very_high\"]; "
    "},\n"
    "  { segment = \"mass\"; kind = \"individual\"; max_age = 120; }\n"
    "); };";

/* The PESEL of someone born on 1944-05-14, and that of someone born on 2005-01-01. */
#define OLD "\"national_id\":\"44051401359\""
#define YOUNG "\"national_id\":\"05210100009\""

/* The segment of client ID as S (NULL when it has none) into OUT. */
static void
segment_of(crm_test_session_t *s, const char *id, char out[16])
{
    crm_test_response_t r = {0};
    char path[96];

    snprintf(path, sizeof path, "/api/v1/client/%s", id);
    profile_get(s, path, &r);
    snprintf(out, 16, "%s",
             crm_test_json_string(&r, "segment") ? crm_test_json_string(&r, "segment") : "(none)");
    crm_test_response_free(&r);
}

static void
patch(crm_test_session_t *s, const char *id, const char *body)
{
    crm_test_response_t r = {0};
    char path[96];

    snprintf(path, sizeof path, "/api/v1/client/%s", id);
    assert_int_equal(clients_test_send(s, "PATCH", path, &r, "%s", body), 200);
    crm_test_response_free(&r);
}

static void
the_first_matching_rule_gives_the_segment_when_a_client_is_written(void **state)
{
    crm_test_session_t *anna = crm_test_user(*state, "anna", "advisor", NULL);
    crm_test_response_t r = {0};
    char big[25], small[25], local[25], far[25], unborn[25], seg[16], path[96];

    clients_test_create(anna, "client", big,
                        "{\"kind\":\"organisation\",\"company_name\":\"Huta\","
                        "\"revenue_band\":\"large\"}");
    clients_test_create(anna, "client", small,
                        "{\"kind\":\"organisation\",\"company_name\":\"Sklep\"}");
    clients_test_create(anna, "client", local,
                        "{\"kind\":\"individual\",\"last_name\":\"Local\","
                        "\"income_band\":\"very_high\",\"region\":\"malopolska\"}");
    clients_test_create(anna, "client", far,
                        "{\"kind\":\"individual\",\"last_name\":\"Far\","
                        "\"income_band\":\"very_high\",\"region\":\"Mazowsze\"}");
    clients_test_create(
        anna, "client", unborn,
        "{\"kind\":\"individual\",\"last_name\":\"Nobody\",\"income_band\":\"low\"}");
    segment_of(anna, big, seg);
    assert_string_equal(seg, "corporate");
    segment_of(anna, small, seg);
    assert_string_equal(seg, "sme");
    segment_of(anna, local, seg);
    assert_string_equal(seg, "private");
    segment_of(anna, far, seg);
    assert_string_equal(seg, "affluent");
    /* The last rule needs an age: without a birth date nothing matches. */
    segment_of(anna, unborn, seg);
    assert_string_equal(seg, "(none)");

    /* A change of what the rules read moves the client. */
    patch(anna, unborn, "{" OLD "}"); /* the PESEL gives the birth date */
    segment_of(anna, unborn, seg);
    assert_string_equal(seg, "mass");
    patch(anna, unborn, "{\"income_band\":\"high\"}");
    segment_of(anna, unborn, seg);
    assert_string_equal(seg, "affluent");
    patch(anna, far, "{\"region\":\"Malopolska\"}");
    segment_of(anna, far, seg);
    assert_string_equal(seg, "private");
    patch(anna, small, "{\"revenue_band\":\"large\"}");
    segment_of(anna, small, seg);
    assert_string_equal(seg, "corporate");

    /* The segment is the plugin's. */
    snprintf(path, sizeof path, "/api/v1/client/%s", big);
    assert_int_equal(clients_test_send(anna, "PATCH", path, &r, "{\"segment\":\"mass\"}"), 422);
    crm_test_response_free(&r);
}

/* Opens an account of PRODUCT for CLIENT as S, with STATUS. */
static void
account(crm_test_session_t *s, const char *client, const char *product, const char *status,
        char id[25])
{
    static int numbers;

    clients_test_create(s, "account", id,
                        "{\"number\":\"ACC-%d\",\"client_id\":\"%s\",\"product_id\":\"%s\","
                        "\"status\":\"%s\",\"opened\":\"2024-03-01\"}",
                        ++numbers, client, product, status);
}

static void
the_job_applies_product_rules_and_counts_what_it_did(void **state)
{
    crm_test_core_t *core = *state;
    crm_test_session_t *anna = crm_test_user(core, "anna", "advisor", NULL);
    crm_test_session_t *admin = crm_test_user(core, "admin", "admin", NULL);
    crm_test_response_t r = {0};
    char investor[25], young[25], saver[25], half[25], firm[25], none[25];
    char fund[25], deposit[25], acc[25], closing[25], seg[16], path[96];

    clients_test_create(anna, "client", investor,
                        "{\"kind\":\"individual\",\"last_name\":\"Investor\"," OLD "}");
    clients_test_create(anna, "client", young,
                        "{\"kind\":\"individual\",\"last_name\":\"Young\"," YOUNG "}");
    clients_test_create(anna, "client", saver,
                        "{\"kind\":\"individual\",\"last_name\":\"Saver\"," OLD "}");
    clients_test_create(anna, "client", half,
                        "{\"kind\":\"individual\",\"last_name\":\"Half\"," OLD "}");
    clients_test_create(anna, "client", firm,
                        "{\"kind\":\"organisation\",\"company_name\":\"Firm\"}");
    clients_test_create(anna, "client", none, "{\"kind\":\"individual\",\"last_name\":\"None\"}");
    clients_test_create(admin, "product", fund,
                        "{\"code\":\"INV\",\"name\":\"Fund\",\"type\":\"investment\"}");
    clients_test_create(admin, "product", deposit,
                        "{\"code\":\"DEP\",\"name\":\"Deposit\",\"type\":\"deposit\"}");
    account(admin, investor, fund, "active", acc);
    account(admin, investor, fund, "active", closing);
    account(admin, young, deposit, "active", acc);
    account(admin, saver, deposit, "active", acc);
    account(admin, half, fund, "active", acc);
    account(admin, half, fund, "closed", acc);
    account(admin, firm, fund, "active", acc);

    /* Accounts write no client: the segments are still those of the clients' own fields. */
    segment_of(anna, investor, seg);
    assert_string_equal(seg, "mass");

    profile_run_job(admin, "clients_segmentation", &r);
    assert_int_equal(profile_run_count(&r, "clients"), 6);
    assert_int_equal(profile_run_count(&r, "changed"), 2);
    assert_int_equal(profile_run_count(&r, "failed"), 0);
    assert_int_equal(profile_run_count(&r, "private"), 1);
    assert_int_equal(profile_run_count(&r, "affluent"), 1);
    assert_int_equal(profile_run_count(&r, "mass"), 2); /* young, half */
    assert_int_equal(profile_run_count(&r, "sme"), 1);
    assert_int_equal(profile_run_count(&r, "unsegmented"), 1); /* none: no birth date */
    crm_test_response_free(&r);
    segment_of(anna, investor, seg);
    assert_string_equal(seg, "private");
    segment_of(anna, saver, seg);
    assert_string_equal(seg, "affluent");
    segment_of(anna, young, seg); /* a deposit, but not 30 */
    assert_string_equal(seg, "mass");
    segment_of(anna, half, seg); /* one of two investments closed */
    assert_string_equal(seg, "mass");

    /* Nothing changed: the next run changes nothing. */
    profile_run_job(admin, "clients_segmentation", &r);
    assert_int_equal(profile_run_count(&r, "changed"), 0);
    assert_int_equal(profile_run_count(&r, "private"), 1);
    crm_test_response_free(&r);

    /* A closed account leaves the segment as it was until the job runs. */
    snprintf(path, sizeof path, "/api/v1/account/%s", closing);
    assert_int_equal(clients_test_send(admin, "PATCH", path, &r, "{\"status\":\"closed\"}"), 200);
    crm_test_response_free(&r);
    patch(anna, investor, "{\"notes\":\"called about the fund\"}");
    segment_of(anna, investor, seg);
    assert_string_equal(seg, "private");
    profile_run_job(admin, "clients_segmentation", &r);
    assert_int_equal(profile_run_count(&r, "changed"), 1);
    crm_test_response_free(&r);
    segment_of(anna, investor, seg);
    assert_string_equal(seg, "mass");

    /* A write of what the rules read recomputes from the accounts held at that moment. */
    account(admin, half, fund, "active", acc);
    patch(anna, half, "{\"region\":\"Pomorze\"}");
    segment_of(anna, half, seg);
    assert_string_equal(seg, "private");

    /* The job runs as an administrator asks, not as an advisor. */
    assert_int_equal(
        crm_test_request(anna, "POST", "/api/v1/jobs/clients_segmentation/run", NULL, &r), 403);
    crm_test_response_free(&r);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_first_matching_rule_gives_the_segment_when_a_client_is_written),
        cmocka_unit_test(the_job_applies_product_rules_and_counts_what_it_did),
    };

    clients_test_config = rules;
    return clients_test_main(argc, argv, "clients_segments", tests, 2);
}
