/* crmd seed-demo: fills an empty store with a demo bank — an org tree, a user for each kind
 * of staff with one generated password, and prospects spread over the advisors — so that a
 * first `make run` has something to show. Does nothing when the data is already there, but
 * prints the demo logins again. */
#include "auth/users-private.h"
#include "authz/authz-impl-private.h"
#include "cli/cli-private.h"
#include "host/host-private.h"

#include <crm/entity.h>

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char *const first_names[] = {"Anna", "Piotr", "Olena", "Jan", "Maria", "Ivan",
                                          "Katarzyna", "Tomasz", "Natalia", "Marek", "Sofia",
                                          "Andrii", "Ewa", "Pavel", "Zofia", "Oleksandr"};
static const char *const last_names[] = {"Nowak", "Kowalski", "Shevchenko", "Wisniewski",
                                         "Ivanova", "Zielinski", "Kovalenko", "Wojcik",
                                         "Petrenko", "Kaminski", "Lewandowska", "Bondarenko"};
static const char *const segments[] = {"mass", "affluent", "private", "sme"};
static const char *const cities[] = {"Warsaw", "Krakow", "Gdansk", "Lviv", "Kyiv", "Wroclaw"};

/* The demo org tree, parents first. */
enum { BANK, NORTH, SOUTH, KRAKOW, WARSAW, LVIV, KRAKOW_TEAM, N_UNITS };
static const struct {
    const char *name, *kind;
    int parent;
} units[N_UNITS] = {
    {"Demo Bank", "bank", -1},           {"North region", "region", BANK},
    {"South region", "region", BANK},    {"Krakow branch", "branch", NORTH},
    {"Warsaw branch", "branch", NORTH},  {"Lviv branch", "branch", SOUTH},
    {"Krakow mortgages", "team", KRAKOW},
};

/* The demo staff: advisors first (they own the prospects). */
static const struct {
    const char *username, *display_name, *role;
    int unit;
} staff[] = {
    {"anna.advisor", "Anna Advisor", "advisor", KRAKOW},
    {"piotr.advisor", "Piotr Advisor", "advisor", KRAKOW_TEAM},
    {"olena.advisor", "Olena Advisor", "advisor", LVIV},
    {"jan.advisor", "Jan Advisor", "advisor", WARSAW},
    {"krakow.director", "Krakow Branch Director", "branch_director", KRAKOW},
    {"north.director", "North Regional Director", "regional_director", NORTH},
    {"board", "Board Member", "board", BANK},
    {"auditor", "Internal Auditor", "auditor", BANK},
    {"marta.marketer", "Marta Marketer", "marketer", BANK},
    {"admin", "Administrator", "admin", BANK},
};
#define N_STAFF (sizeof staff / sizeof staff[0])
#define N_ADVISORS 4

typedef struct demo {
    char unit_ids[N_UNITS][25];
    char user_ids[N_STAFF][25];
} demo_t;

static int
create_units(demo_t *d, crm_error_t *error)
{
    for (int i = 0; i < N_UNITS; i++) {
        bson_t in = BSON_INITIALIZER, out = BSON_INITIALIZER;
        bson_iter_t it;
        int rc;

        BSON_APPEND_UTF8(&in, "name", units[i].name);
        BSON_APPEND_UTF8(&in, "kind", units[i].kind);
        if (units[i].parent >= 0)
            BSON_APPEND_UTF8(&in, "parent_id", d->unit_ids[units[i].parent]);
        rc = crm__org_unit_create(crm_identity_system(), &in, &out, error);
        bson_destroy(&in);
        if (rc != 0) {
            bson_destroy(&out);
            return rc;
        }
        if (bson_iter_init_find(&it, &out, "id") && BSON_ITER_HOLDS_UTF8(&it))
            snprintf(d->unit_ids[i], 25, "%s", bson_iter_utf8(&it, NULL));
        bson_destroy(&out);
    }
    return 0;
}

static int
create_staff(crm_store_t *store, demo_t *d, const char *password, crm_error_t *error)
{
    for (size_t i = 0; i < N_STAFF; i++) {
        const char *roles[] = {staff[i].role};
        crm__user_input_t in = {staff[i].username, staff[i].display_name, NULL,
                                d->unit_ids[staff[i].unit], roles, 1};
        bson_oid_t oid;
        int rc = crm__user_create(store, crm_identity_system(), &in, password, &oid, error);

        if (rc != 0)
            return rc;
        bson_oid_to_string(&oid, d->user_ids[i]);
    }
    return 0;
}

/* Creates the demo prospects, each owned by one of the advisors in the advisor's unit. */
static int
seed_prospects(const demo_t *d, int n, crm_error_t *error)
{
    unsigned seed = 20261122u;

    for (int i = 0; i < n; i++) {
        bson_t doc = BSON_INITIALIZER, money, addr, tags;
        char name[96], email[128], ext[32], phone[32], when[32];
        const char *first, *last;
        int advisor = i % N_ADVISORS;
        int rc;

        seed = seed * 1103515245u + 12345u;
        first = first_names[(seed >> 8) % (sizeof first_names / sizeof first_names[0])];
        last = last_names[(seed >> 16) % (sizeof last_names / sizeof last_names[0])];
        snprintf(name, sizeof name, "%s %s", first, last);
        snprintf(email, sizeof email, "%c.%s%d@example.com", first[0] + 32, last, i);
        snprintf(ext, sizeof ext, "CB-%06d", 100000 + i);
        snprintf(phone, sizeof phone, "+48 600 %03d %03d", (int)(seed % 1000), i % 1000);
        snprintf(when, sizeof when, "2026-%02d-%02dT%02d:30:00Z", 1 + i % 11, 1 + i % 28, 8 + i % 9);
        BSON_APPEND_UTF8(&doc, "name", name);
        BSON_APPEND_UTF8(&doc, "email", email);
        BSON_APPEND_UTF8(&doc, "phone", phone);
        BSON_APPEND_UTF8(&doc, "external_id", ext);
        BSON_APPEND_UTF8(&doc, "segment", segments[(seed >> 4) % 4]);
        bson_append_document_begin(&doc, "expected_amount", -1, &money);
        BSON_APPEND_INT64(&money, "amount", (int64_t)((seed >> 3) % 5000000) * 100);
        BSON_APPEND_UTF8(&money, "currency", i % 5 == 0 ? "EUR" : "PLN");
        bson_append_document_end(&doc, &money);
        BSON_APPEND_INT64(&doc, "score", (int64_t)(seed % 101));
        BSON_APPEND_UTF8(&doc, "contacted_at", when);
        BSON_APPEND_BOOL(&doc, "vip", seed % 7 == 0);
        bson_append_array_begin(&doc, "tags", -1, &tags);
        BSON_APPEND_UTF8(&tags, "0", i % 3 ? "mortgage" : "deposit");
        bson_append_array_end(&doc, &tags);
        bson_append_document_begin(&doc, "address", -1, &addr);
        BSON_APPEND_UTF8(&addr, "city", cities[(seed >> 12) % 6]);
        bson_append_document_end(&doc, &addr);
        if (d) {
            BSON_APPEND_UTF8(&doc, "owner_id", d->user_ids[advisor]);
            BSON_APPEND_UTF8(&doc, "org_unit", d->unit_ids[staff[advisor].unit]);
        }
        rc = crm_entity_create(crm_identity_system(), "prospect", &doc, NULL, error);
        bson_destroy(&doc);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* Where the demo logins are written: beside the SQLite file, else the working directory. */
static void
logins_path(const crm__host_t *host, char *out, size_t size)
{
    const char *loc = host->config->store_location;
    const char *slash = strcmp(host->config->store_driver, "sqlite") == 0 ? strrchr(loc, '/') : NULL;

    if (slash)
        snprintf(out, size, "%.*s/demo-logins.txt", (int)(slash - loc), loc);
    else
        snprintf(out, size, "demo-logins.txt");
}

static int
write_logins(const char *path, const char *password)
{
    FILE *f;
    mode_t old = umask(077);

    f = fopen(path, "w");
    umask(old);
    if (!f)
        return -1;
    fprintf(f, "Demo logins (every user has the same generated password):\n");
    fprintf(f, "  password: %s\n", password);
    for (size_t i = 0; i < N_STAFF; i++)
        fprintf(f, "  %-16s %s\n", staff[i].username, staff[i].role);
    return fclose(f);
}

static void
print_logins(const char *path)
{
    char line[256];
    FILE *f = fopen(path, "r");

    if (!f)
        return;
    printf("\n");
    while (fgets(line, sizeof line, f))
        fputs(line, stdout);
    printf("(kept in %s)\n\n", path);
    fclose(f);
}

int
crm__cli_seed_demo(int argc, char **argv)
{
    const char *config_path = crm__cli_config_path(&argc, &argv);
    crm_error_t error = {0};
    crm__host_t *host = crm__host_open(config_path, &error);
    int64_t existing = 0, users = 0;
    char path[600], password[40] = "Demo-";
    unsigned char raw[9];
    demo_t demo;
    int rc = 1;

    if (!host) {
        fprintf(stderr, "crmd seed-demo: %s\n", error.message);
        return 1;
    }
    logins_path(host, path, sizeof path);
    if (!crm_entity_find("prospect")) {
        printf("seed-demo: the example plugin is not enabled; nothing to seed\n");
        rc = 0;
        goto done;
    }
    if (crm_store_count(host->store, "prospect", NULL, &existing, &error) != 0 ||
        crm_store_count(host->store, CRM__USERS, NULL, &users, &error) != 0)
        goto fail;
    if (existing > 0 || users > 0) {
        printf("seed-demo: the store already holds data (%lld prospects, %lld users); left as it "
               "is\n",
               (long long)existing, (long long)users);
        if (host->config->auth_enabled)
            print_logins(path);
        rc = 0;
        goto done;
    }
    if (!host->config->auth_enabled) {
        if (seed_prospects(NULL, 240, &error) != 0)
            goto fail;
        printf("seed-demo: created 240 demo prospects (authentication is disabled: no users)\n");
        rc = 0;
        goto done;
    }
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(password + 5, sizeof password - 5, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    if (create_units(&demo, &error) != 0 || create_staff(host->store, &demo, password, &error) != 0 ||
        seed_prospects(&demo, 240, &error) != 0)
        goto fail;
    if (write_logins(path, password) != 0)
        fprintf(stderr, "seed-demo: could not write %s\n", path);
    printf("seed-demo: created the demo bank: %d org units, %zu users, 240 prospects\n", N_UNITS,
           N_STAFF);
    print_logins(path);
    rc = 0;
    goto done;
fail:
    fprintf(stderr, "crmd seed-demo: %s\n", error.message);
done:
    sodium_memzero(password, sizeof password);
    crm__host_close(host);
    return rc;
}
