/* What the clients plugin's end-to-end tests share: a core with the plugin loaded (through
 * <crm/testing.h>), records created in one call, reading arrays of a response, and days
 * relative to today. Every helper fails the running cmocka test when something is off. */
#ifndef CLIENTS_TEST_SUPPORT_H
#define CLIENTS_TEST_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <crm/testing.h>

#include <stdbool.h>

/* The plugin file under test (argv[1]). */
extern const char *clients_test_plugin;

/* Runs the cmocka group NAME of N TESTS, each with a core started with the plugin and CONFIG
 * (libconfig text or NULL) as its state. ARGV[1] names the plugin file. */
int clients_test_main(int argc, char **argv, const char *name, const struct CMUnitTest *tests,
                      size_t n);

/* The configuration the group's cores start with (NULL: none); set before clients_test_main. */
extern const char *clients_test_config;

/* The plugin files the group's cores load (NULL-terminated, requirements first); NULL: the
 * clients plugin alone. For the tests of plugins requiring clients; set before
 * clients_test_main. */
extern const char *const *clients_test_plugins;

/* The plugins to load: clients_test_plugins, or the clients plugin alone (in ALONE). */
const char *const *clients_test_plugin_list(const char *alone[2]);

/* An org tree of two branches under one region, with users in them. */
typedef struct {
    char region[25], branch_a[25], branch_b[25];
    crm_test_session_t *anna, *jan;     /* advisors in branch A */
    crm_test_session_t *dorota;         /* director of branch A */
    crm_test_session_t *piotr;          /* advisor in branch B */
    crm_test_session_t *admin;          /* the bank's administrator */
} clients_test_bank_t;

/* Creates that tree in CORE. */
void clients_test_bank(crm_test_core_t *core, clients_test_bank_t *bank);

/* Sends METHOD PATH as S with a body made from FMT (printf-style; NULL: no body) into R and
 * returns the status. */
int clients_test_send(crm_test_session_t *s, const char *method, const char *path,
                      crm_test_response_t *r, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* POSTs the body made from FMT to /api/v1/ENTITY as S, asserts 201 and copies the new id into
 * ID (may be NULL). */
void clients_test_create(crm_test_session_t *s, const char *entity, char id[25], const char *fmt,
                         ...) __attribute__((format(printf, 4, 5)));

/* The number of items of the array at PATH of R's JSON ("items", "sections.cards.items"). */
int clients_test_count(const crm_test_response_t *r, const char *path);

/* The string at PATH.<i>.KEY of R's JSON, or NULL. */
const char *clients_test_item(const crm_test_response_t *r, const char *path, int i,
                              const char *key);

/* True when an item of the array at PATH has KEY equal to VALUE. */
bool clients_test_has(const crm_test_response_t *r, const char *path, const char *key,
                      const char *value);

/* The bool at dotted PATH of R's JSON; fails the test when it is not a bool. */
bool clients_test_bool(const crm_test_response_t *r, const char *path);

/* An ISO 8601 UTC time OFFSET_DAYS from today at HH:MM:SS into OUT ("2026-11-22T10:00:00Z"),
 * or the date alone when HMS is NULL. */
void clients_test_day(int offset_days, const char *hms, char out[32]);

/* Sends BODY with CONTENT_TYPE as METHOD PATH to CORE, authenticated by the API token TOKEN
 * (what the core banking system does: <crm/testing.h> sends JSON only). Returns the status and
 * copies up to CAP-1 bytes of the response body into BODY_OUT. */
int clients_test_bearer(crm_test_core_t *core, const char *token, const char *method,
                        const char *path, const char *content_type, const char *body,
                        char *body_out, size_t cap);

#endif
