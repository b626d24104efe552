/* cmd_parse — `verbatim parse FILE [--json] [--format F]`: one document,
 * as the document JSON or as a readable view with speakers in colour. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const palette[] = {"\033[1;36m", "\033[1;33m", "\033[1;35m",
                                      "\033[1;32m", "\033[1;34m", "\033[1;31m"};
#define RESET "\033[0m"
#define DIM "\033[2m"

static void put(FILE *f, vb_str s) { fwrite(s.ptr, 1, s.len, f); }

static void readable(const vb_doc_view *v, FILE *f, int color) {
  const vb_meta *m = &v->meta;
  if (v->title.ptr) {
    fprintf(f, "%s", color ? "\033[1m" : "");
    put(f, v->title);
    fprintf(f, "%s\n", color ? RESET : "");
  }
  fprintf(f, "%s", color ? DIM : "");
  if (m->series.ptr) {
    put(f, m->series);
    if (m->number.ptr) fputs(" No. ", f), put(f, m->number);
    fputs("  ", f);
  }
  if (m->published.ptr) fputs("published ", f), put(f, m->published), fputs("  ", f);
  if (m->aired.ptr) fputs("aired ", f), put(f, m->aired), fputs("  ", f);
  if (m->channel.ptr) fputs("on ", f), put(f, m->channel);
  fprintf(f, "%s\n\n", color ? RESET : "");
  for (size_t i = 0; i < v->nspeakers; i++) {
    const vb_speaker *sp = &v->speakers[i];
    fprintf(f, "%s", color ? palette[i % 6] : "");
    put(f, sp->name);
    fprintf(f, "%s", color ? RESET : "");
    if (sp->role.ptr) fputs(", ", f), put(f, sp->role);
    if (sp->host) fputs(" (host)", f);
    fputc('\n', f);
  }
  int32_t section = -1;
  for (size_t t = 0; t < v->nturns; t++) {
    const vb_turn *tr = &v->turns[t];
    if (tr->section != section && tr->section >= 0) {
      section = tr->section;
      fprintf(f, "\n%s== ", color ? "\033[1m" : "");
      put(f, v->sections[section].heading);
      fprintf(f, " ==%s", color ? RESET : "");
    }
    fputc('\n', f);
    if (tr->time.start >= 0) {
      int s = (int)tr->time.start;
      fprintf(f, "[%02d:%02d:%02d] ", s / 3600, s / 60 % 60, s % 60);
    }
    if (tr->speaker >= 0) {
      fprintf(f, "%s", color ? palette[tr->speaker % 6] : "");
      put(f, v->speakers[tr->speaker].name);
      fprintf(f, "%s: ", color ? RESET : "");
    } else {
      fputs("(unknown): ", f);
    }
    for (size_t k = 0; k < tr->nparagraphs; k++) {
      vb_str p = {v->body.ptr + tr->paragraphs[k].start,
                  tr->paragraphs[k].end - tr->paragraphs[k].start};
      if (k) fputs("\n    ", f);
      put(f, p);
    }
    fputc('\n', f);
  }
}

int cmd_parse(int argc, char **argv) {
  const char *path = NULL;
  int json = 0, pretty = 1;
  vb_parse_opts opts = {VB_FMT_AUTO};
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) json = 1;
    else if (strcmp(argv[i], "--compact") == 0) pretty = 0;
    else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
      const char *name = argv[++i];
      opts.format = vb_format_from_name(name);
      if (opts.format == VB_FMT_AUTO && strcmp(name, "auto") != 0) {
        fprintf(stderr, "verbatim parse: unknown format '%s' (text, html, srt, vtt, jsonl)\n", name);
        return CLI_USAGE;
      }
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      fprintf(stderr, "verbatim parse: unknown option '%s'\n", argv[i]);
      return CLI_USAGE;
    } else if (!path) path = argv[i];
    else {
      fprintf(stderr, "verbatim parse: one FILE at a time\n");
      return CLI_USAGE;
    }
  }
  if (!path) {
    fprintf(stderr, "usage: verbatim parse FILE|- [--json [--compact]] [--format F]\n");
    return CLI_USAGE;
  }
  vb_err err;
  vb_err_clear(&err);
  char *bytes;
  size_t len;
  if (vb_file_read(path, &bytes, &len, &err)) {
    cli_error(&err);
    return CLI_FAILED;
  }
  vb_doc *doc;
  int rc = vb_doc_parse(bytes, len, path, &opts, &doc, &err);
  free(bytes);
  if (rc) {
    cli_error(&err);
    return CLI_FAILED;
  }
  if (json) {
    char *out;
    if (vb_doc_to_json(doc, pretty, &out, &err)) {
      cli_error(&err);
      vb_doc_free(doc);
      return CLI_FAILED;
    }
    fputs(out, stdout);
    fputc('\n', stdout);
    free(out);
  } else {
    readable(vb_doc_get(doc), stdout, cli_color(stdout));
  }
  vb_doc_free(doc);
  return CLI_OK;
}
