/* The SQLite driver's key encoding and the SQL functions built on it.
 *
 * A key is a byte string whose memcmp order is MongoDB's order of BSON values: a type byte
 * (missing == null < numbers < strings < objects < arrays < binary < ObjectId < bool < date
 * ...) followed by a body. Numbers compare by value whatever their BSON type: the body is the
 * value as an order-preserving double plus a 16-bit correction that restores the exact order
 * of int64 values a double cannot hold. Strings are escaped (0x00 -> 0x00 0xFF) and end with
 * 0x00 0x00, so a string's key is a prefix of the keys of the strings it prefixes. */
#include "store/store-common-private.h"
#include "store/store-sqlite-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void
crm__buf_init(crm__buf_t *buf)
{
    buf->data = buf->inline_;
    buf->len = 0;
    buf->cap = sizeof buf->inline_;
}

void
crm__buf_reset(crm__buf_t *buf)
{
    buf->len = 0;
}

void
crm__buf_free(crm__buf_t *buf)
{
    if (buf->data != buf->inline_)
        bson_free(buf->data);
    crm__buf_init(buf);
}

/* Makes room for LEN more bytes. */
static void
buf_grow(crm__buf_t *buf, size_t len)
{
    size_t cap = buf->cap;

    if (buf->len + len <= cap)
        return;
    while (cap < buf->len + len)
        cap *= 2;
    if (buf->data == buf->inline_) {
        buf->data = bson_malloc(cap);
        memcpy(buf->data, buf->inline_, buf->len);
    } else {
        buf->data = bson_realloc(buf->data, cap);
    }
    buf->cap = cap;
}

void
crm__buf_put(crm__buf_t *buf, const void *data, size_t len)
{
    buf_grow(buf, len);
    memcpy(buf->data + buf->len, data, len);
    buf->len += len;
}

void
crm__buf_byte(crm__buf_t *buf, uint8_t byte)
{
    buf_grow(buf, 1);
    buf->data[buf->len++] = byte;
}

/* Appends V big-endian. */
static void
put_u64(crm__buf_t *out, uint64_t v)
{
    uint8_t b[8];

    for (int i = 7; i >= 0; i--) {
        b[i] = (uint8_t)v;
        v >>= 8;
    }
    crm__buf_put(out, b, 8);
}

static void
put_u32(crm__buf_t *out, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};

    crm__buf_put(out, b, 4);
}

/* Appends the body of a number: the double D in an order-preserving form, then DELTA, the
 * difference between the exact integer and D (0 for doubles). NaN sorts below -inf. */
static void
put_number(crm__buf_t *out, double d, int64_t delta)
{
    uint64_t bits;
    uint8_t b[2];
    uint16_t biased = (uint16_t)(delta + 0x8000);

    if (isnan(d)) {
        bits = 0;
    } else {
        if (d == 0)
            d = 0; /* -0.0 == 0.0 */
        memcpy(&bits, &d, sizeof bits);
        bits = (bits & UINT64_C(0x8000000000000000)) ? ~bits : bits | UINT64_C(0x8000000000000000);
    }
    put_u64(out, bits);
    b[0] = (uint8_t)(biased >> 8);
    b[1] = (uint8_t)biased;
    crm__buf_put(out, b, 2);
}

/* The body of an int64. */
static void
put_int64(crm__buf_t *out, int64_t v)
{
    double d = (double)v;
    int64_t delta;

    if (d >= 9223372036854775808.0)
        delta = (v - INT64_MAX) - 1; /* d is 2^63 */
    else
        delta = v - (int64_t)d;
    put_number(out, d, delta);
}

/* Appends STR escaped, then the terminator unless PREFIX. */
static void
put_string(crm__buf_t *out, const char *str, size_t len, bool prefix)
{
    const char *p = str;
    const char *end = str + len;

    while (p < end) {
        const char *nul = memchr(p, 0, (size_t)(end - p));
        size_t run = nul ? (size_t)(nul - p) : (size_t)(end - p);

        crm__buf_put(out, p, run);
        p += run;
        if (nul) {
            crm__buf_byte(out, 0x00);
            crm__buf_byte(out, 0xFF);
            p++;
        }
    }
    if (!prefix) {
        crm__buf_byte(out, 0x00);
        crm__buf_byte(out, 0x00);
    }
}

void
crm__key_encode_string(const char *str, size_t len, bool prefix, crm__buf_t *out)
{
    crm__buf_byte(out, CRM__KEY_STRING);
    put_string(out, str, len, prefix);
}

uint8_t
crm__key_type(const bson_iter_t *it)
{
    switch (bson_iter_type(it)) {
    case BSON_TYPE_MINKEY:
        return CRM__KEY_MINKEY;
    case BSON_TYPE_EOD:
    case BSON_TYPE_NULL:
    case BSON_TYPE_UNDEFINED:
        return CRM__KEY_NULL;
    case BSON_TYPE_DOUBLE:
    case BSON_TYPE_INT32:
    case BSON_TYPE_INT64:
    case BSON_TYPE_DECIMAL128:
        return CRM__KEY_NUMBER;
    case BSON_TYPE_UTF8:
    case BSON_TYPE_SYMBOL:
        return CRM__KEY_STRING;
    case BSON_TYPE_DOCUMENT:
        return CRM__KEY_OBJECT;
    case BSON_TYPE_ARRAY:
        return CRM__KEY_ARRAY;
    case BSON_TYPE_BINARY:
        return CRM__KEY_BINARY;
    case BSON_TYPE_OID:
        return CRM__KEY_OID;
    case BSON_TYPE_BOOL:
        return CRM__KEY_BOOL;
    case BSON_TYPE_DATE_TIME:
        return CRM__KEY_DATE;
    case BSON_TYPE_TIMESTAMP:
        return CRM__KEY_TIMESTAMP;
    case BSON_TYPE_REGEX:
        return CRM__KEY_REGEX;
    case BSON_TYPE_DBPOINTER:
        return CRM__KEY_DBPOINTER;
    case BSON_TYPE_CODE:
        return CRM__KEY_CODE;
    case BSON_TYPE_CODEWSCOPE:
        return CRM__KEY_CODEWSCOPE;
    case BSON_TYPE_MAXKEY:
    default:
        return CRM__KEY_MAXKEY;
    }
}

static void put_body(const bson_iter_t *it, crm__buf_t *out);

/* Appends the elements of the document or array at IT, then the end byte. */
static void
put_children(const bson_iter_t *it, bool named, crm__buf_t *out)
{
    bson_iter_t child;

    if (bson_iter_recurse(it, &child)) {
        while (bson_iter_next(&child)) {
            crm__buf_byte(out, crm__key_type(&child));
            if (named)
                put_string(out, bson_iter_key(&child), bson_iter_key_len(&child), false);
            put_body(&child, out);
        }
    }
    crm__buf_byte(out, 0x00);
}

/* Appends the body (everything after the type byte) of the value at IT. */
static void
put_body(const bson_iter_t *it, crm__buf_t *out)
{
    uint32_t len = 0;
    const char *str;

    switch (bson_iter_type(it)) {
    case BSON_TYPE_DOUBLE:
        put_number(out, bson_iter_double(it), 0);
        break;
    case BSON_TYPE_INT32:
        put_number(out, (double)bson_iter_int32(it), 0);
        break;
    case BSON_TYPE_INT64:
        put_int64(out, bson_iter_int64(it));
        break;
    case BSON_TYPE_DECIMAL128: {
        bson_decimal128_t dec;
        char s[BSON_DECIMAL128_STRING];

        bson_iter_decimal128(it, &dec);
        bson_decimal128_to_string(&dec, s);
        put_number(out, strtod(s, NULL), 0);
        break;
    }
    case BSON_TYPE_UTF8:
        str = bson_iter_utf8(it, &len);
        put_string(out, str, len, false);
        break;
    case BSON_TYPE_SYMBOL:
        str = bson_iter_symbol(it, &len);
        put_string(out, str, len, false);
        break;
    case BSON_TYPE_CODE:
        str = bson_iter_code(it, &len);
        put_string(out, str, len, false);
        break;
    case BSON_TYPE_DOCUMENT:
        put_children(it, true, out);
        break;
    case BSON_TYPE_ARRAY:
        put_children(it, false, out);
        break;
    case BSON_TYPE_BINARY: {
        bson_subtype_t sub;
        const uint8_t *bin;

        bson_iter_binary(it, &sub, &len, &bin);
        put_u32(out, len);
        crm__buf_byte(out, (uint8_t)sub);
        crm__buf_put(out, bin, len);
        break;
    }
    case BSON_TYPE_OID:
        crm__buf_put(out, bson_iter_oid(it)->bytes, 12);
        break;
    case BSON_TYPE_BOOL:
        crm__buf_byte(out, bson_iter_bool(it) ? 1 : 0);
        break;
    case BSON_TYPE_DATE_TIME:
        put_u64(out, (uint64_t)bson_iter_date_time(it) ^ UINT64_C(0x8000000000000000));
        break;
    case BSON_TYPE_TIMESTAMP: {
        uint32_t t, i;

        bson_iter_timestamp(it, &t, &i);
        put_u32(out, t);
        put_u32(out, i);
        break;
    }
    case BSON_TYPE_REGEX: {
        const char *opts = NULL;

        str = bson_iter_regex(it, &opts);
        put_string(out, str, strlen(str), false);
        put_string(out, opts, strlen(opts), false);
        break;
    }
    case BSON_TYPE_CODEWSCOPE: {
        const uint8_t *scope;
        uint32_t scope_len;

        str = bson_iter_codewscope(it, &len, &scope_len, &scope);
        put_string(out, str, len, false);
        break;
    }
    case BSON_TYPE_DBPOINTER: {
        const bson_oid_t *oid;

        bson_iter_dbpointer(it, &len, &str, &oid);
        put_string(out, str, len, false);
        crm__buf_put(out, oid->bytes, 12);
        break;
    }
    default:
        break;
    }
}

void
crm__key_encode_date(int64_t ms, crm__buf_t *out)
{
    crm__buf_byte(out, CRM__KEY_DATE);
    put_u64(out, (uint64_t)ms ^ UINT64_C(0x8000000000000000));
}

void
crm__key_encode(const bson_iter_t *it, crm__buf_t *out)
{
    crm__buf_byte(out, crm__key_type(it));
    put_body(it, out);
}

/* ---- path resolution with MongoDB's array semantics ---- */

/* One value reached by a path. bson_iter_t is declared 128-byte aligned but is smaller than
 * that, so an array of them is misaligned: each is wrapped to pad it. */
typedef struct cand {
    bson_iter_t it;
} cand_t;

typedef struct cands {
    cand_t *items;
    size_t n, cap;
    bool missing; /* some branch of the path ends before its last segment */
} cands_t;

static void
cands_add(cands_t *c, const bson_iter_t *it)
{
    if (c->n == c->cap) {
        /* realloc() would not keep the over-alignment */
        size_t cap = c->cap ? c->cap * 2 : 8;
        cand_t *items = aligned_alloc(BSON_ALIGNOF(cand_t), cap * sizeof *items);

        if (!items)
            abort();
        if (c->n)
            memcpy(items, c->items, c->n * sizeof *items);
        free(c->items);
        c->items = items;
        c->cap = cap;
    }
    c->items[c->n++].it = *it;
}

/* True when SEG (of length LEN) is a non-negative array index. */
static bool
is_index(const char *seg, size_t len)
{
    if (len == 0 || len > 9)
        return false;
    for (size_t i = 0; i < len; i++)
        if (seg[i] < '0' || seg[i] > '9')
            return false;
    return true;
}

/* Collects the values PATH reaches from the container at IT (a document or an array). */
static void
collect(const bson_iter_t *container, const char *path, cands_t *c)
{
    const char *dot = strchr(path, '.');
    size_t seg_len = dot ? (size_t)(dot - path) : strlen(path);
    bool array = BSON_ITER_HOLDS_ARRAY(container);
    bson_iter_t child;
    bool found = false;

    if (!bson_iter_recurse(container, &child))
        return;
    if (array && !is_index(path, seg_len)) {
        /* each element that is a document continues the path */
        while (bson_iter_next(&child))
            if (BSON_ITER_HOLDS_DOCUMENT(&child))
                collect(&child, path, c);
        return;
    }
    while (bson_iter_next(&child)) {
        if (bson_iter_key_len(&child) == seg_len &&
            memcmp(bson_iter_key(&child), path, seg_len) == 0) {
            found = true;
            break;
        }
    }
    if (!found) {
        if (!array)
            c->missing = true;
        return;
    }
    if (!dot) {
        cands_add(c, &child);
        if (BSON_ITER_HOLDS_ARRAY(&child)) {
            bson_iter_t el;

            if (bson_iter_recurse(&child, &el))
                while (bson_iter_next(&el))
                    cands_add(c, &el);
        }
        return;
    }
    if (BSON_ITER_HOLDS_DOCUMENT(&child) || BSON_ITER_HOLDS_ARRAY(&child))
        collect(&child, dot + 1, c);
    else
        c->missing = true;
}

/* Collects the candidates of PATH in DOC. */
static void
collect_doc(const bson_t *doc, const char *path, cands_t *c)
{
    bson_iter_t root;
    const char *dot = strchr(path, '.');
    size_t seg_len = dot ? (size_t)(dot - path) : strlen(path);
    char seg[256];

    if (!bson_iter_init(&root, doc))
        return;
    if (seg_len >= sizeof seg) {
        c->missing = true;
        return;
    }
    memcpy(seg, path, seg_len);
    seg[seg_len] = '\0';
    if (!bson_iter_find(&root, seg)) {
        c->missing = true;
        return;
    }
    if (!dot) {
        cands_add(c, &root);
        if (BSON_ITER_HOLDS_ARRAY(&root)) {
            bson_iter_t el;

            if (bson_iter_recurse(&root, &el))
                while (bson_iter_next(&el))
                    cands_add(c, &el);
        }
    } else if (BSON_ITER_HOLDS_DOCUMENT(&root) || BSON_ITER_HOLDS_ARRAY(&root)) {
        collect(&root, dot + 1, c);
    } else {
        c->missing = true;
    }
}

void
crm__element_keys(const bson_t *doc, const char *path, crm__element_fn fn, void *data)
{
    cands_t c = {0};
    bson_iter_t it, found;
    crm__buf_t key;

    /* A path reaching one value that is not an array is served by the expression index. */
    if (bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, path, &found) &&
        !BSON_ITER_HOLDS_ARRAY(&found))
        return;
    collect_doc(doc, path, &c);
    crm__buf_init(&key);
    for (size_t i = 0; i < c.n; i++) {
        if (BSON_ITER_HOLDS_ARRAY(&c.items[i].it))
            continue;
        crm__buf_reset(&key);
        crm__key_encode(&c.items[i].it, &key);
        fn(key.data, key.len, data);
    }
    crm__buf_free(&key);
    free(c.items);
}

/* True when some candidate equals the value at V (null also matches a missing path). */
static bool
cands_eq(const cands_t *c, const bson_iter_t *v, crm__buf_t *a, crm__buf_t *b)
{
    if (crm__key_type(v) == CRM__KEY_NULL) {
        if (c->missing || c->n == 0)
            return true;
        for (size_t i = 0; i < c->n; i++)
            if (crm__key_type(&c->items[i].it) == CRM__KEY_NULL)
                return true;
        return false;
    }
    crm__buf_reset(a);
    crm__key_encode(v, a);
    for (size_t i = 0; i < c->n; i++) {
        crm__buf_reset(b);
        crm__key_encode(&c->items[i].it, b);
        if (a->len == b->len && memcmp(a->data, b->data, a->len) == 0)
            return true;
    }
    return false;
}

/* True when some candidate of the operand's type compares to V as OP ("$gt", ...) wants. */
static bool
cands_cmp(const cands_t *c, const char *op, const bson_iter_t *v, crm__buf_t *a, crm__buf_t *b)
{
    uint8_t type = crm__key_type(v);

    if (type == CRM__KEY_NULL)
        return (!strcmp(op, "$gte") || !strcmp(op, "$lte")) ? cands_eq(c, v, a, b) : false;
    crm__buf_reset(a);
    crm__key_encode(v, a);
    for (size_t i = 0; i < c->n; i++) {
        int r;
        size_t n;

        if (crm__key_type(&c->items[i].it) != type)
            continue;
        crm__buf_reset(b);
        crm__key_encode(&c->items[i].it, b);
        n = a->len < b->len ? a->len : b->len;
        r = memcmp(b->data, a->data, n);
        if (r == 0)
            r = b->len < a->len ? -1 : b->len > a->len;
        if ((!strcmp(op, "$gt") && r > 0) || (!strcmp(op, "$gte") && r >= 0) ||
            (!strcmp(op, "$lt") && r < 0) || (!strcmp(op, "$lte") && r <= 0))
            return true;
    }
    return false;
}

/* True when some string candidate starts with the literal prefix of PATTERN. */
static bool
cands_prefix(const cands_t *c, const char *pattern)
{
    char prefix[512];
    size_t plen;

    if (!crm__regex_prefix(pattern, prefix, sizeof prefix))
        return false;
    plen = strlen(prefix);
    for (size_t i = 0; i < c->n; i++) {
        uint32_t len;
        const char *s;

        if (!BSON_ITER_HOLDS_UTF8(&c->items[i].it))
            continue;
        s = bson_iter_utf8(&c->items[i].it, &len);
        if (len >= plen && memcmp(s, prefix, plen) == 0)
            return true;
    }
    return false;
}

static bool eval_cond(const cands_t *c, const bson_iter_t *cond, crm__buf_t *a, crm__buf_t *b);

/* Evaluates one operator OP with operand V. */
static bool
eval_op(const cands_t *c, const char *op, const bson_iter_t *v, crm__buf_t *a, crm__buf_t *b)
{
    bson_iter_t list;

    if (!strcmp(op, "$eq"))
        return cands_eq(c, v, a, b);
    if (!strcmp(op, "$ne"))
        return !cands_eq(c, v, a, b);
    if (!strcmp(op, "$gt") || !strcmp(op, "$gte") || !strcmp(op, "$lt") || !strcmp(op, "$lte"))
        return cands_cmp(c, op, v, a, b);
    if (!strcmp(op, "$in") || !strcmp(op, "$nin")) {
        bool any = false;

        if (bson_iter_recurse(v, &list))
            while (!any && bson_iter_next(&list))
                any = cands_eq(c, &list, a, b);
        return op[1] == 'i' ? any : !any;
    }
    if (!strcmp(op, "$exists"))
        return bson_iter_as_bool(v) == (c->n > 0);
    if (!strcmp(op, "$regex")) {
        if (BSON_ITER_HOLDS_REGEX(v)) {
            const char *opts;

            return cands_prefix(c, bson_iter_regex(v, &opts));
        }
        return cands_prefix(c, bson_iter_utf8(v, NULL));
    }
    if (!strcmp(op, "$not")) {
        if (BSON_ITER_HOLDS_REGEX(v)) {
            const char *opts;

            return !cands_prefix(c, bson_iter_regex(v, &opts));
        }
        return !eval_cond(c, v, a, b);
    }
    return false;
}

/* Evaluates the operator document at COND: all its operators must hold. */
static bool
eval_cond(const cands_t *c, const bson_iter_t *cond, crm__buf_t *a, crm__buf_t *b)
{
    bson_iter_t op;

    if (!bson_iter_recurse(cond, &op))
        return false;
    while (bson_iter_next(&op)) {
        if (!strcmp(bson_iter_key(&op), "$options"))
            continue;
        if (!eval_op(c, bson_iter_key(&op), &op, a, b))
            return false;
    }
    return true;
}

bool
crm__match_path(const bson_t *doc, const char *path, const bson_t *cond)
{
    cands_t c = {0};
    crm__buf_t a, b;
    bson_iter_t it;
    bool ok = true;

    crm__buf_init(&a);
    crm__buf_init(&b);
    collect_doc(doc, path, &c);
    if (bson_iter_init(&it, cond)) {
        while (ok && bson_iter_next(&it))
            if (strcmp(bson_iter_key(&it), "$options") != 0)
                ok = eval_op(&c, bson_iter_key(&it), &it, &a, &b);
    }
    free(c.items);
    crm__buf_free(&a);
    crm__buf_free(&b);
    return ok;
}

/* ---- SQL functions ---- */

/* Reads the document argument ARG into DOC; false when it is not a BSON blob. */
static bool
arg_doc(sqlite3_value *arg, bson_t *doc)
{
    const uint8_t *data = sqlite3_value_blob(arg);
    int len = sqlite3_value_bytes(arg);

    return data && len >= 5 && bson_init_static(doc, data, (size_t)len);
}

/* Finds the value at the dotted path ARG in DOC. */
static bool
arg_find(const bson_t *doc, sqlite3_value *arg, bson_iter_t *out)
{
    const char *path = (const char *)sqlite3_value_text(arg);
    bson_iter_t it;

    if (!path || !bson_iter_init(&it, doc))
        return false;
    if (!strchr(path, '.'))
        return bson_iter_find(&it, path) && (*out = it, true);
    return bson_iter_find_descendant(&it, path, out);
}

/* Returns the key in BUF as the function's result. */
static void
result_key(sqlite3_context *ctx, crm__buf_t *buf)
{
    sqlite3_result_blob(ctx, buf->data, (int)buf->len, SQLITE_TRANSIENT);
    crm__buf_free(buf);
}

/* crm_key(doc, path): the key of the value at path; missing is null. */
static void
fn_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    bson_t doc;
    bson_iter_t it;
    crm__buf_t buf;
    static const uint8_t null_key = CRM__KEY_NULL;

    (void)argc;
    if (!arg_doc(argv[0], &doc) || !arg_find(&doc, argv[1], &it)) {
        sqlite3_result_blob(ctx, &null_key, 1, SQLITE_STATIC);
        return;
    }
    crm__buf_init(&buf);
    crm__key_encode(&it, &buf);
    result_key(ctx, &buf);
}

/* crm_exists(doc, path): 1 when the path holds a value (null included). */
static void
fn_exists(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    bson_t doc;
    bson_iter_t it;

    (void)argc;
    sqlite3_result_int(ctx, arg_doc(argv[0], &doc) && arg_find(&doc, argv[1], &it));
}

/* crm_match(doc, path, cond): crm__match_path() over the BSON condition COND. */
static void
fn_match(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    bson_t doc, cond;
    const char *path = (const char *)sqlite3_value_text(argv[1]);

    (void)argc;
    if (!arg_doc(argv[0], &doc) || !path || !arg_doc(argv[2], &cond)) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    sqlite3_result_int(ctx, crm__match_path(&doc, path, &cond));
}

/* crm_skey(doc, path, desc): the sort key of a path that may hold arrays: the smallest
 * (ascending) or largest (descending) of the values reached; an empty array sorts below
 * null. */
static void
fn_skey(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    bson_t doc;
    const char *path = (const char *)sqlite3_value_text(argv[1]);
    bool desc = sqlite3_value_int(argv[2]) != 0;
    cands_t c = {0};
    crm__buf_t best, cur;
    bool have = false, saw_array = false;

    (void)argc;
    crm__buf_init(&best);
    crm__buf_init(&cur);
    if (arg_doc(argv[0], &doc) && path)
        collect_doc(&doc, path, &c);
    for (size_t i = 0; i < c.n; i++) {
        int r;
        size_t n;

        if (BSON_ITER_HOLDS_ARRAY(&c.items[i].it)) {
            saw_array = true;
            continue;
        }
        crm__buf_reset(&cur);
        crm__key_encode(&c.items[i].it, &cur);
        n = cur.len < best.len ? cur.len : best.len;
        r = memcmp(cur.data, best.data, n);
        if (r == 0)
            r = cur.len < best.len ? -1 : cur.len > best.len;
        if (!have || (desc ? r > 0 : r < 0)) {
            crm__buf_reset(&best);
            crm__buf_put(&best, cur.data, cur.len);
            have = true;
        }
    }
    if (!have)
        crm__buf_byte(&best, (saw_array && !c.missing) ? 0x04 : CRM__KEY_NULL);
    free(c.items);
    crm__buf_free(&cur);
    result_key(ctx, &best);
}

/* crm_text(doc, path): the string at path (strings of an array joined by spaces), for the
 * text index; NULL otherwise. */
static void
fn_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    bson_t doc;
    bson_iter_t it, el;
    bson_string_t *s;

    (void)argc;
    if (!arg_doc(argv[0], &doc) || !arg_find(&doc, argv[1], &it)) {
        sqlite3_result_null(ctx);
        return;
    }
    if (BSON_ITER_HOLDS_UTF8(&it)) {
        uint32_t len;
        const char *str = bson_iter_utf8(&it, &len);

        sqlite3_result_text(ctx, str, (int)len, SQLITE_TRANSIENT);
        return;
    }
    if (!BSON_ITER_HOLDS_ARRAY(&it) || !bson_iter_recurse(&it, &el)) {
        sqlite3_result_null(ctx);
        return;
    }
    s = bson_string_new(NULL);
    while (bson_iter_next(&el)) {
        if (BSON_ITER_HOLDS_UTF8(&el)) {
            bson_string_append(s, bson_iter_utf8(&el, NULL));
            bson_string_append_c(s, ' ');
        }
    }
    sqlite3_result_text(ctx, s->str, (int)s->len, SQLITE_TRANSIENT);
    bson_string_free(s, true);
}

int
crm__sqlite_register_functions(sqlite3 *db)
{
    static const struct {
        const char *name;
        int argc;
        void (*fn)(sqlite3_context *, int, sqlite3_value **);
    } scalars[] = {
        {"crm_key", 2, fn_key},     {"crm_exists", 2, fn_exists}, {"crm_match", 3, fn_match},
        {"crm_skey", 3, fn_skey},   {"crm_text", 2, fn_text},
    };
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    int rc;

    for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++) {
        rc = sqlite3_create_function(db, scalars[i].name, scalars[i].argc, flags, NULL,
                                     scalars[i].fn, NULL, NULL);
        if (rc != SQLITE_OK)
            return rc;
    }
    return crm__sqlite_register_group_functions(db);
}
