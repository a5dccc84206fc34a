/* GET /api/v1/<entity>/export.csv and export.xlsx: every record matching filter/q within the
 * caller's scope, in sort order. CSV is streamed in chunks so memory stays flat whatever the
 * size. XLSX has the CSV's columns with typed cells (numbers, money in its currency's units
 * with the currency beside, real dates and times), written a row at a time to a temporary
 * file (report/xlsx.c) and then streamed; a workbook holds at most server.xlsx_max_rows rows,
 * and a bigger export is refused before anything is sent. Both serve other exports of records
 * too (a group's members). */
#include "entity/csv-private.h"
#include "entity/query-private.h"
#include "entity/routes-private.h"
#include "entity/service-private.h"
#include "common/bigstack-private.h"
#include "host/host-private.h"
#include "report/xlsx-private.h"

#include <crm/log.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLUSH_BYTES 65536

/* What both formats start with: the columns, and a cursor over the records in SORT order
 * (LIMIT 0: all). */
typedef struct export_rows {
    crm__csv_column_t *cols;
    size_t n_cols;
    bson_t sort_doc;
    crm_cursor_t *cursor;
} export_rows_t;

static int
rows_open(export_rows_t *r, const crm__entity_t *e, const crm__sort_t *sort, const bson_t *filter,
          int64_t limit, crm_error_t *error)
{
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;

    bson_init(&r->sort_doc);
    r->cursor = NULL;
    r->cols = crm__csv_columns(e, true, &r->n_cols);
    if (!r->cols)
        return crm_error_set(error, CRM_ENOMEM, "out of memory");
    crm__query_sort_doc(sort, &r->sort_doc);
    opts.sort = &r->sort_doc;
    opts.limit = limit;
    r->cursor = crm_store_find(crm__entity_store(), e->def->name, filter, &opts, error);
    return r->cursor ? 0 : (error ? error->code : CRM_ESTORE);
}

static void
rows_close(export_rows_t *r)
{
    free(r->cols);
    crm_cursor_destroy(r->cursor);
    bson_destroy(&r->sort_doc);
}

static void
attachment(crm_request_t *req, const char *name, const char *extension)
{
    char disposition[160];

    snprintf(disposition, sizeof disposition, "attachment; filename=\"%s.%s\"", name, extension);
    crm_respond_header(req, "Content-Disposition", disposition);
}

int
crm__entity_respond_csv(crm_request_t *req, const crm__entity_t *e, const crm__sort_t *sort,
                        const bson_t *filter, const char *name, crm_error_t *error)
{
    export_rows_t rows;
    bson_string_t *buf = NULL;
    const bson_t *doc;
    int rc;

    rc = rows_open(&rows, e, sort, filter, 0, error);
    if (rc != 0)
        goto done;
    attachment(req, name, "csv");
    crm_respond_begin(req, 200, "text/csv; charset=utf-8");
    buf = bson_string_new(NULL);
    for (size_t i = 0; i < rows.n_cols; i++)
        bson_string_append_printf(buf, "%s%s", i ? "," : "", rows.cols[i].header);
    bson_string_append(buf, "\r\n");
    while (crm_cursor_next(rows.cursor, &doc)) {
        bson_t api = BSON_INITIALIZER;
        crm__entity_to_api(e, doc, &api);
        for (size_t i = 0; i < rows.n_cols; i++) {
            if (i)
                bson_string_append_c(buf, ',');
            crm__csv_append_cell(buf, &rows.cols[i], &api);
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
    if (crm_cursor_error(rows.cursor, error))
        crm_log(CRM_LOG_ERROR, "export.failed", "entity=%s error=\"%s\"", e->def->name,
                error ? error->message : "");
    rc = 0;
done:
    if (buf)
        bson_string_free(buf, true);
    rows_close(&rows);
    return rc;
}

/* The field type of column COL (system columns: their own). */
static crm_field_type_t
column_type(const crm__csv_column_t *col)
{
    if (col->system)
        return strcmp(col->system, "created_at") == 0 || strcmp(col->system, "updated_at") == 0
                   ? CRM_FIELD_DATETIME
               : strcmp(col->system, "version") == 0 ? CRM_FIELD_INT
                                                     : CRM_FIELD_STRING;
    return col->sub ? col->sub->type : col->field->type;
}

/* Writes the cell of column COL (sheet column X) of the record API (API form) at ROW. */
static void
xlsx_cell(crm__xlsx_t *x, lxw_row_t row, lxw_col_t c, const crm__csv_column_t *col,
          const bson_t *api)
{
    bson_iter_t it, cur;
    char path[200], digits[BSON_DECIMAL128_STRING];
    int y, m, d;

    if (!crm__csv_cell_find(col, api, &it))
        return;
    if (col->part && strcmp(col->part, "amount") == 0 && BSON_ITER_HOLDS_NUMBER(&it)) {
        snprintf(path, sizeof path, "%s.currency", col->field->name);
        crm__xlsx_amount(x, row, c, bson_iter_as_int64(&it),
                         bson_iter_init(&cur, api) && bson_iter_find_descendant(&cur, path, &cur) &&
                                 BSON_ITER_HOLDS_UTF8(&cur)
                             ? bson_iter_utf8(&cur, NULL)
                             : NULL,
                         false);
        return;
    }
    switch (column_type(col)) {
    case CRM_FIELD_DATE:
        if (BSON_ITER_HOLDS_UTF8(&it) &&
            sscanf(bson_iter_utf8(&it, NULL), "%4d-%2d-%2d", &y, &m, &d) == 3) {
            crm__xlsx_date(x, row, c, y, m, d, x->plain.day);
            return;
        }
        break;
    case CRM_FIELD_DATETIME:
        if (BSON_ITER_HOLDS_DATE_TIME(&it)) {
            crm__xlsx_datetime(x, row, c, bson_iter_date_time(&it));
            return;
        }
        break;
    case CRM_FIELD_INT:
        if (BSON_ITER_HOLDS_NUMBER(&it)) {
            worksheet_write_number(x->sheet, row, c, (double)bson_iter_as_int64(&it), NULL);
            return;
        }
        break;
    case CRM_FIELD_DECIMAL:
        if (BSON_ITER_HOLDS_DECIMAL128(&it)) {
            bson_decimal128_t dec;
            bson_iter_decimal128(&it, &dec);
            bson_decimal128_to_string(&dec, digits);
            worksheet_write_number(x->sheet, row, c, strtod(digits, NULL), NULL);
            crm__xlsx_widen(x, c, strlen(digits));
            return;
        }
        break;
    case CRM_FIELD_BOOL:
        if (BSON_ITER_HOLDS_BOOL(&it)) {
            worksheet_write_boolean(x->sheet, row, c, bson_iter_bool(&it), NULL);
            return;
        }
        break;
    default:
        break;
    }
    if (BSON_ITER_HOLDS_UTF8(&it)) {
        uint32_t len;
        const char *s = bson_iter_utf8(&it, &len);
        crm__xlsx_text(x, row, c, s, len, false);
    } else {
        /* arrays and free objects: their JSON text, as in CSV */
        bson_string_t *tmp = bson_string_new(NULL);
        crm_json_append_value(tmp, bson_iter_value(&it));
        crm__xlsx_text(x, row, c, tmp->str, tmp->len, false);
        bson_string_free(tmp, true);
    }
}

typedef struct xlsx_close_job {
    crm__xlsx_t *book;
    crm_error_t *error;
    int rc;
} xlsx_close_job_t;

static void *
xlsx_close_run(void *data)
{
    xlsx_close_job_t *job = data;

    job->rc = crm__xlsx_close(job->book, job->error);
    return NULL;
}

/* Sends the closed workbook BOOK as the file NAME.xlsx, in chunks. */
static int
send_book(crm_request_t *req, const crm__xlsx_t *book, const char *name, crm_error_t *error)
{
    char *chunk = NULL;
    FILE *f = fopen(book->path, "rb");
    size_t n;

    chunk = malloc(FLUSH_BYTES);
    if (!f || !chunk) {
        if (f)
            fclose(f);
        free(chunk);
        return crm_error_set(error, CRM_EINTERNAL, "xlsx: cannot read the workbook back");
    }
    attachment(req, name, "xlsx");
    crm_respond_begin(req, 200, CRM__XLSX_CONTENT_TYPE);
    while ((n = fread(chunk, 1, FLUSH_BYTES, f)) > 0)
        if (crm_respond_write(req, chunk, n) != 0)
            break; /* the client went away */
    crm_respond_end(req);
    fclose(f);
    free(chunk);
    return 0;
}

int
crm__entity_respond_xlsx(crm_request_t *req, const crm__entity_t *e, const crm__sort_t *sort,
                         const bson_t *filter, const char *name, crm_error_t *error)
{
    const crm__host_t *host = crm__host_get();
    int64_t max_rows = host ? host->config->xlsx_max_rows : 100000;
    export_rows_t rows;
    crm__xlsx_t book = {0};
    xlsx_close_job_t job = {&book, error, 0};
    const bson_t *doc;
    lxw_row_t row = 0;
    int rc;

    rc = rows_open(&rows, e, sort, filter, max_rows + 1, error);
    if (rc == 0)
        rc = crm__xlsx_open(&book, e->def->name, rows.n_cols, true, error);
    if (rc != 0)
        goto done;
    for (size_t i = 0; i < rows.n_cols; i++)
        crm__xlsx_header(&book, 0, (lxw_col_t)i, rows.cols[i].header);
    worksheet_freeze_panes(book.sheet, 1, 0);
    while (crm_cursor_next(rows.cursor, &doc)) {
        bson_t api = BSON_INITIALIZER;

        if ((int64_t)row == max_rows) {
            rc = crm_error_set(error, CRM_ETOOBIG,
                               "the export has more than %lld rows, the most an XLSX file holds "
                               "here (server.xlsx_max_rows): narrow it with a filter or a "
                               "search, or export CSV, which has no limit",
                               (long long)max_rows);
            goto done;
        }
        row++;
        crm__entity_to_api(e, doc, &api);
        for (size_t i = 0; i < rows.n_cols; i++)
            xlsx_cell(&book, row, (lxw_col_t)i, &rows.cols[i], &api);
        bson_destroy(&api);
    }
    if (crm_cursor_error(rows.cursor, error)) {
        rc = error ? error->code : CRM_ESTORE;
        goto done;
    }
    worksheet_autofilter(book.sheet, 0, 0, row, (lxw_col_t)(rows.n_cols - 1));
    /* Zipping the workbook needs more stack than a server thread has. */
    rc = crm__bigstack_run(xlsx_close_run, &job, error);
    if (rc == 0)
        rc = job.rc;
    if (rc == 0)
        rc = send_book(req, &book, name, error);
done:
    crm__xlsx_discard(&book);
    rows_close(&rows);
    return rc;
}

int
crm__entity_handle_export(crm_request_t *req, void *data, crm_error_t *error)
{
    const crm__entity_t *e;
    bson_t filter;
    crm__sort_t sort;
    int rc;

    rc = crm__query_from_request(req, "export", &e, &sort, &filter, error);
    if (rc == 0)
        rc = data && strcmp(data, "xlsx") == 0
                 ? crm__entity_respond_xlsx(req, e, &sort, &filter, e->def->name, error)
                 : crm__entity_respond_csv(req, e, &sort, &filter, e->def->name, error);
    bson_destroy(&filter);
    return rc;
}
