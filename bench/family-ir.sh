#!/bin/sh
# What quote families cost at ingest in instructions (callgrind's Ir, which
# the load of a shared machine does not move): `verbatim ingest` of the
# files listed in LIST (one path a line) into a new SQLite archive, by a
# build without families (BASE: the same tree built with
#   make BUILD=build-nofam CFLAGS=-DVB_BENCH_NO_FAMILIES build-nofam/verbatim)
# and by one or more builds with them, all at the same time; prints each
# build's instructions, its ratio to BASE, the families' own functions
# (inclusive) and the md5 of each archive's members' rows (builds that
# must not change a family print the same; since session 22 a statement
# alone in its family has no row: bench/family-md5.sh reads every
# statement's family from the blocks too), and each archive's size.
#   LIST=list BASE=build-nofam/verbatim sh bench/family-ir.sh build/verbatim [OTHER/verbatim ...]
# Writes under $OUT (default /tmp/family-ir); one run of a tenth of the UN
# corpus (1,095 speeches) takes 20-40 minutes of a loaded machine.
set -eu
LIST=${LIST:?LIST=file of paths}
BASE=${BASE:?BASE=verbatim built without families}
OUT=${OUT:-/tmp/family-ir}
mkdir -p "$OUT"
one() { # label binary
  rm -f "$OUT/$1.db" "$OUT/$1.db-wal" "$OUT/$1.db-shm"
  "$2" init "$OUT/$1.db" >/dev/null
  tr '\n' '\0' < "$LIST" | xargs -0 -s 2000000 valgrind --tool=callgrind --callgrind-out-file="$OUT/$1.out" \
    "$2" ingest --db "$OUT/$1.db" > "$OUT/$1.log" 2>&1
}
one base "$BASE" &
k=0
for b in "$@"; do
  k=$((k + 1))
  one "with$k" "$b" &
done
wait
ir() { sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$OUT/$1.out"; }
base=$(ir base)
printf '%-40s %16s %s\n' "build" "instructions" "ratio"
printf '%-40s %16s %s\n' "$BASE (no families)" "$base" 1
k=0
for b in "$@"; do
  k=$((k + 1))
  n=$(ir "with$k")
  printf '%-40s %16s %.4f\n' "$b" "$n" "$(awk -v a="$n" -v b="$base" 'BEGIN {print a / b}')"
  callgrind_annotate --auto=no --inclusive=yes --threshold=100 "$OUT/with$k.out" 2>/dev/null |
    grep -E 'vs_fam_begin|vs_fam_add|an_termer_encode_words|vb_fam_words_given|maker_add|vs_put_families|flush_rows|store_print|find_family|bindex_add|vb_fam_words_pre|add_word|vb_fam_print_make|vb_fam_shingles|replay' |
    sed 's/^/    /'
  # the families: every member's row (a statement alone in its family has
  # none since fingerprint blocks, and every one had one before)
  printf '    members md5: %s, archive %s bytes (no families: %s)\n' "$(sqlite3 "$OUT/with$k.db" "SELECT statement_id, family, rel, ord, exact FROM fingerprints WHERE family <> statement_id ORDER BY statement_id" | md5sum | cut -c1-12)" \
    "$(wc -c < "$OUT/with$k.db")" "$(wc -c < "$OUT/base.db")"
done
