/* crmd seed-demo on a real crmd: the demo bank (org tree, staff in every built-in role, one
 * generated password kept in a 0600 file), the plugins' demo data placed in it (the example
 * plugin's prospects, the clients, the retail pipeline, seen by each role within its scope),
 * and a second run that changes nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "crmd_process.h"
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define AUTH "auth = { enabled = true; hash_opslimit = 1; hash_memlimit_kb = 8; };\n"

static const char *const built_in_roles[] = {
    "advisor", "branch_director", "regional_director", "board", "collector", "marketer",
    "service_agent", "auditor", "admin", "integration", "teller"};

/* The number of records of ENTITY USERNAME sees. */
static int64_t
seen_by(const test_crmd_t *c, const char *entity, const char *username, const char *password)
{
    test_session_t s;
    bson_t out;
    bson_iter_t it;
    int64_t n = -1;
    char path[96];

    if (test_login(c->port, username, password, &s) != 200)
        fail_msg("%s cannot log in", username);
    snprintf(path, sizeof path, "/api/v1/%s?_count=true&limit=1", entity);
    assert_int_equal(test_session_json(&s, "GET", path, NULL, &out), 200);
    if (bson_iter_init_find(&it, &out, "count"))
        n = bson_iter_as_int64(&it);
    bson_destroy(&out);
    return n;
}

static void
seeds_a_demo_bank_once_with_every_role_and_scoped_data(void **state)
{
    test_crmd_t c;
    const char *args[] = {"seed-demo", "--clients", "50", NULL};
    char out_path[400], logins[400], password[64] = "";
    char *out, *file, *p;
    struct stat st;

    (void)state;
    assert_int_equal(
        test_crmd_start(&c, "sqlite", "\"example\", \"clients\", \"retail\"", AUTH), 0);
    snprintf(out_path, sizeof out_path, "%s/seed.out", c.dir);
    assert_int_equal(test_crmd_run(&c, out_path, args), 0);
    out = test_read_file(out_path, NULL);
    assert_non_null(out);
    assert_non_null(strstr(out, "created the demo bank: 10 org units, 21 staff"));
    assert_non_null(strstr(out, "3 plugins seeded"));
    assert_non_null(strstr(out, "seed-demo: retail: "));
    assert_non_null(strstr(out, "clients: 50 clients"));
    p = strstr(out, "password: ");
    assert_non_null(p);
    sscanf(p + 10, "%63s", password);
    assert_true(strlen(password) >= 12);

    /* the logins are kept beside the store, readable by the operator only */
    snprintf(logins, sizeof logins, "%s/demo-logins.txt", c.dir);
    assert_int_equal(stat(logins, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    file = test_read_file(logins, NULL);
    for (size_t i = 0; i < sizeof built_in_roles / sizeof built_in_roles[0]; i++)
        if (!strstr(file, built_in_roles[i]))
            fail_msg("no demo user in role %s", built_in_roles[i]);
    free(file);

    /* 240 prospects over seven advisors, i-th to advisor i mod 7 */
    assert_int_equal(seen_by(&c, "prospect", "board", password), 240);
    assert_int_equal(seen_by(&c, "prospect", "anna.advisor", password), 35);
    assert_int_equal(seen_by(&c, "prospect", "krakow.director", password), 70);
    assert_int_equal(seen_by(&c, "prospect", "north.director", password), 172);
    /* 50 clients, the i-th to advisor i mod 7, each with at least one account */
    assert_int_equal(seen_by(&c, "client", "board", password), 50);
    assert_int_equal(seen_by(&c, "client", "anna.advisor", password), 8);
    assert_int_equal(seen_by(&c, "client", "krakow.director", password), 15);
    assert_true(seen_by(&c, "account", "board", password) >= 50);
    /* the pipeline, renewals included, within each one's scope; the tellers' referrals */
    assert_true(seen_by(&c, "opportunity", "board", password) >= 20);
    assert_true(seen_by(&c, "opportunity", "anna.advisor", password) > 0);
    assert_true(seen_by(&c, "opportunity", "anna.advisor", password) <
                seen_by(&c, "opportunity", "krakow.director", password));
    assert_true(seen_by(&c, "referral", "marek.teller", password) > 0);
    assert_int_equal(seen_by(&c, "sales_target", "board", password), 275);

    /* a second run leaves the store as it is and prints the logins again */
    assert_int_equal(test_crmd_run(&c, out_path, args), 0);
    free(out);
    out = test_read_file(out_path, NULL);
    assert_non_null(strstr(out, "left as it is"));
    assert_non_null(strstr(out, password));
    assert_int_equal(seen_by(&c, "prospect", "board", password), 240);
    assert_int_equal(seen_by(&c, "client", "board", password), 50);
    assert_int_equal(seen_by(&c, "sales_target", "board", password), 275);
    free(out);
    test_crmd_stop(&c);
    test_crmd_cleanup(&c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seeds_a_demo_bank_once_with_every_role_and_scoped_data),
    };

    return cmocka_run_group_tests_name("seed-demo", tests, NULL, NULL);
}
