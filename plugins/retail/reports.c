/* The retail plugin's reports. Declared ones, which the core computes in the store within the
 * caller's scope for opportunity.read (an advisor's hold their own opportunities, a
 * director's those of their unit and the units below, the board's all), with from/to,
 * filter=, compare= and every export format:
 *   retail_pipeline        open opportunities by stage, value, source, closing date, stuck
 *   retail_conversion      opportunities by the day the lead came in: signed, lost, shares,
 *                          days to sign, how far they got and where they dropped out
 *   retail_sales           contracts signed and their value and commission by product, line,
 *                          unit, owner, kind (new clients, existing ones, renewals) and period
 *   retail_sales_dynamics  the same by month, quarter or year, for compare=prev|yoy
 *   retail_renewals        renewals by outcome at maturity (extended, expired) and reason
 *   retail_referrals       referrals by who passed them on, the advisor, status and outcome,
 *                          and how many became opportunities and contracts (over the referrals
 *                          the caller may read, referral.read)
 * and one computed by the plugin, retail_targets: sales targets against what was signed
 * (reports_targets.c). Activity per advisor is the clients plugin's clients_advisor_activity. */
#include "reports-private.h"
#include "retail-private.h"

/* --- dimensions --- */

/* The time buckets of the report's date field. */
#define PERIOD_DIMS(f)                                                                        \
    {.name = "day", .field = f, .bucket = CRM_BUCKET_DAY, .label = "Day"},                    \
        {.name = "week", .field = f, .bucket = CRM_BUCKET_WEEK, .label = "Week"},             \
        {.name = "month", .field = f, .bucket = CRM_BUCKET_MONTH, .label = "Month"},          \
        {.name = "quarter", .field = f, .bucket = CRM_BUCKET_QUARTER, .label = "Quarter"},    \
        {.name = "year", .field = f, .bucket = CRM_BUCKET_YEAR, .label = "Year"}

/* What was sold, and by whom. */
#define PRODUCT_DIMS                                                                          \
    {.name = "product", .field = "product_id", .label = "Product"},                           \
        {.name = "product_type", .field = "product_type", .label = "Product type"},           \
        {.name = "product_line", .field = "product_line", .label = "Product line"}
#define PEOPLE_DIMS                                                                           \
    {.name = "unit", .field = "org_unit", .label = "Unit"},                                   \
        {.name = "owner", .field = "owner_id", .label = "Advisor"}
#define ORIGIN_DIMS                                                                           \
    {.name = "source", .field = "source", .label = "Source"},                                 \
        {.name = "campaign", .field = "campaign", .label = "Campaign"},                       \
        {.name = "kind", .field = "kind", .label = "Kind"}

/* A money measure over the money field F. */
#define MONEY(f) .field = f ".amount", .money_currency_field = f ".currency"

#define OPEN_STAGES "[\"lead\", \"qualified\", \"offer\", \"application\"]"

/* --- the open pipeline --- */

static const crm_report_dim_t pipeline_dims[] = {
    {.name = "stage", .field = "stage", .label = "Stage"},
    PRODUCT_DIMS,
    PEOPLE_DIMS,
    ORIGIN_DIMS,
    {.name = "stuck", .field = "stuck", .label = "Stuck"},
    PERIOD_DIMS("expected_close"),
    {.name = NULL},
};

static const crm_report_measure_t pipeline_measures[] = {
    {.name = "opportunities", .kind = CRM_MEASURE_COUNT, .label = "Open opportunities"},
    {.name = "value", .kind = CRM_MEASURE_SUM, MONEY("amount"), .label = "Value"},
    {.name = "avg_value", .kind = CRM_MEASURE_AVG, MONEY("amount"), .label = "Average value"},
    {.name = "weighted_value", .kind = CRM_MEASURE_SUM, MONEY("weighted_amount"),
     .label = "Value weighted by probability"},
    {.name = "avg_probability", .kind = CRM_MEASURE_AVG, .field = "probability",
     .label = "Average probability (%)"},
    {.name = "stuck_count", .kind = CRM_MEASURE_COUNT, .label = "Stuck"},
    {.name = "stuck_value", .kind = CRM_MEASURE_SUM, MONEY("amount"), .label = "Value stuck"},
    {.name = "stuck_share", .kind = CRM_MEASURE_RATIO, .numerator = "stuck_count",
     .denominator = "opportunities", .label = "Share stuck"},
    {.name = NULL},
};

static const crm_report_measure_filter_t pipeline_filters[] = {
    {"stuck_count", "{\"stuck\": true}"},
    {"stuck_value", "{\"stuck\": true}"},
    {NULL, NULL},
};

static const crm_report_def_t pipeline_report = {
    .size = sizeof(crm_report_def_t),
    .id = "retail_pipeline",
    .title = "Open pipeline",
    .description = "Open opportunities (lead to application) by stage, product, advisor, unit, "
                   "source and closing period, with their value, their value weighted by "
                   "probability and those stuck; from/to on the expected close (to=yesterday: "
                   "the overdue ones)",
    .entity = "opportunity",
    .date_field = "expected_close",
    .dims = pipeline_dims,
    .measures = pipeline_measures,
    .fixed_filter = "{\"stage\": {\"$in\": " OPEN_STAGES "}}",
    .permission = "opportunity.read",
    .default_dims = CRM_VALUES("stage"),
    .default_measures = CRM_VALUES("opportunities", "value", "stuck_count"),
    .translations = retail_report_pipeline_translations,
    .measure_filters = pipeline_filters,
};

/* --- conversion --- */

static const crm_report_dim_t conversion_dims[] = {
    ORIGIN_DIMS,
    PRODUCT_DIMS,
    PEOPLE_DIMS,
    {.name = "stage", .field = "stage", .label = "Stage now"},
    {.name = "lost_from_stage", .field = "lost_from_stage", .label = "Lost from stage"},
    {.name = "lost_reason", .field = "lost_reason", .label = "Lost reason"},
    PERIOD_DIMS("lead_at"),
    {.name = NULL},
};

static const crm_report_measure_t conversion_measures[] = {
    {.name = "opportunities", .kind = CRM_MEASURE_COUNT, .label = "Opportunities"},
    {.name = "open", .kind = CRM_MEASURE_COUNT, .label = "Still open"},
    {.name = "signed", .kind = CRM_MEASURE_COUNT, .label = "Signed"},
    {.name = "lost", .kind = CRM_MEASURE_COUNT, .label = "Lost"},
    {.name = "closed", .kind = CRM_MEASURE_COUNT, .label = "Closed (signed or lost)"},
    {.name = "signed_share", .kind = CRM_MEASURE_RATIO, .numerator = "signed",
     .denominator = "opportunities", .label = "Share signed"},
    {.name = "lost_share", .kind = CRM_MEASURE_RATIO, .numerator = "lost",
     .denominator = "opportunities", .label = "Share lost"},
    {.name = "win_rate", .kind = CRM_MEASURE_RATIO, .numerator = "signed",
     .denominator = "closed", .label = "Signed of those closed"},
    {.name = "signed_value", .kind = CRM_MEASURE_SUM, MONEY("amount"), .label = "Value signed"},
    {.name = "avg_days_to_sign", .kind = CRM_MEASURE_AVG, .field = "days_to_sign",
     .label = "Average days from lead to signed"},
    {.name = "reached_qualified", .kind = CRM_MEASURE_COUNT, .label = "Reached qualified"},
    {.name = "reached_offer", .kind = CRM_MEASURE_COUNT, .label = "Reached offer"},
    {.name = "reached_application", .kind = CRM_MEASURE_COUNT, .label = "Reached application"},
    {.name = "lost_at_lead", .kind = CRM_MEASURE_COUNT, .label = "Dropped out as lead"},
    {.name = "lost_at_qualified", .kind = CRM_MEASURE_COUNT, .label = "Dropped out qualified"},
    {.name = "lost_at_offer", .kind = CRM_MEASURE_COUNT, .label = "Dropped out at offer"},
    {.name = "lost_at_application", .kind = CRM_MEASURE_COUNT,
     .label = "Dropped out at application"},
    {.name = "dropout_lead", .kind = CRM_MEASURE_RATIO, .numerator = "lost_at_lead",
     .denominator = "opportunities", .label = "Drop-out as lead"},
    {.name = "dropout_qualified", .kind = CRM_MEASURE_RATIO, .numerator = "lost_at_qualified",
     .denominator = "reached_qualified", .label = "Drop-out of those qualified"},
    {.name = "dropout_offer", .kind = CRM_MEASURE_RATIO, .numerator = "lost_at_offer",
     .denominator = "reached_offer", .label = "Drop-out of those offered"},
    {.name = "dropout_application", .kind = CRM_MEASURE_RATIO,
     .numerator = "lost_at_application", .denominator = "reached_application",
     .label = "Drop-out of those who applied"},
    {.name = NULL},
};

/* Reaching a stage: having entered it or a later one (stages may be skipped). */
#define ENTERED(f) "{\"" f "\": {\"$exists\": true}}"
#define REACHED_APPLICATION ENTERED("application_at") ", " ENTERED("signed_at")
#define REACHED_OFFER ENTERED("offer_at") ", " REACHED_APPLICATION
#define REACHED_QUALIFIED ENTERED("qualified_at") ", " REACHED_OFFER

static const crm_report_measure_filter_t conversion_filters[] = {
    {"open", "{\"stage\": {\"$in\": " OPEN_STAGES "}}"},
    {"signed", "{\"stage\": \"signed\"}"},
    {"lost", "{\"stage\": \"lost\"}"},
    {"closed", "{\"stage\": {\"$in\": [\"signed\", \"lost\"]}}"},
    {"signed_value", "{\"stage\": \"signed\"}"},
    {"reached_qualified", "{\"$or\": [" REACHED_QUALIFIED "]}"},
    {"reached_offer", "{\"$or\": [" REACHED_OFFER "]}"},
    {"reached_application", "{\"$or\": [" REACHED_APPLICATION "]}"},
    {"lost_at_lead", "{\"lost_from_stage\": \"lead\"}"},
    {"lost_at_qualified", "{\"lost_from_stage\": \"qualified\"}"},
    {"lost_at_offer", "{\"lost_from_stage\": \"offer\"}"},
    {"lost_at_application", "{\"lost_from_stage\": \"application\"}"},
    {NULL, NULL},
};

static const crm_report_def_t conversion_report = {
    .size = sizeof(crm_report_def_t),
    .id = "retail_conversion",
    .title = "Conversion",
    .description = "Opportunities by when the lead came in: how many were signed or lost, the "
                   "shares, the days from lead to signed, how far they got and at which stage "
                   "they dropped out, by source, campaign, product, advisor and unit; from/to on "
                   "the lead's date",
    .entity = "opportunity",
    .date_field = "lead_at",
    .dims = conversion_dims,
    .measures = conversion_measures,
    .permission = "opportunity.read",
    .default_dims = CRM_VALUES("source"),
    .default_measures = CRM_VALUES("opportunities", "signed", "lost", "signed_share",
                                   "avg_days_to_sign"),
    .translations = retail_report_conversion_translations,
    .measure_filters = conversion_filters,
};

/* --- contracts signed --- */

static const crm_report_dim_t sales_dims[] = {
    PRODUCT_DIMS,
    PEOPLE_DIMS,
    ORIGIN_DIMS,
    PERIOD_DIMS("signed_at"),
    {.name = NULL},
};

static const crm_report_measure_t sales_measures[] = {
    {.name = "contracts", .kind = CRM_MEASURE_COUNT, .label = "Contracts signed"},
    {.name = "value", .kind = CRM_MEASURE_SUM, MONEY("amount"), .label = "Value"},
    {.name = "avg_value", .kind = CRM_MEASURE_AVG, MONEY("amount"), .label = "Average value"},
    {.name = "commission", .kind = CRM_MEASURE_SUM, MONEY("commission"), .label = "Commission"},
    {.name = "avg_days_to_sign", .kind = CRM_MEASURE_AVG, .field = "days_to_sign",
     .label = "Average days from lead to signed"},
    {.name = NULL},
};

#define SIGNED "{\"stage\": \"signed\"}"

static const crm_report_def_t sales_report = {
    .size = sizeof(crm_report_def_t),
    .id = RETAIL_SALES_REPORT,
    .title = "Contracts signed",
    .description = "Signed opportunities, their value and commission by product, product line, "
                   "unit, advisor, kind (new clients, existing ones, renewals), source and "
                   "period; from/to on the day of signing",
    .entity = "opportunity",
    .date_field = "signed_at",
    .dims = sales_dims,
    .measures = sales_measures,
    .fixed_filter = SIGNED,
    .permission = "opportunity.read",
    .default_dims = CRM_VALUES("product_line", "month"),
    .default_measures = CRM_VALUES("contracts", "value", "commission"),
    .translations = retail_report_sales_translations,
};

static const crm_report_def_t dynamics_report = {
    .size = sizeof(crm_report_def_t),
    .id = "retail_sales_dynamics",
    .title = "Sales dynamics",
    .description = "Contracts signed and their value by month, quarter or year: a month, a "
                   "quarter or a year with compare=prev against the one before, compare=yoy "
                   "against a year earlier",
    .entity = "opportunity",
    .date_field = "signed_at",
    .dims = sales_dims,
    .measures = sales_measures,
    .fixed_filter = SIGNED,
    .permission = "opportunity.read",
    .default_dims = CRM_VALUES("month"),
    .default_measures = CRM_VALUES("contracts", "value"),
    .translations = retail_report_dynamics_translations,
};

/* --- renewals --- */

static const crm_report_dim_t renewal_dims[] = {
    {.name = "outcome", .field = "renewal_outcome", .label = "Outcome"},
    {.name = "reason", .field = "renewal_reason", .label = "Why it expired"},
    {.name = "stage", .field = "stage", .label = "Stage"},
    PRODUCT_DIMS,
    PEOPLE_DIMS,
    PERIOD_DIMS("expected_close"),
    {.name = NULL},
};

static const crm_report_measure_t renewal_measures[] = {
    {.name = "renewals", .kind = CRM_MEASURE_COUNT, .label = "Renewals"},
    {.name = "extended", .kind = CRM_MEASURE_COUNT, .label = "Extended"},
    {.name = "expired", .kind = CRM_MEASURE_COUNT, .label = "Expired"},
    {.name = "pending", .kind = CRM_MEASURE_COUNT, .label = "Not yet matured"},
    {.name = "decided", .kind = CRM_MEASURE_COUNT, .label = "Matured"},
    {.name = "retention", .kind = CRM_MEASURE_RATIO, .numerator = "extended",
     .denominator = "decided", .label = "Share extended"},
    {.name = "value", .kind = CRM_MEASURE_SUM, MONEY("amount"), .label = "Value"},
    {.name = "extended_value", .kind = CRM_MEASURE_SUM, MONEY("amount"),
     .label = "Value extended"},
    {.name = NULL},
};

static const crm_report_measure_filter_t renewal_filters[] = {
    {"extended", "{\"renewal_outcome\": \"extended\"}"},
    {"expired", "{\"renewal_outcome\": \"expired\"}"},
    {"pending", "{\"renewal_outcome\": null}"},
    {"decided", "{\"renewal_outcome\": {\"$in\": [\"extended\", \"expired\"]}}"},
    {"extended_value", "{\"renewal_outcome\": \"extended\"}"},
    {NULL, NULL},
};

static const crm_report_def_t renewals_report = {
    .size = sizeof(crm_report_def_t),
    .id = "retail_renewals",
    .title = "Renewals",
    .description = "Renewal opportunities of maturing contracts by outcome at maturity "
                   "(extended or expired) and why they expired, by product, advisor, unit and "
                   "period; from/to on the maturity",
    .entity = "opportunity",
    .date_field = "expected_close",
    .dims = renewal_dims,
    .measures = renewal_measures,
    .fixed_filter = "{\"kind\": \"renewal\"}",
    .permission = "opportunity.read",
    .default_dims = CRM_VALUES("outcome", "reason"),
    .default_measures = CRM_VALUES("renewals", "value"),
    .translations = retail_report_renewals_translations,
    .measure_filters = renewal_filters,
};

/* --- referrals --- */

static const crm_report_dim_t referral_dims[] = {
    {.name = "referrer", .field = "created_by", .label = "Referred by"},
    {.name = "advisor", .field = "owner_id", .label = "Advisor"},
    {.name = "unit", .field = "org_unit", .label = "Unit"},
    {.name = "status", .field = "status", .label = "Status"},
    {.name = "outcome", .field = "outcome", .label = "Outcome"},
    {.name = "product_type", .field = "product_type", .label = "Product type"},
    PERIOD_DIMS("created_at"),
    {.name = NULL},
};

static const crm_report_measure_t referral_measures[] = {
    {.name = "referrals", .kind = CRM_MEASURE_COUNT, .label = "Referrals"},
    {.name = "accepted", .kind = CRM_MEASURE_COUNT, .label = "Accepted, not yet converted"},
    {.name = "converted", .kind = CRM_MEASURE_COUNT, .label = "Converted into opportunities"},
    {.name = "declined", .kind = CRM_MEASURE_COUNT, .label = "Declined"},
    {.name = "signed", .kind = CRM_MEASURE_COUNT, .label = "Signed"},
    {.name = "lost", .kind = CRM_MEASURE_COUNT, .label = "Lost"},
    {.name = "open", .kind = CRM_MEASURE_COUNT, .label = "Still open"},
    {.name = "conversion", .kind = CRM_MEASURE_RATIO, .numerator = "converted",
     .denominator = "referrals", .label = "Share converted"},
    {.name = "success", .kind = CRM_MEASURE_RATIO, .numerator = "signed",
     .denominator = "referrals", .label = "Share signed"},
    {.name = NULL},
};

static const crm_report_measure_filter_t referral_filters[] = {
    {"accepted", "{\"status\": \"accepted\"}"},
    {"converted", "{\"status\": \"converted\"}"},
    {"declined", "{\"status\": \"declined\"}"},
    {"signed", "{\"outcome\": \"signed\"}"},
    {"lost", "{\"outcome\": \"lost\"}"},
    {"open", "{\"outcome\": \"open\"}"},
    {NULL, NULL},
};

static const crm_report_def_t referrals_report = {
    .size = sizeof(crm_report_def_t),
    .id = "retail_referrals",
    .title = "Referrals",
    .description = "Referrals by the employee who passed the need on, the advisor it went to, "
                   "unit, status, outcome, product type and period: how many were converted "
                   "into opportunities, declined, signed or lost, and the shares converted and "
                   "signed; from/to on the day of the referral",
    .entity = "referral",
    .date_field = "created_at",
    .dims = referral_dims,
    .measures = referral_measures,
    .permission = "referral.read",
    .default_dims = CRM_VALUES("referrer"),
    .default_measures = CRM_VALUES("referrals", "converted", "signed", "conversion", "success"),
    .translations = retail_report_referrals_translations,
    .measure_filters = referral_filters,
};

/* --- targets against actuals (computed) --- */

/* Each row is one target: dims= and measures= choose the columns shown. */
static const crm_report_dim_t target_dims[] = {
    {.name = "target", .field = "id", .label = "Target"},
    {.name = "unit", .field = "org_unit", .label = "Unit"},
    {.name = "employee", .field = "employee_id", .label = "Employee"},
    {.name = "period", .field = "period", .label = "Period"},
    {.name = "period_start", .field = "period_start", .label = "Period start"},
    {.name = "period_end", .field = "period_end", .label = "Period end"},
    {.name = "product", .field = "product_id", .label = "Product"},
    {.name = "product_line", .field = "product_line", .label = "Product line"},
    {.name = "product_type", .field = "product_type", .label = "Product type"},
    {.name = "metric", .field = "metric", .label = "Measured in"},
    {.name = NULL},
};

static const crm_report_measure_t target_measures[] = {
    {.name = "target_count", .kind = CRM_MEASURE_COUNT, .label = "Target (contracts)"},
    {.name = "actual_count", .kind = CRM_MEASURE_COUNT, .label = "Contracts signed"},
    {.name = "target_amount", .kind = CRM_MEASURE_SUM, .label = "Target (amount)"},
    {.name = "actual_amount", .kind = CRM_MEASURE_SUM, .label = "Amount signed"},
    {.name = "achievement", .kind = CRM_MEASURE_RATIO, .label = "Share of the target reached"},
    {.name = NULL},
};

static const crm_report_def_t targets_report = {
    .size = sizeof(crm_report_def_t),
    .id = "retail_targets",
    .title = "Targets against actuals",
    .description = "Each sales target (a unit's or an employee's, for a month, quarter or year) "
                   "with the contracts signed in its period, or their amount, and the share "
                   "reached; from/to select the targets whose period overlaps them",
    .dims = target_dims,
    .measures = target_measures,
    .permission = "sales_target.read",
    .default_dims = CRM_VALUES("unit", "employee", "period", "period_start", "product",
                               "product_line", "product_type", "metric"),
    .compute = retail_targets_compute,
    .data = (void *)&targets_report,
    .translations = retail_report_targets_translations,
};

static const crm_report_def_t *const reports[] = {
    &pipeline_report, &conversion_report, &sales_report,   &dynamics_report,
    &renewals_report, &referrals_report,  &targets_report,
};

int
retail_reports_register(crm_plugin_t *plugin, crm_error_t *error)
{
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < sizeof reports / sizeof reports[0]; i++)
        rc = crm_report_register(plugin, reports[i], error);
    return rc;
}
