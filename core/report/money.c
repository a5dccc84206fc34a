/* Money amounts: how many decimal places a currency has, and the decimal text of an amount of
 * minor units. */
#include "report/render-private.h"
#include "report/render-table-private.h"

#include <stdio.h>
#include <string.h>

/* Currencies whose minor unit is not a hundredth (ISO 4217). */
static const struct {
    const char *code;
    int decimals;
} currency_decimals[] = {
    {"BIF", 0}, {"CLP", 0}, {"DJF", 0}, {"GNF", 0}, {"ISK", 0}, {"JPY", 0}, {"KMF", 0}, {"KRW", 0},
    {"PYG", 0}, {"RWF", 0}, {"UGX", 0}, {"VND", 0}, {"VUV", 0}, {"XAF", 0}, {"XOF", 0}, {"XPF", 0},
    {"BHD", 3}, {"IQD", 3}, {"JOD", 3}, {"KWD", 3}, {"LYD", 3}, {"OMR", 3}, {"TND", 3},
};

int
crm__money_decimals(const char *currency)
{
    if (!currency)
        return 2;
    for (size_t i = 0; i < sizeof currency_decimals / sizeof currency_decimals[0]; i++)
        if (strcmp(currency, currency_decimals[i].code) == 0)
            return currency_decimals[i].decimals;
    return 2;
}

void
crm__money_format(int64_t amount, const char *currency, char *buf, size_t size)
{
    int decimals = crm__money_decimals(currency);
    uint64_t scale = 1;
    uint64_t magnitude = 0;

    for (int i = 0; i < decimals; i++)
        scale *= 10;
    /* Negating through uint64_t keeps INT64_MIN exact. */
    magnitude = amount < 0 ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;
    if (decimals == 0)
        snprintf(buf, size, "%s%llu", amount < 0 ? "-" : "", (unsigned long long)magnitude);
    else
        snprintf(buf, size, "%s%llu.%0*llu", amount < 0 ? "-" : "",
                 (unsigned long long)(magnitude / scale), decimals,
                 (unsigned long long)(magnitude % scale));
}
