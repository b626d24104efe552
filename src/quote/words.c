/* words — the word classes quote attribution reads, loaded once per
 * process from the embedded data/ lists: quote-cues (cue verbs, every
 * language the corpus has), quote-words (pronouns, determiners, nominal
 * heads …), stance-words (what bounds a verb of stance's object), titles
 * and words (shared with entity extraction), and the
 * given names with their gender from the core word list (data/given-names.txt). */
#include <pthread.h>
#include <string.h>

#include "core/data.h"
#include "core/err.h"
#include "core/map.h"
#include "core/text.h"
#include "core/wordlist.h"
#include "quote_int.h"

/* Words longer than this are in no list. */
#define MAX_WORD 48
/* Words up to this long (most of running text) are looked up as one
 * 64-bit key, their folded bytes: one multiply and a probe or two, where
 * the string map hashes byte by byte and compares with memcmp. */
#define PACKED_WORD 8

static pthread_once_t once = PTHREAD_ONCE_INIT;
static vb_map words;   /* folded word -> classes */
static vb_map pairs;   /* "w1 w2" -> cue flags */
static vb_map stance;  /* cue words of stance (flag e) -> 1 */
static vb_map bounds;  /* words bounding a verb of stance's object -> QS_* */
static vb_imap packed; /* the words of up to PACKED_WORD bytes, packed -> classes */
static uint64_t sig[VB_QSIG_WORDS]; /* (length, first, last byte) of listed words */
static uint64_t cue_sig[VB_QSIG_WORDS]; /* the same of the cue words alone */
static vb_err load_err;

/* A word's (length, first, last byte) bucket, ASCII case folded: most
 * words of running text fall in no listed word's bucket and are not
 * looked up. */
static unsigned signature(const char *w, size_t n) {
  unsigned f = vb_ascii_lower((unsigned char)w[0]) & 63u;
  unsigned l = vb_ascii_lower((unsigned char)w[n - 1]) & 63u;
  return (unsigned)(n < 15 ? n : 15) * 4096u + f * 64u + l;
}

/* ASCII letters lowered; other bytes kept. Returns the length, 0 if too long. */
static size_t fold(const char *w, size_t n, char out[MAX_WORD + 1]) {
  if (n == 0 || n > MAX_WORD) return 0;
  for (size_t i = 0; i < n; i++) out[i] = (char)vb_ascii_lower((unsigned char)w[i]);
  out[n] = '\0';
  return n;
}

/* A word of 1..PACKED_WORD bytes, ASCII case folded, in one integer (no
 * byte of a word is 0, so two words never pack alike; nor is any key the
 * map's empty UINT64_MAX, which is no UTF-8). */
static uint64_t pack(const char *w, size_t n) {
  uint64_t k = 0;
  for (size_t i = 0; i < n; i++) k |= (uint64_t)vb_ascii_lower((unsigned char)w[i]) << (8 * i);
  return k;
}

static void add_packed(void *ctx, const char *k, size_t n, uint32_t bits) {
  int *failed = ctx;
  if (n <= PACKED_WORD && vb_imap_set(&packed, pack(k, n), bits)) *failed = 1;
}

static int add(const char *w, size_t n, uint32_t bits) {
  char k[MAX_WORD + 1];
  size_t kn = fold(w, n, k);
  if (!kn) return 0;
  uint32_t old = vb_map_get(&words, k, kn);
  if (vb_map_set(&words, k, kn, (old == VB_MAP_NONE ? 0 : old) | bits)) return -1;
  unsigned s = signature(k, kn);
  sig[s >> 6] |= (uint64_t)1 << (s & 63);
  if (bits & (QW_CUE | QW_CUE2)) cue_sig[s >> 6] |= (uint64_t)1 << (s & 63);
  return 0;
}

static uint32_t attrs(const char *a, size_t n) {
  uint32_t bits = 0;
  for (size_t i = 0; i < n; i++) switch (a[i]) {
    case 'm': bits |= QA_M; break;
    case 'f': bits |= QA_F; break;
    case 'u': bits |= QA_M | QA_F; break;
    case 'p': bits |= QA_P; break;
    case 'n': bits |= QA_N; break;
    case '1': bits |= QA_1; break;
    case 'r': bits |= QA_R; break;
    case 'o': bits |= QA_O; break;
    case 'd': bits |= QA_D; break;
    }
  return bits;
}

static uint32_t cue_flags(const char *a, size_t n) {
  uint32_t bits = QW_CUE;
  for (size_t i = 0; i < n; i++) switch (a[i]) {
    case 's': bits |= QC_SAY; break;
    case 'i': bits |= QC_INV; break;
    case 'o': bits |= QC_OBJ; break;
    case 't': bits |= QC_THINK; break;
    case 'q': bits |= QC_QUOTED; break;
    case 'g': bits |= QC_PART; break;
    case 'a': bits |= QC_ACC; break;
    case 'v': bits |= QC_INF; break;
    }
  return bits;
}

static const struct {
  const char *name;
  uint32_t bits;
} class_names[] = {{"pron", QW_PRON}, {"det", QW_DET},   {"aux", QW_AUX},   {"adv", QW_ADV},
                   {"time", QW_TIME}, {"prep", QW_PREP}, {"conj", QW_CONJ}, {"noun", QW_NOUN},
                   {"honor", QW_HONOR}, {"stop", QW_STOP}, {"suffix", QW_SUFFIX},
                   {"particle", QW_PARTICLE}};

/* One cue line's forms: "said|says|say", a form of two words kept as a pair. */
static int add_cues(const char *f, size_t n, uint32_t bits) {
  size_t i = 0;
  while (i < n) {
    size_t e = i;
    while (e < n && f[e] != '|') e++;
    const char *sp = memchr(f + i, ' ', e - i);
    if (!sp) {
      if (add(f + i, e - i, bits)) return -1;
    } else {
      char k[2 * MAX_WORD + 2];
      size_t kn = fold(f + i, e - i < 2 * MAX_WORD + 1 ? e - i : 0, k);
      if (kn && (vb_map_set(&pairs, k, kn, bits) || add(f + i, (size_t)(sp - (f + i)), QW_CUE2)))
        return -1;
    }
    i = e + 1;
  }
  return 0;
}

/* Calls fn for each line's tab-separated fields (comments and blanks skipped). */
static int each_line(const char *name, const char *text,
                     int (*fn)(const char *f[3], size_t n[3])) {
  const char *s = text;
  size_t line = 0;
  while (*s) {
    const char *nl = strchr(s, '\n');
    size_t len = nl ? (size_t)(nl - s) : strlen(s);
    line++;
    if (len && s[0] != '#') {
      const char *f[3] = {s, NULL, NULL};
      size_t fl[3] = {len, 0, 0};
      for (int k = 0; k < 2; k++) {
        const char *tab = memchr(f[k], '\t', fl[k]);
        if (!tab) break;
        f[k + 1] = tab + 1;
        fl[k + 1] = fl[k] - (size_t)(tab + 1 - f[k]);
        fl[k] = (size_t)(tab - f[k]);
      }
      int rc = fn(f, fl);
      if (rc < 0) return vb_err_set(&load_err, VB_ENOMEM, name, -1, "out of memory");
      if (rc > 0)
        return vb_err_set(&load_err, VB_EPARSE, name, -1, "data/%s.txt line %zu: bad line", name,
                          line);
    }
    s += len + (nl ? 1 : 0);
  }
  return 0;
}

/* The forms of a cue line flagged e, one word each, into the stance set
 * (the cue flags fill every bit of a word's classes: a set of its own). */
static int add_stance(const char *f, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t e = i;
    while (e < n && f[e] != '|') e++;
    char k[MAX_WORD + 1];
    size_t kn = memchr(f + i, ' ', e - i) ? 0 : fold(f + i, e - i, k);
    if (kn && vb_map_set(&stance, k, kn, 1)) return -1;
    i = e + 1;
  }
  return 0;
}

static int cue_line(const char *f[3], size_t n[3]) {
  if (!f[2]) return 1;
  if (memchr(f[2], 'e', n[2]) && add_stance(f[1], n[1])) return -1;
  return add_cues(f[1], n[1], cue_flags(f[2], n[2]));
}

/* stance-words.txt: CLASS<TAB>WORD, the classes particle, object and stop. */
static int bound_line(const char *f[3], size_t n[3]) {
  static const struct {
    const char *name;
    uint32_t bits;
  } classes[] = {{"particle", QS_PARTICLE}, {"object", QS_OBJECT}, {"stop", QS_STOP}};
  char k[MAX_WORD + 1];
  size_t kn = f[1] ? fold(f[1], n[1], k) : 0;
  if (!kn) return 1;
  for (size_t c = 0; c < sizeof classes / sizeof *classes; c++)
    if (strlen(classes[c].name) == n[0] && memcmp(f[0], classes[c].name, n[0]) == 0) {
      uint32_t old = vb_map_get(&bounds, k, kn);
      return vb_map_set(&bounds, k, kn, (old == VB_MAP_NONE ? 0 : old) | classes[c].bits) ? -1 : 0;
    }
  return 1; /* a class no one reads: a mistake in the file */
}

static int word_line(const char *f[3], size_t n[3]) {
  if (!f[1]) return 1;
  for (size_t c = 0; c < sizeof class_names / sizeof *class_names; c++)
    if (strlen(class_names[c].name) == n[0] && memcmp(f[0], class_names[c].name, n[0]) == 0)
      return add(f[1], n[1], class_names[c].bits | (f[2] ? attrs(f[2], n[2]) : 0));
  return 0; /* a class quote attribution does not read ("speech", "generic") */
}

/* titles.txt: every word of a title ("Vice", "President", "Sen.", "spokesman"). */
static int title_line(const char *f[3], size_t n[3]) {
  size_t i = 0;
  while (i < n[0]) {
    size_t e = i;
    while (e < n[0] && f[0][e] != ' ') e++;
    /* "of", "the" in "Secretary of State" are no title words */
    int upper = 0;
    for (size_t k = i; k < e; k++) upper |= vb_is_ascii_upper((unsigned char)f[0][k]);
    if (e > i && (upper || e - i > 3) && add(f[0] + i, e - i, QW_TITLE)) return -1;
    i = e + 1;
  }
  return 0;
}

static void load(void) {
  vb_map_init(&words);
  vb_map_init(&pairs);
  vb_map_init(&stance);
  vb_map_init(&bounds);
  static const struct {
    const char *file;
    int (*fn)(const char *f[3], size_t n[3]);
  } lists[] = {{"quote-cues", cue_line}, {"stance-words", bound_line}, {"quote-words", word_line},
                 {"titles", title_line}, {"words", word_line}};
  for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
    const char *text = vb_data_text(lists[i].file);
    if (!text) {
      vb_err_set(&load_err, VB_EPARSE, lists[i].file, -1, "data/%s.txt is not built in",
                 lists[i].file);
      return;
    }
    if (each_line(lists[i].file, text, lists[i].fn)) return;
  }
  /* given names with their gender, as the core word list reads them */
  size_t ngiven = vb_wl_count(VB_WL_GIVEN_NAMES);
  if (!ngiven) {
    vb_err_set(&load_err, VB_ENOMEM, "given-names", -1, "data/given-names.txt could not be read");
    return;
  }
  for (size_t i = 0; i < ngiven; i++) {
    const char *gender = "";
    const char *name = vb_wl_entry(VB_WL_GIVEN_NAMES, i, &gender);
    if (add(name, strlen(name), QW_GIVEN | attrs(gender, strlen(gender)))) {
      vb_err_set(&load_err, VB_ENOMEM, "given-names", -1, "out of memory");
      return;
    }
  }
  vb_imap_init(&packed);
  int failed = 0;
  vb_map_each(&words, add_packed, &failed);
  if (failed) vb_err_set(&load_err, VB_ENOMEM, "quote-words", -1, "out of memory");
}

int vb_qwords_load(vb_err *err) {
  pthread_once(&once, load);
  if (load_err.code && err) *err = load_err;
  return load_err.code;
}

uint32_t vb_qword(const char *w, size_t n) {
  if (n == 0 || n > MAX_WORD) return 0;
  if (n <= PACKED_WORD) {
    uint32_t v = vb_imap_get(&packed, pack(w, n));
    return v == VB_MAP_NONE ? 0 : v;
  }
  unsigned s = signature(w, n);
  if (!(sig[s >> 6] >> (s & 63) & 1u)) return 0;
  char k[MAX_WORD + 1];
  size_t kn = fold(w, n, k);
  uint32_t v = vb_map_get(&words, k, kn);
  return v == VB_MAP_NONE ? 0 : v;
}

uint32_t vb_qword_cue(const char *w, size_t n) {
  if (n == 0 || n > MAX_WORD) return 0;
  unsigned s = signature(w, n);
  if (!(cue_sig[s >> 6] >> (s & 63) & 1u)) return 0;
  return vb_qword(w, n) & (QW_CUE | QW_CUE2);
}

uint32_t vb_qcue2(const char *w1, size_t n1, const char *w2, size_t n2) {
  char k[2 * MAX_WORD + 2];
  if (!n1 || !n2 || n1 > MAX_WORD || n2 > MAX_WORD) return 0;
  fold(w1, n1, k);
  k[n1] = ' ';
  fold(w2, n2, k + n1 + 1);
  uint32_t v = vb_map_get(&pairs, k, n1 + 1 + n2);
  return v == VB_MAP_NONE ? 0 : v;
}

int vb_qcue_stance(const char *w, size_t n) {
  char k[MAX_WORD + 1];
  size_t kn = fold(w, n, k);
  return kn && vb_map_get(&stance, k, kn) != VB_MAP_NONE;
}

uint32_t vb_qstance_bound(const char *w, size_t n) {
  char k[MAX_WORD + 1];
  size_t kn = fold(w, n, k);
  uint32_t v = kn ? vb_map_get(&bounds, k, kn) : VB_MAP_NONE;
  return v == VB_MAP_NONE ? 0 : v;
}
