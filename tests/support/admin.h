/* An end-to-end world with authentication on: a real crmd, its first administrator made with
 * `crmd user add`, and helpers that create org units, users and records as that administrator
 * through the API. */
#ifndef TEST_ADMIN_H
#define TEST_ADMIN_H

#include "crmd_process.h"
#include "session.h"

/* Starts crmd (SQLite, authentication on with cheap hashing) with PLUGINS (a libconfig list
 * body such as "\"example\"") and EXTRA config (may be NULL), creates the administrator "root"
 * with PASSWORD and logs them in as ADMIN. Returns 0 or -1. */
int test_start_with_admin(test_crmd_t *c, const char *plugins, const char *extra,
                          const char *password, test_session_t *admin);

/* POSTs BODY to PATH as S and copies the new record's id into ID (may be NULL); a status other
 * than 201 fails the test with the response. */
void test_create(const test_session_t *s, const char *path, const char *body, char id[25]);

/* Creates org unit NAME of KIND under PARENT (an id, or NULL for the root) as ADMIN. */
void test_org_unit(const test_session_t *admin, const char *name, const char *kind,
                   const char *parent, char id[25]);

/* Creates user NAME with ROLE in UNIT and PASSWORD as ADMIN. */
void test_user(const test_session_t *admin, const char *name, const char *role, const char *unit,
               const char *password, char id[25]);

/* test_user(), then logs the new user in as S (the test fails when the login does). */
void test_user_session(const test_session_t *admin, const char *name, const char *role,
                       const char *unit, const char *password, test_session_t *s);

#endif
