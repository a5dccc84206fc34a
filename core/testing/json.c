/* Reading values out of a test response's JSON by dotted path ("items.0.name"). */
#include "testing/testing-private.h"

#include <math.h>

/* Points IT at the value at dotted PATH of RESP's JSON. Returns false when there is none. */
static bool
find(const crm_test_response_t *resp, const char *path, bson_iter_t *it)
{
    bson_iter_t root;

    if (!resp || !path || resp->json.len == 0)
        return false;
    return bson_iter_init(&root, &resp->json) && bson_iter_find_descendant(&root, path, it);
}

const char *
crm_test_json_string(const crm_test_response_t *resp, const char *path)
{
    bson_iter_t it;

    if (!find(resp, path, &it) || !BSON_ITER_HOLDS_UTF8(&it))
        return NULL;
    return bson_iter_utf8(&it, NULL);
}

int64_t
crm_test_json_int(const crm_test_response_t *resp, const char *path, int64_t def)
{
    bson_iter_t it;
    double d;

    if (!find(resp, path, &it))
        return def;
    if (BSON_ITER_HOLDS_INT32(&it))
        return bson_iter_int32(&it);
    if (BSON_ITER_HOLDS_INT64(&it))
        return bson_iter_int64(&it);
    if (BSON_ITER_HOLDS_DOUBLE(&it)) {
        /* JSON has one number type: a whole double within range is an integer. */
        d = bson_iter_double(&it);
        if (d == floor(d) && d >= -9007199254740992.0 && d <= 9007199254740992.0)
            return (int64_t)d;
    }
    return def;
}
