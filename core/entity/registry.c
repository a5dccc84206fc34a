/* The entity registry: definitions checked at registration, their indexes created, and
 * removed again when the owning plugin is unloaded. Registration happens during plugins'
 * init (one thread); afterwards the registry is read-only and read without locks. */
#include "entity/entity-private.h"
#include "plugin/plugin-private.h"

#include <crm/log.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ENTITIES 256

static crm__entity_t *entities[MAX_ENTITIES];
static size_t n_entities;

/* URL segments under /api/v1/ the core uses for something else, and the core's own
 * collections (an entity's collection bears its name). */
static const char *const reserved_names[] = {
    "meta", "auth", "reports", "jobs", "openapi", "users", "roles", "org_units", "audit",
    "sessions", "tokens", "admin", "plugins", "dashboards", "saved_reports", "events", "groups",
    "saved_groups", "api_tokens", "auth_failures", "auth_keys", "job_runs", "job_leases", NULL};

static const char *const system_fields[] = {"id",         "owner_id",   "org_unit",
                                            "created_at", "created_by", "updated_at",
                                            "updated_by", "version",    NULL};

bool
crm__entity_is_system_field(const char *name)
{
    for (int i = 0; system_fields[i]; i++)
        if (strcmp(name, system_fields[i]) == 0)
            return true;
    return false;
}

static bool
valid_name(const char *s, size_t max)
{
    size_t n = 0;

    if (!s || !(*s >= 'a' && *s <= 'z'))
        return false;
    for (; s[n]; n++)
        if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
            return false;
    return n <= max;
}

const crm__entity_t *
crm__entity_lookup(const char *name)
{
    for (size_t i = 0; i < n_entities; i++)
        if (strcmp(entities[i]->def->name, name) == 0)
            return entities[i];
    return NULL;
}

const crm__entity_t *const *
crm__entity_all(size_t *n)
{
    *n = n_entities;
    return (const crm__entity_t *const *)entities;
}

const crm_entity_def_t *
crm_entity_find(const char *name)
{
    const crm__entity_t *e = name ? crm__entity_lookup(name) : NULL;

    return e ? e->def : NULL;
}

const crm_field_t *
crm__entity_field(const crm__entity_t *entity, const char *name)
{
    for (size_t i = 0; i < entity->n_fields; i++)
        if (strcmp(entity->def->fields[i].name, name) == 0)
            return &entity->def->fields[i];
    return NULL;
}

/* Checks one field table (recursively for objects). */
static int
check_fields(const char *entity, const crm_field_t *fields, int depth, crm_error_t *error)
{
    for (const crm_field_t *f = fields; f->name; f++) {
        if (!valid_name(f->name, 63))
            return crm_error_set(error, CRM_EINVAL, "entity '%s': invalid field name '%s'",
                                 entity, f->name);
        if (depth == 0 && crm__entity_is_system_field(f->name))
            return crm_error_set(error, CRM_EINVAL,
                                 "entity '%s': field '%s' is a system field the core keeps",
                                 entity, f->name);
        for (const crm_field_t *g = fields; g != f; g++)
            if (strcmp(g->name, f->name) == 0)
                return crm_error_set(error, CRM_EINVAL, "entity '%s': field '%s' declared twice",
                                     entity, f->name);
        switch (f->type) {
        case CRM_FIELD_ENUM:
            if (!f->enum_values || !f->enum_values[0])
                return crm_error_set(error, CRM_EINVAL, "entity '%s': enum field '%s' has no values",
                                     entity, f->name);
            break;
        case CRM_FIELD_REF:
            if (!f->ref || !valid_name(f->ref, 63))
                return crm_error_set(error, CRM_EINVAL,
                                     "entity '%s': ref field '%s' names no entity", entity, f->name);
            break;
        case CRM_FIELD_ARRAY:
            if (f->item_type == CRM_FIELD_ARRAY || f->item_type == CRM_FIELD_OBJECT ||
                f->item_type < CRM_FIELD_STRING || f->item_type > CRM_FIELD_OBJECT)
                return crm_error_set(error, CRM_EINVAL,
                                     "entity '%s': array field '%s' needs a scalar item_type",
                                     entity, f->name);
            if (f->item_type == CRM_FIELD_ENUM && (!f->enum_values || !f->enum_values[0]))
                return crm_error_set(error, CRM_EINVAL,
                                     "entity '%s': array field '%s' of enum has no values", entity,
                                     f->name);
            break;
        case CRM_FIELD_OBJECT:
            if (f->fields && depth < 4 && check_fields(entity, f->fields, depth + 1, error) != 0)
                return error ? error->code : CRM_EINVAL;
            break;
        case CRM_FIELD_STRING:
        case CRM_FIELD_TEXT:
        case CRM_FIELD_INT:
        case CRM_FIELD_MONEY:
        case CRM_FIELD_DECIMAL:
        case CRM_FIELD_DATE:
        case CRM_FIELD_DATETIME:
        case CRM_FIELD_BOOL:
            break;
        default:
            return crm_error_set(error, CRM_EINVAL, "entity '%s': field '%s' has an unknown type",
                                 entity, f->name);
        }
        if ((f->flags & CRM_F_SEARCHABLE) && f->type != CRM_FIELD_STRING &&
            f->type != CRM_FIELD_TEXT)
            return crm_error_set(error, CRM_EINVAL,
                                 "entity '%s': only string and text fields can be searchable ('%s')",
                                 entity, f->name);
        if ((f->flags & CRM_F_USER) && f->type != CRM_FIELD_STRING)
            return crm_error_set(error, CRM_EINVAL,
                                 "entity '%s': only a string field can hold a user id ('%s')",
                                 entity, f->name);
    }
    return 0;
}

static int
ensure_field_index(crm_store_t *store, const char *coll, const char *field, bool unique,
                   bool multikey, crm_error_t *error)
{
    char name[96];
    const char *fields[] = {field, NULL};
    crm_index_t index = {sizeof index, name, fields, unique, false, multikey};

    snprintf(name, sizeof name, "%s_%s", unique ? "u" : "i", field[0] == '-' ? field + 1 : field);
    return crm_store_ensure_index(store, coll, &index, error);
}

static int
create_indexes(crm__entity_t *e, crm_store_t *store, crm_error_t *error)
{
    const crm_entity_def_t *def = e->def;
    const char *text_fields[64];
    size_t n_text = 0;
    static const char *const system_indexed[] = {"owner_id", "org_unit", "updated_at", NULL};
    /* A scope (own, unit) with the newest first: a list within a scope needs no sort. */
    static const char *const by_owner[] = {"owner_id", "-_id", NULL};
    static const char *const by_unit[] = {"org_unit", "-_id", NULL};
    const crm_index_t scoped[] = {{sizeof(crm_index_t), "i_owner_recent", by_owner, false, false, false},
                                  {sizeof(crm_index_t), "i_unit_recent", by_unit, false, false, false}};

    if (!store)
        return 0;
    for (int i = 0; system_indexed[i]; i++)
        if (ensure_field_index(store, def->name, system_indexed[i], false, false, error) != 0)
            return error ? error->code : CRM_ESTORE;
    for (size_t i = 0; i < sizeof scoped / sizeof scoped[0]; i++)
        if (crm_store_ensure_index(store, def->name, &scoped[i], error) != 0)
            return error ? error->code : CRM_ESTORE;
    for (size_t i = 0; i < e->n_fields; i++) {
        const crm_field_t *f = &def->fields[i];
        bool unique = (f->flags & CRM_F_UNIQUE) ||
                      (def->external_key && strcmp(def->external_key, f->name) == 0);

        if ((unique || (f->flags & CRM_F_INDEXED)) &&
            ensure_field_index(store, def->name, f->name, unique, f->type == CRM_FIELD_ARRAY,
                               error) != 0)
            return error ? error->code : CRM_ESTORE;
        if ((f->flags & CRM_F_SEARCHABLE) && n_text < 63)
            text_fields[n_text++] = f->name;
    }
    if (n_text) {
        crm_index_t text = {sizeof text, "text", text_fields, false, true, false};
        text_fields[n_text] = NULL;
        if (crm_store_ensure_index(store, def->name, &text, error) != 0)
            return error ? error->code : CRM_ESTORE;
    }
    return 0;
}

static void
unregister(void *ctx)
{
    crm__entity_t *e = ctx;

    for (size_t i = 0; i < n_entities; i++) {
        if (entities[i] == e) {
            memmove(&entities[i], &entities[i + 1], (n_entities - i - 1) * sizeof entities[0]);
            n_entities--;
            break;
        }
    }
    free(e);
}

int
crm_entity_register(crm_plugin_t *plugin, const crm_entity_def_t *def, crm_error_t *error)
{
    crm__entity_t *e = NULL;
    int rc;

    /* Definitions grow at the end: 1.0 ends before default_sort, 1.1 before the hooks. */
    if (!def || def->size < offsetof(crm_entity_def_t, default_sort))
        return crm_error_set(error, CRM_EINVAL, "entity definition missing or too old (size)");
    if (!valid_name(def->name, CRM_COLLECTION_NAME_MAX - 8))
        return crm_error_set(error, CRM_EINVAL,
                             "invalid entity name '%s': use [a-z][a-z0-9_]*, at most 55 characters",
                             def->name ? def->name : "(null)");
    for (int i = 0; reserved_names[i]; i++)
        if (strcmp(def->name, reserved_names[i]) == 0)
            return crm_error_set(error, CRM_EINVAL, "entity name '%s' is reserved by the core",
                                 def->name);
    if (crm__entity_lookup(def->name))
        return crm_error_set(error, CRM_ECONFLICT, "entity '%s' is already registered", def->name);
    if (n_entities >= MAX_ENTITIES)
        return crm_error_set(error, CRM_EINVAL, "too many entities (%d)", MAX_ENTITIES);
    if (!def->fields || !def->fields[0].name)
        return crm_error_set(error, CRM_EINVAL, "entity '%s' has no fields", def->name);
    if ((rc = check_fields(def->name, def->fields, 0, error)) != 0)
        return rc;

    e = calloc(1, sizeof *e);
    if (!e)
        return crm_error_set(error, CRM_ENOMEM, "out of memory");
    e->def = def;
    e->owner = plugin;
    if (def->size >= offsetof(crm_entity_def_t, default_sort) + sizeof def->default_sort)
        e->default_sort = def->default_sort;
    if (def->size >= offsetof(crm_entity_def_t, present) + sizeof def->present) {
        e->prepare = def->prepare;
        e->present = def->present;
    }
    if (def->size >= offsetof(crm_entity_def_t, translations) + sizeof def->translations)
        e->translations = def->translations;
    while (def->fields[e->n_fields].name) {
        if (def->fields[e->n_fields].flags & CRM_F_SEARCHABLE)
            e->has_text = true;
        e->n_fields++;
    }
    if (def->external_key && !crm__entity_field(e, def->external_key)) {
        rc = crm_error_set(error, CRM_EINVAL, "entity '%s': external_key '%s' is not a field",
                           def->name, def->external_key);
        goto fail;
    }
    if (def->title_field && !crm__entity_field(e, def->title_field)) {
        rc = crm_error_set(error, CRM_EINVAL, "entity '%s': title_field '%s' is not a field",
                           def->name, def->title_field);
        goto fail;
    }
    rc = create_indexes(e, plugin ? crm_plugin_store(plugin) : NULL, error);
    if (rc != 0)
        goto fail;
    rc = crm__plugin_record(plugin, "entity", def->name, unregister, e, error);
    if (rc != 0)
        goto fail;
    entities[n_entities++] = e;
    crm_log(CRM_LOG_DEBUG, "entity.registered", "entity=%s fields=%zu", def->name, e->n_fields);
    return 0;
fail:
    free(e);
    return rc;
}

/* True when NAME is something a reference may point at: a registered entity, or one of the
 * core's collections of people and places (users, org units). */
static bool
ref_target_known(const char *name)
{
    return crm__entity_lookup(name) || !strcmp(name, "users") || !strcmp(name, "org_units");
}

int
crm__entity_check_refs(crm_error_t *error)
{
    for (size_t i = 0; i < n_entities; i++) {
        const crm__entity_t *e = entities[i];

        for (size_t k = 0; k < e->n_fields; k++) {
            const crm_field_t *f = &e->def->fields[k];

            if ((f->type == CRM_FIELD_REF ||
                 (f->type == CRM_FIELD_ARRAY && f->item_type == CRM_FIELD_REF)) &&
                f->ref && !ref_target_known(f->ref))
                return crm_error_set(error, CRM_EINVAL,
                                     "entity '%s': field '%s' refers to '%s', which no loaded "
                                     "plugin registers (enable the plugin that does, or fix "
                                     "the name)",
                                     e->def->name, f->name, f->ref);
        }
    }
    return 0;
}
