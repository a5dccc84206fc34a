/* The entity registry and the generic REST endpoints. */
#ifndef CRM_ENTITY_PRIVATE_H
#define CRM_ENTITY_PRIVATE_H

#include <crm/entity.h>

/* Registers the core's routes (generic entity endpoints, meta) and collections. */
int crm__entity_core_init(crm_error_t *error);
void crm__entity_core_fini(void);

#endif
