/* GET /api/v1/clients/lookup?phone=...: who is calling. The number may be written any common
 * way; it is normalised like the clients' phones, and the clients holding it (within the
 * caller's scope) come back with their last five interactions, newest first. */
#include "clients-private.h"
#include "phone-private.h"

#define LOOKUP_MAX_CLIENTS 20
#define LOOKUP_INTERACTIONS 5

/* Appends to ITEMS one entry per client of CLIENTS: {"client": ..., "last_interactions": [...]},
 * the interactions left out when the caller may not read them. */
static int
with_interactions(const crm_identity_t *caller, const bson_t *clients, bson_t *items,
                  crm_error_t *error)
{
    bson_iter_t it;
    uint32_t n = 0;
    int rc = 0;

    if (!bson_iter_init(&it, clients))
        return 0;
    while (rc == 0 && bson_iter_next(&it)) {
        bson_t client, entry, last = BSON_INITIALIZER, filter = BSON_INITIALIZER;
        const uint8_t *raw;
        uint32_t len;
        char key[16];
        const char *k;
        bool readable;

        bson_iter_document(&it, &len, &raw);
        if (!bson_init_static(&client, raw, len))
            continue;
        BSON_APPEND_UTF8(&filter, "client_id", clients_str(&client, "id"));
        rc = clients_list_if_readable(caller, "interaction", &filter, "-at", LOOKUP_INTERACTIONS,
                                      &last, &readable, error);
        if (rc == 0) {
            bson_uint32_to_string(n++, &k, key, sizeof key);
            BSON_APPEND_DOCUMENT_BEGIN(items, k, &entry);
            BSON_APPEND_DOCUMENT(&entry, "client", &client);
            if (readable)
                BSON_APPEND_ARRAY(&entry, "last_interactions", &last);
            bson_append_document_end(items, &entry);
        }
        bson_destroy(&filter);
        bson_destroy(&last);
    }
    return rc;
}

int
clients_route_lookup(crm_request_t *req, void *data, crm_error_t *error)
{
    const crm_identity_t *caller = crm_request_identity(req);
    const char *phone = crm_request_query(req, "phone");
    char e164[CLIENTS_PHONE_MAX], why[CLIENTS_PHONE_WHY];
    bson_t filter = BSON_INITIALIZER, clients = BSON_INITIALIZER, out = BSON_INITIALIZER, items;
    int rc;

    (void)data;
    if (!phone || !*phone) {
        rc = crm_error_set(error, CRM_EINVAL, "phone is required: ?phone=+48600100200");
        goto done;
    }
    if (!clients_phone_normalise(phone, clients_settings.default_country, e164, why)) {
        rc = crm_error_set(error, CRM_EINVAL, "phone: the number %s", why);
        goto done;
    }
    BSON_APPEND_UTF8(&filter, "phones", e164);
    rc = clients_list_into(caller, "client", &filter, NULL, LOOKUP_MAX_CLIENTS, &clients, error);
    if (rc != 0)
        goto done;
    BSON_APPEND_UTF8(&out, "phone", e164);
    BSON_APPEND_ARRAY_BEGIN(&out, "items", &items);
    rc = with_interactions(caller, &clients, &items, error);
    bson_append_array_end(&out, &items);
    if (rc == 0)
        rc = crm_respond_json(req, 200, &out);
done:
    bson_destroy(&filter);
    bson_destroy(&clients);
    bson_destroy(&out);
    return rc;
}
