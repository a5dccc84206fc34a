/* The in-process event bus: handlers registered by plugins during init, events delivered
 * synchronously after the write commits. */
#include "event/event-private.h"
#include "host/host-private.h"
#include "plugin/plugin-private.h"

#include <crm/log.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct handler {
    char *name;
    crm_event_fn fn;
    void *data;
    crm_plugin_t *owner;
    struct handler *next;
} handler_t;

static handler_t *handlers; /* registration order; immutable after start-up */

/* An event waiting for its transaction to commit (everything copied). */
typedef struct pending {
    char *name, *entity, *id;
    bson_t *doc, *before;
    const crm_identity_t *actor;
    struct pending *next;
} pending_t;

static _Thread_local pending_t *pending_head, *pending_tail;

bool
crm__event_wanted(const char *name)
{
    for (handler_t *h = handlers; h; h = h->next)
        if (strcmp(h->name, "*") == 0 || strcmp(h->name, name) == 0)
            return true;
    return false;
}

static void
deliver(const crm_event_t *event)
{
    for (handler_t *h = handlers; h; h = h->next) {
        crm_error_t error = {0};
        if (strcmp(h->name, "*") != 0 && strcmp(h->name, event->name) != 0)
            continue;
        if (h->fn(event, h->data, &error) != 0)
            crm_log(CRM_LOG_ERROR, "event.handler_failed", "event=%s plugin=%s error=\"%s\"",
                    event->name, h->owner ? crm_plugin_name(h->owner) : "core", error.message);
    }
}

static void
pending_free(pending_t *p)
{
    free(p->name);
    free(p->entity);
    free(p->id);
    if (p->doc)
        bson_destroy(p->doc);
    if (p->before)
        bson_destroy(p->before);
    free(p);
}

void
crm__event_publish(const crm_event_t *event)
{
    crm__host_t *host = crm__host_get();
    pending_t *p;

    if (!crm__event_wanted(event->name))
        return;
    if (!host || !crm_store_in_transaction(host->store)) {
        deliver(event);
        return;
    }
    p = calloc(1, sizeof *p);
    if (!p)
        return;
    p->name = strdup(event->name);
    p->entity = event->entity ? strdup(event->entity) : NULL;
    p->id = event->id ? strdup(event->id) : NULL;
    p->doc = event->doc ? bson_copy(event->doc) : NULL;
    p->before = event->before ? bson_copy(event->before) : NULL;
    p->actor = event->actor;
    if (pending_tail)
        pending_tail->next = p;
    else
        pending_head = p;
    pending_tail = p;
}

void
crm__event_transaction_end(bool committed)
{
    pending_t *p = pending_head, *next;

    pending_head = pending_tail = NULL;
    for (; p; p = next) {
        next = p->next;
        if (committed) {
            crm_event_t ev = {sizeof ev, p->name, p->entity, p->id, p->doc, p->before, p->actor};
            deliver(&ev);
        }
        pending_free(p);
    }
}

int
crm_emit(const char *name, const bson_t *payload, const crm_identity_t *actor, crm_error_t *error)
{
    crm_event_t ev = {sizeof ev, name, NULL, NULL, payload, NULL,
                      actor ? actor : crm_identity_system()};

    if (!name || !*name || strcmp(name, "*") == 0)
        return crm_error_set(error, CRM_EINVAL, "an event needs a name");
    crm__event_publish(&ev);
    return 0;
}

static void
unregister(void *ctx)
{
    handler_t *h = ctx;

    for (handler_t **pp = &handlers; *pp; pp = &(*pp)->next) {
        if (*pp == h) {
            *pp = h->next;
            break;
        }
    }
    free(h->name);
    free(h);
}

int
crm_on(crm_plugin_t *plugin, const char *name, crm_event_fn fn, void *data, crm_error_t *error)
{
    handler_t *h = NULL, **tail;
    char what[160];
    int rc;

    if (!name || !*name || !fn)
        return crm_error_set(error, CRM_EINVAL, "crm_on needs an event name and a handler");
    h = calloc(1, sizeof *h);
    if (!h || !(h->name = strdup(name))) {
        free(h);
        return crm_error_set(error, CRM_ENOMEM, "out of memory");
    }
    h->fn = fn;
    h->data = data;
    h->owner = plugin;
    snprintf(what, sizeof what, "on %s", name);
    rc = crm__plugin_record(plugin, "event", what, unregister, h, error);
    if (rc != 0) {
        free(h->name);
        free(h);
        return rc;
    }
    for (tail = &handlers; *tail; tail = &(*tail)->next)
        ;
    *tail = h;
    return 0;
}
