/* Related sections (crm/related.h): a registry of what plugins show next to another plugin's
 * records, and their collection as the caller. Registration happens during plugins' init,
 * before requests are served, so reads need no lock. */
#include "entity/entity-private.h"
#include "http/server-private.h"
#include "plugin/plugin-private.h"

#include <crm/http.h>
#include <crm/log.h>
#include <crm/related.h>

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SECTIONS 256
#define DEFAULT_LIMIT 20
#define MAX_LIMIT 100

static const crm_related_def_t *sections[MAX_SECTIONS];
static size_t n_sections;

static void
unregister(void *ctx)
{
    for (size_t i = 0; i < n_sections; i++) {
        if (sections[i] == ctx) {
            memmove(&sections[i], &sections[i + 1], (n_sections - i - 1) * sizeof sections[0]);
            n_sections--;
            return;
        }
    }
}

/* True when NAME is [a-z][a-z0-9_]*, at most 63 characters. */
static bool
valid_name(const char *name)
{
    size_t n = 0;

    if (!name || name[0] < 'a' || name[0] > 'z')
        return false;
    for (; name[n]; n++)
        if (!((name[n] >= 'a' && name[n] <= 'z') || (name[n] >= '0' && name[n] <= '9') ||
              name[n] == '_'))
            return false;
    return n <= 63;
}

/* Checks a listed section: its entity, its reference field and its fixed filter. */
static int
check_listed(const crm_related_def_t *def, crm_error_t *error)
{
    const crm__entity_t *e = crm__entity_lookup(def->entity);
    const crm_field_t *f = e && def->field ? crm__entity_field(e, def->field) : NULL;
    bson_t filter;
    crm_error_t why = {0};

    if (!e)
        return crm_error_set(error, CRM_EINVAL,
                             "related section '%s': entity '%s' is not registered (require its "
                             "plugin)",
                             def->name, def->entity);
    if (!f || !f->ref || strcmp(f->ref, def->target) != 0 ||
        !(f->type == CRM_FIELD_REF ||
          (f->type == CRM_FIELD_ARRAY && f->item_type == CRM_FIELD_REF)))
        return crm_error_set(
            error, CRM_EINVAL, "related section '%s': field '%s' of %s is not a reference to %s",
            def->name, def->field ? def->field : "(null)", def->entity, def->target);
    if (def->filter) {
        if (crm__json_parse_query(def->filter, strlen(def->filter), &filter, &why) != 0)
            return crm_error_set(error, CRM_EINVAL, "related section '%s': %s", def->name,
                                 why.message);
        bson_destroy(&filter);
    }
    if (def->limit < 0 || def->limit > MAX_LIMIT)
        return crm_error_set(error, CRM_EINVAL, "related section '%s': limit must be 0 to %d",
                             def->name, MAX_LIMIT);
    return 0;
}

int
crm_related_register(crm_plugin_t *plugin, const crm_related_def_t *def, crm_error_t *error)
{
    char what[160];
    int rc;

    if (!def || def->size < offsetof(crm_related_def_t, order) + sizeof def->order)
        return crm_error_set(error, CRM_EINVAL, "related section definition missing (size)");
    if (!valid_name(def->name) || !def->target || !crm__entity_lookup(def->target))
        return crm_error_set(error, CRM_EINVAL,
                             "related section '%s': needs a name [a-z][a-z0-9_]* and a "
                             "registered target entity ('%s')",
                             def->name ? def->name : "(null)",
                             def->target ? def->target : "(null)");
    if ((def->build != NULL) == (def->field != NULL) || (!def->build && !def->entity))
        return crm_error_set(error, CRM_EINVAL,
                             "related section '%s': give either entity and field (listed) or "
                             "build (computed)",
                             def->name);
    if (!def->build && (rc = check_listed(def, error)) != 0)
        return rc;
    if (def->build && def->entity && !crm__entity_lookup(def->entity))
        return crm_error_set(error, CRM_EINVAL,
                             "related section '%s': entity '%s' is not registered (require its "
                             "plugin)",
                             def->name, def->entity);
    for (size_t i = 0; i < n_sections; i++)
        if (!strcmp(sections[i]->target, def->target) && !strcmp(sections[i]->name, def->name))
            return crm_error_set(error, CRM_ECONFLICT,
                                 "related section '%s' of %s is already registered", def->name,
                                 def->target);
    if (n_sections == MAX_SECTIONS)
        return crm_error_set(error, CRM_EINVAL, "too many related sections (%d)", MAX_SECTIONS);
    snprintf(what, sizeof what, "%s.%s", def->target, def->name);
    rc = crm__plugin_record(plugin, "related", what, unregister, (void *)def, error);
    if (rc != 0)
        return rc;
    sections[n_sections++] = def;
    return 0;
}

static int
cmp_sections(const void *a, const void *b)
{
    const crm_related_def_t *x = *(const crm_related_def_t *const *)a;
    const crm_related_def_t *y = *(const crm_related_def_t *const *)b;

    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return strcmp(x->name, y->name);
}

typedef struct items {
    bson_t *arr;
    uint32_t n, limit;
} items_t;

static int
add_item(const bson_t *record, void *data, crm_error_t *error)
{
    items_t *it = data;
    char key[16];
    const char *k;

    (void)error;
    if (it->n == it->limit)
        return 0; /* the one past the limit only tells that there is more */
    bson_uint32_to_string(it->n++, &k, key, sizeof key);
    bson_append_document(it->arr, k, -1, record);
    return 0;
}

/* Appends listed section DEF of record ID to OUT; CRM_EPERM when CALLER may not read it. */
static int
collect_listed(const crm_identity_t *caller, const crm_related_def_t *def, const char *id,
               bson_t *out, crm_error_t *error)
{
    char permission[96];
    bson_t filter = BSON_INITIALIZER, fixed, arr;
    items_t items;
    int64_t total = 0;
    uint32_t limit = def->limit ? (uint32_t)def->limit : DEFAULT_LIMIT;
    int rc;

    snprintf(permission, sizeof permission, "%s.read", def->entity);
    if (!crm_identity_can(caller, permission))
        return CRM_EPERM;
    if (def->filter) {
        if (crm__json_parse_query(def->filter, strlen(def->filter), &fixed, error) != 0)
            return CRM_EINTERNAL;
        bson_concat(&filter, &fixed);
        bson_destroy(&fixed);
    }
    BSON_APPEND_UTF8(&filter, def->field, id);
    bson_append_array_begin(out, "items", 5, &arr);
    items = (items_t){&arr, 0, limit};
    rc = crm_entity_list(caller, def->entity, &filter, def->sort, limit + 1, add_item, &items,
                         error);
    bson_append_array_end(out, &arr);
    if (rc == 0)
        rc = crm_entity_count(caller, def->entity, &filter, &total, error);
    if (rc == 0) {
        BSON_APPEND_INT64(out, "total", total);
        BSON_APPEND_BOOL(out, "more", total > (int64_t)items.n);
    }
    bson_destroy(&filter);
    return rc;
}

/* The section's label in other languages, {"pl": {"label": ...}, ...}, when DEF has them. */
static void
append_translations(const crm_related_def_t *def, bson_t *section)
{
    bson_t all, one;

    if (def->size < offsetof(crm_related_def_t, translations) + sizeof def->translations ||
        !def->translations)
        return;
    bson_append_document_begin(section, "translations", 12, &all);
    for (const crm_translations_t *tr = def->translations; tr->lang && tr->texts; tr++) {
        bson_append_document_begin(&all, tr->lang, -1, &one);
        for (const crm_translation_t *t = tr->texts; t->key; t++)
            if (!strcmp(t->key, "label") && t->text)
                BSON_APPEND_UTF8(&one, "label", t->text);
        bson_append_document_end(&all, &one);
    }
    bson_append_document_end(section, &all);
}

int
crm_related_collect(const crm_identity_t *caller, const char *target, const char *id, bson_t *out,
                    crm_error_t *error)
{
    const crm_related_def_t *mine[MAX_SECTIONS];
    size_t n = 0;
    int rc = 0;

    bson_init(out);
    if (!target || !id)
        return crm_error_set(error, CRM_EINVAL, "related sections need a target and an id");
    caller = caller ? caller : crm_identity_system();
    for (size_t i = 0; i < n_sections; i++)
        if (!strcmp(sections[i]->target, target))
            mine[n++] = sections[i];
    qsort(mine, n, sizeof mine[0], cmp_sections);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const crm_related_def_t *def = mine[i];
        bson_t section, arr;
        crm_error_t local = {0};
        int r;

        bson_init(&section);
        BSON_APPEND_UTF8(&section, "label", def->label ? def->label : def->name);
        append_translations(def, &section);
        if (def->entity)
            BSON_APPEND_UTF8(&section, "entity", def->entity);
        if (!def->build) {
            BSON_APPEND_UTF8(&section, "field", def->field);
            r = collect_listed(caller, def, id, &section, &local);
        } else {
            bson_append_array_begin(&section, "items", 5, &arr);
            r = def->build(caller, id, &arr, def->data, &local);
            bson_append_array_end(&section, &arr);
        }
        if (r == 0)
            bson_append_document(out, def->name, -1, &section);
        else if (r != CRM_EPERM) {
            rc = r;
            if (error)
                *error = local;
            crm_log(CRM_LOG_WARN, "related.failed", "section=%s.%s error=%s", target, def->name,
                    local.message);
        }
        bson_destroy(&section);
    }
    if (rc != 0)
        bson_reinit(out);
    return rc;
}

bool
crm__related_has_target(const char *entity)
{
    for (size_t i = 0; i < n_sections; i++)
        if (!strcmp(sections[i]->target, entity))
            return true;
    return false;
}
