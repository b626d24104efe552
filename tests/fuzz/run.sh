#!/bin/sh
# Fuzzes for a bounded time: run.sh SECONDS tests/fuzz/fuzz_NAME.c ...
# Builds the library once with clang, libFuzzer instrumentation, ASan and
# UBSan (build-fuzz/obj), links each target against it, seeds its corpus
# (build-fuzz/corpus-NAME) from the golden inputs, tests/fuzz/seeds/NAME/
# and the shared MEMRI dispatches, and runs it for SECONDS, FUZZ_JOBS
# targets at a time (default 1). Prints one line per target with its
# number of executions and the CPU seconds it used; exits non-zero if any
# target fails to build, crashes, leaks, times out or trips a sanitizer.
# Crashing inputs are kept in build-fuzz/crashes-NAME/.
set -u

if [ $# -lt 1 ]; then
  echo "usage: $0 SECONDS tests/fuzz/fuzz_NAME.c ..." >&2
  exit 2
fi
secs=$1
shift
case $secs in '' | *[!0-9]*) echo "run.sh: SECONDS must be a number, not '$secs'" >&2; exit 2 ;; esac
if [ $# -eq 0 ]; then
  echo "run.sh: no fuzz targets given" >&2
  exit 2
fi

CC=${FUZZ_CC:-clang}
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "run.sh: $CC not found: libFuzzer needs clang" >&2
  exit 2
fi

out=build-fuzz
PKGS="libutf8proc jansson sqlite3 libxml-2.0 libcrypto libmicrohttpd libcurl libpq"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
# PKGS is a list of names: it is meant to be split.
# shellcheck disable=SC2086
CFLAGS="-std=c11 -D_DEFAULT_SOURCE -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Wno-unused-parameter \
-Iinclude -Isrc $(pkg-config --cflags $PKGS)"
# shellcheck disable=SC2086
LIBS="$(pkg-config --libs $PKGS) -lstemmer -lm -pthread"

# The library: every source but the CLI, compiled once for all targets.
# An object is rebuilt when its source or any header is newer than it.
mkdir -p "$out/obj"
objs=""
for src in $(find src -name '*.c' ! -path 'src/cli/*' | sort); do
  obj=$out/obj/$(echo "${src%.c}" | tr / _).o
  objs="$objs $obj"
  if [ -f "$obj" ] && [ -z "$(find "$src" -newer "$obj")" ] &&
    [ -z "$(find include src -name '*.h' -newer "$obj" | head -1)" ]; then
    continue
  fi
  # shellcheck disable=SC2086
  if ! $CC $CFLAGS $SAN -fsanitize=fuzzer-no-link -c "$src" -o "$obj"; then
    rm -f "$obj"
    echo "fuzz: FAILED to build the library ($src)"
    exit 1
  fi
done

# The data/ lists, embedded as the Makefile does.
sh scripts/embed.sh data/*.txt > "$out/data.c.new" && mv "$out/data.c.new" "$out/data.c"
# shellcheck disable=SC2086
if ! $CC $CFLAGS $SAN -fsanitize=fuzzer-no-link -c "$out/data.c" -o "$out/obj/data.o"; then
  echo "fuzz: FAILED to build the data lists"
  exit 1
fi
objs="$objs $out/obj/data.o"

# No lexicon image: the fuzzers make the lexicon from its lists, once.
sh scripts/embed-lexicon.sh > "$out/nolexicon.c"
# shellcheck disable=SC2086
if ! $CC $CFLAGS $SAN -fsanitize=fuzzer-no-link -c "$out/nolexicon.c" -o "$out/obj/nolexicon.o"; then
  echo "fuzz: FAILED to build the lexicon stub"
  exit 1
fi
objs="$objs $out/obj/nolexicon.o"

# So are the web UI's files (the server links against them).
sh scripts/embed-web.sh web > "$out/web.c.new" && mv "$out/web.c.new" "$out/web.c"
# shellcheck disable=SC2086
if ! $CC $CFLAGS $SAN -fsanitize=fuzzer-no-link -c "$out/web.c" -o "$out/obj/web.o"; then
  echo "fuzz: FAILED to build the web files"
  exit 1
fi
objs="$objs $out/obj/web.o"

status=0
jobs=${FUZZ_JOBS:-1}
case $jobs in '' | *[!0-9]* | 0) echo "run.sh: FUZZ_JOBS must be a positive number, not '$jobs'" >&2; exit 2 ;; esac

# Every target built and seeded first, then run.
built=""
for target in "$@"; do
  name=$(basename "$target" .c)
  bin=$out/$name
  # shellcheck disable=SC2086
  if ! $CC $CFLAGS $SAN -fsanitize=fuzzer -o "$bin" "$target" $objs $LIBS; then
    echo "$name: FAILED to build"
    status=1
    continue
  fi
  built="$built $name"
  corpus=$out/corpus-$name
  mkdir -p "$corpus" "$out/crashes-$name"
  for f in tests/golden/*; do
    [ -f "$f" ] || continue
    case $f in *.json) continue ;; esac
    cp "$f" "$corpus/golden-$(basename "$f")"
  done
  if [ -d "tests/fuzz/seeds/$name" ]; then
    for f in "tests/fuzz/seeds/$name"/*; do
      [ -f "$f" ] && cp "$f" "$corpus/seed-$(basename "$f")"
    done
  fi
  for f in ../shared/corpus/memri/*.txt; do
    [ -f "$f" ] && cp "$f" "$corpus/memri-$(basename "$f")"
  done
done

# One target's run: its exit status goes to NAME.rc, its CPU seconds
# (user + system, when /usr/bin/time is there) to NAME.cpu.
fuzz_one() {
  name=$1
  # A target may add libFuzzer flags of its own: tests/fuzz/NAME.options,
  # one line (the flags split on spaces).
  opts=""
  [ -f "tests/fuzz/$name.options" ] && opts=$(grep -v '^#' "tests/fuzz/$name.options")
  timer=""
  rm -f "$out/$name.cpu"
  [ -x /usr/bin/time ] && timer="/usr/bin/time -f %U+%S -o $out/$name.cpu"
  # shellcheck disable=SC2086
  $timer "$out/$name" "$out/corpus-$name" -max_total_time="$secs" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/crashes-$name/" $opts >"$out/$name.log" 2>&1
  echo $? >"$out/$name.rc"
}

running=0
for name in $built; do
  if [ "$running" -ge "$jobs" ]; then
    wait
    running=0
  fi
  fuzz_one "$name" &
  running=$((running + 1))
done
wait

for name in $built; do
  bin=$out/$name
  log=$out/$name.log
  rc=$(cat "$out/$name.rc" 2>/dev/null || echo 1)
  cpu=""
  [ -f "$out/$name.cpu" ] && cpu=$(tail -1 "$out/$name.cpu" | grep -E '^[0-9.]+\+[0-9.]+$' | awk -F+ '{ printf "%.0f", $1 + $2 }')
  # Inputs can make the log binary: read it as text (-a).
  runs=$(grep -a -o 'Done [0-9]* runs' "$log" | tail -1 | tr -dc 0-9)
  [ -n "$runs" ] || runs=$(grep -a -o 'number_of_executed_units: *[0-9]*' "$log" | tail -1 | tr -dc 0-9)
  if [ "$rc" -eq 0 ] && grep -a -q 'Done [0-9]* runs' "$log"; then
    echo "$name: ok, $runs executions in ${secs}s${cpu:+ ($cpu CPU s)}"
  else
    status=1
    why=$(grep -a -m1 -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | cut -c1-200)
    unit=$(grep -a -o 'Test unit written to [^ ]*' "$log" | tail -1 | sed 's/Test unit written to //')
    echo "$name: FAILED (exit $rc${runs:+, $runs executions}): ${why:-see $log}"
    [ -n "$unit" ] && echo "$name:   input: $unit (reproduce: $bin $unit)"
    echo "$name:   log: $log"
  fi
done
exit $status
