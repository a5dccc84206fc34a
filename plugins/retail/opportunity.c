/* The opportunity's rules, kept by its prepare hook on every create, update and import. */
#include "retail-private.h"

int
retail_opportunity_prepare(const crm_identity_t *actor, const bson_t *record,
                           const bson_t *before, bson_t *changes, crm_error_t *error)
{
    (void)actor;
    (void)error;
    if (!before && !bson_has_field(record, "stage"))
        BSON_APPEND_UTF8(changes, "stage", "lead");
    return 0;
}
