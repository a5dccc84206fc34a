/* Responses: JSON, the error body, plain bodies, extra headers and chunked streams. Every
 * response carries the security headers; API responses are never cached. */
#include "http/http-private.h"

#include <crm/log.h>

#include <civetweb.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
crm__respond_head(crm_request_t *req, int status, const char *content_type, int64_t length)
{
    char num[32];

    if (req->responded) {
        crm_log(CRM_LOG_ERROR, "http.bug", "what=\"second response\" route=\"%s\"",
                req->route ? req->route->label : "-");
        return CRM_EINTERNAL;
    }
    req->responded = true;
    req->status = status;
    mg_response_header_start(req->conn, status);
    if (content_type)
        mg_response_header_add(req->conn, "Content-Type", content_type, -1);
    if (length >= 0) {
        snprintf(num, sizeof num, "%lld", (long long)length);
        mg_response_header_add(req->conn, "Content-Length", num, -1);
    } else if (length == -1) {
        mg_response_header_add(req->conn, "Transfer-Encoding", "chunked", -1);
    }
    mg_response_header_add(req->conn, "X-Content-Type-Options", "nosniff", -1);
    mg_response_header_add(req->conn, "Content-Security-Policy",
                           "default-src 'self'; frame-ancestors 'none'", -1);
    mg_response_header_add(req->conn, "Referrer-Policy", "no-referrer", -1);
    mg_response_header_add(req->conn, "X-Frame-Options", "DENY", -1);
    if (req->is_api)
        mg_response_header_add(req->conn, "Cache-Control", "no-store", -1);
    if (req->http && req->http->tls)
        mg_response_header_add(req->conn, "Strict-Transport-Security", "max-age=31536000", -1);
    for (size_t i = 0; i < req->n_headers; i++)
        mg_response_header_add(req->conn, req->header_names[i], req->header_values[i], -1);
    if (mg_response_header_send(req->conn) < 0)
        return CRM_EINTERNAL;
    return 0;
}

int
crm_respond_header(crm_request_t *req, const char *name, const char *value)
{
    if (req->responded || !name || !value || !*name)
        return CRM_EINVAL;
    /* No header splitting: names are tokens, values one line. */
    for (const char *p = name; *p; p++)
        if (*p <= ' ' || *p == ':' || *p == 0x7f)
            return CRM_EINVAL;
    for (const char *p = value; *p; p++)
        if (*p == '\r' || *p == '\n')
            return CRM_EINVAL;
    if (req->n_headers == CRM__MAX_EXTRA_HEADERS)
        return CRM_EINVAL;
    req->header_names[req->n_headers] = strdup(name);
    req->header_values[req->n_headers] = strdup(value);
    if (!req->header_names[req->n_headers] || !req->header_values[req->n_headers]) {
        free(req->header_names[req->n_headers]);
        free(req->header_values[req->n_headers]);
        return CRM_ENOMEM;
    }
    req->n_headers++;
    return 0;
}

int
crm_respond(crm_request_t *req, int status, const char *content_type, const void *body, size_t len)
{
    int rc = crm__respond_head(req, status, content_type, (int64_t)len);

    if (rc != 0)
        return rc;
    if (len && strcmp(req->method, "HEAD") != 0 && mg_write(req->conn, body, len) < 0)
        return CRM_EINTERNAL;
    return 0;
}

int
crm_respond_json(crm_request_t *req, int status, const bson_t *doc)
{
    bson_string_t *str = bson_string_new(NULL);
    int rc;

    crm_json_append(str, doc);
    rc = crm_respond(req, status, "application/json; charset=utf-8", str->str, str->len);
    bson_string_free(str, true);
    return rc;
}

int
crm_respond_error(crm_request_t *req, const crm_error_t *error)
{
    bson_t doc = BSON_INITIALIZER, err, fields;
    int code = error && error->code ? error->code : CRM_EINTERNAL;
    int status = crm_error_status(code);
    int n;
    int rc;

    BSON_APPEND_DOCUMENT_BEGIN(&doc, "error", &err);
    BSON_APPEND_UTF8(&err, "code", crm_error_name(code));
    BSON_APPEND_UTF8(&err, "message",
                     error && error->message[0] ? error->message : "internal error");
    if (error && error->n_fields > 0) {
        n = error->n_fields < CRM_ERROR_MAX_FIELDS ? error->n_fields : CRM_ERROR_MAX_FIELDS;
        BSON_APPEND_DOCUMENT_BEGIN(&err, "fields", &fields);
        for (int i = 0; i < n; i++)
            BSON_APPEND_UTF8(&fields, error->fields[i].field, error->fields[i].message);
        bson_append_document_end(&err, &fields);
        if (error->n_fields > CRM_ERROR_MAX_FIELDS)
            BSON_APPEND_INT32(&err, "more_fields", error->n_fields - CRM_ERROR_MAX_FIELDS);
    }
    bson_append_document_end(&doc, &err);
    rc = crm_respond_json(req, status, &doc);
    bson_destroy(&doc);
    return rc;
}

int
crm_respond_begin(crm_request_t *req, int status, const char *content_type)
{
    int rc = crm__respond_head(req, status, content_type, -1);

    if (rc == 0)
        req->streaming = true;
    return rc;
}

int
crm_respond_write(crm_request_t *req, const void *data, size_t len)
{
    if (!req->streaming)
        return CRM_EINVAL;
    if (len == 0)
        return 0; /* an empty chunk would end the stream */
    if (len > UINT32_MAX || mg_send_chunk(req->conn, data, (unsigned)len) < 0)
        return CRM_EINTERNAL;
    return 0;
}

int
crm_respond_end(crm_request_t *req)
{
    if (!req->streaming)
        return CRM_EINVAL;
    req->streaming = false;
    if (mg_send_chunk(req->conn, "", 0) < 0)
        return CRM_EINTERNAL;
    return 0;
}

int
crm__respond_items(crm_request_t *req, crm_cursor_t *cursor,
                   void (*to_api)(const bson_t *doc, bson_t *out), crm_error_t *error)
{
    bson_t out = BSON_INITIALIZER, items, one;
    const bson_t *doc;
    uint32_t i = 0;
    int rc;

    bson_append_array_begin(&out, "items", 5, &items);
    while (crm_cursor_next(cursor, &doc)) {
        char key[16];
        const char *k;
        bson_uint32_to_string(i++, &k, key, sizeof key);
        bson_append_document_begin(&items, k, -1, &one);
        to_api(doc, &one);
        bson_append_document_end(&items, &one);
    }
    bson_append_array_end(&out, &items);
    if (crm_cursor_error(cursor, error))
        rc = error ? error->code : CRM_ESTORE;
    else
        rc = crm_respond_json(req, 200, &out);
    bson_destroy(&out);
    return rc;
}
