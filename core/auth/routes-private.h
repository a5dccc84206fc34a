/* The HTTP routes of authentication: /api/v1/auth/... (auth_routes.c) and
 * /api/v1/admin/users (users_routes.c). */
#ifndef CRM_AUTH_ROUTES_PRIVATE_H
#define CRM_AUTH_ROUTES_PRIVATE_H

#include <crm/http.h>

/* The permission of routes any logged-in caller may use (their own session, tokens,
 * password): crm__auth_authorize() grants it to every user identity, never to anonymous. */
#define CRM__AUTH_SELF "auth.self"

/* Registers the routes once per process (later calls do nothing). */
int crm__auth_routes_add(crm_error_t *error);
int crm__users_routes_add(crm_error_t *error);

/* True when REQ came over TLS (cookies then get Secure). */
bool crm__request_tls(const crm_request_t *req);

#endif
