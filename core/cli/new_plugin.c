/* crmd new-plugin NAME [DIR]: writes a new out-of-tree plugin project from the SDK template,
 * with the name filled in (file names and contents: "myplugin" becomes NAME). */
#include "cli/cli-private.h"
#include "common/paths-private.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PLACEHOLDER "myplugin"

static bool
valid_name(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > 48 || !(s[0] >= 'a' && s[0] <= 'z'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

/* Writes IN's text to OUT with every PLACEHOLDER replaced by NAME. */
static int
copy_file(const char *in, const char *out, const char *name)
{
    FILE *src = fopen(in, "rb"), *dst = NULL;
    char *text = NULL;
    long len;
    int rc = -1;

    if (!src || fseek(src, 0, SEEK_END) != 0 || (len = ftell(src)) < 0 ||
        fseek(src, 0, SEEK_SET) != 0 || !(text = malloc((size_t)len + 1)) ||
        fread(text, 1, (size_t)len, src) != (size_t)len)
        goto done;
    text[len] = '\0';
    if (!(dst = fopen(out, "wx")))
        goto done;
    for (const char *p = text, *hit; *p; p = hit + strlen(PLACEHOLDER)) {
        hit = strstr(p, PLACEHOLDER);
        if (!hit) {
            fputs(p, dst);
            break;
        }
        fwrite(p, 1, (size_t)(hit - p), dst);
        fputs(name, dst);
    }
    rc = ferror(dst) ? -1 : 0;
done:
    if (rc != 0)
        fprintf(stderr, "crmd new-plugin: %s: %s\n", dst ? out : in, strerror(errno ? errno : EIO));
    if (dst && fclose(dst) != 0)
        rc = -1;
    if (src)
        fclose(src);
    free(text);
    return rc;
}

/* Copies the template folder FROM into TO (created), renaming files. */
static int
copy_tree(const char *from, const char *to, const char *name)
{
    DIR *d = opendir(from);
    struct dirent *e;
    int rc = 0;

    if (!d || (mkdir(to, 0755) != 0 && errno != EEXIST)) {
        fprintf(stderr, "crmd new-plugin: %s: %s\n", d ? to : from, strerror(errno));
        if (d)
            closedir(d);
        return -1;
    }
    while (rc == 0 && (e = readdir(d))) {
        char in[PATH_MAX], out[PATH_MAX], renamed[NAME_MAX + 64];
        const char *hit = strstr(e->d_name, PLACEHOLDER);
        struct stat st;

        if (e->d_name[0] == '.')
            continue;
        if (hit)
            snprintf(renamed, sizeof renamed, "%.*s%s%s", (int)(hit - e->d_name), e->d_name, name,
                     hit + strlen(PLACEHOLDER));
        else
            snprintf(renamed, sizeof renamed, "%s", e->d_name);
        snprintf(in, sizeof in, "%s/%s", from, e->d_name);
        snprintf(out, sizeof out, "%s/%s", to, renamed);
        if (stat(in, &st) != 0)
            rc = -1;
        else if (S_ISDIR(st.st_mode))
            rc = copy_tree(in, out, name);
        else
            rc = copy_file(in, out, name);
    }
    closedir(d);
    return rc;
}

int
crm__cli_new_plugin(int argc, char **argv)
{
    const char *name, *dir;
    struct stat st;

    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: crmd new-plugin NAME [DIR]\n");
        return 2;
    }
    name = argv[1];
    dir = argc == 3 ? argv[2] : name;
    if (!valid_name(name)) {
        fprintf(stderr, "crmd new-plugin: '%s' is not a plugin name: use [a-z][a-z0-9_]*, at "
                        "most 48 characters\n",
                name);
        return 2;
    }
    if (stat(dir, &st) == 0) {
        fprintf(stderr, "crmd new-plugin: %s exists already; choose another folder\n", dir);
        return 1;
    }
    if (copy_tree(crm__path_sdk_template(), dir, name) != 0)
        return 1;
    printf("%s: a new plugin '%s'. Build and test it:\n"
           "  cmake -S %s -B %s/build && cmake --build %s/build && ctest --test-dir %s/build\n",
           dir, name, dir, dir, dir, dir);
    return 0;
}
