/* Renewals. The job retail_renewals turns every active account of a renewed product type
 * (retail.renewal_product_types) maturing within retail.renewal_horizon_days into a renewal
 * opportunity for the account's owner, with a task to talk to the client: one per account and
 * maturity (the opportunity's renewal_of and expected_close), so running it again creates
 * nothing new. The job retail_renewal_outcomes records, once a renewal's contract has matured,
 * whether it was extended (the opportunity was signed) or expired, and why; an opportunity
 * still open at maturity is closed as lost. Both run on the job's clock (crm_job_now()). */
#include "retail-private.h"

#include <crm/job.h>
#include <crm/store.h>

#include <stdio.h>
#include <string.h>

/* A product of a renewed type. */
typedef struct product {
    bson_oid_t id;
    char name[201];
} product_t;

/* An account to renew, as the store holds it. */
typedef struct account {
    char id[25], client[25], product[25], owner[65], unit[25], number[65], currency[4];
    int64_t maturity, balance;
    bool has_balance;
    const char *product_name;
} account_t;

typedef struct renewals {
    crm_job_run_t *run;
    product_t *products;
    size_t n_products;
    account_t *accounts;
    size_t n_accounts, cap_accounts;
    const account_t *current;
} renewals_t;

/* Copies the string at KEY of DOC into BUF (CAP bytes), "" when absent. */
static void
copy_str(const bson_t *doc, const char *key, char *buf, size_t cap)
{
    const char *s = retail_str(doc, key);

    snprintf(buf, cap, "%s", s ? s : "");
}

/* Copies the ObjectId at KEY of DOC as hex into BUF, "" when absent. */
static void
copy_oid(const bson_t *doc, const char *key, char buf[25])
{
    bson_iter_t it;

    buf[0] = '\0';
    if (bson_iter_init_find(&it, doc, key) && BSON_ITER_HOLDS_OID(&it))
        bson_oid_to_string(bson_iter_oid(&it), buf);
}

/* Reads the products of the renewed types. */
static int
read_products(crm_store_t *store, renewals_t *r, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, in, types;
    crm_cursor_t *cur;
    const bson_t *doc;
    bson_iter_t it;
    size_t cap = 0;
    int rc = 0;

    BSON_APPEND_DOCUMENT_BEGIN(&filter, "type", &in);
    BSON_APPEND_ARRAY_BEGIN(&in, "$in", &types);
    for (uint32_t i = 0; retail_settings.renewal_types[i]; i++) {
        char idx[16];
        const char *key;

        bson_uint32_to_string(i, &key, idx, sizeof idx);
        bson_append_utf8(&types, key, -1, retail_settings.renewal_types[i], -1);
    }
    bson_append_array_end(&in, &types);
    bson_append_document_end(&filter, &in);
    cur = crm_store_find(store, "product", &filter, NULL, error);
    while (cur && crm_cursor_next(cur, &doc)) {
        if (!bson_iter_init_find(&it, doc, "_id") || !BSON_ITER_HOLDS_OID(&it))
            continue;
        if (r->n_products == cap) {
            cap = cap ? cap * 2 : 32;
            r->products = bson_realloc(r->products, cap * sizeof *r->products);
        }
        bson_oid_copy(bson_iter_oid(&it), &r->products[r->n_products].id);
        copy_str(doc, "name", r->products[r->n_products].name, sizeof r->products[0].name);
        r->n_products++;
    }
    if (!cur || crm_cursor_error(cur, error))
        rc = CRM_ESTORE;
    crm_cursor_destroy(cur);
    bson_destroy(&filter);
    return rc;
}

static const char *
product_name(const renewals_t *r, const char *id)
{
    char hex[25];

    for (size_t i = 0; i < r->n_products; i++) {
        bson_oid_to_string(&r->products[i].id, hex);
        if (strcmp(hex, id) == 0)
            return r->products[i].name;
    }
    return "";
}

static void
add_account(renewals_t *r, const bson_t *doc)
{
    account_t *a;

    if (r->n_accounts == r->cap_accounts) {
        r->cap_accounts = r->cap_accounts ? r->cap_accounts * 2 : 64;
        r->accounts = bson_realloc(r->accounts, r->cap_accounts * sizeof *r->accounts);
    }
    a = &r->accounts[r->n_accounts];
    memset(a, 0, sizeof *a);
    copy_oid(doc, "_id", a->id);
    copy_oid(doc, "client_id", a->client);
    copy_oid(doc, "product_id", a->product);
    copy_str(doc, "owner_id", a->owner, sizeof a->owner);
    copy_str(doc, "org_unit", a->unit, sizeof a->unit);
    copy_str(doc, "number", a->number, sizeof a->number);
    copy_str(doc, "balance.currency", a->currency, sizeof a->currency);
    a->has_balance = a->currency[0] && retail_int(doc, "balance.amount", &a->balance) &&
                     a->balance >= 0;
    if (!retail_time(doc, "maturity", &a->maturity) || !a->client[0] || !a->product[0])
        return;
    a->product_name = product_name(r, a->product);
    r->n_accounts++;
}

/* Reads the active accounts of those products maturing in the window. */
static int
read_accounts(crm_store_t *store, renewals_t *r, int64_t from, int64_t to, crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, range, in, ids;
    crm_cursor_t *cur;
    const bson_t *doc;
    int rc = 0;

    BSON_APPEND_UTF8(&filter, "status", "active");
    BSON_APPEND_DOCUMENT_BEGIN(&filter, "maturity", &range);
    BSON_APPEND_DATE_TIME(&range, "$gte", from);
    BSON_APPEND_DATE_TIME(&range, "$lte", to);
    bson_append_document_end(&filter, &range);
    BSON_APPEND_DOCUMENT_BEGIN(&filter, "product_id", &in);
    BSON_APPEND_ARRAY_BEGIN(&in, "$in", &ids);
    for (uint32_t i = 0; i < r->n_products; i++) {
        char idx[16];
        const char *key;

        bson_uint32_to_string(i, &key, idx, sizeof idx);
        BSON_APPEND_OID(&ids, key, &r->products[i].id);
    }
    bson_append_array_end(&in, &ids);
    bson_append_document_end(&filter, &in);
    cur = crm_store_find(store, "account", &filter, NULL, error);
    while (cur && crm_cursor_next(cur, &doc))
        add_account(r, doc);
    if (!cur || crm_cursor_error(cur, error))
        rc = CRM_ESTORE;
    crm_cursor_destroy(cur);
    bson_destroy(&filter);
    return rc;
}

/* One transaction: the renewal opportunity of the current account and its owner's task,
 * unless the account's maturity already has its opportunity. */
static int
renew_one(crm_store_t *store, void *data, crm_error_t *error)
{
    renewals_t *r = data;
    const account_t *a = r->current;
    const crm_identity_t *actor = crm_job_identity(r->run);
    bson_t filter = BSON_INITIALIZER, doc = BSON_INITIALIZER, out, money;
    char title[256], task_title[256], opportunity[25];
    bson_oid_t oid;
    int64_t existing = 0;
    int rc;

    bson_oid_init_from_string(&oid, a->id);
    BSON_APPEND_OID(&filter, "renewal_of", &oid);
    BSON_APPEND_DATE_TIME(&filter, "expected_close", a->maturity);
    rc = crm_store_count(store, "opportunity", &filter, &existing, error);
    bson_destroy(&filter);
    if (rc != 0 || existing > 0) {
        crm_job_count(r->run, "existing", existing > 0);
        return rc;
    }
    snprintf(title, sizeof title, "Renewal: %s", a->product_name[0] ? a->product_name : a->number);
    bson_append_utf8(&doc, "title", -1, title, -1);
    bson_append_utf8(&doc, "client_id", -1, a->client, -1);
    bson_append_utf8(&doc, "product_id", -1, a->product, -1);
    bson_append_utf8(&doc, "renewal_of", -1, a->id, -1);
    retail_put_time(&doc, "expected_close", a->maturity, true);
    if (a->has_balance) {
        BSON_APPEND_DOCUMENT_BEGIN(&doc, "amount", &money);
        BSON_APPEND_INT64(&money, "amount", a->balance);
        bson_append_utf8(&money, "currency", -1, a->currency, -1);
        bson_append_document_end(&doc, &money);
    }
    if (a->owner[0])
        bson_append_utf8(&doc, "owner_id", -1, a->owner, -1);
    if (a->unit[0])
        bson_append_utf8(&doc, "org_unit", -1, a->unit, -1);
    rc = crm_entity_create(actor, "opportunity", &doc, &out, error);
    bson_destroy(&doc);
    if (rc != 0)
        return rc;
    snprintf(opportunity, sizeof opportunity, "%s", retail_str(&out, "id"));
    bson_destroy(&out);
    crm_job_count(r->run, "created", 1);
    if (!crm_user_exists(a->owner)) {
        crm_job_count(r->run, "without_owner", 1);
        return 0;
    }
    snprintf(task_title, sizeof task_title, "Renewal: contract %s matures", a->number);
    {
        /* A week before maturity, or now when that has passed. */
        int64_t due = a->maturity - 7 * RETAIL_MS_PER_DAY + 9 * 3600000;
        retail_task_t task = {.title = task_title,
                              .notes = "Talk to the client about renewing before the contract "
                                       "matures; the renewal opportunity is linked.",
                              .client_id = a->client,
                              .opportunity_id = opportunity,
                              .assignee = a->owner,
                              .org_unit = a->unit[0] ? a->unit : NULL,
                              .due = due > crm_job_now(r->run) ? due : crm_job_now(r->run)};

        rc = retail_task_create(actor, &task, error);
    }
    if (rc == 0)
        crm_job_count(r->run, "tasks", 1);
    return rc;
}

static int
run_renewals(crm_job_run_t *run, void *data, crm_error_t *error)
{
    crm_store_t *store = crm_job_store(run);
    renewals_t r = {.run = run};
    int64_t from, to, failed = 0;
    int rc;

    (void)data;
    retail_renewal_window(crm_job_now(run), retail_settings.renewal_horizon_days, &from, &to);
    rc = read_products(store, &r, error);
    if (rc == 0 && r.n_products > 0)
        rc = read_accounts(store, &r, from, to, error);
    crm_job_count(run, "accounts", (int64_t)r.n_accounts);
    for (size_t i = 0; rc == 0 && i < r.n_accounts && !crm_job_stopping(run); i++) {
        crm_error_t one = {0};

        r.current = &r.accounts[i];
        if (crm_store_transaction(store, renew_one, &r, &one) != 0) {
            failed++;
            crm_job_message(run, "account %s: %s", r.accounts[i].id, one.message);
        }
    }
    crm_job_count(run, "failed", failed);
    if (rc == 0 && failed == 0)
        crm_job_message(run, "%zu accounts mature within %d days", r.n_accounts,
                        retail_settings.renewal_horizon_days);
    bson_free(r.products);
    bson_free(r.accounts);
    return rc;
}

/* --- outcomes at maturity --- */

typedef struct matured {
    char id[25];
    int stage;
    char lost_reason[32];
} matured_t;

static int
run_outcomes(crm_job_run_t *run, void *data, crm_error_t *error)
{
    crm_store_t *store = crm_job_store(run);
    bson_t filter = BSON_INITIALIZER, exists, missing, due;
    matured_t *m = NULL;
    size_t n = 0, cap = 0;
    crm_cursor_t *cur;
    const bson_t *doc;
    int64_t failed = 0;
    int rc = 0;

    (void)data;
    BSON_APPEND_DOCUMENT_BEGIN(&filter, "renewal_of", &exists);
    BSON_APPEND_BOOL(&exists, "$exists", true);
    bson_append_document_end(&filter, &exists);
    BSON_APPEND_DOCUMENT_BEGIN(&filter, "renewal_outcome", &missing);
    BSON_APPEND_BOOL(&missing, "$exists", false);
    bson_append_document_end(&filter, &missing);
    BSON_APPEND_DOCUMENT_BEGIN(&filter, "expected_close", &due);
    BSON_APPEND_DATE_TIME(&due, "$lte", retail_day_start(crm_job_now(run)));
    bson_append_document_end(&filter, &due);
    cur = crm_store_find(store, "opportunity", &filter, NULL, error);
    while (cur && crm_cursor_next(cur, &doc)) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            m = bson_realloc(m, cap * sizeof *m);
        }
        copy_oid(doc, "_id", m[n].id);
        m[n].stage = retail_stage_parse(retail_str(doc, "stage"));
        copy_str(doc, "lost_reason", m[n].lost_reason, sizeof m[n].lost_reason);
        n += m[n].id[0] && m[n].stage >= 0;
    }
    if (!cur || crm_cursor_error(cur, error))
        rc = CRM_ESTORE;
    crm_cursor_destroy(cur);
    bson_destroy(&filter);
    for (size_t i = 0; rc == 0 && i < n && !crm_job_stopping(run); i++) {
        const char *reason, *outcome = retail_renewal_outcome(
                                m[i].stage, m[i].lost_reason[0] ? m[i].lost_reason : NULL, &reason);
        bson_t patch = BSON_INITIALIZER;
        crm_error_t one = {0};

        BSON_APPEND_UTF8(&patch, "renewal_outcome", outcome);
        if (reason)
            BSON_APPEND_UTF8(&patch, "renewal_reason", reason);
        /* Undecided at maturity: the contract is gone, and so is the sale. */
        if (m[i].stage < RETAIL_OPEN_STAGES) {
            BSON_APPEND_UTF8(&patch, "stage", "lost");
            BSON_APPEND_UTF8(&patch, "lost_reason", "other");
            BSON_APPEND_UTF8(&patch, "lost_note", "The contract matured without a decision.");
        }
        if (crm_entity_update(crm_job_identity(run), "opportunity", m[i].id, &patch, NULL, &one) ==
            0) {
            crm_job_count(run, outcome, 1);
        } else {
            failed++;
            crm_job_message(run, "opportunity %s: %s", m[i].id, one.message);
        }
        bson_destroy(&patch);
    }
    crm_job_count(run, "failed", failed);
    bson_free(m);
    return rc;
}

static const crm_job_def_t renewals_job = {
    .size = sizeof(crm_job_def_t),
    .id = "retail_renewals",
    .title = "Renewal opportunities for maturing contracts",
    .cron = "0 5 * * *",
    .run = run_renewals,
};

static const crm_job_def_t outcomes_job = {
    .size = sizeof(crm_job_def_t),
    .id = "retail_renewal_outcomes",
    .title = "Renewals extended or expired at maturity",
    .cron = "30 5 * * *",
    .run = run_outcomes,
};

int
retail_renewals_register(crm_plugin_t *plugin, crm_error_t *error)
{
    int rc = crm_job_register(plugin, &renewals_job, error);

    if (rc == 0)
        rc = crm_job_register(plugin, &outcomes_job, error);
    return rc;
}
