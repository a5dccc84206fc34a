/* The in-process event bus. Entity events ("<entity>.created", "<entity>.updated",
 * "<entity>.deleted") and plugin events are delivered after the write has committed,
 * synchronously on the thread that made the write, to every handler registered for the name
 * (or for "*"), in registration order. A handler's failure is logged and does not undo the
 * write nor stop other handlers. */
#ifndef CRM_EVENT_H
#define CRM_EVENT_H

#include <bson/bson.h>
#include <crm/common.h>
#include <crm/identity.h>
#include <crm/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct crm_event {
    size_t size;                 /* sizeof(crm_event_t) */
    const char *name;            /* "prospect.created" */
    const char *entity;          /* the entity, or NULL for plugin events */
    const char *id;              /* the record's id, or NULL */
    const bson_t *doc;           /* the record after the write (NULL after delete), or payload */
    const bson_t *before;        /* the record before an update or delete, or NULL */
    const crm_identity_t *actor; /* who made the change */
} crm_event_t;

/* All pointers in EVENT are borrowed for the call. */
typedef int (*crm_event_fn)(const crm_event_t *event, void *data, crm_error_t *error);

/* Registers HANDLER for events named NAME ("*" for all) on behalf of PLUGIN (only during its
 * init). */
CRM_API int crm_on(crm_plugin_t *plugin, const char *name, crm_event_fn handler, void *data,
                   crm_error_t *error);

/* Emits a plugin event NAME with PAYLOAD (may be NULL) as ACTOR. If the calling thread is in
 * a store transaction the delivery waits for its commit and is dropped on rollback. */
CRM_API int crm_emit(const char *name, const bson_t *payload, const crm_identity_t *actor,
                     crm_error_t *error);

#ifdef __cplusplus
}
#endif

#endif
