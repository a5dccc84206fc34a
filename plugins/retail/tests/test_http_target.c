/* Sales targets over HTTP: directors set them for their units and advisors, with the period's
 * last day computed; what makes no sense is refused per field; others may not set them. */
#include "support.h"

#include <stdio.h>
#include <string.h>

/* POSTs a target as S with the body made from FMT, returns the status, R kept. */
#define TARGET(s, r, ...) clients_test_send((s), "POST", "/api/v1/sales_target", (r), __VA_ARGS__)

static void
a_director_sets_targets_for_the_branch_and_its_advisors(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    char team[25];
    crm_test_session_t *marek;

    retail_test_bank(*state, &b);
    assert_int_equal(TARGET(b.dorota, &r,
                            "{\"period\":\"quarter\",\"period_start\":\"2026-04-01\","
                            "\"metric\":\"count\",\"target_count\":30,\"product_type\":\"loan\"}"),
                     201);
    assert_string_equal(crm_test_json_string(&r, "period_end"), "2026-06-30");
    assert_string_equal(crm_test_json_string(&r, "org_unit"), b.branch_a);
    crm_test_response_free(&r);
    assert_int_equal(TARGET(b.dorota, &r,
                            "{\"employee_id\":\"%s\",\"period\":\"month\","
                            "\"period_start\":\"2028-02-01\",\"metric\":\"amount\","
                            "\"target_amount\":{\"amount\":50000000,\"currency\":\"PLN\"},"
                            "\"product_id\":\"%s\"}",
                            crm_test_user_id(b.anna), b.deposit),
                     201);
    assert_string_equal(crm_test_json_string(&r, "period_end"), "2028-02-29");
    crm_test_response_free(&r);
    /* For a team below the branch too. */
    assert_int_equal(crm_test_org_unit(*state, "Krakow mortgages", "team", b.branch_a, team), 0);
    marek = crm_test_user(*state, "marek", "advisor", team);
    assert_non_null(marek);
    assert_int_equal(TARGET(b.dorota, &r,
                            "{\"org_unit\":\"%s\",\"period\":\"year\","
                            "\"period_start\":\"2027-01-01\",\"metric\":\"count\","
                            "\"target_count\":120,\"product_line\":\"mortgages\"}",
                            team),
                     201);
    assert_string_equal(crm_test_json_string(&r, "period_end"), "2027-12-31");
    crm_test_response_free(&r);
    /* Marek's own target is kept in his team, where he sees it. */
    assert_int_equal(TARGET(b.dorota, &r,
                            "{\"employee_id\":\"%s\",\"period\":\"month\","
                            "\"period_start\":\"2027-01-01\",\"metric\":\"count\","
                            "\"target_count\":10}",
                            crm_test_user_id(marek)),
                     422);
    assert_non_null(
        strstr(crm_test_json_string(&r, "error.fields.employee_id"), "works in another unit"));
    crm_test_response_free(&r);
    assert_int_equal(TARGET(b.dorota, &r,
                            "{\"employee_id\":\"%s\",\"org_unit\":\"%s\",\"period\":\"month\","
                            "\"period_start\":\"2027-01-01\",\"metric\":\"count\","
                            "\"target_count\":10}",
                            crm_test_user_id(marek), team),
                     201);
    crm_test_response_free(&r);
    /* Advisors read their unit's targets; another branch's director does not. */
    profile_get(b.anna, "/api/v1/sales_target?_count=true", &r);
    assert_int_equal(crm_test_json_int(&r, "count", -1), 2);
    crm_test_response_free(&r);
    profile_get(marek, "/api/v1/sales_target?_count=true", &r);
    assert_int_equal(crm_test_json_int(&r, "count", -1), 2);
    crm_test_response_free(&r);
    profile_get(b.zofia, "/api/v1/sales_target?_count=true", &r);
    assert_int_equal(crm_test_json_int(&r, "count", -1), 0);
    crm_test_response_free(&r);
}

static void
a_target_that_makes_no_sense_is_refused_per_field(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};

    retail_test_bank(*state, &b);
    assert_int_equal(TARGET(b.dorota, &r,
                            "{\"period\":\"quarter\",\"period_start\":\"2026-05-01\","
                            "\"metric\":\"count\",\"target_amount\":{\"amount\":1,"
                            "\"currency\":\"PLN\"},\"product_id\":\"%s\","
                            "\"product_line\":\"savings\",\"employee_id\":\"%s\"}",
                            b.deposit, "65f0c1d2e3a4b5c6d7e8f901"),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.period_start"),
                        "must be the first day of a quarter: 01-01, 04-01, 07-01 or 10-01");
    assert_string_equal(crm_test_json_string(&r, "error.fields.target_count"),
                        "is required when the metric is count");
    assert_string_equal(crm_test_json_string(&r, "error.fields.target_amount"),
                        "may be given only when the metric is amount");
    assert_non_null(strstr(crm_test_json_string(&r, "error.fields.product_line"),
                           "cannot be given with product_id"));
    assert_string_equal(crm_test_json_string(&r, "error.fields.employee_id"), "is not a user");
    crm_test_response_free(&r);
    assert_int_equal(TARGET(b.dorota, &r,
                            "{\"period\":\"week\",\"period_start\":\"2026-05-01\","
                            "\"metric\":\"count\",\"target_count\":-1}"),
                     422);
    assert_non_null(strstr(crm_test_json_string(&r, "error.fields.period"), "must be one of"));
    assert_non_null(crm_test_json_string(&r, "error.fields.target_count"));
    crm_test_response_free(&r);
    assert_int_equal(TARGET(b.dorota, &r,
                            "{\"period\":\"month\",\"period_start\":\"2026-05-02\","
                            "\"metric\":\"amount\",\"target_amount\":{\"amount\":-100,"
                            "\"currency\":\"PLN\"}}"),
                     422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.period_start"),
                        "must be the first day of a month (e.g. 2026-04-01)");
    assert_string_equal(crm_test_json_string(&r, "error.fields.target_amount"),
                        "must not be negative");
    crm_test_response_free(&r);
    assert_int_equal(TARGET(b.dorota, &r, "{\"metric\":\"count\",\"target_count\":1}"), 422);
    assert_string_equal(crm_test_json_string(&r, "error.fields.period"), "is required");
    assert_string_equal(crm_test_json_string(&r, "error.fields.period_start"), "is required");
    crm_test_response_free(&r);
    profile_get(b.admin, "/api/v1/sales_target?_count=true", &r);
    assert_int_equal(crm_test_json_int(&r, "count", -1), 0);
    crm_test_response_free(&r);
}

static void
only_directors_set_targets_and_only_within_their_units(void **state)
{
    retail_test_bank_t b;
    crm_test_response_t r = {0};
    crm_test_session_t *north;
    char id[25], path[96];
    static const char *const body =
        "{\"period\":\"month\",\"period_start\":\"2026-03-01\",\"metric\":\"count\","
        "\"target_count\":5}";

    retail_test_bank(*state, &b);
    assert_int_equal(TARGET(b.anna, &r, "%s", body), 403);
    assert_non_null(strstr(crm_test_json_string(&r, "error.message"), "sales_target.manage"));
    crm_test_response_free(&r);
    assert_int_equal(TARGET(b.tomasz, &r, "%s", body), 403);
    crm_test_response_free(&r);
    assert_int_equal(TARGET(b.dorota, &r,
                            "{\"org_unit\":\"%s\",\"period\":\"month\","
                            "\"period_start\":\"2026-03-01\",\"metric\":\"count\","
                            "\"target_count\":5}",
                            b.branch_b),
                     403);
    crm_test_response_free(&r);
    /* The regional director sets them for the region's branches. */
    north = crm_test_user(*state, "north", "regional_director", b.region);
    assert_non_null(north);
    assert_int_equal(TARGET(north, &r,
                            "{\"org_unit\":\"%s\",\"period\":\"month\","
                            "\"period_start\":\"2026-03-01\",\"metric\":\"count\","
                            "\"target_count\":5}",
                            b.branch_b),
                     201);
    snprintf(id, sizeof id, "%s", crm_test_json_string(&r, "id"));
    crm_test_response_free(&r);
    /* Zofia (branch B) may change it; the advisor there may not, though he reads it. */
    snprintf(path, sizeof path, "/api/v1/sales_target/%s", id);
    assert_int_equal(clients_test_send(b.zofia, "PATCH", path, &r, "{\"target_count\":7}"), 200);
    crm_test_response_free(&r);
    assert_int_equal(clients_test_send(b.piotr, "PATCH", path, &r, "{\"target_count\":1}"), 404);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(b.piotr, "GET", path, NULL, &r), 200);
    assert_int_equal(crm_test_json_int(&r, "target_count", -1), 7);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(b.piotr, "DELETE", path, NULL, &r), 403);
    crm_test_response_free(&r);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_director_sets_targets_for_the_branch_and_its_advisors),
        cmocka_unit_test(a_target_that_makes_no_sense_is_refused_per_field),
        cmocka_unit_test(only_directors_set_targets_and_only_within_their_units),
    };

    return retail_test_main(argc, argv, "retail_target", tests, sizeof tests / sizeof tests[0]);
}
