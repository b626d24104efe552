/* err — filling a vb_err: the one error convention of the library. */
#ifndef VB_ERR_H
#define VB_ERR_H

#include "verbatim.h"

/* Sets err (if not NULL) and returns code, so callers can
 * `return vb_err_set(err, VB_EPARSE, path, off, "…", …);`. */
int vb_err_set(vb_err *err, int code, const char *file, long long offset,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
