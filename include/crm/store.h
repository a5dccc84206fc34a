/* The document store: a MongoDB-shaped interface over BSON documents, with two drivers behind
 * it (embedded SQLite, the default; MongoDB for production). A behaviour that differs between
 * the drivers is a bug. See docs/storage.md for the filter language and the semantics.
 *
 * Collections are named [a-z][a-z0-9_]{0,62}; they spring into existence on first write.
 * Every document has an `_id`; insert adds an ObjectId when the document has none.
 *
 * Filters are a documented subset of MongoDB's query language: $eq $ne $gt $gte $lt $lte $in
 * $nin $exists $and $or $not $regex (an anchored prefix, "^abc") and $text ({"$text":
 * {"$search": "words"}}, top level only), over dotted paths. Anything else ($where,
 * $function, unknown operators, a filter nested deeper than CRM_FILTER_MAX_DEPTH) is refused
 * with CRM_EINVAL before a driver sees it.
 *
 * Thread safety: a crm_store_t is shared by all threads. A cursor belongs to the thread that
 * opened it. Calls made inside crm_store_transaction()'s callback, on the calling thread, join
 * the transaction. */
#ifndef CRM_STORE_H
#define CRM_STORE_H

#include <bson/bson.h>
#include <crm/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct crm_store crm_store_t;
typedef struct crm_cursor crm_cursor_t;

#define CRM_FILTER_MAX_DEPTH 16
#define CRM_COLLECTION_NAME_MAX 63

/* Options of crm_store_find(). Zero-initialise, then set what you need; `size` must be
 * sizeof(crm_find_opts_t) (CRM_FIND_OPTS_INIT does that). */
typedef struct crm_find_opts {
    size_t size;
    const bson_t *projection; /* {"a": 1, "b.c": 1} or {"a": 0}; NULL: whole documents */
    const bson_t *sort;       /* {"a": 1, "b": -1}; ties are always broken by _id ascending.
                               * {"$text": -1} alone: the order of the filter's top-level
                               * $text, best match first (MongoDB: its text score; SQLite:
                               * matches rank alike, newest first), fast on any number of
                               * matches; page it with skip. */
    int64_t skip;             /* 0: none */
    int64_t limit;            /* 0: no limit */
} crm_find_opts_t;

#define CRM_FIND_OPTS_INIT {sizeof(crm_find_opts_t), NULL, NULL, 0, 0}

/* Flags of crm_store_update(). */
enum {
    CRM_UPDATE_MANY = 1 << 0,  /* update every match, not only the first */
    CRM_UPDATE_UPSERT = 1 << 1 /* insert when nothing matches: the filter's equality
                                  conditions plus the update make the new document */
};

typedef struct crm_update_result {
    int64_t matched;
    int64_t modified;
    bool upserted;          /* a document was inserted */
    bson_value_t upserted_id; /* its _id when upserted; free with bson_value_destroy() */
} crm_update_result_t;

/* An index. FIELDS is a NULL-terminated list of dotted paths, each optionally prefixed with
 * "-" for descending. A unique index ignores documents that have none of its fields, so an
 * optional field can be unique. A text index covers the string fields listed (one per
 * collection). */
typedef struct crm_index {
    size_t size; /* sizeof(crm_index_t) */
    const char *name;
    const char *const *fields;
    bool unique;
    bool text;
    bool multikey; /* ABI 1.2: the single field holds arrays: find documents by any element */
} crm_index_t;

/* Opens the store described by the settings of a `store` configuration group:
 *   driver = "sqlite"; path = "var/crm.db";
 *   driver = "mongodb"; uri = "mongodb://host/?replicaSet=rs0"; database = "crm";
 * Returns NULL and fills ERROR when it cannot. Free with crm_store_close(). Used by the core
 * and by test harnesses; plugins get the host's store from crm_plugin_store(). */
CRM_API crm_store_t *crm_store_open(const char *driver, const char *location,
                                    const char *database, crm_error_t *error);

/* Closes STORE and frees it; accepts NULL. No call may be in progress on it. */
CRM_API void crm_store_close(crm_store_t *store);

/* The driver's name: "sqlite" or "mongodb". */
CRM_API const char *crm_store_driver(const crm_store_t *store);

/* Checks that FILTER is inside the supported language (see above). Returns 0, or CRM_EINVAL
 * with a message naming the offending operator or path. Every store call that takes a
 * filter runs this first; it is exported for handlers that want to reject early. */
CRM_API int crm_filter_check(const bson_t *filter, crm_error_t *error);

/* Inserts DOC into COLL. If DOC has no _id an ObjectId is added and, when OUT_ID is not NULL,
 * copied there. A unique index violation is CRM_ECONFLICT. */
CRM_API int crm_store_insert(crm_store_t *store, const char *coll, const bson_t *doc,
                             bson_oid_t *out_id, crm_error_t *error);

/* Inserts N documents in one batch, all or none: on any failure nothing of the batch is
 * stored and ERROR names the index of the failing document in its message. Documents
 * without _id get ObjectIds. */
CRM_API int crm_store_insert_many(crm_store_t *store, const char *coll, const bson_t *const *docs,
                                  size_t n, crm_error_t *error);

/* Finds the documents of COLL matching FILTER (NULL or empty: all). Returns a cursor to read
 * with crm_cursor_next(), or NULL with ERROR filled. OPTS may be NULL. */
CRM_API crm_cursor_t *crm_store_find(crm_store_t *store, const char *coll, const bson_t *filter,
                                     const crm_find_opts_t *opts, crm_error_t *error);

/* Finds the first document matching FILTER (in _id order) and copies it into OUT, which this
 * function initialises (free with bson_destroy() after a 0 return only). CRM_ENOTFOUND when
 * none matches. PROJECTION may be NULL. */
CRM_API int crm_store_find_one(crm_store_t *store, const char *coll, const bson_t *filter,
                               const bson_t *projection, bson_t *out, crm_error_t *error);

/* Advances CURSOR. On true, *DOC points to a document valid until the next call or
 * crm_cursor_destroy(). On false, either the results are exhausted or an error occurred:
 * crm_cursor_error() tells. */
CRM_API bool crm_cursor_next(crm_cursor_t *cursor, const bson_t **doc);

/* True (and ERROR filled) when CURSOR failed. */
CRM_API bool crm_cursor_error(crm_cursor_t *cursor, crm_error_t *error);

/* Frees CURSOR; accepts NULL. */
CRM_API void crm_cursor_destroy(crm_cursor_t *cursor);

/* Applies UPDATE to the documents of COLL matching FILTER. UPDATE uses the operators $set,
 * $unset, $inc and $push (e.g. {"$set": {"a": 1}, "$inc": {"n": 2}}); anything else is
 * CRM_EINVAL. _id cannot be changed. RESULT may be NULL. */
CRM_API int crm_store_update(crm_store_t *store, const char *coll, const bson_t *filter,
                             const bson_t *update, int flags, crm_update_result_t *result,
                             crm_error_t *error);

/* Replaces the document whose _id is the one in DOC by DOC (all fields). CRM_ENOTFOUND when
 * there is none. */
CRM_API int crm_store_replace(crm_store_t *store, const char *coll, const bson_t *doc,
                              crm_error_t *error);

/* Deletes the first (MANY false) or every document matching FILTER. DELETED may be NULL. */
CRM_API int crm_store_delete(crm_store_t *store, const char *coll, const bson_t *filter, bool many,
                             int64_t *deleted, crm_error_t *error);

/* Counts the documents of COLL matching FILTER into *COUNT. */
CRM_API int crm_store_count(crm_store_t *store, const char *coll, const bson_t *filter,
                            int64_t *count, crm_error_t *error);

/* Creates INDEX on COLL unless an index of that name exists. Creating a unique index over
 * data that already violates it is CRM_ECONFLICT. Idempotent. */
CRM_API int crm_store_ensure_index(crm_store_t *store, const char *coll, const crm_index_t *index,
                                   crm_error_t *error);

/* Runs an aggregation PIPELINE (a BSON array document: {"0": {...}, "1": {...}}) over COLL.
 * Supported stages, in this order, each optional except $group:
 *   {"$match": FILTER}
 *   {"$group": {"_id": KEY, "out": {"$sum": 1 | "$path"},
 *               "m": {"$avg"|"$min"|"$max"|"$countDistinct": "$path"}}}
 *      KEY is null (one group), a key part, or {"k1": PART1, "k2": PART2}; a part is "$path"
 *      or {"$dateTrunc": {"date": "$path", "unit": "day"|"week"|"month"|"quarter"|"year"}}:
 *      the start of that period in UTC as a datetime, weeks starting on Monday (ISO 8601);
 *      null when the path holds no datetime. $countDistinct counts the distinct values
 *      (1 and 1.0 are one), null and missing left out.
 *   {"$sort": {"_id.k1": 1, "out": -1}}
 *   {"$limit": N}
 * Returns a cursor over the groups ({"_id": KEY-VALUE, "out": ...}), or NULL with ERROR. Sums
 * of integers stay integers (int64); avg is a double. */
CRM_API crm_cursor_t *crm_store_aggregate(crm_store_t *store, const char *coll,
                                          const bson_t *pipeline, crm_error_t *error);

/* The callback of crm_store_transaction(): return 0 to commit, a negative CRM_E* code (with
 * ERROR filled) to roll back. */
typedef int (*crm_store_txn_fn)(crm_store_t *store, void *data, crm_error_t *error);

/* Runs FN inside a transaction: every store call FN makes on this thread is part of it; it
 * commits when FN returns 0 and rolls back otherwise (and on a commit failure). Nested calls
 * join the outer transaction. On MongoDB it needs a replica set: against a standalone server it
 * returns CRM_EUNAVAIL without calling FN. Returns FN's code or the commit's. */
CRM_API int crm_store_transaction(crm_store_t *store, crm_store_txn_fn fn, void *data,
                                  crm_error_t *error);

/* True when the calling thread is inside crm_store_transaction() on STORE. */
CRM_API bool crm_store_in_transaction(const crm_store_t *store);

/* Checks that the store answers (used by /healthz). */
CRM_API int crm_store_ping(crm_store_t *store, crm_error_t *error);

#ifdef __cplusplus
}
#endif

#endif
