/* lexicon — the one lexicon a server's archive connections share, to
 * resolve names (mentions:, entity pages) and parse documents with: the
 * built-in names and the archive's corrections. Making one takes seconds
 * on a busy machine (the built-in lists, every translation), so no request
 * makes it: it is made at start, again at the end of a correction made
 * through this server (before its answer, so every later request sees the
 * correction), and in the background by a thread of its own after one
 * made elsewhere (`verbatim entity`, another server), which it sees in the
 * archive's last correction number, looked at every second. The one
 * before serves meanwhile, and is freed when the last request it was lent
 * to gives its connection back. */
#include <stdlib.h>
#include <time.h>

#include "core/err.h"
#include "http.h"

/* How often the keeper looks for corrections made elsewhere. */
#define KEEPER_SECONDS 1

/* Under s->mu. */
static void drop(vb_lexref *r) {
  if (r && --r->refs == 0) {
    vb_lexicon_free(r->lx);
    free(r);
  }
}

void vb_http_lexicon_lend(vb_server *s, int i) {
  drop(s->lex_of[i]);
  s->lex_of[i] = s->lex;
  if (s->lex) s->lex->refs++;
  vb_store_share_lexicon(s->pool[i], s->lex ? s->lex->lx : NULL);
}

void vb_http_lexicon_return(vb_server *s, int i) {
  drop(s->lex_of[i]);
  s->lex_of[i] = NULL;
  /* an old one may go now: the connection unused, pointed at the built-in */
  vb_store_share_lexicon(s->pool[i], NULL);
}

const vb_lexicon *vb_http_lexicon(vb_server *s, vb_store *st) {
  const vb_lexicon *lx = NULL;
  pthread_mutex_lock(&s->mu);
  for (int i = 0; i < s->npool; i++)
    if (s->pool[i] == st && s->lex_of[i]) lx = s->lex_of[i]->lx;
  pthread_mutex_unlock(&s->mu);
  return lx;
}

int vb_http_lexicon_renew(vb_server *s, vb_store *st, vb_err *err) {
  /* one maker at a time: a second finds the lexicon made already */
  pthread_mutex_lock(&s->lex_mu);
  int64_t seen = 0;
  int rc = vb_store_corrections_seen(st, &seen, err);
  pthread_mutex_lock(&s->mu);
  int stale = !s->lex || seen != s->lex->seen;
  pthread_mutex_unlock(&s->mu);
  vb_lexref *r = NULL;
  if (!rc && stale) {
    r = calloc(1, sizeof *r);
    if (!r) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  }
  /* read after the number: it holds that correction at least */
  if (r && !rc) rc = vb_store_lexicon(st, &r->lx, err);
  if (r && !rc) {
    r->seen = seen;
    r->refs = 1;
    pthread_mutex_lock(&s->mu);
    drop(s->lex);
    s->lex = r;
    pthread_mutex_unlock(&s->mu);
  } else {
    free(r);
  }
  pthread_mutex_unlock(&s->lex_mu);
  return rc;
}

static void *keeper(void *arg) {
  vb_server *s = arg;
  pthread_mutex_lock(&s->mu);
  while (s->keeping) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_sec += KEEPER_SECONDS;
    pthread_cond_timedwait(&s->kcv, &s->mu, &t);
    if (!s->keeping) break;
    pthread_mutex_unlock(&s->mu);
    vb_err err;
    /* an archive that cannot be read now is looked at again next time */
    vb_http_lexicon_renew(s, s->kst, &err);
    pthread_mutex_lock(&s->mu);
  }
  pthread_mutex_unlock(&s->mu);
  return NULL;
}

int vb_http_lexicon_start(vb_server *s, const char *db, vb_err *err) {
  pthread_mutex_init(&s->lex_mu, NULL);
  pthread_cond_init(&s->kcv, NULL);
  s->lex_of = calloc((size_t)s->npool, sizeof *s->lex_of);
  if (!s->lex_of) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  int rc = vb_store_open(db, 0, &s->kst, err);
  if (!rc) rc = vb_http_lexicon_renew(s, s->kst, err);
  if (!rc) {
    s->keeping = 1;
    if (pthread_create(&s->keeper, NULL, keeper, s)) {
      s->keeping = 0;
      rc = vb_err_set(err, VB_EIO, "", -1, "cannot start a thread");
    }
  }
  return rc;
}

void vb_http_lexicon_stop(vb_server *s) {
  if (!s->lex_of) return; /* never started */
  pthread_mutex_lock(&s->mu);
  int keeping = s->keeping;
  s->keeping = 0;
  pthread_cond_broadcast(&s->kcv);
  pthread_mutex_unlock(&s->mu);
  if (keeping) pthread_join(s->keeper, NULL);
  vb_store_close(s->kst);
  for (int i = 0; i < s->npool; i++) drop(s->lex_of[i]);
  free(s->lex_of);
  drop(s->lex);
  pthread_mutex_destroy(&s->lex_mu);
  pthread_cond_destroy(&s->kcv);
}
