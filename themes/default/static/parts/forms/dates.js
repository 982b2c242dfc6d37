// Dates: a date question is three boxes (day, month, year); its answer is
// saved and exported as one YYYY-MM-DD when it is a real date.

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

/* The answer of a date field's boxes as typed ({d, m, y}, trimmed): '' when
 * all are empty, YYYY-MM-DD when it is a real date, otherwise as typed
 * (day/month/year), so the problem can be shown. */
function dateAnswer(t) {
  if (!t.d && !t.m && !t.y) { return ''; }
  var real = parseDate(t.d + '/' + t.m + '/' + t.y);
  if (!real) { return t.d + '/' + t.m + '/' + t.y; }
  return real.y + '-' + (real.m < 10 ? '0' : '') + real.m + '-' + (real.d < 10 ? '0' : '') + real.d;
}

/* What a saved answer puts in the day, month and year boxes: a YYYY-MM-DD
 * or a day/month/year answer split up, anything else as empty boxes. */
function dateBoxes(text) {
  var iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  var dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  return {
    day: iso ? String(+iso[3]) : dmy ? dmy[1] : '',
    month: iso ? String(+iso[2]) : dmy ? dmy[2] : '',
    year: iso ? iso[1] : dmy ? dmy[3] : ''
  };
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
