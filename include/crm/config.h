/* Read-only access to a group of the libconfig configuration, as handed to a plugin's init
 * (crm_plugin_config()). Paths are libconfig paths relative to the group: "limits.max_rows".
 * A crm_config_t is borrowed: it stays valid until the plugin's fini returns. */
#ifndef CRM_CONFIG_H
#define CRM_CONFIG_H

#include <crm/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct crm_config crm_config_t;

/* The value at PATH, or DEF when the setting is absent. A setting of the wrong type is
 * reported by `crmd check-config` (when the plugin declares its keys) and yields DEF here. */
CRM_API const char *crm_config_string(const crm_config_t *cfg, const char *path, const char *def);
CRM_API int64_t crm_config_int(const crm_config_t *cfg, const char *path, int64_t def);
CRM_API double crm_config_double(const crm_config_t *cfg, const char *path, double def);
CRM_API bool crm_config_bool(const crm_config_t *cfg, const char *path, bool def);

/* True when PATH names a setting. */
CRM_API bool crm_config_has(const crm_config_t *cfg, const char *path);

/* For a list or array at PATH: its length (0 when absent), and the string element at INDEX
 * (NULL when absent or not a string). */
CRM_API size_t crm_config_count(const crm_config_t *cfg, const char *path);
CRM_API const char *crm_config_string_at(const crm_config_t *cfg, const char *path, size_t index);

/* The sub-group at PATH (a group, or the INDEXth element of a list of groups with
 * crm_config_group_at), borrowed like CFG; NULL when absent. */
CRM_API const crm_config_t *crm_config_group(const crm_config_t *cfg, const char *path);
CRM_API const crm_config_t *crm_config_group_at(const crm_config_t *cfg, const char *path,
                                                size_t index);

/* Where the setting at PATH was written ("conf/crmd.cfg", 12), for error messages.
 * Returns false when unknown. FILE is borrowed like CFG. */
CRM_API bool crm_config_where(const crm_config_t *cfg, const char *path, const char **file,
                              int *line);

/* Config keys a plugin accepts in its group, declared in its descriptor so that
 * `crmd check-config` can refuse unknown keys and wrong types before anything starts. */
typedef enum crm_config_type {
    CRM_CONFIG_STRING = 1,
    CRM_CONFIG_INT,
    CRM_CONFIG_DOUBLE, /* accepts integers too */
    CRM_CONFIG_BOOL,
    CRM_CONFIG_STRING_LIST, /* ["a", "b"] or ("a", "b") */
    CRM_CONFIG_GROUP,       /* any group: the plugin checks its inside itself */
    CRM_CONFIG_LIST         /* any list or array: the plugin checks its inside itself */
} crm_config_type_t;

typedef struct crm_config_key {
    const char *name;        /* NULL ends the table */
    crm_config_type_t type;
    const char *description; /* one line, shown by check-config and the docs */
} crm_config_key_t;

#ifdef __cplusplus
}
#endif

#endif
