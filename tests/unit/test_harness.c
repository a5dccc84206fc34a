/* The plugin test harness (<crm/testing.h>) through its public API only: a core with the SDK's
 * example plugin, users in roles, requests as them and without credentials, JSON helpers, and
 * a clean stop that allows another core in the same process. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <crm/testing.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

/* Starts a core with the example plugin from the build tree and CONFIG (or NULL) appended to
 * its configuration. */
static crm_test_core_t *
start_example_with(const char *config)
{
    const char *build = getenv("CRM_TEST_BUILD_DIR");
    char plugin[4096];

    snprintf(plugin, sizeof plugin, "%s/plugins/example.so", build ? build : ".");
    return crm_test_core_start(&(crm_test_options_t){
        .size = sizeof(crm_test_options_t), .plugins = CRM_TEST_PLUGINS(plugin), .config = config});
}

/* Starts a core with the example plugin from the build tree. */
static crm_test_core_t *
start_example(void)
{
    return start_example_with(NULL);
}

static int
setup(void **state)
{
    *state = start_example();
    return *state ? 0 : -1;
}

static int
teardown(void **state)
{
    crm_test_core_stop(*state);
    return 0;
}

static void
core_listens_and_has_a_bank(void **state)
{
    crm_test_core_t *core = *state;
    const char *bank = crm_test_bank_unit(core);

    assert_true(crm_test_core_port(core) > 0);
    assert_non_null(bank);
    assert_int_equal(strlen(bank), 24);
}

static void
advisor_creates_and_director_lists_a_prospect(void **state)
{
    crm_test_core_t *core = *state;
    crm_test_session_t *advisor, *director;
    crm_test_response_t r = {0};
    char region[25], branch[25], id[25], path[128];
    bool found = false;

    assert_int_equal(crm_test_org_unit(core, "North", "region", crm_test_bank_unit(core), region),
                     0);
    assert_int_equal(crm_test_org_unit(core, "Krakow", "branch", region, branch), 0);
    advisor = crm_test_user(core, "anna", "advisor", branch);
    director = crm_test_user(core, "bartek", "branch_director", branch);
    assert_non_null(advisor);
    assert_non_null(director);
    assert_int_equal(strlen(crm_test_user_id(advisor)), 24);
    assert_string_not_equal(crm_test_user_id(advisor), crm_test_user_id(director));

    assert_int_equal(
        crm_test_request(advisor, "POST", "/api/v1/prospect", "{\"name\":\"Jan Kowalski\"}", &r),
        201);
    assert_non_null(crm_test_json_string(&r, "id"));
    snprintf(id, sizeof id, "%s", crm_test_json_string(&r, "id"));
    assert_string_equal(crm_test_json_string(&r, "owner_id"), crm_test_user_id(advisor));
    crm_test_response_free(&r);

    snprintf(path, sizeof path, "/api/v1/prospect/%s", id);
    assert_int_equal(crm_test_request(advisor, "GET", path, NULL, &r), 200);
    assert_string_equal(crm_test_json_string(&r, "name"), "Jan Kowalski");
    crm_test_response_free(&r);

    assert_int_equal(crm_test_request(director, "GET", "/api/v1/prospect", NULL, &r), 200);
    for (int i = 0;; i++) {
        char at[32];
        const char *item;

        snprintf(at, sizeof at, "items.%d.id", i);
        if (!(item = crm_test_json_string(&r, at)))
            break;
        found = found || strcmp(item, id) == 0;
    }
    assert_true(found);
    assert_string_equal(crm_test_json_string(&r, "items.0.name"), "Jan Kowalski");
    crm_test_response_free(&r);

    /* The export streams CSV in chunks: the body arrives whole, and is not JSON. */
    assert_int_equal(crm_test_request(director, "GET", "/api/v1/prospect/export.csv", NULL, &r),
                     200);
    assert_non_null(strstr(r.body, "Jan Kowalski"));
    assert_int_equal(strlen(r.body), r.body_len);
    assert_int_equal(bson_count_keys(&r.json), 0);
    crm_test_response_free(&r);
}

static void
anonymous_request_is_refused(void **state)
{
    crm_test_core_t *core = *state;
    crm_test_response_t r = {0};

    assert_int_equal(crm_test_request_anonymous(core, "GET", "/api/v1/prospect", NULL, &r), 401);
    crm_test_response_free(&r);
    /* A NULL session sends no credentials either. */
    assert_int_equal(crm_test_request(NULL, "GET", "/api/v1/prospect", NULL, &r), 401);
    crm_test_response_free(&r);
}

static void
json_helpers_read_nested_paths(void **state)
{
    crm_test_core_t *core = *state;
    crm_test_session_t *admin = crm_test_user(core, "root", "admin", NULL);
    crm_test_response_t r = {0};

    assert_non_null(admin);
    assert_int_equal(crm_test_request(admin, "POST", "/api/v1/prospect",
                                      "{\"name\":\"Ewa\",\"score\":42,"
                                      "\"address\":{\"city\":\"Gdansk\"},\"tags\":[\"a\",\"b\"]}",
                                      &r),
                     201);
    assert_string_equal(crm_test_json_string(&r, "address.city"), "Gdansk");
    assert_string_equal(crm_test_json_string(&r, "tags.1"), "b");
    assert_int_equal(crm_test_json_int(&r, "score", -1), 42);
    assert_int_equal(crm_test_json_int(&r, "name", -1), -1);
    assert_int_equal(crm_test_json_int(&r, "no.such.path", 7), 7);
    assert_null(crm_test_json_string(&r, "address.street"));
    assert_null(crm_test_json_string(&r, "score"));
    crm_test_response_free(&r);
    /* A zeroed response is freed without harm, and so is one freed twice. */
    crm_test_response_free(&r);
}

static void
second_core_starts_after_the_first_stopped(void **state)
{
    crm_test_core_t *first, *second;
    crm_test_session_t *user;
    crm_test_response_t r = {0};

    /* The group's core runs: a second one at the same time is refused. */
    assert_null(start_example());
    crm_test_core_stop(*state);
    *state = NULL;

    first = start_example();
    assert_non_null(first);
    user = crm_test_user(first, "carol", "advisor", NULL);
    assert_non_null(user);
    assert_int_equal(crm_test_request(user, "GET", "/api/v1/prospect", NULL, &r), 200);
    crm_test_response_free(&r);
    crm_test_core_stop(first);

    second = start_example();
    assert_non_null(second);
    user = crm_test_user(second, "carol", "advisor", NULL);
    assert_non_null(user);
    assert_int_equal(crm_test_request(user, "GET", "/api/v1/prospect", NULL, &r), 200);
    /* A fresh store: nothing from the first core. */
    assert_null(crm_test_json_string(&r, "items.0.id"));
    crm_test_response_free(&r);
    crm_test_core_stop(second);
}

/* The number of entries in directory PATH other than . and .., or -1. */
static int
count_entries(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    int n = 0;

    if (!d)
        return -1;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void
stop_removes_the_temporary_directory(void **state)
{
    const char *tmp = getenv("TMPDIR");
    crm_test_core_t *core;
    (void)state;

    /* main() points TMPDIR at a directory of this test's own, empty between cores. */
    assert_int_equal(count_entries(tmp), 0);
    core = start_example();
    assert_non_null(core);
    assert_non_null(crm_test_user(core, "dora", "advisor", NULL));
    assert_int_equal(count_entries(tmp), 1);
    crm_test_core_stop(core);
    assert_int_equal(count_entries(tmp), 0);
    /* Stopping nothing is harmless. */
    crm_test_core_stop(NULL);
}

static void
failed_start_undoes_everything(void **state)
{
    const char *tmp = getenv("TMPDIR");
    crm_test_core_t *core;
    (void)state;

    /* strict = true: a plugin that cannot load stops the start. */
    core = crm_test_core_start(&(crm_test_options_t){
        .size = sizeof(crm_test_options_t), .plugins = CRM_TEST_PLUGINS("/nonexistent/x.so")});
    assert_null(core);
    assert_int_equal(count_entries(tmp), 0);
    /* Configuration text the core rejects. */
    core = crm_test_core_start(
        &(crm_test_options_t){.size = sizeof(crm_test_options_t), .config = "server = 1;"});
    assert_null(core);
    assert_int_equal(count_entries(tmp), 0);
    /* A core that does not know the plugin's group refuses it... */
    assert_null(crm_test_core_start(&(crm_test_options_t){
        .size = sizeof(crm_test_options_t), .config = "example = { log_new = true; };"}));
    assert_int_equal(count_entries(tmp), 0);
    /* ...and one with the plugin takes it: a good start works after failed ones. */
    core = start_example_with("example = { log_new = true; };");
    assert_non_null(core);
    crm_test_core_stop(core);
    assert_int_equal(count_entries(tmp), 0);
}

int
main(void)
{
    const char *parent = getenv("TMPDIR");
    char tmp[4096];
    int failed;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(core_listens_and_has_a_bank, setup, teardown),
        cmocka_unit_test_setup_teardown(advisor_creates_and_director_lists_a_prospect, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(anonymous_request_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(json_helpers_read_nested_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(second_core_starts_after_the_first_stopped, setup,
                                        teardown),
        cmocka_unit_test(stop_removes_the_temporary_directory),
        cmocka_unit_test(failed_start_undoes_everything),
    };

    /* The cores' temporary directories go into one of this run's own, removed at the end. */
    snprintf(tmp, sizeof tmp, "%s/crm-harness-test-XXXXXX", parent && *parent ? parent : "/tmp");
    if (!mkdtemp(tmp) || setenv("TMPDIR", tmp, 1) != 0) {
        perror("test_harness: temporary directory");
        return 1;
    }
    failed = cmocka_run_group_tests_name("harness", tests, NULL, NULL);
    if (rmdir(tmp) != 0) {
        perror("test_harness: a core left files behind");
        failed = 1;
    }
    return failed;
}
