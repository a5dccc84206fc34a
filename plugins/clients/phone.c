/* Phone numbers to E.164. Accepts what people write: spaces, '-', '.', '/', parentheses, a
 * leading '+' or "00", a "(0)" after the country code, and national numbers (with or without a
 * trunk '0') completed with the default calling code. Countries whose national numbers have a
 * fixed length are checked against it; others only against E.164's limits. */
#include "phone-private.h"

#include <stdio.h>
#include <string.h>

/* E.164: at most 15 digits with the calling code; real numbers have at least 7. */
#define MIN_DIGITS 7
#define MAX_DIGITS 15

/* Calling codes whose national significant numbers all have one length. Calling codes are
 * prefix-free, so a number starting with one of these belongs to that country. */
static const struct {
    const char *cc;
    size_t nsn;
} fixed_lengths[] = {
    {"1", 10},   {"7", 10},   {"30", 10},  {"31", 9},   {"33", 9},   {"34", 9},
    {"40", 9},   {"41", 9},   {"45", 8},   {"47", 8},   {"48", 9},   {"351", 9},
    {"370", 8},  {"371", 8},  {"373", 8},  {"375", 9},  {"380", 9},  {"386", 8},
    {"420", 9},  {"421", 9},
};

/* Countries whose national numbers keep their leading '0' (no trunk prefix). */
static const char *const keep_leading_zero[] = {"39", "378", "379"};

static void
say(char *why, const char *message)
{
    if (why)
        snprintf(why, CLIENTS_PHONE_WHY, "%s", message);
}

/* The national length for the number DIGITS (with its calling code), or 0 when not fixed. */
static size_t
fixed_length(const char *digits, const char **cc)
{
    for (size_t i = 0; i < sizeof fixed_lengths / sizeof fixed_lengths[0]; i++) {
        size_t n = strlen(fixed_lengths[i].cc);
        if (strncmp(digits, fixed_lengths[i].cc, n) == 0) {
            *cc = fixed_lengths[i].cc;
            return fixed_lengths[i].nsn;
        }
    }
    return 0;
}

static bool
keeps_zero(const char *cc)
{
    for (size_t i = 0; i < sizeof keep_leading_zero / sizeof keep_leading_zero[0]; i++)
        if (strcmp(cc, keep_leading_zero[i]) == 0)
            return true;
    return false;
}

bool
clients_phone_cc_valid(const char *cc)
{
    size_t n = cc ? strlen(cc) : 0;

    if (n < 1 || n > 3 || cc[0] == '0')
        return false;
    for (size_t i = 0; i < n; i++)
        if (cc[i] < '0' || cc[i] > '9')
            return false;
    return true;
}

/* Copies the digits of IN into DIGITS (room for CAP including the NUL), dropping separators and
 * a "(0)" that follows a country code. *PLUS tells whether a '+' came before the digits. */
static bool
collect_digits(const char *in, char *digits, size_t cap, bool *plus, char *why)
{
    size_t n = 0;
    const char *p = in;

    *plus = false;
    for (; *p; p++) {
        if (*p == '+' && n == 0 && !*plus) {
            *plus = true; /* "+48 ...", "(+48) ..." */
        } else if (*p >= '0' && *p <= '9') {
            if (n + 1 >= cap) {
                say(why, "is too long");
                return false;
            }
            digits[n++] = *p;
        } else if (*p == '(' && p[1] == '0' && p[2] == ')' && (*plus || n >= 2)) {
            p += 2; /* "+44 (0)20 ...": the trunk prefix written for national callers */
        } else if (!strchr(" \t-./()", *p)) {
            say(why, "may contain only digits, spaces, a leading + and - . / ( )");
            return false;
        }
    }
    digits[n] = '\0';
    return true;
}

bool
clients_phone_normalise(const char *in, const char *default_cc, char out[CLIENTS_PHONE_MAX],
                        char why[CLIENTS_PHONE_WHY])
{
    char raw[64], digits[64];
    const char *national, *cc = NULL;
    bool plus;
    size_t nsn, len;

    out[0] = '\0';
    if (!in || !collect_digits(in, raw, sizeof raw, &plus, why))
        return false;
    if (!raw[0]) {
        say(why, "has no digits");
        return false;
    }
    if (plus || strncmp(raw, "00", 2) == 0) {
        snprintf(digits, sizeof digits, "%s", plus ? raw : raw + 2);
    } else if (!default_cc || !*default_cc) {
        say(why, "needs its country code (+ and the code, e.g. +48 600 100 200)");
        return false;
    } else {
        /* "48 600 100 200" is already international when it has that country's length. */
        size_t cc_len = strlen(default_cc);
        nsn = fixed_length(raw, &cc);
        if (cc && strcmp(cc, default_cc) == 0 && strlen(raw) == cc_len + nsn) {
            national = raw + cc_len;
        } else {
            national = raw[0] == '0' && !keeps_zero(default_cc) ? raw + 1 : raw;
        }
        if (snprintf(digits, sizeof digits, "%s%s", default_cc, national) >= (int)sizeof digits) {
            say(why, "is too long");
            return false;
        }
    }
    len = strlen(digits);
    if (len == 0 || digits[0] == '0') {
        say(why, "has no valid country code after + or 00");
        return false;
    }
    cc = NULL;
    nsn = fixed_length(digits, &cc);
    if (nsn && len != strlen(cc) + nsn) {
        if (why)
            snprintf(why, CLIENTS_PHONE_WHY, "has %zu digits after +%s, which needs %zu",
                     len - strlen(cc), cc, nsn);
        return false;
    }
    if (len < MIN_DIGITS) {
        say(why, "is too short");
        return false;
    }
    if (len > MAX_DIGITS) {
        say(why, "has more than 15 digits");
        return false;
    }
    out[0] = '+';
    memcpy(out + 1, digits, len + 1);
    return true;
}
