/* The referral's rules, kept by its prepare hook: its status moves (new, accepted, then
 * converted into an opportunity or declined), the product's type, and the outcome, which
 * follows the opportunity it turned into. */
#include "retail-private.h"

#include <string.h>

static bool
is_final(const char *status)
{
    return status && (!strcmp(status, "converted") || !strcmp(status, "declined"));
}

/* A product named by the referral gives its type, which must agree with one given. */
static bool
check_product(const bson_t *record, bson_t *changes, crm_error_t *error)
{
    const char *id = retail_str(record, "product_id"), *type = retail_str(record, "product_type");
    bson_t product = BSON_INITIALIZER;
    bool ok = true;

    if (!id || crm_entity_get(crm_identity_system(), "product", id, &product, NULL) != 0) {
        bson_destroy(&product);
        return true;
    }
    if (!type) {
        bson_append_utf8(changes, "product_type", -1, retail_str(&product, "type"), -1);
    } else if (!retail_str_is(&product, "type", type)) {
        crm_error_add_field(error, "product_type", "does not match the product's type (%s)",
                            retail_str(&product, "type"));
        ok = false;
    }
    bson_destroy(&product);
    return ok;
}

/* The outcome: declined, or for a converted referral that of its opportunity (open until it
 * is signed or lost, dated when it was closed). */
static bool
set_outcome(const bson_t *record, const char *status, bson_t *changes, crm_error_t *error)
{
    const char *opportunity_id = retail_str(record, "opportunity_id"), *outcome = "open";
    int64_t at = 0;
    bson_t opportunity = BSON_INITIALIZER;
    bool ok = true;

    if (!strcmp(status, "declined")) {
        outcome = "declined";
        at = retail_now();
    } else if (opportunity_id && crm_entity_get(crm_identity_system(), "opportunity",
                                                opportunity_id, &opportunity, NULL) == 0) {
        if (!retail_str_is(&opportunity, "client_id", retail_str(record, "client_id"))) {
            crm_error_add_field(error, "opportunity_id", "is an opportunity of another client");
            ok = false;
        }
        if (retail_str_is(&opportunity, "stage", "signed") ||
            retail_str_is(&opportunity, "stage", "lost")) {
            outcome = retail_str(&opportunity, "stage");
            retail_time(&opportunity, "closed_at", &at);
        }
    }
    if (ok && !retail_str_is(record, "outcome", outcome)) {
        bson_append_utf8(changes, "outcome", -1, outcome, -1);
        if (at)
            retail_put_time(changes, "outcome_at", at, false);
        else if (bson_has_field(record, "outcome_at"))
            BSON_APPEND_NULL(changes, "outcome_at");
    }
    bson_destroy(&opportunity);
    return ok;
}

int
retail_referral_prepare(const crm_identity_t *actor, const bson_t *record, const bson_t *before,
                        bson_t *changes, crm_error_t *error)
{
    const char *status = retail_str(record, "status");
    const char *was = before ? retail_str(before, "status") : NULL;
    bool has_opportunity = retail_str(record, "opportunity_id") != NULL, ok = true;

    if (!status && before) {
        crm_error_add_field(error, "status", "is required and cannot be removed");
        return CRM_EVALIDATION;
    }
    /* Naming the opportunity converts the referral. */
    if (!status || (has_opportunity && (!strcmp(status, "new") || !strcmp(status, "accepted")))) {
        status = has_opportunity ? "converted" : "new";
        bson_append_utf8(changes, "status", -1, status, -1);
    }
    if (is_final(was) && strcmp(status, was) != 0) {
        crm_error_add_field(error, "status", "is final: a %s referral does not change", was);
        ok = false;
    }
    if (!strcmp(status, "converted") && !has_opportunity) {
        crm_error_add_field(error, "opportunity_id", "is required when the status is converted");
        ok = false;
    } else if (strcmp(status, "converted") != 0 && has_opportunity) {
        crm_error_add_field(error, "opportunity_id",
                            "may be given only when the referral is converted");
        ok = false;
    }
    ok &= retail_client_visible(actor, record, before, error);
    ok &= check_product(record, changes, error);
    if (ok)
        ok = set_outcome(record, status, changes, error);
    return ok ? 0 : CRM_EVALIDATION;
}
