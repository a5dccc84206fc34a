/* The permission registry: the core's own permissions, those plugins declare during their init
 * (undone when the plugin goes), and the generic ones every entity has, listed by
 * GET /api/v1/permissions. */
#include "authz/authz-impl-private.h"
#include "plugin/plugin-private.h"

#include <crm/permission.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct permission {
    char *name;
    char *description;
    char *origin; /* "core" or the plugin's name */
} permission_t;

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static permission_t *perms;
static size_t n_perms;

/* The core's own permissions. */
static const struct {
    const char *name;
    const char *description;
} core_permissions[] = {
    {"meta.read", "Read the schema, roles, permissions and the org tree"},
    {"metrics.read", "Read the server's metrics"},
    {"audit.read", "Read the audit trail"},
    {"users.manage", "Create users, assign roles and org units, reset passwords"},
    {"roles.manage", "Create, change and delete roles"},
    {"org.manage", "Create, rename, move and delete org units"},
    {"tokens.manage", "Create and revoke API tokens of any user"},
    {"jobs.read", "List scheduled jobs and their runs"},
    {"jobs.run", "Start a job's run now"},
};

/* The generic permissions of every entity, with the verb of their description. */
static const struct {
    const char *action;
    const char *verb;
} entity_actions[] = {
    {"read", "Read"},     {"create", "Create"}, {"update", "Change"},
    {"delete", "Delete"}, {"export", "Export"}, {"import", "Import"},
};

static bool
name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* True when S (LEN bytes) is dot-separated non-empty segments of [a-z0-9_]. */
static bool
segments_valid(const char *s, size_t len)
{
    bool empty = true;

    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '.') {
            if (empty)
                return false;
            empty = true;
        } else if (name_char(s[i])) {
            empty = false;
        } else {
            return false;
        }
    }
    return !empty;
}

bool
crm__permission_name_valid(const char *name)
{
    return name && strlen(name) < 128 && strchr(name, '.') && segments_valid(name, strlen(name));
}

bool
crm__permission_pattern_valid(const char *pattern)
{
    size_t len;

    if (!pattern || (len = strlen(pattern)) == 0 || len >= 128)
        return false;
    if (strcmp(pattern, "*") == 0)
        return true;
    if (len > 2 && pattern[0] == '*' && pattern[1] == '.')
        return segments_valid(pattern + 2, len - 2);
    if (len > 2 && pattern[len - 1] == '*' && pattern[len - 2] == '.')
        return segments_valid(pattern, len - 2);
    return crm__permission_name_valid(pattern);
}

/* The index of NAME in the registry, or -1. Call with the lock held. */
static ssize_t
find(const char *name)
{
    for (size_t i = 0; i < n_perms; i++)
        if (strcmp(perms[i].name, name) == 0)
            return (ssize_t)i;
    return -1;
}

/* Undo of a plugin's declaration: CTX is a copy of the name. */
static void
undeclare(void *ctx)
{
    char *name = ctx;
    ssize_t i;

    pthread_rwlock_wrlock(&lock);
    i = find(name);
    if (i >= 0) {
        free(perms[i].name);
        free(perms[i].description);
        free(perms[i].origin);
        memmove(&perms[i], &perms[i + 1], (n_perms - (size_t)i - 1) * sizeof *perms);
        n_perms--;
    }
    pthread_rwlock_unlock(&lock);
    free(name);
}

/* Adds NAME to the registry. */
static int
add(const char *name, const char *description, const char *origin, crm_error_t *error)
{
    permission_t p = {0}, *grown;
    int rc = 0;

    pthread_rwlock_wrlock(&lock);
    if (find(name) >= 0) {
        rc = crm_error_set(error, CRM_ECONFLICT, "permission %s is already declared", name);
        goto done;
    }
    p.name = strdup(name);
    p.description = strdup(description ? description : "");
    p.origin = strdup(origin);
    grown = realloc(perms, (n_perms + 1) * sizeof *perms);
    if (!p.name || !p.description || !p.origin || !grown) {
        if (grown)
            perms = grown;
        free(p.name);
        free(p.description);
        free(p.origin);
        rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
        goto done;
    }
    perms = grown;
    perms[n_perms++] = p;
done:
    pthread_rwlock_unlock(&lock);
    return rc;
}

int
crm_permission_declare(crm_plugin_t *plugin, const char *name, const char *description,
                       crm_error_t *error)
{
    char what[160];
    char *ctx = NULL;
    int rc;

    if (!crm__permission_name_valid(name))
        return crm_error_set(error, CRM_EINVAL,
                             "permission name '%s' is not \"<area>.<action>\" of [a-z0-9_.]",
                             name ? name : "(null)");
    if (plugin && !plugin->initialising)
        return crm_error_set(error, CRM_EPLUGIN,
                             "plugin '%s': permissions can only be declared during init",
                             crm_plugin_name(plugin));
    rc = add(name, description, plugin ? crm_plugin_name(plugin) : "core", error);
    if (rc != 0 || !plugin)
        return rc;
    ctx = strdup(name);
    snprintf(what, sizeof what, "%s", name);
    if (!ctx)
        rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
    else
        rc = crm__plugin_record(plugin, "permission", what, undeclare, ctx, error);
    if (rc != 0) {
        if (ctx)
            undeclare(ctx);
        else
            undeclare(strdup(name));
    }
    return rc;
}

int
crm__permissions_open(crm_error_t *error)
{
    int rc;

    for (size_t i = 0; i < sizeof core_permissions / sizeof core_permissions[0]; i++) {
        rc = add(core_permissions[i].name, core_permissions[i].description, "core", error);
        /* Opened again in the same process: the core's declarations are still there. */
        if (rc == CRM_ECONFLICT)
            continue;
        if (rc != 0)
            return rc;
    }
    crm_error_clear(error);
    return 0;
}

void
crm__permissions_close(void)
{
    pthread_rwlock_wrlock(&lock);
    for (size_t i = 0; i < n_perms; i++) {
        free(perms[i].name);
        free(perms[i].description);
        free(perms[i].origin);
    }
    free(perms);
    perms = NULL;
    n_perms = 0;
    pthread_rwlock_unlock(&lock);
}

static void
append_permission(bson_t *arr, uint32_t i, const char *name, const char *description,
                  const char *origin, const char *entity)
{
    char idx[16];
    const char *key;
    bson_t doc;

    bson_uint32_to_string(i, &key, idx, sizeof idx);
    bson_append_document_begin(arr, key, -1, &doc);
    BSON_APPEND_UTF8(&doc, "name", name);
    BSON_APPEND_UTF8(&doc, "description", description);
    BSON_APPEND_UTF8(&doc, "origin", origin);
    if (entity)
        BSON_APPEND_UTF8(&doc, "entity", entity);
    bson_append_document_end(arr, &doc);
}

int
crm__permissions_handle_list(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t out = BSON_INITIALIZER, arr;
    size_t n_entities = 0;
    const crm__entity_t *const *entities = crm__entity_all(&n_entities);
    uint32_t i = 0;
    int rc;

    (void)data;
    (void)error;
    bson_append_array_begin(&out, "permissions", -1, &arr);
    pthread_rwlock_rdlock(&lock);
    for (size_t p = 0; p < n_perms; p++)
        append_permission(&arr, i++, perms[p].name, perms[p].description, perms[p].origin, NULL);
    pthread_rwlock_unlock(&lock);
    for (size_t e = 0; e < n_entities; e++) {
        const char *entity = entities[e]->def->name;
        const char *label = entities[e]->def->label ? entities[e]->def->label : entity;

        for (size_t a = 0; a < sizeof entity_actions / sizeof entity_actions[0]; a++) {
            char name[160], description[200];

            snprintf(name, sizeof name, "%s.%s", entity, entity_actions[a].action);
            snprintf(description, sizeof description, "%s %s records", entity_actions[a].verb,
                     label);
            append_permission(&arr, i++, name, description, "entity", entity);
        }
    }
    bson_append_array_end(&out, &arr);
    rc = crm_respond_json(req, 200, &out);
    bson_destroy(&out);
    return rc;
}
