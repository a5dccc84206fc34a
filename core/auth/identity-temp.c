/* TEMPORARY PLACEHOLDER for the authentication branch only: minimal versions of the identity
 * helpers declared in identity-private.h, which the authorisation work implements in
 * identity.c. Delete this file when the two branches are merged. */
#include "auth/identity-private.h"

#include <stdlib.h>
#include <string.h>

crm_identity_t *
crm__identity_new(const char *user_id, const char *name, const char *org_unit,
                  crm__auth_kind_t kind)
{
    crm_identity_t *id = calloc(1, sizeof *id);

    if (!id)
        return NULL;
    id->user_id = strdup(user_id);
    id->name = name ? strdup(name) : NULL;
    id->org_unit = org_unit ? strdup(org_unit) : NULL;
    id->kind = kind;
    atomic_init(&id->refs, 1);
    return id;
}

int
crm__identity_add_grant(crm_identity_t *id, const char *pattern, crm_scope_t scope)
{
    crm__grant_t *g = realloc(id->grants, (id->n_grants + 1) * sizeof *g);

    if (!g)
        return CRM_ENOMEM;
    id->grants = g;
    g[id->n_grants].pattern = strdup(pattern);
    g[id->n_grants].scope = scope;
    id->n_grants++;
    return 0;
}

int
crm__identity_add_limit(crm_identity_t *id, const char *pattern)
{
    char **l = realloc(id->limit, (id->n_limit + 1) * sizeof *l);

    if (!l)
        return CRM_ENOMEM;
    id->limit = l;
    l[id->n_limit++] = strdup(pattern);
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
crm__identity_unref(const crm_identity_t *cid)
{
    crm_identity_t *id = (crm_identity_t *)cid;

    if (!id || id->is_static || atomic_fetch_sub(&id->refs, 1) != 1)
        return;
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

bool
crm__permission_match(const char *pattern, const char *permission)
{
    const char *dot = strchr(permission, '.');

    if (strcmp(pattern, "*") == 0 || strcmp(pattern, permission) == 0)
        return true;
    if (!dot)
        return false;
    if (strncmp(pattern, "*.", 2) == 0)
        return strcmp(pattern + 1, dot) == 0;
    size_t n = strlen(pattern);
    return n >= 2 && strcmp(pattern + n - 2, ".*") == 0 && (size_t)(dot - permission) == n - 2 &&
           strncmp(pattern, permission, n - 2) == 0;
}

bool
crm__scope_parse(const char *name, crm_scope_t *scope)
{
    static const char *const names[] = {"none", "own", "unit", "subtree", "all"};

    for (int i = 1; i < 5; i++)
        if (strcmp(name, names[i]) == 0) {
            *scope = (crm_scope_t)i;
            return true;
        }
    return false;
}
