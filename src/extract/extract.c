/* extract — from the structured document: editorial insertions ("[In
 * Gaza]"), dates ("October 8, 2023"), quantities ("250 kms") and the
 * document language. Only the document's own text counts: header, tags
 * and boilerplate are skipped. */
#include <string.h>

#include "core/err.h"
#include "core/text.h"
#include "extract.h"

/* An insertion is an editor's few words, not a bracketed paragraph. */
#define MAX_INSERTION_BYTES 200u
/* Language guessing looks at this much text, and stops once this many
 * function words have voted. */
#define LANG_SAMPLE_BYTES 65536u
#define LANG_VOTES_ENOUGH 64

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

/* Cheap filter before the date parser: "Jan", "Feb", … "Dec". */
static int month_start(const char *s, size_t n) {
  if (n < 3) return 0;
  static const char m[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  for (size_t k = 0; k < 36; k += 3)
    if (s[0] == m[k] && s[1] == m[k + 1] && s[2] == m[k + 2]) return 1;
  return 0;
}

static int word_byte(unsigned char c) {
  return c >= 0x80 || vb_is_ascii_alpha(c) || vb_is_ascii_digit(c);
}

/* Tries the date parser only where a word starts with a digit or a month. */
static int dates(vb_doc *d, const vb_para *p, vb_err *err) {
  const char *s = d->view.body.ptr;
  uint32_t i = p->start;
  while (i < p->end) {
    unsigned char c = (unsigned char)s[i];
    if (!word_byte(c)) {
      i++;
      continue;
    }
    if (vb_is_ascii_digit(c) || month_start(s + i, p->end - i)) {
      char iso[11];
      size_t k = vb_parse_date(s + i, p->end - i, iso);
      if (k) {
        vb_date *dt = VB_VEC_PUSH(d->arena, d->dates);
        if (!dt) return vb_err_set(err, VB_ENOMEM, d->path, i, "out of memory");
        dt->start = i;
        dt->end = i + (uint32_t)k;
        memcpy(dt->value, iso, 11);
        i += (uint32_t)k;
        continue;
      }
    }
    while (i < p->end && word_byte((unsigned char)s[i])) i++;
  }
  return VB_OK;
}

/* Amounts people say have at most this many digits; longer runs are
 * identifiers, and would not fit a double exactly anyway. */
#define MAX_QUANTITY_DIGITS 15

/* Units a quantity may carry, by the words that name them. */
static const struct {
  const char *word, *unit;
} units[] = {
    {"kms", "km"},        {"km", "km"},         {"kilometers", "km"}, {"kilometres", "km"},
    {"kilometer", "km"},  {"kilometre", "km"},  {"miles", "mi"},      {"mile", "mi"},
    {"meters", "m"},      {"metres", "m"},      {"meter", "m"},       {"metre", "m"},
    {"kg", "kg"},         {"kilograms", "kg"},  {"tons", "t"},        {"tonnes", "t"},
    {"ton", "t"},         {"tonne", "t"},       {"percent", "%"},     {"per cent", "%"},
    {"%", "%"},           {"years", "year"},    {"year", "year"},     {"months", "month"},
    {"month", "month"},   {"weeks", "week"},    {"week", "week"},     {"days", "day"},
    {"day", "day"},       {"hours", "hour"},    {"hour", "hour"},     {"minutes", "minute"},
    {"minute", "minute"}, {"seconds", "second"}, {"dollars", "USD"},  {"euros", "EUR"},
    {"people", "people"}, {"soldiers", "people"}, {"prisoners", "people"}};
static const struct {
  const char *word;
  double times;
} scales[] = {{"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}, {"trillion", 1e12}};

static size_t word_at(const char *s, size_t n, const char *w) {
  size_t k = strlen(w);
  if (!vb_prefix_ci(s, n, w)) return 0;
  if (k < n && (vb_is_ascii_alpha((unsigned char)s[k]) || (unsigned char)s[k] >= 0x80)) return 0;
  return k;
}

/* "250 kms", "2.5 million", "$1.5 billion", "15%", "40,000 homes" is not
 * one (no unit): numbers count only with a unit, a scale or a currency. */
static int quantities(vb_doc *d, const vb_para *p, vb_err *err) {
  const char *s = d->view.body.ptr;
  uint32_t i = p->start;
  while (i < p->end) {
    unsigned char c = (unsigned char)s[i];
    int boundary = i == p->start || !word_byte((unsigned char)s[i - 1]);
    const char *currency = NULL;
    uint32_t b = i, k = i;
    if (boundary && (c == '$' || (c == 0xE2 && i + 2 < p->end && (unsigned char)s[i + 1] == 0x82 &&
                                  (unsigned char)s[i + 2] == 0xAC) ||
                     (c == 0xC2 && i + 1 < p->end && (unsigned char)s[i + 1] == 0xA3))) {
      currency = c == '$' ? "USD" : c == 0xE2 ? "EUR" : "GBP";
      k += c == '$' ? 1 : c == 0xE2 ? 3 : 2;
    }
    if (!(boundary || currency) || k >= p->end || !vb_is_ascii_digit((unsigned char)s[k])) {
      if (word_byte(c)) while (i < p->end && word_byte((unsigned char)s[i])) i++;
      else i++;
      continue;
    }
    double v = 0, frac = 0;
    int ndigits = 0;
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
    if (k + 1 < p->end && s[k] == '.' && vb_is_ascii_digit((unsigned char)s[k + 1])) {
      double scale = 0.1;
      for (k++; k < p->end && vb_is_ascii_digit((unsigned char)s[k]); k++, scale /= 10)
        frac += (s[k] - '0') * scale;
    }
    v += frac;
    uint32_t e = k, j = k;
    if (j < p->end && s[j] == ' ') j++;
    const char *unit = currency;
    for (size_t x = 0; x < sizeof scales / sizeof *scales; x++) {
      size_t w = word_at(s + j, p->end - j, scales[x].word);
      if (w) {
        v *= scales[x].times;
        e = j + (uint32_t)w;
        j = e + (e < p->end && s[e] == ' ');
        if (!unit) unit = "";
        break;
      }
    }
    if (!currency) {
      uint32_t u0 = s[k] == '%' ? k : j;
      for (size_t x = 0; x < sizeof units / sizeof *units; x++) {
        size_t w = units[x].word[0] == '%' ? (s[u0] == '%') : word_at(s + u0, p->end - u0, units[x].word);
        if (w) {
          unit = units[x].unit;
          e = u0 + (uint32_t)w;
          break;
        }
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

/* A cheap guess from scripts and a few function words; "" when unsure. */
static const char *guess_language(const vb_doc *d) {
  static const struct {
    const char *lang;
    const char *words[8];
  } latin[] = {
      {"en", {"the", "and", "of", "to", "is", "that", "in", "we"}},
      {"fr", {"le", "la", "les", "et", "des", "est", "une", "que"}},
      {"de", {"der", "die", "und", "das", "ist", "nicht", "ein", "wir"}},
      {"es", {"el", "los", "las", "y", "que", "es", "una", "por"}},
      {"tr", {"ve", "bir", "bu", "da", "de", "için", "ile", "çok"}},
  };
  const char *s = d->view.body.ptr;
  size_t n = d->view.body.len < LANG_SAMPLE_BYTES ? d->view.body.len : LANG_SAMPLE_BYTES;
  size_t arabic = 0, cyrillic = 0, latin_letters = 0;
  int votes[sizeof latin / sizeof *latin] = {0}, nvotes = 0;
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    size_t w0 = i;
    i += vb_utf8_next(s, n, i, &cp);
    if (cp >= 0x600 && cp <= 0x6FF) arabic++;
    else if (cp >= 0x400 && cp <= 0x4FF) cyrillic++;
    else if (vb_is_ascii_alpha((unsigned char)cp)) {
      latin_letters++;
      if (w0 > 0 && (vb_is_ascii_alpha((unsigned char)s[w0 - 1]) || (unsigned char)s[w0 - 1] >= 0x80))
        continue;
      size_t e = w0;
      while (e < n && (vb_is_ascii_alpha((unsigned char)s[e]) || (unsigned char)s[e] >= 0x80)) e++;
      if (e - w0 <= 5)
        for (size_t l = 0; l < sizeof latin / sizeof *latin; l++)
          for (size_t k = 0; k < 8; k++)
            if (vb_eq_ci(s + w0, e - w0, latin[l].words[k])) {
              votes[l]++;
              nvotes++;
            }
      i = e;
      if (nvotes >= LANG_VOTES_ENOUGH) break;
    }
  }
  if (arabic > latin_letters && arabic > cyrillic) return "ar";
  if (cyrillic > latin_letters) return "ru";
  int best = -1, total = 0;
  for (size_t l = 0; l < sizeof latin / sizeof *latin; l++) {
    total += votes[l];
    if (best < 0 || votes[l] > votes[best]) best = (int)l;
  }
  if (best < 0 || votes[best] < 3 || votes[best] * 2 < total) return "";
  return latin[best].lang;
}

int vb_extract(vb_doc *doc, vb_err *err) {
  int rc;
  for (uint32_t i = 0; i < doc->paras.n; i++) {
    const vb_para *p = &doc->paras.v[i];
    if (!content_role(p->role)) continue;
    if ((rc = insertions(doc, p, err))) return rc;
    if ((rc = dates(doc, p, err))) return rc;
    if ((rc = quantities(doc, p, err))) return rc;
  }
  const char *lang = guess_language(doc);
  if (lang[0]) {
    doc->view.meta.language.ptr = lang;
    doc->view.meta.language.len = strlen(lang);
  }
  return VB_OK;
}
