#!/bin/sh
# Rewrites every golden's expected JSON from the current parser. Review the
# diff before committing: this is the moment a golden changes on purpose.
set -eu
bin=${1:-build/verbatim}
cd "$(dirname "$0")/../.."
for exp in tests/golden/*.json; do
  name=$(basename "$exp" .json)
  if [ -f "tests/golden/$name.path" ]; then
    in=$(cat "tests/golden/$name.path")
  else
    in=$(ls tests/golden/"$name".* | grep -v -e '\.json$' -e '\.path$' | head -1)
  fi
  "$bin" parse "$in" --json > "$exp.tmp" && mv "$exp.tmp" "$exp"
  echo "updated $exp"
done
# A golden whose statements, speakers or kinds moved means archived
# documents would be read differently: say so, so the version is bumped.
if ! git diff --quiet -- tests/golden/*.json 2>/dev/null &&
   git diff --quiet -- include/verbatim.h 2>/dev/null; then
  echo "goldens changed: if statements, speakers or kinds moved, bump VB_PARSER_VERSION in include/verbatim.h (README, Versioned parses)"
fi
