/* API tokens: creation within the creator's own permissions, revocation, and the identity a
 * bearer token gives (never more than the token's permissions nor its creator's grants). */
#include "auth/tokens-private.h"

#include "auth/state-private.h"
#include "auth/users-private.h"
#include "common/timefmt-private.h"

#include <stdlib.h>
#include <string.h>

#define YEAR_MS (366LL * 24 * 3600 * 1000)

/* True when one of ID's grants covers permission pattern PATTERN. */
static bool
covered(const crm_identity_t *id, const char *pattern)
{
    for (size_t i = 0; i < id->n_grants; i++)
        if (crm__permission_match(id->grants[i].pattern, pattern))
            return true;
    return false;
}

int
crm__token_create(crm_store_t *store, const crm_identity_t *creator, const char *name,
                  int64_t expires_at, const char *const *patterns, size_t n_patterns,
                  char token[CRM__SECRET_LEN + 1], bson_t *out, crm_error_t *error)
{
    bson_t doc = BSON_INITIALIZER, perms, extra = BSON_INITIALIZER;
    char hash[CRM__HASH_LEN + 1];
    int64_t now = crm__now_ms();
    bson_oid_t oid;
    int rc;

    bson_init(out);
    crm_error_clear(error);
    if (!name || !*name || strlen(name) > 100)
        crm_error_add_field(error, "name", "is required (at most 100 characters)");
    if (expires_at <= now)
        crm_error_add_field(error, "expires_at", "must be in the future");
    else if (expires_at > now + YEAR_MS)
        crm_error_add_field(error, "expires_at", "must be at most one year ahead");
    if (n_patterns == 0)
        crm_error_add_field(error, "permissions", "must list at least one permission");
    for (size_t i = 0; i < n_patterns; i++)
        if (!covered(creator, patterns[i])) {
            crm_error_add_field(error, "permissions", "%.100s exceeds your own permissions",
                                patterns[i]);
            break;
        }
    if (error && error->n_fields) {
        rc = CRM_EVALIDATION;
        goto done;
    }
    crm__secret_new(token);
    crm__secret_hash(token, hash);
    bson_oid_init(&oid, NULL);
    BSON_APPEND_OID(&doc, "_id", &oid);
    BSON_APPEND_UTF8(&doc, "hash", hash);
    BSON_APPEND_UTF8(&doc, "user_id", crm_identity_user_id(creator));
    BSON_APPEND_UTF8(&doc, "name", name);
    BSON_APPEND_ARRAY_BEGIN(&doc, "permissions", &perms);
    for (size_t i = 0; i < n_patterns; i++) {
        char key[16];
        const char *k;
        bson_uint32_to_string((uint32_t)i, &k, key, sizeof key);
        BSON_APPEND_UTF8(&perms, k, patterns[i]);
    }
    bson_append_array_end(&doc, &perms);
    BSON_APPEND_DATE_TIME(&doc, "expires_at", expires_at);
    BSON_APPEND_NULL(&doc, "revoked_at");
    BSON_APPEND_DATE_TIME(&doc, "created_at", now);
    if ((rc = crm_store_insert(store, CRM__API_TOKENS, &doc, NULL, error)) != 0)
        goto done;
    crm__token_to_api(&doc, out);
    BSON_APPEND_UTF8(&extra, "name", name);
    crm__auth_audit(store, creator, "token_create", "api_token", &oid, &extra);
done:
    bson_destroy(&doc);
    bson_destroy(&extra);
    return rc;
}

void
crm__token_to_api(const bson_t *doc, bson_t *out)
{
    bson_iter_t it;

    if (!bson_iter_init(&it, doc))
        return;
    while (bson_iter_next(&it)) {
        const char *key = bson_iter_key(&it);
        if (strcmp(key, "hash") == 0)
            continue;
        bson_append_value(out, strcmp(key, "_id") == 0 ? "id" : key, -1, bson_iter_value(&it));
    }
}

int
crm__token_revoke(crm_store_t *store, const crm_identity_t *who, const char *id, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, doc, update = BSON_INITIALIZER, set;
    bson_oid_t oid;
    bool have_doc = false;
    const char *hash;
    int rc;

    if (!bson_oid_is_valid(id, strlen(id)) || strlen(id) != 24)
        return crm_error_set(error, CRM_ENOTFOUND, "no such token");
    bson_oid_init_from_string(&oid, id);
    BSON_APPEND_OID(&filter, "_id", &oid);
    if ((rc = crm_store_find_one(store, CRM__API_TOKENS, &filter, NULL, &doc, error)) != 0) {
        if (rc == CRM_ENOTFOUND)
            crm_error_set(error, CRM_ENOTFOUND, "no such token");
        goto done;
    }
    have_doc = true;
    if (strcmp(crm__doc_str(&doc, "user_id") ? crm__doc_str(&doc, "user_id") : "",
               crm_identity_user_id(who)) != 0 &&
        !crm_identity_can(who, "tokens.manage")) {
        rc = crm_error_set(error, CRM_ENOTFOUND, "no such token");
        goto done;
    }
    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
    BSON_APPEND_DATE_TIME(&set, "revoked_at", crm__now_ms());
    bson_append_document_end(&update, &set);
    if ((rc = crm_store_update(store, CRM__API_TOKENS, &filter, &update, 0, NULL, error)) != 0)
        goto done;
    if ((hash = crm__doc_str(&doc, "hash")))
        crm__authn_cache_drop(hash);
    crm__auth_audit(store, who, "token_revoke", "api_token", &oid, NULL);
done:
    bson_destroy(&filter);
    bson_destroy(&update);
    if (have_doc)
        bson_destroy(&doc);
    return rc;
}

crm_identity_t *
crm__token_identity(crm_store_t *store, const char *hash, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, doc, user;
    bool have_doc = false, have_user = false;
    crm_identity_t *id = NULL;
    int64_t now = crm__now_ms();
    bson_oid_t user_oid;
    bson_iter_t it, child;
    const char *user_id;

    BSON_APPEND_UTF8(&filter, "hash", hash);
    if (crm_store_find_one(store, CRM__API_TOKENS, &filter, NULL, &doc, NULL) != 0)
        goto refused;
    have_doc = true;
    user_id = crm__doc_str(&doc, "user_id");
    if (crm__doc_time(&doc, "revoked_at") != 0 || crm__doc_time(&doc, "expires_at") <= now ||
        !user_id || strlen(user_id) != 24 || !bson_oid_is_valid(user_id, 24))
        goto refused;
    bson_oid_init_from_string(&user_oid, user_id);
    if (crm__user_find_by_id(store, &user_oid, &user, NULL) != 0)
        goto refused;
    have_user = true;
    if (!crm__user_usable(&user, now))
        goto refused;
    if (!(id = crm__user_identity(&user, CRM__AUTH_TOKEN, error)))
        goto done;
    if (bson_iter_init_find(&it, &doc, "permissions") && BSON_ITER_HOLDS_ARRAY(&it) &&
        bson_iter_recurse(&it, &child))
        while (bson_iter_next(&child))
            if (BSON_ITER_HOLDS_UTF8(&child))
                crm__identity_add_limit(id, bson_iter_utf8(&child, NULL));
    /* A token without permissions reaches nothing: an impossible limit keeps it so. */
    if (id->n_limit == 0)
        crm__identity_add_limit(id, "-");
    if (bson_iter_init_find(&it, &doc, "_id") && BSON_ITER_HOLDS_OID(&it)) {
        char hex[25];
        bson_oid_to_string(bson_iter_oid(&it), hex);
        id->token_id = strdup(hex);
    }
    goto done;
refused:
    crm_error_set(error, CRM_EAUTH, "the API token is unknown, revoked or expired");
done:
    bson_destroy(&filter);
    if (have_doc)
        bson_destroy(&doc);
    if (have_user)
        bson_destroy(&user);
    return id;
}
