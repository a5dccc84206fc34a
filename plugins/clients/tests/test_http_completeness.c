/* Data completeness: the score follows the configured weights on every write, and the gaps
 * list names what the important clients in the caller's scope lack. */
#include "profile_support.h"

#include <stdio.h>
#include <string.h>

/* PATCHes client ID as S with BODY and returns its completeness. */
static int64_t
patched(crm_test_session_t *s, const char *id, const char *body)
{
    crm_test_response_t r = {0};
    char path[96];
    int64_t score;

    snprintf(path, sizeof path, "/api/v1/client/%s", id);
    assert_int_equal(clients_test_send(s, "PATCH", path, &r, "%s", body), 200);
    score = crm_test_json_int(&r, "completeness", -1);
    crm_test_response_free(&r);
    return score;
}

static void
the_score_follows_the_configured_weights_on_every_write(void **state)
{
    crm_test_core_t *core = profile_start(
        "clients = { completeness = { phones = 50; emails = 30; occupation = 20; }; };");
    crm_test_session_t *anna = crm_test_user(core, "anna", "advisor", NULL);
    crm_test_response_t r = {0};
    char id[25], org[25];

    (void)state;
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/client", &r,
                                       "{\"kind\":\"individual\",\"last_name\":\"Nowak\","
                                       "\"phones\":[\"600 100 200\"]}"),
                     201);
    assert_int_equal(crm_test_json_int(&r, "completeness", -1), 50);
    snprintf(id, sizeof id, "%s", crm_test_json_string(&r, "id"));
    crm_test_response_free(&r);
    assert_int_equal(patched(anna, id, "{\"emails\":[\"Jan@Example.com\"]}"), 80);
    assert_int_equal(patched(anna, id, "{\"occupation\":\"teacher\"}"), 100);
    assert_int_equal(patched(anna, id, "{\"phones\":null}"), 50);
    /* A blank value fills nothing. */
    assert_int_equal(patched(anna, id, "{\"occupation\":\"  \"}"), 30);
    /* Fields without a weight change nothing. */
    assert_int_equal(patched(anna, id, "{\"national_id\":\"44051401359\"}"), 30);

    /* An organisation is scored on the weighed fields it can have: phones and e-mails. */
    clients_test_create(anna, "client", org,
                        "{\"kind\":\"organisation\",\"company_name\":\"Stal SA\","
                        "\"phones\":[\"+48 22 100 20 30\"],\"occupation\":\"n/a\"}");
    assert_int_equal(patched(anna, org, "{\"notes\":\"x\"}"), 63); /* 50 of 80, rounded */

    /* The score is the plugin's: input is refused. */
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/client", &r,
                                       "{\"kind\":\"individual\",\"last_name\":\"Lis\","
                                       "\"completeness\":100}"),
                     422);
    crm_test_response_free(&r);
    crm_test_core_stop(core);
}

static void
the_default_weights_count_a_birth_date_taken_from_the_pesel(void **state)
{
    crm_test_session_t *anna = crm_test_user(*state, "anna", "advisor", NULL);
    crm_test_response_t r = {0};

    /* phones 20 + emails 15 + national_id 20 + birth_date (from the PESEL) 10 of 100. */
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/client", &r,
                                       "{\"kind\":\"individual\",\"last_name\":\"Nowak\","
                                       "\"phones\":[\"600100200\"],\"emails\":[\"a@b.pl\"],"
                                       "\"national_id\":\"44051401359\"}"),
                     201);
    assert_string_equal(crm_test_json_string(&r, "birth_date"), "1944-05-14");
    assert_int_equal(crm_test_json_int(&r, "completeness", -1), 65);
    crm_test_response_free(&r);
    /* An address of any purpose fills addresses; occupation and income band complete it. */
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/client", &r,
                                       "{\"kind\":\"individual\",\"last_name\":\"Lis\","
                                       "\"addresses\":{\"home\":{\"city\":\"Krakow\"}},"
                                       "\"occupation\":\"baker\",\"income_band\":\"low\"}"),
                     201);
    assert_int_equal(crm_test_json_int(&r, "completeness", -1), 35);
    crm_test_response_free(&r);
}

/* Creates a client as S: an individual of INCOME band (which the default rules make private,
 * affluent or mass) with the profile fields of EXTRA (JSON members, may be empty). */
static void
client(crm_test_session_t *s, char id[25], const char *name, const char *income, const char *extra)
{
    clients_test_create(s, "client", id,
                        "{\"kind\":\"individual\",\"last_name\":\"%s\",\"income_band\":\"%s\"%s%s}",
                        name, income, *extra ? "," : "", extra);
}

static void
the_gaps_list_names_what_important_clients_in_scope_lack(void **state)
{
    crm_test_core_t *core = *state;
    clients_test_bank_t bank;
    crm_test_response_t r = {0};
    char poor[25], thin[25], mass[25], full[25], other[25];
    static const char complete[] =
        "\"phones\":[\"600100200\"],\"emails\":[\"a@b.pl\"],\"national_id\":\"44051401359\","
        "\"addresses\":{\"home\":{\"city\":\"Krakow\"}},\"occupation\":\"judge\"";

    clients_test_bank(core, &bank);
    /* Anna's: a private client with nearly nothing, an affluent one with a phone, a mass one
     * with nothing (not important), a complete private one. */
    client(bank.anna, poor, "Poor", "very_high", "");
    client(bank.anna, thin, "Thin", "high", "\"phones\":[\"600100201\"]");
    client(bank.anna, mass, "Mass", "low", "");
    client(bank.anna, full, "Full", "very_high", complete);
    /* Jan's, in the same branch. */
    client(bank.jan, other, "Other", "very_high", "\"emails\":[\"o@b.pl\"]");

    profile_get(bank.anna, "/api/v1/clients/gaps", &r);
    assert_int_equal(crm_test_json_int(&r, "threshold", -1), 70);
    assert_string_equal(crm_test_json_string(&r, "segments.0"), "private");
    assert_string_equal(crm_test_json_string(&r, "segments.1"), "affluent");
    assert_int_equal(crm_test_json_int(&r, "total", -1), 2);
    assert_int_equal(clients_test_count(&r, "items"), 2);
    /* Worst first: income band only (10), then phones and income band (30). */
    assert_string_equal(clients_test_item(&r, "items", 0, "id"), poor);
    assert_string_equal(clients_test_item(&r, "items", 0, "segment"), "private");
    assert_int_equal(crm_test_json_int(&r, "items.0.completeness", -1), 10);
    assert_string_equal(crm_test_json_string(&r, "items.0.missing.0"), "phones");
    assert_int_equal(clients_test_count(&r, "items.0.missing"), 6);
    assert_string_equal(clients_test_item(&r, "items", 1, "id"), thin);
    assert_string_equal(clients_test_item(&r, "items", 1, "segment"), "affluent");
    assert_int_equal(crm_test_json_int(&r, "items.1.completeness", -1), 30);
    assert_int_equal(clients_test_count(&r, "items.1.missing"), 5);
    assert_string_equal(crm_test_json_string(&r, "items.1.missing.0"), "emails");
    assert_string_equal(crm_test_json_string(&r, "items.1.missing.4"), "occupation");
    crm_test_response_free(&r);

    /* The branch director sees the branch's: Jan's client too. */
    profile_get(bank.dorota, "/api/v1/clients/gaps?limit=2", &r);
    assert_int_equal(crm_test_json_int(&r, "total", -1), 3);
    assert_int_equal(clients_test_count(&r, "items"), 2);
    assert_false(clients_test_has(&r, "items", "id", full));
    crm_test_response_free(&r);
    profile_get(bank.dorota, "/api/v1/clients/gaps", &r);
    assert_true(clients_test_has(&r, "items", "id", other));
    assert_false(clients_test_has(&r, "items", "id", mass));
    crm_test_response_free(&r);
    /* Piotr, in the other branch, has no gaps to close. */
    profile_get(bank.piotr, "/api/v1/clients/gaps", &r);
    assert_int_equal(crm_test_json_int(&r, "total", -1), 0);
    assert_int_equal(clients_test_count(&r, "items"), 0);
    crm_test_response_free(&r);

    /* Closing the gaps takes the client off the list. */
    assert_true(patched(bank.anna, poor,
                        "{\"phones\":[\"600100202\"],\"emails\":[\"p@b.pl\"],"
                        "\"national_id\":\"44051401359\"}") >= 70);
    profile_get(bank.anna, "/api/v1/clients/gaps", &r);
    assert_int_equal(crm_test_json_int(&r, "total", -1), 1);
    assert_false(clients_test_has(&r, "items", "id", poor));
    crm_test_response_free(&r);

    assert_int_equal(crm_test_request(bank.anna, "GET", "/api/v1/clients/gaps?limit=0", NULL, &r),
                     400);
    crm_test_response_free(&r);
    assert_int_equal(
        crm_test_request(bank.anna, "GET", "/api/v1/clients/gaps?segment=mass", NULL, &r), 400);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request_anonymous(core, "GET", "/api/v1/clients/gaps", NULL, &r),
                     401);
    crm_test_response_free(&r);
}

static void
the_gaps_list_takes_its_segments_and_threshold_from_the_configuration(void **state)
{
    crm_test_core_t *core = profile_start("clients = { important_segments = [\"mass\"]; "
                                          "completeness_threshold = 20; };");
    crm_test_session_t *anna = crm_test_user(core, "anna", "advisor", NULL);
    crm_test_response_t r = {0};
    char low[25], some[25], rich[25];

    (void)state;
    client(anna, low, "Low", "low", "");                             /* mass, 10 */
    client(anna, some, "Some", "low", "\"phones\":[\"600100200\"]"); /* mass, 30 */
    client(anna, rich, "Rich", "very_high", "");                     /* private, 10 */
    profile_get(anna, "/api/v1/clients/gaps", &r);
    assert_int_equal(crm_test_json_int(&r, "threshold", -1), 20);
    assert_int_equal(crm_test_json_int(&r, "total", -1), 1);
    assert_string_equal(clients_test_item(&r, "items", 0, "id"), low);
    crm_test_response_free(&r);
    crm_test_core_stop(core);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_score_follows_the_configured_weights_on_every_write),
        cmocka_unit_test(the_default_weights_count_a_birth_date_taken_from_the_pesel),
        cmocka_unit_test(the_gaps_list_names_what_important_clients_in_scope_lack),
        cmocka_unit_test(the_gaps_list_takes_its_segments_and_threshold_from_the_configuration),
    };
    const struct CMUnitTest own_core[] = {tests[0], tests[3]};
    const struct CMUnitTest shared[] = {tests[1], tests[2]};
    int failed;

    if (argc < 2) {
        fprintf(stderr, "usage: %s CLIENTS_PLUGIN_FILE\n", argv[0]);
        return 2;
    }
    clients_test_plugin = argv[1];
    failed = cmocka_run_group_tests_name("clients_completeness_own_config", own_core, NULL, NULL);
    return failed + clients_test_main(argc, argv, "clients_completeness", shared, 2);
}
