/* What the clients plugin's end-to-end tests share (support.h). */
#include "support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

const char *clients_test_plugin;
const char *clients_test_config;
const char *const *clients_test_plugins;

const char *const *
clients_test_plugin_list(const char *alone[2])
{
    alone[0] = clients_test_plugin;
    alone[1] = NULL;
    return clients_test_plugins ? clients_test_plugins : alone;
}

static int
setup(void **state)
{
    const char *alone[2];
    crm_test_options_t options = {.size = sizeof options,
                                  .plugins = clients_test_plugin_list(alone),
                                  .config = clients_test_config};

    *state = crm_test_core_start(&options);
    return *state ? 0 : -1;
}

static int
teardown(void **state)
{
    crm_test_core_stop(*state);
    return 0;
}

int
clients_test_main(int argc, char **argv, const char *name, const struct CMUnitTest *tests,
                  size_t n)
{
    struct CMUnitTest *with_core = calloc(n, sizeof *with_core);
    int failed;

    if (argc < 2 || !with_core) {
        fprintf(stderr, "usage: %s CLIENTS_PLUGIN_FILE\n", argv[0]);
        free(with_core);
        return 2;
    }
    clients_test_plugin = argv[1];
    for (size_t i = 0; i < n; i++) {
        with_core[i] = tests[i];
        with_core[i].setup_func = setup;
        with_core[i].teardown_func = teardown;
    }
    failed = _cmocka_run_group_tests(name, with_core, n, NULL, NULL);
    free(with_core);
    return failed;
}

void
clients_test_bank(crm_test_core_t *core, clients_test_bank_t *bank)
{
    assert_int_equal(crm_test_org_unit(core, "North", "region", crm_test_bank_unit(core),
                                       bank->region),
                     0);
    assert_int_equal(crm_test_org_unit(core, "Krakow", "branch", bank->region, bank->branch_a), 0);
    assert_int_equal(crm_test_org_unit(core, "Gdansk", "branch", bank->region, bank->branch_b), 0);
    bank->anna = crm_test_user(core, "anna", "advisor", bank->branch_a);
    bank->jan = crm_test_user(core, "jan", "advisor", bank->branch_a);
    bank->dorota = crm_test_user(core, "dorota", "branch_director", bank->branch_a);
    bank->piotr = crm_test_user(core, "piotr", "advisor", bank->branch_b);
    bank->admin = crm_test_user(core, "admin", "admin", NULL);
    assert_non_null(bank->anna);
    assert_non_null(bank->jan);
    assert_non_null(bank->dorota);
    assert_non_null(bank->piotr);
    assert_non_null(bank->admin);
}

static int
send_va(crm_test_session_t *s, const char *method, const char *path, crm_test_response_t *r,
        const char *fmt, va_list ap)
{
    char *body = NULL;
    int status;

    if (fmt)
        assert_true(vasprintf(&body, fmt, ap) >= 0);
    status = crm_test_request(s, method, path, body, r);
    free(body);
    return status;
}

int
clients_test_send(crm_test_session_t *s, const char *method, const char *path,
                  crm_test_response_t *r, const char *fmt, ...)
{
    va_list ap;
    int status;

    va_start(ap, fmt);
    status = send_va(s, method, path, r, fmt, ap);
    va_end(ap);
    return status;
}

void
clients_test_create(crm_test_session_t *s, const char *entity, char id[25], const char *fmt, ...)
{
    crm_test_response_t r = {0};
    char path[96];
    va_list ap;
    int status;

    snprintf(path, sizeof path, "/api/v1/%s", entity);
    va_start(ap, fmt);
    status = send_va(s, "POST", path, &r, fmt, ap);
    va_end(ap);
    if (status != 201)
        print_error("POST %s: %d %s\n", path, status, r.body ? r.body : "");
    assert_int_equal(status, 201);
    if (id) {
        assert_non_null(crm_test_json_string(&r, "id"));
        snprintf(id, 25, "%s", crm_test_json_string(&r, "id"));
    }
    crm_test_response_free(&r);
}

int
clients_test_count(const crm_test_response_t *r, const char *path)
{
    bson_iter_t it, found, sub;
    int n = 0;

    if (!bson_iter_init(&it, &r->json) || !bson_iter_find_descendant(&it, path, &found) ||
        !BSON_ITER_HOLDS_ARRAY(&found) || !bson_iter_recurse(&found, &sub))
        return -1;
    while (bson_iter_next(&sub))
        n++;
    return n;
}

const char *
clients_test_item(const crm_test_response_t *r, const char *path, int i, const char *key)
{
    char at[192];

    snprintf(at, sizeof at, "%s.%d.%s", path, i, key);
    return crm_test_json_string(r, at);
}

bool
clients_test_has(const crm_test_response_t *r, const char *path, const char *key,
                 const char *value)
{
    for (int i = 0, n = clients_test_count(r, path); i < n; i++) {
        const char *v = clients_test_item(r, path, i, key);
        if (v && strcmp(v, value) == 0)
            return true;
    }
    return false;
}

bool
clients_test_bool(const crm_test_response_t *r, const char *path)
{
    bson_iter_t it, found;

    assert_true(bson_iter_init(&it, &r->json));
    assert_true(bson_iter_find_descendant(&it, path, &found));
    assert_true(BSON_ITER_HOLDS_BOOL(&found));
    return bson_iter_bool(&found);
}

void
clients_test_day(int offset_days, const char *hms, char out[32])
{
    time_t t = time(NULL) + (time_t)offset_days * 86400;
    struct tm tm;
    char date[16];

    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%Y-%m-%d", &tm);
    if (hms)
        snprintf(out, 32, "%sT%sZ", date, hms);
    else
        snprintf(out, 32, "%s", date);
}

int
clients_test_bearer(crm_test_core_t *core, const char *token, const char *method,
                    const char *path, const char *content_type, const char *body,
                    char *body_out, size_t cap)
{
    struct sockaddr_in addr = {.sin_family = AF_INET};
    struct timeval timeout = {.tv_sec = 10};
    char *request = NULL, *response = NULL, *text;
    size_t len = 0, got = 0;
    int fd, status = -1, n;

    addr.sin_port = htons((uint16_t)crm_test_core_port(core));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    assert_int_equal(connect(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    n = asprintf(&request,
                 "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                 "Content-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
                 method, path, token, content_type, strlen(body), body);
    assert_true(n > 0);
    assert_int_equal(write(fd, request, (size_t)n), n);
    for (;;) {
        ssize_t r;
        if (got + 4096 + 1 > len) {
            len = len ? len * 2 : 8192;
            response = realloc(response, len);
            assert_non_null(response);
        }
        r = read(fd, response + got, len - got - 1);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (response) {
        response[got] = '\0';
        sscanf(response, "HTTP/1.1 %d", &status);
        text = strstr(response, "\r\n\r\n");
        snprintf(body_out, cap, "%s", text ? text + 4 : "");
    }
    free(request);
    free(response);
    return status;
}
