/* GET /api/v1/clients/{id}/360: the client and every section registered for "client" by this
 * plugin and the others (accounts, cards, open tasks, the interaction timeline, relationships,
 * contact persons, and whatever retail, collection or servicedesk add), all read as the
 * caller. A client outside the caller's scope is 404, and then no section is read at all. */
#include "clients-private.h"

#include <crm/related.h>

int
clients_route_360(crm_request_t *req, void *data, crm_error_t *error)
{
    const crm_identity_t *caller = crm_request_identity(req);
    const char *id = crm_request_param(req, "id");
    bson_t client, sections = BSON_INITIALIZER, out = BSON_INITIALIZER;
    int rc;

    (void)data;
    rc = crm_entity_get(caller, "client", id, &client, error);
    if (rc == 0) {
        bson_destroy(&sections);
        rc = crm_related_collect(caller, "client", id, &sections, error);
    }
    if (rc == 0) {
        BSON_APPEND_DOCUMENT(&out, "client", &client);
        BSON_APPEND_DOCUMENT(&out, "sections", &sections);
        rc = crm_respond_json(req, 200, &out);
    }
    bson_destroy(&client);
    bson_destroy(&sections);
    bson_destroy(&out);
    return rc;
}
