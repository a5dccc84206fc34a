/* The request as handlers see it: method, path, parameters, query, headers, identity, store
 * and the body, read once within the server's size limit. */
#include "common/hex-private.h"
#include "auth/authenticate-private.h"
#include "http/http-private.h"

#include <civetweb.h>

#include <stdlib.h>
#include <string.h>

const char *
crm_request_method(const crm_request_t *req)
{
    return req->method;
}

const char *
crm_request_path(const crm_request_t *req)
{
    return req->path;
}

const char *
crm_request_param(const crm_request_t *req, const char *name)
{
    for (size_t i = 0; i < req->n_params; i++)
        if (strcmp(req->params[i].name, name) == 0)
            return req->params[i].value;
    return NULL;
}

const char *
crm_request_header(const crm_request_t *req, const char *name)
{
    return req->conn ? mg_get_header(req->conn, name) : NULL;
}

const crm_identity_t *
crm_request_identity(const crm_request_t *req)
{
    return req->identity ? req->identity : crm_identity_system();
}

crm_store_t *
crm_request_store(const crm_request_t *req)
{
    return req->http ? req->http->store : NULL;
}

char *
crm__url_decode(const char *src, size_t len, bool form)
{
    char *out = malloc(len + 1);
    size_t j = 0;

    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        if (src[i] == '%') {
            int hi = i + 1 < len ? crm__hex_value(src[i + 1]) : -1;
            int lo = i + 2 < len ? crm__hex_value(src[i + 2]) : -1;
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                free(out);
                return NULL;
            }
            out[j++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (form && src[i] == '+') {
            out[j++] = ' ';
        } else {
            out[j++] = src[i];
        }
    }
    out[j] = '\0';
    return out;
}

/* Splits the query string into decoded pairs; malformed pairs are skipped. */
static void
parse_query(crm_request_t *req)
{
    const char *p = req->query_raw;
    size_t cap = 0;

    req->query_parsed = true;
    while (p && *p) {
        const char *end = strchr(p, '&');
        const char *eq;
        size_t plen = end ? (size_t)(end - p) : strlen(p);
        char *name, *value;

        eq = memchr(p, '=', plen);
        name = crm__url_decode(p, eq ? (size_t)(eq - p) : plen, true);
        value = eq ? crm__url_decode(eq + 1, plen - (size_t)(eq - p) - 1, true) : strdup("");
        if (name && value && *name && bson_utf8_validate(value, strlen(value), false)) {
            if (req->n_query == cap) {
                crm__query_pair_t *grown;
                cap = cap ? cap * 2 : 8;
                grown = realloc(req->query, cap * sizeof *grown);
                if (!grown) {
                    free(name);
                    free(value);
                    return;
                }
                req->query = grown;
            }
            req->query[req->n_query].name = name;
            req->query[req->n_query].value = value;
            req->n_query++;
        } else {
            free(name);
            free(value);
        }
        p = end ? end + 1 : NULL;
    }
}

const char *
crm_request_query(const crm_request_t *req, const char *name)
{
    crm_request_t *mut = (crm_request_t *)req; /* parsed lazily, once, on the handler's thread */

    if (!req->query_parsed)
        parse_query(mut);
    for (size_t i = 0; i < req->n_query; i++)
        if (strcmp(req->query[i].name, name) == 0)
            return req->query[i].value;
    return NULL;
}

int
crm_request_query_only(crm_request_t *req, const char *const *allowed, crm_error_t *error)
{
    if (!req->query_parsed)
        parse_query(req);
    for (size_t i = 0; i < req->n_query; i++) {
        const char *const *a = allowed;

        while (a && *a && strcmp(*a, req->query[i].name) != 0)
            a++;
        if (!a || !*a) {
            bson_string_t *names = bson_string_new(NULL);
            int rc;

            for (a = allowed; a && *a; a++)
                bson_string_append_printf(names, "%s%s", a == allowed ? "" : ", ", *a);
            rc = crm_error_set(error, CRM_EINVAL, "unknown parameter '%.64s'%s%s",
                               req->query[i].name, names->len ? ": use " : ": none is taken",
                               names->str);
            bson_string_free(names, true);
            return rc;
        }
    }
    return 0;
}

/* Reads the body into REQ, refusing more than the limit. */
static int
read_body(crm_request_t *req, crm_error_t *error)
{
    const struct mg_request_info *ri = mg_get_request_info(req->conn);
    int64_t limit = req->http->max_body > 0 ? req->http->max_body : INT64_MAX - 1;
    size_t cap = 0, len = 0;
    char *buf = NULL;
    int rc = 0;

    if (ri->content_length > limit) {
        rc = crm_error_set(error, CRM_ETOOBIG, "the body is larger than %lld bytes",
                           (long long)limit);
        goto done;
    }
    cap = ri->content_length > 0 ? (size_t)ri->content_length + 1 : 4096;
    buf = malloc(cap);
    if (!buf) {
        rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
        goto done;
    }
    for (;;) {
        int n;
        if (cap - len < 2) {
            char *grown;
            cap *= 2;
            grown = realloc(buf, cap);
            if (!grown) {
                rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
                goto done;
            }
            buf = grown;
        }
        n = mg_read(req->conn, buf + len, cap - len - 1);
        if (n < 0) {
            rc = crm_error_set(error, CRM_EINVAL, "the body could not be read");
            goto done;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if ((int64_t)len > limit) {
            rc = crm_error_set(error, CRM_ETOOBIG, "the body is larger than %lld bytes",
                               (long long)limit);
            goto done;
        }
    }
    buf[len] = '\0';
    req->body = buf;
    req->body_len = len;
    buf = NULL;
done:
    free(buf);
    return rc;
}

int
crm_request_body(crm_request_t *req, const char **body, size_t *len, crm_error_t *error)
{
    if (!req->body_read) {
        crm_error_t local = {0};
        req->body_read = true;
        req->body_rc = req->conn ? read_body(req, &local) : 0;
        if (req->body_rc != 0) {
            crm_error_set(error, local.code, "%s", local.message);
            return req->body_rc;
        }
    } else if (req->body_rc != 0) {
        return crm_error_set(error, req->body_rc, "the body could not be read");
    }
    if (body)
        *body = req->body ? req->body : "";
    if (len)
        *len = req->body_len;
    return 0;
}

int
crm_request_json(crm_request_t *req, bson_t *out, crm_error_t *error)
{
    const char *body = NULL;
    size_t len = 0;
    int rc;

    bson_init(out);
    if ((rc = crm_request_body(req, &body, &len, error)) != 0)
        return rc;
    return crm_json_parse(body, len, out, error);
}

int
crm__request_check_path(const char *path, crm_error_t *error)
{
    const char *seg;
    size_t len = strlen(path);

    if (path[0] != '/')
        return crm_error_set(error, CRM_EINVAL, "the path must begin with '/'");
    if (!bson_utf8_validate(path, len, false))
        return crm_error_set(error, CRM_EINVAL, "the path is not valid UTF-8");
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)path[i] < 0x20 || path[i] == 0x7f || path[i] == '\\')
            return crm_error_set(error, CRM_EINVAL, "the path holds a forbidden character");
    seg = path + 1;
    for (;;) {
        const char *end = strchr(seg, '/');
        size_t n = end ? (size_t)(end - seg) : strlen(seg);
        if ((n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
            return crm_error_set(error, CRM_EINVAL, "the path may not hold '.' or '..' segments");
        if (!end)
            break;
        seg = end + 1;
    }
    return 0;
}

void
crm__request_cleanup(crm_request_t *req)
{
    crm__auth_release(req->identity);
    req->identity = NULL;
    for (size_t i = 0; i < req->n_params; i++)
        free(req->params[i].value);
    for (size_t i = 0; i < req->n_query; i++) {
        free(req->query[i].name);
        free(req->query[i].value);
    }
    free(req->query);
    free(req->body);
    for (size_t i = 0; i < req->n_headers; i++) {
        free(req->header_names[i]);
        free(req->header_values[i]);
    }
}
