/* Saved reports, dashboards and groups: a user's named report configurations, ordered lists
 * of them, and groups of records of an entity, kept in the store ("saved_reports",
 * "dashboards", "saved_groups") and shared with nobody, the user's org unit, or the holders of
 * a role. Visible to their owner and to those they are shared with; changed and deleted by
 * their owner only. */
#ifndef CRM_REPORT_SAVED_PRIVATE_H
#define CRM_REPORT_SAVED_PRIVATE_H

#include <crm/identity.h>
#include <crm/store.h>

#include <bson/bson.h>

typedef struct crm__host crm__host_t;

/* The most items a dashboard holds. */
#define CRM__DASHBOARD_MAX_ITEMS 24

/* What differs between the kinds of saved records. */
typedef struct crm__saved_kind {
    const char *collection; /* also the entity name in the audit trail */
    const char *required;   /* a field of this kind a new record must have, or NULL */
    /* Checks the field IT (one not common to every kind: name, shared_with, role) and, when
     * valid, appends it to OUT (or leaves that to CHECK); invalid values add a field error to
     * ERROR. Returns false when the key is not a field of this kind. */
    bool (*field)(crm_store_t *store, const crm_identity_t *caller, const bson_iter_t *it,
                  bson_t *out, crm_error_t *error);
    /* Checks what one field alone does not tell: INPUT is the whole record (after a patch, the
     * stored one overlaid with the patch), CURRENT the stored record before a patch (NULL on
     * create). Appends the fields it checks to OUT; problems add field errors to ERROR. May be
     * NULL. */
    void (*check)(crm_store_t *store, const crm_identity_t *caller, const bson_t *input,
                  const bson_t *current, bson_t *out, crm_error_t *error);
    /* Writes the API form of the stored record DOC, as CALLER is shown it, into OUT
     * (initialised by the caller); LISTED when it is an item of a list. May be NULL:
     * crm__saved_to_api() of every field. */
    int (*present)(crm_store_t *store, const crm_identity_t *caller, const bson_t *doc, bool listed,
                   bson_t *out, crm_error_t *error);
} crm__saved_kind_t;

extern const crm__saved_kind_t crm__saved_report_kind;
extern const crm__saved_kind_t crm__dashboard_kind;
extern const crm__saved_kind_t crm__saved_group_kind; /* entity/groups_kind.c */

/* Appends to OUT (initialised by the caller) the stored record DOC in its API form: every
 * field but EXCEPT (may be NULL), "_id" as "id". */
void crm__saved_to_api(const bson_t *doc, const char *except, bson_t *out);

/* The stored record ID of KIND into OUT (initialised here; destroy it after a 0 return only).
 * 404 when CALLER does not see it; with OWNED, 403 when CALLER sees but does not own it. */
int crm__saved_find(crm_store_t *store, const crm_identity_t *caller, const crm__saved_kind_t *kind,
                    const char *id, bool owned, bson_t *out, crm_error_t *error);

/* Appends to FILTER the conditions that limit records of any kind to those CALLER sees: their
 * own, those shared with their unit, those shared with one of their roles. */
int crm__saved_visible_filter(crm_store_t *store, const crm_identity_t *caller, bson_t *filter,
                              crm_error_t *error);

/* The records of KIND CALLER sees, into OUT (initialised here) as {"items": [...]}. */
int crm__saved_list(crm_store_t *store, const crm_identity_t *caller, const crm__saved_kind_t *kind,
                    bson_t *out, crm_error_t *error);

/* The record ID of KIND in its API form into OUT (initialised here). 404 when CALLER does not
 * see it. */
int crm__saved_get(crm_store_t *store, const crm_identity_t *caller, const crm__saved_kind_t *kind,
                   const char *id, bson_t *out, crm_error_t *error);

/* Creates a record of KIND owned by CALLER from INPUT; its API form into OUT (initialised
 * here). 422 with per-field messages when INPUT is invalid. */
int crm__saved_create(crm_store_t *store, const crm_identity_t *caller,
                      const crm__saved_kind_t *kind, const bson_t *input, bson_t *out,
                      crm_error_t *error);

/* Changes the fields of PATCH of record ID; 404 when CALLER does not see it, 403 when CALLER
 * sees but does not own it. */
int crm__saved_update(crm_store_t *store, const crm_identity_t *caller,
                      const crm__saved_kind_t *kind, const char *id, const bson_t *patch,
                      bson_t *out, crm_error_t *error);

/* Deletes record ID, with the same rules as crm__saved_update(). */
int crm__saved_delete(crm_store_t *store, const crm_identity_t *caller,
                      const crm__saved_kind_t *kind, const char *id, crm_error_t *error);

/* Registers the routes /api/v1/saved_reports, /api/v1/dashboards and /api/v1/groups. */
int crm__saved_open(crm__host_t *host, crm_error_t *error);

#endif
