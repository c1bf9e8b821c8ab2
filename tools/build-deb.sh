#!/bin/sh
# build-deb.sh BINARY OUT.deb — stages the Debian package of asamblea under build/deb/root and
# builds OUT.deb with dpkg-deb: the binary (stripped), the pages, the systemd units, the backup
# script, the docs; and, when they exist, the configuration (a conffile), the man page and the
# nginx example. Depends: the libraries from dpkg-shlibdeps, plus fonts, the cracklib dictionary
# and tzdata. Run by `make deb`.
set -eu
bin=$1
out=$2
version=$(cat VERSION)
arch=$(dpkg --print-architecture)
stage=build/deb
root=$stage/root
rm -rf "$stage"
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/asamblea" "$root/usr/lib/asamblea" \
  "$root/lib/systemd/system" "$root/usr/share/doc/asamblea"

install -m 755 "$bin" "$root/usr/bin/asamblea"
strip --remove-section=.comment --remove-section=.note --strip-unneeded "$root/usr/bin/asamblea"
# the pages, without npm's manifests and the vendored licences (they are in the copyright file)
(cd web && find . -type f ! -name 'package*.json' ! -name LICENSE.txt ! -path './node_modules/*') | while read -r f; do
  install -D -m 644 "web/$f" "$root/usr/share/asamblea/web/$f"
done
install -m 755 packaging/backup "$root/usr/lib/asamblea/backup"
install -m 644 packaging/systemd/*.service packaging/systemd/*.timer "$root/lib/systemd/system/"

doc=$root/usr/share/doc/asamblea
install -m 644 packaging/debian/copyright "$doc/copyright"
gzip -9n -c packaging/debian/changelog >"$doc/changelog.gz"
gzip -9n -c README.md >"$doc/README.md.gz"
if [ -f packaging/nginx/asamblea.conf ]; then
  install -D -m 644 packaging/nginx/asamblea.conf "$doc/examples/nginx-asamblea.conf"
fi
if [ -f build/asamblea.1 ]; then
  install -d "$root/usr/share/man/man1"
  gzip -9n -c build/asamblea.1 >"$root/usr/share/man/man1/asamblea.1.gz"
fi
if [ -f packaging/asamblea.conf ]; then
  install -D -m 644 packaging/asamblea.conf "$root/etc/asamblea/asamblea.conf"
  echo /etc/asamblea/asamblea.conf >"$root/DEBIAN/conffiles"
fi
install -m 755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$root/DEBIAN/"

# dpkg-shlibdeps reads debian/control from its working folder: give it a minimal one
mkdir -p "$stage/shlibs/debian"
printf 'Source: asamblea\n\nPackage: asamblea\nArchitecture: any\n' >"$stage/shlibs/debian/control"
shlibs=$(cd "$stage/shlibs" && dpkg-shlibdeps -O "$OLDPWD/$root/usr/bin/asamblea" | sed -n 's/^shlibs:Depends=//p')
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@SHLIBS@/$shlibs/" \
  packaging/debian/control.in >"$root/DEBIAN/control"
(cd "$root" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
find "$root" -type d -exec chmod 755 {} +
dpkg-deb --root-owner-group -Zxz --build "$root" "$out"
