/* cmd_parse — `verbatim parse FILE [--json] [--format F]`: one document,
 * as the document JSON or as a readable view with speakers in colour. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct parse_out {
  int json, pretty, count;
} parse_out;

static int print_doc(void *ctx, const char *name, vb_doc *doc, const vb_err *err) {
  parse_out *po = ctx;
  (void)name;
  if (!doc) {
    cli_error(err);
    return 1;
  }
  char *out;
  vb_err e;
  int rc = vb_doc_to_json(doc, po->json ? po->pretty : 0, &out, &e);
  vb_doc_free(doc);
  if (rc) {
    cli_error(&e);
    return 1;
  }
  int status = CLI_OK;
  if (po->json) {
    fputs(out, stdout);
    fputc('\n', stdout);
  } else {
    if (po->count++) fputs("\n\n", stdout);
    status = cli_render_doc(out, stdout, cli_color(stdout));
  }
  free(out);
  return status != CLI_OK;
}

int cmd_parse(int argc, char **argv) {
  const char *path = NULL;
  int json = 0, pretty = 1;
  vb_parse_opts opts = {.format = VB_FMT_AUTO};
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
  parse_out po = {json, pretty, 0};
  int failed = vb_doc_parse_each(path, bytes, len, &opts, print_doc, &po);
  free(bytes);
  return failed ? CLI_FAILED : CLI_OK;
}
