/* POST /api/v1/clients/merge/{merge_id}/undo: puts a merge back. Both clients get their
 * recorded values again, exactly the records the merge re-pointed go back to the dropped client
 * (crm_entity_repoint with the merge's `moved` as `only`), the pair's candidate is open again,
 * and the client_merge record is marked undone. Refused when something happened since that the
 * undo would silently throw away: a later merge of either client, or (without ?force=true)
 * changes to the clients themselves. */
#include "clients-private.h"
#include "duplicates-private.h"

#include <stdio.h>
#include <string.h>

typedef struct undo_run {
    const crm_identity_t *caller;
    const char *merge_id;
    char keep[25], drop[25]; /* the clients, as the merge names them */
    bson_t merge;            /* the client_merge record, API form */
    bson_t only;             /* moved, without the pair's own candidate */
    bson_t reopen;           /* ids of the candidates this merge marked merged */
    bson_t moved_back;       /* what the re-pointing moved back */
} undo_run_t;

/* Splits the merge's `moved` into what goes back (ONLY) and the candidates of the pair itself
 * (REOPEN), which the merge set back to name both clients and must not be re-pointed. */
static void
split_moved(undo_run_t *u)
{
    bson_iter_t it, entities, ids;

    if (!bson_iter_init_find(&it, &u->merge, "moved") || !BSON_ITER_HOLDS_DOCUMENT(&it) ||
        !bson_iter_recurse(&it, &entities))
        return;
    while (bson_iter_next(&entities)) {
        const char *entity = bson_iter_key(&entities);
        bson_t arr;
        uint32_t n = 0, r = 0;

        if (!BSON_ITER_HOLDS_ARRAY(&entities) || !bson_iter_recurse(&entities, &ids))
            continue;
        bson_append_array_begin(&u->only, entity, -1, &arr);
        while (bson_iter_next(&ids)) {
            const char *id = BSON_ITER_HOLDS_UTF8(&ids) ? bson_iter_utf8(&ids, NULL) : NULL;
            char key[16];
            const char *k;
            bool pair = false;

            if (!id)
                continue;
            if (strcmp(entity, "duplicate_candidate") == 0) {
                bson_t cand;

                /* Gone since (the job removed it): nothing to put back. */
                if (crm_entity_get(crm_identity_system(), entity, id, &cand, NULL) == 0)
                    pair = clients_str_is(&cand, "merge_id", u->merge_id);
                bson_destroy(&cand);
            }
            if (pair) {
                bson_uint32_to_string(r++, &k, key, sizeof key);
                BSON_APPEND_UTF8(&u->reopen, k, id);
            } else {
                bson_uint32_to_string(n++, &k, key, sizeof key);
                BSON_APPEND_UTF8(&arr, k, id);
            }
        }
        bson_append_array_end(&u->only, &arr);
    }
}

static int
reopen_pairs(undo_run_t *u, crm_error_t *error)
{
    bson_iter_t it;
    int rc = 0;

    if (!bson_iter_init(&it, &u->reopen))
        return 0;
    while (rc == 0 && bson_iter_next(&it)) {
        bson_t patch = BSON_INITIALIZER;

        BSON_APPEND_UTF8(&patch, "status", "open");
        BSON_APPEND_NULL(&patch, "merge_id");
        rc = crm_entity_update(crm_identity_system(), "duplicate_candidate",
                               bson_iter_utf8(&it, NULL), &patch, NULL, error);
        bson_destroy(&patch);
    }
    return rc;
}

/* The kept client first: it gives back a unique value (the core banking id) the dropped one
 * then takes again. */
static int
undo_txn(crm_store_t *store, void *data, crm_error_t *error)
{
    undo_run_t *u = data;
    bson_t keep_before, drop_before, patch = BSON_INITIALIZER;
    char now[32];
    int rc = 0;

    (void)store;
    if (!clients_merge_sub_doc(&u->merge, "keep_before", &keep_before) ||
        !clients_merge_sub_doc(&u->merge, "drop_before", &drop_before))
        return crm_error_set(error, CRM_EINTERNAL, "merge %s lacks the records it replaced",
                             u->merge_id);
    rc = clients_merge_settle(u->caller, u->keep, &keep_before, NULL, error);
    if (rc == 0)
        rc = clients_merge_settle(u->caller, u->drop, &drop_before, NULL, error);
    if (rc == 0) {
        split_moved(u);
        bson_destroy(&u->moved_back);
        rc = crm_entity_repoint(u->caller, "client", u->keep, u->drop, &u->only, &u->moved_back,
                                error);
    }
    if (rc == 0)
        rc = reopen_pairs(u, error);
    if (rc == 0) {
        clients_iso_time(clients_now_ms(), now);
        BSON_APPEND_UTF8(&patch, "status", "undone");
        BSON_APPEND_UTF8(&patch, "undone_by", crm_identity_user_id(u->caller));
        BSON_APPEND_UTF8(&patch, "undone_by_name", crm_identity_name(u->caller));
        BSON_APPEND_UTF8(&patch, "undone_at", now);
        BSON_APPEND_DOCUMENT(&patch, "moved_back", &u->moved_back);
        bson_destroy(&u->merge);
        rc = crm_entity_update(u->caller, "client_merge", u->merge_id, &patch, &u->merge, error);
        if (rc != 0)
            bson_init(&u->merge);
    }
    bson_destroy(&patch);
    return rc;
}

static int
count_later_merges(const undo_run_t *u, int64_t *n, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, after;
    int rc;

    BSON_APPEND_UTF8(&filter, "keep", u->keep);
    BSON_APPEND_UTF8(&filter, "status", "done");
    BSON_APPEND_DOCUMENT_BEGIN(&filter, "id", &after);
    BSON_APPEND_UTF8(&after, "$gt", u->merge_id);
    bson_append_document_end(&filter, &after);
    rc = crm_entity_count(crm_identity_system(), "client_merge", &filter, n, error);
    bson_destroy(&filter);
    return rc;
}

/* The client's version now against the one the merge left, unless FORCE. */
static int
check_unchanged(const undo_run_t *u, const bson_t *client, const char *version_field, bool force,
                crm_error_t *error)
{
    bson_iter_t a, b;
    int64_t now, then;

    if (force || !bson_iter_init_find(&a, client, "version") ||
        !bson_iter_init_find(&b, &u->merge, version_field))
        return 0;
    now = bson_iter_as_int64(&a);
    then = bson_iter_as_int64(&b);
    if (now == then)
        return 0;
    return crm_error_set(error, CRM_ECONFLICT,
                         "client %s was changed after the merge (version %lld, the merge left "
                         "%lld): undoing would discard those changes; add ?force=true to undo "
                         "anyway",
                         clients_str(client, "id"), (long long)now, (long long)then);
}

/* Reads the merge and both clients as the caller and checks that the merge can be undone. */
static int
undo_check(undo_run_t *u, bool force, crm_error_t *error)
{
    bson_t keep = BSON_INITIALIZER, drop = BSON_INITIALIZER;
    const char *into;
    int64_t later = 0;
    int rc;

    bson_destroy(&u->merge);
    rc = crm_entity_get(u->caller, "client_merge", u->merge_id, &u->merge, error);
    if (rc != 0)
        goto done;
    if (!clients_str(&u->merge, "keep") || !clients_str(&u->merge, "drop")) {
        rc = crm_error_set(error, CRM_EINTERNAL, "merge %s does not name its clients", u->merge_id);
        goto done;
    }
    snprintf(u->keep, sizeof u->keep, "%s", clients_str(&u->merge, "keep"));
    snprintf(u->drop, sizeof u->drop, "%s", clients_str(&u->merge, "drop"));
    if (clients_str_is(&u->merge, "status", "undone")) {
        rc = crm_error_set(error, CRM_ECONFLICT, "merge %s was already undone on %s by %s",
                           u->merge_id, clients_str(&u->merge, "undone_at"),
                           clients_str(&u->merge, "undone_by_name"));
        goto done;
    }
    bson_destroy(&keep);
    rc = crm_entity_get(u->caller, "client", u->keep, &keep, error);
    if (rc == 0) {
        bson_destroy(&drop);
        rc = crm_entity_get(u->caller, "client", u->drop, &drop, error);
    }
    if (rc == 0)
        rc = clients_merge_reachable(u->caller, &keep, error);
    if (rc == 0)
        rc = clients_merge_reachable(u->caller, &drop, error);
    if (rc == 0)
        rc = count_later_merges(u, &later, error);
    if (rc != 0)
        goto done;
    if ((into = clients_str(&keep, "merged_into")))
        rc = crm_error_set(error, CRM_ECONFLICT,
                           "client %s has since been merged into %s: undo that merge first",
                           u->keep, into);
    else if (later > 0)
        rc = crm_error_set(error, CRM_ECONFLICT,
                           "client %s took in another client after this merge: undo the later "
                           "merge first",
                           u->keep);
    else if (!clients_str_is(&drop, "merged_into", u->keep))
        rc = crm_error_set(error, CRM_ECONFLICT, "client %s is no longer merged into %s", u->drop,
                           u->keep);
    if (rc == 0)
        rc = check_unchanged(u, &keep, "keep_version", force, error);
    if (rc == 0)
        rc = check_unchanged(u, &drop, "drop_version", force, error);
done:
    bson_destroy(&keep);
    bson_destroy(&drop);
    return rc;
}

int
clients_route_merge_undo(crm_request_t *req, void *data, crm_error_t *error)
{
    static const char *const allowed[] = {"force", NULL};
    const char *force = crm_request_query(req, "force");
    undo_run_t u = {.caller = crm_request_identity(req),
                    .merge_id = crm_request_param(req, "merge_id")};
    bson_t out = BSON_INITIALIZER, keep = BSON_INITIALIZER, drop = BSON_INITIALIZER;
    int rc;

    (void)data;
    bson_init(&u.merge);
    bson_init(&u.only);
    bson_init(&u.reopen);
    bson_init(&u.moved_back);
    rc = crm_request_query_only(req, allowed, error);
    if (rc == 0 && force && strcmp(force, "true") != 0 && strcmp(force, "false") != 0)
        rc = crm_error_set(error, CRM_EINVAL, "force is true or false");
    if (rc == 0)
        rc = undo_check(&u, force && strcmp(force, "true") == 0, error);
    if (rc == 0)
        rc = crm_store_transaction(crm_request_store(req), undo_txn, &u, error);
    if (rc == 0) {
        bson_destroy(&keep);
        rc = crm_entity_get(u.caller, "client", u.keep, &keep, error);
    }
    if (rc == 0) {
        bson_destroy(&drop);
        rc = crm_entity_get(u.caller, "client", u.drop, &drop, error);
    }
    if (rc == 0) {
        BSON_APPEND_DOCUMENT(&out, "merge", &u.merge);
        BSON_APPEND_DOCUMENT(&out, "keep", &keep);
        BSON_APPEND_DOCUMENT(&out, "drop", &drop);
        rc = crm_respond_json(req, 200, &out);
    }
    bson_destroy(&u.merge);
    bson_destroy(&u.only);
    bson_destroy(&u.reopen);
    bson_destroy(&u.moved_back);
    bson_destroy(&keep);
    bson_destroy(&drop);
    bson_destroy(&out);
    return rc;
}
