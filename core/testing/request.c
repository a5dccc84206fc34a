/* Requests to a test core as a logged-in user (session cookie and CSRF header) or without
 * credentials, and the responses they return. */
#include "testing/testing-private.h"
#include "testing/http-client-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
crm__test_json_parse(const char *text, size_t len, bson_t *out)
{
    bson_t *doc = len ? bson_new_from_json((const uint8_t *)text, (ssize_t)len, NULL) : NULL;

    if (!doc) {
        bson_init(out);
        return false;
    }
    bson_copy_to(doc, out);
    bson_destroy(doc);
    return true;
}

/* Sends METHOD PATH with BODY (LEN bytes) to PORT with the extra header lines HEADERS and
 * fills RESP. */
static int
send_request(int port, const char *headers, const char *method, const char *path, const char *body,
             size_t len, crm_test_response_t *resp)
{
    crm__test_http_response_t r = {0};

    memset(resp, 0, sizeof *resp);
    bson_init(&resp->json);
    if (!method || !path) {
        fprintf(stderr, "crm_test_request: method and path are required\n");
        return -1;
    }
    if (crm__test_http_request(port, method, path, headers, body, len, &r) != 0)
        return -1;
    resp->status = r.status;
    resp->body = r.body;
    resp->body_len = r.body_len;
    r.body = NULL;
    crm__test_http_response_free(&r);
    bson_destroy(&resp->json);
    crm__test_json_parse(resp->body, resp->body_len, &resp->json);
    return resp->status;
}

int
crm_test_request_typed(crm_test_session_t *session, const char *method, const char *path,
                       const char *content_type, const char *body, size_t len,
                       crm_test_response_t *resp)
{
    char headers[512];

    if (!resp) {
        fprintf(stderr, "crm_test_request: resp is required\n");
        return -1;
    }
    if (!content_type || strpbrk(content_type, "\r\n")) {
        memset(resp, 0, sizeof *resp);
        bson_init(&resp->json);
        fprintf(stderr, "crm_test_request: a content type of one line is required\n");
        return -1;
    }
    if (!session) {
        crm_test_core_t *core = crm__test_core_current();

        if (!core) {
            memset(resp, 0, sizeof *resp);
            bson_init(&resp->json);
            fprintf(stderr, "crm_test_request: no core is running\n");
            return -1;
        }
        snprintf(headers, sizeof headers, "Content-Type: %s\r\n", content_type);
        return send_request(core->port, headers, method, path, body, len, resp);
    }
    snprintf(headers, sizeof headers, "Cookie: %s\r\nX-CSRF-Token: %s\r\nContent-Type: %s\r\n",
             session->cookie, session->csrf, content_type);
    return send_request(session->core->port, headers, method, path, body, len, resp);
}

int
crm_test_request(crm_test_session_t *session, const char *method, const char *path,
                 const char *body, crm_test_response_t *resp)
{
    return crm_test_request_typed(session, method, path, "application/json", body,
                                  body ? strlen(body) : 0, resp);
}

int
crm_test_request_anonymous(crm_test_core_t *core, const char *method, const char *path,
                           const char *body, crm_test_response_t *resp)
{
    if (!resp) {
        fprintf(stderr, "crm_test_request_anonymous: resp is required\n");
        return -1;
    }
    if (!core) {
        memset(resp, 0, sizeof *resp);
        bson_init(&resp->json);
        fprintf(stderr, "crm_test_request_anonymous: no core is running\n");
        return -1;
    }
    return send_request(core->port, "Content-Type: application/json\r\n", method, path, body,
                        body ? strlen(body) : 0, resp);
}

void
crm_test_response_free(crm_test_response_t *resp)
{
    if (!resp)
        return;
    free(resp->body);
    if (resp->json.len > 0) /* a zeroed bson_t was never initialised */
        bson_destroy(&resp->json);
    memset(resp, 0, sizeof *resp);
}
