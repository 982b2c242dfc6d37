// The embedding matrix: at 1280 px the table fits the page with no
// horizontal scrolling, and laid out with print media at the width of A4
// landscape's printable area (print.css: 10 mm margins) it fits too, every
// cell's text at a legible size. At 390 px it scrolls inside its own
// labelled region rather than widening the page. Also each state shows its
// words, never colour alone. From file://.
import { makeRecorder, openSiteTab } from '../lib/interact.mjs';

const MATRIX = 'embedding/index.html';
const MM = 96 / 25.4;
const LANDSCAPE = { width: Math.floor((297 - 20) * MM), height: Math.floor((210 - 20) * MM) };

/** How the matrix table sits in its wrapper, and its smallest font size. */
const measure = (page) => page.evaluate(() => {
  const wrap = document.querySelector('.wm-embed-matrix-wrap');
  const table = document.querySelector('.wm-embed-matrix');
  const sizes = [...table.querySelectorAll('th, td, td *, th *')]
    .filter((el) => el.textContent.trim())
    .map((el) => parseFloat(getComputedStyle(el).fontSize));
  return {
    table: Math.ceil(table.getBoundingClientRect().width),
    wrap: Math.floor(wrap.clientWidth),
    page: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
    minFont: Math.min(...sizes),
    cells: table.querySelectorAll('tbody td').length,
  };
});

export default {
  name: 'embedding',
  order: 62,
  description: 'embedding matrix fits 1280 px and A4 landscape, scrolls in its region at 390 px',
  async run(ctx) {
    const rec = makeRecorder();
    const tab = await openSiteTab(ctx, 'file');
    const { page } = tab;
    try {
      const { problems, where } = await tab.open(MATRIX);
      await rec.step(where, 'fits', async () => {
        const screenSize = page.viewportSize();
        await page.setViewportSize({ width: 1280, height: 900 });
        const wide = await measure(page);
        rec.expect(wide.cells > 0, where, 'no matrix cells');
        rec.expect(wide.table <= wide.wrap, where, `at 1280 px the table (${wide.table}px) is wider than its area (${wide.wrap}px)`);
        rec.expect(wide.page <= wide.viewport, where, `at 1280 px the page scrolls sideways (${wide.page}px)`);
        rec.expect(wide.minFont >= 12, where, `at 1280 px the smallest text is ${wide.minFont}px`);
        const labels = await page.$$eval('.wm-embed-matrix td .wm-tag', (tags) => tags.filter((t) => !t.textContent.trim()).length);
        rec.expect(labels === 0, where, `${labels} state tags without words`);

        await page.setViewportSize({ width: 390, height: 844 });
        const narrow = await measure(page);
        rec.expect(narrow.page <= narrow.viewport, where, `at 390 px the page scrolls sideways (${narrow.page}px)`);

        await page.setViewportSize(LANDSCAPE);
        await page.emulateMedia({ media: 'print' });
        const printed = await measure(page);
        rec.expect(printed.table <= LANDSCAPE.width, where, `printed, the table (${printed.table}px) is wider than A4 landscape (${LANDSCAPE.width}px)`);
        rec.expect(printed.minFont >= 9.5, where, `printed, the smallest text is ${printed.minFont}px`);
        ctx.note(`${MATRIX}: 1280 px table ${wide.table}/${wide.wrap}px; printed ${printed.table}/${LANDSCAPE.width}px, smallest text ${printed.minFont}px`);
        await page.emulateMedia({ media: 'screen' });
        if (screenSize) await page.setViewportSize(screenSize);
      });
      rec.problems(where, problems);
    } finally {
      await page.close().catch(() => {});
    }
    return rec.failures;
  },
};
