/* quote — who said it in prose. Takes the statements segment made and,
 * in prose (summaries and paragraphs no label speaks), finds direct
 * quotations and reported speech with their cue ("said", "according to")
 * and source ("Ali Baraka", "he", "a spokesman"), resolves the source to a
 * speaker (adding speakers for the people and organisations quoted), and
 * splits each sentence into what was said (direct, indirect or mixed, with
 * speaker, source and cue) and the narration around it. In a labelled
 * turn, a quotation the speaker attributes to someone named by a cue
 * becomes that person's. */
#ifndef VB_QUOTE_H
#define VB_QUOTE_H

#include "segment/segment.h"

int vb_quote(vb_doc *doc, vb_err *err);

#endif
