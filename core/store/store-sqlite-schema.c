/* The SQLite driver's schema: a table per collection ("c_<coll>": rid, id = the key of _id,
 * doc = the BSON bytes), the crm_meta table (collections, paths that have held arrays, indexes,
 * the text index), writing and deleting documents with that bookkeeping kept in step, and
 * ensure_index (expression indexes on crm_key(), an FTS5 table for text). */
#include "store/store-sqlite-private.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

int
crm__coll_load(crm__conn_t *conn, const char *coll, crm__coll_t *meta, crm_error_t *error)
{
    sqlite3_stmt *stmt;
    int rc, step;

    memset(meta, 0, sizeof *meta);
    snprintf(meta->table, sizeof meta->table, "c_%s", coll);
    snprintf(meta->fts, sizeof meta->fts, "t_%s", coll);
    snprintf(meta->etable, sizeof meta->etable, "e_%s", coll);
    stmt = crm__stmt_get(conn, "SELECT kind, value, spec FROM crm_meta WHERE coll=?1", error);
    if (!stmt)
        return error ? error->code : CRM_ESTORE;
    sqlite3_bind_text(stmt, 1, coll, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *kind = (const char *)sqlite3_column_text(stmt, 0);
        const char *value = (const char *)sqlite3_column_text(stmt, 1);
        const char *spec = (const char *)sqlite3_column_text(stmt, 2);

        if (!strcmp(kind, "c")) {
            meta->exists = true;
        } else if (!strcmp(kind, "a")) {
            meta->arrays = bson_realloc(meta->arrays, (meta->n_arrays + 1) * sizeof(char *));
            meta->arrays[meta->n_arrays++] = bson_strdup(value);
        } else if (!strcmp(kind, "i") && spec && !strncmp(spec, "unique ", 7)) {
            size_t len = strcspn(spec + 7, " ");
            const char *f = spec + 7 + (spec[7] == '-');

            meta->uniques = bson_realloc(meta->uniques, (meta->n_uniques + 1) * sizeof(char *));
            meta->uniques[meta->n_uniques++] = bson_strndup(f, len - (size_t)(spec[7] == '-'));
        } else if (!strcmp(kind, "e")) {
            meta->elems = bson_realloc(meta->elems, (meta->n_elems + 1) * sizeof(char *));
            meta->elems[meta->n_elems++] = bson_strdup(value);
        } else if (!strcmp(kind, "t") && spec) {
            bson_free(meta->text_fields);
            meta->text_fields = bson_strdup(spec);
        }
    }
    rc = step == SQLITE_DONE ? 0 : crm__sqlite_fail(conn, step, "read collection metadata", error);
    crm__stmt_release(conn, stmt);
    return rc;
}

void
crm__coll_clear(crm__coll_t *meta)
{
    for (size_t i = 0; i < meta->n_arrays; i++)
        bson_free(meta->arrays[i]);
    bson_free(meta->arrays);
    for (size_t i = 0; i < meta->n_elems; i++)
        bson_free(meta->elems[i]);
    bson_free(meta->elems);
    for (size_t i = 0; i < meta->n_uniques; i++)
        bson_free(meta->uniques[i]);
    bson_free(meta->uniques);
    bson_free(meta->text_fields);
    memset(meta, 0, sizeof *meta);
}

bool
crm__coll_unique_path(const crm__coll_t *meta, const char *path)
{
    for (size_t i = 0; i < meta->n_uniques; i++)
        if (!strcmp(meta->uniques[i], path))
            return true;
    return false;
}

bool
crm__coll_elem_path(const crm__coll_t *meta, const char *path)
{
    for (size_t i = 0; i < meta->n_elems; i++)
        if (!strcmp(meta->elems[i], path))
            return true;
    return false;
}

int
crm__coll_create(crm__conn_t *conn, const char *coll, crm_error_t *error)
{
    char sql[512];
    int rc;

    snprintf(sql, sizeof sql,
             "CREATE TABLE IF NOT EXISTS \"c_%s\"(rid INTEGER PRIMARY KEY, id BLOB NOT NULL "
             "UNIQUE, doc BLOB NOT NULL);"
             "INSERT OR IGNORE INTO crm_meta(coll, kind, value) VALUES('%s', 'c', '')",
             coll, coll);
    rc = crm__sqlite_exec(conn, sql, error);
    return rc;
}

bool
crm__coll_array_path(const crm__coll_t *meta, const char *path)
{
    for (size_t i = 0; i < meta->n_arrays; i++) {
        size_t len = strlen(meta->arrays[i]);

        if (!strncmp(path, meta->arrays[i], len) && (path[len] == '\0' || path[len] == '.'))
            return true;
    }
    return false;
}

/* Records PATH of COLL as having held an array unless META or CONN already knows it. */
static int
note_array(crm__conn_t *conn, const char *coll, const crm__coll_t *meta, const char *path,
           crm_error_t *error)
{
    char key[400];
    sqlite3_stmt *stmt;
    int step;

    for (size_t i = 0; i < meta->n_arrays; i++)
        if (!strcmp(meta->arrays[i], path))
            return 0;
    snprintf(key, sizeof key, "%s\n%s", coll, path);
    for (size_t i = 0; i < conn->n_known; i++)
        if (!strcmp(conn->known[i], key))
            return 0;
    stmt = crm__stmt_get(
        conn, "INSERT OR IGNORE INTO crm_meta(coll, kind, value) VALUES(?1, 'a', ?2)", error);
    if (!stmt)
        return error ? error->code : CRM_ESTORE;
    sqlite3_bind_text(stmt, 1, coll, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, path, -1, SQLITE_STATIC);
    step = sqlite3_step(stmt);
    crm__stmt_release(conn, stmt);
    if (step != SQLITE_DONE)
        return crm__sqlite_fail(conn, step, "record array path", error);
    if (conn->n_known == conn->cap_known) {
        conn->cap_known = conn->cap_known ? conn->cap_known * 2 : 16;
        conn->known = bson_realloc(conn->known, conn->cap_known * sizeof(char *));
    }
    conn->known[conn->n_known++] = bson_strdup(key);
    conn->known_dirty = true;
    return 0;
}

/* Records the paths that hold arrays among the members MEMBERS iterates over (those of an
 * array when IN_ARRAY), below PREFIX. Elements of arrays continue the path of the array itself
 * (no index segment). */
static int
walk_arrays(crm__conn_t *conn, const char *coll, const crm__coll_t *meta, bson_iter_t *members,
            bool in_array, const char *prefix, crm_error_t *error)
{
    bson_iter_t sub;
    char path[300];
    int rc = 0;

    while (rc == 0 && bson_iter_next(members)) {
        bool sub_doc = BSON_ITER_HOLDS_DOCUMENT(members);
        bool sub_arr = BSON_ITER_HOLDS_ARRAY(members);

        if (!sub_doc && !sub_arr)
            continue;
        if (in_array)
            snprintf(path, sizeof path, "%s", prefix);
        else if (*prefix)
            snprintf(path, sizeof path, "%s.%s", prefix, bson_iter_key(members));
        else
            snprintf(path, sizeof path, "%s", bson_iter_key(members));
        if (sub_arr)
            rc = note_array(conn, coll, meta, path, error);
        if (rc == 0 && bson_iter_recurse(members, &sub))
            rc = walk_arrays(conn, coll, meta, &sub, sub_arr, path, error);
    }
    return rc;
}

/* Builds the text index body of DOC: the strings at the fields FIELDS ('\n'-separated). */
static bson_string_t *
text_body(const bson_t *doc, const char *fields)
{
    bson_string_t *body = bson_string_new(NULL);
    char path[300];
    const char *f = fields;

    while (*f) {
        const char *nl = strchr(f, '\n');
        size_t len = nl ? (size_t)(nl - f) : strlen(f);
        bson_iter_t it, found, el;

        snprintf(path, sizeof path, "%.*s", (int)len, f);
        if (bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, path, &found)) {
            if (BSON_ITER_HOLDS_UTF8(&found)) {
                bson_string_append(body, bson_iter_utf8(&found, NULL));
                bson_string_append_c(body, '\n');
            } else if (BSON_ITER_HOLDS_ARRAY(&found) && bson_iter_recurse(&found, &el)) {
                while (bson_iter_next(&el)) {
                    if (BSON_ITER_HOLDS_UTF8(&el)) {
                        bson_string_append(body, bson_iter_utf8(&el, NULL));
                        bson_string_append_c(body, '\n');
                    }
                }
            }
        }
        f += len + (nl ? 1 : 0);
    }
    return body;
}

/* Runs the one-shot statement SQL with ROWID (and TEXT when not NULL) bound. */
static int
run_rowid(crm__conn_t *conn, const char *sql, int64_t rowid, const char *text, const char *what,
          crm_error_t *error)
{
    sqlite3_stmt *stmt = crm__stmt_get(conn, sql, error);
    int step;

    if (!stmt)
        return error ? error->code : CRM_ESTORE;
    sqlite3_bind_int64(stmt, 1, rowid);
    if (text)
        sqlite3_bind_text(stmt, 2, text, -1, SQLITE_STATIC);
    step = sqlite3_step(stmt);
    crm__stmt_release(conn, stmt);
    return step == SQLITE_DONE ? 0 : crm__sqlite_fail(conn, step, what, error);
}

/* Writing the element rows of one document. */
typedef struct elem_writer {
    crm__conn_t *conn;
    sqlite3_stmt *stmt;
    const char *path;
    int64_t rowid;
    int rc;
    crm_error_t *error;
} elem_writer_t;

static void
write_elem(const uint8_t *key, size_t len, void *data)
{
    elem_writer_t *w = data;
    int step;

    if (w->rc)
        return;
    sqlite3_bind_text(w->stmt, 1, w->path, -1, SQLITE_STATIC);
    sqlite3_bind_blob(w->stmt, 2, key, (int)len, SQLITE_TRANSIENT);
    sqlite3_bind_int64(w->stmt, 3, w->rowid);
    step = sqlite3_step(w->stmt);
    sqlite3_reset(w->stmt);
    if (step != SQLITE_DONE)
        w->rc = crm__sqlite_fail(w->conn, step, "element index", w->error);
}

/* Writes the element rows of document ROWID (DOC; NULL when deleted) for META's element
 * paths, first removing its old ones when CLEAR. */
static int
elems_write(crm__conn_t *conn, const crm__coll_t *meta, int64_t rowid, const bson_t *doc,
            bool clear, crm_error_t *error)
{
    char sql[256];
    elem_writer_t w = {conn, NULL, NULL, rowid, 0, error};
    int rc;

    if (!meta->n_elems)
        return 0;
    if (clear) {
        snprintf(sql, sizeof sql, "DELETE FROM \"%s\" WHERE rid=?1", meta->etable);
        rc = run_rowid(conn, sql, rowid, NULL, "element index", error);
        if (rc || !doc)
            return rc;
    }
    snprintf(sql, sizeof sql, "INSERT INTO \"%s\"(path, key, rid) VALUES(?1, ?2, ?3)",
             meta->etable);
    w.stmt = crm__stmt_get(conn, sql, error);
    if (!w.stmt)
        return error ? error->code : CRM_ESTORE;
    for (size_t i = 0; w.rc == 0 && i < meta->n_elems; i++) {
        w.path = meta->elems[i];
        crm__element_keys(doc, meta->elems[i], write_elem, &w);
    }
    crm__stmt_release(conn, w.stmt);
    return w.rc;
}

int
crm__doc_write(crm__conn_t *conn, const char *coll, const crm__coll_t *meta, int64_t rowid,
               const bson_t *doc, crm_error_t *error)
{
    char sql[256];
    sqlite3_stmt *stmt = NULL;
    bson_iter_t it;
    crm__buf_t id;
    bson_string_t *body = NULL;
    bool replacing = false;
    int rc = 0, step;

    crm__buf_init(&id);
    if (!bson_iter_init_find(&it, doc, "_id")) {
        rc = crm_error_set(error, CRM_EINVAL, "document has no _id");
        goto done;
    }
    crm__key_encode(&it, &id);
    if (rowid == 0)
        snprintf(sql, sizeof sql, "INSERT INTO \"%s\"(id, doc) VALUES(?1, ?2)", meta->table);
    else
        snprintf(sql, sizeof sql, "UPDATE \"%s\" SET id=?1, doc=?2 WHERE rid=?3", meta->table);
    stmt = crm__stmt_get(conn, sql, error);
    if (!stmt) {
        rc = error ? error->code : CRM_ESTORE;
        goto done;
    }
    sqlite3_bind_blob(stmt, 1, id.data, (int)id.len, SQLITE_STATIC);
    sqlite3_bind_blob(stmt, 2, bson_get_data(doc), (int)doc->len, SQLITE_STATIC);
    if (rowid)
        sqlite3_bind_int64(stmt, 3, rowid);
    step = sqlite3_step(stmt);
    if (step != SQLITE_DONE) {
        rc = crm__sqlite_fail(conn, step, coll, error);
        goto done;
    }
    if (rowid == 0)
        rowid = sqlite3_last_insert_rowid(conn->db);
    else
        replacing = true;
    if (bson_iter_init(&it, doc)) {
        rc = walk_arrays(conn, coll, meta, &it, false, "", error);
        if (rc)
            goto done;
    }
    rc = elems_write(conn, meta, rowid, doc, replacing, error);
    if (rc)
        goto done;
    if (meta->text_fields) {
        if (replacing) {
            snprintf(sql, sizeof sql, "DELETE FROM \"%s\" WHERE rowid=?1", meta->fts);
            rc = run_rowid(conn, sql, rowid, NULL, "text index", error);
            if (rc)
                goto done;
        }
        body = text_body(doc, meta->text_fields);
        snprintf(sql, sizeof sql, "INSERT INTO \"%s\"(rowid, body) VALUES(?1, ?2)", meta->fts);
        rc = run_rowid(conn, sql, rowid, body->str, "text index", error);
    }
done:
    crm__stmt_release(conn, stmt);
    crm__buf_free(&id);
    if (body)
        bson_string_free(body, true);
    return rc;
}

int
crm__doc_delete(crm__conn_t *conn, const crm__coll_t *meta, int64_t rowid, crm_error_t *error)
{
    char sql[256];
    int rc;

    snprintf(sql, sizeof sql, "DELETE FROM \"%s\" WHERE rid=?1", meta->table);
    rc = run_rowid(conn, sql, rowid, NULL, "delete", error);
    if (rc == 0)
        rc = elems_write(conn, meta, rowid, NULL, true, error);
    if (rc == 0 && meta->text_fields) {
        snprintf(sql, sizeof sql, "DELETE FROM \"%s\" WHERE rowid=?1", meta->fts);
        rc = run_rowid(conn, sql, rowid, NULL, "text index", error);
    }
    return rc;
}

/* Fills the text index of META from the rows already stored. */
static int
text_backfill(crm__conn_t *conn, const crm__coll_t *meta, crm_error_t *error)
{
    char sql[256];
    sqlite3_stmt *stmt = NULL;
    int rc = 0, step;

    snprintf(sql, sizeof sql, "SELECT rid, doc FROM \"%s\"", meta->table);
    stmt = crm__stmt_get(conn, sql, error);
    if (!stmt)
        return error ? error->code : CRM_ESTORE;
    snprintf(sql, sizeof sql, "INSERT INTO \"%s\"(rowid, body) VALUES(?1, ?2)", meta->fts);
    while (rc == 0 && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
        bson_t doc;
        bson_string_t *body;

        if (!bson_init_static(&doc, sqlite3_column_blob(stmt, 1),
                              (size_t)sqlite3_column_bytes(stmt, 1)))
            continue;
        body = text_body(&doc, meta->text_fields);
        rc = run_rowid(conn, sql, sqlite3_column_int64(stmt, 0), body->str, "text index", error);
        bson_string_free(body, true);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = crm__sqlite_fail(conn, step, "text index", error);
    crm__stmt_release(conn, stmt);
    return rc;
}

/* Keeps the array elements of PATH in COLL's element table from now on (a single-field index
 * is multikey, as in MongoDB): creates the table when needed and fills in the documents
 * already stored. */
static int
elems_create(crm__conn_t *conn, const char *coll, crm__coll_t *meta, const char *path,
             crm_error_t *error)
{
    bson_string_t *sql;
    sqlite3_stmt *stmt = NULL;
    int rc, step = SQLITE_DONE;

    if (crm__coll_elem_path(meta, path))
        return 0;
    sql = bson_string_new(NULL);
    bson_string_append_printf(sql,
                              "CREATE TABLE IF NOT EXISTS \"%s\"(path TEXT NOT NULL, key BLOB NOT "
                              "NULL, rid INTEGER NOT NULL);"
                              "CREATE INDEX IF NOT EXISTS \"%s_key\" ON \"%s\"(path, key, rid);"
                              "CREATE INDEX IF NOT EXISTS \"%s_rid\" ON \"%s\"(rid);"
                              "INSERT INTO crm_meta(coll, kind, value) VALUES(",
                              meta->etable, meta->etable, meta->etable, meta->etable, meta->etable);
    crm__sql_literal(sql, coll);
    bson_string_append(sql, ", 'e', ");
    crm__sql_literal(sql, path);
    bson_string_append(sql, ")");
    rc = crm__sqlite_exec(conn, sql->str, error);
    bson_string_free(sql, true);
    if (rc)
        return rc;
    meta->elems = bson_realloc(meta->elems, (meta->n_elems + 1) * sizeof(char *));
    meta->elems[meta->n_elems++] = bson_strdup(path);
    /* the documents already there */
    {
        char q[256];
        crm__coll_t one = *meta;
        char *only[1] = {(char *)path};

        one.elems = only;
        one.n_elems = 1;
        snprintf(q, sizeof q, "SELECT rid, doc FROM \"%s\"", meta->table);
        stmt = crm__stmt_get(conn, q, error);
        if (!stmt)
            return error ? error->code : CRM_ESTORE;
        while (rc == 0 && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
            bson_t doc;

            if (bson_init_static(&doc, sqlite3_column_blob(stmt, 1),
                                 (size_t)sqlite3_column_bytes(stmt, 1)))
                rc = elems_write(conn, &one, sqlite3_column_int64(stmt, 0), &doc, false,
                                 error);
        }
        if (rc == 0 && step != SQLITE_DONE)
            rc = crm__sqlite_fail(conn, step, "element index", error);
        crm__stmt_release(conn, stmt);
    }
    return rc;
}

/* True when INDEX asks for its array elements to be indexed (crm_index_t.multikey, ABI 1.2):
 * one field, not unique, not _id. */
static bool
wants_elements(const crm_index_t *index)
{
    return index->size >= offsetof(crm_index_t, multikey) + sizeof index->multikey &&
           index->multikey && !index->unique && !index->text && index->fields[0] &&
           !index->fields[1] && strcmp(index->fields[0], "_id") != 0 &&
           strcmp(index->fields[0], "-_id") != 0;
}

/* The element table part of INDEX, when it wants one (also for an index made before). */
static int
multikey_create(crm__conn_t *conn, const char *coll, crm__coll_t *meta, const crm_index_t *index,
                crm_error_t *error)
{
    if (!wants_elements(index))
        return 0;
    return elems_create(conn, coll, meta,
                        index->fields[0][0] == '-' ? index->fields[0] + 1 : index->fields[0],
                        error);
}

/* Creates INDEX (checked, not yet present) on COLL, whose metadata is META. */
static int
index_create(crm__conn_t *conn, const char *coll, crm__coll_t *meta, const crm_index_t *index,
             const char *spec, crm_error_t *error)
{
    bson_string_t *sql = bson_string_new(NULL);
    int rc;

    if (index->text) {
        if (meta->text_fields) {
            rc = crm_error_set(error, CRM_EINVAL, "%s already has a text index", coll);
            goto done;
        }
        bson_string_append_printf(sql,
                                  "CREATE VIRTUAL TABLE \"%s\" USING fts5(body, tokenize="
                                  "'porter unicode61 remove_diacritics 2')",
                                  meta->fts);
        rc = crm__sqlite_exec(conn, sql->str, error);
        if (rc)
            goto done;
        {
            bson_string_t *fields = bson_string_new(NULL);

            for (size_t i = 0; index->fields[i]; i++)
                bson_string_append_printf(fields, "%s%s", i ? "\n" : "", index->fields[i]);
            meta->text_fields = bson_string_free(fields, false);
        }
        rc = text_backfill(conn, meta, error);
        if (rc)
            goto done;
        bson_string_truncate(sql, 0);
        bson_string_append(sql, "INSERT INTO crm_meta(coll, kind, value, spec) VALUES(");
        crm__sql_literal(sql, coll);
        bson_string_append(sql, ", 't', ");
        crm__sql_literal(sql, index->name);
        bson_string_append(sql, ", ");
        crm__sql_literal(sql, meta->text_fields);
        bson_string_append(sql, ")");
        rc = crm__sqlite_exec(conn, sql->str, error);
        if (rc)
            goto done;
    } else {
        bson_string_append_printf(sql, "CREATE %sINDEX \"i_%s__%s\" ON \"%s\"(",
                                  index->unique ? "UNIQUE " : "", coll, index->name, meta->table);
        for (size_t i = 0; index->fields[i]; i++) {
            const char *f = index->fields[i];
            bool desc = f[0] == '-';

            if (desc)
                f++;
            if (i)
                bson_string_append(sql, ", ");
            if (!strcmp(f, "_id")) {
                bson_string_append(sql, "id");
            } else {
                bson_string_append(sql, "crm_key(doc, ");
                crm__sql_literal(sql, f);
                bson_string_append(sql, ")");
            }
            if (desc)
                bson_string_append(sql, " DESC");
        }
        bson_string_append(sql, ")");
        /* A unique index ignores documents that have none of its fields (MongoDB's sparse). */
        for (size_t i = 0; index->unique && index->fields[i]; i++) {
            const char *f = index->fields[i][0] == '-' ? index->fields[i] + 1 : index->fields[i];
            bson_string_append(sql, i ? " OR " : " WHERE ");
            if (!strcmp(f, "_id")) {
                bson_string_append(sql, "1");
            } else {
                bson_string_append(sql, "crm_exists(doc, ");
                crm__sql_literal(sql, f);
                bson_string_append(sql, ")");
            }
        }
        rc = crm__sqlite_exec(conn, sql->str, error);
        if (rc == CRM_ECONFLICT) {
            rc = crm_error_set(error, CRM_ECONFLICT,
                               "unique index '%s' on %s: existing documents violate it",
                               index->name, coll);
            goto done;
        }
        if (rc)
            goto done;
        rc = multikey_create(conn, coll, meta, index, error);
        if (rc)
            goto done;
    }
    bson_string_truncate(sql, 0);
    bson_string_append(sql, "INSERT INTO crm_meta(coll, kind, value, spec) VALUES(");
    crm__sql_literal(sql, coll);
    bson_string_append(sql, ", 'i', ");
    crm__sql_literal(sql, index->name);
    bson_string_append(sql, ", ");
    crm__sql_literal(sql, spec);
    bson_string_append(sql, ")");
    rc = crm__sqlite_exec(conn, sql->str, error);
done:
    bson_string_free(sql, true);
    return rc;
}

int
crm__sqlite_ensure_index(void *impl, const char *coll, const crm_index_t *index, crm_error_t *error)
{
    crm__conn_t *conn = crm__sqlite_conn(impl, error);
    crm__coll_t meta = {0};
    bson_string_t *spec = NULL;
    sqlite3_stmt *stmt = NULL;
    bool outer = false, began = false;
    int rc, step;

    if (!conn)
        return error ? error->code : CRM_EUNAVAIL;
    spec = bson_string_new(index->unique ? "unique" : (index->text ? "text" : "plain"));
    for (size_t i = 0; index->fields[i]; i++)
        bson_string_append_printf(spec, " %s", index->fields[i]);
    rc = crm__unit_begin(conn, &outer, error);
    if (rc)
        goto done;
    began = true;
    rc = crm__coll_create(conn, coll, error);
    if (rc == 0)
        rc = crm__coll_load(conn, coll, &meta, error);
    if (rc)
        goto done;
    stmt = crm__stmt_get(conn, "SELECT spec FROM crm_meta WHERE coll=?1 AND kind='i' AND value=?2",
                         error);
    if (!stmt) {
        rc = error ? error->code : CRM_ESTORE;
        goto done;
    }
    sqlite3_bind_text(stmt, 1, coll, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, index->name, -1, SQLITE_STATIC);
    step = sqlite3_step(stmt);
    if (step == SQLITE_ROW) {
        const char *have = (const char *)sqlite3_column_text(stmt, 0);

        if (have && strcmp(have, spec->str) != 0)
            rc = crm_error_set(error, CRM_EINVAL,
                               "index '%s' on %s exists with other fields or options (%s)",
                               index->name, coll, have);
        crm__stmt_release(conn, stmt);
        stmt = NULL;
        if (rc == 0)
            rc = multikey_create(conn, coll, &meta, index, error);
        goto done;
    }
    if (step != SQLITE_DONE) {
        rc = crm__sqlite_fail(conn, step, "index metadata", error);
        goto done;
    }
    crm__stmt_release(conn, stmt);
    stmt = NULL;
    rc = index_create(conn, coll, &meta, index, spec->str, error);
done:
    crm__stmt_release(conn, stmt);
    if (began)
        rc = crm__unit_end(conn, outer, rc, error);
    crm__coll_clear(&meta);
    bson_string_free(spec, true);
    return rc;
}
