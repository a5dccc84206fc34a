/* What other writes mean for opportunities and referrals, through events (delivered after the
 * write commits, on the writer's thread):
 *  - an interaction or task about an opportunity (about_entity "opportunity") written by a
 *    person is activity: the opportunity's last_activity_at moves forward and it is no longer
 *    stuck (the tasks the jobs write to remind people are not);
 *  - an opportunity made from a referral converts the referral, and the referral's outcome
 *    follows the opportunity to signed or lost;
 *  - a referral converted by naming its opportunity links the opportunity back.
 * The follow-up writes are the system's, audited like any other. */
#include "retail-private.h"

#include <crm/event.h>
#include <crm/log.h>

#include <string.h>

/* Logs a follow-up write that failed: the event's write stands. */
static int
follow_up_failed(const char *what, const char *id, int rc, const crm_error_t *error)
{
    crm_log(CRM_LOG_WARN, "retail.follow_up_failed", "what=%s id=%s code=%d message=\"%s\"", what,
            id, rc, error->message);
    return rc;
}

static int
on_activity(const crm_event_t *event, void *data, crm_error_t *error)
{
    const char *id = retail_str(event->doc, "about_id");
    int64_t now = retail_now(), at = now, last = 0;
    bson_t opportunity, patch = BSON_INITIALIZER;
    int rc = 0;

    (void)data;
    /* People's work counts, not what the system writes (the jobs' own reminder tasks). */
    if (!event->doc || !retail_str_is(event->doc, "about_entity", "opportunity") || !id ||
        !event->actor || crm_identity_is_system(event->actor))
        return 0;
    /* An interaction counts when it happened (a meeting planned ahead counts now); a task
     * when it is written. */
    if (event->entity && !strcmp(event->entity, "interaction") &&
        retail_time(event->doc, "at", &at) && at > now)
        at = now;
    if (crm_entity_get(crm_identity_system(), "opportunity", id, &opportunity, NULL) == 0 &&
        retail_stage_parse(retail_str(&opportunity, "stage")) < RETAIL_OPEN_STAGES &&
        (!retail_time(&opportunity, "last_activity_at", &last) || last < at)) {
        retail_put_time(&patch, "last_activity_at", at, false);
        BSON_APPEND_BOOL(&patch, "stuck", false);
        if (bson_has_field(&opportunity, "stuck_since"))
            BSON_APPEND_NULL(&patch, "stuck_since");
        rc = crm_entity_update(crm_identity_system(), "opportunity", id, &patch, NULL, error);
        if (rc != 0)
            follow_up_failed("activity", id, rc, error);
    }
    bson_destroy(&opportunity);
    bson_destroy(&patch);
    return rc;
}

/* Points the referral REFERRAL_ID at the opportunity OPPORTUNITY_ID unless it names another
 * one; its prepare hook converts it and takes the opportunity's outcome. */
static int
follow_opportunity(const char *referral_id, const char *opportunity_id, crm_error_t *error)
{
    bson_t referral, patch = BSON_INITIALIZER;
    const char *linked;
    int rc = 0;

    if (crm_entity_get(crm_identity_system(), "referral", referral_id, &referral, NULL) == 0) {
        linked = retail_str(&referral, "opportunity_id");
        if (!linked || !strcmp(linked, opportunity_id)) {
            BSON_APPEND_UTF8(&patch, "opportunity_id", opportunity_id);
            rc = crm_entity_update(crm_identity_system(), "referral", referral_id, &patch, NULL,
                                   error);
            if (rc != 0)
                follow_up_failed("referral", referral_id, rc, error);
        }
    }
    bson_destroy(&referral);
    bson_destroy(&patch);
    return rc;
}

static int
on_opportunity(const crm_event_t *event, void *data, crm_error_t *error)
{
    const char *referral_id = retail_str(event->doc, "referral_id");

    (void)data;
    if (!referral_id || !event->id)
        return 0;
    /* Only what the referral looks at: the link and the stage. */
    if (event->before && retail_str_is(event->before, "referral_id", referral_id) &&
        retail_str_is(event->before, "stage", retail_str(event->doc, "stage")))
        return 0;
    return follow_opportunity(referral_id, event->id, error);
}

static int
on_referral(const crm_event_t *event, void *data, crm_error_t *error)
{
    const char *opportunity_id = retail_str(event->doc, "opportunity_id");
    bson_t opportunity, patch = BSON_INITIALIZER;
    int rc = 0;

    (void)data;
    if (!opportunity_id || !event->id)
        return 0;
    if (crm_entity_get(crm_identity_system(), "opportunity", opportunity_id, &opportunity, NULL) ==
            0 &&
        !retail_str(&opportunity, "referral_id")) {
        BSON_APPEND_UTF8(&patch, "referral_id", event->id);
        rc = crm_entity_update(crm_identity_system(), "opportunity", opportunity_id, &patch, NULL,
                               error);
        if (rc != 0)
            follow_up_failed("opportunity", opportunity_id, rc, error);
    }
    bson_destroy(&opportunity);
    bson_destroy(&patch);
    return rc;
}

static const struct {
    const char *event;
    crm_event_fn fn;
} handlers[] = {
    {"interaction.created", on_activity},    {"interaction.updated", on_activity},
    {"task.created", on_activity},           {"task.updated", on_activity},
    {"opportunity.created", on_opportunity}, {"opportunity.updated", on_opportunity},
    {"referral.created", on_referral},       {"referral.updated", on_referral},
};

int
retail_events_register(crm_plugin_t *plugin, crm_error_t *error)
{
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < sizeof handlers / sizeof handlers[0]; i++)
        rc = crm_on(plugin, handlers[i].event, handlers[i].fn, NULL, error);
    return rc;
}
