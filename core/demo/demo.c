/* Demo data (crm/demo.h): the plugins' seed functions and the demo bank they see. */
#include "auth/users-private.h"
#include "demo/demo-private.h"
#include "host/host-private.h"
#include "plugin/plugin-private.h"

#include <stdio.h>
#include <string.h>

#define MAX_SEEDS 64

static struct {
    crm_plugin_t *plugin;
    crm_demo_seed_fn fn;
    void *data;
} seeds[MAX_SEEDS];
static size_t n_seeds;

static void
unregister(void *ctx)
{
    for (size_t i = 0; i < n_seeds; i++) {
        if (seeds[i].plugin == ctx) {
            memmove(&seeds[i], &seeds[i + 1], (n_seeds - i - 1) * sizeof seeds[0]);
            n_seeds--;
            return;
        }
    }
}

int
crm_demo_register(crm_plugin_t *plugin, crm_demo_seed_fn fn, void *data, crm_error_t *error)
{
    int rc;

    if (!plugin || !fn)
        return crm_error_set(error, CRM_EINVAL, "demo seed: needs the plugin and a function");
    for (size_t i = 0; i < n_seeds; i++)
        if (seeds[i].plugin == plugin)
            return crm_error_set(error, CRM_ECONFLICT, "%s already has a demo seed function",
                                 crm_plugin_name(plugin));
    if (n_seeds == MAX_SEEDS)
        return crm_error_set(error, CRM_EINVAL, "too many demo seed functions");
    rc = crm__plugin_record(plugin, "demo", crm_plugin_name(plugin), unregister, plugin, error);
    if (rc != 0)
        return rc;
    seeds[n_seeds].plugin = plugin;
    seeds[n_seeds].fn = fn;
    seeds[n_seeds].data = data;
    n_seeds++;
    return 0;
}

static void
free_identities(crm_demo_t *demo)
{
    for (size_t i = 0; i < CRM__DEMO_MAX_STAFF; i++) {
        if (demo->identities[i])
            crm__identity_unref(demo->identities[i]);
        demo->identities[i] = NULL;
    }
}

static int
seed_all(crm_demo_t *demo, size_t *n_seeded, crm_error_t *error)
{
    *n_seeded = 0;
    for (size_t i = 0; i < n_seeds; i++) {
        crm_error_t local = {0};
        int rc = seeds[i].fn(demo, seeds[i].data, &local);

        if (rc != 0 && local.n_fields > 0)
            return crm_error_set(error, rc, "%s: %s (%s: %s)", crm_plugin_name(seeds[i].plugin),
                                 local.message, local.fields[0].field, local.fields[0].message);
        if (rc != 0)
            return crm_error_set(error, rc, "%s: %s", crm_plugin_name(seeds[i].plugin),
                                 local.message);
        (*n_seeded)++;
    }
    return 0;
}

int
crm__demo_seed_all(crm_demo_t *demo, size_t *n_seeded, crm_error_t *error)
{
    int rc = seed_all(demo, n_seeded, error);

    free_identities(demo);
    return rc;
}

size_t
crm_demo_unit_count(const crm_demo_t *demo)
{
    return demo->n_units;
}

const char *
crm_demo_unit_id(const crm_demo_t *demo, size_t i)
{
    return i < demo->n_units ? demo->units[i].id : NULL;
}

const char *
crm_demo_unit_name(const crm_demo_t *demo, size_t i)
{
    return i < demo->n_units ? demo->units[i].name : NULL;
}

const char *
crm_demo_unit_kind(const crm_demo_t *demo, size_t i)
{
    return i < demo->n_units ? demo->units[i].kind : NULL;
}

size_t
crm_demo_staff_count(const crm_demo_t *demo)
{
    return demo->n_staff;
}

const char *
crm_demo_staff_id(const crm_demo_t *demo, size_t i)
{
    return i < demo->n_staff ? demo->staff[i].id : NULL;
}

const char *
crm_demo_staff_username(const crm_demo_t *demo, size_t i)
{
    return i < demo->n_staff ? demo->staff[i].username : NULL;
}

const char *
crm_demo_staff_role(const crm_demo_t *demo, size_t i)
{
    return i < demo->n_staff ? demo->staff[i].role : NULL;
}

const char *
crm_demo_staff_unit(const crm_demo_t *demo, size_t i)
{
    return i < demo->n_staff ? demo->units[demo->staff[i].unit].id : NULL;
}

const crm_identity_t *
crm_demo_staff_identity(crm_demo_t *demo, size_t i)
{
    crm__host_t *host = crm__host_get();
    bson_oid_t oid;
    bson_t user;

    if (i >= demo->n_staff || i >= CRM__DEMO_MAX_STAFF)
        return NULL;
    if (!demo->identities[i] && host && host->store &&
        bson_oid_is_valid(demo->staff[i].id, strlen(demo->staff[i].id))) {
        bson_oid_init_from_string(&oid, demo->staff[i].id);
        if (crm__user_find_by_id(host->store, &oid, &user, NULL) == 0) {
            demo->identities[i] = crm__user_identity(&user, CRM__AUTH_SESSION, NULL);
            bson_destroy(&user);
        }
    }
    return demo->identities[i];
}

uint32_t
crm_demo_random(crm_demo_t *demo)
{
    /* xorshift32: deterministic, good enough to spread demo records */
    uint32_t x = demo->state;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    demo->state = x;
    return x;
}

int64_t
crm_demo_now(const crm_demo_t *demo)
{
    return demo->now;
}

int64_t
crm_demo_clients(const crm_demo_t *demo)
{
    return demo->clients;
}
