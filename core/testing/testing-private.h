/* What the files of the test harness share: the core and session structures behind the
 * opaque types of <crm/testing.h>. */
#ifndef CRM_TESTING_PRIVATE_H
#define CRM_TESTING_PRIVATE_H

#include "host/host-private.h"
#include "http/server-private.h"

#include <crm/testing.h>

#include <limits.h>

/* The password every user of one core gets: random per core, accepted by the policy. */
#define CRM__TEST_PASSWORD_SIZE 48

struct crm_test_session {
    crm_test_core_t *core;
    crm_test_session_t *next; /* the core's sessions, newest first */
    char user_id[25];
    char cookie[256]; /* "crm_session=..." */
    char csrf[128];
};

struct crm_test_core {
    char dir[PATH_MAX];              /* the temporary directory, removed at stop */
    char config_path[PATH_MAX + 16]; /* dir/crmd.cfg */
    crm__host_t *host;
    crm__http_t *http;
    int port;
    char bank[25];
    char password[CRM__TEST_PASSWORD_SIZE];
    crm_test_session_t *sessions;
};

/* Creates the bank, the root of CORE's org tree, and keeps its id. Returns 0 or -1. */
int crm__test_bank_create(crm_test_core_t *core);

/* Frees every session of CORE. */
void crm__test_sessions_free(crm_test_core_t *core);

/* Fills CORE's password with a new random one. */
void crm__test_password_generate(crm_test_core_t *core);

/* The running core, or NULL. */
crm_test_core_t *crm__test_core_current(void);

/* Parses the JSON TEXT (LEN bytes) into OUT (initialised here, empty when TEXT is not JSON).
 * Returns whether it was JSON. */
bool crm__test_json_parse(const char *text, size_t len, bson_t *out);

#endif
