/* writer — streaming JSON text, byte for byte what jansson's json_dumps
 * makes of the same tree (see writer.h); tests/unit/test_json_writer.c
 * holds the two side by side. */
#include "json/writer.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void fail(vb_jw *w, int code) {
  if (!w->failed) w->failed = code;
}

/* Most pieces are a few bytes into a buffer with room: copied here,
 * without vb_buf_add's checks and call (a key cost ~560 instructions
 * that way: 22 keys an alert), and the shortest (quotes, separators, a
 * key) without a call to memcpy. */
static inline void put(vb_jw *w, const char *s, size_t n) {
  if (w->failed) return;
  vb_buf *b = &w->buf;
  if (n < b->cap - b->len && b->cap) {
    char *to = b->ptr + b->len;
    if (n <= 8)
      for (size_t i = 0; i < n; i++) to[i] = s[i];
    else
      memcpy(to, s, n);
    b->len += n;
    b->ptr[b->len] = '\0';
    return;
  }
  if (vb_buf_add(b, s, n)) fail(w, VB_JW_ENOMEM);
}

static void flush(vb_jw *w) {
  if (!w->f || w->failed || !w->buf.len) return;
  if (fwrite(w->buf.ptr, 1, w->buf.len, w->f) != w->buf.len) fail(w, VB_JW_EIO);
  w->buf.len = 0;
  w->buf.ptr[0] = '\0';
}

void vb_jw_init(vb_jw *w, FILE *f, int pretty) {
  memset(w, 0, sizeof *w);
  vb_buf_init(&w->buf, 0);
  w->f = f;
  w->pretty = pretty;
}

/* jansson's dump_indent: a newline and two spaces a level, or nothing */
static void indent(vb_jw *w, int depth) {
  static const char spaces[] = "\n                                                                ";
  if (!w->pretty) return;
  put(w, spaces, 1 + (size_t)depth * 2);
}

/* Before any value or key: the separator its place needs. */
static void before(vb_jw *w) {
  if (w->after_key) {
    w->after_key = 0;
    return;
  }
  if (!w->depth) return;
  if (w->empty[w->depth]) w->empty[w->depth] = 0;
  else put(w, ",", 1);
  indent(w, w->depth);
}

static void after(vb_jw *w) {
  if (w->buf.len >= VB_JW_FLUSH) flush(w);
}

static void begin(vb_jw *w, char c) {
  before(w);
  if (w->depth >= VB_JW_MAX_DEPTH) {
    fail(w, VB_JW_EDEPTH);
    return;
  }
  put(w, &c, 1);
  w->empty[++w->depth] = 1;
}

static void end(vb_jw *w, char c) {
  if (w->failed || !w->depth) return;
  if (!w->empty[w->depth]) indent(w, w->depth - 1);
  w->depth--;
  put(w, &c, 1);
  after(w);
}

void vb_jw_obj(vb_jw *w) { begin(w, '{'); }
void vb_jw_obj_end(vb_jw *w) { end(w, '}'); }
void vb_jw_arr(vb_jw *w) { begin(w, '['); }
void vb_jw_arr_end(vb_jw *w) { end(w, ']'); }

/* Length of the valid UTF-8 sequence at s (lead byte >= 0x80), 0 if none:
 * what jansson accepts (no overlong forms, surrogates or values past
 * U+10FFFF). */
static size_t utf8_len(const unsigned char *s, const unsigned char *end) {
  unsigned c = s[0];
  size_t n;
  uint32_t v;
  if (c >= 0xC2 && c <= 0xDF) n = 2, v = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, v = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, v = c & 0x07;
  else return 0;
  if ((size_t)(end - s) < n) return 0;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    v = v << 6 | (s[i] & 0x3F);
  }
  if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  if ((n == 3 && v < 0x800) || (n == 4 && v < 0x10000)) return 0;
  return n;
}

/* How many bytes from s (before stop) are plain ASCII, written as they
 * are: 0x20-0x7F but '"' and '\\'. Eight at a time while a word holds
 * none of the others (a byte under 0x20, one with its high bit, a quote
 * or a backslash: the tests are exact for the word as a whole), then
 * byte by byte to the one that stops it: the strings of an answer are
 * mostly such runs (some 9 instructions a byte one at a time). */
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
static inline const unsigned char *plain_run(const unsigned char *s, const unsigned char *stop) {
  while ((size_t)(stop - s) >= 8) {
    uint64_t x;
    memcpy(&x, s, 8);
    uint64_t quote = x ^ (ONES * '"'), slash = x ^ (ONES * '\\');
    uint64_t other = (x | ((x - ONES * 0x20) & ~x) | ((quote - ONES) & ~quote) | ((slash - ONES) & ~slash)) & HIGHS;
    if (other) break;
    s += 8;
  }
  while (s < stop && *s >= 0x20 && *s < 0x80 && *s != '"' && *s != '\\') s++;
  return s;
}

/* lossy: a byte that begins no valid sequence is written as U+FFFD, as
 * results.c does for the archive's answers; else it fails the writer */
static void string(vb_jw *w, const char *str, size_t len, int lossy) {
  const unsigned char *s = (const unsigned char *)(str ? str : ""), *end = s + len, *run = s;
  put(w, "\"", 1);
  while (s < end && !w->failed) {
    /* the common case, a run of plain ASCII, in a tight loop */
    const unsigned char *stop = w->f && (size_t)(end - s) > VB_JW_FLUSH ? s + VB_JW_FLUSH : end;
    s = plain_run(s, stop);
    if (w->f && w->buf.len + (size_t)(s - run) >= VB_JW_FLUSH) {
      put(w, (const char *)run, (size_t)(s - run));
      run = s;
      flush(w);
    }
    if (s == stop) continue;
    unsigned c = *s;
    if (c >= 0x80 || (c >= 0x20 && c != '"' && c != '\\')) {
      size_t n = c < 0x80 ? 1 : utf8_len(s, end);
      if (!n && lossy) {
        put(w, (const char *)run, (size_t)(s - run));
        put(w, "\xef\xbf\xbd", 3);
        run = ++s;
        continue;
      }
      if (!n) fail(w, VB_JW_EUTF8);
      s += n;
      /* a long string (a body, a long statement) goes out in pieces */
      if (w->f && w->buf.len + (size_t)(s - run) >= VB_JW_FLUSH) {
        put(w, (const char *)run, (size_t)(s - run));
        run = s;
        flush(w);
      }
      continue;
    }
    put(w, (const char *)run, (size_t)(s - run));
    char esc[8];
    switch (c) {
    case '"': put(w, "\\\"", 2); break;
    case '\\': put(w, "\\\\", 2); break;
    case '\b': put(w, "\\b", 2); break;
    case '\f': put(w, "\\f", 2); break;
    case '\n': put(w, "\\n", 2); break;
    case '\r': put(w, "\\r", 2); break;
    case '\t': put(w, "\\t", 2); break;
    default:
      snprintf(esc, sizeof esc, "\\u%04X", c);
      put(w, esc, 6);
    }
    run = ++s;
  }
  put(w, (const char *)run, (size_t)(s - run));
  put(w, "\"", 1);
}

void vb_jw_key(vb_jw *w, const char *key) {
  before(w);
  string(w, key, strlen(key), 0);
  put(w, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
  w->after_key = 1;
}

void vb_jw_str(vb_jw *w, const char *s, size_t len) {
  before(w);
  string(w, s, len, 0);
  after(w);
}

void vb_jw_text(vb_jw *w, const char *s, size_t len) {
  if (!s) {
    vb_jw_null(w);
    return;
  }
  before(w);
  string(w, s, len, 1);
  after(w);
}

void vb_jw_cstr(vb_jw *w, const char *s) { vb_jw_str(w, s, strlen(s)); }

void vb_jw_int(vb_jw *w, long long v) {
  char d[24], *p = d + sizeof d;
  unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
  do *--p = (char)('0' + u % 10);
  while (u /= 10);
  if (v < 0) *--p = '-';
  before(w);
  put(w, p, (size_t)(d + sizeof d - p));
  after(w);
}

void vb_jw_key_int(vb_jw *w, const char *key, long long v) {
  vb_jw_key(w, key);
  vb_jw_int(w, v);
}

/* Reals are few (caption times, fractional quantities): jansson formats
 * each, so its shortest-digits conversion is the one used. */
void vb_jw_real(vb_jw *w, double v) {
  char d[64];
  json_t *r = json_real(v);
  size_t n = r ? json_dumpb(r, d, sizeof d, JSON_ENCODE_ANY | JSON_REAL_PRECISION(10)) : 0;
  json_decref(r);
  before(w);
  if (!n || n > sizeof d) fail(w, VB_JW_EREAL);
  else put(w, d, n);
  after(w);
}

void vb_jw_bool(vb_jw *w, int v) {
  before(w);
  put(w, v ? "true" : "false", v ? 4 : 5);
  after(w);
}

void vb_jw_null(vb_jw *w) {
  before(w);
  put(w, "null", 4);
  after(w);
}

void vb_jw_raw(vb_jw *w, const char *s, size_t len) { put(w, s, len); }

int vb_jw_finish(vb_jw *w) {
  flush(w);
  if (w->f && !w->failed && fflush(w->f)) fail(w, VB_JW_EIO);
  return w->failed;
}

char *vb_jw_detach(vb_jw *w) {
  if (w->failed || w->f) return NULL;
  return vb_buf_detach(&w->buf);
}

void vb_jw_free(vb_jw *w) { vb_buf_free(&w->buf); }
