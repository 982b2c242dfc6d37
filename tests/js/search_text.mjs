// Runs the search reader's text analysis (themes/default/static/parts/search/text.js)
// on texts read as a JSON array from stdin and prints, for each text, its
// words and their stems as JSON. Used by tests/search_text.rs, which compares
// the result with the Rust side (src/search/text.rs).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const file = fileURLToPath(new URL('../../themes/default/static/parts/search/text.js', import.meta.url));
const context = vm.createContext({});
vm.runInContext(readFileSync(file, 'utf8'), context, { filename: file });
const text = context.__wmSearchText;
if (!text || typeof text.words !== 'function' || typeof text.stemWord !== 'function') {
  throw new Error('parts/search/text.js did not define __wmSearchText.words and stemWord');
}
const inputs = JSON.parse(readFileSync(0, 'utf8'));
const out = inputs.map((t) => {
  const words = Array.from(text.words(t));
  return [words, words.map((w) => text.stemWord(w))];
});
process.stdout.write(JSON.stringify(out));
