/* The one place where a request's caller is established and a route's permission checked.
 * Every request passes here (http/router.c) before its handler runs. */
#include "auth/authenticate-private.h"
#include "auth/authn-private.h"
#include "auth/identity-private.h"

#include <string.h>

/* Placeholder until authentication lands: every request is the system identity. */
const crm_identity_t *
crm__auth_authenticate(const crm__auth_request_t *req, crm_error_t *error)
{
    (void)req;
    (void)error;
    return crm_identity_system();
}

void
crm__auth_release(const crm_identity_t *identity)
{
    (void)identity;
}

int
crm__auth_authorize(const crm_identity_t *who, const char *permission, crm_error_t *error)
{
    if (strcmp(permission, "public") == 0 || crm_identity_can(who, permission))
        return 0;
    return crm_error_set(error, CRM_EPERM, "you lack the permission %s", permission);
}

int
crm__authn_open(crm__host_t *host, crm_error_t *error)
{
    (void)host;
    (void)error;
    return 0;
}

void
crm__authn_close(void)
{
}
