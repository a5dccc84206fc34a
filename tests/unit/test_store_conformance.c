/* The store's conformance suite: the same cases run against every driver. SQLite always (a
 * temporary file under /tmp, removed after); MongoDB when CRM_TEST_MONGODB_URI is set (a
 * database of its own, dropped after). Documents use small integer _ids so that results read
 * as "1,2,3". */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <crm/store.h>

#include "mongodb_drop.h"
#include "test_skip.h"

static crm_store_t *S;
static char db_path[256];
static char mongo_db[64];

/* Documents parsed by J(), freed after each test. */
static bson_t *pool[512];
static size_t n_pool;

/* Parses extended JSON into a document freed after the test. */
static bson_t *
J(const char *json)
{
    bson_error_t err;
    bson_t *b = bson_new_from_json((const uint8_t *)json, -1, &err);

    if (!b)
        fail_msg("bad JSON %s: %s", json, err.message);
    assert_true(n_pool < sizeof pool / sizeof pool[0]);
    pool[n_pool++] = b;
    return b;
}

static int
free_pool(void **state)
{
    (void)state;
    for (size_t i = 0; i < n_pool; i++)
        bson_destroy(pool[i]);
    n_pool = 0;
    return 0;
}

/* Inserts the documents of the JSON array ARRAY into COLL, one by one. */
static void
load(const char *coll, const char *array)
{
    bson_t *docs = J(array);
    bson_iter_t it;
    crm_error_t err = {0};

    assert_true(bson_iter_init(&it, docs));
    while (bson_iter_next(&it)) {
        const uint8_t *data;
        uint32_t len;
        bson_t doc;

        bson_iter_document(&it, &len, &data);
        assert_true(bson_init_static(&doc, data, len));
        if (crm_store_insert(S, coll, &doc, NULL, &err) != 0)
            fail_msg("insert into %s: %s", coll, err.message);
    }
}

/* The _ids (integers) of the documents FIND returns, joined by commas. */
static const char *
ids_opts(const char *coll, const char *filter, const char *sort, int64_t skip, int64_t limit)
{
    static char out[2048];
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
    crm_error_t err = {0};
    crm_cursor_t *c;
    const bson_t *doc;
    bson_iter_t it;

    opts.sort = sort ? J(sort) : NULL;
    opts.skip = skip;
    opts.limit = limit;
    c = crm_store_find(S, coll, filter ? J(filter) : NULL, &opts, &err);
    if (!c)
        fail_msg("find %s: %s", filter, err.message);
    out[0] = '\0';
    while (crm_cursor_next(c, &doc)) {
        assert_true(bson_iter_init_find(&it, doc, "_id"));
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%" PRId64, out[0] ? "," : "",
                 bson_iter_as_int64(&it));
    }
    if (crm_cursor_error(c, &err))
        fail_msg("cursor %s: %s", filter, err.message);
    crm_cursor_destroy(c);
    return out;
}

static const char *
ids(const char *coll, const char *filter)
{
    return ids_opts(coll, filter, NULL, 0, 0);
}

static int64_t
count(const char *coll, const char *filter)
{
    int64_t n = -1;
    crm_error_t err = {0};

    if (crm_store_count(S, coll, filter ? J(filter) : NULL, &n, &err) != 0)
        fail_msg("count %s: %s", filter ? filter : "{}", err.message);
    return n;
}

#define ASSERT_IDS(coll, filter, want) assert_string_equal(ids(coll, filter), want)

/* ---- filters ---- */

static void
comparison_operators_follow_mongodb_semantics(void **state)
{
    (void)state;
    load("cmp", "[{\"_id\": 1, \"a\": 5, \"s\": \"apple\", \"n\": {\"x\": 1}},"
                "{\"_id\": 2, \"a\": 7.5, \"s\": \"apricot\", \"n\": {\"x\": 2}},"
                "{\"_id\": 3, \"a\": {\"$numberLong\": \"10\"}, \"s\": \"banana\"},"
                "{\"_id\": 4, \"a\": \"5\", \"s\": null},"
                "{\"_id\": 5, \"a\": null},"
                "{\"_id\": 6},"
                "{\"_id\": 7, \"a\": true, \"s\": \"a.b\"}]");
    ASSERT_IDS("cmp", "{\"a\": 5}", "1");
    ASSERT_IDS("cmp", "{\"a\": {\"$eq\": 5}}", "1");
    ASSERT_IDS("cmp", "{\"a\": 10}", "3");
    ASSERT_IDS("cmp", "{\"a\": 10.0}", "3");
    ASSERT_IDS("cmp", "{\"a\": {\"$gt\": 5}}", "2,3");
    ASSERT_IDS("cmp", "{\"a\": {\"$gte\": 5}}", "1,2,3");
    ASSERT_IDS("cmp", "{\"a\": {\"$lt\": 10}}", "1,2");
    ASSERT_IDS("cmp", "{\"a\": {\"$lte\": 7.5}}", "1,2");
    ASSERT_IDS("cmp", "{\"a\": {\"$gt\": \"4\"}}", "4");
    ASSERT_IDS("cmp", "{\"a\": {\"$gt\": 5, \"$lt\": 10}}", "2");
    ASSERT_IDS("cmp", "{\"a\": {\"$gte\": \"0\", \"$lte\": \"9\"}}", "4");
    ASSERT_IDS("cmp", "{\"a\": {\"$gte\": 5, \"$lt\": \"6\"}}", "");
    ASSERT_IDS("cmp", "{\"a\": {\"$ne\": 5}}", "2,3,4,5,6,7");
    ASSERT_IDS("cmp", "{\"a\": {\"$in\": [5, \"5\"]}}", "1,4");
    ASSERT_IDS("cmp", "{\"a\": {\"$in\": []}}", "");
    ASSERT_IDS("cmp", "{\"a\": {\"$nin\": [5, \"5\"]}}", "2,3,5,6,7");
    ASSERT_IDS("cmp", "{\"a\": {\"$not\": {\"$gt\": 5}}}", "1,4,5,6,7");
    ASSERT_IDS("cmp", "{\"n.x\": 2}", "2");
    ASSERT_IDS("cmp", "{\"n.x\": {\"$gte\": 1}}", "1,2");
    ASSERT_IDS("cmp", "{\"n\": {\"x\": 1}}", "1");
    ASSERT_IDS("cmp", "{\"_id\": {\"$in\": [2, 3, 99]}}", "2,3");
    ASSERT_IDS("cmp", "{\"_id\": {\"$gt\": 5}}", "6,7");
    ASSERT_IDS("cmp", "{\"$or\": [{\"a\": 5}, {\"s\": \"banana\"}]}", "1,3");
    ASSERT_IDS("cmp", "{\"$and\": [{\"a\": {\"$gte\": 5}}, {\"a\": {\"$lt\": 10}}]}", "1,2");
    ASSERT_IDS("cmp", "{\"$or\": [{\"a\": true}, {\"$and\": [{\"a\": 5}, {\"s\": \"apple\"}]}]}",
               "1,7");
}

static void
null_matches_missing_and_exists_tells_them_apart(void **state)
{
    (void)state;
    load("nul", "[{\"_id\": 1, \"a\": 1}, {\"_id\": 2, \"a\": null}, {\"_id\": 3},"
                "{\"_id\": 4, \"b\": {\"c\": null}}, {\"_id\": 5, \"b\": {}}]");
    ASSERT_IDS("nul", "{\"a\": null}", "2,3,4,5");
    ASSERT_IDS("nul", "{\"a\": {\"$ne\": null}}", "1");
    ASSERT_IDS("nul", "{\"a\": {\"$exists\": true}}", "1,2");
    ASSERT_IDS("nul", "{\"a\": {\"$exists\": false}}", "3,4,5");
    ASSERT_IDS("nul", "{\"b.c\": null}", "1,2,3,4,5");
    ASSERT_IDS("nul", "{\"b.c\": {\"$exists\": true}}", "4");
    ASSERT_IDS("nul", "{\"a\": {\"$in\": [null, 1]}}", "1,2,3,4,5");
    ASSERT_IDS("nul", "{\"a\": {\"$nin\": [null]}}", "1");
}

static void
prefix_regex_matches_strings_only(void **state)
{
    (void)state;
    load("rx", "[{\"_id\": 1, \"s\": \"apple\"}, {\"_id\": 2, \"s\": \"apricot\"},"
               "{\"_id\": 3, \"s\": \"banana\"}, {\"_id\": 4, \"s\": \"a.b\"},"
               "{\"_id\": 5, \"s\": 12}, {\"_id\": 6, \"s\": \"Apple\"}, {\"_id\": 7}]");
    ASSERT_IDS("rx", "{\"s\": {\"$regex\": \"^ap\"}}", "1,2");
    ASSERT_IDS("rx", "{\"s\": {\"$regularExpression\": {\"pattern\": \"^ap\", \"options\": \"\"}}}",
               "1,2");
    ASSERT_IDS("rx", "{\"s\": {\"$regex\": \"^a\\\\.b\"}}", "4");
    ASSERT_IDS("rx", "{\"s\": {\"$regex\": \"^\"}}", "1,2,3,4,6");
    ASSERT_IDS("rx", "{\"s\": {\"$not\": {\"$regex\": \"^ap\"}}}", "3,4,5,6,7");
}

static void
arrays_match_when_any_element_matches(void **state)
{
    (void)state;
    load("arr", "[{\"_id\": 1, \"tags\": [\"x\", \"y\"]}, {\"_id\": 2, \"tags\": [\"z\"]},"
                "{\"_id\": 3, \"tags\": \"x\"},"
                "{\"_id\": 4, \"items\": [{\"sku\": \"a\", \"q\": 1}, {\"sku\": \"b\", \"q\": 5}]},"
                "{\"_id\": 5, \"items\": [{\"sku\": \"c\", \"q\": 2}]},"
                "{\"_id\": 6, \"tags\": []}]");
    ASSERT_IDS("arr", "{\"tags\": \"x\"}", "1,3");
    ASSERT_IDS("arr", "{\"tags\": [\"x\", \"y\"]}", "1");
    ASSERT_IDS("arr", "{\"tags\": {\"$in\": [\"z\", \"y\"]}}", "1,2");
    ASSERT_IDS("arr", "{\"tags\": {\"$ne\": \"x\"}}", "2,4,5,6");
    ASSERT_IDS("arr", "{\"tags\": {\"$nin\": [\"x\"]}}", "2,4,5,6");
    ASSERT_IDS("arr", "{\"tags\": {\"$regex\": \"^y\"}}", "1");
    ASSERT_IDS("arr", "{\"tags\": {\"$exists\": true}}", "1,2,3,6");
    ASSERT_IDS("arr", "{\"tags\": null}", "4,5");
    ASSERT_IDS("arr", "{\"items.sku\": \"b\"}", "4");
    ASSERT_IDS("arr", "{\"items.q\": {\"$gt\": 4}}", "4");
    ASSERT_IDS("arr", "{\"items.q\": {\"$lt\": 2}}", "4");
    /* each condition may be met by a different element, as in MongoDB */
    ASSERT_IDS("arr", "{\"items.q\": {\"$gte\": 2, \"$lte\": 2}}", "4,5");
    ASSERT_IDS("arr", "{\"items.0.sku\": \"a\"}", "4");
    ASSERT_IDS("arr", "{\"items.q\": {\"$not\": {\"$gt\": 4}}}", "1,2,3,5,6");
}

/* An index on a path holding arrays finds documents by any element (multikey), for indexes
 * made before and after the documents, and follows inserts, updates and deletes. */
static void
indexed_arrays_find_documents_by_any_element(void **state)
{
    const char *tags[] = {"tags", NULL}, *skus[] = {"items.sku", NULL};
    crm_index_t by_tag = {sizeof by_tag, "tags", tags, false, false, true};
    crm_index_t by_sku = {sizeof by_sku, "sku", skus, false, false, true};
    crm_error_t err = {0};
    int64_t n = 0;

    (void)state;
    load("mk", "[{\"_id\": 1, \"tags\": [\"x\", \"y\"]}, {\"_id\": 2, \"tags\": [\"z\"]},"
               "{\"_id\": 3, \"tags\": \"x\"},"
               "{\"_id\": 4, \"items\": [{\"sku\": \"a\"}, {\"sku\": \"b\"}]},"
               "{\"_id\": 5, \"items\": [{\"sku\": \"a\"}]}, {\"_id\": 6, \"tags\": []}]");
    assert_int_equal(crm_store_ensure_index(S, "mk", &by_tag, &err), 0);
    ASSERT_IDS("mk", "{\"tags\": \"x\"}", "1,3");
    ASSERT_IDS("mk", "{\"tags\": {\"$eq\": \"z\"}}", "2");
    ASSERT_IDS("mk", "{\"tags\": {\"$in\": [\"z\", \"y\"]}}", "1,2");
    ASSERT_IDS("mk", "{\"tags\": [\"x\", \"y\"]}", "1");
    ASSERT_IDS("mk", "{\"tags\": \"x\", \"_id\": {\"$gt\": 1}}", "3");
    ASSERT_IDS("mk", "{\"$or\": [{\"tags\": \"z\"}, {\"_id\": 6}]}", "2,6");
    /* writes after the index */
    assert_int_equal(crm_store_insert(S, "mk", J("{\"_id\": 7, \"tags\": [\"q\", \"x\"]}"), NULL,
                                      &err),
                     0);
    ASSERT_IDS("mk", "{\"tags\": \"x\"}", "1,3,7");
    assert_int_equal(crm_store_update(S, "mk", J("{\"_id\": 1}"),
                                      J("{\"$set\": {\"tags\": [\"w\"]}}"), 0, NULL, &err),
                     0);
    ASSERT_IDS("mk", "{\"tags\": \"x\"}", "3,7");
    ASSERT_IDS("mk", "{\"tags\": \"w\"}", "1");
    assert_int_equal(crm_store_delete(S, "mk", J("{\"_id\": 7}"), false, &n, &err), 0);
    ASSERT_IDS("mk", "{\"tags\": \"x\"}", "3");
    ASSERT_IDS("mk", "{\"tags\": \"q\"}", "");
    /* a path under an array of documents, indexed after the documents */
    assert_int_equal(crm_store_ensure_index(S, "mk", &by_sku, &err), 0);
    ASSERT_IDS("mk", "{\"items.sku\": \"a\"}", "4,5");
    ASSERT_IDS("mk", "{\"items.sku\": {\"$in\": [\"b\", \"c\"]}}", "4");
    assert_int_equal(count("mk", "{\"tags\": {\"$in\": [\"x\", \"w\"]}}"), 2);
}

static void
text_search_requires_every_word_and_follows_writes(void **state)
{
    const char *fields[] = {"title", "body", NULL};
    crm_index_t idx = {sizeof idx, "fulltext", fields, false, true, false};
    crm_error_t err = {0};
    int64_t n = 0;

    (void)state;
    load("txt", "[{\"_id\": 1, \"title\": \"The dog runs\", \"body\": \"in the park\"},"
                "{\"_id\": 2, \"title\": \"A cat\", \"body\": \"sleeps all day\"},"
                "{\"_id\": 3, \"title\": \"Dogs\", \"body\": \"are running late\"}]");
    assert_int_equal(crm_store_find(S, "txt", J("{\"$text\": {\"$search\": \"dog\"}}"), NULL, &err),
                     NULL);
    assert_int_equal(err.code, CRM_EINVAL);
    assert_int_equal(crm_store_ensure_index(S, "txt", &idx, &err), 0);
    ASSERT_IDS("txt", "{\"$text\": {\"$search\": \"dog\"}}", "1,3");
    ASSERT_IDS("txt", "{\"$text\": {\"$search\": \"running dogs\"}}", "1,3");
    ASSERT_IDS("txt", "{\"$text\": {\"$search\": \"dog park\"}}", "1");
    ASSERT_IDS("txt", "{\"$text\": {\"$search\": \"DOG\"}}", "1,3");
    ASSERT_IDS("txt", "{\"$text\": {\"$search\": \"do\"}}", "");
    ASSERT_IDS("txt", "{\"$text\": {\"$search\": \"dog\"}, \"_id\": {\"$gt\": 1}}", "3");
    load("txt", "[{\"_id\": 4, \"title\": \"caf\\u00e9 dog\"}]");
    ASSERT_IDS("txt", "{\"$text\": {\"$search\": \"cafe\"}}", "4");
    assert_int_equal(crm_store_update(S, "txt", J("{\"_id\": 2}"),
                                      J("{\"$set\": {\"body\": \"chases a dog\"}}"), 0, NULL, &err),
                     0);
    ASSERT_IDS("txt", "{\"$text\": {\"$search\": \"dog\"}}", "1,2,3,4");
    ASSERT_IDS("txt", "{\"$text\": {\"$search\": \"sleeps\"}}", "");
    assert_int_equal(crm_store_delete(S, "txt", J("{\"_id\": 1}"), false, &n, &err), 0);
    ASSERT_IDS("txt", "{\"$text\": {\"$search\": \"dog\"}}", "2,3,4");
}

/* Matches in the search's own order ({"$text": -1}): paged with skip and limit, every match
 * exactly once, other conditions applied; refused without a $text to order by. On SQLite
 * every match ranks alike and the newest comes first. */
static void
text_order_pages_every_match_once(void **state)
{
    const char *fields[] = {"title", NULL};
    crm_index_t idx = {sizeof idx, "fulltext", fields, false, true, false};
    const char *text = "{\"$text\": {\"$search\": \"dog\"}}";
    const char *order = "{\"$text\": -1}";
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
    crm_error_t err = {0};
    char all[64] = "";

    (void)state;
    load("rel", "[{\"_id\": 1, \"title\": \"dog one\", \"k\": 1},"
                "{\"_id\": 2, \"title\": \"cat\", \"k\": 1},"
                "{\"_id\": 3, \"title\": \"dog three\", \"k\": 2},"
                "{\"_id\": 4, \"title\": \"dog four\", \"k\": 1},"
                "{\"_id\": 5, \"title\": \"dog five\", \"k\": 1}]");
    assert_int_equal(crm_store_ensure_index(S, "rel", &idx, &err), 0);
    for (int64_t skip = 0; skip < 6; skip += 2) {
        const char *page = ids_opts("rel", text, order, skip, 2);
        if (*page)
            snprintf(all + strlen(all), sizeof all - strlen(all), "%s%s", *all ? "," : "", page);
    }
    if (!strcmp(crm_store_driver(S), "sqlite"))
        assert_string_equal(all, "5,4,3,1");
    assert_int_equal(strlen(all), strlen("5,4,3,1"));
    for (const char *id = "1345"; *id; id++)
        assert_non_null(strchr(all, *id));
    assert_int_equal(strlen(ids_opts("rel", "{\"$text\": {\"$search\": \"dog\"}, \"k\": 1}",
                                     order, 0, 0)),
                     strlen("5,4,1"));
    /* nothing to order by, or the order mixed with a field */
    opts.sort = J(order);
    assert_null(crm_store_find(S, "rel", J("{\"k\": 1}"), &opts, &err));
    assert_int_equal(err.code, CRM_EINVAL);
    opts.sort = J("{\"$text\": -1, \"k\": 1}");
    assert_null(crm_store_find(S, "rel", J(text), &opts, &err));
    assert_int_equal(err.code, CRM_EINVAL);
}

/* ---- refusals ---- */

static void
refused_filters_are_einval_and_change_nothing(void **state)
{
    static const struct {
        const char *filter;
        const char *names;
    } bad[] = {
        {"{\"$where\": \"this.a > 1\"}", "$where"},
        {"{\"a\": {\"$function\": {}}}", "$function"},
        {"{\"$expr\": {\"$gt\": [\"$a\", 1]}}", "$expr"},
        {"{\"a\": {\"$foo\": 1}}", "$foo"},
        {"{\"$nor\": [{\"a\": 1}]}", "$nor"},
        {"{\"a\": {\"$in\": 5}}", "$in"},
        {"{\"a\": {\"$nin\": {\"x\": 1}}}", "$nin"},
        {"{\"$and\": []}", "$and"},
        {"{\"$or\": [1, 2]}", "$or"},
        {"{\"$or\": {\"a\": 1}}", "$or"},
        {"{\"a\": {\"$regex\": \"abc\"}}", "$regex"},
        {"{\"a\": {\"$regex\": \"^a.c\"}}", "$regex"},
        {"{\"a\": {\"$regex\": \"^abc\", \"$options\": \"i\"}}", "$regex"},
        {"{\"a\": {\"$exists\": \"yes\"}}", "$exists"},
        {"{\"$or\": [{\"$text\": {\"$search\": \"x\"}}]}", "$text"},
        {"{\"$text\": {\"$search\": 5}}", "$text"},
        {"{\"a\": {\"$gt\": 1, \"b\": 2}}", "a"},
        {"{\"a\": {\"$not\": 5}}", "$not"},
    };
    crm_error_t err;
    int64_t n = 0;
    crm_cursor_t *c;
    bson_t *deep;
    char json[1024] = "";

    (void)state;
    load("ref", "[{\"_id\": 1, \"a\": 1}, {\"_id\": 2, \"a\": 2}]");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bson_t *f = J(bad[i].filter);

        memset(&err, 0, sizeof err);
        assert_int_equal(crm_filter_check(f, &err), CRM_EINVAL);
        if (!strstr(err.message, bad[i].names))
            fail_msg("%s: message '%s' does not name %s", bad[i].filter, err.message, bad[i].names);
        c = crm_store_find(S, "ref", f, NULL, &err);
        assert_null(c);
        assert_int_equal(err.code, CRM_EINVAL);
        assert_int_equal(crm_store_count(S, "ref", f, &n, &err), CRM_EINVAL);
        assert_int_equal(crm_store_delete(S, "ref", f, true, &n, &err), CRM_EINVAL);
        assert_int_equal(crm_store_update(S, "ref", f, J("{\"$set\": {\"a\": 9}}"),
                                          CRM_UPDATE_MANY | CRM_UPDATE_UPSERT, NULL, &err),
                         CRM_EINVAL);
    }
    /* 17 levels of $and */
    for (int i = 0; i < CRM_FILTER_MAX_DEPTH; i++)
        strcat(json, "{\"$and\": [");
    strcat(json, "{\"a\": 1}");
    for (int i = 0; i < CRM_FILTER_MAX_DEPTH; i++)
        strcat(json, "]}");
    deep = J(json);
    assert_int_equal(crm_filter_check(deep, &err), CRM_EINVAL);
    assert_non_null(strstr(err.message, "deeper"));
    assert_int_equal(crm_store_delete(S, "ref", deep, true, &n, &err), CRM_EINVAL);
    /* nothing changed */
    ASSERT_IDS("ref", "{\"a\": {\"$lt\": 3}}", "1,2");
    ASSERT_IDS("ref", "{\"a\": 9}", "");
}

static void
refused_updates_and_names_are_einval_and_change_nothing(void **state)
{
    static const char *const bad[] = {
        "{\"$rename\": {\"a\": \"b\"}}",
        "{\"$inc\": {\"a\": \"1\"}}",
        "{\"$set\": {\"_id\": 5}}",
        "{\"a\": 1}",
        "{}",
        "{\"$set\": {\"a\": 1}, \"$inc\": {\"a\": 1}}",
        "{\"$set\": {\"a..b\": 1}}",
        "{\"$push\": {\"a\": {\"$slice\": 1}}}",
    };
    crm_error_t err = {0};
    bson_oid_t oid;

    (void)state;
    load("refu", "[{\"_id\": 1, \"a\": 1, \"s\": \"x\"}]");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (crm_store_update(S, "refu", NULL, J(bad[i]), CRM_UPDATE_MANY, NULL, &err) != CRM_EINVAL)
            fail_msg("update %s was not refused", bad[i]);
    /* $inc on a string fails at the document: nothing is written */
    assert_int_equal(crm_store_update(S, "refu", NULL, J("{\"$inc\": {\"s\": 1}}"), 0, NULL, &err),
                     CRM_EINVAL);
    ASSERT_IDS("refu", "{\"a\": 1, \"s\": \"x\"}", "1");
    assert_int_equal(crm_store_insert(S, "Bad", J("{\"a\": 1}"), &oid, &err), CRM_EINVAL);
    assert_int_equal(crm_store_insert(S, "1x", J("{\"a\": 1}"), &oid, &err), CRM_EINVAL);
    assert_int_equal(crm_store_insert(S, "a-b", J("{\"a\": 1}"), &oid, &err), CRM_EINVAL);
    assert_int_equal(count("refu", NULL), 1);
}

/* ---- reading ---- */

static void
projection_keeps_or_drops_the_named_fields(void **state)
{
    crm_error_t err = {0};
    bson_t out;
    char *json;

    (void)state;
    load("proj", "[{\"_id\": 1, \"a\": 1, \"b\": 2, \"n\": {\"x\": 1, \"y\": 2}}]");
    assert_int_equal(crm_store_find_one(S, "proj", NULL, J("{\"a\": 1, \"n.x\": 1}"), &out, &err),
                     0);
    json = bson_as_relaxed_extended_json(&out, NULL);
    assert_string_equal(json, "{ \"_id\" : 1, \"a\" : 1, \"n\" : { \"x\" : 1 } }");
    bson_free(json);
    bson_destroy(&out);
    assert_int_equal(crm_store_find_one(S, "proj", NULL, J("{\"b\": 0, \"n.y\": 0}"), &out, &err),
                     0);
    json = bson_as_relaxed_extended_json(&out, NULL);
    assert_string_equal(json, "{ \"_id\" : 1, \"a\" : 1, \"n\" : { \"x\" : 1 } }");
    bson_free(json);
    bson_destroy(&out);
    assert_int_equal(crm_store_find_one(S, "proj", NULL, J("{\"_id\": 0, \"b\": 1}"), &out, &err),
                     0);
    json = bson_as_relaxed_extended_json(&out, NULL);
    assert_string_equal(json, "{ \"b\" : 2 }");
    bson_free(json);
    bson_destroy(&out);
    assert_int_equal(crm_store_find_one(S, "proj", NULL, J("{\"a\": 1, \"b\": 0}"), &out, &err),
                     CRM_EINVAL);
    assert_int_equal(crm_store_find_one(S, "proj", J("{\"a\": 2}"), NULL, &out, &err),
                     CRM_ENOTFOUND);
}

static void
sort_orders_mixed_types_like_mongodb(void **state)
{
    (void)state;
    load("srt", "[{\"_id\": 1},"
                "{\"_id\": 2, \"v\": null},"
                "{\"_id\": 3, \"v\": 3},"
                "{\"_id\": 4, \"v\": \"a\"},"
                "{\"_id\": 5, \"v\": {\"x\": 1}},"
                "{\"_id\": 6, \"v\": true},"
                "{\"_id\": 7, \"v\": 1.5},"
                "{\"_id\": 8, \"v\": {\"$numberLong\": \"-2\"}},"
                "{\"_id\": 9, \"v\": {\"$date\": \"2020-01-01T00:00:00Z\"}},"
                "{\"_id\": 10, \"v\": \"B\"},"
                "{\"_id\": 11, \"v\": {\"$oid\": \"5f0000000000000000000000\"}},"
                "{\"_id\": 12, \"v\": false}]");
    assert_string_equal(ids_opts("srt", NULL, "{\"v\": 1}", 0, 0), "1,2,8,7,3,10,4,5,11,12,6,9");
    assert_string_equal(ids_opts("srt", NULL, "{\"v\": -1}", 0, 0), "9,6,12,11,5,4,10,3,7,8,1,2");
    assert_string_equal(ids_opts("srt", "{\"v\": {\"$gte\": 0}}", "{\"v\": -1}", 0, 0), "3,7");
    assert_string_equal(ids_opts("srt", NULL, "{\"_id\": -1}", 0, 3), "12,11,10");
}

static void
pagination_over_equal_keys_covers_every_document_once(void **state)
{
    char json[64];
    int seen[26] = {0};
    char all[2048] = "";

    (void)state;
    for (int i = 1; i <= 25; i++) {
        snprintf(json, sizeof json, "[{\"_id\": %d, \"k\": %d}]", 26 - i, i % 3);
        load("page", json);
    }
    for (int skip = 0; skip < 25; skip += 7) {
        const char *page = ids_opts("page", NULL, "{\"k\": 1}", skip, 7);

        snprintf(all + strlen(all), sizeof all - strlen(all), "%s%s", all[0] ? "," : "", page);
    }
    for (char *p = strtok(all, ","); p; p = strtok(NULL, ","))
        seen[atoi(p)]++;
    for (int i = 1; i <= 25; i++)
        assert_int_equal(seen[i], 1);
    /* k = 0 first, ties by _id ascending */
    assert_string_equal(ids_opts("page", NULL, "{\"k\": 1}", 0, 3), "2,5,8");
    assert_string_equal(ids_opts("page", NULL, "{\"k\": -1}", 0, 3), "3,6,9");
}

/* ---- writing ---- */

static void
update_operators_apply_to_dotted_paths(void **state)
{
    crm_update_result_t r;
    crm_error_t err = {0};
    bson_t out;
    bson_iter_t it;
    char *json;

    (void)state;
    load("upd", "[{\"_id\": 1, \"n\": 1, \"d\": 1.5, \"tags\": [\"a\"], \"o\": {\"x\": 1}},"
                "{\"_id\": 2, \"n\": 5}, {\"_id\": 3, \"n\": 5}]");
    assert_int_equal(crm_store_update(S, "upd", J("{\"_id\": 1}"),
                                      J("{\"$set\": {\"o.y\": \"new\", \"p.q.r\": 1},"
                                        " \"$unset\": {\"o.x\": \"\"},"
                                        " \"$inc\": {\"n\": 2, \"d\": 1, \"c\": 3},"
                                        " \"$push\": {\"tags\": \"b\"}}"),
                                      0, &r, &err),
                     0);
    assert_int_equal(r.matched, 1);
    assert_int_equal(r.modified, 1);
    assert_false(r.upserted);
    assert_int_equal(crm_store_find_one(S, "upd", J("{\"_id\": 1}"), NULL, &out, &err), 0);
    json = bson_as_relaxed_extended_json(&out, NULL);
    assert_string_equal(json, "{ \"_id\" : 1, \"n\" : 3, \"d\" : 2.5, \"tags\" : [ \"a\", \"b\" ], "
                              "\"o\" : { \"y\" : \"new\" }, \"p\" : { \"q\" : { \"r\" : 1 } }, "
                              "\"c\" : 3 }");
    bson_free(json);
    bson_destroy(&out);
    ASSERT_IDS("upd", "{\"tags\": \"b\"}", "1");
    /* one, then many */
    assert_int_equal(
        crm_store_update(S, "upd", J("{\"n\": 5}"), J("{\"$inc\": {\"n\": 1}}"), 0, &r, &err), 0);
    assert_int_equal(r.matched, 1);
    ASSERT_IDS("upd", "{\"n\": 6}", "2");
    assert_int_equal(crm_store_update(S, "upd", J("{\"n\": {\"$gte\": 5}}"),
                                      J("{\"$set\": {\"m\": true}}"), CRM_UPDATE_MANY, &r, &err),
                     0);
    assert_int_equal(r.matched, 2);
    assert_int_equal(r.modified, 2);
    /* setting the same value matches without modifying */
    assert_int_equal(crm_store_update(S, "upd", J("{\"m\": true}"), J("{\"$set\": {\"m\": true}}"),
                                      CRM_UPDATE_MANY, &r, &err),
                     0);
    assert_int_equal(r.matched, 2);
    assert_int_equal(r.modified, 0);
    /* no match, no upsert */
    assert_int_equal(
        crm_store_update(S, "upd", J("{\"n\": 99}"), J("{\"$set\": {\"m\": 1}}"), 0, &r, &err), 0);
    assert_int_equal(r.matched, 0);
    assert_false(r.upserted);
    /* upsert: the filter's equalities plus the update */
    assert_int_equal(crm_store_update(S, "upd",
                                      J("{\"name\": \"z\", \"addr.city\": \"Oslo\","
                                        " \"age\": {\"$gt\": 3}, \"k\": {\"$eq\": 7}}"),
                                      J("{\"$inc\": {\"visits\": 1}}"), CRM_UPDATE_UPSERT, &r,
                                      &err),
                     0);
    assert_true(r.upserted);
    assert_int_equal(r.matched, 0);
    assert_int_equal(r.upserted_id.value_type, BSON_TYPE_OID);
    assert_int_equal(crm_store_find_one(S, "upd", J("{\"name\": \"z\"}"), NULL, &out, &err), 0);
    assert_true(bson_iter_init_find(&it, &out, "_id"));
    assert_true(bson_oid_equal(bson_iter_oid(&it), &r.upserted_id.value.v_oid));
    assert_true(bson_iter_init_find(&it, &out, "visits"));
    assert_int_equal(bson_iter_as_int64(&it), 1);
    assert_true(bson_iter_init_find(&it, &out, "k"));
    assert_int_equal(bson_iter_as_int64(&it), 7);
    assert_false(bson_iter_init_find(&it, &out, "age"));
    bson_value_destroy(&r.upserted_id);
    bson_destroy(&out);
    assert_int_equal(count("upd", "{\"addr.city\": \"Oslo\"}"), 1);
}

static void
insert_replace_delete_and_count(void **state)
{
    crm_error_t err = {0};
    bson_oid_t oid;
    bson_t out, *filter;
    bson_iter_t it;
    int64_t n = 0;

    (void)state;
    assert_int_equal(crm_store_insert(S, "crud", J("{\"a\": 1}"), &oid, &err), 0);
    filter = bson_new();
    BSON_APPEND_OID(filter, "_id", &oid);
    assert_int_equal(crm_store_find_one(S, "crud", filter, NULL, &out, &err), 0);
    assert_true(bson_iter_init_find(&it, &out, "a"));
    bson_destroy(&out);
    load("crud", "[{\"_id\": 1, \"a\": 1}, {\"_id\": 2, \"a\": 2}, {\"_id\": 3, \"a\": 2}]");
    assert_int_equal(crm_store_insert(S, "crud", J("{\"_id\": 1}"), NULL, &err), CRM_ECONFLICT);
    assert_int_equal(count("crud", NULL), 4);
    assert_int_equal(count("crud", "{\"a\": 2}"), 2);
    assert_int_equal(count("nothing_here", NULL), 0);
    assert_int_equal(crm_store_replace(S, "crud", J("{\"_id\": 2, \"b\": 5}"), &err), 0);
    ASSERT_IDS("crud", "{\"b\": 5, \"a\": {\"$exists\": false}}", "2");
    assert_int_equal(crm_store_replace(S, "crud", J("{\"_id\": 42, \"b\": 5}"), &err),
                     CRM_ENOTFOUND);
    assert_int_equal(crm_store_delete(S, "crud", J("{\"a\": {\"$gte\": 1}}"), false, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(count("crud", NULL), 3);
    assert_int_equal(crm_store_delete(S, "crud", NULL, true, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(count("crud", NULL), 0);
    bson_destroy(filter);
}

static void
unique_index_violations_are_conflicts_everywhere(void **state)
{
    const char *email[] = {"email", NULL};
    const char *other[] = {"name", NULL};
    const char *names[] = {"-name", "age", NULL};
    crm_index_t uniq = {sizeof uniq, "email", email, true, false, false};
    crm_index_t changed = {sizeof changed, "email", other, true, false, false};
    crm_index_t plain = {sizeof plain, "name_age", names, false, false, false};
    crm_error_t err = {0};
    const bson_t *batch[3];

    (void)state;
    assert_int_equal(crm_store_ensure_index(S, "uq", &uniq, &err), 0);
    assert_int_equal(crm_store_ensure_index(S, "uq", &uniq, &err), 0);
    assert_int_equal(crm_store_ensure_index(S, "uq", &plain, &err), 0);
    assert_int_equal(crm_store_ensure_index(S, "uq", &changed, &err), CRM_EINVAL);
    load("uq", "[{\"_id\": 1, \"email\": \"a@x\", \"name\": \"a\", \"age\": 1},"
               "{\"_id\": 2, \"email\": \"b@x\", \"name\": \"b\", \"age\": 2}]");
    memset(&err, 0, sizeof err);
    assert_int_equal(crm_store_insert(S, "uq", J("{\"_id\": 3, \"email\": \"a@x\"}"), NULL, &err),
                     CRM_ECONFLICT);
    assert_non_null(strstr(err.message, "email"));
    assert_int_equal(crm_store_update(S, "uq", J("{\"_id\": 2}"),
                                      J("{\"$set\": {\"email\": \"a@x\"}}"), 0, NULL, &err),
                     CRM_ECONFLICT);
    ASSERT_IDS("uq", "{\"email\": \"b@x\"}", "2");
    batch[0] = J("{\"_id\": 10, \"email\": \"c@x\"}");
    batch[1] = J("{\"_id\": 11, \"email\": \"d@x\"}");
    batch[2] = J("{\"_id\": 12, \"email\": \"c@x\"}");
    assert_int_equal(crm_store_insert_many(S, "uq", batch, 3, &err), CRM_ECONFLICT);
    assert_non_null(strstr(err.message, "2"));
    assert_int_equal(count("uq", NULL), 2);
    /* documents without the field stay out of a unique index: an optional field can be unique */
    assert_int_equal(crm_store_insert(S, "uq", J("{\"_id\": 30, \"name\": \"no mail\"}"), NULL,
                                      &err),
                     0);
    assert_int_equal(crm_store_insert(S, "uq", J("{\"_id\": 31, \"name\": \"none either\"}"),
                                      NULL, &err),
                     0);
    assert_int_equal(crm_store_delete(S, "uq", J("{\"_id\": {\"$in\": [30, 31]}}"), true, NULL,
                                      &err),
                     0);
    /* an index the existing data violates */
    {
        const char *age[] = {"age", NULL};
        crm_index_t bad = {sizeof bad, "age_unique", age, true, false, false};

        load("uq", "[{\"_id\": 20, \"email\": \"e@x\", \"age\": 1}]");
        assert_int_equal(crm_store_ensure_index(S, "uq", &bad, &err), CRM_ECONFLICT);
    }
    ASSERT_IDS("uq", "{\"name\": \"b\", \"age\": 2}", "2");
}

static void
insert_many_is_all_or_none(void **state)
{
    crm_error_t err = {0};
    const bson_t *docs[200];
    char json[64];

    (void)state;
    for (int i = 0; i < 200; i++) {
        snprintf(json, sizeof json, "{\"_id\": %d, \"i\": %d}", i < 199 ? i : 5, i);
        docs[i] = J(json);
    }
    assert_int_equal(crm_store_insert_many(S, "many", docs, 200, &err), CRM_ECONFLICT);
    assert_int_equal(count("many", NULL), 0);
    assert_int_equal(crm_store_insert_many(S, "many", docs, 199, &err), 0);
    assert_int_equal(count("many", NULL), 199);
    assert_int_equal(count("many", "{\"i\": {\"$gte\": 100}}"), 99);
}

/* ---- aggregate ---- */

/* The group whose _id (a string) is KEY in the results of PIPELINE, copied to OUT. */
static int
agg_rows(const char *coll, const char *pipeline, bson_t *rows, int max)
{
    crm_error_t err = {0};
    crm_cursor_t *c = crm_store_aggregate(S, coll, J(pipeline), &err);
    const bson_t *doc;
    int n = 0;

    if (!c)
        fail_msg("aggregate %s: %s", pipeline, err.message);
    while (crm_cursor_next(c, &doc)) {
        assert_true(n < max);
        bson_copy_to(doc, &rows[n++]);
    }
    assert_false(crm_cursor_error(c, &err));
    crm_cursor_destroy(c);
    return n;
}

static double
field_num(const bson_t *doc, const char *path)
{
    bson_iter_t it, f;

    assert_true(bson_iter_init(&it, doc));
    if (!bson_iter_find_descendant(&it, path, &f))
        fail_msg("no field %s", path);
    return bson_iter_as_double(&f);
}

static const char *
field_str(const bson_t *doc, const char *path)
{
    bson_iter_t it, f;

    assert_true(bson_iter_init(&it, doc));
    if (!bson_iter_find_descendant(&it, path, &f) || !BSON_ITER_HOLDS_UTF8(&f))
        return "(none)";
    return bson_iter_utf8(&f, NULL);
}

static void
aggregate_groups_with_each_accumulator(void **state)
{
    bson_t rows[8];
    bson_iter_t it, f;
    int n;

    (void)state;
    load("agg",
         "[{\"_id\": 1, \"city\": \"Oslo\", \"kind\": \"a\", \"amount\": 10, \"price\": 1.5},"
         "{\"_id\": 2, \"city\": \"Oslo\", \"kind\": \"b\", \"amount\": 20, \"price\": 2.5},"
         "{\"_id\": 3, \"city\": \"Rome\", \"kind\": \"a\", \"amount\": 5, \"price\": 4.0},"
         "{\"_id\": 4, \"city\": \"Oslo\", \"kind\": \"a\", \"amount\": {\"$numberLong\": "
         "\"3000000000\"}, \"price\": 0.5},"
         "{\"_id\": 5, \"kind\": \"b\", \"amount\": \"n/a\"}]");
    n = agg_rows("agg",
                 "{\"0\": {\"$match\": {\"city\": {\"$exists\": true}}},"
                 " \"1\": {\"$group\": {\"_id\": \"$city\", \"n\": {\"$sum\": 1},"
                 "  \"total\": {\"$sum\": \"$amount\"}, \"avg\": {\"$avg\": \"$price\"},"
                 "  \"lo\": {\"$min\": \"$price\"}, \"hi\": {\"$max\": \"$amount\"}}},"
                 " \"2\": {\"$sort\": {\"n\": -1}}}",
                 rows, 8);
    assert_int_equal(n, 2);
    assert_string_equal(field_str(&rows[0], "_id"), "Oslo");
    assert_int_equal((int64_t)field_num(&rows[0], "n"), 3);
    assert_true(bson_iter_init_find(&it, &rows[0], "total"));
    assert_true(BSON_ITER_HOLDS_INT32(&it) || BSON_ITER_HOLDS_INT64(&it));
    assert_int_equal(bson_iter_as_int64(&it), INT64_C(3000000030));
    assert_true(field_num(&rows[0], "avg") > 1.4999 && field_num(&rows[0], "avg") < 1.5001);
    assert_true(field_num(&rows[0], "lo") == 0.5);
    assert_int_equal((int64_t)field_num(&rows[0], "hi"), INT64_C(3000000000));
    assert_string_equal(field_str(&rows[1], "_id"), "Rome");
    assert_int_equal((int64_t)field_num(&rows[1], "total"), 5);
    for (int i = 0; i < n; i++)
        bson_destroy(&rows[i]);

    /* compound keys, sort on a key, limit */
    n = agg_rows("agg",
                 "{\"0\": {\"$group\": {\"_id\": {\"c\": \"$city\", \"k\": \"$kind\"},"
                 "  \"n\": {\"$sum\": 1}}},"
                 " \"1\": {\"$sort\": {\"_id.k\": -1, \"n\": -1}}, \"2\": {\"$limit\": 2}}",
                 rows, 8);
    assert_int_equal(n, 2);
    for (int i = 0; i < n; i++) {
        assert_string_equal(field_str(&rows[i], "_id.k"), "b");
        assert_int_equal((int64_t)field_num(&rows[i], "n"), 1);
    }
    for (int i = 0; i < n; i++)
        bson_destroy(&rows[i]);

    /* one group over everything; a sum over no numbers is 0 */
    n = agg_rows("agg",
                 "{\"0\": {\"$group\": {\"_id\": null, \"n\": {\"$sum\": 1},"
                 "  \"none\": {\"$sum\": \"$missing\"}, \"avg\": {\"$avg\": \"$amount\"}}}}",
                 rows, 8);
    assert_int_equal(n, 1);
    assert_true(bson_iter_init_find(&it, &rows[0], "_id") && BSON_ITER_HOLDS_NULL(&it));
    assert_int_equal((int64_t)field_num(&rows[0], "n"), 5);
    assert_int_equal((int64_t)field_num(&rows[0], "none"), 0);
    assert_true(bson_iter_init_find(&f, &rows[0], "avg") && BSON_ITER_HOLDS_DOUBLE(&f));
    assert_true(bson_iter_double(&f) > 750000008.0 && bson_iter_double(&f) < 750000009.0);
    bson_destroy(&rows[0]);

    /* an empty collection has no groups; refused pipelines */
    n = agg_rows("agg_empty", "{\"0\": {\"$group\": {\"_id\": null, \"n\": {\"$sum\": 1}}}}", rows,
                 8);
    assert_int_equal(n, 0);
    {
        crm_error_t err = {0};
        static const char *const bad[] = {
            "{\"0\": {\"$match\": {}}}",
            "{\"0\": {\"$group\": {\"_id\": null, \"x\": {\"$push\": \"$a\"}}}}",
            "{\"0\": {\"$group\": {\"_id\": null}}, \"1\": {\"$match\": {}}}",
            "{\"0\": {\"$project\": {\"a\": 1}}}",
            "{\"0\": {\"$group\": {\"_id\": null}}, \"1\": {\"$limit\": -1}}",
        };

        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            assert_null(crm_store_aggregate(S, "agg", J(bad[i]), &err));
            assert_int_equal(err.code, CRM_EINVAL);
        }
    }
}

/* The groups of PIPELINE as "key:n,key:n" with datetimes as YYYY-MM-DD and N the output "n";
 * KEY is _id, or _id.K when K is not NULL. */
static void
agg_summary(const char *coll, const char *pipeline, const char *k, char *out, size_t size)
{
    bson_t rows[16];
    int n = agg_rows(coll, pipeline, rows, 16);

    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        bson_iter_t it, f;
        char key[32] = "?";
        char path[16];

        snprintf(path, sizeof path, "%s%s", k ? "_id." : "_id", k ? k : "");
        assert_true(bson_iter_init(&it, &rows[i]));
        if (bson_iter_find_descendant(&it, path, &f)) {
            if (BSON_ITER_HOLDS_DATE_TIME(&f)) {
                time_t t = (time_t)(bson_iter_date_time(&f) / 1000);
                struct tm tm;

                gmtime_r(&t, &tm);
                strftime(key, sizeof key, "%Y-%m-%d", &tm);
                if (bson_iter_date_time(&f) % 86400000 != 0)
                    snprintf(key, sizeof key, "not-midnight");
            } else if (BSON_ITER_HOLDS_NULL(&f)) {
                snprintf(key, sizeof key, "null");
            } else if (BSON_ITER_HOLDS_UTF8(&f)) {
                snprintf(key, sizeof key, "%s", bson_iter_utf8(&f, NULL));
            }
        }
        snprintf(out + strlen(out), size - strlen(out), "%s%s:%d", i ? "," : "", key,
                 (int)field_num(&rows[i], "n"));
        bson_destroy(&rows[i]);
    }
}

/* Group by week, across a year end, around a leap day; the other units. */
static void
aggregate_truncates_dates_in_utc_with_monday_weeks(void **state)
{
    static const struct {
        const char *unit, *want;
    } cases[] = {
        {"day", "null:1,2020-02-29:1,2020-03-01:1,2020-12-31:1,2021-01-03:1,2021-01-04:1"},
        {"week", "null:1,2020-02-24:2,2020-12-28:2,2021-01-04:1"},
        {"month", "null:1,2020-02-01:1,2020-03-01:1,2020-12-01:1,2021-01-01:2"},
        {"quarter", "null:1,2020-01-01:2,2020-10-01:1,2021-01-01:2"},
        {"year", "null:1,2020-01-01:3,2021-01-01:2"},
    };
    char got[512], pipeline[512];

    (void)state;
    load("dt", "[{\"_id\": 1, \"d\": {\"$date\": \"2020-02-29T13:00:00Z\"}, \"k\": \"a\"},"
               "{\"_id\": 2, \"d\": {\"$date\": \"2020-12-31T23:59:59.999Z\"}, \"k\": \"a\"},"
               "{\"_id\": 3, \"d\": {\"$date\": \"2021-01-03T10:00:00Z\"}, \"k\": \"b\"},"
               "{\"_id\": 4, \"d\": {\"$date\": \"2021-01-04T00:00:00Z\"}, \"k\": \"b\"},"
               "{\"_id\": 5, \"k\": \"b\"},"
               "{\"_id\": 6, \"d\": {\"$date\": \"2020-03-01T00:00:00Z\"}, \"k\": \"a\"}]");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(pipeline, sizeof pipeline,
                 "{\"0\": {\"$group\": {\"_id\": {\"$dateTrunc\": {\"date\": \"$d\", \"unit\": "
                 "\"%s\"}}, \"n\": {\"$sum\": 1}}}, \"1\": {\"$sort\": {\"_id\": 1}}}",
                 cases[i].unit);
        agg_summary("dt", pipeline, NULL, got, sizeof got);
        assert_string_equal(got, cases[i].want);
    }
    /* inside a compound key, after a $match on the dates */
    agg_summary("dt",
                "{\"0\": {\"$match\": {\"d\": {\"$gte\": {\"$date\": \"2020-12-01T00:00:00Z\"}}}},"
                " \"1\": {\"$group\": {\"_id\": {\"k\": \"$k\", \"w\": {\"$dateTrunc\": {\"date\":"
                " \"$d\", \"unit\": \"week\"}}}, \"n\": {\"$sum\": 1}}},"
                " \"2\": {\"$sort\": {\"_id.w\": 1, \"_id.k\": 1}}}",
                "w", got, sizeof got);
    assert_string_equal(got, "2020-12-28:1,2020-12-28:1,2021-01-04:1");
    {
        crm_error_t err = {0};
        static const char *const bad[] = {
            "{\"0\": {\"$group\": {\"_id\": {\"$dateTrunc\": {\"date\": \"$d\", \"unit\": "
            "\"hour\"}}}}}",
            "{\"0\": {\"$group\": {\"_id\": {\"$dateTrunc\": {\"date\": \"d\", \"unit\": "
            "\"day\"}}}}}",
            "{\"0\": {\"$group\": {\"_id\": {\"$dateTrunc\": {\"date\": \"$d\"}}}}}",
            "{\"0\": {\"$group\": {\"_id\": {\"$dateTrunc\": {\"date\": \"$d\", \"unit\": "
            "\"day\", \"timezone\": \"Europe/Warsaw\"}}}}}",
            "{\"0\": {\"$group\": {\"_id\": {\"k\": {\"$year\": \"$d\"}}}}}",
            "{\"0\": {\"$group\": {\"_id\": null, \"n\": {\"$countDistinct\": 1}}}}",
        };

        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            assert_null(crm_store_aggregate(S, "dt", J(bad[i]), &err));
            assert_int_equal(err.code, CRM_EINVAL);
        }
    }
}

/* $countDistinct counts distinct values (1 and 1.0 are one), ignoring null and missing. */
static void
aggregate_counts_distinct_values_without_null(void **state)
{
    char got[256];

    (void)state;
    load("cd", "[{\"_id\": 1, \"k\": \"a\", \"c\": \"x\"}, {\"_id\": 2, \"k\": \"a\", \"c\": \"y\"},"
               "{\"_id\": 3, \"k\": \"a\", \"c\": 1}, {\"_id\": 4, \"k\": \"a\", \"c\": 1.0},"
               "{\"_id\": 5, \"k\": \"b\", \"c\": \"x\"}, {\"_id\": 6, \"k\": \"b\", \"c\": null},"
               "{\"_id\": 7, \"k\": \"b\"}, {\"_id\": 8, \"k\": \"c\"}]");
    agg_summary("cd",
                "{\"0\": {\"$group\": {\"_id\": \"$k\", \"n\": {\"$countDistinct\": \"$c\"}}},"
                " \"1\": {\"$sort\": {\"n\": -1, \"_id\": 1}}}",
                NULL, got, sizeof got);
    assert_string_equal(got, "a:3,b:1,c:0");
    agg_summary("cd", "{\"0\": {\"$group\": {\"_id\": null, \"n\": {\"$countDistinct\": \"$c\"}}}}",
                NULL, got, sizeof got);
    assert_string_equal(got, "null:3");
}

/* A "$path" key puts null and missing in one group, a compound key keeps them apart; a sum
 * of integers past 64 bits goes on as a double; $sum and $avg skip what is not a number. */
static void
aggregate_groups_null_with_missing_and_sums_past_64_bits(void **state)
{
    bson_t rows[8];
    bson_iter_t it;
    char got[256];
    int n;

    (void)state;
    load("nm", "[{\"_id\": 1, \"k\": null, \"v\": {\"$numberLong\": \"9223372036854775807\"}},"
               "{\"_id\": 2, \"v\": 1}, {\"_id\": 3, \"k\": \"a\", \"v\": 2},"
               "{\"_id\": 4, \"k\": \"a\", \"v\": 2.5}, {\"_id\": 5, \"k\": \"a\", \"v\": \"x\"}]");
    agg_summary("nm",
                "{\"0\": {\"$group\": {\"_id\": \"$k\", \"n\": {\"$sum\": 1}}},"
                " \"1\": {\"$sort\": {\"_id\": 1}}}",
                NULL, got, sizeof got);
    assert_string_equal(got, "null:2,a:3");
    n = agg_rows("nm",
                 "{\"0\": {\"$group\": {\"_id\": \"$k\", \"s\": {\"$sum\": \"$v\"},"
                 "  \"avg\": {\"$avg\": \"$v\"}}}, \"1\": {\"$sort\": {\"_id\": 1}}}",
                 rows, 8);
    assert_int_equal(n, 2);
    assert_true(bson_iter_init_find(&it, &rows[0], "s") && BSON_ITER_HOLDS_DOUBLE(&it));
    assert_true(bson_iter_double(&it) == 9223372036854775808.0);
    assert_true(bson_iter_init_find(&it, &rows[1], "s") && BSON_ITER_HOLDS_DOUBLE(&it));
    assert_true(bson_iter_double(&it) == 4.5);
    assert_true(field_num(&rows[1], "avg") == 2.25);
    for (int i = 0; i < n; i++)
        bson_destroy(&rows[i]);
    n = agg_rows("nm",
                 "{\"0\": {\"$group\": {\"_id\": {\"k\": \"$k\"}, \"n\": {\"$sum\": 1}}}}",
                 rows, 8);
    assert_int_equal(n, 3);
    for (int i = 0; i < n; i++)
        bson_destroy(&rows[i]);
}

/* ---- transactions ---- */

static int
txn_insert(crm_store_t *store, void *data, crm_error_t *error)
{
    int rc;

    assert_true(crm_store_in_transaction(store));
    rc = crm_store_insert(store, "txn", J("{\"k\": 1}"), NULL, error);
    if (rc)
        return rc;
    return data ? crm_error_set(error, CRM_EVALIDATION, "callback refused") : 0;
}

static int
txn_nested(crm_store_t *store, void *data, crm_error_t *error)
{
    int rc = crm_store_insert(store, "txn", J("{\"k\": 2}"), NULL, error);

    if (rc)
        return rc;
    rc = crm_store_transaction(store, txn_insert, data, error);
    (void)rc; /* the outer callback ignores the inner failure: the whole still rolls back */
    return 0;
}

static void
transactions_commit_roll_back_and_nest(void **state)
{
    crm_error_t err = {0};
    int rc;

    (void)state;
    assert_false(crm_store_in_transaction(S));
    rc = crm_store_transaction(S, txn_insert, NULL, &err);
    if (rc == CRM_EUNAVAIL && !strcmp(crm_store_driver(S), "mongodb"))
        skip();
    assert_int_equal(rc, 0);
    assert_int_equal(count("txn", NULL), 1);
    assert_int_equal(crm_store_transaction(S, txn_insert, (void *)1, &err), CRM_EVALIDATION);
    assert_string_equal(err.message, "callback refused");
    assert_int_equal(count("txn", NULL), 1);
    assert_false(crm_store_in_transaction(S));
    assert_int_equal(crm_store_transaction(S, txn_nested, NULL, &err), 0);
    assert_int_equal(count("txn", NULL), 3);
    assert_int_not_equal(crm_store_transaction(S, txn_nested, (void *)1, &err), 0);
    assert_int_equal(count("txn", NULL), 3);
    assert_false(crm_store_in_transaction(S));
}

/* ---- threads ---- */

#define WRITERS 4
#define PER_WRITER 300

static void *
writer(void *arg)
{
    long id = (long)arg;
    long failures = 0;

    for (int i = 0; i < PER_WRITER; i++) {
        bson_t *doc = BCON_NEW("w", BCON_INT64(id), "i", BCON_INT32(i));
        crm_error_t err = {0};

        if (crm_store_insert(S, "conc", doc, NULL, &err) != 0) {
            fprintf(stderr, "writer %ld: %s\n", id, err.message);
            failures++;
        }
        bson_destroy(doc);
    }
    return (void *)failures;
}

static void
concurrent_writers_lose_nothing(void **state)
{
    pthread_t t[WRITERS];

    (void)state;
    for (long i = 0; i < WRITERS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, writer, (void *)i), 0);
    for (int i = 0; i < WRITERS; i++) {
        void *failures;

        pthread_join(t[i], &failures);
        assert_int_equal((long)failures, 0);
    }
    assert_int_equal(count("conc", NULL), WRITERS * PER_WRITER);
    assert_int_equal(count("conc", "{\"w\": 2}"), PER_WRITER);
}

/* ---- drivers ---- */

static int
sqlite_setup(void **state)
{
    crm_error_t err = {0};

    (void)state;
    snprintf(db_path, sizeof db_path, "/tmp/crm-store-conformance-%d-%ld.db", (int)getpid(),
             (long)time(NULL));
    S = crm_store_open("sqlite", db_path, NULL, &err);
    if (!S)
        fprintf(stderr, "sqlite open: %s\n", err.message);
    return S ? 0 : -1;
}

static int
sqlite_teardown(void **state)
{
    char path[300];

    (void)state;
    crm_store_close(S);
    S = NULL;
    unlink(db_path);
    snprintf(path, sizeof path, "%s-wal", db_path);
    unlink(path);
    snprintf(path, sizeof path, "%s-shm", db_path);
    unlink(path);
    return 0;
}

static int
mongodb_setup(void **state)
{
    crm_error_t err = {0};

    (void)state;
    snprintf(mongo_db, sizeof mongo_db, "crm_conformance_%d_%ld", (int)getpid(), (long)time(NULL));
    S = crm_store_open("mongodb", getenv("CRM_TEST_MONGODB_URI"), mongo_db, &err);
    if (!S)
        fprintf(stderr, "mongodb open: %s\n", err.message);
    return S ? 0 : -1;
}

static int
mongodb_teardown(void **state)
{
    (void)state;
    crm_store_close(S);
    S = NULL;
    test_mongodb_drop(getenv("CRM_TEST_MONGODB_URI"), mongo_db);
    return 0;
}

#define CASE(fn) cmocka_unit_test_teardown(fn, free_pool)

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        CASE(comparison_operators_follow_mongodb_semantics),
        CASE(null_matches_missing_and_exists_tells_them_apart),
        CASE(prefix_regex_matches_strings_only),
        CASE(arrays_match_when_any_element_matches),
        CASE(text_search_requires_every_word_and_follows_writes),
        CASE(text_order_pages_every_match_once),
        CASE(refused_filters_are_einval_and_change_nothing),
        CASE(refused_updates_and_names_are_einval_and_change_nothing),
        CASE(projection_keeps_or_drops_the_named_fields),
        CASE(sort_orders_mixed_types_like_mongodb),
        CASE(pagination_over_equal_keys_covers_every_document_once),
        CASE(update_operators_apply_to_dotted_paths),
        CASE(insert_replace_delete_and_count),
        CASE(unique_index_violations_are_conflicts_everywhere),
        CASE(insert_many_is_all_or_none),
        CASE(aggregate_groups_with_each_accumulator),
        CASE(aggregate_truncates_dates_in_utc_with_monday_weeks),
        CASE(aggregate_counts_distinct_values_without_null),
        CASE(aggregate_groups_null_with_missing_and_sums_past_64_bits),
        CASE(indexed_arrays_find_documents_by_any_element),
        CASE(transactions_commit_roll_back_and_nest),
        CASE(concurrent_writers_lose_nothing),
    };

    /* One driver per run: `test_store_conformance [sqlite|mongodb]` (ctest runs both). */
    if (argc > 1 && strcmp(argv[1], "mongodb") == 0) {
        if (!getenv("CRM_TEST_MONGODB_URI") || !*getenv("CRM_TEST_MONGODB_URI")) {
            printf("store conformance: mongodb driver SKIPPED (set CRM_TEST_MONGODB_URI to run it)\n");
            return TEST_SKIPPED;
        }
        return cmocka_run_group_tests_name("store conformance: mongodb", tests, mongodb_setup,
                                           mongodb_teardown);
    }
    return cmocka_run_group_tests_name("store conformance: sqlite", tests, sqlite_setup,
                                       sqlite_teardown);
}
