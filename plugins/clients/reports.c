/* The plugin's reports: the client base (by segment, lifecycle phase, unit, owner), new clients
 * by source and period, tasks and interactions by employee (declared: the core computes them
 * in the store within the caller's scope), and two composites built on them: data
 * completeness by owner and unit, and advisor activity (tasks done, pending and overdue,
 * calls, meetings and e-mails per employee, unit and period). */
#include "clients-private.h"
#include "compose-private.h"
#include "profile-private.h"

#include <stdio.h>

/* --- clients --- */

static const crm_report_dim_t client_dims[] = {
    {.name = "segment", .field = "segment", .label = "Segment"},
    {.name = "lifecycle_phase", .field = "lifecycle_phase", .label = "Lifecycle phase"},
    {.name = "unit", .field = "org_unit", .label = "Unit"},
    {.name = "owner", .field = "owner_id", .label = "Owner"},
    {.name = "kind", .field = "kind", .label = "Kind"},
    {.name = "status", .field = "status", .label = "Status"},
    {.name = "source", .field = "source", .label = "Source"},
    {.name = "day", .field = "created_at", .bucket = CRM_BUCKET_DAY, .label = "Day"},
    {.name = "week", .field = "created_at", .bucket = CRM_BUCKET_WEEK, .label = "Week"},
    {.name = "month", .field = "created_at", .bucket = CRM_BUCKET_MONTH, .label = "Month"},
    {.name = "quarter", .field = "created_at", .bucket = CRM_BUCKET_QUARTER, .label = "Quarter"},
    {.name = "year", .field = "created_at", .bucket = CRM_BUCKET_YEAR, .label = "Year"},
    {.name = NULL},
};

static const crm_report_measure_t client_measures[] = {
    {.name = "clients", .kind = CRM_MEASURE_COUNT, .label = "Clients"},
    {.name = "avg_completeness",
     .kind = CRM_MEASURE_AVG,
     .field = "completeness",
     .label = "Average completeness (%)"},
    {.name = NULL},
};

static const crm_report_def_t base_report = {
    .size = sizeof(crm_report_def_t),
    .id = "clients_base",
    .title = "Client base",
    .description = "Clients by segment, lifecycle phase, unit and owner; from/to on the date "
                   "the client was created",
    .entity = "client",
    .date_field = "created_at",
    .dims = client_dims,
    .measures = client_measures,
    .permission = "client.read",
    .default_dims = CRM_VALUES("segment", "lifecycle_phase"),
    .translations = clients_report_base_translations,
};

static const crm_report_def_t new_report = {
    .size = sizeof(crm_report_def_t),
    .id = "clients_new",
    .title = "New clients",
    .description = "Clients acquired, by source and period of creation",
    .entity = "client",
    .date_field = "created_at",
    .dims = client_dims,
    .measures = client_measures,
    .permission = "client.read",
    .default_dims = CRM_VALUES("source", "month"),
    .default_measures = CRM_VALUES("clients"),
    .translations = clients_report_new_translations,
};

/* --- tasks and interactions by employee --- */

static const crm_report_dim_t task_dims[] = {
    {.name = "employee", .field = "assignee", .label = "Employee"},
    {.name = "unit", .field = "org_unit", .label = "Unit"},
    {.name = "owner", .field = "owner_id", .label = "Owner"},
    {.name = "status", .field = "status", .label = "Status"},
    {.name = "priority", .field = "priority", .label = "Priority"},
    {.name = "day", .field = "due", .bucket = CRM_BUCKET_DAY, .label = "Day"},
    {.name = "week", .field = "due", .bucket = CRM_BUCKET_WEEK, .label = "Week"},
    {.name = "month", .field = "due", .bucket = CRM_BUCKET_MONTH, .label = "Month"},
    {.name = "quarter", .field = "due", .bucket = CRM_BUCKET_QUARTER, .label = "Quarter"},
    {.name = "year", .field = "due", .bucket = CRM_BUCKET_YEAR, .label = "Year"},
    {.name = NULL},
};

static const crm_report_measure_t task_measures[] = {
    {.name = "tasks", .kind = CRM_MEASURE_COUNT, .label = "Tasks"},
    {.name = NULL},
};

static const crm_report_def_t tasks_report = {
    .size = sizeof(crm_report_def_t),
    .id = "clients_tasks",
    .title = "Tasks by employee",
    .description = "Tasks by assignee, unit, status and period; from/to on the due date",
    .entity = "task",
    .date_field = "due",
    .dims = task_dims,
    .measures = task_measures,
    .permission = "task.read",
    .default_dims = CRM_VALUES("employee", "status"),
    .translations = clients_report_tasks_translations,
};

static const crm_report_dim_t interaction_dims[] = {
    {.name = "employee", .field = "employee", .label = "Employee"},
    {.name = "unit", .field = "org_unit", .label = "Unit"},
    {.name = "owner", .field = "owner_id", .label = "Owner"},
    {.name = "kind", .field = "kind", .label = "Kind"},
    {.name = "channel", .field = "channel", .label = "Channel"},
    {.name = "direction", .field = "direction", .label = "Direction"},
    {.name = "day", .field = "at", .bucket = CRM_BUCKET_DAY, .label = "Day"},
    {.name = "week", .field = "at", .bucket = CRM_BUCKET_WEEK, .label = "Week"},
    {.name = "month", .field = "at", .bucket = CRM_BUCKET_MONTH, .label = "Month"},
    {.name = "quarter", .field = "at", .bucket = CRM_BUCKET_QUARTER, .label = "Quarter"},
    {.name = "year", .field = "at", .bucket = CRM_BUCKET_YEAR, .label = "Year"},
    {.name = NULL},
};

static const crm_report_measure_t interaction_measures[] = {
    {.name = "interactions", .kind = CRM_MEASURE_COUNT, .label = "Interactions"},
    {.name = NULL},
};

static const crm_report_def_t interactions_report = {
    .size = sizeof(crm_report_def_t),
    .id = "clients_interactions",
    .title = "Interactions by employee",
    .description = "Calls, meetings, e-mails and the rest by employee, unit and period",
    .entity = "interaction",
    .date_field = "at",
    .dims = interaction_dims,
    .measures = interaction_measures,
    .permission = "interaction.read",
    .default_dims = CRM_VALUES("employee", "kind"),
    .translations = clients_report_interactions_translations,
};

/* --- data completeness by owner and unit (composite over clients_base) --- */

/* Clients below the configured threshold. */
static void
below_threshold(bson_t *filter)
{
    bson_t cond;

    bson_append_document_begin(filter, "completeness", -1, &cond);
    BSON_APPEND_INT32(&cond, "$lt", clients_profile.threshold);
    bson_append_document_end(filter, &cond);
}

static const crm_report_dim_t completeness_dims[] = {
    {.name = "owner", .label = "Owner"},
    {.name = "unit", .label = "Unit"},
    {.name = "segment", .label = "Segment"},
    {.name = NULL},
};

static const crm_report_measure_t completeness_measures[] = {
    {.name = "avg_completeness", .kind = CRM_MEASURE_AVG, .label = "Average completeness (%)"},
    {.name = "clients", .kind = CRM_MEASURE_COUNT, .label = "Clients"},
    {.name = "below_threshold", .kind = CRM_MEASURE_COUNT, .label = "Clients below the threshold"},
    {.name = NULL},
};

static const clients_report_part_t completeness_parts[] = {
    {"avg_completeness", "clients_base", "avg_completeness", NULL, NULL},
    {"clients", "clients_base", "clients", NULL, NULL},
    {"below_threshold", "clients_base", "clients", NULL, below_threshold},
    {NULL, NULL, NULL, NULL, NULL},
};

static const crm_report_def_t completeness_report;

static const clients_composite_t completeness = {&completeness_report, completeness_parts};

static const crm_report_def_t completeness_report = {
    .size = sizeof(crm_report_def_t),
    .id = "clients_completeness",
    .title = "Data completeness",
    .description = "Average completeness and clients below clients.completeness_threshold, by "
                   "owner and unit; from/to on the date the client was created",
    .dims = completeness_dims,
    .measures = completeness_measures,
    .permission = "client.read",
    .default_dims = CRM_VALUES("owner", "unit"),
    .compute = clients_report_compose,
    .data = (void *)&completeness,
    .translations = clients_report_completeness_translations,
};

/* --- advisor activity (composite over clients_tasks and clients_interactions) --- */

/* Open tasks due before now. */
static void
overdue(bson_t *filter)
{
    bson_t cond;
    char now[32];

    clients_iso_time(clients_now_ms(), now);
    BSON_APPEND_UTF8(filter, "status", "open");
    bson_append_document_begin(filter, "due", -1, &cond);
    BSON_APPEND_UTF8(&cond, "$lt", now);
    bson_append_document_end(filter, &cond);
}

static const crm_report_dim_t activity_dims[] = {
    {.name = "employee", .label = "Employee"},
    {.name = "unit", .label = "Unit"},
    {.name = "day", .bucket = CRM_BUCKET_DAY, .label = "Day"},
    {.name = "week", .bucket = CRM_BUCKET_WEEK, .label = "Week"},
    {.name = "month", .bucket = CRM_BUCKET_MONTH, .label = "Month"},
    {.name = "quarter", .bucket = CRM_BUCKET_QUARTER, .label = "Quarter"},
    {.name = "year", .bucket = CRM_BUCKET_YEAR, .label = "Year"},
    {.name = NULL},
};

static const crm_report_measure_t activity_measures[] = {
    {.name = "tasks_done", .kind = CRM_MEASURE_COUNT, .label = "Tasks done"},
    {.name = "tasks_pending", .kind = CRM_MEASURE_COUNT, .label = "Tasks pending"},
    {.name = "tasks_overdue", .kind = CRM_MEASURE_COUNT, .label = "Tasks overdue"},
    {.name = "calls", .kind = CRM_MEASURE_COUNT, .label = "Calls"},
    {.name = "meetings", .kind = CRM_MEASURE_COUNT, .label = "Meetings"},
    {.name = "emails", .kind = CRM_MEASURE_COUNT, .label = "E-mails"},
    {.name = NULL},
};

static const clients_report_part_t activity_parts[] = {
    {"tasks_done", "clients_tasks", "tasks", "{\"status\":\"done\"}", NULL},
    {"tasks_pending", "clients_tasks", "tasks", "{\"status\":\"open\"}", NULL},
    {"tasks_overdue", "clients_tasks", "tasks", NULL, overdue},
    {"calls", "clients_interactions", "interactions", "{\"kind\":\"call\"}", NULL},
    {"meetings", "clients_interactions", "interactions", "{\"kind\":\"meeting\"}", NULL},
    {"emails", "clients_interactions", "interactions", "{\"kind\":\"email\"}", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const crm_report_def_t activity_report;

static const clients_composite_t activity = {&activity_report, activity_parts};

static const crm_report_def_t activity_report = {
    .size = sizeof(crm_report_def_t),
    .id = "clients_advisor_activity",
    .title = "Advisor activity",
    .description = "Tasks done, pending (open) and overdue by due date, and calls, meetings "
                   "and e-mails by date, per employee, unit and period",
    .dims = activity_dims,
    .measures = activity_measures,
    .permission = "task.read",
    .default_dims = CRM_VALUES("employee"),
    .compute = clients_report_compose,
    .data = (void *)&activity,
    .translations = clients_report_activity_translations,
};

static const crm_report_def_t *const reports[] = {
    &base_report,         &new_report,          &tasks_report,
    &interactions_report, &completeness_report, &activity_report,
};

int
clients_reports_register(crm_plugin_t *plugin, crm_error_t *error)
{
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < sizeof reports / sizeof reports[0]; i++)
        rc = crm_report_register(plugin, reports[i], error);
    return rc;
}
