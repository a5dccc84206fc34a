/* Identities: the built-in system and anonymous ones, per-request heap identities, and the
 * scope a permission reaches (computed from the grants of the identity's roles). */
#include "auth/identity-private.h"
#include "authz/authz-private.h"

#include <stdlib.h>
#include <string.h>

static crm_identity_t system_identity = {.user_id = "system",
                                         .name = "system",
                                         .system = true,
                                         .kind = CRM__AUTH_SYSTEM,
                                         .is_static = true};
static crm_identity_t anonymous_identity = {
    .user_id = "anonymous", .name = "anonymous", .kind = CRM__AUTH_ANONYMOUS, .is_static = true};

const crm_identity_t *
crm_identity_system(void)
{
    return &system_identity;
}

const crm_identity_t *
crm__identity_anonymous(void)
{
    return &anonymous_identity;
}

const char *
crm_identity_user_id(const crm_identity_t *id)
{
    return id->user_id;
}

const char *
crm_identity_name(const crm_identity_t *id)
{
    return id->name ? id->name : id->user_id;
}

const char *
crm_identity_org_unit(const crm_identity_t *id)
{
    return id->org_unit;
}

bool
crm_identity_is_system(const crm_identity_t *id)
{
    return id->system;
}

bool
crm_identity_can(const crm_identity_t *id, const char *permission)
{
    return crm_identity_scope(id, permission) != CRM_SCOPE_NONE;
}

/* Copies S, or NULL for NULL; *FAILED is set when a copy could not be made. */
static char *
dup_or_null(const char *s, bool *failed)
{
    char *copy;

    if (!s)
        return NULL;
    copy = strdup(s);
    if (!copy)
        *failed = true;
    return copy;
}

static void
identity_free(crm_identity_t *id)
{
    for (size_t i = 0; i < id->n_grants; i++)
        free(id->grants[i].pattern);
    for (size_t i = 0; i < id->n_limit; i++)
        free(id->limit[i]);
    free(id->grants);
    free(id->limit);
    free(id->user_id);
    free(id->name);
    free(id->org_unit);
    free(id->session_id);
    free(id->csrf_token);
    free(id->token_id);
    free(id);
}

crm_identity_t *
crm__identity_new(const char *user_id, const char *name, const char *org_unit,
                  crm__auth_kind_t kind)
{
    crm_identity_t *id = NULL;
    bool failed = false;

    if (!user_id)
        return NULL;
    id = calloc(1, sizeof *id);
    if (!id)
        return NULL;
    id->user_id = dup_or_null(user_id, &failed);
    id->name = dup_or_null(name, &failed);
    id->org_unit = dup_or_null(org_unit, &failed);
    id->kind = kind;
    atomic_init(&id->refs, 1);
    if (failed) {
        identity_free(id);
        return NULL;
    }
    return id;
}

int
crm__identity_add_grant(crm_identity_t *id, const char *pattern, crm_scope_t scope)
{
    crm__grant_t *grants;
    char *copy;

    if (id->is_static)
        return CRM_EINVAL;
    copy = strdup(pattern);
    if (!copy)
        return CRM_ENOMEM;
    grants = realloc(id->grants, (id->n_grants + 1) * sizeof *grants);
    if (!grants) {
        free(copy);
        return CRM_ENOMEM;
    }
    id->grants = grants;
    id->grants[id->n_grants].pattern = copy;
    id->grants[id->n_grants].scope = scope;
    id->n_grants++;
    return 0;
}

int
crm__identity_add_limit(crm_identity_t *id, const char *pattern)
{
    char **limit;
    char *copy;

    if (id->is_static)
        return CRM_EINVAL;
    copy = strdup(pattern);
    if (!copy)
        return CRM_ENOMEM;
    limit = realloc(id->limit, (id->n_limit + 1) * sizeof *limit);
    if (!limit) {
        free(copy);
        return CRM_ENOMEM;
    }
    id->limit = limit;
    id->limit[id->n_limit++] = copy;
    return 0;
}

const crm_identity_t *
crm__identity_ref(const crm_identity_t *id)
{
    if (id && !id->is_static)
        atomic_fetch_add(&((crm_identity_t *)id)->refs, 1);
    return id;
}

void
crm__identity_unref(const crm_identity_t *id)
{
    crm_identity_t *mut = (crm_identity_t *)id;

    if (!id || id->is_static)
        return;
    if (atomic_fetch_sub(&mut->refs, 1) == 1)
        identity_free(mut);
}

/* The core's administrative permissions: granted only by their exact name or by "*", never by
 * an area or action wildcard ("*.read" must not give an advisor the audit trail). */
static const char *const administrative[] = {"audit.read",  "metrics.read", "users.manage",
                                             "roles.manage", "org.manage",  "tokens.manage",
                                             "jobs.run",     "jobs.read",   NULL};

bool
crm__permission_match(const char *pattern, const char *permission)
{
    size_t plen, len;

    if (!pattern || !permission)
        return false;
    if (strcmp(pattern, "*") == 0)
        return true;
    for (int i = 0; administrative[i]; i++)
        if (strcmp(permission, administrative[i]) == 0)
            return strcmp(pattern, permission) == 0;
    plen = strlen(pattern);
    len = strlen(permission);
    /* "area.*": everything below "area." (at least one more character). */
    if (plen >= 2 && pattern[plen - 1] == '*' && pattern[plen - 2] == '.')
        return len > plen - 1 && strncmp(pattern, permission, plen - 1) == 0;
    /* "*.action": everything ending in ".action". */
    if (plen >= 2 && pattern[0] == '*' && pattern[1] == '.')
        return len > plen - 1 && strcmp(permission + len - (plen - 1), pattern + 1) == 0;
    return strcmp(pattern, permission) == 0;
}

static const char *const scope_names[] = {"none", "own", "unit", "subtree", "all"};

bool
crm__scope_parse(const char *name, crm_scope_t *scope)
{
    if (!name)
        return false;
    for (int i = CRM_SCOPE_OWN; i <= CRM_SCOPE_ALL; i++)
        if (strcmp(name, scope_names[i]) == 0) {
            *scope = (crm_scope_t)i;
            return true;
        }
    return false;
}

const char *
crm_scope_name(crm_scope_t scope)
{
    if ((int)scope < CRM_SCOPE_NONE || scope > CRM_SCOPE_ALL)
        return "none";
    return scope_names[scope];
}

crm_scope_t
crm_identity_scope(const crm_identity_t *id, const char *permission)
{
    crm_scope_t best = CRM_SCOPE_NONE;

    if (!id || !permission)
        return CRM_SCOPE_NONE;
    if (id->system)
        return CRM_SCOPE_ALL;
    if (id->limit) {
        bool allowed = false;
        for (size_t i = 0; i < id->n_limit && !allowed; i++)
            allowed = crm__permission_match(id->limit[i], permission);
        if (!allowed)
            return CRM_SCOPE_NONE;
    }
    for (size_t i = 0; i < id->n_grants; i++)
        if (id->grants[i].scope > best && crm__permission_match(id->grants[i].pattern, permission))
            best = id->grants[i].scope;
    return best;
}

/* Appends a condition no document satisfies: every document has an _id. */
static void
append_nothing(bson_t *filter)
{
    bson_t cond;

    bson_append_document_begin(filter, "_id", -1, &cond);
    BSON_APPEND_BOOL(&cond, "$exists", false);
    bson_append_document_end(filter, &cond);
}

int
crm_identity_scope_filter(const crm_identity_t *id, const char *permission, bson_t *filter,
                          crm_error_t *error)
{
    crm_scope_t scope = crm_identity_scope(id, permission);

    switch (scope) {
    case CRM_SCOPE_NONE:
        return crm_error_set(error, CRM_EPERM, "you lack the permission %s", permission);
    case CRM_SCOPE_ALL:
        return 0;
    case CRM_SCOPE_OWN:
        BSON_APPEND_UTF8(filter, "owner_id", id->user_id);
        return 0;
    case CRM_SCOPE_UNIT:
        if (!id->org_unit)
            append_nothing(filter);
        else
            BSON_APPEND_UTF8(filter, "org_unit", id->org_unit);
        return 0;
    case CRM_SCOPE_SUBTREE:
        if (!id->org_unit) {
            append_nothing(filter);
            return 0;
        }
        return crm_org_unit_subtree_filter(id->org_unit, filter, error);
    }
    return 0;
}

int
crm_org_unit_subtree_filter(const char *unit, bson_t *filter, crm_error_t *error)
{
    char **units = NULL;
    size_t n = 0;
    bson_t cond, arr;
    int rc;

    if (!unit)
        return crm_error_set(error, CRM_EINVAL, "no org unit");
    rc = crm__org_subtree(unit, &units, &n, error);
    if (rc != 0)
        return rc;
    bson_append_document_begin(filter, "org_unit", -1, &cond);
    bson_append_array_begin(&cond, "$in", -1, &arr);
    for (size_t i = 0; i < n; i++) {
        char idx[16];
        const char *key;

        bson_uint32_to_string((uint32_t)i, &key, idx, sizeof idx);
        bson_append_utf8(&arr, key, -1, units[i], -1);
    }
    bson_append_array_end(&cond, &arr);
    bson_append_document_end(filter, &cond);
    crm__strv_free(units, n);
    return 0;
}

bool
crm_identity_reaches(const crm_identity_t *id, const char *permission, const char *owner_id,
                     const char *org_unit)
{
    crm_scope_t scope = crm_identity_scope(id, permission);
    char **units = NULL;
    size_t n = 0;
    bool found = false;

    switch (scope) {
    case CRM_SCOPE_NONE:
        return false;
    case CRM_SCOPE_ALL:
        return true;
    case CRM_SCOPE_OWN:
        return owner_id && strcmp(owner_id, id->user_id) == 0;
    case CRM_SCOPE_UNIT:
        return org_unit && id->org_unit && strcmp(org_unit, id->org_unit) == 0;
    case CRM_SCOPE_SUBTREE:
        if (!org_unit || !id->org_unit)
            return false;
        if (crm__org_subtree(id->org_unit, &units, &n, NULL) != 0)
            return false;
        for (size_t i = 0; i < n && !found; i++)
            found = strcmp(units[i], org_unit) == 0;
        crm__strv_free(units, n);
        return found;
    }
    return false;
}
