/* The retail plugin's rules as pure functions of their inputs and a clock: stages and their
 * moves, commissions, weighted amounts, periods of sales targets, the renewal window and outcome,
 * stuck opportunities and the next best offer. No store and no configuration reading, so they are
 * tested on a fixed clock (tests/test_rules.c). Times are UTC milliseconds. */
#ifndef RETAIL_RULES_PRIVATE_H
#define RETAIL_RULES_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RETAIL_MS_PER_DAY INT64_C(86400000)

/* The stages, in pipeline order; the first RETAIL_OPEN_STAGES are open. */
typedef enum retail_stage {
    RETAIL_LEAD = 0,
    RETAIL_QUALIFIED,
    RETAIL_OFFER,
    RETAIL_APPLICATION,
    RETAIL_SIGNED,
    RETAIL_LOST,
    RETAIL_N_STAGES
} retail_stage_t;
#define RETAIL_OPEN_STAGES 4

/* The stage's name ("lead", ...), and the stage named NAME (-1 when none). */
const char *retail_stage_name(int stage);
int retail_stage_parse(const char *name);

/* Why an opportunity may not move FROM one stage TO another (a message for the stage field),
 * or NULL when it may: between open stages either way, from an open stage to signed or lost;
 * signed and lost are final. */
const char *retail_stage_move_refused(int from, int to);

/* Whole days from FROM to TO (0 when TO is not after FROM). */
int64_t retail_whole_days(int64_t from, int64_t to);

/* The start (00:00 UTC) of the day holding MS. */
int64_t retail_day_start(int64_t ms);

/* A commission rate: parts per RETAIL_RATE_SCALE. */
#define RETAIL_RATE_SCALE INT64_C(1000000000)

/* Reads a rate written as a decimal string ("0.0020", "0.015", "1") of at most nine decimals,
 * from 0 to 1, into *RATE. False when it is not one. */
bool retail_rate_parse(const char *s, int64_t *rate);

/* AMOUNT (minor units, >= 0) times RATE, rounded to the nearest minor unit, halves up, into
 * *COMMISSION. False when it does not fit an int64. */
bool retail_commission(int64_t amount, int64_t rate, int64_t *commission);

/* AMOUNT (minor units, >= 0) times PROBABILITY (0 to 100) / 100, rounded to the nearest minor
 * unit, halves up, into *WEIGHTED: the weighted amount of the pipeline. Exact in integers for
 * every int64 amount. False when an argument is out of range. */
bool retail_weighted(int64_t amount, int64_t probability, int64_t *weighted);

/* One commission rate of the configuration: for the product with code PRODUCT, or for the
 * products of LINE (one of the two is NULL). */
typedef struct retail_rate {
    const char *product;
    const char *line;
    int64_t rate;
} retail_rate_t;

/* The rate for a product of CODE in LINE (either may be NULL): a rate naming the product
 * before one naming its line, the first of each kind; NULL when none applies. */
const retail_rate_t *retail_rate_find(const retail_rate_t *rates, size_t n, const char *code,
                                      const char *line);

/* The periods of sales targets. */
typedef enum retail_period { RETAIL_MONTH = 0, RETAIL_QUARTER, RETAIL_YEAR } retail_period_t;

/* Checks that START (UTC midnight) is the first day of a PERIOD and puts the last day of that
 * period (UTC midnight) into *END. False when START is not a first day. */
bool retail_period_end(retail_period_t period, int64_t start, int64_t *end);

/* The days of maturity the renewals job looks for at NOW: from today to HORIZON_DAYS after
 * today, both included (UTC midnights). */
void retail_renewal_window(int64_t now, int horizon_days, int64_t *from, int64_t *to);

/* What a renewal opportunity in STAGE with LOST_REASON (may be NULL) records when its contract
 * matures: "extended" when it was signed, else "expired" with *REASON the lost reason or
 * "no decision by maturity". */
const char *retail_renewal_outcome(int stage, const char *lost_reason, const char **reason);

/* True when an opportunity in STAGE, last active at LAST_ACTIVITY, is stuck at NOW: an open
 * stage with AFTER_DAYS[stage] > 0 and no activity for more than that many days. */
bool retail_stuck(const int after_days[RETAIL_OPEN_STAGES], int stage, int64_t last_activity,
                  int64_t now);

/* One row of the next-best-offer matrix: the products (codes, in order) recommended to clients
 * of SEGMENT in lifecycle PHASE (NULL: any). */
typedef struct retail_offer_rule {
    const char *segment;
    const char *phase;
    const char *const *products; /* NULL-terminated */
} retail_offer_rule_t;

/* The first of the N RULES that a client of SEGMENT in PHASE (either may be NULL) meets, or
 * NULL. A rule naming a segment or phase does not match a client without one. */
const retail_offer_rule_t *retail_offer_match(const retail_offer_rule_t *rules, size_t n,
                                              const char *segment, const char *phase);

#endif
