/* POST /api/v1/<entity>/import: the body (CSV or NDJSON) is one all-or-nothing batch. */
#include "entity/import-private.h"
#include "entity/routes-private.h"
#include "entity/service-private.h"

#include <string.h>
#include <strings.h>

int
crm__entity_handle_import(crm_request_t *req, void *data, crm_error_t *error)
{
    const crm__entity_t *e;
    const char *ctype = crm_request_header(req, "Content-Type");
    const char *body = NULL;
    size_t len = 0;
    crm__import_format_t format;
    crm__import_t *imp = NULL;
    crm__import_stats_t stats;
    bson_t out = BSON_INITIALIZER, err;
    int rc;

    (void)data;
    rc = crm__entity_resolve(crm_request_param(req, "entity"), NULL, &e, NULL, error);
    if (rc != 0)
        goto done;
    if (ctype && strncasecmp(ctype, "text/csv", 8) == 0) {
        format = CRM__IMPORT_CSV;
    } else if (ctype && (strncasecmp(ctype, "application/x-ndjson", 20) == 0 ||
                         strncasecmp(ctype, "application/jsonl", 17) == 0)) {
        format = CRM__IMPORT_NDJSON;
    } else {
        rc = crm_error_set(error, CRM_EINVAL,
                           "Content-Type must be text/csv or application/x-ndjson");
        goto done;
    }
    rc = crm_request_body(req, &body, &len, error);
    if (rc != 0)
        goto done;
    imp = crm__import_new(e, format, crm_request_identity(req), 0, error);
    if (!imp) {
        rc = error ? error->code : CRM_ENOMEM;
        goto done;
    }
    rc = crm__import_feed(imp, body, len, error);
    if (rc == 0)
        rc = crm__import_finish(imp, error);
    if (rc != 0)
        goto done;
    crm__import_stats(imp, &stats);
    if (stats.errors) {
        bson_append_document_begin(&out, "error", 5, &err);
        BSON_APPEND_UTF8(&err, "code", "invalid");
        BSON_APPEND_UTF8(&err, "message", "the import has problems; nothing was stored");
        BSON_APPEND_INT64(&err, "problems", stats.errors);
        crm__import_append_errors(imp, &err, "lines");
        bson_append_document_end(&out, &err);
        rc = crm_respond_json(req, 422, &out);
    } else {
        BSON_APPEND_INT64(&out, "records", stats.records);
        BSON_APPEND_INT64(&out, "created", stats.created);
        BSON_APPEND_INT64(&out, "updated", stats.updated);
        rc = crm_respond_json(req, 200, &out);
    }
done:
    crm__import_destroy(imp);
    bson_destroy(&out);
    return rc;
}
