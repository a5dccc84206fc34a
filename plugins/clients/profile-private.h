/* The client profile kept by the clients plugin beside the records people write: data
 * completeness (completeness.c), segments (segments.c), lifecycle phases (lifecycle.c), the
 * facts the jobs gather for them (facts.c), the reports (reports.c) and the configuration
 * they read (profile.c). docs/plugins/clients.md describes the settings. */
#ifndef CLIENTS_PROFILE_PRIVATE_H
#define CLIENTS_PROFILE_PRIVATE_H

#include "rules-private.h"

#include <crm/config.h>
#include <crm/entity.h>
#include <crm/http.h>
#include <crm/job.h>
#include <crm/plugin.h>

#include <bson/bson.h>

/* The profile fields data completeness weighs (completeness.c). */
#define CLIENTS_WEIGHT_FIELDS 13

/* At most this many segmentation rules and important segments. */
#define CLIENTS_MAX_RULES 64
#define CLIENTS_MAX_IMPORTANT 8

/* The settings, read once in init and unchanged afterwards (every thread may read them
 * without a lock). Strings are the configuration's or static: valid until the plugin's fini. */
typedef struct clients_profile {
    int weights[CLIENTS_WEIGHT_FIELDS];               /* per clients_weight_field(i) */
    int threshold;                                    /* completeness below it is a gap */
    const char *important[CLIENTS_MAX_IMPORTANT + 1]; /* segments the gaps list covers */
    clients_segment_rule_t rules[CLIENTS_MAX_RULES];
    size_t n_rules;
    clients_lifecycle_criteria_t lifecycle;
} clients_profile_t;

extern clients_profile_t clients_profile;

/* Reads the settings, registers the jobs, the reports and the gaps route (profile.c). */
int clients_profile_register(crm_plugin_t *plugin, crm_error_t *error);

/* --- reading the configuration (profile.c and the readers of each part) --- */

/* Sets ERROR to CRM_ECONFIG with "FILE:LINE: clients.NAME <message>", placed where PATH of CFG
 * was written (or CFG itself when PATH is NULL). Returns CRM_ECONFIG. */
int clients_config_fail(const crm_config_t *cfg, const char *path, const char *name,
                        crm_error_t *error, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Refuses a setting of the group at PATH of CFG that is none of KNOWN (NULL-terminated), with
 * the place it was written and the known names. NAME is the group's name in messages. */
int clients_config_known(const crm_config_t *cfg, const char *path, const char *name,
                         const char *const *known, crm_error_t *error);

/* The enum values of FIELD of DEF (NULL-terminated), or NULL. */
const char *const *clients_enum_values(const crm_entity_def_t *def, const char *field);

/* The index of VALUE in VALUES, or -1. */
int clients_enum_index(const char *const *values, const char *value);

/* Readers of each part's settings into clients_profile. */
int clients_completeness_configure(const crm_config_t *cfg, crm_error_t *error);
int clients_segments_configure(const crm_config_t *cfg, crm_error_t *error);
int clients_lifecycle_configure(const crm_config_t *cfg, crm_error_t *error);

/* --- data completeness (completeness.c) --- */

/* The name of weighed field I (0 <= I < CLIENTS_WEIGHT_FIELDS). */
const char *clients_weight_field(size_t i);

/* The completeness score (0-100) of RECORD (API form) with CHANGES (what a write adds; may be
 * NULL) over it. When MISSING is not NULL, the weighed fields the record lacks are appended to
 * it, an open array. */
int clients_completeness_score(const bson_t *record, const bson_t *changes, bson_t *missing);

/* The client's prepare hook part: appends "completeness" to CHANGES when it differs. */
void clients_completeness_prepare(const bson_t *record, bson_t *changes);

/* GET /api/v1/clients/gaps. */
int clients_route_gaps(crm_request_t *req, void *data, crm_error_t *error);

/* --- segments (segments.c) --- */

/* The client's prepare hook part: recomputes "segment" when the client is new, has none, or a
 * field the rules read changed (products held read from its accounts as they are now). */
void clients_segment_prepare(const bson_t *record, const bson_t *before, bson_t *changes);

/* The segmentation job. */
extern const crm_job_def_t clients_segmentation_job;

/* --- lifecycle phases (lifecycle.c) --- */

extern const crm_job_def_t clients_lifecycle_job;

/* --- the facts the rules read (facts.c) --- */

/* FACTS from a client RECORD (API form) and CHANGES over it (may be NULL): kind, bands,
 * region, status, birth or founding date. Products and activity are left empty. */
void clients_facts_from_record(const bson_t *record, const bson_t *changes, clients_facts_t *facts);

/* Called for every client by clients_facts_each() with the record (API form) and its facts. */
typedef int (*clients_facts_fn)(crm_job_run_t *run, const bson_t *client, clients_facts_t *facts,
                                void *data, crm_error_t *error);

/* Calls FN for every client in batches, with products held and last activity as of
 * crm_job_now(RUN). Between batches it stops when crmd shuts down (*STOPPED true). */
int clients_facts_each(crm_job_run_t *run, clients_facts_fn fn, void *data, bool *stopped,
                       crm_error_t *error);

/* What a job over every client did: clients seen, by the value it computed (index in the
 * field's enum values; NONE when none applied), and the writes that changed or failed. */
typedef struct clients_tally {
    int64_t clients, changed, failed, none;
    int64_t in[CLIENTS_MAX_VALUES];
} clients_tally_t;

/* Counts a client whose computed value is VALUE (one of VALUES, or NULL) in T. */
void clients_tally_value(clients_tally_t *t, const char *const *values, const char *value);

/* Writes PATCH (computed fields) to client ID as RUN's identity; false when the write failed,
 * which is counted in T and logged (the client's id and the error's name, nothing more). */
bool clients_tally_write(crm_job_run_t *run, const char *id, const bson_t *patch,
                         clients_tally_t *t);

/* Records T in RUN: "clients", "changed", "failed", one count per value of VALUES, and
 * NONE_NAME for clients without a value (when not NULL); and a message saying WHAT changed. */
void clients_tally_record(crm_job_run_t *run, const clients_tally_t *t, const char *const *values,
                          const char *none_name, const char *what, bool stopped);

/* --- reports (reports.c) --- */

int clients_reports_register(crm_plugin_t *plugin, crm_error_t *error);

#endif
