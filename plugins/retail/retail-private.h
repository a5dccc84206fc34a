/* What the files of the retail plugin share: the entity definitions, the settings read at
 * start-up, and the registration of each part. Nothing here is visible outside the plugin. */
#ifndef RETAIL_PRIVATE_H
#define RETAIL_PRIVATE_H

#include <crm/entity.h>
#include <crm/http.h>
#include <crm/plugin.h>

#include <bson/bson.h>

#include "rules-private.h"

/* The plugin's settings, read once in init (settings.c) and unchanged afterwards (so every
 * thread may read them without a lock). Strings are borrowed from the configuration, valid
 * until fini. */
typedef struct retail_settings {
    int renewal_horizon_days;     /* accounts maturing within this many days are renewed */
    const char *renewal_types[7]; /* their product types, NULL-terminated */
    int stuck_after_days[RETAIL_OPEN_STAGES]; /* per open stage; 0: never stuck there */
    int probability[RETAIL_OPEN_STAGES];      /* default probability per open stage */
    retail_rate_t *rates;                     /* commission rates */
    size_t n_rates;
    retail_offer_rule_t *offers; /* the next-best-offer matrix, first match wins */
    size_t n_offers;
} retail_settings_t;

extern retail_settings_t retail_settings;

/* Reads the `retail` group CFG into retail_settings; CRM_ECONFIG naming the file and line of
 * a setting that makes no sense. Frees what it allocated when it fails. */
int retail_settings_read(const crm_config_t *cfg, crm_error_t *error);

/* Frees what retail_settings_read() allocated. */
void retail_settings_free(void);

/* Entities (schema_*.c). */
extern const crm_entity_def_t retail_opportunity_def;
extern const crm_entity_def_t retail_referral_def;
extern const crm_entity_def_t retail_sales_target_def;

/* The values of the product_type enum, shared by the three entities. */
extern const char *const retail_product_types[];

/* The entities' prepare hooks (opportunity.c, referral.c, target.c). */
int retail_opportunity_prepare(const crm_identity_t *actor, const bson_t *record,
                               const bson_t *before, bson_t *changes, crm_error_t *error);
int retail_referral_prepare(const crm_identity_t *actor, const bson_t *record, const bson_t *before,
                            bson_t *changes, crm_error_t *error);
int retail_sales_target_prepare(const crm_identity_t *actor, const bson_t *record,
                                const bson_t *before, bson_t *changes, crm_error_t *error);

/* The entities' labels in Polish, Ukrainian and Russian (i18n.c). */
extern const crm_translations_t retail_opportunity_translations[];
extern const crm_translations_t retail_referral_translations[];
extern const crm_translations_t retail_sales_target_translations[];

/* --- small helpers over records in API form (record.c) --- */

/* The string at dotted PATH of DOC (may be NULL), or NULL. Borrowed from DOC. */
const char *retail_str(const bson_t *doc, const char *path);

/* True when DOC's string at PATH equals VALUE. */
bool retail_str_is(const bson_t *doc, const char *path, const char *value);

/* The datetime at PATH of DOC (UTC ms) into *MS; false when absent. */
bool retail_time(const bson_t *doc, const char *path, int64_t *ms);

/* The date "YYYY-MM-DD" at PATH of DOC as UTC midnight (ms) into *MS; false when absent. */
bool retail_date(const bson_t *doc, const char *path, int64_t *ms);

/* The integer at PATH of DOC into *V; false when absent. */
bool retail_int(const bson_t *doc, const char *path, int64_t *v);

/* True when the write sets FIELD: RECORD (as it would be stored) has it, and it differs from
 * BEFORE's (or there is no BEFORE: a create). */
bool retail_given(const bson_t *record, const bson_t *before, const char *field);

/* True when the client_id the write sets is a client ACTOR can see; else a message for the
 * field in ERROR. (The schema checks only that the client exists.) */
bool retail_client_visible(const crm_identity_t *actor, const bson_t *record, const bson_t *before,
                           crm_error_t *error);

/* Copies the string at PATH of DOC into BUF (CAP bytes), "" when absent. */
void retail_copy_str(const bson_t *doc, const char *path, char *buf, size_t cap);

/* Copies the ObjectId at KEY of DOC (a record as the store holds it) as 24 hex digits into BUF,
 * "" when absent. */
void retail_copy_id(const bson_t *doc, const char *key, char buf[25]);

/* ITEMS (N of them used, room for *CAP of SIZE bytes) with room for one more: reallocated,
 * and *CAP doubled, when full. Free with bson_free(). */
void *retail_grow(void *items, size_t n, size_t *cap, size_t size);

/* Appends MS under KEY as the API's datetime ("2026-11-22T08:00:00Z"), or as a date
 * ("2026-11-22") when DATE. */
void retail_put_time(bson_t *doc, const char *key, int64_t ms, bool date);

/* Now (UTC ms). */
int64_t retail_now(void);

/* A task about an opportunity for one person (tasks.c). */
typedef struct retail_task {
    const char *title;
    const char *notes;          /* may be NULL */
    const char *client_id;      /* may be NULL */
    const char *opportunity_id; /* what it is about */
    const char *assignee;       /* a user id: the task's assignee and owner */
    const char *org_unit;       /* the assignee's unit, or NULL */
    int64_t due;                /* UTC ms */
    bool high;                  /* high priority */
} retail_task_t;

/* Creates task T as ACTOR (a job's identity), origin "retail". */
int retail_task_create(const crm_identity_t *actor, const retail_task_t *t, crm_error_t *error);

/* A product of a renewed type. */
typedef struct retail_product {
    bson_oid_t id;
    char name[201];
} retail_product_t;

/* An account to renew, as the store holds it. */
typedef struct retail_account {
    char id[25], client[25], product[25], owner[65], unit[25], number[65], currency[4];
    int64_t maturity, balance;
    bool has_balance;
    const char *product_name;
} retail_account_t;

typedef struct retail_renewals {
    retail_product_t *products;
    size_t n_products;
    retail_account_t *accounts;
    size_t n_accounts, cap_accounts;
} retail_renewals_t;

/* Reads into R (zeroed) the products of the renewed types and their active accounts maturing
 * from FROM to TO (UTC midnights). Free R with retail_renewals_free(). */
int retail_renewal_accounts(crm_store_t *store, int64_t from, int64_t to, retail_renewals_t *r,
                            crm_error_t *error);
void retail_renewals_free(retail_renewals_t *r);

/* Creates as ACTOR, at NOW, the renewal opportunity of account A (its id into OPPORTUNITY)
 * and the owner's task, unless the account's maturity already has one in STORE (OPPORTUNITY
 * "" then). Call it in a transaction, so that the two are written together. */
int retail_renewal_create(crm_store_t *store, const crm_identity_t *actor, int64_t now,
                          const retail_account_t *a, char opportunity[25], crm_error_t *error);

/* Records as ACTOR, at NOW, the outcome of every renewal whose contract has matured and which
 * has none yet; COUNTS gets the extended, expired and failed ones added. */
int retail_renewal_outcomes(crm_store_t *store, const crm_identity_t *actor, int64_t now,
                            int64_t counts[3], crm_error_t *error);

/* The jobs: renewals and their outcomes (renewals.c), stuck opportunities (stuck.c). */
int retail_renewals_register(crm_plugin_t *plugin, crm_error_t *error);
int retail_stuck_register(crm_plugin_t *plugin, crm_error_t *error);

/* The next best offer (its route and 360 section) and the client 360's sections of open
 * opportunities and referrals (offer.c). */
int retail_offer_register(crm_plugin_t *plugin, crm_error_t *error);

/* Registers the plugin's demo data for `crmd seed-demo` (demo.c). */
int retail_demo_register(crm_plugin_t *plugin, crm_error_t *error);

/* Registers the event handlers that follow activity and referrals (events.c). */
int retail_events_register(crm_plugin_t *plugin, crm_error_t *error);

/* The plugin's reports (reports.c). Called last in init. */
int retail_reports_register(crm_plugin_t *plugin, crm_error_t *error);

#endif
