#!/bin/bash
# run.sh — `make bench`: measures the baselines and the service in one run on this machine and
# writes bench/RESULTS.md, a table of ratios against those baselines (absolute figures beside
# them: they depend on the machine and on what else it is doing; the ratios much less).
#
# The machine is small and shared (2 cores, other jobs), so each comparison alternates baseline
# and service in ROUNDS rounds, seconds apart, and reports medians of values and of per-round ratios:
#   1. start-up: STARTS times each, mhd_hello and `serve` (a fresh seeded database) under
#      bench/first_answer.c: time from exec to the first 200 on /healthz, and the CPU it took
#      (/proc/PID/task/*/schedstat). The last server stays up for everything below. Then failed
#      logins with a registered and an unknown e-mail, which must take the same time.
#   2. reads: per round, the HTTP ceiling (bench/baselines/mhd_hello.c, as many threads as the
#      service) then the programme and the edition of latacunga-2024, each under wrk
#   3. writes: per round, the durable-write ceiling (bench/baselines/sqlite_commit.c: WAL,
#      synchronous=FULL, one insert per commit, in the folder of the service's database) then
#      registrations (a new person per request); then the same with check-ins (each badge once:
#      codes read from the database file, topped up by unmeasured registrations when short);
#      between the two, the cached programme on READ_CONNS connections alone, then beside registrations
#   4. documents through the server (the memoria, a 1000-badge sheet); the server's peak RSS per
#      phase (VmHWM, reset between phases through /proc/PID/clear_refs) and over the whole run
#   5. the 1000-badge sheet against ReportLab (bench/badges.sh), the memoria (build/bench_pdf)
# wrk (-t2 -c64) runs on the same cores as the servers: every HTTP figure includes wrk's own CPU.
# Traffic goes to 127.0.0.1 only; the service binds 127.0.0.1; the untouched baseline mhd_hello
# binds every address while it runs. Every process started here is stopped on exit.
#
# Environment: SHARED_BENCH (bench/baselines), THREADS (8), CONNS (64), WRK_THREADS (2),
# READ_CONNS (8: the reads beside writes), DURATION (10 s per wrk run), ROUNDS (3), COMMITS (1000 per round), BADGES (1000), STARTS (5), LOGIN_PAIRS (10),
# RESULTS (bench/RESULTS.md), STRICT=1 (exit 1 when a target is missed), PERF=PHASE (hello,
# programme, edition, register or checkin: `perf record -g` of the server, or of mhd_hello, in the
# first round of that phase, into build/bench/run/perf-PHASE.data).
set -euo pipefail
cd "$(dirname "$0")/.."

SHARED_BENCH=${SHARED_BENCH:-bench/baselines}
THREADS=${THREADS:-8}
CONNS=${CONNS:-64}
WRK_THREADS=${WRK_THREADS:-2}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
COMMITS=${COMMITS:-1000}
BADGES=${BADGES:-1000}
STARTS=${STARTS:-5}
LOGIN_PAIRS=${LOGIN_PAIRS:-10}
READ_CONNS=${READ_CONNS:-8}
RESULTS=${RESULTS:-bench/RESULTS.md}
PERF=${PERF:-}
OUT=build/bench/run # logs and raw outputs of the last run
PY=/usr/bin/python3 # Debian's python: ReportLab's, and the JSON and SQLite helper here
BIN=build/asamblea
SLUG=bench-writes # the edition registered into and checked in at: made here, a year ahead (the seed's have ended)
PROGRAMME=/api/v1/editions/latacunga-2024/sessions
EDITION=/api/v1/editions/latacunga-2024
ADMIN_EMAIL=bench@bench.example.ec
ADMIN_PASSWORD=clave-de-benchmark-$$

say() { printf '== %s\n' "$*" >&2; }
die() {
  printf 'bench: %s\n' "$*" >&2
  exit 1
}

# --- the benchmark's own packages (make deps stays free of them) ---
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
$PY -c 'import reportlab' 2>/dev/null || missing+=(python3-reportlab)
$PY -c 'import qrcode' 2>/dev/null || missing+=(python3-qrcode)
if [ -n "$PERF" ] && ! command -v perf >/dev/null; then missing+=(linux-perf); fi
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)

# --- build: the service, the memoria benchmark, the baselines, the start-up timer ---
[ -f "$SHARED_BENCH/mhd_hello.c" ] || die "no baselines in $SHARED_BENCH (set SHARED_BENCH)"
rm -rf "$OUT"
mkdir -p "$OUT"
say "build"
make -s all build/bench_pdf
cc -O2 -o "$OUT/mhd_hello" "$SHARED_BENCH/mhd_hello.c" -lmicrohttpd
cc -O2 -o "$OUT/sqlite_commit" "$SHARED_BENCH/sqlite_commit.c" -lsqlite3
cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -o "$OUT/first_answer" bench/first_answer.c

# --- processes, and stopping them ---
TMP=$(mktemp -d "${TMPDIR:-/tmp}/asamblea-bench.XXXXXX")
DB=$TMP/bench.db
SERVER_PID="" HELLO_PID="" PERF_PID=""
stop_pid() { # SIGTERM, then wait; exit status in STOP_RC (no subshell here: wait needs the parent)
  STOP_RC=0
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || STOP_RC=$?
}
cleanup() {
  local p
  for p in "$PERF_PID" "$HELLO_PID" "$SERVER_PID"; do if [ -n "$p" ]; then stop_pid "$p"; fi; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
json() { # KEY... — the value at that path of the JSON on stdin
  $PY -c 'import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1:]: v = v[k]
print(v)' "$@"
}
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
calc() { awk "BEGIN {print $*}"; } # calc 'EXPR' — floating point
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status"; }
# peak PHASE — the server's peak RSS since the last call into PEAK[PHASE] (and PEAK_MAX), then a
# reset of VmHWM to the current RSS (Linux: "5" into /proc/PID/clear_refs): a peak per phase.
# FROM[PHASE] is the RSS the phase started from (what earlier phases left behind).
declare -A PEAK FROM
PEAK_MAX=0
RSS_NOW=0
peak() {
  PEAK[$1]=$(hwm_kib)
  FROM[$1]=$RSS_NOW
  [ "${PEAK[$1]}" -gt "$PEAK_MAX" ] && PEAK_MAX=${PEAK[$1]}
  echo 5 >"/proc/$SERVER_PID/clear_refs" || die "cannot reset VmHWM"
  RSS_NOW=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")
}
cpu_ms() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ns += $1} END {printf "%.1f", ns / 1e6}'; }

# first_answer NAME -- COMMAND... — starts COMMAND (which must listen on $PORT) in the background
# under the start-up timer; sets LAST_PID, START_MS and START_CPU (CPU ms of all its threads).
first_answer() {
  local name=$1
  shift 2
  rm -f "$TMP/first"
  "$OUT/first_answer" "$PORT" "$TMP/first" -- "$@" 2>>"$OUT/$name.log" &
  LAST_PID=$!
  for _ in $(seq 240); do [ -f "$TMP/first" ] && break; sleep 0.05; done
  START_MS=$(sed -n 's/^ms=//p' "$TMP/first" 2>/dev/null || true)
  case "$START_MS" in '' | timeout) die "$name did not answer /healthz (see $OUT/$name.log)" ;; esac
  START_CPU=$(cpu_ms "$LAST_PID")
}
start_server() { # sets SERVER_PID, URL, START_MS, START_CPU
  PORT=$(free_port)
  URL=http://127.0.0.1:$PORT
  first_answer server -- "$BIN" serve --db "$DB" --bind 127.0.0.1 --port "$PORT" --threads "$THREADS" --no-access-log \
    --signup-limit 0 # wrk signs up from one address
  SERVER_PID=$LAST_PID
}
stop_server() {
  stop_pid "$SERVER_PID"
  SERVER_PID=""
  [ "$STOP_RC" = 0 ] || die "the server exited with $STOP_RC on SIGTERM (see $OUT/server.log)"
}

# api METHOD PATH [JSON] — curl with the bench token, the body on stdout; fails on HTTP >= 400.
api() {
  local args=(-sS --fail-with-body -X "$1" "$URL$2")
  [ -n "${TOKEN:-}" ] && args+=(-H "Authorization: Bearer $TOKEN")
  [ $# -ge 3 ] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
  curl "${args[@]}"
}
metric() { curl -sS "$URL/metrics" | awk -v m="$1" '$1 == m {print $2}'; }

# Results: R[NAME.KEY] holds the last wrk run of NAME; L[NAME.KEY] the list over rounds.
declare -A R L
keep() { # NAME KEY VALUE — appends VALUE to the list NAME.KEY
  L[$1.$2]="${L[$1.$2]:-} $3"
}
med() { printf '%s\n' ${L[$1.$2]} | median; } # NAME KEY — median over rounds

# run_wrk NAME SECONDS SCRIPT URL [SCRIPT ARGS...] — one wrk run; its BENCH line into R[NAME.*],
# and R[NAME.cpu_us]: CPU time of the server under test (TARGET_PID, all threads) per request.
# When PERF names this phase, perf records TARGET_PID during its first run.
# RUN_CONNS and RUN_THREADS, when set, replace CONNS and WRK_THREADS for this run.
run_wrk() {
  local name=$1 secs=$2 script=$3 url=$4 line kv c0
  shift 4
  if [ "$PERF" = "$name" ] && [ ! -f "$OUT/perf-$name.data" ]; then
    perf record -q -F 499 -g -p "$TARGET_PID" -o "$OUT/perf-$name.data" -- sleep "$secs" 2>>"$OUT/perf.log" &
    PERF_PID=$!
  fi
  c0=$(cpu_ms "$TARGET_PID")
  wrk -t"${RUN_THREADS:-$WRK_THREADS}" -c"${RUN_CONNS:-$CONNS}" -d"${secs}s" --latency -s "bench/wrk/$script" "$url" -- "$@" \
    >"$OUT/wrk-$name.txt" 2>&1 || die "wrk failed: $(cat "$OUT/wrk-$name.txt")"
  cat "$OUT/wrk-$name.txt" >>"$OUT/wrk-all.txt"
  if [ -n "$PERF_PID" ]; then
    wait "$PERF_PID" || true
    PERF_PID=""
  fi
  line=$(sed -n 's/^BENCH //p' "$OUT/wrk-$name.txt")
  [ -n "$line" ] || die "no result from wrk ($OUT/wrk-$name.txt)"
  for kv in $line; do R[$name.${kv%%=*}]=${kv#*=}; done
  R[$name.cpu_us]=$(calc "($(cpu_ms "$TARGET_PID") - $c0) * 1000 / (${R[$name.requests]} + 1e-9)")
  printf '   %-10s %9s req/s  p50 %8s ms  p99 %8s ms  errors %s/%s\n' "$name" "${R[$name.rps]}" \
    "${R[$name.p50_ms]}" "${R[$name.p99_ms]}" "${R[$name.status_errors]}" "${R[$name.socket_errors]}" >&2
}
# measured NAME — fails on any error answer; keeps rps and latencies of the run in L.
measured() {
  [ "${R[$1.status_errors]}" = 0 ] && [ "${R[$1.socket_errors]}" = 0 ] || die "$1: error answers (see $OUT/wrk-$1.txt)"
  local k
  for k in rps p50_ms p90_ms p99_ms max_ms requests cpu_us; do keep "$1" "$k" "${R[$1.$k]}"; done
}
commit_ceiling() { # one round of sqlite_commit; keeps its commits/s under "ceiling"
  "$OUT/sqlite_commit" "$TMP/commit.db" FULL "$COMMITS" | tee -a "$OUT/sqlite_commit.txt" | sed 's/^/   /' >&2
  rm -f "$TMP"/commit.db*
  COMMIT_RATE=$(tail -1 "$OUT/sqlite_commit.txt" | sed -n 's/.*= \([0-9.]*\) commits\/s.*/\1/p')
  keep ceiling rps "$COMMIT_RATE"
}
batch_begin() { B0=$(metric asamblea_group_commits_total) W0=$(metric asamblea_group_commit_writes_total); }
batch_end() { # NAME — keeps the mean writes per group commit since batch_begin
  keep "$1" batch "$(calc "($(metric asamblea_group_commit_writes_total) - $W0) / ($(metric asamblea_group_commits_total) - $B0 + 1e-9)")"
}

# --- 1. start-up ---
say "start-up: $STARTS starts each of mhd_hello and serve"
"$BIN" migrate --db "$DB" >/dev/null
"$BIN" seed --db "$DB" >/dev/null
printf '%s\n' "$ADMIN_PASSWORD" | "$BIN" user add --db "$DB" --email "$ADMIN_EMAIL" --role admin --name Benchmark >/dev/null
for i in $(seq "$STARTS"); do
  PORT=$(free_port)
  first_answer hello -- "$OUT/mhd_hello" "$PORT" "$THREADS"
  HELLO_PID=$LAST_PID
  keep hello start_ms "$START_MS"
  keep hello start_cpu "$START_CPU"
  stop_pid "$HELLO_PID"
  HELLO_PID=""
  start_server
  keep server start_ms "$START_MS"
  keep server start_cpu "$START_CPU"
  if [ "$i" -lt "$STARTS" ]; then stop_server; fi
done
printf '   serve: %s ms (CPU %s ms); mhd_hello: %s ms (CPU %s ms) — medians\n' "$(med server start_ms)" \
  "$(med server start_cpu)" "$(med hello start_ms)" "$(med hello start_cpu)" >&2
peak start
TOKEN=$(api POST /api/v1/session "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" | json token)
peak login

# failed logins: a registered e-mail and an unknown one must take the same time (no account
# enumeration by timing); LOGIN_PAIRS pairs, each from its own loopback address so that the
# per-address limit of failed logins never answers instead, alternating which goes first
failed_login() { # EMAIL ADDRESS — seconds of one failed login (401 expected)
  curl -sS -o /dev/null --interface "$2" -w '%{http_code} %{time_total}\n' -H 'Content-Type: application/json' \
    --data-binary "{\"email\":\"$1\",\"password\":\"not-the-password\"}" "$URL/api/v1/session" |
    awk '$1 != 401 {exit 1} {print $2}' || die "a failed login did not answer 401"
}
failed_login calentamiento@no-existe.ec 127.0.2.1 >/dev/null # the stand-in hash is made once
for i in $(seq "$LOGIN_PAIRS"); do
  if [ $((i % 2)) = 1 ]; then
    keep login known "$(failed_login "$ADMIN_EMAIL" "127.0.2.$((i + 1))")"
    keep login unknown "$(failed_login "nadie$i@no-existe.ec" "127.0.2.$((i + 1))")"
  else
    keep login unknown "$(failed_login "nadie$i@no-existe.ec" "127.0.2.$((i + 1))")"
    keep login known "$(failed_login "$ADMIN_EMAIL" "127.0.2.$((i + 1))")"
  fi
done
LOGIN_RATIO=$(calc "$(med login unknown) / $(med login known)")
printf '   failed login: registered e-mail %s s, unknown %s s (medians of %s): %s\n' "$(med login known)" \
  "$(med login unknown)" "$LOGIN_PAIRS" "$LOGIN_RATIO" >&2

# --- 2. reads, alternating with the HTTP ceiling ---
say "reads: $ROUNDS rounds of mhd_hello ($THREADS threads), programme, edition; wrk -t$WRK_THREADS -c$CONNS -d${DURATION}s"
HPORT=$(free_port)
"$OUT/mhd_hello" "$HPORT" "$THREADS" 2>>"$OUT/hello.log" &
HELLO_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$HPORT/" >/dev/null && break; sleep 0.05; done
PROGRAMME_BYTES=$(curl -sS "$URL$PROGRAMME" | wc -c)
TARGET_PID=$HELLO_PID run_wrk warmup 1 get.lua "http://127.0.0.1:$HPORT/"
TARGET_PID=$SERVER_PID run_wrk warmup 1 get.lua "$URL$PROGRAMME"
TARGET_PID=$SERVER_PID run_wrk warmup 1 get.lua "$URL$EDITION"
for r in $(seq "$ROUNDS"); do
  echo "   round $r" >&2
  TARGET_PID=$HELLO_PID run_wrk hello "$DURATION" get.lua "http://127.0.0.1:$HPORT/"
  measured hello
  TARGET_PID=$SERVER_PID run_wrk programme "$DURATION" get.lua "$URL$PROGRAMME"
  measured programme
  TARGET_PID=$SERVER_PID run_wrk edition "$DURATION" get.lua "$URL$EDITION"
  measured edition
  keep programme ratio "$(calc "${R[programme.rps]} / ${R[hello.rps]}")"
  keep edition ratio "$(calc "${R[edition.rps]} / ${R[hello.rps]}")"
done
stop_pid "$HELLO_PID"
HELLO_PID=""
peak reads

# --- 3. writes, alternating with the durable-write ceiling ---
say "writes: $ROUNDS rounds of sqlite_commit (FULL, $COMMITS commits) then registrations; then the same with check-ins"
# an open edition a year ahead, without capacity, so that every registration is confirmed
api POST /api/v1/editions "{\"slug\":\"$SLUG\",\"title\":\"Benchmark\",\"city\":\"Puyo\",\"status\":\"open\",
  \"starts_on\":\"$(date -u -d '+1 year' +%F)\",\"ends_on\":\"$(date -u -d '+1 year 1 day' +%F)\"}" >/dev/null
TARGET_PID=$SERVER_PID
confirmed() { api GET "/api/v1/editions/$SLUG" | json confirmed; }
checked_in() { api GET "/api/v1/editions/$SLUG/checkins/stats" | json checked_in; }
unused_codes() { # confirmed and not checked in, one per line into $TMP/codes; prints how many. Read from the
  # database file (read-only, beside the running server) rather than through the API: paging the
  # organizers' list through tens of thousands of rows would be measured as the server's peak RSS.
  DB=$DB SLUG=$SLUG $PY -c '
import os, sqlite3
db = sqlite3.connect("file:" + os.environ["DB"] + "?mode=ro", uri=True)
rows = db.execute("SELECT r.code FROM registrations r JOIN editions e ON e.id = r.edition_id WHERE e.slug = ?"
                  " AND r.status = \x27confirmed\x27 AND r.checked_in_at IS NULL ORDER BY r.id", (os.environ["SLUG"],))
print("\n".join(code for (code,) in rows))' >"$TMP/codes"
  wc -l <"$TMP/codes"
}
TOPUPS=0
topup() { # registers more people (not measured) so that check-ins have codes to spare
  TOPUPS=$((TOPUPS + 1))
  [ "$TOPUPS" -le 20 ] || die "registering enough people for the check-ins takes too long"
  run_wrk topup "$DURATION" register.lua "$URL/api/v1/editions/$SLUG/registrations" "t$TOPUPS"
}
REG_ANSWERED=0 REG_STORED=0
for r in $(seq "$ROUNDS"); do
  echo "   round $r" >&2
  commit_ceiling
  before=$(confirmed)
  batch_begin
  run_wrk register "$DURATION" register.lua "$URL/api/v1/editions/$SLUG/registrations" "r$r"
  batch_end register
  measured register
  REG_ANSWERED=$((REG_ANSWERED + ${R[register.requests]}))
  REG_STORED=$((REG_STORED + $(confirmed) - before))
  keep register ratio "$(calc "${R[register.rps]} / $COMMIT_RATE")"
done
[ "$REG_STORED" -ge "$REG_ANSWERED" ] || die "registrations: $REG_ANSWERED answered 201, only $REG_STORED stored"
peak registrations

# reads beside writes: the cached programme on READ_CONNS connections alone, then while
# registrations keep the writer busy (CONNS connections); the reads must not wait for writes
say "reads beside writes: $ROUNDS rounds of the programme ($READ_CONNS connections) alone, then beside registrations"
for r in $(seq "$ROUNDS"); do
  RUN_CONNS=$READ_CONNS RUN_THREADS=1 run_wrk read_alone "$DURATION" get.lua "$URL$PROGRAMME"
  measured read_alone
  (run_wrk register_beside "$DURATION" register.lua "$URL/api/v1/editions/$SLUG/registrations" "b$r" 2>/dev/null) &
  RUN_CONNS=$READ_CONNS RUN_THREADS=1 run_wrk read_beside "$DURATION" get.lua "$URL$PROGRAMME"
  wait $! || die "registrations beside reads failed (see $OUT/wrk-register_beside.txt)"
  measured read_beside
  grep -q '^BENCH .* status_errors=0 socket_errors=0' "$OUT/wrk-register_beside.txt" ||
    die "registrations beside reads: error answers (see $OUT/wrk-register_beside.txt)"
  keep register_beside rps "$(sed -n 's/^BENCH .* rps=\([0-9.]*\) .*/\1/p' "$OUT/wrk-register_beside.txt")"
  keep read_beside ratio "$(calc "${R[read_beside.p99_ms]} / ${R[read_alone.p99_ms]}")"
done

CHECKIN_ANSWERED=0 CHECKIN_STORED=0
for r in $(seq "$ROUNDS"); do
  echo "   round $r" >&2
  commit_ceiling
  for try in 1 2 3 4 5; do
    # enough unused codes for twice what the fastest write rate so far would use (wrk threads differ)
    need=$(calc "int(2 * $(printf '%s\n' ${L[register.rps]} ${L[checkin.rps]:-} | sort -g | tail -1) * $DURATION)")
    while [ "$(unused_codes)" -lt "$need" ]; do topup; done
    before=$(checked_in)
    batch_begin
    run_wrk checkin "$DURATION" checkin.lua "$URL/api/v1/editions/$SLUG/checkins" "$TMP/codes" "$WRK_THREADS" "$TOKEN"
    [ "${R[checkin.exhausted]}" = 0 ] && break
    [ "$try" -lt 5 ] || die "check-ins kept running out of codes"
    echo "   a wrk thread ran out of codes: measuring this round again" >&2
  done
  batch_end checkin
  measured checkin
  CHECKIN_ANSWERED=$((CHECKIN_ANSWERED + ${R[checkin.requests]}))
  CHECKIN_STORED=$((CHECKIN_STORED + $(checked_in) - before))
  keep checkin ratio "$(calc "${R[checkin.rps]} / $COMMIT_RATE")"
done
[ "$CHECKIN_STORED" -ge "$CHECKIN_ANSWERED" ] || die "check-ins: $CHECKIN_ANSWERED answered, only $CHECKIN_STORED stored"
peak checkins

# --- 4. documents through the server; then its peak RSS ---
say "documents through the server"
timed_get() { # PATH N — median seconds of N GETs; the size of the last body into $TMP/size
  local i
  for i in $(seq "$2"); do
    curl -sS --fail -H "Authorization: Bearer $TOKEN" -o "$TMP/doc" -w '%{time_total}\n' "$URL$1"
  done | median
  wc -c <"$TMP/doc" >"$TMP/size"
}
SRV_MEMORIA_S=$(timed_get /api/v1/editions/latacunga-2024/proceedings.pdf 5)
SRV_MEMORIA_BYTES=$(cat "$TMP/size")
peak memoria
codes=$(head -n "$BADGES" "$TMP/codes" | paste -sd, -) # confirmed registrations (checked in or not)
SRV_SHEET_S=$(timed_get "/api/v1/editions/$SLUG/badges.pdf?layout=a4-10&codes=$codes" 3)
SRV_SHEET_BYTES=$(cat "$TMP/size")
peak sheet
RSS_END=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")
stop_server
printf '   peak RSS (KiB) per phase: start %s, login %s, reads %s, registrations %s, check-ins %s, memoria %s, badge sheet %s\n' \
  "${PEAK[start]}" "${PEAK[login]}" "${PEAK[reads]}" "${PEAK[registrations]}" "${PEAK[checkins]}" "${PEAK[memoria]}" "${PEAK[sheet]}" >&2

# --- 5. the badge sheet against ReportLab; the memoria ---
say "badges: bench/badges.sh $BADGES (ReportLab takes a minute or more)"
BASELINE="$SHARED_BENCH/reportlab_badges.py" OUT="$OUT" bench/badges.sh "$BADGES" | tee "$OUT/badges.txt" >&2
read -r OURS_MS OURS_CPU OURS_BYTES < <(sed -n 's/^result .* ms=\([0-9.]*\) cpu_ms=\([0-9.]*\) bytes=\([0-9]*\).*/\1 \2 \3/p' "$OUT/badges.txt") || true
read -r RL_MS RL_CPU RL_BYTES < <(sed -n 's/^reportlab: \([0-9.]*\) ms (cpu \([0-9.]*\) ms), \([0-9]*\) bytes.*/\1 \2 \3/p' "$OUT/badges.txt") || true
say "memoria: build/bench_pdf 20"
build/bench_pdf 20 "$OUT/pdfshots" | tee "$OUT/memoria.txt" >&2
read -r MEM_MEDIAN MEM_BEST MEM_CPU MEM_BYTES < <(sed -n 's/^memoria (Latacunga 2024, \([0-9]*\) bytes).*wall median \([0-9.]*\) ms best \([0-9.]*\) ms; cpu median [0-9.]* ms best \([0-9.]*\) ms.*/\2 \3 \4 \1/p' "$OUT/memoria.txt") || true
[ -n "$OURS_MS" ] && [ -n "$RL_MS" ] && [ -n "$MEM_BEST" ] || die "could not read the document benchmarks"

# --- RESULTS.md ---
f() { awk -v x="$1" -v d="${2:-1}" 'BEGIN {printf "%.*f", d, x}'; } # VALUE [DECIMALS]
x() { awk -v x="$1" 'BEGIN {printf "%.2f×", x}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f MiB", k / 1024}'; }
met() { # VALUE OP LIMIT — "yes" or "**no**" (counted from the file below)
  if awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {exit !((op == ">=") ? v >= l : v <= l)}'; then echo yes; else echo "**no**"; fi
}
row() { printf '| %s | %s | %s | %s | %s | %s |\n' "$@"; }
lat() { echo "$(f "$(med "$1" p99_ms)" 2) / $(f "$(med "$1" p50_ms)" 2)"; } # p99 / p50, medians over rounds
rounds() { printf '%s' "${L[$1.$2]}" | awk -v d="${3:-0}" '{for (i = 1; i <= NF; i++) printf "%s%.*f", (i > 1 ? ", " : ""), d, $i}'; }
sheet_speedup=$(calc "$RL_MS / $OURS_MS")
sheet_bytes=$(calc "$OURS_BYTES / $RL_BYTES")
start_ratio=$(calc "$(med server start_ms) / $(med hello start_ms)")
{
  echo "# Benchmark results"
  echo
  echo "Written by \`make bench\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- server pdf badges 2>/dev/null || echo ' with local changes')."
  echo "Machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM, Linux $(uname -r),"
  echo "databases on $(df -T "$TMP" | awk 'NR == 2 {print $2}'); load average (1 min) $LOAD_START at the start, $(cut -d' ' -f1 /proc/loadavg) at the end (other jobs included)."
  echo
  echo "**Absolute numbers are machine-dependent** (and depend on what else the machine was doing): read the"
  echo "ratios, which compare with baselines measured in the same run on the same cores. Each comparison"
  echo "alternates baseline and service in $ROUNDS rounds (wrk -t$WRK_THREADS -c$CONNS -d${DURATION}s each, reads after a 1 s warm-up);"
  echo "values are medians over the rounds, ratios medians of the per-round ratios. wrk runs on the same"
  echo "$(nproc) cores as the server it measures, so every HTTP figure includes wrk's own CPU. Service:"
  echo "\`serve --threads $THREADS --no-access-log\` on a fresh seeded database; HTTP ceiling: mhd_hello, $THREADS threads."
  echo
  row measure value baseline ratio target met?
  row --- ---: ---: ---: --- ---
  row "HTTP ceiling: mhd_hello, 15-byte JSON (req/s)" "$(f "$(med hello rps)" 0)" "" "" "baseline" ""
  row "Programme read, GET $PROGRAMME (req/s)" "$(f "$(med programme rps)" 0)" "$(f "$(med hello rps)" 0)" \
    "$(x "$(med programme ratio)")" "≥ 0.7× HTTP ceiling" "$(met "$(med programme ratio)" '>=' 0.7)"
  row "Programme read p99 / p50 (ms), $CONNS connections" "$(lat programme)" "$(lat hello)" "" "p99 ≤ 10 ms" "$(met "$(med programme p99_ms)" '<=' 10)"
  row "Edition read, GET $EDITION (req/s)" "$(f "$(med edition rps)" 0)" "$(f "$(med hello rps)" 0)" "$(x "$(med edition ratio)")" "—" ""
  row "Edition read p99 / p50 (ms)" "$(lat edition)" "$(lat hello)" "" "—" ""
  row "Durable-write ceiling: sqlite_commit, WAL, FULL (commits/s)" "$(f "$(med ceiling rps)" 0)" "" "" "baseline" ""
  row "Registrations, POST .../$SLUG/registrations, a new person each (req/s)" "$(f "$(med register rps)" 0)" \
    "$(f "$(med ceiling rps)" 0)" "$(x "$(med register ratio)")" "≥ 1.5× write ceiling" "$(met "$(med register ratio)" '>=' 1.5)"
  row "Registrations p99 / p50 (ms)" "$(lat register)" "" "" "p99 ≤ 50 ms" "$(met "$(med register p99_ms)" '<=' 50)"
  row "Programme read beside registrations, p99 / p50 (ms), $READ_CONNS connections; baseline the same reads alone" \
    "$(lat read_beside)" "$(lat read_alone)" "$(x "$(med read_beside ratio)") p99" "p99 ≤ 10 ms" "$(met "$(med read_beside p99_ms)" '<=' 10)"
  row "Programme reads beside registrations (req/s; registrations beside them $(f "$(med register_beside rps)" 0) req/s)" \
    "$(f "$(med read_beside rps)" 0)" "$(f "$(med read_alone rps)" 0)" "$(x "$(calc "$(med read_beside rps) / $(med read_alone rps)")")" "—" ""
  row "Check-ins, POST .../$SLUG/checkins, each badge once (req/s)" "$(f "$(med checkin rps)" 0)" \
    "$(f "$(med ceiling rps)" 0)" "$(x "$(med checkin ratio)")" "≥ 1.5× write ceiling" "$(met "$(med checkin ratio)" '>=' 1.5)"
  row "Check-ins p99 / p50 (ms)" "$(lat checkin)" "" "" "p99 ≤ 50 ms" "$(met "$(med checkin p99_ms)" '<=' 50)"
  row "$BADGES-badge sheet, a4-10 (ms per badge; baseline ReportLab)" "$(f "$(calc "$OURS_MS / $BADGES")" 3)" \
    "$(f "$(calc "$RL_MS / $BADGES")" 2)" "$(f "$sheet_speedup" 0)× faster" "≥ 100× faster" "$(met "$sheet_speedup" '>=' 100)"
  row "$BADGES-badge sheet (bytes)" "$OURS_BYTES" "$RL_BYTES" "$(x "$sheet_bytes")" "≤ 0.33×" "$(met "$sheet_bytes" '<=' 0.3334)"
  row "Memoria Latacunga 2024, render (ms, best of 20; median $(f "$MEM_MEDIAN" 1); CPU best $(f "$MEM_CPU" 1))" "$(f "$MEM_BEST" 1)" "" "" "≤ 60 ms" "$(met "$MEM_BEST" '<=' 60)"
  row "Start to first 200 on /healthz (ms, median of $STARTS; baseline mhd_hello)" "$(f "$(med server start_ms)" 1)" \
    "$(f "$(med hello start_ms)" 1)" "$(x "$start_ratio")" "≤ 100 ms" "$(met "$(med server start_ms)" '<=' 100)"
  row "CPU time from start to first answer (ms, all threads; baseline mhd_hello)" "$(f "$(med server start_cpu)" 1)" \
    "$(f "$(med hello start_cpu)" 1)" "$(x "$(calc "$(med server start_cpu) / $(med hello start_cpu)")")" "—" ""
  row "Failed login, unknown e-mail (ms, median of $LOGIN_PAIRS; baseline a registered e-mail)" "$(f "$(calc "$(med login unknown) * 1000")" 1)" \
    "$(f "$(calc "$(med login known) * 1000")" 1)" "$(x "$LOGIN_RATIO")" "0.5× to 1.5×" \
    "$(awk -v r="$LOGIN_RATIO" 'BEGIN {print (r >= 0.5 && r <= 1.5) ? "yes" : "**no**"}')"
  row "Peak RSS of the server after the whole run (VmHWM)" "$(mib "$PEAK_MAX")" "" "" "≤ 32 MiB" "$(met "$PEAK_MAX" '<=' 32768)"
  echo
  echo "Targets missed: @MISSED@."
  echo
  echo "Details of this run:"
  echo
  echo "- Per round (req/s): ceiling $(rounds hello rps); programme $(rounds programme rps); edition $(rounds edition rps);" \
    "commit ceiling $(rounds ceiling rps); registrations $(rounds register rps); check-ins $(rounds checkin rps)."
  echo "- Per-round ratios: programme $(rounds programme ratio 2); registrations $(rounds register ratio 2); check-ins $(rounds checkin ratio 2)."
  echo "- p99 per round (ms): ceiling $(rounds hello p99_ms 1); programme $(rounds programme p99_ms 1); registrations $(rounds register p99_ms 1); check-ins $(rounds checkin p99_ms 1); programme reads alone $(rounds read_alone p99_ms 1) and beside registrations $(rounds read_beside p99_ms 1)."
  echo "- Server CPU per request (µs, all its threads, medians; wrk's CPU not included): ceiling $(f "$(med hello cpu_us)" 0)," \
    "programme $(f "$(med programme cpu_us)" 0), edition $(f "$(med edition cpu_us)" 0), registrations $(f "$(med register cpu_us)" 0), check-ins $(f "$(med checkin cpu_us)" 0)."
  echo "- The programme answer is $PROGRAMME_BYTES bytes (served from the ETag cache), the ceiling's 15."
  echo "- Writes: $REG_ANSWERED registrations answered 201 and $REG_STORED stored (confirmed); $CHECKIN_ANSWERED check-ins answered" \
    "200, each a first check-in, and $CHECKIN_STORED stored. Writes per group commit (one fsync each, from /metrics), per round:" \
    "registrations $(rounds register batch 1), check-ins $(rounds checkin batch 1). Unmeasured top-up runs of registrations: $TOPUPS."
  echo "- Start-up per run (ms): serve $(rounds server start_ms 1) (CPU $(rounds server start_cpu 1)); mhd_hello $(rounds hello start_ms 1) (CPU $(rounds hello start_cpu 1))."
  echo "- Server peak RSS per phase (VmHWM, reset between phases; in brackets the RSS the phase started from): start $(mib "${PEAK[start]}")," \
    "one login (argon2id) $(mib "${PEAK[login]}") ($(mib "${FROM[login]}")), reads $(mib "${PEAK[reads]}") ($(mib "${FROM[reads]}"))," \
    "registrations $(mib "${PEAK[registrations]}") ($(mib "${FROM[registrations]}")), check-ins" \
    "$(mib "${PEAK[checkins]}") ($(mib "${FROM[checkins]}")), memoria $(mib "${PEAK[memoria]}") ($(mib "${FROM[memoria]}"))," \
    "$BADGES-badge sheet $(mib "${PEAK[sheet]}") ($(mib "${FROM[sheet]}")); RSS at the end $(mib "$RSS_END")."
  echo "- Through the server (curl, medians): the published memoria (GET .../latacunga-2024/proceedings.pdf, $SRV_MEMORIA_BYTES bytes)" \
    "in $(f "$(calc "$SRV_MEMORIA_S * 1000")" 1) ms; a $BADGES-badge sheet (GET .../$SLUG/badges.pdf?codes=…, $SRV_SHEET_BYTES bytes) in $(f "$(calc "$SRV_SHEET_S * 1000")" 0) ms."
  echo "- Badges (bench/badges.sh): ours $(f "$OURS_MS" 1) ms for $BADGES (CPU $(f "$OURS_CPU" 1) ms; median of 5 in one process)," \
    "ReportLab $(f "$RL_MS" 0) ms (CPU $(f "$RL_CPU" 0) ms; one run, a new Python process): $(f "$(calc "$RL_CPU / $OURS_CPU")" 0)× in CPU time."
  echo "- Memoria (build/bench_pdf): $MEM_BYTES bytes; median $(f "$MEM_MEDIAN" 1) ms, best $(f "$MEM_BEST" 1) ms of 20 renders in one process."
  echo
  echo "Raw outputs: build/bench/run/ (wrk-all.txt, sqlite_commit.txt, badges.txt, memoria.txt, server.log)."
} >"$RESULTS.partial"
missed=$(grep -c '| \*\*no\*\* |$' "$RESULTS.partial" || true)
# the Lighthouse scores (make lighthouse) stay as they were: they are written between their markers
lighthouse=$(sed -n '/^<!-- lighthouse:/,/^<!-- \/lighthouse -->/p' "$RESULTS" 2>/dev/null || true)
sed "s/@MISSED@/$missed/" "$RESULTS.partial" >"$RESULTS"
if [ -n "$lighthouse" ]; then printf '\n%s\n' "$lighthouse" >>"$RESULTS"; fi
rm -f "$RESULTS.partial"
say "wrote $RESULTS ($missed targets missed)"
cat "$RESULTS"
if [ "${STRICT:-0}" = 1 ] && [ "$missed" -gt 0 ]; then exit 1; fi
exit 0
