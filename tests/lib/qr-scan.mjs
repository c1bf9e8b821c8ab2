// Prints PDF pages the way printers and viewers do and reads the QR codes back, for the print
// tests: Ghostscript's hard monochrome rasterization (pngmono, as printer drivers and draft modes
// rasterize, no anti-aliasing) and anti-aliased rendering (Ghostscript png16m with alpha bits,
// poppler's pdftoppm), decoded with zbar (zbarimg) and with the jsQR the door scanner page uses
// (web/vendor/jsqr), run here in node on the pixels.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePng } from './png.mjs';
import { ROOT } from './server.mjs';

// The vendored file is a browser script that sets self.jsQR; run it with a `self` of our own.
const jsQR = (() => {
  const self = {};
  new Function('self', readFileSync(join(ROOT, 'web', 'vendor', 'jsqr', 'jsQR.js'), 'utf8'))(self);
  return self.jsQR;
})();

/** The renderings the tests print with: name → [command, arguments] for a PDF file, a resolution,
 * the page range (page flags) and an output prefix. */
const RENDERERS = {
  'gs-mono': (pdf, dpi, pages, out) => ['gs', [...GS, '-sDEVICE=pngmono', `-r${dpi}`, ...pages('-dFirstPage=', '-dLastPage='), `-sOutputFile=${out}-%03d.png`, pdf]],
  'gs-aa': (pdf, dpi, pages, out) => ['gs', [...GS, '-sDEVICE=png16m', '-dTextAlphaBits=4', '-dGraphicsAlphaBits=4', `-r${dpi}`,
    ...pages('-dFirstPage=', '-dLastPage='), `-sOutputFile=${out}-%03d.png`, pdf]],
  poppler: (pdf, dpi, pages, out) => ['pdftoppm', ['-png', '-gray', '-r', String(dpi), ...pages('-f', '-l', true), pdf, out]],
};
const GS = ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER'];

/** Renders a PDF file with one of RENDERERS ('gs-mono': hard monochrome, 'gs-aa' and 'poppler':
 * anti-aliased) at dpi, pages first..last (default all): [{bytes, width, height, gray}] in page
 * order, bytes being the PNG file. */
export function render(pdf, renderer, dpi, { first, last } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'asamblea-print-'));
  const pages = (firstFlag, lastFlag, separate) =>
    [[firstFlag, first], [lastFlag, last]].filter(([, n]) => n).flatMap(([f, n]) => (separate ? [f, String(n)] : [f + n]));
  try {
    const [cmd, args] = RENDERERS[renderer](pdf, dpi, pages, join(dir, 'page'));
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
    return readdirSync(dir).sort().map((name) => {
      const bytes = readFileSync(join(dir, name));
      return { bytes, ...decodePng(bytes) };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every QR payload zbar finds in the rectangle {x, y, w, h} (pixels; default the whole page) of a
 * rendered page, given to it as a greyscale PGM. */
export function zbar(page, rect) {
  const { w, h, gray } = crop(page, rect);
  const pgm = Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`), gray]);
  const r = spawnSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', 'pgm:-'], { input: pgm, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 4) throw new Error(`zbarimg failed: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

/** The grey pixels of the rectangle {x, y, w, h} of a page (default all of it). */
function crop(page, { x = 0, y = 0, w = page.width, h = page.height } = {}) {
  const gray = Buffer.alloc(w * h);
  for (let j = 0; j < h; j++) gray.set(page.gray.subarray((y + j) * page.width + x, (y + j) * page.width + x + w), j * w);
  return { w, h, gray };
}

/** What jsQR reads in the rectangle {x, y, w, h} (pixels; default the whole page) of a rendered
 * page, null if nothing. */
export const jsqr = (page, rect) => jsqrCode(page, rect)?.data ?? null;

/** jsQR's whole answer for that rectangle ({data, version, location: corners in its pixels}), null
 * if it reads nothing. */
export function jsqrCode(page, rect) {
  const { w, h, gray } = crop(page, rect);
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) rgba.fill(gray[i], i * 4, i * 4 + 3), (rgba[i * 4 + 3] = 255);
  return jsQR(rgba, w, h, { inversionAttempts: 'attemptBoth' }); /* as web/js/checkin-camera.js */
}

/** Dark pixels in the quiet zone of a code jsQR read in rect: the band 4 modules wide around the
 * symbol (its outer half module left out, where the symbol's own edge may bleed), which scanners
 * need clear. 0 when nothing is printed there. */
export function quietZoneInk(page, rect, code) {
  const { topLeftCorner: tl, bottomRightCorner: br } = code.location;
  const side = 17 + 4 * code.version, module = (br.x - tl.x) / side;
  const inner = 0.5 * module, outer = 4 * module;
  const x0 = rect.x + tl.x, y0 = rect.y + tl.y, x1 = rect.x + br.x, y1 = rect.y + br.y;
  let ink = 0;
  for (let y = Math.ceil(y0 - outer); y < y1 + outer; y++)
    for (let x = Math.ceil(x0 - outer); x < x1 + outer; x++) {
      const inside = x > x0 - inner && x < x1 + inner && y > y0 - inner && y < y1 + inner;
      if (!inside && page.gray[y * page.width + x] < 128) ink++;
    }
  return ink;
}

/** The cells of a sheet of cols × rows badges of w × h points centred on a page, in pixels at dpi,
 * in reading order (left to right, top to bottom). With qr, only the part of each cell that holds
 * a card's QR code: its upper right (badges/badge.c), where a scanner would look. */
export function sheetCells(page, dpi, cols, rows, w, h, { qr = false } = {}) {
  const px = (pt) => Math.round((pt * dpi) / 72);
  const x0 = Math.round((page.width - cols * px(w)) / 2), y0 = Math.round((page.height - rows * px(h)) / 2);
  const cells = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const cell = { x: x0 + c * px(w), y: y0 + r * px(h), w: px(w), h: px(h) };
      cells.push(qr ? { x: cell.x + Math.round(cell.w * 0.45), y: cell.y, w: cell.w - Math.round(cell.w * 0.45), h: Math.round(cell.h * 0.8) } : cell);
    }
  return cells;
}
