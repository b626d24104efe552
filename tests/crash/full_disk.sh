#!/usr/bin/env bash
# full_disk — a disk that fills up mid-ingest is an error, not a crash.
# The ingest of real documents runs under a file-size limit (RLIMIT_FSIZE:
# writes past it fail as they would on a full disk) at a few sizes: from
# too small to set the archive up to half of what it needs. Each run must
# exit with status 1 (not a signal) and a message naming the archive and
# the reason, and leave an archive `verbatim check` passes, holding no
# fewer documents than before. The limits grow and the runs share one
# archive, as a person freeing space and retrying would. The same ingest
# without the limit then completes, and the archive equals one made by a
# single uninterrupted ingest. Prints TAP for tests/run.sh.
set -u
# shellcheck source=tests/crash/lib.sh
. "$(dirname "$0")/lib.sh"

work=$BUILD/crash-disk
mkdir -p "$work"
ref=$work/reference.db
rm_db "$ref"
crash_inputs || { not_ok "unpacking the UN corpus"; finish; exit 1; }

expect "reference ingest, no limit" ingest "$ref"
fingerprint "$ref" "$work/reference.txt"
read -r total _ _ <<< "$(counts "$ref")"
size=$(stat -c %s "$ref")
echo "# reference: $total documents, $size bytes"

db=$work/limited.db
rm_db "$db"
prev=0
# At most a third of the archive: a limit is on each file, and what the
# archive file cannot take SQLite keeps in the WAL, a second file under the
# same limit; at three quarters the two held a whole archive 12% larger
# (the quote founders' word pairs), and the ingest rightly succeeded. At a
# third the two files hold two thirds of it at most, however SQLite fills
# the WAL (at half, only the WAL's frame headers stood in the way).
for limit in 16384 $((size / 4)) $((size / 3)); do
  # bash counts ulimit -f in KiB
  (ulimit -f $((limit / 1024)) && ingest "$db")
  status=$?
  err=$(tr '\n' ' ' < "$db.err")
  if [ "$status" -eq 1 ]; then
    ok "limit $limit bytes: ingest exits 1"
  else
    not_ok "limit $limit bytes: ingest exits $status (1 wanted; 153 is SIGXFSZ)"
  fi
  case $err in
    *"verbatim: $db: "*"File too large"*) ok "limit $limit bytes: the error names the archive and the reason" ;;
    *) not_ok "limit $limit bytes: the error names the archive and the reason: $(echo "$err" | cut -c1-300)" ;;
  esac
  echo "# $(grep -m1 "verbatim: $db" "$db.err" | cut -c1-200)"
  c=$(counts "$db")
  read -r docs _ _ <<< "${c:-0 0 0}"
  if [ -z "$c" ]; then
    not_ok "limit $limit bytes: check finds problems afterwards"
  elif [ "$docs" -lt "$prev" ]; then
    not_ok "limit $limit bytes: $docs documents afterwards, $prev before"
  else
    ok "limit $limit bytes: check passes afterwards ($docs of $total documents stored)"
  fi
  prev=$docs
done

expect "the same ingest without a limit completes" ingest "$db"
fingerprint "$db" "$work/limited.txt"
if cmp -s "$work/reference.txt" "$work/limited.txt"; then
  ok "the completed archive equals the reference"
else
  not_ok "the completed archive differs from the reference"
  diff "$work/reference.txt" "$work/limited.txt" | head -20 | cut -c1-200 | sed 's/^/# /'
fi
finish
