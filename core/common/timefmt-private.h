/* Calendar dates and ISO 8601 times in UTC, as milliseconds since the Unix epoch. */
#ifndef CRM_TIMEFMT_PRIVATE_H
#define CRM_TIMEFMT_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

/* Days since 1970-01-01 for a proleptic Gregorian date (no range check). */
int64_t crm__days_from_civil(int64_t y, unsigned m, unsigned d);

/* Parses "YYYY-MM-DD" (a real calendar date, years 1..9999) into UTC midnight ms. */
bool crm__date_parse(const char *s, int64_t *ms);

/* Parses "YYYY-MM-DDTHH:MM[:SS[.fff]](Z|+HH:MM|-HH:MM)" into UTC ms. A zone is required. */
bool crm__datetime_parse(const char *s, int64_t *ms);

/* Writes "YYYY-MM-DD" (11 bytes with the NUL) for the UTC day of MS. */
void crm__date_format(int64_t ms, char out[11]);

/* Writes "YYYY-MM-DDTHH:MM:SS.mmmZ" (25 bytes with the NUL). */
void crm__datetime_format(int64_t ms, char out[25]);

/* The current time in UTC ms. */
int64_t crm__now_ms(void);

#endif
