/* What clients hold: card numbers are never stored in full, and the core banking system's
 * nightly import upserts accounts by their cbs_id, naming clients and products by its own
 * keys. */
#include "support.h"

#include <stdio.h>
#include <string.h>

static void
a_full_card_number_is_refused_wherever_it_is_typed(void **state)
{
    crm_test_session_t *anna = crm_test_user(*state, "anna", "advisor", NULL);
    crm_test_response_t r = {0};
    char client[25], account[25];

    clients_test_create(anna, "client", client, "{\"kind\":\"individual\",\"last_name\":\"Lis\"}");
    clients_test_create(anna, "account", account,
                        "{\"number\":\"PL61109010140000071219812874\",\"client_id\":\"%s\"}",
                        client);
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/card", &r,
                                       "{\"account_id\":\"%s\",\"masked_number\":"
                                       "\"5375 1234 1234 1234\"}",
                                       account),
                     422);
    assert_non_null(strstr(crm_test_json_string(&r, "error.fields.masked_number"),
                           "is a full card number"));
    /* The refusal does not echo the number. */
    assert_null(strstr(r.body, "1234 1234"));
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(anna, "GET", "/api/v1/card?_count=true", NULL, &r), 200);
    assert_int_equal(crm_test_json_int(&r, "count", -1), 0);
    crm_test_response_free(&r);

    /* Masked, it is stored, held by the account's client. */
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/card", &r,
                                       "{\"account_id\":\"%s\",\"masked_number\":"
                                       "\"537512******1234\",\"expiry\":\"2029-07\"}",
                                       account),
                     201);
    assert_string_equal(crm_test_json_string(&r, "client_id"), client);
    assert_string_equal(crm_test_json_string(&r, "status"), "active");
    crm_test_response_free(&r);

    /* Nor in an interaction's notes. */
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/interaction", &r,
                                       "{\"kind\":\"call\",\"client_id\":\"%s\",\"notes\":"
                                       "\"card 4111 1111 1111 1111 blocked\"}",
                                       client),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.notes"),
                        "holds a card number: write only its last four digits");
    crm_test_response_free(&r);
}

/* Creates an API token for the session S limited to PERMISSIONS (a JSON array) into TOKEN. */
static void
token_for(crm_test_session_t *s, const char *permissions, char *token, size_t cap)
{
    crm_test_response_t r = {0};
    char expires[32];

    clients_test_day(30, "00:00:00", expires);
    assert_int_equal(clients_test_send(s, "POST", "/api/v1/auth/tokens", &r,
                                       "{\"name\":\"core banking\",\"expires_at\":\"%s\","
                                       "\"permissions\":%s}",
                                       expires, permissions),
                     201);
    assert_non_null(crm_test_json_string(&r, "token"));
    snprintf(token, cap, "%s", crm_test_json_string(&r, "token"));
    crm_test_response_free(&r);
}

static void
the_nightly_import_upserts_accounts_by_their_core_banking_id(void **state)
{
    crm_test_core_t *core = *state;
    crm_test_session_t *cbs = crm_test_user(core, "cbs", "integration", NULL);
    crm_test_session_t *board = crm_test_user(core, "board", "board", NULL);
    crm_test_response_t r = {0};
    char token[256], body[4096], client[25], product[25];

    clients_test_create(cbs, "client", client,
                        "{\"kind\":\"individual\",\"last_name\":\"Lis\",\"cbs_id\":\"C-1001\"}");
    clients_test_create(cbs, "product", product,
                        "{\"code\":\"SAV-1\",\"name\":\"Savings\",\"type\":\"deposit\"}");
    token_for(cbs, "[\"account.import\",\"account.read\",\"client.read\",\"product.read\"]", token,
              sizeof token);

    assert_int_equal(clients_test_bearer(core, token, "POST", "/api/v1/account/import",
                                         "application/x-ndjson",
                                         "{\"cbs_id\":\"A-1\",\"number\":\"PL01\",\"client_cbs_id\":"
                                         "\"C-1001\",\"product_code\":\"SAV-1\",\"balance\":"
                                         "{\"amount\":150000,\"currency\":\"PLN\"}}\n"
                                         "{\"cbs_id\":\"A-2\",\"number\":\"PL02\",\"client_cbs_id\":"
                                         "\"C-1001\",\"opened\":\"2024-01-02\"}\n",
                                         body, sizeof body),
                     200);
    assert_non_null(strstr(body, "\"created\":2"));

    /* The next night: A-1's balance changed, A-2 closed; nothing is duplicated. */
    assert_int_equal(clients_test_bearer(core, token, "POST", "/api/v1/account/import",
                                         "application/x-ndjson",
                                         "{\"cbs_id\":\"A-1\",\"number\":\"PL01\",\"client_cbs_id\":"
                                         "\"C-1001\",\"balance\":{\"amount\":90000,\"currency\":"
                                         "\"PLN\"}}\n"
                                         "{\"cbs_id\":\"A-2\",\"number\":\"PL02\",\"client_cbs_id\":"
                                         "\"C-1001\",\"opened\":\"2024-01-02\",\"closed\":"
                                         "\"2026-01-31\",\"status\":\"closed\"}\n",
                                         body, sizeof body),
                     200);
    assert_non_null(strstr(body, "\"updated\":2"));
    assert_non_null(strstr(body, "\"created\":0"));

    assert_int_equal(crm_test_request(board, "GET", "/api/v1/account?sort=number", NULL, &r), 200);
    assert_int_equal(clients_test_count(&r, "items"), 2);
    assert_string_equal(clients_test_item(&r, "items", 0, "cbs_id"), "A-1");
    assert_string_equal(clients_test_item(&r, "items", 0, "client_id"), client);
    assert_string_equal(clients_test_item(&r, "items", 0, "product_id"), product);
    assert_int_equal(crm_test_json_int(&r, "items.0.balance.amount", -1), 90000);
    assert_string_equal(clients_test_item(&r, "items", 1, "status"), "closed");
    assert_string_equal(clients_test_item(&r, "items", 1, "client_id"), client);
    crm_test_response_free(&r);

    /* An unknown client's key refuses the whole batch, naming the line. */
    assert_int_equal(clients_test_bearer(core, token, "POST", "/api/v1/account/import",
                                         "application/x-ndjson",
                                         "{\"cbs_id\":\"A-3\",\"number\":\"PL03\",\"client_cbs_id\":"
                                         "\"C-1001\"}\n"
                                         "{\"cbs_id\":\"A-4\",\"number\":\"PL04\",\"client_cbs_id\":"
                                         "\"C-9999\"}\n",
                                         body, sizeof body),
                     422);
    assert_non_null(strstr(body, "client_cbs_id"));
    assert_int_equal(crm_test_request(board, "GET", "/api/v1/account?_count=true", NULL, &r), 200);
    assert_int_equal(crm_test_json_int(&r, "count", -1), 2);
    crm_test_response_free(&r);
}

static void
an_account_needs_its_client_and_closes_after_it_opens(void **state)
{
    crm_test_session_t *anna = crm_test_user(*state, "anna", "advisor", NULL);
    crm_test_response_t r = {0};
    char client[25];

    clients_test_create(anna, "client", client, "{\"kind\":\"individual\",\"last_name\":\"Lis\"}");
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/account", &r, "{\"number\":\"PL9\"}"),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.client_id"),
                        "is required (or client_cbs_id)");
    crm_test_response_free(&r);
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/account", &r,
                                       "{\"number\":\"PL9\",\"client_id\":\"%s\",\"opened\":"
                                       "\"2026-02-01\",\"closed\":\"2026-01-01\"}",
                                       client),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.closed"), "is before opened");
    crm_test_response_free(&r);
}

static void
an_interaction_or_task_may_be_about_any_record_its_author_can_see(void **state)
{
    crm_test_session_t *anna = crm_test_user(*state, "anna", "advisor", NULL);
    crm_test_session_t *piotr = crm_test_user(*state, "piotr", "advisor", NULL);
    crm_test_response_t r = {0};
    char client[25], account[25], other[25];

    clients_test_create(anna, "client", client, "{\"kind\":\"individual\",\"last_name\":\"Lis\"}");
    clients_test_create(anna, "account", account, "{\"number\":\"PL1\",\"client_id\":\"%s\"}",
                        client);
    clients_test_create(piotr, "client", other, "{\"kind\":\"individual\",\"last_name\":\"Nie\"}");
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/interaction", &r,
                                       "{\"kind\":\"complaint\",\"client_id\":\"%s\","
                                       "\"about_entity\":\"account\",\"about_id\":\"%s\"}",
                                       client, account),
                     201);
    assert_string_equal(crm_test_json_string(&r, "about_id"), account);
    assert_string_equal(crm_test_json_string(&r, "employee"), crm_test_user_id(anna));
    assert_non_null(crm_test_json_string(&r, "at"));
    crm_test_response_free(&r);
    /* Not about a record Anna cannot see, of an entity that does not exist, or half-named. */
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/interaction", &r,
                                       "{\"kind\":\"call\",\"client_id\":\"%s\","
                                       "\"about_entity\":\"client\",\"about_id\":\"%s\"}",
                                       client, other),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.about_id"),
                        "refers to no client you can see");
    crm_test_response_free(&r);
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/interaction", &r,
                                       "{\"kind\":\"call\",\"client_id\":\"%s\","
                                       "\"about_entity\":\"loan\",\"about_id\":\"%s\"}",
                                       client, account),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.about_entity"), "is not an entity");
    crm_test_response_free(&r);
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/interaction", &r,
                                       "{\"kind\":\"call\",\"client_id\":\"%s\","
                                       "\"about_id\":\"%s\"}",
                                       client, account),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.about_entity"),
                        "is required with about_id");
    crm_test_response_free(&r);
    /* A task likewise. */
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/task", &r,
                                       "{\"title\":\"Renew\",\"client_id\":\"%s\","
                                       "\"about_entity\":\"account\",\"about_id\":\"%s\"}",
                                       client, account),
                     201);
    assert_string_equal(crm_test_json_string(&r, "about_entity"), "account");
    crm_test_response_free(&r);
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/task", &r,
                                       "{\"title\":\"Call\",\"about_entity\":\"client\","
                                       "\"about_id\":\"%s\"}",
                                       other),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.about_id"),
                        "refers to no client you can see");
    crm_test_response_free(&r);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_full_card_number_is_refused_wherever_it_is_typed),
        cmocka_unit_test(the_nightly_import_upserts_accounts_by_their_core_banking_id),
        cmocka_unit_test(an_account_needs_its_client_and_closes_after_it_opens),
        cmocka_unit_test(an_interaction_or_task_may_be_about_any_record_its_author_can_see),
    };

    return clients_test_main(argc, argv, "clients_products", tests, sizeof tests / sizeof tests[0]);
}
