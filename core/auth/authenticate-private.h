/* Authentication and the route permission check, called by the router for every request, and
 * the lifetime of the auth module. */
#ifndef CRM_AUTHENTICATE_PRIVATE_H
#define CRM_AUTHENTICATE_PRIVATE_H

#include <crm/identity.h>

typedef struct crm__host crm__host_t;

/* What authentication may look at: the request's headers (Cookie, Authorization,
 * X-CSRF-Token), its method, the client address, and whether the route is public. */
typedef struct crm__auth_request {
    const char *(*header)(const void *ctx, const char *name);
    const void *ctx;
    const char *remote_addr;
    const char *method;
    bool required; /* false for public routes: no credentials gives the anonymous identity */
    bool tls;      /* the connection is TLS */
} crm__auth_request_t;

/* The caller of REQ, to release with crm__auth_release() when the request ends. NULL with
 * ERROR: 401 when credentials are required and missing, invalid or expired; 403 when a
 * cookie-authenticated unsafe request lacks the CSRF header. With auth disabled in the
 * configuration, the system identity. */
const crm_identity_t *crm__auth_authenticate(const crm__auth_request_t *req, crm_error_t *error);

/* Releases an identity crm__auth_authenticate() returned; accepts NULL. */
void crm__auth_release(const crm_identity_t *identity);

/* 0 when WHO may use a route that needs PERMISSION ("public" always); CRM_EPERM otherwise. */
int crm__auth_authorize(const crm_identity_t *who, const char *permission, crm_error_t *error);

/* Starts the auth and authorisation modules for HOST (roles, common passwords, indexes, core
 * routes) and stops them. */
int crm__auth_open(crm__host_t *host, crm_error_t *error);
void crm__auth_close(void);

#endif
