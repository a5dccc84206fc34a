/* An entity's CSV layout, shared by export and import (and by the XLSX export, which has the
 * same columns): one column per scalar field, two for money (<f>.amount in minor units,
 * <f>.currency), one per declared sub-field of an object, JSON text for arrays and free
 * objects; export adds id and the system fields. */
#ifndef CRM_CSV_PRIVATE_H
#define CRM_CSV_PRIVATE_H

#include "entity/entity-private.h"

typedef struct crm__csv_column {
    char header[132];
    const crm_field_t *field;  /* the top-level field, NULL for id/system columns */
    const crm_field_t *sub;    /* the sub-field of an object, or NULL */
    const char *part;          /* "amount"/"currency" for money, else NULL */
    const char *system;        /* system field name ("id", "created_at", ...) or NULL */
} crm__csv_column_t;

/* The columns of E; WITH_SYSTEM adds id and the system fields. *N gets their number. Free
 * with free(). */
crm__csv_column_t *crm__csv_columns(const crm__entity_t *e, bool with_system, size_t *n);

/* Points IT at the value of column COL in the record API_DOC (API form); false when the
 * record has none (or null). */
bool crm__csv_cell_find(const crm__csv_column_t *col, const bson_t *api_doc, bson_iter_t *it);

/* Appends the CSV cell of column COL for the record API_DOC (API form) to OUT, quoted when
 * needed; text that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed
 * with '. */
void crm__csv_append_cell(bson_string_t *out, const crm__csv_column_t *col, const bson_t *api_doc);

#endif
