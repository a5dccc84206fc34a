/* Tasks the plugin's jobs give people about an opportunity (a renewal to discuss, a stuck
 * opportunity to move), in the clients plugin's task entity. */
#include "retail-private.h"

int
retail_task_create(const crm_identity_t *actor, const retail_task_t *t, crm_error_t *error)
{
    bson_t doc = BSON_INITIALIZER;
    int rc;

    bson_append_utf8(&doc, "title", -1, t->title, -1);
    if (t->client_id)
        bson_append_utf8(&doc, "client_id", -1, t->client_id, -1);
    bson_append_utf8(&doc, "assignee", -1, t->assignee, -1);
    retail_put_time(&doc, "due", t->due, false);
    BSON_APPEND_UTF8(&doc, "priority", t->high ? "high" : "normal");
    BSON_APPEND_UTF8(&doc, "origin", "retail");
    BSON_APPEND_UTF8(&doc, "about_entity", "opportunity");
    bson_append_utf8(&doc, "about_id", -1, t->opportunity_id, -1);
    if (t->notes)
        bson_append_utf8(&doc, "notes", -1, t->notes, -1);
    /* The task is the assignee's, in their unit, so that it is in their day. */
    bson_append_utf8(&doc, "owner_id", -1, t->assignee, -1);
    if (t->org_unit)
        bson_append_utf8(&doc, "org_unit", -1, t->org_unit, -1);
    rc = crm_entity_create(actor, "task", &doc, NULL, error);
    bson_destroy(&doc);
    return rc;
}
