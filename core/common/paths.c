/* The core's own file locations, for the build tree and for an installation. */
#include "common/paths-private.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
/* room for the longest libdir and suffix */
#define OUT_MAX (PATH_MAX + 64)
static char plugins[OUT_MAX], www[OUT_MAX], conf[OUT_MAX], sdk_template[OUT_MAX],
    ssl_compat[OUT_MAX];

static void
resolve(void)
{
    Dl_info info;
    char libdir[PATH_MAX] = "";
    size_t n = strlen(CRM_BUILD_DIR);

    /* The directory libcrm was loaded from tells whether this is the build tree. */
    if (dladdr((void *)&resolve, &info) && info.dli_fname && realpath(info.dli_fname, libdir)) {
        char *slash = strrchr(libdir, '/');
        if (slash)
            *slash = '\0';
    }
    /* The build tree: libcrm there, or a test or benchmark holding the core's objects. */
    if (!libdir[0] || (strncmp(libdir, CRM_BUILD_DIR, n) == 0 &&
                       (libdir[n] == '\0' || libdir[n] == '/'))) {
        snprintf(plugins, sizeof plugins, "%s", CRM_BUILD_DIR "/plugins");
        snprintf(www, sizeof www, "%s", CRM_SOURCE_DIR "/core/www");
        snprintf(conf, sizeof conf, "%s", CRM_SOURCE_DIR "/conf");
        snprintf(sdk_template, sizeof sdk_template, "%s", CRM_SOURCE_DIR "/sdk/template");
        snprintf(ssl_compat, sizeof ssl_compat, "%s", CRM_BUILD_DIR "/libcrm-ssl-compat.so");
        return;
    }
    snprintf(plugins, sizeof plugins, "%s/crm/plugins", libdir);
    snprintf(www, sizeof www, "%s/" CRM_LIBDIR_TO_DATADIR "/www", libdir);
    snprintf(conf, sizeof conf, "%s/" CRM_LIBDIR_TO_DATADIR "/conf", libdir);
    snprintf(sdk_template, sizeof sdk_template, "%s/" CRM_LIBDIR_TO_DATADIR "/sdk/template",
             libdir);
    snprintf(ssl_compat, sizeof ssl_compat, "%s/libcrm-ssl-compat.so", libdir);
}

#define PATH_GETTER(name, var)                                                                     \
    const char *name(void)                                                                         \
    {                                                                                              \
        pthread_once(&once, resolve);                                                              \
        return var;                                                                                \
    }

PATH_GETTER(crm__path_plugins, plugins)
PATH_GETTER(crm__path_www, www)
PATH_GETTER(crm__path_conf, conf)
PATH_GETTER(crm__path_sdk_template, sdk_template)
PATH_GETTER(crm__path_ssl_compat, ssl_compat)
