/* The SQLite driver's aggregate. The pipeline ($match, $group, $sort, $limit) becomes
 *
 *   SELECT crm_group(doc, ?pipeline) FROM t WHERE <$match>
 *
 * SQLite selects the rows (the caller's scope through its indexes) and crm_group(), an SQL
 * aggregate function, groups them in a hash table as it goes: one walk over each document
 * finds every group key and accumulator input, and documents never leave the statement. A
 * GROUP BY would sort every row first; hashing touches each row once, which is what makes a
 * report over a million records take about a second (tests/bench/bench_report.c).
 *
 * The result is one BSON blob of the groups, sorted and limited, that the cursor walks.
 * Semantics are MongoDB's: group keys compare by their key encoding (1 and 1.0 are one group;
 * null and missing are one group for a "$path" key, distinct inside a compound key, where a
 * missing value shows as null); $dateTrunc groups by the start of the period (UTC, weeks from
 * Monday); $sum adds integers exactly (as a double past 64 bits) and doubles as doubles, and
 * ignores what is not a number; $avg is null without numbers; $min/$max compare keys and
 * ignore null and missing; $countDistinct ignores null and missing. Like MongoDB's $group
 * without disk use, the groups' memory is capped (GROUPS_MEMORY_CAP). */
#include "store/datetrunc-private.h"
#include "store/store-common-private.h"
#include "store/store-sqlite-private.h"

#include <string.h>

#define MAX_KEYS 16
#define MAX_OUTS 32
#define MAX_PATHS (MAX_KEYS + MAX_OUTS)
#define MAX_SORTS (MAX_KEYS + MAX_OUTS + 1)
#define GROUPS_MEMORY_CAP (100u * 1024 * 1024)

/* ---- the plan, parsed once from the pipeline ---- */

typedef struct path {
    char path[256];
    size_t head; /* length of the first segment */
} path_t;

typedef struct key_def {
    char mode; /* 'k': null and missing alike, 'x': missing apart, 't': $dateTrunc */
    crm__trunc_unit_t unit;
    int path;
    char name[64];
} key_def_t;

typedef enum acc_op { ACC_COUNT, ACC_SUM, ACC_AVG, ACC_DISTINCT, ACC_MIN, ACC_MAX } acc_op_t;

typedef struct acc_def {
    acc_op_t op;
    int path;          /* -1 for ACC_COUNT */
    bool const_double; /* ACC_COUNT: {"$sum": constant} */
    int64_t const_int;
    double const_dbl;
    char name[64];
} acc_def_t;

typedef struct sort_def {
    int what; /* -1: the whole _id; 0..n_keys-1: that key; MAX_KEYS + o: output o */
    int dir;
} sort_def_t;

typedef struct plan {
    int n_paths, n_keys, n_accs, n_sorts;
    bool compound;
    path_t paths[MAX_PATHS];
    key_def_t keys[MAX_KEYS];
    acc_def_t accs[MAX_OUTS];
    sort_def_t sorts[MAX_SORTS];
    int64_t limit; /* -1: none */
} plan_t;

/* The index of PATH ("$path" reference) in PLAN's paths, added when new. */
static int
plan_path(plan_t *plan, const char *ref)
{
    const char *path = ref[0] == '$' ? ref + 1 : ref;

    for (int i = 0; i < plan->n_paths; i++)
        if (!strcmp(plan->paths[i].path, path))
            return i;
    bson_strncpy(plan->paths[plan->n_paths].path, path, sizeof plan->paths[0].path);
    plan->paths[plan->n_paths].head = strcspn(path, ".");
    return plan->n_paths++;
}

/* True when the key at IT is {"$dateTrunc": {...}}. */
static bool
is_date_trunc(const bson_iter_t *it)
{
    bson_iter_t d;

    return BSON_ITER_HOLDS_DOCUMENT(it) && bson_iter_recurse(it, &d) && bson_iter_next(&d) &&
           !strcmp(bson_iter_key(&d), "$dateTrunc");
}

/* Adds the group key at IT, named NAME inside a compound _id. */
static void
plan_key(plan_t *plan, const bson_iter_t *it, const char *name, char mode)
{
    key_def_t *k = &plan->keys[plan->n_keys++];

    bson_strncpy(k->name, name, sizeof k->name);
    k->mode = mode;
    if (is_date_trunc(it)) {
        bson_iter_t d, a;
        const char *date = "$";

        bson_iter_recurse(it, &d);
        bson_iter_next(&d);
        bson_iter_recurse(&d, &a);
        k->unit = CRM__TRUNC_DAY;
        while (bson_iter_next(&a)) {
            if (!strcmp(bson_iter_key(&a), "date"))
                date = bson_iter_utf8(&a, NULL);
            else if (!strcmp(bson_iter_key(&a), "unit"))
                crm__trunc_unit_parse(bson_iter_utf8(&a, NULL), &k->unit);
        }
        k->mode = 't';
        k->path = plan_path(plan, date);
    } else {
        k->path = plan_path(plan, bson_iter_utf8(it, NULL));
    }
}

/* Adds the accumulator NAME: {op: argument} at F. */
static void
plan_acc(plan_t *plan, const char *name, const bson_iter_t *f)
{
    acc_def_t *a = &plan->accs[plan->n_accs++];
    bson_iter_t acc;
    const char *op;

    bson_strncpy(a->name, name, sizeof a->name);
    bson_iter_recurse(f, &acc);
    bson_iter_next(&acc);
    op = bson_iter_key(&acc);
    a->path = -1;
    if (!strcmp(op, "$sum") && !BSON_ITER_HOLDS_UTF8(&acc)) {
        a->op = ACC_COUNT;
        a->const_double = BSON_ITER_HOLDS_DOUBLE(&acc);
        a->const_dbl = a->const_double ? bson_iter_double(&acc) : 0;
        a->const_int = a->const_double ? 0 : bson_iter_as_int64(&acc);
        return;
    }
    a->op = !strcmp(op, "$sum")             ? ACC_SUM
            : !strcmp(op, "$avg")           ? ACC_AVG
            : !strcmp(op, "$countDistinct") ? ACC_DISTINCT
            : !strcmp(op, "$min")           ? ACC_MIN
                                            : ACC_MAX;
    a->path = plan_path(plan, bson_iter_utf8(&acc, NULL));
}

/* Adds the $sort stage at S, then the tie-breaker: the whole key, ascending. */
static void
plan_sort(plan_t *plan, const bson_iter_t *s)
{
    bson_iter_t f;

    bson_iter_recurse(s, &f);
    while (bson_iter_next(&f) && plan->n_sorts < MAX_SORTS - 1) {
        const char *name = bson_iter_key(&f);
        sort_def_t *d = &plan->sorts[plan->n_sorts];

        d->dir = bson_iter_as_int64(&f) < 0 ? -1 : 1;
        d->what = -2;
        if (!strcmp(name, "_id"))
            d->what = -1;
        for (int i = 0; plan->compound && !strncmp(name, "_id.", 4) && i < plan->n_keys; i++)
            if (!strcmp(plan->keys[i].name, name + 4))
                d->what = i;
        for (int i = 0; i < plan->n_accs; i++)
            if (!strcmp(plan->accs[i].name, name))
                d->what = MAX_KEYS + i;
        if (d->what != -2)
            plan->n_sorts++;
    }
}

/* Parses the pipeline PIPELINE (checked by the store) into PLAN. */
static void
plan_parse(plan_t *plan, const bson_t *pipeline)
{
    bson_iter_t it, stage, f, k;

    memset(plan, 0, sizeof *plan);
    plan->limit = -1;
    bson_iter_init(&it, pipeline);
    while (bson_iter_next(&it)) {
        bson_iter_recurse(&it, &stage);
        bson_iter_next(&stage);
        if (!strcmp(bson_iter_key(&stage), "$sort")) {
            plan_sort(plan, &stage);
        } else if (!strcmp(bson_iter_key(&stage), "$limit")) {
            plan->limit = bson_iter_as_int64(&stage);
        } else if (!strcmp(bson_iter_key(&stage), "$group")) {
            bson_iter_recurse(&stage, &f);
            while (bson_iter_next(&f)) {
                if (strcmp(bson_iter_key(&f), "_id") != 0) {
                    if (plan->n_accs < MAX_OUTS)
                        plan_acc(plan, bson_iter_key(&f), &f);
                } else if (BSON_ITER_HOLDS_UTF8(&f) || is_date_trunc(&f)) {
                    plan_key(plan, &f, "_id", 'k');
                } else if (BSON_ITER_HOLDS_DOCUMENT(&f)) {
                    plan->compound = true;
                    bson_iter_recurse(&f, &k);
                    while (bson_iter_next(&k) && plan->n_keys < MAX_KEYS)
                        plan_key(plan, &k, bson_iter_key(&k), 'x');
                }
            }
        }
    }
    plan->sorts[plan->n_sorts++] = (sort_def_t){.what = -1, .dir = 1};
}

/* ---- finding the plan's paths in a document ---- */

/* A found value. bson_iter_t is declared 128-byte aligned but is smaller than that, so an
 * array of them would be misaligned: each is wrapped to pad it. */
typedef struct found {
    bson_iter_t it;
    bool ok;
} found_t;

/* Finds every path of PLAN in DOC in one walk over its top-level fields; as with
 * bson_iter_find(), the first field of a name decides. */
static void
find_paths(const bson_t *doc, const plan_t *plan, found_t *out)
{
    bson_iter_t it;
    int left = plan->n_paths;

    for (int i = 0; i < plan->n_paths; i++)
        out[i].ok = false;
    if (!bson_iter_init(&it, doc))
        return;
    while (left && bson_iter_next(&it)) {
        uint32_t len = bson_iter_key_len(&it);
        const char *key = bson_iter_key(&it);

        for (int i = 0; i < plan->n_paths; i++) {
            const path_t *p = &plan->paths[i];
            bson_iter_t child;

            if (out[i].ok || p->head != len || memcmp(p->path, key, len) != 0)
                continue;
            if (!p->path[len])
                out[i].ok = (out[i].it = it, true);
            else
                out[i].ok = bson_iter_recurse(&it, &child) &&
                            bson_iter_find_descendant(&child, p->path + len + 1, &out[i].it);
            left--;
        }
    }
}

/* True when F holds a value that is neither null nor undefined. */
static bool
present(const found_t *f)
{
    return f->ok && crm__key_type(&f->it) != CRM__KEY_NULL;
}

/* ---- blob sets: open addressing over byte strings ---- */

typedef struct blobset {
    uint32_t *slots; /* entry index + 1; 0 is empty */
    uint32_t cap, n;
} blobset_t;

static uint32_t
hash_bytes(const uint8_t *p, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */

    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

/* Looks up KEY in SET, whose entry I's bytes GET(ctx, I) returns; *FOUND tells whether it was
 * there. Returns the slot where it is or goes. */
typedef const uint8_t *(*entry_bytes_fn)(void *ctx, uint32_t i, size_t *len);

static uint32_t *
blobset_slot(blobset_t *set, const uint8_t *key, size_t len, entry_bytes_fn get, void *ctx,
             bool *found)
{
    uint32_t mask = set->cap - 1, h = hash_bytes(key, len) & mask;

    for (;; h = (h + 1) & mask) {
        size_t elen;
        const uint8_t *e;

        if (!set->slots[h]) {
            *found = false;
            return &set->slots[h];
        }
        e = get(ctx, set->slots[h] - 1, &elen);
        if (elen == len && !memcmp(e, key, len)) {
            *found = true;
            return &set->slots[h];
        }
    }
}

/* Doubles SET's slots when three quarters full; entries are rehashed through GET. */
static void
blobset_grow(blobset_t *set, entry_bytes_fn get, void *ctx)
{
    blobset_t bigger;

    if (set->cap && (set->n + 1) * 4 < set->cap * 3)
        return;
    bigger.cap = set->cap ? set->cap * 2 : 16;
    bigger.n = set->n;
    bigger.slots = bson_malloc0(bigger.cap * sizeof *bigger.slots);
    for (uint32_t i = 0; i < set->cap; i++) {
        if (set->slots[i]) {
            size_t len;
            const uint8_t *e = get(ctx, set->slots[i] - 1, &len);
            bool found;

            *blobset_slot(&bigger, e, len, get, ctx, &found) = set->slots[i];
        }
    }
    bson_free(set->slots);
    *set = bigger;
}

/* A list of byte strings with a set over them (the distinct values of a $countDistinct). */
typedef struct distinct {
    blobset_t set;
    crm__buf_t bytes;
    size_t *offs; /* start of entry i in bytes; entry i ends at offs[i + 1] */
    uint32_t cap;
} distinct_t;

static const uint8_t *
distinct_entry(void *ctx, uint32_t i, size_t *len)
{
    distinct_t *d = ctx;

    *len = d->offs[i + 1] - d->offs[i];
    return d->bytes.data + d->offs[i];
}

/* Adds KEY to D; returns the bytes it newly holds. */
static size_t
distinct_add(distinct_t *d, const uint8_t *key, size_t len)
{
    uint32_t *slot;
    bool found;

    if (!d->offs) {
        crm__buf_init(&d->bytes);
        d->cap = 8;
        d->offs = bson_malloc0((d->cap + 1) * sizeof *d->offs);
    }
    blobset_grow(&d->set, distinct_entry, d);
    slot = blobset_slot(&d->set, key, len, distinct_entry, d, &found);
    if (found)
        return 0;
    if (d->set.n + 1 > d->cap) {
        d->cap *= 2;
        d->offs = bson_realloc(d->offs, (d->cap + 1) * sizeof *d->offs);
    }
    crm__buf_put(&d->bytes, key, len);
    d->offs[d->set.n + 1] = d->bytes.len;
    *slot = ++d->set.n;
    return len + sizeof *d->offs + 2 * sizeof(uint32_t);
}

static void
distinct_free(distinct_t *d)
{
    if (!d->offs)
        return;
    crm__buf_free(&d->bytes);
    bson_free(d->offs);
    bson_free(d->set.slots);
}

/* ---- groups ---- */

typedef struct acc {
    int64_t n;        /* numbers seen ($avg) */
    int64_t i;        /* integer part of a $sum */
    double d;         /* double part of a $sum or $avg */
    bool any_double;  /* a double was added: the $sum is a double */
    uint8_t *key;     /* $min/$max: the best key so far */
    size_t key_len;
    bson_t *val;      /* $min/$max: its value as {"v": value} */
    distinct_t dist;  /* $countDistinct */
} acc_t;

typedef struct group {
    uint8_t *key;
    size_t key_len;
    uint16_t key_end[MAX_KEYS]; /* end of each key's bytes in key */
    int64_t count;
    bson_t id; /* {"_id": value} */
    bson_t out; /* the finished group, built at the end */
    acc_t accs[];
} group_t;

/* The aggregate's state. */
typedef struct groups {
    bool started, failed;
    plan_t plan;
    blobset_t set;
    group_t **list;
    uint32_t n, cap;
    size_t bytes;
    crm__buf_t key; /* scratch */
    crm__buf_t tmp; /* scratch */
} groups_t;

static const uint8_t *
group_entry(void *ctx, uint32_t i, size_t *len)
{
    groups_t *g = ctx;

    *len = g->list[i]->key_len;
    return g->list[i]->key;
}

/* The start of key K's period holding the datetime at F; false when F holds none. */
static bool
truncated(const key_def_t *k, const found_t *f, int64_t *ms)
{
    if (!f->ok || !BSON_ITER_HOLDS_DATE_TIME(&f->it))
        return false;
    *ms = crm__date_trunc(bson_iter_date_time(&f->it), k->unit);
    return true;
}

/* Builds into G->key the concatenated keys of the document whose paths are FOUND (each key
 * self-delimiting, so the concatenation orders as the tuple of keys). */
static void
build_key(groups_t *g, const found_t *found, uint16_t *ends)
{
    crm__buf_reset(&g->key);
    for (int i = 0; i < g->plan.n_keys; i++) {
        const key_def_t *k = &g->plan.keys[i];
        const found_t *f = &found[k->path];
        int64_t ms;

        if (k->mode == 't')
            truncated(k, f, &ms) ? crm__key_encode_date(ms, &g->key)
                                 : crm__buf_byte(&g->key, CRM__KEY_NULL);
        else if (!f->ok)
            crm__buf_byte(&g->key, k->mode == 'x' ? CRM__KEY_MISSING : CRM__KEY_NULL);
        else
            crm__key_encode(&f->it, &g->key);
        ends[i] = (uint16_t)(g->key.len > UINT16_MAX ? UINT16_MAX : g->key.len);
    }
}

/* Appends key I's value in the document whose paths are FOUND to OUT under NAME. */
static void
append_key_value(const groups_t *g, int i, const found_t *found, bson_t *out, const char *name)
{
    const key_def_t *k = &g->plan.keys[i];
    const found_t *f = &found[k->path];
    int64_t ms;

    if (k->mode == 't')
        truncated(k, f, &ms) ? bson_append_date_time(out, name, -1, ms)
                             : bson_append_null(out, name, -1);
    else if (f->ok)
        bson_append_iter(out, name, -1, &f->it);
    else
        bson_append_null(out, name, -1);
}

/* A new group for the key in G->key, its _id from the document whose paths are FOUND. */
static group_t *
group_new(groups_t *g, const found_t *found, const uint16_t *ends)
{
    size_t size = sizeof(group_t) + (size_t)g->plan.n_accs * sizeof(acc_t);
    group_t *grp = bson_malloc0(size);

    grp->key = bson_malloc(g->key.len ? g->key.len : 1);
    memcpy(grp->key, g->key.data, g->key.len);
    grp->key_len = g->key.len;
    memcpy(grp->key_end, ends, sizeof grp->key_end);
    bson_init(&grp->id);
    if (!g->plan.n_keys) {
        bson_append_null(&grp->id, "_id", 3);
    } else if (!g->plan.compound) {
        append_key_value(g, 0, found, &grp->id, "_id");
    } else {
        bson_t id;

        bson_append_document_begin(&grp->id, "_id", 3, &id);
        for (int i = 0; i < g->plan.n_keys; i++)
            append_key_value(g, i, found, &id, g->plan.keys[i].name);
        bson_append_document_end(&grp->id, &id);
    }
    g->bytes += size + grp->key_len + grp->id.len + 64;
    return grp;
}

/* Adds the number at F to ACC; false when it is not a number. */
static bool
add_number(acc_t *acc, const found_t *f)
{
    if (!f->ok)
        return false;
    switch (bson_iter_type(&f->it)) {
    case BSON_TYPE_INT32:
    case BSON_TYPE_INT64: {
        int64_t v = bson_iter_as_int64(&f->it), sum;

        if (__builtin_add_overflow(acc->i, v, &sum)) {
            acc->d += (double)acc->i + (double)v;
            acc->i = 0;
            acc->any_double = true;
        } else {
            acc->i = sum;
        }
        break;
    }
    case BSON_TYPE_DOUBLE:
    case BSON_TYPE_DECIMAL128:
        acc->d += bson_iter_as_double(&f->it);
        acc->any_double = true;
        break;
    default:
        return false;
    }
    acc->n++;
    return true;
}

/* Keeps the value at F in ACC when it beats the best so far (WANT < 0: smaller). */
static void
add_extreme(groups_t *g, acc_t *acc, const found_t *f, int want)
{
    int r = 0;

    if (!present(f))
        return;
    crm__buf_reset(&g->tmp);
    crm__key_encode(&f->it, &g->tmp);
    if (acc->val) {
        size_t n = g->tmp.len < acc->key_len ? g->tmp.len : acc->key_len;

        r = memcmp(g->tmp.data, acc->key, n);
        if (r == 0)
            r = g->tmp.len < acc->key_len ? -1 : g->tmp.len > acc->key_len;
        if (want < 0 ? r >= 0 : r <= 0)
            return;
        g->bytes -= acc->key_len + acc->val->len;
        bson_destroy(acc->val);
    }
    bson_free(acc->key);
    acc->key = bson_malloc(g->tmp.len);
    memcpy(acc->key, g->tmp.data, g->tmp.len);
    acc->key_len = g->tmp.len;
    acc->val = bson_new();
    bson_append_iter(acc->val, "v", 1, &f->it);
    g->bytes += acc->key_len + acc->val->len;
}

/* Adds the document whose paths are FOUND to the group GRP. */
static void
group_add(groups_t *g, group_t *grp, const found_t *found)
{
    grp->count++;
    for (int i = 0; i < g->plan.n_accs; i++) {
        const acc_def_t *a = &g->plan.accs[i];
        acc_t *acc = &grp->accs[i];
        const found_t *f = a->path >= 0 ? &found[a->path] : NULL;

        switch (a->op) {
        case ACC_COUNT:
            break;
        case ACC_SUM:
        case ACC_AVG:
            add_number(acc, f);
            break;
        case ACC_DISTINCT:
            if (present(f)) {
                crm__buf_reset(&g->tmp);
                crm__key_encode(&f->it, &g->tmp);
                g->bytes += distinct_add(&acc->dist, g->tmp.data, g->tmp.len);
            }
            break;
        case ACC_MIN:
        case ACC_MAX:
            add_extreme(g, acc, f, a->op == ACC_MIN ? -1 : 1);
            break;
        }
    }
}

/* crm_group(doc, pipeline): step. */
static void
fn_group_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    groups_t *g = sqlite3_aggregate_context(ctx, sizeof *g);
    const uint8_t *data = sqlite3_value_blob(argv[0]);
    int len = sqlite3_value_bytes(argv[0]);
    found_t found[MAX_PATHS];
    uint16_t ends[MAX_KEYS] = {0};
    bson_t doc;
    uint32_t *slot;
    bool known;

    (void)argc;
    if (!g || g->failed)
        return;
    if (!g->started) {
        bson_t pipeline;

        if (!bson_init_static(&pipeline, sqlite3_value_blob(argv[1]),
                              (size_t)sqlite3_value_bytes(argv[1]))) {
            g->failed = true;
            sqlite3_result_error(ctx, "crm_group: bad pipeline", -1);
            return;
        }
        plan_parse(&g->plan, &pipeline);
        crm__buf_init(&g->key);
        crm__buf_init(&g->tmp);
        g->started = true;
    }
    if (!data || len < 5 || !bson_init_static(&doc, data, (size_t)len))
        return;
    find_paths(&doc, &g->plan, found);
    build_key(g, found, ends);
    blobset_grow(&g->set, group_entry, g);
    slot = blobset_slot(&g->set, g->key.data, g->key.len, group_entry, g, &known);
    if (!known) {
        if (g->n == g->cap) {
            g->cap = g->cap ? g->cap * 2 : 64;
            g->list = bson_realloc(g->list, g->cap * sizeof *g->list);
        }
        g->list[g->n] = group_new(g, found, ends);
        *slot = ++g->n;
        g->set.n++;
    }
    group_add(g, g->list[*slot - 1], found);
    if (g->bytes > GROUPS_MEMORY_CAP) {
        g->failed = true;
        sqlite3_result_error(ctx,
                             "the aggregation has too many groups to hold in memory "
                             "(over 100 MB): narrow it with a filter or fewer group keys",
                             -1);
    }
}

/* Builds GRP's finished document {_id, outputs...} into GRP->out. */
static void
group_finish(const groups_t *g, group_t *grp)
{
    bson_iter_t it;

    bson_init(&grp->out);
    bson_iter_init(&it, &grp->id);
    bson_iter_next(&it);
    bson_append_iter(&grp->out, "_id", 3, &it);
    for (int i = 0; i < g->plan.n_accs; i++) {
        const acc_def_t *a = &g->plan.accs[i];
        acc_t *acc = &grp->accs[i];
        bson_iter_t v;

        switch (a->op) {
        case ACC_COUNT:
            if (a->const_double)
                bson_append_double(&grp->out, a->name, -1, (double)grp->count * a->const_dbl);
            else
                bson_append_int64(&grp->out, a->name, -1, grp->count * a->const_int);
            break;
        case ACC_SUM:
            if (acc->any_double)
                bson_append_double(&grp->out, a->name, -1, (double)acc->i + acc->d);
            else
                bson_append_int64(&grp->out, a->name, -1, acc->i);
            break;
        case ACC_AVG:
            if (acc->n)
                bson_append_double(&grp->out, a->name, -1,
                                   ((double)acc->i + acc->d) / (double)acc->n);
            else
                bson_append_null(&grp->out, a->name, -1);
            break;
        case ACC_DISTINCT:
            bson_append_int64(&grp->out, a->name, -1, acc->dist.set.n);
            break;
        case ACC_MIN:
        case ACC_MAX:
            if (acc->val && bson_iter_init_find(&v, acc->val, "v"))
                bson_append_iter(&grp->out, a->name, -1, &v);
            else
                bson_append_null(&grp->out, a->name, -1);
            break;
        }
    }
}

/* The plan being sorted by (qsort has no context argument; one statement steps at a time on
 * a connection, but connections run on several threads). */
static _Thread_local const plan_t *sorting;

/* Compares the byte strings A and B as keys. */
static int
cmp_bytes(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    int r = memcmp(a, b, alen < blen ? alen : blen);

    return r ? r : (alen > blen) - (alen < blen);
}

/* Compares output NAME of the finished groups A and B by their keys. */
static int
cmp_output(const group_t *a, const group_t *b, const char *name)
{
    bson_iter_t ia, ib;
    crm__buf_t ka, kb;
    int r;

    crm__buf_init(&ka);
    crm__buf_init(&kb);
    if (bson_iter_init_find(&ia, &a->out, name))
        crm__key_encode(&ia, &ka);
    if (bson_iter_init_find(&ib, &b->out, name))
        crm__key_encode(&ib, &kb);
    r = cmp_bytes(ka.data, ka.len, kb.data, kb.len);
    crm__buf_free(&ka);
    crm__buf_free(&kb);
    return r;
}

static int
cmp_groups(const void *pa, const void *pb)
{
    const group_t *a = *(group_t *const *)pa, *b = *(group_t *const *)pb;

    for (int i = 0; i < sorting->n_sorts; i++) {
        const sort_def_t *s = &sorting->sorts[i];
        int r;

        if (s->what == -1) {
            r = cmp_bytes(a->key, a->key_len, b->key, b->key_len);
        } else if (s->what < MAX_KEYS) {
            size_t as = s->what ? a->key_end[s->what - 1] : 0;
            size_t bs = s->what ? b->key_end[s->what - 1] : 0;

            r = cmp_bytes(a->key + as, a->key_end[s->what] - as, b->key + bs,
                          b->key_end[s->what] - bs);
        } else {
            r = cmp_output(a, b, sorting->accs[s->what - MAX_KEYS].name);
        }
        if (r)
            return r * s->dir;
    }
    return 0;
}

/* crm_group(doc, pipeline): the groups as {"0": group, "1": ...}, sorted and limited; NULL
 * when no row was seen. */
static void
fn_group_final(sqlite3_context *ctx)
{
    groups_t *g = sqlite3_aggregate_context(ctx, 0);
    bson_t out = BSON_INITIALIZER;

    if (!g || !g->started) {
        sqlite3_result_null(ctx);
        bson_destroy(&out);
        return;
    }
    if (!g->failed) {
        uint32_t n = g->n;

        for (uint32_t i = 0; i < g->n; i++)
            group_finish(g, g->list[i]);
        sorting = &g->plan;
        qsort(g->list, g->n, sizeof *g->list, cmp_groups);
        sorting = NULL;
        if (g->plan.limit >= 0 && (uint64_t)g->plan.limit < n)
            n = (uint32_t)g->plan.limit;
        for (uint32_t i = 0; i < n; i++) {
            char key[16];
            const char *k;

            bson_uint32_to_string(i, &k, key, sizeof key);
            bson_append_document(&out, k, -1, &g->list[i]->out);
        }
        sqlite3_result_blob(ctx, bson_get_data(&out), (int)out.len, SQLITE_TRANSIENT);
    }
    for (uint32_t i = 0; i < g->n; i++) {
        group_t *grp = g->list[i];

        for (int a = 0; a < g->plan.n_accs; a++) {
            bson_free(grp->accs[a].key);
            if (grp->accs[a].val)
                bson_destroy(grp->accs[a].val);
            distinct_free(&grp->accs[a].dist);
        }
        if (!g->failed)
            bson_destroy(&grp->out);
        bson_destroy(&grp->id);
        bson_free(grp->key);
        bson_free(grp);
    }
    bson_free(g->list);
    bson_free(g->set.slots);
    crm__buf_free(&g->key);
    crm__buf_free(&g->tmp);
    bson_destroy(&out);
}

int
crm__sqlite_register_group_functions(sqlite3 *db)
{
    return sqlite3_create_function(db, "crm_group", 2,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                   NULL, fn_group_step, fn_group_final);
}

/* ---- the cursor over the groups ---- */

typedef struct agg_cursor {
    crm__conn_t *conn;
    sqlite3_stmt *stmt;
    bson_t groups; /* the result of crm_group() */
    bson_iter_t it;
    bool have_groups;
    bson_t doc;
} agg_cursor_t;

static bool
agg_next(crm_cursor_t *cursor, const bson_t **doc)
{
    agg_cursor_t *ac = cursor->impl;
    const uint8_t *data;
    uint32_t len;

    if (!ac || !ac->have_groups || !bson_iter_next(&ac->it) ||
        !BSON_ITER_HOLDS_DOCUMENT(&ac->it))
        return false;
    bson_iter_document(&ac->it, &len, &data);
    bson_destroy(&ac->doc);
    bson_init_static(&ac->doc, data, len);
    *doc = &ac->doc;
    return true;
}

static void
agg_destroy(crm_cursor_t *cursor)
{
    agg_cursor_t *ac = cursor->impl;

    if (!ac)
        return;
    if (ac->have_groups)
        bson_destroy(&ac->groups);
    bson_free(ac);
}

crm_cursor_t *
crm__sqlite_aggregate(void *impl, const char *coll, const bson_t *pipeline, crm_error_t *error)
{
    crm__conn_t *conn = crm__sqlite_conn(impl, error);
    crm__coll_t meta = {0};
    crm__where_t w;
    crm_cursor_t *cursor = NULL;
    agg_cursor_t *ac;
    bson_iter_t it, stage;
    bson_t match;
    bool have_match = false;
    bson_string_t *sql = NULL;
    sqlite3_stmt *stmt = NULL;
    int step;

    crm__where_init(&w);
    if (!conn || crm__coll_load(conn, coll, &meta, error))
        goto done;
    bson_iter_init(&it, pipeline);
    while (bson_iter_next(&it)) {
        bson_iter_recurse(&it, &stage);
        bson_iter_next(&stage);
        if (!strcmp(bson_iter_key(&stage), "$match")) {
            const uint8_t *data;
            uint32_t len;

            bson_iter_document(&stage, &len, &data);
            bson_init_static(&match, data, len);
            have_match = true;
        }
    }
    /* An aggregate's period usually spans much of a collection, and without range statistics
     * SQLite would walk the index and fetch every row at random: ranges scan, equalities (the
     * caller's scope) still use their indexes. */
    w.ranges_scan = true;
    if (crm__where_compile(&meta, have_match ? &match : NULL, &w, error))
        goto done;
    cursor = crm__cursor_new();
    ac = bson_malloc0(sizeof *ac);
    bson_init(&ac->doc);
    cursor->impl = ac;
    cursor->next = agg_next;
    cursor->destroy = agg_destroy;
    if (!meta.exists)
        goto done;
    sql = bson_string_new(NULL);
    bson_string_append_printf(sql, "SELECT crm_group(doc, ?%zu) FROM \"%s\" WHERE %s",
                              w.n_params + 1, meta.table, w.sql->str);
    stmt = crm__stmt_get(conn, sql->str, error);
    if (!stmt) {
        crm_cursor_destroy(cursor);
        cursor = NULL;
        goto done;
    }
    for (size_t i = 0; i < w.n_params; i++) {
        if (w.params[i].is_text)
            sqlite3_bind_text(stmt, (int)i + 1, (const char *)w.params[i].data,
                              (int)w.params[i].len, SQLITE_TRANSIENT);
        else
            sqlite3_bind_blob(stmt, (int)i + 1, w.params[i].data, (int)w.params[i].len,
                              SQLITE_TRANSIENT);
    }
    sqlite3_bind_blob(stmt, (int)w.n_params + 1, bson_get_data(pipeline), (int)pipeline->len,
                      SQLITE_STATIC);
    step = sqlite3_step(stmt);
    if (step != SQLITE_ROW) {
        crm__sqlite_fail(conn, step, "aggregate", error);
        crm_cursor_destroy(cursor);
        cursor = NULL;
    } else if (sqlite3_column_type(stmt, 0) == SQLITE_BLOB) {
        bson_init_static(&match, sqlite3_column_blob(stmt, 0),
                         (size_t)sqlite3_column_bytes(stmt, 0));
        bson_copy_to(&match, &ac->groups);
        ac->have_groups = bson_iter_init(&ac->it, &ac->groups);
    }
    crm__stmt_release(conn, stmt);
done:
    if (sql)
        bson_string_free(sql, true);
    crm__where_free(&w);
    crm__coll_clear(&meta);
    return cursor;
}
