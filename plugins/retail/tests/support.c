/* What the retail plugin's end-to-end tests share (support.h). */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *retail_test_config;
/* clients, retail and, for the job and report tests, the fixture retail_clock. */
static const char *plugins[4];

int
retail_test_main(int argc, char **argv, const char *name, const struct CMUnitTest *tests, size_t n)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s CLIENTS_PLUGIN RETAIL_PLUGIN [CLOCK_FIXTURE]\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++)
        plugins[i - 1] = argv[i];
    clients_test_plugins = plugins;
    clients_test_config = retail_test_config;
    return clients_test_main(argc, argv, name, tests, n);
}

static crm_test_session_t *
user(crm_test_core_t *core, const char *name, const char *role, const char *unit)
{
    crm_test_session_t *s = crm_test_user(core, name, role, unit);

    assert_non_null(s);
    return s;
}

void
retail_test_bank(crm_test_core_t *core, retail_test_bank_t *b)
{
    clients_test_bank_t base;

    /* The clients tests' bank, and who retail needs beside. */
    clients_test_bank(core, &base);
    memcpy(b->region, base.region, 25);
    memcpy(b->branch_a, base.branch_a, 25);
    memcpy(b->branch_b, base.branch_b, 25);
    b->anna = base.anna;
    b->jan = base.jan;
    b->dorota = base.dorota;
    b->piotr = base.piotr;
    b->admin = base.admin;
    b->tomasz = user(core, "tomasz", "teller", b->branch_a);
    b->zofia = user(core, "zofia", "branch_director", b->branch_b);
    b->board = user(core, "board", "board", NULL);
    clients_test_create(b->admin, "product", b->deposit,
                        "{\"code\":\"DEP-12M\",\"name\":\"Deposit 12 months\","
                        "\"type\":\"deposit\",\"line\":\"savings\",\"active\":true}");
    clients_test_create(b->admin, "product", b->loan,
                        "{\"code\":\"CASH-LOAN\",\"name\":\"Cash loan\",\"type\":\"loan\","
                        "\"line\":\"cash loans\",\"active\":true}");
    clients_test_create(b->admin, "product", b->account,
                        "{\"code\":\"ROR-STD\",\"name\":\"Personal account\","
                        "\"type\":\"account\",\"line\":\"daily banking\",\"active\":true}");
    clients_test_create(b->anna, "client", b->anna_client,
                        "{\"kind\":\"individual\",\"first_name\":\"Jan\","
                        "\"last_name\":\"Kowalski\"}");
    clients_test_create(b->piotr, "client", b->piotr_client,
                        "{\"kind\":\"individual\",\"first_name\":\"Ewa\","
                        "\"last_name\":\"Nowak\"}");
}

void
retail_test_opportunity(crm_test_session_t *s, const char *client, const char *product,
                        const char *extra, char id[25])
{
    clients_test_create(s, "opportunity", id, "{\"client_id\":\"%s\",\"product_id\":\"%s\"%s%s}",
                        client, product, extra && *extra ? "," : "", extra ? extra : "");
}

void
retail_test_get(crm_test_session_t *s, const char *entity, const char *id, crm_test_response_t *r)
{
    char path[96];

    snprintf(path, sizeof path, "/api/v1/%s/%s", entity, id);
    profile_get(s, path, r);
}

void
retail_test_patch(crm_test_session_t *s, const char *entity, const char *id, const char *body)
{
    crm_test_response_t r = {0};
    char path[96];
    int status;

    snprintf(path, sizeof path, "/api/v1/%s/%s", entity, id);
    status = clients_test_send(s, "PATCH", path, &r, "%s", body);
    if (status != 200)
        print_error("PATCH %s %s: %d %s\n", path, body, status, r.body ? r.body : "");
    assert_int_equal(status, 200);
    crm_test_response_free(&r);
}
