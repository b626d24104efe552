#!/usr/bin/env bash
# kill_reindex — a re-analysis killed at any moment leaves an archive that
# is either still refused, naming `verbatim reindex`, or indexed whole;
# never one that answers. A reference archive is ingested from real
# documents; a copy of it marked as indexed by analysis version 1 is
# indexed again with `verbatim reindex`, killed with SIGKILL at
# KILL_ROUNDS random moments (each run carries on where the last was
# killed). After every kill, search must be refused with that message
# unless the run had finished; run to completion at last, the archive must
# equal the reference: counts, `verbatim check`, speakers, every document
# as exported and the hits of searches of every kind (full JSON).
# KILL_SEED repeats a run. Prints TAP for tests/run.sh.
set -u
# shellcheck source=tests/crash/lib.sh
. "$(dirname "$0")/lib.sh"

crash_setup crash-reindex 4 || { finish; exit 1; }

# what the archive answers, beyond the fingerprint: the hits themselves
answers() {
  local q
  for q in 'peace OR security' 'forests' 'vaccine*' '"human rights"' 'nuclear NEAR/3 weapons' '=Africa' \
    'refugees -syria'; do
    echo "search $q: $("$V" search --db "$1" --json --limit 50 "$q")"
  done
}
old_copy() { # a copy of the reference marked as analysis version 1
  rm_db "$1"
  cp "$ref" "$1"
  python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE analysis SET version = 1"); c.commit()' "$1"
}

expect "reference ingest" ingest "$ref"
fingerprint "$ref" "$work/reference.txt"
answers "$ref" >> "$work/reference.txt"

# How long a whole re-analysis takes here: the kills spread over it.
old_copy "$work/timing.db"
t0=$(now)
expect "an uninterrupted reindex" "$V" reindex --db "$work/timing.db"
t1=$(now)
full=$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')
rm_db "$work/timing.db"

old_copy "$db"
done_runs=0 hits=0 try=0
while [ "$hits" -lt "$rounds" ] && [ "$try" -lt $((3 * rounds)) ]; do
  try=$((try + 1))
  # the kill lands at a random point of what is left of the work (a run
  # carries on after the documents the last one committed)
  left=$(python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
total = c.execute("SELECT count(*) FROM documents").fetchone()[0]
try:
    done = c.execute("SELECT count(*) FROM documents WHERE id <= (SELECT max(doc_id) FROM reindex_progress)").fetchone()[0]
except sqlite3.OperationalError:
    done = 0
print((total - done) / total)' "$db")
  delay=$(awk -v s="$seed" -v t="$try" -v full="$full" -v left="$left" 'BEGIN {
      srand(s * 64 + t); printf "%.3f", full * (0.1 + 0.9 * left) * (0.05 + 0.7 * rand()) }')
  "$V" reindex --db "$db" > "$db.out" 2> "$db.err" &
  pid=$!
  sleep "$delay"
  kill -KILL "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null # no "Killed" line from the shell
  status=$?
  out=$("$V" search --db "$db" --limit 1 peace 2>&1)
  rc=$?
  if [ "$status" -eq 0 ]; then
    done_runs=$((done_runs + 1))
    if [ "$rc" -eq 0 ]; then ok "run $try finished before its kill (${delay}s): the archive answers"
    else not_ok "run $try finished, yet search fails: $out"; fi
    old_copy "$db" # again from the start: the kills must land in a run
  elif [ "$rc" -eq 1 ] && echo "$out" | grep -q 'made by text analysis version 1.*run `verbatim reindex --db '; then
    # the kill interrupted the work: only such a kill counts as a round
    [ "$status" -eq 137 ] && hits=$((hits + 1))
    ok "run $try (killed after ${delay}s): still refused, naming verbatim reindex"
  elif [ "$rc" -eq 0 ]; then
    ok "run $try (killed after ${delay}s, after its last commit): the archive answers"
    old_copy "$db" # the work was over: again from the start
  else
    not_ok "run $try (killed after ${delay}s): search exits $rc: $out"
  fi
done
if [ "$hits" -eq "$rounds" ]; then
  ok "$hits kills landed inside the work, the archive still refused ($try runs)"
else
  not_ok "only $hits of $rounds kills landed inside the work ($try runs)"
fi

expect "reindex after the kills runs to completion" "$V" reindex --db "$db"
fingerprint "$db" "$work/killed.txt"
answers "$db" >> "$work/killed.txt"
if cmp -s "$work/reference.txt" "$work/killed.txt"; then
  ok "killed and carried-on archive answers as the reference ($(wc -l < "$work/reference.txt") lines)"
else
  not_ok "killed and carried-on archive differs from the reference"
  diff "$work/reference.txt" "$work/killed.txt" | head -20 | cut -c1-200 | sed 's/^/# /'
fi
rm_db "$ref"
rm_db "$db"
finish
