/* Data completeness: each profile field the bank asks for weighs something (configured in
 * clients.completeness); a client's score is the share of the weight its record fills, 0-100,
 * kept by the prepare hook on every write. GET /api/v1/clients/gaps lists the important
 * clients (clients.important_segments) whose score is below clients.completeness_threshold,
 * naming what they lack. */
#include "clients-private.h"
#include "profile-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The weighed fields, the kinds of client they belong to, and their default weights (each kind
 * adds up to 100). */
static const struct weighed {
    const char *field;
    clients_kind_t kind;
    int weight;
} weighed[CLIENTS_WEIGHT_FIELDS] = {
    {"phones", CLIENTS_ANY_KIND, 20},
    {"emails", CLIENTS_ANY_KIND, 15},
    {"addresses", CLIENTS_ANY_KIND, 15},
    {"region", CLIENTS_ANY_KIND, 0},
    {"first_name", CLIENTS_INDIVIDUAL, 0},
    {"national_id", CLIENTS_INDIVIDUAL, 20},
    {"birth_date", CLIENTS_INDIVIDUAL, 10},
    {"occupation", CLIENTS_INDIVIDUAL, 10},
    {"income_band", CLIENTS_INDIVIDUAL, 10},
    {"registration_number", CLIENTS_ORGANISATION, 20},
    {"founding_date", CLIENTS_ORGANISATION, 10},
    {"industry", CLIENTS_ORGANISATION, 10},
    {"revenue_band", CLIENTS_ORGANISATION, 10},
};

#define DEFAULT_THRESHOLD 70

const char *
clients_weight_field(size_t i)
{
    return i < CLIENTS_WEIGHT_FIELDS ? weighed[i].field : NULL;
}

/* clients.completeness: the weights (replacing the defaults when given). */
static int
read_weights(const crm_config_t *cfg, crm_error_t *error)
{
    const char *names[CLIENTS_WEIGHT_FIELDS + 1] = {NULL};
    const crm_config_t *group = crm_config_group(cfg, "completeness");
    char path[64];
    int sum = 0, rc;

    for (size_t i = 0; i < CLIENTS_WEIGHT_FIELDS; i++) {
        names[i] = weighed[i].field;
        clients_profile.weights[i] = weighed[i].weight;
    }
    if (!group && crm_config_has(cfg, "completeness"))
        return clients_config_fail(
            cfg, "completeness", "completeness", error,
            "must be a group of weights, e.g. { phones = 20; emails = 15; }");
    if (!group)
        return 0;
    if ((rc = clients_config_known(group, NULL, "completeness", names, error)) != 0)
        return rc;
    for (size_t i = 0; i < CLIENTS_WEIGHT_FIELDS; i++) {
        int64_t w = crm_config_int(group, weighed[i].field, 0);

        snprintf(path, sizeof path, "completeness.%s", weighed[i].field);
        if (crm_config_has(group, weighed[i].field) &&
            (w < 0 || w > 100 || crm_config_int(group, weighed[i].field, -1) != w))
            return clients_config_fail(group, weighed[i].field, path, error,
                                       "must be a whole number from 0 to 100");
        clients_profile.weights[i] = (int)w;
        sum += (int)w;
    }
    if (sum == 0)
        return clients_config_fail(group, NULL, "completeness", error, "gives no field a weight");
    return 0;
}

/* clients.completeness_threshold and clients.important_segments. */
static int
read_gaps(const crm_config_t *cfg, crm_error_t *error)
{
    const char *const *segments = clients_enum_values(&clients_client_def, "segment");
    int64_t t = crm_config_int(cfg, "completeness_threshold", DEFAULT_THRESHOLD);
    size_t n = crm_config_count(cfg, "important_segments");

    if (crm_config_has(cfg, "completeness_threshold") &&
        (t < 1 || t > 100 || crm_config_int(cfg, "completeness_threshold", -1) != t))
        return clients_config_fail(cfg, "completeness_threshold", "completeness_threshold", error,
                                   "must be a whole number from 1 to 100");
    clients_profile.threshold = (int)t;
    if (!crm_config_has(cfg, "important_segments")) {
        clients_profile.important[0] = "private";
        clients_profile.important[1] = "affluent";
        return 0;
    }
    if (n == 0 || n > CLIENTS_MAX_IMPORTANT)
        return clients_config_fail(cfg, "important_segments", "important_segments", error,
                                   "must name 1 to %d segments", CLIENTS_MAX_IMPORTANT);
    for (size_t i = 0; i < n; i++) {
        const char *s = crm_config_string_at(cfg, "important_segments", i);

        if (clients_enum_index(segments, s) < 0)
            return clients_config_fail(cfg, "important_segments", "important_segments", error,
                                       "[%zu] is not a segment (mass, affluent, private, micro, "
                                       "sme, corporate)",
                                       i);
        clients_profile.important[i] = s;
    }
    return 0;
}

int
clients_completeness_configure(const crm_config_t *cfg, crm_error_t *error)
{
    int rc = read_weights(cfg, error);

    return rc ? rc : read_gaps(cfg, error);
}

/* True when the value IT points to fills its field: not null, not blank, not empty. */
static bool
filled(const bson_iter_t *it)
{
    bson_iter_t sub;
    const char *s;

    switch (bson_iter_type(it)) {
    case BSON_TYPE_NULL:
        return false;
    case BSON_TYPE_UTF8:
        for (s = bson_iter_utf8(it, NULL); *s == ' ' || *s == '\t'; s++)
            ;
        return *s != '\0';
    case BSON_TYPE_ARRAY:
    case BSON_TYPE_DOCUMENT:
        return bson_iter_recurse(it, &sub) && bson_iter_next(&sub);
    default:
        return true;
    }
}

/* FIELD as the write will store it: from CHANGES when there, else from RECORD. */
static bool
present(const bson_t *record, const bson_t *changes, const char *field)
{
    bson_iter_t it;

    if (changes && bson_iter_init_find(&it, changes, field))
        return filled(&it);
    return record && bson_iter_init_find(&it, record, field) && filled(&it);
}

int
clients_completeness_score(const bson_t *record, const bson_t *changes, bson_t *missing)
{
    clients_kind_t kind =
        clients_str_is(record, "kind", "organisation") ? CLIENTS_ORGANISATION : CLIENTS_INDIVIDUAL;
    int total = 0, got = 0;
    uint32_t n = 0;

    for (size_t i = 0; i < CLIENTS_WEIGHT_FIELDS; i++) {
        int w = clients_profile.weights[i];
        char key[16];
        const char *k;

        if (w == 0 || (weighed[i].kind != CLIENTS_ANY_KIND && weighed[i].kind != kind))
            continue;
        total += w;
        if (present(record, changes, weighed[i].field)) {
            got += w;
        } else if (missing) {
            bson_uint32_to_string(n++, &k, key, sizeof key);
            BSON_APPEND_UTF8(missing, k, weighed[i].field);
        }
    }
    return total ? (got * 100 + total / 2) / total : 100;
}

/* The stored score of RECORD, or -1. */
static int64_t
stored_score(const bson_t *record)
{
    bson_iter_t it;

    if (record && bson_iter_init_find(&it, record, "completeness") && BSON_ITER_HOLDS_NUMBER(&it))
        return bson_iter_as_int64(&it);
    return -1;
}

void
clients_completeness_prepare(const bson_t *record, bson_t *changes)
{
    int score = clients_completeness_score(record, changes, NULL);

    if (stored_score(record) != score)
        BSON_APPEND_INT32(changes, "completeness", score);
}

/* --- GET /api/v1/clients/gaps?limit= --- */

typedef struct {
    bson_t *items;
    uint32_t n;
} gaps_t;

static void
copy_str(const bson_t *from, const char *field, bson_t *to)
{
    const char *s = clients_str(from, field);

    if (s)
        BSON_APPEND_UTF8(to, field, s);
    else
        BSON_APPEND_NULL(to, field);
}

static int
append_gap(const bson_t *record, void *data, crm_error_t *error)
{
    static const char *const shown[] = {"id",      "display_name", "kind",
                                        "segment", "owner_id",     "org_unit"};
    gaps_t *gaps = data;
    bson_t item, missing;
    char key[16];
    const char *k;

    (void)error;
    bson_uint32_to_string(gaps->n++, &k, key, sizeof key);
    bson_append_document_begin(gaps->items, k, -1, &item);
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
        copy_str(record, shown[i], &item);
    BSON_APPEND_INT64(&item, "completeness", stored_score(record));
    bson_append_array_begin(&item, "missing", -1, &missing);
    clients_completeness_score(record, NULL, &missing);
    bson_append_array_end(&item, &missing);
    bson_append_document_end(gaps->items, &item);
    return 0;
}

/* The important segments below the threshold, as a filter in API form, into FILTER. */
static void
gaps_filter(bson_t *filter)
{
    bson_t cond, list;
    char key[16];
    const char *k;

    bson_append_document_begin(filter, "segment", -1, &cond);
    bson_append_array_begin(&cond, "$in", -1, &list);
    for (uint32_t i = 0; clients_profile.important[i]; i++) {
        bson_uint32_to_string(i, &k, key, sizeof key);
        BSON_APPEND_UTF8(&list, k, clients_profile.important[i]);
    }
    bson_append_array_end(&cond, &list);
    bson_append_document_end(filter, &cond);
    bson_append_document_begin(filter, "completeness", -1, &cond);
    BSON_APPEND_INT32(&cond, "$lt", clients_profile.threshold);
    bson_append_document_end(filter, &cond);
}

/* The limit parameter: 1 to 500, 50 when absent. */
static int
read_limit(const char *s, int64_t *limit, crm_error_t *error)
{
    char *end = NULL;
    long v;

    *limit = 50;
    if (!s)
        return 0;
    v = strtol(s, &end, 10);
    if (!*s || *end || v < 1 || v > 500 || s[0] == '+' || s[0] == ' ')
        return crm_error_set(error, CRM_EINVAL, "limit must be a whole number from 1 to 500");
    *limit = v;
    return 0;
}

int
clients_route_gaps(crm_request_t *req, void *data, crm_error_t *error)
{
    static const char *const allowed[] = {"limit", NULL};
    const crm_identity_t *caller = crm_request_identity(req);
    bson_t filter = BSON_INITIALIZER, out = BSON_INITIALIZER, items, segments;
    gaps_t gaps = {&items, 0};
    int64_t limit = 0, total = 0;
    char key[16];
    const char *k;
    int rc;

    (void)data;
    if ((rc = crm_request_query_only(req, allowed, error)) != 0 ||
        (rc = read_limit(crm_request_query(req, "limit"), &limit, error)) != 0)
        goto done;
    gaps_filter(&filter);
    BSON_APPEND_INT32(&out, "threshold", clients_profile.threshold);
    bson_append_array_begin(&out, "segments", -1, &segments);
    for (uint32_t i = 0; clients_profile.important[i]; i++) {
        bson_uint32_to_string(i, &k, key, sizeof key);
        BSON_APPEND_UTF8(&segments, k, clients_profile.important[i]);
    }
    bson_append_array_end(&out, &segments);
    if ((rc = crm_entity_count(caller, "client", &filter, &total, error)) != 0)
        goto done;
    BSON_APPEND_INT64(&out, "total", total);
    bson_append_array_begin(&out, "items", -1, &items);
    rc =
        crm_entity_list(caller, "client", &filter, "completeness", limit, append_gap, &gaps, error);
    bson_append_array_end(&out, &items);
    if (rc == 0)
        rc = crm_respond_json(req, 200, &out);
done:
    bson_destroy(&filter);
    bson_destroy(&out);
    return rc;
}
