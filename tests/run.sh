#!/bin/sh
# Runs each test binary (cmocka, TAP output) and prints one summary line.
# Exits non-zero if any test failed or any binary crashed.
set -u
pass=0; fail=0; bad=""
log=$(mktemp); trap 'rm -f "$log"' EXIT
for t in "$@"; do
  name=$(basename "$t")
  CMOCKA_MESSAGE_OUTPUT=TAP "$t" >"$log" 2>&1
  rc=$?
  p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log")
  pass=$((pass + p)); fail=$((fail + f))
  if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
    cat "$log"
    [ "$f" -eq 0 ] && fail=$((fail + 1))   # crashed or failed outside a test
    bad="$bad $name"
    echo "FAIL $name (exit $rc)"
  else
    echo "ok   $name ($p tests)"
  fi
done
[ -n "$bad" ] && echo "failing:$bad"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
