/* The verbatim command end to end, run as a process the way a person or a
 * script runs it: exit statuses, error lines, JSON shapes. */
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#include "core/dynlib.h"

/* the archives, in $DB and $ENTDB of every command line */
static char DB[512], ENTDB[512];
#define SEED SHARED_DIR "/corpus/memri/sd-10850.txt"

static char out[1 << 16];

/* Runs a shell command line; captures stdout+stderr into out; returns the
 * exit status. */
static int run(const char *cmd) {
  char full[4096];
  const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
  snprintf(full, sizeof full, "VERBATIM=%s/verbatim; DB='%s'; ENTDB='%s'; NO_COLOR=1; export NO_COLOR; %s 2>&1", build,
           DB, ENTDB, cmd);
  FILE *p = popen(full, "r");
  assert_non_null(p);
  size_t n = fread(out, 1, sizeof out - 1, p);
  out[n] = '\0';
  int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int setup(void **state) {
  (void)state;
  return test_archive("test-cli", DB, sizeof DB) || test_archive("test-cli-ent", ENTDB, sizeof ENTDB) ? -1 : 0;
}

/* A one-shot command binds only what every command uses: the libraries of
 * PostgreSQL, webhooks, the server and HTML are loaded by the code that
 * needs them (core/dynlib.c), and a missing one is an error naming it. */
static void loads_libraries_when_used(void **state) {
  (void)state;
  assert_int_equal(run("objdump -p $VERBATIM | grep NEEDED"), 0);
  static const char *const later[] = {"libpq", "libcurl", "libmicrohttpd", "libxml2", "libcrypto", "libsqlite3"};
  for (size_t i = 0; i < sizeof later / sizeof *later; i++)
    if (strstr(out, later[i])) fail_msg("the binary needs %s at start:\n%s", later[i], out);
  vb_dynlib none = VB_DYNLIB_INIT("libverbatim-none.so.0", "verbatim-none");
  vb_err err;
  assert_int_not_equal(vb_dynlib_load(&none, &err), 0);
  assert_non_null(strstr(err.msg, "verbatim-none"));
  assert_int_equal(vb_dynlib_load(&vb_lib_xml2, &err), 0);
  /* an HTML page and a PostgreSQL address still work from the binary */
  assert_int_equal(run("printf '<html><body><p>Ann Lee said hello.</p></body></html>' > /tmp/vb-cli-lib.html &&"
                       " $VERBATIM parse /tmp/vb-cli-lib.html --json --compact; rc=$?; rm -f /tmp/vb-cli-lib.html; exit $rc"),
                   0);
  assert_non_null(strstr(out, "Ann Lee said hello."));
  assert_int_not_equal(run("$VERBATIM search x --db postgresql://127.0.0.1:1/none"), 0);
  assert_non_null(strstr(out, "127.0.0.1"));
}

static void parse_json_and_stdin(void **state) {
  (void)state;
  assert_int_equal(run("$VERBATIM parse " SEED " --json --compact"), 0);
  assert_non_null(strstr(out, "\"series\":\"Special Dispatch\""));
  assert_int_equal(run("printf 'Host: Hi.\\n\\nAnn Lee: Hello.\\n' | $VERBATIM parse - --json"), 0);
  assert_non_null(strstr(out, "\"name\": \"Ann Lee\""));
  assert_int_equal(run("$VERBATIM parse " SEED), 0);
  assert_non_null(strstr(out, "Ali Baraka, Senior Hamas official"));
  assert_int_equal(run("$VERBATIM parse /nonexistent/file.txt"), 1);
  assert_non_null(strstr(out, "verbatim: /nonexistent/file.txt: cannot open"));
  assert_int_equal(run("$VERBATIM parse"), 2);
  assert_int_equal(run("$VERBATIM frobnicate"), 2);
  /* --body gives the text the offsets count into: here "Ann Lee" at 10 */
  assert_int_equal(run("printf 'Host: Hi.\\n\\nAnn Lee: Hello.\\n' | $VERBATIM parse - --json --compact --body"), 0);
  assert_non_null(strstr(out, ",\"body\":\"Host: Hi.\\n\\nAnn Lee: Hello.\\n\"}\n"));
  assert_int_equal(run("$VERBATIM parse - --body < /dev/null"), 2); /* only with --json */
  /* several files: one document a line, a bad one named and the rest still parsed */
  assert_int_equal(run("{ $VERBATIM parse --json --compact " SEED " /nonexistent/file.txt tests/golden/dispatch-second.txt"
                       " > build/test-cli-two.jsonl; echo status $?; } 2>&1; grep -c '^{\"id\"' build/test-cli-two.jsonl"),
                   0);
  assert_non_null(strstr(out, "verbatim: /nonexistent/file.txt: cannot open"));
  assert_non_null(strstr(out, "status 1\n2\n"));
}

/* Every command answers --help (and `help COMMAND`) with its own manual,
 * touching no archive. */
static void per_command_help(void **state) {
  (void)state;
  static const char *const cmds[] = {"parse", "init",  "ingest", "search", "show",   "speakers", "entities",
                                     "entity", "watch", "alerts", "serve",  "export", "check", "reparse"};
  for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
    char cmd[128], want[64];
    snprintf(cmd, sizeof cmd, "$VERBATIM %s --help --db /nonexistent/dir/x.db", cmds[i]);
    snprintf(want, sizeof want, "usage: verbatim %s ", cmds[i]);
    assert_int_equal(run(cmd), 0);
    if (strncmp(out, want, strlen(want))) fail_msg("%s --help: %.80s", cmds[i], out);
    snprintf(cmd, sizeof cmd, "$VERBATIM help %s", cmds[i]);
    assert_int_equal(run(cmd), 0);
    assert_int_equal(strncmp(out, want, strlen(want)), 0);
  }
  assert_int_equal(run("$VERBATIM ingest -h"), 0);
  assert_non_null(strstr(out, "--threads N"));
  assert_int_equal(run("$VERBATIM help frobnicate"), 2);
  assert_int_equal(run("$VERBATIM --help"), 0);
  assert_non_null(strstr(out, "COMMAND --help"));
  /* every command the overview lists has its manual */
  char *all = strdup(out), *rest = strstr(all, "commands:\n"), *line;
  assert_non_null(rest);
  size_t listed = 0;
  while ((line = strsep(&rest, "\n")) && (*line || !listed)) { /* up to the blank line after the list */
    char name[32], cmd[128], want[64];
    if (strncmp(line, "  ", 2) || line[2] < 'a' || line[2] > 'z' || sscanf(line + 2, "%31[a-z]", name) != 1)
      continue;
    listed++;
    snprintf(cmd, sizeof cmd, "$VERBATIM help %s", name);
    snprintf(want, sizeof want, "usage: verbatim %s ", name);
    if (run(cmd) != 0 || strncmp(out, want, strlen(want))) fail_msg("no manual for %s: %.80s", name, out);
  }
  free(all);
  assert_true(listed >= 14);
}

/* README.md's command list is the commands' synopses, each as its manual
 * opens, in the order `verbatim help` lists them: one table makes all
 * three (src/cli/commands.c), and this says when the README drifts. */
static void readme_lists_every_command(void **state) {
  (void)state;
  int rc = run("for c in $($VERBATIM help | awk '/^commands:/ { f = 1; next } f && /^$/ { exit } f { print $1 }');"
               " do $VERBATIM help $c | awk 'NR == 1 { sub(/^usage: /, \"\"); print; next } /^$/ { exit }"
               " { print substr($0, 8) }'; done > build/test-cli-synopses.txt &&"
               " awk '/^## Commands/ { f = 1; next } f && /^```/ { if (g) exit; g = 1; next } g' README.md"
               " > build/test-cli-readme.txt && test -s build/test-cli-readme.txt &&"
               " diff build/test-cli-readme.txt build/test-cli-synopses.txt");
  if (rc != 0) fail_msg("README.md's command list is not the manuals' synopses:\n%s", out);
}

static void ingest_search_show(void **state) {
  (void)state;
  assert_int_equal(run("$VERBATIM init $DB"), 0);
  assert_int_equal(run("printf 'abc\\000def' > build/test-cli-bad.txt; : > build/test-cli-empty.txt;"
                       " $VERBATIM ingest --db $DB " SEED
                       " build/test-cli-bad.txt build/test-cli-empty.txt tests/golden/dispatch-second.txt"),
                   1);
  assert_non_null(strstr(out, "build/test-cli-bad.txt: byte 3: binary input"));
  assert_non_null(strstr(out, "build/test-cli-empty.txt: empty input"));
  assert_non_null(strstr(out, "ingested 2 documents"));
  assert_non_null(strstr(out, "2 failed"));
  /* again: nothing new, said so */
  assert_int_equal(run("$VERBATIM ingest --db $DB " SEED), 0);
  assert_non_null(strstr(out, "already in the archive"));
  assert_non_null(strstr(out, "ingested 0 documents"));
  assert_int_equal(run("VERBATIM_DB=$DB $VERBATIM search 'speaker:baraka kalashnikov' --json --facets speaker,month"), 0);
  assert_non_null(strstr(out, "{\"total\":2,\"hits\":[{\"doc\":"));
  assert_non_null(strstr(out, "\"facets\":{\"speaker\":[[\"Ali Baraka\",2]],\"month\":[[\"2023-10\",2]]}"));
  assert_int_equal(run("$VERBATIM search --db $DB 'hizbullah' --docs --sort date --limit 1"), 0);
  assert_non_null(strstr(out, "1 document"));
  /* --context: the turn's sentences around the hit, in the text and the JSON */
  assert_int_equal(run("$VERBATIM search --db $DB 'bullets' --context 2 --limit 1"), 0);
  assert_non_null(strstr(out, "We have factories for manufacturing Kalashnikov rifles and their "));
  assert_non_null(strstr(out, "Our allies are those that support us with weapons and money."));
  assert_int_equal(run("$VERBATIM search --db $DB 'bullets' --context 1 --limit 1 --json"), 0);
  assert_non_null(strstr(out, "\"before\":["));
  assert_int_equal(run("$VERBATIM search --db $DB 'bullets' --context 9"), 2);
  assert_int_equal(run("$VERBATIM search --db $DB '(broken'"), 2);
  assert_non_null(strstr(out, "never closed"));
  /* the cost model: refused before it runs, saying what to narrow */
  assert_int_equal(run("$VERBATIM search --db $DB '=the =the =the the' --max-cost 1"), 2);
  assert_non_null(strstr(out, "too costly"));
  assert_non_null(strstr(out, "narrow it: =the is alone"));
  assert_int_equal(run("$VERBATIM search --db $DB '=the =the =the the' --max-cost 0"), 0);
  /* the server takes the same limit: refused at 1, answered without one */
  static const char serve[] =
      "E=build/test-cli-serve.err; rm -f $E; $VERBATIM serve --db $DB --listen 127.0.0.1:0 --threads 1 --max-cost %s"
      " 2>$E & pid=$!; port=; for i in $(seq 600); do port=$(sed -n 's|.*http://127.0.0.1:\\([0-9]*\\)/.*|\\1|p' $E);"
      " [ -n \"$port\" ] && break; sleep 0.1; done; python3 -c 'import sys, urllib.request, urllib.error\n"
      "try: r = urllib.request.urlopen(\"http://127.0.0.1:\" + sys.argv[1] + \"/api/search?q=%%3Dthe+the\", timeout=60);"
      " print(r.status)\nexcept urllib.error.HTTPError as e: print(e.code, e.read().decode())' \"$port\"; kill $pid; wait $pid";
  char cmd[1024];
  snprintf(cmd, sizeof cmd, serve, "1");
  assert_int_equal(run(cmd), 0);
  assert_non_null(strstr(out, "400 "));
  assert_non_null(strstr(out, "too costly"));
  snprintf(cmd, sizeof cmd, serve, "0");
  assert_int_equal(run(cmd), 0);
  assert_non_null(strstr(out, "200"));
  assert_null(strstr(out, "too costly"));
  assert_int_equal(run("$VERBATIM show --db $DB 10850 --json"), 0);
  assert_non_null(strstr(out, "\"number\":\"10850\""));
  assert_int_equal(run("$VERBATIM show --db $DB 20001"), 0);
  assert_non_null(strstr(out, "Omar Tessel"));
  /* a turn that goes on across a pull quote shows the heading in its place */
  {
    const char *said = strstr(out, "They did not.");
    const char *head = strstr(out, "== The Sanctions Have Failed ==");
    const char *more = strstr(out, "Our exports grew");
    if (!said || !head || !more || !(said < head && head < more)) fail_msg("show: %s", out);
  }
  assert_int_equal(run("$VERBATIM show --db $DB nothing"), 1);
  assert_int_equal(run("$VERBATIM speakers --db $DB --json"), 0);
  assert_non_null(strstr(out, "\"name\":\"Ali Baraka\""));
  assert_int_equal(run("$VERBATIM export --db $DB | wc -l"), 0);
  assert_int_equal(strtol(out, NULL, 10), 2);
  assert_int_equal(run("$VERBATIM export --db $DB --format csv kalashnikov"), 0);
  assert_non_null(strstr(out, "doc,speaker,kind,date,citation,text\n"));
  assert_non_null(strstr(out, "\"We have a Russian license to produce Kalashnikov bullets in Gaza.\""));
  /* JSON Lines: one document per line, a bad line named by its number */
  assert_int_equal(run("printf '{\"text\": \"Host: One.\"}\\n{broken\\n' > build/test-cli.jsonl;"
                       " $VERBATIM ingest --db $DB tests/e2e/records.jsonl build/test-cli.jsonl"),
                   1);
  assert_non_null(strstr(out, "build/test-cli.jsonl:2: byte 7: invalid JSON"));
  assert_non_null(strstr(out, "ingested 3 documents"));
  assert_int_equal(run("$VERBATIM search --db $DB 'speaker:\"mira sole\" appeal' --json"), 0);
  assert_non_null(strstr(out, "\"total\":1"));
  assert_non_null(strstr(out, "at 00:00:11"));
  /* a caption hit cites its time */
  assert_int_equal(run("$VERBATIM ingest --db $DB tests/golden/captions-voices.vtt"), 0);
  assert_int_equal(run("$VERBATIM search --db $DB 'port agrees' --json"), 0);
  assert_non_null(strstr(out, "\"speaker\":\"Ben Okoro\""));
  assert_non_null(strstr(out, "at 00:00:07"));
  assert_non_null(strstr(out, "\"time\":{\"start\":7.25,\"end\":13.8}"));
  /* read on a terminal, a caption's line breaks are one space */
  assert_int_equal(run("$VERBATIM search --db $DB 'port agrees'"), 0);
  assert_non_null(strstr(out, "The strike began on Monday & it will go on"));
  assert_int_equal(run("$VERBATIM check --db $DB"), 0);
  assert_non_null(strstr(out, ": ok"));
  /* on a terminal (script(1) gives one) ingest draws a progress bar */
  if (run("command -v script") == 0) {
    assert_int_equal(run("rm -f build/test-cli-tty.db*; script -qfec \"$VERBATIM ingest --db "
                         "build/test-cli-tty.db tests/golden\" /dev/null"),
                     0);
    assert_non_null(strstr(out, "files"));
    assert_non_null(strstr(out, "MB/s"));
    assert_non_null(strstr(out, "ETA"));
  }
  assert_int_equal(run("$VERBATIM search --db build/no-such.db x"), 1);
  assert_non_null(strstr(out, "no archive here"));
}

/* --language: every document's language over what the input says and
 * the guess (words are stemmed in it, lang: finds it); no ISO 639-1
 * code, a usage error. */
static void language_option(void **state) {
  (void)state;
  assert_int_equal(run("$VERBATIM parse --json --compact --language pt-BR tests/golden/abbreviations.txt"), 0);
  assert_non_null(strstr(out, "\"language\":\"pt\",\"language_from\":\"option\""));
  assert_int_equal(run("$VERBATIM parse --json --compact tests/golden/abbreviations.txt"), 0);
  assert_non_null(strstr(out, "\"language\":\"en\",\"language_from\":\"guess\""));
  assert_int_equal(run("rm -f build/test-cli-lang.db*; $VERBATIM ingest --db build/test-cli-lang.db --language english"
                       " tests/golden/abbreviations.txt"),
                   2);
  assert_non_null(strstr(out, "ISO 639-1"));
  assert_int_equal(run("printf '{\"language\": \"fr\", \"text\": \"Host: Les forets et les rivieres de la France"
                       " sont une richesse.\"}\\n' > build/test-cli-lang.jsonl;"
                       " $VERBATIM ingest --db build/test-cli-lang.db --language de build/test-cli-lang.jsonl"),
                   0);
  assert_int_equal(run("$VERBATIM search --db build/test-cli-lang.db 'lang:de rivieres' --json"), 0);
  assert_non_null(strstr(out, "\"total\":1"));
  assert_int_equal(run("$VERBATIM search --db build/test-cli-lang.db 'lang:fr rivieres' --json"), 0);
  assert_non_null(strstr(out, "\"total\":0"));
}

/* entities, entity, and the corrections from the command line */
static void entities_commands(void **state) {
  (void)state;
  /* a watch on the fresh archive first: ingest on two threads fires it
   * (this crashed once) */
  assert_int_equal(run("$VERBATIM watch --db $ENTDB add weapons 'kalashnikov OR rockets' --sink file:build/test-cli-alerts.jsonl"), 0);
  assert_int_equal(run("$VERBATIM ingest --db $ENTDB --threads 2 " SEED), 0);
  assert_int_equal(run("$VERBATIM alerts --db $ENTDB --watch weapons --json"), 0);
  assert_non_null(strstr(out, "Kalashnikov"));
  assert_int_equal(run("$VERBATIM entities --db $ENTDB --type org"), 0);
  assert_non_null(strstr(out, "Hamas"));
  assert_non_null(strstr(out, "Hizbullah"));
  assert_null(strstr(out, "Gaza")); /* a place */
  assert_int_equal(run("$VERBATIM entities --db $ENTDB hezbollah --json"), 0);
  assert_non_null(strstr(out, "\"name\":\"Hizbullah\""));
  assert_int_equal(run("$VERBATIM entity --db $ENTDB Baraka"), 0);
  assert_non_null(strstr(out, "Senior Hamas official"));
  assert_non_null(strstr(out, "2023-10-08"));
  assert_non_null(strstr(out, "mentioned with"));
  assert_int_equal(run("$VERBATIM entity --db $ENTDB rename Hizbullah Hezbollah"), 0);
  /* the dispatch's record is left out of date by the correction, and
   * kept again by reparse, once */
  assert_int_equal(run("$VERBATIM reparse --db $ENTDB"), 0);
  if (!strstr(out, "; 1 records out of date after corrections made again")) fail_msg("reparse: %s", out);
  assert_int_equal(run("$VERBATIM reparse --db $ENTDB"), 0);
  if (strstr(out, "records out of date")) fail_msg("reparse again: %s", out);
  assert_int_equal(run("$VERBATIM entity --db $ENTDB hizballah --json"), 0);
  assert_non_null(strstr(out, "\"name\":\"Hezbollah\""));
  assert_int_equal(run("$VERBATIM entity --db $ENTDB merge Nobody Hamas"), 1);
  assert_non_null(strstr(out, "no entity called \"Nobody\""));
  assert_int_equal(run("$VERBATIM entity --db $ENTDB merge Hamas"), 2);
  assert_int_equal(run("$VERBATIM entities --db $ENTDB --type nonsense"), 2);
  assert_int_equal(run("$VERBATIM search --db $ENTDB 'mentions:hizbullah' --facets entity"), 0);
  assert_non_null(strstr(out, "Hezbollah"));
}

/* An archive an older text analysis indexed: every command refuses it,
 * naming `verbatim reindex`, which indexes it again (and, on a current
 * archive, says there is nothing to do). */
static void reindex_command(void **state) {
  (void)state;
  assert_int_equal(run("$VERBATIM reindex --db $DB"), 0);
  if (!strstr(out, "the index is current (text analysis version ") || !strstr(out, "nothing to do"))
    fail_msg("current: %s", out);
  assert_int_equal(test_exec(DB, "UPDATE analysis SET version = 1", "UPDATE verbatim_analysis SET version = 1"), 0);
  static const char *const refused[] = {"search --db $DB kalashnikov", "check --db $DB", "speakers --db $DB",
                                        "ingest --db $DB tests/golden/interview-generic.txt", "export --db $DB",
                                        "reparse --db $DB"};
  for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
    char cmd[160];
    snprintf(cmd, sizeof cmd, "$VERBATIM %s", refused[i]);
    assert_int_equal(run(cmd), 1);
    if (!strstr(out, "made by text analysis version 1") || !strstr(out, "run `verbatim reindex --db "))
      fail_msg("%s: %s", refused[i], out);
  }
  assert_int_equal(run("$VERBATIM reindex --db $DB --frobnicate"), 2);
  assert_int_equal(run("$VERBATIM reindex --db $DB"), 0);
  if (!strstr(out, " documents (") || !strstr(out, "statements) indexed again with text analysis version ") ||
      !strstr(out, "(was 1)"))
    fail_msg("reindex: %s", out);
  assert_int_equal(run("$VERBATIM search --db $DB 'speaker:baraka kalashnikov' --json"), 0);
  assert_non_null(strstr(out, "{\"total\":2,"));
}

/* A turn 2^31 + 8 s in (596,523 hours): its clock is written whole, not
 * through an int that overflows ("at -596523:-14:-8" before). */
static void clock_past_int_max(void **state) {
  (void)state;
  assert_int_equal(run("printf '%s\\n' '{\"title\":\"Long clock\",\"turns\":[{\"speaker\":\"Anna Kay\","
                       "\"text\":\"The clock ran past every limit.\",\"start\":2147483656}]}' > build/test-cli-clock.jsonl"
                       " && $VERBATIM ingest --db $ENTDB build/test-cli-clock.jsonl"),
                   0);
  assert_int_equal(run("$VERBATIM search --db $ENTDB 'clock limit' --json"), 0);
  if (!strstr(out, "Anna Kay, at 596523:14:16")) fail_msg("citation: %s", out);
  assert_int_equal(run("$VERBATIM search --db $ENTDB 'clock limit' --json | sed -n 's/.*\"doc\":\"\\([0-9a-f]*\\)\".*/\\1/p'"
                       " | head -c 12 | xargs $VERBATIM show --db $ENTDB"),
                   0);
  if (!strstr(out, "[596523:14:16] Anna Kay: The clock")) fail_msg("show: %s", out);
}

/* The speakers' and entities' tables line up by characters on a terminal,
 * not by bytes: "Jörg Schönenborn" is 16 cells wide and 18 bytes long. */
static void tables_align_by_characters(void **state) {
  (void)state;
  assert_int_equal(run("printf '%s\\n' '{\"title\":\"Wide names\",\"turns\":[{\"speaker\":\"J\xC3\xB6rg Sch\xC3\xB6nenborn\","
                       "\"text\":\"Guten Tag aus K\xC3\xB6ln.\"},{\"speaker\":\"Anna Kay\",\"text\":\"Good day.\"}]}'"
                       " > build/test-cli-wide.jsonl && $VERBATIM ingest --db $ENTDB build/test-cli-wide.jsonl"),
                   0);
  assert_int_equal(run("$VERBATIM speakers --db $ENTDB"), 0);
  /* 32 cells of name, then the documents column 9 wide */
  if (!strstr(out, "\nJ\xC3\xB6rg Sch\xC3\xB6nenborn                         1          1  \n") ||
      !strstr(out, "\nAnna Kay                                 "))
    fail_msg("speakers: %s", out);
}

/* A label that names no one ("Question") is a speaker of each document's
 * own in the archive; the table lists it once, after the named speakers,
 * its documents and statements summed, not once a document as if the
 * same person were listed again. */
static void unnamed_labels_listed_once(void **state) {
  (void)state;
  assert_int_equal(run("printf '%s\\n' '{\"title\":\"Press one\",\"turns\":[{\"speaker\":\"Question\",\"text\":\"Why now?\"},"
                       "{\"speaker\":\"Olga Brink\",\"text\":\"Because the harbour opens.\"}]}'"
                       " '{\"title\":\"Press two\",\"turns\":[{\"speaker\":\"Question\",\"text\":\"And the fees?\"},"
                       "{\"speaker\":\"Question\",\"text\":\"And the ferries?\"},{\"speaker\":\"Olga Brink\",\"text\":\"Both fall.\"}]}'"
                       " > build/test-cli-unnamed.jsonl && $VERBATIM ingest --db $ENTDB build/test-cli-unnamed.jsonl"),
                   0);
  assert_int_equal(run("$VERBATIM speakers --db $ENTDB"), 0);
  const char *named = strstr(out, "\nOlga Brink "), *head = strstr(out, "\nlabels that name no one");
  const char *q = strstr(out, "\nQuestion ");
  if (!named || !head || !q || q < head || strstr(q + 1, "\nQuestion ")) fail_msg("speakers: %s", out);
  if (strncmp(q, "\nQuestion                                 2          3  \n", 56)) fail_msg("speakers: %s", out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(parse_json_and_stdin), cmocka_unit_test(loads_libraries_when_used),
      cmocka_unit_test(per_command_help),
      cmocka_unit_test(readme_lists_every_command),
      cmocka_unit_test(ingest_search_show),
      cmocka_unit_test(language_option),
      cmocka_unit_test(reindex_command),
      cmocka_unit_test(entities_commands),
      cmocka_unit_test(clock_past_int_max),
      cmocka_unit_test(tables_align_by_characters),
      cmocka_unit_test(unnamed_labels_listed_once),
  };
  return cmocka_run_group_tests_name("cli", tests, setup, NULL);
}
