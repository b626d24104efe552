/* layout — blocks -> paragraphs with roles: header, title, dateline, tags,
 * summary, clip, headings, transcript, boilerplate; fills meta (series,
 * number, dates, channel, tags, clip), title, summary, sections and
 * boilerplate. Speaker labels are found by shape here and resolved to
 * people in attribute. */
#ifndef VB_LAYOUT_H
#define VB_LAYOUT_H

#include "core/doc.h"

int vb_layout(vb_doc *doc, vb_err *err);

/* Metadata the file's name gives by a convention of data/filenames.txt
 * (country, series, number, published, publisher, language), where the
 * text gave none. Called by vb_layout. */
int vb_layout_filename(vb_doc *doc, vb_err *err);

/* The title the convention gives (data/filenames.txt "title="), kept in
 * doc->name_title with "{country}" still to fill; layout then takes no line
 * of the text for a title (a UN speech's first line is an address, "Mr.
 * President,", or its first sentence). Called by vb_layout. */
int vb_layout_filename_title(vb_doc *doc, vb_err *err);

/* Makes doc->name_title the document's title, "{country}" replaced by the
 * country's name, when no title was found. Called once the country code
 * is read as a name (after entities). */
int vb_layout_title_country(vb_doc *doc, vb_err *err);

/* The speaker the convention names ("speaker={country}", with its
 * "speaker_role="): a UN speech is its country's delegation's. Given every
 * turn no label gave a speaker and those turns' statements no one else is
 * reported to say, once the country's name is known (after quote). */
int vb_layout_name_speaker(vb_doc *doc, vb_err *err);

/* Reads the label s[b..e) (the text before its colon) into its parts.
 * Returns 1 when it can be a speaker's label by its shape: a name at the
 * end of role words, a name before an apposition, a word for an unnamed
 * speaker; 0 for headings, salutations, ordinals, notes ("Note", "The
 * Latest", "Thirdly") and prose. Whether a line's label is taken is
 * decided with the rest of the document (layout). */
int vb_label_parse(const char *s, uint32_t b, uint32_t e, vb_label_parts *p);
/* Is s[b,e) a clock time, "16:03", whole (a Hansard's label ends with one
 * in brackets)? */
int vb_label_clock(const char *s, uint32_t b, uint32_t e);

#include "core/date.h"

#endif
