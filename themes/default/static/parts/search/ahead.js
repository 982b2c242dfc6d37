// Looking ahead: guessing the next key while the reader pauses and loading
// what its results will need, within a read budget.
// ---- Looking ahead while the reader pauses -----------------------------------
// A file:// script load costs ~3–5 ms whatever its size, and loads side by
// side barely overlap, so a keystroke that needs a term shard and then a
// few card files or document shards cannot render in 20 ms. After each
// render we guess the next key from the vocabulary (the letters that
// continue the last word, weighted by how many sections use the words they
// lead to; after other words, by how often those words occur in their
// results; after a one-letter word, the manifest's commonest second
// letters), work out that query's results exactly as `search` does, and
// load the files it would need, AHEAD_PARALLEL at a time (a key pressed
// meanwhile waits for at most those). Only the likeliest key may load term
// shards (up to 40 KB each; for a two-letter word, the manifest's
// likeliest, as its range spans several shards); the next likeliest are followed only as far as their term
// shards are loaded already (card files are ~15 KB, document shards
// ~5 KB). Looking ahead stops
// once the query has read AHEAD_BYTES in all (estimated from the sizes the
// manifest gives; counted until the box is emptied), so it cannot push a
// typed query past its read budget (< 300 KB); what the typed keys
// themselves need is always loaded.
var AHEAD_BYTES = 240 * 1024, AHEAD_KEYS = 6, AHEAD_PARALLEL = 4, AHEAD_RATIO = 4, NEAR_TERMS = 40, read = 0;
/** Estimated size of a file to load: a term shard's from the manifest, a
 * card file's from the term entry that named it (rounded up to KiB), a
 * document shard's the mean. */
function estimate(key) {
  var m = /^t\/(\d+)$/.exec(key);
  return m ? (M.tk ? M.tk[+m[1]] : 40) * 1024 : /^d\//.test(key) ? M.db || 4096 : /^c\//.test(key) ? (cardKiB[key] || 4) * 1024 : 0;
}
/** Loads `keys` AHEAD_PARALLEL at a time while `alive()` and the allowance lasts;
 * resolves true when all of them are loaded. */
function ahead(keys, alive) {
  keys = keys.filter(function (k, i) { return !pending[k] && keys.indexOf(k) === i; });
  var i = 0;
  function next() {
    if (i >= keys.length) return Promise.resolve(true);
    if (!alive()) return Promise.resolve(false);
    var batch = [];
    while (batch.length < AHEAD_PARALLEL && i < keys.length) {
      if (read + estimate(keys[i]) > AHEAD_BYTES) return Promise.resolve(false);
      batch.push(keys[i++]);
    }
    return loadAll(batch).then(next);
  }
  return next();
}
/** Likely next characters after `q`, most likely first: those of the
 * manifest for a word of one or two letters (its continuations may lie in
 * term shards not loaded yet), then those the loaded vocabulary gives,
 * weighted by the document frequency of the words they lead to. With
 * other words before it (`near`: the ids of their results), letters
 * leading to words found in those results come next, by how many:
 * after "safeguarding re" the reader is more likely typing "referral"
 * than "review", however common "review" is. */
function nextChars(q, near) {
  if (!/[\p{Alphabetic}\p{N}]$/u.test(q)) return [];
  var ws = words(q), raw = ws[ws.length - 1], weight = {}, cands = [];
  var known = raw.length <= 2 ? ((M.next || {})[raw] || '').split('') : [];
  if (raw.length === 1) return known;
  vocab(function (t, e) {
    var seen = {};
    [t, e[3]].forEach(function (f) {
      var c = f[raw.length];
      if (f.length > raw.length && f.lastIndexOf(raw, 0) === 0 && !seen[c]) {
        seen[c] = 1;
        weight[c] = (weight[c] || 0) + e[0];
        if (near) cands.push([t, e[0], c]);
      }
    });
  });
  var order = Object.keys(weight).sort(function (a, b) { return weight[b] - weight[a] || (a < b ? -1 : 1); });
  // Keys far less likely than the likeliest are not worth their bytes.
  order = known.concat(order.filter(function (c) { return weight[c] * AHEAD_RATIO >= weight[order[0]] && known.indexOf(c) < 0; }));
  if (!near) return order;
  var together = {};
  cands.sort(function (a, b) { return b[1] - a[1]; }).slice(0, NEAR_TERMS).forEach(function (x) {
    var p = postings(x[0]), n = 0;
    for (var i = 0; i < p.id.length; i++) if (near.has(p.id[i])) n++;
    if (n) together[x[2]] = (together[x[2]] || 0) + n;
  });
  // The likeliest key by frequency stays first (it may load term shards;
  // the context can rank only letters whose shards are loaded already).
  var first = order.slice(0, 1).concat(Object.keys(together).sort(function (a, b) { return together[b] - together[a] || weight[b] - weight[a] || (a < b ? -1 : 1); }));
  return first.concat(order).filter(function (c, i, all) { return all.indexOf(c) === i; });
}
/** The ids of the results of every word of `q` but the last (null for
 * one word), for [`nextChars`]. */
var nearSets = new WeakMap();
function nearIds(q) {
  var ws = words(q);
  if (ws.length < 2) return Promise.resolve(null);
  return search(ws.slice(0, -1).join(' ') + ' ', { typing: true }).then(function (res) {
    if (!res.hits.length) return null;
    var set = nearSets.get(res);
    if (!set) { set = new Set(res.hits.map(function (h) { return h.id; })); nearSets.set(res, set); }
    return set;
  });
}
/** After `q` has rendered: loads what the likeliest next keys will need. */
function lookAhead(q, alive) {
  // A two-letter word after others is not searched yet (see parse), but
  // the term shard it starts in tells which third letters are likely.
  var ws = words(q), raw = ws[ws.length - 1] || '';
  var first = raw.length === 2 && /[\p{Alphabetic}\p{N}]$/u.test(q) ? ['t/' + shardOf(raw)] : [];
  return ahead(first, alive).then(function (ok) { return ok && alive() ? follow(q, alive) : null; }).catch(function () {});
}
/** Loads the term shards of the likeliest next key (or keys), works out
 * the results of each of the AHEAD_KEYS likeliest keys whose term shards
 * are then loaded, and loads their rows' files, likeliest key first. */
function follow(q, alive) {
  return nearIds(q).then(function (near) {
    if (!alive()) return null;
    var keys = nextChars(q, near), ws = words(q), raw = ws[ws.length - 1] || '';
    // A two-letter word's likely continuations are mostly in term shards
    // not loaded yet (its range spans several), where neither the
    // vocabulary nor the context can rank them: the manifest's likeliest
    // letters (all it lists) may load theirs.
    var loading = raw.length === 2 ? ((M.next || {})[raw] || '').split('') : keys.slice(0, 1);
    return followKeys(q, loading.concat(keys).filter(function (c, i, all) { return all.indexOf(c) === i; }), loading, alive);
  });
}
function followKeys(q, keys, loading, alive) {
  var docsNeed = [], followed = 0, i = 0;
  function shardsOf(q2) {
    var need = [];
    parse(q2, true).forEach(function (w) { need = need.concat(shardsFor(w)); });
    return need;
  }
  function next() {
    if (i >= keys.length || followed >= AHEAD_KEYS || !alive()) return ahead(docsNeed, alive);
    var q2 = q + keys[i++];
    if (shardsOf(q2).some(function (k) { return !pending[k]; })) return next();
    followed++;
    return search(q2, { typing: true }).then(function (res) {
      rowFiles(res.hits.slice(0, 8), res).forEach(function (k) { if (docsNeed.indexOf(k) < 0) docsNeed.push(k); });
      return next();
    });
  }
  var first = [];
  loading.forEach(function (k) { first = first.concat(shardsOf(q + k)); });
  return ahead(first, alive)
    .then(function (ok) { return ok && alive() ? next() : null; });
}
