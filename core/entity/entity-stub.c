/* Placeholder until the entity service lands. */
#include "entity/entity-private.h"
int crm__entity_core_init(crm_error_t *e) { (void)e; return 0; }
void crm__entity_core_fini(void) {}
