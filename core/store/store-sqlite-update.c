/* The update operators ($set $unset $inc $push, dotted paths) applied to a BSON document, and
 * the document an upsert inserts. Each operator rewrites the document once; a path through a
 * missing field creates sub-documents, a path through a scalar is CRM_EINVAL. */
#include "store/store-sqlite-private.h"

#include <stdio.h>
#include <string.h>

typedef enum { OP_SET, OP_UNSET, OP_INC, OP_PUSH } op_t;

/* Appends under KEY the sum of the number at OLD (NULL: 0) and the one at INC. int32 stays
 * int32 while it fits, int64 when an operand is int64 or on overflow, double when either is. */
static int
append_inc(bson_t *out, const char *key, const bson_iter_t *old, const bson_iter_t *inc,
           const char *path, crm_error_t *error)
{
    bson_type_t a = old ? bson_iter_type(old) : BSON_TYPE_INT32;
    bson_type_t b = bson_iter_type(inc);

    if (old && a != BSON_TYPE_INT32 && a != BSON_TYPE_INT64 && a != BSON_TYPE_DOUBLE)
        return crm_error_set(error, CRM_EINVAL, "$inc of '%s': the field is not a number", path);
    if (a == BSON_TYPE_DOUBLE || b == BSON_TYPE_DOUBLE || b == BSON_TYPE_DECIMAL128) {
        double sum = (old ? bson_iter_as_double(old) : 0) + bson_iter_as_double(inc);

        bson_append_double(out, key, -1, sum);
    } else {
        int64_t x = old ? bson_iter_as_int64(old) : 0;
        int64_t y = bson_iter_as_int64(inc);
        int64_t sum;

        if (__builtin_add_overflow(x, y, &sum))
            bson_append_double(out, key, -1, (double)x + (double)y);
        else if (a == BSON_TYPE_INT32 && b == BSON_TYPE_INT32 && sum >= INT32_MIN &&
                 sum <= INT32_MAX)
            bson_append_int32(out, key, -1, (int32_t)sum);
        else
            bson_append_int64(out, key, -1, sum);
    }
    return 0;
}

/* Appends the elements of the $push operand at V ($each spreads an array) to ARR from index
 * *IDX on. */
static void
push_values(bson_t *arr, const bson_iter_t *v, uint32_t *idx)
{
    bson_iter_t mod, el;
    char buf[16];
    const char *k;

    if (BSON_ITER_HOLDS_DOCUMENT(v) && bson_iter_recurse(v, &mod) && bson_iter_next(&mod) &&
        !strcmp(bson_iter_key(&mod), "$each")) {
        bson_iter_recurse(&mod, &el);
        while (bson_iter_next(&el)) {
            bson_uint32_to_string((*idx)++, &k, buf, sizeof buf);
            bson_append_iter(arr, k, -1, &el);
        }
        return;
    }
    bson_uint32_to_string((*idx)++, &k, buf, sizeof buf);
    bson_append_iter(arr, k, -1, v);
}

/* Appends under KEY the new value of a leaf that held OLD (NULL when missing). */
static int
apply_leaf(bson_t *out, const char *key, op_t op, const bson_iter_t *old, const bson_iter_t *v,
           const char *path, crm_error_t *error)
{
    bson_t arr;
    bson_iter_t el;
    uint32_t idx = 0;

    switch (op) {
    case OP_SET:
        bson_append_iter(out, key, -1, v);
        return 0;
    case OP_UNSET:
        return 0;
    case OP_INC:
        return append_inc(out, key, old, v, path, error);
    case OP_PUSH:
        if (old && !BSON_ITER_HOLDS_ARRAY(old))
            return crm_error_set(error, CRM_EINVAL, "$push to '%s': the field is not an array",
                                 path);
        bson_append_array_begin(out, key, -1, &arr);
        if (old && bson_iter_recurse(old, &el)) {
            while (bson_iter_next(&el)) {
                bson_append_iter(&arr, bson_iter_key(&el), -1, &el);
                idx++;
            }
        }
        push_values(&arr, v, &idx);
        bson_append_array_end(out, &arr);
        return 0;
    }
    return 0;
}

/* Appends under KEY the value a missing path REST creates (sub-documents down to the leaf). */
static int
create_path(bson_t *out, const char *key, const char *rest, op_t op, const bson_iter_t *v,
            const char *path, crm_error_t *error)
{
    const char *dot;
    char seg[256];
    bson_t sub;
    int rc;

    if (!rest)
        return apply_leaf(out, key, op, NULL, v, path, error);
    if (op == OP_UNSET)
        return 0;
    dot = strchr(rest, '.');
    snprintf(seg, sizeof seg, "%.*s", (int)(dot ? (size_t)(dot - rest) : strlen(rest)), rest);
    bson_append_document_begin(out, key, -1, &sub);
    rc = create_path(&sub, seg, dot ? dot + 1 : NULL, op, v, path, error);
    bson_append_document_end(out, &sub);
    return rc;
}

/* Copies the container at SRC (a document or, when ARRAY, an array) into OUT with OP applied
 * at the relative dotted path REL. */
static int
rewrite(const bson_iter_t *src, bool array, bson_t *out, const char *rel, op_t op,
        const bson_iter_t *v, const char *path, crm_error_t *error)
{
    const char *dot = strchr(rel, '.');
    const char *rest = dot ? dot + 1 : NULL;
    char seg[256];
    bson_iter_t child;
    bool found = false;
    uint32_t count = 0;
    int rc = 0;

    snprintf(seg, sizeof seg, "%.*s", (int)(dot ? (size_t)(dot - rel) : strlen(rel)), rel);
    if (src && bson_iter_recurse(src, &child)) {
        while (rc == 0 && bson_iter_next(&child)) {
            const char *key = bson_iter_key(&child);

            count++;
            if (strcmp(key, seg) != 0) {
                bson_append_iter(out, key, -1, &child);
                continue;
            }
            found = true;
            if (!rest) {
                rc = apply_leaf(out, key, op, &child, v, path, error);
            } else if (BSON_ITER_HOLDS_DOCUMENT(&child) || BSON_ITER_HOLDS_ARRAY(&child)) {
                bson_t sub;
                bool sub_array = BSON_ITER_HOLDS_ARRAY(&child);

                if (sub_array)
                    bson_append_array_begin(out, key, -1, &sub);
                else
                    bson_append_document_begin(out, key, -1, &sub);
                rc = rewrite(&child, sub_array, &sub, rest, op, v, path, error);
                if (sub_array)
                    bson_append_array_end(out, &sub);
                else
                    bson_append_document_end(out, &sub);
            } else if (op == OP_UNSET) {
                bson_append_iter(out, key, -1, &child);
            } else {
                rc = crm_error_set(error, CRM_EINVAL, "cannot update '%s': '%s' is not a document",
                                   path, seg);
            }
        }
    }
    if (rc || found)
        return rc;
    if (array) {
        char *end;
        unsigned long idx = strtoul(seg, &end, 10);
        char buf[16];
        const char *k;

        if (op == OP_UNSET)
            return 0;
        if (*end || !*seg || idx > count + 1000)
            return crm_error_set(error, CRM_EINVAL, "cannot update '%s': '%s' is not an index",
                                 path, seg);
        for (; count < idx; count++) {
            bson_uint32_to_string(count, &k, buf, sizeof buf);
            bson_append_null(out, k, -1);
        }
    }
    return create_path(out, seg, rest, op, v, path, error);
}

/* Applies one operator at PATH with operand V to *DOC, replacing it. */
static int
apply_one(bson_t **doc, op_t op, const char *path, const bson_iter_t *v, crm_error_t *error)
{
    bson_t wrap = BSON_INITIALIZER;
    bson_t *out = bson_new();
    bson_iter_t root;
    int rc;

    bson_append_document(&wrap, "d", 1, *doc);
    bson_iter_init_find(&root, &wrap, "d");
    rc = rewrite(&root, false, out, path, op, v, path, error);
    bson_destroy(&wrap);
    if (rc) {
        bson_destroy(out);
        return rc;
    }
    bson_destroy(*doc);
    *doc = out;
    return 0;
}

int
crm__update_apply(const bson_t *doc, const bson_t *update, bson_t *out, bool *changed,
                  crm_error_t *error)
{
    bson_t *cur = bson_copy(doc);
    bson_iter_t it, field;
    int rc = 0;

    bson_iter_init(&it, update);
    while (rc == 0 && bson_iter_next(&it)) {
        const char *name = bson_iter_key(&it);
        op_t op = !strcmp(name, "$set")     ? OP_SET
                  : !strcmp(name, "$unset") ? OP_UNSET
                  : !strcmp(name, "$inc")   ? OP_INC
                                            : OP_PUSH;

        bson_iter_recurse(&it, &field);
        while (rc == 0 && bson_iter_next(&field))
            rc = apply_one(&cur, op, bson_iter_key(&field), &field, error);
    }
    if (rc) {
        bson_destroy(cur);
        bson_init(out);
        return rc;
    }
    *changed = cur->len != doc->len || memcmp(bson_get_data(cur), bson_get_data(doc), doc->len);
    bson_copy_to(cur, out);
    bson_destroy(cur);
    return 0;
}

/* Sets in *DOC the equality conditions of FILTER (recursing into $and). */
static int
equalities(bson_t **doc, const bson_t *filter, crm_error_t *error)
{
    bson_iter_t it, sub, el;
    int rc = 0;

    if (!filter || !bson_iter_init(&it, filter))
        return 0;
    while (rc == 0 && bson_iter_next(&it)) {
        const char *key = bson_iter_key(&it);

        if (!strcmp(key, "$and")) {
            bson_iter_recurse(&it, &el);
            while (rc == 0 && bson_iter_next(&el)) {
                const uint8_t *data;
                uint32_t len;
                bson_t clause;

                bson_iter_document(&el, &len, &data);
                bson_init_static(&clause, data, len);
                rc = equalities(doc, &clause, error);
            }
        } else if (key[0] == '$' || BSON_ITER_HOLDS_REGEX(&it)) {
            continue;
        } else if (BSON_ITER_HOLDS_DOCUMENT(&it) && bson_iter_recurse(&it, &sub) &&
                   bson_iter_next(&sub) && bson_iter_key(&sub)[0] == '$') {
            bson_iter_recurse(&it, &sub);
            if (bson_iter_find(&sub, "$eq"))
                rc = apply_one(doc, OP_SET, key, &sub, error);
        } else {
            rc = apply_one(doc, OP_SET, key, &it, error);
        }
    }
    return rc;
}

int
crm__upsert_doc(const bson_t *filter, const bson_t *update, bson_t *out, crm_error_t *error)
{
    bson_t *doc = bson_new();
    bool changed;
    int rc;

    rc = equalities(&doc, filter, error);
    if (rc == 0)
        rc = crm__update_apply(doc, update, out, &changed, error);
    bson_destroy(doc);
    return rc;
}
