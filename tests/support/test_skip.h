/* The exit status by which a test tells ctest it was skipped (SKIP_RETURN_CODE). */
#ifndef TEST_SKIP_H
#define TEST_SKIP_H

#define TEST_SKIPPED 77

#endif
