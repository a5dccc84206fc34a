/* crmd: the daemon and its administrative subcommands. */
#include "cli/cli-private.h"

#include <crm/daemon.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
} commands[] = {
    {"serve", crm__cli_serve, "serve [-c FILE]            run the server (default)"},
    {"check-config", crm__cli_check_config,
     "check-config [FILE]        report every problem of a configuration file"},
    {"plugins", crm__cli_plugins, "plugins [-c FILE]          list the plugins and what each registers"},
    {"import", crm__cli_import,
     "import [-c FILE] ENTITY FILE  import CSV or NDJSON records (upsert by external key)"},
    {"user", crm__cli_user,
     "user add|passwd|lock|unlock USERNAME [...]  manage users (see `crmd user`)"},
    {"new-plugin", crm__cli_new_plugin,
     "new-plugin NAME [DIR]      write a new plugin project from the SDK template"},
    {"seed-demo", crm__cli_seed_demo, "seed-demo [-c FILE]        fill an empty store with demo data"},
};

const char *
crm__cli_config_path(int *argc, char ***argv)
{
    const char *path = getenv("CRMD_CONFIG");
    int out = 1;

    for (int i = 1; i < *argc; i++) {
        if ((strcmp((*argv)[i], "-c") == 0 || strcmp((*argv)[i], "--config") == 0) &&
            i + 1 < *argc) {
            path = (*argv)[++i];
            continue;
        }
        (*argv)[out++] = (*argv)[i];
    }
    *argc = out;
    (*argv)[out] = NULL;
    return path && *path ? path : "conf/crmd.cfg";
}

static void
usage(FILE *f)
{
    fprintf(f, "usage: crmd COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %s\n", commands[i].usage);
}

int
crm_daemon_main(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
            usage(stdout);
            return 0;
        }
        return crm__cli_serve(argc, argv);
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "crmd: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
