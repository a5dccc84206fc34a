/* Duplicate clients and their merge: what dup_match.c, duplicates.c, dup_job.c and merge.c
 * share. docs/plugins/clients.md ("Duplicates and merging") describes the behaviour. */
#ifndef CLIENTS_DUPLICATES_PRIVATE_H
#define CLIENTS_DUPLICATES_PRIVATE_H

#include <crm/entity.h>
#include <crm/http.h>
#include <crm/job.h>
#include <crm/plugin.h>

#include <bson/bson.h>

/* The reasons two clients may be one person (bits of a reasons set). */
enum {
    CLIENTS_DUP_NATIONAL_ID = 1u << 0,        /* the same national id */
    CLIENTS_DUP_REGISTRATION = 1u << 1,       /* the same registration number */
    CLIENTS_DUP_EMAIL = 1u << 2,              /* an e-mail address in common */
    CLIENTS_DUP_PHONE = 1u << 3,              /* a phone number in common */
    CLIENTS_DUP_NAME_BIRTH = 1u << 4,         /* the same name and birth date */
    CLIENTS_DUP_SIMILAR_NAME_BIRTH = 1u << 5, /* a name a typo away, the same birth date */
    CLIENTS_DUP_REASONS = 6
};

/* A key shared by more clients than this is too common to tell people apart (a branch's
 * switchboard number, "none@none.pl") and is not used to find pairs. Birth dates are shared
 * by many people, so they have a limit of their own. */
#define CLIENTS_DUP_MAX_BLOCK 20
#define CLIENTS_DUP_MAX_BIRTH_BLOCK 400

/* Longest name key kept, in bytes. */
#define CLIENTS_DUP_NAME_MAX 256

/* What detection compares of one client, read from its record (API form). Owns its strings:
 * clients_dup_keys_clear() frees them. */
typedef struct clients_dup_keys {
    char id[25];
    bool organisation;
    bool merged; /* has merged_into: never a candidate */
    char owner_id[25], org_unit[25];
    char *national_id;         /* NULL when absent */
    char *registration_number; /* NULL when absent */
    char **phones, **emails;
    size_t n_phones, n_emails;
    char birth_date[11]; /* "YYYY-MM-DD", or "" */
    char *name;          /* the name key of an individual (see clients_dup_name_key) */
} clients_dup_keys_t;

/* --- matching (dup_match.c: no store, no HTTP) --- */

/* Writes into OUT (CAP bytes) the key a person's name is compared by: FIRST and LAST folded to
 * lower case without diacritics (Latin letters; Cyrillic lower-cased), split into words at
 * anything that is not a letter or digit (apostrophes are dropped), the words sorted and joined
 * by one space, so "Łukasz  KOWALSKI-Nowak" and "Nowak-Kowalski, Lukasz" give the same key.
 * Either name may be NULL. Returns the key's length (0: no letters). */
size_t clients_dup_name_key(const char *first, const char *last, char *out, size_t cap);

/* The edit distance (Levenshtein, over code points) between UTF-8 strings A and B, or MAX + 1
 * when it exceeds MAX. */
int clients_dup_distance(const char *a, const char *b, int max);

/* True when name keys A and B are equal (*EXACT true) or a typo apart: at most 1 edit when the
 * longer has up to 15 characters, 2 beyond; keys shorter than 4 characters must be equal. */
bool clients_dup_names_similar(const char *a, const char *b, bool *exact);

/* Reads KEYS from RECORD (a client, API form). Returns false when it has no id. */
bool clients_dup_keys_read(const bson_t *record, clients_dup_keys_t *keys);

/* Frees what KEYS holds and zeroes it. */
void clients_dup_keys_clear(clients_dup_keys_t *keys);

/* The reasons (CLIENTS_DUP_* bits) for which A and B may be one client; 0 when they are not a
 * candidate pair: the same record, a merged one, different kinds, or both national ids (or
 * registration numbers) known and different, which makes them different people. */
unsigned clients_dup_compare(const clients_dup_keys_t *a, const clients_dup_keys_t *b);

/* The score (0-100) of a reasons set: 100 * (1 - product of (1 - weight)) over its reasons. */
int clients_dup_score(unsigned reasons);

/* The name of reason BIT ("national_id", ...), or NULL. */
const char *clients_dup_reason_name(unsigned bit);

/* The reasons set named by the array of names at IT (unknown names ignored). */
unsigned clients_dup_reasons_parse(bson_iter_t *array);

/* Appends the reasons of REASONS to the open array ARR, in a fixed order. */
void clients_dup_reasons_append(bson_t *arr, unsigned reasons);

/* --- the entities, routes and job (duplicates.c, dup_job.c, merge.c) --- */

extern const crm_entity_def_t clients_duplicate_candidate_def;
extern const crm_entity_def_t clients_client_merge_def;

/* Registers the entities, the permission client.merge, the routes, the job and the birth date
 * index; called once from the plugin's init. */
int clients_duplicates_register(crm_plugin_t *plugin, crm_error_t *error);

/* The nightly job that stores candidate pairs (dup_job.c). */
int clients_dup_job_run(crm_job_run_t *run, void *data, crm_error_t *error);

/* GET /api/v1/clients/{id}/duplicates (duplicates.c). */
int clients_route_duplicates(crm_request_t *req, void *data, crm_error_t *error);

/* GET /api/v1/clients/merge-preview, POST /api/v1/clients/merge,
 * POST /api/v1/clients/merge/{merge_id}/undo (merge.c, merge_undo.c). */
int clients_route_merge_preview(crm_request_t *req, void *data, crm_error_t *error);
int clients_route_merge(crm_request_t *req, void *data, crm_error_t *error);
int clients_route_merge_undo(crm_request_t *req, void *data, crm_error_t *error);

/* --- helpers the merge files share (merge.c) --- */

/* True when the values at KEY of A and B are the same (both absent counts as the same). */
bool clients_merge_same(const bson_t *a, const bson_t *b, const char *key);

/* Writes onto client ID, as CALLER, WANT's value of every client field WHICH accepts (NULL:
 * all), removing those WANT lacks. The client's prepare hook derives some fields from others (a
 * new status resets the lifecycle phase, a consent whose "granted" changes is dated today), so
 * a second pass writes whatever the first did not leave as wanted. */
int clients_merge_settle(const crm_identity_t *caller, const char *id, const bson_t *want,
                         bool (*which)(const crm_field_t *), crm_error_t *error);

/* The document at KEY of DOC into OUT (static, borrowed from DOC); false when there is none. */
bool clients_merge_sub_doc(const bson_t *doc, const char *key, bson_t *out);

/* Checks that CALLER may merge CLIENT (a record it has read): client.merge in a scope that
 * reaches its owner and unit. CRM_EPERM otherwise. */
int clients_merge_reachable(const crm_identity_t *caller, const bson_t *client, crm_error_t *error);

#endif
