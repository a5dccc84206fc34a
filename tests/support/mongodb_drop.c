/* Drops a test's MongoDB database. */
#include "mongodb_drop.h"

#include <mongoc/mongoc.h>
#include <stdio.h>

void
test_mongodb_drop(const char *uri, const char *database)
{
    mongoc_client_t *client = uri ? mongoc_client_new(uri) : NULL;
    mongoc_database_t *db = NULL;
    bson_error_t error;

    if (!client) {
        fprintf(stderr, "could not connect to drop MongoDB database %s\n", database);
        return;
    }
    db = mongoc_client_get_database(client, database);
    if (!mongoc_database_drop(db, &error))
        fprintf(stderr, "could not drop MongoDB database %s: %s\n", database, error.message);
    mongoc_database_destroy(db);
    mongoc_client_destroy(client);
}
