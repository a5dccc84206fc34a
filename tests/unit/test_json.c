/* The API's JSON: the writer's output for each BSON type and the parser's refusals. */
#include <crm/http.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static char *
to_json(const bson_t *doc)
{
    bson_string_t *s = bson_string_new(NULL);

    crm_json_append(s, doc);
    return bson_string_free(s, false);
}

static void
expect_json(const bson_t *doc, const char *want)
{
    char *got = to_json(doc);
    assert_string_equal(got, want);
    bson_free(got);
}

static void
writes_scalars(void **state)
{
    bson_t doc = BSON_INITIALIZER;
    (void)state;
    BSON_APPEND_INT32(&doc, "i", -7);
    BSON_APPEND_INT64(&doc, "l", 9007199254740993LL);
    BSON_APPEND_DOUBLE(&doc, "d", 0.1);
    BSON_APPEND_DOUBLE(&doc, "w", 3.0);
    BSON_APPEND_BOOL(&doc, "t", true);
    BSON_APPEND_BOOL(&doc, "f", false);
    BSON_APPEND_NULL(&doc, "n");
    expect_json(&doc, "{\"i\":-7,\"l\":9007199254740993,\"d\":0.1,\"w\":3.0,\"t\":true,"
                      "\"f\":false,\"n\":null}");
    bson_destroy(&doc);
}

static void
writes_doubles_that_read_back(void **state)
{
    bson_t doc = BSON_INITIALIZER;
    char *json;
    bson_t back;
    bson_iter_t it;
    (void)state;
    BSON_APPEND_DOUBLE(&doc, "x", 1.0 / 3.0);
    json = to_json(&doc);
    assert_true(bson_init_from_json(&back, json, -1, NULL));
    assert_true(bson_iter_init_find(&it, &back, "x"));
    assert_true(bson_iter_double(&it) == 1.0 / 3.0);
    bson_destroy(&back);
    bson_free(json);
    bson_destroy(&doc);
}

static void
writes_non_finite_doubles_as_null(void **state)
{
    bson_t doc = BSON_INITIALIZER;
    (void)state;
    BSON_APPEND_DOUBLE(&doc, "x", 1.0 / 0.0);
    expect_json(&doc, "{\"x\":null}");
    bson_destroy(&doc);
}

static void
writes_oid_as_hex(void **state)
{
    bson_t doc = BSON_INITIALIZER;
    bson_oid_t oid;
    (void)state;
    bson_oid_init_from_string(&oid, "5f1e2d3c4b5a697887960504");
    BSON_APPEND_OID(&doc, "_id", &oid);
    expect_json(&doc, "{\"_id\":\"5f1e2d3c4b5a697887960504\"}");
    bson_destroy(&doc);
}

static void
writes_datetime_as_iso8601(void **state)
{
    bson_t doc = BSON_INITIALIZER;
    (void)state;
    BSON_APPEND_DATE_TIME(&doc, "at", 1795334400123LL); /* 2026-11-22T08:00:00.123Z */
    BSON_APPEND_DATE_TIME(&doc, "before", -1);
    expect_json(&doc, "{\"at\":\"2026-11-22T08:00:00.123Z\","
                      "\"before\":\"1969-12-31T23:59:59.999Z\"}");
    bson_destroy(&doc);
}

static void
writes_decimal128_as_string(void **state)
{
    bson_t doc = BSON_INITIALIZER;
    bson_decimal128_t dec;
    (void)state;
    bson_decimal128_from_string("1234.50", &dec);
    BSON_APPEND_DECIMAL128(&doc, "amount", &dec);
    expect_json(&doc, "{\"amount\":\"1234.50\"}");
    bson_destroy(&doc);
}

static void
escapes_strings(void **state)
{
    bson_t doc = BSON_INITIALIZER;
    (void)state;
    BSON_APPEND_UTF8(&doc, "s", "q\"b\\n\n\t\x01</\xe2\x80\xa8\xe2\x80\xa9\xc3\xa9");
    bson_append_utf8(&doc, "z", 1, "a\0b", 3);
    expect_json(&doc, "{\"s\":\"q\\\"b\\\\n\\n\\t\\u0001</\\u2028\\u2029\xc3\xa9\","
                      "\"z\":\"a\\u0000b\"}");
    bson_destroy(&doc);
}

static void
writes_nested_documents_and_arrays(void **state)
{
    bson_t *doc = BCON_NEW("a", "[", BCON_INT32(1), "{", "b", BCON_UTF8("c"), "}", "[", "]", "]",
                           "o", "{", "}", "k\"ey", BCON_INT32(2));
    (void)state;
    expect_json(doc, "{\"a\":[1,{\"b\":\"c\"},[]],\"o\":{},\"k\\\"ey\":2}");
    bson_destroy(doc);
}

static void
writes_unexposed_types_as_null(void **state)
{
    bson_t doc = BSON_INITIALIZER;
    (void)state;
    BSON_APPEND_BINARY(&doc, "b", BSON_SUBTYPE_BINARY, (const uint8_t *)"xy", 2);
    BSON_APPEND_UNDEFINED(&doc, "u");
    expect_json(&doc, "{\"b\":null,\"u\":null}");
    bson_destroy(&doc);
}

static void
parses_an_object(void **state)
{
    const char *json = " {\"a\": 1, \"b\": [true, null, 2.5, \"x\\u00e9\"], \"c\": {\"d\": -3e2}} ";
    bson_t out;
    crm_error_t error = {0};
    bson_iter_t it;
    (void)state;
    assert_int_equal(crm_json_parse(json, strlen(json), &out, &error), 0);
    assert_true(bson_iter_init_find(&it, &out, "a"));
    assert_int_equal(bson_iter_as_int64(&it), 1);
    assert_true(bson_iter_init_find(&it, &out, "c"));
    bson_destroy(&out);
}

/* Parses JSON expecting CRM_EINVAL with a message containing WANT. */
static void
refuses(const char *json, size_t len, const char *want)
{
    bson_t out;
    crm_error_t error = {0};

    assert_int_equal(crm_json_parse(json, len, &out, &error), CRM_EINVAL);
    assert_int_equal(error.status, 400);
    if (!strstr(error.message, want))
        fail_msg("message \"%s\" lacks \"%s\"", error.message, want);
    bson_destroy(&out);
}

#define REFUSES(json, want) refuses(json, sizeof json - 1, want)

static void
refuses_empty_bodies(void **state)
{
    (void)state;
    refuses("", 0, "empty");
    REFUSES("  \n", "empty");
}

static void
refuses_malformed_json_with_offset(void **state)
{
    (void)state;
    REFUSES("{\"a\": 1,}", "unexpected '}' at offset 8");
    REFUSES("{\"a\" 1}", "unexpected '1' at offset 5");
    REFUSES("{\"a\": tru}", "offset 9");
    REFUSES("{\"a\": 01}", "unexpected '1' at offset 7");
    REFUSES("{\"a\": \"x}", "unexpected end");
    REFUSES("{\"a\": 1} x", "unexpected 'x' at offset 9");
    REFUSES("{\"a\": \"\\q\"}", "unexpected 'q'");
    REFUSES("{\"a\": \"tab\there\"}", "unexpected byte 0x09");
}

static void
refuses_invalid_utf8(void **state)
{
    (void)state;
    REFUSES("{\"a\": \"\xc3\x28\"}", "UTF-8");
    REFUSES("{\"a\": \"\xed\xa0\x80\"}", "UTF-8");
    refuses("{\"a\": \"\0\"}", 10, "UTF-8");
}

static void
refuses_non_objects(void **state)
{
    (void)state;
    REFUSES("[1, 2]", "must be a JSON object");
    REFUSES("\"x\"", "must be a JSON object");
    REFUSES("42", "must be a JSON object");
    REFUSES("null", "must be a JSON object");
}

static void
refuses_dollar_keys_at_any_depth(void **state)
{
    (void)state;
    REFUSES("{\"$where\": \"1\"}", "'$'");
    REFUSES("{\"a\": {\"$oid\": \"5f1e2d3c4b5a697887960504\"}}", "'$'");
    REFUSES("{\"a\": [{\"b\": {\"$date\": 0}}]}", "'$'");
    REFUSES("{\"a\": {\"\\u0024numberLong\": \"1\"}}", "'$'");
}

static void
accepts_dollar_in_values_and_inside_keys(void **state)
{
    const char *json = "{\"price$\": \"$5\"}";
    bson_t out;
    (void)state;
    assert_int_equal(crm_json_parse(json, strlen(json), &out, NULL), 0);
    bson_destroy(&out);
}

static void
refuses_duplicate_keys(void **state)
{
    (void)state;
    REFUSES("{\"a\": 1, \"b\": 2, \"a\": 3}", "key \"a\" twice");
    REFUSES("{\"o\": {\"x\": 1, \"x\": 1}}", "key \"x\" twice");
    REFUSES("{\"a\": 1, \"\\u0061\": 2}", "key \"a\" twice");
}

static void
refuses_nesting_deeper_than_32(void **state)
{
    char deep[200], ok[200];
    size_t n = 0, m = 0;
    bson_t out;
    (void)state;
    /* 33 levels of objects: {"a":{"a":...{}...}} */
    for (int i = 0; i < 33; i++)
        n += (size_t)snprintf(deep + n, sizeof deep - n, i < 32 ? "{\"a\":" : "{");
    for (int i = 0; i < 33; i++)
        deep[n++] = '}';
    deep[n] = '\0';
    refuses(deep, n, "deeper than 32");
    for (int i = 0; i < 32; i++)
        m += (size_t)snprintf(ok + m, sizeof ok - m, i < 31 ? "{\"a\":" : "[");
    ok[m++] = ']';
    for (int i = 0; i < 31; i++)
        ok[m++] = '}';
    ok[m] = '\0';
    assert_int_equal(crm_json_parse(ok, m, &out, NULL), 0);
    bson_destroy(&out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_scalars),
        cmocka_unit_test(writes_doubles_that_read_back),
        cmocka_unit_test(writes_non_finite_doubles_as_null),
        cmocka_unit_test(writes_oid_as_hex),
        cmocka_unit_test(writes_datetime_as_iso8601),
        cmocka_unit_test(writes_decimal128_as_string),
        cmocka_unit_test(escapes_strings),
        cmocka_unit_test(writes_nested_documents_and_arrays),
        cmocka_unit_test(writes_unexposed_types_as_null),
        cmocka_unit_test(parses_an_object),
        cmocka_unit_test(refuses_empty_bodies),
        cmocka_unit_test(refuses_malformed_json_with_offset),
        cmocka_unit_test(refuses_invalid_utf8),
        cmocka_unit_test(refuses_non_objects),
        cmocka_unit_test(refuses_dollar_keys_at_any_depth),
        cmocka_unit_test(accepts_dollar_in_values_and_inside_keys),
        cmocka_unit_test(refuses_duplicate_keys),
        cmocka_unit_test(refuses_nesting_deeper_than_32),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
