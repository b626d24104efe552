/* wordlist — the word lists the structure stages decide by (furniture
 * phrases, salutations, titles, role words, …), each read once per process
 * from its data/ file: one entry a line, '#' comments; an entry may carry
 * a value after a TAB ("kms<TAB>km"), or, in data/given-names.txt, before
 * it ("f<TAB>Maria"). Matching ignores ASCII case, treats
 * any run of spaces as one and ’ as '. */
#ifndef VB_WORDLIST_H
#define VB_WORDLIST_H

#include <stddef.h>

typedef enum vb_wl {
  VB_WL_FURNITURE = 0,    /* data/furniture.txt: a block that is only this is furniture */
  VB_WL_FURNITURE_START,  /* data/furniture-start.txt: a short block opening so is furniture */
  VB_WL_FURNITURE_INSIDE, /* data/furniture-inside.txt: a short block holding this is */
  VB_WL_FURNITURE_MARKS,  /* data/furniture-marks.txt: HTML class/id/role fragments */
  VB_WL_FURNITURE_SECTIONS, /* data/furniture-sections.txt: "See also": a heading over furniture */
  VB_WL_CREDIT_OPENERS,   /* data/credit-openers.txt: "Photo:", "Editing by": a credit line */
  VB_WL_CREDIT_CLOSERS,   /* data/credit-closers.txt: "contributed to this report": one too */
  VB_WL_NOT_SPEAKERS,     /* data/not-speakers.txt: "Note:", "Poll:", "Thirdly:" */
  VB_WL_SALUTATIONS,      /* data/salutations.txt: "Ladies and gentlemen" */
  VB_WL_ANONYMOUS,        /* data/anonymous-speakers.txt: "Question", "Remark" */
  VB_WL_CASE_PARTIES,     /* data/case-parties.txt: "Appellants": a line of a case caption */
  VB_WL_HOSTS,            /* data/hosts.txt: "Interviewer", "Moderator" */
  VB_WL_TITLES,           /* data/speaker-titles.txt: "President", "Mayor", "Dr." */
  VB_WL_ROLE_NOUNS,       /* data/role-nouns.txt: "spokesman", "official" */
  VB_WL_ROLE_ADJECTIVES,  /* data/role-adjectives.txt: "senior", "former" */
  VB_WL_ROLE_STOPS,       /* data/role-stops.txt: words that end a role read backwards */
  VB_WL_PUBLIC_GROUPS,    /* data/public-groups.txt: "voters": a poll's public, no group speaker */
  VB_WL_NOT_GROUPS,        /* data/not-groups.txt: "others", "records": plural heads naming no group */
  VB_WL_QUOTED_TEXTS,     /* data/quoted-texts.txt: "Koran", "Article": a text quoted, no speaker */
  VB_WL_PARTICLES,        /* data/name-particles.txt: "al", "bin", "van" */
  VB_WL_NAME_SUFFIXES,    /* data/name-suffixes.txt: "Jr.", "III" */
  VB_WL_SMALL_WORDS,      /* data/small-words.txt: lowercase words of a title-case line */
  VB_WL_ABBREVIATIONS,    /* data/abbreviations.txt: "Dr.", "Oct.": no sentence ends */
  VB_WL_NUMBER_ABBREVIATIONS, /* data/number-abbreviations.txt: "No. 5", "Art. 2" */
  VB_WL_SENTENCE_OPENERS, /* data/sentence-openers.txt: "in the U.S. We …" */
  VB_WL_MONTHS,           /* data/months.txt: in calendar order, with abbreviations */
  VB_WL_RELATIVE_DAYS,    /* data/relative-days.txt: "yesterday", "tonight" */
  VB_WL_RELATIVE_WHICH,   /* data/relative-which.txt: "last", "next" (week) */
  VB_WL_RELATIVE_PERIODS, /* data/relative-periods.txt: (last) "week", "Monday" */
  VB_WL_AGO_UNITS,        /* data/ago-units.txt: (two) "weeks" (ago) */
  VB_WL_AGO_COUNTS,       /* data/ago-counts.txt: "two", "several" (weeks ago) */
  VB_WL_UNITS,            /* data/units.txt: "kms<TAB>km", in the order tried */
  VB_WL_SCALES,           /* data/scales.txt: "million<TAB>1e6" */
  VB_WL_LANGUAGE_WORDS,   /* data/language-words.txt: "the<TAB>en", a language's votes */
  VB_WL_DETERMINERS,      /* data/determiners.txt: "the", "their" */
  VB_WL_WEB_DOMAINS,      /* data/web-domains.txt: "com": "Fandom.com" is a site */
  VB_WL_COMPANY_ENDINGS,  /* data/company-endings.txt: "film": "Lucasfilm" is a company */
  VB_WL_KIN_WORDS,        /* data/kin-words.txt: "wife": "his wife Grace" is a person */
  VB_WL_ARTICLE_FORMS,    /* data/arabic-article-forms.txt: "ash" (ash-Sham) */
  VB_WL_CLIP_LINKS,       /* data/clip-links.txt: "youtu.be/": a link to the clip */
  VB_WL_CLIP_LINE_OPENERS, /* data/clip-line-openers.txt: "To view the clip" */
  VB_WL_CLIP_LINE_WORDS,  /* data/clip-line-words.txt: "clip", "video" */
  VB_WL_SERIES_PUBLISHERS, /* data/series-publishers.txt: "Special Dispatch<TAB>MEMRI" */
  VB_WL_BROADCAST_CUES,   /* data/broadcast-cues.txt: "aired on" (a date, a channel) */
  VB_WL_BE_FORMS,         /* data/be-forms.txt: "was", "been": a passive before a participle */
  VB_WL_FUNCTION_WORDS,   /* data/function-words.txt: "for": no other language's stem of a query word */
  VB_WL_CONTRACTION_ENDINGS, /* data/contraction-endings.txt: "ve" of "We've" */
  VB_WL_HOST_CUES,        /* data/debate-host-cues.txt: "welcome<TAB>greeting" (a debate's moderator) */
  VB_WL_GIVEN_NAMES,      /* data/given-names.txt: "Maria" (its value: m, f or u) */
  VB_WL_AUTHOR_NOTE_VERBS, /* data/author-note-verbs.txt: "is": "Ann Roe is a reporter …" */
  VB_WL_ROLE_HEADS,       /* data/role-heads.txt: "philosopher": a role may end on it */
  VB_WL_CIVIL_HEADS,      /* data/civil-heads.txt: "Society": "Rosicrucian Society of England" is one name */
  VB_WL_UNIT_HEADS,       /* data/unit-heads.txt: "Army": "the 58th Army" is one name, its ordinal in it */
  VB_WL_SHORT_FORM_HEADS, /* data/short-form-heads.txt: "Company": "Rider Company" is "Rider" alone */
  VB_WL_WORD_BODIES,      /* data/word-bodies.txt: "Telegram": a body named by an ordinary noun, by context */
  VB_WL_LABEL_VERBS,      /* data/label-verbs.txt: "Continued": "Continued Stone:" is prose */
  VB_WL_ADDRESS_FORMS,    /* data/address-forms.txt: "Excellency", "my": around a role, no part of it */
  VB_WL_STATE_FORMS,      /* data/state-forms.txt: "Kingdom" (of Morocco): the state itself speaks */
  VB_WL_OFFICE_QUALIFIERS, /* data/office-qualifiers.txt: "pro tempore" after an office in a label */
  VB_WL_FIRST_NAMES,      /* data/first-names.txt: "Tammy": more given names, for entities
                           * alone; then every name of data/given-names.txt (no value),
                           * so one lookup says whether a word is a given name of either */
  VB_WL_YEAR_OPENERS,     /* data/year-openers.txt: "in", "by" (2016): a year's words before it */
  VB_WL_YEAR_JOINERS,     /* data/year-joiners.txt: (1966) "or" (1967): a year after a year */
  VB_WL_YEAR_FOLLOWERS,   /* data/year-followers.txt: (in 2016) "alone" */
  VB_WL_FUTURE_MARKERS,   /* data/future-markers.txt: "will" (... in December): a month ahead */
  VB_WL_NUMBER_WORDS,     /* data/number-words.txt: "four" (billion): a quantity's number in words */
  VB_WL_ACRONYM_HEADS,    /* data/acronym-heads.txt: "Alliance": "NATO Alliance" is NATO */
  VB_WL_YEAR_NAME_HEADS,  /* data/year-name-heads.txt: "Agenda": "the 2030 Agenda" is a name */
  VB_WL_YEAR_DETERMINERS, /* data/year-determiners.txt: "the" (2006 budget): a year as a modifier */
  VB_WL_POSSESSIVES,      /* data/possessives.txt: "his" (son Hunter): whose a relative is */
  VB_WL_COUNT
} vb_wl;

/* Is s[0..n) an entry of the list? 0 also when the lists could not be
 * read (out of memory): the caller then decides as if the word were not
 * listed. */
int vb_wl_has(vb_wl list, const char *s, size_t n);
/* The entry's place in its file, from 1 (the first place of an entry
 * written twice), or 0 when s[0..n) is none; *value (may be NULL) gets
 * the text after its TAB, "" when none. */
size_t vb_wl_find(vb_wl list, const char *s, size_t n, const char **value);
/* Whether a speaker's label names no one: an entry of
 * data/anonymous-speakers.txt ("Question", "Unknown"), or a listed word
 * and a number after it ("SPEAKER_1", "Speaker 2", "Question 3"; an entry
 * marked `numbered` there counts only so). */
int vb_wl_anonymous(const char *s, size_t n);
/* Can an entry start with byte c (ASCII case ignored)? A cheap test
 * before a lookup made at every word. */
int vb_wl_may_start(vb_wl list, unsigned char c);
/* How many entries the list holds (0 when the lists could not be read),
 * and the i-th (from 0) in file order: normalised (ASCII lowercase, one
 * space), with its value ("" when none) in *value (may be NULL). */
size_t vb_wl_count(vb_wl list);
const char *vb_wl_entry(vb_wl list, size_t i, const char **value);
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
