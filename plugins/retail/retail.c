/* retail: the sales pipeline of a retail bank. Opportunities from lead to signed or lost,
 * referrals from one employee to an advisor, sales targets in the org structure, renewals of
 * maturing contracts, stuck opportunities, commissions and the next best offer.
 * docs/plugins/retail.md describes all of it. */
#include "retail-private.h"

#include <crm/config.h>
#include <crm/log.h>
#include <crm/permission.h>

static const crm_entity_def_t *const entities[] = {
    &retail_referral_def,
    &retail_opportunity_def,
    &retail_sales_target_def,
};

static int
retail_init(crm_plugin_t *plugin, crm_error_t *error)
{
    int rc = retail_settings_read(crm_plugin_config(plugin), error);

    if (rc != 0)
        return rc;
    for (size_t i = 0; rc == 0 && i < sizeof entities / sizeof entities[0]; i++)
        rc = crm_entity_register(plugin, entities[i], error);
    if (rc == 0)
        rc = crm_permission_declare(plugin, "sales_target.manage",
                                    "Set the sales targets of units within the scope", error);
    if (rc == 0)
        rc = retail_events_register(plugin, error);
    if (rc == 0)
        rc = retail_offer_register(plugin, error);
    if (rc == 0)
        rc = retail_demo_register(plugin, error);
    if (rc == 0)
        rc = retail_renewals_register(plugin, error);
    if (rc == 0)
        rc = retail_stuck_register(plugin, error);
    if (rc == 0)
        rc = retail_reports_register(plugin, error);
    if (rc != 0) {
        retail_settings_free();
        return rc;
    }
    crm_log(CRM_LOG_INFO, "retail.ready",
            "renewal_horizon_days=%d commission_rates=%zu next_best_offer_rules=%zu",
            retail_settings.renewal_horizon_days, retail_settings.n_rates,
            retail_settings.n_offers);
    return 0;
}

static void
retail_fini(crm_plugin_t *plugin)
{
    (void)plugin;
    retail_settings_free();
}

static const crm_config_key_t retail_keys[] = {
    {"renewal_horizon_days", CRM_CONFIG_INT,
     "accounts maturing within this many days get a renewal opportunity (default 60)"},
    {"renewal_product_types", CRM_CONFIG_STRING_LIST,
     "product types renewed (default [\"deposit\", \"loan\", \"insurance\"])"},
    {"stuck_after_days", CRM_CONFIG_GROUP,
     "days without activity after which an open opportunity is stuck, per stage: "
     "{ lead = 14; qualified = 14; offer = 10; application = 7; }"},
    {"probability", CRM_CONFIG_GROUP,
     "default probability (0-100) per open stage: "
     "{ lead = 10; qualified = 25; offer = 50; application = 75; }"},
    {"commission", CRM_CONFIG_LIST,
     "commission rates at signing: ( { product = \"DEP-12M\"; rate = \"0.0020\"; }, "
     "{ line = \"cash loans\"; rate = \"0.0150\"; } )"},
    {"next_best_offer", CRM_CONFIG_LIST,
     "recommended products by segment and lifecycle phase: ( { segment = \"mass\"; "
     "phase = \"potential\"; products = [\"ROR-STD\"]; } )"},
    {NULL, 0, NULL},
};

CRM_PLUGIN_DEFINE("retail", "1.0.0",
                  "Retail sales: opportunities and the pipeline, referrals, sales targets, "
                  "renewals, stuck opportunities, commissions and the next best offer",
                  CRM_REQUIRES("clients"), retail_init, retail_fini, retail_keys);
