/* May we contact this client? The answers every sending plugin gets from the contact policy,
 * here through GET /api/v1/clients/{id}/may-contact. */
#include "support.h"

#include <stdio.h>
#include <string.h>

/* Asks about CLIENT as S and checks the answer: ALLOWED, and REASON as part of the reason. */
static void
expect(crm_test_session_t *s, const char *client, const char *channel, const char *purpose,
       bool allowed, const char *reason)
{
    crm_test_response_t r = {0};
    char path[160];

    snprintf(path, sizeof path, "/api/v1/clients/%s/may-contact?channel=%s&purpose=%s", client,
             channel, purpose);
    assert_int_equal(crm_test_request(s, "GET", path, NULL, &r), 200);
    if (clients_test_bool(&r, "allowed") != allowed ||
        !strstr(crm_test_json_string(&r, "reason"), reason))
        print_error("%s %s: %s\n", channel, purpose, r.body);
    assert_int_equal(clients_test_bool(&r, "allowed"), allowed);
    assert_non_null(strstr(crm_test_json_string(&r, "reason"), reason));
    crm_test_response_free(&r);
}

static void
consents_decide_marketing_and_profiling_and_contact_points_decide_everything(void **state)
{
    crm_test_session_t *anna = crm_test_user(*state, "anna", "advisor", NULL);
    crm_test_response_t r = {0};
    char client[25], path[64];

    clients_test_create(anna, "client", client,
                        "{\"kind\":\"individual\",\"last_name\":\"Lis\",\"status\":\"active\","
                        "\"emails\":[\"ewa@example.com\"],\"phones\":[\"600100200\"],"
                        "\"consents\":{\"email\":{\"granted\":true,\"date\":\"2026-01-05\"},"
                        "\"sms\":{\"granted\":false,\"date\":\"2026-03-01\"}}}");
    expect(anna, client, "email", "marketing", true, "e-mail consent granted 2026-01-05");
    expect(anna, client, "email", "survey", true, "e-mail consent granted");
    expect(anna, client, "sms", "marketing", false, "no SMS consent (withdrawn 2026-03-01)");
    expect(anna, client, "phone", "marketing", false, "no phone consent on record");
    /* Service messages need no consent, only somewhere to send them. */
    expect(anna, client, "sms", "service", true, "needs no consent");
    expect(anna, client, "post", "service", false, "no postal address on record");
    /* Profiling needs the profiling consent besides the channel's. */
    expect(anna, client, "email", "profiling", false, "no profiling consent on record");

    snprintf(path, sizeof path, "/api/v1/client/%s", client);
    assert_int_equal(clients_test_send(anna, "PATCH", path, &r,
                                       "{\"consents\":{\"email\":{\"granted\":true,\"date\":"
                                       "\"2026-01-05\"},\"profiling\":{\"granted\":true},"
                                       "\"post\":{\"granted\":true}},"
                                       "\"addresses\":{\"home\":{\"city\":\"Krakow\"}}}"),
                     200);
    crm_test_response_free(&r);
    expect(anna, client, "email", "profiling", true, "profiling consent granted");
    expect(anna, client, "post", "marketing", true, "postal consent granted");

    /* A former client gets no more service messages; marketing still follows the consent. */
    assert_int_equal(clients_test_send(anna, "PATCH", path, &r, "{\"status\":\"former\"}"), 200);
    crm_test_response_free(&r);
    expect(anna, client, "email", "service", false, "former client");
    expect(anna, client, "email", "marketing", true, "e-mail consent granted");
    /* No address, no e-mail: nothing, whatever the consent. */
    assert_int_equal(clients_test_send(anna, "PATCH", path, &r, "{\"emails\":null}"), 200);
    crm_test_response_free(&r);
    expect(anna, client, "email", "marketing", false, "no e-mail address on record");
}

static void
only_clients_in_scope_may_be_asked_about_with_known_channels_and_purposes(void **state)
{
    crm_test_session_t *anna = crm_test_user(*state, "anna", "advisor", NULL);
    crm_test_session_t *piotr = crm_test_user(*state, "piotr", "advisor", NULL);
    crm_test_response_t r = {0};
    char client[25], path[160];

    clients_test_create(anna, "client", client,
                        "{\"kind\":\"individual\",\"last_name\":\"Lis\",\"emails\":[\"a@b.pl\"]}");
    snprintf(path, sizeof path, "/api/v1/clients/%s/may-contact?channel=email&purpose=service",
             client);
    assert_int_equal(crm_test_request(piotr, "GET", path, NULL, &r), 404);
    assert_null(strstr(r.body, "allowed"));
    crm_test_response_free(&r);

    snprintf(path, sizeof path, "/api/v1/clients/%s/may-contact?channel=fax&purpose=service",
             client);
    assert_int_equal(crm_test_request(anna, "GET", path, NULL, &r), 400);
    assert_string_equal(crm_test_json_string(&r, "error.message"),
                        "channel is not known: one of email, sms, phone, post");
    crm_test_response_free(&r);
    snprintf(path, sizeof path, "/api/v1/clients/%s/may-contact?channel=sms", client);
    assert_int_equal(crm_test_request(anna, "GET", path, NULL, &r), 400);
    assert_string_equal(crm_test_json_string(&r, "error.message"),
                        "purpose is required: one of service, marketing, profiling, survey");
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(anna, "GET",
                                      "/api/v1/clients/0123456789abcdef01234567/may-contact?"
                                      "channel=sms&purpose=service",
                                      NULL, &r),
                     404);
    crm_test_response_free(&r);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            consents_decide_marketing_and_profiling_and_contact_points_decide_everything),
        cmocka_unit_test(
            only_clients_in_scope_may_be_asked_about_with_known_channels_and_purposes),
    };

    return clients_test_main(argc, argv, "clients_consent", tests, sizeof tests / sizeof tests[0]);
}
