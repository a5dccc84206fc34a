/* The route table and the dispatch of every request: match method + path pattern,
 * authenticate, check the route's permission, run the handler, and answer for it when it did
 * not. Routes are registered before the server starts and read without locks while it runs. */
#include "http/http-private.h"

#include "auth/authenticate-private.h"
#include "plugin/plugin-private.h"

#include <crm/log.h>

#include <civetweb.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t routes_lock = PTHREAD_MUTEX_INITIALIZER;
static crm__route_t **routes;
static size_t n_routes, cap_routes;

enum { SEG_REST = 0, SEG_PARAM = 1, SEG_LITERAL = 2 };

static int
segment_kind(const char *seg)
{
    size_t n = strlen(seg);

    if (n >= 3 && seg[0] == '{' && seg[n - 1] == '}')
        return seg[1] == '*' ? SEG_REST : SEG_PARAM;
    return SEG_LITERAL;
}

static void
route_free(crm__route_t *route)
{
    if (!route)
        return;
    for (size_t i = 0; i < route->n_segments; i++) {
        free(route->segments[i]);
        free(route->names[i]);
    }
    free(route->segments);
    free(route->names);
    free(route->method);
    free(route->pattern);
    free(route->permission);
    free(route->label);
    free(route);
}

static bool
is_name(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(s[i] == '_' || s[i] == '-' || (s[i] >= 'a' && s[i] <= 'z') ||
              (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
            return false;
    return true;
}

/* Splits PATTERN into ROUTE's segments, checking parameter names and the rest's place. */
static int
split_pattern(crm__route_t *route, crm_error_t *error)
{
    const char *p = route->pattern + 1;
    size_t cap = 0, n_params = 0;

    for (;;) {
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char *seg;
        int kind;

        if (route->n_segments == cap) {
            char **grown, **grown_names;
            cap = cap ? cap * 2 : 8;
            grown = realloc(route->segments, cap * sizeof *grown);
            if (grown)
                route->segments = grown;
            grown_names = realloc(route->names, cap * sizeof *grown_names);
            if (grown_names)
                route->names = grown_names;
            if (!grown || !grown_names)
                return crm_error_set(error, CRM_ENOMEM, "out of memory");
        }
        seg = strndup(p, n);
        route->segments[route->n_segments] = seg;
        route->names[route->n_segments] = NULL;
        route->n_segments++;
        if (!seg)
            return crm_error_set(error, CRM_ENOMEM, "out of memory");
        kind = segment_kind(seg);
        if (kind != SEG_LITERAL) {
            const char *name = seg + (kind == SEG_REST ? 2 : 1);
            route->names[route->n_segments - 1] = strndup(name, strlen(name) - 1);
            if (!route->names[route->n_segments - 1])
                return crm_error_set(error, CRM_ENOMEM, "out of memory");
            if (!is_name(name, strlen(name) - 1))
                return crm_error_set(error, CRM_EINVAL, "route %s: bad parameter \"%s\"",
                                     route->pattern, seg);
            if (kind == SEG_REST && end)
                return crm_error_set(error, CRM_EINVAL, "route %s: \"%s\" must be the last segment",
                                     route->pattern, seg);
            if (++n_params > CRM__ROUTE_MAX_PARAMS)
                return crm_error_set(error, CRM_EINVAL, "route %s: more than %d parameters",
                                     route->pattern, CRM__ROUTE_MAX_PARAMS);
        } else if (strchr(seg, '{') || strchr(seg, '}')) {
            return crm_error_set(error, CRM_EINVAL, "route %s: bad segment \"%s\"", route->pattern,
                                 seg);
        }
        if (!end)
            break;
        p = end + 1;
    }
    return 0;
}

/* True when A and B match the same paths (parameter names aside). */
static bool
same_shape(const crm__route_t *a, const crm__route_t *b)
{
    if (a->n_segments != b->n_segments)
        return false;
    for (size_t i = 0; i < a->n_segments; i++) {
        int ka = segment_kind(a->segments[i]), kb = segment_kind(b->segments[i]);
        if (ka != kb || (ka == SEG_LITERAL && strcmp(a->segments[i], b->segments[i]) != 0))
            return false;
    }
    return true;
}

static void
route_remove(void *ctx)
{
    crm__route_t *route = ctx;

    pthread_mutex_lock(&routes_lock);
    for (size_t i = 0; i < n_routes; i++) {
        if (routes[i] == route) {
            memmove(&routes[i], &routes[i + 1], (n_routes - i - 1) * sizeof *routes);
            n_routes--;
            break;
        }
    }
    pthread_mutex_unlock(&routes_lock);
    route_free(route);
}

/* Checks ROUTE and adds a copy to the table; *ADDED gets it. */
static int
route_insert(const crm_route_t *def, crm__route_t **added, crm_error_t *error)
{
    static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    crm__route_t *route = NULL;
    bool method_ok = false;
    int rc = 0;

    *added = NULL;
    if (!def || def->size < sizeof(crm_route_t))
        return crm_error_set(error, CRM_EINVAL, "route: size must be sizeof(crm_route_t)");
    if (!def->pattern || def->pattern[0] != '/')
        return crm_error_set(error, CRM_EINVAL, "route: the pattern must begin with '/'");
    for (size_t i = 0; def->method && i < sizeof methods / sizeof methods[0]; i++)
        method_ok = method_ok || strcmp(def->method, methods[i]) == 0;
    if (!method_ok)
        return crm_error_set(error, CRM_EINVAL,
                             "route %s: method must be GET, POST, PUT, "
                             "PATCH or DELETE",
                             def->pattern);
    if (!def->permission || !*def->permission)
        return crm_error_set(error, CRM_EINVAL,
                             "route %s %s: a permission is required (CRM_PUBLIC for anyone)",
                             def->method, def->pattern);
    if (!def->handler)
        return crm_error_set(error, CRM_EINVAL, "route %s %s: no handler", def->method,
                             def->pattern);
    route = calloc(1, sizeof *route);
    if (!route)
        return crm_error_set(error, CRM_ENOMEM, "out of memory");
    route->method = strdup(def->method);
    route->pattern = strdup(def->pattern);
    route->permission = strdup(def->permission);
    route->handler = def->handler;
    route->data = def->data;
    if (!route->method || !route->pattern || !route->permission ||
        asprintf(&route->label, "%s %s", def->method, def->pattern) < 0) {
        route->label = NULL;
        rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = split_pattern(route, error)) != 0)
        goto done;

    pthread_mutex_lock(&routes_lock);
    for (size_t i = 0; i < n_routes; i++) {
        if (strcmp(routes[i]->method, route->method) == 0 && same_shape(routes[i], route)) {
            rc = crm_error_set(error, CRM_ECONFLICT, "route %s is already registered (as %s)",
                               route->label, routes[i]->label);
            break;
        }
    }
    if (rc == 0 && n_routes == cap_routes) {
        size_t cap = cap_routes ? cap_routes * 2 : 32;
        crm__route_t **grown = realloc(routes, cap * sizeof *grown);
        if (grown) {
            routes = grown;
            cap_routes = cap;
        } else {
            rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
        }
    }
    if (rc == 0) {
        routes[n_routes++] = route;
        *added = route;
        route = NULL;
    }
    pthread_mutex_unlock(&routes_lock);
done:
    route_free(route);
    return rc;
}

int
crm_route_add(crm_plugin_t *plugin, const crm_route_t *def, crm_error_t *error)
{
    crm__route_t *route = NULL;
    int rc;

    if ((rc = route_insert(def, &route, error)) != 0)
        return rc;
    rc = crm__plugin_record(plugin, "route", route->label, route_remove, route, error);
    if (rc != 0)
        route_remove(route);
    return rc;
}

int
crm__route_add_core(const crm_route_t *def, crm_error_t *error)
{
    crm__route_t *route = NULL;

    return route_insert(def, &route, error);
}

/* True when a route of METHOD and PATTERN with HANDLER is in the table already. */
static bool
already_registered(const crm_route_t *def)
{
    bool found = false;

    pthread_mutex_lock(&routes_lock);
    for (size_t i = 0; i < n_routes && !found; i++)
        found = strcmp(routes[i]->method, def->method) == 0 &&
                strcmp(routes[i]->pattern, def->pattern) == 0 && routes[i]->handler == def->handler;
    pthread_mutex_unlock(&routes_lock);
    return found;
}

int
crm__route_add_core_table(const crm_route_t *table, size_t n, crm_error_t *error)
{
    int rc;

    for (size_t i = 0; i < n; i++)
        if (!already_registered(&table[i]) && (rc = crm__route_add_core(&table[i], error)) != 0)
            return rc;
    return 0;
}

int
crm__router_add_builtin(crm_error_t *error)
{
    static const crm_route_t builtin[] = {
        {sizeof(crm_route_t), "GET", "/healthz", CRM_PUBLIC, crm__health_handler, NULL},
        {sizeof(crm_route_t), "GET", "/metrics", "metrics.read", crm__metrics_handler, NULL},
    };

    return crm__route_add_core_table(builtin, sizeof builtin / sizeof builtin[0], error);
}

void
crm__router_foreach(void (*fn)(const crm__route_t *route, void *data), void *data)
{
    for (size_t i = 0; i < n_routes; i++)
        fn(routes[i], data);
}

/* Matches PATH (split in SEGS) against ROUTE; RANK gets the kinds of its segments used. */
static bool
route_matches(const crm__route_t *route, char *const *segs, size_t n_segs, int *rank)
{
    for (size_t i = 0; i < route->n_segments; i++) {
        int kind = segment_kind(route->segments[i]);
        rank[i] = kind;
        if (kind == SEG_REST)
            return i <= n_segs;
        if (i >= n_segs)
            return false;
        if (kind == SEG_LITERAL ? strcmp(route->segments[i], segs[i]) != 0 : !*segs[i])
            return false;
    }
    return route->n_segments == n_segs;
}

/* True when RANK_A (a route) is more specific than RANK_B: literal beats parameter beats
 * rest, segment by segment from the left. */
static bool
more_specific(const int *a, size_t na, const int *b, size_t nb)
{
    for (size_t i = 0; i < na && i < nb; i++)
        if (a[i] != b[i])
            return a[i] > b[i];
    return na > nb;
}

crm__route_t *
crm__router_match(const char *method, const char *path, crm_request_t *req, bool *path_known,
                  char *allow, size_t allow_size)
{
    char *copy = NULL, **segs = NULL;
    size_t n_segs = 0, best_n = 0;
    int *rank = NULL, *best_rank = NULL;
    crm__route_t *best = NULL;
    char *p;

    *path_known = false;
    if (allow_size)
        allow[0] = '\0';
    copy = strdup(path[0] == '/' ? path + 1 : path);
    segs = calloc(strlen(path) + 1, sizeof *segs);
    rank = calloc(strlen(path) + 2, sizeof *rank);
    best_rank = calloc(strlen(path) + 2, sizeof *best_rank);
    if (!copy || !segs || !rank || !best_rank)
        goto done;
    for (p = copy;;) {
        char *slash = strchr(p, '/');
        segs[n_segs++] = p;
        if (!slash)
            break;
        *slash = '\0';
        p = slash + 1;
    }
    for (size_t i = 0; i < n_routes; i++) {
        crm__route_t *r = routes[i];
        if (r->n_segments > n_segs + 1 || !route_matches(r, segs, n_segs, rank))
            continue;
        if (strcmp(r->method, method) != 0 &&
            !(strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0)) {
            if (!strstr(allow, r->method) && strlen(allow) + strlen(r->method) + 3 < allow_size) {
                if (allow[0])
                    strcat(allow, ", ");
                strcat(allow, r->method);
            }
            *path_known = true;
            continue;
        }
        if (!best || more_specific(rank, r->n_segments, best_rank, best_n)) {
            best = r;
            best_n = r->n_segments;
            memcpy(best_rank, rank, best_n * sizeof *rank);
        }
    }
    if (best && req) {
        for (size_t i = 0; i < best->n_segments; i++) {
            int kind = segment_kind(best->segments[i]);
            char *value;
            if (kind == SEG_LITERAL)
                continue;
            if (kind == SEG_REST) {
                /* the remainder, slashes included, from the original path */
                size_t off = 1;
                for (size_t k = 0; k < i; k++)
                    off += strlen(segs[k]) + 1;
                value = strdup(off <= strlen(path) ? path + off : "");
            } else {
                value = strdup(segs[i]);
            }
            req->params[req->n_params].name = best->names[i];
            req->params[req->n_params].value = value;
            req->n_params++;
        }
    }
done:
    free(copy);
    free(segs);
    free(rank);
    free(best_rank);
    return best;
}

int
crm__route_permission(const char *permission, const crm__param_t *params, size_t n_params,
                      char *out, size_t size, crm_error_t *error)
{
    size_t j = 0;

    for (const char *p = permission; *p;) {
        const char *value = NULL;
        size_t n;
        if (*p != '{') {
            if (j + 1 >= size)
                goto too_long;
            out[j++] = *p++;
            continue;
        }
        const char *close = strchr(p, '}');
        if (!close)
            return crm_error_set(error, CRM_EINTERNAL, "permission \"%s\" has an unclosed '{'",
                                 permission);
        n = (size_t)(close - p - 1);
        for (size_t i = 0; i < n_params; i++)
            if (strlen(params[i].name) == n && strncmp(params[i].name, p + 1, n) == 0)
                value = params[i].value;
        if (!value)
            return crm_error_set(error, CRM_EINTERNAL,
                                 "permission \"%s\" names a parameter the route lacks", permission);
        /* A value such as "x.admin" must not turn into another permission. */
        if (!is_name(value, strlen(value)))
            return crm_error_set(error, CRM_EINVAL, "\"%.64s\" is not a valid name in this path",
                                 value);
        if (j + strlen(value) >= size)
            goto too_long;
        memcpy(out + j, value, strlen(value));
        j += strlen(value);
        p = close + 1;
    }
    out[j] = '\0';
    return 0;
too_long:
    return crm_error_set(error, CRM_EINVAL, "the permission for this path is too long");
}

static const char *
auth_header(const void *ctx, const char *name)
{
    return mg_get_header((struct mg_connection *)ctx, name);
}

/* Runs the route: authentication, permission, handler. Returns the handler's result. */
static int
run_route(crm_request_t *req, crm_error_t *error)
{
    crm__auth_request_t auth = {auth_header,
                                req->conn,
                                req->remote_addr,
                                req->method,
                                strcmp(req->route->permission, CRM_PUBLIC) != 0,
                                mg_get_request_info(req->conn)->is_ssl != 0};
    char permission[256];
    int rc;

    req->identity = crm__auth_authenticate(&auth, error);
    if (!req->identity)
        return error->code ? error->code : crm_error_set(error, CRM_EAUTH, "not authenticated");
    rc = crm__route_permission(req->route->permission, req->params, req->n_params, permission,
                               sizeof permission, error);
    if (rc != 0)
        return rc;
    if ((rc = crm__auth_authorize(req->identity, permission, error)) != 0)
        return rc;
    return req->route->handler(req, req->route->data, error);
}

static double
now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
crm__router_dispatch(crm__http_t *http, struct mg_connection *conn)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    crm_request_t req = {0};
    crm_error_t error = {0};
    crm__metrics_t *metrics = crm__metrics_unmatched();
    const char *label = "unmatched";
    double start = now_seconds(), secs;
    bool path_known = false, head;
    char allow[64];
    int rc = 0;

    atomic_fetch_add(&http->in_flight, 1);
    req.conn = conn;
    req.http = http;
    req.method = ri->request_method;
    req.path = ri->local_uri_raw ? ri->local_uri_raw : ri->local_uri;
    req.query_raw = ri->query_string;
    req.remote_addr = ri->remote_addr;
    if (!req.path)
        req.path = "";
    req.is_api = strncmp(req.path, "/api/", 5) == 0 || strcmp(req.path, "/api") == 0;
    head = strcmp(req.method, "HEAD") == 0;

    if (atomic_load(&http->stopping)) {
        rc = crm_error_set(&error, CRM_EUNAVAIL, "the server is stopping");
        goto answer;
    }
    if ((rc = crm__request_check_path(req.path, &error)) != 0)
        goto answer;
    req.route = crm__router_match(req.method, req.path, &req, &path_known, allow, sizeof allow);
    if (req.route) {
        metrics = &req.route->metrics;
        label = req.route->label;
        rc = run_route(&req, &error);
    } else if ((head || strcmp(req.method, "GET") == 0) && !req.is_api && http->www_dir) {
        metrics = crm__metrics_static();
        label = "static";
        rc = crm__static_serve(&req, head);
    } else if (path_known) {
        crm_respond_header(&req, "Allow", allow);
        rc =
            crm_error_set(&error, CRM_EMETHOD, "%s is not allowed here; use %s", req.method, allow);
    } else {
        rc = crm_error_set(&error, CRM_ENOTFOUND, "no such path");
    }
answer:
    if (!req.responded) {
        if (rc == 0) {
            crm_log(CRM_LOG_ERROR, "http.bug", "what=\"handler did not respond\" route=\"%s\"",
                    label);
            crm_error_set(&error, CRM_EINTERNAL, "the handler did not respond");
        } else if (error.code == 0) {
            crm_error_set(&error, rc, "%s", crm_error_name(rc));
        }
        crm_respond_error(&req, &error);
    } else if (req.streaming) {
        crm_log(CRM_LOG_ERROR, "http.bug", "what=\"stream not ended\" route=\"%s\"", label);
        crm_respond_end(&req);
    }
    secs = now_seconds() - start;
    crm__metrics_record(metrics, req.status, secs);
    crm_log(CRM_LOG_DEBUG, "http.request", "method=%s route=\"%s\" status=%d ms=%.1f", req.method,
            label, req.status, secs * 1000.0);
    rc = req.status;
    crm__request_cleanup(&req);
    atomic_fetch_sub(&http->in_flight, 1);
    return rc;
}
