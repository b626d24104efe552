/* segment — the structured document -> statements, in document order:
 * the title's claim, the summary's sentences, then headings and the
 * sentences of every turn paragraph. Who prose reports is the quote
 * stage's to find. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/text.h"
#include "segment.h"

typedef struct seg {
  vb_doc *doc;
  vb_err *err;
  int32_t speaker, turn;
  vb_kind kind;
  uint32_t base;
  vb_time time;
  uint32_t limit; /* the end of the paragraph being read */
  VB_VEC(vb_span) marks;        /* page and paragraph marks found, placed among the boilerplate at the end */
  VB_VEC(const char *) why;     /* each mark's reason */
} seg;

static int push_statement(seg *g, uint32_t start, uint32_t end) {
  vb_doc *d = g->doc;
  vb_statement *st = VB_VEC_PUSH(d->arena, d->statements);
  if (!st) return vb_err_set(g->err, VB_ENOMEM, d->path, start, "out of memory");
  st->attribution = -1;
  st->speaker = g->speaker;
  st->kind = g->kind;
  st->turn = g->turn;
  st->start = start;
  st->end = end;
  st->time = g->time;
  return VB_OK;
}

/* The caption time at a body offset: the block that holds it. */
static const vb_block *block_at(const vb_doc *d, uint32_t off) {
  uint32_t lo = 0, hi = d->blocks.n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (d->blocks.v[mid].end <= off) lo = mid + 1;
    else hi = mid;
  }
  return lo < d->blocks.n ? &d->blocks.v[lo] : NULL;
}

/* A star page mark of a printed report: "[*3]", "[**1204]", or "*3"
 * standing alone between words, where page 3 of the report begins (a
 * court's transcript, a reprinted opinion). Its length at s[i..n), 0 when
 * none stands there. */
#define MAX_MARK_DIGITS 5
static uint32_t star_mark(const char *s, uint32_t i, uint32_t n) {
  uint32_t j = i, bracket = s[j] == '[';
  if (bracket) j++;
  /* "[*3]" may follow a word's last letter ("Court[*3]"); "*3" stands alone */
  if (!bracket && i > 0 && s[i - 1] != ' ' && s[i - 1] != '\n') return 0;
  uint32_t stars = 0;
  while (j < n && s[j] == '*' && stars < 2) j++, stars++;
  if (!stars || (!bracket && stars > 1)) return 0;
  uint32_t d0 = j;
  while (j < n && j - d0 <= MAX_MARK_DIGITS && vb_is_ascii_digit((unsigned char)s[j])) j++;
  if (j == d0 || j - d0 > MAX_MARK_DIGITS) return 0;
  if (bracket) return j < n && s[j] == ']' ? j + 1 - i : 0;
  return j == n || s[j] == ' ' || s[j] == '\n' ? j - i : 0;
}

static int has_alnum(const char *s, uint32_t b, uint32_t e) {
  for (uint32_t i = b; i < e; i++)
    if (vb_is_ascii_alpha((unsigned char)s[i]) || vb_is_ascii_digit((unsigned char)s[i]) ||
        (unsigned char)s[i] >= 0x80)
      return 1;
  return 0;
}

static const char *const star_why = "a star page mark of the printed report: where its page begins";
static const char *const para_why = "a paragraph's number in the printed record";
static const char *const page_why = "a page's number in the printed record, on a line of its own";

/* A mark [b, e): boilerplate, placed among the rest by place_marks once
 * every sentence is read. */
static int push_mark(seg *g, uint32_t b, uint32_t e, const char *why) {
  vb_span *m = VB_VEC_PUSH(g->doc->arena, g->marks);
  const char **w = m ? VB_VEC_PUSH(g->doc->arena, g->why) : NULL;
  if (!w) return vb_err_set(g->err, VB_ENOMEM, g->doc->path, b, "out of memory");
  m->start = b;
  m->end = e;
  *w = why;
  return VB_OK;
}

/* The marks' order by where they start, stable: an index into both
 * vectors, ties kept in the order found. */
typedef struct mark_at {
  uint32_t start, i;
} mark_at;

static int by_start(const void *a, const void *b) {
  const mark_at *x = a, *y = b;
  if (x->start != y->start) return (x->start > y->start) - (x->start < y->start);
  return (x->i > y->i) - (x->i < y->i);
}

/* The marks merged into the boilerplate, kept in body order (a mark after
 * the boilerplate that starts where it does), in one pass: an insertion per
 * mark moved every later entry, quadratic on a long report with a mark and
 * a piece of furniture in each paragraph. */
static int place_marks(seg *g) {
  vb_doc *d = g->doc;
  uint32_t nm = g->marks.n, nb = d->boilerplate.n;
  if (!nm) return VB_OK;
  if (nb > UINT32_MAX - nm) return vb_err_set(g->err, VB_ELIMIT, d->path, 0, "too much boilerplate");
  uint32_t n = nb + nm;
  vb_span *sp = vb_arena_alloc(d->arena, (size_t)n * sizeof *sp);
  const char **w = sp ? vb_arena_alloc(d->arena, (size_t)n * sizeof *w) : NULL;
  mark_at *order = w ? vb_arena_alloc(d->arena, (size_t)nm * sizeof *order) : NULL;
  if (!order) return vb_err_set(g->err, VB_ENOMEM, d->path, 0, "out of memory");
  for (uint32_t k = 0; k < nm; k++) order[k] = (mark_at){g->marks.v[k].start, k};
  if (nm > 1) qsort(order, nm, sizeof *order, by_start);
  uint32_t i = 0, j = 0;
  for (uint32_t k = 0; k < n; k++) {
    if (j == nm || (i < nb && d->boilerplate.v[i].start <= order[j].start)) {
      sp[k] = d->boilerplate.v[i];
      w[k] = d->boilerplate_why.v[i++];
    } else {
      sp[k] = g->marks.v[order[j].i];
      w[k] = g->why.v[order[j++].i];
    }
  }
  d->boiler_placed += n;
  d->boilerplate.v = sp;
  d->boilerplate.n = d->boilerplate.cap = n;
  d->boilerplate_why.v = w;
  d->boilerplate_why.n = d->boilerplate_why.cap = n;
  return VB_OK;
}

static int sentence_span(seg *g, uint32_t b, uint32_t e);

/* Does b open a line of the paragraph that starts at base (spaces, tabs
 * and an opening quotation mark before it aside: a resolution's numbered
 * clauses quoted, "“2. The United Nations regard ...")? */
static int line_start(const char *s, uint32_t base, uint32_t b) {
  while (b > base && (s[b - 1] == ' ' || s[b - 1] == '\t')) b--;
  for (uint32_t k = 1; k <= 3; k++) /* " « “: core/text's opening marks */
    if (b >= base + k && vb_open_quote_at(s, b, b - k) == k) {
      b -= k;
      break;
    }
  while (b > base && (s[b - 1] == ' ' || s[b - 1] == '\t')) b--;
  return b == base || s[b - 1] == '\n';
}

/* The digits of s[b, e) when that is all it holds (at most max of them),
 * else 0. */
static uint32_t digits(const char *s, uint32_t b, uint32_t e, uint32_t max) {
  uint32_t i = b;
  while (i < e && vb_is_ascii_digit((unsigned char)s[i])) i++;
  return i > b && i - b <= max ? i - b : 0;
}

/* Numbers a printed record puts in its text that nobody said, each read
 * by the splitter as a sentence of its own: a paragraph's number opening
 * a line ("107. May I first of all ...", the UN's verbatim records: up to
 * three digits and a stop, the paragraph going on after it), and a
 * page's number on a line of its own closing the paragraph ("...in the
 * region.\n13"). Their reason, or NULL when [*mb, *me) is not one (else
 * the span narrowed to the number, an opening quotation mark before it left
 * out). A number that is the paragraph's whole text stays: it may be an
 * answer. */
static const char *number_mark(const seg *g, uint32_t *mb, uint32_t *me) {
  const char *s = g->doc->view.body.ptr;
  uint32_t b = *mb, e = *me;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) e--;
  b += (uint32_t)vb_open_quote_at(s, e, b);
  if (e - b < 1 || e - b > 4) return NULL;
  *mb = b, *me = e;
  uint32_t n = digits(s, b, e, 3);
  if (n && b + n + 1 == e && s[b + n] == '.' && line_start(s, g->base, b) && has_alnum(s, e, g->limit))
    return para_why;
  n = digits(s, b, e, 4);
  if (n && b + n == e && b > g->base && s[b - 1] == '\n' && has_alnum(s, g->base, b) && !has_alnum(s, e, g->limit))
    return page_why;
  return NULL;
}

/* A sentence's statements: its words without the star page marks in it.
 * A mark is boilerplate of its own, so a statement's text is its span of
 * the body and a citation points at the bytes as they stand; a sentence
 * a mark stands inside is two statements. */
static int on_sentence(void *ctx, size_t start, size_t end) {
  seg *g = ctx;
  const char *s = g->doc->view.body.ptr;
  uint32_t b = g->base + (uint32_t)start, e = g->base + (uint32_t)end;
  uint32_t nb = b, ne = e;
  const char *number = number_mark(g, &nb, &ne);
  if (number) return push_mark(g, nb, ne, number);
  uint32_t from = b;
  int rc = VB_OK;
  for (uint32_t at = b; at < e && !rc;) {
    /* every mark holds a star: memchr finds them at a fraction of a byte loop */
    const char *star = memchr(s + at, '*', e - at);
    if (!star) break;
    uint32_t i = (uint32_t)(star - s);
    at = i + 1;
    if (i > from && s[i - 1] == '[') i--;
    else if (i > from + 1 && s[i - 1] == '*' && s[i - 2] == '[') i -= 2;
    uint32_t m = star_mark(s, i, e);
    if (!m) continue;
    uint32_t piece_e = i;
    while (piece_e > from && s[piece_e - 1] == ' ') piece_e--;
    uint32_t mark_b = i;
    if (has_alnum(s, from, piece_e)) rc = sentence_span(g, from, piece_e);
    else mark_b = from; /* stray punctuation before it goes with the mark */
    uint32_t mark_e = i + m;
    uint32_t next = mark_e;
    while (next < e && s[next] == ' ') next++;
    if (!has_alnum(s, next, e)) mark_e = e; /* and after it, at the sentence's end */
    if (!rc) rc = push_mark(g, mark_b, mark_e, star_why);
    from = next;
    at = mark_e;
  }
  if (rc || from >= e) return rc;
  return sentence_span(g, from, e);
}

static int sentence_span(seg *g, uint32_t b, uint32_t e) {
  if (g->time.start >= 0) { /* a caption: the cues the sentence spans */
    const vb_block *first = block_at(g->doc, b), *last = block_at(g->doc, e - 1);
    vb_time saved = g->time;
    if (first && first->time.start >= 0) g->time.start = first->time.start;
    if (last && last->time.end >= 0) g->time.end = last->time.end;
    int rc = push_statement(g, b, e);
    g->time = saved;
    return rc;
  }
  return push_statement(g, b, e);
}

/* A span without the quote marks that wrap it. */
static void unquote(const char *s, uint32_t *b, uint32_t *e) {
  size_t oq = vb_open_quote_at(s, *e, *b);
  size_t cq = vb_close_quote_before(s, *e);
  if (oq && cq && *e - cq > *b + oq) {
    *b += (uint32_t)oq;
    *e -= (uint32_t)cq;
  }
}

static int heading_statement(seg *g, const vb_section *sec) {
  if (sec->quote_of < 0) return VB_OK;
  uint32_t b = (uint32_t)(sec->heading.ptr - g->doc->view.body.ptr);
  uint32_t e = b + (uint32_t)sec->heading.len;
  g->speaker = sec->quote_of;
  g->kind = VB_KIND_HEADING;
  g->turn = -1;
  g->time.start = g->time.end = -1;
  return push_statement(g, b, e);
}

int vb_segment(vb_doc *doc, vb_err *err) {
  seg g = {doc, err, -1, -1, VB_KIND_TITLE, 0, {-1, -1}, 0, {NULL, 0, 0}, {NULL, 0, 0}};
  const char *s = doc->view.body.ptr;
  int rc;
  if (doc->title_speaker >= 0 && doc->title_claim.end > doc->title_claim.start) {
    uint32_t b = doc->title_claim.start, e = doc->title_claim.end;
    unquote(s, &b, &e);
    g.speaker = doc->title_speaker;
    if ((rc = push_statement(&g, b, e))) return rc;
  }
  /* the summary's sentences: quote attribution finds who they report */
  g.kind = VB_KIND_DIRECT;
  g.speaker = -1;
  for (uint32_t i = 0; i < doc->paras.n; i++) {
    const vb_para *p = &doc->paras.v[i];
    if (p->role != VB_ROLE_SUMMARY) continue;
    g.base = p->start;
    g.limit = p->end;
    rc = vb_sentences(s + p->start, p->end - p->start, on_sentence, &g);
    if (rc) return rc;
  }
  uint32_t next_sec = 0;
  for (uint32_t t = 0; t < doc->turns.n; t++) {
    const vb_turn *tr = &doc->turns.v[t];
    const vb_paragraph *pp = doc->paragraphs.v + doc->turn_para0.v[t];
    for (size_t k = 0; k < tr->nparagraphs; k++) {
      /* headings in place: before the turn, or between its paragraphs
       * when the turn goes on across them */
      int headed = k == 0;
      while (next_sec < doc->sections.n && doc->sections.v[next_sec].start <= (k ? pp[k].start : tr->start)) {
        if ((rc = heading_statement(&g, &doc->sections.v[next_sec++]))) return rc;
        headed = 1;
      }
      if (headed) {
        g.kind = VB_KIND_DIRECT;
        g.speaker = tr->speaker;
        g.turn = (int32_t)t;
        g.time = tr->time;
      }
      g.base = pp[k].start;
      g.limit = pp[k].end;
      rc = vb_sentences(s + pp[k].start, pp[k].end - pp[k].start, on_sentence, &g);
      if (rc) return rc;
    }
  }
  while (next_sec < doc->sections.n)
    if ((rc = heading_statement(&g, &doc->sections.v[next_sec++]))) return rc;
  return place_marks(&g);
}
