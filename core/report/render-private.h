/* Rendering a report's result as a file. The result is the JSON form crm_report_run() makes:
 *
 *   {"report": "prospects_by_segment", "title": "Prospects by segment",
 *    "params": {"dims": "segment,month", "measures": "prospects,expected", "from": "2026-01-01",
 *               "to": "2026-12-31", "compare": "prev", "filter": "{...}"},   (strings, as given)
 *    "columns": [{"name": "segment", "label": "Segment", "type": "string", "role": "dim"},
 *                {"name": "month", "label": "Month", "type": "date", "bucket": "month",
 *                 "role": "dim"},
 *                {"name": "expected", "label": "Expected", "type": "money", "role": "measure"},
 *                {"name": "expected_prev", "label": "Expected (previous period)",
 *                 "type": "money", "role": "compare"},
 *                {"name": "expected_change", "label": "Expected change", "type": "double",
 *                 "role": "change"}, ...],
 *    "rows": [["affluent", "2026-01-01", {"amount": 1234500, "currency": "PLN"}, ...], ...],
 *    "totals": [null, null, {"amount": ..., "currency": "PLN"}, ...]}
 *
 * Column types: "string", "int", "double" (ratios and changes: a fraction, 0.25 = 25%), "money"
 * ({"amount": minor units, "currency": ISO code}; 2 decimal places unless the currency has
 * others: JPY 0, BHD/KWD/OMR/TND/JOD 3), "date" ("YYYY-MM-DD", the bucket's first day; shown per
 * "bucket": day 2026-03-14, week 2026-W11, month 2026-03, quarter 2026-Q1, year 2026). Any cell
 * may be null. */
#ifndef CRM_REPORT_RENDER_PRIVATE_H
#define CRM_REPORT_RENDER_PRIVATE_H

#include <crm/common.h>

#include <bson/bson.h>

typedef enum crm__report_format {
    CRM__REPORT_JSON = 0,
    CRM__REPORT_CSV,
    CRM__REPORT_XLSX,
    CRM__REPORT_PDF
} crm__report_format_t;

/* Parses "json", "csv", "xlsx", "pdf". */
bool crm__report_format_parse(const char *name, crm__report_format_t *format);

/* Renders RESULT as FORMAT (CSV, XLSX or PDF) into *OUT (LEN bytes; free with free()) and sets
 * *CONTENT_TYPE (static) and *EXTENSION ("csv", ...). CSV: a header row of labels, one row per
 * result row, a "Total" row; money as decimal amounts with a currency column beside; text that
 * a spreadsheet would run as a formula prefixed with '. XLSX (libxlsxwriter): a sheet with
 * the title and parameters above a table with typed cells (numbers as numbers, money with a
 * currency number format, dates as dates, ratios as percentages), bold header and totals. PDF
 * (libharu): the title, the parameters, a paginated table (header repeated on each page, page
 * numbers "page N of M"), totals at the end. */
int crm__report_render(crm__report_format_t format, const bson_t *result, uint8_t **out,
                       size_t *len, const char **content_type, const char **extension,
                       crm_error_t *error);

/* Formats a money amount of minor units in CURRENCY as a decimal string ("12.34", "-0.05",
 * "1200" for JPY) into BUF. */
void crm__money_format(int64_t amount, const char *currency, char *buf, size_t size);

#endif
