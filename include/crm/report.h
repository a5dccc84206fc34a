/* Reports: declared by plugins as data, computed inside the store over only the records the
 * caller may see, compared with an earlier period, and rendered as JSON, CSV, XLSX or PDF.
 *
 *   static const crm_report_dim_t dims[] = {
 *       {.name = "segment", .field = "segment", .label = "Segment"},
 *       {.name = "month", .field = "created_at", .bucket = CRM_BUCKET_MONTH, .label = "Month"},
 *       {.name = NULL}};
 *   static const crm_report_measure_t measures[] = {
 *       {.name = "prospects", .kind = CRM_MEASURE_COUNT, .label = "Prospects"},
 *       {.name = "expected", .kind = CRM_MEASURE_SUM, .field = "expected_amount.amount",
 *        .money_currency_field = "expected_amount.currency", .label = "Expected"},
 *       {.name = NULL}};
 *   static const crm_report_def_t by_segment = {
 *       .size = sizeof(crm_report_def_t), .id = "prospects_by_segment",
 *       .title = "Prospects by segment", .entity = "prospect", .date_field = "created_at",
 *       .dims = dims, .measures = measures, .permission = "prospect.read"};
 *   crm_report_register (plugin, &by_segment, error);
 *
 * GET /api/v1/reports lists the reports the caller may run; GET /api/v1/reports/<id> runs one:
 *   dims=segment,month  measures=prospects,expected  from=2026-01-01  to=2026-12-31
 *   filter={"vip":true}  compare=prev|yoy  format=json|csv|xlsx|pdf
 * (compare=prev over whole calendar months compares with as many whole months just before.)
 * The caller's scope for the report's permission limits the records, always. */
#ifndef CRM_REPORT_H
#define CRM_REPORT_H

#include <bson/bson.h>
#include <crm/common.h>
#include <crm/identity.h>
#include <crm/plugin.h>
#include <crm/store.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Time buckets of a date dimension, in UTC; weeks start on Monday (ISO 8601). */
typedef enum crm_bucket {
    CRM_BUCKET_NONE = 0, /* the field's value itself */
    CRM_BUCKET_DAY,
    CRM_BUCKET_WEEK,
    CRM_BUCKET_MONTH,
    CRM_BUCKET_QUARTER,
    CRM_BUCKET_YEAR
} crm_bucket_t;

/* A dimension: a field (dotted path; a ref field groups by the referenced id) or a time bucket
 * of a date/datetime field. */
typedef struct crm_report_dim {
    const char *name;  /* [a-z][a-z0-9_]*, the request's dims= value; NULL ends the table */
    const char *field; /* the entity's field (dotted path) */
    crm_bucket_t bucket;
    const char *label;
} crm_report_dim_t;

typedef enum crm_measure_kind {
    CRM_MEASURE_COUNT = 1,    /* records */
    CRM_MEASURE_COUNT_DISTINCT, /* distinct values of field */
    CRM_MEASURE_SUM,
    CRM_MEASURE_AVG,
    CRM_MEASURE_MIN,
    CRM_MEASURE_MAX,
    CRM_MEASURE_RATIO /* numerator / denominator, two other measures of the report */
} crm_measure_kind_t;

typedef struct crm_report_measure {
    const char *name; /* NULL ends the table */
    crm_measure_kind_t kind;
    const char *field;                /* for count distinct, sum, avg, min, max */
    const char *numerator, *denominator; /* ratio: names of two measures of this report */
    const char *money_currency_field; /* sum/avg/min/max of money: where the currency is; the
                                         report then groups by currency too (money is never
                                         added across currencies) */
    const char *label;
} crm_report_measure_t;

/* A condition on one measure (ABI 1.3): the measure counts, sums, averages ... only the records
 * that also match FILTER, as SQL's "count(*) FILTER (WHERE ...)" does, while the rows and the
 * other measures still cover every record of the report. FILTER is JSON in API names, the
 * language of fixed_filter and of entity lists: {"stage": "signed"}, {"offer_at": {"$exists":
 * true}}. A ratio of a filtered count to a plain one is a share ("signed of all"). Each
 * distinct filter of the measures asked for costs one more aggregation in the store. */
typedef struct crm_report_measure_filter {
    const char *measure; /* a measure of the report, not a ratio; NULL ends the table */
    const char *filter;
} crm_report_measure_filter_t;

/* A report computed by a plugin's own code, for what a declaration cannot say (durations
 * between stages, roll rates). It gets the same parameters, the caller (apply its scope with
 * crm_identity_scope_filter()) and the store, and fills RESULT with
 *   {"columns": [{"name", "label", "type": "string"|"int"|"double"|"money"|"date"}...],
 *    "rows": [[...], ...], "totals": [...] (optional)}
 * (RESULT is initialised by the engine, which puts "report", "title" and "params" before
 * what the callback wrote when it left them out). */
typedef int (*crm_report_fn)(const crm_identity_t *caller, crm_store_t *store,
                             const bson_t *params, bson_t *result, void *data,
                             crm_error_t *error);

typedef struct crm_report_def {
    size_t size;          /* sizeof(crm_report_def_t) */
    const char *id;       /* [a-z][a-z0-9_]*, unique */
    const char *title;
    const char *description;
    const char *entity;   /* the source entity (declared reports) */
    const char *date_field; /* the field from= and to= and compare= apply to */
    const crm_report_dim_t *dims;
    const crm_report_measure_t *measures;
    const char *fixed_filter; /* JSON filter always applied (API names), or NULL */
    const char *permission;   /* whose scope limits the records, e.g. "prospect.read" */
    const char *const *default_dims;     /* NULL-terminated, or NULL: none */
    const char *const *default_measures; /* NULL-terminated, or NULL: all */
    crm_report_fn compute;    /* instead of a declaration, or NULL */
    void *data;               /* passed to compute */
    /* ABI 1.2 */
    const crm_translations_t *translations; /* title and labels in other languages, or NULL */
    /* ABI 1.3 */
    const crm_report_measure_filter_t *measure_filters; /* conditions of measures, or NULL */
} crm_report_def_t;

/* Registers DEF for PLUGIN (only during its init). DEF and what it points to must outlive the
 * plugin (static tables). CRM_EINVAL names what is inconsistent; CRM_ECONFLICT for a taken id. */
CRM_API int crm_report_register(crm_plugin_t *plugin, const crm_report_def_t *def,
                                crm_error_t *error);

/* The most dims and measures one run may ask for. */
#define CRM_REPORT_MAX_DIMS 16
#define CRM_REPORT_MAX_MEASURES 32

/* For a compute callback: reads the dims= and measures= of PARAMS against DEF's tables (DEF's
 * default_dims, default_measures or all its measures when not given) into DIMS and MEASURES,
 * NULL-terminated arrays the caller provides of CRM_REPORT_MAX_DIMS + 1 and
 * CRM_REPORT_MAX_MEASURES + 1 pointers into DEF's tables, in the order asked; and checks
 * from=, to=, compare= and format= as for a declared report. CRM_EINVAL (400) names what is
 * wrong: an unknown or repeated name, a malformed date, to before from, compare without a
 * period. (ABI 1.3) */
CRM_API int crm_report_params_read(const crm_report_def_t *def, const bson_t *params,
                                   const crm_report_dim_t **dims,
                                   const crm_report_measure_t **measures, crm_error_t *error);

/* Runs report ID as CALLER with PARAMS (the request's parameters as a document of strings:
 * {"dims": "segment,month", "from": "2026-01-01", ...}) into RESULT (initialised here, the JSON
 * form: columns, rows, totals, and "compare" columns when asked). */
CRM_API int crm_report_run(const crm_identity_t *caller, const char *id, const bson_t *params,
                           bson_t *result, crm_error_t *error);

#ifdef __cplusplus
}
#endif

#endif
