// Ranking: sections matching most of the query's words, weighted by idf,
// and suggestions for a query with no results.
function rank(qw, cands, opts) {
  var maps = cands.map(function (c) {
    var m = new Map();
    for (var t in c) {
      var e = entry(t), lists = [postings(t)];
      if (opts.full && e[2] >= 0) lists.push(tails[e[2]]);
      lists.forEach(function (l) {
        for (var i = 0; i < l.id.length; i++) {
          var id = l.id[i], s = l.s[i] * c[t], old = m.get(id);
          if (!old || old[0] < s) m.set(id, [s, l.p[i]]);
        }
      });
    }
    return m;
  });
  var keep = opts.superseded ? Infinity : M.c, partial = false;
  if (!opts.full) cands.forEach(function (c) { for (var t in c) if (entry(t)[2] >= 0) partial = true; });
  var ranked = rankSome(maps, wordWeights(cands), keep);
  var hits = ranked.hits, and = ranked.and;
  hits.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
  var terms = {};
  cands.forEach(function (c) { for (var t in c) terms[t] = 1; });
  (M.syn || []).forEach(function (s) { // highlight both sides of a glossary pair
    if (s[2].every(function (t) { return terms[t]; }) || s[3].every(function (t) { return terms[t]; })) s[2].concat(s[3]).forEach(function (t) { terms[t] = 1; });
  });
  var matched = [];
  cands.forEach(function (c) { for (var t in c) if (matched.indexOf(t) < 0) matched.push(t); });
  return { words: qw, hits: hits, terms: terms, matched: matched, and: and, partial: partial };
}
// ---- Ranking: most words, not every word -----------------------------------
// A reader's question often holds a word the right section never uses
// ("can mhtr sessions be delivered remotely by video" for a section on
// remote delivery that never says "video"). Requiring every word would lose that section
// to a weaker one that happens to use them all, so a section matching
// some of the words is a result too, its score scaled by the share of the
// query's weight it matches (COVER_POWER: squared, so matching all words
// still counts for a lot). A word's weight is its idf: missing "what"
// costs little, missing "mhtr" a lot. Sections matching less than
// MIN_COVER of the best section's share are left out, so a long question
// does not list every section that shares one common word with it.
var COVER_POWER = 2, MIN_COVER = 0.5;
/** Inverse document frequency of a term with document frequency `df`
 * (as the Rust BM25's). */
function idf(df) { return Math.log(1 + (M.n - df + 0.5) / (df + 0.5)); }
/** Each query word's weight: the best idf of its candidate terms, times
 * the candidate's weight (a completion or a typo counts for less). A word
 * the index does not hold weighs nothing: no section can match it. */
function wordWeights(cands) {
  return cands.map(function (c) {
    var w = 0;
    for (var t in c) w = Math.max(w, idf(entry(t)[0]) * c[t]);
    return w;
  });
}
/** Ranks the sections in any of `maps` (one per word: id → [score,
 * position]) below id `keep`; `and` is true when the best result matches
 * every word the index holds. */
function rankSome(maps, weights, keep) {
  var total = weights.reduce(function (a, b) { return a + b; }, 0), cover = new Map(), best = 0, hits = [];
  maps.forEach(function (m, k) {
    m.forEach(function (v, id) { if (id < keep) cover.set(id, (cover.get(id) || 0) + weights[k]); });
  });
  cover.forEach(function (w) { if (w > best) best = w; });
  cover.forEach(function (w, id) {
    if (w < best * MIN_COVER) return;
    hits.push({ id: id, score: score(maps, id) * Math.pow(total ? w / total : 1, COVER_POWER) });
  });
  return { hits: hits, and: best >= total - 1e-9 };
}
function score(maps, id) {
  var s = 0, prev = null;
  for (var k = 0; k < maps.length; k++) {
    var v = maps[k].get(id);
    if (v) { s += v[0]; if (prev && v[1] === prev[1] + 1) s += (v[0] + prev[0]) * 0.5; }
    prev = v;
  }
  return s;
}
function dist(a, b) { // optimal-string-alignment distance, for suggestions
  var d = [], i, j;
  for (i = 0; i <= a.length; i++) { d[i] = [i]; }
  for (j = 0; j <= b.length; j++) d[0][j] = j;
  for (i = 1; i <= a.length; i++) {
    for (j = 1; j <= b.length; j++) {
      var c = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + c);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
/** Close vocabulary words for a query with no results. */
function suggest(qw) {
  var out = [];
  qw.forEach(function (w, i) {
    if (w.raw.length < 3) return;
    var best = [];
    vocab(function (t, e) { var d = dist(w.stem, t); if (d > 0 && d <= 2) best.push([d, -e[0], t, e[3] || t]); });
    best.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    best.slice(0, 3).forEach(function (b) {
      out.push(qw.map(function (x, j) { return j === i ? b[3] : x.raw; }).join(' '));
    });
  });
  return out.slice(0, 5);
}
