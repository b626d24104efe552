/* decode — raw bytes -> the body: valid UTF-8 with "\n" newlines, no NUL.
 * UTF-8 (the common case) is validated, checked for NUL and CR, and copied
 * in a single pass that moves plain ASCII 16 bytes at a time. UTF-16 needs
 * a BOM; bytes that are not UTF-8 are read as Windows-1256 or Windows-1252
 * (see guess_legacy). Conversions other than UTF-8 go through iconv. */
#include "decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include "core/err.h"

/* ---- UTF-8: one pass --------------------------------------------------- */

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
#define CRS 0x0D0D0D0D0D0D0D0Dull

/* Non-zero when the 8 bytes of w are ASCII other than NUL and CR: then
 * they can be copied as they are. (x - ONES) sets a byte's high bit only
 * when some byte of x is zero, as long as every byte of x is below 0x80,
 * which the `w` term checks (and XOR with CRS keeps). */
static inline int plain_word(uint64_t w) {
  return ((w | (w - ONES) | ((w ^ CRS) - ONES)) & HIGHS) == 0;
}

/* Length of the well-formed UTF-8 sequence that starts at s[0] (with
 * s[0] >= 0x80 and `avail` bytes readable), or 0. The second-byte ranges
 * are those of the Unicode standard's table of well-formed sequences:
 * they rule out overlongs (C0, C1, E0 80-9F, F0 80-8F), surrogates
 * (ED A0-BF) and code points past U+10FFFF (F4 90-BF, F5-FF). */
static inline size_t utf8_seq_len(const unsigned char *s, size_t avail) {
  unsigned char c = s[0], lo = 0x80, hi = 0xBF;
  size_t len;
  if (c < 0xC2) {
    return 0;
  } else if (c < 0xE0) {
    len = 2;
  } else if (c < 0xF0) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c < 0xF5) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (avail < len || s[1] < lo || s[1] > hi) return 0;
  for (size_t k = 2; k < len; k++)
    if ((s[k] & 0xC0) != 0x80) return 0;
  return len;
}

enum { SCAN_END, SCAN_NUL, SCAN_BAD };

/* Copies s[0..n) into out (room for n bytes) while checking it is UTF-8
 * without NUL, turning "\r\n" and "\r" into "\n". Returns SCAN_END, or
 * where it stopped in *at: the first NUL (SCAN_NUL) or the first byte of
 * the first ill-formed sequence (SCAN_BAD). *out_len is what was written. */
static int copy_utf8(const unsigned char *s, size_t n, char *out, size_t *out_len, size_t *at) {
  size_t i = 0, o = 0; /* o <= i always: output never outruns input */
  int stop = SCAN_END;
  while (i < n) {
    if (i + 16 <= n) {
      uint64_t w0, w1;
      memcpy(&w0, s + i, 8);
      memcpy(&w1, s + i + 8, 8);
      if (plain_word(w0) && plain_word(w1)) {
        memcpy(out + o, s + i, 16);
        i += 16;
        o += 16;
        continue;
      }
    }
    /* Byte by byte until 16 bytes further, then try whole words again. */
    size_t until = n - i > 16 ? i + 16 : n;
    while (i < until) {
      unsigned char c = s[i];
      if (c >= 0x80) {
        size_t k = utf8_seq_len(s + i, n - i);
        if (k == 0) {
          stop = SCAN_BAD;
          goto done;
        }
        out[o] = (char)c;
        out[o + 1] = (char)s[i + 1];
        if (k > 2) out[o + 2] = (char)s[i + 2];
        if (k > 3) out[o + 3] = (char)s[i + 3];
        i += k;
        o += k;
      } else if (c == '\r') {
        out[o++] = '\n';
        i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
      } else if (c == 0) {
        stop = SCAN_NUL;
        goto done;
      } else {
        out[o++] = (char)c;
        i++;
      }
    }
  }
done:
  *out_len = o;
  *at = i;
  return stop;
}

/* ---- Helpers for the other charsets ------------------------------------ */

/* "\r\n" and "\r" -> "\n" in place; returns the new length. */
static size_t normalise_newlines(char *s, size_t n) {
  char *cr = memchr(s, '\r', n);
  if (!cr) return n;
  size_t o = (size_t)(cr - s);
  for (size_t i = o; i < n; i++) {
    if (s[i] != '\r') {
      s[o++] = s[i];
      continue;
    }
    s[o++] = '\n';
    if (i + 1 < n && s[i + 1] == '\n') i++;
  }
  return o;
}

/* Only ASCII whitespace (CR is gone by now)? */
static int is_blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\f' && c != '\v') return 0;
  }
  return 1;
}

/* Converts in[0..len) from `charset` to UTF-8 into buf (room for cap
 * bytes) with iconv. Returns 0 and the length in *n, or an errno value
 * (EILSEQ; EINVAL: the input ends inside a sequence; or what iconv_open
 * failed with) and the offset of the first byte not converted in *at. */
static int iconv_to_utf8(const char *charset, const char *in, size_t len, char *buf, size_t cap,
                         size_t *n, size_t *at) {
  *n = 0;
  *at = 0;
  iconv_t cd = iconv_open("UTF-8", charset);
  if (cd == (iconv_t)-1) return errno ? errno : EINVAL;
  char *ip = (char *)in; /* iconv's prototype is not const-correct */
  char *op = buf;
  size_t il = len, ol = cap;
  size_t r = iconv(cd, &ip, &il, &op, &ol);
  int e = r == (size_t)-1 ? errno : 0;
  iconv_close(cd);
  *n = (size_t)(op - buf);
  *at = (size_t)(ip - in);
  return e;
}

/* "Is there any text": the end of every path. buf has room for n + 1
 * bytes; newlines are already normalised. */
static int accept_text(char *buf, size_t n, vb_charset found, const char *path, vb_str *out,
                       vb_charset *cs, vb_err *err) {
  buf[n] = '\0';
  if (is_blank(buf, n))
    return vb_err_set(err, VB_EEMPTY, path, -1, "no text: only whitespace%s",
                      n ? "" : " or a byte-order mark");
  out->ptr = buf;
  out->len = n;
  if (cs) *cs = found;
  return VB_OK;
}

/* The iconv paths: newlines first. */
static int finish(char *buf, size_t n, vb_charset found, const char *path, vb_str *out,
                  vb_charset *cs, vb_err *err) {
  return accept_text(buf, normalise_newlines(buf, n), found, path, out, cs, err);
}

/* ---- UTF-16 (with BOM) -------------------------------------------------- */

static int decode_utf16(const char *in, size_t len, int little, const char *path, vb_arena *a,
                        vb_str *out, vb_charset *cs, vb_err *err) {
  const unsigned char *u = (const unsigned char *)in;
  const char *name = little ? "UTF-16LE" : "UTF-16BE";
  if (len % 2)
    return vb_err_set(err, VB_EDECODE, path, (long long)len - 1,
                      "%s text with an odd number of bytes: the last byte has no pair", name);
  /* Checked here rather than left to iconv so that every error names the
   * exact code unit, whatever the iconv implementation reports. */
  for (size_t i = 2; i < len; i += 2) {
    unsigned unit = little ? (unsigned)u[i] | (unsigned)u[i + 1] << 8
                           : (unsigned)u[i] << 8 | (unsigned)u[i + 1];
    if (unit == 0)
      return vb_err_set(err, VB_EBINARY, path, (long long)i,
                        "binary input: NUL character in %s text", name);
    if (unit >= 0xDC00 && unit <= 0xDFFF)
      return vb_err_set(err, VB_EDECODE, path, (long long)i,
                        "invalid %s: low surrogate 0x%04X without a high surrogate before it", name,
                        unit);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      unsigned next = 0;
      if (i + 2 < len)
        next = little ? (unsigned)u[i + 2] | (unsigned)u[i + 3] << 8
                      : (unsigned)u[i + 2] << 8 | (unsigned)u[i + 3];
      if (next < 0xDC00 || next > 0xDFFF)
        return vb_err_set(err, VB_EDECODE, path, (long long)i,
                          "invalid %s: high surrogate 0x%04X without a low surrogate after it",
                          name, unit);
      i += 2;
    }
  }
  /* A 2-byte unit becomes at most 3 UTF-8 bytes (a pair: 4 from 4). */
  size_t cap = (len - 2) / 2 * 3 + 1;
  char *buf = vb_arena_alloc(a, cap);
  if (!buf) return vb_err_set(err, VB_ENOMEM, path, -1, "out of memory decoding %s", name);
  size_t n, at;
  int e = iconv_to_utf8(name, in + 2, len - 2, buf, cap - 1, &n, &at);
  if (e)
    return vb_err_set(err, VB_EDECODE, path, (long long)(at + 2),
                      "cannot convert %s to UTF-8 (iconv: %s)", name,
                      e == EILSEQ ? "invalid sequence" : "conversion failed");
  return finish(buf, n, little ? VB_CS_UTF16LE : VB_CS_UTF16BE, path, out, cs, err);
}

/* ---- Not UTF-8: Windows-1256 or Windows-1252 ---------------------------- */

static inline int ascii_letter(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Bytes Windows-1256 maps into the Arabic block (U+0600-U+06FF): letters,
 * vowel marks, the tatweel and the Arabic comma, semicolon and question
 * mark. The other high bytes are Latin-1 letters (à â ç è é ê ë î ï ô ù û
 * ü), signs (× ÷) or punctuation shared with Windows-1252. The unit tests
 * check this list against iconv. */
static int cp1256_arabic(unsigned char c) {
  switch (c) {
  /* clang-format off */
  case 0x81: case 0x8A: case 0x8D: case 0x8E: case 0x8F: case 0x90: case 0x98:
  case 0x9A: case 0x9F: case 0xA1: case 0xAA: case 0xBA: case 0xBF: case 0xE1:
  case 0xE3: case 0xE4: case 0xE5: case 0xE6: case 0xEC: case 0xED: case 0xF0:
  case 0xF1: case 0xF2: case 0xF3: case 0xF5: case 0xF6: case 0xF8: case 0xFA:
  case 0xFF:
    /* clang-format on */
    return 1;
  default:
    return c >= 0xC0 && c <= 0xDF && c != 0xD7;
  }
}

/* The heuristic. Western text in Windows-1252 puts its accented letters
 * inside words of ASCII letters ("café", "Müller", "señor"); Arabic text
 * in Windows-1256 is made of words in which every byte is high. So each
 * high byte votes:
 *   - Latin when an ASCII letter is right before or after it;
 *   - Arabic when it and a neighbour are both in Windows-1256's Arabic
 *     block (cp1256_arabic): two Arabic letters in a row;
 *   - not at all otherwise (smart quotes, dashes, a lone "à").
 * Windows-1256 wins only with more than twice as many Arabic votes as
 * Latin ones: Windows-1252 is the more common legacy charset, and the
 * one to keep when there is no evidence either way. */
static vb_charset guess_legacy(const unsigned char *s, size_t n) {
  size_t arabic = 0, latin = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = s[i];
    if (c < 0x80) continue;
    unsigned char before = i > 0 ? s[i - 1] : ' ';
    unsigned char after = i + 1 < n ? s[i + 1] : ' ';
    if (ascii_letter(before) || ascii_letter(after))
      latin++;
    else if (cp1256_arabic(c) && (cp1256_arabic(before) || cp1256_arabic(after)))
      arabic++;
  }
  return arabic > 2 * latin ? VB_CS_CP1256 : VB_CS_CP1252;
}

/* buf is the len + 1 bytes the UTF-8 scan used; it is grown and reused. */
static int decode_legacy(const char *in, size_t len, size_t bad_utf8, char *buf, const char *path,
                         vb_arena *a, vb_str *out, vb_charset *cs, vb_err *err) {
  vb_charset found = guess_legacy((const unsigned char *)in, len);
  const char *name = found == VB_CS_CP1256 ? "CP1256" : "CP1252";
  /* One byte becomes at most 3 UTF-8 bytes (the euro sign, the quotes). */
  size_t cap = len * 3 + 1;
  buf = vb_arena_grow(a, buf, len + 1, cap);
  if (!buf) return vb_err_set(err, VB_ENOMEM, path, -1, "out of memory decoding %s", name);
  size_t n, at;
  int e = iconv_to_utf8(name, in, len, buf, cap - 1, &n, &at);
  if (e == EILSEQ && at < len)
    return vb_err_set(err, VB_EDECODE, path, (long long)at,
                      "not text: byte 0x%02X has no character in Windows-%s, and the "
                      "bytes are not UTF-8 either (first bad sequence at byte %zu)",
                      (unsigned)(unsigned char)in[at], name + 2, bad_utf8);
  if (e)
    return vb_err_set(err, VB_EDECODE, path, (long long)at,
                      "cannot convert Windows-%s to UTF-8 (iconv failed)", name + 2);
  return finish(buf, n, found, path, out, cs, err);
}

static void utf8_census(const unsigned char *u, size_t len, size_t *good, size_t *bad);

/* ---- Entry point -------------------------------------------------------- */

int vb_decode(const char *in, size_t len, const char *path, vb_arena *a, vb_str *out,
              vb_charset *cs, vb_err *err) {
  const unsigned char *u = (const unsigned char *)in;
  out->ptr = NULL;
  out->len = 0;
  if (!path) path = "";
  if (len == 0) return vb_err_set(err, VB_EEMPTY, path, -1, "empty input: no bytes");
  if (!in || !a) return vb_err_set(err, VB_EUSAGE, path, -1, "vb_decode: no input or arena");
  /* The legacy path needs 3 bytes of output per input byte. */
  if (len > (SIZE_MAX - 8) / 3)
    return vb_err_set(err, VB_ENOMEM, path, -1, "input too large to decode");

  if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
    return decode_utf16(in, len, 1, path, a, out, cs, err);
  if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
    return decode_utf16(in, len, 0, path, a, out, cs, err);

  size_t bom = (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) ? 3 : 0;
  char *buf = vb_arena_alloc(a, len + 1);
  if (!buf) return vb_err_set(err, VB_ENOMEM, path, -1, "out of memory decoding text");
  size_t n, at;
  int stop = copy_utf8(u + bom, len - bom, buf, &n, &at);
  at += bom;
  if (stop == SCAN_END) return accept_text(buf, n, VB_CS_UTF8, path, out, cs, err);
  /* A NUL anywhere means binary, whatever else is wrong; the scan saw no
   * NUL before `at`. */
  const char *nul = stop == SCAN_NUL ? in + at : memchr(in + at, '\0', len - at);
  if (nul)
    return vb_err_set(err, VB_EBINARY, path, (long long)(nul - in),
                      "binary input: NUL byte (binary data, or UTF-16 without a "
                      "byte-order mark)");
  if (bom)
    return vb_err_set(err, VB_EDECODE, path, (long long)at,
                      "invalid UTF-8 (byte 0x%02X) after a UTF-8 byte-order mark", (unsigned)u[at]);
  size_t good = 0, bad = 0;
  utf8_census(u, len, &good, &bad);
  if (good > 2 * bad) /* UTF-8 with stray bytes: read as Windows-1252, all of it would be wrong */
    return vb_err_set(err, VB_EDECODE, path, (long long)at,
                      "invalid UTF-8: %zu byte%s that cannot begin a character in text that "
                      "is otherwise UTF-8 (first 0x%02X)",
                      bad, bad == 1 ? "" : "s", (unsigned)u[at]);
  return decode_legacy(in, len, at, buf, path, a, out, cs, err);
}

/* ---- Repair ------------------------------------------------------------- */

/* Well-formed multibyte sequences and bytes that begin none. */
static void utf8_census(const unsigned char *u, size_t len, size_t *good, size_t *bad) {
  for (size_t i = 0; i < len;) {
    if (u[i] < 0x80) {
      i++;
      continue;
    }
    size_t k = utf8_seq_len(u + i, len - i);
    if (k) {
      (*good)++;
      i += k;
    } else {
      (*bad)++;
      i++;
    }
  }
}

int vb_decode_repair(const char *in, size_t len, const char *path, vb_arena *a, size_t max_bad,
                     vb_str *out, size_t *replaced, size_t *first, vb_err *err) {
  const unsigned char *u = (const unsigned char *)in;
  out->ptr = NULL;
  out->len = 0;
  *replaced = 0;
  *first = 0;
  if (!path) path = "";
  if (!in || !a || !len) return vb_err_set(err, VB_EUSAGE, path, -1, "vb_decode_repair: no input");
  if (len > (SIZE_MAX - 8) / 3) return vb_err_set(err, VB_ENOMEM, path, -1, "input too large to decode");
  const char *nul = memchr(in, '\0', len);
  if (nul)
    return vb_err_set(err, VB_EBINARY, path, (long long)(nul - in),
                      "binary input: NUL byte (binary data, or UTF-16 without a byte-order mark)");
  size_t good = 0, bad = 0;
  utf8_census(u, len, &good, &bad);
  if (bad > max_bad)
    return vb_err_set(err, VB_EDECODE, path, -1,
                      "%zu bytes are not UTF-8, more than the %zu that may be replaced "
                      "(--max-bad-bytes)", bad, max_bad);
  size_t bom = (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) ? 3 : 0;
  char *buf = vb_arena_alloc(a, len * 3 + 1); /* a bad byte grows to U+FFFD's three */
  if (!buf) return vb_err_set(err, VB_ENOMEM, path, -1, "out of memory decoding text");
  size_t o = 0;
  for (size_t i = bom; i < len;) {
    if (u[i] == '\r') {
      buf[o++] = '\n';
      i += (i + 1 < len && u[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    size_t k = u[i] < 0x80 ? 1 : utf8_seq_len(u + i, len - i);
    if (!k) {
      if (!*replaced) *first = i;
      (*replaced)++;
      memcpy(buf + o, "\xEF\xBF\xBD", 3);
      o += 3;
      i++;
      continue;
    }
    memcpy(buf + o, in + i, k);
    o += k;
    i += k;
  }
  return accept_text(buf, o, VB_CS_UTF8, path, out, NULL, err);
}
