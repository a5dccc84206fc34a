/* The routes of one's own authentication: login, logout, me, password change, API tokens. */
#include "auth/routes-private.h"

#include "auth/lockout-private.h"
#include "auth/password-private.h"
#include "auth/sessions-private.h"
#include "auth/state-private.h"
#include "auth/tokens-private.h"
#include "auth/users-private.h"
#include "common/timefmt-private.h"
#include "http/http-private.h"

#include <crm/log.h>

#include <civetweb.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
crm__request_tls(const crm_request_t *req)
{
    const struct mg_request_info *ri = req->conn ? mg_get_request_info(req->conn) : NULL;

    return ri && ri->is_ssl;
}

static const char *
json_str(const bson_t *doc, const char *name)
{
    return crm__doc_str(doc, name);
}

/* Answers 429 with Retry-After. */
static int
respond_rate(crm_request_t *req, int64_t retry_after, crm_error_t *error)
{
    char secs[32];

    snprintf(secs, sizeof secs, "%lld", (long long)(retry_after > 0 ? retry_after : 1));
    crm_respond_header(req, "Retry-After", secs);
    return crm_respond_error(req, error);
}

static int
login(crm_request_t *req, void *data, crm_error_t *error)
{
    crm_store_t *store = crm__authn_store();
    const crm__config_t *cfg = crm__authn_config();
    bson_t body, user, out = BSON_INITIALIZER, api, extra = BSON_INITIALIZER;
    bool have_body = false, have_user = false, ok;
    const char *username, *password, *hash = NULL, *cookie;
    char name[65] = "", token[CRM__SECRET_LEN + 1] = "", csrf[CRM__SECRET_LEN + 1] = "";
    char old[CRM__SECRET_LEN + 2], old_hash[CRM__HASH_LEN + 1], set_cookie[160], id[25];
    int64_t retry_after = 0, now = crm__now_ms();
    bson_iter_t it;
    int rc;

    (void)data;
    if ((rc = crm_request_json(req, &body, error)) != 0)
        goto done;
    have_body = true;
    username = json_str(&body, "username");
    password = json_str(&body, "password");
    if (!username || !password || !*username || !*password) {
        rc = crm_error_set(error, CRM_EINVAL, "username and password are required");
        goto done;
    }
    for (size_t i = 0; i < sizeof name - 1 && username[i]; i++)
        name[i] = (char)tolower((unsigned char)username[i]);
    if (strlen(username) < sizeof name && crm__username_valid(name) &&
        crm__user_find_by_name(store, name, &user, NULL) == 0)
        have_user = true;
    if (crm__lockout_check(store, req->remote_addr, name, have_user ? &user : NULL, &retry_after,
                           error) != 0) {
        crm_log(CRM_LOG_WARN, "auth.login_refused", "reason=rate address=%s", req->remote_addr);
        rc = respond_rate(req, retry_after, error);
        goto done;
    }
    if (have_user)
        hash = json_str(&user, "password_hash");
    ok = crm__password_verify(have_user ? (hash ? hash : "") : NULL, password);
    ok = ok && have_user && crm__user_usable(&user, now);
    if (!ok) {
        crm__lockout_record_failure(store, req->remote_addr, name, have_user ? &user : NULL);
        BSON_APPEND_UTF8(&extra, "address", req->remote_addr ? req->remote_addr : "");
        crm__auth_audit(store, crm__identity_anonymous(), "login_failed", "auth",
                        have_user && bson_iter_init_find(&it, &user, "_id") ? bson_iter_oid(&it)
                                                                            : NULL,
                        &extra);
        crm_log(CRM_LOG_INFO, "auth.login_failed", "address=%s", req->remote_addr);
        rc = crm_error_set(error, CRM_EAUTH, "wrong user name or password");
        goto done;
    }
    bson_iter_init_find(&it, &user, "_id");
    bson_oid_to_string(bson_iter_oid(&it), id);
    if (crm__password_needs_rehash(hash, cfg->auth_hash_opslimit, cfg->auth_hash_memlimit_kb)) {
        char fresh[crypto_pwhash_STRBYTES];
        bson_t filter = BSON_INITIALIZER, update = BSON_INITIALIZER, set;
        if (crm__password_hash(password, cfg->auth_hash_opslimit, cfg->auth_hash_memlimit_kb, fresh,
                               NULL) == 0) {
            BSON_APPEND_OID(&filter, "_id", bson_iter_oid(&it));
            BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
            BSON_APPEND_UTF8(&set, "password_hash", fresh);
            bson_append_document_end(&update, &set);
            crm_store_update(store, CRM__USERS, &filter, &update, 0, NULL, NULL);
        }
        sodium_memzero(fresh, sizeof fresh);
        bson_destroy(&filter);
        bson_destroy(&update);
    }
    crm__lockout_reset(store, &user);
    /* A new session id at every login: whatever session the browser carried ends. */
    cookie = crm_request_header(req, "Cookie");
    if (cookie && crm__cookie_get(cookie, CRM__SESSION_COOKIE, old, sizeof old)) {
        crm__secret_hash(old, old_hash);
        crm__session_delete(store, old_hash, NULL);
        sodium_memzero(old, sizeof old);
    }
    if ((rc = crm__session_create(store, id, cfg->auth_session_absolute_hours, token, csrf,
                                  error)) != 0)
        goto done;
    crm__auth_audit(store, crm__identity_anonymous(), "login", "auth", bson_iter_oid(&it), NULL);
    crm_log(CRM_LOG_INFO, "auth.login", "user_id=%s address=%s", id, req->remote_addr);
    crm__session_cookie(token, crm__request_tls(req), set_cookie, sizeof set_cookie);
    crm_respond_header(req, "Set-Cookie", set_cookie);
    BSON_APPEND_DOCUMENT_BEGIN(&out, "user", &api);
    crm__user_to_api(&user, &api);
    bson_append_document_end(&out, &api);
    BSON_APPEND_UTF8(&out, "csrf_token", csrf);
    rc = crm_respond_json(req, 200, &out);
done:
    sodium_memzero(token, sizeof token);
    sodium_memzero(set_cookie, sizeof set_cookie);
    if (have_body) {
        crm__doc_wipe(&body);
    }
    if (have_user)
        bson_destroy(&user);
    bson_destroy(&out);
    bson_destroy(&extra);
    return rc;
}

static int
logout(crm_request_t *req, void *data, crm_error_t *error)
{
    const crm_identity_t *who = crm_request_identity(req);
    char set_cookie[160];
    bson_t out = BSON_INITIALIZER;
    bson_oid_t oid;
    int rc;

    (void)data;
    if (who->kind != CRM__AUTH_SESSION || !who->session_id)
        return crm_error_set(error, CRM_EINVAL, "log out ends a session; this request has none");
    if ((rc = crm__session_delete(crm__authn_store(), who->session_id, error)) != 0)
        goto done;
    bson_oid_init_from_string(&oid, who->user_id);
    crm__auth_audit(crm__authn_store(), who, "logout", "auth", &oid, NULL);
    crm__session_cookie(NULL, crm__request_tls(req), set_cookie, sizeof set_cookie);
    crm_respond_header(req, "Set-Cookie", set_cookie);
    BSON_APPEND_BOOL(&out, "logged_out", true);
    rc = crm_respond_json(req, 200, &out);
done:
    bson_destroy(&out);
    return rc;
}

static int
me(crm_request_t *req, void *data, crm_error_t *error)
{
    const crm_identity_t *who = crm_request_identity(req);
    bson_t user, out = BSON_INITIALIZER, api, perms, one, limit;
    bool have_user = false;
    bson_oid_t oid;
    int rc;

    (void)data;
    if (crm_identity_is_system(who) || strlen(who->user_id) != 24)
        return crm_error_set(error, CRM_EAUTH, "log in first");
    bson_oid_init_from_string(&oid, who->user_id);
    if ((rc = crm__user_find_by_id(crm__authn_store(), &oid, &user, error)) != 0)
        goto done;
    have_user = true;
    BSON_APPEND_DOCUMENT_BEGIN(&out, "user", &api);
    crm__user_to_api(&user, &api);
    bson_append_document_end(&out, &api);
    BSON_APPEND_ARRAY_BEGIN(&out, "permissions", &perms);
    for (size_t i = 0; i < who->n_grants; i++) {
        char key[16];
        const char *k;
        bson_uint32_to_string((uint32_t)i, &k, key, sizeof key);
        BSON_APPEND_DOCUMENT_BEGIN(&perms, k, &one);
        BSON_APPEND_UTF8(&one, "pattern", who->grants[i].pattern);
        BSON_APPEND_UTF8(&one, "scope", crm_scope_name(who->grants[i].scope));
        bson_append_document_end(&perms, &one);
    }
    bson_append_array_end(&out, &perms);
    if (who->limit) {
        BSON_APPEND_ARRAY_BEGIN(&out, "token_limit", &limit);
        for (size_t i = 0; i < who->n_limit; i++) {
            char key[16];
            const char *k;
            bson_uint32_to_string((uint32_t)i, &k, key, sizeof key);
            BSON_APPEND_UTF8(&limit, k, who->limit[i]);
        }
        bson_append_array_end(&out, &limit);
    }
    BSON_APPEND_UTF8(&out, "auth", who->kind == CRM__AUTH_TOKEN ? "token" : "session");
    if (who->csrf_token)
        BSON_APPEND_UTF8(&out, "csrf_token", who->csrf_token);
    rc = crm_respond_json(req, 200, &out);
done:
    if (have_user)
        bson_destroy(&user);
    bson_destroy(&out);
    return rc;
}

static int
change_password(crm_request_t *req, void *data, crm_error_t *error)
{
    const crm_identity_t *who = crm_request_identity(req);
    crm_store_t *store = crm__authn_store();
    bson_t body, user, out = BSON_INITIALIZER;
    bool have_body = false, have_user = false;
    const char *current, *fresh;
    bson_oid_t oid;
    int rc;

    (void)data;
    if (who->kind != CRM__AUTH_SESSION)
        return crm_error_set(error, CRM_EPERM, "change your password from a logged-in session");
    if ((rc = crm_request_json(req, &body, error)) != 0)
        goto done;
    have_body = true;
    current = json_str(&body, "current");
    fresh = json_str(&body, "new");
    bson_oid_init_from_string(&oid, who->user_id);
    if ((rc = crm__user_find_by_id(store, &oid, &user, error)) != 0)
        goto done;
    have_user = true;
    if (!current || !crm__password_verify(json_str(&user, "password_hash"), current)) {
        rc = crm_error_add_field(error, "current", "is not your current password");
        goto done;
    }
    if (!fresh) {
        rc = crm_error_add_field(error, "new", "is required");
        goto done;
    }
    rc = crm__user_set_password(store, who, &oid, json_str(&user, "username"), fresh,
                                "password_change", who->session_id, error);
    if (rc == CRM_EVALIDATION && error->n_fields > 0)
        snprintf(error->fields[0].field, sizeof error->fields[0].field, "password");
    if (rc != 0)
        goto done;
    crm_log(CRM_LOG_INFO, "auth.password_change", "user_id=%s", who->user_id);
    BSON_APPEND_BOOL(&out, "changed", true);
    rc = crm_respond_json(req, 200, &out);
done:
    if (have_body) {
        crm__doc_wipe(&body);
    }
    if (have_user)
        bson_destroy(&user);
    bson_destroy(&out);
    return rc;
}

static int
token_create(crm_request_t *req, void *data, crm_error_t *error)
{
    const crm_identity_t *who = crm_request_identity(req);
    bson_t body, view, out = BSON_INITIALIZER;
    bool have_body = false, have_view = false;
    const char *patterns[64];
    size_t n = 0;
    const char *expires;
    char token[CRM__SECRET_LEN + 1] = "";
    int64_t expires_at = 0;
    bson_iter_t it, child;
    int rc;

    (void)data;
    if (who->kind != CRM__AUTH_SESSION)
        return crm_error_set(error, CRM_EPERM, "API tokens are created from a logged-in session");
    if ((rc = crm_request_json(req, &body, error)) != 0)
        goto done;
    have_body = true;
    expires = json_str(&body, "expires_at");
    if (!expires || !crm__datetime_parse(expires, &expires_at)) {
        rc = crm_error_add_field(error, "expires_at",
                                 "is required: an ISO 8601 datetime with a zone");
        goto done;
    }
    if (bson_iter_init_find(&it, &body, "permissions") && BSON_ITER_HOLDS_ARRAY(&it) &&
        bson_iter_recurse(&it, &child)) {
        while (bson_iter_next(&child)) {
            if (!BSON_ITER_HOLDS_UTF8(&child) || n == sizeof patterns / sizeof patterns[0]) {
                rc = crm_error_add_field(error, "permissions",
                                         "must be a list of at most 64 permission names");
                goto done;
            }
            patterns[n++] = bson_iter_utf8(&child, NULL);
        }
    }
    rc = crm__token_create(crm__authn_store(), who, json_str(&body, "name"), expires_at, patterns,
                           n, token, &view, error);
    have_view = true;
    if (rc != 0)
        goto done;
    bson_concat(&out, &view);
    BSON_APPEND_UTF8(&out, "token", token);
    rc = crm_respond_json(req, 201, &out);
done:
    sodium_memzero(token, sizeof token);
    if (have_body)
        bson_destroy(&body);
    if (have_view)
        bson_destroy(&view);
    bson_destroy(&out);
    return rc;
}

static int
token_list(crm_request_t *req, void *data, crm_error_t *error)
{
    const crm_identity_t *who = crm_request_identity(req);
    bson_t filter = BSON_INITIALIZER, sort = BSON_INITIALIZER;
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
    crm_cursor_t *cursor = NULL;
    int rc = 0;

    (void)data;
    BSON_APPEND_UTF8(&filter, "user_id", crm_identity_user_id(who));
    BSON_APPEND_INT32(&sort, "created_at", -1);
    opts.sort = &sort;
    cursor = crm_store_find(crm__authn_store(), CRM__API_TOKENS, &filter, &opts, error);
    if (!cursor) {
        rc = error->code;
        goto done;
    }
    rc = crm__respond_items(req, cursor, crm__token_to_api, error);
done:
    crm_cursor_destroy(cursor);
    bson_destroy(&filter);
    bson_destroy(&sort);
    return rc;
}

static int
token_revoke(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t out = BSON_INITIALIZER;
    int rc;

    (void)data;
    rc = crm__token_revoke(crm__authn_store(), crm_request_identity(req),
                           crm_request_param(req, "id"), error);
    if (rc == 0) {
        BSON_APPEND_BOOL(&out, "revoked", true);
        rc = crm_respond_json(req, 200, &out);
    }
    bson_destroy(&out);
    return rc;
}

static const crm_route_t routes[] = {
    {sizeof(crm_route_t), "POST", "/api/v1/auth/login", CRM_PUBLIC, login, NULL},
    {sizeof(crm_route_t), "POST", "/api/v1/auth/logout", CRM__AUTH_SELF, logout, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/auth/me", CRM__AUTH_SELF, me, NULL},
    {sizeof(crm_route_t), "POST", "/api/v1/auth/password", CRM__AUTH_SELF, change_password, NULL},
    {sizeof(crm_route_t), "POST", "/api/v1/auth/tokens", CRM__AUTH_SELF, token_create, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/auth/tokens", CRM__AUTH_SELF, token_list, NULL},
    {sizeof(crm_route_t), "DELETE", "/api/v1/auth/tokens/{id}", CRM__AUTH_SELF, token_revoke, NULL},
};

int
crm__auth_routes_add(crm_error_t *error)
{
    return crm__route_add_core_table(routes, sizeof routes / sizeof routes[0], error);
}
