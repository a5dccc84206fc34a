/* Calendar arithmetic in UTC without the C library's locale- and TZ-dependent functions. */
#include "common/timefmt-private.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t
crm__days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static bool
digits(const char *s, int n, int *out)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static bool
valid_date(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

static bool
parse_ymd(const char *s, int *y, int *m, int *d)
{
    return digits(s, 4, y) && s[4] == '-' && digits(s + 5, 2, m) && s[7] == '-' &&
           digits(s + 8, 2, d) && valid_date(*y, *m, *d);
}

bool
crm__date_parse(const char *s, int64_t *ms)
{
    int y, m, d;

    if (strlen(s) != 10 || !parse_ymd(s, &y, &m, &d))
        return false;
    *ms = crm__days_from_civil(y, (unsigned)m, (unsigned)d) * 86400000;
    return true;
}

bool
crm__datetime_parse(const char *s, int64_t *ms)
{
    int y, mo, d, h, mi, sec = 0, frac = 0, zh = 0, zm = 0, sign = 0;
    const char *p;

    if (strlen(s) < 17 || !parse_ymd(s, &y, &mo, &d) || (s[10] != 'T' && s[10] != ' ') ||
        !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi))
        return false;
    p = s + 16;
    if (*p == ':') {
        if (!digits(p + 1, 2, &sec))
            return false;
        p += 3;
        if (*p == '.') {
            int n = 0, scale = 100;
            p++;
            while (*p >= '0' && *p <= '9') {
                if (n < 3)
                    frac += (*p - '0') * scale, scale /= 10;
                n++, p++;
            }
            if (n == 0 || n > 9)
                return false;
        }
    }
    if (*p == 'Z' && p[1] == '\0') {
        sign = 0;
    } else if ((*p == '+' || *p == '-') && strlen(p) == 6 && digits(p + 1, 2, &zh) &&
               p[3] == ':' && digits(p + 4, 2, &zm) && zh <= 23 && zm <= 59) {
        sign = *p == '+' ? 1 : -1;
    } else {
        return false;
    }
    if (h > 23 || mi > 59 || sec > 59)
        return false;
    *ms = ((crm__days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 +
            sec) - sign * (zh * 3600 + zm * 60)) * 1000 + frac;
    return true;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

void
crm__date_format(int64_t ms, char out[11])
{
    int64_t y;
    unsigned m, d;
    char tmp[48];

    civil_from_days(floor_div(ms, 86400000), &y, &m, &d);
    snprintf(tmp, sizeof tmp, "%04d-%02u-%02u", (int)y, m, d);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

void
crm__datetime_format(int64_t ms, char out[25])
{
    int64_t days = floor_div(ms, 86400000), rem = ms - days * 86400000, y;
    unsigned m, d;
    char tmp[64];

    civil_from_days(days, &y, &m, &d);
    snprintf(tmp, sizeof tmp, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", (int)y, m, d,
             (int)(rem / 3600000), (int)(rem / 60000 % 60), (int)(rem / 1000 % 60),
             (int)(rem % 1000));
    memcpy(out, tmp, 24);
    out[24] = '\0';
}

int64_t
crm__now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
