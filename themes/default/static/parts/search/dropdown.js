// The header's search box as a combobox whose options are the best results.
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
