// Process maps as a reader sees them, measured in Chromium (issue 18):
// at 1280 px each map page's diagram is drawn whole within the page column
// (no sideways scrolling of the page or of the map's region) with every
// label at 12 px or more; the real font's text stays inside its step shape
// and its label background, and no branch label covers a step. At 390 px
// the page does not scroll sideways, the map in words comes first, and the
// diagram keeps legible text in its own focusable scroll region. Printed
// (print media at A4 portrait's printable area), the diagram fits on one
// page. From file://.
import { makeRecorder, openSiteTab } from '../lib/interact.mjs';

const MAPS = ['maps/national-pathway.html', 'maps/non-compliance.html', 'maps/plymouth-pathway.html'];
const MM = 96 / 25.4;
const A4 = { width: Math.floor((210 - 20) * MM), height: Math.floor((297 - 20) * MM) };

/** The drawn map: sizes, smallest rendered text, and geometry problems. */
const measure = (page) => page.evaluate(() => {
  const svg = document.querySelector('.wm-map-views svg.wm-map');
  const region = svg.closest('.wm-map-scroll');
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim());
  const fonts = texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
  const inside = (a, b, slack = 1) => a.x >= b.x - slack && a.y >= b.y - slack
    && a.x + a.width <= b.x + b.width + slack && a.y + a.height <= b.y + b.height + slack;
  const meets = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  const problems = [];
  const shapes = [...svg.querySelectorAll('.wm-map__step')].map((g) => ({
    name: g.querySelector('title').textContent,
    shape: g.querySelector('.wm-map__shape').getBBox(),
    text: g.querySelector('.wm-map__label').getBBox(),
  }));
  for (const s of shapes) {
    if (!inside(s.text, s.shape)) problems.push(`the text of “${s.name}” runs outside its box`);
  }
  for (const g of svg.querySelectorAll('.wm-map__branch')) {
    const text = g.querySelector('text');
    const bg = g.querySelector('rect').getBBox();
    if (!inside(text.getBBox(), bg, 2)) problems.push(`branch label “${text.textContent}” runs outside its background`);
    for (const s of shapes) {
      if (meets(bg, s.shape)) problems.push(`branch label “${text.textContent}” covers “${s.name}”`);
    }
  }
  const words = document.querySelector('.wm-map-views__words').getBoundingClientRect();
  return {
    width: Math.ceil(box.width),
    height: Math.ceil(box.height),
    natural: svg.viewBox.baseVal.width,
    regionScrolls: region.scrollWidth > region.clientWidth + 1,
    regionFocusable: region.tabIndex === 0 && !!region.getAttribute('aria-label'),
    page: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
    minFont: Math.min(...fonts),
    texts: texts.length,
    branches: svg.querySelectorAll('.wm-map__branch').length,
    wordsFirst: words.top < box.top,
    problems,
  };
});

export default {
  name: 'maps',
  order: 63,
  description: 'process maps fit the page at 1280 px with 12 px text, words first at 390 px, print on A4',
  async run(ctx) {
    const rec = makeRecorder();
    const tab = await openSiteTab(ctx, 'file');
    const { page } = tab;
    const screenSize = page.viewportSize();
    try {
      for (const path of MAPS) {
        const { problems, where } = await tab.open(path);
        await rec.step(where, 'measure', async () => {
          await page.setViewportSize({ width: 1280, height: 900 });
          const wide = await measure(page);
          rec.expect(wide.texts > 5 && wide.branches > 0, where, 'no map text or branch labels drawn');
          rec.expect(!wide.regionScrolls, where, `at 1280 px the map (${wide.width}px) scrolls inside its region`);
          rec.expect(wide.page <= wide.viewport, where, `at 1280 px the page scrolls sideways (${wide.page}px)`);
          rec.expect(wide.minFont >= 11.95, where, `at 1280 px the smallest map text is ${wide.minFont.toFixed(1)}px`);
          for (const p of wide.problems) rec.fail(where, p);

          for (const width of [390, 320]) {
            await page.setViewportSize({ width, height: 844 });
            const narrow = await measure(page);
            rec.expect(narrow.page <= narrow.viewport, where, `at ${width} px the page scrolls sideways (${narrow.page}px)`);
            rec.expect(narrow.wordsFirst, where, `at ${width} px the map in words is not above the diagram`);
            rec.expect(narrow.minFont >= 11.95, where, `at ${width} px the smallest map text is ${narrow.minFont.toFixed(1)}px`);
            rec.expect(narrow.regionFocusable, where, `at ${width} px the map's scroll region is not focusable and labelled`);
          }

          await page.setViewportSize(A4);
          await page.emulateMedia({ media: 'print' });
          const printed = await measure(page);
          rec.expect(printed.width <= A4.width, where, `printed, the map (${printed.width}px) is wider than A4 (${A4.width}px)`);
          rec.expect(printed.height <= A4.height, where, `printed, the map (${printed.height}px) is taller than A4 (${A4.height}px)`);
          ctx.note(`${path}: drawn ${wide.natural}px wide, ${wide.width}px at 1280 px (smallest text ${wide.minFont.toFixed(1)}px); printed ${printed.width}×${printed.height}px, smallest text ${printed.minFont.toFixed(1)}px`);
          await page.emulateMedia({ media: 'screen' });
        });
        rec.problems(where, problems);
      }
    } finally {
      if (screenSize) await page.setViewportSize(screenSize).catch(() => {});
      await page.close().catch(() => {});
    }
    return rec.failures;
  },
};
