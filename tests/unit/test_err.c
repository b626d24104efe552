/* Error codes: each code from VB_OK to VB_ELAST has its own text (a code
 * appended without one fails here and, through the switch, at compile
 * time), and vb_err_format says file, byte and reason as the header says. */
#include <string.h>

#include "core/err.h"
#include "testutil.h"

static void every_code_named(void **state) {
  (void)state;
  const char *unknown = vb_strerror(VB_ELAST + 1);
  assert_string_equal(unknown, "unknown error");
  assert_string_equal(vb_strerror(-1), unknown);
  for (int c = VB_OK; c <= VB_ELAST; c++) {
    const char *t = vb_strerror(c);
    assert_non_null(t);
    if (!strcmp(t, unknown)) fail_msg("code %d has no text", c);
    for (int d = VB_OK; d < c; d++)
      if (!strcmp(vb_strerror(d), t)) fail_msg("codes %d and %d share the text '%s'", d, c, t);
  }
}

static void format_says_where(void **state) {
  (void)state;
  vb_err err;
  char buf[256];
  vb_err_clear(&err);
  assert_int_equal(err.code, VB_OK);
  assert_int_equal(vb_err_set(&err, VB_EDECODE, "a.txt", 12, "not %s", "UTF-8"), VB_EDECODE);
  assert_int_equal(err.code, VB_EDECODE);
  vb_err_format(&err, buf, sizeof buf);
  assert_string_equal(buf, "a.txt: byte 12: not UTF-8");
  vb_err_set(&err, VB_EIO, "a.txt", -1, "cannot open");
  vb_err_format(&err, buf, sizeof buf);
  assert_string_equal(buf, "a.txt: cannot open");
  vb_err_clear(&err);
  err.code = VB_ENOMEM; /* no message: the code's text */
  vb_err_format(&err, buf, sizeof buf);
  assert_string_equal(buf, "out of memory");
  assert_int_equal(vb_err_set(NULL, VB_ESTORE, "", -1, "x"), VB_ESTORE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_code_named),
      cmocka_unit_test(format_says_where),
  };
  return cmocka_run_group_tests_name("err", tests, NULL, NULL);
}
