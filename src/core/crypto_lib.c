/* crypto_lib — libcrypto's SHA-256, loaded with the first document id
 * (core/dynlib.h). */
#include <openssl/evp.h>

#include "core/dynlib.h"

#define L vb_lib_crypto
VB_DYNFN(L, int, EVP_Digest,
         (const void *data, size_t n, unsigned char *md, unsigned int *len, const EVP_MD *type, ENGINE *impl),
         (data, n, md, len, type, impl))
VB_DYNFN(L, const EVP_MD *, EVP_sha256, (void), ())
