/* The daemon's configuration (libconfig): conf/crmd.cfg.
 *
 *   server  = { listen = "127.0.0.1:8080"; www = "core/www"; max_body = 1048576;
 *               threads = 16; xlsx_max_rows = 100000; };
 *   store   = { driver = "sqlite"; path = "var/crm.db"; };     (or driver = "mongodb";
 *                                                              uri = "..."; database = "crm";)
 *   plugins = { dir = "build/plugins"; strict = true; enabled = ["example"]; };
 *   log     = { level = "info"; };
 *   auth    = { enabled = true; roles = "conf/roles.cfg"; ... };   (see conf/crmd.cfg)
 *   example = { ... };   one top-level group per plugin, handed to that plugin's init
 *
 * Relative paths are relative to the working directory. */
#ifndef CRM_CONFIG_PRIVATE_H
#define CRM_CONFIG_PRIVATE_H

#include <crm/config.h>
#include <crm/log.h>

typedef struct crm__config {
    void *lc;             /* the libconfig config_t */
    char *path;
    /* server */
    const char *listen;   /* "127.0.0.1:8080" */
    const char *www_dir;
    int64_t max_body;     /* bytes */
    int threads;
    int64_t xlsx_max_rows; /* rows of an XLSX export of a list */
    /* store */
    const char *store_driver;   /* "sqlite" | "mongodb" */
    const char *store_location; /* sqlite: file path; mongodb: uri */
    const char *store_database; /* mongodb database; NULL for sqlite */
    /* plugins */
    const char *plugin_dir;
    bool plugins_strict;
    const char **enabled; /* plugin names in the order listed */
    size_t n_enabled;
    /* TLS: both set, or neither */
    const char *tls_certificate; /* PEM file */
    const char *tls_key;         /* PEM file */
    /* log */
    crm_log_level_t log_level;
    /* auth */
    bool auth_enabled;                 /* false: every request is the system identity */
    const char *auth_roles;            /* the built-in roles file */
    const char *auth_common_passwords; /* one refused password per line */
    int64_t auth_password_min_length;
    int64_t auth_session_idle_minutes;
    int64_t auth_session_absolute_hours;
    int64_t auth_max_failures;            /* per account within the window, then locked */
    int64_t auth_max_failures_per_address; /* per client address within the window */
    int64_t auth_failure_window_minutes;
    int64_t auth_lockout_minutes;
    int64_t auth_hash_opslimit;   /* argon2id cost */
    int64_t auth_hash_memlimit_kb;
    int64_t auth_cache_seconds;   /* how long a verified session may be reused from memory */
    /* storage for the default file names above */
    char default_roles[4096];
    char default_common_passwords[4096];
} crm__config_t;

/* One problem found in a configuration file. */
typedef struct crm__config_problem {
    char file[256];
    int line;          /* 0 when unknown */
    char message[256];
} crm__config_problem_t;

typedef struct crm__config_problems {
    crm__config_problem_t *items;
    size_t n;
} crm__config_problems_t;

/* Parses and checks the core's own settings of the file at PATH (unknown top-level keys other
 * than enabled plugins' groups, unknown keys inside core groups, wrong types, out-of-range
 * values are problems). Returns the config, or NULL when there are problems; PROBLEMS (may be
 * NULL) receives them all. Free with crm__config_free(); free PROBLEMS with
 * crm__config_problems_free(). */
crm__config_t *crm__config_load(const char *path, crm__config_problems_t *problems);
void crm__config_free(crm__config_t *cfg);

/* Like crm__config_load(), but returns the configuration whenever the file could be parsed,
 * problems or not, so that `crmd check-config` can go on to the plugins. */
crm__config_t *crm__config_read(const char *path, crm__config_problems_t *problems);
void crm__config_problems_free(crm__config_problems_t *problems);

/* The plugin group NAME of CFG, or an empty group. Borrowed like CFG. */
const crm_config_t *crm__config_plugin_group(const crm__config_t *cfg, const char *name);

/* Checks GROUP (a plugin's, as returned above) against KEYS (NULL: no key allowed), adding
 * problems for unknown keys and wrong types. */
void crm__config_check_keys(const crm__config_t *cfg, const char *plugin_name,
                            const crm_config_key_t *keys, crm__config_problems_t *problems);

/* Appends a problem. */
void crm__config_problem_add(crm__config_problems_t *problems, const char *file, int line,
                             const char *fmt, ...) CRM_PRINTF(4, 5);

#endif
