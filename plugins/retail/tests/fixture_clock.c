/* Test fixture: what the end-to-end tests of the jobs and the reports need beside the public
 * routes. A job runs on the clock of its run (now), so a test makes an opportunity look idle
 * for a number of days instead, writing its computed times as plugin code may; it records the
 * events retail.opportunity_stuck for the test to read; and it dates a referral back, writing
 * its created_at in the store as the plugin's demo data does. */
#include <crm/entity.h>
#include <crm/event.h>
#include <crm/http.h>
#include <crm/plugin.h>
#include <crm/store.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static bson_t events = BSON_INITIALIZER;
static uint32_t n_events;

/* POST /api/v1/retail_clock/idle/{id}?days=N: the opportunity became a lead, last moved and
 * was last active N days ago. */
static int
make_idle(crm_request_t *req, void *data, crm_error_t *error)
{
    const char *days = crm_request_query(req, "days");
    bson_t patch = BSON_INITIALIZER, out;
    time_t at = time(NULL) - (days ? atol(days) : 0) * 86400;
    struct tm tm;
    char iso[32];
    int rc;

    (void)data;
    gmtime_r(&at, &tm);
    strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
    BSON_APPEND_UTF8(&patch, "lead_at", iso);
    BSON_APPEND_UTF8(&patch, "stage_changed_at", iso);
    BSON_APPEND_UTF8(&patch, "last_activity_at", iso);
    rc = crm_entity_update(crm_identity_system(), "opportunity", crm_request_param(req, "id"),
                           &patch, &out, error);
    if (rc == 0)
        rc = crm_respond_json(req, 200, &out);
    bson_destroy(&out);
    bson_destroy(&patch);
    return rc;
}

/* POST /api/v1/retail_clock/created/referral/{id}?at=2025-03-01T10:00:00Z: the referral was
 * made at AT. 200 {"matched": 0 or 1}; 400 for a malformed id or time. */
static int
date_referral(crm_request_t *req, void *data, crm_error_t *error)
{
    const char *id = crm_request_param(req, "id"), *at = crm_request_query(req, "at"), *end;
    bson_t filter = BSON_INITIALIZER, update = BSON_INITIALIZER, set, out = BSON_INITIALIZER;
    crm_update_result_t result = {0};
    struct tm tm = {0};
    bson_oid_t oid;
    int rc;

    (void)data;
    end = at ? strptime(at, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
    if (!id || !bson_oid_is_valid(id, strlen(id)) || !end || *end) {
        rc = crm_error_set(error, CRM_EINVAL, "want /created/referral/{id}?at=<ISO 8601 UTC>");
        goto done;
    }
    bson_oid_init_from_string(&oid, id);
    BSON_APPEND_OID(&filter, "_id", &oid);
    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
    BSON_APPEND_DATE_TIME(&set, "created_at", (int64_t)timegm(&tm) * 1000);
    bson_append_document_end(&update, &set);
    rc = crm_store_update(crm_request_store(req), "referral", &filter, &update, 0, &result, error);
    if (rc == 0) {
        BSON_APPEND_INT64(&out, "matched", result.matched);
        rc = crm_respond_json(req, 200, &out);
    }
done:
    bson_destroy(&filter);
    bson_destroy(&update);
    bson_destroy(&out);
    return rc;
}

/* GET /api/v1/retail_clock/stuck_events: {"events": [payloads, in order]}. */
static int
list_events(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_t out = BSON_INITIALIZER;
    int rc;

    (void)data;
    (void)error;
    pthread_mutex_lock(&lock);
    BSON_APPEND_ARRAY(&out, "events", &events);
    pthread_mutex_unlock(&lock);
    rc = crm_respond_json(req, 200, &out);
    bson_destroy(&out);
    return rc;
}

static int
on_stuck(const crm_event_t *event, void *data, crm_error_t *error)
{
    char idx[16];
    const char *key;

    (void)data;
    (void)error;
    pthread_mutex_lock(&lock);
    bson_uint32_to_string(n_events++, &key, idx, sizeof idx);
    BSON_APPEND_DOCUMENT(&events, key, event->doc);
    pthread_mutex_unlock(&lock);
    return 0;
}

static const crm_route_t routes[] = {
    {sizeof(crm_route_t), "POST", "/api/v1/retail_clock/idle/{id}", "jobs.run", make_idle, NULL},
    {sizeof(crm_route_t), "GET", "/api/v1/retail_clock/stuck_events", "jobs.run", list_events,
     NULL},
    {sizeof(crm_route_t), "POST", "/api/v1/retail_clock/created/referral/{id}", "jobs.run",
     date_referral, NULL},
};

static int
clock_init(crm_plugin_t *plugin, crm_error_t *error)
{
    int rc = crm_on(plugin, "retail.opportunity_stuck", on_stuck, NULL, error);

    for (size_t i = 0; rc == 0 && i < sizeof routes / sizeof routes[0]; i++)
        rc = crm_route_add(plugin, &routes[i], error);
    return rc;
}

static void
clock_fini(crm_plugin_t *plugin)
{
    (void)plugin;
    bson_destroy(&events);
    bson_init(&events);
    n_events = 0;
}

CRM_PLUGIN_DEFINE("retail_clock", "1.0.0",
                  "Test fixture: idle opportunities, the stuck events and referrals dated back, "
                  "for the job and report tests",
                  CRM_REQUIRES("retail"), clock_init, clock_fini, NULL);
