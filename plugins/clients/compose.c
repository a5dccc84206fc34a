/* Composite reports (compose-private.h): each measure asked for is one run of a declared
 * report as the caller, with the asked dims, from, to and compare, and the caller's filter= and
 * the measure's condition together; the rows of the runs are matched by their dim values. */
#include "compose-private.h"

#include <crm/http.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DIMS 8
#define MAX_MEASURES 8

/* One row: its dim values and, per measure, the current value, the earlier one and the change
 * (the last two with compare= only). */
typedef struct row {
    bson_value_t dims[MAX_DIMS];
    bson_value_t cells[MAX_MEASURES][3];
    bool have[MAX_MEASURES];
} row_t;

typedef struct table {
    const clients_composite_t *c;
    const crm_report_dim_t *dims[MAX_DIMS];
    size_t n_dims;
    const clients_report_part_t *parts[MAX_MEASURES];
    const crm_report_measure_t *measures[MAX_MEASURES];
    size_t n_measures;
    const char *compare; /* compare= when given */
    char types[MAX_MEASURES][16];
    bson_t dim_columns; /* the dims' columns, as the first run described them */
    uint32_t n_dim_columns;
    row_t *rows; /* in the order of their dim values */
    size_t n, cap;
    row_t totals;
} table_t;

static const char *
param(const bson_t *params, const char *name)
{
    bson_iter_t it;

    if (params && bson_iter_init_find(&it, params, name) && BSON_ITER_HOLDS_UTF8(&it))
        return bson_iter_utf8(&it, NULL);
    return NULL;
}

/* The dims and measures asked for (or the report's defaults), read by the core against the
 * composite's declaration; each measure has its part. */
static int
read_choice(table_t *t, const bson_t *params, crm_error_t *error)
{
    const crm_report_dim_t *dims[CRM_REPORT_MAX_DIMS + 1];
    const crm_report_measure_t *measures[CRM_REPORT_MAX_MEASURES + 1];
    int rc = crm_report_params_read(t->c->def, params, dims, measures, error);

    for (size_t i = 0; rc == 0 && dims[i]; i++) {
        if (t->n_dims == MAX_DIMS)
            return crm_error_set(error, CRM_EINVAL, "dims: at most %d", MAX_DIMS);
        t->dims[t->n_dims++] = dims[i];
    }
    for (size_t i = 0; rc == 0 && measures[i]; i++) {
        const clients_report_part_t *p = t->c->parts;

        while (p->measure && strcmp(p->measure, measures[i]->name) != 0)
            p++;
        if (!p->measure || t->n_measures == MAX_MEASURES)
            return crm_error_set(error, CRM_EINTERNAL, "%s: measure %s has no part",
                                 t->c->def->id, measures[i]->name);
        t->measures[t->n_measures] = measures[i];
        t->parts[t->n_measures++] = p;
    }
    return rc;
}

/* Orders values as the store sorts dims: null first, then numbers, then strings. */
static int
rank(const bson_value_t *v)
{
    switch (v->value_type) {
    case BSON_TYPE_EOD:
    case BSON_TYPE_NULL:
        return 0;
    case BSON_TYPE_INT32:
    case BSON_TYPE_INT64:
    case BSON_TYPE_DOUBLE:
        return 1;
    case BSON_TYPE_UTF8:
        return 2;
    default:
        return 3;
    }
}

static double
number(const bson_value_t *v)
{
    return v->value_type == BSON_TYPE_INT32   ? v->value.v_int32
           : v->value_type == BSON_TYPE_INT64 ? (double)v->value.v_int64
                                              : v->value.v_double;
}

static int
compare_values(const bson_value_t *a, const bson_value_t *b)
{
    int ra = rank(a), rb = rank(b), c;
    uint32_t la, lb;

    if (ra != rb)
        return ra - rb;
    if (ra == 1)
        return number(a) < number(b) ? -1 : number(a) > number(b);
    if (ra != 2)
        return 0;
    la = a->value.v_utf8.len;
    lb = b->value.v_utf8.len;
    c = memcmp(a->value.v_utf8.str, b->value.v_utf8.str, la < lb ? la : lb);
    return c ? c : (la > lb) - (la < lb);
}

/* The row of dim values DIMS (borrowed), added in its place when new; NULL out of memory. */
static row_t *
row_for(table_t *t, const bson_value_t *dims)
{
    size_t lo = 0, hi = t->n;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = 0;

        for (size_t i = 0; c == 0 && i < t->n_dims; i++)
            c = compare_values(&t->rows[mid].dims[i], &dims[i]);
        if (c == 0)
            return &t->rows[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        row_t *rows = realloc(t->rows, cap * sizeof *rows);

        if (!rows)
            return NULL;
        t->rows = rows;
        t->cap = cap;
    }
    memmove(&t->rows[lo + 1], &t->rows[lo], (t->n - lo) * sizeof *t->rows);
    memset(&t->rows[lo], 0, sizeof *t->rows);
    for (size_t i = 0; i < t->n_dims; i++)
        bson_value_copy(&dims[i], &t->rows[lo].dims[i]);
    t->n++;
    return &t->rows[lo];
}

/* Copies the WIDTH values of the array at IT into VALUES (borrowed from the result); false
 * when it holds another number of values. */
static bool
read_values(const bson_iter_t *it, bson_value_t *values, size_t width)
{
    bson_iter_t cell;
    size_t n = 0;

    if (!BSON_ITER_HOLDS_ARRAY(it) || !bson_iter_recurse(it, &cell))
        return false;
    while (bson_iter_next(&cell) && n < width)
        values[n++] = *bson_iter_value(&cell);
    return n == width && !bson_iter_next(&cell);
}

/* Keeps measure M's cells from VALUES (after the dims) in ROW. */
static void
keep_cells(const table_t *t, size_t m, const bson_value_t *values, row_t *row)
{
    for (size_t k = 0; k < (t->compare ? 3u : 1u); k++)
        bson_value_copy(&values[t->n_dims + k], &row->cells[m][k]);
    row->have[m] = true;
}

/* Reads the columns of a run's RESULT: the dims' (from the first run) and measure M's type. */
static bool
read_columns(table_t *t, size_t m, const bson_t *result)
{
    bson_iter_t it, col, type;
    uint32_t i = 0;

    if (!bson_iter_init_find(&it, result, "columns") || !bson_iter_recurse(&it, &col))
        return false;
    while (bson_iter_next(&col)) {
        if (i < t->n_dims && t->n_dim_columns == i && BSON_ITER_HOLDS_DOCUMENT(&col)) {
            char key[16];
            const char *k;

            bson_uint32_to_string(t->n_dim_columns++, &k, key, sizeof key);
            bson_append_iter(&t->dim_columns, k, -1, &col);
        } else if (i == t->n_dims && bson_iter_recurse(&col, &type) &&
                   bson_iter_find(&type, "type") && BSON_ITER_HOLDS_UTF8(&type)) {
            snprintf(t->types[m], sizeof t->types[m], "%s", bson_iter_utf8(&type, NULL));
        }
        i++;
    }
    return i == t->n_dims + (t->compare ? 3u : 1u);
}

/* Merges measure M's run RESULT into the table. */
static int
merge(table_t *t, size_t m, const bson_t *result, crm_error_t *error)
{
    size_t width = t->n_dims + (t->compare ? 3 : 1);
    bson_value_t values[MAX_DIMS + 3];
    bson_iter_t it, rows;
    row_t *row;

    if (!read_columns(t, m, result))
        return crm_error_set(error, CRM_EINTERNAL, "report %s answered other columns than asked",
                             t->parts[m]->report);
    if (bson_iter_init_find(&it, result, "rows") && bson_iter_recurse(&it, &rows)) {
        while (bson_iter_next(&rows)) {
            if (!read_values(&rows, values, width))
                return crm_error_set(error, CRM_EINTERNAL, "report %s answered a short row",
                                     t->parts[m]->report);
            if (!(row = row_for(t, values)))
                return crm_error_set(error, CRM_ENOMEM, "out of memory");
            keep_cells(t, m, values, row);
        }
    }
    if (bson_iter_init_find(&it, result, "totals") && read_values(&it, values, width))
        keep_cells(t, m, values, &t->totals);
    return 0;
}

/* The filter of measure M's run, in JSON, into OUT (empty when there is none): the caller's
 * USER filter (may be NULL), the measure's fixed condition and its run condition. */
static int
part_filter(const clients_report_part_t *p, const bson_t *user, bson_string_t *out,
            crm_error_t *error)
{
    bson_t all = BSON_INITIALIZER, list, fixed = BSON_INITIALIZER, made = BSON_INITIALIZER;
    const bson_t *conds[3];
    size_t n = 0;
    int rc = 0;

    if (user && !bson_empty(user))
        conds[n++] = user;
    if (p->filter) {
        bson_destroy(&fixed);
        if ((rc = crm_json_parse(p->filter, strlen(p->filter), &fixed, error)) != 0)
            goto done;
        conds[n++] = &fixed;
    }
    if (p->condition) {
        p->condition(&made);
        conds[n++] = &made;
    }
    if (n == 1) {
        crm_json_append(out, conds[0]);
    } else if (n > 1) {
        bson_append_array_begin(&all, "$and", -1, &list);
        for (size_t i = 0; i < n; i++) {
            char key[16];
            const char *k;

            bson_uint32_to_string((uint32_t)i, &k, key, sizeof key);
            bson_append_document(&list, k, -1, conds[i]);
        }
        bson_append_array_end(&all, &list);
        crm_json_append(out, &all);
    }
done:
    bson_destroy(&all);
    bson_destroy(&fixed);
    bson_destroy(&made);
    return rc;
}

/* Runs measure M's declared report as CALLER and merges its result. */
static int
run_part(table_t *t, size_t m, const crm_identity_t *caller, const bson_t *params,
         const bson_t *user, const char *dims, crm_error_t *error)
{
    static const char *const passed[] = {"from", "to", "compare"};
    const clients_report_part_t *p = t->parts[m];
    bson_t sub = BSON_INITIALIZER, result = BSON_INITIALIZER;
    bson_string_t *filter = bson_string_new(NULL);
    int rc;

    BSON_APPEND_UTF8(&sub, "dims", dims);
    BSON_APPEND_UTF8(&sub, "measures", p->source);
    for (size_t i = 0; i < sizeof passed / sizeof passed[0]; i++)
        if (param(params, passed[i]))
            BSON_APPEND_UTF8(&sub, passed[i], param(params, passed[i]));
    rc = part_filter(p, user, filter, error);
    if (rc == 0 && filter->len)
        BSON_APPEND_UTF8(&sub, "filter", filter->str);
    bson_destroy(&result);
    if (rc == 0)
        rc = crm_report_run(caller, p->report, &sub, &result, error);
    else
        bson_init(&result);
    if (rc == 0)
        rc = merge(t, m, &result, error);
    bson_destroy(&result);
    bson_destroy(&sub);
    bson_string_free(filter, true);
    return rc;
}

static void
append_column(bson_t *cols, uint32_t *n, const char *name, const char *label, const char *type,
              const char *role)
{
    bson_t col;
    char key[16];
    const char *k;

    bson_uint32_to_string((*n)++, &k, key, sizeof key);
    bson_append_document_begin(cols, k, -1, &col);
    BSON_APPEND_UTF8(&col, "name", name);
    BSON_APPEND_UTF8(&col, "label", label);
    BSON_APPEND_UTF8(&col, "type", type);
    BSON_APPEND_UTF8(&col, "role", role);
    bson_append_document_end(cols, &col);
}

static void
append_columns(const table_t *t, bson_t *result)
{
    bson_t cols;
    bson_iter_t it;
    uint32_t n = 0;
    char name[96], label[200];

    bson_append_array_begin(result, "columns", -1, &cols);
    if (bson_iter_init(&it, &t->dim_columns)) {
        while (bson_iter_next(&it)) {
            char key[16];
            const char *k;

            bson_uint32_to_string(n++, &k, key, sizeof key);
            bson_append_iter(&cols, k, -1, &it);
        }
    }
    for (size_t m = 0; m < t->n_measures; m++) {
        const char *text = t->measures[m]->label ? t->measures[m]->label : t->measures[m]->name;

        append_column(&cols, &n, t->measures[m]->name, text, t->types[m], "measure");
        if (!t->compare)
            continue;
        snprintf(name, sizeof name, "%s_prev", t->measures[m]->name);
        snprintf(label, sizeof label, "%s (%s)", text,
                 strcmp(t->compare, "yoy") == 0 ? "a year earlier" : "previous period");
        append_column(&cols, &n, name, label, t->types[m], "compare");
        snprintf(name, sizeof name, "%s_change", t->measures[m]->name);
        snprintf(label, sizeof label, "%s change", text);
        append_column(&cols, &n, name, label, "double", "change");
    }
    bson_append_array_end(result, &cols);
}

/* Appends ROW under KEY (dims null for the totals). */
static void
append_row(const table_t *t, const row_t *row, bool totals, bson_t *out, const char *key)
{
    bson_t arr;
    uint32_t n = 0;
    char ck[16];
    const char *k;

    bson_append_array_begin(out, key, -1, &arr);
    for (size_t i = 0; i < t->n_dims; i++) {
        bson_uint32_to_string(n++, &k, ck, sizeof ck);
        if (totals)
            BSON_APPEND_NULL(&arr, k);
        else
            bson_append_value(&arr, k, -1, &row->dims[i]);
    }
    for (size_t m = 0; m < t->n_measures; m++) {
        for (size_t c = 0; c < (t->compare ? 3u : 1u); c++) {
            bson_uint32_to_string(n++, &k, ck, sizeof ck);
            if (row->have[m])
                bson_append_value(&arr, k, -1, &row->cells[m][c]);
            else if (c == 0 && strcmp(t->types[m], "int") == 0)
                BSON_APPEND_INT64(&arr, k, 0); /* nothing counted */
            else
                BSON_APPEND_NULL(&arr, k);
        }
    }
    bson_append_array_end(out, &arr);
}

static void
write_result(const table_t *t, const bson_t *params, bson_t *result)
{
    bson_t given, rows;
    bson_iter_t it;

    BSON_APPEND_UTF8(result, "report", t->c->def->id);
    BSON_APPEND_UTF8(result, "title", t->c->def->title);
    bson_append_document_begin(result, "params", -1, &given);
    if (params && bson_iter_init(&it, params))
        while (bson_iter_next(&it))
            if (BSON_ITER_HOLDS_UTF8(&it) && strcmp(bson_iter_key(&it), "format") != 0)
                bson_append_iter(&given, bson_iter_key(&it), -1, &it);
    bson_append_document_end(result, &given);
    append_columns(t, result);
    bson_append_array_begin(result, "rows", -1, &rows);
    for (size_t i = 0; i < t->n; i++) {
        char key[16];
        const char *k;

        bson_uint32_to_string((uint32_t)i, &k, key, sizeof key);
        append_row(t, &t->rows[i], false, &rows, k);
    }
    bson_append_array_end(result, &rows);
    append_row(t, &t->totals, true, result, "totals");
}

static void
row_clear(row_t *row, size_t n_dims)
{
    for (size_t i = 0; i < n_dims; i++)
        bson_value_destroy(&row->dims[i]);
    for (size_t m = 0; m < MAX_MEASURES; m++)
        for (size_t c = 0; row->have[m] && c < 3; c++)
            if (row->cells[m][c].value_type != BSON_TYPE_EOD)
                bson_value_destroy(&row->cells[m][c]);
}

int
clients_report_compose(const crm_identity_t *caller, crm_store_t *store, const bson_t *params,
                       bson_t *result, void *data, crm_error_t *error)
{
    table_t t;
    bson_t user = BSON_INITIALIZER;
    char dims[MAX_DIMS * 64] = "";
    const char *filter = param(params, "filter"), *compare = param(params, "compare");
    int rc;

    (void)store;
    memset(&t, 0, sizeof t);
    t.c = data;
    t.compare = compare && *compare ? compare : NULL;
    bson_init(&t.dim_columns);
    rc = read_choice(&t, params, error);
    if (rc == 0 && filter && *filter) {
        bson_destroy(&user);
        rc = crm_json_parse(filter, strlen(filter), &user, error);
        if (rc != 0)
            bson_init(&user);
    }
    for (size_t i = 0; i < t.n_dims; i++)
        snprintf(dims + strlen(dims), sizeof dims - strlen(dims), "%s%s", i ? "," : "",
                 t.dims[i]->name);
    for (size_t m = 0; rc == 0 && m < t.n_measures; m++)
        rc = run_part(&t, m, caller, params, &user, dims, error);
    if (rc == 0)
        write_result(&t, params, result);
    for (size_t i = 0; i < t.n; i++)
        row_clear(&t.rows[i], t.n_dims);
    row_clear(&t.totals, 0);
    free(t.rows);
    bson_destroy(&t.dim_columns);
    bson_destroy(&user);
    return rc;
}
