/* cmd_serve — `verbatim serve`: the archive over HTTP until SIGINT or
 * SIGTERM, logging one line per request on stderr. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int usage(void) { return cli_usage_error("serve"); }

int cmd_serve(int argc, char **argv) {
  vb_server_opts o = {.db = cli_db_default(), .listen = "127.0.0.1:8080", .log = stderr};
  char *hosts = NULL;
  const char *replicas[16]; /* --read-db, repeatable */
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) o.db = argv[++i];
    else if (strcmp(argv[i], "--read-db") == 0 && i + 1 < argc) {
      if (o.nread_dbs == (int)(sizeof replicas / sizeof *replicas)) {
        fprintf(stderr, "verbatim serve: at most %zu --read-db\n", sizeof replicas / sizeof *replicas);
        free(hosts);
        return usage();
      }
      replicas[o.nread_dbs++] = argv[++i];
      o.read_dbs = replicas;
    }
    else if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) o.listen = argv[++i];
    else if (strcmp(argv[i], "--token-file") == 0 && i + 1 < argc) o.token_file = argv[++i];
    else if (strcmp(argv[i], "--allowed-host") == 0 && i + 1 < argc) {
      /* repeatable: the names join one list */
      size_t n = hosts ? strlen(hosts) + 1 : 0, k = strlen(argv[++i]);
      char *more = realloc(hosts, n + k + 1);
      if (!more) {
        free(hosts);
        return CLI_FAILED;
      }
      hosts = more;
      if (n) hosts[n - 1] = ',';
      memcpy(hosts + n, argv[i], k + 1);
      o.allowed_hosts = hosts;
    }
    else if (strcmp(argv[i], "--web") == 0 && i + 1 < argc) o.web_dir = argv[++i];
    else if (strcmp(argv[i], "--private") == 0) o.priv = 1;
    else if (strcmp(argv[i], "--no-cache") == 0) o.cache = -1;
    else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      if (cli_number("--threads", argv[++i], 1, 64, &o.threads)) {
        free(hosts);
        return CLI_USAGE;
      }
    } else if (strcmp(argv[i], "--max-cost") == 0 && i + 1 < argc) {
      /* as search's: 0 on the command line is no limit (the library's 0 is its default) */
      int n;
      if (cli_number("--max-cost", argv[++i], 0, 2000000000, &n)) {
        free(hosts);
        return CLI_USAGE;
      }
      o.query_cost = n ? n : -1;
    } else if (strcmp(argv[i], "--per-client") == 0 && i + 1 < argc) {
      /* 0 on the command line: any number (the library's 0 is its default) */
      if (cli_number("--per-client", argv[++i], 0, 1 << 20, &o.per_client)) {
        free(hosts);
        return CLI_USAGE;
      }
      if (o.per_client == 0) o.per_client = -1;
    } else {
      free(hosts);
      return usage();
    }
  }
  if (o.priv && !o.token_file) {
    fprintf(stderr, "verbatim serve: --private needs --token-file\n");
    free(hosts);
    return CLI_USAGE;
  }
  /* the signals are waited for here, not delivered to the server threads */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  vb_server *s;
  vb_err err;
  if (vb_server_start(&o, &s, &err)) {
    cli_error(&err);
    free(hosts);
    return CLI_FAILED;
  }
  fprintf(stderr, "verbatim: serving %s on http://%.*s:%d/ (writes %s)\n", o.db,
          (int)(strrchr(o.listen, ':') - o.listen), o.listen, vb_server_port(s),
          o.token_file ? "with a token" : "off");
  int sig;
  sigwait(&set, &sig);
  fprintf(stderr, "verbatim: stopping\n");
  vb_server_stop(s);
  free(hosts);
  return CLI_OK;
}
