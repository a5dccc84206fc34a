/* Starting and stopping a test core: a temporary directory holding the configuration and the
 * SQLite store, the host (configuration, store, authentication, plugins) and the HTTP server
 * on a free port of 127.0.0.1. */
#include "job/job-private.h"
#include "testing/testing-private.h"

#include <errno.h>
#include <ftw.h>
#include <stddef.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static crm_test_core_t *current;

crm_test_core_t *
crm__test_core_current(void)
{
    return current;
}

/* Writes S to F as a libconfig string literal. */
static void
write_quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Writes CORE's configuration file: the store in its directory, the plugins of OPTIONS by
 * path, authentication with cheap hashing, then OPTIONS' own text. Returns 0 or -1. */
static int
write_config(crm_test_core_t *core, const crm_test_options_t *options)
{
    char db[PATH_MAX + 16];
    FILE *f = NULL;
    int rc = -1;

    f = fopen(core->config_path, "w");
    if (!f) {
        fprintf(stderr, "crm_test_core_start: cannot write %s: %s\n", core->config_path,
                strerror(errno));
        goto done;
    }
    snprintf(db, sizeof db, "%s/crm.db", core->dir);
    fputs("server = { listen = \"127.0.0.1:0\"; threads = 4; };\n", f);
    fputs("store = { driver = \"sqlite\"; path = ", f);
    write_quoted(f, db);
    fputs("; };\nplugins = { dir = ", f);
    write_quoted(f, core->dir);
    fputs("; strict = true; enabled = [", f);
    for (size_t i = 0; options->plugins && options->plugins[i]; i++) {
        fputs(i ? ", " : "", f);
        write_quoted(f, options->plugins[i]);
    }
    /* The built-in roles and password list come from the core's own files. */
    fputs("]; };\nauth = { enabled = true; hash_opslimit = 1; hash_memlimit_kb = 8; "
          "cache_seconds = 0; };\n",
          f);
    fputs("log = { level = \"warn\"; };\n", f);
    if (options->config) {
        fputs(options->config, f);
        fputc('\n', f);
    }
    rc = 0;
done:
    if (f && fclose(f) != 0)
        rc = -1;
    return rc;
}

/* Removes one entry met by nftw() (depth first, so files before their directory). */
static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if ((flag == FTW_DP ? rmdir(path) : unlink(path)) != 0)
        fprintf(stderr, "crm_test_core_stop: cannot remove %s: %s\n", path, strerror(errno));
    return 0;
}

/* Makes CORE's temporary directory under $TMPDIR (or /tmp). Returns 0 or -1. */
static int
make_dir(crm_test_core_t *core)
{
    const char *tmp = getenv("TMPDIR");
    int n;

    if (!tmp || !*tmp)
        tmp = "/tmp";
    n = snprintf(core->dir, sizeof core->dir, "%s/crm-test-XXXXXX", tmp);
    if (n < 0 || (size_t)n >= sizeof core->dir || !mkdtemp(core->dir)) {
        fprintf(stderr, "crm_test_core_start: cannot make a directory under %s: %s\n", tmp,
                strerror(errno));
        core->dir[0] = '\0';
        return -1;
    }
    snprintf(core->config_path, sizeof core->config_path, "%s/crmd.cfg", core->dir);
    return 0;
}

crm_test_core_t *
crm_test_core_start(const crm_test_options_t *options)
{
    crm_test_options_t opts = {0};
    crm_test_core_t *core = NULL;
    crm__http_opts_t http_opts = {0};
    crm_error_t error = {0};

    if (options && options->size < offsetof(crm_test_options_t, plugins) + sizeof opts.plugins) {
        fprintf(stderr, "crm_test_core_start: options->size must be sizeof(crm_test_options_t)\n");
        return NULL;
    }
    if (options) {
        /* Only the fields the caller's version of the struct has. */
        size_t n = options->size < sizeof opts ? options->size : sizeof opts;
        memcpy(&opts, options, n);
    }
    if (crm__host_get()) {
        fprintf(stderr, "crm_test_core_start: a core is already running in this process\n");
        return NULL;
    }
    core = calloc(1, sizeof *core);
    if (!core) {
        fprintf(stderr, "crm_test_core_start: out of memory\n");
        return NULL;
    }
    if (make_dir(core) != 0 || write_config(core, &opts) != 0)
        goto fail;
    core->host = crm__host_open(core->config_path, &error);
    if (!core->host) {
        fprintf(stderr, "crm_test_core_start: %s\n", error.message);
        goto fail;
    }
    http_opts.listen = core->host->config->listen;
    http_opts.www_dir = core->host->config->www_dir;
    http_opts.max_body = core->host->config->max_body;
    http_opts.threads = core->host->config->threads;
    http_opts.store = core->host->store;
    core->http = crm__http_start(&http_opts, &error);
    if (!core->http) {
        fprintf(stderr, "crm_test_core_start: %s\n", error.message);
        goto fail;
    }
    core->port = crm__http_port(core->http);
    /* Jobs run as in crmd serve, so a plugin's test can start one through the API. */
    if (crm__jobs_start(core->host, &error) != 0) {
        fprintf(stderr, "crm_test_core_start: %s\n", error.message);
        goto fail;
    }
    crm__test_password_generate(core);
    if (crm__test_bank_create(core) != 0)
        goto fail;
    current = core;
    return core;
fail:
    crm_test_core_stop(core);
    return NULL;
}

void
crm_test_core_stop(crm_test_core_t *core)
{
    if (!core)
        return;
    if (current == core)
        current = NULL;
    crm__http_stop(core->http);
    crm__jobs_stop();
    crm__host_close(core->host);
    crm__test_sessions_free(core);
    if (core->dir[0])
        nftw(core->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    sodium_memzero(core->password, sizeof core->password);
    free(core);
}

int
crm_test_core_port(const crm_test_core_t *core)
{
    return core ? core->port : -1;
}

const char *
crm_test_bank_unit(const crm_test_core_t *core)
{
    return core ? core->bank : NULL;
}
