/* Request counters and latency histograms per route pattern, store errors and requests in
 * flight, served as Prometheus text by GET /metrics. Counters are relaxed atomics. */
#include "http/http-private.h"

#include <stdio.h>
#include <string.h>

static const int counted_status[CRM__METRICS_N_STATUS] = {200, 201, 204, 206, 301, 302, 304,
                                                          400, 401, 403, 404, 405, 409, 413,
                                                          422, 429, 500, 502, 503, 504};
static const double bucket_bounds[CRM__METRICS_N_BUCKETS] = {.001, .005, .01, .05, .1, .5, 1, 5};
static const char *const bucket_labels[CRM__METRICS_N_BUCKETS] = {"0.001", "0.005", "0.01", "0.05",
                                                                  "0.1",   "0.5",   "1",    "5"};

static crm__metrics_t unmatched_metrics;
static crm__metrics_t static_metrics;
static _Atomic uint64_t store_errors;

crm__metrics_t *
crm__metrics_unmatched(void)
{
    return &unmatched_metrics;
}

crm__metrics_t *
crm__metrics_static(void)
{
    return &static_metrics;
}

void
crm__metrics_store_error(void)
{
    atomic_fetch_add_explicit(&store_errors, 1, memory_order_relaxed);
}

void
crm__metrics_record(crm__metrics_t *m, int status, double duration)
{
    size_t s = CRM__METRICS_N_STATUS, b = CRM__METRICS_N_BUCKETS;

    for (size_t i = 0; i < CRM__METRICS_N_STATUS; i++) {
        if (counted_status[i] == status) {
            s = i;
            break;
        }
    }
    for (size_t i = 0; i < CRM__METRICS_N_BUCKETS; i++) {
        if (duration <= bucket_bounds[i]) {
            b = i;
            break;
        }
    }
    atomic_fetch_add_explicit(&m->by_status[s], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->buckets[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->sum_us, (uint64_t)(duration * 1e6), memory_order_relaxed);
    atomic_fetch_add_explicit(&m->count, 1, memory_order_relaxed);
}

/* Appends LABEL escaped for a Prometheus label value. */
static void
append_label(bson_string_t *out, const char *label)
{
    for (const char *p = label; *p; p++) {
        if (*p == '\\' || *p == '"')
            bson_string_append_c(out, '\\');
        if (*p == '\n')
            bson_string_append(out, "\\n");
        else
            bson_string_append_c(out, *p);
    }
}

typedef struct sink {
    bson_string_t *out;
    bool histogram;
} sink_t;

static void
write_one(sink_t *sink, const char *label, crm__metrics_t *m)
{
    uint64_t cumulative = 0;

    if (atomic_load_explicit(&m->count, memory_order_relaxed) == 0)
        return;
    if (!sink->histogram) {
        for (size_t i = 0; i <= CRM__METRICS_N_STATUS; i++) {
            uint64_t n = atomic_load_explicit(&m->by_status[i], memory_order_relaxed);
            char status[16];
            if (n == 0)
                continue;
            if (i < CRM__METRICS_N_STATUS)
                snprintf(status, sizeof status, "%d", counted_status[i]);
            else
                snprintf(status, sizeof status, "other");
            bson_string_append(sink->out, "crm_http_requests_total{route=\"");
            append_label(sink->out, label);
            bson_string_append_printf(sink->out, "\",status=\"%s\"} %llu\n", status,
                                      (unsigned long long)n);
        }
        return;
    }
    for (size_t i = 0; i <= CRM__METRICS_N_BUCKETS; i++) {
        cumulative += atomic_load_explicit(&m->buckets[i], memory_order_relaxed);
        bson_string_append(sink->out, "crm_http_request_duration_seconds_bucket{route=\"");
        append_label(sink->out, label);
        bson_string_append_printf(sink->out, "\",le=\"%s\"} %llu\n",
                                  i < CRM__METRICS_N_BUCKETS ? bucket_labels[i] : "+Inf",
                                  (unsigned long long)cumulative);
    }
    bson_string_append(sink->out, "crm_http_request_duration_seconds_sum{route=\"");
    append_label(sink->out, label);
    bson_string_append_printf(sink->out, "\"} %.6f\n",
                              (double)atomic_load_explicit(&m->sum_us, memory_order_relaxed) / 1e6);
    bson_string_append(sink->out, "crm_http_request_duration_seconds_count{route=\"");
    append_label(sink->out, label);
    bson_string_append_printf(sink->out, "\"} %llu\n", (unsigned long long)cumulative);
}

static void
write_route(const crm__route_t *route, void *data)
{
    write_one(data, route->label, (crm__metrics_t *)&route->metrics);
}

int
crm__metrics_handler(crm_request_t *req, void *data, crm_error_t *error)
{
    bson_string_t *out = bson_string_new(NULL);
    sink_t sink = {out, false};
    int rc;

    (void)data;
    (void)error;
    bson_string_append(out, "# HELP crm_http_requests_total HTTP requests answered, by route "
                            "pattern and status.\n# TYPE crm_http_requests_total counter\n");
    crm__router_foreach(write_route, &sink);
    write_one(&sink, "static", &static_metrics);
    write_one(&sink, "unmatched", &unmatched_metrics);
    sink.histogram = true;
    bson_string_append(out, "# HELP crm_http_request_duration_seconds Time to answer, by route "
                            "pattern.\n# TYPE crm_http_request_duration_seconds histogram\n");
    crm__router_foreach(write_route, &sink);
    write_one(&sink, "static", &static_metrics);
    write_one(&sink, "unmatched", &unmatched_metrics);
    bson_string_append_printf(
        out,
        "# HELP crm_store_errors_total Store operations that failed.\n"
        "# TYPE crm_store_errors_total counter\ncrm_store_errors_total %llu\n"
        "# HELP crm_http_requests_in_flight Requests being answered.\n"
        "# TYPE crm_http_requests_in_flight gauge\ncrm_http_requests_in_flight %d\n",
        (unsigned long long)atomic_load_explicit(&store_errors, memory_order_relaxed),
        atomic_load(&req->http->in_flight));
    rc = crm_respond(req, 200, "text/plain; version=0.0.4; charset=utf-8", out->str, out->len);
    bson_string_free(out, true);
    return rc;
}
