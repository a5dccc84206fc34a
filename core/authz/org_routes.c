/* The routes of the org tree: thin adapters over the org service. */
#include "authz/authz-impl-private.h"
#include "http/server-private.h"

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
    bson_t out = BSON_INITIALIZER, arr;
    int rc;

    (void)data;
    bson_append_array_begin(&out, "items", -1, &arr);
    rc = crm__org_describe_all(&arr, error);
    bson_append_array_end(&out, &arr);
    return respond(req, 200, rc, &out);
}

static int
handle_get(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t out = BSON_INITIALIZER;

    (void)data;
    return respond(req, 200, crm__org_unit_get(crm_request_param(req, "id"), &out, error), &out);
}

static int
handle_create(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t input, out = BSON_INITIALIZER;
    int rc;

    (void)data;
    if ((rc = crm_request_json(req, &input, error)) != 0) {
        bson_destroy(&out);
        return rc;
    }
    rc = crm__org_unit_create(crm_request_identity(req), &input, &out, error);
    bson_destroy(&input);
    return respond(req, 201, rc, &out);
}

static int
handle_update(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t patch, out = BSON_INITIALIZER;
    int rc;

    (void)data;
    if ((rc = crm_request_json(req, &patch, error)) != 0) {
        bson_destroy(&out);
        return rc;
    }
    rc = crm__org_unit_update(crm_request_identity(req), crm_request_param(req, "id"), &patch, &out,
                              error);
    bson_destroy(&patch);
    return respond(req, 200, rc, &out);
}

static int
handle_delete(crm_request_t *req, void *data, crm_error_t *error)
{
    int rc;

    (void)data;
    rc = crm__org_unit_delete(crm_request_identity(req), crm_request_param(req, "id"), error);
    if (rc == 0)
        rc = crm_respond(req, 204, NULL, NULL, 0);
    return rc;
}

static const crm_route_t routes[] = {
    {sizeof(crm_route_t), "GET", "/api/v1/org_units", "meta.read", handle_list, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/org_units/{id}", "meta.read", handle_get, NULL},
    {sizeof(crm_route_t), "POST", "/api/v1/org_units", "org.manage", handle_create, NULL},
    {sizeof(crm_route_t), "PATCH", "/api/v1/org_units/{id}", "org.manage", handle_update, NULL},
    {sizeof(crm_route_t), "DELETE", "/api/v1/org_units/{id}", "org.manage", handle_delete, NULL},
};

int
crm__org_routes_open(crm_error_t *error)
{
    return crm__route_add_core_table(routes, sizeof routes / sizeof routes[0], error);
}
