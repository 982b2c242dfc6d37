/* Waymark: small enhancements for every page. A classic script (no
   modules, no fetch), because pages must work when opened straight from a
   folder. Every feature here is an enhancement: without JavaScript the
   same information is on the page as plain links and lists. */
(function () {
  "use strict";
  document.documentElement.classList.add("wm-js");

  function each(selector, fn, root) {
    var nodes = (root || document).querySelectorAll(selector);
    for (var i = 0; i < nodes.length; i++) fn(nodes[i]);
  }

  /* Print buttons. */
  each("[data-wm-print]", function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  /* Main navigation folded behind a "Menu" button on narrow screens (CSS
     decides when the button shows; without the script the list is open). */
  each("[data-wm-menu]", function (row) {
    var nav = row.parentElement;
    var button = row.querySelector("button");
    var list = document.getElementById(button.getAttribute("aria-controls"));
    if (!list) return;
    row.hidden = false;
    nav.classList.add("wm-service-nav--foldable");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      list.classList.toggle("wm-service-nav__list--open", open);
    });
  });

  /* A link to something inside a closed <details> (a version's change notes,
     the folded contents) opens it, so the target is shown, not hidden. */
  function openTarget() {
    if (location.hash.length < 2) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    var opened = false;
    for (var el = target.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS" && !el.open) { el.open = true; opened = true; }
    }
    if (opened) target.scrollIntoView();
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);

  /* Version switcher: keep the reader on the section they are reading. */
  function currentSection() {
    if (location.hash.length > 1) return location.hash.slice(1);
    var headings = document.querySelectorAll(".wm-prose h2[id], .wm-prose h3[id]");
    var found = "";
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].getBoundingClientRect().top <= 140) found = headings[i].id; else break;
    }
    return found;
  }
  each("a[data-wm-keep-section]", function (link) {
    link.addEventListener("click", function () {
      var section = currentSection();
      if (section) link.href = link.href.split("#")[0] + "#" + encodeURIComponent(section);
    });
  });

  /* Compare picker: any two versions, using the pre-built comparison pages. */
  each("form[data-wm-compare]", function (form) {
    form.hidden = false;
    var error = form.querySelector("[data-wm-compare-error]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var from = form.elements.from.value, to = form.elements.to.value;
      error.textContent = "";
      if (from === to) { error.textContent = "Choose two different versions to compare."; return; }
      if (compareVersions(from, to) > 0) { var t = from; from = to; to = t; }
      var link = document.querySelector('.wm-compare-pairs a[data-from="' + from + '"][data-to="' + to + '"]');
      if (link) location.href = link.href;
      else error.textContent = "That comparison is not available; choose from the list of comparisons below.";
    });
  });
  function compareVersions(a, b) {
    var x = a.split("."), y = b.split(".");
    return (+x[0] - +y[0]) || (+x[1] - +y[1]);
  }

  /* Which version was in force on a date. */
  each("form[data-wm-in-force]", function (form) {
    form.hidden = false;
    var result = form.querySelector("[data-wm-in-force-result]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var date = form.elements.date.value;
      result.textContent = "";
      if (!date) { result.textContent = "Enter a date."; return; }
      var best = null;
      each(".wm-timeline__item", function (item) {
        if (item.getAttribute("data-state") === "draft") return;
        var eff = item.getAttribute("data-effective");
        if (eff <= date && (!best || eff > best.getAttribute("data-effective"))) best = item;
      });
      if (!best) { result.textContent = "No version was in force on that date: the first version took effect later."; return; }
      result.textContent = "Version " + best.getAttribute("data-version") + " was in force on that date. ";
      var a = document.createElement("a");
      a.href = best.getAttribute("data-url");
      a.textContent = "Read version " + best.getAttribute("data-version");
      result.appendChild(a);
    });
  });

  /* What's changed: filter by date range, document, audience, site, kind.
     The filters are kept in the address (?from=…&site=…), so a reader can
     bookmark or share a filtered list and reloading keeps it; a line above
     the list says which filters are in use, on screen and on paper. */
  each("form[data-wm-change-filters]", function (form) {
    form.hidden = false;
    var items = document.querySelectorAll(".wm-change-list > li");
    var count = document.querySelector("[data-wm-change-count]");
    var summary = document.querySelector("[data-wm-filter-summary]");
    var names = ["from", "to", "doc", "audience", "site", "major"];
    function has(list, value) { return (" " + list + " ").indexOf(" " + value + " ") >= 0; }
    function restore() {
      var params = new URLSearchParams(location.search);
      names.forEach(function (name) {
        var field = form.elements[name], value = params.get(name);
        if (!field || value === null) return;
        if (field.tagName === "SELECT") {
          for (var i = 0; i < field.options.length; i++) {
            if (field.options[i].value === value) field.value = value;
          }
        } else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
          field.value = value;
        }
      });
    }
    function describe() {
      var used = [];
      names.forEach(function (name) {
        var field = form.elements[name];
        if (!field || !field.value) return;
        var label = form.querySelector("label[for='" + field.id + "']");
        var shown = field.tagName === "SELECT" ? field.options[field.selectedIndex].text : field.value;
        used.push((label ? label.textContent : name) + ": " + shown);
      });
      return used;
    }
    function remember() {
      var params = new URLSearchParams();
      names.forEach(function (name) {
        var field = form.elements[name];
        if (field && field.value) params.set(name, field.value);
      });
      var query = params.toString();
      try {
        history.replaceState(history.state, "", (query ? "?" + query : location.pathname) + location.hash);
      } catch (e) { /* some file:// setups refuse: the filters still work */ }
    }
    function apply() {
      var f = form.elements, shown = 0;
      for (var i = 0; i < items.length; i++) {
        var it = items[i], d = it.getAttribute("data-date");
        var ok = (!f.from.value || d >= f.from.value) && (!f.to.value || d <= f.to.value) &&
          (!f.doc.value || it.getAttribute("data-doc") === f.doc.value) &&
          (!f.audience.value || has(it.getAttribute("data-audience"), f.audience.value)) &&
          (!f.site.value || has(it.getAttribute("data-sites"), f.site.value)) &&
          (!f.major.value || it.getAttribute("data-major") === f.major.value);
        it.hidden = !ok;
        if (ok) shown++;
      }
      var noun = items.length === 1 ? " change" : " changes";
      count.textContent = shown === items.length ? items.length + noun : "Showing " + shown + " of " + items.length + noun;
      if (summary) {
        var used = describe();
        summary.hidden = used.length === 0;
        summary.textContent = used.length ? "Filtered by " + used.join("; ") + "." : "";
      }
      remember();
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    restore();
    if (location.search) apply();
  });
})();
