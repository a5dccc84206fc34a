/* The retail plugin's declared reports, each checked against a count made here by brute
 * force over a few hundred generated opportunities or referrals read back through the list
 * endpoint: the open pipeline (its value weighted by probability worked out here), conversion,
 * contracts signed, sales dynamics, renewals and referrals; what an advisor, a teller, a
 * director and the board see of them; the comparison with the month before and a year before;
 * and the same figures exported as CSV and XLSX. */
#include "reports_world.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_GROUPS 400
#define MAX_DIMS 4
#define MAX_MEASURES 12

/* One record a report counts: an opportunity or a referral. */
typedef struct rec {
    const opp_t *o;
    const ref_t *r;
} rec_t;

/* |X| and X rounded half away from zero, as the engine rounds money averages. */
static double
absd(double x)
{
    return x < 0 ? -x : x;
}

static int64_t
rounded(double x)
{
    return x < 0 ? -(int64_t)(-x + 0.5) : (int64_t)(x + 0.5);
}

/* --- what each measure counts --- */

typedef enum kind { COUNT, SUM, AVG_MONEY, AVG, RATIO } kind_t;

typedef struct measure {
    const char *name;
    kind_t kind;
    const char *num, *den; /* RATIO */
} measure_t;

static bool
open_stage(const opp_t *o)
{
    return !strcmp(o->stage, "lead") || !strcmp(o->stage, "qualified") ||
           !strcmp(o->stage, "offer") || !strcmp(o->stage, "application");
}

static const measure_t measures[] = {
    {"opportunities", COUNT, NULL, NULL},  {"contracts", COUNT, NULL, NULL},
    {"renewals", COUNT, NULL, NULL},       {"open", COUNT, NULL, NULL},
    {"signed", COUNT, NULL, NULL},         {"lost", COUNT, NULL, NULL},
    {"closed", COUNT, NULL, NULL},         {"stuck_count", COUNT, NULL, NULL},
    {"reached_qualified", COUNT, NULL, NULL}, {"reached_offer", COUNT, NULL, NULL},
    {"reached_application", COUNT, NULL, NULL}, {"lost_at_lead", COUNT, NULL, NULL},
    {"lost_at_qualified", COUNT, NULL, NULL}, {"lost_at_offer", COUNT, NULL, NULL},
    {"lost_at_application", COUNT, NULL, NULL}, {"extended", COUNT, NULL, NULL},
    {"expired", COUNT, NULL, NULL},        {"pending", COUNT, NULL, NULL},
    {"decided", COUNT, NULL, NULL},        {"value", SUM, NULL, NULL},
    {"signed_value", SUM, NULL, NULL},     {"stuck_value", SUM, NULL, NULL},
    {"commission", SUM, NULL, NULL},       {"extended_value", SUM, NULL, NULL},
    {"weighted_value", SUM, NULL, NULL},
    {"referrals", COUNT, NULL, NULL},      {"accepted", COUNT, NULL, NULL},
    {"converted", COUNT, NULL, NULL},      {"declined", COUNT, NULL, NULL},
    {"conversion", RATIO, "converted", "referrals"},
    {"success", RATIO, "signed", "referrals"},
    {"avg_value", AVG_MONEY, NULL, NULL},  {"avg_days_to_sign", AVG, NULL, NULL},
    {"avg_probability", AVG, NULL, NULL},
    {"signed_share", RATIO, "signed", "opportunities"},
    {"lost_share", RATIO, "lost", "opportunities"},
    {"win_rate", RATIO, "signed", "closed"},
    {"stuck_share", RATIO, "stuck_count", "opportunities"},
    {"dropout_lead", RATIO, "lost_at_lead", "opportunities"},
    {"dropout_qualified", RATIO, "lost_at_qualified", "reached_qualified"},
    {"dropout_offer", RATIO, "lost_at_offer", "reached_offer"},
    {"dropout_application", RATIO, "lost_at_application", "reached_application"},
    {"retention", RATIO, "extended", "decided"},
    {NULL, 0, NULL, NULL},
};

static const measure_t *
measure(const char *name)
{
    for (const measure_t *m = measures; m->name; m++)
        if (!strcmp(m->name, name))
            return m;
    fail_msg("no measure %s", name);
    return NULL;
}

/* O's amount weighted by its probability, as a clerk would work it out: amount x probability
 * / 100, half a minor unit rounded up. */
static int64_t
weighted(const opp_t *o)
{
    return (o->amount * o->probability * 2 + 100) / 200;
}

/* Whether referral R counts in measure NAME (not a ratio): all of them, those in a status or
 * of an outcome. */
static bool
referral_counts(const char *name, const ref_t *r)
{
    if (!strcmp(name, "referrals"))
        return true;
    if (!strcmp(name, "accepted") || !strcmp(name, "converted") || !strcmp(name, "declined"))
        return !strcmp(r->status, name);
    if (!strcmp(name, "signed") || !strcmp(name, "lost") || !strcmp(name, "open"))
        return !strcmp(r->outcome, name);
    fail_msg("no referral measure %s", name);
    return false;
}

/* Whether X counts in measure NAME (not a ratio), and with what value (1 for a count). */
static bool
contributes(const char *name, const rec_t *x, double *v)
{
    const opp_t *o = x->o;
    bool is_signed, lost;

    *v = 1;
    if (x->r)
        return referral_counts(name, x->r);
    is_signed = !strcmp(o->stage, "signed");
    lost = !strcmp(o->stage, "lost");
    if (!strcmp(name, "opportunities") || !strcmp(name, "contracts") ||
        !strcmp(name, "renewals"))
        return true;
    if (!strcmp(name, "open"))
        return open_stage(o);
    if (!strcmp(name, "signed"))
        return is_signed;
    if (!strcmp(name, "lost"))
        return lost;
    if (!strcmp(name, "closed"))
        return is_signed || lost;
    if (!strcmp(name, "stuck_count"))
        return o->stuck;
    if (!strcmp(name, "reached_application"))
        return o->application_at || o->signed_at;
    if (!strcmp(name, "reached_offer"))
        return o->offer_at || o->application_at || o->signed_at;
    if (!strcmp(name, "reached_qualified"))
        return o->qualified_at || o->offer_at || o->application_at || o->signed_at;
    if (!strncmp(name, "lost_at_", 8))
        return !strcmp(o->lost_from, name + 8);
    if (!strcmp(name, "extended") || !strcmp(name, "expired"))
        return !strcmp(o->outcome, name);
    if (!strcmp(name, "pending"))
        return !*o->outcome;
    if (!strcmp(name, "decided"))
        return *o->outcome != '\0';
    if (!strcmp(name, "commission")) {
        *v = (double)o->commission;
        return is_signed;
    }
    if (!strcmp(name, "avg_days_to_sign")) {
        *v = (double)o->days_to_sign;
        return o->has_days;
    }
    if (!strcmp(name, "weighted_value")) {
        *v = (double)weighted(o);
        return true;
    }
    if (!strcmp(name, "avg_probability")) {
        *v = (double)o->probability;
        return true;
    }
    *v = (double)o->amount;
    if (!strcmp(name, "signed_value"))
        return is_signed;
    if (!strcmp(name, "stuck_value"))
        return o->stuck;
    if (!strcmp(name, "extended_value"))
        return !strcmp(o->outcome, "extended");
    return true; /* value, avg_value */
}

/* --- a report as asked, and its expected rows --- */

typedef struct ask {
    const char *report;
    const char *date_field; /* what from/to and the time dims are on */
    bool (*keep)(const opp_t *);
    const char *dims[MAX_DIMS + 1];     /* NULL-terminated */
    const char *measures[MAX_MEASURES + 1];
    const char *from, *to;              /* "YYYY-MM-DD" or NULL */
    bool referrals;                     /* over the referrals, not the opportunities (KEEP) */
    const char *compare;                /* "prev", "yoy" or NULL */
    bool pln_only;                      /* with filter={"amount.currency":"PLN"} */
} ask_t;

typedef struct acc {
    double sum[MAX_MEASURES];
    int64_t n[MAX_MEASURES];
} acc_t;

typedef struct group {
    char key[MAX_DIMS][64]; /* "" for null */
    char currency[4];       /* "" when no money is asked */
    acc_t cur, prev;
    bool has_prev;
} group_t;

typedef struct expect {
    group_t g[MAX_GROUPS];
    int n;
    acc_t total, ptotal;
    char currencies[4][4]; /* of the records of the current period */
    int n_currencies;
} expect_t;

static int64_t
time_field(const rec_t *x, const char *field)
{
    if (x->r)
        return x->r->created_at;
    return !strcmp(field, "lead_at")     ? x->o->lead_at
           : !strcmp(field, "signed_at") ? x->o->signed_at
                                         : x->o->expected_close;
}

/* The currency of X's amount ("" for a referral). */
static const char *
currency_of(const rec_t *x)
{
    return x->o ? x->o->currency : "";
}

/* The value referral R shows in DIM (not a time bucket), or NULL when it has no such dim. */
static const char *
referral_dim(const ref_t *r, const char *dim)
{
    return !strcmp(dim, "referrer")       ? r->referrer
           : !strcmp(dim, "advisor")      ? r->owner
           : !strcmp(dim, "unit")         ? r->unit
           : !strcmp(dim, "status")       ? r->status
           : !strcmp(dim, "outcome")      ? r->outcome
           : !strcmp(dim, "product_type") ? r->product_type
                                          : NULL;
}

static bool
is_bucket(const char *dim)
{
    return !strcmp(dim, "day") || !strcmp(dim, "week") || !strcmp(dim, "month") ||
           !strcmp(dim, "quarter") || !strcmp(dim, "year");
}

/* The value X shows in DIM (time buckets of the report's date field moved by MONTHS), into
 * OUT ("" for null). */
static void
dim_value(const ask_t *a, const rec_t *x, const char *dim, int months, char out[64])
{
    const opp_t *o = x->o;
    const char *v = "";

    if (is_bucket(dim)) {
        char first[11];

        world_bucket(time_field(x, a->date_field), dim, first);
        world_bucket(world_add_months(world_time(first), months), dim, out);
        return;
    }
    if (x->r) {
        if (!(v = referral_dim(x->r, dim)))
            fail_msg("no referral dim %s", dim);
    } else if (!strcmp(dim, "unit"))
        v = o->unit;
    else if (!strcmp(dim, "owner"))
        v = o->owner;
    else if (!strcmp(dim, "stage"))
        v = o->stage;
    else if (!strcmp(dim, "source"))
        v = o->source;
    else if (!strcmp(dim, "campaign"))
        v = o->campaign;
    else if (!strcmp(dim, "kind"))
        v = o->kind;
    else if (!strcmp(dim, "product"))
        v = o->product;
    else if (!strcmp(dim, "product_type"))
        v = o->product_type;
    else if (!strcmp(dim, "product_line"))
        v = o->product_line;
    else if (!strcmp(dim, "lost_from_stage"))
        v = o->lost_from;
    else if (!strcmp(dim, "lost_reason"))
        v = o->lost_reason;
    else if (!strcmp(dim, "outcome"))
        v = o->outcome;
    else if (!strcmp(dim, "reason"))
        v = o->reason;
    else
        fail_msg("no dim %s", dim);
    snprintf(out, 64, "%s", v);
}

static bool
money_asked(const ask_t *a)
{
    for (int m = 0; a->measures[m]; m++) {
        kind_t k = measure(a->measures[m])->kind;

        if (k == SUM || k == AVG_MONEY)
            return true;
    }
    return false;
}

static void
add(const ask_t *a, const rec_t *x, acc_t *acc)
{
    for (int m = 0; a->measures[m]; m++) {
        const measure_t *me = measure(a->measures[m]);
        const char *parts[2] = {me->kind == RATIO ? me->num : me->name, me->den};
        double v;

        for (int p = 0; p < (me->kind == RATIO ? 2 : 1); p++) {
            if (!contributes(parts[p], x, &v))
                continue;
            if (me->kind == RATIO) {
                acc->sum[m] += p == 0 ? 1 : 0;
                acc->n[m] += p == 1 ? 1 : 0;
            } else {
                acc->sum[m] += v;
                acc->n[m]++;
            }
        }
    }
}

/* The group of X's dim values (moved by MONTHS) and currency; NULL when CREATE is false and
 * there is none. */
static group_t *
group_of(expect_t *e, const ask_t *a, const rec_t *x, int months, bool create)
{
    char key[MAX_DIMS][64];
    const char *cur = money_asked(a) ? currency_of(x) : "";
    group_t *g;

    for (int d = 0; a->dims[d]; d++)
        dim_value(a, x, a->dims[d], months, key[d]);
    for (int i = 0; i < e->n; i++) {
        bool same = !strcmp(e->g[i].currency, cur);

        for (int d = 0; same && a->dims[d]; d++)
            same = !strcmp(e->g[i].key[d], key[d]);
        if (same)
            return &e->g[i];
    }
    if (!create)
        return NULL;
    assert_true(e->n < MAX_GROUPS);
    g = &e->g[e->n++];
    memset(g, 0, sizeof *g);
    for (int d = 0; a->dims[d]; d++)
        memcpy(g->key[d], key[d], sizeof key[d]);
    snprintf(g->currency, sizeof g->currency, "%s", cur);
    return g;
}

static bool
in_period(const ask_t *a, const rec_t *x, int64_t from, int64_t to)
{
    int64_t t = time_field(x, a->date_field);

    return (!from || (t && t >= from)) && (!to || (t && t < to));
}

/* Whether the days of [FROM, TO) are whole calendar months, and how many. */
static int
whole_months(int64_t from, int64_t to)
{
    char f[11], t[11];
    int fy, fm, ty, tm;

    world_date(from, f);
    world_date(to, t);
    if (strcmp(f + 8, "01") || strcmp(t + 8, "01"))
        return 0;
    sscanf(f, "%d-%d", &fy, &fm);
    sscanf(t, "%d-%d", &ty, &tm);
    return (ty - fy) * 12 + tm - fm;
}

/* The I-th record of W that report A counts in X (the opportunities or the referrals); false
 * past the last. */
static bool
record(const world_t *w, const ask_t *a, int i, rec_t *x)
{
    x->o = !a->referrals && i < w->n ? &w->o[i] : NULL;
    x->r = a->referrals && i < w->n_refs ? &w->r[i] : NULL;
    return x->o || x->r;
}

/* Whether report A counts X (in the period or not), seen by the caller (SEEN). */
static bool
counted(const world_t *w, const ask_t *a, bool (*seen)(const world_t *, const rec_t *),
        const rec_t *x)
{
    return seen(w, x) && (!x->o || a->keep(x->o)) &&
           (!a->pln_only || !strcmp(currency_of(x), "PLN"));
}

/* Counts by hand what report A should hold over the records SEEN (the caller's) of W. */
static void
expect(const world_t *w, const ask_t *a, bool (*seen)(const world_t *, const rec_t *), expect_t *e)
{
    rec_t x;

    int64_t from = a->from ? world_time(a->from) : 0;
    int64_t to = a->to ? world_time(a->to) + MS_DAY : 0, pfrom = 0, pto = 0;
    int shift = 0;

    memset(e, 0, sizeof *e);
    if (a->compare && !strcmp(a->compare, "yoy")) {
        shift = 12;
        pfrom = world_add_months(from, -12);
        pto = world_add_months(to - MS_DAY, -12) + MS_DAY;
    } else if (a->compare) {
        shift = whole_months(from, to);
        assert_true(shift > 0); /* the tests compare whole months */
        pfrom = world_add_months(from, -shift);
        pto = from;
    }
    for (int i = 0; record(w, a, i, &x); i++) {
        bool known = false;

        if (!counted(w, a, seen, &x) || !in_period(a, &x, from, to))
            continue;
        add(a, &x, &group_of(e, a, &x, 0, true)->cur);
        add(a, &x, &e->total);
        if (x.r)
            continue; /* no money */
        for (int c = 0; c < e->n_currencies; c++)
            known |= !strcmp(e->currencies[c], currency_of(&x));
        if (!known && e->n_currencies < 4)
            snprintf(e->currencies[e->n_currencies++], 4, "%s", currency_of(&x));
    }
    for (int i = 0; a->compare && record(w, a, i, &x); i++) {
        group_t *g;

        if (!counted(w, a, seen, &x) || !in_period(a, &x, pfrom, pto))
            continue;
        add(a, &x, &e->ptotal);
        if ((g = group_of(e, a, &x, shift, false)) != NULL) {
            add(a, &x, &g->prev);
            g->has_prev = true;
        }
    }
}

/* --- comparing with the result --- */

/* The value measure M has in ACC into *V; false for null. */
static bool
value_of(const measure_t *m, int i, const acc_t *acc, double *v)
{
    switch (m->kind) {
    case COUNT:
        *v = (double)acc->n[i];
        return true;
    case SUM:
        *v = acc->sum[i];
        return acc->n[i] > 0;
    case AVG_MONEY:
        *v = acc->n[i] ? (double)rounded(acc->sum[i] / (double)acc->n[i]) : 0;
        return acc->n[i] > 0;
    case AVG:
        *v = acc->n[i] ? acc->sum[i] / (double)acc->n[i] : 0;
        return acc->n[i] > 0;
    case RATIO:
        *v = acc->n[i] ? acc->sum[i] / (double)acc->n[i] : 0;
        return acc->n[i] > 0;
    }
    return false;
}

/* True when the cell at IT holds V (HAVE: else null), money in CURRENCY ("": any one). */
static bool
cell_is(bson_iter_t *it, const measure_t *m, bool have, double v, const char *currency)
{
    bson_iter_t sub;

    if (!have)
        return BSON_ITER_HOLDS_NULL(it);
    if (m->kind == SUM || m->kind == AVG_MONEY) {
        if (!BSON_ITER_HOLDS_DOCUMENT(it) || !bson_iter_recurse(it, &sub) ||
            !bson_iter_find(&sub, "amount") || bson_iter_as_int64(&sub) != (int64_t)v)
            return false;
        return !*currency || (bson_iter_recurse(it, &sub) && bson_iter_find(&sub, "currency") &&
                              !strcmp(bson_iter_utf8(&sub, NULL), currency));
    }
    if (m->kind == COUNT)
        return BSON_ITER_HOLDS_INT(it) && bson_iter_as_int64(it) == (int64_t)v;
    return BSON_ITER_HOLDS_NUMBER(it) && absd(bson_iter_as_double(it) - v) < 1e-9;
}

/* True when the cells from IT on are measure I's of ASK for CUR (and PREV with compare=). */
static bool
cells_are(const ask_t *a, bson_iter_t *it, const acc_t *cur, const acc_t *prev,
          const char *currency)
{
    for (int i = 0; a->measures[i]; i++) {
        const measure_t *m = measure(a->measures[i]);
        double c = 0, p = 0;
        bool hc = value_of(m, i, cur, &c), hp = prev && value_of(m, i, prev, &p);

        if (!bson_iter_next(it) || !cell_is(it, m, hc, c, currency))
            return false;
        if (!a->compare)
            continue;
        if (!bson_iter_next(it) || !cell_is(it, m, hp, p, currency))
            return false;
        if (!bson_iter_next(it) ||
            !(hc && hp && p != 0 ? BSON_ITER_HOLDS_DOUBLE(it) &&
                                       absd(bson_iter_double(it) - (c - p) / p) < 1e-9
                                 : BSON_ITER_HOLDS_NULL(it)))
            return false;
    }
    return !bson_iter_next(it);
}

/* True when ROW (an array) is group G's. */
static bool
row_is(const ask_t *a, const bson_iter_t *row, const group_t *g)
{
    bson_iter_t it;

    if (!bson_iter_recurse(row, &it))
        return false;
    for (int d = 0; a->dims[d]; d++) {
        if (!bson_iter_next(&it))
            return false;
        if (!*g->key[d] ? !BSON_ITER_HOLDS_NULL(&it)
                        : !BSON_ITER_HOLDS_UTF8(&it) || strcmp(bson_iter_utf8(&it, NULL), g->key[d]))
            return false;
    }
    return cells_are(a, &it, &g->cur, g->has_prev ? &g->prev : NULL, g->currency);
}

static void
query(const ask_t *a, char *path, size_t cap)
{
    size_t n = (size_t)snprintf(path, cap, "/api/v1/reports/%s?dims=", a->report);

    for (int d = 0; a->dims[d]; d++)
        n += (size_t)snprintf(path + n, cap - n, "%s%s", d ? "," : "", a->dims[d]);
    n += (size_t)snprintf(path + n, cap - n, "&measures=");
    for (int m = 0; a->measures[m]; m++)
        n += (size_t)snprintf(path + n, cap - n, "%s%s", m ? "," : "", a->measures[m]);
    if (a->from)
        n += (size_t)snprintf(path + n, cap - n, "&from=%s", a->from);
    if (a->to)
        n += (size_t)snprintf(path + n, cap - n, "&to=%s", a->to);
    if (a->compare)
        n += (size_t)snprintf(path + n, cap - n, "&compare=%s", a->compare);
    if (a->pln_only)
        snprintf(path + n, cap - n, "&filter=%%7B%%22amount.currency%%22%%3A%%22PLN%%22%%7D");
}

/* Runs A as S and asserts that its rows and totals are what was counted over the records
 * SEEN; returns the number of rows. */
static int
check(const world_t *w, crm_test_session_t *s, const ask_t *a,
      bool (*seen)(const world_t *, const rec_t *))
{
    static expect_t e; /* large */
    crm_test_response_t r = {0};
    bool used[MAX_GROUPS] = {false};
    bson_iter_t rows, row, totals;
    char path[512];
    int n_rows = 0;

    expect(w, a, seen, &e);
    query(a, path, sizeof path);
    profile_get(s, path, &r);
    assert_true(bson_iter_init_find(&rows, &r.json, "rows") && bson_iter_recurse(&rows, &rows));
    while (bson_iter_next(&rows))
        n_rows++;
    if (n_rows != e.n)
        fail_msg("%s: %d rows, %d groups counted: %s", path, n_rows, e.n, r.body);
    for (int i = 0; i < e.n; i++) {
        bool found = false;
        int k = 0;

        bson_iter_init_find(&rows, &r.json, "rows");
        bson_iter_recurse(&rows, &row);
        for (; !found && bson_iter_next(&row); k++)
            if (!used[k] && row_is(a, &row, &e.g[i]))
                found = used[k] = true;
        if (!found)
            fail_msg("%s: no row %s/%s/%s %s as counted in %s", path, e.g[i].key[0],
                     e.g[i].key[1], e.g[i].key[2], e.g[i].currency, r.body);
    }
    /* The totals: money only when the records hold one currency. */
    assert_true(bson_iter_init_find(&totals, &r.json, "totals") &&
                bson_iter_recurse(&totals, &totals));
    for (int d = 0; a->dims[d]; d++)
        assert_true(bson_iter_next(&totals) && BSON_ITER_HOLDS_NULL(&totals));
    if (e.n_currencies <= 1) {
        if (!cells_are(a, &totals, &e.total, a->compare ? &e.ptotal : NULL,
                       e.n_currencies ? e.currencies[0] : ""))
            fail_msg("%s: totals are not as counted: %s", path, r.body);
    }
    crm_test_response_free(&r);
    return e.n;
}

/* --- whose records --- */

static const char *
owner_of(const rec_t *x)
{
    return x->o ? x->o->owner : x->r->owner;
}

static const char *
unit_of(const rec_t *x)
{
    return x->o ? x->o->unit : x->r->unit;
}

static bool
everyone(const world_t *w, const rec_t *x)
{
    (void)w;
    (void)x;
    return true;
}

static bool
annas(const world_t *w, const rec_t *x)
{
    return !strcmp(owner_of(x), crm_test_user_id(w->b.anna));
}

static bool
branch_a(const world_t *w, const rec_t *x)
{
    return !strcmp(unit_of(x), w->b.branch_a) || !strcmp(unit_of(x), w->team);
}

static bool
branch_b(const world_t *w, const rec_t *x)
{
    return !strcmp(unit_of(x), w->b.branch_b);
}

/* A teller's scope (unit): branch A's own records, not its team's. */
static bool
branch_a_only(const world_t *w, const rec_t *x)
{
    return !strcmp(unit_of(x), w->b.branch_a);
}

/* --- the reports' own conditions --- */

static bool
any(const opp_t *o)
{
    (void)o;
    return true;
}

static bool
signed_only(const opp_t *o)
{
    return !strcmp(o->stage, "signed");
}

static bool
renewal(const opp_t *o)
{
    return !strcmp(o->kind, "renewal");
}

/* --- the tests --- */

static void
make_world(void **state, world_t *w)
{
    world_bank(*state, w);
    world_generate(w, 320, 20260315);
    world_read(w);
    assert_int_equal(w->n, 320);
}

static void
the_pipeline_counts_open_opportunities_by_stage_value_source_and_closing(void **state)
{
    static world_t w;
    ask_t a = {.report = "retail_pipeline", .date_field = "expected_close", .keep = open_stage,
               .dims = {"stage"},
               .measures = {"opportunities", "stuck_count", "stuck_share", "avg_probability"}};
    int given = 0;

    make_world(state, &w);
    /* Every stage open and several stuck are there to be counted. */
    assert_int_equal(check(&w, w.b.board, &a, everyone), 4);
    /* Each record's weighted amount is its amount by its probability, rounded half up; some
     * probabilities are the stages', some given. */
    for (int i = 0; i < w.n; i++) {
        assert_int_equal(w.o[i].weighted, weighted(&w.o[i]));
        given += w.o[i].probability % 5 != 0; /* the stages' are 10, 25, 50, 75, 100, 0 */
    }
    assert_true(given > 10);
    a.dims[0] = "source";
    a.dims[1] = "owner";
    a.measures[0] = "value";
    a.measures[1] = "avg_value";
    a.measures[2] = "stuck_value";
    a.measures[3] = "opportunities";
    a.measures[4] = "weighted_value";
    check(&w, w.b.board, &a, everyone);
    /* Closing by month within a period, in one currency (its totals are money). */
    a.dims[0] = "month";
    a.dims[1] = "product_line";
    a.from = "2025-04-01";
    a.to = "2025-09-30";
    a.pln_only = true;
    check(&w, w.b.board, &a, everyone);
    /* The stage's default view: count, value and stuck. */
    {
        crm_test_response_t r = {0};

        profile_get(w.b.board, "/api/v1/reports/retail_pipeline", &r);
        assert_string_equal(crm_test_json_string(&r, "columns.0.name"), "stage");
        assert_string_equal(crm_test_json_string(&r, "columns.1.name"), "opportunities");
        assert_string_equal(crm_test_json_string(&r, "columns.3.name"), "stuck_count");
        crm_test_response_free(&r);
    }
}

static void
conversion_counts_shares_days_to_sign_and_drop_out_by_stage_and_source(void **state)
{
    static world_t w;
    ask_t a = {.report = "retail_conversion", .date_field = "lead_at", .keep = any,
               .dims = {"source"},
               .measures = {"opportunities", "open", "signed", "lost", "closed", "signed_share",
                            "lost_share", "win_rate", "avg_days_to_sign"}};

    make_world(state, &w);
    check(&w, w.b.board, &a, everyone);
    /* The funnel: how far they got and where they dropped out, per product type. */
    a.dims[0] = "product_type";
    a.measures[0] = "reached_qualified";
    a.measures[1] = "reached_offer";
    a.measures[2] = "reached_application";
    a.measures[3] = "lost_at_lead";
    a.measures[4] = "lost_at_qualified";
    a.measures[5] = "lost_at_offer";
    a.measures[6] = "lost_at_application";
    a.measures[7] = "dropout_qualified";
    a.measures[8] = "dropout_offer";
    a.measures[9] = "dropout_application";
    a.measures[10] = "dropout_lead";
    check(&w, w.b.board, &a, everyone);
    /* Drop-out by stage as a dimension, by quarter of the lead, signed value in PLN. */
    memset(a.measures, 0, sizeof a.measures);
    a.dims[0] = "lost_from_stage";
    a.dims[1] = "quarter";
    a.measures[0] = "lost";
    a.measures[1] = "signed_value";
    a.measures[2] = "opportunities";
    a.pln_only = true;
    a.from = "2025-01-01";
    a.to = "2026-06-30";
    check(&w, w.b.board, &a, everyone);
}

static void
contracts_signed_are_counted_by_product_line_unit_kind_and_period_with_commission(
    void **state)
{
    static world_t w;
    ask_t a = {.report = "retail_sales", .date_field = "signed_at", .keep = signed_only,
               .dims = {"product_line", "unit"},
               .measures = {"contracts", "value", "commission", "avg_days_to_sign"}};

    make_world(state, &w);
    check(&w, w.b.board, &a, everyone);
    /* New clients, existing ones and renewals, by product and month of 2026, in PLN. */
    a.dims[0] = "kind";
    a.dims[1] = "product";
    a.dims[2] = "month";
    a.measures[3] = "avg_value";
    a.from = "2026-01-01";
    a.to = "2026-12-31";
    a.pln_only = true;
    assert_true(check(&w, w.b.board, &a, everyone) > 10);
    /* By advisor and year, as the board and, within their scopes, the directors. */
    memset(a.dims, 0, sizeof a.dims);
    a.dims[0] = "owner";
    a.dims[1] = "year";
    a.from = a.to = NULL;
    check(&w, w.b.board, &a, everyone);
    check(&w, w.b.dorota, &a, branch_a);
    check(&w, w.b.zofia, &a, branch_b);
}

static void
each_role_sees_its_own_scope_in_every_report(void **state)
{
    static world_t w;
    ask_t asks[] = {
        {.report = "retail_pipeline", .date_field = "expected_close", .keep = open_stage,
         .dims = {"owner", "stage"},
         .measures = {"opportunities", "value", "weighted_value", "stuck_count"}},
        {.report = "retail_conversion", .date_field = "lead_at", .keep = any,
         .dims = {"owner", "source"}, .measures = {"opportunities", "signed", "signed_share"}},
        {.report = "retail_sales", .date_field = "signed_at", .keep = signed_only,
         .dims = {"owner", "product_line"}, .measures = {"contracts", "value", "commission"}},
        {.report = "retail_sales_dynamics", .date_field = "signed_at", .keep = signed_only,
         .dims = {"unit", "quarter"}, .measures = {"contracts", "value"}},
        {.report = "retail_renewals", .date_field = "expected_close", .keep = renewal,
         .dims = {"owner", "outcome"}, .measures = {"renewals", "extended", "retention"}},
    };
    crm_test_response_t r = {0};

    make_world(state, &w);
    for (size_t i = 0; i < sizeof asks / sizeof asks[0]; i++) {
        /* An advisor: their own only; a director: the branch and its team; the board: all. */
        check(&w, w.b.anna, &asks[i], annas);
        check(&w, w.b.dorota, &asks[i], branch_a);
        check(&w, w.b.zofia, &asks[i], branch_b);
        check(&w, w.b.board, &asks[i], everyone);
    }
    /* The team's advisor is in the director's report, by unit. */
    {
        const char *team[] = {w.team};

        profile_get(w.b.dorota, "/api/v1/reports/retail_sales?dims=unit&measures=contracts", &r);
        assert_true(profile_row(&r, team, 1) >= 0);
        crm_test_response_free(&r);
    }
    /* A teller may read no opportunity: the reports are refused; the referrals' is not. */
    assert_int_equal(crm_test_request(w.b.tomasz, "GET", "/api/v1/reports/retail_sales", NULL,
                                      &r),
                     403);
    crm_test_response_free(&r);
    profile_get(w.b.tomasz, "/api/v1/reports/retail_referrals", &r);
    crm_test_response_free(&r);
    profile_get(w.b.anna, "/api/v1/reports", &r);
    for (const char *const *id =
             (const char *const[]){"retail_pipeline", "retail_conversion", "retail_sales",
                                   "retail_sales_dynamics", "retail_renewals", "retail_referrals",
                                   "retail_targets", "clients_advisor_activity", NULL};
         *id; id++)
        assert_true(clients_test_has(&r, "items", "id", *id));
    crm_test_response_free(&r);
}

static void
renewals_are_counted_by_outcome_and_reason(void **state)
{
    static world_t w;
    ask_t a = {.report = "retail_renewals", .date_field = "expected_close", .keep = renewal,
               .dims = {"outcome", "reason"},
               .measures = {"renewals", "extended", "expired", "pending", "decided", "retention"}};

    make_world(state, &w);
    /* Both outcomes, several reasons and some not matured yet. */
    assert_true(check(&w, w.b.board, &a, everyone) >= 4);
    a.dims[0] = "month";
    a.dims[1] = "product_type";
    memset(a.measures, 0, sizeof a.measures);
    a.measures[0] = "value";
    a.measures[1] = "extended_value";
    a.measures[2] = "renewals";
    a.pln_only = true;
    check(&w, w.b.board, &a, everyone);
}

static void
sales_dynamics_compares_a_month_with_the_month_before_and_a_year_before(void **state)
{
    static world_t w;
    ask_t a = {.report = "retail_sales_dynamics", .date_field = "signed_at",
               .keep = signed_only, .dims = {"month"}, .measures = {"contracts", "value"},
               .from = "2026-03-01", .to = "2026-03-31", .compare = "prev", .pln_only = true};
    crm_test_response_t r = {0};
    int64_t march = 0, february = 0;

    world_bank(*state, &w);
    world_generate(&w, 320, 20260315);
    /* Sales the earlier period holds, or not, by a day: the 31 days before March 1st would
     * take in January 30th, the 91 days before April 1st December 31st. */
    world_signed(&w, w.b.anna, w.b.deposit, 100000, "2026-01-30T12:00:00Z");
    world_signed(&w, w.b.jan, w.b.loan, 200000, "2025-12-31T12:00:00Z");
    world_signed(&w, w.b.anna, w.b.loan, 300000, "2026-02-28T23:59:59Z");
    world_signed(&w, w.b.jan, w.b.deposit, 400000, "2026-03-01T00:00:00Z");
    world_read(&w);
    /* March against February (its 28 days, not the 31 days before March 1st). */
    check(&w, w.b.board, &a, everyone);
    for (int i = 0; i < w.n; i++) {
        char month[11];

        if (!signed_only(&w.o[i]) || strcmp(w.o[i].currency, "PLN") != 0)
            continue;
        world_bucket(w.o[i].signed_at, "month", month);
        march += !strcmp(month, "2026-03-01");
        february += !strcmp(month, "2026-02-01");
    }
    assert_true(march > 0 && february > 0);
    profile_get(w.b.board,
                "/api/v1/reports/retail_sales_dynamics?dims=&measures=contracts&from=2026-03-01&"
                "to=2026-03-31&compare=prev&filter=%7B%22amount.currency%22%3A%22PLN%22%7D",
                &r);
    assert_int_equal(crm_test_json_int(&r, "totals.0", -1), march);
    assert_int_equal(crm_test_json_int(&r, "totals.1", -1), february);
    crm_test_response_free(&r);
    /* A quarter against the quarter before, by product line. */
    a.dims[0] = "product_line";
    a.from = "2026-04-01";
    a.to = "2026-06-30";
    check(&w, w.b.board, &a, everyone);
    /* Each month of a half-year against the same month a year earlier. */
    a.dims[0] = "month";
    a.from = "2026-01-01";
    a.to = "2026-06-30";
    a.compare = "yoy";
    check(&w, w.b.board, &a, everyone);
    /* The months of a whole year each against the same month a year earlier (the two years
     * are adjacent: one aggregation over both, split by month). */
    a.to = "2026-12-31";
    check(&w, w.b.board, &a, everyone);
    /* A year against the year before, as a director. */
    a.dims[0] = "year";
    a.from = "2026-01-01";
    a.to = "2026-12-31";
    a.compare = "prev";
    check(&w, w.b.dorota, &a, branch_a);
}

static void
referrals_are_counted_by_referrer_advisor_status_and_outcome_in_each_roles_scope(void **state)
{
    static world_t w;
    ask_t a = {.report = "retail_referrals", .date_field = "created_at", .referrals = true,
               .dims = {"referrer"},
               .measures = {"referrals", "accepted", "converted", "declined", "signed", "lost",
                            "open", "conversion", "success"}};
    crm_test_response_t r = {0};
    const char *anna[1];

    world_bank(*state, &w);
    anna[0] = crm_test_user_id(w.b.anna);
    world_referrals(&w, 120, 20260401);
    world_read_referrals(&w);
    assert_int_equal(w.n_refs, 120);
    /* The teller, an advisor, the two directors and branch B's advisor passed needs on; every
     * status and outcome is there. */
    assert_int_equal(check(&w, w.b.board, &a, everyone), 5);
    a.dims[0] = "status";
    a.dims[1] = "outcome";
    assert_int_equal(check(&w, w.b.board, &a, everyone), 6);
    a.dims[0] = "advisor";
    a.dims[1] = "product_type";
    check(&w, w.b.board, &a, everyone);
    /* By unit and quarter of the referral, within a year. */
    a.dims[0] = "unit";
    a.dims[1] = "quarter";
    a.from = "2025-04-01";
    a.to = "2026-03-31";
    check(&w, w.b.board, &a, everyone);
    /* Each month of a half-year against the same month a year earlier. */
    memset(a.dims, 0, sizeof a.dims);
    a.dims[0] = "month";
    a.from = "2026-01-01";
    a.to = "2026-06-30";
    a.compare = "yoy";
    assert_int_equal(check(&w, w.b.board, &a, everyone), 6);
    /* In each one's scope of referral.read: an advisor the referrals passed to them (not those
     * they passed on), the teller the unit's (not its team's), a director the branch and its
     * team, the board all. */
    a.dims[0] = "referrer";
    a.dims[1] = "advisor";
    a.from = a.to = a.compare = NULL;
    check(&w, w.b.anna, &a, annas);
    check(&w, w.b.tomasz, &a, branch_a_only);
    check(&w, w.b.dorota, &a, branch_a);
    check(&w, w.b.zofia, &a, branch_b);
    check(&w, w.b.board, &a, everyone);
    profile_get(w.b.anna, "/api/v1/reports/retail_referrals?dims=referrer", &r);
    assert_int_equal(profile_row(&r, anna, 1), -1);
    crm_test_response_free(&r);
    /* The default view: by referrer. */
    profile_get(w.b.dorota, "/api/v1/reports/retail_referrals", &r);
    assert_string_equal(crm_test_json_string(&r, "columns.0.name"), "referrer");
    assert_string_equal(crm_test_json_string(&r, "columns.1.name"), "referrals");
    crm_test_response_free(&r);
}

/* --- exports --- */

/* The output of COMMAND (free with free()). */
static char *
run(const char *command)
{
    FILE *p = popen(command, "r");
    char *out = calloc(1, 1 << 20);
    size_t n;

    assert_non_null(p);
    n = fread(out, 1, (1 << 20) - 1, p);
    out[n] = '\0';
    pclose(p);
    return out;
}

/* The numbers of the cells of ROW (an array of the JSON result) as the CSV writes them
 * (money with the currency's two decimals) into CSV, and in currency units into VALUES. */
static int
row_numbers(bson_iter_t *row, char csv[][32], double *values)
{
    bson_iter_t it, sub;
    int n = 0;

    bson_iter_recurse(row, &it);
    while (bson_iter_next(&it) && n < 8) {
        if (BSON_ITER_HOLDS_INT(&it)) {
            snprintf(csv[n], 32, "%lld", (long long)bson_iter_as_int64(&it));
            values[n++] = (double)bson_iter_as_int64(&it);
        } else if (BSON_ITER_HOLDS_DOCUMENT(&it) && bson_iter_recurse(&it, &sub) &&
                   bson_iter_find(&sub, "amount")) {
            long long minor = (long long)bson_iter_as_int64(&sub);

            snprintf(csv[n], 32, "%lld.%02lld", minor / 100, minor % 100);
            values[n++] = (double)minor / 100.0;
        }
    }
    return n;
}

/* True when the sheet has a number cell (not a shared string) holding X. */
static bool
sheet_has(const char *sheet, double x)
{
    for (const char *v = strstr(sheet, "<v>"); v; v = strstr(v + 3, "<v>")) {
        const char *c = v;

        while (c > sheet && strncmp(c, "<c ", 3) != 0)
            c--;
        if (memmem(c, (size_t)(v - c), "t=\"s\"", 5) == NULL && absd(strtod(v + 3, NULL) - x) < 1e-6)
            return true;
    }
    return false;
}

/* Asserts that the CSV has LINE and the sheet each of the N numbers. */
static void
exported(const char *csv, const char *sheet, const char *line, const double *values, int n)
{
    if (!strstr(csv, line))
        fail_msg("no CSV line %s in %s", line + 2, csv);
    for (int i = 0; i < n; i++)
        if (!sheet_has(sheet, values[i]))
            fail_msg("no cell %.2f in the sheet", values[i]);
}

static void
exports_hold_the_same_figures_as_the_json(void **state)
{
    static world_t w;
    static const char *const query =
        "/api/v1/reports/retail_sales?dims=product_line,unit&measures=contracts,value,commission"
        "&filter=%7B%22amount.currency%22%3A%22PLN%22%7D";
    crm_test_response_t json = {0}, csv = {0}, xlsx = {0};
    char path[300], file[] = "/tmp/retail-report-XXXXXX.xlsx", command[128], line[256];
    char text[8][32];
    double cells[8];
    char *sheet;
    bson_iter_t rows, row;
    int fd, n_rows = 0;

    make_world(state, &w);
    profile_get(w.b.dorota, query, &json);
    snprintf(path, sizeof path, "%s&format=csv", query);
    profile_get(w.b.dorota, path, &csv);
    snprintf(path, sizeof path, "%s&format=xlsx", query);
    profile_get(w.b.dorota, path, &xlsx);
    fd = mkstemps(file, 5);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, xlsx.body, xlsx.body_len), (ssize_t)xlsx.body_len);
    close(fd);
    snprintf(command, sizeof command, "unzip -p %s xl/worksheets/sheet1.xml", file);
    sheet = run(command);
    unlink(file);
    assert_non_null(strstr(csv.body, "Product line,Unit,Contracts signed,Value,Value currency,"
                                     "Commission,Commission currency\r\n"));
    /* Each row: the same numbers in its CSV line and in the sheet's cells. */
    bson_iter_init_find(&rows, &json.json, "rows");
    bson_iter_recurse(&rows, &row);
    while (bson_iter_next(&row)) {
        const char *dims[2];
        bson_iter_t cell;

        n_rows++;
        bson_iter_recurse(&row, &cell);
        bson_iter_next(&cell);
        dims[0] = BSON_ITER_HOLDS_UTF8(&cell) ? bson_iter_utf8(&cell, NULL) : "";
        bson_iter_next(&cell);
        dims[1] = bson_iter_utf8(&cell, NULL);
        /* The unit's id in the JSON, its name (from the column's names) in the exports. */
        snprintf(line, sizeof line, "columns.1.names.%s", dims[1]);
        assert_string_equal(crm_test_json_string(&json, "columns.1.ref"), "org_units");
        dims[1] = crm_test_json_string(&json, line);
        assert_non_null(dims[1]);
        assert_int_equal(row_numbers(&row, text, cells), 3);
        snprintf(line, sizeof line, "\r\n%s,%s,%s,%s,PLN,%s,PLN\r\n", dims[0], dims[1], text[0],
                 text[1], text[2]);
        exported(csv.body, sheet, line, cells, 3);
    }
    assert_true(n_rows >= 3);
    /* And the totals. */
    bson_iter_init_find(&row, &json.json, "totals");
    assert_int_equal(row_numbers(&row, text, cells), 3);
    snprintf(line, sizeof line, "\r\nTotal,,%s,%s,PLN,%s,PLN\r\n", text[0], text[1], text[2]);
    exported(csv.body, sheet, line, cells, 3);
    free(sheet);
    crm_test_response_free(&json);
    crm_test_response_free(&csv);
    crm_test_response_free(&xlsx);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_pipeline_counts_open_opportunities_by_stage_value_source_and_closing),
        cmocka_unit_test(conversion_counts_shares_days_to_sign_and_drop_out_by_stage_and_source),
        cmocka_unit_test(
            contracts_signed_are_counted_by_product_line_unit_kind_and_period_with_commission),
        cmocka_unit_test(each_role_sees_its_own_scope_in_every_report),
        cmocka_unit_test(renewals_are_counted_by_outcome_and_reason),
        cmocka_unit_test(sales_dynamics_compares_a_month_with_the_month_before_and_a_year_before),
        cmocka_unit_test(
            referrals_are_counted_by_referrer_advisor_status_and_outcome_in_each_roles_scope),
        cmocka_unit_test(exports_hold_the_same_figures_as_the_json),
    };

    retail_test_config = world_config;
    return retail_test_main(argc, argv, "retail_reports", tests, sizeof tests / sizeof tests[0]);
}
