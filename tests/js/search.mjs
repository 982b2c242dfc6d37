// Unit tests of the search reader (the joined assets/search.js) against the
// index the Rust indexer built for the fixture of tests/theme_scripts.rs:
//   node tests/js/search.mjs SITE_DIR
// Index files load as in a browser: the script inserts <script src> elements,
// here read from SITE_DIR and run in the script's context.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import vm from 'node:vm';
import { element, loadingDocument, runJoined } from './joined.mjs';

const SITE = process.argv[2];
if (!SITE) throw new Error('usage: node tests/js/search.mjs SITE_DIR');

/** A fresh search reader on the fixture site; `loaded` lists the index
 * files it has read, by key ('manifest', 't/0', 'c/0/1', 'd/0/0'…). */
function reader() {
  const loaded = [];
  const head = element();
  let ctx = null;
  head.appendChild = (s) => {
    const file = s.src;
    setImmediate(() => {
      if (!existsSync(file)) { s.onerror(); return; }
      loaded.push(file.slice(join(SITE, 'search/').length, -'.js'.length));
      vm.runInContext(readFileSync(file, 'utf8'), ctx, { filename: file });
    });
  };
  ctx = runJoined(join(SITE, 'assets/search.js'), { document: loadingDocument(SITE + '/', head) });
  ctx.loaded = loaded;
  return ctx;
}

/** `x` as a value of this realm (the script's arrays are another realm's,
 * which deepStrictEqual tells apart). */
const plain = (x) => JSON.parse(JSON.stringify(x));

/** "Page: Section" of the first `n` results of `res`, from their rows. */
async function titles(r, res, n = 8) {
  const rows = await r.fetchDocs(res.hits.slice(0, n));
  return plain(rows.map((d) => r.resultTitle(d)));
}

test('question words are dropped from a query that has other words', async () => {
  const r = reader();
  await r.load('manifest');
  assert.deepEqual(plain(r.parse('how do I make a referral', false).map((w) => w.raw)), ['make', 'referral']);
  assert.deepEqual(plain(r.parse('how', false).map((w) => w.raw)), ['how'], 'a query of question words only keeps them');
  const res = await r.search('how do I make a referral', { full: true });
  const found = await titles(r, res);
  assert.equal(found[0], 'Treatment guide: Clinic referral');
  assert.ok(!found.some((t) => t.startsWith('Questions')), `the page of questions is not a result: ${found}`);
});

test('a section matching most of the words ranks first when none matches all', async () => {
  const r = reader();
  const res = await r.search('can sessions be delivered remotely by video', { full: true });
  assert.equal(res.and, false, 'no section holds every word');
  assert.deepEqual(await titles(r, res), ['Treatment guide: Remote sessions'],
    'the section with one word of four (a share under MIN_COVER of the best) is left out');
});

test('a rare word outweighs a common one (idf-weighted share)', async () => {
  const r = reader();
  const res = await r.search('court clinic', { full: true });
  assert.deepEqual(await titles(r, res), ['Treatment guide: Clinic referral'],
    'sections holding only the common word match under MIN_COVER of the best share');
  await r.load('manifest');
  assert.ok(r.idf(1) > r.idf(8), 'idf falls as more sections hold the term');
});

test('a passage a site pathway repeats is one result, "also in" that site', async () => {
  const r = reader();
  const res = await r.search('remotely', { full: true });
  assert.equal(res.hits.length, 1, 'the site copy is not a result of its own');
  const [row] = await r.fetchDocs(res.hits);
  assert.equal(row.section, 'Remote sessions');
  assert.equal(row.also.length, 1);
  assert.match(row.also[0].url, /alpha/);
  assert.ok(row.url.endsWith('#remote'), row.url);
  // The replaced section is the site's own result.
  const hearings = await titles(r, await r.search('hearings', { full: true }));
  assert.equal(hearings.length, 2, `national and Alpha's own: ${hearings}`);
});

test('a typo of five letters or more finds the word one edit away', async () => {
  const r = reader();
  assert.deepEqual(await titles(r, await r.search('clinc', { full: true })), ['Treatment guide: Clinic referral']);
  assert.equal((await r.search('clin', { full: true })).hits.length, 0, 'a short word is not corrected');
});

test('terms are looked up in the shard that holds them', async () => {
  const r = reader();
  await r.load('manifest');
  const M = r.M;
  assert.ok(M.bounds.length >= 2, `the vocabulary spans ${M.bounds.length} term shards`);
  await r.loadAll(M.bounds.map((_, i) => 't/' + i));
  for (const w of ['court', 'reform', 'clinic', 'quaaaot', 'qubmmot', 'qucbzot']) {
    const stem = r.stemWord(w), e = r.entry(stem);
    assert.ok(e, `${stem} is indexed`);
    assert.ok(Object.prototype.hasOwnProperty.call(r.shards[r.shardOf(stem)], stem));
  }
  for (const [i, shard] of Object.entries(r.shards)) {
    for (const t of Object.keys(shard)) assert.equal(r.shardOf(t), +i, `the shard of ${t}`);
  }
  assert.equal(r.entry(r.stemWord('zebra')), null);
  assert.equal(r.entry(r.stemWord('court'))[0], 8, 'court is in eight sections');
  const cards = r.cardIds(r.stemWord('court'));
  assert.ok(cards.size > 0 && cards.size <= M.cards);
  for (const id of cards) assert.ok(id < M.c, 'cards hold current records only');
});

test("the dropdown takes a one-word query's rows from one card file", async () => {
  const r = reader();
  const res = await r.search('court', { typing: true });
  assert.equal(res.hits.length, 8);
  const before = r.loaded.length;
  const rows = await r.fetchDocs(res.hits.slice(0, 8), res);
  const read = r.loaded.slice(before);
  assert.equal(read.filter((k) => k.startsWith('c/')).length, 1, `read: ${read}`);
  assert.equal(read.filter((k) => k.startsWith('d/')).length, 0, `read: ${read}`);
  assert.ok(rows.every((d) => d.text.length <= r.M.cardChars + 1), 'dropdown snippets are card length');
  // The results page reads document shards instead.
  const page = await r.fetchDocs(res.hits.slice(0, 8));
  assert.equal(page.length, 8);
  assert.ok(r.loaded.some((k) => k.startsWith('d/')));
});

test('the next key is guessed from the vocabulary, then from the other words', async () => {
  const r = reader();
  await r.search('ref', { typing: true });
  // reform (5 sections) before refund (3); referral (1) is too rare to follow.
  assert.deepEqual(plain(r.nextChars('ref', null)), ['o', 'u']);
  // After "clinic", whose results use "referral", its letter comes second
  // (the likeliest by frequency stays first).
  const near = await r.nearIds('clinic ref');
  assert.ok(near && near.size > 0);
  assert.deepEqual(plain(r.nextChars('clinic ref', near)), ['o', 'e', 'u']);
});

test('looking ahead loads the rows the likely next keys will show', async () => {
  const cold = reader();
  const res = await cold.search('clinic refe', { typing: true });
  assert.ok(cold.rowFiles(res.hits.slice(0, 8), res).length > 0, 'nothing is loaded ahead without a pause');
  const r = reader();
  await r.search('clinic ref', { typing: true });
  await r.lookAhead('clinic ref', () => true);
  const next = await r.search('clinic refe', { typing: true });
  assert.ok(next.hits.length > 0);
  assert.deepEqual(plain(r.rowFiles(next.hits.slice(0, 8), next)), [], 'every row of "clinic refe" is loaded already');
});

test('looking ahead stops at its read allowance', async () => {
  const r = reader();
  await r.search('clinic ref', { typing: true });
  const before = r.loaded.length;
  r.read = r.AHEAD_BYTES;
  await r.lookAhead('clinic ref', () => true);
  assert.deepEqual(r.loaded.slice(before), [], 'nothing more is read');
});
