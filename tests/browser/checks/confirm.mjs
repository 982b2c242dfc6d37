// Recording a steering group's decisions, end to end: on a site's agenda page
// (from file://) confirm.js reveals the form; saving with no decision lists the
// problem in an error summary that takes focus; a filled form saves a JSON file
// (captured from the download) and the browser keeps nothing. Then the real
// binary (WAYMARK, default target/release/waymark) runs `waymark confirm --from`
// on that file against a copy of the bundled project, rebuilds it, and the
// embedding matrix, opened in Chromium, shows the new states. axe-core audits
// the form over http (file:// pages' CSP refuses axe's stylesheet reads).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeRecorder, openSiteTab } from '../lib/interact.mjs';
import { openRecordingTab } from '../lib/crawl.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SITE = 'sefton';
const PAGE = `embedding/${SITE}.html`;
const MEETING = '2024-03-06';

/** Keeps every Blob handed to URL.createObjectURL, so a download can be read back. */
function instrument() {
  window.__wmBlobs = {};
  const create = URL.createObjectURL;
  URL.createObjectURL = function (obj) {
    const url = create.call(URL, obj);
    if (obj instanceof Blob) window.__wmBlobs[url] = obj;
    return url;
  };
}

async function saveDownload(page) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 5000 }), page.click('[data-wm-confirm-save]')]);
  const text = await page.evaluate(async (u) => {
    const b = (window.__wmBlobs || {})[u];
    return b ? await b.text() : null;
  }, dl.url());
  if (text === null) throw new Error(`download ${dl.suggestedFilename()} was not made from a Blob the page created`);
  return { name: dl.suggestedFilename(), text };
}

/** The matrix's state for SITE on each change anchor. */
async function matrixStates(page, url, anchors) {
  await page.goto(url);
  return page.evaluate(({ site, anchors }) => {
    const out = {};
    for (const a of anchors) {
      const link = document.querySelector(`.wm-embed-matrix a[href="${site}.html#${a}"]`);
      out[a] = link ? link.textContent.trim() : null;
    }
    return out;
  }, { site: SITE, anchors });
}

const stored = (page) => page.evaluate(() => localStorage.length + sessionStorage.length + document.cookie.length);

export default {
  name: 'confirm',
  order: 62,
  description: 'agenda form: fill, save (download), waymark confirm --from on a project copy, rebuild, matrix changes',
  async run(ctx) {
    const rec = makeRecorder();
    const tab = await openSiteTab(ctx, 'file');
    const { page } = tab;
    page.setDefaultTimeout(5000);
    await page.addInitScript(instrument);
    const project = mkdtempSync(join(tmpdir(), 'waymark-confirm-check-'));
    let saved = null;
    let items = [];
    try {
      const { problems, where } = await tab.open(PAGE);
      await rec.step(where, 'the script reveals the form', async () => {
        rec.expect(await page.isVisible('form#wm-confirm'), where, 'the decisions form is not shown');
        items = await page.$$eval('[data-wm-change]', (els) => els.map((e) => ({ change: e.getAttribute('data-wm-change'), anchor: e.getAttribute('data-wm-anchor') })));
        rec.expect(items.length >= 2, where, `only ${items.length} change(s) to decide on`);
      });
      await rec.step(where, 'saving with no decision shows the problem', async () => {
        await page.click('[data-wm-confirm-save]');
        rec.expect(await page.isVisible('#wm-confirm-errors'), where, 'no error summary');
        const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
        rec.expect(focused === 'wm-confirm-errors', where, `focus is on ${focused}, not the error summary`);
        const links = await page.$$eval('#wm-confirm-errors a', (as) => as.map((a) => a.textContent));
        rec.expect(links.length === 1 && /at least one/.test(links[0]), where, `error links: ${JSON.stringify(links)}`);
      });
      await rec.step(where, 'a filled form saves a confirmation file', async () => {
        const [a, b] = items;
        await page.fill('#wm-confirm-date', MEETING);
        await page.check(`#wm-c-${a.anchor}-embedded`);
        await page.fill(`#wm-c-${a.anchor}-evidence`, 'Audit: every case "seen" the same day.');
        await page.check(`#wm-c-${b.anchor}-not-applicable`);
        // A missing evidence is named, and nothing is saved.
        await page.click('[data-wm-confirm-save]');
        const links = await page.$$eval('#wm-confirm-errors a', (as) => as.map((a) => a.getAttribute('href')));
        rec.expect(links.length === 1 && links[0] === `#wm-c-${b.anchor}-evidence`, where, `errors for missing evidence: ${JSON.stringify(links)}`);
        await page.fill(`#wm-c-${b.anchor}-evidence`, 'No such service here.');
        await page.click(`[data-wm-change="${b.change}"] summary`);
        await page.fill(`#wm-c-${b.anchor}-by`, 'Clinical lead');
        const file = await saveDownload(page);
        rec.expect(/^confirmations-sefton-\d{4}-\d{2}-\d{2}\.json$/.test(file.name), where, `file name ${file.name}`);
        rec.expect(!(await page.isVisible('#wm-confirm-errors')), where, 'the error summary stays after a good save');
        saved = JSON.parse(file.text);
        const got = saved.confirmations.map((c) => [c.change, c.status, c.date, c.by]);
        const want = [[a.change, 'embedded', MEETING, 'Steering group'], [b.change, 'not-applicable', MEETING, 'Clinical lead']];
        rec.expect(saved.format === 'waymark-confirmations' && saved.site === SITE && JSON.stringify(got) === JSON.stringify(want), where, `saved ${file.text}`);
        rec.expect((await stored(page)) === 0, where, 'the browser keeps data after saving');
      });
      rec.problems(where, problems);

      await rec.step(`[project copy] ${PAGE}`, 'waymark confirm --from, rebuild, the matrix changes', async () => {
        if (!saved) throw new Error('no file was saved');
        const bin = process.env.WAYMARK || join(REPO, 'target/release/waymark');
        cpSync(join(REPO, 'content'), join(project, 'content'), { recursive: true });
        cpSync(join(REPO, 'site.yaml'), join(project, 'site.yaml'));
        const decisions = join(project, 'decisions.json');
        writeFileSync(decisions, JSON.stringify(saved, null, 2));
        const before = readFileSync(join(project, 'content/sites', SITE, 'embedding.yaml'), 'utf8');
        const out = execFileSync(bin, ['confirm', '--root', project, '--site', SITE, '--from', decisions], { encoding: 'utf8' });
        rec.expect(/Recorded 2 decisions/.test(out), PAGE, `waymark confirm said: ${out}`);
        const after = readFileSync(join(project, 'content/sites', SITE, 'embedding.yaml'), 'utf8');
        rec.expect(after.startsWith(before), PAGE, 'embedding.yaml was rewritten, not appended to');
        execFileSync(bin, ['build', '--root', project, '--out', join(project, 'public')], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
        const anchors = items.slice(0, 2).map((i) => i.anchor);
        const view = await openRecordingTab(await ctx.browser());
        try {
          const old = await matrixStates(view.page, (await ctx.variant('file')).rootUrl + 'embedding/index.html', anchors);
          const now = await matrixStates(view.page, pathToFileURL(join(project, 'public/embedding/index.html')).href, anchors);
          rec.expect(old[anchors[0]] !== 'Embedded' && old[anchors[1]] !== 'Not applicable', PAGE, `before: ${JSON.stringify(old)}`);
          rec.expect(now[anchors[0]] === 'Embedded' && now[anchors[1]] === 'Not applicable', PAGE, `after confirm and rebuild: ${JSON.stringify(now)}`);
        } finally {
          await view.close();
        }
      });
    } finally {
      await tab.close();
      rmSync(project, { recursive: true, force: true });
    }

    // Accessibility of the form as opened and with errors shown.
    const http = await openSiteTab(ctx, 'http');
    try {
      const { where } = await http.open(PAGE);
      await rec.step(where, 'axe', async () => {
        await rec.axe(where, http.page, 'form as opened');
        await http.page.click('[data-wm-confirm-save]');
        await rec.axe(where, http.page, 'errors shown');
      });
    } finally {
      await http.close();
    }
    for (const n of new Set(rec.notes)) ctx.note(n);
    return rec.failures;
  },
};
