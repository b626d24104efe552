/* err — error codes, messages and formatting; see verbatim.h. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *vb_strerror(int code) {
  /* no default: the compiler names a code appended without its text */
  switch ((vb_code)code) {
  case VB_OK: return "no error";
  case VB_ENOMEM: return "out of memory";
  case VB_EIO: return "input/output error";
  case VB_EDECODE: return "cannot decode text";
  case VB_EPARSE: return "cannot parse";
  case VB_ELIMIT: return "limit exceeded";
  case VB_EEMPTY: return "empty input";
  case VB_EUSAGE: return "invalid usage";
  case VB_EBINARY: return "binary input";
  case VB_EQUERY: return "malformed query";
  case VB_ESTORE: return "archive error";
  case VB_EFORMAT: return "unsupported format";
  case VB_ENOTFOUND: return "not found";
  }
  return "unknown error";
}

void vb_err_clear(vb_err *err) {
  if (!err) return;
  memset(err, 0, sizeof *err);
  err->offset = -1;
}

int vb_err_set(vb_err *err, int code, const char *file, long long offset,
               const char *fmt, ...) {
  if (!err) return code;
  err->code = code;
  err->offset = offset;
  snprintf(err->file, sizeof err->file, "%s", file ? file : "");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
  return code;
}

size_t vb_err_format(const vb_err *err, char *buf, size_t cap) {
  const char *msg = err->msg[0] ? err->msg : vb_strerror(err->code);
  int n;
  if (err->file[0] && err->offset >= 0)
    n = snprintf(buf, cap, "%s: byte %lld: %s", err->file, err->offset, msg);
  else if (err->file[0])
    n = snprintf(buf, cap, "%s: %s", err->file, msg);
  else
    n = snprintf(buf, cap, "%s", msg);
  return n < 0 ? 0 : (size_t)n;
}
