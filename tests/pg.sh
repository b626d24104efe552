#!/bin/sh
# Runs a command beside a throwaway PostgreSQL cluster of its own: initdb
# and pg_ctl from Debian's postgresql package, in a temporary directory, on
# a loopback port, trusting local connections; $VERBATIM_TEST_PG names it.
# The cluster is stopped and removed when the command ends. Tests run it
# with fsync off; PG_FSYNC=on (benchmarks) keeps PostgreSQL's defaults.
# PG_REPLICA=1 adds a streaming replica of it (pg_basebackup -R) on another
# loopback port, named in $VERBATIM_TEST_PG_REPLICA.
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
  [ -d "$dir/replica" ] && as "$bin/pg_ctl" -D "$dir/replica" -m immediate stop >/dev/null 2>&1
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
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-off} -c max_connections=60 ${PG_OPTS:-}" \
    start >/dev/null 2>&1; then
    started=1
    break
  fi
done
if [ -z "$started" ]; then
  cat "$dir/server.log" >&2
  exit 1
fi
export VERBATIM_TEST_PG="postgresql://verbatim@127.0.0.1:$port/postgres"
if [ -n "${PG_REPLICA:-}" ]; then
  as "$bin/pg_basebackup" -D "$dir/replica" -R -X stream -c fast -h 127.0.0.1 -p "$port" -U verbatim \
    >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
  started=""
  for try in 1 2 3 4 5; do
    rport=$((port + try))
    if as "$bin/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -w -t 30 \
      -o "-p $rport -k $dir -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-off} -c hot_standby=on" \
      start >/dev/null 2>&1; then
      started=1
      break
    fi
  done
  [ -n "$started" ] || { cat "$dir/replica.log" >&2; exit 1; }
  export VERBATIM_TEST_PG_REPLICA="postgresql://verbatim@127.0.0.1:$rport/postgres"
fi
"$@"
