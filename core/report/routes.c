/* The report routes: GET /api/v1/reports lists the reports the caller may run; GET
 * /api/v1/reports/{id} runs one and answers JSON or, with format=csv|xlsx|pdf, a file. */
#include "report/report-private.h"

#include "http/server-private.h"
#include "report/render-private.h"

#include <crm/http.h>

#include <stdlib.h>
#include <string.h>

typedef struct listing {
    const crm_identity_t *caller;
    bson_t *items;
    uint32_t n;
} listing_t;

static void
list_one(const crm_report_def_t *def, void *data)
{
    static const char *const buckets[] = {NULL, "day", "week", "month", "quarter", "year"};
    listing_t *l = data;
    bson_t item, arr, el;
    char key[16];
    const char *k;
    uint32_t n = 0;

    if (!crm_identity_can(l->caller, def->permission))
        return;
    bson_uint32_to_string(l->n++, &k, key, sizeof key);
    bson_append_document_begin(l->items, k, -1, &item);
    BSON_APPEND_UTF8(&item, "id", def->id);
    BSON_APPEND_UTF8(&item, "title", def->title);
    if (def->description)
        BSON_APPEND_UTF8(&item, "description", def->description);
    BSON_APPEND_UTF8(&item, "permission", def->permission);
    bson_append_array_begin(&item, "dims", 4, &arr);
    for (const crm_report_dim_t *d = def->dims; d && d->name; d++) {
        bson_uint32_to_string(n++, &k, key, sizeof key);
        bson_append_document_begin(&arr, k, -1, &el);
        BSON_APPEND_UTF8(&el, "name", d->name);
        BSON_APPEND_UTF8(&el, "label", d->label ? d->label : d->name);
        if (d->bucket)
            BSON_APPEND_UTF8(&el, "bucket", buckets[d->bucket]);
        bson_append_document_end(&arr, &el);
    }
    bson_append_array_end(&item, &arr);
    n = 0;
    bson_append_array_begin(&item, "measures", 8, &arr);
    for (const crm_report_measure_t *m = def->measures; m && m->name; m++) {
        bson_uint32_to_string(n++, &k, key, sizeof key);
        bson_append_document_begin(&arr, k, -1, &el);
        BSON_APPEND_UTF8(&el, "name", m->name);
        BSON_APPEND_UTF8(&el, "label", m->label ? m->label : m->name);
        bson_append_document_end(&arr, &el);
    }
    bson_append_array_end(&item, &arr);
    bson_append_document_end(l->items, &item);
}

static int
list_handler(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t out = BSON_INITIALIZER, items;
    listing_t l = {crm_request_identity(req), &items, 0};

    (void)data;
    (void)error;
    bson_append_array_begin(&out, "items", 5, &items);
    crm__report_foreach(list_one, &l);
    bson_append_array_end(&out, &items);
    crm_respond_json(req, 200, &out);
    bson_destroy(&out);
    return 0;
}

static int
run_handler(crm_request_t *req, void *data, crm_error_t *error)
{
    static const char *const names[] = {"dims", "measures", "from", "to", "filter", "compare",
                                        "format"};
    bson_t params = BSON_INITIALIZER, result = BSON_INITIALIZER;
    crm__report_format_t format = CRM__REPORT_JSON;
    const char *fmt = crm_request_query(req, "format"), *type = NULL, *ext = NULL;
    uint8_t *bytes = NULL;
    size_t len = 0;
    char disposition[200];
    int rc;

    (void)data;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = crm_request_query(req, names[i]);

        if (v)
            BSON_APPEND_UTF8(&params, names[i], v);
    }
    if (fmt && *fmt && !crm__report_format_parse(fmt, &format)) {
        rc = crm_error_set(error, CRM_EINVAL, "format: '%.20s' is not json, csv, xlsx or pdf",
                           fmt);
        goto done;
    }
    bson_destroy(&result);
    rc = crm_report_run(crm_request_identity(req), crm_request_param(req, "id"), &params, &result,
                        error);
    if (rc)
        goto done;
    if (format == CRM__REPORT_JSON) {
        crm_respond_json(req, 200, &result);
        goto done;
    }
    rc = crm__report_render(format, &result, &bytes, &len, &type, &ext, error);
    if (rc)
        goto done;
    snprintf(disposition, sizeof disposition, "attachment; filename=\"%s.%s\"",
             crm_request_param(req, "id"), ext);
    crm_respond_header(req, "Content-Disposition", disposition);
    crm_respond(req, 200, type, bytes, len);
done:
    free(bytes);
    bson_destroy(&params);
    bson_destroy(&result);
    return rc;
}

int
crm__reports_open(crm_error_t *error)
{
    static const crm_route_t routes[] = {
        {sizeof(crm_route_t), "GET", "/api/v1/reports", "meta.read", list_handler, NULL},
        {sizeof(crm_route_t), "GET", "/api/v1/reports/{id}", "meta.read", run_handler, NULL},
    };

    return crm__route_add_core_table(routes, sizeof routes / sizeof routes[0], error);
}
