/* The civetweb server: start listening with one catch-all handler that hands every request
 * to the router, and stop after the requests in flight are answered. */
#include "common/paths-private.h"
#include "http/http-private.h"

#include <crm/log.h>

#include <civetweb.h>

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dlfcn.h>
#include <unistd.h>

/* How long crm__http_stop() waits for requests in flight. */
#define DRAIN_SECONDS 30

static pthread_once_t library_once = PTHREAD_ONCE_INIT;
static bool tls_available;

/* civetweb 1.15 looks up SSL_get_peer_certificate by name, which OpenSSL 3 no longer exports:
 * load the compatibility library (SONAME "libssl.so", see tls-compat/openssl3.c) first, so that
 * civetweb's own dlopen("libssl.so") finds it. Returns false when TLS cannot work. */
static bool
load_openssl_compat(void)
{
    void *ssl = dlopen("libssl.so.3", RTLD_NOW);
    bool needed = ssl && !dlsym(ssl, "SSL_get_peer_certificate");

    if (!needed)
        return true;
    if (!dlopen(crm__path_ssl_compat(), RTLD_NOW | RTLD_GLOBAL)) {
        crm_log(CRM_LOG_WARN, "http.tls_unavailable", "reason=\"%s\"", dlerror());
        return false;
    }
    return true;
}

/* civetweb loads OpenSSL at run time and reports failure (a missing library or symbol) here:
 * starting a TLS port without it would crash at the first connection. */
static void
library_init(void)
{
    bool compat = load_openssl_compat();

    tls_available = mg_init_library(MG_FEATURES_TLS) != 0 && mg_check_feature(MG_FEATURES_TLS) &&
                    compat;
}

/* Appends the file at PATH to OUT. */
static int
append_file(FILE *out, const char *path, crm_error_t *error)
{
    char buf[4096];
    size_t n;
    FILE *in = fopen(path, "r");

    if (!in)
        return crm_error_set(error, CRM_ECONFIG, "http: cannot read %s", path);
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    fputc('\n', out);
    fclose(in);
    return 0;
}

/* civetweb 1.15 reads the key and the certificate from one PEM file: writes both into a new
 * temporary file only this process can read, named in HTTP->tls_pem. */
static int
write_tls_pem(crm__http_t *http, const char *cert, const char *key, crm_error_t *error)
{
    char path[] = "/tmp/crmd-tls-XXXXXX";
    FILE *out = NULL;
    int fd, rc;

    fd = mkstemp(path); /* mode 0600 */
    if (fd < 0)
        return crm_error_set(error, CRM_ECONFIG, "http: cannot create a temporary file for TLS");
    out = fdopen(fd, "w");
    if (!out) {
        close(fd);
        unlink(path);
        return crm_error_set(error, CRM_ECONFIG, "http: cannot write the TLS file");
    }
    rc = append_file(out, key, error);
    if (rc == 0)
        rc = append_file(out, cert, error);
    if (fclose(out) != 0 && rc == 0)
        rc = crm_error_set(error, CRM_ECONFIG, "http: cannot write the TLS file");
    if (rc != 0 || !(http->tls_pem = strdup(path))) {
        unlink(path);
        return rc ? rc : crm_error_set(error, CRM_ENOMEM, "out of memory");
    }
    return 0;
}

static int
handle_request(struct mg_connection *conn, void *data)
{
    return crm__router_dispatch(data, conn);
}

/* civetweb's own messages go to our log. */
static int
log_message(const struct mg_connection *conn, const char *message)
{
    (void)conn;
    crm_log(CRM_LOG_WARN, "http.server", "message=\"%s\"", message);
    return 1;
}

crm__http_t *
crm__http_start(const crm__http_opts_t *opts, crm_error_t *error)
{
    crm__http_t *http = NULL;
    struct mg_callbacks callbacks = {0};
    struct mg_init_data init = {0};
    struct mg_error_data start_error = {0};
    struct mg_server_port ports[4];
    char threads[16], mg_message[256] = "", ports_opt[300];
    unsigned mg_code = 0;
    int n;

    pthread_once(&library_once, library_init);
    if (!opts || !opts->listen || !*opts->listen) {
        crm_error_set(error, CRM_ECONFIG, "http: no listen address");
        return NULL;
    }
    http = calloc(1, sizeof *http);
    if (!http) {
        crm_error_set(error, CRM_ENOMEM, "out of memory");
        return NULL;
    }
    http->max_body = opts->max_body;
    http->store = opts->store;
    if (opts->www_dir && *opts->www_dir) {
        http->www_dir = realpath(opts->www_dir, NULL);
        if (!http->www_dir)
            crm_log(CRM_LOG_WARN, "http.www_missing", "dir=\"%s\"", opts->www_dir);
    }
    if (crm__router_add_builtin(error) != 0)
        goto fail;

    snprintf(threads, sizeof threads, "%d", opts->threads > 0 ? opts->threads : 8);
    http->tls = opts->tls_certificate && opts->tls_key;
    if (http->tls && !tls_available) {
        crm_error_set(error, CRM_ECONFIG,
                      "http: TLS is not available: civetweb could not load OpenSSL (is "
                      "libssl-dev installed? civetweb opens libssl.so and libcrypto.so)");
        goto fail;
    }
    if (http->tls && write_tls_pem(http, opts->tls_certificate, opts->tls_key, error) != 0)
        goto fail;
    /* A trailing 's' makes civetweb speak TLS only on the port. */
    snprintf(ports_opt, sizeof ports_opt, "%s%s", opts->listen, http->tls ? "s" : "");
    const char *options[] = {"listening_ports",
                             ports_opt,
                             "num_threads",
                             threads,
                             "request_timeout_ms",
                             "30000",
                             "enable_keep_alive",
                             "yes",
                             "keep_alive_timeout_ms",
                             "5000",
                             "enable_directory_listing",
                             "no",
                             /* Headers and body leave in separate writes: without this, Nagle's
                              * algorithm and delayed ACKs hold every keep-alive response ~40 ms. */
                             "tcp_nodelay",
                             "1",
                             /* TLS only: the certificate file, TLS 1.2 or later */
                             http->tls ? "ssl_certificate" : NULL,
                             http->tls_pem,
                             "ssl_protocol_version",
                             "4",
                             NULL};
    callbacks.log_message = log_message;
    init.callbacks = &callbacks;
    init.user_data = http;
    init.configuration_options = options;
    start_error.code = &mg_code;
    start_error.text = mg_message;
    start_error.text_buffer_size = sizeof mg_message;
    http->ctx = mg_start2(&init, &start_error);
    if (http->tls_pem) {
        /* civetweb has read the key: the copy goes at once */
        unlink(http->tls_pem);
        free(http->tls_pem);
        http->tls_pem = NULL;
    }
    if (!http->ctx) {
        crm_error_set(error, CRM_ECONFIG, "http: cannot listen on %s: %s", opts->listen,
                      mg_message[0] ? mg_message : "unknown reason");
        goto fail;
    }
    mg_set_request_handler(http->ctx, "/", handle_request, http);
    n = mg_get_server_ports(http->ctx, 4, ports);
    http->port = n > 0 ? ports[0].port : 0;
    return http;
fail:
    crm__http_stop(http);
    return NULL;
}

int
crm__http_port(const crm__http_t *http)
{
    return http ? http->port : 0;
}

void
crm__http_stop(crm__http_t *http)
{
    struct timespec pause = {0, 5 * 1000 * 1000};

    if (!http)
        return;
    if (http->ctx) {
        /* civetweb stops writing once its stop flag is up: let answers finish first. New
         * requests meanwhile get 503. */
        atomic_store(&http->stopping, true);
        for (int i = 0; i < DRAIN_SECONDS * 200 && atomic_load(&http->in_flight) > 0; i++)
            nanosleep(&pause, NULL);
        mg_stop(http->ctx);
    }
    if (http->tls_pem) {
        unlink(http->tls_pem);
        free(http->tls_pem);
    }
    free(http->www_dir);
    free(http);
}
