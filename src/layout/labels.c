/* labels — what a speaker label is made of: "President of Russia Vladimir
 * Putin:", "Sergei Agafonov, Editor in Chief of Ogonyok magazine:",
 * "Panel moderator, NBC host Megyn Kelly:", "Mary K. Doe, Jr.:",
 * "Prime Minister of Israel Benjamin Netanyahu (retranslated):",
 * "Question:". The name is read from the end of the role words (titles,
 * lowercase words, an organisation after "of"); the lists it decides by
 * are in data/ (speaker-titles, name-particles, name-suffixes,
 * not-speakers, salutations, anonymous-speakers, hosts). */
#include <string.h>

#include "core/text.h"
#include "core/wordlist.h"
#include "layout.h"

/* A label is a line's opening, not a sentence. */
#define MAX_LABEL_WORDS_ALL 28
/* Words of a person's name ("Luiz Inacio Lula da Silva" has five). */
#define MAX_NAME_WORDS 5

typedef struct word {
  uint32_t b, e; /* the word without trailing comma */
  int cap;       /* starts with an uppercase letter (or a digit: "SPEAKER_1") */
  int lower;     /* starts with a lowercase letter */
  int initial;   /* "J." */
  int particle;  /* "al", "bin", "van", "al-Sisi" */
  int title;     /* "President", "Mayor", "Dr.", "spokesman" */
  int small;     /* "of", "the", "OF": joins a role, never a name */
  int comma;     /* a comma follows */
  int bracket;   /* inside [...] : an editor's insertion */
} word;

static int is_particle(const char *s, uint32_t n) {
  if (vb_wl_has(VB_WL_PARTICLES, s, n)) return 1;
  const char *dash = memchr(s, '-', n); /* "al-Sisi" */
  return dash && dash > s && vb_wl_has(VB_WL_PARTICLES, s, (size_t)(dash - s));
}

/* Splits [b, e) into words; 0 when a character no label holds appears. */
static int split_words(const char *s, uint32_t b, uint32_t e, word *w, int *nw) {
  int n = 0, in_bracket = 0;
  uint32_t i = b;
  while (i < e) {
    while (i < e && (s[i] == ' ' || s[i] == '\t'))
      i++;
    if (i >= e) break;
    if (s[i] == '[') {
      in_bracket = 1;
      i++;
      continue;
    }
    uint32_t w0 = i;
    while (i < e && s[i] != ' ' && s[i] != '\t' && s[i] != ']' && s[i] != '[') {
      unsigned char c = (unsigned char)s[i];
      if (c == '"' || c == ';' || c == '?' || c == '!' || c == ':' || c == '/' || c == '\n' ||
          c == '|' || c == '<' || c == '>' || c == '=' || c == '*' || c == '#' || c == '@')
        return 0;
      i++;
    }
    uint32_t w1 = i;
    int comma = 0;
    if (w1 > w0 && s[w1 - 1] == ',') {
      comma = 1;
      w1--;
    }
    if (w1 > w0) {
      if (n == MAX_LABEL_WORDS_ALL) return 0;
      word *x = &w[n++];
      memset(x, 0, sizeof *x);
      x->b = w0;
      x->e = w1;
      x->comma = comma;
      x->bracket = in_bracket;
      int32_t cp;
      vb_utf8_next(s, w1, w0, &cp);
      x->cap = vb_cp_is_upper(cp) || vb_cp_is_digit(cp) ||
               (vb_cp_is_letter(cp) && !vb_cp_is_lower(cp)); /* scripts without case */
      x->lower = vb_cp_is_lower(cp);
      x->initial = w1 - w0 == 2 && x->cap && s[w0 + 1] == '.';
      x->particle = is_particle(s + w0, w1 - w0);
      x->title =
          vb_wl_has(VB_WL_TITLES, s + w0, w1 - w0) || vb_wl_has(VB_WL_ROLE_NOUNS, s + w0, w1 - w0);
      x->small = !x->particle && vb_wl_has(VB_WL_SMALL_WORDS, s + w0, w1 - w0);
      if (!vb_cp_is_letter(cp) && !vb_cp_is_digit(cp) && cp != '(' && cp != '\'' && cp != 0x2019)
        return 0;
    } else if (comma && n) {
      w[n - 1].comma = 1;
    }
    if (i < e && s[i] == ']') {
      in_bracket = 0;
      i++;
    }
  }
  *nw = n;
  return 1;
}

/* "A.V.B.C.", "S.D.": initials run together, each a capital and a stop. */
static int dotted_initials(const char *s, uint32_t b, uint32_t e) {
  if (e - b < 4 || (e - b) % 2) return 0;
  for (uint32_t i = b; i < e; i += 2)
    if (!vb_is_ascii_upper((unsigned char)s[i]) || s[i + 1] != '.') return 0;
  return 1;
}

static int name_word(const word *x) {
  return !x->bracket && !x->small && (x->cap || x->particle || x->initial);
}

/* The name inside words [from, to): the run of name words ending at `to`,
 * read back to a title or lowercase word; after "of"/"at" the first
 * capitalised words are the organisation ("Governor of Pskov Region
 * Andrei Turchak"), so the name is the last two (three with an initial
 * or particle). Returns the first word of the name, or -1. */
static int name_start(const word *w, int from, int to) {
  if (to <= from) return -1;
  int r = to - 1; /* the last word is the name's, even "King" */
  while (r > from && name_word(&w[r - 1]) && !w[r - 1].title)
    r--;
  while (r < to && w[r].particle && !w[r].cap)
    r++; /* a name does not open with "al" */
  if (r >= to) return -1;
  if (r == from) return r;      /* nothing but the name: "Recep Tayyip Erdogan" */
  if (w[r - 1].title) return r; /* "Mayor Sergei Sobyanin", "President Donald J. Trump" */
  if (to - r <= 2) return r;
  int k = to - 2; /* an organisation before the name */
  if (k > r && (w[k - 1].initial || (w[k - 1].particle && !w[k - 1].cap))) k--;
  return k;
}

/* "Mr. SMITH of New Jersey": the Congressional Record's member, one
 * surname in capitals after a form of address (data/address-forms.txt),
 * then "of" and the state: words [a, o). */
static int record_surname(const char *s, const word *w, int a, int o) {
  if (o - a != 1 || w[a].e - w[a].b < 2 ||
      !vb_wl_has(VB_WL_ADDRESS_FORMS, s + w[a - 1].b, w[a - 1].e - w[a - 1].b))
    return 0;
  uint32_t i = w[a].b, e = w[a].e, k = i + 1, upper = 0;
  while (k < e && k - i <= 3 && vb_is_ascii_lower((unsigned char)s[k]))
    k++;
  if (k > i + 1 && k < e && vb_is_ascii_upper((unsigned char)s[k])) i = k; /* "McCAIN", "DeWINE" */
  for (; i < e; i++) {
    if (vb_is_ascii_lower((unsigned char)s[i])) return 0;
    upper += vb_is_ascii_upper((unsigned char)s[i]);
  }
  return upper >= 2;
}

/* "Patriarch Kirill of Moscow and All Russia", "Prince Charles of Wales":
 * a title, a given name, then "of" and a see or a place. When name_start
 * found a short name right after a small word ("All Russia" after "and",
 * "Wales" after "of"), the name may stand before that "of": a run of
 * capitalised words after a title, opening with a given name
 * (data/given-names.txt). Returns the run's first word and sets *end to
 * the "of", or -1. */
static int name_before_of(const char *s, const word *w, int from, int nb, int *end) {
  if (nb <= from || !w[nb - 1].small) return -1;
  int o = nb - 1;
  while (o > from && !(w[o].e - w[o].b == 2 && !memcmp(s + w[o].b, "of", 2))) {
    if (!w[o].small && !w[o].cap) return -1;
    o--;
  }
  if (o <= from || w[o].e - w[o].b != 2 || memcmp(s + w[o].b, "of", 2)) return -1;
  int a = o;
  while (a > from && name_word(&w[a - 1]) && !w[a - 1].title && !w[a - 1].comma)
    a--;
  if (a == o || a == from || !w[a - 1].title || o - a > 3 || !w[a].cap) return -1;
  if (!vb_wl_has(VB_WL_GIVEN_NAMES, s + w[a].b, w[a].e - w[a].b) && !record_surname(s, w, a, o))
    return -1;
  *end = o;
  return a;
}

static int all_name_words(const word *w, int from, int to) {
  if (to <= from || to - from > MAX_NAME_WORDS) return 0;
  for (int i = from; i < to; i++)
    if (!name_word(&w[i]) || w[i].title) return 0;
  return w[from].cap;
}

/* A number, Arabic or Roman ("12", "II", "IV"). */
static int numbered(const char *s, const word *x) {
  int digits = 1, roman = 1;
  for (uint32_t i = x->b; i < x->e; i++) {
    digits &= vb_is_ascii_digit((unsigned char)s[i]);
    roman &= strchr("IVXLC", s[i]) != NULL && s[i] != '\0';
  }
  return digits || roman;
}

/* A label that is an office and what it is of, with no name after it:
 * the name read from its end is one word after "of", "in" or "at" ("…
 * in Parliament", "… at the Table") and a role word comes before it.
 * Returns the office's first word (after the forms of address: "Hon.",
 * "Mr"), or -1. */
static int office_label(const char *s, const word *w, int from, int nb, int ne) {
  if (nb <= from + 1 || ne - nb != 1 || !w[nb - 1].small || w[nb].initial) return -1;
  int o = from, role = 0;
  while (o < nb && vb_wl_has(VB_WL_ADDRESS_FORMS, s + w[o].b, w[o].e - w[o].b))
    o++;
  for (int i = o; i < nb && !role; i++)
    role = w[i].title;
  for (int i = o; i < ne; i++)
    if (!w[i].cap && !w[i].small) return -1; /* "The President went on to say" */
  return role && o < nb && !w[o].small ? o : -1;
}

/* Are words [0, n) all capitalised or role words ("TV", "Studio", "news")?
 * A hard-wrapped line "challenges, we have one constant anchor: the
 * United Nations" ends with a host's word but is prose. */
static int role_only(const word *w, int n) {
  for (int i = 0; i < n; i++)
    if (!w[i].cap && !w[i].title) return 0;
  return 1;
}

int vb_label_clock(const char *s, uint32_t b, uint32_t e) {
  uint32_t i = b;
  while (i < e && s[i] >= '0' && s[i] <= '9')
    i++;
  if (i == b || i - b > 2 || i >= e || s[i] != ':') return 0;
  uint32_t m = ++i;
  while (i < e && s[i] >= '0' && s[i] <= '9')
    i++;
  return i - m == 2 && i == e;
}

/* "The DEPUTY SPEAKER ( Mr Dick )", "MR DEPUTY SPEAKER (T.TURA)": the
 * chair, and in brackets the member who holds it. When the label's name is
 * an office alone and the note a person's name, the person speaks; the
 * office is the role. */
static void chair_in_brackets(const char *s, vb_label_parts *p) {
  if (p->note_e <= p->note_b || p->words > 2 || p->anonymous || p->host) return;
  char glued[40]; /* "SP EAKER": a title with a space inside it in the source */
  size_t gn = 0;
  for (uint32_t i = p->name_b; i < p->name_e && gn < sizeof glued; i++)
    if (s[i] != ' ') glued[gn++] = s[i];
  int one_title = p->words == 2 && gn < sizeof glued && vb_wl_has(VB_WL_TITLES, glued, gn);
  for (uint32_t i = p->name_b; i < p->name_e && !one_title;) { /* every word a title */
    while (i < p->name_e && s[i] == ' ')
      i++;
    uint32_t w0 = i;
    while (i < p->name_e && s[i] != ' ')
      i++;
    if (i > w0 && !vb_wl_has(VB_WL_TITLES, s + w0, i - w0)) return;
  }
  uint32_t nb = p->note_b, ne = p->note_e;
  while (nb < ne && s[nb] == ' ')
    nb++;
  while (ne > nb && s[ne - 1] == ' ')
    ne--;
  vb_label_parts q;
  if (ne <= nb || s[ne - 1] == ')' || !vb_label_parse(s, nb, ne, &q)) return;
  if (q.anonymous || q.host || q.note_e > q.note_b) return;
  if (q.role_e > q.role_b && !vb_wl_has(VB_WL_ADDRESS_FORMS, s + q.role_b, q.role_e - q.role_b))
    return; /* "(Mr Dick)", "(Hon. T. Tura)": only a form of address before the name */
  p->role_b = p->role_e > p->role_b ? p->role_b : p->name_b;
  p->role_e = p->name_e;
  p->name_b = q.name_b;
  p->name_e = q.name_e;
  p->words = q.words;
  p->chair = 1;
}

/* "DEPUTY SPEAKER", "ACTING CHAIRMAN": a label whose name is an office
 * (a title alone) keeps the words that make it another office. */
static void whole_office(const char *s, uint32_t b, vb_label_parts *p) {
  if (p->words != 1 || !vb_wl_has(VB_WL_TITLES, s + p->name_b, p->name_e - p->name_b)) return;
  uint32_t i = p->name_b;
  while (i > b && s[i - 1] == ' ')
    i--;
  uint32_t w0 = i;
  while (w0 > b && s[w0 - 1] != ' ')
    w0--;
  if (w0 == i || !vb_wl_has(VB_WL_ROLE_ADJECTIVES, s + w0, i - w0)) return;
  p->name_b = w0;
  p->words = 2;
  if (p->role_e > p->role_b && p->role_e > w0) {
    while (p->role_e > p->role_b && (p->role_e > w0 || s[p->role_e - 1] == ' '))
      p->role_e--;
  }
}

/* Is s[b,e) a form of address that is also a title, in capitals: "MR",
 * "MADAM", "DR" (data/address-forms.txt and data/speaker-titles.txt)? */
static int honorific_caps(const char *s, uint32_t b, uint32_t e) {
  for (uint32_t i = b; i < e; i++)
    if (!vb_is_ascii_upper((unsigned char)s[i])) return 0;
  return vb_wl_has(VB_WL_ADDRESS_FORMS, s + b, e - b) && vb_wl_has(VB_WL_TITLES, s + b, e - b);
}

/* The spaces after the forms of address lost in the source: "MRSPEAKER",
 * "MADAMSPEAKER" (the office speaks), "MRR JACK", "HON.DRT.MAOATE" (an
 * honorific glued to an initial: R. Jack, T. Maoate). The name starts
 * after them. "MRS SMITH" is Mrs Smith: a form of address itself. */
static void glued_address(const char *s, vb_label_parts *p) {
  uint32_t i = p->name_b, we = i;
  while (we < p->name_e && s[we] != ' ')
    we++;
  for (;;) { /* "HON." glued to what follows */
    uint32_t d = i;
    while (d < we && s[d] != '.')
      d++;
    if (d + 1 >= we || d == i ||
        !(vb_wl_has(VB_WL_ADDRESS_FORMS, s + i, d - i) || vb_wl_has(VB_WL_ADDRESS_FORMS, s + i, d + 1 - i)))
      break;
    i = d + 1;
  }
  for (uint32_t k = 2; k <= 5 && i + k < we; k++) {
    if (!honorific_caps(s, i, i + k) || !vb_is_ascii_upper((unsigned char)s[i + k])) continue;
    uint32_t r = i + k, re = r;
    while (re < we && s[re] != '.')
      re++;
    int initial = re - r == 1 && (re < we || we < p->name_e) &&
                  !vb_wl_has(VB_WL_ADDRESS_FORMS, s + i, re - i);
    int office = i == p->name_b && we == p->name_e && p->words == 1 && re == we &&
                 vb_wl_has(VB_WL_TITLES, s + r, we - r);
    if (initial || office) {
      p->name_b = r;
      return;
    }
  }
}

static int parse_label(const char *s, uint32_t b, uint32_t e, vb_label_parts *p) {
  memset(p, 0, sizeof *p);
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
    e--;
  if (e <= b) return 0;
  /* "Mr McCORMACK (Riverina) (16:03)": a Hansard's clock time, no part of
   * who speaks */
  if (s[e - 1] == ')') {
    uint32_t o = e - 1;
    while (o > b && s[o] != '(')
      o--;
    if (o > b && vb_label_clock(s, o + 1, e - 1)) {
      e = o;
      while (e > b && s[e - 1] == ' ')
        e--;
      if (e <= b) return 0;
    }
  }
  /* "(retranslated)", "(via interpreter)": a note, not the name */
  if (s[e - 1] == ')') {
    uint32_t o = e - 1;
    while (o > b && s[o] != '(')
      o--;
    if (s[o] != '(' || o == b) return 0;
    p->note_b = o + 1;
    p->note_e = e - 1;
    e = o;
    while (e > b && s[e - 1] == ' ')
      e--;
  }
  if (vb_wl_has(VB_WL_NOT_SPEAKERS, s + b, e - b) || vb_wl_has(VB_WL_SALUTATIONS, s + b, e - b))
    return 0;
  word w[MAX_LABEL_WORDS_ALL];
  int n;
  if (!split_words(s, b, e, w, &n) || n == 0) return 0;
  /* "Clause 1", "Part II", "Clauses 2, 3 and 4": a heading of a text */
  if (n >= 2 && numbered(s, &w[1]) && vb_wl_has(VB_WL_NOT_SPEAKERS, s + w[0].b, w[0].e - w[0].b))
    return 0;
  for (int i = 0; i < n; i++)
    if (s[w[i].b] == '(') return 0; /* a parenthesis inside: prose */
  /* a sentence ends inside: "The mood was grim. Harbour pilot Jan Kral:" is
   * prose before a quotation's source, not a label ("Sen.", "Jr.", "J."
   * end with a stop too) */
  for (int i = 0; i + 1 < n; i++) {
    uint32_t len = w[i].e - w[i].b;
    if (s[w[i].e - 1] == '.' && !w[i].initial && !w[i].title && !dotted_initials(s, w[i].b, w[i].e) &&
        !vb_wl_has(VB_WL_NAME_SUFFIXES, s + w[i].b, len) && (w[i].lower || len >= 5))
      return 0;
  }
  /* one word that speaks without naming a person: "Question", "Q" */
  if (n <= 2 &&
      (vb_wl_anonymous(s + b, e - b) || vb_wl_has(VB_WL_HOSTS, s + b, e - b))) {
    p->name_b = b;
    p->name_e = e;
    p->anonymous = vb_wl_anonymous(s + b, e - b);
    p->host = vb_wl_has(VB_WL_HOSTS, s + b, e - b);
    p->words = (uint8_t)n;
    return 1;
  }
  /* "A, B": the name is the part that is only a name; a suffix after the
   * comma ("Jr.") belongs to it */
  int comma = -1;
  for (int i = 0; i < n - 1 && comma < 0; i++)
    if (w[i].comma && !vb_wl_has(VB_WL_NAME_SUFFIXES, s + w[i + 1].b, w[i + 1].e - w[i + 1].b))
      comma = i;
  int nb, ne;
  if (comma >= 0 && all_name_words(w, 0, comma + 1)) { /* "Sergei Agafonov, Editor in Chief …" */
    nb = 0;
    ne = comma + 1;
    p->role_b = w[comma + 1].b;
    p->role_e = e;
  } else {
    int from = comma >= 0 ? comma + 1 : 0; /* "Panel moderator, NBC host Megyn Kelly" */
    ne = n;
    while (ne > from && vb_wl_has(VB_WL_NAME_SUFFIXES, s + w[ne - 1].b, w[ne - 1].e - w[ne - 1].b))
      ne--;
    nb = name_start(w, from, ne);
    if (nb < 0 || w[nb].small) return 0;
    if (w[n - 1].title && vb_wl_has(VB_WL_HOSTS, s + w[n - 1].b, w[n - 1].e - w[n - 1].b) &&
        role_only(w, n - 1)) {
      /* "TV Host", "Studio Moderator": the role is all there is */
      p->name_b = b;
      p->name_e = e;
      p->host = 1;
      p->words = (uint8_t)n;
      return 1;
    }
    int of_end;
    int before_of = name_before_of(s, w, from, nb, &of_end);
    if (before_of >= 0) {
      nb = before_of;
      ne = of_end;
    } else {
      ne = n; /* the suffixes stay with the name */
    }
    int o = office_label(s, w, from, nb, ne);
    if (before_of < 0 && o >= 0) {
      /* "HON. LEADER OF THE GOVERNMENT IN PARLIAMENT", "ACTING CLERK AT
       * THE TABLE": the office is who speaks, not the place it names */
      p->name_b = w[o].b;
      p->name_e = e;
      p->words = (uint8_t)(n - o);
      if (o > 0) {
        p->role_b = w[0].b;
        p->role_e = w[o - 1].e;
      }
      return 1;
    }
    if (nb > 0) {
      p->role_b = w[0].b;
      uint32_t re = w[nb - 1].e;
      p->role_e = re;
    }
  }
  if (ne - nb > MAX_NAME_WORDS + 1) return 0;
  /* the name's own words: capitalised, no title inside */
  for (int i = nb; i < ne; i++) {
    if (w[i].bracket) return 0;
    if (w[i].lower && !w[i].particle &&
        !vb_wl_has(VB_WL_NAME_SUFFIXES, s + w[i].b, w[i].e - w[i].b))
      return 0;
  }
  if (!w[nb].cap) return 0;
  p->name_b = w[nb].b;
  p->name_e = w[ne - 1].e;
  while (p->name_e > p->name_b && s[p->name_e - 1] == ',')
    p->name_e--;
  p->words = (uint8_t)(ne - nb);
  glued_address(s, p);
  if (vb_wl_has(VB_WL_NOT_SPEAKERS, s + p->name_b, p->name_e - p->name_b) ||
      vb_wl_has(VB_WL_SALUTATIONS, s + p->name_b, p->name_e - p->name_b))
    return 0;
  p->host = vb_wl_has(VB_WL_HOSTS, s + p->name_b, p->name_e - p->name_b);
  p->anonymous = vb_wl_anonymous(s + p->name_b, p->name_e - p->name_b);
  /* "Moderator Sam Okafor", "NBC host Megyn Kelly", "Valeriya Korableva,
   * reporter at Channel One": a host by role */
  for (int i = 0; i < n; i++)
    if ((i < nb || i >= ne) && vb_wl_has(VB_WL_HOSTS, s + w[i].b, w[i].e - w[i].b) &&
        !vb_wl_anonymous(s + w[i].b, w[i].e - w[i].b))
      p->host = 1;
  whole_office(s, b, p);
  chair_in_brackets(s, p);
  return 1;
}

/* "The SPEAKER pro tempore (Mr. Poe)": words of data/office-qualifiers.txt
 * after a title, up to a note in brackets or the label's end. Their span
 * in *qb, *qe; 0 when none. */
static int office_qualifier(const char *s, uint32_t b, uint32_t e, uint32_t *qb, uint32_t *qe) {
  uint32_t prev_b = b, i = b;
  while (i < e) {
    while (i < e && s[i] == ' ')
      i++;
    uint32_t w0 = i;
    while (i < e && s[i] != ' ')
      i++;
    if (i == w0) break;
    if (w0 > b && vb_is_ascii_lower((unsigned char)s[w0]) &&
        vb_wl_has(VB_WL_TITLES, s + prev_b, w0 - 1 - prev_b)) {
      uint32_t q = w0;
      while (q < e && s[q] != '(')
        q++;
      while (q > w0 && s[q - 1] == ' ')
        q--;
      if (vb_wl_prefix(VB_WL_OFFICE_QUALIFIERS, s + w0, q - w0) == q - w0) {
        *qb = w0;
        *qe = q;
        return 1;
      }
      return 0;
    }
    prev_b = w0;
  }
  return 0;
}

int vb_label_parse(const char *s, uint32_t b, uint32_t e, vb_label_parts *p) {
  uint32_t qb, qe;
  char buf[VB_MAX_CLOCK_LABEL_BYTES];
  if (e - b > sizeof buf || !office_qualifier(s, b, e, &qb, &qe)) return parse_label(s, b, e, p);
  /* the label read without the qualifier (blanked, so offsets hold), then
   * the office it ends given back its words */
  memcpy(buf, s + b, e - b);
  memset(buf + (qb - b), ' ', qe - qb);
  if (!parse_label(buf, 0, e - b, p)) return 0;
  p->name_b += b, p->name_e += b, p->role_b += b, p->role_e += b, p->note_b += b, p->note_e += b;
  uint32_t pre = qb;
  while (pre > b && s[pre - 1] == ' ')
    pre--;
  if (p->chair && p->role_e == pre) p->role_e = qe;
  else if (!p->chair && p->name_e == pre) p->name_e = qe;
  return 1;
}
