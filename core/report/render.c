/* Rendering a report result as a file: format names and the dispatch to each renderer. */
#include "report/render-private.h"
#include "report/render-table-private.h"
#include "report/xlsx-private.h"
#include "common/bigstack-private.h"

#include <string.h>

static const struct {
    const char *name;
    const char *content_type;
} formats[] = {
    [CRM__REPORT_JSON] = {"json", "application/json"},
    [CRM__REPORT_CSV] = {"csv", "text/csv; charset=utf-8"},
    [CRM__REPORT_XLSX] = {"xlsx", CRM__XLSX_CONTENT_TYPE},
    [CRM__REPORT_PDF] = {"pdf", "application/pdf"},
};

bool
crm__report_format_parse(const char *name, crm__report_format_t *format)
{
    for (size_t i = 0; name && i < sizeof formats / sizeof formats[0]; i++) {
        if (strcmp(name, formats[i].name) == 0) {
            *format = (crm__report_format_t)i;
            return true;
        }
    }
    return false;
}

typedef struct render_job {
    crm__report_format_t format;
    const crm__render_table_t *table;
    uint8_t **out;
    size_t *len;
    crm_error_t *error;
    int rc;
} render_job_t;

static void *
render_job_run(void *data)
{
    render_job_t *job = data;

    switch (job->format) {
    case CRM__REPORT_CSV:
        job->rc = crm__render_csv(job->table, job->out, job->len, job->error);
        break;
    case CRM__REPORT_XLSX:
        job->rc = crm__render_xlsx(job->table, job->out, job->len, job->error);
        break;
    case CRM__REPORT_PDF:
        job->rc = crm__render_pdf(job->table, job->out, job->len, job->error);
        break;
    default:
        job->rc =
            crm_error_set(job->error, CRM_EUNSUPPORTED, "this format is not rendered as a file");
        break;
    }
    return NULL;
}

int
crm__report_render(crm__report_format_t format, const bson_t *result, uint8_t **out, size_t *len,
                   const char **content_type, const char **extension, crm_error_t *error)
{
    crm__render_table_t table;
    render_job_t job = {format, &table, out, len, error, 0};
    int rc = 0;

    *out = NULL;
    *len = 0;
    rc = crm__render_table_init(&table, result, error);
    if (rc != 0)
        goto done;
    /* Files other than CSV are rendered on a large stack (libharu's fonts need it). */
    if (format == CRM__REPORT_CSV)
        render_job_run(&job);
    else if (crm__bigstack_run(render_job_run, &job, error) != 0)
        job.rc = CRM_EINTERNAL;
    rc = job.rc;
    if (rc == 0) {
        if (content_type)
            *content_type = formats[format].content_type;
        if (extension)
            *extension = formats[format].name;
    }
done:
    crm__render_table_clear(&table);
    return rc;
}
