/* Segmentation: rules read from clients.segmentation, evaluated in order, the first match
 * giving the client's segment. The prepare hook recomputes it when a client is written; the
 * job clients_segmentation recomputes every client (and refreshes completeness scores), and is
 * the source of truth for rules on products held: opening or closing an account writes no
 * client. */
#include "clients-private.h"
#include "profile-private.h"

#include <stdio.h>
#include <string.h>

/* --- the rules in the configuration --- */

static const char *const rule_keys[] = {"segment",  "kind",    "income_band", "revenue_band",
                                        "region",   "min_age", "max_age",     "min_products",
                                        "products", NULL};

/* NAME (SIZE bytes) = RULE.KEY, the name a configuration message gives; cut when too long. */
static void
rule_key(char *name, size_t size, const char *rule, const char *key)
{
    if (snprintf(name, size, "%s.%s", rule, key) >= (int)size)
        memcpy(name + size - 4, "...", 4);
}

/* The whole number at KEY of G into *OUT (unchanged when absent), within LO..HI. */
static int
read_int(const crm_config_t *g, const char *key, const char *rule, int lo, int hi, int *out,
         crm_error_t *error)
{
    int64_t v = crm_config_int(g, key, lo - 1);
    char name[192];

    if (!crm_config_has(g, key))
        return 0;
    rule_key(name, sizeof name, rule, key);
    if (v < lo || v > hi || crm_config_int(g, key, lo - 2) != v)
        return clients_config_fail(g, key, name, error, "must be a whole number from %d to %d", lo,
                                   hi);
    *out = (int)v;
    return 0;
}

/* The list of VALUES at KEY of G as a bit mask into *MASK (unchanged when absent). */
static int
read_values(const crm_config_t *g, const char *key, const char *rule, const char *const *values,
            uint32_t *mask, crm_error_t *error)
{
    size_t n = crm_config_count(g, key);
    char name[96], known[200] = "";

    if (!crm_config_has(g, key))
        return 0;
    rule_key(name, sizeof name, rule, key);
    for (size_t i = 0; values[i]; i++)
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "",
                 values[i]);
    if (n == 0)
        return clients_config_fail(g, key, name, error, "must be a list of one or more of: %s",
                                   known);
    for (size_t i = 0; i < n; i++) {
        int v = clients_enum_index(values, crm_config_string_at(g, key, i));

        if (v < 0 || v >= 32)
            return clients_config_fail(g, key, name, error, "[%zu] is none of: %s", i, known);
        *mask |= UINT32_C(1) << v;
    }
    return 0;
}

/* The regions at "region" of G (a list of strings). */
static int
read_regions(const crm_config_t *g, const char *rule, clients_segment_rule_t *r, crm_error_t *error)
{
    size_t n = crm_config_count(g, "region");
    char name[96];

    if (!crm_config_has(g, "region"))
        return 0;
    rule_key(name, sizeof name, rule, "region");
    if (n == 0 || n > CLIENTS_MAX_REGIONS)
        return clients_config_fail(g, "region", name, error, "must be a list of 1 to %d regions",
                                   CLIENTS_MAX_REGIONS);
    for (size_t i = 0; i < n; i++) {
        r->regions[i] = crm_config_string_at(g, "region", i);
        if (!r->regions[i] || !*r->regions[i])
            return clients_config_fail(g, "region", name, error, "[%zu] must be a region's name",
                                       i);
    }
    return 0;
}

/* "products = { investment = 1; deposit = 2; }": at least so many active accounts of a type. */
static int
read_products(const crm_config_t *g, const char *rule, clients_segment_rule_t *r,
              crm_error_t *error)
{
    const char *const *types = clients_enum_values(&clients_product_def, "type");
    const crm_config_t *p = crm_config_group(g, "products");
    char name[96];
    int rc;

    rule_key(name, sizeof name, rule, "products");
    if (!p && crm_config_has(g, "products"))
        return clients_config_fail(g, "products", name, error,
                                   "must be a group of product types, e.g. { investment = 1; }");
    if (!p)
        return 0;
    if ((rc = clients_config_known(p, NULL, name, types, error)) != 0)
        return rc;
    for (int i = 0; rc == 0 && types[i] && i < CLIENTS_MAX_VALUES; i++)
        rc = read_int(p, types[i], name, 1, 1000, &r->products[i], error);
    return rc;
}

/* Rule I, the group G, into R. */
static int
read_rule(const crm_config_t *g, size_t i, clients_segment_rule_t *r, crm_error_t *error)
{
    const char *segment = crm_config_string(g, "segment", NULL);
    const char *kind = crm_config_string(g, "kind", NULL);
    char rule[48], name[64];
    int rc;

    snprintf(rule, sizeof rule, "segmentation[%zu]", i);
    memset(r, 0, sizeof *r);
    r->min_age = r->max_age = r->min_products = -1;
    if ((rc = clients_config_known(g, NULL, rule, rule_keys, error)) != 0)
        return rc;
    rule_key(name, sizeof name, rule, "segment");
    r->segment = segment;
    if (clients_enum_index(clients_enum_values(&clients_client_def, "segment"), segment) < 0)
        return clients_config_fail(g, segment ? "segment" : NULL, name, error,
                                   "must be one of: mass, affluent, private, micro, sme, "
                                   "corporate");
    rule_key(name, sizeof name, rule, "kind");
    if (kind && strcmp(kind, "individual") == 0)
        r->kind = CLIENTS_INDIVIDUAL;
    else if (kind && strcmp(kind, "organisation") == 0)
        r->kind = CLIENTS_ORGANISATION;
    else if (crm_config_has(g, "kind"))
        return clients_config_fail(g, "kind", name, error, "must be individual or organisation");
    if ((rc = read_values(g, "income_band", rule,
                          clients_enum_values(&clients_client_def, "income_band"), &r->income_bands,
                          error)) ||
        (rc = read_values(g, "revenue_band", rule,
                          clients_enum_values(&clients_client_def, "revenue_band"),
                          &r->revenue_bands, error)) ||
        (rc = read_regions(g, rule, r, error)) ||
        (rc = read_int(g, "min_age", rule, 0, 200, &r->min_age, error)) ||
        (rc = read_int(g, "max_age", rule, 0, 200, &r->max_age, error)) ||
        (rc = read_int(g, "min_products", rule, 0, 1000, &r->min_products, error)) ||
        (rc = read_products(g, rule, r, error)))
        return rc;
    if (r->min_age >= 0 && r->max_age >= 0 && r->max_age < r->min_age)
        return clients_config_fail(g, "max_age", rule, error, "max_age is below min_age");
    return 0;
}

/* Appends a default rule. */
static void
add_default(const char *segment, clients_kind_t kind, const char *const *incomes,
            const char *const *revenues, const char *product)
{
    clients_segment_rule_t *r = &clients_profile.rules[clients_profile.n_rules++];
    int type = clients_enum_index(clients_enum_values(&clients_product_def, "type"), product);

    memset(r, 0, sizeof *r);
    r->segment = segment;
    r->kind = kind;
    r->min_age = r->max_age = r->min_products = -1;
    for (size_t i = 0; incomes && incomes[i]; i++)
        r->income_bands |= UINT32_C(1) << clients_enum_index(
                               clients_enum_values(&clients_client_def, "income_band"), incomes[i]);
    for (size_t i = 0; revenues && revenues[i]; i++)
        r->revenue_bands |=
            UINT32_C(1) << clients_enum_index(
                clients_enum_values(&clients_client_def, "revenue_band"), revenues[i]);
    if (type >= 0)
        r->products[type] = 1;
}

/* The rules when the configuration has none (docs/plugins/clients.md shows them). */
static void
default_rules(void)
{
    add_default("corporate", CLIENTS_ORGANISATION, NULL, CRM_VALUES("large"), NULL);
    add_default("sme", CLIENTS_ORGANISATION, NULL, CRM_VALUES("small", "medium"), NULL);
    add_default("micro", CLIENTS_ORGANISATION, NULL, NULL, NULL);
    add_default("private", CLIENTS_INDIVIDUAL, CRM_VALUES("very_high"), NULL, NULL);
    add_default("private", CLIENTS_INDIVIDUAL, CRM_VALUES("high"), NULL, "investment");
    add_default("affluent", CLIENTS_INDIVIDUAL, CRM_VALUES("upper_middle", "high"), NULL, NULL);
    add_default("affluent", CLIENTS_INDIVIDUAL, NULL, NULL, "investment");
    add_default("mass", CLIENTS_INDIVIDUAL, NULL, NULL, NULL);
}

int
clients_segments_configure(const crm_config_t *cfg, crm_error_t *error)
{
    size_t n = crm_config_count(cfg, "segmentation");
    int rc = 0;

    clients_profile.n_rules = 0;
    if (!crm_config_has(cfg, "segmentation")) {
        default_rules();
        return 0;
    }
    if (n == 0 || n > CLIENTS_MAX_RULES)
        return clients_config_fail(cfg, "segmentation", "segmentation", error,
                                   "must be a list of 1 to %d rules, e.g. "
                                   "( { segment = \"mass\"; kind = \"individual\"; } )",
                                   CLIENTS_MAX_RULES);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const crm_config_t *g = crm_config_group_at(cfg, "segmentation", i);

        if (!g)
            return clients_config_fail(cfg, "segmentation", "segmentation", error,
                                       "[%zu] must be a group { segment = ...; }", i);
        rc = read_rule(g, i, &clients_profile.rules[i], error);
        clients_profile.n_rules = i + 1;
    }
    return rc;
}

/* --- one client, when it is written --- */

static int
count_account(const bson_t *account, void *data, crm_error_t *error)
{
    clients_facts_t *facts = data;
    const char *product_id = clients_str(account, "product_id");
    bson_t product;
    int type;

    (void)error;
    facts->accounts++;
    if (!clients_str_is(account, "status", "active"))
        return 0;
    facts->active_accounts++;
    if (!product_id ||
        crm_entity_get(crm_identity_system(), "product", product_id, &product, NULL) != 0)
        return 0;
    type = clients_enum_index(clients_enum_values(&clients_product_def, "type"),
                              clients_str(&product, "type"));
    if (type >= 0 && type < CLIENTS_MAX_VALUES)
        facts->products[type]++;
    bson_destroy(&product);
    return 0;
}

/* The accounts client DATA (its id, or NULL for a new one) holds now, read as the system (for
 * the rules only: nothing of them is shown). */
static bool
load_products(clients_facts_t *facts, void *data)
{
    bson_t filter = BSON_INITIALIZER;
    int rc;

    if (!data)
        return true; /* a client being created holds nothing yet */
    BSON_APPEND_UTF8(&filter, "client_id", data);
    rc = crm_entity_list(crm_identity_system(), "account", &filter, "id", 500, count_account, facts,
                         NULL);
    bson_destroy(&filter);
    return rc == 0;
}

void
clients_segment_prepare(const bson_t *record, const bson_t *before, bson_t *changes)
{
    static const char *const read[] = {
        "kind", "income_band", "revenue_band", "region", "birth_date", "founding_date", NULL};
    const clients_segment_rule_t *rule;
    const char *segment;
    clients_facts_t facts;
    bool recompute = !before || !clients_str(record, "segment");

    for (size_t i = 0; !recompute && read[i]; i++)
        recompute = clients_changed(record, before, read[i]) || bson_has_field(changes, read[i]);
    if (!recompute)
        return;
    clients_facts_from_record(record, changes, &facts);
    rule =
        clients_segment_match(clients_profile.rules, clients_profile.n_rules, &facts,
                              clients_now_ms(), load_products, (void *)clients_str(record, "id"));
    segment = rule ? rule->segment : NULL;
    if (segment && !clients_str_is(record, "segment", segment))
        BSON_APPEND_UTF8(changes, "segment", segment);
    else if (!segment && clients_str(record, "segment"))
        BSON_APPEND_NULL(changes, "segment");
}

/* --- every client: the job --- */

typedef struct {
    clients_tally_t tally;
    int64_t refreshed; /* completeness scores brought up to date */
} segmentation_t;

static int64_t
stored_score(const bson_t *client)
{
    bson_iter_t it;

    return bson_iter_init_find(&it, client, "completeness") && BSON_ITER_HOLDS_NUMBER(&it)
               ? bson_iter_as_int64(&it)
               : -1;
}

static int
segment_one(crm_job_run_t *run, const bson_t *client, clients_facts_t *facts, void *data,
            crm_error_t *error)
{
    const clients_segment_rule_t *rule = clients_segment_match(
        clients_profile.rules, clients_profile.n_rules, facts, crm_job_now(run), NULL, NULL);
    const char *segment = rule ? rule->segment : NULL;
    int score = clients_completeness_score(client, NULL, NULL);
    bool moved = segment ? !clients_str_is(client, "segment", segment)
                         : clients_str(client, "segment") != NULL;
    segmentation_t *s = data;
    bson_t patch = BSON_INITIALIZER;

    (void)error;
    clients_tally_value(&s->tally, clients_enum_values(&clients_client_def, "segment"), segment);
    if (moved && segment)
        BSON_APPEND_UTF8(&patch, "segment", segment);
    else if (moved)
        BSON_APPEND_NULL(&patch, "segment");
    if (stored_score(client) != score)
        BSON_APPEND_INT32(&patch, "completeness", score);
    if (!bson_empty(&patch) &&
        clients_tally_write(run, clients_str(client, "id"), &patch, &s->tally)) {
        s->tally.changed += moved;
        s->refreshed += bson_has_field(&patch, "completeness");
    }
    bson_destroy(&patch);
    return 0;
}

static int
run_segmentation(crm_job_run_t *run, void *data, crm_error_t *error)
{
    segmentation_t s;
    bool stopped = false;
    int rc;

    (void)data;
    memset(&s, 0, sizeof s);
    rc = clients_facts_each(run, segment_one, &s, &stopped, error);
    clients_tally_record(run, &s.tally, clients_enum_values(&clients_client_def, "segment"),
                         "unsegmented", "segments", stopped);
    crm_job_count(run, "completeness_refreshed", s.refreshed);
    return rc;
}

const crm_job_def_t clients_segmentation_job = {
    .size = sizeof(crm_job_def_t),
    .id = "clients_segmentation",
    .title = "Client segments and data completeness",
    .cron = "30 1 * * *",
    .run = run_segmentation,
};
