/* GET /api/v1/meta: what the running core offers the caller, for the web UI to shape itself. */
#ifndef CRM_ENTITY_META_PRIVATE_H
#define CRM_ENTITY_META_PRIVATE_H

#include <crm/http.h>

/* Answers the core's version, the loaded plugins, the entities the caller may read (schema,
 * what the caller may do with them), the reports the caller may run and who the caller is.
 * The shape is documented in docs/ui.md. */
int crm__entity_handle_meta(crm_request_t *req, void *data, crm_error_t *error);

/* GET /api/v1/{entity}/{id}/related: the record's related sections (crm/related.h) as the
 * caller sees them: {"sections": {...}}; 404 for a record outside the caller's scope. */
int crm__entity_handle_related(crm_request_t *req, void *data, crm_error_t *error);

#endif
