/* The plugin's reports, each checked against a count made here over the records the same
 * caller lists through the API: the client base, new clients, data completeness and advisor
 * activity; an advisor's reports hold only their own records; period comparison and exports
 * go through the core. */
#include "profile_support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAYS 86400L
#define MAX_GROUPS 128
#define MAX_MEASURES 6

/* --- a count by hand: groups of up to three dim values --- */

typedef struct {
    char key[3][48]; /* "" for a null cell */
    int64_t n[MAX_MEASURES];
    double sum; /* of a value averaged (completeness) */
    int64_t summed;
} group_t;

typedef struct {
    group_t g[MAX_GROUPS];
    int n;
} tally_t;

static group_t *
group_of(tally_t *t, const char *k0, const char *k1, const char *k2)
{
    const char *keys[3] = {k0 ? k0 : "", k1 ? k1 : "", k2 ? k2 : ""};
    group_t *g;

    for (int i = 0; i < t->n; i++)
        if (!strcmp(t->g[i].key[0], keys[0]) && !strcmp(t->g[i].key[1], keys[1]) &&
            !strcmp(t->g[i].key[2], keys[2]))
            return &t->g[i];
    assert_true(t->n < MAX_GROUPS);
    g = &t->g[t->n++];
    memset(g, 0, sizeof *g);
    for (int k = 0; k < 3; k++)
        snprintf(g->key[k], sizeof g->key[k], "%s", keys[k]);
    return g;
}

/* Asserts that report REP has one row per group of T (its first N_DIMS cells the group's
 * keys) holding the counts of MEASURES (N of them). */
static void
check_counts(const crm_test_response_t *rep, const tally_t *t, int n_dims,
             const char *const *measures, int n)
{
    if (profile_rows(rep) != t->n)
        print_error("%d rows, %d groups counted: %s\n", profile_rows(rep), t->n, rep->body);
    assert_int_equal(profile_rows(rep), t->n);
    for (int i = 0; i < t->n; i++) {
        const char *dims[3];
        int row;

        for (int k = 0; k < n_dims; k++)
            dims[k] = t->g[i].key[k][0] ? t->g[i].key[k] : NULL;
        row = profile_row(rep, dims, n_dims);
        if (row < 0)
            print_error("no row %s/%s/%s in %s\n", t->g[i].key[0], t->g[i].key[1], t->g[i].key[2],
                        rep->body);
        assert_true(row >= 0);
        for (int m = 0; m < n; m++)
            assert_int_equal(profile_cell(rep, row, measures[m]), t->g[i].n[m]);
    }
}

/* The items of LIST (GET as S) into R. */
static int
list(crm_test_session_t *s, const char *entity, crm_test_response_t *r)
{
    char path[96];

    snprintf(path, sizeof path, "/api/v1/%s?limit=500", entity);
    profile_get(s, path, r);
    return clients_test_count(r, "items");
}

static const char *
field(const crm_test_response_t *r, int i, const char *name)
{
    return clients_test_item(r, "items", i, name);
}

/* --- the bank's data --- */

/* A task for its creator S due DAYS_AGO days ago (INT32_MIN: no due date), left in STATUS. */
static void
task(crm_test_session_t *s, int days_ago, const char *status)
{
    crm_test_response_t r = {0};
    char id[25], due[32], path[96];

    if (days_ago == INT32_MIN) {
        clients_test_create(s, "task", id, "{\"title\":\"Call back\"}");
    } else {
        profile_ago(days_ago * DAYS, false, due);
        clients_test_create(s, "task", id, "{\"title\":\"Call back\",\"due\":\"%s\"}", due);
    }
    if (strcmp(status, "open") == 0)
        return;
    snprintf(path, sizeof path, "/api/v1/task/%s", id);
    assert_int_equal(clients_test_send(s, "PATCH", path, &r, "{\"status\":\"%s\"}", status), 200);
    crm_test_response_free(&r);
}

static void
interaction(crm_test_session_t *s, const char *client, const char *kind, int days_ago)
{
    char at[32];

    profile_ago(days_ago * DAYS - 600, false, at);
    clients_test_create(s, "interaction", NULL,
                        "{\"kind\":\"%s\",\"client_id\":\"%s\",\"at\":\"%s\"}", kind, client, at);
}

#define OLD "\"national_id\":\"44051401359\""

static void
bank_data(crm_test_core_t *core, clients_test_bank_t *bank)
{
    crm_test_response_t r = {0};
    char a1[25], a2[25], a3[25], j1[25], j2[25], p1[25], product[25], opened[32];

    clients_test_bank(core, bank);
    clients_test_create(bank->anna, "client", a1,
                        "{\"kind\":\"individual\",\"last_name\":\"A1\",\"income_band\":"
                        "\"very_high\",\"source\":\"branch\",\"phones\":[\"600100201\"]}");
    clients_test_create(
        bank->anna, "client", a2,
        "{\"kind\":\"individual\",\"last_name\":\"A2\",\"income_band\":\"high\","
        "\"source\":\"web\",\"phones\":[\"600100202\"],\"emails\":[\"a2@x.pl\"]," OLD
        ",\"addresses\":{\"home\":{\"city\":\"Krakow\"}},\"occupation\":\"vet\"}");
    clients_test_create(bank->anna, "client", a3,
                        "{\"kind\":\"individual\",\"last_name\":\"A3\",\"income_band\":\"low\","
                        "\"source\":\"branch\"}");
    clients_test_create(bank->anna, "client", NULL,
                        "{\"kind\":\"organisation\",\"company_name\":\"A4\",\"revenue_band\":"
                        "\"large\",\"source\":\"referral\",\"phones\":[\"600100204\"]}");
    clients_test_create(bank->jan, "client", j1,
                        "{\"kind\":\"individual\",\"last_name\":\"J1\",\"income_band\":"
                        "\"very_high\",\"source\":\"web\",\"emails\":[\"j1@x.pl\"]}");
    clients_test_create(bank->jan, "client", j2,
                        "{\"kind\":\"individual\",\"last_name\":\"J2\",\"income_band\":\"middle\","
                        "\"source\":\"campaign\",\"phones\":[\"600100206\"],\"emails\":"
                        "[\"j2@x.pl\"]," OLD ",\"addresses\":{\"home\":{\"city\":\"Krakow\"}},"
                        "\"occupation\":\"cook\"}");
    clients_test_create(bank->piotr, "client", p1,
                        "{\"kind\":\"individual\",\"last_name\":\"P1\",\"income_band\":"
                        "\"upper_middle\",\"source\":\"branch\"}");
    clients_test_create(bank->piotr, "client", NULL,
                        "{\"kind\":\"individual\",\"last_name\":\"P2\",\"source\":\"web\"}");
    clients_test_create(bank->admin, "client", NULL,
                        "{\"kind\":\"individual\",\"last_name\":\"X1\",\"income_band\":"
                        "\"very_high\",\"source\":\"partner\"}");

    /* Products held make phases differ. */
    clients_test_create(bank->admin, "product", product,
                        "{\"code\":\"CUR\",\"name\":\"Current\",\"type\":\"account\"}");
    profile_ago(10 * DAYS, true, opened);
    for (int i = 0; i < 2; i++)
        clients_test_create(bank->admin, "account", NULL,
                            "{\"number\":\"R-A1-%d\",\"client_id\":\"%s\",\"product_id\":\"%s\","
                            "\"opened\":\"%s\"}",
                            i, a1, product, opened);
    profile_ago(200 * DAYS, true, opened);
    clients_test_create(bank->admin, "account", NULL,
                        "{\"number\":\"R-J1\",\"client_id\":\"%s\",\"product_id\":\"%s\","
                        "\"opened\":\"%s\"}",
                        j1, product, opened);
    profile_run_job(bank->admin, "clients_segmentation", &r);
    crm_test_response_free(&r);
    profile_run_job(bank->admin, "clients_lifecycle", &r);
    crm_test_response_free(&r);

    task(bank->anna, 1, "open");  /* overdue */
    task(bank->anna, -5, "open"); /* pending */
    task(bank->anna, 3, "done");
    task(bank->anna, 20, "done");
    task(bank->anna, 1, "cancelled");
    task(bank->anna, INT32_MIN, "open"); /* pending, no due date */
    task(bank->jan, 2, "open");
    task(bank->jan, 20, "done");
    task(bank->piotr, 1, "open");
    task(bank->dorota, -1, "open");

    interaction(bank->anna, a1, "call", 3);
    interaction(bank->anna, a1, "call", 20);
    interaction(bank->anna, a2, "meeting", 2);
    interaction(bank->anna, a3, "email", 1);
    interaction(bank->anna, a1, "sms", 1);
    interaction(bank->jan, j1, "call", 4);
    interaction(bank->jan, j2, "email", 20);
    interaction(bank->jan, j1, "meeting", 21);
    interaction(bank->piotr, p1, "call", 2);
}

/* --- the client base, new clients, completeness --- */

static void
the_client_base_counts_the_callers_clients_by_segment_phase_unit_and_owner(void **state)
{
    static const char *const clients[] = {"clients"};
    crm_test_core_t *core = *state;
    clients_test_bank_t bank;
    crm_test_response_t rep = {0}, items = {0};
    tally_t t = {0};
    int n;

    bank_data(core, &bank);
    /* The director: the branch's clients, by segment, phase and unit. */
    n = list(bank.dorota, "client", &items);
    assert_int_equal(n, 6);
    for (int i = 0; i < n; i++)
        group_of(&t, field(&items, i, "segment"), field(&items, i, "lifecycle_phase"),
                 field(&items, i, "org_unit"))
            ->n[0]++;
    crm_test_response_free(&items);
    profile_get(bank.dorota,
                "/api/v1/reports/clients_base?dims=segment,lifecycle_phase,unit&measures=clients",
                &rep);
    check_counts(&rep, &t, 3, clients, 1);
    assert_int_equal(profile_cell(&rep, -1, "clients"), 6);
    /* Several phases and segments are there to be counted. */
    assert_true(t.n >= 4);
    crm_test_response_free(&rep);

    /* An advisor's report holds their own clients only. */
    profile_get(bank.anna, "/api/v1/reports/clients_base?dims=owner,segment", &rep);
    for (int i = 0; i < profile_rows(&rep); i++) {
        char path[32];

        snprintf(path, sizeof path, "rows.%d.0", i);
        assert_string_equal(crm_test_json_string(&rep, path), crm_test_user_id(bank.anna));
    }
    assert_int_equal(profile_cell(&rep, -1, "clients"), 4);
    crm_test_response_free(&rep);

    /* The bank: by owner, as the administrator sees it. */
    memset(&t, 0, sizeof t);
    n = list(bank.admin, "client", &items);
    assert_int_equal(n, 9);
    for (int i = 0; i < n; i++)
        group_of(&t, field(&items, i, "owner_id"), NULL, NULL)->n[0]++;
    crm_test_response_free(&items);
    profile_get(bank.admin, "/api/v1/reports/clients_base?dims=owner", &rep);
    check_counts(&rep, &t, 1, clients, 1);
    crm_test_response_free(&rep);
}

static void
new_clients_are_counted_by_source_and_month(void **state)
{
    static const char *const clients[] = {"clients"};
    crm_test_core_t *core = *state;
    clients_test_bank_t bank;
    crm_test_response_t rep = {0}, items = {0};
    tally_t t = {0};
    char today[32], path[160];
    int n;

    bank_data(core, &bank);
    n = list(bank.admin, "client", &items);
    for (int i = 0; i < n; i++) {
        char month[16];

        snprintf(month, sizeof month, "%.7s-01", field(&items, i, "created_at"));
        group_of(&t, field(&items, i, "source"), month, NULL)->n[0]++;
    }
    crm_test_response_free(&items);
    profile_get(bank.admin, "/api/v1/reports/clients_new", &rep); /* dims source, month */
    check_counts(&rep, &t, 2, clients, 1);
    crm_test_response_free(&rep);

    /* Created today: within today, none a year earlier. */
    profile_ago(0, true, today);
    snprintf(path, sizeof path, "/api/v1/reports/clients_new?dims=source&from=%s&to=%s&compare=yoy",
             today, today);
    profile_get(bank.piotr, path, &rep);
    assert_int_equal(profile_cell(&rep, -1, "clients"), 2);
    assert_int_equal(profile_cell(&rep, -1, "clients_prev"), 0);
    crm_test_response_free(&rep);
}

static void
completeness_is_reported_by_owner_and_unit(void **state)
{
    static const char *const counts[] = {"clients", "below_threshold"};
    crm_test_core_t *core = *state;
    clients_test_bank_t bank;
    crm_test_response_t rep = {0}, items = {0};
    tally_t t = {0};
    int n;

    bank_data(core, &bank);
    n = list(bank.dorota, "client", &items);
    for (int i = 0; i < n; i++) {
        char path[48];
        int64_t score;
        group_t *g = group_of(&t, field(&items, i, "owner_id"), field(&items, i, "org_unit"), NULL);

        snprintf(path, sizeof path, "items.%d.completeness", i);
        score = crm_test_json_int(&items, path, -1);
        assert_true(score >= 0);
        g->n[0]++;
        g->n[1] += score < 70;
        g->sum += (double)score;
        g->summed++;
    }
    crm_test_response_free(&items);
    profile_get(bank.dorota, "/api/v1/reports/clients_completeness", &rep); /* owner, unit */
    check_counts(&rep, &t, 2, counts, 2);
    for (int i = 0; i < t.n; i++) {
        const char *dims[] = {t.g[i].key[0], t.g[i].key[1]};
        char path[48];
        int row = profile_row(&rep, dims, 2);

        snprintf(path, sizeof path, "rows.%d.%d", row, profile_column(&rep, "avg_completeness"));
        assert_true(fabs(profile_number(&rep, path) - t.g[i].sum / (double)t.g[i].summed) < 1e-9);
    }
    assert_int_equal(profile_cell(&rep, -1, "clients"), 6);
    assert_int_equal(profile_cell(&rep, -1, "below_threshold"), 4);
    crm_test_response_free(&rep);

    /* Anna's: her clients only. */
    profile_get(bank.anna, "/api/v1/reports/clients_completeness?dims=owner", &rep);
    assert_int_equal(profile_rows(&rep), 1);
    assert_string_equal(crm_test_json_string(&rep, "rows.0.0"), crm_test_user_id(bank.anna));
    assert_int_equal(profile_cell(&rep, 0, "clients"), 4);
    assert_int_equal(profile_cell(&rep, 0, "below_threshold"), 3);
    crm_test_response_free(&rep);
}

/* --- advisor activity --- */

static const char *const activity[] = {"tasks_done", "tasks_pending", "tasks_overdue",
                                       "calls",      "meetings",      "emails"};

/* Counts tasks and interactions as S lists them into T, by employee and, when MONTHLY, the
 * month of the due date or of the interaction. */
static void
count_activity(crm_test_session_t *s, tally_t *t, bool monthly)
{
    crm_test_response_t items = {0};
    char now[32], month[16];
    int n;

    profile_ago(0, false, now);
    n = list(s, "task", &items);
    for (int i = 0; i < n; i++) {
        const char *status = field(&items, i, "status"), *due = field(&items, i, "due");
        int m = !strcmp(status, "done") ? 0 : !strcmp(status, "open") ? 1 : -1;

        if (m < 0)
            continue;
        snprintf(month, sizeof month, "%.7s-01", due ? due : "");
        group_of(t, field(&items, i, "assignee"), monthly && due ? month : NULL, NULL)->n[m]++;
        if (m == 1 && due && strcmp(due, now) < 0)
            group_of(t, field(&items, i, "assignee"), monthly ? month : NULL, NULL)->n[2]++;
    }
    crm_test_response_free(&items);
    n = list(s, "interaction", &items);
    for (int i = 0; i < n; i++) {
        const char *kind = field(&items, i, "kind");
        int m = !strcmp(kind, "call")      ? 3
                : !strcmp(kind, "meeting") ? 4
                : !strcmp(kind, "email")   ? 5
                                           : -1;

        snprintf(month, sizeof month, "%.7s-01", field(&items, i, "at"));
        if (m >= 0)
            group_of(t, field(&items, i, "employee"), monthly ? month : NULL, NULL)->n[m]++;
    }
    crm_test_response_free(&items);
}

static void
advisor_activity_counts_tasks_and_contacts_per_employee_and_period(void **state)
{
    crm_test_core_t *core = *state;
    clients_test_bank_t bank;
    crm_test_response_t rep = {0};
    tally_t t = {0};
    int row;

    bank_data(core, &bank);
    count_activity(bank.dorota, &t, false);
    profile_get(bank.dorota, "/api/v1/reports/clients_advisor_activity", &rep); /* employee */
    check_counts(&rep, &t, 1, activity, 6);
    /* Anna: done 2, pending 3 (one overdue), 2 calls, 1 meeting, 1 e-mail (the SMS is none). */
    {
        const char *anna[] = {crm_test_user_id(bank.anna)};

        row = profile_row(&rep, anna, 1);
        assert_int_equal(profile_cell(&rep, row, "tasks_done"), 2);
        assert_int_equal(profile_cell(&rep, row, "tasks_pending"), 3);
        assert_int_equal(profile_cell(&rep, row, "tasks_overdue"), 1);
        assert_int_equal(profile_cell(&rep, row, "calls"), 2);
    }
    assert_int_equal(profile_cell(&rep, -1, "tasks_overdue"), 2);
    crm_test_response_free(&rep);

    /* By employee and month, as Anna: her own only. */
    memset(&t, 0, sizeof t);
    count_activity(bank.anna, &t, true);
    for (int i = 0; i < t.n; i++)
        assert_string_equal(t.g[i].key[0], crm_test_user_id(bank.anna));
    profile_get(bank.anna, "/api/v1/reports/clients_advisor_activity?dims=employee,month", &rep);
    check_counts(&rep, &t, 2, activity, 6);
    crm_test_response_free(&rep);

    /* The bank as the administrator sees it, by unit. */
    profile_get(bank.admin,
                "/api/v1/reports/clients_advisor_activity?dims=unit&"
                "measures=calls,tasks_done",
                &rep);
    assert_int_equal(clients_test_count(&rep, "columns"), 3);
    {
        const char *a[] = {bank.branch_a}, *b[] = {bank.branch_b};

        assert_int_equal(profile_cell(&rep, profile_row(&rep, a, 1), "calls"), 3);
        assert_int_equal(profile_cell(&rep, profile_row(&rep, a, 1), "tasks_done"), 3);
        assert_int_equal(profile_cell(&rep, profile_row(&rep, b, 1), "calls"), 1);
        assert_int_equal(profile_cell(&rep, profile_row(&rep, b, 1), "tasks_done"), 0);
    }
    crm_test_response_free(&rep);
}

static void
advisor_activity_compares_periods_and_exports_through_the_core(void **state)
{
    crm_test_core_t *core = *state;
    clients_test_bank_t bank;
    crm_test_response_t rep = {0}, items = {0};
    char from[32], to[32], prev[32], path[256];
    int n;

    bank_data(core, &bank);
    /* The last 15 days against the 15 before. */
    profile_ago(14 * DAYS, true, from);
    profile_ago(0, true, to);
    profile_ago(29 * DAYS, true, prev);
    snprintf(path, sizeof path,
             "/api/v1/reports/clients_advisor_activity?dims=employee&measures=calls,meetings&"
             "from=%s&to=%s&compare=prev",
             from, to);
    profile_get(bank.dorota, path, &rep);
    assert_string_equal(crm_test_json_string(&rep, "columns.2.name"), "calls_prev");
    assert_string_equal(crm_test_json_string(&rep, "columns.2.role"), "compare");
    assert_string_equal(crm_test_json_string(&rep, "columns.3.name"), "calls_change");
    n = list(bank.dorota, "interaction", &items);
    for (const char *const *who =
             (const char *const[]){crm_test_user_id(bank.anna), crm_test_user_id(bank.jan), NULL};
         *who; who++) {
        int64_t now_calls = 0, prev_calls = 0, now_meetings = 0;
        int row;

        for (int i = 0; i < n; i++) {
            const char *at = field(&items, i, "at"), *kind = field(&items, i, "kind");
            bool current = strncmp(at, from, 10) >= 0 && strncmp(at, to, 10) <= 0;
            bool earlier = strncmp(at, prev, 10) >= 0 && strncmp(at, from, 10) < 0;

            if (strcmp(field(&items, i, "employee"), *who) != 0)
                continue;
            now_calls += current && !strcmp(kind, "call");
            prev_calls += earlier && !strcmp(kind, "call");
            now_meetings += current && !strcmp(kind, "meeting");
        }
        row = profile_row(&rep, who, 1);
        assert_true(row >= 0);
        assert_int_equal(profile_cell(&rep, row, "calls"), now_calls);
        assert_int_equal(profile_cell(&rep, row, "meetings"), now_meetings);
        snprintf(path, sizeof path, "rows.%d.%d", row, profile_column(&rep, "calls_prev"));
        /* No call in the earlier period: no earlier row to compare with (null). */
        assert_int_equal(crm_test_json_int(&rep, path, 0), prev_calls);
    }
    crm_test_response_free(&items);
    /* Anna: a call in each period, no change. */
    {
        const char *anna[] = {crm_test_user_id(bank.anna)};
        int row = profile_row(&rep, anna, 1);

        snprintf(path, sizeof path, "rows.%d.%d", row, profile_column(&rep, "calls_change"));
        assert_true(profile_number(&rep, path) == 0.0);
    }
    crm_test_response_free(&rep);

    /* Exports are the core's: CSV with the composite's labels. */
    snprintf(path, sizeof path,
             "/api/v1/reports/clients_advisor_activity?dims=employee&from=%s&to=%s&compare=prev&"
             "format=csv",
             from, to);
    assert_int_equal(crm_test_request(bank.dorota, "GET", path, NULL, &rep), 200);
    assert_non_null(strstr(rep.body, "Tasks done"));
    assert_non_null(strstr(rep.body, "Calls (previous period)"));
    /* The employee by name (the CRM_F_USER field's id in the JSON). */
    assert_non_null(strstr(rep.body, "\njan,"));
    assert_null(strstr(rep.body, crm_test_user_id(bank.jan)));
    crm_test_response_free(&rep);
    assert_int_equal(crm_test_request(bank.dorota, "GET",
                                      "/api/v1/reports/clients_completeness?format=xlsx", NULL,
                                      &rep),
                     200);
    assert_true(rep.body_len > 100);
    crm_test_response_free(&rep);

    /* Mistakes are the caller's: 400 with the reason. */
    assert_int_equal(crm_test_request(bank.dorota, "GET",
                                      "/api/v1/reports/clients_advisor_activity?dims=segment", NULL,
                                      &rep),
                     400);
    assert_non_null(strstr(rep.body, "segment"));
    crm_test_response_free(&rep);
    assert_int_equal(crm_test_request(bank.dorota, "GET",
                                      "/api/v1/reports/clients_advisor_activity?measures=sms", NULL,
                                      &rep),
                     400);
    crm_test_response_free(&rep);
    assert_int_equal(crm_test_request(bank.dorota, "GET",
                                      "/api/v1/reports/clients_advisor_activity?compare=prev", NULL,
                                      &rep),
                     400);
    crm_test_response_free(&rep);
    assert_int_equal(crm_test_request(bank.dorota, "GET",
                                      "/api/v1/reports/clients_advisor_activity?filter=%7Boops",
                                      NULL, &rep),
                     400);
    crm_test_response_free(&rep);

    /* The listing shows the six reports. */
    profile_get(bank.anna, "/api/v1/reports", &rep);
    for (const char *const *id =
             (const char *const[]){"clients_base", "clients_new", "clients_tasks",
                                   "clients_interactions", "clients_completeness",
                                   "clients_advisor_activity", NULL};
         *id; id++)
        assert_true(clients_test_has(&rep, "items", "id", *id));
    crm_test_response_free(&rep);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            the_client_base_counts_the_callers_clients_by_segment_phase_unit_and_owner),
        cmocka_unit_test(new_clients_are_counted_by_source_and_month),
        cmocka_unit_test(completeness_is_reported_by_owner_and_unit),
        cmocka_unit_test(advisor_activity_counts_tasks_and_contacts_per_employee_and_period),
        cmocka_unit_test(advisor_activity_compares_periods_and_exports_through_the_core),
    };

    return clients_test_main(argc, argv, "clients_reports", tests, 5);
}
