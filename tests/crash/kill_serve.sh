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

command -v curl > /dev/null || { not_ok "curl is missing (scripts/deps.sh installs it)"; finish; exit 1; }
crash_setup crash-serve 3 || { finish; exit 1; }
tokens=$work/tokens
token=crash-test-token-0123456789
echo "$token" > "$tokens"
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

# post FILE: "CODE SECONDS"; CODE is 201 or 200 when the server took it
# (stored now or before), 000 when it did not answer.
post() {
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 30 -X POST --data-binary "@$1" \
    -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/documents?name=$(basename "$1")"
}

# taken CODE: whether the server answered that it took the document.
taken() {
  case $1 in 200 | 201) return 0 ;; *) return 1 ;; esac
}

# post_range FROM TO LOG [TIMES]: files FROM..TO-1 in order; the names of
# those answered for go to LOG (appended), the seconds each took to TIMES.
# Fails on the first file not taken.
post_range() {
  local j code secs
  for ((j = $1; j < $2; j++)); do
    read -r code secs < <(post "${files[j]}") || return 1
    taken "$code" || return 1
    basename "${files[j]}" >> "$3"
    [ -z "${4:-}" ] || echo "$secs" >> "$4"
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
: > "$work/ref.taken"
: > "$work/ref.times"
expect "reference: every file POSTed to one server" post_range 0 "${#files[@]}" "$work/ref.taken" "$work/ref.times"
stop
t1=$(now)
fingerprint "$ref" "$work/reference.txt"
alerts "$ref" > "$work/reference.alerts"
full=$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')
echo "# reference: ${#files[@]} files, $(head -1 "$work/reference.txt" | cut -d' ' -f2-), $(wc -l < "$work/reference.alerts") alerts, in $full s"
[ -s "$work/reference.alerts" ] && ok "the watch caught statements" || not_ok "the watch caught nothing"

# Each kill lands inside a POST, at a random moment of the work left to
# do: the moment is drawn over what the files not yet stored took in the
# reference run (file K, SECONDS into it), the files before K are POSTed
# (again) and answered, K is POSTed and the server killed SECONDS later if
# that POST is still in flight. A POST answered sooner (this run is
# faster than the reference) moves the kill to the next file, at a random
# moment of half its reference time, then a quarter…: whatever the
# machine's speed, a kill lands while a POST is in flight, never after the
# client is done (guessing the moment from the clock alone let a fast run
# finish every POST before the kill). The last RESERVE files are left for
# those moves.
RESERVE=8
hits=0 unanswered=0 done_docs=0 total=${#files[@]}
for ((r = 1; r <= rounds; r++)); do
  read -r k delay < <(awk -v s="$seed" -v r="$r" -v done="$done_docs" -v total="$total" -v reserve="$RESERVE" '
    { t[NR - 1] = $1 }
    END {
      srand(s * 64 + r); hi = total - reserve; lo = done < hi - 1 ? done : hi - 1
      for (j = lo; j < hi; j++) sum += t[j]
      x = rand() * sum
      for (j = lo; j < hi - 1 && x >= t[j]; j++) x -= t[j]
      printf "%d %.4f\n", j, x
    }' "$work/ref.times")
  serve "$db" || { not_ok "round $r: server did not start"; continue; }
  : > "$work/killed.taken"
  if ! post_range 0 "$k" "$work/killed.taken"; then
    not_ok "round $r: a file before the kill was not taken"
    stop
    continue
  fi
  killed_in="" misses=0
  for ((j = k; j < total; j++)); do
    post "${files[j]}" > "$work/inflight" &
    client=$!
    sleep "$delay"
    if kill -0 "$client" 2> /dev/null; then
      kill -KILL "$pid" 2> /dev/null
      wait "$pid" 2> /dev/null
      killed_in=$j
    fi
    wait "$client"
    read -r code _ < "$work/inflight"
    # answered just as the kill came: it must be stored like any other
    taken "$code" && basename "${files[j]}" >> "$work/killed.taken"
    [ -n "$killed_in" ] && break
    taken "$code" || break
    misses=$((misses + 1))
    delay=$(awk -v s="$seed" -v r="$r" -v m="$misses" -v t="$(sed -n "$((j + 2))p" "$work/ref.times")" \
      'BEGIN { srand(s * 64 + r + 4096 * m); printf "%.4f", rand() * t / 2 ^ m }')
  done
  if [ -z "$killed_in" ]; then
    not_ok "round $r: no POST was in flight when the kill came (from file $k, $misses moved on)"
    stop
    continue
  fi
  hits=$((hits + 1))
  taken "$code" || unanswered=$((unanswered + 1))
  where="killed ${delay}s into POST $((killed_in + 1)) of $total$([ "$misses" -eq 0 ] || echo ", $misses answered sooner")"
  c=$(counts "$db")
  if [ -z "$c" ]; then
    not_ok "round $r ($where): check finds problems"
    continue
  fi
  # every document answered for is there
  stored "$db" > "$work/stored.txt"
  answered=$(wc -l < "$work/killed.taken")
  lost=$(LC_ALL=C sort "$work/killed.taken" | LC_ALL=C comm -23 - "$work/stored.txt" | wc -l)
  read -r docs _ _ <<< "$c"
  if [ "$lost" -gt 0 ]; then
    not_ok "round $r ($where): $lost of the $answered documents answered for are missing"
  else
    ok "round $r ($where): check ok, $docs documents, all $answered answered for"
  fi
  done_docs=$docs
done
[ "$hits" -eq "$rounds" ] && ok "$hits kills landed while a POST was in flight ($unanswered before its answer)" ||
  not_ok "only $hits of $rounds kills landed while a POST was in flight"

serve "$db" || { not_ok "server did not start after the kills"; finish; exit 1; }
: > "$work/killed.taken"
expect "after the kills, every file POSTed again is taken" post_range 0 "$total" "$work/killed.taken"
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
