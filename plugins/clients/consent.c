/* The contact policy: may this client be contacted on this channel for this purpose? Every
 * plugin that sends (marketing, collection, surveys) asks crm_contact_allowed(), and this
 * plugin answers from the client's record:
 *
 *   - the client needs a contact point for the channel (an e-mail address for "email", a phone
 *     for "sms" and "phone", an address for "post"), whatever the purpose;
 *   - "service" (the client's own products and cases) needs no consent, but ends with the
 *     relationship: a former client is not contacted for service;
 *   - "marketing" and "survey" need the channel's consent granted;
 *   - "profiling" needs the channel's consent and the profiling consent.
 *
 * Also GET /api/v1/clients/{id}/may-contact?channel=...&purpose=..., which asks the same
 * question for a client within the caller's scope. */
#include "clients-private.h"

#include <crm/contact.h>

#include <stdio.h>
#include <string.h>

static const char *const channels[] = {"email", "sms", "phone", "post", NULL};
static const char *const purposes[] = {"service", "marketing", "profiling", "survey", NULL};

/* How a channel (or the profiling consent) is named for people. */
static const char *
label(const char *name)
{
    if (strcmp(name, "email") == 0)
        return "e-mail";
    if (strcmp(name, "sms") == 0)
        return "SMS";
    if (strcmp(name, "post") == 0)
        return "postal";
    return name; /* phone, profiling */
}

/* True when CLIENT has somewhere to send CHANNEL's messages; else REASON says what is missing. */
static bool
has_contact_point(const bson_t *client, const char *channel, crm_contact_answer_t *answer)
{
    bson_iter_t it, sub;
    const char *field = strcmp(channel, "email") == 0 ? "emails"
                        : strcmp(channel, "post") == 0 ? "addresses"
                                                        : "phones";

    if (bson_iter_init_find(&it, client, field) &&
        (BSON_ITER_HOLDS_ARRAY(&it) || BSON_ITER_HOLDS_DOCUMENT(&it)) &&
        bson_iter_recurse(&it, &sub) && bson_iter_next(&sub))
        return true;
    snprintf(answer->reason, sizeof answer->reason, "no %s on record",
             strcmp(field, "emails") == 0  ? "e-mail address"
             : strcmp(field, "phones") == 0 ? "phone number"
                                            : "postal address");
    return false;
}

/* True when CLIENT's consent NAME is granted; REASON says so, or why not. */
static bool
consent_granted(const bson_t *client, const char *name, crm_contact_answer_t *answer)
{
    char path[64], date[64];
    const char *on;
    bson_iter_t it, granted;

    snprintf(path, sizeof path, "consents.%s.granted", name);
    snprintf(date, sizeof date, "consents.%s.date", name);
    on = clients_str(client, date);
    if (!bson_iter_init(&it, client) || !bson_iter_find_descendant(&it, path, &granted) ||
        !BSON_ITER_HOLDS_BOOL(&granted)) {
        snprintf(answer->reason, sizeof answer->reason, "no %s consent on record", label(name));
        return false;
    }
    if (!bson_iter_bool(&granted)) {
        snprintf(answer->reason, sizeof answer->reason, "no %s consent (withdrawn%s%s)",
                 label(name), on ? " " : "", on ? on : "");
        return false;
    }
    snprintf(answer->reason, sizeof answer->reason, "%s consent granted%s%s", label(name),
             on ? " " : "", on ? on : "");
    return true;
}

/* Decides for CLIENT (a record read by the policy). */
static void
decide(const bson_t *client, const char *channel, const char *purpose,
       crm_contact_answer_t *answer)
{
    answer->allowed = false;
    if (!has_contact_point(client, channel, answer))
        return;
    if (strcmp(purpose, "service") == 0) {
        if (clients_str_is(client, "status", "former")) {
            snprintf(answer->reason, sizeof answer->reason,
                     "a former client: service contact ended with the relationship");
            return;
        }
        snprintf(answer->reason, sizeof answer->reason,
                 "service contact about the client's own products needs no consent");
        answer->allowed = true;
        return;
    }
    if (!consent_granted(client, channel, answer))
        return;
    if (strcmp(purpose, "profiling") == 0 && !consent_granted(client, "profiling", answer))
        return;
    answer->allowed = true;
}

static int
policy(const char *client_id, const char *channel, const char *purpose,
       crm_contact_answer_t *answer, void *data, crm_error_t *error)
{
    bson_t client;
    int rc;

    (void)data;
    /* The question comes from code sending on the bank's behalf, not from a person: the
     * answer is the same whoever asks. */
    rc = crm_entity_get(crm_identity_system(), "client", client_id, &client, error);
    if (rc == 0)
        decide(&client, channel, purpose, answer);
    bson_destroy(&client);
    return rc;
}

int
clients_consent_register(crm_plugin_t *plugin, crm_error_t *error)
{
    return crm_contact_policy_set(plugin, policy, NULL, error);
}

/* The value of query parameter NAME, which must be one of VALUES; 400 otherwise. */
static int
query_one_of(crm_request_t *req, const char *name, const char *const *values, const char **out,
             crm_error_t *error)
{
    const char *v = crm_request_query(req, name);
    char list[128] = "";

    for (size_t i = 0; values[i]; i++) {
        if (v && strcmp(v, values[i]) == 0) {
            *out = v;
            return 0;
        }
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                 values[i]);
    }
    return crm_error_set(error, CRM_EINVAL, "%s %s: one of %s", name,
                         v ? "is not known" : "is required", list);
}

int
clients_route_may_contact(crm_request_t *req, void *data, crm_error_t *error)
{
    const char *id = crm_request_param(req, "id"), *channel = NULL, *purpose = NULL;
    crm_contact_answer_t answer = {0};
    bson_t client, out = BSON_INITIALIZER;
    int rc;

    (void)data;
    rc = query_one_of(req, "channel", channels, &channel, error);
    if (rc == 0)
        rc = query_one_of(req, "purpose", purposes, &purpose, error);
    if (rc != 0)
        goto done;
    /* Only a client within the caller's scope may be asked about (404 otherwise). */
    rc = crm_entity_get(crm_request_identity(req), "client", id, &client, error);
    bson_destroy(&client);
    if (rc == 0)
        rc = crm_contact_allowed(id, channel, purpose, &answer, error);
    if (rc != 0)
        goto done;
    BSON_APPEND_UTF8(&out, "client_id", id);
    BSON_APPEND_UTF8(&out, "channel", channel);
    BSON_APPEND_UTF8(&out, "purpose", purpose);
    BSON_APPEND_BOOL(&out, "allowed", answer.allowed);
    BSON_APPEND_UTF8(&out, "reason", answer.reason);
    rc = crm_respond_json(req, 200, &out);
done:
    bson_destroy(&out);
    return rc;
}
