/* The harness's HTTP/1.1 client: a request per connection, read until the response is complete
 * or the server closes, with Content-Length and chunked bodies. */
#include "testing/http-client-private.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

/* A growing byte buffer, always NUL-terminated when not empty. */
typedef struct buf {
    char *data;
    size_t len, cap;
} buf_t;

/* Makes room for NEED more bytes (and a NUL) in B. Returns 0 or -1. */
static int
buf_reserve(buf_t *b, size_t need)
{
    size_t cap = b->cap ? b->cap : 4096;
    char *grown;

    if (b->len + need + 1 <= b->cap)
        return 0;
    while (cap < b->len + need + 1)
        cap *= 2;
    grown = realloc(b->data, cap);
    if (!grown)
        return -1;
    b->data = grown;
    b->cap = cap;
    return 0;
}

/* Appends LEN bytes of DATA to B. Returns 0 or -1. */
static int
buf_append(buf_t *b, const char *data, size_t len)
{
    if (buf_reserve(b, len) != 0)
        return -1;
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

/* Connects to 127.0.0.1:PORT with a 10 s read timeout. Returns the socket or -1. */
static int
connect_local(int port)
{
    struct sockaddr_in addr = {0};
    struct timeval timeout = {.tv_sec = 10};
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0)
        return -1;
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Sends all LEN bytes of DATA on FD. Returns 0 or -1. */
static int
send_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Finds header NAME in the header lines HEAD (LEN bytes, each line ending in CRLF). Returns a
 * pointer to its value (leading blanks skipped) and its length in *VLEN, or NULL. */
static const char *
find_header(const char *head, size_t len, const char *name, size_t *vlen)
{
    const char *line = head, *end = head + len;
    size_t nlen = strlen(name);

    while (line < end) {
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        const char *next = eol ? eol + 1 : end;
        const char *stop = eol ? eol : end;

        if (stop > line && stop[-1] == '\r')
            stop--;
        if ((size_t)(stop - line) > nlen && line[nlen] == ':' &&
            strncasecmp(line, name, nlen) == 0) {
            const char *v = line + nlen + 1;
            while (v < stop && (*v == ' ' || *v == '\t'))
                v++;
            *vlen = (size_t)(stop - v);
            return v;
        }
        line = next;
    }
    return NULL;
}

/* True when the header block HEAD (LEN bytes) declares a chunked body. */
static bool
is_chunked(const char *head, size_t len)
{
    size_t vlen = 0;
    const char *v = find_header(head, len, "Transfer-Encoding", &vlen);

    return v && vlen >= 7 && strncasecmp(v + vlen - 7, "chunked", 7) == 0;
}

/* The Content-Length declared in HEAD (LEN bytes), or -1. */
static long long
content_length(const char *head, size_t len)
{
    size_t vlen = 0;
    const char *v = find_header(head, len, "Content-Length", &vlen);
    char num[32];

    if (!v || vlen == 0 || vlen >= sizeof num)
        return -1;
    memcpy(num, v, vlen);
    num[vlen] = '\0';
    return strtoll(num, NULL, 10);
}

/* True when B already holds a whole response with a Content-Length body. */
static bool
complete(const buf_t *b)
{
    const char *end = b->len ? strstr(b->data, "\r\n\r\n") : NULL;
    size_t head_len;
    long long cl;

    if (!end)
        return false;
    head_len = (size_t)(end - b->data) + 4;
    if (is_chunked(b->data, head_len))
        return false;
    cl = content_length(b->data, head_len);
    return cl >= 0 && b->len - head_len >= (size_t)cl;
}

/* Decodes the chunked body at DATA (LEN bytes) into OUT. Returns 0 or -1 when malformed. */
static int
dechunk(const char *data, size_t len, buf_t *out)
{
    size_t pos = 0;

    for (;;) {
        const char *eol = memchr(data + pos, '\n', len - pos);
        char *after = NULL;
        unsigned long long size;

        if (!eol)
            return -1;
        size = strtoull(data + pos, &after, 16);
        if (after == data + pos)
            return -1;
        pos = (size_t)(eol - data) + 1;
        if (size == 0)
            return 0;
        if (size > len - pos || len - pos - size < 2)
            return -1;
        if (buf_append(out, data + pos, (size_t)size) != 0)
            return -1;
        pos += (size_t)size + 2; /* the data and its CRLF */
    }
}

/* Splits the raw response RAW into RESP. Returns 0 or -1 when it is not HTTP. */
static int
parse_response(const buf_t *raw, crm__test_http_response_t *resp)
{
    const char *head_end, *line_end;
    size_t head_len, body_at, avail;
    buf_t body = {0};
    long long cl;
    int rc = -1;

    if (!raw->data || strncmp(raw->data, "HTTP/1.", 7) != 0 || raw->len < 12)
        goto done;
    head_end = strstr(raw->data, "\r\n\r\n");
    line_end = strstr(raw->data, "\r\n");
    if (!head_end || !line_end)
        goto done;
    resp->status = atoi(raw->data + 9);
    head_len = (size_t)(head_end - line_end);
    resp->head = malloc(head_len + 1);
    if (!resp->head)
        goto done;
    memcpy(resp->head, line_end + 2, head_len);
    resp->head[head_len] = '\0';
    body_at = (size_t)(head_end - raw->data) + 4;
    avail = raw->len - body_at;
    if (buf_reserve(&body, 0) != 0)
        goto done;
    body.data[0] = '\0';
    if (is_chunked(resp->head, head_len)) {
        if (dechunk(raw->data + body_at, avail, &body) != 0) {
            fprintf(stderr, "crm_test: malformed chunked body\n");
            goto done;
        }
    } else {
        cl = content_length(resp->head, head_len);
        if (cl >= 0 && (size_t)cl > avail) {
            fprintf(stderr, "crm_test: the body ended after %zu of %lld bytes\n", avail, cl);
            goto done;
        }
        if (buf_append(&body, raw->data + body_at, cl >= 0 ? (size_t)cl : avail) != 0)
            goto done;
    }
    resp->body = body.data;
    resp->body_len = body.len;
    body.data = NULL;
    rc = 0;
done:
    free(body.data);
    return rc;
}

int
crm__test_http_request(int port, const char *method, const char *path, const char *headers,
                       const char *body, size_t body_len, crm__test_http_response_t *resp)
{
    buf_t req = {0}, raw = {0};
    char line[2048];
    int fd = -1, n, rc = -1;

    memset(resp, 0, sizeof *resp);
    n = snprintf(line, sizeof line,
                 "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n"
                 "Content-Length: %zu\r\n%s\r\n",
                 method, path, port, body ? body_len : 0, headers ? headers : "");
    if (n < 0 || (size_t)n >= sizeof line) {
        fprintf(stderr, "crm_test: request line and headers too long: %s %s\n", method, path);
        goto done;
    }
    if (buf_append(&req, line, (size_t)n) != 0 || (body && buf_append(&req, body, body_len) != 0))
        goto done;
    fd = connect_local(port);
    if (fd < 0) {
        fprintf(stderr, "crm_test: cannot connect to 127.0.0.1:%d: %s\n", port, strerror(errno));
        goto done;
    }
    if (send_all(fd, req.data, req.len) != 0) {
        fprintf(stderr, "crm_test: %s %s: send failed: %s\n", method, path, strerror(errno));
        goto done;
    }
    while (!complete(&raw)) {
        ssize_t got;

        if (buf_reserve(&raw, 4096) != 0)
            goto done;
        got = recv(fd, raw.data + raw.len, raw.cap - raw.len - 1, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            fprintf(stderr, "crm_test: %s %s: read failed: %s\n", method, path, strerror(errno));
            goto done;
        }
        if (got == 0)
            break;
        raw.len += (size_t)got;
        raw.data[raw.len] = '\0';
    }
    if (parse_response(&raw, resp) != 0) {
        fprintf(stderr, "crm_test: %s %s: no valid HTTP response\n", method, path);
        crm__test_http_response_free(resp);
        goto done;
    }
    rc = 0;
done:
    if (fd >= 0)
        close(fd);
    free(req.data);
    free(raw.data);
    return rc;
}

bool
crm__test_http_header(const crm__test_http_response_t *resp, const char *name, char *buf,
                      size_t size)
{
    size_t vlen = 0;
    const char *v = resp->head ? find_header(resp->head, strlen(resp->head), name, &vlen) : NULL;

    if (!v || size == 0)
        return false;
    snprintf(buf, size, "%.*s", (int)vlen, v);
    return true;
}

void
crm__test_http_response_free(crm__test_http_response_t *resp)
{
    if (!resp)
        return;
    free(resp->head);
    free(resp->body);
    memset(resp, 0, sizeof *resp);
}
