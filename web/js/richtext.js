// richtext.js — renders the plain-text fields of the data (objectives, contributions, bios,
// proceedings) into DOM nodes. The format is deliberately tiny:
//   - a blank line separates paragraphs;
//   - lines starting with "- " are bullet items (consecutive ones form one list);
//   - **text** is bold.
// Everything is built with dom.js, so the text is never parsed as HTML.
import { h } from './dom.js';

const BULLET = /^\s*-\s+/;

/** Splits "a **b** c" into text and <strong> nodes. An unmatched "**" stays literal. */
export function inline(text) {
  const out = [];
  const re = /\*\*(.+?)\*\*/gs;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(h('strong', {}, m[1]));
    last = re.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Turns one block (no blank lines) into <p> and <ul> elements, in order. */
function block(lines) {
  const out = [];
  let para = [];
  let list = null;
  const flushPara = () => {
    if (para.length) out.push(h('p', {}, inline(para.join(' '))));
    para = [];
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (BULLET.test(raw)) {
      flushPara();
      if (!list) out.push((list = h('ul')));
      list.append(h('li', {}, inline(line.replace(BULLET, ''))));
    } else if (line) {
      list = null;
      para.push(line);
    }
  }
  flushPara();
  return out;
}

/** Renders text into a DocumentFragment of <p>/<ul> elements (empty for empty text). */
export function richtext(text) {
  const frag = document.createDocumentFragment();
  const blocks = String(text ?? '').replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/);
  for (const b of blocks) frag.append(...block(b.split('\n')));
  return frag;
}
