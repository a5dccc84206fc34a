/* Names for a report's dimension values that are ids: a column with "ref" (the engine sets it
 * for owner_id, created_by, updated_by, CRM_F_USER fields, org_unit and reference fields; a
 * computed report may set it) gets "names": {id: name} for the ids in its rows. Users show
 * their display name, org units their name, records of an entity their title field, read as
 * the caller: a record the caller may not read keeps its id. */
#include "report/report-private.h"

#include "auth/users-private.h"
#include "authz/authz-impl-private.h"
#include "entity/entity-private.h"
#include "host/host-private.h"

#include <string.h>

/* Beyond this many distinct ids in a column, the rest keep their ids. */
#define MAX_NAMES 5000

const char *
crm__report_ref_of(const crm__entity_t *entity, const char *field)
{
    const crm_field_t *f = entity ? crm__entity_field(entity, field) : NULL;

    if (!strcmp(field, "owner_id") || !strcmp(field, "created_by") ||
        !strcmp(field, "updated_by") || (f && (f->flags & CRM_F_USER)))
        return "users";
    if (!strcmp(field, "org_unit"))
        return "org_units";
    return f && f->type == CRM_FIELD_REF ? f->ref : NULL;
}

/* The name of ID of REF into NAME (false when there is none the caller may see). */
static bool
name_of(const crm_identity_t *caller, const char *ref, const char *id, char *name, size_t cap)
{
    crm__host_t *host = crm__host_get();
    const crm__entity_t *e = NULL;
    const char *title = NULL, *v;
    bson_oid_t oid;
    bson_t doc;
    int rc;

    bson_init(&doc); /* the org service appends to it; the others initialise it again */
    if (!strcmp(ref, "users")) {
        rc = CRM_ENOTFOUND;
        if (host && host->store && strlen(id) == 24 && bson_oid_is_valid(id, 24)) {
            bson_oid_init_from_string(&oid, id);
            rc = crm__user_find_by_id(host->store, &oid, &doc, NULL);
        }
        title = "display_name";
    } else if (!strcmp(ref, "org_units")) {
        rc = crm__org_unit_get(id, &doc, NULL);
        title = "name";
    } else {
        e = crm__entity_lookup(ref);
        title = e ? e->def->title_field : NULL;
        rc = title ? crm_entity_get(caller, ref, id, &doc, NULL) : CRM_ENOTFOUND;
    }
    v = rc == 0 ? crm__doc_str(&doc, title) : NULL;
    if (rc == 0 && !v && e == NULL)
        v = crm__doc_str(&doc, "username");
    if (v)
        bson_strncpy(name, v, cap);
    bson_destroy(&doc);
    return v != NULL;
}

/* The names of the ids in column COL of ROWS under REF into OUT. */
static void
column_names(const crm_identity_t *caller, const char *ref, uint32_t col, const bson_t *rows,
             bson_t *out)
{
    bson_iter_t it, cell;
    char key[16], name[256];
    const char *k;
    size_t n = 0;

    bson_uint32_to_string(col, &k, key, sizeof key);
    if (!bson_iter_init(&it, rows))
        return;
    while (bson_iter_next(&it) && n < MAX_NAMES) {
        const char *id;

        if (!BSON_ITER_HOLDS_ARRAY(&it) || !bson_iter_recurse(&it, &cell) ||
            !bson_iter_find(&cell, k) || !BSON_ITER_HOLDS_UTF8(&cell))
            continue;
        id = bson_iter_utf8(&cell, NULL);
        if (bson_has_field(out, id) || strchr(id, '.') ||
            !name_of(caller, ref, id, name, sizeof name))
            continue;
        BSON_APPEND_UTF8(out, id, name);
        n++;
    }
}

void
crm__report_add_names(const crm_identity_t *caller, bson_t *result)
{
    bson_t out = BSON_INITIALIZER, rows = BSON_INITIALIZER, cols, col;
    bson_iter_t it, c, f;
    bool any = false;
    uint32_t i = 0;

    if (!bson_iter_init_find(&it, result, "columns") || !BSON_ITER_HOLDS_ARRAY(&it))
        return;
    bson_iter_recurse(&it, &c);
    while (bson_iter_next(&c))
        any |= BSON_ITER_HOLDS_DOCUMENT(&c) && bson_iter_recurse(&c, &f) &&
               bson_iter_find(&f, "ref") && BSON_ITER_HOLDS_UTF8(&f);
    if (!any)
        return;
    if (bson_iter_init_find(&it, result, "rows") && BSON_ITER_HOLDS_ARRAY(&it)) {
        const uint8_t *data;
        uint32_t len;

        bson_iter_array(&it, &len, &data);
        bson_destroy(&rows);
        bson_init_static(&rows, data, len);
    }
    bson_iter_init(&it, result);
    while (bson_iter_next(&it)) {
        if (strcmp(bson_iter_key(&it), "columns") != 0) {
            bson_append_iter(&out, bson_iter_key(&it), -1, &it);
            continue;
        }
        bson_append_array_begin(&out, "columns", 7, &cols);
        bson_iter_recurse(&it, &c);
        for (i = 0; bson_iter_next(&c); i++) {
            const char *ref = NULL;
            bson_t names;

            if (!BSON_ITER_HOLDS_DOCUMENT(&c)) {
                bson_append_iter(&cols, bson_iter_key(&c), -1, &c);
                continue;
            }
            bson_append_document_begin(&cols, bson_iter_key(&c), -1, &col);
            bson_iter_recurse(&c, &f);
            while (bson_iter_next(&f)) {
                if (!strcmp(bson_iter_key(&f), "names"))
                    continue;
                if (!strcmp(bson_iter_key(&f), "ref") && BSON_ITER_HOLDS_UTF8(&f))
                    ref = bson_iter_utf8(&f, NULL);
                bson_append_iter(&col, bson_iter_key(&f), -1, &f);
            }
            if (ref) {
                bson_append_document_begin(&col, "names", 5, &names);
                column_names(caller, ref, i, &rows, &names);
                bson_append_document_end(&col, &names);
            }
            bson_append_document_end(&cols, &col);
        }
        bson_append_array_end(&out, &cols);
    }
    bson_destroy(result);
    bson_steal(result, &out);
}
