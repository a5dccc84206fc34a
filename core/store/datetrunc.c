/* Calendar arithmetic in UTC: civil dates to day numbers and back, and the start of the day,
 * ISO week, month, quarter or year holding an instant. */
#include "store/datetrunc-private.h"

#include "common/timefmt-private.h"

#include <string.h>

#define MS_PER_DAY INT64_C(86400000)

bool
crm__trunc_unit_parse(const char *name, crm__trunc_unit_t *unit)
{
    static const char *const names[] = {"day", "week", "month", "quarter", "year"};

    for (int i = 0; name && i < 5; i++) {
        if (!strcmp(name, names[i])) {
            *unit = (crm__trunc_unit_t)(i + 1);
            return true;
        }
    }
    return false;
}

/* Floor division for the negative instants before 1970. */
static int64_t
floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;

    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

void
crm__civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
    int64_t z = days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;

    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int64_t
crm__date_trunc(int64_t ms, crm__trunc_unit_t unit)
{
    int64_t days = floor_div(ms, MS_PER_DAY), y;
    int m, d;

    switch (unit) {
    case CRM__TRUNC_DAY:
        break;
    case CRM__TRUNC_WEEK:
        /* 1970-01-01 was a Thursday: (days + 3) mod 7 is 0 on Mondays. */
        days -= (days + 3) - floor_div(days + 3, 7) * 7;
        break;
    case CRM__TRUNC_MONTH:
    case CRM__TRUNC_QUARTER:
    case CRM__TRUNC_YEAR:
        crm__civil_from_days(days, &y, &m, &d);
        if (unit == CRM__TRUNC_QUARTER)
            m = (m - 1) / 3 * 3 + 1;
        else if (unit == CRM__TRUNC_YEAR)
            m = 1;
        days = crm__days_from_civil(y, (unsigned)m, 1);
        break;
    }
    return days * MS_PER_DAY;
}
