/* commands — the one table of verbatim's commands: each verb, the
 * function that runs it, the line `verbatim help` gives it and its manual
 * (`verbatim COMMAND --help`, `verbatim help COMMAND`), whose synopsis
 * (up to the first blank line) is also what a usage error prints and what
 * README.md's command list holds (test_cli checks that it does). */
#include <string.h>

#include "cli.h"

const cli_command cli_commands[] = {
    {"parse", cmd_parse,
     "structure transcripts, dispatches, caption files or pages; nothing is stored",
     "usage: verbatim parse FILE...|- [--json [--compact] [--body]] [--explain]\n"
     "                      [--format text|html|srt|vtt|jsonl] [--max-bad-bytes N]\n"
     "                      [--language L]\n\n"
     "Structures transcripts, dispatches, caption files or pages and prints them:\n"
     "a readable view with speakers in colour on a terminal, or the document JSON.\n"
     "Nothing is stored. - reads standard input.\n\n"
     "  --json          the document JSON (offsets are bytes of the decoded text)\n"
     "  --compact       the JSON on one line (one document a line for several)\n"
     "  --body          add the decoded text the offsets count into, as \"body\"\n"
     "  --explain       each paragraph with what it was taken for and why, instead\n"
     "  --format F      read as F instead of guessing from the name and content\n"
     "  --max-bad-bytes N  bytes that are not UTF-8 that may become U+FFFD with a\n"
     "                  warning (default 16; 0 refuses any)\n"
     "  --language L    the documents' language (ISO 639-1: en, fr, ar), over what\n"
     "                  the input says and the guess from the text\n"},
    {"init", cmd_init,
     "create an archive",
     "usage: verbatim init [DB]\n\n"
     "Creates an archive: an SQLite file, or a postgresql://… database.\n"
     "DB defaults to $VERBATIM_DB, else ./verbatim.db.\n"},
    {"ingest", cmd_ingest,
     "add files, directories, globs or standard input to the archive",
     "usage: verbatim ingest [--db DB] [--format F] [--threads N] [--max-bad-bytes N]\n"
     "                       [--language L] PATH...\n\n"
     "Parses and stores files, directories (recursively: .txt .text .html .htm .srt\n"
     ".vtt .jsonl), globs, or - (standard input). Each document goes in whole or not\n"
     "at all; one already archived (same content) is skipped. A bad file gets one\n"
     "line naming it, the byte and the reason, and the others still go in. Watches\n"
     "are matched on every new statement. Exit status 1 if anything failed.\n\n"
     "  --db DB         the archive (default $VERBATIM_DB, else ./verbatim.db)\n"
     "  --format F      read every input as text, html, srt, vtt or jsonl\n"
     "  --threads N     parsing threads (default: one per CPU)\n"
     "  --max-bad-bytes N  as for parse\n"
     "  --language L    every document's language (ISO 639-1: en, fr, ar), over what\n"
     "                  the input says (a JSON Lines \"language\", a page's lang) and\n"
     "                  the guess from the text: words are stemmed in it\n"},
    {"search", cmd_search,
     "statements (or documents) that match a query, with citations",
     "usage: verbatim search [--db DB] [--read-db REPLICA] QUERY [--json] [--docs]\n"
     "                       [--limit N] [--offset N] [--sort relevance|date]\n"
     "                       [--facets speaker,entity,tag,month,said] [--context N]\n"
     "                       [--max-cost N]\n\n"
     "Finds statements (documents with --docs) with a snippet and a citation.\n"
     "QUERY: words, \"phrases\", prefix*, AND OR NOT -, ( ), a NEAR/5 b, =exact,\n"
     "and filters speaker: mentions: type: tag: series: channel: lang: kind:\n"
     "after: before: date: doc: (docs/query.md). A filter is something to find:\n"
     "speaker:putin -sanctions works.\n\n"
     "  --json          {\"total\",\"hits\",\"facets\"}\n"
     "  --docs          documents instead of statements\n"
     "  --limit N       hits to print (default 20)\n"
     "  --offset N      hits to skip first\n"
     "  --sort S        relevance (BM25, default) or date (newest first)\n"
     "  --facets LIST   counts by speaker, entity, tag, month and said (said before or first said)\n"
     "  --context N     up to N statements of the same turn around each hit (0-5)\n"
     "  --max-cost N    refuse, before it runs, a search whose words the index holds\n"
     "                  in more than N statements in all, each time the query names\n"
     "                  them (default 10000000; 0: no limit; docs/query.md)\n"
     "  --read-db R     search a read replica\n"},
    {"show", cmd_show,
     "one archived document, or the statement a permalink names",
     "usage: verbatim show [--db DB] DOC|PERMALINK [--json]\n\n"
     "Prints an archived document by id, id prefix (6+ hex digits) or series\n"
     "number, as parse prints it and as it was stored. Given a permalink\n"
     "(/d/{doc}#s12, {doc}#s12v2, a whole URL), prints the statement it names,\n"
     "wherever a reparse has moved it.\n"},
    {"quote", cmd_quote,
     "a statement's family: first said, repeats, variants and their changed words",
     "usage: verbatim quote [--db DB] DOC:N|PERMALINK [--json]\n\n"
     "Prints the quote family of statement N of document DOC (or of the statement\n"
     "a permalink names) as a timeline: when it was first said and by whom, every\n"
     "later repeat and variant with its date, speaker and source, and the words a\n"
     "variant trimmed, inserted or replaced. A statement under six words has no\n"
     "family. The members' permalinks (DOC#sN or DOC#sNvV) can be asked in turn.\n\n"
     "  --json          the family as GET /api/statements/{DOC:N}/family answers it\n"},
    {"speakers", cmd_speakers,
     "the archive's speakers",
     "usage: verbatim speakers [--db DB] [--json]\n\n"
     "Lists the archive's speakers with their documents and statements.\n"},
    {"entities", cmd_entities,
     "people, organisations, places and groups, most mentioned first",
     "usage: verbatim entities [--db DB] [NAME] [--type PERSON|ORG|PLACE|GROUP] [--limit N] [--json]\n\n"
     "Lists people, organisations, places and groups, most mentioned first, with\n"
     "their spellings. NAME (any spelling, or part of a name) and --type narrow it.\n"},
    {"entity", cmd_entity,
     "one entity over time; an analyst's corrections",
     "usage: verbatim entity [--db DB] NAME [--json]\n"
     "       verbatim entity [--db DB] merge A B | split A SPELLING... | rename A NEW\n"
     "                       | alias add A SPELLING | alias rm A SPELLING | reject SPELLING\n\n"
     "Shows one entity (a name, any spelling, or an id like e12): its spellings,\n"
     "the role each document gives it with the date, mentions per month, who\n"
     "mentions it, what is named with it. The second form is an analyst's\n"
     "correction, stored in the archive and applied to every later document:\n"
     "  merge A B       B is A            split A S...   spellings S are another\n"
     "  rename A NEW    A is called NEW   alias add A S  spelling S means A\n"
     "  alias rm A S    S does not mean A reject S       S is not an entity at all\n"},
    {"watch", cmd_watch,
     "standing queries: add, list, remove, test",
     "usage: verbatim watch [--db DB] add NAME QUERY [--sink stdout|file:PATH|webhook:URL]\n"
     "       verbatim watch [--db DB] list [--json] | rm NAME | test QUERY\n\n"
     "Standing queries: every statement stored later is matched against every\n"
     "watch, and an alert is recorded once per watch and statement, then sent to\n"
     "the watch's sink. test shows what a query would have caught.\n"},
    {"alerts", cmd_alerts,
     "what the watches caught",
     "usage: verbatim alerts [--db DB] [--watch NAME] [--since TIME] [--json]\n\n"
     "Lists what watches caught, oldest first, with their delivery state.\n"},
    {"serve", cmd_serve,
     "the JSON API, feeds and the web UI over HTTP",
     "usage: verbatim serve [--db DB] [--read-db REPLICA]... [--listen HOST:PORT]\n"
     "                      [--token-file F] [--private] [--web DIR] [--threads N]\n"
     "                      [--no-cache] [--per-client N] [--allowed-host NAME[,NAME...]]\n"
     "                      [--max-cost N]\n\n"
     "Answers the JSON API under /api/, /health, /metrics, Atom feeds and the web\n"
     "UI until SIGINT or SIGTERM, logging one line per request.\n\n"
     "  --listen H:P    address (default 127.0.0.1:8080)\n"
     "  --read-db R     searches and reads go to the replica R (repeatable: spread over\n"
     "                  them; one that does not answer is tried again every 2 s, its\n"
     "                  reads going to --db meanwhile)\n"
     "  --token-file F  bearer tokens for writes, one a line (16 characters at least)\n"
     "  --private       reads need a token too\n"
     "  --web DIR       serve the UI from DIR instead of the built-in web/\n"
     "  --threads N     request threads (default: one per CPU)\n"
     "  --no-cache      no answer cache\n"
     "  --per-client N  connections one address may hold (default 64; 0: any)\n"
     "  --allowed-host NAME  a name the Host header may give besides the listening\n"
     "                  address (repeatable or comma-separated; * for any)\n"
     "  --max-cost N    refuse, before it runs, a search, timeline or network whose\n"
     "                  words the index holds in more than N statements in all, as\n"
     "                  search --max-cost (default 10000000; 0: no limit)\n"},
    {"export", cmd_export,
     "every document, or a query's hits, as JSON Lines or CSV",
     "usage: verbatim export [--db DB] [--format jsonl|csv] [QUERY]\n\n"
     "Writes every document as JSON Lines, or a query's hits as JSON Lines or CSV.\n"},
    {"check", cmd_check,
     "verify the archive; list documents an older parser made",
     "usage: verbatim check [--db DB]\n\n"
     "Runs SQLite's integrity check and verbatim's own invariants; exit status 1\n"
     "on any problem. Also lists the documents an older parser made (not a\n"
     "problem: they read as stored), with their parser version.\n"},
    {"reparse", cmd_reparse,
     "parse those documents again, keeping their permalinks",
     "usage: verbatim reparse [--db DB]\n\n"
     "Parses again, with this verbatim's parser, the documents an older one made,\n"
     "one transaction per document, with a progress bar on a terminal. Stopped\n"
     "half way, it goes on from there when run again. A document today's parser\n"
     "refuses is named and stays as it was (exit status 1). Old permalinks keep\n"
     "finding their statements. Then it keeps again the parse of every document\n"
     "an entity correction changed (until then parsed when read).\n"},
    {"reindex", cmd_reindex,
     "index the archive again with this verbatim's text analysis",
     "usage: verbatim reindex [--db DB]\n\n"
     "Indexes every stored statement again with this verbatim's text analysis,\n"
     "when the archive's full-text index was made by an older one (which every\n"
     "other command refuses, naming this one); says so and does nothing when the\n"
     "index is current. Batches of documents, one transaction each, with a\n"
     "progress bar on a terminal; the new analysis version is recorded with the\n"
     "last batch, so an interrupted run leaves the archive refused as before, and\n"
     "run again it carries on where it stopped. On SQLite the new index is made\n"
     "beside the old one (room for both on disk) and replaces it at the end.\n"},
};
const size_t cli_ncommands = sizeof cli_commands / sizeof *cli_commands;

const cli_command *cli_command_named(const char *name) {
  for (size_t i = 0; i < cli_ncommands; i++)
    if (!strcmp(cli_commands[i].name, name)) return &cli_commands[i];
  return NULL;
}

void cli_overview(FILE *f) {
  fprintf(f, "usage: verbatim <command> [options]\n\ncommands:\n");
  for (size_t i = 0; i < cli_ncommands; i++)
    fprintf(f, "  %-9s %s\n", cli_commands[i].name, cli_commands[i].summary);
  fprintf(f, "\n  --version   print the version\n"
             "  verbatim COMMAND --help, verbatim help COMMAND: the command's manual\n");
}

int cli_usage_error(const char *name) {
  const cli_command *c = cli_command_named(name);
  const char *end = c ? strstr(c->usage, "\n\n") : NULL;
  if (c) fprintf(stderr, "%.*s\n", (int)(end ? end - c->usage : (long)strlen(c->usage)), c->usage);
  return CLI_USAGE;
}

int cli_wants_help(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--")) return 0;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) return 1;
  }
  return 0;
}
