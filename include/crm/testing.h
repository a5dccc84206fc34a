/* The test harness for plugin authors: start an in-process core with a temporary embedded
 * store, load the plugin under test (and what it requires), create org units and users in given
 * roles, and make HTTP requests as them over a real socket. Meant for cmocka tests:
 *
 *   crm_test_core_t *core = crm_test_core_start (&(crm_test_options_t){
 *       .size = sizeof (crm_test_options_t), .plugins = CRM_TEST_PLUGINS ("build/my_plugin.so")});
 *   crm_test_session_t *anna = crm_test_user (core, "anna", "advisor", NULL);
 *   crm_test_response_t r;
 *   crm_test_request (anna, "POST", "/api/v1/my_entity", "{\"name\":\"x\"}", &r);
 *   assert_int_equal (r.status, 201);
 *   crm_test_response_free (&r);
 *   crm_test_core_stop (core);
 *
 * One core runs per process at a time. Functions that fail print why on stderr and return
 * NULL or -1, so a test can assert on the result. */
#ifndef CRM_TESTING_H
#define CRM_TESTING_H

#include <bson/bson.h>
#include <crm/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct crm_test_core crm_test_core_t;
typedef struct crm_test_session crm_test_session_t;

/* A NULL-terminated list of plugin files (paths to .so) for crm_test_options_t. */
#define CRM_TEST_PLUGINS(...) ((const char *const[]){__VA_ARGS__, NULL})

typedef struct crm_test_options {
    size_t size;                /* sizeof(crm_test_options_t) */
    const char *const *plugins; /* plugin files to load, requirements first; NULL: none */
    const char *config;         /* extra libconfig text (plugin groups, ...), or NULL */
} crm_test_options_t;

/* Starts a core: a temporary directory with a SQLite store, authentication on (cheap password
 * hashing), the built-in roles, the given plugins, HTTP on 127.0.0.1 and a free port, and the
 * job scheduler (POST /api/v1/jobs/<id>/run starts a plugin's job). The org
 * tree starts with one unit, the bank (crm_test_bank_unit()). Free with crm_test_core_stop(). */
CRM_API crm_test_core_t *crm_test_core_start(const crm_test_options_t *options);

/* Stops the core, unloads the plugins and removes the temporary directory. Accepts NULL. */
CRM_API void crm_test_core_stop(crm_test_core_t *core);

/* The port the core listens on. */
CRM_API int crm_test_core_port(const crm_test_core_t *core);

/* The id (24 hex) of the bank, the root of the org tree. Borrowed from CORE. */
CRM_API const char *crm_test_bank_unit(const crm_test_core_t *core);

/* Creates an org unit NAME of KIND ("region", "branch", "team") under PARENT (an id) and
 * copies its id into ID. Returns 0 or -1. */
CRM_API int crm_test_org_unit(crm_test_core_t *core, const char *name, const char *kind,
                              const char *parent, char id[25]);

/* Creates user USERNAME with ROLE (a built-in role or one the plugin's test created) in org
 * unit UNIT (an id; NULL: the bank) and logs them in. The session belongs to CORE and is freed
 * with it. NULL on failure. */
CRM_API crm_test_session_t *crm_test_user(crm_test_core_t *core, const char *username,
                                          const char *role, const char *unit);

/* The id (24 hex) of the session's user. Borrowed. */
CRM_API const char *crm_test_user_id(const crm_test_session_t *session);

typedef struct crm_test_response {
    int status;
    char *body;      /* NUL-terminated */
    size_t body_len;
    bson_t json;     /* the body parsed as JSON; empty when it is not JSON */
} crm_test_response_t;

/* Sends METHOD PATH with BODY (JSON, or NULL) as SESSION (NULL: without credentials), with the
 * session cookie and CSRF header a browser would send, and reads the response into RESP (free
 * it with crm_test_response_free()). Returns the status, or -1 when the request failed. */
CRM_API int crm_test_request(crm_test_session_t *session, const char *method, const char *path,
                             const char *body, crm_test_response_t *resp);

/* As crm_test_request() with a body of LEN bytes of CONTENT_TYPE ("text/csv",
 * "application/x-ndjson", ...): imports and other non-JSON bodies. SESSION NULL: without
 * credentials, on the running core. (ABI 1.2) */
CRM_API int crm_test_request_typed(crm_test_session_t *session, const char *method,
                                   const char *path, const char *content_type, const char *body,
                                   size_t len, crm_test_response_t *resp);

/* The same on CORE without credentials. */
CRM_API int crm_test_request_anonymous(crm_test_core_t *core, const char *method,
                                       const char *path, const char *body,
                                       crm_test_response_t *resp);

/* The string at dotted PATH of RESP's JSON ("items.0.name"), or NULL. Borrowed from RESP. */
CRM_API const char *crm_test_json_string(const crm_test_response_t *resp, const char *path);

/* The integer at dotted PATH of RESP's JSON, or DEF. */
CRM_API int64_t crm_test_json_int(const crm_test_response_t *resp, const char *path, int64_t def);

/* Frees what RESP holds; accepts a zeroed one. */
CRM_API void crm_test_response_free(crm_test_response_t *resp);

#ifdef __cplusplus
}
#endif

#endif
