/* attribute — paragraphs -> speakers and turns: resolves labels to one
 * speaker per person, finds role and affiliation from introducing phrases,
 * carries unlabelled and quoted paragraphs to the right speaker, strips
 * labels and quote marks from paragraph spans. Also the title's
 * "Name: claim" and the pull-quote headings' speaker. */
#ifndef VB_ATTRIBUTE_H
#define VB_ATTRIBUTE_H

#include "layout/layout.h"

int vb_attribute(vb_doc *doc, vb_err *err);

/* The speaker a name refers to ("Ali Baraka", "Baraka", "BARAKA"), or -1. */
int32_t vb_attr_find_speaker(const vb_doc *doc, const char *name, size_t len);

/* A name written in capitals ("DE FREITAS VALLE", a label or a summary
 * record's) as the body spells it elsewhere with lowercase letters ("de
 * Freitas Valle"), a span of the body; else name itself. */
vb_str vb_attr_proper_case(const vb_doc *doc, vb_str name);

#endif
