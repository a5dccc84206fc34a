/* What happens with clients: interactions (calls, meetings, e-mails, visits, requests,
 * complaints) and tasks, each possibly about a record of any plugin; a task's "overdue" is
 * computed when it is read. */
#include "clients-private.h"

#include <string.h>

static const crm_field_t interaction_fields[] = {
    {.name = "kind", .type = CRM_FIELD_ENUM, .label = "Kind",
     .flags = CRM_F_REQUIRED | CRM_F_INDEXED,
     .enum_values = CRM_VALUES("call", "meeting", "email", "sms", "letter", "visit", "request",
                               "complaint")},
    {.name = "direction", .type = CRM_FIELD_ENUM, .label = "Direction",
     .enum_values = CRM_VALUES("in", "out")},
    {.name = "channel", .type = CRM_FIELD_ENUM, .label = "Channel", .flags = CRM_F_INDEXED,
     .enum_values = CRM_VALUES("branch", "phone", "email", "sms", "post", "web", "mobile", "video",
                               "field")},
    {.name = "at", .type = CRM_FIELD_DATETIME, .label = "When", .flags = CRM_F_INDEXED},
    {.name = "client_id", .type = CRM_FIELD_REF, .label = "Client",
     .flags = CRM_F_REQUIRED | CRM_F_INDEXED, .ref = "client"},
    {.name = "employee", .type = CRM_FIELD_STRING, .label = "Employee (user id)",
     .flags = CRM_F_INDEXED | CRM_F_USER, .max_length = 64},
    {.name = "subject", .type = CRM_FIELD_STRING, .label = "Subject", .flags = CRM_F_SEARCHABLE,
     .max_length = 200},
    {.name = "outcome", .type = CRM_FIELD_STRING, .label = "Outcome", .max_length = 200},
    {.name = "notes", .type = CRM_FIELD_TEXT, .label = "Notes", .flags = CRM_F_SEARCHABLE,
     .max_length = 8000},
    {.name = "about_entity", .type = CRM_FIELD_STRING, .label = "About (entity)",
     .flags = CRM_F_INDEXED, .max_length = 63},
    {.name = "about_id", .type = CRM_FIELD_STRING, .label = "About (record id)",
     .flags = CRM_F_INDEXED, .max_length = 24},
    {.name = NULL},
};

/* An interaction or a task may be about any record of any plugin (an opportunity, a ticket, a
 * collection case): both parts or neither, and the record must exist where the author can see
 * it. */
static bool
about_ok(const crm_identity_t *actor, const bson_t *record, crm_error_t *error)
{
    const char *entity = clients_str(record, "about_entity"), *id = clients_str(record, "about_id");
    bson_t about;
    bool seen;

    if (!entity && !id)
        return true;
    if (!entity || !id) {
        crm_error_add_field(error, entity ? "about_id" : "about_entity",
                            "is required with %s", entity ? "about_entity" : "about_id");
        return false;
    }
    if (!crm_entity_find(entity)) {
        crm_error_add_field(error, "about_entity", "is not an entity");
        return false;
    }
    seen = crm_entity_get(actor, entity, id, &about, NULL) == 0;
    bson_destroy(&about);
    if (!seen)
        crm_error_add_field(error, "about_id", "refers to no %s you can see", entity);
    return seen;
}

static int
interaction_prepare(const crm_identity_t *actor, const bson_t *record, const bson_t *before,
                    bson_t *changes, crm_error_t *error)
{
    static const char *const text_fields[] = {"subject", "outcome", "notes", NULL};
    char now[32];
    bool ok = true;

    ok &= about_ok(actor, record, error);
    ok &= clients_no_pan_in(record, text_fields, error);
    if (!ok)
        return CRM_EVALIDATION;
    /* Recorded now by the one recording it, unless said otherwise. */
    if (!before && !clients_str(record, "employee"))
        BSON_APPEND_UTF8(changes, "employee", crm_identity_user_id(actor));
    if (!before && !bson_has_field(record, "at")) {
        clients_iso_time(clients_now_ms(), now);
        BSON_APPEND_UTF8(changes, "at", now);
    }
    return 0;
}

const crm_entity_def_t clients_interaction_def = {
    .size = sizeof(crm_entity_def_t),
    .name = "interaction",
    .label = "Interaction",
    .label_plural = "Interactions",
    .fields = interaction_fields,
    .title_field = "subject",
    .default_sort = "-at",
    .prepare = interaction_prepare,
    .translations = clients_interaction_translations,
};

/* --- tasks --- */

static const crm_field_t task_fields[] = {
    {.name = "title", .type = CRM_FIELD_STRING, .label = "Title",
     .flags = CRM_F_REQUIRED | CRM_F_SEARCHABLE, .max_length = 200},
    {.name = "client_id", .type = CRM_FIELD_REF, .label = "Client", .flags = CRM_F_INDEXED,
     .ref = "client"},
    {.name = "assignee", .type = CRM_FIELD_STRING, .label = "Assignee (user id)",
     .flags = CRM_F_INDEXED | CRM_F_USER, .max_length = 64},
    {.name = "due", .type = CRM_FIELD_DATETIME, .label = "Due", .flags = CRM_F_INDEXED},
    {.name = "priority", .type = CRM_FIELD_ENUM, .label = "Priority", .flags = CRM_F_INDEXED,
     .enum_values = CRM_VALUES("low", "normal", "high")},
    {.name = "status", .type = CRM_FIELD_ENUM, .label = "Status", .flags = CRM_F_INDEXED,
     .enum_values = CRM_VALUES("open", "done", "cancelled")},
    {.name = "origin", .type = CRM_FIELD_STRING, .label = "Origin (plugin or campaign)",
     .flags = CRM_F_INDEXED, .max_length = 64},
    {.name = "reminder", .type = CRM_FIELD_DATETIME, .label = "Reminder", .flags = CRM_F_INDEXED},
    {.name = "notes", .type = CRM_FIELD_TEXT, .label = "Notes", .flags = CRM_F_SEARCHABLE,
     .max_length = 4000},
    {.name = "about_entity", .type = CRM_FIELD_STRING, .label = "About (entity)",
     .flags = CRM_F_INDEXED, .max_length = 63},
    {.name = "about_id", .type = CRM_FIELD_STRING, .label = "About (record id)",
     .flags = CRM_F_INDEXED, .max_length = 24},
    {.name = "closed_at", .type = CRM_FIELD_DATETIME, .label = "Closed at",
     .flags = CRM_F_COMPUTED},
    {.name = "overdue", .type = CRM_FIELD_BOOL, .label = "Overdue", .flags = CRM_F_COMPUTED},
    {.name = NULL},
};

static int
task_prepare(const crm_identity_t *actor, const bson_t *record, const bson_t *before,
             bson_t *changes, crm_error_t *error)
{
    static const char *const text_fields[] = {"title", "notes", NULL};
    const char *status = clients_str(record, "status");
    char now[32];
    bool ok = about_ok(actor, record, error);

    ok &= clients_no_pan_in(record, text_fields, error);
    if (!ok)
        return CRM_EVALIDATION;
    /* A new task is open, of normal priority, for the one creating it, unless said otherwise. */
    if (!before && !clients_str(record, "assignee"))
        BSON_APPEND_UTF8(changes, "assignee", crm_identity_user_id(actor));
    if (!clients_str(record, "priority"))
        BSON_APPEND_UTF8(changes, "priority", "normal");
    if (!status) {
        status = "open";
        BSON_APPEND_UTF8(changes, "status", status);
    }
    /* Closing a task records when. */
    if (strcmp(status, "open") != 0 && clients_changed(record, before, "status")) {
        clients_iso_time(clients_now_ms(), now);
        BSON_APPEND_UTF8(changes, "closed_at", now);
    }
    return 0;
}

/* Open and due in the past: computed on every read, never stored. */
static void
task_present(bson_t *record)
{
    int64_t due;

    if (bson_has_field(record, "overdue"))
        return;
    BSON_APPEND_BOOL(record, "overdue",
                     clients_str_is(record, "status", "open") && clients_time(record, "due", &due) &&
                         due < clients_now_ms());
}

const crm_entity_def_t clients_task_def = {
    .size = sizeof(crm_entity_def_t),
    .name = "task",
    .label = "Task",
    .label_plural = "Tasks",
    .fields = task_fields,
    .title_field = "title",
    .default_sort = "due",
    .prepare = task_prepare,
    .present = task_present,
    .translations = clients_task_translations,
};
