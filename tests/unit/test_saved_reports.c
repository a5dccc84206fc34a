/* Saved reports and dashboards end to end: a real crmd with authentication, users in org
 * units, over HTTP. Who sees a saved configuration (owner, unit, role), who may change it,
 * dashboards' ordered items, and field validation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "crmd_process.h"
#include "admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define PASSWORD "Saved-Passphrase-2026!"

typedef struct world {
    test_crmd_t crmd;
    test_session_t admin, anna, bart, carl, dora;
    char bank[25], branch1[25], branch2[25];
} world_t;

static int
setup(void **state)
{
    world_t *w = calloc(1, sizeof *w);

    if (!w || test_start_with_admin(&w->crmd, "\"example\"", NULL, PASSWORD, &w->admin) != 0)
        return -1;
    *state = w;
    test_org_unit(&w->admin, "Bank", "bank", NULL, w->bank);
    test_org_unit(&w->admin, "Krakow", "branch", w->bank, w->branch1);
    test_org_unit(&w->admin, "Lviv", "branch", w->bank, w->branch2);
    /* the owner, her colleague, another unit with the same role, another unit and role */
    test_user_session(&w->admin, "anna", "advisor", w->branch1, PASSWORD, &w->anna);
    test_user_session(&w->admin, "bart", "advisor", w->branch1, PASSWORD, &w->bart);
    test_user_session(&w->admin, "carl", "advisor", w->branch2, PASSWORD, &w->carl);
    test_user_session(&w->admin, "dora", "marketer", w->branch2, PASSWORD, &w->dora);
    return 0;
}

static int
status_of(const test_session_t *s, const char *method, const char *path, const char *body)
{
    bson_t j;
    int status = test_session_json(s, method, path, body, &j);

    bson_destroy(&j);
    return status;
}

/* Whether S's list at PATH holds record ID. */
static bool
lists(const test_session_t *s, const char *path, const char *id)
{
    bson_t j;
    bson_iter_t it, items, item;
    bool found = false;

    assert_int_equal(test_session_json(s, "GET", path, NULL, &j), 200);
    assert_true(bson_iter_init_find(&it, &j, "items") && bson_iter_recurse(&it, &items));
    while (bson_iter_next(&items)) {
        bson_iter_recurse(&items, &item);
        if (bson_iter_find(&item, "id") && strcmp(bson_iter_utf8(&item, NULL), id) == 0)
            found = true;
    }
    bson_destroy(&j);
    return found;
}

/* Whether S sees saved report ID, by list and by GET. */
static bool
sees(const test_session_t *s, const char *id)
{
    char path[128];
    bool listed = lists(s, "/api/v1/saved_reports", id);
    int status;

    snprintf(path, sizeof path, "/api/v1/saved_reports/%s", id);
    status = status_of(s, "GET", path, NULL);
    assert_int_equal(status, listed ? 200 : 404);
    return listed;
}

static const char *const report_body =
    "{\"name\":\"My pipeline\",\"report\":\"prospects_by_segment\","
    "\"params\":{\"dims\":\"segment,month\",\"measures\":\"prospects\",\"from\":\"2026-01-01\","
    "\"to\":\"2026-12-31\",\"compare\":\"yoy\",\"format\":\"xlsx\"}}";

static void
a_saved_report_is_private_to_its_owner(void **state)
{
    world_t *w = *state;
    char id[25], path[128];
    bson_t j;

    test_create(&w->anna, "/api/v1/saved_reports", report_body, id);
    snprintf(path, sizeof path, "/api/v1/saved_reports/%s", id);
    assert_int_equal(test_session_json(&w->anna, "GET", path, NULL, &j), 200);
    assert_string_equal(test_str_at(&j, "name"), "My pipeline");
    assert_string_equal(test_str_at(&j, "report"), "prospects_by_segment");
    assert_string_equal(test_str_at(&j, "params.format"), "xlsx");
    assert_string_equal(test_str_at(&j, "shared_with"), "private");
    assert_string_equal(test_str_at(&j, "org_unit"), w->branch1);
    assert_non_null(test_str_at(&j, "owner_id"));
    bson_destroy(&j);
    assert_true(sees(&w->anna, id));
    assert_false(sees(&w->bart, id));
    assert_false(sees(&w->carl, id));
    assert_false(sees(&w->dora, id));
}

static void
sharing_with_the_unit_reaches_colleagues_only(void **state)
{
    world_t *w = *state;
    char id[25], path[128];

    test_create(&w->anna, "/api/v1/saved_reports",
                "{\"name\":\"Branch view\",\"report\":\"deposits\",\"shared_with\":\"unit\"}", id);
    assert_true(sees(&w->anna, id));
    assert_true(sees(&w->bart, id));
    assert_false(sees(&w->carl, id));
    assert_false(sees(&w->dora, id));
    /* back to private: the colleague loses it */
    snprintf(path, sizeof path, "/api/v1/saved_reports/%s", id);
    assert_int_equal(status_of(&w->anna, "PATCH", path, "{\"shared_with\":\"private\"}"), 200);
    assert_false(sees(&w->bart, id));
}

static void
sharing_with_a_role_reaches_its_holders(void **state)
{
    world_t *w = *state;
    char id[25];

    test_create(&w->anna, "/api/v1/saved_reports",
                "{\"name\":\"For marketing\",\"report\":\"campaigns\",\"shared_with\":\"role\","
                "\"role\":\"marketer\"}",
                id);
    assert_true(sees(&w->anna, id));
    assert_true(sees(&w->dora, id));
    assert_false(sees(&w->bart, id));
    assert_false(sees(&w->carl, id));
}

static void
only_the_owner_changes_or_deletes(void **state)
{
    world_t *w = *state;
    char shared[25], private_id[25], path[128], path2[128];
    bson_t j;

    test_create(&w->anna, "/api/v1/saved_reports",
                "{\"name\":\"Shared\",\"report\":\"deposits\",\"shared_with\":\"unit\"}", shared);
    test_create(&w->anna, "/api/v1/saved_reports", "{\"name\":\"Mine\",\"report\":\"deposits\"}",
                private_id);
    snprintf(path, sizeof path, "/api/v1/saved_reports/%s", shared);
    snprintf(path2, sizeof path2, "/api/v1/saved_reports/%s", private_id);
    /* seen but not owned: 403; not seen: 404 */
    assert_int_equal(status_of(&w->bart, "PATCH", path, "{\"name\":\"Hijacked\"}"), 403);
    assert_int_equal(status_of(&w->bart, "DELETE", path, NULL), 403);
    assert_int_equal(status_of(&w->carl, "PATCH", path, "{\"name\":\"Hijacked\"}"), 404);
    assert_int_equal(status_of(&w->carl, "DELETE", path, NULL), 404);
    assert_int_equal(status_of(&w->bart, "DELETE", path2, NULL), 404);
    assert_int_equal(status_of(&w->anna, "GET", "/api/v1/saved_reports/nothex", NULL), 404);
    assert_int_equal(
        status_of(&w->anna, "GET", "/api/v1/saved_reports/0123456789abcdef01234567", NULL), 404);
    /* the owner renames, keeping the rest */
    assert_int_equal(test_session_json(&w->anna, "PATCH", path, "{\"name\":\"Renamed\"}", &j), 200);
    assert_string_equal(test_str_at(&j, "name"), "Renamed");
    assert_string_equal(test_str_at(&j, "shared_with"), "unit");
    assert_string_equal(test_str_at(&j, "report"), "deposits");
    bson_destroy(&j);
    assert_int_equal(status_of(&w->anna, "DELETE", path, NULL), 204);
    assert_int_equal(status_of(&w->anna, "GET", path, NULL), 404);
    assert_int_equal(status_of(&w->anna, "DELETE", path, NULL), 404);
}

/* Expects 422 for BODY at PATH with a message on FIELD (a key that may hold dots). */
static void
refused(const test_session_t *s, const char *method, const char *path, const char *body,
        const char *field)
{
    bson_t j;
    bson_iter_t it, fields;
    int status = test_session_json(s, method, path, body, &j);
    bool found = bson_iter_init(&it, &j) && bson_iter_find_descendant(&it, "error.fields", &it) &&
                 bson_iter_recurse(&it, &fields) && bson_iter_find(&fields, field);

    if (status != 422 || !found) {
        char *text = bson_as_relaxed_extended_json(&j, NULL);
        fail_msg("%s %s: expected 422 on %s, got %d %s", path, body, field, status, text);
    }
    bson_destroy(&j);
}

static void
invalid_saved_reports_are_refused_per_field(void **state)
{
    world_t *w = *state;
    const char *p = "/api/v1/saved_reports";
    char id[25], path[128];

    refused(&w->anna, "POST", p, "{\"report\":\"deposits\"}", "name");
    refused(&w->anna, "POST", p, "{\"name\":\"  \",\"report\":\"deposits\"}", "name");
    refused(&w->anna, "POST", p, "{\"name\":\"x\"}", "report");
    refused(&w->anna, "POST", p, "{\"name\":\"x\",\"report\":\"Bad Id!\"}", "report");
    refused(&w->anna, "POST", p, "{\"name\":\"x\",\"report\":\"r\",\"owner_id\":\"me\"}",
            "owner_id");
    refused(&w->anna, "POST", p, "{\"name\":\"x\",\"report\":\"r\",\"shared_with\":\"all\"}",
            "shared_with");
    refused(&w->anna, "POST", p, "{\"name\":\"x\",\"report\":\"r\",\"shared_with\":\"role\"}",
            "role");
    refused(&w->anna, "POST", p,
            "{\"name\":\"x\",\"report\":\"r\",\"shared_with\":\"role\",\"role\":\"pope\"}", "role");
    refused(&w->anna, "POST", p, "{\"name\":\"x\",\"report\":\"r\",\"role\":\"marketer\"}", "role");
    refused(&w->anna, "POST", p, "{\"name\":\"x\",\"report\":\"r\",\"params\":\"dims=a\"}",
            "params");
    refused(&w->anna, "POST", p,
            "{\"name\":\"x\",\"report\":\"r\",\"params\":{\"format\":\"docx\"}}", "params.format");
    refused(&w->anna, "POST", p,
            "{\"name\":\"x\",\"report\":\"r\",\"params\":{\"compare\":\"mom\"}}", "params.compare");
    refused(&w->anna, "POST", p, "{\"name\":\"x\",\"report\":\"r\",\"params\":{\"from\":\"May\"}}",
            "params.from");
    refused(&w->anna, "POST", p, "{\"name\":\"x\",\"report\":\"r\",\"params\":{\"dims\":3}}",
            "params.dims");
    refused(&w->anna, "POST", p,
            "{\"name\":\"x\",\"report\":\"r\",\"params\":{\"colour\":\"red\"}}", "params.colour");
    /* a patch is checked against the whole record */
    test_create(&w->anna, p, "{\"name\":\"x\",\"report\":\"r\"}", id);
    snprintf(path, sizeof path, "/api/v1/saved_reports/%s", id);
    refused(&w->anna, "PATCH", path, "{\"shared_with\":\"role\"}", "role");
    refused(&w->anna, "PATCH", path, "{\"created_at\":\"2020-01-01\"}", "created_at");
}

/* The dashboard's items as "id:display,..." into BUF. */
static void
items_text(const bson_t *doc, char *buf, size_t size)
{
    bson_iter_t it, items, item;
    size_t o = 0;

    buf[0] = '\0';
    assert_true(bson_iter_init_find(&it, doc, "items") && bson_iter_recurse(&it, &items));
    while (bson_iter_next(&items)) {
        bson_t d;
        uint32_t len;
        const uint8_t *data;

        bson_iter_document(&items, &len, &data);
        bson_init_static(&d, data, len);
        o += (size_t)snprintf(buf + o, size - o, "%s%s:%s", o ? "," : "",
                              test_str_at(&d, "saved_report_id"), test_str_at(&d, "display"));
        (void)item;
    }
}

static void
dashboards_keep_ordered_items_and_display_hints(void **state)
{
    world_t *w = *state;
    char r1[25], r2[25], other[25], dash[25], path[128], body[1024], expected[256], got[256];
    bson_t j;

    test_create(&w->anna, "/api/v1/saved_reports", "{\"name\":\"A\",\"report\":\"a\"}", r1);
    test_create(&w->anna, "/api/v1/saved_reports", "{\"name\":\"B\",\"report\":\"b\"}", r2);
    test_create(&w->carl, "/api/v1/saved_reports", "{\"name\":\"C\",\"report\":\"c\"}", other);
    snprintf(body, sizeof body,
             "{\"name\":\"Monday\",\"shared_with\":\"unit\",\"items\":["
             "{\"saved_report_id\":\"%s\",\"display\":\"number\"},"
             "{\"saved_report_id\":\"%s\",\"display\":\"bar\"},"
             "{\"saved_report_id\":\"%s\",\"display\":\"table\"}]}",
             r2, r1, r2);
    test_create(&w->anna, "/api/v1/dashboards", body, dash);
    snprintf(path, sizeof path, "/api/v1/dashboards/%s", dash);
    assert_int_equal(test_session_json(&w->bart, "GET", path, NULL, &j), 200);
    snprintf(expected, sizeof expected, "%s:number,%s:bar,%s:table", r2, r1, r2);
    items_text(&j, got, sizeof got);
    assert_string_equal(got, expected);
    bson_destroy(&j);
    assert_true(lists(&w->bart, "/api/v1/dashboards", dash));
    assert_false(lists(&w->carl, "/api/v1/dashboards", dash));
    assert_int_equal(status_of(&w->carl, "GET", path, NULL), 404);
    assert_int_equal(status_of(&w->bart, "PATCH", path, "{\"items\":[]}"), 403);
    /* reordered by the owner */
    snprintf(body, sizeof body,
             "{\"items\":[{\"saved_report_id\":\"%s\",\"display\":\"line\"},"
             "{\"saved_report_id\":\"%s\",\"display\":\"number\"}]}",
             r1, r2);
    assert_int_equal(test_session_json(&w->anna, "PATCH", path, body, &j), 200);
    snprintf(expected, sizeof expected, "%s:line,%s:number", r1, r2);
    items_text(&j, got, sizeof got);
    assert_string_equal(got, expected);
    assert_string_equal(test_str_at(&j, "name"), "Monday");
    bson_destroy(&j);
    /* invalid items */
    refused(&w->anna, "POST", "/api/v1/dashboards", "{\"items\":[]}", "name");
    refused(&w->anna, "POST", "/api/v1/dashboards", "{\"name\":\"d\",\"items\":{}}", "items");
    snprintf(body, sizeof body,
             "{\"name\":\"d\",\"items\":[{\"saved_report_id\":\"%s\",\"display\":\"pie\"}]}", r1);
    refused(&w->anna, "POST", "/api/v1/dashboards", body, "items.0.display");
    snprintf(body, sizeof body,
             "{\"name\":\"d\",\"items\":[{\"saved_report_id\":\"%s\",\"display\":\"bar\"}]}",
             other);
    refused(&w->anna, "POST", "/api/v1/dashboards", body, "items.0.saved_report_id");
    refused(&w->anna, "POST", "/api/v1/dashboards",
            "{\"name\":\"d\",\"items\":[{\"display\":\"bar\"}]}", "items.0");
    snprintf(body, sizeof body,
             "{\"name\":\"d\",\"items\":[{\"saved_report_id\":\"%s\",\"display\":\"bar\","
             "\"size\":2}]}",
             r1);
    refused(&w->anna, "POST", "/api/v1/dashboards", body, "items.0.size");
    /* at most 24 items */
    {
        char many[4096];
        size_t o = (size_t)snprintf(many, sizeof many, "{\"name\":\"d\",\"items\":[");

        for (int i = 0; i < 25; i++)
            o += (size_t)snprintf(many + o, sizeof many - o,
                                  "%s{\"saved_report_id\":\"%s\",\"display\":\"bar\"}",
                                  i ? "," : "", r1);
        snprintf(many + o, sizeof many - o, "]}");
        refused(&w->anna, "POST", "/api/v1/dashboards", many, "items");
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_saved_report_is_private_to_its_owner),
        cmocka_unit_test(sharing_with_the_unit_reaches_colleagues_only),
        cmocka_unit_test(sharing_with_a_role_reaches_its_holders),
        cmocka_unit_test(only_the_owner_changes_or_deletes),
        cmocka_unit_test(invalid_saved_reports_are_refused_per_field),
        cmocka_unit_test(dashboards_keep_ordered_items_and_display_hints),
    };

    return cmocka_run_group_tests(tests, setup, test_crmd_teardown);
}
