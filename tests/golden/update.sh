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
