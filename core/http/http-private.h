/* Internals shared by the files of the HTTP layer: the server handle, the request as the
 * router and the response functions see it, the route table and the metrics. */
#ifndef CRM_HTTP_PRIVATE_H
#define CRM_HTTP_PRIVATE_H

#include "http/server-private.h"

#include <stdatomic.h>

struct mg_connection;
struct mg_context;

/* Statuses counted separately by /metrics; anything else is counted as "other". */
#define CRM__METRICS_N_STATUS 20
/* Histogram buckets of crm_http_request_duration_seconds, plus +Inf. */
#define CRM__METRICS_N_BUCKETS 8

/* The counters of one route (or of the "unmatched" and "static" pseudo-routes). Updated with
 * relaxed atomics: no locks on the request path. */
typedef struct crm__metrics {
    _Atomic uint64_t by_status[CRM__METRICS_N_STATUS + 1];
    _Atomic uint64_t buckets[CRM__METRICS_N_BUCKETS + 1];
    _Atomic uint64_t count;
    _Atomic uint64_t sum_us;
} crm__metrics_t;

/* The largest number of path parameters a pattern may have. */
#define CRM__ROUTE_MAX_PARAMS 16

/* A registered route: copies of the strings, the pattern split into segments. */
typedef struct crm__route {
    char *method;
    char *pattern;
    char *permission;
    char *label; /* "GET /api/v1/{entity}": the metrics label and the registration record */
    crm_route_fn handler;
    void *data;
    size_t n_segments;
    char **segments; /* "{name}" for a parameter, "{*name}" for the rest */
    char **names;    /* per segment: the parameter's name, or NULL for a literal */
    crm__metrics_t metrics;
} crm__route_t;

struct crm__http {
    struct mg_context *ctx;
    char *www_dir; /* realpath of opts->www_dir, or NULL when no static files are served */
    int64_t max_body;
    crm_store_t *store;
    int port;
    bool tls;
    char *tls_pem; /* the private temporary file civetweb reads (key + certificate), or NULL */
    _Atomic int in_flight;
    _Atomic bool stopping;
};

/* The most extra headers a response may carry (crm_respond_header()). */
#define CRM__MAX_EXTRA_HEADERS 16

typedef struct crm__param {
    const char *name; /* borrowed from the route */
    char *value;
} crm__param_t;

typedef struct crm__query_pair {
    char *name;
    char *value;
} crm__query_pair_t;

struct crm_request {
    struct mg_connection *conn;
    crm__http_t *http;
    const char *method;
    const char *path; /* decoded, checked: borrowed from civetweb */
    const char *query_raw;
    const char *remote_addr;
    crm__route_t *route;
    const crm_identity_t *identity;
    crm__param_t params[CRM__ROUTE_MAX_PARAMS];
    size_t n_params;
    crm__query_pair_t *query;
    size_t n_query;
    bool query_parsed;
    char *body;
    size_t body_len;
    int body_rc; /* 0 until read; the result of reading it afterwards */
    bool body_read;
    char *header_names[CRM__MAX_EXTRA_HEADERS]; /* extra response headers */
    char *header_values[CRM__MAX_EXTRA_HEADERS];
    size_t n_headers;
    bool responded;
    bool streaming;
    bool is_api;
    int status;
};

/* --- request.c --- */

/* Checks and decodes nothing: civetweb hands over the %-decoded path; this refuses (CRM_EINVAL)
 * one holding invalid UTF-8, control characters, backslashes or "." / ".." segments. */
int crm__request_check_path(const char *path, crm_error_t *error);

/* Decodes %XX escapes (and '+' as a space when FORM) of SRC (LEN bytes) into a new
 * NUL-terminated string; NULL when an escape is malformed or decodes to NUL. Free with free(). */
char *crm__url_decode(const char *src, size_t len, bool form);

/* Frees what REQ owns (not REQ itself). */
void crm__request_cleanup(crm_request_t *req);

/* --- router.c --- */

/* Finds the route for METHOD and PATH. On a match returns it and fills REQ's parameters. When
 * no route matches, returns NULL and sets *PATH_KNOWN when another method would match, with
 * ALLOW (of ALLOW_SIZE bytes) listing those methods ("GET, POST"). */
crm__route_t *crm__router_match(const char *method, const char *path, crm_request_t *req,
                                bool *path_known, char *allow, size_t allow_size);

/* Substitutes the "{name}" placeholders of PERMISSION by REQ's path parameters into OUT (SIZE
 * bytes). CRM_EINVAL when a value is not a plain name ([A-Za-z0-9_-]); CRM_EINTERNAL when a
 * placeholder names no parameter or the result does not fit. */
int crm__route_permission(const char *permission, const crm__param_t *params, size_t n_params,
                          char *out, size_t size, crm_error_t *error);

/* Calls FN for every registered route (for /metrics). */
void crm__router_foreach(void (*fn)(const crm__route_t *route, void *data), void *data);

/* Registers the core's own routes (/healthz, /metrics) unless already there. */
int crm__router_add_builtin(crm_error_t *error);

/* Handles one request: routing, authentication, permission, handler, static files, errors,
 * metrics and the log line. Returns the status sent. */
int crm__router_dispatch(crm__http_t *http, struct mg_connection *conn);

/* --- response.c --- */

/* Sends the response head with STATUS, the security headers, REQ's extra headers and
 * Content-Length: LENGTH; -1 means a chunked body, -2 no body at all (304). */
int crm__respond_head(crm_request_t *req, int status, const char *content_type, int64_t length);

/* --- static.c --- */

/* Serves the file of REQ's path from the www folder (GET and HEAD only). */
int crm__static_serve(crm_request_t *req, bool head);

/* The Content-Type for the file name PATH. */
const char *crm__static_content_type(const char *path);

/* --- metrics.c --- */

/* Counts one request of DURATION seconds answered with STATUS. */
void crm__metrics_record(crm__metrics_t *metrics, int status, double duration);

/* The counters of requests no route matched, and of static files. */
crm__metrics_t *crm__metrics_unmatched(void);
crm__metrics_t *crm__metrics_static(void);

/* The route handlers of /metrics and /healthz. */
int crm__metrics_handler(crm_request_t *req, void *data, crm_error_t *error);
int crm__health_handler(crm_request_t *req, void *data, crm_error_t *error);

#endif
