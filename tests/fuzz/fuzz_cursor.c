/* Fuzzes the list cursor a client sends back (cursor=...): refused or turned into a filter that
 * the store's check accepts, never a crash. */
#include "entity/query-private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    crm__sort_t sorts[2] = {{"name", "name", false}, {"_id", "-id", true}};
    char *s = malloc(size + 1);
    crm_error_t error;

    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    for (int i = 0; i < 2; i++) {
        bson_t filter = BSON_INITIALIZER;
        if (crm__query_cursor_filter(&sorts[i], s, &filter, &error) == 0 &&
            crm_filter_check(&filter, &error) != 0)
            __builtin_trap();
        bson_destroy(&filter);
    }
    free(s);
    return 0;
}
