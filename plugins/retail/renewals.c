/* Renewals. The job retail_renewals turns every active account of a renewed product type
 * (retail.renewal_retail_product_types) maturing within retail.renewal_horizon_days into a renewal
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

/* Reads the products of the renewed types. */
static int
read_products(crm_store_t *store, retail_renewals_t *r, crm_error_t *error)
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
        r->products = retail_grow(r->products, r->n_products, &cap, sizeof *r->products);
        bson_oid_copy(bson_iter_oid(&it), &r->products[r->n_products].id);
        retail_copy_str(doc, "name", r->products[r->n_products].name, sizeof r->products[0].name);
        r->n_products++;
    }
    if (!cur || crm_cursor_error(cur, error))
        rc = CRM_ESTORE;
    crm_cursor_destroy(cur);
    bson_destroy(&filter);
    return rc;
}

static const char *
product_name(const retail_renewals_t *r, const char *id)
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
add_account(retail_renewals_t *r, const bson_t *doc)
{
    retail_account_t *a;

    r->accounts = retail_grow(r->accounts, r->n_accounts, &r->cap_accounts, sizeof *r->accounts);
    a = &r->accounts[r->n_accounts];
    memset(a, 0, sizeof *a);
    retail_copy_id(doc, "_id", a->id);
    retail_copy_id(doc, "client_id", a->client);
    retail_copy_id(doc, "product_id", a->product);
    retail_copy_str(doc, "owner_id", a->owner, sizeof a->owner);
    retail_copy_str(doc, "org_unit", a->unit, sizeof a->unit);
    retail_copy_str(doc, "number", a->number, sizeof a->number);
    retail_copy_str(doc, "balance.currency", a->currency, sizeof a->currency);
    a->has_balance =
        a->currency[0] && retail_int(doc, "balance.amount", &a->balance) && a->balance >= 0;
    if (!retail_time(doc, "maturity", &a->maturity) || !a->client[0] || !a->product[0])
        return;
    a->product_name = product_name(r, a->product);
    r->n_accounts++;
}

/* Reads the active accounts of those products maturing in the window. */
static int
read_accounts(crm_store_t *store, retail_renewals_t *r, int64_t from, int64_t to,
              crm_error_t *error)
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

int
retail_renewal_accounts(crm_store_t *store, int64_t from, int64_t to, retail_renewals_t *r,
                        crm_error_t *error)
{
    int rc = read_products(store, r, error);

    if (rc == 0 && r->n_products > 0)
        rc = read_accounts(store, r, from, to, error);
    return rc;
}

void
retail_renewals_free(retail_renewals_t *r)
{
    bson_free(r->products);
    bson_free(r->accounts);
    memset(r, 0, sizeof *r);
}

int
retail_renewal_create(crm_store_t *store, const crm_identity_t *actor, int64_t now,
                      const retail_account_t *a, char opportunity[25], crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, doc = BSON_INITIALIZER, out, money;
    char title[256], task_title[256];
    bson_oid_t oid;
    int64_t existing = 0, due;
    int rc;

    opportunity[0] = '\0';
    bson_oid_init_from_string(&oid, a->id);
    BSON_APPEND_OID(&filter, "renewal_of", &oid);
    BSON_APPEND_DATE_TIME(&filter, "expected_close", a->maturity);
    rc = crm_store_count(store, "opportunity", &filter, &existing, error);
    bson_destroy(&filter);
    if (rc != 0 || existing > 0)
        return rc;
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
    snprintf(opportunity, 25, "%s", retail_str(&out, "id"));
    bson_destroy(&out);
    if (!crm_user_exists(a->owner))
        return 0;
    /* A week before maturity, or now when that has passed. */
    due = a->maturity - 7 * RETAIL_MS_PER_DAY + 9 * 3600000;
    snprintf(task_title, sizeof task_title, "Renewal: contract %s matures", a->number);
    return retail_task_create(actor,
                              &(retail_task_t){.title = task_title,
                                               .notes = "Talk to the client about renewing before "
                                                        "the contract matures; the renewal "
                                                        "opportunity is linked.",
                                               .client_id = a->client,
                                               .opportunity_id = opportunity,
                                               .assignee = a->owner,
                                               .org_unit = a->unit[0] ? a->unit : NULL,
                                               .due = due > now ? due : now},
                              error);
}

typedef struct renewing {
    crm_job_run_t *run;
    const retail_account_t *account;
    char opportunity[25];
} renewing_t;

/* One transaction: the opportunity and its task, or neither. */
static int
renew_one(crm_store_t *store, void *data, crm_error_t *error)
{
    renewing_t *r = data;

    return retail_renewal_create(store, crm_job_identity(r->run), crm_job_now(r->run), r->account,
                                 r->opportunity, error);
}

static int
run_renewals(crm_job_run_t *run, void *data, crm_error_t *error)
{
    crm_store_t *store = crm_job_store(run);
    retail_renewals_t r = {0};
    int64_t from, to, failed = 0, created = 0;
    int rc;

    (void)data;
    retail_renewal_window(crm_job_now(run), retail_settings.renewal_horizon_days, &from, &to);
    rc = retail_renewal_accounts(store, from, to, &r, error);
    for (size_t i = 0; rc == 0 && i < r.n_accounts && !crm_job_stopping(run); i++) {
        renewing_t one = {.run = run, .account = &r.accounts[i]};
        crm_error_t why = {0};

        if (crm_store_transaction(store, renew_one, &one, &why) != 0) {
            failed++;
            crm_job_message(run, "account %s: %s", r.accounts[i].id, why.message);
        } else {
            created += one.opportunity[0] != '\0';
        }
    }
    crm_job_count(run, "accounts", (int64_t)r.n_accounts);
    crm_job_count(run, "created", created);
    crm_job_count(run, "existing", (int64_t)r.n_accounts - created - failed);
    crm_job_count(run, "failed", failed);
    if (rc == 0 && failed == 0)
        crm_job_message(run, "%zu accounts mature within %d days, %lld renewals created",
                        r.n_accounts, retail_settings.renewal_horizon_days, (long long)created);
    retail_renewals_free(&r);
    return rc;
}

/* --- outcomes at maturity --- */

typedef struct matured {
    char id[25];
    int stage;
    char lost_reason[32];
} matured_t;

int
retail_renewal_outcomes(crm_store_t *store, const crm_identity_t *actor, int64_t now,
                        int64_t counts[3], crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER, exists, missing, due;
    matured_t *m = NULL;
    size_t n = 0, cap = 0;
    crm_cursor_t *cur;
    const bson_t *doc;
    int rc = 0;

    BSON_APPEND_DOCUMENT_BEGIN(&filter, "renewal_of", &exists);
    BSON_APPEND_BOOL(&exists, "$exists", true);
    bson_append_document_end(&filter, &exists);
    BSON_APPEND_DOCUMENT_BEGIN(&filter, "renewal_outcome", &missing);
    BSON_APPEND_BOOL(&missing, "$exists", false);
    bson_append_document_end(&filter, &missing);
    BSON_APPEND_DOCUMENT_BEGIN(&filter, "expected_close", &due);
    BSON_APPEND_DATE_TIME(&due, "$lte", retail_day_start(now));
    bson_append_document_end(&filter, &due);
    cur = crm_store_find(store, "opportunity", &filter, NULL, error);
    while (cur && crm_cursor_next(cur, &doc)) {
        m = retail_grow(m, n, &cap, sizeof *m);
        retail_copy_id(doc, "_id", m[n].id);
        m[n].stage = retail_stage_parse(retail_str(doc, "stage"));
        retail_copy_str(doc, "lost_reason", m[n].lost_reason, sizeof m[n].lost_reason);
        n += m[n].id[0] && m[n].stage >= 0;
    }
    if (!cur || crm_cursor_error(cur, error))
        rc = CRM_ESTORE;
    crm_cursor_destroy(cur);
    bson_destroy(&filter);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *reason, *outcome = retail_renewal_outcome(
                                m[i].stage, m[i].lost_reason[0] ? m[i].lost_reason : NULL, &reason);
        bson_t patch = BSON_INITIALIZER;

        BSON_APPEND_UTF8(&patch, "renewal_outcome", outcome);
        if (reason)
            BSON_APPEND_UTF8(&patch, "renewal_reason", reason);
        /* Undecided at maturity: the contract is gone, and so is the sale. */
        if (m[i].stage < RETAIL_OPEN_STAGES) {
            BSON_APPEND_UTF8(&patch, "stage", "lost");
            BSON_APPEND_UTF8(&patch, "lost_reason", "other");
            BSON_APPEND_UTF8(&patch, "lost_note", "The contract matured without a decision.");
        }
        if (crm_entity_update(actor, "opportunity", m[i].id, &patch, NULL, NULL) == 0)
            counts[strcmp(outcome, "extended") == 0 ? 0 : 1]++;
        else
            counts[2]++;
        bson_destroy(&patch);
    }
    bson_free(m);
    return rc;
}

static int
run_outcomes(crm_job_run_t *run, void *data, crm_error_t *error)
{
    int64_t counts[3] = {0, 0, 0};
    int rc;

    (void)data;
    rc = retail_renewal_outcomes(crm_job_store(run), crm_job_identity(run), crm_job_now(run),
                                 counts, error);
    crm_job_count(run, "extended", counts[0]);
    crm_job_count(run, "expired", counts[1]);
    crm_job_count(run, "failed", counts[2]);
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
