/* Waymark: recording a steering group's decisions from a site's agenda page.
 *
 * The form on embedding/<site>.html collects, for each change awaiting
 * confirmation, the meeting's decision, date, deciding body and evidence, and
 * saves them to a JSON file the secretary keeps (the same way forms.js saves
 * answers: a Blob download, never browser storage, since on file:// every
 * local page shares it). `waymark confirm --site ID --from FILE` checks the
 * file and adds it to the site's embedding.yaml. The file:
 *
 *   { "format": "waymark-confirmations", "version": 1, "site": ID,
 *     "saved_at": ISO time, "confirmations": [ { "change", "status", "date",
 *     "by", "evidence" } ] }
 *
 * Classic script, no modules or fetch: it must work from file://.
 *
 * The theme keeps it in parts: this one, joined at build (theme.rs, inside
 * one function) after the download helper it shares with forms.js.
 */
function each(list, fn) { Array.prototype.forEach.call(list, fn); }

function setup(form) {
  var site = form.getAttribute('data-wm-confirm');
  var status = form.querySelector('[data-wm-confirm-status]');
  var summary = document.getElementById('wm-confirm-errors');
  var list = summary.querySelector('ul');

  function value(id) {
    var el = document.getElementById(id);
    return el ? el.value.trim() : '';
  }

  function say(text) { status.textContent = text; }

  /* Every decision chosen, and what is missing for any of them. */
  function collect() {
    var errors = [];
    var decisions = [];
    var meetingDate = value('wm-confirm-date');
    var meetingBy = value('wm-confirm-by');
    each(form.querySelectorAll('[data-wm-change]'), function (item) {
      var f = 'wm-c-' + item.getAttribute('data-wm-anchor');
      var title = item.getAttribute('data-wm-title');
      var chosen = item.querySelector('input[type="radio"]:checked');
      if (!chosen || !chosen.value) { return; }
      var date = value(f + '-date') || meetingDate;
      var by = value(f + '-by') || meetingBy;
      var evidence = value(f + '-evidence');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
        errors.push({ id: value(f + '-date') ? f + '-date' : 'wm-confirm-date', text: 'Enter the date of the decision on ' + title });
      }
      if (!by) {
        errors.push({ id: 'wm-confirm-by', text: 'Enter who decided ' + title + ' (a group or role)' });
      }
      if (!evidence) {
        errors.push({ id: f + '-evidence', text: 'Enter the evidence for the decision on ' + title });
      }
      decisions.push({ change: item.getAttribute('data-wm-change'), status: chosen.value, date: date, by: by, evidence: evidence });
    });
    if (!decisions.length && !errors.length) {
      var first = form.querySelector('[data-wm-change] input[type="radio"]:not([value=""])');
      errors.push({ id: first ? first.id : 'wm-confirm-date', text: 'Choose a decision for at least one change' });
    }
    return { errors: errors, decisions: decisions };
  }

  function showErrors(errors) {
    each(form.querySelectorAll('[aria-invalid]'), function (el) { el.removeAttribute('aria-invalid'); });
    list.textContent = '';
    errors.forEach(function (e) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '#' + e.id;
      a.textContent = e.text;
      li.appendChild(a);
      list.appendChild(li);
      var field = document.getElementById(e.id);
      if (field && field.type !== 'radio') { field.setAttribute('aria-invalid', 'true'); }
    });
    summary.hidden = !errors.length;
    if (errors.length) { summary.focus(); }
  }

  function stamp() {
    var d = new Date();
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate());
  }

  function save() {
    var found = collect();
    showErrors(found.errors);
    if (found.errors.length) {
      say('Not saved: ' + found.errors.length + (found.errors.length === 1 ? ' problem' : ' problems') + ' to fix.');
      return;
    }
    var data = {
      format: 'waymark-confirmations',
      version: 1,
      site: site,
      saved_at: new Date().toISOString(),
      confirmations: found.decisions
    };
    download(JSON.stringify(data, null, 2) + '\n', 'application/json', 'confirmations-' + site + '-' + stamp() + '.json');
    var n = found.decisions.length;
    say('Saved ' + n + (n === 1 ? ' decision' : ' decisions') + ' to a file in your downloads. Keep it and pass it on to be recorded.');
  }

  form.addEventListener('click', function (event) {
    if (event.target.closest && event.target.closest('[data-wm-confirm-save]')) { save(); }
  });
  form.addEventListener('submit', function (event) { event.preventDefault(); save(); });
  form.hidden = false;
}

each(document.querySelectorAll('form[data-wm-confirm]'), setup);
