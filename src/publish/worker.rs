//! The offline worker (`sw.js`) and what pages learn about it
//! (`assets/offline-info.js`), both written by the build.
//!
//! `sw.js` sits at the site's root so that its scope is the whole site,
//! whatever sub-path the site is served under; pages register it with a
//! relative URL (`themes/default/static/offline.js`, only over http or
//! https). Its cache is named after the build id (a hash of every file), so
//! a new build means a new worker: it fetches every file into a new cache,
//! and only when all are stored does it take over, delete the old cache and
//! tell open pages. A failed download leaves the old worker and its cache
//! untouched, so a reader never gets a mix of two builds.

use crate::date::Date;

use super::manifest::Files;
use crate::config::KeepMode;

/// The worker, at the site's root.
pub const WORKER_FILE: &str = "sw.js";
/// Build id, date, size and mode for the page's offline panel.
pub const INFO_FILE: &str = "assets/offline-info.js";

/// Everything pages need to show the offline panel.
pub struct Info<'a> {
    pub build: &'a str,
    pub built: Date,
    /// Bytes the worker will store (every cached file).
    pub bytes: u64,
    pub files: usize,
    pub mode: KeepMode,
}

pub fn info_script(info: &Info) -> String {
    let value = serde_json::json!({
        "build": info.build,
        "built": info.built.iso(),
        "builtText": info.built.long(),
        "bytes": info.bytes,
        "sizeText": super::size_text(info.bytes),
        "files": info.files,
        "mode": info.mode.as_str(),
        "worker": super::worker::WORKER_FILE,
    });
    format!(
        "// Written by `waymark build`: what this copy of the site is, for the offline panel.\nwindow.WaymarkOffline = {value};\n"
    )
}

/// The worker's script: `files` are the paths it caches.
pub fn worker_script(build: &str, built: Date, files: &Files) -> String {
    let list: Vec<&str> = files.keys().map(String::as_str).collect();
    let list = serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
    let bytes: u64 = files.values().map(|f| f.size).sum();
    WORKER_TEMPLATE
        .replace("__BUILD__", build)
        .replace("__BUILT__", &built.iso())
        .replace("__BYTES__", &bytes.to_string())
        .replace("__FILES__", &list)
}

const WORKER_TEMPLATE: &str = r#"// Waymark's offline worker, written by `waymark build`: do not edit.
// Keeps every file of one build in one cache, named after the build, so pages
// open and search with no connection. A new build installs a new cache in
// full before it takes over; the old one is deleted only then.
'use strict';
var BUILD = '__BUILD__';
var BUILT = '__BUILT__';
var BYTES = __BYTES__;
var FILES = __FILES__;
var SCOPE = new URL('./', self.location.href).href;
var PREFIX = 'waymark:' + new URL(SCOPE).pathname + ':';
var CACHE = PREFIX + BUILD;
var DONE = SCOPE + '__waymark-offline.json';
var AT_ONCE = 8;

function tell(message) {
  return self.clients.matchAll({ includeUncontrolled: true, type: 'window' }).then(function (clients) {
    clients.forEach(function (client) { client.postMessage(message); });
  });
}

function urlOf(path) {
  return SCOPE + path.split('/').map(encodeURIComponent).join('/');
}

// Fetches every file into this build's cache; the DONE entry is written last,
// so a cache without it is incomplete and is never used.
function fill() {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(DONE).then(function (done) {
      if (done) { return; }
      var next = 0;
      var stored = 0;
      function worker() {
        if (next >= FILES.length) { return Promise.resolve(); }
        var url = urlOf(FILES[next++]);
        return fetch(new Request(url, { cache: 'no-cache', credentials: 'same-origin' })).then(function (response) {
          if (!response.ok) { throw new Error('could not fetch ' + url + ': ' + response.status); }
          return cache.put(url, response);
        }).then(function () {
          stored += 1;
          if (stored % 50 === 0) { tell({ waymark: 'progress', build: BUILD, stored: stored, total: FILES.length }); }
          return worker();
        });
      }
      var workers = [];
      for (var i = 0; i < AT_ONCE; i++) { workers.push(worker()); }
      return Promise.all(workers).then(function () {
        var record = { build: BUILD, built: BUILT, bytes: BYTES, files: FILES.length, saved: new Date().toISOString() };
        return cache.put(DONE, new Response(JSON.stringify(record), { headers: { 'content-type': 'application/json' } }));
      });
    });
  }).catch(function (error) {
    return caches.delete(CACHE).then(function () { throw error; });
  });
}

self.addEventListener('install', function (event) {
  event.waitUntil(fill());
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf(PREFIX) === 0 && key !== CACHE;
    }).map(function (key) { return caches.delete(key); }));
  }).then(function () {
    return self.clients.claim();
  }).then(function () {
    return tell({ waymark: 'kept', build: BUILD });
  }));
});

self.addEventListener('message', function (event) {
  var data = event.data || {};
  if (data.waymark === 'activate') { self.skipWaiting(); }
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') { return; }
  var url = new URL(request.url);
  var key = url.origin + url.pathname;
  if (key.indexOf(SCOPE) !== 0) { return; }
  if (key.charAt(key.length - 1) === '/') { key += 'index.html'; }
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(key).then(function (hit) {
      if (hit) { return hit; }
      return fetch(request).catch(function (error) {
        if (request.mode !== 'navigate') { throw error; }
        return cache.match(SCOPE + '404.html').then(function (page) {
          if (page) { return page; }
          throw error;
        });
      });
    });
  }));
});
"#;
