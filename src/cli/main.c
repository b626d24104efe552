/* main — dispatches `verbatim <command> …` to its cmd_<command> by the
 * table in commands.c. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

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

int cli_language(const char *cmd, const char *arg, vb_parse_opts *opts) {
  char code[3];
  if (!vb_lang_code(arg, strlen(arg), code)) {
    fprintf(stderr, "verbatim %s: --language takes an ISO 639-1 code like en, not '%s'\n", cmd, arg);
    return -1;
  }
  opts->language = arg;
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

int cli_one_name(int argc, char **argv, const char *command, const char **db, const char **name, int *json) {
  *db = cli_db_default();
  *name = NULL;
  *json = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) *db = argv[++i];
    else if (strcmp(argv[i], "--json") == 0) *json = 1;
    else if (!*name && argv[i][0] != '-') *name = argv[i];
    else *name = NULL, i = argc;
  }
  return *name ? CLI_OK : cli_usage_error(command);
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
    cli_overview(stderr);
    return CLI_USAGE;
  }
  if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
    printf("verbatim %s (parser version %d)\n", VB_VERSION, VB_PARSER_VERSION);
    return CLI_OK;
  }
  if (strcmp(argv[1], "help") == 0 && argc > 2) {
    const cli_command *c = cli_command_named(argv[2]);
    if (!c) {
      fprintf(stderr, "verbatim: unknown command '%s'\n", argv[2]);
      cli_overview(stderr);
      return CLI_USAGE;
    }
    fputs(c->usage, stdout);
    return CLI_OK;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "-h") == 0) {
    cli_overview(stdout);
    return CLI_OK;
  }
  const cli_command *c = cli_command_named(argv[1]);
  if (!c) {
    fprintf(stderr, "verbatim: unknown command '%s'\n", argv[1]);
    cli_overview(stderr);
    return CLI_USAGE;
  }
  if (cli_wants_help(argc - 1, argv + 1)) {
    fputs(c->usage, stdout);
    return CLI_OK;
  }
  return c->run(argc - 1, argv + 1);
}
