// Print: a site's embedding agenda printed from the browser keeps the agenda
// and drops the site chrome (header, navigation, search), and a guidance page
// prints to a PDF. From file://, as a steering group would print it offline.
import { makeRecorder, openSiteTab } from '../lib/interact.mjs';

const AGENDA = 'embedding/sefton.html';
const PDF_PAGE = 'cstr/eligibility.html';
/** Site chrome that must not print; the first three must exist on the page, the rest may. */
const CHROME = ['.wm-header', '.wm-service-nav', 'form.wm-search', '.wm-breadcrumbs', '.wm-section-nav', '.wm-footer', '.wm-skip-link'];
const REQUIRED = CHROME.slice(0, 3);

/** display of each selector's first element (null if absent). */
const displays = (page) =>
  page.evaluate((sels) => Object.fromEntries(sels.map((s) => {
    const el = document.querySelector(s);
    return [s, el ? getComputedStyle(el).display : null];
  })), CHROME);

export default {
  name: 'print',
  order: 60,
  description: 'print media: agenda without site chrome; a guidance page prints to PDF',
  async run(ctx) {
    const rec = makeRecorder();
    const tab = await openSiteTab(ctx, 'file');
    const { page } = tab;
    try {
      const { problems, where } = await tab.open(AGENDA);
      await rec.step(where, 'print media', async () => {
        const screen = await displays(page);
        const absent = REQUIRED.filter((s) => screen[s] === null);
        rec.expect(!absent.length, where, `page has no ${absent.join(', ')} (selectors out of date?)`);
        rec.expect(REQUIRED.every((s) => screen[s] === null || screen[s] !== 'none'), where, `on screen, chrome already hidden: ${JSON.stringify(screen)}`);
        await page.emulateMedia({ media: 'print' });
        const printed = await displays(page);
        const shown = CHROME.filter((s) => printed[s] !== null && printed[s] !== 'none');
        rec.expect(!shown.length, where, `printed, still displayed: ${shown.map((s) => `${s} (${printed[s]})`).join(', ')}`);
        const agenda = await page.$$eval('.wm-agenda__item', (items) => items.map((li) => ({
          id: li.id,
          visible: li.getClientRects().length > 0 && getComputedStyle(li).visibility !== 'hidden',
          decision: !!li.querySelector('.wm-agenda__decision') && li.querySelector('.wm-agenda__decision').getClientRects().length > 0,
        })));
        const heading = await page.locator('#awaiting').textContent().catch(() => '');
        const said = Number((/\((\d+)\)/.exec(heading || '') || [])[1]);
        rec.expect(agenda.length > 0, where, 'no agenda items (.wm-agenda__item)');
        rec.expect(!said || said === agenda.length, where, `heading says ${said} items awaiting, page lists ${agenda.length}`);
        const hidden = agenda.filter((a) => !a.visible).map((a) => a.id);
        rec.expect(!hidden.length, where, `printed, agenda items not shown: ${hidden.join(', ')}`);
        const noLine = agenda.filter((a) => a.visible && !a.decision).map((a) => a.id);
        rec.expect(!noLine.length, where, `printed, no "Decision and evidence" line on: ${noLine.join(', ')}`);
        const title = await page.locator('main h1').isVisible();
        rec.expect(title, where, 'printed, the page title is not shown');
        await page.emulateMedia({ media: null });
      });
      rec.problems(where, problems);

      const pdf = await tab.open(PDF_PAGE);
      await rec.step(pdf.where, 'PDF', async () => {
        let bytes;
        try {
          bytes = await page.pdf({ format: 'A4', printBackground: false });
        } catch (err) {
          const msg = String(err.message || err).split('\n')[0];
          if (/not supported|only supported in headless|PrintToPDF is not implemented/i.test(msg)) {
            ctx.note(`page.pdf() not available in this browser mode, PDF sub-check skipped: ${msg}`);
            return;
          }
          throw err;
        }
        rec.expect(bytes.length > 1000 && bytes.subarray(0, 5).toString('latin1') === '%PDF-', pdf.where,
          `page.pdf() gave ${bytes.length} bytes starting ${JSON.stringify(bytes.subarray(0, 8).toString('latin1'))}`);
        const pages = (bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
        ctx.note(`${PDF_PAGE}: PDF of ${bytes.length} bytes, ${pages} page(s)`);
      });
      rec.problems(pdf.where, pdf.problems);
    } finally {
      await page.emulateMedia({ media: null }).catch(() => {});
      await tab.close();
    }
    return rec.failures;
  },
};
