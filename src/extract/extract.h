/* extract — from the structured document: editorial insertions ("[…]"),
 * dates and quantities (entities come in a later issue). */
#ifndef VB_EXTRACT_H
#define VB_EXTRACT_H

#include "segment/segment.h"

int vb_extract(vb_doc *doc, vb_err *err);

#endif
