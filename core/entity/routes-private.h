/* Handlers of the generic entity routes that live in their own files. */
#ifndef CRM_ENTITY_ROUTES_PRIVATE_H
#define CRM_ENTITY_ROUTES_PRIVATE_H

#include <crm/http.h>

int crm__entity_handle_list(crm_request_t *req, void *data, crm_error_t *error);
int crm__entity_handle_export(crm_request_t *req, void *data, crm_error_t *error);
int crm__entity_handle_import(crm_request_t *req, void *data, crm_error_t *error);

#endif
