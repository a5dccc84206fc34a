/* Opportunities over HTTP: what a new one gets, its stages and their timestamps (audited),
 * the final stages, the lost reason's rules, refused input, the kind, and who sees what. */
#include "support.h"

#include <stdio.h>
#include <string.h>

/* PATCHes opportunity ID as S with the body made from FMT; returns the status, R kept. */
#define PATCH(s, id, r, ...) clients_test_send((s), "PATCH", path_of(id), (r), __VA_ARGS__)

static const char *
path_of(const char *id)
{
    static char path[96];

    snprintf(path, sizeof path, "/api/v1/opportunity/%s", id);
    return path;
}

static void
a_new_opportunity_is_a_lead_with_the_products_type_line_and_title(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char id[25];

    retail_test_bank(*state, &b);
    retail_test_opportunity(b.anna, b.anna_client, b.deposit,
                            "\"amount\":{\"amount\":1000000,\"currency\":\"PLN\"}", id);
    retail_test_get(b.anna, "opportunity", id, &r);
    assert_string_equal(crm_test_json_string(&r, "stage"), "lead");
    assert_string_equal(crm_test_json_string(&r, "product_type"), "deposit");
    assert_string_equal(crm_test_json_string(&r, "product_line"), "savings");
    assert_string_equal(crm_test_json_string(&r, "title"), "Deposit 12 months");
    /* The client holds no account yet. */
    assert_string_equal(crm_test_json_string(&r, "kind"), "new_client");
    assert_int_equal(crm_test_json_int(&r, "probability", -1), 10);
    assert_non_null(crm_test_json_string(&r, "lead_at"));
    assert_string_equal(crm_test_json_string(&r, "stage_changed_at"),
                        crm_test_json_string(&r, "lead_at"));
    assert_string_equal(crm_test_json_string(&r, "last_activity_at"),
                        crm_test_json_string(&r, "lead_at"));
    assert_false(clients_test_bool(&r, "stuck"));
    assert_null(crm_test_json_string(&r, "signed_at"));
    assert_string_equal(crm_test_json_string(&r, "owner_id"), crm_test_user_id(b.anna));
    assert_string_equal(crm_test_json_string(&r, "org_unit"), b.branch_a);
    crm_test_response_free(&r);
}

static void
every_stage_is_timestamped_when_first_entered_and_audited(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char id[25], qualified_at[32], audit[160];

    retail_test_bank(*state, &b);
    retail_test_opportunity(b.anna, b.anna_client, b.loan,
                            "\"amount\":{\"amount\":2000000,\"currency\":\"PLN\"},"
                            "\"title\":\"Car loan\"",
                            id);
    retail_test_patch(b.anna, "opportunity", id, "{\"stage\":\"qualified\"}");
    retail_test_get(b.anna, "opportunity", id, &r);
    assert_int_equal(crm_test_json_int(&r, "probability", -1), 25);
    assert_string_equal(crm_test_json_string(&r, "title"), "Car loan");
    assert_non_null(crm_test_json_string(&r, "qualified_at"));
    snprintf(qualified_at, sizeof qualified_at, "%s", crm_test_json_string(&r, "qualified_at"));
    assert_string_equal(crm_test_json_string(&r, "stage_changed_at"), qualified_at);
    crm_test_response_free(&r);
    sleep(1);
    /* Forward, back, forward again: a stage keeps the time it was first entered. */
    retail_test_patch(b.anna, "opportunity", id, "{\"stage\":\"offer\"}");
    retail_test_patch(b.anna, "opportunity", id, "{\"stage\":\"qualified\"}");
    retail_test_patch(b.anna, "opportunity", id, "{\"stage\":\"application\",\"probability\":90}");
    retail_test_get(b.anna, "opportunity", id, &r);
    assert_string_equal(crm_test_json_string(&r, "qualified_at"), qualified_at);
    assert_non_null(crm_test_json_string(&r, "offer_at"));
    assert_non_null(crm_test_json_string(&r, "application_at"));
    assert_true(strcmp(crm_test_json_string(&r, "stage_changed_at"), qualified_at) > 0);
    assert_int_equal(crm_test_json_int(&r, "probability", -1), 90); /* as given */
    crm_test_response_free(&r);
    retail_test_patch(b.anna, "opportunity", id, "{\"stage\":\"signed\"}");
    retail_test_get(b.anna, "opportunity", id, &r);
    assert_non_null(crm_test_json_string(&r, "signed_at"));
    assert_string_equal(crm_test_json_string(&r, "closed_at"),
                        crm_test_json_string(&r, "signed_at"));
    assert_string_equal(crm_test_json_string(&r, "stage_changed_at"),
                        crm_test_json_string(&r, "signed_at"));
    assert_int_equal(crm_test_json_int(&r, "days_to_sign", -1), 0);
    assert_int_equal(crm_test_json_int(&r, "probability", -1), 100);
    assert_null(crm_test_json_string(&r, "lost_at"));
    crm_test_response_free(&r);

    /* Each move is in the audit trail, newest first, by Anna. */
    snprintf(audit, sizeof audit, "/api/v1/audit?entity=opportunity&record_id=%s&action=update",
             id);
    profile_get(b.admin, audit, &r);
    assert_int_equal(clients_test_count(&r, "items"), 5);
    assert_string_equal(crm_test_json_string(&r, "items.0.changes.stage.from"), "application");
    assert_string_equal(crm_test_json_string(&r, "items.0.changes.stage.to"), "signed");
    assert_non_null(strstr(r.body, "\"signed_at\""));
    assert_string_equal(crm_test_json_string(&r, "items.4.changes.stage.to"), "qualified");
    assert_string_equal(crm_test_json_string(&r, "items.4.actor"), crm_test_user_id(b.anna));
    crm_test_response_free(&r);
}

static void
signed_and_lost_are_final(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char won[25], lost[25];

    retail_test_bank(*state, &b);
    retail_test_opportunity(b.anna, b.anna_client, b.deposit,
                            "\"stage\":\"offer\",\"amount\":{\"amount\":500,\"currency\":\"PLN\"}",
                            won);
    retail_test_patch(b.anna, "opportunity", won, "{\"stage\":\"signed\"}");
    assert_int_equal(PATCH(b.anna, won, &r, "{\"stage\":\"offer\"}"), 422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.stage"),
                        "is final: a signed opportunity cannot change its stage");
    crm_test_response_free(&r);
    assert_int_equal(PATCH(b.anna, won, &r, "{\"stage\":\"lost\",\"lost_reason\":\"other\"}"), 422);
    crm_test_response_free(&r);
    retail_test_get(b.anna, "opportunity", won, &r);
    assert_string_equal(crm_test_json_string(&r, "stage"), "signed");
    assert_null(crm_test_json_string(&r, "lost_reason"));
    crm_test_response_free(&r);

    retail_test_opportunity(b.anna, b.anna_client, b.loan, NULL, lost);
    retail_test_patch(b.anna, "opportunity", lost,
                      "{\"stage\":\"lost\",\"lost_reason\":\"competitor\"}");
    assert_int_equal(PATCH(b.anna, lost, &r, "{\"stage\":\"lead\",\"lost_reason\":null}"), 422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.stage"),
                        "is final: a lost opportunity cannot be reopened (create a new one)");
    crm_test_response_free(&r);
    /* Other fields of a closed opportunity may still be written. */
    retail_test_patch(b.anna, "opportunity", lost,
                      "{\"lost_note\":\"a better rate at another bank\"}");
}

static void
a_lost_reason_is_required_when_lost_and_refused_otherwise(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char id[25];

    retail_test_bank(*state, &b);
    retail_test_opportunity(b.anna, b.anna_client, b.loan, "\"stage\":\"offer\"", id);
    assert_int_equal(PATCH(b.anna, id, &r, "{\"stage\":\"lost\"}"), 422);
    assert_string_equal(crm_test_json_string(&r, "error.code"), "invalid");
    assert_string_equal(crm_test_json_string(&r, "error.fields.lost_reason"),
                        "is required when the stage is lost");
    crm_test_response_free(&r);
    assert_int_equal(PATCH(b.anna, id, &r, "{\"lost_reason\":\"competitor\"}"), 422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.lost_reason"),
                        "may be given only when the stage is lost");
    crm_test_response_free(&r);
    assert_int_equal(PATCH(b.anna, id, &r, "{\"stage\":\"lost\",\"lost_reason\":\"cheaper\"}"),
                     422);
    assert_non_null(strstr(crm_test_json_string(&r, "error.fields.lost_reason"),
                           "must be one of: competitor, resigned"));
    crm_test_response_free(&r);
    /* None of that was stored. */
    retail_test_get(b.anna, "opportunity", id, &r);
    assert_string_equal(crm_test_json_string(&r, "stage"), "offer");
    assert_null(crm_test_json_string(&r, "lost_reason"));
    assert_int_equal(crm_test_json_int(&r, "version", -1), 1);
    crm_test_response_free(&r);

    retail_test_patch(b.anna, "opportunity", id,
                      "{\"stage\":\"lost\",\"lost_reason\":\"rejected_by_bank\"}");
    retail_test_get(b.anna, "opportunity", id, &r);
    assert_string_equal(crm_test_json_string(&r, "lost_from_stage"), "offer");
    assert_non_null(crm_test_json_string(&r, "lost_at"));
    assert_string_equal(crm_test_json_string(&r, "closed_at"), crm_test_json_string(&r, "lost_at"));
    assert_int_equal(crm_test_json_int(&r, "probability", -1), 0);
    assert_null(crm_test_json_string(&r, "commission.currency"));
    crm_test_response_free(&r);
}

static void
bad_input_is_refused_with_a_message_per_field(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char id[25];

    retail_test_bank(*state, &b);
    assert_int_equal(clients_test_send(b.anna, "POST", "/api/v1/opportunity", &r,
                                       "{\"client_id\":\"%s\",\"product_id\":\"%s\","
                                       "\"stage\":\"won\",\"amount\":\"100 PLN\",\"colour\":1,"
                                       "\"probability\":101,\"signed_at\":"
                                       "\"2026-01-01T00:00:00Z\",\"source\":\"tv\"}",
                                       b.anna_client, b.deposit),
                     422);
    assert_non_null(strstr(crm_test_json_string(&r, "error.fields.stage"), "must be one of"));
    assert_non_null(strstr(crm_test_json_string(&r, "error.fields.amount"), "must be"));
    assert_string_equal(crm_test_json_string(&r, "error.fields.colour"),
                        "is not a field of opportunity");
    assert_non_null(crm_test_json_string(&r, "error.fields.probability"));
    assert_non_null(crm_test_json_string(&r, "error.fields.signed_at"));
    assert_non_null(strstr(crm_test_json_string(&r, "error.fields.source"), "walk_in"));
    crm_test_response_free(&r);
    assert_int_equal(clients_test_send(b.anna, "POST", "/api/v1/opportunity", &r,
                                       "{\"product_id\":\"%s\"}", b.deposit),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.client_id"), "is required");
    crm_test_response_free(&r);
    /* Money is never negative. */
    assert_int_equal(clients_test_send(b.anna, "POST", "/api/v1/opportunity", &r,
                                       "{\"client_id\":\"%s\",\"product_id\":\"%s\","
                                       "\"amount\":{\"amount\":-5,\"currency\":\"PLN\"}}",
                                       b.anna_client, b.deposit),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.amount"), "must not be negative");
    crm_test_response_free(&r);
    /* The stage cannot be removed; signing needs an amount. */
    retail_test_opportunity(b.anna, b.anna_client, b.deposit, NULL, id);
    assert_int_equal(PATCH(b.anna, id, &r, "{\"stage\":null}"), 422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.stage"),
                        "is required and cannot be removed");
    crm_test_response_free(&r);
    assert_int_equal(PATCH(b.anna, id, &r, "{\"stage\":\"signed\"}"), 422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.amount"), "is required to sign");
    crm_test_response_free(&r);
}

static void
an_advisor_neither_sees_nor_changes_another_units_opportunity(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char id[25];

    retail_test_bank(*state, &b);
    retail_test_opportunity(b.anna, b.anna_client, b.deposit, NULL, id);
    assert_int_equal(crm_test_request(b.piotr, "GET", path_of(id), NULL, &r), 404);
    crm_test_response_free(&r);
    assert_int_equal(PATCH(b.piotr, id, &r, "{\"stage\":\"qualified\"}"), 404);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(b.zofia, "GET", path_of(id), NULL, &r), 404);
    crm_test_response_free(&r);
    profile_get(b.piotr, "/api/v1/opportunity?_count=true", &r);
    assert_int_equal(crm_test_json_int(&r, "count", -1), 0);
    crm_test_response_free(&r);
    /* Nor makes one for a client he cannot see. */
    assert_int_equal(clients_test_send(b.piotr, "POST", "/api/v1/opportunity", &r,
                                       "{\"client_id\":\"%s\",\"product_id\":\"%s\"}",
                                       b.anna_client, b.deposit),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.client_id"),
                        "refers to no client you can see");
    crm_test_response_free(&r);
    /* Anna's director sees and moves it; the board reads it but changes nothing. */
    retail_test_patch(b.dorota, "opportunity", id, "{\"stage\":\"qualified\"}");
    retail_test_get(b.board, "opportunity", id, &r);
    assert_string_equal(crm_test_json_string(&r, "stage"), "qualified");
    assert_string_equal(crm_test_json_string(&r, "updated_by"), crm_test_user_id(b.dorota));
    crm_test_response_free(&r);
    assert_int_equal(PATCH(b.board, id, &r, "{\"stage\":\"offer\"}"), 403);
    crm_test_response_free(&r);
    /* Anna's colleague in the same branch does not see her own opportunity either. */
    assert_int_equal(crm_test_request(b.jan, "GET", path_of(id), NULL, &r), 404);
    crm_test_response_free(&r);
}

static void
the_kind_says_new_client_existing_client_or_renewal(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char account[25], other[25], id[25], extra[96];

    retail_test_bank(*state, &b);
    clients_test_create(b.anna, "account", account,
                        "{\"number\":\"PL01\",\"client_id\":\"%s\",\"product_id\":\"%s\","
                        "\"opened\":\"2025-01-10\",\"maturity\":\"2027-01-10\"}",
                        b.anna_client, b.deposit);
    clients_test_create(b.piotr, "account", other,
                        "{\"number\":\"PL02\",\"client_id\":\"%s\",\"product_id\":\"%s\"}",
                        b.piotr_client, b.deposit);
    retail_test_opportunity(b.anna, b.anna_client, b.loan, NULL, id);
    retail_test_get(b.anna, "opportunity", id, &r);
    assert_string_equal(crm_test_json_string(&r, "kind"), "existing_client");
    crm_test_response_free(&r);

    /* A renewal closes when the contract matures, and that date stays. */
    snprintf(extra, sizeof extra, "\"renewal_of\":\"%s\"", account);
    retail_test_opportunity(b.anna, b.anna_client, b.deposit, extra, id);
    retail_test_get(b.anna, "opportunity", id, &r);
    assert_string_equal(crm_test_json_string(&r, "kind"), "renewal");
    assert_string_equal(crm_test_json_string(&r, "expected_close"), "2027-01-10");
    crm_test_response_free(&r);
    assert_int_equal(PATCH(b.anna, id, &r, "{\"expected_close\":\"2027-02-01\"}"), 422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.expected_close"),
                        "of a renewal is the contract's maturity and cannot change");
    crm_test_response_free(&r);
    /* Only the client's own account is renewed. */
    assert_int_equal(clients_test_send(b.anna, "POST", "/api/v1/opportunity", &r,
                                       "{\"client_id\":\"%s\",\"product_id\":\"%s\","
                                       "\"renewal_of\":\"%s\"}",
                                       b.anna_client, b.deposit, other),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.renewal_of"),
                        "is an account of another client");
    crm_test_response_free(&r);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_new_opportunity_is_a_lead_with_the_products_type_line_and_title),
        cmocka_unit_test(every_stage_is_timestamped_when_first_entered_and_audited),
        cmocka_unit_test(signed_and_lost_are_final),
        cmocka_unit_test(a_lost_reason_is_required_when_lost_and_refused_otherwise),
        cmocka_unit_test(bad_input_is_refused_with_a_message_per_field),
        cmocka_unit_test(an_advisor_neither_sees_nor_changes_another_units_opportunity),
        cmocka_unit_test(the_kind_says_new_client_existing_client_or_renewal),
    };

    return retail_test_main(argc, argv, "retail_opportunity", tests,
                            sizeof tests / sizeof tests[0]);
}
