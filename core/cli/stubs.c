/* Placeholder subcommands. */
#include "cli/cli-private.h"
#include <stdio.h>
int crm__cli_import(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "not built\n"); return 2; }
int crm__cli_seed_demo(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "not built\n"); return 2; }
