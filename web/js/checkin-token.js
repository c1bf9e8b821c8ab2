// checkin-token.js — what the door reads from a badge, checked the way an offline scanner must:
// telling a typed registration code from a badge token, decoding the token (120 characters of
// RFC 4648 base32 = 75 bytes: an 11-byte payload [version | edition_id u32 BE | badge id u32 BE |
// badge_revision u16 BE] and its 64-byte Ed25519 signature), and verifying the signature with the
// edition's public key (GET …/badge-key). Version 2 carries the registration's random badge id
// (the roster's `badge_id`); version 1, on badges made before badge ids, its registration id (the
// roster's `id`). WebCrypto's Ed25519 is used where the browser has it; elsewhere the vendored
// @noble/ed25519 (loaded only then). No DOM here: the page (checkin.js) and the door logic
// (checkin-door.js) use it.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const TOKEN_CHARS = 120;
export const TOKEN_BYTES = 75;
export const PAYLOAD_BYTES = 11;
export const TOKEN_VERSION = 2;
/** Badges made before badge ids: the token names the registration id. */
export const TOKEN_VERSION_LEGACY = 1;
/** True for the versions a door accepts. */
export const knownVersion = (v) => v === TOKEN_VERSION || v === TOKEN_VERSION_LEGACY;
/** Registration codes: six characters without 0, O, 1, I (the server accepts any case, hyphens, spaces). */
const CODE = /^[2-9A-HJ-NP-Z]{6}$/;

/**
 * What was scanned or typed: {kind: 'code', value: 'K7PM3Q'}, {kind: 'token', value} (spaces and
 * a scanner's CR/LF removed, upper case), or {kind: 'empty'}.
 */
export function classify(text) {
  const raw = String(text ?? '').trim();
  if (!raw) return { kind: 'empty', value: '' };
  const compact = raw.replace(/[\s-]+/g, '').toUpperCase();
  if (CODE.test(compact)) return { kind: 'code', value: compact };
  return { kind: 'token', value: raw.replace(/\s+/g, '').toUpperCase() };
}

/** RFC 4648 base32 without padding → bytes, or null when a character is not in the alphabet. */
export function base32Decode(text) {
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let n = 0;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[n++] = (value >> (bits - 8)) & 255;
      bits -= 8;
    }
  }
  return out;
}

/** base64url (no padding) → bytes. */
export function base64UrlDecode(text) {
  const b64 = String(text).replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/**
 * The token's fields: {version, editionId, holderId, revision, payload, signature} (holderId: the
 * badge id in version 2, the registration id in version 1), or
 * null when it is not 120 base32 characters.
 */
export function parseToken(token) {
  if (typeof token !== 'string' || token.length !== TOKEN_CHARS) return null;
  const bytes = base32Decode(token);
  if (!bytes || bytes.length !== TOKEN_BYTES) return null;
  const view = new DataView(bytes.buffer);
  return {
    version: bytes[0],
    editionId: view.getUint32(1),
    holderId: view.getUint32(5),
    revision: view.getUint16(9),
    payload: bytes.subarray(0, PAYLOAD_BYTES),
    signature: bytes.subarray(PAYLOAD_BYTES),
  };
}

let webCryptoEd25519 = null; // null: not yet known; then true or false

/** True when this browser's WebCrypto verifies Ed25519 (Chromium 137+, Firefox 129+, Safari 17+). */
export async function hasWebCryptoEd25519() {
  if (webCryptoEd25519 !== null) return webCryptoEd25519;
  try {
    const probe = new Uint8Array(32);
    probe[0] = 1;
    await crypto.subtle.importKey('raw', probe, { name: 'Ed25519' }, false, ['verify']);
    webCryptoEd25519 = true;
  } catch {
    webCryptoEd25519 = false;
  }
  return webCryptoEd25519;
}

/**
 * A verifier for one public key (base64url, 32 bytes): an async (payload, signature) → boolean.
 * Resolves to null when this browser can verify no signature at all (no WebCrypto: a page not
 * served over https). Call it while online: the fallback library is fetched then.
 * options.library forces the fallback (for the tests of browsers without WebCrypto Ed25519).
 */
export async function makeVerifier(publicKey, { library = false } = {}) {
  const pk = base64UrlDecode(publicKey);
  if (pk.length !== 32) throw new Error('public_key_length'); // a code, never shown (Door.useKey verifies nothing then)
  if (!globalThis.crypto || !crypto.subtle) return null;
  if (!library && (await hasWebCryptoEd25519())) {
    const key = await crypto.subtle.importKey('raw', pk, { name: 'Ed25519' }, false, ['verify']);
    return (payload, signature) => crypto.subtle.verify({ name: 'Ed25519' }, key, signature, payload).catch(() => false);
  }
  const noble = await import('../vendor/noble-ed25519/index.js');
  return (payload, signature) => noble.verifyAsync(signature, payload, pk, { zip215: false }).catch(() => false);
}

/**
 * Checks a token offline against the edition: → {ok: true, version, holderId, revision} or
 * {ok: false, reason} with reason 'malformed' | 'version' | 'edition' | 'signature' | 'unverifiable'.
 */
export async function checkToken(token, { editionId, verify }) {
  const t = parseToken(token);
  if (!t) return { ok: false, reason: 'malformed' };
  if (!knownVersion(t.version)) return { ok: false, reason: 'version' };
  if (t.editionId !== editionId) return { ok: false, reason: 'edition' };
  if (!verify) return { ok: false, reason: 'unverifiable' };
  if (!(await verify(t.payload, t.signature))) return { ok: false, reason: 'signature' };
  return { ok: true, version: t.version, holderId: t.holderId, revision: t.revision };
}
