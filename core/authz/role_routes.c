/* The routes of roles and permissions: thin adapters over the role table and its service. */
#include "authz/authz-impl-private.h"
#include "http/server-private.h"

static int
respond_role(crm_request_t *req, int status, int rc, bson_t *out)
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

    (void)data;
    (void)error;
    bson_append_array_begin(&out, "roles", -1, &arr);
    crm__roles_describe_all(&arr);
    bson_append_array_end(&out, &arr);
    return respond_role(req, 200, 0, &out);
}

static int
handle_get(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t out = BSON_INITIALIZER;

    (void)data;
    return respond_role(req, 200, crm__role_describe(crm_request_param(req, "name"), &out, error),
                        &out);
}

static int
handle_create(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t input, out = BSON_INITIALIZER;
    int rc;

    (void)data;
    rc = crm_request_json(req, &input, error);
    if (rc != 0) {
        bson_destroy(&out);
        return rc;
    }
    rc = crm__role_create(crm_request_identity(req), &input, &out, error);
    bson_destroy(&input);
    return respond_role(req, 201, rc, &out);
}

static int
handle_update(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t patch, out = BSON_INITIALIZER;
    int rc;

    (void)data;
    rc = crm_request_json(req, &patch, error);
    if (rc != 0) {
        bson_destroy(&out);
        return rc;
    }
    rc = crm__role_update(crm_request_identity(req), crm_request_param(req, "name"), &patch, &out,
                          error);
    bson_destroy(&patch);
    return respond_role(req, 200, rc, &out);
}

static int
handle_delete(crm_request_t *req, void *data, crm_error_t *error)
{
    int rc;

    (void)data;
    rc = crm__role_delete(crm_request_identity(req), crm_request_param(req, "name"), error);
    if (rc == 0)
        rc = crm_respond(req, 204, NULL, NULL, 0);
    return rc;
}

static const crm_route_t routes[] = {
    {sizeof(crm_route_t), "GET", "/api/v1/permissions", "meta.read", crm__permissions_handle_list,
     NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/roles", "meta.read", handle_list, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/roles/{name}", "meta.read", handle_get, NULL},
    {sizeof(crm_route_t), "POST", "/api/v1/roles", "roles.manage", handle_create, NULL},
    {sizeof(crm_route_t), "PATCH", "/api/v1/roles/{name}", "roles.manage", handle_update, NULL},
    {sizeof(crm_route_t), "DELETE", "/api/v1/roles/{name}", "roles.manage", handle_delete, NULL},
};

int
crm__role_routes_open(crm_error_t *error)
{
    return crm__route_add_core_table(routes, sizeof routes / sizeof routes[0], error);
}
