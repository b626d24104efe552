/* quote — statements in prose -> who said them. Per paragraph of prose
 * (a summary, or text no label speaks): words and quotation marks become
 * tokens and quotations (curly or straight, « », „ “; a quotation left
 * open at a paragraph's end runs on when the next paragraph opens again).
 * Per sentence, a cue ("said", "told", "according to") outside the
 * quotations with its source read off beside it ("Smith said", "said
 * Smith, a …", "Smith, a spokesman, said") attributes the quotation or the
 * clause next to it: "“…,” X said", "X said: “…”", "X said (that) …",
 * "…, X said.", "according to X, …", "…, adding that …". A quotation
 * without a cue of its own is said by whoever said the one before it in
 * the paragraph. Each sentence is then cut into what was said (a
 * statement with speaker, kind, source and cue) and the narration left
 * around it. */
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/wordlist.h"
#include "quote_int.h"

/* A quotation this short, inside a sentence and attributed by no cue, is
 * a scare quote or a title, not speech. */
#define MIN_QUOTE_WORDS 4
/* How far after a cue a "that" or a colon may open the content. */
#define COMPLEMENT_REACH 24
#define TITLE_WORDS 6 /* a programme's name in title case ("State of the Union") */
/* Words an addressee after "to" may take before "that" ("said to the
 * local radio station that …"). */
#define ADDRESSEE_WORDS 5
/* How many words a role with no article may take before a name ("Justice
 * Department senior trial counsel"). */
#define BARE_ROLE_WORDS 7
/* Tokens of one paragraph. */
#define MAX_PARA_TOKENS (1u << 24)

/* How a cue claimed a quotation: inside reported speech, or whole. */
enum { CLAIM_NONE = 0, CLAIM_PART, CLAIM_WHOLE };

/* A source in the speaker's own voice ("I", "we", "my delegation") inside
 * a turn: what it frames stays the turn speaker's, in the sentence whole. */
#define PERSON_OWN (-2)

typedef struct qatt {
  int32_t person;     /* -1: the source names no one we can tell; PERSON_OWN */
  vb_span source, cue;
  int32_t index;      /* in doc->attributions once a statement has it, else -1 */
} qatt;

typedef struct qchain {
  int32_t att;        /* the attribution of the quotation, or -1 */
  int32_t inherit;    /* else: that of the quotation before it */
} qchain;

/* A part of a sentence: said (att or chain set) or narration. */
typedef struct qpiece {
  uint32_t s, e;
  int32_t att, chain;
  uint32_t in_q, out_q; /* word bytes inside and outside quotations */
} qpiece;

/* A cue with its source, found in a sentence. */
typedef struct qmatch {
  uint32_t ca, cb;    /* cue tokens [ca, cb) */
  uint32_t fa, fb;    /* the frame: source, cue and what lies between */
  uint32_t flags;     /* QC_* */
  qnp np;
  int32_t att;
  int own;            /* the source is the turn speaker's own voice */
  int stance;         /* a verb of stance after its named subject, in prose:
                       * what it takes is the source's, quoted or not */
} qmatch;

typedef struct unit {
  uint32_t s, e;      /* the paragraph's text (after any label) */
  uint32_t st0, st1;  /* its statements [st0, st1) */
  int32_t speaker;    /* the turn's speaker, -1 in prose */
  int in_turn;        /* a turn's paragraph, its speaker known now or later
                       * (a speech its file's name gives to a delegation) */
  int summary;        /* a lead before the turns: only what it reports stays */
} unit;

typedef struct stage {
  qctx q;
  VB_VEC(qregion) regions;  /* the paragraph's quotations */
  VB_VEC(qchain) chains;
  VB_VEC(qatt) atts;
  VB_VEC(qpiece) pieces;    /* the paragraph's sentences, cut */
  VB_VEC(qmatch) matches;   /* the sentence's cues */
  int32_t open_chain;       /* a quotation running on from the last paragraph */
  int32_t pending;          /* "X said:" ended the last paragraph: its attribution */
  int32_t last_direct;      /* the attribution of the last paragraph's last quotation */
  int in_turn;              /* the paragraph read is a turn's (unit.in_turn) */
} stage;

static int oom(stage *g, uint32_t at) {
  return vb_err_set(g->q.err, VB_ENOMEM, g->q.doc->path, at, "out of memory attributing quotes");
}

/* ---- tokens and quotations ----------------------------------------------- */

enum { QM_NONE = 0, QM_OPEN, QM_CLOSE, QM_STRAIGHT, QM_LOW };

/* A double quotation mark at s[i]: its length and direction. */
static size_t quote_mark(const char *s, size_t n, size_t i, int *dir) {
  unsigned char c = (unsigned char)s[i];
  if (c == '"') {
    *dir = QM_STRAIGHT;
    return 1;
  }
  if (c == '\'' && i + 1 < n && s[i + 1] == '\'') { /* '' in some wire copy */
    *dir = QM_STRAIGHT;
    return 2;
  }
  if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) {
    unsigned char d = (unsigned char)s[i + 2];
    if (d == 0x9C) *dir = QM_OPEN;       /* “ */
    else if (d == 0x9D) *dir = QM_CLOSE; /* ” */
    else if (d == 0x9E) *dir = QM_LOW;   /* „ */
    else return 0;
    return 3;
  }
  if (c == 0xC2 && i + 1 < n) {
    unsigned char d = (unsigned char)s[i + 1];
    if (d == 0xAB) *dir = QM_OPEN;       /* « */
    else if (d == 0xBB) *dir = QM_CLOSE; /* » */
    else return 0;
    return 2;
  }
  return 0;
}

/* The curly marks of a paragraph s[b, e), made once on first need: where
 * each is (at), and how many more closing marks (”) than opening ones (“)
 * stand from it to the paragraph's end (after; after[n] = 0). Asked at
 * positions that only grow, so k moves forward: one pass a paragraph, not
 * one a nested mark (a paragraph of 80,000 “ took 16 s). */
typedef struct curly {
  uint32_t *at;
  int32_t *after;
  uint32_t n, k;
  int made;
} curly;

static int curly_make(vb_arena *a, curly *c, const char *s, size_t b, size_t e) {
  c->made = 1;
  for (int pass = 0; pass < 2; pass++) {
    uint32_t n = 0;
    for (const char *p = s + b, *end = s + e; (p = memchr(p, 0xE2, (size_t)(end - p))) && end - p >= 3; p++)
      if ((unsigned char)p[1] == 0x80 && ((unsigned char)p[2] == 0x9D || (unsigned char)p[2] == 0x9C)) {
        if (pass) {
          c->at[n] = (uint32_t)(p - s);
          c->after[n] = (unsigned char)p[2] == 0x9D ? 1 : -1;
        }
        n++;
      }
    if (!pass) {
      c->n = n;
      c->at = vb_arena_alloc(a, (n + 1) * sizeof *c->at);
      c->after = vb_arena_alloc(a, (n + 1) * sizeof *c->after);
      if (!c->at || !c->after) return VB_ENOMEM;
    }
  }
  c->after[c->n] = 0;
  for (uint32_t k = c->n; k-- > 0;) c->after[k] += c->after[k + 1];
  return VB_OK;
}

/* Does s[i, e) hold at least `want` more closing curly marks than
 * opening ones? -1: out of memory. */
static int curly_closes(vb_arena *a, curly *c, const char *s, size_t b, size_t e, size_t i, int want) {
  if (!c->made && curly_make(a, c, s, b, e)) return -1;
  while (c->k < c->n && c->at[c->k] < i) c->k++;
  return c->after[c->k] >= want;
}

static int space_at(const char *s, size_t n, size_t i, size_t *w) {
  *w = vb_space_len(s, n, i);
  return *w != 0;
}

/* One compare each: the tokenizer's inner loops run them on every byte. */
static int ascii_letter(unsigned char c) { return (unsigned char)((c | 0x20) - 'a') < 26u; }
static int ascii_alnum(unsigned char c) { return ascii_letter(c) || (unsigned char)(c - '0') < 10u; }

static int word_cp(int32_t cp) { return vb_cp_is_letter(cp) || vb_cp_is_digit(cp); }

static int word_at(const char *s, size_t n, size_t i) {
  if (i >= n) return 0;
  unsigned char c = (unsigned char)s[i];
  if (c < 0x80) return vb_is_ascii_alpha(c) || vb_is_ascii_digit(c);
  int32_t cp;
  vb_utf8_next(s, n, i, &cp);
  return word_cp(cp);
}

/* The end of the word starting at i: letters and digits, and ' ’ - . / &
 * between two of them ("O’Malley", "D-N.Y", "TODAY/Suffolk"). */
static size_t word_end(const char *s, size_t n, size_t i) {
  for (;;) {
    while (i < n && (unsigned char)((unsigned char)s[i] - 'a') < 26u) i++; /* most bytes */
    if (i >= n) break;
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if (ascii_alnum(c)) {
        i++;
        continue;
      }
      if ((c == '\'' || c == '-' || c == '.' || c == '/' || c == '&') && word_at(s, n, i + 1)) {
        i++;
        continue;
      }
      break;
    }
    int32_t cp;
    size_t k = vb_utf8_next(s, n, i, &cp);
    if (word_cp(cp) || cp == 0x0640 || (cp >= 0x0300 && cp <= 0x036F) ||
        (cp >= 0x064B && cp <= 0x065F)) {
      i += k;
      continue;
    }
    if (cp == 0x2019 && word_at(s, n, i + k)) { /* ’ inside a word */
      i += k;
      continue;
    }
    break;
  }
  return i;
}

static int grow_tokens(qctx *q) {
  if (q->tcap >= MAX_PARA_TOKENS) return -1;
  uint32_t cap = q->tcap ? q->tcap * 2 : 1024;
  qtok *t = realloc(q->t, cap * sizeof *t);
  if (!t) return -1;
  q->t = t;
  q->tcap = cap;
  return 0;
}

static inline qtok *push_tok(stage *g, uint32_t s, uint32_t e, uint8_t kind) {
  qctx *q = &g->q;
  if (q->nt == q->tcap && grow_tokens(q)) return NULL;
  qtok *t = &q->t[q->nt++];
  *t = (qtok){.s = s, .e = e, .region = -1, .kind = kind};
  return t;
}

static int new_chain(stage *g, int32_t *id) {
  qchain *c = VB_VEC_PUSH(g->q.doc->arena, g->chains);
  if (!c) return -1;
  c->att = c->inherit = -1;
  *id = (int32_t)(g->chains.n - 1);
  return 0;
}

/* Words and marks of body[b, e), and the quotations they make. */
/* "Will" of George Will: a capitalised given name that is also a modal is
 * the name after a word, a comma or a closing mark ("…,” Will wrote"),
 * before a capitalised word ("Will Estrada, the chairman, said") or
 * before a cue no modal takes ("Will urged", "Will acknowledges"); a
 * question's "Will he run?", "…, Will Twitter Be Next?" keeps its modal. */
static void given_modals(stage *g) {
  qtok *T = g->q.t;
  uint32_t n = g->q.nt;
  for (uint32_t k = 0; k < n; k++) {
    qtok *t = &T[k];
    if (t->kind != TK_WORD || !(t->flags & TF_CAP) || (t->flags & TF_UPPER) ||
        (t->cls & (QW_AUX | QW_GIVEN)) != (QW_AUX | QW_GIVEN))
      continue;
    const qtok *p = k ? &T[k - 1] : NULL, *x = k + 1 < n ? &T[k + 1] : NULL;
    int after = p && (p->kind == TK_WORD || p->kind == TK_CLOSE || (p->kind == TK_PUNCT && p->ch == ','));
    int before_name = x && x->kind == TK_WORD && (x->flags & TF_CAP);
    /* "Theresa May", "…,” May said": a month is a name after a name or a
     * closing mark, not after "in" or "since", nor before a name ("In May
     * Trump said") */
    if (vb_wl_has(VB_WL_MONTHS, g->q.s + t->s, t->e - t->s)) {
      before_name = 0;
      if (p && p->kind == TK_WORD)
        after = (p->flags & TF_CAP) &&
                !(p->cls & (QW_PREP | QW_DET | QW_CONJ | QW_ADV | QW_TIME | QW_AUX | QW_PRON));
    }
    int finite_cue = 0;
    if (x && x->kind == TK_WORD && !(x->flags & TF_CAP) && (x->cls & QW_CUE)) {
      const char *w = g->q.s + x->s;
      size_t wn = x->e - x->s;
      finite_cue = wn > 3 && (w[wn - 1] == 's' || (w[wn - 2] == 'e' && w[wn - 1] == 'd'));
    }
    if (after || before_name || finite_cue) { /* not "Will Trump say …?", "…, Will Twitter Be Next?" */
      uint32_t y = k + 1;
      while (y < n && !(T[y].kind == TK_PUNCT && !(T[y].flags & TF_INQ) &&
                        (T[y].ch == '.' || T[y].ch == '?' || T[y].ch == '!')))
        y++;
      if (y < n && T[y].ch == '?') continue;
    }
    if (after || before_name || finite_cue) t->cls &= ~QW_AUX;
  }
}

static int tokenize(stage *g, uint32_t b, uint32_t e) {
  qctx *q = &g->q;
  const char *s = q->s;
  q->nt = 0;
  g->regions.n = 0;
  int32_t cur = -1; /* open quotation */
  int low = 0;      /* it opened with „ and closes with “ */
  int nested = 0;   /* “ … “inner” … ”: inner quotations open inside it */
  curly marks = {0};
  size_t i = b, w;
  while (i < e) {
    unsigned char c = (unsigned char)s[i];
    /* most bytes open an ASCII word: no need to ask what else they are */
    int ascii_word = ascii_alnum(c);
    if (c == ' ') {
      i++;
      continue;
    }
    if (!ascii_word && space_at(s, e, i, &w)) {
      i += w;
      continue;
    }
    int dir;
    size_t ql = ascii_word ? 0 : quote_mark(s, e, i, &dir);
    /* "''… 'a special case,''' he said": a nested quotation's ' closes
     * first, then the '' of the outer one */
    if (ql == 2 && cur >= 0 && c == '\'' && i + 2 < e && s[i + 2] == '\'') ql = 0;
    if (ql) {
      int open;
      if (dir == QM_STRAIGHT) {
        size_t nw;
        int before_space = i == b || space_at(s, e, i - 1, &nw) || s[i - 1] == '(' ||
                           s[i - 1] == '[' || (unsigned char)s[i - 1] == 0x94;
        int after_space = i + 1 >= e || space_at(s, e, i + 1, &nw);
        if (cur >= 0) open = 0;
        else if (after_space && !before_space) open = -1; /* 12" or a stray mark */
        else open = 1;
      } else if (dir == QM_OPEN) {
        open = cur >= 0 ? (low ? 0 : -1) : 1;
        /* "“It’s unusual,“ said X": an opening mark typed for the closing
         * one, after the punctuation that ends a quotation */
        size_t nw;
        if (open < 0 && i > b && (s[i - 1] == ',' || s[i - 1] == '.' || s[i - 1] == '?' || s[i - 1] == '!') && (i + ql >= e || space_at(s, e, i + ql, &nw)))
          open = 0;
        /* "“X’s claim that a deal “has to do with Y” makes clear …,” wrote
         * Z": a quotation inside one with the same marks, when the
         * paragraph closes both */
        if (open < 0 && ql == 3) {
          int closes = curly_closes(q->doc->arena, &marks, s, b, e, i + ql, nested + 2);
          if (closes < 0) return oom(g, (uint32_t)i);
          nested += closes;
        }
      } else if (dir == QM_LOW) {
        open = cur >= 0 ? -1 : 1;
      } else {
        open = cur >= 0 ? 0 : -1;
        if (open == 0 && nested && ql == 3) {
          nested--;
          open = -1;
        }
      }
      qtok *t = push_tok(g, (uint32_t)i, (uint32_t)(i + ql), open > 0 ? TK_OPEN : open == 0 ? TK_CLOSE : TK_PUNCT);
      if (!t) return oom(g, (uint32_t)i);
      t->ch = '"';
      if (open > 0) {
        qregion *r = VB_VEC_PUSH(q->doc->arena, g->regions);
        if (!r) return oom(g, (uint32_t)i);
        memset(r, 0, sizeof *r);
        r->part_att = -1;
        r->s = (uint32_t)i;
        r->e = e;
        if (g->regions.n == 1 && q->nt == 1 && g->open_chain >= 0) r->chain = g->open_chain;
        else if (new_chain(g, &r->chain)) return oom(g, (uint32_t)i);
        cur = (int32_t)(g->regions.n - 1);
        low = dir == QM_LOW;
        t->region = cur;
      } else if (open == 0) {
        g->regions.v[cur].e = (uint32_t)(i + ql);
        t->region = cur;
        cur = -1;
      }
      i += ql;
      continue;
    }
    if (ascii_word || word_at(s, e, i)) {
      size_t j = word_end(s, e, i);
      /* "10:30", "4:30:15": a clock time is one word; its colon introduces
       * no quotation */
      while (j + 1 < e && s[j] == ':' && vb_is_ascii_digit((unsigned char)s[j - 1]) &&
             vb_is_ascii_digit((unsigned char)s[j + 1]))
        j = word_end(s, e, j + 1);
      qtok *t = push_tok(g, (uint32_t)i, (uint32_t)j, TK_WORD);
      if (!t) return oom(g, (uint32_t)i);
      /* an initial or an abbreviation keeps its dot: "J.", "Sen.", "U.S.",
       * and a dot a comma follows ("Jackson, Miss., attending"): no
       * sentence ends so */
      if (j < e && s[j] == '.') {
        int one = j - i == 1 && vb_is_ascii_upper(c);
        /* "said I.": the pronoun ends the sentence; an initial follows a
         * name's capitalised word ("John I. Smith") */
        if (one && c == 'I' && q->nt >= 2 && q->t[q->nt - 2].kind == TK_WORD &&
            !(q->t[q->nt - 2].flags & TF_CAP))
          one = 0;
        int dotted = memchr(s + i, '.', j - i) != NULL;
        /* "according to Tchadinfos.com.": a web address ends the sentence */
        if (dotted && j - i > 4 && vb_is_ascii_lower((unsigned char)s[j - 1]) &&
            vb_is_ascii_lower((unsigned char)s[j - 2]) && memchr(s + j - 2, '.', 2) == NULL &&
            (s[j - 3] == '.' || vb_is_ascii_lower((unsigned char)s[j - 3])))
          dotted = 0;
        int comma = j + 1 < e && s[j + 1] == ',' && vb_is_ascii_upper(c);
        /* "the No. 2 Republican", "Art. 5": a number follows */
        int numbered = j + 2 < e && s[j + 1] == ' ' && vb_is_ascii_digit((unsigned char)s[j + 2]) &&
                       vb_wl_has(VB_WL_NUMBER_ABBREVIATIONS, s + i, j - i);
        /* "Joseph R. Biden Jr. said": a name's suffix keeps its dot after
         * the name's capitalised word, as an initial does */
        int suffix = q->nt >= 2 && (q->t[q->nt - 2].flags & TF_CAP) && q->t[q->nt - 2].kind == TK_WORD &&
                     vb_wl_has(VB_WL_NAME_SUFFIXES, s + i, j + 1 - i);
        if (one || dotted || comma || numbered || suffix ||
            (vb_qword(s + i, j + 1 - i) & (QW_TITLE | QW_HONOR))) {
          j++;
          t->e = (uint32_t)j;
          t->flags |= TF_ABBR;
          /* "A.F.L.-C.I.O.": dotted initials joined by a hyphen are one name */
          if (dotted && j + 2 < e && s[j] == '-' && vb_is_ascii_upper((unsigned char)s[j + 1]) &&
              s[j + 2] == '.') {
            size_t k = word_end(s, e, j + 1);
            if (k < e && s[k] == '.') {
              j = k + 1;
              t->e = (uint32_t)j;
            }
          }
        }
      }
      /* "Sanders' spokesman": the apostrophe is the possessive's */
      size_t n = j - i;
      if (n > 1 && s[j - 1] == 's' && j < e && (s[j] == '\'' || (j + 2 < e && memcmp(s + j, "\xE2\x80\x99", 3) == 0))) {
        size_t al = s[j] == '\'' ? 1 : 3;
        if (j + al >= e || s[j + al] == ' ') {
          t->flags |= TF_POSS;
          j += al;
          i = j;
          t->cls = vb_qword(s + t->s, t->e - t->s);
          goto cased;
        }
      }
      /* "Trump’s", "Trump's": the name without its possessive */
      if (n > 2 && s[j - 1] == 's' && s[j - 2] == '\'') {
        t->e -= 2;
        t->flags |= TF_POSS;
      } else if (n > 4 && s[j - 1] == 's' && memcmp(s + j - 4, "\xE2\x80\x99", 3) == 0) {
        t->e -= 4;
        t->flags |= TF_POSS;
      }
      t->cls = vb_qword(s + t->s, t->e - t->s);
      i = j;
    cased:;
      unsigned char c0 = (unsigned char)s[t->s];
      int32_t cp = c0;
      if (c0 >= 0x80) vb_utf8_next(s, e, t->s, &cp);
      if (c0 < 0x80 ? vb_is_ascii_upper(c0) : vb_cp_is_upper(cp)) {
        t->flags |= TF_CAP;
        int lower = 0;
        for (size_t k = t->s; k < t->e && !lower; k++) lower = vb_is_ascii_lower((unsigned char)s[k]);
        if (!lower && t->e - t->s > 1) t->flags |= TF_UPPER;
      }
      if (cur >= 0) {
        qregion *r = &g->regions.v[cur];
        t->flags |= TF_INQ;
        t->region = cur;
        r->words++;
        for (uint32_t x = t->s; x < t->e && !r->letters; x++)
          r->letters = (unsigned char)s[x] >= 0x80 || vb_is_ascii_alpha((unsigned char)s[x]);
      }
      continue;
    }
    /* punctuation: one code point */
    int32_t cp;
    size_t k = vb_utf8_next(s, e, i, &cp);
    qtok *t = push_tok(g, (uint32_t)i, (uint32_t)(i + k), TK_PUNCT);
    if (!t) return oom(g, (uint32_t)i);
    t->ch = cp < 0x80 ? (char)cp : (cp == 0x2014 || cp == 0x2013) ? '-' : cp == 0x2026 ? '.' : '?';
    if (cur >= 0) {
      t->flags |= TF_INQ;
      t->region = cur;
    }
    i += k;
  }
  g->open_chain = -1;
  if (cur >= 0) g->open_chain = g->regions.v[cur].chain;
  given_modals(g);
  return 0;
}

/* ---- attribution --------------------------------------------------------- */

static uint32_t first_token_at(const stage *g, uint32_t pos) {
  uint32_t lo = 0, hi = g->q.nt;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (g->q.t[mid].s < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static int is_word(const qtok *t) { return t->kind == TK_WORD; }
static int punct(const qtok *t, char c) { return t->kind == TK_PUNCT && t->ch == c; }
static int lower(const qtok *t) { return is_word(t) && !(t->flags & TF_CAP); }

static int name_start(const qtok *t) { return t->kind == TK_WORD && (t->flags & TF_CAP); }

static int word_is(const stage *g, const qtok *t, const char *w) {
  return is_word(t) && vb_eq_ci(g->q.s + t->s, t->e - t->s, w);
}

/* Whether the word is one of n (ASCII case folded). */
static int word_among(const stage *g, const qtok *t, const char *const *words, size_t n) {
  for (size_t k = 0; k < n; k++)
    if (word_is(g, t, words[k])) return 1;
  return 0;
}

/* A reflexive pronoun in lowercase: "herself", "themselves" (English, as
 * the cues it follows). */
static int reflexive(const stage *g, const qtok *t) {
  size_t n = t->e - t->s;
  const char *w = g->q.s + t->s;
  if (!is_word(t) || !lower(t)) return 0;
  return (n > 4 && !memcmp(w + n - 4, "self", 4)) || (n > 6 && !memcmp(w + n - 6, "selves", 6));
}

/* A word in -ly, an adverb ("asked rhetorically", "said pleasantly"). */
static int adverb_ly(const stage *g, const qtok *t) {
  size_t n = t->e - t->s;
  const char *w = g->q.s + t->s;
  return is_word(t) && !(t->flags & TF_CAP) && n > 4 && w[n - 2] == 'l' && w[n - 1] == 'y';
}

/* "Cruz gingerly said", "Manafort politely suggested", "Rubio testily
 * replied": an adverb of manner the lists do not hold, between a source
 * and its cue. A noun in -ly ("the Kennedy family", "the Tehran weekly")
 * is a noun of data/quote-words.txt. */
static int manner_adverb(const stage *g, const qtok *t) {
  return adverb_ly(g, t) && t->e - t->s >= 6 &&
         !(t->cls & (QW_NOUN | QW_DET | QW_PREP | QW_CONJ | QW_CUE | QW_TIME));
}

/* "that" opening a clause, not a relative one ("an interview that aired"). */
static int complementizer(const stage *g, uint32_t i, uint32_t hi) {
  const qtok *T = g->q.t;
  if (!word_is(g, &T[i], "that") || i + 1 >= hi) return 0;
  const qtok *n = &T[i + 1];
  if (n->kind == TK_OPEN) return 1;
  if (!is_word(n)) return 0;
  if (lower(n) && (n->cls & (QW_AUX | QW_CUE)) && !(n->cls & (QW_PRON | QW_DET))) return 0;
  size_t len = n->e - n->s;
  const char *w = g->q.s + n->s;
  if (lower(n) && !(n->cls & (QW_DET | QW_PRON | QW_NOUN)) && len > 3 && w[len - 2] == 'e' &&
      w[len - 1] == 'd')
    return 0; /* "that aired" */
  return 1;
}

/* The classes of a word, or of its first part when it is a contraction
 * ("he’d", "they're": those of "he", "they"). */
static uint32_t contracted_class(const stage *g, const qtok *t) {
  const char *w = g->q.s + t->s;
  size_t n = t->e - t->s, k = 0;
  while (k < n && w[k] != '\'' && (unsigned char)w[k] != 0xE2) k++;
  return k < n && k > 0 ? vb_qword(w, k) : t->cls;
}

/* Do the words at i, right after a cue (and its object), already open the
 * clause that was said: a subject pronoun ("says it’s a system that hurts
 * …") or a name and then a verb ("said Clinton ran a campaign in Nevada
 * that led …")? A "that" further on is then a relative one inside it, not
 * the cue's ("said on Sunday that", "told CNN’s Jake Tapper that"). */
static int clause_opens(const stage *g, uint32_t i, uint32_t hi) {
  const qtok *T = g->q.t;
  if (i >= hi || !is_word(&T[i]) || (T[i].flags & TF_INQ)) return 0;
  const char *w = g->q.s + T[i].s;
  size_t n = T[i].e - T[i].s, k = 0;
  if (lower(&T[i])) {
    /* "he", "it’s", "they'll" */
    while (k < n && w[k] != '\'' && (unsigned char)w[k] != 0xE2) k++;
    uint32_t c = vb_qword(w, k);
    if (!(c & QW_PRON) || (c & QA_R)) return 0;
    static const char *const objects[] = {"him", "her", "them", "us", "me"};
    for (size_t o = 0; o < sizeof objects / sizeof *objects; o++)
      if (k == strlen(objects[o]) && memcmp(w, objects[o], k) == 0) return 0;
    /* not "finds it deplorable that …": an "it" before no verb stands
     * for the clause that follows */
    if (k < n || (T[i].flags & TF_POSS)) return 1; /* "it’s", "he’d" */
    return i + 1 < hi && lower(&T[i + 1]) && (T[i + 1].cls & (QW_AUX | QW_CUE)) && !(T[i + 1].cls & QW_DET);
  }
  if (T[i].cls & (QW_TIME | QW_PREP | QW_DET | QW_PRON)) return 0;
  uint32_t x = i;
  while (x < hi && x - i < 5 && is_word(&T[x]) && !lower(&T[x]) && !(T[x].flags & TF_INQ) &&
         !(T[x].flags & TF_POSS))
    x++;
  if (x >= hi || !lower(&T[x]) || (T[x].flags & TF_INQ) || (T[x].cls & (QW_PREP | QW_CONJ | QW_DET | QW_TIME)) ||
      word_is(g, &T[x], "that"))
    return 0;
  return 1;
}

/* Does frame m open its clause: first in the sentence (from token a), or
 * after punctuation, a conjunction or an adverb the lists hold; not in a
 * clause about a word before it ("what he thought Clinton could do", "the
 * message he felt the Lord was …", "how deeply Washington believes …")? */
static int relative(const stage *g, const qtok *t);

static int frame_opens_clause(const stage *g, const qmatch *m, uint32_t a) {
  const qtok *T = g->q.t;
  if (m->fa <= a) return 1;
  const qtok *p = &T[m->fa - 1];
  return !is_word(p) || (lower(p) && (p->cls & (QW_CONJ | QW_ADV | QW_TIME)) && !relative(g, p));
}

/* Does a clause open at token i, right after a verb of thinking with no
 * "that" ("X thinks Mr. Trump will win", "hopes his campaign can recover",
 * "thought some of the talk was artificial")? A name or a pronoun before
 * a verb (clause_opens), or a determiner's phrase of a few words before an
 * auxiliary; not "thinks the world of her", "believes in God". */
static int thought_clause(const stage *g, uint32_t i, uint32_t hi) {
  enum { SUBJECT_WORDS = 4 }; /* "some of the talk" */
  const qtok *T = g->q.t;
  if (clause_opens(g, i, hi)) return 1;
  if (i >= hi || !lower(&T[i]) || (T[i].flags & TF_INQ) || !(T[i].cls & QW_DET) || (T[i].cls & QW_PRON))
    return 0;
  for (uint32_t x = i + 1; x < hi && x <= i + SUBJECT_WORDS; x++) {
    if (!is_word(&T[x]) || (T[x].flags & TF_INQ) || (T[x].cls & (QW_CUE | QW_CONJ))) return 0;
    if (x > i + 1 && lower(&T[x]) && (T[x].cls & QW_AUX) && !(T[x].cls & (QW_DET | QW_PRON | QW_PREP)))
      return 1;
  }
  return 0;
}

/* "Trump and his attorneys have said", "Doyle and others said": a person
 * and their people, or others, at the start of the clause. A statement has
 * one speaker: the person named is credited, and the source spans both
 * (two names, "Richards and Menendez said", keep the last, as before). Not
 * the object of a verb before ("Trump met Ryan and his aides said"), nor
 * the end of a list ("A, B and others said"). */
static void coordinated(const stage *g, qnp *np, uint32_t lo) {
  const qtok *T = g->q.t;
  if (np->type != NP_NOMINAL || !(T[np->head].cls & QA_P)) return;
  if (np->a < lo + 2 || !word_is(g, &T[np->a - 1], "and") || (T[np->a - 1].flags & TF_INQ)) return;
  qnp first = vb_qnp_left(&g->q, np->a - 2, lo);
  if (first.type != NP_NAME || first.b != np->a - 1) return;
  if (first.a > lo && !(punct(&T[first.a - 1], ',') && first.a > lo + 1 && lower(&T[first.a - 2]))) return;
  first.b = np->b;
  *np = first;
}

/* Does the name ending at token e (inclusive) follow an "and" joining it
 * to a name before ("Sanders and Clinton", "Ted Cruz and Sen. Marco
 * Rubio")? */
static int coordinated_before(const stage *g, uint32_t e, uint32_t lo) {
  const qtok *T = g->q.t;
  uint32_t x = e;
  while (x > lo && e - x < 4 && is_word(&T[x]) && !lower(&T[x])) x--;
  return x > lo && x < e && word_is(g, &T[x], "and") && is_word(&T[x - 1]) && !lower(&T[x - 1]);
}

/* "…, frontman Anthony Kiedis said", "“…,” former George W. Bush
 * speechwriter Noam Neusner wrote", "…, Justice Department senior trial
 * counsel Jane Roe wrote": a role with no article before the name, words
 * the lists need not know, running back to the comma or the quotation
 * that closes the content. The name stays the source; the words are its
 * role. Not a verb ("…, met Jane Roe and said"). */
static void bare_role(const stage *g, qnp *np, uint32_t lo) {
  const qtok *T = g->q.t;
  if (np->type != NP_NAME || np->na != np->a || np->a <= lo + 1) return;
  uint32_t x = np->a;
  int lower_words = 0;
  while (x > lo && np->a - x < BARE_ROLE_WORDS && is_word(&T[x - 1]) && !(T[x - 1].flags & (TF_INQ | TF_POSS))) {
    const qtok *w = &T[x - 1];
    if (lower(w)) {
      size_t n = w->e - w->s;
      const char *s = g->q.s + w->s;
      if ((w->cls & (QW_AUX | QW_CUE | QW_CONJ | QW_PREP | QW_DET | QW_PRON | QW_TIME | QW_ADV)) ||
          (n > 3 && memcmp(s + n - 2, "ed", 2) == 0) || (n > 4 && memcmp(s + n - 3, "ing", 3) == 0) ||
          (n > 3 && s[n - 1] == 's' && s[n - 2] != 's') || adverb_ly(g, w) || relative(g, w) ||
          (n < 5 && !(w->cls & QW_NOUN)))
        return; /* a verb, a plural or a function word ("what Obama says"): no role */
      lower_words++;
    }
    x--;
  }
  /* after a comma, or a quotation of some length ("On “Morning Joe,” co-host
   * X asked" is a programme's name, not what X said) */
  if (!lower_words || x == np->a || x <= lo ||
      !(punct(&T[x - 1], ',') ||
        (T[x - 1].kind == TK_CLOSE && T[x - 1].region >= 0 && g->regions.v[T[x - 1].region].s <= T[lo].s &&
         g->regions.v[T[x - 1].region].words >= MIN_QUOTE_WORDS)))
    return;
  np->ra = T[x].s;
  np->rb = T[np->na - 1].e;
  np->a = x;
}

/* "his", "their", "its", "our", "my", "your": a possessive determiner,
 * never an object ("her" may be: "heard her say"). */
static int possessive_det(const stage *g, const qtok *t) {
  static const char *const dets[] = {"his", "their", "its", "our", "my", "your"};
  if (!lower(t) || (t->flags & TF_INQ)) return 0;
  for (size_t k = 0; k < sizeof dets / sizeof *dets; k++)
    if (word_is(g, t, dets[k])) return 1;
  return 0;
}

/* A word with an adjective's ending ("opening", "prepared", "official",
 * "public", "extensive"): it may stand between a determiner and a noun. */
static int adjective_ending(const stage *g, const qtok *t) {
  static const char *const ends[] = {"ing", "ed", "al", "ic", "ive", "ous", "ful"};
  const char *w = g->q.s + t->s;
  size_t n = t->e - t->s;
  for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
    size_t m = strlen(ends[k]);
    if (n > m + 2 && memcmp(w + n - m, ends[k], m) == 0) return 1;
  }
  return 0;
}

/* Is the cue's form at k a noun after a possessive determiner ("his
 * remarks", "her opening remarks")? */
static int noun_after_possessive(const stage *g, uint32_t k, uint32_t lo) {
  const qtok *T = g->q.t;
  if (k > lo && possessive_det(g, &T[k - 1])) return 1;
  return k > lo + 1 && lower(&T[k - 1]) && !(T[k - 1].cls & (QW_NOUN | QW_CUE | QW_AUX | QW_ADV)) &&
         adjective_ending(g, &T[k - 1]) && (possessive_det(g, &T[k - 2]) || word_is(g, &T[k - 2], "her"));
}

/* Skips what may stand between a cue and its content: time words ("said
 * Tuesday", "last week") and a short phrase set off by a comma ("said, in
 * a statement, …"). */
static uint32_t skip_adverbials(const stage *g, uint32_t i, uint32_t hi) {
  const qtok *T = g->q.t;
  for (;;) {
    while (i < hi && is_word(&T[i]) && (T[i].cls & QW_TIME) && !(T[i].flags & TF_INQ)) i++;
    if (i < hi && punct(&T[i], ',')) {
      i++;
      continue;
    }
    if (i < hi && lower(&T[i]) && (T[i].cls & QW_PREP) && !(T[i].flags & TF_INQ)) {
      /* "on Tuesday", "in a statement," */
      uint32_t k = i + 1;
      while (k < hi && k - i <= 6 && is_word(&T[k]) && !(T[k].flags & TF_INQ) && !complementizer(g, k, hi))
        k++;
      if (k < hi && k - i <= 6 && punct(&T[k], ',') &&
          !(k + 1 < hi && vb_is_ascii_digit((unsigned char)g->q.s[T[k + 1].s]))) { /* not "March 3, 2024" */
        i = k + 1;
        continue;
      }
      if (k > i + 1 && (T[k - 1].cls & QW_TIME) && k - i <= 3) {
        i = k;
        continue;
      }
    }
    return i;
  }
}

/* Words in tokens [a, b) outside quotation marks and punctuation. */
static uint32_t count_words(const stage *g, uint32_t a, uint32_t b) {
  uint32_t n = 0;
  for (uint32_t i = a; i < b; i++) n += is_word(&g->q.t[i]);
  return n;
}

/* "backed out of", "backed away from", "backed her up": a particle right
 * after a verb of stance, or after a pronoun as its object, makes another
 * verb of it (data/stance-words.txt); cb is the token after the verb. */
static int particle_after(const stage *g, uint32_t cb, uint32_t b) {
  const qtok *T = g->q.t;
  if (cb < b && lower(&T[cb]) && !(T[cb].flags & TF_INQ) &&
      (vb_qstance_bound(g->q.s + T[cb].s, T[cb].e - T[cb].s) & QS_OBJECT))
    cb++;
  return cb < b && is_word(&T[cb]) && (vb_qstance_bound(g->q.s + T[cb].s, T[cb].e - T[cb].s) & QS_PARTICLE);
}

/* Where what a verb of stance takes, unquoted, ends: at its clause's
 * punctuation or a phrase of the moment or the place after its object
 * ("endorsed Trump in early June", "praised Cruz on Thursday", "blasted
 * Rubio at a rally"; the stops of data/stance-words.txt): "Y of …", "Y
 * for …" and "Y over …" go on. */
static uint32_t stance_end(const stage *g, uint32_t cs, uint32_t ce) {
  const qtok *T = g->q.t;
  for (uint32_t x = cs + 1; x < ce; x++) {
    if (T[x].flags & TF_INQ) continue;
    if (punct(&T[x], ',') || punct(&T[x], ';') || punct(&T[x], ':') || punct(&T[x], '-') || punct(&T[x], '('))
      return x;
    if (!is_word(&T[x])) continue;
    if ((T[x].cls & QW_TIME) && !(T[x].cls & QW_DET)) return x;
    if (lower(&T[x]) && (vb_qstance_bound(g->q.s + T[x].s, T[x].e - T[x].s) & QS_STOP)) return x;
  }
  return ce;
}

/* Whether a source is a person by its words: a pronoun, a given name, a
 * title ("the Secretary-General", "President Sarney", "Mr. Lynch"); not a
 * country, a body or a nominal ("South Africa", "the Iranian Government"). */
static int person_source(const stage *g, const qnp *np) {
  const qtok *T = g->q.t;
  if (np->type == NP_PRON) return 1;
  for (uint32_t x = np->a; x < np->b; x++)
    if (T[x].cls & (QW_GIVEN | QW_TITLE | QW_HONOR)) return 1;
  return 0;
}

/* The person a cue's source names (a mention recorded for pronouns and
 * surnames after it), or -1; the speaker's own voice names no one else,
 * and no one a pronoun after it could mean ("the Atlantic Alliance Italy
 * maintains … everything that he has said"). */
static int32_t source_person(stage *g, const qmatch *m, uint32_t at, int *rc) {
  if (m->own) return -1;
  return vb_qnp_person(&g->q, &m->np, at, m->flags, rc);
}

static int32_t new_att(stage *g, const qmatch *m, int32_t person) {
  qatt *a = VB_VEC_PUSH(g->q.doc->arena, g->atts);
  if (!a) return -1;
  const qtok *T = g->q.t;
  a->person = m->own ? PERSON_OWN : person;
  a->index = -1;
  a->source.start = m->np.type ? T[m->np.a].s : 0;
  a->source.end = m->np.type ? T[m->np.b - 1].e : 0;
  a->cue.start = T[m->ca].s;
  a->cue.end = T[m->cb - 1].e;
  return (int32_t)(g->atts.n - 1);
}

/* Do tokens [lo, p) open the sentence as a short noun phrase the name
 * after them is set beside: a determiner first ("Another delegate on the
 * Cruz slate, Jim Poolman, said"), words only, no cue? */
static int opening_phrase(const stage *g, uint32_t lo, uint32_t p) {
  const qtok *T = g->q.t;
  if (p <= lo + 1 || p - lo > 10 || !(T[lo].flags & TF_SSTART) || !(T[lo].cls & QW_DET) ||
      (T[lo].cls & QW_PRON))
    return 0;
  for (uint32_t i = lo; i < p; i++)
    if (!is_word(&T[i]) || (T[i].flags & TF_INQ) || (T[i].cls & (QW_CUE | QW_AUX | QW_PRON)))
      return 0;
  return 1;
}

/* "Hazem Qassem, a Hamas spokesman, said", "Smith, who …, said",
 * "One of the authors, Ari Fleischer, said": the source around a phrase set
 * off by commas, the comma j closing it just before the cue. */
static qnp apposition(const stage *g, uint32_t j, uint32_t lo) {
  qnp none;
  memset(&none, 0, sizeof none);
  const qtok *T = g->q.t;
  /* "Sen. Jack Reed (D-R.I.), said", "…, Gov. John Kasich (R-OH), said": a
   * party tag closes the subject, and the comma after it sets off nothing */
  if (j > lo + 1 && punct(&T[j - 1], ')')) {
    uint32_t x = j - 1;
    while (x > lo && j - x < 10 && !punct(&T[x], '(')) x--;
    uint32_t from = x;
    while (from > lo && x - from < 12 && !punct(&T[from - 1], ',') && T[from - 1].kind != TK_CLOSE &&
           !punct(&T[from - 1], ';') && !punct(&T[from - 1], ':'))
      from--;
    if (punct(&T[x], '(') && x > from) {
      qnp np = vb_qnp_left(&g->q, j - 1, from);
      if (np.type == NP_NAME && np.a == from) {
        np.b = j;
        return np;
      }
    }
  }
  /* the commas before j, nearest first */
  uint32_t commas[5], nc = 0;
  for (uint32_t p = j; p > lo && j - p < 40 && nc < 5;) {
    p--;
    const qtok *t = &T[p];
    if (t->kind == TK_OPEN || t->kind == TK_CLOSE || punct(t, '.') || punct(t, ';')) break;
    if (punct(t, ',')) commas[nc++] = p;
  }
  if (!nc || commas[0] + 1 >= j) return none;
  uint32_t p = commas[0];
  /* the name is set off: "One of the authors of the report, Ari Fleischer," */
  qnp inner = vb_qnp_left(&g->q, j - 1, p + 1);
  if (inner.type == NP_NAME && inner.a == p + 1) {
    qnp outer = vb_qnp_left(&g->q, p - 1, lo);
    if (outer.type == NP_NONE) { /* "the assailant": a determiner and a word or two */
      uint32_t x = p;
      while (x > lo && p - x < 4 && lower(&T[x - 1]) && !(T[x - 1].cls & (QW_DET | QW_CONJ | QW_PREP)))
        x--;
      if (x > lo && x < p && is_word(&T[x - 1]) && (T[x - 1].cls & QW_DET) &&
          (lower(&T[x - 1]) || (T[x - 1].flags & TF_SSTART))) {
        outer.type = NP_NOMINAL;
        outer.a = x - 1;
      }
    }
    /* "the director of the Federal Bureau of Investigation, James B.
     * Comey,": a role of a body, the name set beside it the person */
    if (outer.type == NP_NAME && outer.a > lo + 1 && lower(&T[outer.a - 1]) &&
        (word_is(g, &T[outer.a - 1], "of") || word_is(g, &T[outer.a - 1], "at") ||
         word_is(g, &T[outer.a - 1], "for")) &&
        lower(&T[outer.a - 2]) && (T[outer.a - 2].cls & QW_NOUN) && (T[outer.a - 2].cls & QA_R) &&
        !(T[outer.a - 2].cls & QA_P)) {
      outer.type = NP_NOMINAL;
      outer.a -= 2;
      if (outer.a > lo && is_word(&T[outer.a - 1]) && (T[outer.a - 1].cls & QW_DET) &&
          !(T[outer.a - 1].cls & QW_PRON))
        outer.a--;
    }
    if (outer.type == NP_NONE && opening_phrase(g, lo, p)) { /* "Another delegate on the slate," */
      outer.type = NP_NOMINAL;
      outer.a = lo;
    }
    /* "Mozilla's CTO, Brendan Eich, acknowledged": a title after a
     * possessive is a role, the full name set beside it the person */
    if (outer.type == NP_NAME && inner.nb - inner.na >= 2) {
      int poss = 0;
      for (uint32_t x = outer.a; x + 1 < p && !poss; x++) poss = (T[x].flags & TF_POSS) != 0;
      if (poss) outer.type = NP_NOMINAL;
    }
    if (outer.type == NP_NOMINAL) {
      inner.ra = T[outer.a].s;
      inner.rb = T[p - 1].e;
      inner.a = outer.a;
      return inner;
    }
  }
  /* "Harry Bond, 30, of Raleigh, N.C., who was polled, said": the
   * leftmost name that opens its clause; else the nearest one an
   * apposition ("a …", "who …", "45") follows */
  qnp best = none, near = none;
  for (uint32_t k = 0; k < nc; k++) {
    uint32_t c = commas[k], from = k + 1 < nc ? commas[k + 1] + 1 : lo;
    qnp np = vb_qnp_left(&g->q, c - 1, from);
    if (np.type != NP_NAME && !(np.type == NP_NOMINAL && (T[np.head].cls & QW_NOUN))) continue;
    if (vb_qparticiple_opener(&g->q, np.a, j)) continue; /* "Speaking in Harlem, Clinton, …, said" */
    np.ra = T[c + 1].s;
    np.rb = T[j - 1].e;
    np.b = j;
    int opens = np.a == lo || T[np.a - 1].kind == TK_CLOSE ||
                (lower(&T[np.a - 1]) && (T[np.a - 1].cls & QW_CONJ)) ||
                (punct(&T[np.a - 1], ',') && np.a - 1 - lo <= 4 && is_word(&T[lo]) &&
                 (T[lo].cls & (QW_PREP | QW_ADV | QW_CONJ | QW_TIME))) || /* "For now, Pantucci, …" */
                (punct(&T[np.a - 1], ',') && np.a - 1 - lo <= 8 && vb_qparticiple_opener(&g->q, lo, j));
    if (opens) best = np;
    const qtok *f = &T[c + 1];
    int appos = (f->cls & (QW_DET | QW_TITLE | QW_NOUN | QW_PREP)) || word_is(g, f, "who") ||
                vb_is_ascii_digit((unsigned char)g->q.s[f->s]) || (f->flags & TF_POSS);
    if (!near.type && appos) near = np;
    if (opens) break;
  }
  qnp np = best.type ? best : near;
  /* "Osland's governor, Tomas Brandt, a Liberal, said": the name set
   * beside the role is who spoke */
  if (np.type == NP_NOMINAL && near.type == NP_NAME && near.a > np.a) np = near;
  if (np.type == NP_NOMINAL) np.ra = np.rb = 0;
  return np;
}

/* "Jason Sims — a teacher from Mount Pleasant — says", "The justice --
 * who has been in a scuffle with him -- said": the source before a phrase
 * set off by two dashes, the dash j closing it just before the cue; the
 * source may carry an apposition of its own ("Neil Sroka, director of
 * DFA - which … - said"). */
static qnp dash_apposition(const stage *g, uint32_t j, uint32_t lo) {
  qnp none;
  memset(&none, 0, sizeof none);
  const qtok *T = g->q.t;
  uint32_t p = j;
  while (p > lo && punct(&T[p - 1], '-')) p--; /* "--" */
  uint32_t close = p;
  while (p > lo && close - p < 40) {
    p--;
    if (T[p].flags & TF_INQ) continue;
    if (punct(&T[p], '.') || punct(&T[p], ';') || punct(&T[p], '-')) break;
  }
  if (!punct(&T[p], '-') || p <= lo || p + 1 >= close) return none;
  while (p > lo + 1 && punct(&T[p - 1], '-')) p--;
  qnp np = punct(&T[p - 1], ',') ? none : apposition(g, p, lo);
  if (!np.type) {
    np = vb_qnp_left(&g->q, p - 1, lo);
    /* "The Supreme Court justice -- …": a name modifying the head is no
     * source */
    if (np.type == NP_NAME && np.nb != p) return none;
  }
  if (np.type != NP_NAME && !(np.type == NP_NOMINAL && (T[np.head].cls & QW_NOUN))) return none;
  /* the source opens its clause */
  if (np.a > lo && !(T[np.a - 1].kind == TK_PUNCT || T[np.a - 1].kind == TK_CLOSE ||
                     (lower(&T[np.a - 1]) && (T[np.a - 1].cls & QW_CONJ))))
    return none;
  np.b = j;
  return np;
}

/* "according to its chairman, Peter Lindqvist, …": the name the nominal
 * phrase is set beside. */
static void named_apposition(const stage *g, qnp *np, uint32_t hi) {
  const qtok *T = g->q.t;
  if (np->type != NP_NOMINAL || np->b + 1 >= hi || !punct(&T[np->b], ',')) return;
  qnp name = vb_qnp_right(&g->q, np->b + 1, hi);
  if (name.type != NP_NAME || (name.b < hi && !punct(&T[name.b], ','))) return;
  name.ra = T[np->a].s;
  name.rb = T[np->b - 1].e;
  name.a = np->a;
  *np = name;
}

/* "according to a report Tuesday from WKOW", "according to early results
 * of exit polls conducted by Edison Research": a document and its maker
 * after "by", "from" or "for" — the maker is the source, the phrase the
 * source span. The phrase runs to a comma or the end, a document noun
 * (data/quote-words.txt, d) before the maker. */
static void document_maker(const stage *g, qnp *np, uint32_t a, uint32_t hi) {
  const qtok *T = g->q.t;
  if (np->type == NP_NAME || np->type == NP_PRON) return;
  int doc = 0;
  for (uint32_t x = a; x + 1 < hi && x < a + 16; x++) {
    if (!is_word(&T[x]) || (T[x].flags & TF_INQ)) return;
    if (lower(&T[x]) && (T[x].cls & QW_NOUN) && (T[x].cls & QA_D)) doc = 1;
    if (!doc || !(word_is(g, &T[x], "by") || word_is(g, &T[x], "from") || word_is(g, &T[x], "for"))) continue;
    qnp who = vb_qnp_right(&g->q, x + 1, hi);
    if (who.type != NP_NAME || who.a != x + 1 || (who.b < hi && T[who.b].kind == TK_WORD)) return;
    who.a = a;
    *np = who;
    return;
  }
}

/* The subject of the sentence, over the phrases opening it, for a
 * participle ("…, saying …") or a verb joined by "and" ("In an interview
 * on Sunday, X defended the plan and said …"). */
static qnp sentence_subject(const stage *g, uint32_t a, uint32_t hi) {
  const qtok *T = g->q.t;
  /* over "And then", "But" */
  while (a < hi && is_word(&T[a]) && (T[a].cls & (QW_CONJ | QW_ADV)) && !(T[a].cls & QW_PREP) &&
         !(T[a].flags & TF_INQ) && hi - a > 1 && is_word(&T[a + 1]))
    a++;
  /* over a dateline: "WASHINGTON — Sen. X …", "DECATUR, Ill. — X …",
   * "PARIS, Aug 31 (Reuters) - X …" */
  if (a < hi && is_word(&T[a]) && (T[a].flags & TF_UPPER) &&
      (T[a].e - T[a].s > 2 || (a + 1 < hi && is_word(&T[a + 1]) && (T[a + 1].flags & TF_UPPER))))
    for (uint32_t k = a + 1; k < hi && k - a < 10; k++) {
      if (punct(&T[k], '-')) {
        if (k + 1 < hi) a = k + 1;
        break;
      }
      if (!(punct(&T[k], ',') || punct(&T[k], '(') || punct(&T[k], ')') || punct(&T[k], '.') ||
            (is_word(&T[k]) && ((T[k].flags & TF_CAP) ||
                                vb_is_ascii_digit((unsigned char)g->q.s[T[k].s])))))
        break;
    }
  uint32_t i = a;
  /* over the phrases opening the sentence, each set off by a comma ("At
   * an event in Ames, Iowa, on Sunday, X …", "Speaking in Salem, X …",
   * "In a debate, while most of his rivals …, X …") */
  for (int n = 0; n < 3 && i < hi; n++) {
    const qtok *o = &T[i];
    size_t on = o->e - o->s;
    int opener = is_word(o) && !(o->flags & TF_INQ) &&
                 ((o->cls & (QW_PREP | QW_CONJ | QW_ADV | QW_TIME)) ||
                  /* "Like Corker, Menendez rejected …" ("like" lowercase is
                   * no preposition here: "experts like X say") */
                  (n == 0 && (word_is(g, o, "like") || word_is(g, o, "unlike"))) ||
                  (n == 0 && ((o->flags & TF_SSTART) || i == a) && !(o->cls & (QW_CUE | QW_CUE2)) &&
                   ((on > 4 && vb_eq_ci(g->q.s + o->e - 3, 3, "ing")) || /* "Speaking at …" */
                    (i + 1 < hi && lower(&T[i + 1]) && (T[i + 1].cls & QW_PREP)))) || /* "Here in …" */
                  /* "Asked whether …, X shook his head and said": a
                   * participle, a cue's too, then a clause or a phrase */
                  (n == 0 && ((o->flags & TF_SSTART) || i == a) && on > 4 && !(o->cls & QW_GIVEN) &&
                   vb_eq_ci(g->q.s + o->e - 2, 2, "ed") && i + 1 < hi && lower(&T[i + 1]) &&
                   ((T[i + 1].cls & (QW_PREP | QW_CONJ)) || word_is(g, &T[i + 1], "whether")) &&
                   !(T[i + 1].flags & TF_INQ)));
    int timed = 0; /* "A few days later,", "Two years ago," */
    uint32_t k = i + 1;
    while (k < hi && k - i < 14 && !punct(&T[k], ',') && !(T[k].flags & TF_INQ) &&
           !(T[k].kind == TK_OPEN || T[k].kind == TK_CLOSE)) {
      timed |= k - i < 4 && is_word(&T[k]) && lower(&T[k]) && (T[k].cls & QW_TIME);
      k++;
    }
    if (!opener && !(timed && k - i <= 4 && !(o->cls & (QW_CUE | QW_CUE2)))) break;
    if (k >= hi || !punct(&T[k], ',')) break;
    i = k + 1;
    /* "in Ames, Iowa, …", "in Salem, New Hampshire, X": a place's state
     * after its town, when a name or another phrase follows it */
    uint32_t y = k;
    while (y > a + 1 && k - y < 4 &&
           ((is_word(&T[y - 1]) && (T[y - 1].flags & TF_CAP)) || punct(&T[y - 1], '.')))
      y--; /* "in St. Clairsville" */
    if (y < k && y > a && lower(&T[y - 1]) && (T[y - 1].cls & QW_PREP)) {
      uint32_t x = i;
      while (x < hi && x - i < 3 && is_word(&T[x]) && (T[x].flags & TF_CAP) &&
             !(T[x].flags & TF_INQ))
        x++;
      if (x > i && x + 1 < hi && punct(&T[x], ',') && is_word(&T[x + 1]) &&
          ((T[x + 1].flags & TF_CAP) || (T[x + 1].cls & (QW_PREP | QW_TIME)) ||
           vb_is_ascii_digit((unsigned char)g->q.s[T[x + 1].s])) &&
          !(T[x + 1].cls & QW_DET))
        i = x + 1;
    }
  }
  /* "Perhaps you figure out …, and want …": a word opening the sentence
   * before a pronoun is an adverb the lists do not know, not the subject */
  if (i + 1 < hi && is_word(&T[i]) && (T[i].flags & TF_SSTART) && is_word(&T[i + 1]) &&
      lower(&T[i + 1]) && (T[i + 1].cls & QW_PRON) && !(T[i + 1].cls & QW_DET))
    i++;
  /* "BUENA PARK, Calif. - Rallying hundreds of workers …, X tried …": a
   * participle opening the sentence is no one's name */
  if (i == a && is_word(&T[i]) && (T[i].flags & TF_CAP) && !(T[i].flags & TF_INQ) &&
      T[i].e - T[i].s > 4 && vb_eq_ci(g->q.s + T[i].e - 3, 3, "ing") && i + 1 < hi &&
      lower(&T[i + 1]) && !(T[i + 1].cls & (QW_CUE | QW_AUX))) {
    qnp none;
    memset(&none, 0, sizeof none);
    return none;
  }
  qnp np = vb_qnp_right(&g->q, i, hi);
  /* after an opening phrase, "Hillary Clinton’s right-hand woman": a
   * name a possessive goes on is no subject */
  int owned = 0;
  for (uint32_t x = np.a; np.type && i > a && x <= np.b && x < hi; x++)
    owned |= is_word(&T[x]) && (T[x].flags & (TF_POSS | TF_CAP)) == (TF_POSS | TF_CAP);
  /* "In October, the party's state director, Mike Rubino, reached out …,
   * writing": the name set beside it */
  named_apposition(g, &np, hi);
  if (owned && np.type != NP_NAME) np.type = NP_NONE;
  /* after an opening phrase, "Along with her husband, Milton Berg, a
   * money manager, she has given …": a name set off by commas before
   * another subject is the phrase's */
  if (np.type == NP_NAME && i > a && np.b < hi && punct(&T[np.b], ',')) {
    uint32_t x = np.b + 1;
    while (x < hi && x - np.b < 12 && !punct(&T[x], ',') && !(T[x].flags & TF_INQ)) x++;
    if (x + 1 < hi && punct(&T[x], ',') && !(is_word(&T[x + 1]) && lower(&T[x + 1]) &&
                                             !(T[x + 1].cls & (QW_PRON | QW_DET | QW_CONJ))))
      np.type = NP_NONE;
  }
  return np;
}

/* A frame set after what it attributes ("…, a Chinese official said,
 * adding …", "Politico reported, according to sources, …"): the subject
 * of its sentence is the content's, not the frame's. */
static int mid_frame(const stage *g, const qmatch *m, uint32_t a) {
  const qtok *T = g->q.t;
  return m->fa > a && (punct(&T[m->fa - 1], ',') || T[m->fa - 1].kind == TK_CLOSE);
}

/* A name that opens its phrase and a verb follows, as a subject does
 * ("Mr. Obama revised", "Trump, the front-runner, attacked"), not a word
 * capitalised at the start ("Late last month, …") nor a modifier ("The
 * Romanian hacker"). */
static int subject_of_verb(const stage *g, const qnp *np, uint32_t k) {
  const qtok *T = g->q.t;
  if (np->type != NP_NAME || np->b >= k || (T[np->a].cls & QW_DET)) return 0;
  const qtok *n = &T[np->b];
  if (punct(n, ',') || punct(n, '(')) return np->nb - np->na > 1 || n->ch == '(';
  return lower(n) && !(n->cls & (QW_TIME | QW_PREP | QW_CONJ | QW_DET | QW_PRON)) &&
         !(n->flags & TF_INQ);
}

/* Can the cue at k share the subject np of its sentence? Not across a
 * full stop the segmenter kept inside the sentence ("… status.[55] In 1947
 * the country adopted …, confirming"), nor to a base form joined to an
 * infinitive ("Liberia joined the efforts to pursue justice and maintain
 * peace"). */
static int shares_subject(const stage *g, const qnp *np, uint32_t k, uint32_t flags) {
  const qtok *T = g->q.t;
  for (uint32_t x = np->b; x + 1 < k; x++) {
    if (!punct(&T[x], '.')) continue;
    uint32_t y = x + 1;
    while (y < k && y - x < 4 &&
           (T[y].kind == TK_PUNCT || vb_is_ascii_digit((unsigned char)g->q.s[T[y].s])))
      y++;
    if (y < k && is_word(&T[y]) && (T[y].flags & TF_CAP)) return 0;
  }
  /* "… to pursue justice and maintain …": a base form joined to an
   * infinitive */
  if (!(flags & QC_PART) && k > np->b + 2 && word_is(g, &T[k - 1], "and")) {
    const char *w = g->q.s + T[k].s;
    size_t n = T[k].e - T[k].s;
    if (n < 3 || w[n - 1] == 's' || w[n - 1] == 'd') return 1;
    for (uint32_t x = k - 2; x > np->b && k - x < 8 && lower(&T[x]); x--)
      if (word_is(g, &T[x - 1], "to") && lower(&T[x]) && !(T[x].cls & (QW_DET | QW_PRON)))
        return 0;
  }
  return 1;
}

/* A conjunction opening a clause that depends on the one before ("said
 * Smith when asked", "said Jones as she left"), not one that joins two
 * ("said Trump and his allies would …", "that …"). */
static int subordinate(const stage *g, uint32_t i) {
  const qtok *t = &g->q.t[i];
  return lower(t) && (t->cls & QW_CONJ) && !(t->flags & TF_INQ) && !word_is(g, t, "and") &&
         !word_is(g, t, "or") && !word_is(g, t, "but") && !word_is(g, t, "that") &&
         !word_is(g, t, "than");
}

/* A time phrase ending just before token j, between a subject and its cue
 * ("Clinton on Tuesday said", "Feinstein last week said"): where it
 * starts, or j when there is none. */
static uint32_t time_before(const stage *g, uint32_t j, uint32_t a) {
  const qtok *T = g->q.t;
  uint32_t x = j;
  while (x > a && is_word(&T[x - 1]) && (T[x - 1].cls & QW_TIME) && !(T[x - 1].flags & TF_INQ))
    x--;
  if (x == j) return j;
  if (x > a && lower(&T[x - 1]) && (T[x - 1].cls & QW_PREP)) x--; /* "on Tuesday" */
  return x > a ? x : j; /* a sentence opening with the time has no subject before it */
}

/* "was", "is", "been" (data/be-forms.txt): before a participle, the
 * passive, whose subject did not say anything. */
static int be_form(const stage *g, const qtok *t) {
  return is_word(t) && vb_wl_has(VB_WL_BE_FORMS, g->q.s + t->s, t->e - t->s);
}

/* The form of "be" before a phrase set off by commas right before token
 * k ("was, as before, supporting", "is, once again, accusing"), or k when
 * there is none: a few lowercase words outside quotations, no cue. */
static uint32_t be_before_set_off(const stage *g, uint32_t k, uint32_t a) {
  enum { MAX_SET_OFF = 5 }; /* words of the phrase: "as he had before" */
  const qtok *T = g->q.t;
  if (k < a + 4 || !punct(&T[k - 1], ',')) return k;
  uint32_t x = k - 1;
  while (x > a && k - 1 - x < MAX_SET_OFF && lower(&T[x - 1]) && !(T[x - 1].flags & TF_INQ) &&
         !(T[x - 1].cls & (QW_CUE | QW_CUE2)))
    x--;
  if (x == k - 1 || x < a + 2 || !punct(&T[x - 1], ',')) return k;
  const qtok *be = &T[x - 2];
  return lower(be) && !(be->flags & TF_INQ) && be_form(g, be) ? x - 2 : k;
}

/* Does the quotation opening at token o hold a word with a letter? A
 * header's value ("If-Match: “1382694045000”") or a number is no speech
 * (counted once per quotation by the tokenizer, nested marks included). */
static int quote_has_letters(const stage *g, uint32_t o) {
  const qtok *T = g->q.t;
  return T[o].region < 0 || g->regions.v[T[o].region].letters;
}

/* "Kerry: “By law, …”", "Trump on Twitter: “…”": a name and a colon
 * before a quotation say who it is. Returns non-zero when out of memory. */
static int colon_match(stage *g, uint32_t k, uint32_t a) {
  const qtok *T = g->q.t;
  if (g->matches.n && g->matches.v[g->matches.n - 1].fb >= k) return 0; /* "X said:" */
  if (!quote_has_letters(g, k + 1)) return 0;
  qnp np = vb_qnp_left(&g->q, k - 1, a);
  if (np.type == NP_NAME && np.a > a + 1 && lower(&T[np.a - 1]) && (T[np.a - 1].cls & QW_PREP)) {
    qnp who = vb_qnp_left(&g->q, np.a - 2, a); /* "Trump on Twitter:" */
    if (who.type == NP_NAME) np = who;
  }
  /* "Rubio fired back forcefully:", "Novak shot back:": a name, then a
   * verb and an adverb or two the lists do not know as cues */
  if (np.type != NP_NAME) {
    uint32_t x = k;
    while (x > a + 1 && k - x < 3 && lower(&T[x - 1]) && !(T[x - 1].flags & (TF_INQ | TF_POSS)) &&
           !(T[x - 1].cls & (QW_NOUN | QW_DET | QW_PREP | QW_PRON | QW_CONJ | QW_AUX | QW_TIME)))
      x--;
    if (x < k && x > a) {
      qnp who = vb_qnp_left(&g->q, x - 1, a);
      if (who.type == NP_NAME && who.b == x && !lower(&T[who.a]) && name_start(&T[x - 1]) &&
          !(T[x - 1].flags & TF_POSS)) /* not "her Twitter account posted:" */
        np = who;
    }
  }
  if (np.type != NP_NAME) return 0;
  /* the name opens its clause: "Kerry:", "Harbour pilot Jan Kral:" — not
   * "a tweet from Kerry:" */
  if (np.a > a && !(T[np.a - 1].kind == TK_PUNCT || T[np.a - 1].kind == TK_CLOSE)) {
    uint32_t x = np.a;
    while (x > a && np.a - x < 4 && is_word(&T[x - 1]) &&
           !(T[x - 1].cls & (QW_CUE | QW_AUX | QW_PREP | QW_CONJ | QW_PRON | QW_DET)))
      x--;
    if (x != a) return 0;
    np.ra = T[x].s;
    np.rb = T[np.na - 1].e;
    np.a = x;
  }
  qmatch *m = VB_VEC_PUSH(g->q.doc->arena, g->matches);
  if (!m) return -1;
  memset(m, 0, sizeof *m);
  m->ca = k;
  m->cb = k + 1;
  m->fa = np.a;
  m->fb = k + 1;
  m->flags = QC_SAY;
  m->np = np;
  m->att = -1;
  return 0;
}

/* "X issued a statement saying …", "Y sent a letter Tuesday saying …": a
 * participle right after a document (data/quote-words.txt, "d") its
 * subject put out says what the subject says. */
static uint32_t after_document(const stage *g, uint32_t a, uint32_t k) {
  const qtok *T = g->q.t;
  uint32_t x = k;
  while (x > a && is_word(&T[x - 1]) && (T[x - 1].cls & QW_TIME) && !(T[x - 1].flags & TF_INQ)) x--;
  return x > a + 1 && lower(&T[x - 1]) && (T[x - 1].cls & QW_NOUN) && (T[x - 1].cls & QA_D) &&
                 !(T[x - 1].flags & TF_INQ)
             ? x - 1
             : 0;
}

/* Finds the cues of sentence tokens [a, b) and their sources. */
/* Does the source phrase np speak for the one speaking: "I", "we", or the
 * speaker's own body or mind ("my delegation", "my country", "our
 * experience", "My Government")? Not someone the speaker names ("my
 * colleague", "our President", "my friend Ambassador Roe", "our people"),
 * nor "you". */
static int own_voice(const stage *g, const qnp *np) {
  const qtok *T = g->q.t;
  const qtok *w = &T[np->a];
  if (!is_word(w) || (w->flags & TF_INQ)) return 0;
  if (np->type == NP_PRON) return np->head == np->a && (word_is(g, w, "i") || word_is(g, w, "we"));
  if (!word_is(g, w, "my") && !word_is(g, w, "our")) return 0;
  if (np->b <= np->a + 1) return 0;
  for (uint32_t i = np->a + 1; i < np->b; i++) {
    const qtok *x = &T[i];
    if (!is_word(x) || (x->flags & TF_POSS)) return 0; /* "my country's President" */
    if (x->cls & (QA_R | QW_TITLE | QW_GIVEN | QW_HONOR)) return 0;
    if ((x->flags & TF_CAP) && !(x->cls & QW_NOUN)) return 0; /* a name: "our Ambassador Roe" */
  }
  return 1;
}

/* "This election, Mr. President, shows the esteem …": in a turn, the one
 * the speaker addresses, set off by commas, an honorific and a title
 * alone, is spoken to, not the subject of the verb after it. */
static int vocative(const stage *g, const qnp *np, uint32_t a) {
  const qtok *T = g->q.t;
  if (np->type == NP_NONE || np->type == NP_PRON || np->b >= g->q.nt || !punct(&T[np->b], ',')) return 0;
  uint32_t s = np->a; /* "This election, Mr. President,": the part set off */
  for (uint32_t i = np->a; i < np->b; i++)
    if (punct(&T[i], ',')) s = i + 1;
  if (s > a && !punct(&T[s - 1], ',')) return 0;
  int honor = 0;
  for (uint32_t i = s; i < np->b; i++) {
    const qtok *t = &T[i];
    if (!is_word(t) || (t->flags & (TF_INQ | TF_POSS))) return 0;
    if ((t->cls & QW_HONOR) || word_is(g, t, "madam") || word_is(g, t, "sir")) honor = 1;
    else if (!(t->cls & QW_TITLE) && !((t->flags & TF_CAP) && (t->cls & QW_NOUN) && (t->cls & QA_R))) return 0;
  }
  return honor;
}

static int find_matches(stage *g, uint32_t a, uint32_t b, int turn_mode, int in_turn) {
  qctx *q = &g->q;
  const qtok *T = q->t;
  g->matches.n = 0;
  for (uint32_t k = a; k < b; k++) {
    const qtok *t = &T[k];
    if (!turn_mode && punct(t, ':') && !(t->flags & TF_INQ) && k > a && k + 1 < b &&
        T[k + 1].kind == TK_OPEN) {
      if (colon_match(g, k, a)) return oom(g, t->s);
      continue;
    }
    if (!is_word(t) || (t->flags & TF_INQ) || !(t->cls & (QW_CUE | QW_CUE2))) continue;
    uint32_t flags = 0, cb = k + 1;
    if ((t->cls & QW_CUE2) && k + 1 < b && is_word(&T[k + 1])) {
      flags = vb_qcue2(q->s + t->s, t->e - t->s, q->s + T[k + 1].s, T[k + 1].e - T[k + 1].s);
      if (flags) cb = k + 2;
    }
    /* "As reported by X, …" names its source as "according to" does; without
     * the "as" the words are the verb's ("X reported by phone that …") or
     * a passive's ("The plan, reported by X, …") */
    if ((flags & QC_ACC) && cb == k + 2 && word_is(g, t, "reported") &&
        !(k > a && word_is(g, &T[k - 1], "as") && !(T[k - 1].flags & TF_INQ))) {
      flags = 0;
      cb = k + 1;
    }
    if (!flags && (t->cls & QW_CUE)) flags = t->cls & 0xFF000000u;
    if (!(flags & QC_ANY)) continue;
    /* a capital mid-sentence is a name ("Says"), not a cue */
    if ((t->flags & TF_CAP) && !(t->flags & TF_SSTART)) continue;
    qmatch m;
    memset(&m, 0, sizeof m);
    m.ca = k;
    m.cb = cb;
    m.flags = flags;
    m.att = -1;
    uint32_t inherited = UINT32_MAX; /* the frame's start when the subject is shared */
    uint32_t aux = k;                /* the cue with its auxiliaries ("has said", "a déclaré") */
    if (flags & QC_ACC) {
      m.np = vb_qnp_right(q, cb, b);
      named_apposition(g, &m.np, b);
      document_maker(g, &m.np, cb, b);
    } else {
      uint32_t j = k;
      int passive = 0, manner = 0;
      for (;;) {
        while (j > a && lower(&T[j - 1]) && ((T[j - 1].cls & (QW_AUX | QW_ADV)) || manner_adverb(g, &T[j - 1])) &&
               !(T[j - 1].cls & QW_PRON) && !(T[j - 1].flags & TF_INQ)) {
          j--;
          passive |= be_form(g, &T[j]);
          manner |= !(T[j].cls & (QW_AUX | QW_ADV));
        }
        /* "Sanders and Clinton both said", "X and Y have both argued": the
         * "both" of a source of two */
        if (j > a + 3 && word_is(g, &T[j - 1], "both") && !(T[j - 1].flags & TF_INQ)) {
          uint32_t x = j - 2;
          while (x > a && lower(&T[x]) && (T[x].cls & QW_AUX) && !(T[x].cls & QW_PRON)) x--;
          if (is_word(&T[x]) && !lower(&T[x]) && coordinated_before(g, x, a)) {
            j--;
            continue;
          }
        }
        /* "Russia was, as before, supporting …": a phrase set off between
         * a form of "be" and the participle leaves it the progressive */
        uint32_t be = (flags & QC_PART) && j == k ? be_before_set_off(g, k, a) : k;
        if (be < k) {
          j = be;
          passive = 1;
          continue;
        }
        uint32_t x = time_before(g, j, a);
        if (x == j) break;
        j = x;
      }
      /* "Asked by X whether …, Y said", "Y was asked by X if …": the one who
       * asks, named after "by", is the source; the question follows */
      if ((flags & QC_OBJ) && (passive || j == a || T[j - 1].kind != TK_WORD || (T[j - 1].cls & QW_CONJ)) && cb + 1 < b &&
          word_is(g, &T[cb], "by") && !(T[cb].flags & TF_INQ)) {
        qnp by = vb_qnp_right(q, cb + 1, b);
        if (by.type == NP_NAME && by.b < b &&
            (word_is(g, &T[by.b], "whether") || word_is(g, &T[by.b], "if") || word_is(g, &T[by.b], "to") ||
             word_is(g, &T[by.b], "that"))) {
          m.np = by;
          m.fa = k;
          m.fb = by.b;
          qmatch *slot = VB_VEC_PUSH(q->doc->arena, g->matches);
          if (!slot) return oom(g, t->s);
          *slot = m;
          k = by.b - 1;
          continue;
        }
      }
      if (passive && !(flags & QC_PART)) continue; /* "was declared the winner" */
      /* "X is insisting that …", "Y was telling reporters …": after a form of
       * "be" the participle is the progressive, a finite cue with its
       * subject before it, not a clause continuing another's */
      if (passive && (flags & QC_PART)) {
        flags &= ~QC_PART;
        m.flags = flags;
      }
      /* "Sanders's remarks", "Trump’s claim that …": after a possessive the
       * word is a noun */
      if (j == k && k > a && is_word(&T[k - 1]) && (T[k - 1].flags & TF_POSS)) continue;
      /* "his remarks", "in her opening remarks that", "their prepared
       * statement": after a possessive determiner, and an adjective after
       * it, the word is a noun (not "their opponents say", "his wife said") */
      if (j == k && noun_after_possessive(g, k, a)) continue;
      /* "that 2013 report", "a 2012 study": after a determiner and a year
       * the base form is a noun */
      if (j == k && k > a + 1 && is_word(&T[k - 1]) && vb_is_ascii_digit((unsigned char)g->q.s[T[k - 1].s]) &&
          lower(&T[k - 2]) && (T[k - 2].cls & QW_DET) && !(T[k - 2].cls & QW_PRON) &&
          !(flags & (QC_PART | QC_INF)) && g->q.s[t->e - 1] != 's' && g->q.s[t->e - 1] != 'd')
        continue;
      /* "the AP report merits …", "a CNN poll": after a determiner and one
       * name the base form is a noun the name modifies ("the Democrats
       * report", "the AP reports that …" are verbs) */
      if (j == k && k > a + 1 && name_start(&T[k - 1]) && !(T[k - 1].flags & TF_SSTART) &&
          lower(&T[k - 2]) && (T[k - 2].cls & QW_DET) && !(T[k - 2].cls & QW_PRON)) {
        const char *w = g->q.s + t->s, *nm = g->q.s + T[k - 1].s;
        size_t n = t->e - t->s, nn = T[k - 1].e - T[k - 1].s;
        const qtok *x = cb < b ? &T[cb] : NULL; /* a verb after the noun, or a title */
        int noun_next = x && (x->kind == TK_OPEN || punct(x, '.') || punct(x, ',') ||
                              (lower(x) && !(x->cls & (QW_PREP | QW_CONJ | QW_DET | QW_PRON | QW_AUX)) &&
                               !word_is(g, x, "to") && !word_is(g, x, "that")));
        if (n > 2 && w[n - 1] != 's' && w[n - 1] != 'd' && !(flags & (QC_PART | QC_INF)) &&
            nm[nn - 1] != 's' && noun_next)
          continue;
      }
      aux = j;
      if (j > a && !(flags & QC_PART)) {
        if (punct(&T[j - 1], ',')) m.np = apposition(g, j - 1, a);
        else if (punct(&T[j - 1], '-')) m.np = dash_apposition(g, j - 1, a);
        else m.np = vb_qnp_left(q, j - 1, a);
        coordinated(g, &m.np, a);
        bare_role(g, &m.np, a);
        if (m.np.type == NP_NOMINAL && !(T[m.np.head].cls & QW_NOUN) && m.np.na == m.np.nb &&
            !(m.np.a < m.np.head && (T[m.np.a].cls & QW_DET)))
          m.np.type = NP_NONE; /* no head a source can be */
      }
      /* "…, said X", "…, a déclaré X": the cue (and its auxiliary) opens the frame */
      int after_break = j == a || T[j - 1].kind == TK_CLOSE || punct(&T[j - 1], ',') ||
                        punct(&T[j - 1], '-') || punct(&T[j - 1], ':');
      /* "Cruz, a lawyer who has successfully argued cases …": past an
       * adverb the lists do not hold, a relative's verb reports nothing */
      if (manner && m.np.type == NP_PRON && (T[m.np.head].cls & QA_R)) continue;
      if (m.np.type == NP_PRON && (T[m.np.head].cls & QA_R) && m.np.a > a + 1 &&
          punct(&T[m.np.a - 1], ',')) /* "Smith, who said …" */
        m.np = vb_qnp_left(q, m.np.a - 2, a);
      if (!m.np.type && (flags & QC_INV) && after_break) {
        m.np = vb_qnp_right(q, cb, b);
        named_apposition(g, &m.np, b);
        /* "…, said Smith." / "…, said Smith, a …": the source ends its
         * clause; "…, said Trump’s nomination will …" is no source */
        if (m.np.type && m.np.b < b &&
            !(T[m.np.b].kind == TK_PUNCT || T[m.np.b].kind == TK_CLOSE ||
              T[m.np.b].kind == TK_OPEN || (T[m.np.b].cls & (QW_TIME | QW_PREP)) ||
              subordinate(g, m.np.b)))
          m.np.type = NP_NONE;
      }
      /* the subject of the clause the cue continues: "…, saying …",
       * "… by saying …", "X admitted …, but said …" */
      int after_comma =
          k > a && (punct(&T[k - 1], ',') || punct(&T[k - 1], '-') || /* also “…,” saying, "… – saying" */
                    (T[k - 1].kind == TK_CLOSE && k - 1 > a && punct(&T[k - 2], ',')));
      int shared =
          k > a &&
          (((flags & QC_PART) &&
            (after_comma || (lower(&T[k - 1]) && (T[k - 1].cls & QW_PREP)) ||
             (!g->matches.n && after_document(g, a, k)))) ||
           (j > a && lower(&T[j - 1]) &&
            (word_is(g, &T[j - 1], "and") || word_is(g, &T[j - 1], "but"))));
      if (!m.np.type && shared) {
        if (g->matches.n) {
          const qmatch *prev = &g->matches.v[g->matches.n - 1];
          m.np = prev->np;
          /* a participle's subject is the sentence's: not "his withdrawal"
           * of "X revised his withdrawal plans in May, saying …", nor the
           * source of a frame in a phrase before the subject ("In a
           * debate, while Y called for …, X noted …, saying") */
          if ((flags & QC_PART) && !mid_frame(g, prev, a)) {
            qnp subj = sentence_subject(g, a, k);
            if (subject_of_verb(g, &subj, k) &&
                (prev->np.type != NP_NAME || prev->fb <= subj.a))
              m.np = subj;
          }
        } else {
          m.np = sentence_subject(g, a, k);
        }
        if (m.np.type && m.np.b > k) m.np.type = NP_NONE;
        if (m.np.type && !g->matches.n && !shares_subject(g, &m.np, k, flags)) m.np.type = NP_NONE;
        /* the subject put the document out: not "The statement saying …
         * was read", "According to a report saying …" */
        uint32_t doc = (flags & QC_PART) && !after_comma ? after_document(g, a, k) : 0;
        if (doc) {
          uint32_t d = doc; /* "a statement", "a fundraising email": its determiner */
          while (d > a && doc - d < 3 && lower(&T[d - 1]) && !(T[d - 1].cls & QW_DET)) d--;
          m.np.type = NP_NONE;
          /* a verb, the subject right before it: "Jane Roe issued", "the
           * campaign has released" */
          if (d > a + 2 && (T[d - 1].cls & QW_DET) && lower(&T[d - 2]) &&
              !(T[d - 2].cls & (QW_PREP | QW_DET | QW_CONJ | QW_PRON))) {
            uint32_t v = d - 2;
            while (v > a && lower(&T[v - 1]) && (T[v - 1].cls & (QW_AUX | QW_ADV)) &&
                   !(T[v - 1].cls & QW_PRON))
              v--;
            if (v > a) m.np = vb_qnp_left(q, v - 1, a);
          }
        }
        inherited = j > a && lower(&T[j - 1]) && (T[j - 1].cls & QW_CONJ) ? j - 1 : j;
      }
    }
    if (!m.np.type) continue;
    if (turn_mode && m.np.type != NP_NAME) continue;
    /* "I recall that …", "we believe that …", "my country feels strongly
     * about: …", `we declared that “…”`: in a turn the speaker's own frame
     * is the speaker's own sentence, whole, not a report of someone else's
     * words; it still ends the clause and claims the quotation of the
     * frame before it, so that neither goes on in that frame's voice; so
     * is the speaker's own name, a delegation's country ("Trinidad and
     * Tobago believes that …", "the Principality supports …") */
    if (in_turn && vocative(g, &m.np, a)) continue;
    m.own = in_turn && (own_voice(g, &m.np) || vb_qnp_own_name(q, &m.np));
    /* "The Holy Koran says: “…”", "Article 2 states that …": a text quoted
     * is no source, and the words stay those of whoever quotes it (the
     * speech's delegation, the turn's speaker) */
    if (m.np.type == NP_NAME && m.np.nb > m.np.na &&
        vb_wl_has(VB_WL_QUOTED_TEXTS, q->s + T[m.np.nb - 1].s, T[m.np.nb - 1].e - T[m.np.nb - 1].s))
      continue;
    /* "Sanders accused Clinton of …", "Cruz endorsed Trump": a verb of
     * stance says the named subject's view, a quotation or not (in prose:
     * in a speech, "South Africa rejects …" is no one's report) */
    int stance_word = (flags & QC_QUOTED) && vb_qcue_stance(q->s + t->s, t->e - t->s);
    /* in a speech "the Soviet Union proposed the inclusion of the item
     * “…”", "India condemns …" is the delegation's own account, whoever
     * the subject is: no report of another's words */
    if (stance_word && in_turn) continue;
    m.stance = stance_word && m.np.type == NP_NAME && m.np.b <= k && !(aux > a && relative(g, &T[aux - 1])) &&
               !particle_after(g, cb, b);
    m.fa = m.np.a < aux ? m.np.a : aux;
    m.fb = m.np.b > cb ? m.np.b : cb;
    if (m.np.a > cb) m.fb = m.np.b;
    if (inherited != UINT32_MAX) m.fa = inherited; /* the subject stays where it was */
    qmatch *slot = VB_VEC_PUSH(q->doc->arena, g->matches);
    if (!slot) return oom(g, t->s);
    *slot = m;
    k = cb - 1;
  }
  return 0;
}

/* ---- content ------------------------------------------------------------- */

typedef struct span {
  uint32_t a, b;     /* tokens */
  int32_t att, region;
} span;

/* The quotation a token range is exactly (give or take a comma), or -1. */
static int32_t region_before(const stage *g, uint32_t fa, uint32_t lo) {
  const qtok *T = g->q.t;
  uint32_t i = fa;
  /* "“… Really?” Bush said.": the sentence before ended with the mark (a
   * quotation no cue has claimed) */
  if (fa == lo && fa > 0 && T[fa - 1].kind == TK_CLOSE && T[fa - 1].region >= 0 &&
      !g->regions.v[T[fa - 1].region].claimed)
    return T[fa - 1].region;
  if (i > lo && (punct(&T[i - 1], ',') || punct(&T[i - 1], '-'))) i--;
  if (i > lo && T[i - 1].kind == TK_CLOSE) return T[i - 1].region;
  return -1;
}

static int32_t region_after(const stage *g, uint32_t fb, uint32_t hi) {
  const qtok *T = g->q.t;
  uint32_t i = fb;
  /* "“…,” X tweeted last January, “…”", "X said on Tuesday, “…”": over a
   * phrase of time of three words at most, set off by its comma */
  uint32_t x = fb;
  while (x < hi && x - fb < 3 && is_word(&T[x]) && !(T[x].flags & TF_INQ) &&
         ((lower(&T[x]) && (T[x].cls & QW_TIME)) ||
          (x > fb && name_start(&T[x]) && (T[x - 1].cls & QW_TIME)) ||
          (x + 1 < hi && (word_is(g, &T[x], "on") || word_is(g, &T[x], "in")) && name_start(&T[x + 1]) &&
           ((T[x + 1].cls & QW_TIME) || x + 2 < hi))))
    x++;
  if (x > fb && x + 1 < hi && (punct(&T[x], ',') || punct(&T[x], ':')) && T[x + 1].kind == TK_OPEN) i = x;
  while (i < hi && (punct(&T[i], ',') || punct(&T[i], ':') || punct(&T[i], '-'))) i++;
  if (i < hi && T[i].kind == TK_OPEN) return T[i].region;
  return -1;
}

/* Is token x inside a pair of dashes opened after a ("If Russia is … — as
 * many researchers believe, but Moscow strongly denies — “why …?” asked
 * Dunn")? An odd count of dashes before it in its sentence, outside
 * quotations, a run of them ("--") one. */
static int in_dashes(const stage *g, uint32_t a, uint32_t x) {
  const qtok *T = g->q.t;
  int open = 0;
  for (uint32_t i = a; i < x; i++)
    if (punct(&T[i], '-') && !(T[i].flags & TF_INQ) && !(i > a && punct(&T[i - 1], '-'))) open = !open;
  return open;
}

static void claim(stage *g, int32_t region, int32_t att) {
  qregion *r = &g->regions.v[region];
  r->claimed = CLAIM_WHOLE;
  if (g->chains.v[r->chain].att < 0) g->chains.v[r->chain].att = att;
}

/* Does the content [cs, ce) go on past the quotation it opens with
 * ("X said: “…” and left" does not; "X said “…” was a lie" does)? */
static int after_ok_mixed(const stage *g, uint32_t cs, uint32_t ce) {
  const qtok *T = g->q.t;
  const qregion *r = &g->regions.v[T[cs].region];
  for (uint32_t x = cs; x < ce; x++)
    if (T[x].s >= r->e && T[x].kind == TK_WORD) return 1;
  return 0;
}

/* "which", "where", "whose": a clause about the word before it. */
static int relative(const stage *g, const qtok *t) {
  static const char *const words[] = {"who", "whom", "whose", "which", "where", "that"};
  return word_among(g, t, words, sizeof words / sizeof *words);
}

/* After an inverted frame set off by commas ("…, said X, a professor at
 * Y." / "…, said X, who studies courts."), a phrase opening with an
 * article or a relative pronoun describes X; it is no part of what X
 * said. Returns where the words X said go on after it ("…, said X, an
 * expert at Y, would read this as …", "And Trump, said X, who knows him,
 * doesn't forgive": a verb or a quotation after its closing comma),
 * `ce` when they do not, and `cs` itself when no such phrase opens there. */
static uint32_t past_apposition(const stage *g, uint32_t cs, uint32_t ce) {
  const qtok *T = g->q.t;
  if (cs >= ce || !lower(&T[cs]) || (T[cs].flags & TF_INQ)) return cs;
  int det = (T[cs].cls & QW_DET) && !(T[cs].cls & QW_PRON);
  /* "…, said X, director of Y and an analyst": a role without an article */
  int role = (T[cs].cls & QW_TITLE) && cs + 1 < ce &&
             (word_is(g, &T[cs + 1], "of") || word_is(g, &T[cs + 1], "at") || word_is(g, &T[cs + 1], "for"));
  if (!det && !role && !(relative(g, &T[cs]) && !word_is(g, &T[cs], "that"))) return cs;
  uint32_t x = cs;
  while (x < ce && x - cs < 16 && !punct(&T[x], ',') && !(T[x].flags & TF_INQ) && T[x].kind != TK_OPEN) x++;
  if (x + 1 < ce && punct(&T[x], ',') &&
      (T[x + 1].kind == TK_OPEN ||
       (lower(&T[x + 1]) && (T[x + 1].cls & QW_AUX) && !(T[x + 1].cls & (QW_DET | QW_PRON)))))
    return x + 1;
  return ce;
}

/* Is [bs, be) a phrase of time or place opening the sentence before a
 * frame that goes on ("During the town hall, Hannity asked Trump if …",
 * "Earlier in 2012, the ambassador wrote to …"), not what the frame
 * reports ("…, X said.")? */
static int opening_adverbial(const stage *g, uint32_t bs, uint32_t be, uint32_t fb, uint32_t b) {
  const qtok *T = g->q.t;
  if (bs >= be || count_words(g, fb, b) <= 3 || !is_word(&T[bs]) || !(T[bs].flags & TF_SSTART) ||
      (T[bs].flags & TF_INQ))
    return 0;
  size_t n = T[bs].e - T[bs].s;
  const char *w = g->q.s + T[bs].s;
  int ly = n > 4 && w[n - 2] == 'l' && w[n - 1] == 'y';
  int ing = n > 5 && memcmp(w + n - 3, "ing", 3) == 0;
  if (!((T[bs].cls & (QW_PREP | QW_TIME | QW_ADV)) || ly || ing) || (T[bs].cls & (QW_DET | QW_PRON)))
    return 0;
  /* a phrase alone: no clause of its own ("In Ohio, Kasich has surged, …") */
  for (uint32_t i = bs; i < be; i++)
    if (punct(&T[i], ',') || punct(&T[i], ';') || (is_word(&T[i]) && (T[i].cls & (QW_AUX | QW_CUE))))
      return 0;
  return 1;
}

/* "X said as she opened the meeting, “…”", "X said Thursday during a visit
 * to Lagos, Nigeria, that …": a clause or phrase about the moment between
 * the cue at i and the content, set off by a comma before a quotation or
 * "that". Returns where the content opens (the mark, or the word after
 * "that"), or 0 when the words after the cue are no such phrase. */
static uint32_t content_after_adjunct(const stage *g, uint32_t i, uint32_t hi) {
  const qtok *T = g->q.t;
  while (i < hi && is_word(&T[i]) && (T[i].cls & QW_TIME) && !(T[i].flags & TF_INQ)) i++;
  if (i >= hi || !(subordinate(g, i) || (lower(&T[i]) && (T[i].cls & QW_PREP) && !(T[i].flags & TF_INQ))))
    return 0;
  for (uint32_t x = i + 1; x + 1 < hi && x < i + COMPLEMENT_REACH; x++) {
    if (T[x].kind == TK_OPEN || T[x].kind == TK_CLOSE || (T[x].flags & TF_INQ)) return 0;
    if (is_word(&T[x]) && (T[x].cls & QW_CUE) && lower(&T[x])) return 0; /* a frame of its own */
    if (T[x].kind != TK_PUNCT) continue;
    if (!punct(&T[x], ',')) return 0; /* the sentence, or a colon's own content, ends */
    if (T[x + 1].kind == TK_OPEN) return x + 1;
    if (complementizer(g, x + 1, hi) && x + 2 < hi) return x + 2;
  }
  return 0;
}

/* The "that" after a short quotation opening at x, a programme's or a
 * paper's name in title case ("said on NBC's “Meet the Press” that",
 * "told “State of the Union” on Sunday that"; not "hoped with his “whole
 * heart” that"), past commas and words of time or place; 0 when none
 * follows. */
static int title_case(const stage *g, const qregion *q);

static uint32_t that_after_title(const stage *g, uint32_t x, uint32_t hi) {
  const qtok *T = g->q.t;
  int32_t r = T[x].region;
  if (T[x].kind != TK_OPEN || r < 0 || g->regions.v[r].words > TITLE_WORDS || !title_case(g, &g->regions.v[r]))
    return 0;
  uint32_t z = x + 1;
  while (z < hi && !(T[z].kind == TK_CLOSE && T[z].region == r)) z++;
  uint32_t c = z + 1;
  while (c < hi && c < z + 4 &&
         (punct(&T[c], ',') || (is_word(&T[c]) && (T[c].cls & (QW_TIME | QW_PREP)) && !word_is(g, &T[c], "that"))))
    c++;
  return z < hi && c < hi && complementizer(g, c, hi) ? c : 0;
}

/* "said to me that …", "explained to reporters: …": "to" at i and a few
 * words, then "that" or a colon, name whom the words were said to; it is
 * no infinitive ("vowed to build …"). */
static int addressee_then_content(const stage *g, uint32_t i, uint32_t hi) {
  static const char *const objects[] = {"me", "us", "him", "them"};
  const qtok *T = g->q.t;
  if (i + 1 >= hi || !is_word(&T[i + 1])) return 0;
  /* the addressee opens as a noun phrase: "to the station", "to CNN", "to
   * reporters", "to me" — not a verb ("urged Obama to veto the bill that …") */
  int np = (T[i + 1].cls & (QW_DET | QW_NOUN)) || !lower(&T[i + 1]);
  for (size_t k = 0; !np && k < sizeof objects / sizeof *objects; k++) np = word_is(g, &T[i + 1], objects[k]);
  if (!np) return 0;
  for (uint32_t x = i + 1; x < hi && x <= i + ADDRESSEE_WORDS + 1; x++) {
    if (punct(&T[x], ':')) return x > i + 1;
    if (!is_word(&T[x]) || (T[x].flags & TF_INQ)) return 0;
    if (complementizer(g, x, hi)) return x > i + 1;
    if (lower(&T[x]) && (T[x].cls & (QW_CUE | QW_AUX)) && !(T[x].cls & QW_DET)) return 0;
  }
  return 0;
}

/* Does a quotation open in tokens [a, e)? */
static int quoted_before(const stage *g, uint32_t a, uint32_t e) {
  for (uint32_t x = a; x < e; x++)
    if (g->q.t[x].kind == TK_OPEN || (g->q.t[x].flags & TF_INQ)) return 1;
  return 0;
}

/* The index of the sentence's last match when it is a frame of saying
 * with a named source set after a comma at the sentence's end ("…, BFM TV
 * reported.", "…, according to the Labor Department."), else the number
 * of matches. */
static uint32_t trailing_report(const stage *g, uint32_t a, uint32_t b) {
  const qtok *T = g->q.t;
  uint32_t nm = (uint32_t)g->matches.n;
  if (nm < 2) return nm;
  const qmatch *t = &g->matches.v[nm - 1];
  if (!(t->flags & (QC_SAY | QC_ACC)) || (t->flags & QC_PART) || t->np.type != NP_NAME || t->fa <= a + 2 ||
      !punct(&T[t->fa - 1], ',') || !is_word(&T[t->fa - 2]) || (t->np.a != t->fa && t->ca != t->fa))
    return nm;
  /* every other frame lies inside the clause it reports, and none is an
   * "according to" of its own */
  for (uint32_t k = 0; k + 1 < nm; k++)
    if (g->matches.v[k].fb >= t->fa || (g->matches.v[k].flags & QC_ACC)) return nm;
  /* nothing after the frame but its time ("reported in 1991", "said Tuesday") */
  uint32_t words = 0;
  for (uint32_t x = t->fb; x < b; x++) {
    if (T[x].kind == TK_PUNCT && !punct(&T[x], ',') && !punct(&T[x], ':')) continue;
    if (!is_word(&T[x]) || (T[x].flags & TF_INQ) || ++words > 3) return nm;
    if (!((T[x].cls & (QW_TIME | QW_PREP)) || vb_is_ascii_digit((unsigned char)g->q.s[T[x].s]))) return nm;
  }
  return nm - 1;
}

/* Contents of the sentence's matches, as token spans (att) and claimed
 * quotations. Returns the number of spans written to out. */
static uint32_t contents(stage *g, uint32_t a, uint32_t b, span *out, uint32_t cap,
                         int turn_mode, int *rc) {
  qctx *q = &g->q;
  const qtok *T = q->t;
  uint32_t n = 0, done = a; /* text before `done` is taken */
  uint32_t tail = trailing_report(g, a, b);
  for (uint32_t mi = 0; mi < g->matches.n && n + 2 <= cap; mi++) {
    qmatch *m = &g->matches.v[mi];
    if (m->fa < done) {
      /* "Irena Volk, citing data from the board, said that …": a frame
       * whose subject the participle before it shared reports after its
       * cue; any other inside an earlier content is nested, the outer one
       * counts */
      const qmatch *p = mi ? &g->matches.v[mi - 1] : NULL;
      if (!p || !(p->flags & QC_PART) || !p->np.type || !m->np.type || p->np.a != m->np.a || m->ca < done)
        continue;
      m->fa = m->ca;
    }
    /* "Local authorities were …, urging people to stay home, BFM TV
     * reported.", "X sought to restore the deal …, Politico reported.": a
     * named source reporting the clause takes it from a frame inside it
     * that names no one or says nothing (not "Trump said …, the Times
     * reported": speech reported again stays its speaker's) */
    if (tail < g->matches.n && mi < tail &&
        !((m->flags & QC_SAY) && (m->np.type == NP_NAME || m->np.type == NP_PRON ||
                                  (m->np.type == NP_NOMINAL && quoted_before(g, a, g->matches.v[tail].fa)))))
      continue;
    /* the next cue ends this content when it opens a clause of its own
     * (", adding …", "; Jones said …"); one inside it is nested */
    uint32_t next = b;
    if (mi + 1 < g->matches.n) {
      uint32_t f = g->matches.v[mi + 1].fa;
      int sibling = f > m->fb &&
                    (T[f - 1].kind != TK_WORD ||
                     ((word_is(g, &T[f - 1], "and") || word_is(g, &T[f - 1], "but")) &&
                      T[f - 2].kind != TK_WORD));
      /* "…, he said according to a transcript reviewed by X.": an
       * "according to" right after the cue (or its time) names where the
       * words were read; it is no clause the cue reports */
      if (!sibling && f >= m->fb && (g->matches.v[mi + 1].flags & QC_ACC) && skip_adverbials(g, m->fb, f) == f)
        sibling = 1;
      if (sibling) next = f;
    }
    /* "As Politico reported, the party agreed …": a frame opened by "as"
     * and set off by a comma says the clause after it (not a speech it
     * reports again: "As the Post reported, Trump said …" stays Trump's) */
    int as_frame = m->np.type == NP_NAME && m->np.a < m->ca && m->fa > a && (m->flags & QC_SAY) &&
                   word_is(g, &T[m->fa - 1], "as") && !(T[m->fa - 1].flags & TF_INQ) &&
                   (m->fa - 1 == a || T[m->fa - 2].kind != TK_WORD) && m->fb + 1 < b &&
                   punct(&T[m->fb], ',') && is_word(&T[m->fb + 1]) &&
                   !(lower(&T[m->fb + 1]) && (T[m->fb + 1].cls & QW_CONJ)); /* not "…, and as Y said, …" */
    if (as_frame && next < b) {
      const qmatch *n2 = &g->matches.v[mi + 1];
      if ((n2->flags & QC_SAY) && (n2->np.type == NP_NAME || n2->np.type == NP_PRON)) as_frame = 0;
      else next = b;
    }
    /* content after the cue */
    uint32_t i = m->fb;
    int obj_then_phrase = 0, obj_quote = 0;
    /* "told me he …", "told them that …": an object pronoun is the
     * addressee when a clause follows it (not "asking him a question") */
    if ((m->flags & QC_OBJ) && i + 1 < b && lower(&T[i]) && !(T[i].flags & TF_INQ) &&
        lower(&T[i + 1]) && !(T[i + 1].flags & TF_INQ) &&
        (word_is(g, &T[i], "me") || word_is(g, &T[i], "us") || word_is(g, &T[i], "him") ||
         word_is(g, &T[i], "them")) &&
        (word_is(g, &T[i + 1], "that") || word_is(g, &T[i + 1], "to") ||
         ((contracted_class(g, &T[i + 1]) & QW_PRON) && !(contracted_class(g, &T[i + 1]) & QA_R))))
      i++;
    if ((m->flags & QC_OBJ) && i < b && is_word(&T[i]) && !complementizer(g, i, b) &&
        !((T[i].cls & QW_PRON) && !(T[i].cls & QA_1))) {
      qnp obj = vb_qnp_right(q, i, b);
      /* "told reporters he'd support Lea Novak": the addressee ends
       * before a subject pronoun, contracted or not */
      for (uint32_t x = i + 1; obj.type && x < obj.b; x++)
        if (lower(&T[x]) && (contracted_class(g, &T[x]) & QW_PRON) &&
            !(contracted_class(g, &T[x]) & (QA_R | QW_DET))) {
          obj.b = x;
          break;
        }
      if (obj.type == NP_NAME || obj.type == NP_NOMINAL) i = obj.b;
      else if (obj.type == NP_PRON) i = obj.b;
      /* "asked the candidate about …": an addressee, then no clause */
      obj_then_phrase = obj.type && (i >= b || T[i].kind != TK_WORD || (T[i].cls & (QW_PREP | QW_TIME)));
    }
    /* "told “Fox and Friends,” reminding …": a short quotation right after
     * "told" and set off by a comma is the programme addressed */
    if ((m->flags & QC_OBJ) && i < b && T[i].kind == TK_OPEN && T[i].region >= 0 &&
        (g->regions.v[T[i].region].words < MIN_QUOTE_WORDS || that_after_title(g, i, b))) {
      uint32_t x = i + 1;
      while (x < b && !(T[x].kind == TK_CLOSE && T[x].region == T[i].region)) x++;
      if (x >= b || x + 1 == b || punct(&T[x + 1], ',') || punct(&T[x + 1], '.') ||
          punct(&T[x - 1], ',') || punct(&T[x - 1], '.')) {
        i = x < b ? x + 1 : b;
        obj_then_phrase = obj_quote = 1;
      } else if (that_after_title(g, i, b)) {
        i = x + 1; /* "told CNN's “State of the Union” on Sunday that …" */
      }
    }
    /* "Kate finds herself reliving …", "he found himself alone": a
     * reflexive right after the cue is its object, and the verb reports
     * nothing (a cue that counts with a quotation keeps it: "described
     * himself as “a consistent conservative”") */
    if (i < b && !(m->flags & QC_QUOTED) && reflexive(g, &T[i])) continue;
    uint32_t cs = b;
    int explicit_start = 0, value = 0;
    /* "X said he …": a subject pronoun right after the cue opens the clause */
    uint32_t icls = i < b ? contracted_class(g, &T[i]) : 0;
    int pron_subject = i < b && is_word(&T[i]) && (icls & QW_PRON) && lower(&T[i]) &&
                       !(icls & (QA_R | QA_N)) && !word_is(g, &T[i], "him");
    /* "vowed to build …", "urged Congress to act": the infinitive; after a
     * quotation closing right before the frame, "to" opens a phrase about
     * the moment ("“…,” X said to cheers at a rally") */
    int infinitive = i + 1 < b && word_is(g, &T[i], "to") && lower(&T[i + 1]) &&
                     !(T[i + 1].cls & (QW_DET | QW_PRON | QW_TIME)) && !name_start(&T[i + 1]) &&
                     !addressee_then_content(g, i, b) &&
                     !((m->flags & QC_SAY) && !(m->flags & QC_INF) && region_before(g, m->fa, done) >= 0);
    /* "X said if he were president, …": a condition opens the clause */
    int conditional = i + 2 < b && lower(&T[i]) && !(T[i].flags & TF_INQ) &&
                      (word_is(g, &T[i], "if") || word_is(g, &T[i], "whether")) &&
                      !word_is(g, &T[i + 1], "not"); /* "shows, if not …, …" */
    /* a phrase about the moment between the cue and what was said; after a
     * quotation before the frame the words after it are the frame's
     * ("“…,” X said as the crowd cheered") */
    uint32_t adjunct = pron_subject || infinitive || conditional || region_before(g, m->fa, done) >= 0
                           ? 0
                           : content_after_adjunct(g, i, next);
    if (adjunct) {
      cs = adjunct;
      explicit_start = 1;
    }
    /* "X said, among other things, that …": a phrase set off by commas
     * right after the cue, then "that" */
    if (!adjunct && !pron_subject && !infinitive && !conditional && i < b && punct(&T[i], ',')) {
      uint32_t x = skip_adverbials(g, i, next);
      if (x > i + 2 && x + 1 < next && punct(&T[x - 1], ',') && complementizer(g, x, next)) {
        adjunct = cs = x + 1;
        explicit_start = 1;
      }
    }
    for (uint32_t x = i; !adjunct && !pron_subject && !infinitive && !conditional && x < b &&
                         x < i + COMPLEMENT_REACH && x < next;
         x++) {
      if (T[x].kind == TK_OPEN) {
        /* "X said: “…”" opens with the quotation; "X said the plan was
         * “dead”" holds it */
        uint32_t y = i;
        while (y < x && (T[y].kind == TK_PUNCT || (T[y].cls & QW_TIME))) y++;
        if (y == x) {
          cs = x;
          explicit_start = 1;
          break;
        }
        /* "said on NBC's “Meet the Press” that …": a programme's short
         * name inside a phrase after the cue, then "that" (after a time:
         * "… on Sunday that") */
        /* only in a phrase opening after the cue ("on NBC's"), not "called
         * for regulation of the “shadow banking” that occurs …" */
        uint32_t c = x > i && x <= i + 4 && is_word(&T[x - 1]) && lower(&T[i]) && (T[i].cls & QW_PREP)
                         ? that_after_title(g, x, b)
                         : 0;
        if (c) {
          cs = c + 1;
          explicit_start = 1;
        }
        break;
      }
      if (punct(&T[x], '.') || punct(&T[x], ';') || punct(&T[x], '-')) break;
      /* "said …, and that …" coordinates; a date's comma does not */
      if (punct(&T[x], ',') && x > i && !(x + 1 < b && vb_is_ascii_digit((unsigned char)g->q.s[T[x + 1].s])) &&
          !(lower(&T[x - 1]) && (T[x - 1].cls & QW_TIME)))
        break;
      if (complementizer(g, x, b) && !(T[x].flags & TF_INQ) && (x == i || !clause_opens(g, i, b))) {
        cs = x + 1;
        explicit_start = 1;
        break;
      }
      if (punct(&T[x], ':')) {
        /* "add an 'If-Match: “1”' header": a value, not words said */
        if (x + 1 < b && T[x + 1].kind == TK_OPEN && !quote_has_letters(g, x + 1)) value = 1;
        cs = x + 1;
        explicit_start = 1;
        break;
      }
      if (is_word(&T[x]) && (T[x].cls & (QW_CUE | QW_AUX)) && !(T[x].cls & QW_DET) && lower(&T[x]) &&
          x > i && !noun_after_possessive(g, x, i))
        break; /* a verb: what follows the cue is already a clause */
    }
    /* "X said that was a mistake", "said this is …", "said that’s …": a
     * demonstrative before a verb is the clause's subject, not "that" of a
     * complement nor "this" of a time */
    if (!pron_subject && i + 1 < b && (word_is(g, &T[i], "that") || word_is(g, &T[i], "this")) &&
        !(T[i].flags & TF_INQ) &&
        ((T[i].flags & TF_POSS) || (lower(&T[i + 1]) && (T[i + 1].cls & QW_AUX) &&
                                    !(T[i + 1].cls & (QW_CUE | QW_DET | QW_PRON)))))
      pron_subject = 1;
    if (pron_subject || infinitive || conditional) {
      cs = i;
      explicit_start = 1;
    }
    if (value) continue;
    if ((m->flags & (QC_INF | QC_SAY | QC_THINK | QC_QUOTED)) == QC_INF && !infinitive) continue;
    /* "vowed to …", "urged Congress to act": an infinitive is what an
     * intention or a request says; after "continued", "went on" or
     * "said" ("is said to be") it is no one's words, unless it is a verb
     * of saying itself ("went on to say …") */
    if (infinitive && !(m->flags & (QC_INF | QC_OBJ)) && !(T[i + 1].cls & QW_CUE)) continue;
    if (as_frame) {
      cs = m->fb + 1;
      explicit_start = 1;
    }
    /* in a speech, a country, a body or a nominal as a cue's subject
     * reports words only when "that", a colon or a quotation opens them
     * right after the cue: "South Africa shows no sign that …", "continues
     * its occupation", "the South Africans decided to …" are the
     * delegation's account of what others do, not their words */
    if (g->in_turn && !turn_mode && !(m->flags & QC_ACC) && !person_source(g, &m->np) &&
        region_before(g, m->fa, done) < 0) {
      int opened = explicit_start && !infinitive && !conditional &&
                   (adjunct || cs == i ||
                    (cs > i && cs <= i + 2 && cs < b &&
                     (T[cs].kind == TK_OPEN || complementizer(g, cs - 1, b) || punct(&T[cs - 1], ':'))));
      if (!opened) continue;
    }
    if (!explicit_start) cs = skip_adverbials(g, i, b);
    uint32_t ce = next;
    /* "…, and Jones said …": the content stops before the next frame */
    while (ce > cs && (punct(&T[ce - 1], ',') || (lower(&T[ce - 1]) && (T[ce - 1].cls & QW_CONJ))))
      ce--;
    if (m->flags & QC_ACC) {
      /* "Then, according to X, …": after an adverb or a conjunction set off */
      int opener = m->fa >= a + 2 && m->fa <= a + 3 && punct(&T[m->fa - 1], ',');
      for (uint32_t x = a; opener && x + 1 < m->fa; x++)
        opener = is_word(&T[x]) && !(T[x].flags & TF_INQ) && (T[x].cls & (QW_ADV | QW_CONJ | QW_TIME));
      if (m->fa <= a + 1 || (m->fa > a && (T[m->fa - 1].cls & QW_CONJ)) || opener) {
        /* "According to a study by X and Y, the …": after the comma */
        cs = m->fb;
        for (uint32_t x = m->fb; x < b && x < m->fb + 25; x++)
          if (punct(&T[x], ',')) {
            cs = x + 1;
            break;
          } else if (T[x].kind != TK_WORD) {
            break;
          }
        while (cs < b && punct(&T[cs], ',')) cs++;
        explicit_start = 1;
        /* the clause after it is what X says, a cue of its own subject
         * included ("According to X, the media would call him a chicken") */
        if (ce == cs && mi + 1 < g->matches.n && g->matches.v[mi + 1].fa == cs) {
          ce = b;
          while (ce > cs && punct(&T[ce - 1], ',')) ce--;
        }
      } else {
        cs = ce = 0;
      }
    }
    /* a frame set off by dashes ends at the closing one when a quotation
     * follows it: another frame's ("— but Moscow strongly denies — “…?”
     * asked Dunn"; not "X -- as the campaign noted -- even promoted …") */
    int dashed = in_dashes(g, a, m->fa);
    for (uint32_t x = m->fb; dashed && x < ce; x++)
      if (punct(&T[x], '-') && !(T[x].flags & TF_INQ)) {
        uint32_t y = x;
        while (y < ce && punct(&T[y], '-')) y++;
        if (y < ce && T[y].kind == TK_OPEN) ce = x;
        break;
      }
    /* "Asked by X if …, Y said …": the question set off before the clause
     * ends at its comma */
    if (m->np.type && m->np.a == m->cb + 1 && word_is(g, &T[m->cb], "by") &&
        (m->fa == a || (m->fa == a + 1 && is_word(&T[a]) && (T[a].cls & QW_CONJ))))
      for (uint32_t x = cs; x < ce; x++)
        if (punct(&T[x], ',') && !(T[x].flags & TF_INQ)) {
          ce = x;
          break;
        }
    uint32_t after_words = cs < ce ? count_words(g, cs, ce) : 0;
    int after_starts_phrase = cs < ce && lower(&T[cs]) && (T[cs].cls & (QW_PREP | QW_TIME | QW_CONJ)) &&
                              !(T[cs].cls & QW_PRON);
    /* "She called for a recount": what a call is for is its content, a
     * word or two as well */
    int call_for = m->cb == m->ca + 2 && cs == m->cb && word_is(g, &T[m->ca + 1], "for") && !after_starts_phrase;
    int after_ok = cs < ce && !obj_quote &&
                   (explicit_start || call_for || m->stance ? after_words >= 1 : after_words >= 3 && !after_starts_phrase);
    if (m->stance && after_starts_phrase && !explicit_start) after_ok = 0;
    /* "… by announcing “Super Mario Run,” the company's first game": a
     * short title in title case, then a phrase set beside it, is a thing's
     * name, not words said (after "that" it may open the clause: "found
     * that “The Sopranos,” a show …, and “The Wire” were …") */
    if (after_ok && !(cs > 0 && word_is(g, &T[cs - 1], "that")) && T[cs].kind == TK_OPEN && T[cs].region >= 0 &&
        g->regions.v[T[cs].region].words <= TITLE_WORDS && title_case(g, &g->regions.v[T[cs].region])) {
      uint32_t z = cs + 1;
      while (z < ce && !(T[z].kind == TK_CLOSE && T[z].region == T[cs].region)) z++;
      uint32_t y = z + 1;
      int comma_after = y < ce && punct(&T[y], ',');
      if (comma_after) y++;
      if (z < ce && (punct(&T[z - 1], ',') || comma_after) && y < ce &&
          lower(&T[y]) && (T[y].cls & QW_DET) && !(T[y].cls & QW_PRON))
        continue;
    }
    /* "X called Trump “unhinged.”", "calling it “disqualifying”": what a
     * cue that counts only with a quotation names is short, the quotation
     * its words */
    if (!after_ok && cs < ce && !obj_quote && (m->flags & QC_QUOTED) && after_words >= 1 &&
        !after_starts_phrase && lower(&T[m->ca]))
      for (uint32_t x = cs; x < ce && !after_ok; x++)
        after_ok = T[x].kind == TK_OPEN && g->regions.v[T[x].region].words >= 1;
    /* content before the frame */
    uint32_t be = m->fa, bs = done;
    while (be > bs && (punct(&T[be - 1], ',') || punct(&T[be - 1], '-'))) be--;
    int comma_before = be < m->fa;
    int32_t rb = region_before(g, m->fa, done);
    int32_t ra = obj_quote ? -1 : region_after(g, m->fb, b);
    /* a frame set off by dashes ends at the closing one: the quotation
     * after it is another frame's ("— but Moscow strongly denies — “…?”
     * asked Dunn") */
    if (ra >= 0 && dashed)
      for (uint32_t x = m->fb; x < b && T[x].s < g->regions.v[ra].s; x++)
        if (punct(&T[x], '-')) {
          ra = -1;
          break;
        }
    /* a quoted number or value ("an 'If-Match: “1”' header") says nothing */
    if (rb >= 0 && !quote_has_letters(g, first_token_at(g, g->regions.v[rb].s))) rb = -1;
    if (ra >= 0 && !quote_has_letters(g, first_token_at(g, g->regions.v[ra].s))) ra = -1;
    uint32_t before_words = be > bs ? count_words(g, bs, be) : 0;
    int32_t att = -1;
    int want_quote = (m->flags & QC_QUOTED) != 0;
    int think = (m->flags & (QC_THINK | QC_SAY | QC_ACC)) == QC_THINK;
    /* "X said: “…”", "X said on Sunday: “…”": the quotation opens the content */
    if (ra < 0 && explicit_start && cs < b && T[cs].kind == TK_OPEN && !after_ok_mixed(g, cs, ce))
      ra = T[cs].region;
    if (turn_mode && rb < 0 && ra < 0) continue;
    /* "X said that …" says its own content, whatever quotation stood
     * before ("On “This Week,” Rubio said that …", "He added that …"); a
     * quotation before the frame is short of words, or the frame opens
     * the sentence, without that: "“…?” Todd asked the candidate." */
    /* but after a source set after its cue ("“…,” said X, a retiree who
     * …") or a comma ("“…!” X declared, a point he …", "“…,” X said,
     * referring to the year that …") the words are about the source or
     * the moment, not what it said */
    int inverted = m->np.type && m->np.a >= m->cb;
    int set_off = m->fb < b && punct(&T[m->fb], ',');
    /* "…, said X, a professor at Y.": the phrase after the source is about
     * X; the words X said go on after it only when a verb follows it */
    if (inverted && set_off && !explicit_start && !(m->flags & QC_ACC) && rb < 0 && ra < 0) {
      uint32_t x = past_apposition(g, cs, ce);
      if (x >= ce) after_ok = 0, after_words = 0;
      else if (x > cs) cs = x, after_words = count_words(g, cs, ce);
    }
    if (rb >= 0 && after_ok && !inverted && !set_off &&
        (explicit_start || (m->fa == a && !obj_then_phrase && g->regions.v[rb].s >= T[a].s)))
      rb = -1;
    /* "To a question on the “privatization of public sector jobs,” Sanders
     * said …", "In an interview with “Fox News Sunday,” Trump said …": a
     * quotation right after a determiner or a preposition, in a phrase
     * opening the sentence with a preposition, is a term or a title in the
     * narration, not what the frame after it says (not "Citing … their
     * “reveries …,” Will urged …": the participle's words are Will's) */
    if (rb >= 0 && after_ok && !inverted && !set_off && g->regions.v[rb].s >= T[a].s && is_word(&T[a]) &&
        (T[a].cls & QW_PREP) && !(T[a].cls & QW_CUE)) {
      uint32_t ro = first_token_at(g, g->regions.v[rb].s), z = ro + 1;
      while (z < m->fa && !(T[z].kind == TK_CLOSE && T[z].region == rb)) z++;
      while (z + 1 < m->fa && T[z + 1].kind == TK_PUNCT) z++;
      /* the frame's own source right after it: not "… of “…” but said …" */
      if (ro > a && z + 1 == m->fa && m->np.type && m->np.a > z && lower(&T[ro - 1]) && (T[ro - 1].cls & (QW_DET | QW_PREP)) &&
          !(T[ro - 1].cls & QW_PRON) && !(T[ro - 1].flags & TF_INQ))
        rb = -1;
    }
    /* "“… who knows?” Trump told a television station in an interview
     * …", "“…?” Smith asked pointedly, …": a quotation of some length
     * closing the sentence before is what the frame opening this one says
     * when an object or an adverb stands between the cue and the words
     * after it (a scare quote before "Clinton said the policy failed" is
     * not, nor the quotation before "Reid said both …") */
    if (rb >= 0 && after_ok && !explicit_start && m->fa == a && g->regions.v[rb].s < T[a].s &&
        (g->regions.v[rb].words < MIN_QUOTE_WORDS || !(cs > m->fb || adverb_ly(g, &T[cs]))))
      rb = -1;
    /* "… the port “was bankrupt,” saying …": a participle's content follows it */
    if (rb >= 0 && after_ok && (m->flags & QC_PART)) rb = -1;
    if (rb >= 0 && !think && !(m->flags & QC_ACC && after_ok)) {
      /* "“…,” X said" — and "“…,” X said, “…”"; "A, “B,” X said" is
       * all X's. "he" here is someone named before the quotation, not in it */
      uint32_t r0 = g->regions.v[rb].s < T[bs < b ? bs : a].s ? g->regions.v[rb].s : T[bs < b ? bs : a].s;
      att = new_att(g, m, source_person(g, m, r0, rc));
      if (att < 0) return *rc ? 0 : (*rc = VB_ENOMEM, 0);
      const qregion *r = &g->regions.v[rb];
      uint32_t ro = first_token_at(g, r->s);
      if (r->s >= T[bs < b ? bs : a].s && ro > bs && count_words(g, bs, ro) >= 1) {
        g->regions.v[rb].claimed = CLAIM_PART;
        g->regions.v[rb].part_att = att;
        out[n++] = (span){bs, be, att, -1};
      } else {
        claim(g, rb, att);
        out[n++] = (span){0, 0, att, rb};
      }
      done = m->fb;
      if (ra >= 0 && g->regions.v[ra].s >= T[m->fb].s) {
        claim(g, ra, att);
        out[n++] = (span){0, 0, att, ra};
        done = b;
      }
    } else if (!turn_mode && !think && !want_quote && comma_before && before_words >= 1 &&
               m->fb < b && punct(&T[m->fb], ',') && !explicit_start && after_words >= 1 &&
               rb < 0 && ra < 0 && !(m->flags & (QC_PART | QC_ACC))) {
      /* "The strike, she warned, could last weeks.": around the frame */
      att = new_att(g, m, source_person(g, m, T[m->ca].s, rc));
      if (att < 0) return *rc ? 0 : (*rc = VB_ENOMEM, 0);
      out[n++] = (span){bs, be, att, -1};
      out[n++] = (span){cs, ce, att, -1};
      done = ce;
    } else if (after_ok && !turn_mode) {
      int quoted = 0;
      for (uint32_t x = cs; x < ce && !quoted; x++) quoted = T[x].kind == TK_OPEN || (T[x].flags & TF_INQ);
      if (want_quote && !quoted && !m->stance) continue;
      /* "X accused Y of lying, a charge …": what a stance takes, unquoted,
       * ends with its clause (stance_end) */
      if (want_quote && !quoted) {
        /* "X defended the fares and said …": the next frame ends it */
        if (mi + 1 < g->matches.n && g->matches.v[mi + 1].fa > cs && g->matches.v[mi + 1].fa < ce)
          ce = g->matches.v[mi + 1].fa;
        ce = stance_end(g, cs, ce);
        while (ce > cs + 1 && lower(&T[ce - 1]) && (T[ce - 1].cls & QW_CONJ)) ce--;
      }
      /* a verb of thinking without "that" reports a clause only as the
       * sentence's first frame, opening its clause, its source named
       * ("Jeb Bush hopes his campaign can …"): inside another's content
       * ("X told Y he believes Z …") the outer frame's words go on */
      if (think && !explicit_start &&
          (mi > 0 || m->np.type == NP_PRON || !frame_opens_clause(g, m, a) || !thought_clause(g, cs, ce)))
        continue;
      att = new_att(g, m, source_person(g, m, T[m->ca].s, rc));
      if (att < 0) return *rc ? 0 : (*rc = VB_ENOMEM, 0);
      if (T[cs].kind == TK_OPEN && (g->regions.v[T[cs].region].e >= T[ce - 1].e)) {
        /* "X said: “…”": the quotation, however far it runs */
        claim(g, T[cs].region, att);
        out[n++] = (span){0, 0, att, T[cs].region};
      } else {
        for (uint32_t x = cs; x < ce; x++)
          if (T[x].kind == TK_OPEN) {
            qregion *r = &g->regions.v[T[x].region];
            r->claimed = CLAIM_PART;
            r->part_att = att;
            if (r->e > T[ce - 1].e) claim(g, T[x].region, att); /* runs on past the sentence */
          }
        out[n++] = (span){cs, ce, att, -1};
      }
      done = ce;
      if (mi + 1 < g->matches.n && g->matches.v[mi + 1].fa < ce) done = ce;
    } else if (ra >= 0 && (cs >= ce || T[cs].kind == TK_OPEN) && !think) {
      /* "X said:" before a quotation */
      att = new_att(g, m, source_person(g, m, T[m->ca].s, rc));
      if (att < 0) return *rc ? 0 : (*rc = VB_ENOMEM, 0);
      claim(g, ra, att);
      out[n++] = (span){0, 0, att, ra};
      done = b;
    } else if (!turn_mode && !think && !want_quote && comma_before &&
               (before_words >= 2 || (before_words == 1 && count_words(g, m->fb, b) == 0)) &&
               !(m->flags & QC_PART) &&
               ((m->flags & QC_ACC) || !opening_adverbial(g, bs, be, m->fb, b))) {
      /* "…, X said." ("he" is not someone the clause names) */
      att = new_att(g, m, source_person(g, m, T[bs].s, rc));
      if (att < 0) return *rc ? 0 : (*rc = VB_ENOMEM, 0);
      for (uint32_t x = bs; x < be; x++)
        if (T[x].kind == TK_OPEN) {
          g->regions.v[T[x].region].claimed = CLAIM_PART;
          g->regions.v[T[x].region].part_att = att;
        }
      out[n++] = (span){bs, be, att, -1};
      done = m->fb;
      /* "At the heart of it, according to X, was a decision …", "Since May,
       * according to X, forces have killed …": the sentence goes on past
       * the frame, and what it goes on to say is X's too */
      uint32_t ns = m->fb + 1, ne = next;
      int appos = 0; /* "according to X, a former envoy, was …": over the apposition */
      /* … or "according to X, Mr. Y's former adviser, …": a possessive
       * opening the phrase set off after the name */
      int owner = 0;
      for (uint32_t x = ns; x < ne && x < ns + 3 && !owner && is_word(&T[x]); x++)
        owner = (T[x].flags & (TF_CAP | TF_POSS)) == (TF_CAP | TF_POSS);
      if (owner) { /* a role ends it: not "Monday's speech represents …" */
        uint32_t x = ns;
        while (x < ne && x - ns < 10 && is_word(&T[x]) && !(T[x].flags & TF_INQ)) x++;
        owner = x < ne && punct(&T[x], ',') && lower(&T[x - 1]) && (T[x - 1].cls & QW_NOUN) &&
                (T[x - 1].cls & QA_R);
      }
      if (ns < ne && ((lower(&T[ns]) && (T[ns].cls & QW_DET) && !(T[ns].cls & QW_PRON)) || owner)) {
        uint32_t x = ns;
        while (x < ne && x - ns < 12 && is_word(&T[x]) && !(T[x].flags & TF_INQ)) x++;
        ns = x < ne && punct(&T[x], ',') ? x + 1 : ne;
        appos = 1;
      }
      while (ne > ns && (punct(&T[ne - 1], ',') || (lower(&T[ne - 1]) && (T[ne - 1].cls & QW_CONJ))))
        ne--;
      /* "For Trump, according to X, Monday's speech represents …": after
       * an opening phrase the clause may open with a name; "63 percent,
       * according to the report - still believe …": set off by dashes */
      int opening = !appos && opening_adverbial(g, bs, be, m->fb, b);
      /* and whatever the sentence goes on to say after "…, according to
       * X, …" is X's account too: "That's bad, according to Rubio, because
       * …", "Only one person was killed, according to the agency, and there
       * were …", "But the next day, according to X, Trump made …" (not a
       * clause about X, "who …", nor one set against it, "but …") */
      int goes_on = ns < ne && is_word(&T[ns]) && !(T[ns].flags & TF_INQ) && !(T[ns].cls & QA_R) &&
                    !word_is(g, &T[ns], "but") && !word_is(g, &T[ns], "yet") && !relative(g, &T[ns]) &&
                    !(!lower(&T[ns]) && (T[ns].cls & (QW_CUE | QW_CUE2)));
      /* a hyphen inside a name ("the A.F.L.-C.I.O.") sets nothing off */
      int dash = punct(&T[m->fb], '-') && T[m->fb].s > 0 && g->q.s[T[m->fb].s - 1] == ' ';
      if ((m->flags & QC_ACC) && ns < ne && (punct(&T[m->fb], ',') || dash) &&
          (goes_on ||
           (is_word(&T[ns]) && (lower(&T[ns]) || (opening && !(T[ns].cls & (QW_CUE | QW_CUE2)))) &&
            !(T[ns].flags & TF_INQ) && !(T[ns].cls & (QA_R | QW_PREP)) &&
            (((T[ns].cls & QW_AUX) && !(T[ns].cls & (QW_DET | QW_PRON))) || opening)))) {
        out[n++] = (span){ns, ne, att, -1};
        done = ne;
      }
    } else if (!turn_mode && cs >= b && m->fb < b && punct(&T[m->fb], ':')) {
      /* "Stated Stone:" ends the paragraph: the next one is what he said */
      att = new_att(g, m, source_person(g, m, T[m->ca].s, rc));
      if (att < 0) return *rc ? 0 : (*rc = VB_ENOMEM, 0);
      g->pending = att;
    }
    if (*rc) return 0;
    m->att = att;
  }
  return n;
}

/* ---- pieces -------------------------------------------------------------- */


static int add_piece(stage *g, uint32_t s, uint32_t e, int32_t att, int32_t chain) {
  const char *b = g->q.s;
  /* trim spaces, a leading comma or dash, a wrapping quotation's marks,
   * and a comma closing the quotation */
  for (;;) {
    size_t w;
    int dir;
    if (s < e && space_at(b, e, s, &w)) s += (uint32_t)w;
    else if (s < e && (b[s] == ',' || b[s] == ';')) s++;
    else if (vb_dash_at(b, e, s))
      s += 3;
    else if (chain >= 0 && s < e && quote_mark(b, e, s, &dir) && dir != QM_CLOSE)
      s += (uint32_t)quote_mark(b, e, s, &dir);
    else break;
  }
  for (;;) {
    size_t cq;
    int dir;
    if (e > s && vb_is_ascii_space((unsigned char)b[e - 1])) e--;
    else if (chain >= 0 && e > s && (cq = vb_close_quote_before(b, e)) && e - cq >= s)
      e -= (uint32_t)cq;
    else if (chain >= 0 && e >= s + 3 && quote_mark(b, e, e - 3, &dir) == 3)
      e -= 3; /* “ closing „ */
    else if (chain >= 0 && e >= s + 2 && b[e - 1] == '\'' && b[e - 2] == '\'')
      e -= 2; /* '' */
    else if (e > s && (b[e - 1] == ',' || (b[e - 1] == ':' && (att >= 0 || chain >= 0))))
      e--;
    else break;
  }
  /* a piece without a word is punctuation left between two others */
  int any = 0;
  for (uint32_t i = s; i < e && !any; i++) any = word_at(b, e, i);
  if (!any) return 0;
  qpiece *p = VB_VEC_PUSH(g->q.doc->arena, g->pieces);
  if (!p) return oom(g, s);
  p->s = s;
  p->e = e;
  p->att = att;
  p->chain = chain;
  p->in_q = p->out_q = 0;
  /* how much of it is quoted, for the kind of what someone said
   * (narration keeps its kind) */
  if (att < 0 && chain < 0) return 0;
  const qtok *T = g->q.t;
  for (uint32_t i = first_token_at(g, s); i < g->q.nt && T[i].s < e; i++) {
    if (T[i].kind != TK_WORD || T[i].e > e) continue;
    if (T[i].flags & TF_INQ) p->in_q += T[i].e - T[i].s;
    else p->out_q += T[i].e - T[i].s;
  }
  return 0;
}

static int span_order(const void *x, const void *y) {
  const span *a = x, *b = y;
  return (a->a > b->a) - (a->a < b->a);
}

/* "“Eye of the Tiger.”", "“Chick Lit: The New Woman's Fiction.”": a
 * quotation whose every word of four letters or more is capitalised is a
 * title, not words someone said. */
static int title_case(const stage *g, const qregion *q) {
  const qtok *T = g->q.t;
  for (uint32_t i = first_token_at(g, q->s); i < g->q.nt && T[i].s < q->e; i++)
    if (T[i].kind == TK_WORD && T[i].e - T[i].s >= 4 && !(T[i].flags & TF_CAP)) return 0;
  return 1;
}

/* Does quotation r, closing its sentence (body up to se) with words
 * before it, go on from one the paragraph attributed before it ("“…,”
 * said X. Now, “…”", "“…,” X said. Unless rivals quit, “…”")? Then it is
 * that voice's too, not a title or a scare quote in narration. */
/* Did a cue attribute a quotation of the paragraph before quotation r? */
static int after_attributed(const stage *g, uint32_t r) {
  for (uint32_t k = r; k-- > 0;) {
    const qregion *p = &g->regions.v[k];
    if (p->claimed == CLAIM_WHOLE && g->chains.v[p->chain].att >= 0) return 1;
  }
  return 0;
}

static int goes_on(const stage *g, uint32_t r, uint32_t se) {
  const qtok *T = g->q.t;
  const qregion *q = &g->regions.v[r];
  for (uint32_t i = first_token_at(g, q->e); i < g->q.nt && T[i].s < se; i++)
    if (T[i].kind == TK_WORD) return 0;
  if (title_case(g, q)) return 0;
  return after_attributed(g, r);
}

/* Cuts the sentence body[sb, se) (tokens [a, b)) into pieces. */
static int cut_sentence(stage *g, uint32_t sb, uint32_t se, uint32_t a, uint32_t b, span *sp,
                        uint32_t nsp) {
  const qtok *T = g->q.t;
  /* quotations as byte spans: claimed ones and the unclaimed that fill the
   * sentence or run beyond it */
  uint32_t bs[64], be[64];
  int32_t batt[64], bchain[64];
  uint32_t nb = 0;
  for (uint32_t k = 0; k < nsp && nb < 64; k++) {
    if (sp[k].region >= 0) {
      const qregion *r = &g->regions.v[sp[k].region];
      bs[nb] = r->s > sb ? r->s : sb;
      be[nb] = r->e < se ? r->e : se;
      batt[nb] = -1;
      bchain[nb] = r->chain;
    } else {
      bs[nb] = T[sp[k].a].s;
      be[nb] = T[sp[k].b - 1].e;
      batt[nb] = sp[k].att;
      bchain[nb] = -1;
    }
    if (be[nb] > bs[nb]) nb++;
  }
  for (uint32_t r = 0; r < g->regions.n && nb < 64; r++) {
    const qregion *q = &g->regions.v[r];
    if (q->e <= sb || q->s >= se || q->claimed == CLAIM_PART) continue;
    if (q->claimed == CLAIM_WHOLE) { /* attributed in a sentence before or after */
      bs[nb] = q->s > sb ? q->s : sb;
      be[nb] = q->e < se ? q->e : se;
      batt[nb] = -1;
      bchain[nb] = q->chain;
      nb++;
      continue;
    }
    uint32_t s = q->s > sb ? q->s : sb, e = q->e < se ? q->e : se;
    int runs = q->s < sb || q->e > se;
    /* the sentence holds nothing else but a closing mark and punctuation */
    uint32_t outside = 0;
    for (uint32_t i = a; i < b; i++)
      if (is_word(&T[i]) && !(T[i].flags & TF_INQ)) outside++;
    /* a short quotation is a scare quote or a term in narration, unless
     * it is its sentence, after one the paragraph attributed ("“…,” said
     * X. “No.”") */
    if (!runs && ((q->words < MIN_QUOTE_WORDS && (outside || !after_attributed(g, r))) ||
                  (outside && !goes_on(g, r, se))))
      continue;
    if (runs && outside && (q->words < MIN_QUOTE_WORDS || title_case(g, q))) continue;
    bs[nb] = s;
    be[nb] = e;
    batt[nb] = -1;
    bchain[nb] = q->chain;
    nb++;
  }
  /* what the turn speaker's own frame claimed stays in the sentence */
  uint32_t kept = 0;
  for (uint32_t k = 0; k < nb; k++) {
    int32_t att = batt[k] >= 0 ? batt[k] : bchain[k] >= 0 ? g->chains.v[bchain[k]].att : -1;
    if (att >= 0 && g->atts.v[att].person == PERSON_OWN) continue;
    bs[kept] = bs[k]; be[kept] = be[k]; batt[kept] = batt[k]; bchain[kept] = bchain[k];
    kept++;
  }
  nb = kept;
  /* in order, then the narration between */
  for (uint32_t i = 1; i < nb; i++)
    for (uint32_t k = i; k > 0 && bs[k - 1] > bs[k]; k--) {
      uint32_t t;
      int32_t u;
      t = bs[k]; bs[k] = bs[k - 1]; bs[k - 1] = t;
      t = be[k]; be[k] = be[k - 1]; be[k - 1] = t;
      u = batt[k]; batt[k] = batt[k - 1]; batt[k - 1] = u;
      u = bchain[k]; bchain[k] = bchain[k - 1]; bchain[k - 1] = u;
    }
  uint32_t at = sb;
  int rc;
  for (uint32_t k = 0; k < nb; k++) {
    if (bs[k] < at) continue; /* overlapping: the earlier one holds it */
    if (bs[k] > at && (rc = add_piece(g, at, bs[k], -1, -1))) return rc;
    if ((rc = add_piece(g, bs[k], be[k], batt[k], bchain[k]))) return rc;
    at = be[k];
  }
  if (at < se) return add_piece(g, at, se, -1, -1);
  return 0;
}

/* ---- paragraphs ---------------------------------------------------------- */

/* A cheap look before the work on a labelled turn, whose names are not
 * read: does it hold a quotation mark or a word that may be a cue? (Prose
 * is tokenized anyway, and its tokens say it: cue_or_mark.) */
static int worth_reading(const char *s, uint32_t b, uint32_t e, int open) {
  if (open) return 1;
  for (uint32_t i = b; i < e; i++) {
    unsigned char c = (unsigned char)s[i];
    int dir;
    if ((c == '"' || c == 0xE2 || c == 0xC2) && quote_mark(s, e, i, &dir)) return 1;
    if (ascii_letter(c) && (i == b || !ascii_letter((unsigned char)s[i - 1]))) {
      uint32_t j = i;
      while (j < e && ascii_letter((unsigned char)s[j])) j++;
      if (vb_qword_cue(s + i, j - i)) return 1;
      i = j;
    } else if (c >= 0x80 && (i == b || (unsigned char)s[i - 1] == ' ')) {
      uint32_t j = i;
      while (j < e && s[j] != ' ' && s[j] != ',' && s[j] != '.') j++;
      if (vb_qword_cue(s + i, j - i)) return 1;
      i = j;
    }
  }
  return 0;
}

/* Is token t a quotation mark, or a word that may be a cue? */
static int cue_or_mark(const qtok *t) {
  if (t->kind == TK_WORD) return (t->cls & (QW_CUE | QW_CUE2)) != 0;
  return t->kind == TK_OPEN || t->kind == TK_CLOSE || (t->kind == TK_PUNCT && t->ch == '"');
}

/* Can tokens [a, b) (body [s, e)) hold an attribution: a cue or a mark of
 * their own, or a quotation running through them? */
static int sentence_live(const stage *g, uint32_t a, uint32_t b, uint32_t s, uint32_t e) {
  for (uint32_t i = a; i < b; i++)
    if (cue_or_mark(&g->q.t[i])) return 1;
  for (uint32_t r = 0; r < g->regions.n; r++)
    if (g->regions.v[r].s < e && g->regions.v[r].e > s) return 1;
  return 0;
}

static int read_unit(stage *g, const unit *u) {
  qctx *q = &g->q;
  vb_doc *d = q->doc;
  int turn_mode = u->speaker >= 0;
  int open = g->open_chain >= 0 || g->pending >= 0;
  g->in_turn = u->in_turn;
  int rc;
  /* a turn is read only for a cue or a mark (the bytes tell, without
   * tokens); prose is tokenized whole anyway, for the names it holds */
  if (turn_mode && !worth_reading(q->s, u->s, u->e, open)) {
    g->open_chain = g->pending = g->last_direct = -1;
    return 0;
  }
  if ((rc = tokenize(g, u->s, u->e))) return rc;
  if (!open && !sentence_live(g, 0, q->nt, u->s, u->e)) {
    /* nothing to attribute: the sentences stay as they are, but the
     * names count for pronouns later */
    g->open_chain = g->pending = g->last_direct = -1;
    for (uint32_t si = u->st0; si < u->st1; si++) {
      const vb_statement *st = &d->statements.v[si];
      uint32_t a = first_token_at(g, st->start), b = first_token_at(g, st->end);
      if (a < b) q->t[a].flags |= TF_SSTART;
      q->sent++;
      if (vb_qnames_scan(q, a, b)) return oom(g, st->start);
    }
    return 0;
  }
  int32_t pending = g->pending;
  g->pending = -1;
  if (pending >= 0 && g->regions.n && q->nt && q->t[0].kind == TK_OPEN)
    claim(g, 0, pending);
  /* a paragraph that opens with a quotation after one whose last quotation
   * someone said: the same voice goes on */
  if (g->last_direct >= 0 && !turn_mode && g->regions.n && q->nt && q->t[0].kind == TK_OPEN &&
      g->chains.v[g->regions.v[0].chain].inherit < 0)
    g->chains.v[g->regions.v[0].chain].inherit = g->last_direct;
  span sp[64];
  for (uint32_t si = u->st0; si < u->st1; si++) {
    const vb_statement *st = &d->statements.v[si];
    uint32_t a = first_token_at(g, st->start), b = first_token_at(g, st->end);
    if (a < b) q->t[a].flags |= TF_SSTART;
    q->sent++;
    /* the first word after an opening mark opens the sentence too */
    if (a < b && q->t[a].kind == TK_OPEN && a + 1 < b) q->t[a + 1].flags |= TF_SSTART;
    if (!turn_mode && (rc = vb_qnames_scan(q, a, b))) return oom(g, st->start);
    if (!sentence_live(g, a, b, st->start, st->end)) {
      /* no cue, no mark, no quotation: the sentence is narration whole */
      g->matches.n = 0;
      if ((rc = add_piece(g, st->start, st->end, -1, -1))) return rc;
      continue;
    }
    if ((rc = find_matches(g, a, b, turn_mode, u->in_turn))) return rc;
    uint32_t n = contents(g, a, b, sp, 64, turn_mode, &rc);
    if (rc) return oom(g, st->start);
    qsort(sp, n, sizeof *sp, span_order);
    if ((rc = cut_sentence(g, st->start, st->end, a, b, sp, n))) return rc;
  }
  /* quotations no cue attributed: the voice of the one before, also when
   * that one was quoted inside reported speech ("Obama “felt …” about it,
   * Axelrod said. “This is core stuff for him.”") */
  int32_t prev = -1;
  for (uint32_t r = 0; r < g->regions.n; r++) {
    qregion *x = &g->regions.v[r];
    qchain *c = &g->chains.v[x->chain];
    if (c->att >= 0) prev = c->att;
    else if (x->claimed == CLAIM_PART && x->part_att >= 0) prev = x->part_att;
    else if (prev >= 0 && c->inherit < 0) c->inherit = prev;
  }
  /* what the next paragraph continues */
  g->last_direct = -1;
  if (g->regions.n && !turn_mode) {
    const qregion *last = &g->regions.v[g->regions.n - 1];
    const qchain *c = &g->chains.v[last->chain];
    g->last_direct = c->att >= 0 ? c->att : c->inherit;
    /* only when the paragraph ended with that quotation, or with the
     * frame that attributes it ("…,” Mr Farage told BBC Radio.") */
    uint32_t tail = 0, framed = 0;
    for (uint32_t i = first_token_at(g, last->e); i < q->nt; i++) {
      tail += is_word(&q->t[i]);
      if (g->last_direct >= 0 && q->t[i].s == g->atts.v[g->last_direct].cue.start) framed = 1;
    }
    /* a frame that runs long ("…,” Ramos said, referring to …") still
     * hands its voice on when its sentence ends the paragraph */
    int frame_last = framed && u->st1 > u->st0 &&
                     g->atts.v[g->last_direct].cue.start >= d->statements.v[u->st1 - 1].start;
    if (tail > (framed ? 14u : 4u) && !frame_last) g->last_direct = -1;
  }
  return 0;
}

/* ---- the stage ----------------------------------------------------------- */

static vb_kind kind_of(const qpiece *p) {
  uint32_t all = p->in_q + p->out_q;
  if (!all || p->in_q * 10 >= all * 9) return VB_KIND_DIRECT;
  if (p->in_q * 10 <= all) return VB_KIND_INDIRECT;
  return VB_KIND_MIXED;
}

static int para_order(const void *x, const void *y) {
  const unit *a = x, *b = y;
  return (a->s > b->s) - (a->s < b->s);
}

/* Prose and turn paragraphs, each with the statements segment made of it. */
static int collect_units(vb_doc *d, unit **out, uint32_t *nout, vb_err *err) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < d->paras.n; i++)
    n += d->paras.v[i].role == VB_ROLE_SUMMARY || d->paras.v[i].role == VB_ROLE_TRANSCRIPT;
  unit *u = n ? vb_arena_calloc(d->arena, n * sizeof *u) : NULL;
  if (n && !u) return vb_err_set(err, VB_ENOMEM, d->path, -1, "out of memory");
  n = 0;
  for (uint32_t i = 0; i < d->paras.n; i++) {
    const vb_para *p = &d->paras.v[i];
    if (p->role != VB_ROLE_SUMMARY && p->role != VB_ROLE_TRANSCRIPT) continue;
    u[n].s = p->text_start;
    u[n].e = p->end;
    u[n].st0 = u[n].st1 = 0;
    u[n].speaker = -2; /* none seen yet */
    u[n].summary = p->role == VB_ROLE_SUMMARY;
    n++;
  }
  if (n) qsort(u, n, sizeof *u, para_order);
  /* statements, in order, to the paragraph holding them */
  for (uint32_t si = 0; si < d->statements.n; si++) {
    const vb_statement *st = &d->statements.v[si];
    if (st->kind != VB_KIND_DIRECT || st->time.start >= 0) continue;
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
      uint32_t mid = lo + (hi - lo) / 2;
      if (u[mid].e <= st->start) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= n || st->start < u[lo].s || st->end > u[lo].e) continue;
    unit *x = &u[lo];
    int32_t who = st->turn >= 0 ? d->turns.v[st->turn].speaker : -1;
    if (x->speaker == -2) {
      x->st0 = si;
      x->speaker = who;
      /* a turn with a label, or one the file's name gives a speaker later
       * (a news article is one unlabelled turn too: its "I" and "we" are
       * the writer's, who is no speaker) */
      x->in_turn = st->turn >= 0 && (who >= 0 || d->name_speaker.ptr);
    }
    if (x->st1 && x->st1 != si) continue; /* statements of one paragraph run together */
    x->st1 = si + 1;
  }
  *out = u;
  *nout = n;
  return VB_OK;
}

/* The document's attribution for att, made when its first statement is. */
static int attribution_of(stage *g, int32_t att, int32_t *out) {
  qatt *A = &g->atts.v[att];
  if (A->index < 0) {
    vb_doc *d = g->q.doc;
    vb_attribution *a = VB_VEC_PUSH(d->arena, d->attributions);
    if (!a) return VB_ENOMEM;
    a->source = A->source;
    a->cue = A->cue;
    A->index = (int32_t)(d->attributions.n - 1);
  }
  *out = A->index;
  return 0;
}

/* The statements again: each read paragraph's pieces in place of its
 * sentences, the others as they were; speakers made now that every name
 * in the document is known. */
static int rebuild(stage *g, const unit *units, uint32_t nu, const uint32_t *piece0,
                   uint32_t replaced) {
  vb_doc *doc = g->q.doc;
  uint32_t n = doc->statements.n - replaced + g->pieces.n;
  vb_statement *out = vb_arena_alloc(doc->arena, (size_t)n * sizeof *out);
  if (!out) return oom(g, 0);
  uint32_t w = 0, next_unit = 0;
  int rc = 0;
  for (uint32_t si = 0; si < doc->statements.n && !rc; si++) {
    while (next_unit < nu && (units[next_unit].speaker == -2 || units[next_unit].st1 <= si ||
                              piece0[next_unit] == piece0[next_unit + 1]))
      next_unit++;
    const unit *u = next_unit < nu ? &units[next_unit] : NULL;
    if (!u || si != u->st0) {
      out[w++] = doc->statements.v[si];
      continue;
    }
    uint32_t from = u->st0;
    for (uint32_t i = piece0[next_unit]; i < piece0[next_unit + 1] && !rc; i++) {
      const qpiece *p = &g->pieces.v[i];
      int32_t att = p->att;
      if (att < 0 && p->chain >= 0) {
        att = g->chains.v[p->chain].att;
        if (att < 0) att = g->chains.v[p->chain].inherit;
      }
      /* the turn and time of the sentence it came from */
      while (from + 1 < u->st1 && doc->statements.v[from].end <= p->s) from++;
      vb_statement *st = &out[w++];
      *st = doc->statements.v[from];
      st->start = p->s;
      st->end = p->e;
      st->attribution = -1;
      if (att < 0) continue;
      const qatt *A = &g->atts.v[att];
      if (A->person == PERSON_OWN) continue; /* the turn's, as it was */
      st->kind = kind_of(p);
      st->speaker = A->person >= 0 ? vb_qperson_speaker(&g->q, A->person, &rc) : -1;
      if (!rc) rc = attribution_of(g, att, &st->attribution);
      if (rc) rc = oom(g, p->s);
    }
    si = u->st1 - 1;
    next_unit++;
  }
  if (rc) return rc;
  vb_arena_release(doc->arena, doc->statements.v, (size_t)doc->statements.cap * sizeof *out);
  doc->statements.v = out;
  doc->statements.n = doc->statements.cap = w;
  return 0;
}

/* Who a summary sentence reports: nobody (narration), or a source that is
 * the writer ("I", "we": a speech whose label layout missed)? */
static int summary_drops(const vb_doc *doc, const vb_statement *st) {
  if (st->speaker >= 0) return 0;
  if (st->attribution < 0) return 1;
  const vb_span *src = &doc->attributions.v[st->attribution].source;
  const char *s = doc->view.body.ptr + src->start;
  size_t n = src->end - src->start;
  return vb_eq_ci(s, n, "I") || vb_eq_ci(s, n, "we");
}

/* Are statements x and y (x before y) pieces of one sentence? */
static int same_sentence(const vb_doc *doc, const vb_statement *x, const vb_statement *y) {
  if (y->start < x->end || y->start - x->end > 3) return 0;
  for (uint32_t i = x->end; i < y->start; i++) {
    char c = doc->view.body.ptr[i];
    if (c == '.' || c == '!' || c == '?' || c == '\n') return 0;
  }
  return 1;
}

/* A summary is the page's lead, and what layout could not place goes there
 * too (footers, "See also" lists, pull quotes): of it only the sentences
 * that report someone's words are statements, as before this stage (the
 * words it reports and the frame around them: "Tessel said that"). */
static void drop_summary_narration(vb_doc *doc, const unit *u, uint32_t nu) {
  vb_statement *v = doc->statements.v;
  uint32_t n = doc->statements.n, w = 0, k = 0;
  /* attribution >= -1 is kept as it is; -2 marks a summary statement to drop */
  for (uint32_t si = 0; si < n; si++) {
    while (k < nu && u[k].e <= v[si].start) k++;
    int in_summary = k < nu && u[k].summary && v[si].start >= u[k].s && v[si].end <= u[k].e;
    if (in_summary && v[si].turn < 0 && summary_drops(doc, &v[si]) &&
        (v[si].kind == VB_KIND_DIRECT || v[si].kind == VB_KIND_INDIRECT || v[si].kind == VB_KIND_MIXED))
      v[si].attribution = v[si].attribution < 0 ? -2 : -3 - v[si].attribution;
  }
  for (uint32_t si = 0; si < n; si++) {
    if (v[si].attribution > -2) {
      v[w++] = v[si];
      continue;
    }
    /* a frame with no attribution of its own, beside the words it frames */
    int frame = v[si].attribution == -2 &&
                ((si > 0 && v[si - 1].attribution >= 0 && v[si - 1].speaker >= 0 &&
                  same_sentence(doc, &v[si - 1], &v[si])) ||
                 (si + 1 < n && v[si + 1].attribution >= 0 && v[si + 1].speaker >= 0 &&
                  same_sentence(doc, &v[si], &v[si + 1])));
    if (!frame) continue;
    v[w] = v[si];
    v[w++].attribution = -1;
  }
  doc->statements.n = w;
}

/* Learns the names in text[b, e). */
static int names_in(stage *g, uint32_t b, uint32_t e) {
  qctx *q = &g->q;
  int rc = tokenize(g, b, e);
  if (rc) return rc;
  if (q->nt) q->t[0].flags |= TF_SSTART;
  return vb_qnames_scan(q, 0, q->nt) ? oom(g, b) : 0;
}

/* The people the title names ("President Vladimir Putin met with…"),
 * known before the prose that calls them "Mr Putin": a surname then finds
 * the full name. The title is a paragraph of the body (a text file) or
 * the page's headline beside it (HTML). Only names are learnt: the title's
 * words are no mention a pronoun of the prose could take, and its
 * quotation marks open nothing. */
static int names_in_title(stage *g) {
  qctx *q = &g->q;
  const vb_doc *d = q->doc;
  uint32_t chains = g->chains.n, mentions = q->mentions.n;
  int32_t open = g->open_chain;
  int rc = 0, in_body = 0;
  for (uint32_t i = 0; !rc && i < d->paras.n; i++) {
    const vb_para *p = &d->paras.v[i];
    if (p->role != VB_ROLE_TITLE || p->end <= p->text_start) continue;
    in_body = 1;
    rc = names_in(g, p->text_start, p->end);
  }
  vb_str title = d->view.title;
  if (!rc && !in_body && title.ptr && title.len && title.len < UINT32_MAX) {
    q->s = title.ptr; /* names found point into the title, arena memory */
    rc = names_in(g, 0, (uint32_t)title.len);
    q->s = d->view.body.ptr;
  }
  g->chains.n = chains;
  q->mentions.n = mentions;
  g->open_chain = open;
  g->regions.n = 0;
  q->nt = 0;
  return rc;
}

int vb_quote(vb_doc *doc, vb_err *err) {
  if (vb_qwords_load(err)) return err->code;
  stage g;
  memset(&g, 0, sizeof g);
  g.q.doc = doc;
  g.q.err = err;
  g.q.s = doc->view.body.ptr;
  g.open_chain = g.pending = g.last_direct = -1;
  vb_map_init(&g.q.by_name);
  vb_map_init(&g.q.by_surname);
  vb_map_init(&g.q.by_given);
  vb_map_init(&g.q.by_role);
  vb_map_init(&g.q.sp_name);
  vb_map_init(&g.q.sp_alias);
  vb_map_init(&g.q.sp_tail);
  vb_map_init(&g.q.sp_last);
  vb_map_init(&g.q.sp_group);
  unit *units = NULL;
  uint32_t nu = 0;
  int rc = collect_units(doc, &units, &nu, err);
  if (!rc && nu) rc = names_in_title(&g);
  /* each paragraph's pieces: [piece0[k], piece0[k + 1]) of g.pieces */
  uint32_t *piece0 = rc ? NULL : vb_arena_calloc(doc->arena, (nu + 1) * sizeof *piece0);
  if (!rc && !piece0) rc = vb_err_set(err, VB_ENOMEM, doc->path, -1, "out of memory");
  uint32_t replaced = 0; /* statements the pieces replace */
  for (uint32_t k = 0; !rc && k < nu; k++) {
    piece0[k] = g.pieces.n;
    if (units[k].speaker == -2 || units[k].st1 <= units[k].st0) continue;
    rc = read_unit(&g, &units[k]);
    if (g.pieces.n > piece0[k]) replaced += units[k].st1 - units[k].st0;
  }
  if (!rc) piece0[nu] = g.pieces.n;
  if (!rc && g.pieces.n) rc = rebuild(&g, units, nu, piece0, replaced);
  if (!rc) drop_summary_narration(doc, units, nu);
  /* the stage's scratch, as long as the document's statements in a long one */
  vb_arena_release(doc->arena, g.pieces.v, (size_t)g.pieces.cap * sizeof *g.pieces.v);
  vb_arena_release(doc->arena, g.matches.v, (size_t)g.matches.cap * sizeof *g.matches.v);
  vb_arena_release(doc->arena, g.regions.v, (size_t)g.regions.cap * sizeof *g.regions.v);
  vb_arena_release(doc->arena, units, (size_t)nu * sizeof *units);
  if (piece0) vb_arena_release(doc->arena, piece0, (size_t)(nu + 1) * sizeof *piece0);
  free(g.q.t);
  vb_qpeople_free(&g.q);
  return rc;
}
