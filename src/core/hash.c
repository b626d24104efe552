/* hash — SHA-256 through OpenSSL's EVP interface (uses SHA-NI when present). */
#include "hash.h"

#include "dynlib.h"

#include <openssl/evp.h>

int vb_sha256_hex(const void *data, size_t len, char out[65]) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int mdlen = 0;
  vb_err err;
  if (vb_dynlib_load(&vb_lib_crypto, &err)) return -1;
  if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32)
    return -1;
  static const char hex[] = "0123456789abcdef";
  for (unsigned i = 0; i < 32; i++) {
    out[2 * i] = hex[md[i] >> 4];
    out[2 * i + 1] = hex[md[i] & 15];
  }
  out[64] = '\0';
  return 0;
}
