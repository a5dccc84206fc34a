/* Drops a MongoDB database a test created (tests use a database of their own per run). */
#ifndef TEST_MONGODB_DROP_H
#define TEST_MONGODB_DROP_H

/* Drops DATABASE on the server at URI; reports failure on stderr. */
void test_mongodb_drop(const char *uri, const char *database);

#endif
