/* The referral's rules, kept by its prepare hook. */
#include "retail-private.h"

int
retail_referral_prepare(const crm_identity_t *actor, const bson_t *record, const bson_t *before,
                        bson_t *changes, crm_error_t *error)
{
    (void)actor;
    (void)error;
    if (!before && !bson_has_field(record, "status"))
        BSON_APPEND_UTF8(changes, "status", "new");
    return 0;
}
