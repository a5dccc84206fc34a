/* Entities: named document types with a field schema. Registering one gives it, for free,
 * the REST endpoints under /api/v1/<entity> (list with filter, full-text q, sort, cursor
 * pagination, _count, CSV export, CSV/NDJSON import with upsert by an external key), schema
 * validation with per-field messages, the system fields, the audit trail and the
 * <entity>.created/.updated/.deleted events. docs/plugin-guide.md walks through an example.
 *
 * Documents as the API sees them carry "id" (24-hex string) and the system fields
 * owner_id, org_unit, created_at, created_by, updated_at, updated_by, which the core keeps:
 * a client cannot set them. Money travels as {"amount": <integer minor units>,
 * "currency": "EUR"}; dates as "YYYY-MM-DD"; datetimes as ISO 8601 UTC. */
#ifndef CRM_ENTITY_H
#define CRM_ENTITY_H

#include <bson/bson.h>
#include <crm/common.h>
#include <crm/identity.h>
#include <crm/plugin.h>
#include <crm/store.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum crm_field_type {
    CRM_FIELD_STRING = 1, /* one line of text; max_length applies (default 255) */
    CRM_FIELD_TEXT,       /* multi-line text; max_length applies (default 65535) */
    CRM_FIELD_INT,        /* 64-bit integer; min/max apply when min < max */
    CRM_FIELD_MONEY,      /* {"amount": int64 minor units, "currency": ISO 4217 code} */
    CRM_FIELD_DECIMAL,    /* exact decimal, as a string in JSON: "12.345" */
    CRM_FIELD_DATE,       /* "YYYY-MM-DD" (stored as UTC midnight) */
    CRM_FIELD_DATETIME,   /* ISO 8601 with Z or offset, stored as UTC */
    CRM_FIELD_BOOL,
    CRM_FIELD_ENUM,       /* one of enum_values */
    CRM_FIELD_REF,        /* id of a record of entity `ref` */
    CRM_FIELD_ARRAY,      /* array of item_type (scalars only) */
    CRM_FIELD_OBJECT      /* a nested object, checked against `fields` when given */
} crm_field_type_t;

/* Field flags. */
enum {
    CRM_F_REQUIRED = 1 << 0,   /* must be present and not null on create */
    CRM_F_SEARCHABLE = 1 << 1, /* part of the full-text index (q=) */
    CRM_F_INDEXED = 1 << 2,    /* the store keeps an index for filters and sorts */
    CRM_F_UNIQUE = 1 << 3,     /* unique index: a duplicate is 409 */
    CRM_F_READONLY = 1 << 4,   /* set on create only; refused in updates */
    CRM_F_SENSITIVE = 1 << 5,  /* never logged, left out of audit diffs' values */
    CRM_F_COMPUTED = 1 << 6,   /* kept by the plugin (its prepare or present hook, or a job
                                  through crm_entity_update()): refused in the REST API's input
                                  (ABI 1.2) */
    CRM_F_USER = 1 << 7        /* a string holding a user's id: reports and the web UI show the
                                  user's name (ABI 1.4) */
};

typedef struct crm_field {
    const char *name; /* [a-z][a-z0-9_]*; NULL ends a field table */
    crm_field_type_t type;
    const char *label;                /* for people (English; translations live beside) */
    unsigned flags;                   /* CRM_F_* */
    int32_t max_length;               /* string/text: maximum length in characters; 0: default */
    int64_t min, max;                 /* int: bounds when min < max */
    const char *const *enum_values;   /* enum: NULL-terminated allowed values */
    const char *ref;                  /* ref: the referenced entity's name */
    crm_field_type_t item_type;       /* array: the type of its items */
    const struct crm_field *fields;   /* object: its fields (NULL-name terminated), or NULL */
} crm_field_t;

/* Builds a NULL-terminated list of enum values. */
#define CRM_VALUES(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Called on every create and update of the entity, inside the write's transaction, after the
 * input passed the schema: RECORD is the record as it would be stored (API form; on create it
 * has no "id" yet), BEFORE the stored record before an update (API form) or NULL on create.
 * The hook appends to CHANGES (an empty document, API form) the fields it normalises or
 * derives, e.g. phone numbers in E.164 or a completeness score; they go through the schema
 * like input (CRM_F_COMPUTED fields allowed) and are written with the rest. Returning
 * CRM_EVALIDATION with per-field messages (crm_error_add_field) refuses the write with 422.
 * Runs on the writer's thread; must not write to the same record. */
typedef int (*crm_entity_prepare_fn)(const crm_identity_t *actor, const bson_t *record,
                                     const bson_t *before, bson_t *changes, crm_error_t *error);

/* Called for each record the API returns (get, list, export, events' payloads excluded), to
 * append values computed at read time (e.g. "overdue" of a task) to RECORD (API form, fields
 * already present must not be appended again). Such fields are not stored, so filters cannot
 * use them. Must be fast and must not block: it runs once per listed record. */
typedef void (*crm_entity_present_fn)(bson_t *record);

typedef struct crm_entity_def {
    size_t size;              /* sizeof(crm_entity_def_t) */
    const char *name;         /* [a-z][a-z0-9_]*, also the URL segment and the collection */
    const char *label;        /* "Prospect" */
    const char *label_plural; /* "Prospects" */
    const crm_field_t *fields; /* terminated by an entry whose name is NULL */
    const char *external_key; /* field used to upsert on import (e.g. the core banking id) */
    const char *title_field;  /* field naming a record in lists and pickers */
    const char *default_sort; /* e.g. "-created_at"; default "-_id" (newest first) */
    /* ABI 1.2 */
    crm_entity_prepare_fn prepare; /* optional */
    crm_entity_present_fn present; /* optional */
    const crm_translations_t *translations; /* labels in other languages, or NULL */
} crm_entity_def_t;

/* Registers DEF for PLUGIN (only during its init). The definition and everything it points
 * to must stay valid while the plugin is loaded (static tables are the rule). Creates the
 * indexes the flags ask for. CRM_ECONFLICT when the name is taken, CRM_EINVAL when the
 * definition is inconsistent (message names the field). */
CRM_API int crm_entity_register(crm_plugin_t *plugin, const crm_entity_def_t *def,
                                crm_error_t *error);

/* The definition registered under NAME, or NULL. Borrowed. */
CRM_API const crm_entity_def_t *crm_entity_find(const char *name);

/* --- the entity service: what the REST endpoints use, available to plugins --- *
 * Each call acts as ACTOR, validates against the schema, keeps the system fields, writes an
 * audit record in the same transaction and emits the event after commit. Documents in and out
 * are in the API form: "id" as 24 hex, dates as "YYYY-MM-DD", datetimes as ISO 8601 UTC,
 * references as id strings, money as {"amount", "currency"}. */

/* Creates a record from INPUT (API form, already parsed). On success, when OUT is not NULL it
 * is initialised with the stored record (API form). CRM_EVALIDATION with per-field messages. */
CRM_API int crm_entity_create(const crm_identity_t *actor, const char *entity, const bson_t *input,
                              bson_t *out, crm_error_t *error);

/* Reads record ID into OUT (initialised here, API form). CRM_ENOTFOUND when absent. */
CRM_API int crm_entity_get(const crm_identity_t *actor, const char *entity, const char *id,
                           bson_t *out, crm_error_t *error);

/* Applies PATCH (API form: the fields to change; null removes an optional field). OUT as in
 * crm_entity_create(). */
CRM_API int crm_entity_update(const crm_identity_t *actor, const char *entity, const char *id,
                              const bson_t *patch, bson_t *out, crm_error_t *error);

/* Deletes record ID. */
CRM_API int crm_entity_delete(const crm_identity_t *actor, const char *entity, const char *id,
                              crm_error_t *error);

/* Called by crm_entity_list() for each record (API form, borrowed for the call). A non-zero
 * return stops the listing and becomes its result. */
typedef int (*crm_entity_each_fn)(const bson_t *record, void *data, crm_error_t *error);

/* Calls FN for the records of ENTITY that ACTOR may read ("<entity>.read" in its scope) and
 * that match FILTER (API form, as the list endpoint's filter= parameter: field names, values
 * as JSON gives them, operators $eq $ne $gt $gte $lt $lte $in $nin $exists $regex; NULL: all),
 * in the order SORT ("-due", "name"; NULL: the entity's default), at most LIMIT of them (1 to
 * 500; 0: 50). CRM_EINVAL for an unknown field or operator. (ABI 1.2) */
CRM_API int crm_entity_list(const crm_identity_t *actor, const char *entity, const bson_t *filter,
                            const char *sort, int64_t limit, crm_entity_each_fn fn, void *data,
                            crm_error_t *error);

/* Counts the records of ENTITY that ACTOR may read matching FILTER (as crm_entity_list()) into
 * *COUNT. (ABI 1.2) */
CRM_API int crm_entity_count(const crm_identity_t *actor, const char *entity, const bson_t *filter,
                             int64_t *count, crm_error_t *error);

/* Re-points references: every field of every registered entity declared as CRM_FIELD_REF to
 * TARGET (or an array of such references) that holds FROM_ID is set to TO_ID, in one
 * transaction, each changed record audited as an update by ACTOR and announced by its
 * <entity>.updated event. When ONLY is not NULL, only the records it lists are touched (the
 * shape of MOVED, e.g. to undo an earlier re-pointing with FROM_ID and TO_ID swapped). When
 * MOVED is not NULL it is initialised with what changed: {"<entity>": ["<id>", ...], ...}.
 * Ignores scopes: the caller checks that ACTOR may do this (a merge, say). (ABI 1.2) */
CRM_API int crm_entity_repoint(const crm_identity_t *actor, const char *target, const char *from_id,
                               const char *to_id, const bson_t *only, bson_t *moved,
                               crm_error_t *error);

#ifdef __cplusplus
}
#endif

#endif
