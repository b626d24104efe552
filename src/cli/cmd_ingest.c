/* cmd_ingest — `verbatim ingest [--db DB] PATH…`: parses files, directories
 * (recursively, known extensions), globs and stdin into the archive. A bad
 * file gets one line naming it and the reason; the others still go in. */
#include <dirent.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* Directory walks stop this deep: a symlink loop must not hang ingest. */
#define MAX_DEPTH 32

typedef struct list {
  char **v;
  size_t n, cap;
  long long bytes;
} list;

static int push(list *l, const char *path, long long size) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    char **v = realloc(l->v, cap * sizeof *v);
    if (!v) return -1;
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n] = strdup(path);
  if (!l->v[l->n]) return -1;
  l->n++;
  l->bytes += size;
  return 0;
}

static int known_ext(const char *name) {
  static const char *const ext[] = {".txt", ".text", ".html", ".htm", ".srt", ".vtt", ".jsonl"};
  size_t n = strlen(name);
  for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
    size_t k = strlen(ext[i]);
    if (n > k && strcmp(name + n - k, ext[i]) == 0) return 1;
  }
  return 0;
}

static void list_free(list *l) {
  for (size_t i = 0; i < l->n; i++) free(l->v[i]);
  free(l->v);
  memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(list *l, const char *dir, int depth) {
  if (depth > MAX_DEPTH) {
    fprintf(stderr, "verbatim: %s: deeper than %d directories, skipped\n", dir, MAX_DEPTH);
    return 0;
  }
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "verbatim: %s: cannot open directory\n", dir);
    return 1;
  }
  list names = {0};
  struct dirent *e;
  while ((e = readdir(d)))
    if (e->d_name[0] != '.' && push(&names, e->d_name, 0)) break;
  closedir(d);
  qsort(names.v, names.n, sizeof *names.v, cmp_str);
  int bad = 0;
  for (size_t i = 0; i < names.n; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names.v[i]);
    struct stat sb;
    if (stat(path, &sb) == 0) {
      if (S_ISDIR(sb.st_mode)) bad |= walk(l, path, depth + 1);
      else if (S_ISREG(sb.st_mode) && known_ext(names.v[i])) push(l, path, (long long)sb.st_size);
    }
    free(names.v[i]);
  }
  free(names.v);
  return bad;
}

static int add_arg(list *l, const char *arg) {
  if (strcmp(arg, "-") == 0) return push(l, "-", 0) ? 1 : 0;
  struct stat sb;
  if (stat(arg, &sb) == 0) {
    if (S_ISDIR(sb.st_mode)) return walk(l, arg, 0);
    return push(l, arg, (long long)sb.st_size) ? 1 : 0;
  }
  glob_t g;
  if (strpbrk(arg, "*?[") && glob(arg, 0, NULL, &g) == 0) {
    int bad = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) bad |= add_arg(l, g.gl_pathv[i]);
    globfree(&g);
    return bad;
  }
  fprintf(stderr, "verbatim: %s: no such file or directory\n", arg);
  return 1;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(size_t done, size_t total, long long bytes, long long total_bytes,
                     double t0) {
  double dt = now() - t0;
  double mbps = dt > 0 ? (double)bytes / 1e6 / dt : 0;
  double eta = bytes > 0 && total_bytes > bytes ? dt * (double)(total_bytes - bytes) / (double)bytes : 0;
  int width = 30, fill = total ? (int)((double)done / (double)total * width) : width;
  fprintf(stderr, "\r[%.*s%*s] %zu/%zu files  %.1f MB/s  ETA %.0fs  ", fill,
          "##############################", width - fill, "", done, total, mbps, eta);
}

typedef struct ingest {
  vb_store *st;
  const char *db;
  int tty;
  size_t added, existed, failed;
  long long statements;
  /* The archive itself failed (a batch did not commit: a full disk, a
   * file-size limit): documents counted as added may not be stored, and
   * every later file would fail the same way. */
  int archive_failed;
} ingest;

/* What happened to one document (called in input order). */
static void put_doc(void *ctx, const char *name, const vb_doc_view *v, int was_added,
                    const vb_err *err) {
  ingest *g = ctx;
  if (err) {
    if (g->tty) fputc('\n', stderr);
    cli_error(err);
    /* an error named after the archive is a batch's: this file went
     * with it, and so did the batch's other files counted as added */
    if (strcmp(err->file, g->db) == 0) g->archive_failed = 1;
    g->failed++;
  } else if (was_added) {
    if (v->nwarnings && g->tty) fputc('\n', stderr);
    cli_warnings(v);
    g->added++;
    g->statements += (long long)v->nstatements;
  } else {
    g->existed++;
    fprintf(stderr, "%sverbatim: %s: already in the archive, skipped\n", g->tty ? "\r" : "", name);
  }
}

int cmd_ingest(int argc, char **argv) {
  const char *db = cli_db_default();
  vb_parse_opts opts = {.format = VB_FMT_AUTO};
  list files = {0};
  int bad = 0, nargs = 0, threads = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) db = argv[++i];
    else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      if (cli_number("--threads", argv[++i], 1, 64, &threads)) {
        list_free(&files);
        return CLI_USAGE;
      }
    }
    else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
      opts.format = vb_format_from_name(argv[++i]);
    else if (strcmp(argv[i], "--max-bad-bytes") == 0 && i + 1 < argc) {
      if (cli_max_bad_bytes(argv[++i], &opts)) {
        list_free(&files);
        return CLI_USAGE;
      }
    }
    else if (strcmp(argv[i], "--language") == 0 && i + 1 < argc) {
      if (cli_language("ingest", argv[++i], &opts)) {
        list_free(&files);
        return CLI_USAGE;
      }
    }
    else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "verbatim ingest: unknown option '%s'\n", argv[i]);
      list_free(&files);
      return CLI_USAGE;
    } else {
      nargs++;
      bad |= add_arg(&files, argv[i]);
    }
  }
  if (!nargs) return cli_usage_error("ingest");
  vb_store *st = cli_open_store(db, 1);
  if (!st) {
    list_free(&files);
    return CLI_FAILED;
  }
  /* documents are parsed with the archive's entity corrections */
  vb_lexicon *lx = NULL;
  vb_err lerr;
  if (vb_store_lexicon(st, &lx, &lerr)) {
    cli_error(&lerr);
    vb_store_close(st);
    list_free(&files);
    return CLI_FAILED;
  }
  opts.lexicon = lx;
  int tty = isatty(STDERR_FILENO);
  ingest ing = {st, db, tty, 0, 0, 0, 0, 0};
  int64_t docs0 = 0, speakers0 = 0, statements0 = 0;
  if (vb_store_counts(st, &docs0, &speakers0, &statements0, &lerr)) {
    cli_error(&lerr);
    vb_store_close(st);
    vb_lexicon_free(lx);
    list_free(&files);
    return CLI_FAILED;
  }
  /* the files' sizes, so the archive's tables are made at the size they fill */
  vb_store_expect(st, files.bytes);
  /* parsing on every core, storing here, in order */
  vb_ingest *pipe = NULL;
  if (vb_ingest_open(st, &opts, threads, put_doc, &ing, &pipe, &lerr)) {
    cli_error(&lerr);
    vb_store_close(st);
    vb_lexicon_free(lx);
    list_free(&files);
    return CLI_FAILED;
  }
  long long bytes = 0;
  double t0 = now(), last = 0;
  size_t untried = 0;
  for (size_t i = 0; i < files.n; i++) {
    const char *path = files.v[i];
    if (ing.archive_failed) {
      untried++;
      free(files.v[i]);
      continue;
    }
    vb_err err;
    long long got = 0;
    /* JSON Lines stream a run of lines at a time: a batch of any size */
    if (vb_ingest_add_file(pipe, path, &got, &err)) {
      if (tty) fputc('\n', stderr);
      cli_error(&err);
      ing.failed++;
    }
    bytes += got;
    if (tty && (now() - last > 0.1 || i + 1 == files.n)) {
      progress(i + 1, files.n, bytes, files.bytes, t0);
      last = now();
    }
    free(files.v[i]);
  }
  free(files.v);
  vb_err err;
  if (vb_ingest_close(pipe, &err)) {
    cli_error(&err);
    if (strcmp(err.file, db) == 0) ing.archive_failed = 1;
    else ing.failed++;
  }
  if (ing.archive_failed) {
    /* what is really stored is what the archive holds now */
    int64_t docs1 = docs0, speakers1, statements1 = statements0;
    if (vb_store_counts(st, &docs1, &speakers1, &statements1, &err)) cli_error(&err);
    size_t stored = docs1 > docs0 ? (size_t)(docs1 - docs0) : 0;
    if (stored < ing.added) {
      ing.failed += ing.added - stored;
      ing.added = stored;
      ing.statements = statements1 - statements0;
    }
    if (untried) fprintf(stderr, "verbatim: %s: the archive cannot be written; %zu files not tried\n", db, untried);
  }
  /* what the standing queries caught, to their sinks, once */
  size_t alerts = 0;
  if (vb_alerts_deliver(st, stdout, &alerts, &err)) cli_error(&err);
  if (alerts) fprintf(stderr, "verbatim: %zu alerts\n", alerts);
  vb_store_close(st);
  vb_lexicon_free(lx);
  if (tty) fputc('\n', stderr);
  double dt = now() - t0;
  fprintf(stderr,
          "ingested %zu documents (%lld statements), %zu already in the archive, %zu failed;"
          " %.1f MB in %.2f s\n",
          ing.added, ing.statements, ing.existed, ing.failed + untried + (size_t)bad,
          (double)bytes / 1e6, dt);
  return ing.failed || bad || ing.archive_failed || untried ? CLI_FAILED : CLI_OK;
}
