/* Lifecycle phases: potential, developing, developed, dormant, lost. The prepare hook sets a
 * first phase from the status (schema_party.c); the job clients_lifecycle refines every
 * client's from the accounts it holds and its last activity, on the job's clock
 * (crm_job_now()), with the criteria of clients.lifecycle. */
#include "clients-private.h"
#include "profile-private.h"

#include <stdio.h>
#include <string.h>

static const char *const lifecycle_keys[] = {"dormant_after_days", "lost_after_days",
                                             "developed_min_products", NULL};

/* The whole number at KEY of the group G (DEF when absent) within LO..HI, into *OUT. */
static int
read_criterion(const crm_config_t *g, const char *key, int def, int lo, int hi, int *out,
               crm_error_t *error)
{
    int64_t v = g ? crm_config_int(g, key, def) : def;
    char name[64];

    snprintf(name, sizeof name, "lifecycle.%s", key);
    if (g && crm_config_has(g, key) &&
        (v < lo || v > hi || crm_config_int(g, key, (int64_t)lo - 1) != v))
        return clients_config_fail(g, key, name, error, "must be a whole number from %d to %d", lo,
                                   hi);
    *out = (int)v;
    return 0;
}

int
clients_lifecycle_configure(const crm_config_t *cfg, crm_error_t *error)
{
    clients_lifecycle_criteria_t *c = &clients_profile.lifecycle;
    const crm_config_t *g = crm_config_group(cfg, "lifecycle");
    int rc;

    if (!g && crm_config_has(cfg, "lifecycle"))
        return clients_config_fail(cfg, "lifecycle", "lifecycle", error,
                                   "must be a group, e.g. { dormant_after_days = 90; }");
    if (g && (rc = clients_config_known(g, NULL, "lifecycle", lifecycle_keys, error)) != 0)
        return rc;
    if ((rc =
             read_criterion(g, "dormant_after_days", 90, 1, 3650, &c->dormant_after_days, error)) ||
        (rc = read_criterion(g, "lost_after_days", 365, 2, 7300, &c->lost_after_days, error)) ||
        (rc = read_criterion(g, "developed_min_products", 3, 1, 100, &c->developed_min_products,
                             error)))
        return rc;
    if (c->lost_after_days <= c->dormant_after_days)
        return clients_config_fail(
            g, crm_config_has(g, "lost_after_days") ? "lost_after_days" : "dormant_after_days",
            "lifecycle.lost_after_days", error, "must be more than dormant_after_days (%d)",
            c->dormant_after_days);
    return 0;
}

static int
phase_one(crm_job_run_t *run, const bson_t *client, clients_facts_t *facts, void *data,
          crm_error_t *error)
{
    const char *phase =
        clients_lifecycle_phase(&clients_profile.lifecycle, facts, crm_job_now(run));
    clients_tally_t *t = data;
    bson_t patch = BSON_INITIALIZER;

    (void)error;
    clients_tally_value(t, clients_enum_values(&clients_client_def, "lifecycle_phase"), phase);
    if (!clients_str_is(client, "lifecycle_phase", phase)) {
        BSON_APPEND_UTF8(&patch, "lifecycle_phase", phase);
        t->changed += clients_tally_write(run, clients_str(client, "id"), &patch, t);
    }
    bson_destroy(&patch);
    return 0;
}

static int
run_lifecycle(crm_job_run_t *run, void *data, crm_error_t *error)
{
    clients_tally_t t;
    bool stopped = false;
    int rc;

    (void)data;
    memset(&t, 0, sizeof t);
    rc = clients_facts_each(run, phase_one, &t, &stopped, error);
    clients_tally_record(run, &t, clients_enum_values(&clients_client_def, "lifecycle_phase"), NULL,
                         "phases", stopped);
    return rc;
}

const crm_job_def_t clients_lifecycle_job = {
    .size = sizeof(crm_job_def_t),
    .id = "clients_lifecycle",
    .title = "Client lifecycle phases",
    .cron = "0 2 * * *",
    .run = run_lifecycle,
};
