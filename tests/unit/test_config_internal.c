/* The daemon configuration: defaults, every problem reported with file and line, plugin groups
 * and their declared keys, the crm_config_* accessors, and `crmd check-config`. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "config/config-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];

static int
setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/crm-config-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
    char cmd[300];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Writes TEXT to DIR/NAME and returns the path (static buffer). */
static const char *
write_file(const char *name, const char *text)
{
    static char path[512];
    FILE *out;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    out = fopen(path, "w");
    assert_non_null(out);
    fputs(text, out);
    fclose(out);
    return path;
}

/* True when PROBLEMS hold one at FILE (in DIR) and LINE whose message contains TEXT. */
static bool
has_problem(const crm__config_problems_t *problems, const char *file, int line, const char *text)
{
    char path[512];

    snprintf(path, sizeof path, "%s/%s", dir, file);
    for (size_t i = 0; i < problems->n; i++)
        if (strcmp(problems->items[i].file, path) == 0 && problems->items[i].line == line &&
            strstr(problems->items[i].message, text))
            return true;
    return false;
}

static void
print_problems(const crm__config_problems_t *problems)
{
    for (size_t i = 0; i < problems->n; i++)
        fprintf(stderr, "  %s:%d: %s\n", problems->items[i].file, problems->items[i].line,
                problems->items[i].message);
}

#define assert_problem(p, file, line, text)                                                        \
    do {                                                                                           \
        if (!has_problem(p, file, line, text)) {                                                   \
            print_problems(p);                                                                     \
            fail_msg("no problem %s:%d: ...%s...", file, line, text);                              \
        }                                                                                          \
    } while (0)

static void
empty_file_gets_the_defaults(void **state)
{
    crm__config_problems_t problems = {0};
    crm__config_t *cfg = crm__config_load(write_file("empty.cfg", ""), &problems);

    (void)state;
    assert_non_null(cfg);
    assert_int_equal(problems.n, 0);
    assert_string_equal(cfg->listen, "127.0.0.1:8080");
    assert_int_equal(cfg->max_body, 1024 * 1024);
    assert_int_equal(cfg->threads, 16);
    assert_int_equal(cfg->xlsx_max_rows, 100000);
    assert_string_equal(cfg->store_driver, "sqlite");
    assert_string_equal(cfg->store_location, "var/crm.db");
    assert_null(cfg->store_database);
    assert_true(cfg->plugins_strict);
    assert_int_equal(cfg->n_enabled, 0);
    assert_int_equal(cfg->log_level, CRM_LOG_INFO);
    assert_non_null(strstr(cfg->plugin_dir, "plugins"));
    assert_non_null(strstr(cfg->www_dir, "www"));
    crm__config_free(cfg);
}

static void
syntax_error_is_reported_with_file_and_line(void **state)
{
    crm__config_problems_t problems = {0};

    (void)state;
    assert_null(
        crm__config_load(write_file("syntax.cfg", "server = {\n  listen = ;\n};\n"), &problems));
    assert_int_equal(problems.n, 1);
    assert_problem(&problems, "syntax.cfg", 2, "syntax error");
    crm__config_problems_free(&problems);
}

static void
missing_file_is_a_problem(void **state)
{
    crm__config_problems_t problems = {0};

    (void)state;
    assert_null(crm__config_load("/nonexistent/crmd.cfg", &problems));
    assert_int_equal(problems.n, 1);
    assert_string_equal(problems.items[0].file, "/nonexistent/crmd.cfg");
    crm__config_problems_free(&problems);
}

static void
every_problem_is_collected_with_its_line(void **state)
{
    crm__config_problems_t problems = {0};
    const char *path = write_file("bad.cfg", "server = {\n"
                                             "  listen = \"8080\";\n"
                                             "  threads = 2000;\n"
                                             "  max_body = 12;\n"
                                             "  colour = \"red\";\n"
                                             "  www = 3;\n"
                                             "  xlsx_max_rows = 0;\n"
                                             "};\n"
                                             "store = { driver = \"oracle\"; };\n"
                                             "plugins = { enabled = [\"Bad-Name\"];\n"
                                             "  strict = \"yes\"; };\n"
                                             "log = { level = \"loud\"; };\n"
                                             "nonsense = 1;\n");

    (void)state;
    assert_null(crm__config_load(path, &problems));
    assert_problem(&problems, "bad.cfg", 2, "server.listen: \"8080\" is not HOST:PORT");
    assert_problem(&problems, "bad.cfg", 3, "server.threads: 2000 is out of range 1..1024");
    assert_problem(&problems, "bad.cfg", 4, "server.max_body: 12 is out of range");
    assert_problem(&problems, "bad.cfg", 5, "server.colour: unknown setting");
    assert_problem(&problems, "bad.cfg", 6, "server.www: expected a string, got an integer");
    assert_problem(&problems, "bad.cfg", 7, "server.xlsx_max_rows: 0 is out of range 1..1048575");
    assert_problem(&problems, "bad.cfg", 9, "store.driver: unknown driver \"oracle\"");
    assert_problem(&problems, "bad.cfg", 10, "\"Bad-Name\" is neither a plugin name");
    assert_problem(&problems, "bad.cfg", 11, "plugins.strict: expected a boolean");
    assert_problem(&problems, "bad.cfg", 12, "log.level: unknown level \"loud\"");
    assert_problem(&problems, "bad.cfg", 13, "nonsense: unknown setting");
    assert_int_equal(problems.n, 11);
    crm__config_problems_free(&problems);
}

static void
store_drivers_need_their_location(void **state)
{
    crm__config_problems_t problems = {0};

    (void)state;
    assert_null(
        crm__config_load(write_file("s.cfg", "store = { driver = \"sqlite\"; };"), &problems));
    assert_problem(&problems, "s.cfg", 1, "the sqlite driver needs store.path");
    assert_null(
        crm__config_load(write_file("m.cfg", "\nstore = { driver = \"mongodb\"; };"), &problems));
    assert_int_equal(problems.n, 1);
    assert_problem(&problems, "m.cfg", 2, "the mongodb driver needs store.uri");
    crm__config_problems_free(&problems);
}

static void
problems_in_included_files_name_that_file(void **state)
{
    crm__config_problems_t problems = {0};
    const char *path;

    (void)state;
    write_file("extra.cfg", "log = {\n  level = \"debug\";\n  colour = 1;\n};\n");
    path = write_file("main.cfg", "@include \"extra.cfg\"\n");
    assert_null(crm__config_load(path, &problems));
    assert_problem(&problems, "extra.cfg", 3, "log.colour: unknown setting");
    crm__config_problems_free(&problems);
}

static void
shipped_configurations_load(void **state)
{
    char path[512];
    crm__config_problems_t problems = {0};
    crm__config_t *cfg;

    (void)state;
    snprintf(path, sizeof path, "%s/conf/crmd.cfg", getenv("CRM_TEST_SOURCE_DIR"));
    cfg = crm__config_load(path, &problems);
    assert_non_null(cfg);
    assert_string_equal(cfg->store_driver, "sqlite");
    assert_string_equal(cfg->store_location, "var/crm.db");
    assert_string_equal(cfg->plugin_dir, "build/plugins");
    assert_int_equal(cfg->n_enabled, 3);
    assert_string_equal(cfg->enabled[0], "example");
    assert_string_equal(cfg->enabled[1], "clients");
    assert_string_equal(cfg->enabled[2], "retail");
    crm__config_free(cfg);
    snprintf(path, sizeof path, "%s/conf/crmd-mongodb.cfg", getenv("CRM_TEST_SOURCE_DIR"));
    cfg = crm__config_load(path, &problems);
    assert_non_null(cfg);
    assert_string_equal(cfg->store_driver, "mongodb");
    assert_string_equal(cfg->store_location, "mongodb://127.0.0.1:27017/?replicaSet=rs0");
    assert_string_equal(cfg->store_database, "crm");
    assert_string_equal(cfg->listen, "127.0.0.1:8080");
    crm__config_free(cfg);
}

static const crm_config_key_t demo_keys[] = {
    {"name", CRM_CONFIG_STRING, ""},      {"rows", CRM_CONFIG_INT, ""},
    {"ratio", CRM_CONFIG_DOUBLE, ""},     {"on", CRM_CONFIG_BOOL, ""},
    {"tags", CRM_CONFIG_STRING_LIST, ""}, {"limits", CRM_CONFIG_GROUP, ""},
    {"rules", CRM_CONFIG_LIST, ""},       {NULL, 0, NULL},
};

static void
plugin_groups_are_checked_against_declared_keys(void **state)
{
    crm__config_problems_t problems = {0};
    crm__config_t *cfg;

    (void)state;
    cfg = crm__config_load(write_file("p.cfg",
                                      "plugins = { enabled = [\"demo\", \"x/other.so\"]; };\n"
                                      "demo = {\n"
                                      "  name = 3;\n"
                                      "  ratio = 2;\n"
                                      "  tags = [\"a\"];\n"
                                      "  extra = true;\n"
                                      "};\n"
                                      "other = { };\n"),
                           &problems);
    assert_non_null(cfg);
    crm__config_check_keys(cfg, "demo", demo_keys, &problems);
    assert_int_equal(problems.n, 2);
    assert_problem(&problems, "p.cfg", 3, "demo.name: expected a string, got an integer");
    assert_problem(&problems, "p.cfg", 6, "demo.extra: unknown setting for plugin 'demo'");
    crm__config_problems_free(&problems);
    crm__config_check_keys(cfg, "other", NULL, &problems);
    assert_int_equal(problems.n, 0);
    crm__config_check_keys(cfg, "demo", NULL, &problems);
    assert_int_equal(problems.n, 4);
    crm__config_problems_free(&problems);
    crm__config_free(cfg);
}

static void
accessors_read_a_plugin_group(void **state)
{
    crm__config_problems_t problems = {0};
    crm__config_t *cfg;
    const crm_config_t *g;
    const char *file = NULL;
    int line = 0;

    (void)state;
    cfg = crm__config_load(write_file("a.cfg", "plugins = { enabled = (\"demo\"); };\n"
                                               "demo = {\n"
                                               "  name = \"Acme\";\n"
                                               "  rows = 5000000000L;\n"
                                               "  small = 7;\n"
                                               "  ratio = 0.25;\n"
                                               "  on = true;\n"
                                               "  tags = [\"a\", \"b\"];\n"
                                               "  limits = { max_rows = 10; };\n"
                                               "  rules = ({ id = \"r1\"; }, { id = \"r2\"; });\n"
                                               "};\n"),
                           &problems);
    assert_non_null(cfg);
    g = crm__config_plugin_group(cfg, "demo");
    assert_string_equal(crm_config_string(g, "name", "?"), "Acme");
    assert_string_equal(crm_config_string(g, "rows", "def"), "def");
    assert_string_equal(crm_config_string(g, "absent", "def"), "def");
    assert_true(crm_config_int(g, "rows", 0) == 5000000000LL);
    assert_int_equal(crm_config_int(g, "small", 0), 7);
    assert_int_equal(crm_config_int(g, "name", -1), -1);
    assert_true(crm_config_double(g, "ratio", 0) == 0.25);
    assert_true(crm_config_double(g, "small", 0) == 7.0);
    assert_true(crm_config_bool(g, "on", false));
    assert_true(crm_config_bool(g, "name", true));
    assert_true(crm_config_has(g, "limits.max_rows"));
    assert_false(crm_config_has(g, "limits.min_rows"));
    assert_int_equal(crm_config_int(g, "limits.max_rows", 0), 10);
    assert_int_equal(crm_config_count(g, "tags"), 2);
    assert_int_equal(crm_config_count(g, "name"), 0);
    assert_string_equal(crm_config_string_at(g, "tags", 1), "b");
    assert_null(crm_config_string_at(g, "tags", 2));
    assert_int_equal(crm_config_int(crm_config_group(g, "limits"), "max_rows", 0), 10);
    assert_null(crm_config_group(g, "name"));
    assert_string_equal(crm_config_string(crm_config_group_at(g, "rules", 1), "id", ""), "r2");
    assert_null(crm_config_group_at(g, "rules", 2));
    assert_null(crm_config_group_at(g, "tags", 0));
    assert_true(crm_config_where(g, "ratio", &file, &line));
    assert_non_null(strstr(file, "a.cfg"));
    assert_int_equal(line, 6);
    assert_false(crm_config_where(g, "absent", &file, &line));
    /* a plugin without a group gets an empty one */
    g = crm__config_plugin_group(cfg, "nobody");
    assert_non_null(g);
    assert_false(crm_config_has(g, "x"));
    assert_int_equal(crm_config_count(g, "x"), 0);
    assert_string_equal(crm_config_string(g, "x", "d"), "d");
    assert_string_equal(crm_config_string(NULL, "x", "d"), "d");
    crm__config_free(cfg);
}

/* Runs `crmd check-config ARG`, capturing its output; returns the exit status. */
static int
run_check_config(const char *arg, char *out, size_t size)
{
    char cmd[1024];
    FILE *p;
    size_t n;
    int status;

    snprintf(cmd, sizeof cmd, "'%s/crmd' check-config '%s' 2>&1", getenv("CRM_TEST_BUILD_DIR"),
             arg);
    p = popen(cmd, "r");
    assert_non_null(p);
    n = fread(out, 1, size - 1, p);
    out[n] = '\0';
    status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void
check_config_prints_ok_and_exits_zero(void **state)
{
    char text[1024];
    char out[4096];
    char expected[600];
    const char *path;

    (void)state;
    snprintf(
        text, sizeof text,
        "plugins = { dir = \"%s/fixtures\"; enabled = [\"good_base\", \"good_dependent\"]; };\n"
        "good_base = { greeting = \"hi\"; };\n",
        getenv("CRM_TEST_BUILD_DIR"));
    path = write_file("ok.cfg", text);
    assert_int_equal(run_check_config(path, out, sizeof out), 0);
    snprintf(expected, sizeof expected, "%s: OK (2 plugins)\n", path);
    assert_string_equal(out, expected);
}

static void
check_config_prints_each_problem_and_exits_one(void **state)
{
    char text[1024];
    char out[4096];
    char line[600];
    char path[512];

    (void)state;
    snprintf(text, sizeof text,
             "plugins = { dir = \"%s/fixtures\";\n"
             "  enabled = [\"good_base\", \"no_descriptor\", \"requires_missing\"]; };\n"
             "good_base = { greeting = 1; };\n"
             "server = { threads = 0; };\n",
             getenv("CRM_TEST_BUILD_DIR"));
    snprintf(path, sizeof path, "%s", write_file("bad.cfg", text));
    /* every problem in one run: the core's settings and the plugins' files and groups */
    assert_int_equal(run_check_config(path, out, sizeof out), 1);
    snprintf(line, sizeof line, "%s:4: server.threads: 0 is out of range 1..1024\n", path);
    assert_non_null(strstr(out, line));
    snprintf(line, sizeof line, "%s:3: good_base.greeting: expected a string, got an integer\n",
             path);
    assert_non_null(strstr(out, line));
    snprintf(line, sizeof line, "%s:2: %s/fixtures/no_descriptor.so: no descriptor", path,
             getenv("CRM_TEST_BUILD_DIR"));
    assert_non_null(strstr(out, line));
    assert_non_null(strstr(out, "requires_missing.so: requires 'clients', which is not enabled"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_file_gets_the_defaults),
        cmocka_unit_test(syntax_error_is_reported_with_file_and_line),
        cmocka_unit_test(missing_file_is_a_problem),
        cmocka_unit_test(every_problem_is_collected_with_its_line),
        cmocka_unit_test(store_drivers_need_their_location),
        cmocka_unit_test(problems_in_included_files_name_that_file),
        cmocka_unit_test(shipped_configurations_load),
        cmocka_unit_test(plugin_groups_are_checked_against_declared_keys),
        cmocka_unit_test(accessors_read_a_plugin_group),
        cmocka_unit_test(check_config_prints_ok_and_exits_zero),
        cmocka_unit_test(check_config_prints_each_problem_and_exits_one),
    };
    return cmocka_run_group_tests_name("config", tests, setup, teardown);
}
