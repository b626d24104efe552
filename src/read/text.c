/* text reader — plain text -> one block per non-blank line, with the count
 * of blank lines before it; a leading ">>" (caption speaker change) becomes
 * VB_BLK_CHANGE and is left out of the block's span. The page headers of a
 * printed record set as text ("27 10-54959", "A/70/PV.22 01/10/2015", a
 * page number in the middle of a sentence) are moved to the end of the
 * body, flagged VB_BLK_PAGE, so the sentence they cut reads whole. */
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/text.h"
#include "read.h"

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

/* U+00A0 NO-BREAK SPACE and U+3000 IDEOGRAPHIC SPACE at s[i..e). */
static size_t wide_space(const char *s, size_t i, size_t e) {
  if (i + 1 < e && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0) return 2;
  if (i + 2 < e && (unsigned char)s[i] == 0xE3 && (unsigned char)s[i + 1] == 0x80 &&
      (unsigned char)s[i + 2] == 0x80)
    return 3;
  return 0;
}

static int scan(vb_doc *doc, vb_err *err) {
  const char *s = doc->view.body.ptr;
  size_t n = doc->view.body.len;
  size_t pos = 0;
  unsigned gap = 0;
  uint8_t pending = 0; /* a bare ">>" line changes the speaker of the next */
  while (pos < n) {
    const char *nl = memchr(s + pos, '\n', n - pos);
    size_t eol = nl ? (size_t)(nl - s) : n;
    size_t b = pos, e = eol;
    for (;;) {
      size_t w;
      if (b < e && is_space((unsigned char)s[b])) b++;
      else if ((w = wide_space(s, b, e))) b += w;
      else break;
    }
    while (e > b && is_space((unsigned char)s[e - 1])) e--;
    while (e >= b + 2 && (unsigned char)s[e - 2] == 0xC2 && (unsigned char)s[e - 1] == 0xA0) e -= 2;
    if (b == e) {
      if (gap < UINT16_MAX) gap++;
    } else {
      uint8_t flags = pending;
      if (b > pos) flags |= VB_BLK_INDENT;
      if (e - b >= 2 && s[b] == '>' && s[b + 1] == '>') {
        flags |= VB_BLK_CHANGE;
        b += 2;
        while (b < e && (s[b] == '>' || is_space((unsigned char)s[b]))) b++;
        if (b == e) {
          pending = VB_BLK_CHANGE;
          pos = eol + 1;
          continue;
        }
      }
      pending = 0;
      if (doc->blocks.n >= VB_MAX_BLOCKS)
        return vb_err_set(err, VB_ELIMIT, doc->path, (long long)pos,
                          "more than %u lines of text", VB_MAX_BLOCKS);
      vb_block *blk = VB_VEC_PUSH(doc->arena, doc->blocks);
      if (!blk) return vb_err_set(err, VB_ENOMEM, doc->path, (long long)pos, "out of memory");
      memset(blk, 0, sizeof *blk);
      blk->start = (uint32_t)b;
      blk->end = (uint32_t)e;
      blk->time.start = blk->time.end = -1;
      blk->gap = (uint16_t)gap;
      blk->flags = flags;
      gap = 0;
    }
    pos = eol + 1;
  }
  return VB_OK;
}

/* One word of a printed record's page header: a page number ("27",
 * "50/55"), the document's number ("10-54959"), its symbol ("A/70/PV.22",
 * "S/PV.8000") or the date ("01/10/2015"). *strong: it is the number or
 * the symbol, which no sentence is made of. */
static int page_word(const char *s, size_t b, size_t e, int *strong) {
  size_t n = e - b, digits = 0, slashes = 0, dashes = 0;
  for (size_t i = b; i < e; i++) {
    unsigned char c = (unsigned char)s[i];
    if (vb_is_ascii_digit(c)) digits++;
    else if (c == '/') slashes++;
    else if (c == '-') dashes++;
  }
  if (digits == n && n <= 4) return 1;
  if (digits + slashes == n && slashes == 1 && n <= 7) return 1; /* 50/55 */
  if (digits + slashes == n && slashes == 2 && n == 10) return 1; /* 01/10/2015 */
  if (digits + dashes == n && dashes == 1 && n == 8 && s[b + 2] == '-') { /* 10-54959 */
    *strong = 1;
    return 1;
  }
  if (n >= 6 && vb_find_ci(s + b, n, "/PV.") >= 0 && vb_is_ascii_upper((unsigned char)s[b])) {
    *strong = 1;
    return 1;
  }
  return 0;
}

/* Is block k a page header: page words only, with the document's number
 * or symbol, or a bare page number that cuts a sentence? */
static int page_header(const vb_doc *doc, uint32_t k) {
  const vb_block *blk = &doc->blocks.v[k];
  const char *s = doc->view.body.ptr;
  if (blk->end - blk->start > 48 || !(vb_is_ascii_digit((unsigned char)s[blk->start]) ||
                                      vb_is_ascii_upper((unsigned char)s[blk->start])))
    return 0;
  int strong = 0, words = 0;
  for (size_t i = blk->start; i < blk->end;) {
    while (i < blk->end && s[i] == ' ') i++;
    size_t w = i;
    while (i < blk->end && s[i] != ' ') i++;
    if (i > w) {
      if (!page_word(s, w, i, &strong)) return 0;
      words++;
    }
  }
  if (strong) return 1;
  if (words != 1 || k == 0 || k + 1 >= doc->blocks.n) return 0;
  /* "…by means of bombs or any other / 6 / similarly harmful means" */
  const vb_block *prev = &doc->blocks.v[k - 1];
  unsigned char last = (unsigned char)s[prev->end - 1];
  return vb_is_ascii_alpha(last) || last == ',';
}

/* The body becomes text then tail (its page furniture, the last `pages`
 * blocks, flagged VB_BLK_PAGE); both are freed. */
static int set_body(vb_doc *doc, vb_buf *text, vb_buf *tail, uint32_t pages, vb_err *err) {
  while (text->len && (text->ptr[text->len - 1] == '\n' || text->ptr[text->len - 1] == ' ')) text->len--;
  vb_buf_add(text, tail->ptr, tail->len);
  if (doc->drop_source) {
    /* nobody keeps the text as decoded: gone before its successor is
     * copied, so a long one is not held three times here */
    vb_arena_release(doc->arena, (void *)doc->view.body.ptr, doc->view.body.len + 1);
    doc->view.body.ptr = doc->view.source.ptr = NULL;
    doc->view.body.len = doc->view.source.len = 0;
  }
  char *body = text->failed || tail->failed ? NULL : vb_arena_strndup(doc->arena, text->ptr, text->len);
  vb_buf_free(tail);
  size_t len = text->len;
  vb_buf_free(text);
  if (!body) return vb_err_set(err, VB_ENOMEM, doc->path, -1, "out of memory");
  if (doc->drop_source) {
    doc->view.source.ptr = body;
    doc->view.source.len = len;
  }
  doc->view.body.ptr = body;
  doc->view.body.len = len;
  doc->blocks.n = 0;
  int rc = scan(doc, err);
  if (rc) return rc;
  for (uint32_t k = doc->blocks.n >= pages ? doc->blocks.n - pages : 0; k < doc->blocks.n; k++)
    doc->blocks.v[k].flags |= VB_BLK_PAGE | VB_BLK_HARD;
  return VB_OK;
}

/* A court reporter's transcript set as text: every line of a page numbered
 * in the margin (1 to 25), the page's header ("Official - Subject to Final
 * Review"), number and reporter's name around them, a paragraph's first
 * line indented past the others ("7        CHIEF JUSTICE ROBERTS:     They
 * would apply", "8   even if ..."). The margin number of line k at
 * [b, *text) and the column its text starts at: 0 when it is none. */
static unsigned margin_number(const char *s, size_t b, size_t e, size_t *text) {
  size_t i = b;
  while (i < e && s[i] == ' ' && i - b < 2) i++;
  size_t d = i;
  unsigned v = 0;
  while (i < e && vb_is_ascii_digit((unsigned char)s[i]) && i - d < 2) v = v * 10 + (unsigned)(s[i++] - '0');
  if (i == d || v == 0 || v > 25 || (i < e && s[i] != ' ')) return 0;
  while (i < e && s[i] == ' ') i++;
  *text = i;
  return v;
}

/* Is the text such a transcript: at least 20 lines numbered in sequence,
 * they are most of its lines, and they are a printed page's lines, not
 * numbered paragraphs ("1 I bring you greetings…" a line of 400 bytes, a
 * speech's)? */
static int numbered_record(const vb_doc *doc) {
  const char *s = doc->view.body.ptr;
  unsigned prev = 0, seq = 0, lines = 0, wide = 0;
  for (size_t pos = 0, n = doc->view.body.len; pos < n;) {
    const char *nl = memchr(s + pos, '\n', n - pos);
    size_t eol = nl ? (size_t)(nl - s) : n, t;
    size_t b = pos;
    while (b < eol && is_space((unsigned char)s[b])) b++;
    if (b < eol) {
      lines++;
      unsigned v = margin_number(s, pos, eol, &t);
      if (v && (v == 1 || v == prev + 1)) seq++;
      if (v) prev = v;
      if (v && eol - pos > 100) wide++;
    }
    pos = eol + 1;
  }
  return seq >= 20 && seq * 2 >= lines && wide * 10 <= seq;
}

/* Rewrite a numbered record: the margin numbers go, a paragraph's lines
 * are joined into one (runs of spaces, the printed justification, made
 * one), paragraphs are set apart by a blank line, and the lines that are
 * not numbered (the page's header, number and reporter, a word index after
 * the last page) go to the end as the printed record's furniture. */
static int unnumber(vb_doc *doc, vb_err *err) {
  const char *s = doc->view.body.ptr;
  size_t n = doc->view.body.len;
  size_t base = SIZE_MAX; /* the column of a paragraph's later lines */
  for (size_t pos = 0, t; pos < n;) {
    const char *nl = memchr(s + pos, '\n', n - pos);
    size_t eol = nl ? (size_t)(nl - s) : n;
    if (margin_number(s, pos, eol, &t) && t < eol && t - pos < base) base = t - pos;
    pos = eol + 1;
  }
  vb_buf text, tail;
  vb_buf_init(&text, 0);
  vb_buf_init(&tail, 0);
  uint32_t pages = 0;
  int open = 0; /* a paragraph is being written */
  for (size_t pos = 0, t; pos < n;) {
    const char *nl = memchr(s + pos, '\n', n - pos);
    size_t eol = nl ? (size_t)(nl - s) : n, e = eol, b = pos;
    while (e > pos && is_space((unsigned char)s[e - 1])) e--;
    while (b < e && is_space((unsigned char)s[b])) b++;
    if (b == e) { pos = eol + 1; continue; }
    if (margin_number(s, pos, e, &t)) {
      if (t == e) { /* a numbered blank line ends a paragraph */
        open = 0;
      } else {
        if (open && t - pos < base + 6) vb_buf_addc(&text, ' ');
        else {
          if (text.len) vb_buf_adds(&text, "\n\n");
        }
        for (size_t i = t; i < e; i++)
          if (s[i] != ' ' || s[i - 1] != ' ') vb_buf_addc(&text, s[i]);
        open = 1;
      }
    } else { /* the page's header, number and reporter; the word index */
      vb_buf_adds(&tail, "\n\n");
      vb_buf_add(&tail, s + b, e - b);
      pages++;
    }
    pos = eol + 1;
  }
  int rc = set_body(doc, &text, &tail, pages, err);
  for (uint32_t k = 0; !rc && k < doc->blocks.n; k++)
    if (!(doc->blocks.v[k].flags & VB_BLK_PAGE)) doc->blocks.v[k].flags |= VB_BLK_NUMBERED;
  return rc;
}

int vb_read_text(vb_doc *doc, vb_err *err) {
  int rc = scan(doc, err);
  if (rc) return rc;
  if (numbered_record(doc)) {
    if ((rc = unnumber(doc, err))) return rc;
    if (doc->blocks.n == 0) return vb_err_set(err, VB_EEMPTY, doc->path, -1, "no text: only blank lines");
    return VB_OK;
  }
  uint32_t pages = 0;
  for (uint32_t k = 0; k < doc->blocks.n; k++)
    if (page_header(doc, k)) pages++;
  if (pages) { /* a body of its own: the text, then the page headers */
    const char *s = doc->view.body.ptr;
    vb_buf text, tail;
    vb_buf_init(&text, 0);
    vb_buf_init(&tail, 0);
    size_t from = 0; /* copied up to here */
    for (uint32_t k = 0; k < doc->blocks.n; k++) {
      if (!page_header(doc, k)) continue;
      const vb_block *blk = &doc->blocks.v[k];
      /* from the end of the text before to the start of the line after */
      size_t cut = k > 0 ? doc->blocks.v[k - 1].end : 0, resume = doc->view.body.len;
      if (cut < from) cut = from;
      for (uint32_t j = k + 1; j < doc->blocks.n; j++)
        if (!page_header(doc, j)) {
          resume = doc->blocks.v[j].start;
          while (resume > blk->end && s[resume - 1] != '\n') resume--;
          break;
        }
      vb_buf_add(&text, s + from, cut - from);
      if (cut > 0 && resume < doc->view.body.len) vb_buf_addc(&text, '\n');
      vb_buf_adds(&tail, "\n\n");
      vb_buf_add(&tail, s + blk->start, blk->end - blk->start);
      from = resume > from ? resume : from;
    }
    vb_buf_add(&text, s + from, doc->view.body.len - from);
    if ((rc = set_body(doc, &text, &tail, pages, err))) return rc;
  }
  if (doc->blocks.n == 0)
    return vb_err_set(err, VB_EEMPTY, doc->path, -1, "no text: only blank lines");
  return VB_OK;
}
