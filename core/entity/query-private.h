/* List queries over an entity from request parameters (filter, q, sort, cursor, limit). */
#ifndef CRM_QUERY_PRIVATE_H
#define CRM_QUERY_PRIVATE_H

#include "entity/entity-private.h"

#include <crm/http.h>

#define CRM__LIST_DEFAULT_LIMIT 50
#define CRM__LIST_MAX_LIMIT 500

typedef struct crm__sort {
    char path[128]; /* the store's path */
    char spec[132]; /* as the client wrote it, normalised: "-name"; or "relevance" */
    bool desc;
    bool relevance; /* the search's own order (q): best match first, paged by position */
} crm__sort_t;

/* Builds the store filter from FILTER_JSON (API names and value forms; may be NULL) and Q
 * (full text; may be NULL) into OUT (initialised here; destroy it even on failure). 400 for an
 * unknown field, a refused operator, malformed JSON, or q on an entity without searchable
 * fields. */
int crm__query_filter(const crm__entity_t *e, const char *filter_json, const char *q, bson_t *out,
                      crm_error_t *error);

/* Appends to OUT (initialised by the caller) the filter "A and B", keeping a $text of either
 * at the top level, where the store requires it (at most one of them may search). */
void crm__filter_and(const bson_t *a, const bson_t *b, bson_t *out);

/* The store filter, into FILTER (initialised by the caller), of FILTER_JSON and Q (as
 * crm__query_filter()) within ACTOR's scope for "<entity>.<ACTION>". */
int crm__query_scoped(const crm_identity_t *actor, const crm__entity_t *e, const char *action,
                      const char *filter_json, const char *q, bson_t *filter, crm_error_t *error);

/* Reads what list and export share from REQ: the entity (404 when unknown), sort (with q and
 * no sort, or sort=relevance: the search's own order), and the store filter from filter and
 * q, limited to the caller's scope for "<entity>.<ACTION>".
 * FILTER is initialised here; destroy it even on failure. */
int crm__query_from_request(crm_request_t *req, const char *action, const crm__entity_t **e,
                            crm__sort_t *sort, bson_t *filter, crm_error_t *error);

/* Parses SORT ("name", "-created_at"; NULL: the entity's default) into OUT. */
int crm__query_sort(const crm__entity_t *e, const char *sort, crm__sort_t *out, crm_error_t *error);

/* The store sort document for SORT, into OUT (initialised here). */
void crm__query_sort_doc(const crm__sort_t *sort, bson_t *out);

/* The cursor pointing after LAST (a stored record), the record at POSITION (0-based) in the
 * whole list, for SORT; *OUT freed with free(). */
int crm__query_cursor_encode(const crm__sort_t *sort, const bson_t *last, int64_t position,
                             char **out);

/* Appends to OUT the filter condition "after CURSOR"; in relevance order, where the cursor
 * is a position, *SKIP gets how many records come before the page instead. *NULLS_FOLLOW
 * tells that the condition leaves out the records without a value, which follow once it
 * matches no more (400 when CURSOR is not one of ours or belongs to another sort). */
int crm__query_cursor_filter(const crm__sort_t *sort, const char *cursor, bson_t *out,
                             int64_t *skip, bool *nulls_follow, crm_error_t *error);

/* Parses the limit parameter (NULL: default), capping it at CRM__LIST_MAX_LIMIT; 0 asks for
 * no records (with _count=true: only the count). */
int crm__query_limit(const char *s, int64_t *limit, crm_error_t *error);

/* Answers REQ with one page of E's records matching FILTER (a store filter, already within the
 * caller's scope) in SORT order, as GET /api/v1/<entity> does: limit, cursor and _count from
 * REQ's query; {"items", "next_cursor", "limit", "sort"[, "count"]}. */
int crm__entity_respond_list(crm_request_t *req, const crm__entity_t *e, const crm__sort_t *sort,
                             const bson_t *filter, crm_error_t *error);

/* Streams every record of E matching FILTER (within the caller's scope) in SORT order to REQ as
 * CSV, as GET /api/v1/<entity>/export.csv does, offered as the file NAME.csv. */
int crm__entity_respond_csv(crm_request_t *req, const crm__entity_t *e, const crm__sort_t *sort,
                            const bson_t *filter, const char *name, crm_error_t *error);

/* The same as an XLSX workbook (GET /api/v1/<entity>/export.xlsx), the file NAME.xlsx: the
 * CSV's columns with typed cells. 413 (nothing sent) when more than server.xlsx_max_rows
 * records match. */
int crm__entity_respond_xlsx(crm_request_t *req, const crm__entity_t *e, const crm__sort_t *sort,
                             const bson_t *filter, const char *name, crm_error_t *error);

#endif
