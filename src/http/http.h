/* http — the server's shared state between server.c (libmicrohttpd, pool,
 * limits, logging, metrics, static files) and api.c (the JSON API). */
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
  VB_ROUTE_HEALTH,
  VB_ROUTE_METRICS,
  VB_ROUTE_STATIC,
  VB_ROUTE_OTHER,
  VB_ROUTES
};
#define VB_HTTP_CODES 16
#define VB_HTTP_BUCKETS 10

struct vb_server {
  struct MHD_Daemon *d;
  int port, priv;
  char web_dir[1024];
  char *tokens[64];
  size_t ntokens;
  vb_lexicon *lexicon; /* corrections, for documents posted; NULL: built-in */
  pthread_mutex_t mu;  /* the pool and the counters */
  pthread_cond_t cv;
  vb_store **pool;
  int *busy, npool;
  pthread_mutex_t log_mu;
  FILE *log;
  unsigned codes[VB_HTTP_CODES];
  uint64_t requests[VB_ROUTES][VB_HTTP_CODES];
  uint64_t latency[VB_HTTP_BUCKETS + 1], latency_count;
  double latency_sum;
  /* Answers to recent searches, valid while the archive is unchanged:
   * every request compares its connection's version with the one seen
   * last; any difference empties the cache (generation + 1). */
  int64_t *seen_version;   /* per pool connection */
  uint64_t generation;
  struct vb_cache_entry *cache;
  size_t ncache;           /* 0: no cache */
  uint64_t tick, cache_hits, cache_misses;
  struct vb_streams *streams; /* stream.c: alerts as Server-Sent Events */
};

typedef struct vb_cache_entry {
  char *key, *json;
  uint64_t generation, used;
} vb_cache_entry;

typedef struct vb_req {
  vb_server *srv;
  struct MHD_Connection *conn;
  double t0;
  char method[16], path[512];
  vb_buf body;
  int too_big, route;
  char *cache_key; /* set: a 200 JSON answer is kept in the cache under it */
  unsigned status;
  size_t bytes;
} vb_req;

/* Responses (each returns MHD_YES/MHD_NO). body is malloc'd, taken over. */
int vb_http_send(vb_req *r, unsigned status, const char *type, char *body, size_t len);
int vb_http_json(vb_req *r, unsigned status, char *json);
int vb_http_error(vb_req *r, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vb_http_fail(vb_req *r, const vb_err *err);
unsigned vb_http_status_of(int code);
int vb_http_authorized(vb_server *s, struct MHD_Connection *c);
vb_store *vb_http_borrow(vb_server *s);
void vb_http_give_back(vb_server *s, vb_store *st);

/* The answer cached for key, as a malloc'd copy, or NULL. */
char *vb_http_cache_get(vb_server *s, vb_store *st, const char *key);
void vb_http_cache_put(vb_server *s, const char *key, const char *json);
void vb_http_cache_clear(vb_server *s);

/* api.c: everything under /api/, /health and /metrics. */
int vb_http_api(vb_req *r, const char *url, const char *method);
/* stream.c: /api/alerts/stream, and the thread that feeds the streams. */
int vb_http_stream(vb_req *r);
int vb_http_streams_start(vb_server *s, vb_err *err);
void vb_http_streams_stop(vb_server *s);
void vb_http_streams_free(vb_server *s);
/* /feeds/{watch}.atom */
int vb_http_feed(vb_req *r, const char *file);

#endif
