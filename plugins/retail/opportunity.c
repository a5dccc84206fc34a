/* The opportunity's rules, kept by its prepare hook on every create, update and import:
 * the stage's moves and timestamps, the lost reason, the product's type and line, the kind,
 * the default probability, the weighted amount, and the commission at signing (computed again
 * when a signed opportunity's amount or product is corrected). Values the plugin's own code
 * gives for computed fields (the demo's history, the jobs) are kept; the hook fills the rest,
 * except the weighted amount, which always follows the amount and the probability. */
#include "retail-private.h"

#include <string.h>

/* The record's field names of the time each stage was first entered. */
static const char *const stage_times[RETAIL_N_STAGES] = {
    "lead_at", "qualified_at", "offer_at", "application_at", "signed_at", "lost_at"};

/* Copies the product's type and line, and the title when there is none; checks the money. */
static bool
copy_product(const bson_t *record, const bson_t *before, bson_t *changes, bson_t *product,
             crm_error_t *error)
{
    const char *id = retail_str(record, "product_id");
    int64_t amount;

    bson_init(product);
    if (retail_int(record, "amount.amount", &amount) && amount < 0) {
        crm_error_add_field(error, "amount", "must not be negative");
        return false;
    }
    if (!id || crm_entity_get(crm_identity_system(), "product", id, product, NULL) != 0)
        return true; /* the schema has said what is wrong */
    if (before && !retail_given(record, before, "product_id") && retail_str(record, "product_type"))
        return true;
    bson_append_utf8(changes, "product_type", -1, retail_str(product, "type"), -1);
    if (retail_str(product, "line"))
        bson_append_utf8(changes, "product_line", -1, retail_str(product, "line"), -1);
    else if (retail_str(record, "product_line"))
        BSON_APPEND_NULL(changes, "product_line");
    if (!retail_str(record, "title"))
        bson_append_utf8(changes, "title", -1, retail_str(product, "name"), -1);
    return true;
}

/* The account a renewal renews must be the client's; a renewal's expected close is the
 * account's maturity, the key of the renewals job, and neither changes afterwards. */
static bool
check_renewal(const bson_t *record, const bson_t *before, bson_t *changes, crm_error_t *error)
{
    const char *account_id = retail_str(record, "renewal_of");
    bson_t account;
    bool ok = true;

    if (before && retail_str(before, "renewal_of")) {
        if (retail_given(record, before, "renewal_of")) {
            crm_error_add_field(error, "renewal_of", "cannot change: create a new opportunity");
            ok = false;
        }
        if (retail_given(record, before, "expected_close") ||
            !retail_str(record, "expected_close")) {
            crm_error_add_field(error, "expected_close",
                                "of a renewal is the contract's maturity and cannot change");
            ok = false;
        }
        return ok;
    }
    if (!account_id)
        return true;
    if (crm_entity_get(crm_identity_system(), "account", account_id, &account, NULL) != 0) {
        bson_destroy(&account);
        return true;
    }
    if (!retail_str_is(&account, "client_id", retail_str(record, "client_id"))) {
        crm_error_add_field(error, "renewal_of", "is an account of another client");
        ok = false;
    } else if (!retail_str(record, "expected_close") && retail_str(&account, "maturity")) {
        bson_append_utf8(changes, "expected_close", -1, retail_str(&account, "maturity"), -1);
    }
    bson_destroy(&account);
    return ok;
}

/* A referral the opportunity comes from must be about the same client. */
static bool
check_referral(const bson_t *record, const bson_t *before, bson_t *changes, crm_error_t *error)
{
    const char *referral_id = retail_str(record, "referral_id");
    bson_t referral;
    bool ok = true;

    if (!referral_id || !retail_given(record, before, "referral_id"))
        return true;
    if (crm_entity_get(crm_identity_system(), "referral", referral_id, &referral, NULL) == 0) {
        const char *converted = retail_str(&referral, "opportunity_id");

        if (!retail_str_is(&referral, "client_id", retail_str(record, "client_id")))
            ok = crm_error_add_field(error, "referral_id", "is a referral of another client") == 0;
        else if (retail_str_is(&referral, "status", "declined"))
            ok = crm_error_add_field(error, "referral_id", "was declined") == 0;
        else if (converted && !retail_str_is(record, "id", converted))
            ok = crm_error_add_field(error, "referral_id",
                                     "was converted into another opportunity") == 0;
    }
    bson_destroy(&referral);
    if (ok && !retail_str(record, "source"))
        BSON_APPEND_UTF8(changes, "source", "referral");
    return ok;
}

static int
count_active(const bson_t *account, void *data, crm_error_t *error)
{
    (void)error;
    *(int64_t *)data += retail_str_is(account, "status", "active");
    return 0;
}

/* A new opportunity's kind: a renewal, or for a client holding no active account yet a new
 * client, else an existing one. (The accounts are listed by client and their status checked
 * here: a filter on both lets the store pick the index of the status, which nearly every
 * account shares.) */
static void
set_kind(const bson_t *record, bson_t *changes)
{
    bson_t filter = BSON_INITIALIZER;
    int64_t active = 0;

    if (retail_str(record, "renewal_of")) {
        BSON_APPEND_UTF8(changes, "kind", "renewal");
    } else {
        BSON_APPEND_UTF8(&filter, "client_id", retail_str(record, "client_id"));
        if (crm_entity_list(crm_identity_system(), "account", &filter, NULL, 500, count_active,
                            &active, NULL) != 0)
            active = 0;
        BSON_APPEND_UTF8(changes, "kind", active > 0 ? "existing_client" : "new_client");
    }
    bson_destroy(&filter);
}

/* The commission of a signed opportunity: the amount times the product's rate as configured
 * now, in the amount's currency, 0 when no rate applies. The caller has checked the amount. */
static bool
set_commission(const bson_t *record, const bson_t *product, bson_t *changes, crm_error_t *error)
{
    const retail_rate_t *rate =
        retail_rate_find(retail_settings.rates, retail_settings.n_rates,
                         retail_str(product, "code"), retail_str(product, "line"));
    const char *currency = retail_str(record, "amount.currency");
    int64_t amount = 0, commission = 0;
    bson_t money;

    retail_int(record, "amount.amount", &amount);
    if (rate && !retail_commission(amount, rate->rate, &commission)) {
        crm_error_add_field(error, "amount", "is too large to compute a commission on");
        return false;
    }
    BSON_APPEND_DOCUMENT_BEGIN(changes, "commission", &money);
    BSON_APPEND_INT64(&money, "amount", commission);
    BSON_APPEND_UTF8(&money, "currency", currency);
    bson_append_document_end(changes, &money);
    return true;
}

/* The timestamps of entering STAGE (from WAS, -1 on create: BEFORE NULL) at AT. */
static void
enter_stage(const bson_t *record, const bson_t *before, int stage, int was, int64_t at,
            bson_t *changes)
{
    int64_t lead_at = at, activity;

    retail_put_time(changes, "stage_changed_at", at, false);
    if (!retail_time(record, "lead_at", &lead_at) && was < 0)
        retail_put_time(changes, "lead_at", at, false);
    if (!bson_has_field(record, stage_times[stage]))
        retail_put_time(changes, stage_times[stage], at, false);
    if (stage == RETAIL_SIGNED || stage == RETAIL_LOST) {
        if (!bson_has_field(record, "closed_at"))
            retail_put_time(changes, "closed_at", at, false);
    }
    if (stage == RETAIL_LOST && !bson_has_field(record, "lost_from_stage"))
        BSON_APPEND_UTF8(changes, "lost_from_stage",
                         retail_stage_name(was < 0 ? RETAIL_LEAD : was));
    if (stage == RETAIL_SIGNED && !bson_has_field(record, "days_to_sign"))
        BSON_APPEND_INT64(changes, "days_to_sign", retail_whole_days(lead_at, at));
    /* A move is activity; it ends being stuck (unless the plugin's own code says otherwise:
     * the demo's history). */
    if (!retail_time(record, "last_activity_at", &activity) || activity < at)
        retail_put_time(changes, "last_activity_at", at, false);
    if (!retail_given(record, before, "stuck")) {
        if (bson_has_field(record, "stuck_since"))
            BSON_APPEND_NULL(changes, "stuck_since");
        BSON_APPEND_BOOL(changes, "stuck", false);
    }
}

/* A signed opportunity keeps an amount. Its commission is computed when it is signed, and again
 * (at the rate configured now) when its amount, currency or product is corrected afterwards,
 * unless the plugin's own code gives one in the same write; anything else, a change of the
 * configured rates included, leaves it as it was. */
static bool
keep_signed(const bson_t *record, const bson_t *before, const bson_t *product, bool moved,
            bson_t *changes, crm_error_t *error)
{
    if (!retail_str(record, "amount.currency") || !bson_has_field(record, "amount.amount")) {
        crm_error_add_field(error, "amount",
                            moved ? "is required to sign"
                                  : "is required for a signed opportunity and cannot be removed");
        return false;
    }
    if (retail_given(record, before, "commission"))
        return true;
    if (!moved && !retail_given(record, before, "amount") &&
        !retail_given(record, before, "product_id"))
        return true;
    return set_commission(record, product, changes, error);
}

/* The weighted amount: the amount times the probability (PROBABILITY, as it will be stored),
 * in the amount's currency; removed when there is no amount. Set only when it changes. */
static void
set_weighted(const bson_t *record, int64_t probability, bson_t *changes)
{
    const char *currency = retail_str(record, "amount.currency");
    int64_t amount, weighted, had;
    bson_t money;

    if (!currency || !retail_int(record, "amount.amount", &amount) ||
        !retail_weighted(amount, probability, &weighted)) {
        if (bson_has_field(record, "weighted_amount"))
            BSON_APPEND_NULL(changes, "weighted_amount");
        return;
    }
    if (retail_int(record, "weighted_amount.amount", &had) && had == weighted &&
        retail_str_is(record, "weighted_amount.currency", currency))
        return;
    BSON_APPEND_DOCUMENT_BEGIN(changes, "weighted_amount", &money);
    BSON_APPEND_INT64(&money, "amount", weighted);
    BSON_APPEND_UTF8(&money, "currency", currency);
    bson_append_document_end(changes, &money);
}

/* The probability: as given, else the stage's (100 signed, 0 lost, the configured default of
 * an open stage) whenever the stage changes or none is set. Returns the one to be stored. */
static int64_t
set_probability(const bson_t *record, const bson_t *before, int stage, bool moved, bson_t *changes)
{
    int64_t p;

    if ((retail_given(record, before, "probability") || !moved) &&
        retail_int(record, "probability", &p))
        return p;
    p = stage == RETAIL_SIGNED ? 100
        : stage == RETAIL_LOST ? 0
                               : retail_settings.probability[stage];
    BSON_APPEND_INT64(changes, "probability", p);
    return p;
}

int
retail_opportunity_prepare(const crm_identity_t *actor, const bson_t *record, const bson_t *before,
                           bson_t *changes, crm_error_t *error)
{
    const char *lost_reason = retail_str(record, "lost_reason"), *why;
    int stage = retail_stage_parse(retail_str(record, "stage"));
    int was = before ? retail_stage_parse(retail_str(before, "stage")) : -1;
    bool ok = true, moved;
    bson_t product;
    int64_t at;

    if (stage < 0 && before) {
        crm_error_add_field(error, "stage", "is required and cannot be removed");
        return CRM_EVALIDATION;
    }
    if (stage < 0) {
        stage = RETAIL_LEAD;
        BSON_APPEND_UTF8(changes, "stage", "lead");
    }
    if (before && (why = retail_stage_move_refused(was, stage))) {
        crm_error_add_field(error, "stage", "%s", why);
        ok = false;
    }
    if (stage == RETAIL_LOST && !lost_reason) {
        crm_error_add_field(error, "lost_reason", "is required when the stage is lost");
        ok = false;
    } else if (stage != RETAIL_LOST && lost_reason) {
        crm_error_add_field(error, "lost_reason", "may be given only when the stage is lost");
        ok = false;
    }
    ok &= retail_client_visible(actor, record, before, error);
    ok &= copy_product(record, before, changes, &product, error);
    ok &= check_renewal(record, before, changes, error);
    ok &= check_referral(record, before, changes, error);
    moved = !before || stage != was;
    if (ok && !before)
        set_kind(record, changes);
    if (ok && moved) {
        /* When the plugin's own code dates the move (the demo's history), the date stands. */
        if (!retail_given(record, before, "stage_changed_at") ||
            !retail_time(record, "stage_changed_at", &at))
            at = retail_now();
        enter_stage(record, before, stage, was, at, changes);
    }
    if (ok && stage == RETAIL_SIGNED)
        ok = keep_signed(record, before, &product, moved, changes, error);
    if (ok)
        set_weighted(record, set_probability(record, before, stage, moved, changes), changes);
    bson_destroy(&product);
    return ok ? 0 : CRM_EVALIDATION;
}
