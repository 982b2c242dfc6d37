// Hosted offline (issue 21): over HTTP the site's service worker keeps every
// file of the build after the first visit, so pages never visited open, and
// search works, with the server gone; a rebuild with a change is stored in
// full beside the old build (pages stay on the old one, never a mix) and
// shown when the reader asks; from file:// nothing is registered.
//
// Builds the bundled project twice (WAYMARK, default target/release/waymark)
// into one folder served under a sub-path on a fixed port: stopping the
// server is "going offline", restarting it on the same port "going online".
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { makeRecorder } from '../lib/interact.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BASE_PATH = '/nested/waymark/';
const CHANGED_PAGE = 'cstr/eligibility.md';
const NEW_SENTENCE = 'This sentence arrived with the second build.';
// Pages the reader never opens while online.
const UNVISITED = ['glossary.html', 'cstr/eligibility.html', 'protocol/national-protocol/history.html', 'sites/matrix.html', 'a-z.html'];

export const waymarkBin = () => process.env.WAYMARK || join(REPO, 'target/release/waymark');

function build(project, out) {
  execFileSync(waymarkBin(), ['build', '--root', project, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
}

const buildIdOf = (site) => /"build":"([0-9a-f]+)"/.exec(readFileSync(join(site, 'assets/offline-info.js'), 'utf8'))[1];

export default {
  name: 'offline',
  order: 75,
  description: 'service worker over http: kept after one visit; unvisited pages and search offline; a rebuild is stored whole and shown on request; nothing from file://',
  async run(ctx) {
    const rec = makeRecorder();
    const tmp = mkdtempSync(join(tmpdir(), 'waymark-offline-check-'));
    const project = join(tmp, 'project');
    const site = join(tmp, 'site');
    cpSync(join(REPO, 'content'), join(project, 'content'), { recursive: true });
    cpSync(join(REPO, 'site.yaml'), join(project, 'site.yaml'));
    cpSync(join(REPO, 'themes'), join(project, 'themes'), { recursive: true });
    const browser = await launchBrowser({ serviceWorkers: 'allow' });
    let server = null;
    const problems = [];
    try {
      build(project, site);
      const firstBuild = buildIdOf(site);
      server = await startServer(site, BASE_PATH);
      const { port, baseUrl } = server;
      const page = await browser.newPage();
      page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
      page.on('console', (msg) => {
        // Offline, Chromium logs the worker's own failed update checks; those are expected.
        if (msg.type() === 'error' && !/sw\.js|ERR_CONNECTION_REFUSED|Failed to load resource/.test(msg.text())) problems.push(`console error: ${msg.text()}`);
      });
      const where = `[http] ${BASE_PATH}`;

      await rec.step(where, 'the first visit keeps the whole site', async () => {
        await page.goto(new URL('index.html', baseUrl).href);
        await page.locator('[data-wm-offline-remove]').waitFor({ state: 'visible', timeout: 120000 });
        const text = await page.locator('[data-wm-offline] [role=status]').innerText();
        rec.expect(text.includes(firstBuild) && /kept on this device/.test(text) && /saved on \d+ \w+ \d{4} at \d\d:\d\d/.test(text), where, `panel does not say which build is kept and when: ${text}`);
        const keys = await page.evaluate(() => caches.keys());
        rec.expect(keys.length === 1 && keys[0] === `waymark:${BASE_PATH}:${firstBuild}`, where, `caches: ${keys.join(', ')}`);
        const stored = await page.evaluate(async (k) => (await (await caches.open(k)).keys()).length, keys[0]);
        const listed = readFileSync(join(site, 'sw.js'), 'utf8').match(/var FILES = (\[.*\]);/)[1];
        rec.expect(stored === JSON.parse(listed).length + 1, where, `cache holds ${stored} entries, the worker lists ${JSON.parse(listed).length} files`);
        ctx.note(`kept ${stored - 1} files of build ${firstBuild}`);
      });

      await server.close();
      server = null;
      await rec.step(`${where} (server stopped)`, 'pages never visited open offline', async () => {
        for (const rel of UNVISITED) {
          const response = await page.goto(new URL(rel, baseUrl).href);
          rec.expect(response && response.ok() && response.fromServiceWorker(), `[offline] ${rel}`, `status ${response && response.status()}, from the worker: ${response && response.fromServiceWorker()}`);
          rec.expect((await page.locator('h1').count()) === 1, `[offline] ${rel}`, 'no heading: the page did not render');
        }
      });
      await rec.step(`${where} (server stopped)`, 'search works offline', async () => {
        await page.goto(new URL('pathway/index.html', baseUrl).href);
        const input = page.locator('#wm-search-input');
        await input.click();
        await input.pressSequentially('consent', { delay: 30 });
        await page.locator('#wm-search-listbox [role=option]').first().waitFor({ state: 'visible', timeout: 20000 });
        const n = await page.locator('#wm-search-listbox [role=option]').count();
        rec.expect(n > 0, '[offline] search', 'no results for "consent"');
        await page.goto(new URL('search.html?q=mhtr', baseUrl).href);
        await page.locator('main mark').first().waitFor({ state: 'attached', timeout: 20000 });
      });

      // A second build with a change; the server comes back on the same port.
      const file = join(project, 'content', CHANGED_PAGE);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/\n## /, `\n${NEW_SENTENCE}\n\n## `));
      build(project, site);
      const secondBuild = buildIdOf(site);
      rec.expect(secondBuild !== firstBuild, where, 'the changed build has the same build id');
      server = await startServer(site, BASE_PATH, port);

      await rec.step(`${where} (back online)`, 'a new build is stored whole, then shown on request', async () => {
        await page.goto(new URL('index.html', baseUrl).href);
        const update = page.locator('[data-wm-offline-update]');
        await update.waitFor({ state: 'visible', timeout: 120000 });
        // Both caches exist now, and pages still come from the old one: no mix.
        const keys = await page.evaluate(() => caches.keys());
        rec.expect(keys.length === 2, where, `while the update waits, caches: ${keys.join(', ')}`);
        await page.goto(new URL('cstr/eligibility.html', baseUrl).href);
        rec.expect(!(await page.content()).includes(NEW_SENTENCE), where, 'a page of the new build was served before the reader asked for it');
        await update.waitFor({ state: 'visible', timeout: 30000 });
        const reloaded = page.waitForEvent('load', { timeout: 60000 });
        await update.getByRole('button', { name: 'Show the newer version' }).click();
        await reloaded;
        await page.waitForFunction((s) => document.body.innerText.includes(s), NEW_SENTENCE, { timeout: 30000 });
        await page.locator('[data-wm-offline-remove]').waitFor({ state: 'visible', timeout: 30000 });
        const text = await page.locator('[data-wm-offline] [role=status]').innerText();
        rec.expect(text.includes(secondBuild), where, `after the update the panel says: ${text}`);
        const after = await page.evaluate(() => caches.keys());
        rec.expect(after.length === 1 && after[0].endsWith(`:${secondBuild}`), where, `old cache not deleted: ${after.join(', ')}`);
      });

      await rec.step('[file] index.html', 'nothing is registered from file://', async () => {
        const tab = await browser.newPage();
        await tab.goto(pathToFileURL(join(site, 'index.html')).href);
        await tab.waitForLoadState('load');
        const state = await tab.evaluate(async () => ({
          panelHidden: document.querySelector('[data-wm-offline]').hidden,
          // file:// pages have an opaque origin: Chromium refuses to even list workers.
          registrations: await (navigator.serviceWorker ? navigator.serviceWorker.getRegistrations().then((r) => r.length, () => 0) : 0),
        }));
        rec.expect(state.panelHidden && state.registrations === 0, '[file] index.html', JSON.stringify(state));
        await tab.close();
      });
      for (const p of problems) rec.fail(where, p);
    } catch (err) {
      rec.fail('[offline]', String((err && err.message) || err).split('\n')[0]);
    } finally {
      if (server) await server.close();
      await browser.close();
      rmSync(tmp, { recursive: true, force: true });
    }
    return rec.failures;
  },
};
