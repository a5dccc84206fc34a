/* Identities: the built-in system and anonymous ones, and per-request heap identities. */
#include "auth/identity-private.h"

#include <stdlib.h>
#include <string.h>

static crm_identity_t system_identity = {
    .user_id = "system", .name = "system", .system = true, .kind = CRM__AUTH_SYSTEM,
    .is_static = true};
static crm_identity_t anonymous_identity = {
    .user_id = "anonymous", .name = "anonymous", .kind = CRM__AUTH_ANONYMOUS, .is_static = true};

const crm_identity_t *
crm_identity_system(void)
{
    return &system_identity;
}

const crm_identity_t *
crm__identity_anonymous(void)
{
    return &anonymous_identity;
}

const char *
crm_identity_user_id(const crm_identity_t *id)
{
    return id->user_id;
}

const char *
crm_identity_name(const crm_identity_t *id)
{
    return id->name ? id->name : id->user_id;
}

const char *
crm_identity_org_unit(const crm_identity_t *id)
{
    return id->org_unit;
}

bool
crm_identity_is_system(const crm_identity_t *id)
{
    return id->system;
}

bool
crm_identity_can(const crm_identity_t *id, const char *permission)
{
    return crm_identity_scope(id, permission) != CRM_SCOPE_NONE;
}
