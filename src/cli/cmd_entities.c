/* cmd_entities — `verbatim entities [NAME] [--type T]`: the people,
 * organisations and places in the archive, most mentioned first; and
 * `verbatim entity NAME`: one of them over time, with who mentions it and
 * what it is mentioned with; `verbatim entity merge|split|rename|alias|
 * reject …`: an analyst's corrections, kept in the archive. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int usage_entities(void) { return cli_usage_error("entities"); }

int cmd_entities(int argc, char **argv) {
  const char *db = cli_db_default(), *filter = NULL;
  int json = 0, type = -1, limit = 50;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) db = argv[++i];
    else if (strcmp(argv[i], "--json") == 0) json = 1;
    else if (strcmp(argv[i], "--type") == 0 && i + 1 < argc) {
      type = vb_etype_parse(argv[i + 1], strlen(argv[i + 1]));
      if (type < 0) {
        fprintf(stderr, "verbatim entities: unknown type '%s'\n", argv[i + 1]);
        return CLI_USAGE;
      }
      i++;
    } else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
      if (cli_number("--limit", argv[++i], 1, 10000, &limit)) return CLI_USAGE;
    }
    else if (argv[i][0] == '-' || filter) return usage_entities();
    else filter = argv[i];
  }
  vb_store *st = cli_open_store(db, 0);
  if (!st) return CLI_FAILED;
  vb_entity_list *l = NULL;
  char *out = NULL;
  vb_err err;
  int rc = vb_store_entities(st, filter, type, limit, &l, &err);
  if (!rc && json) rc = vb_entities_to_json(l, &out, &err);
  vb_store_close(st);
  if (rc) {
    vb_entity_list_free(l);
    cli_error(&err);
    return CLI_FAILED;
  }
  if (json) puts(out);
  else
    printf("%-7s %-6s %-36s %8s %10s %9s  %s\n", "id", "type", "entity", "mentions", "statements", "documents",
           "also written");
  for (size_t i = 0; !json && i < l->n; i++) {
    const vb_entity_row *e = &l->entities[i];
    printf("%-7s %-6.*s ", e->id, CLI_STR(e->type));
    cli_cell(stdout, e->name.ptr, e->name.len, 36);
    printf(" %8lld %10lld %9lld  ", (long long)e->mentions, (long long)e->statements, (long long)e->documents);
    for (size_t k = 0; k < e->naliases; k++) printf("%s%.*s", k ? ", " : "", CLI_STR(e->aliases[k]));
    putchar('\n');
  }
  free(out);
  vb_entity_list_free(l);
  return CLI_OK;
}

static void print_counts(const vb_count *v, size_t n, const char *title) {
  if (!n) return;
  printf("\n%s\n", title);
  for (size_t i = 0; i < n; i++) printf("  %-40.*s %6lld\n", CLI_STR(v[i].label), (long long)v[i].n);
}

static int show_entity(const char *db, const char *name, int json) {
  vb_store *st = cli_open_store(db, 0);
  if (!st) return CLI_FAILED;
  vb_entity_page *p = NULL;
  char *out = NULL;
  vb_err err;
  int rc = vb_store_entity(st, name, &p, &err);
  if (!rc && json) rc = vb_entity_page_to_json(p, &out, &err);
  vb_store_close(st);
  if (rc) {
    vb_entity_page_free(p);
    cli_error(&err);
    return CLI_FAILED;
  }
  if (json) {
    puts(out);
    free(out);
    vb_entity_page_free(p);
    return CLI_OK;
  }
  const vb_entity_row *e = &p->entity;
  printf("%.*s  (%.*s, %s)  %lld mentions in %lld statements of %lld documents\n", CLI_STR(e->name),
         CLI_STR(e->type), e->id, (long long)e->mentions, (long long)e->statements, (long long)e->documents);
  if (p->speaker.ptr) printf("speaks as %.*s\n", CLI_STR(p->speaker));
  /* so that mentions:NAME finding more statements than these is explained */
  for (size_t i = 0; i < p->nalso; i++)
    printf("\"%s\" also leads to %s %.*s (%.*s, %lld statement%s): mentions:\"%s\" finds them too\n", name,
           p->also[i].id, CLI_STR(p->also[i].name), CLI_STR(p->also[i].type), (long long)p->also[i].statements,
           p->also[i].statements == 1 ? "" : "s", name);
  if (e->naliases) {
    printf("also written: ");
    for (size_t i = 0; i < e->naliases; i++) printf("%s%.*s", i ? ", " : "", CLI_STR(e->aliases[i]));
    putchar('\n');
  }
  if (p->nroles) printf("\nroles as stated\n");
  for (size_t i = 0; i < p->nroles; i++) {
    const vb_entity_role *r = &p->roles[i];
    printf("  %-10.*s %-40.*s %.12s %.*s\n", CLI_STR_OR(r->date, "undated"), CLI_STR(r->role),
           r->doc.ptr ? r->doc.ptr : "", CLI_STR(r->title));
  }
  print_counts(p->timeline, p->ntimeline, "mentions per month");
  if (p->sampled)
    printf("\nwho mentions it and what with: in %lld of its %lld statements, an even sample\n", (long long)p->sampled,
           (long long)e->statements);
  print_counts(p->speakers, p->nspeakers, "who mentions it");
  print_counts(p->co_mentioned, p->nco_mentioned, "mentioned with");
  vb_entity_page_free(p);
  return CLI_OK;
}

static int usage_entity(void) { return cli_usage_error("entity"); }

int cmd_entity(int argc, char **argv) {
  const char *db = cli_db_default();
  int json = 0;
  const char *words[64];
  int n = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) db = argv[++i];
    else if (strcmp(argv[i], "--json") == 0) json = 1;
    else if (argv[i][0] == '-' && argv[i][1]) return usage_entity();
    else if (n < 64) words[n++] = argv[i];
    else return usage_entity();
  }
  if (n == 0) return usage_entity();
  vb_fix op;
  int first = 1; /* index of the entity in words */
  if (strcmp(words[0], "merge") == 0 && n == 3) op = VB_FIX_MERGE;
  else if (strcmp(words[0], "split") == 0 && n >= 3) op = VB_FIX_SPLIT;
  else if (strcmp(words[0], "rename") == 0 && n == 3) op = VB_FIX_RENAME;
  else if (strcmp(words[0], "reject") == 0 && n == 2) op = VB_FIX_REJECT;
  else if (strcmp(words[0], "alias") == 0 && n == 4 && strcmp(words[1], "add") == 0) {
    op = VB_FIX_ALIAS_ADD;
    first = 2;
  } else if (strcmp(words[0], "alias") == 0 && n == 4 && strcmp(words[1], "rm") == 0) {
    op = VB_FIX_ALIAS_RM;
    first = 2;
  } else if (n == 1) {
    return show_entity(db, words[0], json);
  } else {
    return usage_entity();
  }
  vb_store *st = cli_open_store(db, 0);
  if (!st) return CLI_FAILED;
  vb_err err;
  int rc = vb_store_entity_fix(st, op, words[first], words + first + 1, (size_t)(n - first - 1), &err);
  vb_store_close(st);
  if (rc) {
    cli_error(&err);
    return CLI_FAILED;
  }
  fprintf(stderr, "verbatim: corrected; the archive and later ingests follow it (the documents it changed are\n"
                  "parsed when read until a server or `verbatim reparse` keeps their parse again)\n");
  return CLI_OK;
}
