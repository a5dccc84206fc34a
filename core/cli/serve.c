/* crmd serve: open the host, serve HTTP until SIGTERM/SIGINT, then shut down cleanly. */
#include "cli/cli-private.h"
#include "host/host-private.h"
#include "http/server-private.h"
#include "job/job-private.h"

#include <crm/log.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

int
crm__cli_serve(int argc, char **argv)
{
    const char *config_path = crm__cli_config_path(&argc, &argv);
    crm_error_t error = {0};
    crm__host_t *host = NULL;
    crm__http_t *http = NULL;
    crm__http_opts_t opts = {0};
    sigset_t set;
    int sig = 0, rc = 1;

    /* Block the stop signals in every thread; this one waits for them. */
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    host = crm__host_open(config_path, &error);
    if (!host) {
        fprintf(stderr, "crmd: %s\n", error.message);
        goto done;
    }
    opts.listen = host->config->listen;
    opts.www_dir = host->config->www_dir;
    opts.max_body = host->config->max_body;
    opts.threads = host->config->threads;
    opts.store = host->store;
    opts.tls_certificate = host->config->tls_certificate;
    opts.tls_key = host->config->tls_key;
    http = crm__http_start(&opts, &error);
    if (!http) {
        fprintf(stderr, "crmd: %s\n", error.message);
        goto done;
    }
    if (crm__jobs_start(host, &error) != 0) {
        fprintf(stderr, "crmd: %s\n", error.message);
        goto done;
    }
    {
        /* The address as configured, with the port actually bound (the configuration may say 0). */
        const char *listen = host->config->listen, *colon = strrchr(listen, ':');
        int host_len = colon ? (int)(colon - listen) : (int)strlen(listen);
        const char *scheme = host->config->tls_certificate ? "https" : "http";

        crm_log(CRM_LOG_INFO, "server.started", "url=%s://%.*s:%d port=%d store=%s", scheme,
                host_len, listen, crm__http_port(http), crm__http_port(http),
                crm_store_driver(host->store));
        fprintf(stderr,
                "\ncrmd is serving on %s://%.*s:%d/ (API under /api/v1/, health at /healthz).\n"
                "%s Stop with Ctrl-C.\n\n",
                scheme, host_len, listen, crm__http_port(http),
                host->config->auth_enabled
                    ? "Log in as a demo user (see `crmd seed-demo`) or one made with\n"
                      "`crmd user add NAME --role ROLE`."
                    : "Authentication is disabled (auth.enabled = false): every request runs as\n"
                      "the built-in system identity, so keep it on the loopback interface.");
    }
    sigwait(&set, &sig);
    crm_log(CRM_LOG_INFO, "server.stopping", "signal=%d", sig);
    rc = 0;
done:
    crm__http_stop(http);
    crm__jobs_stop();
    crm__host_close(host);
    if (rc == 0)
        crm_log(CRM_LOG_INFO, "server.stopped", NULL);
    return rc;
}
