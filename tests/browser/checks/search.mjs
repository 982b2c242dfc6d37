// Offline search, driven like a reader. In the header box (an ARIA combobox):
// typing "mhtr" one key at a time opens a listbox whose live region announces
// the count and which finds text that only says "mental health treatment
// requirement" (glossary synonym); arrows move aria-activedescendant, Enter
// opens the chosen result, Escape closes; a typo still finds; nonsense says "No
// results" and links the A–Z. search.html?q= lists <mark>ed results. Without
// JavaScript the header form reaches search.html, which links the A–Z, which
// lists every page. From file:// (everything) and over http (the combobox and
// results page); axe-core audits the open dropdown and the results page (http).
import { makeRecorder, openSiteTab, noHash, waitForPath } from '../lib/interact.mjs';
import { readFileSync } from 'node:fs';
import { isFile } from '../lib/util.mjs';

const EXPANSION = /mental health treatment requirement/i;

/** Records every render of the combobox / results page (init scripts run outside the page CSP). */
function recordRenders() {
  window.__wmRenders = [];
  document.addEventListener('wm-search-rendered', (e) => {
    window.__wmRenders.push({ query: e.detail.query, count: e.detail.count });
  });
}

/** Waits for a render of exactly `query`; returns { query, count }. */
async function rendered(page, query, timeout = 5000) {
  const h = await page.waitForFunction((q) => (window.__wmRenders || []).find((e) => e.query === q), query, { timeout });
  return h.jsonValue();
}

/** Types `q` into the header search box one key at a time, as a reader does. */
async function typeQuery(page, q) {
  await page.evaluate(() => { window.__wmRenders = []; });
  await page.click('#wm-search-input');
  await page.fill('#wm-search-input', '');
  for (const ch of q) await page.keyboard.type(ch, { delay: 40 });
  return rendered(page, q);
}

const optionTexts = (page) => page.$$eval('#wm-search-listbox [role=option]', (els) => els.map((e) => e.textContent.replace(/\s+/g, ' ')));
const liveText = (page) => page.evaluate(() => (document.querySelector('form.wm-search [role=status]') || {}).textContent || '');

/** The combobox from a page of the site: synonym, ARIA, keyboard, Escape. */
async function combobox(tab, rec, { axe }) {
  const { page } = tab;
  const { problems, where } = await tab.open('index.html');
  await rec.step(where, 'typing "mhtr"', async () => {
    const ev = await typeQuery(page, 'mhtr');
    const input = page.locator('#wm-search-input');
    rec.expect((await input.getAttribute('role')) === 'combobox', where, 'search box is not role=combobox');
    rec.expect((await input.getAttribute('aria-expanded')) === 'true', where, `aria-expanded is "${await input.getAttribute('aria-expanded')}" with results shown`);
    const controls = await input.getAttribute('aria-controls');
    const listbox = page.locator('[role=listbox]');
    rec.expect(controls && (await listbox.getAttribute('id')) === controls, where, `aria-controls="${controls}" does not name the listbox`);
    rec.expect(await listbox.isVisible(), where, 'no visible listbox after typing "mhtr"');
    const texts = await optionTexts(page);
    rec.expect(ev.count > 0 && texts.length > 0, where, `"mhtr" found ${ev.count} result(s), ${texts.length} option(s)`);
    const live = await liveText(page);
    rec.expect(new RegExp(`^${ev.count}\\+? results?`).test(live), where, `live region says "${live}" for ${ev.count} result(s)`);
    rec.expect(texts.some((t) => EXPANSION.test(t)), where,
      `no result for "mhtr" mentions "mental health treatment requirement":\n      ${texts.slice(0, 8).join('\n      ')}`);
    if (axe) await rec.axe(where, page, 'search dropdown open');
  });

  await rec.step(where, 'arrow keys and Enter', async () => {
    const input = page.locator('#wm-search-input');
    const n = await page.locator('#wm-search-listbox [role=option]').count();
    if (!rec.expect(n >= 2, where, `need two options to test the arrow keys, have ${n}`)) return;
    const activeIs = async (i, after) => {
      const id = await input.getAttribute('aria-activedescendant');
      const sel = await page.$$eval('#wm-search-listbox [role=option]', (els) => els.map((e) => e.getAttribute('aria-selected')));
      rec.expect(id && (await page.locator(`#wm-search-listbox [role=option]:nth-child(${i + 1})`).getAttribute('id')) === id, where,
        `after ${after}, aria-activedescendant is "${id}", expected option ${i + 1}`);
      rec.expect(sel.filter((s) => s === 'true').length === 1 && sel[i] === 'true', where, `after ${after}, aria-selected is ${JSON.stringify(sel)}`);
    };
    await page.keyboard.press('ArrowDown');
    await activeIs(0, 'ArrowDown');
    await page.keyboard.press('ArrowDown');
    await activeIs(1, 'ArrowDown ×2');
    await page.keyboard.press('ArrowUp');
    await activeIs(0, 'ArrowDown ×2, ArrowUp');
    const href = await page.locator('#wm-search-listbox [role=option]').first().getAttribute('data-href');
    const expected = new URL(href, page.url()).href;
    await Promise.all([page.waitForURL((u) => u.href === expected, { timeout: 5000 }), page.keyboard.press('Enter')]);
    const frag = new URL(expected).hash.slice(1);
    if (frag) {
      const exists = await page.evaluate((id) => !!document.getElementById(decodeURIComponent(id)), frag);
      rec.expect(exists, tab.where(), `result opened by Enter has no element #${frag}`);
    }
    rec.problems(where, problems, 'after Enter');
  });

  rec.problems(where, problems);
  await rec.step(where, 'Escape closes', async () => {
    const { problems } = await tab.open('index.html');
    await typeQuery(page, 'consent');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    const input = page.locator('#wm-search-input');
    rec.expect((await input.getAttribute('aria-expanded')) === 'false', where, 'Escape leaves aria-expanded="true"');
    rec.expect(!(await page.locator('#wm-search-listbox').isVisible()), where, 'Escape leaves the listbox visible');
    rec.expect((await input.getAttribute('aria-activedescendant')) === null, where, 'Escape leaves aria-activedescendant set');
    rec.expect(noHash(page.url()) === tab.url('index.html'), where, `Escape navigated to ${page.url()}`);
    rec.problems(where, problems);
  });
}

/** Typos and nonsense in the header box. */
async function fuzzy(tab, rec) {
  const { page } = tab;
  const { problems, where } = await tab.open('index.html');
  await rec.step(where, 'typo "asessment"', async () => {
    const ev = await typeQuery(page, 'asessment');
    const texts = await optionTexts(page);
    rec.expect(ev.count > 0 && texts.some((t) => /\bassess/i.test(t)), where,
      `"asessment" found ${ev.count} result(s), none about assessment: ${texts.slice(0, 3).join(' | ')}`);
    const marks = await page.$$eval('#wm-search-listbox mark', (m) => m.map((x) => x.textContent.toLowerCase()));
    rec.expect(marks.some((m) => m.startsWith('assess')), where, `"asessment": no <mark>ed assessment word (marks: ${marks.slice(0, 6).join(', ')})`);
  });
  await rec.step(where, 'a two-letter second word waits for its third letter', async () => {
    const hrefs = () => page.$$eval('#wm-search-listbox [role=option]:not(.wm-search-all)', (els) => els.map((e) => e.getAttribute('data-href')));
    const one = await typeQuery(page, 'consent ');
    const before = await hrefs();
    const two = await typeQuery(page, 'consent ca');
    const after = await hrefs();
    rec.expect(two.count === one.count && JSON.stringify(after) === JSON.stringify(before), where,
      `"consent ca" shows other results than "consent " (${two.count} vs ${one.count})`);
  });
  await rec.step(where, 'nonsense "zzqxv"', async () => {
    const ev = await typeQuery(page, 'zzqxv');
    const panel = page.locator('.wm-search-panel');
    rec.expect(ev.count === 0, where, `"zzqxv" found ${ev.count} result(s)`);
    rec.expect(await panel.isVisible(), where, '"zzqxv": no visible panel saying there are no results');
    const text = (await panel.innerText().catch(() => '')).replace(/\s+/g, ' ');
    rec.expect(/No results/i.test(text), where, `"zzqxv": panel says "${text}"`);
    const az = await panel.locator('a').evaluateAll((as) => as.map((a) => a.href));
    rec.expect(az.includes(tab.url('a-z.html')), where, `"zzqxv": no link to a-z.html in the panel (links: ${az.join(', ')})`);
    const live = await liveText(page);
    rec.expect(live === 'No results', where, `"zzqxv": live region says "${live}"`);
    rec.expect((await page.locator('#wm-search-input').getAttribute('aria-activedescendant')) === null, where, '"zzqxv": an option is active');
  });
  rec.problems(where, problems);
}

/**
 * Where the dropdown's rows come from: a one-word query reads card files
 * (each word's best results in one file), never a document shard; a query
 * of two words may need document shards too. Either way every snippet in
 * the dropdown is the results page's snippet cut to card length.
 */
async function rowSources(tab, rec) {
  const { page } = tab;
  const { problems, where } = await tab.open('index.html');
  const loaded = (dir) => page.$$eval('script[src]', (ss, d) => ss.filter((s) => s.getAttribute('src').includes(`search/${d}/`)).length, dir);
  const rows = () => page.$$eval('#wm-search-listbox [role=option]:not(.wm-search-all)', (els) => els.map((e) => ({
    href: e.getAttribute('data-href'), snippet: (e.querySelector('.wm-search-snippet') || {}).textContent || '',
  })));
  await rec.step(where, 'one word: rows from card files', async () => {
    await typeQuery(page, 'consent');
    await page.waitForTimeout(300); // let the look-ahead finish too
    const cards = await loaded('c'), docs = await loaded('d'), shown = await rows();
    rec.expect(shown.length > 0 && cards > 0 && docs === 0, where,
      `"consent": ${shown.length} row(s) from ${cards} card file(s) and ${docs} document shard(s); expected card files only`);
  });
  await rec.step(where, 'snippets: the results page\'s, cut to card length', async () => {
    const check = async (q) => {
      const { problems: p1 } = await tab.open('index.html');
      await typeQuery(page, q);
      const shown = await rows();
      const limit = await page.evaluate(() => new Promise((ok) => { window.__wmSearch.manifest = ((m) => (x) => { m(x); ok(x.cardChars); })(window.__wmSearch.manifest); const s = document.createElement('script'); s.src = document.querySelector('script[src$="search.js"]').src.replace(/assets\/search\.js.*/, 'search/manifest.js'); document.head.appendChild(s); }));
      const { problems: p2 } = await tab.open(`search.html?q=${encodeURIComponent(q)}`);
      await rendered(page, q);
      const full = new Map(await page.$$eval('.wm-search-results > li', (ls) => ls.map((l) => [l.querySelector('.wm-search-result__link').getAttribute('href'), (l.querySelector('.wm-search-result__excerpt') || {}).textContent || ''])));
      const compared = shown.filter((r) => full.has(r.href));
      rec.expect(compared.length > 0, where, `"${q}": no dropdown row is on the results page's first page`);
      for (const r of compared) {
        const f = full.get(r.href), cutTo = r.snippet.replace(/\u2026$/, '');
        rec.expect(Array.from(r.snippet).length <= limit + 1 && f.startsWith(cutTo) && (r.snippet === f || r.snippet.endsWith('\u2026')), where,
          `"${q}" ${r.href}: dropdown snippet "${r.snippet}" is not "${f}" cut to ${limit} characters`);
      }
      rec.problems(where, p1.concat(p2));
    };
    await check('consent');
    await check('court liaison');
  });
  rec.problems(where, problems);
}

/** search.html?q=consent: results with <mark>ed words. */
async function resultsPage(tab, rec, { axe }) {
  const { page } = tab;
  const { problems, where } = await tab.open('search.html?q=consent');
  await rec.step(where, 'results page', async () => {
    const ev = await rendered(page, 'consent');
    const results = page.locator('.wm-search-results > li .wm-search-result__link');
    const n = await results.count();
    rec.expect(ev.count > 0 && n > 0, where, `"consent": ${ev.count} result(s), ${n} listed`);
    const status = ((await page.locator('.wm-search-status').textContent()) || '').trim();
    rec.expect(new RegExp(`^${ev.count} results? for “consent”$`).test(status), where, `status says "${status}" for ${ev.count} result(s)`);
    const marks = await page.$$eval('.wm-search-results mark', (m) => m.map((x) => x.textContent.toLowerCase()));
    rec.expect(marks.length > 0 && marks.every((m) => m.startsWith('consent')), where, `marked words: ${marks.slice(0, 8).join(', ') || 'none'}`);
    const withMark = await page.locator('.wm-search-results > li').evaluateAll((ls) => ls.filter((l) => l.querySelector('mark')).length);
    rec.expect(withMark > 0, where, `none of ${n} results has a <mark>ed word`);
    // Snippets are the start of a section, so a match further in is not shown (a known limitation).
    if (withMark < n) rec.note(`${where}: ${n - withMark} of ${n} results show no matched word in their snippet`);
    const input = page.locator('#wm-search-page-input');
    rec.expect((await input.inputValue().catch(() => null)) === 'consent', where, 'results page search box does not hold the query');
    // Every result link opens a page of the site (and, if it has one, its #section).
    const hrefs = await results.evaluateAll((as) => as.map((a) => a.href));
    const bad = hrefs.filter((h) => {
      const rel = tab.variant.relOf(h);
      return rel === null || !isFile(tab.variant.fileOf(rel));
    });
    rec.expect(!bad.length, where, `result links to missing pages: ${bad.slice(0, 3).join(', ')}`);
    // …and its #section exists there (the index writes most fragments as
    // numbers for the reader to rebuild from the section title).
    const noTarget = hrefs.filter((h) => {
      const frag = new URL(h).hash.slice(1);
      const rel = tab.variant.relOf(h);
      if (!frag || rel === null || !isFile(tab.variant.fileOf(rel))) return false;
      return !readFileSync(tab.variant.fileOf(rel), 'utf8').includes(`id="${decodeURIComponent(frag)}"`);
    });
    rec.expect(!noTarget.length, where, `result links to missing sections: ${noTarget.slice(0, 3).join(', ')}`);
    if (axe) await rec.axe(where, page, 'results shown');
  });
  rec.problems(where, problems);
}

/**
 * search.html?q=mhtr: the glossary pair works both ways in the full results — some
 * result does not say "MHTR" at all, and it is found (and marked) through
 * "mental health treatment requirement".
 */
async function synonym(tab, rec) {
  const { page } = tab;
  const { problems, where } = await tab.open('search.html?q=mhtr');
  await rec.step(where, 'synonym', async () => {
    const ev = await rendered(page, 'mhtr');
    // All results, not just the first page of 20.
    for (let i = 0; i < 20 && (await page.locator('.wm-search-more').isVisible()); i++) {
      const before = await page.locator('.wm-search-results > li').count();
      await page.click('.wm-search-more');
      await page.waitForFunction((b) => document.querySelectorAll('.wm-search-results > li').length > b, before, { timeout: 3000 });
    }
    const rows = await page.$$eval('.wm-search-results > li', (ls) => ls.map((l) => ({
      href: l.querySelector('.wm-search-result__link').getAttribute('href'),
      text: l.textContent.replace(/\s+/g, ' '),
      marks: Array.from(l.querySelectorAll('mark'), (m) => m.textContent.toLowerCase()),
    })));
    rec.expect(rows.length === ev.count, where, `listed ${rows.length} of ${ev.count} results after "Show more results"`);
    const viaExpansion = rows.filter((r) => !/mhtr/i.test(r.text) && r.marks.includes('mental') && r.marks.some((m) => m.startsWith('treatment')));
    rec.expect(viaExpansion.length > 0, where,
      `no result found only through "mental health treatment requirement" (${rows.length} results; none without "MHTR" has "mental" and "treatment" marked)`);
  });
  rec.problems(where, problems);
}

/**
 * The results page in the GOV.UK pattern: a labelled box and a submit
 * button; filters named in words (no ids such as "new-sites" or
 * lower-case site ids); each result's only link is its title (a trail and an
 * excerpt follow as text, the trail never ending in an id); and a national
 * passage the site pathways repeat word for word is listed once, with "Also
 * in N site pathways" linking each copy, not once per site.
 */
async function govukPattern(tab, rec) {
  const { page } = tab;
  const q = 'same-day assessment';
  const { problems, where } = await tab.open(`search.html?q=${encodeURIComponent(q)}`);
  await rec.step(where, 'GOV.UK results pattern', async () => {
    await rendered(page, q);
    const label = await page.$eval('label[for="wm-search-page-input"]', (l) => l.textContent.trim()).catch(() => '');
    rec.expect(label !== '', where, 'the search box has no label');
    rec.expect(await page.locator('form.wm-search-page-form button[type=submit]').count() === 1, where, 'no submit button beside the search box');
    const names = await page.$$eval('.wm-search-filters label', (ls) => ls.map((l) => l.textContent.trim()));
    const ids = names.filter((n) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(n));
    rec.expect(names.length > 5 && !ids.length, where, `filters labelled with ids: ${ids.join(', ') || `only ${names.length} filters`}`);
    const rows = await page.$$eval('.wm-search-results > li', (ls) => ls.map((l) => ({
      links: Array.from(l.querySelectorAll('a:not(.wm-search-result__also a)'), (a) => a.className),
      trail: (l.querySelector('.wm-search-result__trail') || {}).textContent || '',
      href: l.querySelector('.wm-search-result__link').getAttribute('href'),
      also: Array.from(l.querySelectorAll('.wm-search-result__also a'), (a) => a.getAttribute('href')),
      alsoText: (l.querySelector('.wm-search-result__also') || {}).textContent || '',
    })));
    const badLinks = rows.filter((r) => r.links.length !== 1 || r.links[0] !== 'wm-search-result__link');
    rec.expect(rows.length > 0 && !badLinks.length, where, `results whose links are not just the title: ${badLinks.slice(0, 3).map((r) => r.href).join(', ')}`);
    const idTrails = rows.filter((r) => /› [a-z0-9]+(-[a-z0-9]+)*$/.test(r.trail));
    rec.expect(!idTrails.length, where, `trails ending in an id: ${idTrails.slice(0, 3).map((r) => r.trail).join(' | ')}`);
    const merged = rows.find((r) => r.also.length >= 2);
    if (!rec.expect(merged, where, 'no result lists the site pathways that repeat it ("Also in N site pathways")')) return;
    rec.expect(new RegExp(`^Also in ${merged.also.length} site pathways: `).test(merged.alsoText), where, `the copies' line says "${merged.alsoText}"`);
    const repeated = rows.filter((r) => merged.also.includes(r.href));
    rec.expect(!repeated.length, where, `a merged copy is also listed as its own result: ${repeated.map((r) => r.href).join(', ')}`);
  });
  rec.problems(where, problems);
}

/** No JavaScript: header form → search.html → A–Z → every page. */
async function withoutJs(ctx, rec) {
  const browser = await ctx.browser();
  const variant = await ctx.variant('file');
  const page = await browser.newPage();
  const where = '[file, no JS] index.html';
  try {
    // What Playwright's javaScriptEnabled:false does, for this tab only (the shared
    // persistent context cannot open a second context).
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await page.goto(new URL('index.html', variant.rootUrl).href);
    const scripted = await page.evaluate(() => document.documentElement.classList.contains('wm-js')).catch(() => null);
    if (!rec.expect(scripted === false || scripted === null, where, 'scripts ran although JavaScript is off')) return;
    await page.fill('#wm-search-input', 'consent');
    await Promise.all([waitForPath(page, 'search.html'), page.click('form.wm-search button[type=submit]')]);
    const u = new URL(page.url());
    rec.expect(variant.relOf(page.url()) === 'search.html' && u.searchParams.get('q') === 'consent', where,
      `header form without JavaScript went to ${page.url()}, expected search.html?q=consent`);
    const az = page.locator('main a[href="a-z.html"]').filter({ visible: true });
    if (!rec.expect((await az.count()) > 0, '[file, no JS] search.html', 'no visible link to a-z.html without JavaScript')) return;
    await Promise.all([waitForPath(page, 'a-z.html'), az.first().click()]);
    const links = await page.$$eval('main .wm-listing a', (as) => as.map((a) => a.href));
    const rels = new Set(links.map((h) => variant.relOf(h)));
    const missing = links.filter((h) => {
      const rel = variant.relOf(h);
      return rel === null || !isFile(variant.fileOf(rel));
    });
    rec.expect(links.length >= 10, '[file, no JS] a-z.html', `A–Z lists ${links.length} page(s)`);
    rec.expect(!missing.length, '[file, no JS] a-z.html', `A–Z links to missing pages: ${missing.slice(0, 3).join(', ')}`);
    // Every content page of the site should be reachable from the A–Z.
    const expectPages = ['cstr/eligibility.html', 'glossary.html', 'protocol/national-protocol/index.html'];
    const absent = expectPages.filter((r) => isFile(variant.fileOf(r)) && !rels.has(r));
    rec.expect(!absent.length, '[file, no JS] a-z.html', `A–Z does not list ${absent.join(', ')}`);
  } catch (err) {
    rec.fail(where, `no-JavaScript path: ${String(err.message || err).split('\n')[0]}`);
  } finally {
    await page.close().catch(() => {});
  }
}

export default {
  name: 'search',
  order: 60,
  description: 'header search combobox (synonym, typo, no results, keyboard), results page, no-JS fallback (file:// and http)',
  async run(ctx) {
    const rec = makeRecorder();
    for (const [variant, full] of [['file', true], ['http', false]]) {
      const tab = await openSiteTab(ctx, variant);
      await tab.page.addInitScript(recordRenders);
      try {
        await combobox(tab, rec, { axe: variant === 'http' });
        if (full) await fuzzy(tab, rec);
        if (full) await synonym(tab, rec);
        if (full) await rowSources(tab, rec);
        await resultsPage(tab, rec, { axe: variant === 'http' });
        if (full) await govukPattern(tab, rec);
      } finally {
        await tab.close();
      }
    }
    await withoutJs(ctx, rec);
    for (const n of new Set(rec.notes)) ctx.note(n);
    return rec.failures;
  },
};
