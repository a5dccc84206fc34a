/* GET /healthz: whether the server and its store answer. */
#include "http/http-private.h"

#include <crm/store.h>

int
crm__health_handler(crm_request_t *req, void *data, crm_error_t *error)
{
    crm_store_t *store = crm_request_store(req);
    crm_error_t ping = {0};
    bson_t doc = BSON_INITIALIZER;
    int status = 200, rc;

    (void)data;
    (void)error;
    if (!store) {
        BSON_APPEND_UTF8(&doc, "status", "ok");
        BSON_APPEND_UTF8(&doc, "store", "none");
    } else if (crm_store_ping(store, &ping) == 0) {
        BSON_APPEND_UTF8(&doc, "status", "ok");
        BSON_APPEND_UTF8(&doc, "store", crm_store_driver(store));
    } else {
        status = 503;
        BSON_APPEND_UTF8(&doc, "status", "unavailable");
        BSON_APPEND_UTF8(&doc, "store", crm_store_driver(store));
        BSON_APPEND_UTF8(&doc, "message", ping.message);
    }
    rc = crm_respond_json(req, status, &doc);
    bson_destroy(&doc);
    return rc;
}
