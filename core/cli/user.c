/* crmd user: add a user, set a password, lock or unlock, from the command line. Passwords come
 * from the terminal without echo (asked twice) or, when stdin is not a terminal, from its
 * first line; never from argv. Every change is audited with the system identity. */
#include "cli/cli-private.h"

#include "auth/password-private.h"
#include "auth/users-private.h"
#include "host/host-private.h"

#include <sodium.h>

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define MAX_ROLES 32

static void
usage(void)
{
    fprintf(stderr, "usage: crmd user add USERNAME [--name N] [--email E] [--unit ID] "
                    "[--role R]... [-c FILE]\n"
                    "       crmd user passwd USERNAME [-c FILE]\n"
                    "       crmd user lock|unlock USERNAME [-c FILE]\n");
}

/* Reads one line from the terminal with echo off after PROMPT. */
static bool
read_hidden(const char *prompt, char *out, size_t size)
{
    struct termios old, quiet;
    bool ok;

    fprintf(stderr, "%s", prompt);
    fflush(stderr);
    if (tcgetattr(STDIN_FILENO, &old) != 0)
        return false;
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    ok = fgets(out, (int)size, stdin) != NULL;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fprintf(stderr, "\n");
    if (ok)
        out[strcspn(out, "\r\n")] = '\0';
    return ok;
}

/* The new password into OUT: prompted twice on a terminal, else stdin's first line. */
static bool
read_password(char *out, size_t size)
{
    char again[CRM__PASSWORD_MAX + 2];
    bool ok;

    if (!isatty(STDIN_FILENO)) {
        if (!fgets(out, (int)size, stdin))
            return false;
        out[strcspn(out, "\r\n")] = '\0';
        return true;
    }
    if (!read_hidden("New password: ", out, size) ||
        !read_hidden("Repeat it: ", again, sizeof again))
        return false;
    ok = strcmp(out, again) == 0;
    sodium_memzero(again, sizeof again);
    if (!ok)
        fprintf(stderr, "crmd: the passwords differ\n");
    return ok;
}

static void
print_error(const crm_error_t *error)
{
    fprintf(stderr, "crmd: %s\n", error->message);
    for (int i = 0; i < error->n_fields && i < CRM_ERROR_MAX_FIELDS; i++)
        fprintf(stderr, "  %s: %s\n", error->fields[i].field, error->fields[i].message);
}

int
crm__cli_user(int argc, char **argv)
{
    const char *config_path = crm__cli_config_path(&argc, &argv);
    crm__user_input_t in = {0};
    const char *roles[MAX_ROLES];
    crm_error_t error = {0};
    crm__host_t *host = NULL;
    char password[CRM__PASSWORD_MAX + 2] = "";
    const char *command, *username;
    bson_t user;
    bool have_user = false;
    bson_iter_t it;
    bson_oid_t oid;
    int rc = 2;

    if (argc < 3) {
        usage();
        return 2;
    }
    command = argv[1];
    username = argv[2];
    in.username = username;
    in.roles = roles;
    for (int i = 3; i < argc; i++) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!value || strcmp(command, "add") != 0) {
            usage();
            return 2;
        }
        if (strcmp(argv[i], "--name") == 0)
            in.display_name = value;
        else if (strcmp(argv[i], "--email") == 0)
            in.email = value;
        else if (strcmp(argv[i], "--unit") == 0)
            in.org_unit = value;
        else if (strcmp(argv[i], "--role") == 0 && in.n_roles < MAX_ROLES)
            roles[in.n_roles++] = value;
        else {
            usage();
            return 2;
        }
        i++;
    }
    if (strcmp(command, "add") != 0 && strcmp(command, "passwd") != 0 &&
        strcmp(command, "lock") != 0 && strcmp(command, "unlock") != 0) {
        usage();
        return 2;
    }
    rc = 1;
    host = crm__host_open(config_path, &error);
    if (!host) {
        print_error(&error);
        goto done;
    }
    if (strcmp(command, "add") == 0) {
        if (!read_password(password, sizeof password)) {
            fprintf(stderr, "crmd: no password given\n");
            goto done;
        }
        if (crm__user_create(host->store, crm_identity_system(), &in, password, &oid, &error) !=
            0) {
            print_error(&error);
            goto done;
        }
        printf("user %s created\n", username);
        rc = 0;
        goto done;
    }
    if (crm__user_find_by_name(host->store, username, &user, &error) != 0) {
        fprintf(stderr, "crmd: no user named %s\n", username);
        goto done;
    }
    have_user = true;
    bson_iter_init_find(&it, &user, "_id");
    bson_oid_copy(bson_iter_oid(&it), &oid);
    if (strcmp(command, "passwd") == 0) {
        if (!read_password(password, sizeof password)) {
            fprintf(stderr, "crmd: no password given\n");
            goto done;
        }
        rc = crm__user_set_password(host->store, crm_identity_system(), &oid, username, password,
                                    "password_reset", NULL, &error);
    } else {
        rc = crm__user_set_locked(host->store, crm_identity_system(), &oid,
                                  strcmp(command, "lock") == 0, &error);
    }
    if (rc != 0) {
        print_error(&error);
        rc = 1;
        goto done;
    }
    printf("user %s: %s done\n", username, command);
done:
    sodium_memzero(password, sizeof password);
    if (have_user)
        bson_destroy(&user);
    crm__host_close(host);
    return rc;
}
