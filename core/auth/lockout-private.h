/* Brute-force defence: failed logins counted per account and per client address in the
 * store (collection "auth_failures", shared by every instance), and account lockout. */
#ifndef CRM_AUTH_LOCKOUT_PRIVATE_H
#define CRM_AUTH_LOCKOUT_PRIVATE_H

#include <crm/store.h>

#define CRM__AUTH_FAILURES "auth_failures"

/* 0 when a login by USERNAME from ADDRESS may be tried now; CRM_ERATE with *RETRY_AFTER
 * (seconds) when the address failed too often within the window, when the existing user USER
 * (may be NULL) is locked out after failures, or when the unknown name USERNAME failed as
 * often as an account may (so unknown and known names behave alike). */
int crm__lockout_check(crm_store_t *store, const char *address, const char *username,
                       const bson_t *user, int64_t *retry_after, crm_error_t *error);

/* Counts a failed login of USERNAME (the user USER, may be NULL) from ADDRESS; locks the
 * account when it reached the limit (audited "lockout"). True when it just got locked. */
bool crm__lockout_record_failure(crm_store_t *store, const char *address, const char *username,
                                 const bson_t *user);

/* Forgets the failures of user USER (after a successful login or an unlock). */
void crm__lockout_reset(crm_store_t *store, const bson_t *user);

#endif
