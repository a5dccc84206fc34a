/* Saved groups of records end to end: a real crmd with authentication and the example plugin
 * (entity prospect), users in a small org tree, over HTTP. Dynamic and static groups, their
 * members and export within each caller's own scope, sharing, the ids of a static group,
 * ownership, and field validation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "admin.h"
#include "crmd_process.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD "Groups-Passphrase-2026!"

/* Krakow: a branch director, two advisors, a collector (no prospect.read) and a marketer
 * (reads the unit, exports nothing); Lviv: an advisor. Each owns some prospects. */
typedef struct world {
    test_crmd_t crmd;
    test_session_t root, dir, anna, bart, cole, mara, carl;
    char bank[25], krakow[25], lviv[25];
    /* Krakow: affluent, in Krakow, named Nowak: ewa (anna), marek and zofia (bart), dorota
     * (dir). Near misses: jan (anna, Warsaw), olga (anna, not a Nowak), piotr (anna, mass).
     * Lviv: ivan (carl), who would match. */
    char ewa[25], jan[25], olga[25], piotr[25], marek[25], zofia[25], dorota[25], ivan[25];
} world_t;

/* The filter and q of "my affluent clients in Krakow named Nowak". */
#define AFFLUENT_KRAKOW "{\"segment\":\"affluent\",\"address.city\":\"Krakow\"}"
#define AFFLUENT_KRAKOW_JSON                                                                       \
    "{\\\"segment\\\":\\\"affluent\\\",\\\"address.city\\\":\\\"Krakow\\\"}"

static int64_t
int_at(const bson_t *doc, const char *path)
{
    bson_iter_t it;

    if (bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, path, &it) &&
        BSON_ITER_HOLDS_NUMBER(&it))
        return bson_iter_as_int64(&it);
    return -1;
}

/* S's request, which must answer STATUS; the JSON answer into OUT when not NULL. */
static void
expect(const test_session_t *s, const char *method, const char *path, const char *body, int status,
       bson_t *out)
{
    bson_t j;
    int got = test_session_json(s, method, path, body, &j);

    if (got != status) {
        char *text = bson_as_relaxed_extended_json(&j, NULL);
        fail_msg("%s %s %s: expected %d, got %d %s", method, path, body ? body : "", status, got,
                 text);
    }
    if (out)
        bson_copy_to(&j, out);
    bson_destroy(&j);
}

/* PATH?... with the query VALUE percent-encoded into BUF. */
static const char *
with_query(char *buf, size_t size, const char *path, const char *name, const char *value)
{
    size_t o = (size_t)snprintf(buf, size, "%s%s%s=", path, strchr(path, '?') ? "&" : "?", name);

    for (const unsigned char *p = (const unsigned char *)value; *p && o + 4 < size; p++)
        o += (size_t)snprintf(buf + o, size - o,
                              (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                                      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'
                                  ? "%c"
                                  : "%%%02X",
                              *p);
    return buf;
}

/* The "name" of each item of PAGE, in order, comma-separated into BUF. */
static const char *
names(const bson_t *page, char *buf, size_t size)
{
    bson_iter_t it, items;
    size_t o = 0;

    buf[0] = '\0';
    assert_true(bson_iter_init_find(&it, page, "items") && bson_iter_recurse(&it, &items));
    while (bson_iter_next(&items)) {
        bson_iter_t name;

        assert_true(bson_iter_recurse(&items, &name) && bson_iter_find(&name, "name"));
        o += (size_t)snprintf(buf + o, size - o, "%s%s", o ? "," : "", bson_iter_utf8(&name, NULL));
    }
    return buf;
}

/* The names of the members S sees of group ID (sorted by name, filtered by EXTRA if not NULL). */
static const char *
members(const test_session_t *s, const char *id, const char *extra, char *buf, size_t size)
{
    char path[600];
    bson_t page;

    snprintf(path, sizeof path, "/api/v1/groups/%s/members?sort=name&limit=500", id);
    if (extra) {
        char filtered[600];
        snprintf(filtered, sizeof filtered, "%s", path);
        with_query(path, sizeof path, filtered, "filter", extra);
    }
    expect(s, "GET", path, NULL, 200, &page);
    names(&page, buf, size);
    bson_destroy(&page);
    return buf;
}

/* The ids of the group S gets, comma-separated into BUF. */
static const char *
group_ids(const test_session_t *s, const char *id, char *buf, size_t size)
{
    char path[128];
    bson_t g;
    bson_iter_t it, ids;
    size_t o = 0;

    snprintf(path, sizeof path, "/api/v1/groups/%s", id);
    expect(s, "GET", path, NULL, 200, &g);
    buf[0] = '\0';
    assert_true(bson_iter_init_find(&it, &g, "ids") && bson_iter_recurse(&it, &ids));
    while (bson_iter_next(&ids))
        o += (size_t)snprintf(buf + o, size - o, "%s%s", o ? "," : "", bson_iter_utf8(&ids, NULL));
    bson_destroy(&g);
    return buf;
}

static void
prospect(world_t *w, const test_session_t *s, const char *name, const char *segment,
         const char *city, char id[25])
{
    char body[256];

    snprintf(body, sizeof body,
             "{\"name\":\"%s\",\"segment\":\"%s\",\"address\":{\"city\":\"%s\"}}", name, segment,
             city);
    test_create(s, "/api/v1/prospect", body, id);
    (void)w;
}

static int
setup(void **state)
{
    world_t *w = calloc(1, sizeof *w);

    if (!w || test_start_with_admin(&w->crmd, "\"example\"", NULL, PASSWORD, &w->root) != 0)
        return -1;
    *state = w;
    test_org_unit(&w->root, "Bank", "bank", NULL, w->bank);
    test_org_unit(&w->root, "Krakow", "branch", w->bank, w->krakow);
    test_org_unit(&w->root, "Lviv", "branch", w->bank, w->lviv);
    test_user_session(&w->root, "dir", "branch_director", w->krakow, PASSWORD, &w->dir);
    test_user_session(&w->root, "anna", "advisor", w->krakow, PASSWORD, &w->anna);
    test_user_session(&w->root, "bart", "advisor", w->krakow, PASSWORD, &w->bart);
    test_user_session(&w->root, "cole", "collector", w->krakow, PASSWORD, &w->cole);
    test_user_session(&w->root, "mara", "marketer", w->krakow, PASSWORD, &w->mara);
    test_user_session(&w->root, "carl", "advisor", w->lviv, PASSWORD, &w->carl);
    prospect(w, &w->anna, "Ewa Nowak", "affluent", "Krakow", w->ewa);
    prospect(w, &w->anna, "Jan Nowak", "affluent", "Warsaw", w->jan);
    prospect(w, &w->anna, "Olga Kowalska", "affluent", "Krakow", w->olga);
    prospect(w, &w->anna, "Piotr Nowak", "mass", "Krakow", w->piotr);
    prospect(w, &w->bart, "Marek Nowak", "affluent", "Krakow", w->marek);
    prospect(w, &w->bart, "Zofia Nowak", "affluent", "Krakow", w->zofia);
    prospect(w, &w->dir, "Dorota Nowak", "affluent", "Krakow", w->dorota);
    prospect(w, &w->carl, "Ivan Nowak", "affluent", "Krakow", w->ivan);
    return 0;
}


/* Creates, as S, a group of prospects named NAME with the kind's FIELDS, shared as SHARING
 * (JSON members; either may be ""). */
static void
create_group(const test_session_t *s, const char *name, const char *fields, const char *sharing,
             char id[25])
{
    char body[1024];

    snprintf(body, sizeof body, "{\"name\":\"%s\",\"entity\":\"prospect\"%s%s%s%s}", name,
             *fields ? "," : "", fields, *sharing ? "," : "", sharing);
    test_create(s, "/api/v1/groups", body, id);
}

/* A dynamic group of affluent Krakow Nowaks, sorted by name. */
static void
dynamic_group(const test_session_t *s, const char *sharing, char id[25])
{
    create_group(s, "Affluent in Krakow",
                 "\"kind\":\"dynamic\",\"filter\":\"" AFFLUENT_KRAKOW_JSON
                 "\",\"q\":\"nowak\",\"sort\":\"name\"",
                 sharing, id);
}

/* A static group of the records IDS (a comma-separated list of quoted ids). */
static void
static_group(const test_session_t *s, const char *ids, const char *sharing, char id[25])
{
    char fields[900];

    snprintf(fields, sizeof fields, "\"kind\":\"static\",\"ids\":[%s]", ids);
    create_group(s, "Calls this week", fields, sharing, id);
}

static void
a_dynamic_group_holds_what_its_filter_and_q_select(void **state)
{
    world_t *w = *state;
    char id[25], path[600], list[600], buf[512];
    bson_t g, page, listed;
    bson_iter_t a, b;

    dynamic_group(&w->dir, "", id);
    snprintf(path, sizeof path, "/api/v1/groups/%s", id);
    expect(&w->dir, "GET", path, NULL, 200, &g);
    assert_string_equal(test_str_at(&g, "entity"), "prospect");
    assert_string_equal(test_str_at(&g, "kind"), "dynamic");
    assert_string_equal(test_str_at(&g, "filter"), AFFLUENT_KRAKOW);
    assert_string_equal(test_str_at(&g, "q"), "nowak");
    assert_string_equal(test_str_at(&g, "shared_with"), "private");
    bson_destroy(&g);

    /* The director's branch: not Jan (Warsaw), Olga (not a Nowak), Piotr (mass), Ivan (Lviv). */
    snprintf(path, sizeof path, "/api/v1/groups/%s/members?_count=true", id);
    expect(&w->dir, "GET", path, NULL, 200, &page);
    assert_string_equal(names(&page, buf, sizeof buf),
                        "Dorota Nowak,Ewa Nowak,Marek Nowak,Zofia Nowak");
    assert_int_equal(int_at(&page, "count"), 4);
    assert_string_equal(test_str_at(&page, "sort"), "name");

    /* Exactly what the entity's own list answers the same caller for the same query. */
    with_query(list, sizeof list, "/api/v1/prospect?_count=true&sort=name&q=nowak", "filter",
               AFFLUENT_KRAKOW);
    expect(&w->dir, "GET", list, NULL, 200, &listed);
    assert_true(bson_iter_init_find(&a, &page, "items") &&
                bson_iter_init_find(&b, &listed, "items"));
    assert_int_equal(bson_iter_value(&a)->value.v_doc.data_len,
                     bson_iter_value(&b)->value.v_doc.data_len);
    assert_memory_equal(bson_iter_value(&a)->value.v_doc.data,
                        bson_iter_value(&b)->value.v_doc.data,
                        bson_iter_value(&b)->value.v_doc.data_len);
    assert_int_equal(int_at(&listed, "count"), 4);
    bson_destroy(&page);
    bson_destroy(&listed);

    /* A further filter narrows the group; it does not widen it. */
    assert_string_equal(members(&w->dir, id, "{\"name\":{\"$regex\":\"^Z\"}}", buf, sizeof buf),
                        "Zofia Nowak");
    assert_string_equal(members(&w->dir, id, "{\"segment\":\"mass\"}", buf, sizeof buf), "");
    /* A misspelt parameter is refused rather than ignored (it would answer the whole group),
     * and a group that searches takes no second search. */
    snprintf(path, sizeof path, "/api/v1/groups/%s/members?fitler=%%7B%%7D", id);
    expect(&w->dir, "GET", path, NULL, 400, NULL);
    snprintf(path, sizeof path, "/api/v1/groups/%s/export.csv?limit=5", id);
    expect(&w->dir, "GET", path, NULL, 400, NULL);
    snprintf(path, sizeof path, "/api/v1/groups/%s/members?q=ewa", id);
    expect(&w->dir, "GET", path, NULL, 400, NULL);

    /* A record that comes to match is a member at once. */
    snprintf(path, sizeof path, "/api/v1/prospect/%s", w->jan);
    expect(&w->anna, "PATCH", path, "{\"address\":{\"city\":\"Krakow\"}}", 200, NULL);
    assert_string_equal(members(&w->dir, id, NULL, buf, sizeof buf),
                        "Dorota Nowak,Ewa Nowak,Jan Nowak,Marek Nowak,Zofia Nowak");
    expect(&w->anna, "PATCH", path, "{\"address\":{\"city\":\"Warsaw\"}}", 200, NULL);

    /* The creation is in the audit trail. */
    snprintf(path, sizeof path, "/api/v1/audit?entity=saved_groups&record_id=%s", id);
    expect(&w->root, "GET", path, NULL, 200, &g);
    assert_string_equal(test_str_at(&g, "items.0.action"), "create");
    bson_destroy(&g);
}

static void
a_static_group_holds_exactly_its_records(void **state)
{
    world_t *w = *state;
    char id[25], empty[25], ids[256], path[600], buf[512];
    bson_t page;

    snprintf(ids, sizeof ids, "\"%s\",\"%s\",\"%s\",\"%s\"", w->dorota, w->olga, w->marek,
             w->piotr);
    static_group(&w->dir, ids, "", id);
    snprintf(ids, sizeof ids, "%s,%s,%s,%s", w->dorota, w->olga, w->marek, w->piotr);
    assert_string_equal(group_ids(&w->dir, id, buf, sizeof buf), ids);
    snprintf(path, sizeof path, "/api/v1/groups/%s/members?_count=true&sort=name", id);
    expect(&w->dir, "GET", path, NULL, 200, &page);
    assert_string_equal(names(&page, buf, sizeof buf),
                        "Dorota Nowak,Marek Nowak,Olga Kowalska,Piotr Nowak");
    assert_int_equal(int_at(&page, "count"), 4);
    bson_destroy(&page);
    /* filter and q narrow a static group too */
    assert_string_equal(members(&w->dir, id, "{\"segment\":\"mass\"}", buf, sizeof buf),
                        "Piotr Nowak");
    snprintf(path, sizeof path, "/api/v1/groups/%s/members?q=kowalska", id);
    expect(&w->dir, "GET", path, NULL, 200, &page);
    assert_string_equal(names(&page, buf, sizeof buf), "Olga Kowalska");
    bson_destroy(&page);

    /* An empty list is a group with no members. */
    create_group(&w->anna, "Later", "\"kind\":\"static\"", "", empty);
    snprintf(path, sizeof path, "/api/v1/groups/%s/members?_count=true", empty);
    expect(&w->anna, "GET", path, NULL, 200, &page);
    assert_int_equal(int_at(&page, "count"), 0);
    assert_string_equal(names(&page, buf, sizeof buf), "");
    bson_destroy(&page);
}

static void
members_page_with_a_cursor_as_the_list_does(void **state)
{
    world_t *w = *state;
    char id[25], dyn[25], ids[256], path[600], buf[512], all[512];
    bson_t page;

    snprintf(ids, sizeof ids, "\"%s\",\"%s\",\"%s\",\"%s\"", w->ewa, w->olga, w->marek, w->dorota);
    static_group(&w->dir, ids, "", id);
    snprintf(path, sizeof path, "/api/v1/groups/%s/members?limit=3&sort=-name&_count=true", id);
    expect(&w->dir, "GET", path, NULL, 200, &page);
    assert_string_equal(names(&page, buf, sizeof buf), "Olga Kowalska,Marek Nowak,Ewa Nowak");
    assert_int_equal(int_at(&page, "count"), 4);
    assert_int_equal(int_at(&page, "limit"), 3);
    assert_non_null(test_str_at(&page, "next_cursor"));
    snprintf(path, sizeof path, "/api/v1/groups/%s/members?limit=3&sort=-name&cursor=%s", id,
             test_str_at(&page, "next_cursor"));
    bson_destroy(&page);
    expect(&w->dir, "GET", path, NULL, 200, &page);
    assert_string_equal(names(&page, buf, sizeof buf), "Dorota Nowak");
    assert_null(test_str_at(&page, "next_cursor"));
    bson_destroy(&page);
    /* a cursor belongs to its sort, as in the list */
    snprintf(path, sizeof path, "/api/v1/groups/%s/members?limit=1&sort=name", id);
    expect(&w->dir, "GET", path, NULL, 200, &page);
    snprintf(path, sizeof path, "/api/v1/groups/%s/members?sort=-name&cursor=%s", id,
             test_str_at(&page, "next_cursor"));
    bson_destroy(&page);
    expect(&w->dir, "GET", path, NULL, 400, NULL);

    /* A dynamic group with q, paged one by one by an advisor (scope: own): every member once,
     * in the group's sort. */
    dynamic_group(&w->bart, "", dyn);
    all[0] = '\0';
    snprintf(path, sizeof path, "/api/v1/groups/%s/members?limit=1", dyn);
    for (int pages = 0; pages < 5; pages++) {
        expect(&w->bart, "GET", path, NULL, 200, &page);
        names(&page, buf, sizeof buf);
        if (*buf) {
            if (*all)
                strncat(all, ",", sizeof all - strlen(all) - 1);
            strncat(all, buf, sizeof all - strlen(all) - 1);
        }
        if (!test_str_at(&page, "next_cursor")) {
            bson_destroy(&page);
            break;
        }
        snprintf(path, sizeof path, "/api/v1/groups/%s/members?limit=1&cursor=%s", dyn,
                 test_str_at(&page, "next_cursor"));
        bson_destroy(&page);
    }
    assert_string_equal(all, "Marek Nowak,Zofia Nowak");
}

static void
sharing_a_group_never_shares_records(void **state)
{
    world_t *w = *state;
    char dyn[25], stat[25], ids[256], buf[512];

    /* The director's groups, shared with every advisor. */
    dynamic_group(&w->dir, "\"shared_with\":\"role\",\"role\":\"advisor\"", dyn);
    snprintf(ids, sizeof ids, "\"%s\",\"%s\",\"%s\",\"%s\"", w->ewa, w->olga, w->marek, w->dorota);
    static_group(&w->dir, ids, "\"shared_with\":\"role\",\"role\":\"advisor\"", stat);

    assert_string_equal(members(&w->dir, dyn, NULL, buf, sizeof buf),
                        "Dorota Nowak,Ewa Nowak,Marek Nowak,Zofia Nowak");
    assert_string_equal(members(&w->anna, dyn, NULL, buf, sizeof buf), "Ewa Nowak");
    assert_string_equal(members(&w->bart, dyn, NULL, buf, sizeof buf), "Marek Nowak,Zofia Nowak");
    /* Lviv's advisor sees his own record that matches, none of Krakow's */
    assert_string_equal(members(&w->carl, dyn, NULL, buf, sizeof buf), "Ivan Nowak");

    assert_string_equal(members(&w->dir, stat, NULL, buf, sizeof buf),
                        "Dorota Nowak,Ewa Nowak,Marek Nowak,Olga Kowalska");
    assert_string_equal(members(&w->anna, stat, NULL, buf, sizeof buf), "Ewa Nowak,Olga Kowalska");
    assert_string_equal(members(&w->bart, stat, NULL, buf, sizeof buf), "Marek Nowak");
    assert_string_equal(members(&w->carl, stat, NULL, buf, sizeof buf), "");
    /* nor do the ids of a static group show others' records */
    snprintf(ids, sizeof ids, "%s,%s", w->ewa, w->olga);
    assert_string_equal(group_ids(&w->anna, stat, buf, sizeof buf), ids);
    assert_string_equal(group_ids(&w->carl, stat, buf, sizeof buf), "");
    snprintf(ids, sizeof ids, "%s,%s,%s,%s", w->ewa, w->olga, w->marek, w->dorota);
    assert_string_equal(group_ids(&w->dir, stat, buf, sizeof buf), ids);
}

static void
members_need_the_entity_permission_and_an_unseen_group_is_404(void **state)
{
    world_t *w = *state;
    char id[25], mine[25], ids[128], path[128], buf[512];
    bson_t g;

    snprintf(ids, sizeof ids, "\"%s\"", w->ewa);
    static_group(&w->anna, ids, "\"shared_with\":\"unit\"", id);
    static_group(&w->anna, ids, "", mine);

    /* The collector of the same unit sees the group, but reads no prospects: 403. */
    snprintf(path, sizeof path, "/api/v1/groups/%s", id);
    expect(&w->cole, "GET", path, NULL, 200, &g);
    assert_string_equal(test_str_at(&g, "name"), "Calls this week");
    bson_destroy(&g);
    snprintf(path, sizeof path, "/api/v1/groups/%s/members", id);
    expect(&w->cole, "GET", path, NULL, 403, NULL);
    snprintf(path, sizeof path, "/api/v1/groups/%s/export.csv", id);
    expect(&w->cole, "GET", path, NULL, 403, NULL);
    /* The marketer reads the unit's records but exports none. */
    assert_string_equal(members(&w->mara, id, NULL, buf, sizeof buf), "Ewa Nowak");
    expect(&w->mara, "GET", path, NULL, 403, NULL);
    /* Advisors export nothing either, even their own group. */
    expect(&w->anna, "GET", path, NULL, 403, NULL);

    /* Another unit, a private group, an unknown id: as if it did not exist. */
    const char *suffixes[] = {"", "/members", "/export.csv"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "/api/v1/groups/%s%s", id, suffixes[i]);
        expect(&w->carl, "GET", path, NULL, 404, NULL);
        snprintf(path, sizeof path, "/api/v1/groups/%s%s", mine, suffixes[i]);
        expect(&w->bart, "GET", path, NULL, 404, NULL);
        snprintf(path, sizeof path, "/api/v1/groups/0123456789abcdef01234567%s", suffixes[i]);
        expect(&w->anna, "GET", path, NULL, 404, NULL);
    }
    snprintf(path, sizeof path, "/api/v1/groups/%s/ids", id);
    expect(&w->carl, "POST", path, "{\"remove\":[]}", 404, NULL);
    expect(&w->anna, "GET", "/api/v1/groups/not-an-id/members", NULL, 404, NULL);
}

/* The groups S sees, as the raw JSON of the list. */
static char *
groups_text(const test_session_t *s)
{
    bson_t j;
    char *text;

    expect(s, "GET", "/api/v1/groups", NULL, 200, &j);
    text = bson_as_relaxed_extended_json(&j, NULL);
    bson_destroy(&j);
    return text;
}

/* Expects 422 naming FIELD for BODY at PATH, and the groups S sees unchanged. */
static void
refused(const test_session_t *s, const char *method, const char *path, const char *body,
        const char *field)
{
    char *before = groups_text(s), *after;
    bson_t j;
    bson_iter_t it, fields;
    int status = test_session_json(s, method, path, body, &j);
    bool named = bson_iter_init(&it, &j) && bson_iter_find_descendant(&it, "error.fields", &it) &&
                 bson_iter_recurse(&it, &fields) && bson_iter_find(&fields, field);

    if (status != 422 || !named) {
        char *text = bson_as_relaxed_extended_json(&j, NULL);
        fail_msg("%s %s %s: expected 422 on %s, got %d %s", method, path, body, field, status,
                 text);
    }
    bson_destroy(&j);
    after = groups_text(s);
    assert_string_equal(before, after);
    bson_free(before);
    bson_free(after);
}

/* Bodies of POST /api/v1/groups refused, and the field each names. */
static const struct {
    const char *body, *field;
} bodies[] = {
    /* dynamic: the filter is checked against the entity as the list checks it */
    {"{\"name\":\"x\",\"entity\":\"prospect\",\"kind\":\"dynamic\","
     "\"filter\":\"{\\\"colour\\\":\\\"red\\\"}\"}",
     "filter"},
    {"{\"name\":\"x\",\"entity\":\"prospect\",\"kind\":\"dynamic\","
     "\"filter\":\"{\\\"score\\\":{\\\"$near\\\":5}}\"}",
     "filter"},
    {"{\"name\":\"x\",\"entity\":\"prospect\",\"kind\":\"dynamic\","
     "\"filter\":\"{\\\"segment\\\":\"}",
     "filter"},
    {"{\"name\":\"x\",\"entity\":\"prospect\",\"kind\":\"dynamic\",\"filter\":{}}", "filter"},
    {"{\"name\":\"x\",\"entity\":\"prospect\",\"kind\":\"dynamic\",\"sort\":\"colour\"}", "sort"},
    {"{\"name\":\"x\",\"entity\":\"prospect\",\"kind\":\"dynamic\",\"ids\":[]}", "ids"},
    /* static: ids */
    {"{\"name\":\"x\",\"entity\":\"prospect\",\"kind\":\"static\",\"ids\":[\"xyz\"]}", "ids.0"},
    {"{\"name\":\"x\",\"entity\":\"prospect\",\"kind\":\"static\",\"ids\":\"all\"}", "ids"},
    {"{\"name\":\"x\",\"entity\":\"prospect\",\"kind\":\"static\",\"q\":\"nowak\"}", "q"},
    /* the common fields, the entity and the kind */
    {"{\"entity\":\"prospect\",\"kind\":\"static\"}", "name"},
    {"{\"name\":\"x\",\"kind\":\"static\"}", "entity"},
    {"{\"name\":\"x\",\"entity\":\"planet\",\"kind\":\"static\"}", "entity"},
    {"{\"name\":\"x\",\"entity\":\"prospect\"}", "kind"},
    {"{\"name\":\"x\",\"entity\":\"prospect\",\"kind\":\"smart\"}", "kind"},
    {"{\"name\":\"x\",\"entity\":\"prospect\",\"kind\":\"static\",\"colour\":\"red\"}", "colour"},
    {"{\"name\":\"x\",\"entity\":\"prospect\",\"kind\":\"static\",\"shared_with\":\"all\"}",
     "shared_with"},
};

static void
invalid_groups_are_refused_per_field_and_nothing_changes(void **state)
{
    world_t *w = *state;
    const char *p = "/api/v1/groups";
    char body[512], id[25], stat[25], path[128], before[512], after[512];

    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
        refused(&w->anna, "POST", p, bodies[i].body, bodies[i].field);
    /* static: the same id twice, a colleague's record, one that does not exist */
    snprintf(body, sizeof body,
             "{\"name\":\"x\",\"entity\":\"prospect\",\"kind\":\"static\",\"ids\":[\"%s\",\"%s\"]}",
             w->ewa, w->ewa);
    refused(&w->anna, "POST", p, body, "ids.1");
    snprintf(body, sizeof body,
             "{\"name\":\"x\",\"entity\":\"prospect\",\"kind\":\"static\",\"ids\":[\"%s\",\"%s\","
             "\"0123456789abcdef01234567\"]}",
             w->ewa, w->marek);
    refused(&w->anna, "POST", p, body, "ids.1");
    refused(&w->anna, "POST", p, body, "ids.2");
    /* who may not read the entity may not make groups of it */
    refused(&w->cole, "POST", p, "{\"name\":\"x\",\"entity\":\"prospect\",\"kind\":\"static\"}",
            "entity");

    /* A patch is checked against the whole group; entity and kind stay what they were. */
    dynamic_group(&w->anna, "", id);
    snprintf(path, sizeof path, "/api/v1/groups/%s", id);
    refused(&w->anna, "PATCH", path, "{\"entity\":\"client\"}", "entity");
    refused(&w->anna, "PATCH", path, "{\"kind\":\"static\"}", "kind");
    refused(&w->anna, "PATCH", path, "{\"filter\":\"{\\\"colour\\\":1}\"}", "filter");
    refused(&w->anna, "PATCH", path, "{\"owner_id\":\"someone\"}", "owner_id");
    snprintf(body, sizeof body, "{\"ids\":[\"%s\"]}", w->ewa);
    refused(&w->anna, "PATCH", path, body, "ids");
    snprintf(body, sizeof body, "\"%s\"", w->ewa);
    static_group(&w->anna, body, "", stat);
    snprintf(path, sizeof path, "/api/v1/groups/%s", stat);
    group_ids(&w->anna, stat, before, sizeof before);
    snprintf(body, sizeof body, "{\"ids\":[\"%s\",\"%s\"]}", w->ewa, w->zofia);
    refused(&w->anna, "PATCH", path, body, "ids.1");
    assert_string_equal(group_ids(&w->anna, stat, after, sizeof after), before);
    /* a valid patch changes what it names and keeps the rest */
    snprintf(body, sizeof body, "{\"ids\":[\"%s\",\"%s\"],\"name\":\"Two\"}", w->olga, w->ewa);
    expect(&w->anna, "PATCH", path, body, 200, NULL);
    snprintf(before, sizeof before, "%s,%s", w->olga, w->ewa);
    assert_string_equal(group_ids(&w->anna, stat, after, sizeof after), before);
}

/* The ids of the group ID after S posts CHANGE to its ids, which must answer STATUS. */
static void
change_ids(const test_session_t *s, const char *id, const char *change, int status)
{
    char path[128];

    snprintf(path, sizeof path, "/api/v1/groups/%s/ids", id);
    expect(s, "POST", path, change, status, NULL);
}

static void
the_owner_adds_and_removes_ids(void **state)
{
    world_t *w = *state;
    char id[25], dyn[25], body[512], want[256], buf[512], path[128];

    snprintf(body, sizeof body, "\"%s\"", w->ewa);
    static_group(&w->anna, body, "\"shared_with\":\"unit\"", id);
    snprintf(body, sizeof body, "{\"add\":[\"%s\",\"%s\"],\"remove\":[\"%s\"]}", w->olga, w->piotr,
             w->ewa);
    change_ids(&w->anna, id, body, 200);
    snprintf(want, sizeof want, "%s,%s", w->olga, w->piotr);
    assert_string_equal(group_ids(&w->anna, id, buf, sizeof buf), want);
    assert_string_equal(members(&w->anna, id, NULL, buf, sizeof buf), "Olga Kowalska,Piotr Nowak");
    /* adding what is there already, removing what is not: nothing happens twice */
    snprintf(body, sizeof body, "{\"add\":[\"%s\",\"%s\"],\"remove\":[\"%s\"]}", w->olga, w->jan,
             w->ewa);
    change_ids(&w->anna, id, body, 200);
    snprintf(want, sizeof want, "%s,%s,%s", w->olga, w->piotr, w->jan);
    assert_string_equal(group_ids(&w->anna, id, buf, sizeof buf), want);

    /* refused, and the ids stay as they were */
    snprintf(path, sizeof path, "/api/v1/groups/%s/ids", id);
    snprintf(body, sizeof body, "{\"add\":[\"%s\"]}", w->marek); /* bart's */
    refused(&w->anna, "POST", path, body, "add.0");
    refused(&w->anna, "POST", path, "{\"add\":[\"0123456789abcdef01234567\"]}", "add.0");
    refused(&w->anna, "POST", path, "{\"remove\":[\"nope\"]}", "remove.0");
    snprintf(body, sizeof body, "{\"add\":[\"%s\"],\"remove\":[\"%s\"]}", w->ewa, w->ewa);
    refused(&w->anna, "POST", path, body, "remove.0");
    refused(&w->anna, "POST", path, "{\"replace\":[]}", "replace");
    assert_string_equal(group_ids(&w->anna, id, buf, sizeof buf), want);

    /* only the owner; a dynamic group has no ids */
    snprintf(body, sizeof body, "{\"remove\":[\"%s\"]}", w->olga);
    change_ids(&w->bart, id, body, 403);
    assert_string_equal(group_ids(&w->anna, id, buf, sizeof buf), want);
    dynamic_group(&w->anna, "", dyn);
    change_ids(&w->anna, dyn, body, 409);
}

static void
only_the_owner_changes_or_deletes_a_group(void **state)
{
    world_t *w = *state;
    char id[25], path[128], membs[128], buf[512];
    bson_t g;

    dynamic_group(&w->anna, "\"shared_with\":\"unit\"", id);
    snprintf(path, sizeof path, "/api/v1/groups/%s", id);
    snprintf(membs, sizeof membs, "/api/v1/groups/%s/members", id);
    /* seen but not owned: 403; not seen: 404 */
    expect(&w->bart, "PATCH", path, "{\"name\":\"Mine now\"}", 403, NULL);
    expect(&w->bart, "DELETE", path, NULL, 403, NULL);
    expect(&w->carl, "PATCH", path, "{\"name\":\"Mine now\"}", 404, NULL);
    expect(&w->carl, "DELETE", path, NULL, 404, NULL);
    /* the director above her does not own it either */
    expect(&w->dir, "PATCH", path, "{\"q\":\"\"}", 403, NULL);
    /* the owner renames it and narrows its search; the rest stays */
    expect(&w->anna, "PATCH", path, "{\"name\":\"Ewa only\",\"q\":\"ewa\"}", 200, &g);
    assert_string_equal(test_str_at(&g, "name"), "Ewa only");
    assert_string_equal(test_str_at(&g, "filter"), AFFLUENT_KRAKOW);
    assert_string_equal(test_str_at(&g, "shared_with"), "unit");
    bson_destroy(&g);
    assert_string_equal(members(&w->anna, id, NULL, buf, sizeof buf), "Ewa Nowak");
    /* null removes an optional part */
    expect(&w->anna, "PATCH", path, "{\"q\":null}", 200, &g);
    assert_null(test_str_at(&g, "q"));
    bson_destroy(&g);
    assert_string_equal(members(&w->anna, id, NULL, buf, sizeof buf), "Ewa Nowak,Olga Kowalska");
    expect(&w->anna, "DELETE", path, NULL, 204, NULL);
    expect(&w->anna, "GET", path, NULL, 404, NULL);
    expect(&w->anna, "GET", membs, NULL, 404, NULL);
    expect(&w->bart, "GET", membs, NULL, 404, NULL);
}

/* The cells of the first column (ids) of the data rows of CSV, comma-separated into BUF, in
 * order; HEADER gets the first line. */
static void
csv_ids(const char *csv, char *header, size_t hsize, char *buf, size_t size)
{
    const char *line = csv, *end;
    size_t o = 0;

    buf[0] = '\0';
    end = strstr(line, "\r\n");
    assert_non_null(end);
    snprintf(header, hsize, "%.*s", (int)(end - line), line);
    for (line = end + 2; *line; line = end + 2) {
        end = strstr(line, "\r\n");
        assert_non_null(end);
        o += (size_t)snprintf(buf + o, size - o, "%s%.24s", o ? "," : "", line);
    }
}

static void
export_streams_the_members_the_caller_may_export(void **state)
{
    world_t *w = *state;
    char id[25], path[600], query[600], header[1024], got[256], want[256];
    test_http_response_t r;

    dynamic_group(&w->dir, "\"shared_with\":\"role\",\"role\":\"branch_director\"", id);
    snprintf(path, sizeof path, "/api/v1/groups/%s/export.csv", id);
    assert_int_equal(test_session_request(&w->dir, "GET", path, NULL, &r), 200);
    assert_non_null(strstr(test_http_header(&r, "Content-Type"), "text/csv"));
    assert_non_null(strstr(test_http_header(&r, "Content-Disposition"), "prospect-group-"));
    csv_ids(r.body, header, sizeof header, got, sizeof got);
    test_http_response_free(&r);
    assert_true(strncmp(header, "id,name,", 8) == 0);
    snprintf(want, sizeof want, "%s,%s,%s,%s", w->dorota, w->ewa, w->marek, w->zofia);
    assert_string_equal(got, want); /* the group's sort: name */

    /* the export of the entity itself, with the same query, gives the same rows */
    with_query(query, sizeof query, "/api/v1/prospect/export.csv?q=nowak&sort=name", "filter",
               AFFLUENT_KRAKOW);
    assert_int_equal(test_session_request(&w->dir, "GET", query, NULL, &r), 200);
    csv_ids(r.body, header, sizeof header, got, sizeof got);
    test_http_response_free(&r);
    assert_string_equal(got, want);

    /* narrowed by a filter */
    with_query(query, sizeof query, path, "filter", "{\"name\":\"Ewa Nowak\"}");
    assert_int_equal(test_session_request(&w->dir, "GET", query, NULL, &r), 200);
    csv_ids(r.body, header, sizeof header, got, sizeof got);
    test_http_response_free(&r);
    assert_string_equal(got, w->ewa);
}

static void
a_static_group_holds_at_most_10000_records(void **state)
{
    world_t *w = *state;
    const size_t n = 10001, chunk = 2000;
    char csv[600], out[600], id[25], path[128];
    const char *args[] = {"import", "prospect", csv, NULL};
    test_http_response_t r;
    char *body, *ids, *line;
    size_t n_ids = 0, o;
    bson_t page;
    FILE *f;

    /* 10001 prospects, imported beside the running crmd */
    snprintf(csv, sizeof csv, "%s/many.csv", w->crmd.dir);
    snprintf(out, sizeof out, "%s/many.out", w->crmd.dir);
    f = fopen(csv, "w");
    assert_non_null(f);
    fputs("external_id,name,segment\n", f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "CAP-%zu,Capacity %zu,sme\n", i, i);
    fclose(f);
    assert_int_equal(test_crmd_run(&w->crmd, out, args), 0);
    assert_int_equal(
        test_session_request(&w->root, "GET",
                             "/api/v1/prospect/export.csv?filter=%7B%22segment%22:%22sme%22%7D",
                             NULL, &r),
        200);
    ids = malloc(n * 24);
    assert_non_null(ids);
    for (line = strstr(r.body, "\r\n"); line && line[2] && n_ids < n;
         line = strstr(line + 2, "\r\n"))
        memcpy(ids + 24 * n_ids++, line + 2, 24);
    test_http_response_free(&r);
    assert_int_equal(n_ids, n);

    /* filled in chunks up to the limit */
    create_group(&w->root, "Everyone", "\"kind\":\"static\"", "", id);
    snprintf(path, sizeof path, "/api/v1/groups/%s/ids", id);
    body = malloc(chunk * 27 + 64);
    assert_non_null(body);
    for (size_t start = 0; start <= n; start += chunk) {
        size_t end = start + chunk < n ? start + chunk : n;

        o = (size_t)sprintf(body, "{\"add\":[");
        for (size_t i = start; i < end; i++)
            o += (size_t)sprintf(body + o, "%s\"%.24s\"", i > start ? "," : "", ids + 24 * i);
        sprintf(body + o, "]}");
        if (end < n)
            expect(&w->root, "POST", path, body, 200, NULL);
        else
            refused(&w->root, "POST", path, body, "add"); /* the 10001st */
    }
    snprintf(path, sizeof path, "/api/v1/groups/%s/members?_count=true&limit=1", id);
    expect(&w->root, "GET", path, NULL, 200, &page);
    assert_int_equal(int_at(&page, "count"), 10000);
    bson_destroy(&page);
    free(body);
    free(ids);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_dynamic_group_holds_what_its_filter_and_q_select),
        cmocka_unit_test(a_static_group_holds_exactly_its_records),
        cmocka_unit_test(members_page_with_a_cursor_as_the_list_does),
        cmocka_unit_test(sharing_a_group_never_shares_records),
        cmocka_unit_test(members_need_the_entity_permission_and_an_unseen_group_is_404),
        cmocka_unit_test(invalid_groups_are_refused_per_field_and_nothing_changes),
        cmocka_unit_test(the_owner_adds_and_removes_ids),
        cmocka_unit_test(only_the_owner_changes_or_deletes_a_group),
        cmocka_unit_test(export_streams_the_members_the_caller_may_export),
        cmocka_unit_test(a_static_group_holds_at_most_10000_records),
    };

    return cmocka_run_group_tests(tests, setup, test_crmd_teardown);
}
