/* webfiles — the web UI's files compiled into the binary (scripts/
 * embed-web.sh writes the table from web/ at build time), so a server
 * needs no checkout; `--web DIR` serves a directory instead. */
#ifndef VB_WEBFILES_H
#define VB_WEBFILES_H

#include <stddef.h>

typedef struct vb_web_file {
  const char *name; /* path below web/, "app.js" */
  const unsigned char *bytes;
  size_t len;
} vb_web_file;

/* Ends with an entry whose name is NULL. */
extern const vb_web_file vb_web_files[];

#endif
