// The results page (search.html).
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
