/* The entity service's internals shared by the REST handlers and the importer. */
#ifndef CRM_ENTITY_SERVICE_PRIVATE_H
#define CRM_ENTITY_SERVICE_PRIVATE_H

#include "entity/entity-private.h"

/* The host's store, or NULL when none is open. */
crm_store_t *crm__entity_store(void);

/* Looks up entity NAME (404 when unknown) and, when OID is not NULL, parses ID (400 when not
 * an id). Fails with 503 when no store is open. */
int crm__entity_resolve(const char *name, const char *id, const crm__entity_t **entity,
                        bson_oid_t *oid, crm_error_t *error);

/* "<entity>.<ACTION>" into BUF. */
void crm__entity_permission(const crm__entity_t *e, const char *action, char *buf, size_t size);

/* Appends to OUT (initialised by the caller) {"_id": OID} (when OID is not NULL) and the
 * conditions of ACTOR's scope for "<entity>.<ACTION>". CRM_EPERM when ACTOR lacks it. */
int crm__entity_scoped_filter(const crm_identity_t *actor, const crm__entity_t *e,
                              const char *action, const bson_oid_t *oid, bson_t *out,
                              crm_error_t *error);

/* crm_entity_create() for the REST API (FROM_PLUGIN false: computed fields refused) and for
 * plugins (true: accepted). */
int crm__entity_create(const crm_identity_t *actor, const char *entity, const bson_t *input,
                       bool from_plugin, bson_t *out, crm_error_t *error);

/* crm_entity_update() with optimistic locking: EXPECTED_VERSION >= 0 makes the update fail
 * with CRM_ECONFLICT when the record's version differs; FROM_PLUGIN as for
 * crm__entity_create(). */
int crm__entity_update(const crm_identity_t *actor, const char *entity, const char *id,
                       const bson_t *patch, int64_t expected_version, bool from_plugin,
                       bson_t *out, crm_error_t *error);

/* Appends to DOC the system fields of a record ACTOR creates at NOW (owner_id, org_unit,
 * created_at/by, updated_at/by, version 1). */
void crm__entity_append_created(bson_t *doc, const crm_identity_t *actor, int64_t now);

/* Appends to UPDATE (an update document being built) {"$set": SET + updated_at/by,
 * "$inc": {"version": 1}}. */
void crm__entity_append_touch(bson_t *update, const bson_t *set, const crm_identity_t *actor,
                              int64_t now);

/* Writes an audit record: who (ACTOR), ACTION ("create", "update", "delete", "import"), on
 * ENTITY / RECORD (may be NULL), the CHANGES ({field: {from, to}}, may be NULL) and EXTRA
 * fields (may be NULL). Call inside the write's transaction. */
int crm__audit_write(crm_store_t *store, const crm_identity_t *actor, const char *action,
                     const char *entity, const bson_oid_t *record, const bson_t *changes,
                     const bson_t *extra, crm_error_t *error);

/* Publishes "<entity>.<WHAT>" for record OID with AFTER and BEFORE (stored form, either may
 * be NULL) by ACTOR; inside a transaction, it goes out after the commit. */
void crm__entity_publish(const crm__entity_t *e, const char *what, const bson_oid_t *oid,
                         const bson_t *after, const bson_t *before, const crm_identity_t *actor);

#endif
