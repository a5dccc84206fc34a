/* The demo bank being seeded (crm/demo.h) and the plugins' seed functions. */
#ifndef CRM_DEMO_PRIVATE_H
#define CRM_DEMO_PRIVATE_H

#include <crm/demo.h>
#include <crm/identity.h>

#define CRM__DEMO_MAX_UNITS 32
#define CRM__DEMO_MAX_STAFF 64

struct crm_demo {
    size_t n_units, n_staff;
    struct {
        char id[25];
        const char *name, *kind;
    } units[CRM__DEMO_MAX_UNITS];
    struct {
        char id[25];
        const char *username, *role;
        size_t unit;
    } staff[CRM__DEMO_MAX_STAFF];
    const crm_identity_t *identities[CRM__DEMO_MAX_STAFF]; /* made on demand, freed after
                                                              the seeds ran */
    uint32_t state;
    int64_t now, clients;
};

/* Calls every registered seed function on DEMO, in registration (load) order; the first
 * failure stops and is returned, ERROR naming the plugin. *N_SEEDED counts the plugins run.
 * Frees the staff's identities the seeds asked for. */
int crm__demo_seed_all(crm_demo_t *demo, size_t *n_seeded, crm_error_t *error);

#endif
