/* A report result as an XLSX workbook (libxlsxwriter): the title and the parameters above a
 * table with a bold, frozen header row, typed cells (integers and money as numbers, money with
 * its currency's decimals and the currency code in the next column, ratios as percentages,
 * dates as dates shown per bucket; weeks and quarters, which Excel cannot format, as their
 * labels) and a bold totals row. libxlsxwriter writes to a file: a private temporary file,
 * read back and removed. */
#include "report/render-table-private.h"

#include <xlsxwriter.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_WIDTH 60.0
#define MIN_WIDTH 8.0

/* The formats of one kind of row (normal or bold totals). */
typedef struct xlsx_formats {
    lxw_format *text;
    lxw_format *integer;
    lxw_format *percent;
    lxw_format *money[4]; /* by decimal places */
    lxw_format *day, *month, *year;
} xlsx_formats_t;

typedef struct xlsx_writer {
    const crm__render_table_t *table;
    lxw_workbook *workbook;
    lxw_worksheet *sheet;
    xlsx_formats_t plain, bold;
    lxw_format *title;
    lxw_format *header;
    double *widths; /* per sheet column */
    size_t n_sheet_columns;
    lxw_row_t row;
} xlsx_writer_t;

static void
formats_init(lxw_workbook *wb, xlsx_formats_t *f, bool bold)
{
    static const char *const money[4] = {"#,##0", "#,##0.0", "#,##0.00", "#,##0.000"};
    lxw_format **all[] = {&f->text,     &f->integer,  &f->percent, &f->money[0], &f->money[1],
                          &f->money[2], &f->money[3], &f->day,     &f->month,    &f->year};

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
}

static void
widen(xlsx_writer_t *w, lxw_col_t col, size_t chars)
{
    double width = (double)chars + 2.0;

    if (col < w->n_sheet_columns && width > w->widths[col])
        w->widths[col] = width > MAX_WIDTH ? MAX_WIDTH : width;
}

static void
param_row(const char *name, const char *value, void *data)
{
    xlsx_writer_t *w = data;

    worksheet_write_string(w->sheet, w->row, 0, name, NULL);
    worksheet_write_string(w->sheet, w->row, 1, value, NULL);
    w->row++;
}

static void
write_cell(xlsx_writer_t *w, const crm__render_column_t *col, const crm__render_cell_t *cell,
           lxw_col_t x, bool bold)
{
    xlsx_formats_t *f = bold ? &w->bold : &w->plain;
    char text[512];
    lxw_datetime dt = {0};
    lxw_format *date_format = NULL;
    int decimals = 0;
    double scale = 1.0;

    crm__render_cell_text(col, cell, CRM__RENDER_DISPLAY, text, sizeof text);
    widen(w, x, strlen(text));
    switch (col->type) {
    case CRM__RENDER_STRING:
        if (cell->text)
            worksheet_write_string(w->sheet, w->row, x, cell->text, f->text);
        else
            worksheet_write_number(w->sheet, w->row, x, (double)cell->integer, f->integer);
        break;
    case CRM__RENDER_INT:
        worksheet_write_number(w->sheet, w->row, x, (double)cell->integer, f->integer);
        break;
    case CRM__RENDER_DOUBLE:
        worksheet_write_number(w->sheet, w->row, x, cell->number, f->percent);
        break;
    case CRM__RENDER_MONEY:
        decimals = crm__money_decimals(cell->currency);
        for (int i = 0; i < decimals; i++)
            scale *= 10.0;
        worksheet_write_number(w->sheet, w->row, x, (double)cell->integer / scale,
                               f->money[decimals]);
        worksheet_write_string(w->sheet, w->row, x + 1, cell->currency, f->text);
        break;
    case CRM__RENDER_DATE:
        if (col->bucket && strcmp(col->bucket, "month") == 0)
            date_format = f->month;
        else if (col->bucket && strcmp(col->bucket, "year") == 0)
            date_format = f->year;
        else if (!col->bucket || strcmp(col->bucket, "day") == 0)
            date_format = f->day;
        if (!date_format) {
            worksheet_write_string(w->sheet, w->row, x, text, f->text);
            break;
        }
        dt.year = cell->year;
        dt.month = cell->month;
        dt.day = cell->day;
        worksheet_write_datetime(w->sheet, w->row, x, &dt, date_format);
        break;
    }
}

static void
write_row(xlsx_writer_t *w, const crm__render_row_t *row, bool totals)
{
    const crm__render_table_t *t = w->table;
    crm__render_cell_t cell;
    lxw_col_t x = 0;

    for (size_t c = 0; c < t->n_columns; c++) {
        crm__render_table_cell(t, row, c, &cell);
        if (totals && c == 0 && cell.is_null)
            worksheet_write_string(w->sheet, w->row, x, "Total", w->bold.text);
        else if (!cell.is_null)
            write_cell(w, &t->columns[c], &cell, x, totals);
        x += t->columns[c].type == CRM__RENDER_MONEY ? 2 : 1;
    }
    w->row++;
}

static int
read_file(const char *path, uint8_t **out, size_t *len, crm_error_t *error)
{
    FILE *f = NULL;
    long size = 0;
    int rc = CRM_EINTERNAL;

    f = fopen(path, "rb");
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

int
crm__render_xlsx(const crm__render_table_t *table, uint8_t **out, size_t *len, crm_error_t *error)
{
    char path[] = "/tmp/crm-report-XXXXXX";
    int fd = -1;
    xlsx_writer_t w = {.table = table};
    lxw_error lerr = LXW_NO_ERROR;
    lxw_row_t header_row = 0;
    int rc = CRM_EINTERNAL;

    fd = mkstemp(path);
    if (fd < 0) {
        crm_error_set(error, CRM_EINTERNAL, "xlsx: cannot create a temporary file");
        goto done;
    }
    close(fd);
    for (size_t c = 0; c < table->n_columns; c++)
        w.n_sheet_columns += table->columns[c].type == CRM__RENDER_MONEY ? 2 : 1;
    w.widths = calloc(w.n_sheet_columns, sizeof *w.widths);
    w.workbook = workbook_new(path);
    if (!w.widths || !w.workbook) {
        crm_error_set(error, CRM_EINTERNAL, "xlsx: cannot create the workbook");
        goto done;
    }
    w.sheet = workbook_add_worksheet(w.workbook, "Report");
    formats_init(w.workbook, &w.plain, false);
    formats_init(w.workbook, &w.bold, true);
    w.title = workbook_add_format(w.workbook);
    format_set_bold(w.title);
    format_set_font_size(w.title, 14);
    w.header = workbook_add_format(w.workbook);
    format_set_bold(w.header);
    format_set_bottom(w.header, LXW_BORDER_THIN);

    worksheet_write_string(w.sheet, w.row++, 0, table->title, w.title);
    crm__render_table_params(table, param_row, &w);
    w.row++;
    header_row = w.row;
    for (size_t c = 0, x = 0; c < table->n_columns; c++) {
        worksheet_write_string(w.sheet, w.row, (lxw_col_t)x, table->columns[c].label, w.header);
        widen(&w, (lxw_col_t)x, strlen(table->columns[c].label));
        if (table->columns[c].type == CRM__RENDER_MONEY) {
            worksheet_write_string(w.sheet, w.row, (lxw_col_t)x + 1, "Currency", w.header);
            widen(&w, (lxw_col_t)x + 1, 8);
            x++;
        }
        x++;
    }
    w.row++;
    worksheet_freeze_panes(w.sheet, header_row + 1, 0);
    for (size_t r = 0; r < table->n_rows; r++)
        write_row(&w, &table->rows[r], false);
    if (table->has_totals)
        write_row(&w, &table->totals, true);
    for (size_t x = 0; x < w.n_sheet_columns; x++)
        worksheet_set_column(w.sheet, (lxw_col_t)x, (lxw_col_t)x,
                             w.widths[x] < MIN_WIDTH ? MIN_WIDTH : w.widths[x], NULL);
    lerr = workbook_close(w.workbook);
    w.workbook = NULL;
    if (lerr != LXW_NO_ERROR) {
        crm_error_set(error, CRM_EINTERNAL, "xlsx: %s", lxw_strerror(lerr));
        goto done;
    }
    rc = read_file(path, out, len, error);
done:
    if (w.workbook)
        workbook_close(w.workbook);
    if (fd >= 0)
        unlink(path);
    free(w.widths);
    return rc;
}
