/* The plugin's settings (the `retail` group of crmd's configuration), read once in init and
 * unchanged afterwards, so every thread reads them without a lock. A setting that makes no
 * sense stops the start with the file and line where it was written. */
#include "retail-private.h"

#include <crm/config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

retail_settings_t retail_settings;

static const char *const open_stages[] = {"lead", "qualified", "offer", "application", NULL};

/* Sets ERROR to "FILE:LINE: retail.NAME <what>", where the setting PATH of CFG was written. */
static int invalid(const crm_config_t *cfg, const char *path, const char *name, crm_error_t *error,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int
invalid(const crm_config_t *cfg, const char *path, const char *name, crm_error_t *error,
        const char *fmt, ...)
{
    const char *file = "the configuration";
    char what[256];
    int line = 0;
    va_list ap;

    crm_config_where(cfg, path, &file, &line);
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return crm_error_set(error, CRM_ECONFIG, "%s:%d: retail.%s %s", file, line, name, what);
}

/* True when VALUE is one of VALUES (NULL-terminated). */
static bool
one_of(const char *const *values, const char *value)
{
    for (size_t i = 0; values && value && values[i]; i++)
        if (strcmp(values[i], value) == 0)
            return true;
    return false;
}

/* Refuses a member of group G (at PATH of CFG, named NAME) that is none of KNOWN: libconfig
 * reaches members by position ("[i]"), <crm/config.h> by name, so a group holding more members
 * than it has known ones holds an unknown one. */
static int
only_known(const crm_config_t *cfg, const char *path, const crm_config_t *g, const char *name,
           const char *const *known, crm_error_t *error)
{
    size_t members = 0, named = 0;
    char at[24], list[160] = "";

    for (;; members++) {
        snprintf(at, sizeof at, "[%zu]", members);
        if (!crm_config_has(g, at))
            break;
    }
    for (size_t i = 0; known[i]; i++) {
        named += crm_config_has(g, known[i]);
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", known[i]);
    }
    if (members > named)
        return invalid(cfg, path, name, error, "has a setting that is none of: %s", list);
    return 0;
}

/* Reads the group PATH of CFG holding a whole number LO..HI per open stage into OUT (which
 * holds the defaults). */
static int
read_per_stage(const crm_config_t *cfg, const char *path, int lo, int hi,
               int out[RETAIL_OPEN_STAGES], crm_error_t *error)
{
    const crm_config_t *g = crm_config_group(cfg, path);
    char name[64];
    int rc;

    if (!crm_config_has(cfg, path))
        return 0;
    if (!g)
        return invalid(cfg, path, path, error, "must be a group, e.g. { lead = 14; offer = 10; }");
    if ((rc = only_known(cfg, path, g, path, open_stages, error)) != 0)
        return rc;
    for (int i = 0; i < RETAIL_OPEN_STAGES; i++) {
        int64_t v = crm_config_int(g, open_stages[i], INT64_MIN);

        if (!crm_config_has(g, open_stages[i]))
            continue;
        snprintf(name, sizeof name, "%s.%s", path, open_stages[i]);
        if (v < lo || v > hi)
            return invalid(g, open_stages[i], name, error, "must be a whole number from %d to %d",
                           lo, hi);
        out[i] = (int)v;
    }
    return 0;
}

static int
read_renewals(const crm_config_t *cfg, crm_error_t *error)
{
    retail_settings_t *s = &retail_settings;
    int64_t horizon = crm_config_int(cfg, "renewal_horizon_days", 60);
    size_t n = crm_config_count(cfg, "renewal_product_types");

    if (crm_config_has(cfg, "renewal_horizon_days") &&
        (horizon < 1 || horizon > 3650 ||
         crm_config_int(cfg, "renewal_horizon_days", 0) != horizon))
        return invalid(cfg, "renewal_horizon_days", "renewal_horizon_days", error,
                       "must be a whole number of days from 1 to 3650");
    s->renewal_horizon_days = (int)horizon;
    if (!crm_config_has(cfg, "renewal_product_types")) {
        static const char *const defaults[] = {"deposit", "loan", "insurance", NULL};
        memcpy(s->renewal_types, defaults, sizeof defaults);
        return 0;
    }
    if (n == 0 || n >= sizeof s->renewal_types / sizeof s->renewal_types[0])
        return invalid(cfg, "renewal_product_types", "renewal_product_types", error,
                       "must list 1 to 6 product types");
    for (size_t i = 0; i < n; i++) {
        const char *t = crm_config_string_at(cfg, "renewal_product_types", i);

        if (!one_of(retail_product_types, t))
            return invalid(cfg, "renewal_product_types", "renewal_product_types", error,
                           "[%zu] is none of: deposit, loan, card, insurance, investment, account",
                           i);
        s->renewal_types[i] = t;
    }
    s->renewal_types[n] = NULL;
    return 0;
}

static int
read_commission(const crm_config_t *cfg, crm_error_t *error)
{
    static const char *const keys[] = {"product", "line", "rate", NULL};
    retail_settings_t *s = &retail_settings;
    size_t n = crm_config_count(cfg, "commission");
    char name[48];
    int rc;

    s->rates = bson_malloc0((n ? n : 1) * sizeof *s->rates);
    for (size_t i = 0; i < n; i++) {
        const crm_config_t *g = crm_config_group_at(cfg, "commission", i);
        retail_rate_t *r = &s->rates[i];
        const char *rate;

        snprintf(name, sizeof name, "commission[%zu]", i);
        if (!g)
            return invalid(cfg, "commission", name, error,
                           "must be a group { product = \"CODE\"; rate = \"0.0020\"; }");
        if ((rc = only_known(g, "rate", g, name, keys, error)) != 0)
            return rc;
        r->product = crm_config_string(g, "product", NULL);
        r->line = crm_config_string(g, "line", NULL);
        rate = crm_config_string(g, "rate", NULL);
        if (!r->product == !r->line)
            return invalid(g, r->product ? "product" : "rate", name, error,
                           "must name either a product (its code) or a product line");
        if (!retail_rate_parse(rate, &r->rate))
            return invalid(g,
                           crm_config_has(g, "rate") ? "rate"
                           : r->product              ? "product"
                                                     : "line",
                           name, error,
                           "rate must be a decimal from 0 to 1 written as a string, at most nine "
                           "decimals, e.g. rate = \"0.0020\"");
        s->n_rates++;
    }
    return 0;
}

/* The enum values of field FIELD of the clients plugin's client entity. */
static const char *const *
client_values(const char *field)
{
    const crm_entity_def_t *client = crm_entity_find("client");

    for (const crm_field_t *f = client ? client->fields : NULL; f && f->name; f++)
        if (strcmp(f->name, field) == 0)
            return f->enum_values;
    return NULL;
}

static int
read_offer_rule(const crm_config_t *g, const char *name, retail_offer_rule_t *rule,
                crm_error_t *error)
{
    static const char *const keys[] = {"segment", "phase", "products", NULL};
    size_t n = crm_config_count(g, "products");
    const char **products;
    int rc;

    if ((rc = only_known(g, "products", g, name, keys, error)) != 0)
        return rc;
    rule->segment = crm_config_string(g, "segment", NULL);
    rule->phase = crm_config_string(g, "phase", NULL);
    if (crm_config_has(g, "segment") && !one_of(client_values("segment"), rule->segment))
        return invalid(g, "segment", name, error, "segment is not a client segment");
    if (crm_config_has(g, "phase") && !one_of(client_values("lifecycle_phase"), rule->phase))
        return invalid(g, "phase", name, error,
                       "phase is none of: potential, developing, developed, dormant, lost");
    if (n == 0)
        return invalid(g, crm_config_has(g, "products") ? "products" : "segment", name, error,
                       "must list the products to offer, e.g. products = [\"DEP-12M\"]");
    products = bson_malloc0((n + 1) * sizeof *products);
    rule->products = products;
    for (size_t i = 0; i < n; i++)
        if (!(products[i] = crm_config_string_at(g, "products", i)))
            return invalid(g, "products", name, error, "products[%zu] must be a product code", i);
    return 0;
}

static int
read_offers(const crm_config_t *cfg, crm_error_t *error)
{
    retail_settings_t *s = &retail_settings;
    size_t n = crm_config_count(cfg, "next_best_offer");
    char name[48];
    int rc;

    s->offers = bson_malloc0((n ? n : 1) * sizeof *s->offers);
    for (size_t i = 0; i < n; i++) {
        const crm_config_t *g = crm_config_group_at(cfg, "next_best_offer", i);

        snprintf(name, sizeof name, "next_best_offer[%zu]", i);
        if (!g)
            return invalid(cfg, "next_best_offer", name, error,
                           "must be a group { segment = \"mass\"; products = [...]; }");
        s->n_offers++;
        if ((rc = read_offer_rule(g, name, &s->offers[i], error)) != 0)
            return rc;
    }
    return 0;
}

int
retail_settings_read(const crm_config_t *cfg, crm_error_t *error)
{
    retail_settings_t *s = &retail_settings;
    static const int stuck[] = {14, 14, 10, 7}, probability[] = {10, 25, 50, 75};
    int rc;

    memset(s, 0, sizeof *s);
    memcpy(s->stuck_after_days, stuck, sizeof stuck);
    memcpy(s->probability, probability, sizeof probability);
    if ((rc = read_renewals(cfg, error)) != 0 ||
        (rc = read_per_stage(cfg, "stuck_after_days", 0, 3650, s->stuck_after_days, error)) != 0 ||
        (rc = read_per_stage(cfg, "probability", 0, 100, s->probability, error)) != 0 ||
        (rc = read_commission(cfg, error)) != 0 || (rc = read_offers(cfg, error)) != 0)
        retail_settings_free();
    return rc;
}

void
retail_settings_free(void)
{
    retail_settings_t *s = &retail_settings;

    for (size_t i = 0; s->offers && i < s->n_offers; i++)
        bson_free((void *)s->offers[i].products);
    bson_free(s->offers);
    bson_free(s->rates);
    memset(s, 0, sizeof *s);
}
