/* crmd's subcommands, one file each. Each returns the process exit status. */
#ifndef CRM_CLI_PRIVATE_H
#define CRM_CLI_PRIVATE_H

/* The configuration file: -c FILE / --config FILE, else $CRMD_CONFIG, else conf/crmd.cfg. */
const char *crm__cli_config_path(int *argc, char ***argv);

int crm__cli_serve(int argc, char **argv);
int crm__cli_check_config(int argc, char **argv);
int crm__cli_plugins(int argc, char **argv);
int crm__cli_import(int argc, char **argv);
int crm__cli_seed_demo(int argc, char **argv);
int crm__cli_new_plugin(int argc, char **argv);
int crm__cli_user(int argc, char **argv);

#endif
