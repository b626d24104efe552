#!/usr/bin/env bash
# kill_serve — a server killed while documents are POSTed to it loses no
# document it answered for and leaves no half of one. A reference archive
# takes every file through one uninterrupted server; a second server, on
# another archive, is killed with SIGKILL at KILL_ROUNDS random moments
# while a client POSTs the same files, and started again each time. After
# every kill `verbatim check` must find nothing wrong and every document
# the server answered 201 or 200 for must be there. POSTed again to the
# end, the archive must equal the reference, and a watch added before
# must have recorded each of its alerts once. Prints TAP for tests/run.sh.
set -u
# shellcheck source=tests/crash/lib.sh
. "$(dirname "$0")/lib.sh"

rounds=${KILL_ROUNDS:-3}
seed=${KILL_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -dc 0-9)}
work=$BUILD/crash-serve
mkdir -p "$work"
ref=$work/reference.db
db=$work/killed.db
tokens=$work/tokens
token=crash-test-token-0123456789
echo "$token" > "$tokens"
command -v curl > /dev/null || { not_ok "curl is missing (scripts/deps.sh installs it)"; finish; exit 1; }
crash_inputs || { not_ok "unpacking the UN corpus"; finish; exit 1; }
echo "# seed $seed ($rounds rounds; KILL_SEED=$seed repeats it)"
# the MEMRI dispatch, the debates and one UN session's speeches
files=("$SHARED/corpus/memri/sd-10850.txt" "$SHARED"/corpus/debates/*.txt)
while IFS= read -r f; do files+=("$f"); done < <(find "$BUILD/crash-data/ungdc" -name '*.txt' | LC_ALL=C sort | head -120)

pid="" port=""
# serve DB: starts a server on a free loopback port (PID, PORT).
serve() {
  local try
  for try in 1 2 3 4 5; do
    port=$((20000 + (RANDOM * 7 + try * 7919) % 40000))
    "$V" serve --db "$1" --listen "127.0.0.1:$port" --token-file "$tokens" > /dev/null 2> "$1.serve.err" &
    pid=$!
    local i
    for i in $(seq 100); do
      curl -s -o /dev/null "http://127.0.0.1:$port/health" && return 0
      kill -0 "$pid" 2> /dev/null || break
      sleep 0.05
    done
    kill -KILL "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
  done
  return 1
}

# post FILE: 201 or 200 when the server took it (stored now or before).
post() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X POST --data-binary "@$1" \
    -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/documents?name=$(basename "$1")"
}

# post_all DB LOG: every file in order; the names of those answered for
# go to LOG. Fails on the first file not taken.
post_all() {
  : > "$2"
  local f code
  for f in "${files[@]}"; do
    code=$(post "$f") || return 1
    case $code in 200 | 201) echo "$(basename "$f")" >> "$2" ;; *) return 1 ;; esac
  done
}

stop() {
  kill -TERM "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
}

# links: the statement of every alert (its link) in JSON on stdin, sorted.
links() {
  tr ',' '\n' | sed -n 's/^"link":"\([^"]*\)"$/\1/p' | LC_ALL=C sort
}
# alerts DB: the statements the archive's one watch caught.
alerts() {
  "$V" alerts --db "$1" --json | links
}

# stored DB: the names of the documents an archive holds, sorted.
stored() {
  "$V" export --db "$1" | sed -n 's/^{"id":"[0-9a-f]*","source":{"path":"\([^"]*\)".*/\1/p' | LC_ALL=C sort
}

for d in "$ref" "$db"; do
  rm_db "$d"
  rm -f "$d.sink"
  "$V" watch --db "$d" add peace 'peace AND security' --sink "file:$d.sink" > /dev/null 2>&1
done

t0=$(now)
serve "$ref" || { not_ok "reference server did not start"; finish; exit 1; }
expect "reference: every file POSTed to one server" post_all "$ref" "$work/ref.taken"
stop
t1=$(now)
fingerprint "$ref" "$work/reference.txt"
alerts "$ref" > "$work/reference.alerts"
full=$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')
echo "# reference: ${#files[@]} files, $(head -1 "$work/reference.txt" | cut -d' ' -f2-), $(wc -l < "$work/reference.alerts") alerts, in $full s"
[ -s "$work/reference.alerts" ] && ok "the watch caught statements" || not_ok "the watch caught nothing"

# The r-th kill lands at a random point of what is left to POST, guessed
# from the reference run and the documents stored so far (POSTing those
# again takes a good part of the time they took). A kill counts
# when the client was still POSTing; at most twice `rounds` tries.
hits=0 try=0 done_docs=0 total=${#files[@]}
while [ "$hits" -lt "$rounds" ] && [ "$try" -lt $((2 * rounds)) ] && [ "$done_docs" -lt "$total" ]; do
  try=$((try + 1))
  r=$try
  delay=$(awk -v s="$seed" -v r="$r" -v full="$full" -v done="$done_docs" -v total="$total" 'BEGIN {
    srand(s * 64 + r); printf "%.3f", full * (0.4 * done + (total - done) * (0.1 + 0.8 * rand())) / total }')
  serve "$db" || { not_ok "round $r: server did not start"; continue; }
  post_all "$db" "$work/killed.taken" &
  client=$!
  sleep "$delay"
  posting=0
  kill -0 "$client" 2> /dev/null && posting=1
  kill -KILL "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
  status=$?
  wait "$client" 2> /dev/null
  [ "$posting" -eq 1 ] && hits=$((hits + 1))
  c=$(counts "$db")
  if [ -z "$c" ]; then
    not_ok "round $r (killed after ${delay}s): check finds problems"
    continue
  fi
  # every document answered for is there
  stored "$db" > "$work/stored.txt"
  taken=$(wc -l < "$work/killed.taken")
  lost=$(LC_ALL=C sort "$work/killed.taken" | LC_ALL=C comm -23 - "$work/stored.txt" | wc -l)
  read -r docs _ _ <<< "$c"
  if [ "$lost" -gt 0 ]; then
    not_ok "round $r (killed after ${delay}s): $lost of the $taken documents answered for are missing"
  else
    ok "round $r (killed after ${delay}s$([ "$posting" -eq 1 ] || echo ", all POSTed")): check ok, $docs documents, all $taken answered for"
  fi
  done_docs=$docs
done
[ "$hits" -eq "$rounds" ] && ok "$hits kills landed while documents were being POSTed ($try rounds)" ||
  not_ok "only $hits of $rounds kills landed while documents were being POSTed ($try rounds)"

serve "$db" || { not_ok "server did not start after the kills"; finish; exit 1; }
expect "after the kills, every file POSTed again is taken" post_all "$db" "$work/killed.taken"
stop
fingerprint "$db" "$work/killed.txt"
if cmp -s "$work/reference.txt" "$work/killed.txt"; then
  ok "killed and resumed archive equals the reference"
else
  not_ok "killed and resumed archive differs from the reference"
  diff "$work/reference.txt" "$work/killed.txt" | head -20 | cut -c1-200 | sed 's/^/# /'
fi
alerts "$db" > "$work/killed.alerts"
if cmp -s "$work/reference.alerts" "$work/killed.alerts"; then
  ok "every alert recorded once ($(wc -l < "$work/killed.alerts"))"
else
  not_ok "alerts differ from the reference"
  diff "$work/reference.alerts" "$work/killed.alerts" | head -10 | sed 's/^/# /'
fi
# the sink: every alert delivered, or still pending under the claim of a
# server that was killed (taken over when it goes stale, after 5 minutes);
# a kill between writing an alert and marking it delivered sends it again
links < "$db.sink" > "$work/killed.sink"
"$V" alerts --db "$db" --json | sed 's/{"id":/\n/g' |
  sed -n 's/.*"link":"\([^"]*\)".*"state":"pending".*/\1/p' | LC_ALL=C sort > "$work/killed.pending"
undelivered=$(LC_ALL=C comm -23 "$work/killed.alerts" <(LC_ALL=C sort -u "$work/killed.sink") |
  LC_ALL=C comm -23 - "$work/killed.pending" | wc -l)
pending=$(wc -l < "$work/killed.pending")
twice=$(($(wc -l < "$work/killed.sink") - $(LC_ALL=C sort -u "$work/killed.sink" | wc -l)))
if [ "$undelivered" -eq 0 ]; then
  ok "every alert reached the sink or waits for a dead server's claim ($pending); $twice sent again"
else
  not_ok "$undelivered alerts neither reached the sink nor wait to"
fi
finish
