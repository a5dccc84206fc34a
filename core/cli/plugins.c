/* crmd plugins [-c FILE]: opens the host and lists each loaded plugin with what it
 * registered. */
#include "cli/cli-private.h"
#include "host/host-private.h"

#include <stdio.h>

/* Prints one registration line. */
static void
print_registration(const char *kind, const char *what, void *data)
{
    (void)data;
    printf("    %-10s %s\n", kind, what);
}

int
crm__cli_plugins(int argc, char **argv)
{
    const char *path = crm__cli_config_path(&argc, &argv);
    crm_error_t error = {0};
    crm__host_t *host = NULL;
    crm_plugin_t *const *plugins;
    size_t n = 0;
    int rc = 1;

    if (argc > 1) {
        fprintf(stderr, "usage: crmd plugins [-c FILE]\n");
        rc = 2;
        goto done;
    }
    host = crm__host_open(path, &error);
    if (!host) {
        fprintf(stderr, "crmd: %s\n", error.message);
        goto done;
    }
    plugins = crm__plugins_list(host, &n);
    for (size_t i = 0; i < n; i++) {
        const crm_plugin_desc_t *d = plugins[i]->desc;

        printf("%s %s\n", d->name, d->version ? d->version : "-");
        printf("  file:    %s\n", plugins[i]->path);
        printf("  summary: %s\n", d->summary ? d->summary : "");
        if (!plugins[i]->registrations)
            printf("  registers nothing\n");
        else
            printf("  registers:\n");
        crm__plugin_foreach_registration(plugins[i], print_registration, NULL);
    }
    if (n == 0)
        printf("no plugins loaded\n");
    rc = 0;
done:
    crm__host_close(host);
    return rc;
}
