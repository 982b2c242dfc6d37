/* Waymark offline search. Classic script, no dependencies (works from file://
 * under a strict CSP: no eval, no inline script or style, no innerHTML).
 * The index (written by the Rust `search` module) is a set of classic scripts
 * under {root}search/ that call window.__wmSearch.* when loaded; we load them
 * on demand by inserting <script src> elements. See the Rust module docs for
 * the file layout. Text analysis here must match the Rust side exactly:
 * lower-case, fold accents, drop apostrophes, split on non-alphanumerics,
 * drop the manifest's stop words, Porter2-stem words that are plain ASCII
 * letters. */
(function () {
  'use strict';
  var W = window.__wmSearch = window.__wmSearch || {};
  var ROOT = (function () {
    // data-root is "" on pages at the top of the site, so test for the
    // attribute, not for a truthy value.
    var holders = [document.getElementById('wm-search-page'), document.documentElement, document.body];
    for (var i = 0; i < holders.length; i++) {
      if (holders[i] && holders[i].hasAttribute('data-root')) return holders[i].getAttribute('data-root');
    }
    var s = document.currentScript && document.currentScript.getAttribute('src');
    return s ? s.replace(/(assets|static)\/search\.js.*$/, '') : '';
  })();
  var T = window.__wmSearchText, words = T.words, stemWord = T.stemWord;
  var WORD = /[\p{Alphabetic}\p{N}'\u2019]+/gu;

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
  /** Heading slug of an ASCII section title, as the Rust `slugify` (the index
   * writes a fragment as a number only when this gives it back). */
  function slug(title) { return title.trim().replace(/[^A-Za-z0-9_\- ]/g, '').replace(/ /g, '-').toLowerCase(); }
  // ---- Result rows: card files and document shards --------------------------
  // A result's row comes from its document shard, or, for the dropdown,
  // from a card file: the rows of a term's best CARDS current records with
  // shorter snippets, written so that a word's top results cost one load
  // rather than one per result (see the Rust `cards` module).
  function cardKey(i) { return 'c/' + Math.floor(i / M.docShardsPerDir) + '/' + i; }
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
  /** The document shard holding record `id`: search/d/F/N.js (see the Rust docs). */
  function docKey(id) { var n = Math.floor(id / M.docsPerShard); return 'd/' + Math.floor(n / M.docShardsPerDir) + '/' + n; }
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

  // ---- Rendering ------------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  var markedFor = null, markedWords = null; // per result set: word → marked?
  /** True when `word` (as written in a snippet) matches the query of `res`. */
  function isMatch(word, res) {
    if (markedFor !== res) { markedFor = res; markedWords = new Map(); }
    var hit = markedWords.get(word);
    if (hit === undefined) {
      var pre = res.words.filter(function (w) { return w.prefix; })[0], ws = words(word);
      hit = ws.length === 1 && !!(res.terms[stemWord(ws[0])] || (pre && ws[0].lastIndexOf(pre.raw, 0) === 0));
      markedWords.set(word, hit);
    }
    return hit;
  }
  /** Appends `text` to `node`, wrapping words that match the query in <mark>. */
  function marked(node, text, res) {
    var last = 0, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      if (!isMatch(m[0], res)) continue;
      if (m.index > last) node.appendChild(document.createTextNode(text.slice(last, m.index)));
      node.appendChild(el('mark', null, m[0]));
      last = m.index + m[0].length;
    }
    if (last < text.length) node.appendChild(document.createTextNode(text.slice(last)));
    return node;
  }
  function resultTitle(d) { return d.section ? d.page + ': ' + d.section : d.page; }
  /** Where a result sits, in words: its breadcrumb without the page title
   * (the result's title already says it), and whether it is superseded. */
  function trail(d) {
    var crumb = d.crumb[d.crumb.length - 1] === d.page ? d.crumb.slice(0, -1) : d.crumb;
    return crumb.join(' › ') + (d.current ? '' : (crumb.length ? ' · ' : '') + 'Superseded version');
  }
  /** A dropdown option's text: title, trail and excerpt. */
  function resultBody(node, d, res) {
    node.appendChild(marked(el('span', 'wm-search-title'), resultTitle(d), res));
    node.appendChild(el('span', 'wm-search-crumb', trail(d)));
    node.appendChild(marked(el('span', 'wm-search-snippet'), d.text, res));
    return node;
  }
  /** A results-page result in the GOV.UK pattern: only the title is a link,
   * then the trail and the excerpt as plain text, and for a national
   * passage that site pathways repeat unchanged, a line linking them. */
  function resultItem(d, res) {
    var li = el('li', 'wm-search-result'), h = el('h2', 'wm-search-result__title'), a = el('a', 'wm-search-result__link');
    a.href = d.url;
    h.appendChild(marked(a, resultTitle(d), res));
    li.appendChild(h);
    var where = trail(d);
    if (where) li.appendChild(el('p', 'wm-search-result__trail', where));
    li.appendChild(marked(el('p', 'wm-search-result__excerpt'), d.text, res));
    if (d.also.length) {
      var also = el('p', 'wm-search-result__also', 'Also in ' + d.also.length + (d.also.length === 1 ? ' site pathway: ' : ' site pathways: '));
      d.also.forEach(function (c, i) {
        var l = el('a', null, c.site);
        l.href = c.url;
        if (i) also.appendChild(document.createTextNode(', '));
        also.appendChild(l);
      });
      li.appendChild(also);
    }
    return li;
  }
  function noResults(node, q, res) {
    node.appendChild(el('p', 'wm-search-none', 'No results for “' + q + '”.'));
    var sug = M ? suggest(res.words) : [];
    if (sug.length) {
      var p = el('p', 'wm-search-suggest', 'Did you mean: ');
      sug.forEach(function (s, i) {
        var a = el('a', null, s);
        a.href = ROOT + 'search.html?q=' + encodeURIComponent(s);
        if (i) p.appendChild(document.createTextNode(', '));
        p.appendChild(a);
      });
      node.appendChild(p);
    }
    var az = el('p', null, 'Or browse the ');
    var l = el('a', null, 'A–Z index');
    l.href = ROOT + 'a-z.html';
    az.appendChild(l);
    node.appendChild(az);
  }
  function announce(live, text) { if (live.textContent !== text) live.textContent = text; }
  function emit(target, detail) { target.dispatchEvent(new CustomEvent('wm-search-rendered', { bubbles: true, detail: detail })); }

  // ---- Header combobox -------------------------------------------------------
  function combobox(form) {
    var input = form.querySelector('input[type="search"]');
    if (!input) return;
    var list = el('ul', 'wm-search-list'), live = el('div', 'wm-visually-hidden'), panel = el('div', 'wm-search-panel');
    list.id = 'wm-search-listbox';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Search results');
    live.setAttribute('role', 'status');
    panel.hidden = true;
    panel.appendChild(list);
    form.appendChild(panel);
    form.appendChild(live);
    form.classList.add('wm-search-enhanced');
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    var seq = 0, active = -1, items = [], timer = 0, lastRun = 0, extra = null;

    function close() {
      panel.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }
    function setActive(i) {
      if (items[active]) { items[active].classList.remove('wm-active'); items[active].setAttribute('aria-selected', 'false'); }
      active = i;
      if (items[i]) {
        items[i].classList.add('wm-active');
        items[i].setAttribute('aria-selected', 'true');
        input.setAttribute('aria-activedescendant', items[i].id);
        items[i].scrollIntoView({ block: 'nearest' });
      } else input.removeAttribute('aria-activedescendant');
    }
    function option(i, href, fill) {
      var li = el('li', 'wm-search-option');
      li.id = 'wm-search-opt-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.setAttribute('data-href', href);
      fill(li);
      li.addEventListener('mousedown', function (e) { e.preventDefault(); });
      li.addEventListener('click', function () { location.href = href; });
      return li;
    }
    function run() {
      lastRun = performance.now();
      var q = input.value, my = ++seq, alive = function () { return my === seq; };
      if (words(q).join('').length < 2) {
        close();
        announce(live, '');
        if (!words(q).length) read = 0; // a new query: a new allowance
        else load('manifest').then(function () { if (alive()) lookAhead(q, alive); }).catch(function () {});
        return;
      }
      search(q, { typing: true }).then(function (res) {
        if (my !== seq) return null;
        return fetchDocs(res.hits.slice(0, 8), res).then(function (ds) {
          if (my !== seq) return;
          while (list.firstChild) list.removeChild(list.firstChild);
          if (extra) { extra.remove(); extra = null; }
          items = ds.map(function (d, i) { return option(i, d.url, function (li) { resultBody(li, d, res); }); });
          if (ds.length) {
            items.push(option(ds.length, ROOT + 'search.html?q=' + encodeURIComponent(q), function (li) {
              li.classList.add('wm-search-all');
              li.textContent = res.partial ? 'See all results' : 'See all ' + res.hits.length + ' results';
            }));
          } else {
            extra = el('div', 'wm-search-empty');
            noResults(extra, q, res);
            panel.appendChild(extra);
          }
          items.forEach(function (li) { list.appendChild(li); });
          list.hidden = !items.length;
          panel.hidden = false;
          input.setAttribute('aria-expanded', 'true');
          active = -1;
          input.removeAttribute('aria-activedescendant');
          var n = res.hits.length + (res.partial ? '+' : '');
          announce(live, res.hits.length ? n + (n === '1' ? ' result' : ' results') + (res.and ? '' : ' matching some words') : 'No results');
          emit(input, { query: q, count: res.hits.length });
          lookAhead(q, alive);
        });
      }).catch(function (e) { if (my === seq) announce(live, 'Search is unavailable: ' + e.message); });
    }
    input.addEventListener('input', function () {
      clearTimeout(timer);
      // Throttle ~60 ms: run at once after a pause, otherwise coalesce fast typing.
      var wait = 60 - (performance.now() - lastRun);
      if (wait <= 0) run(); else timer = setTimeout(run, wait);
    });
    input.addEventListener('focus', function () { load('manifest').catch(function () {}); });
    input.addEventListener('keydown', function (e) {
      var open = !panel.hidden && items.length;
      if (e.key === 'ArrowDown' && open) { e.preventDefault(); setActive((active + 1) % items.length); } else if (e.key === 'ArrowUp' && open) { e.preventDefault(); setActive(active <= 0 ? items.length - 1 : active - 1); } else if (e.key === 'Enter' && open && active >= 0) { e.preventDefault(); location.href = items[active].getAttribute('data-href'); } else if (e.key === 'Escape') { if (!panel.hidden) { e.preventDefault(); close(); } } else if (e.key === 'ArrowDown' && !open && input.value) run();
    });
    input.addEventListener('blur', function () { setTimeout(close, 150); });
  }

  // ---- Results page -----------------------------------------------------------
  // The GOV.UK search pattern: a labelled search box with a button, the
  // count, filters in a collapsible panel (open beside the results on a wide
  // screen, one closed line above them on a phone, so results come first),
  // and results of a linked title, a plain trail and an excerpt.
  var WIDE = '(min-width: 48.0625em)';
  /** The page's search box (search.html has the form; a theme's own
   * template may not, so it is built if missing), holding the query. */
  function pageInput(root, q) {
    var input = document.getElementById('wm-search-page-input');
    if (!input) {
      var form = el('form', 'wm-search-page-form'), label = el('label', 'wm-search-page-form__label', 'Search the guidance');
      var button = el('button', 'wm-search-page-form__button', 'Search'), row = el('div', 'wm-search-page-form__row');
      input = el('input', 'wm-search-page-form__input');
      form.action = ROOT + 'search.html';
      form.method = 'get';
      form.setAttribute('role', 'search');
      label.htmlFor = input.id = 'wm-search-page-input';
      input.name = 'q';
      input.type = 'search';
      button.type = 'submit';
      row.append(input, button);
      form.append(label, row);
      root.appendChild(form);
    }
    input.value = q;
    return input;
  }
  function resultsPage(root) {
    var q = new URLSearchParams(location.search).get('q') || '';
    pageInput(root, q);
    var status = el('p', 'wm-search-status'), layout = el('div', 'wm-search-layout');
    var panel = el('details', 'wm-search-filters'), summary = el('summary', 'wm-search-filters__summary', 'Filter results'), filters = el('div', 'wm-search-filters__body');
    var main = el('div', 'wm-search-main'), out = el('ol', 'wm-search-results');
    var more = el('button', 'wm-search-more', 'Show more results'), none = el('div', 'wm-search-empty');
    status.setAttribute('role', 'status');
    more.type = 'button';
    more.hidden = true;
    panel.append(summary, filters);
    panel.hidden = true;
    if (window.matchMedia && window.matchMedia(WIDE).matches) panel.open = true;
    main.append(out, more, none);
    layout.append(panel, main);
    root.append(status, layout);
    var hits = [], shown = 0, res = null;
    function boxes(legend, names, key) {
      var fs = el('fieldset', 'wm-search-facet');
      fs.appendChild(el('legend', 'wm-search-facet__legend', legend));
      names.forEach(function (n, i) {
        var id = 'wm-f-' + key + '-' + i, l = el('label', null, n), c = el('input');
        c.type = 'checkbox'; c.id = l.htmlFor = id; c.value = i; c.setAttribute('data-facet', key);
        var box = el('div', 'wm-search-check');
        box.append(c, l);
        fs.appendChild(box);
      });
      if (names.length > 1) filters.appendChild(fs);
    }
    function chosen(key) {
      return Array.prototype.map.call(filters.querySelectorAll('input[data-facet="' + key + '"]:checked'), function (c) { return +c.value; });
    }
    function page() {
      var next = hits.slice(shown, shown + 20);
      return fetchDocs(next).then(function (ds) {
        ds.forEach(function (d) { out.appendChild(resultItem(d, res)); });
        shown += next.length;
        more.hidden = shown >= hits.length;
      });
    }
    function apply() {
      var kinds = chosen('kind'), auds = chosen('aud'), sites = chosen('site'), sup = filters.querySelector('#wm-f-sup').checked;
      var needFacets = kinds.length || auds.length || sites.length, picked = kinds.length + auds.length + sites.length + (sup ? 1 : 0);
      summary.textContent = 'Filter results' + (picked ? ' (' + picked + ' selected)' : '');
      return Promise.all([search(q, { full: true, superseded: sup }), needFacets ? load('facets') : null]).then(function (r) {
        res = r[0];
        var audMask = auds.reduce(function (m, i) { return m | (1 << i); }, 0);
        var siteMask = sites.reduce(function (m, i) { return m | (1 << i); }, 0);
        hits = res.hits.filter(function (h) {
          if (!needFacets) return true;
          // A national passage counts for the sites whose pathways repeat it.
          return (!kinds.length || kinds.indexOf(facets.kind[h.id]) >= 0) &&
            (!sites.length || sites.indexOf(facets.site[h.id] - 1) >= 0 || (facets.inh[h.id] & siteMask)) && (!audMask || (facets.aud[h.id] & audMask));
        });
        while (out.firstChild) out.removeChild(out.firstChild);
        while (none.firstChild) none.removeChild(none.firstChild);
        shown = 0;
        status.textContent = hits.length ? hits.length + (hits.length === 1 ? ' result' : ' results') + ' for “' + q + '”' + (res.and ? '' : ' (matching some of the words)') : '';
        if (!hits.length) noResults(none, q, res);
        return page();
      }).then(function () { emit(root, { query: q, count: hits.length }); });
    }
    if (!q.trim()) { status.textContent = 'Type words to search for.'; return; }
    load('manifest').then(function () {
      boxes('Type', M.kinds, 'kind');
      boxes('Audience', M.audiences, 'aud');
      boxes('Site', M.sites, 'site');
      var fs = el('fieldset', 'wm-search-facet'), box = el('div', 'wm-search-check'), c = el('input'), l = el('label', null, 'Include superseded versions');
      fs.appendChild(el('legend', 'wm-search-facet__legend', 'Versions'));
      c.type = 'checkbox'; c.id = l.htmlFor = 'wm-f-sup';
      box.append(c, l);
      fs.appendChild(box);
      filters.appendChild(fs);
      panel.hidden = false;
      filters.addEventListener('change', apply);
      more.addEventListener('click', page);
      return apply();
    }).catch(function (e) { status.textContent = 'Search is unavailable: ' + e.message; });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('form.wm-search'), combobox);
    var page = document.getElementById('wm-search-page');
    if (page) resultsPage(page);
  }
  W.stem = stemWord; // exposed for tests (agreement with the Rust side)
  W.words = words;
  W.decode = decode;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
