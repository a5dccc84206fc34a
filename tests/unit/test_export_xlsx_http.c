/* The XLSX export of lists end to end: a real crmd with authentication and the example plugin
 * (entity prospect), users in a small org tree, over HTTP. The workbook has the CSV export's
 * columns with typed cells, holds only what the caller may export, takes the list's filter and
 * sort, refuses a bad filter with 400 and an export past server.xlsx_max_rows with 413; a
 * saved group exports the same way. Workbooks are read back with `unzip -p`. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "admin.h"
#include "crmd_process.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PASSWORD "Xlsx-Export-Passphrase-2026!"
#define MAX_ROWS 4

/* Krakow: a branch director (exports the branch) and an advisor (exports nothing); Lviv: an
 * advisor. The board exports everything. */
typedef struct world {
    test_crmd_t crmd;
    test_session_t root, dir, anna, carl, board;
    char bank[25], krakow[25], lviv[25];
} world_t;

static int
setup(void **state)
{
    world_t *w = calloc(1, sizeof *w);
    char extra[256];

    snprintf(extra, sizeof extra,
             "server = { listen = \"127.0.0.1:0\"; max_body = 65536; threads = 8; "
             "xlsx_max_rows = %d; };",
             MAX_ROWS);
    if (!w || test_start_with_admin(&w->crmd, "\"example\"", extra, PASSWORD, &w->root) != 0)
        return -1;
    *state = w;
    test_org_unit(&w->root, "Bank", "bank", NULL, w->bank);
    test_org_unit(&w->root, "Krakow", "branch", w->bank, w->krakow);
    test_org_unit(&w->root, "Lviv", "branch", w->bank, w->lviv);
    test_user_session(&w->root, "dir", "branch_director", w->krakow, PASSWORD, &w->dir);
    test_user_session(&w->root, "anna", "advisor", w->krakow, PASSWORD, &w->anna);
    test_user_session(&w->root, "carl", "advisor", w->lviv, PASSWORD, &w->carl);
    test_user_session(&w->root, "board", "board", w->bank, PASSWORD, &w->board);
    test_create(&w->anna, "/api/v1/prospect",
                "{\"name\":\"Ewa Nowak\",\"segment\":\"private\",\"expected_amount\":"
                "{\"amount\":123450,\"currency\":\"PLN\"},\"birth_date\":\"1990-04-12\","
                "\"contacted_at\":\"2026-05-01T10:30:00Z\",\"score\":77,\"vip\":true,"
                "\"interest_rate\":\"5.125\",\"tags\":[\"mortgage\"],"
                "\"notes\":\"=HYPERLINK(\\\"x\\\")\",\"address\":{\"city\":\"Kraków\"}}",
                NULL);
    test_create(&w->anna, "/api/v1/prospect",
                "{\"name\":\"Jan Kowalski\",\"segment\":\"mass\","
                "\"expected_amount\":{\"amount\":5000,\"currency\":\"JPY\"}}",
                NULL);
    test_create(&w->dir, "/api/v1/prospect",
                "{\"name\":\"Dorota Zielinska\",\"segment\":\"private\"}", NULL);
    test_create(&w->carl, "/api/v1/prospect",
                "{\"name\":\"Ivan Petrenko\",\"segment\":\"private\"}", NULL);
    test_create(&w->carl, "/api/v1/prospect",
                "{\"name\":\"Olena Bondarenko\",\"segment\":\"mass\"}", NULL);
    return 0;
}

/* The output of COMMAND (new, free()). */
static char *
run(const char *command)
{
    FILE *p = popen(command, "r");
    char *out = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[4096];

    assert_non_null(p);
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) {
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
        memcpy(out + len, chunk, n);
        len += n;
    }
    pclose(p);
    if (!out)
        out = calloc(1, 1);
    else
        out[len] = '\0';
    return out;
}

/* GETs PATH as S, which must answer 200 with a workbook; returns the XML of its sheet (new). */
static char *
sheet_of(const test_session_t *s, const char *path)
{
    test_http_response_t r;
    char file[] = "/tmp/crm-xlsx-test-XXXXXX.xlsx", cmd[128];
    char *sheet;
    int fd;

    assert_int_equal(test_session_request(s, "GET", path, NULL, &r), 200);
    assert_non_null(strstr(test_http_header(&r, "Content-Type"), "spreadsheetml.sheet"));
    assert_non_null(strstr(test_http_header(&r, "Content-Disposition"), ".xlsx\""));
    assert_true(r.body_len > 100 && memcmp(r.body, "PK", 2) == 0);
    fd = mkstemps(file, 5);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, r.body, r.body_len), (ssize_t)r.body_len);
    close(fd);
    test_http_response_free(&r);
    snprintf(cmd, sizeof cmd, "unzip -p %s xl/worksheets/sheet1.xml", file);
    sheet = run(cmd);
    unlink(file);
    assert_non_null(strstr(sheet, "<sheetData>"));
    return sheet;
}

/* How many times NEEDLE occurs in HAYSTACK. */
static int
count(const char *haystack, const char *needle)
{
    int n = 0;

    for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* The XML of the cell holding the text TEXT's row: from "<row" before it to "</row>". */
static char *
row_with(const char *sheet, const char *text, char *buf, size_t size)
{
    const char *at = strstr(sheet, text), *start, *end;

    assert_non_null(at);
    for (start = at; start > sheet && strncmp(start, "<row ", 5) != 0; start--)
        ;
    end = strstr(at, "</row>");
    assert_non_null(end);
    snprintf(buf, size, "%.*s", (int)(end - start), start);
    return buf;
}

static void
the_workbook_has_the_csv_columns_with_typed_cells(void **state)
{
    world_t *w = *state;
    test_http_response_t csv;
    char *sheet = sheet_of(&w->dir, "/api/v1/prospect/export.xlsx?sort=name");
    char row[8192], header[64], *line, *save = NULL;
    const char *at = sheet;

    /* the header row: the CSV export's header, column by column, in order */
    assert_int_equal(
        test_session_request(&w->dir, "GET", "/api/v1/prospect/export.csv?sort=name", NULL, &csv),
        200);
    line = strtok_r(csv.body, "\r\n", &save);
    for (char *col = strtok_r(line, ",", &save); col; col = strtok_r(NULL, ",", &save)) {
        snprintf(header, sizeof header, "<t>%s</t>", col);
        at = strstr(at, header);
        if (!at)
            fail_msg("column %s missing or out of order", col);
    }
    test_http_response_free(&csv);
    assert_non_null(strstr(sheet, "state=\"frozen\""));
    assert_non_null(strstr(sheet, "<autoFilter"));

    row_with(sheet, "Ewa Nowak", row, sizeof row);
    /* money: 1234.50 as a number, the currency in the next cell */
    assert_non_null(strstr(row, "<v>1234.5</v>"));
    assert_non_null(strstr(row, "<t>PLN</t>"));
    /* a date and a date-time as Excel dates, an int and a decimal as numbers, a bool */
    assert_non_null(strstr(row, "<v>32975</v>"));
    assert_non_null(strstr(row, "<v>46143.4375</v>"));
    assert_non_null(strstr(row, "<v>77</v>"));
    assert_non_null(strstr(row, "<v>5.125</v>"));
    assert_non_null(strstr(row, "t=\"b\"><v>1</v>"));
    /* text stays text, a formula never becomes one; non-ASCII intact; arrays as JSON */
    assert_non_null(strstr(row, "=HYPERLINK"));
    assert_null(strstr(sheet, "<f>"));
    assert_non_null(strstr(row, "Kraków"));
    assert_true(strstr(row, "[&quot;mortgage&quot;]") || strstr(row, "[\"mortgage\"]"));
    /* yen have no decimal places */
    row_with(sheet, "Jan Kowalski", row, sizeof row);
    assert_non_null(strstr(row, "<v>5000</v>"));
    free(sheet);
}

static void
rows_outside_the_callers_scope_are_absent(void **state)
{
    world_t *w = *state;
    char *sheet = sheet_of(&w->dir, "/api/v1/prospect/export.xlsx");
    test_http_response_t r;

    /* the Krakow director: the branch's three, none of Lviv's */
    assert_non_null(strstr(sheet, "Ewa Nowak"));
    assert_non_null(strstr(sheet, "Jan Kowalski"));
    assert_non_null(strstr(sheet, "Dorota Zielinska"));
    assert_null(strstr(sheet, "Ivan Petrenko"));
    assert_null(strstr(sheet, "Olena Bondarenko"));
    assert_int_equal(count(sheet, "<row "), 1 + 3);
    free(sheet);
    /* an advisor exports nothing at all */
    assert_int_equal(
        test_session_request(&w->anna, "GET", "/api/v1/prospect/export.xlsx", NULL, &r), 403);
    test_http_response_free(&r);
}

static void
the_filter_and_search_apply_and_a_bad_filter_is_400(void **state)
{
    world_t *w = *state;
    char *sheet;
    bson_t j;
    bson_iter_t it;

    /* the board, filtered to private prospects: Krakow's two and Lviv's one */
    sheet =
        sheet_of(&w->board,
                 "/api/v1/prospect/export.xlsx?filter=%7B%22segment%22:%22private%22%7D&sort=name");
    assert_int_equal(count(sheet, "<row "), 1 + 3);
    assert_non_null(strstr(sheet, "Ivan Petrenko"));
    assert_null(strstr(sheet, "Jan Kowalski"));
    assert_true(strstr(sheet, "Dorota Zielinska") < strstr(sheet, "Ewa Nowak"));
    assert_true(strstr(sheet, "Ewa Nowak") < strstr(sheet, "Ivan Petrenko"));
    free(sheet);
    sheet = sheet_of(&w->board, "/api/v1/prospect/export.xlsx?q=nowak");
    assert_int_equal(count(sheet, "<row "), 1 + 1);
    free(sheet);

    assert_int_equal(
        test_session_json(&w->board, "GET",
                          "/api/v1/prospect/export.xlsx?filter=%7B%22colour%22:%22red%22%7D", NULL,
                          &j),
        400);
    assert_true(bson_iter_init(&it, &j) && bson_iter_find_descendant(&it, "error.message", &it));
    assert_non_null(strstr(bson_iter_utf8(&it, NULL), "colour"));
    bson_destroy(&j);
    assert_int_equal(
        test_session_json(&w->board, "GET", "/api/v1/prospect/export.xlsx?filter=%7B", NULL, &j),
        400);
    bson_destroy(&j);
}

static void
an_export_past_the_row_limit_is_refused_with_413(void **state)
{
    world_t *w = *state;
    bson_t j;
    bson_iter_t it;
    char *sheet;

    /* five prospects, at most four rows */
    assert_int_equal(test_session_json(&w->board, "GET", "/api/v1/prospect/export.xlsx", NULL, &j),
                     413);
    assert_true(bson_iter_init(&it, &j) && bson_iter_find_descendant(&it, "error.message", &it));
    assert_non_null(strstr(bson_iter_utf8(&it, NULL), "more than 4 rows"));
    assert_non_null(strstr(bson_iter_utf8(&it, NULL), "CSV"));
    bson_destroy(&j);
    /* exactly four is fine */
    sheet = sheet_of(&w->board, "/api/v1/prospect/export.xlsx?filter=%7B%22name%22:%7B%22$ne%22:"
                                "%22Ewa%20Nowak%22%7D%7D");
    assert_int_equal(count(sheet, "<row "), 1 + 4);
    free(sheet);
}

static void
a_group_exports_as_xlsx_within_the_callers_scope(void **state)
{
    world_t *w = *state;
    char id[25], path[128], *sheet;

    test_create(&w->board, "/api/v1/groups",
                "{\"name\":\"Private\",\"entity\":\"prospect\",\"kind\":\"dynamic\","
                "\"filter\":\"{\\\"segment\\\":\\\"private\\\"}\",\"shared_with\":\"role\","
                "\"role\":\"branch_director\"}",
                id);
    snprintf(path, sizeof path, "/api/v1/groups/%s/export.xlsx", id);
    sheet = sheet_of(&w->board, path);
    assert_int_equal(count(sheet, "<row "), 1 + 3);
    free(sheet);
    /* shared with the director: the selection, within the director's own scope */
    sheet = sheet_of(&w->dir, path);
    assert_int_equal(count(sheet, "<row "), 1 + 2);
    assert_null(strstr(sheet, "Ivan Petrenko"));
    free(sheet);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_workbook_has_the_csv_columns_with_typed_cells),
        cmocka_unit_test(rows_outside_the_callers_scope_are_absent),
        cmocka_unit_test(the_filter_and_search_apply_and_a_bad_filter_is_400),
        cmocka_unit_test(an_export_past_the_row_limit_is_refused_with_413),
        cmocka_unit_test(a_group_exports_as_xlsx_within_the_callers_scope),
    };
    return cmocka_run_group_tests(tests, setup, test_crmd_teardown);
}
