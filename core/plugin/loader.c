/* The plugin loader: reads each enabled plugin's descriptor, refuses what cannot work (naming
 * the file and the reason), orders the rest by their requirements, runs init, and unloads
 * everything in reverse order. */
#include "plugin/loader-private.h"

#include "config/config-private.h"
#include "entity/entity-private.h"
#include "host/host-private.h"

#include <crm/log.h>

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The size of the ABI 1.0 descriptor: every field up to config_keys. */
#define CRM__DESC_SIZE_1_0 (offsetof(crm_plugin_desc_t, config_keys) + sizeof(void *))

/* The fields size, abi_major and abi_minor, which every ABI keeps first. */
#define CRM__DESC_HEAD_SIZE (offsetof(crm_plugin_desc_t, abi_minor) + sizeof(uint16_t))

typedef enum entry_state {
    ENTRY_PEEKED = 0, /* descriptor read and accepted */
    ENTRY_REFUSED,    /* refused before init, or init failed */
    ENTRY_LOADED,
} entry_state_t;

/* One enabled entry on its way to being loaded. */
typedef struct entry {
    const char *name_in_config; /* the enabled entry as written */
    char path[PATH_MAX];
    void *dl;
    const crm_plugin_desc_t *desc;
    entry_state_t state;
    int mark; /* depth-first ordering: 0 new, 1 in progress, 2 done */
} entry_t;

typedef struct loader {
    crm__host_t *host;
    entry_t *entries;
    size_t n;
    size_t *order; /* entry indexes in load order */
    size_t n_order;
    size_t *stack; /* the requirement path being ordered, for naming cycles */
    size_t depth;
    bool strict;
    bool stop; /* a refusal in strict mode: give up */
    crm_error_t *error;
} loader_t;

/* Checks a descriptor's ABI and fields. */
static int
check_descriptor(const char *path, const crm_plugin_desc_t *d, crm_error_t *error)
{
    if (d->size < CRM__DESC_HEAD_SIZE)
        return crm_error_set(error, CRM_EPLUGIN, "%s: descriptor is only %u bytes", path,
                             (unsigned)d->size);
    if (d->abi_major != CRM_ABI_MAJOR)
        return crm_error_set(error, CRM_EPLUGIN,
                             "%s: core has ABI %d.%d, plugin was built for %u.%u: rebuild it "
                             "against the core's headers",
                             path, CRM_ABI_MAJOR, CRM_ABI_MINOR, (unsigned)d->abi_major,
                             (unsigned)d->abi_minor);
    if (d->abi_minor > CRM_ABI_MINOR)
        return crm_error_set(
            error, CRM_EPLUGIN, "%s: core has ABI %d.%d, plugin needs %u.%u: upgrade the core",
            path, CRM_ABI_MAJOR, CRM_ABI_MINOR, (unsigned)d->abi_major, (unsigned)d->abi_minor);
    if (d->size < CRM__DESC_SIZE_1_0)
        return crm_error_set(error, CRM_EPLUGIN,
                             "%s: descriptor is %u bytes, smaller than the ABI 1.0 descriptor "
                             "(%zu bytes)",
                             path, (unsigned)d->size, (size_t)CRM__DESC_SIZE_1_0);
    if (!crm__plugin_name_valid(d->name))
        return crm_error_set(error, CRM_EPLUGIN,
                             "%s: invalid plugin name \"%s\" (expected [a-z][a-z0-9_]*)", path,
                             d->name ? d->name : "(null)");
    if (!d->init)
        return crm_error_set(error, CRM_EPLUGIN, "%s: plugin '%s' has no init function", path,
                             d->name);
    return 0;
}

int
crm__plugin_peek(const char *path, void **dl, const crm_plugin_desc_t **desc, crm_error_t *error)
{
    void *handle = NULL;
    const crm_plugin_desc_t *d = NULL;
    const char *why;
    struct stat st;
    int rc = CRM_EPLUGIN;

    *dl = NULL;
    *desc = NULL;
    if (stat(path, &st) != 0) {
        crm_error_set(error, CRM_EPLUGIN, "%s: %s", path,
                      errno == ENOENT ? "no such file" : strerror(errno));
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        crm_error_set(error, CRM_EPLUGIN, "%s: not a regular file", path);
        goto done;
    }
    dlerror();
    handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        why = dlerror();
        crm_error_set(error, CRM_EPLUGIN, "%s: not a shared object: %s", path,
                      why ? why : "dlopen failed");
        goto done;
    }
    d = dlsym(handle, CRM_PLUGIN_SYMBOL);
    if (!d) {
        crm_error_set(error, CRM_EPLUGIN,
                      "%s: no descriptor (symbol '%s' not found): define one with "
                      "CRM_PLUGIN_DEFINE()",
                      path, CRM_PLUGIN_SYMBOL);
        goto done;
    }
    rc = check_descriptor(path, d, error);
    if (rc != 0)
        goto done;
    *dl = handle;
    *desc = d;
    handle = NULL;
done:
    if (handle)
        dlclose(handle);
    return rc;
}

/* Refuses entry E: one log line, and in strict mode the error to return. REASON_FMT already
 * names the file. */
static void CRM_PRINTF(3, 4) refuse(loader_t *L, entry_t *e, const char *fmt, ...);

static void
refuse(loader_t *L, entry_t *e, const char *fmt, ...)
{
    char message[384];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    crm_log(CRM_LOG_ERROR, "plugin.refused", "file=%s name=%s problem=\"%s\"", e->path,
            e->desc ? e->desc->name : e->name_in_config, message);
    e->state = ENTRY_REFUSED;
    if (e->dl) {
        dlclose(e->dl);
        e->dl = NULL;
    }
    e->desc = NULL;
    if (L->strict && !L->stop) {
        L->stop = true;
        crm_error_set(L->error, CRM_EPLUGIN, "%s", message);
    }
}

/* The entry providing plugin NAME: one whose descriptor has that name, else one enabled under
 * that name that was refused before its descriptor could be used. -1 when no entry is. */
static long
find_provider(const loader_t *L, const char *name)
{
    for (size_t i = 0; i < L->n; i++)
        if (L->entries[i].desc && strcmp(L->entries[i].desc->name, name) == 0)
            return (long)i;
    for (size_t i = 0; i < L->n; i++)
        if (!L->entries[i].desc && strcmp(L->entries[i].name_in_config, name) == 0)
            return (long)i;
    return -1;
}

/* Refuses every entry of the cycle that closes at entry J, naming the cycle. */
static void
refuse_cycle(loader_t *L, size_t j)
{
    char cycle[384] = "";
    size_t from = 0;
    size_t len = 0;

    while (L->stack[from] != j)
        from++;
    for (size_t k = from; k < L->depth; k++)
        len += (size_t)snprintf(cycle + len, len < sizeof cycle ? sizeof cycle - len : 0, "%s -> ",
                                L->entries[L->stack[k]].desc->name);
    if (len < sizeof cycle)
        snprintf(cycle + len, sizeof cycle - len, "%s", L->entries[j].desc->name);
    for (size_t k = from; k < L->depth; k++) {
        entry_t *e = &L->entries[L->stack[k]];

        if (e->state != ENTRY_REFUSED)
            refuse(L, e, "%s: dependency cycle: %s", e->path, cycle);
    }
}

/* Places entry I in the load order after everything it requires (depth first), refusing it
 * when a requirement is missing, refused, or part of a cycle. */
static void
visit(loader_t *L, size_t i)
{
    entry_t *e = &L->entries[i];
    const char *const *req;

    if (e->mark == 2 || e->state == ENTRY_REFUSED || L->stop)
        return;
    e->mark = 1;
    L->stack[L->depth++] = i;
    /* Refusing E closes its file: test its state before reading its requirements again. */
    for (req = e->desc->requires; e->state != ENTRY_REFUSED && !L->stop && req && *req; req++) {
        long j = find_provider(L, *req);

        if (j < 0) {
            refuse(L, e, "%s: requires '%s', which is not enabled", e->path, *req);
        } else if (L->entries[j].mark == 1) {
            refuse_cycle(L, (size_t)j);
        } else {
            visit(L, (size_t)j);
            if (L->entries[j].state == ENTRY_REFUSED && e->state != ENTRY_REFUSED)
                refuse(L, e, "%s: requires '%s', which was refused", e->path, *req);
        }
    }
    L->depth--;
    e->mark = 2;
    if (e->state != ENTRY_REFUSED)
        L->order[L->n_order++] = i;
}

/* Loads entry E, already ordered after its requirements: checks they loaded, runs init. */
static void
start(loader_t *L, entry_t *e)
{
    crm__host_t *host = L->host;
    crm_plugin_t *plugin = NULL;
    crm_error_t init_error = {0};

    for (const char *const *req = e->desc->requires; req && *req; req++) {
        long j = find_provider(L, *req);

        if (j < 0 || L->entries[j].state != ENTRY_LOADED) {
            refuse(L, e, "%s: requires '%s', which failed to load", e->path, *req);
            return;
        }
    }
    /* The plugin's group holds only the keys it declares, of their types: a misspelt key
     * would otherwise leave a setting silently at its default. */
    if (host->config) {
        crm__config_problems_t problems = {0};

        crm__config_check_keys(host->config, e->desc->name, e->desc->config_keys, &problems);
        if (problems.n) {
            refuse(L, e, "%s: %s:%d: %s", e->path, problems.items[0].file, problems.items[0].line,
                   problems.items[0].message);
            crm__config_problems_free(&problems);
            return;
        }
    }
    plugin = crm__plugin_new(host, e->path, e->dl, e->desc);
    if (!plugin) {
        refuse(L, e, "%s: out of memory", e->path);
        return;
    }
    if (crm__plugin_start(plugin, &init_error) != 0) {
        crm__plugin_free(plugin);
        refuse(L, e, "%s: %s", e->path, init_error.message);
        return;
    }
    host->plugins[host->n_plugins++] = plugin;
    e->state = ENTRY_LOADED;
    e->dl = NULL; /* the handle owns it now */
    crm_log(CRM_LOG_INFO, "plugin.loaded", "name=%s version=%s file=%s", e->desc->name,
            e->desc->version ? e->desc->version : "-", e->path);
}

/* Reads every enabled entry's descriptor and refuses duplicate names. */
static void
peek_all(loader_t *L, const crm__config_t *cfg)
{
    for (size_t i = 0; i < L->n && !L->stop; i++) {
        entry_t *e = &L->entries[i];
        crm_error_t peek_error = {0};

        e->name_in_config = cfg->enabled[i];
        crm__plugin_resolve(cfg, cfg->enabled[i], e->path, sizeof e->path);
        if (crm__plugin_peek(e->path, &e->dl, &e->desc, &peek_error) != 0) {
            refuse(L, e, "%s", peek_error.message);
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            if (L->entries[j].desc && strcmp(L->entries[j].desc->name, e->desc->name) == 0) {
                refuse(L, e, "%s: plugin '%s' is already loaded from %s", e->path, e->desc->name,
                       L->entries[j].path);
                break;
            }
        }
    }
}

int
crm__plugins_load(crm__host_t *host, crm_error_t *error)
{
    const crm__config_t *cfg = host->config;
    loader_t L = {0};
    size_t n = cfg ? cfg->n_enabled : 0;
    int rc = 0;

    L.host = host;
    L.n = n;
    L.strict = cfg ? cfg->plugins_strict : true;
    L.error = error;
    L.entries = calloc(n + 1, sizeof *L.entries);
    L.order = calloc(n + 1, sizeof *L.order);
    L.stack = calloc(n + 1, sizeof *L.stack);
    free(host->plugins);
    host->n_plugins = 0;
    host->plugins = calloc(n + 1, sizeof *host->plugins);
    if (!L.entries || !L.order || !L.stack || !host->plugins) {
        rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
        goto done;
    }
    peek_all(&L, cfg);
    for (size_t i = 0; i < n && !L.stop; i++)
        visit(&L, i);
    for (size_t k = 0; k < L.n_order && !L.stop; k++)
        if (L.entries[L.order[k]].state == ENTRY_PEEKED)
            start(&L, &L.entries[L.order[k]]);
    if (!L.stop) {
        crm_error_t refs = {0};

        if (crm__entity_check_refs(&refs) != 0) {
            if (L.strict) {
                crm_error_set(error, CRM_EPLUGIN, "%s", refs.message);
                L.stop = true;
            } else {
                crm_log(CRM_LOG_WARN, "plugin.bad_reference", "%s", refs.message);
            }
        }
    }
    if (L.stop) {
        rc = error && error->code ? error->code : CRM_EPLUGIN;
        crm__plugins_unload(host);
    }
done:
    for (size_t i = 0; L.entries && i < n; i++)
        if (L.entries[i].dl)
            dlclose(L.entries[i].dl);
    free(L.entries);
    free(L.order);
    free(L.stack);
    return rc;
}

void
crm__plugins_unload(crm__host_t *host)
{
    if (!host)
        return;
    while (host->plugins && host->n_plugins > 0) {
        crm_plugin_t *plugin = host->plugins[--host->n_plugins];
        void *dl = plugin->dl;

        if (plugin->desc->fini)
            plugin->desc->fini(plugin);
        crm_log(CRM_LOG_INFO, "plugin.unloaded", "name=%s", plugin->desc->name);
        crm__plugin_free(plugin);
        if (dl)
            dlclose(dl);
    }
    free(host->plugins);
    host->plugins = NULL;
}
