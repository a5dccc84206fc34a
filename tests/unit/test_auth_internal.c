/* Units of authentication: the password policy and hashing, secrets and their keyed hashes,
 * cookie parsing and formatting, and the identity an API token gives (valid, expired,
 * revoked) against a real SQLite store. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "auth/password-private.h"
#include "auth/sessions-private.h"
#include "auth/tokens-private.h"
#include "auth/users-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int
load_list(void **state)
{
    const char *src = getenv("CRM_TEST_SOURCE_DIR");
    char path[512];

    (void)state;
    snprintf(path, sizeof path, "%s/conf/common-passwords.txt", src ? src : ".");
    return crm__password_load_common(path, NULL) == 0 ? 0 : -1;
}

static int
free_list(void **state)
{
    (void)state;
    crm__password_free_common();
    return 0;
}

static const char *
policy(const char *user, const char *password)
{
    static crm_error_t error;

    memset(&error, 0, sizeof error);
    if (crm__password_check(user, password, 12, &error) == 0)
        return NULL;
    assert_int_equal(error.code, CRM_EVALIDATION);
    assert_string_equal(error.fields[0].field, "password");
    return error.fields[0].message;
}

static void
policy_rules_have_clear_messages(void **state)
{
    char big[CRM__PASSWORD_MAX + 2];

    (void)state;
    assert_null(policy("alice", "correct-pony-battery-9"));
    assert_string_equal(policy("alice", "short-1"), "must be at least 12 characters long");
    assert_string_equal(policy("alice", "my-name-is-ALICE"), "must not contain the user name");
    assert_non_null(strstr(policy("alice", "Password1234"), "too common"));
    assert_string_equal(policy("alice", "abc\xff\xfe-defghijkl"), "must be valid UTF-8");
    assert_string_equal(policy("alice", ""), "is required");
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_string_equal(policy("alice", big), "must be at most 1024 bytes");
    /* characters, not bytes: 12 two-byte letters pass the length rule */
    assert_null(policy("alice", "\xc5\x82\xc5\x82\xc5\x82\xc5\x82\xc5\x82\xc5\x82\xc5\x82\xc5"
                                "\x82\xc5\x82\xc5\x82\xc5\x82\xc5\x83"));
}

static void
hash_verifies_and_detects_cost_changes(void **state)
{
    char hash[crypto_pwhash_STRBYTES];

    (void)state;
    assert_int_equal(crm__password_init_dummy(1, 8, NULL), 0);
    assert_int_equal(crm__password_hash("correct-pony-battery-9", 1, 8, hash, NULL), 0);
    assert_non_null(strstr(hash, "$argon2id$"));
    assert_null(strstr(hash, "correct-pony"));
    assert_true(crm__password_verify(hash, "correct-pony-battery-9"));
    assert_false(crm__password_verify(hash, "correct-pony-battery-8"));
    assert_false(crm__password_verify(NULL, "correct-pony-battery-9"));
    assert_false(crm__password_needs_rehash(hash, 1, 8));
    assert_true(crm__password_needs_rehash(hash, 2, 8));
    assert_true(crm__password_needs_rehash(hash, 1, 16));
}

static void
secrets_are_random_and_hashes_stable(void **state)
{
    char a[CRM__SECRET_LEN + 1], b[CRM__SECRET_LEN + 1];
    char ha[CRM__HASH_LEN + 1], ha2[CRM__HASH_LEN + 1], hb[CRM__HASH_LEN + 1];

    (void)state;
    crm__secret_new(a);
    crm__secret_new(b);
    assert_int_equal(strlen(a), 43);
    assert_string_not_equal(a, b);
    assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                     43);
    crm__secret_hash(a, ha);
    crm__secret_hash(a, ha2);
    crm__secret_hash(b, hb);
    assert_int_equal(strlen(ha), 64);
    assert_string_equal(ha, ha2);
    assert_string_not_equal(ha, hb);
}

static void
cookies_parse_and_format(void **state)
{
    char v[64], out[200];

    (void)state;
    assert_true(crm__cookie_get("a=1; crm_session=abc; b=2", "crm_session", v, sizeof v));
    assert_string_equal(v, "abc");
    assert_true(crm__cookie_get("crm_session=xyz", "crm_session", v, sizeof v));
    assert_string_equal(v, "xyz");
    assert_false(crm__cookie_get("xcrm_session=abc", "crm_session", v, sizeof v));
    assert_false(crm__cookie_get("crm_session=", "crm_session", v, sizeof v));
    assert_false(crm__cookie_get("a=1", "crm_session", v, sizeof v));
    crm__session_cookie("tok", false, out, sizeof out);
    assert_string_equal(out, "crm_session=tok; HttpOnly; SameSite=Strict; Path=/");
    crm__session_cookie("tok", true, out, sizeof out);
    assert_string_equal(out, "crm_session=tok; HttpOnly; SameSite=Strict; Path=/; Secure");
    crm__session_cookie(NULL, true, out, sizeof out);
    assert_string_equal(out, "crm_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0; Secure");
}

static void
usernames_are_checked(void **state)
{
    (void)state;
    assert_true(crm__username_valid("alice"));
    assert_true(crm__username_valid("a.b_c-9"));
    assert_false(crm__username_valid("Al"));
    assert_false(crm__username_valid("Alice"));
    assert_false(crm__username_valid("al ice"));
    assert_false(crm__username_valid(NULL));
}

/* Inserts a token for USER_ID with SECRET's hash. */
static void
insert_token(crm_store_t *store, const char *user_id, const char *secret, int64_t expires_at,
             bool revoked)
{
    bson_t doc = BSON_INITIALIZER, perms;
    char hash[CRM__HASH_LEN + 1];

    crm__secret_hash(secret, hash);
    BSON_APPEND_UTF8(&doc, "hash", hash);
    BSON_APPEND_UTF8(&doc, "user_id", user_id);
    BSON_APPEND_UTF8(&doc, "name", "t");
    BSON_APPEND_ARRAY_BEGIN(&doc, "permissions", &perms);
    BSON_APPEND_UTF8(&perms, "0", "prospect.read");
    bson_append_array_end(&doc, &perms);
    BSON_APPEND_DATE_TIME(&doc, "expires_at", expires_at);
    if (revoked)
        BSON_APPEND_DATE_TIME(&doc, "revoked_at", expires_at - 1000);
    else
        BSON_APPEND_NULL(&doc, "revoked_at");
    assert_int_equal(crm_store_insert(store, CRM__API_TOKENS, &doc, NULL, NULL), 0);
    bson_destroy(&doc);
}

static void
token_identity_is_limited_and_refused_when_expired_or_revoked(void **state)
{
    char dir[] = "/tmp/crm-auth-XXXXXX", path[64], id[25], hash[CRM__HASH_LEN + 1];
    crm_error_t error = {0};
    crm_store_t *store;
    bson_t user = BSON_INITIALIZER;
    bson_oid_t oid;
    int64_t now = (int64_t)time(NULL) * 1000;
    crm_identity_t *who;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/crm.db", dir);
    store = crm_store_open("sqlite", path, NULL, &error);
    assert_non_null(store);
    assert_int_equal(crm__secret_open(store, &error), 0);
    bson_oid_init(&oid, NULL);
    bson_oid_to_string(&oid, id);
    BSON_APPEND_OID(&user, "_id", &oid);
    BSON_APPEND_UTF8(&user, "username", "ivan");
    BSON_APPEND_BOOL(&user, "active", true);
    assert_int_equal(crm_store_insert(store, CRM__USERS, &user, NULL, NULL), 0);
    insert_token(store, id, "valid-secret", now + 3600000, false);
    insert_token(store, id, "expired-secret", now - 1000, false);
    insert_token(store, id, "revoked-secret", now + 3600000, true);

    crm__secret_hash("valid-secret", hash);
    who = crm__token_identity(store, hash, &error);
    assert_non_null(who);
    assert_int_equal(who->kind, CRM__AUTH_TOKEN);
    assert_string_equal(who->user_id, id);
    assert_int_equal(who->n_limit, 1);
    assert_string_equal(who->limit[0], "prospect.read");
    assert_non_null(who->token_id);
    crm__identity_unref(who);

    crm__secret_hash("expired-secret", hash);
    assert_null(crm__token_identity(store, hash, &error));
    assert_int_equal(error.code, CRM_EAUTH);
    crm__secret_hash("revoked-secret", hash);
    assert_null(crm__token_identity(store, hash, &error));
    crm__secret_hash("never-issued", hash);
    assert_null(crm__token_identity(store, hash, &error));

    /* a locked user's tokens stop working */
    {
        bson_t filter = BSON_INITIALIZER, update = BSON_INITIALIZER, set;
        BSON_APPEND_OID(&filter, "_id", &oid);
        BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
        BSON_APPEND_DATE_TIME(&set, "locked_until", CRM__LOCKED_FOREVER);
        bson_append_document_end(&update, &set);
        assert_int_equal(crm_store_update(store, CRM__USERS, &filter, &update, 0, NULL, NULL), 0);
        bson_destroy(&filter);
        bson_destroy(&update);
    }
    crm__secret_hash("valid-secret", hash);
    assert_null(crm__token_identity(store, hash, &error));

    bson_destroy(&user);
    crm__secret_close();
    crm_store_close(store);
    snprintf(path, sizeof path, "rm -rf %s", dir);
    assert_int_equal(system(path), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(policy_rules_have_clear_messages),
        cmocka_unit_test(hash_verifies_and_detects_cost_changes),
        cmocka_unit_test(secrets_are_random_and_hashes_stable),
        cmocka_unit_test(cookies_parse_and_format),
        cmocka_unit_test(usernames_are_checked),
        cmocka_unit_test(token_identity_is_limited_and_refused_when_expired_or_revoked),
    };

    return cmocka_run_group_tests(tests, load_list, free_list);
}
