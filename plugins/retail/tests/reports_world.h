/* What the tests of the retail reports share: a bank with a team below branch A, products,
 * clients with and without accounts, and opportunities with a history generated from a seeded
 * PRNG and written as the plugin's own code writes them (crm_entity_create() in the test
 * process, computed times included); referrals passed on by tellers, advisors and directors,
 * dated back over two years and taken to every status and outcome; the records read back
 * through the list endpoint, for the tests to count by hand; and the reading of report
 * results. */
#ifndef RETAIL_TEST_REPORTS_WORLD_H
#define RETAIL_TEST_REPORTS_WORLD_H

#include "support.h"

#include <stdint.h>

#define WORLD_MAX_OPPS 500
#define WORLD_MAX_REFS 200
#define MS_DAY INT64_C(86400000)

/* One opportunity as the list endpoint returns it (times in UTC ms, 0 when absent; strings ""
 * when absent). */
typedef struct opp {
    char id[25], owner[25], unit[25], stage[16], source[16], campaign[16], product[25];
    char product_type[16], product_line[32], kind[20], lost_from[16], lost_reason[20];
    char outcome[12], reason[64], currency[4];
    bool stuck, has_days;
    int64_t amount, commission, days_to_sign, probability, weighted;
    int64_t lead_at, qualified_at, offer_at, application_at, signed_at, lost_at, expected_close;
} opp_t;

/* One referral as the list endpoint returns it (strings "" when absent). */
typedef struct ref {
    char id[25], referrer[25], owner[25], unit[25], status[12], outcome[12], product_type[16];
    int64_t created_at;
} ref_t;

typedef struct world {
    retail_test_bank_t b;
    char team[25];
    crm_test_session_t *marek; /* advisor in the team below branch A */
    char card[25];             /* a card without a product line */
    char clients[6][25];       /* 0-3 hold an active account (maturing), 4-5 none */
    char accounts[4][25];
    opp_t o[WORLD_MAX_OPPS];
    int n;
    ref_t r[WORLD_MAX_REFS];
    int n_refs;
} world_t;

/* The configuration of the reports' cores: commission rates. */
extern const char *const world_config;

/* The bank, its team, products, clients and accounts (no opportunities). */
void world_bank(crm_test_core_t *core, world_t *w);

/* One signed opportunity of OWNER (a session of W) for PRODUCT, AMOUNT minor units of PLN,
 * signed at SIGNED (ISO 8601) after a lead 20 days earlier. */
void world_signed(world_t *w, crm_test_session_t *owner, const char *product, int64_t amount,
                  const char *signed_at);

/* N opportunities drawn from the PRNG seeded with SEED across owners, products, sources,
 * stages, probabilities (the stage's or given) and dates of 2025 and 2026. */
void world_generate(world_t *w, int n, uint64_t seed);

/* Reads every opportunity back as the administrator into W->o. */
void world_read(world_t *w);

/* N referrals drawn from the PRNG seeded with SEED: made over HTTP by tomasz (the teller of
 * branch A) for anna and jan, by anna for jan, by dorota for the branch and its team, by zofia
 * and piotr in branch B; dated back over 2025 and 2026 (the core dates a record when it is
 * made: the fixture retail_clock writes created_at, as the demo data does); then left new,
 * accepted or declined by their advisor, or converted into an opportunity (written as the
 * plugin's own code does) that stays open, is signed or lost. Needs the fixture loaded. */
void world_referrals(world_t *w, int n, uint64_t seed);

/* Reads every referral back as the administrator into W->r. */
void world_read_referrals(world_t *w);

/* The unit of the advisor OWNER (a user id) in W. */
const char *world_unit_of(const world_t *w, const char *owner);

/* UTC ms of "YYYY-MM-DD[THH:MM:SS[.mmm]Z]", 0 for NULL or "". */
int64_t world_time(const char *s);

/* "YYYY-MM-DD" of MS into OUT. */
void world_date(int64_t ms, char out[11]);

/* The first day ("YYYY-MM-DD") of the BUCKET ("day", "week", "month", "quarter", "year")
 * holding MS into OUT. */
void world_bucket(int64_t ms, const char *bucket, char out[11]);

/* MS (a UTC midnight) moved by MONTHS, the day kept or the month's last. */
int64_t world_add_months(int64_t ms, int months);

#endif
