/* The auth module's lifetime: authentication and authorisation, opened together by the host. */
#include "auth/authenticate-private.h"
#include "auth/authn-private.h"
#include "authz/authz-private.h"

int
crm__auth_open(crm__host_t *host, crm_error_t *error)
{
    int rc = crm__authz_open(host, error);

    if (rc == 0 && (rc = crm__authn_open(host, error)) != 0)
        crm__authz_close();
    return rc;
}

void
crm__auth_close(void)
{
    crm__authn_close();
    crm__authz_close();
}
