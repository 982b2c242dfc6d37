// Forms (forms.js on a rendered form), driven like a reader, on the probation
// pink slip: the script reveals its buttons and hides unmet conditional
// questions (chains included); "Check answers" on an empty form lists each
// problem in an error summary that takes focus and links to the field, marks
// fields aria-invalid and says so in the title; numbers and dates are checked;
// a filled form has no errors; "Save to a file" downloads JSON holding the
// answers; "Download as CSV" gives a header row and one row of answers
// (checkboxes joined with "; ", formulas made inert); "Clear form" asks first
// (dismiss keeps the answers, accept wipes them); "Open a saved form" restores
// every control (and asks before opening another form's file, refuses junk);
// Print and Print blank; print media hides the buttons. Local/session storage,
// IndexedDB and cookies stay empty throughout, and leaving with unsaved answers
// warns. From file:// and over http; fails on console errors, CSP violations or
// failed requests; axe-core (http: file:// pages' CSP refuses axe's stylesheet
// reads) audits the form initially and with errors shown. The other forms get
// a smoke test (buttons, errors linked). Without JavaScript every form shows
// every question and none of the script-only buttons.
//
// Downloads: the shared browser context refuses downloads, but Playwright still
// reports each one (file name, blob: URL); an init script keeps every Blob handed
// to URL.createObjectURL so the content of that URL can be read back.
import { makeRecorder, openSiteTab } from '../lib/interact.mjs';

const PAGE = 'forms/probation-pink-slip.html';
const OTHER_FORMS = ['forms/sentencer-pink-slip.html', 'forms/mhtr-referral.html'];
const FORM_ID = 'probation-pink-slip';
const ACTION_TIMEOUT = 5000;

/** Valid answers, as filled in below and as "Save to a file" must write them. */
const ANSWERS = {
  ref: 'MK/2024/0193',
  dob: '1990-04-12',
  offence: 'Theft "from a shop", second offence',
  'known-in-treatment': 'yes',
  'identified-by': ['OASys', 'Liaison and diversion'],
  'needs-found': ['Mental health'],
  suitable: 'yes',
  'in-psr': 'yes',
  'length-months': '12',
  'requirements-proposed': ['MHTR'],
  'court-decision': 'accepted',
  'completed-by': 'Court duty officer',
  signature: '=HYPERLINK("x")',
};

async function fillValid(page) {
  await page.fill('#fref', ANSWERS.ref);
  // The GOV.UK date input: day, month and year boxes, saved as one YYYY-MM-DD answer.
  await page.fill('#fdob', '12');
  await page.fill('#fdob--month', '4');
  await page.fill('#fdob--year', '1990');
  await page.fill('#foffence', ANSWERS.offence);
  await page.check('#fknown-in-treatment'); // Yes
  await page.check('#fidentified-by--2'); // OASys
  await page.check('#fidentified-by--4'); // Liaison and diversion
  await page.check('#fneeds-found'); // Mental health
  await page.check('#fsuitable'); // Yes
  await page.check('#fin-psr'); // Yes
  await page.fill('#flength-months', ANSWERS['length-months']);
  await page.check('#frequirements-proposed'); // MHTR
  await page.check('#fcourt-decision'); // Followed it
  await page.fill('#fcompleted-by', ANSWERS['completed-by']);
  await page.fill('#fsignature', ANSWERS.signature);
}

/**
 * Init script (runs before the page's own, outside its CSP): keeps every Blob
 * given to URL.createObjectURL by URL, and stubs window.print to record the
 * form's classes at the moment it is called.
 */
function instrument() {
  window.__wmBlobs = {};
  const create = URL.createObjectURL;
  URL.createObjectURL = function (obj) {
    const url = create.call(URL, obj);
    if (obj instanceof Blob) window.__wmBlobs[url] = obj;
    return url;
  };
  window.__wmPrinted = [];
  window.print = function () {
    const form = document.querySelector('form.wm-form');
    window.__wmPrinted.push(form ? form.className : '');
  };
}

const action = (name) => `[data-wm-action="${name}"]`;
const click = (page, name) => page.click(action(name));
/** Waits for the live status line to say `text`; throws a readable error if it never does. */
async function statusSays(page, text) {
  try {
    await page.waitForFunction((t) => (document.querySelector('.wm-form-status') || {}).textContent?.includes(t), text, { timeout: 3000 });
  } catch {
    const now = await page.evaluate(() => (document.querySelector('.wm-form-status') || {}).textContent).catch(() => null);
    throw new Error(`the status line never said "${text}" (it says ${JSON.stringify(now)})`);
  }
}

/** Clicks a download button; returns { name, type, text } (text keeps any BOM). */
async function download(page, name) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: ACTION_TIMEOUT }), click(page, name)]);
  const blob = await page.evaluate(async (u) => {
    const b = (window.__wmBlobs || {})[u];
    if (!b) return null;
    return { type: b.type, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await b.arrayBuffer()) };
  }, dl.url());
  if (!blob) throw new Error(`download ${dl.suggestedFilename()} (${dl.url()}) was not made from a Blob the page created`);
  return { name: dl.suggestedFilename(), ...blob };
}

/** Every control of the form: id → value (or checked), plus which questions are shown. */
const snapshot = (page) =>
  page.evaluate(() => {
    const form = document.querySelector('form.wm-form');
    const controls = {};
    for (const e of form.querySelectorAll('[data-wm-field] input, [data-wm-field] textarea, [data-wm-field] select')) {
      controls[e.id] = e.type === 'checkbox' || e.type === 'radio' ? e.checked : e.value;
    }
    const shown = Array.from(form.querySelectorAll('[data-wm-field]'), (g) => `${g.getAttribute('data-wm-field')}:${!g.hidden}`);
    return { controls, shown };
  });

/** Anything the page keeps in the browser: storage, IndexedDB, cookies. */
async function stored(page) {
  const inPage = await page.evaluate(async () => {
    const out = { localStorage: localStorage.length, sessionStorage: sessionStorage.length, cookie: document.cookie };
    if (indexedDB.databases) out.indexedDB = (await indexedDB.databases()).map((d) => d.name);
    return out;
  });
  const url = page.url();
  const cookies = url.startsWith('http') ? (await page.context().cookies(url)).map((c) => c.name) : [];
  const kept = [];
  if (inPage.localStorage) kept.push(`localStorage has ${inPage.localStorage} item(s)`);
  if (inPage.sessionStorage) kept.push(`sessionStorage has ${inPage.sessionStorage} item(s)`);
  if (inPage.cookie || cookies.length) kept.push(`cookies: ${inPage.cookie || cookies.join(', ')}`);
  if (inPage.indexedDB && inPage.indexedDB.length) kept.push(`IndexedDB: ${inPage.indexedDB.join(', ')}`);
  return kept;
}

/** The probation pink slip, start to finish, in one tab. */
async function probation(ctx, variantName, rec, { axe }) {
  const tab = await openSiteTab(ctx, variantName);
  const { page } = tab;
  page.setDefaultTimeout(ACTION_TIMEOUT);
  await page.addInitScript(instrument);
  const dialogs = [];
  let answer = true;
  page.on('dialog', async (d) => {
    dialogs.push({ type: d.type(), message: d.message() });
    if (d.type() === 'beforeunload' || answer) await d.accept().catch(() => {});
    else await d.dismiss().catch(() => {});
  });
  const visible = (sel) => page.isVisible(sel);
  const noStorage = async (where, when) => {
    const kept = await stored(page);
    rec.expect(!kept.length, where, `${when}, the browser keeps data: ${kept.join('; ')}`);
  };
  const V = `[${variantName}]`;
  try {
    let { problems, where } = await tab.open(PAGE);
    await rec.step(where, 'script reveals the buttons, hides unmet conditions', async () => {
      await noStorage(where, 'on opening the form');
      const buttons = await page.$$eval('[data-wm-js]', (els) => els.map((e) => e.getClientRects().length > 0));
      rec.expect(buttons.length >= 2 && buttons.every(Boolean), where, `script-only controls shown: ${JSON.stringify(buttons)} (expected toolbar and actions)`);
      for (const a of ['check', 'save', 'csv', 'print', 'print-blank', 'clear']) {
        rec.expect(await visible(action(a)), where, `the "${a}" button is not revealed by the script`);
      }
      rec.expect(await visible('label[for="f--open"]'), where, '"Open a saved form" is not revealed by the script');
      rec.expect(!(await visible('.wm-error-summary')), where, 'error summary shown before any check');
      for (const g of ['identified-by', 'in-psr', 'reasons-not', 'length-months', 'custody-weeks']) {
        rec.expect(!(await visible(`#f${g}--group`)), where, `conditional question "${g}" shown before its answer is given`);
      }
      if (axe) await rec.axe(where, page, 'form as opened');
    });

    await rec.step(where, 'conditional questions', async () => {
      await page.check('#fknown-in-treatment'); // Yes
      rec.expect(await visible('#fidentified-by--group'), where, '"Yes" to known-in-treatment does not reveal "Who identified the need?"');
      await page.check('#fknown-in-treatment--2'); // No
      rec.expect(!(await visible('#fidentified-by--group')), where, '"No" to known-in-treatment leaves "Who identified the need?" shown');
      // Chains: length depends on in-psr, which depends on suitable.
      await page.check('#fsuitable');
      rec.expect(await visible('#fin-psr--group'), where, '"Yes" to suitable does not reveal in-psr');
      rec.expect(!(await visible('#freasons-not--group')), where, '"Yes" to suitable shows reasons-not');
      await page.check('#fin-psr');
      rec.expect(await visible('#flength-months--group'), where, '"Yes" to in-psr does not reveal length-months');
      await page.check('#fsuitable--2');
      rec.expect(!(await visible('#fin-psr--group')), where, '"No" to suitable leaves in-psr shown');
      rec.expect(!(await visible('#flength-months--group')), where, 'hiding in-psr leaves its dependant length-months shown');
      rec.expect(await visible('#freasons-not--group'), where, '"No" to suitable does not reveal reasons-not');
      rec.expect(await visible('#freasons-not--cond'), where, 'the written condition of a revealed question is hidden');
    });
    rec.problems(where, problems);

    ({ problems, where } = await tab.open(PAGE));
    await rec.step(where, 'empty form: error summary', async () => {
      const title = await page.title();
      await click(page, 'check');
      if (!rec.expect(await visible('.wm-error-summary'), where, '"Check answers" on an empty form shows no error summary')) return;
      // Every shown question with a required control, in page order.
      const required = await page.$$eval('[data-wm-field]', (gs) => gs
        .filter((g) => !g.hidden && g.querySelector('[required]'))
        .map((g) => ({ href: `#${g.querySelector('input, select, textarea').id}`, label: g.getAttribute('data-wm-label') })));
      const links = await page.$$eval('.wm-error-summary a', (as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent })));
      rec.expect(required.length >= 3, where, `only ${required.length} required question(s) on the form`);
      rec.expect(JSON.stringify(links.map((l) => l.href)) === JSON.stringify(required.map((r) => r.href)), where,
        `error summary links ${links.map((l) => l.href).join(' ')}, expected one per required question: ${required.map((r) => r.href).join(' ')}`);
      for (const r of required) {
        const link = links.find((l) => l.href === r.href);
        const label = r.label.toLowerCase().replace(/\?$/, '');
        rec.expect(!link || link.text.toLowerCase().includes(label), where, `error for ${r.href} says "${link && link.text}", not naming "${r.label}"`);
      }
      const focused = await page.evaluate(() => document.activeElement && document.activeElement.classList.contains('wm-error-summary'));
      rec.expect(focused, where, 'the error summary does not take focus');
      // Each invalid field: aria-invalid, its message beside it, tied in with aria-describedby.
      for (const l of links) {
        const state = await page.evaluate((href) => {
          const input = document.getElementById(href.slice(1));
          if (!input) return null;
          const group = input.closest('[data-wm-field]');
          const error = group.querySelector('.wm-error-message');
          const choice = input.type === 'radio' || input.type === 'checkbox';
          const target = choice ? group.querySelector('fieldset') : input;
          return {
            invalid: Array.from(group.querySelectorAll('input, select, textarea'), (i) => i.getAttribute('aria-invalid')),
            message: error.hidden ? null : error.textContent,
            describedby: (target.getAttribute('aria-describedby') || '').split(' '),
            errorId: error.id,
          };
        }, l.href);
        if (!rec.expect(state, where, `error summary links to ${l.href}, which is not on the page`)) continue;
        rec.expect(state.invalid.every((v) => v === 'true'), where, `${l.href}: aria-invalid is ${JSON.stringify(state.invalid)}`);
        rec.expect(state.message === `Error: ${l.text}`, where, `${l.href}: message beside the field is "${state.message}", expected "Error: ${l.text}"`);
        rec.expect(state.describedby.includes(state.errorId), where, `${l.href}: aria-describedby "${state.describedby.join(' ')}" leaves out ${state.errorId}`);
      }
      rec.expect((await page.getAttribute('#fref', 'aria-describedby') || '').includes('fref--hint'), where, '#fref: the error pushed its hint out of aria-describedby');
      rec.expect((await page.getAttribute('#fdob', 'aria-invalid')) === null, where, 'optional empty #fdob is marked aria-invalid');
      rec.expect((await page.title()) === `Error: ${title}`, where, `title with errors is "${await page.title()}", expected "Error: ${title}"`);
    });
    if (axe) {
      await rec.step(where, 'axe with errors shown', async () => {
        await page.check('#fsuitable--2'); // shows more (optional) questions beside the errors
        await rec.axe(where, page, 'errors shown');
      });
    }
    await rec.step(where, 'error summary link moves focus to its field', async () => {
      const link = page.locator('.wm-error-summary a').nth(1);
      const href = await link.getAttribute('href');
      await link.click();
      const active = await page.evaluate(() => document.activeElement.id);
      rec.expect(`#${active}` === href, where, `error summary link ${href} moved focus to ${active ? `#${active}` : "an element without an id"}`);
    });
    await noStorage(where, 'after checking an empty form');

    await rec.step(where, 'numbers and dates are checked', async () => {
      await page.check('#fsuitable');
      await page.check('#fin-psr');
      await page.fill('#flength-months', '40');
      await click(page, 'check');
      const range = await page.textContent('#flength-months--error');
      rec.expect(/must be between 1 and 36$/.test(range), where, `length-months 40: error says "${range}"`);
      await page.fill('#flength-months', 'twelve');
      await click(page, 'check');
      const nan = await page.textContent('#flength-months--error');
      rec.expect(/must be a number$/.test(nan), where, `length-months "twelve": error says "${nan}"`);
      // Day, month and year boxes, with the GOV.UK messages.
      const dateError = async () => ((await visible('#fdob--error')) ? (await page.textContent('#fdob--error')).replace(/^Error: /, '') : '');
      const typeDate = async (d, m, y) => {
        await page.fill('#fdob', d);
        await page.fill('#fdob--month', m);
        await page.fill('#fdob--year', y);
        await click(page, 'check');
        return dateError();
      };
      let said = await typeDate('31', '2', '2001');
      rec.expect(/^Date of birth must be a real date$/.test(said), where, `date of birth 31/2/2001: error says "${said}"`);
      said = await typeDate('12', '', '1990');
      rec.expect(/^Date of birth must include a month$/.test(said), where, `date of birth without a month: error says "${said}"`);
      said = await typeDate('12', '4', '90');
      rec.expect(/^Year must include 4 numbers$/.test(said), where, `year "90": error says "${said}"`);
      said = await typeDate('29', '2', '2000');
      rec.expect(!said, where, `date of birth 29/2/2000 (a leap day) is refused: "${said}"`);
      rec.expect((await page.getAttribute('#fdob--group fieldset', 'role')) === 'group', where, 'the date boxes are not grouped in a fieldset with role=group');
      await typeDate('', '', '');
    });

    await rec.step(where, 'a filled form has no errors', async () => {
      await fillValid(page);
      await click(page, 'check');
      rec.expect(!(await visible('.wm-error-summary')), where, 'error summary still shown for a valid form');
      const invalid = await page.$$eval('[aria-invalid]', (els) => els.map((e) => e.id));
      rec.expect(!invalid.length, where, `valid form still has aria-invalid on ${invalid.join(', ')}`);
      rec.expect(!/Error/.test(await page.title()), where, `valid form's title is "${await page.title()}"`);
      await statusSays(page, 'No problems');
      await noStorage(where, 'with the form filled in');
    });

    let saved = null;
    await rec.step(where, 'Save to a file', async () => {
      const file = await download(page, 'save');
      rec.expect(new RegExp(`^${FORM_ID}-\\d{4}-\\d\\d-\\d\\d-\\d{4}\\.json$`).test(file.name), where, `saved file is named "${file.name}"`);
      rec.expect(file.type === 'application/json', where, `saved file has type "${file.type}"`);
      const data = JSON.parse(file.text);
      rec.expect(data.form === FORM_ID, where, `saved file says form "${data.form}"`);
      const version = await page.getAttribute('form.wm-form', 'data-wm-form-version');
      rec.expect((data.version ?? null) === version, where, `saved file says version ${data.version}, form is version ${version}`);
      rec.expect(!Number.isNaN(Date.parse(data.saved_at)), where, `saved_at "${data.saved_at}" is not a date`);
      const answers = data.answers || {};
      for (const [k, v] of Object.entries(ANSWERS)) {
        rec.expect(JSON.stringify(answers[k]) === JSON.stringify(v), where, `saved answer "${k}" is ${JSON.stringify(answers[k])}, expected ${JSON.stringify(v)}`);
      }
      const fields = await page.$$eval('[data-wm-field]', (gs) => gs.map((g) => g.getAttribute('data-wm-field')));
      const missing = fields.filter((f) => !(f in answers));
      rec.expect(!missing.length, where, `saved file leaves out ${missing.join(', ')}`);
      saved = { name: file.name, text: file.text };
      await statusSays(page, 'Saved to a file');
      await noStorage(where, 'after saving');
    });

    await rec.step(where, 'Download as CSV', async () => {
      const file = await download(page, 'csv');
      rec.expect(new RegExp(`^${FORM_ID}-\\d{4}-\\d\\d-\\d\\d-\\d{4}\\.csv$`).test(file.name), where, `CSV file is named "${file.name}"`);
      rec.expect(/^text\/csv/.test(file.type), where, `CSV file has type "${file.type}"`);
      rec.expect(file.text.startsWith('\ufeff'), where, 'CSV has no byte-order mark (spreadsheets would misread UTF-8)');
      const lines = file.text.replace(/^\ufeff/, '').split('\r\n');
      if (!rec.expect(lines.length === 3 && lines[2] === '', where, `CSV has ${lines.length} CRLF-separated part(s), expected a header, one row and a final CRLF`)) return;
      const [header, row] = lines;
      const nFields = await page.locator('[data-wm-field]').count();
      const cells = (line) => line.slice(1, -1).split('","');
      rec.expect(cells(header).length === nFields && cells(row).length === nFields, where,
        `CSV has ${cells(header).length} header and ${cells(row).length} row cells for ${nFields} questions`);
      rec.expect(header.startsWith('"Case reference","Date of birth","Offence","Date of sentencing",'), where, `CSV header starts "${header.slice(0, 80)}"`);
      rec.expect(row.startsWith('"MK/2024/0193","1990-04-12","Theft ""from a shop"", second offence","",'), where, `CSV row starts "${row.slice(0, 80)}"`);
      rec.expect(row.includes('"OASys; Liaison and diversion"'), where, `CSV row does not join the ticked boxes with "; ": ${row}`);
      rec.expect(row.includes('"Followed it"'), where, `CSV row does not give the chosen option's label ("Followed it"): ${row}`);
      rec.expect(row.includes(`"'=HYPERLINK(""x"")"`), where, `CSV row does not make the formula inert: ${row}`);
      await statusSays(page, 'Downloaded as CSV');
    });

    let filled = null;
    await rec.step(where, 'Clear form', async () => {
      filled = await snapshot(page);
      answer = false;
      dialogs.length = 0;
      await click(page, 'clear');
      rec.expect(dialogs.length === 1 && dialogs[0].type === 'confirm', where, `"Clear form" asked ${JSON.stringify(dialogs)} (expected one confirm)`);
      const kept = await snapshot(page);
      rec.expect(JSON.stringify(kept) === JSON.stringify(filled), where, 'dismissing "Clear form" changed the answers');
      answer = true;
      await click(page, 'clear');
      rec.expect(dialogs.length === 2 && /Clear every answer/.test(dialogs[1].message), where, `"Clear form" confirm says "${dialogs[1] && dialogs[1].message}"`);
      const after = await snapshot(page);
      const left = Object.entries(after.controls).filter(([, v]) => v !== '' && v !== false).map(([k]) => k);
      rec.expect(!left.length, where, `after "Clear form", still answered: ${left.join(', ')}`);
      rec.expect(!(await visible('#fidentified-by--group')) && !(await visible('#fin-psr--group')), where, 'after "Clear form", conditional questions still shown');
      await statusSays(page, 'cleared');
      await noStorage(where, 'after clearing');
    });

    await rec.step(where, 'Open a saved form', async () => {
      if (!rec.expect(saved && filled, where, 'nothing saved to open')) return;
      await page.setInputFiles('#f--open', { name: saved.name, mimeType: 'application/json', buffer: Buffer.from(saved.text) });
      await statusSays(page, 'Opened the saved form');
      const restored = await snapshot(page);
      const wrong = Object.keys(filled.controls).filter((k) => restored.controls[k] !== filled.controls[k]);
      rec.expect(!wrong.length, where, `opening the saved file did not restore ${wrong.map((k) => `#${k} (${JSON.stringify(restored.controls[k])}, saved ${JSON.stringify(filled.controls[k])})`).join(', ')}`);
      rec.expect(JSON.stringify(restored.shown) === JSON.stringify(filled.shown), where, 'opening the saved file shows different conditional questions than when it was saved');
      rec.expect(await visible('#flength-months--group'), where, 'restored answers do not reveal length-months');
      await noStorage(where, 'after opening a saved file');

      // Another form's file asks first; junk is refused.
      answer = false;
      dialogs.length = 0;
      await page.setInputFiles('#f--open', { name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ form: 'sentencer-pink-slip', saved_at: 'x', answers: { ref: 'OTHER' } })) });
      await statusSays(page, 'not opened');
      rec.expect(dialogs.length === 1 && /different form/.test(dialogs[0].message), where, `another form's file: asked ${JSON.stringify(dialogs)}`);
      rec.expect((await page.inputValue('#fref')) === ANSWERS.ref, where, 'declining to open another form\'s file still changed the answers');
      await page.setInputFiles('#f--open', { name: 'junk.json', mimeType: 'application/json', buffer: Buffer.from('<script>alert(1)</script>') });
      await statusSays(page, 'not a saved form');
      rec.expect((await page.inputValue('#fref')) === ANSWERS.ref, where, 'a junk file changed the answers');
      answer = true;
    });

    await rec.step(where, 'Print, Print blank, print media', async () => {
      await page.evaluate(() => { window.__wmPrinted = []; });
      await click(page, 'print');
      await click(page, 'print-blank');
      const printed = await page.evaluate(() => window.__wmPrinted);
      rec.expect(printed.length === 2, where, `"Print" and "Print blank" called window.print ${printed.length} time(s)`);
      rec.expect(printed[0] !== undefined && !printed[0].includes('wm-print-blank'), where, `"Print" printed the form as "${printed[0]}"`);
      rec.expect(printed[1] !== undefined && printed[1].includes('wm-print-blank'), where, `"Print blank" printed the form as "${printed[1]}"`);
      await page.waitForFunction(() => !document.querySelector('form.wm-form').classList.contains('wm-print-blank'), null, { timeout: 3000 })
        .catch(() => rec.fail(where, '"Print blank" leaves the form blank after printing'));
      await click(page, 'check'); // no errors now; show some to see they do not print
      await page.fill('#fref', '');
      await click(page, 'check');
      await page.emulateMedia({ media: 'print' });
      const shown = await page.$$eval('[data-wm-js], .wm-error-summary, .wm-error-message, .wm-form-status', (els) =>
        els.filter((e) => e.getClientRects().length > 0).map((e) => e.className || e.tagName));
      rec.expect(!shown.length, where, `printed, still shown: ${shown.join(', ')}`);
      rec.expect(await visible('#fref'), where, 'printed, the questions are not shown');
      await page.evaluate(() => document.querySelector('form.wm-form').classList.add('wm-print-blank'));
      const hidden = await page.$$eval('[data-wm-field]', (gs) => gs.filter((g) => g.getClientRects().length === 0).map((g) => g.id));
      rec.expect(!hidden.length, where, `printed blank, questions not shown: ${hidden.join(', ')}`);
      await page.evaluate(() => document.querySelector('form.wm-form').classList.remove('wm-print-blank'));
      await page.emulateMedia({ media: null });
    });

    await rec.step(where, 'leaving with unsaved answers warns', async () => {
      dialogs.length = 0;
      await page.fill('#fref', 'unsaved');
      await page.reload();
      rec.expect(dialogs.some((d) => d.type === 'beforeunload'), where, 'reloading with unsaved answers gave no "leave page?" warning');
      await noStorage(where, 'after reloading');
    });
    rec.problems(where, problems);
  } catch (err) {
    rec.fail(`${V} ${PAGE}`, String(err.message || err).split('\n')[0]);
  } finally {
    await tab.close();
  }
}

/** The other forms: buttons revealed, errors linked to fields, no console errors. */
async function smoke(ctx, variantName, rec, { axe }) {
  const tab = await openSiteTab(ctx, variantName);
  const { page } = tab;
  page.setDefaultTimeout(ACTION_TIMEOUT);
  try {
    for (const rel of OTHER_FORMS) {
      const { problems, where } = await tab.open(rel);
      await rec.step(where, 'smoke', async () => {
        const buttons = await page.$$eval('[data-wm-js]', (els) => els.map((e) => e.getClientRects().length > 0));
        rec.expect(buttons.length >= 2 && buttons.every(Boolean), where, `script-only controls shown: ${JSON.stringify(buttons)}`);
        await click(page, 'check');
        const links = await page.$$eval('.wm-error-summary a', (as) => as.map((a) => a.getAttribute('href')));
        rec.expect(links.length > 0 && (await page.isVisible('.wm-error-summary')), where, 'an empty form shows no error summary');
        const bad = await page.evaluate((hs) => hs.filter((h) => {
          const el = document.getElementById(h.slice(1));
          return !el || el.getAttribute('aria-invalid') !== 'true';
        }), links);
        rec.expect(!bad.length, where, `error summary links to missing or valid fields: ${bad.join(', ')}`);
        if (axe) await rec.axe(where, page, 'errors shown');
      });
      rec.problems(where, problems);
    }
  } finally {
    await tab.close();
  }
}

/** Without JavaScript: every question, with its condition written out, and no script-only controls. */
async function withoutJs(ctx, rec) {
  const browser = await ctx.browser();
  const variant = await ctx.variant('file');
  const page = await browser.newPage();
  try {
    // What Playwright's javaScriptEnabled:false does, for this tab only (as in checks/search.mjs).
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    for (const rel of [PAGE, ...OTHER_FORMS]) {
      const where = `[file, no JS] ${rel}`;
      await rec.step(where, 'no JavaScript', async () => {
        await page.goto(new URL(rel, variant.rootUrl).href);
        const state = await page.evaluate(() => {
          const shown = (e) => e.getClientRects().length > 0;
          const form = document.querySelector('form.wm-form');
          return {
            scripted: !!form && form.classList.contains('wm-form--js'),
            groups: Array.from(document.querySelectorAll('[data-wm-field]'), (g) => ({ id: g.id, shown: shown(g) })),
            conditions: Array.from(document.querySelectorAll('.wm-condition'), (c) => ({ id: c.id, shown: shown(c) })),
            scriptOnly: Array.from(document.querySelectorAll('[data-wm-js], [data-wm-action], .wm-error-summary'), (e) => ({ id: e.id || e.className, shown: shown(e) })),
          };
        }).catch(() => null);
        // Scripts off, page.evaluate still works (it runs through DevTools).
        if (!rec.expect(state, where, 'could not read the page')) return;
        rec.expect(!state.scripted, where, 'forms.js ran although JavaScript is off');
        rec.expect(state.groups.length > 3, where, `only ${state.groups.length} question(s) on the page`);
        const hidden = state.groups.filter((g) => !g.shown).map((g) => g.id);
        rec.expect(!hidden.length, where, `without JavaScript, questions hidden: ${hidden.join(', ')}`);
        rec.expect(state.conditions.length > 0, where, 'no conditional question has its condition written out');
        const noCond = state.conditions.filter((c) => !c.shown).map((c) => c.id);
        rec.expect(!noCond.length, where, `without JavaScript, written conditions hidden: ${noCond.join(', ')}`);
        const extra = state.scriptOnly.filter((e) => e.shown).map((e) => e.id);
        rec.expect(!extra.length, where, `without JavaScript, script-only controls shown: ${extra.join(', ')}`);
      });
    }
  } finally {
    await page.close().catch(() => {});
  }
}

export default {
  name: 'forms',
  order: 60,
  description: 'forms.js on the probation pink slip: conditions, errors, save/open/CSV/clear/print, no storage; other forms smoke; no-JS (file:// and http)',
  async run(ctx) {
    const rec = makeRecorder();
    for (const [variant, axe] of [['file', false], ['http', true]]) {
      // axe-core reads stylesheets with requests that file:// pages' CSP refuses, so audit over http.
      await probation(ctx, variant, rec, { axe });
      await smoke(ctx, variant, rec, { axe });
    }
    await withoutJs(ctx, rec);
    for (const n of new Set(rec.notes)) ctx.note(n);
    return rec.failures;
  },
};
