/* crmd seed-demo: fills an empty store with a demo bank's data, so that a first `make run` has
 * something to show. Does nothing when the data is already there. */
#include "cli/cli-private.h"
#include "host/host-private.h"

#include <crm/entity.h>

#include <stdio.h>

static const char *const first_names[] = {"Anna", "Piotr", "Olena", "Jan", "Maria", "Ivan",
                                          "Katarzyna", "Tomasz", "Natalia", "Marek", "Sofia",
                                          "Andrii", "Ewa", "Pavel", "Zofia", "Oleksandr"};
static const char *const last_names[] = {"Nowak", "Kowalski", "Shevchenko", "Wisniewski",
                                         "Ivanova", "Zielinski", "Kovalenko", "Wojcik",
                                         "Petrenko", "Kaminski", "Lewandowska", "Bondarenko"};
static const char *const segments[] = {"mass", "affluent", "private", "sme"};
static const char *const cities[] = {"Warsaw", "Krakow", "Gdansk", "Lviv", "Kyiv", "Wroclaw"};

/* Creates the demo prospects. Returns the number created, or -1. */
static int
seed_prospects(int n, crm_error_t *error)
{
    unsigned seed = 20261122u;
    int created = 0;

    for (int i = 0; i < n; i++) {
        bson_t doc = BSON_INITIALIZER, money, addr, tags;
        char name[96], email[128], ext[32], phone[32], when[32];
        const char *first, *last;

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
        if (crm_entity_create(crm_identity_system(), "prospect", &doc, NULL, error) != 0) {
            bson_destroy(&doc);
            return -1;
        }
        bson_destroy(&doc);
        created++;
    }
    return created;
}

int
crm__cli_seed_demo(int argc, char **argv)
{
    const char *config_path = crm__cli_config_path(&argc, &argv);
    crm_error_t error = {0};
    crm__host_t *host = crm__host_open(config_path, &error);
    int64_t existing = 0;
    int rc = 1, n;

    if (!host) {
        fprintf(stderr, "crmd seed-demo: %s\n", error.message);
        return 1;
    }
    if (!crm_entity_find("prospect")) {
        printf("seed-demo: the example plugin is not enabled; nothing to seed\n");
        rc = 0;
        goto done;
    }
    if (crm_store_count(host->store, "prospect", NULL, &existing, &error) != 0)
        goto fail;
    if (existing > 0) {
        printf("seed-demo: the store already holds data (%lld prospects); left as it is\n",
               (long long)existing);
        rc = 0;
        goto done;
    }
    n = seed_prospects(240, &error);
    if (n < 0)
        goto fail;
    printf("seed-demo: created %d demo prospects\n", n);
    rc = 0;
    goto done;
fail:
    fprintf(stderr, "crmd seed-demo: %s\n", error.message);
done:
    crm__host_close(host);
    return rc;
}
