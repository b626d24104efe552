/* cmd_quote — `verbatim quote DOC:N [--json]`: a statement's family as a
 * timeline: when it was first said and by whom, every later repeat with
 * its source, and how each variant's words differ from the first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Prints s, or otherwise when s is unknown or empty. */
static void put(vb_str s, const char *otherwise) {
  if (s.len) fwrite(s.ptr, 1, s.len, stdout);
  else fputs(otherwise, stdout);
}

/* Where a member was said: "Special Dispatch 101: title (channel)". */
static void print_source(const vb_family_member *m) {
  put(m->series, "");
  if (m->series.len && m->number.len) putchar(' ');
  put(m->number, "");
  if (m->title.len) {
    if (m->series.len) fputs(": ", stdout);
    put(m->title, "");
  }
  if (m->channel.len) printf(" (%.*s)", CLI_STR(m->channel));
}

/* The words a variant changed: `replaced "a" -> "b"; trimmed "c"`. */
static void print_diff(const vb_family_member *m) {
  size_t shown = 0;
  for (size_t i = 0; i < m->ndiff; i++) {
    const vb_family_change *d = &m->diff[i];
    if (!strcmp(d->op, "same")) continue;
    printf("%s%s", shown++ ? "; " : "             ", d->op);
    if (d->from.ptr) printf(" \"%.*s\"", CLI_STR(d->from));
    if (d->from.ptr && d->to.ptr) printf(" ->");
    if (d->to.ptr) printf(" \"%.*s\"", CLI_STR(d->to));
  }
  if (shown) putchar('\n');
}

static void render(const vb_family *f) {
  const vb_family_member *asked = &f->statement;
  printf("\"%.*s\"\n", CLI_STR(asked->text));
  if (!f->nmembers) {
    printf("%s\n", f->note ? f->note : "");
    return;
  }
  const vb_family_member *first = &f->members[0];
  fputs("first said ", stdout);
  put(first->date, "(undated)");
  fputs(" by ", stdout);
  put(first->speaker, "(unknown speaker)");
  fputs(": ", stdout);
  print_source(first);
  printf("\n%zu repeat(s), %zu variant(s), %zu source(s); speakers: ", f->repeats, f->variants, f->sources);
  for (size_t i = 0; i < f->nspeakers; i++)
    printf("%s%.*s", i ? ", " : "", CLI_STR(f->speakers[i]));
  printf("\n\n");
  for (size_t i = 0; i < f->nmembers; i++) {
    const vb_family_member *m = &f->members[i];
    int is_asked = !strcmp(m->doc, asked->doc) && m->index == asked->index;
    char rel[32], date[16];
    if (strcmp(m->relation, "first") != 0)
      snprintf(rel, sizeof rel, "%s %.2f", m->relation, m->jaccard);
    else
      snprintf(rel, sizeof rel, "%s", m->relation);
    snprintf(date, sizeof date, "%.*s", m->date.len ? (int)m->date.len : 7, m->date.len ? m->date.ptr : "undated");
    /* "#sN" or "#sNvV": with the doc, a permalink */
    const char *at = m->link.ptr ? memchr(m->link.ptr, '#', m->link.len) : NULL;
    printf("%c %-10s  %-10s  %.12s%.*s  ", is_asked ? '*' : ' ', date, rel, m->doc,
           at ? (int)(m->link.len - (size_t)(at - m->link.ptr)) : 0, at ? at : "");
    put(m->speaker, "(unknown)");
    fputs(": ", stdout);
    print_source(m);
    putchar('\n');
    if (m->diffed) print_diff(m);
  }
}

int cmd_quote(int argc, char **argv) {
  const char *db, *ref;
  int json, status = cli_one_name(argc, argv, "quote", &db, &ref, &json);
  if (status) return status;
  vb_store *st = cli_open_store(db, 0);
  if (!st) return CLI_FAILED;
  vb_family *f = NULL;
  char *out = NULL;
  vb_err err;
  int rc = vb_store_family(st, ref, &f, &err);
  if (!rc && json) rc = vb_family_to_json(f, &out, &err);
  vb_store_close(st);
  if (rc) {
    vb_family_free(f);
    cli_error(&err);
    return rc == VB_EUSAGE ? CLI_USAGE : CLI_FAILED;
  }
  if (json) puts(out);
  else render(f);
  free(out);
  vb_family_free(f);
  return CLI_OK;
}
