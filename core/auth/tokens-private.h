/* API tokens for integrations: "api_tokens" documents holding only the token's keyed hash. */
#ifndef CRM_AUTH_TOKENS_PRIVATE_H
#define CRM_AUTH_TOKENS_PRIVATE_H

#include "auth/identity-private.h"
#include "auth/sessions-private.h"

#include <crm/store.h>

#define CRM__API_TOKENS "api_tokens"

/* Creates a token for CREATOR (a session identity) named NAME, expiring at EXPIRES_AT (ms; in
 * the future, at most a year ahead), limited to PATTERNS (each covered by the creator's
 * grants: else 422). TOKEN receives the secret (shown once); OUT (initialised here) the API
 * view of the document. */
int crm__token_create(crm_store_t *store, const crm_identity_t *creator, const char *name,
                      int64_t expires_at, const char *const *patterns, size_t n_patterns,
                      char token[CRM__SECRET_LEN + 1], bson_t *out, crm_error_t *error);

/* Appends the API view of token document DOC to OUT (never the hash). */
void crm__token_to_api(const bson_t *doc, bson_t *out);

/* Revokes token ID: its owner, or anybody holding "tokens.manage". 404 otherwise. */
int crm__token_revoke(crm_store_t *store, const crm_identity_t *who, const char *id,
                      crm_error_t *error);

/* The identity for the bearer SECRET whose hash is HASH: the creator's current grants limited
 * to the token's permissions. 401 when unknown, revoked, expired or its user unusable. */
crm_identity_t *crm__token_identity(crm_store_t *store, const char *hash, crm_error_t *error);

#endif
