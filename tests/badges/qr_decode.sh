#!/bin/sh
# qr_decode.sh — every QR code on every badge must read back, with an independent reader, as
# exactly the token that was signed, and that token must verify. Renders a 10-badge a4-10 sheet, an
# 8-badge a4-8 sheet, an a6 badge and a cr80 card with real tokens (tests/badges/badge_tool.c),
# rasterizes each page with poppler (pdftoppm -r 150 -png), decodes each page with zbar
# (zbarimg --raw -q), compares the decoded texts with the signed ones, and verifies each. zbar
# reading a whole sheet of ten codes now and then (a few in a thousand) misses one that it reads
# alone without trouble; such a code is decoded again from its own badge's area (a door scanner
# sees one badge) and reported — a code unreadable even alone fails.
# The same check runs inside `make unit` (tests/unit/test_badge.c, test_qr_decode); this script
# is for running it alone, or on a PDF the server produced:
#
#   tests/badges/qr_decode.sh                      the sample badges above
#   tests/badges/qr_decode.sh FILE.pdf KEYHEX N    FILE's QR codes: N of them, each verifying with
#                                                  the edition's public key (64 hex digits)
set -eu
cd "$(dirname "$0")/../.."
for t in pdftoppm zbarimg; do
  command -v $t >/dev/null 2>&1 || { echo "qr_decode: $t is missing (make deps: poppler-utils, zbar-tools)" >&2; exit 1; }
done
make -s build/libbadges.a build/libpdf.a
mkdir -p build/tests
cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -I. -o build/tests/badge_tool tests/badges/badge_tool.c \
  build/libbadges.a build/libpdf.a -lhpdf -lqrencode -lz -lsodium -lm
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# decode FILE.pdf: prints every decoded text, one per line
decode() {
  pdftoppm -r 150 -png "$1" "$work/page" 2>/dev/null
  for p in "$work"/page*.png; do zbarimg --raw -q "$p" 2>/dev/null || true; done
  rm -f "$work"/page*.png
}

if [ $# -eq 3 ]; then
  decode "$1" > "$work/decoded"
  got=$(grep -c . "$work/decoded" || true)
  build/tests/badge_tool verify "$2" < "$work/decoded" > "$work/verified" || { cat "$work/verified"; echo "qr_decode: FAIL: a token does not verify" >&2; exit 1; }
  [ "$got" -eq "$3" ] || { echo "qr_decode: FAIL: $got codes decoded, $3 expected" >&2; exit 1; }
  echo "qr_decode: $1: $got codes decoded, all verify"
  exit 0
fi

fail=0
for spec in a4-10:10 a4-8:8 a6:1 cr80:1 cr80:3; do
  layout=${spec%:*} n=${spec#*:}
  build/tests/badge_tool render "$layout" "$n" "$work/b.pdf" > "$work/signed"
  key=$(sed -n 's/^key //p' "$work/signed")
  sed -n 's/^token \([A-Z2-7]*\) .*/\1/p' "$work/signed" | sort > "$work/want"
  decode "$work/b.pdf" | sort > "$work/got"
  for t in $(comm -23 "$work/want" "$work/got"); do # missed on the page: read from the badge's area
    set -- $(grep "^token $t " "$work/signed")
    pdftoppm -r 150 -png -f "$3" -l "$3" -x "$4" -y "$5" -W "$6" -H "$7" "$work/b.pdf" "$work/cell" 2>/dev/null
    alone=$(zbarimg --raw -q "$work"/cell*.png 2>/dev/null || true)
    rm -f "$work"/cell*.png
    if [ "$alone" = "$t" ]; then
      echo "qr_decode: note: $layout: a code missed on its page was read from its own badge area"
      echo "$t" >> "$work/got"
    fi
  done
  sort -o "$work/got" "$work/got"
  if ! cmp -s "$work/want" "$work/got"; then
    echo "qr_decode: FAIL $layout ×$n: decoded texts differ from the signed tokens:" >&2
    diff "$work/want" "$work/got" >&2 || true
    fail=1
    continue
  fi
  if ! build/tests/badge_tool verify "$key" < "$work/got" > "$work/verified"; then
    echo "qr_decode: FAIL $layout ×$n: a decoded token does not verify" >&2
    fail=1
    continue
  fi
  echo "qr_decode: $layout ×$n: $(grep -c '^ok' "$work/verified") of $n QR codes decoded exactly and verified"
done
exit $fail
