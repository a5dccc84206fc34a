/* The harness's HTTP/1.1 client: one request per connection to 127.0.0.1 (Connection: close),
 * reading the status, the headers and the body (Content-Length, chunked, or until the server
 * closes). Small on purpose: libcrm cannot use the tests' own client. */
#ifndef CRM_TESTING_HTTP_CLIENT_PRIVATE_H
#define CRM_TESTING_HTTP_CLIENT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct crm__test_http_response {
    int status;
    char *head; /* the header lines after the status line, NUL-terminated */
    char *body; /* NUL-terminated; body_len excludes the NUL */
    size_t body_len;
} crm__test_http_response_t;

/* Sends METHOD PATH to 127.0.0.1:PORT with HEADERS (extra "Name: value\r\n" lines, or NULL)
 * and BODY (BODY_LEN bytes, or NULL), and reads the response into RESP (zeroed here; free it
 * with crm__test_http_response_free()). Reads time out after 10 s. Returns 0, or -1 with the
 * reason on stderr. */
int crm__test_http_request(int port, const char *method, const char *path, const char *headers,
                           const char *body, size_t body_len, crm__test_http_response_t *resp);

/* Copies the value of the first header NAME (case-insensitive) of RESP into BUF (SIZE bytes,
 * truncated). Returns false when there is no such header. */
bool crm__test_http_header(const crm__test_http_response_t *resp, const char *name, char *buf,
                           size_t size);

/* Frees what RESP holds; accepts a zeroed one. */
void crm__test_http_response_free(crm__test_http_response_t *resp);

#endif
