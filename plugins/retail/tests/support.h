/* What the retail plugin's end-to-end tests share: a core with the clients and retail plugins
 * loaded, a small bank of two branches with staff, a product catalogue and clients. The
 * request, job and report helpers are the clients plugin's (plugins/clients/tests/support.h
 * and profile_support.h). Every helper fails the running cmocka test when something is off. */
#ifndef RETAIL_TEST_SUPPORT_H
#define RETAIL_TEST_SUPPORT_H

#include "../../clients/tests/profile_support.h"

/* The configuration the group's cores start with (NULL: none); set before retail_test_main. */
extern const char *retail_test_config;

/* Runs the cmocka group NAME of N TESTS, each with its own core (the clients plugin ARGV[1],
 * the retail plugin ARGV[2] and, when given, the fixture tests/fixture_clock.c ARGV[3],
 * started with retail_test_config) as its state. */
int retail_test_main(int argc, char **argv, const char *name, const struct CMUnitTest *tests,
                     size_t n);

/* A bank of two branches under one region, their staff, three products and a client of each
 * of the two advisors anna and piotr. */
typedef struct {
    char region[25], branch_a[25], branch_b[25];
    crm_test_session_t *anna, *jan; /* advisors in branch A */
    crm_test_session_t *dorota;     /* director of branch A */
    crm_test_session_t *tomasz;     /* teller in branch A */
    crm_test_session_t *piotr;      /* advisor in branch B */
    crm_test_session_t *zofia;      /* director of branch B */
    crm_test_session_t *board;      /* a member of the board */
    crm_test_session_t *admin;      /* the bank's administrator */
    char deposit[25];               /* DEP-12M, a deposit of the line "savings" */
    char loan[25];                  /* CASH-LOAN, a loan of the line "cash loans" */
    char account[25];               /* ROR-STD, an account of the line "daily banking" */
    char anna_client[25];           /* a client of anna's, in branch A */
    char piotr_client[25];          /* a client of piotr's, in branch B */
} retail_test_bank_t;

/* Creates that bank in CORE. */
void retail_test_bank(crm_test_core_t *core, retail_test_bank_t *bank);

/* Creates an opportunity as S for CLIENT and PRODUCT with the extra JSON members EXTRA (may be
 * NULL or ""; e.g. "\"stage\":\"offer\""), asserts 201 and copies its id into ID. */
void retail_test_opportunity(crm_test_session_t *s, const char *client, const char *product,
                             const char *extra, char id[25]);

/* PATCHes /api/v1/ENTITY/ID as S with BODY and asserts 200. */
void retail_test_patch(crm_test_session_t *s, const char *entity, const char *id, const char *body);

/* GETs /api/v1/ENTITY/ID as S into R and asserts 200. */
void retail_test_get(crm_test_session_t *s, const char *entity, const char *id,
                     crm_test_response_t *r);

#endif
