/* Authentication and the route permission check, called by the router for every request. */
#ifndef CRM_AUTHENTICATE_PRIVATE_H
#define CRM_AUTHENTICATE_PRIVATE_H

#include <crm/identity.h>

/* What authentication may look at: the request's headers (cookie, Authorization) and the
 * client address. */
typedef struct crm__auth_request {
    const char *(*header)(const void *ctx, const char *name);
    const void *ctx;
    const char *remote_addr;
} crm__auth_request_t;

/* The caller of REQ, borrowed for the request; NULL with ERROR (401) when the credentials
 * are invalid or expired. */
const crm_identity_t *crm__auth_authenticate(const crm__auth_request_t *req, crm_error_t *error);

/* 0 when WHO may use a route that needs PERMISSION ("public" always); CRM_EPERM otherwise. */
int crm__auth_authorize(const crm_identity_t *who, const char *permission, crm_error_t *error);

#endif
