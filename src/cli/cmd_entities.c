/* cmd_entities — `verbatim entities [NAME] [--type T]`: the people,
 * organisations and places in the archive, most mentioned first; and
 * `verbatim entity NAME`: one of them over time, with who mentions it and
 * what it is mentioned with; `verbatim entity merge|split|rename|alias|
 * reject …`: an analyst's corrections, kept in the archive. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int usage_entities(void) {
  fprintf(stderr, "usage: verbatim entities [--db DB] [NAME] [--type PERSON|ORG|PLACE|GROUP]"
                  " [--limit N] [--json]\n");
  return CLI_USAGE;
}

static const char *str(json_t *o, const char *k) {
  const char *v = json_string_value(json_object_get(o, k));
  return v ? v : "";
}

static long long num(json_t *o, const char *k) {
  return (long long)json_integer_value(json_object_get(o, k));
}

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
  char *out;
  vb_err err;
  int rc = vb_store_entities_json(st, filter, type, limit, &out, &err);
  vb_store_close(st);
  if (rc) {
    cli_error(&err);
    return CLI_FAILED;
  }
  if (json) {
    puts(out);
    free(out);
    return CLI_OK;
  }
  json_t *arr = json_loads(out, 0, NULL);
  free(out);
  size_t i;
  json_t *e;
  printf("%-7s %-6s %-36s %8s %9s  %s\n", "id", "type", "entity", "mentions", "documents",
         "also written");
  json_array_foreach(arr, i, e) {
    printf("%-7s %-6s %-36s %8lld %9lld  ", str(e, "id"), str(e, "type"), str(e, "name"),
           num(e, "mentions"), num(e, "documents"));
    size_t k;
    json_t *a;
    json_array_foreach(json_object_get(e, "aliases"), k, a) printf("%s%s", k ? ", " : "", json_string_value(a));
    putchar('\n');
  }
  json_decref(arr);
  return CLI_OK;
}

static void print_pairs(json_t *o, const char *list, const char *title, const char *k1,
                        const char *k2) {
  json_t *arr = json_object_get(o, list);
  if (!json_array_size(arr)) return;
  printf("\n%s\n", title);
  size_t i;
  json_t *x;
  json_array_foreach(arr, i, x) printf("  %-40s %6lld\n", str(x, k1), num(x, k2));
}

static int show_entity(const char *db, const char *name, int json) {
  vb_store *st = cli_open_store(db, 0);
  if (!st) return CLI_FAILED;
  char *out;
  vb_err err;
  int rc = vb_store_entity_json(st, name, &out, &err);
  vb_store_close(st);
  if (rc) {
    cli_error(&err);
    return CLI_FAILED;
  }
  if (json) {
    puts(out);
    free(out);
    return CLI_OK;
  }
  json_t *o = json_loads(out, 0, NULL);
  free(out);
  printf("%s  (%s, %s)  %lld mentions in %lld documents\n", str(o, "name"), str(o, "type"),
         str(o, "id"), num(o, "mentions"), num(o, "documents"));
  if (json_is_string(json_object_get(o, "speaker"))) printf("speaks as %s\n", str(o, "speaker"));
  size_t i;
  json_t *x;
  if (json_array_size(json_object_get(o, "aliases"))) {
    printf("also written: ");
    json_array_foreach(json_object_get(o, "aliases"), i, x) printf("%s%s", i ? ", " : "", json_string_value(x));
    putchar('\n');
  }
  if (json_array_size(json_object_get(o, "roles"))) {
    printf("\nroles as stated\n");
    json_array_foreach(json_object_get(o, "roles"), i, x) {
      const char *d = str(x, "date");
      printf("  %-10s %-40s %.12s %s\n", *d ? d : "undated", str(x, "role"), str(x, "doc"), str(x, "title"));
    }
  }
  print_pairs(o, "timeline", "mentions per month", "month", "mentions");
  print_pairs(o, "speakers", "who mentions it", "name", "mentions");
  print_pairs(o, "co_mentioned", "mentioned with", "name", "statements");
  json_decref(o);
  return CLI_OK;
}

static int usage_entity(void) {
  fprintf(stderr,
          "usage: verbatim entity [--db DB] NAME [--json]\n"
          "       verbatim entity [--db DB] merge A B        (B is A)\n"
          "       verbatim entity [--db DB] split A SPELLING...\n"
          "       verbatim entity [--db DB] rename A NEW-NAME\n"
          "       verbatim entity [--db DB] alias add|rm A SPELLING\n"
          "       verbatim entity [--db DB] reject SPELLING  (not an entity)\n");
  return CLI_USAGE;
}

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
  fprintf(stderr, "verbatim: corrected; the archive and later ingests follow it\n");
  return CLI_OK;
}
