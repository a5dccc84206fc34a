/* The SQLite driver's connections: one per thread (a pthread key whose destructor closes it;
 * the store closes the rest), each with WAL, synchronous=NORMAL, a busy timeout, the crm_*
 * SQL functions and a cache of prepared statements. Also the atomic units every write runs
 * in and the mapping of SQLite failures to CRM_E* codes. */
#include "store/store-sqlite-private.h"

#include <string.h>

/* Finalizes CONN's statements, closes its database and frees it. */
static void
conn_free(crm__conn_t *conn)
{
    for (int i = 0; i < CRM__STMT_CACHE; i++) {
        sqlite3_finalize(conn->cache[i].stmt);
        bson_free(conn->cache[i].sql);
    }
    for (size_t i = 0; i < conn->n_known; i++)
        bson_free(conn->known[i]);
    bson_free(conn->known);
    sqlite3_close_v2(conn->db);
    bson_free(conn);
}

/* The pthread key's destructor: unlinks the exiting thread's connection and closes it. */
static void
conn_destructor(void *arg)
{
    crm__conn_t *conn = arg;
    crm__sqlite_t *s = conn->owner;

    pthread_mutex_lock(&s->lock);
    for (crm__conn_t **p = &s->conns; *p; p = &(*p)->next) {
        if (*p == conn) {
            *p = conn->next;
            break;
        }
    }
    pthread_mutex_unlock(&s->lock);
    conn_free(conn);
}

int
crm__sqlite_fail(crm__conn_t *conn, int rc, const char *what, crm_error_t *error)
{
    const char *msg = conn && conn->db ? sqlite3_errmsg(conn->db) : sqlite3_errstr(rc);

    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
        if (strstr(msg, ".id"))
            return crm_error_set(error, CRM_ECONFLICT, "%s: duplicate _id", what);
        return crm_error_set(error, CRM_ECONFLICT, "%s: duplicate key (%s)", what, msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return crm_error_set(error, CRM_EUNAVAIL, "%s: database busy (%s)", what, msg);
    case SQLITE_NOMEM:
        return crm_error_set(error, CRM_ENOMEM, "%s: out of memory", what);
    default:
        return crm_error_set(error, CRM_ESTORE, "%s: sqlite: %s", what, msg);
    }
}

int
crm__sqlite_exec(crm__conn_t *conn, const char *sql, crm_error_t *error)
{
    int rc = sqlite3_exec(conn->db, sql, NULL, NULL, NULL);

    return rc == SQLITE_OK ? 0 : crm__sqlite_fail(conn, rc, "sqlite", error);
}

/* Opens a connection to S's file and prepares it. */
static crm__conn_t *
conn_open(crm__sqlite_t *s, crm_error_t *error)
{
    crm__conn_t *conn = bson_malloc0(sizeof *conn);
    int rc;

    conn->owner = s;
    rc = sqlite3_open_v2(s->path, &conn->db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        crm_error_set(error, CRM_EUNAVAIL,
                      "sqlite: cannot open %s: %s (does its directory exist, writable by crmd?)",
                      s->path, conn->db ? sqlite3_errmsg(conn->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_busy_timeout(conn->db, 10000);
    sqlite3_extended_result_codes(conn->db, 1);
    if (crm__sqlite_register_functions(conn->db) != SQLITE_OK) {
        crm_error_set(error, CRM_ESTORE, "sqlite: cannot register functions: %s",
                      sqlite3_errmsg(conn->db));
        goto fail;
    }
    if (crm__sqlite_exec(conn,
                         "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                         "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32000; PRAGMA mmap_size=17179869184;"
                         /* Checkpoint every 32 MB of WAL rather than 4 MB: bulk writes run
                          * about a quarter faster; the file is cut back to 64 MB after. */
                         "PRAGMA wal_autocheckpoint=8192; PRAGMA journal_size_limit=67108864;",
                         error))
        goto fail;
    return conn;
fail:
    conn_free(conn);
    return NULL;
}

crm__conn_t *
crm__sqlite_conn(crm__sqlite_t *s, crm_error_t *error)
{
    crm__conn_t *conn = pthread_getspecific(s->key);

    if (conn)
        return conn;
    conn = conn_open(s, error);
    if (!conn)
        return NULL;
    pthread_mutex_lock(&s->lock);
    conn->next = s->conns;
    s->conns = conn;
    pthread_mutex_unlock(&s->lock);
    pthread_setspecific(s->key, conn);
    return conn;
}

/* FNV-1a of the SQL text: most cached statements share long prefixes, so the cache compares
 * hashes before texts. */
static uint64_t
sql_hash(const char *sql)
{
    uint64_t h = 14695981039346656037ull;

    for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return h;
}

sqlite3_stmt *
crm__stmt_get(crm__conn_t *conn, const char *sql, crm_error_t *error)
{
    sqlite3_stmt *stmt = NULL;
    crm__stmt_t *slot = NULL;
    uint64_t hash = sql_hash(sql);
    int rc;

    for (int i = 0; i < CRM__STMT_CACHE; i++) {
        crm__stmt_t *e = &conn->cache[i];

        if (e->sql && e->hash == hash && !e->busy && !strcmp(e->sql, sql)) {
            e->busy = true;
            return e->stmt;
        }
    }
    rc = sqlite3_prepare_v3(conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
    if (rc != SQLITE_OK) {
        crm__sqlite_fail(conn, rc, "prepare", error);
        return NULL;
    }
    /* a free slot, else the next one on the clock that is not in use */
    for (int i = 0; i < CRM__STMT_CACHE && !slot; i++)
        if (!conn->cache[i].sql)
            slot = &conn->cache[i];
    for (int i = 0; i < CRM__STMT_CACHE && !slot; i++) {
        crm__stmt_t *e = &conn->cache[conn->clock++ % CRM__STMT_CACHE];

        if (!e->busy)
            slot = e;
    }
    if (slot) {
        sqlite3_finalize(slot->stmt);
        bson_free(slot->sql);
        slot->sql = bson_strdup(sql);
        slot->hash = hash;
        slot->stmt = stmt;
        slot->busy = true;
    }
    return stmt;
}

void
crm__stmt_release(crm__conn_t *conn, sqlite3_stmt *stmt)
{
    if (!stmt)
        return;
    for (int i = 0; i < CRM__STMT_CACHE; i++) {
        if (conn->cache[i].stmt == stmt) {
            sqlite3_reset(stmt);
            sqlite3_clear_bindings(stmt);
            conn->cache[i].busy = false;
            return;
        }
    }
    sqlite3_finalize(stmt);
}

/* Forgets the array paths CONN learnt during a transaction that was rolled back. */
static void
known_forget(crm__conn_t *conn)
{
    if (!conn->known_dirty)
        return;
    for (size_t i = 0; i < conn->n_known; i++)
        bson_free(conn->known[i]);
    conn->n_known = 0;
    conn->known_dirty = false;
}

int
crm__unit_begin(crm__conn_t *conn, bool *outer, crm_error_t *error)
{
    *outer = sqlite3_get_autocommit(conn->db) != 0;
    return crm__sqlite_exec(conn, *outer ? "BEGIN IMMEDIATE" : "SAVEPOINT crm_unit", error);
}

int
crm__unit_end(crm__conn_t *conn, bool outer, int rc, crm_error_t *error)
{
    if (outer) {
        if (rc == 0) {
            rc = crm__sqlite_exec(conn, "COMMIT", error);
            if (rc == 0) {
                conn->known_dirty = false;
                return 0;
            }
        }
        sqlite3_exec(conn->db, "ROLLBACK", NULL, NULL, NULL);
        known_forget(conn);
        return rc;
    }
    if (rc == 0)
        return crm__sqlite_exec(conn, "RELEASE crm_unit", error);
    sqlite3_exec(conn->db, "ROLLBACK TO crm_unit; RELEASE crm_unit", NULL, NULL, NULL);
    known_forget(conn);
    return rc;
}

/* ---- the driver's open/close and transactions ---- */

/* Opens the file at LOCATION and creates the metadata table. */
static int
sqlite_open(crm_store_t *store, const char *location, const char *database, void **impl,
            crm_error_t *error)
{
    crm__sqlite_t *s = NULL;
    crm__conn_t *conn;
    int rc;

    (void)store;
    (void)database;
    if (!location || !*location)
        return crm_error_set(error, CRM_ECONFIG, "sqlite store needs a path");
    s = bson_malloc0(sizeof *s);
    s->path = bson_strdup(location);
    pthread_mutex_init(&s->lock, NULL);
    if (pthread_key_create(&s->key, conn_destructor) != 0) {
        pthread_mutex_destroy(&s->lock);
        bson_free(s->path);
        bson_free(s);
        return crm_error_set(error, CRM_EINTERNAL, "sqlite: no thread key available");
    }
    conn = crm__sqlite_conn(s, error);
    rc = conn ? 0 : (error ? error->code : CRM_EUNAVAIL);
    if (rc == 0)
        rc = crm__sqlite_exec(conn,
                              "CREATE TABLE IF NOT EXISTS crm_meta(coll TEXT NOT NULL, "
                              "kind TEXT NOT NULL, value TEXT NOT NULL, spec TEXT, "
                              "PRIMARY KEY(coll, kind, value)) WITHOUT ROWID",
                              error);
    *impl = s;
    if (rc != 0) {
        crm__sqlite_close(s);
        *impl = NULL;
    }
    return rc;
}

void
crm__sqlite_close(void *impl)
{
    crm__sqlite_t *s = impl;
    crm__conn_t *conn, *next;

    if (!s)
        return;
    pthread_key_delete(s->key);
    pthread_mutex_lock(&s->lock);
    for (conn = s->conns; conn; conn = next) {
        next = conn->next;
        conn_free(conn);
    }
    s->conns = NULL;
    pthread_mutex_unlock(&s->lock);
    pthread_mutex_destroy(&s->lock);
    bson_free(s->path);
    bson_free(s);
}

static int
sqlite_begin(void *impl, crm_error_t *error)
{
    crm__conn_t *conn = crm__sqlite_conn(impl, error);

    if (!conn)
        return error ? error->code : CRM_EUNAVAIL;
    return crm__sqlite_exec(conn, "BEGIN IMMEDIATE", error);
}

static int
sqlite_commit(void *impl, crm_error_t *error)
{
    crm__conn_t *conn = crm__sqlite_conn(impl, error);
    int rc;

    if (!conn)
        return error ? error->code : CRM_EUNAVAIL;
    rc = crm__sqlite_exec(conn, "COMMIT", error);
    if (rc == 0)
        conn->known_dirty = false;
    return rc;
}

static void
sqlite_rollback(void *impl)
{
    crm__conn_t *conn = crm__sqlite_conn(impl, NULL);

    if (!conn)
        return;
    if (!sqlite3_get_autocommit(conn->db))
        sqlite3_exec(conn->db, "ROLLBACK", NULL, NULL, NULL);
    known_forget(conn);
}

static int
sqlite_ping(void *impl, crm_error_t *error)
{
    crm__conn_t *conn = crm__sqlite_conn(impl, error);

    if (!conn)
        return error ? error->code : CRM_EUNAVAIL;
    return crm__sqlite_exec(conn, "SELECT 1", error);
}

const crm__store_driver_t crm__store_sqlite = {
    .name = "sqlite",
    .open = sqlite_open,
    .close = crm__sqlite_close,
    .insert_many = crm__sqlite_insert_many,
    .find = crm__sqlite_find,
    .update = crm__sqlite_update,
    .replace = crm__sqlite_replace,
    .delete_ = crm__sqlite_delete,
    .count = crm__sqlite_count,
    .ensure_index = crm__sqlite_ensure_index,
    .aggregate = crm__sqlite_aggregate,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .ping = sqlite_ping,
};
