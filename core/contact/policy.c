/* The contact policy (crm/contact.h): one plugin answers, every plugin that sends asks. */
#include "plugin/plugin-private.h"

#include <crm/contact.h>

#include <stdio.h>
#include <string.h>

static crm_contact_policy_fn policy;
static void *policy_data;
static const char *policy_owner;

static void
unset_policy(void *ctx)
{
    (void)ctx;
    policy = NULL;
    policy_data = NULL;
    policy_owner = NULL;
}

int
crm_contact_policy_set(crm_plugin_t *plugin, crm_contact_policy_fn fn, void *data,
                       crm_error_t *error)
{
    int rc;

    if (!fn)
        return crm_error_set(error, CRM_EINVAL, "contact policy: no function");
    if (policy)
        return crm_error_set(error, CRM_ECONFLICT, "the contact policy is already provided by %s",
                             policy_owner);
    rc = crm__plugin_record(plugin, "contact_policy", "contact", unset_policy, NULL, error);
    if (rc != 0)
        return rc;
    policy = fn;
    policy_data = data;
    policy_owner = plugin ? crm_plugin_name(plugin) : "core";
    return 0;
}

/* True when S is one of the NULL-terminated LIST. */
static bool
one_of(const char *s, const char *const *list)
{
    for (; s && *list; list++)
        if (!strcmp(s, *list))
            return true;
    return false;
}

int
crm_contact_allowed(const char *client_id, const char *channel, const char *purpose,
                    crm_contact_answer_t *answer, crm_error_t *error)
{
    static const char *const channels[] = {"email", "sms", "phone", "post", NULL};
    static const char *const purposes[] = {"service", "marketing", "profiling", "survey", NULL};

    memset(answer, 0, sizeof *answer);
    if (!one_of(channel, channels))
        return crm_error_set(error, CRM_EINVAL,
                             "unknown channel '%s': use email, sms, phone or post",
                             channel ? channel : "(null)");
    if (!one_of(purpose, purposes))
        return crm_error_set(error, CRM_EINVAL,
                             "unknown purpose '%s': use service, marketing, profiling or survey",
                             purpose ? purpose : "(null)");
    if (!client_id)
        return crm_error_set(error, CRM_EINVAL, "no client given");
    if (!policy) {
        snprintf(answer->reason, sizeof answer->reason,
                 "no plugin keeps clients' consents (enable clients)");
        return 0;
    }
    return policy(client_id, channel, purpose, answer, policy_data, error);
}
