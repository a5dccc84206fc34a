/* The renderers' view of a report result (see render-private.h for its JSON form): the
 * columns, the rows and the totals read once, cells fetched by position. Strings are borrowed
 * from the result, which must outlive the table. */
#ifndef CRM_REPORT_RENDER_TABLE_PRIVATE_H
#define CRM_REPORT_RENDER_TABLE_PRIVATE_H

#include <crm/common.h>

#include <bson/bson.h>

typedef enum crm__render_type {
    CRM__RENDER_STRING = 0,
    CRM__RENDER_INT,
    CRM__RENDER_DOUBLE,
    CRM__RENDER_MONEY,
    CRM__RENDER_DATE
} crm__render_type_t;

typedef struct crm__render_column {
    const char *name;
    const char *label;  /* the name when the result has no label */
    const char *bucket; /* dates: "day" (default), "week", "month", "quarter", "year" */
    crm__render_type_t type;
    const uint8_t *names; /* dims of ids: the BSON document {id: name}, or NULL */
    uint32_t names_len;
} crm__render_column_t;

/* A row: the BSON array's bytes inside the result. */
typedef struct crm__render_row {
    const uint8_t *data;
    uint32_t len;
} crm__render_row_t;

typedef struct crm__render_table {
    const char *title;
    const bson_t *result;
    size_t n_columns;
    crm__render_column_t *columns;
    size_t n_rows;
    crm__render_row_t *rows;
    bool has_totals;
    crm__render_row_t totals;
} crm__render_table_t;

/* One cell. NULL cells (and cells missing from a short row) have is_null set. */
typedef struct crm__render_cell {
    bool is_null;
    const char *text;     /* string cells; also the date text "YYYY-MM-DD" */
    int64_t integer;      /* int cells; money: the amount in minor units */
    double number;        /* double cells */
    const char *currency; /* money cells */
    int year, month, day; /* date cells, parsed */
} crm__render_cell_t;

/* Which text a cell becomes: machine-friendly (CSV: "0.25", "1234.50") or for reading (PDF:
 * "25.0%", "1,234.50 PLN"). */
typedef enum crm__render_style { CRM__RENDER_PLAIN = 0, CRM__RENDER_DISPLAY } crm__render_style_t;

/* Reads RESULT into TABLE. CRM_EINVAL names what is malformed. Release with
 * crm__render_table_clear() (also after a failure). */
int crm__render_table_init(crm__render_table_t *table, const bson_t *result, crm_error_t *error);
void crm__render_table_clear(crm__render_table_t *table);

/* Cell COL of ROW (one of TABLE->rows, or &TABLE->totals) into CELL. */
void crm__render_table_cell(const crm__render_table_t *table, const crm__render_row_t *row,
                            size_t col, crm__render_cell_t *cell);

/* The text of CELL of column COL in STYLE, into BUF (empty for a null cell). */
void crm__render_cell_text(const crm__render_column_t *col, const crm__render_cell_t *cell,
                           crm__render_style_t style, char *buf, size_t size);

/* The label of a date per bucket: 2026-03-14, 2026-W11, 2026-03, 2026-Q1, 2026. */
void crm__render_date_label(int year, int month, int day, const char *bucket, char *buf,
                            size_t size);

/* Calls FN(name, value, data) for each parameter of the result, in order (strings only). */
void crm__render_table_params(const crm__render_table_t *table,
                              void (*fn)(const char *name, const char *value, void *data),
                              void *data);

/* The decimal places of CURRENCY (2 unless ISO 4217 says otherwise). */
int crm__money_decimals(const char *currency);

/* Groups the integer part of a decimal number text with ',' ("-1234567.50" -> "-1,234,567.50")
 * into BUF. */
void crm__render_group_thousands(const char *number, char *buf, size_t size);

/* Renderers of each format: *OUT is new (free()). */
int crm__render_csv(const crm__render_table_t *table, uint8_t **out, size_t *len,
                    crm_error_t *error);
int crm__render_xlsx(const crm__render_table_t *table, uint8_t **out, size_t *len,
                     crm_error_t *error);
int crm__render_pdf(const crm__render_table_t *table, uint8_t **out, size_t *len,
                    crm_error_t *error);

#endif
