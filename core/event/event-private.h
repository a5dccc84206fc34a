/* The event bus's internals: publishing from the core and the store's commit hook. */
#ifndef CRM_EVENT_PRIVATE_H
#define CRM_EVENT_PRIVATE_H

#include <crm/event.h>

/* Publishes EVENT: delivered now, or, when the calling thread is inside a store transaction,
 * copied and delivered after the outermost transaction commits (dropped on rollback). */
void crm__event_publish(const crm_event_t *event);

/* Called by the store when the calling thread's outermost transaction ends. */
void crm__event_transaction_end(bool committed);

/* True when a handler is registered for NAME or "*" (lets writers skip building events). */
bool crm__event_wanted(const char *name);

#endif
