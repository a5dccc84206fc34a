/* The entity registry, the schema (validation and conversion between the API's and the store's
 * forms of a record), and the generic REST endpoints. */
#ifndef CRM_ENTITY_PRIVATE_H
#define CRM_ENTITY_PRIVATE_H

#include <crm/entity.h>

/* The audit trail's collection. */
#define CRM__AUDIT_COLLECTION "audit"

/* Registers the core's routes (generic entity endpoints, meta). */
int crm__entity_core_init(crm_error_t *error);
void crm__entity_core_fini(void);

/* A registered entity. */
typedef struct crm__entity {
    const crm_entity_def_t *def;
    crm_plugin_t *owner;
    size_t n_fields;
    bool has_text; /* some field is CRM_F_SEARCHABLE */
    const char *default_sort;      /* from the definition when its size has it (ABI 1.1) */
    crm_entity_prepare_fn prepare; /* from the definition when its size has them (ABI 1.2) */
    crm_entity_present_fn present;
    const crm_translations_t *translations; /* from the definition when its size has them */
} crm__entity_t;

/* The entity named NAME, or NULL. Borrowed; valid while its plugin is loaded. */
const crm__entity_t *crm__entity_lookup(const char *name);

/* True when some related section (crm/related.h) is registered for records of ENTITY. */
bool crm__related_has_target(const char *entity);

/* Checks that every reference field of every registered entity points at a registered entity
 * or a core collection (users, org_units): run once all plugins are loaded. CRM_EINVAL names
 * the first that does not. */
int crm__entity_check_refs(crm_error_t *error);

/* The registered entities in registration order. */
const crm__entity_t *const *crm__entity_all(size_t *n);

/* The field NAME of ENTITY (top level), or NULL. */
const crm_field_t *crm__entity_field(const crm__entity_t *entity, const char *name);

/* True for the names of the system fields the core keeps (id, owner_id, org_unit, created_at,
 * created_by, updated_at, updated_by, version). */
bool crm__entity_is_system_field(const char *name);

/* How crm__schema_from_api() treats INPUT. */
typedef enum crm__schema_mode {
    CRM__SCHEMA_CREATE, /* a whole new record: required fields must be there */
    CRM__SCHEMA_PATCH,  /* only the fields to change; null removes a field */
    CRM__SCHEMA_DERIVED /* a prepare hook's changes: as PATCH, computed and read-only allowed */
} crm__schema_mode_t;

/* Or'ed into a crm__schema_mode_t: computed fields are accepted (a plugin's own writes). */
#define CRM__SCHEMA_COMPUTED_OK 0x100

/* Validates INPUT (API form) against ENTITY and writes the store form: for CREATE, the fields
 * into SET; for PATCH, the changed fields into SET and the removed ones into UNSET (names with
 * value true). Every problem is added to ERROR as a per-field message (CRM_EVALIDATION).
 * SET and UNSET are initialised by the caller. References are checked to exist in STORE
 * (NULL: not checked). */
int crm__schema_from_api(const crm__entity_t *entity, const bson_t *input, int mode,
                         crm_store_t *store, bson_t *set, bson_t *unset, crm_error_t *error);

/* Converts one stored record into its API form, appended to OUT (initialised by the caller). */
void crm__schema_to_api(const crm__entity_t *entity, const bson_t *stored, bson_t *out);

/* crm__schema_to_api(), then the entity's present hook: a record as the API returns it. */
void crm__entity_to_api(const crm__entity_t *entity, const bson_t *stored, bson_t *out);

/* Runs ENTITY's prepare hook, if any, on the record that SET and UNSET (store form, as from
 * crm__schema_from_api()) make of BEFORE (the stored record; NULL on create), and merges the
 * hook's changes into SET and UNSET. CRM_EVALIDATION with per-field messages when the hook or
 * the schema refuses them. */
int crm__entity_prepare(const crm__entity_t *entity, const crm_identity_t *actor,
                        const bson_t *before, bson_t *set, bson_t *unset, crm_store_t *store,
                        crm_error_t *error);

/* Converts a single field's API value (JSON-decoded) into its store form. Used for filters:
 * dates and datetimes from strings, references and ids from hex strings. Returns false when
 * the value does not fit the field's type (the value is then used as given). */
bool crm__schema_value_to_store(const crm_field_t *field, const bson_value_t *in, bson_value_t *out);

/* Parses "24 hex digits" into OID. */
bool crm__entity_parse_id(const char *s, bson_oid_t *oid);

#endif
