/* Who sees what, end to end: every built-in role × read, list, update, delete and export, on
 * records owned by the caller, by a colleague in the same unit, by a team below the unit, in a
 * sibling branch and elsewhere in the bank — over HTTP, as logged-in users, on a real crmd and
 * store. The expected outcome follows from conf/roles.cfg:
 *
 *   role               read      update    delete   export
 *   advisor            own       own       -        -
 *   branch_director    subtree   subtree   -        subtree
 *   regional_director  subtree   subtree   -        subtree   (placed on the region)
 *   board              all       -         -        all
 *   auditor            all       -         -        -
 *   collector          -         -         -        -         (prospects are not theirs)
 *   marketer           unit      -         -        -
 *   service_agent      -         -         -        -
 *   admin              all       all       all      all
 *   integration        all       all       -        -
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "crmd_process.h"
#include "admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#define PASSWORD "Matrix-Passphrase-2026!"

enum { OWN, COLLEAGUE, TEAM, SIBLING, ELSEWHERE, N_PLACES };
static const char *const place_names[] = {"own", "colleague", "team", "sibling", "elsewhere"};

/* What a scope lets a user at the branch (or, for the regional director, the region) reach. */
typedef enum { S_NONE, S_OWN, S_UNIT, S_SUBTREE, S_ALL } scope_t;

static const struct role_case {
    const char *role;
    bool on_region; /* placed on region R1 instead of branch B1 */
    scope_t read, update, remove, export;
} cases[] = {
    {"advisor", false, S_OWN, S_OWN, S_NONE, S_NONE},
    {"branch_director", false, S_SUBTREE, S_SUBTREE, S_NONE, S_SUBTREE},
    {"regional_director", true, S_SUBTREE, S_SUBTREE, S_NONE, S_SUBTREE},
    {"board", false, S_ALL, S_NONE, S_NONE, S_ALL},
    {"auditor", false, S_ALL, S_NONE, S_NONE, S_NONE},
    {"collector", false, S_NONE, S_NONE, S_NONE, S_NONE},
    {"marketer", false, S_UNIT, S_NONE, S_NONE, S_NONE},
    {"service_agent", false, S_NONE, S_NONE, S_NONE, S_NONE},
    {"admin", false, S_ALL, S_ALL, S_ALL, S_ALL},
    {"integration", false, S_ALL, S_ALL, S_NONE, S_NONE},
};
#define N_CASES (sizeof cases / sizeof cases[0])

typedef struct world {
    test_crmd_t crmd;
    test_session_t admin;
    char bank[25], region1[25], region2[25], branch1[25], branch2[25], branch3[25], team1[25];
    char colleague[25], team_member[25], sibling_member[25], elsewhere_member[25];
} world_t;

static void
record(world_t *w, const char *label, const char *owner, const char *unit, char id[25])
{
    char body[256];

    snprintf(body, sizeof body, "{\"name\":\"%s\",\"owner_id\":\"%s\",\"org_unit\":\"%s\"}", label,
             owner, unit);
    test_create(&w->admin, "/api/v1/prospect", body, id);
}

static int
setup(void **state)
{
    world_t *w = calloc(1, sizeof *w);

    if (!w || test_start_with_admin(&w->crmd, "\"example\"", NULL, PASSWORD, &w->admin) != 0)
        return -1;
    *state = w;
    test_org_unit(&w->admin, "Bank", "bank", NULL, w->bank);
    test_org_unit(&w->admin, "North", "region", w->bank, w->region1);
    test_org_unit(&w->admin, "South", "region", w->bank, w->region2);
    test_org_unit(&w->admin, "Krakow", "branch", w->region1, w->branch1);
    test_org_unit(&w->admin, "Warsaw", "branch", w->region1, w->branch2);
    test_org_unit(&w->admin, "Lviv", "branch", w->region2, w->branch3);
    test_org_unit(&w->admin, "Krakow mortgages", "team", w->branch1, w->team1);
    test_user(&w->admin, "colleague", "advisor", w->branch1, PASSWORD, w->colleague);
    test_user(&w->admin, "teammember", "advisor", w->team1, PASSWORD, w->team_member);
    test_user(&w->admin, "siblingmember", "advisor", w->branch2, PASSWORD, w->sibling_member);
    test_user(&w->admin, "elsewheremember", "advisor", w->branch3, PASSWORD, w->elsewhere_member);
    return 0;
}


/* Whether a user whose scope is SCOPE reaches the record at PLACE. */
static bool
reaches(scope_t scope, int place, bool on_region)
{
    switch (scope) {
    case S_NONE:
        return false;
    case S_OWN:
        return place == OWN;
    case S_UNIT:
        return place == OWN || (!on_region && place == COLLEAGUE);
    case S_SUBTREE:
        return place == OWN || place == COLLEAGUE || place == TEAM ||
               (on_region && place == SIBLING);
    case S_ALL:
        return true;
    }
    return false;
}

/* The status expected from a single-record request: 403 without the permission at all, 404
 * for a record outside the scope (indistinguishable from one that does not exist). */
static int
expected(scope_t scope, int place, bool on_region, int ok)
{
    if (scope == S_NONE)
        return 403;
    return reaches(scope, place, on_region) ? ok : 404;
}

static void
every_role_sees_and_changes_exactly_its_scope(void **state)
{
    world_t *w = *state;

    for (size_t c = 0; c < N_CASES; c++) {
        const struct role_case *rc = &cases[c];
        const char *unit = rc->on_region ? w->region1 : w->branch1;
        char me[25], name[64], ids[N_PLACES][25], path[256];
        test_session_t s;
        test_http_response_t r;

        snprintf(name, sizeof name, "u_%s", rc->role);
        test_user(&w->admin, name, rc->role, unit, PASSWORD, me);
        assert_int_equal(test_login(w->crmd.port, name, PASSWORD, &s), 200);
        record(w, "own", me, unit, ids[OWN]);
        record(w, "colleague", w->colleague, w->branch1, ids[COLLEAGUE]);
        record(w, "team", w->team_member, w->team1, ids[TEAM]);
        record(w, "sibling", w->sibling_member, w->branch2, ids[SIBLING]);
        record(w, "elsewhere", w->elsewhere_member, w->branch3, ids[ELSEWHERE]);

        /* Reads: one by one, and in the list. */
        {
            bson_t list;
            char *text;
            int status = test_session_json(&s, "GET", "/api/v1/prospect?limit=500", NULL, &list);
            assert_int_equal(status, rc->read == S_NONE ? 403 : 200);
            text = bson_as_relaxed_extended_json(&list, NULL);
            for (int p = 0; p < N_PLACES; p++) {
                snprintf(path, sizeof path, "/api/v1/prospect/%s", ids[p]);
                status = test_session_request(&s, "GET", path, NULL, &r);
                test_http_response_free(&r);
                if (status != expected(rc->read, p, rc->on_region, 200))
                    fail_msg("%s read %s: got %d", rc->role, place_names[p], status);
                if ((strstr(text, ids[p]) != NULL) != reaches(rc->read, p, rc->on_region))
                    fail_msg("%s list %s: wrong presence", rc->role, place_names[p]);
            }
            bson_free(text);
            bson_destroy(&list);
            /* Full-text search within the scope, alone and with a filter. */
            for (int p = 0; rc->read != S_NONE && p < N_PLACES; p++) {
                for (int with_filter = 0; with_filter < 2; with_filter++) {
                    snprintf(path, sizeof path, "/api/v1/prospect?limit=500&q=%s%s",
                             place_names[p], with_filter ? "&filter=%7B%22score%22:null%7D" : "");
                    status = test_session_json(&s, "GET", path, NULL, &list);
                    if (status != 200)
                        fail_msg("%s search %s: got %d", rc->role, place_names[p], status);
                    text = bson_as_relaxed_extended_json(&list, NULL);
                    if ((strstr(text, ids[p]) != NULL) != reaches(rc->read, p, rc->on_region))
                        fail_msg("%s search %s: wrong presence", rc->role, place_names[p]);
                    bson_free(text);
                    bson_destroy(&list);
                }
            }
        }
        /* Export. */
        {
            int status = test_session_request(&s, "GET", "/api/v1/prospect/export.csv", NULL, &r);
            assert_int_equal(status, rc->export == S_NONE ? 403 : 200);
            for (int p = 0; status == 200 && p < N_PLACES; p++)
                if ((strstr(r.body, ids[p]) != NULL) != reaches(rc->export, p, rc->on_region))
                    fail_msg("%s export %s: wrong presence", rc->role, place_names[p]);
            test_http_response_free(&r);
        }
        /* Updates, then deletes. */
        for (int p = 0; p < N_PLACES; p++) {
            int status;
            snprintf(path, sizeof path, "/api/v1/prospect/%s", ids[p]);
            status = test_session_request(&s, "PATCH", path, "{\"score\":42}", &r);
            test_http_response_free(&r);
            if (status != expected(rc->update, p, rc->on_region, 200))
                fail_msg("%s update %s: got %d", rc->role, place_names[p], status);
        }
        for (int p = 0; p < N_PLACES; p++) {
            int status;
            snprintf(path, sizeof path, "/api/v1/prospect/%s", ids[p]);
            status = test_session_request(&s, "DELETE", path, NULL, &r);
            test_http_response_free(&r);
            if (status != expected(rc->remove, p, rc->on_region, 204))
                fail_msg("%s delete %s: got %d", rc->role, place_names[p], status);
        }
    }
}

static void
creating_sets_owner_and_unit_and_refuses_a_unit_outside_the_scope(void **state)
{
    world_t *w = *state;
    char me[25], body[256];
    test_session_t s;
    bson_t j;

    test_user(&w->admin, "creator", "advisor", w->branch1, PASSWORD, me);
    assert_int_equal(test_login(w->crmd.port, "creator", PASSWORD, &s), 200);
    assert_int_equal(test_session_json(&s, "POST", "/api/v1/prospect", "{\"name\":\"Mine\"}", &j),
                     201);
    assert_string_equal(test_str_at(&j, "owner_id"), me);
    assert_string_equal(test_str_at(&j, "org_unit"), w->branch1);
    bson_destroy(&j);
    /* An advisor creates for themselves only: not for another unit, nor another owner. */
    snprintf(body, sizeof body, "{\"name\":\"Theirs\",\"org_unit\":\"%s\"}", w->branch2);
    assert_int_equal(test_session_json(&s, "POST", "/api/v1/prospect", body, &j), 403);
    bson_destroy(&j);
    snprintf(body, sizeof body, "{\"name\":\"Theirs\",\"owner_id\":\"%s\"}", w->colleague);
    assert_int_equal(test_session_json(&s, "POST", "/api/v1/prospect", body, &j), 403);
    bson_destroy(&j);
}

static void
a_director_reassigns_within_the_branch_but_not_beyond(void **state)
{
    world_t *w = *state;
    char director[25], rec[25], path[128], body[256];
    test_session_t s;
    bson_t j;

    test_user(&w->admin, "reassigner", "branch_director", w->branch1, PASSWORD, director);
    record(w, "to reassign", w->colleague, w->branch1, rec);
    assert_int_equal(test_login(w->crmd.port, "reassigner", PASSWORD, &s), 200);
    snprintf(path, sizeof path, "/api/v1/prospect/%s", rec);
    snprintf(body, sizeof body, "{\"owner_id\":\"%s\",\"org_unit\":\"%s\"}", w->team_member,
             w->team1);
    assert_int_equal(test_session_json(&s, "PATCH", path, body, &j), 200);
    assert_string_equal(test_str_at(&j, "owner_id"), w->team_member);
    bson_destroy(&j);
    snprintf(body, sizeof body, "{\"org_unit\":\"%s\"}", w->branch2);
    assert_int_equal(test_session_json(&s, "PATCH", path, body, &j), 403);
    bson_destroy(&j);
}

/* A token request for NAME with PERMISSION, expiring in 30 days, into OUT. */
static const char *
token_request(char *out, size_t size, const char *name, const char *permission)
{
    time_t t = time(NULL) + 30 * 86400;
    struct tm tm;
    char when[32];

    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    snprintf(out, size, "{\"name\":\"%s\",\"expires_at\":\"%s\",\"permissions\":[\"%s\"]}", name,
             when, permission);
    return out;
}

/* Sends METHOD PATH with BODY as the holder of bearer TOKEN; returns the status. */
static int
bearer(world_t *w, const char *token, const char *method, const char *path, const char *ctype,
       const char *body)
{
    char headers[640];
    test_http_response_t r;
    int status;

    snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\nContent-Type: %s\r\n", token,
             ctype);
    assert_int_equal(
        test_http_request(w->crmd.port, method, path, headers, body, body ? strlen(body) : 0, &r),
        0);
    status = r.status;
    test_http_response_free(&r);
    return status;
}

static void
api_tokens_never_exceed_their_permissions_nor_their_creator(void **state)
{
    world_t *w = *state;
    char me[25], token[256], body[256], mine[25], path[128];
    test_session_t integ, adv;
    bson_t j;

    /* The nightly import's token: import only, although the integration role reads all. */
    test_user(&w->admin, "corebanking", "integration", w->bank, PASSWORD, me);
    assert_int_equal(test_login(w->crmd.port, "corebanking", PASSWORD, &integ), 200);
    assert_int_equal(test_session_json(&integ, "POST", "/api/v1/auth/tokens",
                                       token_request(body, sizeof body, "nightly", "prospect.import"),
                                       &j),
                     201);
    snprintf(token, sizeof token, "%s", test_str_at(&j, "token"));
    bson_destroy(&j);
    assert_int_equal(bearer(w, token, "POST", "/api/v1/prospect/import", "text/csv",
                            "external_id,name\nNIGHT-1,Nightly One\n"),
                     200);
    assert_int_equal(bearer(w, token, "GET", "/api/v1/prospect", "application/json", NULL), 403);

    /* An advisor's read token sees what the advisor sees, and no more; asking for more than
     * the advisor holds is refused at creation. */
    test_user(&w->admin, "tokenadvisor", "advisor", w->branch1, PASSWORD, me);
    record(w, "token advisor's", me, w->branch1, mine);
    assert_int_equal(test_login(w->crmd.port, "tokenadvisor", PASSWORD, &adv), 200);
    assert_int_equal(test_session_json(&adv, "POST", "/api/v1/auth/tokens",
                                       token_request(body, sizeof body, "too much", "prospect.delete"),
                                       &j),
                     422);
    bson_destroy(&j);
    assert_int_equal(test_session_json(&adv, "POST", "/api/v1/auth/tokens",
                                       token_request(body, sizeof body, "reader", "prospect.read"),
                                       &j),
                     201);
    snprintf(token, sizeof token, "%s", test_str_at(&j, "token"));
    bson_destroy(&j);
    snprintf(path, sizeof path, "/api/v1/prospect/%s", mine);
    assert_int_equal(bearer(w, token, "GET", path, "application/json", NULL), 200);
    snprintf(body, sizeof body, "{\"score\":1}");
    assert_int_equal(bearer(w, token, "PATCH", path, "application/json", body), 403);
    /* A colleague's record stays out of reach. */
    {
        char theirs[25];
        record(w, "colleague's", w->colleague, w->branch1, theirs);
        snprintf(path, sizeof path, "/api/v1/prospect/%s", theirs);
        assert_int_equal(bearer(w, token, "GET", path, "application/json", NULL), 404);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_role_sees_and_changes_exactly_its_scope),
        cmocka_unit_test(creating_sets_owner_and_unit_and_refuses_a_unit_outside_the_scope),
        cmocka_unit_test(a_director_reassigns_within_the_branch_but_not_beyond),
        cmocka_unit_test(api_tokens_never_exceed_their_permissions_nor_their_creator),
    };

    return cmocka_run_group_tests_name("scope_matrix", tests, setup, test_crmd_teardown);
}
