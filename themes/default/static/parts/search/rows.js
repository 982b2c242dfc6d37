// Result rows: which card files and document shards hold a result's row,
// and the row itself (link, trail, snippet) once they are loaded.
/** Heading slug of an ASCII section title, as the Rust `slugify` (the index
 * writes a fragment as a number only when this gives it back). */
function slug(title) { return title.trim().replace(/[^A-Za-z0-9_\- ]/g, '').replace(/ /g, '-').toLowerCase(); }
// ---- Result rows: card files and document shards --------------------------
// A result's row comes from its document shard, or, for the dropdown,
// from a card file: the rows of a term's best CARDS current records with
// shorter snippets, written so that a word's top results cost one load
// rather than one per result (see the Rust `cards` module).
/** The ids on term `t`'s cards, as the Rust `card_ids`: its best
 * M.cards current postings by score, then id. */
var cardSets = {}, cardKiB = {};
function cardIds(t) {
  if (cardSets[t]) return cardSets[t];
  var p = postings(t), best = [];
  for (var i = 0; i < p.id.length; i++) if (p.id[i] < M.c) best.push(i);
  best.sort(function (a, b) { return p.s[b] - p.s[a] || p.id[a] - p.id[b]; });
  return (cardSets[t] = new Set(best.slice(0, M.cards).map(function (i) { return p.id[i]; })));
}
function hasRow(id, useCards) { return (useCards && cards[id]) || docs[Math.floor(id / M.docsPerShard)]; }
/** The files to load for the rows of `hits`: with `res` (the dropdown),
 * the fewest card files of the matched terms that hold them, picked
 * greedily; document shards for the rest. */
function rowFiles(hits, res) {
  var left = hits.map(function (h) { return h.id; }).filter(function (id) { return !hasRow(id, !!res); }), need = [];
  var terms = res ? res.matched.filter(function (t) { var e = entry(t); return e && e[4] >= 0; }) : [];
  while (left.length && terms.length) {
    var best = null, most = 0;
    terms.forEach(function (t) {
      var on = cardIds(t), n = 0;
      left.forEach(function (id) { if (on.has(id)) n++; });
      if (n > most) { most = n; best = t; }
    });
    if (!best) break;
    var on = cardIds(best), key = cardKey(entry(best)[4]);
    cardKiB[key] = entry(best)[5];
    if (need.indexOf(key) < 0) need.push(key);
    left = left.filter(function (id) { return !on.has(id); });
    terms = terms.filter(function (t) { return t !== best; });
  }
  left.forEach(function (id) { var k = docKey(id); if (need.indexOf(k) < 0) need.push(k); });
  return need;
}
/** Shortens a snippet as the Rust `snippet` does (whole words, then "…"). */
function cut(text, limit) {
  var out = '', n = 0, ws = text.split(' ');
  for (var i = 0; i < ws.length; i++) {
    var len = Array.from(ws[i]).length;
    if (n + len + (n > 0 ? 1 : 0) > limit) {
      if (n === 0) out = Array.from(ws[i]).slice(0, limit).join('');
      return out.replace(/[,;:. ]+$/, '') + '\u2026';
    }
    if (n > 0) { out += ' '; n++; }
    out += ws[i];
    n += len;
  }
  return out;
}
/** Loads the rows for `hits`; with `res` (the dropdown) card rows may
 * serve, and every snippet is cut to card length, whichever file it
 * came from. */
function fetchDocs(hits, res) {
  return loadAll(rowFiles(hits, res)).then(function () {
    // A row its card file turned out not to hold (an index from another
    // version) comes from its document shard.
    return loadAll(hits.filter(function (h) { return !hasRow(h.id, !!res); }).map(function (h) { return docKey(h.id); }));
  }).then(function () {
    return hits.map(function (h) {
      var c = res && cards[h.id];
      return row(h, c || docs[Math.floor(h.id / M.docsPerShard)], !!c, res);
    });
  });
}
function row(h, d, fromCard, res) {
  var r = fromCard ? d.r : d.r[h.id % M.docsPerShard], p = d.p[r[0]];
  var frag = typeof r[1] === 'number' ? slug(r[2]) + (r[1] ? '-' + r[1] : '') : r[1];
  return { id: h.id, url: ROOT + p[0] + (frag ? '#' + frag : ''), page: p[1], crumb: p[3] === 0 ? p[2] : p[2].concat([p[1]]),
    section: r[2], text: res && !fromCard ? cut(r[3], M.cardChars) : r[3], kind: M.kinds[r[4] || 0], site: r[5] ? M.sites[r[5] - 1] : null, current: h.id < M.c,
    also: (r[7] || []).map(function (c) { return { url: ROOT + c[0], site: c[1] }; }) };
}
