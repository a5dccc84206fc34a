/* A logged-in user for end-to-end tests. */
#include "session.h"

#include <stdio.h>
#include <string.h>

int
test_login(int port, const char *username, const char *password, test_session_t *s)
{
    test_http_response_t r;
    char body[512];
    const char *cookie;
    bson_t json;
    bson_iter_t it;
    int status;

    memset(s, 0, sizeof *s);
    s->port = port;
    snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}", username, password);
    if (test_http_request(port, "POST", "/api/v1/auth/login",
                          "Content-Type: application/json\r\n", body, strlen(body), &r) != 0)
        return -1;
    status = r.status;
    cookie = test_http_header(&r, "Set-Cookie");
    if (status == 200 && cookie) {
        size_t n = strcspn(cookie, ";");
        snprintf(s->cookie, sizeof s->cookie, "%.*s", (int)n, cookie);
    }
    if (status == 200 && test_http_json(&r, &json)) {
        if (bson_iter_init_find(&it, &json, "csrf_token") && BSON_ITER_HOLDS_UTF8(&it))
            snprintf(s->csrf, sizeof s->csrf, "%s", bson_iter_utf8(&it, NULL));
        bson_destroy(&json);
    }
    test_http_response_free(&r);
    return status;
}

int
test_session_request(const test_session_t *s, const char *method, const char *path,
                     const char *body, test_http_response_t *resp)
{
    char headers[512];

    snprintf(headers, sizeof headers,
             "Cookie: %s\r\nX-CSRF-Token: %s\r\nContent-Type: application/json\r\n", s->cookie,
             s->csrf);
    if (test_http_request(s->port, method, path, headers, body, body ? strlen(body) : 0, resp) != 0)
        return -1;
    return resp->status;
}

int
test_session_json(const test_session_t *s, const char *method, const char *path, const char *body,
                  bson_t *out)
{
    test_http_response_t r;
    int status = test_session_request(s, method, path, body, &r);

    bson_init(out);
    if (status > 0 && r.body_len) {
        bson_destroy(out);
        if (!test_http_json(&r, out))
            bson_init(out);
    }
    if (status > 0)
        test_http_response_free(&r);
    return status;
}
