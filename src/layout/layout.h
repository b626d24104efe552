/* layout — blocks -> paragraphs with roles: header, title, dateline, tags,
 * summary, clip, headings, transcript, boilerplate; fills meta (series,
 * number, dates, channel, tags, clip), title, summary, sections and
 * boilerplate. Speaker labels are found by shape here and resolved to
 * people in attribute. */
#ifndef VB_LAYOUT_H
#define VB_LAYOUT_H

#include "core/doc.h"

int vb_layout(vb_doc *doc, vb_err *err);

#include "core/date.h"

#endif
