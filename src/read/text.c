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

int vb_read_text(vb_doc *doc, vb_err *err) {
  int rc = scan(doc, err);
  if (rc) return rc;
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
    while (text.len && (text.ptr[text.len - 1] == '\n' || text.ptr[text.len - 1] == ' ')) text.len--;
    vb_buf_add(&text, tail.ptr, tail.len);
    if (doc->drop_source) {
      /* nobody keeps the text as decoded: gone before its successor is
       * copied, so a long one is not held three times here */
      vb_arena_release(doc->arena, (void *)doc->view.body.ptr, doc->view.body.len + 1);
      doc->view.body.ptr = doc->view.source.ptr = NULL;
      doc->view.body.len = doc->view.source.len = 0;
    }
    char *body = text.failed || tail.failed ? NULL : vb_arena_strndup(doc->arena, text.ptr, text.len);
    vb_buf_free(&tail);
    size_t len = text.len;
    vb_buf_free(&text);
    if (!body) return vb_err_set(err, VB_ENOMEM, doc->path, -1, "out of memory");
    if (doc->drop_source) {
      doc->view.source.ptr = body;
      doc->view.source.len = len;
    }
    doc->view.body.ptr = body;
    doc->view.body.len = len;
    doc->blocks.n = 0;
    if ((rc = scan(doc, err))) return rc;
    for (uint32_t k = doc->blocks.n - pages; k < doc->blocks.n; k++)
      doc->blocks.v[k].flags |= VB_BLK_PAGE | VB_BLK_HARD;
  }
  if (doc->blocks.n == 0)
    return vb_err_set(err, VB_EEMPTY, doc->path, -1, "no text: only blank lines");
  return VB_OK;
}
