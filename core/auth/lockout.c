/* Failed-login counting and lockout. Per account: failed_count within the window on the
 * user's document, then locked_until = now + lockout. Per address (and per unknown user
 * name): one document per failure in "auth_failures", counted over the window. */
#include "auth/lockout-private.h"

#include "auth/state-private.h"
#include "auth/users-private.h"
#include "common/timefmt-private.h"

#include <crm/log.h>

#include <string.h>

/* Counts the failures in the window whose FIELD equals VALUE. */
static int64_t
count_failures(crm_store_t *store, const char *field, const char *value, int64_t since)
{
    bson_t filter = BSON_INITIALIZER, at;
    int64_t n = 0;

    BSON_APPEND_UTF8(&filter, field, value);
    BSON_APPEND_DOCUMENT_BEGIN(&filter, "at", &at);
    BSON_APPEND_DATE_TIME(&at, "$gte", since);
    bson_append_document_end(&filter, &at);
    if (crm_store_count(store, CRM__AUTH_FAILURES, &filter, &n, NULL) != 0)
        n = 0;
    bson_destroy(&filter);
    return n;
}

int
crm__lockout_check(crm_store_t *store, const char *address, const char *username,
                   const bson_t *user, int64_t *retry_after, crm_error_t *error)
{
    const crm__config_t *cfg = crm__authn_config();
    int64_t now = crm__now_ms(), window = cfg->auth_failure_window_minutes * 60000;
    int64_t lockout = cfg->auth_lockout_minutes * 60000;

    *retry_after = 0;
    if (address && count_failures(store, "address", address, now - window) >=
                       cfg->auth_max_failures_per_address)
        *retry_after = window / 1000;
    else if (user) {
        int64_t until = crm__doc_time(user, "locked_until");
        /* An automatic lockout; a lock by an administrator reads as a wrong password. */
        if (until > now && until - now <= lockout)
            *retry_after = (until - now + 999) / 1000;
    } else if (count_failures(store, "username", username, now - window) >=
               cfg->auth_max_failures) {
        *retry_after = lockout / 1000;
    }
    if (*retry_after > 0)
        return crm_error_set(error, CRM_ERATE, "too many failed logins; wait before trying again");
    return 0;
}

bool
crm__lockout_record_failure(crm_store_t *store, const char *address, const char *username,
                            const bson_t *user)
{
    const crm__config_t *cfg = crm__authn_config();
    int64_t now = crm__now_ms(), window = cfg->auth_failure_window_minutes * 60000;
    bson_t doc = BSON_INITIALIZER, filter = BSON_INITIALIZER, update = BSON_INITIALIZER, set,
           old = BSON_INITIALIZER, lt;
    bool locked = false;
    bson_iter_t it;

    BSON_APPEND_UTF8(&doc, "address", address ? address : "");
    if (!user)
        BSON_APPEND_UTF8(&doc, "username", username);
    BSON_APPEND_DATE_TIME(&doc, "at", now);
    crm_store_insert(store, CRM__AUTH_FAILURES, &doc, NULL, NULL);
    /* Old failures no longer count: drop them. */
    BSON_APPEND_DOCUMENT_BEGIN(&old, "at", &lt);
    BSON_APPEND_DATE_TIME(&lt, "$lt", now - window);
    bson_append_document_end(&old, &lt);
    crm_store_delete(store, CRM__AUTH_FAILURES, &old, true, NULL, NULL);
    if (!user || !bson_iter_init_find(&it, user, "_id") || !BSON_ITER_HOLDS_OID(&it))
        goto done;

    int64_t since = crm__doc_time(user, "failed_since");
    int64_t count = 0;
    bson_iter_t c;
    if (bson_iter_init_find(&c, user, "failed_count") && BSON_ITER_HOLDS_NUMBER(&c))
        count = bson_iter_as_int64(&c);
    if (since < now - window) {
        since = now;
        count = 0;
    }
    count++;
    BSON_APPEND_OID(&filter, "_id", bson_iter_oid(&it));
    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
    if (count >= cfg->auth_max_failures) {
        locked = true;
        BSON_APPEND_DATE_TIME(&set, "locked_until", now + cfg->auth_lockout_minutes * 60000);
        BSON_APPEND_INT32(&set, "failed_count", 0);
        BSON_APPEND_NULL(&set, "failed_since");
    } else {
        BSON_APPEND_INT32(&set, "failed_count", (int32_t)count);
        BSON_APPEND_DATE_TIME(&set, "failed_since", since);
    }
    bson_append_document_end(&update, &set);
    crm_store_update(store, CRM__USERS, &filter, &update, 0, NULL, NULL);
    if (locked) {
        char id[25];
        bson_oid_to_string(bson_iter_oid(&it), id);
        crm_log(CRM_LOG_WARN, "auth.lockout", "user_id=%s minutes=%lld", id,
                (long long)cfg->auth_lockout_minutes);
        crm__auth_audit(store, crm_identity_system(), "lockout", "auth", bson_iter_oid(&it), NULL);
    }
done:
    bson_destroy(&doc);
    bson_destroy(&filter);
    bson_destroy(&update);
    bson_destroy(&old);
    return locked;
}

void
crm__lockout_reset(crm_store_t *store, const bson_t *user)
{
    bson_t filter = BSON_INITIALIZER, update = BSON_INITIALIZER, set;
    bson_iter_t it;

    if (!bson_iter_init_find(&it, user, "_id") || !BSON_ITER_HOLDS_OID(&it))
        return;
    BSON_APPEND_OID(&filter, "_id", bson_iter_oid(&it));
    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
    BSON_APPEND_INT32(&set, "failed_count", 0);
    BSON_APPEND_NULL(&set, "failed_since");
    bson_append_document_end(&update, &set);
    crm_store_update(store, CRM__USERS, &filter, &update, 0, NULL, NULL);
    bson_destroy(&filter);
    bson_destroy(&update);
}
