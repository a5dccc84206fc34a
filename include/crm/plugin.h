/* The plugin ABI. A plugin is a shared object carrying one descriptor made with
 * CRM_PLUGIN_DEFINE(); it links against libcrm and calls the functions of include/crm/.
 *
 *   static int my_init (crm_plugin_t *plugin, crm_error_t *error) { ... register ... }
 *   CRM_PLUGIN_DEFINE ("my_plugin", "1.0.0", "What it does", CRM_REQUIRES ("clients"),
 *                      my_init, NULL, NULL);
 *
 * The loader dlopen()s the file, reads the descriptor, refuses it (naming the file and the
 * field) when the ABI major differs from the core's or the ABI minor is newer, orders plugins
 * by their requirements and calls init. Registration (entities, routes, event handlers, ...)
 * happens only inside init, through the plugin handle; if init fails, everything the plugin
 * registered is removed and the plugin is unloaded.
 *
 * ABI rules (docs/plugin-guide.md): a new function or a field appended to a sized struct bumps
 * the minor; removing or changing anything bumps the major. */
#ifndef CRM_PLUGIN_H
#define CRM_PLUGIN_H

#include <crm/common.h>
#include <crm/config.h>
#include <crm/store.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CRM_ABI_MAJOR 1
#define CRM_ABI_MINOR 4

/* The handle the host passes to init; valid until fini returns. */
typedef struct crm_plugin crm_plugin_t;

typedef int (*crm_plugin_init_fn)(crm_plugin_t *plugin, crm_error_t *error);
typedef void (*crm_plugin_fini_fn)(crm_plugin_t *plugin);

/* The descriptor. Fields are only ever appended; `size` tells the loader which exist. */
typedef struct crm_plugin_desc {
    uint32_t size;      /* sizeof(crm_plugin_desc_t) as the plugin was built */
    uint16_t abi_major; /* CRM_ABI_MAJOR of the headers it was built against */
    uint16_t abi_minor; /* CRM_ABI_MINOR of the headers it was built against */
    const char *name;   /* [a-z][a-z0-9_]*, unique among loaded plugins */
    const char *version;
    const char *summary;
    const char *const *requires;         /* NULL-terminated plugin names, or NULL */
    crm_plugin_init_fn init;             /* required */
    crm_plugin_fini_fn fini;             /* optional */
    const crm_config_key_t *config_keys; /* keys of its config group, or NULL: none allowed */
} crm_plugin_desc_t;

/* The exported symbol name of the descriptor. */
#define CRM_PLUGIN_SYMBOL "crm_plugin_descriptor"

/* A NULL-terminated list of required plugin names for CRM_PLUGIN_DEFINE. */
#define CRM_REQUIRES(...) ((const char *const[]){__VA_ARGS__, NULL})

#define CRM_PLUGIN_EXPORT __attribute__((visibility("default")))

/* Defines the plugin's descriptor. REQUIRES is CRM_REQUIRES(...) or NULL; FINI and CONFIG_KEYS
 * may be NULL. */
#define CRM_PLUGIN_DEFINE(name_, version_, summary_, requires_, init_, fini_, config_keys_)       \
    CRM_PLUGIN_EXPORT const crm_plugin_desc_t crm_plugin_descriptor = {                          \
        sizeof(crm_plugin_desc_t), CRM_ABI_MAJOR, CRM_ABI_MINOR, name_, version_, summary_,      \
        requires_, init_, fini_, config_keys_}

/* The plugin's name (borrowed, valid while loaded). */
CRM_API const char *crm_plugin_name(const crm_plugin_t *plugin);

/* The plugin's own configuration group (the top-level group named after the plugin), or an
 * empty group when the configuration has none. Borrowed, valid until fini returns. */
CRM_API const crm_config_t *crm_plugin_config(const crm_plugin_t *plugin);

/* The host's store. Borrowed, valid until fini returns. */
CRM_API crm_store_t *crm_plugin_store(const crm_plugin_t *plugin);

/* Per-plugin state: set in init, read in handlers (which also get their own data pointer). */
CRM_API void crm_plugin_set_data(crm_plugin_t *plugin, void *data);
CRM_API void *crm_plugin_get_data(const crm_plugin_t *plugin);

/* The ABI of the running core (its CRM_ABI_MAJOR/MINOR). */
CRM_API void crm_core_abi(int *major, int *minor);

#ifdef __cplusplus
}
#endif

#endif
