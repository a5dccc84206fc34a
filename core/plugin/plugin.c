/* The plugin handle: its public accessors, the core's ABI, and the record of what each plugin
 * registered (for listing and for undo). */
#include "common/paths-private.h"
#include "plugin/loader-private.h"

#include "host/host-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One registration a plugin made; kept newest first. */
struct crm__registration {
    char *kind;
    char *what;
    void (*undo)(void *ctx);
    void *ctx;
    crm__registration_t *next;
};

const char *
crm_plugin_name(const crm_plugin_t *plugin)
{
    return plugin && plugin->desc ? plugin->desc->name : NULL;
}

const crm_config_t *
crm_plugin_config(const crm_plugin_t *plugin)
{
    return plugin ? plugin->config : NULL;
}

crm_store_t *
crm_plugin_store(const crm_plugin_t *plugin)
{
    return plugin && plugin->host ? plugin->host->store : NULL;
}

void
crm_plugin_set_data(crm_plugin_t *plugin, void *data)
{
    if (plugin)
        plugin->data = data;
}

void *
crm_plugin_get_data(const crm_plugin_t *plugin)
{
    return plugin ? plugin->data : NULL;
}

void
crm_core_abi(int *major, int *minor)
{
    if (major)
        *major = CRM_ABI_MAJOR;
    if (minor)
        *minor = CRM_ABI_MINOR;
}

int
crm__plugin_record(crm_plugin_t *plugin, const char *kind, const char *what,
                   void (*undo)(void *ctx), void *ctx, crm_error_t *error)
{
    crm__registration_t *r = NULL;

    if (!plugin)
        return 0;
    if (!plugin->initialising)
        return crm_error_set(error, CRM_EPLUGIN,
                             "plugin '%s': registration is only allowed during init",
                             crm_plugin_name(plugin));
    r = calloc(1, sizeof *r);
    if (!r || !(r->kind = strdup(kind ? kind : "")) || !(r->what = strdup(what ? what : ""))) {
        if (r) {
            free(r->kind);
            free(r);
        }
        return crm_error_set(error, CRM_ENOMEM, "out of memory");
    }
    r->undo = undo;
    r->ctx = ctx;
    r->next = plugin->registrations;
    plugin->registrations = r;
    return 0;
}

void
crm__plugin_foreach_registration(const crm_plugin_t *plugin,
                                 void (*fn)(const char *kind, const char *what, void *data),
                                 void *data)
{
    const crm__registration_t **items = NULL;
    size_t n = 0;

    if (!plugin)
        return;
    for (const crm__registration_t *r = plugin->registrations; r; r = r->next)
        n++;
    if (n == 0)
        return;
    items = malloc(n * sizeof *items);
    if (!items)
        return;
    n = 0;
    for (const crm__registration_t *r = plugin->registrations; r; r = r->next)
        items[n++] = r;
    /* The list is newest first; callers see the order of registration. */
    while (n > 0) {
        n--;
        fn(items[n]->kind, items[n]->what, data);
    }
    free(items);
}

void
crm__plugin_undo_registrations(crm_plugin_t *plugin)
{
    crm__registration_t *r;

    if (!plugin)
        return;
    while ((r = plugin->registrations)) {
        plugin->registrations = r->next;
        if (r->undo)
            r->undo(r->ctx);
        free(r->kind);
        free(r->what);
        free(r);
    }
}

crm_plugin_t *
crm__plugin_new(crm__host_t *host, const char *path, void *dl, const crm_plugin_desc_t *desc)
{
    crm_plugin_t *plugin = calloc(1, sizeof *plugin);

    if (!plugin)
        return NULL;
    plugin->path = strdup(path ? path : "");
    if (!plugin->path) {
        free(plugin);
        return NULL;
    }
    plugin->desc = desc;
    plugin->dl = dl;
    plugin->host = host;
    plugin->config = crm__config_plugin_group(host ? host->config : NULL, desc->name);
    return plugin;
}

void
crm__plugin_free(crm_plugin_t *plugin)
{
    if (!plugin)
        return;
    crm__plugin_undo_registrations(plugin);
    free(plugin->path);
    free(plugin);
}

int
crm__plugin_start(crm_plugin_t *plugin, crm_error_t *error)
{
    crm_error_t init_error = {0};
    int rc;

    plugin->initialising = true;
    rc = plugin->desc->init(plugin, &init_error);
    plugin->initialising = false;
    if (rc == 0)
        return 0;
    crm__plugin_undo_registrations(plugin);
    return crm_error_set(error, CRM_EPLUGIN, "init failed: %s",
                         init_error.message[0] ? init_error.message : "(no message)");
}

crm_plugin_t *const *
crm__plugins_list(const crm__host_t *host, size_t *n)
{
    if (n)
        *n = host ? host->n_plugins : 0;
    return host ? host->plugins : NULL;
}

bool
crm__plugin_name_valid(const char *name)
{
    if (!name || !(name[0] >= 'a' && name[0] <= 'z'))
        return false;
    for (const char *p = name + 1; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return false;
    return true;
}

bool
crm__plugin_entry_is_path(const char *entry)
{
    size_t n = strlen(entry);

    return strchr(entry, '/') || (n > 3 && strcmp(entry + n - 3, ".so") == 0);
}

const char *
crm__plugin_resolve(const crm__config_t *cfg, const char *entry, char *buf, size_t size)
{
    const char *dir = cfg && cfg->plugin_dir ? cfg->plugin_dir : crm__path_plugins();

    if (!crm__plugin_entry_is_path(entry))
        snprintf(buf, size, "%s/%s.so", dir, entry);
    else if (!strchr(entry, '/'))
        snprintf(buf, size, "./%s", entry);
    else
        snprintf(buf, size, "%s", entry);
    return buf;
}
