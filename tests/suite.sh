#!/bin/sh
# make test: runs tests/run.sh on every test, and the archive tests named
# after --postgres a second time on a throwaway PostgreSQL cluster when one
# can be started here (tests/pg.sh; Debian's postgresql package, which
# `make deps` installs). Says which suite it ran; USE_PG=no skips PostgreSQL.
# The last line is run.sh's "N passed, N failed".
set -u
have_pg=""
if [ "${USE_PG:-yes}" != no ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  have_pg=1
fi
if [ -n "$have_pg" ]; then
  echo "# suite: SQLite, then PostgreSQL (a throwaway cluster, tests/pg.sh)"
  PG_REPLICA=1 exec sh tests/pg.sh sh tests/run.sh "$@"
fi
# Without a server: drop --postgres and what follows, and test_backends (it
# compares the two backends).
args=""
for t in "$@"; do
  [ "$t" = --postgres ] && break
  case "$t" in */test_backends) continue ;; esac
  args="$args $t"
done
if [ "${USE_PG:-yes}" = no ]; then
  echo "# suite: SQLite only (USE_PG=no)"
else
  echo "# suite: SQLite only: no PostgreSQL server here (make deps installs Debian's postgresql)"
fi
# shellcheck disable=SC2086
exec sh tests/run.sh $args
