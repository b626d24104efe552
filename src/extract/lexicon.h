/* lexicon — the names entity extraction knows, and the word-level
 * Aho–Corasick automaton that finds them in one pass over a text whatever
 * the size of the lists. Built from Debian's iso-codes (countries, every
 * shipped translation), the curated data/ lists embedded in the library,
 * and an archive's corrections. */
#ifndef VB_LEXICON_H
#define VB_LEXICON_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/map.h"
#include "verbatim.h"

#include "core/data.h"

typedef struct vb_lex_entry {
  const char *name, *ckey; /* display name; "TYPE:key" */
  vb_etype type;
} vb_lex_entry;

enum {
  VB_PAT_ACRONYM = 1, /* capitals inside a word ("IDF", "U.S.", "LeT"): the case of those words must match */
  VB_PAT_EXACT = 2,   /* a translation: no transliteration variants */
  VB_PAT_TITLE = 4,   /* a title or role before a name, not an entity */
  VB_PAT_POSSESSIVE = 8, /* the name has a possessive inside ("People's Party"): text
                          * with one there is this name, other text is not */
  VB_PAT_SERIES = 16      /* the name lists words with commas before "and" ("United
                           * Nations Educational, Scientific and Cultural
                           * Organization"): text with commas between them is it */
};
typedef struct vb_lex_pattern {
  uint32_t entry;   /* entries index (titles: unused) */
  uint32_t next;    /* next pattern ending in the same state, or VB_MAP_NONE */
  const char *light; /* the words' light forms, joined by one space */
  uint16_t nwords;
  uint16_t capitals; /* bit i: word i is capitalised in the name */
  uint16_t acronyms; /* bit i: word i is written in capitals ("AIDS", "UN", "LeT") */
  uint8_t flags;
} vb_lex_pattern;

/* A lowercase word's signature: its length (to 15), first and last
 * character (a-z, or 26 for anything else). Most words in running text
 * match no signature and are skipped without a lookup. */
#define VB_SIG_BITS (16 * 27 * 27)
#define VB_SIG_WORDS ((VB_SIG_BITS + 63) / 64)
static inline unsigned vb_sig(const char *w, size_t n) {
  unsigned f = (unsigned char)w[0] - 'a', l = (unsigned char)w[n - 1] - 'a';
  return (unsigned)(n < 15 ? n : 15) * 729u + (f < 26 ? f : 26) * 27u + (l < 26 ? l : 26);
}

/* Word classes for the context rules (data/words.txt). */
enum {
  VB_W_STOP = 1,     /* capitalised but never a name ("The", "Monday", "Allah") */
  VB_W_SUFFIX = 2,   /* ends an organisation's name ("Party", "Brigades", "TV") */
  VB_W_PARTICLE = 4, /* lowercase inside a name ("bin", "abu", "de") */
  VB_W_SPEECH = 8,   /* a verb of saying after a name ("said", "told") */
  VB_W_GENERIC = 16, /* a speaker label that is a role, not a name ("Interviewer") */
  VB_W_PLACE = 32,   /* ends a place's name ("Kaluga Region", "Kerch Strait") */
  VB_W_EVENT = 64,   /* ends the name of no entity: an event, a document, a
                      * programme ("SDG Summit", "Sirte Declaration") */
  VB_W_CONNECT = 128, /* lowercase inside an organisation's or a place's name
                       * ("Council of Europe", "Bosnia and Herzegovina") */
  VB_W_LOCATIVE = 256, /* a preposition of place before a name ("held in Novosibirsk") */
  VB_W_BARE = 512,     /* a title that alone is no role ("Mr", "President") */
  VB_W_PLACE_NOUN = 1024, /* lowercase after a name, says it is a place's ("the
                           * Stara Planina mountains") */
  VB_W_ORG_NOUN = 2048,   /* lowercase after a name, says it is an
                           * organisation's ("Royal Shrewsbury hospital") */
  VB_W_PLACE_START = 4096, /* begins a place's name ("San Stefano", "Santa Cruz") */
  VB_W_LANGUAGE = 8192,    /* lowercase after a demonym, makes it a language's name
                            * ("the Russian language"): no place's mention */
  VB_W_STATE_BODY = 16384, /* heads a state's body named by its "of" phrase
                            * ("Ministry"): a country before it only says whose */
  VB_W_NUMBERED = 32768,   /* with a number after it, a place's name ("Building 24") */
  VB_W_NO_NAME = 65536,    /* before a head, makes no name of it ("Member States") */
  VB_W_COMPASS = 131072,   /* before a place's name, a region of it ("North Greece") */
  VB_W_POLITY = 262144,    /* with "of" before a country's name, part of it
                            * ("the Republic of Kyrgyzstan") */
  VB_W_EVENT_AT = 524288,  /* an event's head whose "of" says where it was
                            * ("the Battle of Stalingrad") */
  VB_W_HELD = 1048576,     /* lowercase after an event's name, says it names the
                            * body that holds them ("the Shanghai Forum summit") */
  VB_W_FIRM_ROLE = 2097152, /* lowercase before one unknown name, says it is a
                             * firm's ("Minecraft developer Mojang") */
  VB_W_FIRM_FORM = 4194304, /* a firm's legal form after its name ("Inc", "LLC") */
  VB_W_OFFICER = 8388608,   /* a firm's officer after the firm's name ("Norvel CEO
                             * Dara Vintrop", "Kestra founder …") */
  VB_W_MEDIA = 16777216,    /* lowercase before capitalised words, says they name
                             * a publication ("the journal Current Biology") */
  VB_W_BODY_OF = 33554432,  /* a stop word that may end a body's "of" phrase
                             * ("Council of Ministers", "House of Lords") */
  VB_W_DEAL = 67108864,     /* a verb of a firm's dealings, before or after
                             * one unknown name ("Amazon bought", "bought
                             * Snapchat"): the name is a firm's */
  VB_W_FIRM_NOUN = 134217728, /* a noun of what a firm has, after one unknown
                              * name or its possessive ("Dell's buyout", "Amazon
                              * headquarters"): the name is a firm's */
  VB_W_PRODUCT = 268435456,   /* in capitals, ends a product's name, not a
                              * body's ("the Arduino IDE", "PlayStation VR") */
  VB_W_PRESS = 536870912      /* before "for", "at" or "by" and capitalised
                              * words, says they name a publication ("a
                              * reporter for Breitbart Tech") */
};

struct vb_lexicon {
  vb_arena *arena;
  VB_VEC(vb_lex_entry) entries;
  VB_VEC(vb_lex_pattern) patterns;
  vb_map words;    /* word key -> word id (1-based) */
  vb_map lower;    /* light form -> word id | VB_W_* << 24, for the lowercase words
                    * that matter: names' lowercase words, titles, particles,
                    * verbs of saying */
  uint64_t lower_sig[VB_SIG_WORDS]; /* (length, first, last letter) of those words */
  uint64_t start_sig[VB_SIG_WORDS]; /* of those that can begin a name, title or rule */
  vb_map names;    /* "key" and "TYPE:key" -> entry */
  vb_map rejects;  /* entity key -> 1 */
  vb_map classes;  /* light word -> VB_W_* bits */
  vb_map english;  /* iso-codes English names -> entry, while loading */
  vb_map dictionary; /* English words (light forms) -> 1: written in lowercase
                      * (ordinary), | 2: written with a capital (a name) */
  int variants;      /* transliteration variants may match (a dictionary is loaded) */
  vb_imap edges;   /* (state << 32 | word) -> state */
  VB_VEC(uint32_t) fail, dict, out, child, sibling;
  vb_map codes;    /* iso-codes alpha-2 / alpha-4 code -> entry */
  vb_map codes3;   /* iso-codes alpha-3 code ("RUS") -> entry */
  VB_VEC(const char *) iso_names; /* per entry: its iso-codes "name", or NULL */
  int compiled;
  /* Which names it holds, for a parse kept to be served again
   * (store/record.c): 0, the built-in ones alone; N > 0, those and an
   * archive's corrections up to number N; -1, not known (made by hand). */
  int64_t stamp;
};

/* The automaton's next state from `state` on word `wid` (0: no word). */
uint32_t vb_lexicon_step(const vb_lexicon *lx, uint32_t state, uint32_t wid);
/* The word id of a word key, or 0. */
uint32_t vb_lexicon_word(const vb_lexicon *lx, const char *key, size_t n);
/* For a word written in lowercase ASCII: its word id | classes << 24, or
 * 0 when it matters to no name and no rule (most words). `inside`: the
 * word follows a word that matters ("Strait of"), so it may continue a
 * name; else only words that can begin one are looked up. */
static inline uint32_t vb_lexicon_lower_word(const vb_lexicon *lx, const char *light, size_t n,
                                             int inside) {
  unsigned b = vb_sig(light, n);
  const uint64_t *sig = inside ? lx->lower_sig : lx->start_sig;
  if (!(sig[b >> 6] >> (b & 63) & 1u)) return 0;
  uint32_t w = vb_map_get(&lx->lower, light, n);
  return w == VB_MAP_NONE ? 0 : w;
}
/* VB_W_* bits of a light word. */
unsigned vb_lexicon_class(const vb_lexicon *lx, const char *light, size_t n);
/* The entry a name resolves to (type < 0: any), or VB_MAP_NONE. */
uint32_t vb_lexicon_find(const vb_lexicon *lx, int type, const char *name, size_t n);
/* The entry of type `type` a name found in text stands for: its exact
 * spelling, or a transliteration of it when every word is long and no
 * ordinary English word ("Hale" is not Haley). VB_MAP_NONE if none. */
uint32_t vb_lexicon_find_spelled(const vb_lexicon *lx, vb_etype type, const char *name, size_t n);
/* Whether a light-folded word is an ordinary English word. */
int vb_lexicon_common_word(const vb_lexicon *lx, const char *light, size_t n);
/* Whether a light-folded word is an ordinary English word that the
 * dictionary never writes as a name ("colonial", "boulevard"; not "brown",
 * which is also Brown). */
int vb_lexicon_only_common(const vb_lexicon *lx, const char *light, size_t n);
/* Whether the dictionary writes the word only as a name ("Russian",
 * "Monday"; not "my", "end"). */
int vb_lexicon_only_proper(const vb_lexicon *lx, const char *light, size_t n);
/* Whether the dictionary writes the word as a name at all ("Eloise",
 * "Art"; not "moulin", which it does not know). */
int vb_lexicon_name_word(const vb_lexicon *lx, const char *light, size_t n);
/* Whether two names are spelled alike word by word (each word at most a
 * quarter of its letters apart: Hezbollah and Hizbullah, not Molise and
 * Malaysia), as a transliteration variant must be. lx may be NULL: the
 * answer does not depend on it. */
int vb_lexicon_close(const vb_lexicon *lx, const char *a, size_t an, const char *b, size_t bn);
/* Makes an entity key shared by a name spelled otherwise this name's own:
 * appends "/" and the name's letters, lowercased ("PLACE:calamba/colombo"
 * beside Colombia's "PLACE:calamba"). -1 when out of memory. */
int vb_lexicon_own_key(vb_buf *key, const char *name, size_t n);
/* Edits (insert, delete, substitute) between two short words. */
unsigned vb_lexicon_edits(const char *a, size_t an, const char *b, size_t bn);
/* Whether a name was marked "not an entity". */
int vb_lexicon_rejected(const vb_lexicon *lx, const char *name, size_t n);

/* The built-in lexicon made from its lists (iso-codes, catalogues, the
 * dictionary, data/), not compiled: what vb_lexicon_new gives when there
 * is no image or the lists are asked for from elsewhere (VERBATIM_*). */
int vb_lexicon_build(vb_lexicon **out, vb_err *err);
/* Whether the library carries an image of the built-in lexicon. */
int vb_lexicon_has_image(void);
/* Appends lx's image to out (8-byte aligned where out is); -1 when out
 * failed. See lexicon_image.c. */
int vb_lexicon_image_write(const vb_lexicon *lx, vb_buf *out);
/* A lexicon read from an image of len bytes at p (8-byte aligned), which
 * must outlive it. Read-only (writable = 0): as the image was, read in
 * place. Writable: not compiled, takes corrections, copies what they
 * change. Free with vb_lexicon_free. */
int vb_lexicon_from_image(const void *p, size_t len, int writable, vb_lexicon **out, vb_err *err);
/* Whether two lexicons hold the same entries, names, automaton and word
 * tables (maps by contents, not layout); if not, *why says what differs. */
int vb_lexicon_same(const vb_lexicon *a, const vb_lexicon *b, char *why, size_t cap);

#endif
