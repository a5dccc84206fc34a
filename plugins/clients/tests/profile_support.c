/* What the client profile's tests share (profile_support.h). */
#include "profile_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void
profile_run_job(crm_test_session_t *admin, const char *job, crm_test_response_t *r)
{
    char path[128];
    const char *status = NULL;
    int started = 0;

    snprintf(path, sizeof path, "/api/v1/jobs/%s/run", job);
    /* 409 while a run is going on (the schedule's, should it fall now): wait for it. */
    for (int i = 0; i < 100 && started != 202; i++) {
        started = crm_test_request(admin, "POST", path, NULL, r);
        crm_test_response_free(r);
        if (started != 202)
            usleep(100000);
    }
    assert_int_equal(started, 202);
    snprintf(path, sizeof path, "/api/v1/jobs/%s/runs?limit=1", job);
    for (int i = 0; i < 600; i++) {
        assert_int_equal(crm_test_request(admin, "GET", path, NULL, r), 200);
        status = crm_test_json_string(r, "items.0.status");
        if (status && strcmp(status, "running") != 0)
            break;
        crm_test_response_free(r);
        usleep(50000);
    }
    assert_non_null(status);
    if (strcmp(status, "ok") != 0)
        print_error("%s: %s\n", job, r->body);
    assert_string_equal(status, "ok");
}

int64_t
profile_run_count(const crm_test_response_t *r, const char *name)
{
    char path[128];

    snprintf(path, sizeof path, "items.0.counts.%s", name);
    return crm_test_json_int(r, path, 0);
}

void
profile_get(crm_test_session_t *s, const char *path, crm_test_response_t *r)
{
    int status = crm_test_request(s, "GET", path, NULL, r);

    if (status != 200)
        print_error("GET %s: %d %s\n", path, status, r->body ? r->body : "");
    assert_int_equal(status, 200);
}

double
profile_number(const crm_test_response_t *r, const char *path)
{
    bson_iter_t it, found;

    assert_true(bson_iter_init(&it, &r->json));
    if (!bson_iter_find_descendant(&it, path, &found) || !BSON_ITER_HOLDS_NUMBER(&found)) {
        print_error("%s is not a number in %s\n", path, r->body);
        fail();
    }
    return bson_iter_as_double(&found);
}

int
profile_column(const crm_test_response_t *r, const char *name)
{
    for (int i = 0, n = clients_test_count(r, "columns"); i < n; i++) {
        const char *c = clients_test_item(r, "columns", i, "name");

        if (c && strcmp(c, name) == 0)
            return i;
    }
    print_error("no column %s in %s\n", name, r->body);
    fail();
    return -1;
}

int
profile_rows(const crm_test_response_t *r)
{
    return clients_test_count(r, "rows");
}

int
profile_row(const crm_test_response_t *r, const char *const *dims, int n)
{
    char path[64];

    for (int i = 0, rows = profile_rows(r); i < rows; i++) {
        bool same = true;

        for (int d = 0; same && d < n; d++) {
            const char *v;

            snprintf(path, sizeof path, "rows.%d.%d", i, d);
            v = crm_test_json_string(r, path);
            same = dims[d] ? v && strcmp(v, dims[d]) == 0 : v == NULL;
        }
        if (same)
            return i;
    }
    return -1;
}

int64_t
profile_cell(const crm_test_response_t *r, int row, const char *name)
{
    char path[64];
    int64_t v;

    if (row < 0)
        snprintf(path, sizeof path, "totals.%d", profile_column(r, name));
    else
        snprintf(path, sizeof path, "rows.%d.%d", row, profile_column(r, name));
    v = crm_test_json_int(r, path, INT64_MIN);
    if (v == INT64_MIN) {
        print_error("%s is not an integer in %s\n", path, r->body);
        fail();
    }
    return v;
}

crm_test_core_t *
profile_start(const char *config)
{
    const char *alone[2];
    crm_test_options_t options = {
        .size = sizeof options, .plugins = clients_test_plugin_list(alone), .config = config};
    crm_test_core_t *core = crm_test_core_start(&options);

    assert_non_null(core);
    return core;
}

void
profile_ago(long seconds, bool date, char out[32])
{
    time_t t = time(NULL) - seconds;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 32, date ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *
profile_failed_start(const char *config)
{
    const char *alone[2];
    crm_test_options_t options = {
        .size = sizeof options, .plugins = clients_test_plugin_list(alone), .config = config};
    FILE *captured = tmpfile();
    crm_test_core_t *core;
    char *text = NULL;
    long len;
    int saved;

    assert_non_null(captured);
    fflush(stderr);
    saved = dup(2);
    assert_true(saved >= 0);
    assert_true(dup2(fileno(captured), 2) >= 0);
    core = crm_test_core_start(&options);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    if (core) {
        crm_test_core_stop(core);
        fclose(captured);
        print_error("the core started with: %s\n", config);
        fail();
    }
    len = ftell(captured);
    assert_true(len >= 0);
    text = calloc(1, (size_t)len + 1);
    assert_non_null(text);
    rewind(captured);
    assert_int_equal(fread(text, 1, (size_t)len, captured), (size_t)len);
    fclose(captured);
    return text;
}
