/* Who is calling: the authenticated user of a request (by session cookie or API token), the
 * anonymous caller of a public route, or the built-in system identity used by the CLI, jobs and
 * start-up code. Opaque; read with accessors. All returned strings are borrowed for as long as
 * the identity is (for a request: until the handler returns).
 *
 * Permissions are names like "prospect.read"; a user's roles grant them with a scope:
 *   own      records the user owns (owner_id)
 *   unit     records of the user's org unit (org_unit)
 *   subtree  records of the user's unit and every unit below it
 *   all      every record
 * An API token can only narrow its creator's permissions. The core applies the scope to every
 * entity read and write; a plugin querying the store itself calls crm_identity_scope_filter()
 * with the permission its route checks, so its queries see what the caller may see. */
#ifndef CRM_IDENTITY_H
#define CRM_IDENTITY_H

#include <bson/bson.h>
#include <crm/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct crm_identity crm_identity_t;

/* How far a permission reaches, in increasing order. */
typedef enum crm_scope {
    CRM_SCOPE_NONE = 0, /* not granted */
    CRM_SCOPE_OWN,
    CRM_SCOPE_UNIT,
    CRM_SCOPE_SUBTREE,
    CRM_SCOPE_ALL
} crm_scope_t;

/* The built-in system identity: may do everything. Static, never freed. */
CRM_API const crm_identity_t *crm_identity_system(void);

/* The user id ("system" for the system identity). */
CRM_API const char *crm_identity_user_id(const crm_identity_t *id);

/* True when USER_ID (24 hex) is a user of the bank, locked ones included: for fields that name
 * an employee (an assignee). (ABI 1.2) */
CRM_API bool crm_user_exists(const char *user_id);
/* The org unit of user USER_ID (24 hex) into UNIT (24 hex and a NUL). CRM_ENOTFOUND when there
 * is no such user, or the user belongs to no unit (an administrator of the whole bank may
 * not). Reads the store; thread-safe. (ABI 1.3) */
CRM_API int crm_user_org_unit(const char *user_id, char unit[25], crm_error_t *error);

/* Who heads org unit UNIT: the first, by user name, of its active and unlocked users holding
 * one of ROLES (NULL-terminated role names, e.g. "branch_director", "regional_director");
 * when UNIT has none, the same among the users of its parent, and so on up to the bank. Their
 * id goes into USER_ID. For telling "the director" of someone's unit. CRM_ENOTFOUND when no
 * unit on the way up has one (or UNIT is unknown). Thread-safe. (ABI 1.3) */
CRM_API int crm_org_unit_head(const char *unit, const char *const *roles, char user_id[25],
                              crm_error_t *error);

/* Appends to FILTER (a document being built) the condition {"org_unit": {"$in": [UNIT and
 * every unit below it]}}: the records of a unit's subtree, such as the sales a branch's target
 * counts. It does not look at anyone's scope: combine it with the caller's under "$and". A
 * unit without units below (or unknown) gives itself alone. Thread-safe. (ABI 1.3) */
CRM_API int crm_org_unit_subtree_filter(const char *unit, bson_t *filter, crm_error_t *error);

/* The user name shown in audit records. */
CRM_API const char *crm_identity_name(const crm_identity_t *id);
/* The org unit id, or NULL. */
CRM_API const char *crm_identity_org_unit(const crm_identity_t *id);
/* True for the system identity. */
CRM_API bool crm_identity_is_system(const crm_identity_t *id);
/* True when ID holds PERMISSION (e.g. "prospect.read") in any scope. */
CRM_API bool crm_identity_can(const crm_identity_t *id, const char *permission);

/* The widest scope in which ID holds PERMISSION (CRM_SCOPE_ALL for the system identity). */
CRM_API crm_scope_t crm_identity_scope(const crm_identity_t *id, const char *permission);

/* Appends to FILTER (a document being built) the conditions that limit records to those ID
 * may reach with PERMISSION: {"owner_id": user} for own, {"org_unit": unit} for unit,
 * {"org_unit": {"$in": [unit and the units below]}} for subtree, nothing for all. Combine it
 * with the query's own conditions under "$and". CRM_EPERM (403) when ID lacks PERMISSION. */
CRM_API int crm_identity_scope_filter(const crm_identity_t *id, const char *permission,
                                      bson_t *filter, crm_error_t *error);

/* True when a record owned by OWNER_ID in ORG_UNIT (either may be NULL) is within ID's scope
 * for PERMISSION. */
CRM_API bool crm_identity_reaches(const crm_identity_t *id, const char *permission,
                                  const char *owner_id, const char *org_unit);

/* The name of SCOPE: "none", "own", "unit", "subtree", "all". */
CRM_API const char *crm_scope_name(crm_scope_t scope);

#ifdef __cplusplus
}
#endif

#endif
