/* The pure half of the MongoDB driver: builds the options, filters, index specifications and
 * pipelines sent to libmongoc from the store's arguments, normalises aggregation results and
 * maps libmongoc errors to CRM_E* codes. Nothing here talks to a server, so all of it is unit
 * tested (tests/unit/test_store_mongodb_internal.c). */
#include "store/store-mongodb-private.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Server error codes the mapping cares about. */
enum {
    MONGO_DUPLICATE_KEY = 11000,
    MONGO_DUPLICATE_KEY_LEGACY = 11001,
    MONGO_WRITE_CONFLICT = 112,
    MONGO_INDEX_OPTIONS_CONFLICT = 85,
};

/* Server codes that mean "the deployment cannot serve this now" (shutdown, failover, network). */
static const int32_t unavailable_codes[] = {
    6,     /* HostUnreachable */
    7,     /* HostNotFound */
    89,    /* NetworkTimeout */
    91,    /* ShutdownInProgress */
    189,   /* PrimarySteppedDown */
    10107, /* NotWritablePrimary */
    11600, /* InterruptedAtShutdown */
    11602, /* InterruptedDueToReplStateChange */
    13435, /* NotPrimaryNoSecondaryOk */
    13436, /* NotPrimaryOrSecondary */
};

void
crm__mongo_sort_build(const bson_t *sort, bson_t *out)
{
    bson_iter_t it;
    bool has_id = false;

    bson_init(out);
    if (sort && bson_iter_init_find(&it, sort, "$text")) {
        /* the text search's order: its score, best first */
        bson_t meta;

        BSON_APPEND_DOCUMENT_BEGIN(out, "score", &meta);
        BSON_APPEND_UTF8(&meta, "$meta", "textScore");
        bson_append_document_end(out, &meta);
    } else if (sort && bson_iter_init(&it, sort)) {
        while (bson_iter_next(&it)) {
            if (strcmp(bson_iter_key(&it), "_id") == 0)
                has_id = true;
            bson_append_iter(out, bson_iter_key(&it), -1, &it);
        }
    }
    if (!has_id)
        BSON_APPEND_INT32(out, "_id", 1);
}

void
crm__mongo_find_opts_build(const crm_find_opts_t *opts, bson_t *out)
{
    bson_t sort;

    bson_init(out);
    if (opts && opts->projection && !bson_empty(opts->projection))
        BSON_APPEND_DOCUMENT(out, "projection", opts->projection);
    crm__mongo_sort_build(opts ? opts->sort : NULL, &sort);
    BSON_APPEND_DOCUMENT(out, "sort", &sort);
    bson_destroy(&sort);
    if (opts && opts->skip > 0)
        BSON_APPEND_INT64(out, "skip", opts->skip);
    if (opts && opts->limit > 0)
        BSON_APPEND_INT64(out, "limit", opts->limit);
}

char *
crm__mongo_text_search_rewrite(const char *search)
{
    bson_string_t *s = bson_string_new("");
    const char *p = search ? search : "";

    while (*p) {
        const char *start;

        while (*p && isspace((unsigned char)*p))
            p++;
        start = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        if (p == start)
            break;
        /* One word: quote it, dropping any quote characters it carries. */
        bool opened = false;
        for (const char *q = start; q < p; q++) {
            if (*q == '"')
                continue;
            if (!opened) {
                bson_string_append(s, s->len ? " \"" : "\"");
                opened = true;
            }
            bson_string_append_c(s, *q);
        }
        if (opened)
            bson_string_append_c(s, '"');
    }
    return bson_string_free(s, false);
}

/* Appends a copy of the $text operator document TEXT under "$text" with $search rewritten. */
static void
append_text(bson_t *out, bson_iter_t *text)
{
    bson_iter_t it;
    bson_t child;

    bson_append_document_begin(out, "$text", 5, &child);
    if (bson_iter_recurse(text, &it)) {
        while (bson_iter_next(&it)) {
            if (strcmp(bson_iter_key(&it), "$search") == 0 && BSON_ITER_HOLDS_UTF8(&it)) {
                char *search = crm__mongo_text_search_rewrite(bson_iter_utf8(&it, NULL));

                BSON_APPEND_UTF8(&child, "$search", search);
                bson_free(search);
            } else {
                bson_append_iter(&child, bson_iter_key(&it), -1, &it);
            }
        }
    }
    bson_append_document_end(out, &child);
}

void
crm__mongo_filter_build(const bson_t *filter, bson_t *out)
{
    bson_iter_t it;

    bson_init(out);
    if (!filter || !bson_iter_init(&it, filter))
        return;
    while (bson_iter_next(&it)) {
        if (strcmp(bson_iter_key(&it), "$text") == 0 && BSON_ITER_HOLDS_DOCUMENT(&it))
            append_text(out, &it);
        else
            bson_append_iter(out, bson_iter_key(&it), -1, &it);
    }
}

int
crm__mongo_index_build(const crm_index_t *index, bson_t *out, crm_error_t *error)
{
    bson_t key;

    bson_init(out);
    if (!index || !index->name || !index->name[0] || !index->fields || !index->fields[0])
        return crm_error_set(error, CRM_EINVAL, "an index needs a name and at least one field");
    bson_init(&key);
    for (size_t i = 0; index->fields[i]; i++) {
        const char *field = index->fields[i];

        if (index->text)
            BSON_APPEND_UTF8(&key, field[0] == '-' ? field + 1 : field, "text");
        else if (field[0] == '-')
            BSON_APPEND_INT32(&key, field + 1, -1);
        else
            BSON_APPEND_INT32(&key, field, 1);
    }
    BSON_APPEND_DOCUMENT(out, "key", &key);
    bson_destroy(&key);
    BSON_APPEND_UTF8(out, "name", index->name);
    if (index->unique) {
        /* Documents with none of the fields stay out of a unique index, as with SQLite. */
        BSON_APPEND_BOOL(out, "unique", true);
        BSON_APPEND_BOOL(out, "sparse", true);
    }
    if (index->text)
        BSON_APPEND_UTF8(out, "default_language", "english");
    return 0;
}

/* Appends under KEY the group key expression at IT, with "$path" made {"$ifNull": ["$path",
 * null]} so that a missing field gives a null key part instead of dropping it. */
static void
append_group_key_part(bson_t *out, const char *key, bson_iter_t *it)
{
    bson_t wrap, args;
    bson_iter_t d, a;

    if (BSON_ITER_HOLDS_DOCUMENT(it) && bson_iter_recurse(it, &d) && bson_iter_next(&d) &&
        !strcmp(bson_iter_key(&d), "$dateTrunc") && bson_iter_recurse(&d, &a)) {
        /* In UTC, weeks from Monday: what the SQLite driver's crm_group() computes. */
        bson_append_document_begin(out, key, -1, &wrap);
        bson_append_document_begin(&wrap, "$dateTrunc", 10, &args);
        while (bson_iter_next(&a))
            bson_append_iter(&args, bson_iter_key(&a), -1, &a);
        BSON_APPEND_UTF8(&args, "timezone", "UTC");
        BSON_APPEND_UTF8(&args, "startOfWeek", "monday");
        bson_append_document_end(&wrap, &args);
        bson_append_document_end(out, &wrap);
        return;
    }
    if (!BSON_ITER_HOLDS_UTF8(it) || bson_iter_utf8(it, NULL)[0] != '$') {
        bson_append_iter(out, key, -1, it);
        return;
    }
    bson_append_document_begin(out, key, -1, &wrap);
    bson_append_array_begin(&wrap, "$ifNull", 7, &args);
    BSON_APPEND_UTF8(&args, "0", bson_iter_utf8(it, NULL));
    BSON_APPEND_NULL(&args, "1");
    bson_append_array_end(&wrap, &args);
    bson_append_document_end(out, &wrap);
}

/* True when the accumulator document at IT is {"$countDistinct": "$path"}; *REF gets the path. */
static bool
is_count_distinct(const bson_iter_t *it, const char **ref)
{
    bson_iter_t acc;

    if (!BSON_ITER_HOLDS_DOCUMENT(it) || !bson_iter_recurse(it, &acc) || !bson_iter_next(&acc) ||
        strcmp(bson_iter_key(&acc), "$countDistinct") != 0 || !BSON_ITER_HOLDS_UTF8(&acc))
        return false;
    *ref = bson_iter_utf8(&acc, NULL);
    return true;
}

/* Appends a copy of the $group stage body at IT with its _id key expression normalised and
 * each $countDistinct made an $addToSet (sized by append_count_distinct()). */
static void
append_group(bson_t *out, bson_iter_t *group)
{
    bson_iter_t it, part;
    bson_t body, key, acc;
    const char *ref;

    bson_append_document_begin(out, "$group", 6, &body);
    if (bson_iter_recurse(group, &it)) {
        while (bson_iter_next(&it)) {
            if (strcmp(bson_iter_key(&it), "_id") != 0 && is_count_distinct(&it, &ref)) {
                bson_append_document_begin(&body, bson_iter_key(&it), -1, &acc);
                BSON_APPEND_UTF8(&acc, "$addToSet", ref);
                bson_append_document_end(&body, &acc);
            } else if (strcmp(bson_iter_key(&it), "_id") != 0) {
                bson_append_iter(&body, bson_iter_key(&it), -1, &it);
            } else if (BSON_ITER_HOLDS_DOCUMENT(&it) && bson_iter_recurse(&it, &part) &&
                       bson_iter_next(&part) && strcmp(bson_iter_key(&part), "$dateTrunc") != 0 &&
                       bson_iter_recurse(&it, &part)) {
                bson_append_document_begin(&body, "_id", 3, &key);
                while (bson_iter_next(&part))
                    append_group_key_part(&key, bson_iter_key(&part), &part);
                bson_append_document_end(&body, &key);
            } else {
                append_group_key_part(&body, "_id", &it);
            }
        }
    }
    bson_append_document_end(out, &body);
}

/* Appends, as element number *N of OUT, an $addFields stage turning each $countDistinct set of
 * the $group at GROUP into its size (null left out, as the SQLite driver's COUNT ignores it);
 * nothing when the group has none. */
static void
append_count_distinct(bson_t *out, uint32_t *n, bson_iter_t *group)
{
    char buf[16];
    const char *key, *ref;
    bson_iter_t it;
    bson_t stage, fields, size, diff, args, nulls;
    bool any = false;

    if (!bson_iter_recurse(group, &it))
        return;
    bson_init(&fields);
    while (bson_iter_next(&it)) {
        if (strcmp(bson_iter_key(&it), "_id") == 0 || !is_count_distinct(&it, &ref))
            continue;
        any = true;
        bson_append_document_begin(&fields, bson_iter_key(&it), -1, &size);
        bson_append_document_begin(&size, "$size", 5, &diff);
        bson_append_array_begin(&diff, "$setDifference", 14, &args);
        bson_string_t *self = bson_string_new("$");
        bson_string_append(self, bson_iter_key(&it));
        BSON_APPEND_UTF8(&args, "0", self->str);
        bson_string_free(self, true);
        bson_append_array_begin(&args, "1", 1, &nulls);
        BSON_APPEND_NULL(&nulls, "0");
        bson_append_array_end(&args, &nulls);
        bson_append_array_end(&diff, &args);
        bson_append_document_end(&size, &diff);
        bson_append_document_end(&fields, &size);
    }
    if (any) {
        bson_uint32_to_string((*n)++, &key, buf, sizeof buf);
        bson_append_document_begin(out, key, -1, &stage);
        BSON_APPEND_DOCUMENT(&stage, "$addFields", &fields);
        bson_append_document_end(out, &stage);
    }
    bson_destroy(&fields);
}

/* Appends {"$sort": SORT-with-_id-tie-breaker} as element number *N of the pipeline OUT. */
static void
append_sort_stage(bson_t *out, uint32_t *n, const bson_t *sort)
{
    char buf[16];
    const char *key;
    bson_t stage, full;

    bson_uint32_to_string((*n)++, &key, buf, sizeof buf);
    crm__mongo_sort_build(sort, &full);
    bson_append_document_begin(out, key, -1, &stage);
    BSON_APPEND_DOCUMENT(&stage, "$sort", &full);
    bson_append_document_end(out, &stage);
    bson_destroy(&full);
}

void
crm__mongo_pipeline_build(const bson_t *pipeline, bson_t *out)
{
    bson_iter_t it, op;
    bool sorted = false;
    uint32_t n = 0;

    bson_init(out);
    if (pipeline && bson_iter_init(&it, pipeline)) {
        while (bson_iter_next(&it)) {
            char buf[16];
            const char *key, *name;
            bson_t stage, filter, sort;

            if (!BSON_ITER_HOLDS_DOCUMENT(&it) || !bson_iter_recurse(&it, &op) ||
                !bson_iter_next(&op))
                continue;
            name = bson_iter_key(&op);
            if (strcmp(name, "$sort") == 0 && BSON_ITER_HOLDS_DOCUMENT(&op)) {
                uint32_t len;
                const uint8_t *data;

                bson_iter_document(&op, &len, &data);
                if (bson_init_static(&sort, data, len))
                    append_sort_stage(out, &n, &sort);
                sorted = true;
                continue;
            }
            if (strcmp(name, "$limit") == 0 && !sorted) {
                append_sort_stage(out, &n, NULL);
                sorted = true;
            }
            bson_uint32_to_string(n++, &key, buf, sizeof buf);
            bson_append_document_begin(out, key, -1, &stage);
            if (strcmp(name, "$match") == 0 && BSON_ITER_HOLDS_DOCUMENT(&op)) {
                uint32_t len;
                const uint8_t *data;
                bson_t match;

                bson_iter_document(&op, &len, &data);
                if (bson_init_static(&match, data, len)) {
                    crm__mongo_filter_build(&match, &filter);
                    BSON_APPEND_DOCUMENT(&stage, "$match", &filter);
                    bson_destroy(&filter);
                }
            } else if (strcmp(name, "$group") == 0 && BSON_ITER_HOLDS_DOCUMENT(&op)) {
                append_group(&stage, &op);
            } else {
                bson_append_iter(&stage, name, -1, &op);
            }
            bson_append_document_end(out, &stage);
            if (strcmp(name, "$group") == 0 && BSON_ITER_HOLDS_DOCUMENT(&op))
                append_count_distinct(out, &n, &op);
        }
    }
    if (!sorted)
        append_sort_stage(out, &n, NULL);
}

void
crm__mongo_group_normalise(const bson_t *doc, bson_t *out)
{
    bson_iter_t it;

    bson_init(out);
    if (!bson_iter_init(&it, doc))
        return;
    while (bson_iter_next(&it)) {
        if (BSON_ITER_HOLDS_INT32(&it) && strcmp(bson_iter_key(&it), "_id") != 0)
            BSON_APPEND_INT64(out, bson_iter_key(&it), bson_iter_int32(&it));
        else
            bson_append_iter(out, bson_iter_key(&it), -1, &it);
    }
}

/* Copies into BUF (of SIZE bytes) the index name that follows "index: " in a duplicate key
 * message, or "unknown" when the message has none. */
static void
duplicate_index_name(const char *msg, char *buf, size_t size)
{
    const char *p = msg ? strstr(msg, "index: ") : NULL;
    size_t n = 0;

    if (p) {
        p += strlen("index: ");
        while (p[n] && !isspace((unsigned char)p[n]) && n + 1 < size)
            n++;
        memcpy(buf, p, n);
    }
    buf[n] = '\0';
    if (n == 0)
        snprintf(buf, size, "unknown");
}

/* Reads the first entry of REPLY's writeErrors into *CODE, *INDEX and *MSG. Returns false when
 * REPLY carries none. */
static bool
first_write_error(const bson_t *reply, int32_t *code, int64_t *index, const char **msg)
{
    bson_iter_t it, arr, entry;

    if (!reply || !bson_iter_init_find(&it, reply, "writeErrors") || !BSON_ITER_HOLDS_ARRAY(&it) ||
        !bson_iter_recurse(&it, &arr) || !bson_iter_next(&arr) || !BSON_ITER_HOLDS_DOCUMENT(&arr) ||
        !bson_iter_recurse(&arr, &entry))
        return false;
    while (bson_iter_next(&entry)) {
        const char *key = bson_iter_key(&entry);

        if (strcmp(key, "code") == 0 && BSON_ITER_HOLDS_NUMBER(&entry))
            *code = (int32_t)bson_iter_as_int64(&entry);
        else if (strcmp(key, "index") == 0 && BSON_ITER_HOLDS_NUMBER(&entry))
            *index = bson_iter_as_int64(&entry);
        else if (strcmp(key, "errmsg") == 0 && BSON_ITER_HOLDS_UTF8(&entry))
            *msg = bson_iter_utf8(&entry, NULL);
    }
    return true;
}

int
crm__mongo_error_map(const bson_error_t *err, const bson_t *reply, const char *what,
                     crm_error_t *error)
{
    int32_t code = 0;
    int64_t index = -1;
    const char *msg = err ? err->message : "";
    char name[96];

    if (!what)
        what = "mongodb";
    if (!first_write_error(reply, &code, &index, &msg) && err &&
        (err->domain == MONGOC_ERROR_SERVER || err->domain == MONGOC_ERROR_WRITE_CONCERN ||
         err->domain == MONGOC_ERROR_QUERY))
        code = (int32_t)err->code;
    if (!msg)
        msg = "";

    if (code == MONGO_DUPLICATE_KEY || code == MONGO_DUPLICATE_KEY_LEGACY) {
        duplicate_index_name(msg, name, sizeof name);
        if (index >= 0)
            return crm_error_set(error, CRM_ECONFLICT,
                                 "%s: document %lld: duplicate key in unique index %s", what,
                                 (long long)index, name);
        return crm_error_set(error, CRM_ECONFLICT, "%s: duplicate key in unique index %s", what,
                             name);
    }
    if (code == MONGO_WRITE_CONFLICT)
        return crm_error_set(error, CRM_ECONFLICT,
                             "%s: write conflict with a concurrent transaction; retry", what);
    if (code == MONGO_INDEX_OPTIONS_CONFLICT)
        return crm_error_set(error, CRM_ECONFLICT, "%s: %s", what, msg);
    for (size_t i = 0; i < sizeof unavailable_codes / sizeof unavailable_codes[0]; i++) {
        if (code == unavailable_codes[i])
            return crm_error_set(error, CRM_EUNAVAIL, "%s: mongodb unavailable: %s", what, msg);
    }
    if (code == 0 && err &&
        (err->domain == MONGOC_ERROR_SERVER_SELECTION || err->domain == MONGOC_ERROR_STREAM))
        return crm_error_set(error, CRM_EUNAVAIL, "%s: mongodb unavailable: %s", what, msg);
    if (index >= 0)
        return crm_error_set(error, CRM_ESTORE, "%s: document %lld: mongodb error: %s", what,
                             (long long)index, msg);
    return crm_error_set(error, CRM_ESTORE, "%s: mongodb error: %s", what, msg);
}
