/* What the files of authentication share: the configuration and store of the running host,
 * and the in-memory cache of verified identities (authenticate.c). */
#ifndef CRM_AUTH_STATE_PRIVATE_H
#define CRM_AUTH_STATE_PRIVATE_H

#include "config/config-private.h"

#include <crm/store.h>

/* The host's configuration and store while the module is open (else NULL). Borrowed. */
const crm__config_t *crm__authn_config(void);
crm_store_t *crm__authn_store(void);

/* Drops from the cache the identity verified for the credential whose hash is HASH. */
void crm__authn_cache_drop(const char *hash);
/* Drops from the cache every identity of user USER_ID (24 hex). */
void crm__authn_cache_drop_user(const char *user_id);

#endif
