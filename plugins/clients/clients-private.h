/* What the files of the clients plugin share: the entity definitions, the settings read at
 * start-up, the hooks and the route handlers. Nothing here is visible outside the plugin. */
#ifndef CLIENTS_PRIVATE_H
#define CLIENTS_PRIVATE_H

#include <crm/entity.h>
#include <crm/http.h>
#include <crm/plugin.h>

#include <bson/bson.h>

/* The plugin's settings, read once in init and unchanged afterwards (so every thread may read
 * them without a lock). */
typedef struct clients_settings {
    char default_country[4]; /* calling code for national phone numbers, digits only: "48" */
    bool check_pesel;        /* an individual's national_id must be a valid PESEL */
} clients_settings_t;

extern clients_settings_t clients_settings;

/* Entities (schema_*.c). */
extern const crm_entity_def_t clients_client_def;
extern const crm_entity_def_t clients_contact_person_def;
extern const crm_entity_def_t clients_relationship_def;
extern const crm_entity_def_t clients_company_group_def;
extern const crm_entity_def_t clients_interaction_def;
extern const crm_entity_def_t clients_task_def;
extern const crm_entity_def_t clients_product_def;
extern const crm_entity_def_t clients_account_def;
extern const crm_entity_def_t clients_card_def;

/* The entities' and reports' labels in Polish, Ukrainian and Russian, each list the
 * `.translations` of the definition it is named for (i18n.c). */
extern const crm_translations_t clients_client_translations[];
extern const crm_translations_t clients_contact_person_translations[];
extern const crm_translations_t clients_relationship_translations[];
extern const crm_translations_t clients_company_group_translations[];
extern const crm_translations_t clients_interaction_translations[];
extern const crm_translations_t clients_task_translations[];
extern const crm_translations_t clients_product_translations[];
extern const crm_translations_t clients_account_translations[];
extern const crm_translations_t clients_card_translations[];
extern const crm_translations_t clients_duplicate_candidate_translations[];
extern const crm_translations_t clients_client_merge_translations[];
extern const crm_translations_t clients_report_base_translations[];
extern const crm_translations_t clients_report_new_translations[];
extern const crm_translations_t clients_report_tasks_translations[];
extern const crm_translations_t clients_report_interactions_translations[];
extern const crm_translations_t clients_report_completeness_translations[];
extern const crm_translations_t clients_report_activity_translations[];

/* The contact policy (consent.c) and the client 360 sections (sections.c). */
int clients_consent_register(crm_plugin_t *plugin, crm_error_t *error);
int clients_sections_register(crm_plugin_t *plugin, crm_error_t *error);

/* Registers the plugin's demo data for `crmd seed-demo` (demo.c). */
int clients_demo_register(crm_plugin_t *plugin, crm_error_t *error);

/* Route handlers (route_*.c, consent.c). */
int clients_route_360(crm_request_t *req, void *data, crm_error_t *error);
int clients_route_lookup(crm_request_t *req, void *data, crm_error_t *error);
int clients_route_my_day(crm_request_t *req, void *data, crm_error_t *error);
int clients_route_may_contact(crm_request_t *req, void *data, crm_error_t *error);

/* --- small helpers over API-form records (record.c) --- */

/* The string at dotted PATH of DOC, or NULL. Borrowed from DOC. */
const char *clients_str(const bson_t *doc, const char *path);

/* True when DOC's string at PATH equals VALUE. */
bool clients_str_is(const bson_t *doc, const char *path, const char *value);

/* True when the values at PATH of A and B differ (either may be NULL or lack the path). */
bool clients_changed(const bson_t *a, const bson_t *b, const char *path);

/* The time at PATH of DOC in UTC milliseconds, read from a BSON datetime or an ISO 8601 string
 * with Z; false when absent or unreadable. */
bool clients_time(const bson_t *doc, const char *path, int64_t *ms);

/* Now, in UTC milliseconds. */
int64_t clients_now_ms(void);

/* Writes MS as "YYYY-MM-DDTHH:MM:SSZ" into BUF. */
void clients_iso_time(int64_t ms, char buf[32]);

/* Calls crm_entity_list() and appends every record to the open array ITEMS. */
int clients_list_into(const crm_identity_t *caller, const char *entity, const bson_t *filter,
                      const char *sort, int64_t limit, bson_t *items, crm_error_t *error);

/* As clients_list_into(), but a caller who may not read ENTITY gets 0 with *READABLE false
 * (the part is then left out of the answer, as related sections are). */
int clients_list_if_readable(const crm_identity_t *caller, const char *entity,
                             const bson_t *filter, const char *sort, int64_t limit, bson_t *items,
                             bool *readable, crm_error_t *error);

/* The id of the one record of ENTITY whose FIELD equals VALUE, read as ACTOR, into ID. 
 * CRM_ENOTFOUND when there is none. */
int clients_find_id(const crm_identity_t *actor, const char *entity, const char *field,
                    const char *value, char id[25], crm_error_t *error);

/* Adds a per-field error to ERROR for each of the text FIELDS (NULL-terminated) of RECORD that
 * holds a full card number. False when one does. */
bool clients_no_pan_in(const bson_t *record, const char *const *fields, crm_error_t *error);

/* The kind ("individual" or "organisation") of client ID into KIND, read as the system (for
 * validation only: nothing of the record is shown). False when there is no such client. */
bool clients_client_kind(const char *id, char kind[16]);

#endif
