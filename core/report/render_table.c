/* Reading a report result for the renderers: columns, rows, totals and the text of a cell. */
#include "common/timefmt-private.h"
#include "report/render-table-private.h"
#include "report/render-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_names[] = {"string", "int", "double", "money", "date"};

static int
read_columns(crm__render_table_t *table, bson_iter_t *it, crm_error_t *error)
{
    bson_iter_t cols;
    bson_iter_t col;
    size_t n = 0;

    if (!BSON_ITER_HOLDS_ARRAY(it) || !bson_iter_recurse(it, &cols))
        return crm_error_set(error, CRM_EINVAL, "result: \"columns\" must be an array");
    while (bson_iter_next(&cols))
        n++;
    if (n == 0)
        return crm_error_set(error, CRM_EINVAL, "result: \"columns\" is empty");
    table->columns = calloc(n, sizeof *table->columns);
    if (!table->columns)
        return crm_error_set(error, CRM_ENOMEM, "out of memory");
    bson_iter_recurse(it, &cols);
    for (size_t i = 0; bson_iter_next(&cols); i++) {
        crm__render_column_t *c = &table->columns[i];
        const char *type = NULL;
        bool known = false;

        if (!BSON_ITER_HOLDS_DOCUMENT(&cols) || !bson_iter_recurse(&cols, &col))
            return crm_error_set(error, CRM_EINVAL, "result: column %zu is not an object", i);
        while (bson_iter_next(&col)) {
            const char *key = bson_iter_key(&col);

            if (!BSON_ITER_HOLDS_UTF8(&col))
                continue;
            if (strcmp(key, "name") == 0)
                c->name = bson_iter_utf8(&col, NULL);
            else if (strcmp(key, "label") == 0)
                c->label = bson_iter_utf8(&col, NULL);
            else if (strcmp(key, "type") == 0)
                type = bson_iter_utf8(&col, NULL);
            else if (strcmp(key, "bucket") == 0)
                c->bucket = bson_iter_utf8(&col, NULL);
        }
        bson_iter_recurse(&cols, &col);
        if (bson_iter_find(&col, "names") && BSON_ITER_HOLDS_DOCUMENT(&col))
            bson_iter_document(&col, &c->names_len, &c->names);
        if (!c->name)
            return crm_error_set(error, CRM_EINVAL, "result: column %zu has no name", i);
        if (!c->label)
            c->label = c->name;
        for (size_t t = 0; type && t < sizeof type_names / sizeof type_names[0]; t++) {
            if (strcmp(type, type_names[t]) == 0) {
                c->type = (crm__render_type_t)t;
                known = true;
            }
        }
        if (!known)
            return crm_error_set(error, CRM_EINVAL, "result: column \"%s\" has no known type",
                                 c->name);
    }
    table->n_columns = n;
    return 0;
}

static int
read_rows(crm__render_table_t *table, bson_iter_t *it, crm_error_t *error)
{
    bson_iter_t rows;
    size_t n = 0;

    if (!BSON_ITER_HOLDS_ARRAY(it) || !bson_iter_recurse(it, &rows))
        return crm_error_set(error, CRM_EINVAL, "result: \"rows\" must be an array");
    while (bson_iter_next(&rows))
        n++;
    table->rows = calloc(n ? n : 1, sizeof *table->rows);
    if (!table->rows)
        return crm_error_set(error, CRM_ENOMEM, "out of memory");
    bson_iter_recurse(it, &rows);
    for (size_t i = 0; bson_iter_next(&rows); i++) {
        if (!BSON_ITER_HOLDS_ARRAY(&rows))
            return crm_error_set(error, CRM_EINVAL, "result: row %zu is not an array", i);
        bson_iter_array(&rows, &table->rows[i].len, &table->rows[i].data);
    }
    table->n_rows = n;
    return 0;
}

int
crm__render_table_init(crm__render_table_t *table, const bson_t *result, crm_error_t *error)
{
    bson_iter_t it;
    int rc = 0;
    bool have_columns = false;
    bool have_rows = false;

    memset(table, 0, sizeof *table);
    table->result = result;
    if (!result || !bson_iter_init(&it, result))
        return crm_error_set(error, CRM_EINVAL, "result: not a document");
    while (bson_iter_next(&it)) {
        const char *key = bson_iter_key(&it);

        if (strcmp(key, "title") == 0 && BSON_ITER_HOLDS_UTF8(&it)) {
            table->title = bson_iter_utf8(&it, NULL);
        } else if (strcmp(key, "columns") == 0) {
            rc = read_columns(table, &it, error);
            have_columns = true;
        } else if (strcmp(key, "rows") == 0) {
            rc = read_rows(table, &it, error);
            have_rows = true;
        } else if (strcmp(key, "totals") == 0 && BSON_ITER_HOLDS_ARRAY(&it)) {
            bson_iter_array(&it, &table->totals.len, &table->totals.data);
            table->has_totals = true;
        } else if (strcmp(key, "report") == 0 && BSON_ITER_HOLDS_UTF8(&it) && !table->title) {
            table->title = bson_iter_utf8(&it, NULL);
        }
        if (rc != 0)
            return rc;
    }
    if (!have_columns)
        return crm_error_set(error, CRM_EINVAL, "result: \"columns\" is missing");
    if (!have_rows)
        return crm_error_set(error, CRM_EINVAL, "result: \"rows\" is missing");
    if (!table->title)
        table->title = "Report";
    return 0;
}

void
crm__render_table_clear(crm__render_table_t *table)
{
    free(table->columns);
    free(table->rows);
    table->columns = NULL;
    table->rows = NULL;
}

static bool
parse_date(const char *s, crm__render_cell_t *cell)
{
    return sscanf(s, "%4d-%2d-%2d", &cell->year, &cell->month, &cell->day) == 3 &&
           cell->month >= 1 && cell->month <= 12 && cell->day >= 1 && cell->day <= 31;
}

static void
read_cell(const crm__render_column_t *col, bson_iter_t *it, crm__render_cell_t *cell)
{
    bson_iter_t money;

    switch (col->type) {
    case CRM__RENDER_STRING:
        if (BSON_ITER_HOLDS_UTF8(it))
            cell->text = bson_iter_utf8(it, NULL);
        else if (BSON_ITER_HOLDS_NUMBER(it))
            cell->integer = bson_iter_as_int64(it), cell->text = NULL;
        else
            cell->is_null = true;
        break;
    case CRM__RENDER_INT:
    case CRM__RENDER_DOUBLE:
        if (!BSON_ITER_HOLDS_NUMBER(it)) {
            cell->is_null = true;
            break;
        }
        cell->integer = bson_iter_as_int64(it);
        cell->number = BSON_ITER_HOLDS_DOUBLE(it) ? bson_iter_double(it) : (double)cell->integer;
        break;
    case CRM__RENDER_MONEY:
        cell->is_null = true;
        if (!BSON_ITER_HOLDS_DOCUMENT(it) || !bson_iter_recurse(it, &money))
            break;
        while (bson_iter_next(&money)) {
            if (strcmp(bson_iter_key(&money), "amount") == 0 && BSON_ITER_HOLDS_NUMBER(&money)) {
                cell->integer = bson_iter_as_int64(&money);
                cell->is_null = false;
            } else if (strcmp(bson_iter_key(&money), "currency") == 0 &&
                       BSON_ITER_HOLDS_UTF8(&money)) {
                cell->currency = bson_iter_utf8(&money, NULL);
            }
        }
        if (!cell->currency)
            cell->currency = "";
        break;
    case CRM__RENDER_DATE:
        if (BSON_ITER_HOLDS_UTF8(it) && parse_date(bson_iter_utf8(it, NULL), cell))
            cell->text = bson_iter_utf8(it, NULL);
        else
            cell->is_null = true;
        break;
    }
}

/* An id with a name in the column's "names" shows the name. */
static void
name_cell(const crm__render_column_t *col, crm__render_cell_t *cell)
{
    bson_t names;
    bson_iter_t it;

    if (col->names && cell->text && bson_init_static(&names, col->names, col->names_len) &&
        bson_iter_init_find(&it, &names, cell->text) && BSON_ITER_HOLDS_UTF8(&it))
        cell->text = bson_iter_utf8(&it, NULL);
}

void
crm__render_table_cell(const crm__render_table_t *table, const crm__render_row_t *row, size_t col,
                       crm__render_cell_t *cell)
{
    bson_t array;
    bson_iter_t it;
    size_t i = 0;

    memset(cell, 0, sizeof *cell);
    cell->is_null = true;
    if (!row->data || col >= table->n_columns || !bson_init_static(&array, row->data, row->len) ||
        !bson_iter_init(&it, &array))
        return;
    while (bson_iter_next(&it)) {
        if (i++ != col)
            continue;
        if (BSON_ITER_HOLDS_NULL(&it))
            return;
        cell->is_null = false;
        read_cell(&table->columns[col], &it, cell);
        name_cell(&table->columns[col], cell);
        return;
    }
}

/* ISO weekday, Monday 1 ... Sunday 7. */
static int
iso_weekday(int y, int m, int d)
{
    int64_t days = crm__days_from_civil(y, (unsigned)m, (unsigned)d);
    int64_t wd = (days + 3) % 7; /* 1970-01-01 was a Thursday: 3 when Monday is 0 */

    if (wd < 0)
        wd += 7;
    return (int)wd + 1;
}

static int
iso_weeks_in_year(int y)
{
    int jan1 = iso_weekday(y, 1, 1);
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return jan1 == 4 || (leap && jan1 == 3) ? 53 : 52;
}

void
crm__render_date_label(int year, int month, int day, const char *bucket, char *buf, size_t size)
{
    if (bucket && strcmp(bucket, "week") == 0) {
        int doy = (int)(crm__days_from_civil(year, (unsigned)month, (unsigned)day) -
                        crm__days_from_civil(year, 1, 1)) +
                  1;
        int week = (doy - iso_weekday(year, month, day) + 10) / 7;
        int wyear = year;

        if (week < 1) {
            wyear = year - 1;
            week = iso_weeks_in_year(wyear);
        } else if (week > iso_weeks_in_year(year)) {
            wyear = year + 1;
            week = 1;
        }
        snprintf(buf, size, "%04d-W%02d", wyear, week);
    } else if (bucket && strcmp(bucket, "month") == 0) {
        snprintf(buf, size, "%04d-%02d", year, month);
    } else if (bucket && strcmp(bucket, "quarter") == 0) {
        snprintf(buf, size, "%04d-Q%d", year, (month - 1) / 3 + 1);
    } else if (bucket && strcmp(bucket, "year") == 0) {
        snprintf(buf, size, "%04d", year);
    } else {
        snprintf(buf, size, "%04d-%02d-%02d", year, month, day);
    }
}

void
crm__render_group_thousands(const char *number, char *buf, size_t size)
{
    const char *digits = number;
    size_t n_int = 0;
    size_t o = 0;

    if (size == 0)
        return;
    if (*digits == '-' && o + 1 < size)
        buf[o++] = *digits++;
    while (digits[n_int] >= '0' && digits[n_int] <= '9')
        n_int++;
    for (size_t i = 0; i < n_int && o + 1 < size; i++) {
        if (i > 0 && (n_int - i) % 3 == 0 && o + 2 < size)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    for (const char *p = digits + n_int; *p && o + 1 < size; p++)
        buf[o++] = *p;
    buf[o] = '\0';
}

void
crm__render_cell_text(const crm__render_column_t *col, const crm__render_cell_t *cell,
                      crm__render_style_t style, char *buf, size_t size)
{
    char plain[64];

    buf[0] = '\0';
    if (cell->is_null)
        return;
    switch (col->type) {
    case CRM__RENDER_STRING:
        if (cell->text)
            snprintf(buf, size, "%s", cell->text);
        else
            snprintf(buf, size, "%lld", (long long)cell->integer);
        break;
    case CRM__RENDER_INT:
        snprintf(plain, sizeof plain, "%lld", (long long)cell->integer);
        if (style == CRM__RENDER_DISPLAY)
            crm__render_group_thousands(plain, buf, size);
        else
            snprintf(buf, size, "%s", plain);
        break;
    case CRM__RENDER_DOUBLE:
        if (style == CRM__RENDER_DISPLAY)
            snprintf(buf, size, "%.1f%%", cell->number * 100.0);
        else
            snprintf(buf, size, "%.15g", cell->number);
        break;
    case CRM__RENDER_MONEY:
        crm__money_format(cell->integer, cell->currency, plain, sizeof plain);
        if (style == CRM__RENDER_DISPLAY) {
            char grouped[80];

            crm__render_group_thousands(plain, grouped, sizeof grouped);
            snprintf(buf, size, "%s%s%s", grouped, *cell->currency ? " " : "", cell->currency);
        } else {
            snprintf(buf, size, "%s", plain);
        }
        break;
    case CRM__RENDER_DATE:
        crm__render_date_label(cell->year, cell->month, cell->day, col->bucket, buf, size);
        break;
    }
}

void
crm__render_table_params(const crm__render_table_t *table,
                         void (*fn)(const char *name, const char *value, void *data), void *data)
{
    bson_iter_t it;
    bson_iter_t params;

    if (!bson_iter_init_find(&it, table->result, "params") || !BSON_ITER_HOLDS_DOCUMENT(&it) ||
        !bson_iter_recurse(&it, &params))
        return;
    while (bson_iter_next(&params))
        if (BSON_ITER_HOLDS_UTF8(&params))
            fn(bson_iter_key(&params), bson_iter_utf8(&params, NULL), data);
}
