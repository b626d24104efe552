/* extract — from the structured document: editorial insertions ("[…]"),
 * dates and quantities (entities come in a later issue). */
#ifndef VB_EXTRACT_H
#define VB_EXTRACT_H

#include "segment/segment.h"

int vb_extract(vb_doc *doc, vb_err *err);

#include "core/buf.h"

/* The identity key of a person's or organisation's name: Unicode case
 * folded, diacritics stripped, punctuation and runs of spaces collapsed to
 * one space ("Ali  Baraka" == "ALI BARAKA" == "Alí Baraka"). Appends to out;
 * returns 0 or VB_ENOMEM. */
int vb_name_key(const char *s, size_t n, vb_buf *out);

#endif