/* The plugin API of ABI 1.2 through a plugin using it (tests/fixtures/widgets.c), over HTTP:
 * prepare and present hooks and computed fields, related sections within the caller's scope,
 * scoped listing and counting, re-pointing references and undoing it, the contact policy; and
 * of ABI 1.3, called in the test's process where the core runs: who works where. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <crm/identity.h>
#include <crm/testing.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct world {
    crm_test_core_t *core;
    crm_test_session_t *admin, *anna, *boris;
} world_t;

static int
setup(void **state)
{
    const char *build = getenv("CRM_TEST_BUILD_DIR");
    char plugin[4096], legacy[4096];
    world_t *w = calloc(1, sizeof *w);

    snprintf(plugin, sizeof plugin, "%s/fixtures/widgets.so", build ? build : ".");
    snprintf(legacy, sizeof legacy, "%s/fixtures/legacy_entity.so", build ? build : ".");
    w->core = crm_test_core_start(&(crm_test_options_t){
        .size = sizeof(crm_test_options_t), .plugins = CRM_TEST_PLUGINS(plugin, legacy)});
    if (!w->core)
        return -1;
    w->admin = crm_test_user(w->core, "root", "admin", NULL);
    w->anna = crm_test_user(w->core, "anna", "advisor", NULL);
    w->boris = crm_test_user(w->core, "boris", "advisor", NULL);
    *state = w;
    return w->admin && w->anna && w->boris ? 0 : -1;
}

static int
teardown(void **state)
{
    world_t *w = *state;

    crm_test_core_stop(w->core);
    free(w);
    return 0;
}

/* Sends METHOD PATH BODY as S, asserts STATUS, and keeps the response in R. */
static void
call(crm_test_session_t *s, const char *method, const char *path, const char *body, int status,
     crm_test_response_t *r)
{
    int got = crm_test_request(s, method, path, body, r);

    if (got != status)
        fail_msg("%s %s: %d, expected %d: %s", method, path, got, status, r->body);
}

/* Creates a record as S; its id into ID. */
static void
create(crm_test_session_t *s, const char *entity, const char *body, char id[25])
{
    crm_test_response_t r;
    char path[64];

    snprintf(path, sizeof path, "/api/v1/%s", entity);
    call(s, "POST", path, body, 201, &r);
    snprintf(id, 25, "%s", crm_test_json_string(&r, "id"));
    crm_test_response_free(&r);
}

static int64_t
count_widgets(world_t *w)
{
    crm_test_response_t r;
    int64_t n;

    call(w->admin, "GET", "/api/v1/widget?_count=true", NULL, 200, &r);
    n = crm_test_json_int(&r, "count", -1);
    crm_test_response_free(&r);
    return n;
}

static void
prepare_normalises_derives_and_refuses(void **state)
{
    world_t *w = *state;
    crm_test_response_t r;
    char id[25], path[64];
    int64_t before = count_widgets(w);

    /* normalised and derived on create, shown with the present hook's badge */
    create(w->anna, "widget", "{\"name\": \"gadget\", \"phone\": \"+48 600-100-200\"}", id);
    snprintf(path, sizeof path, "/api/v1/widget/%s", id);
    call(w->anna, "GET", path, NULL, 200, &r);
    assert_string_equal(crm_test_json_string(&r, "phone"), "+48600100200");
    assert_string_equal(crm_test_json_string(&r, "code"), "GAD");
    assert_string_equal(crm_test_json_string(&r, "badge"), "W-GAD");
    crm_test_response_free(&r);

    /* derived again on update */
    call(w->anna, "PATCH", path, "{\"name\": \"widget\"}", 200, &r);
    assert_string_equal(crm_test_json_string(&r, "code"), "WID");
    assert_string_equal(crm_test_json_string(&r, "badge"), "W-WID");
    crm_test_response_free(&r);

    /* a computed field cannot be set; what the hook refuses is 422 at the field */
    call(w->anna, "POST", "/api/v1/widget", "{\"name\": \"x\", \"code\": \"ZZZ\"}", 422, &r);
    assert_non_null(strstr(r.body, "\"code\""));
    assert_non_null(strstr(r.body, "computed"));
    crm_test_response_free(&r);
    call(w->anna, "POST", "/api/v1/widget", "{\"name\": \"x\", \"phone\": \"call me\"}", 422, &r);
    assert_non_null(strstr(r.body, "\"phone\""));
    assert_non_null(strstr(r.body, "is not a phone number"));
    crm_test_response_free(&r);
    call(w->anna, "PATCH", path, "{\"phone\": \"abc\"}", 422, &r);
    crm_test_response_free(&r);
    assert_int_equal(count_widgets(w), before + 1);
    call(w->anna, "GET", path, NULL, 200, &r);
    assert_string_equal(crm_test_json_string(&r, "phone"), "+48600100200");
    crm_test_response_free(&r);

    /* the list shows the badge too */
    call(w->anna, "GET", "/api/v1/widget?filter={\"code\":\"WID\"}", NULL, 200, &r);
    assert_string_equal(crm_test_json_string(&r, "items.0.badge"), "W-WID");
    crm_test_response_free(&r);
}

static void
related_sections_hold_only_what_the_caller_may_read(void **state)
{
    world_t *w = *state;
    crm_test_response_t r;
    char wid[25], ignored[25], body[128], path[80];

    create(w->anna, "widget", "{\"name\": \"shared\"}", wid);
    static const char *const titles[] = {"b", "a", "c"};
    for (int i = 0; i < 3; i++) {
        snprintf(body, sizeof body, "{\"title\": \"%s\", \"widget_id\": \"%s\", \"done\": false}",
                 titles[i], wid);
        create(w->anna, "part", body, ignored);
    }
    snprintf(body, sizeof body, "{\"title\": \"finished\", \"widget_id\": \"%s\", \"done\": true}",
             wid);
    create(w->anna, "part", body, ignored);
    snprintf(body, sizeof body, "{\"title\": \"boris's\", \"widget_id\": \"%s\", \"done\": false}",
             wid);
    create(w->boris, "part", body, ignored);

    snprintf(path, sizeof path, "/api/v1/widgets/%s/related", wid);
    call(w->anna, "GET", path, NULL, 200, &r);
    /* anna's three open parts, two shown in title order, boris's and the done one not there */
    assert_int_equal(crm_test_json_int(&r, "open_parts.total", -1), 3);
    assert_string_equal(crm_test_json_string(&r, "open_parts.items.0.title"), "a");
    assert_string_equal(crm_test_json_string(&r, "open_parts.items.1.title"), "b");
    assert_null(crm_test_json_string(&r, "open_parts.items.2.title"));
    assert_non_null(strstr(r.body, "\"more\":true"));
    assert_string_equal(crm_test_json_string(&r, "open_parts.entity"), "part");
    /* a listed section names its reference field, for adding a record from the section */
    assert_string_equal(crm_test_json_string(&r, "open_parts.field"), "widget_id");
    assert_string_equal(crm_test_json_string(&r, "summary.items.0.about"), wid);
    assert_null(crm_test_json_string(&r, "summary.field"));
    assert_true(strstr(r.body, "open_parts") < strstr(r.body, "summary"));
    crm_test_response_free(&r);

    /* boris may not read anna's widget: 404, and nothing of its sections */
    call(w->boris, "GET", path, NULL, 404, &r);
    assert_null(strstr(r.body, "open_parts"));
    crm_test_response_free(&r);
    /* the admin sees every open part */
    call(w->admin, "GET", path, NULL, 200, &r);
    assert_int_equal(crm_test_json_int(&r, "open_parts.total", -1), 4);
    crm_test_response_free(&r);
}

static void
listing_and_counting_keep_to_the_callers_scope(void **state)
{
    world_t *w = *state;
    crm_test_response_t r;
    char ignored[25];

    create(w->boris, "part", "{\"title\": \"zz-boris\", \"done\": false}", ignored);
    call(w->boris, "GET", "/api/v1/widgets/open-parts", NULL, 200, &r);
    assert_int_equal(crm_test_json_int(&r, "count", -1), 2);
    assert_string_equal(crm_test_json_string(&r, "titles.0"), "boris's");
    assert_string_equal(crm_test_json_string(&r, "titles.1"), "zz-boris");
    assert_null(crm_test_json_string(&r, "titles.2"));
    crm_test_response_free(&r);
    call(w->anna, "GET", "/api/v1/widgets/open-parts", NULL, 200, &r);
    assert_null(strstr(r.body, "zz-boris"));
    crm_test_response_free(&r);
}

static void
repointing_moves_every_reference_and_undoes(void **state)
{
    world_t *w = *state;
    crm_test_response_t r;
    char a[25], b[25], p1[25], p2[25], other[25], body[256], path[128], moved[512];

    create(w->admin, "widget", "{\"name\": \"dup one\"}", a);
    create(w->admin, "widget", "{\"name\": \"dup two\"}", b);
    create(w->admin, "widget", "{\"name\": \"unrelated\"}", other);
    snprintf(body, sizeof body, "{\"title\": \"p1\", \"widget_id\": \"%s\"}", a);
    create(w->admin, "part", body, p1);
    snprintf(body, sizeof body, "{\"title\": \"p2\", \"widget_id\": \"%s\"}", a);
    create(w->admin, "part", body, p2);
    snprintf(body, sizeof body, "{\"title\": \"p3\", \"widget_id\": \"%s\"}", other);
    create(w->admin, "part", body, other);

    snprintf(path, sizeof path, "/api/v1/widgets/%s/merge-into/%s", a, b);
    call(w->anna, "POST", path, NULL, 404, &r); /* anna cannot see the admin's widgets */
    crm_test_response_free(&r);
    call(w->admin, "POST", path, NULL, 200, &r);
    assert_non_null(strstr(r.body, p1));
    assert_non_null(strstr(r.body, p2));
    assert_null(strstr(r.body, other));
    {
        const char *m = strstr(r.body, "\"moved\"");
        const char *open = m ? strchr(m, '{') : NULL;
        const char *close = open ? strchr(open, '}') : NULL;

        assert_non_null(close);
        snprintf(moved, sizeof moved, "%.*s", (int)(close - open + 1), open);
    }
    crm_test_response_free(&r);
    snprintf(path, sizeof path, "/api/v1/part/%s", p1);
    call(w->admin, "GET", path, NULL, 200, &r);
    assert_string_equal(crm_test_json_string(&r, "widget_id"), b);
    assert_int_equal(crm_test_json_int(&r, "version", -1), 2);
    crm_test_response_free(&r);

    /* undo: only the moved records go back, even though b had a part of its own meanwhile */
    snprintf(body, sizeof body, "{\"title\": \"b's own\", \"widget_id\": \"%s\"}", b);
    create(w->admin, "part", body, other);
    snprintf(path, sizeof path, "/api/v1/widgets/%s/unmerge/%s", a, b);
    call(w->admin, "POST", path, moved, 200, &r);
    crm_test_response_free(&r);
    snprintf(path, sizeof path, "/api/v1/part/%s", p2);
    call(w->admin, "GET", path, NULL, 200, &r);
    assert_string_equal(crm_test_json_string(&r, "widget_id"), a);
    crm_test_response_free(&r);
    snprintf(path, sizeof path, "/api/v1/part/%s", other);
    call(w->admin, "GET", path, NULL, 200, &r);
    assert_string_equal(crm_test_json_string(&r, "widget_id"), b);
    crm_test_response_free(&r);

    /* re-pointing a record to itself is refused */
    snprintf(path, sizeof path, "/api/v1/widgets/%s/merge-into/%s", a, a);
    call(w->admin, "POST", path, NULL, 400, &r);
    crm_test_response_free(&r);
}

static void
contact_policy_answers_for_every_plugin(void **state)
{
    world_t *w = *state;
    crm_test_response_t r;
    char yes[25], no[25], path[160];

    create(w->anna, "widget", "{\"name\": \"consents\", \"consent_email\": true}", yes);
    create(w->anna, "widget", "{\"name\": \"refuses\", \"consent_email\": false}", no);
    snprintf(path, sizeof path, "/api/v1/widgets/%s/may-contact?channel=email&purpose=marketing",
             yes);
    call(w->anna, "GET", path, NULL, 200, &r);
    assert_non_null(strstr(r.body, "\"allowed\":true"));
    crm_test_response_free(&r);
    snprintf(path, sizeof path, "/api/v1/widgets/%s/may-contact?channel=sms&purpose=marketing",
             yes);
    call(w->anna, "GET", path, NULL, 200, &r);
    assert_non_null(strstr(r.body, "\"allowed\":false"));
    assert_string_equal(crm_test_json_string(&r, "reason"), "no sms consent");
    crm_test_response_free(&r);
    snprintf(path, sizeof path, "/api/v1/widgets/%s/may-contact?channel=email&purpose=marketing",
             no);
    call(w->anna, "GET", path, NULL, 200, &r);
    assert_non_null(strstr(r.body, "\"allowed\":false"));
    crm_test_response_free(&r);
    snprintf(path, sizeof path, "/api/v1/widgets/%s/may-contact?channel=pigeon&purpose=marketing",
             yes);
    call(w->anna, "GET", path, NULL, 400, &r);
    assert_non_null(strstr(r.body, "unknown channel"));
    crm_test_response_free(&r);
}

/* The prepare hook runs on imports too; the plugin itself may set its computed fields, the
 * REST API may not; an employee field is checked against the bank's users. */
static void
imports_plugins_and_employees_go_through_the_rules(void **state)
{
    world_t *w = *state;
    crm_test_response_t r;
    char id[25], path[96], body[160];
    const char *good = "{\"name\": \"imported\", \"phone\": \"+48 (600) 200-300\"}\n";
    const char *bad = "{\"name\": \"fine\"}\n{\"name\": \"broken\", \"phone\": \"ring me\"}\n";
    int64_t before = count_widgets(w);

    crm_test_request_typed(w->admin, "POST", "/api/v1/widget/import", "application/x-ndjson",
                           good, strlen(good), &r);
    assert_int_equal(r.status, 200);
    crm_test_response_free(&r);
    call(w->admin, "GET", "/api/v1/widget?filter={\"name\":\"imported\"}", NULL, 200, &r);
    assert_string_equal(crm_test_json_string(&r, "items.0.phone"), "+48600200300");
    assert_string_equal(crm_test_json_string(&r, "items.0.code"), "IMP");
    crm_test_response_free(&r);
    crm_test_request_typed(w->admin, "POST", "/api/v1/widget/import", "application/x-ndjson", bad,
                           strlen(bad), &r);
    assert_non_null(strstr(r.body, "is not a phone number"));
    crm_test_response_free(&r);
    assert_int_equal(count_widgets(w), before + 1);

    /* computed: the plugin's own route sets it, the REST API refuses it */
    create(w->anna, "widget", "{\"name\": \"scored\"}", id);
    snprintf(path, sizeof path, "/api/v1/widgets/%s/score", id);
    call(w->anna, "POST", path, NULL, 200, &r);
    assert_int_equal(crm_test_json_int(&r, "score", -1), 42);
    crm_test_response_free(&r);
    snprintf(path, sizeof path, "/api/v1/widget/%s", id);
    call(w->anna, "PATCH", path, "{\"score\": 7}", 422, &r);
    crm_test_response_free(&r);

    /* an employee field names a real user */
    snprintf(body, sizeof body, "{\"handler\": \"%s\"}", crm_test_user_id(w->boris));
    call(w->anna, "PATCH", path, body, 200, &r);
    crm_test_response_free(&r);
    call(w->anna, "PATCH", path, "{\"handler\": \"0123456789abcdef01234567\"}", 422, &r);
    assert_non_null(strstr(r.body, "is not a user of the bank"));
    crm_test_response_free(&r);

    /* a parameter the route does not take is refused by name */
    call(w->anna, "GET", "/api/v1/widgets/open-parts?limit=5&colour=red", NULL, 400, &r);
    assert_non_null(strstr(r.body, "unknown parameter 'colour': use limit"));
    crm_test_response_free(&r);
}

/* Meta carries a plugin's translations and where a record's related sections are; the core's
 * related endpoint answers them within the caller's scope. */
static void
meta_translations_and_the_related_endpoint(void **state)
{
    world_t *w = *state;
    crm_test_response_t r;
    char id[25], path[96], body[128], ignored[25];

    call(w->anna, "GET", "/api/v1/meta", NULL, 200, &r);
    assert_string_equal(crm_test_json_string(&r, "entities.0.name"), "widget");
    assert_string_equal(crm_test_json_string(&r, "entities.0.translations.pl.label"), "Widżet");
    assert_string_equal(crm_test_json_string(&r, "entities.0.translations.pl.fields.name"), "Nazwa");
    assert_string_equal(crm_test_json_string(&r, "entities.0.translations.pl.values.colour.red"),
                        "czerwony");
    assert_string_equal(crm_test_json_string(&r, "entities.0.translations.pl.values.colour.blue"),
                        "niebieski");
    assert_string_equal(crm_test_json_string(&r, "entities.0.record_sections"),
                        "/api/v1/widget/{id}/related");
    assert_null(crm_test_json_string(&r, "entities.1.record_sections")); /* part has none */
    crm_test_response_free(&r);

    create(w->anna, "widget", "{\"name\": \"sectioned\"}", id);
    snprintf(body, sizeof body, "{\"title\": \"only\", \"widget_id\": \"%s\", \"done\": false}",
             id);
    create(w->anna, "part", body, ignored);
    snprintf(path, sizeof path, "/api/v1/widget/%s/related", id);
    call(w->anna, "GET", path, NULL, 200, &r);
    assert_string_equal(crm_test_json_string(&r, "sections.open_parts.items.0.title"), "only");
    assert_string_equal(crm_test_json_string(&r, "sections.summary.items.0.about"), id);
    /* The heading's translations (ABI 1.4); a definition of 1.3's size has none. */
    assert_string_equal(crm_test_json_string(&r, "sections.open_parts.translations.pl.label"),
                        "Otwarte części");
    assert_null(strstr(r.body, "\"summary\":{\"label\":\"Summary\",\"translations\""));
    assert_non_null(strstr(r.body, "\"summary\":{\"label\":\"Summary\""));
    crm_test_response_free(&r);
    call(w->boris, "GET", path, NULL, 404, &r);
    assert_null(strstr(r.body, "open_parts"));
    crm_test_response_free(&r);
}

/* A plugin built for ABI 1.1 loads beside a 1.2 one, and its smaller entity definition works,
 * its default sort included. */
static void
an_entity_of_abi_1_1_still_works(void **state)
{
    world_t *w = *state;
    crm_test_response_t r;
    char ignored[25];

    create(w->anna, "legacy", "{\"title\": \"b\"}", ignored);
    create(w->anna, "legacy", "{\"title\": \"a\"}", ignored);
    call(w->anna, "GET", "/api/v1/legacy", NULL, 200, &r);
    assert_string_equal(crm_test_json_string(&r, "items.0.title"), "a");
    assert_string_equal(crm_test_json_string(&r, "items.1.title"), "b");
    crm_test_response_free(&r);
}

/* A user's unit, and the head of a unit found up the tree (ABI 1.3). */
static void
the_head_of_a_unit_is_found_up_the_tree(void **state)
{
    world_t *w = *state;
    static const char *const directors[] = {"branch_director", "regional_director", NULL};
    char region[25], branch[25], team[25], other[25], unit[25], head[25];
    crm_test_session_t *marta, *zenon, *adam, *rita, *tom;
    crm_error_t error;

    assert_int_equal(crm_test_org_unit(w->core, "North", "region", crm_test_bank_unit(w->core),
                                       region),
                     0);
    assert_int_equal(crm_test_org_unit(w->core, "Krakow", "branch", region, branch), 0);
    assert_int_equal(crm_test_org_unit(w->core, "Mortgages", "team", branch, team), 0);
    assert_int_equal(crm_test_org_unit(w->core, "Gdansk", "branch", region, other), 0);
    marta = crm_test_user(w->core, "marta", "advisor", team);
    zenon = crm_test_user(w->core, "zenon", "branch_director", branch);
    adam = crm_test_user(w->core, "adam", "branch_director", branch);
    rita = crm_test_user(w->core, "rita", "regional_director", region);
    tom = crm_test_user(w->core, "tom", "advisor", other);
    assert_true(marta && zenon && adam && rita && tom);

    assert_int_equal(crm_user_org_unit(crm_test_user_id(marta), unit, &error), 0);
    assert_string_equal(unit, team);
    assert_int_equal(crm_user_org_unit("65f0c1d2e3a4b5c6d7e8f901", unit, &error), CRM_ENOTFOUND);
    /* A team without a director: its branch's, the first by name. */
    assert_int_equal(crm_org_unit_head(team, directors, head, &error), 0);
    assert_string_equal(head, crm_test_user_id(adam));
    /* A branch without one: its region's. */
    assert_int_equal(crm_org_unit_head(other, directors, head, &error), 0);
    assert_string_equal(head, crm_test_user_id(rita));
    /* Nobody in the role up to the bank. */
    assert_int_equal(crm_org_unit_head(team, ((const char *const[]){"board", NULL}), head, &error),
                     CRM_ENOTFOUND);
    assert_string_equal(head, "");
    assert_int_equal(crm_org_unit_head("65f0c1d2e3a4b5c6d7e8f901", directors, head, &error),
                     CRM_ENOTFOUND);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(prepare_normalises_derives_and_refuses),
        cmocka_unit_test(related_sections_hold_only_what_the_caller_may_read),
        cmocka_unit_test(listing_and_counting_keep_to_the_callers_scope),
        cmocka_unit_test(repointing_moves_every_reference_and_undoes),
        cmocka_unit_test(contact_policy_answers_for_every_plugin),
        cmocka_unit_test(an_entity_of_abi_1_1_still_works),
        cmocka_unit_test(imports_plugins_and_employees_go_through_the_rules),
        cmocka_unit_test(meta_translations_and_the_related_endpoint),
        cmocka_unit_test(the_head_of_a_unit_is_found_up_the_tree),
    };

    return cmocka_run_group_tests_name("plugin API 1.2", tests, setup, teardown);
}
