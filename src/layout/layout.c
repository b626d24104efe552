/* layout — blocks -> paragraphs with roles, and the metadata a dispatch or
 * transcript carries in its front matter: header line, title, dateline,
 * tag line, summary, clip reference, pull-quote headings, boilerplate.
 * Speaker labels are recognised here by shape only; attribute decides who. */
#include "layout.h"

#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "core/date.h"
#include "core/text.h"
#include "core/map.h"
#include "core/wordlist.h"

/* A heading or a title is a line, not a paragraph of prose. */
#define MAX_HEADING_BYTES 300u
#define MAX_TITLE_BYTES 400u
/* Lines longer than this are paragraphs on one line, not hard-wrapped text. */
#define WRAPPED_LINE_BYTES 100u
/* Donation and copyright notices are a sentence or two, never a paragraph
 * of speech; longer paragraphs are not searched for their phrases. */
#define MAX_BOILER_ANYWHERE_BYTES 200u
/* A line of a speech's opening address ("Secretary-General of the United
 * Nations"); longer lines are the speech. */
#define MAX_SALUTATION_BYTES 120u
/* An author's note is a few sentences about the writer. */
#define MAX_AUTHOR_NOTE_BYTES 600u
/* A furniture phrase is a few words ("Continue reading the main story"). */
#define MAX_FURNITURE_BYTES 80u
/* labels set in bold before a page's bold is its house style for labels */
#define MIN_MARKED_LABELS 3u
/* A case caption lies within a transcript's first paragraphs. */
#define MAX_CAPTION_PARAS 12u
/* A pull quote repeats the text: this many bytes of it found elsewhere. */
#define PULL_QUOTE_PROBE 60u
/* A printed page's header: a few short lines around "Page 9". */
#define MAX_PAGE_HEADER_BYTES 40u
#define PAGE_HEADER_LINES 4u
/* Text between two running heads for them to be pages' (a page of a
 * council's record holds 3,000 bytes; a table's rows a few dozen). */
#define MIN_PAGE_BYTES 400u
/* Words in a speaker label: "Vice President Joe Biden" has four. */
#define MAX_LABEL_WORDS 6
#define MAX_HEADING_WORDS 10 /* a Hansard's "Barker Electorate: Roads" after its colon */

/* ---- shapes ------------------------------------------------------------ */

typedef struct lay {
  vb_doc *doc;
  const char *s; /* body */
  vb_err *err;
} lay;

static int name_particle(const char *w, size_t n) {
  if (vb_wl_has(VB_WL_PARTICLES, w, n)) return 1;
  const char *dash = memchr(w, '-', n); /* "al-Sisi" */
  return dash && dash > w && vb_wl_has(VB_WL_PARTICLES, w, (size_t)(dash - w));
}

/* A label candidate of a block: "Name:" at its start. */
typedef struct cand {
  uint32_t lab_b, lab_e;   /* the label without colon (after an opening quote mark) */
  uint32_t text_b;         /* where what was said begins */
  vb_label_parts parts;
  uint8_t ok;              /* taken as a speaker's label */
  uint8_t marked;          /* set in bold by the page */
  uint8_t headline;        /* a headline shaped like a label: the title */
  uint8_t dash;            /* closed by a Hansard's full stop and dash */
  uint8_t clock;           /* a Hansard's seat and clock time before the colon */
  uint8_t stop;            /* the Congressional Record's, closed by a full stop */
} cand;

/* Can what follows a label open speech? A capital, a digit, a quote mark
 * or bracket, a letter of a script without case, or nothing (the speech on
 * the next line). "the security council…" after "United Nations:" is not. */
static int speech_opens(const char *s, uint32_t t, uint32_t e) {
  if (t >= e) return 1;
  int32_t cp;
  vb_utf8_next(s, e, t, &cp);
  if (vb_cp_is_lower(cp)) return 0;
  /* "Hillary Clinton: 1,769.": a tally's figure, said by no one */
  uint32_t i = t;
  while (i < e && (vb_is_ascii_digit((unsigned char)s[i]) || s[i] == ',' || s[i] == '.' || s[i] == '%' ||
                   s[i] == ' '))
    i++;
  if (i == e && vb_is_ascii_digit((unsigned char)s[t])) return 0;
  return 1;
}

/* Length of a time code opening a line before its label, with the space
 * after it ("[0:01:45.840] JUSTICE GINSBURG:", "(00:12:04) Host:",
 * "01:02:03 Anna:"), or 0. */
static size_t time_code(const char *s, uint32_t b, uint32_t e) {
  uint32_t i = b;
  char close = 0;
  if (i < e && (s[i] == '[' || s[i] == '(')) close = s[i++] == '[' ? ']' : ')';
  uint32_t d0 = i;
  int colons = 0;
  while (i < e && (vb_is_ascii_digit((unsigned char)s[i]) || s[i] == ':' || s[i] == '.' ||
                   s[i] == ',')) {
    colons += s[i] == ':';
    i++;
  }
  if (colons == 0 || i - d0 < 4 || !vb_is_ascii_digit((unsigned char)s[d0])) return 0;
  if (close) {
    if (i >= e || s[i] != close) return 0;
    i++;
  }
  if (i >= e || s[i] != ' ') return 0;
  while (i < e && s[i] == ' ') i++;
  return i - b;
}

/* A label in capitals closed by a full stop and a dash, as a Hansard
 * sets it ("HON. S.D. TURAGA.- Mr. Speaker, Sir", "MR. SPEAKER.–"): the
 * index of the dash's last byte, the full stop's in *dot; 0 when [lb,lim)
 * has none before a lower-case letter or a line's end. */
static uint32_t dash_label(const char *s, uint32_t lb, uint32_t lim, uint32_t *dot) {
  for (uint32_t i = lb; i + 1 < lim;) {
    int32_t cp;
    uint32_t n = (uint32_t)vb_utf8_next(s, lim, i, &cp);
    if (vb_cp_is_lower(cp) || cp == '\n' || cp == ':') return 0;
    if (cp == '.' && i > lb) {
      uint32_t d = i + 1, de = 0;
      if (s[d] == '-') de = d;
      else if (vb_dash_at(s, lim, d))
        de = d + 2;
      if (de && (de + 1 >= lim || s[de + 1] == ' ')) {
        *dot = i;
        return de;
      }
    }
    i += n;
  }
  return 0;
}

/* A word of a name or office set in capitals: "DORGAN", "D'AMATO",
 * "ROS-LEHTINEN", "PRESIDING", and a surname's prefix in lowercase before
 * them ("McCAIN", "DeWINE", "MacKAY"). */
static int caps_word(const char *s, uint32_t b, uint32_t e) {
  uint32_t i = b, upper = 0;
  if (i < e && vb_is_ascii_upper((unsigned char)s[i])) {
    uint32_t k = i + 1;
    while (k < e && k - i <= 3 && s[k] >= 'a' && s[k] <= 'z') k++;
    if (k > i + 1 && k - i <= 3 && k < e && vb_is_ascii_upper((unsigned char)s[k])) i = k;
  }
  for (; i < e; i++) {
    if (vb_is_ascii_upper((unsigned char)s[i])) upper++;
    else if (s[i] != '\'' && s[i] != '-') return 0;
  }
  return upper >= 2;
}

/* Is s[b,e) one word of list wl, without a full stop after it or with? */
static int word_in(int wl, const char *s, uint32_t b, uint32_t e) {
  return vb_wl_has(wl, s + b, e - b) || (e > b + 1 && s[e - 1] == '.' && vb_wl_has(wl, s + b, e - b - 1));
}

/* The Congressional Record's label, closed by a full stop: an honorific
 * or "The", then a name or an office in capitals, maybe "pro tempore",
 * "of" and a state, the chair's holder in brackets ("Mr. DORGAN. Mr.
 * President, …", "The PRESIDING OFFICER. Without objection", "The
 * SPEAKER pro tempore (Mr. Poe). Under …", "Mr. SMITH of New Jersey.");
 * or an honorific and a name in title case when a form of address opens
 * the speech ("Mr. McCain. Mr. President, when …"). Returns the full
 * stop's index, 0 when [lb,e) opens with no such label. */
static uint32_t stop_label(const char *s, uint32_t lb, uint32_t e) {
  uint32_t lim = e - lb > VB_MAX_LABEL_BYTES ? lb + VB_MAX_LABEL_BYTES : e;
  uint32_t i = lb;
  while (i < lim && s[i] != ' ') i++;
  if (i >= lim || !word_in(VB_WL_ADDRESS_FORMS, s, lb, i) ||
      !(word_in(VB_WL_TITLES, s, lb, i) || vb_wl_has(VB_WL_DETERMINERS, s + lb, i - lb)))
    return 0;
  /* after "The" an office ("The PRESIDING OFFICER."), not "The UK." */
  int the = !word_in(VB_WL_TITLES, s, lb, i), caps = 0, names = 0, of = 0;
  for (;;) {
    uint32_t w0 = ++i;
    if (w0 >= lim) return 0;
    if (s[w0] == '(') { /* the chair's holder: "(Mr. Poe)" */
      const char *close = memchr(s + w0, ')', lim - w0);
      if (!caps || the || !close) return 0;
      i = (uint32_t)(close - s) + 1;
      if (i < lim && s[i] == '.' && (i + 1 == e || s[i + 1] == ' ')) return i;
      if (i >= lim || s[i] != ' ') return 0;
      continue;
    }
    if (caps && !of && vb_is_ascii_lower((unsigned char)s[w0])) {
      /* "The SPEAKER pro tempore": data/office-qualifiers.txt */
      uint32_t q = w0;
      while (q < lim && s[q] != '.' && s[q] != '(' && s[q] != '\n') q++;
      while (q > w0 && s[q - 1] == ' ') q--;
      if (q > w0 && vb_wl_prefix(VB_WL_OFFICE_QUALIFIERS, s + w0, q - w0) == q - w0) {
        i = q;
        if (i < lim && s[i] == '.' && (i + 1 == e || s[i + 1] == ' ')) return the ? 0 : i;
        if (i >= lim || s[i] != ' ') return 0;
        continue;
      }
    }
    while (i < lim && s[i] != ' ' && s[i] != '\n') i++;
    if (i < lim && s[i] == '\n') return 0;
    int stop = s[i - 1] == '.' && (i == e || s[i] == ' ');
    uint32_t w1 = stop ? i - 1 : i;
    if (w1 == w0) return 0;
    if (caps_word(s, w0, w1)) {
      if (vb_wl_has(VB_WL_ADDRESS_FORMS, s + w0, w1 - w0) || (stop && word_in(VB_WL_ADDRESS_FORMS, s, w0, i)))
        return 0; /* "HIS EXCELLENCY MR. ANTONIO GUTERRES" opens a speech's address */
      if (the && (vb_wl_has(VB_WL_TITLES, s + w0, w1 - w0) || vb_wl_has(VB_WL_ROLE_NOUNS, s + w0, w1 - w0)))
        the = 0;
      caps++;
    } else if (caps && !of && w1 - w0 == 2 && !memcmp(s + w0, "of", 2)) {
      of = 1; /* "Mr. SMITH of New Jersey" */
    } else if (of && vb_is_ascii_upper((unsigned char)s[w0])) {
      names++;
    } else if (!caps && !names && vb_is_ascii_upper((unsigned char)s[w0]) && stop) {
      /* "Mr. McCain.": only before a form of address, "Mr. President," */
      if (the) return 0; /* "The Hague. Mr. President, …" */
      uint32_t a = i + 1, a1 = a;
      while (a1 < e && s[a1] != ' ') a1++;
      uint32_t t0 = a1 + 1, t1 = t0;
      while (t1 < e && vb_is_ascii_alpha((unsigned char)s[t1])) t1++;
      if (a1 >= e || !word_in(VB_WL_ADDRESS_FORMS, s, a, a1) || !word_in(VB_WL_TITLES, s, a, a1) ||
          t1 == t0 || t1 >= e || (s[t1] != ',' && s[t1] != '.') ||
          !vb_is_ascii_upper((unsigned char)s[t0]) || !vb_wl_has(VB_WL_TITLES, s + t0, t1 - t0))
        return 0;
      return i - 1;
    } else {
      return 0;
    }
    if (stop) return caps && !the && (!of || names) ? i - 1 : 0;
  }
}

/* "2ND CLERK-ASSISTANT", "1st Reader": [b,e) opens with an ordinal in
 * figures and a word after it. */
static int ordinal_word(const char *s, uint32_t b, uint32_t e) {
  uint32_t i = b;
  while (i < e && vb_is_ascii_digit((unsigned char)s[i])) i++;
  if (i == b || i - b > 2 || i + 3 >= e || s[i + 2] != ' ') return 0;
  static const char *const ends[] = {"st", "nd", "rd", "th"};
  for (size_t k = 0; k < sizeof ends / sizeof *ends; k++)
    if ((s[i] | 0x20) == ends[k][0] && (s[i + 1] | 0x20) == ends[k][1]) return 1;
  return 0;
}

/* "(16:03)": a clock time in brackets, the whole of [b,e). */
static int clock_in_brackets(const char *s, uint32_t b, uint32_t e) {
  return e - b >= 6 && s[b] == '(' && s[e - 1] == ')' && vb_label_clock(s, b + 1, e - 1);
}

/* "Mr McCORMACK (Riverina) (16:03):", "Mr JOYCE (New England—Deputy Prime
 * Minister and Minister for …) (14:07):": a Hansard's label, the member's
 * seat and office in brackets and the clock time last. Its colon is the
 * one after the time (the time's own is inside the brackets), and the
 * office may run it past a plain label's length. Returns that colon's
 * index, or 0 when [lb,e) opens with no such label. */
static uint32_t clock_label(const char *s, uint32_t lb, uint32_t e) {
  uint32_t lim = e - lb > VB_MAX_CLOCK_LABEL_BYTES ? lb + VB_MAX_CLOCK_LABEL_BYTES : e;
  uint32_t open = 0, last_open = 0;
  int depth = 0;
  for (uint32_t i = lb; i < lim; i++) {
    char ch = s[i];
    if (ch == '\n') return 0;
    if (ch == '(') {
      if (depth++ == 0) last_open = i;
      open = 1;
    } else if (ch == ')') {
      if (--depth < 0) return 0;
    } else if (ch == ':' && depth == 0) {
      uint32_t j = i;
      while (j > lb && s[j - 1] == ' ') j--;
      return open && j > last_open && clock_in_brackets(s, last_open, j) ? i : 0;
    } else if (ch == '.' && depth == 0 && i + 1 < lim && s[i + 1] == ' ' && open) {
      return 0; /* a sentence ended after a bracket: prose */
    }
  }
  return 0;
}

/* Does [b,e) open with a label by its shape? Fills c. A label the page
 * set in bold (marked bytes) is read as marked; otherwise the colon (or a
 * Hansard's full stop and dash after capitals) is looked for within a
 * line's opening, after an opening quote mark. */
static int label_shape(const char *s, uint32_t b, uint32_t e, uint32_t marked, cand *c) {
  memset(c, 0, sizeof *c);
  uint32_t lb = b, colon, le;
  if (marked && marked <= e - b && s[b + marked - 1] == ':') {
    colon = b + marked - 1;
    le = colon;
    c->marked = 1;
  } else {
    size_t q = vb_open_quote_at(s, e, b); /* "WALLACE: …, inside a quotation */
    lb = b + (uint32_t)q + (uint32_t)time_code(s, b + (uint32_t)q, e);
    if (lb >= e) return 0;
    uint32_t lim = e - lb > VB_MAX_LABEL_BYTES + 1 ? lb + VB_MAX_LABEL_BYTES + 1 : e;
    const char *hit = memchr(s + lb, ':', lim - lb);
    const char *br = memchr(s + lb, '(', (hit ? (uint32_t)(hit - s) : lim) - lb);
    uint32_t clock = br ? clock_label(s, lb, e) : 0;
    if (clock) {
      hit = s + clock;
      c->clock = 1;
    }
    uint32_t dot = 0, dash = dash_label(s, lb, hit ? (uint32_t)(hit - s) : lim, &dot);
    uint32_t stop = dash || clock ? 0 : stop_label(s, lb, e);
    if (stop && (!hit || stop < (uint32_t)(hit - s))) {
      hit = s + stop;
      c->stop = 1;
    }
    if (!hit && !dash) return 0;
    colon = dash ? dash : (uint32_t)(hit - s);
    le = dash ? dot : colon;
    c->dash = dash != 0;
    /* "HON. S.D. TURAGA.:": the full stop of a Hansard's dash, set before
     * a colon, is no part of the name (an initial's is: "J.:") */
    if (!dash && le - lb >= 3 && s[le - 1] == '.' && vb_is_ascii_upper((unsigned char)s[le - 2]) &&
        vb_is_ascii_upper((unsigned char)s[le - 3]))
      le--;
    if (memchr(s + lb, '\n', colon - lb)) return 0;
    int32_t cp;
    vb_utf8_next(s, e, lb, &cp);
    if (!vb_cp_is_letter(cp) && !ordinal_word(s, lb, le)) return 0;
  }
  /* "9:30" or "http://" are not labels */
  if (colon + 1 < e && s[colon + 1] != ' ' && s[colon + 1] != '\t' && s[colon + 1] != '\n')
    return 0;
  while (le > lb && s[le - 1] == ' ') le--; /* "Vladimir Yakunin :" */
  if (le == lb || !vb_label_parse(s, lb, le, &c->parts)) return 0;
  c->lab_b = lb;
  c->lab_e = le;
  uint32_t t = colon + 1;
  while (t < e && vb_is_ascii_space((unsigned char)s[t])) t++;
  c->text_b = t;
  return 1;
}

static int ends_sentence(const char *s, uint32_t b, uint32_t e) {
  uint32_t i = e;
  while (i > b) {
    size_t q = vb_close_quote_before(s, i);
    if (!q) break;
    i -= (uint32_t)q;
  }
  if (i == b) return 0;
  char c = s[i - 1];
  return c == '.' || c == '?' || c == '!' || c == ':' || c == ';' || c == ',';
}

/* Share of significant words that start with a capital: "We Made Them
 * Think Hamas Was Busy" is 1.0; "Of course. We made them think" is low. */
static int title_case(const char *s, uint32_t b, uint32_t e) {
  int sig = 0, caps = 0;
  uint32_t i = b;
  while (i < e) {
    while (i < e && !vb_cp_is_letter((unsigned char)s[i]) && (unsigned char)s[i] < 0x80 &&
           !vb_is_ascii_digit((unsigned char)s[i]))
      i++;
    if (i >= e) break;
    uint32_t w0 = i;
    while (i < e && s[i] != ' ' && s[i] != '\n') i++;
    int32_t cp;
    vb_utf8_next(s, e, w0, &cp);
    if (!vb_cp_is_letter(cp)) continue;
    int is_small = 0;
    uint32_t wl = i - w0;
    while (wl && !vb_is_ascii_alpha((unsigned char)s[w0 + wl - 1]) &&
           (unsigned char)s[w0 + wl - 1] < 0x80)
      wl--;
    is_small = vb_wl_has(VB_WL_SMALL_WORDS, s + w0, wl);
    if (is_small && w0 != b) continue;
    sig++;
    if (vb_cp_is_upper(cp)) caps++;
  }
  return sig >= 2 && caps * 10 >= sig * 8;
}

static int has_letters(const char *s, uint32_t b, uint32_t e) {
  for (uint32_t i = b; i < e;) {
    int32_t cp;
    i += (uint32_t)vb_utf8_next(s, e, i, &cp);
    if (vb_cp_is_letter(cp) || vb_cp_is_digit(cp)) return 1;
  }
  return 0;
}

/* Does a date begin at one of the words of s[b..e)? */
static int dated(const char *s, uint32_t b, uint32_t e) {
  char iso[11];
  for (uint32_t i = b; i < e; i++)
    if ((i == b || s[i - 1] == ' ') && s[i] != ' ' && vb_parse_date(s + i, e - i, iso)) return 1;
  return 0;
}

/* Names alone in s[b..e): words with a capital or a digit ("Ann
 * Roe/Harbour Press", "(Stockhouse)"), a few lowercase handles among them
 * ("annr"), the small words of a name list ("and", "for", "via", "in"), no
 * sentence's end but the last word's. */
static int names_alone(const char *s, uint32_t b, uint32_t e) {
  uint32_t caps = 0, lower = 0;
  for (uint32_t i = b; i < e;) {
    while (i < e && (s[i] == ' ' || s[i] == '(' || s[i] == '&' || s[i] == '/')) i++;
    uint32_t w0 = i;
    while (i < e && s[i] != ' ' && s[i] != '/') i++;
    uint32_t w1 = i;
    if (w1 == w0) break;
    char last = s[w1 - 1];
    if (last == '?' || last == '!' || last == '"') return 0;
    while (w1 > w0 && (s[w1 - 1] == ',' || s[w1 - 1] == ';' || s[w1 - 1] == ')' ||
                       s[w1 - 1] == '.' || s[w1 - 1] == ':'))
      w1--;
    if (w1 == w0) continue;
    /* a sentence ends only at the end ("J." is an initial) */
    if (last == '.' && i < e && w1 - w0 > 1 && !vb_wl_has(VB_WL_ABBREVIATIONS, s + w0, w1 - w0 + 1))
      return 0;
    if (last == ':' && i < e && !vb_wl_prefix(VB_WL_CREDIT_OPENERS, s + w0, e - w0)) return 0;
    int32_t cp;
    vb_utf8_next(s, w1, w0, &cp);
    if (vb_cp_is_upper(cp) || vb_cp_is_digit(cp)) caps++;
    else if (!vb_wl_has(VB_WL_SMALL_WORDS, s + w0, w1 - w0) &&
             !vb_wl_has(VB_WL_PARTICLES, s + w0, w1 - w0))
      lower++;
  }
  return caps && lower * 4 <= caps;
}

/* A credit line: an opener of data/credit-openers.txt ("Photo:", "Graphic
 * by", "Page editor:"), then names alone, one credit or several ("Reporting
 * by Ann Roe; Editing by Ivo Brandt"); or names alone, then a closer of
 * data/credit-closers.txt ("Ann Roe in Oslo contributed to this report.").
 * "Photo: the quay at dawn, before the storm." is a caption, "The harbour
 * staff contributed to this report." a sentence, and speech is never one. */
static int credit_line(const char *s, uint32_t b, uint32_t e) {
  size_t k = vb_wl_prefix(VB_WL_CREDIT_OPENERS, s + b, e - b);
  if (k) return names_alone(s, b + (uint32_t)k, e);
  uint32_t t = e;
  while (t > b && (s[t - 1] == '.' || s[t - 1] == ' ')) t--;
  for (size_t i = 0; i < vb_wl_count(VB_WL_CREDIT_CLOSERS); i++) {
    const char *closer = vb_wl_entry(VB_WL_CREDIT_CLOSERS, i, NULL);
    size_t n = strlen(closer);
    if (t - b <= n || s[t - n - 1] != ' ' || !vb_eq_ci(s + t - n, n, closer)) continue;
    return names_alone(s, b, t - (uint32_t)n - 1);
  }
  return 0;
}

/* Site furniture by its words (data/furniture*.txt): the reason, or NULL. */
static const char *furniture(const char *s, uint32_t b, uint32_t e) {
  size_t n = e - b;
  const char *kind = NULL;
  if (n <= MAX_FURNITURE_BYTES && vb_wl_find(VB_WL_FURNITURE, s + b, n, &kind))
    return kind && strcmp(kind, "note") == 0 ? "a reporter's note: what the House did, no one's words (data/furniture.txt)"
                                     : "site furniture (data/furniture.txt)";
  if (n > MAX_BOILER_ANYWHERE_BYTES) return NULL;
  size_t k = vb_wl_prefix(VB_WL_FURNITURE_START, s + b, n);
  const char *value = "";
  if (k) vb_wl_find(VB_WL_FURNITURE_START, s + b, k, &value);
  if (k && strcmp(value, "date") != 0)
    return "opens like site furniture (data/furniture-start.txt)";
  if (k && dated(s, b + (uint32_t)k, e))
    return "a byline: opens like one and names a date (data/furniture-start.txt)";
  if (credit_line(s, b, e))
    return "a credit: photo, graphic, editing, contributors (data/credit-openers.txt, "
           "data/credit-closers.txt)";
  if (vb_wl_inside(VB_WL_FURNITURE_INSIDE, s + b, n))
    return "a notice: donation, copyright, permalink or reading time (data/furniture-inside.txt)";
  return NULL;
}

/* A Hansard's clock mark: the hour and minute alone in a paragraph
 * between the speeches ("1040", "(1040)"), set by the reporter every ten
 * minutes or so; it cuts no speech and is no one's words. */
static int clock_mark(const char *s, uint32_t b, uint32_t e) {
  if (e - b == 6 && s[b] == '(' && s[e - 1] == ')') {
    b++;
    e--;
  }
  if (e - b != 4) return 0;
  for (uint32_t i = b; i < e; i++)
    if (!vb_is_ascii_digit((unsigned char)s[i])) return 0;
  int hh = (s[b] - '0') * 10 + (s[b + 1] - '0'), mm = (s[b + 2] - '0') * 10 + (s[b + 3] - '0');
  return hh < 24 && mm < 60;
}

/* An author's note: a short paragraph that opens with the author the page
 * declares and a verb of data/author-note-verbs.txt ("Ann Roe is a
 * reporter for the Harbour Press …"). */
static int author_note(const vb_doc *d, const char *s, uint32_t b, uint32_t e) {
  vb_str a = d->page_author;
  if (!a.len || e - b > MAX_AUTHOR_NOTE_BYTES || e - b <= a.len + 1) return 0;
  if (memcmp(s + b, a.ptr, a.len) != 0 || s[b + a.len] != ' ') return 0;
  uint32_t w0 = b + (uint32_t)a.len + 1, w1 = w0;
  while (w1 < e && s[w1] != ' ') w1++;
  return w1 > w0 && vb_wl_has(VB_WL_AUTHOR_NOTE_VERBS, s + w0, w1 - w0);
}

/* A line pointing to the clip: it opens as data/clip-line-openers.txt
 * says and names a clip or video (data/clip-line-words.txt). */
static int is_clip_line(const char *s, uint32_t b, uint32_t e) {
  size_t n = e - b;
  if (n > MAX_TITLE_BYTES) return 0;
  int opens = 0;
  for (size_t i = 0; !opens && i < vb_wl_count(VB_WL_CLIP_LINE_OPENERS); i++)
    opens = vb_prefix_ci(s + b, n, vb_wl_entry(VB_WL_CLIP_LINE_OPENERS, i, NULL));
  return opens && vb_wl_inside(VB_WL_CLIP_LINE_WORDS, s + b, n);
}

/* "Special Dispatch No. 10850" -> series, number. */
static int series_number(const char *s, uint32_t b, uint32_t e, vb_str *series, vb_str *number) {
  long at = vb_find_ci(s + b, e - b, "no. ");
  if (at <= 0) return 0;
  uint32_t nb = b + (uint32_t)at + 4, ne = nb;
  while (ne < e && vb_is_ascii_digit((unsigned char)s[ne])) ne++;
  if (ne == nb) return 0;
  uint32_t se = b + (uint32_t)at;
  while (se > b && s[se - 1] == ' ') se--;
  uint32_t sb = b;
  while (sb < se && s[sb] == ' ') sb++;
  if (se == sb || se - sb > 60) return 0;
  int32_t cp;
  vb_utf8_next(s, se, sb, &cp);
  if (!vb_cp_is_upper(cp)) return 0;
  series->ptr = s + sb;
  series->len = se - sb;
  number->ptr = s + nb;
  number->len = ne - nb;
  return 1;
}

/* Publishers known by the name of their series (data/series-publishers.txt). */
static vb_str publisher_of(vb_str series) {
  const char *publisher;
  vb_str none = {0}, p = none;
  if (vb_wl_find(VB_WL_SERIES_PUBLISHERS, series.ptr, series.len, &publisher) && publisher[0]) {
    p.ptr = publisher;
    p.len = strlen(publisher);
  }
  return p;
}

/* ---- paragraphs -------------------------------------------------------- */

static int push_para(lay *L, const vb_block *blk, uint32_t start, uint32_t end,
                     const cand *c) {
  vb_para *p = VB_VEC_PUSH(L->doc->arena, L->doc->paras);
  if (!p) return vb_err_set(L->err, VB_ENOMEM, L->doc->path, blk->start, "out of memory");
  memset(p, 0, sizeof *p);
  p->start = start;
  p->end = end;
  p->text_start = start;
  p->voice = blk->voice;
  p->time = blk->time;
  p->change = (blk->flags & VB_BLK_CHANGE) != 0;
  p->bflags = blk->flags;
  p->level = blk->level;
  p->headline = c && c->headline;
  if (c && c->ok) {
    p->label_start = c->lab_b;
    p->label_end = c->lab_e;
    p->text_start = c->text_b;
    p->label = c->parts;
  }
  return VB_OK;
}

static int same_voice(vb_str a, vb_str b) {
  if (!b.ptr) return 1; /* no voice given: whoever spoke goes on */
  return a.ptr && a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0;
}

/* A name as a key for counting: ASCII lowercase, at most 96 bytes. */
static size_t name_key(const char *s, const vb_label_parts *p, char *out) {
  size_t n = p->name_e - p->name_b;
  if (n > 96) n = 96;
  for (size_t i = 0; i < n; i++) out[i] = (char)vb_ascii_lower((unsigned char)s[p->name_b + i]);
  return n;
}

static size_t last_word_key(const char *s, const vb_label_parts *p, char *out) {
  uint32_t b = p->name_e;
  while (b > p->name_b && s[b - 1] != ' ') b--;
  vb_label_parts q = *p;
  q.name_b = b;
  return name_key(s, &q, out);
}

/* "D. Valeyev": a name whose first word is an initial. */
static int initial_form(const char *s, const vb_label_parts *p) {
  return p->name_e - p->name_b > 2 && vb_is_ascii_alpha((unsigned char)s[p->name_b]) &&
         s[p->name_b + 1] == '.';
}

/* Is the role part of a label the words of a role ("Former Verania Army
 * Spokesman", "Chief Rabbi of Russia"), not of a sentence ("In the words
 * of", "As we meet here, I recall")? Every lowercase word is a small
 * word, a title, a role noun or adjective. */
static int role_words_only(const char *s, const vb_label_parts *p) {
  uint32_t i = p->role_b;
  while (i < p->role_e) {
    while (i < p->role_e && (s[i] == ' ' || s[i] == ','))
      i++;
    uint32_t w0 = i;
    while (i < p->role_e && s[i] != ' ' && s[i] != ',')
      i++;
    if (i == w0) break;
    int32_t cp;
    vb_utf8_next(s, i, w0, &cp);
    if (!vb_cp_is_lower(cp)) continue;
    size_t q = vb_wl_prefix(VB_WL_OFFICE_QUALIFIERS, s + w0, p->role_e - w0);
    if (q) { /* "The SPEAKER pro tempore (Mr. Poe)" */
      i = w0 + (uint32_t)q;
      continue;
    }
    size_t n = i - w0;
    if (!vb_wl_has(VB_WL_SMALL_WORDS, s + w0, n) && !vb_wl_has(VB_WL_TITLES, s + w0, n) &&
        !vb_wl_has(VB_WL_ROLE_NOUNS, s + w0, n) && !vb_wl_has(VB_WL_ROLE_ADJECTIVES, s + w0, n))
      return 0;
  }
  return 1;
}

static uint32_t word_count(const char *s, uint32_t b, uint32_t e) {
  uint32_t n = 0;
  for (uint32_t i = b; i < e; i++)
    n += s[i] != ' ' && (i == b || s[i - 1] == ' ');
  return n;
}

/* A label met once, past a document's opening, that is still a turn: a
 * monitoring dispatch's one clip ("Lev Ostrov: \"The harbour will stay
 * closed…\""). A person's name (two words or more, or a surname the
 * document gives in full) with at most a role before it, a short label
 * opening a paragraph, and a quotation after it that is speech, not a
 * title-case heading.
 * Run-in headings ("Final Words: Let us…") and a quotation's source in
 * prose ("In the words of Anna Karlsson: \"…\"") are not. */
/* Is the label shaped like a person's, whoever speaks after it: a few
 * words, and before the name only the words of a role? */
static int person_label(const char *s, const cand *x) {
  if (word_count(s, x->lab_b, x->lab_e) > MAX_LABEL_WORDS) return 0;
  return x->parts.role_e <= x->parts.role_b || role_words_only(s, &x->parts);
}

/* "Mayor Katz:", "Madam Speaker:", "Clerk:", said once in a transcript: a
 * name or an office of one word after titles or forms of address alone
 * (data/speaker-titles.txt, address-forms.txt), or an office alone
 * (data/role-nouns.txt), names someone as surely as a name of two words
 * does; a run-in heading ("Final Words:") has no title before it. */
static int titled_name(const char *s, const cand *x) {
  if (x->parts.words != 1 || !person_label(s, x)) return 0;
  int32_t cp;
  vb_utf8_next(s, x->parts.name_e, x->parts.name_b, &cp);
  if (!vb_cp_is_upper(cp)) return 0;
  if (x->parts.name_b == x->lab_b) /* an office alone: "Clerk:" calling the roll */
    return x->parts.name_e == x->lab_e &&
           vb_wl_has(VB_WL_ROLE_NOUNS, s + x->parts.name_b, x->parts.name_e - x->parts.name_b);
  int title = 0; /* "THE LETTER:" is no one */
  for (uint32_t i = x->lab_b; i < x->parts.name_b;) {
    while (i < x->parts.name_b && s[i] == ' ') i++;
    uint32_t w = i;
    while (i < x->parts.name_b && s[i] != ' ') i++;
    uint32_t e = i;
    if (e > w && s[e - 1] == '.') e--;
    if (e == w) continue;
    if (vb_wl_has(VB_WL_TITLES, s + w, e - w)) title = 1;
    else if (!vb_wl_has(VB_WL_ADDRESS_FORMS, s + w, e - w)) return 0;
  }
  return title;
}

static int lone_turn(const char *s, const cand *x, const vb_block *blk, int known_name) {
  /* a paragraph of its own: in hard-wrapped prose a line may open with
   * "Comrade Fidel Castro Ruz: “A world…" in mid-sentence */
  if ((blk->flags & VB_BLK_HEADING) || blk->gap == 0) return 0;
  if ((x->parts.words < 2 && !known_name) || !person_label(s, x)) return 0;
  size_t q = vb_open_quote_at(s, blk->end, x->text_b);
  if (!q) return 0;
  return !title_case(s, x->text_b + (uint32_t)q, blk->end);
}

/* Is the candidate set apart as a label by the page or the cues, not by
 * its words alone: bold, a caption's time or voice, ">>"? */
static int marked_turn(const cand *x, const vb_block *blk) {
  return x->marked || blk->time.start >= 0 || blk->voice.ptr || (blk->flags & VB_BLK_CHANGE);
}

/* Does a line begin where a sentence may begin: the first line, a
 * paragraph of its own, or a line after one that ends a sentence? A
 * hard-wrapped line after "Invariably we return to the same" goes on with
 * the sentence ("question: should we despair…"). Page headers moved out
 * of the text do not count. */
static int line_opens_sentence(const char *s, const vb_doc *d, uint32_t i) {
  const vb_block *blk = &d->blocks.v[i];
  if (blk->gap > 0 || (blk->flags & VB_BLK_INDENT)) return 1;
  uint32_t j = i;
  while (j > 0 && (d->blocks.v[j - 1].flags & VB_BLK_PAGE)) j--;
  if (j == 0) return 1;
  const vb_block *prev = &d->blocks.v[j - 1];
  return ends_sentence(s, prev->start, prev->end);
}

/* Is a candidate in plain text the opening of a sentence rather than a
 * label: prose before the name ("As William Shakespeare said in Act I,
 * scene 2, of Julius Caesar:", "I quote from the Holy Koran:", "Our
 * President, to in Gemayel, said last year to this Assembly:"), a line
 * that opens in lowercase in mid-sentence ("of Afghanistan: 27 December
 * 1979…"), or a word that names a role in a conversation ("question",
 * "answer", "host") set in lowercase on a hard-wrapped line that goes on
 * with the sentence before it. Labels the page or the cues mark are
 * labels whatever their words. */
static int prose_label(const char *s, const vb_doc *d, uint32_t i, const cand *x) {
  const vb_block *blk = &d->blocks.v[i];
  if (marked_turn(x, blk)) return 0;
  /* "Continued Stone: “…”", "Stated Stone:": a verb of saying before the
   * name (data/label-verbs.txt) frames the quotation in prose */
  uint32_t v = x->lab_b;
  while (v < x->lab_e && s[v] != ' ') v++;
  if (v < x->lab_e && vb_wl_has(VB_WL_LABEL_VERBS, s + x->lab_b, v - x->lab_b)) return 1;
  if (x->parts.role_e > x->parts.role_b && !role_words_only(s, &x->parts)) return 1;
  int32_t cp;
  vb_utf8_next(s, x->lab_e, x->lab_b, &cp);
  if (!vb_cp_is_lower(cp)) return 0;
  uint32_t w = x->lab_b;
  while (w < x->lab_e && s[w] != ' ') w++;
  if (name_particle(s + x->lab_b, w - x->lab_b)) return 0; /* "de Klerk" */
  int word_alone = (x->parts.host || x->parts.anonymous) && x->parts.name_b == x->lab_b &&
                   x->parts.name_e == x->lab_e;
  return !word_alone || !line_opens_sentence(s, d, i);
}

/* Does the block open with a term and a colon, "Lookback period: How
 * far back…", whether or not the term reads as a name? A colon within
 * the first few words, a space after it. */
static int opens_with_term(const char *s, const vb_block *blk) {
  uint32_t lim = blk->end - blk->start > VB_MAX_LABEL_BYTES ? blk->start + VB_MAX_LABEL_BYTES
                                                            : blk->end;
  const char *hit = memchr(s + blk->start, ':', lim - blk->start);
  if (!hit || hit == s + blk->start) return 0;
  uint32_t colon = (uint32_t)(hit - s);
  if (colon + 1 < blk->end && s[colon + 1] != ' ' && s[colon + 1] != '\n') return 0;
  return word_count(s, blk->start, colon) <= MAX_LABEL_WORDS;
}

/* A label in a block the page marks as a subhead ("<h2>Bigtable SRE: A
 * Tale of Over-Alerting</h2>", "<h3>Open Journalism Project:</h3>")
 * names what follows; it does not speak. The article's <h1> keeps its
 * label: it is the title, and its label names whom the headline quotes
 * ("Fisheries Minister Rosa Lind: \"We Will Cut The Quotas\""). */
static int subhead_block(const vb_block *blk) {
  return (blk->flags & VB_BLK_HEADING) && blk->level != 1;
}

/* Is a label alone on its line ("What You'll Need:") followed by a list
 * item, not speech: a few words on the next line, no sentence ending, no
 * quotation? An interrupted turn ("Chris Wallace:" / "So you're
 * suggesting that-") may look the same, but its speaker speaks again: the
 * caller asks only of a label met once. */
static int heads_list(const char *s, const vb_doc *d, uint32_t i, const cand *x) {
  const vb_block *blk = &d->blocks.v[i];
  if (x->text_b < blk->end || i + 1 >= d->blocks.n) return 0;
  if (blk->time.start >= 0 || blk->voice.ptr || (blk->flags & VB_BLK_CHANGE)) return 0;
  const vb_block *next = &d->blocks.v[i + 1];
  if (next->time.start >= 0 || next->voice.ptr) return 0;
  return word_count(s, next->start, next->end) <= MAX_LABEL_WORDS &&
         !ends_sentence(s, next->start, next->end) && !vb_open_quote_at(s, next->end, next->start);
}

/* Words of speech after a panel's label: a sentence, not a phrase
 * ("Los Angeles: Sunny, 75."). */
#define MIN_PANEL_WORDS 6

/* Is candidate x a panel speaker's turn by its own shape: a person's full
 * name (two words or more, not set as an initial), at most role words
 * before it, and after it a sentence of speech, not a title-case line?
 * Unlike a lone turn it needs no blank line before it: a panel typed line
 * by line has none, and a hard-wrapped prose line that opens with a name
 * and a colon does not end a sentence where the line ends. */
static int panel_turn(const char *s, const cand *x, const vb_block *blk) {
  if (!x->lab_e || (blk->flags & VB_BLK_HEADING) || x->parts.words < 2 ||
      x->parts.host || x->parts.anonymous)
    return 0;
  if (!person_label(s, x) || x->text_b >= blk->end || !speech_opens(s, x->text_b, blk->end)) return 0;
  return word_count(s, x->text_b, blk->end) >= MIN_PANEL_WORDS &&
         ends_sentence(s, x->text_b, blk->end) && !title_case(s, x->text_b, blk->end);
}

/* Does the label name a person by its words: a role or title before the
 * name ("Professor Amina Yusuf"), or a given name first ("Maria Lopez",
 * data/given-names.txt)? "Pilot Priority" or "Touch Factor" does not. */
static int names_a_person(const char *s, const cand *x) {
  if (x->parts.role_e > x->parts.role_b) return 1;
  uint32_t e = x->parts.name_b;
  while (e < x->parts.name_e && s[e] != ' ') e++;
  return vb_wl_has(VB_WL_GIVEN_NAMES, s + x->parts.name_b, e - x->parts.name_b);
}

/* Does the word [w, w+n) come back, as a word in any case, in the text
 * [b, e)? "Ted Cruz: …" / "To stop Ted Cruz, …"; "De Blasio: …" / "Mayor
 * Bill de Blasio rejected …". */
static int word_recurs(const char *s, uint32_t b, uint32_t e, const char *w, size_t n) {
  char word[64];
  if (n == 0 || n >= sizeof word) return 0;
  memcpy(word, w, n);
  word[n] = 0;
  while (b + n <= e) {
    long at = vb_find_ci(s + b, e - b, word);
    if (at < 0) return 0;
    uint32_t i = b + (uint32_t)at;
    int32_t before = 0, after = 0;
    if (i > b) vb_utf8_next(s, e, vb_utf8_prev(s, i), &before);
    if (i + n < e) vb_utf8_next(s, e, i + n, &after);
    if (!vb_cp_is_letter(before) && !vb_cp_is_letter(after)) return 1;
    b = i + 1;
  }
  return 0;
}

/* Does [b, e) hold one sentence only: no ".", "?" or "!" followed by a
 * space and a capital before its end, but after an abbreviation or an
 * initial ("Roe v. Wade", "U.S. Senate")? */
static int one_sentence(const char *s, uint32_t b, uint32_t e) {
  for (uint32_t i = b + 1; i + 2 < e; i++) {
    if ((s[i] != '.' && s[i] != '?' && s[i] != '!') || s[i + 1] != ' ') continue;
    int32_t cp;
    vb_utf8_next(s, e, i + 2, &cp);
    if (!vb_cp_is_upper(cp)) continue;
    uint32_t w = i;
    while (w > b && s[w - 1] != ' ') w--;
    if (s[i] == '.' && (i - w <= 1 || memchr(s + w, '.', i - w) ||
                        vb_wl_has(VB_WL_ABBREVIATIONS, s + w, i + 1 - w)))
      continue;
    return 0;
  }
  return 1;
}

/* Paragraphs of prose a headline's lead is looked for in. */
#define HEADLINE_LEAD_PARAS 2

/* Is the document's first label a headline ("Ted Cruz: Constitutional
 * conservative or another typical career politician?", "News Guide: Donors
 * flocked to Rubio super PAC") rather than a speech opened by its
 * speaker's name? One line of one sentence, a paragraph of its own,
 * followed by a paragraph of prose with no label; and when the label names
 * a person by its words, the prose after it names them too: a lead speaks
 * of its subject in the third person, a speaker does not name themselves. */
static int label_headline(const char *s, const vb_doc *d, const cand *c, uint32_t i) {
  const vb_block *blk = &d->blocks.v[i];
  const cand *x = &c[i];
  if (x->marked || blk->time.start >= 0 || blk->voice.ptr || (blk->flags & VB_BLK_CHANGE) ||
      x->parts.host || x->parts.anonymous)
    return 0;
  if (x->text_b >= blk->end || blk->end - blk->start > MAX_TITLE_BYTES ||
      memchr(s + blk->start, '\n', blk->end - blk->start) || s[blk->end - 1] == ':' ||
      !one_sentence(s, x->text_b, blk->end))
    return 0;
  if (i + 1 >= d->blocks.n || d->blocks.v[i + 1].gap == 0 || c[i + 1].lab_e) return 0;
  /* "Guest Speaker: \"First part." / "\"Second part…": a quotation that
   * runs on into the next paragraph is speech */
  if (vb_open_quote_at(s, blk->end, x->text_b) && !vb_close_quote_before(s, blk->end)) return 0;
  if (!names_a_person(s, x)) return 1;
  /* the name's last word, looked for in the lead; before a place or an
   * occasion the label adds ("Former AG Mukasey at RNC: …", "Trump in
   * Iowa: …") */
  uint32_t ne = x->parts.name_e;
  for (uint32_t k = x->parts.name_b; k + 4 < ne; k++)
    if (s[k] == ' ' && s[k + 3] == ' ' &&
        (!memcmp(s + k + 1, "at", 2) || !memcmp(s + k + 1, "in", 2) || !memcmp(s + k + 1, "on", 2))) {
      ne = k;
      break;
    }
  uint32_t w = ne;
  while (w > x->parts.name_b && s[w - 1] != ' ') w--;
  uint32_t j = i + 1, paras = 0, e = blk->end;
  for (; j < d->blocks.n && paras <= HEADLINE_LEAD_PARAS; j++) {
    paras += d->blocks.v[j].gap > 0;
    if (paras > HEADLINE_LEAD_PARAS) break;
    e = d->blocks.v[j].end;
  }
  return word_recurs(s, d->blocks.v[i + 1].start, e, s + w, ne - w);
}

/* A panel where each speaker speaks once ("Maria Lopez: …", "David Chen:
 * …", "Amina Yusuf: …"): labels of full names opening paragraphs one after
 * another, nothing between them, each followed by a sentence, and at least
 * half of them known to name people by their words. Run-in headings of a
 * speech ("Environmental Crisis: …") stand between paragraphs of the
 * speech; a glossary's terms ("Pilot Priority: Labels that…") are words,
 * not names. Sets the run's ok, over what term_lists cleared. */
static void panel_runs(lay *L, cand *c) {
  vb_doc *d = L->doc;
  const char *s = L->s;
  for (uint32_t i = 0; i < d->blocks.n;) {
    uint32_t j = i, people = 0;
    while (j < d->blocks.n && panel_turn(s, &c[j], &d->blocks.v[j]))
      people += (uint32_t)names_a_person(s, &c[j++]);
    if (j - i >= 2 && people * 2 >= j - i)
      for (uint32_t k = i; k < j; k++) c[k].ok = 1;
    i = j > i ? j : i + 1;
  }
}

/* Terms defined in a list ("Lambda: A callback…", "Task: Unit of…",
 * "Priority: Labels defining…"), set in bold like a transcript's labels:
 * three blocks or more in a row each open with a term, and no one of
 * them comes back after another spoke. In a conversation someone does
 * (A … B … A), or a host or an unnamed questioner speaks ("Host:",
 * "Question:"); in a list each term is said once. Clears the terms' ok. */
static void term_lists(lay *L, cand *c, int conversation) {
  vb_doc *d = L->doc;
  const char *s = L->s;
  if (conversation) return;
  for (uint32_t i = 0; i < d->blocks.n;) {
    uint32_t j = i;
    while (j < d->blocks.n && !(d->blocks.v[j].flags & VB_BLK_HEADING) &&
           d->blocks.v[j].time.start < 0 && !d->blocks.v[j].voice.ptr &&
           !(d->blocks.v[j].flags & VB_BLK_CHANGE) && opens_with_term(s, &d->blocks.v[j]))
      j++;
    if (j - i >= 3)
      for (uint32_t k = i; k < j; k++) c[k].ok = 0;
    i = j > i ? j : i + 1;
  }
}

/* Is the label in capitals ("MR. JUSTICE BRENNAN", "BAILIFF"): two
 * letters or more, none of them lowercase? */
static int caps_label(const char *s, const cand *x) {
  uint32_t letters = 0;
  for (uint32_t i = x->lab_b; i < x->lab_e;) {
    int32_t cp;
    i += (uint32_t)vb_utf8_next(s, x->lab_e, i, &cp);
    if (vb_cp_is_lower(cp)) return 0;
    letters += (uint32_t)vb_cp_is_letter(cp);
  }
  return letters >= 2;
}

/* "Eden-Monaro Electorate: Small Business", "Werriwa Electorate: Australia
 * Post" over "Ms STANLEY (Werriwa) (16:12): I rise…": a Hansard's
 * headings, a few words after the colon and no sentence's end, in the
 * lines right before a member's labelled speech, are no labels. */
static void clock_headings(const char *s, const vb_doc *d, cand *c, uint32_t i) {
  while (i > 0) {
    const vb_block *blk = &d->blocks.v[--i];
    cand *x = &c[i];
    if (!x->lab_e || x->clock || x->marked || x->parts.chair) return;
    if (x->text_b >= blk->end || memchr(s + blk->start, '\n', blk->end - blk->start) ||
        word_count(s, x->text_b, blk->end) > MAX_HEADING_WORDS ||
        ends_sentence(s, x->text_b, blk->end))
      return;
    memset(x, 0, sizeof *x);
  }
}

/* Which candidates are speakers' labels, by the document's evidence:
 * markup (a label in bold, a caption cue, ">>"), words that name a role
 * in the conversation ("Interviewer", "Question"), and labels that repeat
 * and alternate (a transcript). A lone "Final Words:" in a speech or
 * "United Nations: the council…" in wrapped prose is not a turn. */
static int decide_labels(lay *L, cand *c) {
  vb_doc *d = L->doc;
  const char *s = L->s;
  vb_map count, surnames, seen;
  vb_map_init(&count);
  vb_map_init(&surnames);
  vb_map_init(&seen);
  uint32_t ncand = 0, distinct = 0, hosts = 0, first = UINT32_MAX;
  int rc = VB_OK;
  char key[96], prev[96];
  size_t prev_n = 0;
  int returns = 0; /* a speaker comes back after another spoke */
  for (uint32_t i = 0; i < d->blocks.n; i++)
    if (c[i].lab_e && (subhead_block(&d->blocks.v[i]) || prose_label(s, d, i, &c[i])))
      memset(&c[i], 0, sizeof c[i]);
  for (uint32_t i = 0; i < d->blocks.n; i++)
    if (c[i].clock) clock_headings(s, d, c, i);
  for (uint32_t i = 0; i < d->blocks.n && i <= 1; i++)
    if (c[i].lab_e) {
      c[i].headline = (uint8_t)label_headline(s, d, c, i);
      break;
    }
  for (uint32_t i = 0; i < d->blocks.n && !rc; i++) {
    if (!c[i].lab_e) continue;
    if (first == UINT32_MAX) first = i;
    /* the title's label is no turn-taking; a headline's full name still
     * tells whom a surname label after it is ("Ostrov:") */
    if (c[i].headline && c[i].parts.words >= 2 && !initial_form(s, &c[i].parts)) {
      size_t k = last_word_key(s, &c[i].parts, key);
      if (vb_map_set(&surnames, key, k, 1)) rc = -1;
    }
    if (d->blocks.v[i].level == 1 || c[i].headline) continue;
    size_t sk = last_word_key(s, &c[i].parts, key);
    if (!(sk == prev_n && memcmp(key, prev, sk) == 0)) {
      if (vb_map_get(&seen, key, sk) != VB_MAP_NONE) returns = 1;
      else if (vb_map_set(&seen, key, sk, 1)) rc = -1;
      memcpy(prev, key, sk);
      prev_n = sk;
    }
    ncand++;
    hosts += c[i].parts.host || c[i].parts.anonymous;
    size_t k = name_key(s, &c[i].parts, key);
    uint32_t v = vb_map_get(&count, key, k);
    if (v == VB_MAP_NONE) distinct++;
    if (vb_map_set(&count, key, k, v == VB_MAP_NONE ? 1 : v + 1)) rc = -1;
    if (c[i].parts.words >= 2 && !initial_form(s, &c[i].parts)) {
      k = last_word_key(s, &c[i].parts, key);
      if (vb_map_set(&surnames, key, k, 1)) rc = -1;
    }
  }
  /* someone speaks twice: the same label, or a surname ("Brandt") or an
   * initial ("D. Valeyev") of a full name given elsewhere */
  int repeats = ncand > distinct;
  for (uint32_t i = 0; i < d->blocks.n && !repeats; i++) {
    if (!c[i].lab_e || !(c[i].parts.words == 1 || initial_form(s, &c[i].parts))) continue;
    size_t k = last_word_key(s, &c[i].parts, key);
    repeats = vb_map_get(&surnames, key, k) != VB_MAP_NONE;
  }
  /* two voices, one of them a host or an unnamed questioner, make a
   * conversation too ("Host: …", "Jane Roe: …"); otherwise someone speaks
   * twice: run-in headings of a speech ("Environmental Crisis: …",
   * "Final Words: …") and a quotation's source ("…the words of Kofi
   * Annan:") each open one line only */
  int transcript = distinct >= 2 && ((ncand >= 3 && repeats) || hosts);
  /* the record's house style: the labels that recur are all in capitals
   * (a court's "MR. WECHSLER:"), so one in capitals said once is a label
   * too ("BAILIFF:", "MR. JUSTICE BRENNAN:") */
  uint32_t recur_caps = 0, recur_other = 0;
  for (uint32_t i = 0; i < d->blocks.n && transcript; i++) {
    if (!c[i].lab_e || c[i].headline || d->blocks.v[i].level == 1) continue;
    size_t k = name_key(s, &c[i].parts, key);
    if (vb_map_get(&count, key, k) < 2) continue;
    if (caps_label(s, &c[i])) recur_caps++;
    else recur_other++;
  }
  int caps_style = recur_caps >= 2 && recur_other == 0;
  /* the page sets its labels apart (in bold) and several of them: a
   * "Name:" it leaves in the text's own type is a run-in term of a speech
   * ("Iranian Jews: There were 150,000…"), unless the page set the name as
   * a label elsewhere or its words name a person (a role before it, a given
   * name: a label whose bold a link broke, "Minister … <a><b>Nikolai
   * Nikiforov</b></a><b>:</b>") */
  vb_map marked;
  vb_map_init(&marked);
  uint32_t nmarked = 0;
  for (uint32_t i = 0; i < d->blocks.n && !rc; i++) {
    if (!c[i].lab_e || !c[i].marked || c[i].headline || d->blocks.v[i].level == 1) continue;
    nmarked++;
    size_t k = name_key(s, &c[i].parts, key);
    if (vb_map_set(&marked, key, k, 1)) rc = -1;
  }
  int marked_style = nmarked >= MIN_MARKED_LABELS;
  for (uint32_t i = 0; i < d->blocks.n && !rc; i++) {
    cand *x = &c[i];
    if (!x->lab_e) continue;
    if (x->headline) { /* the title: its label names whom it quotes, if a person */
      x->ok = (uint8_t)names_a_person(s, x);
      continue;
    }
    const vb_block *blk = &d->blocks.v[i];
    int strong = x->marked || x->dash || x->clock || x->parts.chair ||
                 (x->stop && line_opens_sentence(s, d, i)) || blk->time.start >= 0 || blk->voice.ptr ||
                 (blk->flags & VB_BLK_CHANGE) || x->parts.host || x->parts.anonymous ||
                 /* a reporter's numbered transcript: "MR. LONG:" said once */
                 ((blk->flags & VB_BLK_NUMBERED) && caps_label(s, x) && person_label(s, x));
    if (!strong && !speech_opens(s, x->text_b, blk->end)) continue;
    size_t k = name_key(s, &x->parts, key);
    uint32_t n = vb_map_get(&count, key, k);
    if (n == 1 && heads_list(s, d, i, x)) continue;
    if (strong) {
      x->ok = 1;
      continue;
    }
    if (marked_style && vb_map_get(&marked, key, k) == VB_MAP_NONE && !names_a_person(s, x)) continue;
    if (transcript)
      x->ok = x->parts.words >= 2 || n >= 2 || titled_name(s, x) ||
              (x->parts.words == 1 && vb_map_get(&surnames, key, k) != VB_MAP_NONE) ||
              (caps_style && caps_label(s, x) && person_label(s, x));
    else /* a speech opened by its speaker's name, or one quoted turn */
      x->ok = (i == first && i <= 1 && x->parts.words >= 2) ||
              lone_turn(s, x, blk,
                        n >= 2 || (x->parts.words == 1 &&
                                   vb_map_get(&surnames, key, k) != VB_MAP_NONE));
  }
  term_lists(L, c, returns || hosts);
  if (!transcript) panel_runs(L, c);
  /* one voice in several paragraphs ("Maria Lopez: …" … "Maria Lopez:
   * …"): no conversation, but the same label, a person's by its words,
   * opens two paragraphs or more. A term list says each term once and
   * run-in headings differ, so neither is taken for it; sets their ok,
   * over what term_lists cleared. */
  for (uint32_t i = 0; i < d->blocks.n && !transcript && !rc; i++) {
    cand *x = &c[i];
    const vb_block *blk = &d->blocks.v[i];
    if (!x->lab_e || x->headline || blk->level == 1 || (blk->flags & VB_BLK_HEADING) || x->parts.words < 2) continue;
    size_t k = name_key(s, &x->parts, key);
    if (vb_map_get(&count, key, k) < 2 || !names_a_person(s, x) || !person_label(s, x)) continue;
    if (x->text_b < blk->end && speech_opens(s, x->text_b, blk->end)) x->ok = 1;
  }
  vb_map_free(&count);
  vb_map_free(&surnames);
  vb_map_free(&seen);
  vb_map_free(&marked);
  return rc ? vb_err_set(L->err, VB_ENOMEM, d->path, -1, "out of memory") : VB_OK;
}

/* "Andrei Kostin: Alexander Branis: My question…": a label whose text is
 * another label gave the floor and said nothing. Returns the second
 * label's candidate in *c2 when there is one. */
static int second_label(lay *L, const vb_block *blk, const cand *c, cand *c2) {
  if (!c->ok || c->text_b >= blk->end) return 0;
  if (!label_shape(L->s, c->text_b, blk->end, 0, c2)) return 0;
  /* only a bare name or a word for an unnamed speaker, never a sentence
   * ending in a colon ("Here is a question that arrived in an SMS:") */
  int bare = c2->parts.name_b == c2->lab_b && c2->parts.name_e == c2->lab_e;
  c2->ok = bare && (c2->parts.words >= 2 || c2->parts.anonymous);
  return c2->ok;
}

static int paragraphs_of(lay *L, cand *c, int wrapped);

/* A Hansard's turns run together in one paragraph ("…I second the motion.
 * HON. S.D. TURAGA.- I will provide…", "Order, order! HON. S. TUBUNA.:
 * …"): the next label in capitals, closed by a full stop and a dash or
 * colon, right after a sentence's end in [from, blk->end). Returns where
 * it opens and fills *x, or 0. Looked for only in documents whose labels
 * have that style. */
static uint32_t inner_label(lay *L, const vb_block *blk, uint32_t from, cand *x) {
  const char *s = L->s;
  for (uint32_t j = from + 2; j + 4 < blk->end; j++) {
    if (s[j] < 'A' || s[j] > 'Z' || s[j - 1] != ' ') continue;
    uint32_t k = j - 1;
    while (k > from && s[k - 1] == ' ')
      k--;
    if (k == from) continue;
    unsigned char prev = (unsigned char)s[k - 1];
    if (!(prev == '.' || prev == '!' || prev == '?' || prev == ':' || prev == ')' || prev == '"' ||
          prev == 0x9D || prev == 0x99 || prev == 0xA6)) /* ” ’ … */
      continue;
    if (!label_shape(s, j, blk->end, 0, x) || !caps_label(s, x)) continue;
    uint32_t w1 = x->lab_b;
    while (w1 < x->lab_e && s[w1] != ' ')
      w1++;
    if (!x->dash && !vb_wl_has(VB_WL_ADDRESS_FORMS, s + x->lab_b, w1 - x->lab_b))
      continue; /* a colon: only after a form of address ("HON. S. TUBUNA.:") */
    x->ok = 1;
    return j;
  }
  return 0;
}

/* "Page 9" on a line of its own: where a printed record's page begins. */
static int page_mark(const char *s, const vb_block *blk) {
  uint32_t n = blk->end - blk->start, b = blk->start;
  /* "[[Page S698]]": the Congressional Record's, a line of its own; the
   * lines around it are the text's */
  if (n >= 12 && n <= 20 && !memcmp(s + b, "[[Page ", 7) && !memcmp(s + blk->end - 2, "]]", 2)) {
    uint32_t i = b + 7;
    if (vb_is_ascii_upper((unsigned char)s[i])) i++;
    if (i == blk->end - 2) return 0;
    for (; i < blk->end - 2; i++)
      if (!vb_is_ascii_digit((unsigned char)s[i])) return 0;
    return 2;
  }
  if (n < 6 || n > 10 || memcmp(s + b, "Page ", 5)) return 0;
  for (uint32_t i = b + 5; i < blk->end; i++)
    if (!vb_is_ascii_digit((unsigned char)s[i])) return 0;
  return 1;
}

/* A line of the printed page's header around its mark: short, no
 * sentence, no label, with a number or a date in it ("181", "3 December
 * 1997", "49th Session", "Volume 11"). */
static int page_header_line(const char *s, const vb_block *blk) {
  uint32_t n = blk->end - blk->start;
  if (n == 0 || n > MAX_PAGE_HEADER_BYTES || (blk->flags & VB_BLK_HEADING)) return 0;
  int digit = 0;
  for (uint32_t i = blk->start; i < blk->end; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == ':' || ch == '?' || ch == '!' || ch == '"') return 0;
    digit |= vb_is_ascii_digit(ch);
  }
  return digit && s[blk->end - 1] != '.';
}

/* A page's number alone on its line ("23"). */
static int bare_number(const char *s, const vb_block *blk) {
  uint32_t n = blk->end - blk->start;
  if (n == 0 || n > 4) return 0;
  for (uint32_t i = blk->start; i < blk->end; i++)
    if (!vb_is_ascii_digit((unsigned char)s[i])) return 0;
  return 1;
}

/* A short line that may stand in a page's running head: no sentence, no
 * label, not a heading the markup made. */
static int head_words(const char *s, const vb_block *blk) {
  uint32_t n = blk->end - blk->start;
  if (n == 0 || n > MAX_PAGE_HEADER_BYTES || (blk->flags & VB_BLK_HEADING)) return 0;
  for (uint32_t i = blk->start; i < blk->end; i++)
    if (s[i] == ':' || s[i] == '?' || s[i] == '!' || s[i] == '"') return 0;
  return s[blk->end - 1] != '.';
}

/* The running heads of a printed record converted without its pages'
 * marks (a council's PDF made HTML: "23", "COUNCIL OF THE CITY OF
 * WINNIPEG", "January 29, 2013" atop every page): a page number alone on
 * its line beside a short line the document repeats word for word, and
 * the next such head numbered one more, a page of text further on. The
 * numbers, the repeated lines and a date beside them are the pages'
 * headers (not "Motion No. 31" under one). A heading said twice
 * ("QUESTION PERIOD") stands beside no page number; a table's repeated
 * cells beside its numbers ("1", "2" by "Yes") have no page between. */
typedef struct head {
  uint32_t lo, hi, at; /* the head's blocks; its number's */
  uint32_t line;       /* its longest repeated line */
  uint32_t value;      /* the page's number */
} head;

/* Does head h hold a line that reads as block j does? */
static int in_head(const vb_doc *d, uint32_t j, const head *h) {
  const char *s = d->view.body.ptr;
  const vb_block *b = &d->blocks.v[j];
  for (uint32_t k = h->lo; k <= h->hi; k++) {
    const vb_block *o = &d->blocks.v[k];
    if (o->end - o->start == b->end - b->start && !memcmp(s + o->start, s + b->start, b->end - b->start))
      return 1;
  }
  return 0;
}

static int running_heads(vb_doc *d) {
  const char *s = d->view.body.ptr;
  uint32_t i = 0;
  while (i < d->blocks.n && !bare_number(s, &d->blocks.v[i])) i++;
  if (i == d->blocks.n) return VB_OK;
  vb_map lines;
  vb_map_init(&lines);
  head *h = NULL;
  uint32_t nh = 0, cap = 0;
  int rc = VB_OK;
  for (uint32_t j = 0; j < d->blocks.n && !rc; j++) {
    const vb_block *b = &d->blocks.v[j];
    if (!head_words(s, b) || bare_number(s, b)) continue;
    uint32_t v = vb_map_get(&lines, s + b->start, b->end - b->start);
    if (vb_map_set(&lines, s + b->start, b->end - b->start, v == VB_MAP_NONE ? 1 : v + 1)) rc = -1;
  }
  for (; i < d->blocks.n && !rc; i++) {
    if (!bare_number(s, &d->blocks.v[i]) || (d->blocks.v[i].flags & VB_BLK_PAGE)) continue;
    head x = {i, i, i, UINT32_MAX, 0};
    for (uint32_t k = d->blocks.v[i].start; k < d->blocks.v[i].end; k++)
      x.value = x.value * 10 + (uint32_t)(s[k] - '0');
    for (int dir = -1; dir <= 1; dir += 2) {
      for (uint32_t n = 0; n < PAGE_HEADER_LINES; n++) {
        uint32_t j = dir < 0 ? x.lo : x.hi;
        if (dir < 0 ? j == 0 : j + 1 >= d->blocks.n) break;
        j = dir < 0 ? j - 1 : j + 1;
        const vb_block *b = &d->blocks.v[j];
        if (!head_words(s, b)) break;
        uint32_t v = vb_map_get(&lines, s + b->start, b->end - b->start);
        if (v != VB_MAP_NONE && v >= 2) {
          if (x.line == UINT32_MAX ||
              b->end - b->start > d->blocks.v[x.line].end - d->blocks.v[x.line].start)
            x.line = j;
        } else if (!dated(s, b->start, b->end)) {
          break;
        }
        if (dir < 0) x.lo = j;
        else x.hi = j;
      }
    }
    if (x.line == UINT32_MAX) continue;
    /* set apart from the text, as a converted page's cells and paragraphs
     * are: in hard-wrapped text the line after a head goes on with the
     * sentence it cut, and would be taken into the head's paragraph */
    int apart = 1;
    for (uint32_t j = x.lo; j <= x.hi + 1 && j < d->blocks.n && apart; j++)
      apart = (d->blocks.v[j].flags & VB_BLK_HARD) || d->blocks.v[j].gap > 0;
    if (!apart) continue;
    if (nh == cap) {
      head *g = vb_arena_alloc(d->arena, sizeof *h * (cap = cap ? 2 * cap : 16));
      if (!g) {
        rc = -1;
        break;
      }
      if (nh) memcpy(g, h, sizeof *h * nh);
      h = g;
    }
    h[nh++] = x;
    i = x.hi;
  }
  for (uint32_t k = 0; k + 1 < nh && !rc; k++) {
    const head *a = &h[k], *b = &h[k + 1];
    const vb_block *la = &d->blocks.v[a->line], *lb = &d->blocks.v[b->line];
    if (b->value != a->value + 1 || la->end - la->start != lb->end - lb->start ||
        memcmp(s + la->start, s + lb->start, la->end - la->start) ||
        d->blocks.v[b->lo].start - d->blocks.v[a->hi].end < MIN_PAGE_BYTES)
      continue;
    /* a head that opens the document keeps its lines as what they say
     * there, the record's name a title and its date the dateline; its
     * number alone is the page's. Of the others, the number, the dates
     * and the lines both heads hold: a heading said again under one
     * ("REPORT OF THE") is the page's text. */
    for (const head *x = a; x <= b; x += b - a)
      for (uint32_t j = x->lo; j <= x->hi; j++)
        if (j == x->at || (x->lo > 0 && (dated(s, d->blocks.v[j].start, d->blocks.v[j].end) ||
                                         in_head(d, j, x == a ? b : a))))
          d->blocks.v[j].flags |= VB_BLK_PAGE;
  }
  vb_map_free(&lines);
  return rc;
}

/* The headers of a printed record's pages that a converted page keeps
 * among the text (a Hansard made HTML: "Page 9", "181", "3 December
 * 1997"): flagged as page headers, so a speech they cut is one turn. */
static void page_headers(vb_doc *d) {
  const char *s = d->view.body.ptr;
  for (uint32_t i = 0; i < d->blocks.n; i++) {
    int mark = page_mark(s, &d->blocks.v[i]);
    if (!mark) continue;
    d->blocks.v[i].flags |= VB_BLK_PAGE;
    if (mark == 2) continue;
    for (uint32_t j = i; j > 0 && i - j < PAGE_HEADER_LINES && page_header_line(s, &d->blocks.v[j - 1]); j--)
      d->blocks.v[j - 1].flags |= VB_BLK_PAGE;
    for (uint32_t j = i + 1; j < d->blocks.n && j - i <= PAGE_HEADER_LINES && page_header_line(s, &d->blocks.v[j]); j++)
      d->blocks.v[j].flags |= VB_BLK_PAGE;
  }
}

static int build_paragraphs(lay *L) {
  vb_doc *d = L->doc;
  page_headers(d);
  if (running_heads(d)) return vb_err_set(L->err, VB_ENOMEM, d->path, -1, "out of memory");
  uint32_t long_lines = 0;
  for (uint32_t i = 0; i < d->blocks.n; i++)
    if (d->blocks.v[i].end - d->blocks.v[i].start > WRAPPED_LINE_BYTES) long_lines++;
  int wrapped = long_lines * 10 < d->blocks.n;
  size_t nc = (d->blocks.n + 1) * sizeof(cand);
  cand *c = vb_arena_calloc(d->arena, nc);
  if (!c) return vb_err_set(L->err, VB_ENOMEM, d->path, -1, "out of memory");
  int rc = paragraphs_of(L, c, wrapped);
  /* a block's label shape, as large as the blocks in a long document */
  vb_arena_release(d->arena, c, nc);
  return rc;
}

/* The paragraphs of the blocks, given each block's label shape c[i]. */
static int paragraphs_of(lay *L, cand *c, int wrapped) {
  vb_doc *d = L->doc;
  for (uint32_t i = 0; i < d->blocks.n; i++) {
    const vb_block *blk = &d->blocks.v[i];
    if (blk->flags & VB_BLK_PAGE) continue;
    label_shape(L->s, blk->start, blk->end, blk->marked_label, &c[i]);
  }
  int rc = decide_labels(L, c);
  if (rc) return rc;
  int hansard = 0; /* labels closed by a full stop and a dash */
  for (uint32_t i = 0; i < d->blocks.n && !hansard; i++)
    hansard = c[i].ok && c[i].dash;
  for (uint32_t i = 0; i < d->blocks.n; i++) {
    const vb_block *blk = &d->blocks.v[i];
    vb_para *cur = d->paras.n ? &d->paras.v[d->paras.n - 1] : NULL;
    int labelled = c[i].ok;
    int hard = (blk->flags & (VB_BLK_HARD | VB_BLK_CHANGE | VB_BLK_HEADING | VB_BLK_PAGE)) != 0;
    if (cur && !hard && !labelled && blk->gap <= 1 && cur->label_end > cur->label_start &&
        cur->text_start >= cur->end) {
      /* "Chris Wallace:" alone on its line: the next line is what he said */
      cur->end = blk->end;
      cur->text_start = blk->start;
      continue;
    }
    if (cur && wrapped && !hard && !labelled && blk->gap == 0 && cur->time.start < 0 &&
        !(blk->flags & VB_BLK_INDENT)) {
      cur->end = blk->end; /* hard-wrapped prose */
      continue;
    }
    cand inner;
    if (cur && !hard && !labelled && cur->time.start < 0 && blk->time.start < 0 &&
        !(cur->bflags & (VB_BLK_HEADING | VB_BLK_PAGE)) &&
        vb_stops_mid_sentence(L->s, cur->start, cur->end) && vb_goes_on_sentence(L->s, blk->start, blk->end) &&
        !(hansard && inner_label(L, blk, blk->start, &inner))) {
      /* a line break or a printed page's blank lines in mid-sentence in
       * text set a paragraph a line ("…is more pressing than" / "climate
       * change. For…"): the sentence goes on, and so does its paragraph,
       * across the break (segment reads a blank line there the same way) */
      cur->end = blk->end;
      continue;
    }
    if (cur && blk->time.start >= 0 && cur->time.start >= 0 && !hard && !labelled &&
        same_voice(cur->voice, blk->voice)) {
      /* the next cue of the same speaker: sentences run across cues */
      cur->end = blk->end;
      if (blk->time.end > cur->time.end) cur->time.end = blk->time.end;
      continue;
    }
    cand c2;
    if (second_label(L, blk, &c[i], &c2)) {
      cand only = c[i];
      only.text_b = c2.lab_b;
      if ((rc = push_para(L, blk, blk->start, c2.lab_b, &only))) return rc;
      if ((rc = push_para(L, blk, c2.lab_b, blk->end, &c2))) return rc;
      d->paras.v[d->paras.n - 2].end = c[i].text_b; /* the first said nothing */
      continue;
    }
    uint32_t from = blk->start;
    cand lab = c[i], next;
    for (uint32_t at; hansard && (at = inner_label(L, blk, lab.ok ? lab.text_b : from, &next));) {
      if ((rc = push_para(L, blk, from, at, &lab))) return rc;
      from = at;
      lab = next;
    }
    if ((rc = push_para(L, blk, from, blk->end, &lab))) return rc;
  }
  return VB_OK;
}

/* ---- roles and metadata ------------------------------------------------ */

static vb_str str_of(lay *L, uint32_t b, uint32_t e) {
  vb_str v = {L->s + b, e - b};
  return v;
}

static int set_date(lay *L, vb_str *field, const char iso[11]) {
  char *p = vb_arena_strndup(L->doc->arena, iso, 10);
  if (!p) return vb_err_set(L->err, VB_ENOMEM, L->doc->path, -1, "out of memory");
  field->ptr = p;
  field->len = 10;
  return VB_OK;
}

/* "DATE Series No. N" on the first line. */
static int header_line(lay *L, vb_para *p) {
  char iso[11];
  size_t k = vb_parse_date(L->s + p->start, p->end - p->start, iso);
  if (!k || p->start + k >= p->end) return 0;
  vb_str series, number;
  if (!series_number(L->s, p->start + (uint32_t)k, p->end, &series, &number)) return 0;
  vb_meta *m = &L->doc->view.meta;
  if (set_date(L, &m->published, iso)) return -1;
  m->series = series;
  m->number = number;
  return 1;
}

static int tag_line(lay *L, vb_para *p) {
  const char *s = L->s;
  if (p->end - p->start > MAX_TITLE_BYTES) return 0;
  if (vb_find_ci(s + p->start, p->end - p->start, " | ") < 0) return 0;
  vb_meta *m = &L->doc->view.meta;
  uint32_t b = p->start;
  while (b < p->end) {
    uint32_t e = b;
    while (e < p->end && s[e] != '|') e++;
    uint32_t tb = b, te = e;
    while (tb < te && s[tb] == ' ') tb++;
    while (te > tb && s[te - 1] == ' ') te--;
    vb_str series, number;
    if (te > tb) {
      if (series_number(s, tb, te, &series, &number)) {
        if (!m->series.ptr) m->series = series;
        if (!m->number.ptr) m->number = number;
      } else {
        vb_str *t = VB_VEC_PUSH(L->doc->arena, L->doc->tags);
        if (!t) return vb_err_set(L->err, VB_ENOMEM, L->doc->path, tb, "out of memory"), -1;
        *t = str_of(L, tb, te);
      }
    }
    b = e + 1;
  }
  return 1;
}

/* Channel after "aired on " / "broadcast on ": capitalised words. */
static vb_str channel_at(const char *s, uint32_t i, uint32_t e) {
  vb_str none = {0};
  uint32_t b = i, last = i;
  int words = 0;
  while (i < e && words < 8) {
    uint32_t w0 = i;
    int32_t cp;
    vb_utf8_next(s, e, i, &cp);
    if (!vb_cp_is_upper(cp) && !vb_cp_is_digit(cp)) {
      uint32_t w1 = w0;
      while (w1 < e && s[w1] != ' ') w1++;
      if (!name_particle(s + w0, w1 - w0)) break;
    }
    while (i < e && s[i] != ' ' && s[i] != ',' && s[i] != '.' && s[i] != ';' && s[i] != '(' &&
           s[i] != ')')
      i++;
    last = i;
    words++;
    if (i >= e || s[i] != ' ') break;
    i++;
  }
  if (!words) return none;
  vb_str v = {s + b, last - b};
  return v;
}

/* Broadcast date and channel from the summary's first lines. */
static int broadcast_meta(lay *L, uint32_t b, uint32_t e) {
  const char *s = L->s;
  vb_meta *m = &L->doc->view.meta;
  size_t ncues = vb_wl_count(VB_WL_BROADCAST_CUES);
  for (size_t c = 0; c < ncues && !m->channel.ptr; c++) {
    const char *says, *word = vb_wl_entry(VB_WL_BROADCAST_CUES, c, &says);
    char cue[64]; /* the cue with the space after it */
    if (snprintf(cue, sizeof cue, "%s ", word) >= (int)sizeof cue) continue;
    long at = vb_find_ci(s + b, e - b, cue);
    if (at < 0) continue;
    uint32_t i = b + (uint32_t)at + (uint32_t)strlen(cue);
    char iso[11];
    size_t dk = vb_parse_date(s + i, e - i, iso);
    if (dk) {
      if (!m->aired.ptr && set_date(L, &m->aired, iso)) return -1;
      i += (uint32_t)dk;
      long on = vb_find_ci(s + i, e - i > 12 ? 12 : e - i, " on ");
      if (on < 0) continue;
      i += (uint32_t)on + 4;
    }
    vb_str ch = channel_at(s, i, e);
    if (ch.ptr && strcmp(says, "date") != 0) m->channel = ch;
    /* "aired on Northwind Radio on March 3, 2024" */
    uint32_t after = ch.ptr ? (uint32_t)(ch.ptr + ch.len - s) : i;
    if (!m->aired.ptr && after + 4 < e && vb_prefix_ci(s + after, e - after, " on ")) {
      size_t dk2 = vb_parse_date(s + after + 4, e - after - 4, iso);
      if (dk2 && set_date(L, &m->aired, iso)) return -1;
    }
    /* the date of the interview: the last date before the cue in its sentence */
    uint32_t sb = b + (uint32_t)at;
    while (sb > b && !(s[sb - 1] == ' ' && sb >= b + 2 && s[sb - 2] == '.')) sb--;
    for (uint32_t j = sb; j < b + (uint32_t)at && !m->aired.ptr; j++) {
      if (j > sb && s[j - 1] != ' ') continue;
      size_t k = vb_parse_date(s + j, b + (uint32_t)at - j, iso);
      if (k && set_date(L, &m->aired, iso)) return -1;
    }
  }
  return 0;
}

static int title_like(const char *s, const vb_para *p) {
  int tc = title_case(s, p->text_start, p->end);
  if (p->label_end > p->label_start) return tc;
  /* "Text of the Decree:", "The President ordered the Government of the
   * Russian Federation:": a line that introduces what follows */
  if (s[p->end - 1] == ':') return 0;
  return tc || !ends_sentence(s, p->start, p->end);
}

/* A line in capitals that ends on a name's suffix or "et al." and maybe a
 * comma, no sentence's end: a court transcript's heading over two lines
 * ("ORAL ARGUMENT OF DONALD B. VERRILLI, JR.,", "ON BEHALF OF THE
 * RESPONDENTS FLORIDA, ET AL."). */
static int caps_heading_end(const char *s, uint32_t b, uint32_t e) {
  for (uint32_t i = b; i < e; i++)
    if (vb_is_ascii_lower((unsigned char)s[i])) return 0;
  if (e > b && s[e - 1] == ',') e--;
  if (e <= b || s[e - 1] != '.') return 0;
  uint32_t w = e - 1;
  while (w > b && s[w - 1] != ' ')
    w--;
  if (vb_wl_has(VB_WL_NAME_SUFFIXES, s + w, e - w) || vb_wl_has(VB_WL_NAME_SUFFIXES, s + w, e - 1 - w))
    return 1;
  return e - w == 3 && !memcmp(s + w, "AL.", 3) && w >= b + 3 && !memcmp(s + w - 3, "ET ", 3);
}

static int is_heading(const char *s, const vb_para *p) {
  if (p->label_end > p->label_start) return 0;
  if (p->end - p->start > MAX_HEADING_BYTES) return 0;
  if (memchr(s + p->start, '\n', p->end - p->start)) return 0;
  uint32_t b = p->start, e = p->end;
  size_t q = vb_open_quote_at(s, e, b);
  if (q) b += (uint32_t)q;
  uint32_t ee = e;
  size_t cq = vb_close_quote_before(s, ee);
  if (cq && ee - cq > b) ee -= (uint32_t)cq;
  if (ends_sentence(s, b, ee) && !(q && cq) && !caps_heading_end(s, b, ee)) return 0;
  return title_case(s, b, ee);
}

static int add_section(lay *L, const vb_para *p) {
  vb_section *sec = VB_VEC_PUSH(L->doc->arena, L->doc->sections);
  if (!sec) return vb_err_set(L->err, VB_ENOMEM, L->doc->path, p->start, "out of memory");
  uint32_t b = p->start, e = p->end;
  size_t q = vb_open_quote_at(L->s, e, b);
  size_t cq = vb_close_quote_before(L->s, e);
  if (q && cq && e - cq > b + q) {
    b += (uint32_t)q;
    e -= (uint32_t)cq;
  }
  sec->heading = str_of(L, b, e);
  sec->quote_of = -1;
  sec->start = p->start;
  sec->end = p->end;
  return VB_OK;
}

/* a equals b[0..n), ASCII case and runs of white space aside. */
static int same_text(vb_str a, const char *b, size_t n) {
  size_t i = 0, j = 0;
  for (;;) {
    while (i < a.len && vb_is_ascii_space((unsigned char)a.ptr[i])) i++;
    while (j < n && vb_is_ascii_space((unsigned char)b[j])) j++;
    if (i == a.len || j == n) return i == a.len && j == n;
    if (vb_ascii_lower((unsigned char)a.ptr[i]) != vb_ascii_lower((unsigned char)b[j])) return 0;
    i++;
    j++;
  }
}

/* Do the PULL_QUOTE_PROBE bytes at s[at] stand in the text outside p? */
static int probe_elsewhere(const char *s, size_t len, const vb_para *p, uint32_t at) {
  char probe[PULL_QUOTE_PROBE + 1];
  memcpy(probe, s + at, PULL_QUOTE_PROBE);
  probe[PULL_QUOTE_PROBE] = '\0';
  for (size_t from = 0; from < len;) {
    long f = vb_find_ci(s + from, len - from, probe);
    if (f < 0) return 0;
    size_t pos = from + (size_t)f;
    if (pos < p->start || pos >= p->end) return 1;
    from = pos + 1;
  }
  return 0;
}

/* A quotation box whose words stand elsewhere in the text: a pull quote.
 * Its opening or its close: an editor abridges a pull quote at either end
 * ("One of the most important tasks is to improve the effectiveness…" for
 * the speech's "the most important task, or one of the most important ones,
 * is to improve the effectiveness…"). */
static int pull_quote(const char *s, size_t len, const vb_para *p) {
  uint32_t b = p->start, e = p->end;
  size_t q = vb_open_quote_at(s, e, b);
  if (!q && (unsigned char)s[b] == 0xE2 && b + 3 <= e && (unsigned char)s[b + 1] == 0x80 &&
      (unsigned char)s[b + 2] == 0x9D)
    q = 3; /* ” opening a pull quote, as en.kremlin.ru sets them */
  b += (uint32_t)q;
  for (;;) { /* the closing mark, as the site sets it: " ” » or “ */
    while (e > b && vb_is_ascii_space((unsigned char)s[e - 1])) e--;
    size_t c = vb_close_quote_before(s, e);
    if (!c && e >= b + 3 && (unsigned char)s[e - 3] == 0xE2 && (unsigned char)s[e - 2] == 0x80 &&
        (unsigned char)s[e - 1] == 0x9C)
      c = 3;
    if (!c) break;
    e -= (uint32_t)c;
  }
  if (e < b || e - b < PULL_QUOTE_PROBE) return 0;
  return probe_elsewhere(s, len, p, b) || probe_elsewhere(s, len, p, e - PULL_QUOTE_PROBE);
}

/* The credit under a quotation set apart: the last line of a <blockquote>
 * names whose words they are ("Michael Shadlen, Ph.D.", "- Ann Roe"). Names
 * alone, short, after a quotation of the same box (a paragraph opening
 * with its mark) and before the box ends or another quotation opens: the
 * quote's signature, not its words. A box of other lines (LWN sets its
 * tables in <blockquote>: "Release", "April 2014") has no credit. */
static int quote_credit(const char *s, const vb_doc *d, uint32_t i) {
  const vb_para *p = &d->paras.v[i];
  if (i == 0 || !(p->bflags & VB_BLK_QUOTEBOX)) return 0;
  const vb_para *q = &d->paras.v[i - 1];
  if (!(q->bflags & VB_BLK_QUOTEBOX) || !vb_open_quote_at(s, q->end, q->start)) return 0;
  if (i + 1 < d->paras.n) {
    const vb_para *r = &d->paras.v[i + 1];
    if ((r->bflags & VB_BLK_QUOTEBOX) && !vb_open_quote_at(s, r->end, r->start)) return 0;
  }
  uint32_t b = p->start, e = p->end;
  for (;;) { /* a dash before the name: "- Ann Roe", "— Ann Roe" */
    if (b < e && (s[b] == '-' || s[b] == '~' || s[b] == ' ')) b++;
    else if (e - b >= 3 && (unsigned char)s[b] == 0xE2 && (unsigned char)s[b + 1] == 0x80 &&
             (unsigned char)s[b + 2] >= 0x93 && (unsigned char)s[b + 2] <= 0x95)
      b += 3; /* – — ― */
    else break;
  }
  if (e <= b || e - b > MAX_FURNITURE_BYTES || vb_open_quote_at(s, e, b)) return 0;
  return names_alone(s, b, e);
}

/* A line of a case caption naming a party's role: "Appellants," alone. */
static int party_line(const char *s, const vb_para *p) {
  uint32_t b = p->start, e = p->end;
  while (e > b && (s[e - 1] == ',' || s[e - 1] == '.' || vb_is_ascii_space((unsigned char)s[e - 1])))
    e--;
  return e > b && vb_wl_has(VB_WL_CASE_PARTIES, s + b, e - b);
}

/* The last paragraph of a court's case caption (the parties, their roles,
 * the docket number), or -1: two lines naming a party's role before any
 * speaker's label, within the first few paragraphs. */
static int32_t caption_end(const vb_doc *d, const char *s) {
  int roles = 0;
  int32_t last = -1;
  for (uint32_t i = 0; i < d->paras.n && i < MAX_CAPTION_PARAS; i++) {
    const vb_para *p = &d->paras.v[i];
    if (p->label_end > p->label_start) break;
    if (party_line(s, p)) {
      roles++;
      last = (int32_t)i;
    }
  }
  return roles >= 2 ? last : -1;
}

/* Links alone are no one's words: a block whose every word is a link's
 * (the reader's VB_BLK_LINKS: teasers of related stories, "Comments (5
 * posted)", a menu), and the short line that introduces a run of them
 * ("More games news:", "More about the federal debt"). A page's title set
 * as a link stays a title. The reason, or NULL. */
static const char *links_alone(const vb_doc *d, const char *s, uint32_t i) {
  const vb_para *p = &d->paras.v[i];
  uint32_t n = p->end - p->start;
  if (p->bflags & VB_BLK_LINKS)
    return d->page_title.ptr && same_text(d->page_title, s + p->start, n)
               ? NULL
               : "links alone: related stories, comments or navigation";
  if (i + 2 >= d->paras.n || (p->bflags & VB_BLK_HEADING) || n > MAX_FURNITURE_BYTES) return NULL;
  for (uint32_t k = i + 1; k <= i + 2; k++) /* a list of them: one link may be a table's cell */
    if (!(d->paras.v[k].bflags & VB_BLK_LINKS) || d->paras.v[k].label_end > d->paras.v[k].label_start)
      return NULL;
  if (s[p->end - 1] != ':' && ends_sentence(s, p->start, p->end)) return NULL;
  return "introduces the links after it";
}

static int assign_roles(lay *L) {
  vb_doc *d = L->doc;
  const char *s = L->s;
  vb_meta *m = &d->view.meta;
  int body = 0;          /* the transcript (or headings) began */
  int title_done = 0;
  int summary_open = 1;  /* prose before the body is summary */
  int furniture_seen = 0; /* a header, tag line or dateline: a dispatch */
  int has_lead = 0;      /* the page marked its lead: the summary is that, no more */
  int salute = 0;        /* inside a speech's opening address */
  uint32_t sum_b = 0, sum_e = 0;
  int has_turns = 0;      /* labels, voices or cues: a transcript to summarise */
  int32_t caption = caption_end(d, s); /* a court's case caption ends there */
  int apparatus = 0;      /* under a "See also" heading, up to the next heading */
  for (uint32_t i = 0; i < d->paras.n; i++) {
    const vb_para *p = &d->paras.v[i];
    if (p->bflags & VB_BLK_LEAD) has_lead = 1;
    /* a dialogue quoted in the text ("\"Dr. Panofsky: 'Everywhere.") is
     * not the document's transcript: the prose before it is the text */
    int quoted = p->label_start > p->start && vb_open_quote_at(s, p->label_start, p->start);
    if ((p->label_end > p->label_start && !quoted && !p->headline) || p->voice.ptr || p->change ||
        p->time.start >= 0)
      has_turns = 1;
  }
  for (uint32_t i = 0; i < d->paras.n; i++) {
    vb_para *p = &d->paras.v[i];
    uint32_t n = p->end - p->start;
    int labelled = p->label_end > p->label_start;
    char iso[11];
    const char *why;
    if (p->bflags & VB_BLK_PAGE) {
      p->role = VB_ROLE_BOILER;
      p->why = "a page header of the printed record";
      continue;
    }
    if (p->bflags & VB_BLK_LEAD) {
      p->role = VB_ROLE_SUMMARY;
      p->why = "the site's lead (itemprop=\"description\")";
      if (!sum_e) sum_b = p->start;
      sum_e = p->end;
      continue;
    }
    if ((int32_t)i <= caption) {
      /* a court record: its caption stands where a title would, and the
       * prose before its first label is the record's, not a summary */
      p->role = VB_ROLE_BOILER;
      p->why = "a court's case caption: the parties, their roles, the docket number "
               "(data/case-parties.txt)";
      title_done = 1;
      summary_open = 0;
      continue;
    }
    if (apparatus && !labelled && !(p->bflags & VB_BLK_HEADING)) {
      p->role = VB_ROLE_BOILER;
      p->why = "under a heading of the page's apparatus: \"See also\", references, links "
               "(data/furniture-sections.txt)";
      continue;
    }
    if (i == 0 && !labelled) {
      int h = header_line(L, p);
      if (h < 0) return L->err->code;
      if (h) {
        p->role = VB_ROLE_HEADER;
        p->why = "a date, a series and its number on the first line";
        furniture_seen = 1;
        continue;
      }
    }
    if (!labelled && !has_letters(s, p->start, p->end)) {
      p->role = VB_ROLE_BOILER;
      p->why = "no letter or digit: a separator (\"* * *\") or an omission mark";
      continue;
    }
    if (!labelled && (why = furniture(s, p->start, p->end))) {
      p->role = VB_ROLE_BOILER;
      p->why = why;
      continue;
    }
    if (!labelled && body && has_turns && clock_mark(s, p->start, p->end)) {
      p->role = VB_ROLE_BOILER;
      p->why = "a clock mark of the record: the hour and minute alone between speeches";
      continue;
    }
    if (!labelled && author_note(d, s, p->start, p->end)) {
      p->role = VB_ROLE_BOILER;
      p->why = "an author's note: opens with the author the page declares "
               "(data/author-note-verbs.txt)";
      continue;
    }
    if (!labelled && (why = links_alone(d, s, i))) {
      p->role = VB_ROLE_BOILER;
      p->why = why;
      continue;
    }
    if ((p->bflags & VB_BLK_QUOTEBOX) && !labelled && pull_quote(s, d->view.body.len, p)) {
      p->role = VB_ROLE_BOILER;
      p->why = "a pull quote: its words stand elsewhere in the text";
      continue;
    }
    if (!labelled && quote_credit(s, d, i)) {
      p->role = VB_ROLE_BOILER;
      p->why = "a quotation's credit: names alone closing a <blockquote>";
      continue;
    }
    if (!body && !labelled && vb_parse_date(s + p->start, n, iso) == n) {
      p->role = VB_ROLE_DATELINE;
      p->why = "a date alone on its line";
      furniture_seen = 1;
      if (!m->published.ptr && set_date(L, &m->published, iso)) return L->err->code;
      continue;
    }
    if (!body && !labelled) {
      int t = tag_line(L, p);
      if (t < 0) return L->err->code;
      if (t) {
        p->role = VB_ROLE_TAGS;
        p->why = "tags separated by \" | \"";
        furniture_seen = 1;
        continue;
      }
    }
    if (is_clip_line(s, p->start, p->end)) {
      p->role = VB_ROLE_CLIP;
      p->why = "a line pointing to the clip";
      m->has_clip = 1;
      long u = vb_find_ci(s + p->start, n, "http");
      if (u >= 0) {
        uint32_t ub = p->start + (uint32_t)u, ue = ub;
        while (ue < p->end && s[ue] != ' ' && s[ue] != '"' && s[ue] != '>') ue++;
        m->clip = str_of(L, ub, ue);
      }
      summary_open = 0;
      continue;
    }
    /* "HIS EXCELLENCY MR. ANTONIO GUTERRES / Secretary-General … / …
     * DISTINGUISHED LADIES AND GENTLEMEN:": a speech's opening address,
     * spoken, neither title nor headings */
    if (!body && !labelled && (salute || vb_wl_prefix(VB_WL_SALUTATIONS, s + p->start, n)) &&
        n <= MAX_SALUTATION_BYTES) {
      p->role = VB_ROLE_TRANSCRIPT;
      p->why = "an address opening the speech (data/salutations.txt)";
      title_done = 1;
      summary_open = 0;
      uint32_t last = p->end - 1;
      salute = s[last] != ':' && s[last] != '.';
      if (!salute) body = 1;
      continue;
    }
    salute = 0;
    /* A title is a line; it may end with "U.S." when it is in title case.
     * A page that names its title says which line it is. */
    if (!title_done && !body && sum_e == 0 && i + 1 < d->paras.n && n <= MAX_TITLE_BYTES &&
        !d->name_title.ptr &&
        !p->change && p->time.start < 0 && !memchr(s + p->start, '\n', n) &&
        (p->level == 1 || p->headline ||
         (d->page_title.ptr && same_text(d->page_title, s + p->start, n)) ||
         (!has_lead && title_like(s, p)))) {
      p->role = VB_ROLE_TITLE;
      p->why = p->level == 1 ? "the article's <h1>"
               : p->headline ? "a headline shaped like a label, before prose"
               : d->page_title.ptr && same_text(d->page_title, s + p->start, n)
                   ? "the page's title"
                   : "the first line, set like a title";
      d->view.title = str_of(L, p->start, p->end);
      title_done = 1;
      continue;
    }
    title_done = 1;
    if (p->headline && labelled) { /* not the title (the file name gave it): no turn either */
      p->label_end = p->label_start;
      p->text_start = p->start;
      labelled = 0;
    }
    int cue = p->change || p->voice.ptr || p->time.start >= 0;
    int bold = (p->bflags & VB_BLK_BOLD) != 0;
    int marked_heading = !labelled && !cue && ((p->bflags & VB_BLK_HEADING) || bold) &&
                         n <= MAX_HEADING_BYTES && !memchr(s + p->start, '\n', n) &&
                         !ends_sentence(s, p->start, p->end - (s[p->end - 1] == ':'));
    /* a short line in title case inside a table is a cell's name or
     * label (a column of contributors, an infobox's "Prime Minister"),
     * not a section's heading */
    int title_case_heading = !cue && !(p->bflags & VB_BLK_CELL) && is_heading(s, p);
    if ((marked_heading || title_case_heading) && (body || sum_e || i > 0)) {
      p->role = VB_ROLE_HEADING;
      p->why = marked_heading ? "a heading by its markup (<h2>, a line in bold)"
                              : "a short line in title case";
      if (add_section(L, p)) return L->err->code;
      if (p->bflags & VB_BLK_HEADING)
        apparatus = vb_wl_has(VB_WL_FURNITURE_SECTIONS, s + p->start, n);
      body = 1;
      summary_open = 0;
      continue;
    }
    if (labelled || p->change || p->voice.ptr || p->time.start >= 0) {
      p->role = VB_ROLE_TRANSCRIPT;
      p->why = labelled ? "opens with a speaker's label" : p->voice.ptr ? "a voice named by the captions"
               : p->change ? "\">>\": the speaker changes" : "a caption cue";
      body = 1;
      summary_open = 0;
      continue;
    }
    /* a page that marks where its lead goes and left it empty has no
     * summary: the prose before its transcript is narrative */
    if (!body && summary_open && !has_lead && !d->lead_marked && (has_turns || furniture_seen)) {
      p->role = VB_ROLE_SUMMARY;
      p->why = "prose before the transcript";
      if (!sum_e) sum_b = p->start;
      sum_e = p->end;
      continue;
    }
    p->role = VB_ROLE_TRANSCRIPT; /* continues whoever spoke last */
    p->why = body ? "continues the turn before" : "narrative before any label";
    body = 1;
  }
  if (!body && !has_lead) {
    /* No transcript followed: the prose is the text, not a summary of
     * nothing. Without labels or dispatch furniture it is a speech by one
     * unnamed speaker; after a dateline or a header, a dispatch's own
     * words. Either way it stays searchable. */
    for (uint32_t i = 0; i < d->paras.n; i++)
      if (d->paras.v[i].role == VB_ROLE_SUMMARY) {
        d->paras.v[i].role = VB_ROLE_TRANSCRIPT;
        d->paras.v[i].why = furniture_seen ? "no transcript follows: the dispatch's own text"
                                           : "a text with no label: one speech";
      }
    sum_e = 0;
  }
  if (!body && has_lead) {
    /* a news item that is only its lead: the lead is its text, kept
     * searchable as narrative rather than leaving no statement */
    for (uint32_t i = 0; i < d->paras.n; i++)
      if (d->paras.v[i].role == VB_ROLE_SUMMARY) {
        d->paras.v[i].role = VB_ROLE_TRANSCRIPT;
        d->paras.v[i].why = "the site's lead is the page's whole text";
      }
    sum_e = 0;
  }
  if (sum_e) {
    d->view.summary = str_of(L, sum_b, sum_e);
    if (broadcast_meta(L, sum_b, sum_e) < 0) return L->err->code;
  }
  if (m->series.ptr && !m->publisher.ptr) m->publisher = publisher_of(m->series);
  if (!d->view.title.ptr) d->view.title = d->page_title;
  return VB_OK;
}

/* Each section runs from its heading to the last speech before the next. */
static void close_sections(vb_doc *d) {
  int32_t cur = -1;
  for (uint32_t i = 0; i < d->paras.n; i++) {
    const vb_para *p = &d->paras.v[i];
    if (p->role == VB_ROLE_HEADING) cur++;
    else if (cur >= 0 && p->role == VB_ROLE_TRANSCRIPT) d->sections.v[cur].end = p->end;
  }
}

static int record_boilerplate(lay *L) {
  vb_doc *d = L->doc;
  for (uint32_t i = 0; i < d->paras.n; i++) {
    if (d->paras.v[i].role != VB_ROLE_BOILER) continue;
    vb_span *b = VB_VEC_PUSH(d->arena, d->boilerplate);
    const char **why = b ? VB_VEC_PUSH(d->arena, d->boilerplate_why) : NULL;
    if (!why) return vb_err_set(L->err, VB_ENOMEM, d->path, d->paras.v[i].start, "out of memory");
    b->start = d->paras.v[i].start;
    b->end = d->paras.v[i].end;
    *why = d->paras.v[i].why ? d->paras.v[i].why : "furniture";
  }
  return VB_OK;
}

int vb_layout(vb_doc *doc, vb_err *err) {
  lay L = {doc, doc->view.body.ptr, err};
  int rc;
  if ((rc = build_paragraphs(&L))) return rc;
  if ((rc = vb_layout_filename_title(doc, err))) return rc;
  if ((rc = assign_roles(&L))) return rc;
  if ((rc = vb_layout_filename(doc, err))) return rc;
  close_sections(doc);
  return record_boilerplate(&L);
}
