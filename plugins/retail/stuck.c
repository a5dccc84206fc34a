/* Stuck opportunities. The job retail_stuck flags every open opportunity with no activity for
 * more than retail.stuck_after_days of its stage (last_activity_at: the later of the last move
 * and the newest interaction or task about it) and tells the owner and the owner's director:
 * a task for each, about the opportunity, and the event retail.opportunity_stuck. An
 * opportunity is flagged once: while it stays stuck nobody is told again; activity unflags it
 * at once (events.c), and the job unflags what is no longer stuck by the rules (a setting
 * changed). It runs on the job's clock (crm_job_now()). */
#include "retail-private.h"

#include <crm/event.h>
#include <crm/job.h>
#include <crm/store.h>

#include <stdio.h>
#include <string.h>

/* The roles that head units, nearest first. */
static const char *const directors[] = {"branch_director", "regional_director", NULL};

typedef struct open_opportunity {
    char id[25], client[25], owner[65], unit[25], title[201];
    int stage;
    int64_t last_activity;
    bool flagged;
} open_opportunity_t;

/* Reads the open opportunities (what the rules need of them). */
static int
read_open(crm_store_t *store, open_opportunity_t **out, size_t *n_out, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, in, stages;
    open_opportunity_t *o = NULL;
    size_t n = 0, cap = 0;
    crm_cursor_t *cur;
    const bson_t *doc;
    bson_iter_t it;
    int rc = 0;

    BSON_APPEND_DOCUMENT_BEGIN(&filter, "stage", &in);
    BSON_APPEND_ARRAY_BEGIN(&in, "$in", &stages);
    for (int s = 0; s < RETAIL_OPEN_STAGES; s++) {
        char idx[16];
        const char *key;

        bson_uint32_to_string((uint32_t)s, &key, idx, sizeof idx);
        bson_append_utf8(&stages, key, -1, retail_stage_name(s), -1);
    }
    bson_append_array_end(&in, &stages);
    bson_append_document_end(&filter, &in);
    cur = crm_store_find(store, "opportunity", &filter, NULL, error);
    while (cur && crm_cursor_next(cur, &doc)) {
        open_opportunity_t *p;

        o = retail_grow(o, n, &cap, sizeof *o);
        p = &o[n];
        memset(p, 0, sizeof *p);
        retail_copy_id(doc, "_id", p->id);
        retail_copy_id(doc, "client_id", p->client);
        retail_copy_str(doc, "owner_id", p->owner, sizeof p->owner);
        retail_copy_str(doc, "org_unit", p->unit, sizeof p->unit);
        retail_copy_str(doc, "title", p->title, sizeof p->title);
        p->stage = retail_stage_parse(retail_str(doc, "stage"));
        p->flagged = bson_iter_init_find(&it, doc, "stuck") && BSON_ITER_HOLDS_BOOL(&it) &&
                     bson_iter_bool(&it);
        if (!retail_time(doc, "last_activity_at", &p->last_activity) &&
            !retail_time(doc, "stage_changed_at", &p->last_activity) &&
            !retail_time(doc, "created_at", &p->last_activity))
            continue;
        n += p->id[0] && p->stage >= 0;
    }
    if (!cur || crm_cursor_error(cur, error))
        rc = CRM_ESTORE;
    crm_cursor_destroy(cur);
    bson_destroy(&filter);
    *out = o;
    *n_out = n;
    return rc;
}

typedef struct flagging {
    crm_job_run_t *run;
    const open_opportunity_t *o;
} flagging_t;

/* A task about the opportunity for USER (in UNIT, may be NULL). */
static int
tell(const flagging_t *f, const char *user, const char *unit, bool director, crm_error_t *error)
{
    const open_opportunity_t *o = f->o;
    int64_t days = retail_whole_days(o->last_activity, crm_job_now(f->run));
    char title[256], notes[512];
    retail_task_t task = {.title = title,
                          .notes = notes,
                          .client_id = o->client[0] ? o->client : NULL,
                          .opportunity_id = o->id,
                          .assignee = user,
                          .org_unit = unit,
                          .due = crm_job_now(f->run) + RETAIL_MS_PER_DAY,
                          .high = director};

    snprintf(title, sizeof title, "%s: %s", director ? "Stuck in your team" : "Stuck opportunity",
             o->title[0] ? o->title : o->id);
    snprintf(notes, sizeof notes,
             "No activity for %lld days in the stage %s (the limit is %d days)%s.", (long long)days,
             retail_stage_name(o->stage), retail_settings.stuck_after_days[o->stage],
             director ? ": see that the owner moves it on" : ": move it on or close it");
    return retail_task_create(crm_job_identity(f->run), &task, error);
}

/* One transaction: flags the opportunity and tells its owner and their director. */
static int
flag_one(crm_store_t *store, void *data, crm_error_t *error)
{
    const flagging_t *f = data;
    const open_opportunity_t *o = f->o;
    const crm_identity_t *actor = crm_job_identity(f->run);
    bson_t patch = BSON_INITIALIZER, event = BSON_INITIALIZER;
    char unit[25] = "", director[25] = "";
    int rc;

    (void)store;
    BSON_APPEND_BOOL(&patch, "stuck", true);
    retail_put_time(&patch, "stuck_since", crm_job_now(f->run), false);
    rc = crm_entity_update(actor, "opportunity", o->id, &patch, NULL, error);
    if (rc == 0 && crm_user_exists(o->owner)) {
        rc = tell(f, o->owner, o->unit[0] ? o->unit : NULL, false, error);
        if (rc == 0 && crm_user_org_unit(o->owner, unit, NULL) == 0 &&
            crm_org_unit_head(unit, directors, director, NULL) == 0 &&
            strcmp(director, o->owner) != 0 && crm_user_org_unit(director, unit, NULL) == 0)
            rc = tell(f, director, unit, true, error);
        else
            director[0] = '\0';
    }
    if (rc == 0) {
        BSON_APPEND_UTF8(&event, "opportunity_id", o->id);
        BSON_APPEND_UTF8(&event, "owner_id", o->owner);
        if (director[0])
            BSON_APPEND_UTF8(&event, "director_id", director);
        BSON_APPEND_UTF8(&event, "stage", retail_stage_name(o->stage));
        BSON_APPEND_INT64(&event, "idle_days",
                          retail_whole_days(o->last_activity, crm_job_now(f->run)));
        rc = crm_emit("retail.opportunity_stuck", &event, actor, error);
    }
    if (rc == 0)
        crm_job_count(f->run, director[0] ? "told_directors" : "without_director", 1);
    bson_destroy(&patch);
    bson_destroy(&event);
    return rc;
}

static int
unflag(crm_job_run_t *run, const open_opportunity_t *o, crm_error_t *error)
{
    bson_t patch = BSON_INITIALIZER;
    int rc;

    BSON_APPEND_BOOL(&patch, "stuck", false);
    BSON_APPEND_NULL(&patch, "stuck_since");
    rc = crm_entity_update(crm_job_identity(run), "opportunity", o->id, &patch, NULL, error);
    bson_destroy(&patch);
    return rc;
}

static int
run_stuck(crm_job_run_t *run, void *data, crm_error_t *error)
{
    crm_store_t *store = crm_job_store(run);
    open_opportunity_t *open = NULL;
    int64_t flagged = 0, still = 0, unflagged = 0, failed = 0;
    size_t n = 0;
    int rc;

    (void)data;
    rc = read_open(store, &open, &n, error);
    for (size_t i = 0; rc == 0 && i < n && !crm_job_stopping(run); i++) {
        const open_opportunity_t *o = &open[i];
        bool stuck = retail_stuck(retail_settings.stuck_after_days, o->stage, o->last_activity,
                                  crm_job_now(run));
        flagging_t f = {run, o};
        crm_error_t one = {0};
        int done = 0;

        if (stuck && o->flagged) {
            still++;
            continue;
        }
        if (!stuck && !o->flagged)
            continue;
        done = stuck ? crm_store_transaction(store, flag_one, &f, &one) : unflag(run, o, &one);
        if (done != 0) {
            failed++;
            crm_job_message(run, "opportunity %s: %s", o->id, one.message);
        } else {
            flagged += stuck;
            unflagged += !stuck;
        }
    }
    crm_job_count(run, "open", (int64_t)n);
    crm_job_count(run, "flagged", flagged);
    crm_job_count(run, "still_stuck", still);
    crm_job_count(run, "unflagged", unflagged);
    crm_job_count(run, "failed", failed);
    if (rc == 0 && failed == 0)
        crm_job_message(run, "%lld of %zu open opportunities newly stuck", (long long)flagged, n);
    bson_free(open);
    return rc;
}

static const crm_job_def_t stuck_job = {
    .size = sizeof(crm_job_def_t),
    .id = "retail_stuck",
    .title = "Stuck opportunities: flag them, tell the owner and the director",
    .cron = "0 6 * * *",
    .run = run_stuck,
};

int
retail_stuck_register(crm_plugin_t *plugin, crm_error_t *error)
{
    return crm_job_register(plugin, &stuck_job, error);
}
