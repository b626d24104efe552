/* libFuzzer: the html reader (and the stages after it) on any bytes. */
#include "read_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_read(VB_FMT_HTML, "fuzz.html", data, size);
}
