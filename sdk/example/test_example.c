/* The example plugin as its users see it, through the test harness only (<crm/testing.h>): one
 * in-process core for the group, each test with org units and users of its own. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <crm/testing.h>

#include <stdio.h>
#include <string.h>

static const char *plugin_file; /* argv[1]: the built example.so */
static crm_test_core_t *core;

static int
start_core(void **state)
{
    (void)state;
    core = crm_test_core_start(&(crm_test_options_t){.size = sizeof(crm_test_options_t),
                                                     .plugins = CRM_TEST_PLUGINS(plugin_file)});
    return core ? 0 : -1;
}

static int
stop_core(void **state)
{
    (void)state;
    crm_test_core_stop(core);
    return 0;
}

/* The message for FIELD in R's 422 body, or NULL. Nested fields are named with dots
 * ("address.city"), which a dotted path cannot reach, so this looks the key up itself. */
static const char *
field_message(const crm_test_response_t *r, const char *field)
{
    bson_iter_t it, fields;

    if (!bson_iter_init(&it, &r->json) ||
        !bson_iter_find_descendant(&it, "error.fields", &fields) ||
        !BSON_ITER_HOLDS_DOCUMENT(&fields) || !bson_iter_recurse(&fields, &it) ||
        !bson_iter_find(&it, field) || !BSON_ITER_HOLDS_UTF8(&it))
        return NULL;
    return bson_iter_utf8(&it, NULL);
}

/* Creates a prospect as S from JSON BODY and copies its id into ID. */
static void
create_prospect(crm_test_session_t *s, const char *body, char id[25])
{
    crm_test_response_t r = {0};

    assert_int_equal(crm_test_request(s, "POST", "/api/v1/prospect", body, &r), 201);
    assert_non_null(crm_test_json_string(&r, "id"));
    snprintf(id, 25, "%s", crm_test_json_string(&r, "id"));
    crm_test_response_free(&r);
}

static void
a_created_prospect_belongs_to_its_creator_and_is_listed(void **state)
{
    crm_test_session_t *anna = crm_test_user(core, "anna", "advisor", NULL);
    crm_test_response_t r = {0};
    char id[25], path[64];

    (void)state;
    assert_non_null(anna);
    assert_int_equal(
        crm_test_request(anna, "POST", "/api/v1/prospect",
                         "{\"name\":\"Jan Kowalski\",\"segment\":\"affluent\","
                         "\"expected_amount\":{\"amount\":125000,\"currency\":\"PLN\"}}",
                         &r),
        201);
    snprintf(id, sizeof id, "%s", crm_test_json_string(&r, "id"));
    assert_string_equal(crm_test_json_string(&r, "owner_id"), crm_test_user_id(anna));
    assert_string_equal(crm_test_json_string(&r, "org_unit"), crm_test_bank_unit(core));
    assert_int_equal(crm_test_json_int(&r, "version", -1), 1);
    crm_test_response_free(&r);

    snprintf(path, sizeof path, "/api/v1/prospect/%s", id);
    assert_int_equal(crm_test_request(anna, "GET", path, NULL, &r), 200);
    assert_string_equal(crm_test_json_string(&r, "name"), "Jan Kowalski");
    assert_string_equal(crm_test_json_string(&r, "segment"), "affluent");
    assert_int_equal(crm_test_json_int(&r, "expected_amount.amount", -1), 125000);
    assert_string_equal(crm_test_json_string(&r, "expected_amount.currency"), "PLN");
    crm_test_response_free(&r);

    assert_int_equal(crm_test_request(anna, "GET", "/api/v1/prospect?_count=true", NULL, &r), 200);
    assert_int_equal(crm_test_json_int(&r, "count", -1), 1);
    assert_string_equal(crm_test_json_string(&r, "items.0.id"), id);
    assert_null(crm_test_json_string(&r, "items.1.id"));
    crm_test_response_free(&r);
}

static void
a_prospect_outside_the_callers_scope_is_not_found(void **state)
{
    crm_test_session_t *ewa, *marek, *dir_krakow, *dir_warsaw;
    crm_test_response_t r = {0};
    char krakow[25], warsaw[25], id[25], path[64];

    (void)state;
    assert_int_equal(crm_test_org_unit(core, "Krakow", "branch", crm_test_bank_unit(core), krakow),
                     0);
    assert_int_equal(crm_test_org_unit(core, "Warsaw", "branch", crm_test_bank_unit(core), warsaw),
                     0);
    ewa = crm_test_user(core, "ewa", "advisor", krakow);
    marek = crm_test_user(core, "marek", "advisor", krakow);
    dir_krakow = crm_test_user(core, "dir_krakow", "branch_director", krakow);
    dir_warsaw = crm_test_user(core, "dir_warsaw", "branch_director", warsaw);
    assert_true(ewa && marek && dir_krakow && dir_warsaw);
    create_prospect(ewa, "{\"name\":\"Ewa's prospect\"}", id);
    snprintf(path, sizeof path, "/api/v1/prospect/%s", id);

    /* Another advisor of the branch (scope own) and the other branch's director: not found. */
    assert_int_equal(crm_test_request(marek, "GET", path, NULL, &r), 404);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(marek, "PATCH", path, "{\"name\":\"Taken\"}", &r), 404);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(dir_warsaw, "GET", path, NULL, &r), 404);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(dir_warsaw, "GET", "/api/v1/prospect?_count=true", NULL, &r),
                     200);
    assert_int_equal(crm_test_json_int(&r, "count", -1), 0);
    crm_test_response_free(&r);

    /* The branch's director sees it (scope subtree). */
    assert_int_equal(crm_test_request(dir_krakow, "GET", path, NULL, &r), 200);
    assert_string_equal(crm_test_json_string(&r, "org_unit"), krakow);
    crm_test_response_free(&r);
}

static void
invalid_input_is_a_422_with_a_message_per_field(void **state)
{
    crm_test_session_t *olga = crm_test_user(core, "olga", "advisor", NULL);
    crm_test_response_t r = {0};

    (void)state;
    assert_int_equal(
        crm_test_request(olga, "POST", "/api/v1/prospect",
                         "{\"segment\":\"gold\",\"score\":101,"
                         "\"birth_date\":\"1990-13-01\",\"address\":{\"street\":\"x\"}}",
                         &r),
        422);
    assert_string_equal(crm_test_json_string(&r, "error.code"), "invalid");
    assert_string_equal(crm_test_json_string(&r, "error.message"), "validation failed");
    assert_string_equal(field_message(&r, "name"), "is required");
    assert_string_equal(field_message(&r, "segment"),
                        "must be one of: mass, affluent, private, sme");
    assert_string_equal(field_message(&r, "score"), "must be between 0 and 100");
    assert_string_equal(field_message(&r, "birth_date"), "must be a date YYYY-MM-DD");
    assert_string_equal(field_message(&r, "address.city"), "is required");
    crm_test_response_free(&r);

    /* The system fields are the core's. */
    assert_int_equal(crm_test_request(olga, "POST", "/api/v1/prospect",
                                      "{\"name\":\"X\",\"created_by\":\"someone\"}", &r),
                     422);
    assert_string_equal(field_message(&r, "created_by"), "is kept by the system and cannot be set");
    crm_test_response_free(&r);
}

static void
the_overview_report_totals_the_callers_prospects(void **state)
{
    crm_test_session_t *piotr = crm_test_user(core, "piotr", "advisor", NULL);
    crm_test_session_t *zofia = crm_test_user(core, "zofia", "advisor", NULL);
    crm_test_response_t r = {0};
    char id[25];

    (void)state;
    assert_true(piotr && zofia);
    create_prospect(piotr,
                    "{\"name\":\"A\",\"segment\":\"mass\",\"score\":40,"
                    "\"contacted_at\":\"2026-03-02T10:00:00Z\","
                    "\"expected_amount\":{\"amount\":1000,\"currency\":\"PLN\"}}",
                    id);
    create_prospect(piotr,
                    "{\"name\":\"B\",\"segment\":\"mass\",\"score\":60,"
                    "\"contacted_at\":\"2026-03-20T10:00:00Z\","
                    "\"expected_amount\":{\"amount\":3000,\"currency\":\"PLN\"}}",
                    id);
    create_prospect(piotr,
                    "{\"name\":\"C\",\"segment\":\"sme\",\"score\":90,"
                    "\"contacted_at\":\"2026-04-01T10:00:00Z\","
                    "\"expected_amount\":{\"amount\":50000,\"currency\":\"PLN\"}}",
                    id);
    /* No expected amount: counted, adds nothing to the money total. */
    create_prospect(piotr,
                    "{\"name\":\"F\",\"segment\":\"sme\",\"score\":30,"
                    "\"contacted_at\":\"2026-04-02T10:00:00Z\"}",
                    id);
    /* Outside the period, and another advisor's: neither counts for Piotr. */
    create_prospect(piotr,
                    "{\"name\":\"D\",\"segment\":\"sme\",\"contacted_at\":\"2025-12-31T23:00:00Z\","
                    "\"expected_amount\":{\"amount\":7,\"currency\":\"PLN\"}}",
                    id);
    create_prospect(
        zofia,
        "{\"name\":\"E\",\"segment\":\"mass\",\"contacted_at\":\"2026-03-05T10:00:00Z\","
        "\"expected_amount\":{\"amount\":999,\"currency\":\"PLN\"}}",
        id);

    assert_int_equal(crm_test_request(piotr, "GET",
                                      "/api/v1/reports/prospects_overview?dims=segment&"
                                      "measures=prospects,expected,avg_score&"
                                      "from=2026-01-01&to=2026-12-31",
                                      NULL, &r),
                     200);
    /* Columns: segment, prospects, expected, avg_score; rows sorted by segment. */
    assert_string_equal(crm_test_json_string(&r, "columns.2.type"), "money");
    assert_string_equal(crm_test_json_string(&r, "rows.0.0"), "mass");
    assert_int_equal(crm_test_json_int(&r, "rows.0.1", -1), 2);
    assert_int_equal(crm_test_json_int(&r, "rows.0.2.amount", -1), 4000);
    assert_string_equal(crm_test_json_string(&r, "rows.0.2.currency"), "PLN");
    /* A row per currency: the prospect without an amount has its own, without money. */
    assert_string_equal(crm_test_json_string(&r, "rows.1.0"), "sme");
    assert_int_equal(crm_test_json_int(&r, "rows.1.1", -1), 1);
    assert_int_equal(crm_test_json_int(&r, "rows.1.2.amount", -1), -1);
    assert_string_equal(crm_test_json_string(&r, "rows.2.0"), "sme");
    assert_int_equal(crm_test_json_int(&r, "rows.2.1", -1), 1);
    assert_int_equal(crm_test_json_int(&r, "rows.2.2.amount", -1), 50000);
    assert_null(crm_test_json_string(&r, "rows.3.0"));
    assert_int_equal(crm_test_json_int(&r, "totals.1", -1), 4);
    assert_int_equal(crm_test_json_int(&r, "totals.2.amount", -1), 54000);
    assert_string_equal(crm_test_json_string(&r, "totals.2.currency"), "PLN");
    crm_test_response_free(&r);

    /* By month: March and April. */
    assert_int_equal(crm_test_request(piotr, "GET",
                                      "/api/v1/reports/prospects_overview?dims=month&"
                                      "measures=prospects&from=2026-01-01&to=2026-12-31",
                                      NULL, &r),
                     200);
    assert_string_equal(crm_test_json_string(&r, "rows.0.0"), "2026-03-01");
    assert_int_equal(crm_test_json_int(&r, "rows.0.1", -1), 2);
    assert_string_equal(crm_test_json_string(&r, "rows.1.0"), "2026-04-01");
    assert_int_equal(crm_test_json_int(&r, "rows.1.1", -1), 2);
    assert_null(crm_test_json_string(&r, "rows.2.0"));
    crm_test_response_free(&r);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_created_prospect_belongs_to_its_creator_and_is_listed),
        cmocka_unit_test(a_prospect_outside_the_callers_scope_is_not_found),
        cmocka_unit_test(invalid_input_is_a_422_with_a_message_per_field),
        cmocka_unit_test(the_overview_report_totals_the_callers_prospects),
    };

    if (argc < 2) {
        fprintf(stderr, "usage: test_example EXAMPLE_SO\n");
        return 2;
    }
    plugin_file = argv[1];
    return cmocka_run_group_tests_name("example", tests, start_core, stop_core);
}
