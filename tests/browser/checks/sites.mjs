// Sites, driven like a new site's programme lead reading them: from Plymouth's
// site page follow "Read Plymouth's pathway", find a local section that
// replaces national wording and open the national wording from the keyboard
// (focus its summary, press Enter); from the cross-site matrix click a
// "Varied" cell and land on that site's pathway with the section in view.
// Runs from file:// and over http; fails on console errors, CSP violations or
// failed requests anywhere along the way; axe-core audits the site page, the
// pathway page (national wording open) and the matrix (http).
import { makeRecorder, openSiteTab, noHash, waitForPath } from '../lib/interact.mjs';

const SITE = 'sites/plymouth/index.html';
const PATHWAY = 'sites/plymouth/pathway.html';
const MATRIX = 'sites/matrix.html';

/** Position of the element with `id` in the viewport, or null if there is none. */
const placeOf = (page, id) =>
  page.evaluate((target) => {
    const el = document.getElementById(target);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {
      top: Math.round(r.top),
      height: window.innerHeight,
      local: el.closest('.wm-local') ? [...el.closest('.wm-local').classList].join(' ') : null,
    };
  }, id);

async function scenarios(ctx, variantName, rec, { axe }) {
  const tab = await openSiteTab(ctx, variantName);
  const { page } = tab;
  try {
    // 1. Site page → the site's pathway.
    await rec.step(`[${variantName}] ${SITE}`, 'site page links to the pathway', async () => {
      const { problems, where } = await tab.open(SITE);
      const h1 = (await page.locator('main h1').innerText()).trim();
      rec.expect(h1 === 'Plymouth', where, `site page h1 is "${h1}" (expected "Plymouth")`);
      if (axe) await rec.axe(where, page, 'site page');
      const link = page.getByRole('link', { name: "Read Plymouth's pathway", exact: true });
      rec.expect((await link.count()) === 1, where, `${await link.count()} links named "Read Plymouth's pathway" (expected 1)`);
      await Promise.all([waitForPath(page, PATHWAY), link.click()]);
      rec.expect(noHash(page.url()) === tab.url(PATHWAY), where, `"Read Plymouth's pathway" led to ${tab.where()} (expected ${PATHWAY})`);
      rec.problems(where, problems);
    });

    // 2. A replaced section's national wording, opened from the keyboard.
    await rec.step(`[${variantName}] ${PATHWAY}`, 'national wording opens by keyboard', async () => {
      const { problems, where } = await tab.open(PATHWAY);
      const replaced = page.locator('.wm-local--replaced');
      const n = await replaced.count();
      rec.expect(n > 0, where, 'no .wm-local--replaced section on the pathway page');
      if (!n) return;
      const section = replaced.first();
      const heading = ((await section.locator('h2, h3, h4').first().textContent()) || '').trim();
      const tag = ((await section.locator('.wm-local__tag').textContent()) || '').trim();
      rec.expect(/^Local\b/.test(tag) && /Plymouth/.test(tag), where, `"${heading}": local tag says "${tag}"`);
      const details = section.locator('details.wm-local__national');
      rec.expect((await details.count()) === 1, where, `"${heading}": ${await details.count()} national-wording <details> (expected 1)`);
      const summary = details.locator('summary');
      const text = details.locator('.wm-details__text');
      rec.expect(!(await details.evaluate((d) => d.open)), where, `"${heading}": national wording is open before the reader asks`);
      rec.expect(!(await text.isVisible()), where, `"${heading}": national wording is visible while closed`);

      await summary.focus();
      const focused = await summary.evaluate((s) => document.activeElement === s);
      rec.expect(focused, where, `"${heading}": the national-wording summary cannot take keyboard focus`);
      await page.keyboard.press('Enter');
      await page.waitForFunction((d) => d.open, await details.elementHandle(), { timeout: 2000 }).catch(() => {});
      const open = await details.evaluate((d) => d.open);
      rec.expect(open, where, `"${heading}": Enter on the focused summary did not open the national wording`);
      if (open) {
        const shown = ((await text.innerText()) || '').trim();
        rec.expect(await text.isVisible(), where, `"${heading}": national wording is open but not visible`);
        rec.expect(shown.length > 40, where, `"${heading}": national wording shows "${shown}" (expected the national text)`);
        const label = ((await summary.textContent()) || '').trim();
        rec.expect(/^National wording \(.+version \d+\.\d+\)$/.test(label), where, `summary says "${label}"`);
        rec.expect(await summary.evaluate((s) => document.activeElement === s), where, `"${heading}": focus left the summary when it opened`);
      }
      if (axe) await rec.axe(where, page, 'national wording open');
      // And closes again from the keyboard.
      await page.keyboard.press('Enter');
      const closed = !(await details.evaluate((d) => d.open));
      rec.expect(closed, where, `"${heading}": Enter again did not close the national wording`);
      rec.problems(where, problems);
    });

    // 3. Matrix: a "Varied" cell leads to that section of the site's pathway.
    await rec.step(`[${variantName}] ${MATRIX}`, 'matrix "Varied" cell lands on the section', async () => {
      const { problems, where } = await tab.open(MATRIX);
      if (axe) await rec.axe(where, page, 'matrix');
      const varied = page.locator('main table tbody td a', { hasText: /^Varied$/ });
      const n = await varied.count();
      rec.expect(n > 0, where, 'no "Varied" cell links in the matrix');
      if (!n) return;
      const link = varied.first();
      const href = await link.getAttribute('href');
      const target = new URL(href, page.url());
      const id = decodeURIComponent(target.hash.slice(1));
      rec.expect(id && /\/pathway\.html$/.test(target.pathname), where, `"Varied" cell links to ${href} (expected <site>/pathway.html#<section>)`);
      const row = ((await link.locator('xpath=ancestor::tr/th').textContent()) || '').trim();
      await Promise.all([waitForPath(page, target.pathname), link.click()]);
      const at = tab.where();
      rec.expect(noHash(page.url()) === noHash(target.href), where, `"${row}" cell led to ${at} (expected ${href})`);
      rec.expect(new URL(page.url()).hash === `#${id}`, where, `"${row}" cell landed on ${at} without #${id}`);
      const place = await placeOf(page, id);
      rec.expect(place, at, `no element with id "${id}" on the page the "${row}" cell leads to`);
      if (place) {
        rec.expect(place.top >= -5 && place.top < place.height / 2, at, `#${id} is not scrolled into view (top ${place.top}px of ${place.height}px)`);
        rec.expect(place.local && /\bwm-local--replaced\b/.test(place.local), at, `#${id} is not in a .wm-local--replaced section (in: ${place.local || 'national text'})`);
      }
      rec.problems(where, problems);
    });
  } finally {
    await tab.close();
  }
}

export default {
  name: 'sites',
  order: 60,
  description: "site page → pathway, national wording opens by keyboard, matrix \"Varied\" cell lands on the section; axe (file:// and http)",
  async run(ctx) {
    const rec = makeRecorder();
    await scenarios(ctx, 'file', rec, { axe: false });
    await scenarios(ctx, 'http', rec, { axe: true });
    for (const n of rec.notes) ctx.note(n);
    return rec.failures;
  },
};
