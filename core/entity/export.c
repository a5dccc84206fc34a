/* GET /api/v1/<entity>/export.csv: every record matching filter/q, in sort order, streamed in
 * chunks so memory stays flat whatever the size; the streaming serves other exports of records
 * too (a group's members). */
#include "entity/csv-private.h"
#include "entity/query-private.h"
#include "entity/routes-private.h"
#include "entity/service-private.h"

#include <crm/log.h>

#include <stdio.h>
#include <stdlib.h>

#define FLUSH_BYTES 65536

int
crm__entity_respond_csv(crm_request_t *req, const crm__entity_t *e, const crm__sort_t *sort,
                        const bson_t *filter, const char *name, crm_error_t *error)
{
    bson_t sort_doc = BSON_INITIALIZER;
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
    crm_cursor_t *cursor = NULL;
    crm__csv_column_t *cols = NULL;
    bson_string_t *buf = NULL;
    const bson_t *doc;
    size_t n_cols = 0;
    char disposition[128];
    int rc = 0;

    cols = crm__csv_columns(e, true, &n_cols);
    if (!cols) {
        rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
        goto done;
    }
    crm__query_sort_doc(sort, &sort_doc);
    opts.sort = &sort_doc;
    cursor = crm_store_find(crm__entity_store(), e->def->name, filter, &opts, error);
    if (!cursor) {
        rc = error ? error->code : CRM_ESTORE;
        goto done;
    }
    snprintf(disposition, sizeof disposition, "attachment; filename=\"%s.csv\"", name);
    crm_respond_header(req, "Content-Disposition", disposition);
    crm_respond_begin(req, 200, "text/csv; charset=utf-8");
    buf = bson_string_new(NULL);
    for (size_t i = 0; i < n_cols; i++)
        bson_string_append_printf(buf, "%s%s", i ? "," : "", cols[i].header);
    bson_string_append(buf, "\r\n");
    while (crm_cursor_next(cursor, &doc)) {
        bson_t api = BSON_INITIALIZER;
        crm__entity_to_api(e, doc, &api);
        for (size_t i = 0; i < n_cols; i++) {
            if (i)
                bson_string_append_c(buf, ',');
            crm__csv_append_cell(buf, &cols[i], &api);
        }
        bson_string_append(buf, "\r\n");
        bson_destroy(&api);
        if (buf->len >= FLUSH_BYTES) {
            if (crm_respond_write(req, buf->str, buf->len) != 0)
                break; /* the client went away */
            bson_string_truncate(buf, 0);
        }
    }
    if (buf->len)
        crm_respond_write(req, buf->str, buf->len);
    crm_respond_end(req);
    if (crm_cursor_error(cursor, error))
        crm_log(CRM_LOG_ERROR, "export.failed", "entity=%s error=\"%s\"", e->def->name,
                error ? error->message : "");
    rc = 0;
done:
    if (buf)
        bson_string_free(buf, true);
    free(cols);
    crm_cursor_destroy(cursor);
    bson_destroy(&sort_doc);
    return rc;
}

int
crm__entity_handle_export(crm_request_t *req, void *data, crm_error_t *error)
{
    const crm__entity_t *e;
    bson_t filter;
    crm__sort_t sort;
    int rc;

    (void)data;
    rc = crm__query_from_request(req, "export", &e, &sort, &filter, error);
    if (rc == 0)
        rc = crm__entity_respond_csv(req, e, &sort, &filter, e->def->name, error);
    bson_destroy(&filter);
    return rc;
}
