#!/bin/sh
# vendor.sh — copies the browser libraries of the door pages, pinned by web/package.json and
# web/package-lock.json, from web/node_modules into web/vendor/, where the server serves them as
# static files (no build step: each page loads the copied file as it is). Installs the pinned
# packages first (npm ci) when web/node_modules is missing or older than the lockfile.
#   tools/vendor.sh          install if needed, copy, and say what changed
#   tools/vendor.sh --check  exit 1 if a file in web/vendor/ differs from its pinned package (CI)
# The list below is the only place that names the files; web/vendor/README.md explains them.
set -eu

cd "$(dirname "$0")/../web"
mode=${1:-copy}

# package   file in the package             copy under web/vendor/
FILES='
jsqr             dist/jsQR.js      jsqr/jsQR.js
jsqr             LICENSE           jsqr/LICENSE.txt
qrcode-generator dist/qrcode.mjs   qrcode-generator/qrcode.mjs
@noble/ed25519   index.js          noble-ed25519/index.js
@noble/ed25519   LICENSE           noble-ed25519/LICENSE.txt
'

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "vendor: npm ci (web)"
  npm ci --no-audit --no-fund --loglevel=error
fi

status=0
echo "$FILES" | while read -r pkg file dest; do
  [ -n "$pkg" ] || continue
  src="node_modules/$pkg/$file"
  want=$(node -p "require('./package.json').dependencies['$pkg']")
  have=$(node -p "require('./node_modules/$pkg/package.json').version")
  if [ "$want" != "$have" ]; then
    echo "vendor: $pkg is $have in node_modules but package.json pins $want (run: cd web && npm ci)" >&2
    exit 1
  fi
  if [ "$mode" = "--check" ]; then
    if ! cmp -s "$src" "vendor/$dest"; then
      echo "vendor: web/vendor/$dest differs from $pkg@$have/$file (run tools/vendor.sh)" >&2
      exit 1
    fi
  elif ! cmp -s "$src" "vendor/$dest" 2>/dev/null; then
    mkdir -p "vendor/$(dirname "$dest")"
    cp "$src" "vendor/$dest"
    echo "vendor: web/vendor/$dest  ←  $pkg@$have/$file"
  fi
done || status=1
[ "$status" -eq 0 ] && [ "$mode" = "--check" ] && echo "vendor: web/vendor/ matches the pinned packages"
exit $status
