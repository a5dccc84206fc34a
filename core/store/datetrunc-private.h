/* Calendar arithmetic in UTC shared by the store's $dateTrunc (the SQLite driver's
 * crm_dtrunc() SQL function) and the report engine's periods (crm__days_from_civil() is in
 * common/timefmt-private.h). */
#ifndef CRM_DATETRUNC_PRIVATE_H
#define CRM_DATETRUNC_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

typedef enum crm__trunc_unit {
    CRM__TRUNC_DAY = 1,
    CRM__TRUNC_WEEK,
    CRM__TRUNC_MONTH,
    CRM__TRUNC_QUARTER,
    CRM__TRUNC_YEAR
} crm__trunc_unit_t;

/* Parses "day", "week", "month", "quarter", "year". */
bool crm__trunc_unit_parse(const char *name, crm__trunc_unit_t *unit);

/* The date of DAYS since 1970-01-01. */
void crm__civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/* The start (milliseconds since the epoch, UTC) of the UNIT holding MS; weeks start on
 * Monday (ISO 8601). */
int64_t crm__date_trunc(int64_t ms, crm__trunc_unit_t unit);

#endif
