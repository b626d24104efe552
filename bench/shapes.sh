#!/bin/sh
# Repeated shapes that once made the parse quadratic (issue 20), by
# instructions (callgrind; the machine's load does not move them): each
# shape at N paragraphs and at 16 N, parsed by each build given, the
# process's total. Linear work grows about 16x, quadratic about 256x.
#   role:   "Minister Ann LeeI met Minister Bob RoeI …" the Governor said"
#           (no governor near: the one person with that role was found by
#           a scan of everyone named)
#   quoted: "Governor Ivan Alexandrovich Petrovsky-VodkinI … the Governor
#           said" (each person made a speaker after a scan of the speakers
#           made before; N 250 keeps 16 N below VB_MAX_SPEAKERS)
# usage: sh bench/shapes.sh role|quoted N BIN...
set -eu
shape=$1 n=$2
shift 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for m in "$n" $((16 * n)); do
  awk -v n="$m" -v shape="$shape" 'BEGIN {
    printf "Harbour notes\n\n"
    for (i = 0; i < n; i++)
      if (shape == "role")
        printf "Minister Ann Lee%d met Minister Bob Roe%d on Monday. \"We will open the harbour,\" the Governor said.\n\n", i, i
      else
        printf "Governor Ivan Alexandrovich Petrovsky-Vodkin%d of the North Region spoke on Monday. \"We will open the harbour,\" the Governor said.\n\n", i
  }' > "$dir/$shape-$m.txt"
done
for bin in "$@"; do
  for m in "$n" $((16 * n)); do
    valgrind --tool=callgrind --callgrind-out-file="$dir/cg" "$bin" parse "$dir/$shape-$m.txt" > /dev/null 2>&1
    ir=$(callgrind_annotate "$dir/cg" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
    echo "$bin $shape $m $ir"
  done
done
