// Saving the answers to a file and opening a saved file again, and clearing
// the form: the only ways answers leave or come back to the page.

function answers(page) {
  var out = {};
  page.fields.forEach(function (f) { out[f.id] = f.value(); });
  return out;
}

/* The local time as YYYY-MM-DD-HHMM, for file names. */
function stamp() {
  var d = new Date();
  function two(n) { return (n < 10 ? '0' : '') + n; }
  return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) + '-' +
    two(d.getHours()) + two(d.getMinutes());
}

function save(page) {
  var form = page.form;
  var data = { form: form.getAttribute('data-wm-form') };
  var version = form.getAttribute('data-wm-form-version');
  if (version) { data.version = version; }
  data.saved_at = new Date().toISOString();
  data.answers = answers(page);
  download(JSON.stringify(data, null, 2) + '\n', 'application/json',
    data.form + '-' + stamp() + '.json');
  page.dirty = false;
  say(page, 'Saved to a file in your downloads. Keep it somewhere safe: it holds the answers.');
}

function fill(page, data) {
  var given = data.answers;
  var unknown = Object.keys(given).filter(function (k) { return !page.byId[k]; });
  page.fields.forEach(function (f) {
    f.setValue(Object.prototype.hasOwnProperty.call(given, f.id) ? given[f.id] : '');
  });
  page.fields.forEach(function (f) { f.showError(''); });
  while (page.summaryList.firstChild) { page.summaryList.removeChild(page.summaryList.firstChild); }
  page.summary.hidden = true;
  document.title = page.title;
  refresh(page);
  page.dirty = false;
  var message = 'Opened the saved form';
  if (data.saved_at) { message += ' from ' + String(data.saved_at).slice(0, 16).replace('T', ' '); }
  message += '.';
  var version = page.form.getAttribute('data-wm-form-version');
  if (data.version && version && String(data.version) !== version) {
    message += ' It was saved from version ' + data.version + ' of this form; this is version ' +
      version + '. Check the answers.';
  }
  if (unknown.length) {
    message += ' ' + unknown.length + ' saved answer(s) do not match a question on this form and were left out.';
  }
  say(page, message);
}

function openFile(page, input) {
  var form = page.form;
  var file = input.files && input.files[0];
  if (!file) { return; }
  if (file.size > MAX_FILE_BYTES) {
    say(page, 'That file is too large to be a saved form.');
    input.value = '';
    return;
  }
  var reader = new FileReader();
  reader.onload = function () {
    input.value = '';
    var data;
    try { data = JSON.parse(String(reader.result)); } catch (e) { data = null; }
    if (!data || typeof data !== 'object' || !data.answers || typeof data.answers !== 'object') {
      say(page, 'That file is not a saved form. Choose a .json file made with “Save to a file”.');
      return;
    }
    var expected = form.getAttribute('data-wm-form');
    if (data.form !== expected && !window.confirm('This file was saved from a different form (“' +
        data.form + '”), not “' + form.getAttribute('data-wm-form-title') +
        '”. Fill in the questions that match anyway?')) {
      say(page, 'The file was not opened.');
      return;
    }
    fill(page, data);
  };
  reader.onerror = function () { input.value = ''; say(page, 'The file could not be read.'); };
  reader.readAsText(file);
}

function clearAll(page) {
  if (!window.confirm('Clear every answer on this form? This cannot be undone. ' +
      'Save to a file first if you need them.')) { return; }
  page.fields.forEach(function (f) { f.setValue(''); f.showError(''); });
  page.summary.hidden = true;
  document.title = page.title;
  refresh(page);
  page.dirty = false;
  say(page, 'The form has been cleared.');
}
