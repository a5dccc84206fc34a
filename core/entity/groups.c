/* A group's records: its members as a page of the entity's list or a CSV of its export, and
 * the ids of a static group changed a few at a time. The members are the group's selection
 * within the caller's own scope for "<entity>.read" (or ".export"): whoever shared the group,
 * the caller sees only records they could list themselves. */
#include "entity/groups-private.h"
#include "entity/query-private.h"
#include "entity/service-private.h"
#include "report/saved-private.h"

#include <stdio.h>
#include <string.h>

/* Loads the group of REQ's path into GROUP (initialised here) as the caller sees it (404) or,
 * with OWNED, owns it (403), and its entity (404 when no longer registered). */
static int
load(crm_request_t *req, bool owned, bson_t *group, const crm__entity_t **e, crm_error_t *error)
{
    int rc =
        crm__saved_find(crm_request_store(req), crm_request_identity(req), &crm__saved_group_kind,
                        crm_request_param(req, "id"), owned, group, error);

    if (rc != 0) {
        bson_init(group);
        return rc;
    }
    return crm__entity_resolve(crm__group_str(group, "entity"), NULL, e, NULL, error);
}

/* The store filter of GROUP's own selection, into OUT (initialised here): its ids, or its
 * filter and q. */
static int
selection(const crm__entity_t *e, const bson_t *group, bson_t *out, crm_error_t *error)
{
    crm_error_t stale = {0};
    bson_iter_t ids;
    bson_t in, none;

    if (crm__group_is_static(group)) {
        bson_init(out);
        BSON_APPEND_DOCUMENT_BEGIN(out, "_id", &in);
        if (bson_iter_init_find(&ids, group, "ids") && BSON_ITER_HOLDS_ARRAY(&ids)) {
            bson_append_iter(&in, "$in", 3, &ids);
        } else {
            BSON_APPEND_ARRAY_BEGIN(&in, "$in", &none);
            bson_append_array_end(&in, &none);
        }
        bson_append_document_end(out, &in);
        return 0;
    }
    if (crm__query_filter(e, crm__group_str(group, "filter"), crm__group_str(group, "q"), out,
                          &stale) != 0)
        return crm_error_set(error, CRM_ECONFLICT,
                             "this group no longer fits %s (%s): its owner "
                             "may change its filter",
                             e->def->name, stale.message);
    return 0;
}

/* The parameters of members ("read") and export, the list's and the export's; any other is
 * refused, so that a misspelt filter does not answer with the whole group. */
static const char *const list_params[] = {"limit", "cursor", "sort", "_count", "filter", "q", NULL};
static const char *const export_params[] = {"sort", "filter", "q", NULL};

/* What members and export share: the group (404), the entity, the sort (the request's, else
 * the group's, else the entity's), and the store filter of the group's selection AND the
 * request's filter and q, within the caller's scope for "<entity>.<ACTION>" (403). FILTER is
 * initialised here; destroy it even on failure. */
static int
members_query(crm_request_t *req, const char *action, const crm__entity_t **e, crm__sort_t *sort,
              bson_t *filter, crm_error_t *error)
{
    bson_t group, own = BSON_INITIALIZER, asked = BSON_INITIALIZER;
    const char *sort_spec = crm_request_query(req, "sort"), *q = crm_request_query(req, "q");
    int rc;

    bson_init(filter);
    rc = crm_request_query_only(req, strcmp(action, "read") == 0 ? list_params : export_params,
                                error);
    if (rc != 0)
        return rc;
    rc = load(req, false, &group, e, error);
    if (rc == 0 && q && *q && crm__group_str(&group, "q"))
        rc = crm_error_set(error, CRM_EINVAL,
                           "this group has its own q: narrow it with filter instead");
    if (rc == 0)
        rc = crm__query_scoped(crm_request_identity(req), *e, action,
                               crm_request_query(req, "filter"), q, &asked, error);
    if (rc == 0)
        rc = crm__query_sort(*e, sort_spec ? sort_spec : crm__group_str(&group, "sort"), sort,
                             error);
    if (rc == 0) {
        bson_destroy(&own);
        rc = selection(*e, &group, &own, error);
    }
    if (rc == 0)
        crm__filter_and(&own, &asked, filter);
    bson_destroy(&group);
    bson_destroy(&own);
    bson_destroy(&asked);
    return rc;
}

/* The group's members as a page of the list (ACTION "read") or a file of the export (FORMAT
 * "csv" or "xlsx"). */
static int
respond_members(crm_request_t *req, const char *action, const char *format, crm_error_t *error)
{
    const crm__entity_t *e = NULL;
    crm__sort_t sort;
    bson_t filter;
    char name[96];
    int rc;

    rc = members_query(req, action, &e, &sort, &filter, error);
    if (rc == 0 && strcmp(action, "read") == 0) {
        rc = crm__entity_respond_list(req, e, &sort, &filter, error);
    } else if (rc == 0) {
        snprintf(name, sizeof name, "%s-group-%s", e->def->name, crm_request_param(req, "id"));
        rc = strcmp(format, "xlsx") == 0
                 ? crm__entity_respond_xlsx(req, e, &sort, &filter, name, error)
                 : crm__entity_respond_csv(req, e, &sort, &filter, name, error);
    }
    bson_destroy(&filter);
    return rc;
}

int
crm__group_handle_members(crm_request_t *req, void *data, crm_error_t *error)
{
    (void)data;
    return respond_members(req, "read", NULL, error);
}

int
crm__group_handle_export(crm_request_t *req, void *data, crm_error_t *error)
{
    return respond_members(req, "export", data ? (const char *)data : "csv", error);
}

/* The ids of CURRENT without those of REMOVE, then those of ADD not yet there, into OUT as
 * {"ids": [...]}. Refuses (at "add") more than CRM__GROUP_MAX_IDS. */
static int
changed_ids(const crm__group_ids_t *current, const crm__group_ids_t *add,
            const crm__group_ids_t *remove, bson_t *out, crm_error_t *error)
{
    bson_t list;
    char key[16];
    const char *k;
    uint32_t n = 0;

    BSON_APPEND_ARRAY_BEGIN(out, "ids", &list);
    for (size_t i = 0; i < current->n; i++) {
        if (crm__group_ids_has(remove, &current->oids[i]))
            continue;
        bson_uint32_to_string(n++, &k, key, sizeof key);
        bson_append_oid(&list, k, -1, &current->oids[i]);
    }
    for (size_t i = 0; i < add->n; i++) {
        if (crm__group_ids_has(current, &add->oids[i]))
            continue;
        bson_uint32_to_string(n++, &k, key, sizeof key);
        bson_append_oid(&list, k, -1, &add->oids[i]);
    }
    bson_append_array_end(out, &list);
    if (n > CRM__GROUP_MAX_IDS)
        return crm_error_add_field(error, "add", "a group holds at most %d records",
                                   CRM__GROUP_MAX_IDS);
    return 0;
}

/* Reads the body {"add": [...], "remove": [...]} into ADD and REMOVE: ids to add must be
 * records the caller may read (unless already in CURRENT); none may be in both. */
static int
read_change(crm_request_t *req, const crm__entity_t *e, const bson_t *body,
            const crm__group_ids_t *current, crm__group_ids_t *add, crm__group_ids_t *remove,
            crm_error_t *error)
{
    crm_store_t *store = crm_request_store(req);
    const crm_identity_t *caller = crm_request_identity(req);
    bson_iter_t it;
    char field[80];
    int rc = 0, failed = 0;

    if (!bson_iter_init(&it, body))
        return crm_error_set(error, CRM_EINVAL, "the body is not a document");
    while (bson_iter_next(&it)) {
        const char *key = bson_iter_key(&it);

        if (strcmp(key, "add") == 0)
            rc = crm__group_ids_read(store, caller, e, &it, "add", current, add, error);
        else if (strcmp(key, "remove") == 0)
            rc = crm__group_ids_read(store, caller, NULL, &it, "remove", NULL, remove, error);
        else
            rc = crm_error_add_field(error, key, "unknown field: the body takes add and remove");
        if (rc != 0 && rc != CRM_EVALIDATION)
            return rc;
        failed |= rc != 0;
    }
    for (size_t i = 0; i < remove->n; i++) {
        if (crm__group_ids_has(add, &remove->oids[i])) {
            snprintf(field, sizeof field, "remove.%zu", i);
            failed |= crm_error_add_field(error, field, "is also in add") != 0;
        }
    }
    return failed ? CRM_EVALIDATION : 0;
}

int
crm__group_handle_ids(crm_request_t *req, void *data, crm_error_t *error)
{
    const crm__entity_t *e = NULL;
    crm__group_ids_t current = {0}, add = {0}, remove = {0};
    bson_t group, body = BSON_INITIALIZER, patch = BSON_INITIALIZER, out = BSON_INITIALIZER;
    bson_iter_t ids;
    int rc;

    (void)data;
    rc = load(req, true, &group, &e, error);
    if (rc != 0)
        goto done;
    if (!crm__group_is_static(&group)) {
        rc = crm_error_set(error, CRM_ECONFLICT,
                           "this group is dynamic: its members follow its filter, it has no ids");
        goto done;
    }
    bson_destroy(&body);
    rc = crm_request_json(req, &body, error);
    if (rc != 0) {
        bson_init(&body);
        goto done;
    }
    if (bson_iter_init_find(&ids, &group, "ids"))
        crm__group_ids_read(NULL, NULL, NULL, &ids, "ids", NULL, &current, NULL);
    rc = read_change(req, e, &body, &current, &add, &remove, error);
    if (rc == 0)
        rc = changed_ids(&current, &add, &remove, &patch, error);
    if (rc == 0)
        rc = crm__saved_update(crm_request_store(req), crm_request_identity(req),
                               &crm__saved_group_kind, crm_request_param(req, "id"), &patch, &out,
                               error);
    if (rc == 0)
        rc = crm_respond_json(req, 200, &out);
done:
    crm__group_ids_clear(&current);
    crm__group_ids_clear(&add);
    crm__group_ids_clear(&remove);
    bson_destroy(&group);
    bson_destroy(&body);
    bson_destroy(&patch);
    bson_destroy(&out);
    return rc;
}
