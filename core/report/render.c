/* Rendering a report result as a file: format names and the dispatch to each renderer. */
#include "report/render-private.h"
#include "report/render-table-private.h"

#include <string.h>

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

int
crm__report_render(crm__report_format_t format, const bson_t *result, uint8_t **out, size_t *len,
                   const char **content_type, const char **extension, crm_error_t *error)
{
    crm__render_table_t table;
    int rc = 0;

    *out = NULL;
    *len = 0;
    rc = crm__render_table_init(&table, result, error);
    if (rc != 0)
        goto done;
    switch (format) {
    case CRM__REPORT_CSV:
        rc = crm__render_csv(&table, out, len, error);
        break;
    case CRM__REPORT_XLSX:
        rc = crm__render_xlsx(&table, out, len, error);
        break;
    case CRM__REPORT_PDF:
        rc = crm__render_pdf(&table, out, len, error);
        break;
    default:
        rc = crm_error_set(error, CRM_EUNSUPPORTED, "this format is not rendered as a file");
        goto done;
    }
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
