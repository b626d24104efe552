/* cmd_export — `verbatim export [--format jsonl|csv] [QUERY]`: every
 * document as JSON Lines, or the hits of a query as JSON Lines or CSV. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Hits are fetched in pages of this many. */
#define PAGE 1000

static int print_line(void *ctx, const vb_doc *doc) {
  vb_err *err = ctx;
  char *json;
  int rc = vb_doc_to_json(doc, 0, &json, err);
  if (rc) return rc;
  rc = puts(json) < 0 ? VB_EIO : 0;
  free(json);
  return rc;
}

static void csv_field(vb_str s, int last) {
  putchar('"');
  for (size_t i = 0; s.ptr && i < s.len; i++) {
    if (s.ptr[i] == '"') putchar('"');
    putchar(s.ptr[i]);
  }
  putchar('"');
  putchar(last ? '\n' : ',');
}

static void hit_line(const vb_hit *h, int csv) {
  vb_str doc = {h->doc, strlen(h->doc)};
  if (csv) {
    csv_field(doc, 0);
    csv_field(h->speaker, 0);
    csv_field(h->kind, 0);
    csv_field(h->date, 0);
    csv_field(h->citation, 0);
    csv_field(h->text, 1);
    return;
  }
  char *line;
  vb_err err;
  if (vb_hit_to_json(h, &line, &err)) return;
  puts(line);
  free(line);
}

int cmd_export(int argc, char **argv) {
  const char *db = cli_db_default(), *query = NULL;
  int csv = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) db = argv[++i];
    else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
      const char *f = argv[++i];
      if (strcmp(f, "csv") == 0) csv = 1;
      else if (strcmp(f, "jsonl") != 0) {
        fprintf(stderr, "verbatim export: --format takes jsonl or csv\n");
        return CLI_USAGE;
      }
    } else if (!query && argv[i][0] != '-') query = argv[i];
    else return cli_usage_error("export");
  }
  if (!query && csv) {
    fprintf(stderr, "verbatim export: CSV needs a QUERY (documents export as JSON Lines)\n");
    return CLI_USAGE;
  }
  vb_store *st = cli_open_store(db, 0);
  if (!st) return CLI_FAILED;
  vb_err err;
  int rc = VB_OK;
  if (!query) {
    rc = vb_store_each_doc(st, print_line, &err, &err);
  } else {
    if (csv) puts("doc,speaker,kind,date,citation,text");
    vb_search_opts o = {.limit = PAGE, .sort = VB_SORT_DATE};
    for (;;) {
      vb_results *r;
      if ((rc = vb_store_search(st, query, &o, &r, &err))) break;
      for (size_t i = 0; i < r->nhits; i++) hit_line(&r->hits[i], csv);
      size_t n = r->nhits;
      vb_results_free(r);
      if (n < PAGE) break;
      o.offset += PAGE;
    }
  }
  vb_store_close(st);
  if (rc) {
    cli_error(&err);
    return CLI_FAILED;
  }
  return CLI_OK;
}
