// Search benchmark from file://. Usage: [QUERIES=broad|a,b,…] node bench/search.mjs SITE_DIR [DELAY_MS]
// For each query, in a fresh page: focus the header input, type the query one
// character at a time (DELAY_MS between keys, default 120 ≈ a fast typist),
// and measure, per keystroke, keydown → results rendered for that input value
// (the page's `wm-search-rendered` event). Bytes read = sizes on disk of the
// search/*.js files the page loaded (script elements recorded by a MutationObserver;
// file:// loads leave no resource timing entries).
import { statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, fileUrl, open } from './lib.mjs';

const site = process.argv[2];
const delay = +(process.argv[3] || 120);
if (!site) { console.error('usage: node bench/search.mjs SITE_DIR [DELAY_MS]'); process.exit(2); }
// QUERIES="a,b,…" replaces the default set, e.g. with BROAD (54 questions a
// court or probation reader might type) to look for slow keys more widely.
const BROAD = 'assessment,treatment requirement,court duty officer,safeguarding referral,informed consent,pre-sentence report,' +
  'missed appointments,breach proceedings,trauma informed supervision,data protection impact,housing support,' +
  'liaison and diversion,quality assurance,young adults transition,peer support,escalation risk,commissioning funding,' +
  'neurodivergent adjustments,clinical advice,capacity to consent,treatment plan clinician,recording outcomes,' +
  'midpoint review,steering group,alcohol drug treatment,information sharing,eligibility criteria,first appointment,' +
  'onward referral,related protocols,practice points,timescales,interpreter,mental health treatment requirement,' +
  'supervision,wellbeing outcomes,peer support roles,lived experience,funding arrangements,practical support,' +
  'community orders,reoffending,steering groups,joint supervision,consent capacity,women,neurodivergent people,' +
  'midpoint,interpreters,working with interpreters,who this applies to,completion,timescales for review,' +
  'information sharing agreement';
const queries = process.env.QUERIES === 'broad' ? BROAD.split(',') : process.env.QUERIES ? process.env.QUERIES.split(',')
  : ['assessment', 'mhtr', 'treatment requirement', 'asessment', 'court duty officer', 'safeguarding referral'];

function dirSize(d) {
  let n = 0, files = 0;
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.isDirectory()) { const s = dirSize(join(d, e.name)); n += s.n; files += s.files; } else { n += statSync(join(d, e.name)).size; files++; }
  }
  return { n, files };
}
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.floor(s.length / 2)] : NaN; };

const { ctx, close } = await launch();
const rows = [];
for (const q of queries) {
  const { page, errors } = await open(ctx, fileUrl(site, 'index.html'));
  await page.click('#wm-search-input');
  for (const ch of q) await page.keyboard.type(ch, { delay });
  await page.waitForFunction((qq) => window.__wmEvents.some((e) => e.query === qq), q, { timeout: 10000 }).catch(() => {});
  await page.waitForTimeout(200);
  const { events, keys, res } = await page.evaluate(() => ({
    events: window.__wmEvents, keys: window.__wmKeys,
    res: window.__wmScripts.filter((n) => /\/search\/.*\.js$/.test(n)),
  }));
  const lat = [];
  keys.forEach((k, i) => {
    const value = q.slice(0, i + 1);
    const next = keys[i + 1] ? keys[i + 1].t : Infinity;
    const ev = events.find((e) => e.query === value && e.t >= k.t && e.t < next + 1000);
    lat.push(ev ? { i, ms: ev.t - k.t, count: ev.count } : { i, ms: null, count: null });
  });
  const firstHit = lat.find((l) => l.count > 0);
  const laterKeys = lat.filter((l) => firstHit && l.i > firstHit.i && l.ms != null);
  const later = laterKeys.map((l) => l.ms);
  const slowest = laterKeys.reduce((a, l) => (!a || l.ms > a.ms ? l : a), null);
  const bytes = res.reduce((s, u) => s + statSync(fileURLToPath(u)).size, 0);
  rows.push({
    query: q,
    first_results_ms: firstHit ? +firstHit.ms.toFixed(1) : null,
    first_results_at_char: firstHit ? firstHit.i + 1 : null,
    since_first_key_ms: firstHit ? +(events.find((e) => e.count > 0).t - keys[0].t).toFixed(0) : null,
    later_median_ms: +median(later).toFixed(1),
    later_max_ms: later.length ? +Math.max(...later).toFixed(1) : null,
    later_keys: later.length,
    later_over_20: later.filter((ms) => ms >= 20).length,
    slowest_at: slowest ? q.slice(0, slowest.i + 1) : null,
    results: lat[lat.length - 1].count,
    files: res.length,
    kb_read: +(bytes / 1024).toFixed(1),
    errors: errors.length,
  });
  await page.close();
}
await close();
console.table(rows);
const idx = dirSize(join(site, 'search'));
console.log(`index: ${(idx.n / 1048576).toFixed(1)} MiB in ${idx.files} files; manifest ${statSync(join(site, 'search/manifest.js')).size} B`);
console.log(JSON.stringify({ rows, index_bytes: idx.n, index_files: idx.files }));

// Budgets (design §7): first results < 100 ms, later keystrokes < 20 ms,
// < 300 KB read for a whole typed query. Reported, not asserted: machines vary.
const worst = (k) => Math.max(...rows.map((r) => r[k]).filter((v) => typeof v === 'number' && !Number.isNaN(v)));
console.log(`budget first results < 100 ms: worst ${worst('first_results_ms')} ms`);
const sum = (k) => rows.reduce((n, r) => n + r[k], 0);
console.log(`budget later keystrokes < 20 ms: worst median ${worst('later_median_ms')} ms, worst single ${worst('later_max_ms')} ms (${sum('later_over_20')} of ${sum('later_keys')} at 20 ms or more)`);
console.log(`budget read < 300 KB per query: worst ${worst('kb_read')} KB`);
