/* The running core: configuration, store, loaded plugins and the HTTP server. One per process. */
#ifndef CRM_HOST_PRIVATE_H
#define CRM_HOST_PRIVATE_H

#include "config/config-private.h"
#include "plugin/plugin-private.h"

struct crm__host {
    crm__config_t *config;
    crm_store_t *store;
    crm_plugin_t **plugins; /* loaded, in load order */
    size_t n_plugins;
    bool auth_open;
};

/* The process's host, or NULL before crm__host_open(). */
crm__host_t *crm__host_get(void);

/* Loads the configuration at CONFIG_PATH, opens the store, registers the core's routes and
 * loads the plugins. Returns NULL with ERROR on failure (everything undone). */
crm__host_t *crm__host_open(const char *config_path, crm_error_t *error);

/* Unloads the plugins, closes the store, frees HOST. Accepts NULL. */
void crm__host_close(crm__host_t *host);

#endif
