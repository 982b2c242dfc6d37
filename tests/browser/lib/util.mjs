// Small helpers shared by the harness modules.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every file under `dir` (recursively), as paths relative to `dir` with '/' separators, sorted. */
export function listFiles(dir, filter = () => true) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const rel = relative(dir, full).split(sep).join('/');
        if (filter(rel)) out.push(rel);
      }
    }
  };
  walk(dir);
  return out.sort();
}

export const isHtmlPath = (p) => /\.html?$/i.test(p);

export function isDirectory(p) {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function isFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Run `fn` over `items` with at most `limit` in flight; results keep input order. */
export async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function seconds(startMs) {
  return ((Date.now() - startMs) / 1000).toFixed(1) + 's';
}

/** A URL without its fragment. */
export function stripHash(url) {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}
