/* Cron expressions: five fields (minute hour day-of-month month day-of-week) in UTC. */
#ifndef CRM_JOB_CRON_PRIVATE_H
#define CRM_JOB_CRON_PRIVATE_H

#include <crm/common.h>

typedef struct crm__cron {
    uint64_t minutes; /* bit N: minute N (0..59) */
    uint32_t hours;   /* bit N: hour N (0..23) */
    uint32_t days;    /* bit N: day of month N (1..31) */
    uint16_t months;  /* bit N: month N (1..12) */
    uint8_t weekdays; /* bit N: day of week N (0 = Sunday .. 6) */
    bool days_star;   /* the day-of-month field began with '*' */
    bool weekdays_star;
} crm__cron_t;

/* Parses EXPR: each field is '*', a number, a range 'a-b', a step ('*' or a range or a start
 * followed by '/n'), or a comma-separated list of those; months and days of week may be given
 * by their English three-letter names; day of week 7 is Sunday. When both day fields are
 * restricted, a day matches either (as in Vixie cron). CRM_EINVAL names the bad field. */
int crm__cron_parse(const char *expr, crm__cron_t *out, crm_error_t *error);

/* The first time matching CRON strictly after AFTER_MS (UTC ms), at a whole minute; -1 when
 * there is none within 30 years. */
int64_t crm__cron_next(const crm__cron_t *cron, int64_t after_ms);

#endif
