/* Small helpers over records in API form: reading strings and times, listing records into an
 * array, finding one record by a key. */
#include "clients-private.h"
#include "pan-private.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

const char *
clients_str(const bson_t *doc, const char *path)
{
    bson_iter_t it, found;

    if (doc && bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, path, &found) &&
        BSON_ITER_HOLDS_UTF8(&found))
        return bson_iter_utf8(&found, NULL);
    return NULL;
}

bool
clients_str_is(const bson_t *doc, const char *path, const char *value)
{
    const char *s = clients_str(doc, path);

    return s && strcmp(s, value) == 0;
}

bool
clients_changed(const bson_t *a, const bson_t *b, const char *path)
{
    bson_iter_t ia, ib, fa, fb;
    bool has_a = a && bson_iter_init(&ia, a) && bson_iter_find_descendant(&ia, path, &fa);
    bool has_b = b && bson_iter_init(&ib, b) && bson_iter_find_descendant(&ib, path, &fb);

    if (has_a != has_b)
        return true;
    if (!has_a)
        return false;
    {
        const bson_value_t *va = bson_iter_value(&fa), *vb = bson_iter_value(&fb);
        bson_t da, db;

        if (va->value_type != vb->value_type)
            return true;
        switch (va->value_type) {
        case BSON_TYPE_UTF8:
            return va->value.v_utf8.len != vb->value.v_utf8.len ||
                   memcmp(va->value.v_utf8.str, vb->value.v_utf8.str, va->value.v_utf8.len) != 0;
        case BSON_TYPE_BOOL:
            return va->value.v_bool != vb->value.v_bool;
        case BSON_TYPE_DATE_TIME:
            return va->value.v_datetime != vb->value.v_datetime;
        case BSON_TYPE_DOCUMENT:
        case BSON_TYPE_ARRAY:
            return !(bson_init_static(&da, va->value.v_doc.data, va->value.v_doc.data_len) &&
                     bson_init_static(&db, vb->value.v_doc.data, vb->value.v_doc.data_len) &&
                     bson_equal(&da, &db));
        default:
            return true;
        }
    }
}

/* Days from 1970-01-01 to Y-M-D (proleptic Gregorian; Howard Hinnant's days_from_civil). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* Reads "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[.fff]Z" (UTC only). */
static bool
parse_iso(const char *s, int64_t *ms)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, frac = 0, n = 0;

    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || mo < 1 || mo > 12 || d < 1 || d > 31)
        return false;
    s += n;
    if (*s == 'T') {
        if (sscanf(s, "T%2d:%2d:%2d%n", &h, &mi, &sec, &n) != 3)
            return false;
        s += n;
        if (*s == '.' && sscanf(s, ".%3d%n", &frac, &n) == 1)
            s += n;
        if (strcmp(s, "Z") != 0)
            return false;
    } else if (*s) {
        return false;
    }
    *ms = ((days_from_civil(y, (unsigned)mo, (unsigned)d) * 24 + h) * 60 + mi) * 60000 +
          (int64_t)sec * 1000 + frac;
    return true;
}

bool
clients_time(const bson_t *doc, const char *path, int64_t *ms)
{
    bson_iter_t it, found;

    if (!doc || !bson_iter_init(&it, doc) || !bson_iter_find_descendant(&it, path, &found))
        return false;
    if (BSON_ITER_HOLDS_DATE_TIME(&found)) {
        *ms = bson_iter_date_time(&found);
        return true;
    }
    return BSON_ITER_HOLDS_UTF8(&found) && parse_iso(bson_iter_utf8(&found, NULL), ms);
}

int64_t
clients_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
clients_iso_time(int64_t ms, char buf[32])
{
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;

    gmtime_r(&secs, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

typedef struct {
    bson_t *items;
    uint32_t n;
} list_into_t;

static int
append_item(const bson_t *record, void *data, crm_error_t *error)
{
    list_into_t *into = data;
    char idx[16];
    const char *key;

    (void)error;
    bson_uint32_to_string(into->n++, &key, idx, sizeof idx);
    bson_append_document(into->items, key, -1, record);
    return 0;
}

int
clients_list_into(const crm_identity_t *caller, const char *entity, const bson_t *filter,
                  const char *sort, int64_t limit, bson_t *items, crm_error_t *error)
{
    list_into_t into = {items, 0};

    return crm_entity_list(caller, entity, filter, sort, limit, append_item, &into, error);
}

int
clients_list_if_readable(const crm_identity_t *caller, const char *entity, const bson_t *filter,
                         const char *sort, int64_t limit, bson_t *items, bool *readable,
                         crm_error_t *error)
{
    int rc = clients_list_into(caller, entity, filter, sort, limit, items, error);

    *readable = rc == 0;
    if (rc == CRM_EPERM) {
        crm_error_clear(error);
        rc = 0;
    }
    return rc;
}

static int
copy_id(const bson_t *record, void *data, crm_error_t *error)
{
    const char *id = clients_str(record, "id");

    (void)error;
    if (id)
        snprintf(data, 25, "%s", id);
    return 1; /* the first is enough */
}

int
clients_find_id(const crm_identity_t *actor, const char *entity, const char *field,
                const char *value, char id[25], crm_error_t *error)
{
    bson_t filter = BSON_INITIALIZER;
    int rc;

    id[0] = '\0';
    BSON_APPEND_UTF8(&filter, field, value);
    rc = crm_entity_list(actor, entity, &filter, NULL, 1, copy_id, id, error);
    bson_destroy(&filter);
    if (rc == 1)
        rc = 0;
    if (rc == 0 && !id[0])
        rc = crm_error_set(error, CRM_ENOTFOUND, "no %s with %s %s", entity, field, value);
    return rc;
}

bool
clients_no_pan_in(const bson_t *record, const char *const *fields, crm_error_t *error)
{
    bool ok = true;

    for (size_t i = 0; fields[i]; i++) {
        if (clients_pan_in_text(clients_str(record, fields[i]))) {
            crm_error_add_field(error, fields[i],
                                "holds a card number: write only its last four digits");
            ok = false;
        }
    }
    return ok;
}

bool
clients_client_kind(const char *id, char kind[16])
{
    bson_t client;
    bool found;

    kind[0] = '\0';
    if (!id)
        return false;
    found = crm_entity_get(crm_identity_system(), "client", id, &client, NULL) == 0 &&
            clients_str(&client, "kind") != NULL;
    snprintf(kind, 16, "%s", found ? clients_str(&client, "kind") : "");
    bson_destroy(&client);
    return found;
}
