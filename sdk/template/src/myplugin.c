/* myplugin: a plugin for the CRM core. It registers an entity (myplugin_item), declares a
 * permission, adds a route that answers within the caller's scope, handles an event, declares a
 * report and runs a job.
 * The plugin guide (PREFIX/share/doc/crm/plugin-guide.md) explains each part. */
#include <crm/entity.h>
#include <crm/event.h>
#include <crm/http.h>
#include <crm/job.h>
#include <crm/log.h>
#include <crm/permission.h>
#include <crm/plugin.h>
#include <crm/report.h>

#include <stdatomic.h>

static const crm_field_t item_fields[] = {
    {.name = "name", .type = CRM_FIELD_STRING, .label = "Name",
     .flags = CRM_F_REQUIRED | CRM_F_SEARCHABLE, .max_length = 200},
    {.name = "amount", .type = CRM_FIELD_MONEY, .label = "Amount"},
    {.name = "due", .type = CRM_FIELD_DATE, .label = "Due"},
    {.name = NULL},
};

static const crm_entity_def_t item = {
    .size = sizeof(crm_entity_def_t),
    .name = "myplugin_item",
    .label = "Item",
    .label_plural = "Items",
    .fields = item_fields,
    .title_field = "name",
};

/* How many items were created since the plugin loaded (an event handler's state). */
static atomic_long created;

static int
on_item_created(const crm_event_t *event, void *data, crm_error_t *error)
{
    (void)data;
    (void)error;
    atomic_fetch_add(&created, 1);
    crm_log(CRM_LOG_DEBUG, "myplugin.item_created", "id=%s", event->id);
    return 0;
}

/* GET /api/v1/myplugin/summary: how many items the caller may see. */
static int
summary(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, out = BSON_INITIALIZER;
    int64_t n = 0;
    int rc;

    (void)data;
    rc = crm_identity_scope_filter(crm_request_identity(req), "myplugin_item.read", &filter, error);
    if (rc == 0)
        rc = crm_store_count(crm_request_store(req), "myplugin_item", &filter, &n, error);
    if (rc == 0) {
        BSON_APPEND_INT64(&out, "visible", n);
        BSON_APPEND_INT64(&out, "created_since_start", atomic_load(&created));
        rc = crm_respond_json(req, 200, &out);
    }
    bson_destroy(&filter);
    bson_destroy(&out);
    return rc;
}

/* A report: items per month they are due, with their count and amount (per currency). */
static const crm_report_dim_t report_dims[] = {
    {.name = "month", .field = "due", .bucket = CRM_BUCKET_MONTH, .label = "Month due"},
    {.name = NULL}};
static const crm_report_measure_t report_measures[] = {
    {.name = "items", .kind = CRM_MEASURE_COUNT, .label = "Items"},
    {.name = "amount", .kind = CRM_MEASURE_SUM, .field = "amount.amount",
     .money_currency_field = "amount.currency", .label = "Amount"},
    {.name = NULL}};
static const crm_report_def_t items_by_month = {
    .size = sizeof(crm_report_def_t),
    .id = "myplugin_items_by_month",
    .title = "Items by month due",
    .entity = "myplugin_item",
    .date_field = "due",
    .dims = report_dims,
    .measures = report_measures,
    .permission = "myplugin_item.read",
};

/* A job: every hour, count the items that are overdue (a real plugin would remind someone). */
static int
count_overdue(crm_job_run_t *run, void *data, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, cond;
    int64_t n = 0;
    int rc;

    (void)data;
    BSON_APPEND_DOCUMENT_BEGIN(&filter, "due", &cond);
    BSON_APPEND_DATE_TIME(&cond, "$lt", crm_job_now(run));
    bson_append_document_end(&filter, &cond);
    rc = crm_store_count(crm_job_store(run), "myplugin_item", &filter, &n, error);
    if (rc == 0) {
        crm_job_count(run, "overdue", n);
        crm_job_message(run, "%lld items overdue", (long long)n);
    }
    bson_destroy(&filter);
    return rc;
}

static const crm_job_def_t overdue_job = {
    .size = sizeof(crm_job_def_t),
    .id = "myplugin_overdue",
    .title = "Count overdue items",
    .every_seconds = 3600,
    .run = count_overdue,
};

static const crm_route_t routes[] = {
    {sizeof(crm_route_t), "GET", "/api/v1/myplugin/summary", "myplugin.summary", summary, NULL},
};

static int
myplugin_init(crm_plugin_t *plugin, crm_error_t *error)
{
    int rc = crm_entity_register(plugin, &item, error);

    if (rc == 0)
        rc = crm_permission_declare(plugin, "myplugin.summary", "See the item summary", error);
    for (size_t i = 0; rc == 0 && i < sizeof routes / sizeof routes[0]; i++)
        rc = crm_route_add(plugin, &routes[i], error);
    if (rc == 0)
        rc = crm_on(plugin, "myplugin_item.created", on_item_created, NULL, error);
    if (rc == 0)
        rc = crm_report_register(plugin, &items_by_month, error);
    if (rc == 0)
        rc = crm_job_register(plugin, &overdue_job, error);
    return rc;
}

CRM_PLUGIN_DEFINE("myplugin", "0.1.0", "Items: what myplugin does", NULL, myplugin_init, NULL,
                  NULL);
