/* The next best offer: the products retail.next_best_offer recommends to a client's segment
 * and lifecycle phase (the first matching row), in their order, leaving out those the client
 * holds (an account of the product that is not closed) and those no longer offered. Shown in
 * the client 360 (a computed related section) and at GET /api/v1/retail/next-best-offer/{id};
 * a client outside the caller's scope is 404. Also the client's open opportunities and
 * referrals as sections of the 360. */
#include "retail-private.h"

#include <crm/related.h>

#include <string.h>

/* The products a client holds: ids, at most MAX_HELD. */
#define MAX_HELD 64

typedef struct held {
    char ids[MAX_HELD][25];
    size_t n;
} held_t;

static int
add_held(const bson_t *account, void *data, crm_error_t *error)
{
    held_t *h = data;
    const char *product = retail_str(account, "product_id");

    (void)error;
    if (product && h->n < MAX_HELD && !retail_str_is(account, "status", "closed"))
        memcpy(h->ids[h->n++], product, 25);
    return 0;
}

static bool
holds(const held_t *h, const char *product_id)
{
    for (size_t i = 0; product_id && i < h->n; i++)
        if (strcmp(h->ids[i], product_id) == 0)
            return true;
    return false;
}

/* Copies the product (API form) into the document DATA. */
static int
copy_product(const bson_t *product, void *data, crm_error_t *error)
{
    (void)error;
    bson_copy_to(product, data);
    return 1;
}

/* Appends to ITEMS the recommended products of the client CLIENT (read already). The holdings
 * and the catalogue are read as the system: the answer names products, not accounts. */
static int
append_offers(const bson_t *client, bson_t *items, crm_error_t *error)
{
    const retail_offer_rule_t *rule =
        retail_offer_match(retail_settings.offers, retail_settings.n_offers,
                           retail_str(client, "segment"), retail_str(client, "lifecycle_phase"));
    bson_t filter = BSON_INITIALIZER;
    held_t held = {.n = 0};
    uint32_t n = 0;
    int rc;

    if (!rule)
        return 0;
    /* By client alone: the store may pick the index of a status most accounts share. */
    BSON_APPEND_UTF8(&filter, "client_id", retail_str(client, "id"));
    rc = crm_entity_list(crm_identity_system(), "account", &filter, NULL, 500, add_held, &held,
                         error);
    bson_destroy(&filter);
    for (size_t i = 0; rc == 0 && rule->products[i]; i++) {
        bson_t by_code = BSON_INITIALIZER, product = BSON_INITIALIZER, item;
        bson_iter_t active;
        char idx[16];
        const char *key;

        BSON_APPEND_UTF8(&by_code, "code", rule->products[i]);
        rc = crm_entity_list(crm_identity_system(), "product", &by_code, NULL, 1, copy_product,
                             &product, error);
        rc = rc == 1 ? 0 : rc;
        if (rc == 0 && retail_str(&product, "id") && !holds(&held, retail_str(&product, "id")) &&
            !(bson_iter_init_find(&active, &product, "active") && BSON_ITER_HOLDS_BOOL(&active) &&
              !bson_iter_bool(&active))) {
            bson_uint32_to_string(n, &key, idx, sizeof idx);
            BSON_APPEND_DOCUMENT_BEGIN(items, key, &item);
            BSON_APPEND_INT32(&item, "rank", (int32_t)++n);
            BSON_APPEND_UTF8(&item, "product_id", retail_str(&product, "id"));
            BSON_APPEND_UTF8(&item, "code", rule->products[i]);
            if (retail_str(&product, "name"))
                BSON_APPEND_UTF8(&item, "name", retail_str(&product, "name"));
            if (retail_str(&product, "type"))
                BSON_APPEND_UTF8(&item, "type", retail_str(&product, "type"));
            if (retail_str(&product, "line"))
                BSON_APPEND_UTF8(&item, "line", retail_str(&product, "line"));
            bson_append_document_end(items, &item);
        }
        bson_destroy(&by_code);
        bson_destroy(&product);
    }
    return rc;
}

/* The computed 360 section. The 360 has read the client as the caller; a caller who cannot
 * read it gets no section. */
static int
build_section(const crm_identity_t *caller, const char *target_id, bson_t *items, void *data,
              crm_error_t *error)
{
    bson_t client;
    int rc;

    (void)data;
    rc = crm_entity_get(caller, "client", target_id, &client, error);
    if (rc == CRM_ENOTFOUND)
        rc = crm_error_set(error, CRM_EPERM, "the client is outside the caller's scope");
    if (rc == 0)
        rc = append_offers(&client, items, error);
    bson_destroy(&client);
    return rc;
}

/* GET /api/v1/retail/next-best-offer/{id} */
static int
route_offer(crm_request_t *req, void *data, crm_error_t *error)
{
    const crm_identity_t *caller = crm_request_identity(req);
    bson_t client, out = BSON_INITIALIZER, items;
    int rc;

    (void)data;
    rc = crm_request_query_only(req, NULL, error);
    if (rc == 0)
        rc = crm_entity_get(caller, "client", crm_request_param(req, "id"), &client, error);
    else
        bson_init(&client);
    if (rc == 0) {
        BSON_APPEND_UTF8(&out, "client_id", retail_str(&client, "id"));
        if (retail_str(&client, "segment"))
            BSON_APPEND_UTF8(&out, "segment", retail_str(&client, "segment"));
        if (retail_str(&client, "lifecycle_phase"))
            BSON_APPEND_UTF8(&out, "lifecycle_phase", retail_str(&client, "lifecycle_phase"));
        BSON_APPEND_ARRAY_BEGIN(&out, "items", &items);
        rc = append_offers(&client, &items, error);
        bson_append_array_end(&out, &items);
    }
    if (rc == 0)
        rc = crm_respond_json(req, 200, &out);
    bson_destroy(&client);
    bson_destroy(&out);
    return rc;
}

/* The sections' headings in Polish, Ukrainian and Russian. */
CRM_RELATED_LABELS(opportunities, "Otwarte szanse sprzedaży", "Відкриті можливості продажу",
                   "Открытые возможности продаж");
CRM_RELATED_LABELS(next_best_offer, "Następna najlepsza oferta", "Наступна найкраща пропозиція",
                   "Следующее лучшее предложение");
CRM_RELATED_LABELS(referrals, "Polecenia", "Рекомендації", "Рекомендации");

static const crm_related_def_t sections[] = {
    {.size = sizeof(crm_related_def_t),
     .name = "opportunities",
     .translations = opportunities_tr,
     .label = "Open opportunities",
     .target = "client",
     .entity = "opportunity",
     .field = "client_id",
     .filter = "{\"stage\":{\"$in\":[\"lead\",\"qualified\",\"offer\",\"application\"]}}",
     .sort = "-updated_at",
     .limit = 20,
     .order = 100},
    {.size = sizeof(crm_related_def_t),
     .name = "next_best_offer",
     .translations = next_best_offer_tr,
     .label = "Next best offer",
     .target = "client",
     .build = build_section,
     .order = 105},
    {.size = sizeof(crm_related_def_t),
     .name = "referrals",
     .translations = referrals_tr,
     .label = "Referrals",
     .target = "client",
     .entity = "referral",
     .field = "client_id",
     .sort = "-created_at",
     .limit = 10,
     .order = 110},
};

static const crm_route_t offer_route = {
    sizeof(crm_route_t), "GET",       "/api/v1/retail/next-best-offer/{id}",
    "client.read",       route_offer, NULL};

int
retail_offer_register(crm_plugin_t *plugin, crm_error_t *error)
{
    int rc = crm_route_add(plugin, &offer_route, error);

    for (size_t i = 0; rc == 0 && i < sizeof sections / sizeof sections[0]; i++)
        rc = crm_related_register(plugin, &sections[i], error);
    return rc;
}
