/* Likely duplicate clients: the duplicate_candidate entity the nightly job fills (dup_job.c),
 * GET /api/v1/clients/{id}/duplicates computed on demand within the caller's scope, and the
 * registration of everything about duplicates and merging. Pairs are found through one lookup
 * per key of the client (national id, registration number, each phone, each e-mail, the birth
 * date), never by comparing every client with every other; dup_match.c judges each pair. */
#include "clients-private.h"
#include "duplicates-private.h"

#include <crm/permission.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the duplicate_candidate entity --- */

static const crm_field_t candidate_fields[] = {
    {.name = "client_a", .type = CRM_FIELD_REF, .label = "Client (older record)",
     .flags = CRM_F_REQUIRED | CRM_F_COMPUTED | CRM_F_INDEXED, .ref = "client"},
    {.name = "client_b", .type = CRM_FIELD_REF, .label = "Client (newer record)",
     .flags = CRM_F_REQUIRED | CRM_F_COMPUTED | CRM_F_INDEXED, .ref = "client"},
    {.name = "reasons", .type = CRM_FIELD_ARRAY, .label = "Reasons",
     .flags = CRM_F_COMPUTED, .item_type = CRM_FIELD_STRING, .max_length = 40},
    {.name = "score", .type = CRM_FIELD_INT, .label = "Score (0-100)",
     .flags = CRM_F_COMPUTED | CRM_F_INDEXED, .min = 0, .max = 100},
    {.name = "status", .type = CRM_FIELD_ENUM, .label = "Status", .flags = CRM_F_INDEXED,
     .enum_values = CRM_VALUES("open", "merged", "dismissed")},
    {.name = "detected_at", .type = CRM_FIELD_DATETIME, .label = "Detected at",
     .flags = CRM_F_COMPUTED},
    {.name = "merge_id", .type = CRM_FIELD_REF, .label = "Merge", .flags = CRM_F_COMPUTED,
     .ref = "client_merge"},
    {.name = "notes", .type = CRM_FIELD_TEXT, .label = "Notes (why dismissed)",
     .max_length = 2000},
    {.name = NULL},
};

/* Candidates come from the job: a create without the pair is someone typing one in. A pair is
 * merged only by a merge (which sets merge_id) and reopened only by undoing it. */
static int
candidate_prepare(const crm_identity_t *actor, const bson_t *record, const bson_t *before,
                  bson_t *changes, crm_error_t *error)
{
    const char *status = clients_str(record, "status");
    bool has_merge = clients_str(record, "merge_id") != NULL;

    (void)actor;
    if (!before && (!clients_str(record, "client_a") || !clients_str(record, "client_b")))
        return crm_error_set(error, CRM_EVALIDATION,
                             "duplicate candidates are found by the clients_duplicates job, "
                             "not entered");
    if (status && strcmp(status, "merged") == 0 && !has_merge)
        return crm_error_add_field(error, "status",
                                   "is set by merging the clients (POST /api/v1/clients/merge)");
    if (has_merge && (!status || strcmp(status, "merged") != 0))
        return crm_error_add_field(error, "status",
                                   "a merged pair is reopened by undoing its merge");
    if (!status)
        BSON_APPEND_UTF8(changes, "status", "open");
    return 0;
}

const crm_entity_def_t clients_duplicate_candidate_def = {
    .size = sizeof(crm_entity_def_t),
    .name = "duplicate_candidate",
    .label = "Duplicate candidate",
    .label_plural = "Duplicate candidates",
    .fields = candidate_fields,
    .title_field = "status",
    .default_sort = "-score",
    .prepare = candidate_prepare,
    .translations = clients_duplicate_candidate_translations,
};

/* --- on demand: one client's candidates within the caller's scope --- */

typedef struct found {
    clients_dup_keys_t *others;
    size_t n, cap;
    size_t block; /* live (not merged) records the current key matched */
    size_t first; /* others[first..] were added by the current key */
} found_t;

static int
collect_other(const bson_t *record, void *data, crm_error_t *error)
{
    found_t *f = data;
    clients_dup_keys_t keys;

    (void)error;
    if (!clients_dup_keys_read(record, &keys) || keys.merged) {
        clients_dup_keys_clear(&keys);
        return 0;
    }
    f->block++;
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(f->others[i].id, keys.id) == 0) {
            clients_dup_keys_clear(&keys);
            return 0;
        }
    }
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 16;
        f->others = bson_realloc(f->others, f->cap * sizeof *f->others);
    }
    f->others[f->n++] = keys;
    return 0;
}

/* Adds to F the clients CALLER may read whose FIELD holds VALUE (the client itself included,
 * as the job counts it); a key held by more than MAX_BLOCK live clients finds nothing. Merged
 * clients are left out here rather than in the filter, so that the store picks the index of
 * FIELD and not the one of merged_into, which nearly every client shares. */
static int
find_by_key(const crm_identity_t *caller, const char *field, const char *value,
            size_t max_block, found_t *f, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER;
    int rc;

    BSON_APPEND_UTF8(&filter, field, value);
    f->block = 0;
    f->first = f->n;
    rc = crm_entity_list(caller, "client", &filter, "id", 500, collect_other, f, error);
    bson_destroy(&filter);
    if (rc == 0 && f->block > max_block) {
        while (f->n > f->first)
            clients_dup_keys_clear(&f->others[--f->n]);
    }
    return rc;
}

static int
find_all_keys(const crm_identity_t *caller, const clients_dup_keys_t *self, found_t *f,
              crm_error_t *error)
{
    int rc = 0;

    if (self->national_id)
        rc = find_by_key(caller, "national_id", self->national_id, CLIENTS_DUP_MAX_BLOCK, f,
                         error);
    if (rc == 0 && self->registration_number)
        rc = find_by_key(caller, "registration_number", self->registration_number,
                         CLIENTS_DUP_MAX_BLOCK, f, error);
    for (size_t i = 0; rc == 0 && i < self->n_phones; i++)
        rc = find_by_key(caller, "phones", self->phones[i], CLIENTS_DUP_MAX_BLOCK, f, error);
    for (size_t i = 0; rc == 0 && i < self->n_emails; i++)
        rc = find_by_key(caller, "emails", self->emails[i], CLIENTS_DUP_MAX_BLOCK, f, error);
    if (rc == 0 && self->name && self->birth_date[0])
        rc = find_by_key(caller, "birth_date", self->birth_date, CLIENTS_DUP_MAX_BIRTH_BLOCK, f,
                         error);
    return rc;
}

/* The stored candidates of client ID: {"<other id>": {"id", "status"}}, read as the system
 * (the caller reads both clients already; the pair's status is all that is shown). */
typedef struct stored {
    const char *self;
    bson_t *by_other;
} stored_t;

static int
note_stored(const bson_t *record, void *data, crm_error_t *error)
{
    stored_t *s = data;
    const char *a = clients_str(record, "client_a"), *b = clients_str(record, "client_b");
    const char *other = a && strcmp(a, s->self) == 0 ? b : a;
    bson_t entry;

    (void)error;
    if (!other || bson_has_field(s->by_other, other))
        return 0;
    BSON_APPEND_DOCUMENT_BEGIN(s->by_other, other, &entry);
    BSON_APPEND_UTF8(&entry, "id", clients_str(record, "id"));
    BSON_APPEND_UTF8(&entry, "status", clients_str(record, "status"));
    bson_append_document_end(s->by_other, &entry);
    return 0;
}

static int
read_stored(const char *id, bson_t *by_other, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, any, a, b;
    stored_t s = {id, by_other};
    int rc;

    BSON_APPEND_ARRAY_BEGIN(&filter, "$or", &any);
    BSON_APPEND_DOCUMENT_BEGIN(&any, "0", &a);
    BSON_APPEND_UTF8(&a, "client_a", id);
    bson_append_document_end(&any, &a);
    BSON_APPEND_DOCUMENT_BEGIN(&any, "1", &b);
    BSON_APPEND_UTF8(&b, "client_b", id);
    bson_append_document_end(&any, &b);
    bson_append_array_end(&filter, &any);
    rc = crm_entity_list(crm_identity_system(), "duplicate_candidate", &filter, "id", 500,
                         note_stored, &s, error);
    bson_destroy(&filter);
    return rc;
}

typedef struct ranked {
    const clients_dup_keys_t *other;
    unsigned reasons;
    int score;
} ranked_t;

static int
by_score(const void *a, const void *b)
{
    const ranked_t *x = a, *y = b;

    if (x->score != y->score)
        return y->score - x->score;
    return strcmp(x->other->id, y->other->id);
}

/* Appends one item per ranked pair: the other client (read again as the caller, so the record
 * is the one the API shows), the reasons, the score and the stored candidate if any. */
static int
append_items(const crm_identity_t *caller, const ranked_t *ranked, size_t n,
             const bson_t *stored, bson_t *items, crm_error_t *error)
{
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < n; i++) {
        bson_t client, item, reasons, cand;
        char key[16];
        const char *k;

        rc = crm_entity_get(caller, "client", ranked[i].other->id, &client, error);
        if (rc == 0) {
            bson_uint32_to_string((uint32_t)i, &k, key, sizeof key);
            BSON_APPEND_DOCUMENT_BEGIN(items, k, &item);
            BSON_APPEND_DOCUMENT(&item, "client", &client);
            BSON_APPEND_ARRAY_BEGIN(&item, "reasons", &reasons);
            clients_dup_reasons_append(&reasons, ranked[i].reasons);
            bson_append_array_end(&item, &reasons);
            BSON_APPEND_INT32(&item, "score", ranked[i].score);
            if (clients_merge_sub_doc(stored, ranked[i].other->id, &cand))
                BSON_APPEND_DOCUMENT(&item, "candidate", &cand);
            bson_append_document_end(items, &item);
        }
        bson_destroy(&client);
    }
    return rc;
}

int
clients_route_duplicates(crm_request_t *req, void *data, crm_error_t *error)
{
    const crm_identity_t *caller = crm_request_identity(req);
    const char *id = crm_request_param(req, "id");
    bson_t client, stored = BSON_INITIALIZER, out = BSON_INITIALIZER, items;
    clients_dup_keys_t self = {0};
    found_t found = {0};
    ranked_t *ranked = NULL;
    size_t n_ranked = 0;
    int rc;

    (void)data;
    bson_init(&client);
    rc = crm_request_query_only(req, NULL, error);
    if (rc == 0) {
        bson_destroy(&client);
        rc = crm_entity_get(caller, "client", id, &client, error);
    }
    if (rc != 0)
        goto done;
    clients_dup_keys_read(&client, &self);
    if (!self.merged)
        rc = find_all_keys(caller, &self, &found, error);
    if (rc == 0)
        rc = read_stored(self.id, &stored, error);
    if (rc != 0)
        goto done;
    ranked = bson_malloc0((found.n ? found.n : 1) * sizeof *ranked);
    for (size_t i = 0; i < found.n; i++) {
        unsigned reasons = clients_dup_compare(&self, &found.others[i]);

        if (reasons)
            ranked[n_ranked++] = (ranked_t){&found.others[i], reasons, clients_dup_score(reasons)};
    }
    qsort(ranked, n_ranked, sizeof *ranked, by_score);
    BSON_APPEND_UTF8(&out, "client_id", self.id);
    if (self.merged)
        BSON_APPEND_UTF8(&out, "merged_into", clients_str(&client, "merged_into"));
    BSON_APPEND_ARRAY_BEGIN(&out, "items", &items);
    rc = append_items(caller, ranked, n_ranked, &stored, &items, error);
    bson_append_array_end(&out, &items);
    if (rc == 0)
        rc = crm_respond_json(req, 200, &out);
done:
    for (size_t i = 0; i < found.n; i++)
        clients_dup_keys_clear(&found.others[i]);
    bson_free(found.others);
    bson_free(ranked);
    clients_dup_keys_clear(&self);
    bson_destroy(&client);
    bson_destroy(&stored);
    bson_destroy(&out);
    return rc;
}

/* --- registration --- */

static const crm_job_def_t dup_job = {
    .size = sizeof(crm_job_def_t),
    .id = "clients_duplicates",
    .title = "Find likely duplicate clients",
    .cron = "30 1 * * *",
    .lease_seconds = 1800,
    .run = clients_dup_job_run,
};

static const crm_route_t routes[] = {
    {sizeof(crm_route_t), "GET", "/api/v1/clients/{id}/duplicates", "client.read",
     clients_route_duplicates, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/clients/merge-preview", "client.merge",
     clients_route_merge_preview, NULL},
    {sizeof(crm_route_t), "POST", "/api/v1/clients/merge", "client.merge", clients_route_merge,
     NULL},
    {sizeof(crm_route_t), "POST", "/api/v1/clients/merge/{merge_id}/undo", "client.merge",
     clients_route_merge_undo, NULL},
};

/* Pairs by name are looked up by birth date: the field is not indexed for lists, so the index
 * is made here, under the name the entity registry would give it. */
static int
ensure_birth_date_index(crm_plugin_t *plugin, crm_error_t *error)
{
    static const char *const fields[] = {"birth_date", NULL};
    const crm_index_t index = {sizeof index, "i_birth_date", fields, false, false, false};

    return crm_store_ensure_index(crm_plugin_store(plugin), "client", &index, error);
}

int
clients_duplicates_register(crm_plugin_t *plugin, crm_error_t *error)
{
    int rc = crm_entity_register(plugin, &clients_client_merge_def, error);

    if (rc == 0)
        rc = crm_entity_register(plugin, &clients_duplicate_candidate_def, error);
    if (rc == 0)
        rc = crm_permission_declare(plugin, "client.merge",
                                    "Merge duplicate clients into one and undo such merges",
                                    error);
    for (size_t i = 0; rc == 0 && i < sizeof routes / sizeof routes[0]; i++)
        rc = crm_route_add(plugin, &routes[i], error);
    if (rc == 0)
        rc = crm_job_register(plugin, &dup_job, error);
    if (rc == 0 && crm_plugin_store(plugin))
        rc = ensure_birth_date_index(plugin, error);
    return rc;
}
