# Sourced by the benchmark scripts (sh): the UN speeches every parse
# benchmark reads. Unpacks the UN General Debate corpus from $SHARED into
# $BUILD/bench-data once, then writes $list: the seed dispatch, the debate
# transcripts and UN speeches in name order, at least 64 MB in all.
. "$(dirname "$0")/ungdc.sh"
list=$data/parse-inputs.txt
documents | awk -v max=$((64 * 1024 * 1024)) '
  { cmd = "stat -c %s \"" $0 "\""; cmd | getline sz; close(cmd); total += sz; print; if (total >= max) exit }
' > "$list"
