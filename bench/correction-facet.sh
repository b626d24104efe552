#!/bin/sh
# The entity facet on a server before and after an analyst's correction:
# `verbatim serve` on ARCHIVE (a copy: the correction is written to it),
# warmed, `peace` and `nuclear` searched with the entity facet, an alias
# added to Oslo, the searches again right after and AFTER seconds later
# (`limit` varied so no answer is cached); Server-Timing (server CPU and
# the archive's pages read) printed for each.
# Usage: sh bench/correction-facet.sh BIN ARCHIVE_COPY [ALIAS]
set -eu
bin=$1 db=$2 alias=${3:-Oslo Accord}
port=$((19900 + $$ % 90))
tok=$(mktemp)
echo "bench-correction-facet-token" > "$tok"
"$bin" serve --db "$db" --listen 127.0.0.1:$port --threads 2 --token-file "$tok" 2>"${LOG:-/dev/null}" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$tok"' EXIT
for i in $(seq 1 300); do curl -sf http://127.0.0.1:$port/health >/dev/null && break; sleep 0.2; done
sleep ${WARM:-90} # the warmer loads every connection's columns and entities
warmed() { curl -s http://127.0.0.1:$port/metrics | grep '^verbatim_connections_warmed_total' | tr '\n' ' '; echo; }
t() { curl -s -o /dev/null -D - "http://127.0.0.1:$port$1" | grep -i server-timing | tr -d '\r'; }
n=1
ask() {
  for q in "$@"; do
    n=$((n + 1))
    echo "$when $q: $(t "/api/search?q=$q&limit=$n&facets=entity&sort=date")"
  done
}
warmed
when=before ask peace nuclear
curl -s -X POST -H "Authorization: Bearer bench-correction-facet-token" -H 'Content-Type: application/json' \
  -d "{\"op\":\"alias-add\",\"args\":[\"$alias\"]}" "http://127.0.0.1:$port/api/entities/Oslo/corrections"
echo
when="right after" ask peace nuclear
sleep ${AFTER:-30}
warmed
when="${AFTER:-30} s after" ask peace nuclear sanctions
