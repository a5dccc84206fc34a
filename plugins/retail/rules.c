/* The retail plugin's rules as pure functions (rules-private.h). */
#include "rules-private.h"

#include <string.h>
#include <time.h>

static const char *const stage_names[RETAIL_N_STAGES] = {"lead",        "qualified", "offer",
                                                         "application", "signed",    "lost"};

const char *
retail_stage_name(int stage)
{
    return stage >= 0 && stage < RETAIL_N_STAGES ? stage_names[stage] : NULL;
}

int
retail_stage_parse(const char *name)
{
    for (int i = 0; name && i < RETAIL_N_STAGES; i++)
        if (strcmp(stage_names[i], name) == 0)
            return i;
    return -1;
}

const char *
retail_stage_move_refused(int from, int to)
{
    if (from == to || from < RETAIL_OPEN_STAGES)
        return NULL;
    return from == RETAIL_SIGNED
               ? "is final: a signed opportunity cannot change its stage"
               : "is final: a lost opportunity cannot be reopened (create a new one)";
}

int64_t
retail_whole_days(int64_t from, int64_t to)
{
    return to > from ? (to - from) / RETAIL_MS_PER_DAY : 0;
}

int64_t
retail_day_start(int64_t ms)
{
    int64_t r = ms % RETAIL_MS_PER_DAY;

    return ms - (r < 0 ? r + RETAIL_MS_PER_DAY : r);
}

bool
retail_rate_parse(const char *s, int64_t *rate)
{
    int64_t whole = 0, frac = 0, scale = RETAIL_RATE_SCALE;
    size_t digits = 0;

    if (!s || *s < '0' || *s > '9')
        return false;
    for (; *s >= '0' && *s <= '9'; s++, digits++)
        if (digits > 1 || (whole = whole * 10 + (*s - '0')) > 1)
            return false;
    if (*s == '.') {
        if (!*++s)
            return false;
        for (digits = 0; *s >= '0' && *s <= '9'; s++, digits++) {
            if (digits == 9)
                return false;
            scale /= 10;
            frac += (*s - '0') * scale;
        }
    }
    if (*s || (whole == 1 && frac > 0))
        return false;
    *rate = whole * RETAIL_RATE_SCALE + frac;
    return true;
}

bool
retail_commission(int64_t amount, int64_t rate, int64_t *commission)
{
    /* amount x rate / SCALE without overflow: the whole multiples of SCALE, then the rest
     * (below SCALE x SCALE = 10^18, within an int64), rounded half up. */
    int64_t q = amount / RETAIL_RATE_SCALE, r = amount % RETAIL_RATE_SCALE, high, low;

    if (amount < 0 || rate < 0 || rate > RETAIL_RATE_SCALE)
        return false;
    low = (r * rate + RETAIL_RATE_SCALE / 2) / RETAIL_RATE_SCALE;
    if (q > 0 && rate > INT64_MAX / q)
        return false;
    high = q * rate;
    if (high > INT64_MAX - low)
        return false;
    *commission = high + low;
    return true;
}

bool
retail_weighted(int64_t amount, int64_t probability, int64_t *weighted)
{
    /* amount x p / 100 as (amount / 100) x p plus the rest's share, rounded half up: no
     * product exceeds the amount, so nothing overflows. */
    if (amount < 0 || probability < 0 || probability > 100)
        return false;
    *weighted = amount / 100 * probability + (amount % 100 * probability + 50) / 100;
    return true;
}

const retail_rate_t *
retail_rate_find(const retail_rate_t *rates, size_t n, const char *code, const char *line)
{
    for (size_t i = 0; code && i < n; i++)
        if (rates[i].product && strcmp(rates[i].product, code) == 0)
            return &rates[i];
    for (size_t i = 0; line && i < n; i++)
        if (rates[i].line && strcmp(rates[i].line, line) == 0)
            return &rates[i];
    return NULL;
}

bool
retail_period_end(retail_period_t period, int64_t start, int64_t *end)
{
    static const int months[] = {1, 3, 12};
    time_t secs = (time_t)(start / 1000);
    struct tm tm;

    if (start % RETAIL_MS_PER_DAY != 0 || !gmtime_r(&secs, &tm) || tm.tm_mday != 1 ||
        (period == RETAIL_QUARTER && tm.tm_mon % 3 != 0) ||
        (period == RETAIL_YEAR && tm.tm_mon != 0))
        return false;
    /* Day 0 of the month after the period is its last day. */
    tm.tm_mon += months[period];
    tm.tm_mday = 0;
    *end = (int64_t)timegm(&tm) * 1000;
    return true;
}

void
retail_renewal_window(int64_t now, int horizon_days, int64_t *from, int64_t *to)
{
    *from = retail_day_start(now);
    *to = *from + (int64_t)horizon_days * RETAIL_MS_PER_DAY;
}

const char *
retail_renewal_outcome(int stage, const char *lost_reason, const char **reason)
{
    *reason = NULL;
    if (stage == RETAIL_SIGNED)
        return "extended";
    *reason = stage == RETAIL_LOST && lost_reason ? lost_reason : "no decision by maturity";
    return "expired";
}

bool
retail_stuck(const int after_days[RETAIL_OPEN_STAGES], int stage, int64_t last_activity,
             int64_t now)
{
    return stage >= 0 && stage < RETAIL_OPEN_STAGES && after_days[stage] > 0 &&
           now - last_activity > (int64_t)after_days[stage] * RETAIL_MS_PER_DAY;
}

static bool
matches(const char *wanted, const char *value)
{
    return !wanted || (value && strcmp(wanted, value) == 0);
}

const retail_offer_rule_t *
retail_offer_match(const retail_offer_rule_t *rules, size_t n, const char *segment,
                   const char *phase)
{
    for (size_t i = 0; i < n; i++)
        if (matches(rules[i].segment, segment) && matches(rules[i].phase, phase))
            return &rules[i];
    return NULL;
}
