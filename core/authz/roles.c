/* The role table: the built-in roles of the roles file (auth.roles) and the roles
 * administrators created in the store, read by authentication to turn a user's role names into
 * grants. Guarded by a read-write lock; reloaded from the store whenever a role changes. */
#include "authz/authz-impl-private.h"

#include <crm/log.h>

#include <libconfig.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static crm__role_t *builtin;
static size_t n_builtin;
static crm__role_t *custom;
static size_t n_custom;

void
crm__roles_free(crm__role_t *roles, size_t n)
{
    if (!roles)
        return;
    for (size_t i = 0; i < n; i++) {
        free(roles[i].name);
        free(roles[i].label);
        free(roles[i].description);
        for (size_t g = 0; g < roles[i].n_grants; g++)
            free(roles[i].grants[g].pattern);
        free(roles[i].grants);
    }
    free(roles);
}

static int
role_add_grant(crm__role_t *role, const char *pattern, crm_scope_t scope)
{
    crm__grant_t *grown = realloc(role->grants, (role->n_grants + 1) * sizeof *grown);

    if (!grown)
        return CRM_ENOMEM;
    role->grants = grown;
    if (!(grown[role->n_grants].pattern = strdup(pattern)))
        return CRM_ENOMEM;
    grown[role->n_grants++].scope = scope;
    return 0;
}

static int
line_of(const config_setting_t *s)
{
    return (int)config_setting_source_line(s);
}

bool
crm__role_name_valid(const char *name)
{
    size_t len = name ? strlen(name) : 0;

    if (len == 0 || len > 63 || name[0] < 'a' || name[0] > 'z')
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
              name[i] == '_'))
            return false;
    return true;
}

/* Reads the grants list G of ROLE from the file PATH. */
static void
parse_grants(const char *path, const config_setting_t *g, crm__role_t *role,
             crm__config_problems_t *problems)
{
    for (int i = 0; i < config_setting_length(g); i++) {
        const config_setting_t *e = config_setting_get_elem(g, (unsigned)i);
        const char *pattern = NULL, *scope_name = NULL;
        crm_scope_t scope;

        if (config_setting_type(e) != CONFIG_TYPE_LIST || config_setting_length(e) != 2 ||
            !(pattern = config_setting_get_string_elem(e, 0)) ||
            !(scope_name = config_setting_get_string_elem(e, 1))) {
            crm__config_problem_add(problems, path, line_of(e),
                                    "role %s: a grant is (\"pattern\", \"scope\")", role->name);
            continue;
        }
        if (!crm__permission_pattern_valid(pattern)) {
            crm__config_problem_add(problems, path, line_of(e),
                                    "role %s: malformed permission pattern \"%s\"", role->name,
                                    pattern);
            continue;
        }
        if (!crm__scope_parse(scope_name, &scope)) {
            crm__config_problem_add(problems, path, line_of(e),
                                    "role %s: unknown scope \"%s\" (own, unit, subtree, all)",
                                    role->name, scope_name);
            continue;
        }
        if (role_add_grant(role, pattern, scope) != 0)
            crm__config_problem_add(problems, path, line_of(e), "out of memory");
    }
}

/* A string setting NAME of group G copied, or NULL. */
static char *
copy_string(const config_setting_t *g, const char *name)
{
    const char *s = NULL;

    return config_setting_lookup_string(g, name, &s) ? strdup(s) : NULL;
}

int
crm__roles_parse_file(const char *path, crm__role_t **roles, size_t *n,
                      crm__config_problems_t *problems)
{
    config_t lc;
    const config_setting_t *list;
    crm__role_t *out = NULL;
    size_t count = 0, before = problems->n;
    int len;

    *roles = NULL;
    *n = 0;
    config_init(&lc);
    if (!config_read_file(&lc, path)) {
        if (config_error_type(&lc) == CONFIG_ERR_FILE_IO)
            crm__config_problem_add(problems, path, 0, "cannot read the roles file");
        else
            crm__config_problem_add(problems, path, config_error_line(&lc), "syntax error: %s",
                                    config_error_text(&lc));
        goto done;
    }
    list = config_lookup(&lc, "roles");
    if (!list || (config_setting_type(list) != CONFIG_TYPE_LIST &&
                  config_setting_type(list) != CONFIG_TYPE_ARRAY)) {
        crm__config_problem_add(problems, path, list ? line_of(list) : 0,
                                "expected roles = ( { name = ...; grants = (...); }, ... );");
        goto done;
    }
    len = config_setting_length(list);
    out = calloc((size_t)len + 1, sizeof *out);
    if (!out) {
        crm__config_problem_add(problems, path, 0, "out of memory");
        goto done;
    }
    for (int i = 0; i < len; i++) {
        const config_setting_t *r = config_setting_get_elem(list, (unsigned)i);
        const config_setting_t *grants;
        crm__role_t *role = &out[count];
        const char *name = NULL;
        bool duplicate = false;

        if (config_setting_type(r) != CONFIG_TYPE_GROUP) {
            crm__config_problem_add(problems, path, line_of(r), "a role is a group { ... }");
            continue;
        }
        if (!config_setting_lookup_string(r, "name", &name) || !crm__role_name_valid(name)) {
            crm__config_problem_add(problems, path, line_of(r),
                                    "a role needs name = \"[a-z][a-z0-9_]*\"");
            continue;
        }
        for (size_t j = 0; j < count && !duplicate; j++)
            duplicate = strcmp(out[j].name, name) == 0;
        if (duplicate) {
            crm__config_problem_add(problems, path, line_of(r), "duplicate role %s", name);
            continue;
        }
        for (int k = 0; k < config_setting_length(r); k++) {
            const config_setting_t *s = config_setting_get_elem(r, (unsigned)k);
            const char *key = config_setting_name(s);
            if (strcmp(key, "name") && strcmp(key, "label") && strcmp(key, "description") &&
                strcmp(key, "grants"))
                crm__config_problem_add(problems, path, line_of(s), "role %s: unknown key %s", name,
                                        key);
        }
        role->name = strdup(name);
        role->label = copy_string(r, "label");
        role->description = copy_string(r, "description");
        role->builtin = true;
        count++;
        grants = config_setting_get_member(r, "grants");
        if (!grants || config_setting_type(grants) != CONFIG_TYPE_LIST) {
            crm__config_problem_add(problems, path, grants ? line_of(grants) : line_of(r),
                                    "role %s: grants = ( (\"pattern\", \"scope\"), ... ) is "
                                    "required",
                                    name);
            continue;
        }
        parse_grants(path, grants, role, problems);
    }
done:
    config_destroy(&lc);
    if (problems->n > before) {
        crm__roles_free(out, count);
        return CRM_ECONFIG;
    }
    *roles = out;
    *n = count;
    return 0;
}

/* Reads the administrators' roles from the store into *ROLES. */
static int
load_custom(crm_store_t *store, crm__role_t **roles, size_t *n, crm_error_t *error)
{
    crm_cursor_t *cur = NULL;
    const bson_t *doc;
    crm__role_t *out = NULL;
    size_t count = 0;
    int rc = 0;

    *roles = NULL;
    *n = 0;
    if (!store)
        return 0;
    cur = crm_store_find(store, CRM__ROLES_COLLECTION, NULL, NULL, error);
    if (!cur)
        return error ? error->code : CRM_ESTORE;
    while (crm_cursor_next(cur, &doc)) {
        crm__role_t *grown = realloc(out, (count + 1) * sizeof *out), *role;
        bson_iter_t it, arr, g;

        if (!grown) {
            rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
            goto done;
        }
        out = grown;
        role = memset(&out[count++], 0, sizeof *role);
        if (bson_iter_init_find(&it, doc, "name") && BSON_ITER_HOLDS_UTF8(&it))
            role->name = strdup(bson_iter_utf8(&it, NULL));
        if (bson_iter_init_find(&it, doc, "label") && BSON_ITER_HOLDS_UTF8(&it))
            role->label = strdup(bson_iter_utf8(&it, NULL));
        if (bson_iter_init_find(&it, doc, "description") && BSON_ITER_HOLDS_UTF8(&it))
            role->description = strdup(bson_iter_utf8(&it, NULL));
        if (!role->name) {
            count--;
            free(role->label);
            free(role->description);
            continue;
        }
        if (!bson_iter_init_find(&it, doc, "grants") || !BSON_ITER_HOLDS_ARRAY(&it) ||
            !bson_iter_recurse(&it, &arr))
            continue;
        while (bson_iter_next(&arr)) {
            const char *pattern = NULL, *scope_name = NULL;
            crm_scope_t scope;

            if (!BSON_ITER_HOLDS_DOCUMENT(&arr) || !bson_iter_recurse(&arr, &g))
                continue;
            while (bson_iter_next(&g)) {
                if (strcmp(bson_iter_key(&g), "pattern") == 0 && BSON_ITER_HOLDS_UTF8(&g))
                    pattern = bson_iter_utf8(&g, NULL);
                else if (strcmp(bson_iter_key(&g), "scope") == 0 && BSON_ITER_HOLDS_UTF8(&g))
                    scope_name = bson_iter_utf8(&g, NULL);
            }
            if (pattern && crm__scope_parse(scope_name, &scope) &&
                role_add_grant(role, pattern, scope) != 0) {
                rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
                goto done;
            }
        }
    }
    if (crm_cursor_error(cur, error))
        rc = error ? error->code : CRM_ESTORE;
done:
    crm_cursor_destroy(cur);
    if (rc != 0) {
        crm__roles_free(out, count);
        return rc;
    }
    *roles = out;
    *n = count;
    return 0;
}

int
crm__roles_reload(crm_error_t *error)
{
    crm__role_t *fresh = NULL, *old;
    size_t n = 0, n_old;
    int rc = load_custom(crm__authz_store(), &fresh, &n, error);

    if (rc != 0)
        return rc;
    pthread_rwlock_wrlock(&lock);
    old = custom;
    n_old = n_custom;
    custom = fresh;
    n_custom = n;
    pthread_rwlock_unlock(&lock);
    crm__roles_free(old, n_old);
    crm__authz_bump_generation();
    return 0;
}

int
crm__roles_open(const char *path, crm_error_t *error)
{
    crm__config_problems_t problems = {0};
    crm__role_t *roles = NULL;
    size_t n = 0;
    int rc = 0;

    if (path) {
        rc = crm__roles_parse_file(path, &roles, &n, &problems);
        for (size_t i = 0; i < problems.n; i++)
            crm_log(CRM_LOG_ERROR, "roles.problem", "file=%s line=%d problem=\"%s\"",
                    problems.items[i].file, problems.items[i].line, problems.items[i].message);
        if (rc != 0) {
            if (problems.n > 0)
                crm_error_set(error, CRM_ECONFIG, "%s:%d: %s", problems.items[0].file,
                              problems.items[0].line, problems.items[0].message);
            goto done;
        }
    }
    pthread_rwlock_wrlock(&lock);
    crm__roles_free(builtin, n_builtin);
    builtin = roles;
    n_builtin = n;
    pthread_rwlock_unlock(&lock);
    roles = NULL;
    rc = crm__roles_reload(error);
done:
    crm__roles_free(roles, n);
    crm__config_problems_free(&problems);
    return rc;
}

void
crm__roles_close(void)
{
    pthread_rwlock_wrlock(&lock);
    crm__roles_free(builtin, n_builtin);
    crm__roles_free(custom, n_custom);
    builtin = custom = NULL;
    n_builtin = n_custom = 0;
    pthread_rwlock_unlock(&lock);
}

/* The role NAME, or NULL. Call with the lock held. */
static const crm__role_t *
lookup(const char *name)
{
    for (size_t i = 0; i < n_builtin; i++)
        if (strcmp(builtin[i].name, name) == 0)
            return &builtin[i];
    for (size_t i = 0; i < n_custom; i++)
        if (strcmp(custom[i].name, name) == 0)
            return &custom[i];
    return NULL;
}

bool
crm__authz_role_exists(const char *name)
{
    bool found;

    if (!name)
        return false;
    pthread_rwlock_rdlock(&lock);
    found = lookup(name) != NULL;
    pthread_rwlock_unlock(&lock);
    return found;
}

bool
crm__role_is_builtin(const char *name)
{
    const crm__role_t *r;
    bool found;

    if (!name)
        return false;
    pthread_rwlock_rdlock(&lock);
    r = lookup(name);
    found = r && r->builtin;
    pthread_rwlock_unlock(&lock);
    return found;
}

/* Logs an unknown role name once per process (a small table; further names are not logged). */
static void
log_unknown_once(const char *name)
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    static char seen[32][64];
    static size_t n_seen;
    bool known = false;

    pthread_mutex_lock(&mu);
    for (size_t i = 0; i < n_seen && !known; i++)
        known = strcmp(seen[i], name) == 0;
    if (!known && n_seen < 32) {
        snprintf(seen[n_seen++], sizeof seen[0], "%s", name);
        crm_log(CRM_LOG_WARN, "authz.unknown_role", "role=%.63s", name);
    }
    pthread_mutex_unlock(&mu);
}

int
crm__authz_grant_roles(crm_identity_t *id, const char *const *roles, size_t n, crm_error_t *error)
{
    int rc = 0;

    pthread_rwlock_rdlock(&lock);
    for (size_t i = 0; i < n && rc == 0; i++) {
        const crm__role_t *role = roles[i] ? lookup(roles[i]) : NULL;

        if (!role) {
            if (roles[i])
                log_unknown_once(roles[i]);
            continue;
        }
        for (size_t g = 0; g < role->n_grants && rc == 0; g++)
            rc = crm__identity_add_grant(id, role->grants[g].pattern, role->grants[g].scope);
    }
    pthread_rwlock_unlock(&lock);
    if (rc != 0)
        crm_error_set(error, rc, "cannot add the grants of the roles");
    return rc;
}

static void
append_role(bson_t *out, const crm__role_t *role)
{
    bson_t arr, g;
    char idx[16];
    const char *key;

    BSON_APPEND_UTF8(out, "name", role->name);
    BSON_APPEND_UTF8(out, "label", role->label ? role->label : role->name);
    BSON_APPEND_UTF8(out, "description", role->description ? role->description : "");
    BSON_APPEND_BOOL(out, "builtin", role->builtin);
    bson_append_array_begin(out, "grants", -1, &arr);
    for (size_t i = 0; i < role->n_grants; i++) {
        bson_uint32_to_string((uint32_t)i, &key, idx, sizeof idx);
        bson_append_document_begin(&arr, key, -1, &g);
        BSON_APPEND_UTF8(&g, "pattern", role->grants[i].pattern);
        BSON_APPEND_UTF8(&g, "scope", crm_scope_name(role->grants[i].scope));
        bson_append_document_end(&arr, &g);
    }
    bson_append_array_end(out, &arr);
}

int
crm__role_describe(const char *name, bson_t *out, crm_error_t *error)
{
    const crm__role_t *role;
    int rc = 0;

    pthread_rwlock_rdlock(&lock);
    role = lookup(name);
    if (role)
        append_role(out, role);
    else
        rc = crm_error_set(error, CRM_ENOTFOUND, "no role named %s", name);
    pthread_rwlock_unlock(&lock);
    return rc;
}

void
crm__roles_describe_all(bson_t *arr)
{
    char idx[16];
    const char *key;
    uint32_t i = 0;
    bson_t doc;

    pthread_rwlock_rdlock(&lock);
    for (size_t b = 0; b < n_builtin + n_custom; b++) {
        bson_uint32_to_string(i++, &key, idx, sizeof idx);
        bson_append_document_begin(arr, key, -1, &doc);
        append_role(&doc, b < n_builtin ? &builtin[b] : &custom[b - n_builtin]);
        bson_append_document_end(arr, &doc);
    }
    pthread_rwlock_unlock(&lock);
}
