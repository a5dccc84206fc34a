/* The one place where a request's caller is established and a route's permission checked.
 * Every request passes here (http/router.c) before its handler runs: a bearer API token or
 * the session cookie becomes an identity, verified identities are cached briefly in memory,
 * and cookie-authenticated unsafe requests must echo the session's CSRF token. Also the
 * module's lifetime: indexes, the hashing key, the common-passwords list, the routes. */
#include "auth/authenticate-private.h"
#include "auth/authn-private.h"
#include "auth/identity-private.h"
#include "auth/lockout-private.h"
#include "auth/password-private.h"
#include "auth/routes-private.h"
#include "auth/sessions-private.h"
#include "auth/state-private.h"
#include "auth/tokens-private.h"
#include "auth/users-private.h"
#include "authz/authz-private.h"
#include "common/timefmt-private.h"
#include "host/host-private.h"

#include <crm/log.h>

#include <sodium.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How often a session's last_seen is written at most. */
#define TOUCH_INTERVAL_MS 60000
/* Slots of the identity cache (direct-mapped by hash). */
#define CACHE_SLOTS 4096

typedef struct cache_slot {
    char hash[CRM__HASH_LEN + 1];
    const crm_identity_t *identity; /* one reference held by the cache */
    int64_t deadline;               /* wall-clock ms */
    uint64_t generation;
} cache_slot_t;

static crm__host_t *the_host;
static cache_slot_t *cache;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

const crm__config_t *
crm__authn_config(void)
{
    return the_host ? the_host->config : NULL;
}

crm_store_t *
crm__authn_store(void)
{
    return the_host ? the_host->store : NULL;
}

static size_t
slot_of(const char *hash)
{
    return (size_t)strtoul((char[]){hash[0], hash[1], hash[2], hash[3], '\0'}, NULL, 16) %
           CACHE_SLOTS;
}

/* The cached identity for HASH with a new reference, or NULL. */
static const crm_identity_t *
cache_get(const char *hash)
{
    const crm_identity_t *found = NULL;
    cache_slot_t *slot;

    if (!cache)
        return NULL;
    pthread_mutex_lock(&cache_lock);
    slot = &cache[slot_of(hash)];
    if (slot->identity && strcmp(slot->hash, hash) == 0) {
        if (slot->deadline > crm__now_ms() && slot->generation == crm__authz_generation()) {
            found = crm__identity_ref(slot->identity);
        } else {
            crm__identity_unref(slot->identity);
            slot->identity = NULL;
        }
    }
    pthread_mutex_unlock(&cache_lock);
    return found;
}

static void
cache_put(const char *hash, const crm_identity_t *identity, int64_t deadline)
{
    const crm__config_t *cfg = crm__authn_config();
    int64_t limit = crm__now_ms() + cfg->auth_cache_seconds * 1000;
    cache_slot_t *slot;

    if (!cache || cfg->auth_cache_seconds == 0)
        return;
    pthread_mutex_lock(&cache_lock);
    slot = &cache[slot_of(hash)];
    crm__identity_unref(slot->identity);
    memcpy(slot->hash, hash, sizeof slot->hash);
    slot->identity = crm__identity_ref(identity);
    slot->deadline = deadline < limit ? deadline : limit;
    slot->generation = crm__authz_generation();
    pthread_mutex_unlock(&cache_lock);
}

void
crm__authn_cache_drop(const char *hash)
{
    cache_slot_t *slot;

    if (!cache)
        return;
    pthread_mutex_lock(&cache_lock);
    slot = &cache[slot_of(hash)];
    if (slot->identity && strcmp(slot->hash, hash) == 0) {
        crm__identity_unref(slot->identity);
        slot->identity = NULL;
    }
    pthread_mutex_unlock(&cache_lock);
}

void
crm__authn_cache_drop_user(const char *user_id)
{
    if (!cache)
        return;
    pthread_mutex_lock(&cache_lock);
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        if (cache[i].identity && strcmp(cache[i].identity->user_id, user_id) == 0) {
            crm__identity_unref(cache[i].identity);
            cache[i].identity = NULL;
        }
    }
    pthread_mutex_unlock(&cache_lock);
}

static void
cache_clear(void)
{
    if (!cache)
        return;
    for (size_t i = 0; i < CACHE_SLOTS; i++)
        crm__identity_unref(cache[i].identity);
    free(cache);
    cache = NULL;
}

/* The identity of the session whose hash is HASH, checking both expiries and the user, and
 * refreshing last_seen at most once a minute. *DEADLINE: when the identity stops being valid. */
static crm_identity_t *
session_identity(crm_store_t *store, const char *hash, int64_t *deadline, crm_error_t *error)
{
    const crm__config_t *cfg = crm__authn_config();
    bson_t filter = BSON_INITIALIZER, session, user, update = BSON_INITIALIZER, set;
    bool have_session = false, have_user = false;
    crm_identity_t *id = NULL;
    int64_t now = crm__now_ms(), idle = cfg->auth_session_idle_minutes * 60000;
    int64_t last_seen, expires_at;
    const char *user_id, *csrf;
    bson_oid_t oid;

    BSON_APPEND_UTF8(&filter, "_id", hash);
    if (crm_store_find_one(store, CRM__SESSIONS, &filter, NULL, &session, NULL) != 0)
        goto expired;
    have_session = true;
    last_seen = crm__doc_time(&session, "last_seen");
    expires_at = crm__doc_time(&session, "expires_at");
    user_id = crm__doc_str(&session, "user_id");
    csrf = crm__doc_str(&session, "csrf_token");
    if (expires_at <= now || last_seen + idle <= now || !user_id || !csrf ||
        strlen(user_id) != 24 || !bson_oid_is_valid(user_id, 24)) {
        crm__session_delete(store, hash, NULL);
        goto expired;
    }
    bson_oid_init_from_string(&oid, user_id);
    if (crm__user_find_by_id(store, &oid, &user, NULL) != 0)
        goto gone;
    have_user = true;
    if (!crm__user_usable(&user, now))
        goto gone;
    if (!(id = crm__user_identity(&user, CRM__AUTH_SESSION, error)))
        goto done;
    id->session_id = strdup(hash);
    id->csrf_token = strdup(csrf);
    if (now - last_seen >= TOUCH_INTERVAL_MS) {
        BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
        BSON_APPEND_DATE_TIME(&set, "last_seen", now);
        bson_append_document_end(&update, &set);
        crm_store_update(store, CRM__SESSIONS, &filter, &update, 0, NULL, NULL);
        last_seen = now;
    }
    *deadline = expires_at < last_seen + idle ? expires_at : last_seen + idle;
    goto done;
gone:
    crm__session_delete(store, hash, NULL);
expired:
    crm_error_set(error, CRM_EAUTH, "your session has expired; log in again");
done:
    bson_destroy(&filter);
    bson_destroy(&update);
    if (have_session)
        bson_destroy(&session);
    if (have_user)
        bson_destroy(&user);
    return id;
}

/* True when S looks like one of our secrets (so nothing odd reaches the store). */
static bool
secret_shaped(const char *s)
{
    size_t n = strlen(s);

    if (n != CRM__SECRET_LEN)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
            return false;
    return true;
}

static bool
unsafe_method(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
           strcmp(method, "OPTIONS") != 0;
}

const crm_identity_t *
crm__auth_authenticate(const crm__auth_request_t *req, crm_error_t *error)
{
    const crm__config_t *cfg = crm__authn_config();
    const char *authorization, *cookie, *csrf;
    const crm_identity_t *identity = NULL;
    crm_identity_t *fresh = NULL;
    char secret[CRM__SECRET_LEN + 2] = "", hash[CRM__HASH_LEN + 1];
    int64_t deadline = 0;
    bool bearer = false;

    if (!cfg || !cfg->auth_enabled)
        return crm_identity_system();
    authorization = req->header(req->ctx, "Authorization");
    cookie = req->header(req->ctx, "Cookie");
    if (authorization && strncasecmp(authorization, "Bearer ", 7) == 0) {
        bearer = true;
        snprintf(secret, sizeof secret, "%s", authorization + 7);
    } else if (!cookie || !crm__cookie_get(cookie, CRM__SESSION_COOKIE, secret, sizeof secret)) {
        if (!req->required)
            return crm__identity_anonymous();
        crm_error_set(error, CRM_EAUTH, "log in first");
        return NULL;
    }
    if (!secret_shaped(secret)) {
        crm_error_set(error, CRM_EAUTH,
                      bearer ? "the API token is unknown, revoked or expired"
                             : "your session has expired; log in again");
        goto refused;
    }
    crm__secret_hash(secret, hash);
    sodium_memzero(secret, sizeof secret);
    identity = cache_get(hash);
    if (!identity) {
        if (bearer) {
            fresh = crm__token_identity(crm__authn_store(), hash, error);
            deadline = crm__now_ms() + 60000;
        } else {
            fresh = session_identity(crm__authn_store(), hash, &deadline, error);
        }
        if (!fresh)
            goto refused;
        cache_put(hash, fresh, deadline);
        identity = fresh;
    }
    if (identity->kind == CRM__AUTH_SESSION && unsafe_method(req->method)) {
        csrf = req->header(req->ctx, "X-CSRF-Token");
        if (!csrf || !identity->csrf_token || strlen(csrf) != strlen(identity->csrf_token) ||
            sodium_memcmp(csrf, identity->csrf_token, strlen(csrf)) != 0) {
            crm__identity_unref(identity);
            identity = NULL;
            crm_error_set(error, CRM_EPERM, "missing or wrong X-CSRF-Token header");
            goto refused;
        }
    }
    return identity;
refused:
    sodium_memzero(secret, sizeof secret);
    /* Public routes (the login itself) go on anonymously. */
    if (!req->required) {
        crm_error_clear(error);
        return crm__identity_anonymous();
    }
    return NULL;
}

void
crm__auth_release(const crm_identity_t *identity)
{
    crm__identity_unref(identity);
}

int
crm__auth_authorize(const crm_identity_t *who, const char *permission, crm_error_t *error)
{
    if (strcmp(permission, "public") == 0 || crm_identity_can(who, permission))
        return 0;
    if (strcmp(permission, CRM__AUTH_SELF) == 0 && who->kind != CRM__AUTH_ANONYMOUS)
        return 0;
    return crm_error_set(error, CRM_EPERM, "you lack the permission %s", permission);
}

/* The indexes of the collections this module owns. */
static int
ensure_indexes(crm_store_t *store, crm_error_t *error)
{
    static const char *const username[] = {"username", NULL};
    static const char *const token_hash[] = {"hash", NULL};
    static const char *const token_user[] = {"user_id", NULL};
    static const char *const session_user[] = {"user_id", NULL};
    static const char *const failure_addr[] = {"address", "at", NULL};
    static const char *const failure_name[] = {"username", "at", NULL};
    static const struct {
        const char *coll;
        crm_index_t index;
    } indexes[] = {
        {CRM__USERS, {sizeof(crm_index_t), "username_unique", username, true, false, false}},
        {CRM__API_TOKENS, {sizeof(crm_index_t), "hash_unique", token_hash, true, false, false}},
        {CRM__API_TOKENS, {sizeof(crm_index_t), "user_id", token_user, false, false, false}},
        {CRM__SESSIONS, {sizeof(crm_index_t), "user_id", session_user, false, false, false}},
        {CRM__AUTH_FAILURES, {sizeof(crm_index_t), "address_at", failure_addr, false, false, false}},
        {CRM__AUTH_FAILURES, {sizeof(crm_index_t), "username_at", failure_name, false, false, false}},
    };
    int rc;

    for (size_t i = 0; i < sizeof indexes / sizeof indexes[0]; i++)
        if ((rc = crm_store_ensure_index(store, indexes[i].coll, &indexes[i].index, error)) != 0)
            return rc;
    return 0;
}

int
crm__authn_open(crm__host_t *host, crm_error_t *error)
{
    const crm__config_t *cfg = host->config;
    int rc;

    if (sodium_init() < 0)
        return crm_error_set(error, CRM_EINTERNAL, "libsodium could not start");
    the_host = host;
    if ((rc = crm__auth_routes_add(error)) != 0 || (rc = crm__users_routes_add(error)) != 0)
        goto fail;
    if (!cfg->auth_enabled)
        return 0;
    if ((rc = crm__password_load_common(cfg->auth_common_passwords, error)) != 0 ||
        (rc = crm__password_init_dummy(cfg->auth_hash_opslimit, cfg->auth_hash_memlimit_kb,
                                       error)) != 0 ||
        (rc = ensure_indexes(host->store, error)) != 0 ||
        (rc = crm__secret_open(host->store, error)) != 0)
        goto fail;
    cache = calloc(CACHE_SLOTS, sizeof *cache);
    if (!cache) {
        rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
        goto fail;
    }
    return 0;
fail:
    crm__authn_close();
    return rc;
}

void
crm__authn_close(void)
{
    cache_clear();
    crm__password_free_common();
    crm__secret_close();
    the_host = NULL;
}
