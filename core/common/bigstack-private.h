/* Work that needs more stack than the HTTP server's worker threads have (civetweb's are
 * 100 KB): libharu's TrueType fonts, libxlsxwriter's zip packaging. */
#ifndef CRM_BIGSTACK_PRIVATE_H
#define CRM_BIGSTACK_PRIVATE_H

#include <crm/common.h>

/* Runs FN(DATA) on a thread of its own with an 8 MB stack and waits for it to return.
 * CRM_EINTERNAL when no thread could be started (then FN has not run). */
int crm__bigstack_run(void *(*fn)(void *), void *data, crm_error_t *error);

#endif
