/* sentences — one linear pass over a paragraph, splitting after . ? ! …
 * (and Arabic ؟) when what follows can start a sentence, and not after
 * abbreviations (Dr., Mr., Oct.), initials (J. Trump), decimals (2.5),
 * dotted acronyms followed by a name (U.S. Army) or mid-sentence
 * ellipses ("the left... or"). A blank line ends a sentence unless it
 * cuts one in the middle (core/text.h vb_stops_mid_sentence).
 * The abbreviations and sentence openers are data/ lists. */
#include <string.h>

#include "core/text.h"
#include "core/wordlist.h"
#include "segment.h"

static int is_space_at(const char *s, size_t n, size_t i, size_t *w) {
  *w = vb_space_len(s, n, i);
  return *w != 0;
}

/* Closing marks that may follow the stop: quotes and brackets. */
static size_t closer_at(const char *s, size_t n, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c == '"' || c == '\'' || c == ')' || c == ']') return 1;
  if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
      ((unsigned char)s[i + 2] == 0x9D || (unsigned char)s[i + 2] == 0x99))
    return 3; /* ” ’ */
  if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xBB) return 2; /* » */
  return 0;
}

/* Can a sentence start at s[i]? Uppercase, digit, opening quote/bracket,
 * or a letter of a script without case (Arabic, Hebrew, CJK …). */
static int can_start(const char *s, size_t n, size_t i) {
  if (i >= n) return 1;
  unsigned char c = (unsigned char)s[i];
  if (c == '"' || c == '\'' || c == '(' || c == '[' || c == '-') return 1;
  if (vb_open_quote_at(s, n, i)) return 1;
  if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x98)
    return 1; /* ‘ */
  int32_t cp;
  vb_utf8_next(s, n, i, &cp);
  if (vb_cp_is_upper(cp) || vb_cp_is_digit(cp)) return 1;
  return vb_cp_is_letter(cp) && !vb_cp_is_lower(cp);
}

/* The word before the dot at s[dot]: [b, dot). */
static size_t word_before(const char *s, size_t start, size_t dot) {
  size_t b = dot;
  while (b > start) {
    unsigned char c = (unsigned char)s[b - 1];
    if (c == ' ' || c == '\n' || c == '\t' || c == '(' || c == '"' || c == '[') break;
    b--;
  }
  return b;
}

/* Is s[start, b) a wire dateline's city and its comma, the word at b its
 * state ("ORLANDO, Fla. (Reuters) - …", "BOCA RATON, Fla. -- …")? The
 * city is written in capitals only. */
static int dateline_city(const char *s, size_t start, size_t b) {
  if (b < start + 4 || s[b - 1] != ' ' || s[b - 2] != ',') return 0;
  int letters = 0;
  for (size_t k = start; k < b - 2; k++) {
    unsigned char c = (unsigned char)s[k];
    if (vb_is_ascii_upper(c)) letters++;
    else if (!(c == ' ' || c == '.' || c == '-' || c == '\'')) return 0;
  }
  return letters >= 2;
}

/* Does the dot at s[dot] end a sentence, given the next word starts at
 * s[next] (already known to be a plausible start)? */
static int dot_ends(const char *s, size_t n, size_t start, size_t dot, size_t next) {
  size_t b = word_before(s, start, dot);
  /* "“Mr. Khan …", "''Dr. Carson …": a quotation opening on the word */
  for (size_t q; b < dot && (q = vb_open_quote_at(s, dot, b)) != 0;) b += q;
  while (b < dot && s[b] == '\'') b++;
  /* "then-Sen. Obama", "ex-Gov. Perry": a lowercase prefix before a title */
  for (size_t k = b; k < dot; k++)
    if (s[k] == '-') {
      if (k > b && vb_is_ascii_lower((unsigned char)s[b]) && vb_wl_has(VB_WL_ABBREVIATIONS, s + k + 1, dot - k - 1))
        return 0;
      break;
    }
  size_t wl = dot - b;
  const char *w = s + b;
  if (wl == 0) return 1;
  /* "ORLANDO, Fla. (Reuters) - President …": the dateline goes on */
  if (dateline_city(s, start, b) && wl <= 5 && vb_is_ascii_upper((unsigned char)w[0]) &&
      (s[next] == '(' || s[next] == '-' || (unsigned char)s[next] == 0xE2))
    return 0;
  /* single letter: an initial ("J. Trump"), unless a pronoun "I." */
  if (wl == 1 && vb_is_ascii_alpha((unsigned char)w[0])) return 0;
  if (vb_wl_has(VB_WL_NUMBER_ABBREVIATIONS, w, wl))
    return !vb_is_ascii_digit((unsigned char)s[next]); /* "No. 5", but "I said no. Then" */
  if (vb_wl_has(VB_WL_ABBREVIATIONS, w, wl)) return 0;
  /* dotted acronym "U.S", "e.g", "a.m" (the final dot is s[dot]) */
  int dotted = 0;
  for (size_t k = 0; k < wl; k++)
    if (w[k] == '.') dotted = 1;
  /* a web address ("Tchadinfos.com.", "Factcheck.org.") is no acronym:
   * its last part is a word of two letters or more */
  size_t last = wl;
  while (last > 0 && w[last - 1] != '.') last--;
  if (dotted && last > 2 && wl - last >= 2) {
    int word = 1;
    for (size_t k = last; k < wl && word; k++) word = vb_is_ascii_lower((unsigned char)w[k]);
    if (word) return 1;
  }
  if (dotted) {
    size_t e = next;
    while (e < n && vb_is_ascii_alpha((unsigned char)s[e])) e++;
    if (e < n && (s[e] == '.' || s[e] == '\'')) return 0; /* "U.S. A." */
    if (vb_eq_ci(w, wl, "e.g") || vb_eq_ci(w, wl, "i.e")) return 0;
    if (vb_eq_ci(w, wl, "a.m") || vb_eq_ci(w, wl, "p.m"))
      return e > next && vb_wl_has(VB_WL_SENTENCE_OPENERS, s + next, e - next);
    return e > next && vb_wl_has(VB_WL_SENTENCE_OPENERS, s + next, e - next) &&
           s[next] >= 'A' && s[next] <= 'Z';
  }
  return 1;
}

static int count_dquotes(const char *s, size_t b, size_t e) {
  int q = 0;
  for (size_t i = b; i < e; i++) {
    if (s[i] == '"') q++;
    else if ((unsigned char)s[i] == 0xE2 && i + 2 < e && (unsigned char)s[i + 1] == 0x80 &&
             ((unsigned char)s[i + 2] == 0x9C || (unsigned char)s[i + 2] == 0x9D))
      q++;
  }
  return q;
}

/* Trims spaces, and a double quote that opens or closes only this edge of
 * the sentence (its partner lies in another sentence), then calls fn. */
static int emit(const char *s, size_t b, size_t e, vb_sentence_fn fn, void *ctx) {
  while (b < e && vb_is_ascii_space((unsigned char)s[b])) b++;
  while (e > b && vb_is_ascii_space((unsigned char)s[e - 1])) e--;
  if (b < e && (count_dquotes(s, b, e) & 1)) {
    size_t q = vb_open_quote_at(s, e, b);
    size_t cq = vb_close_quote_before(s, e);
    if (q && e - b > q) b += q;
    else if (cq && e - b > cq) e -= cq;
    while (b < e && vb_is_ascii_space((unsigned char)s[b])) b++;
    while (e > b && vb_is_ascii_space((unsigned char)s[e - 1])) e--;
  }
  if (b >= e) return 0;
  return fn(ctx, b, e);
}

int vb_sentences(const char *text, size_t len, vb_sentence_fn fn, void *ctx) {
  const char *s = text;
  size_t n = len, start = 0, i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    size_t stop_len = 0;
    int ellipsis = 0;
    if (c == '.') {
      if (i + 2 < n && s[i + 1] == '.' && s[i + 2] == '.') {
        stop_len = 3;
        ellipsis = 1;
        while (i + stop_len < n && s[i + stop_len] == '.') stop_len++;
      } else {
        stop_len = 1;
        /* decimals and numbers: "2.5", "1.500" */
        if (i > 0 && i + 1 < n && vb_is_ascii_digit((unsigned char)s[i - 1]) &&
            vb_is_ascii_digit((unsigned char)s[i + 1])) {
          i++;
          continue;
        }
      }
    } else if (c == '?' || c == '!') {
      stop_len = 1;
      while (i + stop_len < n && (s[i + stop_len] == '?' || s[i + stop_len] == '!')) stop_len++;
    } else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
               (unsigned char)s[i + 2] == 0xA6) {
      stop_len = 3; /* … */
      ellipsis = 1;
    } else if (c == 0xD8 && i + 1 < n && (unsigned char)s[i + 1] == 0x9F) {
      stop_len = 2; /* ؟ */
    } else if (c == '\n' && i + 1 < n && s[i + 1] == '\n') {
      /* a blank line ends whatever is open, but a sentence it cuts in
       * the middle ("…developing States such" / "as Trinidad and
       * Tobago, …", a printed page's break) */
      size_t e = i, after = i;
      while (e > start && vb_is_ascii_space((unsigned char)s[e - 1])) e--;
      while (after < n && vb_is_ascii_space((unsigned char)s[after])) after++;
      if (vb_stops_mid_sentence(s, start, e) && vb_goes_on_sentence(s, after, n)) {
        i = after;
        continue;
      }
      int rc = emit(s, start, i, fn, ctx);
      if (rc) return rc;
      i += 2;
      start = i;
      continue;
    }
    if (!stop_len) {
      i++;
      continue;
    }
    size_t end = i + stop_len;
    size_t k;
    while (end < n && (k = closer_at(s, n, end))) end += k;
    size_t next = end, w;
    int spaced = 0;
    while (next < n && is_space_at(s, n, next, &w)) {
      next += w;
      spaced = 1;
    }
    int split;
    if (next >= n) split = 1;
    else if (!spaced) split = 0;
    else if (!can_start(s, n, next)) split = 0;
    else if (ellipsis) split = 1;
    else if (c == '.' && end == i + stop_len) split = dot_ends(s, n, start, i, next);
    else split = 1;
    if (split) {
      int rc = emit(s, start, end, fn, ctx);
      if (rc) return rc;
      start = next;
      i = next;
    } else {
      i = end;
    }
  }
  return emit(s, start, n, fn, ctx);
}
