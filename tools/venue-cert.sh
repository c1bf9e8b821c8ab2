#!/bin/sh
# venue-cert.sh — makes a self-signed TLS certificate for the venue laptop's LAN address, so that
# phones on its Wi-Fi can open the scanner over HTTPS (browsers give the camera and WebCrypto
# only to secure pages). Usage: tools/venue-cert.sh 192.168.1.10 [OUT_DIR]
# Then: build/asamblea serve --bind 192.168.1.10 --port 8443 --tls-cert OUT_DIR/venue.crt --tls-key OUT_DIR/venue.key
set -eu
addr="${1:?usage: tools/venue-cert.sh LAN_ADDRESS [OUT_DIR]}"
out="${2:-data/tls}"
mkdir -p "$out"
case "$addr" in
  *[!0-9.]*) san="DNS:$addr" ;;   # a host name
  *) san="IP:$addr" ;;            # an IPv4 address
esac
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -subj "/CN=asamblea $addr" -addext "subjectAltName=$san,IP:127.0.0.1" \
  -keyout "$out/venue.key" -out "$out/venue.crt" 2>/dev/null
chmod 600 "$out/venue.key"
echo "certificate: $out/venue.crt (valid 30 days, for $addr)"
echo "key:         $out/venue.key"
echo "fingerprint: $(openssl x509 -in "$out/venue.crt" -noout -fingerprint -sha256 | cut -d= -f2)"
