/* The scheduler end to end with real crmd processes on one SQLite file: each scheduled time
 * runs once across two instances, a killed holder's lease expires and another instance takes
 * the job, SIGTERM waits for a running job, and the manual run endpoint. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "crmd_process.h"
#include "http_client.h"

#include <crm/store.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The crmd processes of the current test, cleaned up even when an assertion fails. */
static test_crmd_t a, b;

/* Stops whatever a test left running (a failed assertion skips the test's own stops) and
 * removes the temporary folders: the second instance's first, as the first one's holds the
 * store they share. */
static int
cleanup(void **state)
{
    (void)state;
    test_crmd_cleanup(&b);
    test_crmd_cleanup(&a);
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    return 0;
}

static void
fixture_entry(const char *name, char *out, size_t size)
{
    const char *build = getenv("CRM_TEST_BUILD_DIR");

    snprintf(out, size, "\"%s/fixtures/%s.so\"", build ? build : ".", name);
}

static int64_t
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Starts a second crmd serving the store of FIRST, with its own directory and log. */
static int
start_sharing(test_crmd_t *c, const test_crmd_t *first, const char *plugins)
{
    char tmpl[] = "/tmp/crm-e2e-XXXXXX";
    char crmd[512], *cfg = NULL, *p;
    const char *build = getenv("CRM_TEST_BUILD_DIR");
    FILE *f;
    pid_t pid;

    memset(c, 0, sizeof *c);
    if (!mkdtemp(tmpl))
        return -1;
    snprintf(c->dir, sizeof c->dir, "%s", tmpl);
    snprintf(c->config, sizeof c->config, "%s/crmd.cfg", c->dir);
    snprintf(c->log, sizeof c->log, "%s/crmd.log", c->dir);
    snprintf(c->driver, sizeof c->driver, "sqlite");
    snprintf(c->location, sizeof c->location, "%s", first->location);
    f = fopen(c->config, "w");
    if (!f)
        return -1;
    fprintf(f,
            "server = { listen = \"127.0.0.1:0\"; max_body = 65536; threads = 4; };\n"
            "store = { driver = \"sqlite\"; path = \"%s\"; };\n"
            "plugins = { dir = \"%s/plugins\"; strict = true; enabled = [%s]; };\n"
            "log = { level = \"info\"; };\nauth = { enabled = false; };\n",
            first->location, build ? build : ".", plugins);
    fclose(f);
    snprintf(crmd, sizeof crmd, "%s/crmd", build ? build : ".");
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        FILE *log = freopen(c->log, "w", stderr);
        (void)log;
        execl(crmd, crmd, "serve", "-c", c->config, (char *)NULL);
        _exit(127);
    }
    c->pid = pid;
    for (int i = 0; i < 300; i++) {
        cfg = test_read_file(c->log, NULL);
        p = cfg ? strstr(cfg, "event=server.started") : NULL;
        if (p && (p = strstr(p, " port=")) != NULL) {
            c->port = atoi(p + 6);
            free(cfg);
            return 0;
        }
        free(cfg);
        usleep(20000);
    }
    return -1;
}

/* The jobs' run records of JOB_ID, sorted by scheduled time, copied into RUNS (at most MAX). */
typedef struct run_rec {
    int64_t scheduled;
    char status[16];
    char instance[32];
    bool manual;
} run_rec_t;

static size_t
read_runs(const char *location, const char *job_id, run_rec_t *runs, size_t max)
{
    crm_error_t error = {0};
    crm_store_t *store = crm_store_open("sqlite", location, NULL, &error);
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
    bson_t filter = BSON_INITIALIZER, sort = BSON_INITIALIZER;
    crm_cursor_t *cur;
    const bson_t *doc;
    size_t n = 0;

    assert_non_null(store);
    BSON_APPEND_UTF8(&filter, "job", job_id);
    BSON_APPEND_INT32(&sort, "scheduled_at", 1);
    opts.sort = &sort;
    cur = crm_store_find(store, "job_runs", &filter, &opts, &error);
    assert_non_null(cur);
    while (crm_cursor_next(cur, &doc) && n < max) {
        bson_iter_t it;
        memset(&runs[n], 0, sizeof runs[n]);
        if (bson_iter_init_find(&it, doc, "scheduled_at"))
            runs[n].scheduled = bson_iter_date_time(&it);
        if (bson_iter_init_find(&it, doc, "status"))
            snprintf(runs[n].status, sizeof runs[n].status, "%s", bson_iter_utf8(&it, NULL));
        if (bson_iter_init_find(&it, doc, "instance"))
            snprintf(runs[n].instance, sizeof runs[n].instance, "%s", bson_iter_utf8(&it, NULL));
        if (bson_iter_init_find(&it, doc, "manual"))
            runs[n].manual = bson_iter_bool(&it);
        n++;
    }
    assert_false(crm_cursor_error(cur, &error));
    crm_cursor_destroy(cur);
    bson_destroy(&filter);
    bson_destroy(&sort);
    crm_store_close(store);
    return n;
}

/* Waits up to SECONDS for a run of JOB_ID with STATUS (and, when NOT_INSTANCE is given, another
 * instance). Returns its index in RUNS or -1. */
static int
wait_for_run(const char *location, const char *job_id, const char *status, const char *not_instance,
             run_rec_t *runs, size_t max, int seconds)
{
    for (int i = 0; i < seconds * 10; i++) {
        size_t n = read_runs(location, job_id, runs, max);
        for (size_t k = 0; k < n; k++)
            if (strcmp(runs[k].status, status) == 0 &&
                (!not_instance || strcmp(runs[k].instance, not_instance) != 0))
                return (int)k;
        usleep(100000);
    }
    return -1;
}

static void
two_instances_run_each_scheduled_time_once(void **state)
{
    char plugin[600];
    run_rec_t runs[200];
    crm_error_t error = {0};
    crm_store_t *store;
    crm_cursor_t *cur;
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
    bson_t sort = BSON_INITIALIZER;
    const bson_t *doc;
    int64_t prev = 0, first = 0, last = 0, docs = 0;
    size_t n, by_a = 0, by_b = 0;
    char instance_a[32] = "";

    (void)state;
    fixture_entry("job_counter", plugin, sizeof plugin);
    assert_int_equal(test_crmd_start(&a, "sqlite", plugin, NULL), 0);
    assert_int_equal(start_sharing(&b, &a, plugin), 0);
    sleep(6);
    assert_int_equal(test_crmd_stop(&a), 0);
    assert_int_equal(test_crmd_stop(&b), 0);
    assert_false(test_crmd_log_contains(&a, "job_counter.double_run"));
    assert_false(test_crmd_log_contains(&b, "job_counter.double_run"));

    /* The documents the job inserted: one per second, no gap, no duplicate. */
    store = crm_store_open("sqlite", a.location, NULL, &error);
    assert_non_null(store);
    BSON_APPEND_INT32(&sort, "scheduled_at", 1);
    opts.sort = &sort;
    cur = crm_store_find(store, "job_counter_runs", NULL, &opts, &error);
    assert_non_null(cur);
    while (crm_cursor_next(cur, &doc)) {
        bson_iter_t it;
        int64_t t;
        assert_true(bson_iter_init_find(&it, doc, "scheduled_at"));
        t = bson_iter_date_time(&it);
        if (docs == 0)
            first = t;
        else
            assert_int_equal(t - prev, 1000);
        prev = last = t;
        docs++;
    }
    crm_cursor_destroy(cur);
    bson_destroy(&sort);
    crm_store_close(store);
    assert_true(docs >= 3);

    /* The run records: the same times, each once, all ok, from the two instances together. */
    n = read_runs(a.location, "job_counter", runs, 200);
    assert_int_equal((int64_t)n, docs);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(runs[i].status, "ok");
        assert_false(runs[i].manual);
        assert_int_equal(runs[i].scheduled, first + (int64_t)i * 1000);
        if (!instance_a[0])
            snprintf(instance_a, sizeof instance_a, "%s", runs[i].instance);
        if (strcmp(runs[i].instance, instance_a) == 0)
            by_a++;
        else
            by_b++;
    }
    assert_int_equal(runs[n - 1].scheduled, last);
    print_message("%zu runs: %zu by one instance, %zu by the other\n", n, by_a, by_b);
}

static void
a_killed_holders_lease_expires_and_another_instance_takes_the_job(void **state)
{
    char plugin[600], first_instance[32];
    run_rec_t runs[50];
    int status = 0, k;
    int64_t killed_at;

    (void)state;
    fixture_entry("job_blocker", plugin, sizeof plugin);
    assert_int_equal(test_crmd_start(&a, "sqlite", plugin, NULL), 0);
    k = wait_for_run(a.location, "job_blocker", "running", NULL, runs, 50, 10);
    assert_true(k >= 0);
    snprintf(first_instance, sizeof first_instance, "%s", runs[k].instance);
    kill(a.pid, SIGKILL);
    waitpid(a.pid, &status, 0);
    a.pid = 0;
    killed_at = now_ms();

    assert_int_equal(start_sharing(&b, &a, plugin), 0);
    k = wait_for_run(a.location, "job_blocker", "running", first_instance, runs, 50, 10);
    assert_true(k >= 0);
    /* Not before the 2 s lease ran out. */
    assert_true(now_ms() - killed_at >= 1500);
    /* The killed run is recorded as interrupted, not left running. */
    assert_true(wait_for_run(a.location, "job_blocker", "interrupted", NULL, runs, 50, 5) >= 0);
    assert_string_equal(runs[0].status, "interrupted");
    assert_string_equal(runs[0].instance, first_instance);
    assert_int_equal(test_crmd_stop(&b), 0);
}

static void
sigterm_waits_for_the_running_job_and_records_it(void **state)
{
    char plugin[600];
    run_rec_t runs[50];
    int64_t t0;
    size_t n;

    (void)state;
    fixture_entry("job_blocker", plugin, sizeof plugin);
    assert_int_equal(test_crmd_start(&a, "sqlite", plugin, NULL), 0);
    assert_true(wait_for_run(a.location, "job_blocker", "running", NULL, runs, 50, 10) >= 0);
    t0 = now_ms();
    assert_int_equal(test_crmd_stop(&a), 0);
    assert_true(now_ms() - t0 < 5000);
    n = read_runs(a.location, "job_blocker", runs, 50);
    assert_true(n >= 1);
    for (size_t i = 0; i < n; i++)
        assert_true(strcmp(runs[i].status, "interrupted") == 0 ||
                    strcmp(runs[i].status, "ok") == 0);
}

static void
manual_run_starts_now_conflicts_while_running_and_404s_unknown_jobs(void **state)
{
    char plugin[600];
    test_http_response_t resp = {0};
    bson_t body;
    bson_iter_t it;
    run_rec_t runs[10];
    size_t n;

    (void)state;
    fixture_entry("job_manual", plugin, sizeof plugin);
    assert_int_equal(test_crmd_start(&a, "sqlite", plugin, NULL), 0);

    assert_int_equal(
        test_http_request(a.port, "POST", "/api/v1/jobs/job_manual/run", NULL, "", 0, &resp), 0);
    assert_int_equal(resp.status, 202);
    assert_true(test_http_json(&resp, &body));
    assert_true(bson_iter_init_find(&it, &body, "manual") && bson_iter_bool(&it));
    assert_true(bson_iter_init_find(&it, &body, "status"));
    assert_string_equal(bson_iter_utf8(&it, NULL), "running");
    bson_destroy(&body);
    test_http_response_free(&resp);

    assert_int_equal(
        test_http_request(a.port, "POST", "/api/v1/jobs/job_manual/run", NULL, "", 0, &resp), 0);
    assert_int_equal(resp.status, 409);
    test_http_response_free(&resp);

    assert_int_equal(
        test_http_request(a.port, "POST", "/api/v1/jobs/no_such_job/run", NULL, "", 0, &resp), 0);
    assert_int_equal(resp.status, 404);
    test_http_response_free(&resp);

    assert_true(wait_for_run(a.location, "job_manual", "ok", NULL, runs, 10, 10) >= 0);
    n = read_runs(a.location, "job_manual", runs, 10);
    assert_int_equal(n, 1);
    assert_true(runs[0].manual);

    /* Listed with its schedule and last run; the runs page has it too. */
    assert_int_equal(test_http_request(a.port, "GET", "/api/v1/jobs", NULL, NULL, 0, &resp), 0);
    assert_int_equal(resp.status, 200);
    assert_non_null(strstr(resp.body, "\"id\":\"job_manual\""));
    assert_non_null(strstr(resp.body, "0 0 1 jan *"));
    assert_non_null(strstr(resp.body, "\"status\":\"ok\""));
    test_http_response_free(&resp);
    assert_int_equal(test_http_request(a.port, "GET", "/api/v1/jobs/job_manual/runs?limit=1", NULL,
                                       NULL, 0, &resp),
                     0);
    assert_int_equal(resp.status, 200);
    assert_non_null(strstr(resp.body, "ran as job:job_manual"));
    test_http_response_free(&resp);
    assert_int_equal(
        test_http_request(a.port, "GET", "/api/v1/jobs/nope/runs", NULL, NULL, 0, &resp), 0);
    assert_int_equal(resp.status, 404);
    test_http_response_free(&resp);

    /* A second manual run once the first has finished is accepted. */
    assert_int_equal(
        test_http_request(a.port, "POST", "/api/v1/jobs/job_manual/run", NULL, "", 0, &resp), 0);
    assert_int_equal(resp.status, 202);
    test_http_response_free(&resp);
    assert_int_equal(test_crmd_stop(&a), 0);
    n = read_runs(a.location, "job_manual", runs, 10);
    assert_int_equal(n, 2);
    assert_string_not_equal(runs[1].status, "running");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(two_instances_run_each_scheduled_time_once, cleanup),
        cmocka_unit_test_teardown(a_killed_holders_lease_expires_and_another_instance_takes_the_job,
                                  cleanup),
        cmocka_unit_test_teardown(sigterm_waits_for_the_running_job_and_records_it, cleanup),
        cmocka_unit_test_teardown(
            manual_run_starts_now_conflicts_while_running_and_404s_unknown_jobs, cleanup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
