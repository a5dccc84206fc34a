/* Hexadecimal digits. */
#ifndef CRM_HEX_PRIVATE_H
#define CRM_HEX_PRIVATE_H

/* The value of hexadecimal digit C (either case), or -1. */
static inline int
crm__hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

#endif
