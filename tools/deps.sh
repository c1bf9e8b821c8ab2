#!/bin/sh
# deps.sh [run|test] — installs, on Debian 12, only what is missing of: `run`, what building and
# running asamblea need (the C toolchain and libraries, the fonts, the cracklib dictionary, tzdata,
# openssl for tools/venue-cert.sh); `test` (the default), that plus the test tools (cmocka,
# chromium, poppler, qpdf, zbar, ghostscript, mupdf, clang with libFuzzer's runtime, clang-format, valgrind, faketime, libfiu,
# aiosmtpd, lintian for the package test, groff for the man page test, nginx in front of the
# server for the proxy test, nodejs with the pinned npm packages of the tests).
# libjpeg-turbo and libpng: speakers' photos are decoded and shrunk; libcrack2 and
# cracklib-runtime (its dictionary, /var/cache/cracklib/cracklib_dict.*): the password rule;
# libxlsxwriter: the registrations spreadsheet; fonts-nanum and fonts-ipafont-gothic: Korean,
# Japanese and Chinese names on the PDFs; icc-profiles-free: the sRGB profile of the PDF/A
# memoria; libhyphen and hyphen-es (its Spanish patterns): the memoria's justified paragraphs are
# hyphenated. Run by `make run` (run) and `make deps`/`make test`.
set -eu

set_of=${1:-test}
case $set_of in run | test) ;; *) echo "usage: deps.sh [run|test]" >&2; exit 2 ;; esac

packages="build-essential pkg-config libmicrohttpd-dev libgnutls28-dev libsqlite3-dev libcjson-dev libsodium-dev
  libqrencode-dev libhpdf-dev libhyphen-dev hyphen-es libjpeg62-turbo-dev libpng-dev zlib1g-dev libbrotli-dev fonts-dejavu-core fonts-lato fonts-nanum fonts-ipafont-gothic icc-profiles-free tzdata sqlite3
  ca-certificates libcurl4-openssl-dev openssl libcrack2-dev cracklib-runtime libxlsxwriter-dev"
test_packages="libcmocka-dev qpdf zbar-tools chromium poppler-utils python3-aiosmtpd libxml2-utils
  python3-jsonschema python3-icalendar ffmpeg clang clang-format libclang-rt-dev valgrind fiu-utils faketime lintian groff-base nginx
  ghostscript mupdf-tools"
if [ "$set_of" = test ]; then
  packages="$packages $test_packages"
  command -v node >/dev/null 2>&1 || packages="$packages nodejs"
  command -v npm >/dev/null 2>&1 || packages="$packages npm"
fi

missing=""
for p in $packages; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$status" in *"install ok installed"*) ;; *) missing="$missing $p" ;; esac
done

if [ -n "$missing" ]; then
  echo "deps: installing$missing"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi

# npm packages for the tests, pinned by tests/package-lock.json; optional ones left out (pdfjs-dist's
# native canvas: the tests read pdf.js's text layer, they never render with it)
if [ "$set_of" = test ] && [ -f tests/package-lock.json ]; then
  if [ ! -d tests/node_modules ] || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
    echo "deps: npm ci (tests)"
    (cd tests && npm ci --omit=optional --no-audit --no-fund --loglevel=error)
  fi
fi
