/* Users in the "users" collection: validation, creation, password changes, locking, and the
 * identity built from a user's document. The password hash never leaves this layer. */
#include "auth/users-private.h"

#include "auth/password-private.h"
#include "auth/sessions-private.h"
#include "auth/state-private.h"
#include "authz/authz-private.h"
#include "common/timefmt-private.h"
#include "entity/service-private.h"
#include "host/host-private.h"

#include <crm/log.h>

#include <ctype.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>

bool
crm__username_valid(const char *name)
{
    size_t n = name ? strlen(name) : 0;

    if (n < 3 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(islower((unsigned char)name[i]) || isdigit((unsigned char)name[i]) ||
              name[i] == '.' || name[i] == '_' || name[i] == '-'))
            return false;
    return true;
}

int
crm__user_find_by_name(crm_store_t *store, const char *username, bson_t *out, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER;
    int rc;

    BSON_APPEND_UTF8(&filter, "username", username);
    rc = crm_store_find_one(store, CRM__USERS, &filter, NULL, out, error);
    bson_destroy(&filter);
    return rc;
}

int
crm__user_find_by_id(crm_store_t *store, const bson_oid_t *oid, bson_t *out, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER;
    int rc;

    BSON_APPEND_OID(&filter, "_id", oid);
    rc = crm_store_find_one(store, CRM__USERS, &filter, NULL, out, error);
    bson_destroy(&filter);
    if (rc == CRM_ENOTFOUND)
        crm_error_set(error, CRM_ENOTFOUND, "no such user");
    return rc;
}

const char *
crm__doc_str(const bson_t *doc, const char *name)
{
    bson_iter_t it;

    if (bson_iter_init_find(&it, doc, name) && BSON_ITER_HOLDS_UTF8(&it))
        return bson_iter_utf8(&it, NULL);
    return NULL;
}

int64_t
crm__doc_time(const bson_t *doc, const char *name)
{
    bson_iter_t it;

    if (bson_iter_init_find(&it, doc, name) && BSON_ITER_HOLDS_DATE_TIME(&it))
        return bson_iter_date_time(&it);
    return 0;
}

void
crm__doc_wipe(bson_t *doc)
{
    sodium_memzero((void *)bson_get_data(doc), doc->len);
    bson_destroy(doc);
}

void
crm__user_to_api(const bson_t *user, bson_t *out)
{
    static const char *const hidden[] = {"password_hash", "failed_since"};
    bson_iter_t it;

    if (!bson_iter_init(&it, user))
        return;
    while (bson_iter_next(&it)) {
        const char *key = bson_iter_key(&it);
        bool skip = false;
        for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
            skip = skip || strcmp(key, hidden[i]) == 0;
        if (!skip)
            bson_append_value(out, strcmp(key, "_id") == 0 ? "id" : key, -1,
                              bson_iter_value(&it));
    }
}

void
crm__auth_audit(crm_store_t *store, const crm_identity_t *actor, const char *action,
                const char *area, const bson_oid_t *record, const bson_t *extra)
{
    crm_error_t error = {0};

    if (crm__audit_write(store, actor, action, area, record, NULL, extra, &error) != 0)
        crm_log(CRM_LOG_ERROR, "auth.audit_failed", "action=%s reason=\"%s\"", action,
                error.message);
}

static bool
is_hex24(const char *s)
{
    if (!s || strlen(s) != 24)
        return false;
    for (; *s; s++)
        if (!isxdigit((unsigned char)*s))
            return false;
    return true;
}

int
crm__user_create(crm_store_t *store, const crm_identity_t *actor, const crm__user_input_t *in,
                 const char *password, bson_oid_t *oid, crm_error_t *error)
{
    const crm__config_t *cfg = crm__authn_config();
    bson_t doc = BSON_INITIALIZER, roles, extra = BSON_INITIALIZER;
    char hash[crypto_pwhash_STRBYTES];
    int64_t now = crm__now_ms();
    int rc = 0;

    crm_error_clear(error);
    if (!crm__username_valid(in->username))
        crm_error_add_field(error, "username",
                            "must be 3 to 64 characters: lowercase letters, digits, '.', '_', '-'");
    if (in->org_unit && (!is_hex24(in->org_unit) || !crm__org_unit_exists(in->org_unit)))
        crm_error_add_field(error, "org_unit", "no such org unit");
    for (size_t i = 0; i < in->n_roles; i++)
        if (!crm__authz_role_exists(in->roles[i])) {
            crm_error_add_field(error, "roles", "no such role: %.100s", in->roles[i]);
            break;
        }
    if (in->email && !strchr(in->email, '@'))
        crm_error_add_field(error, "email", "is not an e-mail address");
    crm__password_check(in->username, password, cfg->auth_password_min_length, error);
    if (error && error->n_fields > 0) {
        rc = CRM_EVALIDATION;
        goto done;
    }
    if ((rc = crm__password_hash(password, cfg->auth_hash_opslimit, cfg->auth_hash_memlimit_kb,
                                 hash, error)) != 0)
        goto done;
    bson_oid_init(oid, NULL);
    BSON_APPEND_OID(&doc, "_id", oid);
    BSON_APPEND_UTF8(&doc, "username", in->username);
    BSON_APPEND_UTF8(&doc, "display_name", in->display_name ? in->display_name : in->username);
    if (in->email)
        BSON_APPEND_UTF8(&doc, "email", in->email);
    else
        BSON_APPEND_NULL(&doc, "email");
    if (in->org_unit)
        BSON_APPEND_UTF8(&doc, "org_unit", in->org_unit);
    else
        BSON_APPEND_NULL(&doc, "org_unit");
    BSON_APPEND_ARRAY_BEGIN(&doc, "roles", &roles);
    for (size_t i = 0; i < in->n_roles; i++) {
        char key[16];
        const char *k;
        bson_uint32_to_string((uint32_t)i, &k, key, sizeof key);
        BSON_APPEND_UTF8(&roles, k, in->roles[i]);
    }
    bson_append_array_end(&doc, &roles);
    BSON_APPEND_BOOL(&doc, "active", true);
    BSON_APPEND_NULL(&doc, "locked_until");
    BSON_APPEND_INT32(&doc, "failed_count", 0);
    BSON_APPEND_UTF8(&doc, "password_hash", hash);
    BSON_APPEND_DATE_TIME(&doc, "password_changed_at", now);
    BSON_APPEND_DATE_TIME(&doc, "created_at", now);
    rc = crm_store_insert(store, CRM__USERS, &doc, NULL, error);
    if (rc == CRM_ECONFLICT) {
        crm_error_set(error, CRM_ECONFLICT, "the user name is taken");
        goto done;
    }
    if (rc != 0)
        goto done;
    BSON_APPEND_UTF8(&extra, "username", in->username);
    crm__auth_audit(store, actor, "user_create", "user", oid, &extra);
done:
    sodium_memzero(hash, sizeof hash);
    bson_destroy(&doc);
    bson_destroy(&extra);
    return rc;
}

int
crm__user_set_password(crm_store_t *store, const crm_identity_t *actor, const bson_oid_t *oid,
                       const char *username, const char *password, const char *action,
                       const char *keep, crm_error_t *error)
{
    const crm__config_t *cfg = crm__authn_config();
    bson_t filter = BSON_INITIALIZER, update = BSON_INITIALIZER, set;
    char hash[crypto_pwhash_STRBYTES], id[25];
    int rc;

    if ((rc = crm__password_check(username, password, cfg->auth_password_min_length, error)) != 0)
        goto done;
    if ((rc = crm__password_hash(password, cfg->auth_hash_opslimit, cfg->auth_hash_memlimit_kb,
                                 hash, error)) != 0)
        goto done;
    BSON_APPEND_OID(&filter, "_id", oid);
    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
    BSON_APPEND_UTF8(&set, "password_hash", hash);
    BSON_APPEND_DATE_TIME(&set, "password_changed_at", crm__now_ms());
    bson_append_document_end(&update, &set);
    if ((rc = crm_store_update(store, CRM__USERS, &filter, &update, 0, NULL, error)) != 0)
        goto done;
    bson_oid_to_string(oid, id);
    rc = crm__sessions_end_user(store, id, keep, error);
    crm__auth_audit(store, actor, action, "user", oid, NULL);
done:
    sodium_memzero(hash, sizeof hash);
    bson_destroy(&filter);
    bson_destroy(&update);
    return rc;
}

int
crm__user_set_locked(crm_store_t *store, const crm_identity_t *actor, const bson_oid_t *oid,
                     bool locked, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, update = BSON_INITIALIZER, set, extra = BSON_INITIALIZER;
    crm_update_result_t result = {0};
    char id[25];
    int rc;

    BSON_APPEND_OID(&filter, "_id", oid);
    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
    if (locked)
        BSON_APPEND_DATE_TIME(&set, "locked_until", CRM__LOCKED_FOREVER);
    else
        BSON_APPEND_NULL(&set, "locked_until");
    BSON_APPEND_INT32(&set, "failed_count", 0);
    bson_append_document_end(&update, &set);
    if ((rc = crm_store_update(store, CRM__USERS, &filter, &update, 0, &result, error)) != 0)
        goto done;
    if (result.matched == 0) {
        rc = crm_error_set(error, CRM_ENOTFOUND, "no such user");
        goto done;
    }
    bson_oid_to_string(oid, id);
    if (locked)
        rc = crm__sessions_end_user(store, id, NULL, error);
    BSON_APPEND_UTF8(&extra, "change", locked ? "lock" : "unlock");
    crm__auth_audit(store, actor, "user_update", "user", oid, &extra);
done:
    bson_destroy(&filter);
    bson_destroy(&update);
    bson_destroy(&extra);
    return rc;
}

bool
crm__user_usable(const bson_t *user, int64_t now)
{
    bson_iter_t it;

    if (!bson_iter_init_find(&it, user, "active") || !BSON_ITER_HOLDS_BOOL(&it) ||
        !bson_iter_bool(&it))
        return false;
    return crm__doc_time(user, "locked_until") <= now;
}

crm_identity_t *
crm__user_identity(const bson_t *user, crm__auth_kind_t kind, crm_error_t *error)
{
    crm_identity_t *id = NULL;
    const char **roles = NULL;
    size_t n = 0;
    bson_iter_t it, child;
    char hex[25];

    if (!bson_iter_init_find(&it, user, "_id") || !BSON_ITER_HOLDS_OID(&it)) {
        crm_error_set(error, CRM_ESTORE, "a user document has no id");
        return NULL;
    }
    bson_oid_to_string(bson_iter_oid(&it), hex);
    id = crm__identity_new(hex, crm__doc_str(user, "username"), crm__doc_str(user, "org_unit"),
                           kind);
    if (!id) {
        crm_error_set(error, CRM_ENOMEM, "out of memory");
        return NULL;
    }
    if (bson_iter_init_find(&it, user, "roles") && BSON_ITER_HOLDS_ARRAY(&it) &&
        bson_iter_recurse(&it, &child)) {
        uint32_t count = 0;
        bson_iter_t c2 = child;
        while (bson_iter_next(&c2))
            count++;
        roles = calloc(count + 1, sizeof *roles);
        while (roles && bson_iter_next(&child))
            if (BSON_ITER_HOLDS_UTF8(&child))
                roles[n++] = bson_iter_utf8(&child, NULL);
    }
    if (crm__authz_grant_roles(id, roles, n, error) != 0) {
        crm__identity_unref(id);
        id = NULL;
    }
    free(roles);
    return id;
}

bool
crm_user_exists(const char *user_id)
{
    crm__host_t *host = crm__host_get();
    bson_oid_t oid;
    bson_t doc;

    if (!host || !host->store || !user_id || !crm__entity_parse_id(user_id, &oid) ||
        crm__user_find_by_id(host->store, &oid, &doc, NULL) != 0)
        return false;
    bson_destroy(&doc);
    return true;
}
