// Shared helpers for the browser test and benchmark: launch the system
// Chromium (never a downloaded one) with a fresh profile, and open pages
// from file:// with console errors collected.
// playwright-core is installed for the browser tests (tests/browser); the
// benchmark borrows it rather than keeping a second copy.
import { createRequire } from 'node:module';
const { chromium } = createRequire(new URL('../tests/browser/package.json', import.meta.url))('playwright-core');
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function launch() {
  const dir = mkdtempSync(join(tmpdir(), 'wm-chromium-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const close = async () => { await ctx.close(); rmSync(dir, { recursive: true, force: true }); };
  return { ctx, close };
}

export function fileUrl(site, rel) {
  return pathToFileURL(resolve(site, rel)).href;
}

/** Opens a page and records console errors / page errors / failed requests. */
export async function open(ctx, url) {
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => errors.push('request failed: ' + r.url()));
  // Record every render and keydown with a timestamp. Init scripts run via
  // the DevTools protocol before page scripts, outside the page CSP.
  await page.addInitScript(() => {
    window.__wmEvents = [];
    window.__wmKeys = [];
    document.addEventListener('wm-search-rendered', (e) => {
      window.__wmEvents.push({ t: performance.now(), query: e.detail.query, count: e.detail.count });
    });
    document.addEventListener('keydown', (e) => window.__wmKeys.push({ t: performance.now(), key: e.key }), true);
    // Every script element added (file:// loads leave no resource timing entries).
    window.__wmScripts = [];
    new MutationObserver((ms) => ms.forEach((m) => m.addedNodes.forEach((n) => {
      if (n.tagName === 'SCRIPT' && n.src) window.__wmScripts.push(n.src);
    }))).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url);
  return { page, errors };
}

/** Waits for a render of exactly `query`; returns its event. */
export async function rendered(page, query, timeout = 5000) {
  const h = await page.waitForFunction(
    (q) => window.__wmEvents.find((e) => e.query === q), query, { timeout });
  return h.jsonValue();
}
