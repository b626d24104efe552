# shellcheck shell=bash
# lib.sh — what the crash tests share (sourced, not run): the inputs (real
# documents: UN General Debate speeches unpacked once from ../shared, the
# MEMRI dispatch, the 2020 debates), TAP output for tests/run.sh, and an
# archive's fingerprint (counts, every document as exported, speakers, a
# full-text count) to compare two archives by.

BUILD=${BUILD:-build}
SHARED=${SHARED:-../shared}
V=$BUILD/verbatim
# UN sessions unpacked: about 190 speeches each, 256 documents to a batch,
# so an ingest commits several batches.
CRASH_SESSIONS=${CRASH_SESSIONS:-"63 - 2008|64 - 2009|65 - 2010"}

ntap=0
nfail=0
ok() {
  ntap=$((ntap + 1))
  echo "ok $ntap - $*"
}
not_ok() {
  ntap=$((ntap + 1))
  nfail=$((nfail + 1))
  echo "not ok $ntap - $*"
}
# expect DESCRIPTION COMMAND...: ok when the command succeeds.
expect() {
  local what=$1
  shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}
finish() {
  echo "1..$ntap"
  [ "$nfail" -eq 0 ]
}

# Fills the array INPUTS with the documents every crash test ingests.
crash_inputs() {
  local data=$BUILD/crash-data
  if [ ! -f "$data/unpacked" ]; then
    rm -rf "$data"
    mkdir -p "$data"
    local pats=() s
    local IFS='|'
    for s in $CRASH_SESSIONS; do pats+=("ungdc/TXT/Session $s/*"); done
    unset IFS
    tar -xzf "$SHARED/corpus/ungdc.tar.gz" -C "$data" --wildcards "${pats[@]}" || return 1
    touch "$data/unpacked"
  fi
  INPUTS=("$SHARED/corpus/memri/sd-10850.txt" "$SHARED"/corpus/debates/*.txt "$data/ungdc")
}

rm_db() {
  rm -f "$1" "$1-wal" "$1-shm"
}

# crash_setup NAME ROUNDS: what every kill test begins with. Sets rounds
# (KILL_ROUNDS, else ROUNDS) and seed (KILL_SEED, else random), the work
# directory $BUILD/NAME, empty archives ref (the uninterrupted one) and db
# (the one killed) in it, and INPUTS; says the seed. Fails when the inputs
# cannot be unpacked (after saying so in TAP).
crash_setup() {
  rounds=${KILL_ROUNDS:-$2}
  seed=${KILL_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -dc 0-9)}
  work=$BUILD/$1
  mkdir -p "$work"
  ref=$work/reference.db
  db=$work/killed.db
  rm_db "$ref"
  rm_db "$db"
  crash_inputs || { not_ok "unpacking the UN corpus"; return 1; }
  echo "# seed $seed ($rounds rounds; KILL_SEED=$seed repeats it)"
}

# counts DB: "DOCUMENTS SPEAKERS STATEMENTS" from `verbatim check`, which
# also must find no problem; prints nothing and fails otherwise.
counts() {
  local out
  out=$("$V" check --db "$1" 2>&1) || {
    echo "$out" | while IFS= read -r line; do echo "# $line"; done >&2
    return 1
  }
  echo "$out" | sed -n 's/^.*: \([0-9]*\) documents, \([0-9]*\) speakers, \([0-9]*\) statements: ok$/\1 \2 \3/p'
}

# fingerprint DB OUT: what two archives must share to be the same archive.
fingerprint() {
  {
    echo "counts: $(counts "$1")"
    echo "search 'peace OR security': $("$V" search --db "$1" --json --limit 1 'peace OR security' |
      sed -n 's/^{"total":\([0-9]*\).*/\1/p')"
    "$V" speakers --db "$1" --json | LC_ALL=C sort
    "$V" export --db "$1" | LC_ALL=C sort
  } > "$2"
}

# The ingest every test runs, into DB; its stderr goes to DB.err.
ingest() {
  "$V" ingest --db "$1" "${INPUTS[@]}" > /dev/null 2> "$1.err"
}

now() {
  date +%s.%N
}
