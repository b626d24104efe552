/* progress — the progress bar of work over an archive's documents
 * (reparse, reindex): drawn on stderr when it is a terminal. */
#include <time.h>
#include <unistd.h>

#include "cli.h"

static double monotonic(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

cli_progress cli_progress_start(void) { return (cli_progress){isatty(STDERR_FILENO), monotonic()}; }

void cli_progress_draw(const cli_progress *p, int64_t done, int64_t total) {
  if (!p->tty) return;
  double dt = monotonic() - p->t0, eta = done ? dt * (double)(total - done) / (double)done : 0;
  int width = 30, fill = total ? (int)((double)done / (double)total * width) : width;
  fprintf(stderr, "\r[%.*s%*s] %lld/%lld documents  ETA %.0fs  ", fill, "##############################", width - fill,
          "", (long long)done, (long long)total, eta);
}
