/* A report result as a PDF (libharu): A4 landscape, Liberation Sans embedded with UTF-8
 * (built-in Helvetica with WinAnsi when the font is missing; text it cannot show becomes '?'),
 * the title and the parameters on the first page, then the table
 * with its header repeated on every page, numbers right-aligned, the totals row in bold at the
 * end and "page N of M" at the foot of each page. The number of pages is worked out before
 * drawing, so every footer knows M. libharu's errors become CRM_EINTERNAL. */
#include "report/render-table-private.h"

#include <hpdf.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAGE_W 842.0f /* A4 landscape, points */
#define PAGE_H 595.0f
#define MARGIN 36.0f
#define TITLE_SIZE 16.0f
#define PARAM_SIZE 9.0f
#define PARAM_LINE 12.0f
#define CELL_SIZE 9.0f
#define ROW_H 14.0f
#define PAD 4.0f
#define FOOTER_H 24.0f
#define TEXT_MAX 512

typedef struct pdf_writer {
    const crm__render_table_t *table;
    HPDF_Doc doc;
    HPDF_Font font;
    HPDF_Font bold;
    bool utf8; /* the fonts are embedded TrueType with UTF-8 encoding */
    HPDF_Page page;
    HPDF_STATUS failure; /* the first libharu error */
    HPDF_STATUS failure_detail;
    float *widths; /* per column */
    int page_no, pages;
    float y; /* the top of the next line */
    size_t n_params;
    size_t first_rows, other_rows; /* table lines that fit the first and the other pages */
} pdf_writer_t;

static void HPDF_STDCALL
on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    pdf_writer_t *w = user_data;

    if (w->failure == 0) {
        w->failure = error_no;
        w->failure_detail = detail_no;
    }
}

/* Code points of Windows-1252's 0x80-0x9F range. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

/* UTF-8 TEXT as WinAnsi into BUF; what the encoding lacks (and malformed bytes) become '?'. */
static void
to_winansi(const char *text, char *buf, size_t size)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t o = 0;

    while (*p && o + 1 < size) {
        uint32_t cp = 0;
        int extra = 0;
        char out = '?';

        if (*p < 0x80)
            cp = *p, extra = 0;
        else if ((*p & 0xE0) == 0xC0)
            cp = *p & 0x1F, extra = 1;
        else if ((*p & 0xF0) == 0xE0)
            cp = *p & 0x0F, extra = 2;
        else if ((*p & 0xF8) == 0xF0)
            cp = *p & 0x07, extra = 3;
        else
            extra = -1;
        p++;
        for (int i = 0; i < extra; i++, p++) {
            if ((*p & 0xC0) != 0x80) {
                extra = -1;
                break;
            }
            cp = (cp << 6) | (*p & 0x3F);
        }
        if (extra >= 0) {
            if ((cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0xFF))
                out = (char)cp;
            for (int i = 0; i < 32 && cp >= 0x100; i++)
                if (cp1252_high[i] == cp)
                    out = (char)(0x80 + i);
        }
        buf[o++] = out;
    }
    buf[o] = '\0';
}

/* TEXT as the writer's fonts take it into BUF: UTF-8 as is with embedded fonts (malformed
 * bytes become '?'), else WinAnsi. */
static void
pdf_text(const pdf_writer_t *w, const char *text, char *buf, size_t size)
{
    size_t n = strlen(text);

    if (!w->utf8) {
        to_winansi(text, buf, size);
        return;
    }
    if (n >= size)
        n = size - 1;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--; /* never cut a character in two */
    memcpy(buf, text, n);
    buf[n] = '\0';
    if (!bson_utf8_validate(buf, n, false))
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)buf[i] >= 0x80)
                buf[i] = '?';
}

static float
text_width(HPDF_Font font, float size, const char *text)
{
    HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)text, (HPDF_UINT)strlen(text));

    return (float)tw.width * size / 1000.0f;
}

/* Shortens TEXT (WinAnsi) until it fits WIDTH. */
static void
fit(HPDF_Font font, float size, char *text, float width)
{
    size_t n = strlen(text);

    while (n > 0 && text_width(font, size, text) > width) {
        /* drop the last character: its UTF-8 continuation bytes too */
        while (n > 1 && ((unsigned char)text[n - 1] & 0xC0) == 0x80)
            n--;
        text[--n] = '\0';
    }
}

static void
draw_text(pdf_writer_t *w, HPDF_Font font, float size, float x, float y, const char *utf8)
{
    char text[TEXT_MAX];

    pdf_text(w, utf8, text, sizeof text);
    HPDF_Page_SetFontAndSize(w->page, font, size);
    HPDF_Page_BeginText(w->page);
    HPDF_Page_TextOut(w->page, x, y, text);
    HPDF_Page_EndText(w->page);
}

/* Liberation Sans (Debian's fonts-liberation2), embedded with UTF-8 encoding, writes Polish,
 * Ukrainian and Russian names as they are; without it, Helvetica with WinAnsi. (DejaVu Sans
 * builds letters such as Ukrainian "ї" from nested composite glyphs, which libharu 2.3 leaves
 * blank; Liberation Sans draws them whole.) */
#define FONT_DIR "/usr/share/fonts/truetype/liberation2/"
#define FONT_REGULAR FONT_DIR "LiberationSans-Regular.ttf"
#define FONT_BOLD FONT_DIR "LiberationSans-Bold.ttf"

static void
load_fonts(pdf_writer_t *w)
{
    const char *regular = NULL, *bold = NULL;

    if (access(FONT_REGULAR, R_OK) == 0 && access(FONT_BOLD, R_OK) == 0 &&
        HPDF_UseUTFEncodings(w->doc) == HPDF_OK) {
        regular = HPDF_LoadTTFontFromFile(w->doc, FONT_REGULAR, HPDF_TRUE);
        bold = HPDF_LoadTTFontFromFile(w->doc, FONT_BOLD, HPDF_TRUE);
    }
    if (regular && bold) {
        w->font = HPDF_GetFont(w->doc, regular, "UTF-8");
        w->bold = HPDF_GetFont(w->doc, bold, "UTF-8");
        w->utf8 = w->font && w->bold;
    }
    if (!w->utf8) {
        w->failure = 0; /* a font that would not load leaves the fallback */
        w->font = HPDF_GetFont(w->doc, "Helvetica", "WinAnsiEncoding");
        w->bold = HPDF_GetFont(w->doc, "Helvetica-Bold", "WinAnsiEncoding");
    }
}

static bool
is_numeric(const crm__render_column_t *col)
{
    return col->type == CRM__RENDER_INT || col->type == CRM__RENDER_DOUBLE ||
           col->type == CRM__RENDER_MONEY;
}

/* Draws one table line of texts TEXTS (UTF-8) at w->y. */
static void
draw_line(pdf_writer_t *w, char texts[][TEXT_MAX], HPDF_Font font, bool align_numbers)
{
    float x = MARGIN;
    float baseline = w->y - ROW_H + 4.0f;

    HPDF_Page_SetFontAndSize(w->page, font, CELL_SIZE);
    for (size_t c = 0; c < w->table->n_columns; c++) {
        char text[TEXT_MAX];
        float inner = w->widths[c] - 2 * PAD;
        float tx = x + PAD;

        pdf_text(w, texts[c], text, sizeof text);
        fit(font, CELL_SIZE, text, inner);
        if (align_numbers && is_numeric(&w->table->columns[c]))
            tx = x + w->widths[c] - PAD - text_width(font, CELL_SIZE, text);
        HPDF_Page_BeginText(w->page);
        HPDF_Page_TextOut(w->page, tx, baseline, text);
        HPDF_Page_EndText(w->page);
        x += w->widths[c];
    }
    w->y -= ROW_H;
}

static void
rule(pdf_writer_t *w, float y, float width)
{
    float total = 0;

    for (size_t c = 0; c < w->table->n_columns; c++)
        total += w->widths[c];
    HPDF_Page_SetLineWidth(w->page, width);
    HPDF_Page_MoveTo(w->page, MARGIN, y);
    HPDF_Page_LineTo(w->page, MARGIN + total, y);
    HPDF_Page_Stroke(w->page);
}

static void
row_texts(const crm__render_table_t *t, const crm__render_row_t *row, bool totals,
          char texts[][TEXT_MAX])
{
    crm__render_cell_t cell;

    for (size_t c = 0; c < t->n_columns; c++) {
        crm__render_table_cell(t, row, c, &cell);
        if (totals && c == 0 && cell.is_null)
            snprintf(texts[c], TEXT_MAX, "Total");
        else
            crm__render_cell_text(&t->columns[c], &cell, CRM__RENDER_DISPLAY, texts[c], TEXT_MAX);
    }
}

static void
draw_header(pdf_writer_t *w, char texts[][TEXT_MAX])
{
    for (size_t c = 0; c < w->table->n_columns; c++)
        snprintf(texts[c], TEXT_MAX, "%s", w->table->columns[c].label);
    draw_line(w, texts, w->bold, true);
    rule(w, w->y + 2.0f, 0.8f);
}

static void
count_param(const char *name, const char *value, void *data)
{
    (void)name;
    (void)value;
    ((pdf_writer_t *)data)->n_params++;
}

static void
draw_param(const char *name, const char *value, void *data)
{
    pdf_writer_t *w = data;
    char line[TEXT_MAX];

    snprintf(line, sizeof line, "%s: %s", name, value);
    draw_text(w, w->font, PARAM_SIZE, MARGIN, w->y - PARAM_SIZE, line);
    w->y -= PARAM_LINE;
}

static void
new_page(pdf_writer_t *w, char texts[][TEXT_MAX])
{
    char footer[64];

    w->page = HPDF_AddPage(w->doc);
    HPDF_Page_SetSize(w->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_LANDSCAPE);
    w->page_no++;
    snprintf(footer, sizeof footer, "page %d of %d", w->page_no, w->pages);
    draw_text(w, w->font, 8.0f, PAGE_W - MARGIN - text_width(w->font, 8.0f, footer), MARGIN - 8.0f,
              footer);
    w->y = PAGE_H - MARGIN;
    if (w->page_no == 1) {
        draw_text(w, w->bold, TITLE_SIZE, MARGIN, w->y - TITLE_SIZE, w->table->title);
        w->y -= TITLE_SIZE + 8.0f;
        crm__render_table_params(w->table, draw_param, w);
        w->y -= 8.0f;
    }
    draw_header(w, texts);
}

/* Column widths: each column's widest text, shrunk proportionally to fit the page. */
static void
measure(pdf_writer_t *w, char texts[][TEXT_MAX])
{
    const crm__render_table_t *t = w->table;
    float total = 0;
    char text[TEXT_MAX];

    for (size_t c = 0; c < t->n_columns; c++) {
        pdf_text(w, t->columns[c].label, text, sizeof text);
        w->widths[c] = text_width(w->bold, CELL_SIZE, text) + 2 * PAD;
    }
    for (size_t r = 0; r <= t->n_rows; r++) {
        if (r == t->n_rows && !t->has_totals)
            break;
        row_texts(t, r < t->n_rows ? &t->rows[r] : &t->totals, r == t->n_rows, texts);
        for (size_t c = 0; c < t->n_columns; c++) {
            float width;

            pdf_text(w, texts[c], text, sizeof text);
            width = text_width(r == t->n_rows ? w->bold : w->font, CELL_SIZE, text) + 2 * PAD;
            if (width > w->widths[c])
                w->widths[c] = width;
        }
    }
    for (size_t c = 0; c < t->n_columns; c++)
        total += w->widths[c];
    if (total > PAGE_W - 2 * MARGIN)
        for (size_t c = 0; c < t->n_columns; c++)
            w->widths[c] *= (PAGE_W - 2 * MARGIN) / total;
}

/* Lays out LINES table lines: how many fit each page, and so how many pages there are. */
static void
paginate(pdf_writer_t *w, size_t lines)
{
    float first_top = PAGE_H - MARGIN - TITLE_SIZE - 8.0f - (float)w->n_params * PARAM_LINE - 8.0f;
    float bottom = MARGIN + FOOTER_H;
    long first = (long)((first_top - bottom) / ROW_H) - 1;
    long other = (long)((PAGE_H - MARGIN - bottom) / ROW_H) - 1;

    w->first_rows = first < 0 ? 0 : (size_t)first;
    w->other_rows = (size_t)other;
    w->pages = 1;
    if (lines > w->first_rows)
        w->pages += (int)((lines - w->first_rows + w->other_rows - 1) / w->other_rows);
}

static int
save(pdf_writer_t *w, uint8_t **out, size_t *len, crm_error_t *error)
{
    HPDF_UINT32 size = 0;
    HPDF_UINT32 got = 0;

    if (HPDF_SaveToStream(w->doc) != HPDF_OK || w->failure)
        return CRM_EINTERNAL;
    size = HPDF_GetStreamSize(w->doc);
    HPDF_ResetStream(w->doc);
    *out = malloc(size ? size : 1);
    if (!*out)
        return crm_error_set(error, CRM_ENOMEM, "out of memory");
    got = size;
    if (HPDF_ReadFromStream(w->doc, *out, &got) != HPDF_OK && got != size) {
        free(*out);
        *out = NULL;
        return CRM_EINTERNAL;
    }
    *len = got;
    return 0;
}

int
crm__render_pdf(const crm__render_table_t *table, uint8_t **out, size_t *len, crm_error_t *error)
{
    pdf_writer_t w = {.table = table};
    char(*texts)[TEXT_MAX] = NULL;
    size_t lines = table->n_rows + (table->has_totals ? 1 : 0);
    int rc = CRM_EINTERNAL;

    texts = calloc(table->n_columns, sizeof *texts);
    w.widths = calloc(table->n_columns, sizeof *w.widths);
    if (!texts || !w.widths) {
        rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
        goto done;
    }
    w.doc = HPDF_New(on_error, &w);
    if (!w.doc) {
        crm_error_set(error, CRM_EINTERNAL, "pdf: cannot create the document");
        goto done;
    }
    HPDF_SetCompressionMode(w.doc, HPDF_COMP_ALL);
    load_fonts(&w);
    if (w.failure)
        goto done;
    crm__render_table_params(table, count_param, &w);
    paginate(&w, lines);
    measure(&w, texts);
    new_page(&w, texts);
    for (size_t r = 0, on_page = 0; r < lines && !w.failure; r++, on_page++) {
        bool totals = r == table->n_rows;

        if (on_page == (w.page_no == 1 ? w.first_rows : w.other_rows)) {
            new_page(&w, texts);
            on_page = 0;
        }
        row_texts(table, totals ? &table->totals : &table->rows[r], totals, texts);
        if (totals)
            rule(&w, w.y, 0.5f);
        draw_line(&w, texts, totals ? w.bold : w.font, true);
    }
    if (w.failure)
        goto done;
    rc = save(&w, out, len, error);
done:
    if (rc == CRM_EINTERNAL)
        crm_error_set(error, CRM_EINTERNAL, "pdf: libharu error 0x%04X (detail %u)",
                      (unsigned)w.failure, (unsigned)w.failure_detail);
    if (w.doc)
        HPDF_Free(w.doc);
    free(w.widths);
    free(texts);
    return rc;
}
