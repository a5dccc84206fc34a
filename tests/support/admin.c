/* An end-to-end world with authentication on. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

int
test_start_with_admin(test_crmd_t *c, const char *plugins, const char *extra,
                      const char *password, test_session_t *admin)
{
    char config[2048], cmd[1024];
    FILE *p;

    snprintf(config, sizeof config,
             "auth = { enabled = true; hash_opslimit = 1; hash_memlimit_kb = 8; };\n%s",
             extra ? extra : "");
    if (test_crmd_start(c, "sqlite", plugins, config) != 0)
        return -1;
    snprintf(cmd, sizeof cmd, "%s/crmd user add root --role admin -c %s >>%s 2>&1",
             getenv("CRM_TEST_BUILD_DIR"), c->config, c->log);
    p = popen(cmd, "w");
    if (!p)
        return -1;
    fprintf(p, "%s\n", password);
    if (WEXITSTATUS(pclose(p)) != 0)
        return -1;
    return test_login(c->port, "root", password, admin) == 200 ? 0 : -1;
}

void
test_create(const test_session_t *s, const char *path, const char *body, char id[25])
{
    bson_t j;
    bson_iter_t it;
    int status = test_session_json(s, "POST", path, body, &j);

    if (status != 201 || !bson_iter_init_find(&it, &j, "id") || !BSON_ITER_HOLDS_UTF8(&it)) {
        char *text = bson_as_relaxed_extended_json(&j, NULL);
        fail_msg("POST %s %s: %d %s", path, body, status, text);
    }
    if (id)
        snprintf(id, 25, "%s", bson_iter_utf8(&it, NULL));
    bson_destroy(&j);
}

void
test_org_unit(const test_session_t *admin, const char *name, const char *kind, const char *parent,
              char id[25])
{
    char body[256];

    if (parent)
        snprintf(body, sizeof body, "{\"name\":\"%s\",\"kind\":\"%s\",\"parent_id\":\"%s\"}", name,
                 kind, parent);
    else
        snprintf(body, sizeof body, "{\"name\":\"%s\",\"kind\":\"%s\"}", name, kind);
    test_create(admin, "/api/v1/org_units", body, id);
}

void
test_user(const test_session_t *admin, const char *name, const char *role, const char *unit,
          const char *password, char id[25])
{
    char body[512];

    snprintf(body, sizeof body,
             "{\"username\":\"%s\",\"display_name\":\"%s\",\"password\":\"%s\","
             "\"org_unit\":\"%s\",\"roles\":[\"%s\"]}",
             name, name, password, unit, role);
    test_create(admin, "/api/v1/admin/users", body, id);
}

void
test_user_session(const test_session_t *admin, const char *name, const char *role,
                  const char *unit, const char *password, test_session_t *s)
{
    char id[25];

    test_user(admin, name, role, unit, password, id);
    assert_int_equal(test_login(admin->port, name, password, s), 200);
}
