/* The rules behind a client's segment and lifecycle phase, as pure functions of what is known
 * about the client (clients_facts_t) and a clock: no store, no configuration, so they can be
 * tested on a fixed clock. Values of enums (income bands, product types) are indices into the
 * schema's lists, resolved when the configuration is read. */
#ifndef CLIENTS_RULES_PRIVATE_H
#define CLIENTS_RULES_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLIENTS_MS_PER_DAY INT64_C(86400000)

/* At most this many values in an enum the rules look at (product types, income bands). */
#define CLIENTS_MAX_VALUES 16

/* At most this many regions in one rule. */
#define CLIENTS_MAX_REGIONS 16

typedef enum clients_kind {
    CLIENTS_ANY_KIND = 0,
    CLIENTS_INDIVIDUAL,
    CLIENTS_ORGANISATION
} clients_kind_t;

/* What the rules look at, of one client. */
typedef struct clients_facts {
    clients_kind_t kind;
    int income_band;    /* index in the schema's income bands, -1 when not given */
    int revenue_band;   /* index in the schema's revenue bands, -1 when not given */
    const char *region; /* NULL when not given */
    const char *status; /* potential, active, former; NULL when not given */
    bool have_born;
    int64_t born_ms;    /* birth_date of an individual, founding_date of an organisation (UTC) */
    bool have_products; /* the counts below are known */
    int products[CLIENTS_MAX_VALUES]; /* active accounts by product type (index) */
    int active_accounts;              /* active accounts, with or without a product */
    int accounts;                     /* accounts of any status */
    int64_t last_activity; /* UTC ms of the latest interaction or account opening not after
                              the clock (or the client's creation when there is none); 0: none */
} clients_facts_t;

/* One segmentation rule: every condition given must hold. */
typedef struct clients_segment_rule {
    const char *segment;
    clients_kind_t kind;                          /* CLIENTS_ANY_KIND: either */
    uint32_t income_bands;                        /* bit i: band i matches; 0: no condition */
    uint32_t revenue_bands;                       /* the same for revenue bands */
    const char *regions[CLIENTS_MAX_REGIONS + 1]; /* NULL-terminated; empty: no condition */
    int min_age, max_age;                         /* whole years; -1: no bound */
    int min_products;                             /* active accounts; -1: no bound */
    int products[CLIENTS_MAX_VALUES]; /* at least this many active accounts of the type; 0: no
                                         condition */
} clients_segment_rule_t;

/* Loads the product counts of FACTS when a rule needs them (returns false when it cannot). */
typedef bool (*clients_products_fn)(clients_facts_t *facts, void *data);

/* True when RULE looks at the products a client holds. */
bool clients_rule_needs_products(const clients_segment_rule_t *rule);

/* The first of the N RULES that FACTS meet at NOW (UTC ms), or NULL. Product counts are
 * loaded through LOAD (with DATA) the first time a rule needs them, unless
 * FACTS->have_products; a rule whose products cannot be loaded does not match. */
const clients_segment_rule_t *clients_segment_match(const clients_segment_rule_t *rules, size_t n,
                                                    clients_facts_t *facts, int64_t now,
                                                    clients_products_fn load, void *data);

/* Whole years from BORN to NOW (both UTC ms); 0 when NOW is before BORN. */
int clients_age_years(int64_t born, int64_t now);

/* The criteria of the lifecycle phases. */
typedef struct clients_lifecycle_criteria {
    int dormant_after_days;     /* no activity for longer than this: dormant */
    int lost_after_days;        /* no activity for longer than this: lost */
    int developed_min_products; /* active accounts that make a client developed */
} clients_lifecycle_criteria_t;

/* The lifecycle phase of FACTS (products known) at NOW: "potential", "developing",
 * "developed", "dormant" or "lost" (static strings). In order: a former client is lost; one
 * that never held an account is potential (developing when its status says active); one idle
 * longer than lost_after_days is lost; one without an active account or idle longer than
 * dormant_after_days is dormant; one holding developed_min_products active accounts or more
 * is developed; anyone else is developing. */
const char *clients_lifecycle_phase(const clients_lifecycle_criteria_t *criteria,
                                    const clients_facts_t *facts, int64_t now);

#endif
