/* Card numbers (PANs) are never stored: a card carries its masked number only, and free text
 * that holds a full card number is refused. Pure functions: the unit tests link this file
 * alone. */
#ifndef CLIENTS_PAN_PRIVATE_H
#define CLIENTS_PAN_PRIVATE_H

#include <stdbool.h>

/* Room for the reason a masked number was refused. */
#define CLIENTS_PAN_WHY 128

/* True when MASKED is an acceptable masked card number: digits and mask characters ('*', 'X',
 * 'x', '#'), spaces and '-' between them, at least one mask character, at most 10 digits shown
 * (the first six and the last four). Otherwise false with WHY (may be NULL) set; a full number
 * (13 to 19 digits, nothing masked) is refused with a reason saying so. */
bool clients_pan_masked_ok(const char *masked, char why[CLIENTS_PAN_WHY]);

/* True when TEXT holds a full card number: a run of 13 to 19 digits (single spaces or '-'
 * allowed between them) that passes the Luhn check. */
bool clients_pan_in_text(const char *text);

#endif
