/* sources — who a source phrase names. Reads noun phrases off the tokens
 * around a cue ("Spokeswoman Haley Morris", "a spokesman for the Clinton
 * campaign", "he"), keeps the people and organisations the prose names in
 * text order, and resolves a phrase to one of them: a name to the person
 * named in full (a surname to the latest full name with it), a pronoun to
 * the latest person of its gender who spoke or opened a clause, a nominal
 * ("the spokesman", "the campaign") to the latest one its head word
 * describes. */
#include <string.h>

#include "core/text.h"
#include "core/wordlist.h"
#include "quote_int.h"

/* A body's name read backwards ("Organisation for Economic Co-operation
 * and Development"): words, and "of"/"for" in it. */
#define MAX_BODY_WORDS 10u
#define MAX_BODY_OFS 2u
/* A phrase read backwards holds at most this many words. */
#define MAX_NP_WORDS 12
/* Lowercase modifiers before a role word ("Democratic presidential candidate"). */
#define MAX_MODIFIERS 3
/* Lowercase particles in a row inside a name ("de la", "van der"). */
#define MAX_PARTICLES 3
/* A pronoun looks this far back (bytes) for the person it stands for. */
#define PRONOUN_REACH 6000u

static int is_word(const qtok *t) { return t->kind == TK_WORD; }

/* Capitalised as a name is: not only because it opens a sentence. */
static int name_cap(const qtok *t) {
  if (!is_word(t) || !(t->flags & TF_CAP)) return 0;
  if (t->cls & (QW_DET | QW_PRON | QW_CONJ | QW_AUX | QW_PREP | QW_ADV | QW_TIME)) return 0;
  /* "News" in "Fox News" is a name's; "Officials said" opens a sentence */
  if ((t->flags & TF_SSTART) && (t->cls & (QW_NOUN | QW_CUE | QW_STOP))) return 0;
  return 1;
}

/* A title or role word before a name ("Sen.", "President", "spokeswoman"),
 * or a role in the plural, capitalised ("Deputy Prime Ministers Alexei
 * Kudrin and Ilya Klebanov"): a plural is never a word of a person's name. */
static int title_word(const qtok *t) {
  if (!is_word(t)) return 0;
  if (t->cls & (QW_TITLE | QW_HONOR)) return 1;
  return (t->flags & TF_CAP) && !(t->flags & TF_POSS) && (t->cls & QW_NOUN) && (t->cls & QA_R) &&
         (t->cls & QA_P); /* not "People's" of "People's Front" */
}

static int lower_word(const qtok *t) {
  return is_word(t) && (!(t->flags & TF_CAP) || ((t->flags & TF_SSTART) && !name_cap(t)));
}

static int is_punct(const qtok *t, char c) { return t->kind == TK_PUNCT && t->ch == c; }

static int word_is(const qctx *q, const qtok *t, const char *w) {
  return is_word(t) && vb_eq_ci(q->s + t->s, t->e - t->s, w);
}

/* An unknown lowercase word that may modify a role word: not a verb,
 * adverb or function word as far as the lists and its ending tell. */
static int modifier_like(const qctx *q, const qtok *t) {
  if (!lower_word(t) || (t->flags & (TF_INQ | TF_POSS))) return 0;
  if (t->cls & (QW_AUX | QW_ADV | QW_CUE | QW_CONJ | QW_PREP | QW_PRON | QW_TIME | QW_DET)) return 0;
  size_t n = t->e - t->s;
  const char *w = q->s + t->s;
  if (n > 2 && w[n - 2] == 'l' && w[n - 1] == 'y') return 0;
  if (n > 3 && w[n - 2] == 'e' && w[n - 1] == 'd') return 0;
  return 1;
}

/* A lowercase word in -ed the lists hold in no class ("retired",
 * "embattled", "undecided"). */
static int participle_ed(const qctx *q, const qtok *t) {
  size_t n = t->e - t->s;
  const char *w = q->s + t->s;
  return lower_word(t) && !(t->flags & (TF_INQ | TF_POSS)) && !(t->cls & 0xFFFFu) && n > 4 &&
         w[n - 2] == 'e' && w[n - 1] == 'd';
}

/* "Jr.", "III" (data/name-suffixes.txt): the end of a person's name, never
 * a name alone. */
static int name_suffix(const qctx *q, const qtok *t) {
  return is_word(t) && (t->flags & TF_CAP) && vb_wl_has(VB_WL_NAME_SUFFIXES, q->s + t->s, t->e - t->s);
}

/* The proper name ending at token k: capitalised words back from k, over
 * particles and initials, without the titles in front. */
static void name_back(const qctx *q, uint32_t k, uint32_t lo, qnp *np) {
  const qtok *T = q->t;
  uint32_t a = k;
  int org = (T[k].cls & QW_SUFFIX) || ((T[k].cls & QW_NOUN) && (T[k].cls & QA_O));
  /* "Martin Luther King Jr.": the word before a suffix is a surname, even
   * one the lists know as a title */
  uint32_t last = k > lo && name_suffix(q, &T[k]) ? k - 1 : k;
  while (a > lo) {
    const qtok *p = &T[a - 1];
    /* "Verania Foreign Minister Omar Tessel": the name starts after the title */
    if (!org && title_word(p) && !(p->cls & QW_GIVEN) && a <= last) break;
    if (name_cap(p) && (!(p->cls & QW_HONOR) || a > last) && !(p->flags & TF_POSS)) {
      a--;
      continue;
    }
    /* "Osama bin Laden", "Luis de la Vega", "Rita van der Berg" */
    uint32_t x = a;
    while (x > lo + 1 && a - x < MAX_PARTICLES && is_word(&T[x - 1]) && (T[x - 1].cls & QW_PARTICLE) &&
           !(T[x - 1].flags & TF_CAP))
      x--;
    if (x == a || !name_cap(&T[x - 1])) break;
    a = x;
  }
  /* titles in front are the role, not the name, unless the name is an
   * organisation's ("Justice Department", "White House") */
  uint32_t n = a;
  while (!org && n < last && title_word(&T[n]) && !(T[n].cls & QW_GIVEN)) n++;
  np->na = n;
  np->nb = k + 1;
  np->head = k;
  if (n > a) {
    np->ra = T[a].s;
    np->rb = T[n - 1].e;
  }
}

/* A nominal phrase with its head word; the name inside it, if any, is the
 * last capitalised run before the head ("the Clinton campaign"). */
static void nominal(const qctx *q, uint32_t head, uint32_t from, qnp *np) {
  np->type = NP_NOMINAL;
  for (uint32_t i = head; i-- > from;)
    if (name_cap(&q->t[i])) {
      name_back(q, i, from, np);
      break;
    }
  np->head = head;
}

/* "union leader Maria Okonkwo", "Democratic presidential candidate …":
 * the words before the name are its role. */
static void role_before_name(const qctx *q, qnp *np) {
  const qtok *T = q->t;
  uint32_t a = np->a;
  for (uint32_t i = a; i < np->na; i++)
    if ((T[i].cls & (QW_DET | QW_PREP)) && !(T[i].flags & TF_CAP)) a = i + 1;
  if (a < np->na && (np->ra == np->rb || T[a].s < np->ra)) {
    np->ra = T[a].s;
    np->rb = T[np->na - 1].e;
  }
}

/* Is the name opening at token n, read back from a cue, the object of a
 * preposition of place ("prosecutors in San Francisco and Los Angeles
 * say", "as that tweeter in Sydney suggested", "the Committee on
 * Intelligence and Security has pointed out")? It says where the source
 * is or what it is of, not who: the source is the word before the
 * preposition. Returns the preposition's token, or 0. */
static uint32_t place_object(const qctx *q, uint32_t n, uint32_t lo) {
  static const char *const places[] = {"in", "at", "on", "near", "outside", "inside", "across",
                                       "throughout", "around", "from", "among"};
  const qtok *T = q->t;
  if (n <= lo || !name_cap(&T[n])) return 0;
  uint32_t p = n - 1;
  /* "users of Pro, Teams, and Business plans": the last of a list of
   * names after any preposition is its object (a list of speakers opens
   * its clause: "Smith, Jones and Brown said") */
  if ((word_is(q, &T[p], "and") || word_is(q, &T[p], "or")) && p > lo + 2) {
    uint32_t x = p - 1, items = 0;
    if (is_punct(&T[x], ',')) x--;
    for (;;) {
      if (!name_cap(&T[x]) || (T[x].flags & TF_INQ)) break;
      while (x > lo && name_cap(&T[x - 1]) && !(T[x - 1].flags & TF_POSS)) x--;
      items++;
      if (x >= lo + 2 && is_punct(&T[x - 1], ',') && name_cap(&T[x - 2])) {
        x -= 2;
        continue;
      }
      break;
    }
    if (items >= 2 && x > lo && lower_word(&T[x - 1]) && (T[x - 1].cls & QW_PREP) &&
        !(T[x - 1].flags & TF_INQ))
      return x - 1;
  }
  /* "… in San Francisco and Los Angeles": over the first name of a pair */
  if ((word_is(q, &T[p], "and") || word_is(q, &T[p], "or")) && p > lo && name_cap(&T[p - 1])) {
    p--;
    while (p > lo && name_cap(&T[p - 1]) && !(T[p - 1].flags & TF_POSS)) p--;
    if (p == lo) return 0;
    p--;
  }
  if (!lower_word(&T[p]) || !(T[p].cls & QW_PREP) || (T[p].flags & TF_INQ)) return 0;
  for (size_t i = 0; i < sizeof places / sizeof *places; i++)
    if (word_is(q, &T[p], places[i])) return p;
  return 0;
}

/* Does the capitalised run ending at token k look like a person's name
 * (two words or more, none a title, a common noun or a company's suffix:
 * "Mary Jones", not "the Government", "Bank" or "Acme Corp.")? */
static int person_like(const qctx *q, uint32_t k, uint32_t lo) {
  const qtok *T = q->t;
  uint32_t n = 0;
  for (uint32_t x = k + 1; x-- > lo && name_cap(&T[x]);) {
    if ((T[x].flags & TF_POSS) || (T[x].flags & TF_INQ) ||
        (T[x].cls & (QW_NOUN | QW_TITLE | QW_HONOR | QW_SUFFIX | QW_STOP)))
      return 0;
    n++;
  }
  return n >= 2;
}

/* "the Ministry of Foreign Affairs", "the Organisation for Economic
 * Co-operation and Development": a body's name, a noun of an
 * organisation in capitals, "of" or "for", and capitalised words (with
 * "and", "the" inside), ending at token k. Returns its first token, or
 * UINT32_MAX. A person after the body ("Bank of England Governor Andrew
 * Bailey": a given name) or a title before "of" ("Secretary of State") is
 * not one. */
static uint32_t body_name(const qctx *q, uint32_t k, uint32_t lo) {
  const qtok *T = q->t;
  if (!name_cap(&T[k]) || (T[k].flags & TF_POSS)) return UINT32_MAX;
  uint32_t first = UINT32_MAX, ofs = 0;
  for (uint32_t i = k + 1, n = 0; i-- > lo && n < MAX_BODY_WORDS; n++) {
    const qtok *w = &T[i];
    if (!is_word(w) || (w->flags & TF_INQ)) break;
    /* a person: a given name, an honorific, a role ("Chairman of the
     * Council of State …, Erich Honecker") */
    if ((w->cls & (QW_GIVEN | QW_HONOR)) || ((w->cls & QW_NOUN) && (w->cls & QA_R))) return UINT32_MAX;
    if (i < k && (w->flags & TF_POSS)) return UINT32_MAX;
    if (name_cap(w) || (w->flags & TF_CAP)) {
      if (w->cls & QW_DET) break; /* "The" */
      if (i + 1 <= k && (word_is(q, &T[i + 1], "of") || word_is(q, &T[i + 1], "for")) &&
          (w->cls & QW_NOUN) && (w->cls & QA_O) && !(w->cls & QW_TITLE))
        first = i;
      continue;
    }
    if (word_is(q, w, "of") || word_is(q, w, "for")) {
      if (i == lo || !(T[i - 1].flags & TF_CAP) || ++ofs > MAX_BODY_OFS) break;
      continue;
    }
    if (i > lo && i < k && (T[i + 1].flags & TF_CAP) &&
        (word_is(q, w, "and") ||
         (word_is(q, w, "the") && (word_is(q, &T[i - 1], "of") || word_is(q, &T[i - 1], "for")))))
      continue;
    break;
  }
  if (first == UINT32_MAX) return first;
  /* "the Government of Georgia", "the Kingdom of Morocco": the state
   * itself speaks, by the name after "of" (data/state-forms.txt) */
  if (vb_wl_has(VB_WL_STATE_FORMS, q->s + T[first].s, T[first].e - T[first].s)) return UINT32_MAX;
  /* "International Court of Justice": the capitalised words before the noun */
  while (first > lo && name_cap(&T[first - 1]) && !(T[first - 1].cls & (QW_DET | QW_TITLE)) &&
         !(T[first - 1].flags & TF_POSS))
    first--;
  /* "the Chairman of the Council of State of …": a body inside a longer
   * phrase is no source of its own */
  uint32_t a = first > lo && (T[first - 1].cls & QW_DET) ? first - 1 : first;
  if (a > lo && is_word(&T[a - 1]) && ((T[a - 1].cls & (QW_PREP | QW_CONJ)) || word_is(q, &T[a - 1], "of")))
    return UINT32_MAX;
  return first;
}

static qnp np_left(const qctx *q, uint32_t j, uint32_t lo);

/* ---- the document's own speaker by name ------------------------------- */

/* How long a name of the document's own speaker may be, folded. */
#define OWN_NAME_MAX 96

/* Tokens [a, b) folded as the lexicon folds a name (lowercase, marks and
 * hyphens apart, words one space apart: "Guinea-Bissau" -> "guinea
 * bissau"), into out; its length, or 0 for tokens no name holds. */
static size_t fold_words(const qctx *q, uint32_t a, uint32_t b, char *out, size_t cap) {
  size_t k = 0;
  for (uint32_t i = a; i < b; i++) {
    const qtok *t = &q->t[i];
    if (!is_word(t) || (t->flags & TF_INQ)) return 0;
    int gap = k > 0;
    for (uint32_t x = t->s; x < t->e; x++) {
      unsigned char c = (unsigned char)q->s[x];
      if (c < 0x80 && !vb_is_ascii_alpha(c) && !vb_is_ascii_digit(c)) {
        gap = k > 0;
        continue;
      }
      if (k + 2 >= cap) return 0;
      if (gap) out[k++] = ' ';
      gap = 0;
      out[k++] = (char)vb_ascii_lower(c);
    }
  }
  out[k] = '\0';
  return k;
}

/* Are tokens [a, b) a name of the document's own speaker (a delegation's
 * country: "Trinidad and Tobago", "Eritrean", "Lao People's Democratic
 * Republic")? */
static int own_name(const qctx *q, uint32_t a, uint32_t b) {
  const vb_doc *d = q->doc;
  if (!d->own_names.n || a >= b) return 0;
  if (word_is(q, &q->t[a], "the") && b > a + 1) a++;
  char f[OWN_NAME_MAX];
  size_t n = fold_words(q, a, b, f, sizeof f);
  for (uint32_t i = 0; n && i < d->own_names.n; i++)
    if (d->own_names.v[i].len == n && !memcmp(d->own_names.v[i].ptr, f, n)) return 1;
  return 0;
}

/* Is the word a word of one of the own speaker's names ("Principality" of
 * "Principality of Liechtenstein", "Democratic" of "Lao People's
 * Democratic Republic")? */
static int own_name_word(const qctx *q, const qtok *t) {
  char f[OWN_NAME_MAX];
  size_t n = fold_words(q, (uint32_t)(t - q->t), (uint32_t)(t - q->t) + 1, f, sizeof f);
  if (!n || memchr(f, ' ', n)) return 0;
  const vb_doc *d = q->doc;
  for (uint32_t i = 0; i < d->own_names.n; i++) {
    vb_str o = d->own_names.v[i];
    for (size_t x = 0; x + n <= o.len; x++)
      if ((x == 0 || o.ptr[x - 1] == ' ') && (x + n == o.len || o.ptr[x + n] == ' ') &&
          !memcmp(o.ptr + x, f, n))
        return 1;
  }
  return 0;
}

/* A noun a state is named by ("Government", "Kingdom": data/state-forms.txt),
 * not its public ("people") nor a union of states ("Union",
 * "Commonwealth": the European Union's, the Commonwealth's), unless the
 * own speaker's name holds it ("Union of Soviet Socialist Republics"). */
static int own_state_noun(const qctx *q, const qtok *t) {
  if (!is_word(t) || (t->flags & (TF_POSS | TF_INQ))) return 0;
  if (word_is(q, t, "government") || word_is(q, t, "delegation")) return 1;
  if (!vb_wl_has(VB_WL_STATE_FORMS, q->s + t->s, t->e - t->s) || word_is(q, t, "people")) return 0;
  return (!word_is(q, t, "union") && !word_is(q, t, "commonwealth") && !word_is(q, t, "states")) ||
         own_name_word(q, t);
}

int vb_qnp_own_name(const qctx *q, const qnp *np) {
  const qtok *T = q->t;
  if (!q->doc->own_names.n || (np->type != NP_NAME && np->type != NP_NOMINAL) || np->b > q->nt) return 0;
  uint32_t a = np->a, b = np->b;
  while (b > a && !is_word(&T[b - 1])) b--; /* "Sen. Chuck Schumer (D-N.Y.)" */
  if (b <= a) return 0;
  int the = word_is(q, &T[a], "the");
  /* "Trinidad and Tobago believes", "the Lao People's Democratic Republic" */
  if (own_name(q, a, b)) return 1;
  /* "Italy, within the framework of the European Community, but also in
   * its own right, intends" */
  if (np->type == NP_NAME && np->na == a && np->nb < b && is_punct(&T[np->nb], ',') &&
      own_name(q, np->na, np->nb))
    return 1;
  for (uint32_t x = a + 1; x < b; x++) {
    if (!own_name(q, x, b)) continue;
    const qtok *p = &T[x - 1];
    /* "the Government of Italy", "the Republic of Trinidad and Tobago" */
    if (word_is(q, p, "of") && x - 1 > a && own_state_noun(q, &T[x - 2])) return 1;
    /* a name read together with one before it: "As a member of the
     * Atlantic Alliance Italy intends", "in the Security Council Spain
     * has said" */
    if (name_cap(p) && !(p->flags & TF_POSS) && !title_word(p) && !(p->cls & QW_GIVEN)) return 1;
    return 0;
  }
  /* "the Eritrean Government", "the Italian delegation" */
  if (b - a >= 2 && own_state_noun(q, &T[b - 1]) && own_name(q, a, b - 1)) return 1;
  /* "the Government", "the Principality", "the Royal Government", "the
   * Democratic Republic": the state the speech is of, no other named */
  if (!the || !own_state_noun(q, &T[b - 1])) return 0;
  static const char *const adjectives[] = {"royal", "federal", "imperial", "revolutionary", "provisional",
                                           "transitional", "national", "constitutional"};
  for (uint32_t x = a + 1; x + 1 < b; x++) {
    int ok = own_name_word(q, &T[x]);
    for (size_t k = 0; k < sizeof adjectives / sizeof *adjectives && !ok; k++) ok = word_is(q, &T[x], adjectives[k]);
    if (!ok) return 0;
  }
  return 1;
}

/* "Trinidad and Tobago", "Sao Tome and Principe": a name read back to an
 * "and" goes on over the name before it when the two are one, the own
 * speaker's, or the subject of a verb in the singular ("Bosnia and
 * Herzegovina supports": two would support). */
static void and_name(const qctx *q, qnp *np, uint32_t j, uint32_t lo) {
  const qtok *T = q->t;
  if (np->type != NP_NAME || np->na != np->a || np->na < lo + 2 || np->nb != j + 1) return;
  const qtok *and = &T[np->na - 1];
  if (!word_is(q, and, "and") || (and->flags & (TF_CAP | TF_INQ))) return;
  uint32_t x = np->na - 1;
  if (!name_cap(&T[x - 1]) || (T[x - 1].flags & TF_POSS)) return;
  while (x > lo && name_cap(&T[x - 1]) && !(T[x - 1].flags & TF_POSS) && !title_word(&T[x - 1])) x--;
  int one = own_name(q, x, np->nb);
  if (!one && j + 1 < q->nt) {
    const qtok *v = &T[j + 1];
    size_t n = v->e - v->s;
    const char *w = q->s + v->s;
    one = is_word(v) && !(v->flags & (TF_CAP | TF_INQ)) && (v->cls & QW_CUE) && n > 3 && w[n - 1] == 's' &&
          w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i';
  }
  if (!one) return;
  np->a = np->na = x;
}

qnp vb_qnp_left(const qctx *q, uint32_t j, uint32_t lo) {
  qnp np = np_left(q, j, lo);
  and_name(q, &np, j, lo);
  return np;
}

static qnp np_left(const qctx *q, uint32_t j, uint32_t lo) {
  qnp np;
  memset(&np, 0, sizeof np);
  const qtok *T = q->t;
  if (j < lo || j >= q->nt) return np;
  uint32_t k = j;
  if (is_punct(&T[k], ')')) { /* "Sen. Chuck Schumer (D-N.Y.)" */
    uint32_t x = k;
    while (x > lo && k - x < 8 && !is_punct(&T[x], '(')) x--;
    if (!is_punct(&T[x], '(') || x == lo) return np;
    k = x - 1;
  }
  const qtok *t = &T[k];
  if (!is_word(t) || (t->flags & TF_INQ)) return np;
  if ((t->cls & QW_PRON) && lower_word(t)) {
    np.type = NP_PRON;
    np.a = np.head = k;
    np.b = j + 1;
    return np;
  }
  uint32_t body = body_name(q, k, lo);
  if (body != UINT32_MAX) {
    np.type = NP_NAME;
    np.a = body > lo && (T[body - 1].cls & QW_DET) && !(T[body - 1].cls & QW_PRON) ? body - 1 : body;
    np.na = body;
    np.nb = k + 1;
    np.head = k;
    np.b = j + 1;
    return np;
  }
  uint32_t start = k + 1, words = 0, modifiers = 0, preps = 0;
  int role_edge = 0; /* the phrase's leftmost word so far is a role word */
  uint32_t name_pp = UINT32_MAX; /* "Tom Cole of Oklahoma": the name before "of" */
  for (uint32_t i = k + 1; i-- > lo && words < MAX_NP_WORDS;) {
    const qtok *w = &T[i];
    if (!is_word(w) || (w->flags & TF_INQ)) break;
    if (name_cap(w) || (title_word(w) && (w->flags & TF_CAP))) {
      start = i;
      role_edge |= title_word(w); /* "Senior Hamas official": still a role */
      words++;
      continue;
    }
    if (w->flags & TF_CAP && (w->cls & QW_DET)) { /* "The" */
      start = i;
      break;
    }
    if (!lower_word(w)) break;
    if ((w->cls & QW_PARTICLE) && start <= k &&
        (name_cap(&T[start]) || (start < k && (T[start].cls & QW_PARTICLE)))) {
      start = i;
      words++;
      continue;
    }
    if (w->cls & QW_DET) {
      /* "Mary Jones of the Urban Institute said": a person before "of
       * the" is the source, the body after it what they are of */
      if (!(w->cls & QW_PRON) && start <= k && preps < 2 && i > lo + 1 && word_is(q, &T[i - 1], "of") &&
          !(T[i - 1].flags & TF_INQ) && person_like(q, i - 2, lo)) {
        preps++;
        start = i - 1;
        name_pp = i - 2;
        i--; /* over "of" */
        continue;
      }
      if (!(w->cls & QW_PRON) || start <= k) start = i; /* "his", not a lone "her" */
      break;
    }
    if ((w->cls & (QW_NOUN | QW_TITLE)) && !(w->cls & (QW_AUX | QW_CUE | QW_CONJ | QW_PRON))) {
      start = i;
      role_edge = 1;
      words++;
      continue;
    }
    if ((w->cls & QW_PREP) && !preps && i > lo && start <= k &&
        (word_is(q, w, "for") || word_is(q, w, "of") || word_is(q, w, "at") ||
         word_is(q, w, "with") || word_is(q, w, "from")) &&
        (T[i - 1].cls & (QW_NOUN | QW_TITLE)) && is_word(&T[i - 1])) {
      preps++;
      start = i;
      continue;
    }
    if ((w->cls & QW_PREP) && preps < 2 && i > lo && start <= k && name_cap(&T[i - 1]) &&
        !(T[i - 1].flags & TF_POSS) && (word_is(q, w, "of") || word_is(q, w, "from"))) {
      preps++;
      start = i;
      name_pp = i - 1;
      continue;
    }
    if (role_edge && modifiers < MAX_MODIFIERS && modifier_like(q, w)) {
      start = i;
      modifiers++;
      words++;
      continue;
    }
    break;
  }
  uint32_t prep = start <= k ? place_object(q, start, lo) : 0;
  if (prep && prep > lo && name_cap(&T[prep - 1]) && !(T[prep - 1].flags & TF_POSS)) {
    if (!word_is(q, &T[prep], "on")) /* "Joshua Becker at Becoming Minimalist suggests" */
      return vb_qnp_left(q, prep - 1, lo);
    /* "the Joint Committee on Intelligence and Security", "The Council on
     * American-Islamic Relations": one name */
    uint32_t a0 = prep - 1;
    while (a0 > lo && name_cap(&T[a0 - 1]) && !(T[a0 - 1].flags & TF_POSS)) a0--;
    np.type = NP_NAME;
    np.a = np.na = a0;
    np.nb = k + 1;
    np.head = k;
    np.b = j + 1;
    return np;
  }
  if (prep) return np;
  if (start > k) {
    /* "several traders": a determiner and a head the lists do not know */
    if (k > lo && lower_word(t) && !(t->cls & (QW_AUX | QW_ADV | QW_CUE | QW_CONJ | QW_PREP)) &&
        is_word(&T[k - 1]) && (T[k - 1].cls & QW_DET) && !(T[k - 1].cls & QW_PRON) &&
        lower_word(&T[k - 1]) && modifier_like(q, t)) {
      np.type = NP_NOMINAL;
      np.a = k - 1;
      np.b = j + 1;
      np.head = k;
    }
    return np;
  }
  np.a = start;
  np.b = j + 1;
  /* "the people of Taiwan want", "residents of Flint say": the public of a
   * place or a body (data/public-groups.txt) is no one, the place least of
   * all: a body speaks, a place does not */
  for (uint32_t i = start + 1; i < k; i++)
    if (word_is(q, &T[i], "of") && lower_word(&T[i - 1]) &&
        vb_wl_has(VB_WL_PUBLIC_GROUPS, q->s + T[i - 1].s, T[i - 1].e - T[i - 1].s)) {
      nominal(q, i - 1, start, &np);
      return np;
    }
  if (name_pp != UINT32_MAX && name_pp >= start) {
    np.type = NP_NAME;
    name_back(q, name_pp, start, &np);
    if (np.na < np.nb) {
      role_before_name(q, &np);
      return np;
    }
  }
  t = &T[k];
  if (name_cap(t) && !(t->flags & TF_POSS) &&
      !((t->cls & QW_NOUN) && start < k && (T[start].cls & QW_DET))) {
    np.type = NP_NAME;
    name_back(q, k, start, &np);
    if (np.na == np.nb) np.type = NP_NOMINAL;
    role_before_name(q, &np);
    return np;
  }
  nominal(q, k, start, &np);
  return np;
}

qnp vb_qnp_right(const qctx *q, uint32_t i, uint32_t hi) {
  qnp np;
  memset(&np, 0, sizeof np);
  const qtok *T = q->t;
  if (i >= hi) return np;
  const qtok *t = &T[i];
  if (!is_word(t) || (t->flags & TF_INQ)) return np;
  if ((t->cls & QW_PRON) && !(t->cls & QA_R)) {
    np.type = NP_PRON;
    np.a = np.head = i;
    np.b = i + 1;
    return np;
  }
  uint32_t k = i, last = i, words = 0, preps = 0;
  int any = 0, head = 0; /* head: an unknown word that may be the head ("a tally by …") */
  uint32_t name_pp = UINT32_MAX; /* "Stephen Vladeck of the University …": the name first */
  if (lower_word(t) && (t->cls & QW_DET) && !(t->cls & QW_PRON)) k++;
  else if ((t->flags & TF_CAP) && (t->cls & QW_DET)) k++;
  for (; k < hi && words < MAX_NP_WORDS; k++) {
    const qtok *w = &T[k];
    if (!is_word(w) || (w->flags & TF_INQ)) {
      if (is_punct(w, '(') && any && name_cap(&T[k - 1])) { /* "(D-N.Y.)" */
        uint32_t x = k;
        while (x < hi && x - k < 8 && !is_punct(&T[x], ')')) x++;
        if (x < hi && is_punct(&T[x], ')')) {
          last = x;
          k = x;
          continue;
        }
      }
      break;
    }
    if (name_cap(w) || title_word(w) || (w->cls & QW_GIVEN && w->flags & TF_CAP)) {
      last = k;
      any = 1;
      words++;
      continue;
    }
    if (!lower_word(w)) break;
    if ((w->cls & QW_PARTICLE) && any) {
      words++;
      continue;
    }
    /* "former Pennsylvania Gov. and party Chairman Ed Rendell", "lobbyist
     * and strategist Charlie Black": roles joined before the one name
     * (not "Irena Volk and Jan Kral", two people) */
    if (k > i && k + 2 < hi && word_is(q, w, "and") && !(w->flags & TF_INQ) && is_word(&T[k + 1]) &&
        !(T[k + 1].cls & (QW_DET | QW_PRON)) && (title_word(&T[k - 1]) || (!any && head))) {
      words++;
      continue;
    }
    /* "retired Army Lt. Gen. X", "undecided voter X": a participle set
     * before a role or a name, first in the phrase */
    if (k == i && k + 1 < hi && is_word(&T[k + 1]) && !(T[k + 1].flags & TF_INQ) && participle_ed(q, w)) {
      words++;
      head = 1;
      continue;
    }
    if ((w->cls & QW_NOUN) && !(w->cls & (QW_AUX | QW_CUE | QW_CONJ | QW_PRON | QW_PREP))) {
      last = k;
      any = 1;
      words++;
      continue;
    }
    /* "the head of the union", "a tally by …", "the Gallup average of
     * polls": the phrase goes with the noun, name or one word the lists do
     * not know right before it, not past two ("Tomas Brandt hit back at
     * the council": a verb and its particle) */
    if ((w->cls & QW_PREP) &&
        (any ? k == last + 1 || (k == last + 2 && (T[i].cls & QW_DET) && !(T[i].cls & QW_PRON)) : head) &&
        !preps && k + 1 < hi &&
        (word_is(q, w, "for") || word_is(q, w, "of") || word_is(q, w, "at") ||
         word_is(q, w, "from") || word_is(q, w, "with") || word_is(q, w, "by")) &&
        (name_cap(&T[k + 1]) || (T[k + 1].cls & (QW_DET | QW_NOUN)))) {
      preps++;
      if (name_cap(&T[k - 1]) && !(T[k - 1].flags & TF_POSS) && name_pp == UINT32_MAX)
        name_pp = k - 1;
      if (T[k + 1].cls & QW_DET) k++;
      continue;
    }
    /* "a yearly Gallup poll", "the embattled governor": right after the
     * determiner a word in -ly or -ed is an adjective, not a verb or an adverb */
    int adjective =
        k == i + 1 && (T[i].cls & QW_DET) && !(T[i].cls & QW_PRON) && lower_word(w) &&
        !(w->flags & (TF_INQ | TF_POSS)) &&
        !(w->cls & (QW_AUX | QW_ADV | QW_CUE | QW_CONJ | QW_PREP | QW_PRON | QW_TIME | QW_DET));
    if ((adjective || modifier_like(q, w)) && k + 1 < hi && is_word(&T[k + 1])) {
      words++;
      head = 1;
      continue; /* kept only if a noun or name follows (last moves) */
    }
    break;
  }
  /* "Harold Penwick of the Ohio delegation.": the phrase after a name's
   * preposition ends with a head word the lists do not know, at the
   * clause's end */
  if (any && preps && name_pp != UINT32_MAX && k < hi && k == last + 1) {
    uint32_t x = k;
    while (x < hi && x - k < 2 && modifier_like(q, &T[x])) x++;
    if (x > k && (x == hi || T[x].kind == TK_CLOSE || is_punct(&T[x], ',') || is_punct(&T[x], '.') ||
                  is_punct(&T[x], ';')))
      last = x - 1;
  }
  if (!any) {
    /* "the real estate mogul": a determiner and words the lists do not know */
    if (head && (T[i].cls & QW_DET) && !(T[i].cls & QW_PRON) && k > i + 1 && lower_word(&T[k - 1])) {
      np.type = NP_NOMINAL;
      np.a = i;
      np.b = k;
      np.head = k - 1;
    }
    return np;
  }
  np.a = i;
  np.b = last + 1;
  if (name_pp != UINT32_MAX) {
    np.type = NP_NAME;
    name_back(q, name_pp, i, &np);
    if (np.na < np.nb) {
      role_before_name(q, &np);
      return np;
    }
  }
  /* "the Vox Populi (Voice of the People) column.": a head word the lists
   * do not know, last */
  uint32_t nend = last;
  if (is_punct(&T[nend], ')'))
    while (nend > i && !is_punct(&T[nend], '(')) nend--;
  if (nend < last || nend == last) {
    uint32_t ne = nend < last ? nend - 1 : last;
    if (last + 2 <= hi && ne > i && name_cap(&T[ne]) && modifier_like(q, &T[last + 1]) &&
        (last + 2 == hi || T[last + 2].kind != TK_WORD)) {
      np.type = NP_NOMINAL;
      np.b = last + 2;
      name_back(q, ne, i, &np);
      np.head = last + 1;
      return np;
    }
  }
  /* the head: the last name run, else the last noun */
  const qtok *h = &T[last];
  if (is_punct(h, ')')) {
    uint32_t x = last;
    while (x > i && !is_punct(&T[x], '(')) x--;
    h = &T[x - 1];
    last = x - 1;
  }
  if (name_cap(h) && !(h->flags & TF_POSS)) {
    np.type = NP_NAME;
    name_back(q, last, i, &np);
    role_before_name(q, &np);
    if (np.na == np.nb) np.type = NP_NOMINAL;
    else if ((h->cls & QW_NOUN) && (T[i].cls & QW_DET) && np.nb - np.na == 1 && !(h->cls & QA_O))
      np.type = NP_NOMINAL; /* "the Democrat" */
    return np;
  }
  nominal(q, last, i, &np);
  return np;
}

/* ---- people ---------------------------------------------------------- */

/* The folded key of a name: ASCII lowered, spaces kept single, a trailing
 * possessive cut. */
static size_t name_key(const char *s, size_t n, char *out, size_t cap) {
  size_t k = 0;
  int space = 0;
  for (size_t i = 0; i < n && k + 1 < cap; i++) {
    unsigned char c = (unsigned char)s[i];
    if (vb_is_ascii_space(c)) {
      space = 1;
      continue;
    }
    if (space && k) out[k++] = ' ';
    space = 0;
    if (k + 1 < cap) out[k++] = (char)vb_ascii_lower(c);
  }
  out[k] = '\0';
  return k;
}

/* The text of tokens [a, b) with single spaces, in the arena. */
static vb_str join(qctx *q, uint32_t a, uint32_t b, int *rc) {
  vb_str r = {0};
  const qtok *T = q->t;
  uint32_t s0 = T[a].s, e0 = T[b - 1].e;
  int plain = 1;
  for (uint32_t i = s0; i < e0; i++)
    if (q->s[i] == '\n' || q->s[i] == '\t' || (q->s[i] == ' ' && i + 1 < e0 && q->s[i + 1] == ' '))
      plain = 0;
  if (plain) {
    r.ptr = q->s + s0;
    r.len = e0 - s0;
    return r;
  }
  size_t cap = e0 - s0 + 1;
  char *buf = vb_arena_alloc(q->doc->arena, cap);
  if (!buf) {
    *rc = VB_ENOMEM;
    return r;
  }
  size_t k = 0;
  for (uint32_t i = a; i < b; i++) {
    if (i > a) buf[k++] = ' ';
    memcpy(buf + k, q->s + T[i].s, T[i].e - T[i].s);
    k += T[i].e - T[i].s;
  }
  r.ptr = buf;
  r.len = k;
  return r;
}

static int32_t find_key(const vb_map *m, vb_str name) {
  if (!m->n) return -1; /* no one named yet: most capitalised words of a speech */
  char key[256];
  size_t n = name_key(name.ptr, name.len, key, sizeof key);
  uint32_t v = n ? vb_map_get(m, key, n) : VB_MAP_NONE;
  return v == VB_MAP_NONE ? -1 : (int32_t)v;
}

static int put_key(vb_map *m, vb_str name, int32_t person) {
  char key[256];
  size_t n = name_key(name.ptr, name.len, key, sizeof key);
  return n && vb_map_set(m, key, n, (uint32_t)person) ? VB_ENOMEM : 0;
}

/* by_given's value for a given name two people named in full share: it
 * names neither. */
#define GIVEN_SHARED INT32_MAX

/* Follows merges: a surname-only person later named in full is that one. */
static int32_t root(const qctx *q, int32_t p) {
  while (p >= 0 && q->people.v[p].speaker < -1) p = -2 - q->people.v[p].speaker;
  return p;
}

static int32_t add_person(qctx *q, vb_str name, vb_str surname, uint32_t gender, int org,
                          int *rc) {
  qperson *p = VB_VEC_PUSH(q->doc->arena, q->people);
  if (!p) {
    *rc = VB_ENOMEM;
    return -1;
  }
  memset(p, 0, sizeof *p);
  p->name = name;
  p->surname = surname;
  p->gender = gender ? gender : (QA_M | QA_F);
  p->org = org;
  p->speaker = -1;
  int32_t id = (int32_t)(q->people.n - 1);
  if ((*rc = put_key(&q->by_name, name, id))) return -1;
  if (surname.len && (*rc = put_key(&q->by_surname, surname, id))) return -1;
  return id;
}

/* A group as a source (group_source): a person entry of its own, filed
 * under no name, so no later name or pronoun finds it; its speaker is the
 * document's group of the same name. */
static int32_t add_group(qctx *q, vb_str name, int *rc) {
  qperson *p = VB_VEC_PUSH(q->doc->arena, q->people);
  if (!p) {
    *rc = VB_ENOMEM;
    return -1;
  }
  memset(p, 0, sizeof *p);
  p->name = name;
  p->gender = QA_M | QA_F;
  p->group = 1;
  p->speaker = -1;
  return (int32_t)(q->people.n - 1);
}

/* Is a two-word name of the East Asian kind, surname first: a short first
 * word and a given name of two short syllables a hyphen joins, the second
 * lowercase ("Han Dong-hoon", "Lee Jae-myung")? */
static int surname_first(const char *s, const qtok *first, const qtok *given) {
  uint32_t fl = first->e - first->s, h = given->s;
  if (fl < 2 || fl > 4) return 0;
  while (h < given->e && s[h] != '-') h++;
  if (h - given->s < 2 || h - given->s > 4 || given->e - h - 1 < 2 || given->e - h - 1 > 5) return 0;
  for (uint32_t k = h + 1; k < given->e; k++)
    if (!vb_is_ascii_lower((unsigned char)s[k])) return 0;
  return 1;
}

/* "Yoon Suk Yeol", "Lee Jae Myung", "Kim Jong Un": three short words, none
 * a given name the lists know, the family name first (not "Bob Van Dam"). */
static int syllables(const qtok *t) {
  for (int k = 0; k < 3; k++) {
    uint32_t n = t[k].e - t[k].s;
    if (t[k].kind != TK_WORD || n < 2 || n > (k ? 5u : 4u) || !(t[k].flags & TF_CAP) ||
        (t[k].flags & (TF_UPPER | TF_ABBR | TF_POSS)) || (t[k].cls & (QW_GIVEN | QW_PARTICLE | QW_TITLE)))
      return 0;
  }
  return 1;
}

/* Does a name end with these words ("Clinton campaign", "Wasserman Schultz")? */
static int name_ends_with(vb_str name, const char *w, size_t n) {
  if (name.len <= n || name.ptr[name.len - n - 1] != ' ') return 0;
  for (size_t k = 0; k < n; k++)
    if (vb_ascii_lower((unsigned char)name.ptr[name.len - n + k]) != vb_ascii_lower((unsigned char)w[k]))
      return 0;
  return 1;
}

/* Does a body's name have the word w before its "of" or "for" ("U.S.
 * Court of Appeals …" for "court", "Department of State" for
 * "department")? */
static int body_noun_is(vb_str name, const char *w, size_t n) {
  for (size_t i = 0; i + n + 4 <= name.len; i++) {
    if (i && name.ptr[i - 1] != ' ') continue;
    size_t k = 0;
    while (k < n && vb_ascii_lower((unsigned char)name.ptr[i + k]) == vb_ascii_lower((unsigned char)w[k])) k++;
    if (k < n || name.ptr[i + n] != ' ') continue;
    const char *r = name.ptr + i + n + 1;
    size_t left = name.len - i - n - 1;
    if ((left > 3 && memcmp(r, "of ", 3) == 0) || (left > 4 && memcmp(r, "for ", 4) == 0)) return 1;
  }
  return 0;
}

/* "Tchadinfos.com", "Factcheck.org": a name with a dot before a last part
 * in lowercase is a site, an organisation. */
static int web_address(const char *w, size_t n) {
  size_t k = n;
  while (k > 0 && w[k - 1] != '.') k--;
  if (k < 2 || n - k < 2) return 0;
  for (size_t x = k; x < n; x++)
    if (!vb_is_ascii_lower((unsigned char)w[x])) return 0;
  return 1;
}

/* A person named by one word alone before someone named in full with it
 * ("Morris" before "Haley Morris") is that one: merged, and the word names
 * them from now on. */
static int merge_lone(qctx *q, vb_str word, int32_t id) {
  int32_t lone = find_key(&q->by_name, word);
  if (lone < 0 || lone == id || q->people.v[lone].org || q->people.v[lone].surname.len ||
      q->people.v[lone].speaker != -1)
    return 0;
  q->people.v[lone].speaker = -2 - id;
  return put_key(&q->by_name, word, id);
}

/* The person named by tokens [a, b) (titles already cut), created if new,
 * or -1 when the words name no one (data/not-speakers.txt: an ordinal
 * before a document, "the Fourth Conference … called upon", is not who
 * made it). gender: what titles or pronoun evidence say (0: ask the given
 * name). */
static int32_t person_named(qctx *q, uint32_t a, uint32_t b, uint32_t gender, int evidence,
                            int *rc) {
  const qtok *T = q->t;
  vb_str name = join(q, a, b, rc);
  if (*rc) return -1;
  if (vb_wl_has(VB_WL_NOT_SPEAKERS, name.ptr, name.len)) return -1;
  int32_t p = find_key(&q->by_name, name);
  if (p < 0 && b - a == 1) p = find_key(&q->by_surname, name);
  /* "Wasserman Schultz", "de Vos" after "Debbie Wasserman Schultz", "Pierre
   * de Vos": a surname of several words, of someone named in full before */
  if (p < 0 && b - a > 1 && !(T[a].cls & QW_GIVEN)) {
    int32_t s = find_key(&q->by_surname, (vb_str){q->s + T[b - 1].s, T[b - 1].e - T[b - 1].s});
    if (s >= 0 && name_ends_with(q->people.v[root(q, s)].name, name.ptr, name.len)) p = s;
  }
  /* "Fiona" after "Fiona Parry" (a mother, a child, a witness the article
   * calls by the given name): the one person named in full with it */
  if (p < 0 && b - a == 1 && (T[a].cls & QW_GIVEN)) {
    int32_t g = find_key(&q->by_given, name);
    if (g != GIVEN_SHARED) p = g;
  }
  if (p >= 0) {
    p = root(q, p);
    if (gender && q->people.v[p].gender == (QA_M | QA_F)) q->people.v[p].gender = gender;
    q->people.v[p].person |= evidence || gender;
    return p;
  }
  const qtok *last = &T[b - 1];
  /* "Ministry of Foreign Affairs", "Department of Conservation": a body's
   * noun before "of" or "for" inside the name */
  int body = 0;
  for (uint32_t x = a; x + 1 < b && !body; x++)
    body = (T[x].cls & QW_NOUN) && (T[x].cls & QA_O) && !(T[x].cls & QW_TITLE) &&
           (word_is(q, &T[x + 1], "of") || word_is(q, &T[x + 1], "for"));
  int org = body || (last->cls & QW_SUFFIX) || ((last->cls & QW_NOUN) && (last->cls & QA_O)) ||
            ((last->flags & TF_UPPER) && last->e - last->s > 1 && b - a == 1) ||
            (b - a == 1 && web_address(q->s + last->s, last->e - last->s)); /* "Factcheck.org" */
  if (!gender && (T[a].cls & QW_GIVEN) && b - a > 1) gender = T[a].cls & (QA_M | QA_F);
  vb_str surname = {0};
  /* "Joseph R. Biden Jr.", "Bob Casey Jr": the surname is the word before
   * the suffix */
  uint32_t nb = b;
  if (b - a > 1 && name_suffix(q, last)) nb--;
  if (!org && (nb - a > 1 || nb < b)) {
    /* "Han Dong-hoon", "Ban Ki-moon": the surname comes first */
    const qtok *sur = (nb - a == 2 && surname_first(q->s, &T[a], &T[nb - 1])) || (nb - a == 3 && syllables(&T[a]))
                          ? &T[a]
                          : &T[nb - 1];
    surname.ptr = q->s + sur->s;
    surname.len = sur->e - sur->s;
  }
  int32_t id = add_person(q, name, surname, gender, org, rc);
  if (id < 0) return id;
  q->people.v[id].person = !org && (evidence || gender || ((T[a].cls & QW_GIVEN) && b - a > 1));
  if (!surname.len) return id;
  /* "Morris" spoke before "Haley Morris" was named: one person */
  if ((*rc = merge_lone(q, surname, id))) return -1;
  if (surname.ptr != q->s + T[nb - 1].s || !(T[a].cls & QW_GIVEN)) return id;
  /* the given name, first ("Fiona" of "Fiona Parry"): the person's while no
   * one else named in full has it */
  vb_str given = {q->s + T[a].s, T[a].e - T[a].s};
  int32_t had = find_key(&q->by_given, given);
  if ((*rc = put_key(&q->by_given, given, had >= 0 && (had == GIVEN_SHARED || root(q, had) != id) ? GIVEN_SHARED : id))) return -1;
  if (had < 0 && (*rc = merge_lone(q, given, id))) return -1;
  return id;
}

static int mention(qctx *q, int32_t person, uint32_t at, int subject, int source) {
  qmention *m = VB_VEC_PUSH(q->doc->arena, q->mentions);
  if (!m) return VB_ENOMEM;
  m->person = person;
  m->at = at;
  m->sent = q->sent;
  m->subject = (uint8_t)subject;
  m->source = (uint8_t)source;
  return 0;
}

/* Does text[rs, re) end with a role in the plural ("Deputy Prime
 * Ministers")? */
static int plural_role_at(const qctx *q, uint32_t rs, uint32_t re) {
  uint32_t w = re;
  while (w > rs && q->s[w - 1] != ' ') w--;
  uint32_t last = vb_qword(q->s + w, re - w);
  return (last & QW_NOUN) && (last & QA_P);
}

/* by_role's keys: a word folded to lowercase, an abbreviation's with its
 * dot ("gov."), so that "Gov." answers to any word it begins and
 * "governor" only to itself or its plural (role_has below). Longer words
 * are not indexed: a head word that long is looked for by a scan. */
#define ROLE_KEY_MAX 64

/* The next word of a role or description from *i (words split at
 * spaces; an abbreviation's dot not counted in *wl): 0 past the end. */
static int role_word(vb_str r, size_t *i, size_t *at, size_t *wl, int *abbr) {
  if (*i >= r.len) return 0;
  size_t e = *i;
  while (e < r.len && r.ptr[e] != ' ') e++;
  *at = *i;
  *wl = e - *i;
  *abbr = *wl && r.ptr[e - 1] == '.';
  if (*abbr) (*wl)--;
  *i = e + 1;
  return 1;
}

static size_t role_key(const char *w, size_t n, int abbr, char *key) {
  for (size_t k = 0; k < n; k++) key[k] = (char)vb_ascii_lower((unsigned char)w[k]);
  if (abbr) key[n++] = '.';
  return n;
}

/* Files person p under each word of a role or description just given
 * (the words role_has reads, split as it splits them). 0 or VB_ENOMEM. */
static int index_role(qctx *q, int32_t p, vb_str r) {
  char key[ROLE_KEY_MAX + 1];
  size_t i = 0, at, wl;
  int abbr;
  while (role_word(r, &i, &at, &wl, &abbr)) {
    if (wl >= 3 && wl <= ROLE_KEY_MAX) {
      size_t kn = role_key(r.ptr + at, wl, abbr, key);
      qrolelink *l = VB_VEC_PUSH(q->doc->arena, q->role_links);
      if (!l) return VB_ENOMEM;
      uint32_t id = q->role_links.n - 1;
      int found = 0;
      uint32_t head = vb_map_put(&q->by_role, key, kn, id, &found);
      if (head == VB_MAP_NONE) return VB_ENOMEM;
      l->person = p;
      l->next = VB_MAP_NONE;
      if (found) {
        l->next = head;
        if (vb_map_set(&q->by_role, key, kn, id)) return VB_ENOMEM;
      }
    }
  }
  return 0;
}

/* A person's role, the first the text gives. An honorific in front is
 * no role, nor a pronoun that makes one a form of address ("His
 * Excellency"): "Mr Putin" has none, "Mr Deputy Speaker" is "Deputy
 * Speaker".
 * Returns 0 or VB_ENOMEM. */
static int set_role(qctx *q, int32_t p, uint32_t rs, uint32_t re) {
  while (rs < re) {
    uint32_t w = rs;
    while (w < re && q->s[w] != ' ') w++;
    uint32_t nx = w;
    while (nx < re && q->s[nx] == ' ') nx++;
    uint32_t nw = nx;
    while (nw < re && q->s[nw] != ' ') nw++;
    unsigned cls = vb_qword(q->s + rs, w - rs);
    int addressed = (cls & (QW_PRON | QW_DET)) && nw > nx && (vb_qword(q->s + nx, nw - nx) & QW_HONOR);
    if (!(cls & QW_HONOR) && !addressed) break;
    rs = nx;
  }
  if (p < 0 || re <= rs) return 0;
  /* "Presidents Vladimir Putin and Leonid Kuchma": the plural is theirs */
  if (plural_role_at(q, rs, re)) return 0;
  qperson *pp = &q->people.v[p];
  vb_str *slot = !pp->role.len ? &pp->role : !pp->desc.len ? &pp->desc : NULL;
  if (!slot) return 0;
  slot->ptr = q->s + rs;
  slot->len = re - rs;
  return index_role(q, p, *slot);
}

/* Does a clause open at token i (a sentence start, after a comma or a
 * conjunction)? */
static int clause_start(const qctx *q, uint32_t i) {
  const qtok *T = q->t;
  /* over the role words in front: "Political analyst David Bositis" */
  uint32_t x = i;
  while (x > 0 && i - x < 5 && !(T[x].flags & TF_SSTART) && is_word(&T[x - 1]) &&
         !(T[x - 1].cls & (QW_CUE | QW_AUX | QW_CONJ | QW_PREP | QW_PRON)) && !(T[x - 1].flags & TF_INQ))
    x--;
  if ((T[x].flags & TF_SSTART) || x == 0) return 1;
  const qtok *p = &T[x - 1];
  if (p->kind == TK_PUNCT || p->kind == TK_CLOSE || p->kind == TK_OPEN) return 1;
  /* "…, and X", "but X", "while X" — not "Rubio and Cruz" */
  if (!(p->cls & QW_CONJ) || !lower_word(p)) return 0;
  if (word_is(q, p, "and") || word_is(q, p, "or")) return x >= 2 && T[x - 2].kind == TK_PUNCT;
  return 1;
}

/* "Speaking in Harlem, Clinton …", "Campaigning at a diner, …": a word
 * in -ing opening the sentence before a preposition or a determiner is a
 * participle, no name. */
int vb_qparticiple_opener(const qctx *q, uint32_t i, uint32_t b) {
  const qtok *T = q->t;
  size_t n = T[i].e - T[i].s;
  const char *w = q->s + T[i].s;
  return (T[i].flags & TF_SSTART) && !(T[i].cls & QW_GIVEN) && n > 5 && memcmp(w + n - 3, "ing", 3) == 0 &&
         i + 1 < b && lower_word(&T[i + 1]) && !(T[i + 1].flags & TF_INQ) &&
         (T[i + 1].cls & (QW_PREP | QW_DET)) && !(T[i + 1].cls & QW_PRON);
}

int vb_qnames_scan(qctx *q, uint32_t a, uint32_t b) {
  const qtok *T = q->t;
  int rc = 0;
  uint32_t i = a;
  while (i < b) {
    if (vb_qparticiple_opener(q, i, b)) {
      i++;
      continue;
    }
    /* a title opening a sentence is no name's word, but the role of the
     * name after it ("President Vladimir Putin met with …", a headline) */
    int opens_titled = (T[i].flags & TF_SSTART) && (T[i].flags & TF_CAP) && title_word(&T[i]) &&
                       i + 1 < b && name_cap(&T[i + 1]);
    if (!name_cap(&T[i]) && !((T[i].cls & QW_HONOR) && is_word(&T[i])) && !opens_titled) {
      i++;
      continue;
    }
    if (T[i].flags & TF_INQ) {
      i++;
      continue;
    }
    uint32_t s = i, gender = 0;
    int titled = 0;
    /* "Ohio Gov. John Kasich", "New Jersey Gov. Chris Christie": the
     * place in front of a title is the role's, not the name's */
    uint32_t pl = i;
    while (pl < b && pl - i < 3 && name_cap(&T[pl]) && !title_word(&T[pl]) &&
           !(T[pl].cls & QW_GIVEN) && !(T[pl].flags & (TF_INQ | TF_POSS)))
      pl++;
    uint32_t nm = pl;
    int head = 0; /* "Gov.", "Judge", "Minister": a title's head word */
    while (nm < b && nm - pl < 4 && title_word(&T[nm]) && !(T[nm].cls & QW_GIVEN) &&
           !(T[nm].flags & TF_POSS)) { /* not "the Ukrainian President's Zarya residence" */
      head |= (T[nm].flags & TF_ABBR) || ((T[nm].cls & QW_NOUN) && (T[nm].cls & QA_R));
      nm++;
    }
    /* a title with its head or a given name after it ("Israeli Prime
     * Minister Benjamin Netanyahu"), not "National" of "Trump National
     * Doral" */
    if (pl > i && nm > pl && nm < b && (T[pl].cls & QW_TITLE) && name_cap(&T[nm]) &&
        (head || (T[nm].cls & QW_GIVEN)))
      i = pl;
    while (i < b && title_word(&T[i]) && !(T[i].cls & QW_GIVEN)) {
      if (T[i].cls & QW_HONOR) gender |= T[i].cls & (QA_M | QA_F);
      titled = 1;
      i++;
    }
    uint32_t n0 = i;
    while (i < b && (name_cap(&T[i]) || ((T[i].cls & QW_PARTICLE) && i > n0 && i + 1 < b &&
                                         name_cap(&T[i + 1]))) &&
           !(T[i].flags & TF_INQ)) {
      i++;
      if (T[i - 1].flags & TF_POSS) break;
    }
    if (i == n0) {
      if (i == s) i++;
      continue;
    }
    uint32_t words = i - n0;
    int given = (T[n0].cls & QW_GIVEN) && words > 1;
    /* "the Ross Dependency", "the Victoria Falls": a given name after "the",
     * the name ending its phrase, names a place or a thing ("the Hillary
     * Clinton campaign" names her) */
    if (given && !titled && n0 > a && word_is(q, &T[n0 - 1], "the") &&
        !(i < b && lower_word(&T[i]) && !(T[i].flags & TF_INQ) &&
          !(T[i].cls & (QW_AUX | QW_CUE | QW_PREP | QW_CONJ | QW_DET | QW_ADV | QW_PRON | QW_TIME))))
      given = 0;
    int32_t p = -1;
    if (given || (titled && words <= 3)) {
      p = person_named(q, n0, i, gender, 1, &rc);
    } else if (words == 1) {
      vb_str one = {q->s + T[n0].s, T[n0].e - T[n0].s};
      p = find_key(&q->by_surname, one);
      if (p < 0) p = find_key(&q->by_name, one);
      if (p >= 0) p = root(q, p);
    }
    if (rc) return rc;
    if (p < 0) continue;
    /* "Hazem Qassem, a Hamas spokesman," and "Sen. Bob Graham": a role */
    if (titled && n0 > s && (rc = set_role(q, p, T[s].s, T[n0 - 1].e))) return rc;
    /* "Sen. Marco Rubio of Florida": the place the title is of */
    if (titled && i + 1 < b && word_is(q, &T[i], "of") && name_cap(&T[i + 1]) &&
        !(T[i + 1].flags & TF_INQ) && !q->people.v[p].desc.len) {
      uint32_t x = i + 1;
      while (x < b && x - i <= 3 && name_cap(&T[x]) && !(T[x].flags & TF_INQ)) x++;
      q->people.v[p].desc = (vb_str){q->s + T[i + 1].s, T[x - 1].e - T[i + 1].s};
      if ((rc = index_role(q, p, q->people.v[p].desc))) return rc;
    }
    if (i + 2 < b && is_punct(&T[i], ',') && is_word(&T[i + 1]) && (T[i + 1].cls & QW_DET) &&
        !(T[i + 1].cls & QW_PRON) && lower_word(&T[i + 1])) {
      uint32_t x = i + 1;
      while (x < b && x - i < 12 && is_word(&T[x]) && !(T[x].flags & TF_INQ)) x++;
      if (x < b && x > i + 2 && (is_punct(&T[x], ',') || is_punct(&T[x], '.')) &&
          (rc = set_role(q, p, T[i + 1].s, T[x - 1].e)))
        return rc;
    }
    if ((rc = mention(q, p, T[s].s, clause_start(q, s), 0))) return rc;
  }
  return 0;
}

/* Does the person's role or later description hold this head word
 * ("spokesman" in "a Hamas spokesman"; "governor" for "Gov.", "senators"
 * for "Sen.")? */
static int words_have(vb_str r, const char *w, size_t n) {
  size_t i = 0, at, wl;
  int abbr;
  while (role_word(r, &i, &at, &wl, &abbr)) {
    if (wl >= 3 && wl <= n && (wl == n || abbr || (wl + 1 == n && w[n - 1] == 's'))) {
      int same = 1;
      for (size_t k = 0; k < wl && same; k++)
        same = vb_ascii_lower((unsigned char)r.ptr[at + k]) == vb_ascii_lower((unsigned char)w[k]);
      if (same) return 1;
    }
  }
  return 0;
}

static int role_has(const qperson *p, const char *w, size_t n) {
  return words_have(p->role, w, n) || words_have(p->desc, w, n);
}

static int same_ci(const char *a, const char *b, size_t n) {
  for (size_t k = 0; k < n; k++)
    if (vb_ascii_lower((unsigned char)a[k]) != vb_ascii_lower((unsigned char)b[k])) return 0;
  return 1;
}

/* Does the person's role or description hold these bytes ("New Jersey" in
 * "New Jersey Gov."), or the person's name them (an organisation's
 * "Clinton campaign")? */
static int role_names(const qperson *p, const char *w, size_t n) {
  for (int k = 0; k < 3; k++) {
    vb_str r = k == 2 ? p->desc : k ? p->name : p->role;
    for (size_t i = 0; i + n <= r.len; i++)
      if ((i == 0 || r.ptr[i - 1] == ' ') && same_ci(r.ptr + i, w, n) &&
          (i + n == r.len || !vb_is_ascii_alpha((unsigned char)r.ptr[i + n])))
        return 1;
  }
  return 0;
}

/* The latest mention before `at` that fits, preferring one that spoke or
 * opened a clause. want_org < 0: either; head: a role or organisation
 * word the one meant must answer to. */
static int32_t latest(const qctx *q, uint32_t at, uint32_t want_gender, int want_org,
                      const char *head, size_t hn) {
  int32_t any = -1;
  for (uint32_t i = q->mentions.n; i-- > 0;) {
    const qmention *m = &q->mentions.v[i];
    if (m->at >= at) continue;
    if (at - m->at > PRONOUN_REACH) break;
    int32_t p = root(q, m->person);
    const qperson *pp = &q->people.v[p];
    if (want_org >= 0 && pp->org != want_org) continue;
    if (want_gender && !(pp->gender & want_gender)) continue;
    if (head && !role_has(pp, head, hn) &&
        !(pp->org && (name_ends_with(pp->name, head, hn) || body_noun_is(pp->name, head, hn))))
      continue;
    if (m->source || m->subject) return p;
    if (any < 0) any = p;
  }
  return any;
}

/* Folds in one more person who has a role with the head word: 0 while
 * at most one has, -1 once a second does. */
static int one_more(const qctx *q, int32_t p, const char *head, size_t hn, int32_t *found) {
  if (root(q, p) != p || q->people.v[p].org || !role_has(&q->people.v[p], head, hn)) return 0;
  if (*found >= 0 && *found != p) return -1;
  *found = p;
  return 0;
}

/* The one person (not an organisation) the document has given a role
 * with this head word so far, or -1 when none or several have it. The
 * people are found under the words role_has would match, in by_role
 * (the head word itself, it less a plural's "s", and every abbreviation
 * it begins with): a scan of every person at each "The Governor said"
 * made a document naming thousands of people quadratic. */
static int32_t sole_with_role(const qctx *q, const char *head, size_t hn) {
  int32_t found = -1;
  if (hn > ROLE_KEY_MAX) {
    for (uint32_t i = 0; i < q->people.n; i++)
      if (one_more(q, (int32_t)i, head, hn, &found)) return -1;
    return found;
  }
  char key[ROLE_KEY_MAX + 1];
  /* tries 0: the word; 1: less its plural's "s"; 2..: abbreviations of 3, 4, … bytes */
  for (size_t t = 0; t < hn; t++) {
    size_t kn;
    if (t == 0) {
      if (hn < 3) continue;
      kn = role_key(head, hn, 0, key);
    } else if (t == 1) {
      if (hn < 4 || head[hn - 1] != 's') continue;
      kn = role_key(head, hn - 1, 0, key);
    } else {
      kn = role_key(head, t + 1, 1, key);
    }
    for (uint32_t l = vb_map_get(&q->by_role, key, kn); l != VB_MAP_NONE; l = q->role_links.v[l].next)
      if (one_more(q, q->role_links.v[l].person, head, hn, &found)) return -1;
  }
  return found;
}

/* Is this word shaped as a country's adjective ("Russian", "Chinese",
 * "Turkish", "French", "Israeli", "Kazakh")? One capitalised word the lists
 * know as no noun ("Republican" is one), and no name the document gave. */
static int demonym_like(const qctx *q, const qtok *t) {
  if (!is_word(t) || !(t->flags & TF_CAP) || (t->flags & (TF_POSS | TF_INQ | TF_UPPER | TF_ABBR)) ||
      (t->cls & (QW_NOUN | QW_TITLE | QW_HONOR | QW_GIVEN)))
    return 0;
  const char *w = q->s + t->s;
  size_t n = t->e - t->s;
  if (n < 4) return 0;
  static const char *const ends[] = {"an", "ese", "ish", "ch", "i", "kh", "ek"};
  int shaped = 0;
  for (size_t k = 0; k < sizeof ends / sizeof *ends && !shaped; k++) {
    size_t en = strlen(ends[k]);
    shaped = n > en + 2 && memcmp(w + n - en, ends[k], en) == 0;
  }
  vb_str word = {w, n};
  return shaped && find_key(&q->by_name, word) < 0 && find_key(&q->by_surname, word) < 0;
}

/* The person (not an organisation) mentioned last before `at`, within a
 * pronoun's reach, or -1: "Putin spoke with Macron. The French President
 * said" is not Putin's; with no one that near, the headline's may be. */
static int32_t last_person(const qctx *q, uint32_t at) {
  for (uint32_t i = q->mentions.n; i-- > 0;) {
    const qmention *m = &q->mentions.v[i];
    if (m->at >= at) continue;
    if (at - m->at > PRONOUN_REACH) break;
    int32_t p = root(q, m->person);
    if (!q->people.v[p].org) return p;
  }
  return -1;
}

/* Could person p be "the <adj> President" of another place? Yes when a
 * capitalised word of the role other than a title ("Kazakh President",
 * "Democratic leader") or of a place said of the person ("Sen. X of
 * Ohio") is not the adjective's (its first four letters: "Russia",
 * "Russian"). */
static int other_place(const qctx *q, const qperson *pp, const char *adj, size_t an) {
  for (int k = 0; k < 2; k++) {
    vb_str r = k ? pp->desc : pp->role;
    size_t i = 0;
    while (i < r.len) {
      size_t e = i;
      while (e < r.len && r.ptr[e] != ' ') e++;
      size_t wl = e - i;
      if (wl && vb_is_ascii_upper((unsigned char)r.ptr[i]) &&
          !(vb_qword(r.ptr + i, wl) & (QW_TITLE | QW_HONOR)) &&
          !(wl >= 4 && an >= 4 && same_ci(r.ptr + i, adj, 4)))
        return 1;
      i = e + 1;
    }
  }
  (void)q;
  return 0;
}

/* A role's head word standing before "of" ("President", "Secretary",
 * "governor"): a role in the singular, not a body's noun ("Government",
 * "Ministry") nor an honorific. */
static int role_head(const qtok *t) {
  if (!is_word(t) || (t->cls & (QW_HONOR | QW_GIVEN))) return 0;
  if ((t->cls & QW_NOUN) && (t->cls & QA_O)) return 0;
  if ((t->cls & QW_NOUN) && (t->cls & QA_P)) return 0;
  return (t->cls & QW_TITLE) || ((t->cls & QW_NOUN) && (t->cls & QA_R));
}

/* Does the phrase's name hold a given name ("Sergei" of "Foreign Affairs
 * Sergei Lavrov"): a person's, not a place's? */
static int given_in(const qctx *q, const qnp *np) {
  for (uint32_t i = np->na; i < np->nb && i < q->nt; i++)
    if (q->t[i].cls & QW_GIVEN) return 1;
  return 0;
}

/* Was person p named in this sentence or the one before, before `at`? */
static int mentioned_since(const qctx *q, int32_t p, uint32_t at) {
  for (uint32_t i = q->mentions.n; i-- > 0;) {
    const qmention *m = &q->mentions.v[i];
    if (m->sent + 1 < q->sent) break;
    if (m->at < at && root(q, m->person) == p) return 1;
  }
  return 0;
}

/* What a neuter "it" stands for: an organisation that opened a clause or
 * spoke in this sentence or the one before, and nothing further back ("The
 * council met. It said …"; not a body named pages before, nor a letter or
 * a resolution the text never made a speaker). */
static int32_t subject_org(const qctx *q, uint32_t at) {
  for (uint32_t i = q->mentions.n; i-- > 0;) {
    const qmention *m = &q->mentions.v[i];
    if (m->sent + 1 < q->sent) break;
    if (m->at >= at || !(m->subject || m->source)) continue;
    int32_t p = root(q, m->person);
    if (q->people.v[p].org) return p;
  }
  return -1;
}

/* Is the word a contraction ("We've", "He’d", "Don’t": an ending of
 * data/contraction-endings.txt after an apostrophe), never a name? */
static int contraction(const char *w, size_t n) {
  size_t ntails = vb_wl_count(VB_WL_CONTRACTION_ENDINGS);
  for (size_t k = 0; k < ntails; k++) {
    const char *tail = vb_wl_entry(VB_WL_CONTRACTION_ENDINGS, k, NULL);
    size_t tl = strlen(tail);
    if (n < tl + 2 || !vb_eq_ci(w + n - tl, tl, tail)) continue;
    if (w[n - tl - 1] == '\'') return 1;
    if (n >= tl + 4 && memcmp(w + n - tl - 3, "\xE2\x80\x99", 3) == 0) return 1;
  }
  return 0;
}

/* How the body writes the word elsewhere: 1 when with its capital in the
 * middle of a sentence (after a lowercase word or a comma: a name), else
 * 0 when in lowercase somewhere (a common word: "Someone said",
 * "Nearly …"), else -1 (no evidence either way). */
static int written_elsewhere(const qctx *q, const char *w, size_t n) {
  const char *body = q->doc->view.body.ptr;
  size_t len = q->doc->view.body.len;
  int lower = 0;
  char first = (char)vb_ascii_lower((unsigned char)w[0]);
  for (size_t at = 1; at + n <= len; at++) {
    char c0 = body[at];
    if ((c0 != w[0] && c0 != first) || memcmp(body + at + 1, w + 1, n - 1) != 0) continue;
    if (vb_is_ascii_alpha((unsigned char)body[at - 1])) continue;
    if (at + n < len && vb_is_ascii_alpha((unsigned char)body[at + n])) continue;
    if (c0 == first && c0 != w[0]) {
      lower = 1;
      continue;
    }
    unsigned char b = at >= 2 ? (unsigned char)body[at - 2] : '.';
    if (body[at - 1] == ' ' && (b == ',' || vb_is_ascii_lower(b))) return 1;
  }
  return lower ? 0 : -1;
}

/* A lone capitalised word opening its sentence that the text writes in
 * lowercase elsewhere, and never as a name; or a contraction. */
static int lone_opener(qctx *q, const qnp *np) {
  const qtok *t = &q->t[np->na];
  if (np->nb - np->na != 1 || np->ra < np->rb || (t->cls & (QW_GIVEN | QW_HONOR))) return 0;
  const char *w = q->s + t->s;
  size_t n = t->e - t->s;
  if (contraction(w, n)) return 1;
  if (!(t->flags & TF_SSTART)) return 0;
  vb_str name = {w, n};
  if (find_key(&q->by_name, name) >= 0 || find_key(&q->by_surname, name) >= 0) return 0;
  /* "Back in 1999, X …", "Harsh comments are …": a word the text never
   * writes as a name mid-sentence, not followed by a verb as a subject
   * is, is the sentence's first word, not someone's name */
  const qtok *next = np->nb < q->nt ? &q->t[np->nb] : NULL;
  size_t nn = next ? next->e - next->s : 0;
  int verb_next = next && next->kind == TK_WORD && !(next->flags & TF_CAP) &&
                  ((next->cls & (QW_CUE | QW_AUX | QW_ADV | QW_TIME)) ||
                   (nn > 4 && !(next->cls & QW_NOUN) && memcmp(q->s + next->e - 2, "ed", 2) == 0));
  /* "Nintendo and Apple announced …": one of two names */
  int pair = next && np->nb + 1 < q->nt && word_is(q, next, "and") && name_cap(&q->t[np->nb + 1]);
  int seen = written_elsewhere(q, w, n);
  return verb_next || pair ? seen == 0 : seen != 1;
}

/* "Pentagon officials", "White House aides": people of a body or a place
 * the text names, credited as the group it writes; "Clinton advisers",
 * "Mrs. Clinton's aides", "Cruz’s advisers": the people of a person the
 * text named before, credited as that group, never as the person. A group is an organisation's row, not a person's.
 * -1 when it is not such a group. */
static int32_t group_of(qctx *q, uint32_t lo, uint32_t pa, uint32_t pb, uint32_t head, int *rc) {
  const qtok *T = q->t;
  /* "31% of Republican voters say", "70 percent of registered Latino
   * voters": a poll's figure, not the group */
  for (uint32_t i = lo > 0 ? lo - 1 : 0; i < pa; i++)
    if (word_is(q, &T[i], "of")) return -1;
  int personal = 0; /* a given name or a possessive: a person's people */
  for (uint32_t i = pa; i < pb; i++) {
    if (T[i].flags & TF_INQ) return -1;
    if (T[i].flags & TF_POSS) {
      if (i + 1 != pb) return -1;
      personal = 1;
    }
    if (T[i].cls & QW_GIVEN) personal = 1;
    if ((T[i].flags & TF_CAP) && (T[i].cls & QW_NOUN) && (T[i].cls & QA_O)) continue;
    if (!name_cap(&T[i])) return -1;
    /* "Legal experts said": a capital only because the sentence opens */
    if ((T[i].flags & TF_SSTART) && written_elsewhere(q, q->s + T[i].s, T[i].e - T[i].s) != 1)
      return -1;
  }
  if (vb_wl_has(VB_WL_PUBLIC_GROUPS, q->s + T[head].s, T[head].e - T[head].s)) return -1;
  vb_str place = join(q, pa, pb, rc);
  if (*rc) return -1;
  int32_t known = find_key(&q->by_name, place);
  if (known < 0 && pb - pa == 1) known = find_key(&q->by_surname, place);
  /* someone's people, that someone not named before: no one to credit */
  if (personal && known < 0) return -1;
  /* the group as the text writes it, the possessive dropped ("Sanders’
   * aides", "Sanders's aides": Sanders aides); "Trump aides" are no one
   * Trump of the family, whichever was named last */
  size_t hn = T[head].e - T[head].s, n = place.len + 1 + hn;
  char *buf = vb_arena_alloc(q->doc->arena, n);
  if (!buf) {
    *rc = VB_ENOMEM;
    return -1;
  }
  memcpy(buf, place.ptr, place.len);
  buf[place.len] = ' ';
  memcpy(buf + place.len + 1, q->s + T[head].s, hn);
  vb_str name = {buf, n};
  int32_t p = find_key(&q->by_name, name);
  if (p >= 0) return root(q, p);
  p = add_person(q, name, (vb_str){0}, 0, 1, rc);
  if (p >= 0) q->people.v[p].group = 1;
  return p;
}

/* "Critics said", "the protesters say", "according to exit polls", "two
 * analysts said": a plural nominal naming no one in particular is the
 * group the text names, a source of its own (the group's name: the words
 * from the first after the determiners through the head, as written; it
 * is no mention, so no pronoun finds it). -1 for a phrase that names no
 * group: one of a pronoun's kind or a record (data/not-groups.txt), the
 * public (data/public-groups.txt), a part ("some of the protesters"), a
 * quantity ("no one", "each"), someone's people ("his lawyers"), a title
 * ("the Presidents"), a phrase with a quotation or a possessive inside. */
static int32_t group_source(qctx *q, const qnp *np, uint32_t cue, int *rc) {
  const qtok *T = q->t;
  uint32_t a = np->a, h = np->head;
  if (h < a || h >= q->nt) return -1;
  /* "Democrats want to …", "Republicans decided to …": what a group
   * intends is no words of its own (a verb of saying that also takes "to"
   * is: "critics vowed to …") */
  if ((cue & QC_INF) && !(cue & QC_SAY)) return -1;
  const char *hw = q->s + T[h].s;
  size_t hn = T[h].e - T[h].s;
  if (vb_wl_has(VB_WL_NOT_GROUPS, hw, hn) || vb_wl_has(VB_WL_PUBLIC_GROUPS, hw, hn) ||
      vb_wl_has(VB_WL_NOT_SPEAKERS, hw, hn))
    return -1;
  if (a > 0 && word_is(q, &T[a - 1], "of")) return -1;
  /* "The Presidents stressed": a title in the plural names the holders,
   * no group (a capital past the sentence's first word) */
  if ((T[h].flags & TF_CAP) && !(T[h].flags & TF_SSTART)) return -1;
  for (; a < h && (T[a].cls & QW_DET); a++) {
    /* "his lawyers", "their opponents": someone's people, whom only a
     * name before the head may say (group_of) */
    static const char *const none[] = {"no",  "any", "every", "each", "whose", "a",  "an",   "one",
                                       "another", "his", "her", "their", "its", "our", "my", "your"};
    for (size_t k = 0; k < sizeof none / sizeof *none; k++)
      if (word_is(q, &T[a], none[k])) return -1;
  }
  /* "what Republicans say": a question's word, no group's */
  static const char *const wh[] = {"what", "which", "how", "why", "when", "where", "whether", "whatever"};
  for (size_t k = 0; k < sizeof wh / sizeof *wh; k++)
    if (word_is(q, &T[a], wh[k])) return -1;
  for (uint32_t i = a; i <= h; i++)
    if (!is_word(&T[i]) || (T[i].flags & (TF_INQ | TF_POSS)) || (T[i].cls & (QW_PREP | QW_PRON | QW_CONJ)) ||
        vb_is_ascii_digit((unsigned char)q->s[T[i].s])) /* "31 percent", "2,000 protesters": a count */
      return -1;
  return add_group(q, (vb_str){q->s + T[a].s, T[h].e - T[a].s}, rc);
}

/* A lone title-case word that is a common noun of the lists ("the
 * Charter", "the Government", "Council"), which no one of that name was
 * before, titled by nothing: no one's name. */
static int common_noun_name(const qctx *q, const qnp *np) {
  const qtok *t = &q->t[np->na];
  if (np->nb - np->na != 1 || (np->na > np->a && title_word(&q->t[np->na - 1]))) return 0;
  if (!(t->cls & QW_NOUN) || (t->cls & QW_GIVEN) || (t->flags & TF_UPPER)) return 0;
  vb_str w = {q->s + t->s, t->e - t->s};
  return find_key(&q->by_name, w) < 0 && find_key(&q->by_surname, w) < 0;
}

/* Does the phrase open with an indefinite ("a young reporter", "one
 * Sanders supporter", "another supporter")? It brings in someone new, so
 * it is no one named before, whatever role they were given. */
static int indefinite(const qctx *q, const qnp *np) {
  const qtok *t = &q->t[np->a];
  return word_is(q, t, "a") || word_is(q, t, "an") || word_is(q, t, "one") || word_is(q, t, "another");
}

int32_t vb_qnp_person(qctx *q, const qnp *np_in, uint32_t at, uint32_t cue, int *rc) {
  const qtok *T = q->t;
  int32_t p = -1;
  qnp common;
  const qnp *np = np_in;
  /* "the New Zealand Department of Conservation": a name of several words
   * ending in a body's noun goes on past "of" as well */
  int body_head = np->type == NP_NAME && np->nb > np->na && np->nb - np->na > 1 &&
                  (T[np->nb - 1].cls & QW_NOUN) && (T[np->nb - 1].cls & QA_O) && !(T[np->nb - 1].cls & QW_TITLE);
  if (np->type == NP_NAME && (body_head || common_noun_name(q, np)) && np->nb < np->b &&
      (word_is(q, &T[np->nb], "of") || word_is(q, &T[np->nb], "for")) && name_cap(&T[np->b - 1])) {
    /* "the Government of Pakistan", "the Republic of Turkey", "the Center
     * for Responsive Politics": the whole name the text gives */
    common = *np;
    common.nb = np->b;
    /* and on over each further "of (the) Name": "… of the Republic of Verania" */
    for (uint32_t e = common.nb; e + 1 < q->nt && word_is(q, &T[e], "of");) {
      uint32_t x = e + 1;
      if ((T[x].cls & QW_DET) && lower_word(&T[x])) x++;
      if (x >= q->nt || !name_cap(&T[x]) || (T[x].flags & TF_INQ)) break;
      while (x < q->nt && name_cap(&T[x]) && !(T[x].flags & (TF_INQ | TF_POSS))) x++;
      e = common.nb = common.b = x;
    }
    np = &common;
  } else if (np->type == NP_NAME && common_noun_name(q, np)) {
    /* read as the nominal it is: "the Council" is the council that spoke */
    common = *np;
    common.type = NP_NOMINAL;
    common.head = np->na;
    common.na = common.nb = 0;
    /* "Senate Republicans" opening a sentence: the word before may name
     * the group's body */
    if ((T[np->na].cls & QA_R) && (T[np->na].cls & QA_P) && np->na > np->a &&
        (T[np->na - 1].flags & TF_CAP)) {
      common.na = np->na - 1;
      common.nb = np->na;
    }
    np = &common;
  }
  /* "The Holy Koran says", "That Article states": a text the speaker
   * quotes names no one */
  if (np_in->type == NP_NAME && np_in->nb > np_in->na &&
      vb_wl_has(VB_WL_QUOTED_TEXTS, q->s + T[np_in->nb - 1].s, T[np_in->nb - 1].e - T[np_in->nb - 1].s))
    return -1;
  uint32_t where = T[np->a].s;
  switch (np->type) {
  case NP_NAME: {
    uint32_t gender = 0;
    for (uint32_t i = np->a; i < np->na; i++)
      if (T[i].cls & QW_HONOR) gender |= T[i].cls & (QA_M | QA_F);
    for (uint32_t i = np->a; i < np->b && i < q->nt; i++)
      if ((T[i].cls & QW_NOUN) && !(T[i].flags & TF_CAP)) gender |= T[i].cls & (QA_M | QA_F);
    if (lone_opener(q, np)) return -1;
    /* "the President of Russia": the one person the document gives that
     * role (whose description, if any, names the place), before the
     * place or body the role is of, which speaks through its officer
     * when no holder is known ("the president of Judicial Watch") */
    uint32_t of = np->na;
    if (of > np->a && word_is(q, &T[of - 1], "the")) of--;
    if (of >= np->a + 2 && word_is(q, &T[of - 1], "of") && role_head(&T[of - 2]) && !given_in(q, np)) {
      const qtok *h = &T[of - 2];
      p = sole_with_role(q, q->s + h->s, h->e - h->s);
      const char *place = q->s + T[np->na].s;
      size_t pn = T[np->nb - 1].e - T[np->na].s;
      if (p >= 0 && q->people.v[p].desc.len && !role_names(&q->people.v[p], place, pn)) p = -1;
      if (p >= 0) break;
    }
    /* "the Philippines", "the Netherlands": one word in -s right after
     * "the" is a state or a people, never a "he" ("The" is no role) */
    int the_plural = np->na == np->a + 1 && np->nb == np->na + 1 && word_is(q, &T[np->a], "the") &&
                     T[np->na].e - T[np->na].s > 3 && q->s[T[np->na].e - 1] == 's';
    int evidence = np->ra < np->rb && !the_plural; /* "Sen.", "union leader" */
    p = person_named(q, np->na, np->nb, gender, evidence, rc);
    if (p >= 0 && the_plural && !q->people.v[p].person) q->people.v[p].org = 1;
    if (p >= 0 && !q->people.v[p].org && (*rc = set_role(q, p, np->ra, np->rb))) return -1;
    break;
  }
  case NP_PRON: {
    const qtok *t = &T[np->head];
    if (t->cls & (QA_1 | QA_R)) return -1;
    if ((t->cls & QA_N) && !(t->cls & QA_P)) {
      /* "it": an organisation, and only as the source of a verb of saying
       * ("it states", not "it hopes", "it reminds us") */
      if (!(cue & QC_SAY)) return -1;
      p = subject_org(q, at);
      break;
    }
    if (t->cls & QA_P) {
      p = subject_org(q, at);
      break;
    }
    p = latest(q, at, t->cls & (QA_M | QA_F), 0, NULL, 0);
    /* the text has now called them "she" (or "he"), right after naming
     * them with no one else between: a later "he" is someone else ("Kelly
     * Ayotte … She said … Trump's ire - he called her", where no title or
     * given name says Ayotte's gender) */
    if (p >= 0 && (t->cls & (QA_M | QA_F)) && (t->cls & (QA_M | QA_F)) != (QA_M | QA_F) &&
        latest(q, at, 0, 0, NULL, 0) == p) {
      qperson *pp = &q->people.v[root(q, p)];
      if (pp->gender == (QA_M | QA_F)) pp->gender = t->cls & (QA_M | QA_F);
    }
    break;
  }
  case NP_NOMINAL: {
    const qtok *h = &T[np->head];
    const char *hw = q->s + h->s;
    size_t hn = h->e - h->s;
    if (np->na < np->nb && np->nb <= np->head && (h->cls & (QA_O | QA_D))) {
      /* "the Clinton campaign": the organisation; "a CNN/ORC poll",
       * "FEC records": whoever made it */
      uint32_t b = (h->cls & QA_O) ? np->head + 1 : np->nb;
      p = person_named(q, np->na, b, 0, 0, rc);
      if (p >= 0) q->people.v[p].org = 1;
      break;
    }
    if (np->na < np->nb && (h->cls & QA_R) && !(h->cls & QA_P)) {
      /* "Clinton campaign spokesman", "a spokesman for the ministry" */
      p = indefinite(q, np) ? -1 : latest(q, at, 0, 0, hw, hn);
      /* "the New Jersey governor": the one whose role says New Jersey, not
       * the latest governor of anywhere */
      if (p >= 0 && !role_names(&q->people.v[p], q->s + T[np->na].s, T[np->nb - 1].e - T[np->na].s))
        p = -1;
      /* "The Russian President", "the Russian leader" (a head of state's):
       * the one person the document gives the role, when nothing said of
       * them names another place */
      if (p < 0 && np->nb - np->na == 1 && np->nb == np->head && np->na == np->a + 1 &&
          word_is(q, &T[np->a], "the") && demonym_like(q, &T[np->na])) {
        int leader = vb_eq_ci(hw, hn, "leader");
        int32_t s = leader ? sole_with_role(q, "President", 9) : sole_with_role(q, hw, hn);
        int32_t lp = s >= 0 ? last_person(q, at) : -1;
        if (s >= 0 && (lp < 0 || lp == s) &&
            !other_place(q, &q->people.v[s], q->s + T[np->na].s, T[np->na].e - T[np->na].s)) {
          p = s;
          break;
        }
      }
      if (p < 0 && !(T[np->nb - 1].flags & TF_POSS)) {
        uint32_t b = np->nb;
        if (b < np->b && b < q->nt && (T[b].cls & QW_NOUN) && (T[b].cls & QA_O)) b++;
        if (b - np->na > 1 || (T[np->nb - 1].cls & QW_SUFFIX) || (T[np->nb - 1].flags & TF_UPPER)) {
          p = person_named(q, np->na, b, 0, 0, rc);
          if (p >= 0) q->people.v[p].org = 1;
        }
      }
      break;
    }
    if (np->na < np->nb && !(h->cls & QW_NOUN)) {
      /* "the Vox Populi column": the name the head belongs to */
      p = person_named(q, np->na, np->nb, 0, 0, rc);
      if (p >= 0) q->people.v[p].org = 1;
      break;
    }
    if (np->na < np->nb && np->nb == np->head && (h->cls & QA_R) && (h->cls & QA_P)) {
      p = group_of(q, np->a, np->na, np->nb, np->head, rc);
      break;
    }
    /* "officials", "aides": nobody in particular, the group the text names */
    if (h->cls & QA_P) {
      if (np->na == np->nb) return group_source(q, np, cue, rc);
      break;
    }
    if (indefinite(q, np)) break;
    if (h->cls & QA_O) p = latest(q, at, 0, 1, hw, hn);
    else if (h->cls & QA_R) p = latest(q, at, h->cls & (QA_M | QA_F) ? h->cls & (QA_M | QA_F) : 0, 0, hw, hn);
    /* "The President said" where the President is named only in the
     * title or pages back: the one person the document gives that role */
    if (p < 0 && (h->cls & QA_R) && np->head == np->a + 1 && word_is(q, &T[np->a], "the"))
      p = sole_with_role(q, hw, hn);
    /* "her friend said", "his wife said": someone's relation is the one
     * named so just before, not a friend of another named paragraphs back */
    const char *dw = q->s + T[np->a].s;
    size_t dn = T[np->a].e - T[np->a].s;
    if (p >= 0 && (vb_eq_ci(dw, dn, "his") || vb_eq_ci(dw, dn, "her") || vb_eq_ci(dw, dn, "their")) &&
        (vb_wl_has(VB_WL_KIN_WORDS, hw, hn) || vb_eq_ci(hw, hn, "friend")) && !mentioned_since(q, p, at))
      p = -1;
    break;
  }
  default: break;
  }
  if (*rc || p < 0) return -1;
  p = root(q, p);
  if ((*rc = mention(q, p, where, clause_start(q, np->a), 1))) return -1;
  return p;
}

/* The speakers' names as vb_attr_find_speaker compares them: ASCII
 * letters folded, byte for byte. A name longer than this is not filed:
 * the document's look-ups go back to that function's scan. */
#define SP_KEY_MAX 256

static size_t fold_key(vb_str s, char *key) {
  for (size_t k = 0; k < s.len; k++) key[k] = (char)vb_ascii_lower((unsigned char)s.ptr[k]);
  return s.len;
}

/* Files v under the name unless an earlier one is there; 0 or VB_ENOMEM. */
static int file_first(qctx *q, vb_map *m, vb_str name, uint32_t v) {
  char key[SP_KEY_MAX];
  if (!name.len) return 0; /* matched only by an empty name, which scans */
  if (name.len > SP_KEY_MAX) {
    q->sp_scan = 1;
    return 0;
  }
  return vb_map_put(m, key, fold_key(name, key), v, NULL) == VB_MAP_NONE ? VB_ENOMEM : 0;
}

/* Files the speakers and aliases made since the last call (the attribute
 * stage's, then this stage's own). 0 or VB_ENOMEM. */
static int file_speakers(qctx *q) {
  const vb_doc *d = q->doc;
  for (; q->sp_named < d->speakers.n; q->sp_named++) {
    uint32_t i = q->sp_named;
    vb_str name = d->speakers.v[i].name;
    /* a group answers to its own name as a group, and to nothing else:
     * "Democrats" is never a Democrat named Smith */
    if (d->speakers.v[i].group) {
      if (file_first(q, &q->sp_group, name, i)) return VB_ENOMEM;
      continue;
    }
    if (file_first(q, &q->sp_name, name, i)) return VB_ENOMEM;
    if (d->speakers.v[i].host) continue;
    if (file_first(q, &q->sp_tail, name, i)) return VB_ENOMEM;
    size_t w = name.len;
    while (w > 0 && name.ptr[w - 1] != ' ') w--;
    if (w > 0 && file_first(q, &q->sp_last, (vb_str){name.ptr + w, name.len - w}, i)) return VB_ENOMEM;
  }
  for (; q->al_named < d->aliases.n; q->al_named++)
    if (file_first(q, &q->sp_alias, d->aliases.v[q->al_named].name, q->al_named)) return VB_ENOMEM;
  return 0;
}

/* vb_attr_find_speaker's answer by look-ups: the first speaker of the
 * name, else the speaker of its first alias, else the first speaker (not
 * a host) whose name is its last words, or, for one word, whose name of
 * several ends with it. Its scan of every speaker for every person made
 * a document quoting thousands of people quadratic. */
static int32_t find_speaker(qctx *q, vb_str name, int *rc) {
  if ((*rc = file_speakers(q))) return -1;
  if (q->sp_scan || !name.len || name.len > SP_KEY_MAX)
    return vb_attr_find_speaker(q->doc, name.ptr, name.len);
  char key[SP_KEY_MAX];
  size_t n = fold_key(name, key);
  uint32_t v = vb_map_get(&q->sp_name, key, n);
  if (v != VB_MAP_NONE) return (int32_t)v;
  v = vb_map_get(&q->sp_alias, key, n);
  if (v != VB_MAP_NONE) return q->doc->aliases.v[v].speaker;
  uint32_t best = memchr(key, ' ', n) ? VB_MAP_NONE : vb_map_get(&q->sp_last, key, n);
  for (size_t k = 0; k < n; k++) {
    if (k && key[k - 1] != ' ') continue;
    v = vb_map_get(&q->sp_tail, key + k, n - k);
    if (v < best) best = v;
  }
  return best == VB_MAP_NONE ? -1 : (int32_t)best;
}

/* Says what speaker sp is, for entity extraction (VB_SPEAKER_*): the
 * vector is shorter than the speakers while all are people. 0 or
 * VB_ENOMEM. */
static int speaker_kind(vb_doc *d, int32_t sp, uint8_t kind) {
  while (d->speaker_org.n <= (uint32_t)sp) {
    uint8_t *f = VB_VEC_PUSH(d->arena, d->speaker_org);
    if (!f) return VB_ENOMEM;
    *f = VB_SPEAKER_PERSON;
  }
  d->speaker_org.v[sp] = kind;
  return 0;
}

/* A group's speaker: the group of that name the document has (ASCII case
 * aside), else a new one; -1 beyond the limit or on out of memory. */
static int32_t group_speaker(qctx *q, qperson *p, int *rc) {
  vb_doc *d = q->doc;
  if ((*rc = file_speakers(q))) return -1;
  char key[SP_KEY_MAX];
  uint32_t v = p->name.len <= SP_KEY_MAX ? vb_map_get(&q->sp_group, key, fold_key(p->name, key)) : VB_MAP_NONE;
  if (v != VB_MAP_NONE) return p->speaker = (int32_t)v;
  if (d->speakers.n >= VB_MAX_SPEAKERS) return -1; /* beyond the limit: left unnamed */
  vb_speaker *s = VB_VEC_PUSH(d->arena, d->speakers);
  if (!s) {
    *rc = VB_ENOMEM;
    return -1;
  }
  memset(s, 0, sizeof *s);
  s->name = p->name;
  s->group = 1;
  int32_t sp = (int32_t)(d->speakers.n - 1);
  if ((*rc = speaker_kind(d, sp, VB_SPEAKER_GROUP))) return -1;
  return p->speaker = sp;
}

int32_t vb_qperson_speaker(qctx *q, int32_t person, int *rc) {
  person = root(q, person);
  qperson *p = &q->people.v[person];
  if (p->speaker >= 0) return p->speaker;
  if (p->group) return group_speaker(q, p, rc);
  vb_doc *d = q->doc;
  int32_t sp = find_speaker(q, p->name, rc);
  if (*rc) return -1;
  if (sp < 0) {
    if (d->speakers.n >= VB_MAX_SPEAKERS) return -1; /* beyond the limit: left unnamed */
    vb_speaker *s = VB_VEC_PUSH(d->arena, d->speakers);
    if (!s) {
      *rc = VB_ENOMEM;
      return -1;
    }
    memset(s, 0, sizeof *s);
    /* "Mr. DE FREITAS VALLE stated …" (a summary record): the name as the
     * text spells it elsewhere, "de Freitas Valle"; the capitals an alias */
    s->name = vb_attr_proper_case(d, p->name);
    s->role = p->org ? (vb_str){0} : p->role;
    sp = (int32_t)(d->speakers.n - 1);
    if (s->name.ptr != p->name.ptr) {
      vb_alias *caps = VB_VEC_PUSH(d->arena, d->aliases);
      if (!caps) {
        *rc = VB_ENOMEM;
        return -1;
      }
      caps->speaker = sp;
      caps->name = p->name;
    }
    /* entity extraction types it ORG, or by its lists */
    if ((p->org || !p->person) && (*rc = speaker_kind(d, sp, p->org ? VB_SPEAKER_ORG : VB_SPEAKER_UNKNOWN)))
      return -1;
    if (p->surname.len && p->surname.len < p->name.len) {
      vb_alias *al = VB_VEC_PUSH(d->arena, d->aliases);
      if (!al) {
        *rc = VB_ENOMEM;
        return -1;
      }
      al->speaker = sp;
      al->name = p->surname;
    }
  } else if (!d->speakers.v[sp].role.ptr && p->role.len) {
    d->speakers.v[sp].role = p->role;
  }
  p->speaker = sp;
  return sp;
}

void vb_qpeople_free(qctx *q) {
  vb_map_free(&q->by_name);
  vb_map_free(&q->by_surname);
  vb_map_free(&q->by_given);
  vb_map_free(&q->by_role);
  vb_map_free(&q->sp_name);
  vb_map_free(&q->sp_alias);
  vb_map_free(&q->sp_tail);
  vb_map_free(&q->sp_last);
  vb_map_free(&q->sp_group);
  vb_arena_release(q->doc->arena, q->role_links.v, (size_t)q->role_links.cap * sizeof *q->role_links.v);
}
