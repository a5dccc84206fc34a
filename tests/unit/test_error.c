/* crm_error_t: codes map to the HTTP statuses and names the API documents. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <crm/common.h>

static void
codes_map_to_documented_statuses(void **state)
{
    (void)state;
    assert_int_equal(crm_error_status(CRM_EINVAL), 400);
    assert_int_equal(crm_error_status(CRM_ENOTFOUND), 404);
    assert_int_equal(crm_error_status(CRM_ECONFLICT), 409);
    assert_int_equal(crm_error_status(CRM_ETOOBIG), 413);
    assert_int_equal(crm_error_status(CRM_EVALIDATION), 422);
    assert_int_equal(crm_error_status(CRM_EUNAVAIL), 503);
    assert_string_equal(crm_error_name(CRM_EVALIDATION), "invalid");
    assert_string_equal(crm_error_name(12345), "internal");
}

static void
field_errors_make_a_validation_error_and_are_counted_past_the_limit(void **state)
{
    crm_error_t e = {0};
    (void)state;
    for (int i = 0; i < CRM_ERROR_MAX_FIELDS + 3; i++)
        assert_int_equal(crm_error_add_field(&e, "name", "bad %d", i), CRM_EVALIDATION);
    assert_int_equal(e.status, 422);
    assert_int_equal(e.n_fields, CRM_ERROR_MAX_FIELDS + 3);
    assert_string_equal(e.fields[1].message, "bad 1");
    assert_string_equal(e.message, "validation failed");
    assert_int_equal(crm_error_set(&e, CRM_ENOTFOUND, "no %s", "x"), CRM_ENOTFOUND);
    assert_int_equal(e.n_fields, 0);
    assert_string_equal(e.message, "no x");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(codes_map_to_documented_statuses),
        cmocka_unit_test(field_errors_make_a_validation_error_and_are_counted_past_the_limit),
    };
    return cmocka_run_group_tests_name("error", tests, NULL, NULL);
}
