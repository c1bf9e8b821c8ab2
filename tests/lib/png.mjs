// Reads the PNG files the print tests make (Ghostscript's pngmono, pnggray and png16m, pdftoppm's
// output): 8-bit or 1-bit greyscale and 8-bit RGB, not interlaced. Returns one grey byte per pixel.
import { inflateSync } from 'node:zlib';

const CHANNELS = { 0: 1, 2: 3 };

function paeth(a, b, c) {
  const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** {width, height, gray: Uint8Array} of a PNG file's bytes. */
export function decodePng(buf) {
  let pos = 8, width = 0, height = 0, depth = 0, type = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos), kind = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (kind === 'IHDR') {
      width = body.readUInt32BE(0), height = body.readUInt32BE(4), depth = body[8], type = body[9];
      if (!(type in CHANNELS) || body[12] !== 0 || (depth !== 8 && !(depth === 1 && type === 0)))
        throw new Error(`unsupported PNG: type ${type}, depth ${depth}, interlace ${body[12]}`);
    } else if (kind === 'IDAT') idat.push(body);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const channels = CHANNELS[type], bpp = Math.max(1, (channels * depth) >> 3);
  const stride = Math.ceil((width * channels * depth) / 8);
  const gray = new Uint8Array(width * height);
  let prev = new Uint8Array(stride), row = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)], line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? row[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      row[i] = (line[i] + pred) & 255;
    }
    for (let x = 0; x < width; x++) {
      let v;
      if (depth === 1) v = (row[x >> 3] >> (7 - (x & 7))) & 1 ? 255 : 0;
      else if (channels === 1) v = row[x];
      else v = (row[3 * x] * 299 + row[3 * x + 1] * 587 + row[3 * x + 2] * 114) / 1000;
      gray[y * width + x] = v;
    }
    [prev, row] = [row, prev];
  }
  return { width, height, gray };
}
