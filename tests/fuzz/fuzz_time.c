/* Fuzzes the date and datetime parsers the schema uses: no crash, and whatever parses formats
 * back to text that parses to the same instant. */
#include "common/timefmt-private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    int64_t ms, again;
    char out[25];

    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    if (crm__datetime_parse(s, &ms)) {
        crm__datetime_format(ms, out);
        if (!crm__datetime_parse(out, &again) || again != ms)
            __builtin_trap();
    }
    if (crm__date_parse(s, &ms)) {
        crm__date_format(ms, out);
        if (strncmp(out, s, 10) != 0)
            __builtin_trap();
    }
    free(s);
    return 0;
}
