/* render — the readable view of a document on a terminal: title,
 * metadata, speakers, then turns by section with speakers in colour.
 * `parse` and `show` both print through it, from the document itself. */
#include <string.h>
#include <utf8proc.h>

#include "cli.h"

void cli_cell(FILE *f, const char *s, size_t n, int width) {
  int used = 0;
  size_t i = 0;
  while (s && i < n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) { /* not UTF-8: a byte, one cell */
      k = 1;
      cp = '?';
    }
    int w = cp < 0x20 ? 0 : utf8proc_charwidth(cp);
    if (used + w > width) break;
    fwrite(s + i, 1, (size_t)k, f);
    used += w;
    i += (size_t)k;
  }
  for (; used < width; used++) fputc(' ', f);
}

static const char *const palette[] = {"\033[1;36m", "\033[1;33m", "\033[1;35m",
                                      "\033[1;32m", "\033[1;34m", "\033[1;31m"};
#define RESET "\033[0m"
#define BOLD "\033[1m"
#define DIM "\033[2m"

int cli_render_doc(const vb_doc *doc, FILE *f, int color) {
  const vb_doc_view *d = vb_doc_get(doc);
  const vb_meta *m = &d->meta;
  if (d->title.ptr) fprintf(f, "%s%.*s%s\n", color ? BOLD : "", CLI_STR(d->title), color ? RESET : "");
  fprintf(f, "%s", color ? DIM : "");
  if (m->series.ptr)
    fprintf(f, "%.*s%s%.*s  ", CLI_STR(m->series), m->number.ptr ? " No. " : "", CLI_STR(m->number));
  if (m->published.ptr) fprintf(f, "published %.*s  ", CLI_STR(m->published));
  if (m->aired.ptr) fprintf(f, "aired %.*s  ", CLI_STR(m->aired));
  if (m->channel.ptr) fprintf(f, "on %.*s  ", CLI_STR(m->channel));
  fprintf(f, "id %.12s%s\n\n", d->id, color ? RESET : "");
  for (size_t i = 0; i < d->nspeakers; i++) {
    const vb_speaker *sp = &d->speakers[i];
    fprintf(f, "%s%.*s%s", color ? palette[i % 6] : "", CLI_STR_OR(sp->name, "?"), color ? RESET : "");
    if (sp->role.ptr) fprintf(f, ", %.*s", CLI_STR(sp->role));
    if (sp->host) fputs(" (host)", f);
    fputc('\n', f);
  }
  /* a turn opens in its section; one that goes on across a heading shows
   * the heading between its paragraphs */
  size_t next_sec = 0;
  for (size_t i = 0; i < d->nturns; i++) {
    const vb_turn *t = &d->turns[i];
    if (t->section >= 0 && (size_t)t->section >= next_sec && (size_t)t->section < d->nsections) {
      next_sec = (size_t)t->section + 1;
      fprintf(f, "\n%s== %.*s ==%s", color ? BOLD : "", CLI_STR(d->sections[t->section].heading), color ? RESET : "");
    }
    fputc('\n', f);
    if (t->time.start >= 0) {
      char clock[32];
      fprintf(f, "[%s] ", vb_clock_text(t->time.start, clock));
    }
    int who = t->speaker;
    if (who >= 0 && (size_t)who < d->nspeakers && d->speakers[who].name.ptr)
      fprintf(f, "%s%.*s%s: ", color ? palette[who % 6] : "", CLI_STR(d->speakers[who].name), color ? RESET : "");
    else
      fputs("(unknown): ", f);
    for (size_t k = 0; k < t->nparagraphs; k++) {
      for (; k && next_sec < d->nsections && d->sections[next_sec].start <= t->paragraphs[k].start; next_sec++)
        fprintf(f, "\n\n%s== %.*s ==%s\n", color ? BOLD : "", CLI_STR(d->sections[next_sec].heading), color ? RESET : "");
      if (k) fputs("\n    ", f);
      fwrite(d->body.ptr + t->paragraphs[k].start, 1, t->paragraphs[k].end - t->paragraphs[k].start, f);
    }
    fputc('\n', f);
  }
  return CLI_OK;
}
