/* CSV columns and cells of an entity. */
#include "entity/csv-private.h"

#include <crm/http.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const export_system_tail[] = {"owner_id",   "org_unit",   "created_at",
                                                 "created_by", "updated_at", "updated_by",
                                                 "version",    NULL};

crm__csv_column_t *
crm__csv_columns(const crm__entity_t *e, bool with_system, size_t *n)
{
    size_t cap = 16 + e->n_fields * 2, k = 0;
    crm__csv_column_t *cols;

    for (size_t i = 0; i < e->n_fields; i++)
        if (e->def->fields[i].type == CRM_FIELD_OBJECT && e->def->fields[i].fields)
            for (const crm_field_t *g = e->def->fields[i].fields; g->name; g++)
                cap++;
    cols = calloc(cap, sizeof *cols);
    if (!cols)
        return NULL;
    if (with_system) {
        snprintf(cols[k].header, sizeof cols[k].header, "id");
        cols[k++].system = "id";
    }
    for (size_t i = 0; i < e->n_fields; i++) {
        const crm_field_t *f = &e->def->fields[i];
        if (f->type == CRM_FIELD_MONEY) {
            static const char *const parts[] = {"amount", "currency"};
            for (int p = 0; p < 2; p++) {
                snprintf(cols[k].header, sizeof cols[k].header, "%s.%s", f->name, parts[p]);
                cols[k].field = f;
                cols[k++].part = parts[p];
            }
        } else if (f->type == CRM_FIELD_OBJECT && f->fields) {
            for (const crm_field_t *g = f->fields; g->name; g++) {
                snprintf(cols[k].header, sizeof cols[k].header, "%s.%s", f->name, g->name);
                cols[k].field = f;
                cols[k++].sub = g;
            }
        } else {
            snprintf(cols[k].header, sizeof cols[k].header, "%s", f->name);
            cols[k++].field = f;
        }
    }
    if (with_system) {
        for (int i = 0; export_system_tail[i]; i++) {
            snprintf(cols[k].header, sizeof cols[k].header, "%s", export_system_tail[i]);
            cols[k++].system = export_system_tail[i];
        }
    }
    *n = k;
    return cols;
}

static void
append_quoted(bson_string_t *out, const char *s, size_t len, bool guard_formula)
{
    bool quote = false;

    for (size_t i = 0; i < len; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            quote = true;
    if (len && (s[0] == ' ' || s[len - 1] == ' '))
        quote = true;
    if (quote)
        bson_string_append_c(out, '"');
    if (guard_formula && len && strchr("=+-@\t\r", s[0]))
        bson_string_append_c(out, '\'');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            bson_string_append_c(out, '"');
        bson_string_append_c(out, s[i]);
    }
    if (quote)
        bson_string_append_c(out, '"');
}

bool
crm__csv_cell_find(const crm__csv_column_t *col, const bson_t *api_doc, bson_iter_t *it)
{
    char path[200];
    const char *name = col->system ? col->system : col->field->name;

    if (col->part || col->sub)
        snprintf(path, sizeof path, "%s.%s", name, col->part ? col->part : col->sub->name);
    else
        snprintf(path, sizeof path, "%s", name);
    return bson_iter_init(it, api_doc) && bson_iter_find_descendant(it, path, it) &&
           !BSON_ITER_HOLDS_NULL(it);
}

void
crm__csv_append_cell(bson_string_t *out, const crm__csv_column_t *col, const bson_t *api_doc)
{
    bson_iter_t it;

    if (!crm__csv_cell_find(col, api_doc, &it))
        return;
    if (BSON_ITER_HOLDS_UTF8(&it)) {
        uint32_t len;
        const char *s = bson_iter_utf8(&it, &len);
        append_quoted(out, s, len, true);
    } else if (BSON_ITER_HOLDS_BOOL(&it)) {
        bson_string_append(out, bson_iter_bool(&it) ? "true" : "false");
    } else if (BSON_ITER_HOLDS_INT32(&it) || BSON_ITER_HOLDS_INT64(&it)) {
        bson_string_append_printf(out, "%lld", (long long)bson_iter_as_int64(&it));
    } else {
        /* Datetimes, decimals, arrays, free objects: their JSON text. */
        bson_string_t *tmp = bson_string_new(NULL);
        crm_json_append_value(tmp, bson_iter_value(&it));
        if (tmp->len >= 2 && tmp->str[0] == '"' && tmp->str[tmp->len - 1] == '"' &&
            !BSON_ITER_HOLDS_ARRAY(&it))
            append_quoted(out, tmp->str + 1, tmp->len - 2, false);
        else
            append_quoted(out, tmp->str, tmp->len, false);
        bson_string_free(tmp, true);
    }
}
