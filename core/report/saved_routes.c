/* The routes of saved reports, dashboards and groups: thin adapters over the saved-record
 * service. Every logged-in user may keep their own ("meta.read"); the service applies
 * visibility. A group's records are read with the permissions of their entity, checked by
 * the group handlers against the caller's own scope. */
#include "report/saved-private.h"

#include "entity/groups-private.h"

#include "http/server-private.h"

#include <crm/http.h>

static int
respond(crm_request_t *req, int status, int rc, bson_t *out)
{
    if (rc == 0)
        rc = crm_respond_json(req, status, out);
    bson_destroy(out);
    return rc;
}

static int
handle_list(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t out;
    int rc = crm__saved_list(crm_request_store(req), crm_request_identity(req), data, &out, error);

    return respond(req, 200, rc, &out);
}

static int
handle_get(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t out;
    int rc = crm__saved_get(crm_request_store(req), crm_request_identity(req), data,
                            crm_request_param(req, "id"), &out, error);

    return respond(req, 200, rc, &out);
}

static int
handle_create(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t input, out;
    int rc = crm_request_json(req, &input, error);

    if (rc != 0)
        return rc;
    rc = crm__saved_create(crm_request_store(req), crm_request_identity(req), data, &input, &out,
                           error);
    bson_destroy(&input);
    return respond(req, 201, rc, &out);
}

static int
handle_update(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t patch, out;
    int rc = crm_request_json(req, &patch, error);

    if (rc != 0)
        return rc;
    rc = crm__saved_update(crm_request_store(req), crm_request_identity(req), data,
                           crm_request_param(req, "id"), &patch, &out, error);
    bson_destroy(&patch);
    return respond(req, 200, rc, &out);
}

static int
handle_delete(crm_request_t *req, void *data, crm_error_t *error)
{
    int rc = crm__saved_delete(crm_request_store(req), crm_request_identity(req), data,
                               crm_request_param(req, "id"), error);

    if (rc == 0)
        rc = crm_respond(req, 204, NULL, NULL, 0);
    return rc;
}

#define SAVED_ROUTES(path, kind)                                                                   \
    {sizeof(crm_route_t), "GET", path, "meta.read", handle_list, (void *)&kind},                   \
        {sizeof(crm_route_t), "POST", path, "meta.read", handle_create, (void *)&kind},            \
        {sizeof(crm_route_t), "GET", path "/{id}", "meta.read", handle_get, (void *)&kind},        \
        {sizeof(crm_route_t), "PATCH", path "/{id}", "meta.read", handle_update, (void *)&kind},   \
    {                                                                                              \
        sizeof(crm_route_t), "DELETE", path "/{id}", "meta.read", handle_delete, (void *)&kind     \
    }

static const crm_route_t routes[] = {
    SAVED_ROUTES("/api/v1/saved_reports", crm__saved_report_kind),
    SAVED_ROUTES("/api/v1/dashboards", crm__dashboard_kind),
    SAVED_ROUTES("/api/v1/groups", crm__saved_group_kind),
    {sizeof(crm_route_t), "GET", "/api/v1/groups/{id}/members", "meta.read",
     crm__group_handle_members, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/groups/{id}/export.csv", "meta.read",
     crm__group_handle_export, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/groups/{id}/export.xlsx", "meta.read",
     crm__group_handle_export, (void *)"xlsx"},
    {sizeof(crm_route_t), "POST", "/api/v1/groups/{id}/ids", "meta.read", crm__group_handle_ids,
     NULL},
};

int
crm__saved_open(crm__host_t *host, crm_error_t *error)
{
    (void)host;
    return crm__route_add_core_table(routes, sizeof routes / sizeof routes[0], error);
}
