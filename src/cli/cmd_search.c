/* cmd_search — `verbatim search QUERY`: statements (or documents) that
 * match, with snippets, citations and facets. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/text.h"

static const char *const facet_names[VB_NFACETS] = {"speaker", "entity", "tag", "month", "said"};

static int parse_facets(const char *arg, unsigned *mask) {
  *mask = 0;
  const char *p = arg;
  while (*p) {
    const char *e = strchr(p, ',');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    int found = 0;
    for (int f = 0; f < VB_NFACETS; f++)
      if (strlen(facet_names[f]) == n && strncmp(p, facet_names[f], n) == 0) {
        *mask |= 1u << f;
        found = 1;
      }
    if (!found) return -1;
    p += n + (e ? 1 : 0);
  }
  return 0;
}

/* Text for a reader's line: a run of white space (a caption's or a
 * wrapped line's breaks) shown as one space; the citation keeps the
 * source's bytes. */
static void put_folded(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (!vb_is_ascii_space((unsigned char)s[i])) {
      fputc(s[i], stdout);
      continue;
    }
    fputc(' ', stdout);
    while (i + 1 < n && vb_is_ascii_space((unsigned char)s[i + 1])) i++;
  }
}

/* The snippet with "**" marks shown as bold (or left as is without
 * colour), the text's own `*` and `\` unescaped (results.c), white space
 * folded. */
static void put_snippet(vb_str s, int color) {
  int on = 0;
  for (size_t i = 0; i < s.len; i++) {
    if (s.ptr[i] == '\\' && i + 1 < s.len) {
      fputc(s.ptr[++i], stdout);
      continue;
    }
    if (color && i + 1 < s.len && s.ptr[i] == '*' && s.ptr[i + 1] == '*') {
      fputs(on ? "\033[0m" : "\033[1;33m", stdout);
      on = !on;
      i++;
      continue;
    }
    size_t k = i;
    while (k < s.len && vb_is_ascii_space((unsigned char)s.ptr[k])) k++;
    if (k > i) {
      put_folded(s.ptr + i, k - i);
      i = k - 1;
      continue;
    }
    fputc(s.ptr[i], stdout);
  }
  if (on) fputs("\033[0m", stdout);
}

static void readable(const vb_results *r, const vb_search_opts *o, int color) {
  printf("%lld %s\n", (long long)r->total,
         o->docs ? (r->total == 1 ? "document" : "documents")
                 : (r->total == 1 ? "statement" : "statements"));
  for (size_t i = 0; i < r->nhits; i++) {
    const vb_hit *h = &r->hits[i];
    printf("\n%zu. %s%.*s%s", (size_t)o->offset + i + 1, color ? "\033[1;36m" : "",
           h->speaker.ptr ? (int)h->speaker.len : 7, h->speaker.ptr ? h->speaker.ptr : "unknown",
           color ? "\033[0m" : "");
    if (h->kind.ptr && strncmp(h->kind.ptr, "direct", h->kind.len) != 0)
      printf(" (%.*s)", (int)h->kind.len, h->kind.ptr);
    fputs(": ", stdout);
    /* --context: the turn's statements around it, dimmed */
    for (size_t k = 0; k < h->nbefore; k++) {
      fputs(color ? "\033[2m" : "", stdout);
      put_folded(h->before[k].ptr, h->before[k].len);
      fputs(color ? "\033[0m " : " ", stdout);
    }
    put_snippet(h->snippet, color);
    for (size_t k = 0; k < h->nafter; k++) {
      fputs(color ? " \033[2m" : " ", stdout);
      put_folded(h->after[k].ptr, h->after[k].len);
      fputs(color ? "\033[0m" : "", stdout);
    }
    printf("\n   %s%.*s%s\n", color ? "\033[2m" : "", (int)h->citation.len, h->citation.ptr,
           color ? "\033[0m" : "");
    /* its quote family: said before (where first), or said first of n */
    if (h->said_before)
      printf("   said before: first said %.*s, %.*s (%lld statements say it)\n", (int)h->first_said.len,
             h->first_said.ptr, (int)h->first_link.len, h->first_link.ptr, (long long)h->family);
    else if (h->family)
      printf("   first said here; said again %lld time(s)\n", (long long)h->family - 1);
  }
  for (int f = 0; f < VB_NFACETS; f++) {
    if (!(r->facet_mask & (1u << f))) continue;
    printf("\n%s:", facet_names[f]);
    if (f == 1 && r->entity_sample) printf(" (statements, in an even sample of %lld of those found)", (long long)r->entity_sample);
    for (size_t k = 0; k < r->nfacets[f]; k++)
      printf("%s %.*s (%lld)", k ? "," : "", (int)r->facets[f][k].value.len,
             r->facets[f][k].value.ptr, (long long)r->facets[f][k].count);
    putchar('\n');
  }
}

int cmd_search(int argc, char **argv) {
  const char *db = cli_db_default(), *query = NULL, *read_db = NULL;
  vb_search_opts o = {.limit = 20, .sort = VB_SORT_RELEVANCE};
  int max_cost = -1; /* the store's default */
  int json = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--db") == 0 && i + 1 < argc) db = argv[++i];
    else if (strcmp(a, "--read-db") == 0 && i + 1 < argc) read_db = argv[++i];
    else if (strcmp(a, "--json") == 0) json = 1;
    else if (strcmp(a, "--docs") == 0) o.docs = 1;
    else if (strcmp(a, "--limit") == 0 && i + 1 < argc) o.limit = (int)strtol(argv[++i], NULL, 10);
    else if (strcmp(a, "--offset") == 0 && i + 1 < argc) o.offset = (int)strtol(argv[++i], NULL, 10);
    else if (strcmp(a, "--context") == 0 && i + 1 < argc) o.context = (int)strtol(argv[++i], NULL, 10);
    else if (strcmp(a, "--max-cost") == 0 && i + 1 < argc) {
      if (cli_number("--max-cost", argv[++i], 0, 2000000000, &max_cost)) return CLI_USAGE;
    }
    else if (strcmp(a, "--sort") == 0 && i + 1 < argc) {
      const char *v = argv[++i];
      if (strcmp(v, "date") == 0) o.sort = VB_SORT_DATE;
      else if (strcmp(v, "relevance") == 0) o.sort = VB_SORT_RELEVANCE;
      else {
        fprintf(stderr, "verbatim search: --sort takes relevance or date\n");
        return CLI_USAGE;
      }
    } else if (strcmp(a, "--facets") == 0 && i + 1 < argc) {
      if (parse_facets(argv[++i], &o.facets)) {
        fprintf(stderr, "verbatim search: --facets takes speaker,entity,tag,month,said\n");
        return CLI_USAGE;
      }
    } else if (a[0] == '-' && a[1] == '-') {
      fprintf(stderr, "verbatim search: unknown option '%s'\n", a);
      return CLI_USAGE;
    } else if (!query) query = a;
    else {
      fprintf(stderr, "verbatim search: quote the query as one argument\n");
      return CLI_USAGE;
    }
  }
  if (!query || o.limit < 1 || o.context < 0 || o.context > 5) return cli_usage_error("search");
  vb_store *st = cli_open_store(db, 0);
  if (!st) return CLI_FAILED;
  vb_results *r;
  vb_err err;
  int rc = read_db ? vb_store_read_from(st, read_db, &err) : VB_OK;
  if (max_cost >= 0) vb_store_query_cost(st, max_cost);
  /* one search and the process ends: loading the column cache would
   * cost it more than the rows it spares (bench/RESULTS.md, issue 14,
   * session 22) */
  vb_store_one_search(st);
  if (!rc) rc = vb_store_search(st, query, &o, &r, &err);
  vb_store_close(st);
  if (rc) {
    if (rc == VB_EQUERY && err.offset >= 0) {
      fprintf(stderr, "verbatim: query: %s\n  %s\n  %*s^\n", err.msg, query, (int)err.offset, "");
    } else {
      cli_error(&err);
    }
    return rc == VB_EQUERY ? CLI_USAGE : CLI_FAILED;
  }
  if (json) {
    char *out;
    if (vb_results_to_json(r, &out, &err)) {
      cli_error(&err);
      vb_results_free(r);
      return CLI_FAILED;
    }
    puts(out);
    free(out);
  } else {
    readable(r, &o, cli_color(stdout));
  }
  vb_results_free(r);
  return CLI_OK;
}
