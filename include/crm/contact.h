/* May we contact this client on this channel for this purpose? One question every outbound
 * action asks (a campaign e-mail, a collection SMS, a survey call), answered by the plugin
 * that keeps clients' consents (`clients`), so plugins that send never read consents
 * themselves. Without a plugin answering, the answer is no. (ABI 1.2) */
#ifndef CRM_CONTACT_H
#define CRM_CONTACT_H

#include <crm/common.h>
#include <crm/identity.h>
#include <crm/plugin.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Channels: "email", "sms", "phone", "post". Purposes: "service" (about the client's own
 * products and cases: statements, collection), "marketing", "profiling", "survey". */

/* The answer to a contact question. */
typedef struct crm_contact_answer {
    bool allowed;
    char reason[160]; /* why not, for people, e.g. "no e-mail consent (withdrawn 2026-03-01)" */
} crm_contact_answer_t;

/* Answers whether CLIENT_ID may be contacted on CHANNEL for PURPOSE into *ANSWER (zeroed by
 * the caller). CRM_ENOTFOUND when there is no such client. Called on any thread. */
typedef int (*crm_contact_policy_fn)(const char *client_id, const char *channel,
                                     const char *purpose, crm_contact_answer_t *answer,
                                     void *data, crm_error_t *error);

/* Makes FN the contact policy (only during init; one plugin may provide it: CRM_ECONFLICT
 * otherwise). */
CRM_API int crm_contact_policy_set(crm_plugin_t *plugin, crm_contact_policy_fn fn, void *data,
                                   crm_error_t *error);

/* Asks the policy about CLIENT_ID, CHANNEL and PURPOSE into *ANSWER. Without a policy the
 * answer is no, with the reason. CRM_EINVAL for an unknown channel or purpose. */
CRM_API int crm_contact_allowed(const char *client_id, const char *channel, const char *purpose,
                                crm_contact_answer_t *answer, crm_error_t *error);

#ifdef __cplusplus
}
#endif

#endif
