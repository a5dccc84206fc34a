/* The HTTP server (civetweb) and the router. Routes are registered before crm__http_start()
 * and immutable while it runs. */
#ifndef CRM_HTTP_SERVER_PRIVATE_H
#define CRM_HTTP_SERVER_PRIVATE_H

#include <crm/http.h>

typedef struct crm__http crm__http_t;

typedef struct crm__http_opts {
    const char *listen;     /* "127.0.0.1:8080"; port 0 picks a free port */
    const char *www_dir;    /* static files served for paths outside /api and the core's */
    int64_t max_body;       /* bytes; larger bodies are 413 */
    int threads;
    crm_store_t *store;
    const char *tls_certificate; /* PEM files; both set: HTTPS only (TLS 1.2+) on listen */
    const char *tls_key;
} crm__http_opts_t;

/* Starts serving. Returns NULL with ERROR when it cannot listen. */
crm__http_t *crm__http_start(const crm__http_opts_t *opts, crm_error_t *error);

/* The port actually listened on (useful with port 0). */
int crm__http_port(const crm__http_t *http);

/* Stops accepting, lets in-flight requests finish, frees HTTP. Accepts NULL. */
void crm__http_stop(crm__http_t *http);

/* Registers a route of the core itself (no plugin owns it). Same rules as crm_route_add(). */
int crm__route_add_core(const crm_route_t *route, crm_error_t *error);

/* Responds 200 with {"items": [...]}: every document of CURSOR converted by TO_API (which
 * appends the API form of DOC to OUT). The cursor's failure is returned without responding. */
int crm__respond_items(crm_request_t *req, crm_cursor_t *cursor,
                       void (*to_api)(const bson_t *doc, bson_t *out), crm_error_t *error);

/* Registers a static table of N core routes. Routes of the table registered before (a host
 * opened again in the same process) are left as they are: their handlers find the current host
 * and store when called. */
int crm__route_add_core_table(const crm_route_t *table, size_t n, crm_error_t *error);

/* Parses a query parameter's JSON (a filter) like crm_json_parse(), except that keys beginning
 * with '$' (operators) are allowed and messages name the filter. */
int crm__json_parse_query(const char *json, size_t len, bson_t *out, crm_error_t *error);

/* Counts a store error for /metrics. */
void crm__metrics_store_error(void);

#endif
