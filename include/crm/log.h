/* Structured logging: one line per event on stderr,
 *   ts=2026-11-22T08:00:00.123Z level=info event=plugin.loaded name=clients
 * EVENT is a short dotted name; the printf-style tail is `key=value` pairs. Never log a
 * password, token, hash or a client's personal data beyond an id. Thread-safe. */
#ifndef CRM_LOG_H
#define CRM_LOG_H

#include <crm/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum crm_log_level {
    CRM_LOG_DEBUG = 0,
    CRM_LOG_INFO = 1,
    CRM_LOG_WARN = 2,
    CRM_LOG_ERROR = 3
} crm_log_level_t;

/* Writes one log line if LEVEL is at or above the configured level. FMT may be NULL. */
CRM_API void crm_log(crm_log_level_t level, const char *event, const char *fmt, ...)
    CRM_PRINTF(3, 4);

/* Same, with a va_list. */
CRM_API void crm_logv(crm_log_level_t level, const char *event, const char *fmt, va_list ap)
    CRM_PRINTF(3, 0);

/* Lines below LEVEL are dropped. The default is CRM_LOG_INFO. */
CRM_API void crm_log_set_level(crm_log_level_t level);

/* Parses "debug", "info", "warn" or "error". Returns false for anything else. */
CRM_API bool crm_log_level_parse(const char *name, crm_log_level_t *level);

#ifdef __cplusplus
}
#endif

#endif
