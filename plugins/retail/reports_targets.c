/* Targets against actuals: one row per sales target the caller may read (sales_target.read)
 * whose sales the caller may see in full (opportunity.read: an advisor their own targets, a
 * director those of their units and their people, the board all), with what was signed in
 * its period: the contracts (metric count) or their amount in the target's currency (metric
 * amount) matching its product, product line or product type, owned by its employee or, for a
 * unit's target, in the unit and the units below it. The actuals are runs of the declared
 * report retail_sales as the caller, so the period is the core's: signed_at from the first
 * day 00:00:00Z to the last day 23:59:59.999Z of the target's period. */
#include "reports-private.h"
#include "retail-private.h"

#include <stdlib.h>
#include <string.h>

/* The targets are read by pages of the entity service's largest list. */
#define PAGE 500

typedef struct targets {
    bson_t **docs;
    size_t n, cap;
    char last_id[25];
} targets_t;

static int
keep_target(const bson_t *record, void *data, crm_error_t *error)
{
    targets_t *t = data;

    (void)error;
    t->docs = retail_grow(t->docs, t->n, &t->cap, sizeof *t->docs);
    t->docs[t->n++] = bson_copy(record);
    retail_copy_str(record, "id", t->last_id, sizeof t->last_id);
    return 0;
}

static const char *
param(const bson_t *params, const char *name)
{
    const char *s = retail_str(params, name);

    return s && *s ? s : NULL;
}

/* Reads the targets CALLER may read whose period overlaps from= and to= and that match the
 * caller's filter=, in pages by id. */
static int
read_targets(const crm_identity_t *caller, const bson_t *params, targets_t *t, crm_error_t *error)
{
    const char *from = param(params, "from"), *to = param(params, "to"), *json = param(params, "filter");
    bson_t user = BSON_INITIALIZER;
    size_t before;
    int rc = 0;

    if (json) {
        bson_destroy(&user);
        if ((rc = crm_json_parse(json, strlen(json), &user, error)) != 0)
            return rc;
    }
    do {
        bson_t filter = BSON_INITIALIZER, all, cond;

        BSON_APPEND_ARRAY_BEGIN(&filter, "$and", &all);
        BSON_APPEND_DOCUMENT(&all, "0", &user);
        BSON_APPEND_DOCUMENT_BEGIN(&all, "1", &cond);
        if (from)
            BCON_APPEND(&cond, "period_end", "{", "$gte", BCON_UTF8(from), "}");
        if (to)
            BCON_APPEND(&cond, "period_start", "{", "$lte", BCON_UTF8(to), "}");
        if (t->n)
            BCON_APPEND(&cond, "id", "{", "$gt", BCON_UTF8(t->last_id), "}");
        bson_append_document_end(&all, &cond);
        bson_append_array_end(&filter, &all);
        before = t->n;
        rc = crm_entity_list(caller, "sales_target", &filter, "id", PAGE, keep_target, t, error);
        bson_destroy(&filter);
    } while (rc == 0 && t->n - before == PAGE);
    bson_destroy(&user);
    return rc;
}

/* Rows in the order of the period, the unit, the employee (a unit's own first). */
static int
target_order(const void *a, const void *b)
{
    static const char *const keys[] = {"period_start", "org_unit", "employee_id", "id"};
    const bson_t *x = *(const bson_t *const *)a, *y = *(const bson_t *const *)b;

    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *p = retail_str(x, keys[i]), *q = retail_str(y, keys[i]);
        int c = strcmp(p ? p : "", q ? q : "");

        if (c)
            return c;
    }
    return 0;
}

/* True when CALLER's opportunity.read covers every sale target T counts. */
static bool
covered(const crm_identity_t *caller, const bson_t *t)
{
    return crm_identity_reaches(caller, "opportunity.read", retail_str(t, "employee_id"),
                                retail_str(t, "org_unit"));
}

/* The filter= of the actuals of target T (API form JSON into OUT): whose sales, what was
 * sold, in which currency. */
static int
actuals_filter(const bson_t *t, bson_string_t *out, crm_error_t *error)
{
    static const char *const criteria[] = {"product_id", "product_line", "product_type"};
    const char *employee = retail_str(t, "employee_id"), *currency;
    bson_t f = BSON_INITIALIZER;
    int rc = 0;

    if (employee)
        BSON_APPEND_UTF8(&f, "owner_id", employee);
    else
        rc = crm_org_unit_subtree_filter(retail_str(t, "org_unit"), &f, error);
    for (size_t i = 0; i < sizeof criteria / sizeof criteria[0]; i++)
        if (retail_str(t, criteria[i]))
            BSON_APPEND_UTF8(&f, criteria[i], retail_str(t, criteria[i]));
    if ((currency = retail_str(t, "target_amount.currency")) != NULL)
        BSON_APPEND_UTF8(&f, "amount.currency", currency);
    if (rc == 0)
        crm_json_append(out, &f);
    bson_destroy(&f);
    return rc;
}

/* The actual of target T as CALLER (the totals cell of retail_sales) into ACTUAL (a copy; an
 * amount target with nothing signed has 0 in its currency). */
static int
actual(const crm_identity_t *caller, const bson_t *t, bool amount, bson_value_t *actual_out,
       crm_error_t *error)
{
    bson_t params = BSON_INITIALIZER, result = BSON_INITIALIZER;
    bson_string_t *filter = bson_string_new(NULL);
    bson_iter_t it;
    int rc = actuals_filter(t, filter, error);

    BSON_APPEND_UTF8(&params, "dims", "");
    BSON_APPEND_UTF8(&params, "measures", amount ? "value" : "contracts");
    BSON_APPEND_UTF8(&params, "from", retail_str(t, "period_start"));
    BSON_APPEND_UTF8(&params, "to", retail_str(t, "period_end"));
    BSON_APPEND_UTF8(&params, "filter", filter->str);
    bson_destroy(&result);
    if (rc == 0)
        rc = crm_report_run(caller, RETAIL_SALES_REPORT, &params, &result, error);
    else
        bson_init(&result);
    if (rc == 0) {
        bson_t zero = BSON_INITIALIZER;

        if (bson_iter_init(&it, &result) && bson_iter_find_descendant(&it, "totals.0", &it) &&
            !BSON_ITER_HOLDS_NULL(&it)) {
            bson_value_copy(bson_iter_value(&it), actual_out);
        } else {
            BCON_APPEND(&zero, "v", "{", "amount", BCON_INT64(0), "currency",
                        BCON_UTF8(retail_str(t, "target_amount.currency")), "}");
            bson_iter_init_find(&it, &zero, "v");
            bson_value_copy(bson_iter_value(&it), actual_out);
        }
        bson_destroy(&zero);
    }
    bson_destroy(&result);
    bson_destroy(&params);
    bson_string_free(filter, true);
    return rc;
}

/* --- the result --- */

/* The columns: what identifies a target (declared as dims) and the figures (measures). */
typedef enum column {
    COL_TARGET,
    COL_UNIT,
    COL_EMPLOYEE,
    COL_PERIOD,
    COL_PERIOD_START,
    COL_PERIOD_END,
    COL_PRODUCT,
    COL_PRODUCT_LINE,
    COL_PRODUCT_TYPE,
    COL_METRIC,
    COL_TARGET_COUNT,
    COL_ACTUAL_COUNT,
    COL_TARGET_AMOUNT,
    COL_ACTUAL_AMOUNT,
    COL_ACHIEVEMENT,
} column_t;

typedef struct column_def {
    const char *name;
    const char *field; /* the target's field shown, or NULL for a figure */
    const char *type;
    const char *ref; /* ids of users, org units or products: the core adds their names */
} column_def_t;

static const column_def_t columns[] = {
    [COL_TARGET] = {"target", "id", "string"},
    [COL_UNIT] = {"unit", "org_unit", "string", "org_units"},
    [COL_EMPLOYEE] = {"employee", "employee_id", "string", "users"},
    [COL_PERIOD] = {"period", "period", "string"},
    [COL_PERIOD_START] = {"period_start", "period_start", "date"},
    [COL_PERIOD_END] = {"period_end", "period_end", "date"},
    [COL_PRODUCT] = {"product", "product_id", "string", "product"},
    [COL_PRODUCT_LINE] = {"product_line", "product_line", "string"},
    [COL_PRODUCT_TYPE] = {"product_type", "product_type", "string"},
    [COL_METRIC] = {"metric", "metric", "string"},
    [COL_TARGET_COUNT] = {"target_count", NULL, "int"},
    [COL_ACTUAL_COUNT] = {"actual_count", NULL, "int"},
    [COL_TARGET_AMOUNT] = {"target_amount", NULL, "money"},
    [COL_ACTUAL_AMOUNT] = {"actual_amount", NULL, "money"},
    [COL_ACHIEVEMENT] = {"achievement", NULL, "double"},
};

static column_t
column_of(const char *name)
{
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        if (!strcmp(columns[i].name, name))
            return (column_t)i;
    return COL_TARGET;
}

/* The chosen columns, in order: the dims, then the measures. */
typedef struct choice {
    const char *name[CRM_REPORT_MAX_DIMS + CRM_REPORT_MAX_MEASURES];
    const char *label[CRM_REPORT_MAX_DIMS + CRM_REPORT_MAX_MEASURES];
    bool dim[CRM_REPORT_MAX_DIMS + CRM_REPORT_MAX_MEASURES];
    size_t n;
} choice_t;

static void
append_columns(const choice_t *c, bson_t *result)
{
    bson_t cols, col;
    char key[16];
    const char *k;

    BSON_APPEND_ARRAY_BEGIN(result, "columns", &cols);
    for (size_t i = 0; i < c->n; i++) {
        const column_def_t *d = &columns[column_of(c->name[i])];

        bson_uint32_to_string((uint32_t)i, &k, key, sizeof key);
        BSON_APPEND_DOCUMENT_BEGIN(&cols, k, &col);
        BSON_APPEND_UTF8(&col, "name", d->name);
        BSON_APPEND_UTF8(&col, "label", c->label[i] ? c->label[i] : d->name);
        BSON_APPEND_UTF8(&col, "type", d->type);
        BSON_APPEND_UTF8(&col, "role", c->dim[i] ? "dim" : "measure");
        if (d->ref && c->dim[i])
            BSON_APPEND_UTF8(&col, "ref", d->ref);
        bson_append_document_end(&cols, &col);
    }
    bson_append_array_end(result, &cols);
}

/* A number of a figure: an int or the amount of money. */
static double
figure(const bson_value_t *v)
{
    bson_t doc = BSON_INITIALIZER;
    bson_iter_t it;
    double x = 0;

    if (v->value_type == BSON_TYPE_INT64 || v->value_type == BSON_TYPE_INT32)
        return v->value_type == BSON_TYPE_INT64 ? (double)v->value.v_int64 : v->value.v_int32;
    if (v->value_type == BSON_TYPE_DOCUMENT) {
        bson_init_static(&doc, v->value.v_doc.data, v->value.v_doc.data_len);
        if (bson_iter_init_find(&it, &doc, "amount") && BSON_ITER_HOLDS_NUMBER(&it))
            x = (double)bson_iter_as_int64(&it);
    }
    return x;
}

/* Appends target T's row, with its ACTUAL, under KEY of ROWS. */
static void
append_row(const choice_t *c, const bson_t *t, const bson_value_t *actual_v, bson_t *rows,
           const char *key)
{
    bool amount = retail_str_is(t, "metric", "amount");
    const bson_value_t *goal_v = NULL;
    bson_iter_t target;
    bson_t row;
    char ck[16];
    const char *k;

    if (bson_iter_init_find(&target, t, amount ? "target_amount" : "target_count"))
        goal_v = bson_iter_value(&target);
    BSON_APPEND_ARRAY_BEGIN(rows, key, &row);
    for (size_t i = 0; i < c->n; i++) {
        column_t col = column_of(c->name[i]);
        bool mine = (col == COL_TARGET_COUNT || col == COL_ACTUAL_COUNT) ? !amount : amount;
        bson_iter_t it;

        bson_uint32_to_string((uint32_t)i, &k, ck, sizeof ck);
        if (columns[col].field) {
            if (bson_iter_init_find(&it, t, columns[col].field))
                bson_append_iter(&row, k, -1, &it);
            else
                BSON_APPEND_NULL(&row, k);
        } else if (col == COL_ACHIEVEMENT) {
            double goal = goal_v ? figure(goal_v) : 0;

            if (goal > 0)
                BSON_APPEND_DOUBLE(&row, k, figure(actual_v) / goal);
            else
                BSON_APPEND_NULL(&row, k);
        } else if (!mine || ((col == COL_TARGET_COUNT || col == COL_TARGET_AMOUNT) && !goal_v)) {
            BSON_APPEND_NULL(&row, k);
        } else if (col == COL_TARGET_COUNT || col == COL_TARGET_AMOUNT) {
            bson_append_value(&row, k, -1, goal_v);
        } else {
            bson_append_value(&row, k, -1, actual_v);
        }
    }
    bson_append_array_end(rows, &row);
}

/* The columns asked for (dims= and measures= choose among the declared ones). */
static int
read_choice(const crm_report_def_t *def, const bson_t *params, choice_t *c, crm_error_t *error)
{
    const crm_report_dim_t *dims[CRM_REPORT_MAX_DIMS + 1];
    const crm_report_measure_t *measures[CRM_REPORT_MAX_MEASURES + 1];
    int rc = crm_report_params_read(def, params, dims, measures, error);

    if (rc == 0 && param(params, "compare"))
        rc = crm_error_set(error, CRM_EINVAL,
                           "compare: %s puts each target beside its own period's actuals",
                           def->id);
    for (size_t i = 0; rc == 0 && dims[i]; i++) {
        c->name[c->n] = dims[i]->name;
        c->label[c->n] = dims[i]->label;
        c->dim[c->n++] = true;
    }
    for (size_t i = 0; rc == 0 && measures[i]; i++) {
        c->name[c->n] = measures[i]->name;
        c->label[c->n] = measures[i]->label;
        c->dim[c->n++] = false;
    }
    return rc;
}

int
retail_targets_compute(const crm_identity_t *caller, crm_store_t *store, const bson_t *params,
                       bson_t *result, void *data, crm_error_t *error)
{
    const crm_report_def_t *def = data;
    targets_t t = {0};
    choice_t c;
    bson_t rows;
    uint32_t n = 0;
    int rc;

    (void)store;
    memset(&c, 0, sizeof c);
    rc = read_choice(def, params, &c, error);
    if (rc == 0)
        rc = read_targets(caller, params, &t, error);
    if (rc == 0)
        qsort(t.docs, t.n, sizeof *t.docs, target_order);
    if (rc == 0)
        append_columns(&c, result);
    BSON_APPEND_ARRAY_BEGIN(result, "rows", &rows);
    for (size_t i = 0; rc == 0 && i < t.n; i++) {
        bson_value_t got;
        char key[16];
        const char *k;

        if (!covered(caller, t.docs[i]))
            continue;
        rc = actual(caller, t.docs[i], retail_str_is(t.docs[i], "metric", "amount"), &got,
                    error);
        if (rc)
            break;
        bson_uint32_to_string(n++, &k, key, sizeof key);
        append_row(&c, t.docs[i], &got, &rows, k);
        bson_value_destroy(&got);
    }
    bson_append_array_end(result, &rows);
    for (size_t i = 0; i < t.n; i++)
        bson_destroy(t.docs[i]);
    bson_free(t.docs);
    return rc;
}
