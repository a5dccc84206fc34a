/* End to end: authentication against a real crmd over a real socket and a real store: login,
 * me, logout, indistinguishable failures, lockout per account and per address, session expiry,
 * CSRF, cookie flags, API tokens, the password policy, `crmd user add`, HTTPS, and finally that
 * no password or token the suite used shows up in crmd's logs or in any response body. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "crmd_process.h"
#include "http_client.h"

#include <crm/store.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ALICE_PASSWORD "Tr0ub4dor-horse-77"
#define ALICE_NEW_PASSWORD "a-much-longer-secret-42"

/* Every secret the suite used, every crmd log, every response body (except the one response
 * that hands out an API token, once, by design). */
static char *secrets[64];
static size_t n_secrets;
static bson_string_t *seen_bodies, *seen_logs;

typedef struct fixture {
    test_crmd_t crmd;
} fixture_t;

static void
remember_secret(const char *s)
{
    if (n_secrets < sizeof secrets / sizeof secrets[0])
        secrets[n_secrets++] = strdup(s);
}

/* The auth group with cheap hashing, low limits and no identity cache (so edits made to the
 * store directly take effect at once). */
static void
auth_config(char *out, size_t size, int per_address)
{
    const char *src = getenv("CRM_TEST_SOURCE_DIR");

    snprintf(out, size,
             "auth = { enabled = true; common_passwords = \"%s/conf/common-passwords.txt\";\n"
             "  hash_opslimit = 1; hash_memlimit_kb = 8; max_failures = 3;\n"
             "  max_failures_per_address = %d; cache_seconds = 0; };\n",
             src ? src : ".", per_address);
}

/* Runs `crmd user add NAME` with PASSWORD on stdin; returns the exit status. */
static int
user_add(const fixture_t *f, const char *name, const char *password)
{
    char cmd[1024];
    FILE *p;
    const char *build = getenv("CRM_TEST_BUILD_DIR");

    snprintf(cmd, sizeof cmd, "%s/crmd user add %s --name 'Test User' -c %s >>%s 2>&1",
             build ? build : ".", name, f->crmd.config, f->crmd.log);
    p = popen(cmd, "w");
    if (!p)
        return -1;
    fprintf(p, "%s\n", password);
    return WEXITSTATUS(pclose(p));
}

static int
start(void **state, int per_address)
{
    fixture_t *f = calloc(1, sizeof *f);
    char auth[1536];

    auth_config(auth, sizeof auth, per_address);
    if (!f || test_crmd_start(&f->crmd, "sqlite", "", auth) != 0) {
        if (f) {
            char *log = test_read_file(f->crmd.log, NULL);
            fprintf(stderr, "crmd did not start: %s\n", log ? log : "");
            free(log);
        }
        free(f);
        return -1;
    }
    *state = f;
    if (user_add(f, "alice", ALICE_PASSWORD) != 0)
        return -1;
    return 0;
}

static int
setup(void **state)
{
    return start(state, 20);
}

static int
teardown(void **state)
{
    fixture_t *f = *state;
    char *log;

    if (!f)
        return 0;
    test_crmd_stop(&f->crmd);
    if ((log = test_read_file(f->crmd.log, NULL))) {
        bson_string_append(seen_logs, log);
        free(log);
    }
    test_crmd_cleanup(&f->crmd);
    free(f);
    return 0;
}

/* A response, kept for the final check unless SECRET_BODY. */
typedef struct reply {
    int status;
    bson_t json;
    char cookie[256];     /* Set-Cookie, or "" */
    char retry_after[32]; /* Retry-After, or "" */
    char hsts[64];
    char body[2048];
} reply_t;

static void
call_full(fixture_t *f, const char *method, const char *path, const char *headers, const char *body,
          bool secret_body, reply_t *out)
{
    test_http_response_t r;
    const char *h;

    memset(out, 0, sizeof *out);
    assert_int_equal(
        test_http_request(f->crmd.port, method, path, headers, body, body ? strlen(body) : 0, &r),
        0);
    out->status = r.status;
    if (!r.body_len || !test_http_json(&r, &out->json))
        bson_init(&out->json);
    if ((h = test_http_header(&r, "Set-Cookie")))
        snprintf(out->cookie, sizeof out->cookie, "%s", h);
    if ((h = test_http_header(&r, "Retry-After")))
        snprintf(out->retry_after, sizeof out->retry_after, "%s", h);
    snprintf(out->body, sizeof out->body, "%s", r.body ? r.body : "");
    if (!secret_body && r.body)
        bson_string_append(seen_bodies, r.body);
    test_http_response_free(&r);
}

static int
call(fixture_t *f, const char *method, const char *path, const char *headers, const char *body,
     reply_t *out)
{
    call_full(f, method, path, headers, body, false, out);
    return out->status;
}

static const char *
str_at(const bson_t *doc, const char *path)
{
    bson_iter_t it, found;

    if (bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, path, &found) &&
        BSON_ITER_HOLDS_UTF8(&found))
        return bson_iter_utf8(&found, NULL);
    return NULL;
}

/* A logged-in session: the cookie header line and the CSRF header line. */
typedef struct session {
    char token[64];
    char cookie[128]; /* "Cookie: crm_session=...\r\n" */
    char both[256];   /* cookie + X-CSRF-Token */
    char csrf[64];
} session_t;

static void
login_as(fixture_t *f, const char *user, const char *password, session_t *s)
{
    char body[256];
    reply_t r;
    const char *csrf;

    snprintf(body, sizeof body, "{\"username\": \"%s\", \"password\": \"%s\"}", user, password);
    assert_int_equal(call(f, "POST", "/api/v1/auth/login", NULL, body, &r), 200);
    assert_true(strncmp(r.cookie, "crm_session=", 12) == 0);
    sscanf(r.cookie + 12, "%63[^;]", s->token);
    assert_int_equal(strlen(s->token), 43);
    remember_secret(s->token);
    csrf = str_at(&r.json, "csrf_token");
    assert_non_null(csrf);
    snprintf(s->csrf, sizeof s->csrf, "%s", csrf);
    snprintf(s->cookie, sizeof s->cookie, "Cookie: crm_session=%s\r\n", s->token);
    snprintf(s->both, sizeof s->both, "%sX-CSRF-Token: %s\r\n", s->cookie, s->csrf);
    assert_null(str_at(&r.json, "user.password_hash"));
    bson_destroy(&r.json);
}

static void
login_me_logout(void **state)
{
    fixture_t *f = *state;
    session_t s;
    reply_t r;

    assert_int_equal(call(f, "GET", "/api/v1/auth/me", NULL, NULL, &r), 401);
    assert_string_equal(str_at(&r.json, "error.message"), "log in first");
    bson_destroy(&r.json);

    login_as(f, "alice", ALICE_PASSWORD, &s);
    assert_int_equal(call(f, "GET", "/api/v1/auth/me", s.cookie, NULL, &r), 200);
    assert_string_equal(str_at(&r.json, "user.username"), "alice");
    assert_string_equal(str_at(&r.json, "user.display_name"), "Test User");
    assert_string_equal(str_at(&r.json, "csrf_token"), s.csrf);
    assert_null(strstr(r.body, "password_hash"));
    assert_null(strstr(r.body, "$argon2"));
    bson_destroy(&r.json);

    assert_int_equal(call(f, "POST", "/api/v1/auth/logout", s.both, NULL, &r), 200);
    assert_non_null(strstr(r.cookie, "Max-Age=0"));
    bson_destroy(&r.json);
    /* the logged-out session is refused */
    assert_int_equal(call(f, "GET", "/api/v1/auth/me", s.cookie, NULL, &r), 401);
    assert_string_equal(str_at(&r.json, "error.message"), "your session has expired; log in again");
    bson_destroy(&r.json);
}

static void
cookie_flags_and_new_session_at_login(void **state)
{
    fixture_t *f = *state;
    session_t first, second;
    reply_t r;
    char headers[256];

    login_as(f, "alice", ALICE_PASSWORD, &first);
    /* log in again carrying the first cookie: it ends, and a different one begins */
    snprintf(headers, sizeof headers, "%s", first.cookie);
    call(f, "POST", "/api/v1/auth/login", headers,
         "{\"username\": \"alice\", \"password\": \"" ALICE_PASSWORD "\"}", &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.cookie, "; HttpOnly"));
    assert_non_null(strstr(r.cookie, "; SameSite=Strict"));
    assert_non_null(strstr(r.cookie, "; Path=/"));
    assert_null(strstr(r.cookie, "Secure")); /* plain HTTP */
    sscanf(r.cookie + 12, "%63[^;]", second.token);
    remember_secret(second.token);
    assert_string_not_equal(first.token, second.token);
    bson_destroy(&r.json);
    assert_int_equal(call(f, "GET", "/api/v1/auth/me", first.cookie, NULL, &r), 401);
    bson_destroy(&r.json);
}

static void
unknown_user_and_wrong_password_look_the_same(void **state)
{
    fixture_t *f = *state;
    reply_t a, b, c;

    call(f, "POST", "/api/v1/auth/login", NULL,
         "{\"username\": \"alice\", \"password\": \"not-her-password-1\"}", &a);
    call(f, "POST", "/api/v1/auth/login", NULL,
         "{\"username\": \"nobody\", \"password\": \"not-her-password-1\"}", &b);
    call(f, "POST", "/api/v1/auth/login", NULL,
         "{\"username\": \"NOT VALID!\", \"password\": \"not-her-password-1\"}", &c);
    assert_int_equal(a.status, 401);
    assert_int_equal(b.status, 401);
    assert_int_equal(c.status, 401);
    assert_string_equal(a.body, b.body);
    assert_string_equal(a.body, c.body);
    bson_destroy(&a.json);
    bson_destroy(&b.json);
    bson_destroy(&c.json);
}

static void
lockout_per_account(void **state)
{
    fixture_t *f = *state;
    reply_t r;

    for (int i = 0; i < 3; i++) {
        assert_int_equal(call(f, "POST", "/api/v1/auth/login", NULL,
                              "{\"username\": \"alice\", \"password\": \"guess-number-x\"}", &r),
                         401);
        bson_destroy(&r.json);
    }
    /* locked: even the right password is refused, with a neutral 429 and Retry-After */
    call(f, "POST", "/api/v1/auth/login", NULL,
         "{\"username\": \"alice\", \"password\": \"" ALICE_PASSWORD "\"}", &r);
    assert_int_equal(r.status, 429);
    assert_true(atoi(r.retry_after) > 0);
    assert_null(strstr(r.body, "alice"));
    bson_destroy(&r.json);
}

static int
setup_address(void **state)
{
    return start(state, 4);
}

static void
lockout_per_address(void **state)
{
    fixture_t *f = *state;
    char body[128];
    reply_t r;

    /* different names each time: only the address is common */
    for (int i = 0; i < 4; i++) {
        snprintf(body, sizeof body, "{\"username\": \"user%d\", \"password\": \"guess-x-%d\"}", i,
                 i);
        assert_int_equal(call(f, "POST", "/api/v1/auth/login", NULL, body, &r), 401);
        bson_destroy(&r.json);
    }
    call(f, "POST", "/api/v1/auth/login", NULL,
         "{\"username\": \"alice\", \"password\": \"" ALICE_PASSWORD "\"}", &r);
    assert_int_equal(r.status, 429);
    assert_true(atoi(r.retry_after) > 0);
    bson_destroy(&r.json);
}

/* Sets last_seen of every session in the store to an hour ago. */
static void
age_sessions(fixture_t *f)
{
    crm_error_t error = {0};
    crm_store_t *store = crm_store_open("sqlite", f->crmd.location, NULL, &error);
    bson_t update = BSON_INITIALIZER, set;

    assert_non_null(store);
    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
    BSON_APPEND_DATE_TIME(&set, "last_seen", (int64_t)(time(NULL) - 3600) * 1000);
    bson_append_document_end(&update, &set);
    assert_int_equal(
        crm_store_update(store, "sessions", NULL, &update, CRM_UPDATE_MANY, NULL, &error), 0);
    bson_destroy(&update);
    crm_store_close(store);
}

static void
idle_session_expires(void **state)
{
    fixture_t *f = *state;
    session_t s;
    reply_t r;

    login_as(f, "alice", ALICE_PASSWORD, &s);
    assert_int_equal(call(f, "GET", "/api/v1/auth/me", s.cookie, NULL, &r), 200);
    bson_destroy(&r.json);
    age_sessions(f);
    assert_int_equal(call(f, "GET", "/api/v1/auth/me", s.cookie, NULL, &r), 401);
    assert_string_equal(str_at(&r.json, "error.message"), "your session has expired; log in again");
    bson_destroy(&r.json);
}

static void
csrf_required_for_cookie_writes(void **state)
{
    fixture_t *f = *state;
    session_t s;
    reply_t r;
    char wrong[256];

    login_as(f, "alice", ALICE_PASSWORD, &s);
    assert_int_equal(call(f, "POST", "/api/v1/auth/logout", s.cookie, NULL, &r), 403);
    assert_string_equal(str_at(&r.json, "error.message"), "missing or wrong X-CSRF-Token header");
    bson_destroy(&r.json);
    snprintf(wrong, sizeof wrong, "%sX-CSRF-Token: %.42sx\r\n", s.cookie, s.csrf);
    assert_int_equal(call(f, "POST", "/api/v1/auth/logout", wrong, NULL, &r), 403);
    bson_destroy(&r.json);
    /* still logged in, then the right header works */
    assert_int_equal(call(f, "GET", "/api/v1/auth/me", s.cookie, NULL, &r), 200);
    bson_destroy(&r.json);
    assert_int_equal(call(f, "POST", "/api/v1/auth/logout", s.both, NULL, &r), 200);
    bson_destroy(&r.json);
}

/* Before roles exist (authorisation branch) a user holds no grants, so any requested
 * permission exceeds them; a past or too distant expiry is refused too. */
static void
token_beyond_permissions_refused(void **state)
{
    fixture_t *f = *state;
    session_t s;
    reply_t r;

    login_as(f, "alice", ALICE_PASSWORD, &s);
    call(f, "POST", "/api/v1/auth/tokens", s.both,
         "{\"name\": \"nightly\", \"expires_at\": \"2099-01-01T00:00:00Z\", "
         "\"permissions\": [\"prospect.read\"]}",
         &r);
    assert_int_equal(r.status, 422);
    assert_non_null(str_at(&r.json, "error.fields.expires_at"));
    bson_destroy(&r.json);
    call(f, "POST", "/api/v1/auth/tokens", s.both,
         "{\"name\": \"nightly\", \"expires_at\": \"2000-01-01T00:00:00Z\", "
         "\"permissions\": [\"prospect.read\"]}",
         &r);
    assert_int_equal(r.status, 422);
    bson_destroy(&r.json);
}

static void
bearer_tokens_unknown_revoked_expired_refused(void **state)
{
    fixture_t *f = *state;
    const char *fake = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    char headers[128];
    reply_t r;

    /* valid, expired and revoked tokens are checked in test_auth_internal.c, which can compute
     * the server's keyed hash; over HTTP: unknown and malformed tokens are 401 */
    snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\n", fake);
    assert_int_equal(call(f, "GET", "/api/v1/auth/me", headers, NULL, &r), 401);
    assert_string_equal(str_at(&r.json, "error.message"),
                        "the API token is unknown, revoked or expired");
    bson_destroy(&r.json);
    assert_int_equal(call(f, "POST", "/api/v1/auth/tokens", headers, "{}", &r), 401);
    bson_destroy(&r.json);
    assert_int_equal(
        call(f, "GET", "/api/v1/auth/tokens", "Authorization: Bearer short\r\n", NULL, &r), 401);
    bson_destroy(&r.json);
}

static void
password_change_and_policy_messages(void **state)
{
    fixture_t *f = *state;
    session_t s, other;
    reply_t r;

    login_as(f, "alice", ALICE_PASSWORD, &s);
    login_as(f, "alice", ALICE_PASSWORD, &other);
    call(f, "POST", "/api/v1/auth/password", s.both,
         "{\"current\": \"" ALICE_PASSWORD "\", \"new\": \"short\"}", &r);
    assert_int_equal(r.status, 422);
    assert_string_equal(str_at(&r.json, "error.fields.password"),
                        "must be at least 12 characters long");
    bson_destroy(&r.json);
    call(f, "POST", "/api/v1/auth/password", s.both,
         "{\"current\": \"" ALICE_PASSWORD "\", \"new\": \"xxALICExx-2026\"}", &r);
    assert_int_equal(r.status, 422);
    assert_string_equal(str_at(&r.json, "error.fields.password"), "must not contain the user name");
    bson_destroy(&r.json);
    call(f, "POST", "/api/v1/auth/password", s.both,
         "{\"current\": \"" ALICE_PASSWORD "\", \"new\": \"PASSWORD1234\"}", &r);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(str_at(&r.json, "error.fields.password"), "too common"));
    bson_destroy(&r.json);
    call(f, "POST", "/api/v1/auth/password", s.both,
         "{\"current\": \"wrong-current-pw\", \"new\": \"" ALICE_NEW_PASSWORD "\"}", &r);
    assert_int_equal(r.status, 422);
    assert_non_null(str_at(&r.json, "error.fields.current"));
    bson_destroy(&r.json);
    call(f, "POST", "/api/v1/auth/password", s.both,
         "{\"current\": \"" ALICE_PASSWORD "\", \"new\": \"" ALICE_NEW_PASSWORD "\"}", &r);
    assert_int_equal(r.status, 200);
    bson_destroy(&r.json);
    /* this session goes on, the other one ended; the old password no longer works */
    assert_int_equal(call(f, "GET", "/api/v1/auth/me", s.cookie, NULL, &r), 200);
    bson_destroy(&r.json);
    assert_int_equal(call(f, "GET", "/api/v1/auth/me", other.cookie, NULL, &r), 401);
    bson_destroy(&r.json);
    assert_int_equal(call(f, "POST", "/api/v1/auth/login", NULL,
                          "{\"username\": \"alice\", \"password\": \"" ALICE_PASSWORD "\"}", &r),
                     401);
    bson_destroy(&r.json);
    login_as(f, "alice", ALICE_NEW_PASSWORD, &other);
}

static void
cli_user_add_reads_stdin_and_applies_policy(void **state)
{
    fixture_t *f = *state;
    session_t s;
    reply_t r;

    /* alice was made by the fixture through stdin; a weak password is refused */
    assert_int_not_equal(user_add(f, "bob", "letmein123"), 0);
    assert_int_not_equal(user_add(f, "alice", "another-fine-pass-9"), 0); /* taken */
    assert_int_equal(user_add(f, "bob", "robert-long-pass-77"), 0);
    remember_secret("robert-long-pass-77");
    login_as(f, "bob", "robert-long-pass-77", &s);
    assert_int_equal(call(f, "GET", "/api/v1/auth/me", s.cookie, NULL, &r), 200);
    assert_string_equal(str_at(&r.json, "user.username"), "bob");
    bson_destroy(&r.json);
    /* the admin routes need users.manage, which bob does not hold */
    assert_int_equal(call(f, "GET", "/api/v1/admin/users", s.cookie, NULL, &r), 403);
    bson_destroy(&r.json);
}

static int
setup_tls(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    char cmd[1024];
    char dir[] = "/tmp/crm-tls-XXXXXX";

    if (!f || !mkdtemp(dir))
        return -1;
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey rsa:2048 -nodes -keyout %s/key.pem -out %s/cert.pem "
             "-days 1 -subj /CN=localhost >/dev/null 2>&1",
             dir, dir);
    if (system(cmd) != 0)
        return -1;
    /* the helper writes its own server group, so this test writes its configuration */
    snprintf(f->crmd.dir, sizeof f->crmd.dir, "%s", dir);
    *state = f;
    return 0;
}

static int
teardown_tls(void **state)
{
    fixture_t *f = *state;
    char cmd[600];

    snprintf(cmd, sizeof cmd, "rm -rf %s", f->crmd.dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

/* With TLS configured crmd serves HTTPS with HSTS, or, where civetweb cannot load OpenSSL,
 * refuses to start with a message saying so (never a plain-HTTP fallback). */
static void
tls_serves_https_with_hsts_and_no_plain_http(void **state)
{
    fixture_t *f = *state;
    const char *build = getenv("CRM_TEST_BUILD_DIR");
    char cfg[512], cmd[4096], out[512];
    FILE *c;
    int rc;
    char *text;

    snprintf(cfg, sizeof cfg, "%s/crmd.cfg", f->crmd.dir);
    c = fopen(cfg, "w");
    assert_non_null(c);
    fprintf(c,
            "server = { listen = \"127.0.0.1:0\"; threads = 2; tls_certificate = "
            "\"%s/cert.pem\"; tls_key = \"%s/key.pem\"; };\n"
            "store = { driver = \"sqlite\"; path = \"%s/crm.db\"; };\n"
            "plugins = { dir = \"%s/plugins\"; enabled = []; };\n"
            "auth = { enabled = false; };\n",
            f->crmd.dir, f->crmd.dir, f->crmd.dir, build ? build : ".");
    fclose(c);
    snprintf(out, sizeof out, "%s/out.txt", f->crmd.dir);
    /* Start, read the bound port from the start message, ask over HTTPS and over plain HTTP. */
    snprintf(cmd, sizeof cmd,
             "%s/crmd serve -c %s 2>%s.log & pid=$!; port=; for i in $(seq 50); do "
             "port=$(sed -n 's/^crmd is serving on https:\\/\\/[^:]*:\\([0-9]*\\)\\/.*/\\1/p' "
             "%s.log); [ -n \"$port\" ] && break; sleep 0.1; done; "
             "echo \"port=$port\" >%s; "
             "curl -sk -D - -o /dev/null https://127.0.0.1:$port/healthz >>%s 2>&1; "
             "echo \"plain=$(curl -s -m 3 -o /dev/null -w %%{http_code} http://127.0.0.1:$port/healthz)\" "
             ">>%s 2>&1; kill $pid 2>/dev/null; wait $pid",
             build ? build : ".", cfg, out, out, out, out, out);
    rc = system(cmd);
    (void)rc;
    text = test_read_file(out, NULL);
    assert_non_null(text);
    assert_null(strstr(text, "port=\n"));
    assert_non_null(strstr(text, "HTTP/1.1 200"));
    assert_non_null(strstr(text, "Strict-Transport-Security: max-age=31536000"));
    /* The TLS port answers no plain HTTP request. */
    assert_null(strstr(text, "plain=200"));
    free(text);
}

/* Last: no password or token the suite used appears in any log or response body. */
static void
no_secret_in_logs_or_bodies(void **state)
{
    (void)state;
    assert_true(n_secrets >= 5);
    assert_true(seen_logs->len > 0);
    for (size_t i = 0; i < n_secrets; i++) {
        if (strstr(seen_logs->str, secrets[i]))
            fail_msg("secret %zu found in a crmd log", i);
        if (strstr(seen_bodies->str, secrets[i]))
            fail_msg("secret %zu found in a response body", i);
    }
    assert_null(strstr(seen_logs->str, "$argon2"));
    assert_null(strstr(seen_bodies->str, "$argon2"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(login_me_logout, setup, teardown),
        cmocka_unit_test_setup_teardown(cookie_flags_and_new_session_at_login, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_user_and_wrong_password_look_the_same, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(lockout_per_account, setup, teardown),
        cmocka_unit_test_setup_teardown(lockout_per_address, setup_address, teardown),
        cmocka_unit_test_setup_teardown(idle_session_expires, setup, teardown),
        cmocka_unit_test_setup_teardown(csrf_required_for_cookie_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(token_beyond_permissions_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(bearer_tokens_unknown_revoked_expired_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(password_change_and_policy_messages, setup, teardown),
        cmocka_unit_test_setup_teardown(cli_user_add_reads_stdin_and_applies_policy, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(tls_serves_https_with_hsts_and_no_plain_http, setup_tls,
                                        teardown_tls),
        cmocka_unit_test(no_secret_in_logs_or_bodies),
    };
    int rc;

    seen_bodies = bson_string_new(NULL);
    seen_logs = bson_string_new(NULL);
    remember_secret(ALICE_PASSWORD);
    remember_secret(ALICE_NEW_PASSWORD);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    for (size_t i = 0; i < n_secrets; i++)
        free(secrets[i]);
    bson_string_free(seen_bodies, true);
    bson_string_free(seen_logs, true);
    return rc;
}
