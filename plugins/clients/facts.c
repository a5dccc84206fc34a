/* The facts segmentation and lifecycle rules read: a client's own fields, and for the jobs the
 * accounts it holds (by product type) and its last activity (interactions, accounts opened),
 * gathered for a batch of clients at a time with one aggregation per collection. */
#include "clients-private.h"
#include "profile-private.h"

#include <crm/log.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 200

/* The string FIELD as a write will store it: from CHANGES when there (null: none), else from
 * RECORD. */
static const char *
effective(const bson_t *record, const bson_t *changes, const char *field)
{
    if (changes && bson_has_field(changes, field))
        return clients_str(changes, field);
    return clients_str(record, field);
}

void
clients_facts_from_record(const bson_t *record, const bson_t *changes, clients_facts_t *facts)
{
    const char *kind = effective(record, changes, "kind"), *born;

    memset(facts, 0, sizeof *facts);
    facts->kind = !kind                               ? CLIENTS_ANY_KIND
                  : strcmp(kind, "organisation") == 0 ? CLIENTS_ORGANISATION
                                                      : CLIENTS_INDIVIDUAL;
    facts->income_band = clients_enum_index(clients_enum_values(&clients_client_def, "income_band"),
                                            effective(record, changes, "income_band"));
    facts->revenue_band =
        clients_enum_index(clients_enum_values(&clients_client_def, "revenue_band"),
                           effective(record, changes, "revenue_band"));
    facts->region = effective(record, changes, "region");
    facts->status = effective(record, changes, "status");
    born = facts->kind == CLIENTS_ORGANISATION ? "founding_date" : "birth_date";
    if (changes && bson_has_field(changes, born))
        facts->have_born = clients_time(changes, born, &facts->born_ms);
    else
        facts->have_born = clients_time(record, born, &facts->born_ms);
}

/* --- the product catalogue: product id -> type --- */

typedef struct {
    char id[25];
    int type;
} product_type_t;

typedef struct {
    product_type_t *items; /* in id order, as listed */
    size_t n, cap;
    char last[25];
} catalogue_t;

static int
add_product(const bson_t *record, void *data, crm_error_t *error)
{
    catalogue_t *c = data;
    const char *id = clients_str(record, "id");

    if (!id)
        return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        product_type_t *items = realloc(c->items, cap * sizeof *items);

        if (!items)
            return crm_error_set(error, CRM_ENOMEM, "out of memory");
        c->items = items;
        c->cap = cap;
    }
    snprintf(c->items[c->n].id, sizeof c->items[c->n].id, "%s", id);
    c->items[c->n++].type = clients_enum_index(clients_enum_values(&clients_product_def, "type"),
                                               clients_str(record, "type"));
    snprintf(c->last, sizeof c->last, "%s", id);
    return 0;
}

/* The filter {"id": {"$gt": AFTER}} (nothing when AFTER is empty), into FILTER. */
static void
after_filter(const char *after, bson_t *filter)
{
    bson_t cond;

    if (!after[0])
        return;
    bson_append_document_begin(filter, "id", -1, &cond);
    BSON_APPEND_UTF8(&cond, "$gt", after);
    bson_append_document_end(filter, &cond);
}

static int
load_catalogue(const crm_identity_t *actor, catalogue_t *c, crm_error_t *error)
{
    int rc = 0;

    for (size_t before = (size_t)-1; rc == 0 && before != c->n;) {
        bson_t filter = BSON_INITIALIZER;

        before = c->n;
        after_filter(c->last, &filter);
        rc = crm_entity_list(actor, "product", &filter, "id", 500, add_product, c, error);
        bson_destroy(&filter);
    }
    return rc;
}

static int
compare_product(const void *key, const void *item)
{
    return strcmp(key, ((const product_type_t *)item)->id);
}

/* The type index of product ID, or -1. */
static int
product_type(const catalogue_t *c, const char *id)
{
    const product_type_t *p =
        id && c->n ? bsearch(id, c->items, c->n, sizeof *c->items, compare_product) : NULL;

    return p ? p->type : -1;
}

/* --- a batch of clients --- */

typedef struct {
    bson_t *docs[BATCH];
    char ids[BATCH][25]; /* in id order */
    clients_facts_t facts[BATCH];
    size_t n;
} batch_t;

static int
collect(const bson_t *record, void *data, crm_error_t *error)
{
    batch_t *b = data;
    const char *id = clients_str(record, "id");

    (void)error;
    if (!id || b->n == BATCH)
        return 0;
    snprintf(b->ids[b->n], sizeof b->ids[b->n], "%s", id);
    b->docs[b->n++] = bson_copy(record);
    return 0;
}

static void
batch_clear(batch_t *b)
{
    for (size_t i = 0; i < b->n; i++)
        bson_destroy(b->docs[i]);
    b->n = 0;
}

static int
compare_id(const void *key, const void *item)
{
    return strcmp(key, (const char *)item);
}

/* The facts of the client whose id is the ObjectId at IT, or NULL. */
static clients_facts_t *
facts_of(batch_t *b, const bson_iter_t *it)
{
    char hex[25];
    const char(*found)[25];

    if (!BSON_ITER_HOLDS_OID(it))
        return NULL;
    bson_oid_to_string(bson_iter_oid(it), hex);
    found = bsearch(hex, b->ids, b->n, sizeof b->ids[0], compare_id);
    return found ? &b->facts[found - b->ids] : NULL;
}

/* Appends {"$match": {"client_id": {"$in": [the batch]}, DATE: {"$lte": NOW}}} (no date
 * condition when DATE is NULL) as stage "0" of PIPELINE. */
static void
match_batch(const batch_t *b, const char *date, int64_t now, bson_t *pipeline)
{
    bson_t stage, match, cond, list, range;
    char key[16];
    const char *k;

    bson_append_document_begin(pipeline, "0", 1, &stage);
    bson_append_document_begin(&stage, "$match", -1, &match);
    bson_append_document_begin(&match, "client_id", -1, &cond);
    bson_append_array_begin(&cond, "$in", -1, &list);
    for (uint32_t i = 0; i < b->n; i++) {
        bson_oid_t oid;

        bson_oid_init_from_string(&oid, b->ids[i]);
        bson_uint32_to_string(i, &k, key, sizeof key);
        BSON_APPEND_OID(&list, k, &oid);
    }
    bson_append_array_end(&cond, &list);
    bson_append_document_end(&match, &cond);
    if (date) {
        bson_append_document_begin(&match, date, -1, &range);
        BSON_APPEND_DATE_TIME(&range, "$lte", now);
        bson_append_document_end(&match, &range);
    }
    bson_append_document_end(&stage, &match);
    bson_append_document_end(pipeline, &stage);
}

/* Appends {"$group": {"_id": "$client_id", "last": {"$max": "$DATE"}}} as stage "1". */
static void
group_last(const char *date, bson_t *pipeline)
{
    bson_t stage, group, acc;
    char ref[32];

    snprintf(ref, sizeof ref, "$%s", date);
    bson_append_document_begin(pipeline, "1", 1, &stage);
    bson_append_document_begin(&stage, "$group", -1, &group);
    BSON_APPEND_UTF8(&group, "_id", "$client_id");
    bson_append_document_begin(&group, "last", -1, &acc);
    BSON_APPEND_UTF8(&acc, "$max", ref);
    bson_append_document_end(&group, &acc);
    bson_append_document_end(&stage, &group);
    bson_append_document_end(pipeline, &stage);
}

/* Appends {"$group": {"_id": {"c": "$client_id", "p": "$product_id", "s": "$status"},
 * "n": {"$sum": 1}}} as stage "1". */
static void
group_holdings(bson_t *pipeline)
{
    bson_t stage, group, id, acc;

    bson_append_document_begin(pipeline, "1", 1, &stage);
    bson_append_document_begin(&stage, "$group", -1, &group);
    bson_append_document_begin(&group, "_id", -1, &id);
    BSON_APPEND_UTF8(&id, "c", "$client_id");
    BSON_APPEND_UTF8(&id, "p", "$product_id");
    BSON_APPEND_UTF8(&id, "s", "$status");
    bson_append_document_end(&group, &id);
    bson_append_document_begin(&group, "n", -1, &acc);
    BSON_APPEND_INT32(&acc, "$sum", 1);
    bson_append_document_end(&group, &acc);
    bson_append_document_end(&stage, &group);
    bson_append_document_end(pipeline, &stage);
}

typedef void (*group_fn)(batch_t *b, const catalogue_t *c, const bson_t *group);

/* Runs PIPELINE over COLL and calls FN for each group. */
static int
each_group(crm_store_t *store, const char *coll, const bson_t *pipeline, batch_t *b,
           const catalogue_t *c, group_fn fn, crm_error_t *error)
{
    crm_cursor_t *cursor = crm_store_aggregate(store, coll, pipeline, error);
    const bson_t *group;
    int rc = 0;

    if (!cursor)
        return error && error->code ? error->code : CRM_ESTORE;
    while (crm_cursor_next(cursor, &group))
        fn(b, c, group);
    if (crm_cursor_error(cursor, error))
        rc = error && error->code ? error->code : CRM_ESTORE;
    crm_cursor_destroy(cursor);
    return rc;
}

static void
add_holding(batch_t *b, const catalogue_t *c, const bson_t *group)
{
    bson_iter_t it, client, product, status, n;
    clients_facts_t *f;
    char hex[25];
    int64_t count;
    int type = -1;

    if (!bson_iter_init_find(&it, group, "_id") || !BSON_ITER_HOLDS_DOCUMENT(&it) ||
        !bson_iter_recurse(&it, &client) || !bson_iter_find(&client, "c") ||
        !(f = facts_of(b, &client)) || !bson_iter_init_find(&n, group, "n"))
        return;
    count = bson_iter_as_int64(&n);
    f->accounts += (int)count;
    if (!bson_iter_recurse(&it, &status) || !bson_iter_find(&status, "s") ||
        !BSON_ITER_HOLDS_UTF8(&status) || strcmp(bson_iter_utf8(&status, NULL), "active") != 0)
        return;
    f->active_accounts += (int)count;
    if (bson_iter_recurse(&it, &product) && bson_iter_find(&product, "p") &&
        BSON_ITER_HOLDS_OID(&product)) {
        bson_oid_to_string(bson_iter_oid(&product), hex);
        type = product_type(c, hex);
    }
    if (type >= 0 && type < CLIENTS_MAX_VALUES)
        f->products[type] += (int)count;
}

static void
add_last(batch_t *b, const catalogue_t *c, const bson_t *group)
{
    bson_iter_t id, last;
    clients_facts_t *f;

    (void)c;
    if (bson_iter_init_find(&id, group, "_id") && (f = facts_of(b, &id)) &&
        bson_iter_init_find(&last, group, "last") && BSON_ITER_HOLDS_DATE_TIME(&last) &&
        bson_iter_date_time(&last) > f->last_activity)
        f->last_activity = bson_iter_date_time(&last);
}

/* Fills the facts of batch B as of NOW. */
static int
gather(crm_store_t *store, batch_t *b, const catalogue_t *c, int64_t now, crm_error_t *error)
{
    static const struct {
        const char *coll, *date;
    } activity[] = {{"account", "opened"}, {"interaction", "at"}};
    bson_t pipeline = BSON_INITIALIZER;
    int rc;

    for (size_t i = 0; i < b->n; i++) {
        clients_facts_from_record(b->docs[i], NULL, &b->facts[i]);
        b->facts[i].have_products = true;
    }
    match_batch(b, NULL, now, &pipeline);
    group_holdings(&pipeline);
    rc = each_group(store, "account", &pipeline, b, c, add_holding, error);
    for (size_t i = 0; rc == 0 && i < sizeof activity / sizeof activity[0]; i++) {
        bson_reinit(&pipeline);
        match_batch(b, activity[i].date, now, &pipeline);
        group_last(activity[i].date, &pipeline);
        rc = each_group(store, activity[i].coll, &pipeline, b, c, add_last, error);
    }
    bson_destroy(&pipeline);
    /* Without any activity on record, the client's creation is the last thing known. */
    for (size_t i = 0; rc == 0 && i < b->n; i++) {
        int64_t created;

        if (!b->facts[i].last_activity && clients_time(b->docs[i], "created_at", &created) &&
            created <= now)
            b->facts[i].last_activity = created;
    }
    return rc;
}

int
clients_facts_each(crm_job_run_t *run, clients_facts_fn fn, void *data, bool *stopped,
                   crm_error_t *error)
{
    const crm_identity_t *actor = crm_job_identity(run);
    catalogue_t catalogue = {0};
    batch_t *b = calloc(1, sizeof *b);
    char last[25] = "";
    int rc;

    *stopped = false;
    if (!b)
        return crm_error_set(error, CRM_ENOMEM, "out of memory");
    rc = load_catalogue(actor, &catalogue, error);
    while (rc == 0) {
        bson_t filter = BSON_INITIALIZER;

        after_filter(last, &filter);
        rc = crm_entity_list(actor, "client", &filter, "id", BATCH, collect, b, error);
        bson_destroy(&filter);
        if (rc != 0 || b->n == 0)
            break;
        snprintf(last, sizeof last, "%s", b->ids[b->n - 1]);
        rc = gather(crm_job_store(run), b, &catalogue, crm_job_now(run), error);
        for (size_t i = 0; rc == 0 && i < b->n; i++)
            rc = fn(run, b->docs[i], &b->facts[i], data, error);
        batch_clear(b);
        if (rc == 0 && crm_job_stopping(run)) {
            *stopped = true;
            break;
        }
    }
    batch_clear(b);
    free(b);
    free(catalogue.items);
    return rc;
}

/* --- what the jobs did --- */

void
clients_tally_value(clients_tally_t *t, const char *const *values, const char *value)
{
    int i = clients_enum_index(values, value);

    t->clients++;
    if (i >= 0 && i < CLIENTS_MAX_VALUES)
        t->in[i]++;
    else
        t->none++;
}

bool
clients_tally_write(crm_job_run_t *run, const char *id, const bson_t *patch, clients_tally_t *t)
{
    crm_error_t failure = {0};

    if (crm_entity_update(crm_job_identity(run), "client", id, patch, NULL, &failure) == 0)
        return true;
    t->failed++;
    crm_log(CRM_LOG_WARN, "clients.profile_write_failed", "client=%s error=%s", id,
            crm_error_name(failure.code));
    return false;
}

void
clients_tally_record(crm_job_run_t *run, const clients_tally_t *t, const char *const *values,
                     const char *none_name, const char *what, bool stopped)
{
    crm_job_count(run, "clients", t->clients);
    crm_job_count(run, "changed", t->changed);
    crm_job_count(run, "failed", t->failed);
    for (int i = 0; values[i] && i < CLIENTS_MAX_VALUES; i++)
        crm_job_count(run, values[i], t->in[i]);
    if (none_name)
        crm_job_count(run, none_name, t->none);
    crm_job_message(run, "%lld clients, %lld %s changed, %lld writes failed%s",
                    (long long)t->clients, (long long)t->changed, what, (long long)t->failed,
                    stopped ? "; stopped by shutdown" : "");
}
