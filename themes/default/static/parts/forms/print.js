// Printing: the answers as they are, or the form blank to fill in by hand.

/* Grows text areas to fit their text, so printing shows all of it. */
function fitTextareas(page) {
  each(page.form.querySelectorAll('textarea'), function (t) {
    t.rows = 4;
    while (t.scrollHeight > t.clientHeight && t.rows < 80) { t.rows += 1; }
  });
}

/* Marks the chosen option in the print-only list beside each select. */
function markChoices(page) {
  page.fields.forEach(function (f) {
    if (f.type !== 'select') { return; }
    var v = f.value();
    each(f.group.querySelectorAll('.wm-print-choices li'), function (li) {
      li.classList.toggle('wm-chosen', v !== '' && li.getAttribute('data-value') === v);
    });
  });
}

function printBlank(page) {
  var form = page.form;
  form.classList.add('wm-print-blank');
  each(form.querySelectorAll('textarea'), function (t) { t.rows = 4; });
  var done = false;
  function restore() {
    if (done) { return; }
    done = true;
    form.classList.remove('wm-print-blank');
    window.removeEventListener('afterprint', restore);
    fitTextareas(page);
  }
  window.addEventListener('afterprint', restore);
  window.print();
  // Browsers whose print() returns before printing still send afterprint.
  window.setTimeout(restore, 1000);
}
