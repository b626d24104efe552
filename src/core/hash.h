/* hash — content identity: SHA-256 of a document's decoded body, in hex. */
#ifndef VB_HASH_H
#define VB_HASH_H

#include <stddef.h>

/* Writes 64 hex digits and a NUL into out. Returns 0, or -1 on failure. */
int vb_sha256_hex(const void *data, size_t len, char out[65]);

#endif
