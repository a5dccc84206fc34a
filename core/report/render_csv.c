/* A report result as CSV (RFC 4180: comma separated, CRLF line ends, fields quoted when they
 * hold a comma, a quote or a line break). Machine-friendly values: numbers and ratios as plain
 * decimals ("0.25"), money as the decimal amount with a "<label> currency" column after it,
 * dates as their bucket's label. Text a spreadsheet would run as a formula (starting with =, +,
 * -, @, tab or CR) is prefixed with '. */
#include "report/render-table-private.h"

#include <stdlib.h>
#include <string.h>

static void
append_field(bson_string_t *out, const char *text, bool guard)
{
    bool formula = guard && text[0] != '\0' && strchr("=+-@\t\r", text[0]) != NULL;
    bool quote = strpbrk(text, ",\"\r\n") != NULL;

    if (quote)
        bson_string_append_c(out, '"');
    if (formula)
        bson_string_append_c(out, '\'');
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            bson_string_append_c(out, '"');
        bson_string_append_c(out, *p);
    }
    if (quote)
        bson_string_append_c(out, '"');
}

static void
append_row(const crm__render_table_t *table, const crm__render_row_t *row, bool totals,
           bson_string_t *out)
{
    crm__render_cell_t cell;
    char text[512];

    for (size_t c = 0; c < table->n_columns; c++) {
        const crm__render_column_t *col = &table->columns[c];

        crm__render_table_cell(table, row, c, &cell);
        if (c > 0)
            bson_string_append_c(out, ',');
        if (totals && c == 0 && cell.is_null) {
            bson_string_append(out, "Total");
            continue;
        }
        crm__render_cell_text(col, &cell, CRM__RENDER_PLAIN, text, sizeof text);
        if (col->type == CRM__RENDER_STRING && cell.text)
            append_field(out, cell.text, true); /* untruncated */
        else
            append_field(out, text, col->type == CRM__RENDER_STRING);
        if (col->type == CRM__RENDER_MONEY) {
            bson_string_append_c(out, ',');
            append_field(out, cell.is_null ? "" : cell.currency, true);
        }
    }
    bson_string_append(out, "\r\n");
}

int
crm__render_csv(const crm__render_table_t *table, uint8_t **out, size_t *len, crm_error_t *error)
{
    bson_string_t *csv = bson_string_new(NULL);
    char label[512];

    for (size_t c = 0; c < table->n_columns; c++) {
        if (c > 0)
            bson_string_append_c(csv, ',');
        append_field(csv, table->columns[c].label, true);
        if (table->columns[c].type == CRM__RENDER_MONEY) {
            bson_string_append_c(csv, ',');
            bson_snprintf(label, sizeof label, "%s currency", table->columns[c].label);
            append_field(csv, label, true);
        }
    }
    bson_string_append(csv, "\r\n");
    for (size_t r = 0; r < table->n_rows; r++)
        append_row(table, &table->rows[r], false, csv);
    if (table->has_totals)
        append_row(table, &table->totals, true, csv);
    *out = malloc(csv->len + 1);
    if (!*out) {
        bson_string_free(csv, true);
        return crm_error_set(error, CRM_ENOMEM, "out of memory");
    }
    memcpy(*out, csv->str, csv->len + 1);
    *len = csv->len;
    bson_string_free(csv, true);
    return 0;
}
