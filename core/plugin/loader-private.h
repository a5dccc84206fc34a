/* Internals shared by the plugin handle (plugin.c), the loader (loader.c) and check-config:
 * creating and freeing handles, running init, undoing registrations, resolving entries. */
#ifndef CRM_LOADER_PRIVATE_H
#define CRM_LOADER_PRIVATE_H

#include "config/config-private.h"
#include "plugin/plugin-private.h"

/* A new handle for DESC loaded from PATH (copied) through DL, with HOST's store and the
 * plugin's config group. Returns NULL when out of memory. Free with crm__plugin_free(). */
crm_plugin_t *crm__plugin_new(crm__host_t *host, const char *path, void *dl,
                              const crm_plugin_desc_t *desc);

/* Undoes PLUGIN's registrations (newest first) and frees the handle. Does not call fini nor
 * dlclose. Accepts NULL. */
void crm__plugin_free(crm_plugin_t *plugin);

/* Runs each registration's undo, newest first, and forgets them. */
void crm__plugin_undo_registrations(crm_plugin_t *plugin);

/* Runs PLUGIN's init with registration allowed. If init fails, everything it registered is
 * undone and ERROR holds "init failed: <the plugin's message>". */
int crm__plugin_start(crm_plugin_t *plugin, crm_error_t *error);

/* True when NAME is a valid plugin name: [a-z][a-z0-9_]*. */
bool crm__plugin_name_valid(const char *name);

/* True when enabled entry ENTRY is a path to a file (it holds a "/" or ends in ".so") rather
 * than a plugin name. */
bool crm__plugin_entry_is_path(const char *entry);

/* The file of enabled entry ENTRY: ENTRY itself when it is a path ("./" is prepended to a bare
 * "x.so" so that dlopen() does not search the library path), else DIR/ENTRY.so. Written to BUF
 * (SIZE bytes); returns BUF. */
const char *crm__plugin_resolve(const crm__config_t *cfg, const char *entry, char *buf,
                                size_t size);

#endif
