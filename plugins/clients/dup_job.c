/* The nightly job clients_duplicates: reads every client once (pages of 500 in id order, only
 * the keys kept in memory), sorts one entry per key value (national id, registration number,
 * each phone, each e-mail, the birth date), and pairs only clients in the same run of equal
 * keys — O(n log n) for the base, not O(n^2). Each pair is judged by clients_dup_compare() and
 * stored as a duplicate_candidate: new pairs created, open ones whose reasons changed updated,
 * open ones no longer found removed; dismissed and merged pairs are left as people decided. */
#include "clients-private.h"
#include "duplicates-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 500
#define WRITES_PER_TRANSACTION 200

/* One key value of one client. */
typedef struct entry {
    char type; /* n national id, r registration number, p phone, e e-mail, b birth date */
    const char *value;
    uint32_t who;
} entry_t;

/* A stored candidate. */
typedef struct existing {
    char a[25], b[25], id[25]; /* a < b */
    int rank;                  /* 0 merged, 1 dismissed, 2 open: the first of a pair wins */
    unsigned reasons;
    int score;
    bool used;
} existing_t;

typedef enum { ACT_CREATE, ACT_UPDATE, ACT_DELETE } act_kind_t;

typedef struct action {
    act_kind_t kind;
    size_t pair;     /* ACT_CREATE, ACT_UPDATE: index into pairs */
    size_t existing; /* ACT_UPDATE, ACT_DELETE: index into existing */
} action_t;

typedef struct pair {
    uint32_t a, b; /* indexes into clients, a < b (so a's id is the older) */
    unsigned reasons;
} pair_t;

typedef struct job {
    crm_job_run_t *run;
    const crm_identity_t *actor;
    clients_dup_keys_t *clients;
    size_t n_clients, cap_clients;
    existing_t *existing;
    size_t n_existing, cap_existing;
    pair_t *pairs;
    size_t n_pairs, cap_pairs;
    action_t *actions;
    size_t n_actions, cap_actions, next_action;
    int64_t written[3]; /* by act_kind_t, in the transaction under way */
    size_t page;
    char last_id[25];
    char now[32];
} job_t;

#define GROW(ptr, n, cap)                                                                          \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            (cap) = (cap) ? (cap)*2 : 64;                                                          \
            (ptr) = bson_realloc((ptr), (cap) * sizeof *(ptr));                                    \
        }                                                                                          \
    } while (0)

/* --- reading --- */

static int
add_client(const bson_t *record, void *data, crm_error_t *error)
{
    job_t *job = data;

    (void)error;
    job->page++;
    snprintf(job->last_id, sizeof job->last_id, "%s", clients_str(record, "id"));
    GROW(job->clients, job->n_clients, job->cap_clients);
    if (!clients_dup_keys_read(record, &job->clients[job->n_clients]))
        return 0;
    if (job->clients[job->n_clients].merged) /* never a candidate again */
        clients_dup_keys_clear(&job->clients[job->n_clients]);
    else
        job->n_clients++;
    return 0;
}

static int
add_existing(const bson_t *record, void *data, crm_error_t *error)
{
    job_t *job = data;
    const char *a = clients_str(record, "client_a"), *b = clients_str(record, "client_b");
    const char *status = clients_str(record, "status");
    existing_t *e;
    bson_iter_t it;

    (void)error;
    job->page++;
    snprintf(job->last_id, sizeof job->last_id, "%s", clients_str(record, "id"));
    if (!a || !b || !status)
        return 0;
    GROW(job->existing, job->n_existing, job->cap_existing);
    e = &job->existing[job->n_existing++];
    memset(e, 0, sizeof *e);
    if (strcmp(a, b) > 0) {
        const char *t = a;
        a = b;
        b = t;
    }
    snprintf(e->a, sizeof e->a, "%s", a);
    snprintf(e->b, sizeof e->b, "%s", b);
    snprintf(e->id, sizeof e->id, "%s", job->last_id);
    e->rank = strcmp(status, "merged") == 0 ? 0 : strcmp(status, "dismissed") == 0 ? 1 : 2;
    if (bson_iter_init_find(&it, record, "reasons"))
        e->reasons = clients_dup_reasons_parse(&it);
    if (bson_iter_init_find(&it, record, "score") && BSON_ITER_HOLDS_INT(&it))
        e->score = (int)bson_iter_as_int64(&it);
    return 0;
}

/* Calls FN for every record of ENTITY, in pages in id order. */
static int
read_all(job_t *job, const char *entity, crm_entity_each_fn fn, crm_error_t *error)
{
    int rc = 0;

    job->last_id[0] = '\0';
    do {
        bson_t page = BSON_INITIALIZER, after;

        if (job->last_id[0]) {
            BSON_APPEND_DOCUMENT_BEGIN(&page, "id", &after);
            BSON_APPEND_UTF8(&after, "$gt", job->last_id);
            bson_append_document_end(&page, &after);
        }
        job->page = 0;
        rc = crm_entity_list(job->actor, entity, &page, "id", PAGE, fn, job, error);
        bson_destroy(&page);
    } while (rc == 0 && job->page == PAGE && !crm_job_stopping(job->run));
    return rc;
}

/* --- pairing --- */

/* qsort() of N items at BASE; N may be 0 with BASE NULL. */
static void
sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

static int
by_key(const void *x, const void *y)
{
    const entry_t *a = x, *b = y;
    int c = a->type - b->type;

    if (c == 0)
        c = strcmp(a->value, b->value);
    return c ? c : (a->who > b->who) - (a->who < b->who);
}

static int
by_pair(const void *x, const void *y)
{
    const pair_t *a = x, *b = y;

    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return (a->b > b->b) - (a->b < b->b);
}

static void
add_pair(job_t *job, uint32_t a, uint32_t b)
{
    GROW(job->pairs, job->n_pairs, job->cap_pairs);
    job->pairs[job->n_pairs++] = (pair_t){a < b ? a : b, a < b ? b : a, 0};
}

static entry_t *
make_entries(const job_t *job, size_t *n)
{
    size_t cap = 0;
    entry_t *entries = NULL;

    *n = 0;
    for (uint32_t i = 0; i < job->n_clients; i++) {
        const clients_dup_keys_t *c = &job->clients[i];

        if (c->national_id) {
            GROW(entries, *n, cap);
            entries[(*n)++] = (entry_t){'n', c->national_id, i};
        }
        if (c->registration_number) {
            GROW(entries, *n, cap);
            entries[(*n)++] = (entry_t){'r', c->registration_number, i};
        }
        for (size_t k = 0; k < c->n_phones; k++) {
            GROW(entries, *n, cap);
            entries[(*n)++] = (entry_t){'p', c->phones[k], i};
        }
        for (size_t k = 0; k < c->n_emails; k++) {
            GROW(entries, *n, cap);
            entries[(*n)++] = (entry_t){'e', c->emails[k], i};
        }
        if (c->name && c->birth_date[0]) {
            GROW(entries, *n, cap);
            entries[(*n)++] = (entry_t){'b', c->birth_date, i};
        }
    }
    return entries;
}

/* Pairs the clients of each run of equal keys: all of them for an identifying key, those with
 * similar names for a birth date. A run longer than the key's limit is skipped and counted. */
static void
find_pairs(job_t *job)
{
    size_t n = 0, skipped = 0;
    entry_t *e = make_entries(job, &n);

    sort(e, n, sizeof *e, by_key);
    for (size_t start = 0, end; start < n; start = end) {
        size_t max;

        for (end = start + 1;
             end < n && e[end].type == e[start].type && strcmp(e[end].value, e[start].value) == 0;
             end++)
            ;
        max = e[start].type == 'b' ? CLIENTS_DUP_MAX_BIRTH_BLOCK : CLIENTS_DUP_MAX_BLOCK;
        if (end - start > max) {
            skipped++;
            continue;
        }
        for (size_t i = start; i < end; i++) {
            for (size_t j = i + 1; j < end; j++) {
                bool exact;

                if (e[i].who == e[j].who)
                    continue;
                if (e[start].type != 'b' ||
                    clients_dup_names_similar(job->clients[e[i].who].name,
                                              job->clients[e[j].who].name, &exact))
                    add_pair(job, e[i].who, e[j].who);
            }
        }
    }
    bson_free(e);
    crm_job_count(job->run, "keys_skipped", (int64_t)skipped);

    /* One entry per pair, with the reasons it has. */
    sort(job->pairs, job->n_pairs, sizeof *job->pairs, by_pair);
    n = 0;
    for (size_t i = 0; i < job->n_pairs; i++) {
        pair_t p = job->pairs[i];

        if (n && by_pair(&job->pairs[n - 1], &p) == 0)
            continue;
        p.reasons = clients_dup_compare(&job->clients[p.a], &job->clients[p.b]);
        if (p.reasons)
            job->pairs[n++] = p;
    }
    job->n_pairs = n;
    crm_job_count(job->run, "pairs", (int64_t)n);
}

/* --- deciding what to write --- */

static int
by_existing(const void *x, const void *y)
{
    const existing_t *a = x, *b = y;
    int c = strcmp(a->a, b->a);

    if (c == 0)
        c = strcmp(a->b, b->b);
    return c ? c : a->rank - b->rank;
}

/* The first stored candidate of the pair of ids A < B, or n_existing. */
static size_t
find_existing(const job_t *job, const char *a, const char *b)
{
    size_t lo = 0, hi = job->n_existing;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const existing_t *e = &job->existing[mid];
        int c = strcmp(e->a, a);

        if (c == 0)
            c = strcmp(e->b, b);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < job->n_existing && strcmp(job->existing[lo].a, a) == 0 &&
        strcmp(job->existing[lo].b, b) == 0)
        return lo;
    return job->n_existing;
}

static bool
same_pair(const existing_t *x, const existing_t *y)
{
    return strcmp(x->a, y->a) == 0 && strcmp(x->b, y->b) == 0;
}

static void
add_action(job_t *job, act_kind_t kind, size_t pair, size_t existing)
{
    GROW(job->actions, job->n_actions, job->cap_actions);
    job->actions[job->n_actions++] = (action_t){kind, pair, existing};
}

static void
plan_writes(job_t *job)
{
    sort(job->existing, job->n_existing, sizeof *job->existing, by_existing);
    for (size_t i = 0; i < job->n_pairs; i++) {
        const pair_t *p = &job->pairs[i];
        size_t first = find_existing(job, job->clients[p->a].id, job->clients[p->b].id);
        existing_t *e = first < job->n_existing ? &job->existing[first] : NULL;

        if (!e) {
            add_action(job, ACT_CREATE, i, 0);
            continue;
        }
        /* The same pair stored twice (a merge re-pointed one onto the other): the first
         * (merged, then dismissed, then open) stands for the pair, other open ones go. */
        for (size_t k = first; k < job->n_existing && same_pair(&job->existing[k], e); k++) {
            job->existing[k].used = true;
            if (k > first && job->existing[k].rank == 2)
                add_action(job, ACT_DELETE, 0, k);
        }
        if (e->rank == 2 && (e->reasons != p->reasons || e->score != clients_dup_score(p->reasons)))
            add_action(job, ACT_UPDATE, i, first);
    }
    /* Open pairs not found again: their clients changed, or one was merged. */
    for (size_t k = 0; k < job->n_existing; k++)
        if (!job->existing[k].used && job->existing[k].rank == 2)
            add_action(job, ACT_DELETE, 0, k);
}

/* --- writing --- */

static void
append_pair(const pair_t *p, bson_t *doc)
{
    bson_t reasons;

    BSON_APPEND_ARRAY_BEGIN(doc, "reasons", &reasons);
    clients_dup_reasons_append(&reasons, p->reasons);
    bson_append_array_end(doc, &reasons);
    BSON_APPEND_INT32(doc, "score", clients_dup_score(p->reasons));
}

/* Creates the candidate DOC where the older record A belongs (its owner and org unit), so its
 * branch sees it in the list; where they are no longer valid (a user removed), as the job's. */
static int
create_candidate(job_t *job, const clients_dup_keys_t *a, const bson_t *doc, crm_error_t *error)
{
    bson_t placed = BSON_INITIALIZER;
    int rc;

    bson_concat(&placed, doc);
    if (strlen(a->owner_id) == 24)
        BSON_APPEND_UTF8(&placed, "owner_id", a->owner_id);
    if (strlen(a->org_unit) == 24)
        BSON_APPEND_UTF8(&placed, "org_unit", a->org_unit);
    rc = crm_entity_create(job->actor, "duplicate_candidate", &placed, NULL, error);
    if (rc == CRM_EVALIDATION) {
        crm_error_clear(error);
        rc = crm_entity_create(job->actor, "duplicate_candidate", doc, NULL, error);
    }
    bson_destroy(&placed);
    return rc;
}

static int
write_one(job_t *job, const action_t *act, crm_error_t *error)
{
    bson_t doc = BSON_INITIALIZER;
    int rc;

    if (act->kind == ACT_DELETE) {
        rc = crm_entity_delete(job->actor, "duplicate_candidate", job->existing[act->existing].id,
                               error);
        job->written[ACT_DELETE] += rc == 0;
    } else if (act->kind == ACT_UPDATE) {
        append_pair(&job->pairs[act->pair], &doc);
        rc = crm_entity_update(job->actor, "duplicate_candidate", job->existing[act->existing].id,
                               &doc, NULL, error);
        job->written[ACT_UPDATE] += rc == 0;
    } else {
        const pair_t *p = &job->pairs[act->pair];
        const clients_dup_keys_t *a = &job->clients[p->a];

        BSON_APPEND_UTF8(&doc, "client_a", a->id);
        BSON_APPEND_UTF8(&doc, "client_b", job->clients[p->b].id);
        append_pair(p, &doc);
        BSON_APPEND_UTF8(&doc, "status", "open");
        BSON_APPEND_UTF8(&doc, "detected_at", job->now);
        rc = create_candidate(job, a, &doc, error);
        job->written[ACT_CREATE] += rc == 0;
    }
    bson_destroy(&doc);
    return rc;
}

/* Applies the next WRITES_PER_TRANSACTION actions in one transaction. */
static int
write_chunk(crm_store_t *store, void *data, crm_error_t *error)
{
    job_t *job = data;
    size_t end = job->next_action + WRITES_PER_TRANSACTION;
    int rc = 0;

    (void)store;
    if (end > job->n_actions)
        end = job->n_actions;
    for (; rc == 0 && job->next_action < end; job->next_action++)
        rc = write_one(job, &job->actions[job->next_action], error);
    return rc;
}

static void
job_free(job_t *job)
{
    for (size_t i = 0; i < job->n_clients; i++)
        clients_dup_keys_clear(&job->clients[i]);
    bson_free(job->clients);
    bson_free(job->existing);
    bson_free(job->pairs);
    bson_free(job->actions);
}

int
clients_dup_job_run(crm_job_run_t *run, void *data, crm_error_t *error)
{
    job_t job = {.run = run, .actor = crm_job_identity(run)};
    int rc;

    (void)data;
    clients_iso_time(crm_job_now(run), job.now);
    rc = read_all(&job, "client", add_client, error);
    if (rc == 0 && !crm_job_stopping(run))
        rc = read_all(&job, "duplicate_candidate", add_existing, error);
    if (rc != 0 || crm_job_stopping(run))
        goto done;
    crm_job_count(run, "clients", (int64_t)job.n_clients);
    for (int i = 0; i < 3; i++) /* reported even when nothing was written */
        crm_job_count(run, (const char *[]){"created", "updated", "removed"}[i], 0);
    find_pairs(&job);
    plan_writes(&job);
    while (rc == 0 && job.next_action < job.n_actions && !crm_job_stopping(run)) {
        memset(job.written, 0, sizeof job.written);
        rc = crm_store_transaction(crm_job_store(run), write_chunk, &job, error);
        if (rc == 0) {
            crm_job_count(run, "created", job.written[ACT_CREATE]);
            crm_job_count(run, "updated", job.written[ACT_UPDATE]);
            crm_job_count(run, "removed", job.written[ACT_DELETE]);
        }
    }
    if (rc == 0)
        crm_job_message(run, "%zu clients, %zu candidate pairs", job.n_clients, job.n_pairs);
done:
    job_free(&job);
    return rc;
}
