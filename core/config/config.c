/* Loading and checking the daemon's configuration file (libconfig): the core's own groups
 * (server, store, plugins, log), defaults, and every problem reported with its file and line. */
#include "config/config-private.h"
#include "common/paths-private.h"
#include "plugin/loader-private.h"

#include <libconfig.h>

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CRM__MAX_BODY_MIN 1024LL
#define CRM__MAX_BODY_MAX (1024LL * 1024 * 1024)

/* The keys each core group accepts, with the libconfig types allowed for them. */
typedef struct core_key {
    const char *name;
    crm_config_type_t type;
} core_key_t;

static const core_key_t server_keys[] = {{"listen", CRM_CONFIG_STRING},
                                         {"www", CRM_CONFIG_STRING},
                                         {"max_body", CRM_CONFIG_INT},
                                         {"threads", CRM_CONFIG_INT},
                                         {"xlsx_max_rows", CRM_CONFIG_INT},
                                         {"tls_certificate", CRM_CONFIG_STRING},
                                         {"tls_key", CRM_CONFIG_STRING},
                                         {NULL, 0}};
static const core_key_t store_keys[] = {{"driver", CRM_CONFIG_STRING},
                                        {"path", CRM_CONFIG_STRING},
                                        {"uri", CRM_CONFIG_STRING},
                                        {"database", CRM_CONFIG_STRING},
                                        {NULL, 0}};
static const core_key_t plugins_keys[] = {{"dir", CRM_CONFIG_STRING},
                                          {"strict", CRM_CONFIG_BOOL},
                                          {"enabled", CRM_CONFIG_STRING_LIST},
                                          {NULL, 0}};
static const core_key_t log_keys[] = {{"level", CRM_CONFIG_STRING}, {NULL, 0}};

/* The auth group: integer settings with their ranges and where they land. */
typedef struct auth_int {
    const char *name;
    long long min, max;
    size_t offset; /* of the int64_t in crm__config_t */
} auth_int_t;

#define AUTH_INT(name, min, max) {#name, min, max, offsetof(crm__config_t, auth_##name)}
static const auth_int_t auth_ints[] = {
    AUTH_INT(password_min_length, 8, 128),
    AUTH_INT(session_idle_minutes, 1, 24 * 60),
    AUTH_INT(session_absolute_hours, 1, 24 * 30),
    AUTH_INT(max_failures, 1, 1000),
    AUTH_INT(max_failures_per_address, 1, 100000),
    AUTH_INT(failure_window_minutes, 1, 24 * 60),
    AUTH_INT(lockout_minutes, 1, 24 * 60 * 30),
    AUTH_INT(hash_opslimit, 1, 20),
    AUTH_INT(hash_memlimit_kb, 8, 4 * 1024 * 1024),
    AUTH_INT(cache_seconds, 0, 60),
};

static const core_key_t auth_keys[] = {{"enabled", CRM_CONFIG_BOOL},
                                       {"roles", CRM_CONFIG_STRING},
                                       {"common_passwords", CRM_CONFIG_STRING},
                                       {"password_min_length", CRM_CONFIG_INT},
                                       {"session_idle_minutes", CRM_CONFIG_INT},
                                       {"session_absolute_hours", CRM_CONFIG_INT},
                                       {"max_failures", CRM_CONFIG_INT},
                                       {"max_failures_per_address", CRM_CONFIG_INT},
                                       {"failure_window_minutes", CRM_CONFIG_INT},
                                       {"lockout_minutes", CRM_CONFIG_INT},
                                       {"hash_opslimit", CRM_CONFIG_INT},
                                       {"hash_memlimit_kb", CRM_CONFIG_INT},
                                       {"cache_seconds", CRM_CONFIG_INT},
                                       {NULL, 0}};

static const struct {
    const char *name;
    const core_key_t *keys;
} core_groups[] = {
    {"server", server_keys},
    {"store", store_keys},
    {"plugins", plugins_keys},
    {"log", log_keys},
    {"auth", auth_keys},
};

/* An always-empty group handed to plugins that have no group of their own. */
static config_setting_t empty_group = {.type = CONFIG_TYPE_GROUP};

void
crm__config_problem_add(crm__config_problems_t *problems, const char *file, int line,
                        const char *fmt, ...)
{
    crm__config_problem_t *items;
    crm__config_problem_t *p;
    va_list ap;

    if (!problems)
        return;
    items = realloc(problems->items, (problems->n + 1) * sizeof *items);
    if (!items)
        return;
    problems->items = items;
    p = &items[problems->n++];
    snprintf(p->file, sizeof p->file, "%s", file ? file : "");
    p->line = line;
    va_start(ap, fmt);
    vsnprintf(p->message, sizeof p->message, fmt, ap);
    va_end(ap);
}

void
crm__config_problems_free(crm__config_problems_t *problems)
{
    if (!problems)
        return;
    free(problems->items);
    problems->items = NULL;
    problems->n = 0;
}

static void problem_at(const crm__config_t *cfg, const config_setting_t *s,
                       crm__config_problems_t *problems, const char *fmt, ...) CRM_PRINTF(4, 5);

/* Adds a problem located at setting S (or at CFG's file when S carries no location). */
static void
problem_at(const crm__config_t *cfg, const config_setting_t *s, crm__config_problems_t *problems,
           const char *fmt, ...)
{
    char message[256];
    char where[512];
    const char *file = NULL;
    int line = 0;
    va_list ap;

    if (s) {
        file = config_setting_source_file(s);
        line = (int)config_setting_source_line(s);
    }
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    /* libconfig names an included file as the directive wrote it: show where it really is. */
    if (file && file[0] != '/' && strcmp(file, cfg->path) != 0 && cfg->lc &&
        config_get_include_dir((config_t *)cfg->lc)) {
        snprintf(where, sizeof where, "%s%s", config_get_include_dir((config_t *)cfg->lc), file);
        file = where;
    }
    crm__config_problem_add(problems, file ? file : cfg->path, line, "%s", message);
}

/* A word for a libconfig type, for "expected X, got Y" messages. */
static const char *
type_word(int type)
{
    switch (type) {
    case CONFIG_TYPE_GROUP:
        return "a group";
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        return "an integer";
    case CONFIG_TYPE_FLOAT:
        return "a number";
    case CONFIG_TYPE_STRING:
        return "a string";
    case CONFIG_TYPE_BOOL:
        return "a boolean";
    case CONFIG_TYPE_ARRAY:
        return "an array";
    case CONFIG_TYPE_LIST:
        return "a list";
    default:
        return "nothing";
    }
}

/* What a crm_config_type_t expects, in words. */
static const char *
expected_word(crm_config_type_t type)
{
    switch (type) {
    case CRM_CONFIG_STRING:
        return "a string";
    case CRM_CONFIG_INT:
        return "an integer";
    case CRM_CONFIG_DOUBLE:
        return "a number";
    case CRM_CONFIG_BOOL:
        return "a boolean (true or false)";
    case CRM_CONFIG_STRING_LIST:
        return "a list of strings";
    case CRM_CONFIG_GROUP:
        return "a group";
    case CRM_CONFIG_LIST:
        return "a list or an array";
    }
    return "?";
}

/* True when setting S has the shape TYPE asks for. */
static bool
type_matches(const config_setting_t *s, crm_config_type_t type)
{
    int t = config_setting_type(s);

    switch (type) {
    case CRM_CONFIG_STRING:
        return t == CONFIG_TYPE_STRING;
    case CRM_CONFIG_INT:
        return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64;
    case CRM_CONFIG_DOUBLE:
        return t == CONFIG_TYPE_FLOAT || t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64;
    case CRM_CONFIG_BOOL:
        return t == CONFIG_TYPE_BOOL;
    case CRM_CONFIG_STRING_LIST:
        if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST)
            return false;
        for (int i = 0; i < config_setting_length(s); i++)
            if (config_setting_type(config_setting_get_elem(s, (unsigned)i)) != CONFIG_TYPE_STRING)
                return false;
        return true;
    case CRM_CONFIG_GROUP:
        return t == CONFIG_TYPE_GROUP;
    case CRM_CONFIG_LIST:
        return t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST;
    }
    return false;
}

/* A short description of S's type, looking inside lists for the "list of strings" case. */
static const char *
got_word(const config_setting_t *s)
{
    int t = config_setting_type(s);

    if ((t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST) && config_setting_length(s) > 0)
        return t == CONFIG_TYPE_ARRAY ? "an array with a non-string element"
                                      : "a list with a non-string element";
    return type_word(t);
}

/* Checks TYPE of setting S named GROUP.KEY; adds a problem and returns false if wrong. */
static bool
check_type(const crm__config_t *cfg, const config_setting_t *s, const char *group,
           crm_config_type_t type, crm__config_problems_t *problems)
{
    if (type_matches(s, type))
        return true;
    problem_at(cfg, s, problems, "%s.%s: expected %s, got %s", group, config_setting_name(s),
               expected_word(type), got_word(s));
    return false;
}

/* True when LISTEN has the form HOST:PORT with a port in 0..65535 (0: any free port). */
static bool
valid_listen(const char *listen)
{
    const char *colon = strrchr(listen, ':');
    char *end = NULL;
    long port;

    if (!colon || colon == listen || colon[1] == '\0')
        return false;
    for (const char *p = colon + 1; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    port = strtol(colon + 1, &end, 10);
    return *end == '\0' && port >= 0 && port <= 65535;
}

/* The group name under which the plugin of enabled entry ENTRY keeps its settings: the entry
 * itself, or for a path the file name without directory and ".so". Written to BUF. */
static const char *
entry_group_name(const char *entry, char *buf, size_t size)
{
    const char *base = strrchr(entry, '/');
    size_t n;

    base = base ? base + 1 : entry;
    n = strlen(base);
    if (n > 3 && strcmp(base + n - 3, ".so") == 0)
        n -= 3;
    snprintf(buf, size, "%.*s", (int)n, base);
    return buf;
}

/* Checks the members of core group G against KEYS: unknown keys and wrong types. */
static void
check_core_group(const crm__config_t *cfg, const config_setting_t *g, const core_key_t *keys,
                 crm__config_problems_t *problems)
{
    for (int i = 0; i < config_setting_length(g); i++) {
        const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
        const core_key_t *k = keys;

        while (k->name && strcmp(k->name, config_setting_name(s)) != 0)
            k++;
        if (!k->name)
            problem_at(cfg, s, problems, "%s.%s: unknown setting", config_setting_name(g),
                       config_setting_name(s));
        else
            check_type(cfg, s, config_setting_name(g), k->type, problems);
    }
}

/* The member NAME of group G when it has type TYPE, else NULL (the type is reported by
 * check_core_group). */
static const config_setting_t *
member(const config_setting_t *g, const char *name, crm_config_type_t type)
{
    const config_setting_t *s = g ? config_setting_get_member(g, name) : NULL;

    return s && type_matches(s, type) ? s : NULL;
}

/* Reads and checks the server group. */
static void
load_server(crm__config_t *cfg, const config_setting_t *g, crm__config_problems_t *problems)
{
    const config_setting_t *s;
    long long v;

    if ((s = member(g, "listen", CRM_CONFIG_STRING))) {
        cfg->listen = config_setting_get_string(s);
        if (!valid_listen(cfg->listen))
            problem_at(cfg, s, problems, "server.listen: \"%s\" is not HOST:PORT", cfg->listen);
    }
    if ((s = member(g, "www", CRM_CONFIG_STRING)))
        cfg->www_dir = config_setting_get_string(s);
    if ((s = member(g, "max_body", CRM_CONFIG_INT))) {
        v = config_setting_get_int64(s);
        if (config_setting_type(s) == CONFIG_TYPE_INT)
            v = config_setting_get_int(s);
        if (v < CRM__MAX_BODY_MIN || v > CRM__MAX_BODY_MAX)
            problem_at(cfg, s, problems, "server.max_body: %lld is out of range %lld..%lld", v,
                       CRM__MAX_BODY_MIN, CRM__MAX_BODY_MAX);
        else
            cfg->max_body = v;
    }
    if ((s = member(g, "threads", CRM_CONFIG_INT))) {
        v = config_setting_type(s) == CONFIG_TYPE_INT ? config_setting_get_int(s)
                                                      : config_setting_get_int64(s);
        if (v < 1 || v > 1024)
            problem_at(cfg, s, problems, "server.threads: %lld is out of range 1..1024", v);
        else
            cfg->threads = (int)v;
    }
    if ((s = member(g, "xlsx_max_rows", CRM_CONFIG_INT))) {
        v = config_setting_type(s) == CONFIG_TYPE_INT ? config_setting_get_int(s)
                                                      : config_setting_get_int64(s);
        /* Excel's sheet holds 1,048,576 rows, one of them the header. */
        if (v < 1 || v > 1048575)
            problem_at(cfg, s, problems, "server.xlsx_max_rows: %lld is out of range 1..1048575",
                       v);
        else
            cfg->xlsx_max_rows = v;
    }
    {
        const config_setting_t *cert = member(g, "tls_certificate", CRM_CONFIG_STRING);
        const config_setting_t *key = member(g, "tls_key", CRM_CONFIG_STRING);
        if (cert)
            cfg->tls_certificate = config_setting_get_string(cert);
        if (key)
            cfg->tls_key = config_setting_get_string(key);
        if ((cert != NULL) != (key != NULL))
            problem_at(cfg, cert ? cert : key, problems,
                       "server: TLS needs both tls_certificate and tls_key");
    }
}

/* Reads and checks the auth group. */
static void
load_auth(crm__config_t *cfg, const config_setting_t *g, crm__config_problems_t *problems)
{
    const config_setting_t *s;

    if ((s = member(g, "enabled", CRM_CONFIG_BOOL)))
        cfg->auth_enabled = config_setting_get_bool(s);
    if ((s = member(g, "roles", CRM_CONFIG_STRING)))
        cfg->auth_roles = config_setting_get_string(s);
    if ((s = member(g, "common_passwords", CRM_CONFIG_STRING)))
        cfg->auth_common_passwords = config_setting_get_string(s);
    for (size_t i = 0; i < sizeof auth_ints / sizeof auth_ints[0]; i++) {
        const auth_int_t *a = &auth_ints[i];
        long long v;
        if (!(s = member(g, a->name, CRM_CONFIG_INT)))
            continue;
        v = config_setting_type(s) == CONFIG_TYPE_INT ? config_setting_get_int(s)
                                                      : config_setting_get_int64(s);
        if (v < a->min || v > a->max)
            problem_at(cfg, s, problems, "auth.%s: %lld is out of range %lld..%lld", a->name, v,
                       a->min, a->max);
        else
            *(int64_t *)((char *)cfg + a->offset) = v;
    }
}

/* Reads and checks the store group: the driver and the settings it needs. */
static void
load_store(crm__config_t *cfg, const config_setting_t *g, crm__config_problems_t *problems)
{
    const config_setting_t *s;
    const config_setting_t *driver = member(g, "driver", CRM_CONFIG_STRING);
    const config_setting_t *path = member(g, "path", CRM_CONFIG_STRING);
    const config_setting_t *uri = member(g, "uri", CRM_CONFIG_STRING);
    const config_setting_t *database = member(g, "database", CRM_CONFIG_STRING);

    if (!g)
        return; /* the defaults: sqlite at var/crm.db */
    if (driver)
        cfg->store_driver = config_setting_get_string(driver);
    if (strcmp(cfg->store_driver, "sqlite") == 0) {
        cfg->store_location = path ? config_setting_get_string(path) : NULL;
        cfg->store_database = NULL;
        if (!path && !config_setting_get_member(g, "path"))
            problem_at(cfg, g, problems, "store: the sqlite driver needs store.path");
        if ((s = uri) || (s = database))
            problem_at(cfg, s, problems, "store.%s: only used by the mongodb driver",
                       config_setting_name(s));
    } else if (strcmp(cfg->store_driver, "mongodb") == 0) {
        cfg->store_location = uri ? config_setting_get_string(uri) : NULL;
        cfg->store_database = database ? config_setting_get_string(database) : "crm";
        if (!uri && !config_setting_get_member(g, "uri"))
            problem_at(cfg, g, problems, "store: the mongodb driver needs store.uri");
        if (path)
            problem_at(cfg, path, problems, "store.path: only used by the sqlite driver");
    } else {
        problem_at(cfg, driver, problems,
                   "store.driver: unknown driver \"%s\" (expected \"sqlite\" or \"mongodb\")",
                   cfg->store_driver);
    }
}

/* Reads and checks the plugins group: folder, strictness and the enabled entries. */
static void
load_plugins(crm__config_t *cfg, const config_setting_t *g, crm__config_problems_t *problems)
{
    const config_setting_t *s;
    int n;

    if ((s = member(g, "dir", CRM_CONFIG_STRING)))
        cfg->plugin_dir = config_setting_get_string(s);
    if ((s = member(g, "strict", CRM_CONFIG_BOOL)))
        cfg->plugins_strict = config_setting_get_bool(s) != 0;
    /* A non-string element is reported by check_core_group; the strings are still checked. */
    s = member(g, "enabled", CRM_CONFIG_LIST);
    if (!s)
        return;
    n = config_setting_length(s);
    cfg->enabled = calloc((size_t)n + 1, sizeof *cfg->enabled);
    if (!cfg->enabled) {
        problem_at(cfg, s, problems, "plugins.enabled: out of memory");
        return;
    }
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        const char *entry = config_setting_get_string(e);
        const config_setting_t *where = config_setting_source_line(e) ? e : s;

        if (!entry)
            continue;
        if (!crm__plugin_entry_is_path(entry) && !crm__plugin_name_valid(entry)) {
            problem_at(cfg, where, problems,
                       "plugins.enabled: \"%s\" is neither a plugin name ([a-z][a-z0-9_]*) "
                       "nor a path to a .so file",
                       entry);
            continue;
        }
        for (size_t j = 0; j < cfg->n_enabled; j++)
            if (strcmp(cfg->enabled[j], entry) == 0) {
                problem_at(cfg, where, problems, "plugins.enabled: \"%s\" is listed twice", entry);
                entry = NULL;
                break;
            }
        if (entry)
            cfg->enabled[cfg->n_enabled++] = entry;
    }
}

/* Reads and checks the log group. */
static void
load_log(crm__config_t *cfg, const config_setting_t *g, crm__config_problems_t *problems)
{
    const config_setting_t *s = member(g, "level", CRM_CONFIG_STRING);

    if (s && !crm_log_level_parse(config_setting_get_string(s), &cfg->log_level))
        problem_at(cfg, s, problems,
                   "log.level: unknown level \"%s\" (expected debug, info, warn or error)",
                   config_setting_get_string(s));
}

/* True when NAME is the group of an enabled plugin. */
static bool
is_plugin_group(const crm__config_t *cfg, const char *name)
{
    char buf[256];

    for (size_t i = 0; i < cfg->n_enabled; i++)
        if (strcmp(entry_group_name(cfg->enabled[i], buf, sizeof buf), name) == 0)
            return true;
    return false;
}

/* Checks the top level: core groups must be groups, other keys must be enabled plugins'
 * groups. */
static void
check_top_level(const crm__config_t *cfg, const config_setting_t *root,
                crm__config_problems_t *problems)
{
    for (int i = 0; i < config_setting_length(root); i++) {
        const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
        const char *name = config_setting_name(s);
        bool core = false;

        for (size_t j = 0; j < sizeof core_groups / sizeof core_groups[0]; j++)
            if (strcmp(core_groups[j].name, name) == 0)
                core = true;
        if (!core && !is_plugin_group(cfg, name)) {
            problem_at(cfg, s, problems,
                       "%s: unknown setting (not a core group nor an enabled plugin's group)",
                       name);
            continue;
        }
        if (config_setting_type(s) != CONFIG_TYPE_GROUP)
            problem_at(cfg, s, problems, "%s: expected a group, got %s", name,
                       type_word(config_setting_type(s)));
    }
}

/* Sets the defaults of every core setting. */
static void
set_defaults(crm__config_t *cfg)
{
    cfg->listen = "127.0.0.1:8080";
    cfg->www_dir = crm__path_www();
    cfg->max_body = 1024 * 1024;
    cfg->xlsx_max_rows = 100000;
    cfg->threads = 16;
    cfg->store_driver = "sqlite";
    cfg->store_location = "var/crm.db";
    cfg->store_database = NULL;
    cfg->plugin_dir = crm__path_plugins();
    cfg->plugins_strict = true;
    cfg->log_level = CRM_LOG_INFO;
    cfg->auth_enabled = true;
    snprintf(cfg->default_roles, sizeof cfg->default_roles, "%s/roles.cfg", crm__path_conf());
    snprintf(cfg->default_common_passwords, sizeof cfg->default_common_passwords,
             "%s/common-passwords.txt", crm__path_conf());
    cfg->auth_roles = cfg->default_roles;
    cfg->auth_common_passwords = cfg->default_common_passwords;
    cfg->auth_password_min_length = 12;
    cfg->auth_session_idle_minutes = 30;
    cfg->auth_session_absolute_hours = 12;
    cfg->auth_max_failures = 5;
    cfg->auth_max_failures_per_address = 50;
    cfg->auth_failure_window_minutes = 15;
    cfg->auth_lockout_minutes = 15;
    cfg->auth_hash_opslimit = 2;        /* libsodium's crypto_pwhash_OPSLIMIT_INTERACTIVE */
    cfg->auth_hash_memlimit_kb = 65536; /* and crypto_pwhash_MEMLIMIT_INTERACTIVE */
    cfg->auth_cache_seconds = 2;
}

/* The group NAME of the root when it is a group, else NULL. */
static const config_setting_t *
core_group(const config_setting_t *root, const char *name)
{
    const config_setting_t *g = config_setting_get_member(root, name);

    return g && config_setting_type(g) == CONFIG_TYPE_GROUP ? g : NULL;
}

/* Gives FOUND to the caller's PROBLEMS (replacing what it held), or frees it. */
static void
hand_over(crm__config_problems_t *found, crm__config_problems_t *problems)
{
    if (problems) {
        crm__config_problems_free(problems);
        *problems = *found;
    } else {
        crm__config_problems_free(found);
    }
}

crm__config_t *
crm__config_read(const char *path, crm__config_problems_t *problems)
{
    crm__config_t *cfg = NULL;
    config_t *lc = NULL;
    const config_setting_t *root;
    crm__config_problems_t found = {0};
    char *dir = NULL;
    char *slash;
    bool parsed = false;

    cfg = calloc(1, sizeof *cfg);
    lc = calloc(1, sizeof *lc);
    if (!cfg || !lc || !(cfg->path = strdup(path)) || !(dir = strdup(path))) {
        crm__config_problem_add(&found, path, 0, "out of memory");
        free(lc);
        lc = NULL;
        goto done;
    }
    config_init(lc);
    cfg->lc = lc;
    set_defaults(cfg);
    /* @include "x.cfg" is relative to the including file's folder. */
    slash = strrchr(dir, '/');
    if (slash) {
        slash[1] = '\0';
        config_set_include_dir(lc, dir);
    }
    if (!config_read_file(lc, path)) {
        if (config_error_type(lc) == CONFIG_ERR_FILE_IO)
            crm__config_problem_add(&found, path, 0, "cannot read the file");
        else
            crm__config_problem_add(&found, config_error_file(lc) ? config_error_file(lc) : path,
                                    config_error_line(lc), "syntax error: %s",
                                    config_error_text(lc));
        goto done;
    }
    parsed = true;
    root = config_root_setting(lc);
    /* The plugins group first: the enabled names decide which top-level groups are known. */
    load_plugins(cfg, core_group(root, "plugins"), &found);
    check_top_level(cfg, root, &found);
    for (size_t j = 0; j < sizeof core_groups / sizeof core_groups[0]; j++)
        if (core_group(root, core_groups[j].name))
            check_core_group(cfg, core_group(root, core_groups[j].name), core_groups[j].keys,
                             &found);
    load_server(cfg, core_group(root, "server"), &found);
    load_store(cfg, core_group(root, "store"), &found);
    load_log(cfg, core_group(root, "log"), &found);
    load_auth(cfg, core_group(root, "auth"), &found);
done:
    free(dir);
    if (!parsed) {
        crm__config_free(cfg);
        cfg = NULL;
    }
    hand_over(&found, problems);
    return cfg;
}

crm__config_t *
crm__config_load(const char *path, crm__config_problems_t *problems)
{
    crm__config_problems_t found = {0};
    crm__config_t *cfg = crm__config_read(path, &found);

    if (found.n > 0) {
        crm__config_free(cfg);
        cfg = NULL;
    }
    hand_over(&found, problems);
    return cfg;
}

void
crm__config_free(crm__config_t *cfg)
{
    if (!cfg)
        return;
    if (cfg->lc) {
        config_destroy(cfg->lc);
        free(cfg->lc);
    }
    free(cfg->enabled);
    free(cfg->path);
    free(cfg);
}

const crm_config_t *
crm__config_plugin_group(const crm__config_t *cfg, const char *name)
{
    const config_setting_t *g = NULL;

    if (cfg && cfg->lc && name)
        g = config_setting_get_member(config_root_setting((config_t *)cfg->lc), name);
    if (!g || config_setting_type(g) != CONFIG_TYPE_GROUP)
        g = &empty_group;
    return (const crm_config_t *)g;
}

void
crm__config_check_keys(const crm__config_t *cfg, const char *plugin_name,
                       const crm_config_key_t *keys, crm__config_problems_t *problems)
{
    const config_setting_t *g =
        (const config_setting_t *)crm__config_plugin_group(cfg, plugin_name);

    for (int i = 0; i < config_setting_length(g); i++) {
        const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
        const crm_config_key_t *k = keys;

        while (k && k->name && strcmp(k->name, config_setting_name(s)) != 0)
            k++;
        if (!k || !k->name) {
            problem_at(cfg, s, problems, "%s.%s: unknown setting for plugin '%s'", plugin_name,
                       config_setting_name(s), plugin_name);
            continue;
        }
        check_type(cfg, s, plugin_name, k->type, problems);
    }
}
