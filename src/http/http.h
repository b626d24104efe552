/* http — the server's shared state between server.c (libmicrohttpd, what
 * a request may do before its body is read, the queue of expensive
 * requests, connection deadlines, logging, metrics, static files),
 * stream.c (alerts as Server-Sent Events) and api.c (the JSON API). */
#ifndef VB_HTTP_H
#define VB_HTTP_H

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "verbatim.h"

/* What /metrics counts requests by. */
enum {
  VB_ROUTE_SEARCH,
  VB_ROUTE_DOCUMENT,
  VB_ROUTE_INGEST,
  VB_ROUTE_SPEAKERS,
  VB_ROUTE_ENTITIES,
  VB_ROUTE_TIMELINE,
  VB_ROUTE_NETWORK,
  VB_ROUTE_FAMILY,
  VB_ROUTE_HEALTH,
  VB_ROUTE_METRICS,
  VB_ROUTE_STATIC,
  VB_ROUTE_OTHER,
  VB_ROUTES
};
#define VB_HTTP_CODES 16
#define VB_HTTP_BUCKETS 10

/* Why the server refused a request before serving it, or dropped a
 * connection (counted for /metrics). */
enum {
  VB_REFUSED_QUEUE_FULL,   /* 503: the queue of expensive requests is full */
  VB_REFUSED_CLIENT_BUSY,  /* 429: the address has its share of them */
  VB_REFUSED_BODY_BUDGET,  /* 503: bodies of other requests fill the memory for bodies */
  VB_REFUSED_AUTH_WAIT,    /* 429: the address sent wrong tokens */
  VB_REFUSED_HOST,         /* 421: a Host that is not this server */
  VB_REFUSED_FRAMING,      /* 400: Content-Length / Transfer-Encoding / Host that disagree */
  VB_REFUSED_BUDGET,       /* 400: a read ran past its budget of the archive's time, and was stopped */
  VB_REFUSED_COST,         /* 400: a search the cost model refused before it ran; 429: a read of its
                            * address within a second after */
  VB_DROPPED_SLOW_HEAD,    /* no whole request head within the deadline */
  VB_DROPPED_PRESSURE,     /* a slow head while the connections run short */
  VB_DROPPED_SLOW_BODY,    /* a body slower than the rate a body must keep */
  VB_DROPPED_HUNG_UP,      /* the client hung up while its read was queued or running: stopped */
  VB_REFUSALS
};

typedef struct vb_conn vb_conn; /* server.c: one per connection, for its deadlines */
typedef struct vb_cache_entry vb_cache_entry;
typedef struct vb_held_doc vb_held_doc;
typedef struct vb_doc_flight vb_doc_flight;
typedef struct vb_req vb_req;
/* lexicon.c: the server's lexicon and who holds it */
typedef struct vb_lexref {
  vb_lexicon *lx; /* NULL: the built-in lexicon (the archive has no corrections) */
  int64_t seen;   /* the last correction it holds at least */
  int refs;       /* connections lent it, + 1 while it is the server's */
} vb_lexref;

struct vb_server {
  struct MHD_Daemon *d;
  int port, priv;
  int per_address;     /* limits per client address apply (not behind a proxy) */
  char web_dir[1024];
  char *tokens[64];
  size_t ntokens;
  struct in_addr listen_addr; /* what Host may name; INADDR_ANY: any address */
  char **hosts;        /* --allowed-host names, lower case */
  size_t nhosts;
  int any_host;        /* --allowed-host '*' */
  double head_timeout; /* seconds a client has to send a request's head */
  double read_budget;  /* seconds of the archive's time a queued read may take */
  double light_budget; /* of which on the light worker, before it is handed over */
  double inline_budget; /* a cheap search on a request thread, before it is queued */
  double hold;         /* seconds an address is held back after a search too costly, and first after wrong tokens */
  /* The lexicon every connection resolves names and parses documents
   * with (lexicon.c), and per pool connection the one lent with it (both
   * under mu); made again by one maker at a time (lex_mu): the keeper
   * thread, on its own connection kst, after a correction made elsewhere. */
  vb_lexref *lex, **lex_of;
  pthread_mutex_t lex_mu;
  pthread_cond_t kcv;
  pthread_t keeper;
  int keeping;
  vb_store *kst;
  pthread_mutex_t mu;  /* the pool, the counters, the body budget, the auth table */
  pthread_cond_t cv;
  vb_store **pool;
  int *busy, npool;
  vb_req **owner;      /* per pool connection: the queued request it serves, or NULL */
  pthread_t warmer;    /* loads each connection's search caches at start */
  int warming;         /* the warmer runs; 0 tells it to stop (under mu) */
  int warm_slot;       /* the connection the warmer loads, -1 none (under mu) */
  int remake_wanted;   /* a correction was made here: the warmer remakes records now (under mu) */
  uint64_t records_remade; /* records the warmer made again after corrections (under mu) */
  uint64_t remakes_failed; /* its tries that failed (under mu) */
  uint64_t warms[3];       /* connections the warmer loaded: at start, again after corrections, after
                            * their replica answered again (under mu) */
  uint64_t replicas_lost;  /* connections whose replica went away under a read (under mu) */
  uint64_t replica_tries;  /* connections to a replica that was down, tried again (under mu) */
  double replica_next;     /* when the warmer tries the replicas that are down (under mu) */
  uint8_t *replica_down;   /* per pool connection: its replica does not answer (under mu) */
  int nreplicas;           /* --read-db given */
  pthread_mutex_t log_mu;
  FILE *log;
  unsigned codes[VB_HTTP_CODES];
  uint64_t requests[VB_ROUTES][VB_HTTP_CODES];
  uint64_t latency[VB_HTTP_BUCKETS + 1], latency_count;
  double latency_sum;
  uint64_t waited[VB_HTTP_BUCKETS + 1], waited_count; /* time in the queue */
  double waited_sum;
  uint64_t refused[VB_REFUSALS];
  size_t body_held;    /* bytes reserved by the bodies being read */
  struct vb_auth_slot *auth; /* failed tokens per address */
  /* Answers to recent searches, valid while the archive is unchanged:
   * every request compares its connection's version with the one seen
   * last; any difference empties the cache (generation + 1). */
  int64_t *seen_version;   /* per pool connection */
  uint64_t generation;
  vb_cache_entry *cache;
  size_t ncache;           /* 0: no cache */
  uint64_t tick, cache_hits, cache_misses;
  size_t cache_bytes, cache_max; /* held by the entries, and at most */
  vb_held_doc *held;       /* the last document read in pages, parsed (or NULL) */
  vb_doc_flight *flights;  /* documents being parsed for a request (under mu) */
  pthread_cond_t doc_cv;   /* a flight is done */
  uint64_t doc_parses;     /* documents read to serve pages (parsed, or from their record) */
  uint64_t doc_records;    /* of those, read from the parse kept beside them, not parsed */
  int64_t counted[3];      /* documents, speakers, statements at counted_gen */
  uint64_t counted_gen;    /* generation + 1 when counted; 0: not yet */
  double counted_at, counted_cost; /* when, and how long counting took */
  /* The queue of expensive requests (server.c) and its workers. */
  pthread_mutex_t qmu;
  pthread_cond_t qcv;
  vb_req *qhead, *qtail;
  int nqueued, nwrites;     /* waiting, and of them ingests */
  int nworkers, nthreads, slots, stopping, ingesting;
  vb_req **running;        /* per worker: the request it serves, or NULL */
  pthread_t *workers;
  double service;          /* seconds a queued request takes, on average */
  struct vb_cost_slot *costs; /* archive time each address took lately */
  uint64_t handed_over;    /* reads the light worker gave up to the others */
  uint64_t inline_answered, inline_queued; /* cheap searches answered on the request's thread; given up to the queue */
  /* Open connections (server.c), watched by the reaper thread. */
  pthread_mutex_t cmu;
  pthread_cond_t ccv;
  vb_conn *conns;
  int nconns, reaping;
  pthread_t reaper;
  struct vb_streams *streams; /* stream.c: alerts as Server-Sent Events */
};

/* What the cache of answers may hold in all unless told (the largest
 * answer it keeps: a sixteenth of that): 256 answers of a few MB each
 * (pages of documents) would otherwise hold most of a GB. */
#define VB_CACHE_BYTES ((size_t)64 << 20)

struct vb_cache_entry {
  char *key, *json;
  size_t bytes;
  uint64_t generation, used;
};

/* Where a request stands in the queue of expensive ones. */
enum { VB_JOB_NONE, VB_JOB_QUEUED, VB_JOB_RUNNING, VB_JOB_DONE };

struct vb_req {
  vb_server *srv;
  struct MHD_Connection *conn;
  vb_conn *link;        /* the connection's record; NULL if none */
  uint32_t ip;          /* the client's IPv4 address, network order */
  double t0;            /* its head was read */
  double queued_at, started_at; /* put in the queue; taken by a worker */
  double cpu;           /* seconds of CPU serving it took (Server-Timing) */
  int64_t pages;        /* the archive's pages it read (Server-Timing) */
  int pages_uncounted;  /* a connection it read on does not count them */
  const char *url, *verb; /* libmicrohttpd's, valid while the request lasts */
  char method[16], path[512]; /* for the log */
  vb_buf body;          /* only for a route that takes one, after the token */
  size_t body_max;      /* what the route takes; 0: none */
  size_t body_seen, reserved; /* body bytes read; of the body budget, held */
  int too_big, over_budget, queued, ingest, job, route;
  int wordy;            /* a query of many words or prefixes: not for the light
                         * worker while its address is unknown */
  int handed;           /* the light worker gave it up: another worker's */
  int search;           /* GET /api/search: answered here when the cost model counts it cheap */
  int hung_up;          /* its client went away: its read is stopped (under qmu) */
  int too_costly;       /* refused by the cost model (vb_http_fail): its address is charged a budget */
  struct MHD_Response *res; /* the answer, queued by the handler */
  char *cache_key; /* set: a 200 JSON answer is kept in the cache under it */
  unsigned status;
  unsigned retry_after; /* seconds; 0: no Retry-After */
  size_t bytes;
  vb_req *next;         /* in the queue */
};

/* Responses. Each builds the answer into r (queued by the handler, also
 * for a request served on a worker thread) and returns MHD_YES, or MHD_NO
 * out of memory. body is malloc'd, taken over. Every answer carries the
 * security headers (vb_http_secure). */
int vb_http_send(vb_req *r, unsigned status, const char *type, char *body, size_t len);
int vb_http_json(vb_req *r, unsigned status, char *json);
int vb_http_error(vb_req *r, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vb_http_fail(vb_req *r, const vb_err *err);
/* Sets r's answer to res (taken over) with status. */
int vb_http_answer(vb_req *r, unsigned status, struct MHD_Response *res);
/* nosniff, no referrer, no framing, and a Content-Security-Policy that
 * fits type (the UI's for HTML, nothing allowed for anything else). */
void vb_http_secure(struct MHD_Response *res, const char *type);
unsigned vb_http_status_of(int code);
int vb_http_authorized(vb_server *s, struct MHD_Connection *c);
/* A connection of the pool for this request, lent the server's lexicon;
 * given back, it lets the lexicon go. */
vb_store *vb_http_borrow(vb_server *s);
void vb_http_give_back(vb_server *s, vb_store *st);
/* The server's lexicon (lexicon.c). start makes it (with its keeper
 * thread and connection to db); lend / return (under mu) hand it to pool
 * connection i and take it back; vb_http_lexicon is the one st, borrowed,
 * was lent (NULL: the built-in); renew makes it again from st when the
 * archive's corrections moved past it (at the end of a correction). */
int vb_http_lexicon_start(vb_server *s, const char *db, vb_err *err);
void vb_http_lexicon_stop(vb_server *s);
void vb_http_lexicon_lend(vb_server *s, int i);
void vb_http_lexicon_return(vb_server *s, int i);
const vb_lexicon *vb_http_lexicon(vb_server *s, vb_store *st);
int vb_http_lexicon_renew(vb_server *s, vb_store *st, vb_err *err);
/* A correction was made here: the records it left out of date are
 * remade now, in the background (server.c). */
void vb_http_remake_soon(vb_server *s);
/* A whole number written in decimal digits only (no sign, space or
 * exponent), at most max: 0, or -1. */
int vb_http_number(const char *s, long long max, long long *out);
/* The archive's counts, read again only when it changed. */
int vb_http_counts(vb_server *s, vb_store *st, int64_t *docs, int64_t *speakers, int64_t *statements,
                   vb_err *err);
/* The server's own lines of /metrics: the queue, refusals, dropped
 * connections. */
void vb_http_metrics_more(vb_server *s, vb_buf *b);

/* A document parsed to serve its pages, shared by reference: by the
 * requests that wait for one parse (vb_http_doc_read) and, for a document
 * of more than one page, by the server, which keeps the last one asked
 * while the archive is unchanged, so that a page then costs its own JSON,
 * not the document's parse. Named by its whole id. Under mu. */
struct vb_held_doc {
  vb_doc *doc;
  char ref[129];
  uint64_t generation;
  int refs;
};
/* A parse of a document under way for one request: the requests for the
 * same document meanwhile wait for it instead of parsing it again each (a
 * 100 MB transcript is seconds and hundreds of MB a parse), so that a
 * document is parsed at most once at a time. Under mu. */
struct vb_doc_flight {
  char id[65];
  uint64_t generation;
  int done;
  int cut; /* stopped for its own request (its budget, its client gone): the waiters parse it again */
  int rc;
  vb_err err;
  vb_held_doc *doc; /* rc 0: a reference of the flight's own, while waiters take theirs */
  int waiters;
  vb_doc_flight *next;
};
/* The document ref names, parsed, in *out with a reference the caller
 * gives back with vb_http_doc_release: the one the server keeps if it is
 * ref's document, else the parse another request is making of it (waited
 * for within the request's budget), else one made here. */
int vb_http_doc_read(vb_server *s, const char *ref, vb_held_doc **out, vb_err *err);
/* The server keeps h (the caller keeps its reference too) in place of the
 * one it kept before. */
void vb_http_doc_keep(vb_server *s, vb_held_doc *h);
void vb_http_doc_release(vb_server *s, vb_held_doc *h);

/* The answer cached for key, as a malloc'd copy, or NULL. */
char *vb_http_cache_get(vb_server *s, vb_store *st, const char *key);
void vb_http_cache_put(vb_server *s, const char *key, const char *json);
void vb_http_cache_clear(vb_server *s);

/* Bodies a route may take; larger is refused (413) before it is read. */
#define VB_HTTP_MAX_BODY ((size_t)32 << 20)  /* a document upload */
#define VB_HTTP_SMALL_BODY ((size_t)64 << 10) /* a watch (name, query, sink), a correction */

/* Every request the server answers, in one table (api.c): server.c reads
 * a route's policy from it before the body is read (token, body, queue),
 * and serves the request by its handler, so a new route is one row. */
enum { VB_M_GET = 1 /* and HEAD */, VB_M_POST = 2, VB_M_DELETE = 4 };
enum {
  VB_R_TOKEN = 1,  /* a token even on a public server: writes, an analyst's watches */
  VB_R_QUEUED = 2, /* waits for a worker: reads the archive at a cost the client chooses */
  VB_R_INGEST = 4, /* a write: one at a time */
  VB_R_OPEN = 8,   /* answered without a token on a private server (it says no more then) */
  VB_R_CACHED = 16 /* answered from the cache of answers while the archive is unchanged */
};
typedef struct vb_route {
  unsigned methods;    /* VB_M_*; other methods get 405 with the path's Allow */
  const char *pattern; /* a path, where one "{}" stands for one or more bytes, a final "*" for any */
  unsigned flags;      /* VB_R_* */
  size_t body_max;     /* the body it takes (0: none; one sent is refused unread) */
  int metric;          /* VB_ROUTE_*: what /metrics counts it as */
  /* the answer; arg[0..n): what "{}" or "*" stood for (NULL: none) */
  int (*serve)(vb_req *r, const char *arg, size_t n);
} vb_route;
extern const vb_route vb_http_routes[];
extern const size_t vb_http_nroutes;
/* The route that answers method on path (*arg, *n: what its pattern's
 * "{}" or "*" stood for), or NULL: *allowed is then what the routes of
 * that path answer (0: none has it). */
const vb_route *vb_http_route(const char *path, const char *method, const char **arg, size_t *n, unsigned *allowed);
/* Serves r by its route; 404 or 405 when it has none. */
int vb_http_dispatch(vb_req *r);
/* server.c: the UI's files (under /static/), and its page for the paths the
 * page routes itself. */
int vb_http_static(vb_req *r, const char *arg, size_t n);
int vb_http_page(vb_req *r, const char *arg, size_t n);
/* stream.c: /api/alerts/stream, and the thread that feeds the streams. */
int vb_http_stream(vb_req *r);
int vb_http_streams_start(vb_server *s, vb_err *err);
void vb_http_streams_stop(vb_server *s);
void vb_http_streams_free(vb_server *s);

#endif
