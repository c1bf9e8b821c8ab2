#!/bin/sh
# run.sh SECONDS TARGET... — runs each libFuzzer target (build/fuzz/fuzz_NAME) for SECONDS on its
# seed corpus tests/fuzz/corpus/NAME (read only: what the run discovers goes to
# build/fuzz/corpus/NAME, kept between runs), with tests/fuzz/NAME.dict when there is one.
# Targets run FUZZ_JOBS at a time (default: the number of CPUs), each on one core.
# Prints one line per target, "fuzz: NAME: N executions in S s, ..."; writes the same lines to
# build/fuzz/summary.txt and each full log to build/fuzz/logs/NAME.log. A crash, leak, sanitizer
# report or failed check leaves its input in build/fuzz/artifacts/ and makes the script exit 1.
# Rerun one crashing input with: build/fuzz/fuzz_NAME build/fuzz/artifacts/NAME-crash-...
set -u
[ $# -ge 2 ] || { echo "usage: $0 SECONDS TARGET..." >&2; exit 2; }
secs=$1
shift
jobs=${FUZZ_JOBS:-$(nproc)}
mkdir -p build/fuzz/logs build/fuzz/artifacts
summary=build/fuzz/summary.txt
: >"$summary"

# fuzz_one BIN — one target; its summary line into build/fuzz/logs/NAME.line, exit 1 on a finding
fuzz_one() {
  name=${1##*/fuzz_}
  work=build/fuzz/corpus/$name
  mkdir -p "$work"
  log=build/fuzz/logs/$name.log
  dict=""
  [ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
  # shellcheck disable=SC2086 # $dict is one word or none
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$1" -max_total_time="$secs" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 -max_len=8192 $dict \
    -artifact_prefix="build/fuzz/artifacts/$name-" "$work" "tests/fuzz/corpus/$name" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  corpus=$(ls "$work" | wc -l)
  if [ "$rc" -eq 0 ]; then
    echo "fuzz: $name: ${execs:-?} executions in ${secs} s (${rate:-?}/s), corpus $corpus, no crash" >"build/fuzz/logs/$name.line"
  else
    echo "fuzz: $name: FAILED (exit $rc) after ${execs:-?} executions — see $log and build/fuzz/artifacts/" >"build/fuzz/logs/$name.line"
    grep -m 3 -E "fuzz check failed|ERROR: |runtime error|SUMMARY" "$log" | sed 's/^/    /' >>"build/fuzz/logs/$name.line"
  fi
  echo "${execs:-0}" >"build/fuzz/logs/$name.execs"
  [ "$rc" -eq 0 ]
}

# start them, at most $jobs at once (each waits for the oldest running one to end)
pids=""
running=0
for bin in "$@"; do
  if [ "$running" -ge "$jobs" ]; then
    oldest=${pids%% *}
    pids=${pids#* }
    wait "$oldest"
    running=$((running - 1))
  fi
  fuzz_one "$bin" &
  pids="$pids$! "
  running=$((running + 1))
done
wait

failed=0
total=0
for bin in "$@"; do
  name=${bin##*/fuzz_}
  cat "build/fuzz/logs/$name.line"
  head -n 1 "build/fuzz/logs/$name.line" >>"$summary"
  case $(head -n 1 "build/fuzz/logs/$name.line") in *FAILED*) failed=$((failed + 1)) ;; esac
  total=$((total + $(cat "build/fuzz/logs/$name.execs")))
done
line="fuzz: $# targets, $total executions, $failed with a crash or failed check"
echo "$line"
echo "$line" >>"$summary"
[ "$failed" -eq 0 ]
