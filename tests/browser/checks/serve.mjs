// waymark serve: an open page reloads by itself after the author saves, a
// broken save shows the error in the page (and the page is still readable),
// and fixing it heals the page. Runs the real binary (WAYMARK, default
// target/release/waymark) on a copy of the bundled project in a temp folder.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRecorder } from '../lib/interact.mjs';
import { openRecordingTab } from '../lib/crawl.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PAGE = 'cstr/eligibility.md';

function startServe(project) {
  const bin = process.env.WAYMARK || join(REPO, 'target/release/waymark');
  const child = spawn(bin, ['serve', '--root', project, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const url = new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`waymark serve did not start: ${log}`)), 60000);
    child.stderr.on('data', (d) => {
      log += d;
      const m = /Serving .* at (http:\/\/\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`waymark serve exited with ${code}: ${log}`)));
  });
  return { child, url, log: () => log };
}

export default {
  name: 'serve',
  order: 70,
  description: 'waymark serve: the open page reloads after a save, shows a broken save in place, heals; an open A–Z follows a retitled page',
  async run(ctx) {
    const rec = makeRecorder();
    const project = mkdtempSync(join(tmpdir(), 'waymark-serve-check-'));
    cpSync(join(REPO, 'content'), join(project, 'content'), { recursive: true });
    cpSync(join(REPO, 'site.yaml'), join(project, 'site.yaml'));
    const serve = startServe(project);
    const tab = await openRecordingTab(await ctx.browser());
    const { page } = tab;
    const file = join(project, 'content', PAGE);
    const original = readFileSync(file, 'utf8');
    const where = `[serve] ${PAGE.replace(/\.md$/, '.html')}`;
    try {
      const base = await serve.url;
      const { problems } = await tab.visit(new URL(PAGE.replace(/\.md$/, '.html'), base).href);
      await rec.step(where, 'reloads after a save', async () => {
        // A marker that only survives if the page is never reloaded.
        await page.evaluate(() => { window.__notReloaded = true; });
        writeFileSync(file, original.replace(/\n## /, '\nA sentence the author just saved.\n\n## '));
        await page.waitForFunction(() => !window.__notReloaded && document.body.innerText.includes('A sentence the author just saved.'), null, { timeout: 30000 });
      });
      await rec.step(where, 'a broken save shows the error in the page', async () => {
        writeFileSync(file, original.replace(/^title:/m, 'titel:'));
        const banner = page.locator('[role="alert"]');
        await banner.waitFor({ state: 'visible', timeout: 30000 });
        const text = await banner.innerText();
        rec.expect(text.includes(`content/${PAGE}`), where, `error banner does not name the file: ${text.slice(0, 200)}`);
        rec.expect((await page.locator('h1').count()) > 0, where, 'the last good page is not shown under the banner');
        await rec.axe(where, page, 'with the error banner');
      });
      await rec.step(where, 'fixing the file heals the page', async () => {
        writeFileSync(file, original);
        await page.locator('[role="alert"]').waitFor({ state: 'detached', timeout: 30000 });
        rec.expect(!(await page.content()).includes('A sentence the author just saved.'), where, 'the healed page is not the fixed text');
      });
      await rec.step(where, 'a retitled page reaches an open A–Z, and no other tab reloads twice', async () => {
        // The A–Z is rewritten on the search thread after the rebuild's
        // reload, and tells only tabs showing it to reload again.
        const az = await openRecordingTab(await ctx.browser());
        try {
          await az.visit(new URL('a-z.html', base).href);
          const retitled = original.replace(/^title: (.*)$/m, 'title: $1 revised');
          rec.expect(retitled !== original, where, 'the page has no plain title line to edit');
          writeFileSync(file, retitled);
          await page.waitForFunction(() => document.querySelector('h1') && document.querySelector('h1').innerText.includes('revised'), null, { timeout: 30000 });
          await page.evaluate(() => { window.__notReloaded = true; });
          await az.page.waitForFunction(() => document.body.innerText.includes('statutory tests revised'), null, { timeout: 60000 });
          // Long enough for a second reload to have arrived, had one come.
          await page.waitForTimeout(1500);
          rec.expect(await page.evaluate(() => window.__notReloaded === true), where, 'the page reloaded again when the A–Z was rewritten');
        } finally {
          await az.page.close().catch(() => {});
          writeFileSync(file, original);
        }
      });
      // The event stream is cancelled by each reload, as it should be.
      const real = problems.filter((p) => !/__waymark\/events\S* \(net::ERR_ABORTED\)/.test(p));
      rec.problems(where, real);
    } catch (err) {
      rec.fail(where, String(err && err.message || err).split('\n')[0]);
    } finally {
      await tab.page.close().catch(() => {});
      serve.child.kill();
      rmSync(project, { recursive: true, force: true });
    }
    return rec.failures;
  },
};
