// Every page carries one strict Content-Security-Policy <meta>, so the offline and
// no-inline-code guarantees hold even when a host sends no headers (and on file://).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const META_RE = /<meta\b[^>]*\bhttp-equiv\s*=\s*(["']?)content-security-policy\1[^>]*>/gi;
const CONTENT_RE = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i;
const FORBIDDEN = [
  [/'unsafe-inline'/i, "'unsafe-inline'"],
  [/'unsafe-eval'/i, "'unsafe-eval'"],
  [/'unsafe-hashes'/i, "'unsafe-hashes'"],
  [/(^|\s)\*(\s|;|$)/, 'a bare * source'],
  [/(^|\s)(https?|wss?):(\s|;|$)/i, 'a scheme-wide network source (http:, https:, ws:, wss:)'],
  [/(^|\s)(https?|wss?):\/\//i, 'a network host source'],
];
// Directives that browsers ignore in a <meta> policy (and log a console error for).
const META_IGNORED = ['frame-ancestors', 'report-uri', 'sandbox'];

/** Enough HTML entity decoding for attribute values (templating engines escape ' as &#x27;). */
function decodeEntities(text) {
  const named = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ent) => {
    if (ent[0] === '#') {
      const code = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return named[ent.toLowerCase()] ?? whole;
  });
}

export default {
  name: 'csp-meta',
  order: 5,
  description: "every .html file has exactly one strict CSP <meta> (default-src 'none', no unsafe-*, no network sources)",
  async run(ctx) {
    const failures = [];
    for (const rel of ctx.htmlFiles) {
      const html = readFileSync(join(ctx.siteDir, rel), 'utf8');
      const metas = html.match(META_RE) || [];
      if (metas.length !== 1) {
        failures.push({ page: rel, message: `expected exactly one CSP <meta>, found ${metas.length}` });
        continue;
      }
      const m = metas[0].match(CONTENT_RE);
      const policy = m ? decodeEntities(m[1] ?? m[2]) : '';
      if (!policy) {
        failures.push({ page: rel, message: 'CSP <meta> has no content' });
        continue;
      }
      const head = html.slice(0, html.search(/<\/head>/i) >>> 0);
      if (head.indexOf(metas[0]) < 0) failures.push({ page: rel, message: 'CSP <meta> is not inside <head>' });
      if (!/(^|;)\s*default-src\s+'none'\s*(;|$)/i.test(policy)) {
        failures.push({ page: rel, message: `policy lacks default-src 'none': ${policy}` });
      }
      for (const [re, what] of FORBIDDEN) {
        if (re.test(policy)) failures.push({ page: rel, message: `policy allows ${what}: ${policy}` });
      }
      for (const d of META_IGNORED) {
        if (new RegExp(`(^|;)\\s*${d}\\b`, 'i').test(policy)) {
          failures.push({ page: rel, message: `${d} is ignored in a <meta> policy (and logs a console error)` });
        }
      }
    }
    ctx.note(`${ctx.htmlFiles.length} file(s) checked`);
    return failures;
  },
};
