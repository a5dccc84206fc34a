/* Demo data. `crmd seed-demo` (run by `make run` on an empty store) builds a demo bank: an org
 * tree of regions, branches and teams and a member of staff in every built-in role, sharing
 * one generated password that it prints. Then it calls each plugin's seed function, plugins
 * in load order (requirements first), so `retail` can build its pipeline on the clients that
 * `clients` created. The data must be deterministic: draw every choice from
 * crm_demo_random(), and place dates relative to crm_demo_now(). (ABI 1.2)
 *
 *   static int seed (crm_demo_t *demo, void *data, crm_error_t *error) {
 *       for (size_t i = 0; i < crm_demo_staff_count (demo); i++)
 *           if (!strcmp (crm_demo_staff_role (demo, i), "advisor")) ... create records owned
 *               by crm_demo_staff_id (demo, i) in crm_demo_staff_unit (demo, i) ...
 *   }
 *   crm_demo_register (plugin, seed, NULL, error);   // in init */
#ifndef CRM_DEMO_H
#define CRM_DEMO_H

#include <crm/common.h>
#include <crm/identity.h>
#include <crm/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct crm_demo crm_demo_t;

/* Seeds a plugin's demo data into DEMO. Runs once, as the system, on an empty store. Records
 * created with crm_entity_create() as crm_identity_system() may set owner_id and org_unit. */
typedef int (*crm_demo_seed_fn)(crm_demo_t *demo, void *data, crm_error_t *error);

/* Registers PLUGIN's seed function (only during init; one per plugin). */
CRM_API int crm_demo_register(crm_plugin_t *plugin, crm_demo_seed_fn fn, void *data,
                              crm_error_t *error);

/* The org units of the demo bank, parents before children; index 0 is the bank. */
CRM_API size_t crm_demo_unit_count(const crm_demo_t *demo);
/* Unit I's id (24 hex), name and kind ("bank", "region", "branch", "team"). Borrowed. */
CRM_API const char *crm_demo_unit_id(const crm_demo_t *demo, size_t i);
CRM_API const char *crm_demo_unit_name(const crm_demo_t *demo, size_t i);
CRM_API const char *crm_demo_unit_kind(const crm_demo_t *demo, size_t i);

/* The demo staff. Member I's user id, username, role (a built-in role name) and unit id.
 * Borrowed. */
CRM_API size_t crm_demo_staff_count(const crm_demo_t *demo);
CRM_API const char *crm_demo_staff_id(const crm_demo_t *demo, size_t i);
CRM_API const char *crm_demo_staff_username(const crm_demo_t *demo, size_t i);
CRM_API const char *crm_demo_staff_role(const crm_demo_t *demo, size_t i);
CRM_API const char *crm_demo_staff_unit(const crm_demo_t *demo, size_t i);

/* Member I as an identity, to create records as they would (a teller's referral has them as
 * its creator, created_by), within their permissions and scope. Valid until the seed function
 * returns; NULL when I is out of range. (ABI 1.3) */
CRM_API const crm_identity_t *crm_demo_staff_identity(crm_demo_t *demo, size_t i);

/* The next number of the demo's deterministic sequence (the same on every run). */
CRM_API uint32_t crm_demo_random(crm_demo_t *demo);

/* The demo's "now" (milliseconds since the epoch, UTC): the start of the current hour, so that
 * "today" has tasks and meetings. */
CRM_API int64_t crm_demo_now(const crm_demo_t *demo);

/* How large a bank to make: the number of clients the operator asked for (`crmd seed-demo
 * --clients N`, default 20000). Plugins scale their records from it. */
CRM_API int64_t crm_demo_clients(const crm_demo_t *demo);

#ifdef __cplusplus
}
#endif

#endif
