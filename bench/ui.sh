#!/bin/sh
# How fast the web UI's pages are drawn on the UN General Debate archive
# (all 10,952 speeches, 1.33 M statements): `verbatim serve` on it, Debian's
# chromium (headless, puppeteer-core from tests/browser) visits each page,
# cold (the server's first answer) then warm (answers cached while the
# archive is unchanged), and prints medians. The archive is built once into
# build/bench-data/ui-un.db (several minutes). WEB=DIR serves the UI's files
# from DIR (`serve --web`), to time another version of the pages with the
# same binary and archive. PROFILE=PATH prints where that page's browser
# CPU goes instead (bench/ui-profile.mjs). Usage: sh bench/ui.sh [RUNS]
set -eu
BUILD=${BUILD:-build}
SHARED=${SHARED:-../shared}
data=$BUILD/bench-data
db=${UI_DB:-$data/ui-un.db}
mkdir -p "$data"
if [ ! -f "$db" ]; then
  if [ ! -d "$data/ungdc" ]; then
    echo "unpacking UNGDC corpus into $data ..." >&2
    tar -xzf "$SHARED/corpus/ungdc.tar.gz" -C "$data"
  fi
  echo "ingesting $data/ungdc into $db (several minutes) ..." >&2
  "$BUILD/verbatim" ingest --db "$db" "$data/ungdc" >&2
fi
[ -d web/vendor ] || sh scripts/vendor.sh
[ -d tests/browser/node_modules ] || (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
port=$((19500 + $$ % 400))
"$BUILD/verbatim" serve --db "$db" --listen 127.0.0.1:$port --threads 2 ${WEB:+--web "$WEB"} 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
if [ -n "${PROFILE:-}" ]; then # where a page's browser CPU goes (bench/ui-profile.mjs)
  node bench/ui-profile.mjs "http://127.0.0.1:$port" "$PROFILE" "${1:-3}"
else
  node bench/ui.mjs "http://127.0.0.1:$port" "${1:-5}" # waits for the server itself
fi
