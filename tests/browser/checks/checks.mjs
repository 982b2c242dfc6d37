// Knowledge checks (checks.js on a ```check block) and glossary tooltips, on
// the magistrates' page, driven like a reader. The script reveals "Check
// answer"; with nothing chosen it asks for a choice; a wrong answer is met
// with "Not quite. The answer is: …" and the explanation, the right one with
// "Correct.", both in the check's role=status live region, and the
// "Show the answer" details stay closed. The same by keyboard alone (Tab to
// the radios, Space, arrows, Tab, Enter). A glossary abbreviation's tooltip
// appears (computed display, a real box inside the window) when its link
// gets keyboard focus and on hover, Escape hides it without moving focus, and
// the link's accessible name carries the expansion. From file:// and over
// http; fails on console errors, CSP violations or failed requests; axe-core
// (http: file:// pages' CSP refuses axe's stylesheet reads) with feedback
// shown and with a tooltip open. Local/session storage and cookies stay
// empty. Without JavaScript the button stays hidden and the details reveal
// the answer and the explanation.
import { makeRecorder, openSiteTab } from '../lib/interact.mjs';

const PAGE = 'audiences/magistrates.html';
const CHECK = 'section.wm-check';
const STATUS = `${CHECK} [role="status"]`;
const BUTTON = `${CHECK} button.wm-check__button`;
const TERM = 'main .wm-term';
const ACTION_TIMEOUT = 5000;

/** Anything the page keeps in the browser. */
async function stored(page) {
  const inPage = await page.evaluate(() => ({
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    cookie: document.cookie,
  }));
  const url = page.url();
  const cookies = url.startsWith('http') ? (await page.context().cookies(url)).map((c) => c.name) : [];
  const kept = [];
  if (inPage.localStorage) kept.push(`localStorage has ${inPage.localStorage} item(s)`);
  if (inPage.sessionStorage) kept.push(`sessionStorage has ${inPage.sessionStorage} item(s)`);
  if (inPage.cookie || cookies.length) kept.push(`cookies: ${inPage.cookie || cookies.join(', ')}`);
  return kept;
}

/** The check as the page has it: options, the right one, the explanation. */
const facts = (page) =>
  page.$eval(CHECK, (s) => {
    const text = (e) => (e ? e.textContent.replace(/\s+/g, ' ').trim() : '');
    const radios = Array.from(s.querySelectorAll('input[type=radio]'));
    return {
      answer: s.getAttribute('data-wm-answer'),
      ids: radios.map((r) => r.id),
      values: radios.map((r) => r.value),
      labels: radios.map((r) => text(s.querySelector(`label[for="${r.id}"]`))),
      explanation: text(s.querySelector('.wm-check__explanation')),
      legend: text(s.querySelector('fieldset > legend')),
      labelledBy: s.getAttribute('aria-labelledby'),
      legendId: (s.querySelector('fieldset > legend') || {}).id,
    };
  });

/** Waits for the live region to hold text matching `re`; throws a readable error if it never does. */
async function statusMatches(page, re) {
  try {
    await page.waitForFunction(
      ([src, flags, sel]) => new RegExp(src, flags).test((document.querySelector(sel) || {}).textContent || ''),
      [re.source, re.flags, STATUS],
      { timeout: 3000 },
    );
  } catch {
    const now = await page.textContent(STATUS).catch(() => null);
    throw new Error(`the live region never matched ${re} (it says ${JSON.stringify(now)})`);
  }
  return page.textContent(STATUS);
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const active = (page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    return a ? { id: a.id, tag: a.tagName.toLowerCase(), type: a.type || '', cls: a.className || '' } : null;
  });

/** The state of the first marked glossary term's tooltip. */
const tipState = (page) =>
  page.$eval(TERM, (term) => {
    const tip = term.querySelector('.wm-term__tip');
    const r = tip.getBoundingClientRect();
    return {
      display: getComputedStyle(tip).display,
      box: { left: r.left, right: r.right, width: r.width, height: r.height },
      viewport: document.documentElement.clientWidth,
      text: tip.textContent,
      abbr: term.querySelector('abbr').textContent,
      title: term.querySelector('abbr').getAttribute('title'),
      focused: term.contains(document.activeElement),
    };
  });

async function withJs(ctx, variantName, rec, { axe }) {
  const tab = await openSiteTab(ctx, variantName);
  const { page } = tab;
  page.setDefaultTimeout(ACTION_TIMEOUT);
  const noStorage = async (where, when) => {
    const kept = await stored(page);
    rec.expect(!kept.length, where, `${when}, the browser keeps data: ${kept.join('; ')}`);
  };
  try {
    let { problems, where } = await tab.open(PAGE);
    let f = null;
    await rec.step(where, 'the check as opened', async () => {
      if (!rec.expect((await page.locator(CHECK).count()) === 1, where, 'no knowledge check on the page')) return;
      f = await facts(page);
      rec.expect(f.labelledBy && f.labelledBy === f.legendId, where, `section aria-labelledby="${f.labelledBy}", legend id="${f.legendId}"`);
      rec.expect(f.ids.length >= 2 && f.labels.every(Boolean), where, `options without labels: ${JSON.stringify(f.labels)}`);
      rec.expect(f.values.includes(f.answer), where, `data-wm-answer="${f.answer}" names no option (${f.values.join(', ')})`);
      rec.expect(await page.isVisible(BUTTON), where, '"Check answer" is not revealed by the script');
      rec.expect((await page.textContent(STATUS)) === '', where, 'the live region is not empty before any check');
      rec.expect(!(await page.$eval(`${CHECK} details`, (d) => d.open)), where, 'the answer details start open');
      await noStorage(where, 'on opening the page');
    });
    if (!f) return;
    const right = f.values.indexOf(f.answer);
    const wrong = right === 0 ? 1 : 0;

    await rec.step(where, 'mouse: nothing chosen, wrong, right', async () => {
      await page.click(BUTTON);
      await statusMatches(page, /^Choose an answer first\.$/);
      await page.check(`#${f.ids[wrong]}`);
      rec.expect((await page.textContent(STATUS)) === '', where, 'choosing an option leaves the old feedback');
      await page.click(BUTTON);
      const said = await statusMatches(page, /^Not quite\./);
      const expected = `Not quite. The answer is: ${f.labels[right].replace(/([^.!?…])$/, '$1.')} ${f.explanation}`;
      rec.expect(said === expected, where, `wrong answer: live region says ${JSON.stringify(said)}, expected ${JSON.stringify(expected)}`);
      rec.expect(await page.$eval(STATUS, (s) => s.classList.contains('wm-check__feedback--wrong')), where, 'wrong answer: feedback not styled as wrong');
      rec.expect(!(await page.$eval(`${CHECK} details`, (d) => d.open)), where, 'checking an answer opened the details');
      // The same answer again is announced again (the region empties first).
      await page.click(BUTTON);
      await statusMatches(page, /^Not quite\./);
      await page.check(`#${f.ids[right]}`);
      await page.click(BUTTON);
      const ok = await statusMatches(page, /^Correct\./);
      rec.expect(ok === `Correct. ${f.explanation}`, where, `right answer: live region says ${JSON.stringify(ok)}`);
      rec.expect(await page.$eval(STATUS, (s) => s.classList.contains('wm-check__feedback--correct')), where, 'right answer: feedback not styled as correct');
      if (axe) await rec.axe(where, page, 'feedback shown');
      await noStorage(where, 'after checking answers');
    });
    rec.problems(where, problems);

    ({ problems, where } = await tab.open(PAGE));
    await rec.step(where, 'keyboard only', async () => {
      // Start from the link just before the check, then use only keys.
      const start = await page.evaluate((sel) => {
        const check = document.querySelector(sel);
        const links = Array.from(document.querySelectorAll('main a[href], main button:not([hidden]), main summary'))
          .filter((a) => a.compareDocumentPosition(check) & Node.DOCUMENT_POSITION_FOLLOWING && a.getClientRects().length);
        const last = links[links.length - 1];
        if (!last) return false;
        last.focus();
        return document.activeElement === last;
      }, CHECK);
      if (!rec.expect(start, where, 'no focusable element before the check to start from')) return;
      await page.keyboard.press('Tab');
      let a = await active(page);
      rec.expect(a && a.type === 'radio' && a.id === f.ids[0], where, `Tab into the check focuses ${JSON.stringify(a)}, expected the first option #${f.ids[0]}`);
      // Space chooses the focused option; arrows move the choice.
      if (wrong === 0) {
        await page.keyboard.press('Space');
      } else {
        await page.keyboard.press('ArrowDown');
      }
      rec.expect(await page.isChecked(`#${f.ids[wrong]}`), where, `Space/arrow did not choose option ${wrong + 1}`);
      await page.keyboard.press('Tab');
      a = await active(page);
      rec.expect(a && a.cls.includes('wm-check__button'), where, `Tab from the options focuses ${JSON.stringify(a)}, not "Check answer"`);
      await page.keyboard.press('Enter');
      await statusMatches(page, /^Not quite\. The answer is: /);
      await page.keyboard.press('Shift+Tab');
      a = await active(page);
      rec.expect(a && a.id === f.ids[wrong], where, `Shift+Tab back goes to ${JSON.stringify(a)}, not the chosen option`);
      const key = right > wrong ? 'ArrowDown' : 'ArrowUp';
      for (let i = 0; i < Math.abs(right - wrong); i++) await page.keyboard.press(key);
      rec.expect(await page.isChecked(`#${f.ids[right]}`), where, `arrow keys did not move the choice to option ${right + 1}`);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await statusMatches(page, /^Correct\./);
      // The details are reachable and open with the keyboard too.
      await page.keyboard.press('Tab');
      a = await active(page);
      rec.expect(a && a.tag === 'summary', where, `Tab after "Check answer" focuses ${JSON.stringify(a)}, not "Show the answer"`);
      await page.keyboard.press('Enter');
      rec.expect(await page.$eval(`${CHECK} details`, (d) => d.open), where, 'Enter on "Show the answer" does not open it');
    });
    rec.problems(where, problems);

    ({ problems, where } = await tab.open(PAGE));
    await rec.step(where, 'glossary tooltip on keyboard focus and hover', async () => {
      if (!rec.expect((await page.locator(TERM).count()) > 0, where, 'no glossary term is marked on the page (is PageResolver.glossary wired?)')) return;
      let t = await tipState(page);
      rec.expect(t.display === 'none' && t.box.width === 0, where, `tooltip shown before focus or hover: ${JSON.stringify(t.box)}`);
      rec.expect(t.title && t.text.includes(t.title), where, `tooltip "${t.text}" leaves out the expansion "${t.title}"`);
      const name = await page.getByRole('link', { name: new RegExp(`^${escapeRe(t.abbr)}\\s*\\(${escapeRe(t.title)}\\)`) }).count();
      rec.expect(name > 0, where, `no link named "${t.abbr} (${t.title})": the expansion is not in the link's accessible name`);
      const described = await page.$eval(`${TERM} a`, (a) => {
        const d = document.getElementById(a.getAttribute('aria-describedby'));
        return d ? d.textContent : null;
      });
      rec.expect(described && described.length > 10, where, `the link's aria-describedby gives ${JSON.stringify(described)}`);
      // Keyboard: Tab from the top of the main content to the first term.
      await page.focus('#main-content');
      let reached = false;
      for (let i = 0; i < 60 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate((sel) => document.querySelector(sel).contains(document.activeElement), TERM);
      }
      if (!rec.expect(reached, where, 'Tab never reached the first glossary term')) return;
      t = await tipState(page);
      rec.expect(t.display === 'block' && t.box.width > 50 && t.box.height > 10, where, `tooltip on keyboard focus: display ${t.display}, box ${JSON.stringify(t.box)}`);
      rec.expect(t.box.left >= 0 && t.box.right <= t.viewport, where, `tooltip runs out of the window: ${JSON.stringify(t.box)}, window ${t.viewport}px`);
      if (axe) await rec.axe(where, page, 'tooltip shown');
      await page.keyboard.press('Escape');
      t = await tipState(page);
      rec.expect(t.display === 'none' && t.focused, where, `Escape: tooltip display ${t.display}, focus kept ${t.focused}`);
      await page.keyboard.press('Tab');
      t = await tipState(page);
      rec.expect(t.display === 'none', where, 'tooltip still shown after Tab moved focus on');
      await page.hover(`${TERM} a`);
      t = await tipState(page);
      rec.expect(t.display === 'block' && t.box.width > 50, where, `tooltip on hover: display ${t.display}`);
      // Every term's tooltip stays inside the window, wide and narrow.
      const size = page.viewportSize();
      await page.mouse.move(0, 0);
      for (const width of [1280, 700, 360]) {
        await page.setViewportSize({ width, height: 800 });
        const n = await page.locator(TERM).count();
        for (let i = 0; i < n; i++) {
          const term = page.locator(TERM).nth(i);
          await term.locator('a').focus();
          const s = await term.evaluate((el) => {
            const r = el.querySelector('.wm-term__tip').getBoundingClientRect();
            return { abbr: el.querySelector('abbr').textContent, left: r.left, right: r.right, width: r.width, viewport: document.documentElement.clientWidth };
          });
          rec.expect(s.width > 50 && s.left >= 0 && s.right <= s.viewport, where, `at ${width}px the ${s.abbr} tooltip is at ${Math.round(s.left)}..${Math.round(s.right)}, window ${s.viewport}px`);
        }
      }
      if (size) await page.setViewportSize(size);
      await noStorage(where, 'after the tooltips');
    });
    rec.problems(where, problems);
  } catch (err) {
    rec.fail(`[${variantName}] ${PAGE}`, String(err.message || err).split('\n')[0]);
  } finally {
    await tab.close();
  }
}

/** Without JavaScript: no button, and the details give the answer and why. */
async function withoutJs(ctx, variantName, rec) {
  const browser = await ctx.browser();
  const variant = await ctx.variant(variantName);
  const page = await browser.newPage();
  const where = `[${variantName}, no JS] ${PAGE}`;
  try {
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await rec.step(where, 'no JavaScript', async () => {
      await page.goto(new URL(PAGE, variant.rootUrl).href);
      const f = await facts(page);
      rec.expect(!(await page.isVisible(BUTTON)), where, '"Check answer" shown without JavaScript');
      rec.expect(!(await page.isVisible(`${CHECK} .wm-check__answer .wm-check__correct`)), where, 'the answer is shown before "Show the answer"');
      await page.click(`${CHECK} details > summary`);
      const shown = await page.$eval(`${CHECK} details`, (d) => ({
        open: d.open,
        text: d.textContent.replace(/\s+/g, ' '),
        visible: d.querySelector('.wm-check__correct').getClientRects().length > 0,
      }));
      const right = f.labels[f.values.indexOf(f.answer)];
      rec.expect(shown.open && shown.visible, where, '"Show the answer" does not open without JavaScript');
      rec.expect(shown.text.includes(`Answer: ${right}`), where, `the details say "${shown.text}", not the answer "${right}"`);
      rec.expect(shown.text.includes(f.explanation), where, 'the details leave out the explanation');
      const tip = await page.$eval(TERM, (term) => {
        term.querySelector('a').focus();
        return getComputedStyle(term.querySelector('.wm-term__tip')).display;
      }).catch(() => 'no term');
      rec.expect(tip === 'block', where, tip === 'no term' ? 'no glossary term is marked on the page (is PageResolver.glossary wired?)' : `without JavaScript, a focused term's tooltip is ${tip}`);
    });
  } finally {
    await page.close().catch(() => {});
  }
}

export default {
  name: 'checks',
  order: 60,
  description: 'knowledge check on the magistrates page (mouse, keyboard, live region, no storage, no-JS details) and glossary tooltips on focus/hover (file:// and http)',
  async run(ctx) {
    const rec = makeRecorder();
    for (const [variant, axe] of [['file', false], ['http', true]]) {
      await withJs(ctx, variant, rec, { axe });
      await withoutJs(ctx, variant, rec);
    }
    for (const n of new Set(rec.notes)) ctx.note(n);
    return rec.failures;
  },
};
