/* Authorisation internals: permission patterns, scopes over several roles, token limits, the
 * subtree filter, the roles file's problems with their lines, the org tree's nesting and cycle
 * rules — against a real SQLite store in a temporary directory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "authz/authz-impl-private.h"
#include "host/host-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fixture {
    char dir[64];
    crm__config_t config;
    crm__host_t host;
} fixture_t;

static char *
write_temp(const char *dir, const char *name, const char *text)
{
    static char path[160];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static int
setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    char db[128], roles[128];
    crm_error_t error = {0};

    snprintf(f->dir, sizeof f->dir, "/tmp/crm-authz-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(db, sizeof db, "%s/crm.db", f->dir);
    snprintf(roles, sizeof roles, "%s/conf/roles.cfg", getenv("CRM_TEST_SOURCE_DIR"));
    f->config.auth_enabled = true;
    f->config.auth_roles = strdup(roles);
    f->host.config = &f->config;
    f->host.store = crm_store_open("sqlite", db, NULL, &error);
    if (!f->host.store || crm__authz_open(&f->host, &error) != 0) {
        fprintf(stderr, "setup: %s\n", error.message);
        return -1;
    }
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    fixture_t *f = *state;
    char cmd[128];

    crm__authz_close();
    crm_store_close(f->host.store);
    free((char *)f->config.auth_roles);
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", f->dir);
    free(f);
    return 0;
}

static void
pattern_matching_follows_the_table(void **state)
{
    static const struct {
        const char *pattern, *permission;
        bool match;
    } cases[] = {
        {"*", "client.read", true},
        {"*", "a.b.c", true},
        {"client.read", "client.read", true},
        {"client.read", "client.update", false},
        {"client.read", "client.reader", false},
        {"client.*", "client.read", true},
        {"client.*", "client.notes.read", true},
        {"client.*", "client", false},
        {"client.*", "clients.read", false},
        {"*.read", "client.read", true},
        {"*.read", "client.notes.read", true},
        {"*.read", "client.reread", false},
        {"*.read", "read", false},
        {"meta.read", "meta.readx", false},
        /* administrative permissions: only by name or "*" */
        {"*.read", "audit.read", false},
        {"audit.*", "audit.read", false},
        {"*.manage", "users.manage", false},
        {"audit.read", "audit.read", true},
        {"*", "roles.manage", true},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (crm__permission_match(cases[i].pattern, cases[i].permission) != cases[i].match)
            fail_msg("pattern %s on %s: expected %d", cases[i].pattern, cases[i].permission,
                     cases[i].match);
    assert_true(crm__permission_pattern_valid("*.read"));
    assert_true(crm__permission_pattern_valid("campaign.*"));
    assert_false(crm__permission_pattern_valid("camp*.read"));
    assert_false(crm__permission_pattern_valid("Client.read"));
    assert_false(crm__permission_name_valid("client"));
    assert_false(crm__permission_name_valid("client..read"));
}

static void
scope_is_the_widest_over_every_role(void **state)
{
    const char *roles[] = {"advisor", "marketer", "no_such_role"};
    crm_identity_t *id =
        crm__identity_new("u1", "ann", "aaaaaaaaaaaaaaaaaaaaaaaa", CRM__AUTH_SESSION);
    crm_error_t error = {0};

    (void)state;
    assert_non_null(id);
    assert_int_equal(crm__authz_grant_roles(id, roles, 3, &error), 0);
    /* advisor: *.read own; marketer: *.read unit, campaign.* all. */
    assert_int_equal(crm_identity_scope(id, "client.read"), CRM_SCOPE_UNIT);
    assert_int_equal(crm_identity_scope(id, "client.update"), CRM_SCOPE_OWN);
    assert_int_equal(crm_identity_scope(id, "campaign.delete"), CRM_SCOPE_ALL);
    assert_int_equal(crm_identity_scope(id, "client.delete"), CRM_SCOPE_NONE);
    /* "*.read" does not reach the audit trail: administrative permissions go by name. */
    assert_int_equal(crm_identity_scope(id, "audit.read"), CRM_SCOPE_NONE);
    assert_true(crm_identity_can(id, "meta.read"));
    assert_false(crm_identity_can(id, "roles.manage"));
    assert_int_equal(crm_identity_scope(crm_identity_system(), "anything.at_all"), CRM_SCOPE_ALL);
    assert_int_equal(crm_identity_scope(crm__identity_anonymous(), "meta.read"), CRM_SCOPE_NONE);
    assert_string_equal(crm_scope_name(CRM_SCOPE_SUBTREE), "subtree");
    crm__identity_unref(id);
}

static void
limits_narrow_a_token(void **state)
{
    crm_identity_t *id = crm__identity_new("u2", "bob", NULL, CRM__AUTH_TOKEN);

    (void)state;
    assert_int_equal(crm__identity_add_grant(id, "*", CRM_SCOPE_ALL), 0);
    assert_int_equal(crm__identity_add_limit(id, "client.*"), 0);
    assert_int_equal(crm__identity_add_limit(id, "*.import"), 0);
    assert_int_equal(crm_identity_scope(id, "client.read"), CRM_SCOPE_ALL);
    assert_int_equal(crm_identity_scope(id, "loan.import"), CRM_SCOPE_ALL);
    assert_int_equal(crm_identity_scope(id, "loan.read"), CRM_SCOPE_NONE);
    assert_int_equal(crm_identity_scope(id, "roles.manage"), CRM_SCOPE_NONE);
    /* A limit never widens: without a grant, nothing. */
    crm_identity_t *narrow = crm__identity_new("u3", NULL, NULL, CRM__AUTH_TOKEN);
    assert_int_equal(crm__identity_add_limit(narrow, "*"), 0);
    assert_int_equal(crm_identity_scope(narrow, "client.read"), CRM_SCOPE_NONE);
    /* References: the identity lives until the last unref. */
    assert_ptr_equal(crm__identity_ref(id), id);
    crm__identity_unref(id);
    assert_int_equal(crm_identity_scope(id, "client.read"), CRM_SCOPE_ALL);
    crm__identity_unref(id);
    crm__identity_unref(narrow);
    crm__identity_unref(crm_identity_system());
}

/* Creates a unit and returns its id (static buffer per call site via OUT). */
static void
make_unit(const char *name, const char *kind, const char *parent, char out[25])
{
    bson_t in = BSON_INITIALIZER, res = BSON_INITIALIZER;
    crm_error_t error = {0};
    bson_iter_t it;

    BSON_APPEND_UTF8(&in, "name", name);
    BSON_APPEND_UTF8(&in, "kind", kind);
    if (parent)
        BSON_APPEND_UTF8(&in, "parent_id", parent);
    if (crm__org_unit_create(crm_identity_system(), &in, &res, &error) != 0)
        fail_msg("create %s: %s", name, error.message);
    assert_true(bson_iter_init_find(&it, &res, "id"));
    snprintf(out, 25, "%s", bson_iter_utf8(&it, NULL));
    bson_destroy(&in);
    bson_destroy(&res);
}

static bool
array_has(const bson_t *filter, const char *path, const char *value, int *n)
{
    bson_iter_t it, arr;
    bool found = false;

    *n = 0;
    if (!bson_iter_init(&it, filter) || !bson_iter_find_descendant(&it, path, &it) ||
        !bson_iter_recurse(&it, &arr))
        return false;
    while (bson_iter_next(&arr)) {
        (*n)++;
        found = found || strcmp(bson_iter_utf8(&arr, NULL), value) == 0;
    }
    return found;
}

static void
org_tree_nesting_subtree_filter_and_cycles(void **state)
{
    char bank[25], north[25], south[25], b1[25], b2[25], team[25];
    crm_error_t error = {0};
    bson_t in = BSON_INITIALIZER, filter = BSON_INITIALIZER;
    crm_identity_t *director;
    int n = 0;

    (void)state;
    assert_true(crm__org_kind_may_nest(CRM__ORG_BANK, CRM__ORG_REGION));
    assert_true(crm__org_kind_may_nest(CRM__ORG_BRANCH, CRM__ORG_TEAM));
    assert_true(crm__org_kind_may_nest(CRM__ORG_BANK, CRM__ORG_BRANCH));
    assert_false(crm__org_kind_may_nest(CRM__ORG_BRANCH, CRM__ORG_REGION));
    assert_false(crm__org_kind_may_nest(CRM__ORG_TEAM, CRM__ORG_TEAM));
    assert_false(crm__org_kind_may_nest(CRM__ORG_REGION, CRM__ORG_BANK));

    make_unit("Bank", "bank", NULL, bank);
    make_unit("North", "region", bank, north);
    make_unit("South", "region", bank, south);
    make_unit("Branch 1", "branch", north, b1);
    make_unit("Branch 2", "branch", south, b2);
    make_unit("Team 1a", "team", b1, team);
    assert_true(crm__org_unit_exists(team));
    assert_false(crm__org_unit_exists("aaaaaaaaaaaaaaaaaaaaaaaa"));

    /* A region under a branch: refused. */
    BSON_APPEND_UTF8(&in, "name", "Odd");
    BSON_APPEND_UTF8(&in, "kind", "region");
    BSON_APPEND_UTF8(&in, "parent_id", b1);
    assert_int_equal(crm__org_unit_create(crm_identity_system(), &in, NULL, &error),
                     CRM_EVALIDATION);
    assert_non_null(strstr(error.fields[0].message, "cannot sit under a branch"));
    bson_reinit(&in);

    /* Moving North under its own branch would make a cycle (and a region under a branch). */
    BSON_APPEND_UTF8(&in, "parent_id", b1);
    crm_error_clear(&error);
    assert_int_equal(crm__org_unit_update(crm_identity_system(), north, &in, NULL, &error),
                     CRM_EVALIDATION);
    assert_non_null(strstr(error.fields[0].message, "cycle"));
    bson_reinit(&in);
    /* Moving Branch 1 to South is fine; North's subtree then no longer holds its team. */
    BSON_APPEND_UTF8(&in, "parent_id", south);
    assert_int_equal(crm__org_unit_update(crm_identity_system(), b1, &in, NULL, &error), 0);

    director = crm__identity_new("d1", "dora", south, CRM__AUTH_SESSION);
    assert_int_equal(crm__identity_add_grant(director, "*.read", CRM_SCOPE_SUBTREE), 0);
    assert_int_equal(crm_identity_scope_filter(director, "client.read", &filter, &error), 0);
    assert_true(array_has(&filter, "org_unit.$in", team, &n));
    assert_true(array_has(&filter, "org_unit.$in", b2, &n));
    assert_true(array_has(&filter, "org_unit.$in", south, &n));
    assert_false(array_has(&filter, "org_unit.$in", north, &n));
    assert_int_equal(n, 4); /* South, Branch 2, Branch 1, Team 1a */
    assert_true(crm_identity_reaches(director, "client.read", "someone", team));
    assert_false(crm_identity_reaches(director, "client.read", "someone", north));
    assert_false(crm_identity_reaches(director, "client.update", "someone", team));
    assert_int_equal(crm_identity_scope_filter(director, "client.delete", &filter, &error),
                     CRM_EPERM);
    assert_string_equal(error.message, "you lack the permission client.delete");
    assert_int_equal(crm_filter_check(&filter, NULL), 0);
    crm__identity_unref(director);
    bson_destroy(&in);
    bson_destroy(&filter);
}

static void
own_and_unit_filters_and_a_user_without_unit(void **state)
{
    crm_identity_t *id = crm__identity_new("u9", "eve", NULL, CRM__AUTH_SESSION);
    bson_t filter = BSON_INITIALIZER;
    bson_iter_t it;
    int64_t count = -1;

    (void)state;
    crm__identity_add_grant(id, "client.read", CRM_SCOPE_OWN);
    crm__identity_add_grant(id, "loan.read", CRM_SCOPE_UNIT);
    assert_int_equal(crm_identity_scope_filter(id, "client.read", &filter, NULL), 0);
    assert_true(bson_iter_init_find(&it, &filter, "owner_id"));
    assert_string_equal(bson_iter_utf8(&it, NULL), "u9");
    bson_reinit(&filter);
    /* No unit: a unit scope matches nothing, and the store accepts the condition. */
    assert_int_equal(crm_identity_scope_filter(id, "loan.read", &filter, NULL), 0);
    assert_int_equal(
        crm_store_count(crm__authz_store(), CRM__ORG_COLLECTION, &filter, &count, NULL), 0);
    assert_int_equal(count, 0);
    assert_false(crm_identity_reaches(id, "loan.read", "u9", NULL));
    assert_true(crm_identity_reaches(id, "client.read", "u9", NULL));
    bson_destroy(&filter);
    crm__identity_unref(id);
}

static void
roles_file_problems_name_their_lines(void **state)
{
    fixture_t *f = *state;
    crm__config_problems_t problems = {0};
    crm__role_t *roles = NULL;
    size_t n = 0;
    const char *path = write_temp(f->dir, "bad.cfg",
                                  "roles = (\n"
                                  "  { name = \"a\"; grants = ( (\"x.read\", \"own\") ); },\n"
                                  "  { name = \"b\"; grants = (\n"
                                  "      (\"x.read\", \"everywhere\"),\n"
                                  "      (\"x.read\") ); },\n"
                                  "  { name = \"a\"; grants = (); },\n"
                                  "  { name = \"c\"; grants = ( (\"x*y\", \"all\") ); }\n"
                                  ");\n");

    assert_int_equal(crm__roles_parse_file(path, &roles, &n, &problems), CRM_ECONFIG);
    assert_null(roles);
    assert_int_equal(problems.n, 4);
    assert_int_equal(problems.items[0].line, 4);
    assert_non_null(strstr(problems.items[0].message, "unknown scope \"everywhere\""));
    assert_int_equal(problems.items[1].line, 5);
    assert_non_null(strstr(problems.items[1].message, "a grant is"));
    assert_int_equal(problems.items[2].line, 6);
    assert_non_null(strstr(problems.items[2].message, "duplicate role a"));
    assert_int_equal(problems.items[3].line, 7);
    assert_non_null(strstr(problems.items[3].message, "malformed permission pattern"));
    crm__config_problems_free(&problems);

    /* The shipped file is clean and has every built-in role. */
    assert_int_equal(crm__roles_parse_file(f->config.auth_roles, &roles, &n, &problems), 0);
    assert_int_equal(n, 11);
    crm__roles_free(roles, n);
    assert_true(crm__role_is_builtin("regional_director"));
    assert_true(crm__authz_role_exists("integration"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pattern_matching_follows_the_table),
        cmocka_unit_test(scope_is_the_widest_over_every_role),
        cmocka_unit_test(limits_narrow_a_token),
        cmocka_unit_test(org_tree_nesting_subtree_filter_and_cycles),
        cmocka_unit_test(own_and_unit_filters_and_a_user_without_unit),
        cmocka_unit_test(roles_file_problems_name_their_lines),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
