// Text analysis for the search reader: the same words and stems as the Rust
// side (`src/search/text.rs`). The build joins this file in front of the
// other parts of search.js (`theme.rs`), so a page still loads one script;
// `tests/search_text.rs` runs it under Node and fails if it and the Rust
// side disagree on any word.
(function (root) {
  'use strict';
  var FOLD = { 'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'å': 'a', 'ā': 'a', 'ç': 'c', 'ć': 'c', 'č': 'c',
    'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e', 'ē': 'e', 'ę': 'e', 'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ī': 'i',
    'ñ': 'n', 'ń': 'n', 'ò': 'o', 'ó': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o', 'ø': 'o', 'ō': 'o', 'ù': 'u', 'ú': 'u',
    'û': 'u', 'ü': 'u', 'ū': 'u', 'ý': 'y', 'ÿ': 'y', 'ß': 'ss', 'æ': 'ae', 'œ': 'oe' };
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;

  /** Raw words of a text, exactly as the Rust `text::words`. */
  function words(text) {
    var out = [], cur = '';
    for (var ch of text) {
      if (ch === "'" || ch === '\u2019') continue;
      for (var lc of ch.toLowerCase()) {
        var f = FOLD[lc];
        if (f) cur += f; else if (ALNUM.test(lc)) cur += lc; else if (cur) { out.push(cur); cur = ''; }
      }
    }
    if (cur) out.push(cur);
    return out;
  }
  // Memoised: highlighting stems every word of every snippet shown.
  var stems = new Map();
  function stemWord(w) {
    var s = stems.get(w);
    if (s === undefined) {
      s = /[0-9]/.test(w) || /[\u0080-\uffff]/.test(w) ? w : stem(w);
      if (stems.size < 50000) stems.set(w, s);
    }
    return s;
  }
  // ---- Snowball English (Porter2) stemmer: a port of the algorithm used by
  // the Rust `rust-stemmers` crate; tests/search_text.rs checks agreement.
  var EXC1 = Object.assign(Object.create(null), { skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl',
    gently: 'gentl', ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl', sky: 'sky',
    news: 'news', howe: 'howe', atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes' });
  var EXC2 = ['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed'];
  var S2 = [['ization', 'ize'], ['ational', 'ate'], ['fulness', 'ful'], ['ousness', 'ous'],
    ['iveness', 'ive'], ['tional', 'tion'], ['biliti', 'ble'], ['lessli', 'less'], ['entli', 'ent'],
    ['ation', 'ate'], ['alism', 'al'], ['aliti', 'al'], ['ousli', 'ous'], ['iviti', 'ive'],
    ['fulli', 'ful'], ['enci', 'ence'], ['anci', 'ance'], ['abli', 'able'], ['izer', 'ize'],
    ['ator', 'ate'], ['alli', 'al'], ['bli', 'ble'], ['ogi', 'og'], ['li', '']];
  var S3 = [['ational', 'ate'], ['tional', 'tion'], ['alize', 'al'], ['icate', 'ic'],
    ['iciti', 'ic'], ['ative', ''], ['ical', 'ic'], ['ness', ''], ['ful', '']];
  var S4 = ['ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ant', 'ent', 'ism', 'ate', 'iti',
    'ous', 'ive', 'ize', 'ion', 'al', 'er', 'ic'];
  function isV(c) { return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y'; }
  function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
  function shortv(w, n) {
    if (n >= 3 && !isV(w[n - 3]) && isV(w[n - 2]) && !isV(w[n - 1]) && 'wxY'.indexOf(w[n - 1]) < 0) return true;
    return n === 2 && isV(w[0]) && !isV(w[1]);
  }
  function afterVC(w, i) { // index just past the first vowel-then-non-vowel at or after i
    while (i < w.length && !isV(w[i])) i++;
    while (i < w.length && isV(w[i])) i++;
    return i < w.length ? i + 1 : w.length;
  }
  function hasV(w, from, to) { for (var i = from; i < to; i++) if (isV(w[i])) return true; return false; }
  function stem(word) {
    if (EXC1[word]) return EXC1[word];
    if (word.length < 3) return word;
    var w = word.charAt(0) === 'y' ? 'Y' + word.slice(1) : word;
    for (var i = 1; i < w.length; i++) if (w[i] === 'y' && isV(w[i - 1])) w = w.slice(0, i) + 'Y' + w.slice(i + 1);
    var pre = /^(gener|commun|arsen)/.exec(w), p1 = pre ? pre[1].length : afterVC(w, 0);
    var p2 = afterVC(w, p1);
    // Step 1a
    if (ends(w, 'sses')) w = w.slice(0, -2);
    else if (ends(w, 'ied') || ends(w, 'ies')) w = w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
    else if (ends(w, 'us') || ends(w, 'ss')) { /* keep */ } else if (ends(w, 's') && hasV(w, 0, w.length - 2)) w = w.slice(0, -1);
    if (EXC2.indexOf(w) >= 0) return w;
    // Step 1b
    var m = /(eedly|ingly|edly|eed|ing|ed)$/.exec(w);
    if (m) {
      var at = w.length - m[1].length;
      if (m[1] === 'eed' || m[1] === 'eedly') { if (at >= p1) w = w.slice(0, at) + 'ee'; } else if (hasV(w, 0, at)) {
        w = w.slice(0, at);
        if (ends(w, 'at') || ends(w, 'bl') || ends(w, 'iz')) w += 'e';
        else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) w = w.slice(0, -1);
        else if (w.length === p1 && shortv(w, w.length)) w += 'e';
      }
    }
    // Step 1c
    var n = w.length;
    if (n > 2 && (w[n - 1] === 'y' || w[n - 1] === 'Y') && !isV(w[n - 2])) w = w.slice(0, -1) + 'i';
    // Step 2
    for (i = 0; i < S2.length; i++) {
      var s = S2[i][0];
      if (!ends(w, s)) continue;
      at = w.length - s.length;
      if (at >= p1) {
        if (s === 'ogi') { if (w[at - 1] === 'l') w = w.slice(0, at) + 'og'; } else if (s === 'li') { if ('cdeghkmnrt'.indexOf(w[at - 1]) >= 0) w = w.slice(0, at); } else w = w.slice(0, at) + S2[i][1];
      }
      break;
    }
    // Step 3
    for (i = 0; i < S3.length; i++) {
      s = S3[i][0];
      if (!ends(w, s)) continue;
      at = w.length - s.length;
      if (at >= p1 && (s !== 'ative' || at >= p2)) w = w.slice(0, at) + S3[i][1];
      break;
    }
    // Step 4
    for (i = 0; i < S4.length; i++) {
      s = S4[i];
      if (!ends(w, s)) continue;
      at = w.length - s.length;
      if (at >= p2 && (s !== 'ion' || w[at - 1] === 's' || w[at - 1] === 't')) w = w.slice(0, at);
      break;
    }
    // Step 5
    n = w.length;
    if (w[n - 1] === 'e') { if (n - 1 >= p2 || (n - 1 >= p1 && !shortv(w, n - 1))) w = w.slice(0, -1); } else if (w[n - 1] === 'l' && n - 1 >= p2 && w[n - 2] === 'l') w = w.slice(0, -1);
    return w.replace(/Y/g, 'y');
  }

  root.__wmSearchText = { words: words, stem: stem, stemWord: stemWord };
})(typeof window !== 'undefined' ? window : globalThis);
