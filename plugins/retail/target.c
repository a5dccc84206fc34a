/* The sales target's checks, kept by its prepare hook: who may enter it (a director, for their
 * unit and the units below: sales_target.manage), the period and its last day, the one
 * measure the metric asks for, at most one product criterion, and the employee (a user of the
 * target's unit). */
#include "retail-private.h"

#include <string.h>

static const char *const criteria[] = {"product_id", "product_line", "product_type", NULL};

/* Only one with sales_target.manage over the target's unit enters or changes targets: the
 * wildcards of the built-in roles give every advisor "*.create", so this permission, not the
 * entity's, says who sets targets. */
static int
check_manager(const crm_identity_t *actor, const bson_t *record, crm_error_t *error)
{
    const char *unit = retail_str(record, "org_unit"), *owner = retail_str(record, "owner_id");

    if (crm_identity_is_system(actor) ||
        crm_identity_reaches(actor, "sales_target.manage",
                             owner ? owner : crm_identity_user_id(actor),
                             unit ? unit : crm_identity_org_unit(actor)))
        return 0;
    return crm_error_set(error, CRM_EPERM,
                         "setting sales targets for that unit needs sales_target.manage over it "
                         "(a director sets the targets of their unit and the units below)");
}

/* An employee's target is kept in the unit they work in, where they and their director see
 * it. */
static bool
check_employee(const crm_identity_t *actor, const bson_t *record, const char *employee,
               crm_error_t *error)
{
    const char *unit = retail_str(record, "org_unit");
    char theirs[25];

    if (!employee)
        return true;
    if (!crm_user_exists(employee)) {
        crm_error_add_field(error, "employee_id", "is not a user");
        return false;
    }
    if (!unit)
        unit = crm_identity_org_unit(actor);
    if (crm_user_org_unit(employee, theirs, NULL) == 0 && (!unit || strcmp(unit, theirs) != 0)) {
        crm_error_add_field(error, "employee_id",
                            "works in another unit (%s): give it as the target's org_unit", theirs);
        return false;
    }
    return true;
}

static bool
check_period(const bson_t *record, bson_t *changes, crm_error_t *error)
{
    static const char *const periods[] = {"month", "quarter", "year"};
    const char *period = retail_str(record, "period");
    int64_t start, end;

    for (int p = 0; period && p < 3; p++) {
        if (strcmp(period, periods[p]) != 0 || !retail_date(record, "period_start", &start))
            continue;
        if (!retail_period_end((retail_period_t)p, start, &end)) {
            crm_error_add_field(error, "period_start", "must be the first day of a %s%s", period,
                                p == 0   ? " (e.g. 2026-04-01)"
                                : p == 1 ? ": 01-01, 04-01, 07-01 or 10-01"
                                         : " (January 1st)");
            return false;
        }
        retail_put_time(changes, "period_end", end, true);
    }
    return true;
}

static bool
check_measure(const bson_t *record, crm_error_t *error)
{
    bool count = retail_str_is(record, "metric", "count");
    const char *wanted = count ? "target_count" : "target_amount";
    const char *other = count ? "target_amount" : "target_count";
    int64_t amount;
    bool ok = true;

    if (!bson_has_field(record, wanted)) {
        crm_error_add_field(error, wanted, "is required when the metric is %s",
                            count ? "count" : "amount");
        ok = false;
    }
    if (bson_has_field(record, other)) {
        crm_error_add_field(error, other, "may be given only when the metric is %s",
                            count ? "amount" : "count");
        ok = false;
    }
    if (!count && retail_int(record, "target_amount.amount", &amount) && amount < 0) {
        crm_error_add_field(error, "target_amount", "must not be negative");
        ok = false;
    }
    return ok;
}

int
retail_sales_target_prepare(const crm_identity_t *actor, const bson_t *record, const bson_t *before,
                            bson_t *changes, crm_error_t *error)
{
    const char *employee = retail_str(record, "employee_id"), *first = NULL;
    bool ok = true;
    int rc;

    (void)before;
    if ((rc = check_manager(actor, record, error)) != 0)
        return rc;
    for (const char *const *c = criteria; *c; c++) {
        if (!bson_has_field(record, *c))
            continue;
        if (first) {
            crm_error_add_field(error, *c,
                                "cannot be given with %s: a target is for one product, "
                                "one product line, one product type or all products",
                                first);
            ok = false;
        }
        first = first ? first : *c;
    }
    ok &= check_employee(actor, record, employee, error);
    ok &= check_period(record, changes, error);
    ok &= check_measure(record, error);
    return ok ? 0 : CRM_EVALIDATION;
}
