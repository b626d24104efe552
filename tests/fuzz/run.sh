#!/bin/sh
# Builds each tests/fuzz/fuzz_*.c with libFuzzer + ASan + UBSan against the
# library sources and runs it for SECONDS, seeded from the golden inputs.
# Fails if any target finds a crash, leak or sanitizer report.
set -eu
SECONDS_EACH=${1:-60}
shift
out=build-fuzz
mkdir -p "$out"
PKGS="libutf8proc jansson sqlite3 libxml-2.0 libcrypto"
CFLAGS="-std=c11 -D_DEFAULT_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Iinclude -Isrc $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS) -lstemmer -lm"
LIBSRC=$(find src -name '*.c' ! -path 'src/cli/*' | sort)
status=0
for src in "$@"; do
  name=$(basename "$src" .c)
  bin=$out/$name
  # shellcheck disable=SC2086
  clang $CFLAGS -o "$bin" "$src" $LIBSRC $LIBS
  corpus=$out/corpus-$name
  mkdir -p "$corpus"
  for f in tests/golden/*; do
    case "$f" in *.json|*.path|*.sh) ;; *) cp "$f" "$corpus/" ;; esac
  done
  [ -d "tests/fuzz/seeds/$name" ] && cp tests/fuzz/seeds/"$name"/* "$corpus/"
  [ -f ../shared/corpus/memri/sd-10850.txt ] && cp ../shared/corpus/memri/sd-10850.txt "$corpus/"
  log=$out/$name.log
  if "$bin" "$corpus" -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    runs=$(grep -a -o 'Done [0-9]* runs' "$log" | tail -1)
    echo "fuzz $name: ok ($runs in ${SECONDS_EACH}s)"
  else
    echo "fuzz $name: FAILED (see $log)"
    tail -40 "$log"
    status=1
  fi
done
exit $status
