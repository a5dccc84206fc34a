/* Static files of the web UI from the www folder: content types, index.html for "/", no way
 * out of the folder (realpath must stay under it), ETag revalidation and cache headers. */
#include "http/http-private.h"

#include <civetweb.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The size of the reads copying a file to the connection. */
#define COPY_SIZE 65536

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

int
crm__static_serve(crm_request_t *req, bool head)
{
    const char *www = req->http->www_dir;
    size_t www_len = strlen(www);
    char *wanted = NULL, *resolved = NULL;
    char etag[96];
    char *buf = NULL; /* worker threads have small stacks */
    struct stat st;
    int fd = -1, rc = 0;
    const char *v;

    if (asprintf(&wanted, "%s%s%s", www, req->path,
                 req->path[strlen(req->path) - 1] == '/' ? "index.html" : "") < 0) {
        wanted = NULL;
        rc = CRM_ENOMEM;
        goto done;
    }
    /* Symlinks are resolved: whatever they point to must still be inside the folder. */
    resolved = realpath(wanted, NULL);
    if (!resolved || strncmp(resolved, www, www_len) != 0 || resolved[www_len] != '/') {
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
    v = crm_request_query(req, "v");
    crm_respond_header(req, "Cache-Control",
                       v ? "public, max-age=31536000, immutable" : "no-cache");
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
    free(resolved);
    free(wanted);
    return rc;
}
