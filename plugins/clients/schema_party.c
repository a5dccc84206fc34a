/* The parties: clients (individuals and organisations), contact persons (a person's role at an
 * organisation), relationships between clients, and company groups. The client's prepare hook
 * keeps display_name, normalises phones to E.164 and e-mails to lower case, checks the PESEL,
 * dates consent changes, sets the status and lifecycle phase a new client starts with, and
 * keeps the completeness score and segment (completeness.c, segments.c). */
#include "clients-private.h"
#include "phone-private.h"
#include "profile-private.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const crm_field_t address_fields[] = {
    {.name = "street", .type = CRM_FIELD_STRING, .label = "Street", .max_length = 200},
    {.name = "building", .type = CRM_FIELD_STRING, .label = "Building", .max_length = 20},
    {.name = "flat", .type = CRM_FIELD_STRING, .label = "Flat", .max_length = 20},
    {.name = "postcode", .type = CRM_FIELD_STRING, .label = "Postcode", .max_length = 16},
    {.name = "city", .type = CRM_FIELD_STRING, .label = "City", .flags = CRM_F_REQUIRED,
     .max_length = 100},
    {.name = "country", .type = CRM_FIELD_STRING, .label = "Country (ISO 3166 code)",
     .max_length = 2},
    {.name = NULL},
};

/* One address per purpose: the schema has no arrays of objects, and a bank asks for them by
 * purpose anyway. */
static const crm_field_t addresses_fields[] = {
    {.name = "home", .type = CRM_FIELD_OBJECT, .label = "Home address", .fields = address_fields},
    {.name = "correspondence", .type = CRM_FIELD_OBJECT, .label = "Correspondence address",
     .fields = address_fields},
    {.name = "registered", .type = CRM_FIELD_OBJECT, .label = "Registered office",
     .fields = address_fields},
    {.name = "business", .type = CRM_FIELD_OBJECT, .label = "Place of business",
     .fields = address_fields},
    {.name = NULL},
};

static const crm_field_t consent_fields[] = {
    {.name = "granted", .type = CRM_FIELD_BOOL, .label = "Granted", .flags = CRM_F_REQUIRED},
    {.name = "date", .type = CRM_FIELD_DATE, .label = "Granted or withdrawn on"},
    {.name = "origin", .type = CRM_FIELD_STRING, .label = "Given through", .max_length = 100},
    {.name = NULL},
};

/* The channels a consent is kept for; "profiling" is a purpose, kept the same way. */
static const char *const consent_names[] = {"email", "sms", "phone", "post", "profiling", NULL};

static const crm_field_t consents_fields[] = {
    {.name = "email", .type = CRM_FIELD_OBJECT, .label = "E-mail", .fields = consent_fields},
    {.name = "sms", .type = CRM_FIELD_OBJECT, .label = "SMS", .fields = consent_fields},
    {.name = "phone", .type = CRM_FIELD_OBJECT, .label = "Phone calls", .fields = consent_fields},
    {.name = "post", .type = CRM_FIELD_OBJECT, .label = "Post", .fields = consent_fields},
    {.name = "profiling", .type = CRM_FIELD_OBJECT, .label = "Profiling",
     .fields = consent_fields},
    {.name = NULL},
};

static const crm_field_t client_fields[] = {
    {.name = "kind", .type = CRM_FIELD_ENUM, .label = "Kind",
     .flags = CRM_F_REQUIRED | CRM_F_INDEXED, .enum_values = CRM_VALUES("individual", "organisation")},
    {.name = "status", .type = CRM_FIELD_ENUM, .label = "Status", .flags = CRM_F_INDEXED,
     .enum_values = CRM_VALUES("potential", "active", "former")},
    {.name = "display_name", .type = CRM_FIELD_STRING, .label = "Name",
     .flags = CRM_F_COMPUTED | CRM_F_SEARCHABLE | CRM_F_INDEXED, .max_length = 250},
    {.name = "first_name", .type = CRM_FIELD_STRING, .label = "First name",
     .flags = CRM_F_SEARCHABLE, .max_length = 100},
    {.name = "last_name", .type = CRM_FIELD_STRING, .label = "Last name",
     .flags = CRM_F_SEARCHABLE | CRM_F_INDEXED, .max_length = 100},
    {.name = "company_name", .type = CRM_FIELD_STRING, .label = "Company name",
     .flags = CRM_F_SEARCHABLE | CRM_F_INDEXED, .max_length = 200},
    {.name = "national_id", .type = CRM_FIELD_STRING, .label = "National id (PESEL)",
     .flags = CRM_F_SENSITIVE | CRM_F_INDEXED, .max_length = 32},
    {.name = "registration_number", .type = CRM_FIELD_STRING, .label = "Registration number",
     .flags = CRM_F_INDEXED, .max_length = 32},
    {.name = "birth_date", .type = CRM_FIELD_DATE, .label = "Birth date",
     .flags = CRM_F_SENSITIVE},
    {.name = "founding_date", .type = CRM_FIELD_DATE, .label = "Founding date"},
    {.name = "phones", .type = CRM_FIELD_ARRAY, .label = "Phones (E.164)",
     .flags = CRM_F_INDEXED, .item_type = CRM_FIELD_STRING, .max_length = 40},
    {.name = "emails", .type = CRM_FIELD_ARRAY, .label = "E-mails", .flags = CRM_F_INDEXED,
     .item_type = CRM_FIELD_STRING, .max_length = 254},
    {.name = "addresses", .type = CRM_FIELD_OBJECT, .label = "Addresses",
     .fields = addresses_fields},
    {.name = "region", .type = CRM_FIELD_STRING, .label = "Region", .flags = CRM_F_INDEXED,
     .max_length = 100},
    {.name = "occupation", .type = CRM_FIELD_STRING, .label = "Occupation", .max_length = 100},
    {.name = "industry", .type = CRM_FIELD_STRING, .label = "Industry", .flags = CRM_F_INDEXED,
     .max_length = 100},
    {.name = "income_band", .type = CRM_FIELD_ENUM, .label = "Monthly income band",
     .flags = CRM_F_INDEXED,
     .enum_values = CRM_VALUES("low", "lower_middle", "middle", "upper_middle", "high", "very_high")},
    {.name = "revenue_band", .type = CRM_FIELD_ENUM, .label = "Annual revenue band",
     .flags = CRM_F_INDEXED, .enum_values = CRM_VALUES("micro", "small", "medium", "large")},
    {.name = "segment", .type = CRM_FIELD_ENUM, .label = "Segment",
     .flags = CRM_F_COMPUTED | CRM_F_INDEXED,
     .enum_values = CRM_VALUES("mass", "affluent", "private", "micro", "sme", "corporate")},
    {.name = "lifecycle_phase", .type = CRM_FIELD_ENUM, .label = "Lifecycle phase",
     .flags = CRM_F_COMPUTED | CRM_F_INDEXED,
     .enum_values = CRM_VALUES("potential", "developing", "developed", "dormant", "lost")},
    {.name = "completeness", .type = CRM_FIELD_INT, .label = "Data completeness (%)",
     .flags = CRM_F_COMPUTED | CRM_F_INDEXED, .min = 0, .max = 100},
    {.name = "source", .type = CRM_FIELD_ENUM, .label = "Source of acquisition",
     .flags = CRM_F_INDEXED,
     .enum_values = CRM_VALUES("branch", "web", "mobile", "call_centre", "referral", "campaign",
                               "partner", "import", "other")},
    {.name = "consents", .type = CRM_FIELD_OBJECT, .label = "Consents",
     .fields = consents_fields},
    {.name = "company_group_id", .type = CRM_FIELD_REF, .label = "Company group",
     .flags = CRM_F_INDEXED, .ref = "company_group"},
    {.name = "cbs_id", .type = CRM_FIELD_STRING, .label = "Core banking id", .max_length = 64},
    {.name = "notes", .type = CRM_FIELD_TEXT, .label = "Notes", .flags = CRM_F_SEARCHABLE,
     .max_length = 4000},
    /* Set by a merge on the client merged into another (merge.c). */
    {.name = "merged_into", .type = CRM_FIELD_REF, .label = "Merged into",
     .flags = CRM_F_COMPUTED | CRM_F_INDEXED, .ref = "client"},
    {.name = NULL},
};

/* --- the client's prepare hook --- */

/* Appends to CHANGES the display name the record's names make, when it differs. */
static bool
keep_display_name(const bson_t *record, bson_t *changes, crm_error_t *error)
{
    const char *first = clients_str(record, "first_name"), *last = clients_str(record, "last_name");
    const char *company = clients_str(record, "company_name");
    char name[256];

    if (clients_str_is(record, "kind", "organisation")) {
        if (!company || !*company) {
            crm_error_add_field(error, "company_name", "is required for an organisation");
            return false;
        }
        snprintf(name, sizeof name, "%s", company);
    } else {
        if (!last || !*last) {
            crm_error_add_field(error, "last_name", "is required for an individual");
            return false;
        }
        snprintf(name, sizeof name, "%s%s%s", first ? first : "", first && *first ? " " : "", last);
    }
    if (!clients_str_is(record, "display_name", name))
        BSON_APPEND_UTF8(changes, "display_name", name);
    return true;
}

/* Normalises one item IN of a list into OUT (CAP bytes); false with WHY (CLIENTS_PHONE_WHY
 * bytes) completing "\"<item>\" ..." when it cannot be. */
typedef bool (*normalise_item_fn)(const char *in, char *out, size_t cap, char *why);

/* Rewrites every item of the list FIELD with FN, dropping repeats; a per-field error for each
 * item FN refuses. CHANGES gets the list when it differs from RECORD's. */
static bool
normalise_list(const bson_t *record, const char *field, normalise_item_fn fn, bson_t *changes,
               crm_error_t *error)
{
    bson_iter_t it, item, prev;
    bson_t list = BSON_INITIALIZER, arr;
    uint32_t n = 0, i = 0;
    bool ok = true;

    if (!bson_iter_init_find(&it, record, field) || !BSON_ITER_HOLDS_ARRAY(&it) ||
        !bson_iter_recurse(&it, &item))
        return true;
    bson_append_array_begin(&list, field, -1, &arr);
    for (; bson_iter_next(&item); i++) {
        const char *in = BSON_ITER_HOLDS_UTF8(&item) ? bson_iter_utf8(&item, NULL) : "";
        char value[256], why[CLIENTS_PHONE_WHY], key[80];
        const char *k;
        bool dup = false;

        if (!fn(in, value, sizeof value, why)) {
            snprintf(key, sizeof key, "%s[%u]", field, i);
            crm_error_add_field(error, key, "\"%.60s\" %s", in, why);
            ok = false;
            continue;
        }
        if (bson_iter_init(&prev, &arr))
            while (bson_iter_next(&prev))
                dup = dup || strcmp(bson_iter_utf8(&prev, NULL), value) == 0;
        if (dup)
            continue;
        bson_uint32_to_string(n++, &k, key, sizeof key);
        BSON_APPEND_UTF8(&arr, k, value);
    }
    bson_append_array_end(&list, &arr);
    if (ok && clients_changed(record, &list, field))
        bson_concat(changes, &list);
    bson_destroy(&list);
    return ok;
}

/* A phone in E.164, national numbers taking the configured calling code. */
static bool
normalise_phone(const char *in, char *out, size_t cap, char *why)
{
    char e164[CLIENTS_PHONE_MAX];

    if (!clients_phone_normalise(in, clients_settings.default_country, e164, why))
        return false;
    snprintf(out, cap, "%s", e164);
    return true;
}

/* A plain check of an address already lower-cased: local@domain.tld without spaces. */
static bool
email_ok(const char *s)
{
    const char *at = strchr(s, '@'), *dot;
    size_t local;

    if (!at || strchr(at + 1, '@'))
        return false;
    local = (size_t)(at - s);
    dot = strrchr(at, '.');
    if (local == 0 || local > 64 || !dot || dot == at + 1 || strlen(dot) < 3 ||
        s[0] == '.' || at[-1] == '.' || strstr(s, ".."))
        return false;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (p > at ? !(isalnum(c) || c == '-' || c == '.' || c >= 0x80)
                   : (c <= ' ' || strchr("()<>[]\\,;:\"", c)))
            return false;
    }
    return true;
}

/* An e-mail address trimmed and lower-cased. */
static bool
normalise_email(const char *in, char *out, size_t cap, char *why)
{
    size_t len;

    while (*in == ' ')
        in++;
    snprintf(out, cap, "%s", in);
    for (len = strlen(out); len > 0 && out[len - 1] == ' ';)
        out[--len] = '\0';
    for (char *p = out; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (email_ok(out))
        return true;
    snprintf(why, CLIENTS_PHONE_WHY, "is not an e-mail address");
    return false;
}

/* Checks a PESEL (11 digits, weighted checksum, an encoded birth date) and writes that date as
 * "YYYY-MM-DD" into BIRTH. */
static bool
pesel_ok(const char *s, char birth[40])
{
    static const int weights[10] = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int d[11], sum = 0, year, month, day, century;

    if (strlen(s) != 11)
        return false;
    for (int i = 0; i < 11; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        d[i] = s[i] - '0';
    }
    for (int i = 0; i < 10; i++)
        sum += d[i] * weights[i];
    if ((10 - sum % 10) % 10 != d[10])
        return false;
    month = d[2] * 10 + d[3];
    century = month / 20; /* 80-92: 1800s, 0-12: 1900s, 20-32: 2000s, 40-52: 2100s, 60-72: 2200s */
    month %= 20;
    year = (century == 4 ? 1800 : 1900 + century * 100) + d[0] * 10 + d[1];
    day = d[4] * 10 + d[5];
    if (month < 1 || month > 12 || day < 1 || day > days[month - 1] ||
        (month == 2 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))))
        return false;
    snprintf(birth, 40, "%04d-%02d-%02d", year, month, day);
    return true;
}

/* An individual's national id must be a PESEL (when so configured); the birth date must agree
 * with it, and is taken from it when not given. */
static bool
check_national_id(const bson_t *record, bson_t *changes, crm_error_t *error)
{
    const char *id = clients_str(record, "national_id"), *birth = clients_str(record, "birth_date");
    char from_pesel[40];

    if (!id || !clients_settings.check_pesel || !clients_str_is(record, "kind", "individual"))
        return true;
    if (!pesel_ok(id, from_pesel)) {
        crm_error_add_field(error, "national_id",
                            "is not a valid PESEL (11 digits with a matching check digit)");
        return false;
    }
    if (birth && strcmp(birth, from_pesel) != 0) {
        crm_error_add_field(error, "birth_date", "does not match the PESEL");
        return false;
    }
    if (!birth)
        BSON_APPEND_UTF8(changes, "birth_date", from_pesel);
    return true;
}

/* Dates a consent whose "granted" changed without a new date being given: the change is dated
 * today (UTC). */
static void
date_consents(const bson_t *record, const bson_t *before, bson_t *changes)
{
    bson_t consents = BSON_INITIALIZER, all, one;
    bson_iter_t it, item, sub;
    char today[32], path[64], granted[80], date[80];
    bool changed = false;

    if (!bson_iter_init_find(&it, record, "consents") || !BSON_ITER_HOLDS_DOCUMENT(&it))
        return;
    clients_iso_time(clients_now_ms(), today);
    today[10] = '\0';
    bson_append_document_begin(&consents, "consents", -1, &all);
    for (const char *const *name = consent_names; *name; name++) {
        bool redate;

        snprintf(path, sizeof path, "consents.%s", *name);
        snprintf(granted, sizeof granted, "%s.granted", path);
        snprintf(date, sizeof date, "%s.date", path);
        if (!bson_iter_init(&it, record) || !bson_iter_find_descendant(&it, path, &item) ||
            !BSON_ITER_HOLDS_DOCUMENT(&item) || !bson_iter_recurse(&item, &sub))
            continue;
        redate = clients_changed(record, before, granted) &&
                 !(clients_str(record, date) && clients_changed(record, before, date));
        bson_append_document_begin(&all, *name, -1, &one);
        while (bson_iter_next(&sub))
            if (!redate || strcmp(bson_iter_key(&sub), "date") != 0)
                bson_append_iter(&one, bson_iter_key(&sub), -1, &sub);
        if (redate)
            BSON_APPEND_UTF8(&one, "date", today);
        bson_append_document_end(&all, &one);
        changed = changed || redate;
    }
    bson_append_document_end(&consents, &all);
    if (changed)
        bson_concat(changes, &consents);
    bson_destroy(&consents);
}

/* The lifecycle phase a status implies, until the lifecycle job refines it. */
static const char *
phase_for_status(const char *status)
{
    if (strcmp(status, "active") == 0)
        return "developing";
    if (strcmp(status, "former") == 0)
        return "lost";
    return "potential";
}

static int
client_prepare(const crm_identity_t *actor, const bson_t *record, const bson_t *before,
               bson_t *changes, crm_error_t *error)
{
    static const char *const text_fields[] = {"notes", NULL};
    const char *status = clients_str(record, "status");
    bool ok = true;

    (void)actor;
    ok &= keep_display_name(record, changes, error);
    ok &= normalise_list(record, "phones", normalise_phone, changes, error);
    ok &= normalise_list(record, "emails", normalise_email, changes, error);
    ok &= check_national_id(record, changes, error);
    ok &= clients_no_pan_in(record, text_fields, error);
    if (!ok)
        return CRM_EVALIDATION;
    if (!status) {
        status = "potential";
        BSON_APPEND_UTF8(changes, "status", status);
    }
    if (!clients_str(record, "lifecycle_phase") || clients_changed(record, before, "status"))
        if (!clients_str_is(record, "lifecycle_phase", phase_for_status(status)))
            BSON_APPEND_UTF8(changes, "lifecycle_phase", phase_for_status(status));
    date_consents(record, before, changes);
    clients_completeness_prepare(record, changes);
    clients_segment_prepare(record, before, changes);
    return 0;
}

const crm_entity_def_t clients_client_def = {
    .size = sizeof(crm_entity_def_t),
    .name = "client",
    .label = "Client",
    .label_plural = "Clients",
    .fields = client_fields,
    .external_key = "cbs_id",
    .title_field = "display_name",
    .default_sort = "display_name",
    .prepare = client_prepare,
    .translations = clients_client_translations,
};

/* --- contact persons: a person's role at an organisation --- */

static const crm_field_t contact_person_fields[] = {
    {.name = "organisation_id", .type = CRM_FIELD_REF, .label = "Organisation",
     .flags = CRM_F_REQUIRED | CRM_F_INDEXED, .ref = "client"},
    {.name = "person_id", .type = CRM_FIELD_REF, .label = "Person",
     .flags = CRM_F_REQUIRED | CRM_F_INDEXED, .ref = "client"},
    {.name = "role", .type = CRM_FIELD_STRING, .label = "Role", .flags = CRM_F_SEARCHABLE,
     .max_length = 100},
    {.name = "represents", .type = CRM_FIELD_BOOL, .label = "May act for the organisation"},
    {.name = "primary", .type = CRM_FIELD_BOOL, .label = "Primary contact"},
    {.name = "valid_from", .type = CRM_FIELD_DATE, .label = "From"},
    {.name = "valid_to", .type = CRM_FIELD_DATE, .label = "Until"},
    {.name = "notes", .type = CRM_FIELD_TEXT, .label = "Notes", .max_length = 2000},
    {.name = NULL},
};

/* Adds an error unless client ID (a reference already checked to exist) is of KIND. */
static bool
client_is(const bson_t *record, const char *field, const char *kind, crm_error_t *error)
{
    char actual[16];

    if (clients_client_kind(clients_str(record, field), actual) && strcmp(actual, kind) != 0) {
        crm_error_add_field(error, field, "must be an %s client", kind);
        return false;
    }
    return true;
}

/* Adds an error when the period ends before it starts. */
static bool
period_ok(const bson_t *record, const char *from, const char *to, crm_error_t *error)
{
    const char *a = clients_str(record, from), *b = clients_str(record, to);

    if (a && b && strcmp(b, a) < 0) {
        crm_error_add_field(error, to, "is before %s", from);
        return false;
    }
    return true;
}

static int
contact_person_prepare(const crm_identity_t *actor, const bson_t *record, const bson_t *before,
                       bson_t *changes, crm_error_t *error)
{
    bool ok = true;

    (void)actor;
    (void)before;
    (void)changes;
    ok &= client_is(record, "organisation_id", "organisation", error);
    ok &= client_is(record, "person_id", "individual", error);
    ok &= period_ok(record, "valid_from", "valid_to", error);
    return ok ? 0 : CRM_EVALIDATION;
}

const crm_entity_def_t clients_contact_person_def = {
    .size = sizeof(crm_entity_def_t),
    .name = "contact_person",
    .label = "Contact person",
    .label_plural = "Contact persons",
    .fields = contact_person_fields,
    .title_field = "role",
    .prepare = contact_person_prepare,
    .translations = clients_contact_person_translations,
};

/* --- relationships between clients --- */

static const crm_field_t relationship_fields[] = {
    {.name = "kind", .type = CRM_FIELD_ENUM, .label = "Kind",
     .flags = CRM_F_REQUIRED | CRM_F_INDEXED,
     .enum_values = CRM_VALUES("household", "family", "guarantor", "beneficial_owner",
                               "group_member")},
    {.name = "from_client_id", .type = CRM_FIELD_REF, .label = "From",
     .flags = CRM_F_REQUIRED | CRM_F_INDEXED, .ref = "client"},
    {.name = "to_client_id", .type = CRM_FIELD_REF, .label = "To",
     .flags = CRM_F_REQUIRED | CRM_F_INDEXED, .ref = "client"},
    {.name = "direction", .type = CRM_FIELD_ENUM, .label = "Direction",
     .enum_values = CRM_VALUES("mutual", "directed")},
    {.name = "role", .type = CRM_FIELD_STRING, .label = "Role (spouse, parent, ...)",
     .max_length = 100},
    {.name = "share", .type = CRM_FIELD_DECIMAL, .label = "Ownership share (%)"},
    {.name = "valid_from", .type = CRM_FIELD_DATE, .label = "From"},
    {.name = "valid_to", .type = CRM_FIELD_DATE, .label = "Until"},
    {.name = NULL},
};

static int
relationship_prepare(const crm_identity_t *actor, const bson_t *record, const bson_t *before,
                     bson_t *changes, crm_error_t *error)
{
    const char *kind = clients_str(record, "kind");
    bool ok = true, mutual;

    (void)actor;
    (void)before;
    if (clients_str(record, "from_client_id") &&
        clients_str_is(record, "to_client_id", clients_str(record, "from_client_id"))) {
        crm_error_add_field(error, "to_client_id", "must be another client than from_client_id");
        ok = false;
    }
    if (kind && strcmp(kind, "beneficial_owner") == 0) {
        ok &= client_is(record, "from_client_id", "individual", error);
        ok &= client_is(record, "to_client_id", "organisation", error);
    }
    ok &= period_ok(record, "valid_from", "valid_to", error);
    if (!ok)
        return CRM_EVALIDATION;
    /* Households and families go both ways; guarantees, ownership and membership from -> to. */
    mutual = kind && (strcmp(kind, "household") == 0 || strcmp(kind, "family") == 0);
    if (!clients_str(record, "direction"))
        BSON_APPEND_UTF8(changes, "direction", mutual ? "mutual" : "directed");
    return 0;
}

const crm_entity_def_t clients_relationship_def = {
    .size = sizeof(crm_entity_def_t),
    .name = "relationship",
    .label = "Relationship",
    .label_plural = "Relationships",
    .fields = relationship_fields,
    .title_field = "kind",
    .prepare = relationship_prepare,
    .translations = clients_relationship_translations,
};

/* --- company groups --- */

static const crm_field_t company_group_fields[] = {
    {.name = "name", .type = CRM_FIELD_STRING, .label = "Name",
     .flags = CRM_F_REQUIRED | CRM_F_SEARCHABLE | CRM_F_INDEXED, .max_length = 200},
    {.name = "code", .type = CRM_FIELD_STRING, .label = "Code", .max_length = 64},
    {.name = "head_client_id", .type = CRM_FIELD_REF, .label = "Parent company",
     .flags = CRM_F_INDEXED, .ref = "client"},
    {.name = "notes", .type = CRM_FIELD_TEXT, .label = "Notes", .max_length = 4000},
    {.name = NULL},
};

const crm_entity_def_t clients_company_group_def = {
    .size = sizeof(crm_entity_def_t),
    .name = "company_group",
    .label = "Company group",
    .label_plural = "Company groups",
    .fields = company_group_fields,
    .external_key = "code",
    .title_field = "name",
    .default_sort = "name",
    .translations = clients_company_group_translations,
};
