/* The MongoDB driver: a placeholder until it is built; opening it fails. */
#include "store/store-private.h"

/* Refuses to open: the driver is not part of this build. */
static int
mongodb_open(crm_store_t *store, const char *location, const char *database, void **impl,
             crm_error_t *error)
{
    (void)store;
    (void)location;
    (void)database;
    *impl = NULL;
    return crm_error_set(error, CRM_EUNSUPPORTED, "mongodb driver not built");
}

const crm__store_driver_t crm__store_mongodb = {
    .name = "mongodb",
    .open = mongodb_open,
};
