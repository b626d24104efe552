/* read — one reader per format turns the body into blocks (doc->blocks):
 * lines for text, block elements for HTML, cues for captions. */
#ifndef VB_READ_H
#define VB_READ_H

#include "core/doc.h"

/* Plain text: one block per non-blank line; gap counts the blank lines
 * before it; a leading ">>" sets VB_BLK_CHANGE and is left out of the span. */
int vb_read_text(vb_doc *doc, vb_err *err);

#endif
