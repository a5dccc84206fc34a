/* Running a declared report: one $match (period, fixed filter, filter=, the caller's scope)
 * and one $group by the chosen dims (and the currencies of money measures) inside the store;
 * ratios and the totals row (its own aggregation without dims) computed from the groups; the
 * earlier period aggregated the same way (in the same pass when a time dim splits the two) and
 * matched row by row for compare=. */
#include "report/report-private.h"

#include "common/timefmt-private.h"
#include "entity/entity-private.h"
#include "entity/query-private.h"
#include "host/host-private.h"
#include "store/datetrunc-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CURRENCIES 4

/* What one run needs. */
typedef struct run {
    const crm_report_def_t *def;
    const crm__entity_t *entity;
    crm__report_params_t p;
    crm_store_t *store;
    const crm_report_measure_t *calc[CRM__REPORT_MAX_MEASURES]; /* aggregated (no ratios) */
    size_t n_calc;
    const char *currencies[MAX_CURRENCIES]; /* currency fields, grouped by too */
    size_t n_currencies;
    bson_t conds; /* an array of conditions: fixed filter, filter=, scope */
    uint32_t n_conds;
} run_t;

/* The groups of one aggregation. */
typedef struct groups {
    bson_t **docs;
    size_t n;
} groups_t;

static void
groups_free(groups_t *g)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->docs[i])
            bson_destroy(g->docs[i]);
    free(g->docs);
    g->docs = NULL;
    g->n = 0;
}

/* The store path of an API field name. */
static const char *
store_path(const char *field)
{
    return strcmp(field, "id") == 0 ? "_id" : field;
}

static void
append_ref(bson_t *out, const char *key, const char *field)
{
    char ref[160];

    snprintf(ref, sizeof ref, "$%s", store_path(field));
    BSON_APPEND_UTF8(out, key, ref);
}

/* Adds M to the aggregated measures unless there. */
static void
add_calc(run_t *r, const crm_report_measure_t *m)
{
    for (size_t i = 0; i < r->n_calc; i++)
        if (r->calc[i] == m)
            return;
    if (r->n_calc < CRM__REPORT_MAX_MEASURES)
        r->calc[r->n_calc++] = m;
    for (size_t i = 0; m->money_currency_field && i <= r->n_currencies; i++) {
        if (i == r->n_currencies) {
            if (i < MAX_CURRENCIES)
                r->currencies[r->n_currencies++] = m->money_currency_field;
            break;
        }
        if (!strcmp(r->currencies[i], m->money_currency_field))
            break;
    }
}

/* Appends the condition FILTER to the run's conditions (nothing when empty). */
static void
add_cond(run_t *r, const bson_t *filter)
{
    char key[16];
    const char *k;

    if (bson_empty(filter))
        return;
    bson_uint32_to_string(r->n_conds++, &k, key, sizeof key);
    bson_append_document(&r->conds, k, -1, filter);
}

/* One aggregation over [FROM, TO) (either may be absent: HAVE_*) of the records matching the
 * run's conditions and EXTRA (a store filter, or NULL), grouped by the dims when WITH_DIMS, by
 * the currencies when WITH_CURRENCIES, computing the measures whose filter is FILTER (NULL:
 * the unfiltered ones). */
static int
aggregate_one(run_t *r, const bson_t *extra, const char *filter, bool have_from, int64_t from,
              bool have_to, int64_t to, bool with_dims, bool with_currencies, groups_t *out,
              crm_error_t *error)
{
    bson_t pipeline = BSON_INITIALIZER, stage, match, and, range, group, id, acc, sort, arr;
    crm_cursor_t *cursor = NULL;
    const bson_t *doc;
    bool keyed = (with_dims && r->p.n_dims) || (with_currencies && r->n_currencies);
    char key[32];
    const char *k;
    uint32_t n = 0;
    int rc = 0;

    memset(out, 0, sizeof *out);
    bson_copy_to(&r->conds, &arr);
    n = r->n_conds;
    if (extra && !bson_empty(extra)) {
        bson_uint32_to_string(n++, &k, key, sizeof key);
        bson_append_document(&arr, k, -1, extra);
    }
    if (have_from || have_to) {
        bson_t cond;

        bson_uint32_to_string(n++, &k, key, sizeof key);
        bson_append_document_begin(&arr, k, -1, &cond);
        bson_append_document_begin(&cond, store_path(r->def->date_field), -1, &range);
        if (have_from)
            BSON_APPEND_DATE_TIME(&range, "$gte", from);
        if (have_to)
            BSON_APPEND_DATE_TIME(&range, "$lt", to);
        bson_append_document_end(&cond, &range);
        bson_append_document_end(&arr, &cond);
    }
    bson_append_document_begin(&pipeline, "0", 1, &stage);
    bson_append_document_begin(&stage, "$match", 6, &match);
    if (n) {
        bson_append_array_begin(&match, "$and", 4, &and);
        bson_concat(&and, &arr);
        bson_append_array_end(&match, &and);
    }
    bson_append_document_end(&stage, &match);
    bson_append_document_end(&pipeline, &stage);

    bson_append_document_begin(&pipeline, "1", 1, &stage);
    bson_append_document_begin(&stage, "$group", 6, &group);
    if (!keyed) {
        BSON_APPEND_NULL(&group, "_id");
    } else {
        bson_append_document_begin(&group, "_id", 3, &id);
        for (size_t i = 0; with_dims && i < r->p.n_dims; i++) {
            const crm_report_dim_t *d = r->p.dims[i];
            static const char *const units[] = {"", "day", "week", "month", "quarter", "year"};
            bson_t dt, args;

            if (d->bucket == CRM_BUCKET_NONE) {
                append_ref(&id, d->name, d->field);
                continue;
            }
            bson_append_document_begin(&id, d->name, -1, &dt);
            bson_append_document_begin(&dt, "$dateTrunc", 10, &args);
            append_ref(&args, "date", d->field);
            BSON_APPEND_UTF8(&args, "unit", units[d->bucket]);
            bson_append_document_end(&dt, &args);
            bson_append_document_end(&id, &dt);
        }
        for (size_t i = 0; with_currencies && i < r->n_currencies; i++) {
            snprintf(key, sizeof key, "__cur%u", (unsigned)i);
            append_ref(&id, key, r->currencies[i]);
        }
        bson_append_document_end(&group, &id);
    }
    for (size_t i = 0; i < r->n_calc; i++) {
        const crm_report_measure_t *m = r->calc[i];
        const char *mine = crm__report_measure_filter(r->def, m);
        static const char *const ops[] = {"",     "$sum", "$countDistinct", "$sum", "$avg",
                                          "$min", "$max"};

        if (filter ? !mine || strcmp(mine, filter) != 0 : mine != NULL)
            continue;

        bson_append_document_begin(&group, m->name, -1, &acc);
        if (m->kind == CRM_MEASURE_COUNT)
            BSON_APPEND_INT32(&acc, "$sum", 1);
        else
            append_ref(&acc, ops[m->kind], m->field);
        bson_append_document_end(&group, &acc);
    }
    bson_append_document_end(&stage, &group);
    bson_append_document_end(&pipeline, &stage);
    if (keyed) {
        bson_append_document_begin(&pipeline, "2", 1, &stage);
        bson_append_document_begin(&stage, "$sort", 5, &sort);
        for (size_t i = 0; with_dims && i < r->p.n_dims; i++) {
            char path[80];

            snprintf(path, sizeof path, "_id.%s", r->p.dims[i]->name);
            BSON_APPEND_INT32(&sort, path, 1);
        }
        for (size_t i = 0; with_currencies && i < r->n_currencies; i++) {
            char path[32];

            snprintf(path, sizeof path, "_id.__cur%u", (unsigned)i);
            BSON_APPEND_INT32(&sort, path, 1);
        }
        bson_append_document_end(&stage, &sort);
        bson_append_document_end(&pipeline, &stage);
    }
    cursor = crm_store_aggregate(r->store, r->def->entity, &pipeline, error);
    if (!cursor) {
        rc = error && error->code ? error->code : CRM_ESTORE;
        goto done;
    }
    while (crm_cursor_next(cursor, &doc)) {
        if (out->n % 64 == 0)
            out->docs = realloc(out->docs, (out->n + 64) * sizeof out->docs[0]);
        out->docs[out->n++] = bson_copy(doc);
    }
    if (crm_cursor_error(cursor, error))
        rc = error && error->code ? error->code : CRM_ESTORE;
done:
    crm_cursor_destroy(cursor);
    bson_destroy(&pipeline);
    bson_destroy(&arr);
    if (rc)
        groups_free(out);
    return rc;
}

/* A group's _id as canonical JSON, the key groups of two aggregations are matched by; free
 * with bson_free(). */
static char *
group_key(const bson_t *g)
{
    bson_t k = BSON_INITIALIZER;
    bson_iter_t it;
    char *s;

    if (bson_iter_init_find(&it, g, "_id"))
        bson_append_iter(&k, "_id", 3, &it);
    s = bson_as_canonical_extended_json(&k, NULL);
    bson_destroy(&k);
    return s;
}

typedef struct keyed {
    char *key;
    size_t i;
} keyed_t;

static int
keyed_cmp(const void *a, const void *b)
{
    return strcmp(((const keyed_t *)a)->key, ((const keyed_t *)b)->key);
}

/* Adds the measures of the groups PART (a filtered aggregation) to the groups OUT with the same
 * _id. Every filtered group has its unfiltered one (its records are among them); one without is
 * added as it is. */
static void
merge_groups(groups_t *out, groups_t *part)
{
    keyed_t *index = calloc(out->n + 1, sizeof *index);
    size_t n = out->n;

    for (size_t i = 0; i < n; i++)
        index[i] = (keyed_t){group_key(out->docs[i]), i};
    qsort(index, n, sizeof *index, keyed_cmp);
    for (size_t p = 0; p < part->n; p++) {
        keyed_t want = {group_key(part->docs[p]), 0};
        keyed_t *hit = bsearch(&want, index, n, sizeof *index, keyed_cmp);
        bson_iter_t it;

        bson_free(want.key);
        if (!hit) {
            if (out->n % 64 == 0)
                out->docs = realloc(out->docs, (out->n + 64) * sizeof out->docs[0]);
            out->docs[out->n++] = part->docs[p];
            part->docs[p] = NULL;
            continue;
        }
        if (!bson_iter_init(&it, part->docs[p]))
            continue;
        while (bson_iter_next(&it))
            if (strcmp(bson_iter_key(&it), "_id") != 0)
                bson_append_iter(out->docs[hit->i], bson_iter_key(&it), -1, &it);
    }
    for (size_t i = 0; i < n; i++)
        bson_free(index[i].key);
    free(index);
}

/* The aggregation of the run's measures over [FROM, TO) (as aggregate_one()): the unfiltered
 * measures in one, and each distinct measure filter in one more over the records it keeps,
 * merged into the groups of the first by their _id. */
static int
aggregate(run_t *r, bool have_from, int64_t from, bool have_to, int64_t to, bool with_dims,
          bool with_currencies, groups_t *out, crm_error_t *error)
{
    int rc = aggregate_one(r, NULL, NULL, have_from, from, have_to, to, with_dims, with_currencies,
                           out, error);

    for (size_t i = 0; rc == 0 && i < r->n_calc; i++) {
        const char *filter = crm__report_measure_filter(r->def, r->calc[i]);
        bson_t extra;
        groups_t part = {0};
        bool done_before = false;

        for (size_t j = 0; filter && j < i && !done_before; j++) {
            const char *other = crm__report_measure_filter(r->def, r->calc[j]);

            done_before = other && !strcmp(other, filter);
        }
        if (!filter || done_before)
            continue;
        rc = crm__query_filter(r->entity, filter, NULL, &extra, error);
        if (rc == 0)
            rc = aggregate_one(r, &extra, filter, have_from, from, have_to, to, with_dims,
                               with_currencies, &part, error);
        bson_destroy(&extra);
        if (rc == 0)
            merge_groups(out, &part);
        groups_free(&part);
    }
    if (rc)
        groups_free(out);
    return rc;
}

/* The value at PATH of DOC into *IT; false when missing. */
static bool
find(const bson_t *doc, const char *path, bson_iter_t *it)
{
    bson_iter_t root;

    return doc && bson_iter_init(&root, doc) && bson_iter_find_descendant(&root, path, it);
}

/* The currency key of measure M in group G, or NULL. */
static const char *
currency_of(const run_t *r, const crm_report_measure_t *m, const bson_t *g)
{
    char path[32];
    bson_iter_t it;

    for (size_t i = 0; m->money_currency_field && i < r->n_currencies; i++) {
        if (strcmp(r->currencies[i], m->money_currency_field) != 0)
            continue;
        snprintf(path, sizeof path, "_id.__cur%u", (unsigned)i);
        if (find(g, path, &it) && BSON_ITER_HOLDS_UTF8(&it))
            return bson_iter_utf8(&it, NULL);
    }
    return NULL;
}

/* The number measure M has in group G (ratios computed), into *V; false for none. */
static bool
measure_number(const run_t *r, const crm_report_measure_t *m, const bson_t *g, double *v)
{
    bson_iter_t it;

    if (m->kind == CRM_MEASURE_RATIO) {
        double a, b;

        if (!measure_number(r, crm__report_measure(r->def, m->numerator), g, &a) ||
            !measure_number(r, crm__report_measure(r->def, m->denominator), g, &b) || b == 0)
            return false;
        *v = a / b;
        return true;
    }
    if (!g)
        return false;
    if (!bson_iter_init_find(&it, g, m->name) &&
        (m->kind == CRM_MEASURE_COUNT || m->kind == CRM_MEASURE_COUNT_DISTINCT)) {
        *v = 0; /* a filtered count with nothing counted in the group */
        return true;
    }
    if (!bson_iter_init_find(&it, g, m->name) ||
        !(BSON_ITER_HOLDS_NUMBER(&it) || BSON_ITER_HOLDS_DOUBLE(&it)))
        return false;
    *v = bson_iter_as_double(&it);
    return true;
}

/* The column type of M. */
static const char *
measure_type(const run_t *r, const crm_report_measure_t *m)
{
    const crm_field_t *f;

    switch (m->kind) {
    case CRM_MEASURE_COUNT:
    case CRM_MEASURE_COUNT_DISTINCT:
        return "int";
    case CRM_MEASURE_RATIO:
        return "double";
    default:
        if (m->money_currency_field)
            return "money";
        if (m->kind == CRM_MEASURE_AVG)
            return "double";
        f = crm__entity_field(r->entity, m->field);
        return f && f->type == CRM_FIELD_INT ? "int" : "double";
    }
}

/* Appends under KEY the cell of measure M in group G (null when G is NULL or has none). */
static void
append_measure(const run_t *r, const crm_report_measure_t *m, const bson_t *g, bson_t *row,
               const char *key)
{
    const char *type = measure_type(r, m);
    double v;

    if (!measure_number(r, m, g, &v)) {
        if (m->kind == CRM_MEASURE_COUNT || m->kind == CRM_MEASURE_COUNT_DISTINCT)
            BSON_APPEND_INT64(row, key, 0);
        else
            BSON_APPEND_NULL(row, key);
        return;
    }
    if (!strcmp(type, "money")) {
        const char *cur = currency_of(r, m, g);
        bson_t money;

        if (!cur) {
            BSON_APPEND_NULL(row, key);
            return;
        }
        bson_append_document_begin(row, key, -1, &money);
        BSON_APPEND_INT64(&money, "amount", (int64_t)llround(v));
        BSON_APPEND_UTF8(&money, "currency", cur);
        bson_append_document_end(row, &money);
    } else if (!strcmp(type, "int")) {
        BSON_APPEND_INT64(row, key, (int64_t)llround(v));
    } else {
        BSON_APPEND_DOUBLE(row, key, v);
    }
}

/* Appends under KEY the dim D's value in group G as a cell. */
static void
append_dim(const crm_report_dim_t *d, const bson_t *g, bson_t *row, const char *key)
{
    char path[80], buf[25];
    bson_iter_t it;

    snprintf(path, sizeof path, "_id.%s", d->name);
    if (!find(g, path, &it) || BSON_ITER_HOLDS_NULL(&it)) {
        BSON_APPEND_NULL(row, key);
    } else if (BSON_ITER_HOLDS_DATE_TIME(&it)) {
        if (d->bucket != CRM_BUCKET_NONE) {
            crm__date_format(bson_iter_date_time(&it), buf);
        } else {
            crm__datetime_format(bson_iter_date_time(&it), buf);
        }
        BSON_APPEND_UTF8(row, key, buf);
    } else if (BSON_ITER_HOLDS_OID(&it)) {
        char hex[25];

        bson_oid_to_string(bson_iter_oid(&it), hex);
        BSON_APPEND_UTF8(row, key, hex);
    } else {
        bson_append_iter(row, key, -1, &it);
    }
}

/* The matching key of group G: its dims (time buckets of an earlier period moved forward when
 * EARLIER) and currencies, as canonical JSON; free with bson_free(). */
static char *
match_key(const run_t *r, const bson_t *g, bool earlier, int64_t from, int64_t to)
{
    bson_t k = BSON_INITIALIZER;
    bson_iter_t id, it;
    char *s;

    if (find(g, "_id", &id) && BSON_ITER_HOLDS_DOCUMENT(&id) && bson_iter_recurse(&id, &it)) {
        while (bson_iter_next(&it)) {
            const crm_report_dim_t *d = NULL;

            for (size_t i = 0; i < r->p.n_dims; i++)
                if (!strcmp(r->p.dims[i]->name, bson_iter_key(&it)))
                    d = r->p.dims[i];
            if (earlier && d && BSON_ITER_HOLDS_DATE_TIME(&it))
                BSON_APPEND_DATE_TIME(&k, bson_iter_key(&it),
                                      crm__report_bucket_forward(r->p.compare, d->bucket,
                                                                 bson_iter_date_time(&it), from,
                                                                 to));
            else
                bson_append_iter(&k, bson_iter_key(&it), -1, &it);
        }
    }
    s = bson_as_canonical_extended_json(&k, NULL);
    bson_destroy(&k);
    return s;
}

/* Appends the row for group G (and its earlier counterpart PREV) to ROWS under KEY; TOTALS
 * leaves the dims null. */
static void
append_row(const run_t *r, const bson_t *g, const bson_t *prev, bool totals, bson_t *rows,
           const char *key)
{
    bson_t row;
    uint32_t c = 0;
    char ck[16];
    const char *k;

    bson_append_array_begin(rows, key, -1, &row);
    for (size_t i = 0; i < r->p.n_dims; i++) {
        bson_uint32_to_string(c++, &k, ck, sizeof ck);
        if (totals)
            BSON_APPEND_NULL(&row, k);
        else
            append_dim(r->p.dims[i], g, &row, k);
    }
    for (size_t i = 0; i < r->p.n_measures; i++) {
        const crm_report_measure_t *m = r->p.measures[i];
        double a, b;

        bson_uint32_to_string(c++, &k, ck, sizeof ck);
        append_measure(r, m, g, &row, k);
        if (!r->p.compare)
            continue;
        bson_uint32_to_string(c++, &k, ck, sizeof ck);
        if (prev)
            append_measure(r, m, prev, &row, k);
        else
            BSON_APPEND_NULL(&row, k);
        bson_uint32_to_string(c++, &k, ck, sizeof ck);
        if (prev && measure_number(r, m, g, &a) && measure_number(r, m, prev, &b) && b != 0)
            BSON_APPEND_DOUBLE(&row, k, (a - b) / b);
        else
            BSON_APPEND_NULL(&row, k);
    }
    bson_append_array_end(rows, &row);
}

static void
append_column(bson_t *cols, uint32_t *n, const char *name, const char *label, const char *type,
              const char *role, const char *bucket, const char *ref)
{
    char key[16];
    const char *k;
    bson_t col;

    bson_uint32_to_string((*n)++, &k, key, sizeof key);
    bson_append_document_begin(cols, k, -1, &col);
    BSON_APPEND_UTF8(&col, "name", name);
    BSON_APPEND_UTF8(&col, "label", label ? label : name);
    BSON_APPEND_UTF8(&col, "type", type);
    if (bucket)
        BSON_APPEND_UTF8(&col, "bucket", bucket);
    BSON_APPEND_UTF8(&col, "role", role);
    if (ref)
        BSON_APPEND_UTF8(&col, "ref", ref);
    bson_append_document_end(cols, &col);
}

static void
append_columns(const run_t *r, bson_t *result)
{
    static const char *const buckets[] = {NULL, "day", "week", "month", "quarter", "year"};
    bson_t cols;
    uint32_t n = 0;
    char name[96], text[200];

    bson_append_array_begin(result, "columns", 7, &cols);
    for (size_t i = 0; i < r->p.n_dims; i++) {
        const crm_report_dim_t *d = r->p.dims[i];
        const crm_field_t *f = crm__entity_field(r->entity, d->field);
        const char *type = d->bucket ? "date" : (f && f->type == CRM_FIELD_INT) ? "int" : "string";

        append_column(&cols, &n, d->name, d->label, type, "dim", buckets[d->bucket],
                      d->bucket ? NULL : crm__report_ref_of(r->entity, d->field));
    }
    for (size_t i = 0; i < r->p.n_measures; i++) {
        const crm_report_measure_t *m = r->p.measures[i];
        const char *label = m->label ? m->label : m->name;

        append_column(&cols, &n, m->name, label, measure_type(r, m), "measure", NULL, NULL);
        if (!r->p.compare)
            continue;
        snprintf(name, sizeof name, "%s_prev", m->name);
        snprintf(text, sizeof text, "%s (%s)", label,
                 r->p.compare == CRM__COMPARE_YOY      ? "a year earlier"
                 : r->p.compare == CRM__COMPARE_BUCKET ? "the one before"
                                                       : "previous period");
        append_column(&cols, &n, name, text, measure_type(r, m), "compare", NULL, NULL);
        snprintf(name, sizeof name, "%s_change", m->name);
        snprintf(text, sizeof text, "%s change", label);
        append_column(&cols, &n, name, text, "double", "change", NULL, NULL);
    }
    bson_append_array_end(result, &cols);
}

/* Combines measure M over GROUPS into OUT when that is exact (count and sum add up, min and max
 * compare) and every value is a number; money only when one currency is present. Returns false
 * when the totals need an aggregation of their own (avg, count distinct, other types). */
static bool
derive_total(const crm_report_measure_t *m, const groups_t *groups, bson_t *out,
             const char **currency)
{
    bool any = false, as_double = false;
    int64_t i64 = 0;
    double dbl = 0;
    const char *key = "_id.__cur0"; /* derivation is tried with one currency field only */

    if (m->kind != CRM_MEASURE_COUNT && m->kind != CRM_MEASURE_SUM && m->kind != CRM_MEASURE_MIN &&
        m->kind != CRM_MEASURE_MAX)
        return false;
    for (size_t g = 0; g < groups->n; g++) {
        bson_iter_t it, cur;
        int64_t v64;
        double vd;

        if (m->money_currency_field) {
            /* Money adds up within one currency only. */
            const char *c = bson_iter_init(&cur, groups->docs[g]) &&
                                    bson_iter_find_descendant(&cur, key, &cur) &&
                                    BSON_ITER_HOLDS_UTF8(&cur)
                                ? bson_iter_utf8(&cur, NULL)
                                : NULL;
            bool empty = !bson_iter_init_find(&it, groups->docs[g], m->name) ||
                         BSON_ITER_HOLDS_NULL(&it) || bson_iter_as_int64(&it) == 0;

            if (!c && empty)
                continue; /* records without the money field add nothing */
            if (!c || (*currency && strcmp(*currency, c) != 0)) {
                *currency = "";
                return true; /* several currencies: the total stays null */
            }
            *currency = c;
        }
        if (!bson_iter_init_find(&it, groups->docs[g], m->name) || BSON_ITER_HOLDS_NULL(&it))
            continue;
        if (!BSON_ITER_HOLDS_INT32(&it) && !BSON_ITER_HOLDS_INT64(&it) &&
            !BSON_ITER_HOLDS_DOUBLE(&it))
            return false;
        as_double |= BSON_ITER_HOLDS_DOUBLE(&it);
        v64 = bson_iter_as_int64(&it);
        vd = bson_iter_as_double(&it);
        if (!any) {
            i64 = v64;
            dbl = vd;
        } else if (m->kind == CRM_MEASURE_MIN) {
            i64 = v64 < i64 ? v64 : i64;
            dbl = vd < dbl ? vd : dbl;
        } else if (m->kind == CRM_MEASURE_MAX) {
            i64 = v64 > i64 ? v64 : i64;
            dbl = vd > dbl ? vd : dbl;
        } else {
            i64 += v64;
            dbl += vd;
        }
        any = true;
    }
    if (any && as_double)
        BSON_APPEND_DOUBLE(out, m->name, dbl);
    else if (any)
        BSON_APPEND_INT64(out, m->name, i64);
    else if (m->kind == CRM_MEASURE_COUNT)
        BSON_APPEND_INT64(out, m->name, 0);
    return true;
}

/* The totals derived from the groups CUR when every measure allows it, into OUT. */
static bool
derive_totals(const run_t *r, const groups_t *cur, bson_t *out)
{
    bson_t measures = BSON_INITIALIZER;
    const char *currency = NULL;
    bool ok = true;

    for (size_t i = 0; ok && i < r->n_calc; i++)
        ok = derive_total(r->calc[i], cur, &measures, &currency);
    if (ok) {
        if (currency && *currency) {
            bson_t id;
            bson_append_document_begin(out, "_id", 3, &id);
            for (size_t c = 0; c < r->n_currencies; c++) {
                char key[16];
                snprintf(key, sizeof key, "__cur%u", (unsigned)c);
                BSON_APPEND_UTF8(&id, key, currency);
            }
            bson_append_document_end(out, &id);
        }
        bson_concat(out, &measures);
    }
    bson_destroy(&measures);
    return ok;
}

/* The totals group over [FROM, TO): non-money measures over everything, money measures from
 * the one currency present (null when several), into OUT (initialised here). Derived from the
 * groups CUR (may be NULL) when that is exact, else aggregated again. */
static int
totals_group(run_t *r, const groups_t *cur, bool have_from, int64_t from, bool have_to, int64_t to,
             bson_t *out, crm_error_t *error)
{
    groups_t all = {0}, by_cur = {0};
    const bson_t *one = NULL;
    bson_iter_t it;
    int rc;

    bson_init(out);
    if (cur && r->n_currencies <= 1 && derive_totals(r, cur, out))
        return 0;
    bson_reinit(out);
    rc = aggregate(r, have_from, from, have_to, to, false, false, &all, error);
    if (rc == 0 && r->n_currencies)
        rc = aggregate(r, have_from, from, have_to, to, false, true, &by_cur, error);
    if (rc)
        goto done;
    /* The one currency present, not counting records without money (a null currency). */
    for (size_t g = 0; g < by_cur.n; g++) {
        bson_iter_t c;

        if (!bson_iter_init(&c, by_cur.docs[g]) ||
            !bson_iter_find_descendant(&c, "_id.__cur0", &c) || !BSON_ITER_HOLDS_UTF8(&c))
            continue;
        one = one ? NULL : by_cur.docs[g];
        if (!one)
            break;
    }
    if (one && bson_iter_init_find(&it, one, "_id"))
        bson_append_iter(out, "_id", 3, &it);
    for (size_t i = 0; i < r->n_calc; i++) {
        const bson_t *src = r->calc[i]->money_currency_field ? one : (all.n ? all.docs[0] : NULL);

        if (src && bson_iter_init_find(&it, src, r->calc[i]->name))
            bson_append_iter(out, r->calc[i]->name, -1, &it);
    }
done:
    groups_free(&all);
    groups_free(&by_cur);
    return rc;
}

/* The index of a dim that buckets the report's date field with a bucket boundary at the
 * period's start, when the earlier period ends there (PTO), or -1. Each of its buckets then
 * lies in one of the two periods, so one aggregation over both can be split by bucket: half
 * the reading of two. */
static int
split_dim(const run_t *r, int64_t pto)
{
    if (pto != r->p.from_ms)
        return -1;
    for (size_t i = 0; i < r->p.n_dims; i++) {
        const crm_report_dim_t *d = r->p.dims[i];

        if (d->bucket != CRM_BUCKET_NONE && !strcmp(d->field, r->def->date_field) &&
            crm__date_trunc(r->p.from_ms, (crm__trunc_unit_t)d->bucket) == r->p.from_ms)
            return (int)i;
    }
    return -1;
}

/* True when group G's bucket of DIM starts before MS. */
static bool
bucket_before(const bson_t *g, const char *dim, int64_t ms)
{
    char path[80];
    bson_iter_t it;

    snprintf(path, sizeof path, "_id.%s", dim);
    return bson_iter_init(&it, g) && bson_iter_find_descendant(&it, path, &it) &&
           BSON_ITER_HOLDS_DATE_TIME(&it) && bson_iter_date_time(&it) < ms;
}

/* Moves the groups of BOTH into CUR (those whose bucket DIM starts at FROM or later) and PREV
 * (the others), keeping their order. */
static void
split_groups(const char *dim, int64_t from, groups_t *both, groups_t *cur, groups_t *prev)
{
    cur->docs = calloc(both->n + 1, sizeof *cur->docs);
    prev->docs = calloc(both->n + 1, sizeof *prev->docs);
    for (size_t i = 0; i < both->n; i++) {
        groups_t *to = bucket_before(both->docs[i], dim, from) ? prev : cur;

        to->docs[to->n++] = both->docs[i];
        both->docs[i] = NULL;
    }
}

/* compare=bucket: one aggregation from the bucket before the period's first to its end, split
 * into the period's groups (CUR) and those of the same span one bucket earlier (PREV, from
 * *PFROM to *PTO, the start of the period's last bucket): each group is matched with the one
 * a bucket before it. */
static int
by_bucket(run_t *r, groups_t *cur, groups_t *prev, int64_t *pfrom, int64_t *pto, crm_error_t *error)
{
    const crm_report_dim_t *d = NULL;
    groups_t both = {0};
    int64_t start;
    int rc;

    for (size_t i = 0; i < r->p.n_dims; i++)
        if (r->p.dims[i]->bucket != CRM_BUCKET_NONE)
            d = r->p.dims[i];
    /* The period widens to whole buckets at its start. */
    start = r->p.from_ms = crm__date_trunc(r->p.from_ms, (crm__trunc_unit_t)d->bucket);
    *pfrom = crm__report_bucket_step(d->bucket, start, -1);
    *pto = crm__date_trunc(r->p.to_ms - 1, (crm__trunc_unit_t)d->bucket);
    rc = aggregate(r, true, *pfrom, true, r->p.to_ms, true, true, &both, error);
    if (rc)
        return rc;
    split_groups(d->name, start, &both, cur, prev);
    groups_free(&both);
    /* The period's groups before its last bucket are also the earlier ones of the next. */
    prev->docs = realloc(prev->docs, (prev->n + cur->n + 1) * sizeof *prev->docs);
    for (size_t i = 0; i < cur->n; i++)
        if (bucket_before(cur->docs[i], d->name, *pto))
            prev->docs[prev->n++] = bson_copy(cur->docs[i]);
    return 0;
}

/* The groups of the period (CUR) and, with compare=, of the earlier period [*PFROM, *PTO)
 * (PREV): in one aggregation where a time dim splits the two, else one each. */
static int
aggregate_periods(run_t *r, groups_t *cur, groups_t *prev, int64_t *pfrom, int64_t *pto,
                  crm_error_t *error)
{
    groups_t both = {0};
    int split, rc;

    if (r->p.compare == CRM__COMPARE_BUCKET)
        return by_bucket(r, cur, prev, pfrom, pto, error);
    if (!r->p.compare)
        return aggregate(r, r->p.have_from, r->p.from_ms, r->p.have_to, r->p.to_ms, true, true, cur,
                         error);
    crm__report_period_earlier(r->p.compare, r->p.from_ms, r->p.to_ms, pfrom, pto);
    split = split_dim(r, *pto);
    if (split < 0) {
        rc = aggregate(r, true, r->p.from_ms, true, r->p.to_ms, true, true, cur, error);
        return rc ? rc : aggregate(r, true, *pfrom, true, *pto, true, true, prev, error);
    }
    rc = aggregate(r, true, *pfrom, true, r->p.to_ms, true, true, &both, error);
    if (rc == 0)
        split_groups(r->p.dims[split]->name, r->p.from_ms, &both, cur, prev);
    groups_free(&both);
    return rc;
}

/* Fills the run's conditions: the fixed filter, filter= and the caller's scope. */
static int
build_conditions(run_t *r, const crm_identity_t *caller, crm_error_t *error)
{
    bson_t f = BSON_INITIALIZER, scope = BSON_INITIALIZER;
    int rc;

    bson_init(&r->conds);
    rc = crm_identity_scope_filter(caller, r->def->permission, &scope, error);
    if (rc)
        goto done;
    add_cond(r, &scope);
    bson_destroy(&f);
    rc = crm__query_filter(r->entity, r->def->fixed_filter, NULL, &f, error);
    if (rc)
        goto done;
    add_cond(r, &f);
    bson_destroy(&f);
    rc = crm__query_filter(r->entity, r->p.filter, NULL, &f, error);
    if (rc) {
        if (error)
            error->code = CRM_EINVAL;
        goto done;
    }
    add_cond(r, &f);
done:
    bson_destroy(&f);
    bson_destroy(&scope);
    return rc;
}

/* The request's parameters as given, for the result's "params". */
static void
append_params(const bson_t *params, bson_t *result)
{
    bson_t out;
    bson_iter_t it;

    bson_append_document_begin(result, "params", 6, &out);
    if (params && bson_iter_init(&it, params))
        while (bson_iter_next(&it))
            if (BSON_ITER_HOLDS_UTF8(&it) && strcmp(bson_iter_key(&it), "format") != 0)
                bson_append_iter(&out, bson_iter_key(&it), -1, &it);
    bson_append_document_end(result, &out);
}

/* Puts the report's id, title and PARAMS before what a compute callback wrote in RESULT. */
static void
head_result(const crm_report_def_t *def, const bson_t *params, bson_t *result)
{
    bson_t out = BSON_INITIALIZER;

    BSON_APPEND_UTF8(&out, "report", def->id);
    BSON_APPEND_UTF8(&out, "title", def->title);
    append_params(params, &out);
    bson_concat(&out, result);
    bson_destroy(result);
    bson_steal(result, &out);
}

int
crm_report_run(const crm_identity_t *caller, const char *id, const bson_t *params, bson_t *result,
               crm_error_t *error)
{
    run_t r;
    groups_t cur = {0}, prev = {0};
    bson_t totals = BSON_INITIALIZER, ptotals = BSON_INITIALIZER, rows;
    char **prev_keys = NULL;
    int64_t pfrom = 0, pto = 0;
    crm__host_t *host = crm__host_get();
    int rc;

    memset(&r, 0, sizeof r);
    bson_init(&r.conds);
    bson_init(result);
    r.def = crm__report_lookup(id);
    if (!r.def) {
        rc = crm_error_set(error, CRM_ENOTFOUND, "no report '%.64s'", id ? id : "");
        goto done;
    }
    r.store = host ? host->store : NULL;
    if (!r.store) {
        rc = crm_error_set(error, CRM_EUNAVAIL, "no store");
        goto done;
    }
    if (!crm_identity_can(caller, r.def->permission)) {
        rc = crm_error_set(error, CRM_EPERM, "you lack the permission %s", r.def->permission);
        goto done;
    }
    if (r.def->compute) {
        rc = r.def->compute(caller, r.store, params, result, r.def->data, error);
        if (rc == 0 && !bson_has_field(result, "report"))
            head_result(r.def, params, result);
        if (rc == 0)
            crm__report_add_names(caller, result);
        goto done;
    }
    r.entity = crm__entity_lookup(r.def->entity);
    if (!r.entity) {
        rc = crm_error_set(error, CRM_ENOTFOUND, "report %s: entity %s is gone", r.def->id,
                           r.def->entity);
        goto done;
    }
    rc = crm__report_params_parse(r.def, params, &r.p, error);
    if (rc == 0)
        rc = build_conditions(&r, caller, error);
    if (rc)
        goto done;
    for (size_t i = 0; i < r.p.n_measures; i++) {
        const crm_report_measure_t *m = r.p.measures[i];

        if (m->kind == CRM_MEASURE_RATIO) {
            add_calc(&r, crm__report_measure(r.def, m->numerator));
            add_calc(&r, crm__report_measure(r.def, m->denominator));
        } else {
            add_calc(&r, m);
        }
    }
    rc = aggregate_periods(&r, &cur, &prev, &pfrom, &pto, error);
    if (rc == 0)
        rc = totals_group(&r, &cur, r.p.have_from, r.p.from_ms, r.p.have_to, r.p.to_ms, &totals,
                          error);
    if (rc == 0 && r.p.compare) {
        rc = totals_group(&r, &prev, true, pfrom, true, pto, &ptotals, error);
        prev_keys = calloc(prev.n + 1, sizeof *prev_keys);
        for (size_t i = 0; rc == 0 && i < prev.n; i++)
            prev_keys[i] = match_key(&r, prev.docs[i], true, r.p.from_ms, r.p.to_ms);
    }
    if (rc)
        goto done;

    BSON_APPEND_UTF8(result, "report", r.def->id);
    BSON_APPEND_UTF8(result, "title", r.def->title);
    append_params(params, result);
    append_columns(&r, result);
    bson_append_array_begin(result, "rows", 4, &rows);
    for (size_t i = 0; i < cur.n; i++) {
        const bson_t *match = NULL;
        char key[16];
        const char *k;

        if (r.p.compare) {
            char *mk = match_key(&r, cur.docs[i], false, 0, 0);

            for (size_t j = 0; j < prev.n && !match; j++)
                if (!strcmp(mk, prev_keys[j]))
                    match = prev.docs[j];
            bson_free(mk);
        }
        bson_uint32_to_string((uint32_t)i, &k, key, sizeof key);
        append_row(&r, cur.docs[i], match, false, &rows, k);
    }
    bson_append_array_end(result, &rows);
    append_row(&r, &totals, r.p.compare ? &ptotals : NULL, true, result, "totals");
    crm__report_add_names(caller, result);
done:
    for (size_t i = 0; prev_keys && i < prev.n; i++)
        bson_free(prev_keys[i]);
    free(prev_keys);
    groups_free(&cur);
    groups_free(&prev);
    bson_destroy(&totals);
    bson_destroy(&ptotals);
    bson_destroy(&r.conds);
    return rc;
}
