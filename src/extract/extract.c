/* extract — from the structured document: editorial insertions ("[In
 * Gaza]"), dates ("October 8, 2023"), quantities ("250 kms") and the
 * document language. Only the document's own text counts: header, tags
 * and boilerplate are skipped. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/err.h"
#include "core/text.h"
#include "core/wordlist.h"
#include "extract.h"
#include "lexicon.h"

/* An insertion is an editor's few words, not a bracketed paragraph. */
#define MAX_INSERTION_BYTES 200u
/* Language guessing looks at this much text, and stops once this many
 * function words have voted. */
#define LANG_SAMPLE_BYTES 65536u
#define LANG_VOTES_ENOUGH 64
/* Function words that overrule a page's declared language, when four
 * times those of the declared one (a one-line page proves nothing). */
#define LANG_VOTES_PLAIN 8

static int content_role(uint8_t role) {
  return role == VB_ROLE_TITLE || role == VB_ROLE_SUMMARY || role == VB_ROLE_HEADING ||
         role == VB_ROLE_TRANSCRIPT || role == VB_ROLE_CLIP;
}

static int insertions(vb_doc *d, const vb_para *p, vb_err *err) {
  const char *s = d->view.body.ptr;
  uint32_t i = p->start;
  while (i < p->end) {
    const char *ob = memchr(s + i, '[', p->end - i);
    if (!ob) break;
    uint32_t b = (uint32_t)(ob - s) + 1, e = b;
    while (e < p->end && s[e] != ']' && s[e] != '[' && s[e] != '\n' && e - b <= MAX_INSERTION_BYTES)
      e++;
    if (e < p->end && s[e] == ']' && e > b && e - b <= MAX_INSERTION_BYTES) {
      uint32_t tb = b, te = e;
      while (tb < te && s[tb] == ' ') tb++;
      while (te > tb && s[te - 1] == ' ') te--;
      if (te > tb) {
        vb_span *sp = VB_VEC_PUSH(d->arena, d->insertions);
        if (!sp) return vb_err_set(err, VB_ENOMEM, d->path, b, "out of memory");
        sp->start = tb;
        sp->end = te;
      }
      i = e + 1;
    } else {
      i = b;
    }
  }
  return VB_OK;
}

/* The lists the scans below try at nearly every word, read once per
 * process into plain arrays: asked of the word lists a call at a time
 * (an entry per month at every capitalised word, the first letters and
 * then the words of relative dates at every word), they made vb_extract
 * 607 M instructions on 200 UN speeches, 378 M read from here
 * (callgrind). */
typedef struct listed_word {
  const char *word, *value; /* the entry, normalised, and its value */
  size_t len;
} listed_word;
static struct {
  listed_word *months, *scales, *units, *days, *which;
  size_t nmonths, nscales, nunits, ndays, nwhich;
  /* whether a byte may open an entry of data/relative-days.txt, of
   * data/relative-which.txt, of data/number-words.txt */
  unsigned char opens_day[256], opens_which[256], opens_number[256];
  /* data/units.txt's entries by their first byte, case folded, each
   * letter's in the file's order: unit_by[unit_from[c] .. unit_from[c+1]) */
  uint32_t *unit_by, unit_from[257];
  int ready;
} lists;
static pthread_once_t lists_once = PTHREAD_ONCE_INIT;

static listed_word *read_list(vb_wl which, size_t *n) {
  *n = vb_wl_count(which);
  listed_word *w = calloc(*n ? *n : 1, sizeof *w);
  for (size_t i = 0; w && i < *n; i++) {
    w[i].word = vb_wl_entry(which, i, &w[i].value);
    w[i].len = strlen(w[i].word);
  }
  return w;
}

static void read_lists(void) {
  lists.months = read_list(VB_WL_MONTHS, &lists.nmonths);
  lists.scales = read_list(VB_WL_SCALES, &lists.nscales);
  lists.units = read_list(VB_WL_UNITS, &lists.nunits);
  lists.days = read_list(VB_WL_RELATIVE_DAYS, &lists.ndays);
  lists.which = read_list(VB_WL_RELATIVE_WHICH, &lists.nwhich);
  for (int c = 0; c < 256; c++) {
    lists.opens_day[c] = (unsigned char)vb_wl_may_start(VB_WL_RELATIVE_DAYS, (unsigned char)c);
    lists.opens_which[c] = (unsigned char)vb_wl_may_start(VB_WL_RELATIVE_WHICH, (unsigned char)c);
    lists.opens_number[c] = (unsigned char)vb_wl_may_start(VB_WL_NUMBER_WORDS, (unsigned char)c);
  }
  lists.unit_by = calloc(lists.nunits ? lists.nunits : 1, sizeof *lists.unit_by);
  if (lists.unit_by) { /* a counting sort by first byte: stable */
    for (size_t x = 0; x < lists.nunits; x++) lists.unit_from[vb_ascii_lower((unsigned char)lists.units[x].word[0]) + 1]++;
    for (int c = 0; c < 256; c++) lists.unit_from[c + 1] += lists.unit_from[c];
    uint32_t at[256];
    memcpy(at, lists.unit_from, sizeof at);
    for (size_t x = 0; x < lists.nunits; x++) lists.unit_by[at[vb_ascii_lower((unsigned char)lists.units[x].word[0])]++] = (uint32_t)x;
  }
  lists.ready = lists.months && lists.scales && lists.units && lists.days && lists.which && lists.unit_by;
}

/* The entry of w that the letters s[0..k) are, case aside, or NULL: what
 * vb_wl_find says of a word of ASCII letters, without normalising it and
 * hashing it, for lists of a few words tried at most words. */
static const listed_word *listed(const listed_word *w, size_t nw, const char *s, size_t k) {
  for (size_t i = 0; i < nw; i++)
    if (w[i].len == k && vb_prefix_ci(s, k, w[i].word)) return &w[i];
  return NULL;
}

/* Cheap filter before the date parser: a capital and two small letters
 * that open a month's name (data/months.txt): "Jan", "Feb", … "Dec". */
static int month_start(const char *s, size_t n) {
  if (n < 3 || !vb_is_ascii_upper((unsigned char)s[0])) return 0;
  unsigned char first = vb_ascii_lower((unsigned char)s[0]);
  for (size_t m = 0; m < lists.nmonths; m++) {
    const char *name = lists.months[m].word;
    if (first == (unsigned char)name[0] && name[1] && s[1] == name[1] && s[2] == name[2]) return 1;
  }
  return 0;
}

/* The same test in any case after the capital ("MAY" of captions in
 * capitals): where a month said alone may start. */
static int month_start_ci(const char *s, size_t n) {
  if (n < 3 || !vb_is_ascii_upper((unsigned char)s[0])) return 0;
  for (size_t m = 0; m < lists.nmonths; m++) {
    const char *name = lists.months[m].word;
    if (vb_ascii_lower((unsigned char)s[0]) == (unsigned char)name[0] && name[1] &&
        vb_ascii_lower((unsigned char)s[1]) == (unsigned char)name[1] &&
        vb_ascii_lower((unsigned char)s[2]) == (unsigned char)name[2])
      return 1;
  }
  return 0;
}

static int word_byte(unsigned char c) {
  return c >= 0x80 || vb_is_ascii_alpha(c) || vb_is_ascii_digit(c);
}

/* The ASCII letters opening s, or 0 when a letter of another script goes
 * on the word; the apostrophe ’ ends it ("today’s"). */
static size_t word_len(const char *s, size_t n) {
  size_t k = 0;
  while (k < n && vb_is_ascii_alpha((unsigned char)s[k])) k++;
  if (k < n && (unsigned char)s[k] >= 0x80 &&
      !(k + 2 < n && (unsigned char)s[k] == 0xE2 && (unsigned char)s[k + 1] == 0x80 && (unsigned char)s[k + 2] == 0x99))
    return 0;
  return k;
}

/* A relative date's value: the document's date `on` moved as the words
 * say, at the precision both allow ("yesterday" of 2017-12-14 is
 * 2017-12-13, of a speech dated 1992 alone 1992; "last year" 1991); "" when
 * the document has no date or the words name no number ("few days ago"). */
/* A data file's small number ("-1", "12"); 0 when it holds none. */
static int small_number(const char *v) {
  char *end;
  long n = strtol(v, &end, 10);
  return end != v && n > -100000 && n < 100000 ? (int)n : 0;
}

enum { UNIT_DAY, UNIT_NIGHT, UNIT_WEEK, UNIT_MONTH, UNIT_YEAR, UNIT_DECADE, UNIT_HOUR };

static int unit_of(const char *v, int *weekday) {
  *weekday = 0;
  if (v[0] >= '1' && v[0] <= '7' && !v[1]) {
    *weekday = v[0] - '0';
    return UNIT_DAY;
  }
  static const char *const names[] = {"day", "night", "week", "month", "year", "decade", "hour"};
  for (int u = 0; u < 7; u++)
    if (!strcmp(v, names[u])) return u;
  return -1;
}

static void moved(vb_ymd on, int u, int weekday, int step, char out[11]) {
  out[0] = '\0';
  if (!on.y) return;
  if (u == UNIT_YEAR || u == UNIT_DECADE) {
    vb_ymd_iso((vb_ymd){on.y + step * (u == UNIT_DECADE ? 10 : 1), 0, 0}, out);
    return;
  }
  if (u == UNIT_MONTH) {
    if (on.m) vb_ymd_iso(vb_ymd_add_months(on, step), out);
    else if (step >= -1 && step <= 1) vb_ymd_iso((vb_ymd){on.y, 0, 0}, out);
    else if (step % 12 == 0) vb_ymd_iso((vb_ymd){on.y + step / 12, 0, 0}, out);
    return;
  }
  /* days and weeks: within about a month of a day the document does not
   * give, its month or year */
  if (!on.d) {
    if (step >= -5 && step <= 5 && (u != UNIT_WEEK || (step >= -1 && step <= 1)))
      vb_ymd_iso((vb_ymd){on.y, (step == 0 && u != UNIT_WEEK) ? on.m : 0, 0}, out);
    return;
  }
  if (u == UNIT_WEEK) {
    vb_ymd_week(vb_ymd_add_days(on, 7 * step), out);
    return;
  }
  int days = step;
  if (weekday) { /* last Monday: the one before the day; next: after; this: of its week */
    int wd = vb_ymd_weekday(on);
    days = step < 0 ? -(((wd - weekday + 6) % 7) + 1) : step > 0 ? ((weekday - wd + 6) % 7) + 1 : weekday - wd;
  } else if (u == UNIT_NIGHT && step < 0) {
    days = -1;
  }
  vb_ymd_iso(vb_ymd_add_days(on, days), out);
}

/* A date said relative to the day of speaking: "yesterday", "last week",
 * "next Monday" (data/relative-*.txt), valued from `on`. Returns its
 * length. Cheap: most words are rejected by their first letter. */
static size_t relative_date(const char *s, size_t n, vb_ymd on, char out[11]) {
  unsigned char f = (unsigned char)s[0];
  int alone = lists.opens_day[f], which = lists.opens_which[f];
  if (!alone && !which) return 0;
  size_t k = word_len(s, n);
  const listed_word *e;
  out[0] = '\0';
  if (alone && k && (e = listed(lists.days, lists.ndays, s, k))) {
    moved(on, UNIT_DAY, 0, small_number(e->value), out);
    return k;
  }
  if (which && k && (e = listed(lists.which, lists.nwhich, s, k)) && k + 1 < n && s[k] == ' ') {
    int step = small_number(e->value);
    size_t w = word_len(s + k + 1, n - k - 1);
    const char *pv;
    if (w && vb_wl_find(VB_WL_RELATIVE_PERIODS, s + k + 1, w, &pv)) {
      int weekday, u = unit_of(pv, &weekday);
      if (u >= 0) moved(on, u, weekday, step, out);
      return k + 1 + w;
    }
  }
  return 0;
}

/* "two weeks ago", found from its "ago" (at s[at]): where it starts, or
 * 0 if the words before are not a count and a unit of time; its value
 * from `on` into out. */
static size_t ago_start(const char *s, size_t p0, size_t at, vb_ymd on, char out[11]) {
  out[0] = '\0';
  if (at < p0 + 2 || s[at - 1] != ' ') return 0;
  size_t ue = at - 1, us = ue;
  while (us > p0 && vb_is_ascii_alpha((unsigned char)s[us - 1])) us--;
  const char *uv, *cv = NULL;
  if (us == ue || !vb_wl_find(VB_WL_AGO_UNITS, s + us, ue - us, &uv) || us < p0 + 2 || s[us - 1] != ' ')
    return 0;
  size_t ce = us - 1, cs = ce;
  while (cs > p0 && (vb_is_ascii_alpha((unsigned char)s[cs - 1]) || vb_is_ascii_digit((unsigned char)s[cs - 1])))
    cs--;
  if (cs == ce) return 0;
  int digits = 1;
  for (size_t i = cs; i < ce; i++) digits &= vb_is_ascii_digit((unsigned char)s[i]);
  if (!digits && !vb_wl_find(VB_WL_AGO_COUNTS, s + cs, ce - cs, &cv)) return 0;
  if (cs > p0 && ((unsigned char)s[cs - 1] >= 0x80)) return 0;
  int count = 0;
  if (digits) {
    for (size_t i = cs; i < ce && count < 100000; i++) count = count * 10 + (s[i] - '0');
  } else if (*cv) {
    count = small_number(cv);
  } else { /* "several years ago": no number, no value; but "a few days
             * ago" in a speech dated by its year alone is in that year */
    int weekday, u = unit_of(uv, &weekday);
    if (on.y && !on.m && (u == UNIT_DAY || u == UNIT_HOUR)) vb_ymd_iso((vb_ymd){on.y, 0, 0}, out);
    return cs + 1;
  }
  int weekday, u = unit_of(uv, &weekday);
  if (u == UNIT_HOUR) /* whole days of hours: "3 hours ago" is the day itself */
    u = UNIT_DAY, count = count / 24;
  if (count >= 0 && count < 100000 && u >= 0) moved(on, u, 0, -count, out);
  return cs + 1; /* + 1: 0 means none */
}

/* A clock time: "9 am", "9 a.m.", "10:30", "10:30 pm". Writes HH:MM. */
static size_t clock_time(const char *s, size_t n, char out[11]) {
  size_t i = 0;
  unsigned h = 0, m = 0;
  while (i < n && i < 2 && vb_is_ascii_digit((unsigned char)s[i])) h = h * 10 + (unsigned)(s[i++] - '0');
  if (!i || (i < n && vb_is_ascii_digit((unsigned char)s[i]))) return 0;
  int colon = 0;
  if (i + 2 < n && s[i] == ':' && vb_is_ascii_digit((unsigned char)s[i + 1]) &&
      vb_is_ascii_digit((unsigned char)s[i + 2]) && !(i + 3 < n && vb_is_ascii_digit((unsigned char)s[i + 3]))) {
    m = (unsigned)(s[i + 1] - '0') * 10 + (unsigned)(s[i + 2] - '0');
    i += 3;
    colon = 1;
  }
  size_t j = i < n && s[i] == ' ' ? i + 1 : i;
  size_t ap = 0;
  int pm = 0;
  if (j + 1 < n && (s[j] == 'a' || s[j] == 'p' || s[j] == 'A' || s[j] == 'P')) {
    pm = s[j] == 'p' || s[j] == 'P';
    if (j + 3 < n && s[j + 1] == '.' && (s[j + 2] == 'm' || s[j + 2] == 'M') && s[j + 3] == '.') ap = 4;
    else if ((s[j + 1] == 'm' || s[j + 1] == 'M') &&
             !(j + 2 < n && (vb_is_ascii_alpha((unsigned char)s[j + 2]) || (unsigned char)s[j + 2] >= 0x80)))
      ap = 2;
  }
  if (!ap && !colon) return 0;
  if (ap) {
    if (h < 1 || h > 12) return 0;
    h = h % 12 + (pm ? 12 : 0);
    i = j + ap;
  }
  if (h > 23 || m > 59) return 0;
  snprintf(out, 11, "%02u:%02u", h, m);
  return i;
}

static int push_date(vb_doc *d, uint32_t start, size_t len, const char *value, int kind, vb_err *err) {
  vb_date *dt = VB_VEC_PUSH(d->arena, d->dates);
  if (!dt) return vb_err_set(err, VB_ENOMEM, d->path, start, "out of memory");
  dt->start = start;
  dt->end = start + (uint32_t)len;
  snprintf(dt->value, sizeof dt->value, "%s", value);
  dt->kind = kind;
  return VB_OK;
}

/* Is the word before s[i] (or the two words before it: "prior to") a
 * preposition of time a year or a month may follow (data/year-openers.txt)?
 * 0 when not, 2 when the file marks it `past` ("since"), else 1. */
static int opened_at(const char *s, uint32_t p0, uint32_t i) {
  if (i < p0 + 2 || s[i - 1] != ' ') return 0;
  uint32_t we = i - 1, ws = we;
  while (ws > p0 && vb_is_ascii_alpha((unsigned char)s[ws - 1])) ws--;
  if (ws == we || (ws > p0 && word_byte((unsigned char)s[ws - 1]))) return 0;
  const char *v;
  if (vb_wl_find(VB_WL_YEAR_OPENERS, s + ws, we - ws, &v)) return strcmp(v, "past") ? 1 : 2;
  if (ws >= p0 + 2 && s[ws - 1] == ' ') {
    uint32_t vs = ws - 1;
    while (vs > p0 && vb_is_ascii_alpha((unsigned char)s[vs - 1])) vs--;
    if (vs < ws - 1 && vb_wl_find(VB_WL_YEAR_OPENERS, s + vs, we - vs, &v)) return strcmp(v, "past") ? 1 : 2;
  }
  return 0;
}

/* A year said after a preposition (data/year-openers.txt: "in 2016",
 * "by 2030", "prior to 1945") or after a year and a word joining two
 * (data/year-joiners.txt: "1966 or 1967", "from 1945 to 1957") or a dash
 * ("1914–1918") at s[i]: its length (4), or 0. Not a count:
 * "in 2000 cases" (a lowercase word after it that is neither short, a
 * function word nor listed in data/year-followers.txt), "of 2,016". */
static size_t unit_at(const char *s, uint32_t u, uint32_t end, const char **unit);

/* A year as a noun's modifier after a determiner (data/year-determiners.txt),
 * with at most one lowercase word between ("the 2006 budget", "the recent 2005 Summit", "a
 * 1999 law") at s[i..i+4), y its value: not a count ("the 2000 people",
 * a unit after it), not before 1800, not the start of a name
 * (data/year-name-heads.txt: "the 2030 Agenda for …"). */
static int modifier_year(const char *s, uint32_t p0, uint32_t i, uint32_t end, unsigned y) {
  uint32_t e = i + 4;
  if (y < 1800 || e + 1 >= end || s[e] != ' ' || !vb_is_ascii_alpha((unsigned char)s[e + 1])) return 0;
  const char *u;
  if (unit_at(s, e + 1, end, &u)) return 0;
  /* the determiner, or one word and then the determiner */
  int words = 0;
  uint32_t we = i - 1;
  while (words < 2) {
    if (we < p0 + 1 || s[we] != ' ') return 0;
    uint32_t ws = we;
    while (ws > p0 && vb_is_ascii_alpha((unsigned char)s[ws - 1])) ws--;
    if (ws == we || (ws > p0 && word_byte((unsigned char)s[ws - 1]))) return 0;
    if (vb_wl_has(VB_WL_YEAR_DETERMINERS, s + ws, we - ws)) break;
    /* one word between: an adjective ("recent"), no function word ("since") */
    if (words++ || !vb_is_ascii_lower((unsigned char)s[ws]) || vb_wl_has(VB_WL_FUNCTION_WORDS, s + ws, we - ws) ||
        ws <= p0) /* the paragraph's first word: nothing before it */
      return 0;
    we = ws - 1;
  }
  if (words == 2) return 0;
  /* a capitalised run after it ending on a name's head */
  for (uint32_t w = e + 1, n = 0; n < 6 && w < end && vb_is_ascii_upper((unsigned char)s[w]); n++) {
    size_t k = word_len(s + w, end - w);
    if (!k) break;
    if (vb_wl_has(VB_WL_YEAR_NAME_HEADS, s + w, k)) return 0;
    w += (uint32_t)k;
    if (w >= end || s[w] != ' ') break;
    w++;
  }
  return 1;
}

static size_t year_at(const vb_doc *d, const char *s, uint32_t p0, uint32_t i, uint32_t end) {
  if (end - i < 4 || i < p0 + 2) return 0;
  unsigned y = 0;
  for (int k = 0; k < 4; k++) {
    if (!vb_is_ascii_digit((unsigned char)s[i + k])) return 0;
    y = y * 10 + (unsigned)(s[i + k] - '0');
  }
  if (y < 1000 || y > 2199) return 0;
  uint32_t e = i + 4;
  if (e < end) {
    unsigned char c = (unsigned char)s[e];
    if ((word_byte(c) && !vb_dash_at(s, end, e)) || c == '%') return 0;
    if ((c == ',' || c == '.') && e + 1 < end && vb_is_ascii_digit((unsigned char)s[e + 1])) return 0;
    if (modifier_year(s, p0, i, end, y)) return 4;
    if (c == ' ' && e + 1 < end && vb_is_ascii_lower((unsigned char)s[e + 1])) {
      size_t w = word_len(s + e + 1, end - e - 1);
      /* a verb's past after it is no count's noun ("at the end of 1973
       * contributed") */
      int past = w > 4 && s[e + w - 1] == 'e' && s[e + w] == 'd';
      if (w > 3 && !past && !vb_wl_has(VB_WL_FUNCTION_WORDS, s + e + 1, w) &&
          !vb_wl_has(VB_WL_YEAR_FOLLOWERS, s + e + 1, w))
        return 0;
    }
  }
  /* a year just before: "1914–1918", "1966 or 1967" */
  const vb_date *last = d->dates.n ? &d->dates.v[d->dates.n - 1] : NULL;
  int after_year = last && last->kind == VB_DATE_DAY && vb_value_precision(last->value) == VB_PREC_YEAR && last->end >= p0;
  if (after_year && last->end + 3 == i && vb_dash_at(s, i, i - 3)) return 4;
  if (after_year && last->end + 1 == i && s[i - 1] == '-') return 4;
  if (s[i - 1] != ' ') return 0;
  uint32_t we = i - 1, ws = we;
  while (ws > p0 && vb_is_ascii_alpha((unsigned char)s[ws - 1])) ws--;
  if (ws == we || (ws > p0 && word_byte((unsigned char)s[ws - 1]))) return 0;
  if (after_year && last->end + 1 == ws && vb_wl_has(VB_WL_YEAR_JOINERS, s + ws, we - ws)) return 4;
  return opened_at(s, p0, i) ? 4 : 0;
}

/* Does a word of data/future-markers.txt ("will", "scheduled") come
 * before s[i] in its sentence (from p0 or the last . ? ! before i)? */
static int said_ahead(const char *s, uint32_t p0, uint32_t i) {
  uint32_t b = i;
  while (b > p0 && s[b - 1] != '.' && s[b - 1] != '?' && s[b - 1] != '!') b--;
  for (uint32_t w = b; w < i;) {
    if (!vb_is_ascii_alpha((unsigned char)s[w])) {
      w++;
      continue;
    }
    uint32_t e = w;
    while (e < i && vb_is_ascii_alpha((unsigned char)s[e])) e++;
    if (vb_wl_has(VB_WL_FUTURE_MARKERS, s + w, e - w)) return 1;
    w = e;
  }
  return 0;
}

/* A month's name said alone after a preposition of time (the year
 * openers: "in December", "since March", "until early June") at s[i], a
 * date relative to the document's: its length and its value (out) in the
 * year nearest the document's date `on` (after "since", the latest not
 * after it; in a sentence saying it is ahead, data/future-markers.txt,
 * the first on or after it), or in the year a relative year after it says ("March last
 * year"). 0 when there is none. "May" is a
 * verb and a name, "June" a name: a capitalised word or a possessive after
 * the month makes it no date ("by June Carter", "in May's view"). */
static size_t month_alone(const char *s, uint32_t p0, uint32_t i, uint32_t end, vb_ymd on, char out[11]) {
  size_t k;
  int m = vb_month_name_at(s + i, end - i, &k), opener;
  if (!m || !(opener = opened_at(s, p0, i))) return 0;
  uint32_t e = i + (uint32_t)k, w = e;
  /* "July-August 1987", "May’s": a range or a possessive, not this */
  if (e < end && (s[e] == '\'' || s[e] == '-' || (unsigned char)s[e] >= 0x80)) return 0;
  while (w < end && w < e + 4 && vb_is_ascii_space((unsigned char)s[w])) w++;
  if (w < end && w > e && (vb_is_ascii_upper((unsigned char)s[w]) || vb_is_ascii_digit((unsigned char)s[w])))
    return 0;
  vb_ymd t = vb_ymd_nearest(on, m, 15);
  if (opener == 2 && on.m && t.y == on.y + 1) t.y--; /* "since February": not one to come */
  else if (opener == 2 && on.m && t.y == on.y && m > on.m) t.y--;
  else if (on.m && said_ahead(s, p0, i)) t.y = m >= on.m ? on.y : on.y + 1; /* "will be ready in March" */
  /* "March last year", "May of this year" */
  if (w > e && w + 3 < end && memcmp(s + w, "of ", 3) == 0) w += 3;
  char rel[11];
  size_t r = w > e ? relative_date(s + w, end - w, on, rel) : 0;
  if (r && vb_value_precision(rel) == VB_PREC_YEAR) {
    t.y = (int)strtol(rel, NULL, 10);
    k = w + r - i;
  }
  t.d = 0;
  vb_ymd_iso(t, out);
  return k;
}

/* The document's date, as far as it gives one: when it was aired, else
 * published. */
static vb_ymd day_of(const vb_doc *d) {
  vb_ymd on;
  const vb_str *t = d->view.meta.aired.len ? &d->view.meta.aired : &d->view.meta.published;
  vb_ymd_read(t->ptr, t->len, &on);
  return on;
}

/* Tries the date parser only where a word starts with a digit or a month. */
static int dates(vb_doc *d, const vb_para *p, vb_ymd on, vb_err *err) {
  const char *s = d->view.body.ptr;
  uint32_t i = p->start;
  while (i < p->end) {
    unsigned char c = (unsigned char)s[i];
    if (!word_byte(c)) {
      i++;
      continue;
    }
    /* a dash between years or days is no letter: "1914–1918" */
    if (vb_dash_at(s, p->end, i)) {
      i += 3;
      continue;
    }
    /* only at a word's start */
    if (i > p->start && word_byte((unsigned char)s[i - 1]) && !(i >= p->start + 3 && vb_dash_at(s, i, i - 3))) {
      while (i < p->end && word_byte((unsigned char)s[i])) i++;
      continue;
    }
    char iso[11];
    size_t k = 0;
    int kind = VB_DATE_DAY;
    if (vb_is_ascii_digit(c) || month_start(s + i, p->end - i)) {
      vb_ymd t;
      if ((k = vb_parse_date_part(s + i, p->end - i, &t))) {
        if (!t.y) t = vb_ymd_nearest(on, t.m, t.d); /* "on September 11" */
        vb_ymd_iso(t, iso);
        if (!iso[0]) k = 0;
      }
    }
    if (!k && month_start_ci(s + i, p->end - i) && (k = month_alone(s, p->start, i, p->end, on, iso))) kind = VB_DATE_RELATIVE;
    if (!k && vb_is_ascii_digit(c) && (k = clock_time(s + i, p->end - i, iso))) kind = VB_DATE_TIME;
    if (!k && vb_is_ascii_digit(c) && (k = year_at(d, s, p->start, i, p->end))) {
      memcpy(iso, s + i, 4);
      iso[4] = '\0';
    }
    uint32_t from = i;
    if (!k && (s[i] | 0x20) == 'a' && p->end - i >= 3 && (s[i + 1] | 0x20) == 'g' &&
        (s[i + 2] | 0x20) == 'o' && word_len(s + i, p->end - i) == 3) {
      size_t st = ago_start(s, p->start, i, on, iso);
      if (st && (d->dates.n == 0 || d->dates.v[d->dates.n - 1].end <= st - 1)) {
        from = (uint32_t)(st - 1);
        k = i + 3 - from;
        kind = VB_DATE_RELATIVE;
      }
    }
    if (!k && vb_is_ascii_alpha(c) && (k = relative_date(s + i, p->end - i, on, iso))) {
      kind = VB_DATE_RELATIVE;
      /* "Russia Today", "USA Today": a capital after a capitalised word is
       * a name, not a day */
      if (vb_is_ascii_upper(c) && i >= 2 && s[i - 1] == ' ' && !vb_is_ascii_upper((unsigned char)s[i + 1])) {
        uint32_t w = i - 1;
        while (w > p->start && word_byte((unsigned char)s[w - 1])) w--;
        if (w < i - 1 && vb_is_ascii_upper((unsigned char)s[w])) k = 0;
      }
    }
    if (k) {
      int rc = push_date(d, from, k, iso, kind, err);
      if (rc) return rc;
      i = from + (uint32_t)k;
      continue;
    }
    while (i < p->end && word_byte((unsigned char)s[i])) i++;
  }
  return VB_OK;
}

/* Amounts people say have at most this many digits; longer runs are
 * identifiers, and would not fit a double exactly anyway. */
#define MAX_QUANTITY_DIGITS 15

static size_t word_at(const char *s, size_t n, const listed_word *lw) {
  size_t k = lw->len;
  if (!vb_prefix_ci(s, n, lw->word)) return 0;
  if (k < n && (vb_is_ascii_alpha((unsigned char)s[k]) || (unsigned char)s[k] >= 0x80)) return 0;
  return k;
}

/* The unit of data/units.txt said at s[u] ("km", "%" at once after the
 * number): its length, and its value in *unit; 0 when none. */
static size_t unit_at(const char *s, uint32_t u, uint32_t end, const char **unit) {
  if (u >= end) return 0;
  unsigned char f = vb_ascii_lower((unsigned char)s[u]);
  for (uint32_t y = lists.unit_from[f]; y < lists.unit_from[f + 1]; y++) {
    const listed_word *lw = &lists.units[lists.unit_by[y]];
    size_t w = lw->word[0] == '%' ? (s[u] == '%') : word_at(s + u, end - u, lw);
    if (w) {
      *unit = lw->value;
      return w;
    }
  }
  return 0;
}

/* A capitalised plural at s[u] that the gazetteer gives as a country's or
 * a region's people ("Syrians", "Africans": the word and the word without
 * its "s" both name the same place, and neither is the place's own name,
 * so "Philippines" is not one): its length, or 0. */
static size_t demonyms_at(const vb_lexicon *lx, const char *s, uint32_t u, uint32_t end) {
  if (!lx || u >= end || !vb_is_ascii_upper((unsigned char)s[u])) return 0;
  size_t w = word_len(s + u, end - u);
  if (w < 4 || s[u + w - 1] != 's' || vb_is_ascii_upper((unsigned char)s[u + 1])) return 0;
  uint32_t all = vb_lexicon_find(lx, VB_ENT_PLACE, s + u, w);
  if (all == VB_MAP_NONE || vb_lexicon_find(lx, VB_ENT_PLACE, s + u, w - 1) != all) return 0;
  const char *name = lx->entries.v[all].name;
  size_t nn = strlen(name);
  return (nn == w || nn == w - 1) && !strncmp(name, s + u, nn) ? 0 : w;
}

/* The unit a number has at s[u] (after its scale, if any): one of
 * data/units.txt ("km", "%"), unless `name` (a number in words before a
 * capitalised word: "Ninety Mile Beach"); a count of people after one
 * lowercase word ("50 million additional people"); a people named by
 * their country ("12 million Syrians", "Two Afghans"). Its length, its
 * start in *at and its value in *unit; 0 when none. */
static size_t unit_said(const vb_lexicon *lx, const char *s, uint32_t u, uint32_t end, int name, uint32_t *at,
                        const char **unit) {
  size_t w;
  *at = u;
  if (!name && (w = unit_at(s, u, end, unit))) return w;
  uint32_t a = u;
  while (!name && a < end && vb_is_ascii_lower((unsigned char)s[a])) a++;
  if (a > u && a + 1 < end && s[a] == ' ' && (w = unit_at(s, a + 1, end, unit)) && !strcmp(*unit, "people")) {
    *at = a + 1;
    return w;
  }
  if ((w = demonyms_at(lx, s, u, end))) *unit = "people";
  return w;
}

static int word_before(const char *s, size_t w0);

/* Whether a space and a scale word ("hundred", "million") are at s[j]:
 * what "a" must have after it to be a number. */
static int scale_after(const char *s, uint32_t j, uint32_t end) {
  if (j + 1 >= end || s[j] != ' ') return 0;
  for (size_t x = 0; x < lists.nscales; x++)
    if (word_at(s + j + 1, end - j - 1, &lists.scales[x])) return 1;
  return 0;
}
static int word_cp(int32_t c);

/* "250 kms", "2.5 million", "$1.5 billion", "15%", "40,000 homes" is not
 * one (no unit): numbers count only with a unit, a scale or a currency. */
static int quantities(vb_doc *d, const vb_para *p, const vb_lexicon *lx, vb_err *err) {
  const char *s = d->view.body.ptr;
  uint32_t i = p->start;
  while (i < p->end) {
    unsigned char c = (unsigned char)s[i];
    /* at a word's start: after a space, a digit-free sign, or a curly
     * quote ("“A hundred percent") */
    int boundary = i == p->start || ((unsigned char)s[i - 1] < 0x80 ? !word_byte((unsigned char)s[i - 1]) : !word_before(s, i));
    const char *currency = NULL;
    uint32_t b = i, k = i;
    if (boundary && (c == '$' || (c == 0xE2 && i + 2 < p->end && (unsigned char)s[i + 1] == 0x82 &&
                                  (unsigned char)s[i + 2] == 0xAC) ||
                     (c == 0xC2 && i + 1 < p->end && (unsigned char)s[i + 1] == 0xA3))) {
      currency = c == '$' ? "USD" : c == 0xE2 ? "EUR" : "GBP";
      k += c == '$' ? 1 : c == 0xE2 ? 3 : 2;
    }
    double v = 0, frac = 0;
    int ndigits = 0, spelled = 0;
    size_t nw;
    const char *nv;
    /* a number in words opens one only with a scale or a unit after it */
    if (!currency && boundary && lists.opens_number[c] && (nw = word_len(s + i, p->end - i)) &&
        (nw > 1 || scale_after(s, i + 1, p->end)) && vb_wl_find(VB_WL_NUMBER_WORDS, s + i, nw, &nv)) {
      v = strtod(nv, NULL);
      k = i + (uint32_t)nw;
      spelled = 1;
      /* "half a million" */
      if (nw == 1 && i >= p->start + 5 && (i == p->start + 5 || !word_byte((unsigned char)s[i - 6])) &&
          vb_prefix_ci(s + i - 5, 5, "half ")) {
        b = i - 5;
        v = 0.5;
      }
      /* "twenty seven", "forty-five" */
      size_t nw2;
      const char *nv2;
      if (v >= 20 && k + 1 < p->end && (s[k] == ' ' || s[k] == '-') && lists.opens_number[(unsigned char)s[k + 1]] &&
          (nw2 = word_len(s + k + 1, p->end - k - 1)) && vb_wl_find(VB_WL_NUMBER_WORDS, s + k + 1, nw2, &nv2) &&
          strtod(nv2, NULL) < 10) {
        v += strtod(nv2, NULL);
        k += 1 + (uint32_t)nw2;
      }
    } else if (!(boundary || currency) || k >= p->end || !vb_is_ascii_digit((unsigned char)s[k])) {
      int32_t cp;
      size_t len;
      if (c >= 0x80 && (len = vb_utf8_next(s, p->end, i, &cp)) && !word_cp(cp)) /* a sign, "“" */
        i += (uint32_t)len;
      else if (word_byte(c))
        while (i < p->end && word_byte((unsigned char)s[i])) i++;
      else i++;
      continue;
    }
    while (k < p->end && (vb_is_ascii_digit((unsigned char)s[k]) ||
                          (s[k] == ',' && k + 3 < p->end && vb_is_ascii_digit((unsigned char)s[k + 1]) &&
                           vb_is_ascii_digit((unsigned char)s[k + 2]) &&
                           vb_is_ascii_digit((unsigned char)s[k + 3])))) {
      if (s[k] != ',') {
        v = v * 10 + (s[k] - '0');
        ndigits++;
      }
      k++;
    }
    if (ndigits > MAX_QUANTITY_DIGITS) { /* a serial number, not an amount */
      i = k;
      continue;
    }
    /* a decimal point, or a decimal comma in a number without thousands
     * ("13,5 billion": one or two digits after it, never three) */
    int comma = k + 1 < p->end && s[k] == ',' && !memchr(s + b, ',', k - b) && vb_is_ascii_digit((unsigned char)s[k + 1]) &&
                !(k + 3 < p->end && vb_is_ascii_digit((unsigned char)s[k + 2]) && vb_is_ascii_digit((unsigned char)s[k + 3])) &&
                !(k + 2 < p->end && s[k + 2] == ',');
    if (k + 1 < p->end && (s[k] == '.' || comma) && vb_is_ascii_digit((unsigned char)s[k + 1]) && ndigits) {
      double scale = 0.1;
      for (k++; k < p->end && vb_is_ascii_digit((unsigned char)s[k]); k++, scale /= 10)
        frac += (s[k] - '0') * scale;
    }
    v += frac;
    uint32_t e = k, j = k;
    if (j < p->end && s[j] == ' ') j++;
    else if (j + 1 < p->end && s[j] == '-' && vb_is_ascii_alpha((unsigned char)s[j + 1])) j++; /* "100-square-meter" */
    const char *unit = currency;
    for (size_t x = 0; x < lists.nscales; x++) {
      size_t w = word_at(s + j, p->end - j, &lists.scales[x]);
      /* "a billion-dollar deal": a word made with the scale, no count */
      if (w && spelled && j + w + 1 < p->end && s[j + w] == '-' && vb_is_ascii_alpha((unsigned char)s[j + w + 1]))
        break;
      if (w) {
        v *= strtod(lists.scales[x].value, NULL);
        e = j + (uint32_t)w;
        j = e + (e < p->end && s[e] == ' ');
        if (!unit) unit = "";
        break;
      }
    }
    /* "one day", "one people": idioms; "Ninety Mile Beach": a name (a
     * number in words before a capitalised unit, but for text all in
     * capitals: "TWO METERS") */
    int name = spelled && !unit && j < p->end && vb_is_ascii_upper((unsigned char)s[j]) && !vb_is_ascii_upper((unsigned char)s[b + 1]);
    if (!currency && !(spelled && v == 1 && !unit)) {
      uint32_t at;
      const char *u;
      size_t w = unit_said(lx, s, s[k] == '%' ? k : j, p->end, name, &at, &u);
      if (w) {
        unit = u;
        e = at + (uint32_t)w;
      }
    }
    if (unit) {
      vb_quantity *q = VB_VEC_PUSH(d->arena, d->quantities);
      if (!q) return vb_err_set(err, VB_ENOMEM, d->path, b, "out of memory");
      q->start = b;
      q->end = e;
      q->value = v;
      q->unit.ptr = unit[0] ? unit : NULL;
      q->unit.len = strlen(unit);
      i = e;
      continue;
    }
    i = k > i ? k : i + 1;
  }
  return VB_OK;
}

/* Languages and words data/language-words.txt may hold; beyond, left out. */
#define MAX_LANGS 16
#define MAX_LANG_WORDS 256

/* A letter of a word, or a combining accent on one. */
static int word_cp(int32_t c) {
  return c < 0x80 ? vb_is_ascii_alpha((unsigned char)c) : vb_cp_is_letter(c) || (c >= 0x300 && c <= 0x36F);
}

/* Whether a word goes on just before byte w0. */
static int word_before(const char *s, size_t w0) {
  size_t b = w0 - 1;
  while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80) b--;
  int32_t c;
  vb_utf8_next(s, w0, b, &c);
  return word_cp(c);
}

/* What the text says of its language. */
typedef struct lang_guess {
  const char *lang; /* "" when unsure */
  int by_script;    /* told by its letters (Arabic, Cyrillic), not by words */
  int votes;        /* function words of lang */
  int hint_votes;   /* function words of the hint's language */
  int knows_hint;   /* the hint is a language the guess could have named */
} lang_guess;

/* A cheap guess from scripts and a few function words of each language
 * (data/language-words.txt); lang "" when unsure. hint: a language the
 * input suggests ("" for none), whose votes are counted too. */
static void guess_language(const vb_doc *d, const char *hint, lang_guess *g) {
  const char *langs[MAX_LANGS], *words[MAX_LANG_WORDS];
  unsigned char lang_of[MAX_LANG_WORDS];
  size_t nlangs = 0, nwords = vb_wl_count(VB_WL_LANGUAGE_WORDS);
  memset(g, 0, sizeof *g);
  g->lang = "";
  if (nwords > MAX_LANG_WORDS) nwords = MAX_LANG_WORDS;
  for (size_t w = 0; w < nwords; w++) { /* the languages in the order the file names them */
    const char *lang;
    words[w] = vb_wl_entry(VB_WL_LANGUAGE_WORDS, w, &lang);
    size_t l = 0;
    while (l < nlangs && strcmp(langs[l], lang) != 0) l++;
    if (l == nlangs && nlangs < MAX_LANGS) langs[nlangs++] = lang;
    lang_of[w] = (unsigned char)(l < nlangs ? l : MAX_LANGS);
  }
  const char *s = d->view.body.ptr;
  size_t n = d->view.body.len < LANG_SAMPLE_BYTES ? d->view.body.len : LANG_SAMPLE_BYTES;
  size_t arabic = 0, cyrillic = 0, latin_letters = 0;
  int votes[MAX_LANGS + 1] = {0}, nvotes = 0;
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    size_t w0 = i;
    i += vb_utf8_next(s, n, i, &cp);
    if (cp >= 0x600 && cp <= 0x6FF) arabic++;
    else if (cp >= 0x400 && cp <= 0x4FF) cyrillic++;
    else if (cp < 0x80 && vb_is_ascii_alpha((unsigned char)cp)) {
      latin_letters++;
      if (w0 > 0 && word_before(s, w0)) continue;
      /* a word ends at any code point that is no letter: typesetting puts
       * a no-break space after short words ("to\u00A0discuss"), which
       * glued the very words counted here (6% of Kremlin pages had no
       * language: their words were found by written form only) */
      size_t e = w0;
      while (e < n) {
        int32_t c;
        size_t k = vb_utf8_next(s, n, e, &c);
        if (!word_cp(c)) break;
        e += k;
      }
      if (e - w0 <= 5)
        for (size_t w = 0; w < nwords; w++)
          if (vb_eq_ci(s + w0, e - w0, words[w])) {
            votes[lang_of[w]]++;
            nvotes++;
          }
      i = e;
      if (nvotes >= LANG_VOTES_ENOUGH) break;
    }
  }
  g->knows_hint = !strcmp(hint, "ar") || !strcmp(hint, "ru");
  for (size_t l = 0; l < nlangs; l++)
    if (!strcmp(langs[l], hint)) {
      g->knows_hint = 1;
      g->hint_votes = votes[l];
    }
  g->by_script = 1;
  if (arabic > latin_letters && arabic > cyrillic) g->lang = "ar";
  else if (cyrillic > latin_letters) g->lang = "ru";
  if (g->lang[0]) return;
  g->by_script = 0;
  int best = -1, total = 0;
  for (size_t l = 0; l < nlangs; l++) {
    total += votes[l];
    if (best < 0 || votes[l] > votes[best]) best = (int)l;
  }
  /* two votes do when no other language has any: a one-line summary
   * ("The guests were met by Vladimir and Lyudmila Putin.") has no more */
  if (best < 0 || votes[best] < (votes[best] == total ? 2 : 3) || votes[best] * 2 < total) return;
  g->lang = langs[best];
  g->votes = votes[best];
}

/* Whether the text plainly says another language than the hint: its
 * letters, or many more function words of another language, when the
 * hint is a language the guess knows (a page template's lang="en" on a
 * French article; a Czech page is no Turkish one for a few shared words). */
static int overrules(const lang_guess *g, const char *hint) {
  if (!g->lang[0] || !strcmp(g->lang, hint) || !g->knows_hint) return 0;
  return g->by_script || (g->votes >= LANG_VOTES_PLAIN && g->hint_votes * 4 <= g->votes);
}

/* The document's language: the caller's or the input's as given (layout
 * and the readers set it), else the page's declared one unless the text
 * overrules it, else the guess. */
static void set_language(vb_doc *doc) {
  vb_meta *m = &doc->view.meta;
  if (m->language.ptr && m->language.len) {
    if (m->language_from == VB_LANG_NONE) m->language_from = VB_LANG_INPUT;
    return;
  }
  lang_guess g;
  guess_language(doc, doc->page_lang, &g);
  const char *lang = g.lang;
  m->language_from = VB_LANG_GUESSED;
  if (doc->page_lang[0] && !overrules(&g, doc->page_lang)) {
    lang = doc->page_lang;
    m->language_from = VB_LANG_INPUT;
  }
  if (lang[0]) {
    m->language.ptr = lang;
    m->language.len = strlen(lang);
  } else {
    m->language_from = VB_LANG_NONE;
  }
}

int vb_extract(vb_doc *doc, const vb_lexicon *lx, vb_err *err) {
  int rc;
  pthread_once(&lists_once, read_lists);
  if (!lists.ready) return vb_err_set(err, VB_ENOMEM, doc->path, 0, "out of memory");
  vb_ymd on = day_of(doc);
  for (uint32_t i = 0; i < doc->paras.n; i++) {
    const vb_para *p = &doc->paras.v[i];
    if (!content_role(p->role)) continue;
    if ((rc = insertions(doc, p, err))) return rc;
    if ((rc = dates(doc, p, on, err))) return rc;
    if ((rc = quantities(doc, p, lx, err))) return rc;
  }
  set_language(doc);
  return VB_OK;
}
