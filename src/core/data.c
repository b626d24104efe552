/* data — lookup of the embedded data/ files by name. */
#include "data.h"

#include <string.h>

const char *vb_data_text(const char *name) {
  for (size_t i = 0; i < vb_data_nfiles; i++)
    if (strcmp(vb_data_files[i].name, name) == 0) return vb_data_files[i].text;
  return NULL;
}
