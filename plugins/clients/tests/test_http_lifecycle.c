/* Lifecycle phases: the job places every client by the accounts it holds and its last
 * activity on the job's clock (the time of the run), either side of the configured days. The
 * exact boundaries are tested on a fixed clock in test_rules.c; here an hour either side. */
#include "profile_support.h"

#include <stdio.h>
#include <string.h>

#define HOUR 3600
#define DAYS 86400

typedef struct {
    crm_test_session_t *anna, *admin;
    char product[25];
    int accounts;
} world_t;

/* An account of the client opened DAYS_AGO days ago, with STATUS. */
static void
account(world_t *w, const char *client, int days_ago, const char *status)
{
    char opened[32];

    profile_ago((long)days_ago * DAYS, true, opened);
    clients_test_create(w->admin, "account", NULL,
                        "{\"number\":\"LC-%d\",\"client_id\":\"%s\",\"product_id\":\"%s\","
                        "\"status\":\"%s\",\"opened\":\"%s\"}",
                        ++w->accounts, client, w->product, status, opened);
}

/* An interaction with the client SECONDS ago (negative: planned). */
static void
interaction(world_t *w, const char *client, const char *kind, long seconds)
{
    char at[32];

    profile_ago(seconds, false, at);
    clients_test_create(w->anna, "interaction", NULL,
                        "{\"kind\":\"%s\",\"client_id\":\"%s\",\"at\":\"%s\"}", kind, client, at);
}

static const char *
phase_of(world_t *w, const char *id, char out[16])
{
    crm_test_response_t r = {0};
    char path[300];

    snprintf(path, sizeof path, "/api/v1/client/%s", id);
    profile_get(w->anna, path, &r);
    snprintf(out, 16, "%s", crm_test_json_string(&r, "lifecycle_phase"));
    crm_test_response_free(&r);
    return out;
}

/* The clients of the test: what they hold and did, and the phase that makes. */
static const struct {
    const char *name, *status;
    int accounts, opened_days_ago; /* active accounts, opened so many days ago */
    bool closed;                   /* the accounts are closed */
    long contact;                  /* an interaction so many seconds ago; 0: none */
    const char *before, *after;    /* the phase before the job and after it */
} clients[] = {
    {"Prospect", NULL, 0, 0, false, 0, "potential", "potential"},
    {"Starter", NULL, 1, 10, false, 0, "potential", "developing"},
    {"Grown", NULL, 2, 10, false, 0, "potential", "developed"},
    /* Accounts opened long ago: the last interaction decides. */
    {"QuietIn", NULL, 1, 100, false, 30 * DAYS - HOUR, "potential", "developing"},
    {"Quiet", NULL, 1, 100, false, 30 * DAYS + HOUR, "potential", "dormant"},
    {"Fading", NULL, 1, 100, false, 60 * DAYS - HOUR, "potential", "dormant"},
    {"Gone", NULL, 1, 100, false, 60 * DAYS + HOUR, "potential", "lost"},
    /* A call still to come is no activity yet. */
    {"Planned", NULL, 1, 100, false, -10 * DAYS, "potential", "lost"},
    /* Everything closed, though in touch yesterday. */
    {"Closed", NULL, 1, 100, true, DAYS, "potential", "dormant"},
    {"Former", "former", 1, 1, false, 0, "lost", "lost"},
};

#define N_CLIENTS (sizeof clients / sizeof clients[0])

static void
the_job_places_clients_either_side_of_the_configured_days(void **state)
{
    crm_test_core_t *core = *state;
    world_t w = {.anna = crm_test_user(core, "anna", "advisor", NULL),
                 .admin = crm_test_user(core, "admin", "admin", NULL)};
    crm_test_response_t r = {0};
    char ids[N_CLIENTS][25], phase[16];

    clients_test_create(w.admin, "product", w.product,
                        "{\"code\":\"CUR\",\"name\":\"Current account\",\"type\":\"account\"}");
    for (size_t i = 0; i < N_CLIENTS; i++) {
        clients_test_create(
            w.anna, "client", ids[i], "{\"kind\":\"individual\",\"last_name\":\"%s\"%s%s%s}",
            clients[i].name, clients[i].status ? ",\"status\":\"" : "",
            clients[i].status ? clients[i].status : "", clients[i].status ? "\"" : "");
        for (int a = 0; a < clients[i].accounts; a++)
            account(&w, ids[i], clients[i].opened_days_ago,
                    clients[i].closed ? "closed" : "active");
        if (clients[i].contact)
            interaction(&w, ids[i], "call", clients[i].contact);
    }
    /* Until the job runs, the status decides. */
    for (size_t i = 0; i < N_CLIENTS; i++)
        assert_string_equal(phase_of(&w, ids[i], phase), clients[i].before);

    profile_run_job(w.admin, "clients_lifecycle", &r);
    assert_int_equal(profile_run_count(&r, "clients"), 10);
    assert_int_equal(profile_run_count(&r, "changed"), 8);
    assert_int_equal(profile_run_count(&r, "failed"), 0);
    assert_int_equal(profile_run_count(&r, "potential"), 1);
    assert_int_equal(profile_run_count(&r, "developing"), 2);
    assert_int_equal(profile_run_count(&r, "developed"), 1);
    assert_int_equal(profile_run_count(&r, "dormant"), 3);
    assert_int_equal(profile_run_count(&r, "lost"), 3);
    crm_test_response_free(&r);
    for (size_t i = 0; i < N_CLIENTS; i++) {
        if (strcmp(phase_of(&w, ids[i], phase), clients[i].after) != 0)
            print_error("%s: %s, expected %s\n", clients[i].name, phase, clients[i].after);
        assert_string_equal(phase, clients[i].after);
    }

    /* A call today brings a lost client back; the others stay where they are. */
    interaction(&w, ids[6], "call", 60);
    profile_run_job(w.admin, "clients_lifecycle", &r);
    assert_int_equal(profile_run_count(&r, "changed"), 1);
    assert_int_equal(profile_run_count(&r, "lost"), 2);
    crm_test_response_free(&r);
    assert_string_equal(phase_of(&w, ids[6], phase), "developing");
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_job_places_clients_either_side_of_the_configured_days),
    };

    clients_test_config = "clients = { lifecycle = { dormant_after_days = 30; "
                          "lost_after_days = 60; developed_min_products = 2; }; };";
    return clients_test_main(argc, argv, "clients_lifecycle", tests, 1);
}
