// Unit tests of the forms script (the joined assets/forms.js): dates,
// validation messages, conditional questions and CSV.
//   node tests/js/forms.mjs FORMS_JS
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { element, loadingDocument, runJoined } from './joined.mjs';

const f = runJoined(process.argv[2], { document: loadingDocument('') });

/** A question as forms/render.rs writes it: a group with data-wm-* attributes
 * around its inputs. */
function question(type, label, inputs, attrs = {}) {
  const group = element({ 'data-wm-field': label.toLowerCase(), 'data-wm-type': type, 'data-wm-label': label, ...attrs });
  group.querySelectorAll = () => inputs;
  group.querySelector = () => null;
  return new f.Field(group);
}
const box = (value, attrs = {}) => Object.assign(element(attrs), { value, checked: false });
const date = (d, m, y) => question('date', 'Date of birth',
  [box(d, { 'data-wm-date-part': 'day' }), box(m, { 'data-wm-date-part': 'month' }), box(y, { 'data-wm-date-part': 'year' })],
  { 'data-wm-required': '' });

test('real dates are told from impossible ones', () => {
  assert.deepEqual({ ...f.parseDate('2024-02-29') }, { y: 2024, m: 2, d: 29 });
  assert.deepEqual({ ...f.parseDate('1/12/2024') }, { y: 2024, m: 12, d: 1 });
  for (const text of ['2023-02-29', '31/4/2024', '0999-01-01', '1/13/2024', '2024-1', 'tomorrow']) {
    assert.equal(f.parseDate(text), null, text);
  }
});

test("a date's three boxes make one YYYY-MM-DD answer, and back", () => {
  assert.equal(f.dateAnswer({ d: '7', m: '3', y: '2024' }), '2024-03-07');
  assert.equal(f.dateAnswer({ d: '', m: '', y: '' }), '');
  assert.equal(f.dateAnswer({ d: '30', m: '2', y: '2024' }), '30/2/2024', 'not a real date: kept as typed');
  assert.equal(date(' 7 ', '3', '2024').value(), '2024-03-07', 'boxes are trimmed');
  assert.deepEqual({ ...f.dateBoxes('2024-03-07') }, { day: '7', month: '3', year: '2024' });
  assert.deepEqual({ ...f.dateBoxes('30/2/2024') }, { day: '30', month: '2', year: '2024' });
  assert.deepEqual({ ...f.dateBoxes('soon') }, { day: '', month: '', year: '' });
  const field = date('', '', '');
  field.setValue('2024-12-25');
  assert.equal(field.value(), '2024-12-25');
});

test('each problem is worded as the GOV.UK patterns word it', () => {
  const text = (label, value, attrs) => question('text', label, [box(value)], attrs);
  assert.equal(text('Full name', '', { 'data-wm-required': '' }).problem(), 'Enter full name');
  assert.equal(text('NHS number', '', { 'data-wm-required': '' }).problem(), 'Enter NHS number', 'acronyms keep their case');
  assert.equal(text('Who referred you?', ' ', { 'data-wm-required': '' }).problem(), 'Answer “Who referred you?”');
  assert.equal(text('Nickname', '').problem(), '', 'an optional empty answer is fine');
  assert.equal(question('email', 'Email', [box('name@example')]).problem(),
    'Enter an email address in the correct format, like name@example.org');
  assert.equal(question('email', 'Email', [box('name@example.org')]).problem(), '');
  const number = (value) => question('number', 'Sessions', [box(value)], { 'data-wm-min': '1', 'data-wm-max': '12' });
  assert.equal(number('twelve').problem(), 'Sessions must be a number');
  assert.equal(number('13').problem(), 'Sessions must be between 1 and 12');
  assert.equal(number('1,200').problem(), 'Sessions must be between 1 and 12', 'thousands separators are read');
  assert.equal(number('12').problem(), '');
  assert.equal(date('', '3', '').problem(), 'Date of birth must include a day and year');
  assert.equal(date('7', '3', '24').problem(), 'Year must include 4 numbers');
  assert.equal(date('30', '2', '2024').problem(), 'Date of birth must be a real date');
  assert.equal(date('29', '2', '2024').problem(), '');
  const boxes = [box('a'), box('b')];
  assert.equal(question('checkboxes', 'Needs', boxes, { 'data-wm-required': '' }).problem(), 'Select at least one option for “Needs”');
  boxes[1].checked = true;
  assert.deepEqual([...question('checkboxes', 'Needs', boxes).value()], ['b']);
});

test('a conditional question shows only while its condition holds, in chains', () => {
  const yes = box('yes'), no = box('no');
  const a = question('radios', 'A', [yes, no]);
  const b = question('text', 'B', [box('x')], { 'data-show-if-field': 'a', 'data-show-if-value': 'yes' });
  const c = question('text', 'C', [box('y')], { 'data-show-if-field': 'b', 'data-show-if-value': 'x' });
  const errors = [];
  for (const q of [a, b, c]) q.showError = (m) => errors.push(m);
  const page = { fields: [a, b, c], byId: { a, b, c } };
  f.applyConditions(page);
  assert.deepEqual([b.group.hidden, c.group.hidden], [true, true], 'no answer: both hidden');
  yes.checked = true;
  f.applyConditions(page);
  assert.deepEqual([b.group.hidden, c.group.hidden], [false, false]);
  yes.checked = false;
  no.checked = true;
  f.applyConditions(page);
  assert.deepEqual([b.group.hidden, c.group.hidden], [true, true], 'C hides with the question it depends on');
  assert.ok(errors.every((m) => m === ''), 'a hidden question loses its error');
});

test('CSV cells are quoted and formulas made inert', () => {
  assert.equal(f.cell('plain'), '"plain"');
  assert.equal(f.cell('say "hi"'), '"say ""hi"""');
  assert.equal(f.cell('=SUM(A1:A9)'), '"\'=SUM(A1:A9)"');
  for (const t of ['+1', '@x', '\tx', '-x']) assert.equal(f.cell(t), `"'${t}"`, t);
  assert.equal(f.cell('-12.5'), '"-12.5"', 'a negative number stays a number');
  assert.equal(f.cell(3), '"3"');
  const shown = question('text', 'Name', [box('Ann, "Jo"')]);
  const hidden = question('text', 'Hidden', [box('secret')]);
  hidden.group.hidden = true;
  assert.equal(f.csvText([shown, hidden]), '\ufeff"Name","Hidden"\r\n"Ann, ""Jo""",""\r\n');
});
