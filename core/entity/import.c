/* The importer: CSV (parsed by libcsv) or NDJSON in, validated records out in all-or-nothing
 * batches, upserting by the entity's external key. */
#include "entity/import-private.h"
#include "common/timefmt-private.h"
#include "entity/csv-private.h"
#include "entity/service-private.h"
#include "event/event-private.h"

#include <crm/http.h>

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#define MAX_KEPT_ERRORS 100
#define LOOKUP_CHUNK 500
#define MAX_LINE_BYTES (1 << 20)

typedef struct rec {
    int64_t line;
    bson_t *input;    /* API form (a pointer: a bson_t must not move in memory) */
    char *key;        /* external key as text, or NULL */
    bson_oid_t existing;
    char *existing_owner, *existing_unit; /* of the existing record, for the scope check */
    bool exists;
    bool invalid; /* already reported: the batch will not be stored */
} rec_t;

typedef struct kept_error {
    int64_t line;
    char field[64];
    char message[200];
} kept_error_t;

struct crm__import {
    const crm__entity_t *e;
    crm__import_format_t format;
    const crm_identity_t *actor;
    size_t batch;
    crm_store_t *store;
    const crm_field_t *key_field;
    /* CSV */
    struct csv_parser csv;
    bool csv_ready, header_done;
    crm__csv_column_t *cols;
    size_t n_cols;
    int *map;       /* file column -> index in cols */
    size_t n_file_cols;
    char **cells;
    size_t n_cells, cap_cells;
    int fatal;
    crm_error_t fatal_error;
    /* NDJSON */
    bson_string_t *partial;
    /* the batch */
    int64_t line;
    rec_t *recs;
    size_t n_recs, cap_recs;
    kept_error_t errs[MAX_KEPT_ERRORS];
    size_t n_errs;
    crm__import_stats_t stats;
};

static void
add_error(crm__import_t *imp, int64_t line, const char *field, const char *fmt, ...)
    CRM_PRINTF(4, 5);

static void
add_error(crm__import_t *imp, int64_t line, const char *field, const char *fmt, ...)
{
    va_list ap;
    kept_error_t *k;

    imp->stats.errors++;
    if (imp->n_errs >= MAX_KEPT_ERRORS)
        return;
    k = &imp->errs[imp->n_errs++];
    k->line = line;
    snprintf(k->field, sizeof k->field, "%s", field ? field : "");
    va_start(ap, fmt);
    vsnprintf(k->message, sizeof k->message, fmt, ap);
    va_end(ap);
}

static void
rec_clear(rec_t *r)
{
    bson_destroy(r->input);
    free(r->key);
    free(r->existing_owner);
    free(r->existing_unit);
}

static int
cmp_rec_key(const void *a, const void *b)
{
    const rec_t *const *x = a, *const *y = b;
    int c = strcmp((*x)->key, (*y)->key);

    return c ? c : ((*x)->line < (*y)->line ? -1 : 1);
}

/* Marks the records whose external key exists in the store (one $in query per chunk). */
static int
find_existing(crm__import_t *imp, rec_t **keyed, size_t n, crm_error_t *error)
{
    for (size_t start = 0; start < n; start += LOOKUP_CHUNK) {
        size_t end = start + LOOKUP_CHUNK < n ? start + LOOKUP_CHUNK : n;
        bson_t filter = BSON_INITIALIZER, cond, in, proj = BSON_INITIALIZER;
        crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
        crm_cursor_t *cur;
        const bson_t *doc;
        const char *name = imp->key_field->name;

        bson_append_document_begin(&filter, name, -1, &cond);
        bson_append_array_begin(&cond, "$in", 3, &in);
        for (size_t i = start; i < end; i++) {
            bson_iter_t it;
            char idx[16];
            const char *k;
            bson_value_t v;
            bson_uint32_to_string((uint32_t)(i - start), &k, idx, sizeof idx);
            bson_iter_init_find(&it, keyed[i]->input, name);
            crm__schema_value_to_store(imp->key_field, bson_iter_value(&it), &v);
            bson_append_value(&in, k, -1, &v);
            bson_value_destroy(&v);
        }
        bson_append_array_end(&cond, &in);
        bson_append_document_end(&filter, &cond);
        BSON_APPEND_INT32(&proj, "_id", 1);
        BSON_APPEND_INT32(&proj, name, 1);
        BSON_APPEND_INT32(&proj, "owner_id", 1);
        BSON_APPEND_INT32(&proj, "org_unit", 1);
        opts.projection = &proj;
        cur = crm_store_find(imp->store, imp->e->def->name, &filter, &opts, error);
        bson_destroy(&filter);
        bson_destroy(&proj);
        if (!cur)
            return error ? error->code : CRM_ESTORE;
        while (crm_cursor_next(cur, &doc)) {
            bson_iter_t it, id;
            char text[64];
            rec_t probe, *pp = &probe, **hit;

            if (!bson_iter_init_find(&it, doc, name) || !bson_iter_init_find(&id, doc, "_id") ||
                !BSON_ITER_HOLDS_OID(&id))
                continue;
            if (BSON_ITER_HOLDS_UTF8(&it))
                snprintf(text, sizeof text, "%s", bson_iter_utf8(&it, NULL));
            else
                snprintf(text, sizeof text, "%lld", (long long)bson_iter_as_int64(&it));
            probe.key = text;
            probe.line = -1;
            /* keyed is sorted by key then line: find the first with this key. */
            hit = bsearch(&pp, keyed + start, end - start, sizeof *keyed, cmp_rec_key);
            if (!hit) {
                size_t lo = start, hi = end;
                while (lo < hi) {
                    size_t mid = (lo + hi) / 2;
                    if (strcmp(keyed[mid]->key, text) < 0)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                if (lo < end && strcmp(keyed[lo]->key, text) == 0)
                    hit = &keyed[lo];
            }
            if (hit) {
                bson_iter_t o;
                (*hit)->exists = true;
                bson_oid_copy(bson_iter_oid(&id), &(*hit)->existing);
                if (bson_iter_init_find(&o, doc, "owner_id") && BSON_ITER_HOLDS_UTF8(&o))
                    (*hit)->existing_owner = strdup(bson_iter_utf8(&o, NULL));
                if (bson_iter_init_find(&o, doc, "org_unit") && BSON_ITER_HOLDS_UTF8(&o))
                    (*hit)->existing_unit = strdup(bson_iter_utf8(&o, NULL));
            }
        }
        if (crm_cursor_error(cur, error)) {
            crm_cursor_destroy(cur);
            return error ? error->code : CRM_ESTORE;
        }
        crm_cursor_destroy(cur);
    }
    return 0;
}

typedef struct write_ctx {
    crm__import_t *imp;
    bson_t **new_docs;
    size_t n_new;
    bson_t **upd_filters, **upd_docs;
    size_t n_upd;
} write_ctx_t;

static int
write_txn(crm_store_t *store, void *data, crm_error_t *error)
{
    write_ctx_t *w = data;
    bson_t extra = BSON_INITIALIZER;
    int rc = 0;

    if (w->n_new)
        rc = crm_store_insert_many(store, w->imp->e->def->name, (const bson_t *const *)w->new_docs,
                                   w->n_new, error);
    for (size_t i = 0; rc == 0 && i < w->n_upd; i++)
        rc = crm_store_update(store, w->imp->e->def->name, w->upd_filters[i], w->upd_docs[i], 0,
                              NULL, error);
    if (rc == 0) {
        BSON_APPEND_INT64(&extra, "created", (int64_t)w->n_new);
        BSON_APPEND_INT64(&extra, "updated", (int64_t)w->n_upd);
        BSON_APPEND_INT64(&extra, "first_line", w->imp->recs[0].line);
        BSON_APPEND_INT64(&extra, "last_line", w->imp->recs[w->imp->n_recs - 1].line);
        rc = crm__audit_write(store, w->imp->actor, "import", w->imp->e->def->name, NULL, NULL,
                              &extra, error);
    }
    bson_destroy(&extra);
    return rc;
}

/* Validates and writes the current batch; a batch with any problem is not written. */

/* Runs the entity's prepare hook on record R (the stored record it updates, if any, read
 * here), merging its changes into SET and UNSET. */
static int
prepare_record(crm__import_t *imp, const rec_t *r, bson_t *set, bson_t *unset, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, before;
    int rc;

    if (!imp->e->prepare)
        return 0;
    if (!r->exists)
        return crm__entity_prepare(imp->e, imp->actor, NULL, set, unset, imp->store, error);
    BSON_APPEND_OID(&filter, "_id", &r->existing);
    rc = crm_store_find_one(imp->store, imp->e->def->name, &filter, NULL, &before, error);
    bson_destroy(&filter);
    if (rc != 0)
        return rc;
    rc = crm__entity_prepare(imp->e, imp->actor, &before, set, unset, imp->store, error);
    bson_destroy(&before);
    return rc;
}

static int
flush(crm__import_t *imp, crm_error_t *error)
{
    rec_t **keyed = NULL;
    size_t n_keyed = 0, n = imp->n_recs;
    write_ctx_t w = {0};
    bool bad = false;
    int64_t now = crm__now_ms();
    char permission[96];
    int rc = 0;

    if (n == 0)
        return 0;
    crm__entity_permission(imp->e, "import", permission, sizeof permission);
    keyed = calloc(n, sizeof *keyed);
    w.new_docs = calloc(n, sizeof *w.new_docs);
    w.upd_filters = calloc(n, sizeof *w.upd_filters);
    w.upd_docs = calloc(n, sizeof *w.upd_docs);
    if (!keyed || !w.new_docs || !w.upd_filters || !w.upd_docs) {
        rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
        goto done;
    }
    w.imp = imp;
    /* External keys: unique within the batch, then looked up in the store. */
    for (size_t i = 0; i < n; i++)
        if (imp->recs[i].key)
            keyed[n_keyed++] = &imp->recs[i];
    qsort(keyed, n_keyed, sizeof *keyed, cmp_rec_key);
    for (size_t i = 1; i < n_keyed; i++) {
        if (strcmp(keyed[i]->key, keyed[i - 1]->key) == 0) {
            add_error(imp, keyed[i]->line, imp->key_field->name,
                      "has the same value as line %lld: each record may appear once",
                      (long long)keyed[i - 1]->line);
            bad = true;
        }
    }
    if (!bad && n_keyed && (rc = find_existing(imp, keyed, n_keyed, error)) != 0)
        goto done;
    for (size_t i = 0; i < n; i++) {
        rec_t *r = &imp->recs[i];
        bson_t set = BSON_INITIALIZER, unset = BSON_INITIALIZER;
        crm_error_t verr = {0};

        if (r->invalid) {
            bad = true;
        } else if (r->exists && !crm_identity_reaches(imp->actor, permission, r->existing_owner,
                                                      r->existing_unit)) {
            /* Upserting must not reach records the importer may not change. */
            add_error(imp, r->line, imp->key_field->name,
                      "matches a %s outside your scope; it was not changed", imp->e->def->name);
            bad = true;
        } else if (crm__schema_from_api(imp->e, r->input,
                                        r->exists ? CRM__SCHEMA_PATCH : CRM__SCHEMA_CREATE,
                                        imp->store, &set, &unset, &verr) != 0 ||
                   prepare_record(imp, r, &set, &unset, &verr) != 0) {
            for (int f = 0; f < verr.n_fields && f < CRM_ERROR_MAX_FIELDS; f++)
                add_error(imp, r->line, verr.fields[f].field, "%s", verr.fields[f].message);
            if (verr.n_fields == 0)
                add_error(imp, r->line, NULL, "%s", verr.message);
            bad = true;
        } else if (!bad && r->exists) {
            bson_t *filter = bson_new(), *upd = bson_new();
            BSON_APPEND_OID(filter, "_id", &r->existing);
            crm__entity_append_touch(upd, &set, imp->actor, now);
            w.upd_filters[w.n_upd] = filter;
            w.upd_docs[w.n_upd++] = upd;
        } else if (!bad) {
            bson_t *doc = bson_new();
            bson_oid_t oid;
            bson_oid_init(&oid, NULL);
            BSON_APPEND_OID(doc, "_id", &oid);
            bson_concat(doc, &set);
            crm__entity_append_created(doc, imp->actor, now);
            w.new_docs[w.n_new++] = doc;
        }
        bson_destroy(&set);
        bson_destroy(&unset);
    }
    if (bad) {
        imp->stats.rejected += (int64_t)n;
        goto done;
    }
    rc = crm_store_transaction(imp->store, write_txn, &w, error);
    if (rc == CRM_ECONFLICT || rc == CRM_EVALIDATION) {
        /* A unique field clashed with a record outside this batch: the batch is rejected. */
        add_error(imp, imp->recs[0].line, NULL, "batch of lines %lld-%lld not stored: %s",
                  (long long)imp->recs[0].line, (long long)imp->recs[n - 1].line,
                  error ? error->message : "conflict");
        imp->stats.rejected += (int64_t)n;
        rc = 0;
        goto done;
    }
    if (rc != 0)
        goto done;
    imp->stats.created += (int64_t)w.n_new;
    imp->stats.updated += (int64_t)w.n_upd;
    {
        char name[128];
        snprintf(name, sizeof name, "%s.created", imp->e->def->name);
        bool want_created = crm__event_wanted(name);
        snprintf(name, sizeof name, "%s.updated", imp->e->def->name);
        bool want_updated = crm__event_wanted(name);
        for (size_t i = 0; (want_created || want_updated) && i < w.n_new; i++) {
            bson_t api = BSON_INITIALIZER;
            bson_iter_t it;
            char id[25];
            snprintf(name, sizeof name, "%s.created", imp->e->def->name);
            bson_iter_init_find(&it, w.new_docs[i], "_id");
            bson_oid_to_string(bson_iter_oid(&it), id);
            crm__schema_to_api(imp->e, w.new_docs[i], &api);
            crm_event_t ev = {sizeof ev, name, imp->e->def->name, id, &api, NULL, imp->actor};
            if (want_created)
                crm__event_publish(&ev);
            bson_destroy(&api);
        }
        for (size_t i = 0; want_updated && i < w.n_upd; i++) {
            bson_t after, api = BSON_INITIALIZER;
            bson_iter_t it;
            char id[25];
            snprintf(name, sizeof name, "%s.updated", imp->e->def->name);
            bson_iter_init_find(&it, w.upd_filters[i], "_id");
            bson_oid_to_string(bson_iter_oid(&it), id);
            if (crm_store_find_one(imp->store, imp->e->def->name, w.upd_filters[i], NULL, &after,
                                   NULL) == 0) {
                crm__schema_to_api(imp->e, &after, &api);
                crm_event_t ev = {sizeof ev, name, imp->e->def->name, id, &api, NULL, imp->actor};
                crm__event_publish(&ev);
                bson_destroy(&after);
            }
            bson_destroy(&api);
        }
    }
done:
    for (size_t i = 0; w.new_docs && i < w.n_new; i++)
        bson_destroy(w.new_docs[i]);
    for (size_t i = 0; w.upd_docs && i < w.n_upd; i++) {
        bson_destroy(w.upd_filters[i]);
        bson_destroy(w.upd_docs[i]);
    }
    free(w.new_docs);
    free(w.upd_filters);
    free(w.upd_docs);
    free(keyed);
    for (size_t i = 0; i < imp->n_recs; i++)
        rec_clear(&imp->recs[i]);
    imp->n_recs = 0;
    return rc;
}

/* Takes INPUT (API form) as the next record, at LINE. */
static int
add_record(crm__import_t *imp, int64_t line, bson_t *input, bool invalid, crm_error_t *error)
{
    rec_t *r;
    bson_iter_t it;

    imp->stats.records++;
    if (imp->n_recs == imp->cap_recs) {
        size_t cap = imp->cap_recs ? imp->cap_recs * 2 : 256;
        rec_t *grown = realloc(imp->recs, cap * sizeof *grown);
        if (!grown) {
            bson_destroy(input);
            return crm_error_set(error, CRM_ENOMEM, "out of memory");
        }
        imp->recs = grown;
        imp->cap_recs = cap;
    }
    r = &imp->recs[imp->n_recs++];
    memset(r, 0, sizeof *r);
    r->line = line;
    r->invalid = invalid;
    r->input = bson_copy(input);
    bson_destroy(input);
    if (imp->key_field && bson_iter_init_find(&it, r->input, imp->key_field->name)) {
        char text[64];
        if (BSON_ITER_HOLDS_UTF8(&it))
            r->key = strdup(bson_iter_utf8(&it, NULL));
        else if (BSON_ITER_HOLDS_INT32(&it) || BSON_ITER_HOLDS_INT64(&it)) {
            snprintf(text, sizeof text, "%lld", (long long)bson_iter_as_int64(&it));
            r->key = strdup(text);
        }
    }
    if (imp->batch && imp->n_recs >= imp->batch)
        return flush(imp, error);
    return 0;
}

/* --- CSV --- */

static bool
parse_int64(const char *s, int64_t *v)
{
    char *end = NULL;
    long long x;

    if (!*s)
        return false;
    errno = 0;
    x = strtoll(s, &end, 10);
    if (errno || *end)
        return false;
    *v = x;
    return true;
}

static bool
parse_bool(const char *s, bool *v)
{
    static const char *const yes[] = {"true", "yes", "1", "y", NULL};
    static const char *const no[] = {"false", "no", "0", "n", NULL};

    for (int i = 0; yes[i]; i++)
        if (strcasecmp(s, yes[i]) == 0)
            return *v = true, true;
    for (int i = 0; no[i]; i++)
        if (strcasecmp(s, no[i]) == 0)
            return *v = false, true;
    return false;
}

/* Appends CELL as the API value of a field of TYPE under KEY. */
static bool
append_cell(crm__import_t *imp, bson_t *out, const char *key, crm_field_type_t type,
            const char *cell, const char *header)
{
    int64_t i64;
    bool b;

    switch (type) {
    case CRM_FIELD_INT:
        if (!parse_int64(cell, &i64)) {
            add_error(imp, imp->line, header, "must be an integer, not '%.40s'", cell);
            return false;
        }
        BSON_APPEND_INT64(out, key, i64);
        return true;
    case CRM_FIELD_BOOL:
        if (!parse_bool(cell, &b)) {
            add_error(imp, imp->line, header, "must be true or false, not '%.40s'", cell);
            return false;
        }
        BSON_APPEND_BOOL(out, key, b);
        return true;
    case CRM_FIELD_ARRAY:
    case CRM_FIELD_OBJECT: {
        bson_string_t *wrap = bson_string_new("{\"v\":");
        bson_t parsed;
        bson_iter_t it;
        crm_error_t perr = {0};
        bool ok;
        bson_string_append(wrap, cell);
        bson_string_append_c(wrap, '}');
        ok = crm_json_parse(wrap->str, wrap->len, &parsed, &perr) == 0;
        bson_string_free(wrap, true);
        if (!ok) {
            add_error(imp, imp->line, header, "must be JSON (%s)", perr.message);
            return false;
        }
        if (bson_iter_init_find(&it, &parsed, "v"))
            bson_append_iter(out, key, -1, &it);
        bson_destroy(&parsed);
        return true;
    }
    default:
        BSON_APPEND_UTF8(out, key, cell);
        return true;
    }
}

static void
csv_row_done(crm__import_t *imp)
{
    bson_t doc = BSON_INITIALIZER;
    bool ok = true;
    crm_error_t error = {0};

    imp->line++;
    if (!imp->header_done) {
        imp->map = calloc(imp->n_cells ? imp->n_cells : 1, sizeof *imp->map);
        imp->n_file_cols = imp->n_cells;
        for (size_t i = 0; imp->map && i < imp->n_cells; i++) {
            imp->map[i] = -1;
            for (size_t c = 0; c < imp->n_cols; c++)
                if (strcmp(imp->cells[i], imp->cols[c].header) == 0)
                    imp->map[i] = (int)c;
            for (size_t j = 0; j < i && imp->map[i] >= 0; j++)
                if (imp->map[j] == imp->map[i]) {
                    imp->fatal = crm_error_set(&imp->fatal_error, CRM_EINVAL,
                                               "line 1: column '%s' appears twice", imp->cells[i]);
                    return;
                }
            if (imp->map[i] < 0) {
                imp->fatal = crm_error_set(
                    &imp->fatal_error, CRM_EINVAL, "line 1: column '%.60s' is not a field of %s%s",
                    imp->cells[i], imp->e->def->name,
                    strcmp(imp->cells[i], "id") == 0 ? " (ids are assigned; use the external key)"
                                                     : "");
                return;
            }
        }
        imp->header_done = true;
        goto done;
    }
    if (imp->n_cells == 1 && imp->cells[0][0] == '\0')
        goto done; /* a blank line */
    if (imp->n_cells != imp->n_file_cols) {
        add_error(imp, imp->line, NULL, "has %zu cells, the header has %zu", imp->n_cells,
                  imp->n_file_cols);
        ok = false;
    }
    /* Build the API form, field by field, from the cells of its columns. */
    for (size_t f = 0; ok && f < imp->e->n_fields; f++) {
        const crm_field_t *field = &imp->e->def->fields[f];
        const char *amount = NULL, *currency = NULL;
        bson_t sub;
        bool sub_open = false;

        for (size_t i = 0; i < imp->n_file_cols && i < imp->n_cells; i++) {
            const crm__csv_column_t *col = &imp->cols[imp->map[i]];
            const char *cell = imp->cells[i];
            if (col->field != field || cell[0] == '\0')
                continue;
            if (!bson_utf8_validate(cell, strlen(cell), false)) {
                add_error(imp, imp->line, col->header, "is not valid UTF-8");
                ok = false;
            } else if (col->part) {
                if (strcmp(col->part, "amount") == 0)
                    amount = cell;
                else
                    currency = cell;
            } else if (col->sub) {
                if (!sub_open) {
                    bson_append_document_begin(&doc, field->name, -1, &sub);
                    sub_open = true;
                }
                ok &= append_cell(imp, &sub, col->sub->name, col->sub->type, cell, col->header);
            } else {
                ok &= append_cell(imp, &doc, field->name, field->type, cell, col->header);
            }
        }
        if (sub_open)
            bson_append_document_end(&doc, &sub);
        if (amount || currency) {
            int64_t v;
            if (!amount || !currency) {
                add_error(imp, imp->line, field->name,
                          "needs both %s.amount and %s.currency", field->name, field->name);
                ok = false;
            } else if (!parse_int64(amount, &v)) {
                add_error(imp, imp->line, field->name,
                          "amount must be a whole number of minor units, not '%.40s'", amount);
                ok = false;
            } else {
                bson_append_document_begin(&doc, field->name, -1, &sub);
                BSON_APPEND_INT64(&sub, "amount", v);
                BSON_APPEND_UTF8(&sub, "currency", currency);
                bson_append_document_end(&doc, &sub);
            }
        }
    }
    /* An invalid record keeps its place: the rest of the batch is still read and checked, but
     * the batch will not be stored. */
    if (add_record(imp, imp->line, &doc, !ok, &error) != 0)
        imp->fatal = crm_error_set(&imp->fatal_error, error.code, "%s", error.message);
    bson_init(&doc);
done:
    bson_destroy(&doc);
    for (size_t i = 0; i < imp->n_cells; i++)
        free(imp->cells[i]);
    imp->n_cells = 0;
}

static void
csv_cb_field(void *s, size_t len, void *data)
{
    crm__import_t *imp = data;
    char *copy;

    if (imp->fatal)
        return;
    if (imp->n_cells == imp->cap_cells) {
        size_t cap = imp->cap_cells ? imp->cap_cells * 2 : 32;
        char **grown = realloc(imp->cells, cap * sizeof *grown);
        if (!grown) {
            imp->fatal = crm_error_set(&imp->fatal_error, CRM_ENOMEM, "out of memory");
            return;
        }
        imp->cells = grown;
        imp->cap_cells = cap;
    }
    copy = malloc(len + 1);
    if (!copy) {
        imp->fatal = crm_error_set(&imp->fatal_error, CRM_ENOMEM, "out of memory");
        return;
    }
    if (len)
        memcpy(copy, s, len);
    copy[len] = '\0';
    imp->cells[imp->n_cells++] = copy;
}

static void
csv_cb_row(int c, void *data)
{
    crm__import_t *imp = data;

    (void)c;
    if (!imp->fatal)
        csv_row_done(imp);
}

/* --- NDJSON --- */

static int
ndjson_line(crm__import_t *imp, const char *s, size_t len, crm_error_t *error)
{
    bson_t doc;
    crm_error_t perr = {0};

    imp->line++;
    while (len && (s[len - 1] == '\r' || s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0)
        return 0;
    if (crm_json_parse(s, len, &doc, &perr) != 0) {
        add_error(imp, imp->line, NULL, "%s", perr.message);
        bson_init(&doc);
        return add_record(imp, imp->line, &doc, true, error);
    }
    return add_record(imp, imp->line, &doc, false, error);
}

crm__import_t *
crm__import_new(const crm__entity_t *entity, crm__import_format_t format,
                const crm_identity_t *actor, size_t batch, crm_error_t *error)
{
    crm__import_t *imp = calloc(1, sizeof *imp);

    if (!imp) {
        crm_error_set(error, CRM_ENOMEM, "out of memory");
        return NULL;
    }
    imp->e = entity;
    imp->format = format;
    imp->actor = actor ? actor : crm_identity_system();
    imp->batch = batch;
    imp->store = crm__entity_store();
    imp->key_field = entity->def->external_key ? crm__entity_field(entity, entity->def->external_key)
                                               : NULL;
    if (format == CRM__IMPORT_CSV) {
        imp->cols = crm__csv_columns(entity, false, &imp->n_cols);
        if (!imp->cols || csv_init(&imp->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
            crm_error_set(error, CRM_ENOMEM, "out of memory");
            crm__import_destroy(imp);
            return NULL;
        }
        imp->csv_ready = true;
    } else {
        imp->partial = bson_string_new(NULL);
    }
    return imp;
}

int
crm__import_feed(crm__import_t *imp, const char *data, size_t len, crm_error_t *error)
{
    if (imp->format == CRM__IMPORT_CSV) {
        if (csv_parse(&imp->csv, data, len, csv_cb_field, csv_cb_row, imp) != len && !imp->fatal)
            imp->fatal = crm_error_set(&imp->fatal_error, CRM_EINVAL,
                                       "line %lld: malformed CSV (%s): a quote is not closed or "
                                       "stray quote inside an unquoted cell",
                                       (long long)imp->line + 1, csv_strerror(csv_error(&imp->csv)));
    } else {
        const char *p = data, *end = data + len, *nl;
        while (!imp->fatal && (nl = memchr(p, '\n', (size_t)(end - p)))) {
            int rc;
            if (imp->partial->len) {
                bson_string_append_printf(imp->partial, "%.*s", (int)(nl - p), p);
                rc = ndjson_line(imp, imp->partial->str, imp->partial->len, error);
                bson_string_truncate(imp->partial, 0);
            } else {
                rc = ndjson_line(imp, p, (size_t)(nl - p), error);
            }
            if (rc != 0)
                return rc;
            p = nl + 1;
        }
        if (p < end) {
            if (imp->partial->len + (size_t)(end - p) > MAX_LINE_BYTES)
                imp->fatal = crm_error_set(&imp->fatal_error, CRM_EINVAL,
                                           "line %lld: longer than %d bytes",
                                           (long long)imp->line + 1, MAX_LINE_BYTES);
            else
                bson_string_append_printf(imp->partial, "%.*s", (int)(end - p), p);
        }
    }
    if (imp->fatal) {
        if (error)
            *error = imp->fatal_error;
        return imp->fatal;
    }
    return 0;
}

int
crm__import_finish(crm__import_t *imp, crm_error_t *error)
{
    if (imp->format == CRM__IMPORT_CSV) {
        if (csv_fini(&imp->csv, csv_cb_field, csv_cb_row, imp) != 0 && !imp->fatal)
            imp->fatal = crm_error_set(&imp->fatal_error, CRM_EINVAL,
                                       "line %lld: malformed CSV: a quoted cell is not closed",
                                       (long long)imp->line + 1);
        if (!imp->fatal && !imp->header_done)
            imp->fatal = crm_error_set(&imp->fatal_error, CRM_EINVAL,
                                       "the CSV is empty: the first line must name the columns");
    } else if (imp->partial->len) {
        int rc = ndjson_line(imp, imp->partial->str, imp->partial->len, error);
        bson_string_truncate(imp->partial, 0);
        if (rc != 0)
            return rc;
    }
    if (imp->fatal) {
        if (error)
            *error = imp->fatal_error;
        return imp->fatal;
    }
    return flush(imp, error);
}

void
crm__import_stats(const crm__import_t *imp, crm__import_stats_t *stats)
{
    *stats = imp->stats;
}

void
crm__import_foreach_error(const crm__import_t *imp,
                          void (*fn)(int64_t line, const char *field, const char *message,
                                     void *data),
                          void *data)
{
    for (size_t i = 0; i < imp->n_errs; i++)
        fn(imp->errs[i].line, imp->errs[i].field, imp->errs[i].message, data);
}

void
crm__import_append_errors(const crm__import_t *imp, bson_t *out, const char *key)
{
    bson_t arr, item;
    char idx[16];
    const char *k;

    bson_append_array_begin(out, key, -1, &arr);
    for (size_t i = 0; i < imp->n_errs; i++) {
        bson_uint32_to_string((uint32_t)i, &k, idx, sizeof idx);
        bson_append_document_begin(&arr, k, -1, &item);
        BSON_APPEND_INT64(&item, "line", imp->errs[i].line);
        if (imp->errs[i].field[0])
            BSON_APPEND_UTF8(&item, "field", imp->errs[i].field);
        BSON_APPEND_UTF8(&item, "message", imp->errs[i].message);
        bson_append_document_end(&arr, &item);
    }
    bson_append_array_end(out, &arr);
}

void
crm__import_destroy(crm__import_t *imp)
{
    if (!imp)
        return;
    if (imp->csv_ready)
        csv_free(&imp->csv);
    for (size_t i = 0; i < imp->n_cells; i++)
        free(imp->cells[i]);
    free(imp->cells);
    for (size_t i = 0; i < imp->n_recs; i++)
        rec_clear(&imp->recs[i]);
    free(imp->recs);
    free(imp->cols);
    free(imp->map);
    if (imp->partial)
        bson_string_free(imp->partial, true);
    free(imp);
}
