/* The SQLite driver's internals, shared by its files: the per-thread connection and its
 * statement cache, the order-preserving key encoding of BSON values and the SQL functions
 * built on it, the filter-to-SQL compiler, the update operators and the aggregate. */
#ifndef CRM_STORE_SQLITE_PRIVATE_H
#define CRM_STORE_SQLITE_PRIVATE_H

#include <pthread.h>
#include <sqlite3.h>

#include "store/store-private.h"

/* Leading bytes of encoded keys, in MongoDB's cross-type sort order. */
enum {
    CRM__KEY_MISSING = 0x01, /* only from crm_xkey(): missing distinct from null */
    CRM__KEY_MINKEY = 0x02,
    CRM__KEY_NULL = 0x05, /* null, undefined and missing */
    CRM__KEY_NUMBER = 0x10,
    CRM__KEY_STRING = 0x20,
    CRM__KEY_OBJECT = 0x30,
    CRM__KEY_ARRAY = 0x40,
    CRM__KEY_BINARY = 0x50,
    CRM__KEY_OID = 0x60,
    CRM__KEY_BOOL = 0x70,
    CRM__KEY_DATE = 0x80,
    CRM__KEY_TIMESTAMP = 0x88,
    CRM__KEY_REGEX = 0x90,
    CRM__KEY_DBPOINTER = 0x98,
    CRM__KEY_CODE = 0xA0,
    CRM__KEY_CODEWSCOPE = 0xA8,
    CRM__KEY_MAXKEY = 0xF0
};

/* A growable byte buffer with inline storage for short keys. */
typedef struct crm__buf {
    uint8_t *data;
    size_t len;
    size_t cap;
    uint8_t inline_[64];
} crm__buf_t;

void crm__buf_init(crm__buf_t *buf);
void crm__buf_reset(crm__buf_t *buf);
void crm__buf_free(crm__buf_t *buf);
void crm__buf_put(crm__buf_t *buf, const void *data, size_t len);
void crm__buf_byte(crm__buf_t *buf, uint8_t byte);

/* Appends the key of the value at IT (type byte first) to OUT. */
void crm__key_encode(const bson_iter_t *it, crm__buf_t *out);

/* Called with each element key of crm__element_keys(). */
typedef void (*crm__element_fn)(const uint8_t *key, size_t len, void *data);

/* Calls FN with the key of every value PATH reaches in DOC through arrays (MongoDB's multikey
 * entries: the elements of an array at PATH, the values under arrays along it); nothing when
 * PATH reaches a single value that is not an array, which the expression index serves. */
void crm__element_keys(const bson_t *doc, const char *path, crm__element_fn fn, void *data);

/* Appends the key of the datetime MS (milliseconds since the epoch). */
void crm__key_encode_date(int64_t ms, crm__buf_t *out);

/* Appends the key of a string with the given bytes, without its terminator when PREFIX is true
 * (a prefix of every longer string's key). */
void crm__key_encode_string(const char *str, size_t len, bool prefix, crm__buf_t *out);

/* The leading key byte of the value at IT. */
uint8_t crm__key_type(const bson_iter_t *it);

/* Appends TEXT to SQL as an SQL string literal (quotes doubled). */
void crm__sql_literal(bson_string_t *sql, const char *text);

/* Registers the SQL functions (crm_key, crm_exists, crm_match, ...) on DB. */
int crm__sqlite_register_functions(sqlite3 *db);

/* Evaluates the condition document COND ({"$gt": 5, ...} or {"$eq": v}) against the value(s)
 * at PATH in DOC with MongoDB's array semantics. Used for paths that have held arrays. */
bool crm__match_path(const bson_t *doc, const char *path, const bson_t *cond);

/* A cached prepared statement of one connection. */
typedef struct crm__stmt {
    char *sql;
    uint64_t hash; /* of sql: compared before the text */
    sqlite3_stmt *stmt;
    bool busy;
} crm__stmt_t;

#define CRM__STMT_CACHE 48

typedef struct crm__sqlite crm__sqlite_t;

/* One thread's connection. */
typedef struct crm__conn {
    sqlite3 *db;
    crm__sqlite_t *owner;
    crm__stmt_t cache[CRM__STMT_CACHE];
    unsigned clock; /* next cache slot to evict */
    char **known;   /* "coll\npath" pairs known to be in crm_array_paths */
    size_t n_known, cap_known;
    bool known_dirty; /* KNOWN holds entries written by the open transaction */
    struct crm__conn *next;
} crm__conn_t;

struct crm__sqlite {
    char *path;
    pthread_key_t key;
    pthread_mutex_t lock; /* guards CONNS */
    crm__conn_t *conns;
};

/* The calling thread's connection, opened on first use; NULL with ERROR when it cannot. */
crm__conn_t *crm__sqlite_conn(crm__sqlite_t *s, crm_error_t *error);

/* A prepared statement for SQL from CONN's cache (or newly prepared when the cached one is in
 * use); give it back with crm__stmt_release(). NULL with ERROR on failure. */
sqlite3_stmt *crm__stmt_get(crm__conn_t *conn, const char *sql, crm_error_t *error);
void crm__stmt_release(crm__conn_t *conn, sqlite3_stmt *stmt);

/* Maps the connection's last failure to a CRM_E* code with a message mentioning WHAT. */
int crm__sqlite_fail(crm__conn_t *conn, int rc, const char *what, crm_error_t *error);

/* Runs SQL (no results) on CONN. */
int crm__sqlite_exec(crm__conn_t *conn, const char *sql, crm_error_t *error);

/* Begins an atomic unit: BEGIN IMMEDIATE outside a transaction, a savepoint inside one.
 * *OUTER tells crm__unit_end() which. */
int crm__unit_begin(crm__conn_t *conn, bool *outer, crm_error_t *error);
/* Ends the unit: commits/releases when RC is 0, rolls back otherwise. Returns RC or the
 * commit's failure. */
int crm__unit_end(crm__conn_t *conn, bool outer, int rc, crm_error_t *error);

/* Metadata of a collection needed to write or query it. */
typedef struct crm__coll {
    bool exists;
    char table[80]; /* "c_<coll>" */
    char fts[80];   /* "t_<coll>" */
    char **arrays;  /* paths that have held arrays */
    size_t n_arrays;
    char *text_fields; /* NULL, or the text index fields separated by '\n' */
    char etable[80];   /* "e_<coll>": the element keys of array values at indexed paths */
    char **elems;      /* the indexed paths whose array elements are kept in etable */
    size_t n_elems;
    char **uniques;    /* the first fields of unique indexes */
    size_t n_uniques;
} crm__coll_t;

/* Reads COLL's metadata. */
int crm__coll_load(crm__conn_t *conn, const char *coll, crm__coll_t *meta, crm_error_t *error);
void crm__coll_clear(crm__coll_t *meta);
/* Creates COLL's table when missing (inside the caller's unit). */
int crm__coll_create(crm__conn_t *conn, const char *coll, crm_error_t *error);

/* True when a unique index of META starts with PATH. */
bool crm__coll_unique_path(const crm__coll_t *meta, const char *path);

/* True when META keeps the array elements of PATH in its element table. */
bool crm__coll_elem_path(const crm__coll_t *meta, const char *path);

/* True when PATH is, or lies under, a path of META that has held an array. */
bool crm__coll_array_path(const crm__coll_t *meta, const char *path);

/* Writes the document (inserting when ROWID is 0, else replacing that row): records its
 * array paths and keeps the text index in step. The document must have an _id. */
int crm__doc_write(crm__conn_t *conn, const char *coll, const crm__coll_t *meta, int64_t rowid,
                   const bson_t *doc, crm_error_t *error);
/* Deletes the row ROWID and its text index entry. */
int crm__doc_delete(crm__conn_t *conn, const crm__coll_t *meta, int64_t rowid, crm_error_t *error);

/* The compiled WHERE clause of a filter and its parameters. */
typedef struct crm__where {
    bson_string_t *sql;
    const crm__coll_t *meta; /* the collection compiled for */
    bool ranges_scan; /* range conditions must not drive an index (aggregates) */
    size_t n_params;
    size_t cap_params;
    struct crm__param {
        bool is_text; /* DATA is NUL-terminated text, else a blob of LEN bytes */
        uint8_t *data;
        size_t len;
    } * params;
} crm__where_t;

/* Compiles FILTER (already checked) into W. */
int crm__where_compile(const crm__coll_t *meta, const bson_t *filter, crm__where_t *w,
                       crm_error_t *error);
/* Binds W's parameters to STMT starting at parameter FIRST (1-based). */
int crm__where_bind(const crm__where_t *w, sqlite3_stmt *stmt, int first);
void crm__where_init(crm__where_t *w);
void crm__where_free(crm__where_t *w);
/* Appends to SQL the key expression of PATH for sorting (array-aware). */
void crm__sort_expr(const crm__coll_t *meta, const char *path, bool desc, bson_string_t *sql);

/* Applies UPDATE to DOC into OUT (initialised by this function). *CHANGED tells whether the
 * result differs. CRM_EINVAL for a conflict with the document ($inc on a string, ...). */
int crm__update_apply(const bson_t *doc, const bson_t *update, bson_t *out, bool *changed,
                      crm_error_t *error);
/* Builds the document an upsert inserts: FILTER's equality conditions then UPDATE. */
int crm__upsert_doc(const bson_t *filter, const bson_t *update, bson_t *out, crm_error_t *error);

/* The driver's operations (store-private.h), one file per job. */
void crm__sqlite_close(void *impl);
int crm__sqlite_insert_many(void *impl, const char *coll, const bson_t *const *docs, size_t n,
                            crm_error_t *error);
crm_cursor_t *crm__sqlite_find(void *impl, const char *coll, const bson_t *filter,
                               const crm_find_opts_t *opts, crm_error_t *error);
int crm__sqlite_update(void *impl, const char *coll, const bson_t *filter, const bson_t *update,
                       int flags, crm_update_result_t *result, crm_error_t *error);
int crm__sqlite_replace(void *impl, const char *coll, const bson_t *doc, crm_error_t *error);
int crm__sqlite_delete(void *impl, const char *coll, const bson_t *filter, bool many,
                       int64_t *deleted, crm_error_t *error);
int crm__sqlite_count(void *impl, const char *coll, const bson_t *filter, int64_t *count,
                      crm_error_t *error);
int crm__sqlite_ensure_index(void *impl, const char *coll, const crm_index_t *index,
                             crm_error_t *error);

/* The aggregate of store.h over COLL. */
crm_cursor_t *crm__sqlite_aggregate(void *impl, const char *coll, const bson_t *pipeline,
                                    crm_error_t *error);

/* Registers on DB the aggregate's SQL function crm_group(doc, pipeline), which groups the
 * rows it is given as the pipeline's $group, $sort and $limit say. */
int crm__sqlite_register_group_functions(sqlite3 *db);

#endif
