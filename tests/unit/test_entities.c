/* test_entities — name keys, the lexicon, extraction on the seed, and the
 * hand-written gold set (tests/gold/entities.txt) with its precision and
 * recall printed. */
#include "testutil.h"

#include "core/buf.h"
#include "core/date.h"
#include "extract/extract.h"
#include "extract/lexicon.h"
#include "verbatim.h"

static char *key_of(const char *name) {
  vb_buf b;
  vb_buf_init(&b, 4096);
  assert_int_equal(vb_entity_key(name, strlen(name), &b), 0);
  char *k = vb_buf_detach(&b);
  assert_non_null(k);
  return k;
}

static void same_key(const char *a, const char *b) {
  char *ka = key_of(a), *kb = key_of(b);
  if (strcmp(ka, kb) != 0) fail_msg("\"%s\" -> %s but \"%s\" -> %s", a, ka, b, kb);
  free(ka);
  free(kb);
}

static void other_key(const char *a, const char *b) {
  char *ka = key_of(a), *kb = key_of(b);
  if (strcmp(ka, kb) == 0) fail_msg("\"%s\" and \"%s\" share the key %s", a, b, ka);
  free(ka);
  free(kb);
}

static void keys_fold_transliteration(void **state) {
  (void)state;
  same_key("Hizbullah", "Hezbollah");
  same_key("Hizbullah", "Hizballah");
  same_key("Hizbullah", "Hizb Allah");
  same_key("HIZBULLAH", "hizbullah");
  same_key("al-Sisi", "el-Sisi");
  same_key("Abdel Fattah al-Sisi", "Abdel Fattah El Sisi");
  same_key("Al-Jazeera", "Al Jazeera");
  same_key("Qaddafi", "Gaddafi");
  same_key("Erdoğan", "Erdogan");
  same_key("Mohammed", "Muhammad");
  same_key("Mahmoud Abbas", "Mahmud Abbas");
  same_key("Sheikh", "Shaykh");
  same_key("Haniyeh", "Haniya");
  /* Arabic script: hamza on alef, taa marbuta, the article */
  same_key("إيران", "ايران");
  same_key("الجزيرة", "جزيره");
  /* what must stay apart */
  other_key("Niger", "Nigeria");
  other_key("Iran", "Iraq");
  other_key("Oman", "Amman");
  other_key("Mali", "Malawi");
  other_key("Austria", "Australia");
}

static const vb_lexicon *lexicon(void) {
  const vb_lexicon *lx = NULL;
  vb_err err;
  int rc = vb_lexicon_default(&lx, &err);
  if (rc) fail_msg("lexicon: %s: %s", err.file, err.msg);
  return lx;
}

/* A rejected name is turned away however it is written, and only it: the
 * check reads the last word's key first, then the whole key. */
static void rejections_whole_names_only(void **state) {
  (void)state;
  const vb_lexicon *lx = lexicon();
  static const char *const rejected[] = {"Armed Forces", "armed  forces", "ARMED FORCES", "Board of Directors",
                                         "Board of Directors's", "Board of Directors\xe2\x80\x99s", "Academic Council"};
  for (size_t i = 0; i < sizeof rejected / sizeof *rejected; i++)
    assert_true(vb_lexicon_rejected(lx, rejected[i], strlen(rejected[i])));
  static const char *const names[] = {"Forces", "Russian Armed Forces", "Directors", "Council", "Security Council",
                                      "Board", "Armed Forces of Ukraine", ""};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    assert_false(vb_lexicon_rejected(lx, names[i], strlen(names[i])));
  /* an analyst's rejection, its last word outside ASCII, found by its
   * folded spelling too; a name ending as it does is not it */
  vb_lexicon *own;
  vb_err err;
  assert_int_equal(vb_lexicon_new(&own, &err), 0);
  assert_int_equal(vb_lexicon_reject(own, "Tarvo K\xc3\xb6pr\xc3\xbcs\xc3\xbc", &err), 0);
  assert_int_equal(vb_lexicon_compile(own, &err), 0);
  assert_true(vb_lexicon_rejected(own, "Tarvo Koprusu", 13));
  assert_true(vb_lexicon_rejected(own, "Tarvo K\xc3\xb6pr\xc3\xbcs\xc3\xbc", 16));
  assert_false(vb_lexicon_rejected(own, "Koprusu", 7));
  assert_false(vb_lexicon_rejected(own, "Velmar Tarvo Koprusu", 20));
  assert_true(vb_lexicon_rejected(own, "Armed Forces", 12));
  vb_lexicon_free(own);
}

static void lexicon_knows_countries_in_translation(void **state) {
  (void)state;
  const vb_lexicon *lx = lexicon();
  char a[256], b[256];
  /* iso-codes' Arabic, Persian, Russian and Turkish names */
  assert_int_equal(vb_lexicon_key(lx, -1, "Iran", a, sizeof a), 1);
  assert_int_equal(vb_lexicon_key(lx, -1, "إيران", b, sizeof b), 1);
  assert_string_equal(a, b);
  assert_int_equal(vb_lexicon_key(lx, -1, "Российская Федерация", b, sizeof b), 1);
  vb_lexicon_key(lx, -1, "Russia", a, sizeof a);
  assert_string_equal(a, b);
  assert_int_equal(vb_lexicon_key(lx, -1, "Türkiye", b, sizeof b), 1);
  vb_lexicon_key(lx, -1, "Turkey", a, sizeof a);
  assert_string_equal(a, b);
  assert_int_equal(vb_lexicon_key(lx, -1, "ایران", b, sizeof b), 1); /* Persian */
  vb_lexicon_key(lx, -1, "Iran", a, sizeof a);
  assert_string_equal(a, b);
  /* Greek: only iso-codes knows it ("Ιράν, Ισλαμική Δημοκρατία του") */
  assert_int_equal(vb_lexicon_key(lx, -1, "Ιράν", b, sizeof b), 1);
  assert_string_equal(a, b);
  /* demonyms belong to their place */
  assert_int_equal(vb_lexicon_key(lx, -1, "Iranians", b, sizeof b), 1);
  vb_lexicon_key(lx, -1, "Iran", a, sizeof a);
  assert_string_equal(a, b);
  /* a name nobody listed keys to itself */
  assert_int_equal(vb_lexicon_key(lx, VB_ENT_PERSON, "Zzyzx Qwerty", a, sizeof a), 0);
  assert_true(strncmp(a, "PERSON:", 7) == 0);
}

static vb_doc *parse(const char *text) {
  vb_doc *d = NULL;
  vb_err err;
  int rc = vb_doc_parse(text, strlen(text), "t.txt", NULL, &d, &err);
  if (rc) fail_msg("parse: %s", err.msg);
  return d;
}

static const vb_entity *find(const vb_doc_view *v, vb_etype type, const char *name) {
  const vb_entity *hit = NULL;
  for (size_t i = 0; i < v->nentities; i++)
    if (v->entities[i].type == type && v->entities[i].name.len == strlen(name) &&
        memcmp(v->entities[i].name.ptr, name, strlen(name)) == 0) {
      if (hit) fail_msg("%s found twice", name);
      hit = &v->entities[i];
    }
  return hit;
}

/* How many of v's mentions are of entity e. */
static size_t mentions_of(const vb_doc_view *v, const vb_entity *e) {
  size_t n = 0;
  for (size_t k = 0; k < v->nmentions; k++) n += &v->entities[v->mentions[k].entity] == e;
  return n;
}

static int has_surface(const vb_doc_view *v, const vb_entity *e, const char *surface) {
  size_t idx = (size_t)(e - v->entities);
  for (size_t i = 0; i < v->nmentions; i++) {
    const vb_mention *m = &v->mentions[i];
    if ((size_t)m->entity == idx && m->end - m->start == strlen(surface) &&
        memcmp(v->body.ptr + m->start, surface, strlen(surface)) == 0)
      return 1;
  }
  return 0;
}

static void seed_entities(void **state) {
  (void)state;
  char *bytes;
  size_t len;
  vb_err err;
  assert_int_equal(vb_file_read(SHARED_DIR "/corpus/memri/sd-10850.txt", &bytes, &len, &err), 0);
  vb_doc *d = NULL;
  assert_int_equal(vb_doc_parse(bytes, len, "sd-10850.txt", NULL, &d, &err), 0);
  free(bytes);
  const vb_doc_view *v = vb_doc_get(d);
  static const struct {
    vb_etype type;
    const char *name, *surfaces[4];
  } want[] = {
      {VB_ENT_ORG, "Hamas", {"Hamas"}},
      {VB_ENT_ORG, "Hizbullah", {"Hizbullah"}},
      {VB_ENT_ORG, "Islamic Jihad", {"Islamic Jihad", "Palestinian Islamic Jihad"}},
      {VB_ENT_ORG, "MEMRI", {"MEMRI"}},
      {VB_ENT_ORG, "Russia Today", {"Russia Today TV"}},
      {VB_ENT_PERSON, "Ali Baraka", {"Ali Baraka", "Baraka"}},
      {VB_ENT_PERSON, "Benjamin Netanyahu", {"Netanyahu"}},
      {VB_ENT_PERSON, "Joe Biden", {"Biden"}},
      {VB_ENT_PLACE, "Gaza", {"Gaza", "Gaza Strip"}},
      {VB_ENT_PLACE, "Israel", {"Israel", "Israelis"}},
      {VB_ENT_PLACE, "Iran", {"Iran"}},
      {VB_ENT_PLACE, "Turkey", {"Turkey", "Turks"}},
      {VB_ENT_PLACE, "Russia", {"Russia", "Russians", "Russian"}},
      {VB_ENT_PLACE, "United States", {"U.S", "America", "American"}},
      {VB_ENT_PLACE, "Tel Aviv", {"Tel Aviv"}},
      {VB_ENT_PLACE, "Galilee", {"Galilee"}},
      {VB_ENT_PLACE, "Lebanon", {"Lebanon"}},
      {VB_ENT_PLACE, "Ukraine", {"Ukraine"}},
      {VB_ENT_PLACE, "Europe", {"Europe", "European"}},
      {VB_ENT_PLACE, "Palestine", {"Palestine", "Palestinian"}},
  };
  for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
    const vb_entity *e = find(v, want[i].type, want[i].name);
    if (!e) fail_msg("%s %s not found", vb_etype_name(want[i].type), want[i].name);
    for (size_t k = 0; k < 4 && want[i].surfaces[k]; k++)
      if (!has_surface(v, e, want[i].surfaces[k]))
        fail_msg("%s: no mention spelled \"%s\"", want[i].name, want[i].surfaces[k]);
  }
  /* "Russia" inside "Russia Today TV" is the broadcaster, not the place */
  const vb_entity *rt = find(v, VB_ENT_ORG, "Russia Today");
  const vb_entity *ru = find(v, VB_ENT_PLACE, "Russia");
  for (size_t i = 0; i < v->nmentions; i++)
    if (v->mentions[i].entity == (int32_t)(ru - v->entities)) {
      for (size_t k = 0; k < v->nmentions; k++)
        if (v->mentions[k].entity == (int32_t)(rt - v->entities))
          assert_false(v->mentions[i].start >= v->mentions[k].start &&
                       v->mentions[i].start < v->mentions[k].end);
    }
  /* no entity from "2.5 Million Palestinians" but Palestine */
  for (size_t i = 0; i < v->nentities; i++)
    assert_false(v->entities[i].name.len == 4 && memcmp(v->entities[i].name.ptr, "Mali", 4) == 0);
  /* the speaker keeps the role the dispatch gives him */
  const vb_entity *ab = find(v, VB_ENT_PERSON, "Ali Baraka");
  assert_true(ab->speaker >= 0);
  assert_true(ab->role.len > 0);
  /* mentions point into their statements */
  size_t placed = 0;
  for (size_t i = 0; i < v->nmentions; i++) {
    const vb_mention *m = &v->mentions[i];
    if (m->statement < 0) continue;
    const vb_statement *s = &v->statements[m->statement];
    assert_true(s->start <= m->start && m->end <= s->end);
    placed++;
  }
  assert_true(placed > 50);
  vb_doc_free(d);
}

/* "The Far East" is a place of its own: in a Kremlin transcript it is
 * Russia's own Far East (Primorye to Chukotka), which was merged into East
 * Asia, so the President's words on Khabarovsk counted as East Asia's. */
static void the_far_east_is_not_east_asia(void **state) {
  (void)state;
  vb_doc *d = parse("Vladimir Putin: We will keep building roads in the Far East, from Khabarovsk to Vladivostok.\n\n"
                    "Sergei Ivanov: Trade with East Asia is growing, and the Far East gains from it.\n");
  const vb_doc_view *v = vb_doc_get(d);
  const vb_entity *fe = find(v, VB_ENT_PLACE, "Far East"), *ea = find(v, VB_ENT_PLACE, "East Asia");
  assert_non_null(fe);
  assert_non_null(ea);
  assert_int_equal(mentions_of(v, fe), 2);
  assert_int_equal(mentions_of(v, ea), 1);
  vb_doc_free(d);
}

/* Territories without a country code are places too: listed beside a
 * body ("the United Nations, and Somaliland"), an unknown word was read as
 * another body. */
static void territories_beside_a_body_are_places(void **state) {
  (void)state;
  vb_doc *d = parse("Mr. President: We thank the African Union, the United Nations, and Somaliland for their help.\n");
  const vb_doc_view *v = vb_doc_get(d);
  assert_non_null(find(v, VB_ENT_PLACE, "Somaliland"));
  assert_null(find(v, VB_ENT_ORG, "Somaliland"));
  vb_doc_free(d);
}

static void possessives_articles_and_case(void **state) {
  (void)state;
  vb_doc *d = parse("Officials said Israel's army and Hamas's fighters clashed as al-Sisi spoke.\n"
                    "We want peace, said the turkey farmer; the us of it is plain.\n");
  const vb_doc_view *v = vb_doc_get(d);
  const vb_entity *il = find(v, VB_ENT_PLACE, "Israel");
  assert_non_null(il);
  assert_true(has_surface(v, il, "Israel"));
  assert_non_null(find(v, VB_ENT_ORG, "Hamas"));
  /* "al-Sisi": the article is part of the surface */
  int sisi = 0;
  for (size_t i = 0; i < v->nmentions; i++)
    if (v->mentions[i].end - v->mentions[i].start == 7 &&
        memcmp(v->body.ptr + v->mentions[i].start, "al-Sisi", 7) == 0)
      sisi = 1;
  assert_true(sisi);
  /* lowercase "turkey" and "us" are words, not places */
  assert_null(find(v, VB_ENT_PLACE, "Turkey"));
  assert_null(find(v, VB_ENT_PLACE, "United States"));
  vb_doc_free(d);
}

static void full_name_then_surname(void **state) {
  (void)state;
  vb_doc *d = parse("The talks were led by analyst Karim Haddad of the National Unity Front.\n"
                    "Later that day Haddad told reporters that nothing had been agreed.\n");
  const vb_doc_view *v = vb_doc_get(d);
  const vb_entity *kh = find(v, VB_ENT_PERSON, "Karim Haddad");
  assert_non_null(kh);
  assert_true(has_surface(v, kh, "Haddad"));
  assert_true(kh->role.len > 0);
  assert_non_null(find(v, VB_ENT_ORG, "National Unity Front"));
  vb_doc_free(d);
}

/* One text, the (type, surface) mentions it must yield and the surfaces
 * it must not yield as any entity. Every case was written for this test. */
typedef struct rule_case {
  const char *text;
  const char *want[6]; /* "TYPE:surface" */
  const char *never[4];
} rule_case;

static int has_mention(const vb_doc_view *v, const char *type_surface) {
  const char *colon = strchr(type_surface, ':');
  size_t tl = (size_t)(colon - type_surface);
  const char *surface = colon + 1;
  for (size_t i = 0; i < v->nmentions; i++) {
    const vb_mention *m = &v->mentions[i];
    const vb_entity *e = &v->entities[m->entity];
    const char *tn = vb_etype_name(e->type);
    if (strlen(tn) == tl && memcmp(tn, type_surface, tl) == 0 && m->end - m->start == strlen(surface) &&
        memcmp(v->body.ptr + m->start, surface, strlen(surface)) == 0)
      return 1;
  }
  return 0;
}

static int has_any(const vb_doc_view *v, const char *surface) {
  for (size_t i = 0; i < v->nmentions; i++)
    if (v->mentions[i].end - v->mentions[i].start == strlen(surface) &&
        memcmp(v->body.ptr + v->mentions[i].start, surface, strlen(surface)) == 0)
      return 1;
  return 0;
}

/* Each case's text has every wanted mention and none of the others. */
static void check_cases(const rule_case *cases, size_t n) {
  for (size_t k = 0; k < n; k++) {
    vb_doc *d = parse(cases[k].text);
    const vb_doc_view *v = vb_doc_get(d);
    for (size_t j = 0; j < 6 && cases[k].want[j]; j++)
      if (!has_mention(v, cases[k].want[j])) fail_msg("case %zu: no %s", k, cases[k].want[j]);
    for (size_t j = 0; j < 4 && cases[k].never[j]; j++)
      if (has_any(v, cases[k].never[j])) fail_msg("case %zu: \"%s\" taken for a name", k, cases[k].never[j]);
    vb_doc_free(d);
  }
}

static void context_rules_on_real_shapes(void **state) {
  (void)state;
  static const rule_case cases[] = {
      /* a form of address made of an office's words names no one ("Mr
       * Federal Chancellor, ladies and gentlemen": a Kremlin transcript) */
      {"Mr Federal Chancellor, ladies and gentlemen, Mr Federal Minister, thank you. Mr Pavel Rudenko agreed.",
       {"PERSON:Pavel Rudenko"},
       {"Federal Chancellor", "Federal"}},
      /* a generic head ends a name of its own kind: each full name its own entity */
      {"The governor of the Tarsk Region met the head of the Orvel Region on Monday.",
       {"PLACE:Tarsk Region", "PLACE:Orvel Region"}, {"Region"}},
      {"Delegates at the Velmar Summit signed the Ostrava Declaration on water.",
       {NULL}, {"Velmar Summit", "Ostrava Declaration", "Velmar", "Ostrava"}},
      {"The ministers met again in Geneva ahead of the Geneva Conference on Quotas.",
       {"PLACE:Geneva"}, {"Geneva Conference on Quotas"}},
      /* a head with an "of" phrase, unless words before it already name it */
      {"Talks on the status of the Sea of Marrow went on in the Council of Tarnia.",
       {"PLACE:Sea of Marrow", "ORG:Council of Tarnia"}, {"Marrow"}},
      {"The bill went to the Federal Assembly of the Russian Federation last week.",
       {"ORG:Federal Assembly", "PLACE:Russian Federation"}, {NULL}},
      /* a short form in parentheses is the same entity, here and later */
      {"The Joint Harbour Commission (JHC) met. Later the JHC said little.",
       {"ORG:Joint Harbour Commission", "ORG:JHC"}, {NULL}},
      /* ... only when its letters are the name's: COMESA is not Africa's,
       * but the whole body's, a name its capitals define */
      {"The Tarnow River Authority (TRA) and the Common Market for Eastern and Southern Africa "
       "(COMESA) met; the TRA and COMESA agreed.",
       {"ORG:Tarnow River Authority", "ORG:TRA", "ORG:Common Market for Eastern and Southern Africa", "ORG:COMESA"},
       {"Southern Africa"}},
      /* a title's name follows it at once */
      {"The quota was set by the Managing Director. Contribution rules are strict, and as the "
       "body grows more representative, the Members listen.",
       {NULL}, {"Contribution", "Members"}},
      {"Present were Deputy Minister of the Interior Pavel Orlovsky and Presidential Aide Nina Ostrova.",
       {"PERSON:Pavel Orlovsky", "PERSON:Nina Ostrova"}, {"Interior Pavel Orlovsky", "Presidential Aide Nina Ostrova"}},
      /* a long list of titles and names is running text, not a headline */
      {"Participants included Speaker of the Council Anna Velt, Trade Minister Igor Marsk, Chief of "
       "Staff Olga Dunn, Border Service Director Pyotr Lanin and permanent member Ivan Tolsky.",
       {"PERSON:Igor Marsk", "PERSON:Pyotr Lanin", "PERSON:Olga Dunn"}, {NULL}},
      /* a quoted title is no one's name */
      {"The programme \"Svoi Dom\" and the game \u201cSuper Pario Run\u201d were launched.",
       {NULL}, {"Svoi Dom", "Pario Run", "Super Pario Run"}},
      /* places by their context */
      {"A meeting was held in Vostrovsk, and the accord was signed in Meridela, Mexico.",
       {"PLACE:Vostrovsk", "PLACE:Meridela", "PLACE:Mexico"}, {NULL}},
      /* no-break spaces and typographic apostrophes inside names */
      {"They spoke of the Sea\u00a0of\u00a0Azov and of C\u00f4te d\u2019Ivoire.",
       {"PLACE:Sea\u00a0of\u00a0Azov", "PLACE:C\u00f4te d\u2019Ivoire"}, {NULL}},
      /* a name across a line break inside a paragraph (the UN's speeches
       * are wrapped so) */
      {"The programme is supported by the World \nBank and by South\nAfrica.",
       {"ORG:World \nBank", "PLACE:South\nAfrica"}, {"World", "Bank"}},
      /* translations that read as English words are not names */
      {"My Name as Though It Were Written, by the artist. End of story on the North Island.",
       {NULL}, {"My", "End", "Island"}},
      /* a site's name, with its domain and without */
      {"According to the fan site Droidwatch.net, Tarvo said little. Join Tarvo.com today!",
       {"ORG:Droidwatch.net", "ORG:Tarvo.com"}, {"Droidwatch"}},
      /* "Vice" is part of a title, never a name (a debate's moderator) */
      {"Mr. Vice- I mean, Mr. Vice President, go ahead. Vice President Oberlin, you have two minutes.",
       {"PERSON:Oberlin"}, {"Vice", "Vice President"}},
      /* what an office is of is a place, not a person; a name after it is one */
      {"She was elected the first woman District Attorney of San Feliz, where she opened new courts. "
       "Secretary of State Dana Orlik agreed.",
       {"PLACE:San Feliz", "PERSON:Dana Orlik"}, {"State Dana Orlik"}},
      /* what kind of name the words around say: a noun of place or of an
       * organisation after it, a place's first word */
      {"The feast was held in the Vela Gora mountains, and the injured were taken to Royal Dunmore "
       "hospital. The 1878 San Orvieto treaty ended the war.",
       {"PLACE:Vela Gora", "ORG:Royal Dunmore", "PLACE:San Orvieto"}, {NULL}},
      {"Doctors at the Harlow Clinic said little.", {"ORG:Harlow Clinic"}, {NULL}},
      /* demonyms of every country */
      {"Laotian and Paraguayan delegates met Ivorian officials.",
       {"PLACE:Laotian", "PLACE:Paraguayan", "PLACE:Ivorian"}, {NULL}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
  /* a name found across a line break is named with one space there */
  vb_doc *d = parse("Doctors at the Harlow\nClinic said little, and Ana Vostrikova \nOrlova agreed.");
  const vb_doc_view *v = vb_doc_get(d);
  assert_non_null(find(v, VB_ENT_ORG, "Harlow Clinic"));
  assert_non_null(find(v, VB_ENT_PERSON, "Ana Vostrikova Orlova"));
  vb_doc_free(d);
}

/* Mistakes met on the real corpora (issue 17's second development part
 * and the debates), each with its cause fixed. */
static void corpus_mistakes(void **state) {
  (void)state;
  static const rule_case cases[] = {
      /* a lowercase "sir." is no abbreviated title before a name */
      {"Outside. Yes, sir. Agreed. We're done, sir. Moving on. First for you, sir. Finally, go ahead.",
       {NULL}, {"Agreed", "Moving", "Finally"}},
      /* heads of infrastructure; a pipeline's name; media and groups */
      {"The train left the Kerbenovsky Tunnel while Nord Stream was idle. Ann Lee of USA Today "
       "asked about the KKK and the Ku Klux Klan.",
       {"PLACE:Kerbenovsky Tunnel", "PLACE:Nord Stream", "ORG:USA Today", "ORG:KKK", "ORG:Ku Klux Klan"},
       {"USA"}},
      /* what follows "in" a place or an institution says where it is */
      {"The station on the corner of 24th Street in Manhattan opened, and Dr. Vell of the Darrow "
       "Children's Research Institute in Melbourne spoke.",
       {"PLACE:Manhattan", "ORG:Darrow Children's Research Institute", "PLACE:Melbourne"},
       {"Street in Manhattan"}},
      /* a word that also begins names begins one before a name */
      {"The first sign lit a barbershop on Paris\u2019s Boulevard Montmartre in 1912.",
       {"PLACE:Paris", "PLACE:Boulevard Montmartre"}, {"Paris\u2019s Boulevard"}},
      /* a demonym before "language" names a language */
      {"The Russian language is spoken across the Russian Federation.",
       {"PLACE:Russian Federation"}, {"Russian"}},
      /* a word the dictionary writes only in lowercase begins no one's name */
      {"Retrieved Marvin Tolk from the archive, the clerk added Retrieved Notes.",
       {NULL}, {"Retrieved Marvin", "Retrieved Notes"}},
      /* a surname with its particle */
      {"Luis de Mirova wrote the history of the lamp. Of course, de Mirova notes, it glowed.",
       {"PERSON:Luis de Mirova", "PERSON:de Mirova"}, {NULL}},
      /* a known surname hyphen-joined to a word that is no one's name is
       * part of a thing's name; joined to another person's, both are people */
      {"Arthur Edwin Valtor and Pamela Corin Smeed drew it; the Ryder-Valtor-Smeed Tarot and the "
       "Ryder-Valtor deck sold. Anna Kessel met Nicolas Darrow for the Kessel-Darrow talks.",
       {"PERSON:Arthur Edwin Valtor", "PERSON:Pamela Corin Smeed", "PERSON:Kessel", "PERSON:Darrow"},
       {"Valtor", "Smeed"}},
      /* the UN's bodies, capitals, and an honorific */
      {"The Food and Agriculture Organisation met in Harare, as Mahatma Gandhi had hoped.",
       {"ORG:Food and Agriculture Organisation", "PLACE:Harare", "PERSON:Gandhi"},
       {"Agriculture Organisation", "Mahatma Gandhi"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
  /* the third development part's causes: a title of one word before a
   * place's name; one unknown word a noun of place or of a body follows; a
   * word in capitals in a name; two names a hyphen joins; a spelling only
   * close to a place's that a name goes on after; a soft hyphen */
  static const rule_case third[] = {
      {"Mr Hague will be in Moscow, but DR Congo will not.", {"PERSON:Hague", "PLACE:DR Congo"}, {NULL}},
      {"Troops took the Zavodskoy district; the Konversiya non-governmental organisation and the "
       "ORT television channel said so.",
       {"PLACE:Zavodskoy", "ORG:Konversiya", "ORG:ORT"}, {NULL}},
      {"She rose through the ranks of the ruling Zanu-PF in two years.", {"ORG:Zanu-PF"}, {NULL}},
      {"Oil will flow through the Varna-Kavalla pipeline from next year.", {NULL}, {"Varna-Kavalla", "Kavalla"}},
      {"Georgi Parvanov said Georgia would come.", {"PERSON:Georgi Parvanov", "PLACE:Georgia"}, {"Georgi"}},
      {"Earnest added that Netan\u00adyahu spoke.", {"PERSON:Netan\u00adyahu"}, {NULL}},
      /* a model's number after the words: a product */
      {"Using the Royal Tolbee LGP-30, Lorenz made discoveries.", {NULL}, {"Tolbee LGP", "Royal Tolbee LGP"}},
  };
  check_cases(third, sizeof third / sizeof *third);
  /* the fourth development part's causes: a given name opening a
   * sentence; a country before a state body's name, or a possessive place
   * before a body's, says whose it is; a hyphenated syllable of a given
   * name; a place an event is named after; a place noun after a
   * qualifier; lists (a demonym, a region, no "Russian military") */
  static const rule_case fourth[] = {
      {"Vladimir Kostrenko, Ukraine\u2019s envoy, arrived in Minsk.",
       {"PERSON:Vladimir Kostrenko", "PLACE:Ukraine", "PLACE:Minsk"}, {NULL}},
      {"The deal binds the Moldova Ministry of Agriculture. Russia's Security Council and the "
       "Oregon Institute of Technology signed.",
       {"PLACE:Moldova", "ORG:Ministry of Agriculture", "PLACE:Russia", "ORG:Security Council",
        "ORG:Oregon Institute of Technology"},
       {"Moldova Ministry of Agriculture", "Russia's Security Council"}},
      {"Talks with Interior Minister Choi Ji-hoon ended; the Obama-era rules stay.",
       {"PERSON:Choi Ji-hoon"}, {"Obama-era", "Choi Ji"}},
      {"At the San Lorenzo Conference the delegates met at the Zelenovo-Borsk country residence.",
       {"PLACE:San Lorenzo", "PLACE:Zelenovo-Borsk"}, {"San Lorenzo Conference"}},
      /* a given name before a place's name of one word; a place named
       * with a number */
      {"Ministers met Thomas Hague in Leeds, and the staff of Building 12 went to Terminal 3.",
       {"PERSON:Thomas Hague", "PLACE:Leeds", "PLACE:Building 12", "PLACE:Terminal 3"}, {"Hague"}},
      {"The current Russian military operation in the Northern Caucasus, the Kampuchean problem and "
       "the RSPCA were discussed.",
       {"PLACE:Russian", "PLACE:Northern Caucasus", "PLACE:Kampuchean", "ORG:RSPCA"}, {"Russian military"}},
  };
  check_cases(fourth, sizeof fourth / sizeof *fourth);
  {
    /* whose the body is names it: Russia's is the Security Council of
     * Russia, not the UN's; the Moldovan ministry is Moldova's own; the
     * North Caucasus is a region of its own */
    vb_doc *d4 = parse("Russia's Security Council met; the Moldova Ministry of Agriculture and the "
                       "Northern Caucasus were named.");
    const vb_doc_view *v4 = vb_doc_get(d4);
    assert_non_null(find(v4, VB_ENT_ORG, "Security Council of Russia"));
    assert_null(find(v4, VB_ENT_ORG, "UN Security Council"));
    assert_non_null(find(v4, VB_ENT_ORG, "Ministry of Agriculture of Moldova"));
    assert_non_null(find(v4, VB_ENT_PLACE, "North Caucasus"));
    assert_null(find(v4, VB_ENT_PLACE, "Caucasus"));
    vb_doc_free(d4);
    /* "Mr Hague" after "Thomas Hague" is him */
    d4 = parse("Ministers met Thomas Hague in Leeds. Later Mr Hague spoke.");
    v4 = vb_doc_get(d4);
    const vb_entity *th = find(v4, VB_ENT_PERSON, "Thomas Hague");
    assert_non_null(th);
    assert_true(has_surface(v4, th, "Hague"));
    vb_doc_free(d4);
    /* a name of the East Asian kind puts the surname first: "Moon" and
     * "Baek" alone are the people named in full, "Rhee" is no one's
     * given name; a Western name keeps its surname last ("Rhee" alone is
     * Anna Rhee, and "Anna" alone is her too, by her given name: the one
     * person the document names in full with it) */
    d4 = parse("President Moon Tae Hwan met Baek Jin-sol and Anna Rhee. Later Moon said that Baek "
               "and Rhee would stay, and Anna spoke.");
    v4 = vb_doc_get(d4);
    static const struct {
      const char *person, *surface;
      int theirs;
    } by_surname[] = {{"Moon Tae Hwan", "Moon", 1}, {"Baek Jin-sol", "Baek", 1}, {"Anna Rhee", "Rhee", 1},
                      {"Anna Rhee", "Anna", 1}};
    for (size_t k = 0; k < sizeof by_surname / sizeof *by_surname; k++) {
      const vb_entity *who = find(v4, VB_ENT_PERSON, by_surname[k].person);
      if (!who) fail_msg("no person %s", by_surname[k].person);
      if (has_surface(v4, who, by_surname[k].surface) != by_surname[k].theirs)
        fail_msg("\"%s\" %s %s", by_surname[k].surface, by_surname[k].theirs ? "is not" : "is",
                 by_surname[k].person);
    }
    vb_doc_free(d4);
  }
  /* the fifth development part's causes (news pages): a place's head
   * right after a title; heads of places (Beach, Strip, Land, Empire); a
   * company's name by its ending; a small number after a game's name; an
   * ethnonym; a source whose role is a noun of a body */
  static const rule_case fifth[] = {
      {"Talks with Interior Minister Park Ji-hoon ended, and fans of Zolva Beach and the Tarsk Strip left.",
       {"PERSON:Park Ji-hoon", "PLACE:Zolva Beach", "PLACE:Tarsk Strip"}, {"Interior Minister Park", "Zolva"}},
      {"In 2001 Vardenfilm spent a fortune, and Telvasoft shipped the Orvel Empire saga to Morvan Land.",
       {"ORG:Vardenfilm", "ORG:Telvasoft", "PLACE:Orvel Empire", "PLACE:Morvan Land"}, {NULL}},
      {"Players wanted Zarva Motorsport 7 and Kelt Racing 3 at launch.", {NULL}, {"Zarva Motorsport", "Kelt Racing"}},
      {"Helped by the Tovaki Māori, the elders said Māori names were kept.", {NULL}, {"Māori", "Tovaki Māori"}},
      {"Ten whales died, according to whale rescue group Project Tolva, on Monday.", {NULL}, {"Tolva", "Project Tolva"}},
      /* a country or its demonym before a state's body only says whose;
       * a continent's ("European Parliament") or a company's name stays */
      {"The New Zealand Parliament and the Kazakh Foreign Ministry met; the European Parliament and "
       "Russian Railways did not.",
       {"PLACE:New Zealand", "ORG:Parliament", "PLACE:Kazakh", "ORG:Foreign Ministry", "ORG:European Parliament",
        "ORG:Russian Railways"},
       {"New Zealand Parliament", "Kazakh Foreign Ministry"}},
  };
  check_cases(fifth, sizeof fifth / sizeof *fifth);
  {
    /* "Lee Dong-hoon said": the surname is Lee, no title */
    vb_doc *d5 = parse("Lee Dong-hoon said he would resign.");
    const vb_doc_view *v5 = vb_doc_get(d5);
    const vb_entity *lee = find(v5, VB_ENT_PERSON, "Lee Dong-hoon");
    assert_non_null(lee);
    assert_null(lee->role.ptr);
    assert_true(v5->nspeakers == 1 && v5->speakers[0].naliases == 1);
    assert_true(v5->speakers[0].aliases[0].len == 3 && memcmp(v5->speakers[0].aliases[0].ptr, "Lee", 3) == 0);
    vb_doc_free(d5);
    /* the whale group is a body, no person */
    d5 = parse("Ten whales died, according to whale rescue group Project Tolva, on Monday.");
    v5 = vb_doc_get(d5);
    assert_null(find(v5, VB_ENT_PERSON, "Project Tolva"));
    vb_doc_free(d5);
    /* a given name alone after a noun of kinship is a person's; the
     * name again inside a nickname in quotes is not a mention of her */
    d5 = parse("The family, including his wife Maria, was safe, as his first wife, Anna, had been. "
               "Dubbed \u201cGucci Maria\u201d, she left.");
    v5 = vb_doc_get(d5);
    const vb_entity *maria = find(v5, VB_ENT_PERSON, "Maria");
    assert_non_null(maria);
    assert_non_null(find(v5, VB_ENT_PERSON, "Anna"));
    assert_int_equal(mentions_of(v5, maria), 1);
    vb_doc_free(d5);
    /* the Russian Security Council is Russia's, not the UN's */
    d5 = parse("The Russian Security Council met in Moscow.");
    v5 = vb_doc_get(d5);
    assert_true(has_mention(v5, "PLACE:Russian") && has_mention(v5, "ORG:Security Council"));
    assert_non_null(find(v5, VB_ENT_ORG, "Security Council of Russia"));
    assert_null(find(v5, VB_ENT_ORG, "UN Security Council"));
    vb_doc_free(d5);
  }
  /* the sixth development part's causes: a demonym opening a sentence
   * (though it is also a language's name); a known place and a
   * possessive before a name, which is a name of its own (the possessive
   * is in no listed name: not the New York Times), or a body that place's
   * own; "Member States", the UN's term, no place */
  static const rule_case sixth[] = {
      {"Russian-Italian talks went on in Tarsk.", {"PLACE:Russian", "PLACE:Italian"}, {NULL}},
      {"Crowds filled New York's Times Square and Paris's Velmar Square.",
       {"PLACE:New York", "PLACE:Times Square", "PLACE:Paris", "PLACE:Velmar Square"},
       {"New York's Times", "Paris's Velmar Square"}},
      {"He met officials of Russia\u2019s Defence Ministry. All Member States agreed, and the Member "
       "State concerned replied.",
       {"PLACE:Russia", "ORG:Defence Ministry"}, {"Russia\u2019s Defence Ministry", "Member States", "Member State"}},
  };
  static const rule_case sixth_more[] = {
      /* a point of the compass before a place's own name: a region of it */
      {"Rains hit Southern Lebanon, North Greece and the Central Asian states; Saudi Arabian "
       "envoys came.",
       {"PLACE:Southern Lebanon", "PLACE:North Greece", "PLACE:Central Asian", "PLACE:Saudi Arabian"},
       {"Lebanon", "Greece", "Saudi"}},
      /* a given name of the East Asian kind opening a sentence before a
       * verb of saying, its surname an English word ("park", "choi") or a
       * place's head */
      {"Choi Min-jun said the port would open. Park Seo-yeon said so too.",
       {"PERSON:Choi Min-jun", "PERSON:Park Seo-yeon"}, {"Park"}},
      /* a last word English writes only in lowercase after a word no list
       * knows as a name is no one's name; a compass word inside a longer
       * name stays in it; a demonym before "republics" is the mention */
      {"Crowds at the Tarvo Rouge read Bram Stoker, and Eloise Parry came from New South Wales to "
       "the Central Asian republics with the ACLU.",
       {"PERSON:Bram Stoker", "PERSON:Eloise Parry", "PLACE:New South Wales", "PLACE:Central Asian", "ORG:ACLU"},
       {"Tarvo Rouge", "South Wales", "Central Asian republics"}},
      /* a demonym inside a body's "of" phrase, though a stop word */
      {"Teachers from the Centre for the Study of the Russian Language came.",
       {"ORG:Centre for the Study of the Russian Language"}, {"Centre for the Study"}},
  };
  check_cases(sixth, sizeof sixth / sizeof *sixth);
  check_cases(sixth_more, sizeof sixth_more / sizeof *sixth_more);
  /* the seventh development part's causes (and the sixth's left): an
   * unknown name a battle or a treaty is "of" is a place (not what an
   * address is of); a polity's word and "of" before a country are its
   * name; a second place after "in X and"; a plural head shared by two
   * names; lists (a style, a republic, an old name) */
  static const rule_case seventh[] = {
      {"Veterans recalled the Siege of Korvask, and the Treaty of Ulmaren was read after the Address of "
       "Tolbayev.",
       {"PLACE:Korvask", "PLACE:Ulmaren"}, {"Siege of Korvask", "Treaty of Ulmaren", "Tolbayev"}},
      {"Envoys of the Republic of Kyrgyzstan, the Kingdom of Bhutan and the Democratic Republic of the "
       "Congo met.",
       {"PLACE:Republic of Kyrgyzstan", "PLACE:Kingdom of Bhutan", "PLACE:Democratic Republic of the Congo"},
       {"Kyrgyzstan", "Bhutan", "Congo"}},
      {"The mills stand in Vorsk and Talmino respectively. They met in Omsk and Dmitri Velkov spoke.",
       {"PLACE:Vorsk", "PLACE:Talmino", "PLACE:Omsk", "PERSON:Dmitri Velkov"}, {NULL}},
      {"The leak at Cambridge Analytica was discussed at the Shanghai Forum summit, in an Art Deco hall.",
       {"ORG:Cambridge Analytica", "ORG:Shanghai Forum"}, {"Art Deco", "Shanghai", "Art"}},
      {"In Kabardino-Balkaria the Kabardino-Balkarian leader met envoys of the Mongolian People's Republic.",
       {"PLACE:Kabardino-Balkaria", "PLACE:Kabardino-Balkarian", "PLACE:Mongolian People's Republic"},
       {"Balkaria", "Balkarian", "Mongolian"}},
  };
  check_cases(seventh, sizeof seventh / sizeof *seventh);
  /* what the seventh part's list entries mended one example at a time, as
   * the classes they belong to: a firm's head ends a company's name,
   * whatever its first word (a known place's too); an event's name with a
   * noun of what is held after it names the body holding them (a known
   * place inside no mention); one half of a hyphenated name is no other
   * place by a close spelling (Balkaria is no Bulgaria) */
  static const rule_case classes[] = {
      {"The leak at Velmora Analytica hurt Tarsk Dynamics and Geneva Robotics.",
       {"ORG:Velmora Analytica", "ORG:Tarsk Dynamics", "ORG:Geneva Robotics"}, {"Velmora", "Geneva"}},
      {"Talks prepared the upcoming Berlin Forum summit; the Korvask Forum meeting ended.",
       {"ORG:Berlin Forum", "ORG:Korvask Forum"}, {"Berlin", "Korvask"}},
      {"The Berlin Forum agreed, and the Berlin Summit meeting closed.", {"PLACE:Berlin"}, {"Berlin Forum", "Berlin Summit"}},
      {"Envoys of Tarvo-Balkaria and the Velsko-Balkarian border came.", {NULL}, {"Balkaria", "Balkarian"}},
  };
  check_cases(classes, sizeof classes / sizeof *classes);
  /* the eighth development part's causes: one unknown word after a noun
   * of what a firm does is a firm's name, there and again later (not a
   * given name); a navy's units; a point of the compass alone standing
   * for a part of the world (not a country's halves, not a label);
   * intergovernmental groups the UN debates name */
  static const rule_case eighth[] = {
      {"She reported it to game developer Torvik; the retail giant Velsane sold it. Torvik has failed to act.",
       {"ORG:Torvik", "ORG:Velsane"}, {NULL}},
      {"Software developer Anna wrote it.", {NULL}, {"Anna"}},
      {"Ships of the Tarsk Flotilla joined the Velmar Fleet.", {"ORG:Tarsk Flotilla", "ORG:Velmar Fleet"}, {"Tarsk"}},
      {"Trade between East and West fell, the West agreed and the global South waited.",
       {"PLACE:East", "PLACE:West", "PLACE:South"}, {NULL}},
      {"Governments can emerge in South and North; North-South talks began in the North of Korvask.", {NULL},
       {"North", "South"}},
      {"The Group of 77 and the Common Market met ECOMOG and the Union State.",
       {"ORG:Group of 77", "ORG:Common Market", "ORG:ECOMOG", "ORG:Union State"}, {NULL}},
  };
  check_cases(eighth, sizeof eighth / sizeof *eighth);
  /* the ninth development part's causes (the first held-out part, opened
   * once retired): places named in a list after a preposition of place,
   * a preposition opening the sentence, after "visited", or two names
   * "and" joins before a plural place noun or head; a prophet's title; a
   * known name and a head after "a"; a firm's legal form; a country's long
   * name with ordinary words before "Republic"; a body's purpose after a
   * listed name */
  static const rule_case ninth[] = {
      /* "in Moscow, Varnek said" is no list of places: Varnek, who said
       * it, is a person (a surname before a verb of saying, since the
       * twelfth part) */
      {"Depots opened in Korvask, Tellin and Dravok; in Moscow, Varnek said so.",
       {"PLACE:Korvask", "PLACE:Tellin", "PLACE:Dravok", "PERSON:Varnek"}, {NULL}},
      {"At Bexlow airport the envoys landed. In Tarrow, talks began. He also visited Korbent.",
       {"PLACE:Bexlow", "PLACE:Tarrow", "PLACE:Korbent"}, {NULL}},
      {"The line follows the Tavro and Mensk rivers to the Varbo and Bolshoi Kessky Islands.",
       {"PLACE:Tavro", "PLACE:Mensk", "PLACE:Varbo"}, {NULL}},
      {"In the Dark Ages the Prophet Muhammad cried out in wrath.", {"PERSON:Muhammad"}, {NULL}},
      {"The Assembly set up a United Nations Council to run the Territory.", {"ORG:United Nations"},
       {"United Nations Council"}},
      {"He sold decks from his company, U.S. Games Systems, Inc. in Stamford; Tarvik Brands LLC lent him money.",
       {"ORG:U.S. Games Systems, Inc", "ORG:Tarvik Brands LLC"}, {"U.S", "Games Systems"}},
      {"They back the Democratic Republic of Viet-Nam and the People's Democratic Republic of Algeria.",
       {"PLACE:Democratic Republic of Viet-Nam", "PLACE:People's Democratic Republic of Algeria"}, {NULL}},
      {"They back the National Front for the Liberation of South Viet-Nam and thank the United Nations for the "
       "Palestinians.",
       {"ORG:National Front for the Liberation of South Viet-Nam", "ORG:United Nations", "PLACE:Palestinians"},
       {"National Front"}},
  };
  check_cases(ninth, sizeof ninth / sizeof *ninth);
  /* people missed on real text (development documents of the Kremlin
   * pages and UN speeches, 2026-12-06): an initial the stop list holds as
   * an article ("A."); a given name it holds as a month, after a title or
   * no word (not "In June"); a given name the dictionary writes in
   * lowercase ("maxim"), or before a surname that is an ordinary word too
   * ("Bill Gates"); forms of address ("His Excellency"); a listed leader's
   * surname alone; a given name before a listed person's surname naming
   * someone else */
  static const rule_case people[] = {
      {"The statement made by Mr. A. B. Torvenko, and later by Mr. A. Velkin, was clear.",
       {"PERSON:A. B. Torvenko", "PERSON:A. Velkin"}, {NULL}},
      {"We thank Mr. Jan Vorsek for his work; Ambassador Jan Tellavi agreed. In June Marvek said so.",
       {"PERSON:Jan Vorsek", "PERSON:Jan Tellavi"}, {"June Marvek"}},
      {"She met Minister of Economic Development Maxim Dorenko and the envoy Amir Tavrani.",
       {"PERSON:Maxim Dorenko", "PERSON:Amir Tavrani"}, {NULL}},
      {"They are not all like Bill Baker, who spends money.", {"PERSON:Bill Baker"}, {NULL}},
      {"We thank His Excellency Tomas Velberg and Her Excellency Anna Korvu for their work.",
       {"PERSON:Tomas Velberg", "PERSON:Anna Korvu"}, {"Excellency"}},
      {"The pact Stalin made with Hitler was quoted, as were Nkrumah and Lumumba.",
       {"PERSON:Stalin", "PERSON:Hitler", "PERSON:Nkrumah", "PERSON:Lumumba"}, {NULL}},
      {"Laura Bush and Charles Kennedy met.", {"PERSON:Laura Bush", "PERSON:Charles Kennedy"}, {NULL}},
  };
  check_cases(people, sizeof people / sizeof *people);
  /* a body's name with "and" inside: an ordinary word capitalised and
   * "and" before the rest are part of it (the third part's "Loss and
   * Damage Fund") */
  static const rule_case and_inside[] = {
      {"Delegates praised the Harm and Repair Fund, and the Grain and Transit Board met.",
       {"ORG:Harm and Repair Fund", "ORG:Grain and Transit Board"}, {"Repair Fund", "Transit Board"}},
  };
  check_cases(and_inside, sizeof and_inside / sizeof *and_inside);
  /* the second held-out part, retired (session 11): a firm's officer in
   * capitals before a name is a title ("CEO Rem Vyakhirev" was an
   * organisation); a series with commas inside a body's name, listed or
   * not; a point of the compass before a demonym or one unknown word */
  static const rule_case tenth[] = {
      {"Norvel CEO Dara Vintrop and Kestra CFO Ilan Moss took part in the talks.",
       {"PERSON:Dara Vintrop", "PERSON:Ilan Moss", "ORG:Norvel", "ORG:Kestra"},
       {"CEO Dara Vintrop", "CFO Ilan Moss", "Norvel CEO"}},
      {"The Tavish Academy of Botany, Geology and Astronomy wrote to the United Nations Educational, "
       "Scientific and Cultural Organization on Monday.",
       {"ORG:Tavish Academy of Botany, Geology and Astronomy",
        "ORG:United Nations Educational, Scientific and Cultural Organization"},
       {"Tavish Academy of Botany", "United Nations"}},
      {"Trade between Russia and West European countries grew, as did the South Viet-Namese exports "
       "and the autonomy of South Varuna.",
       {"PLACE:West European", "PLACE:South Viet-Namese", "PLACE:South Varuna"}, {"European", "Viet-Namese"}},
  };
  check_cases(tenth, sizeof tenth / sizeof *tenth);
  /* the third held-out part, retired (session 12): one unknown word in a
   * list beside a body is a body ("accuses Brightlane and Facebook"), not
   * after a mere comma ("Using the LGP-30, Lorenz"); ordinary words a
   * firm's officer follows ("Greenfield Farms co-founder"); "Media" ends a
   * firm's name; "Chief Executive Officer" is a title, not "Chief" before
   * a person "Executive Officer" */
  static const rule_case eleventh[] = {
      {"The suit from Kestrel Media accuses Brightlane and Facebook of theft; Facebook, Quorvex and Norbank "
       "deny it.",
       {"ORG:Kestrel Media", "ORG:Brightlane", "ORG:Facebook", "ORG:Quorvex"}, {"Kestrel"}},
      {"Using the IBM-704, Velmarsh made discoveries.", {NULL}, {"Velmarsh"}},
      {"Greenfield Farms co-founder and CEO Dara Vintrop said prices fell.",
       {"ORG:Greenfield Farms", "PERSON:Dara Vintrop"}, {NULL}},
      {"The crash killed Tomas Ferrer, Chief Executive Officer of the Alliance Group.",
       {"PERSON:Tomas Ferrer", "ORG:Alliance Group"}, {"Executive Officer"}},
      /* a number is no one's name ("the Twelve", the European Community's
       * twelve members in 1991, was a person in UN speeches) */
      {"The Twelve said that the talks must go on; Fifteen more agreed.", {NULL}, {"Twelve", "Fifteen"}},
      /* an unknown word's possessive ends a name ("Savimbi’s UNITA" was one
       * organisation), an ordinary word's does not */
      {"The rebels of Kavumbi’s TAVRO and Savimbi’s UNITA fought on; the People's Bank lent them nothing.",
       {"ORG:UNITA", "ORG:People's Bank"}, {"Kavumbi’s TAVRO", "Savimbi’s UNITA"}},
      /* ... but not when the first is the listed person's given name */
      {"The pact Joseph Vissarionovich Stalin made was quoted.", {"PERSON:Stalin"}, {"Joseph Vissarionovich Stalin"}},
      /* bodies now listed (data/organisations.txt) */
      {"It is the leading factor, the CDC says; the situation around YUKOS and the Conference on Security and "
       "Co-operation in Europe came up.",
       {"ORG:CDC", "ORG:YUKOS", "ORG:Conference on Security and Co-operation in Europe"}, {NULL}},
  };
  check_cases(eleventh, sizeof eleventh / sizeof *eleventh);
  /* the twelfth development part (the fourth held-out part) */
  static const rule_case twelfth[] = {
      /* a plural title is a stop word that ends a run: the name after it
       * begins one ("Nikolai Aksyonenko" was lost before "and") */
      {"He met First Deputy Prime Ministers Tarvo Melnikov and Ilya Brodsky and Finance Minister Oleg Varenko.",
       {"PERSON:Tarvo Melnikov", "PERSON:Ilya Brodsky", "PERSON:Oleg Varenko"}, {NULL}},
      /* a role noun opening the sentence is no part of the name, and the
       * name no longer opens it */
      {"Scientists Zorvan Alferin and Pavel Dremin were awarded medals. Singer Ilona Arkhimova was awarded "
       "the Order For Services to the Fatherland.",
       {"PERSON:Zorvan Alferin", "PERSON:Pavel Dremin", "PERSON:Ilona Arkhimova"}, {"Order For Services", "For Services"}},
      /* one unknown word after a quotation and before a verb of saying is
       * the speaker's surname */
      {"\u201cThe party is to blame,\u201d Azzarouk said. Then, Belvanne told reporters the same. \u201cIt is a "
       "big range.\u201d Bassolo said.",
       {"PERSON:Azzarouk", "PERSON:Belvanne", "PERSON:Bassolo"}, {NULL}},
      /* capitalised words after a noun of publication name it */
      {"The results were published in the journal Molecular Dynamics and in the newspaper Vestrovka.",
       {"ORG:Molecular Dynamics", "ORG:Vestrovka"}, {NULL}},
      /* bodies named alone, now listed (data/organisations.txt) */
      {"All stadiums meet FIFA rules. The Teamsters disagree, a transcript reviewed by Business Insider says, "
       "as CNET reported.",
       {"ORG:FIFA", "ORG:Teamsters", "ORG:Business Insider", "ORG:CNET"}, {NULL}},
      /* "Comrade" is a form of address, no part of the name (a UN
       * archive had "Comrade Kim Il Sung" apart from Kim Il Sung) */
      {"The great leader Comrade Tarvo Kimmel taught us, and Tarvo Kimmel lives.", {"PERSON:Tarvo Kimmel"},
       {"Comrade Tarvo Kimmel"}},
      /* a hyphen standing for a dash before a function word joins no
       * syllable to a name ("Common Good-and" was a person, and every
       * "Common Good" of the speech its mention) */
      {"The growth of mankind-the Universal Common Good-and not of a few. The Common Good is served.", {NULL},
       {"Common Good-and", "Common Good", "Universal Common Good-and"}},
      /* Ramzan Kadyrov's father is listed: "Akhmat Kadyrov" was the
       * Akhmat battalion and Ramzan */
      {"Putin met the family of Akhmat Kadyrov.", {"PERSON:Akhmat Kadyrov"}, {"Akhmat", "Kadyrov"}},
      /* after a person in a list, a word the dictionary writes in
       * lowercase may begin a name ("Saviour Kasukuwere", "Ion Iliescu") */
      {"The figures are ministers Jonathan Moyo and Saviour Tarkuwere; Presidents Vladimir Putin and Ion "
       "Varescu met.",
       {"PERSON:Saviour Tarkuwere", "PERSON:Ion Varescu"}, {"Tarkuwere", "Varescu"}},
      /* the UN's buildings are a named site (data/places.txt) */
      {"This place, the United Nations Headquarters, is a beacon.", {"PLACE:United Nations Headquarters"},
       {"United Nations"}},
      /* a name after a noun of place and "of" is the place, an ordinary
       * word too ("the city of Liège": "liege" is an English word) */
      {"The city of Gorvask and the town of Liege bid, as did the province of Tarvenna.",
       {"PLACE:Gorvask", "PLACE:Liege", "PLACE:Tarvenna"}, {NULL}},
  };
  check_cases(twelfth, sizeof twelfth / sizeof *twelfth);
  {
    /* a surface across a line break ("Abdullah II of\nJordan" in a hard-
     * wrapped UN speech) is an alias on one line, as the name is */
    vb_doc *d15 = parse("The World\nBank lent more. The International  Monetary\nFund did not.");
    const vb_doc_view *v15 = vb_doc_get(d15);
    assert_true(has_mention(v15, "ORG:World\nBank"));
    for (size_t k = 0; k < v15->nentities; k++) {
      const vb_entity *e = &v15->entities[k];
      assert_null(memchr(e->name.ptr, '\n', e->name.len));
      for (size_t j = 0; j < e->naliases; j++) {
        assert_null(memchr(e->aliases[j].ptr, '\n', e->aliases[j].len));
        for (size_t b = 0; b + 1 < e->aliases[j].len; b++)
          assert_false(e->aliases[j].ptr[b] == ' ' && e->aliases[j].ptr[b + 1] == ' ');
      }
    }
    vb_doc_free(d15);
  }
  /* Russia's large cities and regional centres are places wherever they
   * stand ("Nizhny Novgorod" was a person, "Novosibirsk" nothing) */
  static const rule_case cities[] = {
      {"He met Novosibirsk regional governor Ivar Tolmen, then flew to Nizhny Novgorod and Perm.",
       {"PLACE:Novosibirsk", "PLACE:Nizhny Novgorod", "PLACE:Perm", "PERSON:Ivar Tolmen"}, {NULL}},
  };
  check_cases(cities, sizeof cities / sizeof *cities);
  /* an honorific before a title; a title, a given name other than the
   * listed person's and the listed surname name someone else */
  static const rule_case titled[] = {
      {"We thank His Excellency Ngwazi Dr. H. Tamuzo Varda, President of Malawi.", {"PERSON:H. Tamuzo Varda"},
       {"Ngwazi"}},
  };
  check_cases(titled, sizeof titled / sizeof *titled);
  {
    vb_doc *d13 = parse("John F. Kennedy was killed in 1963. Years later Prime Minister Charles Kennedy spoke.");
    const vb_doc_view *v13 = vb_doc_get(d13);
    const vb_entity *jfk = find(v13, VB_ENT_PERSON, "John F. Kennedy");
    assert_non_null(jfk);
    for (size_t k = 0; k < v13->nmentions; k++)
      if (v13->mentions[k].end - v13->mentions[k].start == strlen("Charles Kennedy") &&
          memcmp(v13->body.ptr + v13->mentions[k].start, "Charles Kennedy", strlen("Charles Kennedy")) == 0)
        assert_ptr_not_equal(&v13->entities[v13->mentions[k].entity], jfk);
    assert_true(has_mention(v13, "PERSON:Charles Kennedy"));
    vb_doc_free(d13);
  }
  {
    /* two or three names before a listed person's surname with its
     * article, after a title or not, name someone else (the President of
     * the General Assembly of 2011 was Gamal Abdel Nasser in every UN
     * speech that congratulated him) */
    static const char *const whom[] = {"Nassim Badrani Al-Nasser", "Tarek Hallum Al-Nasser"};
    vb_doc *d14 = parse("Gamal Abdel Nasser died in 1970. We congratulate Mr. Nassim Badrani Al-Nasser on his "
                        "election, and thank Tarek Hallum Al-Nasser.");
    const vb_doc_view *v14 = vb_doc_get(d14);
    const vb_entity *gamal = find(v14, VB_ENT_PERSON, "Gamal Abdel Nasser");
    assert_non_null(gamal);
    for (size_t w = 0; w < 2; w++) {
      assert_true(has_mention(v14, w ? "PERSON:Tarek Hallum Al-Nasser" : "PERSON:Nassim Badrani Al-Nasser"));
      for (size_t k = 0; k < v14->nmentions; k++)
        if (v14->mentions[k].end - v14->mentions[k].start == strlen(whom[w]) &&
            memcmp(v14->body.ptr + v14->mentions[k].start, whom[w], strlen(whom[w])) == 0 &&
            &v14->entities[v14->mentions[k].entity] == gamal)
          fail_msg("%s taken for Gamal Abdel Nasser", whom[w]);
    }
    vb_doc_free(d14);
  }
  {
    /* "the People's Republic of Angola" whole, a mention of Angola; a
     * longer name across a line break that is another country's ("the
     * Democratic People's\nRepublic of Korea" was South Korea's "Republic
     * of Korea") is that country */
    vb_doc *d12 = parse("Delegates of the People's Republic of Angola met those of the Democratic "
                        "People\xe2\x80\x99s\nRepublic of Korea and of the People\xe2\x80\x99s\nRepublic of China.");
    const vb_doc_view *v12 = vb_doc_get(d12);
    assert_true(has_mention(v12, "PLACE:People's Republic of Angola"));
    const vb_entity *north = find(v12, VB_ENT_PLACE, "North Korea"), *china = find(v12, VB_ENT_PLACE, "China");
    assert_non_null(north);
    assert_non_null(china);
    assert_null(find(v12, VB_ENT_PLACE, "South Korea"));
    assert_null(find(v12, VB_ENT_PLACE, "Taiwan"));
    vb_doc_free(d12);
  }
  {
    /* a source named by a title alone ("the Secretary-General, with his
     * usual candour, calls …") is no person; the G8 is a body */
    vb_doc *d11 = parse("The year has been hard for our Secretary-General. This is what the Secretary-General, "
                        "with his usual candour and precision, calls \"a juxtaposition of promise and peril\". "
                        "The Fund was set up on the initiative of the G8 members.");
    const vb_doc_view *v11 = vb_doc_get(d11);
    assert_null(find(v11, VB_ENT_PERSON, "Secretary-General"));
    assert_true(has_mention(v11, "ORG:G8"));
    vb_doc_free(d11);
  }
  {
    /* a surname of two words said alone is the person named in full */
    vb_doc *d10 = parse("Tomas Arvelo Quintana led the party. Later, Arvelo Quintana was jailed.");
    const vb_doc_view *v10 = vb_doc_get(d10);
    const vb_entity *p10 = find(v10, VB_ENT_PERSON, "Tomas Arvelo Quintana");
    assert_non_null(p10);
    assert_int_equal(mentions_of(v10, p10), 2);
    vb_doc_free(d10);
  }
  {
    /* "West European" is a mention of Western Europe, not of Europe */
    vb_doc *d9 = parse("Trade between Russia and West European countries grew.");
    const vb_doc_view *v9 = vb_doc_get(d9);
    assert_non_null(find(v9, VB_ENT_PLACE, "Western Europe"));
    assert_null(find(v9, VB_ENT_PLACE, "Europe"));
    vb_doc_free(d9);
  }
  {
    /* the firm named again is the same entity */
    vb_doc *d8 = parse("She reported it to game developer Torvik. Torvik has failed to act.");
    const vb_doc_view *v8 = vb_doc_get(d8);
    const vb_entity *firm = find(v8, VB_ENT_ORG, "Torvik");
    assert_non_null(firm);
    assert_int_equal(mentions_of(v8, firm), 2);
    vb_doc_free(d8);
  }
  {
    vb_doc *d7 = parse("Tankers cross the Indian and Atlantic Oceans, and Indian crews sail them.");
    const vb_doc_view *v7 = vb_doc_get(d7);
    const vb_entity *ocean = find(v7, VB_ENT_PLACE, "Indian Ocean"), *india = find(v7, VB_ENT_PLACE, "India");
    assert_non_null(ocean);
    assert_non_null(india);
    size_t on_ocean = 0;
    for (size_t i = 0; i < v7->nmentions; i++)
      if (&v7->entities[v7->mentions[i].entity] == ocean) on_ocean++;
    assert_int_equal(on_ocean, 1);
    vb_doc_free(d7);
  }
  {
    vb_doc *d6 = parse("He met officials of Russia's Defence Ministry.");
    const vb_doc_view *v6 = vb_doc_get(d6);
    assert_non_null(find(v6, VB_ENT_ORG, "Russian Defence Ministry"));
    vb_doc_free(d6);
    /* the Kremlin's "Remark:" (someone in the hall) is no one's name: no
     * person, no node of the network */
    d6 = parse("Meeting with workers\n\nOskar Lindqvist: We will build the plant this year.\n\n"
               "Remark: And the road to it?\n\nOskar Lindqvist: The road as well.\n");
    v6 = vb_doc_get(d6);
    assert_null(find(v6, VB_ENT_PERSON, "Remark"));
    vb_doc_free(d6);
  }
  /* identity: a catalogue that calls Malaysia "Mexico", an Italian name of
   * the US Miscellaneous Pacific Islands that starts "USA", a skeleton
   * shared with another country (Molise, Colombo, Riga, Accra), or by two
   * countries (Ghana and Guinea) or cities (Quito and Quetta) of the lists,
   * never make one entity of two places */
  vb_doc *d = parse("America has Canada, the USA and Mexico; Asia has Malaysia. The quake was felt in "
                    "Molise. Delegates flew from Colombo to Colombia, from Riga to Raqqa, from Accra "
                    "to Acre, from Ghana to Guinea and from Quito to Quetta.");
  const vb_doc_view *v = vb_doc_get(d);
  static const char *const apart[][2] = {{"Mexico", "Malaysia"}, {"Molise", "Malaysia"},
                                         {"Colombo", "Colombia"}, {"Riga", "Raqqa"}, {"Accra", "Acre"},
                                         {"Ghana", "Guinea"}, {"Quito", "Quetta"}};
  for (size_t k = 0; k < sizeof apart / sizeof *apart; k++) {
    const vb_entity *a = find(v, VB_ENT_PLACE, apart[k][0]), *b = find(v, VB_ENT_PLACE, apart[k][1]);
    if (!a || !b) fail_msg("no entity named %s or %s", apart[k][0], apart[k][1]);
    if (a == b || (a->key.len == b->key.len && memcmp(a->key.ptr, b->key.ptr, a->key.len) == 0))
      fail_msg("%s and %s are one entity", apart[k][0], apart[k][1]);
  }
  assert_true(has_mention(v, "PLACE:USA"));
  assert_non_null(find(v, VB_ENT_PLACE, "United States"));
  vb_doc_free(d);
}

/* Organisations' names on real shapes (issue 17, session 14: the fifth
 * held-out part's misses and the development parts'), each with its cause
 * fixed. */
/* A country by its name or letters before a body the lists name by the
 * rest alone only says whose it is (the gold's convention: "US" +
 * "Congress"), whether the lists hold the whole ("US Congress") or not
 * ("U.S. Congress"): one body either way; a demonym that begins a listed
 * name stays in it, and the rest is no other country's body. */
static void country_before_listed_bodies(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"The US Congress passed it; the U.S. Congress and the United States Senate agreed.",
       {"PLACE:US", "ORG:Congress", "PLACE:U.S", "PLACE:United States", "ORG:Senate"},
       {"US Congress", "U.S. Congress", "United States Senate"}},
      {"The US Supreme Court ruled for the Palestinian Islamic Jihad.",
       {"PLACE:US", "ORG:Supreme Court", "ORG:Palestinian Islamic Jihad"}, {"US Supreme Court"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
  vb_doc *d = parse("The US Congress met. The U.S. Congress voted. The Indian Congress won.");
  const vb_doc_view *v = vb_doc_get(d);
  const vb_entity *cong = find(v, VB_ENT_ORG, "US Congress");
  assert_non_null(cong);
  assert_int_equal(mentions_of(v, cong), 2);
  vb_doc_free(d);
}

static vb_doc *parse_as(const char *text, const char *name) {
  vb_doc *d = NULL;
  vb_err err;
  int rc = vb_doc_parse(text, strlen(text), name, NULL, &d, &err);
  if (rc) fail_msg("parse: %s", err.msg);
  return d;
}

/* The entity the body named `name` in `text` (parsed as file `file`) is,
 * and that it has `n` mentions. */
static void body_is(const char *text, const char *file, const char *name, size_t n) {
  vb_doc *d = parse_as(text, file);
  const vb_doc_view *v = vb_doc_get(d);
  const vb_entity *e = find(v, VB_ENT_ORG, name);
  if (!e) fail_msg("no %s in \"%s\"", name, text);
  if (mentions_of(v, e) != n) fail_msg("%s: %zu mentions, not %zu", name, mentions_of(v, e), n);
  vb_doc_free(d);
}

/* A listed body named by its country ("US Army", "US Supreme Court"):
 * the country's letters with periods are the same body; its name without
 * the country is that country's body only when the text says so. */
static void country_bound_bodies(void **state) {
  (void)state;
  /* "U.S. Army" was an entity of its own beside the listed US Army */
  body_is("The U.S. Army sent troops. The US Army agreed. A United States Army officer spoke.", "t.txt",
          "US Army", 3);
  {
    vb_doc *d = parse("The U.S. Army sent troops.");
    assert_null(find(vb_doc_get(d), VB_ENT_ORG, "U.S. Army"));
    vb_doc_free(d);
  }
  /* another country's Supreme Court, said of it after or before, and then
   * alone: not the United States' */
  body_is("The Supreme Court of India ruled on Monday. Later the Supreme Court heard the case again.", "t.txt",
          "Supreme Court of India", 2);
  body_is("Pakistan's Supreme Court ruled on Monday.", "t.txt", "Supreme Court of Pakistan", 1);
  {
    vb_doc *d = parse("The Supreme Court of India ruled on Monday.");
    assert_null(find(vb_doc_get(d), VB_ENT_ORG, "US Supreme Court"));
    vb_doc_free(d);
  }
  /* alone in a UN delegation's speech: its country's */
  body_is("Congress approved the reform of the judiciary last year.", "PER_70_2015.txt", "Congress of Peru", 1);
  /* ... unless the speech names the lists' country: a Soviet speech's
   * Congress is the United States' */
  body_is("The United States sends arms abroad.\n\nWar talk is needed to get Congress stirred up.\n", "RUS_04_1949.txt",
          "US Congress", 1);
  /* alone where the document names another country most */
  body_is("Vladimir Putin met judges of the Supreme Court. Russia needs fair courts, and Russian judges must be "
          "independent.\n\nHe also spoke of the United States.\n",
          "t.txt", "Supreme Court of Russia", 1);
  /* the lists' body where the text gives no other country, says theirs, or
   * names theirs in the paragraph */
  body_is("The Supreme Court ruled on Monday. Justice Roberts wrote for the majority.", "t.txt", "US Supreme Court", 1);
  body_is("The US Congress met. Russia and Russia's allies watched Russia. Then the Congress voted.", "t.txt",
          "US Congress", 2);
  body_is("Putin discussed the United States and Russia. He said that Congress had passed sanctions; Russia "
          "will respond.",
          "t.txt", "US Congress", 1);
}

/* A firm by its dealings, on names no list knows: a verb of them after or
 * before one unknown word, an auxiliary between, a hyphen, "by"; a noun of
 * what a firm has after the word or its possessive; the firm again
 * wherever the document names it. A word the dictionary knows needs the
 * verb right after it or the possessive ("Dell's buyout"); people, and
 * ordinary words, are never taken. */
static void firms_by_dealings(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"Quorvex bought Whole Foods in August. Later Quorvex raised its prices.",
       {"ORG:Quorvex", "ORG:Whole Foods"}, {NULL}},
      {"Yahoo had bought Zintly instead. Zintly was worth more.", {"ORG:Zintly"}, {NULL}},
      {"Some of its staff moved to Trelloq headquarters in May.", {"ORG:Trelloq"}, {NULL}},
      {"That was how the Dell buyout went. In 2013 came Dell's buyout.", {"ORG:Dell"}, {NULL}},
      {"The shop was matched by Zintly-owned Brovo stores.", {"ORG:Zintly", "ORG:Brovo"}, {NULL}},
      {"The deal was later acquired by Quorvex at a loss.", {"ORG:Quorvex"}, {NULL}},
      /* no firms: ordinary words, a person the document names */
      {"By 1949 the Communist takeover had been completed, and various Powers have acquired areas.",
       {NULL}, {"Communist", "Powers"}},
      {"On Monday the fisherman Karim Haddad sold halibut. Haddad bought a second boat.", {"PERSON:Haddad"},
       {NULL}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* A handle ("@Uber_Sydney") names an account: no word of it is a name,
 * though the firm and the city are listed; the firm named outside it is
 * (fails on main 81fec9d). */
static void handles_no_names(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"\u201c@Uber_Sydney stop it,\u201d one reply began, and Uber soon gave free rides.", {"ORG:Uber"},
       {"Sydney"}},
      {"Write to @Kremlin or @Russia_UN today.", {NULL}, {"Kremlin", "Russia"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* Capitals that end a product's name ("IDE", "VR") make no body of it,
 * where other capitals do ("Zanu-PF", "CNN International"); fails on main
 * 81fec9d. */
static void products_in_capitals(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"The firm released version 2 of the Quillo IDE, and Quillo Labs sold it.", {"ORG:Quillo Labs"},
       {"Quillo IDE"}},
      {"The headset, Vestro VR, ships in May.", {NULL}, {"Vestro VR"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* A firm named once with its legal form is the same firm named without
 * it; not when two firms share the words (fails on main 81fec9d). */
static void firm_stems(void **state) {
  (void)state;
  vb_doc *d = parse("The boards were made by Velmo Brands SRL in Turin. Later Velmo Brands filed a petition.");
  const vb_doc_view *v = vb_doc_get(d);
  int whole = -1, bare = -1;
  for (size_t i = 0; i < v->nmentions; i++) {
    const vb_mention *m = &v->mentions[i];
    size_t n = m->end - m->start;
    if (n == strlen("Velmo Brands SRL") && memcmp(v->body.ptr + m->start, "Velmo Brands SRL", n) == 0)
      whole = (int)m->entity;
    if (n == strlen("Velmo Brands") && memcmp(v->body.ptr + m->start, "Velmo Brands", n) == 0) bare = (int)m->entity;
  }
  assert_true(whole >= 0);
  assert_int_equal(bare, whole);
  vb_doc_free(d);
  static const rule_case cases[] = {
      {"Tarno LLC sued Tarno SRL over the name. Both call themselves Tarno Boards now.",
       {"ORG:Tarno LLC", "ORG:Tarno SRL"}, {"Tarno"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* Publications by the words around them: a word of the press and "for",
 * "at" or "by" before capitalised words no list knows (not a place after
 * "at", not a person the document names), a publication's noun after one
 * capitalised word, ordinary or not (fails on main 81fec9d). */
static void publications_by_context(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"Dana Kell is a reporter for Quillo Tech covering courts.", {"ORG:Quillo Tech", "PERSON:Dana Kell"}, {NULL}},
      {"The founder spoke in a story published at MAKEzine last week.", {"ORG:MAKEzine"}, {NULL}},
      {"The post was retweeted by Vulture magazine on Sunday.", {"ORG:Vulture"}, {NULL}},
      /* a person the document names stays a person */
      {"Dana Kell wrote it. The book was published by Kell in May.", {"PERSON:Kell"}, {NULL}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* A role noun before a given name and another capitalised word makes
 * them a person's name, ordinary words or not, opening a sentence or not
 * (fails on main 058d7c4). */
static void role_before_given_name(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"Officer Tom Brisket arrested him.", {"PERSON:Tom Brisket"}, {"Officer Tom Brisket"}},
      {"The police said Officer Tom Brisket arrested him.", {"PERSON:Tom Brisket"}, {"Officer Tom Brisket"}},
      {"Attorney Sarah Kimbrough filed the motion.", {"PERSON:Sarah Kimbrough"}, {NULL}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* People by what the sentence says of them: capitalised words no
 * dictionary knows opening a sentence that a person's pronoun later refers
 * to; not a thing's "it" (fails on main 058d7c4). */
static void people_by_who_and_pronoun(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"Drello Quellbury made a discovery when he was helping the staff.", {"PERSON:Drello Quellbury"}, {NULL}},
      {"Zarvo Quellbury is a firm, and it sells tea.", {NULL}, {"Zarvo Quellbury"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* The given names of data/first-names.txt name a person where the shorter
 * list of given-names.txt knew none: two capitalised words opening a
 * sentence, no verb of saying after them, the first such a name; not a
 * firm's name whose first word is none (fails on main a35b8e2). */
static void more_given_names(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"Kendra Vossberg arrived in Lisbon on Monday.", {"PERSON:Kendra Vossberg", "PLACE:Lisbon"}, {NULL}},
      {"Latoya Quarrington spent the year in Madrid.", {"PERSON:Latoya Quarrington", "PLACE:Madrid"}, {NULL}},
      {"Vossberg Quarrington spent the year in Madrid.", {"PLACE:Madrid"}, {"Vossberg Quarrington"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* Organisations named the way news names them, and a misspelt paper that
 * is no one (session 22, each failing on main c022a08):
 * - a paper's name goes on past "Daily", a head: "the Brooklyn Daily
 *   Eagle" (a development news page's), not "Brooklyn Daily";
 * - a firm by its founder's name, a possessive with no noun after it:
 *   "at Christie's in 2006", "such as Brentano's, and"; never a person
 *   the document names, nor a possessive before a noun;
 * - two words or more English writes only in lowercase after a given name
 *   make no one's name ("Cristian Science Monitor", misspelt on a UN
 *   page). */
static void papers_firms_and_misspelt_names(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"His obituary, published in the Vardentown Daily Heron, was short.", {"ORG:Vardentown Daily Heron"},
       {"Vardentown Daily"}},
      {"She sold the drawings at Quillaby\xe2\x80\x99s in 2006 for a good price.", {"ORG:Quillaby\xe2\x80\x99s"}, {NULL}},
      {"He sold decks to large shops such as Marrowgate's, and did well.", {"ORG:Marrowgate's"}, {NULL}},
      {"Tomas Vellinger wrote a book. The idea was Vellinger's, and it sold.", {"PERSON:Tomas Vellinger"},
       {"Vellinger's"}},
      {"We drove to Quillaby's farm in the spring.", {NULL}, {"Quillaby's"}},
      {"He read the Cristian Science Monitor every day.", {NULL}, {"Cristian Science Monitor"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* Firms' names closed by "Co." or "Cie", or by a legal form after " & "
 * ("Remain Co." four times and "AG Müller & Cie" in two development
 * news pages were missed or cut; "Nord Stream AG" was the pipeline): a
 * demonym before capitals says where the firm is; a form that is the
 * first part of a hyphenated word ("Co-operation") closes nothing (fails
 * on main 03c2df6). */
static void firms_closed_by_co(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"My favorite is simply Quendle Co., the name executives use. Quendle Co. will hold the stock.",
       {"ORG:Quendle Co"}, {"Quendle"}},
      {"At the booth of the Swiss AG Vassler & Cie he found an odd deck, and Tarrow & Co. bought it.",
       {"ORG:AG Vassler & Cie", "ORG:Tarrow & Co", "PLACE:Swiss"}, {"AG Vassler", "Swiss AG Vassler & Cie"}},
      {"Shares of the Vellmark Express Co. rose, and Korvask Pipeline AG built the line.",
       {"ORG:Vellmark Express Co", "ORG:Korvask Pipeline AG"}, {NULL}},
      {"They wrote A New Structure for Global Economic Co-operation last year.", {NULL}, {"Global Economic Co"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* A given name alone is a person when spoken to ("Thank you, Chris.")
 * or before a verb of saying ("…, Rob said"): the one person the document
 * names in full with that given name, else a person of the name alone;
 * never a reference's "Tallow, Abel." (surname first). Fails on main
 * 03c2df6. */
static void given_names_alone(void **state) {
  (void)state;
  vb_doc *d = parse("The debate was led by moderator Chris Dallanger of the Kestrel Forum.\n\n"
                    "I would say to you, thank you very much, Chris. We won the vote.\n\n"
                    "In the October discussion, Rob said that the plan was sound.\n\n"
                    "Well, you are months behind me, Susan.\n");
  const vb_doc_view *v = vb_doc_get(d);
  const vb_entity *cd = find(v, VB_ENT_PERSON, "Chris Dallanger");
  assert_non_null(cd);
  if (!has_surface(v, cd, "Chris")) fail_msg("\"Chris\" alone is not Chris Dallanger");
  const vb_entity *rob = find(v, VB_ENT_PERSON, "Rob");
  if (!rob || !has_surface(v, rob, "Rob")) fail_msg("\"Rob said\" is no person");
  const vb_entity *susan = find(v, VB_ENT_PERSON, "Susan");
  if (!susan || !has_surface(v, susan, "Susan")) fail_msg("\"…, Susan.\" is no person");
  vb_doc_free(d);
  /* two people of one given name: the name alone is neither */
  d = parse("The debate was led by moderator Chris Dallanger and analyst Chris Morrowby.\n\nThank you, Chris. We begin.\n");
  v = vb_doc_get(d);
  const vb_entity *alone = find(v, VB_ENT_PERSON, "Chris");
  if (!alone || !has_surface(v, alone, "Chris")) fail_msg("\"Chris\" of two Chrises is not a person of its own");
  vb_doc_free(d);
  static const rule_case cases[] = {
      {"See Tallow, Abel. Journal of a Voyage. London, 1898.", {NULL}, {"Abel"}},
      {"It was good, Mister. We left.", {NULL}, {"Mister"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* Bodies news pages name alone (development news pages, issue 17,
 * session 23): a listed name written with a capital inside a word that
 * starts in lowercase ("on eBay" was missed, as the first letter was
 * asked to be a capital), technology firms and media named alone; a
 * given name before a listed body of one word is a person ("Michael
 * Bloomberg" was the agency) unless it is an ordinary word opening the
 * sentence (fails on main 03c2df6). */
static void bodies_news_name_alone(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"If I see a deck on sale on eBay, that upsets me.", {"ORG:eBay"}, {NULL}},
      {"Hackaday ran a series; a fork of the tool is on GitHub, and Heise Online adds that Tumblr and AOL agreed.",
       {"ORG:Hackaday", "ORG:GitHub", "ORG:Heise Online", "ORG:Tumblr", "ORG:AOL"}, {NULL}},
      {"Kendra Bloomberg wrote it, and Tomas Reuters agreed.", {"PERSON:Kendra Bloomberg", "PERSON:Tomas Reuters"},
       {"Bloomberg", "Reuters"}},
      {"Will Google buy it? Reuters asked.", {"ORG:Google", "ORG:Reuters"}, {"Will Google"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* A given name alone anywhere, not only spoken to or before a verb of
 * saying, is the one person the document names in full with it ("I think
 * Joe has asked me" of a debate naming Joe Biden); not when a determiner
 * or a capitalised word goes before it ("this Bill", "the British Bill")
 * and not when the document names a place by it ("the trip to Vladimir"
 * of a page naming the Vladimir Region). Fails on main 61171f5. */
static void given_name_of_one_named_in_full(void **state) {
  (void)state;
  vb_doc *d = parse("The senator Joe Dallanger spoke at the Kestrel Forum on Monday.\n\n"
                    "I think Joe has asked me to serve because we share a purpose.\n");
  const vb_doc_view *v = vb_doc_get(d);
  const vb_entity *jd = find(v, VB_ENT_PERSON, "Joe Dallanger");
  assert_non_null(jd);
  if (!has_surface(v, jd, "Joe")) fail_msg("\"Joe has asked\" is not Joe Dallanger");
  vb_doc_free(d);
  d = parse("The opposition leader Bill Morrowby wrote to the minister.\n\n"
            "The concerns would be addressed in this Bill, he said, as in the British Bill.\n");
  v = vb_doc_get(d);
  const vb_entity *bm = find(v, VB_ENT_PERSON, "Bill Morrowby");
  assert_non_null(bm);
  if (has_surface(v, bm, "Bill")) fail_msg("\"this Bill\" is taken for Bill Morrowby");
  vb_doc_free(d);
  d = parse("Vladimir Tallowin met teachers in the Vladimir Region.\n\n"
            "During the trip to Vladimir, he met children from the schools.\n");
  v = vb_doc_get(d);
  const vb_entity *vt = find(v, VB_ENT_PERSON, "Vladimir Tallowin");
  assert_non_null(vt);
  if (has_surface(v, vt, "Vladimir")) fail_msg("the city of the Vladimir Region is taken for Vladimir Tallowin");
  vb_doc_free(d);
}

/* Whether the document has the person `name`, mentioned as `surface`
 * (the person must be there). */
static int person_said(const vb_doc_view *v, const char *name, const char *surface) {
  const vb_entity *e = find(v, VB_ENT_PERSON, name);
  if (!e) fail_msg("no person %s", name);
  return has_surface(v, e, surface);
}

/* People in spoken text (issue 17's eighteenth development part: SRT and
 * VTT podcasts, debates): a middle initial without its period ("John L
 * Sullivan" was "L Sullivan": "John" was dropped as an ordinary word); a
 * list of given names alone ("a guest, Mike, Michael and Sam from …"),
 * each a person, not a list of places ("Jordan, Chad and Niger", where
 * "Mike" must not be taken for Mecca by sound); a given name after
 * "that" opening a clause ("know that Joe has known pain"), while "that
 * Bill," stays a bill; a speaker's name the captions write in lowercase
 * ("I'm Adam curry" of a file whose turns are labelled "Adam Curry:"); a
 * person named in full inside a show's name, a name of no entity ("Tom
 * Dean Medal Machine"); regnal numbers ("Louis XIV" was a body: a word in
 * capitals); a relative's name after a noun of kinship that is no listed
 * given name ("his son Hunter"). Fails on main 955d43b. */
static void people_in_spoken_text(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"There is a new book out, written by Frank K Varrenti, published today.", {"PERSON:Frank K Varrenti"},
       {"K Varrenti"}},
      {"It says, you have got a guest, Mike, Michael and Sam from the studio at nine.",
       {"PERSON:Mike", "PERSON:Michael", "PERSON:Sam"}, {NULL}},
      {"We flew to Jordan, Chad and Niger in May.", {"PLACE:Jordan", "PLACE:Chad", "PLACE:Niger"}, {"Mecca"}},
      /* a regnal number is part of the name, not capitals making a body */
      {"The visit of Louis XIV was recorded. Elizabeth II wrote later, as John Paul II did.",
       {"PERSON:Louis XIV", "PERSON:Elizabeth II", "PERSON:John Paul II"}, {NULL}},
      /* a relative's name after a noun of kinship, a given name the lists
       * leave out as an English word or not; not a place so named */
      {"At the funeral his son Hunter spoke, and Varrow's son Beau sang of mother Russia.",
       {"PERSON:Hunter", "PERSON:Beau", "PLACE:Russia"}, {NULL}},
      {"Life in the sister Republics of Tanzania and Zambia, two brother Moslem countries, went on.",
       {"PLACE:Tanzania"}, {"Republics", "Moslem"}},
      /* a reference list's surname first is no list of given names */
      {"Sources: Easton, Brian (2009). Economic history.", {NULL}, {"Brian"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
  /* a person named in full inside a show's name (no entity) is named */
  vb_doc *d = parse("New shows like Lena Varrow Medal Machine start today, following the swimmer Lena Varrow.\n");
  const vb_doc_view *v = vb_doc_get(d);
  const vb_entity *lv = find(v, VB_ENT_PERSON, "Lena Varrow");
  if (!lv || mentions_of(v, lv) != 2) fail_msg("\"Lena Varrow Medal Machine\" does not name Lena Varrow");
  vb_doc_free(d);
  d = parse("The senator Joe Dallanger spoke at the Kestrel Forum.\n\n"
            "You have to know his story to know that Joe has known pain.\n\n"
            "The opposition leader Bill Morrowby wrote that Bill, as amended, would pass.\n");
  v = vb_doc_get(d);
  if (!person_said(v, "Joe Dallanger", "Joe")) fail_msg("\"that Joe has known\" is not Joe Dallanger");
  if (person_said(v, "Bill Morrowby", "Bill")) fail_msg("\"that Bill,\" is taken for Bill Morrowby");
  vb_doc_free(d);
  d = parse_as("1\n00:00:01,000 --> 00:00:04,000\nAdam Quarrel: Hello everybody, this is the show.\n\n"
               "2\n00:00:05,000 --> 00:00:08,000\nDave Tolliver: Yes it is. And I'm Adam quarrel here in the\n\n"
               "3\n00:00:09,000 --> 00:00:12,000\nheart of the hill country. Dave tolliver is with me.\n",
               "show.srt");
  v = vb_doc_get(d);
  if (!person_said(v, "Adam Quarrel", "Adam quarrel")) fail_msg("\"Adam quarrel\" is not the speaker Adam Quarrel");
  if (!person_said(v, "Dave Tolliver", "Dave tolliver")) fail_msg("\"Dave tolliver\" is not the speaker Dave Tolliver");
  vb_doc_free(d);
}

/* A court case names its parties: one capitalised word each side of
 * "v." (v, V, vs; the debates' "the landmark Roe V Wade ruling") is a
 * person; not a middle initial after a given name ("Fidel V. Ramos"),
 * not a body's name going on ("Brown v. Board of Education"). Fails on
 * main 61171f5. */
static void court_case_parties(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"She is opposed to Tallow V. Morrowby. That is on the ballot.", {"PERSON:Tallow", "PERSON:Morrowby"}, {NULL}},
      {"It would mean overturning the landmark Tallow V Morrowby ruling.", {"PERSON:Tallow", "PERSON:Morrowby"}, {NULL}},
      {"The court heard Dallanger v. Kestrel last year.", {"PERSON:Dallanger", "PERSON:Kestrel"}, {NULL}},
      {"We met Fidel V. Morrowby at the talks.", {"PERSON:Fidel V. Morrowby"}, {"Fidel", "Morrowby"}},
      {"It recalled Tallow v. Board of Education then.", {NULL}, {"Board"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* A speaker the lists know as a place or a body is that place or body,
 * not a person of its name: a UN speech whose country the quote stage also
 * took for a source (Tuvalu, 2018) or "the United Nations" for one (2012).
 * The speaker keeps its entity; no person bears its name (fails on main
 * a35b8e2). */
#define UN_DATA "build/entities-data"
static void speakers_that_are_places(void **state) {
  (void)state;
  TEST_NEED_SHARED("corpus/ungdc.tar.gz");
  static const char *const members[] = {"ungdc/TXT/Session 73 - 2018/TUV_73_2018.txt",
                                        "ungdc/TXT/Session 67 - 2012/TUV_67_2012.txt"};
  if (system("rm -rf " UN_DATA " && mkdir -p " UN_DATA " && tar -xzf " SHARED_DIR "/corpus/ungdc.tar.gz -C " UN_DATA
             " 'ungdc/TXT/Session 73 - 2018/TUV_73_2018.txt' 'ungdc/TXT/Session 67 - 2012/TUV_67_2012.txt'"))
    fail_msg("cannot unpack the speeches");
  for (size_t k = 0; k < 2; k++) {
    char path[256];
    snprintf(path, sizeof path, UN_DATA "/%s", members[k]);
    char *bytes;
    size_t len;
    vb_err err;
    if (vb_file_read(path, &bytes, &len, &err)) fail_msg("%s: %s", path, err.msg);
    vb_doc *d = NULL;
    if (vb_doc_parse(bytes, len, path, NULL, &d, &err)) fail_msg("%s: %s", path, err.msg);
    free(bytes);
    const vb_doc_view *v = vb_doc_get(d);
    size_t checked = 0;
    for (size_t i = 0; i < v->nspeakers; i++) {
      const vb_str *name = &v->speakers[i].name;
      char nm[128];
      if (name->len >= sizeof nm) continue;
      memcpy(nm, name->ptr, name->len);
      nm[name->len] = '\0';
      if (strcmp(nm, "Tuvalu") && strcmp(nm, "United Nations")) continue;
      checked++;
      if (find(v, VB_ENT_PERSON, nm)) fail_msg("%s: the speaker %s is a person", path, nm);
      /* its entity is the place's or the body's, linked to the speaker */
      const vb_entity *e = find(v, strcmp(nm, "Tuvalu") ? VB_ENT_ORG : VB_ENT_PLACE, nm);
      if (!e || e->speaker != (int32_t)i) fail_msg("%s: the speaker %s has no entity of its own", path, nm);
    }
    if (checked != k + 1) fail_msg("%s: %zu of the speakers asked for", path, checked);
    vb_doc_free(d);
  }
}

/* Media, missions and movements named alone, with no word around them
 * to say what they are (issue 17: the twelfth held-out part's podcast
 * captions, MINUSCA and SWAPO of the development parts); a lowercase
 * article of another language before an acronym is no part of it ("el
 * KDE" of a Spanish caption). Fails on main 61171f5. */
static void media_and_missions_alone(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"The line-up has producers from MediaWorks, NZME and RNZ. PRX says the tour starts soon.",
       {"ORG:MediaWorks", "ORG:NZME", "ORG:RNZ", "ORG:PRX"}, {NULL}},
      {"We linked to a story from Expressen, and Goodpods ranks the show first.", {"ORG:Expressen", "ORG:Goodpods"},
       {NULL}},
      {"Our troops serve in MINUSCA, and we stand with SWAPO and the people of Namibia.",
       {"ORG:MINUSCA", "ORG:SWAPO", "PLACE:Namibia"}, {NULL}},
      {"Os dejo el enlace, y el KDE Planet tiene todo.", {"ORG:KDE"}, {"el KDE"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* A firm's or a club's first word, its own, names it alone elsewhere in
 * the document (data/short-form-heads.txt: "the Packard Motor Car
 * Company" ... "two large Packard signs", "Rider Company" ... "a guide for
 * Rider" of development news pages), not where a sentence opens with it
 * as an ordinary word, nor joined by a hyphen or after a determiner (a
 * thing named after the firm: "the Rider-Waite deck"). Fails on main
 * 955d43b. */
static void firms_by_their_first_word(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"Los Angeles, where the Velmont Motor Car Company commissioned two large Velmont signs.",
       {"ORG:Velmont Motor Car Company", "ORG:Velmont"}, {NULL}},
      {"It was published in 1909 by Tarrow Company in England. A year later Waite wrote a guide for Tarrow.",
       {"ORG:Tarrow Company", "ORG:Tarrow"}, {NULL}},
      {"The Standard Oil Company grew. Standard procedures apply. The Tarrow Company sold the Tarrow-Waite deck.",
       {"ORG:Standard Oil Company", "ORG:Tarrow Company"}, {"Standard", "Tarrow"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* A body named by an ordinary noun (data/word-bodies.txt: Telegram) is
 * the body wherever the text names it with a capital, as a firm or as the
 * medium (the opened twelfth part's podcast: "Si usáis mucho Telegram";
 * a Kremlin page: "the Telegram messenger"), not the message at a
 * sentence's start before "of" or a month, nor the last word of another
 * name ("World-Telegram", "Evening Telegram"). Fails on main 955d43b. */
static void bodies_named_by_a_word(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"I am well aware of the situation with Telegram. They plan attacks via the Telegram messenger.",
       {"ORG:Telegram"}, {NULL}},
      {"Telegram has blocked the channels. Follow us on Telegram.", {"ORG:Telegram"}, {NULL}},
      {"Telegram of condolences to the President of Finland.", {"PLACE:Finland"}, {"Telegram"}},
      {"Telegram January 18, 2005", {NULL}, {"Telegram"}},
      {"The New York World-Telegram said so, and the Evening Telegram agreed.", {"PLACE:New York"}, {"Telegram"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* After a body that is no state's organ (data/civil-heads.txt), "of" and
 * a place are part of its name ("the Rosicrucian Society of England" of a
 * development news page), where after a state's organ the place only
 * says whose ("the State Council of Russia"). An ordinal in figures
 * before a military unit's name is part of it (data/unit-heads.txt: "the
 * 4th Air Force and Air Defence Army" of a Kremlin page), and makes a name
 * of a head alone ("the 58th Army"). Fail on main 955d43b. */
static void civil_bodies_and_units(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"The Velmoran Society of England met. The State Council of Russia met too.",
       {"ORG:Velmoran Society of England", "ORG:State Council", "PLACE:Russia"}, {"Velmoran Society"}},
      {"The Tarsk Recording Association of New Zealand and the Orvel University of Wellington agreed.",
       {"ORG:Tarsk Recording Association of New Zealand", "ORG:Orvel University of Wellington"},
       {"New Zealand", "Wellington"}},
      {"The exercise involved the 4th Air Force and Air Defence Army. The 58th Army moved south.",
       {"ORG:4th Air Force and Air Defence Army", "ORG:58th Army"}, {"Air Force and Air Defence Army"}},
      {"The 20th Congress met in 1956, and the 75th Assembly opened.", {NULL}, {"20th Congress", "75th Assembly"}},
      /* the ordinal before words a possessive place cuts off is no part
       * of the name (the rule's first version began its span inside
       * "’s", and the document had no JSON) */
      {"He served in the 5th Moscow’s Guards Army for years.", {"PLACE:Moscow", "ORG:Guards Army"}, {NULL}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* Capitals in parentheses after a run of capitalised words no one known
 * name spans define that run as a body's name, the shortest run ending
 * there whose words they abbreviate ("the Interaction Design Institute
 * Ivrea (IDII)" of a development news page), when a body's head or a body
 * is in it; a place after "of" that no letter stands for only says whose;
 * a listed body ending the run keeps its name ("GAU", an OCR's OAU). After
 * a listed acronym, a head naming the body or an organ of it adds nothing
 * ("the NATO Alliance", "the OAU Assembly" of UN speeches). Fails on main
 * 61171f5. */
static void acronyms_defined_and_heads(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"The course was taught at the Velmora Design Institute Tarsk (VDIT) in 2005. After the VDIT program "
       "ended, it moved.",
       {"ORG:Velmora Design Institute Tarsk", "ORG:VDIT"}, {"Velmora Design Institute"}},
      {"The Ministry of Water Affairs of Kenya (MWA) agreed, though growth of the Gross Domestic Product (GDP) "
       "was slow.",
       {"ORG:Ministry of Water Affairs", "ORG:MWA", "PLACE:Kenya"}, {"GDP", "Gross Domestic Product"}},
      {"The Conference of Heads of State and Government of the Organization of African Unity (GAU) met.",
       {"ORG:Organization of African Unity"}, {"GAU"}},
      {"We reaffirmed our NATO Alliance, and the OAU Assembly met in Khartoum.",
       {"ORG:NATO", "ORG:OAU", "PLACE:Khartoum"}, {"NATO Alliance", "OAU Assembly"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* Large cities that are no capital are known places (data/places.txt),
 * with no word around them to say so; a given name among them is left
 * out (fails on main 2188161). */
static void large_cities(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"Prices rose during the Sydney crisis, and a Seattle firm raised its fares.",
       {"PLACE:Sydney", "PLACE:Seattle"}, {NULL}},
      {"Milan Rastislav Stefanik is remembered here.", {NULL}, {"Milan"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* A place's demonym before the plural of a state is the place, the plural
 * no name; not before "of", not "American" (fails on main 2188161). */
static void demonyms_before_states(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"The African States met, and the Balkan States agreed.", {"PLACE:African", "PLACE:Balkan"},
       {"African States", "Balkan States"}},
      {"We welcome the new African States of Malawi and Zambia.", {"PLACE:Malawi", "PLACE:Zambia"},
       {"States of Malawi and Zambia"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* A site's name without its domain is the site elsewhere in the document,
 * unless it begins another organisation's name the document gives: then
 * it may be any of them, or the project (fails on main 2188161). */
static void sites_apart(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"Fans of Tarvolink.net wrote in. Tarvolink said so.", {"ORG:Tarvolink.net", "ORG:Tarvolink"}, {NULL}},
      {"The Quillo project grew fast. Quillo LLC owns the trademark, and the Quillo.org site sells Quillo "
       "boards.",
       {"ORG:Quillo LLC", "ORG:Quillo.org"}, {"Quillo"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* Bodies by the shape of their names, on text no list knows: a plural
 * office after a head's "of", a second "of" and a place that only says
 * whose, ordinary words and "and" before a head, a second body after
 * "and the", a short form in mixed case defined in parentheses. */
static void bodies_by_shape(void **state) {
  (void)state;
  static const rule_case cases[] = {
      {"Yesterday the Council of Ministers of the Soviet Union met.",
       {"ORG:Council of Ministers", "PLACE:Soviet Union"}, {"Council of Ministers of the Soviet Union"}},
      {"A delegation of the Global Freight and Transit Council came.",
       {"ORG:Global Freight and Transit Council"}, {"Transit Council"}},
      {"The Supreme Council of the Tarnian Guard and the National Council for Culture met.",
       {"ORG:Supreme Council of the Tarnian Guard", "ORG:National Council for Culture"},
       {"Supreme Council of the Tarnian Guard and the National Council for Culture"}},
      {"The Marrow Development Bank (MaDB) lent more. Later the MaDB said so.",
       {"ORG:Marrow Development Bank", "ORG:MaDB"}, {NULL}},
      /* a listed body after "and" ends an "of" phrase */
      {"The Ministry of Fisheries and Forestry and Gazprom signed a deal.",
       {"ORG:Ministry of Fisheries and Forestry", "ORG:Gazprom"}, {"Ministry of Fisheries and Forestry and Gazprom"}},
      /* a regional body by its former name, though Forum heads events */
      {"The South Pacific Forum met in Apia, and the Pacific Forum agreed.",
       {"ORG:South Pacific Forum", "ORG:Pacific Forum", "PLACE:Apia"}, {"South Pacific"}},
      /* a body's head and a possessive end a name of its own; "on" after
       * an institution, before no place, goes on in its name */
      {"A study by Tarsk University's Center on Rural Poverty and Inequality found more.",
       {"ORG:Tarsk University", "ORG:Center on Rural Poverty and Inequality"},
       {"Tarsk University's Center", "Center"}},
      /* the plural office ends the phrase; a stop word is no ordinary
       * word before "and"; a body not a state's keeps its place */
      {"Yesterday the Council of Foreign Ministers in Tarsk heard the Finance Ministers and Central Bank "
       "Governors of the Group, and the Association of Innovative Regions of Russia.",
       {"ORG:Council of Foreign Ministers", "PLACE:Tarsk", "ORG:Association of Innovative Regions of Russia"},
       {"Council of Foreign Ministers in Tarsk", "Finance Ministers and Central Bank"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
  vb_doc *d = parse("The Marrow Development Bank (MaDB) lent more. Later the MaDB said so.");
  const vb_doc_view *v = vb_doc_get(d);
  const vb_entity *bank = find(v, VB_ENT_ORG, "Marrow Development Bank");
  assert_non_null(bank);
  assert_int_equal(mentions_of(v, bank), 3);
  vb_doc_free(d);
}

static void organisations_whole_and_apart(void **state) {
  (void)state;
  /* one entry a body: the Organisation of Islamic Cooperation's Arabic
   * name is the entity its English names are (the list had it twice) */
  {
    vb_doc *d = parse("\xd9\x82\xd8\xa7\xd9\x84\xd8\xaa \xd9\x85\xd9\x86\xd8\xb8\xd9\x85\xd8\xa9 "
                      "\xd8\xa7\xd9\x84\xd8\xaa\xd8\xb9\xd8\xa7\xd9\x88\xd9\x86 "
                      "\xd8\xa7\xd9\x84\xd8\xa5\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85\xd9\x8a.\n");
    assert_non_null(find(vb_doc_get(d), VB_ENT_ORG, "Organisation of Islamic Cooperation"));
    vb_doc_free(d);
  }
  static const rule_case cases[] = {
      /* a body's head inside an "of" phrase goes on the name */
      {"Officials of the Federal Service of Court Bailiffs met at dawn.",
       {"ORG:Federal Service of Court Bailiffs"}, {"Federal Service"}},
      /* "and the" before another body's head begins a name of its own */
      {"Officials of the Ministry of the Interior and the Ministry of Justice met.",
       {"ORG:Ministry of the Interior", "ORG:Ministry of Justice"},
       {"Ministry of the Interior and the Ministry of Justice"}},
      /* a committee named at length is one name, a known name inside it too */
      {"The Ad Hoc Committee on the Restructuring of the Economic and Social Sectors of the United "
       "Nations System reported.",
       {"ORG:Ad Hoc Committee on the Restructuring of the Economic and Social Sectors of the United "
        "Nations System"},
       {"United Nations"}},
      /* ... but an agreement's name does not run on into the body that
       * ratifies it */
      {"He spoke on the ratification of the Agreement on Cooperation in Protecting the External "
       "Borders of the Velmar Economic Community Member States in the Federal Assembly of the "
       "Russian Federation.",
       {"ORG:Federal Assembly", "PLACE:Russian Federation"}, {NULL}},
      /* a listed name with an acronym among its words is matched whole,
       * its other words as they are cased (AIDS in capitals, the rest not) */
      {"The Global Fund to Fight AIDS, Tuberculosis and Malaria was set up then. Oculus VR said so.",
       {"ORG:Global Fund to Fight AIDS, Tuberculosis and Malaria", "ORG:Oculus VR"}, {NULL}},
      {"He said the global fund to fight AIDS, tuberculosis and malaria was short.",
       {NULL}, {"global fund to fight AIDS, tuberculosis and malaria"}},
      /* a listed name whose first word was read as an article ("UN" of
       * "UN-Women") is no licence for its last word alone */
      {"Delegates spoke of Rural Women and their work.", {NULL}, {"Women"}},
      /* a theatre or an orchestra is a body, as a museum is */
      {"Speaking at the ceremony in the Velmar Theatre, he thanked the Darrow Orchestra.",
       {"ORG:Velmar Theatre", "ORG:Darrow Orchestra"}, {NULL}},
      /* bodies no rule can tell from their words, listed */
      {"Con Edison and the USPTO replied, as did Yahoo Japan and the Infectious Diseases Society of America.",
       {"ORG:Con Edison", "ORG:USPTO", "ORG:Yahoo Japan", "ORG:Infectious Diseases Society of America"},
       {"Yahoo", "Infectious Diseases Society"}},
      /* a generic body, named by its generic name alone, is no name */
      {"What lessons would you call the most important for our Armed Forces? The Academic Council "
       "of the university decided, and the Board of Directors agreed.",
       {NULL}, {"Armed Forces", "Academic Council", "Board of Directors"}},
      /* a body's head before a document's head names the document, no body */
      {"The draft Administrative Court Proceedings Code of the Russian Federation regulates "
       "procedures.",
       {"PLACE:Russian Federation"}, {"Administrative Court"}},
      /* ... a place's head does not: the place is a name inside it */
      {"The Tarsk Region Development Programme opened.", {"PLACE:Tarsk Region"}, {NULL}},
      /* a listed name one spelling writes with a lowercase word is found
       * so ("Doctors without Borders" beside "Doctors Without Borders") */
      {"He ran the programme for Doctors without Borders, who was abducted.",
       {"ORG:Doctors without Borders"}, {NULL}},
      /* bodies named short: the Islamic Conference, the Marines, the
       * Shanghai Forum (the Shanghai Five's meetings, no place) */
      {"At the summit of the Islamic Conference, he recalled the intervention by the Marines and "
       "the entry of Uzbekistan into the Shanghai Forum as a full member.",
       {"ORG:Islamic Conference", "ORG:Marines", "ORG:Shanghai Forum", "PLACE:Uzbekistan"}, {"Shanghai"}},
      /* the Union State's "of Russia and Belarus" only says whose, as
       * "State Council of Russia" does: the two countries are mentions */
      {"The Supreme State Council of the Union State of Russia and Belarus met.",
       {"ORG:Supreme State Council", "ORG:Union State", "PLACE:Russia", "PLACE:Belarus"},
       {"Union State of Russia and Belarus"}},
      /* a firm's legal form of the European kind */
      {"Arduino LLC and Smart Projects SRL agreed, as Velmo Tech AG did.",
       {"ORG:Arduino LLC", "ORG:Smart Projects SRL", "ORG:Velmo Tech AG"}, {"Projects SRL"}},
  };
  check_cases(cases, sizeof cases / sizeof *cases);
}

/* A role says what office a person holds: "Trade Minister", not "Mr" or a
 * bare "President". */
static void roles_are_offices(void **state) {
  (void)state;
  vb_doc *d = parse("President Oskar Lindqvist met Mr Pavel Rudenko and Trade Minister Ana Vostrikova.\n");
  const vb_doc_view *v = vb_doc_get(d);
  const vb_entity *lind = find(v, VB_ENT_PERSON, "Oskar Lindqvist");
  const vb_entity *rud = find(v, VB_ENT_PERSON, "Pavel Rudenko");
  const vb_entity *vos = find(v, VB_ENT_PERSON, "Ana Vostrikova");
  assert_non_null(lind);
  assert_non_null(rud);
  assert_non_null(vos);
  assert_int_equal(lind->role.len, 0);
  assert_int_equal(rud->role.len, 0);
  assert_int_equal(vos->role.len, strlen("Trade Minister"));
  assert_memory_equal(vos->role.ptr, "Trade Minister", vos->role.len);
  vb_doc_free(d);
  /* the office of a country: the country stays a place of its own */
  d = parse("On Monday, President of Russia Vladimir Putin met the delegation.\n");
  v = vb_doc_get(d);
  const vb_entity *vp = find(v, VB_ENT_PERSON, "Vladimir Putin");
  assert_non_null(vp);
  assert_int_equal(vp->role.len, strlen("President of Russia"));
  assert_memory_equal(vp->role.ptr, "President of Russia", vp->role.len);
  assert_non_null(find(v, VB_ENT_PLACE, "Russia"));
  vb_doc_free(d);
}

/* A speaker whose label still carries an office is the person named at
 * its end, one entity with the speaker, the office its role. */
static void speaker_label_with_office(void **state) {
  (void)state;
  static const char line[] =
      "{\"turns\": [{\"speaker\": \"Harbour Works CEO Marta Ilvesson\", \"text\": \"We open in May.\"},"
      " {\"speaker\": \"Host\", \"text\": \"Thank you, Ms Ilvesson.\"}]}";
  vb_parse_opts opts = {.format = VB_FMT_JSONL};
  vb_doc *d = NULL;
  vb_err err;
  assert_int_equal(vb_doc_parse(line, strlen(line), "t.jsonl", &opts, &d, &err), 0);
  const vb_doc_view *v = vb_doc_get(d);
  const vb_entity *m = find(v, VB_ENT_PERSON, "Marta Ilvesson");
  assert_non_null(m);
  assert_true(m->speaker >= 0);
  assert_int_equal(m->role.len, strlen("Harbour Works CEO"));
  assert_memory_equal(m->role.ptr, "Harbour Works CEO", m->role.len);
  assert_true(has_surface(v, m, "Ilvesson"));
  assert_null(find(v, VB_ENT_PERSON, "Harbour Works CEO Marta Ilvesson"));
  vb_doc_free(d);
}

/* Dates said relative to the day are kept as text; clock times get HH:MM;
 * "Russia Today" is a broadcaster, not a day. */
static void relative_dates_and_times(void **state) {
  (void)state;
  vb_doc *d = parse("Host: When?\n\nGuest: Yesterday at 9 am, two weeks ago at 10:30 p.m., and last "
                    "Monday; Russia Today said so on October 8, 2023, at 21:05.\n");
  const vb_doc_view *v = vb_doc_get(d);
  static const struct {
    const char *text, *value;
    int kind;
  } want[] = {{"Yesterday", "", VB_DATE_RELATIVE},  {"9 am", "09:00", VB_DATE_TIME},
              {"two weeks ago", "", VB_DATE_RELATIVE}, {"10:30 p.m.", "22:30", VB_DATE_TIME},
              {"last Monday", "", VB_DATE_RELATIVE}, {"October 8, 2023", "2023-10-08", VB_DATE_DAY},
              {"21:05", "21:05", VB_DATE_TIME}};
  assert_int_equal(v->ndates, sizeof want / sizeof *want);
  for (size_t i = 0; i < v->ndates; i++) {
    const vb_date *dt = &v->dates[i];
    assert_int_equal(dt->end - dt->start, strlen(want[i].text));
    assert_memory_equal(v->body.ptr + dt->start, want[i].text, strlen(want[i].text));
    assert_string_equal(dt->value, want[i].value);
    assert_int_equal(dt->kind, want[i].kind);
  }
  vb_doc_free(d);
}

/* The dates of a document parsed from `text` named `path`, checked against
 * want: text said, value, kind, in order. */
typedef struct want_date {
  const char *text, *value;
  int kind;
} want_date;

static void dates_are(const char *text, const char *path, const want_date *want, size_t n) {
  vb_doc *d = NULL;
  vb_err err;
  assert_int_equal(vb_doc_parse(text, strlen(text), path, NULL, &d, &err), 0);
  const vb_doc_view *v = vb_doc_get(d);
  for (size_t i = 0; i < v->ndates && i < n; i++) {
    const vb_date *dt = &v->dates[i];
    if (dt->end - dt->start != strlen(want[i].text) || memcmp(v->body.ptr + dt->start, want[i].text, strlen(want[i].text)))
      fail_msg("date %zu of %s: \"%.*s\", want \"%s\"", i, path, (int)(dt->end - dt->start), v->body.ptr + dt->start,
               want[i].text);
    if (strcmp(dt->value, want[i].value) || dt->kind != want[i].kind)
      fail_msg("date %zu of %s, \"%s\": value \"%s\" kind %d, want \"%s\" kind %d", i, path, want[i].text, dt->value,
               dt->kind, want[i].value, want[i].kind);
  }
  assert_int_equal(v->ndates, n);
  vb_doc_free(d);
}

/* A date said relative to the day of speaking takes its value from the
 * document's date, at the precision both give; a day and month said
 * without the year are in the year nearest the document's; a month with
 * its year is that month; a year after a preposition or after another year
 * is a year, a count is not ("in 2000 cases", "up to 2000 people"), nor
 * "may" the month; a range is its first day; a month alone after a
 * preposition of time is the nearest such month. */
static void dates_valued_from_the_document(void **state) {
  (void)state;
  /* 2017-12-14 was a Thursday */
  static const char dated[] =
      "{\"date\": \"2017-12-14\", \"text\": \"Yesterday the envoy, here since last Monday, said last year's plan "
      "failed two weeks ago, three months ago and on December 1, not in March 2016; we act by 2030 as between "
      "1933 and 1945 and in 1914\u20131918, not in 2000 cases; it may 3 times; up to 2000 people; several years "
      "ago; this week; 30 hours ago; last night, on 2 January.\"}\n";
  static const want_date dw[] = {
      {"Yesterday", "2017-12-13", VB_DATE_RELATIVE},   {"last Monday", "2017-12-11", VB_DATE_RELATIVE},
      {"last year", "2016", VB_DATE_RELATIVE},         {"two weeks ago", "2017-W48", VB_DATE_RELATIVE},
      {"three months ago", "2017-09", VB_DATE_RELATIVE}, {"December 1", "2017-12-01", VB_DATE_DAY},
      {"March 2016", "2016-03", VB_DATE_DAY},          {"2030", "2030", VB_DATE_DAY},
      {"1933", "1933", VB_DATE_DAY},                   {"1945", "1945", VB_DATE_DAY},
      {"1914", "1914", VB_DATE_DAY},                   {"1918", "1918", VB_DATE_DAY},
      {"several years ago", "", VB_DATE_RELATIVE},     {"this week", "2017-W50", VB_DATE_RELATIVE},
      {"30 hours ago", "2017-12-13", VB_DATE_RELATIVE}, {"last night", "2017-12-13", VB_DATE_RELATIVE},
      {"2 January", "2018-01-02", VB_DATE_DAY}};
  dates_are(dated, "t.jsonl", dw, sizeof dw / sizeof *dw);
  /* a range is its first day; a month alone after a preposition of time
   * is the month nearest the document's date, or in the year said after
   * it; a name or a possessive after "June" or "May" is no date */
  static const char months[] =
      "{\"date\": \"2017-09-20\", \"text\": \"They met from 27 to 31 May and on December 1\u20133, 2002; we act "
      "in December, as in March last year and since February; a song by June Carter, in May's view, in July-August, in August of last year, in October  1991. The plan will be ready in August; we'll meet in September.\"}\n";
  static const want_date mw[] = {{"27 to 31 May", "2017-05-27", VB_DATE_DAY},
                                 {"December 1\u20133, 2002", "2002-12-01", VB_DATE_DAY},
                                 {"December", "2017-12", VB_DATE_RELATIVE},
                                 {"March last year", "2016-03", VB_DATE_RELATIVE},
                                 {"February", "2017-02", VB_DATE_RELATIVE},
                                 {"August of last year", "2016-08", VB_DATE_RELATIVE},
                                 {"October  1991", "1991-10", VB_DATE_DAY},
                                 {"August", "2018-08", VB_DATE_RELATIVE},
                                 {"September", "2017-09", VB_DATE_RELATIVE}};
  dates_are(months, "t.jsonl", mw, sizeof mw / sizeof *mw);
  /* a speech dated by its year alone: days and months of it are the year */
  static const char speech[] = "Today we meet as we did last year, and next month we meet again; twelve months ago "
                               "and on 4 September.\n";
  static const want_date sw[] = {{"Today", "1992", VB_DATE_RELATIVE},
                                 {"last year", "1991", VB_DATE_RELATIVE},
                                 {"next month", "1992", VB_DATE_RELATIVE},
                                 {"twelve months ago", "1991", VB_DATE_RELATIVE},
                                 {"4 September", "1992-09-04", VB_DATE_DAY}};
  dates_are(speech, "AFG_47_1992.txt", sw, sizeof sw / sizeof *sw);
  /* no date at all: relative dates are kept without a value, a day
   * without its year is no date */
  static const want_date nw[] = {{"Today", "", VB_DATE_RELATIVE}, {"last year", "", VB_DATE_RELATIVE},
                                 {"next month", "", VB_DATE_RELATIVE}, {"twelve months ago", "", VB_DATE_RELATIVE}};
  dates_are(speech, "t.txt", nw, sizeof nw / sizeof *nw);
  /* a year as a noun's modifier after a determiner is a year; a count
   * after one ("the 2000 people"), after "that", or a year opening a name
   * ("the 2030 Agenda for …") is none */
  static const char modifier[] = "The 2006 budget grew after the recent 2005 Summit and a 1999 law; the 2000 people "
                                 "said that 2000 homes burned; the 2030 Agenda for Sustainable Development holds.\n";
  static const want_date yw[] = {{"2006", "2006", VB_DATE_DAY},
                                 {"2005", "2005", VB_DATE_DAY},
                                 {"1999", "1999", VB_DATE_DAY}};
  dates_are(modifier, "t.txt", yw, sizeof yw / sizeof *yw);
  /* a verb's past after a year leaves it a year; a Spanish preposition
   * opens one; "a few days ago" in a speech dated by its year alone is
   * that year (with no number, elsewhere no value) */
  static const char more[] = "The crisis at the end of 1973 contributed to it; la Sociedad denunció en 2014 "
                             "que; he spoke a few days ago and several years ago.\n";
  static const want_date ow[] = {{"1973", "1973", VB_DATE_DAY},
                                 {"2014", "2014", VB_DATE_DAY},
                                 {"few days ago", "1992", VB_DATE_RELATIVE},
                                 {"several years ago", "", VB_DATE_RELATIVE}};
  dates_are(more, "AFG_47_1992.txt", ow, sizeof ow / sizeof *ow);
  /* a lowercase word opening the text before a year: nothing is read
   * before the text (ASan saw the first version read there) */
  static const char opening[] = "recent 2005 talks failed.\n";
  dates_are(opening, "t.txt", NULL, 0);
}

/* What a date's value tells, asked of the value and never of its length
 * by readers (quote families join translations on whole days only). */
static void precision_of_a_date_value(void **state) {
  (void)state;
  assert_int_equal(vb_value_precision("2016"), VB_PREC_YEAR);
  assert_int_equal(vb_value_precision("2016-03"), VB_PREC_MONTH);
  assert_int_equal(vb_value_precision("2017-W50"), VB_PREC_WEEK);
  assert_int_equal(vb_value_precision("2017-12-14"), VB_PREC_DAY);
  assert_int_equal(vb_value_precision("09:30"), VB_PREC_TIME);
  assert_int_equal(vb_value_precision(""), VB_PREC_NONE);
  assert_int_equal(vb_value_precision("20161"), VB_PREC_NONE);
}

/* Paragraphs without a word (a path, punctuation, numbers) have no tokens:
 * the second pass must not step from a null token array (UBSan, found by
 * fuzz_parse on the seed's .path file). */
static void paragraphs_without_words(void **state) {
  (void)state;
  static const char *const texts[] = {"../shared/corpus/memri/sd-10850.txt\n", "...\n\n!!!\n",
                                      "12 34\n\n56\n", "Host: ...\n\nGuest: 1, 2, 3.\n"};
  for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
    vb_doc *d = parse(texts[i]);
    assert_int_equal(vb_doc_get(d)->nmentions, 0);
    vb_doc_free(d);
  }
}

/* A document of more than a mebibyte of text has its words made again by
 * the entity stage's second pass instead of held from the first: the same
 * entities and mentions as the short document it begins with, the long
 * one's tail being words no rule takes. */
static void long_document_same_entities(void **state) {
  (void)state;
  static const char head[] =
      "The talks in Geneva were led by analyst Karim Haddad of the National Unity Front.\n\n"
      "Later that day Haddad told reporters that the Sirte Declaration had not been signed, "
      "and that President Vladimir Putin would speak to the United Nations about Iran.\n\n"
      "Delegates from the Zavodskoy district met Dr. Anna Berg in Vienna; Berg said Russia and "
      "the European Union agreed.\n\n";
  vb_buf long_text;
  vb_buf_init(&long_text, 0);
  vb_buf_adds(&long_text, head);
  for (unsigned k = 0; long_text.len <= (1u << 20) + 4096; k++)
    vb_buf_printf(&long_text, "the delegates met again on day %u and spoke of item %u at length.\n\n", k,
                  k * 7 % 1000);
  assert_false(long_text.failed);
  vb_doc *s = parse(head);
  vb_doc *l = NULL;
  vb_err err;
  assert_int_equal(vb_doc_parse(long_text.ptr, long_text.len, "t.txt", NULL, &l, &err), 0);
  const vb_doc_view *sv = vb_doc_get(s), *lv = vb_doc_get(l);
  assert_true(lv->body.len > (1u << 20));
  assert_true(sv->nmentions >= 8);
  assert_true(has_surface(sv, find(sv, VB_ENT_PERSON, "Karim Haddad"), "Haddad"));
  assert_int_equal(lv->nentities, sv->nentities);
  assert_int_equal(lv->nmentions, sv->nmentions);
  for (size_t i = 0; i < sv->nmentions; i++) {
    const vb_mention *a = &sv->mentions[i], *b = &lv->mentions[i];
    assert_int_equal(a->start, b->start);
    assert_int_equal(a->end, b->end);
    const vb_entity *ea = &sv->entities[a->entity], *eb = &lv->entities[b->entity];
    assert_int_equal(ea->type, eb->type);
    assert_int_equal(ea->name.len, eb->name.len);
    assert_memory_equal(ea->name.ptr, eb->name.ptr, ea->name.len);
  }
  vb_doc_free(s);
  vb_doc_free(l);
  vb_buf_free(&long_text);
}

/* ---- the gold set ------------------------------------------------------ */

typedef struct keyset {
  char k[64][160];
  int n;
} keyset;

static void add_key(keyset *s, const char *k) {
  for (int i = 0; i < s->n; i++)
    if (strcmp(s->k[i], k) == 0) return;
  if (s->n < 64) snprintf(s->k[s->n++], sizeof s->k[0], "%s", k);
}

static int has_key(const keyset *s, const char *k) {
  for (int i = 0; i < s->n; i++)
    if (strcmp(s->k[i], k) == 0) return 1;
  return 0;
}

static void gold_item(const vb_lexicon *lx, const char *text, const keyset *want, int *tp,
                      int *npred, int *nwant, int verbose) {
  vb_doc *d = parse(text);
  const vb_doc_view *v = vb_doc_get(d);
  keyset got = {0};
  for (size_t i = 0; i < v->nentities; i++) {
    char k[160];
    snprintf(k, sizeof k, "%.*s", (int)v->entities[i].key.len, v->entities[i].key.ptr);
    add_key(&got, k);
  }
  for (int i = 0; i < got.n; i++) {
    if (has_key(want, got.k[i])) ++*tp;
    else if (verbose) printf("#   extra   %s   in: %.70s\n", got.k[i], text);
  }
  for (int i = 0; i < want->n; i++)
    if (verbose && !has_key(&got, want->k[i])) printf("#   missed  %s   in: %.70s\n", want->k[i], text);
  *npred += got.n;
  *nwant += want->n;
  vb_doc_free(d);
}

static void gold_set(void **state) {
  (void)state;
  const vb_lexicon *lx = lexicon();
  char *bytes;
  size_t len;
  vb_err err;
  assert_int_equal(vb_file_read("tests/gold/entities.txt", &bytes, &len, &err), 0);
  bytes = realloc(bytes, len + 1); /* strtok_r needs its terminator */
  assert_non_null(bytes);
  bytes[len] = '\0';
  int verbose = getenv("GOLD_VERBOSE") != NULL;
  int tp = 0, npred = 0, nwant = 0, items = 0;
  keyset want = {0};
  char text[4096] = "";
  char *save = NULL;
  for (char *line = strtok_r(bytes, "\n", &save);; line = strtok_r(NULL, "\n", &save)) {
    if (!line || line[0] == '>') {
      if (text[0]) {
        gold_item(lx, text, &want, &tp, &npred, &nwant, verbose);
        items++;
      }
      if (!line) break;
      snprintf(text, sizeof text, "%s\n", line + 2);
      want.n = 0;
      continue;
    }
    if (line[0] == '#' || !text[0]) continue;
    char *tab = strchr(line, '\t');
    assert_non_null(tab);
    int type = vb_etype_parse(line, (size_t)(tab - line));
    assert_true(type >= 0);
    char k[160];
    vb_lexicon_key(lx, type, tab + 1, k, sizeof k);
    add_key(&want, k);
  }
  free(bytes);
  double p = npred ? (double)tp / npred : 0, r = nwant ? (double)tp / nwant : 0;
  printf("# entity gold set: %d items, %d expected, %d found, %d right: precision %.3f recall %.3f\n",
         items, nwant, npred, tp, p, r);
  assert_true(items >= 30);
  assert_true(p >= 0.9);
  assert_true(r >= 0.9);
}

/* Lists from outside are read defensively: a missing iso-codes is an
 * error naming the file; a corrupt catalogue is skipped. */
static void lexicon_inputs_from_outside(void **state) {
  (void)state;
  vb_lexicon *lx = NULL;
  vb_err err;
  setenv("VERBATIM_ISO_CODES", "build/no-such-iso-codes", 1);
  assert_int_not_equal(vb_lexicon_new(&lx, &err), 0);
  assert_null(lx);
  assert_non_null(strstr(err.file, "build/no-such-iso-codes/json/iso_3166-1.json"));
  assert_non_null(strstr(err.msg, "iso-codes"));
  unsetenv("VERBATIM_ISO_CODES");
  /* a locale directory whose catalogues are garbage */
  assert_int_equal(system("mkdir -p build/bad-locale/xx/LC_MESSAGES build/bad-locale/yy/LC_MESSAGES &&"
                          " printf 'not a catalogue' > build/bad-locale/xx/LC_MESSAGES/iso_3166-1.mo &&"
                          " printf '\\336\\022\\004\\225\\0\\0\\0\\0\\377\\377\\377\\177"
                          "\\34\\0\\0\\0\\377\\377\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0'"
                          " > build/bad-locale/yy/LC_MESSAGES/iso_3166-1.mo"),
                   0);
  setenv("VERBATIM_LOCALE_DIR", "build/bad-locale", 1);
  assert_int_equal(vb_lexicon_new(&lx, &err), 0);
  unsetenv("VERBATIM_LOCALE_DIR");
  assert_int_equal(vb_lexicon_compile(lx, &err), 0);
  char k[128];
  assert_int_equal(vb_lexicon_key(lx, -1, "Iran", k, sizeof k), 1);
  assert_int_equal(vb_lexicon_key(lx, -1, "Ιράν", k, sizeof k), 0); /* no translations */
  /* corrections: an alias and a rejected word, in a lexicon of its own */
  assert_int_equal(vb_lexicon_alias(lx, VB_ENT_ORG, "Hizbullah", "the Party of God", &err), VB_EUSAGE);
  vb_lexicon_free(lx);
  assert_int_equal(vb_lexicon_new(&lx, &err), 0);
  assert_int_equal(vb_lexicon_alias(lx, VB_ENT_ORG, "Hizbullah", "Party of God", &err), 0);
  assert_int_equal(vb_lexicon_reject(lx, "Galilee", &err), 0);
  assert_int_equal(vb_lexicon_compile(lx, &err), 0);
  vb_parse_opts o = {.format = VB_FMT_TEXT, .lexicon = lx};
  const char *t = "Host: And then?\n\nGuest: The Party of God fired at the Galilee from Lebanon.\n";
  vb_doc *d;
  assert_int_equal(vb_doc_parse(t, strlen(t), "t.txt", &o, &d, &err), 0);
  const vb_doc_view *v = vb_doc_get(d);
  const vb_entity *h = find(v, VB_ENT_ORG, "Hizbullah");
  assert_non_null(h);
  assert_true(has_surface(v, h, "Party of God"));
  assert_null(find(v, VB_ENT_PLACE, "Galilee"));
  assert_non_null(find(v, VB_ENT_PLACE, "Lebanon"));
  vb_doc_free(d);
  vb_lexicon_free(lx);
  /* an analyst's entity that only shares a listed one's skeleton ("Sedin",
   * Sudan) is an entity of its own, under a key of its own */
  assert_int_equal(vb_lexicon_new(&lx, &err), 0);
  assert_int_equal(vb_lexicon_alias(lx, VB_ENT_PLACE, "Sedin", "Tarvo Crossing", &err), 0);
  assert_int_equal(vb_lexicon_compile(lx, &err), 0);
  o.lexicon = lx;
  t = "Host: And then?\n\nGuest: Sudan closed the Tarvo Crossing at dawn.\n";
  assert_int_equal(vb_doc_parse(t, strlen(t), "t.txt", &o, &d, &err), 0);
  v = vb_doc_get(d);
  const vb_entity *sedin = find(v, VB_ENT_PLACE, "Sedin"), *sudan = find(v, VB_ENT_PLACE, "Sudan");
  assert_non_null(sedin);
  assert_non_null(sudan);
  assert_true(has_surface(v, sedin, "Tarvo Crossing"));
  assert_false(sedin->key.len == sudan->key.len && memcmp(sedin->key.ptr, sudan->key.ptr, sudan->key.len) == 0);
  vb_doc_free(d);
  vb_lexicon_free(lx);
}

/* The built-in lexicon comes from an image made at build time: it must
 * hold exactly what making it from the lists here gives, read in place
 * (compiled) or taking corrections (compiled after them). */
static void lexicon_image_same_as_made(void **state) {
  (void)state;
  vb_err err;
  char why[128];
  assert_true(vb_lexicon_has_image());
  const vb_lexicon *dflt = NULL;
  assert_int_equal(vb_lexicon_default(&dflt, &err), 0);
  vb_lexicon *made = NULL;
  assert_int_equal(vb_lexicon_build(&made, &err), 0);
  assert_int_equal(vb_lexicon_compile(made, &err), 0);
  if (!vb_lexicon_same(made, dflt, why, sizeof why)) fail_msg("the image differs from the lists: %s", why);
  char k1[128], k2[128];
  static const char *const sample[] = {"Iran", "Ιράν", "Deutschland", "Hizbullah", "United Nations"};
  for (size_t i = 0; i < sizeof sample / sizeof *sample; i++) {
    assert_int_equal(vb_lexicon_key(made, -1, sample[i], k1, sizeof k1),
                     vb_lexicon_key(dflt, -1, sample[i], k2, sizeof k2));
    assert_string_equal(k1, k2);
  }
  vb_lexicon_free(made);
  /* corrections on the image's lexicon and on one made from the lists */
  vb_lexicon *a = NULL, *b = NULL;
  assert_int_equal(vb_lexicon_new(&a, &err), 0);
  assert_int_equal(vb_lexicon_build(&b, &err), 0);
  vb_lexicon *both[] = {a, b};
  for (int i = 0; i < 2; i++) {
    assert_int_equal(vb_lexicon_alias(both[i], VB_ENT_ORG, "Hizbullah", "Party of God", &err), 0);
    assert_int_equal(vb_lexicon_alias(both[i], VB_ENT_PERSON, "Ada Quill", "the Quill", &err), 0);
    assert_int_equal(vb_lexicon_reject(both[i], "Galilee", &err), 0);
  }
  /* a difference is seen: one more alias on one side */
  assert_int_equal(vb_lexicon_alias(b, VB_ENT_PLACE, "Lebanon", "Levant Republic", &err), 0);
  assert_int_equal(vb_lexicon_compile(a, &err), 0);
  assert_int_equal(vb_lexicon_compile(b, &err), 0);
  assert_false(vb_lexicon_same(a, b, why, sizeof why));
  vb_lexicon_free(b);
  assert_int_equal(vb_lexicon_build(&b, &err), 0);
  assert_int_equal(vb_lexicon_alias(b, VB_ENT_ORG, "Hizbullah", "Party of God", &err), 0);
  assert_int_equal(vb_lexicon_alias(b, VB_ENT_PERSON, "Ada Quill", "the Quill", &err), 0);
  assert_int_equal(vb_lexicon_reject(b, "Galilee", &err), 0);
  assert_int_equal(vb_lexicon_compile(b, &err), 0);
  if (!vb_lexicon_same(a, b, why, sizeof why)) fail_msg("corrected lexicons differ: %s", why);
  /* an image is read back as written; a damaged one is refused */
  vb_buf img;
  vb_buf_init(&img, 0);
  assert_int_equal(vb_lexicon_image_write(b, &img), 0);
  vb_lexicon *c = NULL;
  assert_int_equal(vb_lexicon_from_image(img.ptr, img.len, 0, &c, &err), 0);
  assert_true(vb_lexicon_same(b, c, why, sizeof why));
  vb_lexicon_free(c);
  for (size_t cut = 0; cut < img.len; cut += img.len / 7 + 1) {
    assert_int_equal(vb_lexicon_from_image(img.ptr, cut, 1, &c, &err), VB_EFORMAT);
    assert_null(c);
  }
  img.ptr[0] ^= 1;
  assert_int_equal(vb_lexicon_from_image(img.ptr, img.len, 0, &c, &err), VB_EFORMAT);
  vb_buf_free(&img);
  vb_lexicon_free(a);
  vb_lexicon_free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(lexicon_inputs_from_outside),
      cmocka_unit_test(lexicon_image_same_as_made),
      cmocka_unit_test(keys_fold_transliteration),
      cmocka_unit_test(lexicon_knows_countries_in_translation),
      cmocka_unit_test(rejections_whole_names_only),
      cmocka_unit_test(seed_entities),
      cmocka_unit_test(possessives_articles_and_case), cmocka_unit_test(the_far_east_is_not_east_asia), cmocka_unit_test(territories_beside_a_body_are_places),
      cmocka_unit_test(full_name_then_surname),
      cmocka_unit_test(context_rules_on_real_shapes),
      cmocka_unit_test(corpus_mistakes),
      cmocka_unit_test(organisations_whole_and_apart),
      cmocka_unit_test(country_before_listed_bodies),
      cmocka_unit_test(country_bound_bodies),
      cmocka_unit_test(firms_by_dealings),
      cmocka_unit_test(handles_no_names),
      cmocka_unit_test(products_in_capitals),
      cmocka_unit_test(firm_stems),
      cmocka_unit_test(publications_by_context),
      cmocka_unit_test(sites_apart),
      cmocka_unit_test(large_cities),
      cmocka_unit_test(role_before_given_name),
      cmocka_unit_test(people_by_who_and_pronoun),
      cmocka_unit_test(more_given_names),
      cmocka_unit_test(papers_firms_and_misspelt_names),
      cmocka_unit_test(firms_closed_by_co),
      cmocka_unit_test(given_names_alone),
      cmocka_unit_test(given_name_of_one_named_in_full),
      cmocka_unit_test(court_case_parties),
      cmocka_unit_test(people_in_spoken_text),
      cmocka_unit_test(bodies_news_name_alone),
      cmocka_unit_test(speakers_that_are_places),
      cmocka_unit_test(demonyms_before_states),
      cmocka_unit_test(media_and_missions_alone),
      cmocka_unit_test(acronyms_defined_and_heads),
      cmocka_unit_test(civil_bodies_and_units),
      cmocka_unit_test(bodies_named_by_a_word),
      cmocka_unit_test(firms_by_their_first_word),
      cmocka_unit_test(bodies_by_shape),
      cmocka_unit_test(roles_are_offices),
      cmocka_unit_test(speaker_label_with_office),
      cmocka_unit_test(relative_dates_and_times),
      cmocka_unit_test(dates_valued_from_the_document),
      cmocka_unit_test(precision_of_a_date_value),
      cmocka_unit_test(paragraphs_without_words),
      cmocka_unit_test(long_document_same_entities),
      cmocka_unit_test(gold_set),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
