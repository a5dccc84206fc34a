/* Fuzzes the JSON a client sends: request bodies (crm_json_parse) and list filters
 * (crm__json_parse_query followed by the store's filter check). Neither may crash, leak or
 * accept a body with '$' keys. */
#include "http/server-private.h"

#include <crm/store.h>

#include <stdint.h>
#include <string.h>

static bool
has_dollar_key(const bson_t *doc)
{
    bson_iter_t it;

    if (!bson_iter_init(&it, doc))
        return false;
    while (bson_iter_next(&it)) {
        if (bson_iter_key(&it)[0] == '$')
            return true;
        if (BSON_ITER_HOLDS_DOCUMENT(&it) || BSON_ITER_HOLDS_ARRAY(&it)) {
            const uint8_t *data;
            uint32_t len;
            bson_t sub;
            if (BSON_ITER_HOLDS_DOCUMENT(&it))
                bson_iter_document(&it, &len, &data);
            else
                bson_iter_array(&it, &len, &data);
            if (bson_init_static(&sub, data, len) && has_dollar_key(&sub))
                return true;
        }
    }
    return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bson_t doc;
    crm_error_t error;

    if (crm_json_parse((const char *)data, size, &doc, &error) == 0 && has_dollar_key(&doc))
        __builtin_trap();
    bson_destroy(&doc);
    if (crm__json_parse_query((const char *)data, size, &doc, &error) == 0)
        crm_filter_check(&doc, &error);
    bson_destroy(&doc);
    return 0;
}
