// Reflow (WCAG 2.2, 1.4.10): no page of the site scrolls sideways, from a
// 320 px phone to a 1280 px laptop. Every .html file is opened from file:// at
// 320, 390 and 1280 px; the page fails if the document is wider than the window.
// Content wider than the page is allowed only inside a scroll region a keyboard
// user can reach and a screen reader can name: so every element that actually
// scrolls sideways must be focusable (tabindex="0"), have role="region" and an
// accessible label (aria-label or aria-labelledby naming an element with text).
// On failure the message names the widest elements that stick out, so the
// cause is found without opening the page.
import { openRecordingTab } from '../lib/crawl.mjs';
import { pathToFileURL } from 'node:url';

const WIDTHS = [320, 390, 1280];
const HEIGHT = 844;

/** Runs in the page: what overflows the window, and scroll regions that fail the rules. */
function measure() {
  const vw = window.innerWidth;
  const doc = document.documentElement;
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    const cls = [...el.classList].slice(0, 2);
    if (cls.length) s += `.${cls.join('.')}`;
    return s;
  };
  const scrollsSideways = (el) => {
    const ox = getComputedStyle(el).overflowX;
    return (ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth + 1;
  };
  const labelOf = (el) => {
    const direct = (el.getAttribute('aria-label') || '').trim();
    if (direct) return direct;
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    return ids.map((id) => (document.getElementById(id)?.textContent || '').trim()).join(' ').trim();
  };
  const culprits = [];
  if (doc.scrollWidth > vw) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= vw + 1) continue;
      // Inside something that scrolls or clips sideways: not the page's overflow.
      // An absolutely positioned element escapes a clipping ancestor that is
      // not its containing block (the scroll box must be positioned).
      const pos = getComputedStyle(el).position;
      const escapes = (p) => (pos === 'absolute' || pos === 'fixed') && !(el.offsetParent && p.contains(el.offsetParent));
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox !== 'visible' && !escapes(p)) {
          const pr = p.getBoundingClientRect();
          if (pr.right <= vw + 1) clipped = true;
          break;
        }
      }
      if (!clipped) culprits.push(`${describe(el)} (right edge ${Math.round(r.right)} px)`);
    }
  }
  const badRegions = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!scrollsSideways(el)) continue;
    const missing = [];
    if (el.getAttribute('tabindex') !== '0') missing.push('tabindex="0"');
    if (el.getAttribute('role') !== 'region') missing.push('role="region"');
    if (!labelOf(el)) missing.push('an accessible label');
    if (missing.length) badRegions.push(`${describe(el)} scrolls sideways without ${missing.join(', ')}`);
  }
  return { scrollWidth: doc.scrollWidth, width: vw, culprits: culprits.slice(0, 4), badRegions: badRegions.slice(0, 4) };
}

export default {
  name: 'reflow',
  order: 45,
  description: 'no page scrolls sideways at 320, 390 or 1280 px; every sideways scroll region is focusable, a region and labelled',
  async run(ctx) {
    const failures = [];
    const tab = await openRecordingTab(await ctx.browser());
    const { page } = tab;
    try {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: HEIGHT });
        let checked = 0;
        for (const rel of ctx.htmlFiles) {
          await page.goto(pathToFileURL(`${ctx.siteDir}/${rel}`).href, { waitUntil: 'load' });
          const m = await page.evaluate(measure);
          checked += 1;
          if (m.scrollWidth > m.width) {
            failures.push({
              page: `${rel} @${width}px`,
              message: `page is ${m.scrollWidth} px wide in a ${m.width} px window; sticking out: ${m.culprits.join(', ') || '(none found)'}`,
            });
          }
          for (const r of m.badRegions) failures.push({ page: `${rel} @${width}px`, message: r });
        }
        ctx.note(`${checked} pages checked at ${width} px`);
      }
    } finally {
      await tab.close();
    }
    return failures;
  },
};
