/* GET /api/v1/meta: the core's version, the loaded plugins, the entities the caller may read with
 * their schema and what the caller may do with them, the reports the caller may run, and who
 * the caller is. The web UI builds its navigation, lists, forms and report pages from this
 * alone, so a new plugin's entities appear without UI code (docs/ui.md describes the shape). */
#include "entity/meta-private.h"

#include "auth/identity-private.h"
#include "entity/service-private.h"
#include "host/host-private.h"
#include "http/server-private.h"
#include "report/report-private.h"

#include <crm/related.h>

#include <stdio.h>
#include <stddef.h>
#include <string.h>

static const char *const field_type_names[] = {"?",       "string", "text",     "int",  "money",
                                               "decimal", "date",   "datetime", "bool", "enum",
                                               "ref",     "array",  "object"};

/* What a caller may do with an entity, beyond reading it: the name in "can" and the action. */
static const char *const entity_actions[] = {"create", "update", "delete", "export", "import"};

static void
append_strings(bson_t *out, const char *key, const char *const *values)
{
    bson_t arr;
    char idx[16];
    const char *ikey;
    uint32_t i = 0;

    bson_append_array_begin(out, key, -1, &arr);
    for (const char *const *v = values; *v; v++, i++) {
        bson_uint32_to_string(i, &ikey, idx, sizeof idx);
        bson_append_utf8(&arr, ikey, -1, *v, -1);
    }
    bson_append_array_end(out, &arr);
}

static void
append_fields(bson_t *out, const char *key, const crm_field_t *fields)
{
    bson_t arr, f;
    char idx[16];
    const char *ikey;
    uint32_t i = 0;

    bson_append_array_begin(out, key, -1, &arr);
    for (const crm_field_t *fd = fields; fd->name; fd++, i++) {
        bson_uint32_to_string(i, &ikey, idx, sizeof idx);
        bson_append_document_begin(&arr, ikey, -1, &f);
        BSON_APPEND_UTF8(&f, "name", fd->name);
        BSON_APPEND_UTF8(&f, "type", field_type_names[fd->type]);
        BSON_APPEND_UTF8(&f, "label", fd->label ? fd->label : fd->name);
        BSON_APPEND_BOOL(&f, "required", (fd->flags & CRM_F_REQUIRED) != 0);
        BSON_APPEND_BOOL(&f, "searchable", (fd->flags & CRM_F_SEARCHABLE) != 0);
        BSON_APPEND_BOOL(&f, "unique", (fd->flags & CRM_F_UNIQUE) != 0);
        BSON_APPEND_BOOL(&f, "readonly", (fd->flags & CRM_F_READONLY) != 0);
        /* Sorting and range filters stay fast on large lists only over indexed fields. */
        BSON_APPEND_BOOL(&f, "indexed", (fd->flags & (CRM_F_INDEXED | CRM_F_UNIQUE)) != 0);
        BSON_APPEND_BOOL(&f, "computed", (fd->flags & CRM_F_COMPUTED) != 0);
        BSON_APPEND_BOOL(&f, "sensitive", (fd->flags & CRM_F_SENSITIVE) != 0);
        if (fd->flags & CRM_F_USER)
            BSON_APPEND_BOOL(&f, "user", true);
        if (fd->type == CRM_FIELD_STRING || fd->type == CRM_FIELD_TEXT)
            BSON_APPEND_INT32(&f, "max_length",
                              fd->max_length > 0 ? fd->max_length
                                                 : (fd->type == CRM_FIELD_STRING ? 255 : 65535));
        if (fd->type == CRM_FIELD_INT && fd->min < fd->max) {
            BSON_APPEND_INT64(&f, "min", fd->min);
            BSON_APPEND_INT64(&f, "max", fd->max);
        }
        if (fd->enum_values)
            append_strings(&f, "values", fd->enum_values);
        if (fd->ref)
            BSON_APPEND_UTF8(&f, "ref", fd->ref);
        if (fd->type == CRM_FIELD_ARRAY)
            BSON_APPEND_UTF8(&f, "item_type", field_type_names[fd->item_type]);
        if (fd->type == CRM_FIELD_OBJECT && fd->fields)
            append_fields(&f, "fields", fd->fields);
        bson_append_document_end(&arr, &f);
    }
    bson_append_array_end(out, &arr);
}

/* Appends to OUT the texts of T whose key starts with PREFIX ("fields."), keyed by the rest;
 * with BY_VALUE, only those of the field FIELD ("values.<field>.<value>"), keyed by value. */
static void
append_texts(bson_t *out, const crm_translation_t *t, const char *prefix, const char *field)
{
    size_t pl = strlen(prefix);

    for (; t && t->key; t++) {
        const char *rest = t->key + pl;

        if (strncmp(t->key, prefix, pl) != 0 || !t->text)
            continue;
        if (field) {
            const char *dot = strrchr(rest, '.');

            if (!dot || (size_t)(dot - rest) != strlen(field) || strncmp(rest, field, strlen(field)))
                continue;
            rest = dot + 1;
        }
        bson_append_utf8(out, rest, -1, t->text, -1);
    }
}

/* Appends "translations": {"<lang>": {...}} of TR to OUT (nothing when TR is NULL): the plain
 * texts (label, title, ...) as they are, and the keys of each of GROUPS ("fields", "values",
 * "dims", "measures") as a document of their own; "values" nests by field. */
static void
append_translations(bson_t *out, const crm_translations_t *tr, const char *const *groups)
{
    bson_t all, lang, group, one;

    if (!tr)
        return;
    bson_append_document_begin(out, "translations", -1, &all);
    for (; tr->lang && tr->texts; tr++) {
        bson_append_document_begin(&all, tr->lang, -1, &lang);
        /* the plain texts: label, label_plural, title, description */
        for (const crm_translation_t *t = tr->texts; t->key; t++)
            if (!strchr(t->key, '.') && t->text)
                bson_append_utf8(&lang, t->key, -1, t->text, -1);
        for (const char *const *g = groups; g && *g; g++) {
            char prefix[32];

            snprintf(prefix, sizeof prefix, "%s.", *g);
            bson_append_document_begin(&lang, *g, -1, &group);
            if (strcmp(*g, "values") != 0) {
                append_texts(&group, tr->texts, prefix, NULL);
            } else {
                /* values.<field>.<value>: one document per field, fields in first-seen order */
                const char *seen[128];
                size_t seen_len[128], n_seen = 0;

                for (const crm_translation_t *t = tr->texts; t->key; t++) {
                    const char *rest, *dot;
                    char field[128];
                    bool done = false;

                    if (strncmp(t->key, "values.", 7) != 0)
                        continue;
                    rest = t->key + 7;
                    dot = strrchr(rest, '.');
                    if (!dot || (size_t)(dot - rest) >= sizeof field || n_seen == 128)
                        continue;
                    for (size_t k = 0; k < n_seen && !done; k++)
                        done = seen_len[k] == (size_t)(dot - rest) &&
                               !strncmp(seen[k], rest, seen_len[k]);
                    if (done)
                        continue;
                    seen[n_seen] = rest;
                    seen_len[n_seen++] = (size_t)(dot - rest);
                    snprintf(field, sizeof field, "%.*s", (int)(dot - rest), rest);
                    bson_append_document_begin(&group, field, -1, &one);
                    append_texts(&one, tr->texts, "values.", field);
                    bson_append_document_end(&group, &one);
                }
            }
            bson_append_document_end(&lang, &group);
        }
        bson_append_document_end(&all, &lang);
    }
    bson_append_document_end(out, &all);
}

/* Appends "can": {"create": bool, ...} for what ID may do with the entity NAME. */
static void
append_can(bson_t *out, const crm_identity_t *id, const char *name)
{
    bson_t can;
    char perm[96];

    bson_append_document_begin(out, "can", 3, &can);
    for (size_t i = 0; i < sizeof entity_actions / sizeof entity_actions[0]; i++) {
        snprintf(perm, sizeof perm, "%s.%s", name, entity_actions[i]);
        BSON_APPEND_BOOL(&can, entity_actions[i], crm_identity_can(id, perm));
    }
    bson_append_document_end(out, &can);
}

static void
append_entities(bson_t *out, const crm_identity_t *id)
{
    size_t n = 0;
    const crm__entity_t *const *all = crm__entity_all(&n);
    bson_t arr, doc;
    char idx[16], perm[96];
    const char *key;

    bson_append_array_begin(out, "entities", -1, &arr);
    for (size_t i = 0, j = 0; i < n; i++) {
        const crm_entity_def_t *def = all[i]->def;

        snprintf(perm, sizeof perm, "%s.read", def->name);
        if (!crm_identity_can(id, perm))
            continue;
        bson_uint32_to_string((uint32_t)j++, &key, idx, sizeof idx);
        bson_append_document_begin(&arr, key, -1, &doc);
        BSON_APPEND_UTF8(&doc, "name", def->name);
        BSON_APPEND_UTF8(&doc, "label", def->label ? def->label : def->name);
        BSON_APPEND_UTF8(&doc, "label_plural", def->label_plural ? def->label_plural : def->name);
        BSON_APPEND_UTF8(&doc, "plugin", all[i]->owner ? crm_plugin_name(all[i]->owner) : "core");
        if (def->title_field)
            BSON_APPEND_UTF8(&doc, "title_field", def->title_field);
        if (def->external_key)
            BSON_APPEND_UTF8(&doc, "external_key", def->external_key);
        BSON_APPEND_UTF8(&doc, "default_sort", all[i]->default_sort ? all[i]->default_sort : "-id");
        BSON_APPEND_BOOL(&doc, "searchable", all[i]->has_text);
        append_can(&doc, id, def->name);
        append_fields(&doc, "fields", def->fields);
        {
            static const char *const groups[] = {"fields", "values", NULL};

            append_translations(&doc, all[i]->translations, groups);
        }
        if (crm__related_has_target(def->name)) {
            char path[128];

            snprintf(path, sizeof path, "/api/v1/%s/{id}/related", def->name);
            BSON_APPEND_UTF8(&doc, "record_sections", path);
        }
        bson_append_document_end(&arr, &doc);
    }
    bson_append_array_end(out, &arr);
}

typedef struct report_listing {
    const crm_identity_t *caller;
    bson_t *items;
    uint32_t n;
} report_listing_t;

/* One report the caller may run: enough for navigation; GET /api/v1/reports has the rest. */
static void
append_report(const crm_report_def_t *def, void *data)
{
    report_listing_t *l = data;
    const crm__entity_t *e = def->entity ? crm__entity_lookup(def->entity) : NULL;
    bson_t item;
    char idx[16];
    const char *key;

    if (!crm_identity_can(l->caller, def->permission))
        return;
    bson_uint32_to_string(l->n++, &key, idx, sizeof idx);
    bson_append_document_begin(l->items, key, -1, &item);
    BSON_APPEND_UTF8(&item, "id", def->id);
    BSON_APPEND_UTF8(&item, "title", def->title ? def->title : def->id);
    if (def->description)
        BSON_APPEND_UTF8(&item, "description", def->description);
    if (def->entity)
        BSON_APPEND_UTF8(&item, "entity", def->entity);
    BSON_APPEND_UTF8(&item, "plugin", e && e->owner ? crm_plugin_name(e->owner) : "core");
    if (def->size >= offsetof(crm_report_def_t, translations) + sizeof def->translations) {
        static const char *const groups[] = {"dims", "measures", NULL};

        append_translations(&item, def->translations, groups);
    }
    bson_append_document_end(l->items, &item);
}

/* Appends "me": who the caller is and what their roles grant, for the UI to shape itself. */
static void
append_caller(bson_t *out, const crm_identity_t *id)
{
    bson_t me, grants, g;
    char idx[16];
    const char *key;

    bson_append_document_begin(out, "me", 2, &me);
    BSON_APPEND_UTF8(&me, "user_id", crm_identity_user_id(id));
    BSON_APPEND_UTF8(&me, "name", crm_identity_name(id));
    if (crm_identity_org_unit(id))
        BSON_APPEND_UTF8(&me, "org_unit", crm_identity_org_unit(id));
    else
        BSON_APPEND_NULL(&me, "org_unit");
    bson_append_array_begin(&me, "grants", -1, &grants);
    if (crm_identity_is_system(id)) {
        bson_append_document_begin(&grants, "0", 1, &g);
        BSON_APPEND_UTF8(&g, "permission", "*");
        BSON_APPEND_UTF8(&g, "scope", crm_scope_name(CRM_SCOPE_ALL));
        bson_append_document_end(&grants, &g);
    }
    for (size_t i = 0; !crm_identity_is_system(id) && i < id->n_grants; i++) {
        bson_uint32_to_string((uint32_t)i, &key, idx, sizeof idx);
        bson_append_document_begin(&grants, key, -1, &g);
        BSON_APPEND_UTF8(&g, "permission", id->grants[i].pattern);
        BSON_APPEND_UTF8(&g, "scope", crm_scope_name(id->grants[i].scope));
        bson_append_document_end(&grants, &g);
    }
    bson_append_array_end(&me, &grants);
    bson_append_document_end(out, &me);
}

int
crm__entity_handle_meta(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t out = BSON_INITIALIZER, arr, doc;
    size_t np = 0;
    crm__host_t *host = crm__host_get();
    crm_plugin_t *const *plugins = host ? crm__plugins_list(host, &np) : NULL;
    const crm_identity_t *caller = crm_request_identity(req);
    report_listing_t reports = {caller, &arr, 0};
    char idx[16];
    const char *key;
    int rc;

    (void)data;
    (void)error;
    BSON_APPEND_UTF8(&out, "version", CRM_VERSION);
    bson_append_array_begin(&out, "plugins", -1, &arr);
    for (size_t i = 0; i < np; i++) {
        const crm_plugin_desc_t *desc = plugins[i]->desc;
        bson_uint32_to_string((uint32_t)i, &key, idx, sizeof idx);
        bson_append_document_begin(&arr, key, -1, &doc);
        BSON_APPEND_UTF8(&doc, "name", desc->name);
        BSON_APPEND_UTF8(&doc, "version", desc->version ? desc->version : "");
        BSON_APPEND_UTF8(&doc, "summary", desc->summary ? desc->summary : "");
        bson_append_document_end(&arr, &doc);
    }
    bson_append_array_end(&out, &arr);
    append_entities(&out, caller);
    bson_append_array_begin(&out, "reports", -1, &arr);
    crm__report_foreach(append_report, &reports);
    bson_append_array_end(&out, &arr);
    append_caller(&out, caller);
    rc = crm_respond_json(req, 200, &out);
    bson_destroy(&out);
    return rc;
}

int
crm__entity_handle_related(crm_request_t *req, void *data, crm_error_t *error)
{
    const crm_identity_t *caller = crm_request_identity(req);
    const char *entity = crm_request_param(req, "entity"), *id = crm_request_param(req, "id");
    bson_t record, sections, out = BSON_INITIALIZER;
    int rc;

    (void)data;
    rc = crm_entity_get(caller, entity, id, &record, error); /* 404 outside the caller's scope */
    if (rc != 0) {
        bson_destroy(&out);
        return rc;
    }
    bson_destroy(&record);
    rc = crm_related_collect(caller, entity, id, &sections, error);
    if (rc == 0) {
        BSON_APPEND_DOCUMENT(&out, "sections", &sections);
        bson_destroy(&sections);
        rc = crm_respond_json(req, 200, &out);
    }
    bson_destroy(&out);
    return rc;
}
