// Helpers for checks that drive pages like a reader does (click, type, submit)
// and assert on what happens. Used by checks/versions, changes, search, print.
import { openRecordingTab } from './crawl.mjs';
import { runAxe } from '../checks/axe.mjs';

const firstLine = (err) => String((err && err.message) || err).split('\n')[0];

/**
 * Collects failures for one check. `where` names the page in messages (the
 * variant and the path inside the site, e.g. "[file] changes.html").
 */
export function makeRecorder() {
  const failures = [];
  const rec = {
    failures,
    /** Informational lines (not failures), for the check to pass to ctx.note(). */
    notes: [],
    note(msg) {
      rec.notes.push(msg);
    },
    fail(where, message) {
      failures.push({ page: where, message });
    },
    /** Records a failure unless `cond` holds; returns `cond`. */
    expect(cond, where, message) {
      if (!cond) rec.fail(where, message);
      return !!cond;
    },
    /** Runs one scenario; an exception (e.g. a timeout waiting for something) becomes one failure. */
    async step(where, label, fn) {
      const started = Date.now();
      try {
        await fn();
      } catch (err) {
        rec.fail(where, `${label}: ${firstLine(err)}`);
      }
      if (process.env.WM_STEP_TIMES) console.log(`   ${Date.now() - started} ms  ${where}: ${label}`);
    },
    /** Reports what a recording tab saw (console errors, CSP, failed requests) since its last visit(). */
    problems(where, list, label = '') {
      for (const p of list.splice(0)) rec.fail(where, label ? `${label}: ${p}` : p);
    },
    /** axe-core on the page as it is now; each violation becomes a failure. */
    async axe(where, page, label) {
      try {
        for (const v of await runAxe(page)) {
          const shown = v.targets.slice(0, 5).join(' | ');
          rec.fail(where, `axe (${label}): ${v.id} (${v.impact}): ${v.help} — ${v.targets.length} node(s): ${shown}`);
        }
      } catch (err) {
        rec.fail(where, `axe (${label}) could not run: ${firstLine(err)}`);
      }
    },
  };
  return rec;
}

/**
 * A recording tab bound to one variant ('file' or 'http'). `open(rel)` visits a
 * page by its path in the site and returns { where, problems } — `problems` keeps
 * filling while the reader clicks on (including pages it navigates to), until
 * the next open().
 */
export async function openSiteTab(ctx, variantName) {
  const variant = await ctx.variant(variantName);
  const tab = await openRecordingTab(await ctx.browser());
  const url = (rel) => new URL(rel, variant.rootUrl).href;
  return {
    page: tab.page,
    variant,
    url,
    /** "[file] path/in/site.html#frag" for the page's current URL (or any URL). */
    where(u = tab.page.url()) {
      const rel = variant.relOf(u);
      const hash = new URL(u).hash;
      return `[${variant.name}] ${rel === null ? u : rel}${hash}`;
    },
    async open(rel) {
      const { problems, info } = await tab.visit(url(rel));
      if (!info) throw new Error(`could not load ${rel}: ${problems.join('; ')}`);
      return { problems, where: `[${variant.name}] ${rel}` };
    },
    close: () => tab.close(),
  };
}

/** Page URL without its #fragment. */
export const noHash = (u) => u.split('#')[0];

/** Waits until the tab has navigated to a URL whose path (no query/hash) ends with `suffix`. */
export function waitForPath(page, suffix, timeout = 5000) {
  return page.waitForURL((u) => u.pathname.endsWith(suffix), { timeout, waitUntil: 'load' });
}
