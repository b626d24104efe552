/* Quote attribution in prose, one construction at a time (issue 16): each
 * case is a short text written for this test and the statements it must
 * give — what was said, by whom, of which kind, with which source and cue.
 * Table-driven: a row is text -> (content, speaker, kind, source, cue). */
#include "testutil.h"
#include "verbatim.h"

typedef struct expect {
  const char *content; /* the statement's exact text */
  const char *speaker; /* the speaker's name, or NULL for none */
  vb_kind kind;
  const char *source, *cue; /* NULL: not checked */
} expect;

typedef struct qcase {
  const char *name, *text;
  expect w[4];
} qcase;

static vb_doc *parse(const char *text) {
  vb_doc *doc = NULL;
  vb_err err;
  int rc = vb_doc_parse(text, strlen(text), "q.txt", NULL, &doc, &err);
  if (rc) fail_msg("parse failed: %s", err.msg);
  return doc;
}

static int slice_is(const vb_doc_view *v, uint32_t s, uint32_t e, const char *want) {
  return e - s == strlen(want) && memcmp(v->body.ptr + s, want, e - s) == 0;
}

static int name_is(vb_str s, const char *want) {
  return s.ptr && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

/* The statement whose text is exactly `content`, or NULL. */
static const vb_statement *find(const vb_doc_view *v, const char *content) {
  for (size_t i = 0; i < v->nstatements; i++)
    if (slice_is(v, v->statements[i].start, v->statements[i].end, content)) return &v->statements[i];
  return NULL;
}

static void dump(const vb_doc_view *v) {
  for (size_t i = 0; i < v->nstatements; i++) {
    const vb_statement *st = &v->statements[i];
    vb_str who = st->speaker >= 0 ? v->speakers[st->speaker].name : (vb_str){"-", 1};
    fprintf(stderr, "  [%s] %.*s: %.*s\n", vb_kind_name(st->kind), (int)who.len, who.ptr,
            (int)(st->end - st->start), v->body.ptr + st->start);
  }
}

static void check_case(const qcase *c) {
  vb_doc *doc = parse(c->text);
  const vb_doc_view *v = vb_doc_get(doc);
  for (size_t k = 0; k < 4 && c->w[k].content; k++) {
    const expect *w = &c->w[k];
    const vb_statement *st = find(v, w->content);
    if (!st) {
      dump(v);
      fail_msg("%s: no statement '%s'", c->name, w->content);
    }
    if (!w->speaker) {
      if (st->speaker >= 0) fail_msg("%s: '%s' has a speaker", c->name, w->content);
    } else if (st->speaker < 0 || !name_is(v->speakers[st->speaker].name, w->speaker)) {
      dump(v);
      fail_msg("%s: '%s' should be %s's", c->name, w->content, w->speaker);
    }
    if (st->kind != w->kind)
      fail_msg("%s: '%s' is %s, not %s", c->name, w->content, vb_kind_name(st->kind),
               vb_kind_name(w->kind));
    if (w->source || w->cue) {
      if (st->attribution < 0) fail_msg("%s: '%s' has no attribution", c->name, w->content);
      const vb_attribution *a = &v->attributions[st->attribution];
      if (w->source && !slice_is(v, a->source.start, a->source.end, w->source))
        fail_msg("%s: source of '%s' is '%.*s'", c->name, w->content, (int)(a->source.end - a->source.start),
                 v->body.ptr + a->source.start);
      if (w->cue && !slice_is(v, a->cue.start, a->cue.end, w->cue))
        fail_msg("%s: cue of '%s' is '%.*s'", c->name, w->content, (int)(a->cue.end - a->cue.start),
                 v->body.ptr + a->cue.start);
    }
  }
  vb_doc_free(doc);
}

#define D VB_KIND_DIRECT
#define I VB_KIND_INDIRECT
#define M VB_KIND_MIXED

static const qcase direct[] = {
    /* after a quotation closing right before the frame, "to" after the cue
     * opens a phrase about the moment, not an infinitive */
    {"'to' after a frame that follows its quotation",
     "Talks\n\n\"If we win big in the north, we will win the vote,\" Ines Carvalho said to cheers at a rally.\n",
     {{"If we win big in the north, we will win the vote", "Ines Carvalho", D, "Ines Carvalho", "said"}}},
    /* roles before an inverted source: a participle first ("retired"),
     * roles joined by "and" before the one name */
    {"roles before an inverted source",
     "Talks\n\n\"The ferries will run,\" said retired harbour master Jan Kral. \"We have the crews.\"\n\n"
     "\"It was a mistake,\" said former Harbour Gov. and Port Board Chairman Ines Carvalho.\n\n"
     "\"Not again,\" said lobbyist and strategist Irena Volk.\n",
     {{"The ferries will run", "Jan Kral", D, NULL, "said"},
      {"We have the crews.", "Jan Kral", D, NULL, NULL},
      {"It was a mistake", "Ines Carvalho", D, NULL, "said"},
      {"Not again", "Irena Volk", D, NULL, "said"}}},
    /* a role without an article set beside an inverted source describes
     * the source; it is none of what the source said */
    {"a role set beside an inverted source",
     "Talks\n\nThe strike will be short, said Lea Novak, director of Harbour Watch and an analyst in Port "
     "Vale.\n",
     {{"The strike will be short", "Lea Novak", I, NULL, "said"},
      {"said Lea Novak, director of Harbour Watch and an analyst in Port Vale.", NULL, D, NULL, NULL}}},
    /* a short quotation that is a sentence of its own goes on in the voice
     * of the one the paragraph attributed before it, narration before or
     * not; alone, or inside narration, it stays narration */
    {"a short quotation after an attributed one",
     "Talks\n\nThe vote is close. \"I can't vote for Brandt,\" said Jan Kral. \"He's an embarrassment.\"\n\n"
     "The board met. \"No.\" It was a \"good day\" for the port.\n",
     {{"I can't vote for Brandt", "Jan Kral", D, NULL, "said"},
      {"He's an embarrassment.", "Jan Kral", D, NULL, NULL},
      {"\"No.\"", NULL, D, NULL, NULL},
      {"It was a \"good day\" for the port.", NULL, D, NULL, NULL}}},
    /* a frame set off by dashes ends at the closing dash: the quotation
     * after it is the next frame's */
    {"a frame between dashes",
     "Talks\n\nIf the port is closed \xe2\x80\x94 as many sailors believe, but the council strongly denies "
     "\xe2\x80\x94 \xe2\x80\x9cwhy would you stay?\xe2\x80\x9d asked Ines Carvalho, a sailor.\n\n"
     "Irena Volk said \xe2\x80\x94 \xe2\x80\x9cwe will stay.\xe2\x80\x9d\n",
     {{"If the port is closed \xe2\x80\x94 as many sailors believe, but the council strongly denies \xe2\x80\x94 "
       "\xe2\x80\x9cwhy would you stay?\xe2\x80\x9d",
       "Ines Carvalho", M, "Ines Carvalho", "asked"},
      {"\xe2\x80\x9cwe will stay.\xe2\x80\x9d", "Irena Volk", D, "Irena Volk", "said"}}},
    {"quote then source", "Harbour talks stall\n\n\"We will not back down,\" Maria Okonkwo told reporters.\n",
     {{"We will not back down", "Maria Okonkwo", D, "Maria Okonkwo", "told"},
      {"Maria Okonkwo told reporters.", NULL, D, NULL, NULL}}},
    {"source then colon", "Talks\n\nMaria Okonkwo said: \"The offer is an insult.\"\n",
     {{"The offer is an insult.", "Maria Okonkwo", D, "Maria Okonkwo", "said"}}},
    {"inverted with apposition",
     "Talks\n\n\"Nobody wins a strike,\" said Samuel Adeyemi, a spokesman for the chamber of commerce.\n",
     {{"Nobody wins a strike", "Samuel Adeyemi", D, NULL, "said"}}},
    {"split quotation", "Talks\n\n\"We are ready to talk,\" Ines Carvalho said on Tuesday, \"but not to surrender.\"\n",
     {{"We are ready to talk", "Ines Carvalho", D, NULL, NULL},
      {"but not to surrender.", "Ines Carvalho", D, NULL, NULL}}},
    {"quotation of several sentences",
     "Talks\n\n\"The offer came late. It was too small. We said no,\" Tomas Brandt said.\n",
     {{"The offer came late.", "Tomas Brandt", D, NULL, NULL},
      {"It was too small.", "Tomas Brandt", D, NULL, NULL},
      {"We said no", "Tomas Brandt", D, NULL, NULL}}},
    {"curly marks", "Talks\n\n\xE2\x80\x9CWe will wait,\xE2\x80\x9D said Lea Novak.\n",
     {{"We will wait", "Lea Novak", D, NULL, "said"}}},
    {"quotation running over paragraphs",
     "Talks\n\nLea Novak said: \xE2\x80\x9CThe budget is fixed.\n\n"
     "\xE2\x80\x9CWe cannot print money.\xE2\x80\x9D\n\nThe council meets again in May.\n",
     {{"The budget is fixed.", "Lea Novak", D, NULL, NULL},
      {"We cannot print money.", "Lea Novak", D, NULL, NULL},
      {"The council meets again in May.", NULL, D, NULL, NULL}}},
    {"nested quotation",
     "Talks\n\n\"He told me, 'I will never sign,' and I believed him,\" Tomas Brandt said.\n",
     {{"He told me, 'I will never sign,' and I believed him", "Tomas Brandt", D, NULL, NULL}}},
    /* wire copy's '' marks: a nested quotation closing with the outer one
     * ("'''"); the next paragraph, with an opening mark typed for the
     * closing one, is someone else's */
    {"marks as typed: ''' and an opening mark that closes",
     "Talks\n\n''They keep telling us, 'the port is safe,''' said Tomas Brandt. ''It is not at all safe.''\n\n"
     "\xE2\x80\x9CWe are ready,\xE2\x80\x9C said Lea Novak. \xE2\x80\x9CThe cranes are not.\xE2\x80\x9D\n",
     {{"They keep telling us, 'the port is safe,'", "Tomas Brandt", D, NULL, "said"},
      {"It is not at all safe.", "Tomas Brandt", D, NULL, NULL},
      {"We are ready", "Lea Novak", D, NULL, "said"},
      {"The cranes are not.", "Lea Novak", D, NULL, NULL}}},
    {"quotation after the cue's sentence goes on in the same voice",
     "Talks\n\n\"We waited,\" Lea Novak said. \"We will wait again.\"\n",
     {{"We will wait again.", "Lea Novak", D, NULL, NULL}}},
    /* after a source set after its cue, the words are about the source: a
     * phrase with "of", a relative clause holding "that" */
    {"inverted source with a phrase after it",
     "Talks\n\n\"There is real energy in this hall,\" said Harold Penwick of the Ohio delegation.\n\n"
     "\"Nobody wins a strike,\" said Samuel Adeyemi, a docker who worked at the yard that builds ferries.\n",
     {{"There is real energy in this hall", "Harold Penwick", D, "Harold Penwick of the Ohio delegation", "said"},
      {"Nobody wins a strike", "Samuel Adeyemi", D, NULL, "said"}}},
    /* a quotation closing its sentence with "!" or "?", and a frame opening
     * the next whose words after the cue are narration */
    {"a person of a body named with its article",
     "Talks\n\n\"The port needs money,\" Mary Jones of the Urban Harbour Institute wrote.\n\n"
     "Ana Silva of the Dockers Union said the plan would fail.\n",
     {{"The port needs money", "Mary Jones", D, "Mary Jones of the Urban Harbour Institute", "wrote"},
      {"the plan would fail.", "Ana Silva", I, "Ana Silva of the Dockers Union", "said"}}},
    {"frame after an exclamation or a question",
     "Talks\n\n\"And we are not paid!\" Lea Novak declared, a point she repeats often.\n\n"
     "\"Will we get along, who knows?\" Tomas Brandt told Verania's VTV television station in an interview "
     "aired on Monday when asked about the port.\n",
     {{"And we are not paid!", "Lea Novak", D, NULL, "declared"},
      {"Will we get along, who knows?", "Tomas Brandt", D, NULL, "told"}}},
    /* a long frame ending its paragraph still hands its voice on */
    {"quotation in the paragraph after a long frame",
     "Talks\n\n\"We won,\" Lea Novak said, referring to the vote of the harbour board on the budget for the "
     "year that ends in May.\n\n\"Nobody expected it.\"\n",
     {{"We won", "Lea Novak", D, NULL, "said"}, {"Nobody expected it.", "Lea Novak", D, NULL, NULL}}},
    /* a short quotation after "told" is the programme addressed */
    {"programme in quotation marks after told",
     "Talks\n\n\"The mayor is fair game. She ran the port,\" Ines Carvalho told \"Harbour Hour,\" smiling.\n",
     {{"The mayor is fair game.", "Ines Carvalho", D, NULL, NULL},
      {"She ran the port", "Ines Carvalho", D, NULL, "told"}}},
    /* a quotation after reported speech that quoted the same voice */
    {"quotation after a mixed statement goes on in its voice",
     "Talks\n\nThe mayor \"felt a duty to act on\" the harbour, Lea Novak said. \"This is core work for her.\"\n",
     {{"The mayor \"felt a duty to act on\" the harbour", "Lea Novak", M, NULL, "said"},
      {"This is core work for her.", "Lea Novak", D, NULL, NULL}}},
    /* "…," X said as Y yelled: "…": a cry is a cue that counts with its
     * quotation, so the colon's quotation is the shouter's, not X's, and
     * the quotation before the frame stays X's */
    {"a second voice shouting after the frame",
     "Talks\n\n\"We will not back down,\" Lea Novak said as a protester yelled: \"Shame on you!\"\n\n"
     "At the rally, Ines Carvalho shouted, \"Out, out, out!\"\n",
     {{"We will not back down", "Lea Novak", D, "Lea Novak", "said"},
      {"Shame on you!", NULL, D, "a protester", "yelled"},
      {"Out, out, out!", "Ines Carvalho", D, "Ines Carvalho", "shouted"}}},
    /* a split quotation with a phrase of time after the cue */
    {"split quotation after a phrase of time",
     "Talks\n\n\"In breaking news,\" Lea Novak wrote last January, \"the mayor wins the backing of her "
     "own press secretary,\" after the debate. \"We are ready,\" Tomas Brandt said in March, \"and the "
     "port is too.\"\n",
     {{"In breaking news", "Lea Novak", D, NULL, "wrote"},
      {"the mayor wins the backing of her own press secretary", "Lea Novak", D, NULL, "wrote"},
      {"and the port is too.", "Tomas Brandt", D, NULL, "said"}}},
    /* a quotation inside one with the same curly marks, both closed */
    {"nested quotation with the same marks",
     "Talks\n\n\xE2\x80\x9CThe mayor\xE2\x80\x99s claim that the deal \xE2\x80\x9Chas to do with the port\xE2\x80\x9D "
     "makes clear she has no idea what the port needs,\xE2\x80\x9D wrote Ruth Okafor, president of the union.\n",
     {{"The mayor\xE2\x80\x99s claim that the deal \xE2\x80\x9Chas to do with the port\xE2\x80\x9D makes clear she has "
       "no idea what the port needs", "Ruth Okafor", D, NULL, "wrote"}}},
    {"French guillemets", "Grève\n\n\xC2\xAB Nous ne c\xC3\xA9" "derons pas \xC2\xBB, a d\xC3\xA9" "clar\xC3\xA9 Jean Dupont.\n",
     {{"Nous ne c\xC3\xA9" "derons pas", "Jean Dupont", D, "Jean Dupont", NULL}}},
};

static const qcase indirect[] = {
    /* a programme's name in title case inside the phrase after the cue,
     * then "that": the clause after "that" is what was said; a quotation
     * not in title case ("whole heart") is no programme */
    {"a programme's name before that",
     "Talks\n\nLea Novak said on VTV's \"Harbour Hour\" that the port would reopen.\n\n"
     "Tomas Brandt told VTV's \"State of the Harbour\" on Sunday that the ferries would run.\n",
     {{"the port would reopen.", "Lea Novak", I, NULL, "said"},
      {"the ferries would run.", "Tomas Brandt", I, NULL, "told"}}},
    /* a cue that counts only with a quotation: a word or two and the
     * quotation are its content */
    {"called X “…”",
     "Port talks\n\nLea Novak called Brandt \xE2\x80\x9Creckless.\xE2\x80\x9D Ines Carvalho called it "
     "\"a farce.\"\n",
     {{"Brandt \xE2\x80\x9Creckless.\xE2\x80\x9D", "Lea Novak", M, "Lea Novak", "called"},
      {"it \"a farce.\"", "Ines Carvalho", M, NULL, "called"}}},
    /* a name and a verb, or a subject pronoun, right after the cue open
     * what was said: a "that" further on is a relative one inside it */
    {"a relative 'that' inside the reported clause",
     "Port talks\n\nLea Novak says Tomas Brandt ran a strong campaign in Osland that led to his victory. The "
     "Harbour Authority says it\xE2\x80\x99s a rule that hurts the dockers. Ines Carvalho said on Sunday that "
     "the cranes were idle.\n",
     {{"Tomas Brandt ran a strong campaign in Osland that led to his victory.", "Lea Novak", I, "Lea Novak",
       "says"},
      {"it\xE2\x80\x99s a rule that hurts the dockers.", "Harbour Authority", I, NULL, "says"},
      {"the cranes were idle.", "Ines Carvalho", I, NULL, "said"}}},
    {"said that", "Talks\n\nTomas Brandt said that a strike could begin next week.\n",
     {{"a strike could begin next week.", "Tomas Brandt", I, "Tomas Brandt", "said"},
      {"Tomas Brandt said that", NULL, D, NULL, NULL}}},
    {"said without that", "Talks\n\nTomas Brandt said Tuesday the members would decide.\n",
     {{"the members would decide.", "Tomas Brandt", I, NULL, "said"}}},
    /* a clock time's colon introduces no quotation: "9:15" is one word */
    {"a clock time in the content",
     "Talks\n\nThe count began when Ines Colt declared the polls closed around 9:15 p.m. Tuesday, an hour late.\n",
     {{"the polls closed around 9:15 p.m. Tuesday, an hour late.", "Ines Colt", I, NULL, "declared"}}},
    /* a demonstrative before a verb opens the clause: no complementizer, no time */
    {"demonstrative subject after the cue",
     "Talks\n\nTomas Brandt said that was a mistake. Lea Novak said this is the last offer.\n",
     {{"that was a mistake.", "Tomas Brandt", I, NULL, "said"},
      {"this is the last offer.", "Lea Novak", I, NULL, "said"}}},
    {"said to someone", "Talks\n\nPaul Grant said to me that prices would rise.\n\n"
     "Lea Novak explained to the local radio station that the port would close.\n\n"
     "Tomas Brandt urged Lea Novak to close the yard that builds ferries.\n",
     {{"prices would rise.", "Paul Grant", I, "Paul Grant", "said"},
      {"the port would close.", "Lea Novak", I, "Lea Novak", "explained"},
      {"to close the yard that builds ferries.", "Tomas Brandt", I, NULL, "urged"}}},
    {"told someone", "Talks\n\nTomas Brandt told the local radio station that the offer was too low.\n",
     {{"the offer was too low.", "Tomas Brandt", I, NULL, "told"}}},
    {"according to", "Talks\n\nAccording to Lea Novak, the council will vote in May.\n",
     {{"the council will vote in May.", "Lea Novak", I, "Lea Novak", "According to"}}},
    /* after an opening adverb; a cue of the clause's own subject is inside what X says */
    {"according to after an opener, a cue inside its clause",
     "Talks\n\nLea Novak spoke first.\n\nThen, according to Novak, the unions would call the offer a trick.\n",
     {{"the unions would call the offer a trick.", "Lea Novak", I, "Novak", "according to"}}},
    {"according to at the end", "Talks\n\nThe council will vote in May, according to Lea Novak.\n",
     {{"The council will vote in May", "Lea Novak", I, NULL, "according to"}}},
    {"clause then source", "Talks\n\nThe strike could last for weeks, Tomas Brandt warned.\n",
     {{"The strike could last for weeks", "Tomas Brandt", I, NULL, "warned"}}},
    {"other cue verbs",
     "Talks\n\nLea Novak argued that the port needed the money. Tomas Brandt insisted the deal was fair. "
     "Samuel Adeyemi denied that he had leaked the plan. Ines Carvalho claimed the talks were over. "
     "Jan Kral announced that the ferries would run.\n",
     {{"the port needed the money.", "Lea Novak", I, NULL, "argued"},
      {"the deal was fair.", "Tomas Brandt", I, NULL, "insisted"},
      {"he had leaked the plan.", "Samuel Adeyemi", I, NULL, "denied"},
      {"the talks were over.", "Ines Carvalho", I, NULL, "claimed"}}},
    {"source in the middle", "Talks\n\nThe deal, Ines Carvalho said, was dead.\n",
     {{"The deal", "Ines Carvalho", I, NULL, NULL}, {"was dead.", "Ines Carvalho", I, NULL, NULL}}},
    {"mixed", "Talks\n\nIines Aho said the union was \"holding the city hostage.\"\n",
     {{"the union was \"holding the city hostage.\"", "Iines Aho", M, NULL, "said"}}},
    {"participle after a comma",
     "Talks\n\nLea Novak rejected the offer, saying it came too late.\n",
     {{"it came too late.", "Lea Novak", I, NULL, "saying"}}},
    {"a phrase about the moment between the cue and what was said",
     "Talks\n\nLate in the day, Ruth Okafor said as she opened the meeting, \"Finally, the talks can begin.\"\n\n"
     "Tomas Brandt said Thursday during a visit to the port in Lagos, Nigeria, that the cranes would go.\n\n"
     "\"We won,\" Ines Carvalho said as the crowd cheered, \"and we will win again.\"\n",
     {{"Finally, the talks can begin.", "Ruth Okafor", D, "Ruth Okafor", "said"},
      {"the cranes would go.", "Tomas Brandt", I, "Tomas Brandt", "said"},
      {"Late in the day, Ruth Okafor said as she opened the meeting", NULL, D, NULL, NULL},
      {"and we will win again.", "Ines Carvalho", D, NULL, NULL}}},
    {"a participle after a form of be is the cue of its subject",
     "Talks\n\nTomas Brandt is insisting that the offer was fair.\n\n"
     "Lea Novak was telling the dockers the port would reopen.\n\n"
     "\"We are not done,\" Ines Carvalho is saying.\n",
     {{"the offer was fair.", "Tomas Brandt", I, "Tomas Brandt", "insisting"},
      {"the port would reopen.", "Lea Novak", I, "Lea Novak", "telling"},
      {"We are not done", "Ines Carvalho", D, "Ines Carvalho", "saying"}}},
    {"a participle after a document its subject put out",
     "Talks\n\nMinutes later, the Dockers Union issued a statement Tuesday saying that the port "
     "was unsafe.\n\n"
     "The statement saying the port was unsafe was read aloud.\n",
     {{"the port was unsafe.", "Dockers Union", I, NULL, "saying"},
      {"The statement saying the port was unsafe was read aloud.", NULL, D, NULL, NULL}}},
    {"passive is no speech", "Talks\n\nLea Novak was declared the winner of the vote.\n",
     {{"Lea Novak was declared the winner of the vote.", NULL, D, NULL, NULL}}},
    {"an intention and its infinitive",
     "Talks\n\nTomas Brandt vowed to keep the port closed. Lea Novak plans a vote.\n",
     {{"to keep the port closed.", "Tomas Brandt", I, NULL, "vowed"},
      {"Lea Novak plans a vote.", NULL, D, NULL, NULL}}},
    {"an apposition holding a state's abbreviation",
     "Talks\n\nRuth Okafor, a nurse from Macon, Ga., attending the rally, said the clinic had closed.\n",
     {{"the clinic had closed.", "Ruth Okafor", I, "Ruth Okafor, a nurse from Macon, Ga., attending the rally", "said"},
      {"Ruth Okafor, a nurse from Macon, Ga., attending the rally, said", NULL, D, NULL, NULL}}},
    /* a legislator's party and state after the name, in parentheses or
     * between commas, a comma after the parentheses too */
    {"a party and state tag after the name",
     "Talks\n\nSen. Ruth Okafor (D-Ga.) said the clinic had closed. Rep. Tomas Brandt, R-Ohio, "
     "told the council the budget was spent.\n\nRep. Lea Novak (R-N.H.), said after a lunch on "
     "Tuesday that the port would reopen. After the vote, Sen. Jan Kral (I-Vt.), said, \"We lost.\"\n",
     {{"the clinic had closed.", "Ruth Okafor", I, "Sen. Ruth Okafor (D-Ga.)", "said"},
      {"the budget was spent.", "Tomas Brandt", I, NULL, "told"},
      {"the port would reopen.", "Lea Novak", I, "Rep. Lea Novak (R-N.H.)", "said"},
      {"We lost.", "Jan Kral", D, "Sen. Jan Kral (I-Vt.)", "said"}}},
    /* the only cue of its paragraph, with a letter beyond ASCII: the
     * paragraph is read by its words, not by runs of ASCII letters */
    {"a cue with an accented letter",
     "Talks\n\nJean Dupont a annonc\xC3\xA9 qu'il quitterait le parti.\n",
     {{"qu'il quitterait le parti.", "Jean Dupont", I, "Jean Dupont", "annonc\xC3\xA9"},
      {"Jean Dupont a annonc\xC3\xA9", NULL, D, NULL, NULL}}},
    /* a time phrase between the subject and its cue */
    {"time phrase before the cue",
     "Talks\n\nDock chief Lea Novak on Tuesday said that the cranes would stop. "
     "Tomas Brandt last week told the council the budget was spent.\n",
     {{"the cranes would stop.", "Lea Novak", I, NULL, "said"},
      {"the budget was spent.", "Tomas Brandt", I, NULL, "told"}}},
    /* "state" is a noun here: no cue */
    {"a cue form used as a noun",
     "Talks\n\nSamuel Adeyemi, a ferry captain from a coastal state, said the harbour was empty.\n",
     {{"the harbour was empty.", "Samuel Adeyemi", I, NULL, "said"}}},
    /* a subordinate clause after an inverted source ends it */
    {"inverted source before a subordinate clause",
     "Talks\n\n\"The cranes will stay idle,\" said dock worker Tomas Brandt when asked about the vote.\n",
     {{"The cranes will stay idle", "Tomas Brandt", D, NULL, "said"}}},
    /* the name set beside a leading noun phrase the reader does not parse */
    {"name after an opening noun phrase",
     "Talks\n\nAnother delegate on the harbour board, Ines Carvalho, said the vote was rigged.\n",
     {{"the vote was rigged.", "Ines Carvalho", I, NULL, "said"}}},
    /* a condition right after the cue opens what was said; "if not" does not */
    {"a condition opening the reported clause",
     "Talks\n\nTomas Brandt said if he were mayor, the ferries would be free. The record shows if not "
     "a failure then a long delay.\n",
     {{"if he were mayor, the ferries would be free.", "Tomas Brandt", I, NULL, "said"},
      {"The record shows if not a failure then a long delay.", NULL, D, NULL, NULL}}},
    /* a name set between a role and an apposition of its own */
    {"name between a possessive's role and an apposition",
     "Talks\n\nOsland's governor, Tomas Brandt, a Liberal, said on Tuesday that he had voted for the "
     "plan.\n",
     {{"he had voted for the plan.", "Tomas Brandt", I, NULL, "said"}}},
    /* a participle's subject after "And then" */
    {"participle after a sentence opening with a conjunction",
     "Talks\n\nLea Novak spoke first. And then Novak turned to the crowd, saying the port would reopen.\n",
     {{"the port would reopen.", "Lea Novak", I, NULL, "saying"}}},
    /* a participle after a quotation closed on its comma */
    {"participle after a closing mark",
     "Talks\n\nLea Novak waved off the rumour that the port \xE2\x80\x9Cwas bankrupt,\xE2\x80\x9D "
     "saying the books were fine.\n",
     {{"the books were fine.", "Lea Novak", I, NULL, "saying"}}},
    /* an adverb opening the sentence names no one */
    {"adverb before an apposition",
     "Talks\n\nInstead, Dr. Ines Carvalho, a former nurse, vowed to keep the clinic open.\n",
     {{"to keep the clinic open.", "Ines Carvalho", I, NULL, "vowed"}}},
    /* "according to X" set inside its sentence: what follows it is X's too,
     * over an apposition of X's; not a clause about X */
    {"according to inside the sentence",
     "Talks\n\nAmong the ports at risk, according to Ruth Okafor, are four on the river. At the root "
     "of it, according to Tomas Brandt, a former pilot, was a cut in the budget. Since last winter, "
     "according to the Harbour Board, ferries have lost money. The ferry is late, according to "
     "Lea Novak, who runs the pier.\n",
     {{"are four on the river.", "Ruth Okafor", I, NULL, NULL},
      {"was a cut in the budget.", "Tomas Brandt", I, NULL, NULL},
      {"ferries have lost money.", "Harbour Board", I, NULL, NULL},
      {"according to Lea Novak, who runs the pier.", NULL, D, NULL, NULL}}},
    /* "…, said X, a professor at Y.": the phrase after an inverted source
     * describes X and is no part of what X said; what X said goes on after
     * it only when a verb or a quotation follows its comma */
    {"a description after an inverted source",
     "Talks\n\nPrices will rise in the spring, said Ruth Okafor, the director of the harbour survey. The "
     "port is split on the plan, said Tomas Brandt, who studies the port. The cuts, said Lea Novak, an "
     "expert on ferries at the harbour board, would be read as a sign of weakness.\n",
     {{"Prices will rise in the spring", "Ruth Okafor", I, NULL, "said"},
      {"said Ruth Okafor, the director of the harbour survey.", NULL, D, NULL, NULL},
      {"said Tomas Brandt, who studies the port.", NULL, D, NULL, NULL},
      {"would be read as a sign of weakness.", "Lea Novak", I, NULL, NULL}}},
    /* "As Politico reported, …": a frame opened by "as" and set off by a
     * comma says the clause after it; a speech that clause reports again
     * stays its own speaker's */
    {"as X reported",
     "Talks\n\nAs the Harbour Gazette revealed, the board agreed to sell the pier in December. As the "
     "Gazette reported, Lea Novak said the port would close. The truce, as Ruth Okafor has noted, and as "
     "Tomas Brandt stressed from this rostrum, should now hold.\n",
     {{"the board agreed to sell the pier in December.", "Harbour Gazette", I, "the Harbour Gazette", "revealed"},
      {"the port would close.", "Lea Novak", I, "Lea Novak", "said"},
      /* not "…, and as Y stressed, …": that is no clause of X's */
      {"The truce, as Ruth Okafor has noted, and as Tomas Brandt stressed from this rostrum", NULL, D, NULL,
       NULL}}},
    /* right after a determiner a word in -ly or -ed is an adjective */
    {"adjective in -ly or -ed after a determiner",
     "Talks\n\nThe ferry is the busiest in the region, according to a yearly Harbour Board survey.\n\n"
     "\"We will not pay,\" said the embattled Mayor Ruth Okafor.\n",
     {{"The ferry is the busiest in the region", "Harbour Board", I, NULL, "according to"},
      {"We will not pay", "Ruth Okafor", D, NULL, "said"}}},
    /* a call says what should be done, with a quotation or without */
    {"a call for something",
     "Talks\n\nLea Novak called for a recount of the harbour vote. Tomas Brandt is calling for the "
     "ferries to run at night.\n\nLea Novak spoke on Monday. She has called for lower fares.\n",
     {{"a recount of the harbour vote.", "Lea Novak", I, NULL, "called for"},
      {"the ferries to run at night.", "Tomas Brandt", I, NULL, "calling for"},
      {"lower fares.", "Lea Novak", I, "She", "called for"}}},
    /* a quotation right after a determiner or a preposition is a term in
     * the narration, not what the frame after it says */
    {"a quoted term before the frame",
     "Talks\n\nTo a question on the \"future of the ferry lines,\" Lea Novak said private operators "
     "can cost more than the city.\n",
     {{"private operators can cost more than the city.", "Lea Novak", I, NULL, "said"}}},
    {"a name and a colon before a quotation",
     "Talks\n\nThe mood was grim. Harbour pilot Jan Kral: \"Nobody is sailing tonight.\"\n",
     {{"Nobody is sailing tonight.", "Jan Kral", D, "Harbour pilot Jan Kral", ":"}}},
    /* a verb of stance after a named subject: what it takes is the named
     * one's view, quoted or not, to its clause's end, a phrase of the
     * moment or the next frame ("X accused Y of …", "X endorsed Y on
     * Tuesday") */
    {"a verb of stance after a name",
     "Talks\n\nLea Novak accused the harbour board of hiding the accounts, a charge it denies. "
     "Tomas Brandt endorsed Ruth Okafor on Tuesday.\n\nInes Carvalho is criticizing the new fares and said the "
     "ferry was late.\n",
     {{"the harbour board of hiding the accounts", "Lea Novak", I, "Lea Novak", "accused"},
      {"Ruth Okafor", "Tomas Brandt", I, "Tomas Brandt", "endorsed"},
      {"the new fares", "Ines Carvalho", I, NULL, "criticizing"},
      {"the ferry was late.", "Ines Carvalho", I, NULL, "said"}}},
    /* a participle after a form of "be" and a phrase set off by commas is
     * the progressive, inside the clause reported, not a frame cutting it
     * (a Kremlin page: "Russia was, as before, supporting …") */
    {"a participle of stance after 'be' and a set-off phrase",
     "Talks\n\nLea Novak confirmed that Vastland was, as before, supporting the harbour plan and would pay "
     "for the ferries.\n",
     {{"Vastland was, as before, supporting the harbour plan and would pay for the ferries.", "Lea Novak", I,
       "Lea Novak", "confirmed"}}},
};

static const qcase sources[] = {
    /* a word in -ing opening the sentence before a preposition is a
     * participle, no name: the name set off after it is the source, and a
     * pronoun after it finds that name */
    {"a participle opening the sentence is no name",
     "Talks\n\nLea Novak met the crews.\n\nSpeaking in Port Vale, Ines Carvalho, without naming her, accused "
     "Novak of waiting too long.\n\n\"You cannot just show up at election time,\" she said to applause.\n",
     {{"Novak of waiting too long.", "Ines Carvalho", I, NULL, "accused"},
      {"You cannot just show up at election time", "Ines Carvalho", D, "she", "said"}}},
    /* a participle set off between a subject and its verb of saying: both
     * frames are the subject's */
    {"a participle set off before the verb of saying",
     "Talks\n\nIrena Volk, citing data from the harbour board, said that fares rose by half.\n",
     {{"data from the harbour board", "Irena Volk", I, NULL, "citing"},
      {"fares rose by half.", "Irena Volk", I, NULL, "said"}}},
    /* a verb of thinking reports the clause after it without "that" when
     * the clause opens with a name or a determiner's phrase and a verb,
     * the frame first in its sentence and its source named; not before an
     * object ("thinks the world of her") */
    {"a verb of thinking without 'that'",
     "Talks\n\nTomas Brandt hopes his campaign can recover. Ines Carvalho thinks Vastland will pay.\n\n"
     "Irena Volk thinks the world of her.\n",
     {{"his campaign can recover.", "Tomas Brandt", I, "Tomas Brandt", "hopes"},
      {"Vastland will pay.", "Ines Carvalho", I, "Ines Carvalho", "thinks"},
      {"Irena Volk thinks the world of her.", NULL, D, NULL, NULL}}},
    /* a given name after "the", ending its phrase, names a place or a
     * thing: no "he" (news: wikipedia-2, "the Ross Dependency") */
    {"a given name after 'the' is no person",
     "Talks\n\nThe Realm of Vastland includes the Ross Dependency, which is its claim in the south.\n\n"
     "An explorer sighted Vastland in 1642. He wrote that the land was uncertain.\n",
     {{"the land was uncertain.", NULL, I, "He", "wrote"}}},
    /* the public of a place speaks as no one, the place least of all */
    {"the people of a place are no speaker",
     "Talks\n\nWe believe the people of Vastland want to decide their own future.\n",
     {{"to decide their own future.", NULL, I, "the people of Vastland", "want"}}},
    /* the one who asks, named after "by", is the source of the question */
    {"asked by someone",
     "Talks\n\nAsked by Marta Lind whether the port would close, Tomas Brandt said that it would not.\n\n"
     "Irena Volk was asked by Marta Lind if the fares were high.\n\n"
     "When asked by Marta Lind if he believed the quays were safe, Tomas Brandt said that he did not.\n",
     {{"whether the port would close", "Marta Lind", I, "Marta Lind", "Asked"},
      {"it would not.", "Tomas Brandt", I, "Tomas Brandt", "said"},
      {"if the fares were high.", "Marta Lind", I, "Marta Lind", "asked"},
      {"he did not.", "Tomas Brandt", I, "Tomas Brandt", "said"}}},
    /* "May" is a month, a modal and a name: the name after a name or a
     * closing mark; after "in" a month, before a name too */
    {"a surname that is also a month and a modal",
     "Talks\n\nRuth May said the harbour would stay open.\n\n\"We will not close it,\" May said.\n\n"
     "In May Tomas Brandt said the fares were high.\n",
     {{"the harbour would stay open.", "Ruth May", I, "Ruth May", "said"},
      {"We will not close it", "Ruth May", D, "May", "said"},
      {"the fares were high.", "Tomas Brandt", I, "Tomas Brandt", "said"}}},
    /* one word in -s right after "the" is a state or a people, never "he" */
    {"a state's name after 'the' is no 'he'",
     "Talks\n\nThe Vastlands called for Tomas Brandt to be banned from the port. He said the quays were "
     "safe.\n",
     {{"Tomas Brandt to be banned from the port.", "Vastlands", I, NULL, "called for"},
      {"the quays were safe.", "Tomas Brandt", I, "He", "said"}}},
    /* a body's name of several words goes on past "of" */
    {"a body's name of several words and 'of'",
     "Whales\n\nThe causes remain unknown, according to the Vastmark Department of Conservation.\n",
     {{"The causes remain unknown", "Vastmark Department of Conservation", I, NULL, "according to"}}},
    /* a role of a body, then the person's name set off */
    {"a role of a body, the name beside it",
     "Talks\n\nOn Monday, the director of the Bureau of Harbour Safety, Ines B. Carvalho, said that the "
     "cranes were idle.\n",
     {{"the cranes were idle.", "Ines B. Carvalho", I, NULL, "said"}}},
    /* an adverb in -ly between a source and its cue, whether the lists
     * hold it or not, in -ily too; a noun in -ly of the lists is no adverb */
    {"an adverb of manner before the cue",
     "Talks\n\nTomas Brandt gingerly said that the fares were high.\n\n"
     "Irena Volk testily replied that the port was closed.\n\n"
     "The Vastmark weekly reported that the ferry was late.\n",
     {{"the fares were high.", "Tomas Brandt", I, "Tomas Brandt", "said"},
      {"the port was closed.", "Irena Volk", I, "Irena Volk", "replied"},
      {"the ferry was late.", "Vastmark weekly", I, "The Vastmark weekly", "reported"}}},
    /* "Will" is a given name and a modal: a name after a closing mark, a
     * comma or a word, before a capitalised word or a cue no modal takes;
     * a question keeps the modal */
    {"a given name that is also a modal",
     "Talks\n\nThe columnist Will Harrow wrote on Sunday.\n\n\"The harbour will close,\" Will wrote.\n\n"
     "Will urged the council to act.\n\nWill Novak, the harbour master, said the port was safe.\n",
     {{"The harbour will close", "Will Harrow", D, "Will", "wrote"},
      {"to act.", "Will Harrow", I, "Will", "urged"},
      {"the port was safe.", "Will Novak", I, NULL, "said"}}},
    {"a modal opening a question",
     "Talks\n\nTomas Brandt runs the port. As the council meets, Will Brandt say that the port will close?\n",
     {{"the port will close?", "Tomas Brandt", I, "Brandt", "say"}}},
    /* a name's suffix ("Jr.", "III") ends the name, dot and all; the
     * surname is the word before it, a later "Okafor" the same person,
     * and a title word before the suffix ("King Jr.") a surname */
    {"a name's suffix",
     "Talks\n\nDaniel E. Okafor Jr. said the port would reopen.\n\n"
     "\"We are ready,\" Okafor said.\n",
     {{"the port would reopen.", "Daniel E. Okafor Jr.", I, "Daniel E. Okafor Jr.", "said"},
      {"We are ready", "Daniel E. Okafor Jr.", D, "Okafor", "said"}}},
    {"a title word before a name's suffix",
     "Talks\n\nTomas Lund King Jr. said the ferries would run.\n\n\"On time,\" said Tomas Lund King Jr.\n",
     {{"the ferries would run.", "Tomas Lund King Jr.", I, NULL, "said"},
      {"On time", "Tomas Lund King Jr.", D, NULL, NULL}}},
    /* a given name alone is the one person named in full with it, before
     * or after; two with it, neither */
    {"a given name after the full name",
     "Talks\n\nAnna Lindqvist runs the harbour office. \"We are ready,\" she said.\n\n\"It is late,\" Anna said.\n",
     {{"We are ready", "Anna Lindqvist", D, NULL, NULL}, {"It is late", "Anna Lindqvist", D, "Anna", NULL}}},
    {"a given name before the full name",
     "Talks\n\n\"We wait,\" Anna said.\n\n\"We hope,\" Anna Lindqvist said.\n",
     {{"We wait", "Anna Lindqvist", D, "Anna", NULL}, {"We hope", "Anna Lindqvist", D, NULL, NULL}}},
    {"a given name two people share",
     "Talks\n\nAnna Lindqvist and Anna Berg run the harbour office.\n\n\"It is late,\" Anna said.\n",
     {{"It is late", "Anna", D, "Anna", NULL}}},
    /* a state named by its form ("the Government of X", "the Republic of
     * X": data/state-forms.txt) is one speaker, the state, by the name
     * after "of": not a body of its own per form */
    {"a state by its forms",
     "Talks\n\n\"We will not sign,\" the Government of Verania said.\n\n\"It is over,\" the Republic of Verania "
     "said.\n",
     {{"We will not sign", "Verania", D, "the Government of Verania", NULL},
      {"It is over", "Verania", D, "the Republic of Verania", NULL}}},
    /* "Like X, Y …" opens with a comparison: X is neither the subject nor
     * a word of a name */
    {"a comparison opening the sentence",
     "Talks\n\nLike Lea Novak, Tomas Brandt rejected the plan, arguing that the port \"needs the money "
     "more than the city does.\" \"We agree with him,\" Novak said.\n",
     {{"the port \"needs the money more than the city does.\"", "Tomas Brandt", M, NULL, "arguing"},
      {"We agree with him", "Lea Novak", D, NULL, "said"}}},
    /* "the President of Verania": the one who holds the role, once known;
     * before, the state speaks through its officer */
    {"a role of a place is who holds it",
     "Talks\n\nThe President of Verania said that the talks went well.\n\nPresident Ivan Dorov met the press. "
     "Later the President of Verania said that the port would open.\n",
     {{"the talks went well.", "Verania", I, "The President of Verania", "said"},
      {"the port would open.", "Ivan Dorov", I, "the President of Verania", "said"}}},
    {"a body's name read in full over 'of', 'for' and 'and'",
     "Harbour talks\n\nThe Ministry of Harbour Affairs said that the quays would reopen in May. "
     "The Organisation for Coastal Trade and Shipping said that tolls would fall.\n",
     {{"the quays would reopen in May.", "Ministry of Harbour Affairs", I, "The Ministry of Harbour Affairs",
       "said"},
      {"tolls would fall.", "Organisation for Coastal Trade and Shipping", I,
       "The Organisation for Coastal Trade and Shipping", "said"}}},
    {"a person after a body is the source, not the body",
     "Harbour talks\n\nMinistry of Harbour Affairs spokeswoman Lea Novak said that the quays would reopen.\n",
     {{"the quays would reopen.", "Lea Novak", I, NULL, "said"}}},
    {"a name in capitals takes the text's spelling (a summary record)",
     "Harbour talks\n\nMr. IVO DE LANGE stated that the harbour of his country would stay open to every "
     "ship. Mr. Ivo de Lange himself was not there to make charges.\n",
     {{"the harbour of his country would stay open to every ship.", "Ivo de Lange", I, "Mr. IVO DE LANGE",
       "stated"}}},
    {"a plural role before the name is no part of it",
     "Harbour talks\n\nThe talks were attended by Deputy Prime Ministers Lea Novak and Omar Haddad. "
     "Novak said the harbour would open in May.\n",
     {{"the harbour would open in May.", "Lea Novak", I, "Novak", "said"}}},
    {"went on to say",
     "Harbour talks\n\nLea Novak went on to say that the harbour would open in May.\n",
     {{"to say that the harbour would open in May.", "Lea Novak", I, "Lea Novak", NULL}}},
    {"surname the title named in full",
     "Mayor Anna Karlsson visits the harbour\n\nMarch 3, 2025\n\n"
     "\"The harbour is ready,\" Mrs Karlsson said.\n",
     {{"The harbour is ready", "Anna Karlsson", D, "Mrs Karlsson", "said"}}},
    {"particles inside a name", "Harbour talks\n\n\"We will keep going,\" Luis de la Vega said.\n",
     {{"We will keep going", "Luis de la Vega", D, "Luis de la Vega", "said"}}},
    {"a surname of several words",
     "Harbour talks\n\nDebbie Alvarez Moreno said the port was safe. Later, Alvarez Moreno said the vote was fair.\n",
     {{"the vote was fair.", "Debbie Alvarez Moreno", I, "Alvarez Moreno", "said"}}},
    {"surname after the full name",
     "Talks\n\nUnion leader Maria Okonkwo spoke first. Okonkwo said the members were angry.\n",
     {{"the members were angry.", "Maria Okonkwo", I, "Okonkwo", "said"}}},
    {"pronoun of the right gender",
     "Talks\n\nTomas Brandt met Lea Novak on Monday. She said the talks had gone well.\n",
     {{"the talks had gone well.", "Lea Novak", I, "She", "said"}}},
    /* "she" resolved to someone no title or given name gave a gender says
     * theirs: a later "he" is someone else */
    {"a person the text called she is no later he",
     "Talks\n\nTomas Brandt opened the port on Monday. Sen. Kelda Ostrum met him there. She said the talks "
     "had gone well. For that she drew Brandt’s ire: he called her “a weak negotiator” and said "
     "the port was lost.\n",
     {{"the talks had gone well.", "Kelda Ostrum", I, "She", "said"},
      {"the port was lost.", "Tomas Brandt", I, "he", "said"}}},
    {"pronoun after the last speaker",
     "Talks\n\n\"We are ready,\" Tomas Brandt said. He added that the union would meet on Friday.\n",
     {{"the union would meet on Friday.", "Tomas Brandt", I, "He", "added"}}},
    {"she continued",
     "Talks\n\nLea Novak spoke after the vote. \"It was close,\" she said. \"Very close,\" she continued.\n",
     {{"It was close", "Lea Novak", D, NULL, NULL}, {"Very close", "Lea Novak", D, "she", "continued"}}},
    {"nominal linked to the named one",
     "Talks\n\nHazem Qassem, a spokesman for the port authority, spoke on Monday. "
     "The spokesman said the accounts had been audited twice.\n",
     {{"the accounts had been audited twice.", "Hazem Qassem", I, "The spokesman", "said"}}},
    {"a role with a place resolves to the one whose role names it",
     "Port talks\n\nLea Novak, the Verania governor, opened the port on Monday. \"We are ready,\" the Verania "
     "governor said.\n",
     {{"We are ready", "Lea Novak", D, "the Verania governor", "said"}}},
    /* the descriptions a text gives a person name them later: a place in
     * front of the title, the place the title is of, an apposition */
    {"a place before a title is the role's, not the name's",
     "Port talks\n\nVerania Gov. Lea Novak opened the port on Monday. \"We are ready,\" the governor said.\n",
     {{"We are ready", "Lea Novak", D, "the governor", "said"}}},
    {"the place a title is of",
     "Port talks\n\nSen. Lea Novak of Verania spoke at the rally. \"Momentum is ours,\" the Verania senator "
     "told reporters.\n",
     {{"Momentum is ours", "Lea Novak", D, "the Verania senator", "told"}}},
    {"a description after the title",
     "Port talks\n\nSen. Tomas Brandt, a Verania independent, spoke on Monday. The Verania senator said the "
     "count was wrong.\n",
     {{"the count was wrong.", "Tomas Brandt", I, "The Verania senator", "said"}}},
    {"organisation", "Talks\n\nThe State Department said the embassy would stay open.\n",
     {{"the embassy would stay open.", "State Department", I, "The State Department", "said"}}},
    {"'it' after an organisation that spoke in the sentence before",
     "Port talks\n\nThe Harbour Authority said the cranes were idle. It stated that the port would reopen "
     "in May.\n",
     {{"the port would reopen in May.", "Harbour Authority", I, "It", "stated"}}},
    {"a common noun before 'of' names the body with the rest of its name",
     "Talks\n\nThe Government of the Republic of Verania, like its neighbours, knows the risk and will refuse "
     "to sign the treaty.\n",
     {{"to sign the treaty.", "Government of the Republic of Verania", I, NULL, "refuse"}}},
    {"a common noun before 'for' names the body with the rest of its name",
     "Talks\n\nThe union spent more than $2 million on the strike, according to the Institute for Harbour "
     "Studies.\n",
     {{"The union spent more than $2 million on the strike", "Institute for Harbour Studies", I, NULL,
       "according to"}}},
    /* a person's people are a group of their own, never the person: the
     * group as written, the possessive dropped (one row for "Novak's
     * aides" and "Novak’ aides") */
    {"a group of a person named before",
     "Port talks\n\nMayor Lea Novak spoke on Monday. Novak aides said the vote was lost. Mayor Novak's "
     "advisers say the port will reopen in May.\n",
     {{"the vote was lost.", "Novak aides", I, "Novak aides", "said"},
      {"the port will reopen in May.", "Novak advisers", I, NULL, "say"}}},
    /* a person and their people: the person, the source spanning both;
     * not the object of a verb before */
    {"a person and their people",
     "Port talks\n\nTomas Brandt spoke on Monday. Brandt and his lawyers have said the ferry would sail "
     "again. Lea Novak met Brandt and his lawyers said the meeting went well.\n",
     {{"the ferry would sail again.", "Tomas Brandt", I, "Brandt and his lawyers", "said"},
      {"the meeting went well.", NULL, I, NULL, "said"}}},
    {"dotted initials joined by a hyphen are one name",
     "Port talks\n\nThe D.W.U.-C.L.O. said the deal would cost jobs. \"We will fight it,\" the D.W.U.-C.L.O. "
     "said in a statement.\n",
     {{"the deal would cost jobs.", "D.W.U.-C.L.O.", I, "The D.W.U.-C.L.O.", "said"},
      {"We will fight it", "D.W.U.-C.L.O.", D, NULL, "said"},
      {"the D.W.U.-C.L.O. said in a statement.", NULL, D, NULL, NULL}}},
    /* a document's maker after "by" or "from" is the source of what the
     * document says */
    {"according to a document by its maker",
     "Port talks\n\nThe port lost money in May, according to a report Tuesday from Harbour Radio. According "
     "to early results of a survey conducted by the Osland Institute, most dockers want a strike.\n",
     {{"The port lost money in May", "Harbour Radio", I, "a report Tuesday from Harbour Radio", "according to"},
      {"most dockers want a strike.", "Osland Institute", I, NULL, "According to"}}},
    /* "…, he said according to a transcript reviewed by X.": the document
     * after the cue is where the words were read, not what was said */
    {"according to a document right after the cue",
     "Port talks\n\nLea Novak spoke at the hearing. These deals take years, she said according to a "
     "transcript reviewed by Harbour Radio. They take patience.\n",
     {{"These deals take years", "Lea Novak", I, NULL, "said"},
      {"she said according to a transcript reviewed by Harbour Radio.", NULL, D, NULL, NULL}}},
    /* "Continued Novak: “…”" in news prose: a verb of saying before the
     * name frames the quotation; it is no speaker's label that would make
     * the article a transcript of "Continued Novak" */
    {"a verb of saying before a name and a colon",
     "Port talks\n\nLea Novak spoke on the radio on Monday.\n\nStated Novak:\n\n\xE2\x80\x9CThe port will "
     "close in May.\xE2\x80\x9D\n\nContinued Novak: \xE2\x80\x9CSo the dockers must wait.\xE2\x80\x9D\n\n"
     "The council met on Tuesday.\n",
     {{"The port will close in May.", "Lea Novak", D, NULL, "Stated"},
      {"So the dockers must wait.", "Lea Novak", D, NULL, "Continued"},
      {"The council met on Tuesday.", NULL, D, NULL, NULL}}},
    /* "X hit back at the council, saying …": a verb the lists do not
     * know and its particle after the name are no part of the source (it
     * was "Tomas Brandt hit back at the council"); one unknown word is a
     * head a phrase may follow ("the Harbour Board average of polls") */
    {"an unknown verb after the name of a participle's subject",
     "Port talks\n\nTomas Brandt hit back at the council on Monday, saying the port would never close. The "
     "strike will end in May, according to the Harbour Board average of polls.\n",
     {{"the port would never close.", "Tomas Brandt", I, "Tomas Brandt", "saying"},
      {"The strike will end in May", "Harbour Board", I, "the Harbour Board average of polls", "according to"}}},
    /* "When X suggested that …, Y fired back forcefully: “…”": a name, a
     * verb the lists do not know and an adverb before a colon and a
     * quotation say who speaks, and end the clause reported before them;
     * a name inside a nominal ("her Harbour Radio account posted:") does
     * not */
    {"a name and an unknown verb before a colon",
     "Port talks\n\nWhen Tomas Brandt suggested that the port would sue the city, Lea Novak fired back "
     "forcefully: \xE2\x80\x9CIf they sue us in Ostby, they are going to lose.\xE2\x80\x9D\n\nThe next "
     "day, her Harbour Radio account posted: \xE2\x80\x9CShop the look from her speech.\xE2\x80\x9D\n",
     {{"the port would sue the city", "Tomas Brandt", I, NULL, "suggested"},
      {"If they sue us in Ostby, they are going to lose.", "Lea Novak", D, "Lea Novak", NULL},
      {"The next day, her Harbour Radio account posted: \xE2\x80\x9CShop the look from her speech.\xE2\x80\x9D",
       NULL, D, NULL, NULL}}},
    {"a group named by its body, as the text writes it",
     "Port talks\n\nThe base will close in May, Harbour Ministry officials said. Senate Liberals said the "
     "vote would wait.\n",
     {{"The base will close in May", "Harbour Ministry officials", I, NULL, "said"},
      {"the vote would wait.", "Senate Liberals", I, "Senate Liberals", "said"}}},
    {"a body's name with 'on'",
     "Talks\n\nBut, as the Joint Committee on Harbours and Security has pointed out, it would also be "
     "used for other purposes.\n",
     {{"it would also be used for other purposes.", "Joint Committee on Harbours and Security", I, NULL,
       "pointed out"}}},
    /* a word opening its sentence before "and" and a name is a name
     * (the first of the two speaks, as before) */
    {"two names opening a sentence",
     "Talks\n\nHarbourline and Osland Ferries surprised the port this week by announcing that fares "
     "would fall.\n",
     {{"fares would fall.", "Harbourline", I, NULL, "announcing"}}},
    /* a word opening its sentence before a verb in -ed is its subject */
    {"a name opening a sentence before a verb in -ed",
     "Talks\n\nHarbourline interviewed twenty captains and found that most wanted the port open.\n",
     {{"most wanted the port open.", "Harbourline", I, NULL, "found"}}},
    /* a dateline opening the sentence is where, not who */
    {"a dateline before the subject of a participle",
     "Talks\n\nWASHINGTON \xE2\x80\x94 Tomas Brandt defended his plan on Sunday, saying the gains would "
     "outweigh the costs.\n",
     {{"the gains would outweigh the costs.", "Tomas Brandt", I, NULL, "saying"}}},
    /* a wire dateline with a state's abbreviation is one sentence with
     * what it opens; a participle opening the sentence after it names no
     * one; a title opening a quotation keeps its name */
    {"a dateline with a state, a participle after it, a title in a quotation",
     "Talks\n\nOSTBY, Fla. (Reuters) - Tomas Brandt met the dockers on Sunday, saying the port would "
     "reopen.\n\nOSTBY, Fla. - Rallying hundreds of dockers who are struggling, Lea Novak tried to calm "
     "them and promised to reopen the port.\n\n\xE2\x80\x9CMr. Brandt made the sacrifice, didn't "
     "he?\xE2\x80\x9D Lea Novak said.\n",
     {{"the port would reopen.", "Tomas Brandt", I, NULL, "saying"},
      {"to reopen the port.", "Lea Novak", I, NULL, "promised"},
      {"Mr. Brandt made the sacrifice, didn't he?", "Lea Novak", D, NULL, "said"}}},
    /* a cue joined by "and" to the verb before it shares that verb's
     * subject, after the phrases opening the sentence as after none: a
     * preposition's, a participle's (a cue's too: "Asked whether …") */
    {"a cue joined by and after phrases opening the sentence",
     "Talks\n\nIn an interview with the Ostby Courier on Sunday, Lea Novak defended the fares and said "
     "the ferry would run all winter.\n\nAsked whether the port would close, Tomas Brandt shook his head "
     "and said, \"Not this year, not while I am here.\"\n\nWalking to the next pier, Ines Carvalho "
     "talked about her years at sea, and said the harbour had changed.\n",
     {{"the ferry would run all winter.", "Lea Novak", I, "Lea Novak", "said"},
      {"Not this year, not while I am here.", "Tomas Brandt", D, "Tomas Brandt", "said"},
      {"the harbour had changed.", "Ines Carvalho", I, "Ines Carvalho", "said"}}},
    /* a quotation closing a sentence after words of narration goes on in
     * the voice of the one attributed before it in the paragraph; a
     * title-case one is a title, no one's words */
    {"a quotation closing a sentence goes on, a title does not",
     "Talks\n\n\"The fares will rise in spring,\" said Tomas Brandt, the harbour master. Unless the council "
     "acts, \"the ferries will stop running for good.\" The band closed with \"Songs From The Harbour "
     "Wall.\"\n",
     {{"The fares will rise in spring", "Tomas Brandt", D, "Tomas Brandt", "said"},
      {"the ferries will stop running for good.", "Tomas Brandt", D, NULL, NULL},
      {"Unless the council acts", NULL, D, NULL, NULL},
      {"The band closed with \"Songs From The Harbour Wall.", NULL, D, NULL, NULL}}},
    /* a phrase set off by two dashes between the source and its cue (the
     * source with an apposition of its own), and a participle after a
     * dash */
    {"a phrase set off by dashes, a participle after a dash",
     "Talks\n\nLea Novak \xE2\x80\x94 a teacher from Ostby \xE2\x80\x94 says she will vote for the "
     "council. Tomas Brandt, head of the dockers' union -- which was founded in 1920 -- said the strike "
     "would go on. Ines Carvalho changed her mind on the spot \xE2\x80\x93 saying the fares were too "
     "high.\n",
     {{"she will vote for the council.", "Lea Novak", I, NULL, "says"},
      {"the strike would go on.", "Tomas Brandt", I, NULL, "said"},
      {"the fares were too high.", "Ines Carvalho", I, NULL, "saying"}}},
    /* an object pronoun before the clause is the addressee; a subject
     * pronoun with a contraction opens the clause */
    {"an addressee pronoun, a contracted subject",
     "Talks\n\nLea Novak told me she had never seen the harbour so full. Tomas Brandt told reporters "
     "he'd support Ines Carvalho.\n",
     {{"she had never seen the harbour so full.", "Lea Novak", I, NULL, "told"},
      {"he'd support Ines Carvalho.", "Tomas Brandt", I, NULL, "told"}}},
    /* "as reported by X" names its source as "according to" does; without
     * "as" the cue is the verb's or a passive's */
    {"as reported by",
     "Talks\n\nAs reported by the Ostby Courier, the ferry will stop in May. Lea Novak reported by phone "
     "that the port was closed. The plan, reported by the Ostby Courier on Sunday, would close the "
     "port.\n",
     {{"the ferry will stop in May.", "Ostby Courier", I, NULL, "reported by"},
      {"the port was closed.", "Lea Novak", I, NULL, "reported"},
      {"The plan, reported by the Ostby Courier on Sunday, would close the port.", NULL, D, NULL, NULL}}},
    /* a name, a verb the lists do not know and a preposition open no
     * noun phrase: the subject is the name before the verb, not the one
     * after its preposition */
    {"a verb and its preposition between the subject and a name",
     "Talks\n\nTomas Brandt met with Lea Novak in March and said that the fares would rise.\n",
     {{"the fares would rise.", "Tomas Brandt", I, "Tomas Brandt", "said"}}},
    /* what a sentence goes on to say after "according to X," set inside it
     * is X's too, but a clause about X ("where …") or set against it */
    {"the rest of a sentence after according to",
     "Talks\n\nBut the next day, according to Lea Novak, Tomas Brandt made further demands.\n\n"
     "The port lost money, according to the Harbour Board, because the fees fell.\n\n"
     "The strike ended, according to Harbourline, where the figures are kept.\n",
     {{"Tomas Brandt made further demands.", "Lea Novak", I, NULL, "according to"},
      {"because the fees fell.", "Harbour Board", I, NULL, "according to"},
      {"The strike ended", "Harbourline", I, NULL, "according to"},
      {"according to Harbourline, where the figures are kept.", NULL, D, NULL, NULL}}},
    /* a web address ends its sentence and names a site; someone's friend
     * is not a friend of someone else named paragraphs before */
    {"a site's address, someone's friend",
     "Talks\n\nThe dockers were stunned by the news, according to Ostbyinfo.com. \"He had many plans,\" "
     "his friend Jonas Berg told the website.\n\nThe ferries stopped. The port closed. The town was "
     "quiet.\n\nLea Novak was also headed to Ostby, her friend said.\n",
     {{"The dockers were stunned by the news", "Ostbyinfo.com", I, NULL, "according to"},
      {"He had many plans", "Jonas Berg", D, NULL, "told"},
      {"Lea Novak was also headed to Ostby", NULL, I, "her friend", "said"}}},
    /* a Korean name opens with the family name: a later "Yoon" is the person */
    {"a family name first, later alone",
     "Talks\n\nSouth Korean President Yoon Suk Yeol met the dockers on Sunday.\n\n\"I am sorry,\" Yoon "
     "said.\n",
     {{"I am sorry", "Yoon Suk Yeol", D, "Yoon", "said"}}},
    /* a named source reporting a clause at its end takes it from a frame
     * inside it that names no one or says nothing; speech it reports again
     * stays its speaker's */
    {"a report of a clause with a frame inside",
     "Talks\n\nLocal officials were closing the port and urging people to stay home, Harbour Radio "
     "reported.\n\nLast month, Tomas Brandt sought to restore the deal, worth a reported $1 million, "
     "Harbourline reported.\n\nLea Novak said: \"There will always be exceptions,\" the Ostby Post "
     "reported.\n",
     {{"Local officials were closing the port and urging people to stay home", "Harbour Radio", I, NULL,
       "reported"},
      {"Last month, Tomas Brandt sought to restore the deal, worth a reported $1 million", "Harbourline", I,
       NULL, "reported"},
      {"There will always be exceptions", "Lea Novak", D, NULL, "said"}}},
    /* after a determiner and a year a cue's base form is a noun: the name
     * set off after the phrase is the source */
    {"a year before a noun that is a cue's form",
     "Talks\n\nOne of the authors of that 2013 report, Tomas Brandt, said the port would reopen.\n",
     {{"the port would reopen.", "Tomas Brandt", I, NULL, "said"}}},
    /* a participle's subject is the sentence's, over every phrase opening
     * it: a town and its region, a clause after "while", a participle */
    {"the subject of a participle after several opening phrases",
     "Talks\n\nAt a rally in Ostby, Vastmark, on Sunday, Lea Novak tried to calm the dockers, saying "
     "the port would reopen.\n\nSpeaking at a town hall in Ostby, Vastmark, Tomas Brandt went after "
     "Novak, calling her \"a quitter.\"\n\nIn a debate, while most of his rivals called for a "
     "strike, Brandt kept to the union's line, noting that the fares were high.\n",
     {{"the port would reopen.", "Lea Novak", I, NULL, "saying"},
      {"her \"a quitter.\"", "Tomas Brandt", M, NULL, "calling"},
      {"the fares were high.", "Tomas Brandt", I, NULL, "noting"}}},
    /* not a noun phrase the lists read as a frame ("his withdrawal plans");
     * a wire dateline with its agency; a name set beside the subject */
    {"the subject of a participle, not the phrase before it",
     "Talks\n\nLea Novak revised her withdrawal plans in October, saying that the ferries would "
     "stay.\n\nIn early October, the party\xE2\x80\x99s state director, Jonas Berg, reached out to the "
     "union, writing in an email: \xE2\x80\x9CWe want to meet soon.\xE2\x80\x9D\n\n"
     "OSTBY, Aug 31 (Reuters) - Tomas Brandt voiced support for Novak on Wednesday, saying she would "
     "win.\n",
     {{"the ferries would stay.", "Lea Novak", I, NULL, "saying"},
      {"We want to meet soon.", "Jonas Berg", D, NULL, "writing"},
      {"she would win.", "Tomas Brandt", I, NULL, "saying"}}},
    /* a frame after its content keeps the participle after it; a word
     * capitalised only because it opens the sentence is no subject */
    {"the participle of a frame after its content",
     "Talks\n\nOstby did not complain when the port grew, a harbour official said, adding that the "
     "costs were hard to estimate.\n\nLate last month, the union wrote to the mayor, calling the "
     "fares \"a scandal.\"\n",
     {{"the costs were hard to estimate.", NULL, I, "a harbour official", "adding"},
      {"the fares \"a scandal.\"", NULL, M, NULL, "calling"}}},
    /* more opening phrases: of time, "Here in …"; a dateline of two
     * words; a possessive's name is not the subject of its noun */
    {"the subject of a participle after a phrase of time or place",
     "Talks\n\nA few days later, Tomas Brandt reversed himself again, telling the radio that the "
     "fares were set.\n\nHere in Ostby, Lea Novak stepped up her attacks on the council, saying, "
     "\"We have got to act.\"\n\nNEW OSTBY, Vm. \xE2\x80\x94 Mayor Ines Carvalho on Thursday blamed "
     "the press for the fuss, saying they were nitpicking.\n\nIn response to the strike, Lea "
     "Novak\xE2\x80\x99s right-hand man rallied the dockers, saying: \"We have to be ready.\"\n",
     {{"the fares were set.", "Tomas Brandt", I, NULL, "telling"},
      {"We have got to act.", "Lea Novak", D, NULL, "saying"},
      {"they were nitpicking.", "Ines Carvalho", I, NULL, "saying"},
      {"In response to the strike, Lea Novak\xE2\x80\x99s right-hand man rallied the dockers, saying: "
       "\"We have to be ready.\"",
       NULL, D, NULL, NULL}}},
    /* "For the union, according to X, Monday's vote …": the clause after
     * the frame opens with a name */
    {"according to after an opening phrase, a name opening the rest",
     "Talks\n\nFor the union, according to the harbour master Jan Kral, Monday's vote represents "
     "\"a test\" of its strength.\n",
     {{"Monday's vote represents \"a test\" of its strength.", "Jan Kral", M, NULL, "according to"}}},
    /* "the TV show", "the NPA report merits": after a determiner and one
     * name, a cue's base form is a noun the name modifies */
    {"a cue's base form after a name and its determiner is a noun",
     "Talks\n\n\"It is too early,\" said Jonas Berg, who also hosts the TV show \"Dock Talk.\" \"It all "
     "depends on the fares.\"\n\nLea Novak said in a statement released by the union the NPA report "
     "merits a review.\n",
     {{"It all depends on the fares.", "Jonas Berg", D, NULL, "said"},
      {"Lea Novak said in a statement released by the union the NPA report merits a review.", NULL, D, NULL,
       NULL}}},
    /* a subject is not shared across a full stop the sentence kept, nor
     * with a base form joined to an infinitive */
    {"a subject not shared",
     "Talks\n\nIn 1907, at the request of the council, King Harald proclaimed Ostby a free "
     "port.[4] In 1947 the port adopted the statute, confirming that the council could no longer "
     "tax it.\n\nWhen, in 1945, Vastmark joined the efforts to pursue justice and maintain peace, "
     "little did we know what would come.\n",
     {{"In 1907, at the request of the council, King Harald proclaimed Ostby a free port.[4] In 1947 the "
       "port adopted the statute, confirming that the council could no longer tax it.",
       NULL, D, NULL, NULL},
      {"When, in 1945, Vastmark joined the efforts to pursue justice and maintain peace, little did we "
       "know what would come.", NULL, D, NULL, NULL}}},
    /* a title after a possessive is a role, the name set beside it the speaker */
    {"a possessive's title and the name beside it",
     "Talks\n\nHarbourline's CTO, Ines Carvalho, acknowledged that the cranes were old.\n",
     {{"the cranes were old.", "Ines Carvalho", I, NULL, "acknowledged"}}},
    /* "both" between a source of two names and the cue (two names keep
     * the last, as without it) */
    {"a source of two, both",
     "Talks\n\nLea Novak and Tomas Brandt have both argued that the port should stay open. Novak and "
     "Brandt both said the fares were too high.\n",
     {{"the port should stay open.", "Tomas Brandt", I, NULL, "argued"},
      {"the fares were too high.", "Tomas Brandt", I, NULL, "said"}}},
    /* a role with no article before the name, words the lists do not
     * know, back to the comma or the quotation the frame follows; not a
     * verb before the name, nor a programme's short title */
    {"a role with no article before the name",
     "Talks\n\nThe next ferry is almost ready, shipwright Jonas Berg recently revealed. \"The hull is done "
     "and the deck is next,\" former Ostby harbour pilot Lea Novak wrote in a column. The fares rose, he "
     "met Tomas Brandt and said. On \"Dock Talk,\" co-host Ines Carvalho asked whether the port would "
     "close.\n",
     {{"The next ferry is almost ready", "Jonas Berg", I, "shipwright Jonas Berg", "revealed"},
      {"The hull is done and the deck is next", "Lea Novak", D, NULL, "wrote"},
      {"The fares rose, he met Tomas Brandt and said.", NULL, D, NULL, NULL},
      {"whether the port would close.", "Ines Carvalho", I, NULL, "asked"}}},
    /* "No." before a number keeps its dot: the apposition goes on */
    {"an apposition with a numbered rank",
     "Talks\n\nSenator Lea Novak of Ostby, the No. 2 Liberal in the Senate, said the chamber would vote on "
     "Monday.\n",
     {{"the chamber would vote on Monday.", "Lea Novak", I, NULL, "said"}}},
    /* a phrase set off by commas between the cue and "that" */
    {"a phrase set off between the cue and that",
     "Talks\n\nLea Novak said, among other things, that the harbour master had a problem.\n",
     {{"the harbour master had a problem.", "Lea Novak", I, NULL, "said"}}},
    /* a cue's form after a possessive determiner (and an adjective) is a
     * noun, not the frame of what follows; a plural noun after one is a
     * subject ("Their opponents say") */
    {"a cue's form after a possessive determiner is a noun",
     "Talks\n\nLea Novak said in her opening remarks that the harbour would stay open. Their opponents say "
     "the fares are too high.\n",
     {{"the harbour would stay open.", "Lea Novak", I, NULL, "said"},
      {"the fares are too high.", NULL, I, "Their opponents", "say"}}},
    /* a plural nominal names the group the text names: a speaker of its
     * own (test groups_are_no_people), never a person */
    {"a plural nominal is the group it names", "Talks\n\nOfficials said the road would reopen.\n",
     {{"the road would reopen.", "Officials", I, "Officials", "said"}}},
    {"groups as sources: subject of a cue, after the cue, after 'according to'",
     "Port talks\n\nCritics said the fares were too high. The new fares are fair, said the harbour "
     "analysts. The vote was lost, according to exit polls. The protesters say the quay must stay open.\n",
     {{"the fares were too high.", "Critics", I, "Critics", "said"},
      {"The new fares are fair", "harbour analysts", I, NULL, "said"},
      {"The vote was lost", "exit polls", I, NULL, "according to"},
      {"the quay must stay open.", "protesters", I, "The protesters", "say"}}},
};

static const qcase never[] = {
    /* what names no group: a pronoun's kind, a record, a part, the public */
    {"no group: others, records, a part, the public, 'they'",
     "Port talks\n\nOthers said the fares were too high. Records show that the quay was sold. Some of the "
     "sailors said the port would close. Voters say the fares must fall. Critics met on Monday. They said "
     "the quay would stay.\n",
     {{"the fares were too high.", NULL, I, "Others", "said"},
      {"the quay was sold.", NULL, I, NULL, "show"},
      {"the fares must fall.", NULL, I, NULL, "say"},
      {"the quay would stay.", NULL, I, "They", "said"}}},
    {"a reflexive after the cue is its object: the verb reports nothing (news: a film's plot on wikipedia-4)",
     "Film\n\nIn the film, Kate finds herself reliving the same harbour festival over and over.\n",
     {{"In the film, Kate finds herself reliving the same harbour festival over and over.", NULL, D, NULL, NULL}}},
    {"... but a cue that counts with a quotation keeps it",
     "Talks\n\nTomas Brandt described himself as \"a friend of the harbour.\"\n",
     {{"himself as \"a friend of the harbour.\"", "Tomas Brandt", M, NULL, "described"}}},
    {"a text a speech cites says nothing of its own: no one is the Bible (UN speeches: NIC_42_1987)",
     "Statement\n\nThe Bible tells us that the harbour belongs to all.\n",
     {{"the harbour belongs to all.", NULL, I, "The Bible", "tells"}}},
    {"an ordinal before a document is not who made it (UN speeches: SYR_28_1973's 'Fourth')",
     "Statement\n\nIf the harbour towns were once a loose league, the Fourth Conference showed "
     "that the league is moving steadily towards one port authority.\n",
     {{"the league is moving steadily towards one port authority.", NULL, I,
       "the Fourth Conference", "showed"}}},
    {"'Final' before a document names no one (SWE_42_1987)",
     "Statement\n\nThe Final Document shows a wish to keep the quays open.\n",
     {{"a wish to keep the quays open.", NULL, I, "The Final Document", "shows"}}},
    {"'it' is no organisation named sentences before",
     "Port talks\n\nThe Harbour Authority said the cranes were idle. A letter came on Friday from a union "
     "in Lagos. Nine members signed it. It states that the strike will go on.\n",
     {{"the strike will go on.", NULL, I, "It", "states"}}},
    {"'they' is no organisation named sentences before",
     "Port talks\n\nThe Harbour Authority said the cranes were idle. A letter came from a union. Nine "
     "members signed it. They warned that the strike would go on.\n",
     {{"the strike would go on.", NULL, I, "They", "warned"}}},
    /* scripture, law, a treaty or its article is quoted, never a source:
     * the words stay those of whoever quotes it */
    {"a text quoted is no source",
     "Port talks\n\nThe Osland Covenant states that every port is open to all ships.\n",
     {{"The Osland Covenant states that every port is open to all ships.", NULL, D, NULL, NULL}}},
    {"a text quoted in a turn stays the turn's",
     "Transcript\n\nLea Novak: The Osland Covenant says: \"Every port is open to all ships.\" We stand by "
     "it.\n\nTomas Brandt: We agree with that.\n\nLea Novak: Then we are done.\n",
     {{"The Osland Covenant says: \"Every port is open to all ships.\"", "Lea Novak", D, NULL, NULL}}},
    {"a group of the public, of someone never named, or capitalised only as the sentence opens is no speaker",
     "Port talks\n\nMayor Lea Novak spoke on Monday. Brandt's lawyers said the vote was lost. Legal experts said "
     "the ban would fail. Verania voters said the port should stay open.\n",
     {{"the vote was lost.", NULL, I, NULL, "said"},
      {"the ban would fail.", NULL, I, NULL, "said"},
      {"the port should stay open.", NULL, I, NULL, "said"}}},
    {"an indefinite brings in someone new, whatever role was given before",
     "Port talks\n\nTomas Brandt, a reporter for the Harbour Post, watched the vote. \"Will the port "
     "close?\" a reporter asked the mayor. Lea Novak, a mayoral aide, spoke on Monday. Another aide said the "
     "vote would wait.\n",
     {{"Will the port close?", NULL, D, "a reporter", "asked"},
      {"the vote would wait.", NULL, I, "Another aide", "said"}}},
    {"a role with another place is not the latest of that role",
     "Port talks\n\nLea Novak, the Verania governor, opened the port on Monday. \"We are ready,\" the Osland "
     "governor said.\n",
     {{"We are ready", NULL, D, "the Osland governor", "said"}}},
    /* a name after a preposition of place says where the source is, not who */
    {"a place is no source",
     "Port talks\n\nOn Monday, prosecutors in Osland and Port Verity say the ferry company hid its losses. "
     "Or maybe, as that sailor in Lagos suggested, they are just careless.\n",
     {{"On Monday, prosecutors in Osland and Port Verity say the ferry company hid its losses.", NULL, D,
       NULL, NULL},
      {"Or maybe, as that sailor in Lagos suggested, they are just careless.", NULL, D, NULL, NULL}}},
    /* a sentence's first word, written as a name nowhere else and not the
     * subject of a verb after it, is no one's name: the participle's
     * subject is the name after the opening phrase */
    {"a sentence's first word before a phrase is no name",
     "Port talks\n\nRivals quote Mr. Brandt's kind words for the mayor. Back in 1999, Mr. Brandt voiced "
     "his respect for the mayor's plans, telling a radio station: ''We could learn from him. We never "
     "will.''\n",
     {{"We could learn from him.", "Brandt", D, NULL, "telling"}, {"We never will.", "Brandt", D, NULL, "telling"}}},
    /* "said I.": the narrator's pronoun, no initial; "Perhaps you …, and
     * want": the word before the pronoun is no subject */
    {"the first and second person name no one",
     "Port talks\n\n\"Where are you going, Tomas?\" said I.\n\nPerhaps you find a better fix, and want "
     "to rewrite the history of the port.\n",
     {{"Where are you going, Tomas?", NULL, D, NULL, NULL},
      {"to rewrite the history of the port.", NULL, I, NULL, "want"}}},
    {"a lone title-case common noun is no one's name",
     "Port talks\n\nThe Charter says that every member must pay its dues.\n",
     {{"every member must pay its dues.", NULL, I, "The Charter", "says"}}},
    {"a document named by a lone common noun has no maker of that name",
     "Port talks\n\nAccording to the rules of the Charter, every member must pay its dues.\n",
     {{"every member must pay its dues.", NULL, I, NULL, "According to"}}},
    {"'it' with a verb of intention is no source",
     "Port talks\n\nThe Harbour Authority said the cranes were idle. It hopes to reopen the port in May.\n",
     {{"to reopen the port in May.", NULL, I, "It", "hopes"}}},
    {"an infinitive after a verb of going on is no one's words",
     "Harbour talks\n\nThe Harbour Council continues to be the voice of the fishermen of the bay.\n",
     {{"The Harbour Council continues to be the voice of the fishermen of the bay.", NULL, D, NULL, NULL}}},
    {"a role in the plural is no one's name",
     "Harbour talks\n\nThe Presidents stressed they shared approaches to the crisis.\n",
     {{"they shared approaches to the crisis.", NULL, I, NULL, NULL}}},
    /* two apostrophes are quotation marks in some wire copy: a quotation
     * no cue claims is no one's, but its marks are no part of its text */
    {"quotation in two apostrophes, no cue",
     "Talks\n\n''The stories begin. But the work will never end.''\n",
     {{"The stories begin.", NULL, D, NULL, NULL}, {"But the work will never end.", NULL, D, NULL, NULL}}},
    /* a plural common noun opening its sentence, and an unknown verb before a name */
    {"a plural noun opening the sentence names no one",
     "Talks\n\nOpponents saw Harbourline's plan as reckless, and felt that the port would lose its ferries.\n",
     {{"the port would lose its ferries.", NULL, I, NULL, "felt"}}},
    /* the last name of a list after a preposition is its object: "plans" is a noun */
    {"a list after a preposition is no source",
     "Talks\n\nThe ferry line now offers riders of Basic, Plus, and Business plans to book cabins online.\n",
     {{"The ferry line now offers riders of Basic, Plus, and Business plans to book cabins online.", NULL, D,
       NULL, NULL}}},
    /* a phrase of time or place opening the sentence is no one's words
     * (what was asked, after "if", is the asker's) */
    {"an opening phrase before a frame that goes on",
     "Talks\n\nDuring the harbour meeting, Lea Novak asked Tomas Brandt if the port would close in May.\n",
     {{"During the harbour meeting, Lea Novak asked Tomas Brandt", NULL, D, NULL, NULL},
      {"if the port would close in May.", "Lea Novak", I, NULL, "asked"}}},
    /* a scare quote inside narration is not speech */
    {"scare quote", "Talks\n\nThe so-called \"peace plan\" was never published.\n",
     {{"The so-called \"peace plan\" was never published.", NULL, D, NULL, NULL}}},
    /* a capitalised word the text also writes in lowercase, or a contraction, names no one */
    {"lone sentence opener",
     "Talks\n\nThe port was shut, and someone had to pay. Someone said the ferry was late. We\xE2\x80\x99ve said the fares were too high.\n",
     {{"the ferry was late.", NULL, I, "Someone", "said"}, {"the fares were too high.", NULL, I, NULL, NULL}}},
    /* after a possessive a cue's form is a noun: "Brandt's remarks" */
    {"possessive before a cue form",
     "Talks\n\nAs the union sent out leaflets quoting Tomas Brandt's remarks, Lea Novak tried to calm the crowd.\n",
     {{"As the union sent out leaflets quoting Tomas Brandt's remarks, Lea Novak tried to calm the crowd.", NULL,
       D, NULL, NULL}}},
    /* a speech's enumeration opens no name */
    {"enumeration",
     "Talks\n\nThe talks went on.\n\nFourthly, we believe that, if our partners in the talks, the port and "
     "the city council, show goodwill, a deal could be signed within a short time.\n",
     {{"Fourthly, we believe that, if our partners in the talks, the port and the city council, show "
       "goodwill, a deal could be signed within a short time.",
       NULL, D, NULL, NULL}}},
    /* a header and its quoted value are no speech: the quotation holds no
     * word (news: ietf-1's "If-Match: \"1382694045000\"") */
    /* a title in title case with a phrase set beside it is a thing's name
     * (news: msn's "announcing \"Super Mario Run,\" the legendary …") */
    {"a title and its apposition after a cue",
     "Games\n\nThe harbour board surprised the town by announcing \"Ferry Quest Run,\" the board's first "
     "game for phones.\n",
     {{"The harbour board surprised the town by announcing \"Ferry Quest Run,\" the board's first game for "
       "phones.", NULL, D, NULL, NULL}}},
    {"a name and a colon before a quotation of no word",
     "Protocol\n\nThe client then sends If-Match: \"1382694045\" And the server may answer.\n\n"
     "A later request sets Harbour-Tag: \"2\" instead.\n\n"
     "In this case, the client can add an 'If-Match: \"1\"' header, which would trigger a conflict.\n",
     {{"The client then sends If-Match: \"1382694045\" And the server may answer.", NULL, D, NULL, NULL},
      {"A later request sets Harbour-Tag: \"2\" instead.", NULL, D, NULL, NULL},
      {"In this case, the client can add an 'If-Match: \"1\"' header, which would trigger a conflict.", NULL,
       D, NULL, NULL}}},
    /* "he" is a person, never a body: one named with its noun before "of"
     * is a body ("Ministry of Foreign Affairs", news: wikipedia-2) */
    {"a body named with its noun before 'of' is no 'he'",
     "Ferries\n\nThe Ministry of Harbour Affairs said the ferries were safe. He wrote that the quays "
     "were old.\n",
     {{"the ferries were safe.", "Ministry of Harbour Affairs", I, NULL, "said"},
      {"the quays were old.", NULL, I, "He", "wrote"}}},
    /* past an adverb the lists do not hold, a relative clause's verb
     * reports nothing: the sentence is the source's after it */
    {"a relative's verb after an adverb",
     "Talks\n\nTomas Brandt, a pilot who has successfully argued three cases before the harbour court, "
     "will run the port well, Lea Novak maintains.\n",
     {{"Tomas Brandt, a pilot who has successfully argued three cases before the harbour court, will run the "
       "port well", "Lea Novak", I, NULL, "maintains"}}},
    /* a quotation in a labelled turn is the turn's unless a cue gives it away */
    {"quotation inside a turn",
     "Host: Netanyahu said on Sunday: \"We will win this war.\" What is your answer?\n\nGuest: I disagree.\n\n"
     "Host: Why?\n\nGuest: Nobody wins a war.\n",
     {{"We will win this war.", "Netanyahu", D, "Netanyahu", "said"},
      {"What is your answer?", "Host", D, NULL, NULL},
      {"I disagree.", "Guest", D, NULL, NULL}}},
    /* a verb of stance says no one's view after a relative pronoun, with a
     * particle ("backed out of"), as a plural noun after a place's name
     * ("the Harbour attacks"), or without a name as its subject */
    {"a verb of stance not after its named subject",
     "Talks\n\nTomas Brandt, who endorsed Ruth Okafor last week, spoke. Lea Novak backed out of the talks. "
     "The Harbour attacks shocked the town. The board praised the plan.\n",
     {{"Tomas Brandt, who endorsed Ruth Okafor last week, spoke.", NULL, D, NULL, NULL},
      {"Lea Novak backed out of the talks.", NULL, D, NULL, NULL},
      {"The Harbour attacks shocked the town.", NULL, D, NULL, NULL},
      {"The board praised the plan.", NULL, D, NULL, NULL}}},
    /* nor with a particle after a pronoun as its object */
    {"a verb of stance with a particle after its object",
     "Talks\n\nLea Novak doubted the figures. Ruth Okafor backed her up. Tomas Brandt is backing them up.\n",
     {{"Ruth Okafor backed her up.", NULL, D, NULL, NULL},
      {"Tomas Brandt is backing them up.", NULL, D, NULL, NULL}}},
};

static void run(const qcase *cases, size_t n) {
  for (size_t i = 0; i < n; i++) check_case(&cases[i]);
}

static void direct_quotes(void **state) {
  (void)state;
  run(direct, sizeof direct / sizeof *direct);
}
static void indirect_speech(void **state) {
  (void)state;
  run(indirect, sizeof indirect / sizeof *indirect);
}
static void sources_resolved(void **state) {
  (void)state;
  run(sources, sizeof sources / sizeof *sources);
}
/* The speaker's role: what the text calls the person, never an honorific
 * ("Mr Brandt" has none, nor "His Excellency Tomas Varga Lund"); the full name a page's headline gives is found
 * for "Mrs Karlsson" in its prose, as in a text file's title. */
static void roles_and_the_headline(void **state) {
  (void)state;
  vb_doc *doc = parse("Talks\n\n\"We will wait,\" Mr Brandt said.\n");
  const vb_doc_view *v = vb_doc_get(doc);
  const vb_statement *st = find(v, "We will wait");
  assert_non_null(st);
  assert_true(st->speaker >= 0);
  assert_true(name_is(v->speakers[st->speaker].name, "Brandt"));
  assert_null(v->speakers[st->speaker].role.ptr);
  vb_doc_free(doc);
  /* a form of address is neither name nor role: "His Excellency" */
  doc = parse("Message\n\n\"We stand with the Assembly,\" His Excellency Tomas Varga Lund said.\n");
  v = vb_doc_get(doc);
  st = find(v, "We stand with the Assembly");
  if (!st || st->speaker < 0) dump(v);
  assert_non_null(st);
  assert_true(name_is(v->speakers[st->speaker].name, "Tomas Varga Lund"));
  vb_str role = v->speakers[st->speaker].role;
  char said_role[64];
  snprintf(said_role, sizeof said_role, "%.*s", (int)role.len, role.ptr ? role.ptr : "");
  if (strstr(said_role, "Excellency")) fail_msg("role %s", said_role);
  vb_doc_free(doc);
  static const char page[] =
      "<html><head><title>Harbour news</title></head><body><article>"
      "<h1>Mayor Anna Karlsson visits the harbour</h1>"
      "<p>The mayor came on Monday and walked along the quay with the harbour master.</p>"
      "<p>\xE2\x80\x9CThe harbour is ready,\xE2\x80\x9D Mrs Karlsson said.</p>"
      "</article></body></html>";
  vb_err err;
  doc = NULL;
  if (vb_doc_parse(page, sizeof page - 1, "q.html", NULL, &doc, &err)) fail_msg("%s", err.msg);
  v = vb_doc_get(doc);
  st = find(v, "The harbour is ready");
  if (!st || st->speaker < 0) dump(v);
  assert_non_null(st);
  assert_true(st->speaker >= 0);
  assert_true(name_is(v->speakers[st->speaker].name, "Anna Karlsson"));
  vb_doc_free(doc);
}

/* "The President said": the one person the document gives that role,
 * named in the headline with the role opening it, in the prose as "Mr
 * Dorov", or in the page's title alone; with two presidents named, no one. */
static const char *speaker_of(const char *page, const char *content) {
  static char name[64];
  vb_doc *doc = NULL;
  vb_err err;
  if (vb_doc_parse(page, strlen(page), "q.html", NULL, &doc, &err)) fail_msg("%s", err.msg);
  const vb_doc_view *v = vb_doc_get(doc);
  const vb_statement *st = find(v, content);
  if (!st) dump(v);
  assert_non_null(st);
  vb_str who = st->speaker >= 0 ? v->speakers[st->speaker].name : (vb_str){"-", 1};
  snprintf(name, sizeof name, "%.*s", (int)who.len, who.ptr);
  vb_doc_free(doc);
  return name;
}

static void the_role_a_headline_gives(void **state) {
  (void)state;
  assert_string_equal(
      speaker_of("<html><body><h1>President Ivan Dorov met with teachers</h1>"
                 "<p>Mr Dorov stressed the role of schools. The President said that every town would get a library.</p>"
                 "</body></html>",
                 "every town would get a library."),
      "Ivan Dorov");
  assert_string_equal(
      speaker_of("<html><head><title>Teachers met President Ivan Dorov</title></head><body>"
                 "<p>The meeting was held in the old school. The President said that every town would get a "
                 "library.</p></body></html>",
                 "every town would get a library."),
      "Ivan Dorov");
  assert_string_equal(
      speaker_of("<html><head><title>Teachers met President Ivan Dorov and President Lea Novak</title>"
                 "</head><body><p>The meeting was held in the old school. The President said that every town would get a "
                 "library.</p></body></html>",
                 "every town would get a library."),
      "-");
  /* "The Veranian leader", "the Veranian President": a country's
   * adjective before the role; the one person with the role, unless
   * someone else was named since ("… with Lea Novak. The Norvish
   * President said") or the role says another place */
  assert_string_equal(
      speaker_of("<html><body><h1>President Ivan Dorov met with teachers</h1>"
                 "<p>Mr Dorov visited the old school. The Veranian leader said that every town would get a library.</p>"
                 "</body></html>",
                 "every town would get a library."),
      "Ivan Dorov");
  assert_string_equal(
      speaker_of("<html><body><h1>President Ivan Dorov met with teachers</h1>"
                 "<p>Addressing them, the Veranian President said that every town would get a library.</p>"
                 "</body></html>",
                 "every town would get a library."),
      "Ivan Dorov");
  assert_string_equal(
      speaker_of("<html><body><h1>President Ivan Dorov met with teachers</h1>"
                 "<p>Mr Dorov spoke with Lea Novak. The Norvish President said that every town would get a library.</p>"
                 "</body></html>",
                 "every town would get a library."),
      "-");
  assert_string_equal(
      speaker_of("<html><body><h1>Norvish President Ivan Dorov met with teachers</h1>"
                 "<p>The school was old. The Veranian President said that every town would get a library.</p>"
                 "</body></html>",
                 "every town would get a library."),
      "-");
}

static void what_is_not_attributed(void **state) {
  (void)state;
  run(never, sizeof never / sizeof *never);
}

/* The model dispatch's summary: reported statements of Ali Baraka, by the
 * same rules as any prose. */
static void dispatch_summary(void **state) {
  (void)state;
  TEST_NEED_SHARED("corpus/memri/sd-10850.txt");
  char *bytes;
  size_t len;
  vb_err err;
  assert_int_equal(vb_file_read(SHARED_DIR "/corpus/memri/sd-10850.txt", &bytes, &len, &err), 0);
  vb_doc *doc;
  assert_int_equal(vb_doc_parse(bytes, len, "sd-10850.txt", NULL, &doc, &err), 0);
  const vb_doc_view *v = vb_doc_get(doc);
  size_t reported = 0;
  for (size_t i = 0; i < v->nstatements; i++) {
    const vb_statement *st = &v->statements[i];
    if (st->kind != VB_KIND_INDIRECT) continue;
    assert_true(st->speaker >= 0);
    assert_true(name_is(v->speakers[st->speaker].name, "Ali Baraka"));
    reported++;
  }
  assert_true(reported >= 4);
  const vb_statement *st =
      find(v, "Hamas has a license from Russia to locally produce bullets for Kalashnikovs, that Russia "
              "sympathizes with Hamas, and that it is pleased with the war because it is easing American "
              "pressure on it with regard to the war in Ukraine.");
  assert_non_null(st);
  assert_true(slice_is(v, v->attributions[st->attribution].source.start,
                       v->attributions[st->attribution].source.end, "Baraka"));
  vb_doc_free(doc);
  free(bytes);
}

/* A group the prose names is a speaker of its own: marked a group, its
 * entity a GROUP (never a PERSON), and never the person a name finds
 * ("Democrats" is no Lea Democrats, nor she it); two mentions of one group
 * are one speaker. */
static void groups_are_no_people(void **state) {
  (void)state;
  vb_doc *doc = parse("Port talks\n\nLea Novak said the fares would fall. Critics said the fares were too "
                      "high. \"It is late,\" Novak said. Later, critics said the quay was sold.\n");
  const vb_doc_view *v = vb_doc_get(doc);
  const vb_statement *a = find(v, "the fares were too high."), *b = find(v, "the quay was sold."),
                     *c = find(v, "It is late"), *d = find(v, "the fares would fall.");
  if (!a || !b || !c || !d) dump(v);
  assert_non_null(a);
  assert_non_null(b);
  assert_non_null(c);
  assert_non_null(d);
  assert_true(a->speaker >= 0 && a->speaker == b->speaker);
  assert_true(v->speakers[a->speaker].group);
  assert_true(name_is(v->speakers[a->speaker].name, "Critics"));
  assert_true(c->speaker >= 0 && c->speaker == d->speaker && c->speaker != a->speaker);
  assert_false(v->speakers[c->speaker].group);
  int typed = 0;
  for (size_t i = 0; i < v->nentities; i++) {
    if (v->entities[i].speaker == a->speaker) {
      assert_int_equal(v->entities[i].type, VB_ENT_GROUP);
      typed++;
    }
    if (v->entities[i].speaker == c->speaker) assert_int_equal(v->entities[i].type, VB_ENT_PERSON);
  }
  assert_int_equal(typed, 1);
  /* the document's JSON says it */
  char *json = NULL;
  vb_err err;
  assert_int_equal(vb_doc_to_json(doc, 0, &json, &err), 0);
  assert_non_null(strstr(json, "\"name\":\"Critics\",\"host\":false,\"group\":true"));
  free(json);
  vb_doc_free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(direct_quotes),
      cmocka_unit_test(indirect_speech),
      cmocka_unit_test(sources_resolved),
      cmocka_unit_test(roles_and_the_headline),
      cmocka_unit_test(the_role_a_headline_gives),
      cmocka_unit_test(what_is_not_attributed),
      cmocka_unit_test(dispatch_summary),
      cmocka_unit_test(groups_are_no_people),
  };
  return cmocka_run_group_tests_name("quote", tests, NULL, NULL);
}
