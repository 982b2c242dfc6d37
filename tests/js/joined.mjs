// Runs a script the theme joins from parts (theme::JOINED_SCRIPTS) under
// Node, so its parts' functions can be tested one by one. The build wraps
// the parts in one function (theme::JOINED_OPENING … JOINED_CLOSING, passed
// by the Rust test in WAYMARK_JOINED_OPENING and _CLOSING); here the body
// between them runs as one strict script in a fresh context, where what the
// parts declare at their top level becomes the context's globals. So the
// tests run the bytes the site ships, parts in their joined order.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const OPENING = process.env.WAYMARK_JOINED_OPENING;
const CLOSING = process.env.WAYMARK_JOINED_CLOSING;

/** Runs the joined script `file` with `globals` (window, document, …) and
 * returns the context: its functions and variables are properties. */
export function runJoined(file, globals) {
  if (!OPENING || !CLOSING) throw new Error('run from the Rust test: WAYMARK_JOINED_OPENING/_CLOSING are not set');
  const text = readFileSync(file, 'utf8');
  if (!text.startsWith(OPENING) || !text.endsWith(CLOSING)) {
    throw new Error(`${file} is not a joined script (it does not start and end as theme::JOINED_OPENING/_CLOSING)`);
  }
  const body = text.slice(OPENING.length, text.length - CLOSING.length);
  const context = vm.createContext({ ...globals });
  context.window = context;
  // One line: the parts' line numbers in errors stay those of the joined file.
  vm.runInContext(`'use strict';${body}`, context, { filename: file, lineOffset: OPENING.split('\n').length - 1 });
  return context;
}

/** An element of a fake page: attributes and nothing else. */
export function element(attrs = {}) {
  return {
    attrs,
    hasAttribute(name) { return Object.prototype.hasOwnProperty.call(this.attrs, name); },
    getAttribute(name) { return this.hasAttribute(name) ? this.attrs[name] : null; },
    setAttribute(name, value) { this.attrs[name] = String(value); },
    removeAttribute(name) { delete this.attrs[name]; },
  };
}

/** A document still loading (so the script waits and never starts its UI),
 * whose `<html>` carries `data-root`. */
export function loadingDocument(root, head) {
  return {
    readyState: 'loading',
    addEventListener() {},
    getElementById() { return null; },
    querySelectorAll() { return []; },
    documentElement: element({ 'data-root': root }),
    body: element(),
    head: head || element(),
    currentScript: null,
    createElement(tag) { return Object.assign(element(), { tagName: tag.toUpperCase() }); },
    title: '',
  };
}
