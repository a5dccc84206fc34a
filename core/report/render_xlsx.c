/* A report result as an XLSX workbook (report/xlsx.c): the title and the parameters above a
 * table with a bold, frozen header row, typed cells (integers and money as numbers, money with
 * its currency's decimals and the currency code in the next column, ratios as percentages,
 * dates as dates shown per bucket; weeks and quarters, which Excel cannot format, as their
 * labels) and a bold totals row. */
#include "report/render-table-private.h"
#include "report/xlsx-private.h"

#include <string.h>

typedef struct xlsx_writer {
    const crm__render_table_t *table;
    crm__xlsx_t book;
    lxw_row_t row;
} xlsx_writer_t;

static void
param_row(const char *name, const char *value, void *data)
{
    xlsx_writer_t *w = data;

    worksheet_write_string(w->book.sheet, w->row, 0, name, NULL);
    worksheet_write_string(w->book.sheet, w->row, 1, value, NULL);
    w->row++;
}

static void
write_cell(xlsx_writer_t *w, const crm__render_column_t *col, const crm__render_cell_t *cell,
           lxw_col_t x, bool bold)
{
    crm__xlsx_formats_t *f = bold ? &w->book.bold : &w->book.plain;
    lxw_worksheet *sheet = w->book.sheet;
    char text[512];
    lxw_format *date_format = NULL;

    crm__render_cell_text(col, cell, CRM__RENDER_DISPLAY, text, sizeof text);
    crm__xlsx_widen(&w->book, x, strlen(text));
    switch (col->type) {
    case CRM__RENDER_STRING:
        if (cell->text)
            worksheet_write_string(sheet, w->row, x, cell->text, f->text);
        else
            worksheet_write_number(sheet, w->row, x, (double)cell->integer, f->integer);
        break;
    case CRM__RENDER_INT:
        worksheet_write_number(sheet, w->row, x, (double)cell->integer, f->integer);
        break;
    case CRM__RENDER_DOUBLE:
        worksheet_write_number(sheet, w->row, x, cell->number, f->percent);
        break;
    case CRM__RENDER_MONEY:
        crm__xlsx_amount(&w->book, w->row, x, cell->integer, cell->currency, bold);
        worksheet_write_string(sheet, w->row, x + 1, cell->currency, f->text);
        break;
    case CRM__RENDER_DATE:
        if (col->bucket && strcmp(col->bucket, "month") == 0)
            date_format = f->month;
        else if (col->bucket && strcmp(col->bucket, "year") == 0)
            date_format = f->year;
        else if (!col->bucket || strcmp(col->bucket, "day") == 0)
            date_format = f->day;
        if (date_format)
            crm__xlsx_date(&w->book, w->row, x, cell->year, cell->month, cell->day, date_format);
        else
            worksheet_write_string(sheet, w->row, x, text, f->text);
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
            worksheet_write_string(w->book.sheet, w->row, x, "Total", w->book.bold.text);
        else if (!cell.is_null)
            write_cell(w, &t->columns[c], &cell, x, totals);
        x += t->columns[c].type == CRM__RENDER_MONEY ? 2 : 1;
    }
    w->row++;
}

int
crm__render_xlsx(const crm__render_table_t *table, uint8_t **out, size_t *len, crm_error_t *error)
{
    xlsx_writer_t w = {.table = table};
    size_t n_sheet_columns = 0;
    lxw_row_t header_row = 0;
    int rc;

    for (size_t c = 0; c < table->n_columns; c++)
        n_sheet_columns += table->columns[c].type == CRM__RENDER_MONEY ? 2 : 1;
    rc = crm__xlsx_open(&w.book, "Report", n_sheet_columns, false, error);
    if (rc != 0)
        goto done;
    worksheet_write_string(w.book.sheet, w.row++, 0, table->title, w.book.title);
    crm__render_table_params(table, param_row, &w);
    w.row++;
    header_row = w.row;
    for (size_t c = 0, x = 0; c < table->n_columns; c++) {
        crm__xlsx_header(&w.book, w.row, (lxw_col_t)x, table->columns[c].label);
        if (table->columns[c].type == CRM__RENDER_MONEY)
            crm__xlsx_header(&w.book, w.row, (lxw_col_t)++x, "Currency");
        x++;
    }
    w.row++;
    worksheet_freeze_panes(w.book.sheet, header_row + 1, 0);
    for (size_t r = 0; r < table->n_rows; r++)
        write_row(&w, &table->rows[r], false);
    if (table->has_totals)
        write_row(&w, &table->totals, true);
    rc = crm__xlsx_close(&w.book, error);
    if (rc == 0)
        rc = crm__xlsx_read(&w.book, out, len, error);
done:
    crm__xlsx_discard(&w.book);
    return rc;
}
