#!/bin/sh
# Fails if library or command code calls a banned function: these have
# safer replacements (snprintf/vb_buf_printf, memcpy with a known length,
# strtol with an end pointer).
set -eu
pattern='(^|[^a-z_])(sprintf|vsprintf|strcpy|strcat|strtok|atoi|atol|sscanf|gets)[[:space:]]*\('
if grep -rnE "$pattern" src include; then
  echo "banned: the calls above have safer replacements" >&2
  exit 1
fi
echo "banned: none"
