/* myplugin's tests: a real core in-process with a temporary store, users in roles, HTTP. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <crm/testing.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *plugin_file; /* argv[1]: the built plugin */

static int
setup(void **state)
{
    crm_test_options_t options = {.size = sizeof options,
                                  .plugins = (const char *const[]){plugin_file, NULL}};

    *state = crm_test_core_start(&options);
    return *state ? 0 : -1;
}

static int
teardown(void **state)
{
    crm_test_core_stop(*state);
    return 0;
}

static void
an_advisor_creates_items_and_sees_only_their_own(void **state)
{
    crm_test_core_t *core = *state;
    crm_test_session_t *anna = crm_test_user(core, "anna", "advisor", NULL);
    crm_test_session_t *jan = crm_test_user(core, "jan", "advisor", NULL);
    crm_test_response_t r;

    assert_non_null(anna);
    assert_non_null(jan);
    assert_int_equal(crm_test_request(anna, "POST", "/api/v1/myplugin_item",
                                      "{\"name\":\"First\",\"due\":\"2026-12-31\"}", &r),
                     201);
    assert_string_equal(crm_test_json_string(&r, "owner_id"), crm_test_user_id(anna));
    crm_test_response_free(&r);
    /* Jan, another advisor, does not see Anna's item. */
    assert_int_equal(crm_test_request(jan, "GET", "/api/v1/myplugin_item?_count=true", NULL, &r),
                     200);
    assert_int_equal(crm_test_json_int(&r, "count", -1), 0);
    crm_test_response_free(&r);
}

static void
invalid_items_are_refused_field_by_field(void **state)
{
    crm_test_session_t *anna = crm_test_user(*state, "anna2", "advisor", NULL);
    crm_test_response_t r;

    assert_int_equal(crm_test_request(anna, "POST", "/api/v1/myplugin_item",
                                      "{\"due\":\"not a date\"}", &r),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.name"), "is required");
    crm_test_response_free(&r);
}

static void
the_summary_needs_its_permission_and_counts_within_scope(void **state)
{
    crm_test_core_t *core = *state;
    crm_test_session_t *admin = crm_test_user(core, "boss", "admin", NULL);
    crm_test_session_t *anna = crm_test_user(core, "anna3", "advisor", NULL);
    crm_test_response_t r;

    assert_int_equal(crm_test_request(admin, "POST", "/api/v1/myplugin_item",
                                      "{\"name\":\"Admin's\"}", &r),
                     201);
    crm_test_response_free(&r);
    /* Only roles granting myplugin.summary may ask (the advisor's do not). */
    assert_int_equal(crm_test_request(anna, "GET", "/api/v1/myplugin/summary", NULL, &r), 403);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(admin, "GET", "/api/v1/myplugin/summary", NULL, &r), 200);
    assert_int_equal(crm_test_json_int(&r, "visible", -1), 1);
    assert_int_equal(crm_test_json_int(&r, "created_since_start", -1), 1);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request_anonymous(core, "GET", "/api/v1/myplugin/summary", NULL, &r),
                     401);
    crm_test_response_free(&r);
}

static void
the_report_counts_each_users_items_per_month(void **state)
{
    crm_test_core_t *core = *state;
    crm_test_session_t *anna = crm_test_user(core, "anna4", "advisor", NULL);
    crm_test_session_t *jan = crm_test_user(core, "jan4", "advisor", NULL);
    static const char *const items[] = {
        "{\"name\":\"A\",\"due\":\"2026-03-10\",\"amount\":{\"amount\":1000,\"currency\":\"PLN\"}}",
        "{\"name\":\"B\",\"due\":\"2026-03-20\",\"amount\":{\"amount\":2500,\"currency\":\"PLN\"}}"};
    crm_test_response_t r;

    for (int i = 0; i < 2; i++) {
        assert_int_equal(crm_test_request(anna, "POST", "/api/v1/myplugin_item", items[i], &r), 201);
        crm_test_response_free(&r);
    }
    assert_int_equal(crm_test_request(jan, "POST", "/api/v1/myplugin_item",
                                      "{\"name\":\"C\",\"due\":\"2026-03-15\"}", &r),
                     201);
    crm_test_response_free(&r);
    /* Anna's report holds her two items only: one row for March. */
    assert_int_equal(crm_test_request(anna, "GET",
                                      "/api/v1/reports/myplugin_items_by_month?dims=month&"
                                      "measures=items,amount&from=2026-01-01&to=2026-12-31",
                                      NULL, &r),
                     200);
    assert_string_equal(crm_test_json_string(&r, "rows.0.0"), "2026-03-01");
    assert_int_equal(crm_test_json_int(&r, "rows.0.1", -1), 2);
    assert_int_equal(crm_test_json_int(&r, "rows.0.2.amount", -1), 3500);
    assert_null(crm_test_json_string(&r, "rows.1.0"));
    crm_test_response_free(&r);
}

static void
the_job_runs_on_demand_and_records_what_it_counted(void **state)
{
    crm_test_core_t *core = *state;
    crm_test_session_t *admin = crm_test_user(core, "ops", "admin", NULL);
    crm_test_response_t r;
    const char *status = NULL;

    assert_int_equal(crm_test_request(admin, "POST", "/api/v1/myplugin_item",
                                      "{\"name\":\"Late\",\"due\":\"2020-01-01\"}", &r),
                     201);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(admin, "POST", "/api/v1/jobs/myplugin_overdue/run", NULL, &r),
                     202);
    crm_test_response_free(&r);
    /* The run is recorded when it ends. */
    for (int i = 0; i < 100; i++) {
        assert_int_equal(
            crm_test_request(admin, "GET", "/api/v1/jobs/myplugin_overdue/runs", NULL, &r), 200);
        status = crm_test_json_string(&r, "items.0.status");
        if (status && strcmp(status, "running") != 0)
            break;
        crm_test_response_free(&r);
        usleep(50000);
    }
    assert_string_equal(status, "ok");
    assert_int_equal(crm_test_json_int(&r, "items.0.counts.overdue", -1), 1);
    crm_test_response_free(&r);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(an_advisor_creates_items_and_sees_only_their_own, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(invalid_items_are_refused_field_by_field, setup, teardown),
        cmocka_unit_test_setup_teardown(the_summary_needs_its_permission_and_counts_within_scope,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(the_report_counts_each_users_items_per_month, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_job_runs_on_demand_and_records_what_it_counted, setup,
                                        teardown),
    };

    if (argc < 2) {
        fprintf(stderr, "usage: test_myplugin PLUGIN_FILE\n");
        return 2;
    }
    plugin_file = argv[1];
    return cmocka_run_group_tests_name("myplugin", tests, NULL, NULL);
}
