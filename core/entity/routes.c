/* The generic REST endpoints every entity gets, and GET /api/v1/meta. The route table is the
 * whole API surface of this file; each handler is a thin adapter over the entity service. */
#include "auth/identity-private.h"
#include "entity/routes-private.h"
#include "entity/service-private.h"
#include "http/server-private.h"
#include "host/host-private.h"

#include <stdlib.h>
#include <string.h>

static int
respond_record(crm_request_t *req, int status, const bson_t *record)
{
    bson_iter_t it;

    /* The record's version doubles as its ETag, for If-Match on PATCH. */
    if (bson_iter_init_find(&it, record, "version")) {
        char etag[32];
        snprintf(etag, sizeof etag, "\"%lld\"", (long long)bson_iter_as_int64(&it));
        crm_respond_header(req, "ETag", etag);
    }
    return crm_respond_json(req, status, record);
}

static int
handle_create(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t input, out;
    int rc;

    (void)data;
    rc = crm_request_json(req, &input, error);
    if (rc != 0)
        return rc;
    rc = crm__entity_create(crm_request_identity(req), crm_request_param(req, "entity"), &input,
                            false, &out, error);
    bson_destroy(&input);
    if (rc == 0) {
        bson_iter_t it;
        if (bson_iter_init_find(&it, &out, "id")) {
            char location[160];
            snprintf(location, sizeof location, "/api/v1/%s/%s", crm_request_param(req, "entity"),
                     bson_iter_utf8(&it, NULL));
            crm_respond_header(req, "Location", location);
        }
        rc = respond_record(req, 201, &out);
    }
    bson_destroy(&out);
    return rc;
}

static int
handle_get(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t out;
    int rc;

    (void)data;
    rc = crm_entity_get(crm_request_identity(req), crm_request_param(req, "entity"),
                        crm_request_param(req, "id"), &out, error);
    if (rc == 0)
        rc = respond_record(req, 200, &out);
    bson_destroy(&out);
    return rc;
}

/* If-Match: "7" (or 7) → 7; absent → -1; anything else → -2. */
static int64_t
if_match_version(crm_request_t *req)
{
    const char *h = crm_request_header(req, "If-Match");
    char *end = NULL;
    long long v;

    if (!h)
        return -1;
    if (*h == '"')
        h++;
    v = strtoll(h, &end, 10);
    if (end == h || v < 0 || (*end != '\0' && !(*end == '"' && end[1] == '\0')))
        return -2;
    return v;
}

static int
handle_update(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t patch, out;
    int64_t version = if_match_version(req);
    int rc;

    (void)data;
    if (version == -2)
        return crm_error_set(error, CRM_EINVAL,
                             "If-Match must be the record's version as its ETag gives it, e.g. \"3\"");
    rc = crm_request_json(req, &patch, error);
    if (rc != 0)
        return rc;
    rc = crm__entity_update(crm_request_identity(req), crm_request_param(req, "entity"),
                            crm_request_param(req, "id"), &patch, version, false, &out, error);
    bson_destroy(&patch);
    if (rc == 0)
        rc = respond_record(req, 200, &out);
    bson_destroy(&out);
    return rc;
}

static int
handle_delete(crm_request_t *req, void *data, crm_error_t *error)
{
    int rc;

    (void)data;
    rc = crm_entity_delete(crm_request_identity(req), crm_request_param(req, "entity"),
                           crm_request_param(req, "id"), error);
    if (rc == 0)
        rc = crm_respond(req, 204, NULL, NULL, 0);
    return rc;
}

static const char *const field_type_names[] = {
    "?", "string", "text", "int", "money", "decimal", "date", "datetime", "bool", "enum", "ref",
    "array", "object"};

static void
append_fields(bson_t *out, const char *key, const crm_field_t *fields)
{
    bson_t arr, f;
    char idx[16];
    const char *ikey;
    uint32_t i = 0;

    bson_append_array_begin(out, key, -1, &arr);
    for (const crm_field_t *fd = fields; fd->name; fd++, i++) {
        bson_uint32_to_string(i, &ikey, idx, sizeof idx);
        bson_append_document_begin(&arr, ikey, -1, &f);
        BSON_APPEND_UTF8(&f, "name", fd->name);
        BSON_APPEND_UTF8(&f, "type", field_type_names[fd->type]);
        BSON_APPEND_UTF8(&f, "label", fd->label ? fd->label : fd->name);
        BSON_APPEND_BOOL(&f, "required", (fd->flags & CRM_F_REQUIRED) != 0);
        BSON_APPEND_BOOL(&f, "searchable", (fd->flags & CRM_F_SEARCHABLE) != 0);
        BSON_APPEND_BOOL(&f, "unique", (fd->flags & CRM_F_UNIQUE) != 0);
        BSON_APPEND_BOOL(&f, "readonly", (fd->flags & CRM_F_READONLY) != 0);
        if (fd->type == CRM_FIELD_STRING || fd->type == CRM_FIELD_TEXT)
            BSON_APPEND_INT32(&f, "max_length",
                              fd->max_length > 0 ? fd->max_length
                                                 : (fd->type == CRM_FIELD_STRING ? 255 : 65535));
        if (fd->type == CRM_FIELD_INT && fd->min < fd->max) {
            BSON_APPEND_INT64(&f, "min", fd->min);
            BSON_APPEND_INT64(&f, "max", fd->max);
        }
        if (fd->enum_values) {
            bson_t vals;
            uint32_t j = 0;
            char jdx[16];
            const char *jkey;
            bson_append_array_begin(&f, "values", -1, &vals);
            for (const char *const *v = fd->enum_values; *v; v++, j++) {
                bson_uint32_to_string(j, &jkey, jdx, sizeof jdx);
                bson_append_utf8(&vals, jkey, -1, *v, -1);
            }
            bson_append_array_end(&f, &vals);
        }
        if (fd->ref)
            BSON_APPEND_UTF8(&f, "ref", fd->ref);
        if (fd->type == CRM_FIELD_ARRAY)
            BSON_APPEND_UTF8(&f, "item_type", field_type_names[fd->item_type]);
        if (fd->type == CRM_FIELD_OBJECT && fd->fields)
            append_fields(&f, "fields", fd->fields);
        bson_append_document_end(&arr, &f);
    }
    bson_append_array_end(out, &arr);
}

/* Appends "me": who the caller is and what their roles grant, for the UI to shape itself. */
static void
append_caller(bson_t *out, const crm_identity_t *id)
{
    bson_t me, grants, g;
    char idx[16];
    const char *key;

    bson_append_document_begin(out, "me", 2, &me);
    BSON_APPEND_UTF8(&me, "user_id", crm_identity_user_id(id));
    BSON_APPEND_UTF8(&me, "name", crm_identity_name(id));
    if (crm_identity_org_unit(id))
        BSON_APPEND_UTF8(&me, "org_unit", crm_identity_org_unit(id));
    else
        BSON_APPEND_NULL(&me, "org_unit");
    bson_append_array_begin(&me, "grants", -1, &grants);
    if (crm_identity_is_system(id)) {
        bson_append_document_begin(&grants, "0", 1, &g);
        BSON_APPEND_UTF8(&g, "permission", "*");
        BSON_APPEND_UTF8(&g, "scope", crm_scope_name(CRM_SCOPE_ALL));
        bson_append_document_end(&grants, &g);
    }
    for (size_t i = 0; !crm_identity_is_system(id) && i < id->n_grants; i++) {
        bson_uint32_to_string((uint32_t)i, &key, idx, sizeof idx);
        bson_append_document_begin(&grants, key, -1, &g);
        BSON_APPEND_UTF8(&g, "permission", id->grants[i].pattern);
        BSON_APPEND_UTF8(&g, "scope", crm_scope_name(id->grants[i].scope));
        bson_append_document_end(&grants, &g);
    }
    bson_append_array_end(&me, &grants);
    bson_append_document_end(out, &me);
}

static int
handle_meta(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t out = BSON_INITIALIZER, arr, doc;
    size_t n = 0, np = 0;
    const crm__entity_t *const *all = crm__entity_all(&n);
    crm__host_t *host = crm__host_get();
    crm_plugin_t *const *plugins = host ? crm__plugins_list(host, &np) : NULL;
    char idx[16];
    const char *key;
    int rc;

    (void)data;
    (void)error;
    BSON_APPEND_UTF8(&out, "version", CRM_VERSION);
    bson_append_array_begin(&out, "plugins", -1, &arr);
    for (size_t i = 0; i < np; i++) {
        bson_uint32_to_string((uint32_t)i, &key, idx, sizeof idx);
        bson_append_document_begin(&arr, key, -1, &doc);
        BSON_APPEND_UTF8(&doc, "name", plugins[i]->desc->name);
        BSON_APPEND_UTF8(&doc, "version", plugins[i]->desc->version ? plugins[i]->desc->version : "");
        BSON_APPEND_UTF8(&doc, "summary", plugins[i]->desc->summary ? plugins[i]->desc->summary : "");
        bson_append_document_end(&arr, &doc);
    }
    bson_append_array_end(&out, &arr);
    bson_append_array_begin(&out, "entities", -1, &arr);
    for (size_t i = 0, j = 0; i < n; i++) {
        const crm_entity_def_t *def = all[i]->def;
        char perm[96];

        snprintf(perm, sizeof perm, "%s.read", def->name);
        if (!crm_identity_can(crm_request_identity(req), perm))
            continue;
        bson_uint32_to_string((uint32_t)j++, &key, idx, sizeof idx);
        bson_append_document_begin(&arr, key, -1, &doc);
        BSON_APPEND_UTF8(&doc, "name", def->name);
        BSON_APPEND_UTF8(&doc, "label", def->label ? def->label : def->name);
        BSON_APPEND_UTF8(&doc, "label_plural", def->label_plural ? def->label_plural : def->name);
        BSON_APPEND_UTF8(&doc, "plugin", all[i]->owner ? crm_plugin_name(all[i]->owner) : "core");
        if (def->title_field)
            BSON_APPEND_UTF8(&doc, "title_field", def->title_field);
        if (def->external_key)
            BSON_APPEND_UTF8(&doc, "external_key", def->external_key);
        BSON_APPEND_BOOL(&doc, "searchable", all[i]->has_text);
        append_fields(&doc, "fields", def->fields);
        bson_append_document_end(&arr, &doc);
    }
    bson_append_array_end(&out, &arr);
    append_caller(&out, crm_request_identity(req));
    rc = crm_respond_json(req, 200, &out);
    bson_destroy(&out);
    return rc;
}

/* The core's API surface for entities. Permissions name the entity from the path. */
static const crm_route_t core_routes[] = {
    {sizeof(crm_route_t), "GET", "/api/v1/meta", "meta.read", handle_meta, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/{entity}", "{entity}.read", crm__entity_handle_list, NULL},
    {sizeof(crm_route_t), "POST", "/api/v1/{entity}", "{entity}.create", handle_create, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/{entity}/export.csv", "{entity}.export",
     crm__entity_handle_export, NULL},
    {sizeof(crm_route_t), "POST", "/api/v1/{entity}/import", "{entity}.import",
     crm__entity_handle_import, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/{entity}/{id}", "{entity}.read", handle_get, NULL},
    {sizeof(crm_route_t), "PATCH", "/api/v1/{entity}/{id}", "{entity}.update", handle_update, NULL},
    {sizeof(crm_route_t), "DELETE", "/api/v1/{entity}/{id}", "{entity}.delete", handle_delete, NULL},
};

int
crm__entity_core_init(crm_error_t *error)
{
    static const char *const audit_fields[] = {"entity", "record_id", "at", NULL};
    crm_index_t audit_index = {sizeof audit_index, "i_entity_record", audit_fields, false, false, false};
    crm_store_t *store = crm__entity_store();
    int rc;

    if (store && (rc = crm_store_ensure_index(store, CRM__AUDIT_COLLECTION, &audit_index, error)) != 0)
        return rc;
    return crm__route_add_core_table(core_routes, sizeof core_routes / sizeof core_routes[0],
                                     error);
}

void
crm__entity_core_fini(void)
{
}
