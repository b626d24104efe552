/* main — dispatches `verbatim <command> …` to cmd_<command>. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct {
  const char *name;
  int (*run)(int, char **);
  const char *help;
} commands[] = {
    {"parse", cmd_parse, "parse FILE [--json] [--format F]   structure one transcript or dispatch"},
};

static void usage(FILE *f) {
  fprintf(f, "usage: verbatim <command> [options]\n\ncommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    fprintf(f, "  %s\n", commands[i].help);
  fprintf(f, "\n  --version   print the version\n");
}

void cli_error(const vb_err *err) {
  char msg[1024];
  vb_err_format(err, msg, sizeof msg);
  fprintf(stderr, "verbatim: %s\n", msg);
}

int cli_color(FILE *f) {
  const char *no = getenv("NO_COLOR");
  return isatty(fileno(f)) && !(no && no[0]);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return CLI_USAGE;
  }
  if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
    printf("verbatim %s\n", VB_VERSION);
    return CLI_OK;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "-h") == 0) {
    usage(stdout);
    return CLI_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (strcmp(argv[1], commands[i].name) == 0) return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "verbatim: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return CLI_USAGE;
}
