/* clients: the single client base every other bank plugin requires. Individuals and
 * organisations, contact persons, relationships, company groups, interactions, tasks, the
 * product catalogue, accounts and cards; the client 360 view, caller lookup by phone, the
 * advisor's day and the contact policy built on the clients' consents.
 * docs/plugins/clients.md describes all of it. */
#include "clients-private.h"
#include "duplicates-private.h"
#include "phone-private.h"
#include "profile-private.h"

#include <crm/config.h>
#include <crm/log.h>

#include <stdio.h>

clients_settings_t clients_settings;

static const crm_entity_def_t *const entities[] = {
    &clients_company_group_def, &clients_client_def,  &clients_contact_person_def,
    &clients_relationship_def,  &clients_product_def, &clients_account_def,
    &clients_card_def,          &clients_interaction_def, &clients_task_def,
};

/* The routes answer within the caller's scope for the entity permission they name: whoever may
 * read clients may open a 360 view, look a caller up or ask about contact; whoever may read
 * tasks has a day. */
static const crm_route_t routes[] = {
    {sizeof(crm_route_t), "GET", "/api/v1/clients/{id}/360", "client.read", clients_route_360,
     NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/clients/{id}/may-contact", "client.read",
     clients_route_may_contact, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/clients/lookup", "client.read", clients_route_lookup,
     NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/clients/my-day", "task.read", clients_route_my_day,
     NULL},
};

static int
read_settings(const crm_config_t *cfg, crm_error_t *error)
{
    const char *cc = crm_config_string(cfg, "default_country", "48");
    const char *file = "the configuration";
    int line = 0;

    if (!clients_phone_cc_valid(cc)) {
        crm_config_where(cfg, "default_country", &file, &line);
        return crm_error_set(error, CRM_ECONFIG,
                             "%s:%d: clients.default_country must be a calling code of 1 to 3 "
                             "digits without '+', e.g. \"48\"",
                             file, line);
    }
    snprintf(clients_settings.default_country, sizeof clients_settings.default_country, "%s", cc);
    clients_settings.check_pesel = crm_config_bool(cfg, "check_pesel", true);
    return 0;
}

static int
clients_init(crm_plugin_t *plugin, crm_error_t *error)
{
    int rc = read_settings(crm_plugin_config(plugin), error);

    for (size_t i = 0; rc == 0 && i < sizeof entities / sizeof entities[0]; i++)
        rc = crm_entity_register(plugin, entities[i], error);
    if (rc == 0)
        rc = clients_sections_register(plugin, error);
    if (rc == 0)
        rc = clients_consent_register(plugin, error);
    if (rc == 0)
        rc = clients_demo_register(plugin, error);
    for (size_t i = 0; rc == 0 && i < sizeof routes / sizeof routes[0]; i++)
        rc = crm_route_add(plugin, &routes[i], error);
    if (rc == 0)
        rc = clients_profile_register(plugin, error);
    if (rc == 0)
        rc = clients_duplicates_register(plugin, error);
    if (rc == 0)
        crm_log(CRM_LOG_INFO, "clients.ready", "default_country=%s check_pesel=%s",
                clients_settings.default_country, clients_settings.check_pesel ? "true" : "false");
    return rc;
}

static const crm_config_key_t clients_keys[] = {
    {"default_country", CRM_CONFIG_STRING,
     "calling code for phone numbers written without one, e.g. \"48\" (default)"},
    {"check_pesel", CRM_CONFIG_BOOL,
     "an individual's national_id must be a valid PESEL (default true)"},
    {"completeness", CRM_CONFIG_GROUP,
     "weight of each profile field in data completeness, e.g. { phones = 20; emails = 15; }"},
    {"completeness_threshold", CRM_CONFIG_INT,
     "completeness (1-100) below which an important client's data has gaps (default 70)"},
    {"important_segments", CRM_CONFIG_STRING_LIST,
     "segments the gaps list covers (default [\"private\", \"affluent\"])"},
    {"segmentation", CRM_CONFIG_LIST,
     "segmentation rules, first match wins: ( { segment = \"mass\"; kind = \"individual\"; } )"},
    {"lifecycle", CRM_CONFIG_GROUP,
     "lifecycle criteria: dormant_after_days (90), lost_after_days (365), "
     "developed_min_products (3)"},
    {NULL, 0, NULL},
};

CRM_PLUGIN_DEFINE("clients", "1.0.0",
                  "Clients: the single client base, interactions, tasks, products, accounts, "
                  "cards, 360 view, caller lookup and contact policy",
                  NULL, clients_init, NULL, clients_keys);
