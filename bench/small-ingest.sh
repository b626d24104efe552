#!/bin/sh
# A small ingest into a large archive (issue 21): the instructions
# (callgrind) of `verbatim ingest` of one three-line file, this build's
# and another's ($BASE, e.g. main's build/verbatim) side by side, each on
# its own copy of $ARCHIVE (never written). Each build first ingests
# another file (what it keeps beside the archive is made then: this
# build's band table file), then the measured one; then three more files
# each, timed with their peak RSS. The files are made here; the rows they
# add are printed from both copies so their families can be compared.
# ARCHIVE=/tmp/lead-un.db BASE=../main/build/verbatim sh bench/small-ingest.sh
set -eu
BUILD=${BUILD:-build}
: "${ARCHIVE:?an archive to copy}" "${BASE:?the other build's verbatim}"
dir=$(mktemp -d /tmp/small-ingest.XXXXXX)
trap 'rm -rf "$dir"' EXIT
say() { # file, speaker, two statements
  printf '%s: "%s"\n\n%s: "%s"\n' "$2" "$3" "$2" "$4" > "$dir/$1"
}
say first.txt "Ambassador Lena Morrow" "We call on all Member States to honour their commitments under the Charter." \
  "The peace and security of the world depend on the cooperation of all nations."
say measured.txt "Minister Paul Oduya" "We reaffirm our commitment to the purposes and principles of the Charter." \
  "Climate change is the defining challenge of our time and demands action from all of us."
for i in 1 2 3; do
  say "timed$i.txt" "Delegate Number$i" "We share the grief of the people of India at this sorrowful and tragic time." \
    "His election to this high office is a demonstration of the confidence that the Member States have in him."
done
uptime
for who in base this; do
  bin=$BUILD/verbatim
  [ "$who" = base ] && bin=$BASE
  cp "$ARCHIVE" "$dir/$who.db"
  "$bin" ingest --db "$dir/$who.db" "$dir/first.txt" >/dev/null
  valgrind --tool=callgrind --callgrind-out-file="$dir/$who.cg" "$bin" ingest --db "$dir/$who.db" "$dir/measured.txt" 2>&1 |
    sed -n "s/.*Collected : /$who instructions: /p"
done
for i in 1 2 3; do
  for who in base this; do
    bin=$BUILD/verbatim
    [ "$who" = base ] && bin=$BASE
    /usr/bin/time -f "$who timed$i: %U s user, %S s sys, peak %M KB" "$bin" ingest --db "$dir/$who.db" "$dir/timed$i.txt" >/dev/null
  done
done
uptime
for who in base this; do
  printf '%s rows: ' "$who"
  sqlite3 "$dir/$who.db" "SELECT group_concat(statement_id || ':' || family || ':' || rel, ' ') FROM
    (SELECT * FROM fingerprints ORDER BY statement_id DESC LIMIT 10)"
done
