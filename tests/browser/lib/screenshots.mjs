// Full-page screenshots for a human to look at: index.html plus the first page
// in each top-level folder, at desktop (1280) and phone (390) widths.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const WIDTHS = [
  { label: 'desktop', width: 1280, height: 800 },
  { label: 'phone', width: 390, height: 844 },
];

/** index.html, then for each top-level folder its index.html, or else its shallowest, alphabetically first .html file. */
export function pickPages(htmlFiles) {
  const picked = htmlFiles.includes('index.html') ? ['index.html'] : [];
  const byFolder = new Map();
  for (const f of htmlFiles) {
    const parts = f.split('/');
    if (parts.length < 2) continue;
    const best = byFolder.get(parts[0]);
    const rank = (p) => [p === `${parts[0]}/index.html` ? 0 : 1, p.split('/').length, p];
    const better = (a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : 1);
    };
    if (!best || better(f, best) < 0) byFolder.set(parts[0], f);
  }
  return [...picked, ...[...byFolder.keys()].sort().map((k) => byFolder.get(k))];
}

export async function takeScreenshots(ctx, outDir) {
  mkdirSync(outDir, { recursive: true });
  const browser = await ctx.browser();
  const { baseUrl } = await ctx.server();
  const written = [];
  for (const rel of pickPages(ctx.htmlFiles)) {
    for (const { label, width, height } of WIDTHS) {
      const page = await browser.newPage();
      try {
        await page.setViewportSize({ width, height });
        await page.goto(new URL(rel.split('/').map(encodeURIComponent).join('/'), baseUrl).href, { waitUntil: 'load' });
        const file = join(outDir, `${label}-${rel.replace(/\.html?$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_')}.png`);
        await page.screenshot({ path: file, fullPage: true });
        written.push(file);
      } finally {
        await page.close().catch(() => {});
      }
    }
  }
  return written;
}
