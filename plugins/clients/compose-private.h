/* Composite reports: one report whose measures come from declared reports, each measure a
 * measure of one of them under a condition of its own ("tasks done" is the count of the tasks
 * report where status is done). The core runs each declared report as the caller, so scopes,
 * from/to, filter= and compare= are the core's; the composite matches their rows by the
 * values of the dims they share and puts the measures side by side. */
#ifndef CLIENTS_COMPOSE_PRIVATE_H
#define CLIENTS_COMPOSE_PRIVATE_H

#include <crm/report.h>

/* Appends to FILTER (API form) the conditions of a measure that depend on the run (now, a
 * configured threshold). */
typedef void (*clients_condition_fn)(bson_t *filter);

typedef struct clients_report_part {
    const char *measure;            /* the composite's measure; NULL ends the table */
    const char *report;             /* the declared report computing it */
    const char *source;             /* that report's measure */
    const char *filter;             /* a fixed condition, JSON in API names, or NULL */
    clients_condition_fn condition; /* a condition made at each run, or NULL */
} clients_report_part_t;

typedef struct clients_composite {
    const crm_report_def_t *def; /* its dims and measures name and label the result */
    const clients_report_part_t *parts;
} clients_composite_t;

/* The compute callback of a composite report; DATA is its clients_composite_t. Every dim of
 * the composite must be a dim of the same name in each declared report it uses. */
int clients_report_compose(const crm_identity_t *caller, crm_store_t *store, const bson_t *params,
                           bson_t *result, void *data, crm_error_t *error);

#endif
