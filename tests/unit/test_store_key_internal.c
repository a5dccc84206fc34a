/* The SQLite driver's key encoding: memcmp order of keys is MongoDB's order of values. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "store/store-common-private.h"
#include "store/store-sqlite-private.h"

/* Encodes the value of field "v" of the JSON document into BUF. */
static void
key_of(const char *json, crm__buf_t *buf)
{
    bson_error_t err;
    bson_t *doc = bson_new_from_json((const uint8_t *)json, -1, &err);
    bson_iter_t it;

    assert_non_null(doc);
    assert_true(bson_iter_init_find(&it, doc, "v"));
    crm__buf_reset(buf);
    crm__key_encode(&it, buf);
    bson_destroy(doc);
}

static int
cmp(const crm__buf_t *a, const crm__buf_t *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int r = memcmp(a->data, b->data, n);

    return r ? r : (a->len < b->len ? -1 : a->len > b->len);
}

static void
keys_sort_values_in_mongodb_order(void **state)
{
    static const char *const ascending[] = {
        "{\"v\": null}",
        "{\"v\": {\"$numberDouble\": \"-Infinity\"}}",
        "{\"v\": {\"$numberLong\": \"-9223372036854775808\"}}",
        "{\"v\": -2.5}",
        "{\"v\": 0}",
        "{\"v\": 1}",
        "{\"v\": 1.5}",
        "{\"v\": {\"$numberLong\": \"9007199254740993\"}}",
        "{\"v\": {\"$numberLong\": \"9223372036854775806\"}}",
        "{\"v\": {\"$numberLong\": \"9223372036854775807\"}}",
        "{\"v\": \"\"}",
        "{\"v\": \"B\"}",
        "{\"v\": \"a\"}",
        "{\"v\": \"ab\"}",
        "{\"v\": {}}",
        "{\"v\": {\"a\": 1}}",
        "{\"v\": {\"a\": 1, \"b\": 1}}",
        "{\"v\": {\"a\": \"x\"}}",
        "{\"v\": []}",
        "{\"v\": [1]}",
        "{\"v\": {\"$binary\": {\"base64\": \"AA==\", \"subType\": \"00\"}}}",
        "{\"v\": {\"$oid\": \"000000000000000000000001\"}}",
        "{\"v\": false}",
        "{\"v\": true}",
        "{\"v\": {\"$date\": {\"$numberLong\": \"-1\"}}}",
        "{\"v\": {\"$date\": {\"$numberLong\": \"1\"}}}",
    };
    crm__buf_t a, b;

    (void)state;
    crm__buf_init(&a);
    crm__buf_init(&b);
    for (size_t i = 0; i + 1 < sizeof ascending / sizeof ascending[0]; i++) {
        key_of(ascending[i], &a);
        key_of(ascending[i + 1], &b);
        if (cmp(&a, &b) >= 0)
            fail_msg("%s should sort before %s", ascending[i], ascending[i + 1]);
    }
    crm__buf_free(&a);
    crm__buf_free(&b);
}

static void
equal_numbers_of_any_type_have_equal_keys(void **state)
{
    crm__buf_t a, b;

    (void)state;
    crm__buf_init(&a);
    crm__buf_init(&b);
    key_of("{\"v\": 3}", &a);
    key_of("{\"v\": 3.0}", &b);
    assert_int_equal(cmp(&a, &b), 0);
    key_of("{\"v\": {\"$numberLong\": \"3\"}}", &b);
    assert_int_equal(cmp(&a, &b), 0);
    key_of("{\"v\": -0.0}", &a);
    key_of("{\"v\": 0}", &b);
    assert_int_equal(cmp(&a, &b), 0);
    crm__buf_free(&a);
    crm__buf_free(&b);
}

static void
regex_prefixes_accept_only_escaped_literals(void **state)
{
    char p[64];

    (void)state;
    assert_true(crm__regex_prefix("^abc", p, sizeof p));
    assert_string_equal(p, "abc");
    assert_true(crm__regex_prefix("^a\\.b\\(", p, sizeof p));
    assert_string_equal(p, "a.b(");
    assert_true(crm__regex_prefix("^", p, sizeof p));
    assert_string_equal(p, "");
    assert_false(crm__regex_prefix("abc", p, sizeof p));
    assert_false(crm__regex_prefix("^a.c", p, sizeof p));
    assert_false(crm__regex_prefix("^a\\d", p, sizeof p));
    assert_false(crm__regex_prefix("^abc$", p, sizeof p));
    assert_false(crm__regex_prefix("^a\\", p, sizeof p));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keys_sort_values_in_mongodb_order),
        cmocka_unit_test(equal_numbers_of_any_type_have_equal_keys),
        cmocka_unit_test(regex_prefixes_accept_only_escaped_literals),
    };
    return cmocka_run_group_tests_name("store key", tests, NULL, NULL);
}
