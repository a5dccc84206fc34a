/* crm_error_t: codes, their HTTP statuses and names, and the setters. */
#include <crm/common.h>

#include <stdio.h>
#include <string.h>

static const struct {
    int code;
    int status;
    const char *name;
} error_table[] = {
    {CRM_OK, 200, "ok"},
    {CRM_EINVAL, 400, "bad_request"},
    {CRM_EAUTH, 401, "unauthenticated"},
    {CRM_EPERM, 403, "forbidden"},
    {CRM_ENOTFOUND, 404, "not_found"},
    {CRM_EMETHOD, 405, "method_not_allowed"},
    {CRM_ECONFLICT, 409, "conflict"},
    {CRM_ETOOBIG, 413, "too_large"},
    {CRM_EVALIDATION, 422, "invalid"},
    {CRM_ERATE, 429, "too_many_requests"},
    {CRM_EINTERNAL, 500, "internal"},
    {CRM_EUNAVAIL, 503, "unavailable"},
    {CRM_ENOMEM, 500, "internal"},
    {CRM_ESTORE, 500, "store_error"},
    {CRM_EPLUGIN, 500, "plugin_error"},
    {CRM_ECONFIG, 500, "config_error"},
    {CRM_EUNSUPPORTED, 400, "unsupported"},
};

int
crm_error_status(int code)
{
    for (size_t i = 0; i < sizeof error_table / sizeof error_table[0]; i++)
        if (error_table[i].code == code)
            return error_table[i].status;
    return 500;
}

const char *
crm_error_name(int code)
{
    for (size_t i = 0; i < sizeof error_table / sizeof error_table[0]; i++)
        if (error_table[i].code == code)
            return error_table[i].name;
    return "internal";
}

void
crm_error_clear(crm_error_t *error)
{
    if (!error)
        return;
    error->code = 0;
    error->status = 200;
    error->message[0] = '\0';
    error->n_fields = 0;
}

int
crm_error_set(crm_error_t *error, int code, const char *fmt, ...)
{
    va_list ap;

    if (!error)
        return code;
    error->code = code;
    error->status = crm_error_status(code);
    error->n_fields = 0;
    va_start(ap, fmt);
    vsnprintf(error->message, sizeof error->message, fmt, ap);
    va_end(ap);
    return code;
}

int
crm_error_add_field(crm_error_t *error, const char *field, const char *fmt, ...)
{
    va_list ap;
    crm_field_error_t *fe;

    if (!error)
        return CRM_EVALIDATION;
    if (error->code != CRM_EVALIDATION) {
        error->code = CRM_EVALIDATION;
        error->status = 422;
        error->n_fields = 0;
        snprintf(error->message, sizeof error->message, "validation failed");
    }
    if (error->n_fields < CRM_ERROR_MAX_FIELDS) {
        fe = &error->fields[error->n_fields];
        snprintf(fe->field, sizeof fe->field, "%s", field);
        va_start(ap, fmt);
        vsnprintf(fe->message, sizeof fe->message, fmt, ap);
        va_end(ap);
    }
    error->n_fields++;
    return CRM_EVALIDATION;
}
