// Checking the answers: each question's problem in the GOV.UK wording, and
// the error summary that lists them.

/* Lower-cases the first letter unless the word looks like an acronym. */
function lcfirst(text) {
  if (text.length > 1 && text.charAt(1) === text.charAt(1).toLowerCase()) {
    return text.charAt(0).toLowerCase() + text.slice(1);
  }
  return text;
}

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

/* Checks every shown field; returns the problems as [field, message]. */
function check(page, report) {
  var problems = [];
  page.fields.forEach(function (f) {
    var message = f.group.hidden ? '' : f.problem();
    f.showError(message);
    if (message) { problems.push([f, message]); }
  });
  while (page.summaryList.firstChild) { page.summaryList.removeChild(page.summaryList.firstChild); }
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
    page.summaryList.appendChild(li);
  });
  page.summary.hidden = problems.length === 0;
  document.title = problems.length ? 'Error: ' + page.title : page.title;
  if (report) {
    if (problems.length) { page.summary.focus(); } else {
      say(page, 'No problems found. You can save, download or print your answers.');
    }
  }
  return problems;
}
