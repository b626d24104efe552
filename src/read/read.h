/* read — one reader per format turns the body into blocks (doc->blocks):
 * lines for text, block elements for HTML, cues for captions. */
#ifndef VB_READ_H
#define VB_READ_H

#include "core/doc.h"

/* Plain text: one block per non-blank line; gap counts the blank lines
 * before it; a leading ">>" sets VB_BLK_CHANGE and is left out of the span. */
int vb_read_text(vb_doc *doc, vb_err *err);

/* SRT and WebVTT: one block per cue (or per ">>" speaker within a cue)
 * with its times and <v> voice; the body becomes the captions' text, cues
 * one per line, so statements are spans of it across cues. */
int vb_read_srt(vb_doc *doc, vb_err *err);
int vb_read_vtt(vb_doc *doc, vb_err *err);

/* HTML (libxml2): the article's headings and paragraphs, navigation and
 * widgets left out; the body becomes their text, a blank line between
 * blocks; metadata from <meta>, <time> and JSON-LD. */
int vb_read_html(vb_doc *doc, vb_err *err);

/* One JSON Lines record (a single JSON object): metadata fields and
 * "text" or "turns"; see the README for the schema. */
int vb_read_jsonl(vb_doc *doc, vb_err *err);

#endif
