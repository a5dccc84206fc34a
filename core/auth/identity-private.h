#ifndef CRM_IDENTITY_PRIVATE_H
#define CRM_IDENTITY_PRIVATE_H

#include <crm/identity.h>

struct crm_identity {
    const char *user_id;
    const char *name;
    const char *org_unit;
    bool system;
};

#endif
