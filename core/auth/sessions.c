/* Secrets and sessions: 256-bit random tokens, stored only as keyed hashes, sessions in the
 * "sessions" collection (shared by every instance on the same store), the session cookie. */
#include "auth/sessions-private.h"

#include "auth/state-private.h"
#include "common/timefmt-private.h"

#include <sodium.h>

#include <stdio.h>
#include <string.h>

static unsigned char hash_key[crypto_generichash_KEYBYTES];
static bool have_key;

/* Reads the key from the store into hash_key. */
static int
read_key(crm_store_t *store, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, doc;
    bson_iter_t it;
    const uint8_t *data = NULL;
    uint32_t len = 0;
    bson_subtype_t sub;
    int rc;

    BSON_APPEND_UTF8(&filter, "_id", "session_hash_key");
    rc = crm_store_find_one(store, "auth_keys", &filter, NULL, &doc, error);
    bson_destroy(&filter);
    if (rc != 0)
        return rc;
    if (bson_iter_init_find(&it, &doc, "key") && BSON_ITER_HOLDS_BINARY(&it))
        bson_iter_binary(&it, &sub, &len, &data);
    if (len == sizeof hash_key) {
        memcpy(hash_key, data, len);
        have_key = true;
    } else {
        rc = crm_error_set(error, CRM_ESTORE, "auth_keys: the session key is malformed");
    }
    bson_destroy(&doc);
    return rc;
}

int
crm__secret_open(crm_store_t *store, crm_error_t *error)
{
    bson_t doc = BSON_INITIALIZER;
    unsigned char key[crypto_generichash_KEYBYTES];
    int rc;

    rc = read_key(store, error);
    if (rc != CRM_ENOTFOUND)
        goto done;
    /* First start: make one; if another instance won the race, read theirs. */
    crypto_generichash_keygen(key);
    BSON_APPEND_UTF8(&doc, "_id", "session_hash_key");
    BSON_APPEND_BINARY(&doc, "key", BSON_SUBTYPE_BINARY, key, sizeof key);
    rc = crm_store_insert(store, "auth_keys", &doc, NULL, error);
    if (rc == 0 || rc == CRM_ECONFLICT)
        rc = read_key(store, error);
done:
    sodium_memzero(key, sizeof key);
    bson_destroy(&doc);
    return rc;
}

void
crm__secret_close(void)
{
    sodium_memzero(hash_key, sizeof hash_key);
    have_key = false;
}

void
crm__secret_new(char out[CRM__SECRET_LEN + 1])
{
    unsigned char random[32];

    randombytes_buf(random, sizeof random);
    sodium_bin2base64(out, CRM__SECRET_LEN + 1, random, sizeof random,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(random, sizeof random);
}

void
crm__secret_hash(const char *secret, char out[CRM__HASH_LEN + 1])
{
    unsigned char digest[32];

    crypto_generichash(digest, sizeof digest, (const unsigned char *)secret, strlen(secret),
                       have_key ? hash_key : NULL, have_key ? sizeof hash_key : 0);
    sodium_bin2hex(out, CRM__HASH_LEN + 1, digest, sizeof digest);
}

int
crm__session_create(crm_store_t *store, const char *user_id, int64_t absolute_hours,
                    char token[CRM__SECRET_LEN + 1], char csrf[CRM__SECRET_LEN + 1],
                    crm_error_t *error)
{
    bson_t doc = BSON_INITIALIZER;
    char hash[CRM__HASH_LEN + 1];
    int64_t now = crm__now_ms();
    int rc;

    crm__secret_new(token);
    crm__secret_new(csrf);
    crm__secret_hash(token, hash);
    BSON_APPEND_UTF8(&doc, "_id", hash);
    BSON_APPEND_UTF8(&doc, "user_id", user_id);
    BSON_APPEND_DATE_TIME(&doc, "created_at", now);
    BSON_APPEND_DATE_TIME(&doc, "last_seen", now);
    BSON_APPEND_DATE_TIME(&doc, "expires_at", now + absolute_hours * 3600 * 1000);
    BSON_APPEND_UTF8(&doc, "csrf_token", csrf);
    rc = crm_store_insert(store, CRM__SESSIONS, &doc, NULL, error);
    bson_destroy(&doc);
    return rc;
}

int
crm__session_delete(crm_store_t *store, const char *hash, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER;
    int rc;

    BSON_APPEND_UTF8(&filter, "_id", hash);
    rc = crm_store_delete(store, CRM__SESSIONS, &filter, false, NULL, error);
    bson_destroy(&filter);
    crm__authn_cache_drop(hash);
    return rc;
}

int
crm__sessions_end_user(crm_store_t *store, const char *user_id, const char *keep,
                       crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, id;
    int rc;

    BSON_APPEND_UTF8(&filter, "user_id", user_id);
    if (keep) {
        BSON_APPEND_DOCUMENT_BEGIN(&filter, "_id", &id);
        BSON_APPEND_UTF8(&id, "$ne", keep);
        bson_append_document_end(&filter, &id);
    }
    rc = crm_store_delete(store, CRM__SESSIONS, &filter, true, NULL, error);
    bson_destroy(&filter);
    crm__authn_cache_drop_user(user_id);
    return rc;
}

bool
crm__cookie_get(const char *header, const char *name, char *out, size_t size)
{
    size_t n = strlen(name);

    for (const char *p = header; p && *p;) {
        while (*p == ' ' || *p == '\t' || *p == ';')
            p++;
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > n && strncmp(p, name, n) == 0 && p[n] == '=') {
            size_t vlen = len - n - 1;
            while (vlen && (p[n + 1 + vlen - 1] == ' ' || p[n + 1 + vlen - 1] == '\t'))
                vlen--;
            if (vlen == 0 || vlen >= size)
                return false;
            memcpy(out, p + n + 1, vlen);
            out[vlen] = '\0';
            return true;
        }
        p = end;
    }
    return false;
}

void
crm__session_cookie(const char *token, bool tls, char *out, size_t size)
{
    snprintf(out, size, "%s=%s; HttpOnly; SameSite=Strict; Path=/%s%s", CRM__SESSION_COOKIE,
             token ? token : "", token ? "" : "; Max-Age=0", tls ? "; Secure" : "");
}
