// The offline ZIP (issue 21): the build's ZIP, unzipped into a new folder,
// passes the same file:// crawl as the site folder, reaching the same pages
// with the same titles. Needs a site built with `--zip` (scripts/test.sh does).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crawl, makeVariant } from '../lib/crawl.mjs';

function unzip(zip, into) {
  try {
    execFileSync('unzip', ['-q', zip, '-d', into]);
  } catch {
    execFileSync('python3', ['-m', 'zipfile', '-e', zip, into]);
  }
}

export default {
  name: 'offline-zip',
  order: 35,
  description: 'the offline ZIP, unzipped to a new folder, passes the file:// crawl and reaches the same pages as the folder',
  async run(ctx) {
    const zips = readdirSync(ctx.siteDir).filter((f) => f.endsWith('.zip'));
    if (zips.length !== 1) return [`expected one offline ZIP at the site's root (build with --zip), found ${zips.length}`];
    const tmp = mkdtempSync(join(tmpdir(), 'waymark-zip-check-'));
    try {
      unzip(join(ctx.siteDir, zips[0]), tmp);
      const folders = readdirSync(tmp);
      if (folders.length !== 1) return [`the ZIP should hold one folder, holds ${folders.join(', ')}`];
      const root = join(tmp, folders[0]);
      const variant = makeVariant('file', pathToFileURL(root).href.replace(/\/?$/, '/'), root);
      const started = Date.now();
      const result = await crawl(await ctx.browser(), variant, { maxPages: ctx.maxPages, concurrency: ctx.concurrency });
      const folder = await ctx.crawl('file');
      ctx.note(`${zips[0]}: ${result.pages.length} pages crawled from file:// in ${((Date.now() - started) / 1000).toFixed(1)} s (folder: ${folder.pages.length})`);
      const failures = result.failures.map((f) => (typeof f === 'string' ? `[zip] ${f}` : { ...f, page: `[zip] ${f.page}` }));
      const titles = new Map(folder.pages.map((p) => [p.rel, p.title]));
      const zipped = new Set(result.pages.map((p) => p.rel));
      for (const p of result.pages) {
        if (!titles.has(p.rel)) failures.push({ page: `[zip] ${p.rel}`, message: 'reached in the ZIP but not in the folder' });
        else if (titles.get(p.rel) !== p.title) failures.push({ page: `[zip] ${p.rel}`, message: `title differs from the folder's: "${p.title}"` });
      }
      for (const rel of titles.keys()) {
        if (!zipped.has(rel)) failures.push({ page: `[zip] ${rel}`, message: 'reached in the folder but not in the ZIP' });
      }
      return failures;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
};
