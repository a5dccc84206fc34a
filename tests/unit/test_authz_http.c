/* End to end: a real crmd (authentication off, so every call is the system identity) —
 * the org tree, roles with their built-in protection, the permission list, and the audit
 * trail's list with filters and paging, which no route can change. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "crmd_process.h"
#include "http_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
setup(void **state)
{
    test_crmd_t *c = calloc(1, sizeof *c);
    char extra[512];

    snprintf(extra, sizeof extra, "auth = { enabled = false; roles = \"%s/conf/roles.cfg\"; };",
             getenv("CRM_TEST_SOURCE_DIR"));
    if (!c || test_crmd_start(c, "sqlite", "\"example\"", extra) != 0) {
        char *log = c ? test_read_file(c->log, NULL) : NULL;
        fprintf(stderr, "crmd did not start: %s\n", log ? log : "");
        free(log);
        return -1;
    }
    *state = c;
    return 0;
}

static int
teardown(void **state)
{
    test_crmd_cleanup(*state);
    free(*state);
    return 0;
}

static int
call(test_crmd_t *c, const char *method, const char *path, const char *body, bson_t *json)
{
    test_http_response_t r;
    int status;

    assert_int_equal(test_http_request(c->port, method, path,
                                       body ? "Content-Type: application/json\r\n" : NULL, body,
                                       body ? strlen(body) : 0, &r),
                     0);
    status = r.status;
    if (json && !(r.body_len && test_http_json(&r, json)))
        bson_init(json);
    test_http_response_free(&r);
    return status;
}

static const char *
str_at(const bson_t *doc, const char *path)
{
    bson_iter_t it;

    if (bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, path, &it) &&
        BSON_ITER_HOLDS_UTF8(&it))
        return bson_iter_utf8(&it, NULL);
    return "";
}

/* The message for FIELD (whose name may hold dots) in an error body. */
static const char *
field_msg(const bson_t *doc, const char *field)
{
    bson_iter_t it, fields;

    if (bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, "error.fields", &it) &&
        bson_iter_recurse(&it, &fields) && bson_iter_find(&fields, field) &&
        BSON_ITER_HOLDS_UTF8(&fields))
        return bson_iter_utf8(&fields, NULL);
    return "";
}

/* POSTs a unit and returns its id in OUT. */
static void
post_unit(test_crmd_t *c, const char *name, const char *kind, const char *parent, char out[25])
{
    char body[256];
    bson_t j;

    if (parent)
        snprintf(body, sizeof body, "{\"name\":\"%s\",\"kind\":\"%s\",\"parent_id\":\"%s\"}", name,
                 kind, parent);
    else
        snprintf(body, sizeof body, "{\"name\":\"%s\",\"kind\":\"%s\"}", name, kind);
    assert_int_equal(call(c, "POST", "/api/v1/org_units", body, &j), 201);
    snprintf(out, 25, "%s", str_at(&j, "id"));
    assert_int_equal(strlen(out), 24);
    bson_destroy(&j);
}

static void
org_tree_crud_and_refusals(void **state)
{
    test_crmd_t *c = *state;
    char bank[25], region[25], branch[25], path[96], body[128];
    bson_t j;

    post_unit(c, "Bank", "bank", NULL, bank);
    post_unit(c, "North", "region", bank, region);
    post_unit(c, "Branch 1", "branch", region, branch);

    assert_int_equal(
        call(c, "POST", "/api/v1/org_units", "{\"name\":\"B2\",\"kind\":\"bank\"}", &j), 409);
    assert_string_equal(str_at(&j, "error.message"), "the org tree already has its root bank");
    bson_destroy(&j);

    snprintf(body, sizeof body, "{\"name\":\"Odd\",\"kind\":\"region\",\"parent_id\":\"%s\"}",
             branch);
    assert_int_equal(call(c, "POST", "/api/v1/org_units", body, &j), 422);
    assert_non_null(strstr(field_msg(&j, "parent_id"), "a region cannot sit under a branch"));
    bson_destroy(&j);

    snprintf(path, sizeof path, "/api/v1/org_units/%s", region);
    snprintf(body, sizeof body, "{\"parent_id\":\"%s\"}", branch);
    assert_int_equal(call(c, "PATCH", path, body, &j), 422);
    assert_non_null(strstr(field_msg(&j, "parent_id"), "cycle"));
    bson_destroy(&j);

    assert_int_equal(call(c, "PATCH", path, "{\"name\":\"North-East\"}", &j), 200);
    assert_string_equal(str_at(&j, "name"), "North-East");
    assert_string_equal(str_at(&j, "parent_id"), bank);
    bson_destroy(&j);

    assert_int_equal(call(c, "DELETE", path, NULL, &j), 409);
    assert_non_null(strstr(str_at(&j, "error.message"), "unit(s) below it"));
    bson_destroy(&j);

    assert_int_equal(call(c, "GET", "/api/v1/org_units", NULL, &j), 200);
    assert_string_equal(str_at(&j, "items.0.id"), bank);
    assert_string_equal(str_at(&j, "items.1.name"), "North-East");
    assert_string_equal(str_at(&j, "items.2.parent_id"), region);
    {
        bson_iter_t it;
        assert_true(bson_iter_init(&it, &j) &&
                    bson_iter_find_descendant(&it, "items.2.depth", &it));
        assert_int_equal(bson_iter_as_int64(&it), 2);
    }
    bson_destroy(&j);

    snprintf(path, sizeof path, "/api/v1/org_units/%s", branch);
    assert_int_equal(call(c, "DELETE", path, NULL, NULL), 204);
    assert_int_equal(call(c, "GET", path, NULL, NULL), 404);
}

static void
roles_crud_and_builtin_protection(void **state)
{
    test_crmd_t *c = *state;
    bson_t j;

    assert_int_equal(call(c, "GET", "/api/v1/roles/advisor", NULL, &j), 200);
    assert_string_equal(str_at(&j, "grants.0.pattern"), "*.read");
    assert_string_equal(str_at(&j, "grants.0.scope"), "own");
    bson_destroy(&j);

    assert_int_equal(call(c, "PATCH", "/api/v1/roles/advisor", "{\"label\":\"X\"}", &j), 409);
    assert_non_null(strstr(str_at(&j, "error.message"), "built-in role"));
    bson_destroy(&j);
    assert_int_equal(call(c, "DELETE", "/api/v1/roles/admin", NULL, &j), 409);
    assert_non_null(strstr(str_at(&j, "error.message"), "cannot be deleted"));
    bson_destroy(&j);
    assert_int_equal(call(c, "POST", "/api/v1/roles", "{\"name\":\"board\",\"grants\":[]}", &j),
                     409);
    bson_destroy(&j);

    assert_int_equal(call(c, "POST", "/api/v1/roles",
                          "{\"name\":\"kyc_officer\",\"label\":\"KYC officer\",\"grants\":"
                          "[{\"pattern\":\"prospect.*\",\"scope\":\"subtree\"}]}",
                          &j),
                     201);
    assert_string_equal(str_at(&j, "grants.0.scope"), "subtree");
    bson_destroy(&j);
    assert_int_equal(
        call(c, "POST", "/api/v1/roles",
             "{\"name\":\"bad\",\"grants\":[{\"pattern\":\"x.read\",\"scope\":\"far\"}]}", &j),
        422);
    assert_non_null(strstr(field_msg(&j, "grants.0"), "scope must be"));
    bson_destroy(&j);
    assert_int_equal(call(c, "PATCH", "/api/v1/roles/kyc_officer",
                          "{\"grants\":[{\"pattern\":\"prospect.read\",\"scope\":\"all\"}]}", &j),
                     200);
    assert_string_equal(str_at(&j, "grants.0.pattern"), "prospect.read");
    bson_destroy(&j);
    assert_int_equal(call(c, "GET", "/api/v1/roles", NULL, &j), 200);
    assert_string_equal(str_at(&j, "roles.11.name"), "kyc_officer");
    bson_destroy(&j);
    assert_int_equal(call(c, "DELETE", "/api/v1/roles/kyc_officer", NULL, NULL), 204);
    assert_int_equal(call(c, "GET", "/api/v1/roles/kyc_officer", NULL, NULL), 404);
}

static void
permissions_list_core_and_entity_permissions(void **state)
{
    test_crmd_t *c = *state;
    bool audit = false, export = false;
    bson_iter_t it, arr;
    bson_t j;

    assert_int_equal(call(c, "GET", "/api/v1/permissions", NULL, &j), 200);
    assert_true(bson_iter_init_find(&it, &j, "permissions") && bson_iter_recurse(&it, &arr));
    while (bson_iter_next(&arr)) {
        bson_t doc;
        uint32_t len;
        const uint8_t *data;
        bson_iter_document(&arr, &len, &data);
        bson_init_static(&doc, data, len);
        if (strcmp(str_at(&doc, "name"), "audit.read") == 0)
            audit = strcmp(str_at(&doc, "origin"), "core") == 0;
        if (strcmp(str_at(&doc, "name"), "prospect.export") == 0)
            export = strcmp(str_at(&doc, "origin"), "entity") == 0 &&
                     strcmp(str_at(&doc, "entity"), "prospect") == 0;
    }
    assert_true(audit);
    assert_true(export);
    bson_destroy(&j);
}

static void
audit_lists_changes_newest_first_with_cursor(void **state)
{
    test_crmd_t *c = *state;
    char path[200];
    bson_t j;

    /* The role test ran before: create, update, delete of kyc_officer. */
    assert_int_equal(call(c, "GET", "/api/v1/audit?entity=role&limit=2", NULL, &j), 200);
    assert_string_equal(str_at(&j, "items.0.action"), "role_delete");
    assert_string_equal(str_at(&j, "items.1.action"), "role_update");
    assert_string_equal(str_at(&j, "items.0.name"), "kyc_officer");
    assert_int_equal(strlen(str_at(&j, "items.0.at")), 24);
    assert_int_equal(strlen(str_at(&j, "items.0._id")), 24);
    snprintf(path, sizeof path, "/api/v1/audit?entity=role&limit=2&cursor=%s",
             str_at(&j, "next_cursor"));
    bson_destroy(&j);
    assert_int_equal(call(c, "GET", path, NULL, &j), 200);
    assert_string_equal(str_at(&j, "items.0.action"), "role_create");
    assert_string_equal(str_at(&j, "items.1.action"), "");
    bson_destroy(&j);

    assert_int_equal(call(c, "GET", "/api/v1/audit?action=org_unit_delete", NULL, &j), 200);
    assert_string_equal(str_at(&j, "items.0.entity"), "org_unit");
    assert_string_equal(str_at(&j, "items.1.action"), "");
    bson_destroy(&j);

    assert_int_equal(
        call(c, "GET", "/api/v1/audit?action=role_create&from=2999-01-01T00:00:00Z", NULL, &j),
        200);
    assert_string_equal(str_at(&j, "items.0.action"), "");
    bson_destroy(&j);
    assert_int_equal(call(c, "GET", "/api/v1/audit?from=yesterday", NULL, NULL), 400);

    /* Append-only: no route writes it. */
    int s = call(c, "POST", "/api/v1/audit", "{\"action\":\"x\"}", NULL);
    assert_true(s == 404 || s == 405);
    s = call(c, "DELETE", "/api/v1/audit", NULL, NULL);
    assert_true(s == 404 || s == 405);
    s = call(c, "PATCH", "/api/v1/audit/0123456789abcdef01234567", "{\"action\":\"x\"}", NULL);
    assert_true(s == 404 || s == 405);
    assert_int_equal(call(c, "GET", "/api/v1/audit?action=role_delete", NULL, &j), 200);
    assert_string_equal(str_at(&j, "items.0.name"), "kyc_officer");
    bson_destroy(&j);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(org_tree_crud_and_refusals),
        cmocka_unit_test(roles_crud_and_builtin_protection),
        cmocka_unit_test(permissions_list_core_and_entity_permissions),
        cmocka_unit_test(audit_lists_changes_newest_first_with_cursor),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
