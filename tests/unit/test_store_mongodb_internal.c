/* The MongoDB driver's internals: option and pipeline building, the $text rewrite, error
 * mapping, and opening against a URI that is invalid or has no server. With
 * CRM_TEST_MONGODB_URI set, a smoke round trip through the driver's vtable runs against that
 * server (in a scratch database that is dropped afterwards). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store-mongodb-private.h"

/* Fails unless DOC equals the document JSON describes, types included (JSON integers that fit
 * are int32; use {"$numberLong": "1"} for int64). */
static void
assert_bson_json(const bson_t *doc, const char *json)
{
    bson_error_t berr;
    bson_t *want = bson_new_from_json((const uint8_t *)json, -1, &berr);
    char *got_s = NULL, *want_s = NULL;

    if (!want)
        fail_msg("bad expected JSON %s: %s", json, berr.message);
    if (!bson_equal(doc, want)) {
        got_s = bson_as_canonical_extended_json(doc, NULL);
        want_s = bson_as_canonical_extended_json(want, NULL);
        print_error("got  %s\nwant %s\n", got_s, want_s);
        bson_free(got_s);
        bson_free(want_s);
        bson_destroy(want);
        fail();
    }
    bson_destroy(want);
}

/* A bson_t from JSON, to destroy with bson_destroy(). */
static bson_t *
json(const char *text)
{
    bson_error_t berr;
    bson_t *b = bson_new_from_json((const uint8_t *)text, -1, &berr);

    if (!b)
        fail_msg("bad JSON %s: %s", text, berr.message);
    return b;
}

static void
sort_gets_id_ascending_as_last_tie_breaker(void **state)
{
    bson_t *sort = json("{\"city\": 1, \"n\": -1}");
    bson_t *with_id = json("{\"_id\": -1, \"city\": 1}");
    bson_t out;

    (void)state;
    crm__mongo_sort_build(sort, &out);
    assert_bson_json(&out, "{\"city\": 1, \"n\": -1, \"_id\": 1}");
    bson_destroy(&out);
    crm__mongo_sort_build(with_id, &out);
    assert_bson_json(&out, "{\"_id\": -1, \"city\": 1}");
    bson_destroy(&out);
    crm__mongo_sort_build(NULL, &out);
    assert_bson_json(&out, "{\"_id\": 1}");
    bson_destroy(&out);
    bson_destroy(sort);
    bson_destroy(with_id);
}

static void
find_opts_carry_projection_sort_skip_and_limit(void **state)
{
    bson_t *projection = json("{\"name\": 1}");
    bson_t *sort = json("{\"name\": -1}");
    bson_t empty = BSON_INITIALIZER;
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
    bson_t out;

    (void)state;
    opts.projection = projection;
    opts.sort = sort;
    opts.skip = 5;
    opts.limit = 10;
    crm__mongo_find_opts_build(&opts, &out);
    assert_bson_json(&out, "{\"projection\": {\"name\": 1}, \"sort\": {\"name\": -1, \"_id\": 1},"
                           " \"skip\": {\"$numberLong\": \"5\"},"
                           " \"limit\": {\"$numberLong\": \"10\"}}");
    bson_destroy(&out);

    opts.projection = &empty;
    opts.sort = NULL;
    opts.skip = 0;
    opts.limit = 0;
    crm__mongo_find_opts_build(&opts, &out);
    assert_bson_json(&out, "{\"sort\": {\"_id\": 1}}");
    bson_destroy(&out);
    crm__mongo_find_opts_build(NULL, &out);
    assert_bson_json(&out, "{\"sort\": {\"_id\": 1}}");
    bson_destroy(&out);
    bson_destroy(projection);
    bson_destroy(sort);
}

static void
text_search_words_become_quoted_terms_that_must_all_match(void **state)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"red apples", "\"red\" \"apples\""},
        {"  red \t apples  ", "\"red\" \"apples\""},
        {"one", "\"one\""},
        {"", ""},
        {"   ", ""},
        {"a\"b", "\"ab\""},
        {"\" \"\"", ""},
        {"-not", "\"-not\""},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = crm__mongo_text_search_rewrite(cases[i].in);

        assert_string_equal(got, cases[i].out);
        bson_free(got);
    }
}

static void
filter_rewrites_only_the_top_level_text_search(void **state)
{
    bson_t *filter = json(
        "{\"city\": \"Paris\", \"$text\": {\"$search\": \"red apples\"}, \"n\": {\"$gt\": 1}}");
    bson_t out;

    (void)state;
    crm__mongo_filter_build(filter, &out);
    assert_bson_json(&out, "{\"city\": \"Paris\", \"$text\": {\"$search\": \"\\\"red\\\" "
                           "\\\"apples\\\"\"}, \"n\": {\"$gt\": 1}}");
    bson_destroy(&out);
    crm__mongo_filter_build(NULL, &out);
    assert_true(bson_empty(&out));
    bson_destroy(&out);
    bson_destroy(filter);
}

static void
index_spec_has_directions_unique_and_text_language(void **state)
{
    const char *const fields[] = {"-created", "name", NULL};
    const char *const text_fields[] = {"bio", "notes", NULL};
    const char *const none[] = {NULL};
    crm_index_t index = {sizeof(crm_index_t), "by_created", fields, true, false, false};
    crm_error_t e = {0};
    bson_t out;

    (void)state;
    assert_int_equal(crm__mongo_index_build(&index, &out, &e), 0);
    assert_bson_json(&out, "{\"key\": {\"created\": -1, \"name\": 1}, \"name\": \"by_created\","
                           " \"unique\": true, \"sparse\": true}");
    bson_destroy(&out);

    index.name = "search";
    index.fields = text_fields;
    index.unique = false;
    index.text = true;
    assert_int_equal(crm__mongo_index_build(&index, &out, &e), 0);
    assert_bson_json(&out, "{\"key\": {\"bio\": \"text\", \"notes\": \"text\"}, \"name\": "
                           "\"search\", \"default_language\": \"english\"}");
    bson_destroy(&out);

    index.fields = none;
    assert_int_equal(crm__mongo_index_build(&index, &out, &e), CRM_EINVAL);
    assert_int_equal(e.code, CRM_EINVAL);
    bson_destroy(&out);
}

static void
pipeline_normalises_group_keys_and_orders_groups(void **state)
{
    bson_t *pipeline = json("{\"0\": {\"$match\": {\"$text\": {\"$search\": \"a b\"}}},"
                            " \"1\": {\"$group\": {\"_id\": {\"c\": \"$city\", \"k\": \"x\"},"
                            "                      \"n\": {\"$sum\": 1}}},"
                            " \"2\": {\"$sort\": {\"n\": -1}}, \"3\": {\"$limit\": 2}}");
    bson_t *no_sort = json("{\"0\": {\"$group\": {\"_id\": \"$city\", \"t\": {\"$sum\": \"$n\"}}},"
                           " \"1\": {\"$limit\": 3}}");
    bson_t *group_only = json("{\"0\": {\"$group\": {\"_id\": null, \"t\": {\"$avg\": \"$n\"}}}}");
    bson_t out;

    (void)state;
    crm__mongo_pipeline_build(pipeline, &out);
    assert_bson_json(&out,
                     "{\"0\": {\"$match\": {\"$text\": {\"$search\": "
                     "\"\\\"a\\\" \\\"b\\\"\"}}},"
                     " \"1\": {\"$group\": {\"_id\": {\"c\": {\"$ifNull\": [\"$city\", null]},"
                     "                     \"k\": \"x\"}, \"n\": {\"$sum\": 1}}},"
                     " \"2\": {\"$sort\": {\"n\": -1, \"_id\": 1}}, \"3\": {\"$limit\": 2}}");
    bson_destroy(&out);
    crm__mongo_pipeline_build(no_sort, &out);
    assert_bson_json(&out, "{\"0\": {\"$group\": {\"_id\": {\"$ifNull\": [\"$city\", null]},"
                           "                     \"t\": {\"$sum\": \"$n\"}}},"
                           " \"1\": {\"$sort\": {\"_id\": 1}}, \"2\": {\"$limit\": 3}}");
    bson_destroy(&out);
    crm__mongo_pipeline_build(group_only, &out);
    assert_bson_json(&out, "{\"0\": {\"$group\": {\"_id\": null, \"t\": {\"$avg\": \"$n\"}}},"
                           " \"1\": {\"$sort\": {\"_id\": 1}}}");
    bson_destroy(&out);
    bson_destroy(pipeline);
    bson_destroy(no_sort);
    bson_destroy(group_only);
}

static void
group_results_widen_int32_accumulators_to_int64(void **state)
{
    bson_t *doc = json("{\"_id\": 7, \"n\": 3, \"avg\": 1.5, \"big\": {\"$numberLong\": \"9\"},"
                       " \"min\": \"a\"}");
    bson_t out;

    (void)state;
    crm__mongo_group_normalise(doc, &out);
    assert_bson_json(&out, "{\"_id\": 7, \"n\": {\"$numberLong\": \"3\"}, \"avg\": 1.5,"
                           " \"big\": {\"$numberLong\": \"9\"}, \"min\": \"a\"}");
    bson_destroy(&out);
    bson_destroy(doc);
}

static void
duplicate_keys_map_to_conflict_naming_the_index_not_the_value(void **state)
{
    bson_error_t berr;
    crm_error_t e = {0};
    bson_t *reply = json("{\"insertedCount\": 2, \"writeErrors\": [{\"index\": 2, \"code\": 11000,"
                         " \"errmsg\": \"E11000 duplicate key error collection: crm.people index:"
                         " email_1 dup key: { email: \\\"ann@example.com\\\" }\"}]}");

    (void)state;
    bson_set_error(&berr, MONGOC_ERROR_SERVER, 11000,
                   "E11000 duplicate key error collection: crm.people index: email_1 dup key: "
                   "{ email: \"ann@example.com\" }");
    assert_int_equal(crm__mongo_error_map(&berr, NULL, "insert into people", &e), CRM_ECONFLICT);
    assert_int_equal(e.status, 409);
    assert_non_null(strstr(e.message, "email_1"));
    assert_null(strstr(e.message, "ann@example.com"));

    assert_int_equal(crm__mongo_error_map(&berr, reply, "insert into people", &e), CRM_ECONFLICT);
    assert_non_null(strstr(e.message, "document 2"));
    assert_non_null(strstr(e.message, "email_1"));
    assert_null(strstr(e.message, "ann@example.com"));

    bson_set_error(&berr, MONGOC_ERROR_SERVER, 11001, "E11001 duplicate key");
    assert_int_equal(crm__mongo_error_map(&berr, NULL, "update people", &e), CRM_ECONFLICT);
    assert_non_null(strstr(e.message, "unknown"));
    bson_destroy(reply);
}

static void
connection_failures_map_to_unavailable_and_others_to_store_error(void **state)
{
    bson_error_t berr;
    crm_error_t e = {0};

    (void)state;
    bson_set_error(&berr, MONGOC_ERROR_SERVER_SELECTION, MONGOC_ERROR_SERVER_SELECTION_FAILURE,
                   "No suitable servers found");
    assert_int_equal(crm__mongo_error_map(&berr, NULL, "ping", &e), CRM_EUNAVAIL);
    assert_int_equal(e.status, 503);
    bson_set_error(&berr, MONGOC_ERROR_STREAM, MONGOC_ERROR_STREAM_CONNECT, "connection refused");
    assert_int_equal(crm__mongo_error_map(&berr, NULL, "find", &e), CRM_EUNAVAIL);
    bson_set_error(&berr, MONGOC_ERROR_SERVER, 10107, "not primary");
    assert_int_equal(crm__mongo_error_map(&berr, NULL, "update", &e), CRM_EUNAVAIL);
    bson_set_error(&berr, MONGOC_ERROR_SERVER, 112, "WriteConflict");
    assert_int_equal(crm__mongo_error_map(&berr, NULL, "update", &e), CRM_ECONFLICT);
    bson_set_error(&berr, MONGOC_ERROR_SERVER, 2, "BadValue");
    assert_int_equal(crm__mongo_error_map(&berr, NULL, "update", &e), CRM_ESTORE);
    assert_non_null(strstr(e.message, "update"));
    /* A client-side code equal to a server code must not be read as that server code. */
    bson_set_error(&berr, MONGOC_ERROR_BSON, 112, "invalid document");
    assert_int_equal(crm__mongo_error_map(&berr, NULL, "insert", &e), CRM_ESTORE);
}

static void
open_refuses_a_bad_uri_and_reports_an_absent_server_unavailable(void **state)
{
    void *impl = NULL;
    crm_error_t e = {0};

    (void)state;
    assert_int_equal(crm__store_mongodb.open(NULL, "not-a-uri", NULL, &impl, &e), CRM_ECONFIG);
    assert_null(impl);
    assert_int_equal(crm__store_mongodb.open(NULL,
                                             "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=200"
                                             "&connectTimeoutMS=200",
                                             "crm", &impl, &e),
                     CRM_EUNAVAIL);
    assert_null(impl);
    assert_string_equal(crm__store_mongodb.name, "mongodb");
}

/* --- smoke round trip against a real server ------------------------------------------------ */

/* Inserts the documents described by the JSON strings DOCS (N of them). */
static int
insert_json(void *impl, const char *coll, const char *const *docs, size_t n, crm_error_t *e)
{
    bson_t *list[8];
    int rc;

    assert_true(n <= 8);
    for (size_t i = 0; i < n; i++)
        list[i] = json(docs[i]);
    rc = crm__store_mongodb.insert_many(impl, coll, (const bson_t *const *)list, n, e);
    for (size_t i = 0; i < n; i++)
        bson_destroy(list[i]);
    return rc;
}

/* Reads CURSOR to its end, writing the int32 _id of each document into IDS; returns the
 * number read. Destroys CURSOR. */
static int
read_ids(crm_cursor_t *cursor, int *ids, int max)
{
    const bson_t *doc;
    bson_iter_t it;
    int n = 0;

    assert_non_null(cursor);
    while (cursor->next(cursor, &doc)) {
        assert_true(n < max);
        assert_true(bson_iter_init_find(&it, doc, "_id"));
        ids[n++] = (int)bson_iter_as_int64(&it);
    }
    assert_false(cursor->failed);
    cursor->destroy(cursor);
    return n;
}

static int64_t
count_json(void *impl, const char *coll, const char *filter_json)
{
    bson_t *filter = json(filter_json);
    crm_error_t e = {0};
    int64_t n = -1;

    assert_int_equal(crm__store_mongodb.count(impl, coll, filter, &n, &e), 0);
    bson_destroy(filter);
    return n;
}

static crm_cursor_t *
find_json(void *impl, const char *coll, const char *filter_json, const char *sort_json)
{
    bson_t *filter = json(filter_json);
    bson_t *sort = sort_json ? json(sort_json) : NULL;
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
    crm_error_t e = {0};
    crm_cursor_t *cursor;

    opts.sort = sort;
    cursor = crm__store_mongodb.find(impl, coll, filter, &opts, &e);
    bson_destroy(filter);
    if (sort)
        bson_destroy(sort);
    return cursor;
}

/* Drops DATABASE on the server at URI. */
static void
drop_database(const char *uri, const char *database)
{
    mongoc_client_t *client = mongoc_client_new(uri);
    mongoc_database_t *db;

    assert_non_null(client);
    db = mongoc_client_get_database(client, database);
    mongoc_database_drop(db, NULL);
    mongoc_database_destroy(db);
    mongoc_client_destroy(client);
}

static void
smoke_crud_and_indexes(void *impl)
{
    static const char *const people[] = {
        "{\"_id\": 1, \"name\": \"Ann\", \"city\": \"Paris\", \"n\": 2, \"bio\": \"red apples\"}",
        "{\"_id\": 2, \"name\": \"Bob\", \"city\": \"Paris\", \"n\": 3, \"bio\": \"red cars\"}",
        "{\"_id\": 3, \"name\": \"Cy\", \"n\": 5, \"bio\": \"green apples\"}",
    };
    static const char *const dup_batch[] = {
        "{\"_id\": 10, \"name\": \"New\"}",
        "{\"_id\": 11, \"name\": \"Ann\"}",
    };
    const char *const by_name[] = {"name", NULL};
    const char *const by_city[] = {"city", NULL};
    const char *const text[] = {"bio", NULL};
    crm_index_t index = {sizeof(crm_index_t), "name_unique", by_name, true, false, false};
    crm_update_result_t res;
    crm_error_t e = {0};
    int ids[8];
    bson_t *filter, *update;
    int64_t n;

    assert_int_equal(crm__store_mongodb.ping(impl, &e), 0);
    assert_int_equal(insert_json(impl, "people", people, 3, &e), 0);
    assert_int_equal(count_json(impl, "people", "{}"), 3);

    /* Missing sorts first; ties by _id; {city: null} matches a missing field. */
    assert_int_equal(read_ids(find_json(impl, "people", "{}", "{\"city\": 1}"), ids, 8), 3);
    assert_int_equal(ids[0], 3);
    assert_int_equal(ids[1], 1);
    assert_int_equal(ids[2], 2);
    assert_int_equal(read_ids(find_json(impl, "people", "{\"city\": null}", NULL), ids, 8), 1);
    assert_int_equal(ids[0], 3);

    /* Unique index: idempotent; a duplicate in a batch stores nothing of it. */
    assert_int_equal(crm__store_mongodb.ensure_index(impl, "people", &index, &e), 0);
    assert_int_equal(crm__store_mongodb.ensure_index(impl, "people", &index, &e), 0);
    assert_int_equal(insert_json(impl, "people", dup_batch, 2, &e), CRM_ECONFLICT);
    assert_non_null(strstr(e.message, "document 1"));
    assert_int_equal(count_json(impl, "people", "{}"), 3);
    index.name = "city_unique";
    index.fields = by_city;
    assert_int_equal(crm__store_mongodb.ensure_index(impl, "people", &index, &e), CRM_ECONFLICT);

    /* Text search: every word must match. */
    index.name = "bio_text";
    index.fields = text;
    index.unique = false;
    index.text = true;
    assert_int_equal(crm__store_mongodb.ensure_index(impl, "people", &index, &e), 0);
    assert_int_equal(
        read_ids(find_json(impl, "people", "{\"$text\": {\"$search\": \"red apples\"}}", NULL), ids,
                 8),
        1);
    assert_int_equal(ids[0], 1);

    /* Update many, then an upsert. */
    filter = json("{\"city\": \"Paris\"}");
    update = json("{\"$inc\": {\"n\": 1}}");
    assert_int_equal(
        crm__store_mongodb.update(impl, "people", filter, update, CRM_UPDATE_MANY, &res, &e), 0);
    assert_int_equal(res.matched, 2);
    assert_int_equal(res.modified, 2);
    assert_false(res.upserted);
    bson_destroy(filter);
    bson_destroy(update);
    filter = json("{\"name\": \"Dee\"}");
    update = json("{\"$set\": {\"city\": \"Rome\"}}");
    assert_int_equal(
        crm__store_mongodb.update(impl, "people", filter, update, CRM_UPDATE_UPSERT, &res, &e), 0);
    assert_true(res.upserted);
    assert_int_equal(res.upserted_id.value_type, BSON_TYPE_OID);
    bson_value_destroy(&res.upserted_id);
    bson_destroy(filter);
    bson_destroy(update);
    assert_int_equal(count_json(impl, "people", "{\"city\": \"Rome\", \"name\": \"Dee\"}"), 1);

    /* Replace: a missing _id is not found. */
    filter = json("{\"_id\": 99, \"name\": \"Nobody\"}");
    assert_int_equal(crm__store_mongodb.replace(impl, "people", filter, &e), CRM_ENOTFOUND);
    bson_destroy(filter);
    filter = json("{\"_id\": 3, \"name\": \"Cy\", \"n\": 6}");
    assert_int_equal(crm__store_mongodb.replace(impl, "people", filter, &e), 0);
    bson_destroy(filter);

    /* Delete. */
    filter = json("{\"name\": \"Dee\"}");
    assert_int_equal(crm__store_mongodb.delete_(impl, "people", filter, true, &n, &e), 0);
    assert_int_equal(n, 1);
    bson_destroy(filter);
}

static void
smoke_aggregate(void *impl)
{
    bson_t *pipeline = json("{\"0\": {\"$group\": {\"_id\": \"$city\", \"total\": {\"$sum\": "
                            "\"$n\"}, \"count\": {\"$sum\": 1}, \"mean\": {\"$avg\": \"$n\"}}}}");
    crm_error_t e = {0};
    crm_cursor_t *cursor = crm__store_mongodb.aggregate(impl, "people", pipeline, &e);
    const bson_t *doc;
    bson_iter_t it;
    int groups = 0;

    assert_non_null(cursor);
    /* Groups in _id order: null (Cy, n 6) first, then Paris (Ann 3 + Bob 4). */
    while (cursor->next(cursor, &doc)) {
        assert_true(bson_iter_init_find(&it, doc, "total"));
        assert_int_equal(bson_iter_type(&it), BSON_TYPE_INT64);
        assert_int_equal(bson_iter_int64(&it), groups == 0 ? 6 : 7);
        assert_true(bson_iter_init_find(&it, doc, "count"));
        assert_int_equal(bson_iter_type(&it), BSON_TYPE_INT64);
        assert_true(bson_iter_init_find(&it, doc, "mean"));
        assert_int_equal(bson_iter_type(&it), BSON_TYPE_DOUBLE);
        groups++;
    }
    assert_false(cursor->failed);
    assert_int_equal(groups, 2);
    cursor->destroy(cursor);
    bson_destroy(pipeline);
}

static void
smoke_transactions(void *impl)
{
    static const char *const one[] = {"{\"_id\": 50, \"name\": \"Tx\"}"};
    crm_error_t e = {0};
    int rc = crm__store_mongodb.begin(impl, &e);

    if (rc == CRM_EUNAVAIL) {
        printf("mongodb smoke: standalone server, transactions unavailable (%s)\n", e.message);
        return;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(insert_json(impl, "people", one, 1, &e), 0);
    assert_int_equal(count_json(impl, "people", "{\"_id\": 50}"), 1);
    crm__store_mongodb.rollback(impl);
    assert_int_equal(count_json(impl, "people", "{\"_id\": 50}"), 0);

    assert_int_equal(crm__store_mongodb.begin(impl, &e), 0);
    assert_int_equal(insert_json(impl, "people", one, 1, &e), 0);
    assert_int_equal(crm__store_mongodb.commit(impl, &e), 0);
    assert_int_equal(count_json(impl, "people", "{\"_id\": 50}"), 1);
}

static void
smoke_round_trip_against_a_real_server(void **state)
{
    const char *uri = getenv("CRM_TEST_MONGODB_URI");
    char database[64];
    void *impl = NULL;
    crm_error_t e = {0};

    (void)state;
    if (!uri || !uri[0]) {
        printf("mongodb smoke SKIPPED (set CRM_TEST_MONGODB_URI)\n");
        skip();
    }
    snprintf(database, sizeof database, "crm_test_%ld", (long)getpid());
    if (crm__store_mongodb.open(NULL, uri, database, &impl, &e) != 0)
        fail_msg("open %s: %s", uri, e.message);
    drop_database(uri, database);
    smoke_crud_and_indexes(impl);
    smoke_aggregate(impl);
    smoke_transactions(impl);
    drop_database(uri, database);
    crm__store_mongodb.close(impl);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sort_gets_id_ascending_as_last_tie_breaker),
        cmocka_unit_test(find_opts_carry_projection_sort_skip_and_limit),
        cmocka_unit_test(text_search_words_become_quoted_terms_that_must_all_match),
        cmocka_unit_test(filter_rewrites_only_the_top_level_text_search),
        cmocka_unit_test(index_spec_has_directions_unique_and_text_language),
        cmocka_unit_test(pipeline_normalises_group_keys_and_orders_groups),
        cmocka_unit_test(group_results_widen_int32_accumulators_to_int64),
        cmocka_unit_test(duplicate_keys_map_to_conflict_naming_the_index_not_the_value),
        cmocka_unit_test(connection_failures_map_to_unavailable_and_others_to_store_error),
        cmocka_unit_test(open_refuses_a_bad_uri_and_reports_an_absent_server_unavailable),
        cmocka_unit_test(smoke_round_trip_against_a_real_server),
    };
    return cmocka_run_group_tests_name("store_mongodb_internal", tests, NULL, NULL);
}
