/* The schema at work: checks a record in the API's form field by field and converts it to the
 * store's form, and back. Every problem becomes a per-field message a person can act on. */
#include "entity/entity-private.h"
#include "common/timefmt-private.h"

#include <stdio.h>
#include <string.h>

#define DEFAULT_STRING_MAX 255
#define DEFAULT_TEXT_MAX 65535
#define MAX_ARRAY_ITEMS 1000

static const char *const type_names[] = {
    "?", "string", "text", "int", "money", "decimal", "date", "datetime", "bool", "enum", "ref",
    "array", "object"};

static const char *
type_name(crm_field_type_t t)
{
    return t >= CRM_FIELD_STRING && t <= CRM_FIELD_OBJECT ? type_names[t] : "?";
}

bool
crm__entity_parse_id(const char *s, bson_oid_t *oid)
{
    if (!s || strlen(s) != 24)
        return false;
    for (int i = 0; i < 24; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
              (s[i] >= 'A' && s[i] <= 'F')))
            return false;
    bson_oid_init_from_string(oid, s);
    return true;
}

/* Number of characters of a valid UTF-8 string. */
static size_t
utf8_chars(const char *s, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static bool
has_control_chars(const char *s, size_t len, bool multiline)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0x7F || (c < 0x20 && !(multiline && (c == '\n' || c == '\t' || c == '\r'))))
            return true;
    }
    return false;
}

static bool
valid_currency(const char *s)
{
    return strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
           s[2] >= 'A' && s[2] <= 'Z';
}

static bool
valid_decimal(const char *s)
{
    size_t digits = 0;
    const char *p = s;

    if (*p == '-')
        p++;
    if (!(*p >= '0' && *p <= '9'))
        return false;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9'))
            return false;
        while (*p >= '0' && *p <= '9')
            p++, digits++;
    }
    return *p == '\0' && digits <= 34;
}

static bool
iter_int64(const bson_iter_t *it, int64_t *v)
{
    if (BSON_ITER_HOLDS_INT32(it) || BSON_ITER_HOLDS_INT64(it)) {
        *v = bson_iter_as_int64(it);
        return true;
    }
    return false;
}

/* Checks that the referenced record exists. */
static bool
ref_exists(crm_store_t *store, const char *entity, const bson_oid_t *oid)
{
    bson_t filter = BSON_INITIALIZER;
    int64_t n = 0;
    bool ok;

    BSON_APPEND_OID(&filter, "_id", oid);
    ok = crm_store_count(store, entity, &filter, &n, NULL) == 0 && n > 0;
    bson_destroy(&filter);
    return ok;
}

static bool convert_object(const crm_field_t *fields, const char *prefix, bson_iter_t *it,
                           crm_store_t *store, bson_t *out, crm_error_t *error);

/* Converts the value at IT for field F (named PATH in messages) and appends it to OUT under
 * KEY. Returns false after adding a field message. */
static bool
convert_value(const crm_field_t *f, crm_field_type_t type, const char *path, bson_iter_t *it,
              crm_store_t *store, bson_t *out, const char *key, crm_error_t *error)
{
    uint32_t len = 0;
    const char *s = NULL;
    int64_t v = 0;

    if (BSON_ITER_HOLDS_UTF8(it))
        s = bson_iter_utf8(it, &len);
    switch (type) {
    case CRM_FIELD_STRING:
    case CRM_FIELD_TEXT: {
        int32_t max = f->max_length > 0 ? f->max_length
                                        : (type == CRM_FIELD_STRING ? DEFAULT_STRING_MAX
                                                                    : DEFAULT_TEXT_MAX);
        if (!s)
            goto wrong_type;
        if (has_control_chars(s, len, type == CRM_FIELD_TEXT)) {
            crm_error_add_field(error, path, "must not contain control characters%s",
                                type == CRM_FIELD_STRING ? " or line breaks" : "");
            return false;
        }
        if (utf8_chars(s, len) > (size_t)max) {
            crm_error_add_field(error, path, "is longer than %d characters", max);
            return false;
        }
        bson_append_utf8(out, key, -1, s, (int)len);
        return true;
    }
    case CRM_FIELD_INT:
        if (!iter_int64(it, &v))
            goto wrong_type;
        if (f->min < f->max && (v < f->min || v > f->max)) {
            crm_error_add_field(error, path, "must be between %lld and %lld", (long long)f->min,
                                (long long)f->max);
            return false;
        }
        bson_append_int64(out, key, -1, v);
        return true;
    case CRM_FIELD_MONEY: {
        bson_iter_t sub;
        bool has_amount = false, has_currency = false, bad = false;
        const char *currency = NULL;
        bson_t child;

        if (!BSON_ITER_HOLDS_DOCUMENT(it) || !bson_iter_recurse(it, &sub))
            goto wrong_type;
        while (bson_iter_next(&sub)) {
            const char *k = bson_iter_key(&sub);
            if (strcmp(k, "amount") == 0) {
                has_amount = iter_int64(&sub, &v);
                bad |= !has_amount;
            } else if (strcmp(k, "currency") == 0) {
                currency = BSON_ITER_HOLDS_UTF8(&sub) ? bson_iter_utf8(&sub, NULL) : NULL;
                has_currency = currency && valid_currency(currency);
                bad |= !has_currency;
            } else {
                bad = true;
            }
        }
        if (bad || !has_amount || !has_currency) {
            crm_error_add_field(error, path,
                                "must be {\"amount\": whole number of minor units, \"currency\": "
                                "3-letter ISO code}");
            return false;
        }
        bson_append_document_begin(out, key, -1, &child);
        BSON_APPEND_INT64(&child, "amount", v);
        BSON_APPEND_UTF8(&child, "currency", currency);
        bson_append_document_end(out, &child);
        return true;
    }
    case CRM_FIELD_DECIMAL: {
        bson_decimal128_t dec;
        if (!s || !valid_decimal(s) || !bson_decimal128_from_string(s, &dec)) {
            crm_error_add_field(error, path, "must be a decimal number written as a string, e.g. \"12.50\"");
            return false;
        }
        bson_append_decimal128(out, key, -1, &dec);
        return true;
    }
    case CRM_FIELD_DATE:
        if (!s || !crm__date_parse(s, &v)) {
            crm_error_add_field(error, path, "must be a date YYYY-MM-DD");
            return false;
        }
        bson_append_date_time(out, key, -1, v);
        return true;
    case CRM_FIELD_DATETIME:
        if (!s || !crm__datetime_parse(s, &v)) {
            crm_error_add_field(error, path,
                                "must be a date and time with a zone, e.g. 2026-11-22T08:00:00Z");
            return false;
        }
        bson_append_date_time(out, key, -1, v);
        return true;
    case CRM_FIELD_BOOL:
        if (!BSON_ITER_HOLDS_BOOL(it))
            goto wrong_type;
        bson_append_bool(out, key, -1, bson_iter_bool(it));
        return true;
    case CRM_FIELD_ENUM:
        if (!s)
            goto wrong_type;
        for (const char *const *e = f->enum_values; *e; e++) {
            if (strcmp(*e, s) == 0) {
                bson_append_utf8(out, key, -1, s, (int)len);
                return true;
            }
        }
        {
            char allowed[160] = "";
            for (const char *const *e = f->enum_values; *e; e++) {
                if (strlen(allowed) + strlen(*e) + 3 >= sizeof allowed) {
                    strcat(allowed, ", ...");
                    break;
                }
                if (allowed[0])
                    strcat(allowed, ", ");
                strcat(allowed, *e);
            }
            crm_error_add_field(error, path, "must be one of: %s", allowed);
        }
        return false;
    case CRM_FIELD_REF: {
        bson_oid_t oid;
        if (!s || !crm__entity_parse_id(s, &oid)) {
            crm_error_add_field(error, path, "must be the id of a %s (24 hexadecimal characters)",
                                f->ref);
            return false;
        }
        if (store && !ref_exists(store, f->ref, &oid)) {
            crm_error_add_field(error, path, "refers to a %s that does not exist", f->ref);
            return false;
        }
        bson_append_oid(out, key, -1, &oid);
        return true;
    }
    case CRM_FIELD_ARRAY: {
        bson_iter_t sub;
        bson_t child;
        char item_path[96], idx[16];
        const char *ikey;
        uint32_t n = 0;
        bool ok = true;

        if (!BSON_ITER_HOLDS_ARRAY(it) || !bson_iter_recurse(it, &sub))
            goto wrong_type;
        bson_append_array_begin(out, key, -1, &child);
        while (bson_iter_next(&sub)) {
            if (n >= MAX_ARRAY_ITEMS) {
                crm_error_add_field(error, path, "has more than %d items", MAX_ARRAY_ITEMS);
                ok = false;
                break;
            }
            snprintf(item_path, sizeof item_path, "%s[%u]", path, n);
            bson_uint32_to_string(n, &ikey, idx, sizeof idx);
            ok &= convert_value(f, f->item_type, item_path, &sub, store, &child, ikey, error);
            n++;
        }
        bson_append_array_end(out, &child);
        return ok;
    }
    case CRM_FIELD_OBJECT: {
        bson_iter_t sub;
        bson_t child;
        bool ok;

        if (!BSON_ITER_HOLDS_DOCUMENT(it) || !bson_iter_recurse(it, &sub))
            goto wrong_type;
        bson_append_document_begin(out, key, -1, &child);
        if (f->fields) {
            ok = convert_object(f->fields, path, &sub, store, &child, error);
        } else {
            const uint8_t *data;
            uint32_t dlen;
            bson_t doc;
            bson_iter_document(it, &dlen, &data);
            ok = bson_init_static(&doc, data, dlen) && bson_concat(&child, &doc);
        }
        bson_append_document_end(out, &child);
        return ok;
    }
    }
wrong_type:
    crm_error_add_field(error, path, "must be %s %s",
                        type == CRM_FIELD_INT || type == CRM_FIELD_ARRAY || type == CRM_FIELD_ENUM
                            ? "an"
                            : "a",
                        type == CRM_FIELD_INT ? "integer" : type_name(type));
    return false;
}

/* Converts the members of a nested object with declared FIELDS (all of them optional unless
 * required; unknown keys refused). */
static bool
convert_object(const crm_field_t *fields, const char *prefix, bson_iter_t *it, crm_store_t *store,
               bson_t *out, crm_error_t *error)
{
    char path[128];
    bool ok = true;

    while (bson_iter_next(it)) {
        const char *k = bson_iter_key(it);
        const crm_field_t *f = NULL;

        snprintf(path, sizeof path, "%s.%s", prefix, k);
        for (const crm_field_t *g = fields; g->name; g++)
            if (strcmp(g->name, k) == 0)
                f = g;
        if (!f) {
            crm_error_add_field(error, path, "is not a field of %s", prefix);
            ok = false;
        } else if (!BSON_ITER_HOLDS_NULL(it)) {
            ok &= convert_value(f, f->type, path, it, store, out, k, error);
        }
    }
    for (const crm_field_t *g = fields; g->name; g++) {
        if ((g->flags & CRM_F_REQUIRED) && !bson_has_field(out, g->name)) {
            snprintf(path, sizeof path, "%s.%s", prefix, g->name);
            crm_error_add_field(error, path, "is required");
            ok = false;
        }
    }
    return ok;
}

int
crm__schema_from_api(const crm__entity_t *entity, const bson_t *input, int flags,
                     crm_store_t *store, bson_t *set, bson_t *unset, crm_error_t *error)
{
    crm__schema_mode_t mode = (crm__schema_mode_t)(flags & 0xff);
    bool computed_ok = (flags & CRM__SCHEMA_COMPUTED_OK) || mode == CRM__SCHEMA_DERIVED;
    bson_iter_t it;
    crm_error_t local;
    crm_error_t *err = error ? error : &local;

    crm_error_clear(err);
    if (!bson_iter_init(&it, input))
        return crm_error_set(error, CRM_EINVAL, "the record is not a valid document");
    while (bson_iter_next(&it)) {
        const char *k = bson_iter_key(&it);
        const crm_field_t *f = crm__entity_field(entity, k);

        if (!f && (strcmp(k, "owner_id") == 0 || strcmp(k, "org_unit") == 0)) {
            /* Assignable: who owns the record and which unit it belongs to. The service checks
             * that the new values are within the caller's reach. */
            bson_oid_t oid;
            if (!BSON_ITER_HOLDS_UTF8(&it) || !crm__entity_parse_id(bson_iter_utf8(&it, NULL), &oid))
                crm_error_add_field(err, k, "must be the id of a %s (24 hexadecimal characters)",
                                    k[0] == 'o' && k[1] == 'w' ? "user" : "org unit");
            else
                bson_append_iter(set, k, -1, &it);
            continue;
        }
        if (!f) {
            if (crm__entity_is_system_field(k))
                crm_error_add_field(err, k, "is kept by the system and cannot be set");
            else
                crm_error_add_field(err, k, "is not a field of %s", entity->def->name);
            continue;
        }
        if (BSON_ITER_HOLDS_NULL(&it)) {
            if (mode != CRM__SCHEMA_CREATE) {
                if (f->flags & CRM_F_REQUIRED)
                    crm_error_add_field(err, k, "is required and cannot be removed");
                else
                    BSON_APPEND_BOOL(unset, k, true);
            }
            continue;
        }
        if (!computed_ok && (f->flags & CRM_F_COMPUTED)) {
            crm_error_add_field(err, k, "is computed by %s and cannot be set",
                                entity->def->name);
            continue;
        }
        if (mode == CRM__SCHEMA_PATCH && (f->flags & CRM_F_READONLY)) {
            crm_error_add_field(err, k, "can only be set when the record is created");
            continue;
        }
        convert_value(f, f->type, k, &it, store, set, k, err);
    }
    if (mode == CRM__SCHEMA_CREATE) {
        for (size_t i = 0; i < entity->n_fields; i++) {
            const crm_field_t *f = &entity->def->fields[i];
            if ((f->flags & CRM_F_REQUIRED) && !(f->flags & CRM_F_COMPUTED) &&
                !bson_has_field(set, f->name) &&
                !bson_has_field(input, f->name))
                crm_error_add_field(err, f->name, "is required");
        }
    }
    return err->code == CRM_EVALIDATION ? CRM_EVALIDATION : 0;
}

bool
crm__schema_value_to_store(const crm_field_t *field, const bson_value_t *in, bson_value_t *out)
{
    int64_t ms;
    bson_oid_t oid;
    crm_field_type_t type = field->type == CRM_FIELD_ARRAY ? field->item_type : field->type;

    if (in->value_type != BSON_TYPE_UTF8) {
        if (in->value_type == BSON_TYPE_INT32 && (type == CRM_FIELD_INT)) {
            out->value_type = BSON_TYPE_INT64;
            out->value.v_int64 = in->value.v_int32;
            return true;
        }
        bson_value_copy(in, out);
        return false;
    }
    switch (type) {
    case CRM_FIELD_DATE:
        if (crm__date_parse(in->value.v_utf8.str, &ms) ||
            crm__datetime_parse(in->value.v_utf8.str, &ms))
            goto date;
        break;
    case CRM_FIELD_DATETIME:
        if (crm__datetime_parse(in->value.v_utf8.str, &ms) ||
            crm__date_parse(in->value.v_utf8.str, &ms))
            goto date;
        break;
    case CRM_FIELD_REF:
        if (crm__entity_parse_id(in->value.v_utf8.str, &oid)) {
            out->value_type = BSON_TYPE_OID;
            bson_oid_copy(&oid, &out->value.v_oid);
            return true;
        }
        break;
    case CRM_FIELD_DECIMAL:
        if (valid_decimal(in->value.v_utf8.str) &&
            bson_decimal128_from_string(in->value.v_utf8.str, &out->value.v_decimal128)) {
            out->value_type = BSON_TYPE_DECIMAL128;
            return true;
        }
        break;
    default:
        break;
    }
    bson_value_copy(in, out);
    return type == CRM_FIELD_STRING || type == CRM_FIELD_TEXT || type == CRM_FIELD_ENUM;
date:
    out->value_type = BSON_TYPE_DATE_TIME;
    out->value.v_datetime = ms;
    return true;
}

/* Appends the API form of one stored value of field F (or of a system field when F is NULL). */
static void
value_to_api(const crm_field_t *f, bson_iter_t *it, bson_t *out, const char *key)
{
    char buf[32];

    if (BSON_ITER_HOLDS_OID(it)) {
        bson_oid_to_string(bson_iter_oid(it), buf);
        bson_append_utf8(out, key, -1, buf, 24);
    } else if (BSON_ITER_HOLDS_DATE_TIME(it) && f &&
               (f->type == CRM_FIELD_DATE ||
                (f->type == CRM_FIELD_ARRAY && f->item_type == CRM_FIELD_DATE))) {
        crm__date_format(bson_iter_date_time(it), buf);
        bson_append_utf8(out, key, -1, buf, 10);
    } else if (BSON_ITER_HOLDS_ARRAY(it) && f && f->type == CRM_FIELD_ARRAY) {
        bson_iter_t sub;
        bson_t child;
        bson_append_array_begin(out, key, -1, &child);
        if (bson_iter_recurse(it, &sub))
            while (bson_iter_next(&sub))
                value_to_api(f, &sub, &child, bson_iter_key(&sub));
        bson_append_array_end(out, &child);
    } else if (BSON_ITER_HOLDS_DOCUMENT(it) && f && f->type == CRM_FIELD_OBJECT && f->fields) {
        bson_iter_t sub;
        bson_t child;
        bson_append_document_begin(out, key, -1, &child);
        if (bson_iter_recurse(it, &sub)) {
            while (bson_iter_next(&sub)) {
                const crm_field_t *g = NULL;
                for (const crm_field_t *h = f->fields; h->name; h++)
                    if (strcmp(h->name, bson_iter_key(&sub)) == 0)
                        g = h;
                value_to_api(g, &sub, &child, bson_iter_key(&sub));
            }
        }
        bson_append_document_end(out, &child);
    } else {
        bson_append_iter(out, key, -1, it);
    }
}

void
crm__schema_to_api(const crm__entity_t *entity, const bson_t *stored, bson_t *out)
{
    bson_iter_t it;

    if (!bson_iter_init(&it, stored))
        return;
    while (bson_iter_next(&it)) {
        const char *k = bson_iter_key(&it);

        if (strcmp(k, "_id") == 0)
            value_to_api(NULL, &it, out, "id");
        else
            value_to_api(crm__entity_field(entity, k), &it, out, k);
    }
}
