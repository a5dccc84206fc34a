/* The report engine's internals: the registry of declared reports, the parsed request
 * parameters, the periods of a comparison, and the routes. */
#ifndef CRM_REPORT_PRIVATE_H
#define CRM_REPORT_PRIVATE_H

#include <crm/report.h>

#define CRM__REPORT_MAX_DIMS CRM_REPORT_MAX_DIMS
#define CRM__REPORT_MAX_MEASURES CRM_REPORT_MAX_MEASURES
#define CRM__MS_PER_DAY INT64_C(86400000)

typedef enum crm__compare {
    CRM__COMPARE_NONE = 0,
    CRM__COMPARE_PREV, /* the period of the same length just before */
    CRM__COMPARE_YOY,  /* the same dates a year earlier */
    CRM__COMPARE_BUCKET /* each bucket of the one time dim against the bucket before it */
} crm__compare_t;

/* A run's parameters, checked against the report's declaration. */
typedef struct crm__report_params {
    const crm_report_dim_t *dims[CRM__REPORT_MAX_DIMS];
    size_t n_dims;
    const crm_report_measure_t *measures[CRM__REPORT_MAX_MEASURES]; /* as asked, in order */
    size_t n_measures;
    bool have_from, have_to;
    int64_t from_ms; /* UTC midnight of from= */
    int64_t to_ms;   /* UTC midnight of the day after to= (exclusive) */
    crm__compare_t compare;
    const char *filter; /* filter= (JSON in API names), borrowed from the parameters */
} crm__report_params_t;

typedef struct crm__entity crm__entity_t;

/* What the values of ENTITY's FIELD are ids of, for names in a report: "users", "org_units",
 * an entity's name, or NULL. */
const char *crm__report_ref_of(const crm__entity_t *entity, const char *field);

/* Adds "names": {id: name} to each column of RESULT that has "ref", for the ids in its rows
 * (names.c). */
void crm__report_add_names(const crm_identity_t *caller, bson_t *result);

/* The report registered as ID, or NULL. Borrowed; valid while its plugin is loaded. */
const crm_report_def_t *crm__report_lookup(const char *id);

/* Calls FN for each registered report in registration order (under the registry's lock: FN
 * must not register). */
void crm__report_foreach(void (*fn)(const crm_report_def_t *def, void *data), void *data);

/* The measure of DEF named NAME, or NULL. */
const crm_report_measure_t *crm__report_measure(const crm_report_def_t *def, const char *name);

/* DEF's measure filters (NULL for a definition older than ABI 1.3, or none), and the filter
 * of measure M (JSON in API names), or NULL. */
const crm_report_measure_filter_t *crm__report_measure_filters(const crm_report_def_t *def);
const char *crm__report_measure_filter(const crm_report_def_t *def, const crm_report_measure_t *m);

/* Reads PARAMS (a document of strings) for DEF into OUT. CRM_EINVAL (400) naming the
 * parameter: an unknown dim, measure, compare or format, a malformed date, to before from,
 * compare without both from and to. */
int crm__report_params_parse(const crm_report_def_t *def, const bson_t *params,
                             crm__report_params_t *out, crm_error_t *error);

/* The earlier period [*PFROM, *PTO) compared with [FROM, TO) (UTC midnights). */
void crm__report_period_earlier(crm__compare_t compare, int64_t from, int64_t to, int64_t *pfrom,
                                int64_t *pto);

/* The start of the bucket N buckets after (before, when negative) the one starting at START
 * (a bucket's start: UTC midnight, a Monday for weeks, the 1st for months ...). */
int64_t crm__report_bucket_step(crm_bucket_t bucket, int64_t start, int n);

/* Where a bucket of the earlier period (starting at MS) falls in the current period [FROM, TO):
 * moved forward by the comparison's offset and truncated to BUCKET again. */
int64_t crm__report_bucket_forward(crm__compare_t compare, crm_bucket_t bucket, int64_t ms,
                                   int64_t from, int64_t to);

/* Registers GET /api/v1/reports and GET /api/v1/reports/{id}. Called by the host. */
int crm__reports_open(crm_error_t *error);

#endif
