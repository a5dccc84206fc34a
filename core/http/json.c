/* The API's JSON: writing BSON as plain JSON, and parsing request bodies with the checks that
 * keep MongoDB extended JSON, duplicate keys and deep nesting out of the core. */
#include "common/hex-private.h"
#include "common/timefmt-private.h"

#include <crm/http.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 32

/* Appends the bytes of S (LEN) as a JSON string: quotes, backslashes and control characters
 * escaped, U+2028/U+2029 escaped (they end lines in JavaScript), invalid UTF-8 replaced by
 * U+FFFD. */
static void
append_string(bson_string_t *str, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t i = 0, start;
    unsigned char c;

    bson_string_append_c(str, '"');
    while (i < len) {
        start = i;
        while (i < len && (c = (unsigned char)s[i]) >= 0x20 && c < 0x80 && c != '"' && c != '\\')
            i++;
        if (i > start) {
            char *run = bson_strndup(s + start, i - start);
            bson_string_append(str, run);
            bson_free(run);
        }
        if (i >= len)
            break;
        c = (unsigned char)s[i];
        if (c < 0x80) {
            char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
            switch (c) {
            case '"':
                bson_string_append(str, "\\\"");
                break;
            case '\\':
                bson_string_append(str, "\\\\");
                break;
            case '\n':
                bson_string_append(str, "\\n");
                break;
            case '\r':
                bson_string_append(str, "\\r");
                break;
            case '\t':
                bson_string_append(str, "\\t");
                break;
            case '\b':
                bson_string_append(str, "\\b");
                break;
            case '\f':
                bson_string_append(str, "\\f");
                break;
            default:
                bson_string_append(str, esc);
                break;
            }
            i++;
            continue;
        }
        /* A multi-byte sequence: copy it when valid. */
        size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
        if (n == 1 || i + n > len || !bson_utf8_validate(s + i, n, false)) {
            bson_string_append(str, "\\ufffd");
            i++;
            continue;
        }
        if (n == 3 && c == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9)) {
            bson_string_append(str, (unsigned char)s[i + 2] == 0xa8 ? "\\u2028" : "\\u2029");
        } else {
            char seq[5] = {0};
            memcpy(seq, s + i, n);
            bson_string_append(str, seq);
        }
        i += n;
    }
    bson_string_append_c(str, '"');
}

/* Appends MS (milliseconds since the epoch) as "YYYY-MM-DDTHH:MM:SS.mmmZ", quoted. */
static void
append_datetime(bson_string_t *str, int64_t ms)
{
    char buf[25];

    crm__datetime_format(ms, buf);
    bson_string_append_printf(str, "\"%s\"", buf);
}

/* Appends D with the fewest digits that read back as D; NaN and infinities become null. */
static void
append_double(bson_string_t *str, double d)
{
    char buf[40];

    if (!isfinite(d)) {
        bson_string_append(str, "null");
        return;
    }
    snprintf(buf, sizeof buf, "%.15g", d);
    if (strtod(buf, NULL) != d)
        snprintf(buf, sizeof buf, "%.17g", d);
    /* Keep a double a double when the text is read back. */
    if (!strpbrk(buf, ".eE"))
        strcat(buf, ".0");
    bson_string_append(str, buf);
}

static void append_iter(bson_string_t *str, const bson_iter_t *iter, bool array);

void
crm_json_append_value(bson_string_t *str, const bson_value_t *v)
{
    char oid[25];
    char dec[BSON_DECIMAL128_STRING];
    bson_t doc;
    bson_iter_t iter;

    switch (v->value_type) {
    case BSON_TYPE_UTF8:
        append_string(str, v->value.v_utf8.str, v->value.v_utf8.len);
        break;
    case BSON_TYPE_INT32:
        bson_string_append_printf(str, "%" PRId32, v->value.v_int32);
        break;
    case BSON_TYPE_INT64:
        bson_string_append_printf(str, "%" PRId64, v->value.v_int64);
        break;
    case BSON_TYPE_DOUBLE:
        append_double(str, v->value.v_double);
        break;
    case BSON_TYPE_BOOL:
        bson_string_append(str, v->value.v_bool ? "true" : "false");
        break;
    case BSON_TYPE_OID:
        bson_oid_to_string(&v->value.v_oid, oid);
        bson_string_append_printf(str, "\"%s\"", oid);
        break;
    case BSON_TYPE_DATE_TIME:
        append_datetime(str, v->value.v_datetime);
        break;
    case BSON_TYPE_DECIMAL128:
        bson_decimal128_to_string(&v->value.v_decimal128, dec);
        bson_string_append_printf(str, "\"%s\"", dec);
        break;
    case BSON_TYPE_DOCUMENT:
    case BSON_TYPE_ARRAY:
        if (bson_init_static(&doc, v->value.v_doc.data, v->value.v_doc.data_len) &&
            bson_iter_init(&iter, &doc)) {
            append_iter(str, &iter, v->value_type == BSON_TYPE_ARRAY);
        } else {
            bson_string_append(str, "null");
        }
        break;
    default:
        /* null, undefined and the types the API does not expose */
        bson_string_append(str, "null");
        break;
    }
}

/* Appends the elements ITER walks as an object (or an array when ARRAY). */
static void
append_iter(bson_string_t *str, const bson_iter_t *start, bool array)
{
    bson_iter_t iter = *start;
    bool first = true;

    bson_string_append_c(str, array ? '[' : '{');
    while (bson_iter_next(&iter)) {
        if (!first)
            bson_string_append_c(str, ',');
        first = false;
        if (!array) {
            append_string(str, bson_iter_key(&iter), bson_iter_key_len(&iter));
            bson_string_append_c(str, ':');
        }
        crm_json_append_value(str, bson_iter_value(&iter));
    }
    bson_string_append_c(str, array ? ']' : '}');
}

void
crm_json_append(bson_string_t *str, const bson_t *doc)
{
    bson_iter_t iter;

    if (!doc || !bson_iter_init(&iter, doc)) {
        bson_string_append(str, "{}");
        return;
    }
    append_iter(str, &iter, false);
}

/* --- parsing --- */

typedef struct scanner {
    const char *s;
    size_t len;
    size_t pos;
    crm_error_t *error;
    const char *what;   /* "body" or "filter", for messages */
    bool operators;     /* keys beginning with '$' allowed (query operators) */
} scanner_t;

static void
skip_ws(scanner_t *sc)
{
    while (sc->pos < sc->len && (sc->s[sc->pos] == ' ' || sc->s[sc->pos] == '\t' ||
                                 sc->s[sc->pos] == '\n' || sc->s[sc->pos] == '\r'))
        sc->pos++;
}

/* Fails at the current position, naming what was found there. */
static int
unexpected(scanner_t *sc)
{
    unsigned char c;

    if (sc->pos >= sc->len)
        return crm_error_set(sc->error, CRM_EINVAL,
                             "%s is not valid JSON: unexpected end at offset %zu", sc->what, sc->pos);
    c = (unsigned char)sc->s[sc->pos];
    if (c >= 0x20 && c < 0x7f)
        return crm_error_set(sc->error, CRM_EINVAL,
                             "%s is not valid JSON: unexpected '%c' at offset %zu", sc->what, c, sc->pos);
    return crm_error_set(sc->error, CRM_EINVAL,
                         "%s is not valid JSON: unexpected byte 0x%02x at offset %zu", sc->what, c,
                         sc->pos);
}

/* Scans a string at the current '"'. *FIRST gets its first decoded character (or -1 when
 * empty), enough to tell whether a key begins with '$' however it is spelt. */
static int
scan_string(scanner_t *sc, long *first)
{
    *first = -1;
    sc->pos++;
    while (sc->pos < sc->len) {
        unsigned char c = (unsigned char)sc->s[sc->pos];
        long ch = c;
        if (c == '"') {
            sc->pos++;
            return 0;
        }
        if (c < 0x20)
            return unexpected(sc);
        if (c == '\\') {
            sc->pos++;
            if (sc->pos >= sc->len)
                return unexpected(sc);
            c = (unsigned char)sc->s[sc->pos];
            if (c == 'u') {
                ch = 0;
                for (int k = 1; k <= 4; k++) {
                    int h = sc->pos + k < sc->len ? crm__hex_value(sc->s[sc->pos + k]) : -1;
                    if (h < 0) {
                        sc->pos += k;
                        return unexpected(sc);
                    }
                    ch = ch * 16 + h;
                }
                sc->pos += 4;
            } else if (!strchr("\"\\/bfnrt", c) || c == 0) {
                return unexpected(sc);
            }
        }
        if (*first == -1)
            *first = ch;
        sc->pos++;
    }
    return unexpected(sc);
}

static int
scan_number(scanner_t *sc)
{
    const char *s = sc->s;
    size_t p = sc->pos;

#define DIGIT(i) ((i) < sc->len && s[i] >= '0' && s[i] <= '9')
    if (p < sc->len && s[p] == '-')
        p++;
    if (p < sc->len && s[p] == '0') {
        p++;
    } else if (DIGIT(p)) {
        while (DIGIT(p))
            p++;
    } else {
        sc->pos = p;
        return unexpected(sc);
    }
    if (p < sc->len && s[p] == '.') {
        p++;
        if (!DIGIT(p)) {
            sc->pos = p;
            return unexpected(sc);
        }
        while (DIGIT(p))
            p++;
    }
    if (p < sc->len && (s[p] == 'e' || s[p] == 'E')) {
        p++;
        if (p < sc->len && (s[p] == '+' || s[p] == '-'))
            p++;
        if (!DIGIT(p)) {
            sc->pos = p;
            return unexpected(sc);
        }
        while (DIGIT(p))
            p++;
    }
#undef DIGIT
    sc->pos = p;
    return 0;
}

static int
scan_literal(scanner_t *sc, const char *word)
{
    size_t n = strlen(word);

    for (size_t k = 0; k < n; k++) {
        if (sc->pos + k >= sc->len || sc->s[sc->pos + k] != word[k]) {
            sc->pos += k;
            return unexpected(sc);
        }
    }
    sc->pos += n;
    return 0;
}

static int scan_value(scanner_t *sc, int depth);

/* Scans an object or an array at the current '{' or '['. */
static int
scan_container(scanner_t *sc, int depth)
{
    char close = sc->s[sc->pos] == '{' ? '}' : ']';
    bool object = close == '}';
    size_t key_at;
    long first;
    int rc;

    if (depth > JSON_MAX_DEPTH)
        return crm_error_set(sc->error, CRM_EINVAL,
                             "%s nests objects and arrays deeper than %d levels (offset %zu)", sc->what,
                             JSON_MAX_DEPTH, sc->pos);
    sc->pos++;
    skip_ws(sc);
    if (sc->pos < sc->len && sc->s[sc->pos] == close) {
        sc->pos++;
        return 0;
    }
    for (;;) {
        skip_ws(sc);
        if (object) {
            if (sc->pos >= sc->len || sc->s[sc->pos] != '"')
                return unexpected(sc);
            key_at = sc->pos;
            if ((rc = scan_string(sc, &first)) != 0)
                return rc;
            if (first == '$' && !sc->operators)
                return crm_error_set(sc->error, CRM_EINVAL,
                                     "body has a key beginning with '$' at offset %zu; field "
                                     "names may not begin with '$'",
                                     key_at);
            skip_ws(sc);
            if (sc->pos >= sc->len || sc->s[sc->pos] != ':')
                return unexpected(sc);
            sc->pos++;
            skip_ws(sc);
        }
        if ((rc = scan_value(sc, depth + 1)) != 0)
            return rc;
        skip_ws(sc);
        if (sc->pos < sc->len && sc->s[sc->pos] == ',') {
            sc->pos++;
            continue;
        }
        if (sc->pos < sc->len && sc->s[sc->pos] == close) {
            sc->pos++;
            return 0;
        }
        return unexpected(sc);
    }
}

static int
scan_value(scanner_t *sc, int depth)
{
    long first;

    skip_ws(sc);
    if (sc->pos >= sc->len)
        return unexpected(sc);
    switch (sc->s[sc->pos]) {
    case '{':
    case '[':
        return scan_container(sc, depth);
    case '"':
        return scan_string(sc, &first);
    case 't':
        return scan_literal(sc, "true");
    case 'f':
        return scan_literal(sc, "false");
    case 'n':
        return scan_literal(sc, "null");
    default:
        return scan_number(sc);
    }
}

static int
compare_keys(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Refuses duplicate keys in any object of DOC, and any value that plain JSON cannot produce. */
static int
check_parsed(const bson_t *doc, bool array, const char *what, crm_error_t *error)
{
    bson_iter_t iter;
    const char **keys = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;

    if (!bson_iter_init(&iter, doc))
        return crm_error_set(error, CRM_EINVAL, "%s is not valid JSON", what);
    while (bson_iter_next(&iter)) {
        bson_type_t t = bson_iter_type(&iter);
        if (!array) {
            if (n == cap) {
                const char **grown;
                cap = cap ? cap * 2 : 16;
                grown = realloc(keys, cap * sizeof *keys);
                if (!grown) {
                    rc = crm_error_set(error, CRM_ENOMEM, "out of memory");
                    goto done;
                }
                keys = grown;
            }
            keys[n++] = bson_iter_key(&iter);
        }
        if (t == BSON_TYPE_DOCUMENT || t == BSON_TYPE_ARRAY) {
            bson_t child;
            const uint8_t *data;
            uint32_t len;
            if (t == BSON_TYPE_DOCUMENT)
                bson_iter_document(&iter, &len, &data);
            else
                bson_iter_array(&iter, &len, &data);
            if (!bson_init_static(&child, data, len)) {
                rc = crm_error_set(error, CRM_EINVAL, "%s is not valid JSON", what);
                goto done;
            }
            if ((rc = check_parsed(&child, t == BSON_TYPE_ARRAY, what, error)) != 0)
                goto done;
        } else if (t != BSON_TYPE_UTF8 && t != BSON_TYPE_INT32 && t != BSON_TYPE_INT64 &&
                   t != BSON_TYPE_DOUBLE && t != BSON_TYPE_BOOL && t != BSON_TYPE_NULL) {
            rc = crm_error_set(error, CRM_EINVAL,
                               "%s has a value of a type JSON cannot "
                               "express (field \"%s\")",
                               what, bson_iter_key(&iter));
            goto done;
        }
    }
    if (n > 1) {
        qsort(keys, n, sizeof *keys, compare_keys);
        for (size_t i = 1; i < n; i++) {
            if (strcmp(keys[i - 1], keys[i]) == 0) {
                rc = crm_error_set(error, CRM_EINVAL,
                                   "%s has the key \"%.100s\" twice in one object", what,
                                   keys[i]);
                goto done;
            }
        }
    }
done:
    free(keys);
    return rc;
}

/* Rewrites regular expression values (which libbson's parser makes of {"$regex": "..."}) back
 * into the operator form {"$regex": pattern[, "$options": options]}. */
static void
regex_to_operator(const bson_t *in, bson_t *out)
{
    bson_iter_t it;

    if (!bson_iter_init(&it, in))
        return;
    while (bson_iter_next(&it)) {
        const char *key = bson_iter_key(&it);
        if (BSON_ITER_HOLDS_REGEX(&it)) {
            const char *options = NULL;
            const char *pattern = bson_iter_regex(&it, &options);
            bson_t op;
            bson_append_document_begin(out, key, -1, &op);
            BSON_APPEND_UTF8(&op, "$regex", pattern);
            if (options && *options)
                BSON_APPEND_UTF8(&op, "$options", options);
            bson_append_document_end(out, &op);
        } else if (BSON_ITER_HOLDS_DOCUMENT(&it) || BSON_ITER_HOLDS_ARRAY(&it)) {
            const uint8_t *data;
            uint32_t len;
            bson_t sub, child;
            bool array = BSON_ITER_HOLDS_ARRAY(&it);
            if (array)
                bson_iter_array(&it, &len, &data);
            else
                bson_iter_document(&it, &len, &data);
            if (!bson_init_static(&sub, data, len))
                continue;
            if (array)
                bson_append_array_begin(out, key, -1, &child);
            else
                bson_append_document_begin(out, key, -1, &child);
            regex_to_operator(&sub, &child);
            if (array)
                bson_append_array_end(out, &child);
            else
                bson_append_document_end(out, &child);
        } else {
            bson_append_iter(out, key, -1, &it);
        }
    }
}

static int
parse_json(const char *json, size_t len, bson_t *out, const char *what, bool operators,
           crm_error_t *error)
{
    scanner_t sc = {json, len, 0, error, what, operators};
    bson_error_t berr;
    int rc;

    bson_init(out);
    if (!json || len == 0)
        return crm_error_set(error, CRM_EINVAL, "%s is empty; send a JSON object", what);
    if (!bson_utf8_validate(json, len, false))
        return crm_error_set(error, CRM_EINVAL, "%s is not valid UTF-8", what);
    skip_ws(&sc);
    if (sc.pos >= len)
        return crm_error_set(error, CRM_EINVAL, "%s is empty; send a JSON object", what);
    if (json[sc.pos] != '{') {
        /* Tell a well-formed non-object from garbage. */
        size_t at = sc.pos;
        if (scan_value(&sc, 1) != 0)
            return CRM_EINVAL;
        return crm_error_set(error, CRM_EINVAL,
                             "%s must be a JSON object ({...}), found '%c' at offset %zu", what,
                             json[at], at);
    }
    if ((rc = scan_container(&sc, 1)) != 0)
        return rc;
    skip_ws(&sc);
    if (sc.pos < len)
        return unexpected(&sc);
    bson_destroy(out);
    if (!bson_init_from_json(out, json, (ssize_t)len, &berr)) {
        bson_init(out);
        return crm_error_set(error, CRM_EINVAL, "%s is not valid JSON: %s", what, berr.message);
    }
    if (operators) {
        bson_t plain = BSON_INITIALIZER;
        regex_to_operator(out, &plain);
        bson_destroy(out);
        bson_steal(out, &plain);
    }
    if ((rc = check_parsed(out, false, what, error)) != 0) {
        bson_destroy(out);
        bson_init(out);
        return rc;
    }
    return 0;
}

int
crm_json_parse(const char *json, size_t len, bson_t *out, crm_error_t *error)
{
    return parse_json(json, len, out, "body", false, error);
}

int
crm__json_parse_query(const char *json, size_t len, bson_t *out, crm_error_t *error)
{
    return parse_json(json, len, out, "filter", true, error);
}
