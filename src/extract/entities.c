/* entities — people, organisations and places in a document. One pass of
 * the lexicon's automaton over each paragraph's words finds the known
 * names and titles; context rules then add the names the lists do not
 * know (a name after a title, an organisation by its form, a full name
 * mid-sentence), and a second pass finds people again by surname. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/map.h"
#include "core/text.h"
#include "core/wordlist.h"
#include "extract.h"
#include "lexicon.h"

/* A person's name found from context has at most this many words. */
#define MAX_CONTEXT_WORDS 4
/* A document of at most this much text keeps its words from the first
 * pass for the second; a longer one makes them again, so its words are
 * never all held at once (their tokens and light forms come to about 1.4
 * bytes a byte of text, more than the text itself). */
#define KEEP_WORDS_BYTES (1u << 20)
/* A document keeps at most this many surface forms per entity. */
#define MAX_ALIASES 32
/* A paragraph is "title case" (a headline) or "all caps" (captions) when
 * this share of its longer words is capitalised or upper case: then case
 * says nothing about names, and only known names are taken. */
#define CASE_MODE_SHARE 0.7

#define CLS_UNKNOWN 0xFF

enum {
  T_CAP = 1,     /* starts with a capital letter */
  T_UPPER = 2,   /* no lowercase letter, at least one capital */
  T_ARTICLE = 4, /* al-, el- */
  T_JOIN = 8,    /* follows the previous word inside one name (space, hyphen) */
  T_INITIAL = 16, /* begins a sentence */
  T_BLOCKED = 32, /* part of a name of no entity ("Sirte Declaration"), or a
                   * generic head alone ("the Assembly"): no rule makes a
                   * name of it */
  T_GIVEN_ASKED = 64, /* whether it is a given name was looked up: ... */
  T_GIVEN = 128       /* ... and it is (given()) */
};

typedef struct tok {
  uint32_t start, end;
  uint32_t light;   /* offset of its light form in the scratch buffer */
  uint8_t llen, flags;
  uint8_t cls;      /* VB_W_* classes of the word */
  uint32_t wid;     /* lexicon word id */
  int32_t taken;    /* the candidate covering it, or -1 */
} tok;

typedef struct cand {
  uint32_t a, b;    /* token range [a, b) */
  uint32_t entity;  /* doc entity index */
  int dead;
  uint32_t ext;     /* bytes the name runs on past its last word (".com") */
  uint32_t pre;     /* bytes it begins before its first word ("4th " of an army) */
} cand;

typedef VB_VEC(cand) cand_vec;

/* An automaton's find as the first pass keeps it for the second: a
 * cand not yet judged (dead 0, ext 0) in 12 bytes, not 20, as there are
 * about two a paragraph (10 MB at 50 MB of text). */
typedef struct afind {
  uint32_t a, b, entity;
} afind;
typedef VB_VEC(afind) afind_vec;

typedef struct ent {
  const char *name, *key, *role;
  vb_etype type;
  int32_t speaker;
  VB_VEC(vb_str) aliases;
  uint32_t seen;     /* a place's mentions in the first pass */
  uint32_t abroad;   /* a country-bound body (bare_bodies): 1 + the place
                      * another country's body of its bare name is first
                      * said to be of, in the first pass; 0 if none */
  uint8_t whole;     /* ... said of its own country in the first pass */
} ent;

typedef struct ctx {
  vb_doc *d;
  const vb_lexicon *lx;
  vb_err *err;
  const char *s;
  VB_VEC(tok) all;   /* the paragraph's words; a short document's, every
                      * paragraph's (see para_words) */
  struct {
    tok *v;
    uint32_t n;
  } toks;            /* the paragraph at hand: a window on `all` */
  int keep_words;    /* a short document: `all` holds every paragraph's words */
  uint8_t *blocked;  /* otherwise, by the document's word number, the words
                      * the first pass blocked (T_BLOCKED), a bit each */
  size_t nblocked;   /* bytes of `blocked` */
  uint32_t words;    /* the words of the paragraphs so far */
  VB_VEC(cand) cands;
  VB_VEC(ent) ents;
  VB_VEC(vb_mention) mentions;
  vb_buf light;      /* light forms of the paragraph's words */
  vb_buf key;        /* scratch */
  vb_map by_key;     /* entity key -> doc entity */
  vb_map people;     /* light form of a person's name or surname -> doc entity */
  vb_map sites_apart; /* light form of a site's name ("Arduino" of
                       * "Arduino.org") that begins another organisation's
                       * name in the document ("Arduino LLC") -> the site:
                       * the word alone is never the site */
  vb_map short_forms; /* light form of a firm's first word that names it
                       * alone ("Packard" of "the Packard Motor Car
                       * Company") -> the firm */
  afind_vec acands, atitles; /* the automaton's finds, per paragraph (pcache) */
  struct pcache *pc;
  uint32_t *ac_tok;  /* automaton position -> token */
  size_t ac_cap;
  int caps_mode;     /* this paragraph is a headline or all capitals */
  int pass;          /* 0 finds the people named in full, 1 keeps mentions */
  vb_map givens;     /* light form of a given name -> the one person the
                      * document names in full with it ("Joe" of "Joe
                      * Biden"), GIVEN_MANY when several */
} ctx;

#define GIVEN_MANY (VB_MAP_NONE - 1)

static int oom(ctx *c, uint32_t at) {
  return vb_err_set(c->err, VB_ENOMEM, c->d->path, at, "out of memory finding entities");
}

static const char *tlight(const ctx *c, const tok *t) { return c->light.ptr + t->light; }

/* Is s[0..n) a given name: one data/given-names.txt holds (with its
 * gender, for the other stages) or one of the many more, US registers'
 * names, of data/first-names.txt ("Tammy", "Kendra")? The first-names
 * list holds both, so this is one lookup. */
static int given_name(const char *s, size_t n) { return vb_wl_has(VB_WL_FIRST_NAMES, s, n); }

/* Whether a word is a given name, looked up once a word: the rules ask
 * it of the same capitalised words again and again. */
static int given(const ctx *c, const tok *t) {
  if (!(t->flags & T_GIVEN_ASKED)) { /* the token is ctx's own memory, as in wclass */
    tok *w = (tok *)t;
    w->flags |= T_GIVEN_ASKED;
    if (given_name(c->s + t->start, t->end - t->start)) w->flags |= T_GIVEN;
  }
  return (t->flags & T_GIVEN) != 0;
}

/* ---- words ------------------------------------------------------------ */

static int is_space_gap(const char *s, uint32_t a, uint32_t b) {
  /* "People's Party": a possessive inside a name */
  if (b - a == 3 && s[a] == '\'' && s[a + 1] == 's' && s[a + 2] == ' ') return 1;
  if (b - a == 5 && memcmp(s + a, "\xe2\x80\x99s ", 5) == 0) return 1;
  if (b == a) return 0;
  /* at most two of: a space (also no-break, as the Kremlin's pages write
   * "Sea of\u00a0Azov", or a line break inside a paragraph, as the UN's
   * speeches wrap "the World \nBank"), a hyphen, an apostrophe ("Côte
   * d’Ivoire") */
  unsigned n = 0;
  for (uint32_t i = a; i < b; n++) {
    if (n == 2) return 0;
    if (s[i] == ' ' || s[i] == '\n' || s[i] == '-' || s[i] == '\'') i++;
    else if (b - i >= 2 && memcmp(s + i, "\xc2\xa0", 2) == 0) i += 2;
    else if (b - i >= 3 && (memcmp(s + i, "\xe2\x80\x99", 3) == 0 || memcmp(s + i, "\xe2\x80\x90", 3) == 0 ||
                            memcmp(s + i, "\xe2\x80\x91", 3) == 0))
      i += 3;
    else return 0;
  }
  return 1;
}

static int sentence_start(const char *s, uint32_t p0, uint32_t at) {
  uint32_t i = at;
  while (i > p0) {
    unsigned char ch = (unsigned char)s[i - 1];
    if (ch == ' ' || ch == '"' || ch == '\'' || ch == '(' || ch == '[' || ch == '\n') {
      i--;
      continue;
    }
    if (ch >= 0x80) { /* “ ‘ « */
      size_t k = vb_utf8_prev(s, i);
      int32_t cp;
      vb_utf8_next(s, i, k, &cp);
      if (cp == 0x201C || cp == 0x2018 || cp == 0x00AB || cp == 0x201E || cp == 0x00A0) {
        i = (uint32_t)k;
        continue;
      }
      return cp == 0x2026; /* … */
    }
    return ch == '.' || ch == '!' || ch == '?' || ch == ':' || ch == ';';
  }
  return 1;
}

/* One word into the paragraph's tokens. `cls` is CLS_UNKNOWN unless the
 * caller knows it. */
static int add_token(ctx *c, uint32_t first, uint32_t p0, uint32_t p1, size_t ws, size_t we,
                     const vb_word_form *f, uint32_t wid, unsigned cls, int cap, int upper) {
  const char *s = c->s;
  tok *t = VB_VEC_PUSH(c->d->arena, c->all);
  if (!t) return oom(c, (uint32_t)ws);
  c->toks.v = c->all.v + first;
  c->toks.n = c->all.n - first;
  t->start = (uint32_t)ws;
  t->end = (uint32_t)we;
  t->light = (uint32_t)c->light.len;
  t->llen = f->llen;
  vb_buf_add(&c->light, f->light, (size_t)f->llen + 1); /* with its NUL */
  t->wid = wid;
  t->cls = (uint8_t)cls;
  t->taken = -1;
  t->flags = 0;
  if (cap) t->flags |= T_CAP;
  if (upper) t->flags |= T_UPPER;
  if (vb_word_is_article(f->light, f->llen, we < p1 && s[we] == '-')) t->flags |= T_ARTICLE;
  if (c->toks.n > 1) {
    const tok *pv = &c->toks.v[c->toks.n - 2];
    if (is_space_gap(s, pv->end, t->start) ||
        /* an initial: "Joseph R. Biden", "U.S." */
        (pv->end - pv->start == 1 && (pv->flags & T_CAP) && s[pv->end] == '.' &&
         t->start - pv->end <= 2))
      t->flags |= T_JOIN;
  }
  if (cap && sentence_start(s, p0, t->start)) t->flags |= T_INITIAL;
  return 0;
}

/* Byte classes for the scan: what may start or continue a word. */
enum { B_SEP = 0, B_LOWER = 1, B_UPPER = 2, B_HIGH = 3 };
static const uint8_t byte_class[256] = {
    ['0' ... '9'] = B_LOWER, ['a' ... 'z'] = B_LOWER, ['A' ... 'Z'] = B_UPPER,
    [0x80 ... 0xFF] = B_HIGH};


/* The end of a handle's name beginning at byte i ("Uber_Sydney" of
 * "@Uber_Sydney"): its letters, digits and underscores. */
static size_t handle_end(const char *s, size_t i, size_t p1) {
  while (i < p1 && (byte_class[(unsigned char)s[i]] != B_SEP || s[i] == '_')) i++;
  return i;
}

/* The paragraph's words that can matter: every word with a capital or
 * outside ASCII, and the few lowercase words names, titles and the rules
 * use. The rest — most of running text — are stepped over by their
 * signature alone; a skipped word between two tokens keeps them apart. */
static int tokenize(ctx *c, uint32_t p0, uint32_t p1) {
  uint32_t first = c->all.n;
  c->toks.n = 0;
  const char *s = c->s;
  size_t i = p0;
  unsigned longer = 0, capped = 0, upper = 0;
  while (i < p1) {
    unsigned char ch = (unsigned char)s[i];
    unsigned bc = byte_class[ch];
    if (bc == B_SEP) {
      /* "@Uber_Sydney": a handle names an account, no entity, and its
       * words ("Uber", "Sydney") are none of the text's */
      i = ch == '@' ? handle_end(s, i + 1, p1) : i + 1;
      continue;
    }
    if (bc == B_LOWER) {
      /* the common case: a lowercase ASCII word */
      size_t j = i + 1;
      while (j < p1 && byte_class[(unsigned char)s[j]] == B_LOWER) j++;
      if (j >= p1 || byte_class[(unsigned char)s[j]] == B_SEP) {
        if (j - i >= 4 && (unsigned char)(ch - 'a') < 26) longer++;
        int inside = c->toks.n && c->toks.v[c->toks.n - 1].end + 3 >= i &&
                     is_space_gap(s, c->toks.v[c->toks.n - 1].end, (uint32_t)i);
        uint32_t v = j - i < VB_WORD_MAX ? vb_lexicon_lower_word(c->lx, s + i, j - i, inside) : 0;
        if (v) {
          vb_word_form f;
          memcpy(f.light, s + i, j - i);
          f.light[j - i] = '\0';
          f.llen = (uint8_t)(j - i);
          /* "Israel's": the possessive s is no word of a name */
          int possessive = f.llen == 1 && f.light[0] == 's' && i > 0 && s[i - 1] == '\'';
          int rc = possessive ? 0 : add_token(c, first, p0, p1, i, j, &f, v & 0xFFFFFFu, v >> 24, 0, 0);
          if (rc) return rc;
        }
        i = j;
        continue;
      }
    }
    /* any other word: capitalised, or not ASCII */
    size_t ws, we;
    size_t from = i;
    if (!vb_word_next(s, p1, i, &ws, &we)) break;
    i = we;
    if (ws > from && s[ws - 1] == '@') { /* a handle after a mark ("“@Uber"), as above */
      i = handle_end(s, ws, p1);
      continue;
    }
    int32_t cp;
    vb_utf8_next(s, we, ws, &cp);
    int lower = 0, caps = 0, ascii = 1;
    for (size_t j = ws; j < we;) {
      unsigned char b = (unsigned char)s[j];
      if (b < 0x80) {
        lower |= vb_is_ascii_lower(b);
        caps |= vb_is_ascii_upper(b);
        j++;
        continue;
      }
      ascii = 0;
      int32_t q;
      j += vb_utf8_next(s, we, j, &q);
      if (vb_cp_is_lower(q)) lower = 1;
      if (vb_cp_is_upper(q)) caps = 1;
    }
    vb_word_form f;
    if (vb_word_light(s + ws, we - ws, &f)) continue;
    if (f.llen == 1 && f.light[0] == 's' && ws > 0 &&
        (s[ws - 1] == '\'' || (ws >= 3 && memcmp(s + ws - 3, "\xe2\x80\x99", 3) == 0)))
      continue;
    uint32_t wid;
    unsigned cls = CLS_UNKNOWN;
    if (!caps && ascii) {
      uint32_t v = vb_lexicon_lower_word(c->lx, f.light, f.llen, 1);
      wid = v & 0xFFFFFFu;
      cls = v >> 24;
    } else {
      vb_word_key(&f);
      wid = vb_lexicon_word(c->lx, f.key, f.klen);
    }
    int cap = vb_cp_is_upper(cp), up = caps && !lower;
    int rc = add_token(c, first, p0, p1, ws, we, &f, wid, cls, cap, up);
    if (rc) return rc;
    if (we - ws >= 4 && vb_cp_is_letter(cp)) {
      longer++;
      if (cap) capped++;
      if (up) upper++;
    }
  }
  if (c->light.failed) return oom(c, p0);
  /* a headline leaves at most a couple of longer words in lowercase ("with",
   * "from"); a list of titles and names ("Defence Minister Sergei Ivanov
   * and director of …") is still running text */
  unsigned lowered = longer - capped;
  uint32_t last = p1;
  while (last > p0 && vb_is_ascii_space((unsigned char)s[last - 1])) last--;
  /* and it is no sentence: it does not end with a period */
  c->caps_mode = longer >= 3 && capped >= CASE_MODE_SHARE * longer && lowered <= 2 &&
                 !(last > p0 && s[last - 1] == '.');
  if (longer >= 2 && upper >= CASE_MODE_SHARE * longer) c->caps_mode = 2;
  return 0;
}

/* ---- entities --------------------------------------------------------- */

/* s[0, n) on one line: each run of spaces, tabs and line breaks one
 * space, none at either end; in `arena`, NUL-terminated, its length in
 * *len (may be NULL). NULL when out of memory. */
static char *one_line(vb_arena *arena, const char *s, size_t n, size_t *len) {
  char *out = vb_arena_strndup(arena, s, n);
  if (!out) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    char ch = (out[i] == '\n' || out[i] == '\r' || out[i] == '\t') ? ' ' : out[i];
    if (ch != ' ' || (o && out[o - 1] != ' ')) out[o++] = ch;
  }
  while (o && out[o - 1] == ' ') o--;
  out[o] = '\0';
  if (len) *len = o;
  return out;
}

/* The document entity with this key, created with `name` if new. */
static uint32_t entity_for(ctx *c, vb_etype type, const char *key, size_t klen, const char *name,
                           size_t nlen) {
  uint32_t e = vb_map_get(&c->by_key, key, klen);
  if (e != VB_MAP_NONE) return e;
  ent *x = VB_VEC_PUSH(c->d->arena, c->ents);
  if (!x) return VB_MAP_NONE;
  memset(x, 0, sizeof *x);
  x->type = type;
  x->speaker = -1;
  x->key = vb_arena_strndup(c->d->arena, key, klen);
  /* a name found across a line break ("World \nBank") is named with one
   * space there */
  char *nm = one_line(c->d->arena, name, nlen, NULL);
  if (!x->key || !nm) return VB_MAP_NONE;
  x->name = nm;
  e = c->ents.n - 1;
  if (vb_map_set(&c->by_key, key, klen, e)) return VB_MAP_NONE;
  return e;
}

static uint32_t dotted_entry(const vb_lexicon *lx, const char *name, size_t n);

/* An entity named `name` of `type` found from context (or a speaker): the
 * lexicon's entry when it knows the name as that type, else its own key. */
static uint32_t entity_named(ctx *c, vb_etype type, const char *name, size_t n) {
  uint32_t le = vb_lexicon_find_spelled(c->lx, type, name, n);
  if (le == VB_MAP_NONE && type == VB_ENT_ORG) le = dotted_entry(c->lx, name, n);
  if (le != VB_MAP_NONE) {
    const vb_lex_entry *x = &c->lx->entries.v[le];
    return entity_for(c, type, x->ckey, strlen(x->ckey), x->name, strlen(x->name));
  }
  c->key.len = 0;
  vb_buf_adds(&c->key, vb_etype_name(type));
  vb_buf_addc(&c->key, ':');
  if (vb_entity_key(name, n, &c->key)) return VB_MAP_NONE;
  /* the key of an entity spelled otherwise (Molise's is Malaysia's): a
   * variant only when the two are spelled alike, else this name's own */
  uint32_t had = vb_map_get(&c->by_key, c->key.ptr, c->key.len);
  const char *hn = had != VB_MAP_NONE ? c->ents.v[had].name : NULL;
  if (hn && !(strlen(hn) == n && memcmp(hn, name, n) == 0) && !vb_lexicon_close(c->lx, name, n, hn, strlen(hn))) {
    if (vb_lexicon_own_key(&c->key, name, n)) return VB_MAP_NONE;
  }
  return entity_for(c, type, c->key.ptr, c->key.len, name, n);
}

static int add_cand(ctx *c, uint32_t a, uint32_t b, uint32_t entity) {
  cand *k = VB_VEC_PUSH(c->d->arena, c->cands);
  if (!k) return oom(c, c->toks.v[a].start);
  k->a = a;
  k->b = b;
  k->entity = entity;
  k->dead = 0;
  k->ext = 0;
  k->pre = 0;
  return 0;
}

static int covered(const ctx *c, uint32_t a, uint32_t b) {
  for (uint32_t i = a; i < b; i++)
    if (c->toks.v[i].taken >= 0) return 1;
  return 0;
}

static void take(ctx *c, uint32_t a, uint32_t b, int32_t k) {
  for (uint32_t i = a; i < b; i++) c->toks.v[i].taken = k;
}

/* Is the word one half of a hyphenated name ("Kabardino-Balkaria",
 * "Khanty-Mansiysk"): a letter, a hyphen, then the word, or the word, a
 * hyphen, then a letter? */
static int hyphen_joined(const ctx *c, const tok *t) {
  size_t len = c->d->view.body.len;
  return (t->start >= 2 && c->s[t->start - 1] == '-' && vb_is_ascii_alpha((unsigned char)c->s[t->start - 2])) ||
         (t->end + 1 < len && c->s[t->end] == '-' && vb_is_ascii_alpha((unsigned char)c->s[t->end + 1]));
}

/* Does the text's spelling of tokens [a, b) stand for the pattern? Its
 * own spelling always; a transliteration variant (same skeleton) only
 * where each differing word is long enough not to be an ordinary word and
 * close in spelling: Hezbollah for Hizbullah, not Million for Malian;
 * never one half of a hyphenated name ("Kabardino-Balkaria" holds no
 * Bulgaria). */
static int spelled(const ctx *c, uint32_t a, uint32_t b, const vb_lex_pattern *p) {
  const char *pl = p->light;
  int exact = 1, variant_ok = 1;
  for (uint32_t i = a; i < b; i++) {
    const tok *t = &c->toks.v[i];
    if (t->flags & T_ARTICLE) continue;
    const char *sp = strchr(pl, ' ');
    size_t wl = sp ? (size_t)(sp - pl) : strlen(pl);
    if (wl != t->llen || memcmp(pl, tlight(c, t), wl) != 0) {
      exact = 0;
      unsigned allowed = t->llen / 4 ? t->llen / 4 : 1;
      if (!c->lx->variants || t->llen < 5 || wl >= VB_WORD_MAX || hyphen_joined(c, t) ||
          vb_lexicon_edits(tlight(c, t), t->llen, pl, wl) > allowed ||
          vb_lexicon_common_word(c->lx, tlight(c, t), t->llen))
        variant_ok = 0;
    }
    pl = sp ? sp + 1 : pl + wl;
  }
  if (exact) return 2;
  return !(p->flags & (VB_PAT_EXACT | VB_PAT_TITLE | VB_PAT_ACRONYM)) && variant_ok;
}

static unsigned wclass(const ctx *c, const tok *t);
static int noun_after(const ctx *c, uint32_t at, unsigned bit);

/* A word written with a capital after its first letter ("LeT", "IDF"). */
static int inner_capital(const ctx *c, const tok *w) {
  for (uint32_t j = w->start + 1; j < w->end; j++)
    if (vb_is_ascii_upper((unsigned char)c->s[j])) return 1;
  return 0;
}

/* Case rules: a name starts with a capital (or a letter of a script
 * without case); an acronym is written in capitals, and in an all-caps
 * paragraph a two-letter one ("US") is only taken with its dots. */
static int cased(const ctx *c, uint32_t a, uint32_t b, const vb_lex_pattern *p) {
  uint32_t f = a;
  while (f < b && (c->toks.v[f].flags & T_ARTICLE)) f++;
  if (f == b) return 0;
  const tok *t = &c->toks.v[f];
  if (p->flags & VB_PAT_TITLE) return 1;
  int32_t cp;
  vb_utf8_next(c->s, t->end, t->start, &cp);
  /* "von der Leyen" starts in lowercase as its name does; so do "eBay"
   * and its like, a capital inside the word as the name writes it */
  int lower_start = (!(p->capitals & 1u) && p->capitals) || ((p->flags & VB_PAT_ACRONYM) && inner_capital(c, t));
  if (!lower_start && !(t->flags & T_CAP) && (vb_cp_is_lower(cp) || !vb_cp_is_letter(cp)))
    return 0;
  if (p->flags & VB_PAT_ACRONYM) {
    /* the text writes its capitals too: "IDF", "LeT" — not "Let"; the
     * name's other words as their case says ("Global Fund to Fight AIDS") */
    unsigned k = 0;
    for (uint32_t i = f; i < b; i++) {
      const tok *w = &c->toks.v[i];
      if (w->flags & T_ARTICLE) continue;
      if (p->acronyms >> k & 1u) {
        if (!(w->flags & T_UPPER) && !inner_capital(c, w)) return 0;
      } else if (!c->caps_mode && (p->capitals >> k & 1u) && !(w->flags & T_CAP)) {
        return 0;
      }
      k++;
    }
    /* "US" in an all-caps line may be the pronoun */
    if (c->caps_mode == 2 && b - f == 1 && (wclass(c, t) & VB_W_STOP)) return 0;
    return 1;
  }
  /* outside headlines, each capitalised word of the name is capitalised
   * in the text: "Ukrainian Army", not "Ukrainian army" */
  unsigned k = 0;
  for (uint32_t i = f; i < b && !c->caps_mode; i++) {
    const tok *w = &c->toks.v[i];
    if (w->flags & T_ARTICLE) continue;
    if ((p->capitals >> k & 1u) && !(w->flags & T_CAP)) return 0;
    k++;
  }
  /* one common word opening a sentence ("Let Washington think"); a word
   * English writes only as a name is the name there too ("Russian-Italian
   * cooperation …", though "Russian" is no part of a person's name) */
  if (b - f == 1 && (t->flags & T_INITIAL) && (wclass(c, t) & VB_W_STOP) &&
      !vb_lexicon_only_proper(c->lx, tlight(c, t), t->llen))
    return 0;
  return 1;
}

static int joined(const ctx *c, uint32_t a, uint32_t b) {
  for (uint32_t i = a + 1; i < b; i++)
    if (!(c->toks.v[i].flags & T_JOIN)) return 0;
  return 1;
}

/* As joined, and a name that lists words before "and" may have a comma
 * and a space between two of them, as it is written: "Educational,
 * Scientific and Cultural". */
static int joined_as(const ctx *c, uint32_t a, uint32_t b, const vb_lex_pattern *p) {
  if (!(p->flags & VB_PAT_SERIES)) return joined(c, a, b);
  for (uint32_t i = a + 1; i < b; i++) {
    const tok *t = &c->toks.v[i];
    uint32_t e = c->toks.v[i - 1].end;
    if (!(t->flags & T_JOIN) && !(t->start == e + 2 && c->s[e] == ',' && c->s[e + 1] == ' ')) return 0;
  }
  return 1;
}

static int possessive_after(const ctx *c, uint32_t k);

/* "New York's Times Square" is not the New York Times: a possessive
 * between the words of a match only where the name has one. */
static int possessive_inside(const ctx *c, uint32_t a, uint32_t b, const vb_lex_pattern *p) {
  if (p->flags & VB_PAT_POSSESSIVE) return 0;
  for (uint32_t i = a; i + 1 < b; i++)
    if (possessive_after(c, i)) return 1;
  return 0;
}

/* A mention's surface forms join its entity's aliases. */
static int note_alias(ctx *c, uint32_t e, uint32_t start, uint32_t end) {
  ent *x = &c->ents.v[e];
  size_t n = end - start;
  const char *sf = c->s + start;
  /* "Abdullah II of\nJordan": a surface across a line break is an alias
   * on one line, as the entity's name is */
  int spread = 0;
  for (size_t i = 0; i < n && !spread; i++)
    spread = sf[i] == '\n' || sf[i] == '\r' || sf[i] == '\t' || (sf[i] == ' ' && i + 1 < n && sf[i + 1] == ' ');
  if (spread) {
    sf = one_line(c->d->arena, sf, n, &n);
    if (!sf) return oom(c, start);
  }
  if (strlen(x->name) == n && memcmp(x->name, sf, n) == 0) return 0;
  for (uint32_t i = 0; i < x->aliases.n; i++)
    if (x->aliases.v[i].len == n && memcmp(x->aliases.v[i].ptr, sf, n) == 0) return 0;
  if (x->aliases.n >= MAX_ALIASES) return 0;
  vb_str *a = VB_VEC_PUSH(c->d->arena, x->aliases);
  if (!a) return oom(c, start);
  a->ptr = sf;
  a->len = n;
  return 0;
}

/* Pass 1a: the automaton. Candidates for every verified name; titles
 * kept aside as (a, b) pairs in `titles`. */
/* Whether the article just before token a belongs to the name it opens
 * ("al-Sisi", "al Jazeera"). An acronym in capitals takes none written in
 * lowercase: "el KDE" of a Spanish caption is the article of Spanish and
 * KDE; a headline all in capitals ("AL-JAZEERA") keeps its article. */
static int article_before(const ctx *c, uint32_t a) {
  if (a == 0 || !(c->toks.v[a - 1].flags & T_ARTICLE) || !(c->toks.v[a].flags & T_JOIN)) return 0;
  return !(c->toks.v[a].flags & T_UPPER) || (c->toks.v[a - 1].flags & T_UPPER);
}

static int run_automaton(ctx *c, cand_vec *titles) {
  size_t need = c->toks.n + 1;
  if (need > c->ac_cap) {
    uint32_t *m = realloc(c->ac_tok, need * sizeof *m);
    if (!m) return oom(c, 0);
    c->ac_tok = m;
    c->ac_cap = need;
  }
  const vb_lexicon *lx = c->lx;
  uint32_t st = 0, pos = 0;
  for (uint32_t i = 0; i < c->toks.n; i++) {
    const tok *t = &c->toks.v[i];
    if (t->flags & T_ARTICLE) continue;
    c->ac_tok[pos++] = i;
    st = vb_lexicon_step(lx, st, t->wid);
    for (uint32_t s = lx->out.v[st] != VB_MAP_NONE ? st : lx->dict.v[st]; s != VB_MAP_NONE;
         s = lx->dict.v[s]) {
      uint32_t best = VB_MAP_NONE;
      int best_q = 0;
      uint32_t a = 0;
      for (uint32_t p = lx->out.v[s]; p != VB_MAP_NONE; p = lx->patterns.v[p].next) {
        const vb_lex_pattern *pat = &lx->patterns.v[p];
        if (pat->nwords > pos) continue;
        a = c->ac_tok[pos - pat->nwords];
        /* an article just before belongs to the name: "al-Sisi" */
        if (article_before(c, a)) a--;
        if (!joined_as(c, a, i + 1, pat) || !cased(c, a, i + 1, pat) || possessive_inside(c, a, i + 1, pat))
          continue;
        int q = spelled(c, a, i + 1, pat);
        if (q > best_q) {
          best_q = q;
          best = p;
        }
      }
      if (best == VB_MAP_NONE) continue;
      /* a spelling only close to a name's, with a name going on after it,
       * begins another name: "Georgi Parvanov" is not Georgia */
      if (best_q == 1 && i + 1 < c->toks.n && (c->toks.v[i + 1].flags & T_JOIN) &&
          (c->toks.v[i + 1].flags & T_CAP) && !(c->toks.v[i + 1].flags & T_UPPER) &&
          !vb_lexicon_common_word(lx, tlight(c, &c->toks.v[i + 1]), c->toks.v[i + 1].llen))
        continue;
      const vb_lex_pattern *pat = &lx->patterns.v[best];
      a = c->ac_tok[pos - pat->nwords];
      if (article_before(c, a)) a--;
      if (pat->flags & VB_PAT_TITLE) {
        cand *k = VB_VEC_PUSH(c->d->arena, *titles);
        if (!k) return oom(c, t->start);
        k->a = a;
        k->b = i + 1;
        k->entity = VB_MAP_NONE;
        k->dead = 0;
        k->ext = 0;
        k->pre = 0;
        continue;
      }
      if (vb_lexicon_rejected(lx, c->s + c->toks.v[a].start, t->end - c->toks.v[a].start)) continue;
      const vb_lex_entry *x = &lx->entries.v[pat->entry];
      uint32_t e = entity_for(c, x->type, x->ckey, strlen(x->ckey), x->name, strlen(x->name));
      if (e == VB_MAP_NONE) return oom(c, t->start);
      int rc = add_cand(c, a, i + 1, e);
      if (rc) return rc;
    }
  }
  return 0;
}

static int cand_order(const void *x, const void *y) {
  const cand *a = x, *b = y;
  if (a->a != b->a) return a->a < b->a ? -1 : 1;
  if (a->b != b->b) return a->b > b->b ? -1 : 1; /* longer first */
  return (a->entity > b->entity) - (a->entity < b->entity);
}

/* Leftmost-longest, no overlaps. */
static void select_cands(ctx *c) {
  if (c->cands.n > 1) qsort(c->cands.v, c->cands.n, sizeof *c->cands.v, cand_order);
  for (uint32_t k = 0; k < c->cands.n; k++) {
    cand *x = &c->cands.v[k];
    if (covered(c, x->a, x->b)) {
      x->dead = 1;
      continue;
    }
    take(c, x->a, x->b, (int32_t)k);
  }
}

static int word_is(const ctx *c, const tok *t, const char *w);
static int plain_capital(const ctx *c, const tok *t);

/* "Telegram": a body the lists name by a word English also writes for a
 * thing (data/word-bodies.txt) is the body wherever the text names it
 * with a capital, as a firm or as the medium ("via the Telegram
 * messenger", "on Telegram": the gold's conventions), but not where the
 * word is the thing or another name's: at a sentence's start before "of"
 * or a month ("Telegram of condolences …", "Telegram January 18, 2005":
 * the message, a Kremlin page's heading), or after a capitalised word
 * joined by a hyphen or no list's ("the New York World-Telegram", "the
 * Evening Telegram": a paper). */
static void word_bodies(ctx *c) {
  for (uint32_t k = 0; k < c->cands.n; k++) {
    cand *x = &c->cands.v[k];
    if (x->dead || x->b != x->a + 1 || c->toks.v[x->a].taken != (int32_t)k) continue;
    const tok *t = &c->toks.v[x->a];
    if (!vb_wl_may_start(VB_WL_WORD_BODIES, (unsigned char)tlight(c, t)[0]) ||
        !vb_wl_has(VB_WL_WORD_BODIES, tlight(c, t), t->llen))
      continue;
    const tok *nx = x->b < c->toks.n && c->toks.v[x->b].start == t->end + 1 ? &c->toks.v[x->b] : NULL;
    const tok *pv = x->a > 0 && (t->flags & T_JOIN) ? &c->toks.v[x->a - 1] : NULL;
    int thing = (t->flags & T_INITIAL) && nx &&
                (word_is(c, nx, "of") || ((nx->flags & T_CAP) && vb_wl_has(VB_WL_MONTHS, tlight(c, nx), nx->llen)));
    int other = pv && (pv->flags & T_CAP) && !(t->flags & T_INITIAL) &&
                ((pv->end < t->start && c->s[pv->end] == '-') || plain_capital(c, pv));
    if (thing || other) {
      x->dead = 1;
      take(c, x->a, x->b, -1);
    }
  }
}

static unsigned wclass(const ctx *c, const tok *t) {
  if (t->cls == CLS_UNKNOWN) /* the cache in the token is ctx's own memory */
    ((tok *)t)->cls = (uint8_t)vb_lexicon_class(c->lx, tlight(c, t), t->llen);
  return t->cls;
}

static int determiner(const ctx *c, const tok *t) {
  return vb_wl_has(VB_WL_DETERMINERS, tlight(c, t), t->llen);
}

/* A word that may stand inside a name found from context. */
static int name_word(const ctx *c, const tok *t) {
  if (t->flags & T_ARTICLE) return 1;
  if (t->flags & T_CAP) return 1;
  return (wclass(c, t) & VB_W_PARTICLE) != 0;
}

/* Whether token j is a lowercase connector ("of", "for", "and", "the"). */
static int connector(const ctx *c, uint32_t j) {
  const tok *t = &c->toks.v[j];
  return !(t->flags & T_CAP) && (t->flags & T_JOIN) && (wclass(c, t) & VB_W_CONNECT);
}

static int word_is(const ctx *c, const tok *t, const char *w) {
  return t->llen == strlen(w) && memcmp(tlight(c, t), w, t->llen) == 0;
}

/* Is tok a capitalised ordinary word no list knows ("Asthma",
 * "Scientific")? */
static int plain_capital(const ctx *c, const tok *t) {
  return (t->flags & T_CAP) && !(t->flags & T_BLOCKED) && t->taken < 0 && !(wclass(c, t) & VB_W_STOP) &&
         vb_lexicon_common_word(c->lx, tlight(c, t), t->llen);
}

/* "Academy of Allergy[, Asthma and Immunology]": right after a name's
 * capitalised words, ending at k, a comma and more capitalised ordinary
 * words, one after each comma, closed by "and" and one more, go on the
 * name. Returns the series' end, or k. */
static uint32_t series_tail(const ctx *c, uint32_t k) {
  if (!plain_capital(c, &c->toks.v[k - 1])) return k;
  for (uint32_t i = k; i + 2 < c->toks.n && i - k < 8; i++) {
    const tok *w = &c->toks.v[i];
    uint32_t e = c->toks.v[i - 1].end;
    if (w->start != e + 2 || c->s[e] != ',' || c->s[e + 1] != ' ' || !plain_capital(c, w)) return k;
    const tok *and = &c->toks.v[i + 1], *last = &c->toks.v[i + 2];
    if (word_is(c, and, "and") && (and->flags & T_JOIN) && (last->flags & T_JOIN) && plain_capital(c, last) &&
        !(i + 3 < c->toks.n && (c->toks.v[i + 3].flags & T_JOIN) && (c->toks.v[i + 3].flags & T_CAP)))
      return i + 3;
  }
  return k;
}

/* "Council [of Europe]", "Organization [for Economic Cooperation and
 * Development]": the capitalised words a head takes after "of", "for",
 * "in" or "on" (and "the", "and" inside). Returns the end, or j. */
static uint32_t of_tail(const ctx *c, uint32_t j, uint32_t most) {
  if (j >= c->toks.n || !connector(c, j) || word_is(c, &c->toks.v[j], "and") ||
      word_is(c, &c->toks.v[j], "the"))
    return j;
  uint32_t k = j + 1, end = j;
  while (k < c->toks.n && k - j < most && (c->toks.v[k].flags & T_JOIN)) {
    const tok *t = &c->toks.v[k];
    if (t->flags & (T_CAP | T_ARTICLE)) {
      /* a stop word ends it, unless a known name English writes only as
       * a name ("the Russian Language") or a body's head, which names
       * nothing alone ("Federal Service of Court Bailiffs") */
      if ((wclass(c, t) & VB_W_STOP) && !(t->taken >= 0 && vb_lexicon_only_proper(c->lx, tlight(c, t), t->llen)) &&
          !((wclass(c, t) & VB_W_SUFFIX) && !(t->flags & T_ARTICLE)) &&
          !(vb_lexicon_class(c->lx, tlight(c, t), t->llen) & VB_W_BODY_OF))
        break;
      /* a known name whole; after the first word, ordinary words only:
       * "Council of Federation" stops before "Valentina Matviyenko" */
      if (t->taken >= 0) {
        const cand *x = &c->cands.v[t->taken];
        if (x->a != k) break;
        end = k = x->b;
        continue;
      }
      if (end > j && !vb_lexicon_common_word(c->lx, tlight(c, t), t->llen)) break;
      end = ++k;
      /* the plural office ends the phrase: "the Council of Foreign
       * Ministers [in Paris]" */
      if ((wclass(c, t) & VB_W_STOP) && (vb_lexicon_class(c->lx, tlight(c, t), t->llen) & VB_W_BODY_OF)) break;
    } else if (connector(c, k) && !word_is(c, t, "for")) {
      /* "the Ministry of the Interior and the Ministry of Justice": a
       * body's head after "and" begins a name of its own */
      uint32_t h = k + 1;
      if (word_is(c, t, "and") && h < c->toks.n && word_is(c, &c->toks.v[h], "the")) h++;
      /* ... also with words before the head: "the Supreme Council of the
       * Armed Forces and the National Council for Culture" */
      int other = 0;
      for (uint32_t q = h; word_is(c, t, "and") && q < c->toks.n && q < h + 4 && (c->toks.v[q].flags & T_CAP) &&
                           (q == h || (c->toks.v[q].flags & T_JOIN));
           q++)
        if (wclass(c, &c->toks.v[q]) & VB_W_SUFFIX) other = 1;
      if (other) break;
      /* ... and so does a body the lists name: "the Ministry of Energy and
       * Mineral Resources and Kazmunaitengiz" */
      if (word_is(c, t, "and") && h < c->toks.n && c->toks.v[h].taken >= 0 &&
          c->cands.v[c->toks.v[h].taken].a == h && !c->cands.v[c->toks.v[h].taken].dead &&
          c->ents.v[c->cands.v[c->toks.v[h].taken].entity].type == VB_ENT_ORG)
        break;
      k++;
    } else {
      break;
    }
  }
  return end > j ? series_tail(c, end) : end;
}

static int named(ctx *c, uint32_t a, uint32_t b, vb_etype type);

/* Whether the bytes after token k are a possessive ("Russia's"). */
static int possessive_after(const ctx *c, uint32_t k) {
  uint32_t e = c->toks.v[k].end, end = (uint32_t)c->d->view.body.len;
  return (e + 2 <= end && memcmp(c->s + e, "'s", 2) == 0) ||
         (e + 4 <= end && memcmp(c->s + e, "\xe2\x80\x99s", 4) == 0);
}

/* "Russia's Security Council", "the Kazakhstan Ministry of Energy": a
 * country (by its name, not a demonym: "Russian Railways" is a name) or a
 * possessive place before a body's name, the body's head at i and its
 * name ending at b, only says whose the body is — when what follows is a
 * name by itself (known, or a state body's head with its "of" phrase:
 * not "Massachusetts Institute of Technology"). Returns the
 * place's entity, or VB_MAP_NONE. */
static uint32_t whose_body(const ctx *c, uint32_t a, uint32_t i, uint32_t b) {
  const tok *h = &c->toks.v[i];
  if (a >= i || !(wclass(c, h) & VB_W_SUFFIX) || c->toks.v[a].taken < 0) return VB_MAP_NONE;
  const cand *p = &c->cands.v[c->toks.v[a].taken];
  const ent *pe = &c->ents.v[p->entity];
  if (p->a != a || p->b > i || pe->type != VB_ENT_PLACE) return VB_MAP_NONE;
  uint32_t ps = c->toks.v[p->a].start, pn = c->toks.v[p->b - 1].end - ps;
  if (!possessive_after(c, p->b - 1) && !(strlen(pe->name) == pn && memcmp(pe->name, c->s + ps, pn) == 0))
    return VB_MAP_NONE;
  int known = h->taken >= 0 && c->cands.v[h->taken].a == p->b && c->cands.v[h->taken].b == i + 1;
  /* "Russia's Foreign Ministry": a possessive says whose all the same */
  if (!known && !(p->b == i && b > i + 1 && (vb_lexicon_class(c->lx, tlight(c, h), h->llen) & VB_W_STATE_BODY)) &&
      !(p->b < i && possessive_after(c, p->b - 1)))
    return VB_MAP_NONE;
  return p->entity;
}

/* The body named s[s0, s1) of the place `whose`: the lexicon's entry for
 * "<name> of <place>" when it knows one ("Security Council of Russia"),
 * else the entity `had` (a known name: "Russia's Gazprom" is Gazprom), or,
 * when `own`, a body of its own named with its place, so two countries'
 * ministries of the same name stay two. */
static uint32_t body_of(ctx *c, uint32_t had, uint32_t s0, uint32_t s1, uint32_t whose, int own) {
  vb_buf q;
  vb_buf_init(&q, 256);
  vb_buf_add(&q, c->s + s0, s1 - s0);
  vb_buf_adds(&q, " of ");
  vb_buf_adds(&q, c->ents.v[whose].name);
  uint32_t e = VB_MAP_NONE;
  if (!q.failed) {
    uint32_t le = vb_lexicon_find_spelled(c->lx, VB_ENT_ORG, q.ptr, q.len);
    if (le != VB_MAP_NONE) {
      const vb_lex_entry *x = &c->lx->entries.v[le];
      e = entity_for(c, VB_ENT_ORG, x->ckey, strlen(x->ckey), x->name, strlen(x->name));
    } else {
      e = own ? entity_named(c, VB_ENT_ORG, q.ptr, q.len) : had;
    }
  }
  vb_buf_free(&q);
  return e;
}

static uint32_t syllable_after(const ctx *c, uint32_t a, uint32_t b);
static int demonym_at(const ctx *c, uint32_t a, uint32_t b);

/* "U.S. Games Systems, Inc.", "Velmo Brands LLC", "Remain Co.", "AG
 * Müller & Cie": a firm's legal form (`firmform`) after capitalised words,
 * with or without a comma, or after " & ", ends a company's name; the words
 * before it are the firm's, whatever they name alone (a place: "U.S."; an
 * event's head: "Games"; a demonym: "American Express Co."), but a
 * demonym before capitals only says where the firm is ("the Swiss AG
 * Müller & Cie"). */
static int firm_forms(ctx *c) {
  if (c->caps_mode) return 0;
  for (uint32_t i = 1; i < c->toks.n; i++) {
    const tok *t = &c->toks.v[i];
    /* the forms are of two to four letters: most words need no look-up */
    if (!(t->flags & T_CAP) || t->taken >= 0 || t->llen < 2 || t->llen > 4 ||
        !(vb_lexicon_class(c->lx, tlight(c, t), t->llen) & VB_W_FIRM_FORM))
      continue;
    uint32_t p = c->toks.v[i - 1].end;
    int comma = t->start == p + 2 && c->s[p] == ',' && c->s[p + 1] == ' ';
    int amp = t->start == p + 3 && memcmp(c->s + p, " & ", 3) == 0;
    /* "Global Economic Co-operation": the first part of a word */
    if (t->end < c->d->view.body.len && c->s[t->end] == '-') continue;
    if (!comma && !amp && !(t->flags & T_JOIN)) continue;
    uint32_t a = i;
    while (a > 0 && i - a < 6) {
      const tok *w = &c->toks.v[a - 1];
      if (a < i && !(c->toks.v[a].flags & T_JOIN)) break;
      if (!(w->flags & T_CAP) || ((wclass(c, w) & VB_W_STOP) && w->taken < 0)) break;
      /* "the Swiss AG Müller": a demonym before capitals (a form or
       * letters) says where; "American Express Co." is one name */
      if ((c->toks.v[a].flags & T_UPPER) && demonym_at(c, a - 1, a)) break;
      a--;
    }
    if (a == i) continue;
    /* a known name reaching out of the words stays as it is */
    int clash = 0;
    for (uint32_t j = a; j < i; j++) {
      int32_t k = c->toks.v[j].taken;
      if (k >= 0 && c->cands.v[k].a < a) clash = 1;
    }
    if (clash) continue;
    for (uint32_t j = a; j < i; j++)
      if (c->toks.v[j].taken >= 0) c->cands.v[c->toks.v[j].taken].dead = 1;
    int rc = named(c, a, i + 1, VB_ENT_ORG);
    if (rc) return rc;
  }
  return 0;
}

/* The end of "of" and a known place (a point of the compass may go
 * before it: "of South Viet-Nam") right at token b, or b. */
static uint32_t place_tail(const ctx *c, uint32_t b) {
  if (b + 1 >= c->toks.n || !word_is(c, &c->toks.v[b], "of") || !(c->toks.v[b].flags & T_JOIN)) return b;
  uint32_t k = b + 1;
  const tok *w = &c->toks.v[k];
  if (!(w->flags & T_JOIN)) return b;
  if (w->taken < 0 && (w->flags & T_CAP) && (vb_lexicon_class(c->lx, tlight(c, w), w->llen) & VB_W_COMPASS) &&
      k + 1 < c->toks.n && (c->toks.v[k + 1].flags & T_JOIN))
    w = &c->toks.v[++k];
  if (w->taken < 0) return b;
  const cand *x = &c->cands.v[w->taken];
  return x->a == k && c->ents.v[x->entity].type == VB_ENT_PLACE ? x->b : b;
}

/* Does an organisation's purpose follow the known body's name ending at
 * token i, up to b ("for the Liberation of …", "for Economic Cooperation"):
 * "for", then an ordinary word capitalised that no list knows — not "for
 * the Palestinians", "for Africa"? */
static int purpose_after(const ctx *c, uint32_t i, uint32_t b) {
  const tok *t = &c->toks.v[i];
  if (t->taken < 0 || c->ents.v[c->cands.v[t->taken].entity].type != VB_ENT_ORG || b < i + 3 ||
      !word_is(c, &c->toks.v[i + 1], "for"))
    return 0;
  uint32_t k = i + 2;
  if (k + 1 < b && word_is(c, &c->toks.v[k], "the")) k++;
  const tok *w = &c->toks.v[k];
  return (w->flags & T_CAP) && !(w->flags & T_UPPER) && w->taken < 0 &&
         vb_lexicon_common_word(c->lx, tlight(c, w), w->llen);
}

/* Is the word right before s[at] the indefinite article ("a", "an")? */
static int indefinite_before(const ctx *c, uint32_t at) {
  if (at >= 2 && c->s[at - 1] == ' ' && c->s[at - 2] == 'a' && (at == 2 || !vb_is_ascii_alpha((unsigned char)c->s[at - 3])))
    return 1;
  return at >= 3 && c->s[at - 1] == ' ' && c->s[at - 3] == 'a' && c->s[at - 2] == 'n' &&
         (at == 3 || !vb_is_ascii_alpha((unsigned char)c->s[at - 4]));
}

/* Pass 1b: names by their head — capitalised words ending in a word that
 * says what they name: "National Unity Front", "Al-Fajr TV" (ORG),
 * "Kaluga Region", "Kerch Strait" (PLACE), "SDG Summit", "Sirte
 * Declaration" (no entity: its words are blocked, names inside it stay).
 * Each full name is its own entity. A head may take an "of" phrase
 * ("Council of Europe", "Sea of Azov") unless words before it already name
 * it and the phrase only says whose it is ("Federal Assembly of the Russian
 * Federation"). A known name ending at the head wins; known places inside
 * ("Lebanese Armed Forces") give way. A head alone names nothing. */
/* Whether, after the head at i, one or two capitalised words no list
 * knows lead to an event's or a document's head ("Court [Proceedings
 * Code]"). */
static int event_ahead(const ctx *c, uint32_t i) {
  for (uint32_t j = i + 1; j < c->toks.n && j <= i + 3; j++) {
    const tok *w = &c->toks.v[j];
    if ((w->flags & (T_CAP | T_JOIN)) != (T_CAP | T_JOIN) || w->taken >= 0) return 0;
    if (wclass(c, w) & VB_W_EVENT) return j > i + 1;
    if (wclass(c, w) & (VB_W_STOP | VB_W_SUFFIX | VB_W_PLACE)) return 0;
  }
  return 0;
}

/* An ordinary word capitalised, no list's, no acronym: "Travel" of "the
 * World Travel and Tourism Council". */
static int plain_word(const ctx *c, const tok *w) {
  return (w->flags & T_CAP) && !(w->flags & (T_UPPER | T_BLOCKED)) && w->taken < 0 && !(wclass(c, w) & VB_W_STOP) &&
         vb_lexicon_common_word(c->lx, tlight(c, w), w->llen);
}

/* The bytes of an ordinal written in figures and a space right before
 * token a ("4th ", "58th "), no token's, or 0. */
static uint32_t ordinal_before(const ctx *c, uint32_t a) {
  uint32_t at = c->toks.v[a].start, lo = a > 0 ? c->toks.v[a - 1].end : 0;
  if (at < lo + 4 || c->s[at - 1] != ' ') return 0;
  const char *sx = c->s + at - 3; /* the suffix */
  if (memcmp(sx, "st", 2) && memcmp(sx, "nd", 2) && memcmp(sx, "rd", 2) && memcmp(sx, "th", 2)) return 0;
  uint32_t d = at - 3;
  while (d > lo && at - 3 - d < 4 && c->s[d - 1] >= '0' && c->s[d - 1] <= '9') d--;
  unsigned char before = d > 0 ? (unsigned char)c->s[d - 1] : ' ';
  if (d == at - 3 || vb_is_ascii_alpha(before) || vb_is_ascii_digit(before)) return 0;
  return at - d;
}

/* "the Packard Motor Car Company", "Rider Company", "Dynamo Hockey Club":
 * a firm's or a club's name, tokens [a, b) ending on its head i
 * (data/short-form-heads.txt), whose first word is its own — capitalised,
 * no list's or rule's, no stop word, no given name, no ordinal before it
 * — names it alone elsewhere in the document ("two large Packard signs",
 * "a guide for Rider", "Dynamo's victory"), as the gold's conventions
 * give the short form the firm's referent. */
static int firm_short_form(const ctx *c, uint32_t a, uint32_t i, uint32_t b, uint32_t pre) {
  const tok *h = &c->toks.v[i], *w = &c->toks.v[a];
  if (b != i + 1 || a + 1 > i || pre || !vb_wl_has(VB_WL_SHORT_FORM_HEADS, tlight(c, h), h->llen)) return 0;
  return (w->flags & T_CAP) && !(w->flags & (T_BLOCKED | T_ARTICLE)) && w->taken < 0 && w->llen >= 3 &&
         !(wclass(c, w) & (VB_W_STOP | VB_W_SUFFIX | VB_W_PLACE | VB_W_EVENT)) && !given(c, w);
}

/* Is a known place's name at token j (after "the")? */
static int place_at(const ctx *c, uint32_t j) {
  if (j < c->toks.n && word_is(c, &c->toks.v[j], "the")) j++;
  if (j >= c->toks.n || c->toks.v[j].taken < 0) return 0;
  const cand *y = &c->cands.v[c->toks.v[j].taken];
  return !y->dead && y->a == j && c->ents.v[y->entity].type == VB_ENT_PLACE;
}

/* Is [a, b) one place's demonym or adjective the lists know ("African"
 * for Africa, "Balkan" for the Balkans): a place's find, written other
 * than the place's name? */
static int demonym_at(const ctx *c, uint32_t a, uint32_t b) {
  const tok *t = &c->toks.v[a];
  if (t->taken < 0) return 0;
  const cand *x = &c->cands.v[t->taken];
  if (x->dead || x->a != a || x->b != b || c->ents.v[x->entity].type != VB_ENT_PLACE) return 0;
  const char *name = c->ents.v[x->entity].name;
  size_t n = c->toks.v[b - 1].end - t->start;
  return strlen(name) != n || memcmp(name, c->s + t->start, n) != 0;
}

/* Whether head i is a publication's noun ("Daily") that a paper's name
 * goes on after: a capitalised word right after it no list or rule has
 * taken, no stop word, no capitals ("Daily Eagle"; not "China Daily"). */
static int paper_goes_on(const ctx *c, uint32_t i) {
  const tok *t = &c->toks.v[i], *nx = i + 1 < c->toks.n ? &c->toks.v[i + 1] : NULL;
  return nx && (nx->flags & (T_CAP | T_JOIN)) == (T_CAP | T_JOIN) && nx->start == t->end + 1 && nx->taken < 0 &&
         !(nx->flags & (T_UPPER | T_BLOCKED | T_ARTICLE)) && !(wclass(c, nx) & VB_W_STOP) &&
         (vb_lexicon_class(c->lx, tlight(c, t), t->llen) & VB_W_MEDIA);
}

/* Is token a, alone, a known organisation written in capitals ("NATO")? */
static int acronym_body(const ctx *c, uint32_t a) {
  const tok *w = &c->toks.v[a];
  if (!(w->flags & T_UPPER) || w->taken < 0) return 0;
  const cand *x = &c->cands.v[w->taken];
  return x->a == a && x->b == a + 1 && c->ents.v[x->entity].type == VB_ENT_ORG;
}

static int head_forms(ctx *c, const cand *titles, size_t ntitles) {
  if (c->caps_mode) return 0;
  for (uint32_t i = 0; i < c->toks.n; i++) {
    tok *t = &c->toks.v[i];
    unsigned cls = (t->flags & T_CAP) ? wclass(c, t) & (VB_W_SUFFIX | VB_W_PLACE | VB_W_EVENT) : 0;
    if (!cls) continue;
    /* "Revolution Palace": the last head heads the name; a head that
     * also begins names begins one before a name ("Boulevard Montmartre",
     * not "Paris's Boulevard") */
    if (i + 1 < c->toks.n && (c->toks.v[i + 1].flags & (T_CAP | T_JOIN)) == (T_CAP | T_JOIN) &&
        (wclass(c, &c->toks.v[i + 1]) & (VB_W_SUFFIX | VB_W_PLACE | VB_W_EVENT) ||
         (vb_lexicon_class(c->lx, tlight(c, t), t->llen) & VB_W_PLACE_START)))
      continue;
    /* "the Administrative Court Proceedings Code": a document's head a
     * word or two later heads the whole, no body's name inside */
    if ((cls & (VB_W_SUFFIX | VB_W_PLACE)) == VB_W_SUFFIX && event_ahead(c, i)) continue;
    /* "Park Dong-hoon": a given name of the East Asian kind after it makes
     * the head a surname */
    if (i + 1 < c->toks.n && (c->toks.v[i + 1].flags & (T_CAP | T_JOIN)) == (T_CAP | T_JOIN) &&
        syllable_after(c, i, i + 2))
      continue;
    uint32_t a = i;
    while (a > 0 && (c->toks.v[a].flags & T_JOIN) && name_word(c, &c->toks.v[a - 1]) &&
           !(c->toks.v[a - 1].flags & T_BLOCKED) && i - a < 6)
      a--;
    /* "the Loss and Damage Fund", "the Trade and Development Board": an
     * ordinary word capitalised and "and" before a body's name are part of
     * it (not a name of its own: "Russia and Security Council") */
    if ((cls & VB_W_SUFFIX) && a >= 2 && a < i && (c->toks.v[a].flags & (T_CAP | T_JOIN)) == (T_CAP | T_JOIN) &&
        c->toks.v[a].taken < 0 && word_is(c, &c->toks.v[a - 1], "and") && (c->toks.v[a - 1].flags & T_JOIN)) {
      /* "the World Travel and Tourism Council": up to three such words */
      uint32_t s = a - 2;
      if (plain_word(c, &c->toks.v[s]))
        while (s >= 1 && s + 4 > a && (c->toks.v[s].flags & T_JOIN) && plain_word(c, &c->toks.v[s - 1])) s--;
      if (plain_word(c, &c->toks.v[s]) &&
          !(s >= 1 && (c->toks.v[s].flags & T_JOIN) && (c->toks.v[s - 1].flags & T_CAP) &&
            !(wclass(c, &c->toks.v[s - 1]) & VB_W_STOP)))
        a = s;
    }
    while (a < i && (determiner(c, &c->toks.v[a]) || !(c->toks.v[a].flags & (T_CAP | T_ARTICLE))))
      a++;
    /* a sentence's first word is no name's by its capital alone */
    while (a < i && (c->toks.v[a].flags & T_INITIAL) && (wclass(c, &c->toks.v[a]) & VB_W_STOP)) a++;
    /* "the Order For Services to the Fatherland": after a head that
     * makes no entity, a stop word begins no body's name */
    if (a > 0 && (c->toks.v[a - 1].flags & T_BLOCKED))
      while (a < i && (wclass(c, &c->toks.v[a]) & VB_W_STOP)) a++;
    /* "Member States": a word that makes no name before a head leaves it
     * alone */
    if (a + 1 == i && (vb_lexicon_class(c->lx, tlight(c, &c->toks.v[a]), c->toks.v[a].llen) & VB_W_NO_NAME)) a = i;
    /* "the African States", "the Balkan States": a place's demonym right
     * before the plural of a state is that place; the plural makes no name
     * of it (a listed name is the list's: "Baltic republics"). Not before
     * "of" ("the new African States of Malawi and Zambia" names them), nor
     * "American", which the lists give the United States while "the
     * American States" are the Americas' */
    if (a < i && (word_is(c, t, "states") || word_is(c, t, "republics")) &&
        !(i + 1 < c->toks.n && word_is(c, &c->toks.v[i + 1], "of")) && !word_is(c, &c->toks.v[a], "american") &&
        demonym_at(c, a, i))
      a = i;
    /* "the 4th Air Force and Air Defence Army", "the 58th Army": an
     * ordinal in figures right before a military unit's name is part of
     * it, and makes a name of a head alone (data/unit-heads.txt) */
    uint32_t pre = (cls & VB_W_SUFFIX) ? ordinal_before(c, a) : 0, pre_at = a;
    if (pre && !vb_wl_has(VB_WL_UNIT_HEADS, tlight(c, t), t->llen)) pre = 0;
    /* "Interior Minister Park Sung-joon": a place's head right after a
     * title is a name the title goes with, no place */
    if ((cls & (VB_W_PLACE | VB_W_SUFFIX | VB_W_EVENT)) == VB_W_PLACE) {
      int titled = 0;
      for (size_t k = 0; k < ntitles; k++)
        if (titles[k].b == i && titles[k].a >= a) titled = 1;
      if (titled) continue;
    }
    /* "a United Nations Council to administer the Territory": after an
     * indefinite article a known name and a head are the name and a
     * common noun, no body's name (not "a Pacific Islands Forum meeting") */
    if (a < i && t->taken < 0 && c->toks.v[a].taken >= 0 && c->cands.v[c->toks.v[a].taken].a == a &&
        c->cands.v[c->toks.v[a].taken].b == i && indefinite_before(c, c->toks.v[a].start) &&
        !noun_after(c, t->end, VB_W_HELD)) {
      t->flags |= T_BLOCKED;
      continue;
    }
    /* the UN's committees are named at length ("Ad Hoc Committee on the
     * Restructuring of the Economic and Social Sectors of the United
     * Nations System": 15 words after "on"); an event's name is not let
     * run so far (it would take the body it was ratified in) */
    uint32_t b = of_tail(c, i + 1, (cls & VB_W_EVENT) ? 10 : 24);
    /* "the NATO Alliance", "the OAU Assembly": after a body's acronym the
     * lists know, a head naming that body or an organ every body of its
     * kind has adds nothing to the name (data/acronym-heads.txt) */
    if (b == i + 1 && a + 1 == i && t->taken < 0 && acronym_body(c, a) &&
        vb_wl_has(VB_WL_ACRONYM_HEADS, tlight(c, t), t->llen)) {
      t->flags |= T_BLOCKED;
      continue;
    }
    /* "… for the Liberation of South Viet-Nam": a place ends a purpose */
    if (b > i + 2 && word_is(c, &c->toks.v[i + 1], "for")) b = place_tail(c, b);
    /* "the Brooklyn Daily Eagle", "the Daily Telegraph": a head that is
     * also a publication's noun ("Daily") goes on to one capitalised word
     * after it, the paper's name's last */
    if (b == i + 1 && paper_goes_on(c, i)) b = i + 2;
    uint32_t whose = whose_body(c, a, i, b);
    if (whose != VB_MAP_NONE) a = c->cands.v[c->toks.v[a].taken].b;
    /* "New York's Times Square": a known place and a possessive before a
     * name are a name of their own (not "Murdoch Children's Research
     * Institute"); so is a body's name ended by its head and a possessive
     * ("Stanford University's Center on Poverty and Inequality": the
     * university, then the center) */
    for (uint32_t j = i; whose == VB_MAP_NONE && j > a; j--) {
      if (!possessive_after(c, j - 1)) continue;
      if (c->toks.v[j - 1].taken >= 0 && c->cands.v[c->toks.v[j - 1].taken].b == j &&
          c->ents.v[c->cands.v[c->toks.v[j - 1].taken].entity].type == VB_ENT_PLACE) {
        a = j;
        break;
      }
      if (j - 1 > a && (wclass(c, &c->toks.v[j - 1]) & VB_W_SUFFIX) && c->toks.v[a].taken >= 0 &&
          c->cands.v[c->toks.v[a].taken].a == a && c->cands.v[c->toks.v[a].taken].b == j &&
          c->ents.v[c->cands.v[c->toks.v[a].taken].entity].type == VB_ENT_ORG) {
        a = j; /* a known body: "Harvard University's Kennedy School" */
        break;
      }
      if (j - 1 > a && (wclass(c, &c->toks.v[j - 1]) & VB_W_SUFFIX) && !covered(c, a, j)) {
        uint32_t oe = entity_named(c, VB_ENT_ORG, c->s + c->toks.v[a].start, c->toks.v[j - 1].end - c->toks.v[a].start);
        if (oe == VB_MAP_NONE) return oom(c, t->start);
        int rc = add_cand(c, a, j, oe);
        if (rc) return rc;
        take(c, a, j, (int32_t)c->cands.n - 1);
        a = j;
        break;
      }
    }
    if (a != pre_at) pre = 0; /* the ordinal was before words now no part of the name */
    /* "24th Street in Manhattan", "Research Institute in Melbourne": what
     * follows "in" or "on" a place or an institution says where it is;
     * after an institution "on" says so only before a place ("the Center
     * on Poverty and Inequality" is one name) */
    if (b > i + 1 && (word_is(c, &c->toks.v[i + 1], "in") || word_is(c, &c->toks.v[i + 1], "on")) &&
        ((cls & (VB_W_PLACE | VB_W_SUFFIX | VB_W_EVENT)) == VB_W_PLACE ||
         ((cls & VB_W_SUFFIX) && (vb_lexicon_class(c->lx, tlight(c, t), t->llen) & VB_W_ORG_NOUN) &&
          (word_is(c, &c->toks.v[i + 1], "in") || place_at(c, i + 2)))))
      b = i + 1;
    if (b > i + 1 && a < i && word_is(c, &c->toks.v[i + 1], "of") &&
        !vb_wl_has(VB_WL_CIVIL_HEADS, tlight(c, t), t->llen)) {
      /* "State Council of Russia": the place only says whose (a body no
       * state's organ keeps it: "Rosicrucian Society of England") */
      int32_t k = c->toks.v[b - 1].taken;
      if (k >= 0 && c->ents.v[c->cands.v[k].entity].type == VB_ENT_PLACE) b = i + 1;
    }
    if (b > i + 4 && (vb_lexicon_class(c->lx, tlight(c, t), t->llen) & VB_W_STATE_BODY) &&
        word_is(c, &c->toks.v[i + 1], "of")) {
      /* "the Council of Ministers of the Soviet Union": after a state
       * body's head, a second "of" and a place ending the name only say
       * whose, as above (not a purpose's: "Front for the Liberation of
       * South Viet-Nam"; not another body's: "Association of Innovative
       * Regions of Russia") */
      int32_t k = c->toks.v[b - 1].taken;
      if (k >= 0 && c->ents.v[c->cands.v[k].entity].type == VB_ENT_PLACE && c->cands.v[k].a > i + 3) {
        uint32_t o = (uint32_t)c->cands.v[k].a - 1;
        if (o > i + 2 && word_is(c, &c->toks.v[o], "the")) o--;
        if (o > i + 2 && word_is(c, &c->toks.v[o], "of")) b = o;
      }
    }
    /* a known name that ends here and covers the run says what it is:
     * "West Bank" is a place, whatever "Bank" suggests — unless a body's
     * purpose goes on after it ("National Front for the Liberation of
     * South Viet-Nam"): then it is the start of a longer name */
    if (t->taken >= 0 && c->cands.v[t->taken].b == i + 1 && c->cands.v[t->taken].a <= a &&
        (whose != VB_MAP_NONE || !purpose_after(c, i, b))) {
      if (whose != VB_MAP_NONE) {
        cand *x = &c->cands.v[t->taken];
        uint32_t e = body_of(c, x->entity, c->toks.v[x->a].start, c->toks.v[x->b - 1].end, whose, 0);
        if (e == VB_MAP_NONE) return oom(c, t->start);
        x->entity = e;
      }
      continue;
    }
    if (a == i && b == i + 1 && !pre) {
      if (t->taken < 0) t->flags |= T_BLOCKED;
      continue;
    }
    /* known names inside that reach outside the run stay as they are; so
     * do organisations and people inside a place's name ("Eurasian
     * Economic Community Member States") */
    int clash = 0;
    for (uint32_t j = a; j < b; j++) {
      int32_t k = c->toks.v[j].taken;
      if (k >= 0 && (c->cands.v[k].a < a || c->cands.v[k].b > b)) clash = 1;
      if (k >= 0 && (cls & (VB_W_PLACE | VB_W_SUFFIX | VB_W_EVENT)) == VB_W_PLACE &&
          c->ents.v[c->cands.v[k].entity].type != VB_ENT_PLACE)
        clash = 1;
    }
    if (clash) continue;
    /* "the upcoming Shanghai Forum summit", "a Pacific Islands Forum
     * meeting": an event's name (not one named by where it was held,
     * `eventat`) with a noun of what is held after it (`held`) names the
     * body that holds them, an organisation; a place inside is no mention */
    if ((cls & (VB_W_EVENT | VB_W_SUFFIX)) == VB_W_EVENT && a < i && b == i + 1 &&
        !(vb_lexicon_class(c->lx, tlight(c, t), t->llen) & VB_W_EVENT_AT) && noun_after(c, t->end, VB_W_HELD))
      cls = VB_W_SUFFIX;
    if (cls & VB_W_EVENT) {
      /* "the Battle of Stalingrad", "the Treaty of Waitangi": the unknown
       * name an event of the kind named by where it was (`eventat`: not
       * "the Address of Nazarbayev") is "of" — no ordinary word, no one
       * the document knows as a person, no given name — is that place */
      if (b > i + 2 && b - i - 2 <= 3 && word_is(c, &c->toks.v[i + 1], "of") &&
          (vb_lexicon_class(c->lx, tlight(c, t), t->llen) & VB_W_EVENT_AT)) {
        int place = !given(c, &c->toks.v[i + 2]);
        c->key.len = 0;
        for (uint32_t j = i + 2; place && j < b; j++) {
          const tok *w = &c->toks.v[j];
          if (!(w->flags & T_CAP) || (w->flags & (T_UPPER | T_BLOCKED)) || w->taken >= 0 ||
              (wclass(c, w) & VB_W_STOP) || vb_lexicon_common_word(c->lx, tlight(c, w), w->llen))
            place = 0;
          if (j > i + 2) vb_buf_addc(&c->key, ' ');
          vb_buf_add(&c->key, tlight(c, w), w->llen);
        }
        if (c->key.failed) return oom(c, t->start);
        if (place && vb_map_get(&c->people, c->key.ptr, c->key.len) == VB_MAP_NONE) {
          int rc = named(c, i + 2, b, VB_ENT_PLACE);
          if (rc) return rc;
        }
      }
      /* "the San Francisco Conference": words that begin as a place's
       * name does, before the head, are the place it was held in */
      const tok *f = &c->toks.v[a];
      if (a + 2 <= i && f->taken < 0 && !covered(c, a, i) &&
          (vb_lexicon_class(c->lx, tlight(c, f), f->llen) & VB_W_PLACE_START)) {
        int rc = named(c, a, i, VB_ENT_PLACE);
        if (rc) return rc;
      }
      for (uint32_t j = a; j < b; j++)
        if (c->toks.v[j].taken < 0) c->toks.v[j].flags |= T_BLOCKED;
      i = b - 1;
      continue;
    }
    uint32_t s0 = c->toks.v[a].start - pre, s1 = c->toks.v[b - 1].end;
    if (vb_lexicon_rejected(c->lx, c->s + s0, s1 - s0)) continue;
    int short_form = firm_short_form(c, a, i, b, pre);
    for (uint32_t j = a; j < b; j++) {
      int32_t k = c->toks.v[j].taken;
      if (k >= 0) c->cands.v[k].dead = 1;
    }
    vb_etype type = (cls & VB_W_SUFFIX) ? VB_ENT_ORG : VB_ENT_PLACE;
    uint32_t e = whose != VB_MAP_NONE ? body_of(c, VB_MAP_NONE, s0, s1, whose, 1)
                                      : entity_named(c, type, c->s + s0, s1 - s0);
    if (e == VB_MAP_NONE) return oom(c, s0);
    /* the firm or club by its first word alone, wherever the document
     * names it so (people_again), where no person is named by it */
    if (short_form && vb_map_get(&c->short_forms, tlight(c, &c->toks.v[a]), c->toks.v[a].llen) == VB_MAP_NONE &&
        vb_map_set(&c->short_forms, tlight(c, &c->toks.v[a]), c->toks.v[a].llen, e))
      return oom(c, s0);
    int rc = add_cand(c, a, b, e);
    if (rc) return rc;
    c->cands.v[c->cands.n - 1].pre = pre;
    take(c, a, b, (int32_t)c->cands.n - 1);
    i = b - 1;
  }
  return 0;
}

/* Is lexicon entry e a country (one of iso-codes' own)? */
static int country_entry(const vb_lexicon *lx, uint32_t e) {
  return e != VB_MAP_NONE && e < lx->iso_names.n && lx->iso_names.v[e] != NULL;
}

/* "the Russian Security Council", "the New Zealand Parliament", "the
 * Kazakh Foreign Ministry": a country's name or demonym before the name of
 * a state's body only says whose it is (the gold's conventions, as "State
 * Council of Russia"): the country is a mention of its own, the body is
 * named by the rest, and stays the entity it was (the Security Council of
 * Russia, not the UN's). A body's head (`statebody`: Ministry, Parliament,
 * Council …) ends the rest; Council with a word before it ("Federation
 * Council", not "European Council"); a region or continent ("European
 * Parliament") is no country. */
/* The lists' organisation that the rest of a country's body's name,
 * s[r0, r1), names by itself, when it is that country's: the entry of the
 * whole, had (the lists' "US Congress" is "Congress"), or one whose own
 * name begins with the country (a spelling the lists lack: "U.S.
 * Congress" is the entry "US Congress"; "Indian Congress" is no entry's).
 * Returns its entry, or VB_MAP_NONE. */
static uint32_t country_rest(const ctx *c, uint32_t country, uint32_t had, uint32_t r0, uint32_t r1) {
  uint32_t le = vb_lexicon_find_spelled(c->lx, VB_ENT_ORG, c->s + r0, r1 - r0);
  if (le == VB_MAP_NONE) return VB_MAP_NONE;
  const vb_lex_entry *y = &c->lx->entries.v[le];
  if (had != VB_MAP_NONE && strcmp(c->ents.v[had].key, y->ckey) == 0) return le;
  const char *sp = strchr(y->name, ' ');
  if (!sp || vb_lexicon_find(c->lx, VB_ENT_PLACE, y->name, (size_t)(sp - y->name)) != country) return VB_MAP_NONE;
  return le;
}

/* The lists' organisation a name begins with a country's letters written
 * with periods stands for ("U.S. Army"): the entry spelled without them
 * ("US Army"), whose name begins with that country; VB_MAP_NONE when the
 * first word has no period or no such entry is listed. */
static uint32_t dotted_entry(const vb_lexicon *lx, const char *name, size_t n) {
  const char *sp = memchr(name, ' ', n);
  size_t w = sp ? (size_t)(sp - name) : n, o = 0;
  if (!sp || !memchr(name, '.', w) || n >= 128) return VB_MAP_NONE;
  char buf[128] = {0};
  for (size_t i = 0; i < w; i++)
    if (name[i] != '.') buf[o++] = name[i];
  uint32_t country = vb_lexicon_find(lx, VB_ENT_PLACE, buf, o);
  if (!country_entry(lx, country)) return VB_MAP_NONE;
  memcpy(buf + o, name + w, n - w);
  o += n - w;
  uint32_t le = vb_lexicon_find_spelled(lx, VB_ENT_ORG, buf, o);
  if (le == VB_MAP_NONE) return VB_MAP_NONE;
  const char *en = lx->entries.v[le].name, *esp = strchr(en, ' ');
  if (!esp || vb_lexicon_find(lx, VB_ENT_PLACE, en, (size_t)(esp - en)) != country) return VB_MAP_NONE;
  return le;
}

static int country_bodies(ctx *c) {
  for (uint32_t k = 0; k < c->cands.n; k++) {
    cand *x = &c->cands.v[k];
    if (x->dead || x->b - x->a < 2 || c->toks.v[x->a].taken != (int32_t)k ||
        c->ents.v[x->entity].type != VB_ENT_ORG)
      continue;
    const tok *h = &c->toks.v[x->b - 1];
    int state = (vb_lexicon_class(c->lx, tlight(c, h), h->llen) & VB_W_STATE_BODY) != 0;
    for (uint32_t n = 3; n >= 1; n--) {
      uint32_t a = x->a, r = a + n;
      if (r >= x->b) continue;
      int caps = 1;
      for (uint32_t j = a; j < x->b; j++)
        if (!(c->toks.v[j].flags & T_CAP) || (j > a && !(c->toks.v[j].flags & T_JOIN))) caps = 0;
      /* an abbreviation's period may end the country's name ("U.S.") */
      uint32_t s0 = c->toks.v[a].start, s1 = c->toks.v[r - 1].end;
      if (s1 < c->toks.v[r].start && c->s[s1] == '.') s1++;
      if (!caps || c->toks.v[r].start != s1 + 1) continue;
      uint32_t le = vb_lexicon_find(c->lx, VB_ENT_PLACE, c->s + s0, s1 - s0);
      if (!country_entry(c->lx, le)) continue;
      /* "the US Congress", "the U.S. Senate": the rest a listed body's
       * name by itself, the country's, is that body */
      /* ... the country by its name or letters ("US", "U.S."), not a
       * demonym, which may begin a listed name ("Palestinian Islamic
       * Jihad") */
      const vb_lex_entry *y0 = &c->lx->entries.v[le];
      int named_so = (c->toks.v[a].flags & T_UPPER) ||
                     (strlen(y0->name) == s1 - s0 && memcmp(y0->name, c->s + s0, s1 - s0) == 0);
      uint32_t body = named_so ? country_rest(c, le, x->entity, c->toks.v[r].start, c->toks.v[x->b - 1].end)
                               : VB_MAP_NONE;
      /* "the U.S. Army": the letters with their periods before a rest no
       * entry spells alone are the entry spelled without them ("US
       * Army"), whole, as that spelling is */
      uint32_t whole = body == VB_MAP_NONE && named_so
                           ? dotted_entry(c->lx, c->s + s0, c->toks.v[x->b - 1].end - s0)
                           : VB_MAP_NONE;
      if (whole != VB_MAP_NONE) {
        const vb_lex_entry *z = &c->lx->entries.v[whole];
        uint32_t we = entity_for(c, VB_ENT_ORG, z->ckey, strlen(z->ckey), z->name, strlen(z->name));
        if (we == VB_MAP_NONE) return oom(c, s0);
        c->cands.v[k].entity = we;
        break;
      }
      if (body == VB_MAP_NONE && (!state || n > 2 || (word_is(c, h, "council") && x->b - r < 2))) continue;
      if (body != VB_MAP_NONE) {
        const vb_lex_entry *z = &c->lx->entries.v[body];
        uint32_t be = entity_for(c, VB_ENT_ORG, z->ckey, strlen(z->ckey), z->name, strlen(z->name));
        if (be == VB_MAP_NONE) return oom(c, s0);
        x = &c->cands.v[k];
        x->entity = be;
      }
      const vb_lex_entry *y = &c->lx->entries.v[le];
      uint32_t e = entity_for(c, VB_ENT_PLACE, y->ckey, strlen(y->ckey), y->name, strlen(y->name));
      if (e == VB_MAP_NONE) return oom(c, s0);
      x = &c->cands.v[k];
      x->a = r;
      int rc = add_cand(c, a, r, e);
      if (rc) return rc;
      take(c, a, r, (int32_t)c->cands.n - 1);
      break;
    }
  }
  return 0;
}

/* The place the live candidate on token j is, if j is its first word and
 * the place is a country; VB_MAP_NONE otherwise. *le gets its entry. */
static uint32_t country_at(const ctx *c, uint32_t j, uint32_t *le) {
  if (j >= c->toks.n || c->toks.v[j].taken < 0) return VB_MAP_NONE;
  const cand *y = &c->cands.v[c->toks.v[j].taken];
  if (y->dead || y->a != j || c->ents.v[y->entity].type != VB_ENT_PLACE) return VB_MAP_NONE;
  const char *nm = c->ents.v[y->entity].name;
  *le = vb_lexicon_find(c->lx, VB_ENT_PLACE, nm, strlen(nm));
  return country_entry(c->lx, *le) ? y->entity : VB_MAP_NONE;
}

/* Does the paragraph at hand name the country of lexicon entry le? */
static int country_in_paragraph(const ctx *c, uint32_t le) {
  const char *cname = c->lx->entries.v[le].name;
  for (uint32_t k = 0; k < c->cands.n; k++) {
    const cand *y = &c->cands.v[k];
    if (y->dead || c->toks.v[y->a].taken != (int32_t)k || c->ents.v[y->entity].type != VB_ENT_PLACE) continue;
    const char *nm = c->ents.v[y->entity].name;
    if (strcmp(nm, cname) == 0 || vb_lexicon_find(c->lx, VB_ENT_PLACE, nm, strlen(nm)) == le) return 1;
  }
  return 0;
}

/* The doc entity of the body of country place p (a doc entity, lexicon
 * entry ple) whose name without its country is `rest`: "Supreme Court of
 * Pakistan", the lists' entry if they spell it ("Supreme Court of Israel"
 * is the Israeli Supreme Court). */
static uint32_t body_of_country(ctx *c, const char *rest, uint32_t ple) {
  const char *cn = c->lx->entries.v[ple].name;
  char buf[256];
  int n = snprintf(buf, sizeof buf, "%s of %s", rest, cn);
  if (n < 0 || (size_t)n >= sizeof buf) return VB_MAP_NONE;
  return entity_named(c, VB_ENT_ORG, buf, (size_t)n);
}

/* The lists' bodies named "<country> <rest>" whose rest alone is one of
 * their spellings ("US Supreme Court": "Supreme Court"; "US Congress":
 * "Congress") are that country's only when the text says so. The rest
 * with a country before it ("the US", "Pakistan's") or "of" and a country
 * after it ("the Supreme Court of India") is that country's body; the rest
 * alone is the body of the country the document has named it of before
 * or after (its own first), else the lists' when the paragraph names their
 * country; else, in a UN delegation's speech, its country's unless the
 * speech names the lists' country ("the Congress" of a Soviet speech is
 * the United States'); else of the country the document names most (the
 * lists' when it names theirs as often, or no country).
 * The first pass only notes what the document says (`whole`, `abroad`,
 * `seen`); the second resolves. */
static int bare_bodies(ctx *c, int pass) {
  for (uint32_t k = 0; k < c->cands.n; k++) {
    cand *x = &c->cands.v[k];
    if (x->dead || c->toks.v[x->a].taken != (int32_t)k) continue;
    uint32_t e = x->entity;
    if (c->ents.v[e].type != VB_ENT_ORG) continue;
    const char *name = c->ents.v[e].name, *sp = strchr(name, ' ');
    uint32_t s0 = c->toks.v[x->a].start, s1 = c->toks.v[x->b - 1].end;
    if (!sp || strlen(sp + 1) != s1 - s0 || strncasecmp(sp + 1, c->s + s0, s1 - s0) != 0) continue;
    uint32_t own = vb_lexicon_find(c->lx, VB_ENT_PLACE, name, (size_t)(sp - name));
    if (!country_entry(c->lx, own)) continue;
    /* the country the text says: just before, or "of [the]" after */
    uint32_t ple = VB_MAP_NONE, p = VB_MAP_NONE;
    if (x->a > 0 && c->toks.v[x->a - 1].taken >= 0) {
      const cand *y = &c->cands.v[c->toks.v[x->a - 1].taken];
      if (y->b == x->a && ((c->toks.v[x->a].flags & T_JOIN) || possessive_after(c, x->a - 1)))
        p = country_at(c, y->a, &ple);
    }
    if (p == VB_MAP_NONE && x->b + 1 < c->toks.n && word_is(c, &c->toks.v[x->b], "of")) {
      uint32_t j = x->b + 1;
      if (word_is(c, &c->toks.v[j], "the")) j++;
      p = country_at(c, j, &ple);
    }
    if (pass == 0) {
      if (p == VB_MAP_NONE) continue;
      if (ple == own) c->ents.v[e].whole = 1;
      else if (!c->ents.v[e].abroad) c->ents.v[e].abroad = p + 1;
      continue;
    }
    if (p == VB_MAP_NONE && !c->ents.v[e].whole) {
      if (c->ents.v[e].abroad) {
        const char *an = c->ents.v[c->ents.v[e].abroad - 1].name;
        ple = vb_lexicon_find(c->lx, VB_ENT_PLACE, an, strlen(an));
      } else if (!country_in_paragraph(c, own)) {
        const vb_lex_entry *oy = &c->lx->entries.v[own];
        uint32_t oe = vb_map_get(&c->by_key, oy->ckey, strlen(oy->ckey));
        uint32_t most = oe != VB_MAP_NONE ? c->ents.v[oe].seen : 0;
        const vb_str *speaks = &c->d->view.meta.country;
        if (speaks->len && !most) ple = vb_lexicon_find(c->lx, VB_ENT_PLACE, speaks->ptr, speaks->len);
        for (uint32_t i = 0; !speaks->len && i < c->ents.n; i++) {
          const ent *z = &c->ents.v[i];
          if (z->type != VB_ENT_PLACE || z->seen <= most) continue;
          uint32_t zl = vb_lexicon_find(c->lx, VB_ENT_PLACE, z->name, strlen(z->name));
          if (!country_entry(c->lx, zl)) continue;
          most = z->seen;
          ple = zl;
        }
      }
    }
    if (ple == VB_MAP_NONE || ple == own || !country_entry(c->lx, ple)) continue;
    uint32_t be = body_of_country(c, sp + 1, ple);
    if (be == VB_MAP_NONE) return oom(c, s0);
    c->cands.v[k].entity = be;
  }
  return 0;
}

/* "the Republic of Kyrgyzstan", "the Kingdom of Bhutan": a polity's word
 * (`polity`) and "of" before a country's name are part of the name, a
 * mention of the country. A word before it makes a name the lists know
 * ("Democratic Republic of the Congo") or none: it is left alone. */
static int polity_names(ctx *c) {
  for (uint32_t k = 0; k < c->cands.n; k++) {
    cand *x = &c->cands.v[k];
    uint32_t a = x->a;
    if (x->dead || a < 1 || c->toks.v[a].taken != (int32_t)k) continue;
    /* "the People's Republic of Angola": the lists' long name ("Republic
     * of Angola") begins with the polity's word itself */
    const tok *p0 = &c->toks.v[a];
    if ((p0->flags & T_CAP) && x->b > a + 2 && (vb_lexicon_class(c->lx, tlight(c, p0), p0->llen) & VB_W_POLITY))
      a += 2;
    else if (a < 2 || !(c->toks.v[a].flags & T_JOIN))
      continue;
    const tok *of = &c->toks.v[a - 1], *p = &c->toks.v[a - 2];
    if (!word_is(c, of, "of") || !(of->flags & T_JOIN) || (of->taken >= 0 && of->taken != (int32_t)k) ||
        (p->taken >= 0 && p->taken != (int32_t)k) || !(p->flags & T_CAP) ||
        !(vb_lexicon_class(c->lx, tlight(c, p), p->llen) & VB_W_POLITY))
      continue;
    /* "the People's Democratic Republic of Algeria", "the Democratic
     * Republic of Viet-Nam": ordinary words before the polity's word are
     * part of the country's long name; any other capitalised word makes
     * another name ("Kyrgyz Republic of …" is not Kyrgyzstan's) */
    uint32_t start = a - 2;
    while (start > 0 && a - 2 - start < 3) {
      const tok *q = &c->toks.v[start - 1];
      if (!((c->toks.v[start].flags & T_JOIN) || possessive_after(c, start - 1)) || !(q->flags & T_CAP) ||
          q->taken >= 0 || (q->flags & T_UPPER) || (wclass(c, q) & VB_W_STOP) ||
          !vb_lexicon_common_word(c->lx, tlight(c, q), q->llen))
        break;
      start--;
    }
    if (start > 0 && ((c->toks.v[start].flags & T_JOIN) || possessive_after(c, start - 1)) &&
        (c->toks.v[start - 1].flags & T_CAP) && !(c->toks.v[start - 1].flags & T_INITIAL))
      continue;
    const ent *e = &c->ents.v[x->entity];
    if (e->type != VB_ENT_PLACE ||
        !country_entry(c->lx, vb_lexicon_find(c->lx, VB_ENT_PLACE, e->name, strlen(e->name))))
      continue;
    if (start == x->a) continue;
    /* the longer name may be another country's: "People's Republic of
     * China" is not the "Republic of China" the lists matched inside it
     * (across a line break the whole was not matched) */
    uint32_t s0 = c->toks.v[start].start, s1 = c->toks.v[x->b - 1].end;
    uint32_t le = vb_lexicon_find(c->lx, VB_ENT_PLACE, c->s + s0, s1 - s0);
    if (le != VB_MAP_NONE) {
      const vb_lex_entry *y = &c->lx->entries.v[le];
      uint32_t ne = entity_for(c, y->type, y->ckey, strlen(y->ckey), y->name, strlen(y->name));
      if (ne == VB_MAP_NONE) return oom(c, s0);
      x = &c->cands.v[k];
      x->entity = ne;
    }
    x->a = start;
    take(c, start, x->b, (int32_t)k);
  }
  return 0;
}

/* "the Indian and Atlantic Oceans": a plural place's head after two
 * names joined by "and" heads each of them; a name the lists know with the
 * head ("Indian Ocean") is that place, not what the word alone names
 * (India). */
static int shared_heads(ctx *c) {
  for (uint32_t i = 3; i < c->toks.n; i++) {
    const tok *h = &c->toks.v[i];
    if ((h->flags & (T_CAP | T_JOIN)) != (T_CAP | T_JOIN) || h->llen < 4 || tlight(c, h)[h->llen - 1] != 's' ||
        !word_is(c, &c->toks.v[i - 2], "and") ||
        !(vb_lexicon_class(c->lx, tlight(c, h), h->llen - 1u) & VB_W_PLACE))
      continue;
    for (uint32_t j = i - 3; j <= i - 1; j += 2) {
      const tok *w = &c->toks.v[j];
      if (!(w->flags & T_CAP) || (w->taken >= 0 && (c->cands.v[w->taken].a != j || c->cands.v[w->taken].b != j + 1)))
        continue;
      vb_buf q;
      vb_buf_init(&q, 64);
      vb_buf_add(&q, c->s + w->start, w->end - w->start);
      vb_buf_addc(&q, ' ');
      vb_buf_add(&q, c->s + h->start, h->end - h->start - 1);
      uint32_t le = q.failed ? VB_MAP_NONE : vb_lexicon_find_spelled(c->lx, VB_ENT_PLACE, q.ptr, q.len);
      int failed = q.failed;
      vb_buf_free(&q);
      if (failed) return oom(c, w->start);
      if (le == VB_MAP_NONE) continue;
      const vb_lex_entry *x = &c->lx->entries.v[le];
      uint32_t e = entity_for(c, VB_ENT_PLACE, x->ckey, strlen(x->ckey), x->name, strlen(x->name));
      if (e == VB_MAP_NONE) return oom(c, w->start);
      if (w->taken >= 0) {
        c->cands.v[w->taken].entity = e;
      } else {
        int rc = add_cand(c, j, j + 1, e);
        if (rc) return rc;
        take(c, j, j + 1, (int32_t)c->cands.n - 1);
      }
    }
  }
  return 0;
}

/* Is token j preceded by no word ("Mr. Jan", ", Jan", a paragraph's
 * start) or by a capitalised word that may stand before a name (a title:
 * "President Jan") — not by a lowercase word or a stop word ("in June",
 * "In June")? */
static int after_no_word(const ctx *c, uint32_t j) {
  const tok *t = &c->toks.v[j];
  uint32_t at = t->start;
  while (at > 0 && (c->s[at - 1] == ' ' || c->s[at - 1] == '\n')) at--;
  if (at == 0 || !(vb_is_ascii_alpha((unsigned char)c->s[at - 1]) || (unsigned char)c->s[at - 1] >= 0x80)) return 1;
  if (j == 0) return 0;
  const tok *p = &c->toks.v[j - 1];
  return p->end == at && (p->flags & T_CAP) &&
         (!(wclass(c, p) & VB_W_STOP) || (vb_lexicon_class(c->lx, tlight(c, p), p->llen) & VB_W_BARE));
}

/* Does the stop word at token j stand inside a person's name here? An
 * initial ("A. A. Gromyko": one capital, its period, a capitalised word
 * joined after) or a given name the stop list holds as a month or a
 * creed ("Jan Kavan", "Christian Wulff") before a word no list or
 * dictionary knows otherwise, where no word of time goes before it
 * (not "In June Kavan said"). */
static int stop_in_name(const ctx *c, uint32_t j) {
  if (j + 1 >= c->toks.n) return 0;
  const tok *t = &c->toks.v[j], *nx = &c->toks.v[j + 1];
  if (!(nx->flags & T_CAP) || !(nx->flags & T_JOIN) || nx->taken >= 0) return 0;
  if (t->end - t->start == 1 && c->s[t->end] == '.') {
    if (nx->end - nx->start == 1) return c->s[nx->end] == '.' && stop_in_name(c, j + 1);
    return !(nx->flags & T_UPPER) && !(wclass(c, nx) & VB_W_STOP);
  }
  return t->llen >= 3 && !(nx->flags & T_UPPER) && given(c, t) && !(wclass(c, nx) & VB_W_STOP) && nx->llen >= 3 &&
         !vb_lexicon_common_word(c->lx, tlight(c, nx), nx->llen) && after_no_word(c, j);
}

static uint32_t name_run(const ctx *c, uint32_t i) {
  uint32_t b = i;
  while (b < c->toks.n && b - i < MAX_CONTEXT_WORDS && c->toks.v[b].taken < 0) {
    const tok *t = &c->toks.v[b];
    if (b > i && !(t->flags & T_JOIN)) break;
    if (!name_word(c, t) || (t->flags & T_BLOCKED) || ((wclass(c, t) & VB_W_STOP) && !stop_in_name(c, b))) break;
    b++;
    /* "Savimbi's UNITA" is two names: an unknown word's possessive ends
     * the run, an ordinary word's or a given name's may stand inside one
     * ("People's Republic", "St. John's College") */
    if (possessive_after(c, b - 1) && !vb_lexicon_common_word(c->lx, tlight(c, t), t->llen) &&
        !given(c, t) && !(t->flags & T_UPPER))
      break;
  }
  /* a name does not end on a particle or an article */
  while (b > i && !(c->toks.v[b - 1].flags & T_CAP)) b--;
  return b;
}

static int know_person(ctx *c, const char *name, size_t n, uint32_t e);
static int hyphen_thing(ctx *c, uint32_t a, uint32_t b);

static int syllables(const char *name, size_t n);

/* "Yoon Suk Yeol", "Lee Jae-myung": a name of the East Asian kind (three
 * short words, or a short word and a hyphenated given name) puts the
 * surname first. Returns the first word's length then, else 0. */
static size_t surname_first(const char *name, size_t n) {
  size_t i = 0, ws, we, words = 0, first = 0, longest = 0;
  while (vb_word_next(name, n, i, &ws, &we)) {
    i = we;
    if (!words) first = we - ws;
    if (we - ws > longest) longest = we - ws;
    words++;
  }
  if (first < 3 || first > 4) return 0;
  if ((words == 3 && longest <= 4 && !memchr(name, '-', n)) || syllables(name, n)) return first;
  return 0;
}

/* A two-word name whose second word is two short syllables a hyphen joins,
 * the second lowercase ("Lee Jae-myung", "Ban Ki-moon"). */
static int syllables(const char *name, size_t n) {
  const char *sp = memchr(name, ' ', n);
  if (!sp) return 0;
  const char *w = sp + 1, *end = name + n, *hy = memchr(w, '-', (size_t)(end - w));
  if (!hy || memchr(w, ' ', (size_t)(end - w)) || hy - w < 2 || hy - w > 4 || end - hy - 1 < 2 || end - hy - 1 > 5)
    return 0;
  for (const char *q = hy + 1; q < end; q++)
    if (!vb_is_ascii_lower((unsigned char)*q)) return 0;
  return 1;
}

/* Words that are all ordinary English words ("Member States", "Security
 * Forces") are no one's name. */
static int common_words(const ctx *c, uint32_t a, uint32_t b) {
  for (uint32_t i = a; i < b; i++) {
    const tok *t = &c->toks.v[i];
    if (t->llen < 2 || (t->flags & T_ARTICLE)) continue;
    if (!vb_lexicon_common_word(c->lx, tlight(c, t), t->llen)) return 0;
  }
  return 1;
}

/* Words that are all ones the dictionary writes only in lowercase
 * ("Science Monitor"; not "Brown", which is also a name). */
static int only_common_words(const ctx *c, uint32_t a, uint32_t b) {
  for (uint32_t i = a; i < b; i++) {
    const tok *t = &c->toks.v[i];
    if (!vb_lexicon_only_common(c->lx, tlight(c, t), t->llen)) return 0;
  }
  return 1;
}

/* Bytes a person's name runs on past its last word: the lowercase
 * syllable of a hyphenated given name of the East Asian kind ("Lee
 * Sang-min", "Ban Ki-moon": a short word, a hyphen, a short lowercase
 * one), never a suffix of a single name ("Obama-era"). */
static uint32_t syllable_after(const ctx *c, uint32_t a, uint32_t b) {
  const tok *t = &c->toks.v[b - 1];
  uint32_t end = (uint32_t)c->d->view.body.len, e = t->end + 1;
  if (b - a < 2 || t->end - t->start > 4 || e >= end || c->s[t->end] != '-') return 0;
  while (e < end && vb_is_ascii_lower((unsigned char)c->s[e])) e++;
  if (e == t->end + 1 || e - t->end - 1 > 5 || (e < end && (vb_is_ascii_alpha((unsigned char)c->s[e]) || c->s[e] == '-')))
    return 0;
  /* "mankind-the Universal Common Good-and not …": a hyphen standing
   * for a dash before a function word joins no syllable ("Common
   * Good-and" was a person); not a syllable of two letters, which may be
   * one ("Moon Jae-in") */
  if (e - t->end - 1 >= 3 && vb_wl_has(VB_WL_FUNCTION_WORDS, c->s + t->end + 1, e - t->end - 1)) return 0;
  return e - t->end;
}

static int person(ctx *c, uint32_t a, uint32_t b, const char *role, size_t rlen) {
  uint32_t ext = syllable_after(c, a, b);
  uint32_t s0 = c->toks.v[a].start, s1 = c->toks.v[b - 1].end + ext;
  if (vb_lexicon_rejected(c->lx, c->s + s0, s1 - s0)) return 0;
  uint32_t e = entity_named(c, VB_ENT_PERSON, c->s + s0, s1 - s0);
  if (e == VB_MAP_NONE) return oom(c, s0);
  /* this spelling finds them again ("Alice N. Moreau" as well as "Alice Moreau") */
  int krc = know_person(c, c->s + s0, s1 - s0, e);
  if (krc) return krc;
  if (role && rlen && !c->ents.v[e].role) c->ents.v[e].role = vb_arena_strndup(c->d->arena, role, rlen);
  int rc = add_cand(c, a, b, e);
  if (rc) return rc;
  c->cands.v[c->cands.n - 1].ext = ext;
  take(c, a, b, (int32_t)c->cands.n - 1);
  return 0;
}

/* Between a title and a name: a space, or an abbreviation's period and a
 * space ("Mr. Stolk", "Dr. Raul Prebisch"). An abbreviation is written
 * with its capital: "Yes, sir. Agreed." ends a sentence. */
static int title_gap(const ctx *c, const tok *title, const tok *name) {
  if (is_space_gap(c->s, title->end, name->start) && name->start > title->end) return 1;
  return name->start == title->end + 2 && c->s[title->end] == '.' && c->s[title->end + 1] == ' ' &&
         title->end - title->start <= 3 && (title->flags & T_CAP);
}

/* Tokens [a, b) name a place or an organisation (of `type`), found from
 * context: the candidate, unless an analyst rejected the name. */
static int named(ctx *c, uint32_t a, uint32_t b, vb_etype type) {
  uint32_t s0 = c->toks.v[a].start, s1 = c->toks.v[b - 1].end;
  if (vb_lexicon_rejected(c->lx, c->s + s0, s1 - s0)) return 0;
  uint32_t x = entity_named(c, type, c->s + s0, s1 - s0);
  if (x == VB_MAP_NONE) return oom(c, s0);
  int rc = add_cand(c, a, b, x);
  if (rc) return rc;
  take(c, a, b, (int32_t)c->cands.n - 1);
  return 0;
}

/* "District Attorney of San Francisco, where …": the names an office is
 * of are a place's, never a person's (two or three capitalised words, no
 * ordinary word or title among them: not "Secretary of State Mike
 * Pompeo", not "Representative of the President Vladimir Putin"). */
static int office_of(ctx *c, uint32_t j, const cand *titles, size_t n) {
  if (c->caps_mode) return 0;
  uint32_t e = name_run(c, j);
  if (e - j < 2 || e - j > 3) return 0;
  for (uint32_t i = j; i < e; i++) {
    const tok *t = &c->toks.v[i];
    if (!(t->flags & T_CAP) || (t->flags & T_UPPER) || vb_lexicon_common_word(c->lx, tlight(c, t), t->llen))
      return 0;
  }
  for (size_t k = 0; k < n; k++)
    if (titles[k].a < e && titles[k].b > j) return 0;
  return named(c, j, e, VB_ENT_PLACE);
}

/* Pass 1c: a name after a title ("Foreign Minister Sergey Lavrov",
 * "Hamas spokesman Hazem Qassem"). In a headline only known names count,
 * and those already are candidates: the title then gives their role. */
/* Is token t the first word of the name `name` (by light form: "Jose" is
 * "José")? */
static int first_name_is(const ctx *c, const tok *t, const char *name) {
  size_t ws, we;
  vb_word_form f;
  if (!vb_word_next(name, strlen(name), 0, &ws, &we) || vb_word_forms(name + ws, we - ws, &f)) return 1;
  return f.llen == t->llen && memcmp(f.light, tlight(c, t), t->llen) == 0;
}

/* Are tokens [a, b) each a given name or a word no list or dictionary
 * knows, none in capitals, as words before a surname are? */
static int before_surname(const ctx *c, uint32_t a, uint32_t b) {
  for (uint32_t j = a; j < b; j++) {
    const tok *t = &c->toks.v[j];
    if ((t->flags & (T_UPPER | T_ARTICLE)) || t->taken >= 0) return 0;
    if (given(c, t)) continue;
    if (t->llen < 3 || (wclass(c, t) & VB_W_STOP) || vb_lexicon_class(c->lx, tlight(c, t), t->llen) != 0 ||
        vb_lexicon_common_word(c->lx, tlight(c, t), t->llen) || vb_lexicon_name_word(c->lx, tlight(c, t), t->llen))
      return 0;
  }
  return 1;
}

static int office_words(const ctx *c, uint32_t a, uint32_t e);

static int titles_rule(ctx *c, const cand *titles, size_t n) {
  for (size_t k = 0; k < n; k++) {
    uint32_t b = titles[k].b;
    if (b >= c->toks.n || covered(c, titles[k].a, titles[k].b)) continue;
    /* "Brigadier General Reza Tavakoli": the longer title speaks */
    int inner = 0;
    for (size_t j = 0; j < n; j++)
      if (j != k && titles[j].a <= b && titles[j].b > b && titles[j].a >= titles[k].a) inner = 1;
    if (inner) continue;
    /* "President of Russia Vladimir Putin": the title says of what */
    if (b + 2 < c->toks.n && word_is(c, &c->toks.v[b], "of") && (c->toks.v[b].flags & T_JOIN)) {
      uint32_t j = b + 1;
      if (word_is(c, &c->toks.v[j], "the") && (c->toks.v[j].flags & T_JOIN)) j++;
      int32_t kx = j < c->toks.n ? c->toks.v[j].taken : -1;
      if (kx >= 0 && c->cands.v[kx].a == j && (c->toks.v[j].flags & T_JOIN) &&
          c->ents.v[c->cands.v[kx].entity].type != VB_ENT_PERSON && c->cands.v[kx].b < c->toks.n)
        b = c->cands.v[kx].b;
      else if (kx < 0 && (c->toks.v[j].flags & T_JOIN)) {
        int rc = office_of(c, j, titles, n);
        if (rc) return rc;
      }
    }
    const tok *nx = &c->toks.v[b];
    /* the name follows the title at once: "Mr. Stolk", "Director Igor
     * Sechin" — not "… representative, the Members" */
    if (!title_gap(c, &c->toks.v[b - 1], nx)) continue;
    /* "Trade Minister", "Regional Development Minister": capitalised words
     * before a listed title belong to it */
    uint32_t ra = titles[k].a;
    while (ra > 0 && (c->toks.v[ra].flags & T_JOIN) && c->toks.v[ra - 1].taken < 0 &&
           (c->toks.v[ra - 1].flags & T_CAP) && !(c->toks.v[ra - 1].flags & T_INITIAL) &&
           !(wclass(c, &c->toks.v[ra - 1]) & VB_W_STOP) && titles[k].a - ra < 3)
      ra--;
    const char *role = c->s + c->toks.v[ra].start;
    size_t rlen = c->toks.v[b - 1].end - c->toks.v[ra].start;
    /* "Mr", "President", "Director" alone say nothing of the person's
     * office: a role is a title of more words ("Foreign Minister",
     * "Hamas spokesman") or one that names an office ("Analyst") */
    if (!memchr(role, ' ', rlen) && ra + 1 == b) {
      const tok *rt = &c->toks.v[ra];
      if (vb_lexicon_class(c->lx, tlight(c, rt), rt->llen) & VB_W_BARE) rlen = 0;
    }
    if (nx->taken >= 0) {
      cand *x = &c->cands.v[nx->taken];
      ent *e = &c->ents.v[x->entity];
      /* "Mr Hague", "Mrs Jordan": after a title of one word the name is a
       * person's, though a place is called so (not "DR Congo") */
      if (x->a == b && x->b == b + 1 && e->type != VB_ENT_PERSON && ra + 1 == b &&
          !(c->toks.v[ra].flags & T_UPPER) &&
          (vb_lexicon_class(c->lx, tlight(c, &c->toks.v[ra]), c->toks.v[ra].llen) & VB_W_BARE) &&
          !(b + 1 < c->toks.n && (c->toks.v[b + 1].flags & T_JOIN) &&
            ((c->toks.v[b + 1].flags & T_CAP) || word_is(c, &c->toks.v[b + 1], "of")))) {
        x->dead = 1;
        take(c, b, b + 1, -1);
        /* the person the document names in full ("William Hague … Mr Hague") */
        uint32_t who = vb_map_get(&c->people, tlight(c, nx), nx->llen);
        if (who != VB_MAP_NONE && c->ents.v[who].type == VB_ENT_PERSON) {
          int rc = add_cand(c, b, b + 1, who);
          if (rc) return rc;
          take(c, b, b + 1, (int32_t)c->cands.n - 1);
          continue;
        }
        int rc = person(c, b, b + 1, NULL, 0);
        if (rc) return rc;
        continue;
      }
      if (x->a == b && e->type == VB_ENT_PERSON && !e->role && rlen)
        e->role = vb_arena_strndup(c->d->arena, role, rlen);
      continue;
    }
    if (c->caps_mode || !(nx->flags & T_CAP)) continue;
    uint32_t e = name_run(c, b);
    if (e == b) continue;
    /* "Prime Minister Anthony Blair": a given name before a known person */
    if (e < c->toks.n && (c->toks.v[e].flags & T_JOIN) && c->toks.v[e].taken >= 0) {
      cand *x = &c->cands.v[c->toks.v[e].taken];
      /* "Prime Minister Charles Kennedy": a given name other than the
       * known person's before the bare surname names someone else, as it
       * does without a title ("Laura Bush") */
      uint32_t one = e + 1 + ((c->toks.v[e].flags & T_ARTICLE) != 0);
      if (x->a == e && x->b == one && (e == b + 1 || (e - b <= 3 && before_surname(c, b, e))) &&
          c->ents.v[x->entity].type == VB_ENT_PERSON &&
          !first_name_is(c, &c->toks.v[b], c->ents.v[x->entity].name)) {
        x->dead = 1;
        take(c, e, one, -1);
        int rc = person(c, b, one, role, rlen);
        if (rc) return rc;
        continue;
      }
      if (x->a == e && c->ents.v[x->entity].type == VB_ENT_PERSON) {
        uint32_t who = x->entity, end = x->b;
        x->dead = 1;
        int rc = add_cand(c, b, end, who);
        if (rc) return rc;
        take(c, b, end, (int32_t)c->cands.n - 1);
        continue;
      }
    }
    /* "Mr Federal Chancellor", "Mr Federal Minister": a form of address
     * made of an office's words, no one's name */
    if (office_words(c, b, e)) continue;
    int rc = person(c, b, e, role, rlen);
    if (rc) return rc;
  }
  return 0;
}

static int opening_quote(const char *s, uint32_t at, uint32_t *len) {
  if (at >= 1 && (s[at - 1] == '"' || s[at - 1] == '\'')) return (*len = 1);
  if (at >= 3 && (memcmp(s + at - 3, "\xe2\x80\x9c", 3) == 0 || memcmp(s + at - 3, "\xe2\x80\x98", 3) == 0))
    return (*len = 3); /* “ ‘ */
  if (at >= 2 && memcmp(s + at - 2, "\xc2\xab", 2) == 0) return (*len = 2); /* « */
  return 0;
}

/* Whether the tokens [a, b) stand inside a quoted title: an opening quote
 * before them, with only more capitalised words between ("Super Mario
 * Run"), and a closing quote right after. */
static int quoted(const ctx *c, uint32_t a, uint32_t b) {
  uint32_t s0 = c->toks.v[a].start, s1 = c->toks.v[b - 1].end, q;
  while (!opening_quote(c->s, s0, &q)) {
    if (a == 0 || !(c->toks.v[a].flags & T_JOIN) || !(c->toks.v[a - 1].flags & T_CAP)) return 0;
    s0 = c->toks.v[--a].start;
  }
  const char *e = c->s + s1;
  size_t left = c->d->view.body.len - s1;
  /* "Super Mario Run," — the comma or period inside the quotes */
  if (left >= 2 && (e[0] == ',' || e[0] == '.')) {
    e++;
    left--;
  }
  return (left >= 1 && (e[0] == '"' || e[0] == '\'')) ||
         (left >= 3 && (memcmp(e, "\xe2\x80\x9d", 3) == 0 || memcmp(e, "\xe2\x80\x99", 3) == 0)) ||
         (left >= 2 && memcmp(e, "\xc2\xbb", 2) == 0);
}

/* Whether the word before byte `at` (one space away) is a preposition of
 * place. The word is read from the text: prepositions are too common to
 * be tokens. */
static int locative_before(const ctx *c, uint32_t at) {
  uint32_t e = at;
  if (e >= 2 && memcmp(c->s + e - 2, "\xc2\xa0", 2) == 0) e -= 2;
  else if (e >= 1 && c->s[e - 1] == ' ') e -= 1;
  else return 0;
  uint32_t b = e;
  while (b > 0 && e - b < 8 && vb_is_ascii_lower((unsigned char)c->s[b - 1])) b--;
  if (b == e || e - b >= 8 || (b > 0 && vb_is_ascii_alpha((unsigned char)c->s[b - 1]))) return 0;
  return (vb_lexicon_class(c->lx, c->s + b, e - b) & VB_W_LOCATIVE) != 0;
}

/* Does a preposition of place open the sentence right before token i
 * ("At Heathrow airport", "In Derbent, …"), as a lowercase one goes
 * before a name mid-sentence? */
static int initial_locative(const ctx *c, uint32_t i) {
  if (i == 0) return 0;
  const tok *p = &c->toks.v[i - 1];
  uint32_t a = c->toks.v[i].start;
  return (p->flags & (T_INITIAL | T_CAP)) == (T_INITIAL | T_CAP) &&
         ((a == p->end + 1 && c->s[p->end] == ' ') || (a == p->end + 2 && memcmp(c->s + p->end, "\xc2\xa0", 2) == 0)) &&
         (vb_lexicon_class(c->lx, tlight(c, p), p->llen) & VB_W_LOCATIVE);
}

/* "MakingStarWars.net", "Fandom.com": a site's name is an organisation,
 * and so is its name without the domain elsewhere in the document. */
static int web_names(ctx *c) {
  size_t ntld = vb_wl_count(VB_WL_WEB_DOMAINS);
  for (uint32_t i = 0; i < c->toks.n; i++) {
    const tok *t = &c->toks.v[i];
    if (t->taken >= 0 || !(t->flags & T_CAP) || t->end >= c->d->view.body.len || c->s[t->end] != '.')
      continue;
    size_t left = c->d->view.body.len - t->end - 1;
    const char *d = c->s + t->end + 1;
    for (size_t k = 0; k < ntld; k++) {
      const char *tld = vb_wl_entry(VB_WL_WEB_DOMAINS, k, NULL);
      size_t n = strlen(tld);
      if (left < n || memcmp(d, tld, n) != 0 || (left > n && vb_is_ascii_alpha((unsigned char)d[n])))
        continue;
      uint32_t e = entity_named(c, VB_ENT_ORG, c->s + t->start, t->end + 1 + n - t->start);
      if (e == VB_MAP_NONE) return oom(c, t->start);
      if (vb_map_set(&c->people, tlight(c, t), t->llen, e)) return oom(c, t->start);
      int rc = add_cand(c, i, i + 1, e);
      if (rc) return rc;
      c->cands.v[c->cands.n - 1].ext = (uint32_t)(1 + n);
      take(c, i, i + 1, (int32_t)c->cands.n - 1);
      break;
    }
  }
  return 0;
}

/* After the first pass: a site's name without its domain that begins
 * another organisation's name ("Arduino" of "Arduino.org" beside "Arduino
 * LLC" and "Arduino SRL") says no more which of them, or the project or
 * the boards, it names: it is left alone, not the site. */
static int sites_apart(ctx *c) {
  for (uint32_t i = 0; i < c->ents.n; i++) {
    const ent *x = &c->ents.v[i];
    const char *dot = x->type == VB_ENT_ORG ? strchr(x->name, '.') : NULL;
    if (!dot || dot == x->name || strchr(x->name, ' ')) continue;
    size_t n = (size_t)(dot - x->name);
    for (uint32_t j = 0; j < c->ents.n; j++) {
      const ent *y = &c->ents.v[j];
      if (j == i || y->type != VB_ENT_ORG || strncmp(y->name, x->name, n) != 0 || y->name[n] != ' ') continue;
      vb_word_form f;
      if (vb_word_forms(x->name, n, &f) || !f.llen) break;
      if (vb_map_set(&c->sites_apart, f.light, f.llen, i)) return oom(c, 0);
      break;
    }
  }
  return 0;
}

/* The light words of an organisation's name before its legal form
 * ("smart projects" of "Smart Projects SRL", "quorvex" of "Quorvex,
 * Inc."), in c->key; their length, or 0 when the name ends in no form. */
static size_t firm_stem(ctx *c, const char *name) {
  size_t n = strlen(name), at = 0, ws, we, last = 0, words = 0;
  c->key.len = 0;
  while (vb_word_next(name, n, at, &ws, &we)) {
    at = we;
    vb_word_form f;
    if (vb_word_forms(name + ws, we - ws, &f) || !f.llen) continue;
    if (c->key.len) vb_buf_addc(&c->key, ' ');
    last = c->key.len;
    vb_buf_add(&c->key, f.light, f.llen);
    words++;
  }
  if (c->key.failed || words < 2 ||
      !(vb_lexicon_class(c->lx, c->key.ptr + last, c->key.len - last) & VB_W_FIRM_FORM))
    return 0;
  return last - 1;
}

/* After the first pass: a firm the document names with its legal form
 * ("Smart Projects SRL", "Quorvex, Inc.") is that firm where it names it
 * without ("Smart Projects filed a petition"), unless the words begin two
 * such firms' names ("Arduino LLC" and "Arduino SRL": either) or the
 * document knows them as someone else's. */
static int firm_stems(ctx *c) {
  vb_map stems;
  vb_map_init(&stems);
  int rc = 0;
  for (uint32_t pass = 0; !rc && pass < 2; pass++) {
    for (uint32_t i = 0; !rc && i < c->ents.n; i++) {
      if (c->ents.v[i].type != VB_ENT_ORG) continue;
      size_t sn = firm_stem(c, c->ents.v[i].name);
      if (c->key.failed) rc = oom(c, 0);
      if (rc || !sn) continue;
      uint32_t had = vb_map_get(&stems, c->key.ptr, sn);
      if (pass == 0) {
        /* two firms of one stem: neither */
        if (had != i && vb_map_set(&stems, c->key.ptr, sn, had == VB_MAP_NONE ? i : VB_MAP_NONE - 1))
          rc = oom(c, 0);
      } else if (had == i && vb_map_get(&c->people, c->key.ptr, sn) == VB_MAP_NONE &&
                 vb_map_set(&c->people, c->key.ptr, sn, i)) {
        rc = oom(c, 0);
      }
    }
  }
  vb_map_free(&stems);
  return rc;
}

static int noun_before(const ctx *c, uint32_t at, unsigned bit);
static int known_person_word(ctx *c, uint32_t k);

/* Is "for", "at" or "by" right before s[at], a word of the press before
 * it ("a reporter for", "published at")? */
static int press_before(const ctx *c, uint32_t at) {
  static const char *const preps[] = {"for", "at", "by"};
  if (at < 2 || c->s[at - 1] != ' ') return 0;
  uint32_t e = at - 1, a = e;
  while (a > 0 && e - a < 4 && vb_is_ascii_lower((unsigned char)c->s[a - 1])) a--;
  if (a == e || (a > 0 && vb_is_ascii_alpha((unsigned char)c->s[a - 1]))) return 0;
  for (size_t k = 0; k < sizeof preps / sizeof *preps; k++)
    if (vb_eq_ci(c->s + a, e - a, preps[k])) return noun_before(c, a, VB_W_PRESS);
  return 0;
}

/* "a reporter for Breitbart Tech", "a story published at MAKEzine":
 * capitalised words no list knows after a word of the press and "for",
 * "at" or "by" name a publication, an organisation (before the places
 * found after "at"); not a given name, not a person the document names. */
static int press_names(ctx *c) {
  if (c->caps_mode) return 0;
  for (uint32_t i = 0; i < c->toks.n; i++) {
    const tok *t = &c->toks.v[i];
    if (t->taken >= 0 || !(t->flags & T_CAP) || (t->flags & (T_BLOCKED | T_INITIAL | T_ARTICLE)) ||
        !press_before(c, t->start) || given(c, t) || known_person_word(c, i))
      continue;
    uint32_t b = name_run(c, i);
    if (b == i || quoted(c, i, b)) continue;
    int rc = named(c, i, b, VB_ENT_ORG);
    if (rc) return rc;
    i = b - 1;
  }
  return 0;
}

/* How token i follows the list member before it: 1 after ", ", 2 after
 * "and" (or ", and"), 0 when it is no list's; *prev is the token after
 * that member. */
static int list_gap(const ctx *c, uint32_t i, uint32_t *prev) {
  const tok *t = &c->toks.v[i];
  if (i >= 2 && word_is(c, &c->toks.v[i - 1], "and") && c->toks.v[i - 1].end + 1 == t->start &&
      c->s[t->start - 1] == ' ') {
    uint32_t e = c->toks.v[i - 2].end, a = c->toks.v[i - 1].start;
    if (a == e + 1 || (a == e + 2 && c->s[e] == ',')) {
      *prev = i - 1;
      return 2;
    }
    return 0;
  }
  if (i >= 1 && t->start == c->toks.v[i - 1].end + 2 && c->s[t->start - 2] == ',' && c->s[t->start - 1] == ' ') {
    *prev = i;
    return 1;
  }
  return 0;
}

/* Does a list go on after token i (", X", " and X", ", and X" with X
 * capitalised)? "in Moscow, Peskov said" is no list. */
static int list_goes_on(const ctx *c, uint32_t i) {
  uint32_t prev;
  if (i + 1 < c->toks.n && (c->toks.v[i + 1].flags & T_CAP) && list_gap(c, i + 1, &prev) == 1) return 1;
  return i + 2 < c->toks.n && (c->toks.v[i + 2].flags & T_CAP) && list_gap(c, i + 2, &prev) == 2;
}

/* Is the one word at token i a member of a list of places whose first a
 * preposition of place introduces ("in Gusev and Sovetsk", "in
 * Kaliningrad, Peterhof and Yekaterinburg")? Each member before it is a
 * place; a member after a comma needs the list to go on after it. */
static int place_list(const ctx *c, uint32_t i) {
  uint32_t at = i, prev = 0;
  for (int members = 0; members < 8; members++) {
    int gap = list_gap(c, at, &prev);
    if (!gap || (members == 0 && gap == 1 && !list_goes_on(c, i))) return 0;
    /* prev is "and" (gap 2) or the member itself (gap 1): the member
     * before ends right before it */
    uint32_t end = gap == 2 ? prev : at;
    if (end == 0 || c->toks.v[end - 1].taken < 0) return 0;
    const cand *x = &c->cands.v[c->toks.v[end - 1].taken];
    if (x->b != end || c->ents.v[x->entity].type != VB_ENT_PLACE) return 0;
    const tok *first = &c->toks.v[x->a];
    if ((!(first->flags & T_INITIAL) && locative_before(c, first->start)) || initial_locative(c, x->a)) return 1;
    at = x->a;
  }
  return 0;
}

static int noun_before(const ctx *c, uint32_t at, unsigned bit);

/* Is token i right after a noun of place and "of" ("the city of Liège",
 * "the province of Kandahar"), no given name opening it? */
static int place_noun_of(const ctx *c, uint32_t i) {
  const tok *t = &c->toks.v[i];
  uint32_t at = t->start;
  if (at < 5 || memcmp(c->s + at - 4, " of ", 4) != 0 || (t->flags & T_INITIAL)) return 0;
  return noun_before(c, at - 3, VB_W_PLACE_NOUN) && !given(c, t);
}

/* Pass 1c': places by their context — an unknown name right after a
 * preposition of place ("held in Novosibirsk", "near Cape Town"), or
 * before a comma and a known place ("Merida, Mexico", "Stamford,
 * Connecticut"). Ordinary words ("in Parliament") and names of people
 * known in the document are not places. */
static int places_by_context(ctx *c) {
  if (c->caps_mode) return 0;
  for (uint32_t i = 0; i < c->toks.n; i++) {
    const tok *t = &c->toks.v[i];
    if (t->taken >= 0 || !(t->flags & T_CAP) || (t->flags & (T_ARTICLE | T_BLOCKED | T_UPPER)) ||
        (wclass(c, t) & VB_W_STOP))
      continue;
    uint32_t b = name_run(c, i);
    if (b == i || b - i > 3) continue;
    /* ordinary words make a place's name only together ("Cape Town"), or
     * after a noun of place ("the city of Liège", "the town of Bath") */
    if (common_words(c, i, b) && b - i < 2 && !place_noun_of(c, i)) continue;
    int after_prep = (!(t->flags & T_INITIAL) && locative_before(c, t->start)) || initial_locative(c, i) ||
                     place_noun_of(c, i);
    int before_place = 0;
    if (b < c->toks.n) {
      const tok *n = &c->toks.v[b];
      uint32_t e = c->toks.v[b - 1].end;
      before_place = n->start == e + 2 && c->s[e] == ',' && c->s[e + 1] == ' ' && n->taken >= 0 &&
                     c->cands.v[n->taken].a == b &&
                     c->ents.v[c->cands.v[n->taken].entity].type == VB_ENT_PLACE &&
                     /* "Vladimir Rushailo, Russia's Security Council Secretary" */
                     !possessive_after(c, c->cands.v[n->taken].b - 1);
    }
    /* "in Gusev and Sovetsk", "in Kaliningrad, Peterhof and
     * Yekaterinburg": one word (no given name: not "in Moscow and Dmitri
     * Orlov spoke") in a list of places the preposition is of */
    int in_list = !after_prep && !before_place && b == i + 1 &&
                  !given(c, t) && place_list(c, i);
    if (!after_prep && !before_place && !in_list) continue;
    /* "in Putin's view": a person the document knows */
    c->key.len = 0;
    for (uint32_t j = i; j < b; j++) {
      if (j > i) vb_buf_addc(&c->key, ' ');
      vb_buf_add(&c->key, tlight(c, &c->toks.v[j]), c->toks.v[j].llen);
    }
    if (c->key.failed) return oom(c, t->start);
    if (vb_map_get(&c->people, c->key.ptr, c->key.len) != VB_MAP_NONE) continue;
    int rc = named(c, i, b, VB_ENT_PLACE);
    if (rc) return rc;
    i = b - 1;
  }
  return 0;
}

/* The region a point of the compass (t) makes of the place entity pe,
 * named by its demonym (from t's next token to dem_end): the lexicon's
 * "East Timor" for "East Timorese", "Western Europe" for "West
 * European", else a place of its own named by the point and the place's
 * name ("South Viet-Namese": South Vietnam). */
static uint32_t compass_region(ctx *c, const tok *t, const ent *pe, uint32_t dem_end) {
  static const struct {
    const char *point, *ern;
  } forms[] = {{"North", "Northern"}, {"South", "Southern"}, {"East", "Eastern"}, {"West", "Western"}};
  uint32_t tn = t->end - t->start;
  const char *alt = NULL;
  for (size_t k = 0; k < sizeof forms / sizeof *forms; k++)
    if (strlen(forms[k].point) == tn && memcmp(c->s + t->start, forms[k].point, tn) == 0) alt = forms[k].ern;
  vb_buf q;
  vb_buf_init(&q, 128);
  uint32_t e = VB_MAP_NONE;
  /* the point and the demonym's stem ("East Timor" of "East Timorese"),
   * then the point and the place's name, then the "-ern" form of the
   * point and the name ("Western Europe" of "West European") */
  const char *dem = c->s + t[1].start;
  uint32_t dn = dem_end - t[1].start;
  for (int pass = 0; pass < 6 && e == VB_MAP_NONE; pass++) {
    if (pass == 5 && !alt) break;
    if (pass < 4 && dn < (uint32_t)pass + 5) continue;
    q.len = 0;
    vb_buf_add(&q, pass == 5 ? alt : c->s + t->start, pass == 5 ? strlen(alt) : tn);
    vb_buf_addc(&q, ' ');
    if (pass < 4) vb_buf_add(&q, dem, dn - (uint32_t)pass - 1);
    else vb_buf_adds(&q, pe->name);
    if (q.failed) break;
    uint32_t le = vb_lexicon_find_spelled(c->lx, VB_ENT_PLACE, q.ptr, q.len);
    if (le != VB_MAP_NONE) {
      const vb_lex_entry *x = &c->lx->entries.v[le];
      e = entity_for(c, VB_ENT_PLACE, x->ckey, strlen(x->ckey), x->name, strlen(x->name));
      if (e == VB_MAP_NONE) break;
    }
  }
  if (e == VB_MAP_NONE && !q.failed) {
    q.len = 0;
    vb_buf_add(&q, c->s + t->start, tn);
    vb_buf_addc(&q, ' ');
    vb_buf_adds(&q, pe->name);
    if (!q.failed) e = entity_named(c, VB_ENT_PLACE, q.ptr, q.len);
  }
  vb_buf_free(&q);
  return e;
}

/* "North Greece", "Southern Lebanon": a point of the compass right before
 * a place's name is a region of that place, a place of its own; before
 * its demonym ("West European", "South Viet-Namese"), a mention of that
 * region; before one word no list or dictionary knows, with no name or
 * noun of a body after it ("South Tyrol", "North Kivu"), a region's
 * name. */
static int compass_places(ctx *c) {
  if (c->caps_mode) return 0;
  for (uint32_t i = 0; i + 1 < c->toks.n; i++) {
    const tok *t = &c->toks.v[i], *n = &c->toks.v[i + 1];
    if (t->taken >= 0 || !(t->flags & T_CAP) || (t->flags & T_UPPER) ||
        (n->flags & (T_JOIN | T_CAP)) != (T_JOIN | T_CAP) || n->start != t->end + 1 ||
        !(vb_lexicon_class(c->lx, tlight(c, t), t->llen) & VB_W_COMPASS))
      continue;
    /* inside a longer name: "New South Wales" */
    if (i > 0 && (t->flags & T_JOIN) && (c->toks.v[i - 1].flags & T_CAP) &&
        !(wclass(c, &c->toks.v[i - 1]) & VB_W_STOP))
      continue;
    if (n->taken < 0) {
      const tok *after = i + 2 < c->toks.n ? &c->toks.v[i + 2] : NULL;
      if ((n->flags & (T_UPPER | T_BLOCKED)) || n->llen < 4 || (wclass(c, n) & VB_W_STOP) ||
          vb_lexicon_class(c->lx, tlight(c, n), n->llen) || vb_lexicon_common_word(c->lx, tlight(c, n), n->llen) ||
          vb_lexicon_name_word(c->lx, tlight(c, n), n->llen) ||
          given(c, n) ||
          (after && (after->flags & T_JOIN) && ((after->flags & T_CAP) || word_is(c, after, "of"))) ||
          noun_after(c, n->end, VB_W_ORG_NOUN) || possessive_after(c, i))
        continue;
      int rc = named(c, i, i + 2, VB_ENT_PLACE);
      if (rc) return rc;
      i++;
      continue;
    }
    cand *x = &c->cands.v[n->taken];
    const ent *pe = &c->ents.v[x->entity];
    uint32_t s0 = n->start, len = c->toks.v[x->b - 1].end - s0;
    if (x->a != i + 1 || pe->type != VB_ENT_PLACE) continue;
    uint32_t b = x->b;
    if (strlen(pe->name) != len || memcmp(pe->name, c->s + s0, len) != 0) {
      /* a demonym or another spelling, of one word or hyphenated
       * ("European", "Viet-Namese") */
      if (b != i + 2 && !hyphen_joined(c, &c->toks.v[b - 1])) continue;
      uint32_t e = compass_region(c, t, pe, c->toks.v[b - 1].end);
      if (e == VB_MAP_NONE) return oom(c, t->start);
      x->dead = 1;
      take(c, i + 1, b, -1);
      int rc = add_cand(c, i, b, e);
      if (rc) return rc;
      take(c, i, b, (int32_t)c->cands.n - 1);
      i = b - 1;
      continue;
    }
    x->dead = 1;
    take(c, i + 1, b, -1);
    int rc = named(c, i, b, VB_ENT_PLACE);
    if (rc) return rc;
    i = b - 1;
  }
  return 0;
}

/* "William Hague", "George Washington", "Michael Bloomberg", "Michael
 * Dell": a given name right before a place's or a body's name of one word
 * (not in capitals) makes a person's name of the two — unless a name goes
 * on after them, or, before a body, the given name is an ordinary word
 * opening the sentence ("Will Google …"). */
static int given_before_place(ctx *c) {
  if (c->caps_mode) return 0;
  for (uint32_t i = 0; i + 1 < c->toks.n; i++) {
    const tok *t = &c->toks.v[i], *n = &c->toks.v[i + 1];
    if (t->taken >= 0 || !(t->flags & T_CAP) || (t->flags & T_UPPER) || n->taken < 0 ||
        (n->flags & (T_JOIN | T_CAP | T_UPPER)) != (T_JOIN | T_CAP) || n->start != t->end + 1)
      continue;
    cand *x = &c->cands.v[n->taken];
    vb_etype ty = c->ents.v[x->entity].type;
    if (x->a != i + 1 || x->b != i + 2 || (ty != VB_ENT_PLACE && ty != VB_ENT_ORG)) continue;
    if (i + 2 < c->toks.n && (c->toks.v[i + 2].flags & (T_JOIN | T_CAP)) == (T_JOIN | T_CAP)) continue;
    if (!given(c, t)) continue;
    if (ty == VB_ENT_ORG && (t->flags & T_INITIAL) && vb_lexicon_common_word(c->lx, tlight(c, t), t->llen))
      continue;
    x->dead = 1;
    take(c, i + 1, i + 2, -1);
    int rc = person(c, i, i + 2, NULL, 0);
    if (rc) return rc;
    i++;
  }
  return 0;
}

/* "Building 24", "Terminal 5": a word that names a place with a number
 * after it, the number included (the cand runs on past its word). */
static int numbered_places(ctx *c) {
  uint32_t end = (uint32_t)c->d->view.body.len;
  for (uint32_t i = 0; i < c->toks.n; i++) {
    const tok *t = &c->toks.v[i];
    if (t->taken >= 0 || !(t->flags & T_CAP) || (t->flags & T_UPPER) || t->end + 2 > end || c->s[t->end] != ' ' ||
        !(vb_lexicon_class(c->lx, tlight(c, t), t->llen) & VB_W_NUMBERED))
      continue;
    uint32_t e = t->end + 1;
    while (e < end && e - t->end <= 5 && vb_is_ascii_digit((unsigned char)c->s[e])) e++;
    if (e == t->end + 1 || e - t->end > 5 || (e < end && vb_is_ascii_alpha((unsigned char)c->s[e]))) continue;
    if (vb_lexicon_rejected(c->lx, c->s + t->start, e - t->start)) continue;
    uint32_t x = entity_named(c, VB_ENT_PLACE, c->s + t->start, e - t->start);
    if (x == VB_MAP_NONE) return oom(c, t->start);
    int rc = add_cand(c, i, i + 1, x);
    if (rc) return rc;
    c->cands.v[c->cands.n - 1].ext = e - t->end;
    take(c, i, i + 1, (int32_t)c->cands.n - 1);
  }
  return 0;
}

/* The lowercase word right after byte `at` (one space away) has class
 * `bit`. Read from the text, as locative_before reads the word before. */
static int noun_after(const ctx *c, uint32_t at, unsigned bit) {
  uint32_t a = at, end = (uint32_t)c->d->view.body.len;
  if (a + 1 < end && c->s[a] == ' ') a++;
  else return 0;
  uint32_t e = a;
  while (e < end && e - a < 16 && vb_is_ascii_lower((unsigned char)c->s[e])) e++;
  if (e == a || e - a >= 16 || (e < end && vb_is_ascii_alpha((unsigned char)c->s[e]))) return 0;
  return (vb_lexicon_class(c->lx, c->s + a, e - a) & bit) != 0;
}

/* Is the word one space after byte `at`, in either case, a firm's
 * officer ("CEO", "founder")? */
static int officer_after(const ctx *c, uint32_t at) {
  uint32_t a = at + 1, end = (uint32_t)c->d->view.body.len;
  if (a >= end || c->s[at] != ' ') return 0;
  uint32_t e = a;
  /* "co-founder": a hyphen inside the word */
  while (e < end && e - a < 12 &&
         (vb_is_ascii_alpha((unsigned char)c->s[e]) ||
          (e > a && c->s[e] == '-' && e + 1 < end && vb_is_ascii_alpha((unsigned char)c->s[e + 1]))))
    e++;
  if (e == a || e - a >= 12) return 0;
  return (vb_lexicon_class(c->lx, c->s + a, e - a) & VB_W_OFFICER) != 0;
}

/* Is the word ending right before `at` (one space between) a lowercase
 * noun of class `bit` ("developer" in "Minecraft developer Mojang")? */
static int noun_before(const ctx *c, uint32_t at, unsigned bit) {
  if (at < 2 || c->s[at - 1] != ' ') return 0;
  uint32_t e = at - 1, a = e;
  while (a > 0 && e - a < 16 && vb_is_ascii_lower((unsigned char)c->s[a - 1])) a--;
  if (a == e || e - a >= 16 || (a > 0 && vb_is_ascii_alpha((unsigned char)c->s[a - 1]))) return 0;
  return (vb_lexicon_class(c->lx, c->s + a, e - a) & bit) != 0;
}

/* The same noun after one lowercase word that qualifies it ("the ORT
 * television channel", "the Konversiya non-governmental organisation"). */
static int noun_after_one(const ctx *c, uint32_t at, unsigned bit) {
  uint32_t a = at, end = (uint32_t)c->d->view.body.len;
  if (noun_after(c, at, bit)) return 1;
  if (a + 1 < end && c->s[a] == ' ') a++;
  else return 0;
  uint32_t e = a;
  while (e < end && e - a < 24 && (vb_is_ascii_lower((unsigned char)c->s[e]) || (e > a && c->s[e] == '-'))) e++;
  if (e == a || e - a >= 24 || e >= end || c->s[e] != ' ') return 0;
  return noun_after(c, e, bit);
}

/* Is the lowercase word one space after byte `at` the plural of a noun of
 * class `bit` ("rivers", "islands")? */
static int plural_after(const ctx *c, uint32_t at, unsigned bit) {
  uint32_t a = at + 1, end = (uint32_t)c->d->view.body.len;
  if (a >= end || c->s[at] != ' ') return 0;
  uint32_t e = a;
  while (e < end && e - a < 16 && vb_is_ascii_lower((unsigned char)c->s[e])) e++;
  if (e - a < 4 || e - a >= 16 || c->s[e - 1] != 's' || (e < end && vb_is_ascii_alpha((unsigned char)c->s[e])))
    return 0;
  return (vb_lexicon_class(c->lx, c->s + a, e - a - 1) & bit) != 0;
}

/* Is tok a role noun or a title, or one's plural ("Scientists",
 * "Singer", "Ministers")? */
static int role_word(const ctx *c, const tok *t) {
  static const vb_wl lists[] = {VB_WL_ROLE_NOUNS, VB_WL_ROLE_HEADS, VB_WL_TITLES};
  const char *w = tlight(c, t);
  size_t n = t->llen;
  for (size_t k = 0; k < sizeof lists / sizeof *lists; k++)
    if (vb_wl_has(lists[k], w, n) || (n > 3 && w[n - 1] == 's' && vb_wl_has(lists[k], w, n - 1))) return 1;
  return 0;
}

/* Are tokens [a, e) an office's words (data/role-adjectives.txt, role
 * nouns, titles), ending in a role word or followed at once by one:
 * "Federal Chancellor", "Federal" of "Federal Minister"? */
static int office_words(const ctx *c, uint32_t a, uint32_t e) {
  for (uint32_t i = a; i < e; i++) {
    const tok *t = &c->toks.v[i];
    if (!role_word(c, t) && !vb_wl_has(VB_WL_ROLE_ADJECTIVES, tlight(c, t), t->llen)) return 0;
  }
  return e > a && (role_word(c, &c->toks.v[e - 1]) ||
                   (e < c->toks.n && (c->toks.v[e].flags & T_JOIN) && role_word(c, &c->toks.v[e])));
}

/* Is token i the next in a list whose member before it is a person
 * ("ministers Jonathan Moyo and Saviour Kasukuwere": the word the
 * dictionary writes in lowercase begins a name there)? */
static int person_before(const ctx *c, uint32_t i) {
  uint32_t prev;
  int gap = list_gap(c, i, &prev);
  uint32_t end = gap == 2 ? prev : gap == 1 ? i : 0;
  if (!end || c->toks.v[end - 1].taken < 0) return 0;
  const cand *x = &c->cands.v[c->toks.v[end - 1].taken];
  return x->b == end && c->ents.v[x->entity].type == VB_ENT_PERSON;
}

/* Does token i come after a comma (1) or a quotation's end (2), with a
 * verb of saying one space after it ("…,” Azzouz said", "…, Azzouz
 * told")? 0 when not. */
static int said_after_quote(const ctx *c, uint32_t i) {
  const tok *t = &c->toks.v[i];
  if (i + 1 >= c->toks.n || t->start < 2 || c->s[t->start - 1] != ' ') return 0;
  const char *p = c->s + t->start - 1;
  int after = p[-1] == '"' ||
                      (t->start >= 4 && (memcmp(p - 3, "\xe2\x80\x9d", 3) == 0 || memcmp(p - 3, "\xe2\x80\x99", 3) == 0))
                  ? 2
                  : p[-1] == ',';
  const tok *nx = &c->toks.v[i + 1];
  return is_space_gap(c->s, t->end, nx->start) && nx->start == t->end + 1 && (wclass(c, nx) & VB_W_SPEECH) ? after
                                                                                                          : 0;
}

/* Is token i spoken to: after a lowercase word, a comma and a space, the
 * sentence ending right after it ("Thank you, Chris.", "You're months
 * behind me, Joe.")? Not a reference's "Tasman, Abel.", a surname first. */
static int addressed(const ctx *c, uint32_t i) {
  const tok *t = &c->toks.v[i];
  uint32_t end = (uint32_t)c->d->view.body.len;
  if (t->start < 3 || c->s[t->start - 1] != ' ' || c->s[t->start - 2] != ',' || t->end >= end) return 0;
  uint32_t w = t->start - 2;
  while (w > 0 && vb_is_ascii_alpha((unsigned char)c->s[w - 1])) w--;
  if (w == t->start - 2 || !vb_is_ascii_lower((unsigned char)c->s[w])) return 0;
  char ch = c->s[t->end];
  return ch == '.' || ch == '?' || ch == '!';
}

/* Is the given name at token i bare: no determiner and no capitalised
 * word right before it ("this Bill", "the British Bill" are bills), and
 * no place or body the lists or the document name by it or begin with it
 * ("the trip to Vladimir" of a page naming the Vladimir Region)? Then
 * the one person the document names in full with it is meant. */
static int bare_given(const ctx *c, uint32_t i) {
  const tok *t = &c->toks.v[i];
  size_t n = t->end - t->start;
  if (vb_lexicon_find(c->lx, VB_ENT_PLACE, c->s + t->start, n) != VB_MAP_NONE ||
      vb_lexicon_find(c->lx, VB_ENT_ORG, c->s + t->start, n) != VB_MAP_NONE)
    return 0;
  for (uint32_t k = 0; k < c->ents.n; k++) {
    const char *nm = c->ents.v[k].name;
    if (c->ents.v[k].type != VB_ENT_PERSON && strncmp(nm, c->s + t->start, n) == 0 &&
        (nm[n] == '\0' || nm[n] == ' '))
      return 0;
  }
  /* the word before, one space away, read from the text: lowercase
   * words are no tokens */
  uint32_t e = t->start;
  if (e < 2 || c->s[e - 1] != ' ') return 1;
  uint32_t b = --e;
  while (b > 0 && vb_is_ascii_alpha((unsigned char)c->s[b - 1])) b--;
  if (b == e) return 1;
  if (vb_is_ascii_lower((unsigned char)c->s[b])) {
    char w[8];
    if (e - b >= sizeof w) return 1;
    memcpy(w, c->s + b, e - b);
    /* "know that Joe has known pain": "that" opening a clause, a verb
     * after the name, is no determiner ("that Bill," is) */
    if (e - b == 4 && !memcmp(w, "that", 4) && t->end + 2 < c->d->view.body.len && c->s[t->end] == ' ' &&
        vb_is_ascii_lower((unsigned char)c->s[t->end + 1]))
      return 1;
    return !vb_wl_has(VB_WL_DETERMINERS, w, e - b);
  }
  /* "the British Bill": a capitalised word before it, not opening the
   * sentence */
  return i > 0 && c->toks.v[i - 1].start == b && (c->toks.v[i - 1].flags & T_INITIAL);
}

/* "Roe v. Wade", "Roe V Wade": is token i one capitalised word before a
 * court case's "v." (v, V, vs, with or without the period) and one
 * capitalised word after it, each standing alone? Returns the token after
 * "v.", or 0. The parties a case is named after are its mentions (the
 * debates' "overturning the landmark Roe V Wade ruling"). */
static uint32_t case_parties(const ctx *c, uint32_t i) {
  const tok *t = &c->toks.v[i];
  uint32_t end = (uint32_t)c->d->view.body.len, k = t->end;
  if ((t->flags & T_UPPER) || (i > 0 && (t->flags & T_JOIN) && (c->toks.v[i - 1].flags & T_CAP))) return 0;
  if (k + 3 > end || c->s[k] != ' ' || (c->s[k + 1] != 'v' && c->s[k + 1] != 'V')) return 0;
  k += 2;
  if (k < end && c->s[k] == 's') k++;
  if (k < end && c->s[k] == '.') k++;
  if (k >= end || c->s[k] != ' ') return 0;
  k++;
  uint32_t j = i + 1;
  while (j < c->toks.n && c->toks.v[j].start < k) j++;
  if (j >= c->toks.n || c->toks.v[j].start != k) return 0;
  const tok *w = &c->toks.v[j];
  if (!(w->flags & T_CAP) || (w->flags & T_UPPER) || w->llen < 2 || t->llen < 2) return 0;
  if (j + 1 < c->toks.n && (c->toks.v[j + 1].flags & (T_CAP | T_JOIN)) == (T_CAP | T_JOIN)) return 0;
  /* "Fidel V. Ramos": after a given name, V. is a middle initial; "Brown
   * v. Board of Education": a body's name goes on */
  if (given(c, t) || (w->end + 4 <= end && memcmp(c->s + w->end, " of ", 4) == 0)) return 0;
  return j;
}

/* Is token i one unknown capitalised word standing alone (no name word
 * joined before or after it, no given name, not opening a sentence)? */
static int lone_unknown(const ctx *c, uint32_t i) {
  const tok *t = &c->toks.v[i];
  if (t->taken >= 0 || !(t->flags & T_CAP) || (t->flags & (T_UPPER | T_BLOCKED | T_INITIAL | T_ARTICLE)) ||
      t->llen < 3 || (wclass(c, t) & VB_W_STOP) || vb_lexicon_common_word(c->lx, tlight(c, t), t->llen) ||
      given(c, t))
    return 0;
  if (i > 0 && (t->flags & T_JOIN) && (c->toks.v[i - 1].flags & T_CAP)) return 0;
  return name_run(c, i) == i + 1;
}

/* Is token k the first of an organisation's name found already? */
static int org_at(const ctx *c, uint32_t k) {
  const tok *t = &c->toks.v[k];
  if (t->taken < 0) return 0;
  const cand *x = &c->cands.v[t->taken];
  return x->a == k && !x->dead && c->ents.v[x->entity].type == VB_ENT_ORG;
}

/* Is the one unknown word at token i a member of a list whose member
 * right before or after it is an organisation ("accuses Oculus and
 * Facebook", "ABC News, and Politifact")? A list of bodies holds bodies. */
static int org_list(const ctx *c, uint32_t i) {
  if (!lone_unknown(c, i)) return 0;
  uint32_t prev;
  /* the member after: " and X", ", and X"; after a comma only when the
   * list goes on ("Using the LGP-30, Lorenz made" is no list) */
  if (i + 2 < c->toks.n && list_gap(c, i + 2, &prev) == 2 && org_at(c, i + 2)) return 1;
  if (i + 1 < c->toks.n && list_gap(c, i + 1, &prev) == 1 && org_at(c, i + 1) &&
      list_goes_on(c, c->cands.v[c->toks.v[i + 1].taken].b - 1))
    return 1;
  /* the member before, ending right before the gap */
  int gap = list_gap(c, i, &prev);
  if (!gap || (gap == 1 && !list_goes_on(c, i))) return 0;
  uint32_t end = gap == 2 ? prev : i;
  if (end == 0 || c->toks.v[end - 1].taken < 0) return 0;
  const cand *x = &c->cands.v[c->toks.v[end - 1].taken];
  return x->b == end && !x->dead && c->ents.v[x->entity].type == VB_ENT_ORG;
}

/* "the Amur and Ussuri rivers", "the Tarabarov and Bolshoi Ussuriisky
 * Islands": two names "and" joins before the plural of a place's noun or
 * head are each a place — the first, one unknown word, is no person's
 * name though nothing follows it. */
static int pairs_before_head(ctx *c) {
  if (c->caps_mode) return 0;
  for (uint32_t i = 1; i + 1 < c->toks.n; i++) {
    if (!word_is(c, &c->toks.v[i], "and") || !lone_unknown(c, i - 1) ||
        c->toks.v[i - 1].end + 1 != c->toks.v[i].start)
      continue;
    uint32_t k = i + 1;
    const tok *n = &c->toks.v[k];
    if (!(n->flags & T_CAP) || n->start != c->toks.v[i].end + 1) continue;
    const cand *x = n->taken >= 0 ? &c->cands.v[n->taken] : NULL;
    if (x && x->a != k) continue;
    int second = 0, head = 0;
    if ((x ? c->ents.v[x->entity].type == VB_ENT_PLACE : lone_unknown(c, k)) &&
        plural_after(c, c->toks.v[x ? x->b - 1 : k].end, VB_W_PLACE_NOUN)) {
      /* the noun after the second: "the Amur and Volga rivers" */
      second = 1;
    } else {
      /* the capitalised plural head ends the name after "and" */
      uint32_t b = x ? x->b : name_run(c, k);
      const tok *h = b > k ? &c->toks.v[b - 1] : NULL;
      head = h && b - k >= 2 && h->llen >= 4 && tlight(c, h)[h->llen - 1] == 's' &&
             (vb_lexicon_class(c->lx, tlight(c, h), h->llen - 1u) & VB_W_PLACE);
    }
    if (!second && !head) continue;
    int rc = named(c, i - 1, i, VB_ENT_PLACE);
    if (!rc && second && !x) rc = named(c, k, k + 1, VB_ENT_PLACE);
    if (rc) return rc;
    i = k;
  }
  return 0;
}

/* Is the token one unknown capitalised word that ends as companies' names
 * do ("Lucasfilm", "Microsoft", "Rostelecom"), not a word of the
 * dictionary nor a given name, with at least three letters before the
 * ending? */
static int company_word(const ctx *c, const tok *t) {
  if (t->taken >= 0 || !(t->flags & T_CAP) || (t->flags & (T_UPPER | T_BLOCKED))) return 0;
  const char *w = tlight(c, t);
  size_t n = t->llen;
  if (n < 7 || vb_lexicon_common_word(c->lx, w, n) ||
      given(c, t))
    return 0;
  for (size_t k = 4; k + 3 <= n && k <= 8; k++)
    if (vb_wl_has(VB_WL_COMPANY_ENDINGS, w + n - k, k)) return 1;
  return 0;
}

/* The end of the lowercase ASCII word beginning at byte a (at most 15
 * letters, no letter right after it), or a when there is none. */
static uint32_t lower_word(const ctx *c, uint32_t a) {
  uint32_t e = a, end = (uint32_t)c->d->view.body.len;
  while (e < end && e - a < 16 && vb_is_ascii_lower((unsigned char)c->s[e])) e++;
  if (e - a >= 16 || (e < end && vb_is_ascii_alpha((unsigned char)c->s[e]))) return a;
  return e;
}

static int known_person_word(ctx *c, uint32_t k);

/* Is the lowercase word beginning at byte a of class `bit`? */
static int lower_word_is(const ctx *c, uint32_t a, unsigned bit) {
  uint32_t e = lower_word(c, a);
  return e > a && (vb_lexicon_class(c->lx, c->s + a, e - a) & bit) != 0;
}

/* Does the one capitalised word at token i stand in a firm's dealings? A
 * verb of them right after it ("Amazon bought", an auxiliary between:
 * "Yahoo had bought"), after its hyphen ("Amazon-owned"), right before it
 * ("bought Snapchat") or before "by" and it ("owned by Amazon"); or a noun
 * of what a firm has right after it or its possessive ("Amazon
 * headquarters", "Dell's buyout"). The word is no list's, no given name,
 * no person's the document names, and one the dictionary writes as a name
 * if it knows it at all ("Amazon", "Dell"; not "Investors"). */
static int in_dealings(const ctx *c, uint32_t i) {
  static const char *const aux[] = {"has", "had", "have", "will", "would", "also", "recently", "just"};
  const tok *t = &c->toks.v[i];
  if (t->taken >= 0 || !(t->flags & T_CAP) || (t->flags & (T_BLOCKED | T_ARTICLE)) || t->llen < 3 ||
      (wclass(c, t) & VB_W_STOP) || vb_lexicon_only_common(c->lx, tlight(c, t), t->llen) ||
      given(c, t) || known_person_word((ctx *)c, i))
    return 0;
  uint32_t e = t->end, end = (uint32_t)c->d->view.body.len;
  if (e + 1 < end && c->s[e] == '-') return lower_word_is(c, e + 1, VB_W_DEAL);
  if (possessive_after(c, i)) return noun_after(c, e + (c->s[e] == '\'' ? 2u : 4u), VB_W_FIRM_NOUN);
  if (noun_after(c, e, VB_W_DEAL)) return 1;
  /* a word the dictionary knows needs the closest context: "the
   * Communist takeover", "various Powers have acquired" are no firms */
  if (vb_lexicon_common_word(c->lx, tlight(c, t), t->llen)) return 0;
  if (noun_after(c, e, VB_W_FIRM_NOUN)) return 1;
  if (e + 1 < end && c->s[e] == ' ') {
    uint32_t w = lower_word(c, e + 1);
    for (size_t k = 0; w > e + 1 && k < sizeof aux / sizeof *aux; k++)
      if (vb_eq_ci(c->s + e + 1, w - e - 1, aux[k])) return noun_after(c, w, VB_W_DEAL);
  }
  if (noun_before(c, t->start, VB_W_DEAL)) return !(t->flags & T_INITIAL);
  /* "owned by Amazon" */
  uint32_t a = t->start;
  return !(t->flags & T_INITIAL) && a >= 4 && memcmp(c->s + a - 4, " by ", 4) == 0 &&
         noun_before(c, a - 3, VB_W_DEAL);
}

/* A noun of kinship right before s[at] ("his wife Grace", "his first
 * wife, Sally"): where it starts, + 1; 0 when there is none. */
static uint32_t kin_before(const ctx *c, uint32_t at) {
  uint32_t e = at;
  if (e == 0 || c->s[e - 1] != ' ') return 0;
  e--;
  if (e > 0 && c->s[e - 1] == ',') e--;
  uint32_t b = e;
  while (b > 0 && e - b < 16 && vb_is_ascii_lower((unsigned char)c->s[b - 1])) b--;
  if (b == e || e - b >= 16 || (b > 0 && vb_is_ascii_alpha((unsigned char)c->s[b - 1]))) return 0;
  return vb_wl_has(VB_WL_KIN_WORDS, c->s + b, e - b) ? b + 1 : 0;
}

/* Which pronoun comes first in the sentence after byte `at`, within
 * twelve words: 1 a person's ("he", "her"), -1 a thing's or many's ("it",
 * "they"), 0 none. "Forrest Quell made a discovery when he was …". */
static int pronoun_after(const ctx *c, uint32_t at) {
  static const char *const person[] = {"he", "she", "his", "her", "him", "himself", "herself"};
  static const char *const other[] = {"it", "its", "itself", "they", "their", "them", "we", "our"};
  uint32_t end = (uint32_t)c->d->view.body.len, p = at;
  for (int words = 0; p < end && words < 12;) {
    unsigned char ch = (unsigned char)c->s[p];
    if (ch == '.' || ch == '!' || ch == '?' || ch == ';' || ch == ':' || ch == '"' || ch == '\n' || ch >= 0x80)
      return 0;
    if (!vb_is_ascii_alpha(ch)) {
      p++;
      continue;
    }
    uint32_t a = p;
    while (p < end && vb_is_ascii_alpha((unsigned char)c->s[p])) p++;
    words++;
    for (size_t k = 0; k < sizeof person / sizeof *person; k++)
      if (vb_eq_ci(c->s + a, p - a, person[k])) return 1;
    for (size_t k = 0; k < sizeof other / sizeof *other; k++)
      if (vb_eq_ci(c->s + a, p - a, other[k])) return -1;
  }
  return 0;
}

/* What capitalised words found from context name, when not a person: a
 * place when they begin as places' names do ("San Stefano") or a noun of
 * place follows ("the Stara Planina mountains"), an organisation when a
 * noun of one follows ("Royal Shrewsbury hospital"). */
static vb_etype kind_of_run(const ctx *c, uint32_t a, uint32_t b) {
  const tok *t = &c->toks.v[a];
  if (vb_lexicon_class(c->lx, tlight(c, t), t->llen) & VB_W_PLACE_START) return VB_ENT_PLACE;
  uint32_t e = c->toks.v[b - 1].end;
  /* "the Novo-Ogaryovo country residence": one word may qualify it */
  if (noun_after_one(c, e, VB_W_PLACE_NOUN)) return VB_ENT_PLACE;
  if (noun_after(c, e, VB_W_ORG_NOUN)) return VB_ENT_ORG;
  return VB_ENT_PERSON;
}

/* Is token i one of the four points of the compass standing alone as a
 * name: capitalised mid-sentence, neither half of a hyphenated word, after
 * "the", "between", "global" ("the West", "between East and West", "the
 * global South"), with no capital, "of" or hyphen after it? */
static int compass_alone(const ctx *c, uint32_t i, int depth);

/* The point of the compass before "and" ("East and West"), if taken alone.
 * Tokens are judged in order, so a point before it not taken was judged
 * not alone: one step back is looked at, never a chain ("East and East
 * and …" asked every point before each, quadratic and as deep on the
 * stack as the chain was long). */
static int point_before(const ctx *c, uint32_t i, int depth) {
  uint32_t j = i;
  if (j > 0 && word_is(c, &c->toks.v[j - 1], "and")) j--;
  if (j == 0 || c->toks.v[j - 1].end + 5 != c->toks.v[i].start) return 0;
  const tok *p = &c->toks.v[j - 1];
  /* taken already by this rule: a place of that one word */
  if (p->taken >= 0)
    return c->cands.v[p->taken].a == j - 1 && c->cands.v[p->taken].b == j &&
           c->ents.v[c->cands.v[p->taken].entity].type == VB_ENT_PLACE &&
           (word_is(c, p, "north") || word_is(c, p, "south") || word_is(c, p, "east") || word_is(c, p, "west"));
  return depth < 1 && compass_alone(c, j - 1, depth + 1);
}

static int compass_alone(const ctx *c, uint32_t i, int depth) {
  const tok *t = &c->toks.v[i];
  static const char *const points[] = {"north", "south", "east", "west"};
  int point = 0;
  for (size_t k = 0; k < 4; k++) point |= word_is(c, t, points[k]);
  if (!point || !(t->flags & T_CAP) || (t->flags & (T_INITIAL | T_BLOCKED | T_UPPER)) || t->taken >= 0 ||
      hyphen_joined(c, t) || t->start < 2)
    return 0;
  /* the words around it, read from the text (lowercase words are not all
   * tokens) */
  if (c->s[t->start - 1] != ' ') return 0;
  uint32_t w = t->start - 1;
  while (w > 0 && t->start - 1 - w < 8 && vb_is_ascii_lower((unsigned char)c->s[w - 1])) w--;
  if (w > 0 && vb_is_ascii_alpha((unsigned char)c->s[w - 1])) return 0;
  const char *before = c->s + w;
  size_t bn = t->start - 1 - w;
  /* after "the", "between" or "global"; after "and" only when a point
   * taken so goes before it ("East and West", not Viet Nam's "South and
   * North") */
  if (!(vb_eq_ci(before, bn, "the") || vb_eq_ci(before, bn, "between") || vb_eq_ci(before, bn, "global") ||
        (vb_eq_ci(before, bn, "and") && point_before(c, i, depth))))
    return 0;
  size_t len = c->d->view.body.len, e = t->end;
  if (e < len && (vb_is_ascii_alpha((unsigned char)c->s[e]) || c->s[e] == '\'' || c->s[e] == '-')) return 0;
  if (e + 1 < len && c->s[e] == ' ' &&
      (vb_is_ascii_upper((unsigned char)c->s[e + 1]) ||
       (e + 3 < len && c->s[e + 1] == 'o' && c->s[e + 2] == 'f' && !vb_is_ascii_alpha((unsigned char)c->s[e + 3]))))
    return 0;
  return 1;
}

/* Is token t's word no place's or body's name the lists hold, as
 * spelled (their matching by sound takes "Mike" for Mecca)? */
static int no_place_or_body(const ctx *c, const tok *t) {
  size_t n = t->end - t->start;
  return vb_lexicon_find_spelled(c->lx, VB_ENT_PLACE, c->s + t->start, n) == VB_MAP_NONE &&
         vb_lexicon_find_spelled(c->lx, VB_ENT_ORG, c->s + t->start, n) == VB_MAP_NONE;
}

/* Is token j a given name standing alone (one word, no capitalised word
 * joined after it, not in capitals), no place or body the lists know by
 * it ("Jordan", "Chad")? */
static int lone_given(const ctx *c, uint32_t j) {
  const tok *t = &c->toks.v[j];
  if (!(t->flags & T_CAP) || (t->flags & (T_UPPER | T_BLOCKED)) || !given(c, t)) return 0;
  if (j + 1 < c->toks.n && (c->toks.v[j + 1].flags & (T_CAP | T_JOIN)) == (T_CAP | T_JOIN)) return 0;
  if (j > 0 && (t->flags & T_JOIN) && (c->toks.v[j - 1].flags & T_CAP)) return 0;
  return no_place_or_body(c, t);
}

/* "you've got a guest, Mike, Michael and Sam from …": is token i one of
 * a list (", ", " and ", ", and ") of two or more given names standing
 * alone, every member one? Then each is a person. */
static int given_list(const ctx *c, uint32_t i) {
  if (!lone_given(c, i)) return 0;
  unsigned members = 1, ands = 0;
  uint32_t at = i, prev;
  for (int gap; members < 8 && (gap = list_gap(c, at, &prev));) {
    uint32_t m = gap == 2 ? prev - 1 : at - 1;
    ands += gap == 2;
    if (!(c->toks.v[m].flags & T_CAP)) break; /* "a guest, Mike": the list begins */
    if (!lone_given(c, m)) return 0;
    members++;
    at = m;
  }
  for (at = i; members < 16;) {
    uint32_t m;
    if (at + 1 < c->toks.n && list_gap(c, at + 1, &prev) == 1) m = at + 1;
    else if (at + 2 < c->toks.n && list_gap(c, at + 2, &prev) == 2) m = at + 2, ands++;
    else break;
    if (!(c->toks.v[m].flags & T_CAP)) break;
    if (!lone_given(c, m)) return 0;
    members++;
    at = m;
  }
  /* a list ends on "and": "Easton, Brian (2009)" of a reference list,
   * a surname first, is none */
  return members >= 2 && ands;
}

/* "I'm Adam curry": a given name and the lowercase word after it (the
 * captions' spelling) that are, as words, a person's name the document
 * knows ("Adam Curry:" labels the turns). Returns the person's entity and
 * sets *end to the lowercase word's end, or VB_MAP_NONE. */
static uint32_t known_lowered(ctx *c, uint32_t i, uint32_t *end) {
  const tok *t = &c->toks.v[i];
  uint32_t len = (uint32_t)c->d->view.body.len, w = t->end + 1, e = w;
  if (w >= len || c->s[t->end] != ' ' || !given(c, t) || (t->flags & T_UPPER)) return VB_MAP_NONE;
  while (e < len && vb_is_ascii_lower((unsigned char)c->s[e])) e++;
  if (e - w < 3 || (e < len && (vb_is_ascii_alpha((unsigned char)c->s[e]) || (unsigned char)c->s[e] >= 0x80)))
    return VB_MAP_NONE;
  c->key.len = 0;
  vb_buf_add(&c->key, tlight(c, t), t->llen);
  vb_buf_addc(&c->key, ' ');
  vb_buf_add(&c->key, c->s + w, e - w);
  if (c->key.failed) return VB_MAP_NONE;
  uint32_t p = vb_map_get(&c->people, c->key.ptr, c->key.len);
  if (p == VB_MAP_NONE || c->ents.v[p].type != VB_ENT_PERSON) return VB_MAP_NONE;
  *end = e;
  return p;
}

/* "Louis XIV", "Elizabeth II", "John Paul II": is token j a regnal
 * number, a Roman numeral in capitals, after the given names a run from
 * token a opens with? Then it is part of a person's name. */
static int regnal(const ctx *c, uint32_t a, uint32_t j) {
  const tok *t = &c->toks.v[j];
  if (j == a || t->end - t->start > 5 || !(t->flags & T_JOIN)) return 0;
  for (uint32_t k = t->start; k < t->end; k++)
    if (!strchr("IVX", c->s[k])) return 0;
  for (uint32_t k = a; k < j; k++)
    if (!given(c, &c->toks.v[k])) return 0;
  return 1;
}

/* Could token t, after the noun of kinship starting at byte kin, be the
 * relative's name: one capitalised word, not in capitals, not opening a
 * sentence, no place or body the lists name so (as spelled)? */
static int kin_named(const ctx *c, const tok *t, uint32_t kin) {
  if (t->start < 4 || !(t->flags & T_CAP) || (t->flags & (T_UPPER | T_INITIAL | T_BLOCKED)) || t->llen < 3) return 0;
  /* "his son Prince Philip": a title, no name */
  if (vb_wl_has(VB_WL_TITLES, c->s + t->start, t->end - t->start)) return 0;
  /* someone's relative: a possessive before the noun of kinship ("his
   * son Hunter", "Biden's son Beau"), not "the sister Republics", "two
   * brother Moslem countries" */
  uint32_t e = kin;
  if (e < 3 || c->s[e - 1] != ' ') return 0;
  uint32_t w = --e;
  while (w > 0 && (vb_is_ascii_alpha((unsigned char)c->s[w - 1]) || (unsigned char)c->s[w - 1] >= 0x80 ||
                   c->s[w - 1] == '\'')) w--;
  int possessor = (e - w >= 2 && c->s[e - 1] == 's' && c->s[e - 2] == '\'') ||
                  (e - w >= 4 && !memcmp(c->s + e - 4, "\xe2\x80\x99s", 4)) ||
                  vb_wl_has(VB_WL_POSSESSIVES, c->s + w, e - w);
  return possessor && no_place_or_body(c, t);
}

/* "John L Sullivan": is token i a given name before a middle initial, one
 * capital with or without its period (the captions write none)? Then it
 * opens the name, though the dictionary has it as a word ("john"). */
static int given_before_initial(const ctx *c, uint32_t i) {
  if (i + 2 >= c->toks.n || !given(c, &c->toks.v[i])) return 0;
  const tok *m = &c->toks.v[i + 1];
  return m->end - m->start == 1 && (m->flags & T_CAP) && (m->flags & T_JOIN) && (c->toks.v[i + 2].flags & T_JOIN);
}

/* Pass 1d: two or more capitalised words mid-sentence ("… met Karim
 * Haddad in …"), or at a sentence's start when a verb of saying follows
 * ("Karim Haddad said"). */
static int name_sequences(ctx *c) {
  if (c->caps_mode) return 0;
  for (uint32_t i = 0; i < c->toks.n; i++) {
    const tok *t = &c->toks.v[i];
    if (t->taken >= 0 || !(t->flags & T_CAP) || (t->flags & (T_ARTICLE | T_BLOCKED))) continue;
    /* inside a run that did not qualify; a stop word ends a run, so the
     * name after it begins one ("Prime Ministers Nikolai Aksyonenko and …";
     * not after a sentence's first word: "The PS4 Pro") */
    if (i > 0 && (t->flags & T_JOIN) && name_word(c, &c->toks.v[i - 1]) &&
        c->toks.v[i - 1].taken < 0 && (c->toks.v[i - 1].flags & T_CAP) && !initial_locative(c, i) &&
        !(c->toks.v[i - 1].flags & T_BLOCKED) &&
        !(!(c->toks.v[i - 1].flags & T_INITIAL) && (wclass(c, &c->toks.v[i - 1]) & VB_W_STOP) &&
          !stop_in_name(c, i - 1)))
      continue;
    /* "trade between East and West", "the West": a point of the compass
     * alone, written as a name, is the part of the world it stands for
     * (not "the North of Mali", not "North-South" cooperation) */
    if (compass_alone(c, i, 0)) {
      int rc = named(c, i, i + 1, VB_ENT_PLACE);
      if (rc) return rc;
      continue;
    }
    /* "Roe v. Wade": a court case's parties, one word each, unless a
     * list already took them */
    uint32_t party = case_parties(c, i);
    if (party && c->toks.v[party].taken < 0) {
      int rc = person(c, i, i + 1, NULL, 0);
      if (!rc) rc = person(c, party, party + 1, NULL, 0);
      if (rc) return rc;
      i = party;
      continue;
    }
    uint32_t b = name_run(c, i);
    /* "Laura Bush", "Charles Kennedy": a given name (or a word no list or
     * dictionary knows: "Cesare") right before a listed person's bare
     * surname names someone else of that name (the lists' own spellings
     * of the person were matched whole: "John Kennedy"); two or three
     * such words too, and the surname with its article ("Nassir
     * Abdulaziz Al-Nasser" is not Gamal Abdel Nasser) */
    if (b > i && b - i <= 3 && b < c->toks.n && (c->toks.v[b].flags & T_JOIN) && c->toks.v[b].taken >= 0 &&
        before_surname(c, i, b)) {
      cand *x = &c->cands.v[c->toks.v[b].taken];
      uint32_t one = b + 1 + ((c->toks.v[b].flags & T_ARTICLE) != 0);
      /* "Joseph Vissarionovich Stalin" is the listed Joseph Stalin: several
       * words name someone else only when the first is not the listed
       * person's given name */
      if (x->a == b && x->b == one && c->ents.v[x->entity].type == VB_ENT_PERSON &&
          (b == i + 1 || !first_name_is(c, t, c->ents.v[x->entity].name))) {
        x->dead = 1;
        take(c, b, one, -1);
        int rc = person(c, i, one, NULL, 0);
        if (rc) return rc;
        i = one - 1;
        continue;
      }
    }
    /* "Norvel CEO Dara Vintrop": capitalised words ending on a firm's
     * officer in capitals are the firm's name, without the title */
    if (b > i + 1 && (c->toks.v[b - 1].flags & T_UPPER) &&
        (vb_lexicon_class(c->lx, tlight(c, &c->toks.v[b - 1]), c->toks.v[b - 1].llen) & VB_W_OFFICER)) {
      int rc = named(c, i, b - 1, VB_ENT_ORG);
      if (rc) return rc;
      i = b - 1;
      continue;
    }
    /* "Whole Foods co-founder John Mackey": capitalised words a firm's
     * officer follows are the firm's name, ordinary words or not */
    if (b > i + 1 && !(c->toks.v[b - 1].flags & T_UPPER) && officer_after(c, c->toks.v[b - 1].end) &&
        !quoted(c, i, b)) {
      int rc = named(c, i, b, VB_ENT_ORG);
      if (rc) return rc;
      i = b - 1;
      continue;
    }
    /* "published in the journal Current Biology", "the newspaper
     * Kommersant": capitalised words right after a noun of publication
     * name it, ordinary words or not */
    if (b > i && !(t->flags & T_INITIAL) && noun_before(c, t->start, VB_W_MEDIA) && !quoted(c, i, b) &&
        !given(c, t)) {
      int rc = named(c, i, b, VB_ENT_ORG);
      if (rc) return rc;
      i = b - 1;
      continue;
    }
    unsigned caps = 0, longest = 0;
    for (uint32_t j = i; j < b; j++) {
      caps += (c->toks.v[j].flags & T_CAP) != 0;
      if (c->toks.v[j].llen > longest) longest = c->toks.v[j].llen;
    }
    /* "his wife Grace": a given name alone after a noun of kinship */
    /* (or any one capitalised word there, mid-sentence, no place or body
     * the lists know by it: "his son Hunter", "Biden's son Beau", names
     * the given-name lists leave out as English words) */
    uint32_t kin = b == i + 1 && !quoted(c, i, b) ? kin_before(c, t->start) : 0;
    if (kin && (given(c, t) || kin_named(c, t, kin - 1))) {
      int rc = person(c, i, b, NULL, 0);
      if (rc) return rc;
      continue;
    }
    /* "Amazon bought Whole Foods", "Dell's buyout": one unknown word in a
     * firm's dealings is the firm, wherever the document names it again */
    if (b == i + 1 && in_dealings(c, i) && !quoted(c, i, b)) {
      int rc = named(c, i, b, VB_ENT_ORG);
      if (rc) return rc;
      if (t->taken >= 0 && vb_map_set(&c->people, tlight(c, t), t->llen, c->cands.v[t->taken].entity))
        return oom(c, t->start);
      continue;
    }
    /* "by Vulture magazine", "the Kestrel newspaper": one capitalised word,
     * ordinary or not, a publication's noun follows (a body's too:
     * "magazine", "newspaper"), no given name, names the publication */
    if (b == i + 1 && !(t->flags & T_INITIAL) && noun_after(c, t->end, VB_W_MEDIA) &&
        noun_after(c, t->end, VB_W_ORG_NOUN) && !given(c, t) && !quoted(c, i, b)) {
      int rc = named(c, i, b, VB_ENT_ORG);
      if (rc) return rc;
      continue;
    }
    /* "Lucasfilm", "Rostelecom": one unknown word that ends as
     * companies' names do (data/company-endings.txt) */
    if (b == i + 1 && company_word(c, t) && !quoted(c, i, b)) {
      int rc = named(c, i, b, VB_ENT_ORG);
      if (rc) return rc;
      continue;
    }
    /* one unknown word a noun of place or of a body follows: "the
     * Zavodskoy district", "the Konversiya non-governmental organisation";
     * or that a noun of what a firm does goes before, no given name:
     * "Minecraft developer Mojang", "retail giant Tesco" */
    if (b == i + 1 && longest >= 3 && !(t->flags & T_INITIAL) && !(i > 0 && connector(c, i - 1)) &&
        !vb_lexicon_common_word(c->lx, tlight(c, t), t->llen) && !quoted(c, i, b)) {
      uint32_t e = t->end;
      int firm = (noun_before(c, t->start, VB_W_FIRM_ROLE) &&
                  !given(c, t)) ||
                 officer_after(c, e) || org_list(c, i);
      vb_etype one = noun_after(c, e, VB_W_PLACE_NOUN)                ? VB_ENT_PLACE
                     : firm || noun_after_one(c, e, VB_W_ORG_NOUN) ? VB_ENT_ORG
                                                                   : VB_ENT_PERSON;
      if (one != VB_ENT_PERSON) {
        int rc = named(c, i, b, one);
        if (rc) return rc;
        /* the firm is that firm wherever the document names it again
         * ("Mojang has failed to act") */
        if (firm && t->taken >= 0 &&
            vb_map_set(&c->people, tlight(c, t), t->llen, c->cands.v[t->taken].entity))
          return oom(c, t->start);
        continue;
      }
    }
    /* "I'm Adam curry": a person the document knows, the captions
     * writing the surname in lowercase (second pass) */
    if (b == i + 1 && c->pass && !quoted(c, i, b)) {
      uint32_t lend = 0, p = known_lowered(c, i, &lend);
      if (p != VB_MAP_NONE) {
        int rc = add_cand(c, i, b, p);
        if (rc) return rc;
        c->cands.v[c->cands.n - 1].ext = lend - t->end;
        take(c, i, b, (int32_t)c->cands.n - 1);
        /* the lowercase word, where it is a token of its own, is the name's */
        if (i + 1 < c->toks.n && c->toks.v[i + 1].start == t->end + 1 && c->toks.v[i + 1].end == lend) {
          c->cands.v[c->cands.n - 1].ext = 0;
          c->cands.v[c->cands.n - 1].b = i + 2;
          take(c, i + 1, i + 2, (int32_t)c->cands.n - 1);
          i++;
        }
        continue;
      }
    }
    /* "Thank you, Chris.", "…, Rob said": a given name alone, addressed
     * (after a comma, the sentence ending on it) or before a verb of
     * saying, is a person: the one the document names in full with that
     * given name ("Chris Wallace"), else someone of that name alone. And
     * wherever it stands, a given name alone that the document gives one
     * person named in full is that person ("I think Joe has asked me" of
     * a debate naming Joe Biden, "As Eloise deteriorated" of a page
     * naming Eloise Parry); and each of a list of given names alone
     * ("a guest, Mike, Michael and Sam"). The second pass, when everyone
     * named in full is known. */
    if (b == i + 1 && !(t->flags & T_UPPER) && given(c, t) && !quoted(c, i, b)) {
      int said = said_after_quote(c, i);
      uint32_t e = c->pass ? vb_map_get(&c->givens, tlight(c, t), t->llen) : VB_MAP_NONE;
      int known = e != VB_MAP_NONE && e != GIVEN_MANY && bare_given(c, i);
      if ((said && (said == 2 || !(t->flags & T_INITIAL))) || addressed(c, i) || known || given_list(c, i)) {
        if (!c->pass) continue;
        if (e == VB_MAP_NONE || e == GIVEN_MANY) e = entity_named(c, VB_ENT_PERSON, c->s + t->start, t->end - t->start);
        if (e == VB_MAP_NONE) return oom(c, t->start);
        int rc = add_cand(c, i, b, e);
        if (rc) return rc;
        take(c, i, b, (int32_t)c->cands.n - 1);
        continue;
      }
    }
    /* "…,” Azzouz said": one word no list or dictionary knows, after a
     * comma or a quotation's end and before a verb of saying, is the
     * surname of the one who said it */
    int said = b == i + 1 && longest >= 3 && !(t->flags & T_UPPER) ? said_after_quote(c, i) : 0;
    /* (a sentence may open so after a quotation: "….” Bassi said.") */
    if (said && (said == 2 || !(t->flags & T_INITIAL)) && !quoted(c, i, b) &&
        !vb_lexicon_common_word(c->lx, tlight(c, t), t->llen)) {
      int rc = person(c, i, b, NULL, 0);
      if (rc) return rc;
      continue;
    }
    /* "U.S." is not a name; "Joseph R. Biden" is */
    if (caps < 2 || longest < 3 || c->toks.v[b - 1].llen < 2) continue;
    /* "Park Dong-hoon": a given name of the East Asian kind vouches for
     * the name, though its words are English ones ("park", "dong") */
    uint32_t syl = syllable_after(c, i, b);
    /* without a title to vouch for it, ordinary words are not a name —
     * unless a given name the lists hold goes before a word the
     * dictionary also writes as a name ("Bill Gates", "Will Smith") */
    /* "Officer Tom Brisket": a role noun before a given name and another
     * capitalised word vouches for them as a person's name */
    int role_given = b - i >= 3 && role_word(c, t) && given(c, &c->toks.v[i + 1]) &&
                     !(c->toks.v[i + 1].flags & T_UPPER) && !(c->toks.v[i + 2].flags & T_UPPER);
    if (!syl && !role_given && common_words(c, i, b) &&
        !(b == i + 2 && given(c, t) && !(c->toks.v[i + 1].flags & T_UPPER) &&
          vb_lexicon_name_word(c->lx, tlight(c, &c->toks.v[i + 1]), c->toks.v[i + 1].llen)))
      continue;
    /* “Svoi Dom”, "Super Mario Run": a title in quotes */
    if (quoted(c, i, b)) {
      i = b - 1;
      continue;
    }
    /* "the Arduino IDE", "PlayStation VR": capitals that end a product's
     * name make none of a body (nor of a person) */
    const tok *last = &c->toks.v[b - 1];
    if ((last->flags & T_UPPER) && (vb_lexicon_class(c->lx, tlight(c, last), last->llen) & VB_W_PRODUCT)) {
      i = b - 1;
      continue;
    }
    /* "Presidential Aide Elvira Nabiullina", "Interior Vladimir
     * Kolokoltsev": ordinary words before two names are a title's */
    while (b - i > 2 && c->toks.v[i].llen >= 2 && !given_before_initial(c, i) && !regnal(c, i, b - 1) &&
           (vb_lexicon_common_word(c->lx, tlight(c, &c->toks.v[i]), c->toks.v[i].llen) ||
            (role_given && c->toks.v[i].start == t->start)))
      i++;
    /* "the Royal McBee LGP-30": a model's number after the words, a
     * product's name */
    uint32_t end = c->toks.v[b - 1].end;
    if (end + 1 < c->d->view.body.len && c->s[end] == '-' && vb_is_ascii_digit((unsigned char)c->s[end + 1])) {
      i = b - 1;
      continue;
    }
    vb_etype kind = kind_of_run(c, i, b);
    /* a word in capitals is no part of a person's name: "Zanu-PF",
     * "CNN International" are bodies */
    for (uint32_t j = i; kind == VB_ENT_PERSON && j < b; j++)
      if ((c->toks.v[j].flags & T_UPPER) && c->toks.v[j].llen >= 2 && !(j + 1 == b && regnal(c, i, j))) kind = VB_ENT_ORG;
    /* "the Burgas-Alexandroupolis pipeline": two names a hyphen joins are
     * a route or a pair, not a person */
    if (kind == VB_ENT_PERSON && b == i + 2 && c->s[c->toks.v[i + 1].start - 1] == '-' &&
        c->toks.v[i + 1].start == c->toks.v[i].end + 1) {
      i = b - 1;
      continue;
    }
    if (kind != VB_ENT_PERSON) {
      int rc = named(c, i, b, kind);
      if (rc) return rc;
      i = b - 1;
      continue;
    }
    /* "Colonial Com[tries]", "Boulevard Montmartre": a word the dictionary
     * writes only in lowercase begins no one's name, unless the lists hold
     * it as a given name ("Maxim Oreshkin", "Amir Tavan") */
    if (!syl && vb_lexicon_only_common(c->lx, tlight(c, &c->toks.v[i]), c->toks.v[i].llen) &&
        !given(c, &c->toks.v[i]) && !person_before(c, i)) {
      i = b - 1;
      continue;
    }
    /* "Forza Motorsport 7", "Halo 3": a small number after the words
     * makes them a product's or a game's name, no one's */
    if (end + 2 < c->d->view.body.len && c->s[end] == ' ' && vb_is_ascii_digit((unsigned char)c->s[end + 1])) {
      uint32_t e = end + 1;
      while (e < c->d->view.body.len && e - end <= 3 && vb_is_ascii_digit((unsigned char)c->s[e])) e++;
      if (e - end <= 3 && (e >= c->d->view.body.len ||
                           !(vb_is_ascii_alpha((unsigned char)c->s[e]) || vb_is_ascii_digit((unsigned char)c->s[e]) ||
                             c->s[e] == ':' || c->s[e] == '.' || c->s[e] == ','))) {
        i = b - 1;
        continue;
      }
    }
    /* "the Moulin Rouge": a last word English writes only in lowercase
     * ("rouge") after a word no list knows as a name (no given name, not
     * in the dictionary as one: not "Eloise Parry") makes no one's name */
    if (!syl && vb_lexicon_only_common(c->lx, tlight(c, &c->toks.v[b - 1]), c->toks.v[b - 1].llen) &&
        !vb_lexicon_name_word(c->lx, tlight(c, &c->toks.v[i]), c->toks.v[i].llen) &&
        !given(c, &c->toks.v[i])) {
      i = b - 1;
      continue;
    }
    /* "the Cristian Science Monitor" (misspelt): two words or more English
     * writes only in lowercase after the first make no one's name, given
     * name or not (a surname may be one such word: "Julia Child") */
    if (!syl && b - i >= 3 && only_common_words(c, i + 1, b)) {
      i = b - 1;
      continue;
    }
    /* "Scientists Zhores Alfyorov and …", "Singer Irina Arkhipova": once
     * a role noun opening the sentence is left out, the name no longer
     * opens it (not "Mixed Broadleaf Podocarp") */
    if (&c->toks.v[i] != t && role_word(c, t)) t = &c->toks.v[i];
    if (t->flags & T_INITIAL) {
      /* "Karim Haddad said …", "Leyla Demir, deputy chair of …" */
      const tok *nx = b < c->toks.n ? &c->toks.v[b] : NULL;
      uint32_t e = c->toks.v[b - 1].end + syl;
      int speech = nx && is_space_gap(c->s, e, nx->start) && (wclass(c, nx) & VB_W_SPEECH);
      /* after "Park Dong-hoon" the verb is too far from a word to be one */
      if (syl && !speech && e + 1 < c->d->view.body.len && c->s[e] == ' ') {
        uint32_t w = e + 1;
        while (w < c->d->view.body.len && w - e <= 12 && vb_is_ascii_lower((unsigned char)c->s[w])) w++;
        speech = w > e + 1 && w - e <= 12 && (vb_lexicon_class(c->lx, c->s + e + 1, w - e - 1) & VB_W_SPEECH);
      }
      /* a comma, a space, then a lowercase word */
      /* "Eloise Parry, 21, was taken …" */
      int apposition = c->s[e] == ',' && c->s[e + 1] == ' ' &&
                       ((unsigned char)(c->s[e + 2] - 'a') < 26 ||
                        ((unsigned char)(c->s[e + 2] - '0') < 10 && (unsigned char)(c->s[e + 3] - '0') < 10 &&
                         c->s[e + 4] == ','));
      /* "Vladimir Rushailo, Russia's Security Council Secretary, …": a
       * given name and an unknown word after it */
      int first = given(c, t) && b - i >= 2 && (!common_words(c, i + 1, b) || regnal(c, i, b - 1));
      /* "Forrest Quell made a discovery when he was …": words no
       * dictionary knows, the first a person's pronoun in the sentence
       * refers to */
      int pronoun = !first && !speech && !apposition &&
                    !vb_lexicon_common_word(c->lx, tlight(c, &c->toks.v[i]), c->toks.v[i].llen) &&
                    !common_words(c, i + 1, b) && pronoun_after(c, e) == 1;
      /* "Sakhalin Regional Governor Oleg …": no office's words */
      for (uint32_t j = i; pronoun && j < b; j++)
        if (role_word(c, &c->toks.v[j])) pronoun = 0;
      if (!speech && !apposition && !first && !pronoun) continue;
    }
    int rc = person(c, i, b, NULL, 0);
    if (rc) return rc;
    i = b - 1;
  }
  return 0;
}

/* Whether capitals can be a short form of the name text[a, b): their
 * letters, in order, among the name's, the first a word's initial
 * ("Central African Republic (CAR)", "Office for the Coordination of
 * Humanitarian Affairs (OCHA)"). "Southern Africa (COMESA)" is the end of a
 * longer name the capitals stand for, not Africa. */
static int abbreviates(const char *acr, size_t an, const char *text, size_t a, size_t b) {
  /* only the Latin letters are compared: digits ("G20") and other
   * scripts say nothing here */
  char l[VB_WORD_MAX];
  size_t n = 0, k = 0;
  for (size_t i = 0; i < an && n < sizeof l; i++)
    if (vb_is_ascii_alpha((unsigned char)acr[i])) l[n++] = (char)(acr[i] | 0x20);
  for (size_t i = a; i < b && k < n; i++) {
    char ch = (char)(text[i] | 0x20);
    if (!vb_is_ascii_alpha((unsigned char)text[i]) || ch != l[k]) continue;
    if (k == 0 && i > a && vb_is_ascii_alpha((unsigned char)text[i - 1])) continue;
    k++;
  }
  return k == n;
}

/* "United Nations Operation in Côte d’Ivoire (UNOCI)": capitals in
 * parentheses right after a name are its short form, here and wherever
 * else the document writes them. */
static int acronyms(ctx *c) {
  for (uint32_t k = 0; k < c->cands.n; k++) {
    const cand *x = &c->cands.v[k];
    if (x->dead || x->b >= c->toks.n || c->toks.v[x->a].taken != (int32_t)k) continue;
    tok *t = &c->toks.v[x->b];
    /* "(AfDB)", "(IsDB)": capitals with lowercase between them too */
    if (t->taken >= 0 || t->llen < 2 || !((t->flags & T_UPPER) || ((t->flags & T_CAP) && inner_capital(c, t))))
      continue;
    uint32_t e0 = c->toks.v[x->b - 1].end, gap = t->start - e0;
    const char *g = c->s + e0;
    int ok = (gap == 2 && memcmp(g, " (", 2) == 0) || (gap == 4 && memcmp(g, "'s (", 4) == 0) ||
             (gap == 6 && memcmp(g, "\xe2\x80\x99s (", 6) == 0);
    if (!ok || t->end >= c->d->view.body.len || c->s[t->end] != ')') continue;
    if (!abbreviates(c->s + t->start, t->end - t->start, c->s, c->toks.v[x->a].start, e0)) continue;
    uint32_t e = x->entity;
    if (vb_map_set(&c->people, tlight(c, t), t->llen, e)) return oom(c, t->start);
    int rc = add_cand(c, x->b, x->b + 1, e);
    if (rc) return rc;
    take(c, x->b, x->b + 1, (int32_t)c->cands.n - 1);
  }
  return 0;
}

/* Whether token k is capitals in parentheses right after the word
 * before it: "… Ivrea (IDII)". */
static int in_parens_after(const ctx *c, uint32_t k) {
  const tok *t = &c->toks.v[k];
  uint32_t e0 = c->toks.v[k - 1].end;
  return t->start == e0 + 2 && memcmp(c->s + e0, " (", 2) == 0 && t->end < c->d->view.body.len &&
         c->s[t->end] == ')';
}

/* "the Interaction Design Institute Ivrea (IDII)": capitals in parentheses
 * after a run of capitalised words (with "of", "for", "and", "the" between)
 * that no one known name spans are the short form of the shortest run
 * ending there whose words they abbreviate — an organisation's, when a
 * body's head ("Institute") or a body found inside is part of it, so that
 * a goal or a measure ("Gross Domestic Product (GDP)") names none. The run
 * is one name, the capitals its short form here and wherever else the
 * document writes them. */
#define ACRONYM_RUN_MOST 14
static int defined_acronyms(ctx *c) {
  for (uint32_t k = 2; k < c->toks.n; k++) {
    tok *t = &c->toks.v[k];
    if (t->taken >= 0 || t->llen < 2 || !(t->flags & T_UPPER) || !in_parens_after(c, k)) continue;
    uint32_t e = k; /* the run is [a, e) */
    if (!(c->toks.v[e - 1].flags & T_CAP)) continue;
    char first = (char)(c->s[t->start] | 0x20);
    uint32_t best = UINT32_MAX;
    for (uint32_t a = e - 1;; a--) {
      const tok *w = &c->toks.v[a];
      if (!(w->flags & T_CAP) && !connector(c, a)) break;
      if ((w->flags & T_CAP) && (char)(c->s[w->start] | 0x20) == first &&
          abbreviates(c->s + t->start, t->end - t->start, c->s, w->start, c->toks.v[e - 1].end)) {
        best = a;
        break;
      }
      if (a == 0 || e - a >= ACRONYM_RUN_MOST || !(w->flags & T_JOIN)) break;
    }
    if (best == UINT32_MAX || best + 1 == e) continue;
    /* "… Government of the Organization of African Unity (GAU)": a body
     * the lists know ending the run is what the capitals stand for,
     * misread ("GAU" of an OCR for OAU), not a longer name around it */
    int32_t last = c->toks.v[e - 1].taken;
    if (last >= 0 && c->cands.v[last].a > best && c->cands.v[last].b == e &&
        c->ents.v[c->cands.v[last].entity].type == VB_ENT_ORG) {
      uint32_t l0 = c->toks.v[c->cands.v[last].a].start;
      if (vb_lexicon_find_spelled(c->lx, VB_ENT_ORG, c->s + l0, c->toks.v[e - 1].end - l0) != VB_MAP_NONE) continue;
    }
    /* "the Ministry of Foreign Affairs of Ukraine (MFA)": a place after
     * "of" or "in" that no letter stands for only says whose, as it does
     * without the capitals */
    for (uint32_t j = best + 1; j + 1 < e; j++) {
      if (!connector(c, j) || !(word_is(c, &c->toks.v[j], "of") || word_is(c, &c->toks.v[j], "in"))) continue;
      uint32_t p = j + 1 + (word_is(c, &c->toks.v[j + 1], "the") && j + 2 < e);
      int32_t q = c->toks.v[p].taken;
      if (q >= 0 && c->cands.v[q].a == p && c->cands.v[q].b == e &&
          c->ents.v[c->cands.v[q].entity].type == VB_ENT_PLACE &&
          abbreviates(c->s + t->start, t->end - t->start, c->s, c->toks.v[best].start, c->toks.v[j - 1].end)) {
        e = j;
        break;
      }
    }
    /* a name found already is the one the capitals stand for */
    if (c->toks.v[best].taken >= 0 && c->cands.v[c->toks.v[best].taken].a == best &&
        c->cands.v[c->toks.v[best].taken].b == e) {
      uint32_t x = c->cands.v[c->toks.v[best].taken].entity;
      if (c->ents.v[x].type != VB_ENT_ORG) continue;
      if (vb_map_set(&c->people, tlight(c, t), t->llen, x)) return oom(c, t->start);
      int rc = add_cand(c, k, k + 1, x);
      if (rc) return rc;
      take(c, k, k + 1, (int32_t)c->cands.n - 1);
      continue;
    }
    /* one known name spanning the run is acronyms()'s; a name reaching
     * outside it, or a word that makes no name, leaves it */
    int body = 0, ok = 1;
    for (uint32_t j = best; j < e && ok; j++) {
      const tok *w = &c->toks.v[j];
      if (w->flags & T_BLOCKED) ok = 0;
      if ((w->flags & T_CAP) && (wclass(c, w) & VB_W_SUFFIX)) body = 1;
      if (w->taken < 0) continue;
      const cand *x = &c->cands.v[w->taken];
      if (x->a < best || x->b > e || (x->a == best && x->b == e)) ok = 0;
      else if (c->ents.v[x->entity].type == VB_ENT_ORG) body = 1;
    }
    if (!ok || !body) continue;
    uint32_t s0 = c->toks.v[best].start, s1 = c->toks.v[e - 1].end;
    if (vb_lexicon_rejected(c->lx, c->s + s0, s1 - s0)) continue;
    for (uint32_t j = best; j < e; j++)
      if (c->toks.v[j].taken >= 0) c->cands.v[c->toks.v[j].taken].dead = 1;
    uint32_t x = entity_named(c, VB_ENT_ORG, c->s + s0, s1 - s0);
    if (x == VB_MAP_NONE) return oom(c, s0);
    int rc = add_cand(c, best, e, x);
    if (rc) return rc;
    take(c, best, e, (int32_t)c->cands.n - 1);
    if (vb_map_set(&c->people, tlight(c, t), t->llen, x)) return oom(c, t->start);
    if ((rc = add_cand(c, k, k + 1, x))) return rc;
    take(c, k, k + 1, (int32_t)c->cands.n - 1);
  }
  return 0;
}

/* Pass 2: people found anywhere in the document (speakers, names in full)
 * again where only their surname, or their full name in a headline,
 * stands. */
/* Is token k a firm's legal form right after the word before it, with a
 * space or ", " between ("Velmo Tech AG", "Quorvex, Inc.")? */
static int firm_form_after(const ctx *c, uint32_t k) {
  const tok *t = &c->toks.v[k];
  if (!(t->flags & T_CAP) || !(vb_lexicon_class(c->lx, tlight(c, t), t->llen) & VB_W_FIRM_FORM)) return 0;
  uint32_t p = c->toks.v[k - 1].end;
  return (t->flags & T_JOIN) || (t->start == p + 2 && c->s[p] == ',' && c->s[p + 1] == ' ');
}

static int people_again(ctx *c) {
  for (uint32_t i = 0; i < c->toks.n; i++) {
    const tok *t = &c->toks.v[i];
    /* a surname with its particle: "de Miranda" */
    if (t->taken >= 0 || (!(t->flags & T_CAP) && !(wclass(c, t) & VB_W_PARTICLE))) continue;
    for (uint32_t len = MAX_CONTEXT_WORDS; len >= 1; len--) {
      if (i + len > c->toks.n || covered(c, i, i + len) || !joined(c, i, i + len)) continue;
      /* inside a name of no entity, a person named in full elsewhere is
       * still named ("Tom Dean Medal Machine", a show, of a page on the
       * swimmer Tom Dean), a given name first, not a word of it alone */
      if (len < 2 || !(t->flags & T_CAP) || !given(c, t)) {
        int blocked = 0;
        for (uint32_t j = i; j < i + len; j++) blocked |= (c->toks.v[j].flags & T_BLOCKED) != 0;
        if (blocked) continue;
      }
      c->key.len = 0;
      for (uint32_t j = i; j < i + len; j++) {
        if (j > i) vb_buf_addc(&c->key, ' ');
        vb_buf_add(&c->key, tlight(c, &c->toks.v[j]), c->toks.v[j].llen);
      }
      if (c->key.failed) return oom(c, t->start);
      uint32_t e = vb_map_get(&c->people, c->key.ptr, c->key.len);
      /* a firm's short form, not where a sentence opens with it as an
       * ordinary word ("Standard procedures apply" of a page naming the
       * Standard Oil Company), nor joined by a hyphen to another name or
       * after a determiner, where it names a thing after the firm ("the
       * Rider-Waite deck", "The Rider (or …) Tarot": decks) */
      if (e == VB_MAP_NONE && len == 1 && c->short_forms.n && !hyphen_joined(c, t) &&
          !(i > 0 && (t->flags & T_JOIN) && determiner(c, &c->toks.v[i - 1])) &&
          !((t->flags & T_INITIAL) && vb_lexicon_common_word(c->lx, tlight(c, t), t->llen)))
        e = vb_map_get(&c->short_forms, c->key.ptr, c->key.len);
      if (e == VB_MAP_NONE || (len == 1 && vb_map_get(&c->sites_apart, c->key.ptr, c->key.len) == e)) continue;
      /* “Gucci Grace”: a nickname in quotes, not the name alone */
      if (i > 0 && (t->flags & T_JOIN) && (c->toks.v[i - 1].flags & T_CAP) && c->toks.v[i - 1].taken < 0 &&
          quoted(c, i - 1, i + len))
        break;
      if (hyphen_thing(c, i, i + len)) break;
      /* a firm's words with its legal form after them are its whole name
       * ("Velmo Tech AG"), found as such */
      if (i + len < c->toks.n && firm_form_after(c, i + len)) break;
      int rc = add_cand(c, i, i + len, e);
      if (rc) return rc;
      c->cands.v[c->cands.n - 1].ext = syllable_after(c, i, i + len);
      take(c, i, i + len, (int32_t)c->cands.n - 1);
      i += len - 1;
      break;
    }
  }
  return 0;
}

/* "at Christie's in 2006", "such as Brentano's, and": whether token i,
 * capitalised mid-sentence after a lowercase word, no list's and no
 * person's the document names, is a possessive that stands alone — a
 * comma or a sentence's end after it, or a preposition. Returns the
 * possessive's bytes, or 0. */
static uint32_t possessive_firm(const ctx *c, uint32_t i) {
  static const char *const after[] = {"in", "on", "at", "and", "for", "with", "to"};
  const tok *t = &c->toks.v[i];
  uint32_t end = (uint32_t)c->d->view.body.len;
  if (!possessive_after(c, i) || t->taken >= 0 || !(t->flags & T_CAP) || t->llen < 3 ||
      (t->flags & (T_UPPER | T_BLOCKED | T_INITIAL | T_ARTICLE)) || (wclass(c, t) & VB_W_STOP) ||
      vb_lexicon_common_word(c->lx, tlight(c, t), t->llen) || known_person_word((ctx *)c, i))
    return 0;
  if (t->start < 2 || c->s[t->start - 1] != ' ' || !vb_is_ascii_lower((unsigned char)c->s[t->start - 2])) return 0;
  uint32_t pos = c->s[t->end] == '\'' ? 2 : 4, e = t->end + pos;
  if (e >= end) return 0;
  char ch = c->s[e];
  if (ch == ',' || ch == ';' || ch == ':' || ch == ')') return pos;
  if (ch == '.') return e + 1 >= end || c->s[e + 1] == ' ' || c->s[e + 1] == '\n' ? pos : 0;
  if (ch != ' ') return 0;
  uint32_t w = e + 1, we = w;
  while (we < end && we - w < 5 && vb_is_ascii_lower((unsigned char)c->s[we])) we++;
  if (we == w || (we < end && vb_is_ascii_alpha((unsigned char)c->s[we]))) return 0;
  for (size_t k = 0; k < sizeof after / sizeof *after; k++)
    if (vb_eq_ci(c->s + w, we - w, after[k])) return pos;
  return 0;
}

/* "sold at Christie's in 2006", "bookstores such as Brentano's, and": one
 * word's possessive with no noun after it names a firm by its founder's
 * name (an auction house, a shop), the possessive with it. Before the
 * places by context: "at Christie's" is no place. */
static int possessive_firms(ctx *c) {
  if (c->caps_mode) return 0;
  for (uint32_t i = 0; i < c->toks.n; i++) {
    const tok *t = &c->toks.v[i];
    uint32_t pos = possessive_firm(c, i);
    if (!pos || (i > 0 && (t->flags & T_JOIN) && (c->toks.v[i - 1].flags & T_CAP))) continue;
    uint32_t e = entity_named(c, VB_ENT_ORG, c->s + t->start, t->end + pos - t->start);
    if (e == VB_MAP_NONE) return oom(c, t->start);
    int rc = add_cand(c, i, i + 1, e);
    if (rc) return rc;
    c->cands.v[c->cands.n - 1].ext = pos;
    take(c, i, i + 1, (int32_t)c->cands.n - 1);
  }
  return 0;
}

/* Is the word k known as a person's name (or surname) in this document? */
static int known_person_word(ctx *c, uint32_t k) {
  const tok *t = &c->toks.v[k];
  return vb_map_get(&c->people, tlight(c, t), t->llen) != VB_MAP_NONE;
}

/* "the Rider-Waite deck", "the Rider-Waite-Smith Tarot": a surname the
 * document knows, joined by hyphens to a capitalised word that is no one's
 * name, is part of a thing's name, not its bearer ("Merkel-Sarkozy", all
 * of it people, still is). */
static int hyphen_thing(ctx *c, uint32_t a, uint32_t b) {
  const char *s = c->s;
  for (uint32_t k = a; k > 0; k--) {
    const tok *t = &c->toks.v[k], *p = &c->toks.v[k - 1];
    if (!(p->end + 1 == t->start && s[p->end] == '-' && (p->flags & T_CAP))) break;
    if (!known_person_word(c, k - 1)) return 1;
  }
  for (uint32_t k = b; k < c->toks.n; k++) {
    const tok *t = &c->toks.v[k], *p = &c->toks.v[k - 1];
    if (!(p->end + 1 == t->start && s[p->end] == '-' && (t->flags & T_CAP))) break;
    if (!known_person_word(c, k)) return 1;
  }
  return 0;
}

/* Remembers a person's name, and its last word as their surname. */
static int know_person(ctx *c, const char *name, size_t n, uint32_t e) {
  vb_buf l;
  vb_buf_init(&l, 4096);
  size_t i = 0, ws, we, last = 0, prev = 0, words = 0, first = 0;
  size_t last_ws = 0, last_we = 0, prev_ws = 0, prev_we = 0;
  while (vb_word_next(name, n, i, &ws, &we)) {
    i = we;
    vb_word_form f;
    /* a word with no light form (bytes that fold to nothing) is no word
     * of the name: the spans below assume each holds a byte */
    if (vb_word_forms(name + ws, we - ws, &f) || !f.llen) continue;
    if (l.len) vb_buf_addc(&l, ' ');
    prev_ws = last_ws;
    prev_we = last_we;
    last_ws = ws;
    last_we = we;
    prev = last;
    last = l.len;
    vb_buf_add(&l, f.light, f.llen);
    if (!words) first = f.llen;
    words++;
  }
  /* "Yoon" alone is Yoon Suk Yeol */
  int first_is_surname = first && surname_first(name, n);
  int rc = 0;
  if (l.failed) rc = oom(c, 0);
  else if (words && vb_map_put(&c->people, l.ptr, l.len, e, NULL) == VB_MAP_NONE) rc = oom(c, 0);
  else if (words >= 2 && l.len - last >= 3 &&
           !(vb_lexicon_class(c->lx, l.ptr + last, l.len - last) & (VB_W_STOP | VB_W_PARTICLE)) &&
           vb_map_put(&c->people, l.ptr + last, l.len - last, e, NULL) == VB_MAP_NONE)
    rc = oom(c, 0);
  else if (first_is_surname && !(vb_lexicon_class(c->lx, l.ptr, first) & (VB_W_STOP | VB_W_PARTICLE)) &&
           vb_map_put(&c->people, l.ptr, first, e, NULL) == VB_MAP_NONE)
    rc = oom(c, 0);
  /* "Luis de Miranda" is "de Miranda" too, the particle with the surname */
  else if (words >= 3 && (vb_lexicon_class(c->lx, l.ptr + prev, last - 1 - prev) & VB_W_PARTICLE) &&
           vb_map_put(&c->people, l.ptr + prev, l.len - prev, e, NULL) == VB_MAP_NONE)
    rc = oom(c, 0);
  /* "Pedro Albizu Campos" is "Albizu Campos" too, a surname of two words
   * (not the middle initial's "F. Kennedy", not a given name's "Walker
   * Bush", not a title's "Cardinal Spellman") */
  else if (words >= 3 && last - 1 - prev >= 3 &&
           !(vb_lexicon_class(c->lx, l.ptr + prev, last - 1 - prev) & (VB_W_STOP | VB_W_PARTICLE)) &&
           !vb_lexicon_common_word(c->lx, l.ptr + prev, last - 1 - prev) &&
           !given_name(name + prev_ws, prev_we - prev_ws) &&
           vb_map_put(&c->people, l.ptr + prev, l.len - prev, e, NULL) == VB_MAP_NONE)
    rc = oom(c, 0);
  vb_buf_free(&l);
  /* the words the text's tokens show of "Lee Jae-myung": "Lee Jae" */
  size_t hy = n;
  while (hy > 0 && name[hy - 1] != '-') hy--;
  if (!rc && hy > 1 && syllables(name, n)) rc = know_person(c, name, hy - 1, e);
  return rc;
}

/* Remembers the given name a person named in full begins with ("Joe" of
 * "Joe Biden"), for the given name alone; two people of one given name
 * leave it to no one. */
static int know_given(ctx *c, const char *name, size_t n, uint32_t e) {
  size_t ws, we;
  if (!vb_word_next(name, n, 0, &ws, &we) || we >= n || !given_name(name + ws, we - ws)) return 0;
  size_t a, b;
  if (!vb_word_next(name, n, we, &a, &b)) return 0; /* the name alone is no full name */
  vb_word_form f;
  if (vb_word_forms(name + ws, we - ws, &f) || !f.llen) return 0;
  uint32_t had = vb_map_get(&c->givens, f.light, f.llen);
  if (had == e || had == GIVEN_MANY) return 0;
  if (vb_map_set(&c->givens, f.light, f.llen, had == VB_MAP_NONE ? e : GIVEN_MANY)) return oom(c, 0);
  return 0;
}

/* The publisher's furniture counts too: "MEMRI is a 501(c)3
 * organization" names the publisher. */
static int content(uint8_t role) {
  return role == VB_ROLE_TITLE || role == VB_ROLE_SUMMARY || role == VB_ROLE_HEADING ||
         role == VB_ROLE_TRANSCRIPT || role == VB_ROLE_CLIP || role == VB_ROLE_BOILER;
}

/* The paragraphs' text, without speaker labels. */
static void para_span(const vb_para *p, uint32_t *a, uint32_t *b) {
  *a = p->label_end > p->label_start ? p->text_start : p->start;
  *b = p->end;
}

static int keep_mentions(ctx *c) {
  for (uint32_t k = 0; k < c->cands.n; k++) {
    const cand *x = &c->cands.v[k];
    if (x->dead) continue;
    /* only the candidates that still own their words */
    if (c->toks.v[x->a].taken != (int32_t)k) continue;
    /* "the Russian language" names a language, not Russia */
    if (x->b == x->a + 1 && c->ents.v[x->entity].type == VB_ENT_PLACE &&
        noun_after(c, c->toks.v[x->a].end, VB_W_LANGUAGE))
      continue;
    vb_mention *m = VB_VEC_PUSH(c->d->arena, c->mentions);
    if (!m) return oom(c, c->toks.v[x->a].start);
    m->entity = (int32_t)x->entity;
    m->statement = -1;
    m->start = c->toks.v[x->a].start - x->pre;
    m->end = c->toks.v[x->b - 1].end + x->ext;
    int rc = note_alias(c, x->entity, m->start, m->end);
    if (rc) return rc;
  }
  return 0;
}

static int mention_order(const void *x, const void *y) {
  const vb_mention *a = x, *b = y;
  if (a->start != b->start) return a->start < b->start ? -1 : 1;
  return (a->end > b->end) - (a->end < b->end);
}

/* Each mention's statement: the one whose span holds it. Statements are
 * sorted by start once; each mention is then a binary search. */
typedef struct span_ix {
  uint32_t start, end, idx;
} span_ix;

static int span_order(const void *x, const void *y) {
  const span_ix *a = x, *b = y;
  if (a->start != b->start) return a->start < b->start ? -1 : 1;
  return (a->end < b->end) - (a->end > b->end); /* the longer first */
}

static int place_mentions(ctx *c) {
  const vb_doc *d = c->d;
  if (c->mentions.n > 1) qsort(c->mentions.v, c->mentions.n, sizeof *c->mentions.v, mention_order);
  uint32_t ns = d->statements.n;
  if (!ns || !c->mentions.n) return 0;
  span_ix *order = malloc(ns * sizeof *order);
  if (!order) return oom(c, 0);
  for (uint32_t i = 0; i < ns; i++)
    order[i] = (span_ix){d->statements.v[i].start, d->statements.v[i].end, i};
  qsort(order, ns, sizeof *order, span_order);
  for (uint32_t i = 0; i < c->mentions.n; i++) {
    vb_mention *m = &c->mentions.v[i];
    /* the last statement starting at or before the mention */
    uint32_t lo = 0, hi = ns;
    while (lo < hi) {
      uint32_t mid = lo + (hi - lo) / 2;
      if (order[mid].start <= m->start) lo = mid + 1;
      else hi = mid;
    }
    /* statements do not nest, but a title's may sit anywhere: look back a little */
    for (uint32_t k = lo; k > 0 && lo - k < 8; k--) {
      const span_ix *st = &order[k - 1];
      if (st->start <= m->start && m->end <= st->end) {
        m->statement = (int32_t)st->idx;
        break;
      }
    }
  }
  free(order);
  return 0;
}

/* Where the person's name starts in a speaker's name that still carries
 * a title or an office ("Russian Railways CEO Vladimir Yakunin", "President
 * of Russia Vladimir Putin"): after the last word that is an ordinary word,
 * an acronym, a place, an organisation or a stop word, keeping at least
 * two words. The person entity is the name; the rest is a role. */
static size_t name_in_label(const ctx *c, const char *s, size_t n) {
  /* "Lee Dong-hoon": a surname first is no title, though "lee" is a word */
  if (surname_first(s, n)) return 0;
  size_t starts[16], k = 0, i = 0, ws, we;
  int dropable[16];
  while (k < 16 && vb_word_next(s, n, i, &ws, &we)) {
    i = we;
    vb_word_form f;
    int drop = 0;
    if (!vb_word_forms(s + ws, we - ws, &f)) {
      char lower[VB_WORD_MAX];
      for (size_t j = 0; j < f.llen; j++) {
        unsigned char ch = (unsigned char)f.light[j];
        lower[j] = (char)(vb_is_ascii_upper(ch) ? ch + 32 : ch);
      }
      int upper = 1; /* "CEO" */
      for (size_t j = ws; j < we; j++)
        if (!vb_is_ascii_upper((unsigned char)s[j])) upper = 0;
      uint32_t le = vb_lexicon_find(c->lx, -1, s + ws, we - ws);
      unsigned cls = vb_lexicon_class(c->lx, f.light, f.llen);
      drop = !(cls & VB_W_PARTICLE) &&
             (vb_lexicon_common_word(c->lx, lower, f.llen) || (upper && we - ws >= 2) ||
              (cls & (VB_W_STOP | VB_W_CONNECT)) ||
              (le != VB_MAP_NONE && c->lx->entries.v[le].type != VB_ENT_PERSON));
    }
    starts[k] = ws;
    dropable[k++] = drop;
  }
  /* the name starts after the last such word; its last two words are the
   * name's whatever they look like */
  size_t first = 0;
  for (size_t j = 0; j + 2 < k; j++)
    if (dropable[j]) first = j + 1;
  return first < k ? starts[first] : 0;
}

/* Does a speaker's role end on a noun of a body ("whale rescue group",
 * "the state oil company")? */
static int role_is_body(const ctx *c, vb_str role) {
  size_t j = 0, ws = 0, we = 0, ls = 0, le = 0;
  while (vb_word_next(role.ptr, role.len, j, &ws, &we)) {
    j = we;
    ls = ws;
    le = we;
  }
  if (le <= ls || !vb_is_ascii_lower((unsigned char)role.ptr[ls])) return 0;
  return (vb_lexicon_class(c->lx, role.ptr + ls, le - ls) & VB_W_ORG_NOUN) != 0;
}

static int speakers(ctx *c) {
  vb_doc *d = c->d;
  for (uint32_t i = 0; i < d->speakers.n; i++) {
    const vb_speaker *sp = &d->speakers.v[i];
    if (!sp->name.ptr || !sp->name.len) continue;
    /* "Question", "New Speaker", "SPEAKER_1": a label that names no one
     * (data/anonymous-speakers.txt) is no one's entity */
    if (vb_wl_anonymous(sp->name.ptr, sp->name.len)) continue;
    /* "Interviewer", "Host": a role, not a person */
    size_t ws, we;
    int generic = 1, words = 0;
    size_t j = 0;
    while (vb_word_next(sp->name.ptr, sp->name.len, j, &ws, &we)) {
      j = we;
      words++;
      vb_word_form f;
      /* "the Secretary-General, with his usual candour, calls …": a
       * title alone is no one's name */
      if (vb_word_forms(sp->name.ptr + ws, we - ws, &f) ||
          (!(vb_lexicon_class(c->lx, f.light, f.llen) & (VB_W_GENERIC | VB_W_STOP)) &&
           !vb_wl_has(VB_WL_TITLES, sp->name.ptr + ws, we - ws)))
        generic = 0;
    }
    if (!words || (generic && !sp->group)) continue; /* "officials said": a group all the same */
    /* a speaker quote attribution found in prose: an organisation ("the
     * Interior Ministry said"), or a name only the lists can type ("Uber
     * said", "Russia said"; left to the text's own evidence when they do
     * not know it) */
    uint8_t what = i < d->speaker_org.n ? d->speaker_org.v[i] : VB_SPEAKER_PERSON;
    vb_etype type = what == VB_SPEAKER_ORG ? VB_ENT_ORG : VB_ENT_PERSON;
    /* "Critics said": a group, never a person */
    if (what == VB_SPEAKER_GROUP || sp->group) type = VB_ENT_GROUP;
    if (what == VB_SPEAKER_UNKNOWN) {
      uint32_t known = vb_lexicon_find(c->lx, -1, sp->name.ptr, sp->name.len);
      if (known == VB_MAP_NONE) continue;
      type = c->lx->entries.v[known].type;
    }
    /* "Tuvalu", "United Nations": a speaker the lists know as a place or a
     * body, and not as a person, is that place or body, not a person of
     * its name (a UN speech's country the quote stage also found as a
     * source "whose islands …"). Not a given name alone ("Chad:",
     * "Jordan:"), which a transcript's label may well be. */
    if (what == VB_SPEAKER_PERSON && !(words == 1 && given_name(sp->name.ptr, sp->name.len)) &&
        vb_lexicon_find_spelled(c->lx, VB_ENT_PERSON, sp->name.ptr, sp->name.len) == VB_MAP_NONE) {
      if (vb_lexicon_find_spelled(c->lx, VB_ENT_PLACE, sp->name.ptr, sp->name.len) != VB_MAP_NONE)
        type = VB_ENT_PLACE;
      else if (vb_lexicon_find_spelled(c->lx, VB_ENT_ORG, sp->name.ptr, sp->name.len) != VB_MAP_NONE)
        type = VB_ENT_ORG;
    }
    /* "according to whale rescue group Project Jonah": a role that is a
     * noun of a body says the source is one */
    if (type == VB_ENT_PERSON && role_is_body(c, sp->role)) type = VB_ENT_ORG;
    size_t off = type == VB_ENT_PERSON ? name_in_label(c, sp->name.ptr, sp->name.len) : 0;
    const char *nm = sp->name.ptr + off;
    size_t nlen = sp->name.len - off;
    uint32_t e = entity_named(c, type, nm, nlen);
    if (e == VB_MAP_NONE) return oom(c, 0);
    ent *x = &c->ents.v[e];
    x->speaker = (int32_t)i;
    if (type != VB_ENT_PERSON) continue;
    if (sp->role.len && !x->role) x->role = vb_arena_strndup(d->arena, sp->role.ptr, sp->role.len);
    /* "Russian Railways CEO Vladimir Yakunin": the words before the name */
    while (off > 0 && (sp->name.ptr[off - 1] == ' ' || sp->name.ptr[off - 1] == ',')) off--;
    if (off && !x->role) x->role = vb_arena_strndup(d->arena, sp->name.ptr, off);
    int rc = know_person(c, nm, nlen, e);
    for (size_t a = 0; !rc && a < sp->naliases; a++)
      rc = know_person(c, sp->aliases[a].ptr, sp->aliases[a].len, e);
    if (rc) return rc;
  }
  return 0;
}

static int freeze(ctx *c) {
  vb_doc *d = c->d;
  vb_entity *es = c->ents.n ? vb_arena_calloc(d->arena, c->ents.n * sizeof *es) : NULL;
  if (c->ents.n && !es) return oom(c, 0);
  for (uint32_t i = 0; i < c->ents.n; i++) {
    const ent *x = &c->ents.v[i];
    es[i].name.ptr = x->name;
    es[i].name.len = strlen(x->name);
    es[i].key.ptr = x->key;
    es[i].key.len = strlen(x->key);
    es[i].type = x->type;
    es[i].aliases = x->aliases.v;
    es[i].naliases = x->aliases.n;
    es[i].role.ptr = x->role;
    es[i].role.len = x->role ? strlen(x->role) : 0;
    es[i].speaker = x->speaker;
  }
  d->view.entities = es;
  d->view.nentities = c->ents.n;
  d->view.mentions = c->mentions.v;
  d->view.nmentions = c->mentions.n;
  return 0;
}

/* Entities that ended with no mention and are not speakers were claimed
 * by a longer name ("Russia" inside "Russia Today"): drop them. */
static int prune(ctx *c) {
  uint32_t *keep = c->ents.n ? calloc(c->ents.n, sizeof *keep) : NULL;
  if (c->ents.n && !keep) return oom(c, 0);
  for (uint32_t i = 0; i < c->mentions.n; i++) keep[c->mentions.v[i].entity] = 1;
  uint32_t n = 0;
  for (uint32_t i = 0; i < c->ents.n; i++) {
    if (!keep[i] && c->ents.v[i].speaker < 0) {
      keep[i] = UINT32_MAX;
      continue;
    }
    c->ents.v[n] = c->ents.v[i];
    keep[i] = n++;
  }
  for (uint32_t i = 0; i < c->mentions.n; i++)
    c->mentions.v[i].entity = (int32_t)keep[c->mentions.v[i].entity];
  c->ents.n = n;
  free(keep);
  return 0;
}

/* What the first pass learnt of a paragraph, so the second does not run
 * the automaton again: its finds, and where its words are (in `all`, or
 * their bits in `blocked`). */
typedef struct pcache {
  uint32_t tok0, ntok, cand0, ncand, title0, ntitle;
  int caps_mode;
} pcache;

/* The paragraph's words for this pass. A document of at most
 * KEEP_WORDS_BYTES keeps the first pass's words for the second (making
 * them again costs about 7% of its parse); a longer one makes them again,
 * at the start of `all` each time, and gets the first pass's blocks back. */
static int para_words(ctx *c, const vb_para *pa, pcache *pc, int pass) {
  if (pass == 1 && c->keep_words) {
    c->toks.v = c->all.v ? c->all.v + pc->tok0 : NULL; /* a document without words */
    c->toks.n = pc->ntok;
    c->caps_mode = pc->caps_mode;
    for (uint32_t k = 0; k < c->toks.n; k++) c->toks.v[k].taken = -1;
    return 0;
  }
  if (!c->keep_words) {
    c->all.n = 0;
    c->light.len = 0;
  }
  uint32_t a, b, first = c->all.n;
  para_span(pa, &a, &b);
  int rc = tokenize(c, a, b);
  if (rc) return rc;
  if (pass == 0) {
    pc->tok0 = c->keep_words ? first : c->words;
    pc->ntok = c->toks.n;
    pc->caps_mode = c->caps_mode;
    c->words += c->toks.n;
    return 0;
  }
  /* the same words as the first pass made: the automaton's finds name them */
  if (c->toks.n != pc->ntok)
    return vb_err_set(c->err, VB_EPARSE, c->d->path, pa->start,
                      "a paragraph's words changed between the entity passes");
  for (uint32_t k = 0; k < c->toks.n; k++)
    if (c->blocked[(pc->tok0 + k) / 8] & (1u << ((pc->tok0 + k) % 8))) c->toks.v[k].flags |= T_BLOCKED;
  return 0;
}

/* The first pass's blocks kept, a bit a word, for the second. */
static int keep_blocked(ctx *c, uint32_t tok0) {
  size_t need = ((size_t)tok0 + c->toks.n + 7) / 8;
  if (need > c->nblocked) {
    size_t cap = c->nblocked ? c->nblocked : 1024;
    while (cap < need) cap *= 2;
    uint8_t *m = realloc(c->blocked, cap);
    if (!m) return oom(c, 0);
    memset(m + c->nblocked, 0, cap - c->nblocked);
    c->blocked = m;
    c->nblocked = cap;
  }
  for (uint32_t k = 0; k < c->toks.n; k++)
    if (c->toks.v[k].flags & T_BLOCKED) c->blocked[(tok0 + k) / 8] |= (uint8_t)(1u << ((tok0 + k) % 8));
  return 0;
}

static int paragraphs(ctx *c, int pass) {
  vb_doc *d = c->d;
  cand_vec titles = {0};
  if (pass == 0) {
    c->pc = d->paras.n ? vb_arena_calloc(d->arena, d->paras.n * sizeof *c->pc) : NULL;
    if (d->paras.n && !c->pc) return oom(c, 0);
  }
  for (uint32_t p = 0; p < d->paras.n; p++) {
    const vb_para *pa = &d->paras.v[p];
    if (!content(pa->role)) continue;
    pcache *pc = &c->pc[p];
    int rc;
    c->cands.n = 0;
    titles.n = 0;
    c->pass = pass;
    if ((rc = para_words(c, pa, pc, pass))) return rc;
    if (pass == 0) {
      if ((rc = run_automaton(c, &titles))) return rc;
      /* kept for the second pass */
      pc->cand0 = c->acands.n;
      pc->ncand = c->cands.n;
      pc->title0 = c->atitles.n;
      pc->ntitle = titles.n;
      for (uint32_t k = 0; k < c->cands.n; k++) {
        afind *x = VB_VEC_PUSH(d->arena, c->acands);
        if (!x) return oom(c, 0);
        *x = (afind){c->cands.v[k].a, c->cands.v[k].b, c->cands.v[k].entity};
      }
      for (uint32_t k = 0; k < titles.n; k++) {
        afind *x = VB_VEC_PUSH(d->arena, c->atitles);
        if (!x) return oom(c, 0);
        *x = (afind){titles.v[k].a, titles.v[k].b, titles.v[k].entity};
      }
    } else {
      for (uint32_t k = 0; k < pc->ncand; k++) {
        cand *x = VB_VEC_PUSH(d->arena, c->cands);
        if (!x) return oom(c, 0);
        const afind *f = &c->acands.v[pc->cand0 + k];
        *x = (cand){f->a, f->b, f->entity, 0, 0, 0};
      }
      for (uint32_t k = 0; k < pc->ntitle; k++) {
        cand *x = VB_VEC_PUSH(d->arena, titles);
        if (!x) return oom(c, 0);
        const afind *f = &c->atitles.v[pc->title0 + k];
        *x = (cand){f->a, f->b, f->entity, 0, 0, 0};
      }
    }
    select_cands(c);
    word_bodies(c);
    if ((rc = polity_names(c)) || (rc = shared_heads(c)) || (rc = given_before_place(c)) || (rc = compass_places(c))) return rc;
    if (pass == 0) {
      if ((rc = firm_forms(c)) || (rc = head_forms(c, titles.v, titles.n)) || (rc = country_bodies(c)) ||
          (rc = acronyms(c)) || (rc = defined_acronyms(c)) || (rc = titles_rule(c, titles.v, titles.n)) ||
          (rc = web_names(c)) || (rc = press_names(c)) || (rc = numbered_places(c)) ||
          (rc = possessive_firms(c)) || (rc = places_by_context(c)) || (rc = pairs_before_head(c)) || (rc = name_sequences(c)) ||
          (rc = bare_bodies(c, 0)) ||
          (!c->keep_words && (rc = keep_blocked(c, pc->tok0))))
        return rc;
      /* the places the document names, for bare_bodies */
      for (uint32_t k = 0; k < c->cands.n; k++) {
        const cand *x = &c->cands.v[k];
        if (!x->dead && c->toks.v[x->a].taken == (int32_t)k && c->ents.v[x->entity].type == VB_ENT_PLACE)
          c->ents.v[x->entity].seen++;
      }
    } else {
      /* known people first, so a title before them gives their role */
      if ((rc = firm_forms(c)) || (rc = head_forms(c, titles.v, titles.n)) || (rc = country_bodies(c)) ||
          (rc = acronyms(c)) || (rc = defined_acronyms(c)) || (rc = web_names(c)) ||
          (rc = people_again(c)) || (rc = titles_rule(c, titles.v, titles.n)) || (rc = press_names(c)) ||
          (rc = numbered_places(c)) || (rc = possessive_firms(c)) || (rc = places_by_context(c)) ||
          (rc = pairs_before_head(c)) || (rc = name_sequences(c)) || (rc = bare_bodies(c, 1)) ||
          (rc = keep_mentions(c)))
        return rc;
    }
  }
  return 0;
}

/* A speaker labelled by surname alone ("Haddad:") is the person the
 * document names in full ("Analyst Karim Haddad said …"). */
static int speakers_by_surname(ctx *c) {
  for (uint32_t i = 0; i < c->ents.n; i++) {
    ent *x = &c->ents.v[i];
    if (x->speaker < 0 || x->type != VB_ENT_PERSON || strchr(x->name, ' ')) continue;
    vb_word_form f;
    if (vb_word_forms(x->name, strlen(x->name), &f)) continue;
    /* the one person named in full whose last word this is */
    uint32_t e = VB_MAP_NONE, found = 0;
    for (uint32_t j = 0; j < c->ents.n; j++) {
      const ent *y = &c->ents.v[j];
      const char *sp = strrchr(y->name, ' ');
      if (j == i || y->type != VB_ENT_PERSON || !sp || y->speaker >= 0) continue;
      vb_word_form g;
      if (vb_word_forms(sp + 1, strlen(sp + 1), &g) || g.llen != f.llen ||
          memcmp(g.light, f.light, f.llen) != 0)
        continue;
      e = j;
      found++;
    }
    if (found != 1) continue;
    ent *full = &c->ents.v[e];
    full->speaker = x->speaker;
    if (!full->role) full->role = x->role;
    x->speaker = -1; /* left without mentions, pruned */
    if (vb_map_set(&c->by_key, x->key, strlen(x->key), e) ||
        vb_map_set(&c->people, f.light, f.llen, e))
      return oom(c, 0);
  }
  return 0;
}

void vb_extract_country_name(vb_doc *d, const vb_lexicon *lx) {
  vb_str *country = &d->view.meta.country;
  if (country->ptr && country->len == 3) {
    uint32_t e = vb_map_get(&lx->codes3, country->ptr, 3);
    if (e != VB_MAP_NONE) {
      country->ptr = lx->entries.v[e].name;
      country->len = strlen(country->ptr);
    }
  }
}

static int own_name(vb_doc *d, const char *s, size_t n) {
  for (uint32_t i = 0; i < d->own_names.n; i++)
    if (d->own_names.v[i].len == n && !memcmp(d->own_names.v[i].ptr, s, n)) return 0;
  char *c = vb_arena_strndup(d->arena, s, n);
  vb_str *slot = c ? VB_VEC_PUSH(d->arena, d->own_names) : NULL;
  if (!slot) return VB_ENOMEM;
  slot->ptr = c;
  slot->len = n;
  return 0;
}

int vb_extract_own_names(vb_doc *d, const vb_lexicon *lx, vb_err *err) {
  static const char key[] = "{country}";
  vb_str sp = d->name_speaker, country = d->view.meta.country;
  if (!sp.ptr || !country.ptr) return 0;
  int of_country = sp.len == sizeof key - 1 && !memcmp(sp.ptr, key, sp.len);
  uint32_t e = VB_MAP_NONE;
  if (country.len == 3) e = vb_map_get(&lx->codes3, country.ptr, 3);
  if (e == VB_MAP_NONE) e = vb_lexicon_find(lx, VB_ENT_PLACE, country.ptr, country.len);
  if (!of_country || e == VB_MAP_NONE) return 0;
  /* every name the lexicon matches as the country's, as its matcher
   * folds them (patterns' light forms: "the" and articles dropped) */
  for (uint32_t i = 0; i < lx->patterns.n; i++) {
    const vb_lex_pattern *p = &lx->patterns.v[i];
    if (p->entry != e || (p->flags & VB_PAT_TITLE) || !p->light) continue;
    if (own_name(d, p->light, strlen(p->light)))
      return vb_err_set(err, VB_ENOMEM, d->path, -1, "out of memory");
  }
  return 0;
}

int vb_extract_entities(vb_doc *d, const vb_lexicon *lx, vb_err *err) {
  ctx c;
  memset(&c, 0, sizeof c);
  c.d = d;
  c.lx = lx;
  c.err = err;
  c.s = d->view.body.ptr;
  c.keep_words = d->view.body.len <= KEEP_WORDS_BYTES;
  vb_buf_init(&c.light, 0);
  vb_buf_init(&c.key, 4096);
  vb_map_init(&c.by_key);
  vb_map_init(&c.people);
  vb_map_init(&c.sites_apart);
  vb_map_init(&c.short_forms);
  vb_map_init(&c.givens);
  vb_extract_country_name(d, lx);
  int rc = speakers(&c);
  /* pass 0 finds the people named in full; pass 1 keeps every mention */
  if (!rc) rc = paragraphs(&c, 0);
  for (uint32_t i = 0; !rc && i < c.ents.n; i++)
    if (c.ents.v[i].type == VB_ENT_PERSON) {
      rc = know_person(&c, c.ents.v[i].name, strlen(c.ents.v[i].name), i);
      if (!rc) rc = know_given(&c, c.ents.v[i].name, strlen(c.ents.v[i].name), i);
    }
  if (!rc) rc = speakers_by_surname(&c);
  if (!rc) rc = sites_apart(&c);
  if (!rc) rc = firm_stems(&c);
  if (!rc) rc = paragraphs(&c, 1);
  if (!rc) rc = prune(&c);
  if (!rc) rc = place_mentions(&c);
  if (!rc) rc = freeze(&c);
  vb_buf_free(&c.light);
  vb_buf_free(&c.key);
  vb_map_free(&c.by_key);
  vb_map_free(&c.people);
  vb_map_free(&c.sites_apart);
  vb_map_free(&c.short_forms);
  vb_map_free(&c.givens);
  free(c.ac_tok);
  free(c.blocked);
  return rc;
}
