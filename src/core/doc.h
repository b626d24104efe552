/* doc — the document under construction. Every pipeline stage takes a
 * vb_doc, reads what the stages before it filled, and adds its own part;
 * nothing flows backwards. All memory lives in doc->arena. */
#ifndef VB_DOC_H
#define VB_DOC_H

#include "arena.h"
#include "verbatim.h"

/* Limits on one document, each with the reason beside it. */
#define VB_MAX_BLOCKS 2000000u   /* ~ one per line: a 256 MB file of 128-byte lines */
#define VB_MAX_TURNS 1000000u    /* a 24-hour broadcast changes speaker far less */
#define VB_MAX_SPEAKERS 4096u    /* speaker lookup is linear in this */
#define VB_MAX_CLOCK_LABEL_BYTES 320u /* a Hansard's "Mr X (seat—office) (14:07):" */
#define VB_MAX_LABEL_BYTES 128u  /* "Minister of Communications and Mass Media Nikolai Nikiforov:"
                                  * fits; a sentence seldom does (bold labels may be longer) */

/* What a speaker is, as far as quote attribution could tell. */
enum {
  VB_SPEAKER_PERSON = 0,  /* a label's, or a name with a given name or title */
  VB_SPEAKER_ORG = 1,     /* "the Interior Ministry said" */
  VB_SPEAKER_UNKNOWN = 2, /* "Uber said": the entity lists decide, if they know it */
  VB_SPEAKER_GROUP = 3    /* "Critics said": a group (vb_speaker.group) */
};

/* What layout decided a paragraph is. */
typedef enum vb_role {
  VB_ROLE_NONE = 0,
  VB_ROLE_HEADER,     /* "October 11, 2023 Special Dispatch No. 10850" */
  VB_ROLE_TITLE,
  VB_ROLE_DATELINE,   /* a date alone on its line */
  VB_ROLE_TAGS,       /* "Palestinians | Special Dispatch No. 10850" */
  VB_ROLE_SUMMARY,
  VB_ROLE_CLIP,       /* "To view the clip …, click here" */
  VB_ROLE_HEADING,    /* a pull-quote section heading */
  VB_ROLE_TRANSCRIPT, /* speech: labelled or continuing */
  VB_ROLE_BOILER      /* share/donate/copyright furniture */
} vb_role;

/* Reader output: one line of text, one HTML block, one caption cue. */
enum {
  VB_BLK_CHANGE = 1,    /* ">>": the speaker changes here */
  VB_BLK_HARD = 2,      /* a hard boundary (markup block, cue): never merge */
  VB_BLK_HEADING = 4,   /* markup says heading (<h2>) */
  VB_BLK_INDENT = 8,    /* the line was indented: a new paragraph in wrapped text */
  VB_BLK_LEAD = 16,     /* markup says: the site's lead (itemprop="description") */
  VB_BLK_QUOTEBOX = 32, /* set apart as a quotation (<blockquote>) */
  VB_BLK_PAGE = 64,     /* a page header or number of a printed record */
  VB_BLK_BOLD = 128,    /* the page set the whole block in bold */
  VB_BLK_LINKS = 256,   /* every word of it is a link's (<a href>): a teaser, a menu */
  VB_BLK_CELL = 512,    /* a table's cell (<td>, <th>): a name in a column is no heading */
  VB_BLK_NUMBERED = 1024 /* a line of a court reporter's transcript, numbered in the margin */
};
typedef struct vb_block {
  uint32_t start, end;       /* trimmed span in body, end > start */
  vb_str voice;              /* speaker named by markup (<v Name>), arena memory */
  vb_time time;              /* caption time; start < 0 when none */
  uint16_t gap;              /* blank lines before this block */
  uint16_t flags;            /* VB_BLK_* */
  uint8_t level;             /* heading level from markup, 0 if none */
  uint16_t marked_label;     /* bytes of a label set in bold at the start
                              * ("<b>Name</b>:"), colon included; 0 if none */
} vb_block;

/* A speaker label's parts, as byte spans of the body (empty when absent). */
typedef struct vb_label_parts {
  uint32_t name_b, name_e; /* the person: "Vladimir Putin"; the whole label for "Question" */
  uint32_t role_b, role_e; /* the words around it: "President of Russia" */
  uint32_t note_b, note_e; /* "(retranslated)", without the parentheses */
  uint8_t words;           /* words in the name */
  uint8_t host;            /* an interviewer, host, moderator, by name or role */
  uint8_t anonymous;       /* speaks without being named: "Question", "Remark" */
  uint8_t chair;           /* an office with its holder in brackets: "The SPEAKER (Mr Dick)" */
} vb_label_parts;

/* Layout output: a paragraph with a role, and a speaker label if it opens
 * with one ("Baraka: …", "CHRIS WALLACE:" on its own line, ">> NAME:"). */
typedef struct vb_para {
  uint32_t start, end;             /* trimmed span in body */
  uint32_t label_start, label_end; /* label text without the colon; empty if none */
  uint32_t text_start;             /* content after the label */
  vb_label_parts label;            /* the label's name, role and note */
  const char *why;                 /* why layout gave it its role (parse --explain) */
  vb_str voice;                    /* from markup; ptr NULL if none */
  vb_time time;
  uint8_t role;                    /* vb_role */
  uint8_t change;                  /* speaker changes here (">>") */
  uint16_t bflags;                 /* VB_BLK_* of its first block */
  uint8_t level;                   /* its block's heading level from markup, 0 if none */
  uint8_t headline;                /* "Ted Cruz: …" before prose: a title, not a turn */
} vb_para;

typedef struct vb_alias {
  int32_t speaker;
  vb_str name;
} vb_alias;

struct vb_doc {
  vb_arena *arena;
  const char *path;
  vb_doc_view view;    /* meta, title, summary, body are filled in place */
  VB_VEC(vb_block) blocks;
  VB_VEC(vb_para) paras;
  VB_VEC(vb_str) tags;
  VB_VEC(vb_speaker) speakers;
  VB_VEC(uint8_t) speaker_org; /* by speaker index, what quote attribution knows of
                                * a speaker it found in prose: VB_SPEAKER_*;
                                * shorter than speakers when all are people */
  VB_VEC(vb_alias) aliases;
  VB_VEC(vb_section) sections;
  VB_VEC(vb_turn) turns;
  VB_VEC(uint32_t) turn_para0; /* index of each turn's first paragraph */
  VB_VEC(vb_paragraph) paragraphs;
  VB_VEC(vb_statement) statements;
  VB_VEC(vb_attribution) attributions;
  VB_VEC(vb_span) insertions;
  VB_VEC(vb_span) boilerplate;
  VB_VEC(const char *) boilerplate_why; /* one static reason per boilerplate span */
  uint64_t boiler_placed;  /* boilerplate entries written while segment put page marks
                            * among them: its work, held linear by test_structure */
  VB_VEC(const char *) warnings;        /* arena strings, for the reader */
  VB_VEC(vb_date) dates;
  VB_VEC(vb_quantity) quantities;
  /* Statements analysed for the index ahead of storing (ingest threads):
   * statement i's pre-analysed text is pre[pre_off[i] .. pre_off[i+1]).
   * NULL when not done. */
  char *pre;
  uint32_t *pre_off;
  /* The statements' quote fingerprints made from pre on an ingest thread
   * (src/store/families.c: vs_fam_begin), or NULL. */
  const void *fam;
  /* The document's kept parse (src/store/record.c: vs_record_encode)
   * made on an ingest thread, arena memory, or NULL: made when stored. */
  const char *record;
  size_t record_len;
  vb_str page_title;     /* a page's <title>/og:title (HTML), arena memory */
  vb_str page_author;    /* the author a page declares (<meta name=author>, JSON-LD
                          * author.name), arena memory: an author's note names him */
  vb_str name_title;     /* the title a file-name convention gives, "{country}"
                          * not yet filled (layout/filename.c), arena memory */
  vb_str name_speaker, name_speaker_role; /* who speaks where no label says, by
                          * the same convention ("{country}" not yet filled) */
  /* The names that speaker goes by in its own words (a delegation's
   * country: its names, official and short, in other languages, and its
   * demonyms), each lowercase ASCII or folded, words one space apart,
   * "the" dropped: "trinidad and tobago", "trinidadian". Arena memory,
   * filled before quote (extract/entities.c), empty with no such speaker. */
  VB_VEC(vb_str) own_names;
  int lead_marked;       /* the page marks where its lead goes, even if empty */
  char page_lang[3];     /* the language a page declares (<html lang>, content-language,
                          * og:locale), ISO 639-1, "" if none: extract takes it unless
                          * the text plainly says another */
  int32_t title_speaker; /* speaker of the title's "Name: claim", or -1 */
  vb_span title_claim;   /* the claim after the title's label */
  /* VB_PARSER_VERSION of the parse that made this document; the store
   * records it beside the statements (tests set an older one). */
  int parser_version;
  /* The stamp of the lexicon its entities were found with (vb_lexicon's
   * stamp; -1: unknown): the store keeps the parse to serve it again only
   * while the archive's lexicon is the same (store/record.c). */
  int64_t lexicon_stamp;
  int recorded;          /* read from the parse kept beside it, not parsed */
  int drop_source;       /* vb_parse_opts.drop_source */
};

/* A slice of the body. */
static inline vb_str vb_doc_slice(const vb_doc *d, uint32_t start, uint32_t end) {
  vb_str s = {d->view.body.ptr + start, end - start};
  return s;
}

#endif
