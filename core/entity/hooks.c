/* The plugins' entity hooks: prepare (normalised and derived fields on every write) and
 * present (fields computed at read time). */
#include "entity/entity-private.h"

#include <string.h>

void
crm__entity_to_api(const crm__entity_t *entity, const bson_t *stored, bson_t *out)
{
    crm__schema_to_api(entity, stored, out);
    if (entity->present)
        entity->present(out);
}

/* Appends to OUT the fields of DOC except those named in SKIP1 or SKIP2 (either may be NULL). */
static void
copy_except(const bson_t *doc, const bson_t *skip1, const bson_t *skip2, bson_t *out)
{
    bson_iter_t it;

    if (!doc || !bson_iter_init(&it, doc))
        return;
    while (bson_iter_next(&it)) {
        const char *k = bson_iter_key(&it);

        if ((skip1 && bson_has_field(skip1, k)) || (skip2 && bson_has_field(skip2, k)))
            continue;
        bson_append_iter(out, k, -1, &it);
    }
}

int
crm__entity_prepare(const crm__entity_t *entity, const crm_identity_t *actor,
                    const bson_t *before, bson_t *set, bson_t *unset, crm_store_t *store,
                    crm_error_t *error)
{
    bson_t merged = BSON_INITIALIZER, record = BSON_INITIALIZER, old = BSON_INITIALIZER;
    bson_t changes = BSON_INITIALIZER, set2 = BSON_INITIALIZER, unset2 = BSON_INITIALIZER;
    bson_t tmp = BSON_INITIALIZER;
    int rc;

    if (!entity->prepare)
        return 0;
    /* The record as it would be stored, in the API's form. */
    copy_except(before, set, unset, &merged);
    bson_concat(&merged, set);
    crm__schema_to_api(entity, &merged, &record);
    if (before)
        crm__schema_to_api(entity, before, &old);
    rc = entity->prepare(actor, &record, before ? &old : NULL, &changes, error);
    if (rc == 0 && !bson_empty(&changes))
        rc = crm__schema_from_api(entity, &changes, CRM__SCHEMA_DERIVED, store, &set2, &unset2,
                                  error);
    if (rc == 0 && !bson_empty(&changes)) {
        /* SET loses what the hook changed or removed, then gains the hook's values; UNSET
         * loses what the hook set, then gains what it removed. */
        copy_except(set, &set2, &unset2, &tmp);
        bson_concat(&tmp, &set2);
        bson_reinit(set);
        bson_concat(set, &tmp);
        bson_reinit(&tmp);
        copy_except(unset, &set2, &unset2, &tmp);
        bson_concat(&tmp, &unset2);
        bson_reinit(unset);
        bson_concat(unset, &tmp);
    }
    if (rc != 0 && error && error->code == 0)
        crm_error_set(error, rc, "%s: the plugin refused the record", entity->def->name);
    bson_destroy(&merged);
    bson_destroy(&record);
    bson_destroy(&old);
    bson_destroy(&changes);
    bson_destroy(&set2);
    bson_destroy(&unset2);
    bson_destroy(&tmp);
    return rc;
}
