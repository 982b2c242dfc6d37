// The answers as CSV: one header row of questions, one row of answers.

/* One cell: quoted, quotes doubled, and text a spreadsheet would run
 * as a formula made inert with a leading apostrophe. */
function cell(text) {
  var t = String(text);
  if (/^[=+@\t\r]/.test(t) || /^-[^0-9.]/.test(t)) { t = "'" + t; }
  return '"' + t.replace(/"/g, '""') + '"';
}

/* The CSV file's text: a byte-order mark (so spreadsheets read UTF-8), the
 * questions, then the answers as a person reads them (none for a hidden
 * question). */
function csvText(fields) {
  var header = [];
  var row = [];
  fields.forEach(function (f) {
    header.push(cell(f.label));
    row.push(cell(f.group.hidden ? '' : f.text()));
  });
  return '\ufeff' + header.join(',') + '\r\n' + row.join(',') + '\r\n';
}

function csv(page) {
  download(csvText(page.fields), 'text/csv;charset=utf-8',
    page.form.getAttribute('data-wm-form') + '-' + stamp() + '.csv');
  say(page, 'Downloaded as CSV.');
}
