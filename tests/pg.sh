#!/bin/sh
# Runs a command beside a throwaway PostgreSQL cluster of its own: initdb
# and pg_ctl from Debian's postgresql package, in a temporary directory, on
# a loopback port, trusting local connections; $VERBATIM_TEST_PG names it.
# The cluster is stopped and removed when the command ends.
set -eu
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ ! -x "$bin/initdb" ]; then
  echo "pg.sh: no PostgreSQL server here (scripts/deps.sh installs Debian's postgresql)" >&2
  exit 1
fi
dir=$(mktemp -d /tmp/verbatim-pg.XXXXXX)
# initdb refuses to run as root: the cluster belongs to Debian's postgres user
as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
stop() {
  as "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 1' INT TERM
as "$bin/initdb" -D "$dir/data" -U verbatim -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
started=""
for try in 1 2 3 4 5; do
  port=$((20000 + ($$ * 7 + try * 7919) % 30000))
  if as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60" start >/dev/null 2>&1; then
    started=1
    break
  fi
done
if [ -z "$started" ]; then
  cat "$dir/server.log" >&2
  exit 1
fi
export VERBATIM_TEST_PG="postgresql://verbatim@127.0.0.1:$port/postgres"
"$@"
