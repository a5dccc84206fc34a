/* Period comparison: the earlier period (the one just before, or the same dates a year
 * earlier with Feb 29 read as Feb 28), and where an earlier bucket lands in the current
 * period so that rows can be matched by their dimension values. A period of whole calendar
 * months (a month, a quarter, a year) has as many whole months before it: March's is
 * February, not the 31 days before March 1st. */
#include "report/report-private.h"

#include "common/timefmt-private.h"
#include "store/datetrunc-private.h"

/* MS (a UTC midnight) moved by MONTHS, the day of the month kept, or the last day of the
 * month reached when it is shorter (Feb 29 becomes Feb 28 a year later, Mar 31 Feb 28 a
 * month earlier). */
static int64_t
add_months(int64_t ms, int months)
{
    static const int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t y, m0;
    int m, d, last;

    crm__civil_from_days(ms / CRM__MS_PER_DAY, &y, &m, &d);
    m0 = y * 12 + (m - 1) + months;
    y = m0 >= 0 ? m0 / 12 : (m0 - 11) / 12;
    m = (int)(m0 - y * 12) + 1;
    last = days_in[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    if (d > last)
        d = last;
    return crm__days_from_civil(y, (unsigned)m, (unsigned)d) * CRM__MS_PER_DAY;
}

/* The number of whole calendar months from FROM to TO (UTC midnights, TO exclusive), or 0 when
 * either is not the first day of a month. */
static int
whole_months(int64_t from, int64_t to)
{
    int64_t fy, ty;
    int fm, fd, tm, td;

    crm__civil_from_days(from / CRM__MS_PER_DAY, &fy, &fm, &fd);
    crm__civil_from_days(to / CRM__MS_PER_DAY, &ty, &tm, &td);
    if (fd != 1 || td != 1 || from % CRM__MS_PER_DAY || to % CRM__MS_PER_DAY)
        return 0;
    return (int)((ty - fy) * 12 + (tm - fm));
}

void
crm__report_period_earlier(crm__compare_t compare, int64_t from, int64_t to, int64_t *pfrom,
                           int64_t *pto)
{
    int months = whole_months(from, to);

    if (compare == CRM__COMPARE_YOY) {
        /* The same first and last days a year earlier. */
        *pfrom = add_months(from, -12);
        *pto = add_months(to - CRM__MS_PER_DAY, -12) + CRM__MS_PER_DAY;
        return;
    }
    *pto = from;
    *pfrom = months > 0 ? add_months(from, -months) : from - (to - from);
}

int64_t
crm__report_bucket_step(crm_bucket_t bucket, int64_t start, int n)
{
    static const int months[] = {0, 0, 0, 1, 3, 12};

    if (bucket == CRM_BUCKET_DAY || bucket == CRM_BUCKET_WEEK)
        return start + (int64_t)n * (bucket == CRM_BUCKET_WEEK ? 7 : 1) * CRM__MS_PER_DAY;
    return add_months(start, n * months[bucket]);
}

int64_t
crm__report_bucket_forward(crm__compare_t compare, crm_bucket_t bucket, int64_t ms, int64_t from,
                           int64_t to)
{
    int months = compare == CRM__COMPARE_YOY ? 12 : whole_months(from, to);

    if (compare == CRM__COMPARE_BUCKET)
        return crm__report_bucket_step(bucket, crm__date_trunc(ms, (crm__trunc_unit_t)bucket), 1);
    int64_t time_of_day = ms % CRM__MS_PER_DAY;
    int64_t moved =
        months > 0 ? add_months(ms - time_of_day, months) + time_of_day : ms + (to - from);

    if (bucket == CRM_BUCKET_NONE)
        return moved;
    return crm__date_trunc(moved, (crm__trunc_unit_t)bucket);
}
