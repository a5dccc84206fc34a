/* Card numbers (PANs) are never stored. PCI DSS allows at most the first six and the last four
 * digits to be shown; a full number in a masked field or in free text is refused. */
#include "pan-private.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define PAN_MIN 13
#define PAN_MAX 19
#define SHOWN_MAX 10 /* the first six and the last four */

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool
is_mask(char c)
{
    return c == '*' || c == 'X' || c == 'x' || c == '#';
}

static void
say(char *why, const char *message)
{
    if (why)
        snprintf(why, CLIENTS_PAN_WHY, "%s", message);
}

bool
clients_pan_masked_ok(const char *masked, char why[CLIENTS_PAN_WHY])
{
    size_t digits = 0, masks = 0;

    for (const char *p = masked ? masked : ""; *p; p++) {
        if (is_digit(*p))
            digits++;
        else if (is_mask(*p))
            masks++;
        else if (*p != ' ' && *p != '-') {
            say(why, "may contain only digits, mask characters (* X #), spaces and '-'");
            return false;
        }
    }
    if (masks == 0 && digits >= PAN_MIN && digits <= PAN_MAX) {
        say(why, "is a full card number: store it masked, e.g. 537512******1234");
        return false;
    }
    if (masks == 0) {
        say(why, "must be masked, e.g. 537512******1234");
        return false;
    }
    if (digits > SHOWN_MAX) {
        say(why, "shows more than the first six and the last four digits");
        return false;
    }
    if (digits + masks > PAN_MAX) {
        say(why, "is longer than a card number");
        return false;
    }
    return true;
}

/* The Luhn check over the N digits of RUN. */
static bool
luhn_ok(const char *run, size_t n)
{
    int sum = 0;

    for (size_t i = 0; i < n; i++) {
        int d = run[n - 1 - i] - '0';
        if (i % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum % 10 == 0;
}

bool
clients_pan_in_text(const char *text)
{
    char run[PAN_MAX + 1];
    size_t n = 0;
    bool too_long = false;

    if (!text)
        return false;
    for (const char *p = text;; p++) {
        if (is_digit(*p)) {
            if (n < PAN_MAX)
                run[n++] = *p;
            else
                too_long = true;
            continue;
        }
        /* A single separator between two digits continues the run. */
        if ((*p == ' ' || *p == '-') && n > 0 && is_digit(p[1]))
            continue;
        if (!too_long && n >= PAN_MIN && luhn_ok(run, n))
            return true;
        n = 0;
        too_long = false;
        if (!*p)
            return false;
    }
}
