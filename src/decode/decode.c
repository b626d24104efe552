/* decode — bytes -> the body: valid UTF-8 with "\n" newlines.
 * The common case (UTF-8, maybe with CRLF) is validated and copied in one
 * pass with an ASCII fast path. UTF-16 needs a BOM; bytes that are not
 * UTF-8 are read as Windows-1256 when most high bytes fall on Arabic
 * letters and there are few Latin-1 letter pairs, else Windows-1252. */
#include "decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "core/err.h"

/* Offset of the first invalid UTF-8 sequence in s[0..n), or n. Rejects
 * overlongs, surrogates and code points past U+10FFFF. */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if (!(w & 0x8080808080808080ull)) {
        i += 8;
        continue;
      }
    }
    unsigned char c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t len;
    uint32_t min;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return n;
}

/* Copies in[0..n) to out turning "\r\n" and lone "\r" into "\n"; returns
 * the new length. out may equal in. */
static size_t normalise_newlines(char *out, const char *in, size_t n) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    char c = in[i];
    if (c == '\r') {
      out[o++] = '\n';
      if (i + 1 < n && in[i + 1] == '\n') i++;
    } else {
      out[o++] = c;
    }
  }
  return o;
}

static int only_space(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v')
      return 0;
  return 1;
}

/* Converts with iconv into a new arena buffer, then normalises newlines. */
static int convert(const char *from, const char *in, size_t len, size_t skip, const char *path,
                   vb_arena *a, vb_str *out, vb_err *err) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1)
    return vb_err_set(err, VB_EDECODE, path, -1, "this system cannot convert from %s", from);
  /* UTF-16 -> UTF-8 at most 3/2; one byte charsets -> at most 3 bytes each */
  size_t cap = (len - skip) * 3 + 4;
  char *buf = vb_arena_alloc(a, cap);
  if (!buf) {
    iconv_close(cd);
    return vb_err_set(err, VB_ENOMEM, path, -1, "out of memory");
  }
  char *ip = (char *)(uintptr_t)(in + skip), *op = buf;
  size_t il = len - skip, ol = cap - 1;
  size_t r = iconv(cd, &ip, &il, &op, &ol);
  int e = errno;
  iconv_close(cd);
  if (r == (size_t)-1) {
    long long at = (long long)(ip - in);
    if (e == EILSEQ)
      return vb_err_set(err, VB_EDECODE, path, at, "invalid %s sequence", from);
    if (e == EINVAL)
      return vb_err_set(err, VB_EDECODE, path, at, "incomplete %s sequence at the end", from);
    return vb_err_set(err, VB_EDECODE, path, at, "cannot convert from %s", from);
  }
  size_t n = normalise_newlines(buf, buf, (size_t)(op - buf));
  buf[n] = '\0';
  if (memchr(buf, '\0', n))
    return vb_err_set(err, VB_EBINARY, path, -1, "binary input: NUL character in %s text", from);
  out->ptr = buf;
  out->len = n;
  return VB_OK;
}

/* Windows-1256 or Windows-1252 for bytes that are not UTF-8: count high
 * bytes that 1256 maps to Arabic letters (0xC1-0xDA except 0xD7, 0xDD-0xED
 * minus Latin holdovers) against lowercase Latin-1 letters (0xE0-0xFF)
 * that sit next to ASCII letters, as in "café" or "Müller". */
static const char *guess_single_byte(const unsigned char *s, size_t n) {
  size_t arabic = 0, latin = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = s[i];
    if (c < 0x80) continue;
    int ascii_letter_near = (i > 0 && s[i - 1] < 0x80 &&
                             ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z')) ||
                            (i + 1 < n && s[i + 1] < 0x80 &&
                             ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z'));
    if (ascii_letter_near) latin++;
    else if ((c >= 0xC1 && c <= 0xDA && c != 0xD7) || (c >= 0xDD && c <= 0xE5) || c == 0xEC ||
             c == 0xED)
      arabic++;
  }
  return arabic > latin * 2 ? "CP1256" : "CP1252";
}

int vb_decode(const char *in, size_t len, const char *path, vb_arena *a, vb_str *out,
              vb_charset *cs, vb_err *err) {
  const unsigned char *u = (const unsigned char *)in;
  out->ptr = NULL;
  out->len = 0;
  if (len == 0) return vb_err_set(err, VB_EEMPTY, path, -1, "empty input");
  int rc;
  if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
    int le = u[0] == 0xFF;
    if (len % 2)
      return vb_err_set(err, VB_EDECODE, path, (long long)len - 1,
                        "UTF-16 text with an odd number of bytes");
    if (cs) *cs = le ? VB_CS_UTF16LE : VB_CS_UTF16BE;
    rc = convert(le ? "UTF-16LE" : "UTF-16BE", in, len, 2, path, a, out, err);
  } else {
    size_t skip = len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF ? 3 : 0;
    const char *nul = memchr(in, '\0', len);
    if (nul)
      return vb_err_set(err, VB_EBINARY, path, (long long)(nul - in),
                        "binary input: NUL byte (not text, or UTF-16 without a byte-order mark)");
    size_t bad = utf8_valid_prefix(u + skip, len - skip);
    if (bad == len - skip) {
      char *buf = vb_arena_alloc(a, len - skip + 1);
      if (!buf) return vb_err_set(err, VB_ENOMEM, path, -1, "out of memory");
      size_t n = normalise_newlines(buf, in + skip, len - skip);
      buf[n] = '\0';
      out->ptr = buf;
      out->len = n;
      if (cs) *cs = VB_CS_UTF8;
      rc = VB_OK;
    } else if (skip) {
      return vb_err_set(err, VB_EDECODE, path, (long long)(skip + bad),
                        "invalid UTF-8 after a UTF-8 byte-order mark");
    } else {
      const char *cp = guess_single_byte(u, len);
      if (cs) *cs = cp[5] == '6' ? VB_CS_CP1256 : VB_CS_CP1252;
      rc = convert(cp, in, len, 0, path, a, out, err);
      if (rc == VB_EDECODE && err)
        snprintf(err->msg, sizeof err->msg,
                 "not UTF-8 (first bad byte at %zu) and not %s either", bad, cp);
    }
  }
  if (rc) return rc;
  if (only_space(out->ptr, out->len))
    return vb_err_set(err, VB_EEMPTY, path, -1, "no text: only whitespace");
  return VB_OK;
}
