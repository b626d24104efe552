/* layout — blocks -> paragraphs with roles, and the metadata a dispatch or
 * transcript carries in its front matter: header line, title, dateline,
 * tag line, summary, clip reference, pull-quote headings, boilerplate.
 * Speaker labels are recognised here by shape only; attribute decides who. */
#include "layout.h"

#include <string.h>

#include "core/err.h"
#include "core/date.h"
#include "core/text.h"

/* A heading or a title is a line, not a paragraph of prose. */
#define MAX_HEADING_BYTES 300u
#define MAX_TITLE_BYTES 400u
/* Lines longer than this are paragraphs on one line, not hard-wrapped text. */
#define WRAPPED_LINE_BYTES 100u
/* Donation and copyright notices are a sentence or two, never a paragraph
 * of speech; longer paragraphs are not searched for their phrases. */
#define MAX_BOILER_ANYWHERE_BYTES 200u
/* Words in a speaker label: "Vice President Joe Biden" has four. */
#define MAX_LABEL_WORDS 6

/* ---- shapes ------------------------------------------------------------ */

typedef struct lay {
  vb_doc *doc;
  const char *s; /* body */
  vb_err *err;
} lay;

/* Words that may start lowercase inside a name: "Abu al-Walid", "van Gogh". */
static int name_particle(const char *w, size_t n) {
  static const char *const p[] = {"al", "el", "bin", "ibn", "bint", "abu", "de", "del", "della",
                                  "der", "den", "la", "le", "van", "von", "da", "di", "du", "dos",
                                  "das", "y", "ul", "ud", "ad", "ar", "as", "an", "at", "ash", "az"};
  for (size_t i = 0; i < sizeof p / sizeof *p; i++)
    if (vb_eq_ci(w, n, p[i])) return 1;
  /* "al-Sisi" */
  for (size_t i = 0; i < sizeof p / sizeof *p; i++) {
    size_t k = strlen(p[i]);
    if (n > k + 1 && w[k] == '-' && vb_prefix_ci(w, n, p[i])) return 1;
  }
  return 0;
}

/* "Note:", "Source:" … look like labels but name no speaker. */
static int not_a_speaker(const char *w, size_t n) {
  static const char *const stop[] = {
      "note", "notes", "update", "source", "sources", "summary", "editor's note", "related",
      "watch", "read more", "translation", "photo", "video", "transcript", "date", "time",
      "location", "subject", "topic", "topics", "tags", "posted", "published", "copyright",
      "warning", "correction", "disclaimer", "caption", "title", "i", "it", "he", "she", "we",
      "they", "this", "that", "there", "here", "yes", "no", "so", "but", "and", "or", "also",
      "however", "now", "then", "today", "first", "second", "third", "finally", "example",
      "for example", "background", "context", "keywords", "category", "filed under", "tel",
      "phone", "email", "e-mail", "fax", "address", "web", "website", "url", "link", "links",
      "chapter", "part", "section", "step", "episode", "season", "share", "audio", "image"};
  for (size_t i = 0; i < sizeof stop / sizeof *stop; i++)
    if (vb_eq_ci(w, n, stop[i])) return 1;
  return 0;
}

/* Does [b,e) open with a speaker label ("Ali Baraka:", "MR. SMITH:", "Q:")?
 * On yes, sets the label span (without colon) and where the text begins. */
static int label_shape(const char *s, uint32_t b, uint32_t e, uint32_t *lab_end,
                       uint32_t *text_start) {
  uint32_t lim = e - b > VB_MAX_LABEL_BYTES + 1 ? b + VB_MAX_LABEL_BYTES + 1 : e;
  uint32_t i = b;
  int words = 0, cased = 0, upper_words = 0;
  while (i < lim) {
    /* one word */
    uint32_t w0 = i;
    int32_t cp;
    size_t k = vb_utf8_next(s, lim, i, &cp);
    int first_upper = vb_cp_is_upper(cp);
    int first_letter = vb_cp_is_letter(cp);
    int first_digit = vb_cp_is_digit(cp);
    if (!first_letter && !(first_digit && words > 0)) return 0;
    i += (uint32_t)k;
    while (i < lim) {
      unsigned char c = (unsigned char)s[i];
      if (c == ' ' || c == ':' || c == '\n' || c == '\t') break;
      if (c == ',' || c == '"' || c == ';' || c == '?' || c == '!' || c == '(' || c == ')' ||
          c == '[' || c == ']')
        return 0;
      i += (uint32_t)vb_utf8_next(s, lim, i, &cp);
    }
    uint32_t wl = i - w0;
    words++;
    if (words > MAX_LABEL_WORDS) return 0;
    if (first_upper) upper_words++;
    if (first_letter && (vb_cp_is_upper(cp) || vb_cp_is_lower(cp) || first_upper)) cased = 1;
    if (first_letter && !first_upper && cased && !name_particle(s + w0, wl)) {
      /* a lowercase word in a cased script: prose, not a name */
      int32_t c0;
      vb_utf8_next(s, lim, w0, &c0);
      if (vb_cp_is_lower(c0)) return 0;
    }
    if (i >= lim) return 0;
    if (s[i] == ':') break;
    if (s[i] != ' ') return 0;
    i++;
  }
  if (i >= lim || s[i] != ':') return 0;
  if (upper_words == 0 && cased) return 0;
  /* "9:30" or "http://" are not labels */
  if (i + 1 < e && s[i + 1] != ' ' && s[i + 1] != '\t' && s[i + 1] != '\n') return 0;
  if (not_a_speaker(s + b, i - b)) return 0;
  *lab_end = i;
  uint32_t t = i + 1;
  while (t < e && vb_is_ascii_space((unsigned char)s[t])) t++;
  *text_start = t;
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
  static const char *const small[] = {"a", "an", "the", "of", "in", "on", "at", "to", "for",
                                      "and", "or", "but", "with", "from", "by", "as", "vs", "via",
                                      "into", "over", "up", "nor", "per", "than"};
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
    for (size_t k = 0; k < sizeof small / sizeof *small; k++)
      if (vb_eq_ci(s + w0, wl, small[k])) is_small = 1;
    if (is_small && w0 != b) continue;
    sig++;
    if (vb_cp_is_upper(cp)) caps++;
  }
  return sig >= 2 && caps * 10 >= sig * 8;
}

static int is_boilerplate(const char *s, uint32_t b, uint32_t e) {
  static const char *const prefix[] = {"share this", "follow us", "subscribe", "related:",
                                       "related articles", "read more", "print this",
                                       "email this", "sign up", "help fight extremism",
                                       "click here to", "download the", "copyright",
                                       "all rights reserved", "back to top", "tags:"};
  static const char *const anywhere[] = {"501(c)", "tax-deductible", "support memri",
                                         "all rights reserved", "\xC2\xA9" /* © */,
                                         "donate now"};
  size_t n = e - b;
  if (n > MAX_HEADING_BYTES) return 0;
  for (size_t i = 0; i < sizeof prefix / sizeof *prefix; i++)
    if (vb_prefix_ci(s + b, n, prefix[i])) return 1;
  if (n > MAX_BOILER_ANYWHERE_BYTES) return 0;
  for (size_t i = 0; i < sizeof anywhere / sizeof *anywhere; i++)
    if (vb_find_ci(s + b, n, anywhere[i]) >= 0) return 1;
  return 0;
}

static int is_clip_line(const char *s, uint32_t b, uint32_t e) {
  size_t n = e - b;
  if (n > MAX_TITLE_BYTES) return 0;
  if (!(vb_prefix_ci(s + b, n, "to view") || vb_prefix_ci(s + b, n, "to watch") ||
        vb_prefix_ci(s + b, n, "view the") || vb_prefix_ci(s + b, n, "watch the") ||
        vb_prefix_ci(s + b, n, "view clip") || vb_prefix_ci(s + b, n, "watch clip")))
    return 0;
  return vb_find_ci(s + b, n, "clip") >= 0 || vb_find_ci(s + b, n, "video") >= 0;
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

/* Publishers known by the name of their series. */
static vb_str publisher_of(vb_str series) {
  static const char *const map[][2] = {{"Special Dispatch", "MEMRI"},
                                       {"Inquiry & Analysis", "MEMRI"},
                                       {"MEMRI Daily Brief", "MEMRI"},
                                       {"Jihad and Terrorism Threat Monitor", "MEMRI"}};
  vb_str none = {0};
  for (size_t i = 0; i < sizeof map / sizeof *map; i++)
    if (vb_eq_ci(series.ptr, series.len, map[i][0])) {
      vb_str p = {map[i][1], strlen(map[i][1])};
      return p;
    }
  return none;
}

/* ---- paragraphs -------------------------------------------------------- */

static int push_para(lay *L, const vb_block *blk, uint32_t start) {
  vb_para *p = VB_VEC_PUSH(L->doc->arena, L->doc->paras);
  if (!p) return vb_err_set(L->err, VB_ENOMEM, L->doc->path, blk->start, "out of memory");
  memset(p, 0, sizeof *p);
  p->start = start;
  p->end = blk->end;
  p->text_start = start;
  p->voice = blk->voice;
  p->time = blk->time;
  p->change = (blk->flags & VB_BLK_CHANGE) != 0;
  uint32_t le, ts;
  if (label_shape(L->s, start, blk->end, &le, &ts)) {
    p->label_start = start;
    p->label_end = le;
    p->text_start = ts;
  }
  return VB_OK;
}

static int same_voice(vb_str a, vb_str b) {
  if (!b.ptr) return 1; /* no voice given: whoever spoke goes on */
  return a.ptr && a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0;
}

static int build_paragraphs(lay *L) {
  vb_doc *d = L->doc;
  uint32_t long_lines = 0;
  for (uint32_t i = 0; i < d->blocks.n; i++)
    if (d->blocks.v[i].end - d->blocks.v[i].start > WRAPPED_LINE_BYTES) long_lines++;
  int wrapped = long_lines * 10 < d->blocks.n;
  for (uint32_t i = 0; i < d->blocks.n; i++) {
    const vb_block *blk = &d->blocks.v[i];
    vb_para *cur = d->paras.n ? &d->paras.v[d->paras.n - 1] : NULL;
    uint32_t le, ts;
    int labelled = label_shape(L->s, blk->start, blk->end, &le, &ts);
    int hard = (blk->flags & (VB_BLK_HARD | VB_BLK_CHANGE | VB_BLK_HEADING)) != 0;
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
    if (cur && blk->time.start >= 0 && cur->time.start >= 0 && !hard && !labelled &&
        same_voice(cur->voice, blk->voice)) {
      /* the next cue of the same speaker: sentences run across cues */
      cur->end = blk->end;
      if (blk->time.end > cur->time.end) cur->time.end = blk->time.end;
      continue;
    }
    int rc = push_para(L, blk, blk->start);
    if (rc) return rc;
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
  static const char *const cues[] = {"aired on ", "broadcast on ", "aired by ", "posted on "};
  for (size_t c = 0; c < sizeof cues / sizeof *cues && !m->channel.ptr; c++) {
    long at = vb_find_ci(s + b, e - b, cues[c]);
    if (at < 0) continue;
    uint32_t i = b + (uint32_t)at + (uint32_t)strlen(cues[c]);
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
    if (ch.ptr && c != 3) m->channel = ch;
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
  return tc || !ends_sentence(s, p->start, p->end);
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
  if (ends_sentence(s, b, ee) && !(q && cq)) return 0;
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

static int assign_roles(lay *L) {
  vb_doc *d = L->doc;
  const char *s = L->s;
  vb_meta *m = &d->view.meta;
  int body = 0;          /* the transcript (or headings) began */
  int tail_boiler = 0;   /* boilerplate began after the body */
  int title_done = 0;
  int summary_open = 1;  /* prose before the body is summary */
  int furniture = 0;     /* a header, tag line or dateline: a dispatch */
  uint32_t sum_b = 0, sum_e = 0;
  for (uint32_t i = 0; i < d->paras.n; i++) {
    vb_para *p = &d->paras.v[i];
    uint32_t n = p->end - p->start;
    int labelled = p->label_end > p->label_start;
    char iso[11];
    if (i == 0 && !labelled) {
      int h = header_line(L, p);
      if (h < 0) return L->err->code;
      if (h) {
        p->role = VB_ROLE_HEADER;
        furniture = 1;
        continue;
      }
    }
    if (tail_boiler && !labelled && !vb_open_quote_at(s, p->end, p->start)) {
      p->role = VB_ROLE_BOILER;
      continue;
    }
    if (is_boilerplate(s, p->start, p->end)) {
      p->role = VB_ROLE_BOILER;
      if (body) tail_boiler = 1;
      continue;
    }
    if (!body && !labelled && vb_parse_date(s + p->start, n, iso) == n) {
      p->role = VB_ROLE_DATELINE;
      furniture = 1;
      if (!m->published.ptr && set_date(L, &m->published, iso)) return L->err->code;
      continue;
    }
    if (!body && !labelled) {
      int t = tag_line(L, p);
      if (t < 0) return L->err->code;
      if (t) {
        p->role = VB_ROLE_TAGS;
        furniture = 1;
        continue;
      }
    }
    if (is_clip_line(s, p->start, p->end)) {
      p->role = VB_ROLE_CLIP;
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
    /* A title is a line; it may end with "U.S." when it is in title case. */
    if (!title_done && !body && sum_e == 0 && i + 1 < d->paras.n && n <= MAX_TITLE_BYTES &&
        !p->change && p->time.start < 0 &&
        !memchr(s + p->start, '\n', n) && title_like(s, p)) {
      p->role = VB_ROLE_TITLE;
      d->view.title = str_of(L, p->start, p->end);
      title_done = 1;
      continue;
    }
    title_done = 1;
    if (is_heading(s, p) && (body || sum_e || i > 0)) {
      p->role = VB_ROLE_HEADING;
      if (add_section(L, p)) return L->err->code;
      body = 1;
      summary_open = 0;
      continue;
    }
    if (labelled || p->change || p->voice.ptr || p->time.start >= 0) {
      p->role = VB_ROLE_TRANSCRIPT;
      body = 1;
      summary_open = 0;
      continue;
    }
    if (!body && summary_open) {
      p->role = VB_ROLE_SUMMARY;
      if (!sum_e) sum_b = p->start;
      sum_e = p->end;
      continue;
    }
    p->role = VB_ROLE_TRANSCRIPT; /* continues whoever spoke last */
    body = 1;
  }
  if (!body && !furniture) {
    /* No labels and no dispatch furniture: a speech by one unnamed speaker,
     * not a summary of one. */
    for (uint32_t i = 0; i < d->paras.n; i++)
      if (d->paras.v[i].role == VB_ROLE_SUMMARY) d->paras.v[i].role = VB_ROLE_TRANSCRIPT;
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
    if (!b) return vb_err_set(L->err, VB_ENOMEM, d->path, d->paras.v[i].start, "out of memory");
    b->start = d->paras.v[i].start;
    b->end = d->paras.v[i].end;
  }
  return VB_OK;
}

int vb_layout(vb_doc *doc, vb_err *err) {
  lay L = {doc, doc->view.body.ptr, err};
  int rc;
  if ((rc = build_paragraphs(&L))) return rc;
  if ((rc = assign_roles(&L))) return rc;
  close_sections(doc);
  return record_boilerplate(&L);
}
