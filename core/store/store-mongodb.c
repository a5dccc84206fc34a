/* The MongoDB driver of the store (crm__store_mongodb): a mongoc_client_pool_t per store with
 * majority write concern and retryable writes; each call pops a client and pushes it back.
 * A transaction is a client session kept, with its client, in thread-local storage of the
 * store; every call made on that thread while it is open runs on that client and carries the
 * session. Argument checking is store.c's job; the argument translation lives in
 * store-mongodb-build.c. */
#include "store/store-mongodb-private.h"

#include <crm/log.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MONGO_DEFAULT_URI "mongodb://localhost:27017/"
#define MONGO_DEFAULT_DATABASE "crm"

/* A transaction open on one thread: the client it holds and its session. */
typedef struct mongo_txn {
    mongoc_client_t *client;
    mongoc_client_session_t *session;
} mongo_txn_t;

/* The driver's state of one store. */
typedef struct mongo_store {
    mongoc_client_pool_t *pool;
    char *database;
    bool transactions; /* the deployment is a replica set or a sharded cluster */
    pthread_key_t txn_key;
    bool txn_key_created;
} mongo_store_t;

/* The client one call runs on: the thread's transaction client, or one popped from the pool. */
typedef struct mongo_conn {
    mongoc_client_t *client;
    mongo_txn_t *txn;
} mongo_conn_t;

/* A find or aggregate cursor; the conn is released when the cursor is destroyed. */
typedef struct mongo_cursor {
    mongo_store_t *ms;
    mongo_conn_t conn;
    mongoc_cursor_t *cursor;
    bool normalise; /* aggregate: widen int32 accumulators to int64 */
    bool have_doc;
    bson_t doc;
} mongo_cursor_t;

static pthread_once_t mongo_init_once = PTHREAD_ONCE_INIT;

/* Sends libmongoc's warnings and errors to our log; its chatter (info, debug, trace) is
 * dropped. */
static void
mongo_log(mongoc_log_level_t level, const char *domain, const char *message, void *data)
{
    (void)data;
    if (level > MONGOC_LOG_LEVEL_WARNING)
        return;
    crm_log(level == MONGOC_LOG_LEVEL_WARNING ? CRM_LOG_WARN : CRM_LOG_ERROR,
            "store.mongodb.libmongoc", "domain=%s message=\"%s\"", domain ? domain : "",
            message ? message : "");
}

/* Initialises libmongoc once per process. mongoc_cleanup() is never called: other stores may
 * open later, and the process ends anyway. */
static void
mongo_init(void)
{
    mongoc_init();
    mongoc_log_set_handler(mongo_log, NULL);
}

/* Takes the client for one call into *CONN: the transaction's when one is open on this thread. */
static void
conn_get(mongo_store_t *ms, mongo_conn_t *conn)
{
    conn->txn = ms->txn_key_created ? pthread_getspecific(ms->txn_key) : NULL;
    conn->client = conn->txn ? conn->txn->client : mongoc_client_pool_pop(ms->pool);
}

/* Gives back the client taken by conn_get() (a transaction keeps its own). Accepts an empty
 * conn. */
static void
conn_put(mongo_store_t *ms, mongo_conn_t *conn)
{
    if (conn->client && !conn->txn)
        mongoc_client_pool_push(ms->pool, conn->client);
    conn->client = NULL;
    conn->txn = NULL;
}

/* Appends the transaction's session, if any, to OPTS. */
static int
conn_opts(const mongo_conn_t *conn, bson_t *opts, crm_error_t *error)
{
    bson_error_t berr;

    if (conn->txn && !mongoc_client_session_append(conn->txn->session, opts, &berr))
        return crm__mongo_error_map(&berr, NULL, "join transaction", error);
    return 0;
}

/* Reads the integer KEY of REPLY, 0 when absent. */
static int64_t
reply_int64(const bson_t *reply, const char *key)
{
    bson_iter_t it;

    if (bson_iter_init_find(&it, reply, key) && BSON_ITER_HOLDS_NUMBER(&it))
        return bson_iter_as_int64(&it);
    return 0;
}

/* Runs the admin command {NAME: 1} on CLIENT into REPLY (always initialised). */
static bool
admin_command(mongoc_client_t *client, const char *name, bson_t *reply, bson_error_t *berr)
{
    bson_t cmd = BSON_INITIALIZER;
    bool ok;

    BSON_APPEND_INT32(&cmd, name, 1);
    ok = mongoc_client_command_simple(client, "admin", &cmd, NULL, reply, berr);
    bson_destroy(&cmd);
    return ok;
}

/* True when the hello (or legacy isMaster) reply describes a replica set member or mongos. */
static bool
reply_supports_transactions(const bson_t *reply)
{
    bson_iter_t it;

    if (bson_iter_init_find(&it, reply, "setName"))
        return true;
    return bson_iter_init_find(&it, reply, "msg") && BSON_ITER_HOLDS_UTF8(&it) &&
           strcmp(bson_iter_utf8(&it, NULL), "isdbgrid") == 0;
}

static void
mongo_close(void *impl)
{
    mongo_store_t *ms = impl;

    if (!ms)
        return;
    if (ms->pool)
        mongoc_client_pool_destroy(ms->pool);
    if (ms->txn_key_created)
        pthread_key_delete(ms->txn_key);
    bson_free(ms->database);
    bson_free(ms);
}

/* Opens a pool on LOCATION (a mongodb:// URI; default localhost), pings the deployment and
 * finds out whether it supports multi-document transactions. */
static int
mongo_open(crm_store_t *store, const char *location, const char *database, void **impl,
           crm_error_t *error)
{
    mongo_store_t *ms = NULL;
    mongoc_uri_t *uri = NULL;
    mongoc_write_concern_t *wc = NULL;
    mongoc_client_t *client = NULL;
    bson_t reply = BSON_INITIALIZER;
    bson_error_t berr;
    int rc = CRM_ESTORE;

    (void)store;
    pthread_once(&mongo_init_once, mongo_init);
    ms = bson_malloc0(sizeof *ms);
    ms->database = bson_strdup(database && database[0] ? database : MONGO_DEFAULT_DATABASE);

    uri = mongoc_uri_new_with_error(location && location[0] ? location : MONGO_DEFAULT_URI, &berr);
    if (!uri) {
        rc = crm_error_set(error, CRM_ECONFIG, "store uri is not a valid mongodb URI: %s",
                           berr.message);
        goto done;
    }
    wc = mongoc_write_concern_new();
    mongoc_write_concern_set_w(wc, MONGOC_WRITE_CONCERN_W_MAJORITY);
    mongoc_uri_set_write_concern(uri, wc);
    mongoc_uri_set_option_as_bool(uri, MONGOC_URI_RETRYWRITES, true);

    ms->pool = mongoc_client_pool_new_with_error(uri, &berr);
    if (!ms->pool) {
        rc = crm_error_set(error, CRM_ECONFIG, "cannot create mongodb client pool: %s",
                           berr.message);
        goto done;
    }
    mongoc_client_pool_set_error_api(ms->pool, MONGOC_ERROR_API_VERSION_2);
    mongoc_client_pool_set_appname(ms->pool, "crm");

    client = mongoc_client_pool_pop(ms->pool);
    if (!admin_command(client, "ping", &reply, &berr)) {
        rc = crm__mongo_error_map(&berr, &reply, "open mongodb store", error);
        goto done;
    }
    bson_destroy(&reply);
    if (!admin_command(client, "hello", &reply, &berr)) {
        bson_destroy(&reply);
        if (!admin_command(client, "isMaster", &reply, &berr)) {
            rc = crm__mongo_error_map(&berr, &reply, "open mongodb store", error);
            goto done;
        }
    }
    ms->transactions = reply_supports_transactions(&reply);
    if (!ms->transactions)
        crm_log(CRM_LOG_WARN, "store.mongodb.no_transactions",
                "database=%s reason=standalone_server detail=\"multi-document transactions "
                "are unavailable; crm_store_transaction will fail with unavailable\"",
                ms->database);
    if (pthread_key_create(&ms->txn_key, NULL) != 0) {
        rc = crm_error_set(error, CRM_ENOMEM, "cannot create thread-local transaction key");
        goto done;
    }
    ms->txn_key_created = true;
    *impl = ms;
    rc = 0;
done:
    if (client)
        mongoc_client_pool_push(ms->pool, client);
    bson_destroy(&reply);
    mongoc_write_concern_destroy(wc);
    mongoc_uri_destroy(uri);
    if (rc != 0)
        mongo_close(ms);
    return rc;
}

/* Deletes the documents of COLLECTION whose _id is among the first COUNT of IDS: the undo of a
 * partial ordered insert on a deployment without transactions. */
static void
undo_inserts(mongoc_collection_t *collection, const bson_t *const *docs, int64_t count)
{
    bson_t filter = BSON_INITIALIZER, in, ids;
    bson_error_t berr;
    bson_iter_t it;
    char buf[16];
    const char *key;

    if (count <= 0)
        return;
    bson_append_document_begin(&filter, "_id", 3, &in);
    bson_append_array_begin(&in, "$in", 3, &ids);
    for (int64_t i = 0; i < count; i++) {
        bson_uint32_to_string((uint32_t)i, &key, buf, sizeof buf);
        if (bson_iter_init_find(&it, docs[i], "_id"))
            bson_append_iter(&ids, key, -1, &it);
    }
    bson_append_array_end(&in, &ids);
    bson_append_document_end(&filter, &in);
    if (!mongoc_collection_delete_many(collection, &filter, NULL, NULL, &berr))
        crm_log(CRM_LOG_ERROR, "store.mongodb.insert_undo_failed",
                "collection=%s inserted=%lld error=\"%s\"", mongoc_collection_get_name(collection),
                (long long)count, berr.message);
    bson_destroy(&filter);
}

/* Inserts N documents all or none: inside a transaction when the deployment has them (the
 * caller's, or one opened for the batch); otherwise an ordered insert whose inserted prefix is
 * deleted again on failure. */
static int
mongo_insert_many(void *impl, const char *coll, const bson_t *const *docs, size_t n,
                  crm_error_t *error)
{
    mongo_store_t *ms = impl;
    mongo_conn_t conn = {0};
    mongoc_collection_t *collection = NULL;
    mongoc_client_session_t *session = NULL;
    const bson_t **list = NULL;
    bson_t *copies = NULL;
    bson_t opts = BSON_INITIALIZER, reply = BSON_INITIALIZER;
    bson_error_t berr;
    char what[128];
    int rc = CRM_ESTORE;

    if (n == 0)
        return 0;
    snprintf(what, sizeof what, "insert into %s", coll);
    /* Every document needs an _id the undo can name; store.c normally added them already. */
    list = bson_malloc0(n * sizeof *list);
    copies = bson_malloc0(n * sizeof *copies);
    for (size_t i = 0; i < n; i++) {
        list[i] = docs[i];
        if (!bson_has_field(docs[i], "_id")) {
            bson_oid_t oid;

            bson_oid_init(&oid, NULL);
            bson_init(&copies[i]);
            BSON_APPEND_OID(&copies[i], "_id", &oid);
            bson_concat(&copies[i], docs[i]);
            list[i] = &copies[i];
        }
    }

    conn_get(ms, &conn);
    collection = mongoc_client_get_collection(conn.client, ms->database, coll);
    BSON_APPEND_BOOL(&opts, "ordered", true);
    if (conn.txn) {
        rc = conn_opts(&conn, &opts, error);
        if (rc != 0)
            goto done;
    } else if (ms->transactions) {
        session = mongoc_client_start_session(conn.client, NULL, &berr);
        if (!session || !mongoc_client_session_start_transaction(session, NULL, &berr) ||
            !mongoc_client_session_append(session, &opts, &berr)) {
            rc = crm__mongo_error_map(&berr, NULL, what, error);
            goto done;
        }
    }
    if (!mongoc_collection_insert_many(collection, list, n, &opts, &reply, &berr)) {
        rc = crm__mongo_error_map(&berr, &reply, what, error);
        if (session) {
            mongoc_client_session_abort_transaction(session, NULL);
        } else if (!conn.txn) {
            /* Ordered: the documents before the first failing one went in. */
            undo_inserts(collection, list, reply_int64(&reply, "insertedCount"));
        }
        goto done;
    }
    if (session) {
        bson_destroy(&reply);
        if (!mongoc_client_session_commit_transaction(session, &reply, &berr)) {
            rc = crm__mongo_error_map(&berr, &reply, what, error);
            goto done;
        }
    }
    rc = 0;
done:
    if (session)
        mongoc_client_session_destroy(session);
    if (collection)
        mongoc_collection_destroy(collection);
    conn_put(ms, &conn);
    bson_destroy(&opts);
    bson_destroy(&reply);
    for (size_t i = 0; copies && i < n; i++) {
        if (list[i] == &copies[i])
            bson_destroy(&copies[i]);
    }
    bson_free(copies);
    bson_free(list);
    return rc;
}

static bool
cursor_next(crm_cursor_t *cursor, const bson_t **doc)
{
    mongo_cursor_t *mc = cursor->impl;
    const bson_t *raw = NULL;
    bson_error_t berr;
    const bson_t *reply = NULL;

    if (mc->have_doc) {
        bson_destroy(&mc->doc);
        mc->have_doc = false;
    }
    if (cursor->failed || !mc->cursor)
        return false;
    if (mongoc_cursor_next(mc->cursor, &raw)) {
        if (!mc->normalise) {
            *doc = raw;
            return true;
        }
        crm__mongo_group_normalise(raw, &mc->doc);
        mc->have_doc = true;
        *doc = &mc->doc;
        return true;
    }
    if (mongoc_cursor_error_document(mc->cursor, &berr, &reply)) {
        cursor->failed = true;
        crm__mongo_error_map(&berr, reply, "read cursor", &cursor->error);
    }
    return false;
}

static void
cursor_destroy(crm_cursor_t *cursor)
{
    mongo_cursor_t *mc;

    if (!cursor)
        return;
    mc = cursor->impl;
    if (mc) {
        mongoc_cursor_destroy(mc->cursor);
        conn_put(mc->ms, &mc->conn);
        if (mc->have_doc)
            bson_destroy(&mc->doc);
        bson_free(mc);
    }
    bson_free(cursor);
}

/* Wraps the libmongoc cursor C (owned from here), read on CONN, into a crm_cursor_t. */
static crm_cursor_t *
cursor_wrap(mongo_store_t *ms, mongo_conn_t *conn, mongoc_cursor_t *c, bool normalise)
{
    crm_cursor_t *cursor = bson_malloc0(sizeof *cursor);
    mongo_cursor_t *mc = bson_malloc0(sizeof *mc);

    mc->ms = ms;
    mc->conn = *conn;
    mc->cursor = c;
    mc->normalise = normalise;
    cursor->impl = mc;
    cursor->next = cursor_next;
    cursor->destroy = cursor_destroy;
    conn->client = NULL;
    conn->txn = NULL;
    return cursor;
}

static crm_cursor_t *
mongo_find(void *impl, const char *coll, const bson_t *filter, const crm_find_opts_t *opts,
           crm_error_t *error)
{
    mongo_store_t *ms = impl;
    mongo_conn_t conn = {0};
    mongoc_collection_t *collection = NULL;
    mongoc_cursor_t *c = NULL;
    crm_cursor_t *cursor = NULL;
    bson_t query, fopts;

    crm__mongo_filter_build(filter, &query);
    crm__mongo_find_opts_build(opts, &fopts);
    conn_get(ms, &conn);
    if (conn_opts(&conn, &fopts, error) != 0)
        goto done;
    collection = mongoc_client_get_collection(conn.client, ms->database, coll);
    c = mongoc_collection_find_with_opts(collection, &query, &fopts, NULL);
    cursor = cursor_wrap(ms, &conn, c, false);
done:
    if (collection)
        mongoc_collection_destroy(collection);
    conn_put(ms, &conn);
    bson_destroy(&query);
    bson_destroy(&fopts);
    return cursor;
}

static int
mongo_update(void *impl, const char *coll, const bson_t *filter, const bson_t *update, int flags,
             crm_update_result_t *result, crm_error_t *error)
{
    mongo_store_t *ms = impl;
    mongo_conn_t conn = {0};
    mongoc_collection_t *collection = NULL;
    bson_t query, opts = BSON_INITIALIZER, reply = BSON_INITIALIZER;
    bson_error_t berr;
    bson_iter_t top, it;
    char what[128];
    bool ok;
    int rc = CRM_ESTORE;

    snprintf(what, sizeof what, "update %s", coll);
    crm__mongo_filter_build(filter, &query);
    if (flags & CRM_UPDATE_UPSERT)
        BSON_APPEND_BOOL(&opts, "upsert", true);
    conn_get(ms, &conn);
    rc = conn_opts(&conn, &opts, error);
    if (rc != 0)
        goto done;
    collection = mongoc_client_get_collection(conn.client, ms->database, coll);
    if (flags & CRM_UPDATE_MANY)
        ok = mongoc_collection_update_many(collection, &query, update, &opts, &reply, &berr);
    else
        ok = mongoc_collection_update_one(collection, &query, update, &opts, &reply, &berr);
    if (!ok) {
        rc = crm__mongo_error_map(&berr, &reply, what, error);
        goto done;
    }
    if (result) {
        memset(result, 0, sizeof *result);
        result->matched = reply_int64(&reply, "matchedCount");
        result->modified = reply_int64(&reply, "modifiedCount");
        /* libmongoc reports "upsertedId"; the bulk form {"upserted": [{"index", "_id"}]} is
         * accepted too. */
        if (bson_iter_init_find(&it, &reply, "upsertedId") ||
            (bson_iter_init(&top, &reply) &&
             bson_iter_find_descendant(&top, "upserted.0._id", &it))) {
            result->upserted = true;
            bson_value_copy(bson_iter_value(&it), &result->upserted_id);
        }
    }
    rc = 0;
done:
    if (collection)
        mongoc_collection_destroy(collection);
    conn_put(ms, &conn);
    bson_destroy(&query);
    bson_destroy(&opts);
    bson_destroy(&reply);
    return rc;
}

static int
mongo_replace(void *impl, const char *coll, const bson_t *doc, crm_error_t *error)
{
    mongo_store_t *ms = impl;
    mongo_conn_t conn = {0};
    mongoc_collection_t *collection = NULL;
    bson_t query = BSON_INITIALIZER, opts = BSON_INITIALIZER, reply = BSON_INITIALIZER;
    bson_error_t berr;
    bson_iter_t it;
    char what[128];
    int rc = CRM_ESTORE;

    snprintf(what, sizeof what, "replace in %s", coll);
    if (!bson_iter_init_find(&it, doc, "_id"))
        return crm_error_set(error, CRM_EINVAL, "%s: the document has no _id", what);
    bson_append_iter(&query, "_id", 3, &it);
    conn_get(ms, &conn);
    rc = conn_opts(&conn, &opts, error);
    if (rc != 0)
        goto done;
    collection = mongoc_client_get_collection(conn.client, ms->database, coll);
    if (!mongoc_collection_replace_one(collection, &query, doc, &opts, &reply, &berr)) {
        rc = crm__mongo_error_map(&berr, &reply, what, error);
        goto done;
    }
    if (reply_int64(&reply, "matchedCount") == 0) {
        rc = crm_error_set(error, CRM_ENOTFOUND, "%s: no document with this _id", what);
        goto done;
    }
    rc = 0;
done:
    if (collection)
        mongoc_collection_destroy(collection);
    conn_put(ms, &conn);
    bson_destroy(&query);
    bson_destroy(&opts);
    bson_destroy(&reply);
    return rc;
}

static int
mongo_delete(void *impl, const char *coll, const bson_t *filter, bool many, int64_t *deleted,
             crm_error_t *error)
{
    mongo_store_t *ms = impl;
    mongo_conn_t conn = {0};
    mongoc_collection_t *collection = NULL;
    bson_t query, opts = BSON_INITIALIZER, reply = BSON_INITIALIZER;
    bson_error_t berr;
    char what[128];
    bool ok;
    int rc = CRM_ESTORE;

    snprintf(what, sizeof what, "delete from %s", coll);
    crm__mongo_filter_build(filter, &query);
    conn_get(ms, &conn);
    rc = conn_opts(&conn, &opts, error);
    if (rc != 0)
        goto done;
    collection = mongoc_client_get_collection(conn.client, ms->database, coll);
    if (many)
        ok = mongoc_collection_delete_many(collection, &query, &opts, &reply, &berr);
    else
        ok = mongoc_collection_delete_one(collection, &query, &opts, &reply, &berr);
    if (!ok) {
        rc = crm__mongo_error_map(&berr, &reply, what, error);
        goto done;
    }
    if (deleted)
        *deleted = reply_int64(&reply, "deletedCount");
    rc = 0;
done:
    if (collection)
        mongoc_collection_destroy(collection);
    conn_put(ms, &conn);
    bson_destroy(&query);
    bson_destroy(&opts);
    bson_destroy(&reply);
    return rc;
}

static int
mongo_count(void *impl, const char *coll, const bson_t *filter, int64_t *count, crm_error_t *error)
{
    mongo_store_t *ms = impl;
    mongo_conn_t conn = {0};
    mongoc_collection_t *collection = NULL;
    bson_t query, opts = BSON_INITIALIZER, reply = BSON_INITIALIZER;
    bson_error_t berr;
    char what[128];
    int64_t n;
    int rc = CRM_ESTORE;

    snprintf(what, sizeof what, "count %s", coll);
    crm__mongo_filter_build(filter, &query);
    conn_get(ms, &conn);
    rc = conn_opts(&conn, &opts, error);
    if (rc != 0)
        goto done;
    collection = mongoc_client_get_collection(conn.client, ms->database, coll);
    n = mongoc_collection_count_documents(collection, &query, &opts, NULL, &reply, &berr);
    if (n < 0) {
        rc = crm__mongo_error_map(&berr, &reply, what, error);
        goto done;
    }
    *count = n;
    rc = 0;
done:
    if (collection)
        mongoc_collection_destroy(collection);
    conn_put(ms, &conn);
    bson_destroy(&query);
    bson_destroy(&opts);
    bson_destroy(&reply);
    return rc;
}

/* Sets *FOUND when COLLECTION has an index called NAME. */
static int
index_exists(mongoc_collection_t *collection, const bson_t *opts, const char *name, bool *found,
             const char *what, crm_error_t *error)
{
    mongoc_cursor_t *c = mongoc_collection_find_indexes_with_opts(collection, opts);
    const bson_t *spec, *reply = NULL;
    bson_error_t berr;
    bson_iter_t it;
    int rc = 0;

    *found = false;
    while (!*found && mongoc_cursor_next(c, &spec)) {
        if (bson_iter_init_find(&it, spec, "name") && BSON_ITER_HOLDS_UTF8(&it) &&
            strcmp(bson_iter_utf8(&it, NULL), name) == 0)
            *found = true;
    }
    if (!*found && mongoc_cursor_error_document(c, &berr, &reply))
        rc = crm__mongo_error_map(&berr, reply, what, error);
    mongoc_cursor_destroy(c);
    return rc;
}

/* Creates INDEX unless COLL has an index of that name (see crm_store_ensure_index()). Inside a
 * transaction only the "already exists" case succeeds: MongoDB cannot build an index there. */
static int
mongo_ensure_index(void *impl, const char *coll, const crm_index_t *index, crm_error_t *error)
{
    mongo_store_t *ms = impl;
    mongo_conn_t conn = {0};
    mongoc_collection_t *collection = NULL;
    bson_t spec, cmd = BSON_INITIALIZER, opts = BSON_INITIALIZER, reply = BSON_INITIALIZER;
    bson_t indexes;
    bson_error_t berr;
    char what[160];
    bool found = false;
    int rc = CRM_ESTORE;

    snprintf(what, sizeof what, "create index %s on %s", index && index->name ? index->name : "",
             coll);
    rc = crm__mongo_index_build(index, &spec, error);
    if (rc != 0)
        goto done;
    /* Index DDL never joins a transaction: listIndexes is refused inside one, and an index
     * build would wait for the very transaction that waits for it. */
    conn.client = mongoc_client_pool_pop(ms->pool);
    collection = mongoc_client_get_collection(conn.client, ms->database, coll);
    rc = index_exists(collection, &opts, index->name, &found, what, error);
    if (rc != 0 || found)
        goto done;
    if (pthread_getspecific(ms->txn_key)) {
        rc = crm_error_set(error, CRM_EUNSUPPORTED,
                           "%s: on MongoDB a new index cannot be created inside a transaction; "
                           "create it before",
                           what);
        goto done;
    }
    BSON_APPEND_UTF8(&cmd, "createIndexes", coll);
    bson_append_array_begin(&cmd, "indexes", 7, &indexes);
    BSON_APPEND_DOCUMENT(&indexes, "0", &spec);
    bson_append_array_end(&cmd, &indexes);
    if (!mongoc_collection_write_command_with_opts(collection, &cmd, &opts, &reply, &berr)) {
        rc = crm__mongo_error_map(&berr, &reply, what, error);
        goto done;
    }
    rc = 0;
done:
    if (collection)
        mongoc_collection_destroy(collection);
    conn_put(ms, &conn);
    bson_destroy(&spec);
    bson_destroy(&cmd);
    bson_destroy(&opts);
    bson_destroy(&reply);
    return rc;
}

static crm_cursor_t *
mongo_aggregate(void *impl, const char *coll, const bson_t *pipeline, crm_error_t *error)
{
    mongo_store_t *ms = impl;
    mongo_conn_t conn = {0};
    mongoc_collection_t *collection = NULL;
    mongoc_cursor_t *c = NULL;
    crm_cursor_t *cursor = NULL;
    bson_t stages, opts = BSON_INITIALIZER;

    crm__mongo_pipeline_build(pipeline, &stages);
    conn_get(ms, &conn);
    if (conn_opts(&conn, &opts, error) != 0)
        goto done;
    collection = mongoc_client_get_collection(conn.client, ms->database, coll);
    c = mongoc_collection_aggregate(collection, MONGOC_QUERY_NONE, &stages, &opts, NULL);
    cursor = cursor_wrap(ms, &conn, c, true);
done:
    if (collection)
        mongoc_collection_destroy(collection);
    conn_put(ms, &conn);
    bson_destroy(&stages);
    bson_destroy(&opts);
    return cursor;
}

/* Ends the calling thread's transaction state: destroys the session (which aborts a
 * transaction still in progress) and gives the client back. */
static void
txn_release(mongo_store_t *ms, mongo_txn_t *txn)
{
    if (txn->session)
        mongoc_client_session_destroy(txn->session);
    if (txn->client)
        mongoc_client_pool_push(ms->pool, txn->client);
    bson_free(txn);
    pthread_setspecific(ms->txn_key, NULL);
}

static int
mongo_begin(void *impl, crm_error_t *error)
{
    mongo_store_t *ms = impl;
    mongo_txn_t *txn = NULL;
    bson_error_t berr;
    int rc = CRM_ESTORE;

    if (!ms->transactions)
        return crm_error_set(error, CRM_EUNAVAIL,
                             "multi-document transactions are unavailable: the MongoDB "
                             "deployment is a standalone server (a replica set is needed)");
    if (pthread_getspecific(ms->txn_key))
        return crm_error_set(error, CRM_EINTERNAL, "a transaction is already open on this thread");
    txn = bson_malloc0(sizeof *txn);
    txn->client = mongoc_client_pool_pop(ms->pool);
    txn->session = mongoc_client_start_session(txn->client, NULL, &berr);
    if (!txn->session || !mongoc_client_session_start_transaction(txn->session, NULL, &berr)) {
        rc = crm__mongo_error_map(&berr, NULL, "begin transaction", error);
        goto done;
    }
    if (pthread_setspecific(ms->txn_key, txn) != 0) {
        rc = crm_error_set(error, CRM_ENOMEM, "cannot record the transaction for this thread");
        goto done;
    }
    rc = 0;
done:
    if (rc != 0)
        txn_release(ms, txn);
    return rc;
}

/* Commits the thread's transaction. The transaction state is released whatever the outcome,
 * so a rollback after a failed commit has nothing left to do. */
static int
mongo_commit(void *impl, crm_error_t *error)
{
    mongo_store_t *ms = impl;
    mongo_txn_t *txn = pthread_getspecific(ms->txn_key);
    bson_t reply = BSON_INITIALIZER;
    bson_error_t berr;
    int rc = 0;

    if (!txn)
        return crm_error_set(error, CRM_EINTERNAL, "no transaction is open on this thread");
    if (!mongoc_client_session_commit_transaction(txn->session, &reply, &berr)) {
        bool unknown = mongoc_error_has_label(&reply, "UnknownTransactionCommitResult");

        /* The outcome is unknown (e.g. a failover): commit is idempotent, try once more. */
        bson_destroy(&reply);
        if (!unknown || !mongoc_client_session_commit_transaction(txn->session, &reply, &berr))
            rc = crm__mongo_error_map(&berr, &reply, "commit transaction", error);
    }
    bson_destroy(&reply);
    txn_release(ms, txn);
    return rc;
}

static void
mongo_rollback(void *impl)
{
    mongo_store_t *ms = impl;
    mongo_txn_t *txn = pthread_getspecific(ms->txn_key);

    if (!txn)
        return;
    if (mongoc_client_session_in_transaction(txn->session))
        mongoc_client_session_abort_transaction(txn->session, NULL);
    txn_release(ms, txn);
}

static int
mongo_ping(void *impl, crm_error_t *error)
{
    mongo_store_t *ms = impl;
    mongoc_client_t *client = mongoc_client_pool_pop(ms->pool);
    bson_t reply;
    bson_error_t berr;
    int rc = 0;

    if (!admin_command(client, "ping", &reply, &berr))
        rc = crm__mongo_error_map(&berr, &reply, "ping mongodb", error);
    bson_destroy(&reply);
    mongoc_client_pool_push(ms->pool, client);
    return rc;
}

const crm__store_driver_t crm__store_mongodb = {
    .name = "mongodb",
    .open = mongo_open,
    .close = mongo_close,
    .insert_many = mongo_insert_many,
    .find = mongo_find,
    .update = mongo_update,
    .replace = mongo_replace,
    .delete_ = mongo_delete,
    .count = mongo_count,
    .ensure_index = mongo_ensure_index,
    .aggregate = mongo_aggregate,
    .begin = mongo_begin,
    .commit = mongo_commit,
    .rollback = mongo_rollback,
    .ping = mongo_ping,
};
