/* Internals of the MongoDB driver of the store, shared by its files and its unit tests:
 * store-mongodb.c (pool, sessions, the vtable) and store-mongodb-build.c (pure functions that
 * turn the store's arguments into libmongoc commands and options, and map errors back). */
#ifndef CRM_STORE_MONGODB_PRIVATE_H
#define CRM_STORE_MONGODB_PRIVATE_H

#include <mongoc/mongoc.h>

#include "store/store-private.h"

/* Copies SORT (may be NULL) into OUT, which this function initialises, and appends
 * {"_id": 1} unless SORT already orders by _id, so that ties are broken by _id ascending.
 * Free OUT with bson_destroy(). */
void crm__mongo_sort_build(const bson_t *sort, bson_t *out);

/* Builds the opts document of mongoc_collection_find_with_opts() from OPTS (may be NULL):
 * projection, sort (with the _id tie-breaker, always present), skip and limit. OUT is
 * initialised here; free it with bson_destroy(). */
void crm__mongo_find_opts_build(const crm_find_opts_t *opts, bson_t *out);

/* Rewrites a $text search string into MongoDB's AND form: every whitespace-separated word
 * becomes a quoted phrase ("a b" -> "\"a\" \"b\""), so that all words must match, as in the
 * SQLite driver. Double quotes inside SEARCH are dropped. Returns a new string (free with
 * bson_free()); an empty SEARCH gives an empty string. */
char *crm__mongo_text_search_rewrite(const char *search);

/* Copies FILTER (may be NULL: empty) into OUT, which this function initialises, rewriting a
 * top-level {"$text": {"$search": S}} with crm__mongo_text_search_rewrite(). Free OUT with
 * bson_destroy(). */
void crm__mongo_filter_build(const bson_t *filter, bson_t *out);

/* Builds the createIndexes entry for INDEX into OUT (initialised here): {"key": {...},
 * "name": N, "unique": true?, "default_language": "english" for text}. Fields prefixed with
 * "-" are descending; a text index gives every field "text". Returns 0, or CRM_EINVAL when
 * INDEX has no name or no fields (OUT is then still initialised and must be destroyed). */
int crm__mongo_index_build(const crm_index_t *index, bson_t *out, crm_error_t *error);

/* Translates the store's PIPELINE ($match, $group, $sort, $limit) into the pipeline sent to
 * MongoDB, initialising OUT: the $match filter goes through crm__mongo_filter_build(); every
 * group key path "$p" becomes {"$ifNull": ["$p", null]} so that a missing field groups as
 * null; a $sort gets the _id tie-breaker, and a pipeline without $sort is sorted by _id
 * (before any $limit). Free OUT with bson_destroy(). */
void crm__mongo_pipeline_build(const bson_t *pipeline, bson_t *out);

/* Copies the group document DOC into OUT (initialised here) with every 32-bit integer among
 * its accumulated fields (all top-level fields but _id) widened to int64, so that sums of
 * integers come back as int64 as the contract says. */
void crm__mongo_group_normalise(const bson_t *doc, bson_t *out);

/* Maps a libmongoc failure to a CRM_E* code and fills ERROR. ERR is the bson_error_t of the
 * call; REPLY (may be NULL) is the server's reply, which may carry writeErrors (a duplicate
 * key inside a bulk insert) or error labels. WHAT names the operation ("insert into people")
 * for the message. Duplicate keys (11000, 11001) are CRM_ECONFLICT naming the index (and the
 * document's position in a batch), never the key's value; write conflicts (112) are
 * CRM_ECONFLICT; server selection, network and "not primary" failures are CRM_EUNAVAIL;
 * anything else is CRM_ESTORE. Returns the code. */
int crm__mongo_error_map(const bson_error_t *err, const bson_t *reply, const char *what,
                         crm_error_t *error);

#endif
