/* usage — `verbatim COMMAND --help` (and `verbatim help COMMAND`): each
 * command's synopsis, what it does and its options, in the manner of a
 * man page. The one-line summaries of `verbatim --help` are in main.c. */
#include <string.h>

#include "cli.h"

static const struct {
  const char *name, *text;
} usages[] = {
    {"parse",
     "usage: verbatim parse FILE...|- [--json [--compact] [--body]] [--format text|html|srt|vtt|jsonl]\n\n"
     "Structures transcripts, dispatches, caption files or pages and prints them:\n"
     "a readable view with speakers in colour on a terminal, or the document JSON.\n"
     "Nothing is stored. - reads standard input.\n\n"
     "  --json          the document JSON (offsets are bytes of the decoded text)\n"
     "  --compact       the JSON on one line (one document a line for several)\n"
     "  --body          add the decoded text the offsets count into, as \"body\"\n"
     "  --format F      read as F instead of guessing from the name and content\n"},
    {"init",
     "usage: verbatim init [DB]\n\n"
     "Creates an archive: an SQLite file, or a postgresql://… database.\n"
     "DB defaults to $VERBATIM_DB, else ./verbatim.db.\n"},
    {"ingest",
     "usage: verbatim ingest [--db DB] [--format F] [--threads N] PATH...\n\n"
     "Parses and stores files, directories (recursively: .txt .text .html .htm .srt\n"
     ".vtt .jsonl), globs, or - (standard input). Each document goes in whole or not\n"
     "at all; one already archived (same content) is skipped. A bad file gets one\n"
     "line naming it, the byte and the reason, and the others still go in. Watches\n"
     "are matched on every new statement. Exit status 1 if anything failed.\n\n"
     "  --db DB         the archive (default $VERBATIM_DB, else ./verbatim.db)\n"
     "  --format F      read every input as text, html, srt, vtt or jsonl\n"
     "  --threads N     parsing threads (default: one per CPU)\n"},
    {"search",
     "usage: verbatim search [--db DB] [--read-db REPLICA] QUERY [--json] [--docs]\n"
     "                       [--limit N] [--offset N] [--sort relevance|date]\n"
     "                       [--facets speaker,entity,tag,month] [--context N]\n\n"
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
     "  --facets LIST   counts by speaker, entity, tag and month\n"
     "  --context N     up to N statements of the same turn around each hit (0-5)\n"
     "  --read-db R     search a read replica\n"},
    {"show",
     "usage: verbatim show [--db DB] DOC|PERMALINK [--json]\n\n"
     "Prints an archived document by id, id prefix (6+ hex digits) or series\n"
     "number, as parse prints it and as it was stored. Given a permalink\n"
     "(/d/{doc}#s12, {doc}#s12v2, a whole URL), prints the statement it names,\n"
     "wherever a reparse has moved it.\n"},
    {"quote",
     "usage: verbatim quote [--db DB] DOC:N|PERMALINK [--json]\n\n"
     "Prints the quote family of statement N of document DOC (or of the statement\n"
     "a permalink names) as a timeline: when it was first said and by whom, every\n"
     "later repeat and variant with its date, speaker and source, and the words a\n"
     "variant trimmed, inserted or replaced. A statement under six words has no\n"
     "family. The members' permalinks (DOC#sN or DOC#sNvV) can be asked in turn.\n\n"
     "  --json          the family as GET /api/statements/{DOC:N}/family answers it\n"},
    {"speakers",
     "usage: verbatim speakers [--db DB] [--json]\n\n"
     "Lists the archive's speakers with their documents and statements.\n"},
    {"entities",
     "usage: verbatim entities [--db DB] [NAME] [--type PERSON|ORG|PLACE|GROUP] [--limit N] [--json]\n\n"
     "Lists people, organisations, places and groups, most mentioned first, with\n"
     "their spellings. NAME (any spelling, or part of a name) and --type narrow it.\n"},
    {"entity",
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
    {"watch",
     "usage: verbatim watch [--db DB] add NAME QUERY [--sink stdout|file:PATH|webhook:URL]\n"
     "       verbatim watch [--db DB] list [--json] | rm NAME | test QUERY\n\n"
     "Standing queries: every statement stored later is matched against every\n"
     "watch, and an alert is recorded once per watch and statement, then sent to\n"
     "the watch's sink. test shows what a query would have caught.\n"},
    {"alerts",
     "usage: verbatim alerts [--db DB] [--watch NAME] [--since TIME] [--json]\n\n"
     "Lists what watches caught, oldest first, with their delivery state.\n"},
    {"serve",
     "usage: verbatim serve [--db DB] [--read-db REPLICA] [--listen HOST:PORT]\n"
     "                      [--token-file F] [--private] [--web DIR] [--threads N]\n"
     "                      [--no-cache] [--per-client N]\n\n"
     "Answers the JSON API under /api/, /health, /metrics, Atom feeds and the web\n"
     "UI until SIGINT or SIGTERM, logging one line per request.\n\n"
     "  --listen H:P    address (default 127.0.0.1:8080)\n"
     "  --token-file F  bearer tokens for writes, one a line (16 characters at least)\n"
     "  --private       reads need a token too\n"
     "  --web DIR       serve the UI from DIR instead of the built-in web/\n"
     "  --threads N     request threads (default: one per CPU)\n"
     "  --no-cache      no answer cache\n"
     "  --per-client N  connections one address may hold (default 64; 0: any)\n"},
    {"export",
     "usage: verbatim export [--db DB] [--format jsonl|csv] [QUERY]\n\n"
     "Writes every document as JSON Lines, or a query's hits as JSON Lines or CSV.\n"},
    {"check",
     "usage: verbatim check [--db DB]\n\n"
     "Runs SQLite's integrity check and verbatim's own invariants; exit status 1\n"
     "on any problem. Also lists the documents an older parser made (not a\n"
     "problem: they read as stored), with their parser version.\n"},
    {"reparse",
     "usage: verbatim reparse [--db DB]\n\n"
     "Parses again, with this verbatim's parser, the documents an older one made,\n"
     "one transaction per document, with a progress bar on a terminal. Stopped\n"
     "half way, it goes on from there when run again. A document today's parser\n"
     "refuses is named and stays as it was (exit status 1). Old permalinks keep\n"
     "finding their statements.\n"},
};

const char *cli_usage(const char *command) {
  for (size_t i = 0; i < sizeof usages / sizeof *usages; i++)
    if (!strcmp(usages[i].name, command)) return usages[i].text;
  return NULL;
}

int cli_wants_help(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--")) return 0;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) return 1;
  }
  return 0;
}
