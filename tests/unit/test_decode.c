/* Decoding: every charset path, the charset heuristic against iconv's own
 * tables, every error with its offset, the word-at-a-time fast path at
 * every alignment, and properties over pseudo-random bytes. */
#include <iconv.h>
#include <utf8proc.h>

#include "decode/decode.h"
#include "testutil.h"

static vb_arena *arena;

static int setup(void **state) {
  (void)state;
  arena = vb_arena_new(0);
  return arena ? 0 : -1;
}
static int teardown(void **state) {
  (void)state;
  vb_arena_free(arena);
  return 0;
}

/* ---- helpers ------------------------------------------------------------ */

#define S(lit) lit, sizeof(lit) - 1 /* a literal and its length, NULs included */

static void decodes_to(const char *in, size_t n, const char *want, size_t want_len,
                       vb_charset want_cs) {
  vb_str out = {0};
  vb_charset cs = (vb_charset)-1;
  vb_err err;
  vb_err_clear(&err);
  int rc = vb_decode(in, n, "in.txt", arena, &out, &cs, &err);
  if (rc) fail_msg("decode failed (%d) at %lld: %s", rc, err.offset, err.msg);
  assert_int_equal(cs, want_cs);
  assert_int_equal(out.len, want_len);
  assert_memory_equal(out.ptr, want, want_len);
  assert_int_equal(out.ptr[out.len], '\0');
}

static void fails_with(const char *in, size_t n, int code, long long offset) {
  vb_str out = {"x", 1};
  vb_err err;
  vb_err_clear(&err);
  int rc = vb_decode(in, n, "bad.txt", arena, &out, NULL, &err);
  if (rc != code)
    fail_msg("want code %d, got %d (offset %lld: %s)", code, rc, err.offset, err.msg);
  assert_int_equal(err.code, code);
  assert_string_equal(err.file, "bad.txt");
  if (err.offset != offset)
    fail_msg("want offset %lld, got %lld (%s)", offset, err.offset, err.msg);
  assert_true(err.msg[0] != '\0');
  assert_null(out.ptr);
  assert_int_equal(out.len, 0);
}

/* What the decoder should make of valid UTF-8: CRLF and CR -> LF. */
static size_t reference_newlines(const char *in, size_t n, char *out) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (in[i] == '\r') {
      out[o++] = '\n';
      if (i + 1 < n && in[i + 1] == '\n') i++;
    } else {
      out[o++] = in[i];
    }
  }
  return o;
}

static int valid_utf8(const char *s, size_t n) {
  utf8proc_int32_t cp;
  for (size_t i = 0; i < n;) {
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) return 0;
    i += (size_t)k;
  }
  return 1;
}

/* iconv as the oracle for single-byte charsets. Returns the length written
 * to out, or (size_t)-1 when iconv refuses the input. */
static size_t iconv_oracle(const char *charset, const char *in, size_t n, char *out,
                           size_t cap) {
  iconv_t cd = iconv_open("UTF-8", charset);
  assert_true(cd != (iconv_t)-1);
  char *ip = (char *)in, *op = out;
  size_t il = n, ol = cap;
  size_t r = iconv(cd, &ip, &il, &op, &ol);
  iconv_close(cd);
  return r == (size_t)-1 ? (size_t)-1 : (size_t)(op - out);
}

/* The code point one byte maps to in a single-byte charset, or -1. */
static long byte_to_cp(const char *charset, unsigned char b) {
  char in = (char)b, out[8];
  size_t n = iconv_oracle(charset, &in, 1, out, sizeof out);
  if (n == (size_t)-1) return -1;
  utf8proc_int32_t cp;
  if (utf8proc_iterate((const utf8proc_uint8_t *)out, (utf8proc_ssize_t)n, &cp) <= 0)
    return -1;
  return cp;
}

static size_t put_utf8(char *out, long cp) {
  return (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)out);
}

static unsigned rng_state;
static unsigned rnd(void) {
  rng_state = rng_state * 1103515245u + 12345u;
  return (rng_state >> 16) & 0x7FFF;
}

/* ---- UTF-8 --------------------------------------------------------------- */

static void utf8_plain(void **state) {
  (void)state;
  decodes_to(S("plain text\n"), S("plain text\n"), VB_CS_UTF8);
  decodes_to(S("x"), S("x"), VB_CS_UTF8);
  /* Arabic, CJK, an emoji: multi-byte sequences of every length */
  decodes_to(S("\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \xE4\xB8\xAD \xF0\x9F\x98\x80"),
             S("\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \xE4\xB8\xAD \xF0\x9F\x98\x80"),
             VB_CS_UTF8);
  /* leading and trailing whitespace is kept: offsets are into the body */
  decodes_to(S("  a \n"), S("  a \n"), VB_CS_UTF8);
}

static void utf8_bom(void **state) {
  (void)state;
  decodes_to(S("\xEF\xBB\xBF" "caf\xC3\xA9"), S("caf\xC3\xA9"), VB_CS_UTF8);
  decodes_to(S("\xEF\xBB\xBF" "a\r\nb"), S("a\nb"), VB_CS_UTF8);
  /* only the first BOM is a BOM; a second one is text (U+FEFF) */
  decodes_to(S("\xEF\xBB\xBF\xEF\xBB\xBF" "a"), S("\xEF\xBB\xBF" "a"), VB_CS_UTF8);
}

static void newlines(void **state) {
  (void)state;
  decodes_to(S("a\r\nb\rc\n\r\n"), S("a\nb\nc\n\n"), VB_CS_UTF8);
  decodes_to(S("a\r\r\nb\n\rc\r"), S("a\n\nb\n\nc\n"), VB_CS_UTF8);
  decodes_to(S("\ra\r\n"), S("\na\n"), VB_CS_UTF8);
  decodes_to(S("\xC3\xA9\r\n\xC3\xA9"), S("\xC3\xA9\n\xC3\xA9"), VB_CS_UTF8);
}

/* Boundary code points and every sequence length round-trip byte-exact. */
static void utf8_round_trip(void **state) {
  (void)state;
  static const long cps[] = {0x01,   0x7F,   0x80,   0x7FF,   0x800,    0xD7FF,
                             0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF, 0x0627};
  char buf[128];
  size_t n = 0;
  for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
    n += put_utf8(buf + n, cps[i]);
    buf[n++] = 'x';
  }
  decodes_to(buf, n, buf, n, VB_CS_UTF8);
}

/* A long random valid UTF-8 text, with CR/LF mixed in, comes out as the
 * reference says: byte-exact except for newlines. */
static void utf8_round_trip_random(void **state) {
  (void)state;
  enum { N = 200000 };
  char *in = malloc(N + 8), *want = malloc(N + 8);
  assert_non_null(in);
  assert_non_null(want);
  rng_state = 7;
  for (int variant = 0; variant < 3; variant++) {
    size_t n = 0;
    while (n < N) {
      unsigned r = rnd() % 100;
      long cp;
      if (r < 60) {
        cp = 0x20 + rnd() % 0x5F; /* ASCII */
      } else if (r < 63 && variant > 0) {
        cp = r % 2 ? '\r' : '\n';
      } else if (r < 75) {
        cp = 0x80 + rnd() % 0x780; /* 2 bytes */
      } else if (r < 90) {
        cp = 0x800 + (long)(((unsigned long)rnd() << 1) % 0xF800); /* 3 bytes */
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xE000;
      } else {
        cp = 0x10000 + (long)(((unsigned long)rnd() << 5 ^ rnd()) % 0x100000); /* 4 */
      }
      n += put_utf8(in + n, cp);
    }
    size_t wn = reference_newlines(in, n, want);
    decodes_to(in, n, want, wn, VB_CS_UTF8);
  }
  free(in);
  free(want);
}

/* The fast path moves 16 bytes at a time: put a CR, a CRLF, a NUL, a
 * multi-byte letter and a bad byte at every position of ASCII texts of
 * 1 to 48 bytes, so that each lands on every word boundary. */
static void fast_path_alignment(void **state) {
  (void)state;
  char in[64], want[64];
  for (size_t len = 1; len <= 48; len++) {
    for (size_t at = 0; at < len; at++) {
      memset(in, 'a', len);
      in[at] = '\r';
      size_t wn = reference_newlines(in, len, want);
      if (len > 1) decodes_to(in, len, want, wn, VB_CS_UTF8); /* "\r" alone is blank */
      if (at + 1 < len && len > 2) {
        in[at + 1] = '\n';
        wn = reference_newlines(in, len, want);
        decodes_to(in, len, want, wn, VB_CS_UTF8);
      }
      memset(in, 'a', len);
      in[at] = '\0';
      fails_with(in, len, VB_EBINARY, (long long)at);
      if (at + 2 <= len) {
        memset(in, 'a', len);
        memcpy(in + at, "\xC3\xA9", 2);
        decodes_to(in, len, in, len, VB_CS_UTF8);
        in[at + 1] = 'b'; /* "\xC3" + 'b': not UTF-8, so Windows-1252 "Ã" */
        char *p = want;
        memset(want, 'a', at);
        p += at;
        memcpy(p, "\xC3\x83", 2);
        p += 2;
        memcpy(p, in + at + 1, len - at - 1);
        p += len - at - 1;
        decodes_to(in, len, want, (size_t)(p - want), VB_CS_CP1252);
      }
    }
  }
}

/* ---- UTF-16 ------------------------------------------------------------- */

static void utf16le_bom(void **state) {
  (void)state;
  decodes_to(S("\xFF\xFE" "H\0i\0\r\0\n\0\xE9\0"), S("Hi\n\xC3\xA9"), VB_CS_UTF16LE);
  /* Arabic "salam" and an emoji written as a surrogate pair */
  decodes_to(S("\xFF\xFE" "\x33\x06\x44\x06\x27\x06\x45\x06 \0\x3D\xD8\x00\xDE"),
             S("\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \xF0\x9F\x98\x80"), VB_CS_UTF16LE);
  decodes_to(S("\xFF\xFE" "a\0\r\0b\0\r\0"), S("a\nb\n"), VB_CS_UTF16LE);
}

static void utf16be_bom(void **state) {
  (void)state;
  decodes_to(S("\xFE\xFF\0H\0i\x06\x33"), S("Hi\xD8\xB3"), VB_CS_UTF16BE);
  decodes_to(S("\xFE\xFF\0a\0\r\0\n\xD8\x3D\xDE\x00"), S("a\n\xF0\x9F\x98\x80"),
             VB_CS_UTF16BE);
}

static void utf16_errors(void **state) {
  (void)state;
  fails_with(S("\xFF\xFE" "A\0\0\xD8"), VB_EDECODE, 4);       /* high surrogate at end */
  fails_with(S("\xFF\xFE" "A\0\0\xD8" "B\0"), VB_EDECODE, 4); /* high, then not low */
  fails_with(S("\xFF\xFE" "A\0B\0\0\xDC"), VB_EDECODE, 6);    /* lone low surrogate */
  fails_with(S("\xFE\xFF\0A\xD8\x00\0B"), VB_EDECODE, 4);     /* BE: high, then 'B' */
  fails_with(S("\xFE\xFF\xDC\x00"), VB_EDECODE, 2);           /* BE: lone low */
  fails_with(S("\xFF\xFE" "A\0B"), VB_EDECODE, 4);            /* odd length */
  fails_with(S("\xFE\xFF\0A\0"), VB_EDECODE, 4);
  fails_with(S("\xFF\xFE" "A\0\0\0B\0"), VB_EBINARY, 4);      /* U+0000 */
}

/* ---- Windows-1252 and Windows-1256 ------------------------------------- */

static void cp1252(void **state) {
  (void)state;
  /* smart quotes 0x93/0x94, en dash 0x96, e acute 0xE9, euro 0x80 */
  decodes_to(S("\x93" "Caf\xE9\x94 \x96 \x80" "5"),
             S("\xE2\x80\x9C" "Caf\xC3\xA9\xE2\x80\x9D \xE2\x80\x93 \xE2\x82\xAC" "5"),
             VB_CS_CP1252);
  decodes_to(S("M\xFCller said:\r\n\x93Ja.\x94\r"),
             S("M\xC3\xBCller said:\n\xE2\x80\x9CJa.\xE2\x80\x9D\n"), VB_CS_CP1252);
  /* no letters at all: punctuation alone stays Windows-1252 */
  decodes_to(S("\x96"), S("\xE2\x80\x93"), VB_CS_CP1252);
}

static void cp1252_unmapped_bytes(void **state) {
  (void)state;
  static const unsigned char holes[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};
  for (size_t i = 0; i < sizeof holes; i++) {
    char in[] = "Caf\xE9 ok ?";
    in[9] = (char)holes[i];
    fails_with(in, 10, VB_EDECODE, 9);
  }
}

static void cp1256(void **state) {
  (void)state;
  /* "salam" "marhaba" */
  decodes_to(S("\xD3\xE1\xC7\xE3 \xE3\xD1\xCD\xC8\xC7"),
             S("\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7"),
             VB_CS_CP1256);
  /* Arabic with a Latin word, a CRLF and the Arabic question mark 0xBF */
  decodes_to(S("\xE5\xE1 \xDE\xC7\xE1 CNN\r\n\xE4\xDA\xE3\xBF"),
             S("\xD9\x87\xD9\x84 \xD9\x82\xD8\xA7\xD9\x84 CNN\n"
               "\xD9\x86\xD8\xB9\xD9\x85\xD8\x9F"),
             VB_CS_CP1256);
}

/* The heuristic, with iconv's tables as the oracle: text made of every
 * byte Windows-1256 maps to the Arabic block, in words of high bytes, is
 * read as Windows-1256; Western words with every Latin-1 letter of
 * Windows-1252 inside them are read as Windows-1252. Both decode exactly
 * as iconv does. */
static void heuristic_against_iconv(void **state) {
  (void)state;
  char in[1024], want[4096];
  size_t n = 0, arabic_bytes = 0;
  for (int b = 0x80; b <= 0xFF; b++) {
    long cp = byte_to_cp("CP1256", (unsigned char)b);
    if (cp < 0x600 || cp > 0x6FF) continue;
    arabic_bytes++;
    in[n++] = '\xC7'; /* alef, the byte, lam: a three-letter word */
    in[n++] = (char)b;
    in[n++] = '\xE1';
    in[n++] = ' ';
  }
  assert_true(arabic_bytes > 50);
  size_t wn = iconv_oracle("CP1256", in, n, want, sizeof want);
  assert_true(wn != (size_t)-1);
  decodes_to(in, n, want, wn, VB_CS_CP1256);

  n = 0;
  for (int b = 0xC0; b <= 0xFF; b++) {
    long cp = byte_to_cp("CP1252", (unsigned char)b);
    if (cp < 0) continue;
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_LO) continue; /* × ÷ */
    in[n++] = 'a';
    in[n++] = (char)b;
    in[n++] = 'e';
    in[n++] = ' ';
  }
  wn = iconv_oracle("CP1252", in, n, want, sizeof want);
  assert_true(wn != (size_t)-1);
  decodes_to(in, n, want, wn, VB_CS_CP1252);

  /* Byte by byte: "bb bb" is Arabic exactly when Windows-1256 maps b into
   * the Arabic block; otherwise it is Windows-1252, or no text at all. */
  for (int b = 0x80; b <= 0xFF; b++) {
    char word[5] = {(char)b, (char)b, ' ', (char)b, (char)b};
    long cp = byte_to_cp("CP1256", (unsigned char)b);
    if (cp >= 0x600 && cp <= 0x6FF) {
      wn = iconv_oracle("CP1256", word, 5, want, sizeof want);
      decodes_to(word, 5, want, wn, VB_CS_CP1256);
    } else if (byte_to_cp("CP1252", (unsigned char)b) >= 0) {
      wn = iconv_oracle("CP1252", word, 5, want, sizeof want);
      decodes_to(word, 5, want, wn, VB_CS_CP1252);
    } else {
      fails_with(word, 5, VB_EDECODE, 0);
    }
  }
}

/* Each kind of ill-formed UTF-8 sends the input to the legacy path. */
static void invalid_utf8_falls_back(void **state) {
  (void)state;
  decodes_to(S("a\xC0\xAF"), S("a\xC3\x80\xC2\xAF"), VB_CS_CP1252); /* overlong */
  decodes_to(S("a\xE0\x80\xAF"), S("a\xC3\xA0\xE2\x82\xAC\xC2\xAF"), VB_CS_CP1252);
  decodes_to(S("x\xED\xA0\x80y"), S("x\xC3\xAD\xC2\xA0\xE2\x82\xAC" "y"), /* surrogate */
             VB_CS_CP1252);
  decodes_to(S("abc\xE2\x82"), S("abc\xC3\xA2\xE2\x80\x9A"), VB_CS_CP1252); /* cut short */
  decodes_to(S("\x80" "5"), S("\xE2\x82\xAC" "5"), VB_CS_CP1252);     /* lone continuation */
  decodes_to(S("ab\xF5!"), S("ab\xC3\xB5!"), VB_CS_CP1252);           /* F5 never starts one */
  /* past U+10FFFF: F4 90 80 80; 0x90 has no Windows-1252 character */
  fails_with(S("ok \xF4\x90\x80\x80"), VB_EDECODE, 4);
  /* a valid sequence before the bad one is re-read as Windows-1252 too */
  decodes_to(S("\xC3\xA9 \xE9"), S("\xC3\x83\xC2\xA9 \xC3\xA9"), VB_CS_CP1252);
  /* a UTF-8 BOM promises UTF-8: no fallback, the bad byte is named */
  fails_with(S("\xEF\xBB\xBF" "ok\xC3"), VB_EDECODE, 5);
  fails_with(S("\xEF\xBB\xBF" "caf\xE9!"), VB_EDECODE, 6);
}

/* ---- errors ----------------------------------------------------------- */

static void binary_nul(void **state) {
  (void)state;
  fails_with(S("abc\0def"), VB_EBINARY, 3);
  fails_with(S("\0"), VB_EBINARY, 0);
  fails_with(S("\xEF\xBB\xBF" "ab\0"), VB_EBINARY, 5); /* the offset counts the BOM */
  fails_with(S("a\xFF" "bc\0d\0"), VB_EBINARY, 4);      /* NUL after bad UTF-8 */
  fails_with(S("\xEF\xBB\xBF" "a\xFF" "b\0"), VB_EBINARY, 6);
  fails_with(S("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\0"), VB_EBINARY, 32);
  /* UTF-16 without a BOM looks like text with NULs */
  fails_with(S("H\0i\0"), VB_EBINARY, 1);
}

static void empty(void **state) {
  (void)state;
  fails_with("", 0, VB_EEMPTY, -1);
  fails_with(S("\xEF\xBB\xBF"), VB_EEMPTY, -1);
  fails_with(S("\xFF\xFE"), VB_EEMPTY, -1);
  fails_with(S("\xFE\xFF"), VB_EEMPTY, -1);
  fails_with(S(" \n\t "), VB_EEMPTY, -1);
  fails_with(S("\r\n\r"), VB_EEMPTY, -1);
  fails_with(S("\xEF\xBB\xBF \r\n\t\f\v"), VB_EEMPTY, -1);
  fails_with(S("\xFF\xFE \0\r\0\n\0"), VB_EEMPTY, -1);
  fails_with(S("\xFE\xFF\0\t"), VB_EEMPTY, -1);
}

static void out_of_memory_and_no_err(void **state) {
  (void)state;
  vb_arena *small = vb_arena_new(64);
  assert_non_null(small);
  char big[4096];
  memset(big, 'a', sizeof big);
  vb_str out;
  vb_err err;
  vb_err_clear(&err);
  assert_int_equal(vb_decode(big, sizeof big, "big.txt", small, &out, NULL, &err), VB_ENOMEM);
  assert_string_equal(err.file, "big.txt");
  vb_arena_free(small);
  /* err may be NULL: the code still comes back */
  assert_int_equal(vb_decode("a\0", 2, "x", arena, &out, NULL, NULL), VB_EBINARY);
  assert_int_equal(vb_decode("ok", 2, "x", arena, &out, NULL, NULL), VB_OK);
}

/* ---- properties --------------------------------------------------------- */

/* For pseudo-random byte strings (fixed seed): vb_decode either fails with
 * a code, the file name, a message and an offset inside the input, or
 * returns NUL-terminated valid UTF-8 without CR or NUL. And when the input
 * was valid UTF-8 without NUL, it must come back as UTF-8, byte-exact but
 * for newlines. */
static void random_bytes(void **state) {
  (void)state;
  enum { MAX = 400 };
  static const unsigned char pieces[8] = {'\r', '\n', ' ', 0xC3, 0xA9, 0xE2, 0x80, 0x9C};
  unsigned char buf[MAX];
  char want[MAX];
  rng_state = 12345;
  int ok = 0, failed = 0;
  for (int iter = 0; iter < 6000; iter++) {
    size_t n = (size_t)(rnd() % MAX) + 1;
    int mode = iter % 6;
    for (size_t i = 0; i < n; i++) {
      unsigned r = rnd();
      switch (mode) {
      case 0: /* anything */
        buf[i] = (unsigned char)r;
        break;
      case 1: /* mostly ASCII */
        buf[i] = (unsigned char)(r % 8 ? 0x20 + r % 0x5F : 0x80 + r % 0x80);
        break;
      case 2: /* words of high bytes, as in Windows-1256 */
        buf[i] = (unsigned char)(r % 5 ? 0xC0 + r % 0x40 : ' ');
        break;
      case 3: /* low bytes and continuation bytes */
        buf[i] = (unsigned char)(r % 4 ? r % 0x80 : 0x80 + r % 0x40);
        break;
      default: /* letters, newlines and pieces of UTF-8 sequences */
        buf[i] = r % 3 ? (unsigned char)('a' + r % 26) : pieces[r % 8];
      }
    }
    if (mode == 0 && iter % 4 == 0 && n >= 2) buf[0] = 0xFF, buf[1] = 0xFE;
    if (mode == 3 && iter % 4 == 1 && n >= 2) buf[0] = 0xFE, buf[1] = 0xFF;
    if (mode == 1 && iter % 4 == 2 && n >= 3) memcpy(buf, "\xEF\xBB\xBF", 3);
    if (mode == 3) /* no NULs in this mode, except those UTF-16 needs */
      for (size_t i = 0; i < n; i++)
        if (!buf[i]) buf[i] = 'z';

    vb_str out = {0};
    vb_charset cs = (vb_charset)-1;
    vb_err err;
    vb_err_clear(&err);
    int rc = vb_decode((const char *)buf, n, "r.bin", arena, &out, &cs, &err);
    int is_utf8 = valid_utf8((const char *)buf, n) && !memchr(buf, 0, n);
    if (rc) {
      failed++;
      assert_int_equal(err.code, rc);
      assert_string_equal(err.file, "r.bin");
      assert_true(err.msg[0] != '\0');
      assert_true(err.offset >= -1 && err.offset < (long long)n);
      assert_null(out.ptr);
      if (is_utf8) assert_int_equal(rc, VB_EEMPTY);
      continue;
    }
    ok++;
    assert_non_null(out.ptr);
    assert_int_equal(out.ptr[out.len], '\0');
    assert_null(memchr(out.ptr, '\r', out.len));
    assert_null(memchr(out.ptr, '\0', out.len));
    assert_true(valid_utf8(out.ptr, out.len));
    if (is_utf8) {
      size_t skip = n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
      size_t wn = reference_newlines((const char *)buf + skip, n - skip, want);
      assert_int_equal(cs, VB_CS_UTF8);
      assert_int_equal(out.len, wn);
      assert_memory_equal(out.ptr, want, wn);
    }
  }
  /* the generator must exercise both outcomes */
  assert_true(ok > 1000);
  assert_true(failed > 500);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(utf8_plain),
      cmocka_unit_test(utf8_bom),
      cmocka_unit_test(newlines),
      cmocka_unit_test(utf8_round_trip),
      cmocka_unit_test(utf8_round_trip_random),
      cmocka_unit_test(fast_path_alignment),
      cmocka_unit_test(utf16le_bom),
      cmocka_unit_test(utf16be_bom),
      cmocka_unit_test(utf16_errors),
      cmocka_unit_test(cp1252),
      cmocka_unit_test(cp1252_unmapped_bytes),
      cmocka_unit_test(cp1256),
      cmocka_unit_test(heuristic_against_iconv),
      cmocka_unit_test(invalid_utf8_falls_back),
      cmocka_unit_test(binary_nul),
      cmocka_unit_test(empty),
      cmocka_unit_test(out_of_memory_and_no_err),
      cmocka_unit_test(random_bytes),
  };
  return cmocka_run_group_tests_name("decode", tests, setup, teardown);
}
