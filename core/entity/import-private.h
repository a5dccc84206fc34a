/* Bulk import of CSV or NDJSON into an entity, used by POST /api/v1/<entity>/import and
 * `crmd import`. Records are validated like any create/update and written in batches: a batch
 * is stored whole or not at all, and every problem is reported with its line. A record whose
 * external key (the entity's external_key field) matches an existing record updates it. */
#ifndef CRM_IMPORT_PRIVATE_H
#define CRM_IMPORT_PRIVATE_H

#include "entity/entity-private.h"

typedef enum crm__import_format { CRM__IMPORT_CSV, CRM__IMPORT_NDJSON } crm__import_format_t;

typedef struct crm__import crm__import_t;

/* What an import did so far. */
typedef struct crm__import_stats {
    int64_t records;          /* records read */
    int64_t created, updated; /* stored */
    int64_t rejected;         /* records in batches that were not stored */
    int64_t errors;           /* problems found (more than the ones kept) */
} crm__import_stats_t;

/* Starts an import into ENTITY as ACTOR. BATCH is the number of records per all-or-nothing
 * batch (0: everything fed is one batch). Free with crm__import_destroy(). */
crm__import_t *crm__import_new(const crm__entity_t *entity, crm__import_format_t format,
                               const crm_identity_t *actor, size_t batch, crm_error_t *error);

/* Feeds the next LEN bytes of input; full batches are written as they fill. Returns 0, or an
 * error that ends the import (bad header, store failure); record problems are not errors here
 * but collected. */
int crm__import_feed(crm__import_t *imp, const char *data, size_t len, crm_error_t *error);

/* Ends the input and writes the last batch. */
int crm__import_finish(crm__import_t *imp, crm_error_t *error);

/* The counters so far. */
void crm__import_stats(const crm__import_t *imp, crm__import_stats_t *stats);

/* Appends the kept problems as an array [{"line": 3, "field": "x", "message": "..."}] named
 * KEY to OUT. */
void crm__import_append_errors(const crm__import_t *imp, bson_t *out, const char *key);

/* Calls FN for each kept problem (for the command line). */
void crm__import_foreach_error(const crm__import_t *imp,
                               void (*fn)(int64_t line, const char *field, const char *message,
                                          void *data),
                               void *data);

void crm__import_destroy(crm__import_t *imp);

#endif
