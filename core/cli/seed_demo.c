/* crmd seed-demo: fills an empty store with a demo bank — an org tree of regions, branches
 * and teams, a member of staff in every built-in role with one generated password — then lets
 * each enabled plugin seed its own records (crm/demo.h), so that a first `make run` has
 * something to show. Does nothing when users already exist, but prints the demo logins
 * again. */
#include "auth/users-private.h"
#include "authz/authz-impl-private.h"
#include "cli/cli-private.h"
#include "common/timefmt-private.h"
#include "demo/demo-private.h"
#include "host/host-private.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_CLIENTS 20000

/* The demo org tree, parents first. */
enum {
    BANK, NORTH, SOUTH, KRAKOW, WARSAW, GDANSK, LVIV, KYIV, KRAKOW_TEAM, WARSAW_SME, N_UNITS
};
static const struct {
    const char *name, *kind;
    int parent;
} units[N_UNITS] = {
    {"Demo Bank", "bank", -1},           {"North region", "region", BANK},
    {"South region", "region", BANK},    {"Krakow branch", "branch", NORTH},
    {"Warsaw branch", "branch", NORTH},  {"Gdansk branch", "branch", NORTH},
    {"Lviv branch", "branch", SOUTH},    {"Kyiv branch", "branch", SOUTH},
    {"Krakow mortgages", "team", KRAKOW}, {"Warsaw SME", "team", WARSAW},
};

/* The demo staff: every built-in role, advisors in every branch and team. */
static const struct {
    const char *username, *display_name, *role;
    int unit;
} staff[] = {
    {"anna.advisor", "Anna Advisor", "advisor", KRAKOW},
    {"piotr.advisor", "Piotr Advisor", "advisor", KRAKOW_TEAM},
    {"jan.advisor", "Jan Advisor", "advisor", WARSAW},
    {"ewa.advisor", "Ewa Advisor", "advisor", WARSAW_SME},
    {"tomasz.advisor", "Tomasz Advisor", "advisor", GDANSK},
    {"olena.advisor", "Olena Advisor", "advisor", LVIV},
    {"andrii.advisor", "Andrii Advisor", "advisor", KYIV},
    {"krakow.director", "Krakow Branch Director", "branch_director", KRAKOW},
    {"warsaw.director", "Warsaw Branch Director", "branch_director", WARSAW},
    {"lviv.director", "Lviv Branch Director", "branch_director", LVIV},
    {"north.director", "North Regional Director", "regional_director", NORTH},
    {"south.director", "South Regional Director", "regional_director", SOUTH},
    {"board", "Board Member", "board", BANK},
    {"marek.teller", "Marek Teller", "teller", KRAKOW},
    {"iryna.teller", "Iryna Teller", "teller", LVIV},
    {"kasia.collector", "Kasia Collector", "collector", KRAKOW},
    {"marta.marketer", "Marta Marketer", "marketer", BANK},
    {"sofia.agent", "Sofia Service Agent", "service_agent", WARSAW},
    {"auditor", "Internal Auditor", "auditor", BANK},
    {"admin", "Administrator", "admin", BANK},
    {"cbs.integration", "Core Banking Integration", "integration", BANK},
};
#define N_STAFF (sizeof staff / sizeof staff[0])

static int
create_units(crm_demo_t *d, crm_error_t *error)
{
    for (int i = 0; i < N_UNITS; i++) {
        bson_t in = BSON_INITIALIZER, out = BSON_INITIALIZER;
        bson_iter_t it;
        int rc;

        BSON_APPEND_UTF8(&in, "name", units[i].name);
        BSON_APPEND_UTF8(&in, "kind", units[i].kind);
        if (units[i].parent >= 0)
            BSON_APPEND_UTF8(&in, "parent_id", d->units[units[i].parent].id);
        rc = crm__org_unit_create(crm_identity_system(), &in, &out, error);
        bson_destroy(&in);
        if (rc != 0) {
            bson_destroy(&out);
            return rc;
        }
        if (bson_iter_init_find(&it, &out, "id") && BSON_ITER_HOLDS_UTF8(&it))
            snprintf(d->units[i].id, 25, "%s", bson_iter_utf8(&it, NULL));
        d->units[i].name = units[i].name;
        d->units[i].kind = units[i].kind;
        d->n_units++;
        bson_destroy(&out);
    }
    return 0;
}

static int
create_staff(crm_store_t *store, crm_demo_t *d, const char *password, crm_error_t *error)
{
    for (size_t i = 0; i < N_STAFF; i++) {
        const char *roles[] = {staff[i].role};
        crm__user_input_t in = {staff[i].username, staff[i].display_name, NULL,
                                d->units[staff[i].unit].id, roles, 1};
        bson_oid_t oid;
        int rc = crm__user_create(store, crm_identity_system(), &in, password, &oid, error);

        if (rc != 0)
            return rc;
        bson_oid_to_string(&oid, d->staff[i].id);
        d->staff[i].username = staff[i].username;
        d->staff[i].role = staff[i].role;
        d->staff[i].unit = (size_t)staff[i].unit;
        d->n_staff++;
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

/* Reads "--clients N" from ARGV. */
static int64_t
clients_option(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i++)
        if (!strcmp(argv[i], "--clients"))
            return atoll(argv[i + 1]);
    return DEFAULT_CLIENTS;
}

int
crm__cli_seed_demo(int argc, char **argv)
{
    const char *config_path = crm__cli_config_path(&argc, &argv);
    crm_error_t error = {0};
    crm__host_t *host = crm__host_open(config_path, &error);
    int64_t users = 0;
    char path[600], password[40] = "Demo-";
    unsigned char raw[9];
    crm_demo_t *demo = calloc(1, sizeof *demo);
    size_t n_seeded = 0;
    int rc = 1;

    if (!host || !demo) {
        fprintf(stderr, "crmd seed-demo: %s\n", host ? "out of memory" : error.message);
        free(demo);
        crm__host_close(host);
        return 1;
    }
    demo->clients = clients_option(argc, argv);
    if (demo->clients < 1 || demo->clients > 10000000) {
        fprintf(stderr, "crmd seed-demo: --clients must be between 1 and 10000000\n");
        goto done;
    }
    demo->state = 20261122u;
    demo->now = crm__now_ms() / 3600000 * 3600000;
    logins_path(host, path, sizeof path);
    if (crm_store_count(host->store, CRM__USERS, NULL, &users, &error) != 0)
        goto fail;
    if (users > 0) {
        printf("seed-demo: the store already holds %lld users; left as it is\n",
               (long long)users);
        if (host->config->auth_enabled)
            print_logins(path);
        rc = 0;
        goto done;
    }
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(password + 5, sizeof password - 5, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    if (create_units(demo, &error) != 0 || create_staff(host->store, demo, password, &error) != 0)
        goto fail;
    printf("seed-demo: created the demo bank: %d org units, %zu staff\n", N_UNITS, N_STAFF);
    fflush(stdout);
    if (crm__demo_seed_all(demo, &n_seeded, &error) != 0)
        goto fail;
    printf("seed-demo: %zu plugin%s seeded their demo data\n", n_seeded,
           n_seeded == 1 ? "" : "s");
    if (write_logins(path, password) != 0)
        fprintf(stderr, "seed-demo: could not write %s\n", path);
    if (host->config->auth_enabled)
        print_logins(path);
    else
        printf("seed-demo: authentication is disabled: the demo logins are not needed\n");
    rc = 0;
    goto done;
fail:
    fprintf(stderr, "crmd seed-demo: %s\n", error.message);
done:
    sodium_memzero(password, sizeof password);
    free(demo);
    crm__host_close(host);
    return rc;
}
