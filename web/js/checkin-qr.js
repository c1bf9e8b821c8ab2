// checkin-qr.js — draws a badge token as a QR code on a <canvas> (vendored qrcode-generator), the
// same code the printed badge carries: error correction M, alphanumeric mode (the token is base32
// upper case), a four-module quiet zone, square modules at whole device pixels so a door camera
// reads it from a phone screen. Used by the attendee's page (manage.js).
import qrcode from '../vendor/qrcode-generator/qrcode.mjs';

const QUIET = 4; // modules of white around the code (ISO/IEC 18004)

/**
 * Draws `text` on `canvas` at about `size` CSS pixels (never less than 3 device pixels per
 * module); returns the number of modules per side.
 */
export function drawQr(canvas, text, { size = 288 } = {}) {
  const qr = qrcode(0, 'M');
  qr.addData(text, /^[0-9A-Z $%*+\-./:]*$/.test(text) ? 'Alphanumeric' : 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  const ratio = window.devicePixelRatio || 1;
  const side = n + QUIET * 2;
  const cell = Math.max(3, Math.floor((size * ratio) / side));
  canvas.width = side * cell;
  canvas.height = side * cell;
  canvas.style.width = `${(side * cell) / ratio}px`;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  for (let r = 0; r < n; r += 1) {
    for (let c = 0; c < n; c += 1) {
      if (qr.isDark(r, c)) ctx.fillRect((c + QUIET) * cell, (r + QUIET) * cell, cell, cell);
    }
  }
  return n;
}
