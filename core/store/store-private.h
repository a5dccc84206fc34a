/* The store's driver interface. store.c checks arguments (collection names, the filter
 * language, update operators, pipelines) and then calls the driver; a driver can trust what it
 * is handed. One file per driver: store-sqlite.c, store-mongodb.c. */
#ifndef CRM_STORE_PRIVATE_H
#define CRM_STORE_PRIVATE_H

#include <crm/store.h>

typedef struct crm__store_driver crm__store_driver_t;

/* A cursor: the driver fills NEXT/ERROR/DESTROY and keeps its state in IMPL. */
struct crm_cursor {
    bool (*next)(crm_cursor_t *cursor, const bson_t **doc);
    void (*destroy)(crm_cursor_t *cursor);
    void *impl;
    bool failed;
    crm_error_t error;
};

struct crm__store_driver {
    const char *name;
    /* Opens the driver's state into *IMPL. */
    int (*open)(crm_store_t *store, const char *location, const char *database, void **impl,
                crm_error_t *error);
    void (*close)(void *impl);
    int (*insert_many)(void *impl, const char *coll, const bson_t *const *docs, size_t n,
                       crm_error_t *error);
    crm_cursor_t *(*find)(void *impl, const char *coll, const bson_t *filter,
                          const crm_find_opts_t *opts, crm_error_t *error);
    int (*update)(void *impl, const char *coll, const bson_t *filter, const bson_t *update,
                  int flags, crm_update_result_t *result, crm_error_t *error);
    int (*replace)(void *impl, const char *coll, const bson_t *doc, crm_error_t *error);
    int (*delete_)(void *impl, const char *coll, const bson_t *filter, bool many,
                   int64_t *deleted, crm_error_t *error);
    int (*count)(void *impl, const char *coll, const bson_t *filter, int64_t *count,
                 crm_error_t *error);
    int (*ensure_index)(void *impl, const char *coll, const crm_index_t *index,
                        crm_error_t *error);
    crm_cursor_t *(*aggregate)(void *impl, const char *coll, const bson_t *pipeline,
                               crm_error_t *error);
    int (*begin)(void *impl, crm_error_t *error);
    int (*commit)(void *impl, crm_error_t *error);
    void (*rollback)(void *impl);
    int (*ping)(void *impl, crm_error_t *error);
};

struct crm_store {
    const crm__store_driver_t *driver;
    void *impl;
};

extern const crm__store_driver_t crm__store_sqlite;
extern const crm__store_driver_t crm__store_mongodb;

/* A cursor that yields nothing or fails with ERROR (for drivers' early returns). */
crm_cursor_t *crm__cursor_new(void);

#endif
