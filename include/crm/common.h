/* Common definitions of the CRM public API: export macro, error codes and crm_error_t.
 *
 * Every function of the API that acts returns 0 or a negative CRM_E* code and, when given a
 * non-NULL `crm_error_t *error` as its last parameter, fills it with the code, the HTTP status
 * that code maps to and a message a person can act on. crm_error_t is stack-allocated by the
 * caller and never freed. */
#ifndef CRM_COMMON_H
#define CRM_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CRM_API __attribute__((visibility("default")))
#define CRM_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CRM_API
#define CRM_PRINTF(fmt, args)
#endif

/* Error codes. Each maps to one HTTP status (crm_error_status()) and one stable
 * machine-readable name (crm_error_name()) used in the API's error body. */
enum {
    CRM_OK = 0,
    CRM_EINVAL = -1,      /* 400 bad_request: malformed input, refused filter */
    CRM_EAUTH = -2,       /* 401 unauthenticated */
    CRM_EPERM = -3,       /* 403 forbidden */
    CRM_ENOTFOUND = -4,   /* 404 not_found */
    CRM_EMETHOD = -5,     /* 405 method_not_allowed */
    CRM_ECONFLICT = -6,   /* 409 conflict: duplicate key, stale write */
    CRM_ETOOBIG = -7,     /* 413 too_large */
    CRM_EVALIDATION = -8, /* 422 invalid: field-level validation failed */
    CRM_ERATE = -9,       /* 429 too_many_requests */
    CRM_EINTERNAL = -10,  /* 500 internal */
    CRM_EUNAVAIL = -11,   /* 503 unavailable: store down, transaction impossible */
    CRM_ENOMEM = -12,     /* 500 internal: out of memory */
    CRM_ESTORE = -13,     /* 500 store_error: the store failed */
    CRM_EPLUGIN = -14,    /* 500 plugin_error: a plugin could not be loaded or failed */
    CRM_ECONFIG = -15,    /* 500 config_error: configuration invalid */
    CRM_EUNSUPPORTED = -16 /* 400 unsupported: the request asks for something not offered */
};

/* The number of per-field messages a crm_error_t carries; further ones are counted only. */
#define CRM_ERROR_MAX_FIELDS 16

typedef struct crm_field_error {
    char field[64];
    char message[160];
} crm_field_error_t;

typedef struct crm_error {
    int code;                /* CRM_E* (0 when no error was set) */
    int status;              /* HTTP status for code */
    char message[384];       /* one line, for a person */
    int n_fields;            /* per-field messages (422); may exceed CRM_ERROR_MAX_FIELDS */
    crm_field_error_t fields[CRM_ERROR_MAX_FIELDS];
} crm_error_t;

/* Sets ERROR (if not NULL) to CODE with a printf-style message and clears its field list.
 * Returns CODE so it can end a function: `return crm_error_set (error, CRM_EINVAL, ...)`. */
CRM_API int crm_error_set(crm_error_t *error, int code, const char *fmt, ...) CRM_PRINTF(3, 4);

/* Adds a per-field message to ERROR (if not NULL) and makes it a CRM_EVALIDATION error with
 * the message "validation failed" unless another message was set. Returns CRM_EVALIDATION. */
CRM_API int crm_error_add_field(crm_error_t *error, const char *field, const char *fmt, ...)
    CRM_PRINTF(3, 4);

/* Resets ERROR to "no error". */
CRM_API void crm_error_clear(crm_error_t *error);

/* The HTTP status for a CRM_E* code (200 for CRM_OK, 500 for unknown codes). */
CRM_API int crm_error_status(int code);

/* The stable lower_snake name of a CRM_E* code, e.g. "not_found". Never NULL. */
CRM_API const char *crm_error_name(int code);

/* One translated text of a definition (an entity's or a report's labels): KEY names the text,
 * TEXT is its translation. The keys an entity uses: "label", "label_plural",
 * "fields.<field>" ("fields.address.city" for a member of an object), "values.<field>.<enum
 * value>"; a report: "title", "description", "dims.<dim>", "measures.<measure>". (ABI 1.2) */
typedef struct crm_translation {
    const char *key;
    const char *text;
} crm_translation_t;

/* A definition's texts in one language: LANG is a BCP 47 code ("pl", "uk", "ru"); TEXTS ends
 * with {NULL, NULL}. Lists of these end with {NULL, NULL}. What a language lacks shows in the
 * definition's own (English) label. (ABI 1.2) */
typedef struct crm_translations {
    const char *lang;
    const crm_translation_t *texts;
} crm_translations_t;

#ifdef __cplusplus
}
#endif

#endif
