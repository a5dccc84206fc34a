/* The plugin loader: refusals naming the file and the reason, strict and lenient modes, load
 * order by requirements, fini in reverse order, and undo of a failed init's registrations.
 * Uses the fixture plugins built in $CRM_TEST_BUILD_DIR/fixtures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "config/config-private.h"
#include "host/host-private.h"
#include "plugin/loader-private.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A temporary folder with a config file and a trace file, and a hand-made host. */
typedef struct fixture {
    char dir[256];
    char cfg_path[PATH_MAX];
    char trace_path[PATH_MAX];
    char fixtures[1024];
    crm__host_t host;
} fixture_t;

static int
setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    const char *build = getenv("CRM_TEST_BUILD_DIR");

    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/crm-loader-XXXXXX");
    if (!build || !mkdtemp(f->dir)) {
        fprintf(stderr, "CRM_TEST_BUILD_DIR is not set or no temporary folder\n");
        free(f);
        return -1;
    }
    snprintf(f->cfg_path, sizeof f->cfg_path, "%s/crmd.cfg", f->dir);
    snprintf(f->trace_path, sizeof f->trace_path, "%s/trace", f->dir);
    snprintf(f->fixtures, sizeof f->fixtures, "%s/fixtures", build);
    setenv("CRM_TEST_TRACE", f->trace_path, 1);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    fixture_t *f = *state;
    char cmd[PATH_MAX + 16];

    crm__plugins_unload(&f->host);
    crm__config_free(f->host.config);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    unsetenv("CRM_TEST_TRACE");
    free(f);
    return 0;
}

/* Writes the config: plugins from DIR, STRICT, ENABLED (a libconfig list body), plus EXTRA
 * top-level text; loads it into the host. */
static void
configure_dir(fixture_t *f, const char *dir, bool strict, const char *enabled, const char *extra)
{
    crm__config_problems_t problems = {0};
    FILE *out = fopen(f->cfg_path, "w");

    assert_non_null(out);
    fprintf(out, "plugins = { dir = \"%s\"; strict = %s; enabled = [%s]; };\n%s\n", dir,
            strict ? "true" : "false", enabled, extra ? extra : "");
    fclose(out);
    f->host.config = crm__config_load(f->cfg_path, &problems);
    if (!f->host.config)
        fail_msg("config: %s:%d: %s", problems.items[0].file, problems.items[0].line,
                 problems.items[0].message);
    crm__config_problems_free(&problems);
}

/* The same with plugins from the fixture folder. */
static void
configure(fixture_t *f, bool strict, const char *enabled, const char *extra)
{
    configure_dir(f, f->fixtures, strict, enabled, extra);
}

/* The trace written by the fixtures, lines joined by ",". */
static const char *
trace(fixture_t *f)
{
    static char buf[1024];
    char line[128];
    FILE *in = fopen(f->trace_path, "r");

    buf[0] = '\0';
    if (!in)
        return buf;
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\n")] = '\0';
        if (buf[0])
            strncat(buf, ",", sizeof buf - strlen(buf) - 1);
        strncat(buf, line, sizeof buf - strlen(buf) - 1);
    }
    fclose(in);
    return buf;
}

/* The names of the loaded plugins, joined by ",". */
static const char *
loaded(fixture_t *f)
{
    static char buf[512];
    size_t n = 0;
    crm_plugin_t *const *list = crm__plugins_list(&f->host, &n);

    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strncat(buf, ",", sizeof buf - strlen(buf) - 1);
        strncat(buf, crm_plugin_name(list[i]), sizeof buf - strlen(buf) - 1);
    }
    return buf;
}

/* Loads ENABLED strictly and expects a refusal whose message is "<FILE>: ..." containing
 * REASON, with nothing left loaded. FILE is relative to the fixture folder. */
static void
expect_refused(fixture_t *f, const char *enabled, const char *file, const char *reason)
{
    crm_error_t error = {0};
    char prefix[PATH_MAX + 8];

    configure(f, true, enabled, NULL);
    assert_int_equal(crm__plugins_load(&f->host, &error), CRM_EPLUGIN);
    snprintf(prefix, sizeof prefix, "%s/%s: ", f->fixtures, file);
    if (strncmp(error.message, prefix, strlen(prefix)) != 0 || !strstr(error.message, reason))
        fail_msg("expected \"%s...%s\", got \"%s\"", prefix, reason, error.message);
    assert_string_equal(loaded(f), "");
}

static void
plugins_load_in_requirement_order_and_fini_in_reverse(void **state)
{
    fixture_t *f = *state;
    crm_error_t error = {0};
    crm_plugin_t *const *list;
    size_t n = 0;

    configure(f, true, "\"good_dependent\", \"good_other\", \"good_base\"",
              "good_base = { greeting = \"hello\"; };");
    assert_int_equal(crm__plugins_load(&f->host, &error), 0);
    assert_string_equal(loaded(f), "good_base,good_dependent,good_other");
    list = crm__plugins_list(&f->host, &n);
    assert_int_equal(n, 3);
    assert_null(crm_plugin_store(list[0]));
    assert_string_equal(crm_config_string(crm_plugin_config(list[0]), "greeting", "?"), "hello");
    assert_false(crm_config_has(crm_plugin_config(list[1]), "greeting"));
    assert_string_equal(list[1]->desc->version, "2.1.0");
    crm__plugins_unload(&f->host);
    assert_string_equal(trace(f), "init good_base,greeting hello,init good_dependent,"
                                  "init good_other,fini good_other,fini good_dependent,"
                                  "fini good_base");
    assert_int_equal(f->host.n_plugins, 0);
}

static void
independent_plugins_keep_their_configured_order(void **state)
{
    fixture_t *f = *state;
    crm_error_t error = {0};

    configure(f, true, "\"good_other\", \"good_base\"", NULL);
    assert_int_equal(crm__plugins_load(&f->host, &error), 0);
    assert_string_equal(loaded(f), "good_other,good_base");
}

static void
missing_file_is_refused(void **state)
{
    expect_refused(*state, "\"nothere\"", "nothere.so", "no such file");
}

static void
text_file_is_refused_as_not_a_shared_object(void **state)
{
    fixture_t *f = *state;
    char path[512];
    char enabled[PATH_MAX + 8];
    crm_error_t error = {0};
    FILE *out;

    snprintf(path, sizeof path, "%s/x.so", f->dir);
    out = fopen(path, "w");
    assert_non_null(out);
    fputs("this is not an ELF file\n", out);
    fclose(out);
    snprintf(enabled, sizeof enabled, "\"%s\"", path);
    configure(f, true, enabled, NULL);
    assert_int_equal(crm__plugins_load(&f->host, &error), CRM_EPLUGIN);
    assert_non_null(strstr(error.message, path));
    assert_non_null(strstr(error.message, ": not a shared object: "));
    assert_string_equal(loaded(f), "");
}

static void
shared_object_without_descriptor_is_refused(void **state)
{
    expect_refused(*state, "\"no_descriptor\"", "no_descriptor.so",
                   "no descriptor (symbol 'crm_plugin_descriptor' not found)");
}

static void
different_abi_major_is_refused_with_a_rebuild_hint(void **state)
{
    expect_refused(*state, "\"abi_major\"", "abi_major.so",
                   "core has ABI 1.4, plugin was built for 2.0: rebuild it against the core's "
                   "headers");
}

static void
newer_abi_minor_is_refused_with_an_upgrade_hint(void **state)
{
    expect_refused(*state, "\"abi_minor_newer\"", "abi_minor_newer.so",
                   "core has ABI 1.4, plugin needs 1.7: upgrade the core");
}

static void
older_abi_minor_is_accepted(void **state)
{
    fixture_t *f = *state;
    crm_error_t error = {0};

    assert_true(CRM_ABI_MINOR > 0);
    configure(f, true, "\"abi_minor_older\"", NULL);
    assert_int_equal(crm__plugins_load(&f->host, &error), 0);
    assert_string_equal(loaded(f), "abi_minor_older");
}

static void
descriptor_smaller_than_abi_1_0_is_refused(void **state)
{
    expect_refused(*state, "\"small_descriptor\"", "small_descriptor.so",
                   "smaller than the ABI 1.0 descriptor");
}

static void
invalid_plugin_name_is_refused(void **state)
{
    expect_refused(*state, "\"bad_name\"", "bad_name.so", "invalid plugin name \"Bad-Name\"");
}

static void
duplicate_name_is_refused_naming_the_other_file(void **state)
{
    fixture_t *f = *state;
    char reason[PATH_MAX + 64];

    snprintf(reason, sizeof reason, "plugin 'good_base' is already loaded from %s/good_base.so",
             f->fixtures);
    expect_refused(f, "\"good_base\", \"dup\"", "dup.so", reason);
    /* descriptors are all checked before any init runs */
    assert_string_equal(trace(f), "");
}

static void
missing_requirement_is_refused(void **state)
{
    expect_refused(*state, "\"requires_missing\"", "requires_missing.so",
                   "requires 'clients', which is not enabled");
}

static void
dependency_cycle_is_refused_and_named(void **state)
{
    expect_refused(*state, "\"cycle_a\", \"cycle_b\"", "cycle_a.so",
                   "dependency cycle: cycle_a -> cycle_b -> cycle_a");
}

static void
failing_init_is_refused_with_the_plugins_message(void **state)
{
    fixture_t *f = *state;

    expect_refused(f, "\"init_fails\"", "init_fails.so",
                   "init failed: cannot reach the rates service");
    /* init ran, fini did not */
    assert_string_equal(trace(f), "init init_fails");
}

/* A key the plugin does not declare, or of the wrong type, stops it at start, as check-config
 * would say, rather than leaving a setting silently at its default. */
static void
a_misspelt_or_mistyped_plugin_setting_is_refused_at_start(void **state)
{
    fixture_t *f = *state;
    crm_error_t error = {0};

    configure(f, true, "\"good_base\"", "good_base = { greting = \"hi\"; };");
    assert_int_equal(crm__plugins_load(&f->host, &error), CRM_EPLUGIN);
    assert_non_null(strstr(error.message, "good_base.greting: unknown setting for plugin 'good_base'"));
    assert_non_null(strstr(error.message, ":2: "));
    assert_string_equal(loaded(f), "");
    crm__plugins_unload(&f->host);
    crm__config_free(f->host.config);
    f->host.config = NULL;
    configure(f, true, "\"good_base\"", "good_base = { limit = \"ten\"; };");
    assert_int_equal(crm__plugins_load(&f->host, &error), CRM_EPLUGIN);
    assert_non_null(strstr(error.message, "good_base.limit"));
    assert_string_equal(loaded(f), "");
}

/* A reference to an entity no loaded plugin registers stops start-up in strict mode. */
static void
a_reference_to_an_unknown_entity_stops_start_up(void **state)
{
    fixture_t *f = *state;
    crm_error_t error = {0};

    configure(f, true, "\"dangling_ref\"", NULL);
    assert_int_equal(crm__plugins_load(&f->host, &error), CRM_EPLUGIN);
    assert_non_null(strstr(error.message, "field 'branch' refers to 'branchs'"));
    assert_string_equal(loaded(f), "");
}

static void
an_entity_named_like_a_core_collection_is_refused(void **state)
{
    expect_refused(*state, "\"reserved_entity\"", "reserved_entity.so",
                   "entity name 'api_tokens' is reserved by the core");
}

static void
strict_mode_stops_at_the_first_failure_and_unloads_everything(void **state)
{
    fixture_t *f = *state;
    crm_error_t error = {0};

    configure(f, true, "\"good_base\", \"init_fails\", \"good_other\"", NULL);
    assert_int_equal(crm__plugins_load(&f->host, &error), CRM_EPLUGIN);
    assert_non_null(strstr(error.message, "init_fails.so: init failed"));
    assert_string_equal(loaded(f), "");
    assert_string_equal(trace(f), "init good_base,greeting none,init init_fails,fini good_base");
}

static void
lenient_mode_logs_refusals_and_loads_the_others(void **state)
{
    fixture_t *f = *state;
    crm_error_t error = {0};

    configure(f, false,
              "\"good_base\", \"init_fails\", \"no_descriptor\", \"requires_missing\", "
              "\"cycle_a\", \"cycle_b\", \"dup\", \"good_other\", \"good_dependent\"",
              NULL);
    assert_int_equal(crm__plugins_load(&f->host, &error), 0);
    assert_string_equal(loaded(f), "good_base,good_other,good_dependent");
}

static void
plugin_requiring_a_refused_plugin_is_refused(void **state)
{
    fixture_t *f = *state;
    crm_error_t error = {0};
    char enabled[PATH_MAX * 2];

    /* good_base is looked up in the temporary folder, where it is missing */
    snprintf(enabled, sizeof enabled, "\"good_base\", \"%s/good_dependent.so\"", f->fixtures);
    configure_dir(f, f->dir, true, enabled, NULL);
    assert_int_equal(crm__plugins_load(&f->host, &error), CRM_EPLUGIN);
    assert_non_null(strstr(error.message, "good_base.so: no such file"));
    f->host.config->plugins_strict = false;
    assert_int_equal(crm__plugins_load(&f->host, &error), 0);
    assert_string_equal(loaded(f), "");
}

/* --- the handle and registrations, with a descriptor living in this test --- */

static char undo_log[128];

static void
undo_append(void *ctx)
{
    strncat(undo_log, (const char *)ctx, sizeof undo_log - strlen(undo_log) - 1);
}

static int
registering_init_that_fails(crm_plugin_t *plugin, crm_error_t *error)
{
    crm__plugin_record(plugin, "entity", "first", undo_append, "first;", NULL);
    crm__plugin_record(plugin, "route", "GET /second", undo_append, "second;", NULL);
    return crm_error_set(error, CRM_EINVAL, "no licence key");
}

static int
registering_init(crm_plugin_t *plugin, crm_error_t *error)
{
    (void)error;
    crm__plugin_record(plugin, "entity", "first", undo_append, "first;", NULL);
    crm__plugin_record(plugin, "route", "GET /second", undo_append, "second;", NULL);
    return 0;
}

static const crm_plugin_desc_t failing_desc = {
    sizeof(crm_plugin_desc_t),   CRM_ABI_MAJOR, CRM_ABI_MINOR, "failing", "1", "", NULL,
    registering_init_that_fails, NULL,          NULL};
static const crm_plugin_desc_t working_desc = {
    sizeof(crm_plugin_desc_t), CRM_ABI_MAJOR, CRM_ABI_MINOR, "working", "1", "", NULL,
    registering_init,          NULL,          NULL};

/* Appends "KIND WHAT|" to the buffer DATA. */
static void
list_append(const char *kind, const char *what, void *data)
{
    char *buf = data;

    snprintf(buf + strlen(buf), 128 - strlen(buf), "%s %s|", kind, what);
}

static void
failed_init_undoes_its_registrations_newest_first(void **state)
{
    fixture_t *f = *state;
    crm_plugin_t *plugin = crm__plugin_new(&f->host, "in-test", NULL, &failing_desc);
    crm_error_t error = {0};

    undo_log[0] = '\0';
    assert_non_null(plugin);
    assert_int_equal(crm__plugin_start(plugin, &error), CRM_EPLUGIN);
    assert_string_equal(error.message, "init failed: no licence key");
    assert_string_equal(undo_log, "second;first;");
    assert_null(plugin->registrations);
    assert_false(plugin->initialising);
    crm__plugin_free(plugin);
    assert_string_equal(undo_log, "second;first;");
}

static void
registrations_are_listed_oldest_first_and_undone_at_unload(void **state)
{
    fixture_t *f = *state;
    crm_plugin_t *plugin = crm__plugin_new(&f->host, "in-test", NULL, &working_desc);
    crm_error_t error = {0};
    char listing[128] = "";

    undo_log[0] = '\0';
    assert_int_equal(crm__plugin_start(plugin, &error), 0);
    crm__plugin_foreach_registration(plugin, list_append, listing);
    assert_string_equal(listing, "entity first|route GET /second|");
    assert_string_equal(undo_log, "");
    crm__plugin_free(plugin);
    assert_string_equal(undo_log, "second;first;");
}

static void
registration_outside_init_is_refused(void **state)
{
    fixture_t *f = *state;
    crm_plugin_t *plugin = crm__plugin_new(&f->host, "in-test", NULL, &working_desc);
    crm_error_t error = {0};

    assert_int_equal(crm__plugin_record(plugin, "route", "GET /late", NULL, NULL, &error),
                     CRM_EPLUGIN);
    assert_non_null(strstr(error.message, "registration is only allowed during init"));
    assert_null(plugin->registrations);
    /* the core itself (NULL) may always register */
    assert_int_equal(crm__plugin_record(NULL, "route", "GET /core", NULL, NULL, &error), 0);
    crm__plugin_free(plugin);
}

static void
handle_accessors_and_core_abi(void **state)
{
    fixture_t *f = *state;
    crm_plugin_t *plugin;
    int major = -1, minor = -1;
    int data = 7;

    configure(f, true, "", NULL);
    plugin = crm__plugin_new(&f->host, "in-test", NULL, &working_desc);
    assert_string_equal(crm_plugin_name(plugin), "working");
    assert_null(crm_plugin_store(plugin));
    assert_non_null(crm_plugin_config(plugin));
    assert_int_equal(crm_config_count(crm_plugin_config(plugin), "anything"), 0);
    assert_null(crm_plugin_get_data(plugin));
    crm_plugin_set_data(plugin, &data);
    assert_ptr_equal(crm_plugin_get_data(plugin), &data);
    crm_core_abi(&major, &minor);
    assert_int_equal(major, CRM_ABI_MAJOR);
    assert_int_equal(minor, CRM_ABI_MINOR);
    crm__plugin_free(plugin);
}

static void
peek_reads_the_descriptor_without_running_init(void **state)
{
    fixture_t *f = *state;
    char path[PATH_MAX];
    const crm_plugin_desc_t *desc = NULL;
    void *dl = NULL;
    crm_error_t error = {0};

    snprintf(path, sizeof path, "%s/good_dependent.so", f->fixtures);
    assert_int_equal(crm__plugin_peek(path, &dl, &desc, &error), 0);
    assert_non_null(dl);
    assert_string_equal(desc->name, "good_dependent");
    assert_string_equal(desc->requires[0], "good_base");
    dlclose(dl);
    assert_string_equal(trace(f), "");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(plugins_load_in_requirement_order_and_fini_in_reverse),
        T(independent_plugins_keep_their_configured_order),
        T(missing_file_is_refused),
        T(text_file_is_refused_as_not_a_shared_object),
        T(shared_object_without_descriptor_is_refused),
        T(different_abi_major_is_refused_with_a_rebuild_hint),
        T(newer_abi_minor_is_refused_with_an_upgrade_hint),
        T(older_abi_minor_is_accepted),
        T(an_entity_named_like_a_core_collection_is_refused),
        T(a_reference_to_an_unknown_entity_stops_start_up),
        T(a_misspelt_or_mistyped_plugin_setting_is_refused_at_start),
        T(descriptor_smaller_than_abi_1_0_is_refused),
        T(invalid_plugin_name_is_refused),
        T(duplicate_name_is_refused_naming_the_other_file),
        T(missing_requirement_is_refused),
        T(dependency_cycle_is_refused_and_named),
        T(failing_init_is_refused_with_the_plugins_message),
        T(strict_mode_stops_at_the_first_failure_and_unloads_everything),
        T(lenient_mode_logs_refusals_and_loads_the_others),
        T(plugin_requiring_a_refused_plugin_is_refused),
        T(failed_init_undoes_its_registrations_newest_first),
        T(registrations_are_listed_oldest_first_and_undone_at_unload),
        T(registration_outside_init_is_refused),
        T(handle_accessors_and_core_abi),
        T(peek_reads_the_descriptor_without_running_init),
#undef T
    };
    return cmocka_run_group_tests_name("loader", tests, NULL, NULL);
}
