/* main — dispatches `verbatim <command> …` to cmd_<command>. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct {
  const char *name;
  int (*run)(int, char **);
  const char *help;
} commands[] = {
    {"parse", cmd_parse, "parse FILE|- [--json] [--format F]        structure one transcript or dispatch"},
    {"init", cmd_init, "init [DB]                                 create an archive"},
    {"ingest", cmd_ingest, "ingest [--db DB] PATH...                  add files, directories, globs or - (stdin)"},
    {"search", cmd_search, "search [--db DB] QUERY [--json] [--docs] [--limit N] [--offset N]\n"
                           "         [--sort relevance|date] [--facets speaker,entity,tag,month]"},
    {"show", cmd_show, "show [--db DB] DOC|PERMALINK [--json]     one archived document or statement"},
    {"quote", cmd_quote, "quote [--db DB] DOC:N [--json]             a statement's family: first said, repeats,\n"
                         "                                          variants and their changed words"},
    {"speakers", cmd_speakers, "speakers [--db DB] [--json]               speakers across the archive"},
    {"entities", cmd_entities, "entities [--db DB] [NAME] [--type T] [--json]  people, organisations, places"},
    {"entity", cmd_entity, "entity [--db DB] NAME [--json]            one entity over time; also merge|split|\n"
                           "                                          rename|alias add|alias rm|reject"},
    {"watch", cmd_watch, "watch [--db DB] add NAME QUERY [--sink S] | list | rm NAME | test QUERY\n"
                         "                                          standing queries"},
    {"alerts", cmd_alerts, "alerts [--db DB] [--watch NAME] [--since T] [--json]  what watches caught"},
    {"serve", cmd_serve, "serve [--db DB] [--listen HOST:PORT] [--token-file F] [--private]\n"
                         "                                          the JSON API and the web UI"},
    {"export", cmd_export, "export [--db DB] [--format jsonl|csv] [QUERY]  documents, or a query's hits"},
    {"check", cmd_check, "check [--db DB]                           verify the archive's integrity; list\n"
                         "                                          documents an older parser made"},
    {"reparse", cmd_reparse, "reparse [--db DB]                         parse those documents again, keeping\n"
                             "                                          their permalinks"},
};

static void usage(FILE *f) {
  fprintf(f, "usage: verbatim <command> [options]\n\ncommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    fprintf(f, "  %s\n", commands[i].help);
  fprintf(f, "\n  --version   print the version\n"
             "  verbatim COMMAND --help, verbatim help COMMAND: the command's manual\n");
}

void cli_error(const vb_err *err) {
  char msg[1024];
  vb_err_format(err, msg, sizeof msg);
  fprintf(stderr, "verbatim: %s\n", msg);
}

void cli_warnings(const vb_doc_view *v) {
  for (size_t i = 0; i < v->nwarnings; i++)
    fprintf(stderr, "verbatim: %.*s: warning: %s\n", (int)v->path.len, v->path.ptr ? v->path.ptr : "",
            v->warnings[i]);
}

int cli_max_bad_bytes(const char *arg, vb_parse_opts *opts) {
  int n;
  if (cli_number("--max-bad-bytes", arg, 0, 1 << 30, &n)) return -1;
  opts->max_bad_bytes = n ? n : -1;
  return 0;
}

const char *cli_db_default(void) {
  const char *env = getenv("VERBATIM_DB");
  return env && env[0] ? env : "verbatim.db";
}

vb_store *cli_open_store(const char *path, int create) {
  vb_store *st;
  vb_err err;
  if (vb_store_open(path, create, &st, &err)) {
    cli_error(&err);
    return NULL;
  }
  return st;
}

int cli_one_name(int argc, char **argv, const char *usage, const char **db, const char **name, int *json) {
  *db = cli_db_default();
  *name = NULL;
  *json = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) *db = argv[++i];
    else if (strcmp(argv[i], "--json") == 0) *json = 1;
    else if (!*name && argv[i][0] != '-') *name = argv[i];
    else *name = NULL, i = argc;
  }
  if (!*name) {
    fprintf(stderr, "usage: %s\n", usage);
    return CLI_USAGE;
  }
  return CLI_OK;
}

int cli_color(FILE *f) {
  const char *no = getenv("NO_COLOR");
  return isatty(fileno(f)) && !(no && no[0]);
}

int cli_number(const char *flag, const char *arg, long lo, long hi, int *out) {
  char *end;
  errno = 0;
  long v = strtol(arg, &end, 10);
  if (errno || end == arg || *end || v < lo || v > hi) {
    fprintf(stderr, "verbatim: %s wants a whole number from %ld to %ld, not '%s'\n", flag, lo, hi, arg);
    return -1;
  }
  *out = (int)v;
  return 0;
}

int main(int argc, char **argv) {
  /* A file-size limit (ulimit -f) must fail a write with EFBIG, which the
   * archive reports and rolls back, not kill the process mid-commit. */
  signal(SIGXFSZ, SIG_IGN);
  if (argc < 2) {
    usage(stderr);
    return CLI_USAGE;
  }
  if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
    printf("verbatim %s (parser version %d)\n", VB_VERSION, VB_PARSER_VERSION);
    return CLI_OK;
  }
  if (strcmp(argv[1], "help") == 0 && argc > 2) {
    const char *u = cli_usage(argv[2]);
    if (!u) {
      fprintf(stderr, "verbatim: unknown command '%s'\n", argv[2]);
      usage(stderr);
      return CLI_USAGE;
    }
    fputs(u, stdout);
    return CLI_OK;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "-h") == 0) {
    usage(stdout);
    return CLI_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (strcmp(argv[1], commands[i].name) == 0) {
      if (cli_wants_help(argc - 1, argv + 1) && cli_usage(argv[1])) {
        fputs(cli_usage(argv[1]), stdout);
        return CLI_OK;
      }
      return commands[i].run(argc - 1, argv + 1);
    }
  fprintf(stderr, "verbatim: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return CLI_USAGE;
}
