/* An XLSX workbook of one sheet with the core's cell formats, written by libxlsxwriter to a
 * private temporary file: what a report's XLSX and the XLSX export of a list share. Integers
 * and money are numbers (money with its currency's decimal places, the currency code in the
 * column after it), dates and times are real dates, the header row is bold. With
 * CONSTANT_MEMORY, every row goes to disk once the next one starts (rows must then be written
 * in order), so a long export holds one row in memory. */
#ifndef CRM_REPORT_XLSX_PRIVATE_H
#define CRM_REPORT_XLSX_PRIVATE_H

#include <crm/common.h>

#include <xlsxwriter.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CRM__XLSX_CONTENT_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The formats of one kind of row (normal or bold). */
typedef struct crm__xlsx_formats {
    lxw_format *text;
    lxw_format *integer;
    lxw_format *percent;
    lxw_format *money[4]; /* by decimal places */
    lxw_format *day, *month, *year, *datetime;
} crm__xlsx_formats_t;

typedef struct crm__xlsx {
    lxw_workbook *workbook;
    lxw_worksheet *sheet;
    crm__xlsx_formats_t plain, bold;
    lxw_format *title;  /* bold, larger */
    lxw_format *header; /* bold, a line below */
    double *widths;     /* per sheet column, in characters */
    size_t n_columns;
    char path[32]; /* the temporary file; empty once removed */
} crm__xlsx_t;

/* Creates the workbook X of one sheet named SHEET with N_COLUMNS columns in a new temporary
 * file. Release with crm__xlsx_discard() (also after a failure). */
int crm__xlsx_open(crm__xlsx_t *x, const char *sheet, size_t n_columns, bool constant_memory,
                   crm_error_t *error);

/* Makes column COL at least CHARS characters wide (up to a limit). */
void crm__xlsx_widen(crm__xlsx_t *x, lxw_col_t col, size_t chars);

/* Writes the header cell TEXT at ROW, COL and widens the column to fit it. */
void crm__xlsx_header(crm__xlsx_t *x, lxw_row_t row, lxw_col_t col, const char *text);

/* Writes AMOUNT minor units of CURRENCY as a number at ROW, COL shown with the currency's
 * decimal places (the currency code goes in a column of its own). */
void crm__xlsx_amount(crm__xlsx_t *x, lxw_row_t row, lxw_col_t col, int64_t amount,
                      const char *currency, bool bold);

/* Writes TEXT as a string (cut at Excel's 32,767 characters, on a character boundary). */
void crm__xlsx_text(crm__xlsx_t *x, lxw_row_t row, lxw_col_t col, const char *text, size_t len,
                    bool bold);

/* Writes the date YEAR-MONTH-DAY (UTC) shown as FORMAT (one of X's day, month, year). */
void crm__xlsx_date(crm__xlsx_t *x, lxw_row_t row, lxw_col_t col, int year, int month, int day,
                    lxw_format *format);

/* Writes the instant MS (milliseconds since 1970, UTC) as a date and time. */
void crm__xlsx_datetime(crm__xlsx_t *x, lxw_row_t row, lxw_col_t col, int64_t ms);

/* Sets the column widths and writes the workbook out to X->path. */
int crm__xlsx_close(crm__xlsx_t *x, crm_error_t *error);

/* Reads the closed workbook into *OUT (LEN bytes; free with free()). */
int crm__xlsx_read(const crm__xlsx_t *x, uint8_t **out, size_t *len, crm_error_t *error);

/* Closes the workbook if still open, removes the temporary file, frees X's memory. */
void crm__xlsx_discard(crm__xlsx_t *x);

#endif
