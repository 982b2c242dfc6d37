// Breadth-first crawl of a built site in a real browser, recording everything a
// visitor would hit: console errors, uncaught exceptions, failed or non-local
// requests, CSP violations, broken links and missing #fragments.
import { join } from 'node:path';
import { isLocalUrl } from './browser.mjs';
import { isDirectory, isFile, isHtmlPath, stripHash } from './util.mjs';

/**
 * How one way of opening the site maps URLs to files. `rootUrl` ends with '/'.
 * Both file:// and http:// variants work the same way: a URL belongs to the site
 * when it starts with rootUrl, and the rest of its path names a file in siteDir.
 */
export function makeVariant(name, rootUrl, siteDir) {
  if (!rootUrl.endsWith('/')) throw new Error(`rootUrl must end with '/': ${rootUrl}`);
  return {
    name,
    rootUrl,
    siteDir,
    startUrl: new URL('index.html', rootUrl).href,
    /** Path relative to the site root (decoded, no query or hash), or null if outside the site. */
    relOf(url) {
      const u = new URL(url);
      u.hash = '';
      u.search = '';
      if (!u.href.startsWith(rootUrl)) return null;
      try {
        return decodeURIComponent(u.href.slice(rootUrl.length));
      } catch {
        return u.href.slice(rootUrl.length);
      }
    },
    /** True when `url` is on the same "host" as the site but outside its root (e.g. an absolute /path link). */
    escapesRoot(url) {
      const u = new URL(url);
      const r = new URL(rootUrl);
      return u.protocol === r.protocol && u.host === r.host && this.relOf(url) === null;
    },
    fileOf(rel) {
      return join(siteDir, rel);
    },
  };
}

const CONSOLE_TYPES = new Set(['error', 'warning']);

function describeConsole(msg) {
  const text = msg.text();
  const loc = msg.location();
  const where = loc && loc.url ? ` (at ${loc.url}${loc.lineNumber ? ':' + (loc.lineNumber + 1) : ''})` : '';
  const kind = /Content[- ]Security[- ]Policy/i.test(text) ? 'CSP violation' : `console ${msg.type()}`;
  return `${kind}: ${text}${where}`;
}

/**
 * A browser tab that records problems for whichever URL it is currently showing.
 * Tabs are reused across visits: opening a fresh tab per page costs ~200 ms.
 */
export async function openRecordingTab(browser) {
  const page = await browser.newPage();
  let problems = [];
  let networkFailures = new Set();
  page.on('console', (msg) => {
    if (!CONSOLE_TYPES.has(msg.type())) return;
    // The harness blocks service workers (all checks but `offline`); Playwright says so on each registration.
    if (msg.text() === 'Service Worker registration blocked by Playwright') return;
    // Chromium echoes every failed request as a console error; the network listeners report those already.
    if (/^Failed to load resource/.test(msg.text())) {
      const at = msg.location()?.url || '';
      if (networkFailures.has(at)) return;
      // Chromium's own favicon probe at the server root (not a request the page made).
      if (/^https?:\/\/127\.0\.0\.1(:\d+)?\/favicon\.ico$/.test(at)) return;
    }
    problems.push(describeConsole(msg));
  });
  page.on('pageerror', (err) => {
    const firstFrame = (err.stack || '').split('\n').find((l) => /^\s+at /.test(l));
    problems.push(`uncaught exception: ${err.message}${firstFrame ? ` (${firstFrame.trim()})` : ''}`);
  });
  page.on('request', (req) => {
    if (!isLocalUrl(req.url())) {
      networkFailures.add(req.url());
      problems.push(`request leaves the machine (blocked): ${req.url()}`);
    }
  });
  page.on('requestfailed', (req) => {
    if (networkFailures.has(req.url())) return; // already reported (non-local, or the HTTP error behind it)
    networkFailures.add(req.url());
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText || 'unknown error'})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && !networkFailures.has(res.url())) {
      networkFailures.add(res.url());
      problems.push(`HTTP ${res.status()} for ${res.url()}`);
    }
  });
  page.on('websocket', (ws) => problems.push(`opens a WebSocket: ${ws.url()}`));
  page.on('crash', () => problems.push('page crashed'));

  return {
    page,
    /** Load `url`, let its scripts settle, and return { problems, info } (info null if it did not load). */
    async visit(url, { timeoutMs = 30000 } = {}) {
      problems = [];
      networkFailures = new Set();
      let info = null;
      try {
        await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
        // One macrotask after 'load' so load handlers and their immediate work have run.
        info = await page.evaluate(async () => {
          await new Promise((done) => setTimeout(done, 0));
          return {
            title: document.title,
            ids: [
              ...Array.from(document.querySelectorAll('[id]'), (e) => e.id),
              ...Array.from(document.querySelectorAll('a[name]'), (e) => e.getAttribute('name')),
            ],
            // SVG links (process maps) have an SVGAnimatedString .href, so
            // resolve the attribute against the document instead.
            links: Array.from(document.querySelectorAll('a[href], area[href]'), (a) => ({
              raw: a.getAttribute('href'),
              abs: new URL(a.getAttribute('href'), document.baseURI).href,
            })),
          };
        });
      } catch (err) {
        problems.push(`could not load page: ${String(err.message || err).split('\n')[0]}`);
      }
      return { problems, info };
    },
    close: () => page.close().catch(() => {}),
  };
}

/**
 * Crawl `variant` breadth-first from its index.html with `concurrency` reused tabs. Returns
 * { variant, pages: [{url, rel, title, ids}], failures: [{page, message}], linkCount, externalLinks }.
 */
export async function crawl(browser, variant, { maxPages = 2000, concurrency = 2, timeoutMs = 30000 } = {}) {
  const failures = [];
  const pages = new Map(); // url (no hash) -> {url, rel, title, ids:Set}
  const seen = new Set([variant.startUrl]);
  const fragmentChecks = []; // {from, raw, target, fragment}
  const queue = [variant.startUrl];
  let linkCount = 0;
  const externalLinks = new Set();
  let capped = false;

  const fail = (page, message) => failures.push({ page, message });

  const handleLinks = (url, links) => {
    for (const { raw, abs } of links) {
      linkCount++;
      let u;
      try {
        u = new URL(abs);
      } catch {
        fail(url, `unparseable link href="${raw}"`);
        continue;
      }
      if (u.protocol === 'javascript:') {
        fail(url, `javascript: link href="${raw}" (blocked by the CSP; use a button and a script file)`);
        continue;
      }
      if (['mailto:', 'tel:', 'sms:', 'data:'].includes(u.protocol)) continue;
      const rel = variant.relOf(abs);
      if (rel === null) {
        if (variant.escapesRoot(abs)) fail(url, `link leaves the site root: href="${raw}" -> ${abs}`);
        else externalLinks.add(stripHash(abs));
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(raw.trim()) || raw.trim().startsWith('/')) {
        fail(url, `internal link is not relative: href="${raw}"`);
      }
      const file = variant.fileOf(rel);
      if (rel === '' || rel.endsWith('/') || isDirectory(file)) {
        fail(url, `link names a folder, not a file: href="${raw}" (breaks on file://; link to .../index.html)`);
        continue;
      }
      if (!isFile(file)) {
        fail(url, `broken link: href="${raw}" (no file ${rel})`);
        continue;
      }
      if (!isHtmlPath(rel)) continue; // an asset or download that exists: nothing more to check
      const target = stripHash(abs);
      if (u.hash) fragmentChecks.push({ from: url, raw, target, fragment: u.hash.slice(1) });
      if (!seen.has(target)) {
        if (seen.size >= maxPages) {
          capped = true;
          continue;
        }
        seen.add(target);
        queue.push(target);
      }
    }
  };

  // Workers share one FIFO queue; a worker finding it empty waits while others may still add to it.
  let active = 0;
  const waiters = [];
  const wakeAll = () => waiters.splice(0).forEach((r) => r());
  const worker = async () => {
    const tab = await openRecordingTab(browser);
    try {
      for (;;) {
        if (!queue.length) {
          if (active === 0) break;
          await new Promise((r) => waiters.push(r));
          continue;
        }
        const url = queue.shift();
        active++;
        try {
          const { problems, info } = await tab.visit(url, { timeoutMs });
          for (const p of problems) fail(url, p);
          if (info) {
            pages.set(url, { url, rel: variant.relOf(url), title: info.title, ids: new Set(info.ids) });
            handleLinks(url, info.links);
          }
        } finally {
          active--;
          wakeAll();
        }
      }
    } finally {
      wakeAll();
      await tab.close();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (capped) fail(variant.startUrl, `crawl stopped at the cap of ${maxPages} pages`);

  for (const { from, raw, target, fragment } of fragmentChecks) {
    const page = pages.get(target);
    if (!page) continue; // the target failed to load; reported already
    let id = fragment;
    try {
      id = decodeURIComponent(fragment);
    } catch {
      /* keep raw */
    }
    if (page.ids.has(id)) continue;
    if (id === '' || id.toLowerCase() === 'top') continue; // HTML's built-in targets
    fail(from, `missing fragment: href="${raw}" but ${page.rel} has no element with id="${id}"`);
  }

  return {
    variant,
    pages: [...pages.values()].sort((a, b) => a.rel.localeCompare(b.rel)),
    failures,
    linkCount,
    externalLinks: [...externalLinks].sort(),
  };
}

/** The body of the crawl-file and crawl-http checks: crawl, note stats and orphans, return failures. */
export async function crawlCheck(ctx, variantName) {
  const result = await ctx.crawl(variantName);
  ctx.note(
    `${result.pages.length} pages, ${result.linkCount} links (${result.externalLinks.length} distinct external, not followed) from ${result.variant.startUrl} in ${result.seconds}`,
  );
  const reached = new Set(result.pages.map((p) => p.rel));
  const orphans = ctx.htmlFiles.filter((f) => !reached.has(f));
  if (orphans.length) {
    ctx.note(`${orphans.length} .html file(s) not reachable from index.html: ${orphans.slice(0, 10).join(', ')}${orphans.length > 10 ? ', ...' : ''}`);
  }
  return result.failures;
}

