/* GET /api/v1/clients/my-day: the caller's day. Their open tasks due today or earlier
 * (assignee = the caller; overdue ones first, as they are the oldest), and their meetings today
 * (interactions of kind meeting, employee = the caller). "Today" is the UTC day. Everything is
 * read within the caller's scope; meetings are left out when the caller may not read
 * interactions. */
#include "clients-private.h"

#define DAY_MS 86400000LL
#define MY_DAY_MAX 500

/* {"<field>": {"$gte": FROM, "$lt": TO}} into FILTER; FROM may be NULL. */
static void
append_range(bson_t *filter, const char *field, const char *from, const char *to)
{
    bson_t range;

    BSON_APPEND_DOCUMENT_BEGIN(filter, field, &range);
    if (from)
        BSON_APPEND_UTF8(&range, "$gte", from);
    BSON_APPEND_UTF8(&range, "$lt", to);
    bson_append_document_end(filter, &range);
}

int
clients_route_my_day(crm_request_t *req, void *data, crm_error_t *error)
{
    const crm_identity_t *caller = crm_request_identity(req);
    const char *me = crm_identity_user_id(caller);
    int64_t now = clients_now_ms(), start = now - now % DAY_MS;
    char from[32], to[32];
    bson_t tasks_filter = BSON_INITIALIZER, meetings_filter = BSON_INITIALIZER;
    bson_t out = BSON_INITIALIZER, tasks, meetings = BSON_INITIALIZER;
    bool readable;
    int rc;

    (void)data;
    clients_iso_time(start, from);
    clients_iso_time(start + DAY_MS, to);
    BSON_APPEND_UTF8(&tasks_filter, "assignee", me);
    BSON_APPEND_UTF8(&tasks_filter, "status", "open");
    append_range(&tasks_filter, "due", NULL, to);
    BSON_APPEND_UTF8(&meetings_filter, "kind", "meeting");
    BSON_APPEND_UTF8(&meetings_filter, "employee", me);
    append_range(&meetings_filter, "at", from, to);

    from[10] = '\0';
    BSON_APPEND_UTF8(&out, "date", from);
    BSON_APPEND_ARRAY_BEGIN(&out, "tasks", &tasks);
    rc = clients_list_into(caller, "task", &tasks_filter, "due", MY_DAY_MAX, &tasks, error);
    bson_append_array_end(&out, &tasks);
    if (rc != 0)
        goto done;
    rc = clients_list_if_readable(caller, "interaction", &meetings_filter, "at", MY_DAY_MAX,
                                  &meetings, &readable, error);
    if (rc == 0 && readable)
        BSON_APPEND_ARRAY(&out, "meetings", &meetings);
    if (rc == 0)
        rc = crm_respond_json(req, 200, &out);
done:
    bson_destroy(&tasks_filter);
    bson_destroy(&meetings_filter);
    bson_destroy(&meetings);
    bson_destroy(&out);
    return rc;
}
