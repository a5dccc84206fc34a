/* The fields particular to saved reports (report, params) and dashboards (items), as tables
 * of what is allowed. */
#include "report/render-private.h"
#include "report/saved-private.h"

#include <stdio.h>
#include <string.h>

#define REPORT_ID_MAX 64
#define PARAM_MAX_BYTES 4096

static const char *const param_names[] = {"dims",    "measures", "from",  "to",
                                          "compare", "filter",   "format"};
static const char *const compare_values[] = {"prev", "yoy"};
static const char *const display_values[] = {"table", "bar", "line", "number"};

static bool
one_of(const char *value, const char *const *values, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(value, values[i]) == 0)
            return true;
    return false;
}

/* A report id as plugins declare them: lower-case letters, digits, '_', '.', '-'. */
static bool
is_report_id(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > REPORT_ID_MAX)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' ||
              *s == '-'))
            return false;
    return true;
}

static bool
is_date(const char *s)
{
    int y, m, d;
    char tail;

    return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 &&
           m <= 12 && d >= 1 && d <= 31;
}

static void
check_params(const bson_iter_t *it, bson_t *out, crm_error_t *error)
{
    bson_iter_t params;
    char field[64];
    int before = error ? error->n_fields : 0;

    if (!BSON_ITER_HOLDS_DOCUMENT(it) || !bson_iter_recurse(it, &params)) {
        crm_error_add_field(error, "params", "must be an object of strings");
        return;
    }
    while (bson_iter_next(&params)) {
        const char *key = bson_iter_key(&params);
        const char *value = BSON_ITER_HOLDS_UTF8(&params) ? bson_iter_utf8(&params, NULL) : NULL;
        crm__report_format_t format;

        snprintf(field, sizeof field, "params.%.40s", key);
        if (!one_of(key, param_names, sizeof param_names / sizeof param_names[0]))
            crm_error_add_field(error, field, "unknown parameter");
        else if (!value)
            crm_error_add_field(error, field, "must be a string");
        else if (strlen(value) > PARAM_MAX_BYTES)
            crm_error_add_field(error, field, "must be at most %d bytes", PARAM_MAX_BYTES);
        else if (strcmp(key, "format") == 0 && !crm__report_format_parse(value, &format))
            crm_error_add_field(error, field, "must be json, csv, xlsx or pdf");
        else if (strcmp(key, "compare") == 0 &&
                 !one_of(value, compare_values, sizeof compare_values / sizeof compare_values[0]))
            crm_error_add_field(error, field, "must be prev or yoy");
        else if ((strcmp(key, "from") == 0 || strcmp(key, "to") == 0) && !is_date(value))
            crm_error_add_field(error, field, "must be a date YYYY-MM-DD");
    }
    if (!error || error->n_fields == before)
        bson_append_value(out, "params", -1, bson_iter_value((bson_iter_t *)it));
}

static bool
report_field(crm_store_t *store, const crm_identity_t *caller, const bson_iter_t *it, bson_t *out,
             crm_error_t *error)
{
    const char *key = bson_iter_key(it);

    (void)store;
    (void)caller;
    if (strcmp(key, "report") == 0) {
        /* Whether the report exists is checked when it runs: the registry may not hold it yet
         * (its plugin not loaded) when a configuration is saved. */
        if (!BSON_ITER_HOLDS_UTF8(it) || !is_report_id(bson_iter_utf8(it, NULL)))
            crm_error_add_field(error, "report", "must be a report id");
        else
            BSON_APPEND_UTF8(out, "report", bson_iter_utf8(it, NULL));
        return true;
    }
    if (strcmp(key, "params") == 0) {
        check_params(it, out, error);
        return true;
    }
    return false;
}

const crm__saved_kind_t crm__saved_report_kind = {
    .collection = "saved_reports", .required = "report", .field = report_field};

/* True when saved report ID exists and CALLER sees it. */
static bool
saved_report_visible(crm_store_t *store, const crm_identity_t *caller, const char *id)
{
    bson_t filter = BSON_INITIALIZER;
    bson_oid_t oid;
    int64_t count = 0;
    bool ok = false;

    bson_oid_init_from_string(&oid, id);
    BSON_APPEND_OID(&filter, "_id", &oid);
    ok = crm__saved_visible_filter(store, caller, &filter, NULL) == 0 &&
         crm_store_count(store, "saved_reports", &filter, &count, NULL) == 0 && count == 1;
    bson_destroy(&filter);
    return ok;
}

static bool
check_item(crm_store_t *store, const crm_identity_t *caller, bson_iter_t *item, size_t i,
           crm_error_t *error)
{
    bson_iter_t f;
    char field[64];
    bool id_ok = false, display_ok = false, ok = true;

    snprintf(field, sizeof field, "items.%zu", i);
    if (!BSON_ITER_HOLDS_DOCUMENT(item) || !bson_iter_recurse(item, &f)) {
        crm_error_add_field(error, field, "must be an object");
        return false;
    }
    while (bson_iter_next(&f)) {
        const char *key = bson_iter_key(&f);
        const char *value = BSON_ITER_HOLDS_UTF8(&f) ? bson_iter_utf8(&f, NULL) : NULL;

        snprintf(field, sizeof field, "items.%zu.%.32s", i, key);
        if (strcmp(key, "saved_report_id") == 0) {
            id_ok = value && strlen(value) == 24 && bson_oid_is_valid(value, 24) &&
                    saved_report_visible(store, caller, value);
            if (!id_ok)
                crm_error_add_field(error, field, "no such saved report");
        } else if (strcmp(key, "display") == 0) {
            display_ok = value && one_of(value, display_values,
                                         sizeof display_values / sizeof display_values[0]);
            if (!display_ok)
                crm_error_add_field(error, field, "must be table, bar, line or number");
        } else {
            crm_error_add_field(error, field, "unknown field");
            ok = false;
        }
    }
    snprintf(field, sizeof field, "items.%zu", i);
    if (!bson_iter_recurse(item, &f) || !bson_iter_find(&f, "saved_report_id")) {
        crm_error_add_field(error, field, "saved_report_id is required");
        return false;
    }
    if (!bson_iter_recurse(item, &f) || !bson_iter_find(&f, "display")) {
        crm_error_add_field(error, field, "display is required");
        return false;
    }
    return ok && id_ok && display_ok;
}

static bool
dashboard_field(crm_store_t *store, const crm_identity_t *caller, const bson_iter_t *it,
                bson_t *out, crm_error_t *error)
{
    bson_iter_t items;
    size_t n = 0;
    bool ok = true;

    if (strcmp(bson_iter_key(it), "items") != 0)
        return false;
    if (!BSON_ITER_HOLDS_ARRAY(it) || !bson_iter_recurse(it, &items)) {
        crm_error_add_field(error, "items", "must be an array");
        return true;
    }
    while (bson_iter_next(&items)) {
        if (n >= CRM__DASHBOARD_MAX_ITEMS) {
            crm_error_add_field(error, "items", "at most %d items", CRM__DASHBOARD_MAX_ITEMS);
            return true;
        }
        ok = check_item(store, caller, &items, n++, error) && ok;
    }
    if (ok)
        bson_append_value(out, "items", -1, bson_iter_value((bson_iter_t *)it));
    return true;
}

const crm__saved_kind_t crm__dashboard_kind = {.collection = "dashboards",
                                               .field = dashboard_field};
