/* date — an English date at the start of a text, as YYYY-MM-DD. */
#ifndef VB_DATE_H
#define VB_DATE_H

#include <stddef.h>

/* Parses "October 8, 2023", "Oct. 8, 2023", "8 October 2023" or
 * "2023-10-08" at s[0..n). Returns the bytes consumed (0 if none) and
 * writes YYYY-MM-DD and a NUL into iso. */
size_t vb_parse_date(const char *s, size_t n, char iso[11]);

#endif
