/* Word lists: every list the stages decide by is read from its data/ file
 * (a list whose file is missing or misnamed would silently be empty), each
 * data/ file opens with a comment saying what it is, and the lookups keep
 * an entry's place and value as the file writes them. */
#include <string.h>

#include "core/data.h"
#include "core/wordlist.h"
#include "testutil.h"

static void every_list_has_entries(void **state) {
  (void)state;
  for (int l = 0; l < VB_WL_COUNT; l++)
    if (vb_wl_count((vb_wl)l) == 0) fail_msg("word list %d is empty: its data/ file is missing", l);
}

static void every_file_says_what_it_is(void **state) {
  (void)state;
  assert_true(vb_data_nfiles > 0);
  for (size_t i = 0; i < vb_data_nfiles; i++)
    if (strncmp(vb_data_files[i].text, "# ", 2) != 0)
      fail_msg("data/%s.txt does not open with a comment saying what it is", vb_data_files[i].name);
}

static void place_and_value(void **state) {
  (void)state;
  const char *v = NULL;
  /* "kms" is the first unit: its place is 1, its value the unit recorded */
  assert_int_equal(vb_wl_find(VB_WL_UNITS, "KMS", 3, &v), 1);
  assert_string_equal(v, "km");
  /* spaces and case are not the entry's */
  assert_true(vb_wl_find(VB_WL_UNITS, "Per  Cent", 9, &v) > 0);
  assert_string_equal(v, "%");
  assert_int_equal(vb_wl_find(VB_WL_UNITS, "furlongs", 8, &v), 0);
  /* an entry with no TAB has the value "" */
  assert_true(vb_wl_find(VB_WL_ABBREVIATIONS, "Dr", 2, &v) > 0);
  assert_string_equal(v, "");
  /* months in calendar order, with their abbreviations */
  assert_int_equal(vb_wl_count(VB_WL_MONTHS), 12);
  assert_string_equal(vb_wl_entry(VB_WL_MONTHS, 0, NULL), "january");
  assert_string_equal(vb_wl_entry(VB_WL_MONTHS, 8, &v), "september");
  assert_string_equal(v, "sep sept");
  assert_int_equal(vb_wl_find(VB_WL_MONTHS, "October", 7, NULL), 10);
  assert_null(vb_wl_entry(VB_WL_MONTHS, 12, NULL));
  /* a word that votes for two languages has a line for each, in order */
  size_t fr = 0, es = 0;
  for (size_t i = 0; i < vb_wl_count(VB_WL_LANGUAGE_WORDS); i++) {
    const char *lang, *w = vb_wl_entry(VB_WL_LANGUAGE_WORDS, i, &lang);
    if (strcmp(w, "que") == 0 && strcmp(lang, "fr") == 0) fr = i + 1;
    if (strcmp(w, "que") == 0 && strcmp(lang, "es") == 0) es = i + 1;
  }
  assert_true(fr > 0 && es > fr);
  assert_int_equal(vb_wl_find(VB_WL_LANGUAGE_WORDS, "que", 3, &v), fr);
  assert_string_equal(v, "fr");
  /* data/given-names.txt writes the gender first: the name is the entry */
  assert_true(vb_wl_find(VB_WL_GIVEN_NAMES, "Maria", 5, &v) > 0);
  assert_string_equal(v, "f");
  assert_int_equal(vb_wl_find(VB_WL_GIVEN_NAMES, "f", 1, NULL), 0);
}

/* The attribution stage's cues of a debate's moderator: each entry's
 * value names the part it plays, and every part has an entry. */
static void host_cues_by_part(void **state) {
  (void)state;
  const char *v = NULL;
  assert_true(vb_wl_find(VB_WL_HOST_CUES, "Welcome", 7, &v) > 0);
  assert_string_equal(v, "greeting");
  static const char *const parts[] = {"greeting", "introduction", "role"};
  for (size_t p = 0; p < 3; p++) {
    size_t k = 0;
    for (size_t i = 0; i < vb_wl_count(VB_WL_HOST_CUES); i++) {
      vb_wl_entry(VB_WL_HOST_CUES, i, &v);
      k += strcmp(v, parts[p]) == 0;
    }
    if (!k) fail_msg("data/debate-host-cues.txt has no cue of part %s", parts[p]);
  }
  for (size_t i = 0; i < vb_wl_count(VB_WL_HOST_CUES); i++) {
    vb_wl_entry(VB_WL_HOST_CUES, i, &v);
    assert_true(!strcmp(v, "greeting") || !strcmp(v, "introduction") || !strcmp(v, "role"));
  }
}

/* The first-names list also holds every name of data/given-names.txt
 * (after its own, with no value), so that the entity stage asks one list
 * whether a word is a given name; given-names.txt keeps its own entries
 * and values alone. */
static void first_names_hold_given_names(void **state) {
  (void)state;
  size_t own = 0;
  for (size_t i = 0; i < vb_wl_count(VB_WL_GIVEN_NAMES); i++) {
    const char *name = vb_wl_entry(VB_WL_GIVEN_NAMES, i, NULL);
    if (!vb_wl_has(VB_WL_FIRST_NAMES, name, strlen(name)))
      fail_msg("the given name %s is not among the first names", name);
  }
  for (size_t i = 0; i < vb_wl_count(VB_WL_FIRST_NAMES); i++) {
    const char *v, *name = vb_wl_entry(VB_WL_FIRST_NAMES, i, &v);
    own += !vb_wl_has(VB_WL_GIVEN_NAMES, name, strlen(name));
    if (vb_wl_find(VB_WL_FIRST_NAMES, name, strlen(name), NULL) != i + 1)
      fail_msg("the first name %s is not at its place %zu", name, i + 1);
  }
  /* "Maria" is given-names.txt's alone; "Kendra" first-names.txt's alone */
  const char *v = NULL;
  assert_true(vb_wl_find(VB_WL_FIRST_NAMES, "Maria", 5, &v) > own);
  assert_string_equal(v, "");
  assert_true(vb_wl_has(VB_WL_FIRST_NAMES, "Kendra", 6));
  assert_false(vb_wl_has(VB_WL_GIVEN_NAMES, "Kendra", 6));
  assert_false(vb_wl_has(VB_WL_FIRST_NAMES, "Quellbury", 9));
  assert_true(vb_wl_find(VB_WL_GIVEN_NAMES, "Maria", 5, &v) > 0);
  assert_string_equal(v, "f");
}

/* A label names no one when data/anonymous-speakers.txt lists it, or
 * lists its word and a number follows ("SPEAKER_1", "Speaker 2",
 * "Question #3"); "Speaker", marked `numbered`, only with its number. */
static void labels_that_name_no_one(void **state) {
  (void)state;
  static const char *const yes[] = {"Question", "New Speaker", "SPEAKER_1", "Speaker 2", "Question #3",
                                    "speaker-04"};
  static const char *const no[] = {"Speaker", "Lea Okafor", "Lea 2", "2", "SPEAKER_", "Boeing 747"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    if (!vb_wl_anonymous(yes[i], strlen(yes[i]))) fail_msg("\"%s\" should name no one", yes[i]);
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    if (vb_wl_anonymous(no[i], strlen(no[i]))) fail_msg("\"%s\" names someone", no[i]);
}

static void first_letters(void **state) {
  (void)state;
  assert_true(vb_wl_may_start(VB_WL_RELATIVE_DAYS, 'y'));
  assert_true(vb_wl_may_start(VB_WL_RELATIVE_DAYS, 'T'));
  assert_false(vb_wl_may_start(VB_WL_RELATIVE_DAYS, 'q'));
  assert_false(vb_wl_may_start(VB_WL_RELATIVE_DAYS, 0xC3));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_list_has_entries),
      cmocka_unit_test(every_file_says_what_it_is),
      cmocka_unit_test(place_and_value),
      cmocka_unit_test(first_letters),
      cmocka_unit_test(first_names_hold_given_names),
      cmocka_unit_test(host_cues_by_part),
      cmocka_unit_test(labels_that_name_no_one),
  };
  return cmocka_run_group_tests_name("wordlist", tests, NULL, NULL);
}
