/* cmd_speakers — `verbatim speakers [--json]`: who speaks in the archive,
 * with document and statement counts. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void print_row(const char *name, size_t len, int64_t documents, int64_t statements, const char *role,
                      size_t role_len, const char *note) {
  cli_cell(stdout, name, len, 32);
  printf(" %9lld %10lld  %.*s%s\n", (long long)documents, (long long)statements, (int)role_len, role ? role : "", note);
}

typedef struct merged {
  const vb_speaker_row *row; /* the label's first */
  int64_t documents, statements;
} merged;

static int by_statements(const void *x, const void *y) {
  const merged *a = x, *b = y;
  if (a->statements != b->statements) return a->statements > b->statements ? -1 : 1;
  size_t n = a->row->name.len < b->row->name.len ? a->row->name.len : b->row->name.len;
  int c = memcmp(a->row->name.ptr, b->row->name.ptr, n);
  return c ? c : (a->row->name.len > b->row->name.len) - (a->row->name.len < b->row->name.len);
}

/* Rows of one kind (anonymous labels, or groups), one line a name with
 * its documents summed, under a heading. */
static void print_merged(const vb_speaker_list *l, int group, const char *heading) {
  size_t count = 0;
  for (size_t i = 0; i < l->n; i++)
    if (group ? l->speakers[i].group : l->speakers[i].anonymous) count++;
  if (!count) return;
  printf("\n%s\n", heading);
  merged *m = calloc(count, sizeof *m);
  for (size_t i = 0; !m && i < l->n; i++) /* no memory to sum them: a line a document, none left out */
    if (group ? l->speakers[i].group : l->speakers[i].anonymous)
      print_row(l->speakers[i].name.ptr, l->speakers[i].name.len, l->speakers[i].documents, l->speakers[i].statements,
                NULL, 0, group ? " (group)" : "");
  if (!m) return;
  size_t n = 0;
  for (size_t i = 0; i < l->n; i++) {
    const vb_speaker_row *sp = &l->speakers[i];
    if (!(group ? sp->group : sp->anonymous)) continue;
    size_t k = 0;
    while (k < n && !(m[k].row->name.len == sp->name.len && !memcmp(m[k].row->name.ptr, sp->name.ptr, sp->name.len))) k++;
    if (k == n) m[n++] = (merged){sp, 0, 0};
    m[k].documents += sp->documents;
    m[k].statements += sp->statements;
  }
  qsort(m, n, sizeof *m, by_statements);
  for (size_t k = 0; k < n; k++)
    print_row(m[k].row->name.ptr, m[k].row->name.len, m[k].documents, m[k].statements, NULL, 0, group ? " (group)" : "");
  free(m);
}

/* Named speakers, then the labels that name no one ("Question", "Remark")
 * and the groups the prose names ("critics"), each a speaker of its own
 * document in the archive: one line a name, its documents summed, not a
 * line a document that reads as the same person listed again. */
static void print_table(const vb_speaker_list *l) {
  printf("%-32s %9s %10s  %s\n", "speaker", "documents", "statements", "role");
  for (size_t i = 0; i < l->n; i++) {
    const vb_speaker_row *sp = &l->speakers[i];
    if (!sp->anonymous && !sp->group)
      print_row(sp->name.ptr, sp->name.len, sp->documents, sp->statements, sp->role.ptr, sp->role.len,
                sp->host ? " (host)" : "");
  }
  print_merged(l, 0, "labels that name no one, a speaker of each document's own:");
  print_merged(l, 1, "groups the prose names as sources, a speaker of each document's own (no person):");
}

int cmd_speakers(int argc, char **argv) {
  const char *db = cli_db_default();
  int json = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) db = argv[++i];
    else if (strcmp(argv[i], "--json") == 0) json = 1;
    else return cli_usage_error("speakers");
  }
  vb_store *st = cli_open_store(db, 0);
  if (!st) return CLI_FAILED;
  vb_speaker_list *l = NULL;
  char *out = NULL;
  vb_err err;
  int rc = vb_store_speakers(st, &l, &err);
  if (!rc && json) rc = vb_speakers_to_json(l, &out, &err);
  vb_store_close(st);
  if (rc) {
    vb_speaker_list_free(l);
    cli_error(&err);
    return CLI_FAILED;
  }
  if (json) puts(out);
  else print_table(l);
  free(out);
  vb_speaker_list_free(l);
  return CLI_OK;
}
