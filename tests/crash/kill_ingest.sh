#!/usr/bin/env bash
# kill_ingest — no crash loses a committed document or leaves half of one.
# A reference archive is made by one uninterrupted ingest of real
# documents. The same ingest into a second archive is then killed with
# SIGKILL at KILL_ROUNDS random moments (each round resumes where the last
# one was killed); after every kill `verbatim check` must find nothing
# wrong and no document committed before may be missing. Run to completion
# at last, the second archive must equal the reference: counts, a
# full-text search, speakers and every document as exported.
# KILL_SEED repeats a run. Prints TAP for tests/run.sh.
set -u
# shellcheck source=tests/crash/lib.sh
. "$(dirname "$0")/lib.sh"

crash_setup crash-kill 5 || { finish; exit 1; }

t0=$(now)
expect "reference ingest, uninterrupted" ingest "$ref"
t1=$(now)
fingerprint "$ref" "$work/reference.txt"
read -r ref_docs _ _ <<< "$(counts "$ref")"
echo "# reference: $(head -1 "$work/reference.txt" | cut -d' ' -f2-) in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}') s"

# How long a run takes that finds every document stored already: every
# run parses all its inputs, so a resumed run lasts at least this long.
t2=$(now)
expect "ingest of an archive that holds everything already" ingest "$ref"
t3=$(now)
full=$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')
skip=$(awk -v a="$t2" -v b="$t3" 'BEGIN{print b-a}')

# The r-th kill lands at a random point of the r-th of `rounds` equal
# slices of the run it interrupts, whose length is guessed from what is
# left to store, so the kills spread over parsing, storing and
# committing. A run that finishes before its kill does not count; at most
# twice `rounds` runs are tried.
prev=0 hits=0 try=0
while [ "$hits" -lt "$rounds" ] && [ "$try" -lt $((2 * rounds)) ]; do
  try=$((try + 1))
  delay=$(awk -v r="$hits" -v n="$rounds" -v s="$seed" -v t="$try" -v full="$full" -v skip="$skip" \
    -v done="$prev" -v total="$ref_docs" 'BEGIN {
      srand(s * 64 + t); d = skip + (full - skip) * (total - done) / total
      f = 0.05 + 0.9 * (r + rand()) / n
      # all stored already: the run only parses, and how long that takes
      # on a busy machine varies; kill in its first half
      if (done >= total) f = 0.05 + 0.45 * rand()
      printf "%.3f", d * f }')
  "$V" ingest --db "$db" "${INPUTS[@]}" > /dev/null 2> "$db.err" &
  pid=$!
  sleep "$delay"
  kill -KILL "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null # no "Killed" line from the shell
  status=$?
  # 137: the kill landed while it ran; 0: it had already finished
  [ "$status" -eq 137 ] && hits=$((hits + 1))
  c=$(counts "$db")
  if [ -z "$c" ]; then
    not_ok "run $try (killed after ${delay}s, exit $status): check finds problems"
    continue
  fi
  read -r docs _ _ <<< "$c"
  if [ "$docs" -lt "$prev" ]; then
    not_ok "run $try (killed after ${delay}s): $docs documents, $prev were committed before"
  else
    ok "run $try (killed after ${delay}s, exit $status): check ok, $docs documents"
  fi
  prev=$docs
done
if [ "$hits" -eq "$rounds" ]; then
  ok "$hits kills landed while ingest ran ($try runs)"
else
  not_ok "only $hits of $rounds kills landed while ingest ran ($try runs)"
fi

expect "ingest after the kills runs to completion" ingest "$db"
fingerprint "$db" "$work/killed.txt"
if cmp -s "$work/reference.txt" "$work/killed.txt"; then
  ok "killed and resumed archive equals the reference ($ref_docs documents)"
else
  not_ok "killed and resumed archive differs from the reference"
  diff "$work/reference.txt" "$work/killed.txt" | head -20 | cut -c1-200 | sed 's/^/# /'
fi
finish
