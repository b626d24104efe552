#!/bin/sh
# Runs each test binary (cmocka, TAP output) and prints one summary line.
# Exits non-zero if any test failed or any binary crashed. The binaries
# after --postgres run again with their archives on PostgreSQL
# (VERBATIM_TEST_BACKEND=postgres; tests/pg.sh names the cluster).
set -u
pass=0; fail=0; bad=""; suffix=""
log=$(mktemp); trap 'rm -f "$log"' EXIT
for t in "$@"; do
  if [ "$t" = --postgres ]; then
    export VERBATIM_TEST_BACKEND=postgres
    suffix=" [postgres]"
    continue
  fi
  # a shell test is named with its directory (tests/gold/*/check.sh are
  # many) and run by the shell its first line names, whatever its file mode
  case $t in
    *.sh)
      name="$(basename "$(dirname "$t")")/$(basename "$t")$suffix"
      case $(head -n 1 "$t") in *bash*) run="bash" ;; *) run="sh" ;; esac ;;
    *) name="$(basename "$t")$suffix"; run="" ;;
  esac
  t0=$(date +%s)
  CMOCKA_MESSAGE_OUTPUT=TAP $run "$t" >"$log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - t0 ))
  # a test skipped on purpose ("not ok N # SKIP", cmocka's TAP: a SQLite
  # index on PostgreSQL) is no failure; it is named on the binary's line
  p=$(grep -c '^ok ' "$log"); f=$(grep '^not ok ' "$log" | grep -vc '# SKIP')
  k=$(grep '^not ok ' "$log" | grep -c '# SKIP')
  pass=$((pass + p)); fail=$((fail + f))
  if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
    cat "$log"
    [ "$f" -eq 0 ] && fail=$((fail + 1))   # crashed or failed outside a test
    bad="$bad $name"
    echo "FAIL $name (exit $rc, ${secs} s)"
  else
    if [ "$k" -gt 0 ]; then echo "ok   $name ($p tests, $k skipped, ${secs} s)"
    else echo "ok   $name ($p tests, ${secs} s)"; fi
  fi
done
[ -n "$bad" ] && echo "failing:$bad"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
