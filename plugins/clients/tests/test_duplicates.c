/* Duplicate clients and their merge: names compared without case, diacritics or word order;
 * each kind of duplicate found on demand and by the nightly job, and nothing else; a merge that
 * re-points the records of this plugin and of another one, recorded so that its undo puts back
 * every value and every reference; who may merge; and refusals that leave the store as it was.
 * Run with the clients plugin and the loans fixture: test_clients_duplicates CLIENTS LOANS. */
#include "support.h"

#include "duplicates-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *loans_plugin;

#define PESEL_1985 "85031412347" /* born 1985-03-14 */
#define PESEL_1985_OTHER "85031456787"

/* --- matching, without a core --- */

static void
name_keys_ignore_case_diacritics_punctuation_and_word_order(void **state)
{
    char a[CLIENTS_DUP_NAME_MAX], b[CLIENTS_DUP_NAME_MAX];

    (void)state;
    assert_int_equal(clients_dup_name_key("Łukasz", "KOWALSKI-Nowak", a, sizeof a), 21);
    assert_string_equal(a, "kowalski lukasz nowak");
    clients_dup_name_key("lukasz", "Nowak  Kowalski", b, sizeof b);
    assert_string_equal(a, b);
    clients_dup_name_key("Zoë", "O'Brien", a, sizeof a);
    assert_string_equal(a, "obrien zoe");
    clients_dup_name_key("Jürgen", "Groß", a, sizeof a);
    assert_string_equal(a, "gross jurgen");
    clients_dup_name_key("ОЛЕНА", "Шевченко", a, sizeof a);
    clients_dup_name_key("олена", "ШЕВЧЕНКО", b, sizeof b);
    assert_string_equal(a, b);
    assert_int_equal(clients_dup_name_key(NULL, " - ", a, sizeof a), 0);
}

static void
similar_names_are_a_typo_apart_and_short_names_must_be_equal(void **state)
{
    bool exact;

    (void)state;
    assert_int_equal(clients_dup_distance("kitten", "sitting", 5), 3);
    assert_int_equal(clients_dup_distance("kitten", "sitting", 2), 3);
    assert_int_equal(clients_dup_distance("łza", "lza", 2), 1);
    assert_true(clients_dup_names_similar("jan kowalski", "jan kowalsky", &exact));
    assert_false(exact);
    assert_true(clients_dup_names_similar("jan kowalski", "jan kowalski", &exact));
    assert_true(exact);
    assert_false(clients_dup_names_similar("jan kowalski", "adam kowalski", &exact));
    assert_false(clients_dup_names_similar("jan kowalski", "jan kowalsky x", &exact));
    /* Longer names allow two edits. */
    assert_true(clients_dup_names_similar("katarzyna brzeczyszczykiewicz",
                                          "katarzyna brzeczyszczykiwicz", &exact));
    assert_false(clients_dup_names_similar("ewa", "eva", &exact));
}

static void
keys_of(const char *json, clients_dup_keys_t *keys)
{
    bson_error_t err;
    bson_t *doc = bson_new_from_json((const uint8_t *)json, -1, &err);

    assert_non_null(doc);
    assert_true(clients_dup_keys_read(doc, keys));
    bson_destroy(doc);
}

static void
a_pair_has_its_reasons_unless_the_records_say_they_are_different(void **state)
{
    clients_dup_keys_t base, same_id, other_id, company, merged;

    (void)state;
    keys_of("{\"id\":\"aaaaaaaaaaaaaaaaaaaaaaa1\",\"kind\":\"individual\",\"first_name\":\"Jan\","
            "\"last_name\":\"Kowalski\",\"national_id\":\"" PESEL_1985 "\",\"birth_date\":"
            "\"1985-03-14\",\"phones\":[\"+48600100200\"],\"emails\":[\"jan@k.pl\"]}",
            &base);
    keys_of("{\"id\":\"aaaaaaaaaaaaaaaaaaaaaaa2\",\"kind\":\"individual\",\"first_name\":\"JAN\","
            "\"last_name\":\"Kowalsky\",\"national_id\":\"" PESEL_1985 "\",\"birth_date\":"
            "\"1985-03-14\",\"phones\":[\"+48600100200\"]}",
            &same_id);
    keys_of("{\"id\":\"aaaaaaaaaaaaaaaaaaaaaaa3\",\"kind\":\"individual\",\"last_name\":\"Lis\","
            "\"national_id\":\"" PESEL_1985_OTHER "\",\"emails\":[\"jan@k.pl\"]}",
            &other_id);
    keys_of("{\"id\":\"aaaaaaaaaaaaaaaaaaaaaaa4\",\"kind\":\"organisation\",\"company_name\":\"K\","
            "\"phones\":[\"+48600100200\"]}",
            &company);
    keys_of("{\"id\":\"aaaaaaaaaaaaaaaaaaaaaaa5\",\"kind\":\"individual\",\"last_name\":\"K\","
            "\"emails\":[\"jan@k.pl\"],\"merged_into\":\"aaaaaaaaaaaaaaaaaaaaaaa1\"}",
            &merged);
    assert_int_equal(clients_dup_compare(&base, &same_id),
                     CLIENTS_DUP_NATIONAL_ID | CLIENTS_DUP_PHONE | CLIENTS_DUP_SIMILAR_NAME_BIRTH);
    assert_int_equal(clients_dup_compare(&same_id, &base), clients_dup_compare(&base, &same_id));
    /* Two different national ids are two people, whatever else they share. */
    assert_int_equal(clients_dup_compare(&base, &other_id), 0);
    assert_int_equal(clients_dup_compare(&base, &company), 0);
    assert_int_equal(clients_dup_compare(&base, &merged), 0);
    assert_int_equal(clients_dup_compare(&base, &base), 0);
    assert_int_equal(clients_dup_score(CLIENTS_DUP_NATIONAL_ID), 95);
    assert_int_equal(clients_dup_score(CLIENTS_DUP_PHONE), 45);
    assert_int_equal(clients_dup_score(CLIENTS_DUP_PHONE | CLIENTS_DUP_EMAIL), 78);
    assert_int_equal(clients_dup_score(0), 0);
    clients_dup_keys_clear(&base);
    clients_dup_keys_clear(&same_id);
    clients_dup_keys_clear(&other_id);
    clients_dup_keys_clear(&company);
    clients_dup_keys_clear(&merged);
}

/* --- helpers for the tests through HTTP --- */

static int
start_core(void **state)
{
    crm_test_options_t options = {.size = sizeof options,
                                  .plugins = CRM_TEST_PLUGINS(clients_test_plugin, loans_plugin)};

    *state = crm_test_core_start(&options);
    return *state ? 0 : -1;
}

static int
stop_core(void **state)
{
    crm_test_core_stop(*state);
    return 0;
}

/* GETs PATH as S into R, asserting STATUS. */
static void
get(crm_test_session_t *s, const char *path, int status, crm_test_response_t *r)
{
    int got = crm_test_request(s, "GET", path, NULL, r);

    if (got != status)
        print_error("GET %s: %d %s\n", path, got, r->body ? r->body : "");
    assert_int_equal(got, status);
}

static void
get_record(crm_test_session_t *s, const char *entity, const char *id, crm_test_response_t *r)
{
    char path[128];

    snprintf(path, sizeof path, "/api/v1/%s/%s", entity, id);
    get(s, path, 200, r);
}

/* The string at KEY of the record ENTITY/ID, read as S, compared with WANT (NULL: absent). */
static void
assert_field(crm_test_session_t *s, const char *entity, const char *id, const char *key,
             const char *want)
{
    crm_test_response_t r = {0};
    const char *got;

    get_record(s, entity, id, &r);
    got = crm_test_json_string(&r, key);
    if (want) {
        if (!got || strcmp(got, want) != 0)
            print_error("%s/%s %s: %s, wanted %s\n", entity, id, key, got ? got : "(absent)",
                        want);
        assert_non_null(got);
        assert_string_equal(got, want);
    } else {
        assert_null(got);
    }
    crm_test_response_free(&r);
}

static int64_t
count_of(crm_test_session_t *s, const char *entity)
{
    crm_test_response_t r = {0};
    char path[96];
    int64_t n;

    snprintf(path, sizeof path, "/api/v1/%s?_count=true&limit=1", entity);
    get(s, path, 200, &r);
    n = crm_test_json_int(&r, "count", -1);
    crm_test_response_free(&r);
    return n;
}

/* The comma-joined reasons of the item about client OTHER in a duplicates answer, or NULL. */
static const char *
reasons_for(const crm_test_response_t *r, const char *other, char *buf, size_t cap)
{
    for (int i = 0, n = clients_test_count(r, "items"); i < n; i++) {
        char at[64];

        snprintf(at, sizeof at, "items.%d.client.id", i);
        if (strcmp(crm_test_json_string(r, at), other) != 0)
            continue;
        buf[0] = '\0';
        snprintf(at, sizeof at, "items.%d.reasons", i);
        for (int k = 0, m = clients_test_count(r, at); k < m; k++) {
            char key[80];

            snprintf(key, sizeof key, "items.%d.reasons.%d", i, k);
            snprintf(buf + strlen(buf), cap - strlen(buf), "%s%s", k ? "," : "",
                     crm_test_json_string(r, key));
        }
        return buf;
    }
    return NULL;
}

/* Starts the duplicates job as ADMIN and waits for it; R holds the finished run's record. */
static void
run_job(crm_test_session_t *admin, crm_test_response_t *r)
{
    const char *status = NULL;

    assert_int_equal(
        crm_test_request(admin, "POST", "/api/v1/jobs/clients_duplicates/run", NULL, r), 202);
    crm_test_response_free(r);
    for (int i = 0; i < 400; i++) {
        get(admin, "/api/v1/jobs/clients_duplicates/runs?limit=1", 200, r);
        status = crm_test_json_string(r, "items.0.status");
        if (status && strcmp(status, "running") != 0)
            break;
        crm_test_response_free(r);
        usleep(50000);
    }
    if (!status || strcmp(status, "ok") != 0)
        print_error("job run: %s\n", r->body);
    assert_string_equal(status, "ok");
}

/* True when the values at KEY of A and B are the same, byte for byte (or both absent). */
static bool
same_value(const bson_t *a, const bson_t *b, const char *key)
{
    bson_iter_t ia, ib;
    bool ha = bson_iter_init_find(&ia, a, key), hb = bson_iter_init_find(&ib, b, key);
    bson_t da = BSON_INITIALIZER, db = BSON_INITIALIZER;
    bool same;

    if (!ha || !hb)
        return ha == hb;
    bson_append_iter(&da, "v", 1, &ia);
    bson_append_iter(&db, "v", 1, &ib);
    same = da.len == db.len && memcmp(bson_get_data(&da), bson_get_data(&db), da.len) == 0;
    bson_destroy(&da);
    bson_destroy(&db);
    return same;
}

static int64_t
version_of(const bson_t *record)
{
    bson_iter_t it;

    assert_true(bson_iter_init_find(&it, record, "version"));
    return bson_iter_as_int64(&it);
}

/* Asserts that record AFTER has BEFORE's values, apart from what every write changes. */
static void
assert_same_record(const bson_t *before, const bson_t *after)
{
    static const char *const volatile_keys[] = {"version", "updated_at", "updated_by", NULL};
    const bson_t *sides[2] = {before, after};

    for (int s = 0; s < 2; s++) {
        bson_iter_t it;

        assert_true(bson_iter_init(&it, sides[s]));
        while (bson_iter_next(&it)) {
            const char *key = bson_iter_key(&it);
            bool skip = false;

            for (int i = 0; volatile_keys[i]; i++)
                skip = skip || strcmp(key, volatile_keys[i]) == 0;
            if (skip || same_value(before, after, key))
                continue;
            print_error("field %s differs\n", key);
            fail();
        }
    }
}

/* POSTs a merge of DROP into KEEP (no choices) as S; copies the merge's id into MERGE (may be
 * NULL) and returns the status. */
static int
merge_clients(crm_test_session_t *s, const char *keep, const char *drop, char merge[25])
{
    crm_test_response_t r = {0};
    int status = clients_test_send(s, "POST", "/api/v1/clients/merge", &r,
                                   "{\"keep\":\"%s\",\"drop\":\"%s\"}", keep, drop);

    if (merge && status == 201)
        snprintf(merge, 25, "%s", crm_test_json_string(&r, "merge.id"));
    crm_test_response_free(&r);
    return status;
}

/* --- detection --- */

typedef struct {
    char base[25], same_id[25], same_phone[25], same_email[25], similar_name[25], same_name[25];
    char other_birth[25], other_pesel[25], company[25];
} family_t;

/* Jan Kowalski, a duplicate of him by each reason, and three look-alikes that are not. */
static void
make_family(crm_test_session_t *s, family_t *f)
{
    clients_test_create(s, "client", f->base,
                        "{\"kind\":\"individual\",\"first_name\":\"Jan\",\"last_name\":\"Kowalski\","
                        "\"national_id\":\"" PESEL_1985 "\",\"phones\":[\"+48 600 100 200\"],"
                        "\"emails\":[\"jan.k@example.com\"]}");
    clients_test_create(s, "client", f->same_id,
                        "{\"kind\":\"individual\",\"first_name\":\"Janusz\",\"last_name\":\"Kowal\","
                        "\"national_id\":\"" PESEL_1985 "\"}");
    clients_test_create(s, "client", f->same_phone,
                        "{\"kind\":\"individual\",\"first_name\":\"Ewa\",\"last_name\":\"Nowak\","
                        "\"phones\":[\"600-100-200\"]}");
    clients_test_create(s, "client", f->same_email,
                        "{\"kind\":\"individual\",\"first_name\":\"Adam\",\"last_name\":\"Lis\","
                        "\"emails\":[\"JAN.K@Example.com\"]}");
    clients_test_create(s, "client", f->similar_name,
                        "{\"kind\":\"individual\",\"first_name\":\"Jan\",\"last_name\":\"Kowalsky\","
                        "\"birth_date\":\"1985-03-14\"}");
    clients_test_create(s, "client", f->same_name,
                        "{\"kind\":\"individual\",\"first_name\":\"KOWALSKI\",\"last_name\":\"Ján\","
                        "\"birth_date\":\"1985-03-14\"}");
    clients_test_create(s, "client", f->other_birth,
                        "{\"kind\":\"individual\",\"first_name\":\"Jan\",\"last_name\":\"Kowalski\","
                        "\"birth_date\":\"1990-07-01\"}");
    clients_test_create(s, "client", f->other_pesel,
                        "{\"kind\":\"individual\",\"first_name\":\"Piotr\",\"last_name\":\"Kowalski\","
                        "\"national_id\":\"" PESEL_1985_OTHER "\",\"emails\":[\"jan.k@example.com\"]}");
    clients_test_create(s, "client", f->company,
                        "{\"kind\":\"organisation\",\"company_name\":\"Kowalski Sp. z o.o.\","
                        "\"phones\":[\"+48600100200\"]}");
}

static void
each_kind_of_duplicate_is_found_on_demand_and_look_alikes_are_not(void **state)
{
    clients_test_bank_t bank;
    crm_test_response_t r = {0};
    family_t f;
    char path[96], buf[160];

    clients_test_bank(*state, &bank);
    make_family(bank.admin, &f);
    snprintf(path, sizeof path, "/api/v1/clients/%s/duplicates", f.base);
    get(bank.admin, path, 200, &r);
    assert_int_equal(clients_test_count(&r, "items"), 5);
    assert_string_equal(reasons_for(&r, f.same_id, buf, sizeof buf), "national_id");
    assert_string_equal(reasons_for(&r, f.same_phone, buf, sizeof buf), "phone");
    assert_string_equal(reasons_for(&r, f.same_email, buf, sizeof buf), "email");
    assert_string_equal(reasons_for(&r, f.similar_name, buf, sizeof buf),
                        "similar_name_birth_date");
    assert_string_equal(reasons_for(&r, f.same_name, buf, sizeof buf), "name_birth_date");
    assert_null(reasons_for(&r, f.other_birth, buf, sizeof buf));
    assert_null(reasons_for(&r, f.other_pesel, buf, sizeof buf));
    assert_null(reasons_for(&r, f.company, buf, sizeof buf));
    /* The strongest first. */
    assert_string_equal(crm_test_json_string(&r, "items.0.client.id"), f.same_id);
    assert_int_equal(crm_test_json_int(&r, "items.0.score", -1), 95);
    crm_test_response_free(&r);

    /* Unknown parameters are refused. */
    snprintf(path, sizeof path, "/api/v1/clients/%s/duplicates?limit=5", f.base);
    get(bank.admin, path, 400, &r);
    crm_test_response_free(&r);
}

static void
an_advisor_sees_duplicates_only_among_the_clients_in_scope(void **state)
{
    clients_test_bank_t bank;
    crm_test_response_t r = {0};
    char admins[25], annas[25], annas_other[25], path[96];

    clients_test_bank(*state, &bank);
    clients_test_create(bank.admin, "client", admins,
                        "{\"kind\":\"individual\",\"last_name\":\"Nowak\",\"phones\":[\"600100200\"]}");
    clients_test_create(bank.anna, "client", annas,
                        "{\"kind\":\"individual\",\"last_name\":\"Nowak\",\"phones\":[\"600100200\"]}");
    clients_test_create(bank.anna, "client", annas_other,
                        "{\"kind\":\"individual\",\"last_name\":\"Nowakowa\","
                        "\"phones\":[\"+48600100200\"]}");
    snprintf(path, sizeof path, "/api/v1/clients/%s/duplicates", annas);
    get(bank.anna, path, 200, &r);
    assert_int_equal(clients_test_count(&r, "items"), 1);
    assert_string_equal(crm_test_json_string(&r, "items.0.client.id"), annas_other);
    crm_test_response_free(&r);
    snprintf(path, sizeof path, "/api/v1/clients/%s/duplicates", admins);
    get(bank.anna, path, 404, &r);
    crm_test_response_free(&r);
    get(bank.admin, path, 200, &r);
    assert_int_equal(clients_test_count(&r, "items"), 2);
    crm_test_response_free(&r);
}

static void
the_job_stores_candidates_and_keeps_what_people_decided(void **state)
{
    clients_test_bank_t bank;
    crm_test_response_t r = {0};
    char base[25], by_phone[25], by_email[25], other[25], path[128], cand[25];

    clients_test_bank(*state, &bank);
    clients_test_create(bank.anna, "client", base,
                        "{\"kind\":\"individual\",\"first_name\":\"Jan\",\"last_name\":\"Kowalski\","
                        "\"phones\":[\"600100200\"],\"emails\":[\"jan@k.pl\"]}");
    clients_test_create(bank.jan, "client", by_phone,
                        "{\"kind\":\"individual\",\"last_name\":\"Kowalski\","
                        "\"phones\":[\"+48 600 100 200\"]}");
    clients_test_create(bank.jan, "client", by_email,
                        "{\"kind\":\"individual\",\"last_name\":\"K\",\"emails\":[\"Jan@K.pl\"]}");
    clients_test_create(bank.anna, "client", other,
                        "{\"kind\":\"individual\",\"last_name\":\"Lis\",\"phones\":[\"601100200\"]}");

    run_job(bank.admin, &r);
    assert_int_equal(crm_test_json_int(&r, "items.0.counts.clients", -1), 4);
    assert_int_equal(crm_test_json_int(&r, "items.0.counts.created", -1), 2);
    crm_test_response_free(&r);

    /* The candidates are the entity's list, within scope: the branch's director sees them (they
     * belong to the older record's branch), an advisor of another branch does not. */
    get(bank.dorota, "/api/v1/duplicate_candidate", 200, &r);
    assert_int_equal(clients_test_count(&r, "items"), 2);
    crm_test_response_free(&r);
    get(bank.piotr, "/api/v1/duplicate_candidate", 200, &r);
    assert_int_equal(clients_test_count(&r, "items"), 0);
    crm_test_response_free(&r);
    snprintf(path, sizeof path,
             "/api/v1/duplicate_candidate?filter=%%7B%%22client_b%%22%%3A%%22%s%%22%%7D", by_phone);
    get(bank.admin, path, 200, &r);
    assert_int_equal(clients_test_count(&r, "items"), 1);
    assert_string_equal(clients_test_item(&r, "items", 0, "client_a"), base);
    assert_string_equal(clients_test_item(&r, "items", 0, "status"), "open");
    assert_string_equal(crm_test_json_string(&r, "items.0.reasons.0"), "phone");
    assert_int_equal(crm_test_json_int(&r, "items.0.score", -1), 45);
    snprintf(cand, sizeof cand, "%s", clients_test_item(&r, "items", 0, "id"));
    crm_test_response_free(&r);

    /* Nothing changed: nothing to write. */
    run_job(bank.admin, &r);
    assert_int_equal(crm_test_json_int(&r, "items.0.counts.created", -1), 0);
    assert_int_equal(crm_test_json_int(&r, "items.0.counts.updated", -1), 0);
    assert_int_equal(crm_test_json_int(&r, "items.0.counts.removed", -1), 0);
    crm_test_response_free(&r);

    /* A dismissed pair stays dismissed; a pair whose e-mail changed is no longer one. */
    snprintf(path, sizeof path, "/api/v1/duplicate_candidate/%s", cand);
    assert_int_equal(clients_test_send(bank.dorota, "PATCH", path, &r,
                                       "{\"status\":\"dismissed\",\"notes\":\"father and son\"}"),
                     200);
    crm_test_response_free(&r);
    snprintf(path, sizeof path, "/api/v1/client/%s", by_email);
    assert_int_equal(
        clients_test_send(bank.jan, "PATCH", path, &r, "{\"emails\":[\"k@other.pl\"]}"), 200);
    crm_test_response_free(&r);
    run_job(bank.admin, &r);
    assert_int_equal(crm_test_json_int(&r, "items.0.counts.removed", -1), 1);
    assert_int_equal(crm_test_json_int(&r, "items.0.counts.created", -1), 0);
    crm_test_response_free(&r);
    assert_int_equal(count_of(bank.admin, "duplicate_candidate"), 1);
    assert_field(bank.admin, "duplicate_candidate", cand, "status", "dismissed");

    /* Candidates are found, not typed in; a pair is merged only by merging. */
    assert_int_equal(clients_test_send(bank.dorota, "POST", "/api/v1/duplicate_candidate", &r,
                                       "{\"status\":\"open\"}"),
                     422);
    crm_test_response_free(&r);
    snprintf(path, sizeof path, "/api/v1/duplicate_candidate/%s", cand);
    assert_int_equal(
        clients_test_send(bank.dorota, "PATCH", path, &r, "{\"status\":\"merged\"}"), 422);
    assert_non_null(crm_test_json_string(&r, "error.fields.status"));
    crm_test_response_free(&r);
}

/* --- merging --- */

typedef struct {
    char keep[25], drop[25], spouse[25];
    char call[25], task[25], account[25], relationship[25], loan[25], own_loan[25];
    bson_t keep_before, drop_before;
} merge_case_t;

/* Anna's client entered twice, with records of this plugin and of the loans plugin on the
 * second record, and the job's candidate for the pair. */
static void
make_merge_case(clients_test_bank_t *bank, merge_case_t *c)
{
    crm_test_response_t r = {0};

    clients_test_create(
        bank->anna, "client", c->keep,
        "{\"kind\":\"individual\",\"first_name\":\"Jan\",\"last_name\":\"Kowalski\","
        "\"national_id\":\"" PESEL_1985 "\",\"status\":\"active\",\"cbs_id\":\"C-1\","
        "\"phones\":[\"+48600100200\"],\"emails\":[\"jan@k.pl\"],"
        "\"addresses\":{\"home\":{\"street\":\"Długa 1\",\"city\":\"Kraków\"}},"
        "\"consents\":{\"email\":{\"granted\":true,\"date\":\"2026-01-05\"}}}");
    clients_test_create(
        bank->anna, "client", c->drop,
        "{\"kind\":\"individual\",\"first_name\":\"Janek\",\"last_name\":\"Kowalski\","
        "\"national_id\":\"" PESEL_1985 "\",\"cbs_id\":\"C-2\",\"occupation\":\"engineer\","
        "\"phones\":[\"+48 601 200 300\",\"+48600100200\"],\"emails\":[\"janek@k.pl\"],"
        "\"addresses\":{\"correspondence\":{\"city\":\"Gdańsk\"}},"
        "\"consents\":{\"email\":{\"granted\":false,\"date\":\"2026-01-05\"},"
        "\"sms\":{\"granted\":true,\"date\":\"2026-02-01\"}}}");
    clients_test_create(bank->anna, "client", c->spouse,
                        "{\"kind\":\"individual\",\"first_name\":\"Maria\",\"last_name\":\"Kowalska\"}");
    clients_test_create(bank->anna, "interaction", c->call,
                        "{\"kind\":\"call\",\"client_id\":\"%s\",\"subject\":\"Mortgage\"}", c->drop);
    clients_test_create(bank->anna, "task", c->task,
                        "{\"title\":\"Call back\",\"client_id\":\"%s\"}", c->drop);
    clients_test_create(bank->anna, "account", c->account,
                        "{\"number\":\"PL61109010140000071219812874\",\"client_id\":\"%s\"}",
                        c->drop);
    clients_test_create(bank->anna, "relationship", c->relationship,
                        "{\"kind\":\"family\",\"from_client_id\":\"%s\",\"to_client_id\":\"%s\","
                        "\"role\":\"spouse\"}",
                        c->drop, c->spouse);
    clients_test_create(bank->anna, "loan_application", c->loan,
                        "{\"title\":\"Mortgage\",\"applicant_id\":\"%s\","
                        "\"co_applicant_ids\":[\"%s\",\"%s\"]}",
                        c->drop, c->spouse, c->drop);
    clients_test_create(bank->anna, "loan_application", c->own_loan,
                        "{\"title\":\"Car\",\"applicant_id\":\"%s\"}", c->keep);
    run_job(bank->admin, &r);
    assert_int_equal(crm_test_json_int(&r, "items.0.counts.created", -1), 1);
    crm_test_response_free(&r);

    get_record(bank->dorota, "client", c->keep, &r);
    bson_copy_to(&r.json, &c->keep_before);
    crm_test_response_free(&r);
    get_record(bank->dorota, "client", c->drop, &r);
    bson_copy_to(&r.json, &c->drop_before);
    crm_test_response_free(&r);
}

static void
free_merge_case(merge_case_t *c)
{
    bson_destroy(&c->keep_before);
    bson_destroy(&c->drop_before);
}

/* Where every record of the case points: to WHO (the kept or the dropped client). */
static void
assert_references(crm_test_session_t *s, const merge_case_t *c, const char *who)
{
    assert_field(s, "interaction", c->call, "client_id", who);
    assert_field(s, "task", c->task, "client_id", who);
    assert_field(s, "account", c->account, "client_id", who);
    assert_field(s, "relationship", c->relationship, "from_client_id", who);
    assert_field(s, "relationship", c->relationship, "to_client_id", c->spouse);
    assert_field(s, "loan_application", c->loan, "applicant_id", who);
    assert_field(s, "loan_application", c->loan, "co_applicant_ids.0", c->spouse);
    assert_field(s, "loan_application", c->loan, "co_applicant_ids.1", who);
    assert_field(s, "loan_application", c->own_loan, "applicant_id", c->keep);
}

static void
the_preview_shows_both_records_field_by_field_and_the_merged_client(void **state)
{
    clients_test_bank_t bank;
    crm_test_response_t r = {0};
    merge_case_t c;
    char path[128];

    clients_test_bank(*state, &bank);
    make_merge_case(&bank, &c);
    snprintf(path, sizeof path, "/api/v1/clients/merge-preview?keep=%s&drop=%s", c.keep, c.drop);
    get(bank.dorota, path, 200, &r);
    assert_string_equal(crm_test_json_string(&r, "keep.id"), c.keep);
    assert_string_equal(crm_test_json_string(&r, "drop.id"), c.drop);
    for (int i = 0, n = clients_test_count(&r, "fields"); i < n; i++) {
        const char *field = clients_test_item(&r, "fields", i, "field");
        char at[64];

        snprintf(at, sizeof at, "fields.%d.same", i);
        if (strcmp(field, "first_name") == 0) {
            assert_string_equal(clients_test_item(&r, "fields", i, "keep"), "Jan");
            assert_string_equal(clients_test_item(&r, "fields", i, "drop"), "Janek");
            assert_false(clients_test_bool(&r, at));
            assert_string_equal(clients_test_item(&r, "fields", i, "choice"), "keep");
            assert_string_equal(clients_test_item(&r, "fields", i, "merged"), "Jan");
        } else if (strcmp(field, "last_name") == 0) {
            assert_true(clients_test_bool(&r, at));
        } else if (strcmp(field, "phones") == 0) {
            assert_string_equal(clients_test_item(&r, "fields", i, "choice"), "both");
        }
        assert_true(strcmp(field, "display_name") != 0 && strcmp(field, "kind") != 0);
    }
    /* Lists and groups combine; the kept client's values stand, gaps are filled; a consent
     * withdrawn on the same day as the other was granted stays withdrawn. */
    assert_int_equal(clients_test_count(&r, "merged.phones"), 2);
    assert_string_equal(crm_test_json_string(&r, "merged.phones.1"), "+48601200300");
    assert_string_equal(crm_test_json_string(&r, "merged.emails.1"), "janek@k.pl");
    assert_string_equal(crm_test_json_string(&r, "merged.occupation"), "engineer");
    assert_string_equal(crm_test_json_string(&r, "merged.cbs_id"), "C-1");
    assert_string_equal(crm_test_json_string(&r, "merged.addresses.home.city"), "Kraków");
    assert_string_equal(crm_test_json_string(&r, "merged.addresses.correspondence.city"),
                        "Gdańsk");
    assert_false(clients_test_bool(&r, "merged.consents.email.granted"));
    assert_true(clients_test_bool(&r, "merged.consents.sms.granted"));
    crm_test_response_free(&r);
    /* A preview changes nothing. */
    assert_field(bank.dorota, "client", c.drop, "status", "potential");
    free_merge_case(&c);
}

static void
a_merge_repoints_every_plugins_records_and_its_undo_restores_everything(void **state)
{
    clients_test_bank_t bank;
    crm_test_response_t r = {0};
    merge_case_t c;
    char path[128], merge[25], cand[25];

    clients_test_bank(*state, &bank);
    make_merge_case(&bank, &c);
    assert_int_equal(clients_test_send(bank.dorota, "POST", "/api/v1/clients/merge", &r,
                                       "{\"keep\":\"%s\",\"drop\":\"%s\",\"fields\":{"
                                       "\"first_name\":\"drop\",\"cbs_id\":\"drop\"}}",
                                       c.keep, c.drop),
                     201);
    snprintf(merge, sizeof merge, "%s", crm_test_json_string(&r, "merge.id"));
    assert_string_equal(crm_test_json_string(&r, "merge.keep"), c.keep);
    assert_string_equal(crm_test_json_string(&r, "merge.drop"), c.drop);
    assert_string_equal(crm_test_json_string(&r, "merge.merged_by"),
                        crm_test_user_id(bank.dorota));
    assert_string_equal(crm_test_json_string(&r, "merge.moved.loan_application.0"), c.loan);
    assert_string_equal(crm_test_json_string(&r, "merge.moved.interaction.0"), c.call);
    assert_string_equal(crm_test_json_string(&r, "merge.keep_before.first_name"), "Jan");
    assert_string_equal(crm_test_json_string(&r, "merge.drop_before.first_name"), "Janek");
    /* The kept client with the chosen values. */
    assert_string_equal(crm_test_json_string(&r, "client.first_name"), "Janek");
    assert_string_equal(crm_test_json_string(&r, "client.display_name"), "Janek Kowalski");
    assert_string_equal(crm_test_json_string(&r, "client.cbs_id"), "C-2");
    assert_string_equal(crm_test_json_string(&r, "client.occupation"), "engineer");
    assert_int_equal(clients_test_count(&r, "client.phones"), 2);
    assert_string_equal(crm_test_json_string(&r, "client.consents.email.date"), "2026-01-05");
    assert_false(clients_test_bool(&r, "client.consents.email.granted"));
    crm_test_response_free(&r);

    /* The dropped client is kept, former, pointing at the kept one; its core banking id moved. */
    assert_field(bank.dorota, "client", c.drop, "status", "former");
    assert_field(bank.dorota, "client", c.drop, "merged_into", c.keep);
    assert_field(bank.dorota, "client", c.drop, "cbs_id", NULL);
    assert_references(bank.dorota, &c, c.keep);
    /* The re-pointing is audited as the director's update. */
    snprintf(path, sizeof path, "/api/v1/audit?entity=loan_application&record_id=%s", c.loan);
    get(bank.admin, path, 200, &r);
    assert_string_equal(crm_test_json_string(&r, "items.0.action"), "update");
    assert_string_equal(crm_test_json_string(&r, "items.0.actor"), crm_test_user_id(bank.dorota));
    crm_test_response_free(&r);
    /* The pair's candidate is merged, naming both clients still. */
    get(bank.admin, "/api/v1/duplicate_candidate", 200, &r);
    assert_int_equal(clients_test_count(&r, "items"), 1);
    snprintf(cand, sizeof cand, "%s", clients_test_item(&r, "items", 0, "id"));
    assert_string_equal(clients_test_item(&r, "items", 0, "status"), "merged");
    assert_string_equal(clients_test_item(&r, "items", 0, "merge_id"), merge);
    assert_true(strcmp(clients_test_item(&r, "items", 0, "client_a"), c.keep) == 0 ||
                strcmp(clients_test_item(&r, "items", 0, "client_b"), c.keep) == 0);
    assert_true(strcmp(clients_test_item(&r, "items", 0, "client_a"), c.drop) == 0 ||
                strcmp(clients_test_item(&r, "items", 0, "client_b"), c.drop) == 0);
    crm_test_response_free(&r);
    /* A merged client has no duplicates of its own any more, and the job leaves the pair. */
    snprintf(path, sizeof path, "/api/v1/clients/%s/duplicates", c.drop);
    get(bank.dorota, path, 200, &r);
    assert_string_equal(crm_test_json_string(&r, "merged_into"), c.keep);
    assert_int_equal(clients_test_count(&r, "items"), 0);
    crm_test_response_free(&r);
    run_job(bank.admin, &r);
    crm_test_response_free(&r);
    assert_field(bank.admin, "duplicate_candidate", cand, "status", "merged");

    /* Undo: both records as they were, the moved records back, the pair open again. */
    snprintf(path, sizeof path, "/api/v1/clients/merge/%s/undo", merge);
    assert_int_equal(crm_test_request(bank.dorota, "POST", path, NULL, &r), 200);
    assert_string_equal(crm_test_json_string(&r, "merge.status"), "undone");
    assert_string_equal(crm_test_json_string(&r, "merge.moved_back.loan_application.0"), c.loan);
    crm_test_response_free(&r);
    get_record(bank.dorota, "client", c.keep, &r);
    assert_same_record(&c.keep_before, &r.json);
    crm_test_response_free(&r);
    get_record(bank.dorota, "client", c.drop, &r);
    assert_same_record(&c.drop_before, &r.json);
    crm_test_response_free(&r);
    assert_references(bank.dorota, &c, c.drop);
    assert_field(bank.admin, "duplicate_candidate", cand, "status", "open");
    assert_field(bank.admin, "duplicate_candidate", cand, "merge_id", NULL);

    /* Once only. */
    assert_int_equal(crm_test_request(bank.dorota, "POST", path, NULL, &r), 409);
    assert_non_null(strstr(crm_test_json_string(&r, "error.message"), "already undone"));
    crm_test_response_free(&r);
    free_merge_case(&c);
}

static void
only_those_who_may_merge_both_clients_can_merge_or_undo(void **state)
{
    clients_test_bank_t bank;
    crm_test_response_t r = {0};
    crm_test_session_t *bartek;
    merge_case_t c;
    char piotrs[25], path[128], merge[25];

    clients_test_bank(*state, &bank);
    bartek = crm_test_user(*state, "bartek", "branch_director", bank.branch_b);
    assert_non_null(bartek);
    make_merge_case(&bank, &c);
    clients_test_create(bank.piotr, "client", piotrs,
                        "{\"kind\":\"individual\",\"first_name\":\"Jan\",\"last_name\":\"Kowalski\","
                        "\"national_id\":\"" PESEL_1985 "\"}");

    /* An advisor may not merge, even their own clients. */
    snprintf(path, sizeof path, "/api/v1/clients/merge-preview?keep=%s&drop=%s", c.keep, c.drop);
    get(bank.anna, path, 403, &r);
    crm_test_response_free(&r);
    assert_int_equal(merge_clients(bank.anna, c.keep, c.drop, NULL), 403);
    /* A director: not a client of another branch, whichever side it is on. */
    assert_int_equal(merge_clients(bank.dorota, c.keep, piotrs, NULL), 404);
    assert_int_equal(merge_clients(bartek, piotrs, c.drop, NULL), 404);
    assert_int_equal(count_of(bank.admin, "client_merge"), 0);
    assert_field(bank.admin, "client", piotrs, "status", "potential");
    assert_references(bank.admin, &c, c.drop);

    /* Dorota merges her branch's pair; the other branch's director cannot undo it. */
    assert_int_equal(merge_clients(bank.dorota, c.keep, c.drop, merge), 201);
    snprintf(path, sizeof path, "/api/v1/clients/merge/%s/undo", merge);
    assert_int_equal(crm_test_request(bartek, "POST", path, NULL, &r), 404);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(bank.anna, "POST", path, NULL, &r), 403);
    crm_test_response_free(&r);
    assert_field(bank.admin, "client", c.drop, "merged_into", c.keep);
    free_merge_case(&c);
}

/* Sends a merge of BODY (printf-style) as S and asserts STATUS and, when not NULL, that the
 * error names FIELD or holds TEXT in its message. */
static void
refused(crm_test_session_t *s, int status, const char *field, const char *text, const char *fmt,
        ...) __attribute__((format(printf, 5, 6)));

static void
refused(crm_test_session_t *s, int status, const char *field, const char *text, const char *fmt,
        ...)
{
    crm_test_response_t r = {0};
    char *body = NULL;
    va_list ap;
    int got;

    va_start(ap, fmt);
    assert_true(vasprintf(&body, fmt, ap) >= 0);
    va_end(ap);
    got = crm_test_request(s, "POST", "/api/v1/clients/merge", body, &r);
    if (got != status)
        print_error("merge %s: %d %s\n", body, got, r.body);
    assert_int_equal(got, status);
    if (field) {
        bson_iter_t it, fields;

        /* Read by key: the key of a choice ("fields.nickname") holds a dot. */
        if (!bson_iter_init_find(&it, &r.json, "error") || !bson_iter_recurse(&it, &fields) ||
            !bson_iter_find(&fields, "fields") || !bson_iter_recurse(&fields, &it) ||
            !bson_iter_find(&it, field))
            print_error("merge %s: %s, wanted a message for %s\n", body, r.body, field);
        assert_true(BSON_ITER_HOLDS_UTF8(&it) && strcmp(bson_iter_key(&it), field) == 0);
    }
    if (text)
        assert_non_null(strstr(crm_test_json_string(&r, "error.message"), text));
    free(body);
    crm_test_response_free(&r);
}

static void
bad_merges_and_undos_are_refused_and_change_nothing(void **state)
{
    clients_test_bank_t bank;
    crm_test_response_t r = {0};
    merge_case_t c;
    char company[25], other[25], path[128], merge[25];

    clients_test_bank(*state, &bank);
    make_merge_case(&bank, &c);
    clients_test_create(bank.anna, "client", company,
                        "{\"kind\":\"organisation\",\"company_name\":\"Kowalski Sp. z o.o.\"}");
    clients_test_create(bank.anna, "client", other,
                        "{\"kind\":\"individual\",\"last_name\":\"Kowalski\","
                        "\"birth_date\":\"1990-07-01\"}");

    refused(bank.dorota, 400, NULL, "into itself", "{\"keep\":\"%s\",\"drop\":\"%s\"}", c.keep,
            c.keep);
    refused(bank.dorota, 400, NULL, "required", "{\"keep\":\"%s\"}", c.keep);
    refused(bank.dorota, 400, NULL, "not understood",
            "{\"keep\":\"%s\",\"drop\":\"%s\",\"force\":true}", c.keep, c.drop);
    refused(bank.dorota, 400, NULL, NULL, "{\"keep\":\"%s\",\"drop\":\"nope\"}", c.keep);
    refused(bank.dorota, 404, NULL, NULL, "{\"keep\":\"%s\",\"drop\":\"0123456789abcdef01234567\"}",
            c.keep);
    refused(bank.dorota, 422, "fields.nickname", NULL,
            "{\"keep\":\"%s\",\"drop\":\"%s\",\"fields\":{\"nickname\":\"drop\"}}", c.keep,
            c.drop);
    refused(bank.dorota, 422, "fields.display_name", NULL,
            "{\"keep\":\"%s\",\"drop\":\"%s\",\"fields\":{\"display_name\":\"drop\"}}", c.keep,
            c.drop);
    refused(bank.dorota, 422, "fields.first_name", NULL,
            "{\"keep\":\"%s\",\"drop\":\"%s\",\"fields\":{\"first_name\":\"both\"}}", c.keep,
            c.drop);
    refused(bank.dorota, 422, "fields.kind", NULL,
            "{\"keep\":\"%s\",\"drop\":\"%s\",\"fields\":{\"kind\":\"drop\"}}", c.keep, c.drop);
    refused(bank.dorota, 409, NULL, "organisation", "{\"keep\":\"%s\",\"drop\":\"%s\"}", c.keep,
            company);
    /* A choice the client's own checks refuse (the PESEL's birth date with another birth
     * date) fails inside the merge's transaction: nothing of it stays. */
    refused(bank.dorota, 422, "birth_date", NULL,
            "{\"keep\":\"%s\",\"drop\":\"%s\",\"fields\":{\"birth_date\":\"drop\"}}", c.keep,
            other);
    assert_int_equal(count_of(bank.admin, "client_merge"), 0);
    get_record(bank.dorota, "client", c.drop, &r);
    assert_same_record(&c.drop_before, &r.json);
    assert_int_equal(version_of(&r.json), version_of(&c.drop_before));
    crm_test_response_free(&r);
    get_record(bank.dorota, "client", c.keep, &r);
    assert_int_equal(version_of(&r.json), version_of(&c.keep_before));
    crm_test_response_free(&r);
    assert_field(bank.dorota, "client", other, "status", "potential");
    assert_references(bank.dorota, &c, c.drop);

    /* A merged client cannot be merged again, on either side. */
    assert_int_equal(merge_clients(bank.dorota, c.keep, c.drop, merge), 201);
    refused(bank.dorota, 409, NULL, "already merged", "{\"keep\":\"%s\",\"drop\":\"%s\"}",
            other, c.drop);
    refused(bank.dorota, 409, NULL, "was merged into", "{\"keep\":\"%s\",\"drop\":\"%s\"}",
            c.drop, other);
    assert_int_equal(count_of(bank.admin, "client_merge"), 1);

    /* The kept client changed since: undo refuses unless forced. */
    snprintf(path, sizeof path, "/api/v1/client/%s", c.keep);
    assert_int_equal(clients_test_send(bank.anna, "PATCH", path, &r, "{\"occupation\":\"pilot\"}"),
                     200);
    crm_test_response_free(&r);
    snprintf(path, sizeof path, "/api/v1/clients/merge/%s/undo", merge);
    assert_int_equal(crm_test_request(bank.dorota, "POST", path, NULL, &r), 409);
    assert_non_null(strstr(crm_test_json_string(&r, "error.message"), "force=true"));
    crm_test_response_free(&r);
    assert_field(bank.dorota, "client", c.drop, "status", "former");
    snprintf(path, sizeof path, "/api/v1/clients/merge/%s/undo?force=yes", merge);
    assert_int_equal(crm_test_request(bank.dorota, "POST", path, NULL, &r), 400);
    crm_test_response_free(&r);
    snprintf(path, sizeof path, "/api/v1/clients/merge/%s/undo?force=true", merge);
    assert_int_equal(crm_test_request(bank.dorota, "POST", path, NULL, &r), 200);
    crm_test_response_free(&r);
    assert_references(bank.dorota, &c, c.drop);

    /* An undo of a merge followed by a later one into the same client waits for the later. */
    assert_int_equal(merge_clients(bank.dorota, c.keep, c.drop, merge), 201);
    assert_int_equal(merge_clients(bank.dorota, c.keep, c.spouse, NULL), 201);
    snprintf(path, sizeof path, "/api/v1/clients/merge/%s/undo?force=true", merge);
    assert_int_equal(crm_test_request(bank.dorota, "POST", path, NULL, &r), 409);
    assert_non_null(strstr(crm_test_json_string(&r, "error.message"), "later"));
    crm_test_response_free(&r);
    /* Records of merges are written by merging only. */
    assert_int_equal(
        clients_test_send(bank.admin, "POST", "/api/v1/client_merge", &r, "{}"), 422);
    crm_test_response_free(&r);
    free_merge_case(&c);
}

int
main(int argc, char **argv)
{
#define WITH_CORE(t) cmocka_unit_test_setup_teardown(t, start_core, stop_core)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(name_keys_ignore_case_diacritics_punctuation_and_word_order),
        cmocka_unit_test(similar_names_are_a_typo_apart_and_short_names_must_be_equal),
        cmocka_unit_test(a_pair_has_its_reasons_unless_the_records_say_they_are_different),
        WITH_CORE(each_kind_of_duplicate_is_found_on_demand_and_look_alikes_are_not),
        WITH_CORE(an_advisor_sees_duplicates_only_among_the_clients_in_scope),
        WITH_CORE(the_job_stores_candidates_and_keeps_what_people_decided),
        WITH_CORE(the_preview_shows_both_records_field_by_field_and_the_merged_client),
        WITH_CORE(a_merge_repoints_every_plugins_records_and_its_undo_restores_everything),
        WITH_CORE(only_those_who_may_merge_both_clients_can_merge_or_undo),
        WITH_CORE(bad_merges_and_undos_are_refused_and_change_nothing),
    };
#undef WITH_CORE

    if (argc < 3) {
        fprintf(stderr, "usage: %s CLIENTS_PLUGIN_FILE LOANS_FIXTURE_FILE\n", argv[0]);
        return 2;
    }
    clients_test_plugin = argv[1];
    loans_plugin = argv[2];
    return cmocka_run_group_tests_name("clients_duplicates", tests, NULL, NULL);
}
