/* ingest — parsing on worker threads, storing on the caller's thread: on
 * a machine with two cores the archive grows at the pace of the slower of
 * the two jobs instead of their sum. Inputs are stored strictly in the
 * order they were added, so the archive is the same for any number of
 * threads. SQLite is only ever touched by the calling thread. */
#define _GNU_SOURCE /* pthread_setname_np */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/doc.h"
#include "core/err.h"
#include "analyze/analyze.h"
#include "store/store.h"
#include "verbatim.h"

/* Inputs parsed ahead of the store, per thread: enough to keep every
 * worker busy while the store commits a batch. */
#define AHEAD_PER_THREAD 4
#define MAX_THREADS 64
/* A JSON Lines file is queued this much at a time (whole lines): memory
 * stays bounded by the queue, whatever the size of the file. */
#define LINES_CHUNK ((size_t)1 << 20)
/* A stream that gives nothing for this long (a pipe fed as things
 * happen, `tail -f feed.jsonl | verbatim ingest -`) has what it gave
 * stored and committed: its documents are searchable and alerted on, and
 * the batch's lock is not held while the ingest waits (a correction waits
 * for an open batch; issue 18). */
#define IDLE_MS 1000

typedef struct result {
  char *name;
  vb_doc *doc; /* NULL: err says why */
  vb_err err;
} result;

enum { JOB_QUEUED = 1, JOB_PARSING, JOB_DONE };

typedef struct job {
  char *name, *bytes;
  size_t len;
  size_t first_line; /* a run of JSON Lines starting at this line; 0: a whole input */
  int failed;        /* not to parse: fail_err says why; else bytes NULL: the file
                        named name, read by the parsing thread */
  vb_err fail_err;
  result *r;
  size_t nr, cap;
  int state;
  int oom;
  an_termer *termer; /* the parsing thread's, while it parses this job */
} job;

struct vb_ingest {
  vb_store *st;
  vb_parse_opts opts;
  char language[3]; /* opts.language's code, kept here */
  vb_ingest_fn fn;
  void *ctx;
  pthread_t *threads;
  int nthreads;
  pthread_mutex_t mu;
  pthread_cond_t work, done;
  job *ring;
  size_t cap;
  size_t head; /* oldest input not yet stored */
  size_t next; /* next input a worker takes */
  size_t tail; /* inputs added */
  int stop;
};

/* Analyses the statements for the index (and fingerprints them for their
 * quote families) here, on the parsing thread, so the storing thread only
 * writes. Best effort: a document without it is
 * analysed when stored. */
static void preanalyze(vb_doc *d, an_termer *t) {
  const vb_doc_view *v = &d->view;
  if (!t || !v->nstatements || v->nstatements > UINT32_MAX - 1) return;
  char mark[16];
  size_t ml = an_lang_mark(v->meta.language.ptr ? v->meta.language.ptr : "", v->meta.language.len,
                           mark, sizeof mark);
  vb_buf text, out;
  vb_buf_init(&text, 0);
  vb_buf_init(&out, (size_t)UINT32_MAX);
  uint32_t *off = vb_arena_alloc(d->arena, (v->nstatements + 1) * sizeof *off);
  int ok = off != NULL;
  /* and their quote fingerprints, of the words this analysis gives */
  vs_fam_maker *fam = ok ? vs_fam_begin(d) : NULL;
  for (size_t i = 0; ok && i < v->nstatements; i++) {
    const vb_statement *st = &v->statements[i];
    off[i] = (uint32_t)out.len;
    text.len = 0;
    vb_buf_add(&text, mark, ml);
    vb_buf_add(&text, v->body.ptr + st->start, st->end - st->start);
    size_t nw = 0, max = 0;
    an_word *words = fam ? vs_fam_words(fam, &max) : NULL;
    ok = !text.failed && (words ? an_termer_encode_words(t, text.ptr, text.len, &out, words, max, &nw)
                                : an_termer_encode(t, text.ptr, text.len, &out)) == 0;
    if (ok && fam) vs_fam_add(fam, i, v->body.ptr + st->start, nw);
  }
  char *pre = NULL;
  if (ok) {
    off[v->nstatements] = (uint32_t)out.len;
    pre = vb_arena_alloc(d->arena, out.len ? out.len : 1);
    if (pre) {
      memcpy(pre, out.ptr, out.len);
      d->pre = pre;
      d->pre_off = off;
    }
  }
  vs_fam_end(fam, d, pre != NULL); /* prints without the texts they stand beside would be stored alone */
  vb_buf_free(&text);
  vb_buf_free(&out);
}

/* The document's kept parse (record.c) made here too, on the parsing
 * thread: its encoding was 9.3 M of the storing thread's 462.4 M
 * instructions on 50 UN speeches (callgrind, bench/ingest_ir.sh). Best
 * effort, like preanalyze: without it the store makes it. */
static void encode_record(vb_doc *d) {
  vb_buf b;
  vb_buf_init(&b, 0);
  char *rec = vs_record_encode(d, &b) || b.failed ? NULL : vb_arena_alloc(d->arena, b.len ? b.len : 1);
  if (rec) {
    memcpy(rec, b.ptr, b.len);
    d->record = rec;
    d->record_len = b.len;
  }
  vb_buf_free(&b);
}

static int keep(void *ctx, const char *name, vb_doc *doc, const vb_err *err) {
  job *j = ctx;
  if (doc) preanalyze(doc, j->termer);
  if (doc) encode_record(doc);
  if (j->nr == j->cap) {
    size_t cap = j->cap ? j->cap * 2 : 4;
    result *r = realloc(j->r, cap * sizeof *r);
    if (!r) {
      vb_doc_free(doc);
      j->oom = 1;
      return 1;
    }
    j->r = r;
    j->cap = cap;
  }
  result *x = &j->r[j->nr++];
  x->name = strdup(name);
  x->doc = doc;
  if (err) x->err = *err;
  else vb_err_clear(&x->err);
  if (!x->name) j->oom = 1;
  return doc == NULL;
}

/* A file read here, on the parsing thread, not by the storing thread
 * that queued it: the read (and, for a file not cached, the wait for the
 * disk) is off the path every document takes, and the storing thread
 * only stores (4.3% of its CPU samples were reading files, 700 UN
 * speeches, `perf record` of `verbatim ingest --threads 1`). A file that
 * cannot be read fails in its turn, as a parse does. */
static void read_and_parse(vb_ingest *in, job *j) {
  char *bytes;
  size_t len;
  vb_err e;
  if (vb_file_read(j->name, &bytes, &len, &e)) keep(j, j->name, NULL, &e);
  else vb_doc_parse_each_owned(j->name, bytes, len, &in->opts, keep, j); /* frees bytes */
}

static void *worker(void *arg) {
  vb_ingest *in = arg;
  pthread_setname_np(pthread_self(), "vb-parse"); /* for top(1) and perf */
  an_termer *termer = NULL;
  vb_err terr;
  if (an_termer_new(&termer, &terr)) termer = NULL; /* then the store analyses */
  pthread_mutex_lock(&in->mu);
  for (;;) {
    while (!in->stop && in->next == in->tail) pthread_cond_wait(&in->work, &in->mu);
    if (in->next == in->tail) break; /* stopping, nothing left */
    job *j = &in->ring[in->next++ % in->cap];
    j->state = JOB_PARSING;
    j->termer = termer;
    pthread_mutex_unlock(&in->mu);
    if (j->failed) keep(j, j->name, NULL, &j->fail_err);
    else if (!j->bytes) read_and_parse(in, j);
    else if (j->first_line) vb_doc_parse_lines(j->name, j->bytes, j->len, j->first_line, &in->opts, keep, j);
    else {
      /* the parse frees them once decoded: a large input is not held beside its text */
      char *bytes = j->bytes;
      j->bytes = NULL;
      vb_doc_parse_each_owned(j->name, bytes, j->len, &in->opts, keep, j);
    }
    free(j->bytes);
    j->bytes = NULL;
    pthread_mutex_lock(&in->mu);
    j->state = JOB_DONE;
    j->termer = NULL;
    pthread_cond_broadcast(&in->done);
  }
  pthread_mutex_unlock(&in->mu);
  an_termer_free(termer);
  return NULL;
}

/* Stores the oldest input once it is parsed (waiting for it if `wait`).
 * Returns 1 when one was stored, 0 when none was ready. */
static int store_oldest(vb_ingest *in, int wait, vb_err *err) {
  pthread_mutex_lock(&in->mu);
  job *j = &in->ring[in->head % in->cap];
  while (wait && in->head < in->tail && j->state != JOB_DONE) pthread_cond_wait(&in->done, &in->mu);
  int ready = in->head < in->tail && j->state == JOB_DONE;
  pthread_mutex_unlock(&in->mu);
  if (!ready) return 0;
  int rc = VB_OK;
  if (j->oom) rc = vb_err_set(err, VB_ENOMEM, j->name, -1, "out of memory parsing");
  for (size_t i = 0; i < j->nr; i++) {
    result *x = &j->r[i];
    if (x->doc) {
      vb_err e;
      int added = 0;
      if (vb_store_put(in->st, x->doc, &added, &e)) in->fn(in->ctx, x->name, NULL, 0, &e);
      else in->fn(in->ctx, x->name, vb_doc_get(x->doc), added, NULL);
      vb_doc_free(x->doc);
    } else {
      in->fn(in->ctx, x->name, NULL, 0, &x->err);
    }
    free(x->name);
  }
  free(j->r);
  free(j->name);
  memset(j, 0, sizeof *j);
  pthread_mutex_lock(&in->mu);
  in->head++;
  pthread_mutex_unlock(&in->mu);
  return rc ? -1 : 1;
}

int vb_ingest_open(vb_store *st, const vb_parse_opts *opts, int threads, vb_ingest_fn fn,
                   void *ctx, vb_ingest **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  if (threads <= 0) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    threads = n > 0 ? (int)n : 1;
  }
  if (threads > MAX_THREADS) threads = MAX_THREADS;
  char language[3] = "";
  if (opts && opts->language && !vb_lang_code(opts->language, strlen(opts->language), language))
    return vb_err_set(err, VB_EUSAGE, "", -1, "'%s' is no ISO 639-1 language code like en", opts->language);
  /* the lexicon loads once, here, not in a race between workers */
  const vb_lexicon *lx = NULL;
  if (!(opts && opts->lexicon)) {
    int rc = vb_lexicon_default(&lx, err);
    if (rc) return rc;
  }
  vb_ingest *in = calloc(1, sizeof *in);
  if (!in) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  in->st = st;
  if (opts) in->opts = *opts;
  memcpy(in->language, language, sizeof language);
  if (language[0]) in->opts.language = in->language;
  in->fn = fn;
  in->ctx = ctx;
  in->cap = (size_t)threads * AHEAD_PER_THREAD;
  in->ring = calloc(in->cap, sizeof *in->ring);
  in->threads = calloc((size_t)threads, sizeof *in->threads);
  if (!in->ring || !in->threads) {
    free(in->ring);
    free(in->threads);
    free(in);
    return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  }
  pthread_mutex_init(&in->mu, NULL);
  pthread_cond_init(&in->work, NULL);
  pthread_cond_init(&in->done, NULL);
  for (int i = 0; i < threads; i++) {
    if (pthread_create(&in->threads[i], NULL, worker, in)) break;
    in->nthreads++;
  }
  if (!in->nthreads) {
    vb_ingest_close(in, NULL);
    return vb_err_set(err, VB_ENOMEM, "", -1, "cannot start a parsing thread");
  }
  *out = in;
  return VB_OK;
}

/* Queues bytes (taken over) as one job; first_line as in job; fail: a job
 * that only reports this error, in its turn; else bytes NULL: the file
 * named name, read by the parsing thread. */
static int enqueue(vb_ingest *in, const char *name, char *bytes, size_t len, size_t first_line, const vb_err *fail,
                   vb_err *err) {
  vb_err_clear(err);
  /* store what is ready; wait for the oldest only when the queue is full */
  int r;
  while ((r = store_oldest(in, in->tail - in->head == in->cap, err)) == 1) {
  }
  char *nm = strdup(name);
  if (r < 0 || !nm) {
    free(nm);
    free(bytes);
    return r < 0 ? err->code : vb_err_set(err, VB_ENOMEM, name, -1, "out of memory");
  }
  pthread_mutex_lock(&in->mu);
  job *j = &in->ring[in->tail % in->cap];
  j->name = nm;
  j->bytes = bytes;
  j->len = len;
  j->first_line = first_line;
  j->failed = fail != NULL;
  if (fail) j->fail_err = *fail;
  j->state = JOB_QUEUED;
  in->tail++;
  pthread_cond_signal(&in->work);
  pthread_mutex_unlock(&in->mu);
  return VB_OK;
}

int vb_ingest_add(vb_ingest *in, const char *name, char *bytes, size_t len, vb_err *err) {
  /* an empty input given as no bytes is still these bytes, not the file
   * its name names (enqueue reads a file for bytes NULL) */
  if (!bytes && !(bytes = malloc(1))) return vb_err_set(err, VB_ENOMEM, name, -1, "out of memory");
  return enqueue(in, name, bytes, len, 0, NULL, err);
}

static int is_jsonl(const vb_ingest *in, const char *path) {
  if (in->opts.format != VB_FMT_AUTO) return in->opts.format == VB_FMT_JSONL;
  const char *dot = strrchr(path, '.');
  return dot && !strcasecmp(dot, ".jsonl"); /* as vb_format_guess names it */
}

static size_t count_lines(const char *s, size_t n) {
  size_t k = 0;
  for (const char *p = s, *e = s + n; (p = memchr(p, '\n', (size_t)(e - p))); p++) k++;
  return k;
}

/* The lines of a JSON Lines stream, a run at a time. */
typedef struct lines {
  vb_ingest *in;
  const char *path;
  FILE *f;
  int stream; /* not a file: a pipe, a terminal, a socket (read_stream) */
  char *buf;
  size_t n, cap, line; /* buf[0, n): lines not yet queued, the first numbered line */
  long long read;
} lines;

/* Everything queued stored, and the store's batch committed. */
static int settle(vb_ingest *in, vb_err *err) {
  int r;
  while ((r = store_oldest(in, 1, err)) == 1) {
  }
  return r < 0 ? err->code : vb_store_flush(in->st, err);
}

/* What a stream has, without waiting for the buffer to fill as fread
 * does, so each run of whole lines is queued as it comes; waiting longer
 * than IDLE_MS, it settles first. Returns the bytes read (0 at the end),
 * or -1 with err set. */
static ssize_t read_stream(lines *l, char *buf, size_t cap, vb_err *err) {
  int fd = fileno(l->f), settled = 0;
  for (;;) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r = poll(&p, 1, settled ? -1 : IDLE_MS);
    if (r > 0) break;
    if (r < 0 && errno != EINTR) return vb_err_set(err, VB_EIO, l->path, l->read, "cannot wait: %s", strerror(errno)), -1;
    if (r == 0) {
      if (settle(l->in, err)) return -1;
      settled = 1;
    }
  }
  for (;;) {
    ssize_t got = read(fd, buf, cap);
    if (got >= 0) return got;
    if (errno != EINTR) return vb_err_set(err, VB_EIO, l->path, l->read, "cannot read: %s", strerror(errno)), -1;
  }
}

/* Up to cap bytes into buf; *eof once the input has ended. Returns the
 * bytes read, or -1 with err set. */
static ssize_t pull(lines *l, char *buf, size_t cap, int *eof, vb_err *err) {
  ssize_t got;
  if (l->stream) {
    got = read_stream(l, buf, cap, err);
    if (got < 0) return -1;
    *eof = got == 0;
  } else {
    got = (ssize_t)fread(buf, 1, cap, l->f);
    if ((size_t)got < cap && ferror(l->f))
      return vb_err_set(err, VB_EIO, l->path, l->read + got, "cannot read: %s", strerror(errno)), -1;
    *eof = (size_t)got < cap;
  }
  l->read += got;
  return got;
}

/* Queues buf[0, upto) and keeps the rest for the next run. */
static int queue_run(lines *l, size_t upto, vb_err *err) {
  /* back to the usual size once a long line has gone */
  size_t cap = l->n - upto > LINES_CHUNK ? l->cap : LINES_CHUNK;
  char *rest = malloc(cap);
  if (!rest) return vb_err_set(err, VB_ENOMEM, l->path, l->read, "out of memory");
  memcpy(rest, l->buf + upto, l->n - upto);
  char *run = l->buf;
  size_t first = l->line;
  l->line += count_lines(run, upto);
  l->buf = rest;
  l->cap = cap;
  l->n -= upto;
  return enqueue(l->in, l->path, run, upto, first, NULL, err);
}

/* A line longer than a document may be: reported as its own failure,
 * then read through to its end without keeping it. */
static int skip_long_line(lines *l, int *eof, vb_err *err) {
  char name[600];
  snprintf(name, sizeof name, "%s:%zu", l->path, l->line);
  vb_err e;
  vb_err_set(&e, VB_ELIMIT, name, -1, "line longer than %zu MiB", VB_MAX_INPUT_BYTES >> 20);
  int rc = enqueue(l->in, name, NULL, 0, l->line, &e, err);
  l->n = 0;
  while (!rc && !*eof) {
    ssize_t got = pull(l, l->buf, l->cap, eof, err);
    if (got < 0) {
      rc = err->code;
      break;
    }
    char *nl = got ? memchr(l->buf, '\n', (size_t)got) : NULL;
    if (nl) {
      l->n = (size_t)got - (size_t)(nl + 1 - l->buf);
      memmove(l->buf, nl + 1, l->n);
      break;
    }
  }
  l->line++;
  return rc;
}

int vb_ingest_add_file(vb_ingest *in, const char *path, long long *nread, vb_err *err) {
  vb_err_clear(err);
  if (nread) *nread = 0;
  int is_stdin = strcmp(path, "-") == 0;
  if (!is_jsonl(in, path) && !is_stdin) {
    /* read by a parsing thread (read_and_parse); its size as it is now */
    struct stat fb;
    if (nread && stat(path, &fb) == 0 && S_ISREG(fb.st_mode)) *nread = (long long)fb.st_size;
    return enqueue(in, path, NULL, 0, 0, NULL, err);
  }
  if (!is_jsonl(in, path)) {
    char *bytes;
    size_t len;
    int rc = vb_file_read(path, &bytes, &len, err);
    if (rc) return rc;
    if (nread) *nread = (long long)len;
    return vb_ingest_add(in, path, bytes, len, err);
  }
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  if (!f) return vb_err_set(err, VB_EIO, path, -1, "cannot open: %s", strerror(errno));
  struct stat sb;
  lines l = {in, path, f, fstat(fileno(f), &sb) == 0 && !S_ISREG(sb.st_mode), malloc(LINES_CHUNK), 0, LINES_CHUNK, 1,
             0};
  int rc = l.buf ? VB_OK : vb_err_set(err, VB_ENOMEM, path, -1, "out of memory");
  int eof = 0;
  while (!rc && !eof) {
    if (l.n == l.cap && l.cap > VB_MAX_INPUT_BYTES) {
      /* the line is longer than a document may be; what follows it is kept */
      if ((rc = skip_long_line(&l, &eof, err))) break;
    } else {
      if (l.n == l.cap) {
        /* one line fills the buffer: room for a longer one, up to the limit */
        size_t ncap = l.cap * 2 > VB_MAX_INPUT_BYTES ? VB_MAX_INPUT_BYTES + 1 : l.cap * 2;
        char *g = realloc(l.buf, ncap);
        if (!g) {
          rc = vb_err_set(err, VB_ENOMEM, path, l.read, "out of memory");
          break;
        }
        l.buf = g;
        l.cap = ncap;
      }
      ssize_t got = pull(&l, l.buf + l.n, l.cap - l.n, &eof, err);
      if (got < 0) {
        rc = err->code;
        break;
      }
      l.n += (size_t)got;
    }
    char *last = l.n ? memrchr(l.buf, '\n', l.n) : NULL;
    size_t upto = eof ? l.n : last ? (size_t)(last + 1 - l.buf) : 0;
    if (upto) rc = queue_run(&l, upto, err);
  }
  free(l.buf);
  if (!is_stdin) fclose(f);
  if (nread) *nread = l.read;
  return rc;
}

int vb_ingest_close(vb_ingest *in, vb_err *err) {
  if (!in) return VB_OK;
  vb_err local;
  if (!err) err = &local;
  vb_err_clear(err);
  int rc = VB_OK;
  while (in->head < in->tail) {
    int r = store_oldest(in, 1, err);
    if (r < 0) rc = err->code;
  }
  pthread_mutex_lock(&in->mu);
  in->stop = 1;
  pthread_cond_broadcast(&in->work);
  pthread_mutex_unlock(&in->mu);
  for (int i = 0; i < in->nthreads; i++) pthread_join(in->threads[i], NULL);
  pthread_mutex_destroy(&in->mu);
  pthread_cond_destroy(&in->work);
  pthread_cond_destroy(&in->done);
  free(in->ring);
  free(in->threads);
  vb_store *st = in->st;
  free(in);
  if (!rc && st) rc = vb_store_flush(st, err);
  return rc;
}
