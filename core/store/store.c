/* The store's front: opens a driver, checks every argument (collection names, the filter
 * language, updates, pipelines, projections) before a driver sees it, gives documents an _id,
 * runs transactions with per-thread nesting, and counts store failures for /metrics. */
#include "store/store-common-private.h"
#include "store/store-private.h"
#include "event/event-private.h"
#include "http/server-private.h"

#include <string.h>

/* ---- small helpers ---- */

int
crm__store_note(int code)
{
    if (code == CRM_ESTORE || code == CRM_EUNAVAIL)
        crm__metrics_store_error();
    return code;
}

/* Checks COLL against [a-z][a-z0-9_]{0,62}. */
static int
check_coll(const char *coll, crm_error_t *error)
{
    size_t len;

    if (!coll || !*coll)
        return crm_error_set(error, CRM_EINVAL, "collection name missing");
    len = strlen(coll);
    if (len > CRM_COLLECTION_NAME_MAX || coll[0] < 'a' || coll[0] > 'z')
        goto bad;
    for (size_t i = 1; i < len; i++) {
        char c = coll[i];

        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            goto bad;
    }
    return 0;
bad:
    return crm_error_set(error, CRM_EINVAL,
                         "collection name '%.80s' invalid: want [a-z][a-z0-9_]{0,62}", coll);
}

/* Checks a dotted field path: non-empty segments, none starting with '$'. */
static int
check_path(const char *path, const char *what, crm_error_t *error)
{
    const char *seg = path;

    if (!*path)
        return crm_error_set(error, CRM_EINVAL, "%s: empty field path", what);
    for (;;) {
        const char *dot = strchr(seg, '.');
        size_t len = dot ? (size_t)(dot - seg) : strlen(seg);

        if (len == 0 || seg[0] == '$')
            return crm_error_set(error, CRM_EINVAL, "%s: invalid field path '%.100s'", what, path);
        if (!dot)
            return 0;
        seg = dot + 1;
    }
}

/* True when the document at IT has a first key starting with '$'. */
static bool
is_operator_doc(const bson_iter_t *it)
{
    bson_iter_t child;

    return BSON_ITER_HOLDS_DOCUMENT(it) && bson_iter_recurse(it, &child) &&
           bson_iter_next(&child) && bson_iter_key(&child)[0] == '$';
}

static bool
is_number(const bson_iter_t *it)
{
    bson_type_t t = bson_iter_type(it);

    return t == BSON_TYPE_INT32 || t == BSON_TYPE_INT64 || t == BSON_TYPE_DOUBLE ||
           t == BSON_TYPE_DECIMAL128;
}

/* ---- regex prefixes ---- */

bool
crm__regex_prefix(const char *pattern, char *prefix, size_t cap)
{
    static const char special[] = "\\.^$*+?()[]{}|";
    size_t n = 0;

    if (!pattern || pattern[0] != '^')
        return false;
    for (const char *p = pattern + 1; *p; p++) {
        char c = *p;

        if (c == '\\') {
            c = *++p;
            if (!c || !strchr(special, c) || c == '\0')
                return false;
        } else if (strchr(special, c)) {
            return false;
        }
        if (n + 1 >= cap)
            return false;
        prefix[n++] = c;
    }
    prefix[n] = '\0';
    return true;
}

/* Checks a $regex operand (string or BSON regex) and its options. */
static int
check_regex(const bson_iter_t *it, const char *path, const char *options, crm_error_t *error)
{
    char prefix[512];
    const char *pattern;
    const char *opts = options;

    if (BSON_ITER_HOLDS_REGEX(it))
        pattern = bson_iter_regex(it, &opts);
    else if (BSON_ITER_HOLDS_UTF8(it))
        pattern = bson_iter_utf8(it, NULL);
    else
        return crm_error_set(error, CRM_EINVAL, "$regex at '%s' needs a string", path);
    if (opts && *opts)
        return crm_error_set(error, CRM_EINVAL, "$regex at '%s': options '%s' not supported", path,
                             opts);
    if (!crm__regex_prefix(pattern, prefix, sizeof prefix))
        return crm_error_set(error, CRM_EINVAL,
                             "$regex at '%s': only anchored prefixes like \"^abc\" are "
                             "supported (escape special characters), got \"%.100s\"",
                             path, pattern);
    return 0;
}

/* ---- the filter language ---- */

static int check_filter(const bson_t *filter, int depth, bool top, crm_error_t *error);

/* Checks the operator document at OPS applied to PATH. */
static int
check_ops(const char *path, const bson_iter_t *ops, int depth, crm_error_t *error)
{
    bson_iter_t op, el, sib;
    const char *options = NULL;
    bool has_regex = false;
    int rc;

    if (depth > CRM_FILTER_MAX_DEPTH)
        return crm_error_set(error, CRM_EINVAL, "filter nested deeper than %d levels at '%s'",
                             CRM_FILTER_MAX_DEPTH, path);
    if (!bson_iter_recurse(ops, &op))
        return crm_error_set(error, CRM_EINVAL, "malformed operators at '%s'", path);
    bson_iter_recurse(ops, &sib);
    if (bson_iter_find(&sib, "$options")) {
        if (!BSON_ITER_HOLDS_UTF8(&sib))
            return crm_error_set(error, CRM_EINVAL, "$options at '%s' needs a string", path);
        options = bson_iter_utf8(&sib, NULL);
    }
    while (bson_iter_next(&op)) {
        const char *name = bson_iter_key(&op);

        if (name[0] != '$')
            return crm_error_set(error, CRM_EINVAL, "'%s' mixes operators and fields ('%s')", path,
                                 name);
        if (!strcmp(name, "$eq") || !strcmp(name, "$ne") || !strcmp(name, "$gt") ||
            !strcmp(name, "$gte") || !strcmp(name, "$lt") || !strcmp(name, "$lte")) {
            if (BSON_ITER_HOLDS_REGEX(&op))
                return crm_error_set(error, CRM_EINVAL, "%s at '%s': regex operand not supported",
                                     name, path);
            if (is_operator_doc(&op))
                return crm_error_set(error, CRM_EINVAL, "%s at '%s': operand has operators", name,
                                     path);
        } else if (!strcmp(name, "$in") || !strcmp(name, "$nin")) {
            if (!BSON_ITER_HOLDS_ARRAY(&op))
                return crm_error_set(error, CRM_EINVAL, "%s at '%s' needs an array", name, path);
            bson_iter_recurse(&op, &el);
            while (bson_iter_next(&el))
                if (BSON_ITER_HOLDS_REGEX(&el) || is_operator_doc(&el))
                    return crm_error_set(error, CRM_EINVAL,
                                         "%s at '%s': regexes and operators not supported in "
                                         "the list",
                                         name, path);
        } else if (!strcmp(name, "$exists")) {
            if (!BSON_ITER_HOLDS_BOOL(&op) && !is_number(&op))
                return crm_error_set(error, CRM_EINVAL, "$exists at '%s' needs a boolean", path);
        } else if (!strcmp(name, "$regex")) {
            rc = check_regex(&op, path, options, error);
            if (rc)
                return rc;
            has_regex = true;
        } else if (!strcmp(name, "$options")) {
            /* checked with $regex */
        } else if (!strcmp(name, "$not")) {
            if (BSON_ITER_HOLDS_REGEX(&op)) {
                rc = check_regex(&op, path, NULL, error);
            } else if (BSON_ITER_HOLDS_DOCUMENT(&op) && is_operator_doc(&op)) {
                rc = check_ops(path, &op, depth + 1, error);
            } else {
                rc = crm_error_set(error, CRM_EINVAL,
                                   "$not at '%s' needs a document of operators or a regex", path);
            }
            if (rc)
                return rc;
        } else if (!strcmp(name, "$where") || !strcmp(name, "$function") ||
                   !strcmp(name, "$expr")) {
            return crm_error_set(error, CRM_EINVAL, "operator %s is not allowed (at '%s')", name,
                                 path);
        } else {
            return crm_error_set(error, CRM_EINVAL, "unknown operator %.60s at '%s'", name, path);
        }
    }
    if (options && !has_regex)
        return crm_error_set(error, CRM_EINVAL, "$options at '%s' without $regex", path);
    return 0;
}

/* Checks an equality operand: a document used for object equality may not hold operators. */
static int
check_literal(const bson_iter_t *it, const char *path, int depth, crm_error_t *error)
{
    bson_iter_t child;

    if (depth > CRM_FILTER_MAX_DEPTH)
        return crm_error_set(error, CRM_EINVAL, "filter nested deeper than %d levels at '%s'",
                             CRM_FILTER_MAX_DEPTH, path);
    if (!BSON_ITER_HOLDS_DOCUMENT(it) && !BSON_ITER_HOLDS_ARRAY(it))
        return 0;
    if (!bson_iter_recurse(it, &child))
        return crm_error_set(error, CRM_EINVAL, "malformed value at '%s'", path);
    while (bson_iter_next(&child)) {
        if (BSON_ITER_HOLDS_DOCUMENT(it) && bson_iter_key(&child)[0] == '$')
            return crm_error_set(error, CRM_EINVAL, "'%s' mixes operators and fields ('%s')", path,
                                 bson_iter_key(&child));
        if (check_literal(&child, path, depth + 1, error))
            return CRM_EINVAL;
    }
    return 0;
}

/* Checks the array of filters at IT (for $and / $or). */
static int
check_clauses(const bson_iter_t *it, const char *name, int depth, crm_error_t *error)
{
    bson_iter_t el;
    bson_t sub;
    int n = 0;
    int rc;

    if (!BSON_ITER_HOLDS_ARRAY(it) || !bson_iter_recurse(it, &el))
        return crm_error_set(error, CRM_EINVAL, "%s needs a non-empty array of documents", name);
    while (bson_iter_next(&el)) {
        const uint8_t *data;
        uint32_t len;

        if (!BSON_ITER_HOLDS_DOCUMENT(&el))
            return crm_error_set(error, CRM_EINVAL, "%s needs a non-empty array of documents",
                                 name);
        bson_iter_document(&el, &len, &data);
        if (!bson_init_static(&sub, data, len))
            return crm_error_set(error, CRM_EINVAL, "%s: malformed document", name);
        rc = check_filter(&sub, depth + 1, false, error);
        if (rc)
            return rc;
        n++;
    }
    if (n == 0)
        return crm_error_set(error, CRM_EINVAL, "%s needs a non-empty array of documents", name);
    return 0;
}

/* Checks FILTER at nesting DEPTH; TOP is true for the whole filter. */
static int
check_filter(const bson_t *filter, int depth, bool top, crm_error_t *error)
{
    bson_iter_t it, sub;
    int rc;

    if (depth > CRM_FILTER_MAX_DEPTH)
        return crm_error_set(error, CRM_EINVAL, "filter nested deeper than %d levels",
                             CRM_FILTER_MAX_DEPTH);
    if (!bson_iter_init(&it, filter))
        return crm_error_set(error, CRM_EINVAL, "malformed filter");
    while (bson_iter_next(&it)) {
        const char *key = bson_iter_key(&it);

        if (!strcmp(key, "$and") || !strcmp(key, "$or")) {
            rc = check_clauses(&it, key, depth, error);
        } else if (!strcmp(key, "$text")) {
            if (!top)
                return crm_error_set(error, CRM_EINVAL, "$text is allowed only at the top level");
            if (!BSON_ITER_HOLDS_DOCUMENT(&it) || !bson_iter_recurse(&it, &sub) ||
                !bson_iter_next(&sub) || strcmp(bson_iter_key(&sub), "$search") != 0 ||
                !BSON_ITER_HOLDS_UTF8(&sub) || bson_iter_next(&sub))
                return crm_error_set(error, CRM_EINVAL,
                                     "$text needs exactly {\"$search\": \"words\"}");
            rc = 0;
        } else if (!strcmp(key, "$where") || !strcmp(key, "$function") || !strcmp(key, "$expr")) {
            return crm_error_set(error, CRM_EINVAL, "operator %s is not allowed", key);
        } else if (key[0] == '$') {
            return crm_error_set(error, CRM_EINVAL, "unknown operator %.60s", key);
        } else {
            rc = check_path(key, "filter", error);
            if (rc)
                return rc;
            if (is_operator_doc(&it))
                rc = check_ops(key, &it, depth + 1, error);
            else if (BSON_ITER_HOLDS_REGEX(&it))
                rc = check_regex(&it, key, NULL, error);
            else
                rc = check_literal(&it, key, depth + 1, error);
        }
        if (rc)
            return rc;
    }
    return 0;
}

int
crm_filter_check(const bson_t *filter, crm_error_t *error)
{
    if (!filter)
        return 0;
    return check_filter(filter, 1, true, error);
}

/* ---- updates ---- */

/* True when paths A and B are equal or one lies under the other. */
static bool
paths_overlap(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t n = la < lb ? la : lb;

    if (strncmp(a, b, n) != 0)
        return false;
    return la == lb || (la < lb ? b[la] == '.' : a[lb] == '.');
}

int
crm__update_check(const bson_t *update, crm_error_t *error)
{
    bson_iter_t op, field;
    const char *paths[128];
    size_t n = 0;
    int rc;

    if (!update || bson_empty(update))
        return crm_error_set(error, CRM_EINVAL, "update is empty");
    if (!bson_iter_init(&op, update))
        return crm_error_set(error, CRM_EINVAL, "malformed update");
    while (bson_iter_next(&op)) {
        const char *name = bson_iter_key(&op);

        if (strcmp(name, "$set") && strcmp(name, "$unset") && strcmp(name, "$inc") &&
            strcmp(name, "$push"))
            return crm_error_set(error, CRM_EINVAL,
                                 "update operator %.60s not supported (use $set $unset $inc "
                                 "$push)",
                                 name);
        if (!BSON_ITER_HOLDS_DOCUMENT(&op) || !bson_iter_recurse(&op, &field))
            return crm_error_set(error, CRM_EINVAL, "%s needs a document", name);
        while (bson_iter_next(&field)) {
            const char *path = bson_iter_key(&field);

            rc = check_path(path, name, error);
            if (rc)
                return rc;
            if (!strcmp(path, "_id") || !strncmp(path, "_id.", 4))
                return crm_error_set(error, CRM_EINVAL, "%s: _id cannot be changed", name);
            if (!strcmp(name, "$inc") && !is_number(&field))
                return crm_error_set(error, CRM_EINVAL, "$inc of '%s' needs a number", path);
            if (!strcmp(name, "$push") && is_operator_doc(&field)) {
                bson_iter_t mod;

                bson_iter_recurse(&field, &mod);
                if (!bson_iter_next(&mod) || strcmp(bson_iter_key(&mod), "$each") ||
                    !BSON_ITER_HOLDS_ARRAY(&mod) || bson_iter_next(&mod))
                    return crm_error_set(error, CRM_EINVAL,
                                         "$push of '%s': only the $each modifier is supported",
                                         path);
            }
            for (size_t i = 0; i < n; i++)
                if (paths_overlap(paths[i], path))
                    return crm_error_set(error, CRM_EINVAL, "update paths '%s' and '%s' conflict",
                                         paths[i], path);
            if (n == sizeof paths / sizeof paths[0])
                return crm_error_set(error, CRM_EINVAL, "update has too many fields");
            paths[n++] = path;
        }
    }
    return 0;
}

/* ---- pipelines ---- */

/* Checks a "$path" operand. */
static int
check_field_ref(const bson_iter_t *it, const char *where, crm_error_t *error)
{
    const char *s;

    if (!BSON_ITER_HOLDS_UTF8(it) || (s = bson_iter_utf8(it, NULL))[0] != '$')
        return crm_error_set(error, CRM_EINVAL, "%s needs a \"$path\"", where);
    return check_path(s + 1, where, error);
}

/* Checks one group key part: "$path" or {"$dateTrunc": {"date": "$path", "unit": UNIT}}. */
static int
check_key_part(const bson_iter_t *it, crm_error_t *error)
{
    static const char *const units[] = {"day", "week", "month", "quarter", "year"};
    bson_iter_t d, a;
    bool have_date = false, have_unit = false;
    int rc;

    if (!BSON_ITER_HOLDS_DOCUMENT(it))
        return check_field_ref(it, "$group _id", error);
    if (!bson_iter_recurse(it, &d) || !bson_iter_next(&d) ||
        strcmp(bson_iter_key(&d), "$dateTrunc") != 0 || !BSON_ITER_HOLDS_DOCUMENT(&d))
        return crm_error_set(error, CRM_EINVAL,
                             "$group _id: a key is a \"$path\" or a $dateTrunc document");
    bson_iter_recurse(&d, &a);
    if (bson_iter_next(&d))
        return crm_error_set(error, CRM_EINVAL, "$group _id: $dateTrunc stands alone");
    while (bson_iter_next(&a)) {
        if (!strcmp(bson_iter_key(&a), "date")) {
            rc = check_field_ref(&a, "$dateTrunc date", error);
            if (rc)
                return rc;
            have_date = true;
        } else if (!strcmp(bson_iter_key(&a), "unit") && BSON_ITER_HOLDS_UTF8(&a)) {
            for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
                have_unit = have_unit || !strcmp(bson_iter_utf8(&a, NULL), units[i]);
            if (!have_unit)
                return crm_error_set(error, CRM_EINVAL, "$dateTrunc: unit %.20s not supported",
                                     bson_iter_utf8(&a, NULL));
        } else {
            return crm_error_set(error, CRM_EINVAL, "$dateTrunc: %.40s not supported",
                                 bson_iter_key(&a));
        }
    }
    if (!have_date || !have_unit)
        return crm_error_set(error, CRM_EINVAL, "$dateTrunc needs a date and a unit");
    return 0;
}

/* True when the group _id at IT is one $dateTrunc key rather than a document of keys. */
static bool
is_date_trunc(const bson_iter_t *it)
{
    bson_iter_t d;

    return BSON_ITER_HOLDS_DOCUMENT(it) && bson_iter_recurse(it, &d) && bson_iter_next(&d) &&
           !strcmp(bson_iter_key(&d), "$dateTrunc");
}

/* Checks a $group stage. */
static int
check_group(const bson_iter_t *stage, crm_error_t *error)
{
    bson_iter_t f, acc, k;
    bool has_id = false;
    int rc;

    if (!BSON_ITER_HOLDS_DOCUMENT(stage) || !bson_iter_recurse(stage, &f))
        return crm_error_set(error, CRM_EINVAL, "$group needs a document");
    while (bson_iter_next(&f)) {
        const char *name = bson_iter_key(&f);

        if (!strcmp(name, "_id")) {
            has_id = true;
            if (BSON_ITER_HOLDS_NULL(&f))
                continue;
            if (BSON_ITER_HOLDS_DOCUMENT(&f) && !is_date_trunc(&f)) {
                bson_iter_recurse(&f, &k);
                while (bson_iter_next(&k)) {
                    if (strchr(bson_iter_key(&k), '.') || bson_iter_key(&k)[0] == '$')
                        return crm_error_set(error, CRM_EINVAL, "$group _id: bad key name '%s'",
                                             bson_iter_key(&k));
                    rc = check_key_part(&k, error);
                    if (rc)
                        return rc;
                }
                continue;
            }
            rc = check_key_part(&f, error);
            if (rc)
                return rc;
            continue;
        }
        if (name[0] == '$' || strchr(name, '.'))
            return crm_error_set(error, CRM_EINVAL, "$group: bad output name '%s'", name);
        if (!BSON_ITER_HOLDS_DOCUMENT(&f) || !bson_iter_recurse(&f, &acc) || !bson_iter_next(&acc))
            return crm_error_set(error, CRM_EINVAL, "$group '%s' needs an accumulator", name);
        if (!strcmp(bson_iter_key(&acc), "$sum")) {
            if (!is_number(&acc) && check_field_ref(&acc, "$sum", error))
                return crm_error_set(error, CRM_EINVAL,
                                     "$sum of '%s' needs a number or a \"$path\"", name);
        } else if (!strcmp(bson_iter_key(&acc), "$avg") || !strcmp(bson_iter_key(&acc), "$min") ||
                   !strcmp(bson_iter_key(&acc), "$max") ||
                   !strcmp(bson_iter_key(&acc), "$countDistinct")) {
            rc = check_field_ref(&acc, bson_iter_key(&acc), error);
            if (rc)
                return rc;
        } else {
            return crm_error_set(error, CRM_EINVAL, "$group '%s': accumulator %.40s not supported",
                                 name, bson_iter_key(&acc));
        }
        if (bson_iter_next(&acc))
            return crm_error_set(error, CRM_EINVAL, "$group '%s' has more than one accumulator",
                                 name);
    }
    if (!has_id)
        return crm_error_set(error, CRM_EINVAL, "$group needs an _id");
    return 0;
}

int
crm__pipeline_check(const bson_t *pipeline, crm_error_t *error)
{
    static const char *const order[] = {"$match", "$group", "$sort", "$limit"};
    bson_iter_t it, stage, s;
    int next = 0; /* index into ORDER of the earliest stage still allowed */
    bool grouped = false;
    int rc;

    if (!pipeline || !bson_iter_init(&it, pipeline))
        return crm_error_set(error, CRM_EINVAL, "malformed pipeline");
    while (bson_iter_next(&it)) {
        int i;

        if (!BSON_ITER_HOLDS_DOCUMENT(&it) || !bson_iter_recurse(&it, &stage) ||
            !bson_iter_next(&stage))
            return crm_error_set(error, CRM_EINVAL, "pipeline stage %s is not a stage",
                                 bson_iter_key(&it));
        for (i = 0; i < 4; i++)
            if (!strcmp(bson_iter_key(&stage), order[i]))
                break;
        if (i == 4)
            return crm_error_set(error, CRM_EINVAL, "pipeline stage %.40s not supported",
                                 bson_iter_key(&stage));
        if (i < next)
            return crm_error_set(error, CRM_EINVAL,
                                 "pipeline stage %s out of order (want $match, $group, $sort, "
                                 "$limit)",
                                 order[i]);
        if (i > 1 && !grouped)
            return crm_error_set(error, CRM_EINVAL, "pipeline needs $group before %s", order[i]);
        next = i + 1;
        if (i == 0) {
            const uint8_t *data;
            uint32_t len;
            bson_t sub;

            if (!BSON_ITER_HOLDS_DOCUMENT(&stage))
                return crm_error_set(error, CRM_EINVAL, "$match needs a document");
            bson_iter_document(&stage, &len, &data);
            if (!bson_init_static(&sub, data, len))
                return crm_error_set(error, CRM_EINVAL, "$match: malformed document");
            rc = crm_filter_check(&sub, error);
        } else if (i == 1) {
            rc = check_group(&stage, error);
            grouped = true;
        } else if (i == 2) {
            rc = 0;
            if (!BSON_ITER_HOLDS_DOCUMENT(&stage) || !bson_iter_recurse(&stage, &s))
                return crm_error_set(error, CRM_EINVAL, "$sort needs a document");
            while (bson_iter_next(&s))
                if (!is_number(&s) || (bson_iter_as_int64(&s) != 1 && bson_iter_as_int64(&s) != -1))
                    return crm_error_set(error, CRM_EINVAL, "$sort '%s' needs 1 or -1",
                                         bson_iter_key(&s));
        } else {
            rc = 0;
            if (!is_number(&stage) || bson_iter_as_int64(&stage) <= 0)
                return crm_error_set(error, CRM_EINVAL, "$limit needs a positive integer");
        }
        if (rc)
            return rc;
        if (bson_iter_next(&stage))
            return crm_error_set(error, CRM_EINVAL, "a pipeline stage has exactly one operator");
    }
    if (!grouped)
        return crm_error_set(error, CRM_EINVAL, "pipeline needs a $group stage");
    return 0;
}

/* ---- projections ---- */

int
crm__projection_check(const bson_t *projection, crm_error_t *error)
{
    bson_iter_t it;
    int mode = -1; /* 1 inclusion, 0 exclusion */
    int rc;

    if (!projection)
        return 0;
    if (!bson_iter_init(&it, projection))
        return crm_error_set(error, CRM_EINVAL, "malformed projection");
    while (bson_iter_next(&it)) {
        const char *path = bson_iter_key(&it);
        int v;

        rc = check_path(path, "projection", error);
        if (rc)
            return rc;
        if (!is_number(&it) && !BSON_ITER_HOLDS_BOOL(&it))
            return crm_error_set(error, CRM_EINVAL, "projection of '%s' needs 1 or 0", path);
        v = bson_iter_as_bool(&it) ? 1 : 0;
        if (!strcmp(path, "_id"))
            continue;
        if (mode >= 0 && mode != v)
            return crm_error_set(error, CRM_EINVAL,
                                 "projection mixes inclusion and exclusion ('%s')", path);
        mode = v;
    }
    return 0;
}

/* Projects the elements of the container at IT (document or array) into OUT. PATHS (N of
 * them) are relative to the container; INCLUDE tells the mode. */
static void project_level(bson_iter_t *it, const char *const *paths, size_t n, bool include,
                          bool array, bson_t *out);

/* Projects one element CHILD whose key is KEY. */
static void
project_child(bson_iter_t *child, const char *const *paths, size_t n, bool include, bson_t *out)
{
    const char *key = bson_iter_key(child);
    size_t klen = strlen(key);
    const char *sub[64];
    size_t n_sub = 0;
    bool whole = false;

    for (size_t i = 0; i < n; i++) {
        if (!strcmp(paths[i], key))
            whole = true;
        else if (!strncmp(paths[i], key, klen) && paths[i][klen] == '.' && n_sub < 64)
            sub[n_sub++] = paths[i] + klen + 1;
    }
    if (whole) {
        if (include)
            bson_append_iter(out, key, (int)klen, child);
        return;
    }
    if (n_sub == 0) {
        if (!include)
            bson_append_iter(out, key, (int)klen, child);
        return;
    }
    if (BSON_ITER_HOLDS_DOCUMENT(child)) {
        bson_t doc;

        bson_append_document_begin(out, key, (int)klen, &doc);
        project_level(child, sub, n_sub, include, false, &doc);
        bson_append_document_end(out, &doc);
    } else if (BSON_ITER_HOLDS_ARRAY(child)) {
        bson_t arr;

        bson_append_array_begin(out, key, (int)klen, &arr);
        project_level(child, sub, n_sub, include, true, &arr);
        bson_append_array_end(out, &arr);
    } else if (!include) {
        bson_append_iter(out, key, (int)klen, child);
    }
}

static void
project_level(bson_iter_t *it, const char *const *paths, size_t n, bool include, bool array,
              bson_t *out)
{
    bson_iter_t child;
    uint32_t idx = 0;

    if (!bson_iter_recurse(it, &child))
        return;
    while (bson_iter_next(&child)) {
        if (!array) {
            project_child(&child, paths, n, include, out);
            continue;
        }
        /* arrays: documents are projected, other elements kept only when excluding */
        if (BSON_ITER_HOLDS_DOCUMENT(&child)) {
            const char *k;
            char buf[16];
            bson_t doc;

            bson_uint32_to_string(idx++, &k, buf, sizeof buf);
            bson_append_document_begin(out, k, -1, &doc);
            project_level(&child, paths, n, include, false, &doc);
            bson_append_document_end(out, &doc);
        } else if (!include) {
            const char *k;
            char buf[16];

            bson_uint32_to_string(idx++, &k, buf, sizeof buf);
            bson_append_iter(out, k, -1, &child);
        }
    }
}

void
crm__projection_apply(const bson_t *doc, const bson_t *projection, bson_t *out)
{
    const char *paths[64];
    size_t n = 0;
    bool include = false, id_seen = false, id_keep = true;
    bson_iter_t it, root;

    bson_iter_init(&it, projection);
    while (bson_iter_next(&it) && n < 63) {
        const char *path = bson_iter_key(&it);

        if (!strcmp(path, "_id")) {
            id_seen = true;
            id_keep = bson_iter_as_bool(&it);
            continue;
        }
        include = bson_iter_as_bool(&it);
        paths[n++] = path;
    }
    if (n == 0)
        include = id_seen && id_keep;
    if (include) {
        if (id_keep)
            paths[n++] = "_id";
    } else if (id_seen && !id_keep) {
        paths[n++] = "_id";
    }
    /* a fake iterator over the whole document: wrap it as a one-element document */
    {
        bson_t wrap = BSON_INITIALIZER;

        bson_append_document(&wrap, "d", 1, doc);
        bson_iter_init_find(&root, &wrap, "d");
        project_level(&root, paths, n, include, false, out);
        bson_destroy(&wrap);
    }
}

/* ---- opening and dispatch ---- */

crm_store_t *
crm_store_open(const char *driver, const char *location, const char *database, crm_error_t *error)
{
    crm_store_t *store = NULL;
    const crm__store_driver_t *drv = NULL;
    int rc;

    if (driver && !strcmp(driver, "sqlite")) {
        drv = &crm__store_sqlite;
    } else if (driver && !strcmp(driver, "mongodb")) {
        drv = &crm__store_mongodb;
    } else {
        crm_error_set(error, CRM_ECONFIG, "store driver '%s' unknown (want sqlite or mongodb)",
                      driver ? driver : "(none)");
        return NULL;
    }
    store = bson_malloc0(sizeof *store);
    store->driver = drv;
    rc = drv->open(store, location, database, &store->impl, error);
    if (rc != 0) {
        crm__store_note(rc);
        bson_free(store);
        return NULL;
    }
    return store;
}

void
crm_store_close(crm_store_t *store)
{
    if (!store)
        return;
    store->driver->close(store->impl);
    bson_free(store);
}

const char *
crm_store_driver(const crm_store_t *store)
{
    return store ? store->driver->name : "none";
}

crm_cursor_t *
crm__cursor_new(void)
{
    return bson_malloc0(sizeof(crm_cursor_t));
}

/* Checks a document to write: a valid BSON document whose top-level names do not start with
 * '$' and whose _id, when present, is not an array or a regex. */
static int
check_doc(const bson_t *doc, const char *what, crm_error_t *error)
{
    bson_iter_t it;

    if (!doc || !bson_iter_init(&it, doc))
        return crm_error_set(error, CRM_EINVAL, "%s: malformed document", what);
    while (bson_iter_next(&it)) {
        const char *key = bson_iter_key(&it);

        if (key[0] == '$' || !key[0])
            return crm_error_set(error, CRM_EINVAL, "%s: field name '%.60s' not allowed", what,
                                 key);
        if (!strcmp(key, "_id") && (BSON_ITER_HOLDS_ARRAY(&it) || BSON_ITER_HOLDS_REGEX(&it)))
            return crm_error_set(error, CRM_EINVAL, "%s: _id cannot be an array or a regex", what);
    }
    return 0;
}

/* Returns DOC when it has an _id, else a new document (ObjectId _id first, then DOC's fields)
 * stored in *OWNED; the new id is copied to OUT_ID when given. */
static const bson_t *
with_id(const bson_t *doc, bson_t **owned, bson_oid_t *out_id)
{
    bson_iter_t it;
    bson_oid_t oid;

    if (bson_iter_init_find(&it, doc, "_id")) {
        if (out_id && BSON_ITER_HOLDS_OID(&it))
            bson_oid_copy(bson_iter_oid(&it), out_id);
        return doc;
    }
    bson_oid_init(&oid, NULL);
    *owned = bson_new();
    BSON_APPEND_OID(*owned, "_id", &oid);
    bson_concat(*owned, doc);
    if (out_id)
        bson_oid_copy(&oid, out_id);
    return *owned;
}

int
crm_store_insert(crm_store_t *store, const char *coll, const bson_t *doc, bson_oid_t *out_id,
                 crm_error_t *error)
{
    bson_t *owned = NULL;
    const bson_t *docs[1];
    int rc;

    rc = check_coll(coll, error);
    if (rc == 0)
        rc = check_doc(doc, "insert", error);
    if (rc)
        return rc;
    docs[0] = with_id(doc, &owned, out_id);
    rc = crm__store_note(store->driver->insert_many(store->impl, coll, docs, 1, error));
    bson_destroy(owned);
    return rc;
}

int
crm_store_insert_many(crm_store_t *store, const char *coll, const bson_t *const *docs, size_t n,
                      crm_error_t *error)
{
    bson_t **owned = NULL;
    const bson_t **all = NULL;
    char what[48];
    int rc;

    rc = check_coll(coll, error);
    if (rc)
        return rc;
    if (n == 0)
        return 0;
    if (!docs)
        return crm_error_set(error, CRM_EINVAL, "insert_many: no documents");
    owned = bson_malloc0(n * sizeof *owned);
    all = bson_malloc(n * sizeof *all);
    for (size_t i = 0; i < n; i++) {
        snprintf(what, sizeof what, "insert_many document %zu", i);
        rc = check_doc(docs[i], what, error);
        if (rc)
            goto done;
        all[i] = with_id(docs[i], &owned[i], NULL);
    }
    rc = crm__store_note(store->driver->insert_many(store->impl, coll, all, n, error));
done:
    for (size_t i = 0; i < n; i++)
        bson_destroy(owned[i]);
    bson_free(owned);
    bson_free(all);
    return rc;
}

/* Checks the find options. */
static int
check_opts(const bson_t *filter, const crm_find_opts_t *opts, crm_error_t *error)
{
    bson_iter_t it;
    int rc;

    if (!opts)
        return 0;
    if (opts->size < sizeof *opts)
        return crm_error_set(error, CRM_EINVAL, "find options: size not set (CRM_FIND_OPTS_INIT)");
    if (opts->skip < 0 || opts->limit < 0)
        return crm_error_set(error, CRM_EINVAL, "find options: negative skip or limit");
    rc = crm__projection_check(opts->projection, error);
    if (rc)
        return rc;
    if (opts->sort) {
        if (!bson_iter_init(&it, opts->sort))
            return crm_error_set(error, CRM_EINVAL, "malformed sort");
        if (bson_iter_init_find(&it, opts->sort, "$text")) {
            if (!is_number(&it) || bson_iter_as_int64(&it) != -1 ||
                bson_count_keys(opts->sort) != 1)
                return crm_error_set(error, CRM_EINVAL,
                                     "sort by the text search's order is {\"$text\": -1} alone");
            if (!filter || !bson_iter_init_find(&it, filter, "$text"))
                return crm_error_set(error, CRM_EINVAL,
                                     "sort {\"$text\": -1} needs a $text "
                                     "condition at the top of the filter");
            return 0;
        }
        bson_iter_init(&it, opts->sort);
        while (bson_iter_next(&it)) {
            rc = check_path(bson_iter_key(&it), "sort", error);
            if (rc)
                return rc;
            if (!is_number(&it) || (bson_iter_as_int64(&it) != 1 && bson_iter_as_int64(&it) != -1))
                return crm_error_set(error, CRM_EINVAL, "sort of '%s' needs 1 or -1",
                                     bson_iter_key(&it));
        }
    }
    return 0;
}

crm_cursor_t *
crm_store_find(crm_store_t *store, const char *coll, const bson_t *filter,
               const crm_find_opts_t *opts, crm_error_t *error)
{
    crm_cursor_t *cursor;

    if (check_coll(coll, error) || crm_filter_check(filter, error) ||
        check_opts(filter, opts, error))
        return NULL;
    cursor = store->driver->find(store->impl, coll, filter, opts, error);
    if (!cursor && error)
        crm__store_note(error->code);
    return cursor;
}

int
crm_store_find_one(crm_store_t *store, const char *coll, const bson_t *filter,
                   const bson_t *projection, bson_t *out, crm_error_t *error)
{
    crm_find_opts_t opts = CRM_FIND_OPTS_INIT;
    crm_cursor_t *cursor = NULL;
    const bson_t *doc = NULL;
    crm_error_t err;
    int rc;

    opts.projection = projection;
    opts.limit = 1;
    crm_error_clear(&err);
    cursor = crm_store_find(store, coll, filter, &opts, &err);
    if (!cursor) {
        rc = err.code ? err.code : CRM_ESTORE;
        goto fail;
    }
    if (crm_cursor_next(cursor, &doc)) {
        bson_copy_to(doc, out);
        crm_cursor_destroy(cursor);
        return 0;
    }
    if (crm_cursor_error(cursor, &err)) {
        rc = err.code;
        goto fail;
    }
    crm_cursor_destroy(cursor);
    return crm_error_set(error, CRM_ENOTFOUND, "no document in %s matches", coll);
fail:
    crm_cursor_destroy(cursor);
    if (error)
        *error = err;
    return rc;
}

bool
crm_cursor_next(crm_cursor_t *cursor, const bson_t **doc)
{
    if (!cursor || cursor->failed || !cursor->next)
        return false;
    if (cursor->next(cursor, doc))
        return true;
    if (cursor->failed)
        crm__store_note(cursor->error.code);
    return false;
}

bool
crm_cursor_error(crm_cursor_t *cursor, crm_error_t *error)
{
    if (!cursor || !cursor->failed)
        return false;
    if (error)
        *error = cursor->error;
    return true;
}

void
crm_cursor_destroy(crm_cursor_t *cursor)
{
    if (!cursor)
        return;
    if (cursor->destroy)
        cursor->destroy(cursor);
    bson_free(cursor);
}

int
crm_store_update(crm_store_t *store, const char *coll, const bson_t *filter, const bson_t *update,
                 int flags, crm_update_result_t *result, crm_error_t *error)
{
    int rc;

    if (result)
        memset(result, 0, sizeof *result);
    rc = check_coll(coll, error);
    if (rc == 0)
        rc = crm_filter_check(filter, error);
    if (rc == 0)
        rc = crm__update_check(update, error);
    if (rc)
        return rc;
    return crm__store_note(
        store->driver->update(store->impl, coll, filter, update, flags, result, error));
}

int
crm_store_replace(crm_store_t *store, const char *coll, const bson_t *doc, crm_error_t *error)
{
    bson_iter_t it;
    int rc;

    rc = check_coll(coll, error);
    if (rc == 0)
        rc = check_doc(doc, "replace", error);
    if (rc)
        return rc;
    if (!bson_iter_init_find(&it, doc, "_id"))
        return crm_error_set(error, CRM_EINVAL, "replace: the document has no _id");
    return crm__store_note(store->driver->replace(store->impl, coll, doc, error));
}

int
crm_store_delete(crm_store_t *store, const char *coll, const bson_t *filter, bool many,
                 int64_t *deleted, crm_error_t *error)
{
    int rc;

    if (deleted)
        *deleted = 0;
    rc = check_coll(coll, error);
    if (rc == 0)
        rc = crm_filter_check(filter, error);
    if (rc)
        return rc;
    return crm__store_note(store->driver->delete_(store->impl, coll, filter, many, deleted, error));
}

int
crm_store_count(crm_store_t *store, const char *coll, const bson_t *filter, int64_t *count,
                crm_error_t *error)
{
    int rc;

    *count = 0;
    rc = check_coll(coll, error);
    if (rc == 0)
        rc = crm_filter_check(filter, error);
    if (rc)
        return rc;
    return crm__store_note(store->driver->count(store->impl, coll, filter, count, error));
}

int
crm_store_ensure_index(crm_store_t *store, const char *coll, const crm_index_t *index,
                       crm_error_t *error)
{
    int rc;
    size_t n = 0;

    rc = check_coll(coll, error);
    if (rc)
        return rc;
    if (!index || index->size < sizeof *index || !index->name || !index->fields)
        return crm_error_set(error, CRM_EINVAL, "index: size, name and fields are required");
    if (check_coll(index->name, NULL) != 0)
        return crm_error_set(error, CRM_EINVAL,
                             "index name '%.80s' invalid: want "
                             "[a-z][a-z0-9_]{0,62}",
                             index->name);
    for (; index->fields[n]; n++) {
        const char *f = index->fields[n];

        rc = check_path(f[0] == '-' ? f + 1 : f, "index", error);
        if (rc)
            return rc;
        if (index->text && f[0] == '-')
            return crm_error_set(error, CRM_EINVAL, "text index fields have no direction");
    }
    if (n == 0 || n > 16)
        return crm_error_set(error, CRM_EINVAL, "index '%s' needs 1 to 16 fields", index->name);
    if (index->text && index->unique)
        return crm_error_set(error, CRM_EINVAL, "a text index cannot be unique");
    return crm__store_note(store->driver->ensure_index(store->impl, coll, index, error));
}

crm_cursor_t *
crm_store_aggregate(crm_store_t *store, const char *coll, const bson_t *pipeline,
                    crm_error_t *error)
{
    crm_cursor_t *cursor;

    if (check_coll(coll, error) || crm__pipeline_check(pipeline, error))
        return NULL;
    cursor = store->driver->aggregate(store->impl, coll, pipeline, error);
    if (!cursor && error)
        crm__store_note(error->code);
    return cursor;
}

int
crm_store_ping(crm_store_t *store, crm_error_t *error)
{
    return crm__store_note(store->driver->ping(store->impl, error));
}

/* ---- transactions ---- */

#define TXN_SLOTS 8

/* This thread's open transactions: one slot per store. */
static _Thread_local struct txn_slot {
    const crm_store_t *store;
    int depth;
    int doomed; /* a nested callback failed with this code: the outer one rolls back */
} txn_slots[TXN_SLOTS];

/* The calling thread's slot for STORE, claiming a free one when CLAIM. */
static struct txn_slot *
txn_slot(const crm_store_t *store, bool claim)
{
    struct txn_slot *free_slot = NULL;

    for (int i = 0; i < TXN_SLOTS; i++) {
        if (txn_slots[i].store == store && txn_slots[i].depth > 0)
            return &txn_slots[i];
        if (!free_slot && txn_slots[i].depth == 0)
            free_slot = &txn_slots[i];
    }
    if (!claim || !free_slot)
        return NULL;
    free_slot->store = store;
    free_slot->doomed = 0;
    return free_slot;
}

bool
crm_store_in_transaction(const crm_store_t *store)
{
    return store && txn_slot(store, false) != NULL;
}

int
crm_store_transaction(crm_store_t *store, crm_store_txn_fn fn, void *data, crm_error_t *error)
{
    struct txn_slot *slot = txn_slot(store, false);
    int rc;

    if (!fn)
        return crm_error_set(error, CRM_EINVAL, "transaction: no callback");
    if (slot) {
        /* nested: join the outer transaction; a failure dooms it */
        slot->depth++;
        rc = fn(store, data, error);
        slot->depth--;
        if (rc != 0 && slot->doomed == 0)
            slot->doomed = rc;
        return rc;
    }
    slot = txn_slot(store, true);
    if (!slot)
        return crm_error_set(error, CRM_EINTERNAL, "too many stores in transaction on a thread");
    rc = store->driver->begin(store->impl, error);
    if (rc != 0)
        return crm__store_note(rc);
    slot->depth = 1;
    rc = fn(store, data, error);
    if (rc == 0 && slot->doomed != 0)
        rc = crm_error_set(error, slot->doomed,
                           "transaction rolled back: a nested "
                           "transaction failed");
    if (rc == 0) {
        rc = store->driver->commit(store->impl, error);
        if (rc != 0) {
            store->driver->rollback(store->impl);
            crm__store_note(rc);
        }
    } else {
        store->driver->rollback(store->impl);
    }
    slot->depth = 0;
    slot->store = NULL;
    /* Events raised inside the transaction are delivered now, or dropped with it. */
    crm__event_transaction_end(rc == 0);
    return rc;
}
