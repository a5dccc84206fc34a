/* A change of the configured commission rates, on a real crmd: an opportunity signed under one
 * rate keeps its commission when crmd starts again on the same store with another rate, and
 * so it does through a write that leaves its amount and product alone; a correction of its
 * amount, and a new signing, take the rate configured now. (The in-process harness starts
 * every core on a new store, so this test runs crmd itself, with tests/support/crmd_process.h;
 * authentication is off: the requests are the system's.) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "crmd_process.h"
#include "http_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RATE_BEFORE "0.0020"
#define RATE_AFTER "0.0100"
#define CONFIG                                                                                     \
    "retail = { commission = ( { product = \"DEP-12M\"; rate = \"" RATE_BEFORE "\"; } ); };"

/* Sends METHOD PATH with BODY (JSON or NULL) to C, asserts STATUS and parses the answer into
 * OUT (bson_destroy() it). */
static void
call(const test_crmd_t *c, const char *method, const char *path, const char *body, int status,
     bson_t *out)
{
    test_http_response_t r = {0};

    assert_int_equal(test_http_request(c->port, method, path,
                                       body ? "Content-Type: application/json\r\n" : NULL, body,
                                       body ? strlen(body) : 0, &r),
                     0);
    if (r.status != status)
        fail_msg("%s %s %s: %d %s", method, path, body ? body : "", r.status, r.body ? r.body : "");
    assert_true(test_http_json(&r, out));
    test_http_response_free(&r);
}

/* POSTs BODY to /api/v1/ENTITY on C and copies the new record's id into ID. */
static void
create(const test_crmd_t *c, const char *entity, const char *body, char id[25])
{
    char path[64];
    bson_t out;

    snprintf(path, sizeof path, "/api/v1/%s", entity);
    call(c, "POST", path, body, 201, &out);
    snprintf(id, 25, "%s", test_str_at(&out, "id"));
    bson_destroy(&out);
}

/* Asserts that DOC's commission is AMOUNT minor units of PLN, and frees DOC. */
static void
commission_is(bson_t *doc, int64_t amount)
{
    bson_iter_t it;

    assert_true(bson_iter_init(&it, doc) &&
                bson_iter_find_descendant(&it, "commission.amount", &it));
    assert_int_equal(bson_iter_as_int64(&it), amount);
    assert_string_equal(test_str_at(doc, "commission.currency"), "PLN");
    bson_destroy(doc);
}

/* Starts crmd again on C's directory and store, its configuration's rate RATE_BEFORE now
 * RATE_AFTER (C stopped). */
static void
restart_with_the_new_rate(test_crmd_t *c)
{
    const char *dir = getenv("CRM_TEST_BUILD_DIR");
    char *config = test_read_file(c->config, NULL), *rate, crmd[512];
    FILE *f;
    pid_t pid;

    assert_non_null(config);
    rate = strstr(config, "rate = \"" RATE_BEFORE "\"");
    assert_non_null(rate);
    memcpy(rate + strlen("rate = \""), RATE_AFTER, strlen(RATE_AFTER));
    f = fopen(c->config, "w");
    assert_non_null(f);
    fputs(config, f);
    fclose(f);
    free(config);
    assert_int_equal(truncate(c->log, 0), 0);
    snprintf(crmd, sizeof crmd, "%s/crmd", dir ? dir : ".");
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (!freopen(c->log, "w", stderr))
            _exit(126);
        execl(crmd, crmd, "serve", "-c", c->config, (char *)NULL);
        _exit(127);
    }
    c->pid = pid;
    c->port = 0;
    /* As test_crmd_start(): wait for "event=server.started ... port=N" in the log. */
    for (int i = 0; i < 300 && !c->port; i++) {
        char *log = test_read_file(c->log, NULL),
             *p = log ? strstr(log, "event=server.started") : NULL;

        if (p && (p = strstr(p, " port=")) != NULL)
            c->port = atoi(p + 6);
        free(log);
        if (!c->port)
            usleep(20000);
    }
    if (!c->port)
        fail_msg("crmd did not start again; its log is %s", c->log);
}

static void
a_change_of_the_configured_rates_leaves_the_commissions_computed(void **state)
{
    test_crmd_t c;
    char product[25], client[25], signed_before[25], body[256], path[96];
    bson_t out;

    (void)state;
    if (test_crmd_start(&c, "sqlite", "\"clients\", \"retail\"", CONFIG) != 0)
        fail_msg("crmd did not start; its log is %s", c.log);
    create(&c, "product",
           "{\"code\":\"DEP-12M\",\"name\":\"Deposit 12 months\",\"type\":\"deposit\","
           "\"line\":\"savings\",\"active\":true}",
           product);
    create(&c, "client", "{\"kind\":\"individual\",\"first_name\":\"Jan\",\"last_name\":\"Nowak\"}",
           client);
    /* 12 345.67 PLN signed at 0.2%: 24.69 */
    snprintf(body, sizeof body,
             "{\"client_id\":\"%s\",\"product_id\":\"%s\",\"stage\":\"signed\","
             "\"amount\":{\"amount\":1234567,\"currency\":\"PLN\"}}",
             client, product);
    create(&c, "opportunity", body, signed_before);
    snprintf(path, sizeof path, "/api/v1/opportunity/%s", signed_before);
    call(&c, "GET", path, NULL, 200, &out);
    commission_is(&out, 2469);
    assert_int_equal(test_crmd_stop(&c), 0);

    /* The rate is 1% now. What was signed keeps the rate of its signing, read or written. */
    restart_with_the_new_rate(&c);
    call(&c, "GET", path, NULL, 200, &out);
    commission_is(&out, 2469);
    call(&c, "PATCH", path, "{\"title\":\"Deposit for the house\",\"probability\":100}", 200, &out);
    commission_is(&out, 2469);
    /* A corrected amount, and a new contract, at 1%: 12 345.68 -> 123.46; 12 345.67 -> 123.46 */
    call(&c, "PATCH", path, "{\"amount\":{\"amount\":1234568,\"currency\":\"PLN\"}}", 200, &out);
    commission_is(&out, 12346);
    call(&c, "POST", "/api/v1/opportunity", body, 201, &out);
    commission_is(&out, 12346);
    assert_int_equal(test_crmd_stop(&c), 0);
    test_crmd_cleanup(&c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_change_of_the_configured_rates_leaves_the_commissions_computed),
    };

    return cmocka_run_group_tests_name("retail_rates_restart", tests, NULL, NULL);
}
