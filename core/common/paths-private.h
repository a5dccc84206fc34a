/* Where the core's own files are: the plugins, the web UI, the configuration directory (roles,
 * common passwords), the SDK template and the TLS compatibility library. In the build tree they
 * are the source and build folders; once installed, they are found relative to the directory
 * libcrm was loaded from (<libdir>/crm/plugins, <datadir>/crm/{www,conf,sdk}). */
#ifndef CRM_PATHS_PRIVATE_H
#define CRM_PATHS_PRIVATE_H

const char *crm__path_plugins(void);
const char *crm__path_www(void);
const char *crm__path_conf(void);
const char *crm__path_sdk_template(void);
const char *crm__path_ssl_compat(void);

#endif
