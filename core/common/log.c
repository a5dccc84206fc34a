/* Structured log lines on stderr: ts=... level=... event=... key=value ... */
#include <crm/log.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static crm_log_level_t min_level = CRM_LOG_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *const level_names[] = {"debug", "info", "warn", "error"};

void
crm_log_set_level(crm_log_level_t level)
{
    min_level = level;
}

bool
crm_log_level_parse(const char *name, crm_log_level_t *level)
{
    for (int i = 0; i < 4; i++) {
        if (name && strcmp(name, level_names[i]) == 0) {
            *level = (crm_log_level_t)i;
            return true;
        }
    }
    return false;
}

void
crm_logv(crm_log_level_t level, const char *event, const char *fmt, va_list ap)
{
    struct timespec ts;
    struct tm tm;
    char line[2048];
    int n;

    if (level < min_level || level > CRM_LOG_ERROR)
        return;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    n = snprintf(line, sizeof line, "ts=%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ level=%s event=%s",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                 ts.tv_nsec / 1000000, level_names[level], event ? event : "-");
    if (fmt && *fmt && n > 0 && (size_t)n < sizeof line - 2) {
        line[n++] = ' ';
        vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    }
    /* One line per event, whatever the message held. */
    for (char *p = line; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    pthread_mutex_lock(&log_lock);
    fprintf(stderr, "%s\n", line);
    pthread_mutex_unlock(&log_lock);
}

void
crm_log(crm_log_level_t level, const char *event, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    crm_logv(level, event, fmt, ap);
    va_end(ap);
}
