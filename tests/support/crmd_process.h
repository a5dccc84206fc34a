/* Runs a real crmd for end-to-end tests: a temporary directory with its own configuration and
 * store, an ephemeral port, its log captured to a file. */
#ifndef TEST_CRMD_PROCESS_H
#define TEST_CRMD_PROCESS_H

#include <stdbool.h>
#include <sys/types.h>

typedef struct test_crmd {
    pid_t pid;
    int port;
    char dir[256];      /* the temporary directory */
    char config[300];   /* its crmd.cfg */
    char log[300];      /* crmd's stderr */
    char driver[16];    /* "sqlite" or "mongodb" */
    char location[512]; /* the store file or URI */
    char database[64];  /* mongodb database */
} test_crmd_t;

/* Writes a configuration for DRIVER enabling PLUGINS (a libconfig list body such as
 * "\"example\"") with EXTRA appended (may be NULL), and starts crmd serve. Authentication is
 * disabled unless EXTRA has an "auth = {...}" group. Waits until it listens. Returns 0 or -1. */
int test_crmd_start(test_crmd_t *c, const char *driver, const char *plugins, const char *extra);

/* Runs `crmd ARGS...` (NULL-terminated) against C's configuration, waits, returns the exit
 * status; its stdout and stderr go to OUT_PATH (may be NULL: discarded). */
int test_crmd_run(const test_crmd_t *c, const char *out_path, const char *const *args);

/* Sends SIGTERM and waits; returns crmd's exit status (or -1). */
int test_crmd_stop(test_crmd_t *c);

/* A cmocka group teardown for a state that is a malloc'd struct whose first member is a
 * test_crmd_t: checks that crmd stops cleanly, removes its directory, frees the state. */
int test_crmd_teardown(void **state);

/* Removes the temporary directory (and drops the mongodb database). */
void test_crmd_cleanup(test_crmd_t *c);

/* True when crmd's log contains NEEDLE. */
bool test_crmd_log_contains(const test_crmd_t *c, const char *needle);

/* Reads a whole file into a new NUL-terminated buffer (free it). NULL on failure. */
char *test_read_file(const char *path, size_t *len);

#endif
