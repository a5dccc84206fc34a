/* The daemon's entry point, exported so that `crmd` is a thin executable over libcrm. */
#ifndef CRM_DAEMON_H
#define CRM_DAEMON_H

#include <crm/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Runs crmd with the given command line (`crmd serve -c conf/crmd.cfg`, `crmd plugins`, ...)
 * and returns its exit status. */
CRM_API int crm_daemon_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif
