/* Segmentation rules and lifecycle phases as pure functions of a client's facts and a clock
 * (rules-private.h). */
#include "rules-private.h"

#include <strings.h>

bool
clients_rule_needs_products(const clients_segment_rule_t *rule)
{
    if (rule->min_products >= 0)
        return true;
    for (int i = 0; i < CLIENTS_MAX_VALUES; i++)
        if (rule->products[i] > 0)
            return true;
    return false;
}

/* Year, month and day of the UTC day DAYS after 1970-01-01 (Howard Hinnant's civil_from_days). */
static void
civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;

    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* The UTC day of MS (days since 1970-01-01), rounding towards the past. */
static int64_t
day_of(int64_t ms)
{
    return ms >= 0 ? ms / CLIENTS_MS_PER_DAY
                   : -((-ms + CLIENTS_MS_PER_DAY - 1) / CLIENTS_MS_PER_DAY);
}

int
clients_age_years(int64_t born, int64_t now)
{
    int64_t by, ny;
    unsigned bm, bd, nm, nd;
    int64_t years;

    if (now < born)
        return 0;
    civil_from_days(day_of(born), &by, &bm, &bd);
    civil_from_days(day_of(now), &ny, &nm, &nd);
    years = ny - by;
    if (nm < bm || (nm == bm && nd < bd))
        years--; /* the birthday of this year is still to come (Feb 29: on Mar 1) */
    return years < 0 ? 0 : (int)years;
}

static bool
in_bands(uint32_t bands, int value)
{
    return bands == 0 || (value >= 0 && value < 32 && (bands & (UINT32_C(1) << value)));
}

static bool
in_regions(const char *const *regions, const char *region)
{
    if (!regions[0])
        return true;
    for (size_t i = 0; region && regions[i]; i++)
        if (strcasecmp(regions[i], region) == 0)
            return true;
    return false;
}

/* The conditions of RULE that do not look at products. */
static bool
profile_matches(const clients_segment_rule_t *rule, const clients_facts_t *facts, int64_t now)
{
    int age;

    if (rule->kind != CLIENTS_ANY_KIND && rule->kind != facts->kind)
        return false;
    if (!in_bands(rule->income_bands, facts->income_band) ||
        !in_bands(rule->revenue_bands, facts->revenue_band) ||
        !in_regions(rule->regions, facts->region))
        return false;
    if (rule->min_age < 0 && rule->max_age < 0)
        return true;
    if (!facts->have_born)
        return false;
    age = clients_age_years(facts->born_ms, now);
    return (rule->min_age < 0 || age >= rule->min_age) &&
           (rule->max_age < 0 || age <= rule->max_age);
}

static bool
products_match(const clients_segment_rule_t *rule, const clients_facts_t *facts)
{
    if (rule->min_products >= 0 && facts->active_accounts < rule->min_products)
        return false;
    for (int i = 0; i < CLIENTS_MAX_VALUES; i++)
        if (facts->products[i] < rule->products[i])
            return false;
    return true;
}

const clients_segment_rule_t *
clients_segment_match(const clients_segment_rule_t *rules, size_t n, clients_facts_t *facts,
                      int64_t now, clients_products_fn load, void *data)
{
    bool load_failed = false;

    for (size_t i = 0; i < n; i++) {
        const clients_segment_rule_t *rule = &rules[i];

        if (!profile_matches(rule, facts, now))
            continue;
        if (!clients_rule_needs_products(rule))
            return rule;
        if (!facts->have_products && !load_failed)
            facts->have_products = load && load(facts, data);
        load_failed = !facts->have_products;
        if (facts->have_products && products_match(rule, facts))
            return rule;
    }
    return NULL;
}

const char *
clients_lifecycle_phase(const clients_lifecycle_criteria_t *criteria, const clients_facts_t *facts,
                        int64_t now)
{
    int64_t idle = facts->last_activity > 0 ? now - facts->last_activity : INT64_MAX;

    if (facts->status && strcasecmp(facts->status, "former") == 0)
        return "lost";
    if (facts->accounts == 0)
        return facts->status && strcasecmp(facts->status, "active") == 0 ? "developing"
                                                                         : "potential";
    if (idle > (int64_t)criteria->lost_after_days * CLIENTS_MS_PER_DAY)
        return "lost";
    if (facts->active_accounts == 0 ||
        idle > (int64_t)criteria->dormant_after_days * CLIENTS_MS_PER_DAY)
        return "dormant";
    if (facts->active_accounts >= criteria->developed_min_products)
        return "developed";
    return "developing";
}
