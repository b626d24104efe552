/* wordlist — the word lists the structure stages decide by (furniture
 * phrases, salutations, titles, role words, …), each read once per process
 * from its data/ file: one entry a line, '#' comments. Matching ignores
 * ASCII case, treats any run of spaces as one and ’ as '. */
#ifndef VB_WORDLIST_H
#define VB_WORDLIST_H

#include <stddef.h>

typedef enum vb_wl {
  VB_WL_FURNITURE = 0,    /* data/furniture.txt: a block that is only this is furniture */
  VB_WL_FURNITURE_START,  /* data/furniture-start.txt: a short block opening so is furniture */
  VB_WL_FURNITURE_INSIDE, /* data/furniture-inside.txt: a short block holding this is */
  VB_WL_FURNITURE_MARKS,  /* data/furniture-marks.txt: HTML class/id/role fragments */
  VB_WL_NOT_SPEAKERS,     /* data/not-speakers.txt: "Note:", "Poll:", "Thirdly:" */
  VB_WL_SALUTATIONS,      /* data/salutations.txt: "Ladies and gentlemen" */
  VB_WL_ANONYMOUS,        /* data/anonymous-speakers.txt: "Question", "Remark" */
  VB_WL_HOSTS,            /* data/hosts.txt: "Interviewer", "Moderator" */
  VB_WL_TITLES,           /* data/speaker-titles.txt: "President", "Mayor", "Dr." */
  VB_WL_ROLE_NOUNS,       /* data/role-nouns.txt: "spokesman", "official" */
  VB_WL_ROLE_ADJECTIVES,  /* data/role-adjectives.txt: "senior", "former" */
  VB_WL_ROLE_STOPS,       /* data/role-stops.txt: words that end a role read backwards */
  VB_WL_PARTICLES,        /* data/name-particles.txt: "al", "bin", "van" */
  VB_WL_NAME_SUFFIXES,    /* data/name-suffixes.txt: "Jr.", "III" */
  VB_WL_SMALL_WORDS,      /* data/small-words.txt: lowercase words of a title-case line */
  VB_WL_COUNT
} vb_wl;

/* Is s[0..n) an entry of the list? 0 also when the lists could not be
 * read (out of memory): the caller then decides as if the word were not
 * listed. */
int vb_wl_has(vb_wl list, const char *s, size_t n);
/* The length in s of the longest entry that s[0..n) begins with, ending
 * at a word boundary; 0 when none. */
size_t vb_wl_prefix(vb_wl list, const char *s, size_t n);
/* Does some entry occur in s[0..n) (anywhere, ASCII case ignored)? */
int vb_wl_inside(vb_wl list, const char *s, size_t n);
/* For an attribute value of space-separated tokens (an HTML class): does
 * an entry occur in it? Entries written "^x" say 2 (the site itself marks
 * what is not its text); entries written "!x" say 1 whatever else occurs;
 * then one written "+x" says 0 ("contentWithSidebar" is content); the
 * others say 1, those written "=x" only as a whole token. */
int vb_wl_marks(vb_wl list, const char *s, size_t n);

#endif
