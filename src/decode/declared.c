/* declared — a web page names its charset (<meta charset="windows-1251">
 * or http-equiv content="…; charset=…"). When the bytes are not UTF-8,
 * that name beats the guess between Windows-1252 and -1256; bytes that
 * are valid UTF-8 stay UTF-8 whatever the page claims. */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "core/err.h"
#include "core/text.h"
#include "decode.h"

/* A declaration sits in the head: browsers look this far. */
#define SNIFF_BYTES 4096u

/* The charset a page declares, into name (empty if none). */
static void declared_charset(const char *in, size_t len, char name[32]) {
  name[0] = '\0';
  size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES;
  size_t i = 0;
  while (i < n && vb_is_ascii_space((unsigned char)in[i])) i++;
  if (i >= n || in[i] != '<') return;
  long at = vb_find_ci(in, n, "charset=");
  if (at < 0) return;
  size_t b = (size_t)at + 8, k = 0;
  while (b < n && (in[b] == '"' || in[b] == '\'' || in[b] == ' ')) b++;
  while (b < n && k < 31 &&
         (vb_is_ascii_alpha((unsigned char)in[b]) || vb_is_ascii_digit((unsigned char)in[b]) ||
          in[b] == '-' || in[b] == '_' || in[b] == ':' || in[b] == '.'))
    name[k++] = in[b++];
  name[k] = '\0';
}

int vb_decode_page(const char *in, size_t len, const char *path, vb_arena *a, vb_str *out,
                   vb_charset *cs, vb_err *err) {
  char name[32];
  declared_charset(in, len, name);
  if (!name[0] || vb_eq_ci(name, strlen(name), "utf-8") || vb_eq_ci(name, strlen(name), "utf8") ||
      vb_utf8_valid(in, len))
    return vb_decode(in, len, path, a, out, cs, err);
  iconv_t cd = iconv_open("UTF-8", name);
  if (cd == (iconv_t)-1) return vb_decode(in, len, path, a, out, cs, err); /* unknown name */
  size_t cap = len * 4 + 4;
  char *buf = vb_arena_alloc(a, cap);
  if (!buf) {
    iconv_close(cd);
    return vb_err_set(err, VB_ENOMEM, path, -1, "out of memory");
  }
  char *ip = (char *)(uintptr_t)in, *op = buf;
  size_t il = len, ol = cap;
  size_t r = iconv(cd, &ip, &il, &op, &ol);
  iconv_close(cd);
  if (r == (size_t)-1)
    return vb_err_set(err, VB_EDECODE, path, (long long)(ip - in),
                      "not valid %s, the charset the page declares", name);
  return vb_decode(buf, (size_t)(op - buf), path, a, out, cs, err);
}
