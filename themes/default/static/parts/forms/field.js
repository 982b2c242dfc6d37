// A question on the form (`data-wm-field`): its inputs, its answer as saved
// and as a person reads it, and its error message.

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
  if (this.type === 'date') { return dateAnswer(this.dateTyped()); }
  return this.inputs[0].value;
};

Field.prototype.setValue = function (value) {
  var list = Array.isArray(value) ? value.map(String) : [value == null ? '' : String(value)];
  if (this.isChoice()) {
    each(this.inputs, function (i) { i.checked = list.indexOf(i.value) !== -1; });
  } else if (this.type === 'date') {
    var parts = this.dateParts();
    var boxes = dateBoxes(list[0]);
    parts.day.value = boxes.day;
    parts.month.value = boxes.month;
    parts.year.value = boxes.year;
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
