// Queries: parsing the typed words, the term shards and candidate terms
// each word needs (completions, typo tolerance), and running a search.
/** True when a and b are at most one edit apart (incl. one transposition). */
function within1(a, b) {
  if (a === b) return true;
  var la = a.length, lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  var i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
/** Parses a query into words {raw, stem, prefix}; the last word is a
 * prefix while the user is still typing it. */
function parse(q, typing) {
  var stop = M.stop, ws = words(q).filter(function (w) { return stop.indexOf(w) < 0; });
  var open = typing && /[\p{Alphabetic}\p{N}]$/u.test(q);
  // While typing, a trailing word of one or two letters (a–z) after other
  // words is not searched yet: as a prefix it says little and would need
  // term and document shards nobody could guess. The dropdown keeps the
  // other words' results meanwhile, and looks ahead for the third letter
  // (see lookAhead). The first word completes from two letters; the
  // results page (not typing) searches every word.
  if (open && ws.length > 1 && /^[a-z]{1,2}$/.test(ws[ws.length - 1])) { ws.pop(); open = false; }
  ws = questionWords(ws, open);
  return ws.map(function (w, i) {
    return { raw: w, stem: stemWord(w), prefix: open && i === ws.length - 1 && w.length >= 2 };
  });
}
// Words that make a query a question ("how do I…", "what can we…") say
// what kind of answer is wanted, not what it is about, and the sections
// richest in them are lists of questions. They are not stop words of the
// index (the Rust side must agree on those), so they are dropped here,
// from the query only, when the query has other words.
var QUESTION = ['about', 'any', 'can', 'could', 'did', 'do', 'does', 'get', 'how', 'i', 'if', 'me', 'must', 'my', 'need',
  'our', 'should', 'someone', 'still', 'us', 'we', 'what', 'whats', 'when', 'where', 'which', 'who', 'why', 'would', 'you', 'your'];
/** `ws` without its question words, unless that would leave nothing (a
 * word still being typed is kept: it may become another word). */
function questionWords(ws, open) {
  var kept = ws.filter(function (w, i) { return (open && i === ws.length - 1) || QUESTION.indexOf(w) < 0; });
  return kept.length ? kept : ws;
}
/** Term shards a word needs: its stem's and its prefix range's (1 shard
 * for a 2-letter prefix, 2 for 3 letters, else 3, so short prefixes stay
 * cheap: their completions come from the first shard of the range). */
function shardsFor(w) {
  var need = [shardOf(w.stem)];
  // A stem shorter than the typed prefix ("requir" for "requirem") sorts
  // before it, possibly in the shard before.
  if (w.prefix) need = need.concat([shardOf(w.raw.slice(0, Math.max(2, w.raw.length - 3)))], shardRange(w.raw, Math.min(3, w.raw.length - 1)));
  return need.filter(function (x, i) { return need.indexOf(x) === i; }).map(function (i) { return 't/' + i; });
}
/** For typo tolerance: the stem's two-letter range and that of its first
 * two letters swapped (a typo there would otherwise be missed). */
function fuzzyShards(w) {
  return shardRange(w.stem.slice(0, 2), 2).concat(shardRange(w.stem[1] + w.stem[0], 1)).map(function (i) { return 't/' + i; });
}
/** True when the typed prefix `raw` may become term `t`: the stem starts
 * with it, or its commonest word does (the stem of "requirement" is
 * "requir", which "requirem" does not start). */
function completes(raw, t, e) { return t.lastIndexOf(raw, 0) === 0 || (e[3] !== '' && e[3].lastIndexOf(raw, 0) === 0); }
/** Candidate terms for one query word: term → weight. */
function candidates(w, fuzzy) {
  var c = {}, n = 0;
  if (entry(w.stem)) { c[w.stem] = 1; n++; }
  if (w.prefix) {
    var comp = [];
    vocabOf(shardsFor(w), function (t, e) { if (t !== w.stem && completes(w.raw, t, e)) comp.push([t, e[0]]); });
    comp.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
    comp.slice(0, 12).forEach(function (x) { c[x[0]] = 0.85; n++; });
  }
  if (!n && fuzzy && w.raw.length >= 5) {
    var fz = [];
    vocabOf(shardsFor(w).concat(fuzzyShards(w)), function (t, e) { if (within1(w.stem, t) || within1(w.raw, t)) fz.push([t, e[0]]); });
    fz.sort(function (a, b) { return b[1] - a[1]; }).slice(0, 4).forEach(function (x) { c[x[0]] = 0.7; });
  }
  return c;
}

/** Runs a query. opts: {typing, full, superseded}. Resolves to
 * {words, hits: [{id, score}], terms: {stem: 1} for highlighting}. */
function search(q, opts) {
  return load('manifest').then(function () {
    var qw = parse(q, opts.typing);
    if (!qw.length) return { words: qw, hits: [], terms: {} };
    // Results depend only on the parsed words and options (see vocabOf),
    // so a query worked out while looking ahead, or typed before, is not
    // ranked again. Callers never change a result.
    var key = (opts.full ? 'f' : '') + (opts.superseded ? 's' : '') + '|' + qw.map(function (w) { return w.raw + (w.prefix ? '*' : ''); }).join(' ');
    var known = results.get(key);
    if (known) return known;
    var p = searchWords(qw, opts);
    results.set(key, p);
    if (results.size > 64) results.delete(results.keys().next().value);
    p.catch(function () { results.delete(key); });
    return p;
  });
}
var results = new Map();
/** Loads the term shards (and, for the results page, tails) of parsed
 * words and ranks them. */
function searchWords(qw, opts) {
  var first = [];
  qw.forEach(function (w) { first = first.concat(shardsFor(w)); });
  return loadAll(first).then(function () {
    var more = [];
    qw.forEach(function (w) { if (w.raw.length >= 5 && !Object.keys(candidates(w, false)).length) more = more.concat(fuzzyShards(w)); });
    return loadAll(more);
  }).then(function () {
    var cands = qw.map(function (w) { return candidates(w, true); }), need = [];
    cands.forEach(function (c) { for (var t in c) { var e = entry(t); if (opts.full && e[2] >= 0) need.push('p/' + e[2]); } });
    return loadAll(need).then(function () { return rank(qw, cands, opts); });
  });
}
