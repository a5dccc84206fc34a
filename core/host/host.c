/* The running core: configuration, store, core routes, plugins. */
#include "host/host-private.h"

#include "auth/authenticate-private.h"
#include "entity/entity-private.h"
#include "http/server-private.h"
#include "job/job-private.h"
#include "report/report-private.h"
#include "report/saved-private.h"

#include <crm/log.h>

#include <stdlib.h>

static crm__host_t *the_host;

crm__host_t *
crm__host_get(void)
{
    return the_host;
}

crm__host_t *
crm__host_open(const char *config_path, crm_error_t *error)
{
    crm__host_t *host = NULL;
    crm__config_problems_t problems = {0};

    host = calloc(1, sizeof *host);
    if (!host) {
        crm_error_set(error, CRM_ENOMEM, "out of memory");
        return NULL;
    }
    host->config = crm__config_load(config_path, &problems);
    if (!host->config) {
        for (size_t i = 0; i < problems.n; i++)
            crm_log(CRM_LOG_ERROR, "config.problem", "file=%s line=%d problem=\"%s\"",
                    problems.items[i].file, problems.items[i].line, problems.items[i].message);
        crm_error_set(error, CRM_ECONFIG, "%s: %zu problem(s); run `crmd check-config %s`",
                      config_path, problems.n, config_path);
        goto fail;
    }
    crm_log_set_level(host->config->log_level);
    host->store = crm_store_open(host->config->store_driver, host->config->store_location,
                                 host->config->store_database, error);
    if (!host->store)
        goto fail;
    the_host = host;
    if (crm__entity_core_init(error) != 0)
        goto fail;
    if (crm__auth_open(host, error) != 0)
        goto fail;
    host->auth_open = true;
    if (crm__jobs_open(host, error) != 0)
        goto fail;
    if (crm__reports_open(error) != 0)
        goto fail;
    if (crm__saved_open(host, error) != 0)
        goto fail;
    if (crm__plugins_load(host, error) != 0)
        goto fail;
    crm__config_problems_free(&problems);
    return host;
fail:
    crm__config_problems_free(&problems);
    crm__host_close(host);
    return NULL;
}

void
crm__host_close(crm__host_t *host)
{
    if (!host)
        return;
    crm__plugins_unload(host);
    if (host->auth_open)
        crm__auth_close();
    crm__entity_core_fini();
    crm_store_close(host->store);
    crm__config_free(host->config);
    if (the_host == host)
        the_host = NULL;
    free(host);
}
