// axe-core WCAG 2.x A/AA audit of every crawled page (http variant, so styles and
// scripts load exactly as on a real host). The pages' CSP forbids injected
// <script> tags, so axe's source goes in through page.evaluate (DevTools
// evaluation is not subject to the page's CSP) — no bypassCSP needed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const MAX_TARGETS = 5;

/** Run axe on an already-open page; returns axe's violations array. */
export async function runAxe(page) {
  await page.evaluate(`${AXE_SOURCE}\n;void 0;`);
  return page.evaluate(async (tags) => {
    const res = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' ')),
    }));
  }, AXE_TAGS);
}

export default {
  name: 'axe',
  order: 40,
  description: `axe-core ${AXE_TAGS.join(', ')} on every crawled page`,
  async run(ctx) {
    const { pages } = await ctx.crawl('http');
    const browser = await ctx.browser();
    const failures = [];
    let clean = 0;
    // A few reused tabs pull from one queue (a fresh tab per page costs ~200 ms).
    const queue = pages.map((p) => p.url);
    const worker = async () => {
      const page = await browser.newPage();
      try {
        for (let url = queue.shift(); url; url = queue.shift()) {
          try {
            await page.goto(url, { waitUntil: 'load', timeout: 30000 });
            const violations = await runAxe(page);
            if (!violations.length) clean++;
            for (const v of violations) {
              const shown = v.targets.slice(0, MAX_TARGETS).join(' | ');
              const more = v.targets.length > MAX_TARGETS ? ` | (+${v.targets.length - MAX_TARGETS} more)` : '';
              failures.push({
                page: url,
                message: `${v.id} (${v.impact}): ${v.help} — ${v.targets.length} node(s): ${shown}${more} [${v.helpUrl}]`,
              });
            }
          } catch (err) {
            failures.push({ page: url, message: `axe could not run: ${String(err.message || err).split('\n')[0]}` });
          }
        }
      } finally {
        await page.close().catch(() => {});
      }
    };
    await Promise.all(Array.from({ length: Math.min(ctx.concurrency, queue.length) }, worker));
    ctx.note(`${pages.length} pages audited, ${clean} without violations`);
    return failures;
  },
};
