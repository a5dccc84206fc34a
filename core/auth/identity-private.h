/* Identities: what authentication builds for a request and authorisation reads. */
#ifndef CRM_IDENTITY_PRIVATE_H
#define CRM_IDENTITY_PRIVATE_H

#include <crm/identity.h>

#include <stdatomic.h>

/* A permission pattern granted with a scope: "prospect.read", "prospect.*", "*.read", "*". */
typedef struct crm__grant {
    char *pattern;
    crm_scope_t scope;
} crm__grant_t;

/* How the caller proved who they are. */
typedef enum crm__auth_kind {
    CRM__AUTH_SYSTEM = 0, /* the built-in system identity */
    CRM__AUTH_ANONYMOUS,  /* a public route without credentials */
    CRM__AUTH_SESSION,    /* session cookie */
    CRM__AUTH_TOKEN       /* API token (Authorization: Bearer) */
} crm__auth_kind_t;

struct crm_identity {
    char *user_id;  /* the users document's _id as 24 hex, "system" or "anonymous" */
    char *name;     /* username, for audit records */
    char *org_unit; /* org unit id (24 hex), or NULL */
    bool system;
    crm__auth_kind_t kind;
    crm__grant_t *grants; /* from the user's roles */
    size_t n_grants;
    char **limit;         /* API token: the permission patterns it is limited to; NULL: none */
    size_t n_limit;
    char *session_id;     /* session cookie: the session's id (its hash), for logout */
    char *csrf_token;     /* session cookie: the CSRF token unsafe requests must echo */
    char *token_id;       /* API token: the token document's id */
    _Atomic int refs;     /* heap identities are shared by the auth cache and requests */
    bool is_static;       /* system and anonymous: never freed */
};

/* A new heap identity with one reference. NULL strings allowed except USER_ID. */
crm_identity_t *crm__identity_new(const char *user_id, const char *name, const char *org_unit,
                                  crm__auth_kind_t kind);
/* Adds a grant (the pattern is copied). */
int crm__identity_add_grant(crm_identity_t *id, const char *pattern, crm_scope_t scope);
/* Adds a limit pattern (API tokens). */
int crm__identity_add_limit(crm_identity_t *id, const char *pattern);
/* Takes a reference / drops one, freeing at zero. Static identities are left alone. */
const crm_identity_t *crm__identity_ref(const crm_identity_t *id);
void crm__identity_unref(const crm_identity_t *id);

/* The anonymous identity of public routes called without credentials: no grants. */
const crm_identity_t *crm__identity_anonymous(void);

/* True when permission PATTERN covers PERMISSION: equal, "*", "area.*" or "*.action". */
bool crm__permission_match(const char *pattern, const char *permission);

/* Parses "own", "unit", "subtree", "all". */
bool crm__scope_parse(const char *name, crm_scope_t *scope);

#endif
