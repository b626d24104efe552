/* file — reading one input whole, bounded by VB_MAX_INPUT_BYTES. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

int vb_file_read(const char *path, char **bytes, size_t *len, vb_err *err) {
  *bytes = NULL;
  *len = 0;
  int is_stdin = strcmp(path, "-") == 0;
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  if (!f) return vb_err_set(err, VB_EIO, path, -1, "cannot open: %s", strerror(errno));
  size_t cap = 1 << 16, n = 0;
  char *p = malloc(cap);
  int rc = VB_OK;
  if (!p) {
    rc = vb_err_set(err, VB_ENOMEM, path, -1, "out of memory");
    goto out;
  }
  for (;;) {
    if (n == cap) {
      if (cap >= VB_MAX_INPUT_BYTES) {
        rc = vb_err_set(err, VB_ELIMIT, path, (long long)n,
                        "input larger than %zu MiB", VB_MAX_INPUT_BYTES >> 20);
        goto out;
      }
      size_t ncap = cap * 2 > VB_MAX_INPUT_BYTES ? VB_MAX_INPUT_BYTES : cap * 2;
      char *q = realloc(p, ncap);
      if (!q) {
        rc = vb_err_set(err, VB_ENOMEM, path, (long long)n, "out of memory");
        goto out;
      }
      p = q;
      cap = ncap;
    }
    size_t got = fread(p + n, 1, cap - n, f);
    n += got;
    if (got == 0) {
      if (ferror(f)) rc = vb_err_set(err, VB_EIO, path, (long long)n, "read failed: %s", strerror(errno));
      break;
    }
  }
  if (n == cap && rc == VB_OK) {
    /* Exactly at the limit: one more byte means too large. */
    if (cap >= VB_MAX_INPUT_BYTES && fgetc(f) != EOF)
      rc = vb_err_set(err, VB_ELIMIT, path, (long long)n, "input larger than %zu MiB",
                      VB_MAX_INPUT_BYTES >> 20);
  }
out:
  if (!is_stdin) fclose(f);
  if (rc != VB_OK) {
    free(p);
    return rc;
  }
  *bytes = p;
  *len = n;
  return VB_OK;
}
