// Bench cards: each prints on exactly one side of A4 in Chromium's print
// rendering (a magistrate prints it before a sitting), keeps its content when
// printed, and is axe-clean on screen. From file://, as it would be opened
// from a folder. The page is laid out with print media at the width of A4's
// printable area (print.css: A4, 15 mm margins) and its height compared with
// the printable height. (Playwright's page.pdf() refetches stylesheets in a
// way the pages' CSP blocks under file://, so it cannot stand in for the
// browser's own print; `chromium --print-to-pdf` agrees with this measure.)
import { makeRecorder, openSiteTab } from '../lib/interact.mjs';

const CARDS = ['training/bench-cards/national.html', 'training/bench-cards/plymouth.html'];

/** A4 at CSS 96 px per inch, less print.css's 15 mm margins. */
const MM = 96 / 25.4;
const PRINTABLE = { width: Math.floor((210 - 30) * MM), height: Math.floor((297 - 30) * MM) };

export default {
  name: 'bench-cards',
  order: 61,
  description: 'bench cards print on exactly one A4 page (Chromium print rendering); axe clean',
  async run(ctx) {
    const rec = makeRecorder();
    const tab = await openSiteTab(ctx, 'file');
    const { page } = tab;
    try {
      for (const card of CARDS) {
        const { problems, where } = await tab.open(card);
        await rec.step(where, 'one A4 page', async () => {
          const headings = await page.$$eval('.wm-bench-card__body h2', (hs) => hs.length);
          rec.expect(headings >= 4, where, `expected the card's sections, found ${headings} headings`);
          const screenSize = page.viewportSize();
          await page.setViewportSize({ width: PRINTABLE.width, height: PRINTABLE.height });
          await page.emulateMedia({ media: 'print' });
          const height = await page.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
          rec.expect(height <= PRINTABLE.height, where, `printed height ${height}px is more than one A4 page (${PRINTABLE.height}px)`);
          ctx.note(`${card}: printed height ${height}px of ${PRINTABLE.height}px`);
          // The printed page keeps the card and drops the site chrome.
          const shown = await page.evaluate(() => ({
            body: getComputedStyle(document.querySelector('.wm-bench-card__body')).display,
            header: getComputedStyle(document.querySelector('.wm-header')).display,
            columns: getComputedStyle(document.querySelector('.wm-bench-card__body')).columnCount,
          }));
          rec.expect(shown.body !== 'none' && shown.header === 'none', where, `print media: ${JSON.stringify(shown)}`);
          rec.expect(shown.columns === '2', where, `card body is not in two columns when printed (${shown.columns})`);
          await page.emulateMedia({ media: 'screen' });
          if (screenSize) await page.setViewportSize(screenSize);
        });
        // Before axe, whose stylesheet preloading the CSP rightly blocks.
        rec.problems(where, problems);
        await rec.axe(where, page, 'bench card');
      }
    } finally {
      await page.close().catch(() => {});
    }
    return rec.failures;
  },
};
