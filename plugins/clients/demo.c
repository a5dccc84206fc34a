/* The clients plugin's demo data (crm/demo.h): a product catalogue, then crm_demo_clients()
 * clients spread over the demo bank's advisors, each with accounts, some with cards, a
 * history of interactions and a few tasks — some due today, some overdue — so every view has
 * something to show. Deterministic: every choice comes from crm_demo_random(), every date is
 * relative to crm_demo_now(). Written in transactions of a few hundred clients. */
#include "clients-private.h"

#include <crm/demo.h>
#include <crm/identity.h>
#include <crm/store.h>

#include <stdio.h>
#include <string.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define BATCH 250
#define DAY_MS 86400000LL

static const char *const first_m[] = {"Piotr", "Jan", "Tomasz", "Marek", "Andrii", "Oleksandr",
                                      "Pavel", "Krzysztof", "Michal", "Taras", "Adam", "Ivan"};
static const char *const first_f[] = {"Anna", "Maria", "Katarzyna", "Olena", "Natalia", "Zofia",
                                      "Ewa", "Sofia", "Agnieszka", "Iryna", "Magdalena", "Oksana"};
static const char *const last_m[] = {"Nowak", "Kowalski", "Wisniewski", "Zielinski", "Wojcik",
                                     "Kaminski", "Shevchenko", "Kovalenko", "Bondarenko",
                                     "Lewandowski", "Mazur", "Tkachenko"};
static const char *const last_f[] = {"Nowak", "Kowalska", "Wisniewska", "Zielinska", "Wojcik",
                                     "Kaminska", "Shevchenko", "Kovalenko", "Bondarenko",
                                     "Lewandowska", "Mazur", "Tkachenko"};
static const char *const companies[] = {"Agro", "Budmax", "Transline", "Medica", "Softnet",
                                        "Polmetal", "Energo", "Logistyka", "Ekobud", "Farmex"};
static const char *const company_forms[] = {"Sp. z o.o.", "S.A.", "sp.j."};
static const char *const cities[] = {"Krakow", "Warszawa", "Gdansk", "Lviv", "Kyiv", "Wroclaw"};
static const char *const regions[] = {"malopolskie", "mazowieckie", "pomorskie",
                                      "lvivska",     "kyivska",     "dolnoslaskie"};
static const char *const occupations[] = {"teacher", "engineer", "physician", "driver",
                                          "accountant", "entrepreneur", "nurse", "programmer"};
static const char *const incomes[] = {"low", "lower_middle", "middle", "upper_middle", "high",
                                      "very_high"};
static const char *const sources[] = {"branch", "web", "mobile", "call_centre", "referral",
                                      "campaign"};
static const char *const kinds[] = {"call", "meeting", "email", "sms", "visit", "request"};
static const char *const channels[] = {"phone", "branch", "email", "sms", "branch", "web"};
static const char *const outcomes[] = {"interested", "not now", "offer sent", "no answer",
                                       "signed", "complaint handled"};
static const char *const task_titles[] = {"Call about deposit renewal", "Send mortgage offer",
                                          "Update contact details", "Prepare credit review",
                                          "Invite to an investment meeting"};

static const struct {
    const char *code, *name, *type, *line;
    int risk;
} products[] = {
    {"ROR-STD", "Personal account", "account", "daily banking", 1},
    {"ROR-PREM", "Premium account", "account", "daily banking", 1},
    {"DEP-3M", "Deposit 3 months", "deposit", "savings", 1},
    {"DEP-12M", "Deposit 12 months", "deposit", "savings", 1},
    {"MORT-FIX", "Fixed-rate mortgage", "loan", "mortgages", 3},
    {"CASH-LOAN", "Cash loan", "loan", "consumer loans", 4},
    {"CARD-CREDIT", "Credit card", "card", "cards", 3},
    {"INS-LIFE", "Life insurance", "insurance", "bancassurance", 2},
    {"FUND-BAL", "Balanced fund", "investment", "investments", 4},
    {"BIZ-ACC", "Business account", "account", "business banking", 1},
};
#define N_PRODUCTS N_OF(products)

typedef struct seed {
    crm_demo_t *demo;
    size_t advisors[32], n_advisors;
    char product_ids[N_PRODUCTS][25];
    int64_t next, end; /* the clients of the current batch */
    int64_t accounts, cards, interactions, tasks;
} seed_t;

/* Appends the string VALUE under KEY (a function: BSON_APPEND_UTF8 evaluates its value twice,
 * and the values here come from the random sequence). */
static void
put(bson_t *doc, const char *key, const char *value)
{
    bson_append_utf8(doc, key, -1, value, -1);
}

static uint32_t
pick(seed_t *s, uint32_t n)
{
    return crm_demo_random(s->demo) % n;
}

/* Creates a record of ENTITY from DOC as the system; its id into ID when not NULL. */
static int
create(const char *entity, const bson_t *doc, char id[25], crm_error_t *error)
{
    bson_t out;
    int rc = crm_entity_create(crm_identity_system(), entity, doc, id ? &out : NULL, error);

    if (rc == 0 && id) {
        snprintf(id, 25, "%s", clients_str(&out, "id") ? clients_str(&out, "id") : "");
        bson_destroy(&out);
    }
    return rc;
}

static void
append_owner(seed_t *s, size_t advisor, bson_t *doc)
{
    put(doc, "owner_id", crm_demo_staff_id(s->demo, advisor));
    put(doc, "org_unit", crm_demo_staff_unit(s->demo, advisor));
}

/* YYYY-MM-DD of MS into BUF. */
static void
date_of(int64_t ms, char buf[32])
{
    clients_iso_time(ms, buf);
    buf[10] = '\0';
}

/* A valid PESEL for a birth date (Y, M, D) and a serial. */
static void
pesel(int y, int m, int d, uint32_t serial, bool female, char out[12])
{
    static const int weights[] = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
    int month = m + (y >= 2000 ? 20 : 0), sum = 0, sex = (int)(serial % 5) * 2 + (female ? 0 : 1);

    snprintf(out, 12, "%02d%02d%02d%03u%d", y % 100, month, d, serial % 1000, sex);
    for (int i = 0; i < 10; i++)
        sum += (out[i] - '0') * weights[i];
    out[10] = (char)('0' + (10 - sum % 10) % 10);
    out[11] = '\0';
}

static void
append_consent(seed_t *s, bson_t *consents, const char *name, int64_t now)
{
    bson_t c;
    char date[32];

    date_of(now - (int64_t)pick(s, 900) * DAY_MS, date);
    BSON_APPEND_DOCUMENT_BEGIN(consents, name, &c);
    BSON_APPEND_BOOL(&c, "granted", pick(s, 10) < 7);
    put(&c, "date", date);
    put(&c, "origin", pick(s, 2) ? "branch form" : "mobile app");
    bson_append_document_end(consents, &c);
}

/* The client's own record; its id into ID. */
static int
seed_client(seed_t *s, int64_t i, size_t advisor, char id[25], crm_error_t *error)
{
    bson_t doc = BSON_INITIALIZER, arr, addrs, home, consents;
    int64_t now = crm_demo_now(s->demo);
    bool org = pick(s, 10) == 0, female = pick(s, 2) == 0;
    uint32_t city = pick(s, N_OF(cities));
    char phone[32], email[96], buf[64];
    int rc;

    put(&doc, "kind", org ? "organisation" : "individual");
    put(&doc, "status", pick(s, 12) ? "active" : "potential");
    if (org) {
        snprintf(buf, sizeof buf, "%s %s %s", companies[pick(s, N_OF(companies))],
                 cities[city], company_forms[pick(s, N_OF(company_forms))]);
        put(&doc, "company_name", buf);
        snprintf(buf, sizeof buf, "%010lld", (long long)(5260000000LL + i));
        put(&doc, "registration_number", buf);
        put(&doc, "industry", occupations[pick(s, N_OF(occupations))]);
        put(&doc, "revenue_band", pick(s, 3) ? "small" : "medium");
    } else {
        int y = 1950 + (int)pick(s, 55), m = 1 + (int)pick(s, 12), d = 1 + (int)pick(s, 28);
        char id_no[12];

        put(&doc, "first_name",
                         female ? first_f[pick(s, N_OF(first_f))] : first_m[pick(s, N_OF(first_m))]);
        put(&doc, "last_name",
                         female ? last_f[pick(s, N_OF(last_f))] : last_m[pick(s, N_OF(last_m))]);
        pesel(y, m, d, (uint32_t)i, female, id_no);
        put(&doc, "national_id", id_no);
        if (pick(s, 4))
            put(&doc, "occupation", occupations[pick(s, N_OF(occupations))]);
        put(&doc, "income_band", incomes[pick(s, N_OF(incomes))]);
    }
    bson_append_array_begin(&doc, "phones", -1, &arr);
    snprintf(phone, sizeof phone, "+48 6%02u %03lld %03lld", pick(s, 100), (long long)(i / 1000 % 1000),
             (long long)(i % 1000));
    put(&arr, "0", phone);
    bson_append_array_end(&doc, &arr);
    if (pick(s, 5)) {
        bson_append_array_begin(&doc, "emails", -1, &arr);
        snprintf(email, sizeof email, "client%lld@example.com", (long long)i);
        put(&arr, "0", email);
        bson_append_array_end(&doc, &arr);
    }
    BSON_APPEND_DOCUMENT_BEGIN(&doc, "addresses", &addrs);
    BSON_APPEND_DOCUMENT_BEGIN(&addrs, org ? "registered" : "home", &home);
    snprintf(buf, sizeof buf, "ul. Demo %u", 1 + pick(s, 200));
    put(&home, "street", buf);
    put(&home, "city", cities[city]);
    put(&home, "country", city == 3 || city == 4 ? "UA" : "PL");
    bson_append_document_end(&addrs, &home);
    bson_append_document_end(&doc, &addrs);
    put(&doc, "region", regions[city]);
    put(&doc, "source", sources[pick(s, N_OF(sources))]);
    BSON_APPEND_DOCUMENT_BEGIN(&doc, "consents", &consents);
    append_consent(s, &consents, "email", now);
    append_consent(s, &consents, "sms", now);
    append_consent(s, &consents, "phone", now);
    append_consent(s, &consents, "profiling", now);
    bson_append_document_end(&doc, &consents);
    snprintf(buf, sizeof buf, "CBS-C-%08lld", (long long)i);
    put(&doc, "cbs_id", buf);
    append_owner(s, advisor, &doc);
    rc = create("client", &doc, id, error);
    bson_destroy(&doc);
    return rc;
}

/* One to three accounts, a card on some; the client's id is CLIENT. */
static int
seed_accounts(seed_t *s, int64_t i, size_t advisor, const char *client, crm_error_t *error)
{
    int64_t now = crm_demo_now(s->demo);
    uint32_t n = 1 + pick(s, 3);
    int rc = 0;

    for (uint32_t a = 0; rc == 0 && a < n; a++) {
        bson_t doc = BSON_INITIALIZER, money;
        uint32_t p = a == 0 ? pick(s, 2) : 2 + pick(s, N_PRODUCTS - 2);
        char number[40], opened[32], maturity[32], account[25];
        bool has_maturity = !strcmp(products[p].type, "deposit") ||
                            !strcmp(products[p].type, "loan");

        snprintf(number, sizeof number, "PL%02u1020%016lld", (unsigned)(i % 97),
                 (long long)(i * 4 + a));
        date_of(now - (int64_t)(30 + pick(s, 2500)) * DAY_MS, opened);
        put(&doc, "number", number);
        put(&doc, "client_id", client);
        put(&doc, "product_id", s->product_ids[p]);
        put(&doc, "status", pick(s, 15) ? "active" : "dormant");
        put(&doc, "opened", opened);
        if (has_maturity) {
            /* some mature within weeks: renewals have something to find */
            date_of(now + ((int64_t)pick(s, 400) - 30) * DAY_MS, maturity);
            put(&doc, "maturity", maturity);
        }
        BSON_APPEND_DOCUMENT_BEGIN(&doc, "balance", &money);
        BSON_APPEND_INT64(&money, "amount", (int64_t)pick(s, 20000000) * 10);
        put(&money, "currency", pick(s, 8) ? "PLN" : "EUR");
        bson_append_document_end(&doc, &money);
        snprintf(number, sizeof number, "CBS-A-%08lld-%u", (long long)i, a);
        put(&doc, "cbs_id", number);
        append_owner(s, advisor, &doc);
        rc = create("account", &doc, account, error);
        bson_destroy(&doc);
        s->accounts++;
        if (rc == 0 && (a == 0 || !strcmp(products[p].type, "card")) && pick(s, 3)) {
            bson_t card = BSON_INITIALIZER;
            char masked[32], expiry[8];

            snprintf(masked, sizeof masked, "4111 **** **** %04u", pick(s, 10000));
            snprintf(expiry, sizeof expiry, "20%02u-%02u", 27 + pick(s, 4), 1 + pick(s, 12));
            put(&card, "masked_number", masked);
            put(&card, "account_id", account);
            put(&card, "client_id", client);
            put(&card, "type", strcmp(products[p].type, "card") ? "debit" : "credit");
            put(&card, "status", "active");
            put(&card, "expiry", expiry);
            append_owner(s, advisor, &card);
            rc = create("card", &card, NULL, error);
            bson_destroy(&card);
            s->cards++;
        }
    }
    return rc;
}

/* A history of interactions and a few tasks with the client's advisor. */
static int
seed_activity(seed_t *s, size_t advisor, const char *client, crm_error_t *error)
{
    int64_t now = crm_demo_now(s->demo);
    const char *employee = crm_demo_staff_id(s->demo, advisor);
    uint32_t n = pick(s, 6);
    int rc = 0;

    for (uint32_t k = 0; rc == 0 && k < n; k++) {
        bson_t doc = BSON_INITIALIZER;
        uint32_t kind = pick(s, N_OF(kinds));
        /* mostly the past two years; now and then a meeting later today */
        int64_t at = kind == 1 && pick(s, 8) == 0 ? now + (int64_t)(1 + pick(s, 6)) * 3600000
                                                  : now - (int64_t)pick(s, 730 * 24) * 3600000;
        char when[32];

        clients_iso_time(at, when);
        put(&doc, "kind", kinds[kind]);
        put(&doc, "direction", pick(s, 3) ? "out" : "in");
        put(&doc, "channel", channels[kind]);
        put(&doc, "at", when);
        put(&doc, "client_id", client);
        put(&doc, "employee", employee);
        put(&doc, "subject", task_titles[pick(s, N_OF(task_titles))]);
        put(&doc, "outcome", outcomes[pick(s, N_OF(outcomes))]);
        append_owner(s, advisor, &doc);
        rc = create("interaction", &doc, NULL, error);
        bson_destroy(&doc);
        s->interactions++;
    }
    n = pick(s, 3) == 0 ? 1 + pick(s, 2) : 0;
    for (uint32_t k = 0; rc == 0 && k < n; k++) {
        bson_t doc = BSON_INITIALIZER;
        int64_t due = now + ((int64_t)pick(s, 30) - 10) * DAY_MS;
        char when[32];

        clients_iso_time(due, when);
        put(&doc, "title", task_titles[pick(s, N_OF(task_titles))]);
        put(&doc, "client_id", client);
        put(&doc, "assignee", employee);
        put(&doc, "due", when);
        put(&doc, "priority", pick(s, 4) ? "normal" : "high");
        put(&doc, "status", due < now && pick(s, 2) ? "done" : "open");
        put(&doc, "origin", "clients");
        append_owner(s, advisor, &doc);
        rc = create("task", &doc, NULL, error);
        bson_destroy(&doc);
        s->tasks++;
    }
    return rc;
}

/* One transaction: the clients [s->next, s->end). */
static int
seed_batch(crm_store_t *store, void *data, crm_error_t *error)
{
    seed_t *s = data;
    int rc = 0;

    (void)store;
    for (int64_t i = s->next; rc == 0 && i < s->end; i++) {
        size_t advisor = s->advisors[(size_t)i % s->n_advisors];
        char id[25];

        rc = seed_client(s, i, advisor, id, error);
        if (rc == 0)
            rc = seed_accounts(s, i, advisor, id, error);
        if (rc == 0)
            rc = seed_activity(s, advisor, id, error);
    }
    return rc;
}

static int
seed(crm_demo_t *demo, void *data, crm_error_t *error)
{
    crm_plugin_t *plugin = data;
    seed_t *s = bson_malloc0(sizeof *s);
    int64_t n = crm_demo_clients(demo);
    int rc = 0;

    s->demo = demo;
    for (size_t i = 0; i < crm_demo_staff_count(demo) && s->n_advisors < N_OF(s->advisors); i++)
        if (!strcmp(crm_demo_staff_role(demo, i), "advisor"))
            s->advisors[s->n_advisors++] = i;
    if (!s->n_advisors) {
        bson_free(s);
        return 0;
    }
    for (size_t p = 0; rc == 0 && p < N_PRODUCTS; p++) {
        bson_t doc = BSON_INITIALIZER;

        put(&doc, "code", products[p].code);
        put(&doc, "name", products[p].name);
        put(&doc, "type", products[p].type);
        put(&doc, "line", products[p].line);
        BSON_APPEND_INT32(&doc, "risk_class", products[p].risk);
        BSON_APPEND_BOOL(&doc, "active", true);
        rc = create("product", &doc, s->product_ids[p], error);
        bson_destroy(&doc);
    }
    for (s->next = 0; rc == 0 && s->next < n; s->next = s->end) {
        s->end = s->next + BATCH < n ? s->next + BATCH : n;
        rc = crm_store_transaction(crm_plugin_store(plugin), seed_batch, s, error);
    }
    if (rc == 0)
        printf("seed-demo: clients: %lld clients, %lld accounts, %lld cards, %lld interactions, "
               "%lld tasks\n",
               (long long)n, (long long)s->accounts, (long long)s->cards,
               (long long)s->interactions, (long long)s->tasks);
    bson_free(s);
    return rc;
}

int
clients_demo_register(crm_plugin_t *plugin, crm_error_t *error)
{
    return crm_demo_register(plugin, seed, plugin, error);
}
