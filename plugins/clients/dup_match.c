/* Whether two clients may be one person: name keys folded for case and diacritics, a bounded
 * edit distance, the reasons a pair shares and their score. Pure: no store, no HTTP, so the
 * nightly job and the on-demand route judge pairs the same way, and tests call it directly. */
#include "duplicates-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* U+00C0..U+017F folded to ASCII: two bytes an entry, a second space for one letter, two spaces
 * for a character that is not a letter (x and / signs). */
static const char latin_fold[] = "a a a a a a aec e e e e i i i i " /* U+00C0 */
                                 "d n o o o o o   o u u u u y thss" /* U+00D0 */
                                 "a a a a a a aec e e e e i i i i " /* U+00E0 */
                                 "d n o o o o o   o u u u u y thy " /* U+00F0 */
                                 "a a a a a a c c c c c c c c d d " /* U+0100 */
                                 "d d e e e e e e e e e e g g g g " /* U+0110 */
                                 "g g g g h h h h i i i i i i i i " /* U+0120 */
                                 "i i ijijj j k k k l l l l l l l " /* U+0130 */
                                 "l l l n n n n n n n n n o o o o " /* U+0140 */
                                 "o o oeoer r r r r r s s s s s s " /* U+0150 */
                                 "s s t t t t t t u u u u u u u u " /* U+0160 */
                                 "u u u u w w y y y z z z z z z s " /* U+0170 */;

/* Decodes one UTF-8 code point at *S and advances *S; invalid bytes decode as U+FFFD. */
static uint32_t
next_cp(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t cp;
    int extra;

    if (p[0] < 0x80) {
        *s += 1;
        return p[0];
    }
    if ((p[0] & 0xE0) == 0xC0) {
        cp = p[0] & 0x1F;
        extra = 1;
    } else if ((p[0] & 0xF0) == 0xE0) {
        cp = p[0] & 0x0F;
        extra = 2;
    } else if ((p[0] & 0xF8) == 0xF0) {
        cp = p[0] & 0x07;
        extra = 3;
    } else {
        *s += 1;
        return 0xFFFD;
    }
    for (int i = 1; i <= extra; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *s += i;
            return 0xFFFD;
        }
        cp = cp << 6 | (p[i] & 0x3F);
    }
    *s += extra + 1;
    return cp;
}

/* Appends CP as UTF-8 to OUT (at *N, CAP bytes, a NUL kept free); false when it does not fit. */
static bool
put_cp(char *out, size_t cap, size_t *n, uint32_t cp)
{
    char buf[4];
    size_t len;

    if (cp < 0x80) {
        buf[0] = (char)cp;
        len = 1;
    } else if (cp < 0x800) {
        buf[0] = (char)(0xC0 | cp >> 6);
        buf[1] = (char)(0x80 | (cp & 0x3F));
        len = 2;
    } else if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | cp >> 12);
        buf[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        len = 3;
    } else {
        buf[0] = (char)(0xF0 | cp >> 18);
        buf[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        buf[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        buf[3] = (char)(0x80 | (cp & 0x3F));
        len = 4;
    }
    if (*n + len >= cap)
        return false;
    memcpy(out + *n, buf, len);
    *n += len;
    return true;
}

/* Appends the folded form of CP to OUT: lower-case ASCII for Latin letters, lower case for
 * Cyrillic, other letters as they are; a space for a separator; nothing for an apostrophe. */
static bool
put_folded(char *out, size_t cap, size_t *n, uint32_t cp)
{
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
        return put_cp(out, cap, n, cp);
    if (cp >= 'A' && cp <= 'Z')
        return put_cp(out, cap, n, cp + 32);
    if (cp == '\'' || cp == 0x2019 || cp == 0x02BC || cp == 0x2018 || cp == '`')
        return true;
    if (cp >= 0xC0 && cp < 0x180) {
        const char *f = &latin_fold[(cp - 0xC0) * 2];
        bool ok = true;

        if (f[0] == ' ')
            return put_cp(out, cap, n, ' ');
        ok = put_cp(out, cap, n, (unsigned char)f[0]);
        if (ok && f[1] != ' ')
            ok = put_cp(out, cap, n, (unsigned char)f[1]);
        return ok;
    }
    if (cp >= 0x0410 && cp <= 0x042F) /* Cyrillic А..Я */
        return put_cp(out, cap, n, cp + 0x20);
    if (cp >= 0x0400 && cp <= 0x040F) /* Ѐ..Џ (Є, І, Ї among them) */
        return put_cp(out, cap, n, cp + 0x50);
    if (cp == 0x0490) /* Ґ */
        return put_cp(out, cap, n, 0x0491);
    if (cp < 0x180 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0xFFFD)
        return put_cp(out, cap, n, ' ');
    return put_cp(out, cap, n, cp);
}

static int
compare_words(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t
clients_dup_name_key(const char *first, const char *last, char *out, size_t cap)
{
    char folded[CLIENTS_DUP_NAME_MAX * 2];
    char *words[64], *save = NULL, *w;
    size_t n = 0, n_words = 0, len = 0;
    const char *parts[2] = {first, last};

    if (cap == 0)
        return 0;
    for (int i = 0; i < 2; i++) {
        const char *s = parts[i];

        while (s && *s && put_folded(folded, sizeof folded, &n, next_cp(&s)))
            ;
        if (n + 1 < sizeof folded)
            folded[n++] = ' ';
    }
    folded[n] = '\0';
    for (w = strtok_r(folded, " ", &save); w && n_words < 64; w = strtok_r(NULL, " ", &save))
        words[n_words++] = w;
    qsort(words, n_words, sizeof words[0], compare_words);
    out[0] = '\0';
    for (size_t i = 0; i < n_words; i++) {
        size_t wl = strlen(words[i]);

        if (len + (i ? 1 : 0) + wl >= cap)
            break;
        if (i)
            out[len++] = ' ';
        memcpy(out + len, words[i], wl);
        len += wl;
        out[len] = '\0';
    }
    return len;
}

/* Decodes S into at most CAP code points at OUT; returns how many. */
static size_t
decode(const char *s, uint32_t *out, size_t cap)
{
    size_t n = 0;

    while (*s && n < cap)
        out[n++] = next_cp(&s);
    return n;
}

int
clients_dup_distance(const char *a, const char *b, int max)
{
    uint32_t ca[CLIENTS_DUP_NAME_MAX], cb[CLIENTS_DUP_NAME_MAX];
    int row[CLIENTS_DUP_NAME_MAX + 1];
    size_t na = decode(a, ca, CLIENTS_DUP_NAME_MAX), nb = decode(b, cb, CLIENTS_DUP_NAME_MAX);

    if ((na > nb ? na - nb : nb - na) > (size_t)max)
        return max + 1;
    for (size_t j = 0; j <= nb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        int diag = row[0], best;

        row[0] = (int)i;
        best = row[0];
        for (size_t j = 1; j <= nb; j++) {
            int up = row[j], v;

            v = diag + (ca[i - 1] != cb[j - 1]);
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            diag = up;
            row[j] = v;
            if (v < best)
                best = v;
        }
        if (best > max) /* every path already costs more */
            return max + 1;
    }
    return row[nb] > max ? max + 1 : row[nb];
}

bool
clients_dup_names_similar(const char *a, const char *b, bool *exact)
{
    uint32_t scratch[CLIENTS_DUP_NAME_MAX];
    size_t la, lb, longer;
    int max;

    *exact = false;
    if (!a || !b || !*a || !*b)
        return false;
    if (strcmp(a, b) == 0) {
        *exact = true;
        return true;
    }
    la = decode(a, scratch, CLIENTS_DUP_NAME_MAX);
    lb = decode(b, scratch, CLIENTS_DUP_NAME_MAX);
    longer = la > lb ? la : lb;
    if (la < 4 || lb < 4)
        return false;
    max = longer <= 15 ? 1 : 2;
    return clients_dup_distance(a, b, max) <= max;
}

/* --- keys of a client --- */

/* A copy of the string at KEY of DOC with surrounding spaces removed, or NULL when absent or
 * empty. */
static char *
dup_str(const bson_t *doc, const char *key)
{
    bson_iter_t it;
    const char *s;
    size_t len;

    if (!bson_iter_init_find(&it, doc, key) || !BSON_ITER_HOLDS_UTF8(&it))
        return NULL;
    s = bson_iter_utf8(&it, NULL);
    while (*s == ' ')
        s++;
    len = strlen(s);
    while (len > 0 && s[len - 1] == ' ')
        len--;
    return len ? bson_strndup(s, len) : NULL;
}

/* Copies the string at KEY of DOC into BUF (CAP bytes), or "" when absent. */
static void
copy_str(const bson_t *doc, const char *key, char *buf, size_t cap)
{
    char *s = dup_str(doc, key);

    snprintf(buf, cap, "%s", s ? s : "");
    bson_free(s);
}

/* The strings of the array at KEY of DOC, copied into *LIST (*N of them). */
static void
dup_list(const bson_t *doc, const char *key, char ***list, size_t *n)
{
    bson_iter_t it, item;
    size_t cap = 0;

    *list = NULL;
    *n = 0;
    if (!bson_iter_init_find(&it, doc, key) || !BSON_ITER_HOLDS_ARRAY(&it) ||
        !bson_iter_recurse(&it, &item))
        return;
    while (bson_iter_next(&item)) {
        if (!BSON_ITER_HOLDS_UTF8(&item) || !*bson_iter_utf8(&item, NULL))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 4;
            *list = bson_realloc(*list, cap * sizeof **list);
        }
        (*list)[(*n)++] = bson_strdup(bson_iter_utf8(&item, NULL));
    }
}

bool
clients_dup_keys_read(const bson_t *record, clients_dup_keys_t *keys)
{
    bson_iter_t it;
    char kind[16], name[CLIENTS_DUP_NAME_MAX];
    char *first, *last;

    memset(keys, 0, sizeof *keys);
    copy_str(record, "id", keys->id, sizeof keys->id);
    if (strlen(keys->id) != 24)
        return false;
    copy_str(record, "kind", kind, sizeof kind);
    keys->organisation = strcmp(kind, "organisation") == 0;
    keys->merged = bson_iter_init_find(&it, record, "merged_into") && BSON_ITER_HOLDS_UTF8(&it);
    copy_str(record, "owner_id", keys->owner_id, sizeof keys->owner_id);
    copy_str(record, "org_unit", keys->org_unit, sizeof keys->org_unit);
    keys->national_id = dup_str(record, "national_id");
    keys->registration_number = dup_str(record, "registration_number");
    dup_list(record, "phones", &keys->phones, &keys->n_phones);
    dup_list(record, "emails", &keys->emails, &keys->n_emails);
    copy_str(record, "birth_date", keys->birth_date, sizeof keys->birth_date);
    if (!keys->organisation) {
        first = dup_str(record, "first_name");
        last = dup_str(record, "last_name");
        if (clients_dup_name_key(first, last, name, sizeof name) > 0)
            keys->name = bson_strdup(name);
        bson_free(first);
        bson_free(last);
    }
    return true;
}

static void
free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        bson_free(list[i]);
    bson_free(list);
}

void
clients_dup_keys_clear(clients_dup_keys_t *keys)
{
    if (!keys)
        return;
    bson_free(keys->national_id);
    bson_free(keys->registration_number);
    free_list(keys->phones, keys->n_phones);
    free_list(keys->emails, keys->n_emails);
    bson_free(keys->name);
    memset(keys, 0, sizeof *keys);
}

/* --- pairs --- */

static bool
lists_meet(char *const *a, size_t na, char *const *b, size_t nb)
{
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (strcmp(a[i], b[j]) == 0)
                return true;
    return false;
}

/* True when both A and B are known and differ. */
static bool
conflict(const char *a, const char *b)
{
    return a && b && strcmp(a, b) != 0;
}

unsigned
clients_dup_compare(const clients_dup_keys_t *a, const clients_dup_keys_t *b)
{
    unsigned reasons = 0;
    bool exact;

    if (strcmp(a->id, b->id) == 0 || a->merged || b->merged || a->organisation != b->organisation ||
        conflict(a->national_id, b->national_id) ||
        conflict(a->registration_number, b->registration_number))
        return 0;
    if (a->national_id && b->national_id)
        reasons |= CLIENTS_DUP_NATIONAL_ID;
    if (a->registration_number && b->registration_number)
        reasons |= CLIENTS_DUP_REGISTRATION;
    if (lists_meet(a->emails, a->n_emails, b->emails, b->n_emails))
        reasons |= CLIENTS_DUP_EMAIL;
    if (lists_meet(a->phones, a->n_phones, b->phones, b->n_phones))
        reasons |= CLIENTS_DUP_PHONE;
    if (a->birth_date[0] && strcmp(a->birth_date, b->birth_date) == 0 &&
        clients_dup_names_similar(a->name, b->name, &exact))
        reasons |= exact ? CLIENTS_DUP_NAME_BIRTH : CLIENTS_DUP_SIMILAR_NAME_BIRTH;
    return reasons;
}

/* Each reason's name and weight (the chance, in percent, that it alone means one person). */
static const struct {
    unsigned bit;
    const char *name;
    int weight;
} reasons_table[CLIENTS_DUP_REASONS] = {
    {CLIENTS_DUP_NATIONAL_ID, "national_id", 95},
    {CLIENTS_DUP_REGISTRATION, "registration_number", 90},
    {CLIENTS_DUP_NAME_BIRTH, "name_birth_date", 70},
    {CLIENTS_DUP_EMAIL, "email", 60},
    {CLIENTS_DUP_SIMILAR_NAME_BIRTH, "similar_name_birth_date", 50},
    {CLIENTS_DUP_PHONE, "phone", 45},
};

int
clients_dup_score(unsigned reasons)
{
    int remaining = 10000; /* the chance, in hundredths of a percent, that they are two people */

    for (int i = 0; i < CLIENTS_DUP_REASONS; i++)
        if (reasons & reasons_table[i].bit)
            remaining = remaining * (100 - reasons_table[i].weight) / 100;
    return (10000 - remaining + 50) / 100;
}

const char *
clients_dup_reason_name(unsigned bit)
{
    for (int i = 0; i < CLIENTS_DUP_REASONS; i++)
        if (reasons_table[i].bit == bit)
            return reasons_table[i].name;
    return NULL;
}

unsigned
clients_dup_reasons_parse(bson_iter_t *array)
{
    bson_iter_t item;
    unsigned reasons = 0;

    if (!BSON_ITER_HOLDS_ARRAY(array) || !bson_iter_recurse(array, &item))
        return 0;
    while (bson_iter_next(&item))
        for (int i = 0; BSON_ITER_HOLDS_UTF8(&item) && i < CLIENTS_DUP_REASONS; i++)
            if (strcmp(bson_iter_utf8(&item, NULL), reasons_table[i].name) == 0)
                reasons |= reasons_table[i].bit;
    return reasons;
}

void
clients_dup_reasons_append(bson_t *arr, unsigned reasons)
{
    uint32_t n = 0;
    char key[16];
    const char *k;

    for (int i = 0; i < CLIENTS_DUP_REASONS; i++) {
        if (!(reasons & reasons_table[i].bit))
            continue;
        bson_uint32_to_string(n++, &k, key, sizeof key);
        BSON_APPEND_UTF8(arr, k, reasons_table[i].name);
    }
}
