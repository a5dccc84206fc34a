/* Secrets (session and API tokens), their keyed hashes, sessions in the store and the session
 * cookie. */
#ifndef CRM_AUTH_SESSIONS_PRIVATE_H
#define CRM_AUTH_SESSIONS_PRIVATE_H

#include <crm/store.h>

/* A secret: 256 random bits as unpadded base64url (43 characters). */
#define CRM__SECRET_LEN 43
/* Its keyed hash as hex (64 characters). */
#define CRM__HASH_LEN 64

#define CRM__SESSION_COOKIE "crm_session"
#define CRM__SESSIONS "sessions"

/* Loads the hashing key shared by every instance from the store ("auth_keys"), creating it
 * the first time. */
int crm__secret_open(crm_store_t *store, crm_error_t *error);
void crm__secret_close(void);

/* Writes a new random secret into OUT. */
void crm__secret_new(char out[CRM__SECRET_LEN + 1]);

/* Writes the keyed hash (crypto_generichash) of SECRET into OUT as hex. */
void crm__secret_hash(const char *secret, char out[CRM__HASH_LEN + 1]);

/* Starts a session for USER_ID (24 hex) lasting ABSOLUTE_HOURS at most: a new secret into
 * TOKEN (the cookie value, never stored) and a CSRF token into CSRF. */
int crm__session_create(crm_store_t *store, const char *user_id, int64_t absolute_hours,
                        char token[CRM__SECRET_LEN + 1], char csrf[CRM__SECRET_LEN + 1],
                        crm_error_t *error);

/* Deletes the session whose hash is HASH. */
int crm__session_delete(crm_store_t *store, const char *hash, crm_error_t *error);

/* Ends every session of USER_ID, except the one whose hash is KEEP (may be NULL), and drops
 * them from the cache. */
int crm__sessions_end_user(crm_store_t *store, const char *user_id, const char *keep,
                           crm_error_t *error);

/* Copies into OUT (SIZE bytes) the value of cookie NAME in the Cookie header HEADER. False
 * when absent or too long. */
bool crm__cookie_get(const char *header, const char *name, char *out, size_t size);

/* Formats the Set-Cookie value for TOKEN (NULL: a cookie that clears it) into OUT. */
void crm__session_cookie(const char *token, bool tls, char *out, size_t size);

#endif
