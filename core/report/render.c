/* Rendering a report result as a file: format names and the dispatch to each renderer. */
#include "report/render-private.h"
#include "report/render-table-private.h"

#include <pthread.h>
#include <string.h>

/* The HTTP server's worker threads have small stacks (civetweb's are 100 KB), and libharu's
 * TrueType fonts need far more than that: files are rendered on a thread of their own. */
#define RENDER_STACK_SIZE ((size_t)8 * 1024 * 1024)

static const struct {
    const char *name;
    const char *content_type;
} formats[] = {
    [CRM__REPORT_JSON] = {"json", "application/json"},
    [CRM__REPORT_CSV] = {"csv", "text/csv; charset=utf-8"},
    [CRM__REPORT_XLSX] = {"xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
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

/* Runs JOB on a thread with a stack of RENDER_STACK_SIZE and waits for it. */
static int
render_job_with_stack(render_job_t *job)
{
    pthread_attr_t attr;
    pthread_t thread;
    int rc;

    if (pthread_attr_init(&attr) != 0)
        return crm_error_set(job->error, CRM_EINTERNAL, "cannot start the renderer");
    rc = pthread_attr_setstacksize(&attr, RENDER_STACK_SIZE);
    if (rc == 0)
        rc = pthread_create(&thread, &attr, render_job_run, job);
    pthread_attr_destroy(&attr);
    if (rc != 0)
        return crm_error_set(job->error, CRM_EINTERNAL, "cannot start the renderer");
    pthread_join(thread, NULL);
    return job->rc;
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
    rc = format == CRM__REPORT_CSV ? (render_job_run(&job), job.rc) : render_job_with_stack(&job);
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
