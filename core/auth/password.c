/* The password policy, argon2id hashing (libsodium crypto_pwhash_str) and the list of common
 * passwords shipped in conf/. Nothing here logs a password. */
#include "auth/password-private.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char **common;
static size_t n_common;
static char dummy_hash[crypto_pwhash_STRBYTES];

static int
compare_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
lowercase(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

int
crm__password_load_common(const char *path, crm_error_t *error)
{
    FILE *f = NULL;
    char line[1100];
    char **list = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;

    f = fopen(path, "r");
    if (!f) {
        rc = crm_error_set(error, CRM_ECONFIG, "auth.common_passwords: cannot read %s", path);
        goto done;
    }
    while (fgets(line, sizeof line, f)) {
        size_t len = strcspn(line, "\r\n");
        line[len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        if (n == cap) {
            char **grown = realloc(list, (cap = cap ? cap * 2 : 256) * sizeof *grown);
            if (!grown) {
                rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
                goto done;
            }
            list = grown;
        }
        lowercase(line);
        if (!(list[n] = strdup(line))) {
            rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
            goto done;
        }
        n++;
    }
    qsort(list, n, sizeof *list, compare_str);
    crm__password_free_common();
    common = list;
    n_common = n;
    list = NULL;
    n = 0;
done:
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
    if (f)
        fclose(f);
    return rc;
}

void
crm__password_free_common(void)
{
    for (size_t i = 0; i < n_common; i++)
        free(common[i]);
    free(common);
    common = NULL;
    n_common = 0;
}

/* The number of UTF-8 characters of S, or -1 when S is not valid UTF-8. */
static long
utf8_length(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    long n = 0;

    while (*p) {
        unsigned c = *p;
        int extra = c < 0x80             ? 0
                    : (c & 0xE0) == 0xC0 ? 1
                    : (c & 0xF0) == 0xE0 ? 2
                    : (c & 0xF8) == 0xF0 ? 3
                                         : -1;
        unsigned cp;
        if (extra < 0 || (extra == 1 && c < 0xC2) || c > 0xF4)
            return -1;
        cp = extra ? c & (0x3F >> extra) : c;
        for (int i = 1; i <= extra; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return -1;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return -1;
        p += extra + 1;
        n++;
    }
    return n;
}

static bool
is_common(const char *password)
{
    char *lower = strdup(password);
    bool found;

    if (!lower)
        return false;
    lowercase(lower);
    found = bsearch(&lower, common, n_common, sizeof *common, compare_str) != NULL;
    free(lower);
    return found;
}

/* Case-insensitive strstr for ASCII user names. */
static bool
contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    if (n == 0)
        return false;
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return false;
}

int
crm__password_check(const char *username, const char *password, int64_t min_length,
                    crm_error_t *error)
{
    long chars;

    if (!password || !*password)
        return crm_error_add_field(error, "password", "is required");
    if (strlen(password) > CRM__PASSWORD_MAX)
        return crm_error_add_field(error, "password", "must be at most %d bytes",
                                   CRM__PASSWORD_MAX);
    chars = utf8_length(password);
    if (chars < 0)
        return crm_error_add_field(error, "password", "must be valid UTF-8");
    if (chars < min_length)
        return crm_error_add_field(error, "password", "must be at least %lld characters long",
                                   (long long)min_length);
    if (username && *username && contains_nocase(password, username))
        return crm_error_add_field(error, "password", "must not contain the user name");
    if (is_common(password))
        return crm_error_add_field(error, "password",
                                   "is too common: it appears in lists of passwords attackers "
                                   "try first; choose another");
    return 0;
}

int
crm__password_hash(const char *password, int64_t opslimit, int64_t memlimit_kb,
                   char out[crypto_pwhash_STRBYTES], crm_error_t *error)
{
    if (crypto_pwhash_str_alg(out, password, strlen(password), (unsigned long long)opslimit,
                              (size_t)memlimit_kb * 1024, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return crm_error_set(error, CRM_ENOMEM, "password hashing ran out of memory");
    return 0;
}

bool
crm__password_verify(const char *hash, const char *password)
{
    size_t len = strlen(password);

    if (len > CRM__PASSWORD_MAX)
        hash = NULL; /* never accepted: same work, same answer */
    if (!hash || !*hash) {
        if (len > CRM__PASSWORD_MAX)
            len = CRM__PASSWORD_MAX;
        if (dummy_hash[0] && crypto_pwhash_str_verify(dummy_hash, password, len) == 0)
            return false; /* a random password nobody knows; the work is what counts */
        return false;
    }
    return crypto_pwhash_str_verify(hash, password, len) == 0;
}

bool
crm__password_needs_rehash(const char *hash, int64_t opslimit, int64_t memlimit_kb)
{
    return crypto_pwhash_str_needs_rehash(hash, (unsigned long long)opslimit,
                                          (size_t)memlimit_kb * 1024) != 0;
}

int
crm__password_init_dummy(int64_t opslimit, int64_t memlimit_kb, crm_error_t *error)
{
    unsigned char random[24];
    char text[sizeof random * 2 + 1];

    randombytes_buf(random, sizeof random);
    sodium_bin2hex(text, sizeof text, random, sizeof random);
    return crm__password_hash(text, opslimit, memlimit_kb, dummy_hash, error);
}
