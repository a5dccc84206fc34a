/* Period comparison: the earlier period (the one just before, or the same dates a year
 * earlier with Feb 29 read as Feb 28), and where an earlier bucket lands in the current
 * period so that rows can be matched by their dimension values. */
#include "report/report-private.h"

#include "common/timefmt-private.h"
#include "store/datetrunc-private.h"

/* MS (a UTC midnight) moved by YEARS, Feb 29 becoming Feb 28 in a common year. */
static int64_t
add_years(int64_t ms, int years)
{
    int64_t y;
    int m, d;
    bool leap;

    crm__civil_from_days(ms / CRM__MS_PER_DAY, &y, &m, &d);
    y += years;
    leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap)
        d = 28;
    return crm__days_from_civil(y, (unsigned)m, (unsigned)d) * CRM__MS_PER_DAY;
}

void
crm__report_period_earlier(crm__compare_t compare, int64_t from, int64_t to, int64_t *pfrom,
                           int64_t *pto)
{
    if (compare == CRM__COMPARE_YOY) {
        /* The same first and last days a year earlier. */
        *pfrom = add_years(from, -1);
        *pto = add_years(to - CRM__MS_PER_DAY, -1) + CRM__MS_PER_DAY;
        return;
    }
    *pto = from;
    *pfrom = from - (to - from);
}

int64_t
crm__report_bucket_forward(crm__compare_t compare, crm_bucket_t bucket, int64_t ms, int64_t from,
                           int64_t to)
{
    int64_t moved = compare == CRM__COMPARE_YOY ? add_years(ms - (ms % CRM__MS_PER_DAY), 1)
                                                : ms + (to - from);

    if (bucket == CRM_BUCKET_NONE)
        return compare == CRM__COMPARE_YOY ? moved + ms % CRM__MS_PER_DAY : moved;
    return crm__date_trunc(moved, (crm__trunc_unit_t)bucket);
}
