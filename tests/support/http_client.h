/* A small raw-socket HTTP/1.1 client for tests: connects to 127.0.0.1:PORT, sends a request,
 * reads the status, headers and body (Content-Length, chunked or until close), and can reuse
 * the connection (keep-alive). Not thread-safe per connection; one connection per thread. */
#ifndef TEST_HTTP_CLIENT_H
#define TEST_HTTP_CLIENT_H

#include <bson/bson.h>

#include <stdbool.h>
#include <stddef.h>

#define TEST_HTTP_MAX_HEADERS 64

typedef struct test_http_conn test_http_conn_t;

typedef struct test_http_response {
    int status;
    size_t n_headers;
    char *names[TEST_HTTP_MAX_HEADERS];
    char *values[TEST_HTTP_MAX_HEADERS];
    char *body; /* NUL-terminated; body_len excludes the NUL */
    size_t body_len;
    bool chunked; /* the body came chunked */
} test_http_response_t;

/* Opens a connection to 127.0.0.1:PORT (reads time out after 10 s). NULL on failure. */
test_http_conn_t *test_http_connect(int port);

/* Closes CONN; accepts NULL. */
void test_http_close(test_http_conn_t *conn);

/* Sends a request. HEADERS holds extra "Name: value\r\n" lines (or NULL). With BODY not NULL,
 * Content-Length is added unless HEADERS already sets Transfer-Encoding (then BODY is sent
 * as is). Returns 0 or -1. */
int test_http_send(test_http_conn_t *conn, const char *method, const char *path,
                   const char *headers, const void *body, size_t body_len);

/* Sends raw bytes. Returns 0 or -1. */
int test_http_send_raw(test_http_conn_t *conn, const void *data, size_t len);

/* Reads one response into RESP (zeroed here); HEAD: no body expected. Returns 0 or -1 (the
 * connection closed or sent garbage). Free RESP with test_http_response_free(). */
int test_http_read(test_http_conn_t *conn, test_http_response_t *resp, bool head);

/* One request on a new connection ("Connection: close"). Returns 0 or -1. */
int test_http_request(int port, const char *method, const char *path, const char *headers,
                      const void *body, size_t body_len, test_http_response_t *resp);

/* The value of header NAME (case-insensitive) or NULL. */
const char *test_http_header(const test_http_response_t *resp, const char *name);

/* Parses RESP's body as JSON into OUT (initialised here; bson_destroy() it). */
bool test_http_json(const test_http_response_t *resp, bson_t *out);

/* The string at the dotted PATH of DOC ("items.0.name"), or NULL when absent or not a string. */
const char *test_str_at(const bson_t *doc, const char *path);

/* Frees what RESP holds; accepts a zeroed one. */
void test_http_response_free(test_http_response_t *resp);

#endif
