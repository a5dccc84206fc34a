/* Identities. Until users and roles exist, the only identity is the built-in system one. */
#include "auth/identity-private.h"

static const crm_identity_t system_identity = {
    .user_id = "system", .name = "system", .org_unit = NULL, .system = true};

const crm_identity_t *
crm_identity_system(void)
{
    return &system_identity;
}

const char *
crm_identity_user_id(const crm_identity_t *id)
{
    return id->user_id;
}

const char *
crm_identity_name(const crm_identity_t *id)
{
    return id->name;
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
    (void)permission;
    return id->system;
}
