/* The SQLite driver's reads and writes: insert_many (one transaction, one reused statement),
 * find and its cursor, count, update (read-modify-write in one unit, upsert), replace and
 * delete. */
#include "store/store-common-private.h"
#include "store/store-sqlite-private.h"

#include <stdio.h>
#include <string.h>

/* The code of a failure whose ERROR may be NULL. */
#define FAIL_CODE(error, dflt) ((error) && (error)->code ? (error)->code : (dflt))

int
crm__sqlite_insert_many(void *impl, const char *coll, const bson_t *const *docs, size_t n,
                        crm_error_t *error)
{
    crm__conn_t *conn = crm__sqlite_conn(impl, error);
    crm__coll_t meta = {0};
    crm_error_t err;
    bool outer = false;
    int rc;

    if (!conn)
        return FAIL_CODE(error, CRM_EUNAVAIL);
    crm_error_clear(&err);
    rc = crm__unit_begin(conn, &outer, &err);
    if (rc)
        goto done;
    rc = crm__coll_load(conn, coll, &meta, &err);
    if (rc == 0 && !meta.exists) {
        rc = crm__coll_create(conn, coll, &err);
        meta.exists = true;
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = crm__doc_write(conn, coll, &meta, 0, docs[i], &err);
        if (rc && n > 1) {
            char msg[sizeof err.message];

            snprintf(msg, sizeof msg, "%s", err.message);
            crm_error_set(&err, rc, "document %zu: %s", i, msg);
        }
    }
    rc = crm__unit_end(conn, outer, rc, &err);
done:
    if (rc && error)
        *error = err;
    crm__coll_clear(&meta);
    return rc;
}

/* ---- find ---- */

typedef struct find_cursor {
    crm__conn_t *conn;
    sqlite3_stmt *stmt;
    bson_t view;
    bson_t *projection;
    bson_t projected;
    bool have_projected;
} find_cursor_t;

static bool
find_next(crm_cursor_t *cursor, const bson_t **doc)
{
    find_cursor_t *fc = cursor->impl;
    int step;

    if (!fc || !fc->stmt)
        return false;
    step = sqlite3_step(fc->stmt);
    if (step == SQLITE_DONE) {
        crm__stmt_release(fc->conn, fc->stmt);
        fc->stmt = NULL;
        return false;
    }
    if (step != SQLITE_ROW) {
        cursor->failed = true;
        crm__sqlite_fail(fc->conn, step, "find", &cursor->error);
        return false;
    }
    if (!bson_init_static(&fc->view, sqlite3_column_blob(fc->stmt, 0),
                          (size_t)sqlite3_column_bytes(fc->stmt, 0))) {
        cursor->failed = true;
        crm_error_set(&cursor->error, CRM_ESTORE, "find: a stored document is corrupt");
        return false;
    }
    if (!fc->projection) {
        *doc = &fc->view;
        return true;
    }
    if (fc->have_projected)
        bson_reinit(&fc->projected);
    else
        bson_init(&fc->projected);
    fc->have_projected = true;
    crm__projection_apply(&fc->view, fc->projection, &fc->projected);
    *doc = &fc->projected;
    return true;
}

static void
find_destroy(crm_cursor_t *cursor)
{
    find_cursor_t *fc = cursor->impl;

    if (!fc)
        return;
    if (fc->stmt)
        crm__stmt_release(fc->conn, fc->stmt);
    if (fc->have_projected)
        bson_destroy(&fc->projected);
    bson_destroy(fc->projection);
    bson_free(fc);
}

/* Appends " ORDER BY" with SORT's keys and _id last. */
static void
order_by(const crm__coll_t *meta, const bson_t *sort, bson_string_t *sql)
{
    bson_iter_t it;
    bool id_sorted = false;

    bson_string_append(sql, " ORDER BY ");
    if (sort && bson_iter_init(&it, sort)) {
        while (bson_iter_next(&it)) {
            crm__sort_expr(meta, bson_iter_key(&it), bson_iter_as_int64(&it) < 0, sql);
            bson_string_append(sql, ", ");
            if (!strcmp(bson_iter_key(&it), "_id"))
                id_sorted = true;
        }
    }
    if (id_sorted)
        bson_string_truncate(sql, sql->len - 2);
    else
        bson_string_append(sql, "id ASC");
}

/* True when SORT asks for the order of the text search ({"$text": -1}). */
static bool
sorts_by_text(const bson_t *sort)
{
    bson_iter_t it;

    return sort && bson_iter_init_find(&it, sort, "$text");
}

crm_cursor_t *
crm__sqlite_find(void *impl, const char *coll, const bson_t *filter, const crm_find_opts_t *opts,
                 crm_error_t *error)
{
    crm__conn_t *conn = crm__sqlite_conn(impl, error);
    crm__coll_t meta = {0};
    crm__where_t w;
    crm_cursor_t *cursor = NULL;
    find_cursor_t *fc = NULL;
    sqlite3_stmt *stmt = NULL;
    bson_string_t *sql = NULL;
    int idx = (int)0;
    bool by_text = sorts_by_text(opts ? opts->sort : NULL);

    crm__where_init(&w);
    if (!conn)
        goto done;
    if (crm__coll_load(conn, coll, &meta, error) || crm__where_compile(&meta, filter, &w, error))
        goto done;
    cursor = crm__cursor_new();
    if (!meta.exists)
        goto done;
    sql = bson_string_new(NULL);
    bson_string_append_printf(sql, "SELECT doc FROM \"%s\" WHERE %s", meta.table, w.sql->str);
    /* The text search's order: every match ranks alike (all words must match), newest first.
     * The matches' row ids come from the text index in that order, so a page reads its own
     * rows only, and other conditions are checked on their indexes where they have one. */
    if (by_text)
        bson_string_append(sql, " ORDER BY rid DESC");
    else
        order_by(&meta, opts ? opts->sort : NULL, sql);
    bson_string_append_printf(sql, " LIMIT ?%zu OFFSET ?%zu", w.n_params + 1, w.n_params + 2);
    stmt = crm__stmt_get(conn, sql->str, error);
    bson_string_free(sql, true);
    if (!stmt) {
        crm_cursor_destroy(cursor);
        cursor = NULL;
        goto done;
    }
    idx = (int)w.n_params + 1;
    sqlite3_bind_int64(stmt, idx, opts && opts->limit > 0 ? opts->limit : -1);
    sqlite3_bind_int64(stmt, idx + 1, opts ? opts->skip : 0);
    fc = bson_malloc0(sizeof *fc);
    fc->conn = conn;
    fc->stmt = stmt;
    if (opts && opts->projection && !bson_empty(opts->projection))
        fc->projection = bson_copy(opts->projection);
    cursor->impl = fc;
    cursor->next = find_next;
    cursor->destroy = find_destroy;
    /* the statement outlives W: bind copies */
    for (size_t i = 0; i < w.n_params; i++) {
        const struct crm__param *p = &w.params[i];

        if (p->is_text)
            sqlite3_bind_text(stmt, (int)i + 1, (const char *)p->data, (int)p->len,
                              SQLITE_TRANSIENT);
        else
            sqlite3_bind_blob(stmt, (int)i + 1, p->data, (int)p->len, SQLITE_TRANSIENT);
    }
done:
    crm__where_free(&w);
    crm__coll_clear(&meta);
    return cursor;
}

/* Prepares "SELECT <cols> FROM <table> WHERE <filter> [ORDER BY id] [LIMIT 1]" into *STMT. */
static int
select_where(crm__conn_t *conn, const crm__coll_t *meta, const char *cols, const bson_t *filter,
             bool one, sqlite3_stmt **stmt, crm_error_t *error)
{
    crm__where_t w;
    bson_string_t *sql = bson_string_new(NULL);
    int rc;

    crm__where_init(&w);
    *stmt = NULL;
    rc = crm__where_compile(meta, filter, &w, error);
    if (rc)
        goto done;
    bson_string_append_printf(sql, "SELECT %s FROM \"%s\" WHERE %s%s", cols, meta->table,
                              w.sql->str, one ? " ORDER BY id LIMIT 1" : "");
    *stmt = crm__stmt_get(conn, sql->str, error);
    if (!*stmt) {
        rc = FAIL_CODE(error, CRM_ESTORE);
        goto done;
    }
    for (size_t i = 0; i < w.n_params; i++) {
        const struct crm__param *p = &w.params[i];

        if (p->is_text)
            sqlite3_bind_text(*stmt, (int)i + 1, (const char *)p->data, (int)p->len,
                              SQLITE_TRANSIENT);
        else
            sqlite3_bind_blob(*stmt, (int)i + 1, p->data, (int)p->len, SQLITE_TRANSIENT);
    }
done:
    bson_string_free(sql, true);
    crm__where_free(&w);
    return rc;
}

int
crm__sqlite_count(void *impl, const char *coll, const bson_t *filter, int64_t *count,
                  crm_error_t *error)
{
    crm__conn_t *conn = crm__sqlite_conn(impl, error);
    crm__coll_t meta = {0};
    sqlite3_stmt *stmt = NULL;
    int rc, step;

    if (!conn)
        return FAIL_CODE(error, CRM_EUNAVAIL);
    rc = crm__coll_load(conn, coll, &meta, error);
    if (rc == 0 && !meta.exists) {
        crm__where_t w;

        /* still refuse a $text without an index */
        crm__where_init(&w);
        rc = crm__where_compile(&meta, filter, &w, error);
        crm__where_free(&w);
        goto done;
    }
    if (rc == 0)
        rc = select_where(conn, &meta, "count(*)", filter, false, &stmt, error);
    if (rc)
        goto done;
    step = sqlite3_step(stmt);
    if (step == SQLITE_ROW)
        *count = sqlite3_column_int64(stmt, 0);
    else
        rc = crm__sqlite_fail(conn, step, "count", error);
done:
    crm__stmt_release(conn, stmt);
    crm__coll_clear(&meta);
    return rc;
}

/* A matched row: its rowid and a copy of its document. */
typedef struct row {
    int64_t rid;
    bson_t *doc;
} row_t;

/* Reads the rows matching FILTER (the first in _id order when ONE) into *ROWS. */
static int
collect_rows(crm__conn_t *conn, const crm__coll_t *meta, const bson_t *filter, bool one,
             bool with_doc, row_t **rows, size_t *n, crm_error_t *error)
{
    sqlite3_stmt *stmt = NULL;
    size_t cap = 0;
    int rc, step;

    *rows = NULL;
    *n = 0;
    rc = select_where(conn, meta, with_doc ? "rid, doc" : "rid", filter, one, &stmt, error);
    if (rc)
        return rc;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *rows = bson_realloc(*rows, cap * sizeof **rows);
        }
        (*rows)[*n].rid = sqlite3_column_int64(stmt, 0);
        (*rows)[*n].doc = with_doc ? bson_new_from_data(sqlite3_column_blob(stmt, 1),
                                                        (size_t)sqlite3_column_bytes(stmt, 1))
                                   : NULL;
        (*n)++;
    }
    if (step != SQLITE_DONE)
        rc = crm__sqlite_fail(conn, step, "read", error);
    crm__stmt_release(conn, stmt);
    return rc;
}

static void
rows_free(row_t *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].doc)
            bson_destroy(rows[i].doc);
    bson_free(rows);
}

/* Inserts the upsert's document built from FILTER and UPDATE. */
static int
upsert(crm__conn_t *conn, const char *coll, crm__coll_t *meta, const bson_t *filter,
       const bson_t *update, crm_update_result_t *result, crm_error_t *error)
{
    bson_t built, *doc = NULL;
    bson_iter_t it;
    int rc;

    rc = crm__upsert_doc(filter, update, &built, error);
    if (rc)
        return rc;
    if (!bson_iter_init_find(&it, &built, "_id")) {
        bson_oid_t oid;

        bson_oid_init(&oid, NULL);
        doc = bson_new();
        BSON_APPEND_OID(doc, "_id", &oid);
        bson_concat(doc, &built);
        bson_destroy(&built);
    } else {
        doc = bson_copy(&built);
        bson_destroy(&built);
    }
    if (!meta->exists) {
        rc = crm__coll_create(conn, coll, error);
        meta->exists = true;
    }
    if (rc == 0)
        rc = crm__doc_write(conn, coll, meta, 0, doc, error);
    if (rc == 0 && result) {
        bson_iter_init_find(&it, doc, "_id");
        result->upserted = true;
        bson_value_copy(bson_iter_value(&it), &result->upserted_id);
    }
    bson_destroy(doc);
    return rc;
}

int
crm__sqlite_update(void *impl, const char *coll, const bson_t *filter, const bson_t *update,
                   int flags, crm_update_result_t *result, crm_error_t *error)
{
    crm__conn_t *conn = crm__sqlite_conn(impl, error);
    crm__coll_t meta = {0};
    row_t *rows = NULL;
    size_t n = 0;
    int64_t modified = 0;
    bool outer = false, began = false;
    int rc;

    if (!conn)
        return FAIL_CODE(error, CRM_EUNAVAIL);
    rc = crm__unit_begin(conn, &outer, error);
    if (rc)
        goto done;
    began = true;
    rc = crm__coll_load(conn, coll, &meta, error);
    if (rc == 0 && meta.exists)
        rc = collect_rows(conn, &meta, filter, !(flags & CRM_UPDATE_MANY), true, &rows, &n, error);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        bson_t out;
        bool changed = false;

        rc = crm__update_apply(rows[i].doc, update, &out, &changed, error);
        if (rc)
            break;
        if (changed) {
            rc = crm__doc_write(conn, coll, &meta, rows[i].rid, &out, error);
            modified++;
        }
        bson_destroy(&out);
    }
    if (rc == 0 && n == 0 && (flags & CRM_UPDATE_UPSERT))
        rc = upsert(conn, coll, &meta, filter, update, result, error);
    if (rc == 0 && result) {
        result->matched = (int64_t)n;
        result->modified = modified;
    }
done:
    if (began)
        rc = crm__unit_end(conn, outer, rc, error);
    if (rc && result && result->upserted) {
        bson_value_destroy(&result->upserted_id);
        memset(result, 0, sizeof *result);
    }
    rows_free(rows, n);
    crm__coll_clear(&meta);
    return rc;
}

int
crm__sqlite_replace(void *impl, const char *coll, const bson_t *doc, crm_error_t *error)
{
    crm__conn_t *conn = crm__sqlite_conn(impl, error);
    crm__coll_t meta = {0};
    bson_t filter = BSON_INITIALIZER;
    bson_iter_t it;
    row_t *rows = NULL;
    size_t n = 0;
    bool outer = false, began = false;
    int rc;

    if (!conn)
        return FAIL_CODE(error, CRM_EUNAVAIL);
    bson_iter_init_find(&it, doc, "_id");
    bson_append_iter(&filter, "_id", 3, &it);
    rc = crm__unit_begin(conn, &outer, error);
    if (rc)
        goto done;
    began = true;
    rc = crm__coll_load(conn, coll, &meta, error);
    if (rc == 0 && meta.exists)
        rc = collect_rows(conn, &meta, &filter, true, false, &rows, &n, error);
    if (rc == 0 && n == 0)
        rc = crm_error_set(error, CRM_ENOTFOUND, "replace: no document in %s has that _id", coll);
    if (rc == 0)
        rc = crm__doc_write(conn, coll, &meta, rows[0].rid, doc, error);
done:
    if (began)
        rc = crm__unit_end(conn, outer, rc, error);
    rows_free(rows, n);
    bson_destroy(&filter);
    crm__coll_clear(&meta);
    return rc;
}

int
crm__sqlite_delete(void *impl, const char *coll, const bson_t *filter, bool many, int64_t *deleted,
                   crm_error_t *error)
{
    crm__conn_t *conn = crm__sqlite_conn(impl, error);
    crm__coll_t meta = {0};
    row_t *rows = NULL;
    size_t n = 0;
    bool outer = false, began = false;
    int rc;

    if (!conn)
        return FAIL_CODE(error, CRM_EUNAVAIL);
    rc = crm__unit_begin(conn, &outer, error);
    if (rc)
        goto done;
    began = true;
    rc = crm__coll_load(conn, coll, &meta, error);
    if (rc == 0 && meta.exists)
        rc = collect_rows(conn, &meta, filter, !many, false, &rows, &n, error);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = crm__doc_delete(conn, &meta, rows[i].rid, error);
    if (rc == 0 && deleted)
        *deleted = (int64_t)n;
done:
    if (began)
        rc = crm__unit_end(conn, outer, rc, error);
    rows_free(rows, n);
    crm__coll_clear(&meta);
    return rc;
}
