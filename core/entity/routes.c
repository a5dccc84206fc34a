/* The generic REST endpoints every entity gets, and GET /api/v1/meta. The route table is the
 * whole API surface of this file; each handler is a thin adapter over the entity service
 * (GET /api/v1/meta is built in meta.c). */
#include "entity/meta-private.h"
#include "entity/routes-private.h"
#include "entity/service-private.h"
#include "http/server-private.h"

#include <stdlib.h>
#include <string.h>

static int
respond_record(crm_request_t *req, int status, const bson_t *record)
{
    bson_iter_t it;

    /* The record's version doubles as its ETag, for If-Match on PATCH. */
    if (bson_iter_init_find(&it, record, "version")) {
        char etag[32];
        snprintf(etag, sizeof etag, "\"%lld\"", (long long)bson_iter_as_int64(&it));
        crm_respond_header(req, "ETag", etag);
    }
    return crm_respond_json(req, status, record);
}

static int
handle_create(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t input, out;
    int rc;

    (void)data;
    rc = crm_request_json(req, &input, error);
    if (rc != 0)
        return rc;
    rc = crm__entity_create(crm_request_identity(req), crm_request_param(req, "entity"), &input,
                            false, &out, error);
    bson_destroy(&input);
    if (rc == 0) {
        bson_iter_t it;
        if (bson_iter_init_find(&it, &out, "id")) {
            char location[160];
            snprintf(location, sizeof location, "/api/v1/%s/%s", crm_request_param(req, "entity"),
                     bson_iter_utf8(&it, NULL));
            crm_respond_header(req, "Location", location);
        }
        rc = respond_record(req, 201, &out);
    }
    bson_destroy(&out);
    return rc;
}

static int
handle_get(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t out;
    int rc;

    (void)data;
    rc = crm_entity_get(crm_request_identity(req), crm_request_param(req, "entity"),
                        crm_request_param(req, "id"), &out, error);
    if (rc == 0)
        rc = respond_record(req, 200, &out);
    bson_destroy(&out);
    return rc;
}

/* If-Match: "7" (or 7) → 7; absent → -1; anything else → -2. */
static int64_t
if_match_version(crm_request_t *req)
{
    const char *h = crm_request_header(req, "If-Match");
    char *end = NULL;
    long long v;

    if (!h)
        return -1;
    if (*h == '"')
        h++;
    v = strtoll(h, &end, 10);
    if (end == h || v < 0 || (*end != '\0' && !(*end == '"' && end[1] == '\0')))
        return -2;
    return v;
}

static int
handle_update(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t patch, out;
    int64_t version = if_match_version(req);
    int rc;

    (void)data;
    if (version == -2)
        return crm_error_set(error, CRM_EINVAL,
                             "If-Match must be the record's version as its ETag gives it, e.g. \"3\"");
    rc = crm_request_json(req, &patch, error);
    if (rc != 0)
        return rc;
    rc = crm__entity_update(crm_request_identity(req), crm_request_param(req, "entity"),
                            crm_request_param(req, "id"), &patch, version, false, &out, error);
    bson_destroy(&patch);
    if (rc == 0)
        rc = respond_record(req, 200, &out);
    bson_destroy(&out);
    return rc;
}

static int
handle_delete(crm_request_t *req, void *data, crm_error_t *error)
{
    int rc;

    (void)data;
    rc = crm_entity_delete(crm_request_identity(req), crm_request_param(req, "entity"),
                           crm_request_param(req, "id"), error);
    if (rc == 0)
        rc = crm_respond(req, 204, NULL, NULL, 0);
    return rc;
}

/* The core's API surface for entities. Permissions name the entity from the path. */
static const crm_route_t core_routes[] = {
    {sizeof(crm_route_t), "GET", "/api/v1/meta", "meta.read", crm__entity_handle_meta, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/{entity}", "{entity}.read", crm__entity_handle_list, NULL},
    {sizeof(crm_route_t), "POST", "/api/v1/{entity}", "{entity}.create", handle_create, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/{entity}/export.csv", "{entity}.export",
     crm__entity_handle_export, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/{entity}/export.xlsx", "{entity}.export",
     crm__entity_handle_export, (void *)"xlsx"},
    {sizeof(crm_route_t), "POST", "/api/v1/{entity}/import", "{entity}.import",
     crm__entity_handle_import, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/{entity}/{id}", "{entity}.read", handle_get, NULL},
    {sizeof(crm_route_t), "PATCH", "/api/v1/{entity}/{id}", "{entity}.update", handle_update, NULL},
    {sizeof(crm_route_t), "DELETE", "/api/v1/{entity}/{id}", "{entity}.delete", handle_delete, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/{entity}/{id}/related", "{entity}.read",
     crm__entity_handle_related, NULL},
};

int
crm__entity_core_init(crm_error_t *error)
{
    static const char *const audit_fields[] = {"entity", "record_id", "at", NULL};
    crm_index_t audit_index = {sizeof audit_index, "i_entity_record", audit_fields, false, false, false};
    crm_store_t *store = crm__entity_store();
    int rc;

    if (store && (rc = crm_store_ensure_index(store, CRM__AUDIT_COLLECTION, &audit_index, error)) != 0)
        return rc;
    return crm__route_add_core_table(core_routes, sizeof core_routes / sizeof core_routes[0],
                                     error);
}

void
crm__entity_core_fini(void)
{
}
