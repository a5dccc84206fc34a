/* The SQLite driver's filter compiler: turns a checked filter into a WHERE clause over the key
 * functions, so that expression indexes on crm_key(doc, 'path') serve it.
 *
 *   {a: v}, {a: {$eq: v}}   crm_key(doc,'a') = key(v)           (null also matches missing)
 *   {a: {$gt: v}}           key > key(v) AND key < next type    (type bracketing)
 *   {a: {$in: [..]}}        key IN (...)
 *   $ne $nin $not           NOT (...)
 *   {a: {$exists: b}}       crm_exists(doc,'a')
 *   {a: /^abc/}             a key range over the strings starting with "abc"
 *   $text                   rid IN (SELECT rowid FROM t_<coll> WHERE t_<coll> MATCH ...)
 *
 * A path that has ever held an array (crm_meta) is compiled to crm_match(doc, 'path', cond)
 * instead: the condition is evaluated in C with MongoDB's array semantics. */
#include "store/store-common-private.h"
#include "store/store-sqlite-private.h"

#include <string.h>

void
crm__where_init(crm__where_t *w)
{
    memset(w, 0, sizeof *w);
    w->sql = bson_string_new(NULL);
}

void
crm__where_free(crm__where_t *w)
{
    for (size_t i = 0; i < w->n_params; i++)
        bson_free(w->params[i].data);
    bson_free(w->params);
    if (w->sql)
        bson_string_free(w->sql, true);
    memset(w, 0, sizeof *w);
}

/* Adds a parameter (a blob, or text when IS_TEXT) and appends its placeholder to the SQL. */
static void
param(crm__where_t *w, const void *data, size_t len, bool is_text)
{
    struct crm__param *p;

    if (w->n_params == w->cap_params) {
        w->cap_params = w->cap_params ? w->cap_params * 2 : 8;
        w->params = bson_realloc(w->params, w->cap_params * sizeof *w->params);
    }
    p = &w->params[w->n_params++];
    p->is_text = is_text;
    p->data = bson_malloc(len + 1);
    memcpy(p->data, data, len);
    p->data[len] = 0;
    p->len = len;
    bson_string_append_printf(w->sql, "?%zu", w->n_params);
}

/* Adds the key of the value at IT as a parameter. */
static void
param_key(crm__where_t *w, const bson_iter_t *it)
{
    crm__buf_t buf;

    crm__buf_init(&buf);
    crm__key_encode(it, &buf);
    param(w, buf.data, buf.len, false);
    crm__buf_free(&buf);
}

/* Adds the one-byte key BYTE (the start of a type's range) as a parameter. */
static void
param_byte(crm__where_t *w, uint8_t byte)
{
    param(w, &byte, 1, false);
}

int
crm__where_bind(const crm__where_t *w, sqlite3_stmt *stmt, int first)
{
    for (size_t i = 0; i < w->n_params; i++) {
        const struct crm__param *p = &w->params[i];
        int idx = first + (int)i;

        if (p->is_text)
            sqlite3_bind_text(stmt, idx, (const char *)p->data, (int)p->len, SQLITE_STATIC);
        else
            sqlite3_bind_blob(stmt, idx, p->data, (int)p->len, SQLITE_STATIC);
    }
    return first + (int)w->n_params;
}

void
crm__sql_literal(bson_string_t *sql, const char *path)
{
    bson_string_append_c(sql, '\'');
    for (const char *p = path; *p; p++) {
        if (*p == '\'')
            bson_string_append_c(sql, '\'');
        bson_string_append_c(sql, *p);
    }
    bson_string_append_c(sql, '\'');
}

/* Appends the key expression of PATH: the id column for _id. */
static void
key_expr(bson_string_t *sql, const char *path)
{
    if (!strcmp(path, "_id")) {
        bson_string_append(sql, "id");
        return;
    }
    bson_string_append(sql, "crm_key(doc, ");
    crm__sql_literal(sql, path);
    bson_string_append(sql, ")");
}

void
crm__sort_expr(const crm__coll_t *meta, const char *path, bool desc, bson_string_t *sql)
{
    if (strcmp(path, "_id") != 0 && crm__coll_array_path(meta, path)) {
        bson_string_append(sql, "crm_skey(doc, ");
        crm__sql_literal(sql, path);
        bson_string_append_printf(sql, ", %d)", desc ? 1 : 0);
    } else {
        key_expr(sql, path);
    }
    bson_string_append(sql, desc ? " DESC" : " ASC");
}

/* " AND crm_exists(doc, PATH)": implied by an equality with a non-null value, and spelt out
 * only where SQLite needs it to use a unique index on PATH, which is partial on that
 * condition; elsewhere it would make every candidate row be read (a count could not be
 * answered from the index alone). */
static void
and_exists(crm__where_t *w, const char *path)
{
    if (!strcmp(path, "_id") || !w->meta || !crm__coll_unique_path(w->meta, path))
        return;
    bson_string_append(w->sql, " AND crm_exists(doc, ");
    crm__sql_literal(w->sql, path);
    bson_string_append(w->sql, ")");
}

/* The key expression of PATH in a range condition: "+expr" when W says ranges must not drive
 * an index (a unary plus leaves the value alone and takes the term out of index planning). */
static void
range_key_expr(crm__where_t *w, const char *path)
{
    if (w->ranges_scan)
        bson_string_append_c(w->sql, '+');
    key_expr(w->sql, path);
}

/* Equality with the value at V (null matches null and missing: both have the null key). */
static void
emit_eq(crm__where_t *w, const char *path, const bson_iter_t *v)
{
    bson_string_append(w->sql, "(");
    key_expr(w->sql, path);
    bson_string_append(w->sql, " = ");
    param_key(w, v);
    if (bson_iter_type(v) != BSON_TYPE_NULL)
        and_exists(w, path);
    bson_string_append(w->sql, ")");
}

/* A comparison bracketed to the operand's type, unless BRACKETED says the other side's
 * bound, of the same type, already does that. */
static void
emit_cmp(crm__where_t *w, const char *path, const char *op, const bson_iter_t *v,
         bool bracketed)
{
    uint8_t type = crm__key_type(v);
    bool lower = op[1] == 'g'; /* $gt/$gte: bounded above by the next type */
    const char *sym = !strcmp(op, "$gt")    ? ">"
                      : !strcmp(op, "$gte") ? ">="
                      : !strcmp(op, "$lt")  ? "<"
                                            : "<=";

    if (type == CRM__KEY_NULL) {
        if (!strcmp(op, "$gte") || !strcmp(op, "$lte"))
            emit_eq(w, path, v);
        else
            bson_string_append(w->sql, "0");
        return;
    }
    bson_string_append(w->sql, "(");
    range_key_expr(w, path);
    bson_string_append_printf(w->sql, " %s ", sym);
    param_key(w, v);
    if (bracketed) {
        bson_string_append(w->sql, ")");
        return;
    }
    bson_string_append(w->sql, " AND ");
    range_key_expr(w, path);
    bson_string_append(w->sql, lower ? " < " : " >= ");
    param_byte(w, lower ? (uint8_t)(type + 1) : type);
    bson_string_append(w->sql, ")");
}

/* The key range of the strings starting with the literal prefix of PATTERN. */
static void
emit_prefix(crm__where_t *w, const char *path, const char *pattern)
{
    char prefix[512];
    crm__buf_t lo;
    size_t i;

    crm__regex_prefix(pattern, prefix, sizeof prefix);
    crm__buf_init(&lo);
    crm__key_encode_string(prefix, strlen(prefix), true, &lo);
    bson_string_append(w->sql, "(");
    range_key_expr(w, path);
    bson_string_append(w->sql, " >= ");
    param(w, lo.data, lo.len, false);
    /* the upper bound: the prefix key plus one, carrying over 0xFF bytes */
    for (i = lo.len; i > 0 && lo.data[i - 1] == 0xFF; i--)
        ;
    lo.data[i - 1]++;
    lo.len = i;
    bson_string_append(w->sql, " AND ");
    range_key_expr(w, path);
    bson_string_append(w->sql, " < ");
    param(w, lo.data, lo.len, false);
    bson_string_append(w->sql, ")");
    crm__buf_free(&lo);
}

/* The pattern of a $regex operand (string or BSON regex). */
static const char *
regex_pattern(const bson_iter_t *v)
{
    const char *opts;

    return BSON_ITER_HOLDS_REGEX(v) ? bson_iter_regex(v, &opts) : bson_iter_utf8(v, NULL);
}

/* True when the operator document at OPS bounds its path both below and above by values of
 * one type (not null): each bound then brackets the other to that type. */
static bool
bounded_both_sides(const bson_iter_t *ops)
{
    bson_iter_t op;
    int lower = -1, upper = -1;

    bson_iter_recurse(ops, &op);
    while (bson_iter_next(&op)) {
        const char *name = bson_iter_key(&op);
        int type = crm__key_type(&op);

        if (!strcmp(name, "$gt") || !strcmp(name, "$gte"))
            lower = lower == -1 || lower == type ? type : -2;
        else if (!strcmp(name, "$lt") || !strcmp(name, "$lte"))
            upper = upper == -1 || upper == type ? type : -2;
    }
    return lower >= 0 && lower == upper && lower != CRM__KEY_NULL;
}

/* Compiles the operator document at OPS for PATH (no arrays on PATH). */
static void
emit_ops(crm__where_t *w, const char *path, const bson_iter_t *ops)
{
    bson_iter_t op, el;
    bool first = true, bracketed = bounded_both_sides(ops);

    bson_iter_recurse(ops, &op);
    bson_string_append(w->sql, "(");
    while (bson_iter_next(&op)) {
        const char *name = bson_iter_key(&op);

        if (!strcmp(name, "$options"))
            continue;
        if (!first)
            bson_string_append(w->sql, " AND ");
        first = false;
        if (!strcmp(name, "$eq")) {
            emit_eq(w, path, &op);
        } else if (!strcmp(name, "$ne")) {
            bson_string_append(w->sql, "NOT ");
            emit_eq(w, path, &op);
        } else if (!strcmp(name, "$gt") || !strcmp(name, "$gte") || !strcmp(name, "$lt") ||
                   !strcmp(name, "$lte")) {
            emit_cmp(w, path, name, &op, bracketed);
        } else if (!strcmp(name, "$in") || !strcmp(name, "$nin")) {
            bool any = false, null = false;

            bson_string_append(w->sql, name[1] == 'n' ? "NOT (" : "(");
            key_expr(w->sql, path);
            bson_string_append(w->sql, " IN (");
            bson_iter_recurse(&op, &el);
            while (bson_iter_next(&el)) {
                if (any)
                    bson_string_append(w->sql, ", ");
                param_key(w, &el);
                null |= bson_iter_type(&el) == BSON_TYPE_NULL;
                any = true;
            }
            bson_string_append(w->sql, ")");
            if (!null)
                and_exists(w, path);
            bson_string_append(w->sql, ")");
        } else if (!strcmp(name, "$exists")) {
            bool want = bson_iter_as_bool(&op);

            if (!strcmp(path, "_id")) {
                bson_string_append(w->sql, want ? "1" : "0");
            } else {
                bson_string_append(w->sql, want ? "crm_exists(doc, " : "NOT crm_exists(doc, ");
                crm__sql_literal(w->sql, path);
                bson_string_append(w->sql, ")");
            }
        } else if (!strcmp(name, "$regex")) {
            emit_prefix(w, path, regex_pattern(&op));
        } else if (!strcmp(name, "$not")) {
            bson_string_append(w->sql, "NOT ");
            if (BSON_ITER_HOLDS_REGEX(&op))
                emit_prefix(w, path, regex_pattern(&op));
            else
                emit_ops(w, path, &op);
        }
    }
    if (first)
        bson_string_append(w->sql, "1");
    bson_string_append(w->sql, ")");
}

/* Compiles the condition on PATH whose value is at V through crm_match() (array paths). */
static void
emit_match(crm__where_t *w, const char *path, const bson_iter_t *v, bool ops)
{
    bson_t cond = BSON_INITIALIZER;

    if (ops) {
        const uint8_t *data;
        uint32_t len;

        bson_iter_document(v, &len, &data);
        bson_destroy(&cond);
        bson_init_static(&cond, data, len);
    } else if (BSON_ITER_HOLDS_REGEX(v)) {
        bson_append_iter(&cond, "$regex", 6, v);
    } else {
        bson_append_iter(&cond, "$eq", 3, v);
    }
    bson_string_append(w->sql, "crm_match(doc, ");
    crm__sql_literal(w->sql, path);
    bson_string_append(w->sql, ", ");
    param(w, bson_get_data(&cond), cond.len, false);
    bson_string_append(w->sql, ")");
    bson_destroy(&cond);
}

/* True when the value at V can be looked up among element keys: not null (which also matches
 * missing), not an array or a document (which match whole values), not a regex. */
static bool
element_value(const bson_iter_t *v)
{
    uint8_t t = crm__key_type(v);

    return t != CRM__KEY_NULL && t != CRM__KEY_ARRAY && t != CRM__KEY_OBJECT &&
           !BSON_ITER_HOLDS_REGEX(v);
}

/* The values an equality condition at V looks for, into VALUES (an array iterator): the value
 * of {"$eq": x} or a plain x, or the list of {"$in": [...]}. False when the condition is
 * anything else or holds a value element keys cannot find. */
static bool
equality_values(const bson_iter_t *v, bool ops, bson_iter_t *one, bson_iter_t *list, bool *is_list)
{
    bson_iter_t op, el;

    *is_list = false;
    if (!ops) {
        *one = *v;
        return element_value(v);
    }
    if (!bson_iter_recurse(v, &op) || !bson_iter_next(&op))
        return false;
    if (!strcmp(bson_iter_key(&op), "$eq") && element_value(&op)) {
        *one = op;
    } else if (!strcmp(bson_iter_key(&op), "$in") && BSON_ITER_HOLDS_ARRAY(&op) &&
               bson_iter_recurse(&op, list)) {
        bson_iter_recurse(&op, &el);
        *is_list = true;
        if (!bson_iter_next(&el))
            return false;
        do {
            if (!element_value(&el))
                return false;
        } while (bson_iter_next(&el));
    } else {
        return false;
    }
    return !bson_iter_next(&op); /* one operator only */
}

/* Appends the keys of ONE, or of the values of LIST when ONE is NULL, as parameters separated
 * by commas. */
static void
key_list(crm__where_t *w, const bson_iter_t *one, const bson_iter_t *list)
{
    bson_iter_t el;
    bool first = true;

    if (one) {
        param_key(w, one);
        return;
    }
    el = *list;
    while (bson_iter_next(&el)) {
        if (!first)
            bson_string_append(w->sql, ", ");
        param_key(w, &el);
        first = false;
    }
}

/* An equality on PATH, an array path whose elements META keeps in its element table: the
 * candidates come from that table (arrays) or the expression index (single values), and
 * crm_match() keeps the exact semantics. False when the condition is not such an equality. */
static bool
emit_elem_eq(crm__where_t *w, const crm__coll_t *meta, const char *path, const bson_iter_t *v,
             bool ops)
{
    bson_iter_t one, list;
    bool is_list;

    if (!crm__coll_elem_path(meta, path) || !equality_values(v, ops, &one, &list, &is_list))
        return false;
    bson_string_append_printf(w->sql, "((rid IN (SELECT rid FROM \"%s\" WHERE path=",
                              meta->etable);
    crm__sql_literal(w->sql, path);
    bson_string_append(w->sql, " AND key IN (");
    key_list(w, is_list ? NULL : &one, &list);
    bson_string_append(w->sql, ")) OR crm_key(doc, ");
    crm__sql_literal(w->sql, path);
    bson_string_append(w->sql, ") IN (");
    key_list(w, is_list ? NULL : &one, &list);
    bson_string_append(w->sql, ")) AND ");
    emit_match(w, path, v, ops);
    bson_string_append(w->sql, ")");
    return true;
}

/* True when the document at IT starts with an operator. */
static bool
operator_doc(const bson_iter_t *it)
{
    bson_iter_t child;

    return BSON_ITER_HOLDS_DOCUMENT(it) && bson_iter_recurse(it, &child) &&
           bson_iter_next(&child) && bson_iter_key(&child)[0] == '$';
}

/* Builds the FTS5 query of a $search string: every word, quoted, all required. */
static char *
fts_query(const char *search)
{
    bson_string_t *q = bson_string_new(NULL);
    const unsigned char *p = (const unsigned char *)search;

    while (*p) {
        const unsigned char *start;

        while (*p && *p < 0x80 &&
               !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
            p++;
        start = p;
        while (*p && (*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                      (*p >= '0' && *p <= '9')))
            p++;
        if (p > start)
            bson_string_append_printf(q, "%s\"%.*s\"", q->len ? " " : "", (int)(p - start),
                                      (const char *)start);
    }
    return bson_string_free(q, false);
}

static int compile_doc(const crm__coll_t *meta, const bson_t *filter, crm__where_t *w,
                       crm_error_t *error);

/* Compiles the clauses of $and/$or at IT joined by JOIN. */
static int
compile_clauses(const crm__coll_t *meta, const bson_iter_t *it, const char *join, crm__where_t *w,
                crm_error_t *error)
{
    bson_iter_t el;
    bool first = true;
    int rc;

    bson_iter_recurse(it, &el);
    bson_string_append(w->sql, "(");
    while (bson_iter_next(&el)) {
        const uint8_t *data;
        uint32_t len;
        bson_t sub;

        bson_iter_document(&el, &len, &data);
        bson_init_static(&sub, data, len);
        if (!first)
            bson_string_append(w->sql, join);
        first = false;
        rc = compile_doc(meta, &sub, w, error);
        if (rc)
            return rc;
    }
    bson_string_append(w->sql, ")");
    return 0;
}

static int
compile_doc(const crm__coll_t *meta, const bson_t *filter, crm__where_t *w, crm_error_t *error)
{
    bson_iter_t it, s;
    bool first = true;
    int rc;

    if (!filter || !bson_iter_init(&it, filter)) {
        bson_string_append(w->sql, "1");
        return 0;
    }
    bson_string_append(w->sql, "(");
    while (bson_iter_next(&it)) {
        const char *key = bson_iter_key(&it);

        if (!first)
            bson_string_append(w->sql, " AND ");
        first = false;
        if (!strcmp(key, "$and")) {
            rc = compile_clauses(meta, &it, " AND ", w, error);
            if (rc)
                return rc;
        } else if (!strcmp(key, "$or")) {
            rc = compile_clauses(meta, &it, " OR ", w, error);
            if (rc)
                return rc;
        } else if (!strcmp(key, "$text")) {
            char *q;

            if (!meta->text_fields)
                return crm_error_set(error, CRM_EINVAL, "$text needs a text index on %s",
                                     meta->table + 2);
            bson_iter_recurse(&it, &s);
            bson_iter_next(&s);
            q = fts_query(bson_iter_utf8(&s, NULL));
            if (!*q) {
                bson_string_append(w->sql, "0");
            } else {
                bson_string_append_printf(w->sql,
                                          "rid IN (SELECT rowid FROM \"%s\" WHERE \"%s\" "
                                          "MATCH ",
                                          meta->fts, meta->fts);
                param(w, q, strlen(q), true);
                bson_string_append(w->sql, ")");
            }
            bson_free(q);
        } else if (strcmp(key, "_id") != 0 && crm__coll_array_path(meta, key)) {
            if (!emit_elem_eq(w, meta, key, &it, operator_doc(&it)))
                emit_match(w, key, &it, operator_doc(&it));
        } else if (operator_doc(&it)) {
            emit_ops(w, key, &it);
        } else if (BSON_ITER_HOLDS_REGEX(&it)) {
            emit_prefix(w, key, regex_pattern(&it));
        } else {
            emit_eq(w, key, &it);
        }
    }
    if (first)
        bson_string_append(w->sql, "1");
    bson_string_append(w->sql, ")");
    return 0;
}

int
crm__where_compile(const crm__coll_t *meta, const bson_t *filter, crm__where_t *w,
                   crm_error_t *error)
{
    w->meta = meta;
    return compile_doc(meta, filter, w, error);
}
