/* server — `verbatim serve`: the archive over HTTP on libmicrohttpd.
 *
 * What a request may do is decided from its head, before any byte of its
 * body is read: the framing (one Content-Length, or chunked), the Host
 * (this server's, against DNS rebinding), the token (for writes, and for
 * everything on a private server), and how much body the route takes
 * (413 at once past it; bodies of all requests together share one
 * budget, 503 past it). Cheap requests (/health, /metrics, the UI, watches,
 * a search the cost model counts as cheap) are answered on libmicrohttpd's
 * threads; requests that read the archive
 * at a cost the client chooses (searches, documents, ingest) wait in a
 * bounded queue for a worker, with a share per client address (429) and a
 * bound on the queue (503 + Retry-After), so a cheap request never waits
 * behind an expensive one. A reaper drops connections that are slow to
 * send a request's head or body. Every request is logged on one line
 * (time served and time queued apart) and counted for /metrics. What a
 * route may do and who answers it is its row of the table in api.c (the
 * JSON API); alert streams live in stream.c; static UI files are served
 * from the web directory. */
#define _GNU_SOURCE
#include "http.h"
#include "core/doc.h"

#include <errno.h>
#include <math.h>
#include <microhttpd.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/dynlib.h"
#include "core/err.h"
#include "core/text.h"
#include "http/webfiles.h"
#include "query/query.h"

/* Limits, each with its reason. */
#define BODY_BUDGET ((size_t)96 << 20)    /* bodies held at once, all requests together: three uploads */
#define BODY_STEP ((size_t)1 << 20)       /* a chunked body reserves its memory this much at a time */
#define BODY_RATE ((double)(64 << 10))    /* bytes a second a body must average… */
#define BODY_GRACE 30.0                   /* …after this many seconds */
#define MAX_CONNECTIONS 256               /* beyond this, new connections wait in the kernel */
#define PER_CLIENT 64                     /* connections one address holds: a quarter of them all */
#define CONNECTION_TIMEOUT 30             /* seconds of silence before a client is dropped */
#define HEAD_TIMEOUT 10.0                 /* seconds to send a request's head, however it trickles */
#define PRESSURE (MAX_CONNECTIONS * 3 / 4) /* past this many connections, slow heads go first: */
#define PRESSURE_AGE 1.0                  /* a head not whole after a second, when others wait */
#define REAP_MS 200                       /* how often deadlines are looked at */
#define CONNECTION_MEMORY ((size_t)64 << 10) /* per connection: headers and the URL */
#define MAX_STATIC ((size_t)8 << 20)      /* largest UI file served */
#define MAX_TOKENS 64
#define MAX_TOKEN_LINE 4096               /* a token file's line; longer is refused, never split */
#define QUEUE_MAX 64                      /* reads waiting for a worker; more get 503 */
#define WRITE_QUEUE 16                    /* ingests waiting for the one that runs; more get 503 */
#define CLIENT_JOBS 4                     /* expensive requests one address has queued or running */
#define AUTH_FREE 5                       /* wrong tokens an address sends before it is slowed */
#define AUTH_MAX_WAIT 60                  /* seconds, the longest an address then waits (or its first wait, if longer) */
#define AUTH_FORGET 3600.0                /* seconds without a wrong token: an address starts afresh */
#define AUTH_SLOTS 256                    /* addresses remembered */
#define COUNTS_FRESH 5.0                  /* seconds the archive's counts may lag while it changes */
#define COUNTS_CHEAP 0.05                 /* counting quicker than this: never lags */
#define COUNTS_LARGE 100000               /* statements: a smaller archive's counts never lag */
#define READ_BUDGET 5.0                   /* seconds of the archive's time a queued read may take */
/* each connection's own pages of the archive: the system's file cache holds
 * the rest for all of them, and a connection's first answers fill less
 * new memory (vb_store_page_cache; the UN archive's entity page e1 cold:
 * 400-550 ms of CPU with 64 MB, 140-170 with 16, 115-190 with 8) */
#define PAGE_CACHE ((int64_t)16 << 20)
#define LIGHT_COST 0.5                    /* seconds an address's reads took lately, on average, at most, for the light worker */
#define LIGHT_BUDGET 0.25                 /* seconds a read may take there before the others take it over */
#define LIGHT_WORDS 4                     /* words (a prefix counts 4) a new address's query may have there */
#define COST_HALF_LIFE 60.0               /* seconds in which what an address took counts half */
#define COST_SLOTS 256                    /* addresses whose cost is remembered */
/* A search the cost model counts as cheap (its words in fewer statements
 * of the index than this: on SQLite the estimate counts whole pages of
 * postings, about 1,700 statements each; 5 million of them took 1.8 s of
 * CPU on the UN archive, so this is some 20 ms at most, and `the` alone
 * is in about a million) from an address whose reads took
 * little lately is answered on libmicrohttpd's thread, as /health is: it
 * never waits for a worker nor crosses threads. Past its budget there it
 * is given up to the queue, and its address is charged what it took. */
#define INLINE_STATEMENTS 50000.0
#define INLINE_BUDGET 0.1                 /* seconds (wall: a busy machine stretches a cheap search); an
                                           * address whose reads took half of it lately, on average, queues */
/* seconds an address is held back after a search refused as too costly,
 * and the first wait past AUTH_FREE wrong tokens (vb_server_opts.hold) */
#define HOLD 1.0
/* How much less the threads doing the costly work (the workers but the
 * light one, the warming thread) weigh with the system's scheduler than
 * those answering the cheap requests (libmicrohttpd's, the light
 * worker): while a costly read runs, a cheap answer is not in the queue
 * for a CPU behind it (a nice level: 10 weighs about a tenth) */
#define COSTLY_NICE 10
#define REMAKE_GROUP 32                   /* records remade on one borrow of a connection */
#define REMAKE_POLL 5.0                   /* seconds between looks for records another process's correction left out of date */
#define REMAKE_BACKOFF 600.0              /* seconds at most between tries of a remake that fails (REMAKE_POLL, doubling) */
#define REPLICA_RETRY 2.0                 /* seconds between tries of a replica that is down */

static const double latency_bounds[VB_HTTP_BUCKETS] = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                       0.05,  0.1,    0.25,  0.5,  1.0};

/* The calling thread weighs less with the scheduler (COSTLY_NICE): a nice
 * level is a thread's own on Linux. A thread already within COSTLY_NICE
 * of the lowest level (19: a server run with `nice`, or a test suite run
 * niced beside fuzzers) could not go far enough below the cheap threads,
 * at 19 not at all, so it takes the idle policy, which weighs less than
 * any nice level (about a fifth of nice 19). Neither needs privilege;
 * failing, the thread goes as low as nice goes. */
static void yield_to_cheap(void) {
  pid_t tid = gettid();
  errno = 0;
  int was = getpriority(PRIO_PROCESS, (id_t)tid);
  if (errno) return;
  if (was + COSTLY_NICE <= 19) {
    setpriority(PRIO_PROCESS, (id_t)tid, was + COSTLY_NICE);
    return;
  }
  struct sched_param idle = {.sched_priority = 0};
  if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &idle)) setpriority(PRIO_PROCESS, (id_t)tid, 19);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of the calling thread, in seconds. */
static double thread_cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the pool of archive connections ----------------------------------- */

/* The budget of the read a worker serves: a connection borrowed for it
 * stops reading at budget_until (the store's deadline), and budget_spent
 * says whether one did, so that the answer, whole or cut short, is never
 * sent or cached. 0: this thread serves nothing with a budget. */
static _Thread_local double budget_until;
static _Thread_local int budget_spent;
/* The light worker's own connection, warmed before the server answers:
 * a quick search never waits for another connection's caches to load.
 * Others do not take it; a second borrow of the light worker's takes
 * another. */
static _Thread_local int light_thread;
/* The queued request this worker serves: the connections it borrows are
 * its own, and stopped when its client hangs up. */
static _Thread_local vb_req *serving_req;
/* The archive's pages read on the connections this thread borrowed, given
 * back (vb_store_pages_read): what serve() reports per answer; set, a
 * connection that does not count them was borrowed. */
static _Thread_local int64_t pages_served;
static _Thread_local int pages_uncounted;
/* A connection this thread gave back had lost its replica: the read it
 * served is served again, from the primary (serve). */
static _Thread_local int replica_lost;

vb_store *vb_http_borrow(vb_server *s) {
  pthread_mutex_lock(&s->mu);
  int own = s->npool - 1, at = -1;
  if (light_thread && !s->busy[own]) at = own;
  while (at < 0) {
    for (int i = 0; at < 0 && i < own; i++)
      if (!s->busy[i]) at = i;
    if (at < 0) pthread_cond_wait(&s->cv, &s->mu);
  }
  s->busy[at] = 1;
  s->owner[at] = serving_req;
  vb_store *st = s->pool[at];
  vb_http_lexicon_lend(s, at);
  pthread_mutex_unlock(&s->mu);
  int64_t pages = vb_store_pages_read(st);
  if (pages < 0) pages_uncounted = 1;
  else pages_served -= pages;
  if (budget_until > 0) {
    double left = budget_until - now();
    vb_err err;
    if (left <= 0) budget_spent = 1; /* spent before the archive was asked */
    if (vb_store_deadline(st, left > 1e-6 ? left : 1e-6, &err)) budget_spent = 1;
  }
  return st;
}

/* Loads what connection i's first searches would (vb_store_warm), taking
 * it when it is free (again: 0 at start, 1 after a correction, 2 after its
 * replica answered again); 0 when the server is stopping. */
static int warm_one(vb_server *s, int i, int again) {
  pthread_mutex_lock(&s->mu);
  while (s->warming && s->busy[i]) pthread_cond_wait(&s->cv, &s->mu);
  int go = s->warming;
  vb_err err;
  if (go) {
    s->busy[i] = 1;
    /* a deadline far off, so that a stop can cancel the load (below);
     * set under mu, so no stop comes between it and the load */
    s->warm_slot = vb_store_deadline(s->pool[i], 86400, &err) ? -1 : i;
  }
  pthread_mutex_unlock(&s->mu);
  if (!go) return 0;
  vb_store_warm(s->pool[i], &err);
  pthread_mutex_lock(&s->mu);
  vb_store_deadline(s->pool[i], 0, &err);
  s->warm_slot = -1;
  s->busy[i] = 0;
  s->warms[again]++;
  pthread_cond_broadcast(&s->cv);
  pthread_mutex_unlock(&s->mu);
  return 1;
}

/* Connects again, each connection when it is free, to the replicas that
 * were down: at start, or gone since (vb_http_give_back). The lock (mu)
 * is held, and given up meanwhile. */
/* On the log: how connection i's replica stands (by its place among the
 * --read-db, since an address may hold a password). */
static void replica_said(vb_server *s, int i, const char *what) {
  if (!s->log) return;
  pthread_mutex_lock(&s->log_mu);
  fprintf(s->log, "replica: --read-db number %d: %s\n", i % s->nreplicas + 1, what);
  fflush(s->log);
  pthread_mutex_unlock(&s->log_mu);
}

/* The connections whose replica does not answer (mu held). */
static int replicas_down(const vb_server *s) {
  int n = 0;
  for (int i = 0; s->replica_down && i < s->npool; i++) n += s->replica_down[i];
  return n;
}

static void replicas_again(vb_server *s) {
  for (int i = 0; s->warming && i < s->npool; i++) {
    if (!s->replica_down[i]) continue;
    while (s->warming && s->busy[i]) pthread_cond_wait(&s->cv, &s->mu);
    if (!s->warming) break;
    s->busy[i] = 1;
    s->replica_tries++;
    pthread_mutex_unlock(&s->mu);
    vb_err err;
    int rc = vb_store_reader_again(s->pool[i], &err);
    pthread_mutex_lock(&s->mu);
    int up = rc == VB_OK && s->replica_down[i];
    if (up) {
      s->replica_down[i] = 0;
      replica_said(s, i, "answers again: reads go there");
    }
    s->busy[i] = 0;
    pthread_cond_broadcast(&s->cv);
    if (up) { /* loaded as the others were at start, not by its first searches */
      pthread_mutex_unlock(&s->mu);
      warm_one(s, i, 2);
      pthread_mutex_lock(&s->mu);
    }
  }
  s->replica_next = now() + (replicas_down(s) ? REPLICA_RETRY : 1e18);
}

/* Then, for as long as the server runs: the kept parses (records) that
 * corrections left out of date, remade REMAKE_GROUP documents at a time
 * on a borrowed connection (a request takes it between two groups), at
 * the costly threads' priority, so that a correction costs its own
 * transaction and the documents it changed are parsed only once, here,
 * not on every read. Looked for at start, right after a correction made
 * here (vb_http_remake_soon), and every REMAKE_POLL seconds (a
 * correction made by another process). A remake that fails (a record
 * the archive will not take, a write lock held past its timeout) is tried
 * again after REMAKE_POLL, then twice as long each time it fails again,
 * up to REMAKE_BACKOFF, whatever corrections come meanwhile: each try
 * parses its documents again, and a failure that stays would otherwise
 * cost those parses every few seconds, or at every correction. */
static void remake_records(vb_server *s) {
  int more = 1, failed = 0; /* tries that failed in a row */
  int rewarm = 0;           /* records remade since the connections were warmed */
  pthread_mutex_lock(&s->mu);
  double next = now();
  while (s->warming) {
    if (now() >= s->replica_next) replicas_again(s);
    if (!s->warming) break;
    if (now() < next && (failed || (!more && !s->remake_wanted))) {
      struct timespec until;
      clock_gettime(CLOCK_REALTIME, &until);
      until.tv_sec += 1; /* the pool's other wake-ups come and go meanwhile */
      pthread_cond_timedwait(&s->cv, &s->mu, &until);
      continue;
    }
    int asked = s->remake_wanted;
    s->remake_wanted = 0;
    pthread_mutex_unlock(&s->mu);
    /* a correction drops each connection's entities of its statements
     * (cols.c): loaded again here, each connection when it is free, not
     * left to the searches, which on an archive of a million statements
     * read every sampled match's mentions instead (`peace` 24,321 pages
     * on the UN archive, against 245) for as long as the server ran.
     * One made here, at once: its records may take minutes to remake. */
    for (int i = 0; asked && i < s->npool; i++)
      if (!warm_one(s, i, 1)) break;
    vb_store *st = vb_http_borrow(s);
    size_t n = 0;
    vb_err err;
    int rc = vb_store_records_remake(st, REMAKE_GROUP, &n, &more, &err);
    vb_http_give_back(s, st);
    if (rc) more = 0;
    /* another process's, once the records it left are remade (a
     * connection whose cache is up to date loads nothing) */
    rewarm |= n > 0;
    for (int i = 0; rewarm && !more && i < s->npool; i++)
      if (!warm_one(s, i, 1)) break;
    if (!more) rewarm = 0;
    pthread_mutex_lock(&s->mu);
    s->records_remade += n;
    if (rc) {
      s->remakes_failed++;
      double wait = REMAKE_POLL * exp2(failed < 16 ? failed : 16);
      next = now() + (wait < REMAKE_BACKOFF ? wait : REMAKE_BACKOFF);
      failed++;
    } else {
      failed = 0;
      if (!more) next = now() + REMAKE_POLL;
    }
  }
  pthread_mutex_unlock(&s->mu);
}

void vb_http_remake_soon(vb_server *s) {
  pthread_mutex_lock(&s->mu);
  s->remake_wanted = 1;
  pthread_cond_broadcast(&s->cv);
  pthread_mutex_unlock(&s->mu);
}

/* Loads, connection after connection, what their first searches would
 * (seconds each on a large archive: the statements' columns), taking each
 * when it is free, so that a quick search never pays for it. Started with
 * the server, which answers meanwhile; a connection it cannot warm loads
 * on its own searches, as it would have. */
static void *warmer(void *arg) {
  vb_server *s = arg;
  yield_to_cheap();
  pthread_setname_np(pthread_self(), "vb-warm");
  for (int i = 0; i < s->npool - 1; i++) /* the last was warmed at start */
    if (!warm_one(s, i, 0)) break;
  remake_records(s);
  return NULL;
}

void vb_http_give_back(vb_server *s, vb_store *st) {
  /* a replica gone (restarted, unreachable): its connection reads from
   * the primary until the warmer reaches the replica again */
  int lost = vb_store_reader_lost(st);
  replica_lost |= lost;
  int64_t pages = vb_store_pages_read(st);
  if (pages >= 0) pages_served += pages;
  if (budget_until > 0) {
    vb_err err;
    if (vb_store_deadline_passed(st)) budget_spent = 1;
    vb_store_deadline(st, 0, &err);
  }
  pthread_mutex_lock(&s->mu);
  if (lost && s->replica_next > now() + REPLICA_RETRY) s->replica_next = now() + REPLICA_RETRY;
  for (int i = 0; i < s->npool; i++)
    if (s->pool[i] == st) {
      if (lost && !s->replica_down[i]) {
        s->replica_down[i] = 1;
        s->replicas_lost++;
        replica_said(s, i, "gone: its reads go to the primary until it answers");
      }
      s->busy[i] = 0;
      s->owner[i] = NULL;
      vb_http_lexicon_return(s, i);
    }
  pthread_cond_broadcast(&s->cv); /* the warmer waits for one connection, others for any */
  pthread_mutex_unlock(&s->mu);
}

/* ---- the search cache and the counts ------------------------------------ */

/* Whether the archive changed since this connection was last asked. */
static void check_version(vb_server *s, vb_store *st) {
  int64_t v = 0;
  vb_err err;
  if (vb_store_version(st, &v, &err)) {
    pthread_mutex_lock(&s->mu);
    s->generation++;
    pthread_mutex_unlock(&s->mu);
    return;
  }
  pthread_mutex_lock(&s->mu);
  for (int i = 0; i < s->npool; i++)
    if (s->pool[i] == st && s->seen_version[i] != v) {
      s->seen_version[i] = v;
      s->generation++;
    }
  pthread_mutex_unlock(&s->mu);
}

char *vb_http_cache_get(vb_server *s, vb_store *st, const char *key) {
  if (!s->ncache) return NULL;
  check_version(s, st);
  char *out = NULL;
  pthread_mutex_lock(&s->mu);
  for (size_t i = 0; i < s->ncache; i++) {
    vb_cache_entry *e = &s->cache[i];
    if (e->key && e->generation == s->generation && !strcmp(e->key, key)) {
      e->used = ++s->tick;
      out = strdup(e->json);
      break;
    }
  }
  if (out) s->cache_hits++;
  else s->cache_misses++;
  pthread_mutex_unlock(&s->mu);
  return out;
}

void vb_http_cache_put(vb_server *s, const char *key, const char *json) {
  if (!s->ncache || budget_spent) return; /* an answer cut short is no answer */
  size_t bytes = strlen(key) + strlen(json) + 2;
  if (bytes > s->cache_max / 16) return;
  char *k = strdup(key), *j = strdup(json);
  if (!k || !j) {
    free(k);
    free(j);
    return;
  }
  pthread_mutex_lock(&s->mu);
  /* the least recently used (or stale) entry goes */
  size_t victim = 0;
  for (size_t i = 0; i < s->ncache; i++) {
    vb_cache_entry *e = &s->cache[i];
    if (!e->key || e->generation != s->generation) {
      victim = i;
      break;
    }
    if (e->used < s->cache[victim].used) victim = i;
  }
  vb_cache_entry *e = &s->cache[victim];
  free(e->key);
  free(e->json);
  s->cache_bytes -= e->bytes;
  e->key = k;
  e->json = j;
  e->bytes = bytes;
  e->generation = s->generation;
  e->used = ++s->tick;
  s->cache_bytes += bytes;
  /* then the least recently used others, until all fit */
  while (s->cache_bytes > s->cache_max) {
    vb_cache_entry *old = NULL;
    for (size_t i = 0; i < s->ncache; i++)
      if (s->cache[i].key && &s->cache[i] != e && (!old || s->cache[i].used < old->used)) old = &s->cache[i];
    if (!old) break;
    free(old->key);
    free(old->json);
    s->cache_bytes -= old->bytes;
    memset(old, 0, sizeof *old);
  }
  pthread_mutex_unlock(&s->mu);
}

/* The lock (mu) is held. */
static void doc_unref(vb_held_doc *h) {
  if (h && --h->refs == 0) {
    vb_doc_free(h->doc);
    free(h);
  }
}

/* Whether the client of the request this worker serves has gone (the
 * reaper says so, under qmu); mu must not be held. */
static int client_gone(vb_server *s) {
  if (!serving_req) return 0;
  pthread_mutex_lock(&s->qmu);
  int gone = serving_req->hung_up;
  pthread_mutex_unlock(&s->qmu);
  return gone;
}

/* Waits, mu held, until f is done: 0, or an error once its client has
 * gone (looked at as often as the reaper looks). The wait is not the
 * archive's time, as the parse waited for is not: it is bounded by that
 * parse (the parser's own limits), except on the light worker, which
 * waits its light budget and hands the request to the others. */
static int doc_wait(vb_server *s, vb_doc_flight *f, vb_err *err) {
  int bounded = light_thread && budget_until > 0 && s->light_budget < s->read_budget;
  while (!f->done) {
    double wait = REAP_MS / 1000.0;
    if (bounded) {
      double left = budget_until - now();
      if (left <= 0) {
        budget_spent = 1;
        return vb_err_set(err, VB_ELIMIT, "", -1, "the document's parse outlasted the light worker's budget");
      }
      if (left < wait) wait = left;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    long ns = ts.tv_nsec + (long)(wait * 1e9);
    ts.tv_sec += ns / 1000000000L;
    ts.tv_nsec = ns % 1000000000L;
    pthread_cond_timedwait(&s->doc_cv, &s->mu, &ts);
    if (f->done) break;
    pthread_mutex_unlock(&s->mu);
    int gone = client_gone(s);
    pthread_mutex_lock(&s->mu);
    if (gone && !f->done) return vb_err_set(err, VB_EUSAGE, "", -1, "the client hung up");
  }
  return VB_OK;
}

/* Parses document id for f (linked, mu not held), then tells its waiters. */
static int doc_fly(vb_server *s, vb_doc_flight *f, vb_held_doc **out, vb_err *err) {
  vb_store *st = vb_http_borrow(s);
  vb_doc *doc = NULL;
  int rc = vb_store_doc(st, f->id, &doc, err);
  vb_http_give_back(s, st);
  int cut = budget_spent || client_gone(s);
  vb_held_doc *h = NULL;
  if (!rc && !(h = calloc(1, sizeof *h))) {
    vb_doc_free(doc);
    rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  }
  if (h) {
    h->doc = doc;
    snprintf(h->ref, sizeof h->ref, "%s", f->id);
    /* the generation it was asked in: if the archive changed since, the
     * next page parses it again */
    h->generation = f->generation;
    h->refs = 1;
  }
  pthread_mutex_lock(&s->mu);
  s->doc_parses++;
  if (h && h->doc->recorded) s->doc_records++;
  for (vb_doc_flight **p = &s->flights; *p; p = &(*p)->next)
    if (*p == f) {
      *p = f->next;
      break;
    }
  f->done = 1;
  f->cut = rc && cut;
  f->rc = rc;
  if (rc) f->err = *err;
  if (h && f->waiters) {
    h->refs++;
    f->doc = h;
  }
  pthread_cond_broadcast(&s->doc_cv);
  if (!f->waiters) free(f);
  pthread_mutex_unlock(&s->mu);
  *out = h;
  return rc;
}

int vb_http_doc_read(vb_server *s, const char *ref, vb_held_doc **out, vb_err *err) {
  *out = NULL;
  char id[65];
  vb_store *st = vb_http_borrow(s);
  check_version(s, st);
  int rc = vb_store_doc_id(st, ref, id, err);
  vb_http_give_back(s, st);
  if (rc) return rc;
  pthread_mutex_lock(&s->mu);
  for (;;) {
    vb_held_doc *h = s->held;
    if (h && h->generation == s->generation && !strcmp(h->ref, id)) {
      h->refs++;
      *out = h;
      break;
    }
    vb_doc_flight *f = s->flights;
    while (f && (f->generation != s->generation || strcmp(f->id, id))) f = f->next;
    if (!f) {
      /* none parses it: this request does, the others wait for it */
      f = calloc(1, sizeof *f);
      if (!f) {
        rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
        break;
      }
      memcpy(f->id, id, sizeof f->id);
      f->generation = s->generation;
      f->next = s->flights;
      s->flights = f;
      pthread_mutex_unlock(&s->mu);
      return doc_fly(s, f, out, err);
    }
    f->waiters++;
    rc = doc_wait(s, f, err);
    f->waiters--;
    int again = !rc && f->cut;
    if (!rc && !f->cut) {
      if (f->doc) {
        f->doc->refs++;
        *out = f->doc;
      } else {
        rc = f->rc;
        *err = f->err;
      }
    }
    if (f->done && !f->waiters) {
      doc_unref(f->doc);
      free(f);
    }
    if (!again) break;
  }
  pthread_mutex_unlock(&s->mu);
  return rc;
}

void vb_http_doc_keep(vb_server *s, vb_held_doc *h) {
  pthread_mutex_lock(&s->mu);
  if (s->held != h) {
    h->refs++;
    doc_unref(s->held);
    s->held = h;
  }
  pthread_mutex_unlock(&s->mu);
}

void vb_http_doc_release(vb_server *s, vb_held_doc *h) {
  pthread_mutex_lock(&s->mu);
  doc_unref(h);
  pthread_mutex_unlock(&s->mu);
}

void vb_http_cache_clear(vb_server *s) {
  pthread_mutex_lock(&s->mu);
  s->generation++;
  pthread_mutex_unlock(&s->mu);
}

/* Counting a large archive's rows takes a while (0.6 s for the 1.3 M
 * statements of the UN corpus while searches read the disk); /health and
 * /metrics are asked often. Counts are read again when the archive has
 * changed; when the last count took COUNTS_CHEAP or more and found
 * COUNTS_LARGE statements or more, at most every COUNTS_FRESH seconds:
 * while documents pour into a large archive, they may lag that much. A
 * small one's are always fresh, however long a loaded machine took to
 * count them (the time alone made test_http's overview_agrees fail now
 * and then: /health lagged a document just posted). */
int vb_http_counts(vb_server *s, vb_store *st, int64_t *docs, int64_t *speakers, int64_t *statements,
                   vb_err *err) {
  check_version(s, st);
  double t = now();
  pthread_mutex_lock(&s->mu);
  uint64_t gen = s->generation;
  int known = s->counted_gen == gen + 1 ||
              (s->counted_gen && s->counted_cost >= COUNTS_CHEAP && s->counted[2] >= COUNTS_LARGE &&
               t - s->counted_at < COUNTS_FRESH);
  if (known) {
    *docs = s->counted[0];
    *speakers = s->counted[1];
    *statements = s->counted[2];
  }
  pthread_mutex_unlock(&s->mu);
  if (known) return VB_OK;
  int rc = vb_store_counts(st, docs, speakers, statements, err);
  if (rc) return rc;
  pthread_mutex_lock(&s->mu);
  if (s->generation == gen || !s->counted_gen) {
    s->counted[0] = *docs;
    s->counted[1] = *speakers;
    s->counted[2] = *statements;
    s->counted_gen = gen + 1; /* 0 stays "not counted" */
    s->counted_at = t;
    s->counted_cost = now() - t;
  }
  pthread_mutex_unlock(&s->mu);
  return VB_OK;
}

/* ---- tokens ---------------------------------------------------------------- */

/* One token a line, whole: a line is never cut into two tokens. */
static int load_tokens(vb_server *s, const char *path, vb_err *err) {
  FILE *f = fopen(path, "r");
  if (!f) return vb_err_set(err, VB_EIO, path, -1, "cannot read token file: %s", strerror(errno));
  char *line = NULL;
  size_t cap = 0;
  long long at = 0;
  ssize_t got;
  int rc = VB_OK;
  while (!rc && (got = getline(&line, &cap, f)) >= 0) {
    long long start = at;
    at += got;
    size_t n = strcspn(line, "\r\n");
    line[n] = '\0';
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t')) line[--n] = '\0';
    if (!n || line[0] == '#') continue;
    if (n > MAX_TOKEN_LINE)
      rc = vb_err_set(err, VB_ELIMIT, path, start, "a token of %zu bytes is too long (%d at most)", n,
                      MAX_TOKEN_LINE);
    else if (n < 16)
      rc = vb_err_set(err, VB_EUSAGE, path, start, "a token of %zu characters is too short (16 at least)", n);
    else if (s->ntokens == MAX_TOKENS)
      rc = vb_err_set(err, VB_ELIMIT, path, start, "more than %d tokens", MAX_TOKENS);
    else if (!(s->tokens[s->ntokens] = strdup(line)))
      rc = vb_err_set(err, VB_ENOMEM, path, -1, "out of memory");
    else s->ntokens++;
  }
  free(line);
  fclose(f);
  return rc;
}

/* Constant time in the token's length: a mismatch position leaks nothing. */
static int same_secret(const char *a, size_t an, const char *b) {
  size_t bn = strlen(b);
  unsigned char diff = (unsigned char)(an != bn);
  for (size_t i = 0; i < bn; i++) diff |= (unsigned char)(i < an ? a[i] : 0) ^ (unsigned char)b[i];
  return diff == 0;
}

/* The token of "Bearer TOKEN" (the scheme in any case, RFC 7235), or NULL. */
static const char *bearer(const char *h, size_t *len) {
  if (!h || strncasecmp(h, "Bearer", 6) || (h[6] != ' ' && h[6] != '\t')) return NULL;
  const char *t = h + 6;
  while (*t == ' ' || *t == '\t') t++;
  size_t n = strlen(t);
  while (n && (t[n - 1] == ' ' || t[n - 1] == '\t')) n--;
  *len = n;
  return n ? t : NULL;
}

int vb_http_authorized(vb_server *s, struct MHD_Connection *c) {
  size_t tn;
  const char *t = bearer(MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION), &tn);
  if (!t) return 0;
  int ok = 0;
  for (size_t i = 0; i < s->ntokens; i++) ok |= same_secret(t, tn, s->tokens[i]);
  return ok;
}

/* ---- wrong tokens, per address -------------------------------------------- */

struct vb_auth_slot {
  uint32_t ip;
  unsigned failures; /* 0: a free slot */
  double last, until; /* the last wrong token; no token is looked at before until */
};

/* The address's slot (made when `make`), the lock held. */
static struct vb_auth_slot *auth_slot(vb_server *s, uint32_t ip, int make, double t) {
  struct vb_auth_slot *free_slot = NULL, *oldest = NULL;
  for (size_t i = 0; i < AUTH_SLOTS; i++) {
    struct vb_auth_slot *a = &s->auth[i];
    if (a->failures && t - a->last > AUTH_FORGET) a->failures = 0;
    if (a->failures && a->ip == ip) return a;
    if (!a->failures) {
      if (!free_slot) free_slot = a;
    } else if (!oldest || a->last < oldest->last) oldest = a;
  }
  if (!make) return NULL;
  struct vb_auth_slot *a = free_slot ? free_slot : oldest;
  *a = (struct vb_auth_slot){.ip = ip};
  return a;
}

/* Seconds the address must wait before its next token is looked at. */
static unsigned auth_wait(vb_server *s, uint32_t ip) {
  if (!s->per_address) return 0;
  double t = now();
  pthread_mutex_lock(&s->mu);
  struct vb_auth_slot *a = auth_slot(s, ip, 0, t);
  unsigned wait = a && a->until > t ? (unsigned)(a->until - t) + 1 : 0;
  pthread_mutex_unlock(&s->mu);
  return wait;
}

/* After AUTH_FREE wrong tokens, each one more doubles the wait (the hold:
 * 1 s, 2 s, 4 s … AUTH_MAX_WAIT): guessing costs time, a typo does not. */
static void auth_result(vb_server *s, uint32_t ip, int ok) {
  if (!s->per_address) return;
  double t = now();
  pthread_mutex_lock(&s->mu);
  struct vb_auth_slot *a = auth_slot(s, ip, !ok, t);
  if (a && ok) a->failures = 0;
  else if (a) {
    a->failures++;
    a->last = t;
    if (a->failures > AUTH_FREE) {
      unsigned k = a->failures - AUTH_FREE - 1;
      double most = s->hold > AUTH_MAX_WAIT ? s->hold : AUTH_MAX_WAIT;
      double wait = k >= 16 ? most : s->hold * (double)(1u << k);
      a->until = t + (wait < most ? wait : most);
    }
  }
  pthread_mutex_unlock(&s->mu);
}

/* ---- responses ----------------------------------------------------------- */

static void count(vb_server *s, int route, unsigned status, double served, double queued, int was_queued) {
  pthread_mutex_lock(&s->mu);
  int k = 0;
  while (k < VB_HTTP_CODES - 1 && s->codes[k] && s->codes[k] != status) k++;
  s->codes[k] = status;
  s->requests[route][k]++;
  int b = 0;
  while (b < VB_HTTP_BUCKETS && served > latency_bounds[b]) b++;
  s->latency[b]++;
  s->latency_sum += served;
  s->latency_count++;
  if (was_queued) {
    b = 0;
    while (b < VB_HTTP_BUCKETS && queued > latency_bounds[b]) b++;
    s->waited[b]++;
    s->waited_sum += queued;
    s->waited_count++;
  }
  pthread_mutex_unlock(&s->mu);
}

static void refused(vb_server *s, int why) {
  pthread_mutex_lock(&s->mu);
  s->refused[why]++;
  pthread_mutex_unlock(&s->mu);
}

void vb_http_secure(struct MHD_Response *res, const char *type) {
  MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(res, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(res, "X-Frame-Options", "DENY");
  if (type && strncmp(type, "text/html", 9) == 0)
    MHD_add_response_header(res, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  else
    MHD_add_response_header(res, "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
}

int vb_http_answer(vb_req *r, unsigned status, struct MHD_Response *res) {
  if (r->res) MHD_destroy_response(r->res);
  r->res = res;
  r->status = status;
  if (r->retry_after) {
    char secs[16];
    snprintf(secs, sizeof secs, "%u", r->retry_after);
    MHD_add_response_header(res, MHD_HTTP_HEADER_RETRY_AFTER, secs);
  }
  return MHD_YES;
}

int vb_http_send(vb_req *r, unsigned status, const char *type, char *body, size_t len) {
  struct MHD_Response *res =
      MHD_create_response_from_buffer(len, body, body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
  if (!res) {
    free(body);
    return MHD_NO;
  }
  MHD_add_response_header(res, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  vb_http_secure(res, type);
  r->bytes = len;
  return vb_http_answer(r, status, res);
}

int vb_http_json(vb_req *r, unsigned status, char *json) {
  if (!json) return vb_http_error(r, 500, "out of memory");
  if (r->cache_key && status == 200) vb_http_cache_put(r->srv, r->cache_key, json);
  return vb_http_send(r, status, "application/json; charset=utf-8", json, strlen(json));
}

int vb_http_error(vb_req *r, unsigned status, const char *fmt, ...) {
  char msg[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  /* the message is data: escaped like any string in JSON, and bytes
   * that are not UTF-8 (a name from the URL echoed back) replaced, so
   * the answer stays JSON */
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_printf(&b, "{\"error\":{\"status\":%u,\"message\":\"", status);
  size_t n = strlen(msg);
  for (size_t i = 0; i < n;) {
    unsigned char ch = (unsigned char)msg[i];
    int32_t cp;
    size_t len = vb_utf8_next(msg, n, i, &cp);
    if (ch == '"' || ch == '\\') vb_buf_printf(&b, "\\%c", ch);
    else if (ch < 0x20) vb_buf_printf(&b, "\\u%04x", ch);
    else if (cp == 0xFFFD && len == 1) vb_buf_adds(&b, "\\ufffd");
    else vb_buf_add(&b, msg + i, len);
    i += len;
  }
  vb_buf_adds(&b, "\"}}");
  char *out = vb_buf_detach(&b);
  return vb_http_json(r, status, out);
}

unsigned vb_http_status_of(int code) {
  switch (code) {
  case VB_EQUERY:
  case VB_EUSAGE: return 400;
  case VB_ENOTFOUND: return 404;
  case VB_ELIMIT: return 413;
  case VB_EBINARY:
  case VB_EDECODE:
  case VB_EPARSE:
  case VB_EFORMAT: return 422;
  default: return 500;
  }
}

int vb_http_fail(vb_req *r, const vb_err *err) {
  /* refused by the cost model, whatever the route (a search, a timeline,
   * a network, an export): counted, and its address charged */
  if (err->code == VB_EQUERY && !strcmp(err->file, VB_QUERY_COST_REFUSED)) r->too_costly = 1;
  /* the reason, and the place only for an uploaded document (its own
   * name and byte): never the server's paths */
  unsigned status = vb_http_status_of(err->code);
  if (status == 422 && err->offset >= 0)
    return vb_http_error(r, status, "%s: byte %lld: %s", err->file, err->offset, err->msg);
  if (status == 422) return vb_http_error(r, status, "%s: %s", err->file, err->msg);
  return vb_http_error(r, status, "%s", err->msg);
}

int vb_http_number(const char *s, long long max, long long *out) {
  long long x = 0;
  if (!s || !*s) return -1;
  for (; *s; s++) {
    if (!vb_is_ascii_digit((unsigned char)*s)) return -1;
    x = x * 10 + (*s - '0');
    if (x > max) return -1;
  }
  *out = x;
  return 0;
}

/* ---- static files ------------------------------------------------------- */

static const char *content_type(const char *path) {
  const char *dot = strrchr(path, '.');
  if (!dot) return "application/octet-stream";
  if (!strcmp(dot, ".html")) return "text/html; charset=utf-8";
  if (!strcmp(dot, ".js")) return "text/javascript; charset=utf-8";
  if (!strcmp(dot, ".css")) return "text/css; charset=utf-8";
  if (!strcmp(dot, ".svg")) return "image/svg+xml";
  if (!strcmp(dot, ".png")) return "image/png";
  if (!strcmp(dot, ".json")) return "application/json";
  if (!strcmp(dot, ".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

/* A file of the web directory. Names are a strict alphabet with no "..":
 * nothing outside the directory can be named. */
static int serve_file(vb_req *r, const char *name);

/* The chart libraries (web/vendor/, scripts/vendor.sh) are named with
 * their version, so a browser may keep them a year without asking again:
 * 600 KB and their compilation not fetched on every visit. The UI's own
 * files change with the binary under the same names: not cached. */
static int send_file(vb_req *r, const char *name, char *body, size_t len) {
  int rc = vb_http_send(r, 200, content_type(name), body, len);
  if (r->res && !strncmp(name, "vendor/", 7))
    MHD_add_response_header(r->res, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=31536000, immutable");
  return rc;
}

int vb_http_static(vb_req *r, const char *arg, size_t n) {
  (void)n; /* the file's name ends the path */
  return serve_file(r, arg);
}

int vb_http_page(vb_req *r, const char *arg, size_t n) {
  (void)arg;
  (void)n;
  return serve_file(r, "index.html"); /* the page routes itself */
}

static int serve_file(vb_req *r, const char *name) {
  size_t n = strlen(name);
  if (!n || n > 200 || name[0] == '/' || name[0] == '.' || strstr(name, ".."))
    return vb_http_error(r, 404, "no such file");
  for (size_t i = 0; i < n; i++) {
    char ch = name[i];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
          ch == '.' || ch == '-' || ch == '_' || ch == '/'))
      return vb_http_error(r, 404, "no such file");
  }
  if (!r->srv->web_dir[0]) {
    for (const vb_web_file *w = vb_web_files; w->name; w++)
      if (!strcmp(w->name, name)) {
        char *body = malloc(w->len + 1);
        if (!body) return vb_http_error(r, 500, "out of memory");
        memcpy(body, w->bytes, w->len);
        return send_file(r, name, body, w->len);
      }
    return vb_http_error(r, 404, "no such file");
  }
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", r->srv->web_dir, name);
  struct stat sb;
  if (stat(path, &sb) || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > MAX_STATIC)
    return vb_http_error(r, 404, "no such file");
  FILE *f = fopen(path, "rb");
  char *body = f ? malloc((size_t)sb.st_size + 1) : NULL;
  size_t got = body ? fread(body, 1, (size_t)sb.st_size, f) : 0;
  if (f) fclose(f);
  if (!body || got != (size_t)sb.st_size) {
    free(body);
    return vb_http_error(r, 500, "cannot read %s", name);
  }
  return send_file(r, name, body, got);
}

/* ---- the log ------------------------------------------------------------ */

/* A field of a log line as the client sent it, with what could forge a
 * line or split a field (control bytes, spaces, bytes that are not
 * UTF-8) written %XX: a path is URL-decoded, so "%0A" in a request is a
 * newline here. */
static void log_field(vb_buf *b, const char *s) {
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    unsigned char ch = (unsigned char)s[i];
    int32_t cp;
    size_t len = vb_utf8_next(s, n, i, &cp);
    if (ch <= 0x20 || ch == 0x7f || ch == '%' || (cp == 0xFFFD && len == 1))
      vb_buf_printf(b, "%%%02X", ch);
    else vb_buf_add(b, s + i, len);
    i += len;
  }
}

static void log_line(vb_server *s, const vb_req *r, double served, double queued) {
  if (!s->log) return;
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  char when[32];
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  /* the path only: query strings are the user's, Authorization never */
  vb_buf method, path;
  vb_buf_init(&method, 0);
  vb_buf_init(&path, 0);
  log_field(&method, r->method);
  log_field(&path, r->path);
  pthread_mutex_lock(&s->log_mu);
  fprintf(s->log, "%s %.*s %.*s %u %zu served=%.1fms queued=%.1fms\n", when, (int)method.len,
          method.ptr ? method.ptr : "", (int)path.len, path.ptr ? path.ptr : "", r->status, r->bytes,
          served * 1e3, queued * 1e3);
  fflush(s->log);
  pthread_mutex_unlock(&s->log_mu);
  vb_buf_free(&method);
  vb_buf_free(&path);
}

/* ---- connections and their deadlines ------------------------------------- */

/* What a connection waits for, as far as deadlines go. */
enum { PHASE_HEAD, PHASE_BODY, PHASE_BUSY };

struct vb_conn {
  vb_conn *prev, *next;
  int fd, phase, dropped;
  double since;    /* PHASE_HEAD: opened, or its last answer done */
  double deadline; /* PHASE_BODY: the whole body by then */
};

static void set_phase(vb_server *s, vb_conn *c, int phase, double deadline) {
  if (!c) return;
  pthread_mutex_lock(&s->cmu);
  c->phase = phase;
  c->deadline = deadline;
  if (phase == PHASE_HEAD) c->since = now();
  pthread_mutex_unlock(&s->cmu);
}

static void notify(void *cls, struct MHD_Connection *c, void **socket_context,
                   enum MHD_ConnectionNotificationCode toe) {
  vb_server *s = cls;
  vb_conn *k = *socket_context;
  if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
    const union MHD_ConnectionInfo *fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    k = fd ? calloc(1, sizeof *k) : NULL; /* none: this connection has no deadlines */
    if (!k) return;
    k->fd = fd->connect_fd;
    k->phase = PHASE_HEAD;
    k->since = now();
    pthread_mutex_lock(&s->cmu);
    k->next = s->conns;
    if (s->conns) s->conns->prev = k;
    s->conns = k;
    s->nconns++;
    pthread_mutex_unlock(&s->cmu);
    *socket_context = k;
  } else if (k) {
    /* libmicrohttpd closes the socket after this: the reaper, which
     * holds the same lock, never shuts down a descriptor reused since */
    pthread_mutex_lock(&s->cmu);
    if (k->prev) k->prev->next = k->next;
    else s->conns = k->next;
    if (k->next) k->next->prev = k->prev;
    s->nconns--;
    pthread_mutex_unlock(&s->cmu);
    free(k);
    *socket_context = NULL;
  }
}

/* Ends a connection from outside libmicrohttpd's threads: its next read
 * sees the end and it closes the connection itself. The lock is held. */
static void drop(vb_server *s, vb_conn *k, int why) {
  shutdown(k->fd, SHUT_RDWR);
  k->dropped = 1;
  refused(s, why);
}

/* Whether the client at the other end of fd has gone: it closed its side
 * (a read sees the end) or reset the connection. Data waiting (a request
 * pipelined behind this one) is a client still there. libmicrohttpd does
 * not watch a suspended connection, so a queued request's client going
 * away is seen here, as nginx sees its 499s. */
static int hung_up(int fd) {
  char c;
  ssize_t n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

/* Stops the reads whose clients hung up: each connection a worker
 * borrowed for one is cancelled (again at each look, so a cancel that
 * came between two statements is not lost), the worker then gives up. */
static void stop_hung_up(vb_server *s) {
  pthread_mutex_lock(&s->qmu);
  for (int w = 0; w < s->nworkers; w++) {
    vb_req *r = s->running[w];
    if (!r || r->ingest || !r->link || !(r->hung_up || hung_up(r->link->fd))) continue;
    r->hung_up = 1;
    pthread_mutex_lock(&s->mu);
    for (int i = 0; i < s->npool; i++)
      if (s->busy[i] && s->owner[i] == r) vb_store_cancel(s->pool[i]);
    pthread_mutex_unlock(&s->mu);
  }
  pthread_mutex_unlock(&s->qmu);
}

/* Heads must arrive whole within head_timeout, however slowly they
 * trickle (libmicrohttpd's timeout counts silence only), bodies at
 * BODY_RATE; and while connections run short, a head not whole after
 * PRESSURE_AGE makes way for clients that send theirs at once. */
static void *reaper(void *arg) {
  vb_server *s = arg;
  pthread_setname_np(pthread_self(), "vb-reap");
  pthread_mutex_lock(&s->cmu);
  while (s->reaping) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += REAP_MS * 1000000L;
    ts.tv_sec += ts.tv_nsec / 1000000000L;
    ts.tv_nsec %= 1000000000L;
    pthread_cond_timedwait(&s->ccv, &s->cmu, &ts);
    if (!s->reaping) break;
    double t = now();
    int open = 0;
    for (vb_conn *k = s->conns; k; k = k->next) {
      if (k->dropped) continue;
      if (k->phase == PHASE_HEAD && t - k->since > s->head_timeout) drop(s, k, VB_DROPPED_SLOW_HEAD);
      else if (k->phase == PHASE_BODY && t > k->deadline) drop(s, k, VB_DROPPED_SLOW_BODY);
      else open++;
    }
    while (open > PRESSURE) {
      vb_conn *oldest = NULL;
      for (vb_conn *k = s->conns; k; k = k->next)
        if (!k->dropped && k->phase == PHASE_HEAD && t - k->since > PRESSURE_AGE &&
            (!oldest || k->since < oldest->since))
          oldest = k;
      if (!oldest) break;
      drop(s, oldest, VB_DROPPED_PRESSURE);
      open--;
    }
    pthread_mutex_unlock(&s->cmu); /* the queue's lock is never taken under it */
    stop_hung_up(s);
    pthread_mutex_lock(&s->cmu);
  }
  pthread_mutex_unlock(&s->cmu);
  return NULL;
}

/* ---- the request cycle ------------------------------------------------- */

/* Runs a request whose head and body are in: on one of libmicrohttpd's
 * threads, or on a worker for a queued one. Leaves its answer in r. */
static void drop_answer(vb_req *r);

static void serve(vb_req *r) {
  double cpu0 = thread_cpu();
  int64_t pages0 = pages_served;
  pages_uncounted = 0;
  r->route = VB_ROUTE_OTHER;
  if (r->too_big && r->body_max >= ((size_t)1 << 20))
    vb_http_error(r, 413, "body larger than %zu MiB", r->body_max >> 20);
  else if (r->too_big) vb_http_error(r, 413, "body larger than %zu KiB", r->body_max >> 10);
  else if (r->over_budget) {
    r->retry_after = 5;
    vb_http_error(r, 503, "the server holds as many uploads as it may: try again");
  } else {
    replica_lost = 0;
    vb_http_dispatch(r); /* by the table of routes (api.c) */
    /* a replica went away under a read: the read again, from the primary
     * (the connection that lost it reads there now); a write is not
     * made twice */
    if (replica_lost && (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD"))) {
      drop_answer(r);
      budget_spent = 0; /* its deadline could not be set there: the time is still the budget's */
      vb_http_dispatch(r);
    }
    replica_lost = 0;
  }
  /* the CPU the answer cost the server (on every worker that served it),
   * which a client can read beside its own times: a busy machine makes
   * the wall time wait, not this */
  r->cpu += thread_cpu() - cpu0;
  /* and the archive's pages it read, which a busy machine does not
   * change at all (the pages of every connection it borrowed) */
  r->pages += pages_served - pages0;
  r->pages_uncounted |= pages_uncounted;
  char timing[80];
  if (r->pages_uncounted) snprintf(timing, sizeof timing, "cpu;dur=%.2f", r->cpu * 1000);
  else snprintf(timing, sizeof timing, "cpu;dur=%.2f, pages;desc=%lld", r->cpu * 1000, (long long)r->pages);
  if (r->res) MHD_add_response_header(r->res, "Server-Timing", timing);
}

/* ---- the queue of expensive requests ------------------------------------ */

/* The archive time an address's reads took lately, on average (each read
 * counting half after COST_HALF_LIFE seconds): many quick searches are
 * light, a few that run to their budget are not. The lock (qmu) is held;
 * the least recently charged slot makes way for a new address. */
struct vb_cost_slot {
  uint32_t ip;
  double cost, reads, at;
  double until; /* its reads are refused (429) until then: it sent a search too costly to run */
};

static double cost_of(const vb_server *s, uint32_t ip, double t) {
  (void)t; /* both sums decay alike: their ratio does not */
  for (int i = 0; i < COST_SLOTS; i++)
    if (s->costs[i].at > 0 && s->costs[i].ip == ip) return s->costs[i].cost / s->costs[i].reads;
  return -1; /* not known */
}

/* Seconds the address must wait before its next read is queued; the lock
 * is held. */
static double costly_wait(const vb_server *s, uint32_t ip, double t) {
  for (int i = 0; i < COST_SLOTS; i++)
    if (s->costs[i].at > 0 && s->costs[i].ip == ip) return s->costs[i].until > t ? s->costs[i].until - t : 0;
  return 0;
}

/* Adds a read that took `took` to what the address cost lately; wait > 0:
 * its next reads wait that long (a search refused as too costly, which
 * cost nothing to refuse: its client must not send the next at once). */
static void charge(vb_server *s, uint32_t ip, double took, double t, double wait) {
  struct vb_cost_slot *slot = &s->costs[0];
  for (int i = 0; i < COST_SLOTS; i++) {
    struct vb_cost_slot *c = &s->costs[i];
    if (c->at > 0 && c->ip == ip) {
      slot = c;
      break;
    }
    if (c->at < slot->at) slot = c;
  }
  int mine = slot->at > 0 && slot->ip == ip;
  double keep = mine ? exp2(-(t - slot->at) / COST_HALF_LIFE) : 0;
  double until = wait > 0 ? t + wait : mine ? slot->until : 0;
  *slot = (struct vb_cost_slot){ip, (mine ? slot->cost * keep : 0) + took, (mine ? slot->reads * keep : 0) + 1, t, until};
}

/* Charges r's address what serving the read r took, the same on every
 * path a read is served on (a worker, the request's thread); the lock is
 * held. A search refused unrun cost little, but its client asked for
 * what would have run to the budget: charged so, its address's reads go
 * to the workers for costly clients, never to the light one nor the
 * request's thread, and wait the hold first (else 8 clients sent 27,696
 * a minute). */
static void charge_read(vb_server *s, const vb_req *r, double took) {
  if (r->ingest || !s->per_address) return;
  if (r->too_costly) charge(s, r->ip, s->read_budget, now(), s->hold);
  else charge(s, r->ip, took, now(), 0);
}

/* Requests of the address that workers serve now; the lock is held. */
static int serving(const vb_server *s, uint32_t ip) {
  int n = 0;
  for (int i = 0; i < s->nworkers; i++) n += s->running[i] && s->running[i]->ip == ip;
  return n;
}

/* The next request a worker may take, unlinked; the lock is held. The
 * first of the address served least just now goes first, so a client
 * whose requests fill the queue does not make another wait for all of
 * them. Ingests go one at a time (they write one after another anyway,
 * and each may parse a large document): reads pass a waiting ingest. */
static vb_req *take(vb_server *s, int light) {
  vb_req **best = NULL, *best_prev = NULL;
  int least = 0;
  double cheapest = 0, t = now();
  for (vb_req **p = &s->qhead, *prev = NULL; *p; prev = *p, p = &(*p)->next) {
    if ((*p)->ingest && (s->ingesting || light)) continue;
    int n = s->per_address ? serving(s, (*p)->ip) : 0;
    double c = s->per_address ? cost_of(s, (*p)->ip, t) : 0;
    /* the light worker: addresses known to be quick first, then new ones
     * asking what looks cheap; never one it gave up on */
    if (light && ((*p)->handed || c > LIGHT_COST || (c < 0 && (*p)->wordy))) continue;
    if (c < 0) c = light ? LIGHT_COST : 0; /* new: after the quick ones */
    if ((*p)->handed) { /* given up by the light worker: it waited already */
      n = -1;
      c = -1;
    }
    if (!best || n < least || (n == least && c < cheapest)) {
      best = p;
      best_prev = prev;
      least = n;
      cheapest = c;
    }
  }
  if (!best) return NULL;
  vb_req *r = *best;
  *best = r->next;
  if (s->qtail == r) s->qtail = best_prev;
  r->next = NULL;
  s->nqueued--;
  if (r->ingest) s->nwrites--;
  return r;
}

/* What serving r made so far, dropped: it is served again elsewhere. */
static void drop_answer(vb_req *r) {
  if (r->res) MHD_destroy_response(r->res);
  r->res = NULL;
  r->status = 0;
  r->bytes = 0;
  r->retry_after = 0;
  free(r->cache_key);
  r->cache_key = NULL;
}

/* The light worker gives r up: what it made is dropped, r goes first in
 * the queue for the other workers, and its address is charged the time
 * it took there (an address whose reads go past the light budget soon
 * averages past LIGHT_COST; one that was unlucky once does not). Returns
 * with the lock held. */
static void hand_over(vb_server *s, vb_req *r, int slot, double took) {
  drop_answer(r);
  r->handed = 1;
  pthread_mutex_lock(&s->qmu);
  s->running[slot] = NULL;
  s->handed_over++;
  if (s->per_address) charge(s, r->ip, took, now(), 0);
  r->job = VB_JOB_QUEUED;
  r->next = s->qhead;
  s->qhead = r;
  if (!s->qtail) s->qtail = r;
  s->nqueued++;
  pthread_cond_broadcast(&s->qcv);
}

/* A guess at when a place frees up: what is ahead, at the average time. */
static unsigned retry_after(const vb_server *s) {
  double t = s->service * (s->nqueued + 1) / (s->nworkers ? s->nworkers : 1);
  return t < 1 ? 1 : t > 60 ? 60 : (unsigned)t + 1;
}

static void *worker(void *arg) {
  vb_server *s = arg;
  pthread_mutex_lock(&s->qmu);
  int slot = s->slots++; /* its place in s->running */
  /* the first worker serves only reads of addresses whose reads took
   * little lately: clients sending costly reads wait for the others, and
   * a cheap search never waits behind them */
  int light = slot == 0 && s->per_address;
  light_thread = light;
  /* named, for who looks at the server's threads (bench/serve_attack.py),
   * once its priority is what it keeps */
  if (!light) yield_to_cheap();
  pthread_setname_np(pthread_self(), light ? "vb-light" : "vb-worker");
  for (;;) {
    vb_req *r = take(s, light);
    if (!r) {
      if (s->stopping && !s->nqueued) break;
      pthread_cond_wait(&s->qcv, &s->qmu);
      continue;
    }
    if (s->stopping) pthread_cond_broadcast(&s->qcv); /* the light worker waits for an empty queue */
    s->running[slot] = r;
    if (r->ingest) s->ingesting = 1;
    r->job = VB_JOB_RUNNING;
    if (!r->ingest && r->link && hung_up(r->link->fd)) r->hung_up = 1; /* gone while it waited */
    int stopping = s->stopping, gone = r->hung_up; /* the reaper sets it under the lock */
    pthread_mutex_unlock(&s->qmu);
    r->started_at = now();
    if (stopping) vb_http_error(r, 503, "the server is stopping");
    else if (gone) {
      refused(s, VB_DROPPED_HUNG_UP);
      vb_http_error(r, 499, "the client hung up");
    } else if (r->ingest) serve(r);
    else {
      /* a read stops at its budget, and is refused, not cut short; on
       * the light worker, at the light budget, and handed to the others */
      int short_budget = light && s->light_budget < s->read_budget;
      budget_until = r->started_at + (short_budget ? s->light_budget : s->read_budget);
      budget_spent = 0;
      serving_req = r;
      serve(r);
      serving_req = NULL;
      budget_until = 0;
      pthread_mutex_lock(&s->qmu);
      gone = r->hung_up;
      pthread_mutex_unlock(&s->qmu);
      if (gone) {
        /* stopped for nobody: no answer to cache or send */
        refused(s, VB_DROPPED_HUNG_UP);
        vb_http_error(r, 499, "the client hung up");
      } else if (budget_spent && short_budget) {
        hand_over(s, r, slot, now() - r->started_at);
        continue; /* the lock is held */
      } else if (budget_spent) {
        refused(s, VB_REFUSED_BUDGET);
        vb_http_error(r, 400,
                      "this request took more than its %.3g s of the archive's time and was stopped: narrow it "
                      "(rarer words, fewer alternatives and prefixes, a speaker, a date or a smaller limit)",
                      s->read_budget);
      }
    }
    if (r->too_costly) refused(s, VB_REFUSED_COST);
    double took = now() - r->started_at;
    pthread_mutex_lock(&s->qmu);
    s->running[slot] = NULL;
    if (r->ingest) {
      s->ingesting = 0;
      pthread_cond_broadcast(&s->qcv); /* an ingest that waited may go */
    }
    s->service = s->service > 0 ? 0.8 * s->service + 0.2 * took : took;
    charge_read(s, r, took);
    r->job = VB_JOB_DONE;
    pthread_mutex_unlock(&s->qmu);
    /* the handler is called again and answers; r may be gone after this */
    MHD_resume_connection(r->conn);
    pthread_mutex_lock(&s->qmu);
  }
  pthread_mutex_unlock(&s->qmu);
  return NULL;
}

/* Answers r on this thread (libmicrohttpd's) when it is a search the
 * cost model counts as cheap, from an address not known to be costly: 1.
 * 0: it goes to the queue as any other (past its inline budget here, what it
 * made is dropped and its address charged what it took). */
static int answered_inline(vb_req *r) {
  vb_server *s = r->srv;
  const char *q = r->search && s->per_address && !r->wordy
                      ? MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "q")
                      : NULL;
  if (!q) return 0;
  double t = now();
  pthread_mutex_lock(&s->qmu);
  double cost = cost_of(s, r->ip, t), hold = costly_wait(s, r->ip, t);
  int go = !s->stopping && hold <= 0 && cost <= s->inline_budget / 2;
  pthread_mutex_unlock(&s->qmu);
  if (!go) return 0;
  vb_store *st = vb_http_borrow(s);
  double statements = 0;
  vb_err err;
  go = !vb_store_query_estimate(st, q, &statements, &err) && statements < INLINE_STATEMENTS;
  vb_http_give_back(s, st);
  if (!go) return 0;
  /* never more than a read may take on the light worker, or at all */
  double budget = s->inline_budget < s->light_budget ? s->inline_budget : s->light_budget;
  budget_until = t + (budget < s->read_budget ? budget : s->read_budget);
  budget_spent = 0;
  serve(r);
  budget_until = 0;
  double took = now() - t;
  int spent = budget_spent;
  if (r->too_costly) refused(s, VB_REFUSED_COST);
  pthread_mutex_lock(&s->qmu);
  charge_read(s, r, took);
  if (spent) s->inline_queued++;
  else s->inline_answered++;
  pthread_mutex_unlock(&s->qmu);
  if (!spent) return 1;
  drop_answer(r);
  return 0;
}

/* Puts r in the queue and suspends its connection until a worker has
 * served it: 1. Or answers why not (429 past the address's share, 503
 * past the queue's bound): 0. Called from the handler. */
static int enqueue(vb_req *r) {
  vb_server *s = r->srv;
  pthread_mutex_lock(&s->qmu);
  int mine = 0;
  if (s->per_address) {
    for (vb_req *q = s->qhead; q; q = q->next) mine += q->ip == r->ip;
    mine += serving(s, r->ip);
  }
  int full = r->ingest ? s->nwrites >= WRITE_QUEUE : s->nqueued - s->nwrites >= QUEUE_MAX;
  double hold = s->per_address && !r->ingest ? costly_wait(s, r->ip, now()) : 0;
  enum { ADMITTED = -1, STOPPING = VB_REFUSALS };
  int why = s->stopping           ? STOPPING
            : hold > 0            ? VB_REFUSED_COST
            : mine >= CLIENT_JOBS ? VB_REFUSED_CLIENT_BUSY
            : full                ? VB_REFUSED_QUEUE_FULL
                                  : ADMITTED;
  if (why == ADMITTED) {
    /* suspended before a worker can see it: a resume never comes first */
    MHD_suspend_connection(r->conn);
    r->job = VB_JOB_QUEUED;
    r->queued_at = now();
    if (s->qtail) s->qtail->next = r;
    else s->qhead = r;
    s->qtail = r;
    s->nqueued++;
    s->nwrites += r->ingest;
    pthread_cond_broadcast(&s->qcv); /* the light worker may not take it: every one looks */
  } else r->retry_after = why == VB_REFUSED_COST ? (unsigned)hold + 1 : retry_after(s);
  pthread_mutex_unlock(&s->qmu);
  if (why == ADMITTED) return 1;
  if (why == STOPPING) {
    r->retry_after = 0;
    vb_http_error(r, 503, "the server is stopping");
  } else {
    refused(s, why);
    if (why == VB_REFUSED_CLIENT_BUSY)
      vb_http_error(r, 429, "%d requests from this address are waiting or running already", CLIENT_JOBS);
    else if (why == VB_REFUSED_COST)
      vb_http_error(r, 429, "this address's last search was too costly to run: wait %.3g s before the next read",
                    s->hold);
    else vb_http_error(r, 503, "%d %s are waiting already: try again", r->ingest ? WRITE_QUEUE : QUEUE_MAX,
                       r->ingest ? "documents" : "requests");
  }
  return 0;
}

/* ---- what a request may do, from its head -------------------------------- */

typedef struct framing {
  int lengths, conflict, encodings, hosts;
  const char *length, *encoding;
} framing;

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
  (void)kind;
  framing *f = cls;
  if (!value) value = "";
  if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH)) {
    if (f->lengths++ && strcmp(f->length, value)) f->conflict = 1;
    f->length = value;
  } else if (!strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING)) {
    f->encodings++;
    f->encoding = value;
  } else if (!strcasecmp(key, MHD_HTTP_HEADER_HOST))
    f->hosts++;
  return MHD_YES;
}

/* Whether Host names this server: an address it listens on, localhost
 * when it listens on loopback (or everywhere), or a name allowed with
 * --allowed-host. A page on another name that resolves to this address
 * (DNS rebinding) is refused. */
static int host_allowed(const vb_server *s, const char *host) {
  if (s->any_host || !host) return 1; /* no Host: HTTP/1.0 (1.1 is refused without one) */
  char name[256];
  size_t n;
  int v6 = host[0] == '[';
  if (v6) {
    const char *end = strchr(host, ']');
    if (!end) return 0;
    n = (size_t)(end - host - 1);
    if (n >= sizeof name) return 0;
    memcpy(name, host + 1, n);
  } else {
    const char *colon = strrchr(host, ':');
    n = colon ? (size_t)(colon - host) : strlen(host);
    if (n >= sizeof name) return 0;
    memcpy(name, host, n);
    if (n && name[n - 1] == '.') n--; /* "localhost." is "localhost" */
  }
  name[n] = '\0';
  for (size_t i = 0; i < n; i++) name[i] = (char)vb_ascii_lower((unsigned char)name[i]);
  for (size_t i = 0; i < s->nhosts; i++)
    if (!strcmp(name, s->hosts[i])) return 1;
  int any = s->listen_addr.s_addr == htonl(INADDR_ANY);
  struct in_addr a;
  if (v6) return any;
  if (inet_pton(AF_INET, name, &a) == 1) return any || a.s_addr == s->listen_addr.s_addr;
  int loopback = (ntohl(s->listen_addr.s_addr) >> 24) == 127;
  return !strcmp(name, "localhost") && (any || loopback);
}

/* What a route takes: a token, a body (how much), a place in the queue:
 * its row of the table of routes (api.c), nothing for a request no route
 * answers (it is answered at once). */
typedef struct policy {
  unsigned flags; /* VB_R_* */
  size_t body_max;
  int metric;     /* VB_ROUTE_* */
} policy;

static policy policy_of(const char *url, const char *method) {
  const char *arg;
  size_t n;
  unsigned allowed;
  const vb_route *rt = vb_http_route(url, method, &arg, &n, &allowed);
  return rt ? (policy){rt->flags, rt->body_max, rt->metric} : (policy){0, 0, VB_ROUTE_OTHER};
}

/* The words a query makes the archive read, a prefix counting
 * LIGHT_WORDS (it reads every word it opens); a query that does not
 * parse counts none (it is refused at once). */
static size_t words_of(const vb_qnode *n) {
  if (n->kind == VB_Q_TERM || n->kind == VB_Q_PHRASE) return 1;
  if (n->kind == VB_Q_PREFIX) return LIGHT_WORDS;
  size_t k = 0;
  for (size_t i = 0; i < n->nkids; i++) k += words_of(n->kids[i]);
  return k;
}

static int wordy(const char *q) {
  if (!q) return 0;
  vb_arena *a = vb_arena_new(1 << 20);
  if (!a) return 1;
  vb_qnode *n = NULL;
  vb_err err;
  int many = !vb_query_parse(q, strlen(q), a, &n, &err) && n && words_of(n) > LIGHT_WORDS;
  vb_arena_free(a);
  return many;
}

static uint32_t client_ip(struct MHD_Connection *c) {
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (!ci || !ci->client_addr || ci->client_addr->sa_family != AF_INET) return 0;
  return ((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr.s_addr;
}

/* Holds n more bytes of the body budget for r: 0, or -1 when full. */
static int reserve(vb_req *r, size_t n) {
  vb_server *s = r->srv;
  pthread_mutex_lock(&s->mu);
  int ok = s->body_held + n <= BODY_BUDGET;
  if (ok) {
    s->body_held += n;
    r->reserved += n;
  }
  pthread_mutex_unlock(&s->mu);
  return ok ? 0 : -1;
}

static void release(vb_req *r) {
  vb_buf_free(&r->body);
  if (!r->reserved) return;
  pthread_mutex_lock(&r->srv->mu);
  r->srv->body_held -= r->reserved;
  pthread_mutex_unlock(&r->srv->mu);
  r->reserved = 0;
}

/* The first call, with the head only: refuses what is wrong before a
 * byte of the body is read (an answer left in r is sent at once, and the
 * body is never read), and sets what the request may do. */
static void admit(vb_req *r) {
  vb_server *s = r->srv;
  struct MHD_Connection *c = r->conn;
  framing f = {0, 0, 0, 0, NULL, NULL};
  MHD_get_connection_values(c, MHD_HEADER_KIND, scan_header, &f);
  /* framing a proxy in front could read otherwise (request smuggling) */
  const char *bad = f.conflict                        ? "two Content-Length headers that differ"
                    : f.encodings && f.lengths        ? "both Transfer-Encoding and Content-Length"
                    : f.encodings > 1 || (f.encodings && strcasecmp(f.encoding, "chunked"))
                        ? "a Transfer-Encoding other than chunked"
                    : f.hosts > 1 ? "more than one Host header"
                                  : NULL;
  if (bad) {
    refused(s, VB_REFUSED_FRAMING);
    vb_http_error(r, 400, "%s", bad);
    return;
  }
  const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
  if (!host_allowed(s, host)) {
    refused(s, VB_REFUSED_HOST);
    vb_http_error(r, 421, "this server does not answer to the name '%s' (serve --allowed-host)", host);
    return;
  }
  policy p = policy_of(r->url, r->verb);
  int token = p.flags & VB_R_TOKEN, queued = (p.flags & VB_R_QUEUED) != 0, ingest = (p.flags & VB_R_INGEST) != 0;
  int get_watches = !strncmp(r->url, "/api/watches", 12) && (!strcmp(r->verb, "GET") || !strcmp(r->verb, "HEAD"));
  if (token || (s->priv && !(p.flags & VB_R_OPEN))) {
    const char *why = NULL;
    unsigned status = 401;
    unsigned wait = auth_wait(s, r->ip);
    size_t tn;
    int sent = bearer(MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION), &tn) != NULL;
    if (!s->ntokens && !s->priv) {
      status = 403;
      why = get_watches ? "watches are shown with a token only, and the server has no --token-file"
                        : "writes are off: the server has no --token-file";
    } else if (wait && sent) {
      refused(s, VB_REFUSED_AUTH_WAIT);
      r->retry_after = wait;
      status = 429;
      why = "too many wrong tokens from this address: wait before the next";
    } else if (!vb_http_authorized(s, c)) {
      if (sent) auth_result(s, r->ip, 0);
      why = s->priv        ? "this server is private: Authorization: Bearer <token>"
            : get_watches ? "watches are shown with Authorization: Bearer <token> only"
                          : "writes need Authorization: Bearer <token>";
    } else auth_result(s, r->ip, 1);
    if (why) {
      vb_http_error(r, status, "%s", why);
      return;
    }
  }
  /* the body: taken by what takes one, within its bound and the budget */
  long long declared = 0;
  if (f.length && vb_http_number(f.length, (long long)1 << 62, &declared)) declared = 0;
  int has_body = f.encodings || declared > 0;
  r->queued = queued;
  r->ingest = ingest;
  if (queued && !ingest)
    r->wordy = wordy(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q"));
  r->search = p.metric == VB_ROUTE_SEARCH && !strcmp(r->verb, "GET");
  r->body_max = p.body_max;
  if (!has_body) {
    set_phase(s, r->link, PHASE_BUSY, 0);
    return;
  }
  if (!p.body_max) {
    /* nothing here reads a body: answered now, the body never read */
    if (queued) vb_http_error(r, 413, "%s %s takes no body", r->verb, r->url);
    else serve(r);
    return;
  }
  if (declared > (long long)p.body_max) {
    r->too_big = 1;
    serve(r);
    return;
  }
  if (reserve(r, f.encodings ? 0 : (size_t)declared)) {
    refused(s, VB_REFUSED_BODY_BUDGET);
    r->over_budget = 1;
    serve(r);
    return;
  }
  vb_buf_init(&r->body, p.body_max);
  double size = f.encodings ? (double)p.body_max : (double)declared;
  set_phase(s, r->link, PHASE_BODY, now() + BODY_GRACE + size / BODY_RATE);
}

/* A part of the body: kept within the route's bound and the budget. A
 * chunked body reserves as it grows; past either bound the rest is read
 * and dropped, and the request refused when it is whole. */
static void take_body(vb_req *r, const char *data, size_t n) {
  r->body_seen += n;
  if (r->too_big || r->over_budget) return;
  if (r->body_seen > r->body_max) {
    r->too_big = 1;
    release(r);
    return;
  }
  if (r->body_seen > r->reserved) {
    size_t more = r->body_seen - r->reserved;
    more = (more + BODY_STEP - 1) / BODY_STEP * BODY_STEP;
    if (r->reserved + more > r->body_max) more = r->body_max - r->reserved;
    if (reserve(r, more)) {
      refused(r->srv, VB_REFUSED_BODY_BUDGET);
      r->over_budget = 1;
      release(r);
      return;
    }
  }
  if (vb_buf_add(&r->body, data, n)) {
    r->too_big = 1;
    release(r);
  }
}

/* Hands r's answer to libmicrohttpd. */
static enum MHD_Result answer(vb_req *r) {
  if (!r->res) return MHD_NO;
  set_phase(r->srv, r->link, PHASE_BUSY, 0);
  enum MHD_Result rc = MHD_queue_response(r->conn, r->status, r->res);
  MHD_destroy_response(r->res);
  r->res = NULL;
  return rc;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls) {
  (void)version;
  vb_server *s = cls;
  vb_req *r = *con_cls;
  if (!r) {
    r = calloc(1, sizeof *r);
    if (!r) return MHD_NO;
    r->srv = s;
    r->conn = c;
    r->url = url;
    r->verb = method;
    r->t0 = now();
    r->ip = client_ip(c);
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    r->link = ci ? ci->socket_context : NULL;
    snprintf(r->method, sizeof r->method, "%s", method);
    snprintf(r->path, sizeof r->path, "%s", url);
    vb_buf_init(&r->body, 0);
    *con_cls = r;
    admit(r);
    return r->res ? answer(r) : MHD_YES;
  }
  if (*upload_size) {
    take_body(r, upload, *upload_size);
    *upload_size = 0;
    return MHD_YES;
  }
  if (r->job == VB_JOB_DONE) return answer(r);
  if (r->queued && !r->too_big && !r->over_budget) {
    set_phase(s, r->link, PHASE_BUSY, 0);
    if (!r->ingest && answered_inline(r)) return answer(r);
    if (enqueue(r)) return MHD_YES;
    return answer(r);
  }
  serve(r);
  return answer(r);
}

static void done(void *cls, struct MHD_Connection *c, void **con_cls,
                 enum MHD_RequestTerminationCode why) {
  (void)c;
  (void)why;
  vb_server *s = cls;
  vb_req *r = *con_cls;
  if (!r) return;
  double total = now() - r->t0;
  double queued = r->started_at > 0 ? r->started_at - r->queued_at : 0;
  if (r->status) {
    count(s, r->route, r->status, total - queued, queued, r->started_at > 0);
    log_line(s, r, total - queued, queued);
  }
  if (r->res) MHD_destroy_response(r->res);
  release(r);
  free(r->cache_key);
  set_phase(s, r->link, PHASE_HEAD, 0); /* a kept-alive connection waits for its next head */
  free(r);
  *con_cls = NULL;
}

/* libmicrohttpd's unescaping, except that %00 becomes a byte that is
 * never UTF-8 (0xC0): a NUL would cut a parameter short where C strings
 * are read ("q=peace%00war" searching "peace"); 0xC0 is refused, with
 * every other byte that is not text. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s) {
  (void)cls;
  (void)c;
  for (char *p = s; (p = strstr(p, "%00")); p += 3) p[1] = 'C';
  return MHD_http_unescape(s);
}

/* ---- /metrics, the server's part ---------------------------------------- */

static void histogram(vb_buf *b, const char *name, const uint64_t *counts, double sum, uint64_t n) {
  uint64_t cum = 0;
  for (int i = 0; i < VB_HTTP_BUCKETS; i++) {
    cum += counts[i];
    vb_buf_printf(b, "%s_bucket{le=\"%g\"} %llu\n", name, latency_bounds[i], (unsigned long long)cum);
  }
  cum += counts[VB_HTTP_BUCKETS];
  vb_buf_printf(b, "%s_bucket{le=\"+Inf\"} %llu\n%s_sum %.6f\n%s_count %llu\n", name, (unsigned long long)cum,
                name, sum, name, (unsigned long long)n);
}

void vb_http_metrics_more(vb_server *s, vb_buf *b) {
  static const char *const reasons[VB_REFUSALS] = {"queue_full", "client_busy", "body_budget", "auth_wait",
                                                   "host",       "framing",     "over_budget", "too_costly", "slow_head",
                                                   "pressure",   "slow_body",   "hung_up"};
  pthread_mutex_lock(&s->qmu);
  int queued = s->nqueued, running = 0;
  for (int i = 0; i < s->nworkers; i++) running += s->running[i] != NULL;
  unsigned long long handed = (unsigned long long)s->handed_over;
  unsigned long long inline_answered = (unsigned long long)s->inline_answered,
                     inline_queued = (unsigned long long)s->inline_queued;
  pthread_mutex_unlock(&s->qmu);
  pthread_mutex_lock(&s->cmu);
  int conns = s->nconns;
  pthread_mutex_unlock(&s->cmu);
  pthread_mutex_lock(&s->mu);
  vb_buf_adds(b, "# HELP verbatim_http_queue_seconds Time a search or other archive read waited for a worker.\n"
                 "# TYPE verbatim_http_queue_seconds histogram\n");
  histogram(b, "verbatim_http_queue_seconds", s->waited, s->waited_sum, s->waited_count);
  vb_buf_printf(b,
                "# HELP verbatim_http_queued Requests waiting for a worker.\n# TYPE verbatim_http_queued gauge\n"
                "verbatim_http_queued %d\n"
                "# HELP verbatim_http_running Requests a worker is serving.\n# TYPE verbatim_http_running gauge\n"
                "verbatim_http_running %d\n"
                "# HELP verbatim_http_handed_over_total Reads the light worker gave up to the others "
                "(past its budget).\n# TYPE verbatim_http_handed_over_total counter\n"
                "verbatim_http_handed_over_total %llu\n"
                "# HELP verbatim_http_inline_total Searches the cost model counted cheap, answered on the "
                "request's own thread (answered) or given up to the queue past their budget there (queued).\n"
                "# TYPE verbatim_http_inline_total counter\n"
                "verbatim_http_inline_total{result=\"answered\"} %llu\n"
                "verbatim_http_inline_total{result=\"queued\"} %llu\n"
                "# HELP verbatim_http_connections Open connections.\n# TYPE verbatim_http_connections gauge\n"
                "verbatim_http_connections %d\n"
                "# HELP verbatim_http_body_bytes Memory held by request bodies being read.\n"
                "# TYPE verbatim_http_body_bytes gauge\nverbatim_http_body_bytes %zu\n"
                "# HELP verbatim_http_refused_total Requests refused or connections dropped before being "
                "served, by reason.\n# TYPE verbatim_http_refused_total counter\n",
                queued, running, handed, inline_answered, inline_queued, conns, s->body_held);
  for (int i = 0; i < VB_REFUSALS; i++)
    vb_buf_printf(b, "verbatim_http_refused_total{reason=\"%s\"} %llu\n", reasons[i],
                  (unsigned long long)s->refused[i]);
  vb_buf_printf(b,
                "# HELP verbatim_http_document_parses_total Documents read to serve their pages, parsed or from the "
                "parse kept beside them (the requests for one document meanwhile share it).\n"
                "# TYPE verbatim_http_document_parses_total counter\nverbatim_http_document_parses_total %llu\n"
                "# HELP verbatim_http_document_records_total Of those, read from the parse kept beside them, "
                "not parsed.\n# TYPE verbatim_http_document_records_total counter\n"
                "verbatim_http_document_records_total %llu\n"
                "# HELP verbatim_records_remade_total Documents' kept parses made again in the background after "
                "corrections listed them.\n# TYPE verbatim_records_remade_total counter\n"
                "verbatim_records_remade_total %llu\n"
                "# HELP verbatim_records_remake_failures_total Tries to remake them that failed (each waits "
                "twice as long as the one before, 5 s to 600 s).\n# TYPE verbatim_records_remake_failures_total counter\n"
                "verbatim_records_remake_failures_total %llu\n"
                "# HELP verbatim_connections_warmed_total Archive connections whose caches were loaded ahead of "
                "their searches: at start, again after corrections, and after their replica answered again.\n"
                "# TYPE verbatim_connections_warmed_total counter\n"
                "verbatim_connections_warmed_total{when=\"start\"} %llu\n"
                "verbatim_connections_warmed_total{when=\"correction\"} %llu\n"
                "verbatim_connections_warmed_total{when=\"replica\"} %llu\n",
                (unsigned long long)s->doc_parses, (unsigned long long)s->doc_records,
                (unsigned long long)s->records_remade, (unsigned long long)s->remakes_failed,
                (unsigned long long)s->warms[0], (unsigned long long)s->warms[1], (unsigned long long)s->warms[2]);
  vb_buf_printf(b,
                "# HELP verbatim_replica_connections_down Archive connections whose replica (--read-db) does not "
                "answer: they read from the primary meanwhile.\n# TYPE verbatim_replica_connections_down gauge\n"
                "verbatim_replica_connections_down %d\n"
                "# HELP verbatim_replica_lost_total Archive connections whose replica went away under a read "
                "(the read was answered from the primary, as are the connection's reads until the replica "
                "answers again).\n# TYPE verbatim_replica_lost_total counter\n"
                "verbatim_replica_lost_total %llu\n"
                "# HELP verbatim_replica_retries_total Connections to a replica that was down, tried again "
                "(every 2 s while it is).\n# TYPE verbatim_replica_retries_total counter\n"
                "verbatim_replica_retries_total %llu\n",
                replicas_down(s), (unsigned long long)s->replicas_lost, (unsigned long long)s->replica_tries);
  long long fixes = s->lex ? (long long)s->lex->seen : -1;
  pthread_mutex_unlock(&s->mu);
  double made_s;
  unsigned long long made = vb_lexicons_made(&made_s);
  vb_buf_printf(b,
                "# HELP verbatim_lexicons_made_total Lexicons made (the built-in one, and one after each "
                "correction), none inside a request.\n# TYPE verbatim_lexicons_made_total counter\n"
                "verbatim_lexicons_made_total %llu\n"
                "# HELP verbatim_lexicons_made_seconds_total Time they took.\n"
                "# TYPE verbatim_lexicons_made_seconds_total counter\nverbatim_lexicons_made_seconds_total %.3f\n"
                "# HELP verbatim_lexicon_corrections The last correction the lexicon in use holds.\n"
                "# TYPE verbatim_lexicon_corrections gauge\nverbatim_lexicon_corrections %lld\n",
                made, made_s, fixes);
}

/* ---- start and stop ------------------------------------------------------ */

static int parse_listen(const char *l, char *host, size_t hcap, int *port) {
  const char *colon = strrchr(l, ':');
  if (!colon || (size_t)(colon - l) >= hcap) return -1;
  memcpy(host, l, (size_t)(colon - l));
  host[colon - l] = '\0';
  long long p;
  if (vb_http_number(colon + 1, 65535, &p)) return -1;
  *port = (int)p;
  return 0;
}

/* "a.example, b.example:8080" → lower-case names without ports. */
static int parse_hosts(vb_server *s, const char *list, vb_err *err) {
  if (!list) return VB_OK;
  for (const char *p = list; *p;) {
    size_t n = strcspn(p, ", ");
    if (n) {
      char name[256];
      if (n >= sizeof name) return vb_err_set(err, VB_EUSAGE, "", -1, "--allowed-host: a name past 255 bytes");
      memcpy(name, p, n);
      name[n] = '\0';
      if (!strcmp(name, "*")) s->any_host = 1;
      char *colon = name[0] == '[' ? NULL : strrchr(name, ':');
      if (colon) *colon = '\0';
      if (name[0] == '[') {
        memmove(name, name + 1, strlen(name));
        char *end = strchr(name, ']');
        if (end) *end = '\0';
      }
      for (char *q = name; *q; q++) *q = (char)vb_ascii_lower((unsigned char)*q);
      char **grown = realloc(s->hosts, (s->nhosts + 1) * sizeof *grown);
      if (!grown) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
      s->hosts = grown;
      if (!(s->hosts[s->nhosts] = strdup(name))) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
      s->nhosts++;
    }
    p += n;
    while (*p == ',' || *p == ' ') p++;
  }
  return VB_OK;
}

int vb_server_start(const vb_server_opts *o, vb_server **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  vb_server *s = calloc(1, sizeof *s);
  if (!s) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  pthread_mutex_init(&s->mu, NULL);
  pthread_mutex_init(&s->log_mu, NULL);
  pthread_mutex_init(&s->qmu, NULL);
  pthread_mutex_init(&s->cmu, NULL);
  pthread_cond_init(&s->cv, NULL);
  pthread_cond_init(&s->qcv, NULL);
  pthread_cond_init(&s->ccv, NULL);
  pthread_cond_init(&s->doc_cv, NULL);
  s->priv = o->priv;
  s->log = o->log;
  s->per_address = o->per_client >= 0;
  s->head_timeout = o->head_timeout > 0 ? o->head_timeout : HEAD_TIMEOUT;
  s->read_budget = o->read_budget > 0 ? o->read_budget : READ_BUDGET;
  s->light_budget = o->light_budget > 0 ? o->light_budget : LIGHT_BUDGET;
  s->inline_budget = o->inline_budget > 0 ? o->inline_budget : INLINE_BUDGET;
  s->hold = o->hold > 0 ? o->hold : HOLD;
  const char *web = o->web_dir ? o->web_dir : getenv("VERBATIM_WEB");
  /* empty: the files compiled in */
  snprintf(s->web_dir, sizeof s->web_dir, "%s", web && *web ? web : "");
  int rc = VB_OK;
  char host[256];
  int port = 0;
  if (parse_listen(o->listen ? o->listen : "127.0.0.1:8080", host, sizeof host, &port))
    rc = vb_err_set(err, VB_EUSAGE, "", -1, "--listen wants HOST:PORT, not '%s'", o->listen);
  if (!rc && o->token_file) rc = load_tokens(s, o->token_file, err);
  if (!rc) rc = parse_hosts(s, o->allowed_hosts, err);
  int threads = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
  if (threads < 1) threads = 1;
  if (threads > 64) threads = 64;
  /* one address cannot take every connection and lock the others out
   * until the timeout (slow clients that keep their connections open) */
  unsigned per_client = o->per_client > 0 ? (unsigned)o->per_client : o->per_client < 0 ? 0u : PER_CLIENT;
  /* workers for the queue (two at least: an ingest never holds up every
   * read); archive connections for them, for libmicrohttpd's threads and
   * for the alert streams' watcher, so that none waits for another, and
   * the light worker's own */
  s->nworkers = threads < 2 ? 2 : threads;
  s->npool = threads + s->nworkers + 2; /* the last is the light worker's own */
  s->pool = calloc((size_t)s->npool, sizeof *s->pool);
  s->busy = calloc((size_t)s->npool, sizeof *s->busy);
  s->owner = calloc((size_t)s->npool, sizeof *s->owner);
  s->seen_version = calloc((size_t)s->npool, sizeof *s->seen_version);
  s->replica_down = calloc((size_t)s->npool, sizeof *s->replica_down);
  s->running = calloc((size_t)s->nworkers, sizeof *s->running);
  s->workers = calloc((size_t)s->nworkers, sizeof *s->workers);
  s->auth = calloc(AUTH_SLOTS, sizeof *s->auth);
  s->costs = calloc(COST_SLOTS, sizeof *s->costs);
  s->ncache = o->cache < 0 ? 0 : o->cache ? (size_t)o->cache : 256;
  s->cache_max = o->cache_bytes ? o->cache_bytes : VB_CACHE_BYTES;
  s->cache = s->ncache ? calloc(s->ncache, sizeof *s->cache) : NULL;
  if (!rc && (!s->pool || !s->busy || !s->owner || !s->seen_version || !s->replica_down || !s->running || !s->workers || !s->auth || !s->costs ||
              (s->ncache && !s->cache)))
    rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  s->nreplicas = o->nread_dbs;
  for (int i = 0; !rc && i < s->npool; i++) {
    rc = vb_store_open(o->db, i == 0, &s->pool[i], err);
    /* the replicas, spread over the connections; one that does not answer
     * now is said, and its connections read from the primary until it does */
    if (!rc && o->nread_dbs) {
      const char *uri = o->read_dbs[i % o->nread_dbs];
      vb_err rerr;
      int rrc = vb_store_read_from(s->pool[i], uri, &rerr);
      if (rrc == VB_EUSAGE) {
        *err = rerr; /* not a replica of this archive at all */
        rc = rrc;
      } else if (rrc) {
        s->replica_down[i] = 1;
        if (i < o->nread_dbs && s->log) /* once a replica */
          fprintf(s->log, "replica %s: %s: its reads go to the primary until it answers\n", rerr.file, rerr.msg);
      }
    }
    if (!rc && o->query_cost) vb_store_query_cost(s->pool[i], o->query_cost > 0 ? o->query_cost : 0);
    if (!rc) rc = vb_store_page_cache(s->pool[i], PAGE_CACHE, err);
    /* the version each connection starts from: its first use is no change */
    vb_err verr;
    if (!rc && vb_store_version(s->pool[i], &s->seen_version[i], &verr)) s->seen_version[i] = -1;
  }
  if (!rc && s->per_address) rc = vb_store_warm(s->pool[s->npool - 1], err); /* the light worker's */
  /* names are resolved and documents parsed with the archive's
   * corrections; the lexicon is made now, not in the first request, and
   * the built-in one it is made from loads now too */
  const vb_lexicon *dflt;
  if (!rc) rc = vb_lexicon_default(&dflt, err);
  if (!rc) rc = vb_http_lexicon_start(s, o->db, err);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  if (!rc && inet_pton(AF_INET, host, &addr.sin_addr) != 1)
    rc = vb_err_set(err, VB_EUSAGE, "", -1, "cannot listen on '%s': an IPv4 address is needed", host);
  s->listen_addr = addr.sin_addr;
  for (int i = 0; !rc && i < s->nworkers; i++) {
    if (pthread_create(&s->workers[i], NULL, worker, s)) rc = vb_err_set(err, VB_EIO, "", -1, "cannot start a thread");
    else s->nthreads++;
  }
  if (!rc) {
    s->warming = 1;
    s->warm_slot = -1;
    if (pthread_create(&s->warmer, NULL, warmer, s)) {
      s->warming = 0;
      rc = vb_err_set(err, VB_EIO, "", -1, "cannot start a thread");
    }
  }
  if (!rc) {
    s->reaping = 1;
    if (pthread_create(&s->reaper, NULL, reaper, s)) {
      s->reaping = 0;
      rc = vb_err_set(err, VB_EIO, "", -1, "cannot start a thread");
    }
  }
  if (!rc) rc = vb_dynlib_load(&vb_lib_mhd, err);
  if (!rc) {
    /* poll(), not epoll: with epoll, libmicrohttpd 0.9.75 (Debian 12)
     * misses a client's close while it waits for the rest of a request
     * line, or for the next request on a kept-alive connection, and keeps
     * the connection (CLOSE-WAIT) for the full CONNECTION_TIMEOUT. A client
     * sending "GET" and hanging up 256 times in 30 s locked everyone out. */
    s->d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME,
        (uint16_t)port, NULL, NULL, handle, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONNECTION_MEMORY, MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_client,
        MHD_OPTION_NOTIFY_COMPLETED, done, s, MHD_OPTION_NOTIFY_CONNECTION, notify, s,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape, s, MHD_OPTION_END);
    if (!s->d) rc = vb_err_set(err, VB_EIO, "", -1, "cannot listen on %s:%d (in use?)", host, port);
  }
  if (!rc) rc = vb_http_streams_start(s, err);
  if (rc) {
    vb_server_stop(s);
    return rc;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
  s->port = info ? info->port : port;
  *out = s;
  return VB_OK;
}

int vb_server_port(const vb_server *s) { return s->port; }

void vb_server_stop(vb_server *s) {
  if (!s) return;
  vb_http_streams_stop(s); /* open streams end first */
  /* queued requests are answered (503) and every worker ends, so no
   * connection is left suspended when the daemon stops */
  pthread_mutex_lock(&s->qmu);
  s->stopping = 1;
  pthread_cond_broadcast(&s->qcv);
  pthread_mutex_unlock(&s->qmu);
  for (int i = 0; i < s->nthreads; i++) pthread_join(s->workers[i], NULL);
  pthread_mutex_lock(&s->mu);
  int warming = s->warming;
  s->warming = 0; /* the warmer stops: the load under way is cut short */
  if (warming && s->warm_slot >= 0) vb_store_cancel(s->pool[s->warm_slot]);
  pthread_cond_broadcast(&s->cv);
  pthread_mutex_unlock(&s->mu);
  if (warming) pthread_join(s->warmer, NULL);
  pthread_mutex_lock(&s->cmu);
  int reaping = s->reaping;
  s->reaping = 0;
  pthread_cond_broadcast(&s->ccv);
  pthread_mutex_unlock(&s->cmu);
  if (reaping) pthread_join(s->reaper, NULL);
  if (s->d) MHD_stop_daemon(s->d);
  vb_http_streams_free(s);
  if (s->held) {
    s->held->refs = 1;
    doc_unref(s->held);
  }
  vb_http_lexicon_stop(s);
  for (int i = 0; s->pool && i < s->npool; i++) vb_store_close(s->pool[i]);
  free(s->pool);
  free(s->busy);
  free(s->owner);
  free(s->seen_version);
  free(s->replica_down);
  free(s->running);
  free(s->workers);
  free(s->auth);
  free(s->costs);
  for (size_t i = 0; s->cache && i < s->ncache; i++) {
    free(s->cache[i].key);
    free(s->cache[i].json);
  }
  free(s->cache);
  for (size_t i = 0; i < s->ntokens; i++) free(s->tokens[i]);
  for (size_t i = 0; i < s->nhosts; i++) free(s->hosts[i]);
  free(s->hosts);
  pthread_mutex_destroy(&s->mu);
  pthread_mutex_destroy(&s->log_mu);
  pthread_mutex_destroy(&s->qmu);
  pthread_mutex_destroy(&s->cmu);
  pthread_cond_destroy(&s->cv);
  pthread_cond_destroy(&s->qcv);
  pthread_cond_destroy(&s->ccv);
  pthread_cond_destroy(&s->doc_cv);
  free(s);
}
