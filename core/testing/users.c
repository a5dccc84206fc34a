/* Org units and users of a test core: created directly in the store as the system identity,
 * then each user logged in over HTTP like a browser would (session cookie and CSRF token). */
#include "testing/testing-private.h"
#include "testing/http-client-private.h"

#include "auth/users-private.h"
#include "authz/authz-impl-private.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints on stderr why FUNC failed for WHAT: ERROR's message and its per-field messages. */
static void
print_error(const char *func, const char *what, const crm_error_t *error)
{
    fprintf(stderr, "%s: %s: %s", func, what, error->message);
    for (int i = 0; i < error->n_fields && i < CRM_ERROR_MAX_FIELDS; i++)
        fprintf(stderr, "; %s %s", error->fields[i].field, error->fields[i].message);
    fputc('\n', stderr);
}

void
crm__test_password_generate(crm_test_core_t *core)
{
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
    unsigned char random[20];
    size_t n = 0;

    /* A symbol between every two letters: no user name ([a-z0-9._-]{3,}) can occur in it. */
    randombytes_buf(random, sizeof random);
    for (size_t i = 0; i < sizeof random; i++) {
        core->password[n++] = alphabet[random[i] % (sizeof alphabet - 1)];
        core->password[n++] = "#!%+"[i % 4];
    }
    core->password[n] = '\0';
    sodium_memzero(random, sizeof random);
}

/* Creates org unit NAME of KIND under PARENT (NULL: none) and copies its id into ID. */
static int
unit_create(const char *name, const char *kind, const char *parent, char id[25])
{
    bson_t in = BSON_INITIALIZER, out = BSON_INITIALIZER;
    crm_error_t error = {0};
    bson_iter_t it;
    int rc = -1;

    BSON_APPEND_UTF8(&in, "name", name);
    BSON_APPEND_UTF8(&in, "kind", kind);
    if (parent)
        BSON_APPEND_UTF8(&in, "parent_id", parent);
    if (crm__org_unit_create(crm_identity_system(), &in, &out, &error) != 0) {
        print_error("crm_test_org_unit", name, &error);
        goto done;
    }
    if (!bson_iter_init_find(&it, &out, "id") || !BSON_ITER_HOLDS_UTF8(&it)) {
        fprintf(stderr, "crm_test_org_unit: %s: no id in the result\n", name);
        goto done;
    }
    snprintf(id, 25, "%s", bson_iter_utf8(&it, NULL));
    rc = 0;
done:
    bson_destroy(&in);
    bson_destroy(&out);
    return rc;
}

int
crm__test_bank_create(crm_test_core_t *core)
{
    return unit_create("Bank", "bank", NULL, core->bank);
}

int
crm_test_org_unit(crm_test_core_t *core, const char *name, const char *kind, const char *parent,
                  char id[25])
{
    if (!core || !name || !kind || !id) {
        fprintf(stderr, "crm_test_org_unit: core, name, kind and id are required\n");
        return -1;
    }
    return unit_create(name, kind, parent, id);
}

/* Logs SESSION's user USERNAME in with the core's password, keeping the cookie and the CSRF
 * token. Returns 0 or -1. */
static int
login(crm_test_session_t *session, const char *username)
{
    crm_test_core_t *core = session->core;
    crm__test_http_response_t r = {0};
    bson_t json = BSON_INITIALIZER, body = BSON_INITIALIZER;
    char *text = NULL, cookie[sizeof session->cookie];
    bson_iter_t it;
    int rc = -1;

    BSON_APPEND_UTF8(&body, "username", username);
    BSON_APPEND_UTF8(&body, "password", core->password);
    text = bson_as_relaxed_extended_json(&body, NULL);
    if (!text ||
        crm__test_http_request(core->port, "POST", "/api/v1/auth/login",
                               "Content-Type: application/json\r\n", text, strlen(text), &r) != 0)
        goto done;
    if (r.status != 200) {
        fprintf(stderr, "crm_test_user: login of %s: %d %s\n", username, r.status, r.body);
        goto done;
    }
    if (!crm__test_http_header(&r, "Set-Cookie", cookie, sizeof cookie) ||
        strncmp(cookie, "crm_session=", 12) != 0) {
        fprintf(stderr, "crm_test_user: login of %s: no session cookie\n", username);
        goto done;
    }
    snprintf(session->cookie, sizeof session->cookie, "%.*s", (int)strcspn(cookie, ";"), cookie);
    bson_destroy(&json);
    if (!crm__test_json_parse(r.body, r.body_len, &json)) {
        fprintf(stderr, "crm_test_user: login of %s: the response is not JSON\n", username);
        goto done;
    }
    if (!bson_iter_init_find(&it, &json, "csrf_token") || !BSON_ITER_HOLDS_UTF8(&it)) {
        fprintf(stderr, "crm_test_user: login of %s: no csrf_token\n", username);
        goto done;
    }
    snprintf(session->csrf, sizeof session->csrf, "%s", bson_iter_utf8(&it, NULL));
    rc = 0;
done:
    if (text)
        sodium_memzero(text, strlen(text));
    bson_free(text);
    bson_destroy(&body);
    bson_destroy(&json);
    crm__test_http_response_free(&r);
    return rc;
}

crm_test_session_t *
crm_test_user(crm_test_core_t *core, const char *username, const char *role, const char *unit)
{
    const char *roles[1] = {role};
    crm__user_input_t in = {0};
    crm_test_session_t *session = NULL;
    crm_error_t error = {0};
    bson_oid_t oid;

    if (!core || !username || !role) {
        fprintf(stderr, "crm_test_user: core, username and role are required\n");
        return NULL;
    }
    in.username = username;
    in.display_name = username;
    in.org_unit = unit ? unit : core->bank;
    in.roles = roles;
    in.n_roles = 1;
    if (crm__user_create(core->host->store, crm_identity_system(), &in, core->password, &oid,
                         &error) != 0) {
        print_error("crm_test_user", username, &error);
        return NULL;
    }
    session = calloc(1, sizeof *session);
    if (!session) {
        fprintf(stderr, "crm_test_user: out of memory\n");
        return NULL;
    }
    session->core = core;
    bson_oid_to_string(&oid, session->user_id);
    if (login(session, username) != 0) {
        free(session);
        return NULL;
    }
    session->next = core->sessions;
    core->sessions = session;
    return session;
}

const char *
crm_test_user_id(const crm_test_session_t *session)
{
    return session ? session->user_id : NULL;
}

void
crm__test_sessions_free(crm_test_core_t *core)
{
    while (core->sessions) {
        crm_test_session_t *next = core->sessions->next;
        free(core->sessions);
        core->sessions = next;
    }
}
