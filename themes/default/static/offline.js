// Keeping the site on this device (a service worker). Only over http or
// https: from file:// (a folder, a stick, an unzipped copy) nothing is
// registered, and nothing runs under `waymark serve`, whose pages reload live.
// The worker (sw.js, written by the build) caches every file of one build;
// assets/offline-info.js says which build this page is and how big it is.
(function () {
  'use strict';
  var protocol = window.location.protocol;
  if (protocol !== 'http:' && protocol !== 'https:') { return; }
  if (!('serviceWorker' in navigator) || !window.caches || !window.Promise) { return; }
  if (document.querySelector('script[src^="/__waymark/"]')) { return; }
  var panel = document.querySelector('[data-wm-offline]');
  var root = document.documentElement.getAttribute('data-root') || '';
  var scope = new URL(root || './', window.location.href).href;
  var prefix = 'waymark:' + new URL(scope).pathname + ':';
  var info = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function when(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return iso; }
    var months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return d.getDate() + ' ' + months[d.getMonth()] + ' ' + d.getFullYear() + ' at ' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  // The complete cache of this site kept on this device, if any:
  // resolves to the record the worker stored last ({build, built, saved, ...}).
  function kept() {
    return caches.keys().then(function (keys) {
      var mine = keys.filter(function (k) { return k.indexOf(prefix) === 0; });
      return Promise.all(mine.map(function (k) {
        return caches.open(k).then(function (c) { return c.match(scope + '__waymark-offline.json'); })
          .then(function (r) { return r ? r.json() : null; });
      })).then(function (records) {
        return records.filter(Boolean).sort(function (a, b) { return a.saved < b.saved ? 1 : -1; })[0] || null;
      });
    });
  }

  var status = panel ? el('p', { role: 'status', 'class': 'wm-offline__status' }) : null;
  var actions = panel ? el('p', { 'class': 'wm-offline__actions' }) : null;

  function say(text) { if (status) { status.textContent = text; } }

  function show() {
    if (!panel) { return Promise.resolve(); }
    return kept().then(function (record) {
      actions.textContent = '';
      if (record) {
        say('This guidance is kept on this device, so you can read and search it with no connection. ' +
          'Version built on ' + (info && record.build === info.build ? info.builtText : record.built) +
          ' (' + record.build + '), saved on ' + when(record.saved) + '.');
        var remove = el('button', { type: 'button', 'class': 'wm-button wm-button--secondary', 'data-wm-offline-remove': '' }, 'Remove it from this device');
        remove.addEventListener('click', removeAll);
        actions.appendChild(remove);
      } else if (info && info.mode === 'button') {
        say('Keep this guidance on this device to read and search it when you have no connection. It uses ' + info.sizeText + '.');
        var keep = el('button', { type: 'button', 'class': 'wm-button', 'data-wm-offline-keep': '' }, 'Keep this guidance on this device (' + info.sizeText + ')');
        keep.addEventListener('click', function () {
          keep.disabled = true;
          register(false);
        });
        actions.appendChild(keep);
      } else {
        say('Saving this guidance on this device (' + info.sizeText + ') so you can read and search it with no connection…');
      }
    });
  }

  function removeAll() {
    navigator.serviceWorker.getRegistration(scope).then(function (reg) {
      return reg ? reg.unregister() : false;
    }).then(function () {
      return caches.keys();
    }).then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k.indexOf(prefix) === 0; }).map(function (k) { return caches.delete(k); }));
    }).then(function () {
      if (info) { info.mode = 'button'; }
      return show();
    }).then(function () {
      say('Removed from this device. ' + status.textContent);
    });
  }

  // A newer build has been fully stored and waits for this page to let it in.
  function offerUpdate(worker) {
    if (document.querySelector('[data-wm-offline-update]')) { return; }
    var box = el('div', { 'class': 'wm-offline__update', 'data-wm-offline-update': '', role: 'status' });
    box.appendChild(el('p', {}, 'A newer version of this guidance has been saved on this device.'));
    var use = el('button', { type: 'button', 'class': 'wm-button' }, 'Show the newer version');
    use.addEventListener('click', function () { worker.postMessage({ waymark: 'activate' }); });
    box.appendChild(use);
    var main = document.getElementById('main-content');
    (main || document.body).insertBefore(box, main ? main.firstChild : null);
  }

  function track(worker) {
    worker.addEventListener('statechange', function () {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) { offerUpdate(worker); }
      if (worker.state === 'activated' || worker.state === 'redundant') { show(); }
    });
  }

  function watch(reg) {
    if (reg.waiting && navigator.serviceWorker.controller) { offerUpdate(reg.waiting); }
    if (reg.installing) { track(reg.installing); }
    reg.addEventListener('updatefound', function () {
      if (reg.installing) { track(reg.installing); }
    });
  }

  function register(quiet) {
    if (!quiet) { say('Saving this guidance on this device (' + info.sizeText + ')…'); }
    return navigator.serviceWorker.register(root + info.worker).then(watch).catch(function (err) {
      say('This guidance could not be kept on this device: ' + (err && err.message ? err.message : err));
    });
  }

  var hadController = !!navigator.serviceWorker.controller;
  var reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', function () {
    // The first worker taking over changes nothing on the page; a newer build
    // taking over means this page is from the old one: show the new one.
    if (hadController && !reloading) {
      reloading = true;
      window.location.reload();
    }
    hadController = true;
  });
  navigator.serviceWorker.addEventListener('message', function (event) {
    var data = event.data || {};
    if (data.waymark === 'progress') {
      say('Saving this guidance on this device: ' + data.stored + ' of ' + data.total + ' files…');
    } else if (data.waymark === 'kept') {
      show();
    }
  });

  if (navigator.serviceWorker.startMessages) { navigator.serviceWorker.startMessages(); }

  function start() {
    info = window.WaymarkOffline || null;
    if (!info || info.mode === 'off') { return; }
    if (panel) {
      panel.appendChild(status);
      panel.appendChild(actions);
      panel.hidden = false;
    }
    navigator.serviceWorker.getRegistration(scope).then(function (reg) {
      if (reg || info.mode === 'auto') {
        // Registering again is how the browser checks for a newer build.
        return show().then(function () { return register(true); }).then(show);
      }
      return show();
    });
  }

  var script = document.createElement('script');
  script.src = root + 'assets/offline-info.js';
  script.onload = start;
  document.head.appendChild(script);
})();
