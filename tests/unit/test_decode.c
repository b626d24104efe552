/* Decoding: every charset path, every error with its offset, and a
 * property test that decoded text is always valid UTF-8 without CR/NUL. */
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

static void decodes_to(const char *in, size_t n, const char *want, vb_charset want_cs) {
  vb_str out;
  vb_charset cs;
  vb_err err;
  vb_err_clear(&err);
  int rc = vb_decode(in, n, "in.txt", arena, &out, &cs, &err);
  if (rc) fail_msg("decode failed: %s", err.msg);
  assert_int_equal(cs, want_cs);
  assert_int_equal(out.len, strlen(want));
  assert_memory_equal(out.ptr, want, out.len);
  assert_int_equal(out.ptr[out.len], '\0');
}

static void fails_with(const char *in, size_t n, int code, long long offset) {
  vb_str out;
  vb_err err;
  int rc = vb_decode(in, n, "bad.txt", arena, &out, NULL, &err);
  assert_int_equal(rc, code);
  assert_string_equal(err.file, "bad.txt");
  assert_int_equal(err.offset, offset);
  assert_true(err.msg[0] != '\0');
}

static void utf8_plain_and_bom(void **state) {
  (void)state;
  decodes_to("plain text\n", 11, "plain text\n", VB_CS_UTF8);
  decodes_to("\xEF\xBB\xBF" "caf\xC3\xA9", 8, "caf\xC3\xA9", VB_CS_UTF8);
  decodes_to("\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85", 8, "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85", VB_CS_UTF8);
}

static void newlines(void **state) {
  (void)state;
  decodes_to("a\r\nb\rc\n\r\n", 9, "a\nb\nc\n\n", VB_CS_UTF8);
}

static void utf16_with_bom(void **state) {
  (void)state;
  decodes_to("\xFF\xFE" "H\0i\0\r\0\n\0\xE9\0", 12, "Hi\n\xC3\xA9", VB_CS_UTF16LE);
  decodes_to("\xFE\xFF\0H\0i\x06\x33", 8, "Hi\xD8\xB3", VB_CS_UTF16BE);
  fails_with("\xFF\xFE" "A\0\0\xD8", 6, VB_EDECODE, 4);     /* lone high surrogate */
  fails_with("\xFF\xFE" "A\0B", 5, VB_EDECODE, 4);          /* odd length */
}

static void windows_1252(void **state) {
  (void)state;
  decodes_to("\x93" "Caf\xE9\x94 \x96 \x80" "5", 11,
             "\xE2\x80\x9C" "Caf\xC3\xA9\xE2\x80\x9D \xE2\x80\x93 \xE2\x82\xAC" "5", VB_CS_CP1252);
  fails_with("Caf\xE9 \x81", 6, VB_EDECODE, 5); /* 0x81 has no character */
}

static void windows_1256(void **state) {
  (void)state;
  /* "salam" and "marhaba" in cp1256 */
  decodes_to("\xD3\xE1\xC7\xE3 \xE3\xD1\xCD\xC8\xC7", 10,
             "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7", VB_CS_CP1256);
}

static void errors(void **state) {
  (void)state;
  fails_with("", 0, VB_EEMPTY, -1);
  fails_with("\xEF\xBB\xBF", 3, VB_EEMPTY, -1);
  fails_with(" \n\t ", 4, VB_EEMPTY, -1);
  fails_with("abc\0def", 7, VB_EBINARY, 3);
  fails_with("\xEF\xBB\xBF" "ok\xC3", 6, VB_EDECODE, 5); /* BOM promises UTF-8 */
}

static void round_trip(void **state) {
  (void)state;
  const char *t = "Zitat: \xE2\x80\x9EJa\xE2\x80\x9C \xF0\x9F\x98\x80 \xE4\xB8\xAD";
  decodes_to(t, strlen(t), t, VB_CS_UTF8);
}

static void random_bytes(void **state) {
  (void)state;
  unsigned seed = 99;
  char buf[300];
  for (int iter = 0; iter < 4000; iter++) {
    size_t n = (size_t)(iter % 299) + 1;
    for (size_t i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      buf[i] = (char)(seed >> 16);
    }
    if (iter % 3 == 0) buf[0] = '\xFF', buf[n > 1 ? 1 : 0] = '\xFE';
    vb_str out;
    vb_err err;
    vb_err_clear(&err);
    int rc = vb_decode(buf, n, "r.bin", arena, &out, NULL, &err);
    if (rc) {
      assert_string_equal(err.file, "r.bin");
      assert_true(err.msg[0]);
      continue;
    }
    assert_null(memchr(out.ptr, '\r', out.len));
    assert_null(memchr(out.ptr, '\0', out.len));
    utf8proc_int32_t cp;
    for (size_t i = 0; i < out.len;) {
      utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)out.ptr + i, (utf8proc_ssize_t)(out.len - i), &cp);
      assert_true(k > 0);
      i += (size_t)k;
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(utf8_plain_and_bom), cmocka_unit_test(newlines),
      cmocka_unit_test(utf16_with_bom),     cmocka_unit_test(windows_1252),
      cmocka_unit_test(windows_1256),       cmocka_unit_test(errors),
      cmocka_unit_test(round_trip),         cmocka_unit_test(random_bytes),
  };
  return cmocka_run_group_tests_name("decode", tests, setup, teardown);
}
