/* The retail plugin's reports: the sales pipeline, conversion, targets against actuals.
 * Registered from init through retail_reports_register(). */
#include "retail-private.h"

int
retail_reports_register(crm_plugin_t *plugin, crm_error_t *error)
{
    (void)plugin;
    (void)error;
    return 0;
}
