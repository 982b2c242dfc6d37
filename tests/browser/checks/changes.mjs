// "What's changed" filters on changes.html, driven like a reader: each filter
// must leave visible exactly the items its data-* attributes select (checked
// with real visibility, so CSS that overrides [hidden] is caught), the live
// count must say "Showing N of M changes", and "Clear filters" must bring every
// item back. From file:// and over http; axe-core audits the page (http) with
// filters applied; fails on console errors or CSP violations.
import { makeRecorder, openSiteTab } from '../lib/interact.mjs';

const PAGE = 'changes.html';

/** Visible/hidden state of every item, with the attributes the filters use. */
function itemStates(page) {
  return page.$$eval('.wm-change-list > li', (lis) =>
    lis.map((li) => ({
      id: li.id,
      date: li.getAttribute('data-date'),
      doc: li.getAttribute('data-doc'),
      audience: (li.getAttribute('data-audience') || '').split(/\s+/).filter(Boolean),
      sites: (li.getAttribute('data-sites') || '').split(/\s+/).filter(Boolean),
      major: li.getAttribute('data-major'),
      // Rendered at all (not hidden by [hidden] or CSS) — what a reader sees.
      visible: li.getClientRects().length > 0 && getComputedStyle(li).visibility !== 'hidden',
    })),
  );
}

export default {
  name: 'changes',
  order: 60,
  description: 'changes.html filters: dates, major only, site, audience, clear; live count (file:// and http)',
  async run(ctx) {
    const rec = makeRecorder();
    await scenario(ctx, 'file', rec, { axe: false });
    // axe-core reads stylesheets with requests that file:// pages' CSP refuses, so audit over http.
    await scenario(ctx, 'http', rec, { axe: true });
    return rec.failures;
  },
};

async function scenario(ctx, variantName, rec, { axe }) {
  const tab = await openSiteTab(ctx, variantName);
  const { page } = tab;
  try {
    const { problems, where } = await tab.open(PAGE);
    const form = page.locator('form[data-wm-change-filters]');
    const count = page.locator('[data-wm-change-count]');
    if (!rec.expect(await form.isVisible(), where, 'filter form is not revealed by the script')) return;
    rec.expect((await count.getAttribute('role')) === 'status', where, 'the change count is not a live region (role=status)');

    const all = await itemStates(page);
    const total = all.length;
    if (!rec.expect(total > 1, where, `only ${total} change item(s): nothing to filter`)) return;
    rec.expect(all.every((i) => i.visible), where, `${all.filter((i) => !i.visible).length} item(s) hidden before any filter`);
    rec.expect((await count.textContent()).trim() === `${total} changes`, where, `unfiltered count says "${(await count.textContent()).trim()}", expected "${total} changes"`);

    /**
     * After an action, the visible items must be exactly those `want` selects,
     * and the count must say so. `why` names the filter state in messages.
     */
    const verify = async (why, want) => {
      const items = await itemStates(page);
      const expected = items.filter(want);
      rec.expect(expected.length > 0 && expected.length < total, where,
        `${why}: test data does not discriminate (${expected.length} of ${total} items match)`);
      const wrongShown = items.filter((i) => i.visible && !want(i)).map((i) => i.id);
      const wrongHidden = items.filter((i) => !i.visible && want(i)).map((i) => i.id);
      rec.expect(!wrongShown.length, where, `${why}: ${wrongShown.length} item(s) shown that should be hidden: ${wrongShown.slice(0, 4).join(', ')}`);
      rec.expect(!wrongHidden.length, where, `${why}: ${wrongHidden.length} item(s) hidden that should be shown: ${wrongHidden.slice(0, 4).join(', ')}`);
      const text = (await count.textContent()).trim();
      const shown = items.filter((i) => i.visible).length;
      rec.expect(text === `Showing ${expected.length} of ${total} changes`, where,
        `${why}: count says "${text}", expected "Showing ${expected.length} of ${total} changes" (${shown} visible)`);
    };

    await rec.step(where, 'from date', async () => {
      await form.locator('input[name=from]').fill('2019-01-01');
      await verify('made on or after 2019-01-01', (i) => i.date >= '2019-01-01');
    });
    await rec.step(where, 'from date + major only', async () => {
      await form.locator('select[name=major]').selectOption('major');
      await verify('on or after 2019-01-01, major only', (i) => i.date >= '2019-01-01' && i.major === 'major');
    });
    await rec.step(where, 'filters kept in the address and said on paper', async () => {
      const query = new URL(page.url()).searchParams;
      rec.expect(query.get('from') === '2019-01-01' && query.get('major') === 'major', where,
        `address does not keep the filters: ${page.url()}`);
      await page.reload({ waitUntil: 'load' });
      const values = await form.evaluate((f) => [f.elements.from.value, f.elements.major.value]);
      rec.expect(values[0] === '2019-01-01' && values[1] === 'major', where, `after reload, fields are ${JSON.stringify(values)}`);
      await verify('after reload, on or after 2019-01-01, major only', (i) => i.date >= '2019-01-01' && i.major === 'major');
      await page.emulateMedia({ media: 'print' });
      const printed = page.locator('[data-wm-filter-summary]');
      const said = (await printed.isVisible()) ? (await printed.textContent()).trim() : '';
      await page.emulateMedia({ media: null });
      rec.expect(/2019-01-01/.test(said) && /Major only/.test(said), where, `printed page does not say which filters were used: "${said}"`);
    });
    await rec.step(where, 'clear filters', async () => {
      await form.getByRole('button', { name: /clear filters/i }).click();
      await page.waitForFunction(() => !document.querySelector('.wm-change-list > li[hidden]'), null, { timeout: 2000 }).catch(() => {});
      const items = await itemStates(page);
      rec.expect(items.every((i) => i.visible), where, `after "Clear filters", ${items.filter((i) => !i.visible).length} item(s) still hidden`);
      const text = (await count.textContent()).trim();
      rec.expect(text === `${total} changes`, where, `after "Clear filters", count says "${text}", expected "${total} changes"`);
      const values = await form.evaluate((f) => [f.elements.from.value, f.elements.to.value, f.elements.major.value]);
      rec.expect(values.every((v) => v === ''), where, `after "Clear filters", fields still set: ${JSON.stringify(values)}`);
      rec.expect(!new URL(page.url()).search, where, `after "Clear filters", the address still has filters: ${page.url()}`);
    });
    await rec.step(where, 'to date', async () => {
      await form.locator('input[name=to]').fill('2018-12-31');
      await verify('made on or before 2018-12-31', (i) => i.date <= '2018-12-31');
      await form.locator('input[name=to]').fill('');
    });
    await rec.step(where, 'site', async () => {
      // Every national change applies to every site in the bundled content, so a
      // site filter that did nothing would pass. Narrow one item to another site
      // first (the script reads data-sites when it filters, as it would for a
      // change that only some sites must embed).
      const sites = await form.locator('select[name=site] option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
      if (!rec.expect(sites.length >= 2, where, `site filter offers ${sites.length} site(s)`)) return;
      const [site, other] = [sites[sites.length - 1], sites[0]];
      await page.evaluate((s) => document.querySelector('.wm-change-list > li').setAttribute('data-sites', s), other);
      await form.locator('select[name=site]').selectOption(site);
      await verify(`site ${site}`, (i) => i.sites.includes(site));
      await form.locator('select[name=site]').selectOption('');
    });
    await rec.step(where, 'audience', async () => {
      const options = await form.locator('select[name=audience] option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
      const items = await itemStates(page);
      // Prefer an audience some items are not for, so the check discriminates.
      const aud = options.find((a) => items.some((i) => !i.audience.includes(a)) && items.some((i) => i.audience.includes(a)));
      if (!aud) {
        if (axe) ctx.note('audience filter: every change is for every audience, so it is only checked to keep all items');
        await form.locator('select[name=audience]').selectOption(options[0]);
        const after = await itemStates(page);
        rec.expect(after.every((i) => i.visible), where, `audience ${options[0]}: items hidden although every item is for that audience`);
      } else {
        await form.locator('select[name=audience]').selectOption(aud);
        await verify(`audience ${aud}`, (i) => i.audience.includes(aud));
      }
      await form.locator('select[name=audience]').selectOption('');
    });
    if (axe) {
      await rec.step(where, 'axe with filters applied', async () => {
        await form.locator('input[name=from]').fill('2019-01-01');
        await form.locator('select[name=major]').selectOption('major');
        await rec.axe(where, page, 'filters applied');
      });
    }
    rec.problems(where, problems);
  } finally {
    await tab.close();
  }
}
