/* text — small helpers over UTF-8 bytes shared by the stages: code point
 * decoding, letter/uppercase tests (utf8proc categories), ASCII case-
 * insensitive comparison, whitespace and quote marks. */
#ifndef VB_TEXT_H
#define VB_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the code point at s[i] (i < n); returns its byte length (>= 1)
 * and stores it in *cp (U+FFFD for a bad sequence, length 1). */
size_t vb_utf8_next(const char *s, size_t n, size_t i, int32_t *cp);
/* 1 if s[0..n) is well-formed UTF-8 (no overlong forms, no surrogates). */
int vb_utf8_valid(const char *s, size_t n);
/* Start of the code point that ends just before s[i]. */
size_t vb_utf8_prev(const char *s, size_t i);

int vb_cp_is_letter(int32_t cp);
int vb_cp_is_upper(int32_t cp);
int vb_cp_is_lower(int32_t cp);
int vb_cp_is_digit(int32_t cp);
/* Folds letters that differ only in spelling habits (Arabic/Persian letter
 * variants, dotless i) to one form; -1 for a letter to drop (tatweel).
 * Applied after case folding, by the index and by entity name keys alike. */
int32_t vb_cp_fold_script(int32_t cp);
/* The one normal form the index and entity matching share: case folded,
 * marks stripped, compatibility composed, script letters folded. Returns
 * the length and a malloc'd NUL-terminated copy in *out (free() it); -1
 * when out of memory, -2 for bytes that are not UTF-8. */
long vb_fold_text(const char *s, size_t n, char **out);

static inline int vb_is_ascii_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static inline int vb_is_ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static inline int vb_is_ascii_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static inline int vb_is_ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static inline int vb_is_ascii_alpha(unsigned char c) {
  return vb_is_ascii_upper(c) || vb_is_ascii_lower(c);
}
static inline unsigned char vb_ascii_lower(unsigned char c) {
  return vb_is_ascii_upper(c) ? (unsigned char)(c + 32) : c;
}

/* ASCII case-insensitive equality of a[0..an) and the NUL-terminated b. */
int vb_eq_ci(const char *a, size_t an, const char *b);
/* ASCII case-insensitive: does s[0..n) start with p? */
int vb_prefix_ci(const char *s, size_t n, const char *p);
/* ASCII case-insensitive search for p in s[0..n); offset or -1. */
long vb_find_ci(const char *s, size_t n, const char *p);

/* Length of the white space at s[i] (i < n): ASCII space, tab, newline,
 * no-break space, narrow no-break and thin space (French « … »); 0 if none. */
size_t vb_space_len(const char *s, size_t n, size_t i);

/* A break in mid-sentence, the one rule layout (a line's break) and
 * segment (a blank line's) share. Does s[b, e) stop in mid-sentence: its
 * last character a lowercase letter or a comma ("…no challenge is more
 * pressing than")? A stop, a colon, a semicolon, a quotation mark, a
 * bracket, a capital or a digit may end a heading, an item or a verse. */
int vb_stops_mid_sentence(const char *s, size_t b, size_t e);
/* Does s[b, e) go on with a sentence: its first letter in lowercase
 * ("climate change. For…"), after an opening quotation mark or not
 * ("“to calm …"), and no list's item marker ("a)", "iv.")? */
int vb_goes_on_sentence(const char *s, size_t b, size_t e);

/* Length of an opening double quote mark at s[i] (" “ «), 0 if none. */
size_t vb_open_quote_at(const char *s, size_t n, size_t i);
/* Is s[i..n) an en dash (–) or an em dash (—)? */
static inline int vb_dash_at(const char *s, size_t n, size_t i) {
  return i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
         ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94);
}
/* Length of a closing double quote mark ending at s[i-1] (" ” »), 0 if none. */
size_t vb_close_quote_before(const char *s, size_t i);

#endif
