// Versioned documents, driven like a reader: the version switcher keeps the
// section being read, superseded pages say so, the compare picker on
// history.html reaches the pre-built comparison (and refuses a version compared
// with itself), and "which version was in force on" answers correctly. Runs
// from file:// and over http; fails on console errors, CSP violations or failed
// requests anywhere along the way; axe-core audits history.html with its
// script-revealed forms in use.
import { makeRecorder, openSiteTab, noHash, waitForPath } from '../lib/interact.mjs';

const DOC = 'protocol/national-protocol/';

/** Expected answers of the in-force form (dates are inclusive of the day a version takes effect). */
const IN_FORCE = [
  { date: '2018-01-01', version: '1.0' },
  { date: '2018-07-02', version: '1.1' },
  { date: '2019-12-01', version: '2.0' },
  { date: '2017-01-01', version: null },
];

async function scenarios(ctx, variantName, rec, { axe }) {
  const tab = await openSiteTab(ctx, variantName);
  const { page } = tab;
  try {
    // 1. Switcher keeps the section named in the URL.
    await rec.step(`[${variantName}] ${DOC}v1.1.html#screening`, 'switcher keeps #screening', async () => {
      const { problems, where } = await tab.open(`${DOC}v1.1.html#screening`);
      await page.click('.wm-version-switcher summary');
      const link = page.locator('.wm-version-list a', { hasText: 'Version 2.0' });
      await Promise.all([waitForPath(page, `${DOC}v2.0.html`), link.click()]);
      const landed = new URL(page.url());
      rec.expect(landed.hash === '#screening', where, `switcher link to 2.0 landed on ${tab.where()} (expected v2.0.html#screening)`);
      const target = await page.evaluate(() => {
        const el = document.getElementById('screening');
        return el && { top: Math.round(el.getBoundingClientRect().top), tag: el.tagName };
      });
      rec.expect(target, tab.where(), 'no element with id "screening" on the version it landed on');
      if (target) {
        rec.expect(target.top >= -5 && target.top < 200, tab.where(), `#screening is not scrolled into view (top ${target.top}px)`);
      }
      rec.problems(where, problems);
    });

    // 2. Without a #fragment, the heading at the top of the viewport is carried over.
    // The switcher is sticky, so a reader deep in the page reaches it without
    // scrolling back up: open it and click as a person would.
    await rec.step(`[${variantName}] ${DOC}v1.1.html`, 'switcher keeps the scrolled-to section', async () => {
      const { problems, where } = await tab.open(`${DOC}v1.1.html`);
      await page.evaluate(() => document.getElementById('consent').scrollIntoView({ block: 'start' }));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
      const stuck = await page.evaluate(() => Math.round(document.querySelector('.wm-version-switcher').getBoundingClientRect().top));
      rec.expect(stuck >= 0 && stuck < 5, where, `the version switcher is not in view at the top of the window (top ${stuck}px)`);
      await page.click('.wm-version-switcher summary');
      const link = page.locator('.wm-version-list a', { hasText: 'Version 1.0' });
      await Promise.all([waitForPath(page, `${DOC}v1.0.html`), link.click()]);
      rec.expect(new URL(page.url()).hash === '#consent', where, `scrolled to #consent, switched to 1.0, landed on ${tab.where()} (expected v1.0.html#consent)`);
      rec.problems(where, problems);
    });

    // 3. Superseded banner on old versions only.
    await rec.step(`[${variantName}] ${DOC}v1.1.html`, 'superseded banner', async () => {
      let { problems, where } = await tab.open(`${DOC}v1.1.html`);
      const banner = page.locator('[aria-labelledby="wm-version-banner"]');
      rec.expect(await banner.isVisible(), where, 'superseded version has no visible "Superseded version" banner');
      if (await banner.count()) {
        const text = await banner.innerText();
        rec.expect(/superseded/i.test(text) && /2\.0/.test(text), where, `banner does not name the current version: "${text.replace(/\s+/g, ' ')}"`);
        const href = await banner.locator('a').first().evaluate((a) => a.href);
        rec.expect(noHash(href) === tab.url(`${DOC}v2.0.html`), where, `banner links to ${href}, not the current version v2.0.html`);
      }
      rec.problems(where, problems);
      for (const rel of [`${DOC}index.html`, `${DOC}v2.0.html`]) {
        ({ problems, where } = await tab.open(rel));
        rec.expect((await page.locator('#wm-version-banner, .wm-notification--warning').count()) === 0, where, 'current version shows a superseded banner');
        rec.expect(!/superseded version/i.test(await page.locator('main').innerText()), where, 'current version says "Superseded version"');
        rec.problems(where, problems);
      }
    });

    // 3b. On a phone (390 × 844) the current version starts with the document:
    // its first section is on the first screen, the notes are one click away
    // (the "N changes" link opens them), and the main navigation sits behind "Menu".
    await rec.step(`[${variantName}] ${DOC}index.html`, 'phone: document on the first screen', async () => {
      const before = page.viewportSize();
      await page.setViewportSize({ width: 390, height: 844 });
      try {
        const { problems, where } = await tab.open(`${DOC}index.html`);
        const first = await page.evaluate(() => {
          const h = document.querySelector('.wm-prose h2');
          const r = h && h.getBoundingClientRect();
          return r && { text: h.textContent.trim(), bottom: Math.round(r.bottom), height: window.innerHeight };
        });
        rec.expect(first && first.bottom <= first.height, where,
          `first section ${first ? `"${first.text}" ends at ${first.bottom}px` : 'not found'}, below the ${first ? first.height : '?'}px first screen`);
        rec.expect(!/@\d+\.\d+#/.test(await page.locator('main').innerText()), where, 'the page shows an internal change id (doc@version#id)');
        const link = page.locator('.wm-version-status a[href="#wm-version-changes"]');
        rec.expect((await link.count()) === 1, where, 'the version line has no link to its change notes');
        if (await link.count()) {
          await link.click();
          const open = await page.evaluate(() => document.getElementById('wm-version-about').open);
          rec.expect(open, where, 'following the "changes" link leaves the change notes closed');
          rec.expect(await page.locator('#wm-version-changes').isVisible(), where, 'the change notes heading is not visible after following the link');
        }
        const list = page.locator('#wm-service-nav-list');
        const toggle = page.locator('.wm-service-nav__toggle');
        rec.expect(!(await list.isVisible()) && (await toggle.isVisible()), where, 'on a phone the main navigation is not folded behind "Menu"');
        await toggle.click();
        rec.expect((await list.isVisible()) && (await toggle.getAttribute('aria-expanded')) === 'true', where, '"Menu" does not open the main navigation');
        rec.problems(where, problems);
      } finally {
        await page.setViewportSize(before || { width: 1280, height: 900 });
      }
    });

    // 4. Compare picker on history.html.
    const history = `${DOC}history.html`;
    await rec.step(`[${variantName}] ${history}`, 'compare picker 1.0 → 2.0', async () => {
      const { problems, where } = await tab.open(history);
      const form = page.locator('form[data-wm-compare]');
      rec.expect(await form.isVisible(), where, 'compare form is not revealed by the script');
      await form.locator('select[name=from]').selectOption('1.0');
      await form.locator('select[name=to]').selectOption('2.0');
      await Promise.all([waitForPath(page, `${DOC}compare-v1.0-v2.0.html`), form.locator('button[type=submit]').click()]);
      const diff = await page.evaluate(() => {
        const sr = (sel, text) => [...document.querySelectorAll(sel)].filter((e) => {
          const h = e.querySelector(':scope > .wm-visually-hidden');
          return h && h.textContent === text;
        }).length;
        return {
          ins: document.querySelectorAll('.wm-diff ins').length,
          del: document.querySelectorAll('.wm-diff del').length,
          insSr: sr('.wm-diff ins', 'inserted: '),
          delSr: sr('.wm-diff del', 'deleted: '),
        };
      });
      const at = tab.where();
      rec.expect(diff.ins > 0 && diff.del > 0, at, `comparison has ${diff.ins} <ins> and ${diff.del} <del> in .wm-diff (expected at least one of each)`);
      rec.expect(diff.insSr === diff.ins, at, `${diff.ins - diff.insSr} of ${diff.ins} <ins> lack a visually-hidden "inserted: " label`);
      rec.expect(diff.delSr === diff.del, at, `${diff.del - diff.delSr} of ${diff.del} <del> lack a visually-hidden "deleted: " label`);
      rec.problems(where, problems);
    });

    await rec.step(`[${variantName}] ${history}`, 'compare picker, newer chosen as "from"', async () => {
      const { problems, where } = await tab.open(history);
      const form = page.locator('form[data-wm-compare]');
      await form.locator('select[name=from]').selectOption('2.0');
      await form.locator('select[name=to]').selectOption('1.1');
      await Promise.all([waitForPath(page, `${DOC}compare-v1.1-v2.0.html`), form.locator('button[type=submit]').click()]);
      rec.problems(where, problems);
    });

    // 5. The same page keeps working after a refused comparison: which version was in force on a date.
    await rec.step(`[${variantName}] ${history}`, 'compare picker refuses one version twice; in-force form', async () => {
      const { problems, where } = await tab.open(history);
      const compare = page.locator('form[data-wm-compare]');
      await compare.locator('select[name=from]').selectOption('1.1');
      await compare.locator('select[name=to]').selectOption('1.1');
      let navigated = false;
      const onNav = (f) => {
        if (f === page.mainFrame()) navigated = true;
      };
      page.on('framenavigated', onNav);
      await compare.locator('button[type=submit]').click();
      const error = page.locator('[data-wm-compare-error]');
      await page.waitForFunction((el) => el.textContent.trim() !== '', await error.elementHandle(), { timeout: 2000 }).catch(() => {});
      const errorText = ((await error.textContent()) || '').trim();
      rec.expect(errorText && (await error.isVisible()), where, 'choosing version 1.1 twice shows no error message');
      rec.expect(!errorText || /different/i.test(errorText), where, `choosing version 1.1 twice says "${errorText}" (expected to ask for two different versions)`);

      const form = page.locator('form[data-wm-in-force]');
      rec.expect(await form.isVisible(), where, 'in-force form is not revealed by the script');
      const result = form.locator('[data-wm-in-force-result]');
      for (const { date, version } of IN_FORCE) {
        await result.evaluate((el) => { el.textContent = ''; });
        await form.locator('input[name=date]').fill(date);
        await form.locator('button[type=submit]').click();
        await page.waitForFunction((el) => el.textContent.trim() !== '', await result.elementHandle(), { timeout: 2000 });
        const text = (await result.textContent()).trim();
        if (version) {
          const href = await result.locator('a').first().getAttribute('href', { timeout: 500 }).catch(() => null);
          rec.expect(new RegExp(`^Version ${version.replace('.', '\\.')} was in force`).test(text), where, `in force on ${date}: said "${text}", expected version ${version}`);
          rec.expect(href === `v${version}.html`, where, `in force on ${date}: result links to ${href}, expected v${version}.html`);
        } else {
          rec.expect(/^No version/.test(text) && !/Version \d/.test(text), where, `in force on ${date}: said "${text}", expected no version`);
        }
      }
      page.off('framenavigated', onNav);
      // Neither form may navigate: one refused, the other answers in place.
      rec.expect(!navigated && noHash(page.url()) === tab.url(history), where, `history.html forms navigated to ${page.url()}`);
      if (axe) await rec.axe(where, page, 'forms revealed, compare error and in-force result shown');
      rec.problems(where, problems);
    });
  } finally {
    await tab.close();
  }
}

export default {
  name: 'versions',
  order: 60,
  description: 'version switcher keeps the section, superseded banner, compare picker, in-force date (file:// and http)',
  async run(ctx) {
    const rec = makeRecorder();
    await scenarios(ctx, 'file', rec, { axe: false });
    await scenarios(ctx, 'http', rec, { axe: true });
    return rec.failures;
  },
};
