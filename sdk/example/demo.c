/* The example plugin's demo data (crm/demo.h): prospects spread over the demo bank's
 * advisors, each owned by one advisor in the advisor's unit. */
#include <crm/demo.h>
#include <crm/entity.h>

#include <stdio.h>
#include <string.h>

#define PROSPECTS 240

static const char *const first_names[] = {"Anna", "Piotr", "Olena", "Jan", "Maria", "Ivan",
                                          "Katarzyna", "Tomasz", "Natalia", "Marek", "Sofia",
                                          "Andrii", "Ewa", "Pavel", "Zofia", "Oleksandr"};
static const char *const last_names[] = {"Nowak", "Kowalski", "Shevchenko", "Wisniewski",
                                         "Ivanova", "Zielinski", "Kovalenko", "Wojcik",
                                         "Petrenko", "Kaminski", "Lewandowska", "Bondarenko"};
static const char *const segments[] = {"mass", "affluent", "private", "sme"};
static const char *const cities[] = {"Warsaw", "Krakow", "Gdansk", "Lviv", "Kyiv", "Wroclaw"};
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

int example_demo_seed(crm_demo_t *demo, void *data, crm_error_t *error);

int
example_demo_seed(crm_demo_t *demo, void *data, crm_error_t *error)
{
    size_t advisors[64], n_advisors = 0;

    (void)data;
    for (size_t i = 0; i < crm_demo_staff_count(demo) && n_advisors < N_OF(advisors); i++)
        if (!strcmp(crm_demo_staff_role(demo, i), "advisor"))
            advisors[n_advisors++] = i;
    for (int i = 0; i < PROSPECTS; i++) {
        bson_t doc = BSON_INITIALIZER, money, addr, tags;
        char name[96], email[128], ext[32], phone[32], when[32];
        uint32_t r = crm_demo_random(demo);
        const char *first = first_names[r % N_OF(first_names)];
        const char *last = last_names[(r >> 8) % N_OF(last_names)];
        int rc;

        snprintf(name, sizeof name, "%s %s", first, last);
        snprintf(email, sizeof email, "%c.%s%d@example.com", first[0] + 32, last, i);
        snprintf(ext, sizeof ext, "CB-%06d", 100000 + i);
        snprintf(phone, sizeof phone, "+48 600 %03u %03d", (unsigned)(r % 1000), i % 1000);
        snprintf(when, sizeof when, "2026-%02d-%02dT%02d:30:00Z", 1 + i % 11, 1 + i % 28,
                 8 + i % 9);
        BSON_APPEND_UTF8(&doc, "name", name);
        BSON_APPEND_UTF8(&doc, "email", email);
        BSON_APPEND_UTF8(&doc, "phone", phone);
        BSON_APPEND_UTF8(&doc, "external_id", ext);
        BSON_APPEND_UTF8(&doc, "segment", segments[(r >> 4) % N_OF(segments)]);
        bson_append_document_begin(&doc, "expected_amount", -1, &money);
        BSON_APPEND_INT64(&money, "amount", (int64_t)((r >> 3) % 5000000) * 100);
        BSON_APPEND_UTF8(&money, "currency", i % 5 == 0 ? "EUR" : "PLN");
        bson_append_document_end(&doc, &money);
        BSON_APPEND_INT64(&doc, "score", (int64_t)(r % 101));
        BSON_APPEND_UTF8(&doc, "contacted_at", when);
        BSON_APPEND_BOOL(&doc, "vip", r % 7 == 0);
        bson_append_array_begin(&doc, "tags", -1, &tags);
        BSON_APPEND_UTF8(&tags, "0", i % 3 ? "mortgage" : "deposit");
        bson_append_array_end(&doc, &tags);
        bson_append_document_begin(&doc, "address", -1, &addr);
        BSON_APPEND_UTF8(&addr, "city", cities[(r >> 12) % N_OF(cities)]);
        bson_append_document_end(&doc, &addr);
        if (n_advisors) {
            size_t a = advisors[(size_t)i % n_advisors];

            BSON_APPEND_UTF8(&doc, "owner_id", crm_demo_staff_id(demo, a));
            BSON_APPEND_UTF8(&doc, "org_unit", crm_demo_staff_unit(demo, a));
        }
        rc = crm_entity_create(crm_identity_system(), "prospect", &doc, NULL, error);
        bson_destroy(&doc);
        if (rc != 0)
            return rc;
    }
    return 0;
}
