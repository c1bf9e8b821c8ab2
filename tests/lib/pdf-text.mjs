// The text layer of a PDF as the readers people use see it — what screen readers, find and copy
// meet: poppler's pdftotext, mupdf's `mutool draw -F txt` and pdf.js (the viewer of Firefox and
// of many web pages, pdfjs-dist's legacy build in node). Each gives the lines of text of the
// whole document, trimmed, empty lines left out.
import { spawnSync } from 'node:child_process';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

function lines(text) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return r.stdout;
}

export const pdftotext = (file) => lines(run('pdftotext', ['-enc', 'UTF-8', file, '-']));
export const mutool = (file) => lines(run('mutool', ['draw', '-q', '-F', 'txt', '-o', '-', file]));

/** pdf.js: one line per run of text items that pdf.js ends with a line break. */
export async function pdfjs(bytes) {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    for (const item of content.items) text += item.str + (item.hasEOL ? '\n' : '');
    text += '\n';
  }
  await doc.destroy();
  return lines(text);
}
