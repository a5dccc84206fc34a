/* Permissions a plugin declares. Every entity has <entity>.read, .create, .update, .delete,
 * .export and .import without declaring them; a plugin declares the others its routes and
 * reports check, so that roles can grant them and administrators can see what they mean. */
#ifndef CRM_PERMISSION_H
#define CRM_PERMISSION_H

#include <crm/common.h>
#include <crm/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Declares permission NAME ("<plugin area>.<action>", [a-z0-9_.]) with a one-line
 * DESCRIPTION, on behalf of PLUGIN (only during its init). Strings are copied. Declaring a
 * name twice is CRM_ECONFLICT. */
CRM_API int crm_permission_declare(crm_plugin_t *plugin, const char *name, const char *description,
                                   crm_error_t *error);

#ifdef __cplusplus
}
#endif

#endif
