/* GET /api/v1/meta: what the running core offers the caller, for the web UI to shape itself. */
#ifndef CRM_ENTITY_META_PRIVATE_H
#define CRM_ENTITY_META_PRIVATE_H

#include <crm/http.h>

/* Answers the core's version, the loaded plugins, the entities the caller may read (schema,
 * what the caller may do with them), the reports the caller may run and who the caller is.
 * The shape is documented in docs/ui.md. */
int crm__entity_handle_meta(crm_request_t *req, void *data, crm_error_t *error);

#endif
