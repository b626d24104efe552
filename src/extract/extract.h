/* extract — from the structured document: editorial insertions ("[…]"),
 * dates, quantities, and entities (people, organisations, places) matched
 * against a lexicon and found from context. */
#ifndef VB_EXTRACT_H
#define VB_EXTRACT_H

#include "quote/quote.h"

/* Insertions, dates, quantities and the document's language: the one the
 * caller or the input gave (meta.language set before), else the page's
 * declared one (doc->page_lang) unless the text plainly says another,
 * else a guess; meta.language_from says which. */
int vb_extract(vb_doc *doc, const vb_lexicon *lx, vb_err *err);

#include "core/buf.h"

/* The identity key of a person's or organisation's name: Unicode case
 * folded, diacritics stripped, punctuation and runs of spaces collapsed to
 * one space ("Ali  Baraka" == "ALI BARAKA" == "Alí Baraka"). Appends to out;
 * returns 0 or VB_ENOMEM. */
int vb_name_key(const char *s, size_t n, vb_buf *out);

/* Words as the entity matcher sees them: letters, digits and marks;
 * everything else separates. Finds the next word at or after i; returns 0
 * at the end. */
size_t vb_word_next(const char *s, size_t n, size_t i, size_t *ws, size_t *we);

/* A word's two forms: `light` is case folded, marks stripped and script
 * letters folded ("Erdoğan" -> "erdogan"); `key` is its transliteration
 * skeleton ("hezbollah" -> "hazbala"). */
#define VB_WORD_MAX 64
typedef struct vb_word_form {
  char light[VB_WORD_MAX], key[VB_WORD_MAX];
  uint8_t llen, klen;
} vb_word_form;
/* Returns 0, or -1 for a word too long to be a name. */
int vb_word_forms(const char *s, size_t n, vb_word_form *f);
/* The light form alone (key left empty), and the key from it after. */
int vb_word_light(const char *s, size_t n, vb_word_form *f);
void vb_word_key(vb_word_form *f);
/* "al", "el" (or "ash-", "ad-" … written with a hyphen after). */
int vb_word_is_article(const char *light, size_t n, int hyphen_after);

/* The identity key of an entity name: the transliteration skeletons of
 * its words, articles dropped, joined without spaces, so that Hizbullah,
 * Hezbollah, Hizballah and "Hizb Allah" share one key, and "الجزيرة" and
 * "جزيره" another. Appends to out; 0 or VB_ENOMEM. */
int vb_entity_key(const char *s, size_t n, vb_buf *out);

/* meta.country given by its ISO 3166-1 alpha-3 code (a file name's
 * convention, "SWZ") becomes the country's name in lx ("Eswatini"); a name
 * is left as it is. */
void vb_extract_country_name(vb_doc *doc, const vb_lexicon *lx);

/* doc->own_names: the names, in lx, of the country a file-name convention
 * makes the speaker of the document (name_speaker "{country}": a UN
 * delegation), and the speaker's own name. 0 or VB_ENOMEM. */
int vb_extract_own_names(vb_doc *doc, const vb_lexicon *lx, vb_err *err);

/* Entities: runs after vb_extract, with the document's statements in
 * place. lx is the lexicon to match against (never NULL). */
int vb_extract_entities(vb_doc *doc, const vb_lexicon *lx, vb_err *err);

#endif