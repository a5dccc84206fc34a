/* What clients hold: the product catalogue, accounts and contracts, and cards. Accounts and
 * cards come from the core banking system by import (upsert on cbs_id), which knows clients,
 * products and accounts by its own keys: the prepare hooks turn client_cbs_id, product_code and
 * account_cbs_id into references. A card keeps its masked number only, never a full PAN. */
#include "clients-private.h"
#include "pan-private.h"

#include <stdio.h>
#include <string.h>

static const crm_field_t product_fields[] = {
    {.name = "code", .type = CRM_FIELD_STRING, .label = "Code", .flags = CRM_F_REQUIRED,
     .max_length = 64},
    {.name = "name", .type = CRM_FIELD_STRING, .label = "Name",
     .flags = CRM_F_REQUIRED | CRM_F_SEARCHABLE, .max_length = 200},
    {.name = "type", .type = CRM_FIELD_ENUM, .label = "Type",
     .flags = CRM_F_REQUIRED | CRM_F_INDEXED,
     .enum_values = CRM_VALUES("deposit", "loan", "card", "insurance", "investment", "account")},
    {.name = "line", .type = CRM_FIELD_STRING, .label = "Product line", .flags = CRM_F_INDEXED,
     .max_length = 100},
    {.name = "risk_class", .type = CRM_FIELD_INT, .label = "Risk class (1 lowest to 7)",
     .flags = CRM_F_INDEXED, .min = 1, .max = 7},
    {.name = "currency", .type = CRM_FIELD_STRING, .label = "Currency", .max_length = 3},
    {.name = "active", .type = CRM_FIELD_BOOL, .label = "Offered"},
    {.name = "description", .type = CRM_FIELD_TEXT, .label = "Description", .max_length = 4000},
    {.name = NULL},
};

const crm_entity_def_t clients_product_def = {
    .size = sizeof(crm_entity_def_t),
    .name = "product",
    .label = "Product",
    .label_plural = "Products",
    .fields = product_fields,
    .external_key = "code",
    .title_field = "name",
    .default_sort = "name",
    .translations = clients_product_translations,
};

/* A reference given by the core banking system's key: KEY_FIELD of the record holds the value
 * of ENTITY's TARGET_KEY, and REF_FIELD gets the id of that record. */
typedef struct {
    const char *key_field, *entity, *target_key, *ref_field;
} cbs_key_t;

/* The value at FIELD as the write will store it: from CHANGES, else from RECORD. */
static const char *
effective(const bson_t *record, const bson_t *changes, const char *field)
{
    const char *s = clients_str(changes, field);

    return s ? s : clients_str(record, field);
}

/* Resolves every key of KEYS whose value is new or whose reference is missing. */
static bool
resolve_keys(const crm_identity_t *actor, const bson_t *record, const bson_t *before,
             const cbs_key_t *keys, bson_t *changes, crm_error_t *error)
{
    bool ok = true;

    for (const cbs_key_t *k = keys; k->key_field; k++) {
        const char *value = clients_str(record, k->key_field);
        char id[25];
        int rc;

        if (!value || (clients_str(record, k->ref_field) &&
                       !clients_changed(record, before, k->key_field)))
            continue;
        rc = clients_find_id(actor, k->entity, k->target_key, value, id, NULL);
        if (rc != 0) {
            crm_error_add_field(error, k->key_field, "matches no %s%s", k->entity,
                                rc == CRM_ENOTFOUND ? " you can see" : " (lookup failed)");
            ok = false;
        } else if (!clients_str_is(record, k->ref_field, id)) {
            BSON_APPEND_UTF8(changes, k->ref_field, id);
        }
    }
    return ok;
}

/* Adds an error when FIELD is neither in RECORD nor in CHANGES. */
static bool
present(const bson_t *record, const bson_t *changes, const char *field, const char *alternative,
        crm_error_t *error)
{
    if (effective(record, changes, field))
        return true;
    crm_error_add_field(error, field, "is required (or %s)", alternative);
    return false;
}

/* --- accounts and contracts --- */

static const crm_field_t account_fields[] = {
    {.name = "number", .type = CRM_FIELD_STRING, .label = "Number",
     .flags = CRM_F_REQUIRED | CRM_F_UNIQUE | CRM_F_SEARCHABLE, .max_length = 40},
    {.name = "cbs_id", .type = CRM_FIELD_STRING, .label = "Core banking id", .max_length = 64},
    {.name = "client_id", .type = CRM_FIELD_REF, .label = "Client", .flags = CRM_F_INDEXED,
     .ref = "client"},
    {.name = "client_cbs_id", .type = CRM_FIELD_STRING, .label = "Client's core banking id",
     .max_length = 64},
    {.name = "product_id", .type = CRM_FIELD_REF, .label = "Product", .flags = CRM_F_INDEXED,
     .ref = "product"},
    {.name = "product_code", .type = CRM_FIELD_STRING, .label = "Product code", .max_length = 64},
    {.name = "status", .type = CRM_FIELD_ENUM, .label = "Status", .flags = CRM_F_INDEXED,
     .enum_values = CRM_VALUES("active", "dormant", "blocked", "closed")},
    {.name = "opened", .type = CRM_FIELD_DATE, .label = "Opened", .flags = CRM_F_INDEXED},
    {.name = "closed", .type = CRM_FIELD_DATE, .label = "Closed"},
    {.name = "maturity", .type = CRM_FIELD_DATE, .label = "Maturity", .flags = CRM_F_INDEXED},
    {.name = "balance", .type = CRM_FIELD_MONEY, .label = "Balance"},
    {.name = NULL},
};

static const cbs_key_t account_keys[] = {
    {"client_cbs_id", "client", "cbs_id", "client_id"},
    {"product_code", "product", "code", "product_id"},
    {NULL, NULL, NULL, NULL},
};

static int
account_prepare(const crm_identity_t *actor, const bson_t *record, const bson_t *before,
                bson_t *changes, crm_error_t *error)
{
    const char *opened = clients_str(record, "opened"), *closed = clients_str(record, "closed");
    bool ok = resolve_keys(actor, record, before, account_keys, changes, error);

    if (ok)
        ok = present(record, changes, "client_id", "client_cbs_id", error);
    if (opened && closed && strcmp(closed, opened) < 0) {
        crm_error_add_field(error, "closed", "is before opened");
        ok = false;
    }
    if (ok && !clients_str(record, "status"))
        BSON_APPEND_UTF8(changes, "status", closed ? "closed" : "active");
    return ok ? 0 : CRM_EVALIDATION;
}

const crm_entity_def_t clients_account_def = {
    .size = sizeof(crm_entity_def_t),
    .name = "account",
    .label = "Account",
    .label_plural = "Accounts",
    .fields = account_fields,
    .external_key = "cbs_id",
    .title_field = "number",
    .default_sort = "-opened",
    .prepare = account_prepare,
    .translations = clients_account_translations,
};

/* --- cards --- */

static const crm_field_t card_fields[] = {
    {.name = "masked_number", .type = CRM_FIELD_STRING, .label = "Card number (masked)",
     .flags = CRM_F_REQUIRED, .max_length = 32},
    {.name = "cbs_id", .type = CRM_FIELD_STRING, .label = "Core banking id", .max_length = 64},
    {.name = "account_id", .type = CRM_FIELD_REF, .label = "Account", .flags = CRM_F_INDEXED,
     .ref = "account"},
    {.name = "account_cbs_id", .type = CRM_FIELD_STRING, .label = "Account's core banking id",
     .max_length = 64},
    {.name = "client_id", .type = CRM_FIELD_REF, .label = "Card holder", .flags = CRM_F_INDEXED,
     .ref = "client"},
    {.name = "client_cbs_id", .type = CRM_FIELD_STRING, .label = "Holder's core banking id",
     .max_length = 64},
    {.name = "type", .type = CRM_FIELD_ENUM, .label = "Type",
     .enum_values = CRM_VALUES("debit", "credit", "prepaid")},
    {.name = "status", .type = CRM_FIELD_ENUM, .label = "Status", .flags = CRM_F_INDEXED,
     .enum_values = CRM_VALUES("active", "blocked", "expired", "cancelled")},
    {.name = "expiry", .type = CRM_FIELD_STRING, .label = "Expiry (YYYY-MM)",
     .flags = CRM_F_INDEXED, .max_length = 7},
    {.name = NULL},
};

static const cbs_key_t card_keys[] = {
    {"account_cbs_id", "account", "cbs_id", "account_id"},
    {"client_cbs_id", "client", "cbs_id", "client_id"},
    {NULL, NULL, NULL, NULL},
};

static bool
expiry_ok(const char *s)
{
    int y, m, n = 0;

    return !s || (strlen(s) == 7 && sscanf(s, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7 && m >= 1 &&
                  m <= 12 && y >= 2000);
}

/* A card without a holder is held by its account's client. */
static void
holder_from_account(const crm_identity_t *actor, const bson_t *record, bson_t *changes)
{
    const char *account_id = effective(record, changes, "account_id");
    bson_t account;

    if (effective(record, changes, "client_id") || !account_id)
        return;
    if (crm_entity_get(actor, "account", account_id, &account, NULL) == 0 &&
        clients_str(&account, "client_id"))
        BSON_APPEND_UTF8(changes, "client_id", clients_str(&account, "client_id"));
    bson_destroy(&account);
}

static int
card_prepare(const crm_identity_t *actor, const bson_t *record, const bson_t *before,
             bson_t *changes, crm_error_t *error)
{
    char why[CLIENTS_PAN_WHY];
    bool ok = true;

    if (!clients_pan_masked_ok(clients_str(record, "masked_number"), why)) {
        crm_error_add_field(error, "masked_number", "%s", why);
        ok = false;
    }
    if (!expiry_ok(clients_str(record, "expiry"))) {
        crm_error_add_field(error, "expiry", "must be a month YYYY-MM");
        ok = false;
    }
    if (!ok)
        return CRM_EVALIDATION; /* nothing else is looked at while a PAN may be in the input */
    if (!resolve_keys(actor, record, before, card_keys, changes, error))
        return CRM_EVALIDATION;
    holder_from_account(actor, record, changes);
    if (!present(record, changes, "client_id", "account_id or client_cbs_id", error))
        return CRM_EVALIDATION;
    if (!clients_str(record, "status"))
        BSON_APPEND_UTF8(changes, "status", "active");
    return 0;
}

const crm_entity_def_t clients_card_def = {
    .size = sizeof(crm_entity_def_t),
    .name = "card",
    .label = "Card",
    .label_plural = "Cards",
    .fields = card_fields,
    .external_key = "cbs_id",
    .title_field = "masked_number",
    .default_sort = "-expiry",
    .prepare = card_prepare,
    .translations = clients_card_translations,
};
