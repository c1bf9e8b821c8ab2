#!/bin/sh
# badges.sh — the badge benchmark: renders N badges (default 1000) on the a4-10 layout with
# bench/badges_bench.c and, in the same run on the same machine, the same number with the
# ReportLab baseline (bench/baselines/reportlab_badges.py, what pretix and Indico use), then
# prints time per badge, bytes, and the two ratios the issue sets: at least 100 times faster per
# badge, at most a third of the bytes. Self-contained: builds what it needs with make and cc,
# installs python3-reportlab and python3-qrcode with apt-get if they are missing.
#
#   bench/badges.sh [N]          e.g. bench/badges.sh 1000
#   STRICT=1 bench/badges.sh     exit 1 when a target is missed
#   BASELINE=path/to/reportlab_badges.py   (default: bench/baselines/reportlab_badges.py)
set -eu
cd "$(dirname "$0")/.."

N=${1:-1000}
RUNS=${RUNS:-5}
BASELINE=${BASELINE:-bench/baselines/reportlab_badges.py}
OUT=${OUT:-build/bench}
PY=/usr/bin/python3 # Debian's python, where python3-reportlab lives
mkdir -p "$OUT"

# --- build: the libraries with the project's flags, the harness against them ---
make -s build/libbadges.a build/libpdf.a
cc -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -I. -o "$OUT/badges_bench" bench/badges_bench.c \
  build/libbadges.a build/libpdf.a -lhpdf -lqrencode -lz -lsodium -lm

# --- the baseline's packages ---
if ! $PY -c 'import reportlab, qrcode' 2>/dev/null; then
  echo "badges.sh: installing python3-reportlab python3-qrcode"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-reportlab python3-qrcode
fi

echo "== asamblea badges/ ($N badges, a4-10, median of $RUNS runs)"
"$OUT/badges_bench" "$N" a4-10 "$RUNS" "$OUT/badges-asamblea.pdf" | tee "$OUT/badges-asamblea.txt"
result=$(grep '^result ' "$OUT/badges-asamblea.txt")
ours_ms=$(echo "$result" | sed 's/.* ms=\([0-9.]*\).*/\1/')
ours_cpu=$(echo "$result" | sed 's/.*cpu_ms=\([0-9.]*\).*/\1/')
ours_bytes=$(echo "$result" | sed 's/.*bytes=\([0-9]*\).*/\1/')

echo "== ReportLab baseline ($N badges, a4-10, one run)"
start=$(date +%s%N)
cpu0=$(awk '{print $14+$15+$16+$17}' /proc/$$/stat) # this shell's children: ticks so far
$PY "$BASELINE" "$OUT/badges-reportlab.pdf" "$N"
end=$(date +%s%N)
cpu1=$(awk '{print $14+$15+$16+$17}' /proc/$$/stat)
tick=$(getconf CLK_TCK)
rl_ms=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')
rl_cpu=$(awk -v a="$cpu0" -v b="$cpu1" -v t="$tick" 'BEGIN { printf "%.1f", (b - a) * 1000 / t }')
rl_bytes=$(wc -c < "$OUT/badges-reportlab.pdf" | tr -d ' ')
echo "reportlab: $rl_ms ms (cpu $rl_cpu ms), $rl_bytes bytes"

awk -v n="$N" -v om="$ours_ms" -v oc="$ours_cpu" -v ob="$ours_bytes" -v rm="$rl_ms" -v rc="$rl_cpu" -v rb="$rl_bytes" \
    -v strict="${STRICT:-0}" 'BEGIN {
  speed = rm / om; cspeed = (oc > 0 && rc > 0) ? rc / oc : 0; bratio = ob / rb
  printf "\n%-10s %12s %14s %12s\n", "", "ms/badge", "cpu ms/badge", "bytes"
  printf "%-10s %12.4f %14.4f %12d\n", "asamblea", om / n, oc / n, ob
  printf "%-10s %12.4f %14.4f %12d\n", "reportlab", rm / n, rc / n, rb
  printf "\nper badge: %.1fx faster (wall), %.1fx (cpu)   target >= 100x: %s\n", speed, cspeed, (speed >= 100 ? "met" : "MISSED")
  printf "bytes:     %.3f of ReportLab'"'"'s                 target <= 0.333: %s\n", bratio, (bratio <= 1 / 3 ? "met" : "MISSED")
  if (strict && (speed < 100 || bratio > 1 / 3)) exit 1
}'
