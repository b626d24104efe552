/* data — the data/ files compiled into the library (scripts/embed.sh):
 * word lists, site conventions and gazetteers, one entry a line, lines
 * starting with '#' are comments. Read-only, shared by every stage. */
#ifndef VB_DATA_H
#define VB_DATA_H

#include <stddef.h>

typedef struct vb_data_file {
  const char *name, *text; /* "titles" for data/titles.txt; the whole file */
} vb_data_file;
extern const vb_data_file vb_data_files[];
extern const size_t vb_data_nfiles;

/* The text of data/<name>.txt, or NULL when there is no such file. */
const char *vb_data_text(const char *name);

#endif
