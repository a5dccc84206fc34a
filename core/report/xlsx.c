/* One-sheet XLSX workbooks with the core's cell formats (see xlsx-private.h). libxlsxwriter
 * writes to a file: a private temporary file, removed by crm__xlsx_discard(). */
#include "report/xlsx-private.h"
#include "report/render-table-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_WIDTH 60.0
#define MIN_WIDTH 8.0
#define MAX_TEXT 32767 /* characters in an Excel cell */

static void
formats_init(lxw_workbook *wb, crm__xlsx_formats_t *f, bool bold)
{
    static const char *const money[4] = {"#,##0", "#,##0.0", "#,##0.00", "#,##0.000"};
    lxw_format **all[] = {&f->text,     &f->integer,  &f->percent,  &f->money[0],
                          &f->money[1], &f->money[2], &f->money[3], &f->day,
                          &f->month,    &f->year,     &f->datetime};

    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        *all[i] = workbook_add_format(wb);
        if (bold)
            format_set_bold(*all[i]);
    }
    format_set_num_format(f->integer, "#,##0");
    format_set_num_format(f->percent, "0.0%");
    for (int d = 0; d < 4; d++)
        format_set_num_format(f->money[d], money[d]);
    format_set_num_format(f->day, "yyyy-mm-dd");
    format_set_num_format(f->month, "yyyy-mm");
    format_set_num_format(f->year, "yyyy");
    format_set_num_format(f->datetime, "yyyy-mm-dd hh:mm:ss");
}

int
crm__xlsx_open(crm__xlsx_t *x, const char *sheet, size_t n_columns, bool constant_memory,
               crm_error_t *error)
{
    lxw_workbook_options options = {.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE};
    int fd;

    memset(x, 0, sizeof *x);
    snprintf(x->path, sizeof x->path, "/tmp/crm-xlsx-XXXXXX");
    fd = mkstemp(x->path);
    if (fd < 0) {
        x->path[0] = '\0';
        return crm_error_set(error, CRM_EINTERNAL, "xlsx: cannot create a temporary file");
    }
    close(fd);
    x->n_columns = n_columns;
    x->widths = calloc(n_columns ? n_columns : 1, sizeof *x->widths);
    x->workbook = workbook_new_opt(x->path, &options);
    if (!x->widths || !x->workbook)
        return crm_error_set(error, CRM_EINTERNAL, "xlsx: cannot create the workbook");
    x->sheet = workbook_add_worksheet(x->workbook, sheet);
    formats_init(x->workbook, &x->plain, false);
    formats_init(x->workbook, &x->bold, true);
    x->title = workbook_add_format(x->workbook);
    format_set_bold(x->title);
    format_set_font_size(x->title, 14);
    x->header = workbook_add_format(x->workbook);
    format_set_bold(x->header);
    format_set_bottom(x->header, LXW_BORDER_THIN);
    return 0;
}

void
crm__xlsx_widen(crm__xlsx_t *x, lxw_col_t col, size_t chars)
{
    double width = (double)chars + 2.0;

    if (col < x->n_columns && width > x->widths[col])
        x->widths[col] = width > MAX_WIDTH ? MAX_WIDTH : width;
}

void
crm__xlsx_header(crm__xlsx_t *x, lxw_row_t row, lxw_col_t col, const char *text)
{
    worksheet_write_string(x->sheet, row, col, text, x->header);
    crm__xlsx_widen(x, col, strlen(text));
}

void
crm__xlsx_amount(crm__xlsx_t *x, lxw_row_t row, lxw_col_t col, int64_t amount, const char *currency,
                 bool bold)
{
    crm__xlsx_formats_t *f = bold ? &x->bold : &x->plain;
    int decimals = crm__money_decimals(currency);
    double scale = 1.0;

    for (int i = 0; i < decimals; i++)
        scale *= 10.0;
    worksheet_write_number(x->sheet, row, col, (double)amount / scale, f->money[decimals]);
}

void
crm__xlsx_text(crm__xlsx_t *x, lxw_row_t row, lxw_col_t col, const char *text, size_t len,
               bool bold)
{
    char *cut = NULL;
    size_t chars = 0, i = 0;

    /* Count characters (UTF-8 lead bytes); cut before the one past Excel's limit. */
    for (; i < len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80 && ++chars > MAX_TEXT)
            break;
    crm__xlsx_widen(x, col, chars);
    if (i < len || text[len] != '\0') {
        cut = malloc(i + 1);
        if (!cut)
            return;
        memcpy(cut, text, i);
        cut[i] = '\0';
    }
    worksheet_write_string(x->sheet, row, col, cut ? cut : text,
                           bold ? x->bold.text : x->plain.text);
    free(cut);
}

void
crm__xlsx_date(crm__xlsx_t *x, lxw_row_t row, lxw_col_t col, int year, int month, int day,
               lxw_format *format)
{
    lxw_datetime dt = {.year = year, .month = month, .day = day};

    worksheet_write_datetime(x->sheet, row, col, &dt, format);
    crm__xlsx_widen(x, col, 10);
}

void
crm__xlsx_datetime(crm__xlsx_t *x, lxw_row_t row, lxw_col_t col, int64_t ms)
{
    time_t secs = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    struct tm tm;
    lxw_datetime dt;

    if (!gmtime_r(&secs, &tm))
        return;
    dt = (lxw_datetime){.year = tm.tm_year + 1900,
                        .month = tm.tm_mon + 1,
                        .day = tm.tm_mday,
                        .hour = tm.tm_hour,
                        .min = tm.tm_min,
                        .sec = tm.tm_sec + (double)(ms - (int64_t)secs * 1000) / 1000.0};
    worksheet_write_datetime(x->sheet, row, col, &dt, x->plain.datetime);
    crm__xlsx_widen(x, col, 19);
}

int
crm__xlsx_close(crm__xlsx_t *x, crm_error_t *error)
{
    lxw_error lerr;

    for (size_t c = 0; c < x->n_columns; c++)
        worksheet_set_column(x->sheet, (lxw_col_t)c, (lxw_col_t)c,
                             x->widths[c] < MIN_WIDTH ? MIN_WIDTH : x->widths[c], NULL);
    lerr = workbook_close(x->workbook);
    x->workbook = NULL;
    if (lerr != LXW_NO_ERROR)
        return crm_error_set(error, CRM_EINTERNAL, "xlsx: %s", lxw_strerror(lerr));
    return 0;
}

int
crm__xlsx_read(const crm__xlsx_t *x, uint8_t **out, size_t *len, crm_error_t *error)
{
    FILE *f = NULL;
    long size = 0;
    int rc = CRM_EINTERNAL;

    f = fopen(x->path, "rb");
    if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        crm_error_set(error, CRM_EINTERNAL, "xlsx: cannot read the workbook back");
        goto done;
    }
    *out = malloc(size > 0 ? (size_t)size : 1);
    if (!*out) {
        rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
        goto done;
    }
    if (fread(*out, 1, (size_t)size, f) != (size_t)size) {
        free(*out);
        *out = NULL;
        crm_error_set(error, CRM_EINTERNAL, "xlsx: cannot read the workbook back");
        goto done;
    }
    *len = (size_t)size;
    rc = 0;
done:
    if (f)
        fclose(f);
    return rc;
}

void
crm__xlsx_discard(crm__xlsx_t *x)
{
    if (x->workbook)
        workbook_close(x->workbook);
    x->workbook = NULL;
    if (x->path[0])
        unlink(x->path);
    x->path[0] = '\0';
    free(x->widths);
    x->widths = NULL;
}
