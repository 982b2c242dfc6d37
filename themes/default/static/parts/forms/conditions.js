// Conditional questions: a question shown only for one answer to another.

/* A field shows when its condition holds and the question it depends
 * on is itself shown. Conditions name earlier fields, so one pass works. */
function applyConditions(page) {
  page.fields.forEach(function (f) {
    if (!f.showIfField) { return; }
    var on = page.byId[f.showIfField];
    var shown = !!on && !on.group.hidden && [].concat(on.value()).indexOf(f.showIfValue) !== -1;
    f.group.hidden = !shown;
    if (!shown) { f.showError(''); }
  });
}
