/* Waymark forms: checking, saving, opening, CSV and printing, in the page.
 *
 * Why it is written this way:
 * - A classic script (no modules, fetch or workers), because pages are
 *   opened from file:// where browsers block those.
 * - Answers are personal data. They stay in this tab: this script never
 *   uses localStorage, sessionStorage, IndexedDB or cookies, which on
 *   file:// every local page shares. "Save to a file" is the only way to
 *   keep a draft, and the user chooses where the file goes.
 * - The page's CSP allows no inline script or style, and user text is only
 *   ever set with textContent or .value, never parsed as HTML.
 * - Without this script the page is a complete blank form to print: every
 *   conditional question is shown with its condition written out, and the
 *   buttons carry `hidden` until this script removes it.
 */
(function () {
  'use strict';

  var MAX_FILE_BYTES = 1024 * 1024;

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  /* Lower-cases the first letter unless the word looks like an acronym. */
  function lcfirst(text) {
    if (text.length > 1 && text.charAt(1) === text.charAt(1).toLowerCase()) {
      return text.charAt(0).toLowerCase() + text.slice(1);
    }
    return text;
  }

  /* A calendar date from "2024-03-27" (date input) or "27/3/2024" (text
   * fallback), as {y, m, d}; null if it is not a real date. */
  function parseDate(text) {
    var m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    var y, mo, d;
    if (m) { y = +m[1]; mo = +m[2]; d = +m[3]; } else {
      m = /^(\d{1,2})[/.\- ]+(\d{1,2})[/.\- ]+(\d{4})$/.exec(text);
      if (!m) { return null; }
      d = +m[1]; mo = +m[2]; y = +m[3];
    }
    var date = new Date(Date.UTC(y, mo - 1, d));
    if (y < 1000 || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 ||
        date.getUTCDate() !== d) { return null; }
    return { y: y, m: mo, d: d };
  }

  function Field(group) {
    this.group = group;
    this.id = group.getAttribute('data-wm-field');
    this.type = group.getAttribute('data-wm-type');
    this.label = group.getAttribute('data-wm-label');
    this.required = group.hasAttribute('data-wm-required');
    this.inputs = group.querySelectorAll('input, select, textarea');
    this.error = group.querySelector('.wm-error-message');
    this.showIfField = group.getAttribute('data-show-if-field');
    this.showIfValue = group.getAttribute('data-show-if-value');
  }

  /* A date field's three boxes, by part: {day, month, year}. */
  Field.prototype.dateParts = function () {
    var parts = {};
    each(this.inputs, function (i) { parts[i.getAttribute('data-wm-date-part')] = i; });
    return parts;
  };

  /* What was typed in a date field's boxes, trimmed. */
  Field.prototype.dateTyped = function () {
    var p = this.dateParts();
    return { d: p.day.value.trim(), m: p.month.value.trim(), y: p.year.value.trim() };
  };

  Field.prototype.isChoice = function () {
    return this.type === 'radios' || this.type === 'checkboxes' || this.type === 'yes-no';
  };

  /* The answer: a string, or a list of strings for checkboxes. */
  Field.prototype.value = function () {
    if (this.type === 'checkboxes') {
      var out = [];
      each(this.inputs, function (i) { if (i.checked) { out.push(i.value); } });
      return out;
    }
    if (this.isChoice()) {
      for (var n = 0; n < this.inputs.length; n++) {
        if (this.inputs[n].checked) { return this.inputs[n].value; }
      }
      return '';
    }
    if (this.type === 'date') {
      /* Saved and exported as YYYY-MM-DD when it is a real date; otherwise
         as typed (day/month/year), so the problem can be shown. */
      var t = this.dateTyped();
      if (!t.d && !t.m && !t.y) { return ''; }
      var real = parseDate(t.d + '/' + t.m + '/' + t.y);
      if (!real) { return t.d + '/' + t.m + '/' + t.y; }
      return real.y + '-' + (real.m < 10 ? '0' : '') + real.m + '-' + (real.d < 10 ? '0' : '') + real.d;
    }
    return this.inputs[0].value;
  };

  Field.prototype.setValue = function (value) {
    var list = Array.isArray(value) ? value.map(String) : [value == null ? '' : String(value)];
    if (this.isChoice()) {
      each(this.inputs, function (i) { i.checked = list.indexOf(i.value) !== -1; });
    } else if (this.type === 'date') {
      var parts = this.dateParts();
      var text = list[0];
      var iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
      var dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
      parts.day.value = iso ? String(+iso[3]) : dmy ? dmy[1] : '';
      parts.month.value = iso ? String(+iso[2]) : dmy ? dmy[2] : '';
      parts.year.value = iso ? iso[1] : dmy ? dmy[3] : '';
    } else if (this.type === 'select') {
      var select = this.inputs[0];
      select.value = list[0];
      if (select.value !== list[0]) { select.value = ''; }
    } else {
      this.inputs[0].value = list.join('; ');
    }
  };

  /* The answer as text a person reads: option labels, not values. */
  Field.prototype.text = function () {
    var group = this.group;
    if (this.type === 'select') {
      var select = this.inputs[0];
      return select.value === '' ? '' : select.options[select.selectedIndex].textContent;
    }
    if (!this.isChoice()) { return this.value(); }
    var out = [];
    each(this.inputs, function (input) {
      if (!input.checked) { return; }
      each(group.querySelectorAll('label'), function (label) {
        if (label.htmlFor === input.id) { out.push(label.textContent); }
      });
    });
    return out.join('; ');
  };

  Field.prototype.isEmpty = function () {
    var v = this.value();
    return Array.isArray(v) ? v.length === 0 : v.trim() === '';
  };

  /* The problem with this answer, in words, or '' if there is none. */
  Field.prototype.problem = function () {
    var label = this.label;
    var question = /\?$/.test(label);
    if (this.isEmpty()) {
      if (!this.required) { return ''; }
      if (this.type === 'checkboxes') { return 'Select at least one option for “' + label + '”'; }
      if (this.isChoice() || this.type === 'select') { return 'Select an answer for “' + label + '”'; }
      return question ? 'Answer “' + label + '”' : 'Enter ' + lcfirst(label);
    }
    var text = typeof this.value() === 'string' ? this.value().trim() : '';
    if (this.type === 'date') {
      /* The GOV.UK messages: say which part is missing, else that it is not real. */
      var t = this.dateTyped();
      var missing = [];
      if (!t.d) { missing.push('day'); }
      if (!t.m) { missing.push('month'); }
      if (!t.y) { missing.push('year'); }
      if (missing.length) { return label + ' must include a ' + missing.join(' and '); }
      if (!/^\d{4}$/.test(t.y)) { return 'Year must include 4 numbers'; }
      if (!parseDate(text)) { return label + ' must be a real date'; }
    }
    if (this.type === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) {
      return 'Enter an email address in the correct format, like name@example.org';
    }
    if (this.type === 'number') {
      if (!/^-?\d+(\.\d+)?$/.test(text.replace(/,/g, ''))) { return label + ' must be a number'; }
      var n = parseFloat(text.replace(/,/g, ''));
      var min = this.group.getAttribute('data-wm-min');
      var max = this.group.getAttribute('data-wm-max');
      if (min !== null && max !== null && (n < +min || n > +max)) {
        return label + ' must be between ' + min + ' and ' + max;
      }
      if (min !== null && n < +min) { return label + ' must be ' + min + ' or more'; }
      if (max !== null && n > +max) { return label + ' must be ' + max + ' or less'; }
    }
    return '';
  };

  Field.prototype.showError = function (message) {
    var error = this.error;
    var errorId = error.id;
    this.group.classList.toggle('wm-form-group--error', !!message);
    while (error.firstChild) { error.removeChild(error.firstChild); }
    error.hidden = !message;
    if (message) {
      var prefix = document.createElement('span');
      prefix.className = 'wm-visually-hidden';
      prefix.textContent = 'Error: ';
      error.appendChild(prefix);
      error.appendChild(document.createTextNode(message));
    }
    var target = this.isChoice() || this.type === 'date' ? this.group.querySelector('fieldset') : this.inputs[0];
    var ids = (target.getAttribute('aria-describedby') || '').split(' ').filter(function (x) {
      return x && x !== errorId;
    });
    if (message) { ids.push(errorId); }
    if (ids.length) { target.setAttribute('aria-describedby', ids.join(' ')); } else {
      target.removeAttribute('aria-describedby');
    }
    each(this.inputs, function (i) {
      if (message) { i.setAttribute('aria-invalid', 'true'); } else { i.removeAttribute('aria-invalid'); }
    });
  };

  function setup(form) {
    var fields = [];
    var byId = {};
    each(form.querySelectorAll('[data-wm-field]'), function (group) {
      var f = new Field(group);
      fields.push(f);
      byId[f.id] = f;
    });
    var summary = form.querySelector('.wm-error-summary');
    var summaryList = summary.querySelector('ul');
    var status = null;
    each(document.querySelectorAll('[data-wm-status-for]'), function (el) {
      if (el.getAttribute('data-wm-status-for') === form.id) { status = el; }
    });
    var title = document.title;
    var dirty = false;

    function say(message) {
      if (!status) { return; }
      status.textContent = '';
      // A fresh text node, so screen readers announce a repeated message.
      window.setTimeout(function () { status.textContent = message; }, 50);
    }

    /* A field shows when its condition holds and the question it depends
     * on is itself shown. Conditions name earlier fields, so one pass works. */
    function applyConditions() {
      fields.forEach(function (f) {
        if (!f.showIfField) { return; }
        var on = byId[f.showIfField];
        var shown = !!on && !on.group.hidden && [].concat(on.value()).indexOf(f.showIfValue) !== -1;
        f.group.hidden = !shown;
        if (!shown) { f.showError(''); }
      });
    }

    /* Checks every shown field; returns the problems as [field, message]. */
    function check(report) {
      var problems = [];
      fields.forEach(function (f) {
        var message = f.group.hidden ? '' : f.problem();
        f.showError(message);
        if (message) { problems.push([f, message]); }
      });
      while (summaryList.firstChild) { summaryList.removeChild(summaryList.firstChild); }
      problems.forEach(function (p) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = '#' + p[0].inputs[0].id;
        a.textContent = p[1];
        a.addEventListener('click', function (event) {
          event.preventDefault();
          var legend = p[0].group.querySelector('legend, label');
          (legend || p[0].group).scrollIntoView();
          p[0].inputs[0].focus({ preventScroll: true });
        });
        li.appendChild(a);
        summaryList.appendChild(li);
      });
      summary.hidden = problems.length === 0;
      document.title = problems.length ? 'Error: ' + title : title;
      if (report) {
        if (problems.length) { summary.focus(); } else {
          say('No problems found. You can save, download or print your answers.');
        }
      }
      return problems;
    }

    function answers() {
      var out = {};
      fields.forEach(function (f) { out[f.id] = f.value(); });
      return out;
    }

    function stamp() {
      var d = new Date();
      function two(n) { return (n < 10 ? '0' : '') + n; }
      return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) + '-' +
        two(d.getHours()) + two(d.getMinutes());
    }

    function download(text, type, name) {
      var url = URL.createObjectURL(new Blob([text], { type: type }));
      var a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    }

    function save() {
      var data = { form: form.getAttribute('data-wm-form') };
      var version = form.getAttribute('data-wm-form-version');
      if (version) { data.version = version; }
      data.saved_at = new Date().toISOString();
      data.answers = answers();
      download(JSON.stringify(data, null, 2) + '\n', 'application/json',
        data.form + '-' + stamp() + '.json');
      dirty = false;
      say('Saved to a file in your downloads. Keep it somewhere safe: it holds the answers.');
    }

    /* One cell: quoted, quotes doubled, and text a spreadsheet would run
     * as a formula made inert with a leading apostrophe. */
    function cell(text) {
      var t = String(text);
      if (/^[=+@\t\r]/.test(t) || /^-[^0-9.]/.test(t)) { t = "'" + t; }
      return '"' + t.replace(/"/g, '""') + '"';
    }

    function csv() {
      var header = [];
      var row = [];
      fields.forEach(function (f) {
        header.push(cell(f.label));
        row.push(cell(f.group.hidden ? '' : f.text()));
      });
      download('\ufeff' + header.join(',') + '\r\n' + row.join(',') + '\r\n', 'text/csv;charset=utf-8',
        form.getAttribute('data-wm-form') + '-' + stamp() + '.csv');
      say('Downloaded as CSV.');
    }

    function fill(data) {
      var given = data.answers;
      var unknown = Object.keys(given).filter(function (k) { return !byId[k]; });
      fields.forEach(function (f) {
        f.setValue(Object.prototype.hasOwnProperty.call(given, f.id) ? given[f.id] : '');
      });
      fields.forEach(function (f) { f.showError(''); });
      while (summaryList.firstChild) { summaryList.removeChild(summaryList.firstChild); }
      summary.hidden = true;
      document.title = title;
      refresh();
      dirty = false;
      var message = 'Opened the saved form';
      if (data.saved_at) { message += ' from ' + String(data.saved_at).slice(0, 16).replace('T', ' '); }
      message += '.';
      var version = form.getAttribute('data-wm-form-version');
      if (data.version && version && String(data.version) !== version) {
        message += ' It was saved from version ' + data.version + ' of this form; this is version ' +
          version + '. Check the answers.';
      }
      if (unknown.length) {
        message += ' ' + unknown.length + ' saved answer(s) do not match a question on this form and were left out.';
      }
      say(message);
    }

    function open(input) {
      var file = input.files && input.files[0];
      if (!file) { return; }
      if (file.size > MAX_FILE_BYTES) {
        say('That file is too large to be a saved form.');
        input.value = '';
        return;
      }
      var reader = new FileReader();
      reader.onload = function () {
        input.value = '';
        var data;
        try { data = JSON.parse(String(reader.result)); } catch (e) { data = null; }
        if (!data || typeof data !== 'object' || !data.answers || typeof data.answers !== 'object') {
          say('That file is not a saved form. Choose a .json file made with “Save to a file”.');
          return;
        }
        var expected = form.getAttribute('data-wm-form');
        if (data.form !== expected && !window.confirm('This file was saved from a different form (“' +
            data.form + '”), not “' + form.getAttribute('data-wm-form-title') +
            '”. Fill in the questions that match anyway?')) {
          say('The file was not opened.');
          return;
        }
        fill(data);
      };
      reader.onerror = function () { input.value = ''; say('The file could not be read.'); };
      reader.readAsText(file);
    }

    function clearAll() {
      if (!window.confirm('Clear every answer on this form? This cannot be undone. ' +
          'Save to a file first if you need them.')) { return; }
      fields.forEach(function (f) { f.setValue(''); f.showError(''); });
      summary.hidden = true;
      document.title = title;
      refresh();
      dirty = false;
      say('The form has been cleared.');
    }

    /* Grows text areas to fit their text, so printing shows all of it. */
    function fitTextareas() {
      each(form.querySelectorAll('textarea'), function (t) {
        t.rows = 4;
        while (t.scrollHeight > t.clientHeight && t.rows < 80) { t.rows += 1; }
      });
    }

    /* Marks the chosen option in the print-only list beside each select. */
    function markChoices() {
      fields.forEach(function (f) {
        if (f.type !== 'select') { return; }
        var v = f.value();
        each(f.group.querySelectorAll('.wm-print-choices li'), function (li) {
          li.classList.toggle('wm-chosen', v !== '' && li.getAttribute('data-value') === v);
        });
      });
    }

    function refresh() { applyConditions(); markChoices(); fitTextareas(); }

    function printBlank() {
      form.classList.add('wm-print-blank');
      each(form.querySelectorAll('textarea'), function (t) { t.rows = 4; });
      var done = false;
      function restore() {
        if (done) { return; }
        done = true;
        form.classList.remove('wm-print-blank');
        window.removeEventListener('afterprint', restore);
        fitTextareas();
      }
      window.addEventListener('afterprint', restore);
      window.print();
      // Browsers whose print() returns before printing still send afterprint.
      window.setTimeout(restore, 1000);
    }

    var actions = {
      check: function () { check(true); },
      save: save,
      csv: csv,
      print: function () { form.classList.remove('wm-print-blank'); refresh(); window.print(); },
      'print-blank': printBlank,
      clear: clearAll
    };

    form.addEventListener('click', function (event) {
      var button = event.target.closest ? event.target.closest('button[data-wm-action]') : null;
      if (button && actions[button.getAttribute('data-wm-action')]) {
        actions[button.getAttribute('data-wm-action')]();
      }
    });
    form.addEventListener('submit', function (event) { event.preventDefault(); check(true); });
    form.addEventListener('change', function (event) {
      if (event.target.getAttribute('data-wm-action') === 'open') { open(event.target); return; }
      dirty = true;
      // Errors stay until the next check: re-checking here would move the
      // page under the pointer when a blur fires mid-click.
      refresh();
    });
    form.addEventListener('input', function (event) {
      if (event.target.type === 'file') { return; }
      dirty = true;
      if (event.target.tagName === 'TEXTAREA') { fitTextareas(); }
    });
    window.addEventListener('beforeprint', function () {
      markChoices();
      if (!form.classList.contains('wm-print-blank')) { fitTextareas(); }
    });
    window.addEventListener('beforeunload', function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ''; }
    });

    each(form.querySelectorAll('[data-wm-js]'), function (el) { el.hidden = false; });
    form.classList.add('wm-form--js');
    refresh();
  }

  function start() { each(document.querySelectorAll('form[data-wm-form]'), setup); }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
