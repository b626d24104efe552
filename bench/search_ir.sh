#!/bin/sh
# Instructions (callgrind's Ir) of one whole `verbatim search` process per
# query, for two builds each on its own archive of the same documents:
#   sh bench/search_ir.sh BIN_A DB_A BIN_B DB_B
# prints query, Ir of A, Ir of B, A/B. Instruction counts do not suffer the
# noise of a shared machine.
set -eu
[ $# -eq 4 ] || { echo "usage: $0 BIN_A DB_A BIN_B DB_B" >&2; exit 2; }
ir() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" search --db "$2" --limit 20 "$3" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
for q in 'nuclear disarmament' '"human rights"' 'climate change' 'palestin*' 'refugees OR migrants' \
         'apartheid -south' 'terrorism NEAR/5 international' 'forest' 'oil prices' 'decolonization'; do
  a=$(ir "$1" "$2" "$q")
  b=$(ir "$3" "$4" "$q")
  printf '%s\t%s\t%s\t%s\n' "$q" "$a" "$b" "$(awk "BEGIN{printf \"%.2f\", $a/$b}")"
done
