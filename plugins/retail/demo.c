/* The retail plugin's demo data (crm/demo.h), on the clients and products the clients plugin
 * seeded: a pipeline of opportunities over the last two years (signed_at and lost_at spread
 * over 24 months, open ones of the last three months, some stuck), renewals of the contracts
 * that matured in the last month (extended or expired) and of those maturing within the
 * horizon (open, with their tasks), referrals made by the tellers over the same two years
 * (their opportunities dated from them), and sales targets per branch (quarterly counts) and
 * per advisor (monthly amounts) set near what was sold.
 * Deterministic: every choice comes from crm_demo_random(), every date is relative to
 * crm_demo_now(). Written in transactions of a few hundred records. */
#include "retail-private.h"

#include <crm/demo.h>
#include <crm/identity.h>
#include <crm/store.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define BATCH 200
#define DAY RETAIL_MS_PER_DAY
#define HOUR INT64_C(3600000)
#define MAX_UNITS 32
#define MAX_ADVISORS 32

typedef struct client {
    char id[25], owner[25], unit[25];
} client_t;

typedef struct product {
    char id[25], code[32], type[16];
    int weight;
} product_t;

/* What was signed, to set targets near it: per unit and product type (counts), per advisor
 * (PLN amounts). */
typedef struct tally {
    int64_t unit_count[MAX_UNITS][2]; /* deposits, loans */
    int64_t advisor_amount[MAX_ADVISORS];
} tally_t;

typedef struct seed {
    crm_demo_t *demo;
    crm_store_t *store;
    int64_t now;
    client_t *clients;
    size_t n_clients;
    product_t products[32];
    size_t n_products;
    int total_weight;
    size_t advisors[MAX_ADVISORS], n_advisors;
    tally_t tally;
    int64_t next, end; /* the opportunities of the current batch */
    int64_t opportunities, signed_, lost, open, stuck, interactions, referrals, targets;
    int64_t renewals_due, renewals[3]; /* extended, expired, failed */
} seed_t;

static const struct {
    const char *code;
    int weight;
    int64_t min, max; /* amount in minor units */
} catalogue[] = {
    {"ROR-STD", 18, 0, 500000},           {"ROR-PREM", 6, 0, 2000000},
    {"DEP-3M", 12, 500000, 5000000},      {"DEP-12M", 12, 1000000, 20000000},
    {"MORT-FIX", 6, 20000000, 120000000}, {"CASH-LOAN", 16, 500000, 15000000},
    {"CARD-CREDIT", 12, 200000, 2000000}, {"INS-LIFE", 8, 100000, 1000000},
    {"FUND-BAL", 6, 1000000, 50000000},   {"BIZ-ACC", 4, 0, 1000000},
};

/* A value and how often it comes up. */
typedef struct weighted {
    const char *value;
    int weight;
} weighted_t;

static const weighted_t sources[] = {{"walk_in", 30}, {"recommendation", 20}, {"campaign", 20},
                                     {"web", 12},     {"call_centre", 10},    {"advertising", 8}};
static const weighted_t lost_reasons[] = {{"competitor", 30},
                                          {"not_interested", 30},
                                          {"resigned", 15},
                                          {"rejected_by_bank", 15},
                                          {"other", 10}};

static const char *const campaigns[] = {"Spring deposits", "Cash loan autumn", "Mortgage week",
                                        "Premium account", "Cards for students"};
static const char *const needs[] = {
    "Asked about a better rate for savings", "Wants to finance a car",
    "Looking for a mortgage for a flat",     "Needs travel and life insurance",
    "Asked about investing a bonus",         "Wants a credit card with a higher limit"};

static uint32_t
pick(seed_t *s, uint32_t n)
{
    return crm_demo_random(s->demo) % n;
}

/* Appends the string VALUE under KEY (a function: BSON_APPEND_UTF8 evaluates its value twice,
 * and the values here come from the random sequence). */
static void
put(bson_t *doc, const char *key, const char *value)
{
    bson_append_utf8(doc, key, -1, value, -1);
}

static void
put_money(bson_t *doc, const char *key, int64_t amount, const char *currency)
{
    bson_t m;

    BSON_APPEND_DOCUMENT_BEGIN(doc, key, &m);
    BSON_APPEND_INT64(&m, "amount", amount);
    put(&m, "currency", currency);
    bson_append_document_end(doc, &m);
}

/* --- what the clients plugin seeded --- */

static int
read_clients(seed_t *s, crm_error_t *error)
{
    crm_cursor_t *cur = crm_store_find(s->store, "client", NULL, NULL, error);
    const bson_t *doc;
    size_t cap = 0;
    int rc = 0;

    while (cur && crm_cursor_next(cur, &doc)) {
        client_t *c;
        const char *owner = retail_str(doc, "owner_id"), *unit = retail_str(doc, "org_unit");

        if (!owner || strlen(owner) != 24 || !unit || strlen(unit) != 24)
            continue;
        s->clients = retail_grow(s->clients, s->n_clients, &cap, sizeof *s->clients);
        c = &s->clients[s->n_clients++];
        retail_copy_id(doc, "_id", c->id);
        memcpy(c->owner, owner, 25);
        memcpy(c->unit, unit, 25);
    }
    if (!cur || crm_cursor_error(cur, error))
        rc = CRM_ESTORE;
    crm_cursor_destroy(cur);
    return rc;
}

static int
read_products(seed_t *s, crm_error_t *error)
{
    crm_cursor_t *cur = crm_store_find(s->store, "product", NULL, NULL, error);
    const bson_t *doc;
    int rc = 0;

    while (cur && crm_cursor_next(cur, &doc) && s->n_products < N_OF(s->products)) {
        product_t *p = &s->products[s->n_products];
        const char *code = retail_str(doc, "code"), *type = retail_str(doc, "type");

        for (size_t i = 0; code && type && i < N_OF(catalogue); i++) {
            if (strcmp(catalogue[i].code, code) != 0)
                continue;
            retail_copy_id(doc, "_id", p->id);
            snprintf(p->code, sizeof p->code, "%s", code);
            snprintf(p->type, sizeof p->type, "%s", type);
            p->weight = catalogue[i].weight;
            s->total_weight += p->weight;
            s->n_products++;
        }
    }
    if (!cur || crm_cursor_error(cur, error))
        rc = CRM_ESTORE;
    crm_cursor_destroy(cur);
    return rc;
}

static const product_t *
pick_product(seed_t *s)
{
    int w = (int)pick(s, (uint32_t)s->total_weight);

    for (size_t i = 0; i < s->n_products; i++)
        if ((w -= s->products[i].weight) < 0)
            return &s->products[i];
    return &s->products[0];
}

static int64_t
pick_amount(seed_t *s, const product_t *p)
{
    for (size_t i = 0; i < N_OF(catalogue); i++)
        if (strcmp(catalogue[i].code, p->code) == 0)
            return catalogue[i].min +
                   (int64_t)pick(s, (uint32_t)((catalogue[i].max - catalogue[i].min) / 100 + 1)) *
                       100;
    return 0;
}

static const char *
pick_weighted(seed_t *s, const weighted_t *table, size_t n)
{
    int total = 0, w;

    for (size_t i = 0; i < n; i++)
        total += table[i].weight;
    w = (int)pick(s, (uint32_t)total);
    for (size_t i = 0; i < n; i++)
        if ((w -= table[i].weight) < 0)
            return table[i].value;
    return table[0].value;
}

#define PICK(s, t) pick_weighted((s), (t), N_OF(t))

/* --- opportunities --- */

static size_t
index_of_unit(seed_t *s, const char *unit)
{
    for (size_t i = 0; i < crm_demo_unit_count(s->demo) && i < MAX_UNITS; i++)
        if (strcmp(crm_demo_unit_id(s->demo, i), unit) == 0)
            return i;
    return MAX_UNITS;
}

static void
count_signed(seed_t *s, const client_t *c, const product_t *p, int64_t amount, bool pln)
{
    size_t u = index_of_unit(s, c->unit);

    if (u < MAX_UNITS && (!strcmp(p->type, "deposit") || !strcmp(p->type, "loan")))
        s->tally.unit_count[u][strcmp(p->type, "deposit") == 0 ? 0 : 1]++;
    for (size_t a = 0; pln && a < s->n_advisors; a++)
        if (strcmp(crm_demo_staff_id(s->demo, s->advisors[a]), c->owner) == 0)
            s->tally.advisor_amount[a] += amount;
}

/* One step of an opportunity's history: whole days and some hours, or, when HOURS > 0, from
 * one to HOURS hours. */
static int64_t
step(seed_t *s, int64_t hours)
{
    if (hours > 0)
        return (int64_t)(1 + pick(s, (uint32_t)hours)) * HOUR;
    return (int64_t)(1 + pick(s, 12)) * DAY + (int64_t)pick(s, 8) * HOUR;
}

/* Writes the history of an opportunity that reached STAGE (final or not) at AT, having
 * entered the open stages up to FROM at ENTERED[0..FROM]; FROM is the last open stage passed
 * (the one a lost opportunity dropped out of). */
static void
put_stages(bson_t *doc, int stage, int from, const int64_t *entered, int64_t at)
{
    static const char *const times[] = {"lead_at", "qualified_at", "offer_at", "application_at"};

    for (int k = 0; k <= from; k++)
        retail_put_time(doc, times[k], entered[k], false);
    if (stage < RETAIL_OPEN_STAGES)
        retail_put_time(doc, times[stage], at, false);
    else
        retail_put_time(doc, stage == RETAIL_SIGNED ? "signed_at" : "lost_at", at, false);
    if (stage >= RETAIL_OPEN_STAGES)
        retail_put_time(doc, "closed_at", at, false);
    if (stage == RETAIL_LOST)
        put(doc, "lost_from_stage", retail_stage_name(from));
    retail_put_time(doc, "stage_changed_at", at, false);
}

/* The history of an opportunity that reached STAGE at AT, having entered the open stages up to
 * FROM at steps back from AT. */
static void
put_history(seed_t *s, bson_t *doc, int stage, int from, int64_t at)
{
    int64_t entered[RETAIL_OPEN_STAGES], t = at;

    for (int k = from; k >= 0; k--)
        entered[k] = t -= step(s, 0);
    put_stages(doc, stage, from, entered, at);
}

/* The times of entering the open stages up to FROM at steps forward from LEAD (ENTERED[0]),
 * each of at most HOURS hours (0: whole days); returns when the next stage was reached. */
static int64_t
history_after(seed_t *s, int from, int64_t lead, int64_t hours, int64_t *entered)
{
    int64_t t = lead;

    for (int k = 0; k <= from; k++)
        entered[k] = t = k ? t + step(s, hours) : lead;
    return from < 0 ? lead : t + step(s, hours);
}

/* One opportunity of client C, closed or open, its id into ID. An opportunity of REFERRAL
 * (or NULL) became a lead at LEAD, some days after the referral, and went on from there:
 * closed when it is older than the longest history, else open. */
static int
seed_opportunity(seed_t *s, const client_t *c, const char *referral, int64_t lead, char id[25],
                 crm_error_t *error)
{
    const product_t *p = pick_product(s);
    bson_t doc = BSON_INITIALIZER, out;
    bool closed = referral ? s->now - lead > 70 * DAY : pick(s, 100) < 62u;
    bool pln = pick(s, 10) != 0;
    int64_t amount = pick_amount(s, p), at, last, entered[RETAIL_OPEN_STAGES] = {0};
    int stage, from;
    int rc;

    put(&doc, "client_id", c->id);
    put(&doc, "product_id", p->id);
    put_money(&doc, "amount", amount, pln ? "PLN" : "EUR");
    if (referral) {
        put(&doc, "referral_id", referral);
    } else {
        const char *source = PICK(s, sources);
        put(&doc, "source", source);
        if (!strcmp(source, "campaign"))
            put(&doc, "campaign", campaigns[pick(s, N_OF(campaigns))]);
    }
    put(&doc, "owner_id", c->owner);
    put(&doc, "org_unit", c->unit);
    if (closed) {
        /* Closed at any time of the last 24 months (a referral's: weeks after its lead). */
        at = s->now - (int64_t)pick(s, 730) * DAY - (int64_t)(1 + pick(s, 10)) * HOUR;
        stage = pick(s, 100) < 58 ? RETAIL_SIGNED : RETAIL_LOST;
        from = stage == RETAIL_SIGNED ? RETAIL_APPLICATION : (int)pick(s, RETAIL_OPEN_STAGES);
        if (stage == RETAIL_LOST) {
            const char *reason = PICK(s, lost_reasons);
            put(&doc, "lost_reason", reason);
        }
        if (referral)
            at = history_after(s, from, lead, 0, entered);
        last = at;
    } else if (referral) {
        /* Open since its lead, its moves within the time there was; maybe a call since. */
        int64_t room = s->now - HOUR - lead;

        stage = (int)pick(s, RETAIL_OPEN_STAGES);
        if (room < stage * HOUR)
            stage = RETAIL_LEAD;
        from = stage - 1;
        at = history_after(s, from, lead, room / HOUR / (stage ? stage : 1), entered);
        last =
            at + (pick(s, 2) ? (int64_t)pick(s, (uint32_t)((s->now - at) / HOUR + 1)) * HOUR : 0);
        retail_put_time(&doc, "expected_close", at + (int64_t)(10 + pick(s, 50)) * DAY, true);
    } else {
        /* Open: moved within the last three months, a few of them long ago enough to be
         * stuck; some with a call since. */
        stage = (int)pick(s, RETAIL_OPEN_STAGES);
        from = stage - 1;
        at = s->now - (int64_t)pick(s, pick(s, 6) == 0 ? 45 : 8) * DAY -
             (int64_t)(1 + pick(s, 20)) * HOUR;
        last =
            at + (pick(s, 2) ? (int64_t)pick(s, (uint32_t)((s->now - at) / HOUR + 1)) * HOUR : 0);
        retail_put_time(&doc, "expected_close", at + (int64_t)(10 + pick(s, 50)) * DAY, true);
    }
    put(&doc, "stage", retail_stage_name(stage));
    if (referral)
        put_stages(&doc, stage, from, entered, at);
    else
        put_history(s, &doc, stage, from, at);
    retail_put_time(&doc, "last_activity_at", last, false);
    if (stage < RETAIL_OPEN_STAGES &&
        retail_stuck(retail_settings.stuck_after_days, stage, last, s->now)) {
        BSON_APPEND_BOOL(&doc, "stuck", true);
        retail_put_time(&doc, "stuck_since", s->now, false);
        s->stuck++;
    }
    if (closed)
        retail_put_time(&doc, "expected_close", at, true);
    rc = crm_entity_create(crm_identity_system(), "opportunity", &doc, &out, error);
    bson_destroy(&doc);
    if (rc != 0)
        return rc;
    snprintf(id, 25, "%s", retail_str(&out, "id"));
    bson_destroy(&out);
    s->opportunities++;
    s->signed_ += stage == RETAIL_SIGNED;
    s->lost += stage == RETAIL_LOST;
    s->open += stage < RETAIL_OPEN_STAGES;
    if (stage == RETAIL_SIGNED)
        count_signed(s, c, p, amount, pln);
    if (stage < RETAIL_OPEN_STAGES && last > at) {
        /* The call that was the last activity, about the opportunity. */
        bson_t call = BSON_INITIALIZER;

        put(&call, "kind", "call");
        put(&call, "direction", "out");
        put(&call, "channel", "phone");
        retail_put_time(&call, "at", last, false);
        put(&call, "client_id", c->id);
        put(&call, "employee", c->owner);
        put(&call, "subject", "Follow-up on the offer");
        put(&call, "about_entity", "opportunity");
        put(&call, "about_id", id);
        put(&call, "owner_id", c->owner);
        put(&call, "org_unit", c->unit);
        rc = crm_entity_create(crm_identity_system(), "interaction", &call, NULL, error);
        bson_destroy(&call);
        s->interactions++;
    }
    return rc;
}

/* One transaction: the opportunities [s->next, s->end). */
static int
seed_batch(crm_store_t *store, void *data, crm_error_t *error)
{
    seed_t *s = data;
    char id[25];
    int rc = 0;

    (void)store;
    for (int64_t i = s->next; rc == 0 && i < s->end; i++)
        rc = seed_opportunity(s, &s->clients[pick(s, (uint32_t)s->n_clients)], NULL, 0, id, error);
    return rc;
}

/* --- renewals --- */

/* A renewal of account A, whose contract matured: decided some days before maturity (signed,
 * or lost with a reason), or not at all. Its outcome is recorded afterwards. */
static int
seed_matured(seed_t *s, const retail_account_t *a, crm_error_t *error)
{
    bson_t doc = BSON_INITIALIZER;
    int64_t at = a->maturity - (int64_t)(1 + pick(s, 14)) * DAY + 10 * HOUR;
    uint32_t fate = pick(s, 100);
    int stage = fate < 65 ? RETAIL_SIGNED : fate < 88 ? RETAIL_LOST : RETAIL_OFFER;
    int rc;

    put(&doc, "title", a->product_name[0] ? a->product_name : a->number);
    put(&doc, "client_id", a->client);
    put(&doc, "product_id", a->product);
    put(&doc, "renewal_of", a->id);
    retail_put_time(&doc, "expected_close", a->maturity, true);
    if (a->has_balance)
        put_money(&doc, "amount", a->balance, a->currency);
    put(&doc, "owner_id", a->owner);
    put(&doc, "org_unit", a->unit);
    put(&doc, "stage", retail_stage_name(stage));
    if (stage == RETAIL_LOST) {
        const char *reason = PICK(s, lost_reasons);
        put(&doc, "lost_reason", reason);
    }
    put_history(s, &doc, stage, stage == RETAIL_OFFER ? RETAIL_QUALIFIED : RETAIL_OFFER, at);
    retail_put_time(&doc, "last_activity_at", at, false);
    rc = crm_entity_create(crm_identity_system(), "opportunity", &doc, NULL, error);
    bson_destroy(&doc);
    return rc;
}

typedef struct renewing {
    seed_t *s;
    retail_renewals_t r;
} renewing_t;

static int
seed_renewals_txn(crm_store_t *store, void *data, crm_error_t *error)
{
    renewing_t *rn = data;
    seed_t *s = rn->s;
    int64_t today = retail_day_start(s->now);
    char id[25];
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < rn->r.n_accounts; i++) {
        const retail_account_t *a = &rn->r.accounts[i];

        if (!crm_user_exists(a->owner))
            continue;
        if (a->maturity < today) {
            rc = seed_matured(s, a, error);
        } else {
            rc = retail_renewal_create(store, crm_identity_system(), s->now, a, id, error);
            s->renewals_due += rc == 0 && id[0];
        }
    }
    return rc;
}

static int
seed_renewals(seed_t *s, crm_error_t *error)
{
    renewing_t rn = {.s = s};
    int64_t from, to;
    int rc;

    retail_renewal_window(s->now, retail_settings.renewal_horizon_days, &from, &to);
    rc = retail_renewal_accounts(s->store, from - 30 * DAY, to, &rn.r, error);
    if (rc == 0)
        rc = crm_store_transaction(s->store, seed_renewals_txn, &rn, error);
    if (rc == 0)
        rc = retail_renewal_outcomes(s->store, crm_identity_system(), s->now, s->renewals, error);
    retail_renewals_free(&rn.r);
    return rc;
}

/* --- referrals --- */

/* What became of a referral AGE old (FATE drawn from 0 to 99): a young one may still be new or
 * accepted; most older ones were converted into an opportunity or declined. */
static const char *
referral_fate(int64_t age, uint32_t fate)
{
    if (age < 3 * DAY)
        return fate < 50 ? "new" : fate < 70 ? "accepted" : fate < 90 ? "converted" : "declined";
    if (age < 21 * DAY)
        return fate < 10 ? "new" : fate < 35 ? "accepted" : fate < 85 ? "converted" : "declined";
    return fate < 55 ? "converted" : fate < 85 ? "declined" : "accepted";
}

/* The core dates a record when it is made; the demo's referrals were made over two years, so
 * their created_at (and, for one nobody has touched since, updated_at) is written here, in the
 * store, in the seed's transaction. (The audit trail keeps the seed's time.) */
static int
date_referral(crm_store_t *store, const char *id, int64_t at, bool untouched, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, update = BSON_INITIALIZER, set;
    bson_oid_t oid;
    int rc;

    bson_oid_init_from_string(&oid, id);
    BSON_APPEND_OID(&filter, "_id", &oid);
    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
    BSON_APPEND_DATE_TIME(&set, "created_at", at);
    if (untouched)
        BSON_APPEND_DATE_TIME(&set, "updated_at", at);
    bson_append_document_end(&update, &set);
    rc = crm_store_update(store, "referral", &filter, &update, 0, NULL, error);
    bson_destroy(&filter);
    bson_destroy(&update);
    return rc;
}

/* Referral ID of client C, made at AT, comes to WHAT (referral_fate()): an opportunity a few
 * days later, declined within a week, or accepted. */
static int
follow_referral(seed_t *s, const client_t *c, const char *id, int64_t at, const char *what,
                crm_error_t *error)
{
    bson_t patch = BSON_INITIALIZER;
    char opportunity[25];
    int64_t room = s->now - HOUR - at, decided;
    int rc = 0;

    if (!strcmp(what, "converted")) {
        room = room < 3 * DAY ? room : 3 * DAY;
        rc = seed_opportunity(s, c, id, at + (int64_t)pick(s, (uint32_t)(room / HOUR) + 1) * HOUR,
                              opportunity, error);
    } else if (!strcmp(what, "declined")) {
        decided = at + (int64_t)(1 + pick(s, 7)) * DAY;
        put(&patch, "status", "declined");
        put(&patch, "outcome", "declined");
        retail_put_time(&patch, "outcome_at", decided < s->now ? decided : s->now, false);
    } else if (!strcmp(what, "accepted")) {
        put(&patch, "status", "accepted");
    }
    if (rc == 0 && !bson_empty(&patch))
        rc = crm_entity_update(crm_identity_system(), "referral", id, &patch, NULL, error);
    bson_destroy(&patch);
    return rc;
}

/* Each teller's referrals of the branch's clients to their advisors, made over the last two
 * years. */
static int
seed_referrals_txn(crm_store_t *store, void *data, crm_error_t *error)
{
    seed_t *s = data;
    int64_t per_teller = (int64_t)s->n_clients / 40 + 1;
    int rc = 0;

    for (size_t t = 0; rc == 0 && t < crm_demo_staff_count(s->demo); t++) {
        const crm_identity_t *teller = crm_demo_staff_identity(s->demo, t);
        const char *unit = crm_demo_staff_unit(s->demo, t);

        if (strcmp(crm_demo_staff_role(s->demo, t), "teller") != 0 || !teller)
            continue;
        for (int64_t k = 0, tries = 0; rc == 0 && k < per_teller && tries < per_teller * 20;
             tries++) {
            const client_t *c = &s->clients[pick(s, (uint32_t)s->n_clients)];
            bson_t doc = BSON_INITIALIZER, out;
            int64_t at;
            const char *what;
            char referral[25];

            if (strcmp(c->unit, unit) != 0)
                continue; /* the teller refers the branch's clients */
            at = s->now - (int64_t)pick(s, 730) * DAY - (int64_t)(1 + pick(s, 10)) * HOUR;
            what = referral_fate(s->now - at, pick(s, 100));
            put(&doc, "client_id", c->id);
            put(&doc, "need", needs[pick(s, N_OF(needs))]);
            put(&doc, "product_type", retail_product_types[pick(s, 5)]);
            put(&doc, "owner_id", c->owner);
            rc = crm_entity_create(teller, "referral", &doc, &out, error);
            bson_destroy(&doc);
            if (rc != 0)
                break;
            snprintf(referral, sizeof referral, "%s", retail_str(&out, "id"));
            bson_destroy(&out);
            k++;
            s->referrals++;
            rc = follow_referral(s, c, referral, at, what, error);
            if (rc == 0)
                rc = date_referral(store, referral, at, !strcmp(what, "new"), error);
        }
    }
    return rc;
}

/* --- targets --- */

static int
target(seed_t *s, const char *unit, const char *employee, const char *period, int64_t start,
       const char *type, int64_t count, int64_t amount, crm_error_t *error)
{
    bson_t doc = BSON_INITIALIZER;
    int rc;

    if (employee)
        put(&doc, "employee_id", employee);
    if (type)
        put(&doc, "product_type", type);
    put(&doc, "period", period);
    retail_put_time(&doc, "period_start", start, true);
    put(&doc, "metric", employee ? "amount" : "count");
    if (employee)
        put_money(&doc, "target_amount", amount, "PLN");
    else
        BSON_APPEND_INT64(&doc, "target_count", count);
    put(&doc, "org_unit", unit);
    rc = crm_entity_create(crm_identity_system(), "sales_target", &doc, NULL, error);
    bson_destroy(&doc);
    s->targets++;
    return rc;
}

/* The first day of the month MONTHS before (negative: after) the one holding MS. */
static int64_t
month_start(int64_t ms, int months)
{
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;

    gmtime_r(&secs, &tm);
    tm.tm_mday = 1;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_mon -= months;
    return (int64_t)timegm(&tm) * 1000;
}

/* Near what was sold: the average of the 24 months (8 quarters), give or take a fifth. */
static int64_t
near(seed_t *s, int64_t total, int periods)
{
    int64_t avg = total / periods;

    return avg * (85 + pick(s, 40)) / 100;
}

static int
seed_targets_txn(crm_store_t *store, void *data, crm_error_t *error)
{
    static const char *const types[] = {"deposit", "loan"};
    seed_t *s = data;
    int64_t quarter0 = month_start(s->now, 0);
    int rc = 0;

    (void)store;
    {
        time_t secs = (time_t)(quarter0 / 1000);
        struct tm tm;

        gmtime_r(&secs, &tm);
        quarter0 = month_start(quarter0, tm.tm_mon % 3);
    }
    /* Each branch: the quarter's count of deposits and of loans, from two years ago to the
     * next quarter. */
    for (size_t u = 0; rc == 0 && u < crm_demo_unit_count(s->demo) && u < MAX_UNITS; u++) {
        if (strcmp(crm_demo_unit_kind(s->demo, u), "branch") != 0)
            continue;
        for (int q = 8; rc == 0 && q >= -1; q--)
            for (int t = 0; rc == 0 && t < 2; t++)
                rc = target(s, crm_demo_unit_id(s->demo, u), NULL, "quarter",
                            month_start(quarter0, q * 3), types[t],
                            near(s, s->tally.unit_count[u][t], 8), 0, error);
    }
    /* Each advisor: the month's amount signed in PLN, from two years ago to this month. */
    for (size_t a = 0; rc == 0 && a < s->n_advisors; a++)
        for (int m = 24; rc == 0 && m >= 0; m--)
            rc = target(s, crm_demo_staff_unit(s->demo, s->advisors[a]),
                        crm_demo_staff_id(s->demo, s->advisors[a]), "month", month_start(s->now, m),
                        NULL, 0, near(s, s->tally.advisor_amount[a], 24), error);
    return rc;
}

static int
seed(crm_demo_t *demo, void *data, crm_error_t *error)
{
    crm_plugin_t *plugin = data;
    seed_t *s = bson_malloc0(sizeof *s);
    int64_t n;
    int rc;

    s->demo = demo;
    s->store = crm_plugin_store(plugin);
    s->now = crm_demo_now(demo);
    for (size_t i = 0; i < crm_demo_staff_count(demo) && s->n_advisors < MAX_ADVISORS; i++)
        if (!strcmp(crm_demo_staff_role(demo, i), "advisor"))
            s->advisors[s->n_advisors++] = i;
    rc = read_clients(s, error);
    if (rc == 0)
        rc = read_products(s, error);
    if (rc != 0 || s->n_clients == 0 || s->n_products == 0) {
        bson_free(s->clients);
        bson_free(s);
        return rc;
    }
    /* Two opportunities for every five clients. */
    n = (int64_t)s->n_clients * 2 / 5;
    for (s->next = 0; rc == 0 && s->next < n; s->next = s->end) {
        s->end = s->next + BATCH < n ? s->next + BATCH : n;
        rc = crm_store_transaction(s->store, seed_batch, s, error);
    }
    if (rc == 0)
        rc = seed_renewals(s, error);
    if (rc == 0)
        rc = crm_store_transaction(s->store, seed_referrals_txn, s, error);
    if (rc == 0)
        rc = crm_store_transaction(s->store, seed_targets_txn, s, error);
    if (rc == 0)
        printf("seed-demo: retail: %lld opportunities (%lld signed, %lld lost, %lld open of "
               "which %lld stuck), %lld renewals due, %lld extended and %lld expired, %lld "
               "referrals, %lld sales targets\n",
               (long long)s->opportunities, (long long)s->signed_, (long long)s->lost,
               (long long)s->open, (long long)s->stuck, (long long)s->renewals_due,
               (long long)s->renewals[0], (long long)s->renewals[1], (long long)s->referrals,
               (long long)s->targets);
    bson_free(s->clients);
    bson_free(s);
    return rc;
}

int
retail_demo_register(crm_plugin_t *plugin, crm_error_t *error)
{
    return crm_demo_register(plugin, seed, plugin, error);
}
