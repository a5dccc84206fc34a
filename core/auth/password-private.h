/* Passwords: the policy, argon2id hashing and verification, and the common-passwords list. */
#ifndef CRM_AUTH_PASSWORD_PRIVATE_H
#define CRM_AUTH_PASSWORD_PRIVATE_H

#include <crm/common.h>

#include <sodium.h>

/* The longest password accepted, in bytes. */
#define CRM__PASSWORD_MAX 1024

/* Reads the refused passwords of PATH (one per line, compared case-insensitively; blank lines
 * and lines starting with '#' skipped). A missing file is CRM_ECONFIG. Replaces any list read
 * before. Not thread-safe: call during start-up. */
int crm__password_load_common(const char *path, crm_error_t *error);

/* Frees the list. */
void crm__password_free_common(void);

/* Checks PASSWORD against the policy for USERNAME: at least MIN_LENGTH characters, at most
 * CRM__PASSWORD_MAX bytes, valid UTF-8, neither the user name nor containing it, not a common
 * password. CRM_EVALIDATION with the reason on field "password". */
int crm__password_check(const char *username, const char *password, int64_t min_length,
                        crm_error_t *error);

/* Hashes PASSWORD with argon2id at OPSLIMIT and MEMLIMIT_KB KiB into OUT. */
int crm__password_hash(const char *password, int64_t opslimit, int64_t memlimit_kb,
                       char out[crypto_pwhash_STRBYTES], crm_error_t *error);

/* True when PASSWORD matches HASH (constant-time inside libsodium). With HASH NULL the same
 * work is done against a dummy hash and false returned, so unknown users cost the same. */
bool crm__password_verify(const char *hash, const char *password);

/* True when HASH was made with other costs than OPSLIMIT / MEMLIMIT_KB. */
bool crm__password_needs_rehash(const char *hash, int64_t opslimit, int64_t memlimit_kb);

/* Makes the dummy hash used for unknown users, at the configured costs. */
int crm__password_init_dummy(int64_t opslimit, int64_t memlimit_kb, crm_error_t *error);

#endif
