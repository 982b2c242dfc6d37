/* Waymark offline search. Classic script, no dependencies (works from file://
 * under a strict CSP: no eval, no inline script or style, no innerHTML).
 * The index (written by the Rust `search` module) is a set of classic scripts
 * under {root}search/ that call window.__wmSearch.* when loaded; we load them
 * on demand by inserting <script src> elements. See the Rust module docs for
 * the file layout. Text analysis here must match the Rust side exactly:
 * lower-case, fold accents, drop apostrophes, split on non-alphanumerics,
 * drop the manifest's stop words, Porter2-stem words that are plain ASCII
 * letters.
 *
 * The theme keeps it in parts (static/parts/search/, joined into one
 * search.js at build, inside one function, by theme.rs): this one holds what
 * every other part uses: the object the index's files call, the site root
 * and the text analysis of text.js. */
var W = window.__wmSearch = window.__wmSearch || {};
var ROOT = (function () {
  // data-root is "" on pages at the top of the site, so test for the
  // attribute, not for a truthy value.
  var holders = [document.getElementById('wm-search-page'), document.documentElement, document.body];
  for (var i = 0; i < holders.length; i++) {
    if (holders[i] && holders[i].hasAttribute('data-root')) return holders[i].getAttribute('data-root');
  }
  var s = document.currentScript && document.currentScript.getAttribute('src');
  return s ? s.replace(/(assets|static)\/search\.js.*$/, '') : '';
})();
var T = window.__wmSearchText, words = T.words, stemWord = T.stemWord;
var WORD = /[\p{Alphabetic}\p{N}'\u2019]+/gu;
