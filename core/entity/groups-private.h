/* Saved groups of records of an entity: the third kind of the saved-record service
 * (report/saved-private.h, collection "saved_groups") and the routes that read a group's
 * members. A dynamic group keeps a filter in the language of the entity's list (filter, q); a
 * static one keeps record ids. Either way its members are computed within the scope of whoever
 * asks: sharing a group shares the selection, never the records. */
#ifndef CRM_ENTITY_GROUPS_PRIVATE_H
#define CRM_ENTITY_GROUPS_PRIVATE_H

#include "entity/entity-private.h"

#include <crm/http.h>

/* The most record ids a static group holds. */
#define CRM__GROUP_MAX_IDS 10000

/* The longest filter a dynamic group keeps, in bytes of JSON. */
#define CRM__GROUP_FILTER_MAX_BYTES 8192

/* Record ids: OIDS in the order given, SORTED the same ids in ascending order. */
typedef struct crm__group_ids {
    bson_oid_t *oids;
    bson_oid_t *sorted;
    size_t n;
} crm__group_ids_t;

/* Reads the array IT of record ids (24 hexadecimal digits, or ObjectIds as stored) into OUT
 * (zeroed here; free with crm__group_ids_clear() whatever the result). Problems are field
 * errors on ERROR at FIELD (not an array, more than CRM__GROUP_MAX_IDS) or FIELD.<index> (not
 * an id, given twice, and, when E is not NULL, an id outside KNOWN (may be NULL) that is no
 * record of E CALLER may read). Returns 0, CRM_EVALIDATION, or the store's error. */
int crm__group_ids_read(crm_store_t *store, const crm_identity_t *caller, const crm__entity_t *e,
                        const bson_iter_t *it, const char *field, const crm__group_ids_t *known,
                        crm__group_ids_t *out, crm_error_t *error);

/* True when OID is one of IDS (may be NULL). */
bool crm__group_ids_has(const crm__group_ids_t *ids, const bson_oid_t *oid);

/* Frees what IDS holds and zeroes it. */
void crm__group_ids_clear(crm__group_ids_t *ids);

/* The string field KEY of GROUP (a stored or an input record), or NULL. Borrowed from GROUP. */
const char *crm__group_str(const bson_t *group, const char *key);

/* True when GROUP is a static group (a list of ids). */
bool crm__group_is_static(const bson_t *group);

/* GET /api/v1/groups/{id}/members: the group's records the caller may read, as a page of
 * GET /api/v1/<entity> (limit, cursor, sort, _count, and filter and q narrowing further). */
int crm__group_handle_members(crm_request_t *req, void *data, crm_error_t *error);

/* GET /api/v1/groups/{id}/export.csv and export.xlsx (DATA "xlsx"): the group's records the
 * caller may export, as GET /api/v1/<entity>/export.csv and export.xlsx send them. */
int crm__group_handle_export(crm_request_t *req, void *data, crm_error_t *error);

/* POST /api/v1/groups/{id}/ids {"add": [...], "remove": [...]}: changes a static group's ids
 * (its owner only). */
int crm__group_handle_ids(crm_request_t *req, void *data, crm_error_t *error);

#endif
