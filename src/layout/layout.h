/* layout — blocks -> paragraphs with roles: header, title, dateline, tags,
 * summary, clip, headings, transcript, boilerplate; fills meta (series,
 * number, dates, channel, tags, clip), title, summary, sections and
 * boilerplate. Speaker labels are found by shape here and resolved to
 * people in attribute. */
#ifndef VB_LAYOUT_H
#define VB_LAYOUT_H

#include "core/doc.h"

int vb_layout(vb_doc *doc, vb_err *err);

/* Parses an English date ("October 8, 2023", "8 October 2023",
 * "2023-10-08") at s[0..n). Returns the bytes consumed (0 if none) and
 * writes YYYY-MM-DD into iso. */
size_t vb_parse_date(const char *s, size_t n, char iso[11]);

#endif
