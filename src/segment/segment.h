/* segment — turn paragraphs, the title claim, headings and the summary
 * -> statements (doc->statements), one per sentence. */
#ifndef VB_SEGMENT_H
#define VB_SEGMENT_H

#include "attribute/attribute.h"

int vb_segment(vb_doc *doc, vb_err *err);

/* Splits text[0..len) into sentences. Calls fn(ctx, start, end) for each,
 * with offsets relative to text, trimmed of spaces and of quote marks that
 * only wrap the sentence. Respects abbreviations (U.S., Dr., Mr.),
 * decimals (2.5), initials (J. Trump), ellipses and quotes. Stops early
 * and returns fn's value when fn returns non-zero; else 0. */
typedef int (*vb_sentence_fn)(void *ctx, size_t start, size_t end);
int vb_sentences(const char *text, size_t len, vb_sentence_fn fn, void *ctx);

#endif
