/* explain — `verbatim parse --explain`: what each paragraph of the body
 * was taken for and why, so nothing in a document is lost unseen. */
#include <stdlib.h>
#include <string.h>

#include "attribute/attribute.h"
#include "core/buf.h"
#include "core/err.h"

/* Bytes of a paragraph shown beside its role. */
#define EXCERPT_BYTES 72

static const char *role_name(uint8_t r) {
  static const char *const names[] = {"-",       "header", "title",   "dateline", "tags",
                                      "summary", "clip",   "heading", "turn",     "boilerplate"};
  return r < sizeof names / sizeof *names ? names[r] : "?";
}

/* The speaker of the turn holding body offset at, or NULL. */
static const vb_str *speaker_at(const vb_doc *d, uint32_t at) {
  for (uint32_t t = 0; t < d->turns.n; t++) {
    const vb_turn *tr = &d->turns.v[t];
    if (at + 1 >= tr->start && at < tr->end + 1)
      return tr->speaker >= 0 ? &d->speakers.v[tr->speaker].name : NULL;
  }
  return NULL;
}

int vb_doc_explain(const vb_doc *d, char **out, vb_err *err) {
  *out = NULL;
  vb_buf b;
  vb_buf_init(&b, 0);
  const char *s = d->view.body.ptr;
  for (uint32_t i = 0; i < d->paras.n; i++) {
    const vb_para *p = &d->paras.v[i];
    vb_buf_printf(&b, "%-11s %7u-%-7u ", role_name(p->role), p->start, p->end);
    if (p->role == VB_ROLE_TRANSCRIPT) {
      const vb_str *who = speaker_at(d, p->text_start);
      if (who)
        vb_buf_printf(&b, "[%.*s] ", (int)who->len, who->ptr);
      else
        vb_buf_adds(&b, "[no speaker] ");
    }
    vb_buf_adds(&b, p->why ? p->why : "");
    if (p->label_end > p->label_start)
      vb_buf_printf(&b, "; label \"%.*s\"", (int)(p->label_end - p->label_start),
                    s + p->label_start);
    vb_buf_adds(&b, "\n            | ");
    size_t n = p->end - p->start;
    size_t k = n > EXCERPT_BYTES ? EXCERPT_BYTES : n;
    while (k < n && ((unsigned char)s[p->start + k] & 0xC0) == 0x80)
      k++; /* whole characters */
    for (size_t j = 0; j < k; j++)
      vb_buf_addc(&b, s[p->start + j] == '\n' ? ' ' : s[p->start + j]);
    if (k < n) vb_buf_adds(&b, "\xE2\x80\xA6");
    vb_buf_addc(&b, '\n');
  }
  vb_buf_printf(&b, "%u paragraphs, %u turns, %u statements, %u boilerplate\n", d->paras.n,
                d->turns.n, d->statements.n, d->boilerplate.n);
  if (b.failed) {
    vb_buf_free(&b);
    return vb_err_set(err, VB_ENOMEM, d->path, -1, "out of memory");
  }
  *out = malloc(b.len + 1);
  if (!*out) {
    vb_buf_free(&b);
    return vb_err_set(err, VB_ENOMEM, d->path, -1, "out of memory");
  }
  memcpy(*out, b.ptr, b.len);
  (*out)[b.len] = '\0';
  vb_buf_free(&b);
  return VB_OK;
}
