// Starts the search boxes and the results page once the page is read.
function init() {
  Array.prototype.forEach.call(document.querySelectorAll('form.wm-search'), combobox);
  var page = document.getElementById('wm-search-page');
  if (page) resultsPage(page);
}
W.stem = stemWord; // exposed for tests (agreement with the Rust side)
W.words = words;
W.decode = decode;
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
