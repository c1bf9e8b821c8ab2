// dom.js — the only way pages build elements. Text always goes in as text nodes and
// attributes through setAttribute, so data from the API can never become markup
// (the site never uses innerHTML; the server's CSP forbids inline script anyway).

/**
 * h('li', {class: 'x', href: '/e/a'}, 'texto', otherNode, [more, children])
 * - attrs: string/number values become attributes; true → empty attribute;
 *   false/null/undefined are skipped; a function under an "on…" key becomes an event listener.
 * - children: strings/numbers become text nodes; null/false are skipped; arrays are flattened.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function' && name.startsWith('on')) {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends children (strings, nodes, nested arrays) to parent; returns parent. */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces all children of el with the given ones. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Shorthand for document.querySelector / querySelectorAll (as an array). */
export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
