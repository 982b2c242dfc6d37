// The object every check receives. Expensive things (browser, server, crawls)
// start lazily and are shared, so `--only vnu` never launches Chromium.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser } from './browser.mjs';
import { startServer } from './server.mjs';
import { makeVariant, crawl } from './crawl.mjs';
import { listFiles, isHtmlPath, seconds } from './util.mjs';

export const HTTP_BASE_PATH = '/nested/waymark/';

export function createContext({ siteDir, maxPages = 2000, concurrency = 2, log = console.log }) {
  const root = resolve(siteDir);
  const memo = new Map();
  const once = (key, make) => {
    if (!memo.has(key)) memo.set(key, make());
    return memo.get(key);
  };
  const cleanups = [];
  let notes = [];

  const ctx = {
    /** Absolute path of the built site. */
    siteDir: root,
    maxPages,
    concurrency,
    log,
    /** Every .html file in the site, relative to siteDir, sorted. */
    htmlFiles: listFiles(root, isHtmlPath),
    /** Print an informational line under the current check (not a failure). */
    note(msg) {
      notes.push(msg);
    },
    takeNotes() {
      const n = notes;
      notes = [];
      return n;
    },
    /** The shared Chromium: { context, newPage(), blocked }. */
    browser: () =>
      once('browser', async () => {
        const b = await launchBrowser();
        cleanups.push(() => b.close());
        return b;
      }),
    /** The static server: { baseUrl, port, requests }. */
    server: () =>
      once('server', async () => {
        const s = await startServer(root, HTTP_BASE_PATH);
        cleanups.push(() => s.close());
        return s;
      }),
    /** 'file' or 'http' variant descriptor (URL <-> file mapping). */
    variant: (name) =>
      once(`variant:${name}`, async () => {
        if (name === 'file') return makeVariant('file', pathToFileURL(root).href.replace(/\/?$/, '/'), root);
        if (name === 'http') return makeVariant('http', (await ctx.server()).baseUrl, root);
        throw new Error(`unknown variant ${name}`);
      }),
    /** Crawl result for a variant (memoized): { pages, failures, linkCount, externalLinks }. */
    crawl: (name) =>
      once(`crawl:${name}`, async () => {
        const started = Date.now();
        const result = await crawl(await ctx.browser(), await ctx.variant(name), { maxPages, concurrency });
        result.seconds = seconds(started);
        return result;
      }),
    async close() {
      for (const c of cleanups.reverse()) await c().catch(() => {});
    },
  };
  return ctx;
}
