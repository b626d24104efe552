/* quote_int — what the files of the quote stage share: word classes from
 * data/, a paragraph's tokens, noun phrases and the people a document
 * names. Internal to src/quote. */
#ifndef VB_QUOTE_INT_H
#define VB_QUOTE_INT_H

#include "core/err.h"
#include "core/map.h"
#include "quote.h"

/* Word classes (bits 0..15), attributes (16..23) and cue flags (24..31),
 * as data/quote-words.txt, quote-cues.txt and given-names.txt say them. */
enum {
  QW_PRON = 1u << 0, QW_DET = 1u << 1, QW_AUX = 1u << 2, QW_ADV = 1u << 3,
  QW_TIME = 1u << 4, QW_PREP = 1u << 5, QW_CONJ = 1u << 6, QW_NOUN = 1u << 7,
  QW_CUE = 1u << 8, QW_CUE2 = 1u << 9, /* first word of a cue of two words */
  QW_GIVEN = 1u << 10, QW_STOP = 1u << 11, QW_SUFFIX = 1u << 12, QW_PARTICLE = 1u << 13,
  QW_TITLE = 1u << 14, QW_HONOR = 1u << 15,
  QA_M = 1u << 16, QA_F = 1u << 17, QA_P = 1u << 18, QA_N = 1u << 19, QA_1 = 1u << 20,
  QA_R = 1u << 21, QA_O = 1u << 22, QA_D = 1u << 23,
  QC_SAY = 1u << 24, QC_INV = 1u << 25, QC_OBJ = 1u << 26, QC_THINK = 1u << 27,
  QC_QUOTED = 1u << 28, QC_PART = 1u << 29, QC_ACC = 1u << 30, QC_INF = 1u << 31
};
#define QC_ANY (QC_SAY | QC_THINK | QC_QUOTED | QC_ACC | QC_INF)
#define VB_QSIG_WORDS (16u * 4096u / 64u)

/* Loads the lists once per process; 0 or the error (kept for every call). */
int vb_qwords_load(vb_err *err);
/* The classes of a word in any ASCII case, 0 when it is in no list. */
uint32_t vb_qword(const char *w, size_t n);
/* The same, for a word's QW_CUE and QW_CUE2 bits alone (most words are
 * told apart by their length and end letters, without a lookup). */
uint32_t vb_qword_cue(const char *w, size_t n);
/* The cue flags of two words that make one cue ("according to"), or 0. */
uint32_t vb_qcue2(const char *w1, size_t n1, const char *w2, size_t n2);
/* Whether a cue word is one of stance (flag e in data/quote-cues.txt:
 * "accused", "endorsed"): with a name as its subject, what it takes is
 * the named one's, a quotation or not. */
int vb_qcue_stance(const char *w, size_t n);
/* What bounds a verb of stance's object (data/stance-words.txt), in any
 * ASCII case: QS_PARTICLE, a particle after the verb making another verb
 * of it ("backed out"); QS_OBJECT, a pronoun as its object, before such a
 * particle ("backed her up"); QS_STOP, a word opening a phrase of the
 * moment or the place that ends the object ("endorsed Trump in June");
 * 0 for none. */
enum { QS_PARTICLE = 1u, QS_STOP = 2u, QS_OBJECT = 4u };
uint32_t vb_qstance_bound(const char *w, size_t n);

/* ---- tokens ---------------------------------------------------------- */

enum { TK_WORD = 1, TK_PUNCT, TK_OPEN, TK_CLOSE };
enum {
  TF_CAP = 1,     /* starts with a capital */
  TF_UPPER = 2,   /* no lowercase letter */
  TF_POSS = 4,    /* ends in 's (not part of e) */
  TF_INQ = 8,     /* inside a quotation */
  TF_SSTART = 16, /* the first word of its sentence */
  TF_ABBR = 32    /* an initial or abbreviation with its dot ("J.", "Sen.") */
};
typedef struct qtok {
  uint32_t s, e;  /* bytes in the body; a possessive 's is after e */
  uint32_t cls;   /* QW_* | QA_* | QC_* of a word */
  int32_t region; /* the quotation holding it (or that the mark opens or closes), or -1 */
  uint8_t kind, flags;
  char ch;        /* punctuation: its ASCII byte, '-' for dashes */
} qtok;

/* A quotation: from its opening mark to its closing one (or the end of
 * the paragraph when it runs on into the next). */
typedef struct qregion {
  uint32_t s, e;      /* bytes, marks included */
  int32_t chain;      /* quotations continued across paragraphs share it */
  uint32_t words;
  uint8_t letters;    /* a word of it holds a letter: not a value ("If-Match: “1”") */
  uint8_t claimed;    /* a cue attributes it */
  int32_t part_att;   /* claimed as part of reported speech: that attribution, else -1 */
} qregion;

/* ---- people -------------------------------------------------------------- */

/* A person or organisation the prose names. */
typedef struct qperson {
  vb_str name;        /* full name as first written in full, arena memory */
  vb_str surname;     /* last word of a person's name, or empty */
  uint32_t gender;    /* QA_M | QA_F bits (both: unknown) */
  int org;            /* an organisation, not a person */
  int person;         /* a given name, a title or a role says it is a person */
  vb_str role;        /* "Hamas spokesman", "Democratic presidential candidate" */
  vb_str desc;        /* a later description, or the place after the name
                       * ("a Vermont independent"; "Florida" of "Sen. Marco
                       * Rubio of Florida"): what "the Vermont senator" and
                       * "the Florida senator" may answer to as well */
  int32_t speaker;    /* speaker index once it speaks, else -1 */
  int group;          /* a group the text names ("critics", "Pentagon officials"):
                       * its speaker is a group's, matched by its name alone */
} qperson;

/* A mention, in text order: who, where, and how it stood. */
typedef struct qmention {
  int32_t person;
  uint32_t at;
  uint32_t sent;      /* the sentence holding it (qctx.sent then) */
  uint8_t subject;    /* opens its clause */
  uint8_t source;     /* the source of an attribution */
} qmention;

/* What a source phrase is. */
enum { NP_NONE = 0, NP_PRON, NP_NAME, NP_NOMINAL };
typedef struct qnp {
  int type;
  uint32_t a, b;          /* token range [a, b) of the whole phrase */
  uint32_t na, nb;        /* the proper name inside it, [na, nb) (na == nb: none) */
  uint32_t head;          /* the head word (nominal), or the last name word */
  uint32_t ra, rb;        /* role words before the name, byte span (ra == rb: none) */
} qnp;

/* One person under one word of their role or description: the people
 * a role's head word may mean are looked up, not scanned for. */
typedef struct qrolelink {
  int32_t person;
  uint32_t next; /* the next link under the same word, or VB_MAP_NONE */
} qrolelink;

typedef struct qctx {
  vb_doc *doc;
  vb_err *err;
  const char *s;
  qtok *t;               /* the paragraph's tokens */
  uint32_t nt, tcap;
  VB_VEC(qperson) people;
  VB_VEC(qmention) mentions;
  vb_map by_name;        /* folded full name -> person */
  vb_map by_surname;     /* folded surname -> person (the latest named) */
  vb_map by_given;       /* folded given name -> the one person named in full with it
                          * (GIVEN_SHARED when two are) */
  vb_map by_role;        /* folded word of a person's role or description ("gov." kept
                          * with its dot) -> the first of its links in role_links */
  VB_VEC(qrolelink) role_links;
  /* the document's speakers by folded name, so that making a person a
   * speaker is a look-up (vb_attr_find_speaker's answer without its scan) */
  vb_map sp_name;        /* a speaker's name -> the first speaker of that name */
  vb_map sp_alias;       /* an alias -> the speaker of the first alias so written */
  vb_map sp_tail;        /* a name not a host's -> the first such speaker */
  vb_map sp_last;        /* the last word of a name of several, not a host's -> the first */
  vb_map sp_group;       /* a group's name -> its speaker (no person's name leads to one) */
  uint32_t sp_named, al_named; /* speakers and aliases filed so far */
  int sp_scan;           /* a name too long to file: vb_attr_find_speaker's scan */
  uint32_t sent;         /* sentences of prose read so far (the current one's number) */
} qctx;

/* sources.c */
/* The source phrase ending at token j (read backwards, not before lo). */
qnp vb_qnp_left(const qctx *q, uint32_t j, uint32_t lo);
/* Does the phrase name the document's own speaker (doc->own_names: "Trinidad
 * and Tobago", "the Eritrean Government", "the Principality", "the
 * Government of Italy")? */
int vb_qnp_own_name(const qctx *q, const qnp *np);
/* The source phrase starting at token i (read forwards, before hi). */
qnp vb_qnp_right(const qctx *q, uint32_t i, uint32_t hi);
/* Names people in the paragraph's tokens [a, b) as mentions (for pronouns
 * and surnames later). Returns 0 or VB_ENOMEM. */
int vb_qnames_scan(qctx *q, uint32_t a, uint32_t b);
/* Is token i a word in -ing opening its sentence before a preposition or
 * a determiner ("Speaking in Harlem, …"): a participle, no name? */
int vb_qparticiple_opener(const qctx *q, uint32_t i, uint32_t b);
/* The person a phrase names, resolving pronouns and nominals against the
 * mentions before `at`; -1 when none. cue: the cue's QC_* flags (a neuter
 * "it" is a source only of a verb of saying). Records the mention. */
int32_t vb_qnp_person(qctx *q, const qnp *np, uint32_t at, uint32_t cue, int *rc);
/* The speaker index of a person, added to doc->speakers when new; -1 on
 * out of memory (rc set). */
int32_t vb_qperson_speaker(qctx *q, int32_t person, int *rc);
void vb_qpeople_free(qctx *q);

#endif
