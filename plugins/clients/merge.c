/* Merging two records of one client: the client_merge entity that records each merge, the
 * side-by-side preview (GET /api/v1/clients/merge-preview) and the merge itself
 * (POST /api/v1/clients/merge). The kept client takes the chosen values, every reference to
 * the dropped client in every plugin's entities is re-pointed to the kept one
 * (crm_entity_repoint), the dropped client becomes former with merged_into, and client_merge
 * keeps both records as they were and what moved, so merge_undo.c can put everything back. */
#include "clients-private.h"
#include "duplicates-private.h"

#include <stdio.h>
#include <string.h>

/* --- the client_merge entity: one record per merge, written by the merge and its undo --- */

static const crm_field_t merge_fields[] = {
    /* Ids as plain strings, not references: a later merge re-points references, and the record
     * of this one must keep naming the clients it was about. */
    {.name = "keep", .type = CRM_FIELD_STRING, .label = "Kept client",
     .flags = CRM_F_REQUIRED | CRM_F_COMPUTED | CRM_F_INDEXED, .max_length = 24},
    {.name = "drop", .type = CRM_FIELD_STRING, .label = "Merged (dropped) client",
     .flags = CRM_F_REQUIRED | CRM_F_COMPUTED | CRM_F_INDEXED, .max_length = 24},
    {.name = "keep_name", .type = CRM_FIELD_STRING, .label = "Kept client's name",
     .flags = CRM_F_COMPUTED, .max_length = 250},
    {.name = "drop_name", .type = CRM_FIELD_STRING, .label = "Dropped client's name",
     .flags = CRM_F_COMPUTED, .max_length = 250},
    {.name = "status", .type = CRM_FIELD_ENUM, .label = "Status",
     .flags = CRM_F_COMPUTED | CRM_F_INDEXED, .enum_values = CRM_VALUES("done", "undone")},
    {.name = "merged_by", .type = CRM_FIELD_STRING, .label = "Merged by (user id)",
     .flags = CRM_F_COMPUTED, .max_length = 64},
    {.name = "merged_by_name", .type = CRM_FIELD_STRING, .label = "Merged by",
     .flags = CRM_F_COMPUTED, .max_length = 200},
    {.name = "merged_at", .type = CRM_FIELD_DATETIME, .label = "Merged at",
     .flags = CRM_F_COMPUTED | CRM_F_INDEXED},
    {.name = "fields", .type = CRM_FIELD_OBJECT, .label = "Values chosen (keep, drop, both)",
     .flags = CRM_F_COMPUTED},
    {.name = "keep_before", .type = CRM_FIELD_OBJECT, .label = "Kept client before the merge",
     .flags = CRM_F_COMPUTED | CRM_F_SENSITIVE},
    {.name = "drop_before", .type = CRM_FIELD_OBJECT,
     .label = "Dropped client before the merge", .flags = CRM_F_COMPUTED | CRM_F_SENSITIVE},
    {.name = "keep_version", .type = CRM_FIELD_INT, .label = "Kept client's version after it",
     .flags = CRM_F_COMPUTED},
    {.name = "drop_version", .type = CRM_FIELD_INT,
     .label = "Dropped client's version after it", .flags = CRM_F_COMPUTED},
    {.name = "moved", .type = CRM_FIELD_OBJECT, .label = "Records re-pointed, by entity",
     .flags = CRM_F_COMPUTED},
    {.name = "undone_by", .type = CRM_FIELD_STRING, .label = "Undone by (user id)",
     .flags = CRM_F_COMPUTED, .max_length = 64},
    {.name = "undone_by_name", .type = CRM_FIELD_STRING, .label = "Undone by",
     .flags = CRM_F_COMPUTED, .max_length = 200},
    {.name = "undone_at", .type = CRM_FIELD_DATETIME, .label = "Undone at",
     .flags = CRM_F_COMPUTED},
    {.name = "moved_back", .type = CRM_FIELD_OBJECT, .label = "Records re-pointed back",
     .flags = CRM_F_COMPUTED},
    {.name = NULL},
};

/* Merges are recorded by the merge route only: a create without the two clients is someone
 * typing one in through /api/v1/client_merge. */
static int
merge_record_prepare(const crm_identity_t *actor, const bson_t *record, const bson_t *before,
                     bson_t *changes, crm_error_t *error)
{
    (void)actor;
    (void)changes;
    if (!before && (!clients_str(record, "keep") || !clients_str(record, "drop")))
        return crm_error_set(error, CRM_EVALIDATION,
                             "merges are recorded by POST /api/v1/clients/merge");
    return 0;
}

const crm_entity_def_t clients_client_merge_def = {
    .size = sizeof(crm_entity_def_t),
    .name = "client_merge",
    .label = "Client merge",
    .label_plural = "Client merges",
    .fields = merge_fields,
    .title_field = "keep_name",
    .default_sort = "-merged_at",
    .prepare = merge_record_prepare,
    .translations = clients_client_merge_translations,
};

/* --- shared helpers --- */

bool
clients_merge_same(const bson_t *a, const bson_t *b, const char *key)
{
    bson_iter_t ia, ib;
    bool ha = a && bson_iter_init_find(&ia, a, key), hb = b && bson_iter_init_find(&ib, b, key);
    bson_t da = BSON_INITIALIZER, db = BSON_INITIALIZER;
    bool same;

    if (ha && BSON_ITER_HOLDS_NULL(&ia))
        ha = false;
    if (hb && BSON_ITER_HOLDS_NULL(&ib))
        hb = false;
    if (!ha || !hb)
        return ha == hb;
    bson_append_iter(&da, "v", 1, &ia);
    bson_append_iter(&db, "v", 1, &ib);
    same = da.len == db.len && memcmp(bson_get_data(&da), bson_get_data(&db), da.len) == 0;
    bson_destroy(&da);
    bson_destroy(&db);
    return same;
}

int
clients_merge_reachable(const crm_identity_t *caller, const bson_t *client, crm_error_t *error)
{
    if (crm_identity_reaches(caller, "client.merge", clients_str(client, "owner_id"),
                             clients_str(client, "org_unit")))
        return 0;
    return crm_error_set(error, CRM_EPERM,
                         "client %s is outside your scope for client.merge: a director of its "
                         "branch or an administrator may merge it",
                         clients_str(client, "id"));
}

int
clients_merge_settle(const crm_identity_t *caller, const char *id, const bson_t *want,
                     bool (*which)(const crm_field_t *), crm_error_t *error)
{
    const crm_entity_def_t *def = crm_entity_find("client");
    int rc = 0;

    for (int pass = 0; rc == 0 && pass < 2; pass++) {
        bson_t now, patch = BSON_INITIALIZER;
        bson_iter_t it;

        rc = crm_entity_get(crm_identity_system(), "client", id, &now, error);
        for (const crm_field_t *f = def->fields; rc == 0 && f->name; f++) {
            if ((which && !which(f)) || clients_merge_same(want, &now, f->name))
                continue;
            if (bson_iter_init_find(&it, want, f->name) && !BSON_ITER_HOLDS_NULL(&it))
                bson_append_iter(&patch, f->name, -1, &it);
            else
                BSON_APPEND_NULL(&patch, f->name);
        }
        if (rc == 0 && !bson_empty(&patch))
            rc = crm_entity_update(caller, "client", id, &patch, NULL, error);
        bson_destroy(&now);
        bson_destroy(&patch);
    }
    return rc;
}

/* --- the plan: what the kept client becomes --- */

typedef struct merge_plan {
    bson_t keep, drop;  /* API form, read as the caller */
    bson_t choices;     /* {"<field>": "keep" | "drop" | "both"} for every field one may choose */
    bson_t merged;      /* the kept client's chosen fields after the merge */
    bson_t drop_patch;  /* former, merged_into, unique values handed over to the kept client */
} merge_plan_t;

static void
plan_init(merge_plan_t *plan)
{
    bson_init(&plan->keep);
    bson_init(&plan->drop);
    bson_init(&plan->choices);
    bson_init(&plan->merged);
    bson_init(&plan->drop_patch);
}

static void
plan_destroy(merge_plan_t *plan)
{
    bson_destroy(&plan->keep);
    bson_destroy(&plan->drop);
    bson_destroy(&plan->choices);
    bson_destroy(&plan->merged);
    bson_destroy(&plan->drop_patch);
}

/* A field a merge may choose: everything but what the plugin computes and the kind. */
static bool
choosable(const crm_field_t *f)
{
    return !(f->flags & CRM_F_COMPUTED) && strcmp(f->name, "kind") != 0;
}

/* Lists and groups of fields can take from both clients. */
static bool
combinable(const crm_field_t *f)
{
    return f->type == CRM_FIELD_ARRAY || f->type == CRM_FIELD_OBJECT;
}

static const crm_field_t *
client_field(const char *name)
{
    const crm_entity_def_t *def = crm_entity_find("client");

    for (const crm_field_t *f = def ? def->fields : NULL; f && f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

/* What a merge takes when not told: both for lists and groups; the more advanced status
 * (an active client stays active); otherwise the kept client's value, or the dropped one's
 * where the kept client has none. */
static const char *
default_choice(const merge_plan_t *plan, const crm_field_t *f)
{
    bson_iter_t it;
    bool keep_has = bson_iter_init_find(&it, &plan->keep, f->name) && !BSON_ITER_HOLDS_NULL(&it);

    if (combinable(f))
        return "both";
    if (strcmp(f->name, "status") == 0 && clients_str_is(&plan->drop, "status", "active"))
        return "drop";
    return keep_has || !bson_has_field(&plan->drop, f->name) ? "keep" : "drop";
}

/* Appends to OUT, under KEY, the union of the arrays at KEY of A and B (A's items first). */
static void
union_arrays(const bson_t *a, const bson_t *b, const char *key, bson_t *out)
{
    bson_t arr;
    const bson_t *sides[2] = {a, b};
    uint32_t n = 0;

    bson_append_array_begin(out, key, -1, &arr);
    for (int s = 0; s < 2; s++) {
        bson_iter_t it, item;

        if (!bson_iter_init_find(&it, sides[s], key) || !BSON_ITER_HOLDS_ARRAY(&it) ||
            !bson_iter_recurse(&it, &item))
            continue;
        while (bson_iter_next(&item)) {
            bson_t one = BSON_INITIALIZER;
            bson_iter_t prev;
            bool dup = false;
            char idx[16];
            const char *k;

            bson_append_iter(&one, "v", 1, &item);
            if (bson_iter_init(&prev, &arr)) {
                while (!dup && bson_iter_next(&prev)) {
                    bson_t other = BSON_INITIALIZER;

                    bson_append_iter(&other, "v", 1, &prev);
                    dup = clients_merge_same(&one, &other, "v");
                    bson_destroy(&other);
                }
            }
            bson_destroy(&one);
            if (dup)
                continue;
            bson_uint32_to_string(n++, &k, idx, sizeof idx);
            bson_append_iter(&arr, k, -1, &item);
        }
    }
    bson_append_array_end(out, &arr);
}

bool
clients_merge_sub_doc(const bson_t *doc, const char *key, bson_t *out)
{
    bson_iter_t it;
    const uint8_t *raw;
    uint32_t len;

    if (!bson_iter_init_find(&it, doc, key) || !BSON_ITER_HOLDS_DOCUMENT(&it))
        return false;
    bson_iter_document(&it, &len, &raw);
    return bson_init_static(out, raw, len);
}

/* For two consents of one channel: the later dated wins; on the same day (or undated) a
 * withdrawal wins, so a merge never grants what one record had withdrawn. True for B. */
static bool
consent_b_wins(const bson_t *a, const bson_t *b)
{
    const char *da = clients_str(a, "date"), *db = clients_str(b, "date");
    int c = strcmp(da ? da : "", db ? db : "");
    bson_iter_t it;
    bool a_granted = bson_iter_init_find(&it, a, "granted") && BSON_ITER_HOLDS_BOOL(&it) &&
                     bson_iter_bool(&it);

    if (c != 0)
        return c < 0;
    return a_granted && !(bson_iter_init_find(&it, b, "granted") && BSON_ITER_HOLDS_BOOL(&it) &&
                          bson_iter_bool(&it));
}

/* Appends to OUT, under F's name, the groups of fields of the two clients combined member by
 * member: the kept client's member, else the dropped one's; consents per channel as
 * consent_b_wins() decides. */
static void
combine_objects(const merge_plan_t *plan, const crm_field_t *f, bson_t *out)
{
    bson_t a, b, obj;
    bool has_a = clients_merge_sub_doc(&plan->keep, f->name, &a), has_b = clients_merge_sub_doc(&plan->drop, f->name, &b);
    bool consents = strcmp(f->name, "consents") == 0;

    if (!has_a && !has_b)
        return;
    bson_append_document_begin(out, f->name, -1, &obj);
    for (const crm_field_t *g = f->fields; g && g->name; g++) {
        bson_t ma, mb;
        bool in_a = has_a && clients_merge_sub_doc(&a, g->name, &ma), in_b = has_b && clients_merge_sub_doc(&b, g->name, &mb);
        bson_iter_t it;

        if (!in_a && !in_b) {
            /* A scalar member: the kept client's, else the dropped one's. */
            if ((has_a && bson_iter_init_find(&it, &a, g->name)) ||
                (has_b && bson_iter_init_find(&it, &b, g->name)))
                bson_append_iter(&obj, g->name, -1, &it);
            continue;
        }
        if (in_a && (!in_b || !consents || !consent_b_wins(&ma, &mb)))
            bson_append_document(&obj, g->name, -1, &ma);
        else
            bson_append_document(&obj, g->name, -1, &mb);
    }
    if (!f->fields) /* a free object: the kept client's, else the dropped one's */
        bson_concat(&obj, has_a ? &a : &b);
    bson_append_document_end(out, &obj);
}

/* Appends to MERGED the value field F takes with CHOICE. */
static void
merged_value(const merge_plan_t *plan, const crm_field_t *f, const char *choice, bson_t *merged)
{
    bson_iter_t it;
    const bson_t *from = strcmp(choice, "drop") == 0 ? &plan->drop : &plan->keep;

    if (strcmp(choice, "both") == 0) {
        if (f->type == CRM_FIELD_ARRAY) {
            if (bson_has_field(&plan->keep, f->name) || bson_has_field(&plan->drop, f->name))
                union_arrays(&plan->keep, &plan->drop, f->name, merged);
        } else {
            combine_objects(plan, f, merged);
        }
        return;
    }
    if (bson_iter_init_find(&it, from, f->name) && !BSON_ITER_HOLDS_NULL(&it))
        bson_append_iter(merged, f->name, -1, &it);
}

/* Checks the caller's choices (FIELDS, may be NULL) and fills plan->choices with them and the
 * defaults. Per-field messages under "fields.<name>". */
static int
plan_choices(merge_plan_t *plan, const bson_t *fields, crm_error_t *error)
{
    const crm_entity_def_t *def = crm_entity_find("client");
    bson_iter_t it;
    bool ok = true;

    if (fields && bson_iter_init(&it, fields)) {
        while (bson_iter_next(&it)) {
            const char *name = bson_iter_key(&it);
            const char *v = BSON_ITER_HOLDS_UTF8(&it) ? bson_iter_utf8(&it, NULL) : "";
            const crm_field_t *f = client_field(name);
            const char *why;
            char path[96];

            snprintf(path, sizeof path, "fields.%s", name);
            if (!f)
                why = "is not a field of client";
            else if (strcmp(name, "kind") == 0)
                why = "cannot be chosen: both clients are of one kind";
            else if (!choosable(f))
                why = "cannot be chosen: the plugin computes it";
            else if (strcmp(v, "keep") != 0 && strcmp(v, "drop") != 0 &&
                     !(strcmp(v, "both") == 0 && combinable(f)))
                why = combinable(f) ? "must be \"keep\", \"drop\" or \"both\""
                                    : "must be \"keep\" or \"drop\"";
            else
                continue;
            crm_error_add_field(error, path, "%s", why);
            ok = false;
        }
    }
    if (!ok)
        return CRM_EVALIDATION;
    for (const crm_field_t *f = def->fields; f->name; f++) {
        const char *choice = NULL;

        if (!choosable(f))
            continue;
        if (fields && bson_iter_init_find(&it, fields, f->name))
            choice = bson_iter_utf8(&it, NULL);
        BSON_APPEND_UTF8(&plan->choices, f->name, choice ? choice : default_choice(plan, f));
    }
    return 0;
}

/* True for a field whose value only one client may hold (the core banking id). */
static bool
unique_field(const crm_field_t *f)
{
    const crm_entity_def_t *def = crm_entity_find("client");

    return (f->flags & CRM_F_UNIQUE) || (def->external_key && !strcmp(def->external_key, f->name));
}

/* Computes the merged client and the dropped client's patch from plan->choices. */
static void
plan_patches(merge_plan_t *plan)
{
    const crm_entity_def_t *def = crm_entity_find("client");

    BSON_APPEND_UTF8(&plan->drop_patch, "status", "former");
    BSON_APPEND_UTF8(&plan->drop_patch, "merged_into", clients_str(&plan->keep, "id"));
    for (const crm_field_t *f = def->fields; f->name; f++) {
        bson_t one = BSON_INITIALIZER;

        if (!choosable(f))
            continue;
        merged_value(plan, f, clients_str(&plan->choices, f->name), &one);
        bson_concat(&plan->merged, &one);
        /* A unique value the kept client takes over leaves the dropped one first. */
        if (unique_field(f) && bson_has_field(&one, f->name) &&
            clients_merge_same(&one, &plan->drop, f->name) &&
            !clients_merge_same(&one, &plan->keep, f->name))
            BSON_APPEND_NULL(&plan->drop_patch, f->name);
        bson_destroy(&one);
    }
}

/* Reads both clients as CALLER and checks that they can be merged. */
static int
plan_load(const crm_identity_t *caller, const char *keep, const char *drop, merge_plan_t *plan,
          crm_error_t *error)
{
    const char *into;
    int rc;

    if (!keep || !drop || !*keep || !*drop)
        return crm_error_set(error, CRM_EINVAL,
                             "keep and drop are required: the id of the client to keep and of "
                             "the one to merge into it");
    if (strcmp(keep, drop) == 0)
        return crm_error_set(error, CRM_EINVAL, "a client cannot be merged into itself");
    bson_destroy(&plan->keep);
    rc = crm_entity_get(caller, "client", keep, &plan->keep, error);
    if (rc == 0) {
        bson_destroy(&plan->drop);
        rc = crm_entity_get(caller, "client", drop, &plan->drop, error);
    }
    if (rc == 0)
        rc = clients_merge_reachable(caller, &plan->keep, error);
    if (rc == 0)
        rc = clients_merge_reachable(caller, &plan->drop, error);
    if (rc != 0)
        return rc;
    if ((into = clients_str(&plan->drop, "merged_into")))
        return crm_error_set(error, CRM_ECONFLICT, "client %s was already merged into %s", drop,
                             into);
    if ((into = clients_str(&plan->keep, "merged_into")))
        return crm_error_set(error, CRM_ECONFLICT,
                             "client %s was merged into %s: keep that one instead", keep, into);
    if (!clients_merge_same(&plan->keep, &plan->drop, "kind"))
        return crm_error_set(error, CRM_ECONFLICT,
                             "an individual and an organisation cannot be merged");
    return 0;
}

/* --- GET /api/v1/clients/merge-preview?keep=&drop= --- */

static void
append_side(bson_t *doc, const char *key, const bson_t *from, const char *field)
{
    bson_iter_t it;

    if (bson_iter_init_find(&it, from, field))
        bson_append_iter(doc, key, -1, &it);
    else
        BSON_APPEND_NULL(doc, key);
}

/* One entry per field one may choose: both values, whether they differ, the choice the merge
 * takes unless told otherwise, the choices offered and the value the kept client ends with. */
static void
append_fields(const merge_plan_t *plan, bson_t *out)
{
    const crm_entity_def_t *def = crm_entity_find("client");
    bson_t arr, entry, choices;
    uint32_t n = 0;

    BSON_APPEND_ARRAY_BEGIN(out, "fields", &arr);
    for (const crm_field_t *f = def->fields; f->name; f++) {
        char idx[16];
        const char *k;

        if (!choosable(f))
            continue;
        bson_uint32_to_string(n++, &k, idx, sizeof idx);
        BSON_APPEND_DOCUMENT_BEGIN(&arr, k, &entry);
        BSON_APPEND_UTF8(&entry, "field", f->name);
        BSON_APPEND_UTF8(&entry, "label", f->label ? f->label : f->name);
        append_side(&entry, "keep", &plan->keep, f->name);
        append_side(&entry, "drop", &plan->drop, f->name);
        BSON_APPEND_BOOL(&entry, "same", clients_merge_same(&plan->keep, &plan->drop, f->name));
        BSON_APPEND_UTF8(&entry, "choice", clients_str(&plan->choices, f->name));
        BSON_APPEND_ARRAY_BEGIN(&entry, "choices", &choices);
        BSON_APPEND_UTF8(&choices, "0", "keep");
        BSON_APPEND_UTF8(&choices, "1", "drop");
        if (combinable(f))
            BSON_APPEND_UTF8(&choices, "2", "both");
        bson_append_array_end(&entry, &choices);
        append_side(&entry, "merged", &plan->merged, f->name);
        bson_append_document_end(&arr, &entry);
    }
    bson_append_array_end(out, &arr);
}

int
clients_route_merge_preview(crm_request_t *req, void *data, crm_error_t *error)
{
    static const char *const allowed[] = {"keep", "drop", NULL};
    merge_plan_t plan;
    bson_t out = BSON_INITIALIZER;
    int rc;

    (void)data;
    plan_init(&plan);
    rc = crm_request_query_only(req, allowed, error);
    if (rc == 0)
        rc = plan_load(crm_request_identity(req), crm_request_query(req, "keep"),
                       crm_request_query(req, "drop"), &plan, error);
    if (rc == 0)
        rc = plan_choices(&plan, NULL, error);
    if (rc != 0)
        goto done;
    plan_patches(&plan);
    BSON_APPEND_DOCUMENT(&out, "keep", &plan.keep);
    BSON_APPEND_DOCUMENT(&out, "drop", &plan.drop);
    append_fields(&plan, &out);
    BSON_APPEND_DOCUMENT(&out, "merged", &plan.merged);
    rc = crm_respond_json(req, 200, &out);
done:
    plan_destroy(&plan);
    bson_destroy(&out);
    return rc;
}

/* --- POST /api/v1/clients/merge --- */

typedef struct merge_run {
    const crm_identity_t *caller;
    merge_plan_t *plan;
    const char *keep, *drop;
    bson_t moved;  /* what crm_entity_repoint() moved */
    bson_t record; /* the client_merge record */
} merge_run_t;

/* The version of client ID now (as the system: the caller read it already). */
static int64_t
client_version(const char *id)
{
    bson_t doc;
    bson_iter_t it;
    int64_t v = -1;

    if (crm_entity_get(crm_identity_system(), "client", id, &doc, NULL) == 0 &&
        bson_iter_init_find(&it, &doc, "version") && BSON_ITER_HOLDS_INT(&it))
        v = bson_iter_as_int64(&it);
    bson_destroy(&doc);
    return v;
}

static int
create_record(merge_run_t *m, crm_error_t *error)
{
    bson_t doc = BSON_INITIALIZER;
    char now[32];
    int rc;

    clients_iso_time(clients_now_ms(), now);
    BSON_APPEND_UTF8(&doc, "keep", m->keep);
    BSON_APPEND_UTF8(&doc, "drop", m->drop);
    if (clients_str(&m->plan->keep, "display_name"))
        BSON_APPEND_UTF8(&doc, "keep_name", clients_str(&m->plan->keep, "display_name"));
    if (clients_str(&m->plan->drop, "display_name"))
        BSON_APPEND_UTF8(&doc, "drop_name", clients_str(&m->plan->drop, "display_name"));
    BSON_APPEND_UTF8(&doc, "status", "done");
    BSON_APPEND_UTF8(&doc, "merged_by", crm_identity_user_id(m->caller));
    BSON_APPEND_UTF8(&doc, "merged_by_name", crm_identity_name(m->caller));
    BSON_APPEND_UTF8(&doc, "merged_at", now);
    BSON_APPEND_DOCUMENT(&doc, "fields", &m->plan->choices);
    BSON_APPEND_DOCUMENT(&doc, "keep_before", &m->plan->keep);
    BSON_APPEND_DOCUMENT(&doc, "drop_before", &m->plan->drop);
    BSON_APPEND_INT64(&doc, "keep_version", client_version(m->keep));
    BSON_APPEND_INT64(&doc, "drop_version", client_version(m->drop));
    BSON_APPEND_DOCUMENT(&doc, "moved", &m->moved);
    bson_destroy(&m->record);
    rc = crm_entity_create(m->caller, "client_merge", &doc, &m->record, error);
    bson_destroy(&doc);
    return rc;
}

/* The re-pointing turned the pair's own candidate into (keep, keep): it names the two clients
 * again, marked merged by this merge. Kept by the plugin, so written as the system. */
static int
mark_pair_merged(merge_run_t *m, crm_error_t *error)
{
    bson_iter_t it, ids;
    int rc = 0;

    if (!bson_iter_init_find(&it, &m->moved, "duplicate_candidate") ||
        !BSON_ITER_HOLDS_ARRAY(&it) || !bson_iter_recurse(&it, &ids))
        return 0;
    while (rc == 0 && bson_iter_next(&ids)) {
        const char *id = bson_iter_utf8(&ids, NULL);
        bson_t cand, patch = BSON_INITIALIZER;
        bool low = strcmp(m->keep, m->drop) < 0;

        rc = crm_entity_get(crm_identity_system(), "duplicate_candidate", id, &cand, error);
        if (rc == 0 && clients_str_is(&cand, "client_a", m->keep) &&
            clients_str_is(&cand, "client_b", m->keep)) {
            BSON_APPEND_UTF8(&patch, "client_a", low ? m->keep : m->drop);
            BSON_APPEND_UTF8(&patch, "client_b", low ? m->drop : m->keep);
            BSON_APPEND_UTF8(&patch, "status", "merged");
            BSON_APPEND_UTF8(&patch, "merge_id", clients_str(&m->record, "id"));
            rc = crm_entity_update(crm_identity_system(), "duplicate_candidate", id, &patch, NULL,
                                   error);
        }
        bson_destroy(&cand);
        bson_destroy(&patch);
    }
    return rc;
}

/* Everything in one transaction: a failure anywhere leaves the store as it was. The dropped
 * client is written first so that a unique value (the core banking id) can move. */
static int
merge_txn(crm_store_t *store, void *data, crm_error_t *error)
{
    merge_run_t *m = data;
    int rc;

    (void)store;
    rc = crm_entity_update(m->caller, "client", m->drop, &m->plan->drop_patch, NULL, error);
    if (rc == 0)
        rc = clients_merge_settle(m->caller, m->keep, &m->plan->merged, choosable, error);
    if (rc == 0) {
        bson_destroy(&m->moved);
        rc = crm_entity_repoint(m->caller, "client", m->drop, m->keep, NULL, &m->moved, error);
    }
    if (rc == 0)
        rc = create_record(m, error);
    if (rc == 0)
        rc = mark_pair_merged(m, error);
    return rc;
}

/* Reads {"keep", "drop", "fields"} from BODY; anything else is refused. */
static int
read_body(const bson_t *body, const char **keep, const char **drop, bson_t *fields,
          crm_error_t *error)
{
    bson_iter_t it;

    if (!bson_iter_init(&it, body))
        return crm_error_set(error, CRM_EINVAL, "the body must be a JSON object");
    while (bson_iter_next(&it)) {
        const char *key = bson_iter_key(&it);

        if ((strcmp(key, "keep") == 0 || strcmp(key, "drop") == 0) && BSON_ITER_HOLDS_UTF8(&it)) {
            *(strcmp(key, "keep") == 0 ? keep : drop) = bson_iter_utf8(&it, NULL);
        } else if (strcmp(key, "fields") == 0 && BSON_ITER_HOLDS_DOCUMENT(&it)) {
            const uint8_t *raw;
            uint32_t len;

            bson_iter_document(&it, &len, &raw);
            bson_init_static(fields, raw, len);
        } else {
            return crm_error_set(error, CRM_EINVAL,
                                 "'%.40s' is not understood: the body is {\"keep\": id, "
                                 "\"drop\": id, \"fields\": {\"<field>\": \"keep\" | \"drop\"}}",
                                 key);
        }
    }
    return 0;
}

int
clients_route_merge(crm_request_t *req, void *data, crm_error_t *error)
{
    const crm_identity_t *caller = crm_request_identity(req);
    bson_t body = BSON_INITIALIZER, fields, out = BSON_INITIALIZER, client;
    const char *keep = NULL, *drop = NULL;
    merge_plan_t plan;
    merge_run_t m = {.caller = caller, .plan = &plan};
    char location[96];
    int rc;

    (void)data;
    plan_init(&plan);
    bson_init(&fields);
    bson_init(&m.moved);
    bson_init(&m.record);
    bson_init(&client);
    rc = crm_request_query_only(req, NULL, error);
    if (rc == 0) {
        bson_destroy(&body);
        rc = crm_request_json(req, &body, error);
        if (rc != 0)
            bson_init(&body);
    }
    if (rc == 0)
        rc = read_body(&body, &keep, &drop, &fields, error);
    if (rc == 0)
        rc = plan_load(caller, keep, drop, &plan, error);
    if (rc == 0)
        rc = plan_choices(&plan, &fields, error);
    if (rc != 0)
        goto done;
    plan_patches(&plan);
    m.keep = keep;
    m.drop = drop;
    rc = crm_store_transaction(crm_request_store(req), merge_txn, &m, error);
    if (rc == 0) {
        bson_destroy(&client);
        rc = crm_entity_get(caller, "client", keep, &client, error);
    }
    if (rc != 0)
        goto done;
    BSON_APPEND_DOCUMENT(&out, "merge", &m.record);
    BSON_APPEND_DOCUMENT(&out, "client", &client);
    snprintf(location, sizeof location, "/api/v1/client_merge/%s", clients_str(&m.record, "id"));
    crm_respond_header(req, "Location", location);
    rc = crm_respond_json(req, 201, &out);
done:
    plan_destroy(&plan);
    bson_destroy(&body);
    bson_destroy(&m.moved);
    bson_destroy(&m.record);
    bson_destroy(&client);
    bson_destroy(&out);
    return rc;
}
