/* The HTTP layer end to end: a server on port 0 in this process with test routes, driven by
 * the raw-socket test client. */
#include "http/http-private.h"
#include "http_client.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

/* Points IT at the dotted PATH of DOC. */
static bool
find_path(bson_iter_t *it, const bson_t *doc, const char *path)
{
    bson_iter_t top;

    return bson_iter_init(&top, doc) && bson_iter_find_descendant(&top, path, it);
}

static crm__http_t *server;
static int port;
static char tmp_dir[] = "/tmp/crm-http-test-XXXXXX";
static char www_dir[256];

/* --- test routes --- */

static int
echo_param(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t doc = BSON_INITIALIZER;
    int rc;
    (void)error;
    BSON_APPEND_UTF8(&doc, "route", data);
    if (crm_request_param(req, "id"))
        BSON_APPEND_UTF8(&doc, "id", crm_request_param(req, "id"));
    if (crm_request_param(req, "rest"))
        BSON_APPEND_UTF8(&doc, "rest", crm_request_param(req, "rest"));
    if (crm_request_param(req, "entity"))
        BSON_APPEND_UTF8(&doc, "entity", crm_request_param(req, "entity"));
    rc = crm_respond_json(req, 200, &doc);
    bson_destroy(&doc);
    return rc;
}

static int
echo_json(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t doc;
    int rc;
    (void)data;
    if ((rc = crm_request_json(req, &doc, error)) != 0)
        return rc;
    rc = crm_respond_json(req, 201, &doc);
    bson_destroy(&doc);
    return rc;
}

static int
echo_query(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t doc = BSON_INITIALIZER;
    int rc;
    (void)data;
    (void)error;
    if (crm_request_query(req, "q"))
        BSON_APPEND_UTF8(&doc, "q", crm_request_query(req, "q"));
    if (crm_request_query(req, "x"))
        BSON_APPEND_UTF8(&doc, "x", crm_request_query(req, "x"));
    BSON_APPEND_BOOL(&doc, "missing", crm_request_query(req, "nope") == NULL);
    rc = crm_respond_json(req, 200, &doc);
    bson_destroy(&doc);
    return rc;
}

static int
stream(crm_request_t *req, void *data, crm_error_t *error)
{
    (void)data;
    (void)error;
    crm_respond_header(req, "X-Stream", "yes");
    crm_respond_begin(req, 200, "text/csv");
    crm_respond_write(req, "a,b\n", 4);
    crm_respond_write(req, "1,2\n", 4);
    crm_respond_write(req, "3,4\n", 4);
    return crm_respond_end(req);
}

static int
slow(crm_request_t *req, void *data, crm_error_t *error)
{
    (void)data;
    (void)error;
    usleep(400 * 1000);
    return crm_respond(req, 200, "text/plain", "slow done", 9);
}

static int
no_response(crm_request_t *req, void *data, crm_error_t *error)
{
    (void)req;
    (void)data;
    (void)error;
    return 0;
}

static int
many_fields(crm_request_t *req, void *data, crm_error_t *error)
{
    (void)req;
    (void)data;
    for (int i = 0; i < CRM_ERROR_MAX_FIELDS + 2; i++)
        crm_error_add_field(error, "f", "bad %d", i);
    crm_error_add_field(error, "name", "is required");
    return error->code;
}

static int
plain_error(crm_request_t *req, void *data, crm_error_t *error)
{
    (void)req;
    (void)data;
    return crm_error_set(error, CRM_ECONFLICT, "already there");
}

static const crm_route_t test_routes[] = {
    {sizeof(crm_route_t), "GET", "/api/v1/things/{id}", CRM_PUBLIC, echo_param, "param"},
    {sizeof(crm_route_t), "GET", "/api/v1/things/special", CRM_PUBLIC, echo_param, "literal"},
    {sizeof(crm_route_t), "POST", "/api/v1/things/{id}", CRM_PUBLIC, echo_json, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/files/{*rest}", CRM_PUBLIC, echo_param, "rest"},
    {sizeof(crm_route_t), "GET", "/api/v1/{entity}/perm", "{entity}.read", echo_param, "perm"},
    {sizeof(crm_route_t), "POST", "/api/v1/echo", CRM_PUBLIC, echo_json, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/query", CRM_PUBLIC, echo_query, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/stream", CRM_PUBLIC, stream, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/slow", CRM_PUBLIC, slow, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/noresp", CRM_PUBLIC, no_response, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/fields", CRM_PUBLIC, many_fields, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/conflict", CRM_PUBLIC, plain_error, NULL},
};

static void
write_file(const char *dir, const char *name, const char *content)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

static crm__http_t *
start_server(void)
{
    crm__http_opts_t opts = {"127.0.0.1:0", www_dir, 1024, 4, NULL, NULL, NULL};
    crm_error_t error = {0};
    crm__http_t *http = crm__http_start(&opts, &error);

    if (!http)
        fail_msg("cannot start: %s", error.message);
    return http;
}

static int
setup(void **state)
{
    static const char *const files[][2] = {
        {"index.html", "<!doctype html><title>crm</title>"},
        {"app.js", "console.log(1);"},
        {"mod.mjs", "export {};"},
        {"style.css", "body{}"},
        {"data.json", "{}"},
        {"logo.svg", "<svg/>"},
        {"a.png", "PNG"},
        {"favicon.ico", "ICO"},
        {"f.woff2", "WOFF"},
        {"r.txt", "text"},
        {"app.js.map", "{}"},
    };
    char path[512];
    crm_error_t error = {0};
    (void)state;

    if (!mkdtemp(tmp_dir))
        return -1;
    snprintf(www_dir, sizeof www_dir, "%s/www", tmp_dir);
    mkdir(www_dir, 0700);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        write_file(www_dir, files[i][0], files[i][1]);
    write_file(tmp_dir, "secret.txt", "secret");
    snprintf(path, sizeof path, "%s/escape", www_dir);
    if (symlink("../secret.txt", path) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/inner", www_dir);
    if (symlink("r.txt", path) != 0)
        return -1;
    for (size_t i = 0; i < sizeof test_routes / sizeof test_routes[0]; i++)
        if (crm__route_add_core(&test_routes[i], &error) != 0)
            return -1;
    server = start_server();
    port = crm__http_port(server);
    return port > 0 ? 0 : -1;
}

static int
teardown(void **state)
{
    char cmd[600];
    (void)state;
    crm__http_stop(server);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* GETs PATH (with extra HEADERS) and checks the status. */
static void
get(const char *path, const char *headers, int status, test_http_response_t *resp)
{
    assert_int_equal(test_http_request(port, "GET", path, headers, NULL, 0, resp), 0);
    if (resp->status != status)
        fail_msg("GET %s: status %d, wanted %d; body %s", path, resp->status, status, resp->body);
}

/* Checks RESP's body is a JSON object whose KEY is the string VALUE. */
static void
assert_json_str(const test_http_response_t *resp, const char *key, const char *value)
{
    bson_t doc;
    bson_iter_t it;

    assert_true(test_http_json(resp, &doc));
    if (!find_path(&it, &doc, key))
        fail_msg("no %s in %s", key, resp->body);
    assert_true(BSON_ITER_HOLDS_UTF8(&it));
    assert_string_equal(bson_iter_utf8(&it, NULL), value);
    bson_destroy(&doc);
}

/* Checks RESP carries the error body with CODE. */
static void
assert_error_body(const test_http_response_t *resp, const char *code)
{
    assert_json_str(resp, "error.code", code);
    assert_non_null(strstr(resp->body, "\"message\":"));
}

static void
routes_path_parameters(void **state)
{
    test_http_response_t r;
    (void)state;
    get("/api/v1/things/42", NULL, 200, &r);
    assert_json_str(&r, "route", "param");
    assert_json_str(&r, "id", "42");
    test_http_response_free(&r);
}

static void
literal_segment_beats_parameter(void **state)
{
    test_http_response_t r;
    (void)state;
    get("/api/v1/things/special", NULL, 200, &r);
    assert_json_str(&r, "route", "literal");
    test_http_response_free(&r);
}

static void
rest_parameter_takes_the_remainder(void **state)
{
    test_http_response_t r;
    (void)state;
    get("/api/v1/files/a/b/c.txt", NULL, 200, &r);
    assert_json_str(&r, "rest", "a/b/c.txt");
    test_http_response_free(&r);
}

static void
unknown_path_is_404_json(void **state)
{
    test_http_response_t r;
    (void)state;
    get("/api/v1/nothing/here", NULL, 404, &r);
    assert_error_body(&r, "not_found");
    assert_string_equal(test_http_header(&r, "Cache-Control"), "no-store");
    test_http_response_free(&r);
}

static void
wrong_method_is_405_with_allow(void **state)
{
    test_http_response_t r;
    (void)state;
    assert_int_equal(test_http_request(port, "DELETE", "/api/v1/things/42", NULL, NULL, 0, &r), 0);
    assert_int_equal(r.status, 405);
    assert_error_body(&r, "method_not_allowed");
    assert_non_null(test_http_header(&r, "Allow"));
    assert_non_null(strstr(test_http_header(&r, "Allow"), "GET"));
    assert_non_null(strstr(test_http_header(&r, "Allow"), "POST"));
    test_http_response_free(&r);
}

static void
registration_refuses_duplicates_and_missing_permission(void **state)
{
    crm_route_t dup = {sizeof(crm_route_t), "GET",      "/api/v1/things/{other}",
                       CRM_PUBLIC,          echo_param, NULL};
    crm_route_t noperm = {sizeof(crm_route_t), "GET", "/api/v1/np", NULL, echo_param, NULL};
    crm_route_t badmethod = {sizeof(crm_route_t), "TRACE",    "/api/v1/tm",
                             CRM_PUBLIC,          echo_param, NULL};
    crm_route_t badrest = {sizeof(crm_route_t), "GET",      "/api/v1/{*r}/x",
                           CRM_PUBLIC,          echo_param, NULL};
    crm_error_t error = {0};
    (void)state;
    assert_int_equal(crm__route_add_core(&dup, &error), CRM_ECONFLICT);
    assert_int_equal(crm__route_add_core(&noperm, &error), CRM_EINVAL);
    assert_non_null(strstr(error.message, "permission"));
    assert_int_equal(crm__route_add_core(&badmethod, &error), CRM_EINVAL);
    assert_int_equal(crm__route_add_core(&badrest, &error), CRM_EINVAL);
}

static void
permission_placeholders_take_path_parameters(void **state)
{
    crm__param_t params[] = {{"entity", "prospect"}, {"id", "7"}};
    crm__param_t evil[] = {{"entity", "x.admin"}};
    char out[64];
    crm_error_t error = {0};
    (void)state;
    assert_int_equal(crm__route_permission("{entity}.read", params, 2, out, sizeof out, &error), 0);
    assert_string_equal(out, "prospect.read");
    assert_int_equal(crm__route_permission("plain.write", params, 2, out, sizeof out, &error), 0);
    assert_string_equal(out, "plain.write");
    assert_int_equal(crm__route_permission("{nope}.read", params, 2, out, sizeof out, &error),
                     CRM_EINTERNAL);
    assert_int_equal(crm__route_permission("{entity}.read", evil, 1, out, sizeof out, &error),
                     CRM_EINVAL);
    assert_int_equal(crm__route_permission("{entity}.read", params, 2, out, 8, &error), CRM_EINVAL);
}

static void
placeholder_route_reaches_handler(void **state)
{
    test_http_response_t r;
    (void)state;
    get("/api/v1/prospect/perm", NULL, 200, &r);
    assert_json_str(&r, "entity", "prospect");
    test_http_response_free(&r);
    get("/api/v1/pro%2Espect/perm", NULL, 400, &r);
    test_http_response_free(&r);
}

static void
json_body_round_trips(void **state)
{
    const char *body = "{\"name\": \"Ann\", \"n\": 3}";
    test_http_response_t r;
    (void)state;
    assert_int_equal(test_http_request(port, "POST", "/api/v1/echo", NULL, body, strlen(body), &r),
                     0);
    assert_int_equal(r.status, 201);
    assert_string_equal(r.body, "{\"name\":\"Ann\",\"n\":3}");
    test_http_response_free(&r);
}

static void
body_over_limit_by_content_length_is_413(void **state)
{
    char body[2000];
    test_http_response_t r;
    test_http_conn_t *c = test_http_connect(port);
    (void)state;
    memset(body, ' ', sizeof body);
    /* Announce a large body but send none: the answer comes before reading it. */
    assert_non_null(c);
    assert_int_equal(test_http_send_raw(c,
                                        "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\n"
                                        "Content-Length: 5000000\r\nConnection: close\r\n\r\n",
                                        strlen("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\n"
                                               "Content-Length: 5000000\r\nConnection: "
                                               "close\r\n\r\n")),
                     0);
    assert_int_equal(test_http_read(c, &r, false), 0);
    assert_int_equal(r.status, 413);
    assert_error_body(&r, "too_large");
    test_http_response_free(&r);
    test_http_close(c);
    assert_int_equal(test_http_request(port, "POST", "/api/v1/echo", NULL, body, sizeof body, &r),
                     0);
    assert_int_equal(r.status, 413);
    test_http_response_free(&r);
}

static void
chunked_body_over_limit_is_413(void **state)
{
    bson_string_t *s = bson_string_new(NULL);
    test_http_response_t r;
    (void)state;
    bson_string_append(s, "5\r\n{\"a\":\r\n");
    for (int i = 0; i < 20; i++) {
        bson_string_append(s, "64\r\n");
        for (int k = 0; k < 100; k++)
            bson_string_append_c(s, ' ');
        bson_string_append(s, "\r\n");
    }
    bson_string_append(s, "2\r\n1}\r\n0\r\n\r\n");
    assert_int_equal(test_http_request(port, "POST", "/api/v1/echo",
                                       "Transfer-Encoding: chunked\r\n", s->str, s->len, &r),
                     0);
    assert_int_equal(r.status, 413);
    assert_error_body(&r, "too_large");
    test_http_response_free(&r);
    bson_string_free(s, true);
}

static void
chunked_body_under_limit_is_read(void **state)
{
    const char *body = "4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n";
    test_http_response_t r;
    (void)state;
    assert_int_equal(test_http_request(port, "POST", "/api/v1/echo",
                                       "Transfer-Encoding: chunked\r\n", body, strlen(body), &r),
                     0);
    assert_int_equal(r.status, 201);
    assert_string_equal(r.body, "{\"a\":1}");
    test_http_response_free(&r);
}

/* POSTs BODY to /api/v1/echo and expects a 400 error body whose message contains WANT. */
static void
post_refused(const char *body, size_t len, const char *want)
{
    test_http_response_t r;

    assert_int_equal(test_http_request(port, "POST", "/api/v1/echo", NULL, body, len, &r), 0);
    assert_int_equal(r.status, 400);
    assert_error_body(&r, "bad_request");
    if (!strstr(r.body, want))
        fail_msg("%s lacks %s", r.body, want);
    test_http_response_free(&r);
}

static void
bad_json_bodies_are_400(void **state)
{
    (void)state;
    post_refused("{\"a\": 1,}", 9, "unexpected '}' at offset 8");
    post_refused("{\"a\": \"\xff\"}", 10, "UTF-8");
    post_refused("[1]", 3, "must be a JSON object");
    post_refused("{\"$set\": {}}", 12, "'$'");
    post_refused("{\"a\": {\"$oid\": \"5f1e2d3c4b5a697887960504\"}}", 42, "'$'");
    post_refused("{\"a\": 1, \"a\": 2}", 16, "twice");
    post_refused("", 0, "empty");
    post_refused("{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}", 72,
                 "deeper than 32");
}

static void
error_body_lists_fields_and_counts_the_rest(void **state)
{
    test_http_response_t r;
    bson_t doc;
    bson_iter_t it;
    (void)state;
    get("/api/v1/fields", NULL, 422, &r);
    assert_error_body(&r, "invalid");
    assert_true(test_http_json(&r, &doc));
    assert_true(find_path(&it, &doc, "error.more_fields"));
    assert_int_equal(bson_iter_as_int64(&it), 3);
    assert_true(find_path(&it, &doc, "error.fields.f"));
    bson_destroy(&doc);
    test_http_response_free(&r);
    get("/api/v1/conflict", NULL, 409, &r);
    assert_error_body(&r, "conflict");
    assert_null(strstr(r.body, "fields"));
    assert_json_str(&r, "error.message", "already there");
    test_http_response_free(&r);
}

static void
handler_without_response_is_500(void **state)
{
    test_http_response_t r;
    (void)state;
    get("/api/v1/noresp", NULL, 500, &r);
    assert_error_body(&r, "internal");
    test_http_response_free(&r);
}

static void
query_parameters_are_decoded(void **state)
{
    test_http_response_t r;
    (void)state;
    get("/api/v1/query?q=a+b%21%C3%A9&q=second&x=", NULL, 200, &r);
    assert_json_str(&r, "q", "a b!\xc3\xa9");
    assert_json_str(&r, "x", "");
    assert_non_null(strstr(r.body, "\"missing\":true"));
    test_http_response_free(&r);
}

static void
bad_paths_are_400(void **state)
{
    test_http_response_t r;
    (void)state;
    get("/api/v1/things/%ff", NULL, 400, &r);
    assert_error_body(&r, "bad_request");
    test_http_response_free(&r);
    get("/api/v1/things/%01", NULL, 400, &r);
    test_http_response_free(&r);
}

static void
security_headers_on_every_response(void **state)
{
    const char *paths[] = {"/api/v1/things/1", "/api/v1/missing", "/app.js", "/missing.js"};
    test_http_response_t r;
    (void)state;
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(test_http_request(port, "GET", paths[i], NULL, NULL, 0, &r), 0);
        assert_string_equal(test_http_header(&r, "X-Content-Type-Options"), "nosniff");
        assert_string_equal(test_http_header(&r, "Content-Security-Policy"),
                            "default-src 'self'; frame-ancestors 'none'");
        assert_string_equal(test_http_header(&r, "Referrer-Policy"), "no-referrer");
        assert_string_equal(test_http_header(&r, "X-Frame-Options"), "DENY");
        test_http_response_free(&r);
    }
}

static void
static_files_have_their_content_types(void **state)
{
    static const char *const cases[][2] = {
        {"/app.js", "text/javascript"},
        {"/mod.mjs", "text/javascript"},
        {"/style.css", "text/css"},
        {"/data.json", "application/json"},
        {"/logo.svg", "image/svg+xml"},
        {"/a.png", "image/png"},
        {"/favicon.ico", "image/x-icon"},
        {"/f.woff2", "font/woff2"},
        {"/r.txt", "text/plain"},
        {"/app.js.map", "application/json"},
        {"/", "text/html"},
        {"/index.html", "text/html"},
    };
    test_http_response_t r;
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        get(cases[i][0], NULL, 200, &r);
        assert_non_null(test_http_header(&r, "Content-Type"));
        if (strncmp(test_http_header(&r, "Content-Type"), cases[i][1], strlen(cases[i][1])) != 0)
            fail_msg("%s: %s", cases[i][0], test_http_header(&r, "Content-Type"));
        assert_string_equal(test_http_header(&r, "Cache-Control"), "no-cache");
        test_http_response_free(&r);
    }
    get("/", NULL, 200, &r);
    assert_string_equal(r.body, "<!doctype html><title>crm</title>");
    test_http_response_free(&r);
    get("/app.js?v=abc", NULL, 200, &r);
    assert_string_equal(test_http_header(&r, "Cache-Control"),
                        "public, max-age=31536000, immutable");
    test_http_response_free(&r);
    assert_int_equal(test_http_request(port, "HEAD", "/app.js", NULL, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(test_http_header(&r, "Content-Length"), "15");
    test_http_response_free(&r);
}

static void
static_files_do_not_escape_the_folder(void **state)
{
    static const char *const attempts[] = {
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/a/..%2f..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/a/../../secret.txt",
        "/..\\secret.txt",
        "/escape",
        "/%2fetc%2fpasswd",
        "//etc/passwd",
        "/missing.html",
    };
    test_http_response_t r;
    (void)state;
    for (size_t i = 0; i < sizeof attempts / sizeof attempts[0]; i++) {
        assert_int_equal(test_http_request(port, "GET", attempts[i], NULL, NULL, 0, &r), 0);
        if (r.status != 400 && r.status != 404)
            fail_msg("GET %s: %d %s", attempts[i], r.status, r.body);
        assert_null(strstr(r.body, "secret"));
        assert_null(strstr(r.body, "root:"));
        test_http_response_free(&r);
    }
    get("/inner", NULL, 200, &r); /* a symlink inside the folder is fine */
    assert_string_equal(r.body, "text");
    test_http_response_free(&r);
}

static void
static_files_revalidate_with_etag(void **state)
{
    test_http_response_t r;
    char header[200];
    (void)state;
    get("/style.css", NULL, 200, &r);
    assert_non_null(test_http_header(&r, "ETag"));
    snprintf(header, sizeof header, "If-None-Match: %s\r\n", test_http_header(&r, "ETag"));
    test_http_response_free(&r);
    get("/style.css", header, 304, &r);
    assert_int_equal(r.body_len, 0);
    assert_non_null(test_http_header(&r, "ETag"));
    test_http_response_free(&r);
    get("/style.css", "If-None-Match: \"other\"\r\n", 200, &r);
    test_http_response_free(&r);
}

static void
healthz_reports_ok_without_store(void **state)
{
    test_http_response_t r;
    (void)state;
    get("/healthz", NULL, 200, &r);
    assert_json_str(&r, "status", "ok");
    assert_json_str(&r, "store", "none");
    test_http_response_free(&r);
}

static void
metrics_count_requests_under_the_route_pattern(void **state)
{
    test_http_response_t r;
    (void)state;
    get("/api/v1/things/777", NULL, 200, &r);
    test_http_response_free(&r);
    get("/api/v1/not/a/route", NULL, 404, &r);
    test_http_response_free(&r);
    get("/metrics", NULL, 200, &r);
    assert_non_null(strstr(r.body, "crm_http_requests_total{route=\"GET /api/v1/things/{id}\","
                                   "status=\"200\"}"));
    assert_null(strstr(r.body, "777"));
    assert_non_null(strstr(r.body, "route=\"unmatched\",status=\"404\""));
    assert_non_null(strstr(r.body, "crm_http_request_duration_seconds_bucket{route=\"GET "
                                   "/api/v1/things/{id}\",le=\"0.005\"}"));
    assert_non_null(strstr(r.body, "le=\"+Inf\""));
    assert_non_null(strstr(r.body, "crm_store_errors_total 0"));
    assert_non_null(strstr(r.body, "crm_http_requests_in_flight 1"));
    assert_non_null(strstr(r.body, "# TYPE crm_http_request_duration_seconds histogram"));
    test_http_response_free(&r);
}

static void
streamed_response_reads_back(void **state)
{
    test_http_response_t r;
    (void)state;
    get("/api/v1/stream", NULL, 200, &r);
    assert_true(r.chunked);
    assert_string_equal(r.body, "a,b\n1,2\n3,4\n");
    assert_string_equal(test_http_header(&r, "X-Stream"), "yes");
    test_http_response_free(&r);
}

static void
keep_alive_connection_is_reused(void **state)
{
    test_http_conn_t *c = test_http_connect(port);
    test_http_response_t r;
    (void)state;
    assert_non_null(c);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(
            test_http_send(c, "GET", i == 1 ? "/api/v1/stream" : "/api/v1/things/1", NULL, NULL, 0),
            0);
        assert_int_equal(test_http_read(c, &r, false), 0);
        assert_int_equal(r.status, 200);
        test_http_response_free(&r);
    }
    test_http_close(c);
}

typedef struct slow_call {
    int port;
    test_http_response_t resp;
    int rc;
} slow_call_t;

static void *
call_slow(void *arg)
{
    slow_call_t *call = arg;
    call->rc = test_http_request(call->port, "GET", "/api/v1/slow", NULL, NULL, 0, &call->resp);
    return NULL;
}

static void
stop_lets_the_request_in_flight_finish(void **state)
{
    crm__http_t *second = start_server();
    slow_call_t call = {crm__http_port(second), {0}, -1};
    pthread_t thread;
    (void)state;
    assert_int_equal(pthread_create(&thread, NULL, call_slow, &call), 0);
    for (int i = 0; i < 200 && atomic_load(&second->in_flight) == 0; i++)
        usleep(5000);
    assert_int_equal(atomic_load(&second->in_flight), 1);
    crm__http_stop(second);
    pthread_join(thread, NULL);
    assert_int_equal(call.rc, 0);
    assert_int_equal(call.resp.status, 200);
    assert_string_equal(call.resp.body, "slow done");
    test_http_response_free(&call.resp);
}

static void
content_types_by_extension(void **state)
{
    (void)state;
    assert_string_equal(crm__static_content_type("x/INDEX.HTML"), "text/html; charset=utf-8");
    assert_string_equal(crm__static_content_type("x.bin"), "application/octet-stream");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(routes_path_parameters),
        cmocka_unit_test(literal_segment_beats_parameter),
        cmocka_unit_test(rest_parameter_takes_the_remainder),
        cmocka_unit_test(unknown_path_is_404_json),
        cmocka_unit_test(wrong_method_is_405_with_allow),
        cmocka_unit_test(registration_refuses_duplicates_and_missing_permission),
        cmocka_unit_test(permission_placeholders_take_path_parameters),
        cmocka_unit_test(placeholder_route_reaches_handler),
        cmocka_unit_test(json_body_round_trips),
        cmocka_unit_test(body_over_limit_by_content_length_is_413),
        cmocka_unit_test(chunked_body_over_limit_is_413),
        cmocka_unit_test(chunked_body_under_limit_is_read),
        cmocka_unit_test(bad_json_bodies_are_400),
        cmocka_unit_test(error_body_lists_fields_and_counts_the_rest),
        cmocka_unit_test(handler_without_response_is_500),
        cmocka_unit_test(query_parameters_are_decoded),
        cmocka_unit_test(bad_paths_are_400),
        cmocka_unit_test(security_headers_on_every_response),
        cmocka_unit_test(static_files_have_their_content_types),
        cmocka_unit_test(static_files_do_not_escape_the_folder),
        cmocka_unit_test(static_files_revalidate_with_etag),
        cmocka_unit_test(healthz_reports_ok_without_store),
        cmocka_unit_test(metrics_count_requests_under_the_route_pattern),
        cmocka_unit_test(streamed_response_reads_back),
        cmocka_unit_test(keep_alive_connection_is_reused),
        cmocka_unit_test(stop_lets_the_request_in_flight_finish),
        cmocka_unit_test(content_types_by_extension),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
