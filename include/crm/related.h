/* Related sections: what a plugin shows next to a record of another plugin's entity, without
 * that plugin knowing it. The client 360 view is the main user: `retail` registers the client's
 * opportunities, `collection` the client's overdue cases, and the `clients` plugin collects
 * every section registered for "client" without naming any of them. (ABI 1.2)
 *
 *   static const crm_related_def_t opportunities = {
 *       .size = sizeof(crm_related_def_t), .name = "opportunities", .label = "Opportunities",
 *       .target = "client", .entity = "opportunity", .field = "client_id",
 *       .sort = "-updated_at", .limit = 10};
 *   crm_related_register(plugin, &opportunities, error);
 *
 * A section either lists records of ENTITY whose FIELD refers to the target record (with an
 * optional fixed FILTER), or is built by a callback (recommendations, computed figures); a
 * computed section whose items are records of one entity names it in ENTITY (without FIELD),
 * so that the web UI shows them as that entity's records. Every
 * section is read as the caller: a listed section needs "<entity>.read" and holds only records
 * within the caller's scope; a section the caller may not read is left out. */
#ifndef CRM_RELATED_H
#define CRM_RELATED_H

#include <bson/bson.h>
#include <crm/common.h>
#include <crm/identity.h>
#include <crm/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Builds a computed section for the record TARGET_ID: appends its items to ITEMS (an open
 * array, keys "0", "1", ...: use bson_uint32_to_string). Called as CALLER, on the request's
 * thread. CRM_EPERM leaves the section out; other errors fail the whole collection. */
typedef int (*crm_related_build_fn)(const crm_identity_t *caller, const char *target_id,
                                    bson_t *items, void *data, crm_error_t *error);

typedef struct crm_related_def {
    size_t size;        /* sizeof(crm_related_def_t) */
    const char *name;   /* [a-z][a-z0-9_]*, unique per target */
    const char *label;  /* for people */
    const char *target; /* the entity the section belongs to, e.g. "client" */
    /* a listed section: */
    const char *entity; /* the records listed */
    const char *field;  /* their CRM_FIELD_REF (or array of refs) to TARGET */
    const char *filter; /* optional fixed filter, JSON as the list endpoint's filter= */
    const char *sort;   /* optional, e.g. "-created_at" */
    int limit;          /* records in the section: 1 to 100; 0: 20 */
    /* or a computed section (ENTITY optional: the entity of its items, FIELD NULL): */
    crm_related_build_fn build;
    void *data;
    int order; /* sections are collected by ascending order, then name */
    /* ABI 1.4: the label in other languages, each with the key "label"; NULL: none */
    const crm_translations_t *translations;
} crm_related_def_t;

/* Declares ID_tr: a section heading in the web UI's other languages (Polish, Ukrainian,
 * Russian), for .translations: CRM_RELATED_LABELS(visits, "Wizyty", "Візити", "Визиты"); */
#define CRM_RELATED_LABELS(id, pl, uk, ru)                                                         \
    static const crm_translation_t id##_pl[] = {{"label", pl}, {NULL, NULL}};                      \
    static const crm_translation_t id##_uk[] = {{"label", uk}, {NULL, NULL}};                      \
    static const crm_translation_t id##_ru[] = {{"label", ru}, {NULL, NULL}};                      \
    static const crm_translations_t id##_tr[] = {                                                  \
        {"pl", id##_pl}, {"uk", id##_uk}, {"ru", id##_ru}, {NULL, NULL}}

/* Registers DEF for PLUGIN (only during its init; DEF and what it points to must outlive the
 * plugin). CRM_EINVAL when it is neither a valid listed section (ENTITY registered, FIELD a
 * reference to TARGET) nor a computed one; CRM_ECONFLICT when TARGET already has a section of
 * that name. The entities must be registered first (require their plugin). */
CRM_API int crm_related_register(crm_plugin_t *plugin, const crm_related_def_t *def,
                                 crm_error_t *error);

/* Collects the sections of TARGET record ID as CALLER into OUT (initialised here):
 * {"<name>": {"label": ..., "translations": {"pl": {"label": ...}, ...}, "entity": ...,
 *   "field": ..., "items": [records, API form], "total": n, "more": bool}, ...}, in section
 *   order ("translations" when the definition has them); a computed section has "label", "items"
 * and "entity" when its definition names one. Does not check that CALLER may read the record
 * itself: read it first (crm_entity_get()). */
CRM_API int crm_related_collect(const crm_identity_t *caller, const char *target, const char *id,
                                bson_t *out, crm_error_t *error);

#ifdef __cplusplus
}
#endif

#endif
