/* The public crm_config_* accessors. A crm_config_t is a libconfig group
 * (config_setting_t); paths are libconfig paths relative to it. */
#include <crm/config.h>

#include <libconfig.h>

#include <limits.h>
#include <stddef.h>

/* The setting at PATH under CFG (CFG itself for a NULL or empty path), or NULL. */
static const config_setting_t *
lookup(const crm_config_t *cfg, const char *path)
{
    config_setting_t *s = (config_setting_t *)cfg;

    if (!s)
        return NULL;
    if (!path || !*path)
        return s;
    return config_setting_lookup(s, path);
}

/* The list or array at PATH, or NULL. */
static const config_setting_t *
lookup_list(const crm_config_t *cfg, const char *path)
{
    const config_setting_t *s = lookup(cfg, path);

    if (!s ||
        (config_setting_type(s) != CONFIG_TYPE_LIST && config_setting_type(s) != CONFIG_TYPE_ARRAY))
        return NULL;
    return s;
}

const char *
crm_config_string(const crm_config_t *cfg, const char *path, const char *def)
{
    const config_setting_t *s = lookup(cfg, path);

    if (!s || config_setting_type(s) != CONFIG_TYPE_STRING)
        return def;
    return config_setting_get_string(s);
}

int64_t
crm_config_int(const crm_config_t *cfg, const char *path, int64_t def)
{
    const config_setting_t *s = lookup(cfg, path);

    if (!s)
        return def;
    if (config_setting_type(s) == CONFIG_TYPE_INT)
        return config_setting_get_int(s);
    if (config_setting_type(s) == CONFIG_TYPE_INT64)
        return config_setting_get_int64(s);
    return def;
}

double
crm_config_double(const crm_config_t *cfg, const char *path, double def)
{
    const config_setting_t *s = lookup(cfg, path);

    if (!s)
        return def;
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_FLOAT:
        return config_setting_get_float(s);
    case CONFIG_TYPE_INT:
        return (double)config_setting_get_int(s);
    case CONFIG_TYPE_INT64:
        return (double)config_setting_get_int64(s);
    default:
        return def;
    }
}

bool
crm_config_bool(const crm_config_t *cfg, const char *path, bool def)
{
    const config_setting_t *s = lookup(cfg, path);

    if (!s || config_setting_type(s) != CONFIG_TYPE_BOOL)
        return def;
    return config_setting_get_bool(s) != 0;
}

bool
crm_config_has(const crm_config_t *cfg, const char *path)
{
    return path && *path && lookup(cfg, path) != NULL;
}

size_t
crm_config_count(const crm_config_t *cfg, const char *path)
{
    const config_setting_t *s = lookup_list(cfg, path);

    return s ? (size_t)config_setting_length(s) : 0;
}

const char *
crm_config_string_at(const crm_config_t *cfg, const char *path, size_t index)
{
    const config_setting_t *s = lookup_list(cfg, path);
    const config_setting_t *e;

    if (!s || index >= (size_t)config_setting_length(s))
        return NULL;
    e = config_setting_get_elem(s, (unsigned)index);
    if (!e || config_setting_type(e) != CONFIG_TYPE_STRING)
        return NULL;
    return config_setting_get_string(e);
}

const crm_config_t *
crm_config_group(const crm_config_t *cfg, const char *path)
{
    const config_setting_t *s = lookup(cfg, path);

    if (!s || config_setting_type(s) != CONFIG_TYPE_GROUP)
        return NULL;
    return (const crm_config_t *)s;
}

const crm_config_t *
crm_config_group_at(const crm_config_t *cfg, const char *path, size_t index)
{
    const config_setting_t *s = lookup_list(cfg, path);
    const config_setting_t *e;

    if (!s || index >= (size_t)config_setting_length(s))
        return NULL;
    e = config_setting_get_elem(s, (unsigned)index);
    if (!e || config_setting_type(e) != CONFIG_TYPE_GROUP)
        return NULL;
    return (const crm_config_t *)e;
}

bool
crm_config_where(const crm_config_t *cfg, const char *path, const char **file, int *line)
{
    const config_setting_t *s = lookup(cfg, path);

    if (!s || !config_setting_source_file(s) || config_setting_source_line(s) == 0)
        return false;
    if (file)
        *file = config_setting_source_file(s);
    if (line)
        *line = (int)config_setting_source_line(s);
    return true;
}
