// Unit test of the agenda page's script (the joined assets/confirm.js):
// its download part, shared with forms.js, offers the file it is given.
//   node tests/js/confirm.mjs CONFIRM_JS
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { element, loadingDocument, runJoined } from './joined.mjs';

const FILE = process.argv[2];

test('the shared download part offers a file of the given name and type', () => {
  const document = loadingDocument('');
  const clicked = [];
  document.createElement = () => Object.assign(element(), { click() { clicked.push(this); } });
  document.body.appendChild = () => {};
  document.body.removeChild = () => {};
  const blobs = [];
  const ctx = runJoined(FILE, {
    document,
    Blob: function (parts, options) { blobs.push({ text: parts.join(''), type: options.type }); },
    URL: { createObjectURL: () => 'blob:1', revokeObjectURL() {} },
    setTimeout() {},
  });
  assert.equal(typeof ctx.setup, 'function', 'the agenda part is joined too');
  ctx.download('{"a":1}\n', 'application/json', 'confirmations-alpha.json');
  assert.deepEqual(blobs, [{ text: '{"a":1}\n', type: 'application/json' }]);
  assert.equal(clicked.length, 1);
  assert.equal(clicked[0].download, 'confirmations-alpha.json');
  assert.equal(clicked[0].href, 'blob:1');
  assert.equal(clicked[0].hidden, true);
});
