/* Static files of the web UI from the www folder, and of the few system JavaScript libraries it
 * uses (Debian's packages, mounted read-only under /vendor/): content types, index.html for "/",
 * no way out of a folder (realpath must stay under it), ETag revalidation and cache headers.
 *
 * Versioned assets: /_v/<version>/<path> serves <path>. When <version> is the current asset
 * version (a hash of the names, sizes and modification times of every file served), the
 * response may be cached for a year ("immutable"); any other version is served uncached. The
 * root index.html is served with every "/_v/dev/" replaced by "/_v/<current version>/", so the
 * page, and every module it imports by a relative path, is fetched once per release. */
#include "http/http-private.h"

#include <civetweb.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The size of the reads copying a file to the connection. */
#define COPY_SIZE 65536
/* The prefix of versioned asset paths, and the version index.html is written with. */
#define VERSION_PREFIX "/_v/"
#define VERSION_PLACEHOLDER "/_v/dev/"
/* How long a computed asset version is reused before the folders are walked again. */
#define VERSION_TTL_SECONDS 2
/* The largest index.html that is rewritten in memory. */
#define INDEX_MAX_BYTES (1024 * 1024)
/* How deep the asset version walk descends. */
#define WALK_MAX_DEPTH 6

static const struct {
    const char *ext;
    const char *type;
} content_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".map", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

/* System libraries the UI loads, installed by scripts/deps.sh and never copied into the
 * repository: URL prefix (with its trailing slash) and folder. */
static const struct {
    const char *url;
    const char *dir;
} mounts[] = {
    {"/vendor/chart.js/", "/usr/share/javascript/chart.js"}, /* Debian's libjs-chart.js */
};

#define N_MOUNTS (sizeof mounts / sizeof mounts[0])

const char *
crm__static_content_type(const char *path)
{
    size_t len = strlen(path);

    for (size_t i = 0; i < sizeof content_types / sizeof content_types[0]; i++) {
        size_t n = strlen(content_types[i].ext);
        if (len >= n && strcasecmp(path + len - n, content_types[i].ext) == 0)
            return content_types[i].type;
    }
    return "application/octet-stream";
}

/* True when the If-None-Match header VALUE lists ETAG (or is "*"). */
static bool
etag_matches(const char *value, const char *etag)
{
    size_t n = strlen(etag);

    if (!value)
        return false;
    if (strcmp(value, "*") == 0)
        return true;
    for (const char *p = strstr(value, etag); p; p = strstr(p + 1, etag))
        if ((p == value || p[-1] == ' ' || p[-1] == ',' || p[-1] == '/') &&
            (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
            return true;
    return false;
}

static int
not_found(crm_request_t *req)
{
    crm_error_t error = {0};

    crm_error_set(&error, CRM_ENOTFOUND, "no such file");
    return crm_respond_error(req, &error);
}

/* --- the asset version --- */

static uint64_t
fnv1a(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;

    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

/* Adds to *SUM a hash of every regular file under DIR (name relative to the walk's root, size,
 * modification time). Summing makes the result independent of the order readdir gives. */
static void
walk(const char *dir, const char *rel, int depth, uint64_t *sum)
{
    DIR *d = opendir(dir);
    struct dirent *de;

    if (!d)
        return;
    while ((de = readdir(d)) != NULL) {
        char path[PATH_MAX], name[PATH_MAX];
        struct stat st;

        if (de->d_name[0] == '.')
            continue;
        if (snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= (int)sizeof path ||
            snprintf(name, sizeof name, "%s/%s", rel, de->d_name) >= (int)sizeof name ||
            stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode) && depth < WALK_MAX_DEPTH) {
            walk(path, name, depth + 1, sum);
        } else if (S_ISREG(st.st_mode)) {
            uint64_t h = UINT64_C(0xcbf29ce484222325);
            uint64_t facts[3] = {(uint64_t)st.st_size, (uint64_t)st.st_mtim.tv_sec,
                                 (uint64_t)st.st_mtim.tv_nsec};
            h = fnv1a(h, name, strlen(name));
            h = fnv1a(h, facts, sizeof facts);
            *sum += h;
        }
    }
    closedir(d);
}

static pthread_mutex_t version_lock = PTHREAD_MUTEX_INITIALIZER;
static char version_dir[PATH_MAX];
static char version_value[17];
static time_t version_at;

/* Copies the current asset version of WWW (12 hex digits) into OUT. */
static void
asset_version(const char *www, char out[17])
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    pthread_mutex_lock(&version_lock);
    if (strcmp(version_dir, www) != 0 || now.tv_sec - version_at >= VERSION_TTL_SECONDS ||
        !version_value[0]) {
        uint64_t sum = 0;
        walk(www, "", 0, &sum);
        for (size_t i = 0; i < N_MOUNTS; i++)
            walk(mounts[i].dir, mounts[i].url, 0, &sum);
        snprintf(version_value, sizeof version_value, "%012llx",
                 (unsigned long long)(sum & UINT64_C(0xffffffffffff)));
        snprintf(version_dir, sizeof version_dir, "%s", www);
        version_at = now.tv_sec;
    }
    memcpy(out, version_value, 17);
    pthread_mutex_unlock(&version_lock);
}

/* --- serving --- */

/* Sends the root index.html from FD (SIZE bytes) with the placeholder version replaced by
 * VERSION. */
static int
serve_index(crm_request_t *req, int fd, off_t size, const char *version, const char *file_etag,
            bool head)
{
    char *text = NULL, *body = NULL, etag[160];
    size_t len = 0, cap, plen = strlen(VERSION_PLACEHOLDER);
    const char *p, *q;
    int rc;

    if (size > INDEX_MAX_BYTES || !(text = malloc((size_t)size + 1)))
        return CRM_ENOMEM;
    while (len < (size_t)size) {
        ssize_t n = read(fd, text + len, (size_t)size - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    text[len] = '\0';
    /* The version is 12 digits, the placeholder's "dev" 3: at most 9 more bytes each time. */
    cap = len + 1;
    for (p = strstr(text, VERSION_PLACEHOLDER); p; p = strstr(p + plen, VERSION_PLACEHOLDER))
        cap += 16;
    body = malloc(cap);
    if (!body) {
        free(text);
        return CRM_ENOMEM;
    }
    body[0] = '\0';
    len = 0;
    for (p = text; (q = strstr(p, VERSION_PLACEHOLDER)) != NULL; p = q + plen)
        len += (size_t)sprintf(body + len, "%.*s" VERSION_PREFIX "%s/", (int)(q - p), p, version);
    len += (size_t)sprintf(body + len, "%s", p);
    free(text);

    /* The page names the version, so its ETag does too. */
    snprintf(etag, sizeof etag, "\"%s-%.*s\"", version, (int)strlen(file_etag) - 2, file_etag + 1);
    crm_respond_header(req, "Cache-Control", "no-cache");
    crm_respond_header(req, "ETag", etag);
    if (etag_matches(crm_request_header(req, "If-None-Match"), etag))
        rc = crm__respond_head(req, 304, NULL, -2);
    else if ((rc = crm__respond_head(req, 200, crm__static_content_type("index.html"),
                                     (int64_t)len)) == 0 &&
             !head && mg_write(req->conn, body, len) < 0)
        rc = 0; /* the head is out: the client sees a short body */
    free(body);
    return rc;
}

int
crm__static_serve(crm_request_t *req, bool head)
{
    const char *www = req->http->www_dir;
    const char *path = req->path, *base = www;
    char *wanted = NULL, *resolved = NULL, *base_real = NULL;
    char etag[96], version[17] = "";
    char *buf = NULL; /* worker threads have small stacks */
    bool versioned = false, current = false, root_index = false;
    size_t base_len;
    struct stat st;
    int fd = -1, rc = 0;

    if (strncmp(path, VERSION_PREFIX, strlen(VERSION_PREFIX)) == 0) {
        const char *token = path + strlen(VERSION_PREFIX);
        const char *slash = strchr(token, '/');
        if (!slash) {
            rc = not_found(req);
            goto done;
        }
        asset_version(www, version);
        versioned = true;
        current = (size_t)(slash - token) == strlen(version) &&
                  strncmp(token, version, strlen(version)) == 0;
        path = slash;
    }
    for (size_t i = 0; i < N_MOUNTS; i++) {
        size_t n = strlen(mounts[i].url);
        if (strncmp(path, mounts[i].url, n) == 0) {
            base = mounts[i].dir;
            path += n - 1; /* keep the slash */
            break;
        }
    }
    root_index = base == www && (strcmp(path, "/") == 0 || strcmp(path, "/index.html") == 0);
    if (asprintf(&wanted, "%s%s%s", base, path, path[strlen(path) - 1] == '/' ? "index.html" : "") <
        0) {
        wanted = NULL;
        rc = CRM_ENOMEM;
        goto done;
    }
    /* Symlinks are resolved: whatever they point to must still be inside the folder. */
    base_real = base == www ? strdup(www) : realpath(base, NULL);
    resolved = realpath(wanted, NULL);
    base_len = base_real ? strlen(base_real) : 0;
    if (!base_real || !resolved || strncmp(resolved, base_real, base_len) != 0 ||
        resolved[base_len] != '/') {
        rc = not_found(req);
        goto done;
    }
    fd = open(resolved, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = not_found(req);
        goto done;
    }
    snprintf(etag, sizeof etag, "\"%llx-%llx-%llx\"", (unsigned long long)st.st_ino,
             (unsigned long long)st.st_size,
             (unsigned long long)st.st_mtim.tv_sec * 1000000000ull +
                 (unsigned long long)st.st_mtim.tv_nsec);
    if (root_index && !versioned) {
        asset_version(www, version);
        rc = serve_index(req, fd, st.st_size, version, etag, head);
        goto done;
    }
    crm_respond_header(req, "Cache-Control",
                       (versioned && current) || (!versioned && crm_request_query(req, "v"))
                           ? "public, max-age=31536000, immutable"
                           : "no-cache");
    crm_respond_header(req, "ETag", etag);
    if (etag_matches(crm_request_header(req, "If-None-Match"), etag)) {
        rc = crm__respond_head(req, 304, NULL, -2);
        goto done;
    }
    if ((rc = crm__respond_head(req, 200, crm__static_content_type(resolved),
                                (int64_t)st.st_size)) != 0 ||
        head)
        goto done;
    buf = malloc(COPY_SIZE);
    for (off_t left = st.st_size; buf && left > 0;) {
        ssize_t n = read(fd, buf, left < COPY_SIZE ? (size_t)left : COPY_SIZE);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || mg_write(req->conn, buf, (size_t)n) < 0)
            break; /* the head is out: the client sees a short body */
        left -= n;
    }
done:
    if (fd >= 0)
        close(fd);
    free(buf);
    free(base_real);
    free(resolved);
    free(wanted);
    return rc;
}
