#!/usr/bin/env node
// Real-browser test harness for a built Waymark site.
//
//   node tests/browser/run.mjs SITE_DIR [--screenshots OUT_DIR] [--only CHECK[,CHECK...]] [--list]
//
// Every module in checks/ exports default { name, run(ctx), order?, description? };
// run(ctx) returns a list of failures (strings or { page, message }). See lib/context.mjs
// for what ctx offers (shared browser, static server, memoized crawls). Ends with one
// line "N passed, N failed" (one unit per check) and exits non-zero on any failure.
import { readdirSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createContext } from './lib/context.mjs';
import { takeScreenshots } from './lib/screenshots.mjs';
import { seconds } from './lib/util.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const MAX_PRINTED_FAILURES = 300;

function usage(msg) {
  if (msg) console.error(`error: ${msg}`);
  console.error('usage: node tests/browser/run.mjs SITE_DIR [--screenshots OUT_DIR] [--only CHECK[,CHECK...]] [--list]');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { siteDir: null, screenshots: null, only: [], list: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--screenshots') opts.screenshots = resolve(value());
    else if (a.startsWith('--screenshots=')) opts.screenshots = resolve(a.slice(14));
    else if (a === '--only') opts.only.push(...value().split(','));
    else if (a.startsWith('--only=')) opts.only.push(...a.slice(7).split(','));
    else if (a === '--list') opts.list = true;
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (!opts.siteDir) opts.siteDir = resolve(a);
    else usage(`unexpected argument ${a}`);
  }
  opts.only = opts.only.map((s) => s.trim()).filter(Boolean);
  return opts;
}

async function loadChecks() {
  const dir = join(HERE, 'checks');
  const checks = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort()) {
    const mod = await import(pathToFileURL(join(dir, file)).href);
    const check = mod.default;
    if (!check || typeof check.name !== 'string' || typeof check.run !== 'function') {
      throw new Error(`checks/${file} must export default { name, run(ctx) }`);
    }
    checks.push(check);
  }
  const names = new Set();
  for (const c of checks) {
    if (names.has(c.name)) throw new Error(`two checks are named ${c.name}`);
    names.add(c.name);
  }
  return checks.sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.name.localeCompare(b.name));
}

function formatFailure(f) {
  if (typeof f === 'string') return f;
  return f.page ? `${f.page}: ${f.message}` : String(f.message);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const allChecks = await loadChecks();
  if (opts.list) {
    for (const c of allChecks) console.log(`${c.name}\t${c.description || ''}`);
    return 0;
  }
  if (!opts.siteDir) usage('SITE_DIR is required');
  if (!existsSync(opts.siteDir) || !statSync(opts.siteDir).isDirectory()) usage(`not a directory: ${opts.siteDir}`);
  if (!existsSync(join(opts.siteDir, 'index.html'))) usage(`no index.html in ${opts.siteDir}`);

  const unknown = opts.only.filter((n) => !allChecks.some((c) => c.name === n));
  if (unknown.length) usage(`unknown check(s): ${unknown.join(', ')}; known: ${allChecks.map((c) => c.name).join(', ')}`);
  const checks = opts.only.length ? allChecks.filter((c) => opts.only.includes(c.name)) : allChecks;

  const ctx = createContext({ siteDir: opts.siteDir });
  const onSignal = async () => {
    await ctx.close();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  console.log(`Waymark browser tests: ${ctx.siteDir} (${ctx.htmlFiles.length} .html files)`);
  let passed = 0;
  let failed = 0;
  let extraError = false;
  const startedAll = Date.now();
  try {
    for (const check of checks) {
      const started = Date.now();
      console.log(`\n== ${check.name}${check.description ? ` — ${check.description}` : ''}`);
      let failures;
      try {
        failures = (await check.run(ctx)) || [];
      } catch (err) {
        failures = [`check crashed: ${err && err.stack ? err.stack : err}`];
      }
      for (const n of ctx.takeNotes()) console.log(`   ${n}`);
      if (failures.length === 0) {
        passed++;
        console.log(`PASS ${check.name} (${seconds(started)})`);
      } else {
        failed++;
        console.log(`FAIL ${check.name}: ${failures.length} failure(s) (${seconds(started)})`);
        for (const f of failures.slice(0, MAX_PRINTED_FAILURES)) console.log(`  - ${formatFailure(f)}`);
        if (failures.length > MAX_PRINTED_FAILURES) {
          console.log(`  ... and ${failures.length - MAX_PRINTED_FAILURES} more`);
        }
      }
    }
    if (opts.screenshots) {
      const started = Date.now();
      console.log(`\n== screenshots -> ${opts.screenshots}`);
      try {
        const files = await takeScreenshots(ctx, opts.screenshots);
        console.log(`   wrote ${files.length} PNG file(s) (${seconds(started)})`);
      } catch (err) {
        extraError = true;
        console.log(`   screenshots failed: ${err && err.stack ? err.stack : err}`);
      }
    }
  } finally {
    await ctx.close();
  }
  console.log(`\nbrowser tests took ${seconds(startedAll)}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed || extraError ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err && err.stack ? err.stack : err);
    process.exit(2);
  },
);
