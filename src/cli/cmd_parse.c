/* cmd_parse — `verbatim parse FILE... [--json] [--body] [--explain]
 * [--format F]`: documents as the document JSON or as a readable view with
 * speakers in colour; --body adds the decoded text the JSON's offsets
 * count into; --explain says what each paragraph was taken for and why. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct parse_out {
  int json, pretty, body, explain, count;
} parse_out;

static int print_doc(void *ctx, const char *name, vb_doc *doc, const vb_err *err) {
  parse_out *po = ctx;
  (void)name;
  if (!doc) {
    cli_error(err);
    return 1;
  }
  cli_warnings(vb_doc_get(doc));
  if (po->explain) {
    char *out;
    vb_err e;
    int rc = vb_doc_explain(doc, &out, &e);
    if (!rc) printf("%s%s\n", po->count++ ? "\n" : "", vb_doc_get(doc)->path.ptr);
    vb_doc_free(doc);
    if (rc) {
      cli_error(&e);
      return 1;
    }
    fputs(out, stdout);
    free(out);
    return 0;
  }
  int status = CLI_OK;
  if (po->json) {
    /* written as it is made: a large document's JSON is never held */
    vb_err e;
    int rc = vb_doc_write_json(doc, po->pretty, po->body, stdout, &e);
    vb_doc_free(doc);
    if (rc) {
      cli_error(&e);
      return 1;
    }
    fputc('\n', stdout);
    return 0;
  }
  if (po->count++) fputs("\n\n", stdout);
  status = cli_render_doc(doc, stdout, cli_color(stdout));
  vb_doc_free(doc);
  return status != CLI_OK;
}

int cmd_parse(int argc, char **argv) {
  int json = 0, pretty = 1, body = 0, explain = 0, npaths = 0;
  /* nothing is stored: a reader's own body is all the document keeps */
  vb_parse_opts opts = {.format = VB_FMT_AUTO, .drop_source = 1};
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) json = 1;
    else if (strcmp(argv[i], "--compact") == 0) pretty = 0;
    else if (strcmp(argv[i], "--body") == 0) body = 1;
    else if (strcmp(argv[i], "--explain") == 0) explain = 1;
    else if (strcmp(argv[i], "--max-bad-bytes") == 0 && i + 1 < argc) {
      if (cli_max_bad_bytes(argv[++i], &opts)) return CLI_USAGE;
    }
    else if (strcmp(argv[i], "--language") == 0 && i + 1 < argc) {
      if (cli_language("parse", argv[++i], &opts)) return CLI_USAGE;
    }
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
    } else npaths++;
  }
  if (!npaths || (body && !json)) {
    return cli_usage_error("parse");
  }
  parse_out po = {json, pretty, body, explain, 0};
  int failed = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--format") == 0 || strcmp(argv[i], "--max-bad-bytes") == 0 ||
        strcmp(argv[i], "--language") == 0)
      i++;
    else if (argv[i][0] != '-' || argv[i][1] == '\0') {
      vb_err err;
      vb_err_clear(&err);
      char *bytes;
      size_t len;
      if (vb_file_read(argv[i], &bytes, &len, &err)) {
        cli_error(&err);
        failed = 1;
        continue;
      }
      /* the bytes go once decoded: a large input is not held beside its text */
      failed |= vb_doc_parse_each_owned(argv[i], bytes, len, &opts, print_doc, &po) != 0;
    }
  }
  return failed ? CLI_FAILED : CLI_OK;
}
