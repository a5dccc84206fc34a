/* HTTP routes and the request/response API. Plugins register routes during init; the core's
 * router matches method + path pattern, authenticates the caller (crm_request_identity()),
 * checks the route's permission, then calls the handler on one of the server's threads.
 *
 * JSON in and out. Errors use one shape:
 *   {"error": {"code": "invalid", "message": "...", "fields": {"name": "is required"}}}
 * with the status of the crm_error_t code (400, 401, 403, 404, 409, 413, 422, 429, 503). */
#ifndef CRM_HTTP_H
#define CRM_HTTP_H

#include <bson/bson.h>
#include <crm/common.h>
#include <crm/identity.h>
#include <crm/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct crm_request crm_request_t;

/* A handler answers REQ with exactly one crm_respond_*() call (or a streamed response) and
 * returns 0. Returning a negative CRM_E* code with ERROR filled, without having responded,
 * makes the core answer with the error body. */
typedef int (*crm_route_fn)(crm_request_t *req, void *data, crm_error_t *error);

/* The permission value for routes anybody may call without logging in. Every route names
 * a permission or this, explicitly. */
#define CRM_PUBLIC "public"

/* A route. PATTERN is an absolute path whose segments may be parameters: "/api/v1/x/{id}";
 * a last segment "{*rest}" matches the remainder. A literal segment beats a parameter. */
typedef struct crm_route {
    size_t size;            /* sizeof(crm_route_t) */
    const char *method;     /* "GET", "POST", "PUT", "PATCH", "DELETE" */
    const char *pattern;
    const char *permission; /* e.g. "prospect.read", or CRM_PUBLIC; required */
    crm_route_fn handler;
    void *data;             /* passed to the handler */
} crm_route_t;

/* Registers ROUTE for PLUGIN (only during its init). A method + pattern already registered is
 * CRM_ECONFLICT. The strings are copied. */
CRM_API int crm_route_add(crm_plugin_t *plugin, const crm_route_t *route, crm_error_t *error);

/* --- the request (all returned pointers are borrowed, valid until the handler returns) --- */

CRM_API const char *crm_request_method(const crm_request_t *req);
/* The decoded path, without the query string. */
CRM_API const char *crm_request_path(const crm_request_t *req);
/* The value of a path parameter of the route's pattern, or NULL. */
CRM_API const char *crm_request_param(const crm_request_t *req, const char *name);
/* The URL-decoded value of query parameter NAME (the first if repeated), or NULL. */
CRM_API const char *crm_request_query(const crm_request_t *req, const char *name);
/* Refuses a query parameter not in ALLOWED (NULL-terminated; NULL: none allowed) with
 * CRM_EINVAL naming it and the allowed ones. 0 when all are known. (ABI 1.2) */
CRM_API int crm_request_query_only(crm_request_t *req, const char *const *allowed,
                                   crm_error_t *error);
/* A request header, or NULL. */
CRM_API const char *crm_request_header(const crm_request_t *req, const char *name);
/* The caller (the system identity until authentication is configured). Never NULL. */
CRM_API const crm_identity_t *crm_request_identity(const crm_request_t *req);
/* The host's store. */
CRM_API crm_store_t *crm_request_store(const crm_request_t *req);

/* Reads the whole body (at most the server's limit: CRM_ETOOBIG beyond it). *BODY is borrowed
 * and NUL-terminated; *LEN excludes the NUL. Either out pointer may be NULL. */
CRM_API int crm_request_body(crm_request_t *req, const char **body, size_t *len,
                             crm_error_t *error);

/* Reads the body as one JSON object into OUT (initialised here; bson_destroy() it after a 0
 * return). Refuses with CRM_EINVAL and a message: an empty body, invalid UTF-8, malformed
 * JSON, a top-level value that is not an object, keys beginning with '$', duplicate keys. */
CRM_API int crm_request_json(crm_request_t *req, bson_t *out, crm_error_t *error);

/* --- responses --- */

/* Sends DOC as JSON (see crm_json_append()) with STATUS. */
CRM_API int crm_respond_json(crm_request_t *req, int status, const bson_t *doc);
/* Sends the error body for ERROR with its status. */
CRM_API int crm_respond_error(crm_request_t *req, const crm_error_t *error);
/* Sends BODY (LEN bytes) as CONTENT_TYPE with STATUS. */
CRM_API int crm_respond(crm_request_t *req, int status, const char *content_type, const void *body,
                        size_t len);
/* Adds a response header before the response is sent (e.g. "Content-Disposition"). */
CRM_API int crm_respond_header(crm_request_t *req, const char *name, const char *value);

/* A streamed (chunked) response: begin, write any number of times, end. */
CRM_API int crm_respond_begin(crm_request_t *req, int status, const char *content_type);
CRM_API int crm_respond_write(crm_request_t *req, const void *data, size_t len);
CRM_API int crm_respond_end(crm_request_t *req);

/* --- JSON (API flavour) --- */

/* Appends DOC to STR as the API's plain JSON: ObjectId as its 24-hex string, datetimes as
 * ISO 8601 UTC strings ("2026-11-22T08:00:00.000Z"), int32/int64 as numbers, decimal128 as a
 * string. */
CRM_API void crm_json_append(bson_string_t *str, const bson_t *doc);
/* Same for one value. */
CRM_API void crm_json_append_value(bson_string_t *str, const bson_value_t *value);

/* Parses JSON text (LEN bytes) into OUT (initialised here) with the checks of
 * crm_request_json(). */
CRM_API int crm_json_parse(const char *json, size_t len, bson_t *out, crm_error_t *error);

#ifdef __cplusplus
}
#endif

#endif
