/* Running a function on a thread with a large stack, and waiting for it. */
#include "common/bigstack-private.h"

#include <pthread.h>

#define BIG_STACK_SIZE ((size_t)8 * 1024 * 1024)

int
crm__bigstack_run(void *(*fn)(void *), void *data, crm_error_t *error)
{
    pthread_attr_t attr;
    pthread_t thread;
    int rc;

    if (pthread_attr_init(&attr) != 0)
        return crm_error_set(error, CRM_EINTERNAL, "cannot start a worker thread");
    rc = pthread_attr_setstacksize(&attr, BIG_STACK_SIZE);
    if (rc == 0)
        rc = pthread_create(&thread, &attr, fn, data);
    pthread_attr_destroy(&attr);
    if (rc != 0)
        return crm_error_set(error, CRM_EINTERNAL, "cannot start a worker thread");
    pthread_join(thread, NULL);
    return 0;
}
