/* Small helpers over records in API form (retail-private.h). Datetimes of a record read
 * through the entity service are BSON datetimes; dates are "YYYY-MM-DD" strings. */
#include "retail-private.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Finds the value at dotted PATH of DOC into FOUND. */
static bool
find(const bson_t *doc, const char *path, bson_iter_t *found)
{
    bson_iter_t it;

    return doc && bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, path, found);
}

const char *
retail_str(const bson_t *doc, const char *path)
{
    bson_iter_t v;

    return find(doc, path, &v) && BSON_ITER_HOLDS_UTF8(&v) ? bson_iter_utf8(&v, NULL) : NULL;
}

bool
retail_str_is(const bson_t *doc, const char *path, const char *value)
{
    const char *s = retail_str(doc, path);

    return s && value && strcmp(s, value) == 0;
}

bool
retail_time(const bson_t *doc, const char *path, int64_t *ms)
{
    bson_iter_t v;

    if (!find(doc, path, &v) || !BSON_ITER_HOLDS_DATE_TIME(&v))
        return false;
    *ms = bson_iter_date_time(&v);
    return true;
}

bool
retail_date(const bson_t *doc, const char *path, int64_t *ms)
{
    const char *s = retail_str(doc, path), *end;
    struct tm tm = {0};

    if (!s) /* a store-form record holds a datetime */
        return retail_time(doc, path, ms);
    end = strptime(s, "%Y-%m-%d", &tm);
    if (!end || *end)
        return false;
    *ms = (int64_t)timegm(&tm) * 1000;
    return true;
}

bool
retail_int(const bson_t *doc, const char *path, int64_t *v)
{
    bson_iter_t it;

    if (!find(doc, path, &it) || !BSON_ITER_HOLDS_INT(&it))
        return false;
    *v = bson_iter_as_int64(&it);
    return true;
}

/* True when the write itself sets FIELD: it is in RECORD and differs from BEFORE (or there is
 * no BEFORE). */
bool
retail_given(const bson_t *record, const bson_t *before, const char *field)
{
    bson_iter_t a, b;
    bson_t da = BSON_INITIALIZER, db = BSON_INITIALIZER;
    bool differ;

    if (!bson_iter_init_find(&a, record, field))
        return false;
    if (!before || !bson_iter_init_find(&b, before, field))
        return true;
    bson_append_iter(&da, "v", 1, &a);
    bson_append_iter(&db, "v", 1, &b);
    differ = !bson_equal(&da, &db);
    bson_destroy(&da);
    bson_destroy(&db);
    return differ;
}

/* The client must be one the writer can see (the schema checks only that it exists). */
bool
retail_client_visible(const crm_identity_t *actor, const bson_t *record, const bson_t *before,
                      crm_error_t *error)
{
    const char *id = retail_str(record, "client_id");
    bson_t client;
    bool seen;

    if (!id || !retail_given(record, before, "client_id"))
        return true;
    seen = crm_entity_get(actor, "client", id, &client, NULL) == 0;
    bson_destroy(&client);
    if (!seen)
        crm_error_add_field(error, "client_id", "refers to no client you can see");
    return seen;
}

void
retail_copy_str(const bson_t *doc, const char *path, char *buf, size_t cap)
{
    const char *v = retail_str(doc, path);

    snprintf(buf, cap, "%s", v ? v : "");
}

void
retail_copy_id(const bson_t *doc, const char *key, char buf[25])
{
    bson_iter_t it;

    buf[0] = '\0';
    if (bson_iter_init_find(&it, doc, key) && BSON_ITER_HOLDS_OID(&it))
        bson_oid_to_string(bson_iter_oid(&it), buf);
}

void *
retail_grow(void *items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return items;
    *cap = *cap ? *cap * 2 : 64;
    return bson_realloc(items, *cap * size);
}

void
retail_put_time(bson_t *doc, const char *key, int64_t ms, bool date)
{
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    char buf[32];

    gmtime_r(&secs, &tm);
    strftime(buf, sizeof buf, date ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%SZ", &tm);
    bson_append_utf8(doc, key, -1, buf, -1);
}

int64_t
retail_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
