# Sourced by the benchmark scripts (sh) that time two builds of verbatim
# ingesting the same speeches: each run one `verbatim ingest` process into
# a fresh archive, the builds alternated so that a shared machine's load
# falls on both alike, then the medians (bench/family-ingest.sh,
# bench/analysis-ingest.sh). Before the functions, set $db (the archive,
# made again for each run) and $times (each run's line is added to it:
#   label run wall-s user-s system-s peak-KB load
# with the load average before the run), and define ab_show, which reads
# one such line and prints what the script says of a run.

# ab_ingest BINARY LIST [WRAPPER...]: one ingest of LIST's files into a
# fresh $db by BINARY, run under WRAPPER (xargs -s 2000000 keeps the whole
# corpus's names on one command line).
ab_ingest() {
  ab_bin=$1 ab_list=$2
  shift 2
  rm -f "$db" "$db-wal" "$db-shm"
  "$ab_bin" init "$db" >/dev/null
  tr '\n' '\0' < "$ab_list" | xargs -0 -s 2000000 "$@" "$ab_bin" ingest --db "$db" >/dev/null
}

# ab_one LABEL BINARY RUN LIST: one run timed by /usr/bin/time, shown.
ab_one() {
  ab_load=$(cut -d' ' -f1 /proc/loadavg)
  ab_ingest "$2" "$4" /usr/bin/time -f "$1 $3 %e %U %S %M $ab_load" -a -o "$times"
  tail -1 "$times" | ab_show
}

# ab_alternate RUNS LIST LABEL_A BINARY_A LABEL_B BINARY_B: A then B, RUNS
# times; $times is emptied first.
ab_alternate() {
  : > "$times"
  ab_i=1
  while [ "$ab_i" -le "$1" ]; do
    ab_one "$3" "$4" "$ab_i" "$2"
    ab_one "$5" "$6" "$ab_i" "$2"
    ab_i=$((ab_i + 1))
  done
}

# ab_median LABEL wall|cpu: the median seconds of LABEL's runs in $times
# (CPU: user + system).
ab_median() {
  awk -v l="$1" -v w="$2" '$1 == l {print w == "wall" ? $3 : $4 + $5}' "$times" |
    awk -v lines=1 -f "$(dirname "$0")/median.awk"
}
