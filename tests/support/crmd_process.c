/* A real crmd process for end-to-end tests. */
#include "crmd_process.h"
#include "mongodb_drop.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

char *
test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL) {
        size_t got = fread(buf, 1, (size_t)n, f);
        buf[got] = '\0';
        if (len)
            *len = got;
    }
    fclose(f);
    return buf;
}

static const char *
build_dir(void)
{
    const char *d = getenv("CRM_TEST_BUILD_DIR");
    return d ? d : ".";
}

bool
test_crmd_log_contains(const test_crmd_t *c, const char *needle)
{
    char *log = test_read_file(c->log, NULL);
    bool found = log && strstr(log, needle) != NULL;

    free(log);
    return found;
}

int
test_crmd_start(test_crmd_t *c, const char *driver, const char *plugins, const char *extra)
{
    char tmpl[] = "/tmp/crm-e2e-XXXXXX";
    char crmd[512];
    FILE *f;
    pid_t pid;

    memset(c, 0, sizeof *c);
    if (!mkdtemp(tmpl))
        return -1;
    snprintf(c->dir, sizeof c->dir, "%s", tmpl);
    snprintf(c->config, sizeof c->config, "%s/crmd.cfg", c->dir);
    snprintf(c->log, sizeof c->log, "%s/crmd.log", c->dir);
    snprintf(c->driver, sizeof c->driver, "%s", driver);
    if (strcmp(driver, "mongodb") == 0) {
        snprintf(c->location, sizeof c->location, "%s", getenv("CRM_TEST_MONGODB_URI"));
        snprintf(c->database, sizeof c->database, "crm_e2e_%d_%ld", (int)getpid(),
                 (long)time(NULL) % 100000);
    } else {
        snprintf(c->location, sizeof c->location, "%s/crm.db", c->dir);
    }
    f = fopen(c->config, "w");
    if (!f)
        return -1;
    /* Tests that set a server option give the whole group. */
    if (!extra || !strstr(extra, "server ="))
        fprintf(f, "server = { listen = \"127.0.0.1:0\"; max_body = 65536; threads = 8; };\n");
    if (strcmp(driver, "mongodb") == 0)
        fprintf(f, "store = { driver = \"mongodb\"; uri = \"%s\"; database = \"%s\"; };\n",
                c->location, c->database);
    else
        fprintf(f, "store = { driver = \"sqlite\"; path = \"%s\"; };\n", c->location);
    fprintf(f, "plugins = { dir = \"%s/plugins\"; strict = true; enabled = [%s]; };\n",
            build_dir(), plugins ? plugins : "");
    fprintf(f, "log = { level = \"info\"; };\n%s\n", extra ? extra : "");
    /* Tests of other things than authentication run without it unless they configure it. */
    if (!extra || !strstr(extra, "auth ="))
        fprintf(f, "auth = { enabled = false; };\n");
    fclose(f);

    snprintf(crmd, sizeof crmd, "%s/crmd", build_dir());
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        FILE *log = freopen(c->log, "w", stderr);
        (void)log;
        execl(crmd, crmd, "serve", "-c", c->config, (char *)NULL);
        _exit(127);
    }
    c->pid = pid;
    /* Wait for "event=server.started ... port=N" in the log. */
    for (int i = 0; i < 300; i++) {
        char *log = test_read_file(c->log, NULL);
        char *p = log ? strstr(log, "event=server.started") : NULL;
        if (p && (p = strstr(p, " port=")) != NULL) {
            c->port = atoi(p + 6);
            free(log);
            return c->port > 0 ? 0 : -1;
        }
        free(log);
        if (waitpid(pid, NULL, WNOHANG) == pid) {
            c->pid = 0;
            return -1;
        }
        usleep(20000);
    }
    return -1;
}

int
test_crmd_run(const test_crmd_t *c, const char *out_path, const char *const *args)
{
    char crmd[512];
    const char *argv[32];
    int n = 0, status = 0;
    pid_t pid;

    snprintf(crmd, sizeof crmd, "%s/crmd", build_dir());
    argv[n++] = crmd;
    for (int i = 0; args[i] && n < 28; i++)
        argv[n++] = args[i];
    argv[n++] = "-c";
    argv[n++] = c->config;
    argv[n] = NULL;
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        FILE *o = freopen(out_path ? out_path : "/dev/null", "w", stdout);
        (void)o;
        dup2(fileno(stdout), fileno(stderr));
        execv(crmd, (char *const *)argv);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int
test_crmd_stop(test_crmd_t *c)
{
    int status = 0;

    if (c->pid <= 0)
        return -1;
    kill(c->pid, SIGTERM);
    for (int i = 0; i < 500; i++) {
        if (waitpid(c->pid, &status, WNOHANG) == c->pid) {
            c->pid = 0;
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        usleep(20000);
    }
    kill(c->pid, SIGKILL);
    waitpid(c->pid, &status, 0);
    c->pid = 0;
    return -1;
}

void
test_crmd_cleanup(test_crmd_t *c)
{
    char cmd[600];

    if (c->pid > 0)
        test_crmd_stop(c);
    if (strcmp(c->driver, "mongodb") == 0 && c->database[0]) {
        test_mongodb_drop(c->location, c->database);
    }
    if (c->dir[0] && strncmp(c->dir, "/tmp/crm-e2e-", 13) == 0) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", c->dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", c->dir);
    }
}

int
test_crmd_teardown(void **state)
{
    test_crmd_t *c = *state;
    int status;

    if (!c)
        return 0;
    status = test_crmd_stop(c);
    test_crmd_cleanup(c);
    free(c);
    return status == 0 ? 0 : -1;
}
