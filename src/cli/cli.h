/* cli — the verbatim command: one cmd_<verb>.c per command, each using
 * only the public API. Commands return a process exit status. */
#ifndef VB_CLI_H
#define VB_CLI_H

#include <pthread.h>
#include <stdio.h>

#include "verbatim.h"

/* Exit statuses: 0 ok, 1 some input failed, 2 usage error. */
enum { CLI_OK = 0, CLI_FAILED = 1, CLI_USAGE = 2 };

int cmd_parse(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_quote(int argc, char **argv);
int cmd_speakers(int argc, char **argv);
int cmd_entities(int argc, char **argv);
int cmd_entity(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_alerts(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_reparse(int argc, char **argv);
int cmd_reindex(int argc, char **argv);


/* commands.c: the one table of commands. */
typedef struct cli_command {
  const char *name;            /* the verb: "search" */
  int (*run)(int, char **);    /* cmd_<verb>, given argv from the verb on */
  const char *summary;         /* its line in `verbatim help` */
  const char *usage;           /* its manual; the synopsis up to the first blank line */
} cli_command;
extern const cli_command cli_commands[];
extern const size_t cli_ncommands;
/* The command called name, or NULL. */
const cli_command *cli_command_named(const char *name);
/* `verbatim help`: every command with its summary. */
void cli_overview(FILE *f);
/* Prints the command's synopsis to stderr; returns CLI_USAGE. */
int cli_usage_error(const char *name);
/* Whether the arguments ask for the manual (--help or -h before any --). */
int cli_wants_help(int argc, char **argv);

/* Prints a document as the readable view. */
int cli_render_doc(const vb_doc *doc, FILE *f, int color);

/* printf arguments for "%.*s" of a slice (an unknown one prints as ""). */
/* Prints s[0..n) in a column `width` terminal cells wide: cut at a whole
 * character when longer ("Jörg Schönenborn" takes 16 cells, not 18
 * bytes), padded with spaces when shorter. */
void cli_cell(FILE *f, const char *s, size_t n, int width);

#define CLI_STR(s) (int)(s).len, (s).ptr ? (s).ptr : ""
/* The same, or `dflt` for an unknown one. */
#define CLI_STR_OR(s, dflt) (int)((s).ptr ? (s).len : strlen(dflt)), (s).ptr ? (s).ptr : (dflt)

/* The archive path: --db DB if given, else $VERBATIM_DB, else ./verbatim.db. */
const char *cli_db_default(void);
/* Opens the archive for a command; prints the error and returns NULL. */
vb_store *cli_open_store(const char *path, int create);

/* The line of a command about one thing it names (`quote DOC:N`):
 * reads `[--db DB] NAME [--json]` into *db, *name and *json (--json
 * given); CLI_OK, or CLI_USAGE with the command's synopsis printed. */
int cli_one_name(int argc, char **argv, const char *command, const char **db, const char **name, int *json);

/* Prints "verbatim: <file>: byte <n>: <reason>" to stderr. */
void cli_error(const vb_err *err);
/* Prints a document's warnings, "verbatim: <file>: warning: …", to stderr. */
void cli_warnings(const vb_doc_view *v);
/* --max-bad-bytes N: how many bytes that are not UTF-8 may become U+FFFD
 * (0: none, the input is refused). 0, or prints why and returns -1. */
int cli_max_bad_bytes(const char *arg, vb_parse_opts *opts);
/* --language L into opts (arg is kept, not copied); -1 with a message
 * when L is no ISO 639-1 code. */
int cli_language(const char *cmd, const char *arg, vb_parse_opts *opts);
/* A whole number argument in [lo, hi]: 0, or prints why and returns -1. */
int cli_number(const char *flag, const char *arg, long lo, long hi, int *out);
/* A progress bar on stderr for work over documents, when it is a
 * terminal: started at cli_progress_start, drawn at each step. */
typedef struct cli_progress {
  int tty;
  double t0;
} cli_progress;
cli_progress cli_progress_start(void);
void cli_progress_draw(const cli_progress *p, int64_t done, int64_t total);
/* True when colour should be used on stream f (a terminal, NO_COLOR unset). */
int cli_color(FILE *f);

#endif
