/* Clients as the bank's staff enter them: phones stored in E.164 whatever way they were typed,
 * e-mails lower-cased, the name the lists show, PESEL checks, dated consents, and refusals with a
 * message per field that store nothing. */
#include "support.h"

#include <string.h>

static void
a_client_with_an_unreadable_phone_is_refused_field_by_field_and_nothing_is_stored(void **state)
{
    crm_test_session_t *anna = crm_test_user(*state, "anna", "advisor", NULL);
    crm_test_response_t r = {0};

    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/client", &r,
                                       "{\"kind\":\"individual\",\"last_name\":\"Nowak\","
                                       "\"phones\":[\"+48 600-100-200\",\"12ab\",\"600 100 20\"],"
                                       "\"emails\":[\"not-an-address\"]}"),
                     422);
    assert_non_null(strstr(crm_test_json_string(&r, "error.fields.phones[1]"), "\"12ab\""));
    assert_non_null(strstr(crm_test_json_string(&r, "error.fields.phones[2]"),
                           "has 8 digits after +48, which needs 9"));
    assert_non_null(strstr(crm_test_json_string(&r, "error.fields.emails[0]"),
                           "is not an e-mail address"));
    assert_null(crm_test_json_string(&r, "error.fields.phones[0]"));
    crm_test_response_free(&r);

    assert_int_equal(crm_test_request(anna, "GET", "/api/v1/client?_count=true", NULL, &r), 200);
    assert_int_equal(crm_test_json_int(&r, "count", -1), 0);
    crm_test_response_free(&r);
}

static void
phones_and_emails_are_stored_normalised_without_repeats(void **state)
{
    crm_test_session_t *anna = crm_test_user(*state, "anna", "advisor", NULL);
    crm_test_response_t r = {0};
    char id[25], path[64];

    clients_test_create(anna, "client", id,
                        "{\"kind\":\"individual\",\"first_name\":\"Jan\",\"last_name\":\"Kowalski\","
                        "\"phones\":[\"+48 600-100-200\",\"0048600100200\",\"(22) 555 12 34\"],"
                        "\"emails\":[\" Jan.Kowalski@Example.COM \",\"jan.kowalski@example.com\"]}");
    snprintf(path, sizeof path, "/api/v1/client/%s", id);
    assert_int_equal(crm_test_request(anna, "GET", path, NULL, &r), 200);
    assert_int_equal(clients_test_count(&r, "phones"), 2);
    assert_string_equal(crm_test_json_string(&r, "phones.0"), "+48600100200");
    assert_string_equal(crm_test_json_string(&r, "phones.1"), "+48225551234");
    assert_int_equal(clients_test_count(&r, "emails"), 1);
    assert_string_equal(crm_test_json_string(&r, "emails.0"), "jan.kowalski@example.com");
    crm_test_response_free(&r);

    /* An update is normalised the same way. */
    assert_int_equal(clients_test_send(anna, "PATCH", path, &r, "{\"phones\":[\"601 200 300\"]}"),
                     200);
    assert_string_equal(crm_test_json_string(&r, "phones.0"), "+48601200300");
    assert_int_equal(clients_test_count(&r, "phones"), 1);
    crm_test_response_free(&r);
}

static void
the_name_lists_show_follows_the_kind_and_the_names(void **state)
{
    crm_test_session_t *anna = crm_test_user(*state, "anna", "advisor", NULL);
    crm_test_session_t *board = crm_test_user(*state, "board", "board", NULL);
    crm_test_response_t r = {0};
    char person[25], company[25], path[64];

    clients_test_create(anna, "client", person,
                        "{\"kind\":\"individual\",\"first_name\":\"Ewa\",\"last_name\":\"Lis\"}");
    clients_test_create(anna, "client", company,
                        "{\"kind\":\"organisation\",\"company_name\":\"Lis i Syn sp. z o.o.\"}");
    snprintf(path, sizeof path, "/api/v1/client/%s", person);
    assert_int_equal(clients_test_send(anna, "PATCH", path, &r, "{\"last_name\":\"Lis-Nowak\"}"),
                     200);
    assert_string_equal(crm_test_json_string(&r, "display_name"), "Ewa Lis-Nowak");
    /* A new client starts as a potential one, in the matching lifecycle phase. */
    assert_string_equal(crm_test_json_string(&r, "status"), "potential");
    assert_string_equal(crm_test_json_string(&r, "lifecycle_phase"), "potential");
    crm_test_response_free(&r);
    assert_int_equal(clients_test_send(anna, "PATCH", path, &r, "{\"status\":\"active\"}"), 200);
    assert_string_equal(crm_test_json_string(&r, "lifecycle_phase"), "developing");
    crm_test_response_free(&r);

    /* Lists search that name. (As a board member: the core refuses q= for callers whose scope
     * is narrower than "all", see docs/plugins/clients.md.) */
    assert_int_equal(crm_test_request(board, "GET", "/api/v1/client?q=syn", NULL, &r), 200);
    assert_int_equal(clients_test_count(&r, "items"), 1);
    assert_string_equal(clients_test_item(&r, "items", 0, "display_name"), "Lis i Syn sp. z o.o.");
    crm_test_response_free(&r);

    /* Each kind needs its name. */
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/client", &r,
                                       "{\"kind\":\"individual\",\"first_name\":\"Ewa\"}"),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.last_name"),
                        "is required for an individual");
    crm_test_response_free(&r);
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/client", &r,
                                       "{\"kind\":\"organisation\",\"last_name\":\"Lis\"}"),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.company_name"),
                        "is required for an organisation");
    crm_test_response_free(&r);
}

static void
fields_the_bank_computes_cannot_be_typed_in(void **state)
{
    crm_test_session_t *anna = crm_test_user(*state, "anna", "advisor", NULL);
    crm_test_response_t r = {0};

    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/client", &r,
                                       "{\"kind\":\"individual\",\"last_name\":\"Lis\","
                                       "\"segment\":\"private\",\"completeness\":100,"
                                       "\"display_name\":\"VIP\"}"),
                     422);
    assert_non_null(crm_test_json_string(&r, "error.fields.segment"));
    assert_non_null(crm_test_json_string(&r, "error.fields.completeness"));
    assert_non_null(crm_test_json_string(&r, "error.fields.display_name"));
    crm_test_response_free(&r);
}

static void
a_pesel_is_checked_and_gives_the_birth_date(void **state)
{
    crm_test_session_t *anna = crm_test_user(*state, "anna", "advisor", NULL);
    crm_test_response_t r = {0};
    char id[25], path[64];

    /* 44051401458: born 1944-05-14, valid check digit. */
    clients_test_create(anna, "client", id,
                        "{\"kind\":\"individual\",\"last_name\":\"Lis\",\"national_id\":\"44051401458\"}");
    snprintf(path, sizeof path, "/api/v1/client/%s", id);
    assert_int_equal(crm_test_request(anna, "GET", path, NULL, &r), 200);
    assert_string_equal(crm_test_json_string(&r, "birth_date"), "1944-05-14");
    crm_test_response_free(&r);
    /* 02270803624: born 2002-07-08 (month + 20 for the 2000s). */
    clients_test_create(anna, "client", NULL,
                        "{\"kind\":\"individual\",\"last_name\":\"Lis\",\"national_id\":\"02270803624\","
                        "\"birth_date\":\"2002-07-08\"}");

    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/client", &r,
                                       "{\"kind\":\"individual\",\"last_name\":\"Lis\","
                                       "\"national_id\":\"44051401459\"}"),
                     422);
    assert_non_null(strstr(crm_test_json_string(&r, "error.fields.national_id"), "PESEL"));
    /* The message does not repeat the number. */
    assert_null(strstr(r.body, "44051401459"));
    crm_test_response_free(&r);
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/client", &r,
                                       "{\"kind\":\"individual\",\"last_name\":\"Lis\","
                                       "\"national_id\":\"44051401458\",\"birth_date\":\"1945-05-14\"}"),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.birth_date"),
                        "does not match the PESEL");
    crm_test_response_free(&r);
    /* An organisation's registration number is not a PESEL. */
    clients_test_create(anna, "client", NULL,
                        "{\"kind\":\"organisation\",\"company_name\":\"Lis SA\","
                        "\"registration_number\":\"0000123456\"}");
}

static void
a_consent_changed_without_a_date_is_dated_today(void **state)
{
    crm_test_session_t *anna = crm_test_user(*state, "anna", "advisor", NULL);
    crm_test_response_t r = {0};
    char id[25], path[64], today[32];

    clients_test_day(0, NULL, today);
    clients_test_create(anna, "client", id,
                        "{\"kind\":\"individual\",\"last_name\":\"Lis\",\"consents\":{"
                        "\"email\":{\"granted\":true,\"origin\":\"branch form\"},"
                        "\"sms\":{\"granted\":false,\"date\":\"2026-03-01\"}}}");
    snprintf(path, sizeof path, "/api/v1/client/%s", id);
    assert_int_equal(crm_test_request(anna, "GET", path, NULL, &r), 200);
    assert_string_equal(crm_test_json_string(&r, "consents.email.date"), today);
    assert_string_equal(crm_test_json_string(&r, "consents.email.origin"), "branch form");
    assert_string_equal(crm_test_json_string(&r, "consents.sms.date"), "2026-03-01");
    crm_test_response_free(&r);
    assert_int_equal(clients_test_send(anna, "PATCH", path, &r,
                                       "{\"consents\":{\"email\":{\"granted\":true,"
                                       "\"date\":\"2026-01-05\"},\"sms\":{\"granted\":true}}}"),
                     200);
    assert_string_equal(crm_test_json_string(&r, "consents.email.date"), "2026-01-05");
    assert_string_equal(crm_test_json_string(&r, "consents.sms.date"), today);
    crm_test_response_free(&r);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            a_client_with_an_unreadable_phone_is_refused_field_by_field_and_nothing_is_stored),
        cmocka_unit_test(phones_and_emails_are_stored_normalised_without_repeats),
        cmocka_unit_test(the_name_lists_show_follows_the_kind_and_the_names),
        cmocka_unit_test(fields_the_bank_computes_cannot_be_typed_in),
        cmocka_unit_test(a_pesel_is_checked_and_gives_the_birth_date),
        cmocka_unit_test(a_consent_changed_without_a_date_is_dated_today),
    };

    return clients_test_main(argc, argv, "clients", tests, sizeof tests / sizeof tests[0]);
}
