// Loading the index's files (search/*.js, classic scripts that call
// window.__wmSearch.* when run), decoding them and looking terms up.
// ---- Loading index files ----------------------------------------------
var M = null, shards = {}, tails = {}, docs = {}, cards = {}, facets = null, pending = {}, decoded = {};
function settle(key) { var p = pending[key]; if (p) p.ok(); }
W.manifest = function (m) { M = m; settle('manifest'); };
W.shard = function (i, d) { shards[i] = d; settle('t/' + i); };
W.tail = function (i, s) { tails[i] = decode(s); settle('p/' + i); };
W.docs = function (i, p, r) { docs[i] = { p: p, r: r }; settle(docKey(i * M.docsPerShard)); };
W.cards = function (i, p, rows) {
  rows.forEach(function (r) { cards[r[0]] = { p: p, r: r.slice(1) }; });
  settle(cardKey(i));
};
W.facets = function (s) { facets = decodeFacets(s); settle('facets'); };
/** Loads search/{key}.js once; resolves when it has registered itself. */
function load(key) {
  if (pending[key]) return pending[key].promise;
  var rec = {};
  rec.promise = new Promise(function (ok, fail) {
    rec.ok = ok;
    var s = document.createElement('script');
    s.src = ROOT + 'search/' + key + '.js';
    s.onerror = function () { delete pending[key]; fail(new Error('cannot load ' + s.src)); };
    document.head.appendChild(s);
  });
  pending[key] = rec;
  if (M) read += estimate(key);
  return rec.promise;
}
function loadAll(keys) { return Promise.all(keys.map(load)); }

/** Base-64 varints (see Rust encode.rs): 5 data bits + 1 continuation bit per char. */
function varints(str) {
  var vals = [], v = 0, shift = 0;
  for (var i = 0; i < str.length; i++) {
    var c = str.charCodeAt(i);
    var d = c === 95 ? 63 : c === 45 ? 62 : c >= 97 ? c - 71 : c >= 65 ? c - 65 : c + 4;
    v += (d & 31) * Math.pow(2, shift);
    if (d < 32) { vals.push(v); v = 0; shift = 0; } else shift += 5;
  }
  return vals;
}
/** Postings (id delta, score, first position) → typed arrays {id, s, p}. */
function decode(str) {
  var vals = varints(str), n = vals.length / 3, id = 0;
  var ids = new Uint32Array(n), sc = new Uint16Array(n), ps = new Uint32Array(n);
  for (var i = 0; i < n; i++) { id += vals[3 * i]; ids[i] = id; sc[i] = vals[3 * i + 1]; ps[i] = vals[3 * i + 2]; }
  return { id: ids, s: sc, p: ps };
}
/** Facet runs (count, kind, site + 1, audience mask, mask of the sites
 * whose unchanged copies the record stands for) → per-record arrays. */
function decodeFacets(str) {
  var f = varints(str), kind = new Uint8Array(M.n), site = new Uint16Array(M.n), aud = new Uint32Array(M.n), inh = new Uint32Array(M.n), at = 0;
  for (var i = 0; i + 4 < f.length; i += 5) {
    for (var k = 0; k < f[i] && at < M.n; k++, at++) { kind[at] = f[i + 1]; site[at] = f[i + 2]; aud[at] = f[i + 3]; inh[at] = f[i + 4]; }
  }
  return { kind: kind, site: site, aud: aud, inh: inh };
}

function shardOf(t) {
  var b = M.bounds, lo = 0, hi = b.length - 1;
  while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (b[mid] <= t) lo = mid; else hi = mid - 1; }
  return lo;
}
function shardRange(prefix, max) {
  var a = shardOf(prefix), z = Math.min(shardOf(prefix + '\uffff'), a + max - 1), out = [];
  for (var i = a; i <= z; i++) out.push(i);
  return out;
}
function entry(t) { var s = shards[shardOf(t)]; return s && Object.prototype.hasOwnProperty.call(s, t) ? s[t] : null; }
function postings(t) { return decoded[t] || (decoded[t] = decode(entry(t)[1])); }
function vocab(fn) { for (var i in shards) for (var t in shards[i]) fn(t, shards[i][t]); }
/** The terms of the given term shards (keys 't/N') that are loaded. A word's
 * candidates come only from the shards it needs, not from whatever else
 * is loaded, so its results do not depend on what was read before. */
function vocabOf(keys, fn) {
  keys.forEach(function (k, i) {
    var s = keys.indexOf(k) === i && shards[+k.slice(2)];
    if (s) for (var t in s) fn(t, s[t]);
  });
}

function cardKey(i) { return 'c/' + Math.floor(i / M.docShardsPerDir) + '/' + i; }
/** The document shard holding record `id`: search/d/F/N.js (see the Rust docs). */
function docKey(id) { var n = Math.floor(id / M.docsPerShard); return 'd/' + Math.floor(n / M.docShardsPerDir) + '/' + n; }
