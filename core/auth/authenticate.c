/* The one place where a request's caller is established and a route's permission checked.
 * Every request passes here (http/router.c) before its handler runs. Until authentication is
 * configured, requests run as the built-in system identity. */
#include "auth/authenticate-private.h"

#include <string.h>

const crm_identity_t *
crm__auth_authenticate(const crm__auth_request_t *req, crm_error_t *error)
{
    (void)req;
    (void)error;
    return crm_identity_system();
}

int
crm__auth_authorize(const crm_identity_t *who, const char *permission, crm_error_t *error)
{
    if (strcmp(permission, "public") == 0 || crm_identity_can(who, permission))
        return 0;
    return crm_error_set(error, CRM_EPERM, "you lack the permission %s", permission);
}
