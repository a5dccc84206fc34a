/* The SQLite driver's aggregate: the pipeline ($match, $group, $sort, $limit) becomes one
 * SELECT ... WHERE ... GROUP BY ... ORDER BY ... LIMIT over the key and value functions, so
 * documents never come back to C one by one. Group keys group by their key encoding (1 and
 * 1.0 are one group; null and missing are one group for a "$path" key); a $dateTrunc key
 * groups by crm_dtrunc() (milliseconds); $sum of integers is SQLite's integer SUM; $min/$max
 * are C aggregates comparing keys; $countDistinct is COUNT(DISTINCT key) without nulls. */
#include "store/datetrunc-private.h"
#include "store/store-common-private.h"
#include "store/store-sqlite-private.h"

#include <string.h>

#define MAX_KEYS 16
#define MAX_OUTS 32

/* What each result column is. */
typedef struct agg_plan {
    int n_keys;
    bool compound; /* _id is a document of keys */
    char key_names[MAX_KEYS][64];
    bool key_date[MAX_KEYS]; /* a $dateTrunc key: the column holds milliseconds */
    int n_outs;
    char out_names[MAX_OUTS][64];
} agg_plan_t;

typedef struct agg_cursor {
    crm__conn_t *conn;
    sqlite3_stmt *stmt;
    agg_plan_t plan;
    bson_t doc;
    bool have_doc;
} agg_cursor_t;

/* Appends a "$path" reference's path as an SQL literal. */
static void
path_literal(bson_string_t *sql, const char *ref)
{
    bson_string_append_c(sql, '\'');
    for (const char *p = ref + 1; *p; p++) {
        if (*p == '\'')
            bson_string_append_c(sql, '\'');
        bson_string_append_c(sql, *p);
    }
    bson_string_append_c(sql, '\'');
}

void
crm__sqlite_fn_dtrunc(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const uint8_t *data = sqlite3_value_blob(argv[0]);
    int len = sqlite3_value_bytes(argv[0]);
    const char *path = (const char *)sqlite3_value_text(argv[1]);
    crm__trunc_unit_t unit;
    bson_t doc;
    bson_iter_t it, found;

    (void)argc;
    if (!data || len < 5 || !path || !bson_init_static(&doc, data, (size_t)len) ||
        !crm__trunc_unit_parse((const char *)sqlite3_value_text(argv[2]), &unit) ||
        !bson_iter_init(&it, &doc) || !bson_iter_find_descendant(&it, path, &found) ||
        !BSON_ITER_HOLDS_DATE_TIME(&found)) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_result_int64(ctx, crm__date_trunc(bson_iter_date_time(&found), unit));
}

/* Appends column I's value to OUT under KEY; DATE: an integer column holds milliseconds. */
static void
append_column(sqlite3_stmt *stmt, int i, bson_t *out, const char *key, bool date)
{
    switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER:
        if (date) {
            bson_append_date_time(out, key, -1, sqlite3_column_int64(stmt, i));
            break;
        }
        bson_append_int64(out, key, -1, sqlite3_column_int64(stmt, i));
        break;
    case SQLITE_FLOAT:
        bson_append_double(out, key, -1, sqlite3_column_double(stmt, i));
        break;
    case SQLITE_BLOB: {
        bson_t v;
        bson_iter_t it;

        if (bson_init_static(&v, sqlite3_column_blob(stmt, i),
                             (size_t)sqlite3_column_bytes(stmt, i)) &&
            bson_iter_init_find(&it, &v, "v"))
            bson_append_iter(out, key, -1, &it);
        else
            bson_append_null(out, key, -1);
        break;
    }
    default:
        bson_append_null(out, key, -1);
    }
}

static bool
agg_next(crm_cursor_t *cursor, const bson_t **doc)
{
    agg_cursor_t *ac = cursor->impl;
    int step, col = 0;

    if (!ac || !ac->stmt)
        return false;
    step = sqlite3_step(ac->stmt);
    if (step == SQLITE_DONE) {
        crm__stmt_release(ac->conn, ac->stmt);
        ac->stmt = NULL;
        return false;
    }
    if (step != SQLITE_ROW) {
        cursor->failed = true;
        crm__sqlite_fail(ac->conn, step, "aggregate", &cursor->error);
        return false;
    }
    if (ac->have_doc)
        bson_reinit(&ac->doc);
    else
        bson_init(&ac->doc);
    ac->have_doc = true;
    if (ac->plan.compound) {
        bson_t id;

        bson_append_document_begin(&ac->doc, "_id", 3, &id);
        for (int k = 0; k < ac->plan.n_keys; k++)
            append_column(ac->stmt, col++, &id, ac->plan.key_names[k], ac->plan.key_date[k]);
        bson_append_document_end(&ac->doc, &id);
    } else if (ac->plan.n_keys == 1) {
        append_column(ac->stmt, col++, &ac->doc, "_id", ac->plan.key_date[0]);
    } else {
        bson_append_null(&ac->doc, "_id", 3);
    }
    for (int o = 0; o < ac->plan.n_outs; o++)
        append_column(ac->stmt, col++, &ac->doc, ac->plan.out_names[o], false);
    *doc = &ac->doc;
    return true;
}

static void
agg_destroy(crm_cursor_t *cursor)
{
    agg_cursor_t *ac = cursor->impl;

    if (!ac)
        return;
    if (ac->stmt)
        crm__stmt_release(ac->conn, ac->stmt);
    if (ac->have_doc)
        bson_destroy(&ac->doc);
    bson_free(ac);
}

/* The parts of the SQL being built. */
typedef struct agg_sql {
    bson_string_t *select;
    bson_string_t *group;
    bson_string_t *order;
    char key_exprs[MAX_KEYS][300];
    char out_order[MAX_OUTS][300];
} agg_sql_t;

/* True when the key at IT is {"$dateTrunc": {...}}. */
static bool
is_date_trunc(const bson_iter_t *it)
{
    bson_iter_t d;

    return BSON_ITER_HOLDS_DOCUMENT(it) && bson_iter_recurse(it, &d) && bson_iter_next(&d) &&
           !strcmp(bson_iter_key(&d), "$dateTrunc");
}

/* Adds the group key at IT (named NAME inside a compound _id, or NULL) to PLAN: its GROUP BY
 * expression (KEY_FN over the path, or crm_dtrunc for a $dateTrunc) and its selected value. */
static void
add_key(const bson_iter_t *it, const char *name, const char *key_fn, agg_plan_t *plan,
        agg_sql_t *q)
{
    bson_string_t *e = bson_string_new(NULL);
    int n = plan->n_keys;

    if (is_date_trunc(it)) {
        bson_iter_t d, a;
        const char *date = "$", *unit = "day";

        bson_iter_recurse(it, &d);
        bson_iter_next(&d);
        bson_iter_recurse(&d, &a);
        while (bson_iter_next(&a)) {
            if (!strcmp(bson_iter_key(&a), "date"))
                date = bson_iter_utf8(&a, NULL);
            else if (!strcmp(bson_iter_key(&a), "unit"))
                unit = bson_iter_utf8(&a, NULL);
        }
        bson_string_append(e, "crm_dtrunc(doc, ");
        path_literal(e, date);
        bson_string_append_printf(e, ", '%s')", unit); /* checked: a known unit */
        bson_string_append_printf(q->select, "%s, ", e->str);
        plan->key_date[n] = true;
    } else {
        const char *ref = bson_iter_utf8(it, NULL);

        bson_string_append_printf(e, "%s(doc, ", key_fn);
        path_literal(e, ref);
        bson_string_append(e, ")");
        bson_string_append(q->select, "crm_bval(doc, ");
        path_literal(q->select, ref);
        bson_string_append(q->select, "), ");
    }
    bson_strncpy(q->key_exprs[n], e->str, sizeof q->key_exprs[0]);
    if (name)
        bson_strncpy(plan->key_names[n], name, sizeof plan->key_names[0]);
    bson_string_free(e, true);
    plan->n_keys++;
}

/* Plans the $group stage at G into PLAN and the SQL parts. */
static int
plan_group(const bson_iter_t *g, agg_plan_t *plan, agg_sql_t *q, crm_error_t *error)
{
    bson_iter_t f, k, acc;

    bson_iter_recurse(g, &f);
    while (bson_iter_next(&f)) {
        const char *name = bson_iter_key(&f);

        if (!strcmp(name, "_id")) {
            if (BSON_ITER_HOLDS_NULL(&f))
                continue;
            if (!BSON_ITER_HOLDS_DOCUMENT(&f) || is_date_trunc(&f)) {
                add_key(&f, NULL, "crm_key", plan, q);
                continue;
            }
            plan->compound = true;
            bson_iter_recurse(&f, &k);
            while (bson_iter_next(&k)) {
                if (plan->n_keys == MAX_KEYS)
                    return crm_error_set(error, CRM_EINVAL, "$group: too many keys");
                add_key(&k, bson_iter_key(&k), "crm_xkey", plan, q);
            }
            continue;
        }
        if (plan->n_outs == MAX_OUTS)
            return crm_error_set(error, CRM_EINVAL, "$group: too many outputs");
        bson_strncpy(plan->out_names[plan->n_outs], name, sizeof plan->out_names[0]);
        bson_iter_recurse(&f, &acc);
        bson_iter_next(&acc);
        {
            const char *op = bson_iter_key(&acc);
            bson_string_t *e = bson_string_new(NULL);
            bson_string_t *o = NULL;

            if (!strcmp(op, "$sum") && !BSON_ITER_HOLDS_UTF8(&acc)) {
                if (BSON_ITER_HOLDS_DOUBLE(&acc))
                    bson_string_append_printf(e, "(count(*) * %.17g)", bson_iter_double(&acc));
                else
                    bson_string_append_printf(e, "(count(*) * %" PRId64 ")",
                                              bson_iter_as_int64(&acc));
            } else if (!strcmp(op, "$sum")) {
                bson_string_append(e, "coalesce(sum(crm_num(doc, ");
                path_literal(e, bson_iter_utf8(&acc, NULL));
                bson_string_append(e, ")), 0)");
            } else if (!strcmp(op, "$countDistinct")) {
                bson_string_append(e, "count(DISTINCT crm_nkey(doc, ");
                path_literal(e, bson_iter_utf8(&acc, NULL));
                bson_string_append(e, "))");
            } else if (!strcmp(op, "$avg")) {
                bson_string_append(e, "avg(crm_num(doc, ");
                path_literal(e, bson_iter_utf8(&acc, NULL));
                bson_string_append(e, "))");
            } else {
                bool min = !strcmp(op, "$min");

                bson_string_append(e, min ? "crm_bmin(doc, " : "crm_bmax(doc, ");
                path_literal(e, bson_iter_utf8(&acc, NULL));
                bson_string_append(e, ")");
                o = bson_string_new(min ? "min(crm_nkey(doc, " : "max(crm_nkey(doc, ");
                path_literal(o, bson_iter_utf8(&acc, NULL));
                bson_string_append(o, "))");
            }
            bson_string_append_printf(q->select, "%s, ", e->str);
            bson_strncpy(q->out_order[plan->n_outs], o ? o->str : e->str, sizeof q->out_order[0]);
            bson_string_free(e, true);
            if (o)
                bson_string_free(o, true);
        }
        plan->n_outs++;
    }
    for (int i = 0; i < plan->n_keys; i++)
        bson_string_append_printf(q->group, "%s%s", i ? ", " : "", q->key_exprs[i]);
    return 0;
}

/* Appends the $sort stage at S to the ORDER BY. */
static void
plan_sort(const bson_iter_t *s, const agg_plan_t *plan, agg_sql_t *q)
{
    bson_iter_t f;

    bson_iter_recurse(s, &f);
    while (bson_iter_next(&f)) {
        const char *name = bson_iter_key(&f);
        const char *dir = bson_iter_as_int64(&f) < 0 ? " DESC, " : " ASC, ";

        if (!strcmp(name, "_id")) {
            for (int i = 0; i < plan->n_keys; i++)
                bson_string_append_printf(q->order, "%s%s", q->key_exprs[i], dir);
        } else if (!strncmp(name, "_id.", 4)) {
            for (int i = 0; i < plan->n_keys; i++)
                if (plan->compound && !strcmp(plan->key_names[i], name + 4))
                    bson_string_append_printf(q->order, "%s%s", q->key_exprs[i], dir);
        } else {
            for (int i = 0; i < plan->n_outs; i++)
                if (!strcmp(plan->out_names[i], name))
                    bson_string_append_printf(q->order, "%s%s", q->out_order[i], dir);
        }
    }
}

crm_cursor_t *
crm__sqlite_aggregate(void *impl, const char *coll, const bson_t *pipeline, crm_error_t *error)
{
    crm__conn_t *conn = crm__sqlite_conn(impl, error);
    crm__coll_t meta = {0};
    crm__where_t w;
    agg_sql_t q;
    agg_plan_t plan;
    agg_cursor_t *ac = NULL;
    crm_cursor_t *cursor = NULL;
    bson_iter_t it, stage;
    bson_t match;
    bool have_match = false;
    int64_t limit = -1;
    bson_string_t *sql = NULL;
    sqlite3_stmt *stmt = NULL;
    int rc = 0;

    memset(&q, 0, sizeof q);
    memset(&plan, 0, sizeof plan);
    crm__where_init(&w);
    q.select = bson_string_new(NULL);
    q.group = bson_string_new(NULL);
    q.order = bson_string_new(NULL);
    if (!conn)
        goto done;
    if (crm__coll_load(conn, coll, &meta, error))
        goto done;
    bson_iter_init(&it, pipeline);
    while (rc == 0 && bson_iter_next(&it)) {
        bson_iter_recurse(&it, &stage);
        bson_iter_next(&stage);
        if (!strcmp(bson_iter_key(&stage), "$match")) {
            const uint8_t *data;
            uint32_t len;

            bson_iter_document(&stage, &len, &data);
            bson_init_static(&match, data, len);
            have_match = true;
        } else if (!strcmp(bson_iter_key(&stage), "$group")) {
            rc = plan_group(&stage, &plan, &q, error);
        } else if (!strcmp(bson_iter_key(&stage), "$sort")) {
            plan_sort(&stage, &plan, &q);
        } else {
            limit = bson_iter_as_int64(&stage);
        }
    }
    /* An aggregate's period usually spans much of a collection, and without range statistics
     * SQLite would walk the index and fetch every row at random: ranges scan, equalities (the
     * caller's scope) still use their indexes. */
    w.ranges_scan = true;
    if (rc || crm__where_compile(&meta, have_match ? &match : NULL, &w, error))
        goto done;
    cursor = crm__cursor_new();
    if (!meta.exists)
        goto done;
    for (int i = 0; i < plan.n_keys; i++)
        bson_string_append_printf(q.order, "%s ASC, ", q.key_exprs[i]);
    sql = bson_string_new(NULL);
    bson_string_truncate(q.select, q.select->len - 2);
    bson_string_append_printf(sql, "SELECT %s FROM \"%s\" WHERE %s",
                              q.select->len ? q.select->str : "1", meta.table, w.sql->str);
    if (plan.n_keys)
        bson_string_append_printf(sql, " GROUP BY %s", q.group->str);
    else
        bson_string_append(sql, " HAVING count(*) > 0");
    if (q.order->len) {
        bson_string_truncate(q.order, q.order->len - 2);
        bson_string_append_printf(sql, " ORDER BY %s", q.order->str);
    }
    bson_string_append_printf(sql, " LIMIT %" PRId64, limit);
    stmt = crm__stmt_get(conn, sql->str, error);
    if (!stmt) {
        crm_cursor_destroy(cursor);
        cursor = NULL;
        goto done;
    }
    for (size_t i = 0; i < w.n_params; i++)
        sqlite3_bind_blob(stmt, (int)i + 1, w.params[i].data, (int)w.params[i].len,
                          SQLITE_TRANSIENT);
    for (size_t i = 0; i < w.n_params; i++)
        if (w.params[i].is_text)
            sqlite3_bind_text(stmt, (int)i + 1, (const char *)w.params[i].data,
                              (int)w.params[i].len, SQLITE_TRANSIENT);
    ac = bson_malloc0(sizeof *ac);
    ac->conn = conn;
    ac->stmt = stmt;
    ac->plan = plan;
    cursor->impl = ac;
    cursor->next = agg_next;
    cursor->destroy = agg_destroy;
done:
    if (sql)
        bson_string_free(sql, true);
    bson_string_free(q.select, true);
    bson_string_free(q.group, true);
    bson_string_free(q.order, true);
    crm__where_free(&w);
    crm__coll_clear(&meta);
    return cursor;
}
