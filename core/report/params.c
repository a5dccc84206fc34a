/* A run's request parameters (dims, measures, from, to, filter, compare, format) read and
 * checked against the report's declaration. */
#include "report/report-private.h"

#include "common/timefmt-private.h"
#include "report/render-private.h"

#include <string.h>

/* The string parameter NAME of PARAMS, or NULL. */
static const char *
param(const bson_t *params, const char *name)
{
    bson_iter_t it;

    if (params && bson_iter_init_find(&it, params, name) && BSON_ITER_HOLDS_UTF8(&it))
        return bson_iter_utf8(&it, NULL);
    return NULL;
}

/* Splits the comma list S into its names, calling FIND for each: FIND returns false for an
 * unknown name. */
static int
each_name(const char *what, const char *s, bool (*find)(const char *name, void *ctx), void *ctx,
          crm_error_t *error)
{
    char name[64];

    while (*s) {
        size_t n = strcspn(s, ",");

        if (n == 0 || n >= sizeof name)
            return crm_error_set(error, CRM_EINVAL, "%s: malformed list", what);
        memcpy(name, s, n);
        name[n] = '\0';
        if (!find(name, ctx))
            return crm_error_set(error, CRM_EINVAL, "%s: unknown or repeated '%.63s'", what, name);
        s += n;
        if (*s == ',' && !*++s)
            return crm_error_set(error, CRM_EINVAL, "%s: malformed list", what);
    }
    return 0;
}

typedef struct pick {
    const crm_report_def_t *def;
    crm__report_params_t *out;
} pick_t;

static bool
pick_dim(const char *name, void *ctx)
{
    pick_t *p = ctx;

    for (size_t i = 0; i < p->out->n_dims; i++)
        if (!strcmp(p->out->dims[i]->name, name))
            return false;
    for (const crm_report_dim_t *d = p->def->dims; d && d->name; d++) {
        if (!strcmp(d->name, name) && p->out->n_dims < CRM__REPORT_MAX_DIMS) {
            p->out->dims[p->out->n_dims++] = d;
            return true;
        }
    }
    return false;
}

static bool
pick_measure(const char *name, void *ctx)
{
    pick_t *p = ctx;
    const crm_report_measure_t *m = crm__report_measure(p->def, name);

    for (size_t i = 0; i < p->out->n_measures; i++)
        if (!strcmp(p->out->measures[i]->name, name))
            return false;
    if (!m || p->out->n_measures == CRM__REPORT_MAX_MEASURES)
        return false;
    p->out->measures[p->out->n_measures++] = m;
    return true;
}

/* Parses the date parameter NAME ("YYYY-MM-DD") into *MS; *HAVE tells whether it was given. */
static int
date_param(const bson_t *params, const char *name, bool *have, int64_t *ms, crm_error_t *error)
{
    const char *s = param(params, name);

    *have = s && *s;
    if (*have && (strlen(s) != 10 || !crm__date_parse(s, ms)))
        return crm_error_set(error, CRM_EINVAL, "%s: '%.40s' is not a date (YYYY-MM-DD)", name, s);
    return 0;
}

/* The field of the one time dim of P. */
static const char *
time_dim_field(const crm__report_params_t *p)
{
    for (size_t i = 0; i < p->n_dims; i++)
        if (p->dims[i]->bucket != CRM_BUCKET_NONE)
            return p->dims[i]->field;
    return "";
}

int
crm__report_params_parse(const crm_report_def_t *def, const bson_t *params,
                         crm__report_params_t *out, crm_error_t *error)
{
    pick_t p = {def, out};
    const char *s;
    crm__report_format_t format;
    int rc;

    memset(out, 0, sizeof *out);
    if ((s = param(params, "dims")) != NULL) {
        rc = each_name("dims", s, pick_dim, &p, error);
    } else {
        rc = 0;
        for (const char *const *d = def->default_dims; d && *d && rc == 0; d++)
            rc = pick_dim(*d, &p) ? 0 : crm_error_set(error, CRM_EINTERNAL, "bad default dim");
    }
    if (rc)
        return rc;
    if ((s = param(params, "measures")) != NULL && *s) {
        rc = each_name("measures", s, pick_measure, &p, error);
    } else if (def->default_measures) {
        for (const char *const *m = def->default_measures; *m && rc == 0; m++)
            rc = pick_measure(*m, &p) ? 0
                                      : crm_error_set(error, CRM_EINTERNAL, "bad default measure");
    } else {
        for (const crm_report_measure_t *m = def->measures; m && m->name; m++)
            pick_measure(m->name, &p);
    }
    if (rc)
        return rc;
    if ((rc = date_param(params, "from", &out->have_from, &out->from_ms, error)) ||
        (rc = date_param(params, "to", &out->have_to, &out->to_ms, error)))
        return rc;
    if (out->have_to)
        out->to_ms += CRM__MS_PER_DAY;
    if (out->have_from && out->have_to && out->to_ms <= out->from_ms)
        return crm_error_set(error, CRM_EINVAL, "to must not precede from");
    if ((out->have_from || out->have_to) && !def->date_field && !def->compute)
        return crm_error_set(error, CRM_EINVAL, "report %s has no date field for from/to", def->id);
    s = param(params, "compare");
    if (s && !strcmp(s, "prev"))
        out->compare = CRM__COMPARE_PREV;
    else if (s && !strcmp(s, "yoy"))
        out->compare = CRM__COMPARE_YOY;
    else if (s && !strcmp(s, "bucket"))
        out->compare = CRM__COMPARE_BUCKET;
    else if (s && *s)
        return crm_error_set(error, CRM_EINVAL, "compare: '%.20s' is not prev, yoy or bucket", s);
    if (out->compare && !(out->have_from && out->have_to))
        return crm_error_set(error, CRM_EINVAL, "compare needs from and to");
    if (out->compare == CRM__COMPARE_BUCKET) {
        size_t n_time = 0;

        for (size_t i = 0; i < out->n_dims; i++)
            n_time += out->dims[i]->bucket != CRM_BUCKET_NONE;
        if (n_time != 1 || (def->date_field && strcmp(time_dim_field(out), def->date_field)))
            return crm_error_set(error, CRM_EINVAL,
                                 "compare=bucket needs one time dim (day, week, month, quarter "
                                 "or year) of the report's date field");
    }
    s = param(params, "format");
    if (s && *s && !crm__report_format_parse(s, &format))
        return crm_error_set(error, CRM_EINVAL, "format: '%.20s' is not json, csv, xlsx or pdf", s);
    out->filter = param(params, "filter");
    if (out->filter && !*out->filter)
        out->filter = NULL;
    return 0;
}

int
crm_report_params_read(const crm_report_def_t *def, const bson_t *params,
                       const crm_report_dim_t **dims, const crm_report_measure_t **measures,
                       crm_error_t *error)
{
    crm__report_params_t p;
    int rc;

    dims[0] = NULL;
    measures[0] = NULL;
    if (!def)
        return crm_error_set(error, CRM_EINVAL, "no report");
    rc = crm__report_params_parse(def, params, &p, error);
    if (rc)
        return rc;
    for (size_t i = 0; i < p.n_dims; i++)
        dims[i] = p.dims[i];
    dims[p.n_dims] = NULL;
    for (size_t i = 0; i < p.n_measures; i++)
        measures[i] = p.measures[i];
    measures[p.n_measures] = NULL;
    return 0;
}
