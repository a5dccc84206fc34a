/* The tests' HTTP/1.1 client (see http_client.h). */
#include "http_client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

struct test_http_conn {
    int fd;
    char buf[16384];
    size_t start, end; /* unread bytes are buf[start, end) */
};

test_http_conn_t *
test_http_connect(int port)
{
    struct sockaddr_in addr = {0};
    struct timeval tv = {10, 0};
    test_http_conn_t *conn = calloc(1, sizeof *conn);
    int one = 1;

    if (!conn)
        return NULL;
    conn->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (conn->fd < 0 || connect(conn->fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        test_http_close(conn);
        return NULL;
    }
    setsockopt(conn->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(conn->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return conn;
}

void
test_http_close(test_http_conn_t *conn)
{
    if (!conn)
        return;
    if (conn->fd >= 0)
        close(conn->fd);
    free(conn);
}

int
test_http_send_raw(test_http_conn_t *conn, const void *data, size_t len)
{
    const char *p = data;

    while (len > 0) {
        ssize_t n = send(conn->fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int
test_http_send(test_http_conn_t *conn, const char *method, const char *path, const char *headers,
               const void *body, size_t body_len)
{
    char head[8192];
    int n;
    bool te = headers && strcasestr(headers, "Transfer-Encoding:");

    n = snprintf(head, sizeof head, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s", method, path,
                 headers ? headers : "");
    if (n < 0 || (size_t)n >= sizeof head)
        return -1;
    if (body && !te)
        n += snprintf(head + n, sizeof head - (size_t)n, "Content-Length: %zu\r\n", body_len);
    n += snprintf(head + n, sizeof head - (size_t)n, "\r\n");
    if ((size_t)n >= sizeof head || test_http_send_raw(conn, head, (size_t)n) != 0)
        return -1;
    if (body && body_len && test_http_send_raw(conn, body, body_len) != 0)
        return -1;
    return 0;
}

/* Makes at least one more byte available; -1 at end of stream. */
static int
fill(test_http_conn_t *conn)
{
    ssize_t n;

    if (conn->start > 0) {
        memmove(conn->buf, conn->buf + conn->start, conn->end - conn->start);
        conn->end -= conn->start;
        conn->start = 0;
    }
    if (conn->end == sizeof conn->buf)
        return -1;
    do {
        n = recv(conn->fd, conn->buf + conn->end, sizeof conn->buf - conn->end, 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0)
        return -1;
    conn->end += (size_t)n;
    return 0;
}

/* Reads one line (without CRLF) into a new string. */
static char *
read_line(test_http_conn_t *conn)
{
    for (;;) {
        char *nl = memchr(conn->buf + conn->start, '\n', conn->end - conn->start);
        if (nl) {
            size_t n = (size_t)(nl - (conn->buf + conn->start));
            char *line = strndup(conn->buf + conn->start, n);
            conn->start += n + 1;
            if (line && n && line[n - 1] == '\r')
                line[n - 1] = '\0';
            return line;
        }
        if (fill(conn) != 0)
            return NULL;
    }
}

/* Appends exactly LEN bytes of the stream to RESP's body. */
static int
read_exact(test_http_conn_t *conn, test_http_response_t *resp, size_t len)
{
    char *grown = realloc(resp->body, resp->body_len + len + 1);

    if (!grown)
        return -1;
    resp->body = grown;
    while (len > 0) {
        size_t avail = conn->end - conn->start;
        if (avail == 0) {
            if (fill(conn) != 0)
                return -1;
            continue;
        }
        if (avail > len)
            avail = len;
        memcpy(resp->body + resp->body_len, conn->buf + conn->start, avail);
        resp->body_len += avail;
        conn->start += avail;
        len -= avail;
    }
    resp->body[resp->body_len] = '\0';
    return 0;
}

int
test_http_read(test_http_conn_t *conn, test_http_response_t *resp, bool head)
{
    char *line = NULL;
    const char *te, *cl;
    int rc = -1;

    memset(resp, 0, sizeof *resp);
    line = read_line(conn);
    if (!line || sscanf(line, "HTTP/1.%*d %d", &resp->status) != 1)
        goto done;
    for (;;) {
        char *colon;
        free(line);
        line = read_line(conn);
        if (!line)
            goto done;
        if (!*line)
            break;
        colon = strchr(line, ':');
        if (!colon || resp->n_headers == TEST_HTTP_MAX_HEADERS)
            continue;
        *colon = '\0';
        colon++;
        while (*colon == ' ')
            colon++;
        resp->names[resp->n_headers] = strdup(line);
        resp->values[resp->n_headers] = strdup(colon);
        resp->n_headers++;
    }
    resp->body = calloc(1, 1);
    te = test_http_header(resp, "Transfer-Encoding");
    cl = test_http_header(resp, "Content-Length");
    if (head || resp->status == 304 || resp->status == 204 || resp->status < 200) {
        rc = 0;
    } else if (te && strcasecmp(te, "chunked") == 0) {
        resp->chunked = true;
        for (;;) {
            unsigned long size;
            free(line);
            line = read_line(conn);
            if (!line)
                goto done;
            size = strtoul(line, NULL, 16);
            if (size == 0)
                break;
            if (read_exact(conn, resp, size) != 0)
                goto done;
            free(line);
            line = read_line(conn); /* the CRLF after the chunk */
            if (!line)
                goto done;
        }
        /* trailers up to the empty line */
        do {
            free(line);
            line = read_line(conn);
        } while (line && *line);
        rc = line ? 0 : -1;
    } else if (cl) {
        rc = read_exact(conn, resp, strtoul(cl, NULL, 10));
    } else {
        /* until the server closes */
        for (;;) {
            size_t avail = conn->end - conn->start;
            if (avail && read_exact(conn, resp, avail) != 0)
                goto done;
            if (fill(conn) != 0)
                break;
        }
        rc = 0;
    }
done:
    free(line);
    return rc;
}

int
test_http_request(int port, const char *method, const char *path, const char *headers,
                  const void *body, size_t body_len, test_http_response_t *resp)
{
    test_http_conn_t *conn = test_http_connect(port);
    char *all = NULL;
    int rc = -1;

    memset(resp, 0, sizeof *resp);
    if (!conn)
        return -1;
    if (asprintf(&all, "Connection: close\r\n%s", headers ? headers : "") < 0) {
        all = NULL;
        goto done;
    }
    if (test_http_send(conn, method, path, all, body, body_len) != 0)
        goto done;
    rc = test_http_read(conn, resp, strcmp(method, "HEAD") == 0);
done:
    free(all);
    test_http_close(conn);
    return rc;
}

const char *
test_http_header(const test_http_response_t *resp, const char *name)
{
    for (size_t i = 0; i < resp->n_headers; i++)
        if (strcasecmp(resp->names[i], name) == 0)
            return resp->values[i];
    return NULL;
}

bool
test_http_json(const test_http_response_t *resp, bson_t *out)
{
    bson_error_t error;

    if (!resp->body || !bson_init_from_json(out, resp->body, (ssize_t)resp->body_len, &error)) {
        bson_init(out);
        return false;
    }
    return true;
}

void
test_http_response_free(test_http_response_t *resp)
{
    for (size_t i = 0; i < resp->n_headers; i++) {
        free(resp->names[i]);
        free(resp->values[i]);
    }
    free(resp->body);
    memset(resp, 0, sizeof *resp);
}

const char *
test_str_at(const bson_t *doc, const char *path)
{
    bson_iter_t it;

    if (bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, path, &it) &&
        BSON_ITER_HOLDS_UTF8(&it))
        return bson_iter_utf8(&it, NULL);
    return NULL;
}
