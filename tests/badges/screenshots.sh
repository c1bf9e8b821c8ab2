#!/bin/sh
# screenshots.sh — renders the sample badges of every layout (tests/badges/badge_tool.c: every
# role, the longest compound names, long organizations) and rasterizes them at 100 dpi, to look
# at them: tests/badges/screenshots.sh [DIR]   (default /tmp/badgeshots)
set -eu
cd "$(dirname "$0")/../.."
dir=${1:-/tmp/badgeshots}
mkdir -p "$dir" build/tests
make -s build/libbadges.a build/libpdf.a
cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -I. -o build/tests/badge_tool tests/badges/badge_tool.c \
  build/libbadges.a build/libpdf.a -lhpdf -lqrencode -lz -lsodium -lm
for spec in a4-10:12 a4-8:8 a6:4 cr80:4; do
  layout=${spec%:*} n=${spec#*:}
  rm -f "$dir/$layout"-*.png
  build/tests/badge_tool render "$layout" "$n" "$dir/$layout.pdf" > /dev/null
  pdftoppm -r 100 -png "$dir/$layout.pdf" "$dir/$layout" 2>/dev/null
done
ls "$dir"/*.png
