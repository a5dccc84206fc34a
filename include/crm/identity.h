/* Who is calling: the authenticated user of a request, a job's service identity, or the
 * built-in system identity used by the CLI and start-up code. Opaque; read with accessors.
 * All returned strings are borrowed for as long as the identity is. */
#ifndef CRM_IDENTITY_H
#define CRM_IDENTITY_H

#include <crm/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct crm_identity crm_identity_t;

/* The built-in system identity: may do everything. Static, never freed. */
CRM_API const crm_identity_t *crm_identity_system(void);

/* The user id ("system" for the system identity). */
CRM_API const char *crm_identity_user_id(const crm_identity_t *id);
/* The user name shown in audit records. */
CRM_API const char *crm_identity_name(const crm_identity_t *id);
/* The org unit id, or NULL. */
CRM_API const char *crm_identity_org_unit(const crm_identity_t *id);
/* True for the system identity. */
CRM_API bool crm_identity_is_system(const crm_identity_t *id);
/* True when ID holds PERMISSION (e.g. "prospect.read") in any scope. */
CRM_API bool crm_identity_can(const crm_identity_t *id, const char *permission);

#ifdef __cplusplus
}
#endif

#endif
