// W3C Nu HTML Checker (vnu.jar) over every .html file in the site, in one JVM run
// (or a few, for very large sites, to stay under the argument-length limit).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const VNU_JAR = require.resolve('vnu-jar/build/dist/vnu.jar');
const JAVA = process.env.JAVA || 'java';
const BATCH = 500;

function runVnu(files) {
  return new Promise((resolveRun, reject) => {
    const args = ['-Xss8m', '-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files];
    const child = spawn(JAVA, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => reject(new Error(`could not start ${JAVA}: ${e.message} (install Java 11+ or set JAVA=)`)));
    child.on('close', (code) => {
      // vnu prints its JSON report on stderr; exit 1 just means "errors found".
      const text = (err.trim() || out.trim());
      try {
        resolveRun(JSON.parse(text).messages || []);
      } catch {
        reject(new Error(`vnu exited ${code} without a JSON report: ${text.slice(0, 500)}`));
      }
    });
  });
}

export default {
  name: 'vnu',
  order: 50,
  description: 'W3C Nu HTML Checker (--errors-only) on every .html file',
  async run(ctx) {
    const files = ctx.htmlFiles.map((f) => join(ctx.siteDir, f));
    if (!files.length) return [{ page: ctx.siteDir, message: 'no .html files to validate' }];
    const failures = [];
    for (let i = 0; i < files.length; i += BATCH) {
      for (const m of await runVnu(files.slice(i, i + BATCH))) {
        if (m.type !== 'error' && m.type !== 'non-document-error') continue;
        let file = m.url || '';
        try {
          file = relative(ctx.siteDir, fileURLToPath(m.url));
        } catch {
          /* keep as reported */
        }
        const line = m.lastLine ? `:${m.firstLine || m.lastLine}${m.firstColumn ? ':' + m.firstColumn : ''}` : '';
        const extract = m.extract ? ` — near: ${JSON.stringify(m.extract.replace(/\s+/g, ' ').trim())}` : '';
        failures.push({ page: `${file}${line}`, message: `${m.message}${extract}` });
      }
    }
    ctx.note(`${files.length} file(s) validated`);
    return failures;
  },
};
