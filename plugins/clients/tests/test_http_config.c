/* The plugin's settings: the calling code national numbers get, the PESEL check, and a
 * setting that makes no sense stopping the start. */
#include "support.h"

#include <stdio.h>
#include <string.h>

static crm_test_core_t *
start(const char *config)
{
    crm_test_options_t options = {.size = sizeof options,
                                  .plugins = CRM_TEST_PLUGINS(clients_test_plugin),
                                  .config = config};

    return crm_test_core_start(&options);
}

static void
national_numbers_take_the_configured_calling_code(void **state)
{
    crm_test_core_t *core = start("clients = { default_country = \"44\"; check_pesel = false; };");
    crm_test_session_t *anna;
    crm_test_response_t r = {0};

    (void)state;
    assert_non_null(core);
    anna = crm_test_user(core, "anna", "advisor", NULL);
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/client", &r,
                                       "{\"kind\":\"individual\",\"last_name\":\"Smith\","
                                       "\"phones\":[\"07700 900123\",\"+48 600 100 200\"],"
                                       "\"national_id\":\"QQ123456C\"}"),
                     201);
    assert_string_equal(crm_test_json_string(&r, "phones.0"), "+447700900123");
    assert_string_equal(crm_test_json_string(&r, "phones.1"), "+48600100200");
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(anna, "GET", "/api/v1/clients/lookup?phone=07700900123",
                                      NULL, &r),
                     200);
    assert_int_equal(clients_test_count(&r, "items"), 1);
    crm_test_response_free(&r);
    crm_test_core_stop(core);
}

static void
a_calling_code_that_is_not_one_stops_the_start(void **state)
{
    (void)state;
    assert_null(start("clients = { default_country = \"+48\"; };"));
    assert_null(start("clients = { default_country = \"4812\"; };"));
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(national_numbers_take_the_configured_calling_code),
        cmocka_unit_test(a_calling_code_that_is_not_one_stops_the_start),
    };

    if (argc < 2) {
        fprintf(stderr, "usage: %s CLIENTS_PLUGIN_FILE\n", argv[0]);
        return 2;
    }
    clients_test_plugin = argv[1];
    return cmocka_run_group_tests_name("clients_config", tests, NULL, NULL);
}
