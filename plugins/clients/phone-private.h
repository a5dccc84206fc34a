/* Phone numbers to E.164: "+48 600-100-200", "0048600100200", "(22) 555 12 34" and, with a
 * default calling code, "600 100 200" all become "+48600100200". Pure functions: no core
 * calls, so the unit tests link this file alone. */
#ifndef CLIENTS_PHONE_PRIVATE_H
#define CLIENTS_PHONE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

/* The longest E.164 number with its '+' and the terminating NUL. */
#define CLIENTS_PHONE_MAX 17
/* Room for the reason a number was refused. */
#define CLIENTS_PHONE_WHY 128

/* Normalises IN (as a person wrote it) to E.164 in OUT. DEFAULT_CC is the calling code (digits,
 * e.g. "48") of numbers written without one, or NULL/"" to accept international numbers only.
 * Returns true, or false with WHY (may be NULL) set to the reason for people, e.g.
 * "has 8 digits after +48, which needs 9". */
bool clients_phone_normalise(const char *in, const char *default_cc, char out[CLIENTS_PHONE_MAX],
                             char why[CLIENTS_PHONE_WHY]);

/* True when CC (digits) is a plausible calling code: 1 to 3 digits, not starting with 0. */
bool clients_phone_cc_valid(const char *cc);

#endif
