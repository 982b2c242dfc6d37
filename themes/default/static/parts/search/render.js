// Rendering results: matched words marked, titles, trails, the results
// page's items and the no-results advice.
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
