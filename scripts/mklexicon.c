/* mklexicon — writes the built-in lexicon's image for the library to
 * embed (make runs it: build/gen/lexicon.bin): the lexicon made from its
 * lists as a process would make it at run time, compiled, then read back
 * and compared with what was made before anything is written. Where the
 * lists cannot be read (no iso-codes), writes an empty image and says so:
 * the library then makes the lexicon at run time, as before.
 *   mklexicon OUT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "extract/lexicon.h"

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: mklexicon OUT\n");
    return 2;
  }
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    perror(tmp);
    return 1;
  }
  vb_lexicon *lx = NULL, *back = NULL;
  vb_err err = {0};
  vb_buf out;
  vb_buf_init(&out, 0);
  int rc = 0;
  char msg[1024], why[128] = "";
  if (vb_lexicon_build(&lx, &err) || vb_lexicon_compile(lx, &err)) {
    vb_err_format(&err, msg, sizeof msg);
    fprintf(stderr, "mklexicon: no image, the lexicon will be made at run time: %s\n", msg);
  } else if (vb_lexicon_image_write(lx, &out)) {
    fprintf(stderr, "mklexicon: out of memory\n");
    rc = 1;
  } else if (vb_lexicon_from_image(out.ptr, out.len, 0, &back, &err) || !vb_lexicon_same(lx, back, why, sizeof why)) {
    fprintf(stderr, "mklexicon: the image read back differs from the lexicon made (%s)\n", why[0] ? why : err.msg);
    rc = 1;
  } else if (fwrite(out.ptr, 1, out.len, f) != out.len) {
    perror(tmp);
    rc = 1;
  }
  vb_lexicon_free(back);
  vb_lexicon_free(lx);
  vb_buf_free(&out);
  if (fclose(f) || rc) {
    remove(tmp);
    return 1;
  }
  if (rename(tmp, argv[1])) {
    perror(argv[1]);
    return 1;
  }
  return 0;
}
