/* Authentication: users and their credentials, sessions, API tokens, lockout. */
#ifndef CRM_AUTHN_PRIVATE_H
#define CRM_AUTHN_PRIVATE_H

#include <crm/common.h>

typedef struct crm__host crm__host_t;

/* Reads the common-passwords list, ensures the users, sessions, api_tokens and auth_failures
 * collections' indexes, and registers /api/v1/auth/... and /api/v1/admin/users. */
int crm__authn_open(crm__host_t *host, crm_error_t *error);
void crm__authn_close(void);

#endif
