/* The jobs over HTTP, run now by an administrator: renewals (one opportunity and one task per
 * maturing account, whatever the number of runs), what a renewal records at maturity, and
 * stuck opportunities telling their owner and director. A job runs on the clock of its run,
 * so the tests place maturities relative to today and make opportunities look idle with the
 * fixture tests/fixture_clock.c; the exact boundaries are tested on a fixed clock in
 * tests/test_rules.c. */
#include "support.h"

#include <stdio.h>
#include <string.h>

/* An account of anna's client for PRODUCT maturing DAYS from today (with a balance). */
static void
account(const retail_test_bank_t *b, const char *number, const char *product, int days,
        const char *status, char id[25])
{
    char maturity[32];

    clients_test_day(days, NULL, maturity);
    clients_test_create(b->anna, "account", id,
                        "{\"number\":\"%s\",\"client_id\":\"%s\",\"product_id\":\"%s\","
                        "\"maturity\":\"%s\",\"status\":\"%s\","
                        "\"balance\":{\"amount\":1500000,\"currency\":\"PLN\"}}",
                        number, b->anna_client, product, maturity, status);
}

/* GETs the records of ENTITY matching FILTER (JSON, URL-safe) as S into R. */
static void
find(crm_test_session_t *s, const char *entity, const char *filter, crm_test_response_t *r)
{
    char path[512];

    snprintf(path, sizeof path, "/api/v1/%s?limit=100&filter=%s", entity, filter);
    profile_get(s, path, r);
}

/* The id of the renewal opportunity of account ACCOUNT into ID (asserting there is one). */
static void
renewal_of(crm_test_session_t *s, const char *account_id, char id[25])
{
    crm_test_response_t r = {0};
    char filter[96];

    snprintf(filter, sizeof filter, "{\"renewal_of\":\"%s\"}", account_id);
    find(s, "opportunity", filter, &r);
    assert_int_equal(clients_test_count(&r, "items"), 1);
    snprintf(id, 25, "%s", crm_test_json_string(&r, "items.0.id"));
    crm_test_response_free(&r);
}

static void
renewals_make_one_opportunity_and_one_task_per_maturing_contract(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char in30[25], in60[25], in61[25], past[25], closed[25], current[25], card[25], product[25];
    char opportunity[25], filter[96], maturity[32];

    retail_test_bank(*state, &b);
    clients_test_create(b.admin, "product", product,
                        "{\"code\":\"CARD-CREDIT\",\"name\":\"Credit card\",\"type\":\"card\"}");
    account(&b, "PL-30", b.deposit, 30, "active", in30);
    account(&b, "PL-60", b.loan, 60, "active", in60);
    account(&b, "PL-61", b.deposit, 61, "active", in61);
    account(&b, "PL-PAST", b.deposit, -1, "active", past);
    account(&b, "PL-CLOSED", b.deposit, 20, "closed", closed);
    account(&b, "PL-ROR", b.account, 20, "active", current);
    account(&b, "PL-CARD", product, 20, "active", card);

    profile_run_job(b.admin, "retail_renewals", &r);
    assert_int_equal(profile_run_count(&r, "accounts"), 2);
    assert_int_equal(profile_run_count(&r, "created"), 2);
    assert_int_equal(profile_run_count(&r, "failed"), 0);
    crm_test_response_free(&r);

    renewal_of(b.anna, in30, opportunity);
    renewal_of(b.anna, in60, opportunity);
    retail_test_get(b.anna, "opportunity", opportunity, &r);
    clients_test_day(60, NULL, maturity);
    assert_string_equal(crm_test_json_string(&r, "kind"), "renewal");
    assert_string_equal(crm_test_json_string(&r, "stage"), "lead");
    assert_string_equal(crm_test_json_string(&r, "expected_close"), maturity);
    assert_string_equal(crm_test_json_string(&r, "title"), "Renewal: Cash loan");
    assert_string_equal(crm_test_json_string(&r, "product_type"), "loan");
    assert_string_equal(crm_test_json_string(&r, "owner_id"), crm_test_user_id(b.anna));
    assert_string_equal(crm_test_json_string(&r, "org_unit"), b.branch_a);
    assert_int_equal(crm_test_json_int(&r, "amount.amount", -1), 1500000);
    crm_test_response_free(&r);
    /* Anna has a task about it. */
    snprintf(filter, sizeof filter, "{\"about_id\":\"%s\"}", opportunity);
    find(b.anna, "task", filter, &r);
    assert_int_equal(clients_test_count(&r, "items"), 1);
    assert_string_equal(crm_test_json_string(&r, "items.0.assignee"), crm_test_user_id(b.anna));
    assert_string_equal(crm_test_json_string(&r, "items.0.origin"), "retail");
    assert_string_equal(crm_test_json_string(&r, "items.0.client_id"), b.anna_client);
    assert_non_null(strstr(crm_test_json_string(&r, "items.0.title"), "PL-60"));
    crm_test_response_free(&r);
    /* Nothing for the others. */
    find(b.admin, "opportunity", "{\"kind\":\"renewal\"}", &r);
    assert_int_equal(clients_test_count(&r, "items"), 2);
    crm_test_response_free(&r);

    /* Again: nothing new. */
    profile_run_job(b.admin, "retail_renewals", &r);
    assert_int_equal(profile_run_count(&r, "created"), 0);
    assert_int_equal(profile_run_count(&r, "existing"), 2);
    crm_test_response_free(&r);
    find(b.admin, "task", "{\"origin\":\"retail\"}", &r);
    assert_int_equal(clients_test_count(&r, "items"), 2);
    crm_test_response_free(&r);
}

static void
at_maturity_a_renewal_records_extended_or_expired_with_the_reason(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char signed_account[25], lost_account[25], open_account[25], later_account[25];
    char won[25], lost[25], undecided[25], later[25];

    retail_test_bank(*state, &b);
    account(&b, "PL-S", b.deposit, 0, "active", signed_account);
    account(&b, "PL-L", b.deposit, 0, "active", lost_account);
    account(&b, "PL-O", b.loan, 0, "active", open_account);
    account(&b, "PL-LATER", b.loan, 10, "active", later_account);
    profile_run_job(b.admin, "retail_renewals", &r);
    assert_int_equal(profile_run_count(&r, "created"), 4);
    crm_test_response_free(&r);
    renewal_of(b.anna, signed_account, won);
    renewal_of(b.anna, lost_account, lost);
    renewal_of(b.anna, open_account, undecided);
    renewal_of(b.anna, later_account, later);
    retail_test_patch(b.anna, "opportunity", won, "{\"stage\":\"signed\"}");
    retail_test_patch(b.anna, "opportunity", lost,
                      "{\"stage\":\"lost\",\"lost_reason\":\"competitor\"}");
    retail_test_patch(b.anna, "opportunity", undecided, "{\"stage\":\"offer\"}");

    profile_run_job(b.admin, "retail_renewal_outcomes", &r);
    assert_int_equal(profile_run_count(&r, "extended"), 1);
    assert_int_equal(profile_run_count(&r, "expired"), 2);
    crm_test_response_free(&r);
    retail_test_get(b.anna, "opportunity", won, &r);
    assert_string_equal(crm_test_json_string(&r, "renewal_outcome"), "extended");
    assert_null(crm_test_json_string(&r, "renewal_reason"));
    crm_test_response_free(&r);
    retail_test_get(b.anna, "opportunity", lost, &r);
    assert_string_equal(crm_test_json_string(&r, "renewal_outcome"), "expired");
    assert_string_equal(crm_test_json_string(&r, "renewal_reason"), "competitor");
    crm_test_response_free(&r);
    retail_test_get(b.anna, "opportunity", undecided, &r);
    assert_string_equal(crm_test_json_string(&r, "renewal_outcome"), "expired");
    assert_string_equal(crm_test_json_string(&r, "renewal_reason"), "no decision by maturity");
    assert_string_equal(crm_test_json_string(&r, "stage"), "lost");
    assert_string_equal(crm_test_json_string(&r, "lost_from_stage"), "offer");
    assert_string_equal(crm_test_json_string(&r, "lost_reason"), "other");
    crm_test_response_free(&r);
    retail_test_get(b.anna, "opportunity", later, &r);
    assert_null(crm_test_json_string(&r, "renewal_outcome"));
    assert_string_equal(crm_test_json_string(&r, "stage"), "lead");
    crm_test_response_free(&r);
    /* Recorded once. */
    profile_run_job(b.admin, "retail_renewal_outcomes", &r);
    assert_int_equal(profile_run_count(&r, "extended") + profile_run_count(&r, "expired"), 0);
    crm_test_response_free(&r);
}

/* Makes opportunity ID look idle for DAYS days. */
static void
idle(crm_test_session_t *admin, const char *id, int days)
{
    crm_test_response_t r = {0};
    char path[128];

    snprintf(path, sizeof path, "/api/v1/retail_clock/idle/%s?days=%d", id, days);
    assert_int_equal(crm_test_request(admin, "POST", path, NULL, &r), 200);
    crm_test_response_free(&r);
}

/* The tasks about opportunity ID that S sees, into R. */
static void
tasks_about(crm_test_session_t *s, const char *id, crm_test_response_t *r)
{
    char filter[96];

    snprintf(filter, sizeof filter, "{\"about_id\":\"%s\"}", id);
    find(s, "task", filter, r);
}

static void
a_stuck_opportunity_tells_its_owner_and_director_once(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    crm_test_session_t *marek;
    char team[25], lead[25], fresh[25], offer[25], teams[25], client[25];

    retail_test_bank(*state, &b);
    assert_int_equal(crm_test_org_unit(*state, "Krakow mortgages", "team", b.branch_a, team), 0);
    marek = crm_test_user(*state, "marek", "advisor", team);
    assert_non_null(marek);
    retail_test_opportunity(b.anna, b.anna_client, b.deposit, NULL, lead);
    retail_test_opportunity(b.anna, b.anna_client, b.loan, NULL, fresh);
    retail_test_opportunity(b.anna, b.anna_client, b.loan, "\"stage\":\"offer\"", offer);
    clients_test_create(marek, "client", client, "{\"kind\":\"individual\",\"last_name\":\"Lis\"}");
    retail_test_opportunity(marek, client, b.deposit, NULL, teams);
    idle(b.admin, lead, 15);  /* lead: more than 14 days */
    idle(b.admin, fresh, 13); /* not yet */
    idle(b.admin, offer, 11); /* offer: more than 10 days */
    idle(b.admin, teams, 20);

    profile_run_job(b.admin, "retail_stuck", &r);
    assert_int_equal(profile_run_count(&r, "open"), 4);
    assert_int_equal(profile_run_count(&r, "flagged"), 3);
    assert_int_equal(profile_run_count(&r, "told_directors"), 3);
    crm_test_response_free(&r);

    retail_test_get(b.anna, "opportunity", lead, &r);
    assert_true(clients_test_bool(&r, "stuck"));
    assert_non_null(crm_test_json_string(&r, "stuck_since"));
    crm_test_response_free(&r);
    retail_test_get(b.anna, "opportunity", fresh, &r);
    assert_false(clients_test_bool(&r, "stuck"));
    crm_test_response_free(&r);
    /* Anna has a task, and her director one too. */
    tasks_about(b.anna, lead, &r);
    assert_int_equal(clients_test_count(&r, "items"), 1);
    assert_non_null(strstr(crm_test_json_string(&r, "items.0.notes"),
                           "No activity for 15 days in the stage lead (the limit is 14 days)"));
    crm_test_response_free(&r);
    tasks_about(b.dorota, lead, &r);
    assert_int_equal(clients_test_count(&r, "items"), 2);
    assert_true(clients_test_has(&r, "items", "assignee", crm_test_user_id(b.dorota)));
    crm_test_response_free(&r);
    /* A team without a director: the branch's is told. */
    tasks_about(b.admin, teams, &r);
    assert_int_equal(clients_test_count(&r, "items"), 2);
    assert_true(clients_test_has(&r, "items", "assignee", crm_test_user_id(marek)));
    assert_true(clients_test_has(&r, "items", "assignee", crm_test_user_id(b.dorota)));
    crm_test_response_free(&r);
    /* The event says who was told. */
    profile_get(b.admin, "/api/v1/retail_clock/stuck_events", &r);
    assert_int_equal(clients_test_count(&r, "events"), 3);
    assert_true(clients_test_has(&r, "events", "opportunity_id", lead));
    assert_true(clients_test_has(&r, "events", "director_id", crm_test_user_id(b.dorota)));
    crm_test_response_free(&r);

    /* Still stuck the next day: nobody is told again. */
    profile_run_job(b.admin, "retail_stuck", &r);
    assert_int_equal(profile_run_count(&r, "flagged"), 0);
    assert_int_equal(profile_run_count(&r, "still_stuck"), 3);
    crm_test_response_free(&r);
    tasks_about(b.admin, lead, &r);
    assert_int_equal(clients_test_count(&r, "items"), 2);
    crm_test_response_free(&r);

    /* Anna calls the client about it: it moves again. */
    clients_test_create(b.anna, "interaction", NULL,
                        "{\"kind\":\"call\",\"client_id\":\"%s\",\"about_entity\":\"opportunity\","
                        "\"about_id\":\"%s\"}",
                        b.anna_client, lead);
    retail_test_get(b.anna, "opportunity", lead, &r);
    assert_false(clients_test_bool(&r, "stuck"));
    assert_null(crm_test_json_string(&r, "stuck_since"));
    crm_test_response_free(&r);
    profile_run_job(b.admin, "retail_stuck", &r);
    assert_int_equal(profile_run_count(&r, "flagged"), 0);
    assert_int_equal(profile_run_count(&r, "still_stuck"), 2);
    crm_test_response_free(&r);
}

static void
days_to_sign_count_whole_days_from_the_lead(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char id[25];

    retail_test_bank(*state, &b);
    retail_test_opportunity(b.anna, b.anna_client, b.deposit,
                            "\"amount\":{\"amount\":100,\"currency\":\"PLN\"}", id);
    idle(b.admin, id, 5);
    retail_test_patch(b.anna, "opportunity", id, "{\"stage\":\"signed\"}");
    retail_test_get(b.anna, "opportunity", id, &r);
    assert_int_equal(crm_test_json_int(&r, "days_to_sign", -1), 5);
    crm_test_response_free(&r);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(renewals_make_one_opportunity_and_one_task_per_maturing_contract),
        cmocka_unit_test(at_maturity_a_renewal_records_extended_or_expired_with_the_reason),
        cmocka_unit_test(a_stuck_opportunity_tells_its_owner_and_director_once),
        cmocka_unit_test(days_to_sign_count_whole_days_from_the_lead),
    };

    return retail_test_main(argc, argv, "retail_jobs", tests, sizeof tests / sizeof tests[0]);
}
