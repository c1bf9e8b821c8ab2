#!/bin/sh
# deps.sh — installs what building, running and testing asamblea need on Debian 12, and only
# what is missing: the C libraries, the fonts, the test tools (cmocka, chromium, poppler) and
# the pinned npm packages of the tests; libjpeg-turbo and libpng (speakers' photos are decoded and
# shrunk); clang with libFuzzer's runtime (tests/fuzz) and valgrind; faketime (libfaketime: the
# API tests that step a running server's wall clock); libcrack2 and cracklib-runtime (its
# dictionary, /var/cache/cracklib/cracklib_dict.*: the password rule).
# Run by `make deps` (and so by `make run` / `make test`).
set -eu

packages="build-essential pkg-config libmicrohttpd-dev libsqlite3-dev libcjson-dev libsodium-dev
  libqrencode-dev libhpdf-dev libjpeg62-turbo-dev libpng-dev libcmocka-dev fonts-dejavu-core fonts-lato qpdf zbar-tools tzdata sqlite3 chromium poppler-utils
  ca-certificates libcurl4-openssl-dev python3-aiosmtpd libxml2-utils python3-jsonschema openssl ffmpeg
  clang libclang-rt-dev valgrind fiu-utils faketime libcrack2-dev cracklib-runtime"
command -v node >/dev/null 2>&1 || packages="$packages nodejs"
command -v npm >/dev/null 2>&1 || packages="$packages npm"

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

# npm packages for the tests, pinned by tests/package-lock.json
if [ -f tests/package-lock.json ]; then
  if [ ! -d tests/node_modules ] || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
    echo "deps: npm ci (tests)"
    (cd tests && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
