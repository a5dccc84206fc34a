/* Cron expressions: parsing the five fields into bit sets, and the next matching minute. */
#include "job/cron-private.h"

#include "common/timefmt-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct field_spec {
    const char *name;
    int min, max;
    const char *const *names; /* names[i] is value min + i (or NULL) */
} field_spec_t;

static const char *const month_names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *const weekday_names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"};

static const field_spec_t specs[5] = {
    {"minute", 0, 59, NULL},
    {"hour", 0, 23, NULL},
    {"day-of-month", 1, 31, NULL},
    {"month", 1, 12, month_names},
    {"day-of-week", 0, 7, weekday_names},
};

/* Reads a value at *P (a number or a name) and advances *P. Returns false when there is none;
 * *OUT may then be outside the field's range, which the caller reports. */
static bool
read_value(const field_spec_t *spec, const char **p, long *out)
{
    char *end = NULL;

    if (**p >= '0' && **p <= '9') {
        *out = strtol(*p, &end, 10);
        *p = end;
        return true;
    }
    if (spec->names) {
        for (int i = 0; i <= spec->max - spec->min; i++) {
            if (strncasecmp(*p, spec->names[i], 3) == 0) {
                *out = spec->min + i;
                *p += 3;
                return true;
            }
        }
    }
    return false;
}

/* Parses one comma-separated item of a field into BITS. Returns 0, 1 (malformed) or 2 (out of
 * range). */
static int
parse_item(const field_spec_t *spec, const char *item, uint64_t *bits)
{
    const char *p = item;
    long lo, hi, step = 1;
    char *end = NULL;

    if (*p == '*') {
        lo = spec->min;
        hi = spec->max;
        p++;
    } else {
        if (!read_value(spec, &p, &lo))
            return 1;
        hi = lo;
        if (*p == '-') {
            p++;
            if (!read_value(spec, &p, &hi))
                return 1;
        } else if (*p == '/') {
            hi = spec->max; /* "5/15": from 5 to the end */
        }
    }
    if (*p == '/') {
        p++;
        if (*p < '0' || *p > '9')
            return 1;
        step = strtol(p, &end, 10);
        p = end;
        if (step < 1 || step > spec->max)
            return 2;
    }
    if (*p != '\0')
        return 1;
    if (lo < spec->min || lo > spec->max || hi < spec->min || hi > spec->max || lo > hi)
        return 2;
    for (long v = lo; v <= hi; v += step)
        *bits |= (uint64_t)1 << v;
    return 0;
}

static int
parse_field(const char *expr, const field_spec_t *spec, const char *text, uint64_t *bits,
            crm_error_t *error)
{
    char buf[128];
    char *save = NULL, *item;
    int rc = 0;

    *bits = 0;
    if (strlen(text) >= sizeof buf)
        return crm_error_set(error, CRM_EINVAL, "cron '%s': the %s field is too long", expr,
                             spec->name);
    snprintf(buf, sizeof buf, "%s", text);
    if (buf[0] == ',' || buf[strlen(buf) - 1] == ',' || strstr(buf, ",,"))
        rc = 1;
    for (item = strtok_r(buf, ",", &save); item && rc == 0; item = strtok_r(NULL, ",", &save))
        rc = parse_item(spec, item, bits);
    if (rc == 1)
        return crm_error_set(error, CRM_EINVAL,
                             "cron '%s': the %s field '%s' is not a value, range, step or list",
                             expr, spec->name, text);
    if (rc == 2)
        return crm_error_set(error, CRM_EINVAL,
                             "cron '%s': the %s field '%s' is out of range %d..%d", expr,
                             spec->name, text, spec->min, spec->max);
    return 0;
}

static const int month_days[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

/* True when some month of CRON has a day of CRON that exists (Feb 30 never does). */
static bool
days_possible(const crm__cron_t *cron)
{
    for (int m = 1; m <= 12; m++)
        if (cron->months & (1u << m))
            for (int d = 1; d <= month_days[m]; d++)
                if (cron->days & (1u << d))
                    return true;
    return false;
}

int
crm__cron_parse(const char *expr, crm__cron_t *out, crm_error_t *error)
{
    char buf[256];
    char *fields[6] = {0};
    char *save = NULL, *tok;
    uint64_t bits[5];
    int n = 0, rc;

    memset(out, 0, sizeof *out);
    if (!expr || strlen(expr) >= sizeof buf)
        return crm_error_set(error, CRM_EINVAL, "cron expression is missing or too long");
    snprintf(buf, sizeof buf, "%s", expr);
    for (tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        if (n < 6)
            fields[n] = tok;
        n++;
    }
    if (n != 5)
        return crm_error_set(error, CRM_EINVAL,
                             "cron '%s': expected 5 fields (minute hour day-of-month month "
                             "day-of-week), found %d",
                             expr, n);
    for (int i = 0; i < 5; i++)
        if ((rc = parse_field(expr, &specs[i], fields[i], &bits[i], error)) != 0)
            return rc;
    out->minutes = bits[0];
    out->hours = (uint32_t)bits[1];
    out->days = (uint32_t)bits[2];
    out->months = (uint16_t)bits[3];
    out->weekdays = (uint8_t)((bits[4] | (bits[4] >> 7)) & 0x7f); /* 7 is Sunday */
    out->days_star = fields[2][0] == '*';
    out->weekdays_star = fields[4][0] == '*';
    if (out->weekdays_star && !days_possible(out))
        return crm_error_set(error, CRM_EINVAL,
                             "cron '%s': the day-of-month field '%s' never occurs in the months "
                             "of the month field '%s'",
                             expr, fields[2], fields[3]);
    return 0;
}

/* The civil date of DAYS since 1970-01-01. */
static void
civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;

    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static bool
day_matches(const crm__cron_t *cron, int64_t days, unsigned d)
{
    bool dom = (cron->days >> d) & 1;
    bool dow = (cron->weekdays >> (((days % 7) + 11) % 7)) & 1; /* 1970-01-01 was a Thursday */

    if (cron->days_star && cron->weekdays_star)
        return true;
    if (cron->days_star)
        return dow;
    if (cron->weekdays_star)
        return dom;
    return dom || dow;
}

int64_t
crm__cron_next(const crm__cron_t *cron, int64_t after_ms)
{
    int64_t minute = (after_ms >= 0 ? after_ms / 60000 : (after_ms - 59999) / 60000) + 1;
    int64_t days = minute >= 0 ? minute / 1440 : (minute - 1439) / 1440;
    int64_t limit = days + 366 * 30, y;
    int h = (int)(minute - days * 1440) / 60, m = (int)(minute - days * 1440) % 60;
    unsigned mo, d;

    while (days < limit) {
        civil_from_days(days, &y, &mo, &d);
        if (!((cron->months >> mo) & 1)) {
            days =
                mo == 12 ? crm__days_from_civil(y + 1, 1, 1) : crm__days_from_civil(y, mo + 1, 1);
            h = m = 0;
            continue;
        }
        if (!day_matches(cron, days, d)) {
            days++;
            h = m = 0;
            continue;
        }
        while (h < 24 && !((cron->hours >> h) & 1)) {
            h++;
            m = 0;
        }
        if (h >= 24) {
            days++;
            h = m = 0;
            continue;
        }
        while (m < 60 && !((cron->minutes >> m) & 1))
            m++;
        if (m >= 60) {
            h++;
            m = 0;
            if (h >= 24) {
                days++;
                h = 0;
            }
            continue;
        }
        return ((days * 1440) + h * 60 + m) * 60000;
    }
    return -1;
}
