/* A logged-in user for end-to-end tests: log in over HTTP, then send requests that carry the
 * session cookie and the CSRF token as a browser would. */
#ifndef TEST_SESSION_H
#define TEST_SESSION_H

#include "http_client.h"

typedef struct test_session {
    int port;
    char cookie[160]; /* "crm_session=..." */
    char csrf[96];
} test_session_t;

/* Logs USERNAME in with PASSWORD. Returns the HTTP status (200 on success). */
int test_login(int port, const char *username, const char *password, test_session_t *s);

/* Sends METHOD PATH with BODY (JSON or NULL) as S, reading the response into RESP (free it with
 * test_http_response_free()). Returns the status, or -1. */
int test_session_request(const test_session_t *s, const char *method, const char *path,
                         const char *body, test_http_response_t *resp);

/* The same, parsing the JSON response into OUT (initialised here; empty when no body). */
int test_session_json(const test_session_t *s, const char *method, const char *path,
                      const char *body, bson_t *out);

#endif
