/* The org tree in memory: a copy of the "org_units" collection, sorted by id with each unit's
 * children linked, so that a subtree costs what it contains. Reloaded when this instance
 * changes the tree (crm__org_invalidate) and at most every few seconds otherwise, since
 * another instance sharing the store may change it. */
#include "authz/authz-impl-private.h"
#include "common/timefmt-private.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* How long a loaded tree is trusted when this instance has not changed it. */
#define RELOAD_MS 3000

typedef struct unit {
    char id[25];
    char parent[25]; /* "" for the root */
    char *name;
    crm__org_kind_t kind;
    int64_t created_at;
    ssize_t first_child; /* indexes into units, -1 for none */
    ssize_t next_sibling;
} unit_t;

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static unit_t *units;
static size_t n_units;
static bool loaded;
static int64_t loaded_at;

static const char *const kind_names[] = {"bank", "region", "branch", "team"};

crm__org_kind_t
crm__org_kind_parse(const char *name)
{
    for (int k = CRM__ORG_BANK; name && k < CRM__ORG_KIND_INVALID; k++)
        if (strcmp(name, kind_names[k]) == 0)
            return (crm__org_kind_t)k;
    return CRM__ORG_KIND_INVALID;
}

const char *
crm__org_kind_name(crm__org_kind_t kind)
{
    return kind < CRM__ORG_KIND_INVALID ? kind_names[kind] : "?";
}

bool
crm__org_kind_may_nest(crm__org_kind_t parent, crm__org_kind_t child)
{
    /* Deeper kinds only, and a bank only at the root: a small bank may skip regions. */
    return parent < CRM__ORG_KIND_INVALID && child < CRM__ORG_KIND_INVALID &&
           child != CRM__ORG_BANK && child > parent;
}

static void
free_units(unit_t *u, size_t n)
{
    for (size_t i = 0; u && i < n; i++)
        free(u[i].name);
    free(u);
}

static int
cmp_unit(const void *a, const void *b)
{
    return strcmp(((const unit_t *)a)->id, ((const unit_t *)b)->id);
}

/* The index of ID in U (sorted), or -1. */
static ssize_t
index_of(const unit_t *u, size_t n, const char *id)
{
    unit_t key;
    const unit_t *found;

    if (!id || strlen(id) != 24)
        return -1;
    memcpy(key.id, id, 25);
    found = bsearch(&key, u, n, sizeof *u, cmp_unit);
    return found ? found - u : -1;
}

/* Reads the collection into a new sorted, linked array. */
static int
read_tree(crm_store_t *store, unit_t **out, size_t *n_out, crm_error_t *error)
{
    crm_cursor_t *cur = NULL;
    const bson_t *doc;
    unit_t *u = NULL;
    size_t n = 0;
    int rc = 0;

    cur = crm_store_find(store, CRM__ORG_COLLECTION, NULL, NULL, error);
    if (!cur)
        return error ? error->code : CRM_ESTORE;
    while (crm_cursor_next(cur, &doc)) {
        unit_t *grown = realloc(u, (n + 1) * sizeof *u), *x;
        bson_iter_t it;

        if (!grown) {
            rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
            goto done;
        }
        u = grown;
        x = memset(&u[n], 0, sizeof *x);
        if (!bson_iter_init_find(&it, doc, "_id") || !BSON_ITER_HOLDS_OID(&it))
            continue;
        bson_oid_to_string(bson_iter_oid(&it), x->id);
        if (bson_iter_init_find(&it, doc, "parent_id") && BSON_ITER_HOLDS_OID(&it))
            bson_oid_to_string(bson_iter_oid(&it), x->parent);
        if (bson_iter_init_find(&it, doc, "kind") && BSON_ITER_HOLDS_UTF8(&it))
            x->kind = crm__org_kind_parse(bson_iter_utf8(&it, NULL));
        if (bson_iter_init_find(&it, doc, "created_at") && BSON_ITER_HOLDS_DATE_TIME(&it))
            x->created_at = bson_iter_date_time(&it);
        x->name = strdup(bson_iter_init_find(&it, doc, "name") && BSON_ITER_HOLDS_UTF8(&it)
                             ? bson_iter_utf8(&it, NULL)
                             : "");
        n++;
        if (!x->name) {
            rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
            goto done;
        }
    }
    if (crm_cursor_error(cur, error)) {
        rc = error ? error->code : CRM_ESTORE;
        goto done;
    }
    if (n > 0)
        qsort(u, n, sizeof *u, cmp_unit);
    for (size_t i = 0; i < n; i++)
        u[i].first_child = u[i].next_sibling = -1;
    /* Link children in reverse so that each list ends up in id (creation) order. */
    for (size_t i = n; i-- > 0;) {
        ssize_t p = u[i].parent[0] ? index_of(u, n, u[i].parent) : -1;
        if (p >= 0) {
            u[i].next_sibling = u[p].first_child;
            u[p].first_child = (ssize_t)i;
        }
    }
done:
    crm_cursor_destroy(cur);
    if (rc != 0) {
        free_units(u, n);
        return rc;
    }
    *out = u;
    *n_out = n;
    return 0;
}

static bool
fresh(void)
{
    return loaded && crm__now_ms() - loaded_at < RELOAD_MS;
}

/* Returns with the read lock held on a tree recent enough, or an error without the lock. */
static int
acquire(crm_error_t *error)
{
    crm_store_t *store = crm__authz_store();
    unit_t *u = NULL, *old = NULL;
    size_t n = 0, n_old = 0;
    int rc;

    pthread_rwlock_rdlock(&lock);
    if (fresh() || !store)
        return 0;
    pthread_rwlock_unlock(&lock);
    rc = read_tree(store, &u, &n, error);
    if (rc != 0)
        return rc;
    pthread_rwlock_wrlock(&lock);
    old = units;
    n_old = n_units;
    units = u;
    n_units = n;
    loaded = true;
    loaded_at = crm__now_ms();
    pthread_rwlock_unlock(&lock);
    free_units(old, n_old);
    pthread_rwlock_rdlock(&lock);
    return 0;
}

void
crm__org_invalidate(void)
{
    pthread_rwlock_wrlock(&lock);
    loaded = false;
    pthread_rwlock_unlock(&lock);
    crm__authz_bump_generation();
}

void
crm__org_close(void)
{
    pthread_rwlock_wrlock(&lock);
    free_units(units, n_units);
    units = NULL;
    n_units = 0;
    loaded = false;
    pthread_rwlock_unlock(&lock);
}

bool
crm__org_unit_exists(const char *unit_id)
{
    bson_t filter = BSON_INITIALIZER;
    crm_store_t *store = crm__authz_store();
    bson_oid_t oid;
    int64_t n = 0;
    bool found;

    if (acquire(NULL) != 0)
        return false;
    found = index_of(units, n_units, unit_id) >= 0;
    pthread_rwlock_unlock(&lock);
    /* Another instance may have created it since the tree was loaded. */
    if (!found && store && unit_id && bson_oid_is_valid(unit_id, strlen(unit_id)) &&
        strlen(unit_id) == 24) {
        bson_oid_init_from_string(&oid, unit_id);
        BSON_APPEND_OID(&filter, "_id", &oid);
        found = crm_store_count(store, CRM__ORG_COLLECTION, &filter, &n, NULL) == 0 && n > 0;
    }
    bson_destroy(&filter);
    return found;
}

int
crm__org_parent(const char *unit_id, char parent[25], crm_error_t *error)
{
    ssize_t i;
    int rc = acquire(error);

    if (rc != 0)
        return rc;
    i = index_of(units, n_units, unit_id);
    if (i >= 0)
        memcpy(parent, units[i].parent, 25);
    pthread_rwlock_unlock(&lock);
    if (i < 0)
        return crm_error_set(error, CRM_ENOTFOUND, "no org unit with id %s",
                             unit_id ? unit_id : "(none)");
    return 0;
}

int
crm__org_subtree(const char *unit_id, char ***ids, size_t *n, crm_error_t *error)
{
    char **out = NULL;
    size_t count = 0;
    ssize_t *stack = NULL;
    size_t depth = 0;
    ssize_t start;
    int rc;

    *ids = NULL;
    *n = 0;
    rc = acquire(error);
    if (rc != 0)
        return rc;
    out = calloc(n_units + 1, sizeof *out);
    stack = calloc(n_units + 1, sizeof *stack);
    if (!out || !stack || !(out[count++] = strdup(unit_id))) {
        rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
        goto done;
    }
    start = index_of(units, n_units, unit_id);
    if (start >= 0)
        stack[depth++] = start;
    while (depth > 0) {
        ssize_t i = stack[--depth];
        for (ssize_t c = units[i].first_child; c >= 0; c = units[c].next_sibling) {
            /* A corrupt tree with a cycle must not loop: each unit is taken once at most. */
            if (count > n_units)
                break;
            if (!(out[count] = strdup(units[c].id))) {
                rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
                goto done;
            }
            count++;
            stack[depth++] = c;
            if (depth > n_units)
                depth = n_units;
        }
    }
done:
    pthread_rwlock_unlock(&lock);
    free(stack);
    if (rc != 0) {
        crm__strv_free(out, count);
        return rc;
    }
    *ids = out;
    *n = count;
    return 0;
}

static void
append_unit(bson_t *arr, uint32_t i, const unit_t *u, int depth)
{
    char idx[16], at[25];
    const char *key;
    bson_t doc;

    bson_uint32_to_string(i, &key, idx, sizeof idx);
    bson_append_document_begin(arr, key, -1, &doc);
    BSON_APPEND_UTF8(&doc, "id", u->id);
    BSON_APPEND_UTF8(&doc, "name", u->name);
    BSON_APPEND_UTF8(&doc, "kind", crm__org_kind_name(u->kind));
    if (u->parent[0])
        BSON_APPEND_UTF8(&doc, "parent_id", u->parent);
    else
        BSON_APPEND_NULL(&doc, "parent_id");
    BSON_APPEND_INT32(&doc, "depth", depth);
    crm__datetime_format(u->created_at, at);
    BSON_APPEND_UTF8(&doc, "created_at", at);
    bson_append_document_end(arr, &doc);
}

int
crm__org_describe_all(bson_t *arr, crm_error_t *error)
{
    ssize_t *stack = NULL;
    int *depths = NULL;
    size_t top = 0;
    uint32_t out = 0;
    int rc;

    rc = acquire(error);
    if (rc != 0)
        return rc;
    stack = calloc(n_units + 1, sizeof *stack);
    depths = calloc(n_units + 1, sizeof *depths);
    if (!stack || !depths) {
        rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
        goto done;
    }
    /* Depth first from each root (units whose parent is missing count as roots). */
    for (size_t r = n_units; r-- > 0;) {
        if (units[r].parent[0] && index_of(units, n_units, units[r].parent) >= 0)
            continue;
        stack[0] = (ssize_t)r;
        depths[0] = 0;
        top = 1;
        while (top > 0 && out <= n_units) {
            ssize_t i = stack[--top];
            int d = depths[top];
            size_t first = top;

            append_unit(arr, out++, &units[i], d);
            for (ssize_t c = units[i].first_child; c >= 0 && top < n_units;
                 c = units[c].next_sibling) {
                stack[top] = c;
                depths[top++] = d + 1;
            }
            /* Reverse the children pushed so they come out in order. */
            for (size_t a = first, b = top; a + 1 < b; a++, b--) {
                ssize_t t = stack[a];
                stack[a] = stack[b - 1];
                stack[b - 1] = t;
            }
        }
    }
done:
    pthread_rwlock_unlock(&lock);
    free(stack);
    free(depths);
    return rc;
}
