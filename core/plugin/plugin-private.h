/* The plugin handle and the loader. */
#ifndef CRM_PLUGIN_PRIVATE_H
#define CRM_PLUGIN_PRIVATE_H

#include <crm/plugin.h>

typedef struct crm__host crm__host_t;
typedef struct crm__registration crm__registration_t;

struct crm_plugin {
    const crm_plugin_desc_t *desc;
    char *path;                 /* the file it was loaded from */
    void *dl;                   /* dlopen handle; NULL for the core's own pseudo-plugin */
    crm__host_t *host;
    const crm_config_t *config; /* its group; never NULL (an empty group when absent) */
    void *data;
    bool initialising;          /* true while its init runs: registration is allowed */
    crm__registration_t *registrations; /* newest first */
};

/* Records a registration PLUGIN made, for `crmd plugins`, GET /api/v1/meta and undo: if init
 * fails or the plugin is unloaded, UNDO(CTX) removes it (UNDO may be NULL). KIND is "entity",
 * "route", "event", "permission", "report" or "job"; WHAT describes it ("GET /api/v1/x").
 * Refuses with CRM_EPLUGIN when PLUGIN is not inside its init. PLUGIN NULL means the core
 * itself: accepted and not recorded. */
int crm__plugin_record(crm_plugin_t *plugin, const char *kind, const char *what,
                       void (*undo)(void *ctx), void *ctx, crm_error_t *error);

/* Calls FN for each registration of PLUGIN, oldest first. */
void crm__plugin_foreach_registration(const crm_plugin_t *plugin,
                                      void (*fn)(const char *kind, const char *what, void *data),
                                      void *data);

/* Loads the enabled plugins of HOST's configuration in dependency order and runs their init.
 * A plugin refused or failing is logged with one line naming the file and the reason; with
 * plugins.strict the first such failure stops loading and is returned, otherwise the others
 * go on. Returns 0 or the failure. */
int crm__plugins_load(crm__host_t *host, crm_error_t *error);

/* Runs every loaded plugin's fini in reverse load order, undoes its registrations and closes
 * it. */
void crm__plugins_unload(crm__host_t *host);

/* The loaded plugins in load order: *N gets their number. Borrowed. */
crm_plugin_t *const *crm__plugins_list(const crm__host_t *host, size_t *n);

/* Reads the descriptor of the plugin at PATH without running anything of it: for
 * check-config. On success *DL must be dlclose()d by the caller after using *DESC. */
int crm__plugin_peek(const char *path, void **dl, const crm_plugin_desc_t **desc,
                     crm_error_t *error);

#endif
