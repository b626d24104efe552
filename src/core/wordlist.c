/* wordlist — data/ word lists as hash sets of normalised entries, built
 * once per process (pthread_once) and shared read-only by every parse. */
#include "wordlist.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "map.h"
#include "text.h"

/* Longest entry, in bytes once normalised; longer input is never one. */
#define MAX_ENTRY 160u

/* Each list's data/ file, and whether its entries follow their value
 * ("f<TAB>Maria") rather than precede it ("kms<TAB>km"). */
static const struct {
  const char *file;
  int value_first;
} file_of[VB_WL_COUNT] = {
    [VB_WL_FURNITURE] = {"furniture", 0},
    [VB_WL_FURNITURE_START] = {"furniture-start", 0},
    [VB_WL_FURNITURE_INSIDE] = {"furniture-inside", 0},
    [VB_WL_FURNITURE_MARKS] = {"furniture-marks", 0},
    [VB_WL_FURNITURE_SECTIONS] = {"furniture-sections", 0},
    [VB_WL_CREDIT_OPENERS] = {"credit-openers", 0},
    [VB_WL_CREDIT_CLOSERS] = {"credit-closers", 0},
    [VB_WL_NOT_SPEAKERS] = {"not-speakers", 0},
    [VB_WL_SALUTATIONS] = {"salutations", 0},
    [VB_WL_ANONYMOUS] = {"anonymous-speakers", 0},
    [VB_WL_CASE_PARTIES] = {"case-parties", 0},
    [VB_WL_HOSTS] = {"hosts", 0},
    [VB_WL_TITLES] = {"speaker-titles", 0},
    [VB_WL_ROLE_NOUNS] = {"role-nouns", 0},
    [VB_WL_ROLE_ADJECTIVES] = {"role-adjectives", 0},
    [VB_WL_ROLE_STOPS] = {"role-stops", 0},
    [VB_WL_PUBLIC_GROUPS] = {"public-groups", 0},
    [VB_WL_NOT_GROUPS] = {"not-groups", 0},
    [VB_WL_QUOTED_TEXTS] = {"quoted-texts", 0},
    [VB_WL_PARTICLES] = {"name-particles", 0},
    [VB_WL_NAME_SUFFIXES] = {"name-suffixes", 0},
    [VB_WL_SMALL_WORDS] = {"small-words", 0},
    [VB_WL_ABBREVIATIONS] = {"abbreviations", 0},
    [VB_WL_NUMBER_ABBREVIATIONS] = {"number-abbreviations", 0},
    [VB_WL_SENTENCE_OPENERS] = {"sentence-openers", 0},
    [VB_WL_MONTHS] = {"months", 0},
    [VB_WL_RELATIVE_DAYS] = {"relative-days", 0},
    [VB_WL_RELATIVE_WHICH] = {"relative-which", 0},
    [VB_WL_RELATIVE_PERIODS] = {"relative-periods", 0},
    [VB_WL_AGO_UNITS] = {"ago-units", 0},
    [VB_WL_AGO_COUNTS] = {"ago-counts", 0},
    [VB_WL_UNITS] = {"units", 0},
    [VB_WL_SCALES] = {"scales", 0},
    [VB_WL_LANGUAGE_WORDS] = {"language-words", 0},
    [VB_WL_DETERMINERS] = {"determiners", 0},
    [VB_WL_WEB_DOMAINS] = {"web-domains", 0},
    [VB_WL_COMPANY_ENDINGS] = {"company-endings", 0},
    [VB_WL_KIN_WORDS] = {"kin-words", 0},
    [VB_WL_ARTICLE_FORMS] = {"arabic-article-forms", 0},
    [VB_WL_CLIP_LINKS] = {"clip-links", 0},
    [VB_WL_CLIP_LINE_OPENERS] = {"clip-line-openers", 0},
    [VB_WL_CLIP_LINE_WORDS] = {"clip-line-words", 0},
    [VB_WL_SERIES_PUBLISHERS] = {"series-publishers", 0},
    [VB_WL_BROADCAST_CUES] = {"broadcast-cues", 0},
    [VB_WL_BE_FORMS] = {"be-forms", 0},
    [VB_WL_FUNCTION_WORDS] = {"function-words", 0},
    [VB_WL_CONTRACTION_ENDINGS] = {"contraction-endings", 0},
    [VB_WL_HOST_CUES] = {"debate-host-cues", 0},
    [VB_WL_GIVEN_NAMES] = {"given-names", 1},
    [VB_WL_AUTHOR_NOTE_VERBS] = {"author-note-verbs", 0},
    [VB_WL_ROLE_HEADS] = {"role-heads", 0},
    [VB_WL_CIVIL_HEADS] = {"civil-heads", 0},
    [VB_WL_UNIT_HEADS] = {"unit-heads", 0},
    [VB_WL_WORD_BODIES] = {"word-bodies", 0},
    [VB_WL_SHORT_FORM_HEADS] = {"short-form-heads", 0},
    [VB_WL_POSSESSIVES] = {"possessives", 0},
    [VB_WL_LABEL_VERBS] = {"label-verbs", 0},
    [VB_WL_ADDRESS_FORMS] = {"address-forms", 0},
    [VB_WL_STATE_FORMS] = {"state-forms", 0},
    [VB_WL_OFFICE_QUALIFIERS] = {"office-qualifiers", 0},
    [VB_WL_FIRST_NAMES] = {"first-names", 0},
    [VB_WL_YEAR_OPENERS] = {"year-openers", 0},
    [VB_WL_YEAR_JOINERS] = {"year-joiners", 0},
    [VB_WL_YEAR_FOLLOWERS] = {"year-followers", 0},
    [VB_WL_FUTURE_MARKERS] = {"future-markers", 0},
    [VB_WL_NUMBER_WORDS] = {"number-words", 0},
    [VB_WL_ACRONYM_HEADS] = {"acronym-heads", 0},
    [VB_WL_YEAR_NAME_HEADS] = {"year-name-heads", 0},
    [VB_WL_YEAR_DETERMINERS] = {"year-determiners", 0},
};

typedef struct list {
  vb_map set;     /* normalised entry -> its place in the file, from 1 */
  char **entries; /* normalised, NUL-terminated, in file order */
  char **values;  /* the text after each entry's TAB ("" when none) */
  size_t n, cap;
  unsigned char first[32]; /* a bit per (lowercase) first byte of an entry */
} list;

static list lists[VB_WL_COUNT];
static int loaded; /* 1 when every list was read */
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Normalises s[0..n) into out (room for cap bytes): ASCII lowercase, runs
 * of white space as one space, ’ as '. offs[k] (when not NULL) is the
 * offset in s of out[k]. Returns the normalised length, stopping at cap. */
static size_t norm(const char *s, size_t n, char *out, size_t cap, size_t *offs) {
  size_t o = 0;
  int space = 0;
  for (size_t i = 0; i < n && o < cap;) {
    unsigned char c = (unsigned char)s[i];
    if (vb_is_ascii_space(c)) {
      space = o > 0;
      i++;
      continue;
    }
    if (space) {
      if (offs) offs[o] = i;
      out[o++] = ' ';
      space = 0;
      if (o >= cap) break;
    }
    if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x99) {
      if (offs) offs[o] = i;
      out[o++] = '\'';
      i += 3;
      continue;
    }
    if (offs) offs[o] = i;
    out[o++] = (char)vb_ascii_lower(c);
    i++;
  }
  return o;
}

/* Keeps a copy of s[0..n) as a NUL-terminated string; NULL when out of memory. */
static char *keep(const char *s, size_t n) {
  char *c = malloc(n + 1);
  if (c) {
    memcpy(c, s, n);
    c[n] = '\0';
  }
  return c;
}

/* Appends the normalised entry e[0..k) with its value; -1 when out of memory. */
static int add(list *l, const char *e, size_t k, const char *val, size_t vlen) {
  if (vb_map_put(&l->set, e, k, (uint32_t)l->n + 1, NULL) == VB_MAP_NONE) return -1;
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 32;
    char **ne = realloc(l->entries, l->cap * sizeof *ne);
    if (!ne) return -1;
    l->entries = ne;
    char **nv = realloc(l->values, l->cap * sizeof *nv);
    if (!nv) return -1;
    l->values = nv;
  }
  if (!(l->entries[l->n] = keep(e, k))) return -1;
  if (!(l->values[l->n++] = keep(val, vlen))) return -1;
  l->first[(unsigned char)e[0] >> 3] |= (unsigned char)(1u << (e[0] & 7));
  return 0;
}

static int load_one(list *l, const char *text, int swap) {
  vb_map_init(&l->set);
  for (const char *s = text; s && *s;) {
    const char *eol = strchr(s, '\n');
    size_t len = eol ? (size_t)(eol - s) : strlen(s);
    const char *tab = memchr(s, '\t', len);
    const char *key = s, *val = tab ? tab + 1 : s + len, *vend = s + len;
    size_t klen = tab ? (size_t)(tab - s) : len;
    if (swap && tab) {
      key = tab + 1;
      klen = (size_t)(s + len - key);
      val = s;
      vend = tab;
    }
    if (len && s[0] != '#') {
      char buf[MAX_ENTRY];
      size_t k = norm(key, klen, buf, sizeof buf, NULL);
      while (k && buf[k - 1] == ' ')
        k--;
      if (k && add(l, buf, k, val, (size_t)(vend - val)) != 0) return -1;
    }
    s = eol ? eol + 1 : s + len;
  }
  return 0;
}

/* Lists that also hold another's entries, so that one lookup answers
 * "either": the entity stage asks of most capitalised words whether they
 * are a given name of either list. */
static const struct {
  vb_wl into, from;
} unions[] = {{VB_WL_FIRST_NAMES, VB_WL_GIVEN_NAMES}};

/* Adds from's entries (not their values) that into lacks, after its own. */
static int add_entries(list *into, const list *from) {
  for (size_t i = 0; i < from->n; i++) {
    const char *e = from->entries[i];
    size_t k = strlen(e);
    if (vb_map_get(&into->set, e, k) == VB_MAP_NONE && add(into, e, k, "", 0) != 0) return -1;
  }
  return 0;
}

static void load(void) {
  for (int i = 0; i < VB_WL_COUNT; i++)
    if (load_one(&lists[i], vb_data_text(file_of[i].file), file_of[i].value_first) != 0) return;
  for (size_t i = 0; i < sizeof unions / sizeof unions[0]; i++)
    if (add_entries(&lists[unions[i].into], &lists[unions[i].from]) != 0) return;
  loaded = 1;
}

static const list *get(vb_wl l) {
  pthread_once(&once, load);
  return loaded && (unsigned)l < VB_WL_COUNT ? &lists[l] : NULL;
}

size_t vb_wl_find(vb_wl which, const char *s, size_t n, const char **value) {
  const list *l = get(which);
  if (!l || n > MAX_ENTRY * 2) return 0;
  char buf[MAX_ENTRY];
  size_t k = norm(s, n, buf, sizeof buf, NULL);
  while (k && buf[k - 1] == ' ')
    k--;
  uint32_t at = k ? vb_map_get(&l->set, buf, k) : VB_MAP_NONE;
  if (at == VB_MAP_NONE) return 0;
  if (value) *value = l->values[at - 1];
  return at;
}

int vb_wl_has(vb_wl which, const char *s, size_t n) {
  return vb_wl_find(which, s, n, NULL) != 0;
}

int vb_wl_anonymous(const char *s, size_t n) {
  const char *v;
  if (vb_wl_find(VB_WL_ANONYMOUS, s, n, &v)) return strcmp(v, "numbered") != 0;
  /* "SPEAKER_1", "Speaker 2", "Question #3": a listed word and a number */
  size_t k = n;
  while (k > 0 && s[k - 1] >= '0' && s[k - 1] <= '9') k--;
  if (k == n || k == 0) return 0;
  while (k > 0 && (s[k - 1] == '_' || s[k - 1] == ' ' || s[k - 1] == '-' || s[k - 1] == '#')) k--;
  return k > 0 && vb_wl_find(VB_WL_ANONYMOUS, s, k, NULL) != 0;
}

int vb_wl_may_start(vb_wl which, unsigned char c) {
  const list *l = get(which);
  c = (unsigned char)vb_ascii_lower(c);
  return l && (l->first[c >> 3] & (1u << (c & 7)));
}

size_t vb_wl_count(vb_wl which) {
  const list *l = get(which);
  return l ? l->n : 0;
}

const char *vb_wl_entry(vb_wl which, size_t i, const char **value) {
  const list *l = get(which);
  if (!l || i >= l->n) return NULL;
  if (value) *value = l->values[i];
  return l->entries[i];
}

size_t vb_wl_prefix(vb_wl which, const char *s, size_t n) {
  const list *l = get(which);
  if (!l) return 0;
  char buf[MAX_ENTRY];
  size_t offs[MAX_ENTRY];
  size_t k = norm(s, n, buf, sizeof buf, offs);
  for (size_t end = k; end > 0; end--) {
    /* a word boundary: the end of the text or a space after the entry */
    int boundary = end == k ? (k < MAX_ENTRY || n == offs[k - 1] + 1) : buf[end] == ' ';
    if (!boundary || buf[end - 1] == ' ') continue;
    if (vb_map_get(&l->set, buf, end) == VB_MAP_NONE) continue;
    size_t last = offs[end - 1]; /* the entry's last byte, then its code point's rest */
    size_t stop = last + 1;
    while (stop < n && ((unsigned char)s[stop] & 0xC0) == 0x80)
      stop++;
    return stop;
  }
  return 0;
}

int vb_wl_inside(vb_wl which, const char *s, size_t n) {
  const list *l = get(which);
  if (!l) return 0;
  for (size_t i = 0; i < l->n; i++)
    if (vb_find_ci(s, n, l->entries[i]) >= 0) return 1;
  return 0;
}

/* Whether the fragment e stands in s[0..n) other than negated: a class
 * "no_caption" or "buzz_attr_no-caption" says the element has no
 * caption, not that it is one. */
static int has_mark(const char *s, size_t n, const char *e) {
  for (size_t from = 0; from < n;) {
    long k = vb_find_ci(s + from, n - from, e);
    if (k < 0) return 0;
    size_t at = from + (size_t)k;
    int negated = at >= 3 && (s[at - 1] == '_' || s[at - 1] == '-') &&
                  (s[at - 2] == 'o' || s[at - 2] == 'O') && (s[at - 3] == 'n' || s[at - 3] == 'N') &&
                  (at == 3 || s[at - 4] == '_' || s[at - 4] == '-' ||
                   vb_is_ascii_space((unsigned char)s[at - 4]));
    if (!negated) return 1;
    from = at + 1;
  }
  return 0;
}

int vb_wl_marks(vb_wl which, const char *s, size_t n) {
  const list *l = get(which);
  if (!l) return 0;
  for (size_t i = 0; i < l->n; i++) /* "^masha-ignore": the site's own word */
    if (l->entries[i][0] == '^' && vb_find_ci(s, n, l->entries[i] + 1) >= 0) return 2;
  for (size_t i = 0; i < l->n; i++) /* "!footer": furniture whatever else */
    if (l->entries[i][0] == '!' && has_mark(s, n, l->entries[i] + 1)) return 1;
  for (size_t i = 0; i < l->n; i++) /* "+content": then never furniture by its marks */
    if (l->entries[i][0] == '+' && has_mark(s, n, l->entries[i] + 1)) return 0;
  for (size_t i = 0; i < l->n; i++) {
    const char *e = l->entries[i];
    if (e[0] == '+' || e[0] == '!' || e[0] == '^') continue;
    if (e[0] != '=') {
      if (has_mark(s, n, e)) return 1;
      continue;
    }
    size_t el = strlen(e + 1);
    for (size_t t = 0; t < n;) {
      while (t < n && vb_is_ascii_space((unsigned char)s[t]))
        t++;
      size_t te = t;
      while (te < n && !vb_is_ascii_space((unsigned char)s[te]))
        te++;
      if (te - t == el && vb_prefix_ci(s + t, el, e + 1)) return 1;
      t = te;
    }
  }
  return 0;
}
