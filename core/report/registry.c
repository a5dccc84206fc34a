/* The registry of declared reports: crm_report_register() checks a declaration against its
 * entity and records it with the plugin, so that unloading the plugin removes it. */
#include "report/report-private.h"

#include "entity/entity-private.h"
#include "entity/query-private.h"
#include "plugin/plugin-private.h"

#include <pthread.h>
#include <stddef.h>
#include <string.h>

#define MAX_REPORTS 256

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static const crm_report_def_t *reports[MAX_REPORTS];
static size_t n_reports;

/* True for [a-z][a-z0-9_]*. */
static bool
valid_name(const char *s)
{
    if (!s || !(*s >= 'a' && *s <= 'z'))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

/* The type of the entity field at dotted PATH (its top-level field decides for paths inside
 * money and objects); system fields: datetime for created_at/updated_at, string otherwise. */
static bool
field_type(const crm__entity_t *e, const char *path, crm_field_type_t *type)
{
    char top[64];
    size_t n = strcspn(path, ".");
    const crm_field_t *f;

    if (n >= sizeof top)
        return false;
    memcpy(top, path, n);
    top[n] = '\0';
    f = crm__entity_field(e, top);
    if (f) {
        *type = f->type;
        if (f->type == CRM_FIELD_OBJECT && path[n] == '.' && f->fields) {
            for (const crm_field_t *s = f->fields; s->name; s++)
                if (!strcmp(s->name, path + n + 1))
                    *type = s->type;
        }
        return true;
    }
    if (!strcmp(top, "id") || crm__entity_is_system_field(top)) {
        *type = (!strcmp(top, "created_at") || !strcmp(top, "updated_at")) ? CRM_FIELD_DATETIME
                                                                           : CRM_FIELD_STRING;
        return path[n] == '\0';
    }
    return false;
}

static bool
is_date_type(crm_field_type_t t)
{
    return t == CRM_FIELD_DATE || t == CRM_FIELD_DATETIME;
}

const crm_report_measure_filter_t *
crm__report_measure_filters(const crm_report_def_t *def)
{
    /* Definitions grow at the end: ABI 1.2 ends before measure_filters. */
    if (def->size < offsetof(crm_report_def_t, measure_filters) + sizeof def->measure_filters)
        return NULL;
    return def->measure_filters;
}

const char *
crm__report_measure_filter(const crm_report_def_t *def, const crm_report_measure_t *m)
{
    for (const crm_report_measure_filter_t *f = crm__report_measure_filters(def); f && f->measure;
         f++)
        if (!strcmp(f->measure, m->name))
            return f->filter;
    return NULL;
}

/* Checks DEF's measure filters: each names a measure of DEF, not a ratio, once, with a filter
 * the entity E understands. */
static int
check_measure_filters(const crm_report_def_t *def, const crm__entity_t *e, crm_error_t *error)
{
    const crm_report_measure_filter_t *all = crm__report_measure_filters(def);

    for (const crm_report_measure_filter_t *f = all; f && f->measure; f++) {
        const crm_report_measure_t *m = crm__report_measure(def, f->measure);
        crm_error_t why = {0};
        bson_t parsed;
        int rc;

        if (!m || m->kind == CRM_MEASURE_RATIO || !f->filter)
            return crm_error_set(error, CRM_EINVAL,
                                 "report %s: measure filter '%s' needs a measure of the report "
                                 "(not a ratio) and a filter",
                                 def->id, f->measure);
        for (const crm_report_measure_filter_t *o = all; o != f; o++)
            if (!strcmp(o->measure, f->measure))
                return crm_error_set(error, CRM_EINVAL, "report %s: measure '%s' filtered twice",
                                     def->id, f->measure);
        rc = crm__query_filter(e, f->filter, NULL, &parsed, &why);
        bson_destroy(&parsed);
        if (rc)
            return crm_error_set(error, CRM_EINVAL, "report %s: measure '%s': %s", def->id,
                                 f->measure, why.message);
    }
    return 0;
}

/* Checks DEF's tables against its entity. */
static int
check_def(const crm_report_def_t *def, crm_error_t *error)
{
    const crm__entity_t *e;
    crm_field_type_t t;

    /* Definitions grow at the end: ABI 1.1 ends before translations. */
    if (!def || def->size < offsetof(crm_report_def_t, translations))
        return crm_error_set(error, CRM_EINVAL, "report: size must be sizeof(crm_report_def_t)");
    if (!valid_name(def->id))
        return crm_error_set(error, CRM_EINVAL, "report: id '%s' is not [a-z][a-z0-9_]*",
                             def->id ? def->id : "(null)");
    if (!def->title || !def->permission)
        return crm_error_set(error, CRM_EINVAL, "report %s: title and permission are required",
                             def->id);
    if (def->compute)
        return 0;
    e = def->entity ? crm__entity_lookup(def->entity) : NULL;
    if (!e)
        return crm_error_set(error, CRM_EINVAL, "report %s: no entity '%s'", def->id,
                             def->entity ? def->entity : "(null)");
    if (def->date_field && (!field_type(e, def->date_field, &t) || !is_date_type(t)))
        return crm_error_set(error, CRM_EINVAL, "report %s: date_field '%s' is not a date field",
                             def->id, def->date_field);
    if (!def->measures || !def->measures[0].name)
        return crm_error_set(error, CRM_EINVAL, "report %s: no measures", def->id);
    for (const crm_report_dim_t *d = def->dims; d && d->name; d++) {
        if (!valid_name(d->name) || !d->field || !field_type(e, d->field, &t))
            return crm_error_set(error, CRM_EINVAL, "report %s: dim '%s': no field '%s'",
                                 def->id, d->name, d->field ? d->field : "(null)");
        if (d->bucket != CRM_BUCKET_NONE && !is_date_type(t))
            return crm_error_set(error, CRM_EINVAL,
                                 "report %s: dim '%s': buckets need a date field", def->id,
                                 d->name);
        for (const crm_report_dim_t *o = def->dims; o != d; o++)
            if (!strcmp(o->name, d->name))
                return crm_error_set(error, CRM_EINVAL, "report %s: dim '%s' twice", def->id,
                                     d->name);
    }
    for (const crm_report_measure_t *m = def->measures; m->name; m++) {
        if (!valid_name(m->name) || m->kind < CRM_MEASURE_COUNT || m->kind > CRM_MEASURE_RATIO)
            return crm_error_set(error, CRM_EINVAL, "report %s: measure '%s' is malformed",
                                 def->id, m->name);
        if (m->kind == CRM_MEASURE_RATIO) {
            const crm_report_measure_t *a = crm__report_measure(def, m->numerator);
            const crm_report_measure_t *b = crm__report_measure(def, m->denominator);

            if (!a || !b || a->kind == CRM_MEASURE_RATIO || b->kind == CRM_MEASURE_RATIO)
                return crm_error_set(error, CRM_EINVAL,
                                     "report %s: ratio '%s' needs two other measures", def->id,
                                     m->name);
        } else if (m->kind != CRM_MEASURE_COUNT &&
                   (!m->field || !field_type(e, m->field, &t))) {
            return crm_error_set(error, CRM_EINVAL, "report %s: measure '%s': no field '%s'",
                                 def->id, m->name, m->field ? m->field : "(null)");
        }
        if (m->money_currency_field && !field_type(e, m->money_currency_field, &t))
            return crm_error_set(error, CRM_EINVAL, "report %s: measure '%s': no field '%s'",
                                 def->id, m->name, m->money_currency_field);
        for (const crm_report_dim_t *d = def->dims; d && d->name; d++)
            if (!strcmp(d->name, m->name))
                return crm_error_set(error, CRM_EINVAL,
                                     "report %s: '%s' is both a dim and a measure", def->id,
                                     m->name);
        for (const crm_report_measure_t *o = def->measures; o != m; o++)
            if (!strcmp(o->name, m->name))
                return crm_error_set(error, CRM_EINVAL, "report %s: measure '%s' twice",
                                     def->id, m->name);
    }
    return check_measure_filters(def, e, error);
}

/* Removes DEF (the undo of its registration). */
static void
unregister(void *ctx)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < n_reports; i++) {
        if (reports[i] == ctx) {
            memmove(&reports[i], &reports[i + 1], (n_reports - i - 1) * sizeof reports[0]);
            n_reports--;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
}

int
crm_report_register(crm_plugin_t *plugin, const crm_report_def_t *def, crm_error_t *error)
{
    int rc = check_def(def, error);

    if (rc)
        return rc;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < n_reports && rc == 0; i++)
        if (!strcmp(reports[i]->id, def->id))
            rc = crm_error_set(error, CRM_ECONFLICT, "report %s is already registered", def->id);
    if (rc == 0 && n_reports == MAX_REPORTS)
        rc = crm_error_set(error, CRM_EINVAL, "too many reports");
    if (rc == 0)
        reports[n_reports++] = def;
    pthread_mutex_unlock(&lock);
    if (rc)
        return rc;
    rc = crm__plugin_record(plugin, "report", def->id, unregister, (void *)def, error);
    if (rc)
        unregister((void *)def);
    return rc;
}

const crm_report_def_t *
crm__report_lookup(const char *id)
{
    const crm_report_def_t *found = NULL;

    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < n_reports && !found && id; i++)
        if (!strcmp(reports[i]->id, id))
            found = reports[i];
    pthread_mutex_unlock(&lock);
    return found;
}

void
crm__report_foreach(void (*fn)(const crm_report_def_t *def, void *data), void *data)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < n_reports; i++)
        fn(reports[i], data);
    pthread_mutex_unlock(&lock);
}

const crm_report_measure_t *
crm__report_measure(const crm_report_def_t *def, const char *name)
{
    for (const crm_report_measure_t *m = def->measures; name && m && m->name; m++)
        if (!strcmp(m->name, name))
            return m;
    return NULL;
}
