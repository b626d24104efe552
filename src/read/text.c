/* text reader — plain text -> one block per non-blank line, with the count
 * of blank lines before it; a leading ">>" (caption speaker change) becomes
 * VB_BLK_CHANGE and is left out of the block's span. */
#include <string.h>

#include "core/err.h"
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

int vb_read_text(vb_doc *doc, vb_err *err) {
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
  if (doc->blocks.n == 0)
    return vb_err_set(err, VB_EEMPTY, doc->path, -1, "no text: only blank lines");
  return VB_OK;
}
