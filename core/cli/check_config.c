/* crmd check-config [FILE]: reports every problem of a configuration file, including those of
 * the enabled plugins' files and groups, without running any plugin. Prints one
 * `FILE:LINE: message` per problem and exits 1, or `FILE: OK (N plugins)` and exits 0. */
#include "cli/cli-private.h"
#include "config/config-private.h"
#include "plugin/loader-private.h"

#include <libconfig.h>

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A plugin file read for checking. */
typedef struct peeked {
    char path[PATH_MAX];
    void *dl;
    const crm_plugin_desc_t *desc;
} peeked_t;

/* Where plugins.enabled was written, to place problems of plugin files. */
static int
enabled_line(const crm__config_t *cfg, const char **file)
{
    const crm_config_t *root = (const crm_config_t *)config_root_setting((config_t *)cfg->lc);
    int line = 0;

    *file = cfg->path;
    crm_config_where(root, "plugins.enabled", file, &line);
    return line;
}

/* Peeks each enabled plugin and checks names, requirements and config groups. */
static void
check_plugins(const crm__config_t *cfg, peeked_t *p, crm__config_problems_t *problems)
{
    const char *file = NULL;
    int line = enabled_line(cfg, &file);

    for (size_t i = 0; i < cfg->n_enabled; i++) {
        crm_error_t error = {0};

        crm__plugin_resolve(cfg, cfg->enabled[i], p[i].path, sizeof p[i].path);
        if (crm__plugin_peek(p[i].path, &p[i].dl, &p[i].desc, &error) != 0) {
            crm__config_problem_add(problems, file, line, "%s", error.message);
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            if (p[j].desc && strcmp(p[j].desc->name, p[i].desc->name) == 0) {
                crm__config_problem_add(problems, file, line,
                                        "%s: plugin '%s' is already loaded from %s", p[i].path,
                                        p[i].desc->name, p[j].path);
                p[i].desc = NULL; /* the first one's group and requirements are checked */
                break;
            }
        }
    }
    for (size_t i = 0; i < cfg->n_enabled; i++) {
        if (!p[i].desc)
            continue;
        for (const char *const *req = p[i].desc->requires; req && *req; req++) {
            bool found = false;

            for (size_t j = 0; j < cfg->n_enabled && !found; j++)
                found = (p[j].desc && strcmp(p[j].desc->name, *req) == 0) ||
                        strcmp(cfg->enabled[j], *req) == 0;
            if (!found)
                crm__config_problem_add(problems, file, line,
                                        "%s: requires '%s', which is not enabled", p[i].path, *req);
        }
        crm__config_check_keys(cfg, p[i].desc->name, p[i].desc->config_keys, problems);
    }
}

int
crm__cli_check_config(int argc, char **argv)
{
    const char *path = crm__cli_config_path(&argc, &argv);
    crm__config_problems_t problems = {0};
    crm__config_t *cfg = NULL;
    peeked_t *peeked = NULL;
    int rc = 1;

    if (argc > 2) {
        fprintf(stderr, "usage: crmd check-config [FILE]\n");
        rc = 2;
        goto done;
    }
    if (argc == 2)
        path = argv[1];
    cfg = crm__config_read(path, &problems);
    if (cfg) {
        peeked = calloc(cfg->n_enabled + 1, sizeof *peeked);
        if (!peeked) {
            fprintf(stderr, "crmd: out of memory\n");
            goto done;
        }
        check_plugins(cfg, peeked, &problems);
    }
    for (size_t i = 0; i < problems.n; i++) {
        if (problems.items[i].line > 0)
            printf("%s:%d: %s\n", problems.items[i].file, problems.items[i].line,
                   problems.items[i].message);
        else
            printf("%s: %s\n", problems.items[i].file, problems.items[i].message);
    }
    if (problems.n == 0) {
        printf("%s: OK (%zu plugin%s)\n", path, cfg->n_enabled, cfg->n_enabled == 1 ? "" : "s");
        rc = 0;
    }
done:
    for (size_t i = 0; peeked && i < cfg->n_enabled; i++)
        if (peeked[i].dl)
            dlclose(peeked[i].dl);
    free(peeked);
    crm__config_free(cfg);
    crm__config_problems_free(&problems);
    return rc;
}
