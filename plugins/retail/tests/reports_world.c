/* What the tests of the retail reports share (reports_world.h). */
#include "reports_world.h"

#include <crm/entity.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const world_config =
    "retail = { commission = ( { product = \"DEP-12M\"; rate = \"0.0020\"; },"
    " { line = \"cash loans\"; rate = \"0.0150\"; } ); };";

/* --- dates --- */

int64_t
world_time(const char *s)
{
    struct tm tm = {0};
    const char *end;

    if (!s || !*s)
        return 0;
    end = strptime(s, strlen(s) > 10 ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d", &tm);
    assert_non_null(end);
    return (int64_t)timegm(&tm) * 1000;
}

/* MS in UTC into OUT (CAP bytes): its date alone when DATE, else ISO 8601. */
static void
format_time(int64_t ms, bool date, char *out, size_t cap)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, cap, date ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
world_date(int64_t ms, char out[11])
{
    format_time(ms, true, out, 11);
}

static void
iso(int64_t ms, char out[32])
{
    format_time(ms, false, out, 32);
}

int64_t
world_add_months(int64_t ms, int months)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm, probe;
    int day;

    gmtime_r(&t, &tm);
    day = tm.tm_mday;
    tm.tm_mday = 1;
    tm.tm_mon += months;
    probe = tm;
    probe.tm_mon += 1;
    probe.tm_mday = 0; /* the last day of the month reached */
    timegm(&probe);
    tm.tm_mday = day < probe.tm_mday ? day : probe.tm_mday;
    return (int64_t)timegm(&tm) * 1000;
}

void
world_bucket(int64_t ms, const char *bucket, char out[11])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;

    gmtime_r(&t, &tm);
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    if (!strcmp(bucket, "week")) {
        tm.tm_mday -= (tm.tm_wday + 6) % 7; /* back to Monday */
    } else if (strcmp(bucket, "day") != 0) {
        tm.tm_mday = 1;
        if (!strcmp(bucket, "quarter"))
            tm.tm_mon -= tm.tm_mon % 3;
        else if (!strcmp(bucket, "year"))
            tm.tm_mon = 0;
    }
    world_date((int64_t)timegm(&tm) * 1000, out);
}

/* --- the bank --- */

static void
product(crm_test_session_t *admin, char id[25], const char *code, const char *type,
        const char *line)
{
    char extra[64] = "";

    if (line)
        snprintf(extra, sizeof extra, ",\"line\":\"%s\"", line);
    clients_test_create(admin, "product", id,
                        "{\"code\":\"%s\",\"name\":\"%s\",\"type\":\"%s\",\"active\":true%s}", code,
                        code, type, extra);
}

void
world_bank(crm_test_core_t *core, world_t *w)
{
    memset(w, 0, sizeof *w);
    retail_test_bank(core, &w->b);
    assert_int_equal(crm_test_org_unit(core, "Krakow mortgages", "team", w->b.branch_a, w->team),
                     0);
    w->marek = crm_test_user(core, "marek", "advisor", w->team);
    assert_non_null(w->marek);
    product(w->b.admin, w->card, "CARD-GOLD", "card", NULL);
    for (int i = 0; i < 6; i++)
        clients_test_create(w->b.admin, "client", w->clients[i],
                            "{\"kind\":\"individual\",\"first_name\":\"C%d\",\"last_name\":\"Test\"}",
                            i);
    for (int i = 0; i < 4; i++)
        clients_test_create(w->b.admin, "account", w->accounts[i],
                            "{\"number\":\"ACC-%d\",\"client_id\":\"%s\",\"product_id\":\"%s\","
                            "\"status\":\"active\",\"opened\":\"2024-01-0%d\","
                            "\"maturity\":\"2026-0%d-15\"}",
                            i, w->clients[i], w->b.deposit, i + 1, i + 3);
}

const char *
world_unit_of(const world_t *w, const char *owner)
{
    if (!strcmp(owner, crm_test_user_id(w->b.piotr)))
        return w->b.branch_b;
    if (!strcmp(owner, crm_test_user_id(w->marek)))
        return w->team;
    return w->b.branch_a;
}

/* Creates DOC as the plugin's own code would (computed fields allowed), then applies PATCH
 * (may be NULL) the same way. */
static void
create(const bson_t *doc, const bson_t *patch)
{
    crm_error_t error = {0};
    bson_iter_t it;
    bson_t out;
    char id[25] = "";

    if (crm_entity_create(crm_identity_system(), "opportunity", doc, &out, &error) != 0)
        fail_msg("opportunity: %s (%s %s)", error.message,
                 error.n_fields ? error.fields[0].field : "",
                 error.n_fields ? error.fields[0].message : "");
    if (bson_iter_init_find(&it, &out, "id") && BSON_ITER_HOLDS_UTF8(&it))
        snprintf(id, sizeof id, "%s", bson_iter_utf8(&it, NULL));
    bson_destroy(&out);
    if (patch && crm_entity_update(crm_identity_system(), "opportunity", id, patch, &out,
                                   &error) != 0)
        fail_msg("opportunity %s: %s", id, error.message);
    if (patch)
        bson_destroy(&out);
}

static void
put_time(bson_t *doc, const char *key, int64_t ms)
{
    char buf[32];

    iso(ms, buf);
    BSON_APPEND_UTF8(doc, key, buf);
}

static void
put_money(bson_t *doc, int64_t amount, const char *currency)
{
    bson_t money;

    BSON_APPEND_DOCUMENT_BEGIN(doc, "amount", &money);
    BSON_APPEND_INT64(&money, "amount", amount);
    BSON_APPEND_UTF8(&money, "currency", currency);
    bson_append_document_end(doc, &money);
}

/* The owner's id and unit, and the client, product and other members every opportunity has. */
static void
put_common(const world_t *w, bson_t *doc, crm_test_session_t *owner, const char *client,
           const char *product_id)
{
    const char *who = crm_test_user_id(owner);

    BSON_APPEND_UTF8(doc, "owner_id", who);
    BSON_APPEND_UTF8(doc, "org_unit", world_unit_of(w, who));
    BSON_APPEND_UTF8(doc, "client_id", client);
    BSON_APPEND_UTF8(doc, "product_id", product_id);
}

void
world_signed(world_t *w, crm_test_session_t *owner, const char *product_id, int64_t amount,
             const char *signed_at)
{
    bson_t doc = BSON_INITIALIZER;
    int64_t at = world_time(signed_at);

    put_common(w, &doc, owner, w->clients[5], product_id);
    put_money(&doc, amount, "PLN");
    BSON_APPEND_UTF8(&doc, "stage", "signed");
    BSON_APPEND_UTF8(&doc, "source", "walk_in");
    put_time(&doc, "lead_at", at - 20 * MS_DAY);
    put_time(&doc, "stage_changed_at", at);
    put_time(&doc, "signed_at", at);
    create(&doc, NULL);
    bson_destroy(&doc);
}

/* --- generated opportunities --- */

static uint64_t
next(uint64_t *s)
{
    /* xorshift64* */
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * UINT64_C(2685821657736338717);
}

static unsigned
pick(uint64_t *s, unsigned n)
{
    return (unsigned)(next(s) % n);
}

#define T0 INT64_C(1735689600000) /* 2025-01-01T00:00:00Z */

static const char *const stages[] = {"lead", "qualified", "offer", "application", "signed", "lost"};
static const char *const stage_times[] = {"lead_at", "qualified_at", "offer_at", "application_at"};
static const char *const sources[] = {"recommendation", "campaign", "advertising", "walk_in",
                                      "web",            "call_centre", "referral"};
static const char *const lost_reasons[] = {"competitor", "resigned", "not_interested",
                                           "rejected_by_bank", "other"};

void
world_generate(world_t *w, int n, uint64_t seed)
{
    crm_test_session_t *owners[] = {w->b.anna, w->b.jan, w->marek, w->b.piotr};
    const char *products[] = {w->b.deposit, w->b.loan, w->b.account, w->card};
    uint64_t s = seed | 1;

    for (int i = 0; i < n; i++) {
        bson_t doc = BSON_INITIALIZER, patch = BSON_INITIALIZER;
        unsigned roll = pick(&s, 100);
        /* the final stage: 10% in each open stage, 35% signed, 25% lost */
        int stage = roll < 40 ? (int)(roll / 10) : roll < 75 ? 4 : 5;
        int furthest = stage < 4 ? stage : (int)pick(&s, 4); /* the last open stage entered */
        bool renewal = pick(&s, 10) == 0;
        unsigned c = renewal ? pick(&s, 4) : pick(&s, 6);
        int64_t at = T0 + (int64_t)pick(&s, 700) * MS_DAY + (int64_t)pick(&s, 86400) * 1000;
        char date[11];

        put_common(w, &doc, owners[pick(&s, 4)], w->clients[c], products[pick(&s, 4)]);
        put_money(&doc, 1000 + (int64_t)pick(&s, 5000000), pick(&s, 10) == 0 ? "EUR" : "PLN");
        /* (BSON_APPEND_UTF8 reads its value twice: draw it first.) */
        if (pick(&s, 8) != 0) {
            const char *source = sources[pick(&s, 7)];

            BSON_APPEND_UTF8(&doc, "source", source);
        }
        if (pick(&s, 3) == 0) {
            const char *campaign = pick(&s, 2) ? "spring" : "autumn";

            BSON_APPEND_UTF8(&doc, "campaign", campaign);
        }
        if (renewal) {
            BSON_APPEND_UTF8(&doc, "renewal_of", w->accounts[c]); /* closes at maturity */
        } else {
            world_date(at + (int64_t)(10 + pick(&s, 190)) * MS_DAY, date);
            BSON_APPEND_UTF8(&doc, "expected_close", date);
        }
        BSON_APPEND_UTF8(&doc, "stage", stages[stage]);
        /* The history: the lead, then some of the open stages up to the furthest. */
        put_time(&doc, "lead_at", at);
        for (int k = 1; k <= furthest; k++) {
            if (k < furthest && pick(&s, 5) == 0)
                continue; /* skipped */
            at += (int64_t)(1 + pick(&s, 20)) * MS_DAY + (int64_t)pick(&s, 3600) * 1000;
            put_time(&doc, stage_times[k], at);
        }
        if (stage >= 4) {
            at += (int64_t)(1 + pick(&s, 30)) * MS_DAY + (int64_t)pick(&s, 3600) * 1000;
            put_time(&doc, stage == 4 ? "signed_at" : "lost_at", at);
        }
        if (stage == 5) {
            const char *why = lost_reasons[pick(&s, 5)];

            BSON_APPEND_UTF8(&doc, "lost_reason", why);
            BSON_APPEND_UTF8(&doc, "lost_from_stage", stages[furthest]);
            if (renewal) {
                BSON_APPEND_UTF8(&doc, "renewal_outcome", "expired");
                BSON_APPEND_UTF8(&doc, "renewal_reason", why);
            }
        } else if (renewal && stage == 4) {
            BSON_APPEND_UTF8(&doc, "renewal_outcome", "extended");
        } else if (renewal && pick(&s, 2)) {
            BSON_APPEND_UTF8(&doc, "renewal_outcome", "expired");
            BSON_APPEND_UTF8(&doc, "renewal_reason", "no decision by maturity");
        }
        put_time(&doc, "stage_changed_at", at);
        if (stage < 4 && pick(&s, 4) == 0) /* a probability of its own */
            BSON_APPEND_INT64(&doc, "probability", (int64_t)pick(&s, 101));
        if (stage < 4 && pick(&s, 3) == 0) {
            BSON_APPEND_BOOL(&patch, "stuck", true);
            put_time(&patch, "stuck_since", at + 15 * MS_DAY);
        }
        create(&doc, bson_empty(&patch) ? NULL : &patch);
        bson_destroy(&doc);
        bson_destroy(&patch);
    }
}

/* --- referrals --- */

/* Who passes needs on, to whom, about which client. */
typedef struct referrer {
    crm_test_session_t *who;
    crm_test_session_t *to[3];
    int n_to;
    const char *client;
} referrer_t;

/* Converts referral ID of CLIENT, owned by OWNER, into an opportunity in STAGE, as plugin code
 * would (the referral follows it through the plugin's events). */
static void
convert(world_t *w, const char *id, const char *client, const char *owner, const char *stage)
{
    bson_t doc = BSON_INITIALIZER;

    BSON_APPEND_UTF8(&doc, "owner_id", owner);
    BSON_APPEND_UTF8(&doc, "org_unit", world_unit_of(w, owner));
    BSON_APPEND_UTF8(&doc, "client_id", client);
    BSON_APPEND_UTF8(&doc, "product_id", w->b.loan);
    BSON_APPEND_UTF8(&doc, "referral_id", id);
    put_money(&doc, 250000, "PLN");
    BSON_APPEND_UTF8(&doc, "stage", stage);
    if (!strcmp(stage, "lost"))
        BSON_APPEND_UTF8(&doc, "lost_reason", "competitor");
    create(&doc, NULL);
    bson_destroy(&doc);
}

void
world_referrals(world_t *w, int n, uint64_t seed)
{
    retail_test_bank_t *b = &w->b;
    const referrer_t referrers[] = {
        {b->tomasz, {b->anna, b->jan}, 2, b->anna_client},
        {b->tomasz, {b->anna, b->jan}, 2, b->anna_client},
        {b->anna, {b->jan}, 1, b->anna_client},
        {b->dorota, {b->anna, b->jan, w->marek}, 3, b->anna_client},
        {b->zofia, {b->piotr}, 1, b->piotr_client},
        {b->piotr, {b->piotr}, 1, b->piotr_client},
    };
    const char *types[] = {"deposit", "loan", "card", "insurance"};
    uint64_t s = seed | 1;
    crm_test_response_t r = {0};
    char path[128], at[32], id[25];

    for (int i = 0; i < n; i++) {
        const referrer_t *from = &referrers[pick(&s, 6)];
        crm_test_session_t *to = from->to[pick(&s, (unsigned)from->n_to)];
        const char *owner = crm_test_user_id(to);
        unsigned fate = pick(&s, 20), product = pick(&s, 4);
        char extra[96] = "";

        /* A product type now and then; the team's advisor is passed needs in the team. */
        if (product < 3)
            snprintf(extra, sizeof extra, ",\"product_type\":\"%s\"", types[pick(&s, 4)]);
        if (to == w->marek)
            snprintf(extra + strlen(extra), sizeof extra - strlen(extra), ",\"org_unit\":\"%s\"",
                     w->team);
        clients_test_create(from->who, "referral", id,
                            "{\"client_id\":\"%s\",\"need\":\"need %d\",\"owner_id\":\"%s\"%s}",
                            from->client, i, owner, extra);
        iso(T0 + (int64_t)pick(&s, 700) * MS_DAY + (int64_t)pick(&s, 86400) * 1000, at);
        snprintf(path, sizeof path, "/api/v1/retail_clock/created/referral/%s?at=%s", id, at);
        assert_int_equal(clients_test_send(b->admin, "POST", path, &r, "{}"), 200);
        assert_int_equal(crm_test_json_int(&r, "matched", -1), 1);
        crm_test_response_free(&r);
        /* What became of it: 4 in 20 still new, 3 accepted, 4 declined, 9 converted. */
        if (fate >= 4 && fate < 11)
            retail_test_patch(to, "referral", id,
                              fate < 7 ? "{\"status\":\"accepted\"}" : "{\"status\":\"declined\"}");
        else if (fate >= 11)
            convert(w, id, from->client, owner,
                    fate < 14   ? "offer"
                    : fate < 17 ? "signed"
                                : "lost");
    }
}

/* --- reading them back --- */

static void
copy(const crm_test_response_t *r, int i, const char *field, char *out, size_t cap)
{
    char path[64];
    const char *v;

    snprintf(path, sizeof path, "items.%d.%s", i, field);
    v = crm_test_json_string(r, path);
    snprintf(out, cap, "%s", v ? v : "");
}

static int64_t
time_of(const crm_test_response_t *r, int i, const char *field)
{
    char path[64];

    snprintf(path, sizeof path, "items.%d.%s", i, field);
    return world_time(crm_test_json_string(r, path));
}

static bool
int_of(const crm_test_response_t *r, int i, const char *field, int64_t *v)
{
    char path[64];
    bson_iter_t it;

    snprintf(path, sizeof path, "items.%d.%s", i, field);
    if (!bson_iter_init(&it, &r->json) || !bson_iter_find_descendant(&it, path, &it) ||
        !BSON_ITER_HOLDS_INT(&it))
        return false;
    *v = bson_iter_as_int64(&it);
    return true;
}

void
world_read_referrals(world_t *w)
{
    crm_test_response_t r = {0};

    profile_get(w->b.admin, "/api/v1/referral?limit=500", &r);
    w->n_refs = clients_test_count(&r, "items");
    assert_true(w->n_refs <= WORLD_MAX_REFS);
    for (int i = 0; i < w->n_refs; i++) {
        ref_t *x = &w->r[i];

        memset(x, 0, sizeof *x);
        copy(&r, i, "id", x->id, sizeof x->id);
        copy(&r, i, "created_by", x->referrer, sizeof x->referrer);
        copy(&r, i, "owner_id", x->owner, sizeof x->owner);
        copy(&r, i, "org_unit", x->unit, sizeof x->unit);
        copy(&r, i, "status", x->status, sizeof x->status);
        copy(&r, i, "outcome", x->outcome, sizeof x->outcome);
        copy(&r, i, "product_type", x->product_type, sizeof x->product_type);
        x->created_at = time_of(&r, i, "created_at");
    }
    crm_test_response_free(&r);
}

void
world_read(world_t *w)
{
    crm_test_response_t r = {0};
    char path[64];
    bson_iter_t it;

    profile_get(w->b.admin, "/api/v1/opportunity?limit=500", &r);
    w->n = clients_test_count(&r, "items");
    assert_true(w->n < 500);
    for (int i = 0; i < w->n; i++) {
        opp_t *o = &w->o[i];

        memset(o, 0, sizeof *o);
        copy(&r, i, "id", o->id, sizeof o->id);
        copy(&r, i, "owner_id", o->owner, sizeof o->owner);
        copy(&r, i, "org_unit", o->unit, sizeof o->unit);
        copy(&r, i, "stage", o->stage, sizeof o->stage);
        copy(&r, i, "source", o->source, sizeof o->source);
        copy(&r, i, "campaign", o->campaign, sizeof o->campaign);
        copy(&r, i, "product_id", o->product, sizeof o->product);
        copy(&r, i, "product_type", o->product_type, sizeof o->product_type);
        copy(&r, i, "product_line", o->product_line, sizeof o->product_line);
        copy(&r, i, "kind", o->kind, sizeof o->kind);
        copy(&r, i, "lost_from_stage", o->lost_from, sizeof o->lost_from);
        copy(&r, i, "lost_reason", o->lost_reason, sizeof o->lost_reason);
        copy(&r, i, "renewal_outcome", o->outcome, sizeof o->outcome);
        copy(&r, i, "renewal_reason", o->reason, sizeof o->reason);
        copy(&r, i, "amount.currency", o->currency, sizeof o->currency);
        int_of(&r, i, "amount.amount", &o->amount);
        int_of(&r, i, "commission.amount", &o->commission);
        int_of(&r, i, "probability", &o->probability);
        int_of(&r, i, "weighted_amount.amount", &o->weighted);
        o->has_days = int_of(&r, i, "days_to_sign", &o->days_to_sign);
        snprintf(path, sizeof path, "items.%d.stuck", i);
        o->stuck = bson_iter_init(&it, &r.json) && bson_iter_find_descendant(&it, path, &it) &&
                   BSON_ITER_HOLDS_BOOL(&it) && bson_iter_bool(&it);
        o->lead_at = time_of(&r, i, "lead_at");
        o->qualified_at = time_of(&r, i, "qualified_at");
        o->offer_at = time_of(&r, i, "offer_at");
        o->application_at = time_of(&r, i, "application_at");
        o->signed_at = time_of(&r, i, "signed_at");
        o->lost_at = time_of(&r, i, "lost_at");
        o->expected_close = time_of(&r, i, "expected_close");
    }
    crm_test_response_free(&r);
}
