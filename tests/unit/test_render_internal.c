/* Report renderers: money text per currency, CSV parsed back, XLSX unzipped and its sheet XML
 * read, PDF text extracted with pdftotext; results built by hand in the form crm_report_run()
 * makes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "report/render-private.h"
#include "report/render-table-private.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define POLISH "Zażółć gęślą jaźń"
#define UKRAINIAN "Привіт, Київ"

/* A result with every column type, awkward text, a null cell and totals. */
static const char *const sample_json =
    "{\"report\": \"prospects_by_segment\", \"title\": \"Prospects by segment\","
    " \"params\": {\"dims\": \"segment,month\", \"measures\": \"prospects,expected\","
    "              \"from\": \"2026-01-01\", \"to\": \"2026-12-31\", \"compare\": \"prev\"},"
    " \"columns\": ["
    "  {\"name\": \"segment\", \"label\": \"Segment\", \"type\": \"string\", \"role\": \"dim\"},"
    "  {\"name\": \"month\", \"label\": \"Month\", \"type\": \"date\", \"bucket\": \"month\","
    "   \"role\": \"dim\"},"
    "  {\"name\": \"prospects\", \"label\": \"Prospects\", \"type\": \"int\", \"role\": "
    "\"measure\"},"
    "  {\"name\": \"expected\", \"label\": \"Expected\", \"type\": \"money\", \"role\": "
    "\"measure\"},"
    "  {\"name\": \"expected_change\", \"label\": \"Expected change\", \"type\": \"double\","
    "   \"role\": \"change\"}],"
    " \"rows\": ["
    "  [\"affluent\", \"2026-01-01\", 12, {\"amount\": 1234500, \"currency\": \"PLN\"}, 0.25],"
    "  [\"=SUM(A1)\", \"2026-02-01\", 3, {\"amount\": -5, \"currency\": \"PLN\"}, -0.5],"
    "  [\"" POLISH "\", \"2026-03-01\", null, {\"amount\": 1200, \"currency\": \"JPY\"}, null],"
    "  [\"" UKRAINIAN "\", \"2026-04-01\", 7, null, 0.125],"
    "  [\"a, \\\"quoted\\\"\\nline\", null, 1, {\"amount\": 1, \"currency\": \"KWD\"}, 1.0]],"
    " \"totals\": [null, null, 23, {\"amount\": 1234495, \"currency\": \"PLN\"}, 0.1]}";

static bson_t *
sample(void)
{
    bson_error_t err;
    bson_t *doc = bson_new_from_json((const uint8_t *)sample_json, -1, &err);

    if (!doc)
        fail_msg("sample JSON: %s", err.message);
    return doc;
}

/* A result of N rows, for pagination. */
static bson_t *
many_rows(int n)
{
    bson_t *doc = bson_new();
    bson_t params, columns, col, rows, row, money, totals;
    char key[16];

    BSON_APPEND_UTF8(doc, "report", "big");
    BSON_APPEND_UTF8(doc, "title", "Deposits by advisor");
    BSON_APPEND_DOCUMENT_BEGIN(doc, "params", &params);
    BSON_APPEND_UTF8(&params, "dims", "advisor");
    BSON_APPEND_UTF8(&params, "from", "2026-01-01");
    bson_append_document_end(doc, &params);
    BSON_APPEND_ARRAY_BEGIN(doc, "columns", &columns);
    BSON_APPEND_DOCUMENT_BEGIN(&columns, "0", &col);
    BSON_APPEND_UTF8(&col, "name", "advisor");
    BSON_APPEND_UTF8(&col, "label", "Advisor");
    BSON_APPEND_UTF8(&col, "type", "string");
    bson_append_document_end(&columns, &col);
    BSON_APPEND_DOCUMENT_BEGIN(&columns, "1", &col);
    BSON_APPEND_UTF8(&col, "name", "deposits");
    BSON_APPEND_UTF8(&col, "label", "Deposits");
    BSON_APPEND_UTF8(&col, "type", "money");
    bson_append_document_end(&columns, &col);
    bson_append_array_end(doc, &columns);
    BSON_APPEND_ARRAY_BEGIN(doc, "rows", &rows);
    for (int i = 0; i < n; i++) {
        char name[32];

        bson_snprintf(key, sizeof key, "%d", i);
        bson_snprintf(name, sizeof name, "Advisor %03d", i);
        BSON_APPEND_ARRAY_BEGIN(&rows, key, &row);
        BSON_APPEND_UTF8(&row, "0", name);
        BSON_APPEND_DOCUMENT_BEGIN(&row, "1", &money);
        BSON_APPEND_INT64(&money, "amount", 100000 + i);
        BSON_APPEND_UTF8(&money, "currency", "EUR");
        bson_append_document_end(&row, &money);
        bson_append_array_end(&rows, &row);
    }
    bson_append_array_end(doc, &rows);
    BSON_APPEND_ARRAY_BEGIN(doc, "totals", &totals);
    BSON_APPEND_NULL(&totals, "0");
    BSON_APPEND_DOCUMENT_BEGIN(&totals, "1", &money);
    BSON_APPEND_INT64(&money, "amount", 987654321);
    BSON_APPEND_UTF8(&money, "currency", "EUR");
    bson_append_document_end(&totals, &money);
    bson_append_array_end(doc, &totals);
    return doc;
}

static void
render(crm__report_format_t format, const bson_t *result, uint8_t **out, size_t *len)
{
    crm_error_t error = {0};
    const char *type = NULL;
    const char *ext = NULL;
    int rc = crm__report_render(format, result, out, len, &type, &ext, &error);

    if (rc != 0)
        fail_msg("render: %s", error.message);
    assert_non_null(type);
    assert_non_null(ext);
}

/* Writes DATA to a temporary file named with SUFFIX into PATH. */
static void
write_temp(const uint8_t *data, size_t len, const char *suffix, char *path, size_t size)
{
    int fd;

    snprintf(path, size, "/tmp/crm-render-test-XXXXXX%s", suffix);
    fd = mkstemps(path, (int)strlen(suffix));
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
}

/* The output of COMMAND (new, free()). */
static char *
run(const char *command)
{
    FILE *p = popen(command, "r");
    char *buf = NULL;
    size_t len = 0, cap = 0, n;

    assert_non_null(p);
    do {
        if (len + 4096 + 1 > cap) {
            cap = cap * 2 + 8192;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        n = fread(buf + len, 1, 4096, p);
        len += n;
    } while (n > 0);
    buf[len] = '\0';
    assert_int_equal(pclose(p), 0);
    return buf;
}

/* --- money --- */

static void
money_is_formatted_per_currency_decimals(void **state)
{
    static const struct {
        int64_t amount;
        const char *currency;
        const char *text;
    } cases[] = {
        {123450, "PLN", "1234.50"},
        {-5, "PLN", "-0.05"},
        {0, "EUR", "0.00"},
        {1200, "JPY", "1200"},
        {-1200, "JPY", "-1200"},
        {1, "KWD", "0.001"},
        {-123456, "BHD", "-123.456"},
        {99, "XYZ", "0.99"},
        {5, NULL, "0.05"},
        {INT64_MAX, "PLN", "92233720368547758.07"},
        {INT64_MIN, "PLN", "-92233720368547758.08"},
        {INT64_MIN, "JPY", "-9223372036854775808"},
        {INT64_MAX, "OMR", "9223372036854775.807"},
    };
    char buf[64];

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        crm__money_format(cases[i].amount, cases[i].currency, buf, sizeof buf);
        assert_string_equal(buf, cases[i].text);
    }
}

static void
format_names_parse(void **state)
{
    crm__report_format_t f = CRM__REPORT_JSON;

    (void)state;
    assert_true(crm__report_format_parse("csv", &f));
    assert_int_equal(f, CRM__REPORT_CSV);
    assert_true(crm__report_format_parse("xlsx", &f));
    assert_int_equal(f, CRM__REPORT_XLSX);
    assert_true(crm__report_format_parse("pdf", &f));
    assert_int_equal(f, CRM__REPORT_PDF);
    assert_true(crm__report_format_parse("json", &f));
    assert_int_equal(f, CRM__REPORT_JSON);
    assert_false(crm__report_format_parse("CSV", &f));
    assert_false(crm__report_format_parse("", &f));
    assert_false(crm__report_format_parse(NULL, &f));
}

static void
dates_are_labelled_per_bucket(void **state)
{
    char buf[32];

    (void)state;
    crm__render_date_label(2026, 3, 14, "day", buf, sizeof buf);
    assert_string_equal(buf, "2026-03-14");
    crm__render_date_label(2026, 3, 14, NULL, buf, sizeof buf);
    assert_string_equal(buf, "2026-03-14");
    crm__render_date_label(2026, 3, 9, "week", buf, sizeof buf);
    assert_string_equal(buf, "2026-W11");
    crm__render_date_label(2021, 1, 1, "week", buf, sizeof buf);
    assert_string_equal(buf, "2020-W53");
    crm__render_date_label(2024, 12, 30, "week", buf, sizeof buf);
    assert_string_equal(buf, "2025-W01");
    crm__render_date_label(2026, 3, 1, "month", buf, sizeof buf);
    assert_string_equal(buf, "2026-03");
    crm__render_date_label(2026, 10, 1, "quarter", buf, sizeof buf);
    assert_string_equal(buf, "2026-Q4");
    crm__render_date_label(2026, 1, 1, "year", buf, sizeof buf);
    assert_string_equal(buf, "2026");
}

/* --- CSV --- */

#define MAX_CELLS 16
#define MAX_LINES 16

typedef struct csv_doc {
    char *cells[MAX_LINES][MAX_CELLS];
    size_t n_cells[MAX_LINES];
    size_t n_lines;
} csv_doc_t;

/* A strict RFC 4180 reader: CRLF line ends, quoted fields with doubled quotes. */
static void
csv_parse(const char *p, size_t len, csv_doc_t *doc)
{
    const char *end = p + len;
    char field[1024];
    size_t f = 0;
    bool quoted = false;

    memset(doc, 0, sizeof *doc);
    while (p < end) {
        if (quoted) {
            if (*p == '"' && p + 1 < end && p[1] == '"') {
                field[f++] = '"';
                p += 2;
            } else if (*p == '"') {
                quoted = false;
                p++;
            } else {
                field[f++] = *p++;
            }
            continue;
        }
        if (*p == '"' && f == 0) {
            quoted = true;
            p++;
        } else if (*p == ',' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
            field[f] = '\0';
            assert_true(doc->n_cells[doc->n_lines] < MAX_CELLS);
            doc->cells[doc->n_lines][doc->n_cells[doc->n_lines]++] = strdup(field);
            f = 0;
            if (*p == '\r') {
                doc->n_lines++;
                assert_true(doc->n_lines < MAX_LINES);
                p += 2;
            } else {
                p++;
            }
        } else {
            assert_true(*p != '"' && *p != '\n' && *p != '\r'); /* bare quote or line end */
            field[f++] = *p++;
        }
    }
    assert_false(quoted);
    assert_int_equal(f, 0); /* the last line ends with CRLF */
}

static void
csv_free(csv_doc_t *doc)
{
    for (size_t l = 0; l < MAX_LINES; l++)
        for (size_t c = 0; c < doc->n_cells[l]; c++)
            free(doc->cells[l][c]);
}

static void
csv_parses_back_to_the_cells(void **state)
{
    bson_t *result = sample();
    uint8_t *out = NULL;
    size_t len = 0;
    csv_doc_t doc;
    static const char *const header[] = {
        "Segment", "Month", "Prospects", "Expected", "Expected currency", "Expected change"};

    (void)state;
    render(CRM__REPORT_CSV, result, &out, &len);
    csv_parse((const char *)out, len, &doc);
    assert_int_equal(doc.n_lines, 7); /* header, 5 rows, totals */
    for (size_t l = 0; l < doc.n_lines; l++)
        assert_int_equal(doc.n_cells[l], 6);
    for (size_t c = 0; c < 6; c++)
        assert_string_equal(doc.cells[0][c], header[c]);
    /* machine-friendly values */
    assert_string_equal(doc.cells[1][0], "affluent");
    assert_string_equal(doc.cells[1][1], "2026-01");
    assert_string_equal(doc.cells[1][2], "12");
    assert_string_equal(doc.cells[1][3], "12345.00");
    assert_string_equal(doc.cells[1][4], "PLN");
    assert_string_equal(doc.cells[1][5], "0.25");
    /* a formula is defused; a negative amount is not */
    assert_string_equal(doc.cells[2][0], "'=SUM(A1)");
    assert_string_equal(doc.cells[2][3], "-0.05");
    assert_string_equal(doc.cells[2][5], "-0.5");
    /* non-ASCII intact, null cells empty, currency decimals */
    assert_string_equal(doc.cells[3][0], POLISH);
    assert_string_equal(doc.cells[3][2], "");
    assert_string_equal(doc.cells[3][3], "1200");
    assert_string_equal(doc.cells[3][4], "JPY");
    assert_string_equal(doc.cells[3][5], "");
    assert_string_equal(doc.cells[4][0], UKRAINIAN);
    assert_string_equal(doc.cells[4][3], "");
    assert_string_equal(doc.cells[4][4], "");
    /* quoting */
    assert_string_equal(doc.cells[5][0], "a, \"quoted\"\nline");
    assert_string_equal(doc.cells[5][1], "");
    assert_string_equal(doc.cells[5][3], "0.001");
    /* totals */
    assert_string_equal(doc.cells[6][0], "Total");
    assert_string_equal(doc.cells[6][2], "23");
    assert_string_equal(doc.cells[6][3], "12344.95");
    assert_string_equal(doc.cells[6][5], "0.1");
    csv_free(&doc);
    free(out);
    bson_destroy(result);
}

/* --- XLSX --- */

static void
xlsx_holds_typed_cells_title_and_text(void **state)
{
    bson_t *result = sample();
    uint8_t *out = NULL;
    size_t len = 0;
    char path[256], cmd[512];
    char *sheet = NULL, *strings = NULL, *styles = NULL;

    (void)state;
    render(CRM__REPORT_XLSX, result, &out, &len);
    assert_true(len > 4 && memcmp(out, "PK", 2) == 0);
    write_temp(out, len, ".xlsx", path, sizeof path);
    snprintf(cmd, sizeof cmd, "unzip -p %s xl/worksheets/sheet1.xml", path);
    sheet = run(cmd);
    snprintf(cmd, sizeof cmd, "unzip -p %s xl/sharedStrings.xml", path);
    strings = run(cmd);
    snprintf(cmd, sizeof cmd, "unzip -p %s xl/styles.xml", path);
    styles = run(cmd);
    /* title, parameters, labels, text (non-ASCII intact; formulas stay text) */
    assert_non_null(strstr(strings, "Prospects by segment"));
    assert_non_null(strstr(strings, "segment,month"));
    assert_non_null(strstr(strings, "Expected change"));
    assert_non_null(strstr(strings, POLISH));
    assert_non_null(strstr(strings, UKRAINIAN));
    assert_non_null(strstr(strings, "=SUM(A1)"));
    assert_non_null(strstr(strings, "Total"));
    assert_null(strstr(sheet, "<f>"));
    /* numbers as numbers: money in currency units, ratios as fractions, counts */
    assert_non_null(strstr(sheet, "<v>12345</v>"));
    assert_non_null(strstr(sheet, "<v>-0.05</v>"));
    assert_non_null(strstr(sheet, "<v>1200</v>"));
    assert_non_null(strstr(sheet, "<v>0.25</v>"));
    assert_non_null(strstr(sheet, "<v>12344.95</v>"));
    /* 2026-01-01 as an Excel serial date */
    assert_non_null(strstr(sheet, "<v>46023</v>"));
    /* frozen header, column widths, formats */
    assert_non_null(strstr(sheet, "state=\"frozen\""));
    assert_non_null(strstr(sheet, "<cols>"));
    assert_non_null(strstr(styles, "0.0%"));
    assert_non_null(strstr(styles, "#,##0.00"));
    assert_non_null(strstr(styles, "#,##0.000"));
    assert_non_null(strstr(styles, "yyyy-mm"));
    assert_non_null(strstr(styles, "<b/>"));
    unlink(path);
    free(sheet);
    free(strings);
    free(styles);
    free(out);
    bson_destroy(result);
}

/* --- PDF --- */

static void
pdf_shows_title_params_values_totals_and_pages(void **state)
{
    bson_t *result = many_rows(120);
    uint8_t *out = NULL;
    size_t len = 0;
    char path[256], cmd[512];
    char *text = NULL;
    char *page2 = NULL;

    (void)state;
    render(CRM__REPORT_PDF, result, &out, &len);
    assert_true(len > 5 && memcmp(out, "%PDF-", 5) == 0);
    write_temp(out, len, ".pdf", path, sizeof path);
    snprintf(cmd, sizeof cmd, "pdftotext -layout %s -", path);
    text = run(cmd);
    assert_non_null(strstr(text, "Deposits by advisor"));
    assert_non_null(strstr(text, "dims: advisor"));
    assert_non_null(strstr(text, "from: 2026-01-01"));
    assert_non_null(strstr(text, "Advisor 000"));
    assert_non_null(strstr(text, "Advisor 119"));
    assert_non_null(strstr(text, "1,000.00 EUR"));
    assert_non_null(strstr(text, "1,001.19 EUR"));
    assert_non_null(strstr(text, "Total"));
    assert_non_null(strstr(text, "9,876,543.21 EUR"));
    assert_non_null(strstr(text, "page 1 of 4"));
    page2 = strstr(text, "page 2 of 4");
    assert_non_null(page2);
    assert_non_null(strstr(text, "page 4 of 4"));
    assert_null(strstr(text, "page 5 of"));
    /* the header is repeated after page 1's footer */
    assert_non_null(strstr(page2, "Advisor"));
    assert_non_null(strstr(strstr(text, "page 1 of 4"), "Deposits"));
    unlink(path);
    free(text);
    free(out);
    bson_destroy(result);
}

static void
pdf_writes_polish_and_ukrainian_text(void **state)
{
    bson_t *result = sample();
    uint8_t *out = NULL;
    size_t len = 0;
    char path[256], cmd[512];
    char *text = NULL;

    (void)state;
    render(CRM__REPORT_PDF, result, &out, &len);
    write_temp(out, len, ".pdf", path, sizeof path);
    snprintf(cmd, sizeof cmd, "pdftotext -layout %s -", path);
    text = run(cmd);
    assert_non_null(strstr(text, "Prospects by segment"));
    /* With DejaVu Sans embedded (fonts-dejavu-core) the text is written as it is. */
    assert_non_null(strstr(text, "Zażółć gęślą jaźń"));
    assert_non_null(strstr(text, UKRAINIAN));
    assert_non_null(strstr(text, POLISH));
    assert_non_null(strstr(text, "12,345.00 PLN"));
    assert_non_null(strstr(text, "25.0%"));
    assert_non_null(strstr(text, "1,200 JPY"));
    assert_non_null(strstr(text, "0.001 KWD"));
    assert_non_null(strstr(text, "2026-03"));
    assert_non_null(strstr(text, "page 1 of 1"));
    free(text);
    /* set in Liberation Sans, which draws letters such as "ї" whole (see render_pdf.c) */
    snprintf(cmd, sizeof cmd, "pdffonts %s", path);
    text = run(cmd);
    assert_non_null(strstr(text, "LiberationSans"));
    assert_non_null(strstr(text, "LiberationSans-Bold"));
    unlink(path);
    free(text);
    free(out);
    bson_destroy(result);
}

static void
malformed_results_are_refused(void **state)
{
    static const char *const bad[] = {
        "{\"rows\": []}",
        "{\"columns\": [], \"rows\": []}",
        "{\"columns\": [{\"name\": \"a\", \"type\": \"blob\"}], \"rows\": []}",
        "{\"columns\": [{\"type\": \"int\"}], \"rows\": []}",
        "{\"columns\": [{\"name\": \"a\", \"type\": \"int\"}], \"rows\": [1]}",
        "{\"columns\": [{\"name\": \"a\", \"type\": \"int\"}]}",
    };
    uint8_t *out = NULL;
    size_t len = 0;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bson_t *doc = bson_new_from_json((const uint8_t *)bad[i], -1, NULL);
        crm_error_t error = {0};

        assert_non_null(doc);
        assert_int_equal(crm__report_render(CRM__REPORT_CSV, doc, &out, &len, NULL, NULL, &error),
                         CRM_EINVAL);
        assert_null(out);
        bson_destroy(doc);
    }
}

static void
json_is_not_rendered_as_a_file(void **state)
{
    bson_t *result = sample();
    uint8_t *out = NULL;
    size_t len = 0;
    crm_error_t error = {0};

    (void)state;
    assert_int_equal(crm__report_render(CRM__REPORT_JSON, result, &out, &len, NULL, NULL, &error),
                     CRM_EUNSUPPORTED);
    assert_null(out);
    bson_destroy(result);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(money_is_formatted_per_currency_decimals),
        cmocka_unit_test(format_names_parse),
        cmocka_unit_test(dates_are_labelled_per_bucket),
        cmocka_unit_test(csv_parses_back_to_the_cells),
        cmocka_unit_test(xlsx_holds_typed_cells_title_and_text),
        cmocka_unit_test(pdf_shows_title_params_values_totals_and_pages),
        cmocka_unit_test(pdf_writes_polish_and_ukrainian_text),
        cmocka_unit_test(malformed_results_are_refused),
        cmocka_unit_test(json_is_not_rendered_as_a_file),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
