/* The client profile's settings and registrations: data completeness, segments, lifecycle
 * phases, their jobs, the reports and the gaps list; and the helpers that read the
 * configuration with messages naming the file and line of a bad setting. */
#include "clients-private.h"
#include "profile-private.h"

#include <crm/http.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

clients_profile_t clients_profile;

/* Sets ERROR to "FILE:LINE: clients.NAME <FMT ...>". */
static int fail_at(const char *file, int line, const char *name, crm_error_t *error,
                   const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

static int
fail_at(const char *file, int line, const char *name, crm_error_t *error, const char *fmt,
        va_list ap)
{
    char what[256];

    vsnprintf(what, sizeof what, fmt, ap);
    return crm_error_set(error, CRM_ECONFIG, "%s:%d: clients.%s %s", file, line, name, what);
}

int
clients_config_fail(const crm_config_t *cfg, const char *path, const char *name, crm_error_t *error,
                    const char *fmt, ...)
{
    const char *file = "the configuration";
    int line = 0, rc;
    va_list ap;

    crm_config_where(cfg, path, &file, &line);
    va_start(ap, fmt);
    rc = fail_at(file, line, name, error, fmt, ap);
    va_end(ap);
    return rc;
}

static int fail_here(const char *file, int line, const char *name, crm_error_t *error,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int
fail_here(const char *file, int line, const char *name, crm_error_t *error, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = fail_at(file, line, name, error, fmt, ap);
    va_end(ap);
    return rc;
}

/* True when the settings at paths A of CFG_A and B of CFG_B were written at one place. */
static bool
same_place(const crm_config_t *cfg, const char *a, const char *b)
{
    const char *fa = NULL, *fb = NULL;
    int la = 0, lb = 0;

    return crm_config_where(cfg, a, &fa, &la) && crm_config_where(cfg, b, &fb, &lb) && la == lb &&
           strcmp(fa, fb) == 0;
}

/* <crm/config.h> reads settings by name only and cannot name the members of a group; libconfig
 * paths can reach them by position ("[2]"), with the place each was written. A member is
 * unknown when a place holds more members than known names. */
int
clients_config_known(const crm_config_t *cfg, const char *path, const char *name,
                     const char *const *known, crm_error_t *error)
{
    const crm_config_t *group = path ? crm_config_group(cfg, path) : cfg;
    char member[32], other[32], names[256] = "";
    const char *file = "the configuration";
    int line = 0;

    if (!group)
        return 0;
    for (size_t i = 0;; i++) {
        size_t members = 0, named = 0;

        snprintf(member, sizeof member, "[%zu]", i);
        if (!crm_config_has(group, member))
            return 0;
        for (size_t j = 0;; j++) {
            snprintf(other, sizeof other, "[%zu]", j);
            if (!crm_config_has(group, other))
                break;
            members += same_place(group, member, other);
        }
        for (const char *const *k = known; *k; k++)
            named += crm_config_has(group, *k) && same_place(group, member, *k);
        if (members > named)
            break;
    }
    for (const char *const *k = known; *k; k++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                 k == known ? "" : ", ", *k);
    crm_config_where(group, member, &file, &line);
    return fail_here(file, line, name, error, "has a setting that is none of: %s", names);
}

const char *const *
clients_enum_values(const crm_entity_def_t *def, const char *field)
{
    for (const crm_field_t *f = def->fields; f->name; f++)
        if (strcmp(f->name, field) == 0)
            return f->enum_values;
    return NULL;
}

int
clients_enum_index(const char *const *values, const char *value)
{
    for (int i = 0; values && value && values[i]; i++)
        if (strcmp(values[i], value) == 0)
            return i;
    return -1;
}

/* Whoever may read clients may ask which important clients lack data, within their scope. */
static const crm_route_t gaps_route = {
    sizeof(crm_route_t), "GET", "/api/v1/clients/gaps", "client.read", clients_route_gaps, NULL};

int
clients_profile_register(crm_plugin_t *plugin, crm_error_t *error)
{
    const crm_config_t *cfg = crm_plugin_config(plugin);
    int rc;

    memset(&clients_profile, 0, sizeof clients_profile);
    rc = clients_completeness_configure(cfg, error);
    if (rc == 0)
        rc = clients_segments_configure(cfg, error);
    if (rc == 0)
        rc = clients_lifecycle_configure(cfg, error);
    if (rc == 0)
        rc = crm_job_register(plugin, &clients_segmentation_job, error);
    if (rc == 0)
        rc = crm_job_register(plugin, &clients_lifecycle_job, error);
    if (rc == 0)
        rc = clients_reports_register(plugin, error);
    if (rc == 0)
        rc = crm_route_add(plugin, &gaps_route, error);
    return rc;
}
