// A form on the page: its state while the page is open (`FormPage`), and
// the buttons and events that drive the other parts.

/* The fields of `form`, its error summary and status line, its page title
 * and whether answers changed since they were saved or opened. */
function FormPage(form) {
  var page = this;
  this.form = form;
  this.fields = [];
  this.byId = {};
  each(form.querySelectorAll('[data-wm-field]'), function (group) {
    var f = new Field(group);
    page.fields.push(f);
    page.byId[f.id] = f;
  });
  this.summary = form.querySelector('.wm-error-summary');
  this.summaryList = this.summary.querySelector('ul');
  this.status = null;
  each(document.querySelectorAll('[data-wm-status-for]'), function (el) {
    if (el.getAttribute('data-wm-status-for') === form.id) { page.status = el; }
  });
  this.title = document.title;
  this.dirty = false;
}

function say(page, message) {
  if (!page.status) { return; }
  page.status.textContent = '';
  // A fresh text node, so screen readers announce a repeated message.
  window.setTimeout(function () { page.status.textContent = message; }, 50);
}

function refresh(page) { applyConditions(page); markChoices(page); fitTextareas(page); }

function setup(form) {
  var page = new FormPage(form);
  var actions = {
    check: function () { check(page, true); },
    save: function () { save(page); },
    csv: function () { csv(page); },
    print: function () { form.classList.remove('wm-print-blank'); refresh(page); window.print(); },
    'print-blank': function () { printBlank(page); },
    clear: function () { clearAll(page); }
  };

  form.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('button[data-wm-action]') : null;
    if (button && actions[button.getAttribute('data-wm-action')]) {
      actions[button.getAttribute('data-wm-action')]();
    }
  });
  form.addEventListener('submit', function (event) { event.preventDefault(); check(page, true); });
  form.addEventListener('change', function (event) {
    if (event.target.getAttribute('data-wm-action') === 'open') { openFile(page, event.target); return; }
    page.dirty = true;
    // Errors stay until the next check: re-checking here would move the
    // page under the pointer when a blur fires mid-click.
    refresh(page);
  });
  form.addEventListener('input', function (event) {
    if (event.target.type === 'file') { return; }
    page.dirty = true;
    if (event.target.tagName === 'TEXTAREA') { fitTextareas(page); }
  });
  window.addEventListener('beforeprint', function () {
    markChoices(page);
    if (!form.classList.contains('wm-print-blank')) { fitTextareas(page); }
  });
  window.addEventListener('beforeunload', function (event) {
    if (page.dirty) { event.preventDefault(); event.returnValue = ''; }
  });

  each(form.querySelectorAll('[data-wm-js]'), function (el) { el.hidden = false; });
  form.classList.add('wm-form--js');
  refresh(page);
}

function start() { each(document.querySelectorAll('form[data-wm-form]'), setup); }

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}
